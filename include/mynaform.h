/*
 * mynaform.h — the public API of libmynaform.
 *
 * mynaform renders the documents a Japanese clinic or pharmacy hands out when a
 * patient's My Number card cannot be checked online: the 被保険者資格申立書
 * (declaration form), its explanation sheet, and the MHLW patient notice with a
 * QR code to マイナポータル.  Output is print-ready A4 PDF.
 *
 * This header is the whole API.  If a function, type or constant does not
 * appear here, it is not part of the published interface.
 *
 * ## Concepts
 *
 * - code point: one Unicode scalar value (U+845B).
 * - cluster: a base code point plus the variation selectors and combining
 *   marks attached to it (U+845B U+E0100 is one cluster, 葛󠄀).  Fonts are
 *   chosen per cluster and a cluster is never split across lines or fonts.
 * - glyph: a shape in a font, named by its glyph ID.  Text is shaped by
 *   HarfBuzz and written to the PDF as glyph IDs; a ToUnicode map gives back
 *   the original clusters on copy and search (a cluster of more than 63
 *   UTF-16 code units, a base with dozens of marks, also as /ActualText).
 * - pt: 1/72 inch; mm: millimetre.  Page coordinates have their origin at the
 *   top-left corner of an A4 page (210 × 297 mm), y growing downwards.
 * - template: a JSON file describing one page (rules, boxes, static text,
 *   fields bound to the record).  See templates/README.md.
 * - record: the validated card-face and clinic data of one patient, built
 *   from the JSON described in schema/card-data.schema.json.
 *
 * ## Trust model
 *
 * Card data and templates are untrusted input.  Every limit is named
 * (MYNA_LIMIT_*) and enforced with an error that names it.  Fonts are
 * trusted: they come from the installation.
 *
 * ## Privacy
 *
 * Error and warning messages name a field by its JSON path and say what is
 * wrong with it; they never quote the value, unless the context was opened
 * with MYNA_CONFIG_VERBOSE.  A 個人番号 (My Number) is never accepted.
 *
 * ## Threads
 *
 * A myna_ctx and everything created from it belong to one thread at a time.
 * Distinct contexts are independent and may be used from different threads at
 * once.  The library has no global mutable state and never prints.
 *
 * ## Ownership
 *
 * Every function that returns memory says who frees it.  Every *_free(NULL)
 * is a harmless no-op.  Handles created from a context (myna_pdf) are freed
 * with it by myna_ctx_free() if the caller has not freed them first.
 */
#ifndef MYNAFORM_H
#define MYNAFORM_H

#include <stddef.h>

#include "mynaform_export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- version */

#define MYNA_VERSION_MAJOR 0
#define MYNA_VERSION_MINOR 1
#define MYNA_VERSION_PATCH 0
#define MYNA_VERSION_STRING "0.1.0"

/** The library's version at run time, e.g. "0.1.0".  Static storage. */
MYNA_EXPORT const char *myna_version(void);

/* ----------------------------------------------------------------- status */

/**
 * Status codes.  Fallible calls return one; the context keeps a message that
 * says where and what (myna_ctx_errmsg).  Numbers are stable.
 */
typedef enum myna_status {
  MYNA_OK = 0,
  MYNA_ERR_USAGE = 1,      /**< API misuse: NULL argument, bad option value */
  MYNA_ERR_NOMEM = 2,      /**< out of memory */
  MYNA_ERR_IO = 3,         /**< reading or writing a file failed */
  MYNA_ERR_RESOURCE = 4,   /**< a font or template could not be found/loaded */
  MYNA_ERR_TEMPLATE = 5,   /**< a template is malformed, or puts ink off the
                                page or within 5 mm of its edge */
  MYNA_ERR_DATA = 6,       /**< card data is malformed or a field is invalid */
  MYNA_ERR_MY_NUMBER = 7,  /**< the data carries a 個人番号: refused by law */
  MYNA_ERR_GLYPH = 8,      /**< no font can print a character */
  MYNA_ERR_FIT = 9,        /**< a value does not fit its box at the minimum size */
  MYNA_ERR_LIMIT = 10,     /**< an input limit (MYNA_LIMIT_*) was exceeded */
  MYNA_ERR_PDF = 11,       /**< the PDF writer failed */
  MYNA_ERR_INTERNAL = 12,  /**< a bug: please report it */
  /* Reading the card (myna_card_*): */
  MYNA_ERR_CARD_NO_READER = 13,    /**< no PC/SC reader (or pcscd not running) */
  MYNA_ERR_CARD_NO_CARD = 14,      /**< no card in the reader */
  MYNA_ERR_CARD_NOT_MYNUMBER = 15, /**< the card has no 券面事項入力補助AP */
  MYNA_ERR_CARD_PINLESS = 16,      /**< a PIN-less 顔認証 card: manual entry */
  MYNA_ERR_CARD_PIN_WRONG = 17,    /**< wrong PIN; myna_card_tries_left() */
  MYNA_ERR_CARD_PIN_LOCKED = 18,   /**< PIN locked: the 市区町村 counter resets it */
  MYNA_ERR_CARD_LAST_TRY = 19,     /**< one try left and not confirmed */
  MYNA_ERR_CARD_REMOVED = 20,      /**< the card left the reader during the read */
  MYNA_ERR_CARD_DATA = 21          /**< the card's data is malformed or invalid */
} myna_status;

