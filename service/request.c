/*
 * request.c — one request through the service: the guards every request
 * passes (shutting down, Host allowlist, route, Origin, token, query
 * parameters, Content-Type, body limit), the body read into memory, the response with
 * the common headers, and the access log line when it is done.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "request.h"

serve_state serve_g;

static const char *method_name(const char *m) {
  static const char *const known[] = {"GET", "HEAD", "POST", "PUT", "DELETE",
                                      "OPTIONS", "PATCH", "TRACE", "CONNECT"};
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (!strcmp(m, known[i])) return known[i];
  return "OTHER"; /* never log an arbitrary token */
}

static const char *header(serve_request *r, const char *name) {
  return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

/* The largest body the route takes: a batch's JSON Lines, or one record. */
static size_t body_limit(const serve_request *r) {
  return r->route && (r->route->flags & ROUTE_BODY_JSONL) ? serve_g.cfg->batch_max_bytes
                                                           : serve_g.cfg->max_body;
}

static int too_large(serve_request *r) {
  char msg[96];
  bool batch = r->route && (r->route->flags & ROUTE_BODY_JSONL);
  snprintf(msg, sizeof msg, "the body is larger than %zu bytes (%s)", body_limit(r),
           batch ? "--batch-max-bytes" : "--max-body");
  return serve_respond_error(r, 413, "body_too_large", msg);
}

static bool origin_allowed(serve_request *r) {
  const char *want = serve_g.cfg->origin;
  const char *o = header(r, MHD_HTTP_HEADER_ORIGIN);
  return want && o && !strcmp(want, o);
}

int serve_respond(serve_request *r, unsigned status, const char *content_type, void *buf,
                  size_t len, void (*free_fn)(void *), const char *const *extra) {
  struct MHD_Response *resp;
  if (free_fn)
    resp = MHD_create_response_from_buffer_with_free_callback(len, buf, free_fn);
  else
    resp = MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_PERSISTENT);
  if (!resp) {
    if (free_fn) free_fn(buf);
    return -1;
  }
  char id[24];
  snprintf(id, sizeof id, "%llu", (unsigned long long)r->id);
  MHD_add_response_header(resp, "Cache-Control", "no-store");
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(resp, "X-Request-Id", id);
  if (content_type) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
  if (serve_g.cfg->origin) {
    MHD_add_response_header(resp, "Vary", "Origin");
    if (origin_allowed(r)) {
      MHD_add_response_header(resp, "Access-Control-Allow-Origin", serve_g.cfg->origin);
      MHD_add_response_header(resp, "Access-Control-Expose-Headers",
                              "Content-Disposition, X-Request-Id");
    }
  }
  for (size_t i = 0; extra && extra[i]; i += 2) MHD_add_response_header(resp, extra[i], extra[i + 1]);
  /* a request whose body was not read, or a server shutting down, closes */
  if (serve_g.draining || (r->has_body && !r->body && r->status == 0 && status >= 400))
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
  enum MHD_Result ok = MHD_queue_response(r->conn, status, resp);
  MHD_destroy_response(resp);
  r->status = status;
  r->bytes = len;
  r->responded = true;
  return ok == MHD_YES ? 0 : -1;
}

int serve_respond_json(serve_request *r, unsigned status, char *json) {
  if (!json) {
    static char oom[] = "{\"status\":500,\"code\":\"out_of_memory\",\"message\":\"out of memory\",\"path\":null}";
    return serve_respond(r, 500, "application/json", oom, sizeof oom - 1, NULL, NULL);
  }
  return serve_respond(r, status, "application/json", json, strlen(json), free, NULL);
}

int serve_respond_error(serve_request *r, unsigned status, const char *code,
                        const char *message) {
  return serve_respond_json(r, status, serve_error_json(status, code, message));
}

/* Constant time in the length of the expected token. */
static bool token_equal(const char *given, size_t glen, const char *want, size_t wlen) {
  unsigned char d = glen != wlen;
  for (size_t i = 0; i < wlen; i++)
    d |= (unsigned char)(want[i] ^ (i < glen ? given[i] : 0));
  return d == 0;
}

static bool authorized(serve_request *r) {
  const serve_config *c = serve_g.cfg;
  if (!c->token) return true;
  const char *a = header(r, MHD_HTTP_HEADER_AUTHORIZATION);
  if (!a || strncasecmp(a, "Bearer ", 7) != 0) return false;
  a += 7;
  while (*a == ' ') a++;
  return token_equal(a, strlen(a), c->token, c->token_len);
}

