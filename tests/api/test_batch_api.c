/*
 * test_batch_api.c — the batch engine (myna_batch_*) through the public
 * header only, used in memory as a service would: JSON Lines or CSV bytes
 * in, one merged PDF out, the per-record errors listed; all-or-nothing or
 * the good records; record and byte limits; a 個人番号 refused without its
 * value in the message; 1 and 2 threads giving byte-identical PDFs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mynaform.h"

/* Good records of the card-data contract, one a line. */
static const char *const good[] = {
    "{\"name\":\"\xe5\xb1\xb1\xe7\x94\xb0\xe3\x80\x80\xe5\xa4\xaa\xe9\x83\x8e\","
    "\"birth_date\":\"19890108\",\"sex\":1,\"insurance\":{\"type\":\"kokuho\",\"copay\":3}}",
    "{\"name\":\"\xf0\xa0\xae\xb7\xe7\x94\xb0\xe3\x80\x80\xe8\x8a\xb1\xe5\xad\x90\","
    "\"birth_date\":\"1975-04-01\",\"sex\":2}",
    "{\"name\":\"\xe9\xab\x99\xe5\xb4\x8e\xe3\x80\x80\xe4\xb8\x80\",\"phone\":\"03-1234-5678\"}",
    "{\"address\":\"\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd\xe5\x8d\x83\xe4\xbb\xa3\xe7\x94\xb0"
    "\xe5\x8c\xba\",\"filing_date\":\"2024-12-02\"}",
    "{}",
};
#define NGOOD (sizeof good / sizeof good[0])

/* A 個人番号 with a valid check digit. */
#define MY_NUMBER "123456789018"

static myna_ctx *open_ok(void) {
  myna_ctx *ctx = NULL;
  myna_status st = myna_ctx_open(NULL, &ctx);
  if (st != MYNA_OK) fprintf(stderr, "open: %s\n", myna_ctx_errmsg(ctx));
  assert_int_equal(st, MYNA_OK);
  return ctx;
}

/* lines joined with LF (and a last LF) */
static char *join(const char *const *lines, size_t n) {
  size_t len = 1;
  for (size_t i = 0; i < n; i++) len += strlen(lines[i]) + 1;
  char *s = malloc(len), *p = s;
  assert_non_null(s);
  for (size_t i = 0; i < n; i++) {
    size_t k = strlen(lines[i]);
    memcpy(p, lines[i], k);
    p += k;
    *p++ = '\n';
  }
  *p = '\0';
  return s;
}

static myna_batch_opts opts_for(unsigned flags) {
  myna_batch_opts o;
  memset(&o, 0, sizeof o);
  o.struct_size = sizeof o;
  o.doc = MYNA_DOC_DECLARATION;
  o.flags = flags;
  o.max_failures = 100;
  return o;
}

/* Feeds input in pieces of `piece` bytes and finishes; returns finish's
 * status (or the first feed's failure). */
static myna_status run(myna_batch *b, const char *in, size_t piece) {
  size_t len = strlen(in);
  myna_status st = MYNA_OK;
  for (size_t at = 0; at < len && st == MYNA_OK; at += piece)
    st = myna_batch_feed(b, in + at, len - at < piece ? len - at : piece);
  myna_status fin = myna_batch_finish(b);
  return st != MYNA_OK ? st : fin;
}

/* The PDF that myna_pdf_add makes of the given records, one after another. */
static void reference(const char *const *recs, size_t n, unsigned char **buf, size_t *len) {
  myna_ctx *ctx = open_ok();
  myna_pdf *pdf = NULL;
  assert_int_equal(myna_pdf_new(ctx, &pdf), MYNA_OK);
  for (size_t i = 0; i < n; i++)
    assert_int_equal(myna_pdf_add(pdf, MYNA_DOC_DECLARATION, recs[i], strlen(recs[i]), NULL),
                     MYNA_OK);
  assert_int_equal(myna_pdf_save_memory(pdf, buf, len), MYNA_OK);
  myna_pdf_free(pdf);
  myna_ctx_free(ctx);
}

