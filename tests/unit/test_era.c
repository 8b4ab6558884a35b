/* test_era.c — Gregorian dates → Japanese era dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "input/era.h"

/* Converts s and checks the formatted result, era and year text. */
static void expect_era(const char *s, const char *formatted, mf_era era,
                       const char *year_text) {
  mf_era_date e;
  assert_int_equal(mf_era_parse(s, strlen(s), &e), MF_DATE_OK);
  char buf[64];
  size_t n = mf_era_format(&e, buf, sizeof buf);
  assert_int_equal(n, strlen(formatted));
  assert_string_equal(buf, formatted);
  assert_int_equal(e.era, era);
  assert_string_equal(e.era_name, mf_era_name(era));
  assert_string_equal(e.era_key, mf_era_key(era));
  assert_string_equal(e.year_text, year_text);
}

static void expect_status(const char *s, mf_date_status st) {
  mf_era_date e;
  assert_int_equal(mf_era_parse(s, strlen(s), &e), st);
}

static void test_boundaries(void **state) {
  (void)state;
  expect_era("1873-01-01", "明治6年1月1日", MF_ERA_MEIJI, "6");
  expect_era("1912-07-29", "明治45年7月29日", MF_ERA_MEIJI, "45");
  expect_era("1912-07-30", "大正元年7月30日", MF_ERA_TAISHO, "元");
  expect_era("1926-12-24", "大正15年12月24日", MF_ERA_TAISHO, "15");
  expect_era("1926-12-25", "昭和元年12月25日", MF_ERA_SHOWA, "元");
  expect_era("1989-01-07", "昭和64年1月7日", MF_ERA_SHOWA, "64");
  expect_era("1989-01-08", "平成元年1月8日", MF_ERA_HEISEI, "元");
  expect_era("2019-04-30", "平成31年4月30日", MF_ERA_HEISEI, "31");
  expect_era("2019-05-01", "令和元年5月1日", MF_ERA_REIWA, "元");
  expect_era("2026-11-22", "令和8年11月22日", MF_ERA_REIWA, "8");
}

static void test_year_two_and_compact_form(void **state) {
  (void)state;
  expect_era("19270101", "昭和2年1月1日", MF_ERA_SHOWA, "2");
  expect_era("19890108", "平成元年1月8日", MF_ERA_HEISEI, "元");
  expect_era("20200101", "令和2年1月1日", MF_ERA_REIWA, "2");
  expect_era("1983-06-15", "昭和58年6月15日", MF_ERA_SHOWA, "58");
  expect_era("2000-02-29", "平成12年2月29日", MF_ERA_HEISEI, "12");
  expect_era("2024-02-29", "令和6年2月29日", MF_ERA_REIWA, "6");
}

static void test_struct_fields(void **state) {
  (void)state;
  mf_era_date e;
  assert_int_equal(mf_era_parse("1989-01-07", 10, &e), MF_DATE_OK);
  assert_int_equal(e.year, 64);
  assert_int_equal(e.month, 1);
  assert_int_equal(e.day, 7);
  assert_string_equal(e.era_key, "showa");
  assert_int_equal(mf_era_parse("2019-05-01", 10, &e), MF_DATE_OK);
  assert_int_equal(e.year, 1);
  assert_string_equal(e.year_text, "元");
  assert_string_equal(e.era_name, "令和");
  assert_string_equal(e.era_key, "reiwa");
  assert_string_equal(mf_era_key(MF_ERA_MEIJI), "meiji");
  assert_string_equal(mf_era_key(MF_ERA_TAISHO), "taisho");
  assert_string_equal(mf_era_key(MF_ERA_HEISEI), "heisei");
  assert_null(mf_era_name(MF_ERA_COUNT));
  assert_null(mf_era_key((mf_era)-1));
}

static void test_invalid_dates(void **state) {
  (void)state;
  expect_status("2023-02-29", MF_DATE_INVALID);
  expect_status("20230230", MF_DATE_INVALID);
  expect_status("1900-02-29", MF_DATE_INVALID); /* not a leap year */
  expect_status("2023-04-31", MF_DATE_INVALID);
  expect_status("2023-13-01", MF_DATE_INVALID);
  expect_status("2023-00-10", MF_DATE_INVALID);
  expect_status("2023-01-00", MF_DATE_INVALID);
  expect_status("2023-01-32", MF_DATE_INVALID);
  expect_status("0000-01-01", MF_DATE_INVALID);
  expect_status("1872-12-31", MF_DATE_TOO_EARLY);
  expect_status("1868-01-25", MF_DATE_TOO_EARLY);
  expect_status("18000101", MF_DATE_TOO_EARLY);
}

static void test_garbage(void **state) {
  (void)state;
  static const char *const bad[] = {
      "",
      "garbage",
      "2023/01/02",
      "2023-1-2",
      "2023-01-2",
      "2023-01-02 ",
      " 2023-01-02",
      "2023-01-02T00:00",
      "2023_01_02",
      "202301021",
      "2023012",
      "２０２３-０１-０２",
      "+023-01-02",
      "-023-01-02",
      "2023-0a-02",
      "R08-11-22",
      "2023--01-02",
      "20230102\n",
  };
  for (size_t i = 0; i < MF_ARRAY_LEN(bad); i++) {
    mf_date d;
    assert_int_equal(mf_date_parse(bad[i], strlen(bad[i]), &d), MF_DATE_SYNTAX);
  }
  mf_date d;
  assert_int_equal(mf_date_parse(NULL, 0, &d), MF_DATE_SYNTAX);
  /* only len bytes are read */
  assert_int_equal(mf_date_parse("2023-01-02xyz", 10, &d), MF_DATE_OK);
  assert_int_equal(d.year, 2023);
  assert_int_equal(d.month, 1);
  assert_int_equal(d.day, 2);
}

static void test_date_helpers(void **state) {
  (void)state;
  assert_true(mf_date_valid(2000, 2, 29));
  assert_true(mf_date_valid(2024, 2, 29));
  assert_false(mf_date_valid(2100, 2, 29));
  assert_false(mf_date_valid(2023, 2, 29));
  assert_true(mf_date_valid(9999, 12, 31));
  assert_false(mf_date_valid(10000, 1, 1));
  mf_date a = {1989, 1, 7}, b = {1989, 1, 8};
  assert_true(mf_date_cmp(&a, &b) < 0);
  assert_true(mf_date_cmp(&b, &a) > 0);
  assert_int_equal(mf_date_cmp(&a, &a), 0);
  mf_era_date e;
  mf_date bad = {2023, 2, 29};
  assert_int_equal(mf_era_from_date(&bad, &e), MF_DATE_INVALID);
}

static void test_format_truncates_safely(void **state) {
  (void)state;
  mf_era_date e;
  assert_int_equal(mf_era_parse("2026-11-22", 10, &e), MF_DATE_OK);
  char small[8];
  size_t need = mf_era_format(&e, small, sizeof small);
  assert_int_equal(need, strlen("令和8年11月22日"));
  assert_int_equal(strlen(small), sizeof small - 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_boundaries),
      cmocka_unit_test(test_year_two_and_compact_form),
      cmocka_unit_test(test_struct_fields),
      cmocka_unit_test(test_invalid_dates),
      cmocka_unit_test(test_garbage),
      cmocka_unit_test(test_date_helpers),
      cmocka_unit_test(test_format_truncates_safely),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