static bool host_allowed(serve_request *r) {
  char name[256];
  if (!serve_host_name(header(r, MHD_HTTP_HEADER_HOST), name, sizeof name)) return false;
  const serve_config *c = serve_g.cfg;
  for (size_t i = 0; i < c->n_hosts; i++)
    if (!strcmp(c->hosts[i], name)) return true;
  return false;
}

typedef struct query_walk {
  serve_request *r;
  char err[160];
  bool failed;
} query_walk;

static enum MHD_Result each_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value) {
  (void)kind;
  query_walk *w = cls;
  if (serve_param_parse(&w->r->params, w->r->route->query, key, value, w->err,
                        sizeof w->err) != 0) {
    w->failed = true;
    return MHD_NO;
  }
  return MHD_YES;
}

/* A CORS preflight from the configured origin: 204 with what it may do
 * (methods: every method of the path). */
static int preflight(serve_request *r, const char *methods) {
  const char *extra[] = {"Access-Control-Allow-Methods", methods,
                         "Access-Control-Allow-Headers", "Authorization, Content-Type",
                         "Access-Control-Max-Age", "600",
                         NULL, NULL, NULL};
  /* Chrome's Private Network Access / Local Network Access preflight */
  const char *pna = header(r, "Access-Control-Request-Private-Network");
  if (pna && !strcmp(pna, "true")) {
    extra[6] = "Access-Control-Allow-Private-Network";
    extra[7] = "true";
  }
  static char empty[] = "";
  return serve_respond(r, 204, NULL, empty, 0, NULL, extra);
}

/* The checks made once the headers are in.  Returns 1 when the request
 * goes on (body, then handler), 0 when a response was queued, -1 on
 * failure to queue one. */
static int first_call(serve_request *r, const char *url, const char *method) {
  if (serve_g.draining)
    return serve_respond_error(r, 503, "shutting_down", "the service is shutting down");
  if (!host_allowed(r))
    return serve_respond_error(r, 400, "host_not_allowed",
                               "the Host header names a host this service does not answer "
                               "for (see --allow-host)");
  serve_match m;
  bool options = !strcmp(method, "OPTIONS");
  serve_route_match(serve_routes, serve_route_count, options ? "" : method, url, &m);
  /* without --card-reader the card routes do not exist, whatever the
   * method: no 405 (nor a preflight) whose Allow list would say otherwise */
  if (m.route && (m.route->flags & ROUTE_CARD) && !serve_g.cfg->card_reader) {
    m.http_status = 404;
    m.route = NULL;
  }
  if (options && m.route && origin_allowed(r)) {
    r->route_name = m.route->pattern; /* m.allow: every method of the path */
    return preflight(r, m.allow);
  }
  if (m.http_status == 404)
    return serve_respond_error(r, 404, "not_found", "no such route (see GET /openapi.json)");
  r->route_name = m.route->pattern;
  if (m.http_status == 405) {
    const char *extra[] = {"Allow", m.allow, NULL};
    char *json = serve_error_json(405, "method_not_allowed", "this route does not take that method");
    if (!json) return serve_respond_json(r, 500, NULL);
    return serve_respond(r, 405, "application/json", json, strlen(json), free, extra);
  }
  r->route = m.route;
  r->param = m.param;
  /* a page of another origin cannot drive the API from the same browser:
   * besides the JSON content type (a foreign form or no-cors fetch cannot
   * send it without a preflight), a request to any route but the public
   * ones (the page, /health, the OpenAPI document: a link from anywhere
   * may open them) is refused by its Origin and by Sec-Fetch-Site:
   * cross-site, unless it is the --allow-origin */
  if (!(r->route->flags & ROUTE_PUBLIC) &&
      !serve_origin_ok(header(r, MHD_HTTP_HEADER_ORIGIN), header(r, "Sec-Fetch-Site"),
                       header(r, MHD_HTTP_HEADER_HOST), serve_g.cfg->tls, serve_g.cfg->origin))
    return serve_respond_error(r, 403, "origin_not_allowed",
                               "requests from a page of another origin are refused (see "
                               "--allow-origin)");
  if (!(r->route->flags & ROUTE_PUBLIC) && !authorized(r)) {
    const char *extra[] = {"WWW-Authenticate", "Bearer", NULL};
    char *json = serve_error_json(401, "unauthorized",
                                  "a valid 'Authorization: Bearer TOKEN' header is needed");
    if (!json) return serve_respond_json(r, 500, NULL);
    return serve_respond(r, 401, "application/json", json, strlen(json), free, extra);
  }
  query_walk w = {.r = r};
  MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, each_query, &w);
  if (w.failed) return serve_respond_error(r, 400, "bad_parameter", w.err);

  const char *cl = header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
  const char *te = header(r, MHD_HTTP_HEADER_TRANSFER_ENCODING);
  r->has_body = (cl && strcmp(cl, "0") != 0) || te;
  if (r->has_body) {
    bool jsonl = (r->route->flags & ROUTE_BODY_JSONL) != 0;
    if (!(r->route->flags & (ROUTE_BODY_JSON | ROUTE_BODY_JSONL)))
      return serve_respond_error(r, 400, "unexpected_body", "this route takes no request body");
    const char *ct = header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (jsonl ? !serve_is_jsonl_type(ct) : !serve_is_json_type(ct))
      return serve_respond_error(r, 415, "unsupported_media_type",
                                 jsonl ? "the body must be JSON Lines (one card-data object a "
                                         "line) with 'Content-Type: application/jsonl' or "
                                         "'application/x-ndjson'"
                                       : "the body must be card-data JSON with 'Content-Type: "
                                         "application/json'");
    if (cl) {
      char *end;
      unsigned long long n = strtoull(cl, &end, 10);
      if (*end || end == cl)
        return serve_respond_error(r, 400, "bad_request", "malformed Content-Length");
      if (n > body_limit(r)) return too_large(r);
    }
  }
  /* one batch at a time, from its first byte on: a second is told when to
   * come back */
  if (r->route->flags & ROUTE_BATCH) {
    bool idle = false;
    if (!atomic_compare_exchange_strong(&serve_g.batch_running, &idle, true)) {
      const char *extra[] = {"Retry-After", "1", NULL};
      char *json = serve_error_json(429, "batch_running",
                                    "another batch is running; retry after a second");
      if (!json) return serve_respond_json(r, 500, NULL);
      return serve_respond(r, 429, "application/json", json, strlen(json), free, extra);
    }
    r->holds_batch = true;
  }
  return 1;
}

