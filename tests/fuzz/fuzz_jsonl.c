/*
 * fuzz_jsonl.c — fuzz target for the JSON Lines reader of `mynaform batch`
 * (cli/jsonl_records.c): arbitrary bytes as a JSON Lines file.
 *
 * The reader promises that the input may arrive in pieces of any size, so
 * the same bytes are fed whole, in three pieces cut where the input's hash
 * says, and (for short inputs) one byte at a time: the records, their line
 * numbers, texts, errors and final status must be identical.  A run whose
 * callback stops early must see a prefix of them.  The longest line is
 * MYNA_LIMIT_DATA_BYTES for one input in four, else 0 to 300 bytes (from the
 * hash), so that the limit is reached by inputs of fuzzing size.
 *
 * Other oracles: the records are those of a plain model of the format
 * (split the whole input at LF, drop CR and the byte order mark of line 1,
 * skip blank lines, a line over the limit or holding a NUL is bad); a good
 * record holds no LF or NUL; no message quotes the input (the markers 秘
 * and QZX of the seeds never appear in one, nor a My Number).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl_records.h"
#include "mynaform.h"

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What a run saw, as bytes to compare. */
typedef struct trace {
  char *s;
  size_t len, cap;
  unsigned long long n;
  unsigned long long stop_after; /* 0: never stop */
  bool messages;                 /* the error texts too (not in the model) */
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
  if (n) memcpy(t->s + t->len, p, n);
  t->len += n;
  t->s[t->len] = '\0';
}

static void put_head(trace *t, unsigned long long number, unsigned long long line,
                     const char *kind) {
  char head[128];
  int k = snprintf(head, sizeof head, "%llu:%llu:%s:", number, line, kind);
  put(t, head, (size_t)k);
}

static bool same(const trace *a, const trace *b) {
  return a->len == b->len && (a->len == 0 || memcmp(a->s, b->s, a->len) == 0);
}

static bool has_marker(const char *s) { return fuzz_has_marker(s, strlen(s)); }

static int on_record(void *user, const jsonl_record *rec) {
  trace *t = user;
  FUZZ_CHECK(rec->number == t->n + 1, "record %llu after %llu", rec->number, t->n);
  t->n = rec->number;
  put_head(t, rec->number, rec->line, rec->text ? "ok" : rec->kind);
  if (rec->text) {
    FUZZ_CHECK(!memchr(rec->text, '\n', rec->len), "record %llu holds a LF", rec->number);
    FUZZ_CHECK(!memchr(rec->text, '\0', rec->len), "record %llu holds a NUL", rec->number);
    put(t, rec->text, rec->len);
  } else {
    FUZZ_CHECK(rec->kind && rec->error && *rec->error, "a bad record without a reason");
    FUZZ_CHECK(!has_marker(rec->error), "the error quotes the input: %s", rec->error);
    FUZZ_CHECK(!myna_text_has_my_number(rec->error, strlen(rec->error)),
               "the error holds a My Number");
    if (t->messages) put(t, rec->error, strlen(rec->error));
  }
  put(t, "\n", 1);
  return t->stop_after && rec->number >= t->stop_after;
}

/* Feeds data in pieces ending at the offsets cuts[0..ncuts) (ascending). */
static jsonlr_status run(const uint8_t *data, size_t size, size_t max, const size_t *cuts,
                         size_t ncuts, trace *t) {
  jsonl_records *r = jsonl_records_new(on_record, t, max);
  if (!r) abort();
  jsonlr_status st = JSONLR_OK;
  size_t at = 0;
  for (size_t i = 0; i <= ncuts && st == JSONLR_OK; i++) {
    size_t end = i < ncuts ? cuts[i] : size;
    if (end > at) st = jsonl_records_feed(r, data + at, end - at);
    at = end;
  }
  if (st == JSONLR_OK) st = jsonl_records_finish(r);
  FUZZ_CHECK(jsonl_records_count(r) == t->n, "count %llu, delivered %llu",
        jsonl_records_count(r), t->n);
  char tail[64];
  int k = snprintf(tail, sizeof tail, "status %d\n", (int)st);
  put(t, tail, (size_t)k);
  jsonl_records_free(r);
  return st;
}

