/* test_utf8.c — strict UTF-8 decoding and code point classes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "input/utf8.h"

/* Decodes s (n bytes), expecting st, *cp and *adv. */
static void expect_decode(const char *s, size_t n, mf_utf8_status st,
                          uint32_t cp, size_t adv) {
  uint32_t got_cp = 0xDEAD;
  size_t got_adv = 99;
  assert_int_equal(mf_utf8_decode(s, n, &got_cp, &got_adv), st);
  assert_int_equal(got_cp, cp);
  assert_int_equal(got_adv, adv);
}

static void test_decode_valid(void **state) {
  (void)state;
  expect_decode("A", 1, MF_UTF8_OK, 0x41, 1);
  expect_decode("\x7F", 1, MF_UTF8_OK, 0x7F, 1);
  expect_decode("\xC2\x80", 2, MF_UTF8_OK, 0x80, 2);
  expect_decode("\xDF\xBF", 2, MF_UTF8_OK, 0x7FF, 2);
  expect_decode("\xE0\xA0\x80", 3, MF_UTF8_OK, 0x800, 3);
  expect_decode("あ", 3, MF_UTF8_OK, 0x3042, 3);
  expect_decode("\xED\x9F\xBF", 3, MF_UTF8_OK, 0xD7FF, 3);
  expect_decode("\xEE\x80\x80", 3, MF_UTF8_OK, 0xE000, 3);
  expect_decode("\xEF\xBF\xBF", 3, MF_UTF8_OK, 0xFFFF, 3);
  expect_decode("\xF0\x90\x80\x80", 4, MF_UTF8_OK, 0x10000, 4);
  expect_decode("𠮷", 4, MF_UTF8_OK, 0x20BB7, 4);
  expect_decode("\xF4\x8F\xBF\xBF", 4, MF_UTF8_OK, 0x10FFFF, 4);
  /* only the first code point is read */
  expect_decode("ab", 2, MF_UTF8_OK, 'a', 1);
}

static void test_decode_overlong(void **state) {
  (void)state;
  expect_decode("\xC0\xAF", 2, MF_UTF8_OVERLONG, 0, 2);
  expect_decode("\xC1\xBF", 2, MF_UTF8_OVERLONG, 0, 2);
  expect_decode("\xE0\x80\xAF", 3, MF_UTF8_OVERLONG, 0, 3);
  expect_decode("\xE0\x9F\xBF", 3, MF_UTF8_OVERLONG, 0, 3);
  expect_decode("\xF0\x80\x80\xAF", 4, MF_UTF8_OVERLONG, 0, 4);
  expect_decode("\xF0\x8F\xBF\xBF", 4, MF_UTF8_OVERLONG, 0, 4);
}

static void test_decode_surrogate(void **state) {
  (void)state;
  expect_decode("\xED\xA0\x80", 3, MF_UTF8_SURROGATE, 0, 3);
  expect_decode("\xED\xBF\xBF", 3, MF_UTF8_SURROGATE, 0, 3);
  expect_decode("\xED\xB0\x80", 3, MF_UTF8_SURROGATE, 0, 3);
}

static void test_decode_too_large(void **state) {
  (void)state;
  expect_decode("\xF4\x90\x80\x80", 4, MF_UTF8_TOO_LARGE, 0, 4);
  expect_decode("\xF5\x80\x80\x80", 4, MF_UTF8_TOO_LARGE, 0, 4);
  expect_decode("\xF7\xBF\xBF\xBF", 4, MF_UTF8_TOO_LARGE, 0, 4);
}

static void test_decode_truncated(void **state) {
  (void)state;
  expect_decode("\xE3\x81", 2, MF_UTF8_TRUNCATED, 0, 2); /* at the end */
  expect_decode(
      "\xE3\x81"
      "A",
      3, MF_UTF8_TRUNCATED, 0, 2); /* then ASCII */
  expect_decode("\xC3", 1, MF_UTF8_TRUNCATED, 0, 1);
  expect_decode("\xF0\x9F\x98", 3, MF_UTF8_TRUNCATED, 0, 3);
  expect_decode(
      "\xF0\x9F\x98"
      "\xF0",
      4, MF_UTF8_TRUNCATED, 0, 3);
  /* Latin-1 "été" */
  expect_decode("\xE9t\xE9", 3, MF_UTF8_TRUNCATED, 0, 1);
}

static void test_decode_stray_and_invalid(void **state) {
  (void)state;
  expect_decode("\x80", 1, MF_UTF8_STRAY, 0, 1);
  expect_decode(
      "\xBF"
      "A",
      2, MF_UTF8_STRAY, 0, 1);
  /* Shift_JIS あ is 82 A0: a stray continuation byte first */
  expect_decode("\x82\xA0", 2, MF_UTF8_STRAY, 0, 1);
  expect_decode("\xF8\x88\x80\x80\x80", 5, MF_UTF8_INVALID_BYTE, 0, 1);
  expect_decode("\xFE", 1, MF_UTF8_INVALID_BYTE, 0, 1);
  expect_decode("\xFF", 1, MF_UTF8_INVALID_BYTE, 0, 1);
}

