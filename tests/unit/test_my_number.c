/* test_my_number.c — detection of a 個人番号 (My Number). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "core/my_number.h"

static bool find(const char *s) { return mf_my_number_find(s, strlen(s)); }
static bool is_key(const char *s) { return mf_my_number_is_key(s, strlen(s)); }

static void test_check_digit(void **state) {
  (void)state;
  /* computed by hand: Σ P_n·Q_n = 212, 212 mod 11 = 3, 11 − 3 = 8 */
  assert_int_equal(mf_my_number_check_digit("12345678901"), 8);
  assert_int_equal(mf_my_number_check_digit("98765432109"), 3);
  assert_int_equal(mf_my_number_check_digit("31415926535"), 2);
  assert_int_equal(mf_my_number_check_digit("00000000001"), 9);
  /* r = 0 and r = 1 both give check digit 0 */
  assert_int_equal(mf_my_number_check_digit("00000000000"), 0);
  assert_int_equal(mf_my_number_check_digit("27182818284"), 0);
  assert_int_equal(mf_my_number_check_digit("1234567890a"), -1);

  assert_true(mf_my_number_valid("123456789018"));
  assert_true(mf_my_number_valid("987654321093"));
  assert_true(mf_my_number_valid("271828182840"));
  assert_true(mf_my_number_valid("000000000000"));
  for (char c = '0'; c <= '9'; c++) {
    char d[13] = "12345678901";
    d[11] = c;
    assert_int_equal(mf_my_number_valid(d), c == '8');
  }
  assert_false(mf_my_number_valid("12345678901x"));
}

static void test_find_runs(void **state) {
  (void)state;
  assert_true(find("123456789018"));
  assert_true(find("memo: 123456789018 end"));
  assert_true(find("番号123456789018です"));
  assert_true(find("x123456789018"));
  assert_true(find("-123456789018")); /* a negative JSON number */
  assert_true(find("1234567890 / 987654321093"));
  /* full-width digits, and a mix of widths */
  assert_true(find("１２３４５６７８９０１８"));
  assert_true(find("１２３４56789０１８"));
  /* an invalid check digit, 11 and 13 digits: not a My Number */
  assert_false(find("123456789010"));
  assert_false(find("12345678901"));
  assert_false(find("1234567890180"));
  assert_false(find("0123456789018"));
  assert_false(find("１２３４５６７８９０１８９"));
  assert_false(find(""));
  assert_false(find("no digits here"));
  assert_false(find("03-1234-5678"));
  assert_false(find("090-1234-5678"));
  assert_false(find("0120-123-456"));
}

static void test_find_groups(void **state) {
  (void)state;
  assert_true(find("1234 5678 9018"));
  assert_true(find("1234-5678-9018"));
  assert_true(find("1234　5678　9018")); /* U+3000 */
  assert_true(find("1234－5678－9018")); /* U+FF0D */
  assert_true(find("１２３４－５６７８－９０１８"));
  assert_true(find("１２３４ ５６７８　９０１８"));
  assert_true(find("1234 5678-9018")); /* mixed separators */
  assert_true(find("番号は1234-5678-9018です"));
  assert_true(find("a 9876 5432 1093 b"));
  /* wrong shapes */
  assert_false(find("1234 5678 9010"));  /* check digit */
  assert_false(find("1234 5678"));
  assert_false(find("12345 5678 9018")); /* 13 digits in the chain */
  assert_false(find("1234 5678 90181"));
  assert_false(find("1234:5678:9018")); /* ':' is not a separator */
}

/* Hostile review 2026-12-03, findings 1, 7 and 13: every spelling a reader
 * would still read as the number 123456789018. */