/** A short, static English description of a status code. */
MYNA_EXPORT const char *myna_status_str(myna_status status);

/* ----------------------------------------------------------------- limits */

/* Going over a limit fails with MYNA_ERR_LIMIT and a message that names it,
 * except for the template limits (MYNA_LIMIT_TEMPLATE_* and
 * MYNA_LIMIT_TEMPLATES), which make the template or its directory
 * malformed: MYNA_ERR_TEMPLATE. */

/** Largest card-data or record input accepted, in bytes. */
#define MYNA_LIMIT_DATA_BYTES (64u * 1024u)
/** Longest text value of one field, in bytes of UTF-8. */
#define MYNA_LIMIT_FIELD_BYTES 1024u
/** Deepest nesting of JSON objects and arrays in card data. */
#define MYNA_LIMIT_JSON_DEPTH 8u
/** Longest text given to myna_typeset, in bytes. */
#define MYNA_LIMIT_TYPESET_BYTES (64u * 1024u)
/** Longest QR code URL (myna_render_opts.qr_url), in bytes. */
#define MYNA_LIMIT_QR_URL_BYTES 512u
/** Most templates (*.json files) in a template directory. */
#define MYNA_LIMIT_TEMPLATES 256u
/** Largest template file accepted, in bytes (MYNA_ERR_TEMPLATE). */
#define MYNA_LIMIT_TEMPLATE_BYTES (256u * 1024u)
/** Most items in one template (the shipped ones have fewer than 60). */
#define MYNA_LIMIT_TEMPLATE_ITEMS 2000u
/** Most named styles in one template. */
#define MYNA_LIMIT_TEMPLATE_STYLES 64u
/** Most grids in one template. */
#define MYNA_LIMIT_TEMPLATE_GRIDS 32u
/** Most columns, and most rows, of one grid. */
#define MYNA_LIMIT_TEMPLATE_GRID_TRACKS 100u
/** Most options (checkboxes) of one "checks" item. */
#define MYNA_LIMIT_TEMPLATE_OPTIONS 20u

/* ---------------------------------------------------------------- context */

/** A rendering context: loaded fonts, templates, caches, last error. */
typedef struct myna_ctx myna_ctx;

/** Flags for myna_config.flags. */
enum {
  /** Messages may quote the offending values (names, addresses).  Off by
   *  default: messages name the field and the problem only. */
  MYNA_CONFIG_VERBOSE = 1u << 0,
  /** Do not read or write the on-disk cache of static layers (see
   *  myna_config.cache_dir). */
  MYNA_CONFIG_NO_DISK_CACHE = 1u << 1
};

/**
 * How to open a context.  Zero-initialise, set struct_size to
 * sizeof(myna_config), then set what you need; NULL fields take defaults.
 */
typedef struct myna_config {
  size_t struct_size;
  /** Directory holding templates/ and fonts/.  Default: the environment
   *  variable MYNAFORM_DATA_DIR; else the source tree when the library runs
   *  from its build directory; else <prefix>/share/mynaform relative to the
   *  installed library or program (an installed tree can be moved); else
   *  the compiled-in install location. */
  const char *data_dir;
  /** Directory of fonts; overrides data_dir/fonts.  Default: the
   *  environment variable MYNAFORM_FONT_DIR, else data_dir/fonts. */
  const char *font_dir;
  /** Directory of templates; overrides data_dir/templates.  Default: the
   *  environment variable MYNAFORM_TEMPLATE_DIR, else data_dir/templates. */
  const char *template_dir;
  /** Path of the IPAmj Mincho fallback font.  Default: font_dir/ipamjm.ttf,
   *  else Debian's /usr/share/fonts/truetype/ipamj/ipamjm.ttf. */
  const char *fallback_font;
  unsigned flags; /**< MYNA_CONFIG_* */
  /** Directory for the on-disk cache of templates' static layers (the
   *  official text, rules and their embedded fonts, laid out and compressed
   *  once, so that a new process renders at once).  It never holds card data.
   *  Default: the environment variable MYNAFORM_CACHE_DIR ("off" disables
   *  the cache), else $XDG_CACHE_HOME/mynaform, else $HOME/.cache/mynaform.
   *  Created with mode 0700; not used if another user could write to it.
   *  Run as root, the library does not create it inside a directory of
   *  another user (sudo -E keeps the user's HOME): that run has no cache. */
  const char *cache_dir;
} myna_config;

/**
 * Opens a context.  On success *out is a new context and MYNA_OK is returned.
 * On failure *out is still a context whose myna_ctx_errmsg() says what went
 * wrong (unless the failure is MYNA_ERR_NOMEM, when *out may be NULL); free
 * it with myna_ctx_free().  cfg may be NULL for all defaults.
 */
MYNA_EXPORT myna_status myna_ctx_open(const myna_config *cfg, myna_ctx **out);

/**
 * Frees the context and everything created from it, including every
 * myna_pdf made from it and not yet freed: those handles are then invalid
 * and must not be passed to myna_pdf_free() or any other call.  Memory
 * handed to the caller (buffers and JSON to free with myna_free()) is the
 * caller's and stays valid.
 */
