/* utf8.c — strict UTF-8 decoding and code point classification. */
#include <hb.h>

#include "input/utf8.h"

mf_utf8_status mf_utf8_decode(const char *s, size_t len, uint32_t *cp,
                              size_t *adv) {
  const unsigned char *p = (const unsigned char *)s;
  *cp = 0;
  *adv = 1;
  if (len == 0) return MF_UTF8_TRUNCATED;
  unsigned b0 = p[0];
  if (b0 < 0x80) {
    *cp = b0;
    return MF_UTF8_OK;
  }
  if (b0 < 0xC0) return MF_UTF8_STRAY;
  if (b0 >= 0xF8) return MF_UTF8_INVALID_BYTE;

  size_t need;
  uint32_t v, min;
  if (b0 < 0xE0) {
    need = 2, v = b0 & 0x1F, min = 0x80;
  } else if (b0 < 0xF0) {
    need = 3, v = b0 & 0x0F, min = 0x800;
  } else {
    need = 4, v = b0 & 0x07, min = 0x10000;
  }
  /* Gather the continuation bytes that are there. */
  size_t i = 1;
  for (; i < need; i++) {
    if (i >= len || (p[i] & 0xC0) != 0x80) break;
    v = (v << 6) | (p[i] & 0x3F);
  }
  *adv = i;
  if (i < need) return MF_UTF8_TRUNCATED;
  if (v < min) return MF_UTF8_OVERLONG;
  if (v >= 0xD800 && v <= 0xDFFF) return MF_UTF8_SURROGATE;
  if (v > MF_UNICODE_MAX) return MF_UTF8_TOO_LARGE;
  *cp = v;
  return MF_UTF8_OK;
}

mf_utf8_status mf_utf8_validate(const char *s, size_t len, size_t *bad) {
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    size_t adv;
    mf_utf8_status st = mf_utf8_decode(s + i, len - i, &cp, &adv);
    if (st != MF_UTF8_OK) {
      if (bad) *bad = i;
      return st;
    }
    i += adv;
  }
  return MF_UTF8_OK;
}

const char *mf_utf8_status_str(mf_utf8_status st) {
  switch (st) {
    case MF_UTF8_OK:
      return "valid";
    case MF_UTF8_TRUNCATED:
      return "truncated sequence";
    case MF_UTF8_OVERLONG:
      return "overlong encoding";
    case MF_UTF8_SURROGATE:
      return "encoded surrogate";
    case MF_UTF8_TOO_LARGE:
      return "code point above U+10FFFF";
    case MF_UTF8_STRAY:
      return "stray continuation byte";
    case MF_UTF8_INVALID_BYTE:
      return "invalid byte";
  }
  return "invalid";
}

size_t mf_utf8_encode(uint32_t cp, char out[4]) {
  unsigned char *o = (unsigned char *)out;
  if (cp < 0x80) {
    o[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | (cp >> 6));
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  if (cp > MF_UNICODE_MAX) return 0;
  o[0] = (unsigned char)(0xF0 | (cp >> 18));
  o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

void mf_utf8_append(mf_buf *b, uint32_t cp) {
  char tmp[4];
  size_t n = mf_utf8_encode(cp, tmp);
  mf_buf_append(b, tmp, n);
}

/* ---------------------------------------------------------- classification */

static hb_unicode_general_category_t category(uint32_t cp) {
  return hb_unicode_general_category(hb_unicode_funcs_get_default(), cp);
}

bool mf_cp_is_control(uint32_t cp) {
  return cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F);
}

bool mf_cp_is_bidi(uint32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
         cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

bool mf_cp_is_zero_width(uint32_t cp) {
  return (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
}

bool mf_cp_is_private_use(uint32_t cp) {
  return (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000 && cp <= 0xFFFFD) ||
         (cp >= 0x100000 && cp <= 0x10FFFD);
}

bool mf_cp_is_unassigned(uint32_t cp) {
  return category(cp) == HB_UNICODE_GENERAL_CATEGORY_UNASSIGNED;
}

/* Conservative emoji ranges, sorted. */
static const struct {
  uint32_t lo, hi;
} emoji_ranges[] = {
    {0x20E3, 0x20E3},   /* combining enclosing keycap */
    {0x231A, 0x231B},   /* ⌚⌛ */
    {0x23E9, 0x23EC},   /* ⏩⏪⏫⏬ */
    {0x23F0, 0x23F0},   /* ⏰ */
    {0x23F3, 0x23F3},   /* ⏳ */
    {0x25FD, 0x25FE},   /* ◽◾ */
    {0x2600, 0x27BF},   /* Miscellaneous Symbols, Dingbats */
    {0x2B1B, 0x2B1C},   /* ⬛⬜ */
    {0x2B50, 0x2B50},   /* ⭐ */
    {0x2B55, 0x2B55},   /* ⭕ */
    {0xFE0F, 0xFE0F},   /* VS16, emoji presentation */
    {0x1F000, 0x1FAFF}, /* Mahjong … Symbols and Pictographs Extended-A,
                           regional indicators U+1F1E6–1F1FF included */
};

bool mf_cp_is_emoji(uint32_t cp) {
  for (size_t i = 0; i < MF_ARRAY_LEN(emoji_ranges); i++)
    if (cp >= emoji_ranges[i].lo && cp <= emoji_ranges[i].hi) return true;
  return false;
}

bool mf_cp_is_variation_selector(uint32_t cp) {
  return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

bool mf_cp_is_combining(uint32_t cp) {
  switch (category(cp)) {
    case HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK:
    case HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK:
    case HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK:
      return true;
    default:
      return false;
  }
}

bool mf_cp_is_format(uint32_t cp) {
  return category(cp) == HB_UNICODE_GENERAL_CATEGORY_FORMAT;
}

bool mf_cp_is_letter(uint32_t cp) {
  switch (category(cp)) {
    case HB_UNICODE_GENERAL_CATEGORY_UPPERCASE_LETTER:
    case HB_UNICODE_GENERAL_CATEGORY_LOWERCASE_LETTER:
    case HB_UNICODE_GENERAL_CATEGORY_TITLECASE_LETTER:
    case HB_UNICODE_GENERAL_CATEGORY_MODIFIER_LETTER:
    case HB_UNICODE_GENERAL_CATEGORY_OTHER_LETTER:
      return true;
    default:
      return false;
  }
}

bool mf_cp_is_space(uint32_t cp) {
  return category(cp) == HB_UNICODE_GENERAL_CATEGORY_SPACE_SEPARATOR;
}