static void test_merged_in_memory(void **state) {
  (void)state;
  char *in = join(good, NGOOD);
  unsigned char *ref = NULL;
  size_t ref_len = 0;
  reference(good, NGOOD, &ref, &ref_len);
  static const size_t pieces[] = {1, 7, 4096};
  for (size_t k = 0; k < 3; k++) {
    myna_ctx *ctx = open_ok();
    myna_batch_opts o = opts_for(MYNA_BATCH_MERGE | MYNA_BATCH_ALL_OR_NOTHING);
    myna_batch *b = NULL;
    assert_int_equal(myna_batch_new(ctx, &o, &b), MYNA_OK);
    assert_int_equal(run(b, in, pieces[k]), MYNA_OK);
    myna_batch_stats s;
    memset(&s, 0, sizeof s);
    s.struct_size = sizeof s;
    myna_batch_get_stats(b, &s);
    assert_int_equal(s.records, NGOOD);
    assert_int_equal(s.rendered, NGOOD);
    assert_int_equal(s.failed, 0);
    assert_int_equal(s.pages, NGOOD);
    assert_int_equal(myna_pdf_page_count(myna_batch_pdf(b)), NGOOD);
    unsigned char *pdf = NULL;
    size_t len = 0;
    assert_int_equal(myna_batch_merged_pdf(b, &pdf, &len), MYNA_OK);
    /* the same bytes as the records added one by one */
    assert_int_equal(len, ref_len);
    assert_memory_equal(pdf, ref, len);
    myna_free(pdf);
    myna_batch_free(b);
    myna_ctx_free(ctx);
  }
  myna_free(ref);
  free(in);
}

/* Input with a bad date (record 2, line 3: a blank line before it), a JSON
 * syntax error (record 3, line 4) and two good records. */
static const char mixed[] =
    "{\"name\":\"A\"}\n"
    "\n"
    "{\"name\":\"B\",\"birth_date\":\"1989-13-45\"}\n"
    "{\"name\":\"C\",}\n"
    "{\"name\":\"D\"}\n";

static void check_mixed_failures(const myna_batch *b) {
  assert_int_equal(myna_batch_failure_count(b), 2);
  myna_batch_failure f;
  assert_int_equal(myna_batch_get_failure(b, 0, &f), 0);
  assert_int_equal(f.record, 2);
  assert_int_equal(f.line, 3);
  assert_int_equal(f.status, MYNA_ERR_DATA);
  assert_string_equal(f.kind, "data");
  assert_non_null(strstr(f.message, "$.birth_date"));
  assert_null(strstr(f.message, "1989-13-45")); /* not verbose: no value */
  assert_int_equal(myna_batch_get_failure(b, 1, &f), 0);
  assert_int_equal(f.record, 3);
  assert_int_equal(f.line, 4);
  assert_string_equal(f.kind, "data");
  /* one record is one line: the column alone */
  assert_non_null(strstr(f.message, "column "));
  assert_null(strstr(f.message, "line 1"));
  assert_int_equal(myna_batch_get_failure(b, 2, &f), -1);
}

static void test_all_or_nothing(void **state) {
  (void)state;
  myna_ctx *ctx = open_ok();
  myna_batch_opts o = opts_for(MYNA_BATCH_MERGE | MYNA_BATCH_ALL_OR_NOTHING);
  myna_batch *b = NULL;
  assert_int_equal(myna_batch_new(ctx, &o, &b), MYNA_OK);
  /* bad records do not stop the batch: every error is listed */
  assert_int_equal(run(b, mixed, 5), MYNA_OK);
  check_mixed_failures(b);
  unsigned char *pdf = NULL;
  size_t len = 0;
  assert_int_equal(myna_batch_merged_pdf(b, &pdf, &len), MYNA_ERR_DATA);
  assert_null(pdf);
  assert_non_null(strstr(myna_ctx_errmsg(ctx), "record 2, line 3: $.birth_date"));
  myna_batch_free(b);
  myna_ctx_free(ctx);
}

static void test_skip_bad(void **state) {
  (void)state;
  myna_ctx *ctx = open_ok();
  myna_batch_opts o = opts_for(MYNA_BATCH_MERGE);
  myna_batch *b = NULL;
  assert_int_equal(myna_batch_new(ctx, &o, &b), MYNA_OK);
  assert_int_equal(run(b, mixed, 4096), MYNA_OK);
  check_mixed_failures(b);
  myna_batch_stats s;
  memset(&s, 0, sizeof s);
  s.struct_size = sizeof s;
  myna_batch_get_stats(b, &s);
  assert_int_equal(s.records, 4);
  assert_int_equal(s.rendered, 2);
  assert_int_equal(s.failed, 2);
  unsigned char *pdf = NULL, *ref = NULL;
  size_t len = 0, ref_len = 0;
  assert_int_equal(myna_batch_merged_pdf(b, &pdf, &len), MYNA_OK);
  static const char *const ok[] = {"{\"name\":\"A\"}", "{\"name\":\"D\"}"};
  reference(ok, 2, &ref, &ref_len);
  assert_int_equal(len, ref_len);
  assert_memory_equal(pdf, ref, len);
  myna_free(pdf);
  myna_free(ref);
  myna_batch_free(b);
  myna_ctx_free(ctx);
}

