/*
 * era.h — Gregorian dates ("YYYY-MM-DD", "YYYYMMDD") → Japanese era dates
 * (和暦): 明治, 大正, 昭和, 平成, 令和.  Year 1 of an era is written 元.
 *
 * Eras by first day: 明治 1868-01-25 (dates accepted from 1873-01-01, when
 * Japan adopted the solar calendar), 大正 1912-07-30, 昭和 1926-12-25,
 * 平成 1989-01-08, 令和 2019-05-01.
 */
#ifndef MF_ERA_H
#define MF_ERA_H

#include <stdbool.h>
#include <stddef.h>

typedef enum mf_era {
  MF_ERA_MEIJI = 0,
  MF_ERA_TAISHO,
  MF_ERA_SHOWA,
  MF_ERA_HEISEI,
  MF_ERA_REIWA,
  MF_ERA_COUNT
} mf_era;

/* A Gregorian calendar date. */
typedef struct mf_date {
  int year, month, day;
} mf_date;

/* A date in the Japanese era. */
typedef struct mf_era_date {
  mf_era era;
  const char *era_name; /* "令和" (static) */
  const char *era_key;  /* "reiwa" (static): the record's era.<key> */
  int year;             /* year of the era, 1 = 元年 */
  char year_text[12];   /* "元" or "8" */
  int month, day;
} mf_era_date;

/* Why a date string was refused. */
typedef enum mf_date_status {
  MF_DATE_OK = 0,
  MF_DATE_SYNTAX,   /* not a date form this parser reads */
  MF_DATE_INVALID,  /* no such calendar date (2023-02-29) */
  MF_DATE_TOO_EARLY, /* before 1873-01-01 */
  /* only from mf_date_read (date_parse.h): */
  MF_DATE_TWO_DIGIT_YEAR, /* a Western year of two digits (80/1/7) */
  MF_DATE_ERA_YEAR,  /* an era year the era never reached (昭和65年, 平成0年) */
  MF_DATE_ERA_BEFORE, /* a day before the era began (平成元年1月7日) */
  MF_DATE_ERA_AFTER  /* a day after the era ended (昭和64年1月8日) */
} mf_date_status;

/* Earliest date accepted: 1873-01-01 (明治6年1月1日). */
#define MF_ERA_FIRST_DATE 18730101

/* True for a real Gregorian date (year 1–9999, leap years counted). */
bool mf_date_valid(int year, int month, int day);

/* Parses exactly "YYYY-MM-DD" or "YYYYMMDD" (ASCII digits) into *out. */
mf_date_status mf_date_parse(const char *s, size_t len, mf_date *out);

/* Orders dates: negative, 0 or positive as a is before, equal or after b. */
int mf_date_cmp(const mf_date *a, const mf_date *b);

/* Converts a valid date to its era; MF_DATE_TOO_EARLY before 1873-01-01,
 * MF_DATE_INVALID for an impossible date. */
mf_date_status mf_era_from_date(const mf_date *d, mf_era_date *out);

/* mf_date_parse then mf_era_from_date. */
mf_date_status mf_era_parse(const char *s, size_t len, mf_era_date *out);

/* The first day of an era, and its last day (the day before the next era
 * began); false for the last day of 令和, which has not ended, and for an
 * era out of range. */
bool mf_era_first_day(mf_era era, mf_date *out);
bool mf_era_last_day(mf_era era, mf_date *out);

/* "令和" / "reiwa" for an era; NULL if out of range. */
const char *mf_era_name(mf_era era);
const char *mf_era_key(mf_era era);

/* Writes "令和8年11月22日" (half-width digits, 元 for year 1) into out;
 * returns the length it needs (like snprintf).  32 bytes always suffice. */
size_t mf_era_format(const mf_era_date *e, char *out, size_t size);

#endif /* MF_ERA_H */
