/*
 * page.c — the staff page (issue #13): GET / is web/index.html, GET
 * /app.css and /app.js its style sheet and script, all built into the
 * binary (service/embed.cmake).  The page is public (it holds no data; the
 * API it calls asks for the token), and its Content-Security-Policy allows
 * nothing but this origin: no inline script or style, no other host, the
 * preview's blob: PDF in a frame, no plug-in objects, and no framing of the
 * page by another site.
 */
#include <string.h>

#include "request.h"
#include "embedded.h"

#define PAGE_CSP                                                                          \
  "default-src 'self'; frame-src 'self' blob:; object-src 'none'; base-uri 'none'; "      \
  "form-action 'none'; frame-ancestors 'none'"

int handle_page(serve_request *r) {
  const char *pattern = r->route->pattern;
  const unsigned char *p = serve_page_html;
  size_t n = serve_page_html_len;
  const char *type = "text/html; charset=utf-8";
  if (!strcmp(pattern, "/app.css")) {
    p = serve_page_css;
    n = serve_page_css_len;
    type = "text/css; charset=utf-8";
  } else if (!strcmp(pattern, "/app.js")) {
    p = serve_page_js;
    n = serve_page_js_len;
    type = "text/javascript; charset=utf-8";
  }
  const char *extra[] = {"Content-Security-Policy", PAGE_CSP, "X-Frame-Options", "DENY", NULL};
  return serve_respond(r, 200, type, (void *)p, n, NULL, extra);
}
