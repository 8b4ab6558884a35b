/*
 * compose.c — template + record → page display list.
 *
 * Vertical metrics: a line box is size × leading high; the em box sits in
 * its middle and the baseline is 0.88 em below the em box's top (the BIZ UD
 * and IPAmj ideographic em box: ascender 0.88, descender 0.12).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/compose.h"
#include "layout/fit.h"
#include "layout/paragraph.h"
#include "layout/shape.h"

#define ASCENT 0.88
#define CHECK_MARK "\xE2\x9C\x93" /* ✓ U+2713 */

const char *mf_record_key_path(const char *key, char *buf, size_t size) {
  static const struct {
    const char *key, *path;
  } map[] = {{"insurer_name", "$.insurance.insurer_name"},
             {"employer", "$.insurance.employer"},
             {"filing_date", "$.filing_date"}};
  for (size_t i = 0; i < MF_ARRAY_LEN(map); i++)
    if (strcmp(key, map[i].key) == 0) return map[i].path;
  /* the parts of the filing date come from one member */
  if (strncmp(key, "filing.", 7) == 0) return "$.filing_date";
  snprintf(buf, size, "$.%s", key);
  return buf;
}

static bool cond_holds(const mf_record *rec, const char *key) {
  return mf_record_text(rec, key) != NULL || mf_record_check(rec, key);
}

static bool item_visible(const mf_item *it, const mf_record *rec) {
  if (it->cond_if && !cond_holds(rec, it->cond_if)) return false;
  if (it->cond_unless && cond_holds(rec, it->cond_unless)) return false;
  return true;
}

/* Places the lines of a paragraph in the box (x, y, w, h in pt). */
/* Returns the bottom of the last line box, pt. */
static double place_para(mf_page *pg, const mf_fontset *fs, const mf_shaped *s,
                         const mf_para *para, const mf_style *st, double size,
                         int layer, double x, double y, double w, double h) {
  double lead = size * st->leading;
  double total = lead * (double)para->nlines;
  double top = y;
  if (h > 0 && st->valign == MF_VALIGN_CENTER) top = y + (h - total) / 2;
  if (h > 0 && st->valign == MF_VALIGN_BOTTOM) top = y + h - total;
  for (size_t i = 0; i < para->nlines; i++) {
    const mf_line *ln = &para->lines[i];
    double lx = x;
    if (st->align == MF_ALIGN_CENTER) lx = x + (w - ln->width - ln->start) / 2;
    if (st->align == MF_ALIGN_RIGHT) lx = x + w - ln->width - ln->start;
    double base = top + lead * (double)i + (lead - size) / 2 + ASCENT * size;
    mf_page_line(pg, fs, s, para, ln, layer, size, lx, base);
  }
  return top + total;
}

/* One line spread evenly across w (均等割り, JIS X 4051 §4.18): no space
 * before the first or after the last character; one character is centred.
 * Text longer than w is set smaller, down to the format's minimum size
 * (MF_TPL_SIZE_MIN): below it, a template error. */
static myna_status place_distributed(myna_ctx *ctx, mf_page *pg,
                                     const mf_fontset *fs, const mf_shaped *s,
                                     const mf_style *st, int layer, double x,
                                     double y, double w, double h, const char *where) {
  double size = st->size, sum = 0;
  size_t n = 0;
  for (size_t k = 0; k < s->ncl; k++)
    if (s->cl[k].ng) {
      sum += s->cl[k].adv * size;
      n++;
    }
  if (sum > w && sum > 0) { /* longer than the cell: shrink, never overlap */
    size = size * w / sum;
    sum = w;
    if (size < MF_TPL_SIZE_MIN - 1e-9) {
      char num[32];
      mf_fmt_num(num, sizeof num, size, 2);
      return mf_fail(ctx, MYNA_ERR_TEMPLATE,
                     "%s (text): distributed text would be set at %s pt, below the "
                     "minimum %g pt (make \"w\" wider or the text shorter)",
                     where, num, MF_TPL_SIZE_MIN);
    }
  }
  double gap = n > 1 ? (w - sum) / (double)(n - 1) : 0;
  double pen = n > 1 ? 0 : (w - sum) / 2;
  double lead = size * st->leading;
  double top = h > 0 && st->valign == MF_VALIGN_CENTER ? y + (h - lead) / 2 : y;
  double base = top + (lead - size) / 2 + ASCENT * size;
  mf_para tmp = {0};
  mf_line ln = {.a = 0, .b = s->ncl, .forced = true};
  double *xs = mf_calloc(s->ncl ? s->ncl : 1, sizeof *xs);
  if (!xs) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  for (size_t k = 0; k < s->ncl; k++) {
    xs[k] = pen;
    if (s->cl[k].ng) pen += s->cl[k].adv * size + gap;
  }
  tmp.x = xs;
  mf_page_line(pg, fs, s, &tmp, &ln, layer, size, x, base);
  free(xs);
  return MYNA_OK;
}

