/*
 * fuzz_cache.c — fuzz target for the decoders of the on-disk cache, whose
 * files another process of the same user wrote (semi-trusted input that
 * must never crash or mislead the library):
 *   static-*.bin    a template's static PDF layer (pdf/static_store.c)
 *   template-*.bin  a parsed template model (input/template_cache.c)
 *   templates-*.idx the index of a template directory (input/template_index.c)
 * all framed by core/serial.c (magic, key, checksum, payload).
 *
 * The keys name font files, a directory and the library version, so
 * LLVMFuzzerInitialize renders a packet into a temporary cache directory
 * and takes from the files written there the magics and the keys this
 * machine expects (checking that each file decodes); the directory is
 * removed and every later call uses a context without a disk cache.
 *
 * An input that starts with one of the three magics is a cache file:
 *  1. decoded as it stands, with the key stored in it (the template model:
 *     the source digest named in that key), and with the expected key,
 *     which must refuse it unless the stored key is that one;
 *  2. its payload (whatever follows the header, cut to the length the
 *     header gives) framed again with the expected key and a correct
 *     checksum (mf_cache_pack) and decoded, so that mutations of a real
 *     payload reach the payload parsers.
 * Any other input: the first byte picks the decoder (mod 3) and the rest is
 * a payload, framed likewise; the whole input must be refused by all three.
 *
 * Oracles besides the sanitizers (and LeakSanitizer):
 *  - static layer: a failed decode leaves the entry empty; a decoded one has
 *    a CID table exactly for its faces, each CID found again from its glyph
 *    and text, glyphs < 65536, printable font names, sound buffers; it is
 *    embedded in a PDF through the library's path (mf_pdf_doc_add_layered
 *    with the entry in the context's cache, under the declaration's data
 *    layer: blank, or 1 in 8 filled so that data text reuses its CIDs), which
 *    works (a whole PDF) or fails with a message;
 *  - template model: named as asked, a header a parsed template has, every
 *    value in the ranges the template parser enforces; composed for a filled
 *    and a blank record and dumped, and 1 in 8 written as a PDF (static and
 *    data layers, as fuzz_template.c), failing only with a message;
 *  - index: a failed decode leaves the set empty; every template has name,
 *    path, title, edition, date and variant, a valid document, is not
 *    parsed, has no items, and is found by name; under the expected key the
 *    set is the template directory's: each of its templates once, at
 *    <dir>/<name>.json.
 *
 * FUZZ_CACHE_TRACE=1 prints which decoder accepted what (replaying by hand).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "core/serial.h"
#include "input/record.h"
#include "input/template.h"
#include "input/template_cache.h"
#include "input/template_index.h"
#include "layout/compose.h"
#include "layout/dump.h"
#include "layout/page.h"
#include "pdf/font_cache.h"
#include "pdf/pdf_doc.h"
#include "pdf/pdf_font.h"
#include "pdf/static_store.h"

enum { K_STATIC, K_MODEL, K_INDEX, K_COUNT };

/* What the library expects of one kind of cache file on this machine. */
typedef struct kind {
  const char *prefix; /* of the file names in the cache directory */
  bool found;
  char magic[16];
  mf_buf key;
  unsigned char *sample; /* the file the library wrote */
  size_t sample_len;
} kind;

static kind kinds[K_COUNT] = {
    {.prefix = "static-"}, {.prefix = "template-"}, {.prefix = "templates-"}};
static myna_ctx *ctx;            /* no disk cache */
static const mf_template *decl;  /* the declaration: keys, data layer */
static mf_record *filled, *blank;
static mf_page data_filled, data_blank; /* decl's data layer */
static mf_font_cache *fcache;    /* the context's static layers, as in render.c */
static char *saved_ps[MF_FACE_COUNT];
static mf_face_metrics saved_m[MF_FACE_COUNT];

static const char filled_json[] =
    "{\"name\":\"𠮷田　葛󠄀子\",\"kana\":\"ヨシダ　クズコ\","
    "\"birth_date\":\"1989-01-07\",\"sex\":\"female\","
    "\"address\":\"東京都葛飾区東金町八丁目23番地の45\\n髙﨑ハイツ101号室\","
    "\"insurance\":{\"has_valid_card\":true,\"type\":\"shaho\","
    "\"insurer_name\":\"全国健康保険協会　東京支部\",\"employer\":\"株式会社辻󠄀商店\","
    "\"issued\":\"within_1_month\",\"copay\":3},"
    "\"filing_date\":\"2026-11-22\",\"phone\":\"03-1234-5678\",\"pinless\":true,"
    "\"clinic\":{\"name\":\"みどり内科クリニック\",\"address\":\"東京都千代田区1-1\","
    "\"phone\":\"03-0000-0000\"}}";

