/*
 * para_model.h — the spacing model of paragraph composition, shared by
 * paragraph.c (which builds it and sets the lines) and totalfit.c (which
 * chooses the breaks).  Internal to those two files.
 *
 * Every cluster has a width and every boundary between two clusters a gap,
 * both in em, each with an amount that may shrink and one that may stretch
 * (typesetting.md §3, JLReq 3.8, JIS X 4051 §4.19):
 *   shrink  S1 word spaces (down to 1/4 em), S2 the half em after a line-end
 *           。 (all or nothing), S3 the quarter ems around ・, S4 the half em
 *           after closing brackets and commas and before opening brackets
 *           (down to solid), S5 和欧間 (1/4 down to 1/8 em), taken in that
 *           order;
 *   stretch word spaces (by up to half their width), 和欧間 (up to 1/4 em
 *           more, 1/2 em in all) and every permitted inter-character gap (up
 *           to MF_ST_CHAR), all at the same ratio of their limit, so that no
 *           single gap stands out; past the limits, inter-character gaps
 *           take the rest equally (JLReq 3.8.3 step 4).
 */
#ifndef MF_PARA_MODEL_H
#define MF_PARA_MODEL_H

#include "layout/paragraph.h"

#define MF_EPS 1e-9
#define MF_HALF 0.5
#define MF_QUARTER 0.25
#define MF_EIGHTH 0.125
/* Stretch limits at ratio 1, em: an inter-character gap, a 和欧間 (on top of
 * its 1/4 em); a word space stretches by half its width. */
#define MF_ST_CHAR 0.15
#define MF_ST_WAKAN 0.25

/* Cluster kinds of the spacing model. */
enum {
  MF_K_NORMAL, /* its advance, no spacing of its own */
  MF_K_OPEN,   /* full-width cl-01: inked right half + 1/2 em aki before */
  MF_K_CLOSE,  /* full-width cl-02, cl-07: inked left half + 1/2 em after */
  MF_K_STOP,   /* full-width cl-06: inked left half + 1/2 em after (fixed) */
  MF_K_MIDDLE, /* full-width cl-05: inked middle half + 1/4 em either side */
  MF_K_SPACE,  /* Western word space: S1, stretches */
  MF_K_WSPACE, /* a space between Japanese and Latin replaced by 和欧間 (§5.4) */
  MF_K_IDSPACE,/* U+3000: fixed, dropped at a wrapped line's start */
  MF_K_NEWLINE,
  MF_K_JOINED  /* merged into the previous cluster by shaping: no glyph */
};

/* Gap kinds, and the flag for inter-character stretching. */
enum {
  MF_G_NONE = 0,   /* solid, or plain inter-character gap */
  MF_G_PUNCT = 1,  /* 約物 half em, compressible to solid (S4) */
  MF_G_FIXED = 2,  /* half em after a mid-line 。 — never compressed (§3) */
  MF_G_MIDDLE = 3, /* quarter ems around ・ (S3) */
  MF_G_WAKAN = 4,  /* 和欧間 (S5; stretches) */
  MF_G_KIND = 0x0F,
  MF_G_STRETCH = 0x10
};

/* The paragraph's clusters in the model: arrays of n entries. */
typedef struct mf_lay {
  const mf_shaped *s;
  const mf_para_opts *o;
  size_t n;
  double *w, *gap;      /* width of cluster k, gap before it (em) */
  uint8_t *cls, *brk;   /* mf_lb_cls, break code before k (linebreak.h) */
  uint8_t *kind, *gk;   /* MF_K_*, MF_G_* of the gap before k */
  double measure;       /* em */
} mf_lay;

static inline bool mf_is_space_kind(uint8_t k) {
  return k == MF_K_SPACE || k == MF_K_WSPACE || k == MF_K_IDSPACE;
}

/* Shrinkable part of a gap (S3, S4, S5; a fixed gap gives nothing). */
static inline double mf_gap_shrink(uint8_t gk, double g) {
  switch (gk & MF_G_KIND) {
    case MF_G_PUNCT: case MF_G_MIDDLE: return g;
    case MF_G_WAKAN: return g - MF_EIGHTH;
    default: return 0;
  }
}

/* Shrinkable part of a cluster (S1 word spaces, S5 replaced spaces). */
static inline double mf_width_shrink(uint8_t kind, double w) {
  if (kind == MF_K_SPACE) return w > MF_QUARTER ? w - MF_QUARTER : 0;
  if (kind == MF_K_WSPACE) return MF_EIGHTH;
  return 0;
}

/* Stretch of a gap at ratio 1. */
static inline double mf_gap_stretch(uint8_t gk) {
  if ((gk & MF_G_KIND) == MF_G_WAKAN) return MF_ST_WAKAN;
  return (gk & MF_G_STRETCH) ? MF_ST_CHAR : 0;
}

/* Stretch of a cluster at ratio 1. */
static inline double mf_width_stretch(uint8_t kind, double w) {
  if (kind == MF_K_SPACE) return w * MF_HALF;
  if (kind == MF_K_WSPACE) return MF_ST_WAKAN;
  return 0;
}

#endif
