/*
 * font_cache.h — the static layers of template pages, kept between
 * documents.
 *
 * The static layer of a template (rules, grids, labels, notes, official
 * sentences) is the same for every record, so its content stream and its
 * subset fonts (font program, CIDToGIDMap, widths, ToUnicode) come out byte
 * for byte the same.  A context keeps them Flate-compressed, keyed by the
 * template; a document then copies the bytes instead of laying out,
 * subsetting and compressing again.  Owned by one context (no lock).
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

/* The static part of one template page, ready to embed: its content stream
 * (rules and boxes drawn by libharu, text as glyph IDs) and its fonts, all
 * compressed.  The content names its fonts /SF<face>. */
struct mf_pdf_font;

typedef struct mf_static_blob {
  const void *key; /* the template */
  mf_buf zcontent;
  bool has_face[MF_FACE_COUNT];
  mf_font_blob fonts[MF_FACE_COUNT];
  /* the CIDs of each static font, so that data text can use its glyphs */
  struct mf_pdf_font *cids[MF_FACE_COUNT];
} mf_static_blob;

/* One entry per template ever used, never evicted (documents in progress
 * point into them); a context holds at most this many templates. */
#define MF_STATIC_SLOTS 256

struct libdeflate_compressor;

typedef struct mf_font_cache {
  struct libdeflate_compressor *deflate; /* level 1, allocated once */
  struct libdeflate_compressor *best;    /* level 12, for static layers; on first use */
  mf_static_blob *statics[MF_STATIC_SLOTS];
  size_t nstatic;
  /* the last QR code's operators, compressed: every notice of a batch has
   * the same */
  mf_buf qr_key, qr_zops;
} mf_font_cache;

void mf_font_blob_init(mf_font_blob *b);
void mf_font_blob_free(mf_font_blob *b);
const mf_static_blob *mf_static_cache_get(const mf_font_cache *c, const void *key);
/* A new, empty entry for key; NULL when full or out of memory (the caller
 * then builds without caching). */
mf_static_blob *mf_static_cache_put(mf_font_cache *c, const void *key);

/* Frees what s holds (content, fonts, CIDs), keeping its key. */
void mf_static_blob_clear(mf_static_blob *s);
/* Removes s, the entry put last (a disk load that failed). */
void mf_static_cache_drop(mf_font_cache *c, mf_static_blob *s);

mf_font_cache *mf_font_cache_new(void);
void mf_font_cache_free(mf_font_cache *c);
/* Flate-compresses src onto dst (zlib format) with the cache's compressor,
 * or a temporary one when c is NULL: libdeflate level 1 for what is made
 * per record (a record's fonts and text: 14% less time per document than
 * level 6 for 0.5% more bytes, bench/README.md), level 12 (best) for static
 * layers, which are made once and kept (in memory and on disk). */
bool mf_deflate(mf_font_cache *c, const mf_buf *src, mf_buf *dst, bool best);

#endif
