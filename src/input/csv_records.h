/*
 * csv_records.h — CSV with a header row → one card-data JSON object per row.
 *
 * Feed the bytes of a CSV file in pieces of any size; for every data row the
 * callback gets the row as compact JSON text (or the reason the row is bad)
 * with its record number and the line where it starts.  Self-contained (libcsv
 * and jansson only) so that it can be fuzzed alone.
 *
 * The format: UTF-8, a byte order mark at the start is skipped, or CP932
 * (csv_options.encoding, csv_decode.h); comma separated; fields quoted with '"' may hold commas, doubled quotes and line
 * breaks; rows end with LF, CRLF or CR.  The first row names the columns with
 * card-data paths, dots for nesting ("insurance.type").  An empty cell is an
 * absent member; "true"/"false" (any case) and 「はい」/「いいえ」 in
 * insurance.has_valid_card and pinless are booleans; every other cell is a
 * string.  Spaces and tabs around
 * unquoted cells are dropped.  Blank lines and rows whose cells are all empty
 * are skipped and not numbered.  A NUL byte in a cell, or bytes that are
 * not valid in the encoding read, make the row a bad record (the message
 * names the line of the bad byte and the column).
 *
 * The encoding.  By default the input is UTF-8, and the first row that
 * holds a byte above 0x7F decides whether it is: if that row is not UTF-8
 * but is valid CP932, the input is refused (CSVR_EENCODING, a message that
 * names --encoding cp932) rather than guessed.  The rows before it are pure
 * ASCII, the same in both encodings.  With CSV_ENC_UTF8 there is no such
 * check; with CSV_ENC_CP932 an input that starts with a UTF-8 byte order
 * mark is refused.
 *
 * The header row.  A file whose header row is missing starts with a
 * patient's data, so the first row is accepted as the header only if every
 * cell is a card-data path (the leaves of schema/card-data.schema.json, and
 * $schema) or one of the caller's extra columns (the members `mynaform batch`
 * names files after; each becomes a top-level member of that name).  With
 * allow_unknown, a cell that is neither becomes the member "csv_column_N" (N
 * its column number), so that the library screens it for a 個人番号 and
 * warns about it without ever quoting the header cell, provided that at
 * least one cell is a card-data path.  Messages name columns by
 * number; only with verbose do they quote a header cell.
 */
#ifndef MYNAFORM_CSV_RECORDS_H
#define MYNAFORM_CSV_RECORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "csv_decode.h"

/* Longest single CSV field kept in memory while parsing; a longer field (in
 * practice: an unbalanced quote) ends the parse with CSVR_EFORMAT because the
 * rows after it cannot be found reliably. */
#define CSVR_FIELD_MAX (1024u * 1024u)
/* Most columns a header may have. */
#define CSVR_MAX_COLUMNS 256u
/* The member an unknown column becomes with allow_unknown: "csv_column_3". */
#define CSVR_UNKNOWN_PREFIX "csv_column_"

/* What mf_csv_records_feed / mf_csv_records_finish return. */
typedef enum csvr_status {
  CSVR_OK = 0,
  CSVR_STOP = 1,      /* the callback asked to stop */
  CSVR_EHEADER = -1,  /* no header row, a column that is not a card-data
                         path, a repeated column */
  CSVR_EFORMAT = -2,  /* the CSV cannot be parsed on (a field too long) */
  CSVR_ENOMEM = -3,   /* out of memory */
  CSVR_EMYNUMBER = -4, /* a header cell names or holds a 個人番号 (My Number):
                          refused even with allow_unknown */
  CSVR_EENCODING = -5  /* the input is not in the encoding read: a CP932 file
                          read as UTF-8, a UTF-8 byte order mark in CP932 */
} csvr_status;

/* One data row.  Pointers are valid during the callback only. */
typedef struct csv_record {
  unsigned long long number; /* 1-based record number (data rows counted) */
  unsigned long long line;   /* 1-based input line where the row starts */
  const char *json;          /* compact JSON object, NUL-terminated; NULL if bad */
  size_t json_len;
  const char *kind;          /* if bad: "csv" (cell count, quotes), "data"
                                (not UTF-8 or CP932, a NUL byte), "limit"
                                (row too large) */
  const char *error;         /* if bad: what is wrong, never a value */
} csv_record;

/* Called once per data row, in order.  Return 0 to go on, nonzero to stop
 * (feed then returns CSVR_STOP). */
typedef int (*csv_record_fn)(void *user, const csv_record *rec);

typedef struct csv_records csv_records;

/* How the header row is read; all zero is the strict default. */
typedef struct csv_options {
  /* Column names accepted besides the card-data paths, each as one
   * top-level member of that name (not split at dots); NULL-terminated, or
   * NULL.  Copied by mf_csv_records_new. */
  const char *const *extra_columns;
  bool allow_unknown; /* other columns become "csv_column_N" (see above) */
  bool verbose;       /* header messages may quote the offending cell */
  csv_encoding encoding; /* how the bytes are read (csv_decode.h) */
} csv_options;

/* A new parser (opts may be NULL: the defaults); NULL when out of memory,
 * or (errno EINVAL) for CP932 when the system's iconv has no converter. */
csv_records *mf_csv_records_new(csv_record_fn fn, void *user, const csv_options *opts);
/* Parses len more bytes.  After an error or a stop, returns it again. */
csvr_status mf_csv_records_feed(csv_records *r, const void *bytes, size_t len);
/* Ends the input: delivers the last row if the file does not end with a line
 * break, and fails with CSVR_EHEADER if there was no header row. */
csvr_status mf_csv_records_finish(csv_records *r);
/* The message of the last error ("" if none); quotes a header cell only
 * with verbose, never a data cell. */
const char *mf_csv_records_errmsg(const csv_records *r);
/* Data rows delivered so far. */
unsigned long long mf_csv_records_count(const csv_records *r);
void mf_csv_records_free(csv_records *r);

#endif