#define INIT_FAIL(...)                              \
  do {                                              \
    fprintf(stderr, "fuzz_cache: " __VA_ARGS__);    \
    fputc('\n', stderr);                            \
    abort();                                        \
  } while (0)

/* ------------------------------------------------------------- framing */

/* The key stored in a cache file's header (pointing into data). */
static bool stored_key(const uint8_t *data, size_t size, const unsigned char **key,
                       size_t *klen) {
  if (size < 16) return false;
  mf_rd r = {data, size, 16, false};
  *key = mf_rd_bytes(&r, klen);
  return !r.bad;
}

/* The payload of a (maybe damaged) cache file: what follows the header,
 * cut to the length the header gives. */
static bool loose_payload(const uint8_t *data, size_t size, const uint8_t **p,
                          size_t *n) {
  const unsigned char *k;
  size_t kl;
  if (!stored_key(data, size, &k, &kl)) return false;
  mf_rd r = {data, size, 16 + 4 + kl, false};
  mf_rd_u64(&r);
  uint32_t want = mf_rd_u32(&r);
  if (r.bad) return false;
  *p = data + r.pos;
  *n = size - r.pos < want ? size - r.pos : want;
  return true;
}

/* data framed as a cache file of kind k with the expected key, in a
 * buffer of exactly its size (so that reading past it shows). */
static uint8_t *pack(int k, const uint8_t *payload, size_t n, size_t *len) {
  mf_buf pl, file;
  mf_buf_init(&pl);
  mf_buf_init(&file);
  mf_buf_append(&pl, payload, n);
  mf_cache_pack(&file, kinds[k].magic, &kinds[k].key, &pl);
  if (!mf_buf_ok(&pl) || !mf_buf_ok(&file)) abort();
  uint8_t *out = malloc(file.len);
  if (!out) abort();
  memcpy(out, file.data, file.len);
  *len = file.len;
  mf_buf_free(&pl);
  mf_buf_free(&file);
  return out;
}

static int kind_of(const uint8_t *data, size_t size) {
  for (int k = 0; k < K_COUNT; k++)
    if (size >= 16 && memcmp(data, kinds[k].magic, 16) == 0) return k;
  return -1;
}

/* ------------------------------------------------------- static layers */

static bool printable_name(const char *s, size_t size) {
  size_t n = strnlen(s, size);
  if (n == 0 || n == size) return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] <= ' ' || s[i] > '~') return false;
  return true;
}

static void check_buf(const mf_buf *b, const char *what) {
  FUZZ_CHECK(mf_buf_ok(b) && b->len <= b->cap && (b->data || !b->len), "%s: a bad buffer",
             what);
}

static void check_empty_blob(const mf_static_blob *b) {
  FUZZ_CHECK(b->zcontent.len == 0, "a refused static layer kept its content");
  for (int f = 0; f < MF_FACE_COUNT; f++) {
    const mf_font_blob *fb = &b->fonts[f];
    FUZZ_CHECK(!b->has_face[f] && !b->cids[f], "a refused static layer kept face %d", f);
    FUZZ_CHECK(!fb->zttf.len && !fb->zc2g.len && !fb->ztou.len && !fb->widths.len,
               "a refused static layer kept the font of face %d", f);
  }
}

