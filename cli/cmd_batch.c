/*
 * cmd_batch.c — mynaform batch: renders a document for every record of a
 * JSON Lines or CSV file, one PDF per record (a pool of threads) or all
 * pages in one merged PDF, with a progress bar, an error report, --resume and
 * a clean stop on Ctrl-C.
 *
 * A client of the library's batch engine (myna_batch_*, src/batch.c), which
 * reads the records, renders them with a pool of threads and hands them back
 * in input order.  This file does what is about files and the terminal: the
 * main thread reads the input and feeds the engine; it names each record's
 * PDF before it is rendered (prepare), a worker writes the PDF to a
 * temporary file (on_pdf), the main thread counts it, reports it and commits
 * the files in groups (on_record), and draws the progress line (poll).
 */
#define _GNU_SOURCE /* syncfs */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "out_file.h"

#define CMD "batch"
/* A merged PDF is held in memory until it is saved. */
#define MERGE_MAX_PAGES 20000u
/* The summary lists this many failed records; the report has them all. */
#define SUMMARY_FAILURES 10
/* Longest value of a naming member. */
#define NAME_FIELD_MAX 100
#define MAX_WORKERS 256
/* Default of --max-records.  With a field in the file names every name used
 * is kept (about 60 bytes a record: 600 MB at this count), and a run this
 * long is better split; --max-records raises or lowers it. */
#define DEFAULT_MAX_RECORDS 10000000ull
/* The first row of the error report. */
#define REPORT_HEADER "record\tline\tstatus\tmessage\n"
/* Finished files are made durable and renamed in groups: one syncfs for
 * this many files instead of one fsync each (see commit_files). */
#define COMMIT_GROUP 64

/* Set by SIGINT/SIGTERM: the only global mutable state. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig) {
  (void)sig;
  interrupted = 1;
}

static double now_sec(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *xstrdup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xstrdup_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  char *s = malloc((size_t)n + 1);
  if (!s) return NULL;
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return s;
}

/* ----------------------------------------------------------- options */

typedef enum { FMT_AUTO, FMT_JSONL, FMT_CSV } in_format;

/* A piece of a --name-pattern: literal text, {n} or {field:NAME}. */
typedef struct name_part {
  enum { PART_TEXT, PART_NUMBER, PART_FIELD } kind;
  char *text; /* the literal, or the member name */
} name_part;

typedef struct batch_opts {
  common_opts co;
  myna_document doc;
  const char *doc_name;
  const char *in_path;
  in_format format;
  const char *encoding; /* --encoding; NULL: the default (UTF-8, CP932 refused) */
  const char *out_dir, *merge_path, *errors_path;
  const char *name_field, *name_pattern;
  const char *clinic_path, *url;
  unsigned mode, flags;
  bool pinless, quiet, resume;
  long workers;
  unsigned long long max_records;
  name_part *parts;
  size_t nparts;
  bool name_uses_fields;
} batch_opts;

static long default_workers(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1) n = 1;
  if (n > MAX_WORKERS) n = MAX_WORKERS;
  return n;
}

static void help(void) {
  printf(
      "Usage: mynaform batch --doc DOC --in FILE|- (--out-dir DIR | --merge FILE)\n"
      "                      [OPTIONS]\n"
      "\n"
      "Renders a document for every record of a JSON Lines or CSV file: one PDF\n"
      "per record in a directory, or the pages of all records in one print-ready\n"
      "PDF, in input order.  A bad record is reported and left out; the others\n"
      "are written.\n"
      "\n"
      "Options:\n"
      "      --doc DOC          declaration, notice, packet or explanation\n"
      "      --in FILE|-        the records; '-' reads standard input\n"
      "      --format FMT       jsonl or csv (default: from the extension of --in:\n"
      "                         .csv is CSV; .jsonl, .ndjson and anything else\n"
      "                         JSON Lines)\n"
      "      --encoding ENC     of a CSV file: utf-8 (the default) or cp932, the\n"
      "                         Shift_JIS a Japanese Excel saves (also shift_jis,\n"
      "                         sjis, windows-31j, ms932)\n"
      "      --out-dir DIR      one PDF per record in DIR (created, mode 0700, if\n"
      "                         missing); named 000001.pdf, 000002.pdf, ... by\n"
      "                         record number unless --name-field/--name-pattern\n"
      "      --merge FILE       one PDF with the pages of every good record, in\n"
      "                         input order (3 pages a record for the packet);\n"
      "                         '-' writes it to standard output; a FIFO or a\n"
      "                         device (/dev/stdout, >(cmd)) is written into\n"
      "      --name-field FIELD name each PDF after the record's member FIELD:\n"
      "                         FIELD.pdf (same as --name-pattern '{field:FIELD}.pdf')\n"
      "      --name-pattern PAT file names from PAT: {n} is the record number\n"
      "                         (000001), {field:NAME} the record's member NAME;\n"
      "                         other characters A-Z a-z 0-9 . _ -\n"
      "      --workers N        render with N threads (default: the number of\n"
      "                         cores, here %ld); not used with --merge\n"
      "      --resume           skip records whose PDF is finished: a file of\n"
      "                         yours from %%PDF- to %%%%EOF (an empty or torn file\n"
      "                         is written again)\n"
      "      --max-records N    read at most N records (default %llu); a longer\n"
      "                         input stops the batch (exit 3)\n"
      "      --errors FILE      the error report (default: DIR/errors.tsv, or\n"
      "                         NAME.errors.tsv beside --merge NAME.pdf; with\n"
      "                         --merge - or a FIFO or device the lines go to\n"
      "                         standard error); '-' writes it to standard\n"
      "                         output; never the input, the merged PDF or a\n"
      "                         record's PDF (exit 2)\n"
      "  -q, --quiet            no progress bar, only the summary\n"
      "      --mode OCTAL       permission bits of the PDFs, 0 to 0777 (default\n"
      "                         0600; 0 means 0600)\n"
      "      --clinic FILE      imprint {\"name\",\"address\",\"phone\"} for the notice\n"
      "      --url URL          URL of the QR code (default https://myna.go.jp/)\n"
      "      --pinless          the notice for a PIN-less (顔認証) card: no QR code\n"
      "      --pdfa             write PDF/A-1b, for copies that are kept\n"
      "      --allow-unknown    unknown fields in the data are warnings, not errors\n"
      "                         (CSV: see Records)\n"
      "  -v, --verbose          messages may quote the offending values\n"
      "      --data-dir DIR     directory with templates/ and fonts/\n"
      "      --font-dir DIR     fonts (or MYNAFORM_FONT_DIR)\n"
      "      --template-dir DIR templates (or MYNAFORM_TEMPLATE_DIR)\n"
      "  -h, --help             this help\n"
      "\n"
      "Records:\n"
      "  JSON Lines: one card-data object (schema/card-data.schema.json) a line,\n"
      "  passed to the library as it is; blank lines are skipped; a line longer\n"
      "  than MYNA_LIMIT_DATA_BYTES (65536 bytes), or holding a NUL byte, is a\n"
      "  bad record.\n"
      "  CSV: UTF-8 (a byte order mark is skipped) or, with --encoding cp932,\n"
      "  CP932 (Windows' Shift_JIS, decoded by the system's iconv as Windows does:\n"
      "  0x8160 is U+FF5E ～); comma-separated, rows ended by LF or CRLF; cells in\n"
      "  double quotes may hold commas, \"\" and line breaks.  Without --encoding,\n"
      "  a file whose first row with non-ASCII bytes is not UTF-8 but is CP932 is\n"
      "  refused (exit 2) with a message that names --encoding cp932; nothing is\n"
      "  guessed.  Bytes not valid in the encoding make the record bad (the\n"
      "  message names the line and column), never a replacement character.\n"
      "  The first row names the columns with card-data paths, dots for nesting:\n"
      "  name, kana, birth_date, sex, address, insurance.type,\n"
      "  insurance.insurer_name, insurance.employer, insurance.issued,\n"
      "  insurance.copay, insurance.has_valid_card, filing_date, phone, pinless,\n"
      "  clinic.name, clinic.address, clinic.phone; also the members that\n"
      "  --name-field or --name-pattern name files after (such as id).  An empty\n"
      "  cell leaves the member out; true/false and はい/いいえ in has_valid_card\n"
      "  and pinless are booleans; every other cell is a string (copay \"3\" and\n"
      "  sex \"1\" are accepted).  Spaces around unquoted cells are dropped; a\n"
      "  row of empty cells is skipped like a blank line.  A row with more or\n"
      "  fewer cells than the header, or a cell holding a NUL byte, is a bad\n"
      "  record.  No header row, a column that is none of those names, or a\n"
      "  repeated one stops the batch before anything is written (exit 2): the\n"
      "  first row may be a patient's data, so messages name the column by\n"
      "  number and quote it only with --verbose.  With --allow-unknown another\n"
      "  column is passed on as the member csv_column_N (N its number): the\n"
      "  library screens it for a 個人番号 and warns \"$.csv_column_N: unknown\n"
      "  field\"; at least one column must still be a card-data path.\n"
      "  Records are numbered from 1 in input order (blank lines and the header\n"
      "  row do not count); the line of a record is the input line it starts on.\n"
      "\n"
      "File names:\n"
      "  A naming member must be a string or an integer of 1 to 100 characters\n"
      "  A-Z a-z 0-9 . _ -, not starting with '.'; otherwise the record is bad,\n"
      "  and so is a record whose file name an earlier record of the run took.\n"
      "  A naming member that is not a card-data member (such as \"id\") is\n"
      "  removed before the record is rendered; one that is (such as \"phone\")\n"
      "  is printed as well.  A naming value that is a 個人番号 is refused.\n"
      "  A record whose file name is the error report's, or names the input, or\n"
      "  is taken by a directory, FIFO, device or socket is bad too (name).\n"
      "  Each PDF is written atomically (a temporary .mynaform-PID-XXXXXX file,\n"
      "  flushed, then renamed), so only complete PDFs ever carry their name; an\n"
      "  existing regular file of the same name is replaced, unless --resume\n"
      "  skips the record.  If a PDF cannot be renamed, that record fails\n"
      "  (write) and the batch stops; the others are kept.  A batch removes the\n"
      "  temporary files of a killed mynaform (its PID no longer running) from\n"
      "  the directories it writes to, if they are regular files of yours.\n"
      "\n"
      "Error report:\n"
      "  A tab-separated file with the columns record, line, status, message and\n"
      "  one row per failed record, or per warning of a record that was written,\n"
      "  in input order.  status is the library's verdict (data, my_number,\n"
      "  glyph, fit, limit), name (no usable file name), csv (wrong number of\n"
      "  cells, unclosed quote), write (the PDF could not be put in place) or\n"
      "  warning.  Messages name the field (its JSON path) and what is wrong,\n"
      "  never the value unless --verbose; nor do they show an output file name\n"
      "  built from a record's member (a write error names the record; its file\n"
      "  only with --verbose).  A JSON syntax error is placed by its column in\n"
      "  the record's line.  The report is replaced at the end of every run:\n"
      "  written if there was anything to report; if not, a report left there\n"
      "  by an earlier run is removed (a file that does not start with the\n"
      "  header row is left alone).  A FIFO or device is written into only\n"
      "  when there is something to report.  The summary on standard error\n"
      "  lists the first %d failed records.\n"
      "\n"
      "Threads and memory:\n"
      "  With --out-dir, N threads render with a context each while the main\n"
      "  thread reads; at most 4 records a thread are held in memory, so memory\n"
      "  does not grow with the input (with a field in the file names, the names\n"
      "  used so far are kept to find duplicates: about 60 bytes a record).\n"
      "  --merge builds one PDF in one thread and holds it in memory until it is\n"
      "  saved at the end: at most %u pages (use --out-dir beyond that).  It\n"
      "  first copies input from a pipe to an unnamed temporary file in TMPDIR\n"
      "  (gone when mynaform ends, however it ends) and counts it, so that too\n"
      "  many pages are refused before anything is rendered.\n"
      "\n"
      "Progress and interrupts:\n"
      "  On a terminal a progress line shows records done, the rate, the time left\n"
      "  (when --in is a regular file) and failures; with --quiet, or when\n"
      "  standard error is not a terminal, only the summary is printed.\n"
      "  Ctrl-C or SIGTERM stops reading: the records in hand are finished, the\n"
      "  report and the summary written, and the exit status is 130.  No partial\n"
      "  PDF is left (with --merge, no file at all); run again with --resume to\n"
      "  go on.  A second Ctrl-C ends at once, possibly leaving temporary files\n"
      "  (removed by the next batch), never a partial PDF.  With --merge, the\n"
      "  summary counts records as written only once the merged PDF is saved.\n"
      "\n"
      "Limits:\n"
      "  At most --max-records records (default %llu) are read.  When the input\n"
      "  is counted first (--merge, or a progress bar for a regular file) a\n"
      "  longer one is refused before anything is written; otherwise the batch\n"
      "  stops at the first record past the limit, the records before it done.\n"
      "\n"
      "Exit status: 0 every record written or skipped, 1 some records failed\n"
      "(the others were written), 2 usage (also a bad CSV header, a CSV file in\n"
      "another encoding than --encoding says, or more than %u pages to merge),\n"
      "3 a CSV that cannot be parsed on (a cell longer than 1 MiB) or more\n"
      "records than --max-records, 5 a malformed template, 6 fonts or templates\n"
      "not found (or no CP932 converter), 7 cannot read the input or write an output,\n"
      "8 internal error, 130 interrupted.  Problems not about one record (3, 5-8)\n"
      "stop the batch.\n",
      default_workers(), DEFAULT_MAX_RECORDS, SUMMARY_FAILURES, MERGE_MAX_PAGES,
      DEFAULT_MAX_RECORDS, MERGE_MAX_PAGES);
}

