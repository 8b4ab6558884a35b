/*
 * pdf_doc.h — a PDF document being written: pages drawn from laid-out
 * display lists, glyph-ID fonts embedded at the end.  The only module that
 * touches libharu (see pdf_doc.c for why it uses libharu's object layer).
 */
#ifndef MF_PDF_DOC_H
#define MF_PDF_DOC_H

#include "core/core.h"
#include "layout/fontset.h"
#include "layout/page.h"

typedef struct mf_pdf_doc mf_pdf_doc;

struct mf_font_cache;
/* cache (may be NULL) keeps the fonts of static text between documents. */
myna_status mf_pdf_doc_new(myna_ctx *ctx, mf_fontset *fs,
                           struct mf_font_cache *cache, mf_pdf_doc **out);
void mf_pdf_doc_free(mf_pdf_doc *d);
/* Draws one page from a single display list (no static layer).  On
 * failure the document must be discarded. */
myna_status mf_pdf_doc_add_page(mf_pdf_doc *d, const mf_page *page);
/* Draws one template page: its static layer (identified by key, the
 * template; built from static_page on first use in the context, then taken
 * from the cache — static_page may be NULL when the cache has it) under the
 * record's data layer. */
myna_status mf_pdf_doc_add_layered(mf_pdf_doc *d, const void *key,
                                   const mf_page *static_page, const mf_page *data_page);
size_t mf_pdf_doc_page_count(const mf_pdf_doc *d);
/* The document's title (UTF-8): Info /Title and, in PDF/A, the XMP
 * dc:title.  A template's title, never a record's data. */
myna_status mf_pdf_doc_set_title(mf_pdf_doc *d, const char *title);
/* PDF/A-1b or not; set before the first page (fonts embedded then carry a
 * /CIDSet, and the save adds XMP metadata and a Gray output intent). */
void mf_pdf_doc_set_pdfa(mf_pdf_doc *d, bool on);
bool mf_pdf_doc_pdfa(const mf_pdf_doc *d);
/* Embeds the fonts and writes the whole PDF to out. */
myna_status mf_pdf_doc_save(mf_pdf_doc *d, mf_buf *out);

#endif