static void check_blob(const mf_static_blob *b) {
  check_buf(&b->zcontent, "content");
  for (int f = 0; f < MF_FACE_COUNT; f++) {
    const mf_font_blob *fb = &b->fonts[f];
    FUZZ_CHECK(b->has_face[f] == (b->cids[f] != NULL), "face %d: CIDs %p", f,
               (void *)b->cids[f]);
    if (!b->has_face[f]) {
      FUZZ_CHECK(!fb->zttf.len && !fb->zc2g.len && !fb->ztou.len && !fb->widths.len,
                 "face %d: a font without the face", f);
      continue;
    }
    check_buf(&fb->zttf, "font program");
    check_buf(&fb->zc2g, "CIDToGIDMap");
    check_buf(&fb->ztou, "ToUnicode");
    check_buf(&fb->widths, "widths");
    FUZZ_CHECK(printable_name(fb->base_font, sizeof fb->base_font), "face %d: base font", f);
    size_t n = mf_pdf_font_count(b->cids[f]);
    FUZZ_CHECK(n >= 1 && n <= 65535, "face %d: %zu CIDs", f, n);
    for (uint32_t cid = 1; cid <= n; cid++) {
      uint32_t gid;
      int width;
      const char *text;
      size_t len;
      FUZZ_CHECK(mf_pdf_font_entry(b->cids[f], cid, &gid, &width, &text, &len),
                 "face %d: CID %u of %zu missing", f, cid, n);
      FUZZ_CHECK(gid <= 65535, "face %d: CID %u draws glyph %u", f, cid, gid);
      FUZZ_CHECK(mf_pdf_font_find(b->cids[f], gid, text, len) == cid,
                 "face %d: CID %u not found again", f, cid);
    }
    FUZZ_CHECK(mf_pdf_font_entry(b->cids[f], (uint32_t)n + 1, &(uint32_t){0}, &(int){0},
                                 &(const char *){NULL}, &(size_t){0}) == false,
               "face %d: a CID past the count", f);
  }
}

/* Hides the faces' PostScript names and metrics, as in a new process, so
 * that the decoder gives them the saved ones. */
static void hide_metrics(void) {
  for (int f = 0; f < MF_FACE_COUNT; f++) ctx->fonts->faces[f].ps_name = NULL;
}

/* Puts back the names and metrics the context had. */
static void restore_metrics(void) {
  for (int f = 0; f < MF_FACE_COUNT; f++) {
    mf_face *face = &ctx->fonts->faces[f];
    if (face->ps_name != saved_ps[f]) {
      if (face->ps_name)
        FUZZ_CHECK(printable_name(face->ps_name, 96), "face %d: PostScript name", f);
      free(face->ps_name);
      face->ps_name = saved_ps[f];
    }
    face->m = saved_m[f];
  }
}

/* Embeds the decoded layer b (the context's entry for decl) in a PDF. */
static void embed(bool filled_data) {
  mf_pdf_doc *d = NULL;
  mf_buf out;
  mf_buf_init(&out);
  mf_ctx_reset(ctx);
  myna_status st = mf_pdf_doc_new(ctx, ctx->fonts, fcache, &d);
  if (st == MYNA_OK)
    st = mf_pdf_doc_add_layered(d, decl, NULL, filled_data ? &data_filled : &data_blank);
  if (st == MYNA_OK) st = mf_pdf_doc_save(d, &out);
  fuzz_check_messages(ctx, st, true);
  FUZZ_CHECK(st != MYNA_ERR_INTERNAL && st != MYNA_ERR_USAGE, "status %d: %s", (int)st,
             myna_ctx_errmsg(ctx));
  if (st == MYNA_OK) FUZZ_CHECK(fuzz_is_pdf(out.data, out.len), "not a whole PDF");
  mf_buf_free(&out);
  mf_pdf_doc_free(d);
  mf_ctx_reset(ctx);
}

static bool run_static(const uint8_t *data, size_t size, const mf_buf *key, uint32_t h) {
  mf_static_blob *b = mf_static_cache_put(fcache, decl);
  if (!b) abort();
  if (h & 1) hide_metrics();
  bool ok = mf_static_store_decode(data, size, key, ctx->fonts, b);
  if (ok) {
    check_blob(b);
    embed(((h >> 1) & 7) == 0);
  } else {
    check_empty_blob(b);
  }
  restore_metrics();
  mf_static_cache_drop(fcache, b);
  FUZZ_CHECK(fcache->nstatic == 0, "the entry was not dropped");
  return ok;
}

/* ------------------------------------------------------ template model */

static bool in(double v, double lo, double hi) { return v >= lo && v <= hi; }

/* Template text: UTF-8 without control characters but LF; counted. */
static bool text_ok(const char *s, size_t *total) {
  if (!s) return false;
  size_t n = strlen(s);
  *total += n;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] < 0x20 && s[i] != '\n') || s[i] == 0x7F) return false;
  return mf_utf8_validate(s, n, NULL) == MF_UTF8_OK;
}

/* What mf_template_parse guarantees of a template (template.c), which the
 * decoder must guarantee too: layout trusts these ranges. */
