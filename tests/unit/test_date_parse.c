/* test_date_parse.c — the dates people write (input/date_parse.c): every
 * form at every era boundary, the days that do not exist, two-digit years. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "input/date_parse.h"

/* The first day of each era and the last day of each ended era, from the
 * domain notes (not from era.c), plus the first day accepted. */
static const struct {
  int y, m, d;
  mf_era era;
  int ey; /* year of the era */
} days[] = {
    {1873, 1, 1, MF_ERA_MEIJI, 6},      {1912, 7, 29, MF_ERA_MEIJI, 45},
    {1912, 7, 30, MF_ERA_TAISHO, 1},    {1926, 12, 24, MF_ERA_TAISHO, 15},
    {1926, 12, 25, MF_ERA_SHOWA, 1},    {1989, 1, 7, MF_ERA_SHOWA, 64},
    {1989, 1, 8, MF_ERA_HEISEI, 1},     {2019, 4, 30, MF_ERA_HEISEI, 31},
    {2019, 5, 1, MF_ERA_REIWA, 1},      {2026, 11, 22, MF_ERA_REIWA, 8},
    {2000, 2, 29, MF_ERA_HEISEI, 12},   {1999, 12, 31, MF_ERA_HEISEI, 11},
};

static const char *const kanji[] = {"明治", "大正", "昭和", "平成", "令和"};
static const char initials[] = "MTSHR";

/* Appends s to out, with ASCII digits, letters and - / . made full-width
 * and spaces made U+3000 when wide. */
static void put(char *out, size_t size, const char *s, bool wide) {
  size_t n = strlen(out);
  for (; *s && n + 4 < size; s++) {
    unsigned char c = (unsigned char)*s;
    if (wide && c > 0x20 && c < 0x7F) {
      unsigned cp = 0xFEE0u + c; /* U+FF01–FF5E: EF BC 81 – EF BD 9E */
      out[n++] = (char)0xEF;
      out[n++] = (char)(0x80 | (cp >> 6 & 0x3F));
      out[n++] = (char)(0x80 | (cp & 0x3F));
    } else if (wide && c == ' ') {
      memcpy(out + n, "\xE3\x80\x80", 3);
      n += 3;
    } else {
      out[n++] = (char)c;
    }
  }
  out[n] = '\0';
}

enum { FORMS = 14 };

/* Writes day i of days[] in form k (0 ≤ k < FORMS), wide or not. */
static void write_form(char *out, size_t size, size_t i, int k, bool wide) {
  int y = days[i].y, m = days[i].m, d = days[i].d, ey = days[i].ey;
  const char *era = kanji[days[i].era];
  char ini = initials[days[i].era];
  char eys[8];
  char part[96];
  snprintf(eys, sizeof eys, "%d", ey);
  out[0] = '\0';
  switch (k) {
    case 0: snprintf(part, sizeof part, "%04d%02d%02d", y, m, d); break;
    case 1: snprintf(part, sizeof part, "%04d-%02d-%02d", y, m, d); break;
    case 2: snprintf(part, sizeof part, "%d/%d/%d", y, m, d); break;
    case 3: snprintf(part, sizeof part, "%d-%d-%d", y, m, d); break;
    case 4: snprintf(part, sizeof part, "%d.%d.%d", y, m, d); break;
    case 5: snprintf(part, sizeof part, "%d年%d月%d日", y, m, d); break;
    case 6: /* 昭和64年1月7日, 平成元年1月8日 */
      snprintf(part, sizeof part, "%s%s年%d月%d日", era, ey == 1 ? "元" : eys,
               m, d);
      break;
    case 7: /* 平成1年1月8日 */
      snprintf(part, sizeof part, "%s%d年%d月%d日", era, ey, m, d);
      break;
    case 8: /* spaces around the parts */
      snprintf(part, sizeof part, " %s %s 年 %d 月 %d 日 ", era,
               ey == 1 ? "元" : eys, m, d);
      break;
    case 9: snprintf(part, sizeof part, "%c%d.%d.%d", ini, ey, m, d); break;
    case 10:
      snprintf(part, sizeof part, "%c%d/%d/%d", ini + 32, ey, m, d);
      break;
    case 11:
      snprintf(part, sizeof part, "%c%02d-%02d-%02d", ini, ey, m, d);
      break;
    case 12: /* Excel's ge.m.d with a zero-padded year */
      snprintf(part, sizeof part, "%c%02d.%02d.%02d", ini + 32, ey, m, d);
      break;
    default: /* 昭和64.1.7 */
      snprintf(part, sizeof part, "%s%d.%d.%d", era, ey, m, d);
      break;
  }
  put(out, size, part, wide);
}

