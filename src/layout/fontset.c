/*
 * fontset.c — opening the font files (HarfBuzz faces over mapped files) and
 * reading, when a face is first embedded, the metrics a PDF font descriptor
 * needs (FreeType).  The only file that includes FreeType.
 */
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H

#include <stdlib.h>
#include <string.h>

#include "layout/fontset.h"

#define DEBIAN_IPAMJ "/usr/share/fonts/truetype/ipamj/ipamjm.ttf"

static const char *const face_files[MF_FACE_COUNT] = {
    "BIZUDMincho-Regular.ttf", "BIZUDGothic-Regular.ttf",
    "BIZUDGothic-Bold.ttf", "ipamjm.ttf"};
static const char *const face_names[MF_FACE_COUNT] = {"mincho", "gothic",
                                                      "gothic-bold", "ipamj"};

const char *mf_face_name(mf_face_id id) {
  return id < MF_FACE_COUNT ? face_names[id] : "?";
}

bool mf_face_has(const mf_face *f, uint32_t base, uint32_t vs) {
  hb_codepoint_t g;
  if (!hb_font_get_nominal_glyph(f->font, base, &g)) return false;
  return vs == 0 || hb_font_get_variation_glyph(f->font, base, vs, &g);
}

uint32_t mf_face_cp_of_glyph(mf_face *f, uint32_t gid) {
  if (!f->rev_cmap) {
    f->nglyphs = hb_face_get_glyph_count(f->face);
    f->rev_cmap = mf_calloc(f->nglyphs ? f->nglyphs : 1, sizeof *f->rev_cmap);
    if (!f->rev_cmap) return 0;
    hb_set_t *cps = hb_set_create();
    hb_face_collect_unicodes(f->face, cps);
    hb_codepoint_t cp = HB_SET_VALUE_INVALID, g;
    while (hb_set_next(cps, &cp))
      if (hb_font_get_nominal_glyph(f->font, cp, &g) && g < f->nglyphs &&
          !f->rev_cmap[g])
        f->rev_cmap[g] = cp;
    hb_set_destroy(cps);
  }
  return gid < f->nglyphs ? f->rev_cmap[gid] : 0;
}

static int per_mille(long v, unsigned upem) {
  return (int)(v * 1000 / (long)upem);
}

/* Reads the descriptor metrics and PostScript name with FreeType. */
static myna_status read_metrics(myna_ctx *ctx, FT_Library lib, mf_face *f) {
  if (f->ps_name) return MYNA_OK;
  unsigned int len = 0;
  const char *data = hb_blob_get_data(f->blob, &len);
  FT_Face ft;
  if (FT_New_Memory_Face(lib, (const FT_Byte *)data, (FT_Long)len, 0, &ft))
    return mf_fail(ctx, MYNA_ERR_RESOURCE, "%s: not a font FreeType can read",
                   f->path);
  if (!FT_IS_SFNT(ft) || !ft->units_per_EM) {
    FT_Done_Face(ft);
    return mf_fail(ctx, MYNA_ERR_RESOURCE, "%s: not a TrueType/OpenType font",
                   f->path);
  }
  unsigned upem = ft->units_per_EM;
  f->m.ascent = per_mille(ft->ascender, upem);
  f->m.descent = per_mille(ft->descender, upem);
  f->m.bbox[0] = per_mille(ft->bbox.xMin, upem);
  f->m.bbox[1] = per_mille(ft->bbox.yMin, upem);
  f->m.bbox[2] = per_mille(ft->bbox.xMax, upem);
  f->m.bbox[3] = per_mille(ft->bbox.yMax, upem);
  TT_OS2 *os2 = FT_Get_Sfnt_Table(ft, FT_SFNT_OS2);
  f->m.cap_height = os2 && os2->version >= 2 ? per_mille(os2->sCapHeight, upem)
                                             : f->m.ascent;
  /* StemV is not stored in TrueType fonts; estimate from the weight class
   * as PDF writers commonly do (regular ≈ 80, bold ≈ 140). */
  int weight = os2 ? os2->usWeightClass : 400;
  f->m.stem_v = 10 + 220 * (weight - 50) / 900;
  const char *ps = FT_Get_Postscript_Name(ft);
  f->ps_name = mf_strdup(ps ? ps : "Unnamed");
  FT_Done_Face(ft);
  if (!f->ps_name) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  /* PDF names: keep to printable ASCII without delimiters. */
  for (char *p = f->ps_name; *p; p++)
    if (*p <= ' ' || *p > '~' || strchr("()<>[]{}/%#", *p)) *p = '-';
  return MYNA_OK;
}

