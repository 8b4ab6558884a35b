/*
 * my_number.h — detection of a 個人番号 (My Number), which a clinic may not
 * collect (番号法 arts. 19–20): its check digit, a 12-digit number in free
 * text, and member names that mean "My Number".
 */
#ifndef MF_MY_NUMBER_H
#define MF_MY_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The check digit for the 11 digits d[0..10] (ASCII, most significant
 * first): with P_n the n-th digit from the right (n = 1..11) and weights
 * Q_n = n+1 (1 ≤ n ≤ 6), n−5 (7 ≤ n ≤ 11), r = Σ P_n·Q_n mod 11 and the
 * check digit is 0 if r ≤ 1, else 11 − r.  Returns -1 if d holds a
 * non-digit.
 */
int mf_my_number_check_digit(const char d[11]);

/* True if d[0..11] (12 ASCII digits) is a number whose last digit is the
 * right check digit. */
bool mf_my_number_valid(const char d[12]);

/*
 * True if s[0..len) (UTF-8; invalid bytes count as non-digits) holds a
 * My Number: 12 digits (ASCII 0-9 or full-width ０-９) in one run, or as
 * 4-4-4 groups each separated by one space, U+3000, '-' or '－', not
 * adjacent to further digits, with a valid check digit.
 */
bool mf_my_number_find(const char *s, size_t len);

/* True if a JSON member name means My Number: compared case-insensitively
 * and ignoring '_', '-', ' ' and U+3000, it is mynumber, kojinbango,
 * kojinbangou, kojinbangō, individualnumber, 個人番号 or マイナンバー. */
bool mf_my_number_is_key(const char *name, size_t len);

#endif /* MF_MY_NUMBER_H */