static void expect_day(const char *s, int y, int m, int d) {
  mf_date_read_result r;
  mf_date_status st = mf_date_read(s, strlen(s), &r);
  if (st != MF_DATE_OK) fail_msg("%s: status %d", s, (int)st);
  if (r.date.year != y || r.date.month != m || r.date.day != d)
    fail_msg("%s: read as %04d-%02d-%02d", s, r.date.year, r.date.month,
             r.date.day);
}

static void expect_status(const char *s, mf_date_status want) {
  mf_date_read_result r;
  mf_date_status st = mf_date_read(s, strlen(s), &r);
  if (st != want) fail_msg("%s: status %d, expected %d", s, (int)st, (int)want);
}

/* A day of an era that the era never had: refused, the right era named. */
static void expect_outside(const char *s, mf_date_status want, mf_era written,
                           mf_era actual, int y, int m, int d) {
  mf_date_read_result r;
  mf_date_status st = mf_date_read(s, strlen(s), &r);
  if (st != want) fail_msg("%s: status %d, expected %d", s, (int)st, (int)want);
  assert_int_equal(r.era, written);
  assert_int_equal(r.actual, actual);
  assert_int_equal(r.date.year, y);
  assert_int_equal(r.date.month, m);
  assert_int_equal(r.date.day, d);
}

static void test_every_form_at_every_boundary(void **state) {
  (void)state;
  char s[256];
  for (size_t i = 0; i < MF_ARRAY_LEN(days); i++)
    for (int k = 0; k < FORMS; k++)
      for (int wide = 0; wide < 2; wide++) {
        write_form(s, sizeof s, i, k, wide);
        expect_day(s, days[i].y, days[i].m, days[i].d);
        mf_date_read_result r;
        mf_date_read(s, strlen(s), &r);
        if (k >= 6) {
          assert_int_equal(r.form, MF_DATE_FORM_ERA);
          assert_int_equal(r.era, days[i].era);
          assert_int_equal(r.era_year, days[i].ey);
        } else {
          assert_int_equal(r.form,
                           k == 0 ? MF_DATE_FORM_COMPACT : MF_DATE_FORM_WESTERN);
        }
      }
}

static void test_examples(void **state) {
  (void)state;
  expect_day("昭和64年1月7日", 1989, 1, 7);
  expect_day("平成元年1月8日", 1989, 1, 8);
  expect_day("平成元年１月８日", 1989, 1, 8);
  expect_day("　平成　元年　１月　８日　", 1989, 1, 8);
  expect_day("S64.1.7", 1989, 1, 7);
  expect_day("H1.1.8", 1989, 1, 8);
  expect_day("h1-1-8", 1989, 1, 8);
  expect_day("Ｈ１．１．８", 1989, 1, 8);
  expect_day("ｒ８／１１／２２", 2026, 11, 22);
  expect_day("1980/1/1", 1980, 1, 1);
  expect_day("1980-1-1", 1980, 1, 1);
  expect_day("１９８０/１/１", 1980, 1, 1);
  expect_day("１９８００１０１", 1980, 1, 1);
  expect_day("1980 / 1 / 1", 1980, 1, 1);
  expect_day("1980/1-1", 1980, 1, 1); /* any of - / . at each place */
  expect_day("平成元.1.8", 1989, 1, 8);
  expect_day("H元.1.8", 1989, 1, 8);
  expect_day("1989年01月07日", 1989, 1, 7);
  expect_day(" 1989-01-07 ", 1989, 1, 7);
}