MYNA_EXPORT void myna_ctx_free(myna_ctx *ctx);

/**
 * The message of the last failed call on this context, e.g.
 * "$.birth_date: no such calendar date (month 1–12, and a day the month has)".
 * Owned by ctx; valid until the next call on ctx.  "" after success.
 */
MYNA_EXPORT const char *myna_ctx_errmsg(const myna_ctx *ctx);

/**
 * Warnings raised by the last render or typeset call (a variation selector
 * no font supports, a 「●」 substitution mark in a name, an unknown field when
 * unknown fields are allowed).  Owned by ctx; valid until the next call.
 */
MYNA_EXPORT size_t myna_ctx_warning_count(const myna_ctx *ctx);
MYNA_EXPORT const char *myna_ctx_warning(const myna_ctx *ctx, size_t index);

/* -------------------------------------------------------------- templates */

/** The documents mynaform prints. */
typedef enum myna_document {
  MYNA_DOC_DECLARATION = 1, /**< 被保険者資格申立書 */
  MYNA_DOC_EXPLANATION = 2, /**< 被保険者資格申立書に関する説明書 */
  MYNA_DOC_NOTICE = 3,      /**< 患者の皆様へ (MHLW notice) with the QR code */
  MYNA_DOC_PACKET = 4       /**< explanation + declaration + notice, one PDF */
} myna_document;

/** What a template says about itself.  Strings are owned by ctx. */
typedef struct myna_template_info {
  const char *name;     /**< file stem, e.g. "declaration-2023" */
  myna_document document;
  const char *edition;  /**< e.g. "保発0710第1号 別紙様式" */
  const char *date;     /**< edition date, YYYY-MM-DD */
  const char *title;    /**< e.g. "被保険者資格申立書" */
  const char *variant;  /**< "" or e.g. "pinless" */
} myna_template_info;

/** Number of templates found in the template directory. */
MYNA_EXPORT size_t myna_template_count(const myna_ctx *ctx);
/** Fills *info for template index (0 ≤ index < count).  Returns 0 or -1. */
MYNA_EXPORT int myna_template_get(const myna_ctx *ctx, size_t index,
                                  myna_template_info *info);

/* --------------------------------------------------------------- render */

/** Flags for myna_render_opts.flags. */
enum {
  /** Report unknown fields in card data as warnings, not errors. */
  MYNA_RENDER_ALLOW_UNKNOWN = 1u << 0,
  /** Ignore the card data entirely: a blank form for handwriting. */
  MYNA_RENDER_BLANK = 1u << 1,
  /** The patient holds a PIN-less card (顔認証マイナンバーカード), as if the
   *  data said "pinless": true: the notice without the マイナポータル QR. */
  MYNA_RENDER_PINLESS = 1u << 2,
  /** Write the PDF as PDF/A-1b (ISO 19005-1, level B), for copies that are
   *  kept: XMP metadata (title, producer and the PDF/A identification; no
   *  record's data, no dates), an output intent with a Gray ICC profile
   *  compiled into the library, and a /CIDSet in every font.  A myna_pdf is
   *  PDF/A or not as its first record says; a later record whose flag
   *  differs is MYNA_ERR_USAGE.  Every PDF, PDF/A or not, asks viewers to
   *  print at actual size (/PrintScaling /None) and carries /Lang (ja-JP),
   *  the template's title and a trailer /ID made from its own bytes. */
  MYNA_RENDER_PDFA = 1u << 3
};

/**
 * Options of one render.  Zero-initialise and set struct_size; NULL or zero
 * fields take defaults.  opts itself may be NULL.
 */
typedef struct myna_render_opts {
  size_t struct_size;
  /** Template to use, by name (myna_template_info.name), for a single-page
   *  document.  Default: the newest edition for the document. */
  const char *template_name;
  /** URL in the notice's QR code, printed under it too.  Default
   *  "https://myna.go.jp/".  It must start with http:// or https:// (in any
   *  case) and a host, and be printable ASCII (other characters
   *  percent-encoded): a control, bidi or invisible character, a line break
   *  or a space is MYNA_ERR_USAGE, over MYNA_LIMIT_QR_URL_BYTES
   *  MYNA_ERR_LIMIT; the message names "qr_url", never quotes it.  Checked
   *  whenever given, for any document. */
  const char *qr_url;
  /** JSON object {"name","address","phone"} printed as the imprint of the
   *  notice; overrides the data's "clinic" member.  NULL: none. */
  const char *clinic_json;
  size_t clinic_json_len;
  unsigned flags; /**< MYNA_RENDER_* */
} myna_render_opts;

/** A PDF under construction; pages from several records can be added. */
typedef struct myna_pdf myna_pdf;

/**
 * Starts an empty PDF.  Caller frees with myna_pdf_free(), before the
 * context; a PDF not freed then is freed by myna_ctx_free().  The PDF uses
 * the context (its fonts, caches and messages): it belongs to the same
 * thread and cannot outlive it.
 */
MYNA_EXPORT myna_status myna_pdf_new(myna_ctx *ctx, myna_pdf **out);

/**
 * Validates the card data (JSON text, UTF-8, data_len bytes; NULL or "" for
 * none), lays out the document and appends its pages to pdf.  If anything is
 * wrong, nothing is appended and the PDF stays as it was.
 */
