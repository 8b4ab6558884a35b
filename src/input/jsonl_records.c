/*
 * jsonl_records.c — JSON Lines → one record text per line (see
 * jsonl_records.h for the format).  Splits at LF, numbers lines and records,
 * drops CR and the byte order mark, skips blank lines, and turns a line over
 * the limit or with a NUL byte into a bad record.  It does not parse JSON:
 * the library does, with its own messages.
 *
 * A line that lies whole inside one piece of input is delivered from the
 * piece itself; only a line cut between pieces is copied, into a buffer of
 * max_bytes + 1 bytes.  So the result never depends on where the input was
 * cut, and memory stays flat however long a line is.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl_records.h"
#include "mynaform.h"

struct jsonl_records {
  jsonl_record_fn fn;
  void *user;
  jsonlr_status status;
  size_t max;                  /* longest line, without CR LF */
  char *buf;                   /* the current line so far, when cut */
  size_t len;                  /* bytes in buf */
  bool too_long;               /* the current line passed max + 1 bytes:
                                  its bytes are dropped */
  unsigned long long line;     /* number of the current line */
  unsigned long long records;
  char limit_msg[100];
};

static bool blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return false;
  return true;
}

/* A whole line, without its LF: s is NULL when too_long. */
static void end_line(jsonl_records *r, const char *s, size_t n, bool too_long) {
  unsigned long long lineno = r->line++;
  jsonl_record rec = {0};
  char msg[100];
  rec.line = lineno;
  if (!too_long) {
    if (n && s[n - 1] == '\r') n--;
    too_long = n > r->max;
  }
  if (too_long) {
    rec.kind = "limit";
    rec.error = r->limit_msg;
  } else {
    const char *line = s;
    if (lineno == 1 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) s += 3, n -= 3;
    if (blank(s, n)) return;
    const char *nul = memchr(s, '\0', n);
    if (nul) {
      snprintf(msg, sizeof msg, "$: contains a NUL byte (byte %zu of the line)",
               (size_t)(nul - line) + 1);
      rec.kind = "data";
      rec.error = msg;
    } else {
      rec.text = s;
      rec.len = n;
    }
  }
  rec.number = ++r->records;
  if (r->fn(r->user, &rec) != 0) r->status = JSONLR_STOP;
}

/* Keeps n more bytes of a line that is cut between pieces. */
static void keep(jsonl_records *r, const char *p, size_t n) {
  if (r->too_long) return;
  if (n > r->max + 1 - r->len) { /* past max + 1 even without a CR */
    r->too_long = true;
    r->len = 0;
    return;
  }
  memcpy(r->buf + r->len, p, n);
  r->len += n;
}

jsonl_records *mf_jsonl_records_new(jsonl_record_fn fn, void *user, size_t max_bytes) {
  jsonl_records *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->buf = malloc(max_bytes + 1);
  if (!r->buf) {
    free(r);
    return NULL;
  }
  r->fn = fn;
  r->user = user;
  r->max = max_bytes;
  r->line = 1;
  if (max_bytes == MYNA_LIMIT_DATA_BYTES)
    snprintf(r->limit_msg, sizeof r->limit_msg,
             "$: record is larger than MYNA_LIMIT_DATA_BYTES (%u bytes)",
             MYNA_LIMIT_DATA_BYTES);
  else
    snprintf(r->limit_msg, sizeof r->limit_msg, "$: record is larger than %zu bytes",
             max_bytes);
  return r;
}

jsonlr_status mf_jsonl_records_feed(jsonl_records *r, const void *bytes, size_t len) {
  const char *p = bytes;
  while (len && r->status == JSONLR_OK) {
    const char *nl = memchr(p, '\n', len);
    size_t k = nl ? (size_t)(nl - p) : len;
    if (nl && !r->len && !r->too_long) { /* whole in this piece */
      bool too_long = k > r->max + 1;
      end_line(r, too_long ? NULL : p, k, too_long);
    } else {
      keep(r, p, k);
      if (nl) {
        end_line(r, r->too_long ? NULL : r->buf, r->len, r->too_long);
        r->len = 0;
        r->too_long = false;
      }
    }
    if (!nl) break;
    p += k + 1;
    len -= k + 1;
  }
  return r->status;
}

jsonlr_status mf_jsonl_records_finish(jsonl_records *r) {
  if (r->status == JSONLR_OK && (r->len || r->too_long)) { /* no LF at the end */
    end_line(r, r->too_long ? NULL : r->buf, r->len, r->too_long);
    r->len = 0;
    r->too_long = false;
  }
  return r->status;
}

unsigned long long mf_jsonl_records_count(const jsonl_records *r) { return r->records; }

void mf_jsonl_records_free(jsonl_records *r) {
  if (!r) return;
  free(r->buf);
  free(r);
}
