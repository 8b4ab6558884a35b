/*
 * tlv.c — the strict BER-TLV reader of EF 0002 (tlv.h).
 */
#include <stdio.h>
#include <string.h>

#include "card/tlv.h"

/* Reads a definite BER length at p[*i] (short form, 81 xx or 82 xx xx).
 * -1 if malformed or past end. */
static long read_len(const uint8_t *p, size_t end, size_t *i) {
  if (*i >= end) return -1;
  uint8_t b = p[(*i)++];
  if (b < 0x80) return b;
  if (b == 0x81) {
    if (*i >= end) return -1;
    return p[(*i)++];
  }
  if (b == 0x82) {
    if (end - *i < 2) return -1;
    long v = (long)p[*i] << 8 | p[*i + 1];
    *i += 2;
    return v;
  }
  return -1; /* indefinite (80) or longer than 2 bytes */
}

size_t mf_card_tlv_total(const uint8_t *head, size_t n) {
  if (!head || n < 3 || head[0] != 0xFF || head[1] != 0x20) return 0;
  size_t i = 2;
  long l = read_len(head, n < MF_CARD_TLV_HEAD ? n : MF_CARD_TLV_HEAD, &i);
  if (l < 0) return 0;
  size_t total = i + (size_t)l;
  return total <= MF_CARD_EF_MAX ? total : 0;
}

static int fail(char *err, size_t size, const char *what) {
  if (err && size) snprintf(err, size, "card EF 0002: %s", what);
  return -1;
}

int mf_card_tlv_parse(const uint8_t *buf, size_t len, mf_card_four *out, char *err,
                      size_t err_size) {
  memset(out, 0, sizeof *out);
  if (!buf || len < 2 || len > MF_CARD_EF_MAX) return fail(err, err_size, "too short or too long");
  if (buf[0] != 0xFF || buf[1] != 0x20) return fail(err, err_size, "does not start with tag FF 20");
  size_t i = 2;
  long outer = read_len(buf, len, &i);
  if (outer < 0) return fail(err, err_size, "FF 20: malformed length");
  if ((size_t)outer != len - i)
    return fail(err, err_size, "FF 20: length does not match the data read");
  static const char *const names[5] = {"DF 21 (header)", "DF 22 (氏名)", "DF 23 (住所)",
                                       "DF 24 (生年月日)", "DF 25 (性別)"};
  const uint8_t *val[5];
  size_t vlen[5];
  char what[96];
  for (int k = 0; k < 5; k++) {
    if (len - i < 2 || buf[i] != 0xDF || buf[i + 1] != 0x21 + k) {
      snprintf(what, sizeof what, "%s missing or out of order", names[k]);
      return fail(err, err_size, what);
    }
    i += 2;
    long l = read_len(buf, len, &i);
    if (l < 0 || (size_t)l > len - i) {
      snprintf(what, sizeof what, "%s: length runs past the end", names[k]);
      return fail(err, err_size, what);
    }
    val[k] = buf + i;
    vlen[k] = (size_t)l;
    i += (size_t)l;
  }
  if (i != len) return fail(err, err_size, "bytes after DF 25 (性別)");
  for (int k = 1; k <= 2; k++) {
    if (vlen[k] == 0 || memchr(val[k], 0, vlen[k])) {
      snprintf(what, sizeof what, "%s: empty or holds a NUL byte", names[k]);
      return fail(err, err_size, what);
    }
  }
  if (vlen[3] != 8) return fail(err, err_size, "DF 24 (生年月日): not 8 digits (YYYYMMDD)");
  for (size_t j = 0; j < 8; j++)
    if (val[3][j] < '0' || val[3][j] > '9')
      return fail(err, err_size, "DF 24 (生年月日): not 8 digits (YYYYMMDD)");
  if (vlen[4] != 1 || (val[4][0] != '1' && val[4][0] != '2' && val[4][0] != '9'))
    return fail(err, err_size, "DF 25 (性別): not an ISO 5218 code 1, 2 or 9");
  out->name = val[1];
  out->name_len = vlen[1];
  out->address = val[2];
  out->address_len = vlen[2];
  out->birth = val[3];
  out->birth_len = vlen[3];
  out->sex = val[4];
  out->sex_len = vlen[4];
  return 0;
}
