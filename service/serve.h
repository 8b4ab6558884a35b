/*
 * serve.h — the pieces of `mynaform serve`, the HTTP service (issue #12).
 *
 * The service lives beside the CLI and, like it, sees the library through
 * include/mynaform.h only; the library never links HTTP code.  Files:
 *   serve.c        options, start-up checks, the daemon, signals and drain
 *   router.c       route table look-up and query-parameter parsing (no MHD:
 *                  fuzzed by tests/fuzz/fuzz_serve.c)
 *   routes.c       the route table: one entry and one handler per route
 *   handlers.c     the handlers (render, templates, health, openapi.json)
 *   batch.c        the batch and tekiyo handlers (the library's engines)
 *   card.c         GET and POST /v1/card: the My Number card reader
 *   page.c         the staff page (GET /, its CSS and script; web/)
 *   request.c      one request: guards (Host, Origin, token, CORS), body,
 *                  response
 *   http_errors.c  library status → HTTP status and JSON error bodies
 *   access_log.c   the access log: method, route, status, bytes, time, id
 *   worker_ctx.c   one myna_ctx per worker thread, opened lazily
 */
#ifndef MYNAFORM_SERVE_H
#define MYNAFORM_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mynaform.h"

/* ------------------------------------------------------------ config */

#define SERVE_DEFAULT_ADDR "127.0.0.1"
#define SERVE_DEFAULT_PORT 8765
#define SERVE_MAX_HOSTS 16
/* Shortest token accepted (bytes). */
#define SERVE_TOKEN_MIN 16
#define SERVE_TOKEN_MAX 512

typedef struct serve_config {
  const char *data_dir, *font_dir, *template_dir;
  const char *origin;          /* --allow-origin: exact origin, or NULL */
  bool tls;                    /* --tls-cert: the service's own origin is https:// */
  const char *hosts[SERVE_MAX_HOSTS]; /* Host header allowlist (names only) */
  size_t n_hosts;
  char *token;                 /* bearer token, or NULL (no auth) */
  size_t token_len;
  char *clinic;                /* --clinic JSON, or NULL */
  size_t clinic_len;
  size_t max_body;             /* bytes of a request body */
  size_t batch_max_bytes;      /* bytes of a batch body (JSON Lines) */
  size_t batch_max_records;    /* records of a batch */
  unsigned threads, max_connections, timeout_s;
  bool access_log;
  const char *card_reader;     /* --card-reader: name or "auto"; NULL = off */
} serve_config;

/* ------------------------------------------------------------ router */

/* What a path parameter may be: {doc} is one of these words. */
typedef struct serve_param_word {
  const char *word;
  int value;
} serve_param_word;

struct serve_request;
/* A handler answers one request whose route matched, after the guards
 * (Host, token, body limits) passed.  Returns 0, or -1 when no response
 * could be queued (the connection is then closed). */
typedef int (*serve_handler)(struct serve_request *r);

/* Route flags. */
enum {
  ROUTE_PUBLIC = 1u << 0,  /* no token needed (/health, /openapi.json) */
  ROUTE_BODY_JSON = 1u << 1, /* takes a JSON body (Content-Type checked) */
  ROUTE_BODY_JSONL = 1u << 2, /* takes JSON Lines (batch_max_bytes) */
  ROUTE_BATCH = 1u << 3,      /* holds the one batch slot while it runs */
  ROUTE_CARD = 1u << 4        /* exists only with --card-reader (else 404 for any method) */
};

typedef struct serve_route {
  const char *method;   /* "GET", "HEAD", "POST" */
  const char *pattern;  /* "/v1/render/{doc}": at most one {param}, last */
  const serve_param_word *words; /* values of {param}, NULL-terminated */
  unsigned flags;
  serve_handler handler;
  /* the query parameters this route takes, NULL-terminated, or NULL */
  const char *const *query;
} serve_route;

extern const serve_route serve_routes[];
extern const size_t serve_route_count;

typedef struct serve_match {
  int http_status;        /* 0 = matched; 404; 405 */
  const serve_route *route; /* matched route (or, on 405, one for the path) */
  int param;              /* the {param}'s value */
  char allow[64];         /* on 405: the Allow header ("GET, HEAD") */
} serve_match;

