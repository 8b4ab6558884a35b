/*
 * my_number.h — detection of a 個人番号 (My Number), which a clinic may not
 * collect (番号法 arts. 19–20): its check digit, a 12-digit number in free
 * text as a reader would see it, and member names that mean "My Number".
 * doc/card-data.md ("The 番号法 screen") states the rule for users.
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
 * True if s[0..len) (UTF-8; an invalid byte counts as a letter) holds a
 * My Number as a reader would see it.  The text is folded first:
 *   - NFKC (full-width and mathematical digits, circled ①, ⑩, ⒈ and
 *     superscripts become ASCII digits);
 *   - every Unicode decimal digit (Nd) and the kanji numerals 〇 零 一 二 三
 *     四 五 六 七 八 九 壱 弐 参 count as their digit;
 *   - separators are ignored between digits: white space of any kind,
 *     dashes, hyphens and minus signs of any kind, 長音 ー, . / ・ · and
 *     connector punctuation such as _, format characters (zero-width,
 *     bidi, soft hyphen, tags), combining marks and variation selectors,
 *     and other default-ignorable characters.
 * Anything else (a letter, a kanji other than the numerals, 十 百 千, :)
 * ends a "chain" of digits.  A chain whose digits number exactly 12, or a
 * run of exactly 12 adjacent digits inside a longer chain, with a valid
 * check digit is a My Number.
 */
bool mf_my_number_find(const char *s, size_t len);

/*
 * True if a member or column name means My Number.  The name is folded
 * (NFKC, ASCII lower case, hiragana as katakana, the separators above
 * removed) and then means My Number if it contains 個人番号, 個人番號,
 * コジンバンゴ, kojinbang or individualnumber; or マイナンバ or mynumber
 * not followed by カード/card (the card is not the number) unless a
 * number word (番号, 番號, number, no, num, ナンバ) follows the card; or
 * it is exactly myno or mynum.
 */
bool mf_my_number_is_key(const char *name, size_t len);

#endif /* MF_MY_NUMBER_H */
