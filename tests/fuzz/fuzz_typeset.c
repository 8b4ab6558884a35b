/*
 * fuzz_typeset.c — fuzz target for the text engine: shaping with font
 * fallback (layout/shape.c), Japanese line composition (layout/paragraph.c,
 * linebreak.c) and fitting into boxes (layout/fit.c), on arbitrary Unicode.
 *
 * Input: 5 option bytes, then the text.
 *   byte 0: face (% 3); bit 2 和欧間, bit 3 justify, bit 4 hang after a
 *           marker, bit 5 the normal kinsoku profile, bit 6 prefer spaces,
 *           bit 7 also call the public myna_typeset
 *   byte 1: size 4 + (b % 137) / 2 pt           (4–72 pt)
 *   byte 2: measure 1 + 2 b pt                  (1–511 pt)
 *   byte 3: bits 0–2 max lines (0: paragraph mode for myna_typeset),
 *           bit 3 a box height, bits 4–7 min size = size − 0.5 n
 *   byte 4: indent (low nibble) and hang (high nibble), half ems
 * Text that is not UTF-8 goes only to myna_typeset, which must refuse it.
 *
 * Oracles besides the sanitizers: lines cover the clusters in order with
 * no gap; positions are finite or NaN (not drawn); a fitted size lies in
 * [min, size] and its lines fit the box; myna_typeset returns valid JSON
 * whose "ok" agrees with its status, and no line nor message of it folds to
 * a My Number (fuzz_util.h).
 */
#include <math.h>

#include "fuzz_util.h"
#include "layout/fit.h"
#include "layout/paragraph.h"
#include "layout/shape.h"

static myna_ctx *ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  ctx = fuzz_open_ctx(MYNA_CONFIG_NO_DISK_CACHE);
  return 0;
}

static void check_para(const mf_shaped *s, const mf_para *p) {
  if (s->ncl == 0) return;
  FUZZ_CHECK(p->nlines >= 1, "%zu clusters, no line", s->ncl);
  size_t at = 0;
  for (size_t i = 0; i < p->nlines; i++) {
    const mf_line *ln = &p->lines[i];
    FUZZ_CHECK(ln->a == at && ln->b > ln->a && ln->b <= s->ncl,
               "line %zu covers [%zu, %zu), expected to start at %zu", i, ln->a,
               ln->b, at);
    FUZZ_CHECK(isfinite(ln->start) && isfinite(ln->width) && isfinite(ln->natural),
               "line %zu has a non-finite measure", i);
    at = ln->b;
  }
  FUZZ_CHECK(at == s->ncl, "lines end at cluster %zu of %zu", at, s->ncl);
  for (size_t k = 0; k < s->ncl; k++)
    FUZZ_CHECK(isnan(p->x[k]) || isfinite(p->x[k]), "x[%zu] is infinite", k);
  FUZZ_CHECK(isfinite(p->max_width) && p->max_width >= 0, "max_width %g",
             p->max_width);
}