MYNA_EXPORT myna_status myna_pdf_add(myna_pdf *pdf, myna_document doc,
                                     const char *data, size_t data_len,
                                     const myna_render_opts *opts);

/** Number of pages added so far. */
MYNA_EXPORT size_t myna_pdf_page_count(const myna_pdf *pdf);

/**
 * Writes the PDF to path.  A new file, or a regular file there, is written
 * atomically: into a temporary file .mynaform-PID-XXXXXX in the same
 * directory, flushed to disk, then renamed over path.  On failure path is
 * untouched and no temporary file remains; SIGINT, SIGTERM, SIGHUP and
 * SIGQUIT are blocked in the calling thread while the temporary file exists
 * and delivered after, so such a signal does not leave it behind either.
 * mode is the permission bits of the new file, 0 to 0777 (0 = 0600); a
 * setuid, setgid or sticky bit is MYNA_ERR_USAGE.
 * What is not a regular file is never replaced: a FIFO, a character device
 * (/dev/null, a printer) or the name of an open descriptor (/dev/stdout,
 * /dev/fd/N, even when it leads to a regular file) is opened and written
 * into as a stream (mode is not applied; opening a FIFO waits for its
 * reader); a directory, a block device or a socket is MYNA_ERR_IO.
 * A PDF may be saved more than once, and records added between saves;
 * saving it again with nothing added gives the same bytes.
 */
MYNA_EXPORT myna_status myna_pdf_save_file(myna_pdf *pdf, const char *path,
                                           unsigned mode);

/**
 * Writes the PDF to memory.  *buf is allocated with malloc(); the caller
 * frees it with myna_free().  As myna_pdf_save_file(), any number of times.
 */
MYNA_EXPORT myna_status myna_pdf_save_memory(myna_pdf *pdf, unsigned char **buf,
                                             size_t *len);

/** Frees a PDF under construction (not after myna_ctx_free() of its context). */
MYNA_EXPORT void myna_pdf_free(myna_pdf *pdf);

/** One call: render doc for one record to a file, written as
 *  myna_pdf_save_file() writes (atomic for a regular file; mode 0 = 0600). */
MYNA_EXPORT myna_status myna_render_file(myna_ctx *ctx, myna_document doc,
                                         const char *data, size_t data_len,
                                         const myna_render_opts *opts,
                                         const char *path, unsigned mode);

/** One call: render doc for one record into memory; free with myna_free(). */
MYNA_EXPORT myna_status myna_render_memory(myna_ctx *ctx, myna_document doc,
                                           const char *data, size_t data_len,
                                           const myna_render_opts *opts,
                                           unsigned char **buf, size_t *len);

/**
 * A deterministic text dump of the layout of doc for one record (every box,
 * rule and glyph run with its font, size and position), for golden tests and
 * for people tuning templates.  Caller frees *dump with myna_free().
 */
MYNA_EXPORT myna_status myna_render_dump(myna_ctx *ctx, myna_document doc,
                                         const char *data, size_t data_len,
                                         const myna_render_opts *opts,
                                         char **dump);

/** Frees memory returned by this library. */
MYNA_EXPORT void myna_free(void *p);

/* ----------------------------------------------------------------- batch */

/*
 * The batch engine renders a document for every record of a JSON Lines or
 * CSV input: the bytes are fed in pieces of any size, records are numbered
 * and rendered by a pool of threads with a context each, and the results come
 * back in input order, on the thread that feeds, through a callback.  Either
 * each record gets its own PDF (handed to the callbacks), or all pages go
 * into one merged PDF in input order (MYNA_BATCH_MERGE).  Failed records are
 * counted and, up to myna_batch_opts.max_failures of them, kept with their
 * record number, input line, status and message.  The engine touches no file:
 * writing, naming and progress belong to the caller (mynaform batch is one).
 *
 * Records.  JSON Lines: one card-data object a line, passed to the renderer
 * as it is; lines end with LF (a CR before it is dropped); blank lines are
 * skipped and not numbered; a byte order mark at the start is dropped; a line
 * longer than MYNA_LIMIT_DATA_BYTES, or holding a NUL byte, is a bad record.
 * CSV: the format of `mynaform batch --format csv` (mynaform(1), README): a
 * header row naming card-data paths ("insurance.type"), one record a row.
 * Records are numbered from 1; the line of a record is the input line it
 * starts on.
 *
 * Statuses.  A record fails alone with MYNA_ERR_DATA, _MY_NUMBER, _GLYPH,
 * _FIT or _LIMIT (its result says why); the batch goes on.  The batch stops
 * (myna_batch_feed and myna_batch_finish return it, the message is on the
 * context) on anything else: a CSV header that is not one (MYNA_ERR_DATA), a
 * header naming a 個人番号 (MYNA_ERR_MY_NUMBER), a CSV cell over 1 MiB, more
 * records than max_records or more bytes than max_bytes (MYNA_ERR_LIMIT), a
 * record whose render failed for another reason (MYNA_ERR_NOMEM, _PDF,
 * _RESOURCE, _INTERNAL...).
 */

/** A batch run.  Created from a context, which it uses until freed. */
typedef struct myna_batch myna_batch;

