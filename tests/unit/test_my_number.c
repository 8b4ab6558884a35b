/* test_my_number.c — detection of a 個人番号 (My Number). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "input/my_number.h"

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
  assert_false(find("1234  5678 9018")); /* two separators */
  assert_false(find("1234/5678/9018"));  /* other separator */
  assert_false(find("1234 5678"));
  assert_false(find("12345 5678 9018")); /* first group too long */
  assert_false(find("1234 5678 90181")); /* last group too long */
  assert_false(find("123 45678 9018"));
  assert_false(find("1234_5678_9018"));
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
      "",
      "mynumber2",
      "my.number",
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
      cmocka_unit_test(test_find_invalid_utf8),
      cmocka_unit_test(test_key_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
