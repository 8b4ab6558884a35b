/*
 * fuzz_serve.c — fuzz target for the request routing and parameter parsing
 * of `mynaform serve` (service/router.c with the real route table of
 * service/routes.c): arbitrary bytes as a request's method, path, query
 * string, Host and Content-Type headers.
 *
 * Input: byte 0 picks the method (GET, HEAD, POST, OPTIONS, DELETE, or
 * the next line as a method), then lines: path, query string (k=v&k&…, as
 * libmicrohttpd hands it over, not percent-decoded here), Host,
 * Content-Type.  The handlers are not reached (stubs below: routing only).
 *
 * Oracles: a route look-up is a match, 404 or 405 exactly as a brute-force
 * model of the table says (a match names the method and the path, a {param}
 * its word and value; a 405 lists in Allow the methods of the path and not
 * the one asked; a 404 means no route has the path); parameter parsing
 * either sets what the parameter names or fails with a message that quotes
 * no value (never a marker 秘/QZX, never a My Number) and names the key
 * only when it is [a-z_]{1,32}; a template name kept is the value, at
 * most 63 bytes of [A-Za-z0-9._-]; a Host name is the lower-cased host part
 * of the header and holds no ':' unless it was a bracketed IPv6 literal;
 * the JSON type check agrees with a plain model; the Origin check
 * (serve_origin_ok) agrees with a plain model.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mynaform.h"
#include "serve.h"

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* routing only: the table's handlers are never called here */
int handle_render(struct serve_request *r) { return r ? 0 : -1; }
int handle_templates(struct serve_request *r) { return r ? 0 : -1; }
int handle_health(struct serve_request *r) { return r ? 0 : -1; }
int handle_openapi(struct serve_request *r) { return r ? 0 : -1; }
int handle_schema(struct serve_request *r) { return r ? 0 : -1; }
int handle_batch(struct serve_request *r) { return r ? 0 : -1; }
int handle_tekiyo(struct serve_request *r) { return r ? 0 : -1; }
int handle_card_get(struct serve_request *r) { return r ? 0 : -1; }
int handle_card_post(struct serve_request *r) { return r ? 0 : -1; }
int handle_page(struct serve_request *r) { return r ? 0 : -1; }

/* Next line of the input as a NUL-terminated copy (NUL bytes end it, as
 * in a C string from libmicrohttpd). */
static char *next_line(const uint8_t **p, const uint8_t *end) {
  const uint8_t *s = *p;
  const uint8_t *nl = memchr(s, '\n', (size_t)(end - s));
  const uint8_t *e = nl ? nl : end;
  char *out = malloc((size_t)(e - s) + 1);
  if (!out) abort();
  memcpy(out, s, (size_t)(e - s));
  out[e - s] = '\0';
  *p = nl ? nl + 1 : end;
  return out;
}

/* The model: does route r take path, and with which value? */
static bool model_path(const serve_route *r, const char *path, int *value) {
  const char *b = strchr(r->pattern, '{');
  if (!b) return strcmp(r->pattern, path) == 0;
  size_t k = (size_t)(b - r->pattern);
  if (strncmp(r->pattern, path, k)) return false;
  for (const serve_param_word *w = r->words; w && w->word; w++)
    if (!strcmp(w->word, path + k)) {
      *value = w->value;
      return true;
    }
  return false;
}

static void check_route(const char *method, const char *path) {
  serve_match m;
  serve_route_match(serve_routes, serve_route_count, method, path, &m);
  const serve_route *want = NULL;
  int want_value = 0;
  size_t same_path = 0;
  for (size_t i = 0; i < serve_route_count; i++) {
    int v = 0;
    if (!model_path(&serve_routes[i], path, &v)) continue;
    same_path++;
    if (!strcmp(serve_routes[i].method, method) && !want) {
      want = &serve_routes[i];
      want_value = v;
    }
  }
  if (want) {
    FUZZ_CHECK(m.http_status == 0 && m.route == want, "expected a match");
    FUZZ_CHECK(m.param == want_value, "param %d, model %d", m.param, want_value);
  } else if (same_path) {
    FUZZ_CHECK(m.http_status == 405 && m.route, "expected 405, got %d", m.http_status);
    FUZZ_CHECK(m.allow[0], "405 without Allow");
    /* Allow lists the path's methods and not this one */
    for (size_t i = 0; i < serve_route_count; i++) {
      int v;
      if (model_path(&serve_routes[i], path, &v))
        FUZZ_CHECK(strstr(m.allow, serve_routes[i].method), "Allow misses %s",
                   serve_routes[i].method);
    }
    char copy[sizeof m.allow];
    memcpy(copy, m.allow, sizeof copy);
    for (char *t = strtok(copy, ", "); t; t = strtok(NULL, ", "))
      FUZZ_CHECK(strcmp(t, method) != 0, "Allow lists the method asked");
  } else {
    FUZZ_CHECK(m.http_status == 404 && !m.route, "expected 404, got %d", m.http_status);
  }
}

static bool quotable(const char *k) {
  size_t n = strlen(k);
  if (n < 1 || n > 32) return false;
  for (size_t i = 0; i < n; i++)
    if (!((k[i] >= 'a' && k[i] <= 'z') || k[i] == '_'))
      return false;
  return true;
}

