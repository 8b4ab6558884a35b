/*
 * csv_decode.h — the character encoding of a batch CSV file: UTF-8, or
 * CP932, the Shift_JIS of Windows that a Japanese Excel writes when it saves
 * "CSV (コンマ区切り)".  CP932 is converted to UTF-8 with glibc's iconv
 * ("CP932", the Windows mapping), never by a table of our own:
 *
 *   0x8160 → ～ U+FF5E (not 〜 U+301C)    0x817C → － U+FF0D (not − U+2212)
 *   0x8161 → ∥ U+2225 (not ‖ U+2016)    0x815C → ― U+2015
 *   0x8191 ￠ U+FFE0, 0x8192 ￡ U+FFE1, 0x81CA ￢ U+FFE2 (not ¢ £ ¬)
 *   0x5C → \ U+005C (not ¥), 0x7E → ~ U+007E (not ‾)
 *   NEC row 13 (①, ㈱, ㍻), NEC-selected and IBM extensions (髙 0xFBFC and
 *   0xEEE0) decode; the user-defined area 0xF040–0xF9FC becomes private-use
 *   characters, which the library refuses as unmapped 外字.
 *
 * A byte sequence that is not CP932 (0x80, 0xA0, 0xFD–0xFF, a lead byte
 * without its trail byte) is an error at its byte offset: nothing is ever
 * replaced by U+FFFD.  Cells are decoded one by one after the CSV syntax is
 * read on the raw bytes, which is sound because no CP932 trail byte (0x40–
 * 0x7E, 0x80–0xFC) is a comma, a quote, CR or LF.
 *
 * Self-contained (libc only) so that the CSV fuzz target can use it.
 */
#ifndef MYNAFORM_CSV_DECODE_H
#define MYNAFORM_CSV_DECODE_H

#include <stdbool.h>
#include <stddef.h>

/* How the bytes of a CSV file are read. */
typedef enum csv_encoding {
  /* UTF-8 (the default).  The first row that holds a byte above 0x7F is
   * checked: if it is not UTF-8 but is CP932, the file is refused with a
   * message that names --encoding cp932 (csv_records.h). */
  CSV_ENC_DEFAULT = 0,
  CSV_ENC_UTF8,  /* UTF-8, no check for CP932 (--encoding utf-8) */
  CSV_ENC_CP932  /* CP932 (--encoding cp932, shift_jis, …) */
} csv_encoding;

/* Reads an --encoding value, ASCII case ignored: "utf-8" or "utf8"; "cp932",
 * "shift_jis", "shift-jis", "sjis", "windows-31j" or "ms932" (all CP932).
 * False for anything else. */
bool mf_csv_encoding_parse(const char *name, csv_encoding *out);

/* The length (1-4) of the UTF-8 sequence s[0..n) starts with, or 0 if it
 * is not one (a stray or invalid byte, a cut sequence, an overlong form, a
 * surrogate, a code point above U+10FFFF) or n is 0. */
size_t mf_csv_utf8_char(const char *s, size_t n);

/* True if s[0..n) is UTF-8 (csv_utf8_char at every character); otherwise
 * *bad (if not NULL) is the offset of the first byte that is not. */
bool mf_csv_utf8_valid(const char *s, size_t n, size_t *bad);

/* True if s[0..n) has a byte above 0x7F. */
bool mf_csv_has_8bit(const char *s, size_t n);

typedef struct csv_decoder csv_decoder;

/* A decoder from enc to UTF-8; NULL when out of memory or, for CP932,
 * when this system's iconv has no CP932 converter (errno is then EINVAL).
 * Free with csv_decoder_free. */
csv_decoder *mf_csv_decoder_new(csv_encoding enc);
void mf_csv_decoder_free(csv_decoder *d);

/* What csv_decode returns. */
typedef enum csvd_status {
  CSVD_OK = 0,
  CSVD_INVALID, /* not valid in the decoder's encoding: *bad is the offset */
  CSVD_NOMEM
} csvd_status;

/* Decodes one cell s[0..n) to UTF-8: *out (not NUL-terminated) is s itself
 * for UTF-8, else the decoder's buffer, valid until the next call. */
csvd_status mf_csv_decode(csv_decoder *d, const char *s, size_t n, const char **out,
                       size_t *out_len, size_t *bad);

/* True if s[0..n) is valid CP932 (false when the system has no CP932
 * converter).  Any decoder will do; a CP932 one is opened on first use. */
bool mf_csv_cp932_valid(csv_decoder *d, const char *s, size_t n);

#endif
