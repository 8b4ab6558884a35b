/* template_cache.c — parsed templates in the on-disk cache (template_cache.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/serial.h"
#include "input/record.h"
#include "input/template_cache.h"
#include "input/utf8.h"

#define MAGIC "MYNAFORM-TMODEL\x01"
#define MAX_FILE (4u << 20)

/* The encoding below lists every field of these structs.  A field added
 * without updating it usually changes their size and fails here, at compile
 * time (not always: a small field may fill padding); tests/cli/test_cache.sh
 * compares every document rendered with templates parsed and cached. */
_Static_assert(sizeof(void *) != 8 || sizeof(mf_style) == 56, "update template_cache.c");
_Static_assert(sizeof(void *) != 8 || sizeof(mf_item) == 304, "update template_cache.c");

static void key_of(const uint64_t digest[2], size_t len, mf_buf *key) {
  /* 3: models of version 2 were not checked against the printable area */
  mf_buf_printf(key, "mynaform %s template-model 3 item %zu\nsource %016llx%016llx %zu\n",
                MYNA_VERSION_STRING, sizeof(mf_item), (unsigned long long)digest[0],
                (unsigned long long)digest[1], len);
}

static void file_name(const uint64_t digest[2], char out[64]) {
  snprintf(out, 64, "template-%016llx.bin", (unsigned long long)(digest[0] ^ digest[1]));
}

static void put_style(mf_buf *b, const mf_style *s) {
  mf_ser_u32(b, (uint32_t)s->face);
  mf_ser_f64(b, s->size);
  mf_ser_f64(b, s->leading);
  mf_ser_u32(b, (uint32_t)s->align);
  mf_ser_u32(b, (uint32_t)s->valign);
  mf_ser_f64(b, s->indent);
  mf_ser_f64(b, s->hang);
  mf_ser_u8(b, s->hang_marker);
  mf_ser_u8(b, s->wakan);
  mf_ser_f64(b, s->gray);
}

static void put_doubles(mf_buf *b, const double *v, size_t n) {
  mf_ser_u32(b, (uint32_t)n);
  for (size_t i = 0; i < n; i++) mf_ser_f64(b, v[i]);
}

static void put_item(mf_buf *b, const mf_item *it) {
  mf_ser_u32(b, (uint32_t)it->type);
  mf_ser_u8(b, it->cond_if != NULL);
  if (it->cond_if) mf_ser_str(b, it->cond_if);
  mf_ser_u8(b, it->cond_unless != NULL);
  if (it->cond_unless) mf_ser_str(b, it->cond_unless);
  const double d[] = {it->x, it->y, it->w, it->h, it->x2, it->y2, it->line, it->outer,
                      it->fill, it->min_size, it->pad, it->box, it->gap, it->after};
  for (size_t i = 0; i < MF_ARRAY_LEN(d); i++) mf_ser_f64(b, d[i]);
  put_style(b, &it->style);
  mf_ser_u8(b, it->text != NULL);
  if (it->text) mf_ser_str(b, it->text);
  mf_ser_u8(b, it->sup != NULL);
  if (it->sup) mf_ser_str(b, it->sup);
  mf_ser_u8(b, it->key != NULL);
  if (it->key) mf_ser_str(b, it->key);
  mf_ser_u32(b, it->max_lines);
  put_doubles(b, it->cols, it->ncols);
  put_doubles(b, it->rows, it->nrows);
  mf_ser_u32(b, (uint32_t)it->nopts);
  for (size_t i = 0; i < it->nopts; i++) {
    mf_ser_str(b, it->opts[i].key);
    mf_ser_str(b, it->opts[i].label);
  }
  mf_ser_u8(b, it->caption);
  mf_ser_u32(b, (uint32_t)it->index);
  mf_ser_u32(b, (uint32_t)it->tick_face);
  mf_ser_u32(b, it->holds);
  mf_ser_f64(b, it->hold_pad);
}

