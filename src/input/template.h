/*
 * template.h — the template model: one page of a document as data (rules,
 * grids, static text, fields bound to record keys, checkbox rows, a QR
 * code), parsed and validated from JSON.  The format is documented in
 * templates/README.md.  Positions are in mm from the page's top-left corner.
 */
#ifndef MF_TEMPLATE_H
#define MF_TEMPLATE_H

#include "core/core.h"
#include "layout/fontset.h"

/* The ranges of a template's numbers.  template.c refuses a template with
 * a number outside them; template_cache.c refuses a cached model that has
 * one (layout relies on them: a size of 1e300 pt never ends shrinking). */
#define MF_TPL_PAGE_W 210.0     /* mm: x, w, x2 */
#define MF_TPL_PAGE_H 297.0     /* mm: y, h, y2 */
#define MF_TPL_SIZE_MIN 4.0     /* pt: font size, a field's min_size */
#define MF_TPL_SIZE_MAX 72.0
#define MF_TPL_LEADING_MIN 0.8  /* line height / size */
#define MF_TPL_LEADING_MAX 4.0
#define MF_TPL_INDENT_MAX 10.0  /* em: indent, hang */
#define MF_TPL_LINE_MAX 5.0     /* pt: line, a grid's outer */
#define MF_TPL_PAD_MAX 20.0     /* mm */
#define MF_TPL_BOX_MIN 1.0      /* mm: a checkbox's side */
#define MF_TPL_BOX_MAX 20.0
#define MF_TPL_GAP_MAX 100.0    /* mm */
#define MF_TPL_AFTER_MAX 200.0  /* mm */
#define MF_TPL_MAX_LINES 20     /* a field's max_lines */
#define MF_TPL_QR_MIN 10.0      /* mm: a QR code's side */
#define MF_TPL_QR_MAX 100.0
#define MF_TPL_TRACK_MAX 300.0  /* mm: a grid column or row */
#define MF_TPL_HOLDS_MAX 20     /* a box with "h": "auto": items it holds */
/* The printable area: ink nearer the edge of the page than this (printers
 * cannot print there), or off the page, is a template error. */
#define MF_TPL_MARGIN 5.0       /* mm */

typedef enum mf_align {
  MF_ALIGN_LEFT = 0,
  MF_ALIGN_CENTER,
  MF_ALIGN_RIGHT,
  MF_ALIGN_JUSTIFY,   /* paragraph: every line but the last fills the width */
  MF_ALIGN_DISTRIBUTE /* one line spread evenly across the width (均等割り) */
} mf_align;

typedef enum mf_valign { MF_VALIGN_TOP = 0, MF_VALIGN_CENTER, MF_VALIGN_BOTTOM } mf_valign;

typedef struct mf_style {
  mf_face_id face;
  double size;    /* pt */
  double leading; /* line height / size */
  mf_align align;
  mf_valign valign;
  double indent;  /* em */
  double hang;    /* em */
  bool hang_marker;
  bool wakan;
  float gray;     /* "gray": accepted and ignored, text prints black
                     (templates/README.md, "Styles") */
} mf_style;

typedef enum mf_item_type {
  MF_IT_TEXT = 1, /* static text (paragraphs, labels) */
  MF_IT_RULE,     /* a straight line */
  MF_IT_BOX,      /* a rectangle, stroked or filled */
  MF_IT_GRID,     /* a ruled table: columns × rows */
  MF_IT_FIELD,    /* a record value fitted into a box */
  MF_IT_CHECKS,   /* a row of checkboxes with labels, ticked from the record */
  MF_IT_QR        /* a QR code of the configured URL */
} mf_item_type;

typedef struct mf_check_opt {
  char *key;   /* record check key */
  char *label; /* static text after the box */
} mf_check_opt;

