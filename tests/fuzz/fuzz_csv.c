/*
 * fuzz_csv.c — fuzz target for the CSV reader of `mynaform batch`
 * (src/input/csv_records.c): arbitrary bytes as a CSV file with a header row.
 *
 * The reader promises that the input may arrive in pieces of any size, so
 * the same bytes are fed whole, in three pieces cut where the input's hash
 * says, and (for short inputs) one byte at a time: the records, their line
 * numbers, errors and final status must be identical.  A run whose callback
 * stops early must see a prefix of them.
 *
 * The header options come from the input's hash: an extra column "id" (as
 * `mynaform batch --name-field id` gives), allow_unknown, (1 in 8)
 * verbose, and the encoding (the default, UTF-8 or CP932: csv_decode.c).
 *
 * Other oracles: every good record is a JSON object jansson accepts without
 * JSON_ALLOW_NUL (a NUL byte in a cell is a bad record:
 * regressions/csv/nul-byte-in-cell.csv) whose members are card-data
 * members, "id" when it is an extra column, or csv_column_N with
 * allow_unknown; no message quotes a cell: the markers 秘 and QZX of the
 * seeds never appear in one (a header cell only with verbose), and none
 * (verbose or not) holds a My Number (myna_text_has_my_number).
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_records.h"
#include "mynaform.h"

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What a run saw, as text to compare. */
typedef struct trace {
  char *s;
  size_t len, cap;
  unsigned long long n;
  unsigned long long stop_after; /* 0: never stop */
  csv_options opts;
} trace;

static const char *const extra_id[] = {"id", NULL};

/* The top-level members a record may have. */
static bool member_ok(const trace *t, const char *k) {
  static const char *const card[] = {"$schema", "name",    "kana",        "birth_date",
                                     "sex",     "address", "insurance",   "filing_date",
                                     "phone",   "pinless", "clinic",      NULL};
  for (size_t i = 0; card[i]; i++)
    if (!strcmp(k, card[i])) return true;
  if (t->opts.extra_columns && !strcmp(k, "id")) return true;
  return t->opts.allow_unknown && !strncmp(k, CSVR_UNKNOWN_PREFIX, strlen(CSVR_UNKNOWN_PREFIX));
}

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

static bool has_marker(const char *s) { return s && fuzz_has_marker(s, strlen(s)); }
/* The 番号法 oracle: no message, verbose or not, reads as a My Number. */
static bool has_my_number(const char *s) { return s && myna_text_has_my_number(s, strlen(s)); }

static int on_record(void *user, const csv_record *rec) {
  trace *t = user;
  char head[128];
  int k = snprintf(head, sizeof head, "%llu:%llu:%s:", rec->number, rec->line,
                   rec->json ? "ok" : rec->kind);
  put(t, head, (size_t)k);
  FUZZ_CHECK(rec->number == t->n + 1, "record %llu after %llu", rec->number, t->n);
  t->n = rec->number;
  if (rec->json) {
    FUZZ_CHECK(strlen(rec->json) == rec->json_len, "json_len %zu", rec->json_len);
    json_error_t err;
    /* as the library parses it: a NUL byte is refused by the reader */
    json_t *v = json_loadb(rec->json, rec->json_len, JSON_REJECT_DUPLICATES, &err);
    FUZZ_CHECK(json_is_object(v), "record %llu is not a JSON object: %s", rec->number,
          err.text);
    const char *key;
    json_t *m;
    json_object_foreach(v, key, m) {
      FUZZ_CHECK(member_ok(t, key), "record %llu has the member %s", rec->number, key);
    }
    json_decref(v);
    put(t, rec->json, rec->json_len);
  } else {
    FUZZ_CHECK(rec->kind && rec->error && *rec->error, "a bad record without a reason");
    FUZZ_CHECK(!has_marker(rec->error), "the error quotes a cell: %s", rec->error);
    FUZZ_CHECK(!has_my_number(rec->error), "the error holds a My Number");
    put(t, rec->error, strlen(rec->error));
  }
  put(t, "\n", 1);
  return t->stop_after && rec->number >= t->stop_after;
}