void mf_template_cache_save(const char *cache_dir, const mf_template *t) {
  if (!cache_dir || !t->parsed) return;
  mf_buf key, p, file;
  mf_buf_init(&key);
  mf_buf_init(&p);
  mf_buf_init(&file);
  key_of(t->digest, t->source_len, &key);
  mf_ser_u32(&p, (uint32_t)t->document);
  mf_ser_str(&p, t->title);
  mf_ser_str(&p, t->edition);
  mf_ser_str(&p, t->date);
  mf_ser_str(&p, t->variant);
  mf_ser_u32(&p, (uint32_t)t->nitems);
  for (size_t i = 0; i < t->nitems; i++) put_item(&p, &t->items[i]);
  mf_cache_pack(&file, MAGIC, &key, &p);
  char name[64];
  file_name(t->digest, name);
  if (mf_buf_ok(&key) && mf_buf_ok(&p) && mf_buf_ok(&file))
    mf_cache_file_write(cache_dir, name, file.data, file.len);
  mf_buf_free(&key);
  mf_buf_free(&p);
  mf_buf_free(&file);
}

/* ----------------------------------------------------------------- read */

static uint32_t get_enum(mf_rd *r, uint32_t lo, uint32_t hi) {
  uint32_t v = mf_rd_u32(r);
  if (v < lo || v > hi) r->bad = true;
  return v;
}

static bool get_bool(mf_rd *r) {
  unsigned v = mf_rd_u8(r);
  if (v > 1) r->bad = true;
  return v == 1;
}

static char *get_opt_str(mf_rd *r) { return get_bool(r) ? mf_rd_str(r) : NULL; }

static void get_style(mf_rd *r, mf_style *s) {
  s->face = (mf_face_id)get_enum(r, 0, MF_FACE_COUNT - 1);
  s->size = mf_rd_f64(r);
  s->leading = mf_rd_f64(r);
  s->align = (mf_align)get_enum(r, MF_ALIGN_LEFT, MF_ALIGN_DISTRIBUTE);
  s->valign = (mf_valign)get_enum(r, MF_VALIGN_TOP, MF_VALIGN_BOTTOM);
  s->indent = mf_rd_f64(r);
  s->hang = mf_rd_f64(r);
  s->hang_marker = get_bool(r);
  s->wakan = get_bool(r);
  s->gray = (float)mf_rd_f64(r);
}

static double *get_doubles(mf_rd *r, size_t *n, size_t max) {
  *n = mf_rd_u32(r);
  if (r->bad || *n > max) {
    r->bad = true;
    *n = 0;
    return NULL;
  }
  if (!*n) return NULL;
  double *v = mf_calloc(*n, sizeof *v);
  if (!v) {
    r->bad = true;
    *n = 0;
    return NULL;
  }
  for (size_t i = 0; i < *n; i++) v[i] = mf_rd_f64(r);
  return v;
}

static void get_item(mf_rd *r, mf_item *it) {
  it->type = (mf_item_type)get_enum(r, MF_IT_TEXT, MF_IT_QR);
  it->cond_if = get_opt_str(r);
  it->cond_unless = get_opt_str(r);
  double *d[] = {&it->x, &it->y, &it->w, &it->h, &it->x2, &it->y2, &it->line, &it->outer,
                 NULL, &it->min_size, &it->pad, &it->box, &it->gap, &it->after};
  for (size_t i = 0; i < MF_ARRAY_LEN(d); i++) {
    double v = mf_rd_f64(r);
    if (d[i]) *d[i] = v;
    else it->fill = (float)v;
  }
  get_style(r, &it->style);
  it->text = get_opt_str(r);
  it->sup = get_opt_str(r);
  it->key = get_opt_str(r);
  it->max_lines = mf_rd_u32(r);
  it->cols = get_doubles(r, &it->ncols, MYNA_LIMIT_TEMPLATE_GRID_TRACKS);
  it->rows = get_doubles(r, &it->nrows, MYNA_LIMIT_TEMPLATE_GRID_TRACKS);
  uint32_t n = mf_rd_u32(r);
  if (r->bad || n > MYNA_LIMIT_TEMPLATE_OPTIONS) {
    r->bad = true;
    return;
  }
  if (n && !(it->opts = mf_calloc(n, sizeof *it->opts))) {
    r->bad = true;
    return;
  }
  it->nopts = n;
  for (size_t i = 0; i < n; i++) {
    it->opts[i].key = mf_rd_str(r);
    it->opts[i].label = mf_rd_str(r);
  }
  it->caption = get_bool(r);
  it->index = mf_rd_u32(r);
  it->tick_face = (mf_face_id)get_enum(r, 0, MF_FACE_COUNT - 1);
  it->holds = mf_rd_u32(r);
  it->hold_pad = mf_rd_f64(r);
}

