/* text_norm.c — per-field validation and normalisation of card-data text. */
#include <string.h>

#include "input/text_norm.h"
#include "input/utf8.h"

/* ------------------------------------------------------------- messages */

/* Fails with "<path>: <reason>", adding " (U+XXXX)" when verbose. */
static myna_status fail_cp(myna_ctx *ctx, const char *path, const char *reason,
                           uint32_t cp) {
  if (ctx && mf_verbose(ctx))
    return mf_fail(ctx, MYNA_ERR_DATA, "%s: %s (U+%04X)", path, reason,
                   (unsigned)cp);
  return mf_fail(ctx, MYNA_ERR_DATA, "%s: %s", path, reason);
}

static myna_status fail_nomem(myna_ctx *ctx, const char *path) {
  return mf_fail(ctx, MYNA_ERR_NOMEM, "%s: out of memory", path);
}

#define PHONE_EXPECTED \
  "(expected digits, -, ( ) and an extension note 内線 or ext.)"

/* ------------------------------------------------------------ code points */

/* Text decoded into code points. */
typedef struct cps {
  uint32_t *v;
  size_t n;
} cps;

static myna_status decode(myna_ctx *ctx, const char *path, const char *s,
                          size_t len, cps *out) {
  out->v = NULL;
  out->n = 0;
  if (len > MYNA_LIMIT_FIELD_BYTES)
    return mf_fail(ctx, MYNA_ERR_LIMIT,
                   "%s: longer than MYNA_LIMIT_FIELD_BYTES (%u bytes)", path,
                   MYNA_LIMIT_FIELD_BYTES);
  size_t bad = 0;
  mf_utf8_status st = mf_utf8_validate(s, len, &bad);
  if (st != MF_UTF8_OK)
    return mf_fail(ctx, MYNA_ERR_DATA, "%s: invalid UTF-8 (%s) at byte %zu",
                   path, mf_utf8_status_str(st), bad);
  out->v = mf_reallocarray(NULL, len + 1, sizeof *out->v);
  if (!out->v) return fail_nomem(ctx, path);
  for (size_t i = 0; i < len;) {
    size_t adv;
    mf_utf8_decode(s + i, len - i, &out->v[out->n++], &adv);
    i += adv;
  }
  return MYNA_OK;
}

/* Encodes v[0..n) into a new string. */
static myna_status encode(myna_ctx *ctx, const char *path, const uint32_t *v,
                          size_t n, char **out) {
  mf_buf b;
  mf_buf_init(&b);
  mf_buf_reserve(&b, n * 4);
  for (size_t i = 0; i < n; i++) mf_utf8_append(&b, v[i]);
  *out = mf_buf_take(&b); /* frees b on failure */
  return *out ? MYNA_OK : fail_nomem(ctx, path);
}

static bool is_line_break(uint32_t cp) {
  return cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029;
}

/* Spaces that separate words: every space separator (U+0020, NBSP, U+3000,
 * the U+2000 block …). */
static bool is_space(uint32_t cp) { return mf_cp_is_space(cp); }

/* What is wrong with cp, or NULL.  prev is the code point before it (0 at
 * the start). */
static const char *problem(uint32_t cp, uint32_t prev, unsigned flags) {
  if (is_line_break(cp)) {
    if (!(flags & MF_TEXT_ALLOW_LF))
      return "contains a line break (expected a single line)";
    if (cp == 0x2028 || cp == 0x2029)
      return "contains a Unicode line or paragraph separator (write a line "
             "break as LF)";
    if (cp == '\n') return NULL;
    return "contains a carriage return";
  }
  if (mf_cp_is_control(cp)) return "contains a control character";
  if (mf_cp_is_bidi(cp)) return "contains a bidirectional control character";
  if (mf_cp_is_zero_width(cp)) return "contains a zero-width character";
  if (mf_cp_is_emoji(cp)) return "contains an emoji";
  if (mf_cp_is_private_use(cp))
    return "contains a private-use character (an unmapped 外字)";
  if (cp == 0xFFFD)
    return "contains U+FFFD, the replacement character (the text was "
           "damaged by a wrong character encoding)";
  if (mf_cp_is_format(cp)) return "contains an invisible formatting character";
  if (mf_cp_is_unassigned(cp)) return "contains an unassigned code point";
  if (!(flags & MF_TEXT_NO_PAIRING) && mf_cp_is_combining(cp) &&
      (prev == 0 || prev == '\n' || is_space(prev)))
    return "contains a combining mark or variation selector with no base "
           "character";
  return NULL;
}

