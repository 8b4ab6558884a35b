/*
 * text_norm.h — validation and normalisation of card-data text by field
 * type (typesetting.md §8): names, フリガナ, addresses, plain single-line
 * text and phone numbers.
 *
 * Every function takes the field's JSON path (for messages), the value as
 * UTF-8 (s, len bytes) and on success stores a newly allocated,
 * NUL-terminated result in *out (caller frees with mf_free).  On failure it
 * returns the status, sets ctx's message to "<path>: <what is wrong>" and
 * leaves *out NULL.  Messages never quote the value; with MYNA_CONFIG_VERBOSE
 * they name the offending character as " (U+XXXX)".
 *
 * All fields reject (§8.1): invalid UTF-8, C0/C1 controls and DEL, bidi
 * controls, zero-width and other invisible format characters, private-use
 * characters, unassigned code points, U+FFFD, emoji (VS16 and keycaps
 * included) and combining marks or variation selectors with no base.
 * A value longer than MYNA_LIMIT_FIELD_BYTES fails with MYNA_ERR_LIMIT.
 * None of them ever applies NFC or NFKC; the only composition is kana +
 * U+3099/309A → the precomposed kana, so the text layer of the PDF gives
 * back the string that is printed.
 */
#ifndef MF_TEXT_NORM_H
#define MF_TEXT_NORM_H

#include <stddef.h>

#include "core/core.h"

/* Flags for mf_text_validate. */
enum {
  MF_TEXT_ALLOW_LF = 1u << 0,  /* LF is an explicit line break */
  MF_TEXT_NO_PAIRING = 1u << 1 /* do not check combining marks' bases */
};

/* Checks s against the rules above (without the length limit); LF fails
 * unless MF_TEXT_ALLOW_LF. */
myna_status mf_text_validate(myna_ctx *ctx, const char *path, const char *s,
                             size_t len, unsigned flags);

/* 氏名: validated, trimmed, internal runs of spaces (U+0020, U+3000, NBSP
 * and other space separators) collapsed to one U+3000 if the run holds
 * one, else U+0020; a kana followed by a combining U+3099/309A composed
 * where Unicode has the precomposed kana (す U+3099 → ず).  Otherwise code
 * point for code point: IVS/SVS, compatibility ideographs (U+FA19) and
 * non-BMP kanji are kept.  A ● (U+25CF) or 〓
 * (U+3013) adds a warning naming the path.  LF fails. */
myna_status mf_norm_name(myna_ctx *ctx, const char *path, const char *s,
                         size_t len, char **out);

/* フリガナ → full-width katakana (§8.3): half-width katakana by table with
 * ﾞ/ﾟ composed, hiragana +0x60, combining U+3099/309A and spacing ゛゜
 * after a kana composed; space runs → one U+3000 (as in a name written in
 * kanji), trimmed.  Fails on a mark
 * that cannot compose and on anything outside ァ–ヺ, ー, ・, ヽヾ, ゠, ＝. */
myna_status mf_norm_kana(myna_ctx *ctx, const char *path, const char *s,
                         size_t len, char **out);

/* 住所 (§8.4): as written, except CRLF (or a lone CR) → LF, half-width
 * katakana → full-width (ﾞﾟ composed where a precomposed kana exists),
 * kana + U+3099/309A composed as in names, leading and trailing spaces and
 * line breaks trimmed.  ●/〓 warn. */
myna_status mf_norm_address(myna_ctx *ctx, const char *path, const char *s,
                            size_t len, char **out);

/* Plain single-line text (insurer name, employer, clinic name): validated,
 * trimmed, kana + U+3099/309A composed as in names, otherwise as written.
 * LF fails. */
myna_status mf_norm_line(myna_ctx *ctx, const char *path, const char *s,
                         size_t len, char **out);

/* Phone numbers (§8.5): digits → ASCII, dash look-alikes (－ ー ‐ − – — …)
 * → '-', （） → (), a leading ＋ → '+', space runs → one U+0020, trimmed;
 * an extension note 内線 or ext. (any case, '.' optional → "ext.") must
 * follow the number and be followed by digits.  Anything else fails. */
myna_status mf_norm_phone(myna_ctx *ctx, const char *path, const char *s,
                          size_t len, char **out);

#endif /* MF_TEXT_NORM_H */