static myna_status open_face(myna_ctx *ctx, mf_face *f, const char *path) {
  f->path = mf_strdup(path);
  if (!f->path) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  f->blob = hb_blob_create_from_file_or_fail(path);
  if (!f->blob)
    return mf_fail(ctx, MYNA_ERR_RESOURCE, "%s: cannot open font file", path);
  f->face = hb_face_create(f->blob, 0);
  f->upem = hb_face_get_upem(f->face);
  if (hb_face_get_glyph_count(f->face) == 0)
    return mf_fail(ctx, MYNA_ERR_RESOURCE, "%s: font has no glyphs", path);
  f->font = hb_font_create(f->face);
  hb_font_set_scale(f->font, (int)f->upem, (int)f->upem);
  hb_font_make_immutable(f->font);
  return MYNA_OK;
}

myna_status mf_face_load_metrics(myna_ctx *ctx, mf_face *f) {
  if (f->ps_name) return MYNA_OK;
  FT_Library lib;
  if (FT_Init_FreeType(&lib))
    return mf_fail(ctx, MYNA_ERR_RESOURCE, "FreeType failed to initialise");
  myna_status st = read_metrics(ctx, lib, f);
  FT_Done_FreeType(lib);
  return st;
}

myna_status mf_fontset_open(myna_ctx *ctx, const char *font_dir,
                            const char *fallback_path, mf_fontset **out) {
  *out = NULL;
  mf_fontset *fs = mf_calloc(1, sizeof *fs);
  if (!fs) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  fs->ja = hb_language_from_string("ja", 2);
  myna_status st = MYNA_OK;
  for (int i = 0; i < MF_FACE_COUNT && st == MYNA_OK; i++) {
    char *path = NULL;
    if (i == MF_FACE_IPAMJ) {
      if (fallback_path) {
        path = mf_strdup(fallback_path);
      } else {
        path = mf_path_join(font_dir, face_files[i]);
        if (path && !mf_file_exists(path)) {
          free(path);
          path = mf_strdup(DEBIAN_IPAMJ);
        }
      }
    } else {
      path = mf_path_join(font_dir, face_files[i]);
    }
    if (!path) {
      st = mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
      break;
    }
    if (!mf_file_exists(path))
      st = mf_fail(ctx, MYNA_ERR_RESOURCE,
                   "font %s not found (looked at %s; set --font-dir or "
                   "MYNAFORM_FONT_DIR%s)",
                   face_files[i], path,
                   i == MF_FACE_IPAMJ ? ", or install fonts-ipamj-mincho" : "");
    else
      st = open_face(ctx, &fs->faces[i], path);
    free(path);
  }
  if (st != MYNA_OK) {
    mf_fontset_free(fs);
    return st;
  }
  *out = fs;
  return MYNA_OK;
}

void mf_fontset_free(mf_fontset *fs) {
  if (!fs) return;
  for (int i = 0; i < MF_FACE_COUNT; i++) {
    mf_face *f = &fs->faces[i];
    hb_font_destroy(f->font);
    hb_face_destroy(f->face);
    hb_blob_destroy(f->blob);
    free(f->rev_cmap);
    free(f->path);
    free(f->ps_name);
  }
  free(fs);
}
