/*
 * shape.c — cluster segmentation, per-cluster font fallback and HarfBuzz
 * shaping of same-font runs.  The only file that calls hb_shape.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/shape.h"


void mf_shaped_free(mf_shaped *s) {
  if (!s) return;
  free(s->cl);
  free(s->gl);
  memset(s, 0, sizeof *s);
}

myna_status mf_shape_symbol(myna_ctx *ctx, const mf_fontset *fs, mf_face_id face,
                            const char *text, const char *where, mf_shaped *out) {
  memset(out, 0, sizeof *out);
  size_t len = strlen(text), i = 0;
  uint32_t cp = mf_utf8_next(text, len, &i);
  const mf_face *f = &fs->faces[face];
  hb_codepoint_t g;
  if (cp == 0xFFFFFFFFu || i != len || !hb_font_get_nominal_glyph(f->font, cp, &g))
    return mf_fail(ctx, MYNA_ERR_GLYPH, "%s: no glyph in %s", where, mf_face_name(face));
  hb_position_t adv = hb_font_get_glyph_h_advance(f->font, g);
  out->cl = mf_calloc(1, sizeof *out->cl);
  out->gl = mf_calloc(1, sizeof *out->gl);
  if (!out->cl || !out->gl) {
    mf_shaped_free(out);
    return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  }
  out->text = text;
  out->len = len;
  out->cl[0] = (mf_cluster){.start = 0, .len = (uint32_t)len, .cp = cp, .face = (uint8_t)face,
                            .ng = 1, .g0 = 0, .adv = (double)adv / f->upem};
  out->gl[0] = (mf_glyph){g, adv, 0, 0};
  out->ncl = out->ngl = 1;
  return MYNA_OK;
}

/* Splits text into clusters (base + selector + marks). */
static myna_status segment(myna_ctx *ctx, const char *text, size_t len,
                           const char *where, mf_shaped *out) {
  size_t cap = len + 1;
  out->cl = mf_calloc(cap, sizeof *out->cl);
  if (!out->cl) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  size_t i = 0, n = 0;
  while (i < len) {
    size_t at = i;
    uint32_t cp = mf_utf8_next(text, len, &i);
    if (cp == 0xFFFFFFFFu)
      return mf_fail(ctx, MYNA_ERR_DATA, "%s: invalid UTF-8 at byte %zu",
                     where, at);
    mf_cluster *prev = n ? &out->cl[n - 1] : NULL;
    bool attach = prev && !(prev->flags & MF_CL_NEWLINE) &&
                  (mf_is_vs(cp) || cp == 0x200D || mf_cp_is_combining(cp));
    if (attach) {
      if (mf_is_vs(cp) && !prev->vs) prev->vs = cp;
      prev->len = (uint32_t)(i - prev->start);
      continue;
    }
    mf_cluster *c = &out->cl[n++];
    c->start = (uint32_t)at;
    c->len = (uint32_t)(i - at);
    c->cp = cp;
    if (cp == '\n') c->flags |= MF_CL_NEWLINE;
  }
  out->ncl = n;
  return MYNA_OK;
}

/* Chooses the face of each cluster. */
static myna_status choose_faces(myna_ctx *ctx, const mf_fontset *fs,
                                mf_face_id primary, const char *where,
                                mf_shaped *s) {
  const mf_face *p = &fs->faces[primary], *fb = &fs->faces[MF_FACE_IPAMJ];
  for (size_t k = 0; k < s->ncl; k++) {
    mf_cluster *c = &s->cl[k];
    if (c->flags & MF_CL_NEWLINE) {
      c->face = (uint8_t)primary;
      continue;
    }
    if (mf_face_has(p, c->cp, c->vs)) {
      c->face = (uint8_t)primary;
    } else if (mf_face_has(fb, c->cp, c->vs)) {
      c->face = MF_FACE_IPAMJ;
    } else if (c->vs && (mf_face_has(p, c->cp, 0) || mf_face_has(fb, c->cp, 0))) {
      c->face = (uint8_t)(mf_face_has(p, c->cp, 0) ? primary : MF_FACE_IPAMJ);
      c->flags |= MF_CL_VS_DROPPED;
      mf_warn(ctx,
              "%s: character %zu: variation selector U+%04X is in no font; "
              "the base glyph is printed",
              where, k + 1, (unsigned)c->vs);
    } else if (mf_verbose(ctx)) {
      return mf_fail(ctx, MYNA_ERR_GLYPH,
                     "%s: character %zu (U+%04X) is in no installed font",
                     where, k + 1, (unsigned)c->cp);
    } else {
      return mf_fail(ctx, MYNA_ERR_GLYPH,
                     "%s: character %zu is in no installed font", where, k + 1);
    }
  }
  return MYNA_OK;
}