/* The 番号法 screen on a data text as it is set (mf_para_my_number_line). */
static myna_status screen_lines(myna_ctx *ctx, const mf_shaped *s, const mf_para *p,
                                const char *text, const char *where) {
  size_t line = mf_para_my_number_line(s, p, text);
  if (!line) return MYNA_OK;
  return mf_fail(ctx, MYNA_ERR_MY_NUMBER,
                 "%s: line %zu as printed reads as a 12-digit 個人番号 (My Number); a clinic "
                 "may not collect it (番号法 art. 19–20)",
                 where, line);
}

/* The clusters of every occurrence of sup in text become superscripts:
 * set smaller (their advance scaled here, so that line layout sees their
 * width) and raised by page.c.  The text layer keeps the characters. */
static void mark_sup(mf_shaped *s, const char *text, const char *sup) {
  size_t n = strlen(sup);
  for (const char *p = strstr(text, sup); p; p = strstr(p + n, sup)) {
    size_t a = (size_t)(p - text), b = a + n;
    for (size_t k = 0; k < s->ncl; k++)
      if (s->cl[k].start >= a && s->cl[k].start < b && !(s->cl[k].flags & MF_CL_SUP)) {
        s->cl[k].flags |= MF_CL_SUP;
        s->cl[k].adv *= MF_SUP_SCALE;
      }
  }
}

static myna_status compose_text(myna_ctx *ctx, const mf_fontset *fs,
                                const mf_item *it, const char *text, int layer,
                                const char *where, mf_page *pg, double *bottom) {
  const mf_style *st = &it->style;
  mf_shaped s;
  myna_status rc = mf_shape(ctx, fs, st->face, text, strlen(text), where, &s);
  if (rc != MYNA_OK) return rc;
  if (it->sup) mark_sup(&s, text, it->sup);
  double x = MF_MM(it->x + it->pad), w = MF_MM(it->w - 2 * it->pad);
  double y = MF_MM(it->y), h = MF_MM(it->h);
  /* a justified paragraph's measure is a whole number of characters at its
   * size (JLReq 版面: 字詰め), so that a full line of kana and kanji sets
   * solid; the block of lines is centred in w (the rest, under 1 em, split
   * between its two ends), so that it stands as far inside the rule or box
   * it is set under at the right as at the left */
  if (st->align == MF_ALIGN_JUSTIFY && w >= st->size) {
    double m = floor(w / st->size + 1e-6) * st->size;
    x += (w - m) / 2;
    w = m;
  }
  if (st->align == MF_ALIGN_DISTRIBUTE) {
    rc = place_distributed(ctx, pg, fs, &s, st, layer, x, y, w, h, where);
    mf_shaped_free(&s);
    if (bottom) *bottom = y + (h > 0 ? h : st->size * st->leading);
    return rc;
  }
  mf_para_opts po = {.size = st->size,
                     .width = w,
                     .indent = st->indent,
                     .hang = st->hang,
                     .hang_marker = st->hang_marker,
                     .justify = st->align == MF_ALIGN_JUSTIFY,
                     .wakan = st->wakan,
                     .kinsoku = MF_KINSOKU_STRICT};
  mf_para para;
  rc = mf_para_layout(ctx, &s, &po, &para);
  if (rc == MYNA_OK && layer == MF_LAYER_DATA) {
    rc = screen_lines(ctx, &s, &para, text, where);
    if (rc != MYNA_OK) mf_para_free(&para);
  }
  if (rc == MYNA_OK) {
    double b = place_para(pg, fs, &s, &para, st, st->size, layer, x, y, w, h);
    if (bottom) *bottom = h > 0 && y + h > b ? y + h : b;
    mf_para_free(&para);
  }
  mf_shaped_free(&s);
  return rc;
}