static void check_model(const mf_template *t, size_t source_len) {
  size_t total = 0, grids = 0;
  FUZZ_CHECK(t->name && strcmp(t->name, "fuzz") == 0, "name %s", t->name ? t->name : "NULL");
  FUZZ_CHECK(t->parsed, "not parsed");
  FUZZ_CHECK(t->document >= MYNA_DOC_DECLARATION && t->document <= MYNA_DOC_NOTICE,
             "document %d", (int)t->document);
  FUZZ_CHECK(text_ok(t->title, &total) && text_ok(t->edition, &total) &&
                 text_ok(t->date, &total) && text_ok(t->variant, &total),
             "a header string is missing or not UTF-8");
  FUZZ_CHECK(strlen(t->date) == 10 && t->date[4] == '-' && t->date[7] == '-', "date %s",
             t->date);
  FUZZ_CHECK(t->nitems >= 1 && t->nitems <= MYNA_LIMIT_TEMPLATE_ITEMS && t->items,
             "%zu items", t->nitems);
  for (size_t i = 0; i < t->nitems; i++) {
    const mf_item *it = &t->items[i];
    const mf_style *s = &it->style;
    FUZZ_CHECK(it->index == i, "item %zu: index %zu", i, it->index);
    FUZZ_CHECK(it->type >= MF_IT_TEXT && it->type <= MF_IT_QR, "item %zu: type %d", i,
               (int)it->type);
    FUZZ_CHECK(s->face <= MF_FACE_GOTHIC_BOLD && it->tick_face <= MF_FACE_GOTHIC_BOLD,
               "item %zu: face", i);
    FUZZ_CHECK(in(s->size, 4, 72) && in(s->leading, 0.8, 4) && in(s->indent, 0, 10) &&
                   in(s->hang, 0, 10) && in(s->gray, 0, 1),
               "item %zu: style out of range", i);
    FUZZ_CHECK(in(it->line, 0, 5) && in(it->outer, 0, 5) && in(it->pad, 0, 20) &&
                   in(it->box, 1, 20) && in(it->gap, 0, 100) && in(it->max_lines, 1, 20) &&
                   (it->fill == -1 || in(it->fill, 0, 1)) &&
                   (it->min_size == 0 || in(it->min_size, 4, s->size)),
               "item %zu: a value out of range", i);
    FUZZ_CHECK(in(it->x, -1e5, 1e5) && in(it->y, -1e5, 1e5) && in(it->w, -1e5, 1e5) &&
                   in(it->h, -1e5, 1e5) && in(it->x2, 0, 210) && in(it->y2, 0, 297),
               "item %zu: far off the page", i);
    if (it->type == MF_IT_RULE)
      FUZZ_CHECK(in(it->x, 0, 210) && in(it->y, 0, 297), "item %zu: rule start", i);
    else
      FUZZ_CHECK(it->x + it->w <= 210.001 && it->y + it->h <= 297.001,
                 "item %zu: beyond the page", i);
    FUZZ_CHECK(it->after == -1 || (in(it->after, 0, 200) && it->type != MF_IT_RULE &&
                                   it->type != MF_IT_GRID),
               "item %zu: after %g", i, it->after);
    FUZZ_CHECK(!it->cond_if || text_ok(it->cond_if, &total), "item %zu: if", i);
    FUZZ_CHECK(!it->cond_unless || text_ok(it->cond_unless, &total), "item %zu: unless", i);
    FUZZ_CHECK(!it->text || text_ok(it->text, &total), "item %zu: text", i);
    FUZZ_CHECK(!it->key || text_ok(it->key, &total), "item %zu: key", i);
    FUZZ_CHECK(it->ncols <= MYNA_LIMIT_TEMPLATE_GRID_TRACKS &&
                   it->nrows <= MYNA_LIMIT_TEMPLATE_GRID_TRACKS &&
                   it->nopts <= MYNA_LIMIT_TEMPLATE_OPTIONS,
               "item %zu: too many tracks or options", i);
    switch (it->type) {
      case MF_IT_TEXT:
        FUZZ_CHECK(it->text && it->w > 0, "item %zu: text", i);
        break;
      case MF_IT_RULE:
        break;
      case MF_IT_BOX:
        FUZZ_CHECK(it->w > 0 && it->h > 0, "item %zu: box", i);
        break;
      case MF_IT_GRID: {
        FUZZ_CHECK(++grids <= MYNA_LIMIT_TEMPLATE_GRIDS, "more than %u grids",
                   MYNA_LIMIT_TEMPLATE_GRIDS);
        FUZZ_CHECK(it->ncols >= 1 && it->nrows >= 1 && it->cols && it->rows,
                   "item %zu: grid without tracks", i);
        double w = 0, h = 0;
        for (size_t c = 0; c < it->ncols; c++) {
          FUZZ_CHECK(it->cols[c] > 0 && it->cols[c] <= 300, "item %zu: column", i);
          w += it->cols[c];
        }
        for (size_t r = 0; r < it->nrows; r++) {
          FUZZ_CHECK(it->rows[r] > 0 && it->rows[r] <= 300, "item %zu: row", i);
          h += it->rows[r];
        }
        FUZZ_CHECK(w == it->w && h == it->h, "item %zu: grid size", i);
        break;
      }
      case MF_IT_FIELD:
        FUZZ_CHECK(it->key && mf_record_is_text_key(it->key), "item %zu: field key", i);
        FUZZ_CHECK(it->min_size >= 4 && it->w > 2 * it->pad && it->h > 0,
                   "item %zu: field box", i);
        break;
      case MF_IT_CHECKS:
        FUZZ_CHECK(it->nopts >= 1 && it->opts, "item %zu: checks without options", i);
        for (size_t o = 0; o < it->nopts; o++) {
          const mf_check_opt *op = &it->opts[o];
          FUZZ_CHECK(op->key && mf_record_is_check_key(op->key) && op->label &&
                         mf_utf8_validate(op->label, strlen(op->label), NULL) == MF_UTF8_OK,
                     "item %zu: option %zu", i, o);
          total += strlen(op->key) + strlen(op->label);
        }
        break;
      case MF_IT_QR:
        FUZZ_CHECK(in(it->w, 10, 100) && it->w == it->h, "item %zu: QR side", i);
        break;
    }
  }
  FUZZ_CHECK(total <= source_len, "%zu bytes of text from a source of %zu", total,
             source_len);
}