static bool parse_doc(const char *s, myna_document *doc) {
  if (!strcmp(s, "declaration")) *doc = MYNA_DOC_DECLARATION;
  else if (!strcmp(s, "notice")) *doc = MYNA_DOC_NOTICE;
  else if (!strcmp(s, "packet")) *doc = MYNA_DOC_PACKET;
  else if (!strcmp(s, "explanation")) *doc = MYNA_DOC_EXPLANATION;
  else return false;
  return true;
}

static bool name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '.' || c == '_' || c == '-';
}

static void free_parts(batch_opts *o) {
  for (size_t i = 0; i < o->nparts; i++) free(o->parts[i].text);
  free(o->parts);
  o->parts = NULL;
  o->nparts = 0;
}

/* Parses a --name-pattern into parts; returns an exit code. */
static int parse_pattern(batch_opts *o, const char *pat) {
  size_t cap = strlen(pat) + 1;
  o->parts = calloc(cap, sizeof *o->parts);
  if (!o->parts) return usage_error(CMD, "out of memory");
  bool numbered = false;
  const char *p = pat;
  if (*p == '.') return usage_error(CMD, "--name-pattern must not start with '.'");
  while (*p) {
    name_part *part = &o->parts[o->nparts];
    if (*p == '{') {
      const char *end = strchr(p, '}');
      if (!end) return usage_error(CMD, "--name-pattern: '{' without '}'");
      if (end - p == 2 && p[1] == 'n') {
        part->kind = PART_NUMBER;
        numbered = true;
      } else if (!strncmp(p, "{field:", 7) && end - p > 7) {
        part->kind = PART_FIELD;
        part->text = strndup(p + 7, (size_t)(end - p - 7));
        if (!part->text) return usage_error(CMD, "out of memory");
        o->name_uses_fields = true;
      } else {
        return usage_error(CMD, "--name-pattern: unknown placeholder (use {n} or {field:NAME})");
      }
      p = end + 1;
    } else {
      const char *q = p;
      while (*q && *q != '{') {
        if (!name_char(*q))
          return usage_error(CMD, "--name-pattern: only A-Z a-z 0-9 . _ - besides {n} and {field:NAME}");
        q++;
      }
      part->kind = PART_TEXT;
      part->text = strndup(p, (size_t)(q - p));
      if (!part->text) return usage_error(CMD, "out of memory");
      p = q;
    }
    o->nparts++;
  }
  if (!numbered && !o->name_uses_fields)
    return usage_error(CMD, "--name-pattern needs {n} or {field:NAME}, or every record gets the same name");
  /* the pattern's own text, placeholders as letters: a literal number
   * would be in every file name */
  char *lit = strdup(pat);
  if (!lit) return usage_error(CMD, "out of memory");
  for (char *c = lit; (c = strchr(c, '{')) != NULL;) {
    char *end = strchr(c, '}');
    memset(c, 'x', (size_t)(end - c + 1));
    c = end + 1;
  }
  bool mn = myna_text_has_my_number(lit, strlen(lit));
  free(lit);
  if (mn) {
    fprintf(stderr, "%s %s: --name-pattern: contains a 12-digit 個人番号 (My Number); a clinic "
                    "may not collect it (番号法 art. 19–20)\n", prog, CMD);
    return EXIT_MY_NUMBER;
  }
  return EXIT_OK;
}

static bool ends_with_ci(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !strcasecmp(s + n - m, suffix);
}

