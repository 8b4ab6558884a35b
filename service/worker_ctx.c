/*
 * worker_ctx.c — one myna_ctx per worker thread.  Contexts belong to one
 * thread at a time (mynaform.h "Threads"), so each libmicrohttpd worker
 * opens its own on first use and keeps it in thread-local storage; it is
 * freed when the thread ends (pthread key destructor).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "serve.h"

static myna_config config;
static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int key_ok;

static void free_ctx(void *p) { myna_ctx_free(p); }
static void make_key(void) { key_ok = pthread_key_create(&key, free_ctx) == 0; }

void worker_ctx_setup(const serve_config *cfg) {
  memset(&config, 0, sizeof config);
  config.struct_size = sizeof config;
  config.data_dir = cfg->data_dir;
  config.font_dir = cfg->font_dir;
  config.template_dir = cfg->template_dir;
  config.flags = 0; /* never MYNA_CONFIG_VERBOSE: messages quote no value */
  pthread_once(&once, make_key);
}

myna_ctx *worker_ctx_get(myna_status *st, char *msg, size_t msg_size) {
  pthread_once(&once, make_key);
  if (!key_ok) {
    *st = MYNA_ERR_NOMEM;
    snprintf(msg, msg_size, "cannot create thread-local storage");
    return NULL;
  }
  myna_ctx *ctx = pthread_getspecific(key);
  if (ctx) return ctx;
  *st = myna_ctx_open(&config, &ctx);
  if (*st != MYNA_OK) {
    /* fonts or templates missing: said each time, retried next time */
    snprintf(msg, msg_size, "%s", ctx ? myna_ctx_errmsg(ctx) : myna_status_str(*st));
    myna_ctx_free(ctx);
    return NULL;
  }
  if (pthread_setspecific(key, ctx) != 0) {
    myna_ctx_free(ctx);
    *st = MYNA_ERR_NOMEM;
    snprintf(msg, msg_size, "cannot keep the worker's context");
    return NULL;
  }
  return ctx;
}