static void check_params(const serve_route *route, char *query) {
  static const char *const render_q[] = {"template", "pinless", "blank", "allow_unknown", NULL};
  const char *const *allowed = route ? route->query : render_q;
  serve_params p;
  memset(&p, 0, sizeof p);
  char *save = NULL;
  for (char *kv = strtok_r(query, "&", &save); kv; kv = strtok_r(NULL, "&", &save)) {
    char *eq = strchr(kv, '=');
    const char *value = NULL;
    if (eq) {
      *eq = '\0';
      value = eq + 1;
    }
    char err[160];
    err[0] = '\0';
    serve_params before = p;
    int rc = serve_param_parse(&p, allowed, kv, value, err, sizeof err);
    if (rc == 0) {
      if (!strcmp(kv, "template")) {
        FUZZ_CHECK(!strcmp(p.template_name, value), "template name kept is not the value");
        size_t n = strlen(value);
        FUZZ_CHECK(n >= 1 && n <= 63, "template name of %zu bytes", n);
        FUZZ_CHECK(strspn(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n,
                   "template name with other bytes");
      } else {
        FUZZ_CHECK(!strcmp(kv, "blank") || !strcmp(kv, "pinless") || !strcmp(kv, "allow_unknown"),
                   "an unknown parameter was accepted");
      }
      continue;
    }
    FUZZ_CHECK(rc == -1 && err[0], "a failure without a message");
    FUZZ_CHECK(memcmp(&before, &p, sizeof p) == 0, "a failed parameter changed the result");
    size_t n = strlen(err);
    FUZZ_CHECK(!fuzz_has_marker(err, n), "message quotes a value: %s", err);
    FUZZ_CHECK(!myna_text_has_my_number(err, n), "message holds a My Number");
    /* the key is quoted only when it looks like a parameter name */
    if (!quotable(kv))
      FUZZ_CHECK(!strcmp(err, "unknown query parameter"), "message quotes an unquotable key");
  }
}

static void check_host(const char *host) {
  char out[256];
  if (!serve_host_name(host, out, sizeof out)) return;
  size_t n = strlen(out);
  FUZZ_CHECK(n > 0 && n < sizeof out, "empty host");
  for (size_t i = 0; i < n; i++) FUZZ_CHECK(!(out[i] >= 'A' && out[i] <= 'Z'), "not lower-cased");
  if (strchr(out, ':')) FUZZ_CHECK(host[0] == '[', "a ':' outside brackets kept");
  /* the name is the start of the header (after '['), lower-cased */
  const char *h = host[0] == '[' ? host + 1 : host;
  for (size_t i = 0; i < n; i++) {
    char c = h[i] >= 'A' && h[i] <= 'Z' ? (char)(h[i] + 32) : h[i];
    FUZZ_CHECK(c == out[i], "host name is not the header's host part");
  }
}

static void check_json_type(const char *ct) {
  bool got = serve_is_json_type(ct);
  /* model: optional blanks, "application/json" in any case, then blanks
   * and the end or ';' */
  const char *p = ct;
  while (*p == ' ' || *p == '\t') p++;
  bool want = strncasecmp(p, "application/json", 16) == 0;
  if (want) {
    p += 16;
    while (*p == ' ' || *p == '\t') p++;
    want = *p == '\0' || *p == ';';
  }
  FUZZ_CHECK(got == want, "JSON type check disagrees with the model");
}

/* The Origin check against a model: the Content-Type line stands for the
 * Origin (and, by byte 0's bit 3, the allowed origin), the Host line for
 * the Host, byte 0's bit 4 for Sec-Fetch-Site: cross-site and bit 5 for
 * TLS.  Passes exactly when the Origin is the allowed one, or when the
 * fetch is not cross-site and the Origin is absent or "scheme://Host"
 * (the scheme in lower case, as browsers send it; the host's ASCII case
 * ignored). */
static void check_origin(uint8_t flags, const char *origin, const char *host) {
  bool cross = flags & 0x10, tls = flags & 0x20;
  const char *allowed = flags & 0x08 ? origin : "https://karte.example";
  const char *o = *origin ? origin : NULL; /* an empty line: no Origin */
  bool got = serve_origin_ok(o, cross ? "cross-site" : NULL, host, tls, allowed);
  bool want;
  if (o && !strcmp(o, allowed)) {
    want = true;
  } else if (cross) {
    want = false;
  } else if (!o) {
    want = true;
  } else {
    /* the scheme as a browser serialises it (lower case), the host in any case */
    char scheme[16];
    snprintf(scheme, sizeof scheme, "%s://", tls ? "https" : "http");
    size_t sl = strlen(scheme);
    want = *host && strncmp(o, scheme, sl) == 0 && strcasecmp(o + sl, host) == 0;
  }
  FUZZ_CHECK(got == want, "the Origin check disagrees with the model");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 4096) return 0;
  static const char *const methods[] = {"GET", "HEAD", "POST", "OPTIONS", "DELETE"};
  const uint8_t *p = data + 1, *end = data + size;
  char *method = NULL;
  if (data[0] % 6 < 5) {
    method = strdup(methods[data[0] % 6]);
    if (!method) abort();
  } else {
    method = next_line(&p, end);
  }
  char *path = next_line(&p, end);
  char *query = next_line(&p, end);
  char *host = next_line(&p, end);
  char *ct = next_line(&p, end);
  check_route(method, path);
  serve_match m;
  serve_route_match(serve_routes, serve_route_count, method, path, &m);
  check_params(m.http_status == 0 ? m.route : NULL, query);
  check_host(host);
  check_json_type(ct);
  check_origin(data[0], ct, host);
  free(method);
  free(path);
  free(query);
  free(host);
  free(ct);
  return 0;
}