static myna_status check(myna_ctx *ctx, const char *path, const cps *t,
                         unsigned flags) {
  for (size_t i = 0; i < t->n; i++) {
    const char *why = problem(t->v[i], i ? t->v[i - 1] : 0, flags);
    if (why) return fail_cp(ctx, path, why, t->v[i]);
  }
  return MYNA_OK;
}

myna_status mf_text_validate(myna_ctx *ctx, const char *path, const char *s,
                             size_t len, unsigned flags) {
  size_t bad = 0;
  mf_utf8_status st = mf_utf8_validate(s, len, &bad);
  if (st != MF_UTF8_OK)
    return mf_fail(ctx, MYNA_ERR_DATA, "%s: invalid UTF-8 (%s) at byte %zu",
                   path, mf_utf8_status_str(st), bad);
  uint32_t prev = 0;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t adv;
    mf_utf8_decode(s + i, len - i, &cp, &adv);
    const char *why = problem(cp, prev, flags);
    if (why) return fail_cp(ctx, path, why, cp);
    prev = cp;
    i += adv;
  }
  return MYNA_OK;
}

/* Warns if the text holds a registry's substitution mark ● or 〓. */
static void warn_subst(myna_ctx *ctx, const char *path, const cps *t) {
  for (size_t i = 0; i < t->n; i++)
    if (t->v[i] == 0x25CF || t->v[i] == 0x3013) {
      mf_warn(ctx,
              "%s: contains ● or 〓, a registry's mark for a character its "
              "system cannot hold; printed as given (check the card)",
              path);
      return;
    }
}

/* Removes leading and trailing code points for which strip() is true. */
static void trim(cps *t, bool (*strip)(uint32_t)) {
  size_t a = 0, b = t->n;
  while (a < b && strip(t->v[a])) a++;
  while (b > a && strip(t->v[b - 1])) b--;
  memmove(t->v, t->v + a, (b - a) * sizeof *t->v);
  t->n = b - a;
}

static bool is_space_or_lf(uint32_t cp) { return cp == '\n' || is_space(cp); }

/* ------------------------------------------------------------------ kana */

/* Half-width katakana and punctuation U+FF61–FF9D → full width. */
static const uint16_t halfwidth[] = {
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, /* FF61 */
    0x30A5, 0x30A7, 0x30A9, 0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC, /* FF69 */
    0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB, 0x30AD, 0x30AF, /* FF71 */
    0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, /* FF79 */
    0x30C1, 0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD, /* FF81 */
    0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8, 0x30DB, 0x30DE, 0x30DF, /* FF89 */
    0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9, 0x30EA, /* FF91 */
    0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3,                         /* FF99 */
};

static bool is_halfwidth_base(uint32_t cp) {
  return cp >= 0xFF61 && cp <= 0xFF9D;
}

/* Full-width katakana kana + combining U+3099 (voiced) or U+309A
 * (semi-voiced) → the precomposed kana, or 0. */
static uint32_t compose(uint32_t kana, uint32_t mark) {
  if (mark == 0x309A)
    return (kana >= 0x30CF && kana <= 0x30DB && (kana - 0x30CF) % 3 == 0)
               ? kana + 2
               : 0;
  if (mark != 0x3099) return 0;
  /* カ キ ク ケ コ サ シ ス セ ソ タ チ: every other code point from U+30AB */
  if (kana >= 0x30AB && kana <= 0x30C1 && (kana - 0x30AB) % 2 == 0)
    return kana + 1;
  if (kana == 0x30C4 || kana == 0x30C6 || kana == 0x30C8) return kana + 1;
  if (kana >= 0x30CF && kana <= 0x30DB && (kana - 0x30CF) % 3 == 0)
    return kana + 1;
  switch (kana) {
    case 0x30A6:
      return 0x30F4; /* ウ → ヴ */
    case 0x30EF:
      return 0x30F7; /* ワ → ヷ */
    case 0x30F0:
      return 0x30F8; /* ヰ → ヸ */
    case 0x30F1:
      return 0x30F9; /* ヱ → ヹ */
    case 0x30F2:
      return 0x30FA; /* ヲ → ヺ */
    case 0x30FD:
      return 0x30FE; /* ヽ → ヾ */
    default:
      return 0;
  }
}

