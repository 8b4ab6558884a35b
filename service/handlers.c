/*
 * handlers.c — what each route does once the guards in request.c passed:
 * render a document in memory, list the templates, report health, serve
 * the OpenAPI document and the card-data schemas it references.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "request.h"
#include "embedded.h"

static const char *const doc_words[] = {"?", "declaration", "explanation", "notice", "packet"};

myna_ctx *serve_ctx_or_503(serve_request *r, int *rc) {
  myna_status st = MYNA_OK;
  char msg[512];
  myna_ctx *ctx = worker_ctx_get(&st, msg, sizeof msg);
  if (!ctx) *rc = serve_respond_error(r, serve_http_status_for(st), serve_error_code_for(st), msg);
  return ctx;
}

/* Checks ?template= against the installed templates, as a client error. */
static int check_template(serve_request *r, myna_ctx *ctx, myna_document doc) {
  const char *name = r->params.template_name;
  if (!*name) return 1;
  if (doc == MYNA_DOC_PACKET)
    return serve_respond_error(r, 400, "bad_parameter",
                               "query parameter 'template' cannot be given for the packet");
  myna_template_info ti;
  for (size_t i = 0; myna_template_get(ctx, i, &ti) == 0; i++)
    if (!strcmp(ti.name, name)) {
      if (ti.document == doc) return 1;
      return serve_respond_error(r, 400, "bad_parameter",
                                 "query parameter 'template' names a template of another "
                                 "document (see GET /v1/templates)");
    }
  return serve_respond_error(r, 400, "bad_parameter",
                             "query parameter 'template' names no installed template (see "
                             "GET /v1/templates)");
}

int serve_check_pinless(serve_request *r, myna_document doc) {
  if (!r->params.pinless || doc == MYNA_DOC_NOTICE || doc == MYNA_DOC_PACKET) return 1;
  return serve_respond_error(r, 400, "bad_parameter",
                             "query parameter 'pinless' applies to the notice and the packet");
}

int handle_render(serve_request *r) {
  int rc = 0;
  myna_document doc = (myna_document)r->param;
  int pc = serve_check_pinless(r, doc);
  if (pc != 1) return pc;
  myna_ctx *ctx = serve_ctx_or_503(r, &rc);
  if (!ctx) return rc;
  int t = check_template(r, ctx, doc);
  if (t != 1) return t;
  const serve_config *c = serve_g.cfg;
  myna_render_opts ro = {0};
  ro.struct_size = sizeof ro;
  ro.template_name = *r->params.template_name ? r->params.template_name : NULL;
  ro.clinic_json = c->clinic;
  ro.clinic_json_len = c->clinic_len;
  ro.flags = (r->params.blank ? MYNA_RENDER_BLANK : 0) |
             (r->params.allow_unknown ? MYNA_RENDER_ALLOW_UNKNOWN : 0) |
             (r->params.pinless ? MYNA_RENDER_PINLESS : 0) |
             (r->params.pdfa ? MYNA_RENDER_PDFA : 0);
  unsigned char *pdf = NULL;
  size_t len = 0;
  myna_status st = myna_render_memory(ctx, doc, r->body, r->body_len, &ro, &pdf, &len);
  if (st != MYNA_OK) {
    myna_free(pdf);
    const char *m = myna_ctx_errmsg(ctx);
    return serve_respond_error(r, serve_http_status_for(st), serve_error_code_for(st),
                               m && *m ? m : myna_status_str(st));
  }
  /* the file name is the document's, never anything from the data */
  char disp[64], warnings[24];
  snprintf(disp, sizeof disp, "inline; filename=\"%s.pdf\"", doc_words[doc]);
  snprintf(warnings, sizeof warnings, "%zu", myna_ctx_warning_count(ctx));
  const char *extra[] = {"Content-Disposition", disp, "Mynaform-Warnings", warnings, NULL};
  return serve_respond(r, 200, "application/pdf", pdf, len, myna_free, extra);
}

int handle_templates(serve_request *r) {
  int rc = 0;
  myna_ctx *ctx = serve_ctx_or_503(r, &rc);
  if (!ctx) return rc;
  json_t *list = json_array();
  myna_template_info ti;
  for (size_t i = 0; list && myna_template_get(ctx, i, &ti) == 0; i++) {
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "name", ti.name, "document",
                          doc_words[ti.document], "variant", ti.variant, "date", ti.date,
                          "title", ti.title, "edition", ti.edition);
    if (o) json_array_append_new(list, o);
  }
  json_t *top = list ? json_pack("{s:o}", "templates", list) : NULL;
  char *s = top ? json_dumps(top, JSON_COMPACT) : NULL;
  json_decref(top);
  return serve_respond_json(r, 200, s);
}

int handle_health(serve_request *r) {
  myna_status st = MYNA_OK;
  char msg[512];
  myna_ctx *ctx = worker_ctx_get(&st, msg, sizeof msg);
  json_t *o;
  if (ctx) {
    json_t *names = json_array();
    myna_template_info ti;
    for (size_t i = 0; names && myna_template_get(ctx, i, &ti) == 0; i++)
      json_array_append_new(names, json_string(ti.name));
    o = json_pack("{s:s, s:s, s:o, s:b}", "status", "up", "version", myna_version(), "templates",
                  names ? names : json_array(), "card_reader", serve_g.cfg->card_reader != NULL);
  } else {
    o = json_pack("{s:s, s:s, s:s, s:s}", "status", "down", "version", myna_version(), "code",
                  serve_error_code_for(st), "message", msg);
  }
  char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
  json_decref(o);
  return serve_respond_json(r, ctx ? 200 : 503, s);
}

int handle_openapi(serve_request *r) {
  return serve_respond(r, 200, "application/json", (void *)serve_openapi_json,
                       serve_openapi_json_len, NULL, NULL);
}

int handle_schema(serve_request *r) {
  const unsigned char *p = r->param == 1 ? serve_card_data_schema : serve_clinic_schema;
  size_t n = r->param == 1 ? serve_card_data_schema_len : serve_clinic_schema_len;
  return serve_respond(r, 200, "application/schema+json", (void *)p, n, NULL, NULL);
}