enum MHD_Result serve_access(void *cls, struct MHD_Connection *conn, const char *url,
                             const char *method, const char *version, const char *upload_data,
                             size_t *upload_data_size, void **con_cls) {
  (void)cls;
  (void)version;
  serve_request *r = *con_cls;
  if (!r) {
    r = calloc(1, sizeof *r);
    if (!r) return MHD_NO;
    *con_cls = r;
    r->conn = conn;
    r->id = atomic_fetch_add(&serve_g.next_id, 1) + 1;
    clock_gettime(CLOCK_MONOTONIC, &r->start);
    r->method = method_name(method);
    r->route_name = "-";
    int go = first_call(r, url, method);
    if (go < 0) return MHD_NO;
    if (go == 1) {
      r->counted = true;
      atomic_fetch_add(&serve_g.in_flight, 1);
    }
    return MHD_YES;
  }
  if (*upload_data_size) {
    size_t n = *upload_data_size;
    *upload_data_size = 0;
    if (r->responded || r->too_large) return MHD_YES; /* discarded */
    if (r->body_len + n > body_limit(r)) {
      r->too_large = true; /* chunked, over the limit: 413 at the end */
      free(r->body);
      r->body = NULL;
      r->body_len = 0;
      return MHD_YES;
    }
    if (r->body_len + n + 1 > r->body_cap) {
      size_t cap = r->body_cap ? r->body_cap : 4096;
      while (cap < r->body_len + n + 1) cap *= 2;
      char *p = realloc(r->body, cap);
      if (!p) return MHD_NO;
      r->body = p;
      r->body_cap = cap;
    }
    memcpy(r->body + r->body_len, upload_data, n);
    r->body_len += n;
    r->body[r->body_len] = '\0';
    return MHD_YES;
  }
  if (r->responded) return MHD_YES;
  if (r->too_large) return too_large(r) == 0 ? MHD_YES : MHD_NO;
  int hrc = r->route->handler(r);
  /* the batch is done once its response is queued: the slot is free
   * before the client can send the next one */
  if (r->holds_batch) {
    r->holds_batch = false;
    atomic_store(&serve_g.batch_running, false);
  }
  return hrc == 0 ? MHD_YES : MHD_NO;
}

void serve_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                     enum MHD_RequestTerminationCode toe) {
  (void)cls;
  (void)conn;
  (void)toe;
  serve_request *r = *con_cls;
  if (!r) return;
  if (serve_g.cfg->access_log) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double ms = (double)(now.tv_sec - r->start.tv_sec) * 1e3 +
                (double)(now.tv_nsec - r->start.tv_nsec) / 1e6;
    access_log_line(r->id, r->method, r->route_name, r->status, r->bytes, ms);
  }
  if (r->counted) atomic_fetch_sub(&serve_g.in_flight, 1);
  if (r->holds_batch) atomic_store(&serve_g.batch_running, false);
  free(r->body);
  free(r);
  *con_cls = NULL;
}
