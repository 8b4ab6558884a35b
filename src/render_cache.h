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

typedef struct mf_cache {
  mf_page pages[MF_MAX_DOC_PAGES]; /* scratch display lists */
  mf_font_cache *fonts;            /* fonts of static text */
} mf_cache;

mf_cache *mf_cache_new(void);
void mf_cache_free(mf_cache *c);

#endif
