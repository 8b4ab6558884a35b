/*
 * typeset.c — myna_typeset: the typesetting engine driven alone (paragraph
 * or fitted box), with a JSON result and an optional PDF of the result.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/my_number.h"
#include "input/utf8.h"
#include "layout/fit.h"
#include "layout/paragraph.h"
#include "layout/shape.h"
#include "pdf/pdf_doc.h"

#define ASCENT 0.88
/* the ranges of the options (mynaform.h, myna_typeset_opts) */
#define TS_WIDTH_MAX 2000 /* pt */
#define TS_SIZE_MIN 2     /* pt */
#define TS_SIZE_MAX 200
#define TS_INDENT_MAX 10  /* em: indent, hang */

static void json_error(mf_buf *j, myna_status st, const char *msg) {
  mf_buf_reset(j);
  mf_buf_printf(j, "{\"ok\":false,\"error\":{\"status\":");
  mf_buf_json_str(j, myna_status_str(st), strlen(myna_status_str(st)));
  mf_buf_puts(j, ",\"code\":");
  mf_buf_printf(j, "%d", (int)st);
  mf_buf_puts(j, ",\"message\":");
  mf_buf_json_str(j, msg, strlen(msg));
  mf_buf_puts(j, "}}\n");
}

static void draw(mf_page *pg, const mf_fontset *fs, const mf_shaped *s,
                 const mf_para *p, double size, double x, double y, double lead) {
  for (size_t i = 0; i < p->nlines; i++) {
    double base = y + lead * (double)i + (lead - size) / 2 + ASCENT * size;
    mf_page_line(pg, fs, s, p, &p->lines[i], MF_LAYER_DATA, size, x, base);
  }
}

