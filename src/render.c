/*
 * render.c — the public rendering pipeline:
 *   card data JSON → validated record (input/record.c)
 *   → page display lists per template (layout/compose.c)
 *   → PDF (pdf/pdf_doc.c) or a text dump (layout/dump.c).
 * Every page of a document is laid out before anything is drawn, so a
 * record that fails adds nothing to the PDF.
 */
#include <stdlib.h>
#include <string.h>

#include "core/my_number.h"
#include "input/record.h"
#include "input/template.h"
#include "layout/compose.h"
#include "layout/dump.h"
#include "pdf/pdf_doc.h"
#include "pdf/static_store.h"
#include "render_cache.h"

struct myna_pdf {
  myna_ctx *ctx;
  mf_pdf_doc *doc;
  bool broken; /* a drawing failure left the document unusable */
  myna_pdf *prev, *next; /* the context's live PDFs (myna_ctx_free frees them) */
};

mf_cache *mf_cache_new(void) {
  mf_cache *c = mf_calloc(1, sizeof *c);
  if (!c) return NULL;
  for (int i = 0; i < MF_MAX_DOC_PAGES; i++) mf_page_init(&c->pages[i]);
  for (int i = 0; i < MF_STATIC_PAGES; i++) mf_page_init(&c->statics[i].page);
  if (!(c->fonts = mf_font_cache_new())) {
    free(c);
    return NULL;
  }
  return c;
}

void mf_cache_free(mf_cache *c) {
  if (!c) return;
  for (int i = 0; i < MF_MAX_DOC_PAGES; i++) mf_page_free(&c->pages[i]);
  for (int i = 0; i < MF_STATIC_PAGES; i++) mf_page_free(&c->statics[i].page);
  mf_font_cache_free(c->fonts);
  free(c);
}

static bool ctx_ready(myna_ctx *ctx) {
  return ctx && ctx->fonts && ctx->templates && ctx->cache;
}

/* Copies the caller's options struct, however old or new its layout. */
static myna_status read_opts(myna_ctx *ctx, const myna_render_opts *in,
                             myna_render_opts *o) {
  memset(o, 0, sizeof *o);
  if (!in) return MYNA_OK;
  if (in->struct_size < sizeof(size_t) || in->struct_size > sizeof *o)
    return mf_fail(ctx, MYNA_ERR_USAGE,
                   "myna_render_opts.struct_size must be sizeof(myna_render_opts)");
  memcpy(o, in, in->struct_size);
  return MYNA_OK;
}

/* The QR code's URL (myna_render_opts.qr_url): an absolute http or https
 * URL of printable ASCII, as RFC 3986 writes one (other characters
 * percent-encoded).  It is encoded in the code and printed under it, so a
 * control, bidi or invisible character, a line break or a space is refused
 * here, by name, before the template or the fonts see it.  The URL is
 * never quoted: a clinic system may have put a patient's data in it. */
/* True if s starts with the lower-case ASCII prefix p, in any case. */
static bool starts_with_ci(const char *s, const char *p) {
  for (; *p; s++, p++)
    if ((*s >= 'A' && *s <= 'Z' ? *s + 32 : *s) != *p) return false;
  return true;
}

static myna_status check_qr_url(myna_ctx *ctx, const char *url) {
  size_t n = strlen(url);
  /* printed under the code and encoded in it: the 番号法 screen applies to
   * it as to the card data, before anything else is said about it */
  if (mf_my_number_find(url, n))
    return mf_fail(ctx, MYNA_ERR_MY_NUMBER,
                   "qr_url (--url): contains a 12-digit 個人番号 (My Number); a clinic "
                   "may not collect it (番号法 art. 19–20)");
  if (n > MYNA_LIMIT_QR_URL_BYTES)
    return mf_fail(ctx, MYNA_ERR_LIMIT,
                   "qr_url: longer than MYNA_LIMIT_QR_URL_BYTES (%u bytes; is %zu)",
                   MYNA_LIMIT_QR_URL_BYTES, n);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)url[i];
    if (c > 0x20 && c < 0x7F) continue;
    return mf_fail(ctx, MYNA_ERR_USAGE,
                   "qr_url: byte %zu is %s (a URL is printable ASCII; write other "
                   "characters percent-encoded)",
                   i + 1, c == ' ' ? "a space" : c < 0x80 ? "a control character" : "not ASCII");
  }
  static const char *const schemes[] = {"http://", "https://"};
  for (size_t k = 0; k < MF_ARRAY_LEN(schemes); k++) {
    size_t l = strlen(schemes[k]);
    if (n > l && starts_with_ci(url, schemes[k])) return MYNA_OK;
  }
  return mf_fail(ctx, MYNA_ERR_USAGE, "qr_url: must start with http:// or https:// and a host");
}