/* The format, written plainly over the whole input. */
static void model(const uint8_t *data, size_t size, size_t max, trace *t) {
  const char *p = (const char *)data, *end = p + size;
  unsigned long long line = 1, number = 0;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *stop = nl ? nl : end;
    const char *s = p;
    size_t n = (size_t)(stop - p);
    p = nl ? nl + 1 : end;
    unsigned long long lineno = line++;
    if (n && s[n - 1] == '\r') n--;
    if (n > max) {
      put_head(t, ++number, lineno, "limit");
      put(t, "\n", 1);
      continue;
    }
    if (lineno == 1 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) s += 3, n -= 3;
    bool blank = true;
    for (size_t i = 0; i < n && blank; i++)
      blank = s[i] == ' ' || s[i] == '\t' || s[i] == '\r';
    if (blank) continue;
    if (memchr(s, '\0', n)) {
      put_head(t, ++number, lineno, "data");
    } else {
      put_head(t, ++number, lineno, "ok");
      put(t, s, n);
    }
    put(t, "\n", 1);
  }
  t->n = number;
  put(t, "status 0\n", 9);
}

static uint32_t hash(const uint8_t *p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  trace whole = {0}, plain = {0}, expect = {0}, pieces = {0}, bytes = {0}, early = {0};
  uint32_t h = hash(data, size);
  size_t max = (h & 3) == 0 ? MYNA_LIMIT_DATA_BYTES : (h >> 8) % 301;
  whole.messages = pieces.messages = bytes.messages = early.messages = true;

  run(data, size, max, NULL, 0, &whole);
  run(data, size, max, NULL, 0, &plain); /* without messages, for the model */
  model(data, size, max, &expect);
  FUZZ_CHECK(same(&plain, &expect), "the reader and the model differ:\n%s---\n%s", plain.s,
        expect.s);

  if (size > 1) {
    size_t cuts[2] = {h % size, (h >> 16) % size};
    if (cuts[0] > cuts[1]) {
      size_t c = cuts[0];
      cuts[0] = cuts[1];
      cuts[1] = c;
    }
    run(data, size, max, cuts, 2, &pieces);
    FUZZ_CHECK(same(&whole, &pieces), "whole and in pieces differ:\n%s---\n%s", whole.s,
          pieces.s);
  }
  if (size > 1 && size <= 512) {
    size_t *cuts = malloc(size * sizeof *cuts);
    if (!cuts) abort();
    for (size_t i = 0; i < size; i++) cuts[i] = i + 1;
    run(data, size, max, cuts, size - 1, &bytes);
    free(cuts);
    FUZZ_CHECK(same(&whole, &bytes), "whole and byte by byte differ:\n%s---\n%s", whole.s,
          bytes.s);
  }
  if (whole.n > 1) {
    early.stop_after = 1 + h % whole.n;
    jsonlr_status st = run(data, size, max, NULL, 0, &early);
    FUZZ_CHECK(st == JSONLR_STOP, "stopped after %llu records, status %d", early.stop_after,
          (int)st);
    FUZZ_CHECK(early.n == early.stop_after, "%llu records after a stop at %llu", early.n,
          early.stop_after);
    /* the records before the stop are those of the whole run */
    const char *endp = early.s + early.len - 1; /* the status line's LF */
    while (endp > early.s && endp[-1] != '\n') endp--;
    size_t upto = (size_t)(endp - early.s);
    FUZZ_CHECK(upto <= whole.len && memcmp(whole.s, early.s, upto) == 0,
          "a stopped run saw other records");
  }
  free(whole.s);
  free(plain.s);
  free(expect.s);
  free(pieces.s);
  free(bytes.s);
  free(early.s);
  return 0;
}
