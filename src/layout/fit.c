/*
 * fit.c — fitting a value into a fixed box of a form (doc/typesetting.md,
 * "Fitting a value into its field"): the largest size, from the nominal one
 * down to the minimum in steps, at which the value fits the lines the box
 * holds at that size (one line if it can, else wrapped with kinsoku); else
 * MYNA_ERR_FIT.  Never clips,
 * never drops a character, never spreads a value (§7.2: flush left).
 */
#include <math.h>
#include <string.h>

#include "layout/fit.h"

#define TOL 1e-6 /* pt */

/* Lines of size pt the box holds: k lines need (k − 1) × leading + 1 em,
 * which is what the composer centres in the box. */
static unsigned lines_held(const mf_fit_opts *o, double size, double leading) {
  unsigned m = o->max_lines ? o->max_lines : 1;
  if (o->height > 0) {
    if (size > o->height + TOL) return 0;
    double k = floor((o->height - size) / (size * leading) + 1e-9) + 1;
    if (k < (double)m) m = (unsigned)k;
  }
  return m;
}

/* The i-th size tried: nominal, nominal − step, … and the minimum last. */
static bool size_at(const mf_fit_opts *o, double step, double min, unsigned i,
                    double *out) {
  double sz = o->size - step * (double)i;
  if (sz < min - 1e-9) {
    double prev = o->size - step * (double)(i - 1);
    if (i == 0 || prev <= min + 1e-9) return false;
    sz = min;
  }
  *out = sz;
  return true;
}

static mf_para_opts para_opts(const mf_fit_opts *o, double size, bool prefer) {
  mf_para_opts po;
  memset(&po, 0, sizeof po);
  po.size = size;
  po.width = o->width;
  po.justify = false; /* values are never spread (§7.2) */
  po.wakan = o->wakan;
  /* §1 decision: under about 8 em the negotiable characters may start a
   * line (the normal profile) */
  po.kinsoku = o->width / size < 8 ? MF_KINSOKU_NORMAL : MF_KINSOKU_STRICT;
  po.prefer_spaces = prefer;
  return po;
}

static bool para_fits(const mf_para *p, unsigned held, double width) {
  if (p->nlines > held || p->max_width > width + TOL) return false;
  for (size_t i = 0; i < p->nlines; i++)
    if (p->lines[i].emergency) return false;
  return true;
}

void mf_fit_free(mf_fit *f) {
  if (!f) return;
  mf_para_free(&f->para);
  f->size = 0;
}

myna_status mf_fit_text(myna_ctx *ctx, const mf_shaped *s, const mf_fit_opts *o,
                        const char *where, mf_fit *out) {
  memset(out, 0, sizeof *out);
  if (!(o->size > 0) || !(o->width > 0))
    return mf_fail(ctx, MYNA_ERR_INTERNAL, "%s: box or size is not positive",
                   where);
  double step = o->step > 0 ? o->step : 0.5;
  double leading = o->leading > 0 ? o->leading : 1.25;
  double min = o->min_size > 0 && o->min_size < o->size ? o->min_size : o->size;
  myna_status st;
  bool newline = false;
  for (size_t k = 0; k < s->ncl; k++)
    if (s->cl[k].flags & MF_CL_NEWLINE) newline = true;

  /* 1. from the nominal size down, the first size at which the value fits
   * the lines the box holds at that size: on one line if it can, else
   * wrapped with kinsoku, ending each line at its last space, ・ or address
   * component if it has one (doc/typesetting.md, "Fitting a value into its
   * field": wrap before shrink, and shrink rather than break inside a word).
   * A longer value never fits where a shorter one does not, so the size
   * chosen never grows with the value's length. */
  double sz;
  double em = newline ? INFINITY : mf_para_natural_em(s, 0, s->ncl, o->wakan);
  for (unsigned i = 0; size_at(o, step, min, i, &sz); i++) {
    unsigned held = lines_held(o, sz, leading);
    if (held < 1) continue;
    if (em * sz <= o->width + TOL) { /* one line */
      mf_para_opts po = para_opts(o, sz, false);
      st = mf_para_layout(ctx, s, &po, &out->para);
      if (st != MYNA_OK) return st;
      if (para_fits(&out->para, 1, o->width)) {
        out->size = sz;
        return MYNA_OK;
      }
      mf_para_free(&out->para);
    }
    if (held < 2 && !newline) continue;
    mf_para_opts po = para_opts(o, sz, true);
    st = mf_para_layout(ctx, s, &po, &out->para);
    if (st != MYNA_OK) return st;
    if (para_fits(&out->para, held, o->width)) {
      out->size = sz;
      return MYNA_OK;
    }
    mf_para_free(&out->para);
  }

  /* 2. last resort, at the minimum size: any break kinsoku allows (a word
   * longer than what is left of a line).  Only the minimum keeps the size
   * from growing with the length where step 1 first fails. */
  unsigned held = lines_held(o, min, leading);
  if (held >= 1) {
    mf_para_opts po = para_opts(o, min, false);
    st = mf_para_layout(ctx, s, &po, &out->para);
    if (st != MYNA_OK) return st;
    if (para_fits(&out->para, held, o->width)) {
      out->size = min;
      return MYNA_OK;
    }
    mf_para_free(&out->para);
  }

  /* 3. does not fit: say where and how, never what */
  mf_para_opts po = para_opts(o, min, false);
  st = mf_para_layout(ctx, s, &po, &out->para);
  if (st != MYNA_OK) return st;
  bool wide = false;
  for (size_t i = 0; i < out->para.nlines; i++)
    if (out->para.lines[i].emergency) wide = true; /* overflow or split */
  size_t need = out->para.nlines;
  mf_para_free(&out->para);
  char num[32];
  mf_fmt_num(num, sizeof num, min, 2);
  if (wide)
    return mf_fail(ctx, MYNA_ERR_FIT,
                   "%s: does not fit its box (an unbreakable part is wider "
                   "than the box at the minimum size %s pt)",
                   where, num);
  return mf_fail(ctx, MYNA_ERR_FIT,
                 "%s: does not fit its box (needs %zu lines at the minimum "
                 "size %s pt, box holds %u)",
                 where, need, num, lines_held(o, min, leading));
}
