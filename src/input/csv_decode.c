/*
 * csv_decode.c — UTF-8 checks and CP932 → UTF-8 with glibc's iconv, cell by
 * cell, for the CSV reader of `mynaform batch` (see csv_decode.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "csv_decode.h"

struct csv_decoder {
  csv_encoding enc;
  iconv_t cd; /* CP932 → UTF-8, or (iconv_t)-1 */
  bool cd_tried;
  char *buf;
  size_t cap;
};

static bool ascii_ieq(const char *a, const char *b) {
  for (; *a && *b; a++, b++) {
    char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
    if (x != *b) return false;
  }
  return !*a && !*b;
}

bool mf_csv_encoding_parse(const char *name, csv_encoding *out) {
  static const char *const cp932[] = {"cp932",       "shift_jis", "shift-jis", "sjis",
                                      "windows-31j", "ms932",     NULL};
  if (!name) return false;
  if (ascii_ieq(name, "utf-8") || ascii_ieq(name, "utf8")) {
    *out = CSV_ENC_UTF8;
    return true;
  }
  for (size_t i = 0; cp932[i]; i++)
    if (ascii_ieq(name, cp932[i])) {
      *out = CSV_ENC_CP932;
      return true;
    }
  return false;
}

bool mf_csv_has_8bit(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] >= 0x80) return true;
  return false;
}

size_t mf_csv_utf8_char(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  if (n == 0) return 0;
  unsigned char c = p[0];
  size_t k = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                                                  : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (k == 0 || k > n) return 0;
  for (size_t j = 1; j < k; j++)
    if ((p[j] & 0xC0) != 0x80) return 0;
  if (k > 2) { /* no overlong form, surrogate or code point past U+10FFFF */
    unsigned char d = p[1];
    if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d >= 0xA0) || (c == 0xF0 && d < 0x90) ||
        (c == 0xF4 && d >= 0x90))
      return 0;
  }
  return k;
}

bool mf_csv_utf8_valid(const char *s, size_t n, size_t *bad) {
  for (size_t i = 0, k; i < n; i += k)
    if (!(k = mf_csv_utf8_char(s + i, n - i))) {
      if (bad) *bad = i;
      return false;
    }
  return true;
}

/* Opens the CP932 converter once; false if the system has none. */
static bool open_cp932(csv_decoder *d) {
  if (!d->cd_tried) {
    d->cd_tried = true;
    d->cd = iconv_open("UTF-8", "CP932");
  }
  return d->cd != (iconv_t)-1;
}

csv_decoder *mf_csv_decoder_new(csv_encoding enc) {
  csv_decoder *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  d->enc = enc;
  d->cd = (iconv_t)-1;
  if (enc == CSV_ENC_CP932 && !open_cp932(d)) {
    free(d);
    errno = EINVAL;
    return NULL;
  }
  return d;
}

void mf_csv_decoder_free(csv_decoder *d) {
  if (!d) return;
  if (d->cd != (iconv_t)-1) iconv_close(d->cd);
  free(d->buf);
  free(d);
}

/* Converts s[0..n) from CP932 into d->buf; CSVD_INVALID with *bad at the
 * first byte iconv refuses (EILSEQ) or cannot finish (EINVAL). */
static csvd_status from_cp932(csv_decoder *d, const char *s, size_t n, size_t *out_len,
                              size_t *bad) {
  /* one byte gives at most 3 bytes of UTF-8 (half-width katakana), two
   * bytes at most 3 */
  size_t need = 3 * n + 4;
  if (need > d->cap) {
    char *b = realloc(d->buf, need);
    if (!b) return CSVD_NOMEM;
    d->buf = b;
    d->cap = need;
  }
  iconv(d->cd, NULL, NULL, NULL, NULL); /* initial state */
  char *in = (char *)s, *out = d->buf;
  size_t in_left = n, out_left = d->cap;
  while (in_left > 0) {
    if (iconv(d->cd, &in, &in_left, &out, &out_left) != (size_t)-1) continue;
    if (errno == EILSEQ || errno == EINVAL) {
      if (bad) *bad = (size_t)(in - s);
      return CSVD_INVALID;
    }
    return CSVD_NOMEM; /* E2BIG: the buffer was sized for the worst case */
  }
  *out_len = (size_t)(out - d->buf);
  return CSVD_OK;
}

csvd_status mf_csv_decode(csv_decoder *d, const char *s, size_t n, const char **out,
                       size_t *out_len, size_t *bad) {
  if (d->enc != CSV_ENC_CP932) {
    if (!mf_csv_utf8_valid(s, n, bad)) return CSVD_INVALID;
    *out = s;
    *out_len = n;
    return CSVD_OK;
  }
  if (!mf_csv_has_8bit(s, n)) { /* ASCII is the same in CP932 */
    *out = s;
    *out_len = n;
    return CSVD_OK;
  }
  csvd_status st = from_cp932(d, s, n, out_len, bad);
  if (st == CSVD_OK) *out = d->buf;
  return st;
}

bool mf_csv_cp932_valid(csv_decoder *d, const char *s, size_t n) {
  size_t len;
  return open_cp932(d) && from_cp932(d, s, n, &len, NULL) == CSVD_OK;
}
