/*
 * date_parse.h — the dates people write in birth_date and filing_date:
 * Gregorian (1989-01-07, 19890107, 1989/1/7, 1989.1.7, 1989年1月7日) and
 * Japanese era (昭和64年1月7日, 平成元年1月8日, S64.1.7, h1/1/8), each with
 * full-width digits, letters and signs and spaces between the parts.  An
 * era date is checked against its era's first and last day; nothing is
 * guessed (a two-digit Western year is refused).
 *
 * The grammar, after full-width forms U+FF01–FF5E are read as their ASCII
 * counterparts and U+3000 as a space:
 *
 *   date     = *SP ( 8DIGIT / 4DIGIT rest / era *SP eyear rest ) *SP
 *   era      = "明治" / "大正" / "昭和" / "平成" / "令和"
 *            / "M" / "T" / "S" / "H" / "R"          (letters in either case)
 *   eyear    = 1*2DIGIT / "元"                        (元 = 1)
 *   rest     = *SP sep *SP 1*2DIGIT *SP sep *SP 1*2DIGIT
 *            / *SP "年" *SP 1*2DIGIT *SP "月" *SP 1*2DIGIT *SP "日"
 *   sep      = "-" / "/" / "."
 *   SP       = U+0020 / U+3000
 *   DIGIT    = "0"–"9" / "０"–"９"
 *
 * 8DIGIT is YYYYMMDD.  The era initials are those of the Japanese era
 * abbreviations (明治 M, 大正 T, 昭和 S, 平成 H, 令和 R).
 *
 * Checks, in this order: the form (MF_DATE_SYNTAX; a Western year of two
 * digits in any form, or six digits YYMMDD, is MF_DATE_TWO_DIGIT_YEAR);
 * the era year, 1 up to the era's last (明治45, 大正15, 昭和64, 平成31;
 * MF_DATE_ERA_YEAR); the calendar (MF_DATE_INVALID); 1873-01-01 or later,
 * when Japan took up the solar calendar (MF_DATE_TOO_EARLY); the era's days
 * (MF_DATE_ERA_BEFORE for 平成元年1月7日, MF_DATE_ERA_AFTER for
 * 昭和64年1月8日: those days belong to another era, which is reported).
 */
#ifndef MF_DATE_PARSE_H
#define MF_DATE_PARSE_H

#include <stddef.h>

#include "core/core.h"
#include "input/era.h"

/* How a date was written. */
typedef enum mf_date_form {
  MF_DATE_FORM_COMPACT = 0, /* 19890107 */
  MF_DATE_FORM_WESTERN,     /* 1989-01-07, 1989/1/7, 1989年1月7日 */
  MF_DATE_FORM_ERA          /* 昭和64年1月7日, S64.1.7 */
} mf_date_form;

/* What mf_date_read found. */
typedef struct mf_date_read_result {
  /* The Gregorian date: set on MF_DATE_OK, MF_DATE_ERA_BEFORE and
   * MF_DATE_ERA_AFTER. */
  mf_date date;
  mf_date_form form;
  /* MF_DATE_FORM_ERA: the era written and its year (1 for 元). */
  mf_era era;
  int era_year;
  /* MF_DATE_ERA_BEFORE / MF_DATE_ERA_AFTER: the era the day is in. */
  mf_era actual;
} mf_date_read_result;

/* Longest value read, in bytes (the limit of every card-data string); a
 * longer one is MF_DATE_SYNTAX. */
#define MF_DATE_TEXT_MAX MYNA_LIMIT_FIELD_BYTES

/* Reads s[0..len) (UTF-8; invalid UTF-8 is MF_DATE_SYNTAX) by the grammar
 * above.  out is filled as far as the status says (see above) and is
 * zeroed first; it may not be NULL. */
mf_date_status mf_date_read(const char *s, size_t len, mf_date_read_result *out);

#endif /* MF_DATE_PARSE_H */
