/* date_parse.c — the dates people write, read into a Gregorian date and
 * checked against the era boundaries (grammar in date_parse.h). */
#include <string.h>

#include "input/date_parse.h"
#include "input/utf8.h"

/* Code points of the kanji the grammar uses. */
enum {
  CP_NEN = 0x5E74,   /* 年 */
  CP_GATSU = 0x6708, /* 月 */
  CP_NICHI = 0x65E5, /* 日 */
  CP_GAN = 0x5143    /* 元 */
};

static const struct {
  uint32_t kanji[2]; /* 明治 … */
  char initial;      /* 'M' … (upper case) */
} era_spelling[MF_ERA_COUNT] = {
    {{0x660E, 0x6CBB}, 'M'}, /* 明治 */
    {{0x5927, 0x6B63}, 'T'}, /* 大正 */
    {{0x662D, 0x548C}, 'S'}, /* 昭和 */
    {{0x5E73, 0x6210}, 'H'}, /* 平成 */
    {{0x4EE4, 0x548C}, 'R'}, /* 令和 */
};

/* The value as code points, full-width forms folded (see date_parse.h). */
typedef struct text {
  uint32_t cp[MF_DATE_TEXT_MAX];
  size_t n, i; /* length, read position */
} text;

static bool decode(const char *s, size_t len, text *t) {
  t->n = t->i = 0;
  if (!s || len > MF_DATE_TEXT_MAX) return false;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t adv;
    if (mf_utf8_decode(s + i, len - i, &cp, &adv) != MF_UTF8_OK) return false;
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0; /* ０ → 0, Ｓ → S, ／ → / */
    if (cp == 0x3000) cp = ' ';
    t->cp[t->n++] = cp; /* n ≤ len ≤ MF_DATE_TEXT_MAX */
    i += adv;
  }
  return true;
}

static bool at_end(const text *t) { return t->i >= t->n; }

static uint32_t peek(const text *t) { return at_end(t) ? 0 : t->cp[t->i]; }

static void skip_spaces(text *t) {
  while (peek(t) == ' ') t->i++;
}

static bool is_digit(uint32_t cp) { return cp >= '0' && cp <= '9'; }

/* Reads a run of digits: its value (capped) and its length (0 if none). */
static size_t digits(text *t, int *value) {
  size_t n = 0;
  int v = 0;
  while (is_digit(peek(t))) {
    if (v < 100000000) v = v * 10 + (int)(peek(t) - '0');
    t->i++, n++;
  }
  *value = v;
  return n;
}

/* The era written at the read position, or -1. */
static int era_at(text *t) {
  uint32_t c = peek(t);
  uint32_t upper = c >= 'a' && c <= 'z' ? c - 32 : c;
  for (int e = 0; e < MF_ERA_COUNT; e++) {
    if (upper == (uint32_t)era_spelling[e].initial) {
      t->i++;
      return e;
    }
    if (t->i + 1 < t->n && c == era_spelling[e].kanji[0] &&
        t->cp[t->i + 1] == era_spelling[e].kanji[1]) {
      t->i += 2;
      return e;
    }
  }
  return -1;
}

static bool is_sep(uint32_t cp) { return cp == '-' || cp == '/' || cp == '.'; }

/* Reads a month or a day: one or two digits. */
static bool small_number(text *t, int *v) {
  size_t n = digits(t, v);
  return n == 1 || n == 2;
}

/* The part after the year: "-M-D" (any of - / .) or "年M月D日", with
 * spaces between the parts, then the end (trailing spaces allowed). */
static bool rest(text *t, int *month, int *day) {
  skip_spaces(t);
  if (peek(t) == CP_NEN) {
    t->i++;
    skip_spaces(t);
    if (!small_number(t, month)) return false;
    skip_spaces(t);
    if (peek(t) != CP_GATSU) return false;
    t->i++;
    skip_spaces(t);
    if (!small_number(t, day)) return false;
    skip_spaces(t);
    if (peek(t) != CP_NICHI) return false;
    t->i++;
  } else {
    if (!is_sep(peek(t))) return false;
    t->i++;
    skip_spaces(t);
    if (!small_number(t, month)) return false;
    skip_spaces(t);
    if (!is_sep(peek(t))) return false;
    t->i++;
    skip_spaces(t);
    if (!small_number(t, day)) return false;
  }
  skip_spaces(t);
  return at_end(t);
}