/* Index of the cluster containing byte offset off (clusters are sorted). */
static size_t cluster_at(const mf_shaped *s, uint32_t off) {
  size_t lo = 0, hi = s->ncl;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (s->cl[mid].start <= off)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

static myna_status shape_run(myna_ctx *ctx, const mf_fontset *fs,
                             hb_buffer_t *buf, mf_shaped *s, size_t a, size_t b,
                             const char *where, size_t *gcap) {
  const mf_face *f = &fs->faces[s->cl[a].face];
  uint32_t from = s->cl[a].start;
  uint32_t to = s->cl[b - 1].start + s->cl[b - 1].len;
  hb_buffer_clear_contents(buf);
  hb_buffer_add_utf8(buf, s->text, (int)s->len, from, (int)(to - from));
  hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
  hb_buffer_set_language(buf, fs->ja);
  hb_buffer_guess_segment_properties(buf);
  hb_buffer_set_flags(buf, HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES);

  /* Latin ligatures off (clusters stay one per character); fwid on U+2014
   * so that —— prints as the 2 em 二倍ダーシ, not two half-em dashes. */
  hb_feature_t feats[64];
  unsigned nf = 0;
  feats[nf++] = (hb_feature_t){HB_TAG('l', 'i', 'g', 'a'), 0, 0, (unsigned)-1};
  feats[nf++] = (hb_feature_t){HB_TAG('c', 'l', 'i', 'g'), 0, 0, (unsigned)-1};
  for (size_t k = a; k < b && nf < MF_ARRAY_LEN(feats); k++)
    if (s->cl[k].cp == 0x2014)
      feats[nf++] = (hb_feature_t){HB_TAG('f', 'w', 'i', 'd'), 1,
                                   s->cl[k].start,
                                   s->cl[k].start + s->cl[k].len};
  hb_shape(f->font, buf, feats, nf);

  unsigned n = 0;
  hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
  hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
  if (s->ngl + n > *gcap) {
    size_t cap = (*gcap ? *gcap * 2 : 64);
    while (cap < s->ngl + n) cap *= 2;
    mf_glyph *g = mf_reallocarray(s->gl, cap, sizeof *g);
    if (!g) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
    s->gl = g;
    *gcap = cap;
  }
  for (size_t k = a; k < b; k++) {
    s->cl[k].ng = 0;
    s->cl[k].g0 = (uint32_t)s->ngl;
    s->cl[k].adv = 0;
  }
  for (unsigned j = 0; j < n; j++) {
    size_t k = cluster_at(s, info[j].cluster);
    if (info[j].codepoint == 0) {
      if (mf_verbose(ctx))
        return mf_fail(ctx, MYNA_ERR_GLYPH,
                       "%s: character %zu (U+%04X) has no glyph in %s", where,
                       k + 1, (unsigned)s->cl[k].cp, mf_face_name(s->cl[k].face));
      return mf_fail(ctx, MYNA_ERR_GLYPH, "%s: character %zu has no glyph in %s",
                     where, k + 1, mf_face_name(s->cl[k].face));
    }
    mf_cluster *c = &s->cl[k];
    if (c->ng == 0) c->g0 = (uint32_t)s->ngl;
    c->ng++;
    c->adv += (double)pos[j].x_advance / f->upem;
    s->gl[s->ngl++] = (mf_glyph){info[j].codepoint, pos[j].x_advance,
                                 pos[j].x_offset, pos[j].y_offset};
  }
  for (size_t k = a; k < b; k++)
    if (s->cl[k].ng == 0) s->cl[k].flags |= MF_CL_JOINED;
  return MYNA_OK;
}

myna_status mf_shape(myna_ctx *ctx, const mf_fontset *fs, mf_face_id primary,
                     const char *text, size_t len, const char *where,
                     mf_shaped *out) {
  memset(out, 0, sizeof *out);
  out->text = text;
  out->len = len;
  myna_status st = segment(ctx, text, len, where, out);
  if (st == MYNA_OK) st = choose_faces(ctx, fs, primary, where, out);
  if (st != MYNA_OK) {
    mf_shaped_free(out);
    return st;
  }
  hb_buffer_t *buf = hb_buffer_create();
  if (!hb_buffer_allocation_successful(buf)) {
    mf_shaped_free(out);
    return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  }
  size_t gcap = 0, a = 0;
  while (st == MYNA_OK && a < out->ncl) {
    if (out->cl[a].flags & MF_CL_NEWLINE) {
      out->cl[a].g0 = (uint32_t)out->ngl;
      a++;
      continue;
    }
    size_t b = a + 1;
    while (b < out->ncl && out->cl[b].face == out->cl[a].face &&
           !(out->cl[b].flags & MF_CL_NEWLINE))
      b++;
    st = shape_run(ctx, fs, buf, out, a, b, where, &gcap);
    a = b;
  }
  hb_buffer_destroy(buf);
  if (st != MYNA_OK) mf_shaped_free(out);
  return st;
}
