/*
 * font_cache.h — embedded font programs kept between documents.
 *
 * The static text of a template (labels, notes, official sentences) draws
 * the same glyphs in the same order for every record, so its subset font,
 * CIDToGIDMap, widths and ToUnicode come out byte for byte the same.  A
 * context keeps them, Flate-compressed once, keyed by
 * mf_pdf_font_key; a document then copies the bytes instead of subsetting
 * and compressing again.  Owned by one context (no lock).
 */
#ifndef MF_FONT_CACHE_H
#define MF_FONT_CACHE_H

#include "core/core.h"
#include "layout/fontset.h"

typedef struct mf_font_blob {
  uint64_t key;
  char base_font[96];
  mf_face_metrics m;
  size_t ttf_len;   /* uncompressed length of the font program (/Length1) */
  mf_buf zttf;      /* Flate-compressed font program */
  mf_buf zc2g;      /* Flate-compressed CIDToGIDMap */
  mf_buf ztou;      /* Flate-compressed ToUnicode CMap */
  mf_buf widths;    /* the /W array text */
} mf_font_blob;

#define MF_FONT_CACHE_SLOTS 16

typedef struct mf_font_cache {
  mf_font_blob blobs[MF_FONT_CACHE_SLOTS];
  size_t n, next; /* used slots; the slot replaced next when full */
} mf_font_cache;

mf_font_cache *mf_font_cache_new(void);
void mf_font_cache_free(mf_font_cache *c);
const mf_font_blob *mf_font_cache_get(const mf_font_cache *c, uint64_t key);
/* A slot to fill for key (emptied; replaces the oldest when full). */
mf_font_blob *mf_font_cache_put(mf_font_cache *c, uint64_t key);
/* Flate-compresses src onto dst (zlib format, libdeflate level 6). */
bool mf_deflate(const mf_buf *src, mf_buf *dst);

#endif