static int ymd(const mf_date *d) {
  return d->year * 10000 + d->month * 100 + d->day;
}

/* The era a valid date from 1873 on is in. */
static mf_era era_of(const mf_date *d) {
  mf_era_date e;
  return mf_era_from_date(d, &e) == MF_DATE_OK ? e.era : MF_ERA_MEIJI;
}

/* Checks a Western date. */
static mf_date_status check_western(int y, int m, int d,
                                    mf_date_read_result *out) {
  if (!mf_date_valid(y, m, d)) return MF_DATE_INVALID;
  out->date = (mf_date){y, m, d};
  if (ymd(&out->date) < MF_ERA_FIRST_DATE) return MF_DATE_TOO_EARLY;
  return MF_DATE_OK;
}

/* Checks an era date against the calendar and the era's days. */
static mf_date_status check_era(mf_era era, int ey, int m, int d,
                                mf_date_read_result *out) {
  mf_date first, last;
  mf_era_first_day(era, &first);
  bool ended = mf_era_last_day(era, &last);
  if (ey < 1 || (ended && ey > last.year - first.year + 1) ||
      first.year + ey - 1 > 9999)
    return MF_DATE_ERA_YEAR;
  int y = first.year + ey - 1;
  if (!mf_date_valid(y, m, d)) return MF_DATE_INVALID;
  mf_date date = {y, m, d};
  if (ymd(&date) < MF_ERA_FIRST_DATE) return MF_DATE_TOO_EARLY;
  out->date = date;
  if (mf_date_cmp(&date, &first) < 0) {
    out->actual = era_of(&date);
    return MF_DATE_ERA_BEFORE;
  }
  if (ended && mf_date_cmp(&date, &last) > 0) {
    out->actual = era_of(&date);
    return MF_DATE_ERA_AFTER;
  }
  out->actual = era;
  return MF_DATE_OK;
}

mf_date_status mf_date_read(const char *s, size_t len,
                            mf_date_read_result *out) {
  memset(out, 0, sizeof *out);
  text t;
  if (!decode(s, len, &t)) return MF_DATE_SYNTAX;
  skip_spaces(&t);
  int era = era_at(&t);
  int year, month, day;
  if (era >= 0) {
    out->form = MF_DATE_FORM_ERA;
    out->era = (mf_era)era;
    skip_spaces(&t);
    if (peek(&t) == CP_GAN) {
      t.i++;
      year = 1;
    } else {
      size_t n = digits(&t, &year);
      if (n != 1 && n != 2) return MF_DATE_SYNTAX;
    }
    if (!rest(&t, &month, &day)) return MF_DATE_SYNTAX;
    out->era_year = year;
    return check_era(out->era, year, month, day, out);
  }
  size_t n = digits(&t, &year);
  if (n == 8 || n == 6) { /* YYYYMMDD; YYMMDD */
    size_t end = t.i;
    skip_spaces(&t);
    if (!at_end(&t)) return MF_DATE_SYNTAX;
    if (n == 6) return MF_DATE_TWO_DIGIT_YEAR;
    const uint32_t *c = t.cp + end - 8;
    int v[8];
    for (int k = 0; k < 8; k++) v[k] = (int)(c[k] - '0');
    out->form = MF_DATE_FORM_COMPACT;
    return check_western(v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3],
                         v[4] * 10 + v[5], v[6] * 10 + v[7], out);
  }
  if (n != 4 && n != 2) return MF_DATE_SYNTAX;
  if (!rest(&t, &month, &day)) return MF_DATE_SYNTAX;
  if (n == 2) return MF_DATE_TWO_DIGIT_YEAR;
  out->form = MF_DATE_FORM_WESTERN;
  return check_western(year, month, day, out);
}
