/*
 * csv_records.c — CSV with a header row → one card-data JSON object per row
 * (see csv_records.h for the format).  libcsv does the CSV syntax; this file
 * strips the BOM, counts lines, checks the header against the card-data
 * paths, decodes cells to UTF-8 (csv_decode.c) and builds the JSON with
 * jansson.
 *
 * Line numbers: libcsv does not report positions, so the input is handed to
 * it in pieces that end right after each CR or LF.  A row therefore always
 * ends at the end of a piece, and the row that a piece with content starts
 * begins on the line of that piece.
 */
#define _POSIX_C_SOURCE 200809L
#include <csv.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_records.h"
#include "mynaform.h"

/* libcsv 3's parser states (struct csv_parser.pstate; the values are fixed
 * in libcsv.c): a quoted field still open at the end of the input is
 * FIELD_BEGUN with quoted set. */
enum { LIBCSV_FIELD_BEGUN = 2 };

/* A row whose cells add up to more than this is a bad record: the JSON
 * built from it could not be accepted by the library anyway. */
#define ROW_MAX MYNA_LIMIT_DATA_BYTES

/* The columns a header may name: the leaves of the card-data contract
 * (schema/card-data.schema.json, doc/card-data.md) and $schema.  The
 * objects insurance and clinic are not columns: their members are. */
static const char *const card_paths[] = {
    "$schema",
    "name",
    "kana",
    "birth_date",
    "sex",
    "address",
    "insurance.has_valid_card",
    "insurance.type",
    "insurance.insurer_name",
    "insurance.employer",
    "insurance.issued",
    "insurance.copay",
    "filing_date",
    "phone",
    "pinless",
    "clinic.name",
    "clinic.address",
    "clinic.phone",
};
#define N_CARD_PATHS (sizeof card_paths / sizeof card_paths[0])

typedef struct column {
  char *path;     /* "insurance.type", an extra column's name, "csv_column_3" */
  bool literal;   /* path is one top-level member name, not split at dots */
  bool boolean;   /* insurance.has_valid_card or pinless */
} column;

struct csv_records {
  struct csv_parser parser;
  bool parser_live;
  csv_record_fn fn;
  void *user;
  csvr_status status;
  char errmsg[320];

  /* options */
  char **extra;                /* NULL-terminated copies */
  bool allow_unknown, verbose;
  csv_encoding encoding;
  csv_decoder *dec;
  bool enc_decided;            /* the default encoding's check is done */

  /* position */
  unsigned long long line;     /* line of the next byte */
  bool pending_cr;             /* the last piece ended with CR */
  unsigned long long row_line; /* line where the current row started; 0 none */
  unsigned char bom[3];
  size_t bom_len;
  bool bom_done;

  /* header */
  bool have_header;
  column *cols;
  size_t ncols;

  /* the current row: cell bytes back to back, offsets and lengths */
  char *cells;
  size_t cells_len, cells_cap;
  size_t *off, *len;
  size_t slots;                /* capacity of off/len */
  size_t nfields;              /* cells seen (may exceed ncols) */
  size_t nul_col;              /* first kept cell with a NUL byte, 1-based; 0 none */
  bool row_too_big;
  bool row_unterminated;

  unsigned long long records;
};

/* libcsv's buffer for one field never grows beyond CSVR_FIELD_MAX. */
static void *capped_realloc(void *p, size_t n) {
  return n > CSVR_FIELD_MAX ? NULL : realloc(p, n);
}

static void set_error(csv_records *r, csvr_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_error(csv_records *r, csvr_status st, const char *fmt, ...) {
  if (r->status != CSVR_OK) return;
  r->status = st;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->errmsg, sizeof r->errmsg, fmt, ap);
  va_end(ap);
}

static void reset_row(csv_records *r) {
  r->cells_len = 0;
  r->nfields = 0;
  r->nul_col = 0;
  r->row_too_big = false;
  r->row_unterminated = false;
  r->row_line = 0;
}

/* ------------------------------------------------------------- callbacks */