static void test_validate(void **state) {
  (void)state;
  size_t bad = 99;
  assert_int_equal(mf_utf8_validate("", 0, &bad), MF_UTF8_OK);
  const char *ok = "山田 太郎 葛\xF3\xA0\x84\x80 𠮷";
  assert_int_equal(mf_utf8_validate(ok, strlen(ok), NULL), MF_UTF8_OK);
  assert_int_equal(mf_utf8_validate("ab\xC0\xAF", 4, &bad), MF_UTF8_OVERLONG);
  assert_int_equal(bad, 2);
  assert_int_equal(mf_utf8_validate("あ\xED\xA0\x80", 6, &bad),
                   MF_UTF8_SURROGATE);
  assert_int_equal(bad, 3);
  assert_int_equal(mf_utf8_validate("abc\xE3", 4, &bad), MF_UTF8_TRUNCATED);
  assert_int_equal(bad, 3);
  /* an embedded NUL is valid UTF-8 (it is refused later, as a control) */
  assert_int_equal(mf_utf8_validate("a\0b", 3, NULL), MF_UTF8_OK);
  assert_string_equal(mf_utf8_status_str(MF_UTF8_OVERLONG),
                      "overlong encoding");
  assert_string_equal(mf_utf8_status_str(MF_UTF8_STRAY),
                      "stray continuation byte");
}

static void test_encode(void **state) {
  (void)state;
  static const uint32_t cps[] = {0,       0x41,    0x7F,    0x80,
                                 0x7FF,   0x800,   0x3042,  0xFFFF,
                                 0x10000, 0x20BB7, 0xE0100, 0x10FFFF};
  for (size_t i = 0; i < MF_ARRAY_LEN(cps); i++) {
    char b[4];
    size_t n = mf_utf8_encode(cps[i], b);
    assert_true(n >= 1 && n <= 4);
    uint32_t cp;
    size_t adv;
    assert_int_equal(mf_utf8_decode(b, n, &cp, &adv), MF_UTF8_OK);
    assert_int_equal(cp, cps[i]);
    assert_int_equal(adv, n);
  }
  char b[4];
  assert_int_equal(mf_utf8_encode(0xD800, b), 0);
  assert_int_equal(mf_utf8_encode(0xDFFF, b), 0);
  assert_int_equal(mf_utf8_encode(0x110000, b), 0);

  mf_buf buf;
  mf_buf_init(&buf);
  mf_utf8_append(&buf, 0x845B);
  mf_utf8_append(&buf, 0xE0100);
  mf_utf8_append(&buf, 0xD800); /* ignored */
  char *s = mf_buf_take(&buf);
  assert_string_equal(s, "葛\xF3\xA0\x84\x80");
  mf_free(s);
}

static void test_controls(void **state) {
  (void)state;
  static const uint32_t yes[] = {0x00, 0x09, 0x0A, 0x0D, 0x1B,
                                 0x1F, 0x7F, 0x80, 0x85, 0x9F};
  static const uint32_t no[] = {0x20, 0x41, 0x7E, 0xA0, 0x3000, 0x2028};
  for (size_t i = 0; i < MF_ARRAY_LEN(yes); i++)
    assert_true(mf_cp_is_control(yes[i]));
  for (size_t i = 0; i < MF_ARRAY_LEN(no); i++)
    assert_false(mf_cp_is_control(no[i]));
}

static void test_bidi_and_zero_width(void **state) {
  (void)state;
  static const uint32_t bidi[] = {0x202A, 0x202B, 0x202C, 0x202D,
                                  0x202E, 0x2066, 0x2067, 0x2068,
                                  0x2069, 0x200E, 0x200F, 0x061C};
  for (size_t i = 0; i < MF_ARRAY_LEN(bidi); i++) {
    assert_true(mf_cp_is_bidi(bidi[i]));
    assert_false(mf_cp_is_zero_width(bidi[i]));
  }
  assert_false(mf_cp_is_bidi(0x2029));
  assert_false(mf_cp_is_bidi(0x206A));
  static const uint32_t zw[] = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF};
  for (size_t i = 0; i < MF_ARRAY_LEN(zw); i++) {
    assert_true(mf_cp_is_zero_width(zw[i]));
    assert_false(mf_cp_is_bidi(zw[i]));
  }
  assert_false(mf_cp_is_zero_width(0x200A));
  assert_false(mf_cp_is_zero_width(0x3000));
  /* invisible format characters in general */
  assert_true(mf_cp_is_format(0x00AD));
  assert_true(mf_cp_is_format(0xE0041)); /* tag latin capital A */
  assert_false(mf_cp_is_format(0x0041));
}