/** The input format of a batch. */
typedef enum myna_batch_format {
  MYNA_BATCH_JSONL = 0, /**< JSON Lines (the default) */
  MYNA_BATCH_CSV = 1    /**< CSV with a header row of card-data paths */
} myna_batch_format;

/** Flags for myna_batch_opts.flags. */
enum {
  /** All pages of the good records into one PDF, in input order, rendered
   *  on the feeding thread (threads is not used): myna_batch_merged_pdf(),
   *  myna_batch_pdf(). */
  MYNA_BATCH_MERGE = 1u << 0,
  /** With MYNA_BATCH_MERGE: one failed record and there is no merged PDF
   *  (myna_batch_merged_pdf fails with that record's status).  Without it
   *  the good records are merged and the failed ones listed. */
  MYNA_BATCH_ALL_OR_NOTHING = 1u << 1,
  /** Read and number the records, render nothing (to count an input
   *  first); on_record gets every record with MYNA_BATCH_READ. */
  MYNA_BATCH_READ_ONLY = 1u << 2
};

/** What became of one record. */
typedef enum myna_batch_outcome {
  MYNA_BATCH_RENDERED = 0, /**< rendered: pdf (or the merged PDF) has it */
  MYNA_BATCH_FAILED = 1,   /**< a bad record: status, kind and message say why */
  MYNA_BATCH_SKIPPED = 2,  /**< not rendered: the prepare callback said so */
  MYNA_BATCH_DROPPED = 3,  /**< not rendered: the batch stopped first */
  MYNA_BATCH_FATAL = 4,    /**< its render failed for a reason that stops the
                                batch (status, message); not counted */
  MYNA_BATCH_READ = 5      /**< MYNA_BATCH_READ_ONLY: read, not rendered */
} myna_batch_outcome;

/**
 * A record before it is rendered, given to myna_batch_opts.prepare on the
 * feeding thread in input order.  The callback may change what is rendered;
 * the engine copies what the pointers lead to when the callback returns.
 */
typedef struct myna_batch_item {
  size_t struct_size;
  size_t record; /**< 1-based record number */
  size_t line;   /**< input line where it starts */
  /** The record: card-data JSON, not NUL-terminated.  The callback may point
   *  it at other text (a record with members taken out). */
  const char *text;
  size_t len;
  /** NULL, or a JSON object of values taken out of the record that are not
   *  printed but are screened for a 個人番号 as card data is (a file name
   *  built from them): a hit fails the record with MYNA_ERR_MY_NUMBER. */
  const char *screen;
  size_t screen_len;
  /** Nonzero: the record is not rendered (MYNA_BATCH_SKIPPED). */
  int skip;
  /** Not MYNA_OK: the record is rendered to check it, and if the library
   *  finds nothing wrong it fails with this status, fail_kind (static
   *  storage, e.g. "name") and fail_message (copied). */
  myna_status fail_status;
  const char *fail_kind;
  const char *fail_message;
  /** The caller's, handed back in the record's result. */
  void *tag;
} myna_batch_item;

/** The result of one record. */
typedef struct myna_batch_result {
  size_t struct_size;
  size_t record; /**< 1-based record number */
  size_t line;   /**< input line where it starts */
  myna_batch_outcome outcome;
  myna_status status;        /**< MYNA_OK, or why it failed */
  /** NULL, or one word for the failure: "data", "my_number", "glyph",
   *  "fit", "limit", "csv" (a row with the wrong number of cells) or the
   *  prepare callback's fail_kind. */
  const char *kind;
  /** "" or the failure, naming the field, never the value unless the
   *  context is verbose.  A JSON syntax error says its column only. */
  const char *message;
  size_t pages;              /**< pages rendered for it */
  size_t warning_count;      /**< warnings of a rendered record */
  const char *const *warnings;
  /** Its PDF when each record gets its own (not MYNA_BATCH_MERGE). */
  const unsigned char *pdf;
  size_t pdf_len;
  void *tag;                 /**< what prepare set */
} myna_batch_result;

/** A failed record kept by the engine (myna_batch_get_failure). */
typedef struct myna_batch_failure {
  size_t record, line;
  myna_status status;
  const char *kind;          /**< as myna_batch_result.kind */
  const char *message;       /**< as myna_batch_result.message */
} myna_batch_failure;

/** Counts of a batch so far (myna_batch_get_stats). */
typedef struct myna_batch_stats {
  size_t struct_size;
  size_t records;  /**< records read and delivered (not dropped) */
  size_t rendered, failed, skipped, dropped;
  size_t warnings;
  size_t pages;                /**< pages of the merged PDF */
  /** Nonzero when reading stopped at a record past max_records or at a
   *  byte past max_bytes (the records before it were finished). */
  int over_limit;
} myna_batch_stats;

/**
 * How to run a batch.  Zero-initialise and set struct_size; zero fields
 * take defaults.
 */
