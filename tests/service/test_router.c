/*
 * test_router.c — the service's router without a network: route look-up
 * (200/404/405 and the Allow list), query parameters, Host names, the JSON
 * content type, the error body, and service/openapi.json listing exactly
 * the routes of the table (methods, paths, and the values of {param}).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "serve.h"

static void test_match(void **state) {
  (void)state;
  serve_match m;
  serve_route_match(serve_routes, serve_route_count, "POST", "/v1/render/packet", &m);
  assert_int_equal(m.http_status, 0);
  assert_string_equal(m.route->pattern, "/v1/render/{doc}");
  assert_int_equal(m.param, MYNA_DOC_PACKET);
  serve_route_match(serve_routes, serve_route_count, "HEAD", "/health", &m);
  assert_int_equal(m.http_status, 0);
  serve_route_match(serve_routes, serve_route_count, "GET", "/v1/render/declaration", &m);
  assert_int_equal(m.http_status, 405);
  assert_string_equal(m.allow, "POST");
  serve_route_match(serve_routes, serve_route_count, "POST", "/health", &m);
  assert_int_equal(m.http_status, 405);
  assert_string_equal(m.allow, "GET, HEAD");
  /* the staff page and its two assets, GET only */
  serve_route_match(serve_routes, serve_route_count, "GET", "/", &m);
  assert_int_equal(m.http_status, 0);
  assert_true(m.route->flags & ROUTE_PUBLIC);
  serve_route_match(serve_routes, serve_route_count, "GET", "/app.js", &m);
  assert_int_equal(m.http_status, 0);
  serve_route_match(serve_routes, serve_route_count, "POST", "/", &m);
  assert_int_equal(m.http_status, 405);
  assert_string_equal(m.allow, "GET");
  static const char *const missing[] = {"", "/index.html", "/app.js/", "/web/app.js", "/v1/render/", "/v1/render/declaration/",
                                        "/v1/render/declarationx", "/v1/render/{doc}",
                                        "/health/", "/HEALTH", "//health", "/v1/templates?x",
                                        "/schema/../schema/clinic.schema.json"};
  for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
    serve_route_match(serve_routes, serve_route_count, "GET", missing[i], &m);
    assert_int_equal(m.http_status, 404);
    assert_null(m.route);
  }
}

/* Origin and Sec-Fetch-Site: a foreign page cannot drive the API. */
static void test_origin(void **state) {
  (void)state;
  const char *host = "127.0.0.1:8765", *allowed = "https://karte.example";
  /* no Origin, no Sec-Fetch-Site: curl, a clinic system */
  assert_true(serve_origin_ok(NULL, NULL, host, false, NULL));
  /* the service's own origin (the staff page), any ASCII case */
  assert_true(serve_origin_ok("http://127.0.0.1:8765", "same-origin", host, false, NULL));
  assert_true(serve_origin_ok("http://LOCALHOST:8765", NULL, "localhost:8765", false, NULL));
  assert_true(serve_origin_ok("https://127.0.0.1:8765", NULL, host, true, NULL));
  /* the scheme must be the service's, the port too */
  assert_false(serve_origin_ok("https://127.0.0.1:8765", NULL, host, false, NULL));
  assert_false(serve_origin_ok("http://127.0.0.1:8765", NULL, host, true, NULL));
  assert_false(serve_origin_ok("http://127.0.0.1:8766", NULL, host, false, NULL));
  assert_false(serve_origin_ok("http://127.0.0.1", NULL, host, false, NULL));
  assert_false(serve_origin_ok("http://127.0.0.1:8765/", NULL, host, false, NULL));
  assert_false(serve_origin_ok("http://127.0.0.1:8765", NULL, NULL, false, NULL));
  /* another origin, or none the browser will say ("null") */
  assert_false(serve_origin_ok("https://evil.example", NULL, host, false, NULL));
  assert_false(serve_origin_ok("null", NULL, host, false, NULL));
  assert_false(serve_origin_ok("", NULL, host, false, NULL));
  /* cross-site, whatever the Origin claims, unless it is the allowed one */
  assert_false(serve_origin_ok(NULL, "cross-site", host, false, NULL));
  assert_false(serve_origin_ok("http://127.0.0.1:8765", "cross-site", host, false, NULL));
  assert_true(serve_origin_ok(NULL, "same-site", host, false, NULL));
  assert_true(serve_origin_ok(NULL, "none", host, false, NULL));
  /* --allow-origin: exactly that origin, cross-site or not */
  assert_true(serve_origin_ok(allowed, "cross-site", host, false, allowed));
  assert_true(serve_origin_ok(allowed, NULL, host, false, allowed));
  assert_false(serve_origin_ok("https://karte.example.evil", "cross-site", host, false, allowed));
  assert_false(serve_origin_ok("https://evil.example", NULL, host, false, allowed));
  assert_false(serve_origin_ok(NULL, "cross-site", host, false, allowed));
}