/* The templates of a document, in the order they are handed over. */
static myna_status pick_templates(myna_ctx *ctx, myna_document doc,
                                  const myna_render_opts *o, const mf_record *rec,
                                  const mf_template *out[MF_MAX_DOC_PAGES],
                                  size_t *n) {
  *n = 0;
  const mf_template_set *ts = ctx->templates;
  bool pinless = mf_record_check(rec, "pinless") || (o->flags & MYNA_RENDER_PINLESS);
  const char *notice_variant = pinless ? "pinless" : "";
  if (doc == MYNA_DOC_PACKET) {
    if (o->template_name)
      return mf_fail(ctx, MYNA_ERR_USAGE,
                     "a template name cannot be given for the packet");
    out[0] = mf_template_default(ts, MYNA_DOC_EXPLANATION, "");
    out[1] = mf_template_default(ts, MYNA_DOC_DECLARATION, "");
    out[2] = mf_template_default(ts, MYNA_DOC_NOTICE, notice_variant);
    static const char *const names[] = {"explanation", "declaration", "notice"};
    for (int i = 0; i < 3; i++)
      if (!out[i])
        return mf_fail(ctx, MYNA_ERR_RESOURCE, "no %s template in %s", names[i],
                       ctx->template_dir);
    *n = 3;
    return MYNA_OK;
  }
  if (doc < MYNA_DOC_DECLARATION || doc > MYNA_DOC_NOTICE)
    return mf_fail(ctx, MYNA_ERR_USAGE, "unknown document %d", (int)doc);
  const mf_template *t;
  if (o->template_name) {
    t = mf_template_find(ts, o->template_name);
    if (!t)
      return mf_fail(ctx, MYNA_ERR_RESOURCE, "no template named \"%s\" in %s",
                     o->template_name, ctx->template_dir);
    if (t->document != doc)
      return mf_fail(ctx, MYNA_ERR_USAGE,
                     "template \"%s\" is not for this document", o->template_name);
  } else {
    t = mf_template_default(ts, doc, doc == MYNA_DOC_NOTICE ? notice_variant : "");
    if (!t)
      return mf_fail(ctx, MYNA_ERR_RESOURCE, "no template for this document in %s",
                     ctx->template_dir);
  }
  out[0] = t;
  *n = 1;
  return MYNA_OK;
}

/* The static layer of t, laid out on first use and kept by the context. */
static myna_status static_page(myna_ctx *ctx, const mf_template *t,
                               const mf_page **out) {
  mf_cache *c = ctx->cache;
  for (int i = 0; i < MF_STATIC_PAGES; i++)
    if (c->statics[i].t == t) {
      *out = &c->statics[i].page;
      return MYNA_OK;
    }
  mf_static_page *sp = NULL;
  for (int i = 0; i < MF_STATIC_PAGES && !sp; i++)
    if (!c->statics[i].t) sp = &c->statics[i];
  if (!sp) {
    sp = &c->statics[c->next_static];
    c->next_static = (c->next_static + 1) % MF_STATIC_PAGES;
  }
  sp->t = NULL;
  mf_page_clear(&sp->page);
  myna_status st = mf_compose(ctx, ctx->fonts, t, NULL, NULL, MF_COMPOSE_STATIC, &sp->page);
  if (st != MYNA_OK) return st;
  sp->t = t;
  *out = &sp->page;
  return MYNA_OK;
}

/* The on-disk key of t's static layer. */
static bool store_key(myna_ctx *ctx, const mf_template *t, mf_buf *key) {
  return mf_static_store_key(t->digest, t->source_len, ctx->fonts, key);
}

/* True if the PDF layer has t's static layer compressed already: in the
 * context's cache, or loaded into it now from the on-disk cache. */
