/*
 * fuzz_csv.c — fuzz target for the CSV reader of `mynaform batch`
 * (cli/csv_records.c): arbitrary bytes as a CSV file with a header row.
 *
 * The reader promises that the input may arrive in pieces of any size, so
 * the same bytes are fed whole, in three pieces cut where the input's hash
 * says, and (for short inputs) one byte at a time: the records, their line
 * numbers, errors and final status must be identical.  A run whose callback
 * stops early must see a prefix of them.
 *
 * Other oracles: every good record is a JSON object jansson accepts (NUL
 * bytes allowed: regressions/csv/nul-byte-in-cell.csv); no
 * message quotes a cell (column names are ASCII paths, so the non-ASCII
 * marker 秘 of the seeds may never appear in one).
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond, ...)                                          \
  do {                                                            \
    if (!(cond)) {                                                \
      fprintf(stderr, "fuzz oracle failed: %s: ", #cond);         \
      fprintf(stderr, __VA_ARGS__);                               \
      fputc('\n', stderr);                                        \
      abort();                                                    \
    }                                                             \
  } while (0)

static const char marker[] = "\xE7\xA7\x98"; /* 秘 */

/* What a run saw, as text to compare. */
typedef struct trace {
  char *s;
  size_t len, cap;
  unsigned long long n;
  unsigned long long stop_after; /* 0: never stop */
} trace;

static void put(trace *t, const void *p, size_t n) {
  if (t->len + n + 1 > t->cap) {
    size_t c = t->cap ? t->cap : 256;
    while (c < t->len + n + 1) c *= 2;
    char *s = realloc(t->s, c);
    if (!s) abort();
    t->s = s;
    t->cap = c;
  }
  memcpy(t->s + t->len, p, n);
  t->len += n;
  t->s[t->len] = '\0';
}

static bool has_marker(const char *s) { return s && strstr(s, marker) != NULL; }

static int on_record(void *user, const csv_record *rec) {
  trace *t = user;
  char head[128];
  int k = snprintf(head, sizeof head, "%llu:%llu:%s:", rec->number, rec->line,
                   rec->json ? "ok" : rec->kind);
  put(t, head, (size_t)k);
  CHECK(rec->number == t->n + 1, "record %llu after %llu", rec->number, t->n);
  t->n = rec->number;
  if (rec->json) {
    CHECK(strlen(rec->json) == rec->json_len, "json_len %zu", rec->json_len);
    json_error_t err;
    /* a NUL byte in a cell becomes \u0000, which the library refuses
     * (its parser runs without JSON_ALLOW_NUL) as invalid data */
    json_t *v = json_loadb(rec->json, rec->json_len,
                           JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
    CHECK(json_is_object(v), "record %llu is not a JSON object: %s", rec->number,
          err.text);
    json_decref(v);
    put(t, rec->json, rec->json_len);
  } else {
    CHECK(rec->kind && rec->error && *rec->error, "a bad record without a reason");
    CHECK(!has_marker(rec->error), "the error quotes a cell: %s", rec->error);
    put(t, rec->error, strlen(rec->error));
  }
  put(t, "\n", 1);
  return t->stop_after && rec->number >= t->stop_after;
}

/* Feeds data in pieces ending at the offsets cuts[0..ncuts) (ascending). */
static csvr_status run(const uint8_t *data, size_t size, const size_t *cuts,
                       size_t ncuts, trace *t) {
  csv_records *r = csv_records_new(on_record, t);
  if (!r) abort();
  csvr_status st = CSVR_OK;
  size_t at = 0;
  for (size_t i = 0; i <= ncuts && st == CSVR_OK; i++) {
    size_t end = i < ncuts ? cuts[i] : size;
    if (end > at) st = csv_records_feed(r, data + at, end - at);
    at = end;
  }
  if (st == CSVR_OK) st = csv_records_finish(r);
  const char *msg = csv_records_errmsg(r);
  CHECK(st >= 0 || *msg, "status %d without a message", (int)st);
  CHECK(!has_marker(msg), "the message quotes a cell: %s", msg);
  CHECK(csv_records_count(r) == t->n, "count %llu, delivered %llu",
        csv_records_count(r), t->n);
  char tail[300];
  int k = snprintf(tail, sizeof tail, "status %d: %s\n", (int)st, msg);
  put(t, tail, (size_t)k);
  csv_records_free(r);
  return st;
}

static uint32_t hash(const uint8_t *p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  trace whole = {0}, pieces = {0}, bytes = {0}, early = {0};
  run(data, size, NULL, 0, &whole);

  uint32_t h = hash(data, size);
  if (size > 1) {
    size_t cuts[2] = {h % size, (h >> 16) % size};
    if (cuts[0] > cuts[1]) {
      size_t c = cuts[0];
      cuts[0] = cuts[1];
      cuts[1] = c;
    }
    run(data, size, cuts, 2, &pieces);
    CHECK(strcmp(whole.s, pieces.s) == 0, "whole and in pieces differ:\n%s---\n%s",
          whole.s, pieces.s);
  }
  if (size > 1 && size <= 512) {
    size_t *cuts = malloc(size * sizeof *cuts);
    if (!cuts) abort();
    for (size_t i = 0; i < size; i++) cuts[i] = i + 1;
    run(data, size, cuts, size - 1, &bytes);
    free(cuts);
    CHECK(strcmp(whole.s, bytes.s) == 0, "whole and byte by byte differ:\n%s---\n%s",
          whole.s, bytes.s);
  }
  if (whole.n > 1) {
    early.stop_after = 1 + h % whole.n;
    csvr_status st = run(data, size, NULL, 0, &early);
    CHECK(st == CSVR_STOP, "stopped after %llu records, status %d", early.stop_after,
          (int)st);
    CHECK(early.n == early.stop_after, "%llu records after a stop at %llu", early.n,
          early.stop_after);
    /* the records before the stop are those of the whole run */
    const char *end = strrchr(early.s, '\n');
    size_t upto = 0;
    for (const char *p = early.s; p < end; p++) /* up to the status line */
      if (*p == '\n') upto = (size_t)(p - early.s) + 1;
    CHECK(strncmp(whole.s, early.s, upto) == 0, "a stopped run saw other records");
  }
  free(whole.s);
  free(pieces.s);
  free(bytes.s);
  free(early.s);
  return 0;
}