static int parse_args(batch_opts *o, int argc, char **argv, bool *done) {
  *done = false;
  o->mode = 0600;
  o->workers = 0;
  const char *doc_arg = NULL, *format_arg = NULL, *workers_arg = NULL, *max_arg = NULL;
  const char *encoding_arg = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int c = common_opt(&o->co, argc, argv, &i);
    if (c < 0) return usage_error(CMD, "%s needs a value", a);
    if (c > 0) continue;
    bool has_val = i + 1 < argc;
    const char **slot = NULL;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      help();
      *done = true;
      return EXIT_OK;
    } else if (!strcmp(a, "--doc")) slot = &doc_arg;
    else if (!strcmp(a, "--in")) slot = &o->in_path;
    else if (!strcmp(a, "--format")) slot = &format_arg;
    else if (!strcmp(a, "--encoding")) slot = &encoding_arg;
    else if (!strcmp(a, "--out-dir")) slot = &o->out_dir;
    else if (!strcmp(a, "--merge")) slot = &o->merge_path;
    else if (!strcmp(a, "--errors")) slot = &o->errors_path;
    else if (!strcmp(a, "--name-field")) slot = &o->name_field;
    else if (!strcmp(a, "--name-pattern")) slot = &o->name_pattern;
    else if (!strcmp(a, "--clinic")) slot = &o->clinic_path;
    else if (!strcmp(a, "--url")) slot = &o->url;
    else if (!strcmp(a, "--workers")) slot = &workers_arg;
    else if (!strcmp(a, "--max-records")) slot = &max_arg;
    else if (!strcmp(a, "--mode")) {
      if (!has_val || !parse_mode(argv[i + 1], &o->mode))
        return usage_error(CMD, MODE_USAGE);
      i++;
      continue;
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
      o->quiet = true;
      continue;
    } else if (!strcmp(a, "--resume")) {
      o->resume = true;
      continue;
    } else if (!strcmp(a, "--allow-unknown")) {
      o->flags |= MYNA_RENDER_ALLOW_UNKNOWN;
      continue;
    } else if (!strcmp(a, "--pinless")) {
      o->pinless = true;
      continue;
    } else if (!strcmp(a, "--pdfa")) {
      o->flags |= MYNA_RENDER_PDFA;
      continue;
    } else {
      return unknown_option(CMD, argv, i);
    }
    if (!has_val || !*argv[i + 1]) return usage_error(CMD, "%s needs a value", a);
    *slot = argv[++i];
  }

  if (!doc_arg) return usage_error(CMD, "no document: give --doc declaration|notice|packet|explanation");
  if (!parse_doc(doc_arg, &o->doc))
    return usage_error(CMD, "--doc: unknown document; expected declaration, notice, packet or explanation");
  o->doc_name = doc_arg;
  if (!o->in_path) return usage_error(CMD, "no input: give --in FILE (or --in - for standard input)");
  if (!o->out_dir == !o->merge_path) return usage_error(CMD, "give either --out-dir DIR or --merge FILE");
  if (o->merge_path && o->errors_path && !strcmp(o->merge_path, "-") && !strcmp(o->errors_path, "-"))
    return usage_error(CMD, "--merge - and --errors - cannot both write to standard output");
  if (format_arg) {
    if (!strcmp(format_arg, "jsonl")) o->format = FMT_JSONL;
    else if (!strcmp(format_arg, "csv")) o->format = FMT_CSV;
    else return usage_error(CMD, "--format: expected jsonl or csv");
  } else {
    o->format = ends_with_ci(o->in_path, ".csv") ? FMT_CSV : FMT_JSONL;
  }
  if (encoding_arg) {
    if (o->format != FMT_CSV)
      return usage_error(CMD, "--encoding applies to CSV input (JSON Lines is always UTF-8)");
    o->encoding = encoding_arg; /* the engine checks the name (check_encoding) */
  }
  if (workers_arg) {
    char *end;
    errno = 0;
    long n = strtol(workers_arg, &end, 10);
    if (errno || *end || end == workers_arg || n < 1 || n > MAX_WORKERS)
      return usage_error(CMD, "--workers needs a number from 1 to %d", MAX_WORKERS);
    o->workers = n;
  }
  if (!o->workers) o->workers = default_workers();
  o->max_records = DEFAULT_MAX_RECORDS;
  if (max_arg) {
    char *end;
    errno = 0;
    unsigned long long n = strtoull(max_arg, &end, 10);
    if (errno || *end || end == max_arg || max_arg[0] < '0' || max_arg[0] > '9' || n < 1)
      return usage_error(CMD, "--max-records needs a positive number");
    o->max_records = n;
  }
  if (o->merge_path) {
    if (o->name_field || o->name_pattern)
      return usage_error(CMD, "--name-field and --name-pattern apply to --out-dir");
    if (o->resume) return usage_error(CMD, "--resume applies to --out-dir");
    o->workers = 1;
  }
  if (o->name_field && o->name_pattern)
    return usage_error(CMD, "give --name-field or --name-pattern, not both");
  if (o->pinless && o->doc != MYNA_DOC_NOTICE && o->doc != MYNA_DOC_PACKET)
    return usage_error(CMD, "--pinless applies to the notice and the packet");
  if (o->clinic_path && !strcmp(o->clinic_path, "-") && !strcmp(o->in_path, "-"))
    return usage_error(CMD, "--in and --clinic cannot both read standard input");
  if (o->out_dir) {
    int rc;
    if (o->name_field) {
      if (strchr(o->name_field, '}')) return usage_error(CMD, "--name-field: not a member name");
      char *pat = xstrdup_printf("{field:%s}.pdf", o->name_field);
      if (!pat) return usage_error(CMD, "out of memory");
      rc = parse_pattern(o, pat);
      free(pat);
    } else {
      rc = parse_pattern(o, o->name_pattern ? o->name_pattern : "{n}.pdf");
    }
    if (rc != EXIT_OK) return rc;
  }
  return EXIT_OK;
}
/* ------------------------------------------------------------- jobs */

/* A record being named (on the main thread, before the engine renders it):
 * its text, the members taken out for the name, and where it goes. */
typedef struct job {
  unsigned long long record;
  char *json;          /* the record, when naming members were taken out */
  size_t json_len;
  const char *text;    /* the record as read (or json) */
  size_t text_len;
  char *probe;         /* the naming members taken out: screened by the engine */
  size_t probe_len;
  char *path;          /* output file; NULL: only validate (no usable name) */
  char *name_error;    /* why there is no name, if the record is valid */
  bool name_my_number; /* ... because the name would hold a 個人番号 */
  bool skip;           /* --resume: its PDF is there */
} job;

static void job_clear(job *j) {
  free(j->json);
  free(j->probe);
  free(j->path);
  free(j->name_error);
  memset(j, 0, sizeof *j);
}

/* Where one record's PDF goes: the tag of its engine item.  on_pdf writes
 * the temporary file (on a rendering thread); on_record counts it. */
typedef struct rec_out {
  char *path;    /* final name */
  char *tmp;     /* written, not yet committed: the temporary file */
  int write_err; /* errno of a failed write */
} rec_out;

static void rec_out_free(rec_out *t) {
  if (!t) return;
  if (t->tmp) unlink(t->tmp); /* never committed: remove it */
  free(t->tmp);
  free(t->path);
  free(t);
}

/* ------------------------------------------------------- the batch */

typedef struct batch batch;

struct batch {
  const batch_opts *o;
  myna_render_opts ro;
  myna_ctx *ctx;     /* the engine's context (and the merge's) */
  myna_batch *eng;   /* the engine (src/batch.c) */
  bool merged;       /* the merged PDF was saved */
  bool engine_fatal; /* a record stopped the engine: already said */
  job naming;        /* the last record named: its text lives until the
                        engine has copied it */

  /* names used so far (only with a field in the pattern) */
  struct name_entry { char *name; unsigned long long record; } *names;
  size_t names_cap, names_len;

  /* counts, owned by the main thread */
  unsigned long long records, written, failed, skipped, warnings, dropped;
  unsigned long long total; /* 0: unknown */
  size_t pages;
  int fatal_exit;
  char *fatal_msg;
  bool over_limit; /* a record past --max-records was read: stopped there */
  char *failures[SUMMARY_FAILURES];
  size_t nfailures;

  /* the error report: a temporary file renamed at the end, or written into
   * as a stream (a FIFO, /dev/null: report_stream) */
  char *report_path, *report_tmp;
  FILE *report;
  bool report_failed, report_stream;
  const char *report_name; /* its file name when it is in --out-dir: no
                              record may take it */

  /* the input, when it is a file: no record's output may replace it */
  bool in_known;
  dev_t in_dev;
  ino_t in_ino;

  /* written files waiting to be committed, in order */
  struct pending {
    char *tmp, *path;
    unsigned long long record, line;
    size_t pages;
  } *pending;
  size_t npending;
  int dir_fd;

  /* progress, owned by the main thread */
  bool show_progress;
  double t0, last_draw;
  bool drawn;
};

/* ------------------------------------------------------------ report */

static void tsv_text(FILE *f, const char *s) {
  if (!s) s = "failed (out of memory)";
  for (; *s; s++) fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

/* A problem not about one record: the batch stops (on_record and
 * on_prepare tell the engine). */
static void set_fatal(batch *b, int code, const char *msg) {
  if (b->fatal_exit) return;
  b->fatal_exit = code;
  b->fatal_msg = strdup(msg ? msg : "failed");
}

static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return strdup(".");
  if (slash == path) return strdup("/");
  return strndup(path, (size_t)(slash - path));
}

static void report_add(batch *b, unsigned long long record, unsigned long long line,
                       const char *kind, const char *msg) {
  if (b->report_failed) return;
  if (!b->report_path) { /* --merge - without --errors: the lines on stderr */
    fprintf(stderr, "%s %s: record %llu, line %llu: %s: %s\n", prog, CMD, record, line, kind,
            msg ? msg : "");
    return;
  }
  if (!b->report && !strcmp(b->report_path, "-")) { /* --errors -: stdout */
    b->report = stdout;
    fputs(REPORT_HEADER, b->report);
  }
  if (!b->report) {
    int fd = b->report_stream ? out_stream_open(b->report_path)
                              : out_tmp_create(b->report_path, &b->report_tmp);
    if (fd >= 0) b->report = fdopen(fd, "w");
    if (!b->report) {
      char *m = xstrdup_printf("%s: cannot write the error report: %s", b->report_path,
                               strerror(errno));
      if (fd >= 0) {
        close(fd);
        if (b->report_tmp) unlink(b->report_tmp);
      }
      b->report_failed = true;
      set_fatal(b, EXIT_IO, m);
      free(m);
      return;
    }
    fputs(REPORT_HEADER, b->report);
  }
  fprintf(b->report, "%llu\t%llu\t%s\t", record, line, kind);
  tsv_text(b->report, msg);
  fputc('\n', b->report);
}

/* True if path is an error report this tool wrote: a regular file of this
 * user that starts with the report's header row.  Only such a file is
 * removed when a run has nothing to report. */
static bool is_old_report(const char *path) {
  static const char head[] = REPORT_HEADER;
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  char buf[sizeof head];
  bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
            read(fd, buf, sizeof head - 1) == (ssize_t)(sizeof head - 1) &&
            !memcmp(buf, head, sizeof head - 1);
  close(fd);
  return ok;
}

