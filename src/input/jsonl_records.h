/*
 * jsonl_records.h — JSON Lines → one record text per line.
 *
 * Feed the bytes of a JSON Lines file in pieces of any size; for every line
 * that is not blank the callback gets the line's text (passed on to the
 * library as card data, unparsed) or the reason it is a bad record, with its
 * record number and line number.  Self-contained (libc and the limits of
 * mynaform.h only) so that it can be fuzzed alone.
 *
 * The format: lines end with LF; a CR before the LF is dropped; the last line
 * needs no LF.  A byte order mark at the start of the first line is dropped.
 * A line of spaces, tabs and CRs only is blank: skipped, not numbered.  A line
 * longer than the limit (MYNA_LIMIT_DATA_BYTES; counted without its CR LF and
 * with a byte order mark) is a bad record
 * ("limit"), and so is a line holding a NUL byte ("data"): JSON text never
 * holds one, and C strings would cut the record there.  Only LF ends a line:
 * a lone CR is part of the text (where JSON allows it, white space).
 */
#ifndef MYNAFORM_JSONL_RECORDS_H
#define MYNAFORM_JSONL_RECORDS_H

#include <stddef.h>

/* What mf_jsonl_records_feed / mf_jsonl_records_finish return. */
typedef enum jsonlr_status {
  JSONLR_OK = 0,
  JSONLR_STOP = 1     /* the callback asked to stop */
} jsonlr_status;

/* One line.  Pointers are valid during the callback only. */
typedef struct jsonl_record {
  unsigned long long number; /* 1-based record number (blank lines not counted) */
  unsigned long long line;   /* 1-based input line */
  const char *text;          /* the line without BOM and CR LF; NULL if bad.
                                Not NUL-terminated: use len */
  size_t len;
  const char *kind;          /* if bad: "limit" (line too long), "data" (a NUL
                                byte) */
  const char *error;         /* if bad: what is wrong, never a value */
} jsonl_record;

/* Called once per record, in order.  Return 0 to go on, nonzero to stop
 * (feed then returns JSONLR_STOP). */
typedef int (*jsonl_record_fn)(void *user, const jsonl_record *rec);

typedef struct jsonl_records jsonl_records;

/* A new reader whose longest line is max_bytes (mynaform batch:
 * MYNA_LIMIT_DATA_BYTES; the fuzz target tries small limits too); NULL when
 * out of memory.  It holds at most max_bytes + 1 bytes of a line: the rest of
 * a longer one is skipped, not kept. */
jsonl_records *mf_jsonl_records_new(jsonl_record_fn fn, void *user, size_t max_bytes);
/* Reads len more bytes.  After a stop or an error, returns it again. */
jsonlr_status mf_jsonl_records_feed(jsonl_records *r, const void *bytes, size_t len);
/* Ends the input: delivers the last line if it has no LF. */
jsonlr_status mf_jsonl_records_finish(jsonl_records *r);
/* Records delivered so far. */
unsigned long long mf_jsonl_records_count(const jsonl_records *r);
void mf_jsonl_records_free(jsonl_records *r);

#endif