static void lay_out(const mf_template *t, const mf_record *rec, bool pdf) {
  mf_page pg;
  mf_page_init(&pg);
  mf_compose_opts co = {"https://myna.go.jp/"};
  mf_ctx_reset(ctx);
  myna_status st = mf_compose(ctx, ctx->fonts, t, rec, &co, MF_COMPOSE_ALL, &pg);
  fuzz_check_messages(ctx, st, true);
  FUZZ_CHECK(st != MYNA_ERR_INTERNAL && st != MYNA_ERR_USAGE, "status %d: %s", (int)st,
             myna_ctx_errmsg(ctx));
  if (st == MYNA_OK) {
    mf_buf dump;
    mf_buf_init(&dump);
    mf_dump_page(&dump, ctx->fonts, &pg);
    mf_buf_free(&dump);
  }
  if (st == MYNA_OK && pdf) {
    mf_page sp, dp;
    mf_page_init(&sp);
    mf_page_init(&dp);
    mf_pdf_doc *d = NULL;
    mf_buf out;
    mf_buf_init(&out);
    st = mf_pdf_doc_new(ctx, ctx->fonts, NULL, &d);
    if (st == MYNA_OK) st = mf_compose(ctx, ctx->fonts, t, NULL, &co, MF_COMPOSE_STATIC, &sp);
    if (st == MYNA_OK) st = mf_compose(ctx, ctx->fonts, t, rec, &co, MF_COMPOSE_DATA, &dp);
    if (st == MYNA_OK) st = mf_pdf_doc_add_layered(d, t, &sp, &dp);
    if (st == MYNA_OK) st = mf_pdf_doc_save(d, &out);
    fuzz_check_messages(ctx, st, true);
    FUZZ_CHECK(st != MYNA_ERR_INTERNAL && st != MYNA_ERR_USAGE, "status %d: %s", (int)st,
               myna_ctx_errmsg(ctx));
    if (st == MYNA_OK) FUZZ_CHECK(fuzz_is_pdf(out.data, out.len), "not a whole PDF");
    mf_buf_free(&out);
    mf_pdf_doc_free(d);
    mf_page_free(&sp);
    mf_page_free(&dp);
  }
  mf_page_free(&pg);
  mf_ctx_reset(ctx);
}