/* The baseline of a one-line paragraph of size pt placed by place_para in
 * the box (y, h in pt). */
static double one_line_base(const mf_style *st, double size, double y, double h) {
  double lead = size * st->leading, top = y;
  if (h > 0 && st->valign == MF_VALIGN_CENTER) top = y + (h - lead) / 2;
  if (h > 0 && st->valign == MF_VALIGN_BOTTOM) top = y + h - lead;
  return top + (lead - size) / 2 + ASCENT * size;
}

static myna_status compose_field(myna_ctx *ctx, const mf_fontset *fs,
                                 const mf_item *it, const mf_record *rec,
                                 mf_page *pg) {
  const char *value = mf_record_text(rec, it->key);
  if (!value || !*value) return MYNA_OK; /* blank for handwriting */
  char pbuf[96];
  const char *where = mf_record_key_path(it->key, pbuf, sizeof pbuf);
  mf_shaped s;
  myna_status rc = mf_shape(ctx, fs, it->style.face, value, strlen(value), where, &s);
  if (rc != MYNA_OK) return rc;
  mf_fit_opts fo = {.width = MF_MM(it->w - 2 * it->pad),
                    .height = MF_MM(it->h),
                    .size = it->style.size,
                    .min_size = it->min_size,
                    .step = 0.5,
                    .max_lines = it->max_lines,
                    .leading = it->style.leading,
                    .wakan = it->style.wakan};
  mf_fit fit;
  rc = mf_fit_text(ctx, &s, &fo, where, &fit);
  if (rc == MYNA_OK) {
    rc = screen_lines(ctx, &s, &fit.para, value, where);
    if (rc != MYNA_OK) mf_fit_free(&fit);
  }
  if (rc == MYNA_OK) {
    mf_style st = it->style;
    if (st.align == MF_ALIGN_JUSTIFY || st.align == MF_ALIGN_DISTRIBUTE)
      st.align = MF_ALIGN_LEFT; /* values are never spread (typesetting.md §7.2) */
    /* a value set smaller on one line keeps the baseline it has at the
     * nominal size, its label's (doc/typesetting.md, "Fitting a value into
     * its field"), as long as its em box stays in the box */
    double y = MF_MM(it->y), h = MF_MM(it->h), dy = 0;
    if (fit.para.nlines == 1 && h > 0 && fit.size < st.size) {
      double base = one_line_base(&st, st.size, y, h);
      double lo = y + ASCENT * fit.size, hi = y + h - (1 - ASCENT) * fit.size;
      if (base < lo) base = lo;
      if (base > hi) base = hi;
      dy = base - one_line_base(&st, fit.size, y, h);
    }
    place_para(pg, fs, &s, &fit.para, &st, fit.size, MF_LAYER_DATA,
               MF_MM(it->x + it->pad), y + dy, MF_MM(it->w - 2 * it->pad), h);
    mf_fit_free(&fit);
  }
  mf_shaped_free(&s);
  return rc;
}

/* A ✓ centred in the box (x, y, side in pt).  hidden: only make the glyph
 * available (the static layer registers it so that ticks need no font of
 * their own in each record's PDF). */
