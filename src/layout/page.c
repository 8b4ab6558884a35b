/* page.c — building the display list of a laid-out page. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout/page.h"

void mf_page_init(mf_page *p) {
  memset(p, 0, sizeof *p);
  mf_buf_init(&p->text);
}

void mf_page_clear(mf_page *p) {
  for (size_t i = 0; i < p->nqrs; i++) free(p->qrs[i].text);
  p->nruns = p->nglyphs = p->nrules = p->nrects = p->nqrs = 0;
  mf_buf_reset(&p->text);
  p->oom = false;
}

void mf_page_free(mf_page *p) {
  mf_page_clear(p);
  free(p->runs);
  free(p->glyphs);
  free(p->rules);
  free(p->rects);
  free(p->qrs);
  mf_buf_free(&p->text);
  mf_page_init(p);
}

bool mf_page_ok(const mf_page *p) { return !p->oom && !p->text.oom; }

/* Makes room for one more element of an array; false on OOM. */
static bool grow(mf_page *p, void **arr, size_t n, size_t *cap, size_t size) {
  if (p->oom) return false;
  if (n < *cap) return true;
  size_t c = *cap ? *cap * 2 : 16;
  void *a = mf_reallocarray(*arr, c, size);
  if (!a) {
    p->oom = true;
    return false;
  }
  *arr = a;
  *cap = c;
  return true;
}

void mf_page_rule(mf_page *p, double x0, double y0, double x1, double y1,
                  double width) {
  if (!grow(p, (void **)&p->rules, p->nrules, &p->crules, sizeof *p->rules))
    return;
  p->rules[p->nrules++] = (mf_rule){x0, y0, x1, y1, width};
}

void mf_page_rect(mf_page *p, double x, double y, double w, double h,
                  double width, float gray) {
  if (!grow(p, (void **)&p->rects, p->nrects, &p->crects, sizeof *p->rects))
    return;
  p->rects[p->nrects++] = (mf_rect){x, y, w, h, width, gray};
}

void mf_page_qr(mf_page *p, double x, double y, double size, const char *text) {
  if (!grow(p, (void **)&p->qrs, p->nqrs, &p->cqrs, sizeof *p->qrs)) return;
  char *t = mf_strdup(text);
  if (!t) {
    p->oom = true;
    return;
  }
  p->qrs[p->nqrs++] = (mf_qr){x, y, size, t};
}

mf_run *mf_page_run(mf_page *p, mf_face_id face, int layer, double size,
                    double x, double y) {
  if (!grow(p, (void **)&p->runs, p->nruns, &p->cruns, sizeof *p->runs))
    return NULL;
  mf_run *r = &p->runs[p->nruns++];
  *r = (mf_run){.face = (uint8_t)face,
                .layer = (uint8_t)layer,
                .size = (float)size,
                .x = x,
                .y = y,
                .g0 = (uint32_t)p->nglyphs};
  return r;
}

void mf_page_glyph(mf_page *p, mf_run *r, uint32_t gid, double x, double y,
                   double adv_em, const char *text, size_t text_len) {
  if (!r || !grow(p, (void **)&p->glyphs, p->nglyphs, &p->cglyphs,
                  sizeof *p->glyphs))
    return;
  /* text_off and text_len are 32-bit: refuse rather than wrap (the input
   * limits keep a page's text far below 4 GiB) */
  if (p->text.len > UINT32_MAX || text_len > UINT32_MAX - p->text.len) {
    p->oom = true;
    return;
  }
  uint32_t off = (uint32_t)p->text.len;
  mf_buf_append(&p->text, text, text_len);
  p->glyphs[p->nglyphs++] =
      (mf_pglyph){gid, (float)x, (float)y, (float)adv_em, off,
                  (uint32_t)text_len};
  r->ng++;
}

void mf_page_line(mf_page *pg, const mf_fontset *fs, const mf_shaped *s,
                  const mf_para *para, const mf_line *ln, int layer, double size,
                  double x0, double baseline) {
  mf_run *run = NULL;
  int face = -1, sup = -1;
  for (size_t k = ln->a; k < ln->b; k++) {
    const mf_cluster *c = &s->cl[k];
    double cx = para->x[k];
    if (isnan(cx) || c->ng == 0) continue;
    int csup = (c->flags & MF_CL_SUP) != 0;
    double csize = csup ? size * MF_SUP_SCALE : size;
    if (c->face != face || csup != sup || !run) {
      face = c->face;
      sup = csup;
      run = mf_page_run(pg, (mf_face_id)face, layer, csize, x0,
                        baseline - (csup ? MF_SUP_RISE * size : 0));
      if (!run) return;
    }
    double upem = fs->faces[c->face].upem, gx = 0;
    /* the text of clusters that shaping merged into this one (21ﾞ: the
     * font draws 1ﾞ as one cluster) goes with its first glyph, so that
     * copy and search give it back */
    size_t tlen = c->len;
    for (size_t m = k + 1; m < s->ncl && (s->cl[m].flags & MF_CL_JOINED); m++)
      tlen = s->cl[m].start + s->cl[m].len - c->start;
    for (uint32_t j = 0; j < c->ng; j++) {
      const mf_glyph *g = &s->gl[c->g0 + j];
      mf_page_glyph(pg, run, g->gid, cx + gx + g->dx / upem * csize,
                    -g->dy / upem * csize, g->adv / upem,
                    j ? "" : s->text + c->start, j ? 0 : tlen);
      gx += g->adv / upem * csize;
    }
    /* mf_page_run may move runs; re-take the pointer of the current run */
    run = &pg->runs[pg->nruns - 1];
  }
}