/* Feeds data in pieces ending at the offsets cuts[0..ncuts) (ascending). */
static csvr_status run(const uint8_t *data, size_t size, const size_t *cuts,
                       size_t ncuts, trace *t) {
  csv_records *r = mf_csv_records_new(on_record, t, &t->opts);
  if (!r) abort();
  csvr_status st = CSVR_OK;
  size_t at = 0;
  for (size_t i = 0; i <= ncuts && st == CSVR_OK; i++) {
    size_t end = i < ncuts ? cuts[i] : size;
    if (end > at) st = mf_csv_records_feed(r, data + at, end - at);
    at = end;
  }
  if (st == CSVR_OK) st = mf_csv_records_finish(r);
  const char *msg = mf_csv_records_errmsg(r);
  FUZZ_CHECK(st >= 0 || *msg, "status %d without a message", (int)st);
  FUZZ_CHECK(t->opts.verbose || !has_marker(msg), "the message quotes a cell: %s", msg);
  FUZZ_CHECK(!has_my_number(msg), "the message holds a My Number");
  FUZZ_CHECK(mf_csv_records_count(r) == t->n, "count %llu, delivered %llu",
        mf_csv_records_count(r), t->n);
  char tail[300];
  int k = snprintf(tail, sizeof tail, "status %d: %s\n", (int)st, msg);
  put(t, tail, (size_t)k);
  mf_csv_records_free(r);
  return st;
}

static uint32_t hash(const uint8_t *p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  trace whole = {0}, pieces = {0}, bytes = {0}, early = {0};
  uint32_t h = hash(data, size);
  csv_options opts = {0};
  opts.extra_columns = (h >> 24) & 1 ? extra_id : NULL;
  opts.allow_unknown = (h >> 25) & 1;
  opts.verbose = ((h >> 26) & 7) == 0;
  opts.encoding = (csv_encoding)((h >> 29) % 3);
  whole.opts = pieces.opts = bytes.opts = early.opts = opts;
  run(data, size, NULL, 0, &whole);

  if (size > 1) {
    size_t cuts[2] = {h % size, (h >> 16) % size};
    if (cuts[0] > cuts[1]) {
      size_t c = cuts[0];
      cuts[0] = cuts[1];
      cuts[1] = c;
    }
    run(data, size, cuts, 2, &pieces);
    FUZZ_CHECK(strcmp(whole.s, pieces.s) == 0, "whole and in pieces differ:\n%s---\n%s",
          whole.s, pieces.s);
  }
  if (size > 1 && size <= 512) {
    size_t *cuts = malloc(size * sizeof *cuts);
    if (!cuts) abort();
    for (size_t i = 0; i < size; i++) cuts[i] = i + 1;
    run(data, size, cuts, size - 1, &bytes);
    free(cuts);
    FUZZ_CHECK(strcmp(whole.s, bytes.s) == 0, "whole and byte by byte differ:\n%s---\n%s",
          whole.s, bytes.s);
  }
  if (whole.n > 1) {
    early.stop_after = 1 + h % whole.n;
    csvr_status st = run(data, size, NULL, 0, &early);
    FUZZ_CHECK(st == CSVR_STOP, "stopped after %llu records, status %d", early.stop_after,
          (int)st);
    FUZZ_CHECK(early.n == early.stop_after, "%llu records after a stop at %llu", early.n,
          early.stop_after);
    /* the records before the stop are those of the whole run */
    const char *end = strrchr(early.s, '\n');
    size_t upto = 0;
    for (const char *p = early.s; p < end; p++) /* up to the status line */
      if (*p == '\n') upto = (size_t)(p - early.s) + 1;
    FUZZ_CHECK(strncmp(whole.s, early.s, upto) == 0, "a stopped run saw other records");
  }
  free(whole.s);
  free(pieces.s);
  free(bytes.s);
  free(early.s);
  return 0;
}