/* A kana (hiragana or full-width katakana) + U+3099 or U+309A → its
 * precomposed form, or 0: exactly Unicode's canonical compositions with
 * these marks (が = か U+3099, ゔ, ゞ, ヷ …), nothing else. */
static uint32_t compose_canonical(uint32_t kana, uint32_t mark) {
  if (kana >= 0x30A1 && kana <= 0x30FE) return compose(kana, mark);
  if (!((kana >= 0x3041 && kana <= 0x3096) || kana == 0x309D)) return 0;
  uint32_t c = compose(kana + 0x60, mark);
  if (!c) return 0;
  c -= 0x60; /* ヷヸヹヺ have no hiragana form */
  return c <= 0x3096 || c == 0x309E ? c : 0;
}

/* Composes each combining voiced or semi-voiced mark U+3099/309A with the
 * kana before it where Unicode has the precomposed kana (す U+3099 → ず),
 * in place, so that the text layer holds what is printed.  Every other
 * code point is kept: this is not NFC, which would also replace
 * compatibility ideographs (神 U+FA19 → U+795E). */
static void compose_kana_marks(cps *t) {
  size_t n = 0;
  for (size_t i = 0; i < t->n; i++) {
    uint32_t cp = t->v[i];
    uint32_t c = (cp == 0x3099 || cp == 0x309A) && n > 0
                     ? compose_canonical(t->v[n - 1], cp)
                     : 0;
    if (c)
      t->v[n - 1] = c;
    else
      t->v[n++] = cp;
  }
  t->n = n;
}

/* The allowed result set of フリガナ (besides the U+3000 separator). */
static bool kana_allowed(uint32_t cp) {
  return (cp >= 0x30A1 && cp <= 0x30FA) || (cp >= 0x30FB && cp <= 0x30FE) ||
         cp == 0x30A0 || cp == 0xFF1D;
}

/* Hyphens and tildes typed for the long-vowel mark ー. */
static bool is_dash_or_tilde(uint32_t cp) {
  return cp == '-' || cp == '~' || (cp >= 0x2010 && cp <= 0x2015) ||
         cp == 0x2212 || cp == 0xFF0D || cp == 0xFF5E || cp == 0x301C;
}

myna_status mf_norm_kana(myna_ctx *ctx, const char *path, const char *s,
                         size_t len, char **out) {
  *out = NULL;
  cps t;
  myna_status st = decode(ctx, path, s, len, &t);
  if (st == MYNA_OK) st = check(ctx, path, &t, MF_TEXT_NO_PAIRING);
  if (st != MYNA_OK) {
    mf_free(t.v);
    return st;
  }
  size_t n = 0; /* the result is built in place: it never grows */
  bool pending_space = false;
  for (size_t i = 0; i < t.n && st == MYNA_OK; i++) {
    uint32_t cp = t.v[i];
    if (is_space(cp)) {
      pending_space = n > 0;
      continue;
    }
    if (pending_space) { /* full width, like the katakana around it */
      t.v[n++] = 0x3000;
      pending_space = false;
    }
    uint32_t mark = 0;
    if (is_halfwidth_base(cp))
      cp = halfwidth[cp - 0xFF61];
    else if (cp == 0xFF9E || cp == 0x309B || cp == 0x3099)
      mark = 0x3099;
    else if (cp == 0xFF9F || cp == 0x309C || cp == 0x309A)
      mark = 0x309A;
    else if ((cp >= 0x3041 && cp <= 0x3096) || cp == 0x309D || cp == 0x309E)
      cp += 0x60;
    if (mark) {
      uint32_t c = n > 0 ? compose(t.v[n - 1], mark) : 0;
      if (!c)
        st = fail_cp(ctx, path,
                     "contains a voiced sound mark ゛ or ゜ that does not "
                     "follow a kana it can combine with",
                     t.v[i]);
      else
        t.v[n - 1] = c;
    } else if (kana_allowed(cp)) {
      t.v[n++] = cp;
    } else if (is_dash_or_tilde(cp)) {
      st = fail_cp(ctx, path,
                   "contains a hyphen or tilde (write the long-vowel mark ー)",
                   t.v[i]);
    } else {
      st = fail_cp(ctx, path,
                   "contains a character that is not kana (expected katakana "
                   "or hiragana)",
                   t.v[i]);
    }
  }
  if (st == MYNA_OK) st = encode(ctx, path, t.v, n, out);
  mf_free(t.v);
  return st;
}