static bool static_blob_ready(myna_ctx *ctx, const mf_template *t) {
  mf_font_cache *fc = ctx->cache->fonts;
  if (mf_static_cache_get(fc, t)) return true;
  if (!ctx->cache_dir) return false;
  mf_buf key;
  mf_buf_init(&key);
  bool ok = false;
  if (store_key(ctx, t, &key)) {
    mf_static_blob *b = mf_static_cache_put(fc, t);
    ok = b && mf_static_store_load(ctx->cache_dir, &key, ctx->fonts, b);
    if (b && !ok) mf_static_cache_drop(fc, b);
  }
  mf_buf_free(&key);
  return ok;
}

/* Saves the static layer of t, just built, to the on-disk cache, with the
 * descriptor metrics of every face so that a new process need not read
 * them with FreeType either. */
static void static_blob_save(myna_ctx *ctx, const mf_template *t) {
  const mf_static_blob *b = mf_static_cache_get(ctx->cache->fonts, t);
  if (!ctx->cache_dir || !b) return;
  mf_buf key;
  mf_buf_init(&key);
  /* a face that cannot be read is simply not saved; the render succeeded,
   * so its warnings stay and no message of this step is left behind */
  char saved[MF_ERRMSG_SIZE];
  memcpy(saved, ctx->errmsg, sizeof saved);
  for (int f = 0; f < MF_FACE_COUNT; f++) (void)mf_face_load_metrics(ctx, &ctx->fonts->faces[f]);
  memcpy(ctx->errmsg, saved, sizeof saved);
  if (store_key(ctx, t, &key)) mf_static_store_save(ctx->cache_dir, &key, ctx->fonts, b);
  mf_buf_free(&key);
}

/* Validates the data and lays out every page of doc: the static layers
 * (from the cache) into statics[], the data layers into the cache pages. */
static myna_status lay_out(myna_ctx *ctx, myna_document doc, const char *data,
                           size_t len, const myna_render_opts *in, bool for_pdf,
                           const mf_template *ts[MF_MAX_DOC_PAGES],
                           const mf_page *statics[MF_MAX_DOC_PAGES], size_t *npages) {
  *npages = 0;
  if (!ctx_ready(ctx))
    return mf_fail(ctx, MYNA_ERR_USAGE, "the context failed to open");
  if (len && !data) return mf_fail(ctx, MYNA_ERR_USAGE, "data is NULL");
  myna_render_opts o;
  myna_status st = read_opts(ctx, in, &o);
  if (st == MYNA_OK && o.qr_url) st = check_qr_url(ctx, o.qr_url);
  if (st != MYNA_OK) return st;
  mf_record *rec = NULL;
  if (o.flags & MYNA_RENDER_BLANK) {
    rec = mf_record_new();
    if (!rec) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  } else {
    unsigned rf = (o.flags & MYNA_RENDER_ALLOW_UNKNOWN) ? MF_RECORD_ALLOW_UNKNOWN : 0;
    st = mf_record_parse(ctx, data, data ? len : 0, rf, &rec);
    if (st != MYNA_OK) return st;
  }
  if (o.clinic_json && o.clinic_json_len) {
    st = mf_record_set_clinic(ctx, rec, o.clinic_json, o.clinic_json_len);
    if (st != MYNA_OK) {
      mf_record_free(rec);
      return st;
    }
  }
  size_t n = 0;
  st = pick_templates(ctx, doc, &o, rec, ts, &n);
  mf_compose_opts co = {o.qr_url ? o.qr_url : "https://myna.go.jp/"};
  for (size_t i = 0; st == MYNA_OK && i < n; i++) {
    statics[i] = NULL;
    st = mf_template_ready(ctx, ts[i]);
    if (st != MYNA_OK) break;
    if (!for_pdf || !static_blob_ready(ctx, ts[i])) st = static_page(ctx, ts[i], &statics[i]);
    if (st != MYNA_OK) break;
    mf_page *pg = &ctx->cache->pages[i];
    mf_page_clear(pg);
    st = mf_compose(ctx, ctx->fonts, ts[i], rec, &co, MF_COMPOSE_DATA, pg);
  }
  mf_record_free(rec);
  if (st == MYNA_OK) *npages = n;
  return st;
}

