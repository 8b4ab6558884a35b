/* my_number.c — finding a 個人番号 (My Number) so that it can be refused.
 *
 * The screen reads text as a person reading the printed form would: the
 * text is folded (NFKC by libunistring, digits of every script, kanji
 * numerals, separators ignored) before 12-digit numbers are looked for.
 * my_number.h states the rule; doc/card-data.md explains it to users. */
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <uninorm.h>

#include "core/core.h"
#include "core/my_number.h"
#include "input/utf8.h"

int mf_my_number_check_digit(const char d[11]) {
  int sum = 0;
  for (int n = 1; n <= 11; n++) {
    char c = d[11 - n];
    if (c < '0' || c > '9') return -1;
    int q = n <= 6 ? n + 1 : n - 5;
    sum += (c - '0') * q;
  }
  int r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}

bool mf_my_number_valid(const char d[12]) {
  if (d[11] < '0' || d[11] > '9') return false;
  int c = mf_my_number_check_digit(d);
  return c >= 0 && c == d[11] - '0';
}

/* ------------------------------------------------------------------ fold */

/* What a folded code point is to a reader looking for a number. */
enum { C_OTHER = -1, C_SEP = -2 }; /* ≥ 0: a digit of that value */

/* Kanji numerals written as digits (二〇二三): 〇 零 一 二 三 四 五 六 七 八 九,
 * and the 大字 壱 弐 参 used on forms.  十 百 千 make a number with place
 * values, not a digit string, so they end a chain. */
static int kanji_digit(uint32_t cp) {
  static const struct {
    uint32_t cp;
    int v;
  } k[] = {
      {0x3007, 0}, {0x96F6, 0}, {0x4E00, 1}, {0x4E8C, 2}, {0x4E09, 3},
      {0x56DB, 4}, {0x4E94, 5}, {0x516D, 6}, {0x4E03, 7}, {0x516B, 8},
      {0x4E5D, 9}, {0x58F1, 1}, {0x5F10, 2}, {0x53C2, 3},
  };
  for (size_t i = 0; i < MF_ARRAY_LEN(k); i++)
    if (k[i].cp == cp) return k[i].v;
  return -1;
}

/* Punctuation a reader skips inside a digit string, beyond the classes
 * that uc_is_* tests: 長音, the middle dots and the slashes. */
static bool sep_punct(uint32_t cp) {
  switch (cp) {
    case '.': case '/': case 0x00B7: case 0x0387: case 0x2022: case 0x2024:
    case 0x2027: case 0x2044: case 0x2215: case 0x2219: case 0x22C5:
    case 0x2796: case 0x30FB: case 0x30FC: case 0xFF65: case 0xFF70:
      return true;
    default:
      return false;
  }
}

static int classify(uint32_t cp) {
  if (cp < 0x80) {
    if (cp >= '0' && cp <= '9') return (int)(cp - '0');
    if (cp == ' ' || cp == '-' || cp == '_' || cp == '.' || cp == '/' || cp < 0x20 ||
        cp == 0x7F)
      return C_SEP;
    return C_OTHER;
  }
  /* the scripts of names and addresses first, without table look-ups:
   * kana (but ・ ー), and the unified ideographs (but the numerals) */
  if ((cp >= 0x3041 && cp <= 0x30FA) || (cp >= 0x30FD && cp <= 0x30FF))
    return C_OTHER;
  int d = kanji_digit(cp);
  if (d >= 0) return d;
  if (cp >= 0x4E00 && cp <= 0x9FFF) return C_OTHER;
  d = uc_decimal_value(cp);
  if (d >= 0) return d;
  if (sep_punct(cp) || uc_is_property_white_space(cp) ||
      uc_is_property_dash(cp) ||
      uc_is_property_default_ignorable_code_point(cp) ||
      uc_is_general_category(
          cp, uc_general_category_or(
                  uc_general_category_or(UC_CATEGORY_Pd, UC_CATEGORY_Pc),
                  uc_general_category_or(
                      uc_general_category_or(UC_CATEGORY_Cf, UC_CATEGORY_Cc),
                      uc_general_category_or(UC_CATEGORY_Mn,
                                             UC_CATEGORY_Me)))))
    return C_SEP;
  return C_OTHER;
}

/* Whether NFKC leaves cp as it is, whatever surrounds it, for the scripts
 * of names and addresses (a fast path, not a definition): ASCII, 、。,
 * kana other than the voicing marks and ヿ, and the unified ideographs.
 * (U+3000 becomes U+0020, a separator either way.) */
static bool nfkc_stable(uint32_t cp) {
  return cp < 0x80 || (cp >= 0x3000 && cp <= 0x3002) ||
         (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FE) ||
         (cp >= 0x4E00 && cp <= 0x9FFF);
}

/* s decoded (an invalid byte as U+FFFD, which is C_OTHER) and NFKC'd into
 * a new array; *n its length.  buf (size cap) is used when large enough.
 * NULL when out of memory. */
