/*
 * fuzz_util.h — what the fuzz targets share: opening one context for the
 * whole run, a deterministic hash of the input to choose options from, and
 * the oracles that turn silent misbehaviour into a crash the fuzzer keeps
 * (a failure without a message, a message that is not UTF-8, a message or
 * warning that quotes a value).
 *
 * The privacy oracle: the seed corpora put the marker strings "秘" and
 * "QZX" into values.  Without MYNA_CONFIG_VERBOSE a message or warning may
 * name a member (its JSON path) but never quote a value, so a marker may
 * appear in a message only if some member name of the input holds it.
 *
 * The 番号法 oracle: nothing printed — a record text, a glyph run of the
 * layout, a message or warning, verbose or not — may fold to a valid
 * 12-digit number (core/my_number.h, the screen's own definition), since
 * the screen must have refused the input that would print it.
 *
 * Header-only (static functions) so that each target is one .c file plus
 * this header, for libFuzzer and for the replay driver alike.
 */
#ifndef MYNAFORM_FUZZ_UTIL_H
#define MYNAFORM_FUZZ_UTIL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "core/core.h"
#include "core/my_number.h"
#include "input/utf8.h"

#ifndef MYNAFORM_FUZZ_SOURCE_DIR
#define MYNAFORM_FUZZ_SOURCE_DIR "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* templates/ and fonts/: $MYNAFORM_DATA_DIR, else the source tree. */
static inline const char *fuzz_data_dir(void) {
  const char *d = getenv("MYNAFORM_DATA_DIR");
  return d && *d ? d : MYNAFORM_FUZZ_SOURCE_DIR;
}

/* Opens a context with flags (MYNA_CONFIG_*) and always without the
 * on-disk cache (MYNA_CONFIG_NO_DISK_CACHE): fuzzing must neither read nor
 * write the user's cache, and a cached template would skip its parsing
 * (fuzz_cache.c fuzzes the cache files themselves).  Aborts if it cannot,
 * since every later input would be tested against nothing. */
static inline myna_ctx *fuzz_open_ctx(unsigned flags) {
  myna_config cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.struct_size = sizeof cfg;
  cfg.data_dir = fuzz_data_dir();
  cfg.flags = flags | MYNA_CONFIG_NO_DISK_CACHE;
  myna_ctx *ctx = NULL;
  myna_status st = myna_ctx_open(&cfg, &ctx);
  if (st != MYNA_OK) {
    fprintf(stderr, "fuzz: cannot open a context with data dir %s: %s\n",
            cfg.data_dir, myna_ctx_errmsg(ctx));
    abort();
  }
  return ctx;
}

/* A whole PDF: %PDF- at the start, %%EOF near the end. */
static inline bool fuzz_is_pdf(const void *data, size_t len) {
  const char *p = data;
  if (len < 16 || memcmp(p, "%PDF-", 5) != 0) return false;
  for (size_t i = len - 5; i + 32 >= len && i > 0; i--)
    if (memcmp(p + i, "%%EOF", 5) == 0) return true;
  return false;
}

/* FNV-1a of the input: options are chosen from it, so a crash replays. */
static inline uint32_t fuzz_hash(const uint8_t *p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

/* Whether a member name anywhere in v holds a marker. */
static inline bool fuzz_key_has_marker(json_t *v) {
  if (json_is_object(v)) {
    const char *k;
    json_t *m;
    json_object_foreach(v, k, m) {
      if (fuzz_has_marker(k, strlen(k)) || fuzz_key_has_marker(m)) return true;
    }
  } else if (json_is_array(v)) {
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
      if (fuzz_key_has_marker(e)) return true;
    }
  }
  return false;
}

/* Whether the card data may legitimately show a marker in a message: a
 * member name holds one (paths name members).  Data that is not JSON has
 * no member names. */
static inline bool fuzz_markers_in_keys(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  if (size >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3, size -= 3;
  json_error_t err;
  json_t *root = json_loadb(s, size, JSON_DECODE_ANY, &err);
  bool in_keys = root && fuzz_key_has_marker(root);
  json_decref(root);
  return in_keys;
}

/* The 番号法 oracle on one printed text. */
static inline void fuzz_check_no_my_number(const char *s, size_t n,
                                           const char *what) {
  FUZZ_CHECK(!mf_my_number_find(s, n),
             "%s folds to a 12-digit 個人番号 (My Number)", what);
}

/* The 番号法 oracle on every glyph run of a layout dump (myna_render_dump:
 * lines `run FACE LAYER ... at X,Y "TEXT"`), one run at a time. */
static inline void fuzz_check_dump_runs(const char *dump) {
  for (const char *l = dump; l && *l;) {
    const char *end = strchr(l, '\n');
    size_t n = end ? (size_t)(end - l) : strlen(l);
    if (n > 4 && memcmp(l, "run ", 4) == 0) {
      const char *q = memchr(l, '"', n);
      const char *last = l + n - 1;
      if (q && q < last && *last == '"')
        fuzz_check_no_my_number(q + 1, (size_t)(last - q - 1), "a glyph run");
    }
    l = end ? end + 1 : NULL;
  }
}

/* The oracles on a context after a call that returned st. */
static inline void fuzz_check_messages(const myna_ctx *ctx, myna_status st,
                                       bool markers_allowed) {
  const char *msg = myna_ctx_errmsg(ctx);
  size_t n = strlen(msg);
  if (st != MYNA_OK) FUZZ_CHECK(n > 0, "status %d without a message", (int)st);
  FUZZ_CHECK(mf_utf8_validate(msg, n, NULL) == MF_UTF8_OK,
             "the message is not UTF-8: %s", msg);
  fuzz_check_no_my_number(msg, n, "the message");
  bool verbose = (ctx->flags & MYNA_CONFIG_VERBOSE) != 0;
  if (!verbose && !markers_allowed)
    FUZZ_CHECK(!fuzz_has_marker(msg, n), "the message quotes a value: %s", msg);
  for (size_t i = 0; i < myna_ctx_warning_count(ctx); i++) {
    const char *w = myna_ctx_warning(ctx, i);
    FUZZ_CHECK(mf_utf8_validate(w, strlen(w), NULL) == MF_UTF8_OK,
               "a warning is not UTF-8: %s", w);
    fuzz_check_no_my_number(w, strlen(w), "a warning");
    if (!verbose && !markers_allowed)
      FUZZ_CHECK(!fuzz_has_marker(w, strlen(w)), "a warning quotes a value: %s",
                 w);
  }
}

#endif
