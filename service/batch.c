/*
 * batch.c — the two routes that hand a whole request to one of the
 * library's engines: POST /v1/batch/{doc} (the batch engine, myna_batch_*:
 * JSON Lines in, one merged print PDF out) and POST /v1/tekiyo (the 不詳請求
 * 摘要 text, myna_tekiyo).  Only one batch runs at a time (request.c holds
 * the slot); everything stays in memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "request.h"

/* Failed records listed in a 422 (the count is always complete). */
#define BATCH_LIST_MAX 1000
/* Skipped lines named in the Mynaform-Skipped-Lines header. */
#define SKIPPED_HEADER_MAX 200

/* The failed records of b as {"record","line","code","message","path"}. */
static json_t *failure_list(const myna_batch *b) {
  json_t *list = json_array();
  size_t n = myna_batch_failure_count(b);
  for (size_t i = 0; list && i < n && i < BATCH_LIST_MAX; i++) {
    myna_batch_failure f;
    if (myna_batch_get_failure(b, i, &f) != 0) break;
    const char *m = f.message ? f.message : "";
    const char *sep = m[0] == '$' ? strstr(m, ": ") : NULL;
    json_t *o = json_pack("{s:I, s:I, s:s, s:s}", "record", (json_int_t)f.record, "line",
                          (json_int_t)f.line, "code", f.kind ? f.kind : "data", "message", m);
    if (!o) continue;
    json_object_set_new(o, "path", sep ? json_stringn(m, (size_t)(sep - m)) : json_null());
    json_array_append_new(list, o);
  }
  return list;
}

/* 422 with every failed record (all or nothing, or nothing was good). */
static int respond_failures(serve_request *r, const myna_batch *b, const myna_batch_stats *s) {
  char msg[160];
  snprintf(msg, sizeof msg, "%zu of %zu records failed; nothing was rendered%s", s->failed,
           s->records, r->params.skip_bad ? "" : " (skip_bad=1 renders the good ones)");
  char *base = serve_error_json(422, "batch", msg);
  json_error_t err;
  json_t *o = base ? json_loads(base, 0, &err) : NULL;
  free(base);
  if (!o) return serve_respond_json(r, 500, NULL);
  json_object_set_new(o, "failed", json_integer((json_int_t)s->failed));
  json_object_set_new(o, "records", json_integer((json_int_t)s->records));
  json_object_set_new(o, "errors", failure_list(b));
  char *json = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  return serve_respond_json(r, 422, json);
}

