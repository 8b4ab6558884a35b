/*
 * fit.h — fitting a value into a fixed box of a form (doc/typesetting.md,
 * "Fitting a value into its field"): wrap when the box allows more lines,
 * shrink only as far as needed down to a minimum, and report failure rather
 * than clip or drop a character.
 */
#ifndef MF_FIT_H
#define MF_FIT_H

#include "layout/paragraph.h"

typedef struct mf_fit_opts {
  double width;      /* box width available to the text, pt (padding off) */
  double height;     /* box height available, pt; 0 = only max_lines counts */
  double size;       /* nominal size, pt */
  double min_size;   /* smallest size allowed, pt (≤ size) */
  double step;       /* size step, pt (default 0.5) */
  unsigned max_lines;/* lines allowed (≥ 1) */
  double leading;    /* line height as a multiple of the size (default 1.25) */
  bool wakan;        /* 和欧間 (off for data fields) */
} mf_fit_opts;

typedef struct mf_fit {
  double size;    /* size chosen, pt */
  mf_para para;   /* the lines at that size (not justified) */
} mf_fit;

/*
 * Chooses the largest size from size down to min_size (in steps) at which
 * the text fits the lines the box holds at that size (max_lines, and as many
 * as height holds): on one line if it can, else wrapped (wrap before
 * shrink), so the size never grows with the text's length; failing that,
 * MYNA_ERR_FIT with a
 * message "<where>: does not fit its box (needs N lines at the minimum size
 * X pt, box holds M)" — never the value.
 */
myna_status mf_fit_text(myna_ctx *ctx, const mf_shaped *s, const mf_fit_opts *o,
                        const char *where, mf_fit *out);
void mf_fit_free(mf_fit *f);

#endif
