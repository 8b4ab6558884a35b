/*
 * routes.c — the route table of API v1.  Adding a route is one entry here
 * and one handler function (handlers.c); service/openapi.json must list
 * the same routes (tests/service/test_router.c checks it).
 */
#include "serve.h"

static const serve_param_word docs[] = {
    {"declaration", MYNA_DOC_DECLARATION},
    {"explanation", MYNA_DOC_EXPLANATION},
    {"notice", MYNA_DOC_NOTICE},
    {"packet", MYNA_DOC_PACKET},
    {NULL, 0}};

static const serve_param_word schemas[] = {
    {"card-data.schema.json", 1},
    {"clinic.schema.json", 2},
    {NULL, 0}};

static const char *const render_query[] = {"template", "pinless", "blank", "allow_unknown",
                                           "pdfa", NULL};
static const char *const batch_query[] = {"pinless", "allow_unknown", "skip_bad", "pdfa", NULL};
static const char *const tekiyo_query[] = {"allow_unknown", NULL};

const serve_route serve_routes[] = {
    {"POST", "/v1/render/{doc}", docs, ROUTE_BODY_JSON, handle_render, render_query},
    {"POST", "/v1/batch/{doc}", docs, ROUTE_BODY_JSONL | ROUTE_BATCH, handle_batch, batch_query},
    {"POST", "/v1/tekiyo", NULL, ROUTE_BODY_JSON, handle_tekiyo, tekiyo_query},
    {"GET", "/v1/templates", NULL, 0, handle_templates, NULL},
    {"GET", "/v1/card", NULL, ROUTE_CARD, handle_card_get, NULL},
    {"POST", "/v1/card", NULL, ROUTE_BODY_JSON | ROUTE_CARD, handle_card_post, NULL},
    {"GET", "/health", NULL, ROUTE_PUBLIC, handle_health, NULL},
    {"HEAD", "/health", NULL, ROUTE_PUBLIC, handle_health, NULL},
    {"GET", "/openapi.json", NULL, ROUTE_PUBLIC, handle_openapi, NULL},
    {"GET", "/schema/{name}", schemas, ROUTE_PUBLIC, handle_schema, NULL},
    {"GET", "/", NULL, ROUTE_PUBLIC, handle_page, NULL},
    {"GET", "/app.css", NULL, ROUTE_PUBLIC, handle_page, NULL},
    {"GET", "/app.js", NULL, ROUTE_PUBLIC, handle_page, NULL},
};

const size_t serve_route_count = sizeof serve_routes / sizeof serve_routes[0];