static myna_status draw_tick(myna_ctx *ctx, const mf_fontset *fs, mf_face_id face, double x,
                             double y, double side, bool hidden, mf_page *pg) {
  mf_shaped s;
  myna_status rc = mf_shape_symbol(ctx, fs, face, CHECK_MARK, "check mark", &s);
  if (rc != MYNA_OK) return rc;
  double size = side * 1.25;
  mf_para para = {0};
  double xs[1] = {(side - s.cl[0].adv * size) / 2};
  mf_line ln = {.a = 0, .b = 1, .forced = true};
  para.x = xs;
  /* the ✓ rests on the baseline and rises ~0.75 em: lift it into the box */
  size_t first = pg->nruns;
  mf_page_line(pg, fs, &s, &para, &ln, hidden ? MF_LAYER_STATIC : MF_LAYER_DATA, size, x,
            y + side * 0.5 + size * 0.32);
  for (size_t r = first; hidden && r < pg->nruns; r++) pg->runs[r].hidden = 1;
  mf_shaped_free(&s);
  return MYNA_OK;
}

static myna_status compose_checks(myna_ctx *ctx, const mf_fontset *fs,
                                  const mf_item *it, const mf_record *rec,
                                  bool frames, bool ticks, mf_page *pg) {
  const mf_style *st = &it->style;
  double side = MF_MM(it->box);
  double x = MF_MM(it->x + it->pad);
  double y = MF_MM(it->y), h = MF_MM(it->h);
  double lead = st->size * st->leading;
  double row_h = h > 0 ? h : (lead > side ? lead : side);
  double mid = y + row_h / 2;
  for (size_t i = 0; i < it->nopts; i++) {
    const mf_check_opt *o = &it->opts[i];
    if (frames) mf_page_rect(pg, x, mid - side / 2, side, side, 0.6, 0);
    if (frames && i == 0) {
      myna_status rc = draw_tick(ctx, fs, it->tick_face, x, mid - side / 2, side, true, pg);
      if (rc != MYNA_OK) return rc;
    }
    if (ticks && mf_record_check(rec, o->key)) {
      myna_status rc = draw_tick(ctx, fs, it->tick_face, x, mid - side / 2, side, false, pg);
      if (rc != MYNA_OK) return rc;
    }
    x += side + MF_MM(1.0);
    mf_shaped s;
    char where[96];
    snprintf(where, sizeof where, "item %zu option %zu", it->index, i);
    myna_status rc = mf_shape(ctx, fs, st->face, o->label, strlen(o->label), where, &s);
    if (rc != MYNA_OK) return rc;
    double w = mf_para_natural_em(&s, 0, s.ncl, st->wakan) * st->size;
    if (!frames) { /* only the ticks: the label's width is all we need */
      mf_shaped_free(&s);
      x += w + MF_MM(it->gap);
      continue;
    }
    mf_para_opts po = {.size = st->size, .width = w + 1, .wakan = st->wakan,
                       .kinsoku = MF_KINSOKU_STRICT};
    mf_para para;
    rc = mf_para_layout(ctx, &s, &po, &para);
    if (rc == MYNA_OK) {
      mf_style one = *st;
      one.valign = MF_VALIGN_TOP;
      place_para(pg, fs, &s, &para, &one, st->size, MF_LAYER_STATIC, x,
                 mid - lead / 2, w, 0);
      mf_para_free(&para);
    }
    mf_shaped_free(&s);
    if (rc != MYNA_OK) return rc;
    x += w + MF_MM(it->gap);
  }
  return MYNA_OK;
}

static void compose_grid(const mf_item *it, mf_page *pg) {
  double x = MF_MM(it->x), y = MF_MM(it->y);
  double w = MF_MM(it->w), h = MF_MM(it->h);
  double cx = x;
  for (size_t c = 0; c + 1 < it->ncols; c++) {
    cx += MF_MM(it->cols[c]);
    mf_page_rule(pg, cx, y, cx, y + h, it->line);
  }
  double cy = y;
  for (size_t r = 0; r + 1 < it->nrows; r++) {
    cy += MF_MM(it->rows[r]);
    mf_page_rule(pg, x, cy, x + w, cy, it->line);
  }
  mf_page_rect(pg, x, y, w, h, it->outer, 0);
}