static bool run_model(const uint8_t *data, size_t size, const uint64_t digest[2],
                      size_t source_len, uint32_t h) {
  mf_template *t = mf_template_cache_decode(data, size, "fuzz", digest, source_len);
  if (!t) return false;
  check_model(t, source_len);
  FUZZ_CHECK(t->digest[0] == digest[0] && t->digest[1] == digest[1] &&
                 t->source_len == source_len,
             "another source");
  lay_out(t, filled, (h & 7) == 0);
  lay_out(t, blank, false);
  mf_template_free(t);
  return true;
}

/* The source a template model's stored key names ("source <32 hex> <len>"),
 * else the declaration's. */
static void key_source(const unsigned char *key, size_t klen, uint64_t digest[2],
                       size_t *source_len) {
  digest[0] = decl->digest[0];
  digest[1] = decl->digest[1];
  *source_len = decl->source_len;
  char buf[512];
  if (!key || klen >= sizeof buf) return;
  memcpy(buf, key, klen);
  buf[klen] = '\0';
  const char *s = strstr(buf, "\nsource ");
  unsigned long long a, b;
  size_t n;
  if (s && sscanf(s, "\nsource %16llx%16llx %zu", &a, &b, &n) == 3) {
    digest[0] = a;
    digest[1] = b;
    *source_len = n;
  }
}

/* --------------------------------------------------------------- index */

/* Where the directory's template name is (as set_load_all names it). */
static bool at_its_path(const mf_template *t) {
  size_t n = strlen(t->name);
  char *file = malloc(n + 6);
  if (!file) abort();
  memcpy(file, t->name, n);
  memcpy(file + n, ".json", 6);
  char *want = mf_path_join(ctx->template_dir, file);
  if (!want) abort();
  bool ok = strcmp(want, t->path) == 0;
  free(want);
  free(file);
  return ok;
}

static bool run_index(const uint8_t *data, size_t size, const mf_buf *key, bool ours) {
  mf_template_set s = {mf_calloc(MYNA_LIMIT_TEMPLATES, sizeof *s.t), 0};
  if (!s.t) abort();
  bool ok = mf_template_index_decode(data, size, key, &s);
  if (!ok) FUZZ_CHECK(s.n == 0, "a refused index left %zu templates", s.n);
  FUZZ_CHECK(s.n <= MYNA_LIMIT_TEMPLATES, "%zu templates", s.n);
  for (size_t i = 0; i < s.n; i++) {
    const mf_template *t = s.t[i];
    FUZZ_CHECK(t, "template %zu is NULL", i);
    FUZZ_CHECK(t->name && t->path && t->title && t->edition && t->date && t->variant,
               "template %zu: a header string is NULL", i);
    FUZZ_CHECK(t->document >= MYNA_DOC_DECLARATION && t->document <= MYNA_DOC_NOTICE,
               "template %zu: document %d", i, (int)t->document);
    FUZZ_CHECK(!t->parsed && !t->items && !t->nitems, "template %zu has items", i);
    FUZZ_CHECK(mf_template_find(&s, t->name), "template %zu not found by name", i);
    mf_template_default(&s, t->document, t->variant);
    if (!ours) continue;
    /* under the key of the real directory: exactly its templates, each at
     * its own path (the index lists the files the key lists) */
    FUZZ_CHECK(s.n == ctx->templates->n, "%zu templates for a directory of %zu", s.n,
               ctx->templates->n);
    FUZZ_CHECK(mf_template_find(&s, t->name) == t, "template %zu: name %s twice", i, t->name);
    FUZZ_CHECK(mf_template_find(ctx->templates, t->name), "template %zu: no file %s.json", i,
               t->name);
    FUZZ_CHECK(at_its_path(t), "template %zu: %s at %s", i, t->name, t->path);
  }
  for (size_t i = 0; i < s.n; i++) mf_template_free(s.t[i]);
  free(s.t);
  return ok;
}

/* --------------------------------------------------------------- runs */

static bool same_key(int k, const uint8_t *data, size_t size) {
  const unsigned char *sk;
  size_t skl;
  return stored_key(data, size, &sk, &skl) && skl == kinds[k].key.len &&
         memcmp(sk, kinds[k].key.data, skl) == 0;
}

/* Decodes data as kind k with the expected key (self: with the key stored
 * in it); true if it was accepted. */