/* Puts the report in place, or removes a stale one of ours when there is
 * nothing to report.  false on failure. */
static bool report_finish(batch *b) {
  if (!b->report_path) return true;
  if (!strcmp(b->report_path, "-")) {
    b->report = NULL;
    return fflush(stdout) == 0;
  }
  if (!b->report) {
    if (!b->report_failed && !b->report_stream && is_old_report(b->report_path) &&
        unlink(b->report_path) != 0 && errno != ENOENT) {
      fprintf(stderr, "%s %s: %s: cannot remove the old error report: %s\n", prog, CMD,
              b->report_path, strerror(errno));
      return false;
    }
    return !b->report_failed;
  }
  bool ok = fflush(b->report) == 0;
  if (ok && !b->report_stream && fsync(fileno(b->report)) != 0) ok = false;
  ok = (fclose(b->report) == 0) && ok;
  b->report = NULL;
  if (ok && !b->report_stream && rename(b->report_tmp, b->report_path) != 0) ok = false;
  if (!ok) {
    fprintf(stderr, "%s %s: %s: cannot write the error report: %s\n", prog, CMD,
            b->report_path, strerror(errno));
    if (b->report_tmp) unlink(b->report_tmp);
    b->report_failed = true;
  }
  return ok;
}

/* ----------------------------------------------------------- progress */

static void fmt_duration(char *buf, size_t n, double s) {
  if (s < 0) s = 0;
  unsigned long t = (unsigned long)(s + 0.5);
  if (t < 60) snprintf(buf, n, "%lus", t);
  else if (t < 3600) snprintf(buf, n, "%lum%02lus", t / 60, t % 60);
  else snprintf(buf, n, "%luh%02lum", t / 3600, (t % 3600) / 60);
}

static void progress(batch *b, bool force) {
  if (!b->show_progress) return;
  double now = now_sec();
  if (!force && now - b->last_draw < 0.1) return;
  b->last_draw = now;
  double el = now - b->t0;
  double rate = el > 0 ? (double)b->records / el : 0;
  char line[200], eta[32];
  int n = 0;
  if (b->total) {
    unsigned long long done = b->records < b->total ? b->records : b->total;
    int fill = (int)(done * 20 / b->total);
    char bar[21];
    for (int i = 0; i < 20; i++) bar[i] = i < fill ? '#' : '.';
    bar[20] = '\0';
    if (rate > 0) fmt_duration(eta, sizeof eta, (double)(b->total - done) / rate);
    else snprintf(eta, sizeof eta, "?");
    n = snprintf(line, sizeof line, "[%s] %llu/%llu records  %.1f rec/s  ETA %s", bar,
                 b->records, b->total, rate, eta);
  } else {
    n = snprintf(line, sizeof line, "%llu records  %.1f rec/s", b->records, rate);
  }
  if (b->failed && n > 0 && (size_t)n < sizeof line)
    snprintf(line + n, sizeof line - (size_t)n, "  (%llu failed)", b->failed);
  fprintf(stderr, "\r%s\033[K", line);
  fflush(stderr);
  b->drawn = true;
}

static void progress_clear(batch *b) {
  if (b->drawn) {
    fputs("\r\033[K", stderr);
    fflush(stderr);
    b->drawn = false;
  }
}
/* -------------------------------------------------------- accounting */

/* A counted file that could not be put in place: the record is failed
 * after all (so the counts say what is on disk) and the batch stops. */
static void uncommitted(batch *b, const struct pending *p, int err) {
  b->written--;
  b->pages -= p->pages;
  b->failed++;
  /* the file name may be built from a member: shown only with --verbose */
  char *why = b->o->co.verbose ? xstrdup_printf("%s: cannot write: %s", p->path, strerror(err))
                               : xstrdup_printf("cannot write its PDF: %s", strerror(err));
  report_add(b, p->record, p->line, "write", why);
  char *m = xstrdup_printf("record %llu: %s", p->record, why ? why : "cannot write its PDF");
  set_fatal(b, EXIT_IO, m);
  free(m);
  free(why);
}

/* Makes the pending files durable (one syncfs of the output's file system,
 * the same guarantee as an fsync of each) and renames them to their final
 * names, then syncs the directory.  An interrupted or killed batch leaves
 * only complete PDFs under final names; at worst hidden temporary files.
 * A file that cannot be renamed fails its record alone: the others of the
 * group are still put in place. */
static void commit_files(batch *b) {
  if (!b->npending) return;
  int sync_err = syncfs(b->dir_fd) != 0 ? errno : 0;
  bool renamed = false;
  for (size_t i = 0; i < b->npending; i++) {
    struct pending *p = &b->pending[i];
    int err = sync_err;
    if (!err && rename(p->tmp, p->path) != 0) err = errno;
    if (err) {
      unlink(p->tmp);
      uncommitted(b, p, err);
    } else {
      renamed = true;
    }
    free(p->tmp);
    free(p->path);
  }
  b->npending = 0;
  if (renamed && fsync(b->dir_fd) != 0 && errno != EINVAL) {
    char *m = xstrdup_printf("%s: cannot write: %s", b->o->out_dir, strerror(errno));
    set_fatal(b, EXIT_IO, m);
    free(m);
  }
}

/* Queues a written record's file for the next commit. */
static void pend(batch *b, const myna_batch_result *r, rec_out *t) {
  struct pending *p = &b->pending[b->npending++];
  p->tmp = t->tmp;
  p->path = t->path;
  p->record = r->record;
  p->line = r->line;
  p->pages = r->pages;
  t->tmp = NULL;
  t->path = NULL;
  if (b->npending == COMMIT_GROUP) commit_files(b);
}

/* A record whose PDF could not be written: the batch stops.  The file name
 * may be built from a member (--name-field): a patient's data, shown only
 * with --verbose. */
static void write_failed(batch *b, const myna_batch_result *r, const rec_out *t) {
  int err = t->write_err;
  char *m = b->o->co.verbose
                ? xstrdup_printf("record %zu: %s: cannot write: %s", r->record, t->path,
                                 strerror(err))
                : xstrdup_printf("record %zu: cannot write its PDF: %s", r->record,
                                 strerror(err));
  set_fatal(b, EXIT_IO, m ? m : "cannot write a PDF");
  free(m);
}

/* The engine's on_record: every record in input order, on this thread. */
static int account(void *user, const myna_batch_result *r) {
  batch *b = user;
  rec_out *t = r->tag;
  switch (r->outcome) {
    case MYNA_BATCH_RENDERED:
      if (t && t->tmp) pend(b, r, t);
      b->records++;
      b->written++;
      b->pages += r->pages;
      for (size_t i = 0; i < r->warning_count; i++) {
        report_add(b, r->record, r->line, "warning", r->warnings[i]);
        b->warnings++;
      }
      break;
    case MYNA_BATCH_SKIPPED:
      b->records++;
      b->skipped++;
      break;
    case MYNA_BATCH_FAILED:
      b->records++;
      b->failed++;
      report_add(b, r->record, r->line, r->kind, r->message);
      if (b->nfailures < SUMMARY_FAILURES)
        b->failures[b->nfailures++] =
            xstrdup_printf("record %zu, line %zu: %s", r->record, r->line, r->message);
      break;
    case MYNA_BATCH_FATAL:
      b->engine_fatal = true;
      if (t && t->write_err) {
        write_failed(b, r, t);
      } else if (b->o->merge_path && r->status == MYNA_ERR_LIMIT) {
        char *m = xstrdup_printf("more than %u pages to merge: the merged PDF is held in "
                                 "memory until it is saved; use --out-dir for one PDF per "
                                 "record",
                                 MERGE_MAX_PAGES);
        set_fatal(b, EXIT_USAGE, m ? m : "too many pages to merge");
        free(m);
      } else {
        set_fatal(b, exit_code_for(r->status), r->message);
      }
      break;
    case MYNA_BATCH_DROPPED:
    case MYNA_BATCH_READ:
      b->dropped++;
      break;
  }
  rec_out_free(t);
  progress(b, false);
  return b->fatal_exit != 0;
}

/* ------------------------------------------------------------ workers */

/* The engine's on_pdf, on a rendering thread: writes the PDF of a record
 * to a temporary file beside its final name (mode as asked, no fsync yet:
 * commit_files makes a whole group durable at once, then renames).  A
 * write failure (a full disk) stops the batch. */
static int write_tmp(void *user, const myna_batch_result *r) {
  const batch *b = user;
  rec_out *t = r->tag;
  if (!t || !t->path) return 0;
  int fd = out_tmp_create(t->path, &t->tmp);
  int err = fd < 0 ? errno : 0;
  if (!err && fchmod(fd, (mode_t)b->o->mode) != 0) err = errno;
  if (!err) err = out_write_all(fd, r->pdf, r->pdf_len);
  if (fd >= 0 && close(fd) != 0 && !err) err = errno;
  if (!err) return 0;
  if (fd >= 0) unlink(t->tmp);
  free(t->tmp);
  t->tmp = NULL;
  t->write_err = err ? err : ENOMEM;
  return 1;
}

/* The engine's poll: the progress line, and Ctrl-C stops. */
static int poll_stop(void *user) {
  progress(user, false);
  return interrupted != 0;
}

/* ------------------------------------------------------------- naming */

static const char *const card_members[] = {
    "$schema", "name",        "kana",  "birth_date", "sex",   "address",
    "insurance", "filing_date", "phone", "pinless",   "clinic", NULL};

static bool is_card_member(const char *k) {
  for (size_t i = 0; card_members[i]; i++)
    if (!strcmp(card_members[i], k)) return true;
  return false;
}