/* ------------------------------------------------------------------ names */

myna_status mf_norm_name(myna_ctx *ctx, const char *path, const char *s,
                         size_t len, char **out) {
  *out = NULL;
  cps t;
  myna_status st = decode(ctx, path, s, len, &t);
  if (st == MYNA_OK) st = check(ctx, path, &t, 0);
  if (st != MYNA_OK) {
    mf_free(t.v);
    return st;
  }
  compose_kana_marks(&t);
  /* Collapse space runs in place; drop leading and trailing ones. */
  size_t n = 0;
  uint32_t sep = 0; /* separator owed before the next non-space */
  for (size_t i = 0; i < t.n; i++) {
    uint32_t cp = t.v[i];
    if (is_space(cp)) {
      if (n > 0 && sep != 0x3000) sep = cp == 0x3000 ? 0x3000 : ' ';
      continue;
    }
    if (sep) t.v[n++] = sep, sep = 0;
    t.v[n++] = cp;
  }
  t.n = n;
  st = encode(ctx, path, t.v, t.n, out);
  if (st == MYNA_OK) warn_subst(ctx, path, &t);
  mf_free(t.v);
  return st;
}

/* -------------------------------------------------------------- addresses */

myna_status mf_norm_address(myna_ctx *ctx, const char *path, const char *s,
                            size_t len, char **out) {
  *out = NULL;
  cps t;
  myna_status st = decode(ctx, path, s, len, &t);
  if (st != MYNA_OK) {
    mf_free(t.v);
    return st;
  }
  /* CRLF and lone CR → LF, in place. */
  size_t n = 0;
  for (size_t i = 0; i < t.n; i++) {
    if (t.v[i] == '\r') {
      t.v[n++] = '\n';
      if (i + 1 < t.n && t.v[i + 1] == '\n') i++;
    } else {
      t.v[n++] = t.v[i];
    }
  }
  t.n = n;
  st = check(ctx, path, &t, MF_TEXT_ALLOW_LF);
  if (st != MYNA_OK) {
    mf_free(t.v);
    return st;
  }
  /* Half-width katakana → full width; ﾞﾟ compose with the half-width kana
   * before them, or become the spacing ゛゜. */
  n = 0;
  for (size_t i = 0; i < t.n; i++) {
    uint32_t cp = t.v[i];
    if (is_halfwidth_base(cp)) {
      uint32_t full = halfwidth[cp - 0xFF61];
      uint32_t c = 0;
      if (i + 1 < t.n && (t.v[i + 1] == 0xFF9E || t.v[i + 1] == 0xFF9F))
        c = compose(full, t.v[i + 1] == 0xFF9E ? 0x3099 : 0x309A);
      if (c) i++;
      t.v[n++] = c ? c : full;
    } else if (cp == 0xFF9E || cp == 0xFF9F) {
      t.v[n++] = cp == 0xFF9E ? 0x309B : 0x309C;
    } else {
      t.v[n++] = cp;
    }
  }
  t.n = n;
  compose_kana_marks(&t);
  trim(&t, is_space_or_lf);
  st = encode(ctx, path, t.v, t.n, out);
  if (st == MYNA_OK) warn_subst(ctx, path, &t);
  mf_free(t.v);
  return st;
}

/* ------------------------------------------------------------- plain text */

