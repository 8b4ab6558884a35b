/* dump.c — the layout dump (format in dump.h). */
#include "layout/dump.h"

static void num(mf_buf *b, double v) { mf_buf_num(b, v, 2); }

void mf_dump_page(mf_buf *b, const mf_fontset *fs, const mf_page *p) {
  (void)fs;
  for (size_t i = 0; i < p->nrules; i++) {
    const mf_rule *r = &p->rules[i];
    mf_buf_puts(b, "rule ");
    num(b, r->x0);
    mf_buf_putc(b, ',');
    num(b, r->y0);
    mf_buf_puts(b, " - ");
    num(b, r->x1);
    mf_buf_putc(b, ',');
    num(b, r->y1);
    mf_buf_puts(b, " w=");
    num(b, r->width);
    mf_buf_putc(b, '\n');
  }
  for (size_t i = 0; i < p->nrects; i++) {
    const mf_rect *r = &p->rects[i];
    mf_buf_puts(b, r->width > 0 ? "box " : "fill ");
    num(b, r->x);
    mf_buf_putc(b, ',');
    num(b, r->y);
    mf_buf_putc(b, ' ');
    num(b, r->w);
    mf_buf_putc(b, 'x');
    num(b, r->h);
    if (r->width > 0) {
      mf_buf_puts(b, " w=");
      num(b, r->width);
    } else {
      mf_buf_puts(b, " gray=");
      num(b, r->gray);
    }
    mf_buf_putc(b, '\n');
  }
  for (size_t i = 0; i < p->nruns; i++) {
    const mf_run *r = &p->runs[i];
    mf_buf_printf(b, "run %s %s%s size=", mf_face_name((mf_face_id)r->face),
                  r->layer == MF_LAYER_STATIC ? "static" : "data",
                  r->hidden ? " hidden" : "");
    num(b, r->size);
    mf_buf_puts(b, " at ");
    num(b, r->x);
    mf_buf_putc(b, ',');
    num(b, r->y);
    mf_buf_puts(b, " \"");
    for (uint32_t k = 0; k < r->ng; k++) {
      const mf_pglyph *g = &p->glyphs[r->g0 + k];
      mf_buf_append(b, mf_pglyph_text(p, g), g->text_len);
    }
    mf_buf_puts(b, "\"\n ");
    for (uint32_t k = 0; k < r->ng; k++) {
      const mf_pglyph *g = &p->glyphs[r->g0 + k];
      mf_buf_printf(b, " %u@", (unsigned)g->gid);
      num(b, g->x);
      if (g->y != 0) {
        mf_buf_putc(b, '/');
        num(b, g->y);
      }
    }
    mf_buf_putc(b, '\n');
  }
  for (size_t i = 0; i < p->nqrs; i++) {
    const mf_qr *q = &p->qrs[i];
    mf_buf_puts(b, "qr ");
    num(b, q->x);
    mf_buf_putc(b, ',');
    num(b, q->y);
    mf_buf_puts(b, " size=");
    num(b, q->size);
    mf_buf_puts(b, " \"");
    mf_buf_puts(b, q->text);
    mf_buf_puts(b, "\"\n");
  }
}