static void on_field(void *s, size_t n, void *data) {
  csv_records *r = data;
  if (r->status != CSVR_OK) return;
  size_t idx = r->nfields++;
  size_t keep = r->have_header ? r->ncols : CSVR_MAX_COLUMNS;
  if (idx >= keep) {
    if (!r->have_header)
      set_error(r, CSVR_EHEADER, "line %llu: the header row has more than %u columns",
                r->row_line, CSVR_MAX_COLUMNS);
    return; /* a data row with too many cells: counted, not kept */
  }
  if (r->have_header && !r->nul_col && n && memchr(s, '\0', n)) r->nul_col = idx + 1;
  if (r->row_too_big || r->cells_len + n > ROW_MAX) {
    r->row_too_big = true;
    n = 0;
  }
  if (idx >= r->slots) {
    size_t ns = r->slots ? r->slots * 2 : 16;
    if (ns > CSVR_MAX_COLUMNS) ns = CSVR_MAX_COLUMNS;
    size_t *o = realloc(r->off, ns * sizeof *o);
    if (o) r->off = o;
    size_t *l = o ? realloc(r->len, ns * sizeof *l) : NULL;
    if (l) r->len = l;
    if (!o || !l) {
      set_error(r, CSVR_ENOMEM, "out of memory");
      return;
    }
    r->slots = ns;
  }
  if (r->cells_len + n + 1 > r->cells_cap) {
    size_t nc = r->cells_cap ? r->cells_cap : 1024;
    while (nc < r->cells_len + n + 1) nc *= 2;
    char *c = realloc(r->cells, nc);
    if (!c) {
      set_error(r, CSVR_ENOMEM, "out of memory");
      return;
    }
    r->cells = c;
    r->cells_cap = nc;
  }
  if (n) memcpy(r->cells + r->cells_len, s, n);
  r->off[idx] = r->cells_len;
  r->len[idx] = n;
  r->cells_len += n;
  r->cells[r->cells_len++] = '\0';
}

/* ------------------------------------------------------------- encoding */

/* The input line of byte off of kept cell col of the current row: line
 * breaks occur only inside quoted cells, which keep them. */
static unsigned long long line_at(const csv_records *r, size_t col, size_t off) {
  unsigned long long line = r->row_line;
  for (size_t i = 0; i <= col; i++) {
    const char *c = r->cells + r->off[i];
    size_t n = i < col ? r->len[i] : off;
    for (size_t j = 0; j < n; j++)
      if (c[j] == '\n' || (c[j] == '\r' && !(j + 1 < r->len[i] && c[j + 1] == '\n')))
        line++;
  }
  return line;
}

static const char *encoding_name(const csv_records *r) {
  return r->encoding == CSV_ENC_CP932 ? "CP932" : "UTF-8";
}

/*
 * With the default encoding, the first row that holds a byte above 0x7F
 * decides: UTF-8 unless it is not UTF-8 but valid CP932, which stops the
 * input (CSVR_EENCODING).  Returns false when it stops.
 */
static bool check_encoding(csv_records *r, size_t kept) {
  if (r->enc_decided) return true;
  bool eight = false, utf8 = true;
  for (size_t i = 0; i < kept; i++) {
    const char *c = r->cells + r->off[i];
    if (!mf_csv_has_8bit(c, r->len[i])) continue;
    eight = true;
    if (!mf_csv_utf8_valid(c, r->len[i], NULL)) utf8 = false;
  }
  if (!eight) return true;
  r->enc_decided = true;
  if (utf8) return true;
  for (size_t i = 0; i < kept; i++) {
    const char *c = r->cells + r->off[i];
    if (mf_csv_has_8bit(c, r->len[i]) && !mf_csv_cp932_valid(r->dec, c, r->len[i]))
      return true; /* neither: UTF-8 with bad bytes, bad records */
  }
  set_error(r, CSVR_EENCODING,
            "line %llu: the input is not UTF-8 but CP932 (Shift_JIS, as a Japanese "
            "Excel saves CSV): give --encoding cp932 (or --encoding utf-8 to read it "
            "as UTF-8)",
            r->row_line);
  return false;
}

/* The cell (s, n) is the NUL-terminated word w. */
static bool cell_is(const char *s, size_t n, const char *w) {
  return strlen(w) == n && memcmp(s, w, n) == 0;
}

