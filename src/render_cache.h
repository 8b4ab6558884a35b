/*
 * render_cache.h — what a context keeps between renders so that a clinic
 * system calling once per patient, or a batch of thousands, does not redo
 * work: scratch pages reused across renders.
 */
#ifndef MF_RENDER_CACHE_H
#define MF_RENDER_CACHE_H

#include "layout/page.h"

#define MF_MAX_DOC_PAGES 4

typedef struct mf_cache {
  mf_page pages[MF_MAX_DOC_PAGES]; /* scratch display lists */
} mf_cache;

mf_cache *mf_cache_new(void);
void mf_cache_free(mf_cache *c);

#endif