myna_status myna_pdf_new(myna_ctx *ctx, myna_pdf **out) {
  if (!out) return mf_fail(ctx, MYNA_ERR_USAGE, "out is NULL");
  *out = NULL;
  if (!ctx_ready(ctx)) return mf_fail(ctx, MYNA_ERR_USAGE, "the context failed to open");
  mf_ctx_reset(ctx);
  myna_pdf *p = mf_calloc(1, sizeof *p);
  if (!p) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  p->ctx = ctx;
  myna_status st = mf_pdf_doc_new(ctx, ctx->fonts, ctx->cache->fonts, &p->doc);
  if (st != MYNA_OK) {
    free(p);
    return st;
  }
  p->next = ctx->pdfs;
  if (ctx->pdfs) ctx->pdfs->prev = p;
  ctx->pdfs = p;
  *out = p;
  return MYNA_OK;
}

void myna_pdf_free(myna_pdf *pdf) {
  if (!pdf) return;
  if (pdf->prev) pdf->prev->next = pdf->next;
  else pdf->ctx->pdfs = pdf->next;
  if (pdf->next) pdf->next->prev = pdf->prev;
  mf_pdf_doc_free(pdf->doc);
  free(pdf);
}

void mf_ctx_free_pdfs(myna_ctx *ctx) {
  while (ctx->pdfs) myna_pdf_free(ctx->pdfs);
}

size_t myna_pdf_page_count(const myna_pdf *pdf) {
  return pdf ? mf_pdf_doc_page_count(pdf->doc) : 0;
}

myna_status myna_pdf_add(myna_pdf *pdf, myna_document doc, const char *data,
                         size_t data_len, const myna_render_opts *opts) {
  if (!pdf) return MYNA_ERR_USAGE;
  myna_ctx *ctx = pdf->ctx;
  mf_ctx_reset(ctx);
  if (pdf->broken)
    return mf_fail(ctx, MYNA_ERR_USAGE, "the PDF failed earlier and must be freed");
  /* PDF/A or not is the document's: its first record decides */
  myna_render_opts o;
  myna_status st = read_opts(ctx, opts, &o);
  if (st != MYNA_OK) return st;
  bool pdfa = (o.flags & MYNA_RENDER_PDFA) != 0;
  bool first = mf_pdf_doc_page_count(pdf->doc) == 0;
  if (!first && pdfa != mf_pdf_doc_pdfa(pdf->doc))
    return mf_fail(ctx, MYNA_ERR_USAGE,
                   "myna_render_opts.flags: MYNA_RENDER_PDFA %s for this record but %s for "
                   "the PDF's first (a PDF is PDF/A-1b throughout or not at all)",
                   pdfa ? "set" : "not set", pdfa ? "not" : "set");
  size_t n;
  const mf_template *ts[MF_MAX_DOC_PAGES];
  const mf_page *statics[MF_MAX_DOC_PAGES];
  st = lay_out(ctx, doc, data, data_len, opts, true, ts, statics, &n);
  if (st == MYNA_OK && first) {
    /* the title: the template's (the declaration's for the packet) */
    mf_pdf_doc_set_pdfa(pdf->doc, pdfa);
    st = mf_pdf_doc_set_title(pdf->doc, ts[doc == MYNA_DOC_PACKET && n > 1 ? 1 : 0]->title);
    if (st != MYNA_OK) pdf->broken = true;
  }
  for (size_t i = 0; st == MYNA_OK && i < n; i++) {
    st = mf_pdf_doc_add_layered(pdf->doc, ts[i], statics[i], &ctx->cache->pages[i]);
    if (st != MYNA_OK) pdf->broken = true;
    else if (statics[i]) static_blob_save(ctx, ts[i]); /* built just now */
  }
  return st;
}

static myna_status save(myna_pdf *pdf, mf_buf *out) {
  myna_ctx *ctx = pdf->ctx;
  if (pdf->broken)
    return mf_fail(ctx, MYNA_ERR_USAGE, "the PDF failed earlier and must be freed");
  if (mf_pdf_doc_page_count(pdf->doc) == 0)
    return mf_fail(ctx, MYNA_ERR_USAGE, "the PDF has no pages");
  myna_status st = mf_pdf_doc_save(pdf->doc, out);
  if (st != MYNA_OK) pdf->broken = true;
  return st;
}