/* Where a page's lists ended before an item was laid out. */
typedef struct page_mark {
  size_t runs, rules, rects, qrs;
} page_mark;

static void widen(double b[4], double x0, double y0, double x1, double y1) {
  if (x0 < b[0]) b[0] = x0;
  if (y0 < b[1]) b[1] = y0;
  if (x1 > b[2]) b[2] = x1;
  if (y1 > b[3]) b[3] = y1;
}

/* The extent (mm) of the ink an item added to pg since m: rules and frames
 * with half their line width (rules have projecting caps), glyphs by their
 * em box (the advance wide, ASCENT above the baseline, the rest below), QR
 * codes with their quiet zone.  false if it added nothing drawn.  One pass
 * over what the item added: the static layer is checked once per template,
 * the data layer's few items per record. */
static bool ink_since(const mf_page *pg, const page_mark *m, double b[4]) {
  b[0] = b[1] = INFINITY;
  b[2] = b[3] = -INFINITY;
  for (size_t i = m->rules; i < pg->nrules; i++) {
    const mf_rule *r = &pg->rules[i];
    double h = r->width / 2;
    widen(b, fmin(r->x0, r->x1) - h, fmin(r->y0, r->y1) - h, fmax(r->x0, r->x1) + h,
          fmax(r->y0, r->y1) + h);
  }
  for (size_t i = m->rects; i < pg->nrects; i++) {
    const mf_rect *r = &pg->rects[i];
    double h = r->width / 2;
    widen(b, r->x - h, r->y - h, r->x + r->w + h, r->y + r->h + h);
  }
  for (size_t i = m->qrs; i < pg->nqrs; i++) {
    const mf_qr *q = &pg->qrs[i];
    widen(b, q->x, q->y, q->x + q->size, q->y + q->size);
  }
  for (size_t i = m->runs; i < pg->nruns; i++) {
    const mf_run *r = &pg->runs[i];
    if (r->hidden) continue;
    for (uint32_t k = 0; k < r->ng; k++) {
      const mf_pglyph *g = &pg->glyphs[r->g0 + k];
      double x = r->x + g->x, base = r->y + g->y;
      widen(b, x, base - ASCENT * r->size, x + g->adv * r->size,
            base + (1 - ASCENT) * r->size);
    }
  }
  if (!(b[0] <= b[2])) return false;
  for (int k = 0; k < 4; k++) b[k] *= 25.4 / 72.0;
  return true;
}

/* Whether an item belongs to the data part of the page. */
static bool is_data_item(const mf_item *it, bool flow_dynamic) {
  if (it->cond_if || it->cond_unless) return true;
  if (it->type == MF_IT_FIELD || it->type == MF_IT_QR) return true;
  return it->after >= 0 && flow_dynamic;
}

/* Where the flow of "after" stands while items [from, to) are laid out. */
typedef struct flow {
  double bottom;  /* mm: bottom of the last item, for "after" */
  bool dynamic;   /* bottom depends on the record */
} flow;

static myna_status compose_range(myna_ctx *ctx, const mf_fontset *fs, const mf_template *t,
                                 const mf_record *rec, const mf_compose_opts *o,
                                 mf_compose_part part, mf_page *pg, size_t from, size_t to,
                                 flow *fl);

/* The height (mm) of a box with "h": "auto": its held items laid out on a
 * scratch page, the flow starting at the box's top; the box reaches from
 * its top to the lowest ink of what it holds plus the padding below (by
 * default the same as above: from the box's top to the highest ink). */
