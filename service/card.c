/*
 * card.c — GET and POST /v1/card: the My Number card on the reader named by
 * --card-reader (the library's myna_card_*).  Both answer 404 when the
 * service runs without a reader.  One card operation at a time (a mutex:
 * a reader serves one session).  The PIN comes in the POST body only; it is
 * never logged, and the body and the parsed copy are wiped once VERIFY has
 * been sent.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "request.h"

static pthread_mutex_t card_lock = PTHREAD_MUTEX_INITIALIZER;

static int card_error(serve_request *r, myna_ctx *ctx, myna_status st, int tries) {
  const char *m = myna_ctx_errmsg(ctx);
  unsigned http = serve_http_status_for(st);
  if (st != MYNA_ERR_CARD_PIN_WRONG && st != MYNA_ERR_CARD_LAST_TRY &&
      st != MYNA_ERR_CARD_PIN_LOCKED)
    tries = -1;
  if (st == MYNA_ERR_CARD_LAST_TRY) tries = 1;
  if (st == MYNA_ERR_CARD_PIN_LOCKED) tries = 0;
  char *json = serve_error_json_tries(http, serve_error_code_for(st),
                                      m && *m ? m : myna_status_str(st), tries);
  return serve_respond_json(r, http, json);
}

/* Both handlers run only with --card-reader: without it request.c answers
 * 404 to every method of the card routes (ROUTE_CARD) before any body. */
int handle_card_get(serve_request *r) {
  int rc = 0;
  myna_ctx *ctx = serve_ctx_or_503(r, &rc);
  if (!ctx) return rc;
  pthread_mutex_lock(&card_lock);
  myna_card *card = NULL;
  myna_status st = myna_card_open(ctx, serve_g.cfg->card_reader, &card);
  int tries = -1;
  if (st == MYNA_OK) st = myna_card_probe(card, &tries);
  json_t *o = NULL;
  bool present = st == MYNA_OK || st == MYNA_ERR_CARD_NOT_MYNUMBER ||
                 st == MYNA_ERR_CARD_PINLESS || st == MYNA_ERR_CARD_PIN_LOCKED;
  if (card && (present || st == MYNA_ERR_CARD_NO_CARD || st == MYNA_ERR_CARD_REMOVED)) {
    o = json_pack("{s:s, s:b, s:o}", "reader", myna_card_reader(card), "card_present", present,
                  "tries_left",
                  present && tries >= 0 && st != MYNA_ERR_CARD_NOT_MYNUMBER &&
                          st != MYNA_ERR_CARD_PINLESS
                      ? json_integer(tries)
                      : json_null());
  }
  int res;
  if (o) {
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    res = serve_respond_json(r, 200, s);
  } else {
    res = card_error(r, ctx, st, -1);
  }
  myna_card_free(card);
  pthread_mutex_unlock(&card_lock);
  return res;
}

/* The body {"pin":"1234","confirm_last_try":false}: the PIN into pin[5]. */
static int parse_body(serve_request *r, char pin[5], bool *confirm) {
  json_error_t err;
  json_t *o = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES, &err);
  if (r->body) explicit_bzero(r->body, r->body_len);
  const char *problem = NULL;
  if (!json_is_object(o)) problem = "the body must be a JSON object {\"pin\":\"1234\"}";
  const char *key;
  json_t *v;
  if (!problem) {
    json_object_foreach(o, key, v) {
      if (strcmp(key, "pin") && strcmp(key, "confirm_last_try")) {
        problem = "the body takes only \"pin\" and \"confirm_last_try\"";
        break;
      }
    }
  }
  json_t *p = problem ? NULL : json_object_get(o, "pin");
  json_t *c = problem ? NULL : json_object_get(o, "confirm_last_try");
  if (!problem && c && !json_is_boolean(c)) problem = "$.confirm_last_try: expected true or false";
  if (!problem) {
    const char *s = json_is_string(p) ? json_string_value(p) : NULL;
    size_t n = s ? json_string_length(p) : 0;
    bool ok = n == 4;
    for (size_t i = 0; ok && i < 4; i++) ok = s[i] >= '0' && s[i] <= '9';
    if (!ok) problem = "$.pin: needs exactly 4 digits";
    else memcpy(pin, s, 4);
    pin[4] = '\0';
    if (s) explicit_bzero((char *)s, n); /* jansson's copy */
  }
  *confirm = c && json_is_true(c);
  json_decref(o);
  if (problem) return serve_respond_error(r, 400, "bad_parameter", problem);
  return 1;
}

int handle_card_post(serve_request *r) {
  char pin[5] = {0};
  bool confirm = false;
  int pb = parse_body(r, pin, &confirm);
  if (pb != 1) return pb;
  int rc = 0;
  myna_ctx *ctx = serve_ctx_or_503(r, &rc);
  if (!ctx) {
    explicit_bzero(pin, sizeof pin);
    return rc;
  }
  pthread_mutex_lock(&card_lock);
  myna_card *card = NULL;
  myna_status st = myna_card_open(ctx, serve_g.cfg->card_reader, &card);
  char *json = NULL;
  if (st == MYNA_OK)
    st = myna_card_read(card, pin, 4, confirm ? MYNA_CARD_CONFIRM_LAST_TRY : 0, &json);
  explicit_bzero(pin, sizeof pin);
  int tries = myna_card_tries_left(card);
  int res;
  if (st == MYNA_OK) {
    char *s = strdup(json);
    explicit_bzero(json, strlen(json));
    res = s ? serve_respond_json(r, 200, s)
            : serve_respond_error(r, 500, "out_of_memory", "out of memory");
  } else {
    res = card_error(r, ctx, st, tries);
  }
  myna_free(json);
  myna_card_free(card);
  pthread_mutex_unlock(&card_lock);
  return res;
}