static const char *const render_q[] = {"template", "pinless", "blank", "allow_unknown", NULL};

static void test_params(void **state) {
  (void)state;
  serve_params p = {0};
  char err[160];
  assert_int_equal(serve_param_parse(&p, render_q, "blank", NULL, err, sizeof err), 0);
  assert_true(p.blank);
  assert_int_equal(serve_param_parse(&p, render_q, "blank", "0", err, sizeof err), 0);
  assert_false(p.blank);
  assert_int_equal(serve_param_parse(&p, render_q, "pinless", "true", err, sizeof err), 0);
  assert_true(p.pinless);
  assert_int_equal(serve_param_parse(&p, render_q, "template", "notice-2023", err, sizeof err), 0);
  assert_string_equal(p.template_name, "notice-2023");
  assert_int_equal(serve_param_parse(&p, render_q, "blank", "yes", err, sizeof err), -1);
  assert_string_equal(err, "query parameter 'blank' must be 1, 0, true or false");
  assert_int_equal(serve_param_parse(&p, render_q, "template", "../etc", err, sizeof err), -1);
  assert_int_equal(serve_param_parse(&p, render_q, "template", "", err, sizeof err), -1);
  assert_int_equal(serve_param_parse(&p, render_q, "foo", "1", err, sizeof err), -1);
  assert_string_equal(err, "unknown query parameter 'foo'");
  /* a name that may be data is not quoted */
  assert_int_equal(serve_param_parse(&p, render_q, "山田花子", "1", err, sizeof err), -1);
  assert_string_equal(err, "unknown query parameter");
  /* nor one with digits, which could read as a My Number (fuzz_serve) */
  assert_int_equal(serve_param_parse(&p, render_q, "bi111111110111nme", "1", err, sizeof err), -1);
  assert_string_equal(err, "unknown query parameter");
  assert_int_equal(serve_param_parse(&p, NULL, "blank", "1", err, sizeof err), -1);
  char long_name[70];
  memset(long_name, 'a', sizeof long_name - 1);
  long_name[sizeof long_name - 1] = '\0';
  assert_int_equal(serve_param_parse(&p, render_q, "template", long_name, err, sizeof err), -1);
}