static uint32_t *fold_nfkc(const char *s, size_t len, uint32_t *buf,
                           size_t cap, size_t *n) {
  uint32_t *cps = len <= cap ? buf : mf_reallocarray(NULL, len, sizeof *cps);
  if (!cps) return NULL;
  size_t k = 0;
  bool stable = true;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t adv;
    if (mf_utf8_decode(s + i, len - i, &cp, &adv) != MF_UTF8_OK) cp = 0xFFFD;
    if (stable && !nfkc_stable(cp)) stable = false;
    cps[k++] = cp;
    i += adv;
  }
  if (stable) { /* its own NFKC */
    *n = k;
    return cps;
  }
  size_t out_len = 0;
  uint32_t *out = u32_normalize(UNINORM_NFKC, cps, k, NULL, &out_len);
  if (cps != buf) mf_free(cps);
  *n = out_len;
  return out; /* malloc'd by libunistring, NULL if out of memory */
}

/* ------------------------------------------------------------------ find */

/* A number being read: its digit count and its first 12 digits. */
typedef struct digits {
  size_t n;
  char d[12];
} digits;

static void push(digits *x, int v) {
  if (x->n < 12) x->d[x->n] = (char)('0' + v);
  x->n++;
}

static bool is_my_number(const digits *x) {
  return x->n == 12 && mf_my_number_valid(x->d);
}

static bool find_folded(const uint32_t *cp, size_t n) {
  digits chain = {0}, run = {0};
  bool after_digit = false; /* the last non-separator was a digit */
  bool adjacent = false;    /* and nothing came between it and here */
  for (size_t i = 0; i <= n; i++) {
    int c = i < n ? classify(cp[i]) : C_OTHER;
    if (c >= 0) {
      if (!adjacent) run.n = 0;
      push(&run, c);
      push(&chain, c);
      after_digit = adjacent = true;
      continue;
    }
    if (adjacent && is_my_number(&run)) return true; /* a run ends */
    adjacent = false;
    if (c == C_SEP) continue;
    if (after_digit && is_my_number(&chain)) return true; /* a chain ends */
    chain.n = run.n = 0;
    after_digit = false;
  }
  return false;
}

bool mf_my_number_find(const char *s, size_t len) {
  if (!s || !len) return false;
  uint32_t buf[256];
  size_t n = 0;
  uint32_t *cp = fold_nfkc(s, len, buf, MF_ARRAY_LEN(buf), &n);
  if (!cp) return true; /* out of memory: refuse rather than let it pass */
  bool hit = find_folded(cp, n);
  if (cp != buf) free(cp);
  return hit;
}

/* ------------------------------------------------------------- names */

/* The name folded for matching: NFKC, ASCII lower case, hiragana as
 * katakana, separators and ー removed.  A new UTF-8 string (mf_free), NULL
 * when out of memory. */
static char *fold_name(const char *name, size_t len) {
  uint32_t buf[128];
  size_t n = 0;
  uint32_t *cp = fold_nfkc(name, len, buf, MF_ARRAY_LEN(buf), &n);
  if (!cp) return NULL;
  char *out = mf_reallocarray(NULL, n + 1, 4);
  size_t o = 0;
  for (size_t i = 0; out && i < n; i++) {
    uint32_t c = cp[i];
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    if (c >= 0x3041 && c <= 0x3096) c += 0x60; /* ぁ–ゖ → ァ–ヶ */
    if (classify(c) == C_SEP) continue; /* ー too: the patterns drop it */
    o += mf_utf8_encode(c, out + o);
  }
  if (out) out[o] = '\0';
  if (cp != buf) free(cp);
  return out;
}

static bool starts(const char *s, const char *w) {
  return strncmp(s, w, strlen(w)) == 0;
}

bool mf_my_number_is_key(const char *name, size_t len) {
  static const char *const always[] = {
      "個人番号", "個人番號", "コジンバンゴ", "kojinbang", "individualnumber",
  };
  static const char *const mine[] = {"マイナンバ", "mynumber"};
  static const char *const card[] = {"カド" /* カード without ー */, "card"};
  static const char *const number[] = {"番号", "番號", "number", "no", "num",
                                       "ナンバ"};
  if (!name || !len) return false;
  char *f = fold_name(name, len);
  if (!f) return true; /* out of memory: refuse rather than let it pass */
  bool hit = !strcmp(f, "myno") || !strcmp(f, "mynum");
  for (size_t k = 0; k < MF_ARRAY_LEN(always) && !hit; k++)
    hit = strstr(f, always[k]) != NULL;
  for (size_t k = 0; k < MF_ARRAY_LEN(mine) && !hit; k++) {
    for (const char *p = strstr(f, mine[k]); p && !hit;
         p = strstr(p + 1, mine[k])) {
      const char *rest = p + strlen(mine[k]);
      const char *after_card = NULL;
      for (size_t c = 0; c < MF_ARRAY_LEN(card) && !after_card; c++)
        if (starts(rest, card[c])) after_card = rest + strlen(card[c]);
      if (!after_card) hit = true; /* the number, not the card */
      for (size_t w = 0; w < MF_ARRAY_LEN(number) && !hit; w++)
        hit = strstr(after_card, number[w]) != NULL; /* the card's number */
    }
  }
  mf_free(f);
  return hit;
}