/* a names an object that holds b ("insurance", "insurance.type") */
static bool path_prefix(const char *a, const char *b) {
  size_t n = strlen(a);
  return strncmp(a, b, n) == 0 && b[n] == '.';
}

/* Writes a header cell, for a --verbose message, as " (\"...\")": at most
 * 48 bytes, cut on a character boundary; control characters, quotes,
 * backslashes and bytes that are not UTF-8 become '?'.  Empty unless
 * verbose. */
static void quote_cell(const csv_records *r, char *out, size_t size, const char *s,
                       size_t n) {
  out[0] = '\0';
  if (!r->verbose || size < 64 || myna_text_has_my_number(s, n)) return;
  size_t o = (size_t)snprintf(out, size, " (\""), i = 0;
  while (i < n && i < 48) {
    unsigned char c = (unsigned char)s[i];
    size_t k = mf_csv_utf8_char(s + i, n - i);
    if (!k || c < 0x20 || c == 0x7F || c == '"' || c == '\\') {
      out[o++] = '?';
      i++;
    } else {
      memcpy(out + o, s + i, k);
      o += k;
      i += k;
    }
  }
  /* at most 3 + 51 bytes so far: room for "…\")" */
  snprintf(out + o, size - o, "%s\")", i < n ? "\xE2\x80\xA6" : "");
  /* a cell cut short can read as a My Number that the whole cell is not
   * (17 digits cut to 12): then nothing is quoted */
  if (myna_text_has_my_number(out, strlen(out))) out[0] = '\0';
}

/* What a header cell names: a card-data path (*boolean set), an extra
 * column, or nothing (NULL). */
static const char *known_column(const csv_records *r, const char *s, size_t n,
                                bool *literal, bool *boolean) {
  *literal = *boolean = false;
  for (size_t k = 0; k < N_CARD_PATHS; k++)
    if (cell_is(s, n, card_paths[k])) {
      *boolean = !strcmp(card_paths[k], "insurance.has_valid_card") ||
                 !strcmp(card_paths[k], "pinless");
      return card_paths[k];
    }
  for (size_t k = 0; r->extra && r->extra[k]; k++)
    if (cell_is(s, n, r->extra[k])) {
      *literal = true;
      return r->extra[k];
    }
  return NULL;
}

/*
 * Checks the first row as the header.  It may be a patient's data (the
 * header row missing), so no message quotes a cell unless verbose: they
 * name the column by its number.
 */