static bool run(int k, const uint8_t *data, size_t size, bool self, uint32_t h) {
  const unsigned char *sk = NULL;
  size_t skl = 0;
  mf_buf key;
  mf_buf_init(&key);
  if (self && stored_key(data, size, &sk, &skl)) mf_buf_append(&key, sk, skl);
  else mf_buf_append(&key, kinds[k].key.data, kinds[k].key.len);
  if (!mf_buf_ok(&key)) abort();
  bool ok = false;
  switch (k) {
    case K_STATIC:
      ok = run_static(data, size, &key, h);
      break;
    case K_MODEL: {
      uint64_t digest[2];
      size_t slen;
      key_source((const unsigned char *)key.data, key.len, digest, &slen);
      ok = run_model(data, size, digest, slen, h);
      break;
    }
    case K_INDEX:
      ok = run_index(data, size, &key, !self || same_key(k, data, size));
      break;
  }
  mf_buf_free(&key);
  if (getenv("FUZZ_CACHE_TRACE")) /* replaying by hand: what each decoder said */
    fprintf(stderr, "fuzz_cache: %s%s, %zu bytes, %s: %s\n", kinds[k].prefix,
            self ? " (own key)" : "", size, self ? "stored key" : "expected key",
            ok ? "accepted" : "refused");
  return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint32_t h = fuzz_hash(data, size);
  int k = kind_of(data, size);
  const uint8_t *payload = NULL;
  size_t n = 0;
  if (k >= 0) {
    /* a cache file as it stands: with its own key, then with ours */
    run(k, data, size, true, h);
    if (!same_key(k, data, size))
      FUZZ_CHECK(!run(k, data, size, false, h), "a file for another key was accepted");
    if (!loose_payload(data, size, &payload, &n)) return 0;
  } else {
    for (int j = 0; j < K_COUNT; j++)
      FUZZ_CHECK(!run(j, data, size, false, h), "accepted without the magic (kind %d)", j);
    if (size < 1) return 0;
    k = data[0] % K_COUNT;
    payload = data + 1;
    n = size - 1;
  }
  /* the payload under a correct header */
  size_t len;
  uint8_t *file = pack(k, payload, n, &len);
  run(k, file, len, false, h >> 4);
  free(file);
  return 0;
}

/* ------------------------------------------------------------- set-up */

static unsigned char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  mf_buf b;
  mf_buf_init(&b);
  char tmp[65536];
  size_t got;
  while ((got = fread(tmp, 1, sizeof tmp, f)) > 0) mf_buf_append(&b, tmp, got);
  fclose(f);
  *len = b.len;
  return (unsigned char *)mf_buf_take(&b);
}