typedef struct myna_batch_opts {
  size_t struct_size;
  myna_document doc;          /**< required */
  const myna_render_opts *render; /**< for every record; may be NULL */
  myna_batch_format format;
  unsigned flags;             /**< MYNA_BATCH_* */
  /** Rendering threads, each with a context of its own opened with the
   *  batch's context's configuration; 0 = 1; at most 256. */
  unsigned threads;
  /** Most records read (0: no limit); the first one past it stops reading
   *  with MYNA_ERR_LIMIT, the records before it are finished. */
  size_t max_records;
  /** Most input bytes (0: no limit), as max_records. */
  size_t max_bytes;
  /** Most pages of the merged PDF (0: 20000): a record that would go past
   *  it stops the batch with MYNA_ERR_LIMIT. */
  size_t max_pages;
  /** Failed records kept for myna_batch_get_failure (0: none). */
  size_t max_failures;
  /** CSV: names accepted as columns besides the card-data paths, each a
   *  top-level member (those a caller names files after); NULL-terminated,
   *  or NULL.  Copied. */
  const char *const *csv_columns;
  /** Called on the feeding thread for every good record before it is
   *  queued, in input order; nonzero stops the batch. */
  int (*prepare)(void *user, myna_batch_item *item);
  /** Called on a rendering thread, at once and in any order, with a
   *  rendered record's own PDF (not with MYNA_BATCH_MERGE): for work best
   *  done in parallel, such as writing a file.  Nonzero makes the record
   *  MYNA_BATCH_FATAL with MYNA_ERR_IO: the batch stops. */
  int (*on_pdf)(void *user, const myna_batch_result *result);
  /** Called on the feeding thread for every record, in input order (also
   *  dropped ones, so that their tags can be freed); nonzero stops the
   *  batch: records queued and not rendered are dropped. */
  int (*on_record)(void *user, const myna_batch_result *result);
  /** Called on the feeding thread before each record is queued and at least
   *  every 100 ms while the engine waits; nonzero stops the batch. */
  int (*poll)(void *user);
  void *user;                 /**< passed to the callbacks */
  /** The encoding of CSV input: NULL or "utf-8" (UTF-8, a byte order mark
   *  skipped; NULL also refuses a file that is not UTF-8 but is valid CP932,
   *  naming the option), or "cp932" (also "shift_jis", "sjis",
   *  "windows-31j", "ms932"; the Windows mapping through the system's
   *  iconv).  An unknown name is MYNA_ERR_USAGE; CP932 without the
   *  system's converter is MYNA_ERR_RESOURCE.  JSON Lines are UTF-8. */
  const char *csv_encoding;
} myna_batch_opts;

/**
 * Starts a batch: opens the rendering threads' contexts (a missing font
 * fails here, before anything is read).  On failure *out is NULL and ctx's
 * message says why.  ctx belongs to the batch until myna_batch_free().
 */
MYNA_EXPORT myna_status myna_batch_new(myna_ctx *ctx, const myna_batch_opts *opts,
                                       myna_batch **out);

/**
 * Reads len more bytes of input, rendering and delivering records as they
 * come.  MYNA_OK to go on (also after a stop by a callback: later bytes are
 * ignored); otherwise the batch stopped (see "Statuses"): call
 * myna_batch_finish() to deliver the records in hand.
 */
MYNA_EXPORT myna_status myna_batch_feed(myna_batch *b, const void *bytes, size_t len);

/** Stops the batch: nothing more is read or queued.  Call from the feeding
 *  thread (a callback, or between feeds), then myna_batch_finish(). */
MYNA_EXPORT void myna_batch_cancel(myna_batch *b);

/**
 * Ends the input (the last line needs no line break), waits for every
 * queued record and delivers them.  After a stop, finished records are
 * delivered and the others dropped.  Returns MYNA_OK, or the status that
 * stopped the batch (ctx's message says why).  Call once.
 */
MYNA_EXPORT myna_status myna_batch_finish(myna_batch *b);

/** Fills *stats (set its struct_size first). */
MYNA_EXPORT void myna_batch_get_stats(const myna_batch *b, myna_batch_stats *stats);

/** Failed records kept (at most max_failures), in input order. */
MYNA_EXPORT size_t myna_batch_failure_count(const myna_batch *b);
/** Fills *f for kept failure index; strings owned by b.  Returns 0 or -1. */
MYNA_EXPORT int myna_batch_get_failure(const myna_batch *b, size_t index,
                                       myna_batch_failure *f);

/**
 * The merged PDF in memory, after myna_batch_finish(): *buf is allocated
 * with malloc(); free it with myna_free().  MYNA_ERR_USAGE without
 * MYNA_BATCH_MERGE, before finish, after a stop, or when no record was
 * rendered; with MYNA_BATCH_ALL_OR_NOTHING and a failed record, that
 * record's status (the message names its record and line).
 */
MYNA_EXPORT myna_status myna_batch_merged_pdf(myna_batch *b, unsigned char **buf,
                                              size_t *len);

/** The merged PDF under construction (MYNA_BATCH_MERGE), owned by b: for
 *  myna_pdf_save_file().  NULL without MYNA_BATCH_MERGE. */
MYNA_EXPORT myna_pdf *myna_batch_pdf(myna_batch *b);

/** Frees the batch (stopping it first if needed: records are dropped, the
 *  callbacks are not called). */
MYNA_EXPORT void myna_batch_free(myna_batch *b);

/* ------------------------------------------------------ the 番号法 screen */