static unsigned long long hash_str(const char *s) {
  unsigned long long h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

/* Claims name for record; returns 0, or the record that has it already, or
 * ULLONG_MAX when out of memory. */
static unsigned long long claim_name(batch *b, const char *name, unsigned long long record) {
  if (b->names_len * 2 >= b->names_cap) {
    size_t nc = b->names_cap ? b->names_cap * 2 : 1024;
    struct name_entry *t = calloc(nc, sizeof *t);
    if (!t) return ~0ull;
    for (size_t i = 0; i < b->names_cap; i++) {
      if (!b->names[i].name) continue;
      size_t k = hash_str(b->names[i].name) & (nc - 1);
      while (t[k].name) k = (k + 1) & (nc - 1);
      t[k] = b->names[i];
    }
    free(b->names);
    b->names = t;
    b->names_cap = nc;
  }
  size_t k = hash_str(name) & (b->names_cap - 1);
  while (b->names[k].name) {
    if (!strcmp(b->names[k].name, name)) return b->names[k].record;
    k = (k + 1) & (b->names_cap - 1);
  }
  b->names[k].name = strdup(name);
  if (!b->names[k].name) return ~0ull;
  b->names[k].record = record;
  b->names_len++;
  return 0;
}

/* The text of a naming member, checked; or a message in *err. */
static bool field_text(json_t *root, const char *field, char *out, size_t out_size,
                       char **err) {
  json_t *v = json_object_get(root, field);
  if (!v || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0)) {
    *err = xstrdup_printf("$.%s: missing; it names the output file", field);
    return false;
  }
  const char *s;
  size_t n;
  char num[32];
  if (json_is_string(v)) {
    s = json_string_value(v);
    n = json_string_length(v);
  } else if (json_is_integer(v)) {
    snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    s = num;
    n = strlen(num);
  } else {
    *err = xstrdup_printf("$.%s: expected a string or an integer (it names the output file)",
                          field);
    return false;
  }
  bool ok = n <= NAME_FIELD_MAX && n < out_size && s[0] != '.';
  for (size_t i = 0; ok && i < n; i++) ok = name_char(s[i]);
  if (!ok) {
    *err = xstrdup_printf("$.%s: not usable as a file name (1 to %d characters A-Z a-z 0-9 . _ -,"
                          " not starting with '.')",
                          field, NAME_FIELD_MAX);
    return false;
  }
  memcpy(out, s, n);
  out[n] = '\0';
  return true;
}

static bool append(char *buf, size_t size, size_t *len, const char *s) {
  size_t n = strlen(s);
  if (*len + n >= size) return false;
  memcpy(buf + *len, s, n + 1);
  *len += n;
  return true;
}

/* Takes the naming members that are not card data out of the record (so
 * that the library does not refuse them as unknown) into *taken. */
static bool take_members(const batch_opts *o, json_t *root, json_t *taken) {
  for (size_t i = 0; i < o->nparts; i++) {
    const name_part *p = &o->parts[i];
    if (p->kind != PART_FIELD || is_card_member(p->text)) continue;
    json_t *v = json_object_get(root, p->text);
    if (!v) continue;
    if (json_object_set(taken, p->text, v) != 0) return false;
    json_object_del(root, p->text);
  }
  return true;
}

/* Re-serialises the record without the taken members; keeps them as the
 * probe that run_job screens for a 個人番号. */
static bool store_taken(job *j, json_t *root, json_t *taken) {
  if (!json_object_size(taken)) return true;
  char *t = json_dumps(root, JSON_COMPACT);
  char *pr = json_dumps(taken, JSON_COMPACT);
  if (!t || !pr) {
    free(t);
    free(pr);
    return false;
  }
  free(j->json);
  j->json = t;
  j->json_len = strlen(t);
  j->probe = pr;
  j->probe_len = strlen(pr);
  return true;
}

/* Expands the pattern into name (size 512); false with *err if a field
 * does not give a usable name. */
static bool expand_name(const batch_opts *o, const job *j, json_t *root, json_t *taken,
                        char *name, size_t size, char **err) {
  size_t len = 0;
  name[0] = '\0';
  for (size_t i = 0; i < o->nparts; i++) {
    const name_part *p = &o->parts[i];
    char piece[NAME_FIELD_MAX + 32];
    if (p->kind == PART_TEXT) {
      snprintf(piece, sizeof piece, "%s", p->text);
    } else if (p->kind == PART_NUMBER) {
      snprintf(piece, sizeof piece, "%06llu", j->record);
    } else if (!field_text(json_object_get(taken, p->text) ? taken : root, p->text, piece,
                           sizeof piece, err)) {
      return false;
    }
    if (!append(name, size, &len, piece) || len > 255) {
      *err = xstrdup_printf("the output file name is longer than 255 bytes");
      return false;
    }
  }
  return true;
}

/*
 * Names the output of job j (record text in j->text): sets j->path, or
 * j->name_error and no path.  false only when out of memory.
 */