static void test_limits(void **state) {
  (void)state;
  char *in = join(good, NGOOD);
  /* records: the first past the limit stops reading; the ones before are done */
  myna_ctx *ctx = open_ok();
  myna_batch_opts o = opts_for(MYNA_BATCH_MERGE);
  o.max_records = 3;
  myna_batch *b = NULL;
  assert_int_equal(myna_batch_new(ctx, &o, &b), MYNA_OK);
  assert_int_equal(run(b, in, 4096), MYNA_ERR_LIMIT);
  assert_non_null(strstr(myna_ctx_errmsg(ctx), "max_records"));
  myna_batch_stats s;
  memset(&s, 0, sizeof s);
  s.struct_size = sizeof s;
  myna_batch_get_stats(b, &s);
  assert_int_equal(s.records, 3);
  assert_int_equal(s.rendered, 3);
  assert_true(s.over_limit);
  unsigned char *pdf = NULL;
  size_t len = 0;
  assert_int_equal(myna_batch_merged_pdf(b, &pdf, &len), MYNA_ERR_USAGE); /* stopped */
  myna_batch_free(b);

  /* bytes: the first two lines and part of the third */
  o = opts_for(MYNA_BATCH_MERGE);
  o.max_bytes = strlen(good[0]) + 1 + strlen(good[1]) + 1 + 10;
  assert_int_equal(myna_batch_new(ctx, &o, &b), MYNA_OK);
  assert_int_equal(run(b, in, 3), MYNA_ERR_LIMIT);
  assert_non_null(strstr(myna_ctx_errmsg(ctx), "max_bytes"));
  memset(&s, 0, sizeof s);
  s.struct_size = sizeof s;
  myna_batch_get_stats(b, &s);
  assert_int_equal(s.records, 2);
  assert_true(s.over_limit);
  myna_batch_free(b);

  /* at the limit exactly: no error */
  o = opts_for(MYNA_BATCH_MERGE);
  o.max_records = NGOOD;
  o.max_bytes = strlen(in);
  assert_int_equal(myna_batch_new(ctx, &o, &b), MYNA_OK);
  assert_int_equal(run(b, in, 4096), MYNA_OK);
  myna_batch_free(b);

  /* pages of the merged PDF */
  o = opts_for(MYNA_BATCH_MERGE);
  o.doc = MYNA_DOC_PACKET;
  o.max_pages = 7; /* two packets fit, the third does not */
  assert_int_equal(myna_batch_new(ctx, &o, &b), MYNA_OK);
  assert_int_equal(run(b, in, 4096), MYNA_ERR_LIMIT);
  assert_non_null(strstr(myna_ctx_errmsg(ctx), "max_pages"));
  myna_batch_free(b);
  myna_ctx_free(ctx);
  free(in);
}

static void test_my_number(void **state) {
  (void)state;
  const char *const recs[] = {good[0], "{\"name\":\"X\",\"phone\":\"" MY_NUMBER "\"}", good[1]};
  char *in = join(recs, 3);
  myna_ctx *ctx = open_ok();
  myna_batch_opts o = opts_for(MYNA_BATCH_MERGE | MYNA_BATCH_ALL_OR_NOTHING);
  myna_batch *b = NULL;
  assert_int_equal(myna_batch_new(ctx, &o, &b), MYNA_OK);
  assert_int_equal(run(b, in, 4096), MYNA_OK);
  assert_int_equal(myna_batch_failure_count(b), 1);
  myna_batch_failure f;
  assert_int_equal(myna_batch_get_failure(b, 0, &f), 0);
  assert_int_equal(f.record, 2);
  assert_int_equal(f.status, MYNA_ERR_MY_NUMBER);
  assert_string_equal(f.kind, "my_number");
  assert_non_null(strstr(f.message, "$.phone"));
  assert_null(strstr(f.message, MY_NUMBER));
  assert_null(strstr(f.message, "9018"));
  unsigned char *pdf = NULL;
  size_t len = 0;
  assert_int_equal(myna_batch_merged_pdf(b, &pdf, &len), MYNA_ERR_MY_NUMBER);
  assert_null(strstr(myna_ctx_errmsg(ctx), MY_NUMBER));
  myna_batch_free(b);
  myna_ctx_free(ctx);
  free(in);
}