static void take_header(csv_records *r) {
  unsigned long long line = r->row_line;
  if (r->row_too_big) {
    set_error(r, CSVR_EHEADER, "line %llu: the header row is too long", line);
    return;
  }
  size_t n = r->nfields;
  r->cols = calloc(n, sizeof *r->cols);
  if (!r->cols) {
    set_error(r, CSVR_ENOMEM, "out of memory");
    return;
  }
  r->ncols = n;
  size_t known = 0; /* card-data paths */
  char q[80];
  if (!check_encoding(r, n)) return;
  for (size_t i = 0; i < n; i++) {
    const char *cell = r->cells + r->off[i];
    size_t len = r->len[i], bad = 0;
    column *c = &r->cols[i];
    switch (mf_csv_decode(r->dec, r->cells + r->off[i], r->len[i], &cell, &len, &bad)) {
      case CSVD_OK:
        break;
      case CSVD_NOMEM:
        set_error(r, CSVR_ENOMEM, "out of memory");
        return;
      case CSVD_INVALID: /* UTF-8: not a card-data field, said below */
        if (r->encoding == CSV_ENC_CP932) {
          set_error(r, CSVR_EHEADER, "line %llu: CSV header, column %zu: not valid CP932",
                    line_at(r, i, bad), i + 1);
          return;
        }
        cell = r->cells + r->off[i];
        len = r->len[i];
        break;
    }
    /* the 番号法 screen, as the library applies it to JSON member names:
     * on the decoded text, before --allow-unknown turns the column into
     * csv_column_N */
    if (myna_name_is_my_number(cell, len) || myna_text_has_my_number(cell, len)) {
      set_error(r, CSVR_EMYNUMBER,
                "line %llu: CSV header, column %zu: %s; a clinic may not collect it "
                "(番号法 art. 19–20)",
                line, i + 1,
                myna_name_is_my_number(cell, len)
                    ? "a column for the 個人番号 (My Number) is not accepted"
                    : "contains a 12-digit 個人番号 (My Number)");
      return;
    }
    const char *name = known_column(r, cell, len, &c->literal, &c->boolean);
    if (name) {
      if (!c->literal) known++;
      c->path = strdup(name);
    } else if (r->allow_unknown) {
      char key[32];
      snprintf(key, sizeof key, CSVR_UNKNOWN_PREFIX "%zu", i + 1);
      c->literal = true;
      c->path = strdup(key);
    } else {
      quote_cell(r, q, sizeof q, cell, len);
      set_error(r, CSVR_EHEADER,
                "line %llu: CSV header, column %zu%s: not a card-data field (expected "
                "paths such as name, birth_date, insurance.type; is the header row "
                "missing?)",
                line, i + 1, q);
      return;
    }
    if (!c->path) {
      set_error(r, CSVR_ENOMEM, "out of memory");
      return;
    }
    if (!name) continue; /* csv_column_N: unique by its number */
    for (size_t j = 0; j < i; j++) {
      const column *other = &r->cols[j];
      if (!strcmp(other->path, c->path)) {
        quote_cell(r, q, sizeof q, cell, len);
        set_error(r, CSVR_EHEADER,
                  "line %llu: CSV header, column %zu%s repeats the name of column %zu",
                  line, i + 1, q, j + 1);
        return;
      }
      /* an extra column "insurance" would hold insurance.type */
      if ((other->literal && !c->literal && path_prefix(other->path, c->path)) ||
          (c->literal && !other->literal && path_prefix(c->path, other->path))) {
        set_error(r, CSVR_EHEADER,
                  "line %llu: CSV header, columns %zu and %zu cannot both be given: one "
                  "holds the other",
                  line, j + 1, i + 1);
        return;
      }
    }
  }
  if (r->allow_unknown && !known) { /* a data row, most likely */
    set_error(r, CSVR_EHEADER,
              "line %llu: CSV header: no column is a card-data field (expected paths "
              "such as name, birth_date, insurance.type; is the header row missing?)",
              line);
    return;
  }
  r->have_header = true;
}

static bool ascii_ieq(const char *s, size_t n, const char *word) {
  size_t wn = strlen(word);
  if (n != wn) return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != word[i]) return false;
  }
  return true;
}

/* Sets root.<path> = v (steals v), making the objects on the way; a
 * literal path is one member name. */
static bool set_path(json_t *root, const char *path, bool literal, json_t *v) {
  if (literal) return json_object_set_new(root, path, v) == 0;
  json_t *obj = root;
  const char *p = path;
  for (;;) {
    const char *dot = strchr(p, '.');
    if (!dot) return json_object_set_new(obj, p, v) == 0;
    char *key = strndup(p, (size_t)(dot - p));
    json_t *child = key ? json_object_get(obj, key) : NULL;
    if (key && !child) {
      child = json_object();
      if (child && json_object_set_new(obj, key, child) != 0) child = NULL;
    }
    free(key);
    if (!child) {
      json_decref(v);
      return false;
    }
    obj = child; /* always an object: the header has no conflicting paths */
    p = dot + 1;
  }
}

static void deliver(csv_records *r, const csv_record *rec) {
  if (r->fn(r->user, rec) != 0 && r->status == CSVR_OK) r->status = CSVR_STOP;
}