static void test_days_outside_their_era(void **state) {
  (void)state;
  /* the examples */
  expect_outside("昭和64年1月8日", MF_DATE_ERA_AFTER, MF_ERA_SHOWA,
                 MF_ERA_HEISEI, 1989, 1, 8);
  expect_outside("平成31年5月1日", MF_DATE_ERA_AFTER, MF_ERA_HEISEI,
                 MF_ERA_REIWA, 2019, 5, 1);
  expect_outside("S64.1.8", MF_DATE_ERA_AFTER, MF_ERA_SHOWA, MF_ERA_HEISEI,
                 1989, 1, 8);
  expect_outside("h31/05/01", MF_DATE_ERA_AFTER, MF_ERA_HEISEI, MF_ERA_REIWA,
                 2019, 5, 1);
  expect_outside("昭和64年12月31日", MF_DATE_ERA_AFTER, MF_ERA_SHOWA,
                 MF_ERA_HEISEI, 1989, 12, 31);
  expect_outside("明治45年7月30日", MF_DATE_ERA_AFTER, MF_ERA_MEIJI,
                 MF_ERA_TAISHO, 1912, 7, 30);
  expect_outside("大正15年12月25日", MF_DATE_ERA_AFTER, MF_ERA_TAISHO,
                 MF_ERA_SHOWA, 1926, 12, 25);
  /* the first year, before the era began */
  expect_outside("平成元年1月7日", MF_DATE_ERA_BEFORE, MF_ERA_HEISEI,
                 MF_ERA_SHOWA, 1989, 1, 7);
  expect_outside("令和元年4月30日", MF_DATE_ERA_BEFORE, MF_ERA_REIWA,
                 MF_ERA_HEISEI, 2019, 4, 30);
  expect_outside("R1.1.1", MF_DATE_ERA_BEFORE, MF_ERA_REIWA, MF_ERA_HEISEI,
                 2019, 1, 1);
  expect_outside("大正元年7月29日", MF_DATE_ERA_BEFORE, MF_ERA_TAISHO,
                 MF_ERA_MEIJI, 1912, 7, 29);
  expect_outside("昭和元年12月24日", MF_DATE_ERA_BEFORE, MF_ERA_SHOWA,
                 MF_ERA_TAISHO, 1926, 12, 24);
  /* years an era never reached */
  expect_status("昭和65年1月1日", MF_DATE_ERA_YEAR);
  expect_status("S65.1.1", MF_DATE_ERA_YEAR);
  expect_status("平成32年1月1日", MF_DATE_ERA_YEAR);
  expect_status("大正16年1月1日", MF_DATE_ERA_YEAR);
  expect_status("明治46年1月1日", MF_DATE_ERA_YEAR);
  expect_status("平成0年1月1日", MF_DATE_ERA_YEAR);
  expect_status("R0.5.1", MF_DATE_ERA_YEAR);
  expect_status("H00.1.1", MF_DATE_ERA_YEAR);
  expect_day("令和99年12月31日", 2117, 12, 31); /* 令和 has not ended */
}

static void test_calendar(void **state) {
  (void)state;
  expect_day("平成28年2月29日", 2016, 2, 29);
  expect_status("平成31年2月29日", MF_DATE_INVALID); /* 2019 */
  expect_status("昭和64年1月32日", MF_DATE_INVALID);
  expect_status("S63.13.1", MF_DATE_INVALID);
  expect_status("S63.0.1", MF_DATE_INVALID);
  expect_status("1989/1/0", MF_DATE_INVALID);
  expect_status("2023-02-29", MF_DATE_INVALID);
  expect_status("20230230", MF_DATE_INVALID);
  expect_status("0000-01-01", MF_DATE_INVALID);
  /* before the solar calendar: 明治5年 was lunisolar */
  expect_status("明治5年12月31日", MF_DATE_TOO_EARLY);
  expect_status("明治元年1月25日", MF_DATE_TOO_EARLY);
  expect_status("M1.1.1", MF_DATE_TOO_EARLY);
  expect_status("1872-12-31", MF_DATE_TOO_EARLY);
  expect_status("1872/12/31", MF_DATE_TOO_EARLY);
  expect_day("明治6年1月1日", 1873, 1, 1);
}