static bool name_job(batch *b, job *j) {
  const batch_opts *o = b->o;
  char name[512];
  if (!o->name_uses_fields) { /* {n} alone: unique by construction */
    char *err = NULL;
    if (!expand_name(o, j, NULL, NULL, name, sizeof name, &err)) {
      j->name_error = err;
      return err != NULL;
    }
    j->path = xstrdup_printf("%s/%s", o->out_dir, name);
    return j->path != NULL;
  }
  json_error_t jerr;
  const char *text = j->text;
  size_t tlen = j->text_len;
  if (tlen >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) text += 3, tlen -= 3;
  json_t *root = json_loadb(text, tlen, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
  if (!root || !json_is_object(root)) { /* the library will say what is wrong */
    json_decref(root);
    j->name_error = xstrdup_printf("no file name: the record is not a JSON object");
    return j->name_error != NULL;
  }
  json_t *taken = json_object();
  bool ok = taken && take_members(o, root, taken) && store_taken(j, root, taken);
  if (ok && expand_name(o, j, root, taken, name, sizeof name, &j->name_error)) {
    /* the name as a whole: {field:a}{field:b} can make a number that no
     * member holds (hostile review, 5) */
    bool mn = myna_text_has_my_number(name, strlen(name));
    unsigned long long prev = mn ? 0 : claim_name(b, name, j->record);
    if (mn) {
      j->name_my_number = true;
      j->name_error = xstrdup_printf("the output file name would hold a 12-digit 個人番号 "
                                     "(My Number); a clinic may not collect it (番号法 art. "
                                     "19–20)");
      ok = j->name_error != NULL;
    } else if (prev == ~0ull) {
      ok = false;
    } else if (prev) {
      j->name_error =
          o->name_field
              ? xstrdup_printf("$.%s: the output file name is taken by record %llu",
                               o->name_field, prev)
              : xstrdup_printf("the output file name is taken by record %llu", prev);
      ok = j->name_error != NULL;
    } else {
      j->path = xstrdup_printf("%s/%s", o->out_dir, name);
      ok = j->path != NULL;
    }
  } else if (ok) {
    ok = j->name_error != NULL;
  }
  json_decref(taken);
  json_decref(root);
  return ok;
}

/* True if path is a PDF this tool finished: a regular file of this user
 * that starts with %PDF- and ends with %%EOF (and a line end).  A stub, a
 * torn file or a directory is not. */
static bool finished_pdf(const char *path) {
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  char head[5], tail[8];
  bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
            st.st_size >= (off_t)(sizeof head + sizeof tail) &&
            pread(fd, head, sizeof head, 0) == (ssize_t)sizeof head &&
            !memcmp(head, "%PDF-", 5) &&
            pread(fd, tail, sizeof tail, st.st_size - (off_t)sizeof tail) == (ssize_t)sizeof tail;
  close(fd);
  if (!ok) return false;
  size_t n = sizeof tail;
  while (n && (tail[n - 1] == '\n' || tail[n - 1] == '\r')) n--;
  return n >= 5 && !memcmp(tail + n - 5, "%%EOF", 5);
}

/* Checks what is at a named job's output path: a record may replace only a
 * regular file, never the error report or the input (it is then a bad
 * record, as for a name taken by another record); with --resume, a PDF
 * this tool finished there means the record is done.  false only when out
 * of memory. */
static bool check_target(batch *b, job *j) {
  const char *base = strrchr(j->path, '/') + 1, *why = NULL;
  struct stat st;
  if (b->report_name && !strcmp(base, b->report_name))
    why = "the output file name is the error report's (--errors)";
  else if (stat(j->path, &st) != 0)
    return true;
  else if (!S_ISREG(st.st_mode))
    why = "the output file name is taken by a directory or a special file";
  else if (b->in_known && st.st_dev == b->in_dev && st.st_ino == b->in_ino)
    why = "the output file name is the input's (--in)";
  else if (b->o->resume && finished_pdf(j->path))
    j->skip = true;
  if (!why) return true;
  free(j->path);
  j->path = NULL;
  j->name_error = strdup(why);
  return j->name_error != NULL;
}
/* --------------------------------------------------------- dispatching */

/* The engine's prepare (with --out-dir): names the record's PDF, checks
 * what is there, and hands the engine the record without the naming
 * members, the members to screen, and the record's rec_out as its tag.
 * Nonzero (out of memory) stops the batch. */
static int name_record(void *user, myna_batch_item *it) {
  batch *b = user;
  job *j = &b->naming;
  job_clear(j); /* the engine copied the previous one */
  j->record = it->record;
  j->text = it->text;
  j->text_len = it->len;
  bool ok = name_job(b, j) && (!j->path || check_target(b, j));
  rec_out *t = ok && j->path && !j->skip ? calloc(1, sizeof *t) : NULL;
  if (!ok || (j->path && !j->skip && !t)) {
    set_fatal(b, EXIT_INTERNAL, "out of memory");
    return 1;
  }
  if (j->json) {
    it->text = j->json;
    it->len = j->json_len;
  }
  if (j->probe) {
    it->screen = j->probe;
    it->screen_len = j->probe_len;
  }
  if (j->skip) {
    it->skip = 1;
  } else if (!j->path) { /* the library's verdict on the data comes first */
    it->fail_status = j->name_my_number ? MYNA_ERR_MY_NUMBER : MYNA_ERR_DATA;
    it->fail_kind = j->name_my_number ? "my_number" : "name";
    it->fail_message = j->name_error ? j->name_error : "no file name";
  } else {
    t->path = j->path;
    j->path = NULL;
    it->tag = t;
  }
  return 0;
}

/* ------------------------------------------------------------ reading */

static int read_error(const batch_opts *o) {
  fprintf(stderr, "%s %s: %s: read error: %s\n", prog, CMD,
          strcmp(o->in_path, "-") ? o->in_path : "standard input", strerror(errno));
  return EXIT_IO;
}

/* The engine's options for this run; READ_ONLY for counting. */
static void engine_opts(const batch_opts *o, const myna_render_opts *ro, const char **columns,
                        myna_batch_opts *eo) {
  memset(eo, 0, sizeof *eo);
  eo->struct_size = sizeof *eo;
  eo->doc = o->doc;
  eo->render = ro;
  eo->format = o->format == FMT_CSV ? MYNA_BATCH_CSV : MYNA_BATCH_JSONL;
  eo->csv_columns = columns;
  eo->csv_encoding = o->encoding;
  eo->poll = poll_stop;
}

/* The members that name files may be CSV columns too; NULL-terminated, or
 * NULL when out of memory. */
static const char **name_columns(const batch_opts *o) {
  const char **extra = calloc(o->nparts + 1, sizeof *extra);
  if (!extra) return NULL;
  for (size_t i = 0, n = 0; i < o->nparts; i++)
    if (o->parts[i].kind == PART_FIELD) extra[n++] = o->parts[i].text;
  return extra;
}

/* Reads the input and feeds it to the engine, then finishes the engine;
 * returns EXIT_OK or an exit code for a fatal problem (already said). */
static int read_records(batch *b, int fd) {
  char *buf = malloc(65536);
  if (!buf) {
    myna_batch_cancel(b->eng);
    myna_batch_finish(b->eng);
    set_fatal(b, EXIT_INTERNAL, "out of memory");
    return EXIT_OK;
  }
  int rc = EXIT_OK;
  bool eof = false;
  for (;;) {
    if (interrupted || b->fatal_exit) break;
    ssize_t n = read(fd, buf, 65536);
    if (n < 0) {
      if (errno == EINTR) {
        if (interrupted) break;
        continue;
      }
      rc = read_error(b->o);
      break;
    }
    if (n == 0) {
      eof = true;
      break;
    }
    if (myna_batch_feed(b->eng, buf, (size_t)n) != MYNA_OK) break;
  }
  free(buf);
  if (!eof && (interrupted || rc != EXIT_OK || b->fatal_exit))
    myna_batch_cancel(b->eng); /* the engine stops itself otherwise */
  myna_status st = myna_batch_finish(b->eng);
  myna_batch_stats stats = {0};
  stats.struct_size = sizeof stats;
  myna_batch_get_stats(b->eng, &stats);
  if (stats.over_limit) {
    b->over_limit = true;
  } else if (st != MYNA_OK && !b->engine_fatal && rc == EXIT_OK) {
    /* the CSV reader stopped: no header, a cell too long */
    progress_clear(b);
    fprintf(stderr, "%s %s: %s: %s\n", prog, CMD,
            strcmp(b->o->in_path, "-") ? b->o->in_path : "standard input",
            myna_ctx_errmsg(b->ctx));
    rc = st == MYNA_ERR_DATA        ? EXIT_USAGE
         : st == MYNA_ERR_MY_NUMBER ? EXIT_MY_NUMBER
         : st == MYNA_ERR_NOMEM     ? EXIT_INTERNAL
                                    : EXIT_DATA;
  }
  return rc;
}

static int interrupt_poll(void *user) {
  (void)user;
  return interrupted != 0;
}

/* --encoding, checked by the engine that will read with it before any
 * input is read; returns EXIT_OK or the exit code (already said). */
static int check_encoding(const batch_opts *o, myna_ctx *ctx) {
  if (!o->encoding) return EXIT_OK;
  myna_batch_opts eo;
  memset(&eo, 0, sizeof eo);
  eo.struct_size = sizeof eo;
  eo.doc = o->doc;
  eo.format = MYNA_BATCH_CSV;
  eo.flags = MYNA_BATCH_READ_ONLY;
  eo.csv_encoding = o->encoding;
  myna_batch *c = NULL;
  myna_status st = myna_batch_new(ctx, &eo, &c);
  myna_batch_free(c);
  if (st == MYNA_OK) return EXIT_OK;
  const char *m = myna_ctx_errmsg(ctx);
  if (!strncmp(m, "csv_encoding: ", 14)) m += 14;
  if (st == MYNA_ERR_USAGE) return usage_error(CMD, "--encoding: %s", m);
  fprintf(stderr, "%s %s: --encoding %s: %s\n", prog, CMD, o->encoding, m);
  return exit_code_for(st);
}

/* A counting engine (READ_ONLY); NULL when it cannot be had. */
static myna_batch *counter_new(const batch_opts *o, myna_ctx *ctx, const myna_render_opts *ro) {
  const char **extra = name_columns(o);
  if (!extra) return NULL;
  myna_batch_opts eo;
  engine_opts(o, ro, extra, &eo);
  eo.flags = MYNA_BATCH_READ_ONLY;
  eo.poll = interrupt_poll;
  myna_batch *c = NULL;
  if (myna_batch_new(ctx, &eo, &c) != MYNA_OK) c = NULL;
  free(extra);
  return c;
}

static unsigned long long counted(const myna_batch *c) {
  myna_batch_stats s = {0};
  s.struct_size = sizeof s;
  myna_batch_get_stats(c, &s);
  return s.records;
}

/* Counts the records of a regular file, for the progress bar, the page
 * limit of --merge and --max-records; 0 if unknown.  Leaves the file at its
 * start. */
static unsigned long long count_records(const batch_opts *o, myna_ctx *ctx,
                                        const myna_render_opts *ro, int fd) {
  struct stat sb;
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) return 0;
  char *buf = malloc(65536);
  unsigned long long count = 0;
  myna_batch *c = counter_new(o, ctx, ro);
  bool ok = c != NULL;
  if (!buf || !ok) {
    myna_batch_free(c);
    free(buf);
    return 0;
  }
  while (ok && !interrupted) {
    ssize_t n = read(fd, buf, 65536);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = n == 0 && myna_batch_finish(c) == MYNA_OK;
      break;
    }
    if (myna_batch_feed(c, buf, (size_t)n) != MYNA_OK) ok = false;
  }
  count = counted(c);
  myna_batch_free(c);
  free(buf);
  if (lseek(fd, 0, SEEK_SET) != 0) {
    fprintf(stderr, "%s %s: %s: cannot rewind: %s\n", prog, CMD, o->in_path, strerror(errno));
    return ~0ull;
  }
  return ok && !interrupted ? count : 0;
}

/* ------------------------------------------------------------ set-up */

/* Checks that dir is a directory we can write in; with made, creates it
 * if missing (*made says whether it did).  Returns an exit code (said). */
static int prepare_dir(const char *dir, bool *made) {
  struct stat sb;
  bool create = made != NULL;
  /* made first, looked at after: another batch may make it at the same
   * moment, and a directory is all that is needed */
  int mk_err = 0;
  if (create) {
    *made = mkdir(dir, 0700) == 0;
    if (!*made && errno != EEXIST) mk_err = errno;
  }
  if (stat(dir, &sb) != 0) {
    int e = mk_err ? mk_err : errno;
    fprintf(stderr, "%s %s: %s: %s\n", prog, CMD, dir,
            e == ENOENT && !create ? "no such directory" : strerror(e));
    return EXIT_IO;
  }
  if (!S_ISDIR(sb.st_mode)) {
    fprintf(stderr, "%s %s: %s: not a directory\n", prog, CMD, dir);
    return EXIT_IO;
  }
  if (access(dir, W_OK | X_OK) != 0) {
    fprintf(stderr, "%s %s: %s: cannot write there: %s\n", prog, CMD, dir, strerror(errno));
    return EXIT_IO;
  }
  return EXIT_OK;
}

static char *default_report_path(const batch_opts *o) {
  if (o->out_dir) return xstrdup_printf("%s/errors.tsv", o->out_dir);
  const char *m = o->merge_path;
  if (!strcmp(m, "-")) return NULL; /* merged PDF on stdout: lines on stderr */
  size_t n = strlen(m);
  if (ends_with_ci(m, ".pdf") && n > 4 && m[n - 5] != '/') n -= 4;
  return xstrdup_printf("%.*s.errors.tsv", (int)n, m);
}

/* An output path that is a directory, a block device or a socket is
 * refused before anything is written; returns an exit code. */
static int refuse_output(const char *path, out_kind k) {
  if (k != OUT_DIRECTORY && k != OUT_REFUSED) return EXIT_OK;
  fprintf(stderr, "%s %s: %s: %s\n", prog, CMD, path, out_refusal(k));
  return EXIT_IO;
}

