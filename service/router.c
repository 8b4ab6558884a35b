/*
 * router.c — which route a request is for, and what its query parameters
 * say.  No libmicrohttpd here: the fuzz target tests/fuzz/fuzz_serve.c
 * drives these functions with arbitrary bytes.
 */
#include <stdio.h>
#include <string.h>

#include "serve.h"

/* Matches path against pattern; a "{param}" at the end takes one of
 * words.  Returns 1 on a match (*param set), 0 if not. */
static int pattern_match(const serve_route *r, const char *path, int *param) {
  const char *brace = strchr(r->pattern, '{');
  if (!brace) return strcmp(r->pattern, path) == 0;
  size_t prefix = (size_t)(brace - r->pattern);
  if (strncmp(r->pattern, path, prefix) != 0) return 0;
  const char *rest = path + prefix;
  for (const serve_param_word *w = r->words; w && w->word; w++)
    if (!strcmp(w->word, rest)) {
      *param = w->value;
      return 1;
    }
  return 0;
}

void serve_route_match(const serve_route *table, size_t n, const char *method,
                       const char *path, serve_match *m) {
  memset(m, 0, sizeof *m);
  m->http_status = 404;
  size_t used = 0;
  for (size_t i = 0; i < n; i++) {
    int param = 0;
    if (!pattern_match(&table[i], path, &param)) continue;
    if (!strcmp(table[i].method, method)) {
      m->http_status = 0;
      m->route = &table[i];
      m->param = param;
      m->allow[0] = '\0';
      return;
    }
    /* the path exists with another method: 405 with an Allow list */
    if (m->http_status == 404) m->route = &table[i];
    m->http_status = 405;
    size_t len = strlen(table[i].method);
    if (used + len + 3 < sizeof m->allow) {
      if (used) {
        memcpy(m->allow + used, ", ", 2);
        used += 2;
      }
      memcpy(m->allow + used, table[i].method, len);
      used += len;
      m->allow[used] = '\0';
    }
  }
}

/* A parameter name is quoted in a message only when it looks like one:
 * [a-z_]{1,32}.  No digits, so a quoted name never reads as a My Number
 * (found by fuzz_serve: "bi111111110111nme"). */
static bool quotable_name(const char *s) {
  size_t n = 0;
  for (; s[n]; n++) {
    char c = s[n];
    if (n >= 32 || !((c >= 'a' && c <= 'z') || c == '_')) return false;
  }
  return n > 0;
}

static bool is_allowed(const char *const *allowed, const char *key) {
  for (size_t i = 0; allowed && allowed[i]; i++)
    if (!strcmp(allowed[i], key)) return true;
  return false;
}

/* "1", "true", "" (or no value) are true; "0", "false" false. */
static int parse_flag(const char *v, bool *out) {
  if (!v || !*v || !strcmp(v, "1") || !strcmp(v, "true")) {
    *out = true;
    return 0;
  }
  if (!strcmp(v, "0") || !strcmp(v, "false")) {
    *out = false;
    return 0;
  }
  return -1;
}

/* A template name: the file stem the library lists, [A-Za-z0-9._-]. */
static bool template_name_ok(const char *v) {
  size_t n = 0;
  for (; v[n]; n++) {
    char c = v[n];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok || n >= 63) return false;
  }
  return n > 0 && v[0] != '.';
}

int serve_param_parse(serve_params *p, const char *const *allowed, const char *key,
                      const char *value, char *err, size_t err_size) {
  if (!key || !is_allowed(allowed, key)) {
    if (key && quotable_name(key))
      snprintf(err, err_size, "unknown query parameter '%s'", key);
    else
      snprintf(err, err_size, "unknown query parameter");
    return -1;
  }
  bool *flag = NULL;
  if (!strcmp(key, "pinless")) flag = &p->pinless;
  else if (!strcmp(key, "blank")) flag = &p->blank;
  else if (!strcmp(key, "allow_unknown")) flag = &p->allow_unknown;
  else if (!strcmp(key, "skip_bad")) flag = &p->skip_bad;
  else if (!strcmp(key, "pdfa")) flag = &p->pdfa;
  if (flag) {
    if (parse_flag(value, flag) == 0) return 0;
    snprintf(err, err_size, "query parameter '%s' must be 1, 0, true or false", key);
    return -1;
  }
  if (!strcmp(key, "template")) {
    if (value && template_name_ok(value)) {
      memcpy(p->template_name, value, strlen(value) + 1);
      return 0;
    }
    snprintf(err, err_size,
             "query parameter 'template' must be a template name (see GET /v1/templates)");
    return -1;
  }
  snprintf(err, err_size, "unknown query parameter '%s'", key);
  return -1;
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

bool serve_host_name(const char *host, char *out, size_t out_size) {
  if (!host || !*host || out_size < 2) return false;
  const char *end;
  const char *start = host;
  if (*host == '[') { /* IPv6 literal */
    start = host + 1;
    end = strchr(start, ']');
    if (!end) return false;
    const char *after = end + 1;
    if (*after && *after != ':') return false;
    if (*after == ':') host = after;
    else host = after;
  } else {
    end = strchr(host, ':');
    if (!end) end = host + strlen(host);
    host = end;
  }
  /* an optional :port of 1 to 5 digits */
  if (*host == ':') {
    size_t d = 0;
    for (host++; *host >= '0' && *host <= '9'; host++) d++;
    if (d < 1 || d > 5) return false;
  }
  if (*host) return false;
  size_t n = (size_t)(end - start);
  if (n == 0 || n >= out_size) return false;
  for (size_t i = 0; i < n; i++) {
    char c = start[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.' || c == ':' || c == '_';
    if (!ok) return false;
    out[i] = lower(c);
  }
  out[n] = '\0';
  return true;
}

/* Whether ct is the media type want (lower case), parameters allowed. */
static bool is_type(const char *ct, const char *want) {
  if (!ct) return false;
  while (*ct == ' ' || *ct == '\t') ct++;
  size_t n = strlen(want);
  for (size_t i = 0; i < n; i++)
    if (lower(ct[i]) != want[i]) return false;
  ct += n;
  while (*ct == ' ' || *ct == '\t') ct++;
  return *ct == '\0' || *ct == ';';
}

bool serve_is_json_type(const char *ct) { return is_type(ct, "application/json"); }

bool serve_is_jsonl_type(const char *ct) {
  return is_type(ct, "application/jsonl") || is_type(ct, "application/x-ndjson") ||
         is_type(ct, "application/x-jsonlines");
}

/* Whether origin is exactly scheme "://" host, the ASCII case ignored. */
static bool origin_is(const char *origin, const char *scheme, const char *host) {
  size_t s = strlen(scheme);
  if (strncmp(origin, scheme, s) != 0 || strncmp(origin + s, "://", 3) != 0) return false;
  const char *o = origin + s + 3;
  size_t n = strlen(host);
  if (strlen(o) != n) return false;
  for (size_t i = 0; i < n; i++)
    if (lower(o[i]) != lower(host[i])) return false;
  return n > 0;
}

bool serve_origin_ok(const char *origin, const char *fetch_site, const char *host, bool tls,
                     const char *allowed) {
  if (origin && allowed && !strcmp(origin, allowed)) return true;
  if (fetch_site && !strcmp(fetch_site, "cross-site")) return false;
  if (!origin) return true;
  return host && origin_is(origin, tls ? "https" : "http", host);
}