static void test_host(void **state) {
  (void)state;
  char h[64];
  assert_true(serve_host_name("127.0.0.1:8765", h, sizeof h));
  assert_string_equal(h, "127.0.0.1");
  assert_true(serve_host_name("LocalHost", h, sizeof h));
  assert_string_equal(h, "localhost");
  assert_true(serve_host_name("[::1]:80", h, sizeof h));
  assert_string_equal(h, "::1");
  assert_true(serve_host_name("[::1]", h, sizeof h));
  static const char *const bad[] = {"", ":80", "a:", "a:123456", "a:8x", "[::1", "[::1]x",
                                    "a b", "a/b", "evil.example\r\n", "a:80:80"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_false(serve_host_name(bad[i], h, sizeof h));
  assert_false(serve_host_name(NULL, h, sizeof h));
}

static void test_json_type(void **state) {
  (void)state;
  assert_true(serve_is_json_type("application/json"));
  assert_true(serve_is_json_type("Application/JSON; charset=utf-8"));
  assert_true(serve_is_json_type(" application/json ;x"));
  assert_false(serve_is_json_type("application/jsonx"));
  assert_false(serve_is_json_type("text/json"));
  assert_false(serve_is_json_type(""));
  assert_false(serve_is_json_type(NULL));
}

static void test_error_json(void **state) {
  (void)state;
  char *s = serve_error_json(422, "my_number", "$.insurance.number: a 個人番号 is refused");
  json_t *o = json_loads(s, 0, NULL);
  assert_non_null(o);
  assert_int_equal(json_integer_value(json_object_get(o, "status")), 422);
  assert_string_equal(json_string_value(json_object_get(o, "code")), "my_number");
  assert_string_equal(json_string_value(json_object_get(o, "path")), "$.insurance.number");
  json_decref(o);
  free(s);
  s = serve_error_json(404, "not_found", "no such route");
  o = json_loads(s, 0, NULL);
  assert_true(json_is_null(json_object_get(o, "path")));
  json_decref(o);
  free(s);
  assert_int_equal(serve_http_status_for(MYNA_ERR_MY_NUMBER), 422);
  assert_int_equal(serve_http_status_for(MYNA_ERR_FIT), 422);
  assert_int_equal(serve_http_status_for(MYNA_ERR_RESOURCE), 503);
  assert_int_equal(serve_http_status_for(MYNA_ERR_PDF), 500);
  assert_string_equal(serve_error_code_for(MYNA_ERR_MY_NUMBER), "my_number");
}

/* OpenAPI and the route table name the same (method, path) pairs, and a
 * {param}'s enum is the table's words, in order. */
static void test_openapi_in_sync(void **state) {
  (void)state;
  json_error_t je;
  json_t *doc = json_load_file(MYNAFORM_OPENAPI, 0, &je);
  assert_non_null(doc);
  assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
  json_t *paths = json_object_get(doc, "paths");
  size_t listed = 0;
  const char *path;
  json_t *item;
  json_object_foreach(paths, path, item) {
    const char *method;
    json_t *op;
    json_object_foreach(item, method, op) {
      char upper[16];
      size_t n = strlen(method);
      assert_true(n < sizeof upper);
      for (size_t i = 0; i <= n; i++)
        upper[i] = (char)(method[i] >= 'a' && method[i] <= 'z' ? method[i] - 32 : method[i]);
      const serve_route *found = NULL;
      for (size_t i = 0; i < serve_route_count; i++)
        if (!strcmp(serve_routes[i].method, upper) && !strcmp(serve_routes[i].pattern, path))
          found = &serve_routes[i];
      if (!found) fail_msg("openapi.json lists %s %s, which the service does not route", upper, path);
      listed++;
      /* a path parameter's enum = the words of the table */
      json_t *params = json_object_get(op, "parameters");
      size_t k;
      json_t *p;
      json_array_foreach(params, k, p) {
        if (strcmp(json_string_value(json_object_get(p, "in")), "path")) continue;
        json_t *en = json_object_get(json_object_get(p, "schema"), "enum");
        size_t w = 0;
        for (; found->words && found->words[w].word; w++)
          assert_string_equal(json_string_value(json_array_get(en, w)), found->words[w].word);
        assert_int_equal(json_array_size(en), w);
      }
      /* public routes say so (security: []) and the others do not */
      json_t *sec = json_object_get(op, "security");
      bool open = sec && json_array_size(sec) == 0;
      if (open != !!(found->flags & ROUTE_PUBLIC))
        fail_msg("%s %s: security in openapi.json disagrees with the route table", upper, path);
    }
  }
  if (listed != serve_route_count)
    fail_msg("the route table has %zu routes, openapi.json lists %zu", serve_route_count, listed);
  /* the card-data schema is referenced, not copied */
  char *text = json_dumps(doc, 0);
  assert_non_null(strstr(text, "\"$ref\": \"../schema/card-data.schema.json\""));
  assert_null(strstr(text, "\"birth_date\""));
  free(text);
  json_decref(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_match),     cmocka_unit_test(test_params),
      cmocka_unit_test(test_host),      cmocka_unit_test(test_json_type),
      cmocka_unit_test(test_origin),
      cmocka_unit_test(test_error_json), cmocka_unit_test(test_openapi_in_sync),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
