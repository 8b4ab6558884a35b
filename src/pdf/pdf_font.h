/*
 * pdf_font.h — one embedded glyph-ID font of a PDF: CID allocation for the
 * (glyph, text) pairs a document draws, then the pieces of a Type0 /
 * CIDFontType2 / Identity-H font: the hb-subset font program, CIDToGIDMap,
 * /W widths and a ToUnicode CMap that maps each glyph back to its source
 * cluster (non-BMP as surrogate pairs, variation selectors kept).
 * No libharu here: pdf_doc.c turns these bytes into PDF objects.
 */
#ifndef MF_PDF_FONT_H
#define MF_PDF_FONT_H

#include "core/core.h"
#include "layout/fontset.h"

typedef struct mf_pdf_font mf_pdf_font;

/* /DW of every font: 1000/1000 em, the width of full-width glyphs. */
#define MF_PDF_DEFAULT_WIDTH 1000

/* The most UTF-16 code units a glyph's ToUnicode entry maps to.  The entry
 * is one hex string, and poppler reads tokens of at most 255 characters:
 * <, 63 × 4 hex digits, >.  A glyph standing for more text (a base and
 * dozens of combining marks) keeps that many units in the map and gets its
 * whole text as /ActualText in the content stream (pdf_doc.c). */
#define MF_PDF_TOUNICODE_UNITS 63

/* UTF-16 code units of UTF-8 text (a malformed byte counts as U+FFFD). */
size_t mf_pdf_utf16_units(const char *text, size_t len);
/* Appends the text as big-endian UTF-16 hex digits, the first max_units
 * code units of it (never half a surrogate pair). */
void mf_pdf_utf16_hex(mf_buf *b, const char *text, size_t len, size_t max_units);

mf_pdf_font *mf_pdf_font_new(mf_face *face);
void mf_pdf_font_free(mf_pdf_font *f);

/* The CID (1…65535) that draws glyph gid and stands for text (the source
 * cluster, "" for the second and later glyphs of a cluster).  0 on OOM or
 * when the font is full. */
uint32_t mf_pdf_font_cid(mf_pdf_font *f, uint32_t gid, double adv_em,
                         const char *text, size_t len);
size_t mf_pdf_font_count(const mf_pdf_font *f);
/* The glyph, width (1/1000 em) and text of CID cid (1…count), to save
 * the font's CIDs; false when cid is out of range. */
bool mf_pdf_font_entry(const mf_pdf_font *f, uint32_t cid, uint32_t *gid,
                       int *width, const char **text, size_t *len);
/* Adds the next CID with a width in 1/1000 em (as read back from
 * mf_pdf_font_entry); returns it, or 0 on OOM / a full font. */
uint32_t mf_pdf_font_add(mf_pdf_font *f, uint32_t gid, int width, const char *text,
                         size_t len);
/* The CID of (gid, text) if the font has it already, else 0. */
uint32_t mf_pdf_font_find(const mf_pdf_font *f, uint32_t gid, const char *text,
                          size_t len);

typedef struct mf_font_program {
  char base_font[96];  /* "ABCDEF+BIZUDMincho-Regular" */
  mf_buf ttf;          /* the subset font program */
  mf_buf cid_to_gid;   /* 2 bytes per CID (0…n), big-endian */
  mf_buf widths;       /* the /W array, e.g. "[3 [500 250]]": CIDs whose width
                          is not MF_PDF_DEFAULT_WIDTH (/DW) */
  mf_buf to_unicode;   /* the ToUnicode CMap program */
  mf_face_metrics m;
} mf_font_program;

void mf_font_program_init(mf_font_program *p);
void mf_font_program_free(mf_font_program *p);

/* Subsets the face to the used glyphs and builds the font pieces. */
myna_status mf_pdf_font_build(myna_ctx *ctx, const mf_pdf_font *f,
                              mf_font_program *out);

#endif