static myna_status auto_box_height(myna_ctx *ctx, const mf_fontset *fs, const mf_template *t,
                                   const mf_record *rec, const mf_compose_opts *o, size_t i,
                                   const mf_item *box, double *h) {
  mf_page scratch;
  mf_page_init(&scratch);
  flow fl = {box->y, false};
  myna_status rc = compose_range(ctx, fs, t, rec, o, MF_COMPOSE_STATIC, &scratch, i + 1,
                                 i + 1 + box->holds, &fl);
  page_mark m = {0, 0, 0, 0};
  double ink[4];
  bool any = rc == MYNA_OK && ink_since(&scratch, &m, ink);
  if (!mf_page_ok(&scratch) && rc == MYNA_OK)
    rc = mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  mf_page_free(&scratch);
  if (rc != MYNA_OK) return rc;
  if (!any || ink[1] < box->y)
    return mf_fail(ctx, MYNA_ERR_TEMPLATE,
                   "template %s: item %zu (box): \"h\": \"auto\" needs what it holds to "
                   "start inside it, below its top (at %g mm)",
                   t->name, i, box->y);
  double pad = box->hold_pad >= 0 ? box->hold_pad : ink[1] - box->y;
  *h = ink[3] + pad - box->y;
  return MYNA_OK;
}

myna_status mf_compose(myna_ctx *ctx, const mf_fontset *fs, const mf_template *t,
                       const mf_record *rec, const mf_compose_opts *o,
                       mf_compose_part part, mf_page *pg) {
  flow fl = {0, false};
  return compose_range(ctx, fs, t, rec, o, part, pg, 0, t->nitems, &fl);
}