/**
 * Whether text (UTF-8, len bytes) holds a 個人番号 (My Number) as the
 * library's screen reads it: every card-data value (before and after its
 * normalisation), member name and number as written, the clinic imprint,
 * the QR URL and myna_typeset's text are refused with MYNA_ERR_MY_NUMBER
 * when this is true.  The text is folded as a reader would read it (NFKC;
 * digits of every script and the kanji numerals 〇一二…九 as digits;
 * spaces, dashes, minus signs, ー . / ・ _ and invisible characters between
 * digits ignored) and a chain of exactly 12 digits, or a run of exactly 12
 * adjacent digits, with a valid check digit is a My Number.  The whole rule
 * is in doc/card-data.md ("The 番号法 screen").  For clinic systems that
 * check a value before sending it, and for file names built from data.
 * Returns 1 or 0; invalid UTF-8 bytes count as letters.
 */
MYNA_EXPORT int myna_text_has_my_number(const char *text, size_t len);

/**
 * Whether a field or column name means "My Number" (my_number, 個人番号,
 * ﾏｲﾅﾝﾊﾞｰ, まいなんばー, 個人番号（マイナンバー）…; not マイナンバーカード,
 * which is the card): card data with such a member is refused whatever it
 * holds.  Returns 1 or 0.
 */
MYNA_EXPORT int myna_name_is_my_number(const char *name, size_t len);

/* --------------------------------------------------------------- typeset */

/** Typefaces for myna_typeset_opts.font. */
typedef enum myna_face {
  MYNA_FACE_MINCHO = 0,      /**< BIZ UD Mincho (IPAmj Mincho as fallback) */
  MYNA_FACE_GOTHIC = 1,      /**< BIZ UD Gothic (IPAmj Mincho as fallback) */
  MYNA_FACE_GOTHIC_BOLD = 2  /**< BIZ UD Gothic Bold */
} myna_face;

/**
 * Drives the typesetting engine alone.
 * Paragraph mode (max_lines == 0): text is broken into lines of width pt
 * with the Japanese line-breaking rules and justified.
 * Box mode (max_lines > 0): text is fitted into a box width pt wide holding
 * at most max_lines lines, at the largest size from size down to min_size
 * in 0.5 pt steps at which it fits them: it wraps before it shrinks, so
 * longer text never gets a larger size; if it still does not fit,
 * MYNA_ERR_FIT.
 * A number outside its range below, NaN or infinite is refused with
 * MYNA_ERR_USAGE and a message naming the option.
 */
typedef struct myna_typeset_opts {
  size_t struct_size;
  myna_face font;
  double size;        /**< pt, 2–200; default (0) 10.5 */
  double width;       /**< pt, more than 0 and at most 2000; required */
  double min_size;    /**< pt, 2 to size; box mode; default (0) = size */
  unsigned max_lines; /**< 0 = paragraph mode */
  double indent;      /**< first-line indent in em, 0–10, and indent × size
                           less than width; paragraph mode */
  double hang;        /**< indent of later lines in em (hanging indent),
                           0–10, and hang × size less than width */
  int hang_marker;    /**< nonzero: hang later lines after the leading
                           marker (※1, ・, (1)) instead of by `hang` */
} myna_typeset_opts;

/**
 * Typesets text (UTF-8, len bytes) and returns the result as JSON:
 * {"ok":true,"size":10.5,"lines":[{"text":"…","width":123.4,"size":10.5},…]}
 * or {"ok":false,"error":{"status":"…","message":"…"}}.  The status tells
 * whether it worked.  If pdf_path is not NULL, the result is also drawn on an
 * A4 page written there.  Caller frees *json with myna_free().
 */
MYNA_EXPORT myna_status myna_typeset(myna_ctx *ctx, const char *text, size_t len,
                                     const myna_typeset_opts *opts,
                                     const char *pdf_path, char **json);

/* ---------------------------------------------------- 不詳請求 摘要 text */

/** Flags for myna_tekiyo_opts.flags. */
enum {
  /** Return JSON instead of the plain text (see myna_tekiyo). */
  MYNA_TEKIYO_JSON = 1u << 0,
  /** Report unknown fields in card data as warnings, not errors. */
  MYNA_TEKIYO_ALLOW_UNKNOWN = 1u << 1
};

/** Options of myna_tekiyo.  Zero-initialise and set struct_size; opts
 *  itself may be NULL. */
typedef struct myna_tekiyo_opts {
  size_t struct_size;
  unsigned flags; /**< MYNA_TEKIYO_* */
} myna_tekiyo_opts;

/**
 * The text a clinic writes in the claim's 摘要欄 when the insurer stays
 * unknown (不詳請求): the heading, then 住所, 事業所名 and 連絡先 of the card
 * data ($.address, $.insurance.employer, $.phone), each as label + value,
 * in the order and with the labels of the data file
 * data/tekiyo-labels.json in the data directory; an item without a value is
 * left out, and data with none of the three is MYNA_ERR_DATA.  The card
 * data is validated and screened exactly as for rendering (a 個人番号 is
 * MYNA_ERR_MY_NUMBER).  Values are written full-width: printable ASCII
 * becomes its full-width form (0 → ０, - → －, a space → U+3000) and a line
 * break of the address a U+3000; nothing else is changed.
 *
 * Every character that is not in JIS X 0208 (which online claims carry:
 * 𠮷, 髙, 﨑, a variation selector of 葛󠄀, 神 U+FA19, ＂…) is reported, never
 * replaced: as a warning (myna_ctx_warning) naming the path and the index
 * of the character in the item's value (code points, from 0), and with
 * MYNA_TEKIYO_JSON in the output.  Its code point is given only when the
 * context is verbose (MYNA_CONFIG_VERBOSE).
 *
 * *out is the text (UTF-8, no line break), or with MYNA_TEKIYO_JSON:
 * {"text":"…","items":[{"field":"address","path":"$.address",
 * "label":"住所：","value":"…"},…],"not_jis_x0208":[{"path":"$.address",
 * "index":12},…]} (each entry with "cp":"U+20BB7" when verbose).
 * A missing data file is MYNA_ERR_RESOURCE, a malformed one
 * MYNA_ERR_TEMPLATE.  Caller frees *out with myna_free().
 */