/* Looks method and path up in table.  A path is matched exactly (no
 * trailing slash, no percent-decoding left to do: libmicrohttpd did it). */
void serve_route_match(const serve_route *table, size_t n, const char *method,
                       const char *path, serve_match *m);

/* Boolean query flags and the template name of a render. */
typedef struct serve_params {
  bool pinless, blank, allow_unknown, skip_bad, pdfa;
  char template_name[64]; /* "" = default */
} serve_params;

/* Parses one query parameter (key, value may be NULL for "?blank") into p,
 * for a route that takes the names in allowed.  Returns 0, or -1 with a
 * message in err that names the parameter (only a name made of [a-z_],
 * at most 32 bytes, is quoted: no digits, so never a My Number) and never its value. */
int serve_param_parse(serve_params *p, const char *const *allowed, const char *key,
                      const char *value, char *err, size_t err_size);

/* The path part of a Host header value ("[::1]:8765" → "::1",
 * "localhost:80" → "localhost"), lower-cased into out.  false if the value
 * is not a host[:port]. */
bool serve_host_name(const char *host, char *out, size_t out_size);

/* Whether a request from a browser may use the API: origin is its Origin
 * header (NULL if none), fetch_site its Sec-Fetch-Site (NULL if none), host
 * its Host header (already on the allowlist), tls whether the service
 * speaks HTTPS, allowed the --allow-origin (NULL if none).  A request with
 * no Origin and no Sec-Fetch-Site (curl, a clinic system) passes; so does
 * one whose Origin is the service's own (scheme://Host) or the allowed
 * one.  Any other Origin ("null" included) and Sec-Fetch-Site: cross-site
 * without the allowed Origin are refused: a foreign page in the same
 * browser cannot drive the service. */
bool serve_origin_ok(const char *origin, const char *fetch_site, const char *host, bool tls,
                     const char *allowed);

/* Whether a Content-Type value is application/json (parameters such as
 * "; charset=utf-8" allowed, case-insensitive). */
bool serve_is_json_type(const char *content_type);
/* Whether it is JSON Lines: application/jsonl, application/x-ndjson,
 * application/x-jsonlines (parameters allowed, case-insensitive). */
bool serve_is_jsonl_type(const char *content_type);

/* ---------------------------------------------------------- handlers */

int handle_render(struct serve_request *r);
int handle_templates(struct serve_request *r);
int handle_health(struct serve_request *r);
int handle_openapi(struct serve_request *r);
int handle_schema(struct serve_request *r);
int handle_batch(struct serve_request *r);
int handle_tekiyo(struct serve_request *r);
int handle_card_get(struct serve_request *r);
int handle_card_post(struct serve_request *r);
int handle_page(struct serve_request *r);

/* ------------------------------------------------------------ errors */

/* The HTTP status for a library status (422 for the data family). */
unsigned serve_http_status_for(myna_status st);
/* The error code word for a library status ("data", "my_number", …). */
const char *serve_error_code_for(myna_status st);
/* The JSON error body {"status","code","message","path"}; path is taken
 * from a message that starts with "$" (the library's field path) and may
 * be NULL.  Caller frees with free(). */
char *serve_error_json(unsigned http_status, const char *code, const char *message);
/* The same with "tries_left": N added when tries_left ≥ 0 (the card). */
char *serve_error_json_tries(unsigned http_status, const char *code, const char *message,
                             int tries_left);

/* ---------------------------------------------------------- worker ctx */

/* Sets the configuration worker contexts are opened with (before start). */
void worker_ctx_setup(const serve_config *cfg);
/* The calling thread's context, opened on first use; NULL if it cannot be
 * opened (fonts or templates missing), with *st and the message in msg. */
myna_ctx *worker_ctx_get(myna_status *st, char *msg, size_t msg_size);

/* ---------------------------------------------------------- access log */

void access_log_line(uint64_t id, const char *method, const char *route, unsigned status,
                     uint64_t bytes, double ms);

/* ---------------------------------------------------------- entry */

/* `mynaform serve ARGS`: returns the exit code. */
int serve_main(int argc, char **argv);

#endif
