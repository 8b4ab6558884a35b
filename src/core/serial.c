/* serial.c — binary encoding of the on-disk cache files (serial.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/serial.h"

void mf_ser_u8(mf_buf *b, unsigned v) { mf_buf_putc(b, (char)(unsigned char)v); }

void mf_ser_u32(mf_buf *b, uint32_t v) {
  unsigned char o[4] = {(unsigned char)v, (unsigned char)(v >> 8),
                        (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
  mf_buf_append(b, o, 4);
}

void mf_ser_u64(mf_buf *b, uint64_t v) {
  mf_ser_u32(b, (uint32_t)v);
  mf_ser_u32(b, (uint32_t)(v >> 32));
}

void mf_ser_f64(mf_buf *b, double v) {
  uint64_t u;
  memcpy(&u, &v, sizeof u);
  mf_ser_u64(b, u);
}

void mf_ser_bytes(mf_buf *b, const void *p, size_t n) {
  mf_ser_u32(b, (uint32_t)n);
  mf_buf_append(b, p, n);
}

void mf_ser_str(mf_buf *b, const char *s) { mf_ser_bytes(b, s ? s : "", s ? strlen(s) : 0); }

unsigned mf_rd_u8(mf_rd *r) {
  if (r->bad || r->pos >= r->n) {
    r->bad = true;
    return 0;
  }
  return r->p[r->pos++];
}

uint32_t mf_rd_u32(mf_rd *r) {
  if (r->bad || r->n - r->pos < 4) {
    r->bad = true;
    return 0;
  }
  const unsigned char *q = r->p + r->pos;
  r->pos += 4;
  return (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
}

uint64_t mf_rd_u64(mf_rd *r) {
  uint64_t lo = mf_rd_u32(r);
  return lo | (uint64_t)mf_rd_u32(r) << 32;
}

double mf_rd_f64(mf_rd *r) {
  uint64_t u = mf_rd_u64(r);
  double v;
  memcpy(&v, &u, sizeof v);
  if (!isfinite(v)) {
    r->bad = true;
    return 0;
  }
  return v;
}

const unsigned char *mf_rd_bytes(mf_rd *r, size_t *len) {
  size_t n = mf_rd_u32(r);
  if (r->bad || r->n - r->pos < n) {
    r->bad = true;
    *len = 0;
    return NULL;
  }
  const unsigned char *q = r->p + r->pos;
  r->pos += n;
  *len = n;
  return q;
}

char *mf_rd_str(mf_rd *r) {
  size_t n;
  const unsigned char *q = mf_rd_bytes(r, &n);
  if (r->bad || (n && memchr(q, 0, n))) {
    r->bad = true;
    return NULL;
  }
  char *s = mf_strndup(n ? (const char *)q : "", n);
  if (!s) r->bad = true;
  return s;
}

void mf_cache_pack(mf_buf *file, const char magic[16], const mf_buf *key,
                   const mf_buf *payload) {
  mf_buf_append(file, magic, 16);
  mf_ser_bytes(file, key->data, key->len);
  mf_ser_u64(file, mf_hash64(payload->data, payload->len, 0));
  mf_ser_bytes(file, payload->data, payload->len);
}

bool mf_cache_unpack(const unsigned char *data, size_t len, const char magic[16],
                     const mf_buf *key, mf_rd *payload) {
  if (len < 16 || memcmp(data, magic, 16) != 0) return false;
  mf_rd r = {data, len, 16, false};
  size_t kl;
  const unsigned char *k = mf_rd_bytes(&r, &kl);
  if (r.bad || kl != key->len || (kl && memcmp(k, key->data, kl) != 0)) return false;
  uint64_t sum = mf_rd_u64(&r);
  size_t pl;
  const unsigned char *p = mf_rd_bytes(&r, &pl);
  if (!mf_rd_done(&r) || mf_hash64(p, pl, 0) != sum) return false;
  *payload = (mf_rd){p, pl, 0, false};
  return true;
}
