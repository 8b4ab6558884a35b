/*
 * page.h — a laid-out page: the display list the PDF writer draws and the
 * layout dump prints.  Coordinates are in pt from the top-left corner of the
 * page, y growing downwards; a text run's y is its baseline.
 */
#ifndef MF_PAGE_H
#define MF_PAGE_H

#include "core/core.h"
#include "layout/fontset.h"
#include "layout/paragraph.h"

#define MF_MM(v) ((v) * 72.0 / 25.4)
#define MF_A4_W MF_MM(210.0)
#define MF_A4_H MF_MM(297.0)

/* A glyph placed in a run. */
typedef struct mf_pglyph {
  uint32_t gid;
  float x, y;        /* pt from the run origin (y down) */
  float adv;         /* natural advance, em (for the PDF /W entry) */
  uint32_t text_off; /* source text of the cluster in mf_page.text */
  uint32_t text_len; /* bytes; 0 for the second and later glyphs of a
                        cluster.  32-bit: a cluster (a base and thousands of
                        marks) can pass 65,535 bytes; the struct is no
                        larger for it (24 bytes either way) */
} mf_pglyph;

/* Layers: static text is the same for every record of a template. */
enum { MF_LAYER_STATIC = 0, MF_LAYER_DATA = 1 };

typedef struct mf_run {
  uint8_t face;  /* mf_face_id */
  uint8_t layer; /* MF_LAYER_* */
  uint8_t hidden; /* not drawn: its glyphs are only made available to the
                     data layer (the ✓ of checkboxes, in the static layer) */
  float size;    /* pt */
  double x, y;   /* origin: left end of the baseline */
  uint32_t g0, ng;
} mf_run;

typedef struct mf_rule {
  double x0, y0, x1, y1, width;
} mf_rule;

typedef struct mf_rect {
  double x, y, w, h, width; /* width = line width; 0 = fill */
  float gray;               /* fill gray level (0 black … 1 white) */
} mf_rect;

typedef struct mf_qr {
  double x, y, size; /* the square including its quiet zone */
  char *text;
} mf_qr;

typedef struct mf_page {
  mf_run *runs;
  size_t nruns, cruns;
  mf_pglyph *glyphs;
  size_t nglyphs, cglyphs;
  mf_rule *rules;
  size_t nrules, crules;
  mf_rect *rects;
  size_t nrects, crects;
  mf_qr *qrs;
  size_t nqrs, cqrs;
  mf_buf text; /* cluster texts, for ToUnicode */
  bool oom;
} mf_page;

void mf_page_init(mf_page *p);
void mf_page_clear(mf_page *p);
void mf_page_free(mf_page *p);
bool mf_page_ok(const mf_page *p);

void mf_page_rule(mf_page *p, double x0, double y0, double x1, double y1,
                  double width);
void mf_page_rect(mf_page *p, double x, double y, double w, double h,
                  double width, float gray);
void mf_page_qr(mf_page *p, double x, double y, double size, const char *text);
/* Starts a run; add glyphs with mf_page_glyph.  The pointer is valid until
 * the next mf_page_run. */
mf_run *mf_page_run(mf_page *p, mf_face_id face, int layer, double size,
                    double x, double y);
/* The source text of a glyph ("" when the page holds no text at all). */
static inline const char *mf_pglyph_text(const mf_page *p, const mf_pglyph *g) {
  return p->text.data ? p->text.data + g->text_off : "";
}

/* Adds a glyph to run r with the source text it stands for (text_len 0
 * for the second and later glyphs of a cluster).  Text that would not fit
 * the 32-bit offsets marks the page failed (mf_page_ok false), never a
 * truncated text. */
void mf_page_glyph(mf_page *p, mf_run *r, uint32_t gid, double x, double y,
                   double adv_em, const char *text, size_t text_len);

/* Adds the glyphs of one laid-out line (clusters ln->a … ln->b of s at
 * para->x, hidden ones NaN) as runs of one face each, in layer, size pt,
 * from x0 on the baseline (pt).  The text of clusters shaping merged into
 * one goes with its first glyph. */
void mf_page_line(mf_page *p, const mf_fontset *fs, const mf_shaped *s,
                  const mf_para *para, const mf_line *ln, int layer, double size,
                  double x0, double baseline);

#endif
