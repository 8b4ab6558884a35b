/*
 * render_cache.h — what a context keeps between renders so that a clinic
 * system calling once per patient, or a batch of thousands, does not redo
 * work: scratch pages reused across renders, and the embedded fonts of the
 * templates' static text.
 */
#ifndef MF_RENDER_CACHE_H
#define MF_RENDER_CACHE_H

#include "layout/page.h"
#include "pdf/font_cache.h"

#define MF_MAX_DOC_PAGES 4
#define MF_STATIC_PAGES 8

/* The static layer of a template, laid out once. */
typedef struct mf_static_page {
  const void *t; /* the template (NULL = free slot) */
  mf_page page;
} mf_static_page;

typedef struct mf_cache {
  mf_page pages[MF_MAX_DOC_PAGES];         /* data layers, reused */
  mf_static_page statics[MF_STATIC_PAGES]; /* static layers */
  size_t next_static;                      /* slot replaced next when full */
  mf_font_cache *fonts;                    /* static layers as PDF bytes */
} mf_cache;

mf_cache *mf_cache_new(void);
void mf_cache_free(mf_cache *c);

/* Frees the PDFs made from ctx that the caller has not freed (render.c):
 * myna_ctx_free frees everything created from the context. */
void mf_ctx_free_pdfs(myna_ctx *ctx);

#endif
