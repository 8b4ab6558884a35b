/* era.c — Gregorian date parsing and conversion to the Japanese era. */
#include <stdio.h>
#include <string.h>

#include "input/era.h"

static const struct {
  const char *name, *key;
  int first; /* first day as YYYYMMDD */
} eras[MF_ERA_COUNT] = {
    {"明治", "meiji", 18680125}, {"大正", "taisho", 19120730},
    {"昭和", "showa", 19261225}, {"平成", "heisei", 19890108},
    {"令和", "reiwa", 20190501},
};

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool mf_date_valid(int year, int month, int day) {
  static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
    return false;
  int n = mdays[month - 1] + (month == 2 && leap(year));
  return day <= n;
}

/* n ASCII digits at s as a number, or -1. */
static int digits(const char *s, size_t n) {
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

mf_date_status mf_date_parse(const char *s, size_t len, mf_date *out) {
  int y, m, d;
  if (!s) return MF_DATE_SYNTAX;
  if (len == 10 && s[4] == '-' && s[7] == '-') {
    y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
  } else if (len == 8) {
    y = digits(s, 4), m = digits(s + 4, 2), d = digits(s + 6, 2);
  } else {
    return MF_DATE_SYNTAX;
  }
  if (y < 0 || m < 0 || d < 0) return MF_DATE_SYNTAX;
  if (!mf_date_valid(y, m, d)) return MF_DATE_INVALID;
  if (out) *out = (mf_date){y, m, d};
  return MF_DATE_OK;
}

static int ymd(const mf_date *d) {
  return d->year * 10000 + d->month * 100 + d->day;
}

int mf_date_cmp(const mf_date *a, const mf_date *b) {
  int x = ymd(a), y = ymd(b);
  return (x > y) - (x < y);
}

mf_date_status mf_era_from_date(const mf_date *d, mf_era_date *out) {
  if (!mf_date_valid(d->year, d->month, d->day)) return MF_DATE_INVALID;
  int v = ymd(d);
  if (v < MF_ERA_FIRST_DATE) return MF_DATE_TOO_EARLY;
  int e = MF_ERA_COUNT - 1;
  while (e > 0 && v < eras[e].first) e--;
  memset(out, 0, sizeof *out);
  out->era = (mf_era)e;
  out->era_name = eras[e].name;
  out->era_key = eras[e].key;
  out->year = d->year - eras[e].first / 10000 + 1;
  if (out->year == 1)
    snprintf(out->year_text, sizeof out->year_text, "元");
  else
    snprintf(out->year_text, sizeof out->year_text, "%d", out->year);
  out->month = d->month;
  out->day = d->day;
  return MF_DATE_OK;
}

mf_date_status mf_era_parse(const char *s, size_t len, mf_era_date *out) {
  mf_date d;
  mf_date_status st = mf_date_parse(s, len, &d);
  if (st != MF_DATE_OK) return st;
  return mf_era_from_date(&d, out);
}

static mf_date from_ymd(int v) {
  return (mf_date){v / 10000, v / 100 % 100, v % 100};
}

bool mf_era_first_day(mf_era era, mf_date *out) {
  if ((unsigned)era >= MF_ERA_COUNT) return false;
  *out = from_ymd(eras[era].first);
  return true;
}

bool mf_era_last_day(mf_era era, mf_date *out) {
  if ((unsigned)era + 1 >= MF_ERA_COUNT) return false;
  mf_date d = from_ymd(eras[era + 1].first);
  if (--d.day == 0) { /* 令和 began on May 1st: 平成 ended on April 30th */
    if (--d.month == 0) d.month = 12, d.year--;
    d.day = 31;
    while (!mf_date_valid(d.year, d.month, d.day)) d.day--;
  }
  *out = d;
  return true;
}

const char *mf_era_name(mf_era era) {
  return (unsigned)era < MF_ERA_COUNT ? eras[era].name : NULL;
}

const char *mf_era_key(mf_era era) {
  return (unsigned)era < MF_ERA_COUNT ? eras[era].key : NULL;
}

size_t mf_era_format(const mf_era_date *e, char *out, size_t size) {
  int n = snprintf(out, size, "%s%s年%d月%d日", e->era_name, e->year_text,
                   e->month, e->day);
  return n < 0 ? 0 : (size_t)n;
}
