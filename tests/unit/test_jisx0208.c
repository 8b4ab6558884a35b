/*
 * test_jisx0208.c — the generated JIS X 0208 table (input/jisx0208.h):
 * its size, spot checks on both sides of the line, and, where the locales
 * package is installed, equality with glibc's SHIFT_JIS charmap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h>

#include "input/jisx0208.h"

#define CHARMAP "/usr/share/i18n/charmaps/SHIFT_JIS.gz"

static unsigned bits_set(void) {
  unsigned n = 0;
  for (size_t i = 0; i < sizeof mf_jisx0208_bits; i++)
    for (unsigned b = 0; b < 8; b++) n += (mf_jisx0208_bits[i] >> b) & 1u;
  return n;
}

static void test_size(void **state) {
  (void)state;
  assert_int_equal(mf_jisx0208_count, 6879);   /* JIS X 0208:1997 */
  assert_int_equal(mf_jisx0208_alias_count, 6); /* ∥ － ～ ￠ ￡ ￢ */
  assert_int_equal(bits_set(), 6879 + 6);
}

static void test_spot_checks(void **state) {
  (void)state;
  static const uint32_t in[] = {
      0x3000, /* 　 1-1 */
      0x4E9C, /* 亜 16-1, first level 1 kanji */
      0x7199, /* 熙 84-6, added in 1990 */
      0x51DC, /* 凜 84-5, added in 1990 */
      0x7464, /* 瑤 84-4 */
      0x9AD8, /* 高 */
      0x795E, /* 神 */
      0x845B, /* 葛 */
      0x5D0E, /* 崎 */
      0x3042, /* あ */
      0x30F6, /* ヶ */
      0xFF10, /* ０ */
      0xFF21, /* Ａ */
      0xFF5A, /* ｚ */
      0x2212, /* − 1-61 (glibc) */
      0xFF0D, /* － 1-61 (CP932) */
      0x301C, /* 〜 1-33 (glibc) */
      0xFF5E, /* ～ 1-33 (CP932) */
      0x25CF, /* ● */
      0x3013, /* 〓 */
      0x2015, /* ― */
      0xFFE5, /* ￥ */
  };
  static const uint32_t out[] = {
      0x20BB7, /* 𠮷 */
      0x9AD9,  /* 髙 */
      0xFA11,  /* 﨑 */
      0xFA19,  /* 神 compatibility ideograph */
      0xE0100, /* VS17 (IVS) */
      0xFE00,  /* VS1 */
      0x0041,  /* A: ASCII is not JIS X 0208 */
      0x0020,  /* space */
      0x000A,  /* line feed */
      0xFF71,  /* ｱ half-width katakana (JIS X 0201) */
      0xFF02,  /* ＂ (CP932 IBM extension only) */
      0x2460,  /* ① (NEC row 13) */
      0x3231,  /* ㈱ (NEC row 13) */
      0x2116,  /* № (NEC row 13) */
      0x9ED1,  /* 黑 (JIS X 0212 only) */
  };
  for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
    if (!mf_jisx0208_has(in[i])) fail_msg("U+%04X should be in JIS X 0208", (unsigned)in[i]);
  }
  for (size_t i = 0; i < sizeof out / sizeof out[0]; i++) {
    if (mf_jisx0208_has(out[i])) fail_msg("U+%04X should not be in JIS X 0208", (unsigned)out[i]);
  }
  assert_true(mf_jisx0208_has(0x9ED2)); /* 黒 */
  assert_false(mf_jisx0208_has(0x110000));
  assert_false(mf_jisx0208_has(0xFFFFFFFFu));
}

/* Every double-byte line of glibc's SHIFT_JIS charmap is in the table and
 * the table holds nothing else but the six aliases. */
static void test_charmap(void **state) {
  (void)state;
  gzFile f = gzopen(CHARMAP, "rb");
  if (!f) skip();
  static unsigned char seen[8192];
  memset(seen, 0, sizeof seen);
  char line[256];
  unsigned n = 0;
  while (gzgets(f, line, sizeof line)) {
    unsigned cp, b1, b2;
    if (sscanf(line, "<U%x> /x%2x/x%2x", &cp, &b1, &b2) != 3) continue;
    if (!mf_jisx0208_has(cp)) fail_msg("U+%04X (%02X%02X) missing", cp, b1, b2);
    seen[cp >> 3] |= (unsigned char)(1u << (cp & 7));
    n++;
  }
  gzclose(f);
  assert_int_equal(n, 6879);
  static const uint32_t alias[] = {0x2225, 0xFF0D, 0xFF5E, 0xFFE0, 0xFFE1, 0xFFE2};
  for (size_t i = 0; i < 6; i++) seen[alias[i] >> 3] |= (unsigned char)(1u << (alias[i] & 7));
  assert_memory_equal(seen, mf_jisx0208_bits, sizeof seen);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_size),
      cmocka_unit_test(test_spot_checks),
      cmocka_unit_test(test_charmap),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