MYNA_EXPORT myna_status myna_tekiyo(myna_ctx *ctx, const char *data, size_t data_len,
                                    const myna_tekiyo_opts *opts, char **out);

/* ------------------------------------------------------- reading the card */

/*
 * The four card-face items (氏名, 住所, 生年月日, 性別) read from the chip of a
 * My Number card, through a PC/SC reader, from its 券面事項入力補助AP with the
 * holder's 4-digit PIN.  Only a fixed list of commands is ever sent: select
 * that AP, select its EF 0011 (the PIN) and EF 0002 (the four items), VERIFY,
 * and READ BINARY of the selected EF (doc/card-reading.md).  The EF of the
 * 個人番号 (0001), its hashes (0003) and the PIN that verifies with the
 * number (EF 0014) are never selected.
 *
 * A myna_card belongs to its context's thread.  Each call is one session:
 * it connects to the card exclusively and resets it when done, so no
 * verified state outlives the call.  VERIFY is never retried.
 */

/** A card reader (PC/SC), opened from a context. */
typedef struct myna_card myna_card;

/** Flags for myna_card_read. */
enum {
  /** The operator confirms a read with one PIN try left (a wrong PIN then
   *  locks the card). */
  MYNA_CARD_CONFIRM_LAST_TRY = 1u << 0
};

/**
 * The PC/SC readers, one name a line, each ending in a line break ("" when
 * none).  MYNA_ERR_CARD_NO_READER when the PC/SC service does not answer.
 * Caller frees *list with myna_free().
 */
MYNA_EXPORT myna_status myna_card_list_readers(myna_ctx *ctx, char **list);

/**
 * Opens the reader named reader: NULL or "auto" for the first one, else the
 * reader of that name, or else the first whose name starts with it (in the
 * order of myna_card_list_readers: "SONY FeliCa RC-S300" names the first
 * RC-S300 connected).
 * MYNA_ERR_CARD_NO_READER when there is none (or pcscd does not answer).
 * On failure *out is NULL.  Free with myna_card_free(), before ctx.
 */
MYNA_EXPORT myna_status myna_card_open(myna_ctx *ctx, const char *reader, myna_card **out);

/** The name of the reader.  Owned by card. */
MYNA_EXPORT const char *myna_card_reader(const myna_card *card);

/**
 * Looks at the card without verifying anything: selects the AP and the PIN
 * EF and asks for the tries left (VERIFY without data).  MYNA_OK with
 * *tries_left (1–15; -1 when the card does not say), or
 * MYNA_ERR_CARD_NO_CARD, _NOT_MYNUMBER, _PINLESS, _PIN_LOCKED (*tries_left
 * 0), _REMOVED, _NO_READER.
 */
MYNA_EXPORT myna_status myna_card_probe(myna_card *card, int *tries_left);

/**
 * Reads the four items with pin (pin_len bytes: exactly 4 ASCII digits,
 * else MYNA_ERR_USAGE before the card is touched).  *json is card-data JSON
 * {"name","address","birth_date":"YYYYMMDD","sex":"1"|"2"|"9"}, 氏名 and 住所
 * exactly as the chip holds them (UTF-8), validated as any card data is
 * (myna_render_*), 番号法 screen included.  Caller frees *json with
 * myna_free().
 *
 * The tries left are asked first; with one left the read is refused
 * (MYNA_ERR_CARD_LAST_TRY) unless flags has MYNA_CARD_CONFIRM_LAST_TRY.  A
 * wrong PIN is MYNA_ERR_CARD_PIN_WRONG (myna_card_tries_left() says how many
 * remain; never retried), a locked one MYNA_ERR_CARD_PIN_LOCKED.  The
 * library's copies of the PIN are wiped right after VERIFY; pin itself is
 * the caller's to wipe.  Invalid data is MYNA_ERR_CARD_DATA (the message
 * names the element or the card-data path), a 個人番号 MYNA_ERR_MY_NUMBER.
 */
MYNA_EXPORT myna_status myna_card_read(myna_card *card, const char *pin, size_t pin_len,
                                       unsigned flags, char **json);

/** The tries left that the last probe or read learnt, -1 if unknown. */
MYNA_EXPORT int myna_card_tries_left(const myna_card *card);

/** Closes the reader. */
MYNA_EXPORT void myna_card_free(myna_card *card);

#ifdef __cplusplus
}
#endif

#endif /* MYNAFORM_H */