int handle_batch(serve_request *r) {
  int rc = 0;
  myna_document doc = (myna_document)r->param;
  int pc = serve_check_pinless(r, doc);
  if (pc != 1) return pc;
  if (!r->body_len)
    return serve_respond_error(r, 400, "bad_request", "the body holds no record (JSON Lines)");
  myna_ctx *ctx = serve_ctx_or_503(r, &rc);
  if (!ctx) return rc;
  const serve_config *c = serve_g.cfg;
  myna_render_opts ro = {0};
  ro.struct_size = sizeof ro;
  ro.clinic_json = c->clinic;
  ro.clinic_json_len = c->clinic_len;
  ro.flags = (r->params.allow_unknown ? MYNA_RENDER_ALLOW_UNKNOWN : 0) |
             (r->params.pinless ? MYNA_RENDER_PINLESS : 0) |
             (r->params.pdfa ? MYNA_RENDER_PDFA : 0);
  myna_batch_opts o = {0};
  o.struct_size = sizeof o;
  o.doc = doc;
  o.render = &ro;
  o.format = MYNA_BATCH_JSONL;
  o.flags = MYNA_BATCH_MERGE | (r->params.skip_bad ? 0 : MYNA_BATCH_ALL_OR_NOTHING);
  o.max_records = c->batch_max_records;
  o.max_bytes = c->batch_max_bytes;
  o.max_failures = BATCH_LIST_MAX;
  myna_batch *b = NULL;
  myna_status st = myna_batch_new(ctx, &o, &b);
  if (st == MYNA_OK) st = myna_batch_feed(b, r->body, r->body_len);
  myna_status fst = b ? myna_batch_finish(b) : st;
  if (st == MYNA_OK) st = fst;
  myna_batch_stats s = {0};
  s.struct_size = sizeof s;
  if (b) myna_batch_get_stats(b, &s);
  if (st != MYNA_OK) { /* the batch stopped: a limit, or a failure of ours */
    char msg[512];
    snprintf(msg, sizeof msg, "%s", myna_ctx_errmsg(ctx));
    if (s.over_limit)
      snprintf(msg, sizeof msg, "more than %zu records or %zu bytes (--batch-max-records, "
               "--batch-max-bytes)", c->batch_max_records, c->batch_max_bytes);
    myna_batch_free(b);
    return serve_respond_error(r, st == MYNA_ERR_LIMIT ? 413 : serve_http_status_for(st),
                               st == MYNA_ERR_LIMIT ? "batch_too_large"
                                                    : serve_error_code_for(st),
                               msg);
  }
  if (s.failed && (!r->params.skip_bad || s.rendered == 0)) {
    rc = respond_failures(r, b, &s);
    myna_batch_free(b);
    return rc;
  }
  unsigned char *pdf = NULL;
  size_t len = 0;
  st = myna_batch_merged_pdf(b, &pdf, &len);
  if (st != MYNA_OK) {
    myna_free(pdf);
    rc = serve_respond_error(r, serve_http_status_for(st), serve_error_code_for(st),
                             myna_ctx_errmsg(ctx));
    myna_batch_free(b);
    return rc;
  }
  /* the skipped lines (numbers only: never a value) */
  char counts[48], skipped[SKIPPED_HEADER_MAX * 12 + 16], pages[24];
  size_t o_ = 0;
  skipped[0] = '\0';
  for (size_t i = 0; i < myna_batch_failure_count(b) && i < SKIPPED_HEADER_MAX; i++) {
    myna_batch_failure f;
    if (myna_batch_get_failure(b, i, &f) != 0) break;
    o_ += (size_t)snprintf(skipped + o_, sizeof skipped - o_, "%s%zu", i ? "," : "", f.line);
  }
  snprintf(counts, sizeof counts, "%zu", s.failed);
  snprintf(pages, sizeof pages, "%zu", s.pages);
  static const char *const words[] = {"?", "declaration", "explanation", "notice", "packet"};
  char disp[64];
  snprintf(disp, sizeof disp, "inline; filename=\"%s-batch.pdf\"", words[doc]);
  const char *extra[] = {"Content-Disposition", disp, "Mynaform-Pages", pages,
                         "Mynaform-Skipped", counts, s.failed ? "Mynaform-Skipped-Lines" : NULL,
                         skipped, NULL};
  myna_batch_free(b);
  return serve_respond(r, 200, "application/pdf", pdf, len, myna_free, extra);
}

int handle_tekiyo(serve_request *r) {
  int rc = 0;
  myna_ctx *ctx = serve_ctx_or_503(r, &rc);
  if (!ctx) return rc;
  myna_tekiyo_opts o = {0};
  o.struct_size = sizeof o;
  o.flags = MYNA_TEKIYO_JSON | (r->params.allow_unknown ? MYNA_TEKIYO_ALLOW_UNKNOWN : 0);
  char *out = NULL;
  myna_status st = myna_tekiyo(ctx, r->body, r->body_len, &o, &out);
  if (st != MYNA_OK) {
    myna_free(out);
    const char *m = myna_ctx_errmsg(ctx);
    return serve_respond_error(r, serve_http_status_for(st), serve_error_code_for(st),
                               m && *m ? m : myna_status_str(st));
  }
  return serve_respond(r, 200, "application/json", out, strlen(out), myna_free, NULL);
}