/* Per-record PDFs collected by on_record, in input order. */
typedef struct collected {
  unsigned char *all; /* the PDFs one after another */
  size_t len;
  size_t next; /* the record number expected next */
} collected;

static int collect(void *user, const myna_batch_result *r) {
  collected *c = user;
  assert_int_equal(r->record, c->next);
  c->next++;
  assert_int_equal(r->outcome, MYNA_BATCH_RENDERED);
  assert_non_null(r->pdf);
  unsigned char *p = realloc(c->all, c->len + r->pdf_len);
  assert_non_null(p);
  memcpy(p + c->len, r->pdf, r->pdf_len);
  c->all = p;
  c->len += r->pdf_len;
  return 0;
}

static void run_threads(unsigned threads, unsigned flags, const char *in, collected *c,
                        unsigned char **merged, size_t *merged_len) {
  myna_ctx *ctx = open_ok();
  myna_batch_opts o = opts_for(flags);
  o.threads = threads;
  o.on_record = flags & MYNA_BATCH_MERGE ? NULL : collect;
  o.user = c;
  myna_batch *b = NULL;
  assert_int_equal(myna_batch_new(ctx, &o, &b), MYNA_OK);
  assert_int_equal(run(b, in, 1000), MYNA_OK);
  if (merged) assert_int_equal(myna_batch_merged_pdf(b, merged, merged_len), MYNA_OK);
  myna_batch_free(b);
  myna_ctx_free(ctx);
}

static void test_threads_identical(void **state) {
  (void)state;
  /* 40 records, so that the ring (4 a thread) wraps several times */
  const char *recs[40];
  for (size_t i = 0; i < 40; i++) recs[i] = good[i % NGOOD];
  char *in = join(recs, 40);
  collected one = {NULL, 0, 1}, two = {NULL, 0, 1};
  run_threads(1, 0, in, &one, NULL, NULL);
  run_threads(2, 0, in, &two, NULL, NULL);
  assert_int_equal(one.next, 41);
  assert_int_equal(two.next, 41);
  assert_int_equal(one.len, two.len);
  assert_memory_equal(one.all, two.all, one.len);
  free(one.all);
  free(two.all);
  unsigned char *m1 = NULL, *m2 = NULL;
  size_t l1 = 0, l2 = 0;
  run_threads(1, MYNA_BATCH_MERGE, in, NULL, &m1, &l1);
  run_threads(2, MYNA_BATCH_MERGE, in, NULL, &m2, &l2);
  assert_int_equal(l1, l2);
  assert_memory_equal(m1, m2, l1);
  myna_free(m1);
  myna_free(m2);
  free(in);
}

static void test_csv(void **state) {
  (void)state;
  static const char csv[] =
      "name,birth_date,insurance.type\r\n"
      "\"\xe5\xb1\xb1\xe7\x94\xb0, \xe5\xa4\xaa\xe9\x83\x8e\",19890108,kokuho\r\n"
      "B,1975-04-01\r\n" /* a cell short: a bad record ("csv") */
      "C,,\r\n";
  myna_ctx *ctx = open_ok();
  myna_batch_opts o = opts_for(MYNA_BATCH_MERGE);
  o.format = MYNA_BATCH_CSV;
  myna_batch *b = NULL;
  assert_int_equal(myna_batch_new(ctx, &o, &b), MYNA_OK);
  assert_int_equal(run(b, csv, 2), MYNA_OK);
  assert_int_equal(myna_batch_failure_count(b), 1);
  myna_batch_failure f;
  assert_int_equal(myna_batch_get_failure(b, 0, &f), 0);
  assert_int_equal(f.record, 2);
  assert_int_equal(f.line, 3);
  assert_string_equal(f.kind, "csv");
  assert_int_equal(myna_pdf_page_count(myna_batch_pdf(b)), 2);
  myna_batch_free(b);

  /* a header that is not one stops the batch before any record */
  assert_int_equal(myna_batch_new(ctx, &o, &b), MYNA_OK);
  assert_int_equal(run(b, "Yamada,19890108\n", 4096), MYNA_ERR_DATA);
  assert_null(strstr(myna_ctx_errmsg(ctx), "Yamada"));
  myna_batch_free(b);
  myna_ctx_free(ctx);
}