static void take_row(csv_records *r) {
  bool empty = true;
  size_t kept = r->nfields < r->ncols ? r->nfields : r->ncols;
  for (size_t i = 0; i < kept; i++)
    if (r->len[i]) empty = false;
  if (empty && !r->row_too_big && !r->row_unterminated) return; /* like a blank line */
  if (!check_encoding(r, kept)) return;

  char msg[320];
  csv_record rec = {0};
  rec.number = ++r->records;
  rec.line = r->row_line;
  if (r->row_unterminated) {
    rec.kind = "csv";
    rec.error = "a quoted cell is not closed before the end of the input";
    deliver(r, &rec);
    return;
  }
  if (r->nfields != r->ncols) {
    snprintf(msg, sizeof msg, "the row has %zu cells, the header has %zu",
             r->nfields, r->ncols);
    rec.kind = "csv";
    rec.error = msg;
    deliver(r, &rec);
    return;
  }
  if (r->row_too_big) {
    snprintf(msg, sizeof msg, "$: record is larger than MYNA_LIMIT_DATA_BYTES (%u bytes)",
             MYNA_LIMIT_DATA_BYTES);
    rec.kind = "limit";
    rec.error = msg;
    deliver(r, &rec);
    return;
  }
  if (r->nul_col) {
    const column *c = &r->cols[r->nul_col - 1];
    snprintf(msg, sizeof msg, "$.%s: contains a NUL byte (CSV column %zu)", c->path,
             r->nul_col);
    rec.kind = "data";
    rec.error = msg;
    deliver(r, &rec);
    return;
  }
  json_t *root = json_object();
  if (!root) {
    set_error(r, CSVR_ENOMEM, "out of memory");
    return;
  }
  for (size_t i = 0; i < r->ncols; i++) {
    const char *cell;
    size_t n = r->len[i], bad = 0;
    if (!n) continue;
    csvd_status ds = mf_csv_decode(r->dec, r->cells + r->off[i], n, &cell, &n, &bad);
    if (ds == CSVD_INVALID) { /* never a replacement character */
      snprintf(msg, sizeof msg, "$.%s: not valid %s at line %llu (CSV column %zu)",
               r->cols[i].path, encoding_name(r), line_at(r, i, bad), i + 1);
      json_decref(root);
      rec.kind = "data";
      rec.error = msg;
      deliver(r, &rec);
      return;
    }
    json_t *v = NULL;
    if (ds != CSVD_OK)
      v = NULL;
    else if (r->cols[i].boolean && (ascii_ieq(cell, n, "true") || cell_is(cell, n, "はい")))
      v = json_true();
    else if (r->cols[i].boolean && (ascii_ieq(cell, n, "false") || cell_is(cell, n, "いいえ")))
      v = json_false();
    else
      v = json_stringn(cell, n);
    if (!v) {
      json_decref(root);
      set_error(r, CSVR_ENOMEM, "out of memory");
      return;
    }
    if (!set_path(root, r->cols[i].path, r->cols[i].literal, v)) {
      json_decref(root);
      set_error(r, CSVR_ENOMEM, "out of memory");
      return;
    }
  }
  char *text = json_dumps(root, JSON_COMPACT);
  json_decref(root);
  if (!text) {
    set_error(r, CSVR_ENOMEM, "out of memory");
    return;
  }
  rec.json = text;
  rec.json_len = strlen(text);
  deliver(r, &rec);
  free(text);
}

static void on_row(int c, void *data) {
  (void)c;
  csv_records *r = data;
  if (r->status == CSVR_OK) {
    if (r->have_header)
      take_row(r);
    else
      take_header(r);
  }
  reset_row(r);
}

/* ------------------------------------------------------------- feeding */

/* Feeds one piece: bytes up to and including one CR or LF, or the tail. */
static void feed_piece(csv_records *r, const unsigned char *p, size_t n) {
  if (r->pending_cr) {
    r->pending_cr = false;
    if (p[0] != '\n') r->line++; /* a lone CR ended the line */
  }
  if (!r->row_line) {
    for (size_t i = 0; i < n; i++)
      if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n') {
        r->row_line = r->line;
        break;
      }
  }
  size_t done = csv_parse(&r->parser, p, n, on_field, on_row, r);
  if (done < n && r->status == CSVR_OK) {
    if (csv_error(&r->parser) == CSV_ENOMEM)
      set_error(r, CSVR_EFORMAT,
                "line %llu: a cell is longer than %u bytes (is a quote not "
                "closed?); the rows after it cannot be found",
                r->row_line ? r->row_line : r->line, CSVR_FIELD_MAX);
    else
      set_error(r, CSVR_EFORMAT, "line %llu: %s", r->line,
                csv_strerror(csv_error(&r->parser)));
  }
  if (p[n - 1] == '\n')
    r->line++;
  else if (p[n - 1] == '\r')
    r->pending_cr = true;
}

