/*
 * fuzz_date.c — fuzz target for the dates people write (input/date_parse.c):
 * arbitrary bytes as a birth_date or filing_date value.
 *
 * Oracles besides the sanitizers, against a table of the era boundaries of
 * its own (from the domain notes, not from era.c):
 * - the parser never accepts an impossible date: an accepted date is a real
 *   calendar date from 1873-01-01 to 9999-12-31, and one written in an era
 *   lies within that era, in the year of the era written;
 * - a day refused as outside its era (MF_DATE_ERA_BEFORE / _AFTER) is a real
 *   date that lies outside the era written, before its first day or after
 *   its last, and the era reported is the one the day is in; a year refused
 *   (MF_DATE_ERA_YEAR) is one the era never reached;
 * - a parsed date round-trips: written again in every form (YYYYMMDD,
 *   YYYY-MM-DD, Y/M/D, Y年M月D日, its era in kanji with 元, its era's
 *   initial; the era forms while its year has at most two digits, to
 *   令和99年), narrow or full-width as the input's hash says, it reads back
 *   as the same day;
 * - reading is deterministic.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fuzz_check.h"
#include "input/date_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
  int first, last; /* YYYYMMDD; last 0: not ended */
  const char *kanji;
  char initial;
} eras[MF_ERA_COUNT] = {
    {18680125, 19120729, "明治", 'M'}, {19120730, 19261224, "大正", 'T'},
    {19261225, 19890107, "昭和", 'S'}, {19890108, 20190430, "平成", 'H'},
    {20190501, 0, "令和", 'R'},
};

static int ymd(const mf_date *d) { return d->year * 10000 + d->month * 100 + d->day; }

static bool real_date(const mf_date *d) {
  static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d->year < 1 || d->year > 9999 || d->month < 1 || d->month > 12 || d->day < 1)
    return false;
  bool leap = (d->year % 4 == 0 && d->year % 100 != 0) || d->year % 400 == 0;
  return d->day <= mdays[d->month - 1] + (d->month == 2 && leap);
}

/* The era a date from 明治 on is in, by the table. */
static int era_of(const mf_date *d) {
  int v = ymd(d), e = MF_ERA_COUNT - 1;
  while (e > 0 && v < eras[e].first) e--;
  return e;
}

/* Appends s, its ASCII made full-width and spaces U+3000 when wide. */
static void put(char *out, size_t size, const char *s, bool wide) {
  size_t n = strlen(out);
  for (; *s && n + 4 < size; s++) {
    unsigned char c = (unsigned char)*s;
    if (wide && c > 0x20 && c < 0x7F) {
      unsigned cp = 0xFEE0u + c;
      out[n++] = (char)0xEF;
      out[n++] = (char)(0x80 | (cp >> 6 & 0x3F));
      out[n++] = (char)(0x80 | (cp & 0x3F));
    } else {
      out[n++] = (char)c;
    }
  }
  out[n] = '\0';
}

enum { FORMS = 7 };

/* Writes d in form k. */
static void write_form(char *out, size_t size, const mf_date *d, int k, bool wide,
                       bool lower) {
  int e = era_of(d);
  int ey = d->year - eras[e].first / 10000 + 1;
  char part[96], eys[12];
  snprintf(eys, sizeof eys, "%d", ey);
  switch (k) {
    case 0: snprintf(part, sizeof part, "%04d%02d%02d", d->year, d->month, d->day); break;
    case 1: snprintf(part, sizeof part, "%04d-%02d-%02d", d->year, d->month, d->day); break;
    case 2: snprintf(part, sizeof part, "%d/%d/%d", d->year, d->month, d->day); break;
    case 3: snprintf(part, sizeof part, "%d年%d月%d日", d->year, d->month, d->day); break;
    case 4:
      snprintf(part, sizeof part, "%s%s年%d月%d日", eras[e].kanji, ey == 1 ? "元" : eys,
               d->month, d->day);
      break;
    case 5:
      snprintf(part, sizeof part, "%c%d.%d.%d", eras[e].initial + (lower ? 32 : 0), ey,
               d->month, d->day);
      break;
    default:
      snprintf(part, sizeof part, " %s %d - %02d / %d ", eras[e].kanji, ey, d->month, d->day);
      break;
  }
  out[0] = '\0';
  put(out, size, part, wide);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  mf_date_read_result r, again;
  mf_date_status st = mf_date_read(s, size, &r);
  FUZZ_CHECK(mf_date_read(s, size, &again) == st && !memcmp(&r, &again, sizeof r),
             "reading twice differs");
  unsigned h = 2166136261u;
  for (size_t i = 0; i < size; i++) h = (h ^ data[i]) * 16777619u;

  switch (st) {
    case MF_DATE_OK: {
      FUZZ_CHECK(real_date(&r.date), "accepted %04d-%02d-%02d", r.date.year, r.date.month,
                 r.date.day);
      FUZZ_CHECK(ymd(&r.date) >= 18730101, "accepted %d, before 1873", ymd(&r.date));
      int e = era_of(&r.date);
      if (r.form == MF_DATE_FORM_ERA) {
        FUZZ_CHECK(e == (int)r.era, "accepted %d as %s, it is in %s", ymd(&r.date),
                   eras[r.era].kanji, eras[e].kanji);
        FUZZ_CHECK(r.date.year - eras[e].first / 10000 + 1 == r.era_year,
                   "accepted %d as %s %d", ymd(&r.date), eras[e].kanji, r.era_year);
      }
      char w[160];
      int forms = r.date.year - eras[e].first / 10000 + 1 <= 99 ? FORMS : 4;
      for (int k = 0; k < forms; k++) {
        write_form(w, sizeof w, &r.date, k, (h >> k) & 1, (h >> 8) & 1);
        mf_date_read_result back;
        mf_date_status bst = mf_date_read(w, strlen(w), &back);
        FUZZ_CHECK(bst == MF_DATE_OK && ymd(&back.date) == ymd(&r.date),
                   "%d written as \"%s\" reads back as %d (status %d)", ymd(&r.date), w,
                   ymd(&back.date), (int)bst);
      }
      break;
    }
    case MF_DATE_ERA_BEFORE:
    case MF_DATE_ERA_AFTER: {
      FUZZ_CHECK(r.form == MF_DATE_FORM_ERA, "an era status for a Western date");
      FUZZ_CHECK(real_date(&r.date) && ymd(&r.date) >= 18730101, "refused day %d is no date",
                 ymd(&r.date));
      int v = ymd(&r.date), e = r.era;
      if (st == MF_DATE_ERA_BEFORE)
        FUZZ_CHECK(v < eras[e].first, "%d refused as before %s", v, eras[e].kanji);
      else
        FUZZ_CHECK(eras[e].last && v > eras[e].last, "%d refused as after %s", v,
                   eras[e].kanji);
      FUZZ_CHECK((int)r.actual == era_of(&r.date), "%d reported in %s", v,
                 eras[r.actual].kanji);
      break;
    }
    case MF_DATE_ERA_YEAR: {
      FUZZ_CHECK(r.form == MF_DATE_FORM_ERA, "an era year status for a Western date");
      int e = r.era;
      int last = eras[e].last ? eras[e].last / 10000 - eras[e].first / 10000 + 1 : 9999;
      FUZZ_CHECK(r.era_year < 1 || r.era_year > last, "%s %d refused", eras[e].kanji,
                 r.era_year);
      break;
    }
    default:
      break;
  }
  return 0;
}
