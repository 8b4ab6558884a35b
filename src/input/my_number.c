/* my_number.c — finding a 個人番号 (My Number) so that it can be refused. */
#include <string.h>

#include "core/core.h"
#include "input/my_number.h"
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

/* The digit value of cp (ASCII or full-width), or -1. */
static int digit_value(uint32_t cp) {
  if (cp >= '0' && cp <= '9') return (int)(cp - '0');
  if (cp >= 0xFF10 && cp <= 0xFF19) return (int)(cp - 0xFF10);
  return -1;
}

/* A separator allowed between 4-digit groups. */
static bool group_sep(uint32_t cp) {
  return cp == ' ' || cp == 0x3000 || cp == '-' || cp == 0xFF0D;
}

/* A maximal run of digits: its length and its first 12 digits. */
typedef struct run {
  size_t len;
  char d[12];
  bool linked; /* exactly one group separator between it and the run before */
} run;

/* Checks the run that just ended, with the two runs before it. */
static bool run_ends(const run *r2, const run *r1, const run *r0) {
  if (r0->len == 12 && mf_my_number_valid(r0->d)) return true;
  if (r0->len == 4 && r0->linked && r1->len == 4 && r1->linked &&
      r2->len == 4) {
    char d[12];
    memcpy(d, r2->d, 4);
    memcpy(d + 4, r1->d, 4);
    memcpy(d + 8, r0->d, 4);
    if (mf_my_number_valid(d)) return true;
  }
  return false;
}

bool mf_my_number_find(const char *s, size_t len) {
  run r2 = {0}, r1 = {0}, r0 = {0};
  bool in_run = false;
  size_t gap = 0;      /* non-digits since the last run */
  bool gap_sep = true; /* all of them group separators */
  size_t i = 0;
  while (i <= len) {
    uint32_t cp = 0;
    size_t adv = 1;
    int dv = -1;
    if (i < len) {
      if (mf_utf8_decode(s + i, len - i, &cp, &adv) == MF_UTF8_OK)
        dv = digit_value(cp);
      else
        cp = 0xFFFD;
    }
    if (dv >= 0) {
      if (!in_run) {
        r2 = r1;
        r1 = r0;
        memset(&r0, 0, sizeof r0);
        r0.linked = r1.len > 0 && gap == 1 && gap_sep;
        in_run = true;
      }
      if (r0.len < 12) r0.d[r0.len] = (char)('0' + dv);
      r0.len++;
    } else {
      if (in_run) {
        if (run_ends(&r2, &r1, &r0)) return true;
        in_run = false;
        gap = 0;
        gap_sep = true;
      }
      gap++;
      if (!group_sep(cp)) gap_sep = false;
    }
    i += adv;
  }
  return false;
}

bool mf_my_number_is_key(const char *name, size_t len) {
  static const char *const keys[] = {
      "mynumber",         "kojinbango", "kojinbangou",  "kojinbang\xc5\x8d",
      "individualnumber", "個人番号",   "マイナンバー",
  };
  char norm[64];
  size_t n = 0;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t adv;
    if (mf_utf8_decode(name + i, len - i, &cp, &adv) != MF_UTF8_OK)
      return false;
    if (cp != '_' && cp != '-' && cp != ' ' && cp != 0x3000) {
      if (n + adv >= sizeof norm) return false;
      for (size_t k = 0; k < adv; k++) {
        char c = name[i + k];
        norm[n++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
      }
    }
    i += adv;
  }
  norm[n] = '\0';
  for (size_t k = 0; k < MF_ARRAY_LEN(keys); k++)
    if (strcmp(norm, keys[k]) == 0) return true;
  return false;
}