myna_status mf_norm_line(myna_ctx *ctx, const char *path, const char *s,
                         size_t len, char **out) {
  *out = NULL;
  cps t;
  myna_status st = decode(ctx, path, s, len, &t);
  if (st == MYNA_OK) st = check(ctx, path, &t, 0);
  if (st == MYNA_OK) {
    compose_kana_marks(&t);
    trim(&t, is_space);
    st = encode(ctx, path, t.v, t.n, out);
  }
  mf_free(t.v);
  return st;
}

/* ----------------------------------------------------------------- phones */

static bool is_phone_dash(uint32_t cp) {
  return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 ||
         cp == 0xFF0D || cp == 0x30FC || cp == 0xFF70;
}

static uint32_t ascii_lower(uint32_t cp) {
  return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
}

/* Length of an extension note at t->v[i] (内線, ext, ext.), or 0. */
static size_t extension_note(const cps *t, size_t i) {
  if (i + 1 < t->n && t->v[i] == 0x5185 && t->v[i + 1] == 0x7DDA) return 2;
  if (i + 2 < t->n && ascii_lower(t->v[i]) == 'e' &&
      ascii_lower(t->v[i + 1]) == 'x' && ascii_lower(t->v[i + 2]) == 't')
    return i + 3 < t->n && t->v[i + 3] == '.' ? 4 : 3;
  return 0;
}

myna_status mf_norm_phone(myna_ctx *ctx, const char *path, const char *s,
                          size_t len, char **out) {
  *out = NULL;
  cps t;
  myna_status st = decode(ctx, path, s, len, &t);
  if (st == MYNA_OK) st = check(ctx, path, &t, 0);
  if (st != MYNA_OK) {
    mf_free(t.v);
    return st;
  }
  mf_buf b;
  mf_buf_init(&b);
  mf_buf_reserve(&b, len);
  size_t digits = 0, ext_digits = 0;
  bool ext = false, pending_space = false;
  for (size_t i = 0; i < t.n && st == MYNA_OK; i++) {
    uint32_t cp = t.v[i];
    if (is_space(cp)) {
      pending_space = b.len > 0;
      continue;
    }
    if (pending_space) mf_buf_putc(&b, ' '), pending_space = false;
    size_t note;
    if ((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19)) {
      mf_buf_putc(&b, (char)('0' + (cp <= '9' ? cp - '0' : cp - 0xFF10)));
      if (ext)
        ext_digits++;
      else
        digits++;
    } else if (is_phone_dash(cp)) {
      mf_buf_putc(&b, '-');
    } else if (cp == '(' || cp == 0xFF08) {
      mf_buf_putc(&b, '(');
    } else if (cp == ')' || cp == 0xFF09) {
      mf_buf_putc(&b, ')');
    } else if ((cp == '+' || cp == 0xFF0B) && b.len == 0) {
      mf_buf_putc(&b, '+');
    } else if ((note = extension_note(&t, i)) > 0) {
      if (ext || digits == 0)
        st = mf_fail(ctx, MYNA_ERR_DATA,
                     "%s: an extension note (内線 or ext.) must follow the "
                     "phone number, once",
                     path);
      mf_buf_puts(&b, note == 2 ? "内線" : "ext.");
      ext = true;
      i += note - 1;
    } else if (mf_cp_is_letter(cp)) {
      st = fail_cp(ctx, path, "contains a letter " PHONE_EXPECTED, cp);
    } else {
      st = fail_cp(
          ctx, path,
          "contains a character not used in phone numbers " PHONE_EXPECTED, cp);
    }
  }
  if (st == MYNA_OK && digits == 0 && b.len > 0)
    st = mf_fail(ctx, MYNA_ERR_DATA, "%s: contains no digits %s", path,
                 PHONE_EXPECTED);
  if (st == MYNA_OK && ext && ext_digits == 0)
    st = mf_fail(ctx, MYNA_ERR_DATA,
                 "%s: the extension note (内線 or ext.) is not followed by a "
                 "number",
                 path);
  if (st == MYNA_OK) {
    *out = mf_buf_take(&b); /* "" for a blank value */
    if (!*out) st = fail_nomem(ctx, path);
  }
  mf_buf_free(&b);
  mf_free(t.v);
  return st;
}