/* ------------------------------------------------------------- validity */

/* The file was written by a process of the same user but may be damaged or
 * made by hand: the checksum only catches accidents.  A model is used only
 * if it is one mf_template_parse can produce (template.c), since layout
 * trusts those ranges (a size of 1e300 pt never ends shrinking). */

static bool in(double v, double lo, double hi) { return v >= lo && v <= hi; }

/* UTF-8 text without control characters other than LF (template.c get_str);
 * adds its length to *total. */
static bool text_ok(const char *s, bool controls, size_t *total) {
  if (!s) return false;
  size_t n = strlen(s);
  *total += n;
  if (mf_utf8_validate(s, n, NULL) != MF_UTF8_OK) return false;
  for (size_t i = 0; !controls && i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c < 0x20 && c != '\n') || c == 0x7F) return false;
  }
  return true;
}

static bool style_ok(const mf_style *s) {
  return s->face <= MF_FACE_GOTHIC_BOLD && in(s->size, MF_TPL_SIZE_MIN, MF_TPL_SIZE_MAX) &&
         in(s->leading, MF_TPL_LEADING_MIN, MF_TPL_LEADING_MAX) &&
         in(s->indent, 0, MF_TPL_INDENT_MAX) && in(s->hang, 0, MF_TPL_INDENT_MAX) && in(s->gray, 0, 1);
}

static bool tracks_ok(const double *v, size_t n, double total) {
  if (!v || n < 1) return false;
  double sum = 0;
  for (size_t i = 0; i < n; i++) {
    if (!(v[i] > 0 && v[i] <= MF_TPL_TRACK_MAX)) return false;
    sum += v[i];
  }
  return sum == total;
}

static bool item_ok(const mf_item *it, size_t index, size_t nitems, size_t *grids,
                    size_t *total) {
  /* positions: within the page, or (in a cell) not absurdly far off it */
  const double far = 1e5;
  if (it->index != index || !style_ok(&it->style) || it->tick_face > MF_FACE_GOTHIC_BOLD ||
      !in(it->x, -far, far) || !in(it->y, -far, far) || !in(it->w, -far, far) ||
      !in(it->h, -far, far) || !in(it->x2, 0, MF_TPL_PAGE_W) ||
      !in(it->y2, 0, MF_TPL_PAGE_H) || !in(it->line, 0, MF_TPL_LINE_MAX) ||
      !in(it->outer, 0, MF_TPL_LINE_MAX) || !(it->fill == -1 || in(it->fill, 0, 1)) ||
      !(it->min_size == 0 || in(it->min_size, MF_TPL_SIZE_MIN, it->style.size)) ||
      !in(it->max_lines, 1, MF_TPL_MAX_LINES) || !in(it->pad, 0, MF_TPL_PAD_MAX) ||
      !in(it->box, MF_TPL_BOX_MIN, MF_TPL_BOX_MAX) || !in(it->gap, 0, MF_TPL_GAP_MAX) ||
      !(it->after == -1 || in(it->after, 0, MF_TPL_AFTER_MAX)) ||
      it->holds > MF_TPL_HOLDS_MAX || (it->holds && it->type != MF_IT_BOX) ||
      !(it->hold_pad == -1 || in(it->hold_pad, 0, MF_TPL_PAD_MAX)))
    return false;
  if (it->type == MF_IT_RULE) {
    if (!in(it->x, 0, MF_TPL_PAGE_W) || !in(it->y, 0, MF_TPL_PAGE_H) || it->after != -1)
      return false;
  } else if (it->x < 0 || it->y < 0 || it->x + it->w > MF_TPL_PAGE_W + 0.001 ||
             it->y + it->h > MF_TPL_PAGE_H + 0.001) {
    return false;
  }
  char why[256];
  if (!mf_item_printable(it, it->after == -1, why, sizeof why)) return false;
  if ((it->cond_if && !text_ok(it->cond_if, false, total)) ||
      (it->cond_unless && !text_ok(it->cond_unless, false, total)) ||
      (it->text && !text_ok(it->text, false, total)) ||
      (it->sup && (it->type != MF_IT_TEXT || !it->text || !*it->sup ||
                   !text_ok(it->sup, false, total) || !strstr(it->text, it->sup))) ||
      (it->key && !text_ok(it->key, false, total)))
    return false;
  switch (it->type) {
    case MF_IT_TEXT:
      return it->text && it->w > 0;
    case MF_IT_RULE:
      return true;
    case MF_IT_BOX:
      return it->w > 0 && (it->holds ? it->h == 0 && index + it->holds < nitems : it->h > 0);
    case MF_IT_GRID:
      return ++*grids <= MYNA_LIMIT_TEMPLATE_GRIDS && it->after == -1 &&
             tracks_ok(it->cols, it->ncols, it->w) && tracks_ok(it->rows, it->nrows, it->h);
    case MF_IT_FIELD:
      return it->key && mf_record_is_text_key(it->key) && it->min_size >= MF_TPL_SIZE_MIN &&
             it->w > 2 * it->pad && it->h > 0;
    case MF_IT_CHECKS:
      if (it->nopts < 1) return false;
      for (size_t i = 0; i < it->nopts; i++)
        if (!it->opts[i].key || !mf_record_is_check_key(it->opts[i].key) ||
            !text_ok(it->opts[i].key, false, total) || !text_ok(it->opts[i].label, true, total))
          return false;
      return true;
    case MF_IT_QR:
      return in(it->w, MF_TPL_QR_MIN, MF_TPL_QR_MAX) && it->h == it->w;
  }
  return false;
}

