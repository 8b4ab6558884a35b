/* static_store.c — the static layers of templates on disk (static_store.h). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/serial.h"
#include "pdf/pdf_font.h"
#include "pdf/static_store.h"

#define MAGIC "MYNAFORM-STATIC\x01"
#define FORMAT 5u /* 2: compressed at level 12; 3: /W lists non-1000 widths;
                     4: only layers laid out inside the printable area;
                     5: justified paragraphs broken by total fit (issue #18) */
#define MAX_FILE (32u << 20) /* a static layer is ~50 KB; refuse anything huge */

/* ------------------------------------------------------------------ key */

bool mf_static_store_key(const uint64_t digest[2], size_t len, const mf_fontset *fs,
                         mf_buf *key) {
  mf_buf_printf(key, "mynaform %s static-layer format %u\ntemplate %016llx%016llx %zu\n",
                MYNA_VERSION_STRING, FORMAT, (unsigned long long)digest[0],
                (unsigned long long)digest[1], len);
  for (int f = 0; f < MF_FACE_COUNT; f++) {
    const mf_face *face = &fs->faces[f];
    if (!face->path) return false;
    mf_buf_printf(key, "face %d %s", f, face->path);
    if (!mf_buf_file_id(key, face->path)) return false;
  }
  return mf_buf_ok(key);
}

static void file_name(const mf_buf *key, char out[64]) {
  snprintf(out, 64, "static-%016llx.bin",
           (unsigned long long)mf_hash64(key->data, key->len, 0));
}

/* ---------------------------------------------------------------- write */

static void put_metrics(mf_buf *b, const mf_face_metrics *m) {
  int v[9] = {m->ascent, m->descent, m->cap_height, m->stem_v, m->bbox[0],
              m->bbox[1], m->bbox[2], m->bbox[3], m->italic_angle};
  for (int i = 0; i < 9; i++) mf_ser_u32(b, (uint32_t)v[i]);
}

static void encode(const mf_fontset *fs, const mf_static_blob *b, mf_buf *p) {
  for (int f = 0; f < MF_FACE_COUNT; f++) {
    const mf_face *face = &fs->faces[f];
    mf_ser_u8(p, face->ps_name ? 1 : 0);
    if (!face->ps_name) continue;
    mf_ser_bytes(p, face->ps_name, strlen(face->ps_name));
    put_metrics(p, &face->m);
  }
  mf_ser_bytes(p, b->zcontent.data, b->zcontent.len);
  for (int f = 0; f < MF_FACE_COUNT; f++) {
    bool has = b->has_face[f] && b->cids[f];
    mf_ser_u8(p, has ? 1 : 0);
    if (!has) continue;
    const mf_font_blob *fb = &b->fonts[f];
    mf_ser_bytes(p, fb->base_font, strlen(fb->base_font));
    put_metrics(p, &fb->m);
    mf_ser_u32(p, (uint32_t)fb->ttf_len);
    mf_ser_bytes(p, fb->zttf.data, fb->zttf.len);
    mf_ser_bytes(p, fb->zc2g.data, fb->zc2g.len);
    mf_ser_bytes(p, fb->ztou.data, fb->ztou.len);
    mf_ser_bytes(p, fb->widths.data, fb->widths.len);
    size_t n = mf_pdf_font_count(b->cids[f]);
    mf_ser_u32(p, (uint32_t)n);
    for (uint32_t cid = 1; cid <= n; cid++) {
      uint32_t gid;
      int width;
      const char *text;
      size_t len;
      mf_pdf_font_entry(b->cids[f], cid, &gid, &width, &text, &len);
      mf_ser_u32(p, gid);
      mf_ser_u32(p, (uint32_t)width);
      mf_ser_bytes(p, text, len);
    }
  }
}

void mf_static_store_save(const char *dir, const mf_buf *key, const mf_fontset *fs,
                          const mf_static_blob *b) {
  if (!dir || !*dir) return;
  mf_buf payload, file;
  mf_buf_init(&payload);
  mf_buf_init(&file);
  encode(fs, b, &payload);
  mf_cache_pack(&file, MAGIC, key, &payload);
  char name[64];
  file_name(key, name);
  if (mf_buf_ok(&file) && mf_buf_ok(&payload))
    mf_cache_file_write(dir, name, file.data, file.len);
  mf_buf_free(&payload);
  mf_buf_free(&file);
}

/* ----------------------------------------------------------------- read */

static bool get_buf(mf_rd *r, mf_buf *b) {
  size_t n;
  const unsigned char *q = mf_rd_bytes(r, &n);
  if (r->bad) return false;
  mf_buf_append(b, q, n);
  return mf_buf_ok(b);
}

/* A short name (PostScript or base font name): printable ASCII only, as the
 * writer makes them, so nothing odd reaches a PDF name. */
static bool get_name(mf_rd *r, char *out, size_t size) {
  size_t n;
  const unsigned char *q = mf_rd_bytes(r, &n);
  if (r->bad || n == 0 || n >= size) return false;
  for (size_t i = 0; i < n; i++)
    if (q[i] <= ' ' || q[i] > '~' || strchr("()<>[]{}/%#", q[i])) return false;
  memcpy(out, q, n);
  out[n] = '\0';
  return true;
}

