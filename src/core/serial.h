/*
 * serial.h — little-endian binary encoding for the on-disk cache files:
 * writers append to an mf_buf; a reader walks a byte range and turns
 * sticky-bad on the first short or malformed read, so callers check once.
 * Cache files also carry a key and a checksum (mf_cache_pack/unpack).
 */
#ifndef MF_SERIAL_H
#define MF_SERIAL_H

#include "core/core.h"

void mf_ser_u8(mf_buf *b, unsigned v);
void mf_ser_u32(mf_buf *b, uint32_t v);
void mf_ser_u64(mf_buf *b, uint64_t v);
void mf_ser_f64(mf_buf *b, double v);
void mf_ser_bytes(mf_buf *b, const void *p, size_t n); /* u32 length + bytes */
void mf_ser_str(mf_buf *b, const char *s);            /* NULL as "" */

typedef struct mf_rd {
  const unsigned char *p;
  size_t n, pos;
  bool bad;
} mf_rd;

unsigned mf_rd_u8(mf_rd *r);
uint32_t mf_rd_u32(mf_rd *r);
uint64_t mf_rd_u64(mf_rd *r);
/* A finite double (NaN and infinities make the reader bad). */
double mf_rd_f64(mf_rd *r);
/* Length-prefixed bytes, pointing into the data. */
const unsigned char *mf_rd_bytes(mf_rd *r, size_t *len);
/* A copy of a length-prefixed string without NUL bytes (caller frees). */
char *mf_rd_str(mf_rd *r);
/* True when everything was read and nothing was malformed. */
static inline bool mf_rd_done(const mf_rd *r) { return !r->bad && r->pos == r->n; }

/* A cache file: 16-byte magic, the key, a checksum and the payload. */
void mf_cache_pack(mf_buf *file, const char magic[16], const mf_buf *key,
                   const mf_buf *payload);
/* The payload of a cache file if its magic, key and checksum match. */
bool mf_cache_unpack(const unsigned char *data, size_t len, const char magic[16],
                     const mf_buf *key, mf_rd *payload);

#endif