static void test_find_folded(void **state) {
  (void)state;
  static const char *const yes[] = {
      "1234  5678  9018",                 /* two spaces */
      "1234\u00A05678\u00A09018",         /* NBSP */
      "1234\u20095678\u202F9018",         /* thin, narrow no-break space */
      "1234\u2010" "5678\u2010" "9018",   /* U+2010 HYPHEN */
      "1234\u2212" "5678\u2212" "9018",   /* MINUS SIGN */
      "1234\u2013" "5678\u2014" "9018",   /* en, em dash */
      "１２３４ー５６７８ー９０１８",     /* 長音 */
      "1234ｰ5678ｰ9018",                   /* half-width 長音 */
      "1234.5678.9018", "1234/5678/9018", "1234・5678・9018",
      "1234_5678_9018", "1234 - 5678 - 9018", "123 45678 9018",
      "1\uFE0E2\uFE0E3\uFE0E4\uFE0E5\uFE0E6\uFE0E7\uFE0E8\uFE0E9\uFE0E0\uFE0E1\uFE0E8",
      "1\U000E01002345678901\U000E01008", /* IVS */
      "1234\u200B5678\u200D9018",         /* zero-width */
      "1234\u00AD5678\u20609018",         /* soft hyphen, word joiner */
      "1234\u202E5678\u202C9018",         /* bidi controls */
      "1234\t5678\n9018",                /* line breaks */
      "①②③④⑤⑥⑦⑧⑨⓪①⑧",                   /* circled digits (NFKC) */
      "一二三四五六七八九〇一八",         /* kanji numerals */
      "一二三四 五六七八 九〇一八",
      "壱弐参四五六七八九零壱八",
      "𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗𝟎𝟏𝟖",                   /* mathematical digits */
      "١٢٣٤٥٦٧٨٩٠١٨",                   /* Arabic-Indic digits (Nd) */
      "१२३४५६७८९०१८",                   /* Devanagari digits */
      "5.123456789018",                 /* a JSON number as written */
      "1.23456789018e11", "12345678901.8E1", "123456789018e0",
      "0.123456789018", "-1234-5678-9018-",
      "番号は一二三四―五六七八―九〇一八です",
      "1234567890 / 987654321093", /* a 12-digit run in a longer chain */
      "123456789018_000001.pdf",
  };
  for (size_t i = 0; i < MF_ARRAY_LEN(yes); i++) {
    if (!find(yes[i])) fail_msg("not found: %s", yes[i]);
  }
  static const char *const no[] = {
      "03-1234-5678 090-1234-5678", /* two phone numbers: 21 digits */
      "03-1234-5678 内線 1234",
      "東京都千代田区一丁目二番三号",
      "千二百三十四万",             /* 十 百 千 万 are place values */
      "2023.12.01 2024.01.01",      /* 16 digits */
      "1234 5678 9018 5",           /* 13 digits */
      "TEL 0120-123-456",
      "①②③",
  };
  for (size_t i = 0; i < MF_ARRAY_LEN(no); i++) {
    if (find(no[i])) fail_msg("found in: %s", no[i]);
  }
}

static void test_find_invalid_utf8(void **state) {
  (void)state;
  /* bad bytes count as non-digits and do not stop the scan */
  assert_true(
      mf_my_number_find("\xFF"
                        "123456789018\xC0",
                        14));
  assert_false(
      mf_my_number_find("12345\xFF"
                        "6789018",
                        13));
  /* only len bytes are read */
  assert_false(mf_my_number_find("123456789018", 11));
}

static void test_key_names(void **state) {
  (void)state;
  static const char *const yes[] = {
      "my_number",    "MyNumber",          "mynumber",         "MY-NUMBER",
      "my number",    "kojin_bango",       "kojinbangou",      "KojinBangou",
      "kojin_bangō",  "individual_number", "IndividualNumber", "個人番号",
      "マイナンバー", "マイ ナンバー",     "個人　番号",       "__my__number__",
      /* hostile review finding 12 */
      "ｍｙ＿ｎｕｍｂｅｒ", "ﾏｲﾅﾝﾊﾞｰ", "まいなんばー", "マイナンバー番号",
      "個人番号（マイナンバー）", "my.number", "個人番號", "マイナンバ－",
      "my\u200Bnumber", "my_no", "MyNum", "patient_my_number", "mynumber2",
      "こじんばんごう", "マイナンバーカード番号", "mynumber_card_no",
  };
  static const char *const no[] = {
      "mynumbercard",
      "my_number_card",
      "number",
      "my",
      "name",
      "kojin",
      "番号",
      "マイナンバーカード",
      "マイナンバーカード有無",
      "",
      "mynote",
      "insurer_number",
  };
  for (size_t i = 0; i < MF_ARRAY_LEN(yes); i++) assert_true(is_key(yes[i]));
  for (size_t i = 0; i < MF_ARRAY_LEN(no); i++) assert_false(is_key(no[i]));
  assert_false(mf_my_number_is_key("my\xFFnumber", 9));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_check_digit),
      cmocka_unit_test(test_find_runs),
      cmocka_unit_test(test_find_groups),
      cmocka_unit_test(test_find_folded),
      cmocka_unit_test(test_find_invalid_utf8),
      cmocka_unit_test(test_key_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
