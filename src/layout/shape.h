/*
 * shape.h — text → clusters → font per cluster → HarfBuzz glyphs.
 *
 * A cluster is a base code point with the variation selector and combining
 * marks after it.  Each cluster gets the first face that has the exact
 * (base, selector) pair: the primary face, else IPAmj Mincho.  If neither
 * has the pair, the first face with the base draws the base glyph, the
 * selector stays in the text layer, and a warning is raised.  If no face has
 * the base, it is an error: never a .notdef box.
 */
#ifndef MF_SHAPE_H
#define MF_SHAPE_H

#include "input/utf8.h"
#include "layout/fontset.h"

/* A glyph, positions in the font units of its cluster's face. */
typedef struct mf_glyph {
  uint32_t gid;
  int32_t adv, dx, dy;
} mf_glyph;

enum {
  MF_CL_NEWLINE = 1u << 0,    /* a line feed: forced break, no glyph */
  MF_CL_VS_DROPPED = 1u << 1, /* selector in no font: base glyph drawn */
  MF_CL_JOINED = 1u << 2,     /* shaping merged it into the previous cluster */
  MF_CL_SUP = 1u << 3         /* a superscript (compose.c): its adv is already
                                 scaled by MF_SUP_SCALE; page.c draws it at
                                 that size, raised by MF_SUP_RISE em */
};

/* Superscript references (※1 after a label, JIS Z 8305 上付き): a little
 * over half the size, raised so that the top of its em box meets the top of
 * the text's (0.88 − 0.88 × 0.6 ≈ 0.35 em). */
#define MF_SUP_SCALE 0.6
#define MF_SUP_RISE 0.352

typedef struct mf_cluster {
  uint32_t start, len; /* bytes of the source text */
  uint32_t cp;         /* base code point */
  uint32_t vs;         /* variation selector, 0 if none */
  uint8_t face;        /* mf_face_id that draws it */
  uint8_t flags;       /* MF_CL_* */
  uint32_t ng;         /* glyph count */
  uint32_t g0;         /* first glyph in mf_shaped.gl */
  double adv;          /* natural advance, em */
} mf_cluster;

typedef struct mf_shaped {
  const char *text; /* not owned */
  size_t len;
  mf_cluster *cl;
  size_t ncl;
  mf_glyph *gl;
  size_t ngl;
} mf_shaped;

/*
 * Shapes text (valid UTF-8) with primary as the first-choice face.  `where`
 * names the text in messages ("$.name", "template x: item 3").  On error
 * (MYNA_ERR_GLYPH, MYNA_ERR_NOMEM) *out is empty.
 */
myna_status mf_shape(myna_ctx *ctx, const mf_fontset *fs, mf_face_id primary,
                     const char *text, size_t len, const char *where,
                     mf_shaped *out);
/* One symbol (text: its UTF-8) from face, nominal glyph and advance taken
 * from the font's cmap and metrics without running the shaper: for marks
 * drawn alone, with no context a shaping feature could act on (the ✓ of a
 * ticked box).  MYNA_ERR_GLYPH if the face lacks it. */
myna_status mf_shape_symbol(myna_ctx *ctx, const mf_fontset *fs, mf_face_id face,
                            const char *text, const char *where, mf_shaped *out);
void mf_shaped_free(mf_shaped *s);

/* Decodes the code point at s[*i] (input/utf8.c is the one decoder),
 * advancing *i; 0xFFFFFFFF on a malformed sequence. */
static inline uint32_t mf_utf8_next(const char *s, size_t len, size_t *i) {
  uint32_t cp;
  size_t adv;
  mf_utf8_status st = mf_utf8_decode(s + *i, len - *i, &cp, &adv);
  *i += adv;
  return st == MF_UTF8_OK ? cp : 0xFFFFFFFFu;
}

static inline bool mf_is_vs(uint32_t cp) {
  return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

#endif
