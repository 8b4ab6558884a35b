/*
 * fontset.h — the fonts mynaform prints with, opened once per context.
 *
 * Three primary faces (BIZ UD Mincho, BIZ UD Gothic Regular and Bold) and the
 * fallback for name characters (IPAmj Mincho).  Font files are mapped, not
 * read, so opening the 46 MB IPAmj costs microseconds.  A fontset is
 * read-only after mf_fontset_open.
 */
#ifndef MF_FONTSET_H
#define MF_FONTSET_H

#include <hb.h>

#include "core/core.h"

typedef enum mf_face_id {
  MF_FACE_MINCHO = 0,
  MF_FACE_GOTHIC = 1,
  MF_FACE_GOTHIC_BOLD = 2,
  MF_FACE_IPAMJ = 3,
  MF_FACE_COUNT = 4
} mf_face_id;

/* Metrics for the PDF font descriptor, in 1/1000 em. */
typedef struct mf_face_metrics {
  int ascent, descent, cap_height, stem_v;
  int bbox[4];
  int italic_angle;
} mf_face_metrics;

typedef struct mf_face {
  char *path;
  char *ps_name;  /* PostScript name, e.g. "BIZUDMincho-Regular"; NULL until
                     mf_face_load_metrics */
  hb_blob_t *blob;
  hb_face_t *face;
  hb_font_t *font; /* scale = upem: positions in font units */
  unsigned upem;
  mf_face_metrics m;
  /* glyph → a code point whose nominal glyph it is (0 = none), built on
   * first use by mf_face_cp_of_glyph.  A fontset belongs to one context, so
   * this lazily filled cache needs no lock. */
  uint32_t *rev_cmap;
  unsigned nglyphs;
} mf_face;

typedef struct mf_fontset {
  mf_face faces[MF_FACE_COUNT];
  hb_language_t ja; /* resolved once: HarfBuzz's language list is global */
} mf_fontset;

/* Opens the four faces: primaries from font_dir, the fallback from
 * fallback_path (or font_dir/ipamjm.ttf, or Debian's path). */
myna_status mf_fontset_open(myna_ctx *ctx, const char *font_dir,
                            const char *fallback_path, mf_fontset **out);
void mf_fontset_free(mf_fontset *fs);

/* Human name of the face for messages and dumps ("mincho", "ipamj"). */
const char *mf_face_name(mf_face_id id);

/* Reads ps_name and the descriptor metrics m with FreeType, once (they
 * are needed only when the face is embedded in a PDF). */
myna_status mf_face_load_metrics(myna_ctx *ctx, mf_face *f);

/* A code point whose nominal glyph is gid, or 0 if none maps to it
 * (variant glyphs reached only through format-14 cmaps or GSUB). */
uint32_t mf_face_cp_of_glyph(mf_face *f, uint32_t gid);

/* True if the face can show the cluster (base, selector): its cmap has the
 * base and, when vs != 0, its format-14 cmap has the pair. */
bool mf_face_has(const mf_face *f, uint32_t base, uint32_t vs);

#endif