myna_status myna_typeset(myna_ctx *ctx, const char *text, size_t len,
                         const myna_typeset_opts *opts, const char *pdf_path,
                         char **json) {
  if (!ctx || !json) return MYNA_ERR_USAGE;
  *json = NULL;
  mf_ctx_reset(ctx);
  mf_buf j;
  mf_buf_init(&j);
  myna_typeset_opts o = {0};
  myna_status st = MYNA_OK;
  if (!ctx->fonts) st = mf_fail(ctx, MYNA_ERR_USAGE, "the context failed to open");
  else if (!opts || opts->struct_size < sizeof(size_t) || opts->struct_size > sizeof o)
    st = mf_fail(ctx, MYNA_ERR_USAGE, "myna_typeset_opts.struct_size must be set");
  else
    memcpy(&o, opts, opts->struct_size);
  if (st == MYNA_OK && !text) st = mf_fail(ctx, MYNA_ERR_USAGE, "text is NULL");
  if (!o.size) o.size = 10.5;
  if (!o.min_size) o.min_size = o.size;
  if (st == MYNA_OK && len > MYNA_LIMIT_TYPESET_BYTES)
    st = mf_fail(ctx, MYNA_ERR_LIMIT, "text: longer than MYNA_LIMIT_TYPESET_BYTES (%u)",
                 MYNA_LIMIT_TYPESET_BYTES);
  /* every comparison is false for NaN: each range refuses NaN and ±inf */
  if (st == MYNA_OK && !(o.width > 0 && o.width <= TS_WIDTH_MAX))
    st = mf_fail(ctx, MYNA_ERR_USAGE, "width: must be more than 0 and at most %d pt",
                 TS_WIDTH_MAX);
  if (st == MYNA_OK && !(o.size >= TS_SIZE_MIN && o.size <= TS_SIZE_MAX))
    st = mf_fail(ctx, MYNA_ERR_USAGE, "size: must be %d–%d pt", TS_SIZE_MIN, TS_SIZE_MAX);
  if (st == MYNA_OK && !(o.min_size >= TS_SIZE_MIN && o.min_size <= o.size))
    st = mf_fail(ctx, MYNA_ERR_USAGE, "min_size: must be %d pt to the size", TS_SIZE_MIN);
  /* an indent as wide as the measure leaves no room for text */
  if (st == MYNA_OK && !(o.indent >= 0 && o.indent <= TS_INDENT_MAX && o.indent * o.size < o.width))
    st = mf_fail(ctx, MYNA_ERR_USAGE, "indent: must be 0–%d em and narrower than the width",
                 TS_INDENT_MAX);
  if (st == MYNA_OK && !(o.hang >= 0 && o.hang <= TS_INDENT_MAX && o.hang * o.size < o.width))
    st = mf_fail(ctx, MYNA_ERR_USAGE, "hang: must be 0–%d em and narrower than the width",
                 TS_INDENT_MAX);
  if (st == MYNA_OK && (o.font < MYNA_FACE_MINCHO || o.font > MYNA_FACE_GOTHIC_BOLD))
    st = mf_fail(ctx, MYNA_ERR_USAGE, "font: unknown face");
  if (st == MYNA_OK && mf_utf8_validate(text, len, NULL) != MF_UTF8_OK)
    st = mf_fail(ctx, MYNA_ERR_DATA, "text: not valid UTF-8");
  if (st == MYNA_OK && mf_my_number_find(text, len)) /* never printed */
    st = mf_fail(ctx, MYNA_ERR_MY_NUMBER,
                 "text: contains a 12-digit 個人番号 (My Number); a clinic may "
                 "not collect it (番号法 art. 19–20)");
  if (st != MYNA_OK) {
    json_error(&j, st, ctx->errmsg);
    *json = mf_buf_take(&j);
    return st;
  }

  mf_shaped s;
  st = mf_shape(ctx, ctx->fonts, (mf_face_id)o.font, text, len, "text", &s);
  mf_para para = {0};
  mf_fit fit = {0};
  double size = o.size;
  const double leading = 1.5;
  if (st == MYNA_OK) {
    if (o.max_lines == 0) {
      mf_para_opts po = {.size = o.size,
                         .width = o.width,
                         .indent = o.indent,
                         .hang = o.hang,
                         .hang_marker = o.hang_marker != 0,
                         .justify = true,
                         .wakan = true,
                         .kinsoku = MF_KINSOKU_STRICT};
      st = mf_para_layout(ctx, &s, &po, &para);
    } else {
      mf_fit_opts fo = {.width = o.width,
                        .size = o.size,
                        .min_size = o.min_size,
                        .step = 0.5,
                        .max_lines = o.max_lines,
                        .leading = 1.25};
      st = mf_fit_text(ctx, &s, &fo, "text", &fit);
      if (st == MYNA_OK) size = fit.size;
    }
  }
  const mf_para *p = o.max_lines ? &fit.para : &para;
  /* the 番号法 screen on each line as set: a break inside a longer digit
   * chain can leave 12 digits on one line (12345678901899 at 63 pt) */
  size_t bad_line = st == MYNA_OK ? mf_para_my_number_line(&s, p, text) : 0;
  if (bad_line)
    st = mf_fail(ctx, MYNA_ERR_MY_NUMBER,
                 "text: line %zu as set reads as a 12-digit 個人番号 (My Number); a clinic "
                 "may not collect it (番号法 art. 19–20)",
                 bad_line);
  if (st == MYNA_OK) {
    mf_buf_puts(&j, "{\"ok\":true,\"size\":");
    mf_buf_num(&j, size, 2);
    mf_buf_puts(&j, ",\"width\":");
    mf_buf_num(&j, o.width, 2);
    mf_buf_puts(&j, ",\"lines\":[");
    for (size_t i = 0; i < p->nlines; i++) {
      size_t a, b;
      mf_para_line_span(&s, p, &p->lines[i], &a, &b);
      mf_buf_puts(&j, i ? ",\n  {\"text\":" : "\n  {\"text\":");
      mf_buf_json_str(&j, text + a, b - a);
      mf_buf_puts(&j, ",\"width\":");
      mf_buf_num(&j, p->lines[i].width + p->lines[i].start, 2);
      mf_buf_puts(&j, ",\"size\":");
      mf_buf_num(&j, size, 2);
      mf_buf_puts(&j, "}");
    }
    mf_buf_puts(&j, "]");
    if (ctx->warning_count) {
      mf_buf_puts(&j, ",\"warnings\":[");
      for (size_t i = 0; i < ctx->warning_count; i++) {
        if (i) mf_buf_putc(&j, ',');
        mf_buf_json_str(&j, ctx->warnings[i], strlen(ctx->warnings[i]));
      }
      mf_buf_puts(&j, "]");
    }
    mf_buf_puts(&j, "}\n");
  }
  if (st == MYNA_OK && pdf_path) {
    mf_page pg;
    mf_page_init(&pg);
    double x = MF_MM(20), y = MF_MM(20), lead = size * (o.max_lines ? 1.25 : leading);
    /* the measure (or the box) in light gray, the text on it */
    mf_page_rect(&pg, x, y, o.width, lead * (double)(o.max_lines ? o.max_lines : p->nlines),
                 0.25, 0);
    draw(&pg, ctx->fonts, &s, p, size, x, y, lead);
    mf_pdf_doc *d = NULL;
    st = mf_pdf_doc_new(ctx, ctx->fonts, NULL, &d);
    /* a fixed title: the text typeset may be a patient's data */
    if (st == MYNA_OK) st = mf_pdf_doc_set_title(d, "mynaform typeset");
    if (st == MYNA_OK) st = mf_pdf_doc_add_page(d, &pg);
    mf_buf pdf;
    mf_buf_init(&pdf);
    if (st == MYNA_OK) st = mf_pdf_doc_save(d, &pdf);
    if (st == MYNA_OK) st = mf_write_atomic(ctx, pdf_path, pdf.data, pdf.len, 0);
    mf_buf_free(&pdf);
    mf_pdf_doc_free(d);
    mf_page_free(&pg);
  }
  if (st != MYNA_OK) json_error(&j, st, ctx->errmsg);
  mf_para_free(&para);
  mf_fit_free(&fit);
  mf_shaped_free(&s);
  *json = mf_buf_take(&j);
  if (!*json && st == MYNA_OK) st = mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  return st;
}
