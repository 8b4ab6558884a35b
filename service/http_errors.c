/*
 * http_errors.c — errors as JSON: {"status", "code", "message", "path"}.
 * The message is the library's own, which names the field by its JSON path
 * and never quotes the value (the service never opens a context with
 * MYNA_CONFIG_VERBOSE).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "serve.h"

unsigned serve_http_status_for(myna_status st) {
  switch (st) {
    case MYNA_OK: return 200;
    case MYNA_ERR_USAGE: return 400;
    case MYNA_ERR_DATA:
    case MYNA_ERR_MY_NUMBER:
    case MYNA_ERR_GLYPH:
    case MYNA_ERR_FIT:
    case MYNA_ERR_LIMIT: return 422;
    case MYNA_ERR_RESOURCE: return 503;
    case MYNA_ERR_IO:
    case MYNA_ERR_TEMPLATE:
    case MYNA_ERR_NOMEM:
    case MYNA_ERR_PDF:
    case MYNA_ERR_INTERNAL: return 500;
    case MYNA_ERR_CARD_NO_READER: return 503;
    case MYNA_ERR_CARD_NO_CARD:
    case MYNA_ERR_CARD_LAST_TRY:
    case MYNA_ERR_CARD_REMOVED: return 409;
    case MYNA_ERR_CARD_NOT_MYNUMBER:
    case MYNA_ERR_CARD_PINLESS:
    case MYNA_ERR_CARD_DATA: return 422;
    case MYNA_ERR_CARD_PIN_WRONG: return 403;
    case MYNA_ERR_CARD_PIN_LOCKED: return 423;
  }
  return 500;
}

const char *serve_error_code_for(myna_status st) {
  switch (st) {
    case MYNA_OK: return "ok";
    case MYNA_ERR_USAGE: return "bad_parameter";
    case MYNA_ERR_NOMEM: return "out_of_memory";
    case MYNA_ERR_IO: return "io";
    case MYNA_ERR_RESOURCE: return "resources_missing";
    case MYNA_ERR_TEMPLATE: return "template";
    case MYNA_ERR_DATA: return "data";
    case MYNA_ERR_MY_NUMBER: return "my_number";
    case MYNA_ERR_GLYPH: return "glyph";
    case MYNA_ERR_FIT: return "fit";
    case MYNA_ERR_LIMIT: return "limit";
    case MYNA_ERR_PDF: return "pdf";
    case MYNA_ERR_INTERNAL: return "internal";
    case MYNA_ERR_CARD_NO_READER: return "card_no_reader";
    case MYNA_ERR_CARD_NO_CARD: return "card_no_card";
    case MYNA_ERR_CARD_NOT_MYNUMBER: return "card_not_mynumber";
    case MYNA_ERR_CARD_PINLESS: return "card_pinless";
    case MYNA_ERR_CARD_PIN_WRONG: return "card_pin_wrong";
    case MYNA_ERR_CARD_PIN_LOCKED: return "card_pin_locked";
    case MYNA_ERR_CARD_LAST_TRY: return "card_last_try";
    case MYNA_ERR_CARD_REMOVED: return "card_removed";
    case MYNA_ERR_CARD_DATA: return "card_data";
  }
  return "internal";
}

char *serve_error_json(unsigned http_status, const char *code, const char *message) {
  return serve_error_json_tries(http_status, code, message, -1);
}

char *serve_error_json_tries(unsigned http_status, const char *code, const char *message,
                             int tries_left) {
  json_t *o = json_object();
  if (!o) return NULL;
  json_t *path = json_null();
  const char *sep = message && message[0] == '$' ? strstr(message, ": ") : NULL;
  if (sep) path = json_stringn(message, (size_t)(sep - message));
  json_object_set_new(o, "status", json_integer(http_status));
  json_object_set_new(o, "code", json_string(code));
  /* json_string refuses invalid UTF-8; the library's messages are UTF-8 */
  json_t *m = json_string(message ? message : "");
  json_object_set_new(o, "message", m ? m : json_string("(message not UTF-8)"));
  json_object_set_new(o, "path", path ? path : json_null());
  if (tries_left >= 0) json_object_set_new(o, "tries_left", json_integer(tries_left));
  char *s = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  return s;
}