static void call_api(const char *text, size_t len, const myna_typeset_opts *o) {
  char *json = NULL;
  myna_status st = myna_typeset(ctx, text, len, o, NULL, &json);
  fuzz_check_messages(ctx, st, true);
  FUZZ_CHECK(json != NULL, "myna_typeset returned no JSON (status %d)", (int)st);
  json_error_t err;
  json_t *root = json_loads(json, 0, &err);
  FUZZ_CHECK(root != NULL, "myna_typeset returned invalid JSON: %s", err.text);
  json_t *ok = json_object_get(root, "ok");
  FUZZ_CHECK(json_is_boolean(ok) && json_is_true(ok) == (st == MYNA_OK),
             "\"ok\" disagrees with status %d", (int)st);
  /* the 番号法 oracle: no line typeset reads as a My Number */
  size_t i;
  json_t *line;
  json_array_foreach(json_object_get(root, "lines"), i, line) {
    json_t *t = json_object_get(line, "text");
    if (json_is_string(t))
      fuzz_check_no_my_number(json_string_value(t), json_string_length(t), "a line");
  }
  json_decref(root);
  myna_free(json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 5) return 0;
  uint8_t b0 = data[0], b1 = data[1], b2 = data[2], b3 = data[3], b4 = data[4];
  const char *text = (const char *)data + 5;
  size_t len = size - 5;

  mf_face_id face = (mf_face_id)(b0 % 3);
  double pt = 4 + (double)(b1 % 137) * 0.5;
  double width = 1 + 2.0 * b2;
  unsigned max_lines = b3 & 7;
  double min = pt - 0.5 * (double)(b3 >> 4);
  if (min < 4) min = 4;
  double indent = 0.5 * (double)(b4 & 15), hang = 0.5 * (double)(b4 >> 4);

  myna_typeset_opts to;
  memset(&to, 0, sizeof to);
  to.struct_size = sizeof to;
  to.font = (myna_face)face;
  to.size = pt;
  to.width = width;
  to.min_size = min;
  to.max_lines = max_lines;
  to.indent = indent;
  to.hang = hang;
  to.hang_marker = (b0 >> 4) & 1;

  if (mf_utf8_validate(text, len, NULL) != MF_UTF8_OK) {
    if (b0 & 0x80) call_api(text, len, &to);
    return 0;
  }

  mf_ctx_reset(ctx);
  mf_shaped s;
  myna_status st = mf_shape(ctx, ctx->fonts, face, text, len, "text", &s);
  fuzz_check_messages(ctx, st, true);
  if (st == MYNA_OK) {
    mf_para_opts po;
    memset(&po, 0, sizeof po);
    po.size = pt;
    po.width = width;
    po.indent = indent;
    po.hang = hang;
    po.hang_marker = (b0 >> 4) & 1;
    po.justify = (b0 >> 3) & 1;
    po.wakan = (b0 >> 2) & 1;
    po.kinsoku = (b0 >> 5) & 1 ? MF_KINSOKU_NORMAL : MF_KINSOKU_STRICT;
    po.prefer_spaces = (b0 >> 6) & 1;
    mf_para para;
    st = mf_para_layout(ctx, &s, &po, &para);
    fuzz_check_messages(ctx, st, true);
    if (st == MYNA_OK) check_para(&s, &para);
    mf_para_free(&para);
    (void)mf_para_natural_em(&s, 0, s.ncl, po.wakan);

    mf_fit_opts fo;
    memset(&fo, 0, sizeof fo);
    fo.width = width;
    fo.height = (b3 & 8) ? pt * 1.25 * (double)(max_lines ? max_lines : 1) : 0;
    fo.size = pt;
    fo.min_size = min;
    fo.step = 0.5;
    fo.max_lines = max_lines ? max_lines : 1;
    fo.leading = 1.25;
    fo.wakan = po.wakan;
    mf_fit fit;
    mf_ctx_reset(ctx);
    st = mf_fit_text(ctx, &s, &fo, "text", &fit);
    fuzz_check_messages(ctx, st, true);
    if (st == MYNA_OK) {
      FUZZ_CHECK(fit.size >= min - 1e-9 && fit.size <= pt + 1e-9,
                 "fitted size %g outside [%g, %g]", fit.size, min, pt);
      FUZZ_CHECK(fit.para.nlines <= fo.max_lines, "%zu lines in a box of %u",
                 fit.para.nlines, fo.max_lines);
      FUZZ_CHECK(fit.para.max_width <= width + 1e-6, "width %g in a box of %g",
                 fit.para.max_width, width);
      check_para(&s, &fit.para);
    } else {
      FUZZ_CHECK(st == MYNA_ERR_FIT, "fitting failed with status %d: %s",
                 (int)st, myna_ctx_errmsg(ctx));
    }
    mf_fit_free(&fit);
    mf_shaped_free(&s);
  } else {
    FUZZ_CHECK(st == MYNA_ERR_GLYPH, "shaping failed with status %d: %s",
               (int)st, myna_ctx_errmsg(ctx));
  }
  if (b0 & 0x80) call_api(text, len, &to);
  mf_ctx_reset(ctx);
  return 0;
}
