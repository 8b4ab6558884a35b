/*
 * fuzz_template.c — fuzz target for the template parser (input/template.c):
 * arbitrary bytes as template JSON; a template that parses is then laid
 * out (layout/compose.c) for a filled and a blank record and dumped, and
 * for one input in eight also drawn into a PDF (pdf/) as one display list
 * and as static + data layers (as the render pipeline draws it), since a
 * template the parser accepts must never crash the stages after it.
 *
 * Oracles besides the sanitizers: a failure has a message, messages are
 * UTF-8; a PDF starts with %PDF- and ends with %%EOF.
 */
#include "fuzz_util.h"
#include "input/record.h"
#include "input/template.h"
#include "layout/compose.h"
#include "layout/dump.h"
#include "layout/page.h"
#include "pdf/pdf_doc.h"

static myna_ctx *ctx;
static mf_record *filled, *blank;

/* A record that ticks and fills every key a template can bind. */
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

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  ctx = fuzz_open_ctx(MYNA_CONFIG_NO_DISK_CACHE);
  if (mf_record_parse(ctx, filled_json, strlen(filled_json), 0, &filled) != MYNA_OK) {
    fprintf(stderr, "fuzz_template: the built-in record is refused: %s\n",
            myna_ctx_errmsg(ctx));
    abort();
  }
  blank = mf_record_new();
  if (!blank) abort();
  return 0;
}

static void lay_out(const mf_template *t, const mf_record *rec, bool pdf) {
  mf_page pg;
  mf_page_init(&pg);
  mf_compose_opts co = {"https://myna.go.jp/"};
  mf_ctx_reset(ctx);
  myna_status st = mf_compose(ctx, ctx->fonts, t, rec, &co, MF_COMPOSE_ALL, &pg);
  fuzz_check_messages(ctx, st, true);
  if (st == MYNA_OK) {
    mf_buf dump;
    mf_buf_init(&dump);
    mf_dump_page(&dump, ctx->fonts, &pg);
    mf_buf_free(&dump);
  }
  if (st == MYNA_OK && pdf) {
    /* the page as one display list, then as the render pipeline draws it:
     * the static layer (built here without a cache) under the data layer */
    mf_page sp, dp;
    mf_page_init(&sp);
    mf_page_init(&dp);
    mf_pdf_doc *d = NULL;
    mf_buf out;
    mf_buf_init(&out);
    st = mf_pdf_doc_new(ctx, ctx->fonts, NULL, &d);
    if (st == MYNA_OK) st = mf_pdf_doc_add_page(d, &pg);
    if (st == MYNA_OK) st = mf_compose(ctx, ctx->fonts, t, NULL, &co, MF_COMPOSE_STATIC, &sp);
    if (st == MYNA_OK) st = mf_compose(ctx, ctx->fonts, t, rec, &co, MF_COMPOSE_DATA, &dp);
    if (st == MYNA_OK) st = mf_pdf_doc_add_layered(d, t, &sp, &dp);
    if (st == MYNA_OK) st = mf_pdf_doc_add_layered(d, t, &sp, &dp); /* reused */
    if (st == MYNA_OK) st = mf_pdf_doc_save(d, &out);
    fuzz_check_messages(ctx, st, true);
    if (st == MYNA_OK) {
      FUZZ_CHECK(mf_pdf_doc_page_count(d) == 3, "%zu pages", mf_pdf_doc_page_count(d));
      FUZZ_CHECK(fuzz_is_pdf(out.data, out.len), "not a whole PDF");
    }
    mf_buf_free(&out);
    mf_pdf_doc_free(d);
    mf_page_free(&sp);
    mf_page_free(&dp);
  }
  mf_page_free(&pg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mf_template *t = NULL;
  mf_ctx_reset(ctx);
  myna_status st = mf_template_parse(ctx, "fuzz", (const char *)data, size, &t);
  fuzz_check_messages(ctx, st, true);
  FUZZ_CHECK((st == MYNA_OK) == (t != NULL), "status %d, template %p", (int)st,
             (void *)t);
  if (t) {
    bool pdf = (fuzz_hash(data, size) & 7) == 0;
    lay_out(t, filled, pdf);
    lay_out(t, blank, false);
    mf_template_free(t);
  }
  mf_ctx_reset(ctx);
  return 0;
}