myna_status myna_pdf_save_memory(myna_pdf *pdf, unsigned char **buf, size_t *len) {
  if (!pdf || !buf || !len) return MYNA_ERR_USAGE;
  *buf = NULL;
  *len = 0;
  mf_ctx_reset(pdf->ctx);
  mf_buf b;
  mf_buf_init(&b);
  myna_status st = save(pdf, &b);
  if (st != MYNA_OK) {
    mf_buf_free(&b);
    return st;
  }
  *len = b.len;
  *buf = (unsigned char *)mf_buf_take(&b);
  return MYNA_OK;
}

myna_status myna_pdf_save_file(myna_pdf *pdf, const char *path, unsigned mode) {
  if (!pdf) return MYNA_ERR_USAGE;
  mf_ctx_reset(pdf->ctx);
  if (!path || !*path) return mf_fail(pdf->ctx, MYNA_ERR_USAGE, "no output path");
  mf_buf b;
  mf_buf_init(&b);
  myna_status st = save(pdf, &b);
  if (st == MYNA_OK) st = mf_write_atomic(pdf->ctx, path, b.data, b.len, mode);
  mf_buf_free(&b);
  return st;
}

/* One document for one record, kept in memory until complete. */
static myna_status render_one(myna_ctx *ctx, myna_document doc, const char *data,
                              size_t len, const myna_render_opts *opts, mf_buf *out) {
  myna_pdf *pdf;
  myna_status st = myna_pdf_new(ctx, &pdf);
  if (st != MYNA_OK) return st;
  st = myna_pdf_add(pdf, doc, data, len, opts);
  if (st == MYNA_OK) st = save(pdf, out);
  myna_pdf_free(pdf);
  return st;
}

myna_status myna_render_memory(myna_ctx *ctx, myna_document doc, const char *data,
                               size_t data_len, const myna_render_opts *opts,
                               unsigned char **buf, size_t *len) {
  if (!ctx || !buf || !len) return mf_fail(ctx, MYNA_ERR_USAGE, "NULL argument");
  *buf = NULL;
  *len = 0;
  mf_buf b;
  mf_buf_init(&b);
  myna_status st = render_one(ctx, doc, data, data_len, opts, &b);
  if (st != MYNA_OK) {
    mf_buf_free(&b);
    return st;
  }
  *len = b.len;
  *buf = (unsigned char *)mf_buf_take(&b);
  return MYNA_OK;
}

myna_status myna_render_file(myna_ctx *ctx, myna_document doc, const char *data,
                             size_t data_len, const myna_render_opts *opts,
                             const char *path, unsigned mode) {
  if (!ctx) return MYNA_ERR_USAGE;
  if (!path || !*path) return mf_fail(ctx, MYNA_ERR_USAGE, "no output path");
  mf_buf b;
  mf_buf_init(&b);
  myna_status st = render_one(ctx, doc, data, data_len, opts, &b);
  if (st == MYNA_OK) st = mf_write_atomic(ctx, path, b.data, b.len, mode);
  mf_buf_free(&b);
  return st;
}

myna_status myna_render_dump(myna_ctx *ctx, myna_document doc, const char *data,
                             size_t data_len, const myna_render_opts *opts,
                             char **dump) {
  if (!ctx || !dump) return mf_fail(ctx, MYNA_ERR_USAGE, "NULL argument");
  *dump = NULL;
  mf_ctx_reset(ctx);
  size_t n;
  const mf_template *ts[MF_MAX_DOC_PAGES];
  const mf_page *statics[MF_MAX_DOC_PAGES];
  myna_status st = lay_out(ctx, doc, data, data_len, opts, false, ts, statics, &n);
  if (st != MYNA_OK) return st;
  mf_buf b;
  mf_buf_init(&b);
  for (size_t i = 0; i < n; i++) {
    mf_buf_printf(&b, "page %zu A4 template %s\n", i + 1, ts[i]->name);
    mf_buf_puts(&b, "static layer\n");
    mf_dump_page(&b, ctx->fonts, statics[i]);
    mf_buf_puts(&b, "data layer\n");
    mf_dump_page(&b, ctx->fonts, &ctx->cache->pages[i]);
  }
  *dump = mf_buf_take(&b);
  return *dump ? MYNA_OK : mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
}