/* A decoded template's values are those of a parsed one from a source of
 * source_len bytes (whose strings cannot be longer than the source). */
static bool model_ok(const mf_template *t, size_t source_len) {
  size_t total = 0, grids = 0;
  if (source_len > MYNA_LIMIT_TEMPLATE_BYTES || !text_ok(t->title, false, &total) ||
      !text_ok(t->edition, false, &total) || !text_ok(t->date, false, &total) ||
      !text_ok(t->variant, false, &total) || strlen(t->date) != 10 || t->date[4] != '-' ||
      t->date[7] != '-')
    return false;
  for (size_t i = 0; i < t->nitems; i++)
    if (!item_ok(&t->items[i], i, t->nitems, &grids, &total)) return false;
  return total <= source_len;
}

mf_template *mf_template_cache_decode(const unsigned char *data, size_t len,
                                      const char *name, const uint64_t digest[2],
                                      size_t source_len) {
  mf_buf key;
  mf_buf_init(&key);
  key_of(digest, source_len, &key);
  mf_rd r;
  bool ok = mf_buf_ok(&key) && mf_cache_unpack(data, len, MAGIC, &key, &r);
  mf_buf_free(&key);
  if (!ok) return NULL;
  mf_template *t = mf_calloc(1, sizeof *t);
  if (!t) return NULL;
  t->document = (myna_document)get_enum(&r, MYNA_DOC_DECLARATION, MYNA_DOC_NOTICE);
  t->title = mf_rd_str(&r);
  t->edition = mf_rd_str(&r);
  t->date = mf_rd_str(&r);
  t->variant = mf_rd_str(&r);
  uint32_t n = mf_rd_u32(&r);
  if (!r.bad && n <= MYNA_LIMIT_TEMPLATE_ITEMS && n &&
      (t->items = mf_calloc(n, sizeof *t->items))) {
    t->nitems = n;
    for (size_t i = 0; i < n && !r.bad; i++) get_item(&r, &t->items[i]);
  } else {
    r.bad = true;
  }
  t->name = mf_strdup(name);
  if (!mf_rd_done(&r) || !t->name || !model_ok(t, source_len)) {
    mf_template_free(t);
    return NULL;
  }
  t->digest[0] = digest[0];
  t->digest[1] = digest[1];
  t->source_len = source_len;
  t->parsed = true;
  return t;
}

mf_template *mf_template_cache_load(const char *cache_dir, const char *name,
                                    const char *json, size_t len) {
  if (!cache_dir) return NULL;
  uint64_t digest[2];
  mf_template_digest(json, len, digest);
  char fname[64];
  file_name(digest, fname);
  unsigned char *data;
  size_t dlen;
  if (!mf_cache_file_read(cache_dir, fname, MAX_FILE, &data, &dlen)) return NULL;
  mf_template *t = mf_template_cache_decode(data, dlen, name, digest, len);
  free(data);
  return t;
}