static void test_private_use(void **state) {
  (void)state;
  static const uint32_t yes[] = {0xE000,  0xEFFF,   0xF8FF,  0xF0000,
                                 0xFFFFD, 0x100000, 0x10FFFD};
  static const uint32_t no[] = {0xDFFF,  0xF900,  0xFA19,  0xEFFFF,
                                0xE0100, 0x20BB7, 0x10FFFE};
  for (size_t i = 0; i < MF_ARRAY_LEN(yes); i++)
    assert_true(mf_cp_is_private_use(yes[i]));
  for (size_t i = 0; i < MF_ARRAY_LEN(no); i++)
    assert_false(mf_cp_is_private_use(no[i]));
}

static void test_unassigned(void **state) {
  (void)state;
  assert_true(mf_cp_is_unassigned(0x0378)); /* Greek block hole */
  assert_true(mf_cp_is_unassigned(0x3097)); /* after ゖ */
  assert_true(mf_cp_is_unassigned(0xFFFE)); /* noncharacter */
  assert_true(mf_cp_is_unassigned(0xFDD0)); /* noncharacter */
  assert_true(mf_cp_is_unassigned(0x2FFFF));
  assert_true(mf_cp_is_unassigned(0xEFFFF));
  assert_false(mf_cp_is_unassigned(0x41));
  assert_false(mf_cp_is_unassigned(0x845B));
  assert_false(mf_cp_is_unassigned(0xFA19));
  assert_false(mf_cp_is_unassigned(0x20BB7));
  assert_false(mf_cp_is_unassigned(0xE0100));
  assert_false(mf_cp_is_unassigned(0xE000)); /* private use is assigned */
}

static void test_emoji(void **state) {
  (void)state;
  static const uint32_t yes[] = {0x1F600, 0x1F000, 0x1FAFF, 0x1F1E6, 0x1F1EF,
                                 0x1F1FF, 0x2600,  0x2614,  0x2764,  0x27BF,
                                 0xFE0F,  0x20E3,  0x231A,  0x23F3,  0x2B50,
                                 0x2B55,  0x25FE};
  static const uint32_t no[] = {0x3042, 0x25CF, 0x3013,  0x25CB, 0x3007, 0xFE00,
                                0xFE0E, 0x2122, 0x1FB00, 0x27C0, 0x30,   0x23};
  for (size_t i = 0; i < MF_ARRAY_LEN(yes); i++)
    assert_true(mf_cp_is_emoji(yes[i]));
  for (size_t i = 0; i < MF_ARRAY_LEN(no); i++)
    assert_false(mf_cp_is_emoji(no[i]));
}

static void test_variation_selectors_and_marks(void **state) {
  (void)state;
  assert_true(mf_cp_is_variation_selector(0xFE00));
  assert_true(mf_cp_is_variation_selector(0xFE0F));
  assert_true(mf_cp_is_variation_selector(0xE0100));
  assert_true(mf_cp_is_variation_selector(0xE01EF));
  assert_false(mf_cp_is_variation_selector(0xE01F0));
  assert_false(mf_cp_is_variation_selector(0xFDFF));
  assert_false(mf_cp_is_variation_selector(0xFE10));

  assert_true(mf_cp_is_combining(0x0301));  /* Mn acute */
  assert_true(mf_cp_is_combining(0x3099));  /* Mn kana voiced mark */
  assert_true(mf_cp_is_combining(0x0903));  /* Mc devanagari visarga */
  assert_true(mf_cp_is_combining(0x20DD));  /* Me enclosing circle */
  assert_true(mf_cp_is_combining(0xE0100)); /* variation selectors are Mn */
  assert_false(mf_cp_is_combining(0x309B)); /* spacing ゛ */
  assert_false(mf_cp_is_combining(0xFF9E)); /* half-width ﾞ */
  assert_false(mf_cp_is_combining(0x0041));

  assert_true(mf_cp_is_letter(0x845B));
  assert_true(mf_cp_is_letter('x'));
  assert_false(mf_cp_is_letter('1'));
  assert_true(mf_cp_is_space(0x20));
  assert_true(mf_cp_is_space(0xA0));
  assert_true(mf_cp_is_space(0x3000));
  assert_false(mf_cp_is_space('\n'));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_decode_valid),
      cmocka_unit_test(test_decode_overlong),
      cmocka_unit_test(test_decode_surrogate),
      cmocka_unit_test(test_decode_too_large),
      cmocka_unit_test(test_decode_truncated),
      cmocka_unit_test(test_decode_stray_and_invalid),
      cmocka_unit_test(test_validate),
      cmocka_unit_test(test_encode),
      cmocka_unit_test(test_controls),
      cmocka_unit_test(test_bidi_and_zero_width),
      cmocka_unit_test(test_private_use),
      cmocka_unit_test(test_unassigned),
      cmocka_unit_test(test_emoji),
      cmocka_unit_test(test_variation_selectors_and_marks),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
