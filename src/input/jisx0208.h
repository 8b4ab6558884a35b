/*
 * jisx0208.h — membership in JIS X 0208, the character set an online claim
 * (レセプト電算処理) carries in its text fields.
 *
 * The table is generated at build time from glibc's iconv by
 * tools/gen_jisx0208.c (never typed in): the 6,879 characters of JIS X 0208
 * as EUC-JP and glibc's SHIFT_JIS charmap map them, plus the code points
 * that CP932 (Windows) gives to six of the same codes (∥ － ～ ￠ ￡ ￢ for
 * ‖ − 〜 ¢ £ ¬), since a claim program on Windows sends those as the same
 * JIS X 0208 code.  ASCII is not in it: JIS X 0208 is the full-width set.
 */
#ifndef MF_JISX0208_H
#define MF_JISX0208_H

#include <stdbool.h>
#include <stdint.h>

/* Characters of JIS X 0208 (6,879) and CP932 aliases (6) in the table. */
extern const unsigned mf_jisx0208_count;
extern const unsigned mf_jisx0208_alias_count;
/* One bit per BMP code point (generated). */
extern const unsigned char mf_jisx0208_bits[8192];

/* Whether code point cp is a JIS X 0208 character (or a CP932 alias of
 * one). */
static inline bool mf_jisx0208_has(uint32_t cp) {
  return cp < 0x10000u && (mf_jisx0208_bits[cp >> 3] >> (cp & 7u) & 1u);
}

#endif /* MF_JISX0208_H */