/* A number of 1 to 6 digits (a '-' first if sign); *s moves past it. */
static bool get_number(const char **s, const char *end, bool sign, long *out) {
  const char *p = *s;
  bool neg = sign && p < end && *p == '-';
  if (neg) p++;
  long v = 0;
  int digits = 0;
  for (; p < end && *p >= '0' && *p <= '9' && digits < 6; p++, digits++) v = v * 10 + (*p - '0');
  if (!digits || (p < end && *p >= '0' && *p <= '9')) return false;
  *s = p;
  *out = neg ? -v : v;
  return true;
}

/* The /W text as pdf_font.c writes it, "[c [w w …] c [w …] …]" with CIDs
 * 1…65535, so that pdf_doc.c can turn it into PDF arrays: a font whose
 * widths it cannot parse fails to embed (and leaves its objects behind). */
static bool widths_ok(const mf_buf *b) {
  if (b->len < 2 || b->data[0] != '[' || b->data[b->len - 1] != ']') return false;
  const char *s = b->data + 1, *end = b->data + b->len - 1;
  long v;
  for (bool first = true; s < end; first = false) {
    if (!first && *s++ != ' ') return false;
    if (!get_number(&s, end, false, &v) || v < 1 || v > 65535) return false;
    if (end - s < 2 || s[0] != ' ' || s[1] != '[') return false;
    s += 2;
    for (bool w1 = true;; w1 = false) {
      if (s < end && *s == ']' && !w1) {
        s++;
        break;
      }
      if ((!w1 && (s >= end || *s++ != ' ')) || !get_number(&s, end, true, &v)) return false;
    }
  }
  return true;
}

static void get_metrics(mf_rd *r, mf_face_metrics *m) {
  int v[9];
  for (int i = 0; i < 9; i++) v[i] = (int)mf_rd_u32(r);
  *m = (mf_face_metrics){.ascent = v[0], .descent = v[1], .cap_height = v[2],
                         .stem_v = v[3], .bbox = {v[4], v[5], v[6], v[7]},
                         .italic_angle = v[8]};
}

static bool decode(mf_rd *r, mf_fontset *fs, mf_static_blob *b) {
  char ps[MF_FACE_COUNT][96];
  mf_face_metrics fm[MF_FACE_COUNT];
  bool has_meta[MF_FACE_COUNT] = {false};
  for (int f = 0; f < MF_FACE_COUNT; f++) {
    unsigned has = mf_rd_u8(r);
    if (has > 1) return false;
    if (!has) continue;
    if (!get_name(r, ps[f], sizeof ps[f])) return false;
    get_metrics(r, &fm[f]);
    has_meta[f] = true;
  }
  if (!get_buf(r, &b->zcontent)) return false;
  for (int f = 0; f < MF_FACE_COUNT; f++) {
    unsigned has = mf_rd_u8(r);
    if (has > 1 || r->bad) return false;
    if (!has) continue;
    mf_font_blob *fb = &b->fonts[f];
    if (!get_name(r, fb->base_font, sizeof fb->base_font)) return false;
    get_metrics(r, &fb->m);
    fb->ttf_len = mf_rd_u32(r);
    if (!get_buf(r, &fb->zttf) || !get_buf(r, &fb->zc2g) || !get_buf(r, &fb->ztou) ||
        !get_buf(r, &fb->widths) || !widths_ok(&fb->widths) || fb->ttf_len > INT32_MAX)
      return false;
    uint32_t n = mf_rd_u32(r);
    if (r->bad || n == 0 || n > 65535u || n > (r->n - r->pos) / 12) return false;
    if (!(b->cids[f] = mf_pdf_font_new(&fs->faces[f]))) return false;
    b->has_face[f] = true;
    for (uint32_t cid = 1; cid <= n; cid++) {
      uint32_t gid = mf_rd_u32(r);
      int width = (int)mf_rd_u32(r);
      size_t len;
      const unsigned char *text = mf_rd_bytes(r, &len);
      if (r->bad || gid > 65535u) return false;
      /* the CIDs must come back in order: a repeated entry would shift them */
      if (mf_pdf_font_add(b->cids[f], gid, width, (const char *)text, len) != cid)
        return false;
    }
  }
  if (r->bad || r->pos != r->n) return false;
  for (int f = 0; f < MF_FACE_COUNT; f++) {
    mf_face *face = &fs->faces[f];
    if (!has_meta[f] || face->ps_name) continue;
    if (!(face->ps_name = mf_strdup(ps[f]))) return false;
    face->m = fm[f];
  }
  return true;
}

bool mf_static_store_decode(const unsigned char *data, size_t len, const mf_buf *key,
                            mf_fontset *fs, mf_static_blob *b) {
  mf_rd r;
  if (!mf_cache_unpack(data, len, MAGIC, key, &r)) return false;
  if (decode(&r, fs, b)) return true;
  mf_static_blob_clear(b);
  return false;
}

bool mf_static_store_load(const char *dir, const mf_buf *key, mf_fontset *fs,
                          mf_static_blob *b) {
  char name[64];
  file_name(key, name);
  unsigned char *data;
  size_t len;
  if (!mf_cache_file_read(dir, name, MAX_FILE, &data, &len)) return false;
  bool ok = mf_static_store_decode(data, len, key, fs, b);
  free(data);
  return ok;
}
