/*
 * request.h — one HTTP request of the service, and the state the
 * libmicrohttpd callbacks share (service/request.c).
 */
#ifndef MYNAFORM_SERVE_REQUEST_H
#define MYNAFORM_SERVE_REQUEST_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <microhttpd.h>

#include "serve.h"

/* What every callback sees.  Set up by serve.c before the daemon starts. */
typedef struct serve_state {
  const serve_config *cfg;
  atomic_bool draining;      /* SIGTERM: new requests get 503 */
  atomic_uint_fast64_t next_id;
  atomic_int in_flight;      /* accepted requests not yet completed */
  atomic_bool batch_running; /* a batch request holds the one slot */
} serve_state;

extern serve_state serve_g;

typedef struct serve_request {
  struct MHD_Connection *conn;
  const serve_route *route;
  int param;            /* the route's {param} */
  serve_params params;
  char *body;
  size_t body_len, body_cap;
  bool has_body, too_large, responded, counted, holds_batch;
  uint64_t id;
  struct timespec start;
  const char *method; /* a static name for the log */
  const char *route_name; /* the route's pattern, or "-" */
  unsigned status;
  uint64_t bytes;
} serve_request;

/* Queues a response with the common headers (Cache-Control: no-store,
 * nosniff, no-referrer, X-Request-Id, CORS for the configured origin).
 * buf is freed with free_fn (NULL: copied from a static buffer).
 * extra: NULL-terminated header name/value pairs, or NULL. */
int serve_respond(serve_request *r, unsigned status, const char *content_type, void *buf,
                  size_t len, void (*free_fn)(void *), const char *const *extra);
/* The worker's context (handlers.c), or NULL with a 503 already queued in
 * *rc (fonts or templates missing). */
myna_ctx *serve_ctx_or_503(serve_request *r, int *rc);
/* 1 if ?pinless suits doc (the notice and the packet), else the 400 queued
 * (handlers.c). */
int serve_check_pinless(serve_request *r, myna_document doc);
/* An error as JSON (http_errors.c) through serve_respond. */
int serve_respond_error(serve_request *r, unsigned status, const char *code,
                        const char *message);
/* A JSON body (malloc'd, taken over). */
int serve_respond_json(serve_request *r, unsigned status, char *json);

/* The libmicrohttpd callbacks. */
enum MHD_Result serve_access(void *cls, struct MHD_Connection *conn, const char *url,
                             const char *method, const char *version, const char *upload_data,
                             size_t *upload_data_size, void **con_cls);
void serve_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                     enum MHD_RequestTerminationCode toe);

#endif