static myna_status compose_range(myna_ctx *ctx, const mf_fontset *fs, const mf_template *t,
                                 const mf_record *rec, const mf_compose_opts *o,
                                 mf_compose_part part, mf_page *pg, size_t from, size_t to,
                                 flow *fl) {
  bool want_static = part != MF_COMPOSE_DATA, want_data = part != MF_COMPOSE_STATIC;
  size_t held_end = 0;   /* the last item of the box being filled, if any */
  double held_bottom = 0; /* mm: that box's bottom */
  for (size_t i = from; i < to; i++) {
    const mf_item *src = &t->items[i];
    bool data = is_data_item(src, fl->dynamic);
    bool checks = src->type == MF_IT_CHECKS && !data; /* frames static, ticks data */
    bool draw = checks || (data ? want_data : want_static);
    if (data && src->after >= 0) fl->dynamic = true;
    if (held_end && data)
      return mf_fail(ctx, MYNA_ERR_TEMPLATE,
                     "template %s: item %zu (%s): its place depends on the record, but a "
                     "box with \"h\": \"auto\" holds it",
                     t->name, i, mf_item_type_name(src->type));
    if (src->cond_if || src->cond_unless) {
      /* whether it shows depends on the record: so does what flows below */
      if (src->type == MF_IT_TEXT || src->type == MF_IT_BOX) fl->dynamic = true;
      if (!want_data || !item_visible(src, rec)) continue;
    }
    mf_item flowed;
    const mf_item *it = src;
    char why[256];
    if (src->after >= 0) { /* placed below what came before */
      flowed = *src;
      flowed.y = fl->bottom + src->after;
      if (flowed.y + flowed.h > 297)
        return mf_fail(ctx, MYNA_ERR_TEMPLATE,
                       "template %s: item %zu (%s): flows beyond the page", t->name, i,
                       mf_item_type_name(src->type));
      if (draw && !mf_item_printable(&flowed, true, why, sizeof why))
        return mf_fail(ctx, MYNA_ERR_TEMPLATE, "template %s: item %zu (%s): %s", t->name,
                       i, mf_item_type_name(src->type), why);
      it = &flowed;
    }
    if (src->holds) { /* a box that grows to what it holds */
      /* its height matters to this pass if it is drawn, or if the next
       * item below it that sets the flow (rules do not) is placed "after" */
      size_t nx = i + src->holds + 1;
      while (nx < t->nitems && t->items[nx].type == MF_IT_RULE) nx++;
      bool flows = nx < t->nitems && t->items[nx].after >= 0;
      if (it == src) flowed = *src;
      if (draw || flows) {
        myna_status rc = auto_box_height(ctx, fs, t, rec, o, i, &flowed, &flowed.h);
        if (rc != MYNA_OK) return rc;
      }
      it = &flowed;
      held_end = i + src->holds;
      held_bottom = flowed.y + flowed.h;
    }
    page_mark mark = {pg->nruns, pg->nrules, pg->nrects, pg->nqrs};
    double text_bottom = -1; /* pt, when the item reports its own */
    int layer = data ? MF_LAYER_DATA : MF_LAYER_STATIC;
    myna_status rc = MYNA_OK;
    char where[64];
    snprintf(where, sizeof where, "template %s: item %zu", t->name, i);
    if (draw) switch (it->type) {
      case MF_IT_TEXT:
        rc = compose_text(ctx, fs, it, it->text, layer, where, pg, &text_bottom);
        break;
      case MF_IT_FIELD:
        rc = compose_field(ctx, fs, it, rec, pg);
        break;
      case MF_IT_CHECKS:
        rc = compose_checks(ctx, fs, it, rec, want_static, want_data, pg);
        break;
      case MF_IT_GRID:
        compose_grid(it, pg);
        break;
      case MF_IT_RULE:
        mf_page_rule(pg, MF_MM(it->x), MF_MM(it->y), MF_MM(it->x2), MF_MM(it->y2),
                     it->line);
        break;
      case MF_IT_BOX:
        if (it->fill >= 0)
          mf_page_rect(pg, MF_MM(it->x), MF_MM(it->y), MF_MM(it->w), MF_MM(it->h),
                       0, it->fill);
        if (it->line > 0)
          mf_page_rect(pg, MF_MM(it->x), MF_MM(it->y), MF_MM(it->w), MF_MM(it->h),
                       it->line, 0);
        break;
      case MF_IT_QR: {
        const char *url = o && o->qr_url ? o->qr_url : "https://myna.go.jp/";
        mf_page_qr(pg, MF_MM(it->x), MF_MM(it->y), MF_MM(it->w), url);
        if (it->caption) { /* the URL, centred under the code */
          mf_item cap = *it;
          cap.w = 80;
          cap.x = it->x + it->w / 2 - cap.w / 2;
          cap.y = it->y + it->w + 0.5;
          cap.h = 0;
          cap.pad = 0;
          cap.style.align = MF_ALIGN_CENTER;
          rc = compose_text(ctx, fs, &cap, url, MF_LAYER_DATA, where, pg, NULL);
        }
        break;
      }
    }
    if (rc != MYNA_OK) return rc;
    if (!mf_page_ok(pg)) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
    /* nothing off the page or in its margin (a field's value is fitted in
     * its box, which the template check placed) */
    double ink[4];
    if (draw && it->type != MF_IT_FIELD && ink_since(pg, &mark, ink) &&
        !mf_tpl_printable(ink[0], ink[1], ink[2], ink[3], why, sizeof why))
      return mf_fail(ctx, MYNA_ERR_TEMPLATE, "template %s: item %zu (%s): %s", t->name, i,
                     mf_item_type_name(it->type), why);
    if (i == held_end && held_end) { /* the box's content ends: flow on below it */
      fl->bottom = held_bottom;
      held_end = 0;
      continue;
    }
    if (it->type == MF_IT_RULE) continue;
    if (src->holds) { /* what it holds flows from its top */
      fl->bottom = it->y;
      continue;
    }
    if (!draw && it->type == MF_IT_TEXT && i + 1 < t->nitems && t->items[i + 1].after >= 0) {
      /* a static text item skipped in the data pass still sets the flow:
       * measure it the way the static pass laid it out */
      mf_page scratch;
      mf_page_init(&scratch);
      rc = compose_text(ctx, fs, it, it->text, layer, where, &scratch, &text_bottom);
      mf_page_free(&scratch);
      if (rc != MYNA_OK) return rc;
    }
    fl->bottom = text_bottom >= 0 ? text_bottom * 25.4 / 72.0 : it->y + it->h;
  }
  return MYNA_OK;
}