typedef struct mf_item {
  mf_item_type type;
  char *cond_if;     /* draw only if this record key is set / ticked */
  char *cond_unless; /* draw only if it is not */
  double x, y, w, h; /* mm, resolved (cells of grids already applied) */
  double x2, y2;     /* rule end, mm */
  double line;       /* line width, pt */
  double outer;      /* grid: outer frame line width, pt */
  float fill;        /* box: fill gray (−1 = no fill) */
  mf_style style;
  char *text;        /* text: static UTF-8 */
  char *sup;         /* text: every occurrence of this in text is set as a
                        superscript (※1 after a label), or NULL */
  char *key;         /* field: record text key */
  double min_size;   /* field: pt */
  unsigned max_lines;/* field */
  double pad;        /* field/text in a cell: horizontal padding, mm */
  double *cols, *rows; /* grid: widths / heights, mm */
  size_t ncols, nrows;
  mf_check_opt *opts;  /* checks */
  size_t nopts;
  double box;          /* checks: box side, mm */
  double gap;          /* checks: space after each label, mm */
  mf_face_id tick_face; /* checks: the face of the ✓ (default gothic-bold) */
  bool caption;        /* qr: print the URL under the code (a style given) */
  double after;        /* ≥ 0: y is this many mm below the previous item's
                          bottom as laid out ("after"); −1: y is absolute */
  unsigned holds;      /* box with "h": "auto" (h is 0 until laid out): it
                          holds the next `holds` items and grows to their
                          ink plus padding (compose.c); 0: h is fixed */
  double hold_pad;     /* such a box: padding below the content, mm; −1:
                          the same as above it */
  size_t index;        /* position in the template, for messages */
} mf_item;

typedef struct mf_template {
  char *name;     /* file stem */
  char *path;
  myna_document document;
  char *title, *edition, *date, *variant;
  mf_item *items;
  size_t nitems;
  /* identity of the source text (two 64-bit hashes and its length): the key
   * of the template's static layer in the on-disk cache */
  uint64_t digest[2];
  size_t source_len;
  /* false: only the header is known (from the on-disk index); the items
   * are read by mf_template_ready */
  bool parsed;
} mf_template;

/* "text", "rule", … as in the template's "type". */
const char *mf_item_type_name(mf_item_type type);

/* Whether the extent x0…x1 × y0…y1 (mm from the page's top-left corner)
 * is inside the printable area (MF_TPL_MARGIN from every edge of the A4
 * page).  If not, false, and why (size ≥ 128) says on which side and how
 * far: "its ink runs 14.3 mm beyond the bottom edge of the page (…)". */
bool mf_tpl_printable(double x0, double y0, double x1, double y1, char *why, size_t size);

/* Whether the ink of an item that the template alone places is inside the
 * printable area: a rule, a box or a grid with half its line width, the
 * box of a field (its value is fitted inside it), a QR code.  For an item
 * placed by "after" only across the page (y_known false; layout checks
 * the rest).  Text and checkbox rows are checked after layout
 * (compose.c).  If not, false with the reason in why. */
bool mf_item_printable(const mf_item *it, bool y_known, char *why, size_t size);

/* The two hashes of a template's source that identify it in caches. */
void mf_template_digest(const char *json, size_t len, uint64_t digest[2]);
/* Parses a template from JSON text; `name` is used in messages. */
myna_status mf_template_parse(myna_ctx *ctx, const char *name, const char *json,
                              size_t len, mf_template **out);
/* Reads and parses dir/<file>. */
myna_status mf_template_load(myna_ctx *ctx, const char *path, mf_template **out);
void mf_template_free(mf_template *t);

/* All templates of a directory, sorted by name. */
typedef struct mf_template_set {
  mf_template **t;
  size_t n;
} mf_template_set;

/* Loads the templates of dir: their headers from the on-disk index when
 * ctx has a cache directory and the index is current, else every file
 * parsed (and the index written). */
myna_status mf_template_set_load(myna_ctx *ctx, const char *dir,
                                 mf_template_set **out);
/* Parses t if only its header is known.  The template keeps its address
 * (caches use it as a key). */
myna_status mf_template_ready(myna_ctx *ctx, const mf_template *t);
/* True for the file names a template directory's templates have
 * ("<name>.json", not hidden). */
bool mf_template_is_file_name(const char *name);
void mf_template_set_free(mf_template_set *s);
/* By name, or NULL. */
const mf_template *mf_template_find(const mf_template_set *s, const char *name);
/* The default template of a document: the newest date with no variant (or
 * with the variant given). */
const mf_template *mf_template_default(const mf_template_set *s,
                                       myna_document doc, const char *variant);

#endif