static bool has_prefix(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

/* Takes the magic and key of kind k from file data, if it is the file
 * the library wrote for decl (or the index of its directory). */
static void learn(int k, const unsigned char *data, size_t len) {
  const unsigned char *sk;
  size_t skl;
  if (kinds[k].found || !stored_key(data, len, &sk, &skl)) return;
  mf_buf key;
  mf_buf_init(&key);
  mf_buf_append(&key, sk, skl);
  bool ours = false;
  switch (k) {
    case K_STATIC: { /* the key the library builds for decl (render.c) */
      mf_buf want;
      mf_buf_init(&want);
      ours = mf_static_store_key(decl->digest, decl->source_len, ctx->fonts, &want) &&
             want.len == key.len && memcmp(want.data, key.data, key.len) == 0;
      mf_buf_free(&want);
      break;
    }
    case K_MODEL: { /* the file decl's source is found under */
      mf_template *t =
          mf_template_cache_decode(data, len, "fuzz", decl->digest, decl->source_len);
      ours = t != NULL;
      mf_template_free(t);
      break;
    }
    case K_INDEX: {
      mf_buf want;
      mf_buf_init(&want);
      ours = mf_template_index_key(ctx->template_dir, &want) && want.len == key.len &&
             memcmp(want.data, key.data, key.len) == 0;
      mf_buf_free(&want);
      break;
    }
  }
  if (ours) {
    memcpy(kinds[k].magic, data, 16);
    kinds[k].key = key;
    kinds[k].found = true;
    if (!(kinds[k].sample = malloc(len))) abort();
    memcpy(kinds[k].sample, data, len);
    kinds[k].sample_len = len;
  } else {
    mf_buf_free(&key);
  }
}

/* Renders a packet with a disk cache in a temporary directory, learns the
 * magics and keys from the files written there and removes them. */
static void learn_from_cache(void) {
  const char *tmp = getenv("TMPDIR");
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/fuzz_cache.XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) INIT_FAIL("cannot make a temporary directory");
  char cache[4200];
  snprintf(cache, sizeof cache, "%s/cache", dir);

  myna_config cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.struct_size = sizeof cfg;
  cfg.data_dir = fuzz_data_dir();
  cfg.cache_dir = cache;
  myna_ctx *w = NULL;
  if (myna_ctx_open(&cfg, &w) != MYNA_OK)
    INIT_FAIL("cannot open a context with a disk cache: %s", myna_ctx_errmsg(w));
  myna_render_opts ro;
  memset(&ro, 0, sizeof ro);
  ro.struct_size = sizeof ro;
  unsigned char *pdf = NULL;
  size_t plen = 0;
  if (myna_render_memory(w, MYNA_DOC_PACKET, filled_json, strlen(filled_json), &ro, &pdf,
                         &plen) != MYNA_OK)
    INIT_FAIL("cannot render the packet: %s", myna_ctx_errmsg(w));
  myna_free(pdf);
  myna_ctx_free(w);

  DIR *d = opendir(cache);
  if (!d) INIT_FAIL("the library wrote no cache directory %s", cache);
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char path[4600];
    snprintf(path, sizeof path, "%s/%s", cache, e->d_name);
    size_t len = 0;
    unsigned char *data = read_all(path, &len);
    /* "templates-" before "template-": the longer prefix first */
    int k = has_prefix(e->d_name, kinds[K_INDEX].prefix)    ? K_INDEX
            : has_prefix(e->d_name, kinds[K_MODEL].prefix)  ? K_MODEL
            : has_prefix(e->d_name, kinds[K_STATIC].prefix) ? K_STATIC
                                                            : -1;
    if (data && k >= 0) learn(k, data, len);
    free(data);
    unlink(path);
  }
  closedir(d);
  rmdir(cache);
  rmdir(dir);
  for (int k = 0; k < K_COUNT; k++)
    if (!kinds[k].found)
      INIT_FAIL("the disk cache has no %s file for the declaration", kinds[k].prefix);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  ctx = fuzz_open_ctx(MYNA_CONFIG_NO_DISK_CACHE);
  decl = mf_template_default(ctx->templates, MYNA_DOC_DECLARATION, "");
  if (!decl) INIT_FAIL("no declaration template");
  if (mf_record_parse(ctx, filled_json, strlen(filled_json), 0, &filled) != MYNA_OK)
    INIT_FAIL("the built-in record is refused: %s", myna_ctx_errmsg(ctx));
  if (!(blank = mf_record_new())) abort();
  /* the metrics a context has once it has embedded a font */
  for (int f = 0; f < MF_FACE_COUNT; f++) {
    if (mf_face_load_metrics(ctx, &ctx->fonts->faces[f]) != MYNA_OK)
      INIT_FAIL("no metrics for face %d: %s", f, myna_ctx_errmsg(ctx));
    saved_ps[f] = ctx->fonts->faces[f].ps_name;
    saved_m[f] = ctx->fonts->faces[f].m;
  }
  learn_from_cache();
  mf_compose_opts co = {"https://myna.go.jp/"};
  mf_page_init(&data_filled);
  mf_page_init(&data_blank);
  if (mf_compose(ctx, ctx->fonts, decl, filled, &co, MF_COMPOSE_DATA, &data_filled) != MYNA_OK ||
      mf_compose(ctx, ctx->fonts, decl, blank, &co, MF_COMPOSE_DATA, &data_blank) != MYNA_OK)
    INIT_FAIL("cannot lay out the declaration: %s", myna_ctx_errmsg(ctx));
  if (!(fcache = mf_font_cache_new())) abort();
  /* what the library wrote is accepted and passes the oracles: else the
   * keys above are wrong and every input would be tested against nothing */
  for (int k = 0; k < K_COUNT; k++) {
    if (!run(k, kinds[k].sample, kinds[k].sample_len, false, 0))
      INIT_FAIL("the %s file the library wrote is refused", kinds[k].prefix);
    free(kinds[k].sample);
    kinds[k].sample = NULL;
  }
  mf_ctx_reset(ctx);
  return 0;
}