/* prepare: a record skipped, one failed by the caller after validation,
 * tags handed back; a stop by on_record drops the rest. */
typedef struct prep_state {
  size_t seen, stop_after;
  myna_batch_outcome outcomes[16];
  size_t tags[16];
} prep_state;

static int prep(void *user, myna_batch_item *it) {
  (void)user;
  it->tag = (void *)(size_t)(it->record * 10);
  if (it->record == 2) it->skip = 1;
  if (it->record == 3) {
    it->fail_status = MYNA_ERR_DATA;
    it->fail_kind = "name";
    it->fail_message = "no file name";
  }
  return 0;
}

static int record_cb(void *user, const myna_batch_result *r) {
  prep_state *p = user;
  assert_true(r->record <= 16);
  p->outcomes[r->record - 1] = r->outcome;
  p->tags[r->record - 1] = (size_t)r->tag;
  p->seen++;
  return p->stop_after && p->seen >= p->stop_after;
}

static void test_prepare_and_stop(void **state) {
  (void)state;
  char *in = join(good, NGOOD);
  myna_ctx *ctx = open_ok();
  myna_batch_opts o = opts_for(0);
  o.threads = 2;
  o.prepare = prep;
  o.on_record = record_cb;
  prep_state p;
  memset(&p, 0, sizeof p);
  o.user = &p;
  myna_batch *b = NULL;
  assert_int_equal(myna_batch_new(ctx, &o, &b), MYNA_OK);
  assert_int_equal(run(b, in, 4096), MYNA_OK);
  assert_int_equal(p.seen, NGOOD);
  assert_int_equal(p.outcomes[0], MYNA_BATCH_RENDERED);
  assert_int_equal(p.outcomes[1], MYNA_BATCH_SKIPPED);
  assert_int_equal(p.outcomes[2], MYNA_BATCH_FAILED);
  for (size_t i = 0; i < NGOOD; i++) assert_int_equal(p.tags[i], (i + 1) * 10);
  myna_batch_failure f;
  assert_int_equal(myna_batch_get_failure(b, 0, &f), 0);
  assert_string_equal(f.kind, "name");
  myna_batch_free(b);

  /* stopped by on_record after the first: every later record comes back
   * (finished or dropped), none is read after the stop */
  memset(&p, 0, sizeof p);
  p.stop_after = 1;
  assert_int_equal(myna_batch_new(ctx, &o, &b), MYNA_OK);
  assert_int_equal(run(b, in, 4096), MYNA_OK);
  myna_batch_stats s;
  memset(&s, 0, sizeof s);
  s.struct_size = sizeof s;
  myna_batch_get_stats(b, &s);
  assert_int_equal(s.records + s.dropped, p.seen);
  myna_batch_free(b);
  myna_ctx_free(ctx);
  free(in);
}

static void test_usage(void **state) {
  (void)state;
  myna_ctx *ctx = open_ok();
  myna_batch *b = NULL;
  myna_batch_opts o = opts_for(0);
  o.doc = (myna_document)0;
  assert_int_equal(myna_batch_new(ctx, &o, &b), MYNA_ERR_USAGE);
  assert_null(b);
  assert_non_null(strstr(myna_ctx_errmsg(ctx), "myna_batch_opts.doc"));
  o = opts_for(0);
  o.threads = 257;
  assert_int_equal(myna_batch_new(ctx, &o, &b), MYNA_ERR_USAGE);
  o = opts_for(0);
  assert_int_equal(myna_batch_new(ctx, &o, &b), MYNA_OK);
  unsigned char *pdf = NULL;
  size_t len = 0;
  assert_int_equal(myna_batch_merged_pdf(b, &pdf, &len), MYNA_ERR_USAGE); /* not merging */
  assert_int_equal(myna_batch_finish(b), MYNA_OK);
  assert_int_equal(myna_batch_feed(b, "{}", 2), MYNA_ERR_USAGE); /* finished */
  myna_batch_free(b);
  myna_batch_free(NULL);
  myna_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_merged_in_memory), cmocka_unit_test(test_all_or_nothing),
      cmocka_unit_test(test_skip_bad),         cmocka_unit_test(test_limits),
      cmocka_unit_test(test_my_number),        cmocka_unit_test(test_threads_identical),
      cmocka_unit_test(test_csv),              cmocka_unit_test(test_prepare_and_stop),
      cmocka_unit_test(test_usage),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