/* True if path names the input (--in, or standard input when it is a file). */
static bool is_input(const batch_opts *o, const char *path) {
  if (strcmp(o->in_path, "-")) return out_same_file(path, o->in_path);
  struct stat a, b;
  return fstat(STDIN_FILENO, &a) == 0 && S_ISREG(a.st_mode) && stat(path, &b) == 0 &&
         a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* True if path names what standard output is (/dev/stdout, the same pipe). */
static bool is_stdout(const char *path) {
  struct stat a, b;
  return fstat(STDOUT_FILENO, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
         a.st_ino == b.st_ino;
}

/* The merged PDF and the report must be neither the input nor each other:
 * refused before anything is written (exit 2). */
static int check_collisions(const batch_opts *o, const char *report) {
  const char *m = o->merge_path, *e = o->errors_path;
  if (m && e && ((!strcmp(m, "-") && strcmp(e, "-") && is_stdout(e)) ||
                 (!strcmp(e, "-") && strcmp(m, "-") && is_stdout(m))))
    return usage_error(CMD, "--merge and --errors cannot both write to standard output");
  if (report && is_input(o, report))
    return usage_error(CMD, "--errors names the input file (--in), which the report would replace");
  if (o->merge_path && strcmp(o->merge_path, "-")) {
    if (is_input(o, o->merge_path))
      return usage_error(CMD, "--merge names the input file (--in), which the merged PDF would replace");
    if (report && out_same_file(report, o->merge_path))
      return usage_error(CMD, "--errors and --merge name the same file");
  }
  return EXIT_OK;
}

/* True if some record number gives the file name s under a pattern of
 * literal text and {n} (at least 6 digits, from 000001). */
static bool number_pattern_matches(const name_part *p, size_t np, const char *s) {
  if (!np) return !*s;
  if (p->kind == PART_TEXT) {
    size_t n = strlen(p->text);
    return !strncmp(s, p->text, n) && number_pattern_matches(p + 1, np - 1, s + n);
  }
  if (p->kind != PART_NUMBER) return false;
  size_t digits = 0;
  while (s[digits] >= '0' && s[digits] <= '9' && digits < 20) digits++;
  for (size_t k = 6; k <= digits; k++) {
    if (k > 6 && s[0] == '0') break;
    if (strspn(s, "0") >= k) continue; /* record 0 does not exist */
    if (number_pattern_matches(p + 1, np - 1, s + k)) return true;
  }
  return false;
}

/* The report in --out-dir: its name is kept so that no record takes it,
 * and a pattern that gives it to a record number is refused (exit 2). */
static int check_report_name(batch *b) {
  const batch_opts *o = b->o;
  const char *slash = strrchr(b->report_path, '/');
  const char *base = slash ? slash + 1 : b->report_path;
  char *probe = xstrdup_printf("%s/%s", o->out_dir, base);
  if (!probe) return usage_error(CMD, "out of memory");
  bool inside = out_same_file(probe, b->report_path);
  free(probe);
  if (!inside) return EXIT_OK;
  b->report_name = base;
  if (!o->name_uses_fields && number_pattern_matches(o->parts, o->nparts, base))
    return usage_error(CMD, "--errors names a file the batch writes (a record's PDF in --out-dir)");
  return EXIT_OK;
}

/* --merge reading a pipe: the records are first copied to an unnamed
 * temporary file in TMPDIR (it disappears when the process ends, however
 * it ends) and counted on the way, so that more pages than the merged PDF
 * may hold, or more records than --max-records, are refused before
 * anything is rendered, in flat memory.  Returns the copy's descriptor at
 * its start, or -1 with *rc set (said). */
static int spool_input(const batch_opts *o, myna_ctx *ctx, const myna_render_opts *ro, int fd,
                       int *rc) {
  const char *dir = getenv("TMPDIR");
  if (!dir || !*dir) dir = "/tmp";
  int sfd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (sfd < 0) { /* a file system without O_TMPFILE: a name, removed at once */
    char *t = xstrdup_printf("%s/.mynaform-spool-XXXXXX", dir);
    sfd = t ? mkstemp(t) : -1;
    if (sfd >= 0) unlink(t);
    free(t);
  }
  unsigned long long count = 0, per = o->doc == MYNA_DOC_PACKET ? 3 : 1;
  myna_batch *counter = counter_new(o, ctx, ro);
  bool counting = counter != NULL;
  char *buf = malloc(65536);
  const char *in = strcmp(o->in_path, "-") ? o->in_path : "standard input";
  *rc = EXIT_OK;
  if (sfd < 0 || !buf || !counting) {
    fprintf(stderr, "%s %s: cannot copy %s to a temporary file in %s: %s\n", prog, CMD, in,
            dir, strerror(sfd < 0 ? errno : ENOMEM));
    *rc = sfd < 0 ? EXIT_IO : EXIT_INTERNAL;
  }
  while (*rc == EXIT_OK && !interrupted) {
    ssize_t n = read(fd, buf, 65536);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *rc = read_error(o);
      break;
    }
    if (n == 0) break;
    int err = out_write_all(sfd, buf, (size_t)n);
    if (err) {
      fprintf(stderr, "%s %s: cannot copy %s to a temporary file in %s: %s\n", prog, CMD, in,
              dir, strerror(err));
      *rc = EXIT_IO;
    } else if (counting && myna_batch_feed(counter, buf, (size_t)n) != MYNA_OK) {
      counting = false; /* a broken CSV: the real reading says why */
    } else if (counting && (count = counted(counter)) > o->max_records) {
      fprintf(stderr, "%s %s: %s: more than %llu records (--max-records); nothing written\n",
              prog, CMD, in, o->max_records);
      *rc = EXIT_DATA;
    } else if (counting && count * per > MERGE_MAX_PAGES) {
      *rc = usage_error(CMD,
                        "%s: more than %u pages to merge (%llu records so far): the merged PDF "
                        "is held in memory until it is saved; use --out-dir for one PDF per "
                        "record; nothing written",
                        in, MERGE_MAX_PAGES, count);
    }
  }
  myna_batch_free(counter);
  free(buf);
  if (*rc == EXIT_OK && lseek(sfd, 0, SEEK_SET) != 0) {
    fprintf(stderr, "%s %s: cannot rewind the copy of %s: %s\n", prog, CMD, in, strerror(errno));
    *rc = EXIT_IO;
  }
  if (*rc != EXIT_OK && sfd >= 0) {
    close(sfd);
    sfd = -1;
  }
  return sfd;
}

static void summary(batch *b, bool was_interrupted, bool report_ok) {
  const batch_opts *o = b->o;
  progress_clear(b);
  for (size_t i = 0; i < b->nfailures; i++)
    if (b->failures[i]) fprintf(stderr, "%s %s: %s\n", prog, CMD, b->failures[i]);
  if (b->failed > b->nfailures)
    fprintf(stderr, "%s %s: ... and %llu more failed records (see the report)\n", prog, CMD,
            b->failed - b->nfailures);
  if (b->fatal_msg) fprintf(stderr, "%s %s: %s\n", prog, CMD, b->fatal_msg);
  double el = now_sec() - b->t0;
  /* a record is written when its pages are on disk: with --merge, only
   * once the merged PDF is saved */
  bool unsaved = o->merge_path && !b->merged;
  fprintf(stderr, "%s %s: %s%llu record%s: %llu written, %llu failed, %llu skipped", prog, CMD,
          was_interrupted ? "interrupted: " : b->fatal_exit ? "stopped: " : "", b->records,
          b->records == 1 ? "" : "s", unsaved ? 0 : b->written, b->failed, b->skipped);
  if (b->warnings)
    fprintf(stderr, ", %llu warning%s", b->warnings, b->warnings == 1 ? "" : "s");
  fprintf(stderr, " in %.1f s (%.0f rec/s)", el, el > 0 ? (double)b->records / el : 0.0);
  if (b->report_path && report_ok && (b->failed || b->warnings))
    fprintf(stderr, "; errors in %s", b->report_path);
  if (o->merge_path) {
    if (!unsaved)
      fprintf(stderr, "; %zu pages in %s", b->pages, o->merge_path);
    else if (b->written)
      fprintf(stderr, "; %s not written (%llu record%s rendered, not saved)", o->merge_path,
              b->written, b->written == 1 ? "" : "s");
    else
      fprintf(stderr, "; %s not written", o->merge_path);
  } else if (b->over_limit && !was_interrupted && b->written) {
    fprintf(stderr, "; raise --max-records and rerun with --resume to go on");
  } else if (was_interrupted || (b->fatal_exit && b->written)) {
    fprintf(stderr, "; rerun with --resume to go on");
  }
  fputc('\n', stderr);
}
int cmd_batch(int argc, char **argv) {
  double t0 = now_sec();
  batch_opts o = {0};
  bool done;
  int rc = parse_args(&o, argc, argv, &done);
  if (rc != EXIT_OK || done) {
    free_parts(&o);
    return rc;
  }

  batch b = {0};
  b.o = &o;
  b.t0 = t0;
  b.dir_fd = -1;
  b.show_progress = !o.quiet && isatty(STDERR_FILENO);
  char *clinic = NULL, *merge_dir = NULL, *report_dir = NULL;
  size_t clinic_len = 0;
  int fd = -1;
  bool signals_set = false;
  struct sigaction old_int, old_term;
  const char **columns = NULL;

  if (o.clinic_path && !read_input(o.clinic_path, "--clinic file", o.co.verbose, MYNA_LIMIT_DATA_BYTES, &clinic, &clinic_len)) {
    rc = EXIT_IO;
    goto out;
  }
  b.ro.struct_size = sizeof b.ro;
  b.ro.qr_url = o.url;
  b.ro.clinic_json = clinic;
  b.ro.clinic_json_len = clinic_len;
  b.ro.flags = o.flags | (o.pinless ? MYNA_RENDER_PINLESS : 0);

  /* where things go.  A FIFO or a device (/dev/null, /dev/stdout) is
   * written into, never replaced; the report beside such a merged PDF goes
   * to standard error as with --merge -.  Nothing is written before the
   * outputs are known not to be the input or each other. */
  bool merge_file = o.merge_path && strcmp(o.merge_path, "-"), merge_stream = false;
  if (merge_file) {
    out_kind k = out_kind_of(o.merge_path);
    if ((rc = refuse_output(o.merge_path, k)) != EXIT_OK) goto out;
    merge_stream = k == OUT_STREAM;
  }
  b.report_path = o.errors_path    ? strdup(o.errors_path)
                  : merge_stream ? NULL
                                 : default_report_path(&o);
  bool report_file = b.report_path && strcmp(b.report_path, "-");
  if (report_file) {
    out_kind k = out_kind_of(b.report_path);
    if ((rc = refuse_output(b.report_path, k)) != EXIT_OK) goto out;
    b.report_stream = k == OUT_STREAM;
  }
  if ((rc = check_collisions(&o, report_file ? b.report_path : NULL)) != EXIT_OK) goto out;
  if (o.out_dir) {
    bool made = false;
    rc = prepare_dir(o.out_dir, &made);
    if (rc == EXIT_OK) {
      b.dir_fd = open(o.out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      b.pending = calloc(COMMIT_GROUP, sizeof *b.pending);
      if (b.dir_fd < 0 || !b.pending) {
        fprintf(stderr, "%s %s: %s: cannot open: %s\n", prog, CMD, o.out_dir, strerror(errno));
        rc = EXIT_IO;
      }
    }
    if (rc == EXIT_OK && report_file && (rc = check_report_name(&b)) != EXIT_OK && made)
      rmdir(o.out_dir); /* refused: nothing is left behind */
    if (rc == EXIT_OK) out_clean_stale(o.out_dir);
  } else if (merge_file && !merge_stream) {
    merge_dir = dir_of(o.merge_path);
    rc = merge_dir ? prepare_dir(merge_dir, NULL) : EXIT_INTERNAL;
    if (rc == EXIT_OK) out_clean_stale(merge_dir);
  }
  if (rc != EXIT_OK) goto out;
  if (report_file && !b.report_stream) {
    report_dir = dir_of(b.report_path);
    if (!report_dir) {
      rc = EXIT_INTERNAL;
      goto out;
    }
    if ((rc = prepare_dir(report_dir, NULL)) != EXIT_OK) goto out;
    out_clean_stale(report_dir);
  }

  /* the input */
  if (!strcmp(o.in_path, "-")) {
    fd = STDIN_FILENO;
  } else if ((fd = open(o.in_path, O_RDONLY | O_CLOEXEC)) < 0) {
    fprintf(stderr, "%s %s: %s: cannot open: %s\n", prog, CMD, o.in_path, strerror(errno));
    rc = EXIT_IO;
    goto out;
  }
  struct stat in_st;
  if (fstat(fd, &in_st) == 0 && S_ISREG(in_st.st_mode)) {
    b.in_known = true;
    b.in_dev = in_st.st_dev;
    b.in_ino = in_st.st_ino;
  }

  /* the context: it loads the fonts now, so a missing font stops the batch
   * before anything is read (the engine's workers open theirs alike) */
  b.ctx = open_ctx(&o.co, &rc);
  if (!b.ctx) goto out;
  rc = check_encoding(&o, b.ctx);
  if (rc != EXIT_OK) goto out;

  /* signals: a flag; the workers never see them, so read() in this thread
   * is the one interrupted.  A second Ctrl-C takes the default action. */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND; /* no SA_RESTART: read() returns EINTR */
  interrupted = 0;
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
  signals_set = true;

  /* a pipe to merge: copied and counted first, so that too many pages are
   * refused before anything is rendered */
  if (o.merge_path && !b.in_known) {
    int sfd = spool_input(&o, b.ctx, &b.ro, fd, &rc);
    if (sfd < 0) goto out;
    if (fd > STDIN_FILENO) close(fd);
    fd = sfd;
  }

  /* how many records, when the input is a file: progress and page limit */
  if (b.show_progress || o.merge_path) {
    b.total = count_records(&o, b.ctx, &b.ro, fd);
    if (b.total == ~0ull) {
      rc = EXIT_IO;
      goto out;
    }
    if (b.total > o.max_records) {
      progress_clear(&b);
      fprintf(stderr,
              "%s %s: %s: %llu records, more than %llu (--max-records); nothing written\n",
              prog, CMD, strcmp(o.in_path, "-") ? o.in_path : "standard input", b.total,
              o.max_records);
      rc = EXIT_DATA;
      goto out;
    }
    unsigned long long per = o.doc == MYNA_DOC_PACKET ? 3 : 1;
    if (o.merge_path && b.total * per > MERGE_MAX_PAGES) {
      rc = usage_error(CMD,
                       "%llu records make more than %u pages: the merged PDF is held in "
                       "memory until it is saved; use --out-dir for one PDF per record",
                       b.total, MERGE_MAX_PAGES);
      goto out;
    }
  }

  /* the engine: threads with a context each (the workers take no
   * signals), or the merge in this thread */
  columns = name_columns(&o);
  if (!columns) {
    fprintf(stderr, "%s %s: out of memory\n", prog, CMD);
    rc = EXIT_INTERNAL;
    goto out;
  }
  myna_batch_opts eo;
  engine_opts(&o, &b.ro, columns, &eo);
  eo.flags = o.merge_path ? MYNA_BATCH_MERGE : 0;
  eo.threads = o.merge_path ? 0 : (unsigned)o.workers;
  eo.max_records = o.max_records;
  eo.max_pages = MERGE_MAX_PAGES;
  eo.prepare = o.out_dir ? name_record : NULL;
  eo.on_pdf = o.out_dir ? write_tmp : NULL;
  eo.on_record = account;
  eo.user = &b;
  myna_status est = myna_batch_new(b.ctx, &eo, &b.eng);
  if (est != MYNA_OK) {
    report(b.ctx, est);
    rc = exit_code_for(est);
    goto out;
  }

  progress(&b, true);
  int read_rc = read_records(&b, fd);
  if (read_rc != EXIT_OK) set_fatal(&b, read_rc, NULL);
  commit_files(&b);
  if (b.over_limit) {
    char *m = xstrdup_printf("more than %llu records (--max-records): the records after "
                             "record %llu were not read",
                             o.max_records, o.max_records);
    set_fatal(&b, EXIT_DATA, m ? m : "more records than --max-records");
    free(m);
  }
  bool was_interrupted = interrupted != 0;

  /* the merged PDF, only when the whole input was read */
  myna_pdf *merged = myna_batch_pdf(b.eng);
  if (merged && !was_interrupted && !b.fatal_exit && b.written) {
    myna_status st;
    if (!strcmp(o.merge_path, "-")) { /* the merged PDF on stdout */
      unsigned char *pdf = NULL;
      size_t len = 0;
      st = myna_pdf_save_memory(merged, &pdf, &len);
      if (st == MYNA_OK && !write_stdout(pdf, len)) {
        myna_free(pdf);
        progress_clear(&b);
        b.fatal_exit = EXIT_IO;
        goto saved;
      }
      myna_free(pdf);
    } else {
      st = myna_pdf_save_file(merged, o.merge_path, o.mode);
    }
    if (st != MYNA_OK) {
      progress_clear(&b);
      report(b.ctx, st);
      b.fatal_exit = exit_code_for(st);
    } else {
      b.merged = true;
    }
  }
saved:;
  bool report_ok = report_finish(&b);
  if (read_rc != EXIT_OK) { /* already said; keep the summary short */
    free(b.fatal_msg);
    b.fatal_msg = NULL;
  }
  summary(&b, was_interrupted, report_ok);

  if (was_interrupted) rc = EXIT_INTERRUPTED;
  else if (b.fatal_exit) rc = b.fatal_exit;
  else if (!report_ok) rc = EXIT_IO;
  else rc = b.failed ? EXIT_PARTIAL : EXIT_OK;

out:
  if (signals_set) {
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
  }
  if (b.report) { /* set-up failed after the report was opened */
    fclose(b.report);
    if (b.report_tmp) unlink(b.report_tmp);
  }
  if (fd > STDIN_FILENO) close(fd);
  for (size_t i = 0; i < b.npending; i++) { /* never committed */
    unlink(b.pending[i].tmp);
    free(b.pending[i].tmp);
    free(b.pending[i].path);
  }
  free(b.pending);
  if (b.dir_fd >= 0) close(b.dir_fd);
  myna_batch_free(b.eng);
  myna_ctx_free(b.ctx);
  job_clear(&b.naming);
  free(columns);
  for (size_t i = 0; i < b.names_cap; i++) free(b.names[i].name);
  free(b.names);
  for (size_t i = 0; i < b.nfailures; i++) free(b.failures[i]);
  free(b.fatal_msg);
  free(b.report_path);
  free(b.report_tmp);
  free(report_dir);
  free(merge_dir);
  free(clinic);
  free_parts(&o);
  return rc;
}