static void feed_bytes(csv_records *r, const unsigned char *p, size_t n) {
  while (n && r->status == CSVR_OK) {
    size_t k = 0;
    while (k < n && p[k] != '\n' && p[k] != '\r') k++;
    if (k < n) k++; /* include the line break */
    feed_piece(r, p, k);
    p += k;
    n -= k;
  }
}

csv_records *mf_csv_records_new(csv_record_fn fn, void *user, const csv_options *opts) {
  csv_records *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  if (opts) {
    r->allow_unknown = opts->allow_unknown;
    r->verbose = opts->verbose;
    r->encoding = opts->encoding;
    size_t n = 0;
    while (opts->extra_columns && opts->extra_columns[n]) n++;
    if (n) {
      r->extra = calloc(n + 1, sizeof *r->extra);
      for (size_t i = 0; r->extra && i < n; i++)
        if (!(r->extra[i] = strdup(opts->extra_columns[i]))) {
          mf_csv_records_free(r);
          return NULL;
        }
      if (!r->extra) {
        free(r);
        return NULL;
      }
    }
  }
  r->enc_decided = r->encoding != CSV_ENC_DEFAULT;
  if (!(r->dec = mf_csv_decoder_new(r->encoding))) {
    int e = errno;
    mf_csv_records_free(r);
    errno = e;
    return NULL;
  }
  if (csv_init(&r->parser, 0) != 0) {
    mf_csv_records_free(r);
    return NULL;
  }
  r->parser_live = true;
  csv_set_realloc_func(&r->parser, capped_realloc);
  csv_set_blk_size(&r->parser, 4096);
  r->fn = fn;
  r->user = user;
  r->line = 1;
  return r;
}

csvr_status mf_csv_records_feed(csv_records *r, const void *bytes, size_t len) {
  const unsigned char *p = bytes;
  static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
  while (!r->bom_done && len && r->status == CSVR_OK) {
    if (*p == bom[r->bom_len]) {
      r->bom[r->bom_len++] = *p++;
      len--;
      if (r->bom_len == 3) r->bom_done = true; /* dropped */
      if (r->bom_len == 3 && r->encoding == CSV_ENC_CP932)
        set_error(r, CSVR_EENCODING,
                  "line 1: the input starts with a UTF-8 byte order mark: it is UTF-8, "
                  "not CP932 (leave out --encoding cp932)");
    } else {
      r->bom_done = true; /* not a BOM: the held bytes are data */
      feed_bytes(r, r->bom, r->bom_len);
    }
  }
  if (r->status == CSVR_OK) feed_bytes(r, p, len);
  return r->status;
}

csvr_status mf_csv_records_finish(csv_records *r) {
  if (!r->bom_done) {
    r->bom_done = true;
    if (r->bom_len < 3) feed_bytes(r, r->bom, r->bom_len);
  }
  if (r->status != CSVR_OK) return r->status;
  if (r->parser.quoted && r->parser.pstate == LIBCSV_FIELD_BEGUN) r->row_unterminated = true;
  csv_fini(&r->parser, on_field, on_row, r);
  if (r->status == CSVR_OK && !r->have_header)
    set_error(r, CSVR_EHEADER, "no header row: the input is empty");
  return r->status;
}

const char *mf_csv_records_errmsg(const csv_records *r) { return r->errmsg; }

unsigned long long mf_csv_records_count(const csv_records *r) { return r->records; }

void mf_csv_records_free(csv_records *r) {
  if (!r) return;
  if (r->parser_live) csv_free(&r->parser);
  mf_csv_decoder_free(r->dec);
  for (size_t i = 0; r->extra && r->extra[i]; i++) free(r->extra[i]);
  free(r->extra);
  for (size_t i = 0; i < r->ncols; i++) free(r->cols[i].path);
  free(r->cols);
  free(r->cells);
  free(r->off);
  free(r->len);
  free(r);
}