static void test_two_digit_years(void **state) {
  (void)state;
  expect_status("89/1/7", MF_DATE_TWO_DIGIT_YEAR);
  expect_status("89-01-07", MF_DATE_TWO_DIGIT_YEAR);
  expect_status("89.1.7", MF_DATE_TWO_DIGIT_YEAR);
  expect_status("890107", MF_DATE_TWO_DIGIT_YEAR);
  expect_status("89年1月7日", MF_DATE_TWO_DIGIT_YEAR);
  expect_status("８９／１／７", MF_DATE_TWO_DIGIT_YEAR);
  expect_status("０１/０１/０１", MF_DATE_TWO_DIGIT_YEAR);
  /* a two-digit year with a broken rest is just not a date */
  expect_status("89/1", MF_DATE_SYNTAX);
}

static void test_not_dates(void **state) {
  (void)state;
  static const char *const bad[] = {
      "",
      " ",
      "1989",
      "1989-1",
      "1989-1-7-1",
      "1989 1 7",
      "1989-001-07",
      "1989-01-007",
      "198-01-07",
      "19890-01-07",
      "1989010",
      "198901071",
      "19890107 1",
      "2023-01-02T00:00",
      "1989_01_07",
      "+1989-01-07",
      "平成元年1月8",
      "平成元年1月8日生",
      "平成元年1月",
      "平成元年",
      "平成",
      "元年1月8日",
      "H1.1.8日",
      "H1年1.8",
      "H123.1.1",
      "H.1.8",
      "HH1.1.8",
      "X1.1.8",
      "昭64.1.7",
      "㍻1.1.8",
      "平 成1年1月8日",
      "H1.1.8\n",
      "H1.1.8\t",
      "H1\xC2\xA0.1.8", /* NBSP is not a space here */
      "H1.1.8\xE2\x80\x8B",
      "1989−01−07", /* U+2212 is not a separator */
      "1989ー01ー07",
      "1989,01,07",
      "\xFF",
      "H1.1.\xE3\x80",
  };
  for (size_t i = 0; i < MF_ARRAY_LEN(bad); i++)
    expect_status(bad[i], MF_DATE_SYNTAX);
  /* only len bytes are read; NULL is no date; too long is no date */
  mf_date_read_result r;
  assert_int_equal(mf_date_read("1989-01-07xyz", 10, &r), MF_DATE_OK);
  assert_int_equal(mf_date_read(NULL, 0, &r), MF_DATE_SYNTAX);
  char longer[MF_DATE_TEXT_MAX + 2];
  memset(longer, ' ', sizeof longer);
  memcpy(longer, "1989-01-07", 10);
  assert_int_equal(mf_date_read(longer, MF_DATE_TEXT_MAX, &r), MF_DATE_OK);
  assert_int_equal(mf_date_read(longer, MF_DATE_TEXT_MAX + 1, &r),
                   MF_DATE_SYNTAX);
}

static void test_era_days(void **state) {
  (void)state;
  mf_date d;
  assert_true(mf_era_first_day(MF_ERA_HEISEI, &d));
  assert_int_equal(d.year * 10000 + d.month * 100 + d.day, 19890108);
  assert_true(mf_era_last_day(MF_ERA_SHOWA, &d));
  assert_int_equal(d.year * 10000 + d.month * 100 + d.day, 19890107);
  assert_true(mf_era_last_day(MF_ERA_HEISEI, &d)); /* across a month */
  assert_int_equal(d.year * 10000 + d.month * 100 + d.day, 20190430);
  assert_true(mf_era_last_day(MF_ERA_MEIJI, &d));
  assert_int_equal(d.year * 10000 + d.month * 100 + d.day, 19120729);
  assert_true(mf_era_last_day(MF_ERA_TAISHO, &d));
  assert_int_equal(d.year * 10000 + d.month * 100 + d.day, 19261224);
  assert_false(mf_era_last_day(MF_ERA_REIWA, &d));
  assert_false(mf_era_first_day(MF_ERA_COUNT, &d));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_form_at_every_boundary),
      cmocka_unit_test(test_examples),
      cmocka_unit_test(test_days_outside_their_era),
      cmocka_unit_test(test_calendar),
      cmocka_unit_test(test_two_digit_years),
      cmocka_unit_test(test_not_dates),
      cmocka_unit_test(test_era_days),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
