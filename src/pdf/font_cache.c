/* font_cache.c — the per-context cache of compressed static layers. */
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>

#include "pdf/font_cache.h"
#include "pdf/pdf_font.h"

void mf_font_blob_init(mf_font_blob *b) {
  memset(b, 0, sizeof *b);
  mf_buf_init(&b->zttf);
  mf_buf_init(&b->zc2g);
  mf_buf_init(&b->ztou);
  mf_buf_init(&b->widths);
}

void mf_font_blob_free(mf_font_blob *b) {
  mf_buf_free(&b->zttf);
  mf_buf_free(&b->zc2g);
  mf_buf_free(&b->ztou);
  mf_buf_free(&b->widths);
  mf_font_blob_init(b);
}

mf_font_cache *mf_font_cache_new(void) {
  mf_font_cache *c = mf_calloc(1, sizeof *c);
  if (!c) return NULL;
  mf_buf_init(&c->qr_key);
  mf_buf_init(&c->qr_zops);
  if (!(c->deflate = libdeflate_alloc_compressor(1))) {
    free(c);
    return NULL;
  }
  return c;
}

void mf_static_blob_clear(mf_static_blob *s) {
  mf_buf_free(&s->zcontent);
  for (int f = 0; f < MF_FACE_COUNT; f++) {
    mf_font_blob_free(&s->fonts[f]);
    mf_pdf_font_free(s->cids[f]);
    s->cids[f] = NULL;
  }
  memset(s->has_face, 0, sizeof s->has_face);
}

static void static_free(mf_static_blob *s) {
  mf_static_blob_clear(s);
  s->key = NULL;
}

void mf_font_cache_free(mf_font_cache *c) {
  if (!c) return;
  for (size_t i = 0; i < c->nstatic; i++) {
    static_free(c->statics[i]);
    free(c->statics[i]);
  }
  libdeflate_free_compressor(c->deflate);
  libdeflate_free_compressor(c->best);
  mf_buf_free(&c->qr_key);
  mf_buf_free(&c->qr_zops);
  free(c);
}

const mf_static_blob *mf_static_cache_get(const mf_font_cache *c, const void *key) {
  for (size_t i = 0; c && i < c->nstatic; i++)
    if (c->statics[i]->key == key) return c->statics[i];
  return NULL;
}

mf_static_blob *mf_static_cache_put(mf_font_cache *c, const void *key) {
  if (c->nstatic >= MF_STATIC_SLOTS) return NULL;
  mf_static_blob *s = mf_calloc(1, sizeof *s);
  if (!s) return NULL;
  mf_buf_init(&s->zcontent);
  for (int f = 0; f < MF_FACE_COUNT; f++) mf_font_blob_init(&s->fonts[f]);
  s->key = key;
  c->statics[c->nstatic++] = s;
  return s;
}

void mf_static_cache_drop(mf_font_cache *c, mf_static_blob *s) {
  if (!c->nstatic || c->statics[c->nstatic - 1] != s) return;
  static_free(s);
  free(s);
  c->statics[--c->nstatic] = NULL;
}

bool mf_deflate(mf_font_cache *cache, const mf_buf *src, mf_buf *dst, bool best) {
  /* libdeflate rather than zlib: the same ratio at level 6 in less than
   * half the time on TrueType glyph data (0.8 ms vs 1.9 ms for 46 KB). */
  int level = best ? 12 : 1;
  struct libdeflate_compressor *c = NULL;
  if (cache && best && !cache->best) cache->best = libdeflate_alloc_compressor(level);
  if (cache) c = best ? cache->best : cache->deflate;
  bool own = !c;
  if (own && !(c = libdeflate_alloc_compressor(level))) return false;
  size_t cap = libdeflate_zlib_compress_bound(c, src->len);
  bool ok = mf_buf_reserve(dst, cap);
  size_t n = ok ? libdeflate_zlib_compress(c, src->data, src->len, dst->data + dst->len, cap) : 0;
  if (own) libdeflate_free_compressor(c);
  if (!n) return false;
  dst->len += n;
  return true;
}
