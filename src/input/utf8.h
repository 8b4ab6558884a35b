/*
 * utf8.h — strict UTF-8 decoding and the code point classes that input
 * validation needs (controls, bidi, zero-width, private use, unassigned,
 * emoji, variation selectors, combining marks).
 *
 * Decoding never replaces bad bytes with U+FFFD: it reports what is wrong
 * (typesetting.md §8.1) and the caller refuses the text.
 */
#ifndef MF_UTF8_H
#define MF_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"

/* What is wrong with a byte sequence. */
typedef enum mf_utf8_status {
  MF_UTF8_OK = 0,
  MF_UTF8_TRUNCATED,   /* a lead byte lacks its continuation bytes */
  MF_UTF8_OVERLONG,    /* a longer form than needed (C0 AF for '/') */
  MF_UTF8_SURROGATE,   /* an encoded UTF-16 surrogate (ED A0 80) */
  MF_UTF8_TOO_LARGE,   /* above U+10FFFF (F4 90 80 80, F5..F7 leads) */
  MF_UTF8_STRAY,       /* a continuation byte with no lead byte */
  MF_UTF8_INVALID_BYTE /* a byte that never occurs in UTF-8 (F8..FF) */
} mf_utf8_status;

/* Largest code point. */
#define MF_UNICODE_MAX 0x10FFFFu

/*
 * Decodes the code point at the start of s[0..len) (len ≥ 1).  On success
 * stores it in *cp, its length in bytes (1–4) in *adv and returns
 * MF_UTF8_OK.  On failure *cp is 0 and *adv is how many bytes to skip to
 * resynchronise (≥ 1).
 */
mf_utf8_status mf_utf8_decode(const char *s, size_t len, uint32_t *cp,
                              size_t *adv);

/* Checks that s[0..len) is valid UTF-8.  On failure, *bad (if not NULL) is
 * the byte offset of the first bad sequence. */
mf_utf8_status mf_utf8_validate(const char *s, size_t len, size_t *bad);

/* A short English phrase for a status ("overlong encoding"). */
const char *mf_utf8_status_str(mf_utf8_status st);

/* Encodes cp (a scalar value) into out; returns the length (1–4), or 0 if
 * cp is a surrogate or above U+10FFFF. */
size_t mf_utf8_encode(uint32_t cp, char out[4]);

/* Appends cp to b as UTF-8 (nothing for an invalid cp). */
void mf_utf8_append(mf_buf *b, uint32_t cp);

/* ---------------------------------------------------------- classification */

/* C0 controls U+0000–001F, DEL U+007F, C1 controls U+0080–009F. */
bool mf_cp_is_control(uint32_t cp);
/* Bidi controls: U+202A–202E, U+2066–2069, marks U+200E/200F, U+061C. */
bool mf_cp_is_bidi(uint32_t cp);
/* Zero-width characters: U+200B–200D, U+2060, U+FEFF. */
bool mf_cp_is_zero_width(uint32_t cp);
/* Private use: U+E000–F8FF and planes 15–16. */
bool mf_cp_is_private_use(uint32_t cp);
/* Not assigned in HarfBuzz's Unicode data (noncharacters included). */
bool mf_cp_is_unassigned(uint32_t cp);
/* Emoji by a conservative range table: U+1F000–1FAFF (incl. regional
 * indicators U+1F1E6–1F1FF), U+2600–27BF, the Emoji_Presentation symbols
 * outside those blocks (⌚⏩⏰⏳◽◾⬛⬜⭐⭕), VS16 U+FE0F and the keycap
 * U+20E3. */
bool mf_cp_is_emoji(uint32_t cp);
/* Variation selectors: SVS U+FE00–FE0F, IVS U+E0100–E01EF. */
bool mf_cp_is_variation_selector(uint32_t cp);
/* Combining marks: general category Mn, Mc or Me (variation selectors are
 * Mn too). */
bool mf_cp_is_combining(uint32_t cp);
/* Invisible format characters: general category Cf (soft hyphen, tags…). */
bool mf_cp_is_format(uint32_t cp);
/* Letters: general category Lu, Ll, Lt, Lm or Lo. */
bool mf_cp_is_letter(uint32_t cp);
/* Space separators: general category Zs (U+0020, U+00A0, U+3000, …). */
bool mf_cp_is_space(uint32_t cp);

#endif /* MF_UTF8_H */
