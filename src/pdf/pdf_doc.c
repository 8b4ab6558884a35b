/*
 * pdf_doc.c — writing the PDF with libharu.  The only file that includes
 * libharu's headers.
 *
 * libharu makes the document, the page tree, the rules and boxes, and the
 * cross-reference table.  Its own Unicode text path cannot show non-BMP
 * characters, variation sequences or any glyph that is not reached through
 * the cmap, so text is written here as glyph IDs: each face used gets a
 * Type0 font (Identity-H) built from the pieces pdf_font.c makes, added
 * through libharu's object layer (hpdf_objects.h), and the text operators
 * go straight into the page's content stream.
 *
 * A template page has two layers.  The static layer (rules, grids, official
 * text, checkbox frames) is identical for every record: its content stream
 * (graphics drawn by libharu on a scratch page, text as glyph IDs) and its
 * fonts are built once per context, kept compressed (font_cache.h), and in
 * a document shared by every page of that template.  The data layer of each
 * page (values, ticks, the QR code) is drawn into the page's own stream with
 * fonts of its own.  /Contents is then [static, data].
 *
 * Every document asks viewers to print at actual size (/ViewerPreferences
 * << /PrintScaling /None >>: "fit to page" shrinks a form), says its
 * language (/Lang (ja-JP)) and title (Info /Title, the template's, never a
 * record's data), and carries a trailer /ID made from a hash of its own
 * bytes, so that the same input still gives the same bytes.  A PDF/A-1b
 * document (mf_pdf_doc_set_pdfa) adds an XMP metadata stream, an output
 * intent with a Gray ICC profile (every page is DeviceGray) and a /CIDSet
 * in each font's descriptor.
 *
 * Version notes: the page's content stream is reached through the page
 * dictionary's /Contents entry (HPDF_PageAttr changed layout in 2.4); the
 * generic dict/stream structs are the same in 2.3 and 2.4.
 */
#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/font_cache.h"
#include "pdf/gray_icc.h"
#include "pdf/pdf_doc.h"
#include "pdf/pdf_font.h"
#include "pdf/qr.h"
#include "layout/shape.h"

#define MAX_STATICS 16

/* The objects of an embedded font under its Type0 dictionary.  A data
 * font is embedded at each save that finds new glyphs in it; the objects of
 * the first embedding are then filled again, so that a document saved twice
 * holds no orphaned copies (and the same bytes when nothing was added). */
typedef struct font_objs {
  HPDF_Dict file, c2g, tou, desc, cid;
  HPDF_Dict cidset; /* PDF/A only */
} font_objs;

/* A font of the data layer of this document. */
typedef struct font_slot {
  mf_pdf_font *font;
  HPDF_Dict type0; /* indirect object, filled in at save */
  font_objs objs;  /* its objects, once embedded */
  size_t embedded; /* CIDs of the font at its last embedding (0: never) */
  char name[16];   /* resource name, e.g. "MF1" */
} font_slot;

/* A template's static layer as used in this document. */
typedef struct static_use {
  const void *key;
  HPDF_Dict content;              /* shared content stream */
  HPDF_Dict type0[MF_FACE_COUNT]; /* NULL where the face is unused */
  mf_pdf_font *cids[MF_FACE_COUNT]; /* its CIDs, for data text to reuse */
  bool owns_cids;                 /* built without a cache: freed with d */
} static_use;

struct mf_pdf_doc {
  myna_ctx *ctx;
  mf_fontset *fs;
  mf_font_cache *cache;
  HPDF_Doc pdf;
  HPDF_STATUS hpdf_error, hpdf_detail;
  font_slot fonts[MF_FACE_COUNT];
  static_use statics[MAX_STATICS];
  size_t nstatics;
  size_t pages;
  mf_buf ops; /* operators being written */
  bool pdfa;         /* PDF/A-1b (set before the first page) */
  bool pdfa_written; /* its XMP and output intent are in the document */
  mf_buf title;      /* the title, UTF-8, for the XMP */
  /* where a save writes: out from start (the /ID hashes those bytes) */
  mf_buf *out;
  size_t out_start;
};

static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no,
                          void *user_data) {
  mf_pdf_doc *d = user_data;
  if (!d->hpdf_error) {
    d->hpdf_error = error_no;
    d->hpdf_detail = detail_no;
  }
}

static myna_status hpdf_fail(mf_pdf_doc *d, const char *what) {
  if (d->hpdf_error == HPDF_FAILD_TO_ALLOC_MEM)
    return mf_fail(d->ctx, MYNA_ERR_NOMEM, "PDF: out of memory (%s)", what);
  return mf_fail(d->ctx, MYNA_ERR_PDF, "PDF: %s failed (libharu error 0x%04X/%u)",
                 what, (unsigned)d->hpdf_error, (unsigned)d->hpdf_detail);
}

#define MF_PDF_PRODUCER "mynaform " MYNA_VERSION_STRING

/* The trailer's /ID, written from the trailer dictionary's write hook, when
 * every byte before the trailer is in d->out: both halves are the same 16
 * bytes, the CRC-32 and Adler-32 of those bytes and their count.  So the
 * same document gives the same bytes, and another document another /ID
 * (an identifier, not a seal: nothing here is cryptographic). */
static HPDF_STATUS write_id(HPDF_Dict dict, HPDF_Stream stream) {
  (void)dict;
  mf_pdf_doc *d = stream->attr;
  if (!d || !d->out) return HPDF_OK; /* not a save of ours */
  const unsigned char *p = (const unsigned char *)d->out->data + d->out_start;
  size_t n = d->out->len - d->out_start;
  uint32_t crc = libdeflate_crc32(0, p, n), adler = libdeflate_adler32(1, p, n);
  uint64_t len = n;
  unsigned char id[16];
  for (int i = 0; i < 4; i++) {
    id[i] = (unsigned char)(crc >> (24 - 8 * i));
    id[4 + i] = (unsigned char)(adler >> (24 - 8 * i));
  }
  for (int i = 0; i < 8; i++) id[8 + i] = (unsigned char)(len >> (56 - 8 * i));
  char hex[33];
  for (int i = 0; i < 16; i++) snprintf(hex + 2 * i, 3, "%02X", id[i]);
  char line[96];
  snprintf(line, sizeof line, "/ID [<%s> <%s>]\012", hex, hex);
  return HPDF_Stream_WriteStr(stream, line);
}

static HPDF_Doc new_hpdf(mf_pdf_doc *d, bool compress) {
  HPDF_Doc pdf = HPDF_New(on_hpdf_error, d);
  if (!pdf) return NULL;
  pdf->pdf_version = HPDF_VER_14;
  HPDF_SetCompressionMode(pdf, compress ? HPDF_COMP_ALL : HPDF_COMP_NONE);
  return pdf;
}

myna_status mf_pdf_doc_new(myna_ctx *ctx, mf_fontset *fs, mf_font_cache *cache,
                           mf_pdf_doc **out) {
  *out = NULL;
  mf_pdf_doc *d = mf_calloc(1, sizeof *d);
  if (!d) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  d->ctx = ctx;
  d->fs = fs;
  d->cache = cache;
  mf_buf_init(&d->ops);
  /* every large stream is compressed here (libdeflate) before libharu sees
   * it; the page's own stream holds a few rule operators at most */
  d->pdf = new_hpdf(d, false);
  if (!d->pdf) {
    free(d);
    return mf_fail(ctx, MYNA_ERR_NOMEM, "PDF: out of memory");
  }
  mf_buf_init(&d->title);
  HPDF_SetInfoAttr(d->pdf, HPDF_INFO_PRODUCER, MF_PDF_PRODUCER);
  /* print at actual size; the text is Japanese */
  HPDF_MMgr mm = d->pdf->mmgr;
  HPDF_Dict prefs = HPDF_Dict_New(mm);
  if (prefs) {
    HPDF_Dict_AddName(prefs, "PrintScaling", "None");
    HPDF_Dict_Add(d->pdf->catalog, "ViewerPreferences", prefs);
  }
  HPDF_Dict_Add(d->pdf->catalog, "Lang", HPDF_String_New(mm, "ja-JP", NULL));
  d->pdf->xref->trailer->write_fn = write_id;
  if (!prefs || d->hpdf_error) {
    myna_status st = hpdf_fail(d, "creating the document");
    mf_pdf_doc_free(d);
    return st;
  }
  *out = d;
  return MYNA_OK;
}

void mf_pdf_doc_free(mf_pdf_doc *d) {
  if (!d) return;
  for (int f = 0; f < MF_FACE_COUNT; f++) mf_pdf_font_free(d->fonts[f].font);
  for (size_t i = 0; i < d->nstatics; i++)
    for (int f = 0; f < MF_FACE_COUNT && d->statics[i].owns_cids; f++)
      mf_pdf_font_free(d->statics[i].cids[f]);
  if (d->pdf) HPDF_Free(d->pdf);
  mf_buf_free(&d->ops);
  mf_buf_free(&d->title);
  free(d);
}

size_t mf_pdf_doc_page_count(const mf_pdf_doc *d) { return d->pages; }

/* --------------------------------------------------------------- metadata */

myna_status mf_pdf_doc_set_title(mf_pdf_doc *d, const char *title) {
  /* Info /Title: a text string, UTF-16BE with its byte order mark */
  mf_buf u16;
  mf_buf_init(&u16);
  mf_buf_append(&u16, "\xFE\xFF", 2);
  size_t n = strlen(title), i = 0;
  while (i < n) {
    uint32_t cp = mf_utf8_next(title, n, &i);
    if (cp == 0xFFFFFFFFu) cp = 0xFFFD;
    uint16_t u[2] = {(uint16_t)cp, 0};
    int k = 1;
    if (cp >= 0x10000) {
      u[0] = (uint16_t)(0xD800 | ((cp - 0x10000) >> 10));
      u[1] = (uint16_t)(0xDC00 | ((cp - 0x10000) & 0x3FF));
      k = 2;
    }
    for (int j = 0; j < k; j++) {
      char be[2] = {(char)(u[j] >> 8), (char)(u[j] & 0xFF)};
      mf_buf_append(&u16, be, 2);
    }
  }
  mf_buf_reset(&d->title);
  mf_buf_puts(&d->title, title);
  if (!mf_buf_ok(&u16) || !mf_buf_ok(&d->title)) {
    mf_buf_free(&u16);
    return mf_fail(d->ctx, MYNA_ERR_NOMEM, "out of memory");
  }
  HPDF_Binary b = HPDF_Binary_New(d->pdf->mmgr, (HPDF_BYTE *)u16.data, (HPDF_UINT)u16.len);
  mf_buf_free(&u16);
  if (!b || HPDF_Dict_Add(d->pdf->info, "Title", b) != HPDF_OK)
    return hpdf_fail(d, "setting the title");
  return MYNA_OK;
}

void mf_pdf_doc_set_pdfa(mf_pdf_doc *d, bool on) { d->pdfa = on; }
bool mf_pdf_doc_pdfa(const mf_pdf_doc *d) { return d->pdfa; }

/* Appends s with XML's five special characters escaped. */
static void xml_text(mf_buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    switch (s[i]) {
    case '&': mf_buf_puts(b, "&amp;"); break;
    case '<': mf_buf_puts(b, "&lt;"); break;
    case '>': mf_buf_puts(b, "&gt;"); break;
    case '"': mf_buf_puts(b, "&quot;"); break;
    case '\'': mf_buf_puts(b, "&apos;"); break;
    default: mf_buf_putc(b, s[i]);
    }
  }
}

/* The XMP packet of a PDF/A-1b document: the same title and producer as
 * the Info dictionary, the PDF/A identification, and nothing else (no
 * dates, so the bytes stay the same; no record's data). */
static void xmp_packet(const mf_pdf_doc *d, mf_buf *b) {
  mf_buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                 "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                 "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                 "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                 "<dc:format>application/pdf</dc:format>\n");
  if (d->title.len) {
    mf_buf_puts(b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
    xml_text(b, d->title.data, d->title.len);
    mf_buf_puts(b, "</rdf:li></rdf:Alt></dc:title>\n");
  }
  mf_buf_puts(b, "</rdf:Description>\n"
                 "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                 "<pdf:Producer>" MF_PDF_PRODUCER "</pdf:Producer>\n"
                 "</rdf:Description>\n"
                 "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                 "<pdfaid:part>1</pdfaid:part>\n"
                 "<pdfaid:conformance>B</pdfaid:conformance>\n"
                 "</rdf:Description>\n"
                 "</rdf:RDF>\n"
                 "</x:xmpmeta>\n"
                 "<?xpacket end=\"w\"?>");
}

/* An uncompressed stream object holding n bytes of p. */
static HPDF_Dict raw_stream(mf_pdf_doc *d, const void *p, size_t n) {
  HPDF_Dict s = HPDF_DictStream_New(d->pdf->mmgr, d->pdf->xref);
  if (!s) return NULL;
  s->filter = HPDF_STREAM_FILTER_NONE;
  if (n && HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)p, (HPDF_UINT)n) != HPDF_OK)
    return NULL;
  return s;
}

/* What PDF/A-1b adds to the catalog: the XMP metadata (not compressed, as
 * PDF/A-1 asks) and the output intent, whose Gray ICC profile gives the
 * DeviceGray of every page a meaning. */
static myna_status write_pdfa(mf_pdf_doc *d) {
  HPDF_MMgr mm = d->pdf->mmgr;
  mf_buf x;
  mf_buf_init(&x);
  xmp_packet(d, &x);
  if (!mf_buf_ok(&x)) {
    mf_buf_free(&x);
    return mf_fail(d->ctx, MYNA_ERR_NOMEM, "out of memory");
  }
  HPDF_Dict meta = raw_stream(d, x.data, x.len);
  mf_buf_free(&x);
  HPDF_Dict icc = raw_stream(d, mf_gray_icc, mf_gray_icc_len);
  HPDF_Dict intent = HPDF_Dict_New(mm);
  HPDF_Array intents = HPDF_Array_New(mm);
  if (!meta || !icc || !intent || !intents) return hpdf_fail(d, "writing the PDF/A metadata");
  HPDF_Dict_AddName(meta, "Type", "Metadata");
  HPDF_Dict_AddName(meta, "Subtype", "XML");
  HPDF_Dict_Add(d->pdf->catalog, "Metadata", meta);
  HPDF_Dict_AddNumber(icc, "N", 1);
  HPDF_Dict_AddName(intent, "Type", "OutputIntent");
  HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
  HPDF_Dict_Add(intent, "OutputConditionIdentifier", HPDF_String_New(mm, "Gray", NULL));
  HPDF_Dict_Add(intent, "Info", HPDF_String_New(mm, "Gray, gamma 1.0 (icc-profiles-free Gray.icc)", NULL));
  HPDF_Dict_Add(intent, "DestOutputProfile", icc);
  HPDF_Array_Add(intents, intent);
  HPDF_Dict_Add(d->pdf->catalog, "OutputIntents", intents);
  return d->hpdf_error ? hpdf_fail(d, "writing the PDF/A metadata") : MYNA_OK;
}

/* ------------------------------------------------------------------ fonts */

/* The data-layer font of a face, created on first use. */
static font_slot *slot_for(mf_pdf_doc *d, int face) {
  font_slot *s = &d->fonts[face];
  if (s->font) return s;
  s->font = mf_pdf_font_new(&d->fs->faces[face]);
  if (!s->font) return NULL;
  s->type0 = HPDF_Dict_New(d->pdf->mmgr);
  if (!s->type0 || HPDF_Xref_Add(d->pdf->xref, s->type0) != HPDF_OK) {
    s->type0 = NULL;
    return NULL;
  }
  snprintf(s->name, sizeof s->name, "MF%d", face + 1);
  return s;
}

/* Adds a font under name to the page's /Resources /Font dictionary. */
static HPDF_STATUS page_use_font(HPDF_Page page, const char *name, HPDF_Dict type0) {
  HPDF_Dict res = HPDF_Page_GetInheritableItem(page, "Resources", HPDF_OCLASS_DICT);
  if (!res) return HPDF_INVALID_OBJECT;
  HPDF_Dict fonts = HPDF_Dict_GetItem(res, "Font", HPDF_OCLASS_DICT);
  if (!fonts) {
    fonts = HPDF_Dict_New(page->mmgr);
    if (!fonts || HPDF_Dict_Add(res, "Font", fonts) != HPDF_OK)
      return HPDF_FAILD_TO_ALLOC_MEM;
  }
  if (HPDF_Dict_GetItem(fonts, name, HPDF_OCLASS_DICT)) return HPDF_OK;
  return HPDF_Dict_Add(fonts, name, type0);
}

/* ------------------------------------------------------------- operators */

/* Glyphs [k0, k1) of a run: BT … TJ ET, glyphs as 2-byte CIDs, positions
 * kept exact with TJ adjustments against the /W widths.  CIDs come from
 * font (allocated there), or, when font is NULL, from fixed (which must
 * have every glyph). */
static myna_status run_ops(mf_pdf_doc *d, mf_buf *o, const mf_page *p,
                           const mf_run *run, uint32_t k0, uint32_t k1,
                           mf_pdf_font *font, const mf_pdf_font *fixed,
                           const char *name, double ph) {
  double size = run->size;
  mf_buf_printf(o, "BT /%s ", name);
  mf_buf_num(o, size, 3);
  mf_buf_puts(o, " Tf\n");
  double pen = 0, cur_y = 1e9;
  bool open = false;
  for (uint32_t k = k0; k < k1; k++) {
    const mf_pglyph *g = &p->glyphs[run->g0 + k];
    const char *t = mf_pglyph_text(p, g);
    uint32_t cid = font ? mf_pdf_font_cid(font, g->gid, g->adv, t, g->text_len)
                        : mf_pdf_font_find(fixed, g->gid, t, g->text_len);
    if (!cid)
      return mf_fail(d->ctx, MYNA_ERR_PDF,
                     "PDF: more than 65535 distinct glyphs in one font");
    /* a glyph standing for more text than its ToUnicode entry holds (a
     * base with dozens of marks) is drawn alone, its text as /ActualText
     * (UTF-8 has at least as many bytes as UTF-16 has units) */
    bool actual = g->text_len > MF_PDF_TOUNICODE_UNITS &&
                  mf_pdf_utf16_units(t, g->text_len) > MF_PDF_TOUNICODE_UNITS;
    if (actual) {
      if (open) mf_buf_puts(o, "] TJ\n");
      mf_buf_puts(o, "/Span <</ActualText <FEFF");
      mf_pdf_utf16_hex(o, t, g->text_len, SIZE_MAX);
      mf_buf_puts(o, ">>> BDC\n");
      cur_y = 1e9; /* set the text matrix for it */
    }
    if (g->y != cur_y) { /* new baseline offset: set the text matrix */
      if (open) mf_buf_puts(o, "] TJ\n");
      cur_y = g->y;
      mf_buf_puts(o, "1 0 0 1 ");
      mf_buf_num(o, run->x + g->x, 3);
      mf_buf_putc(o, ' ');
      mf_buf_num(o, ph - (run->y + g->y), 3);
      mf_buf_puts(o, " Tm [");
      open = true;
      pen = g->x;
    } else {
      double adj = (pen - g->x) * 1000.0 / size;
      if (adj > 0.05 || adj < -0.05) {
        mf_buf_putc(o, ' ');
        mf_buf_num(o, adj, 1);
        mf_buf_putc(o, ' ');
      }
      pen = g->x;
    }
    mf_buf_putc(o, '<');
    mf_buf_hex4(o, cid);
    mf_buf_putc(o, '>');
    double w = g->adv * 1000.0;
    int wi = (int)(w < 0 ? w - 0.5 : w + 0.5);
    pen += wi * size / 1000.0;
    if (actual) {
      mf_buf_puts(o, "] TJ\nEMC\n");
      open = false;
      cur_y = 1e9; /* and again for the glyph after it */
    }
  }
  if (open) mf_buf_puts(o, "] TJ\n");
  mf_buf_puts(o, "ET\n");
  return MYNA_OK;
}

/* A QR code as vector squares: each row's dark runs as rectangles, in a
 * coordinate system of one unit per module with y going down (so every
 * number is a small integer: a third of the bytes of page coordinates). */
static myna_status qr_build(mf_pdf_doc *d, mf_buf *o, const mf_qr *q, double ph) {
  mf_qr_matrix m;
  myna_status st = mf_qr_encode(d->ctx, q->text, &m);
  if (st != MYNA_OK) return st;
  double mod = q->size / (m.width + 2 * MF_QR_QUIET);
  double x0 = q->x + MF_QR_QUIET * mod, y0 = q->y + MF_QR_QUIET * mod;
  mf_buf_puts(o, "q 0 g ");
  mf_buf_num(o, mod, 5);
  mf_buf_puts(o, " 0 0 ");
  mf_buf_num(o, -mod, 5);
  mf_buf_putc(o, ' ');
  mf_buf_num(o, x0, 3);
  mf_buf_putc(o, ' ');
  mf_buf_num(o, ph - y0, 3);
  mf_buf_puts(o, " cm\n");
  for (int y = 0; y < m.width; y++) {
    for (int x = 0; x < m.width;) {
      if (!m.dark[y * m.width + x]) {
        x++;
        continue;
      }
      int e = x;
      while (e < m.width && m.dark[y * m.width + e]) e++;
      mf_buf_printf(o, "%d %d %d 1 re\n", x, y, e - x);
      x = e;
    }
  }
  mf_buf_puts(o, "f Q\n");
  mf_qr_matrix_free(&m);
  return MYNA_OK;
}

static HPDF_Dict new_zstream(mf_pdf_doc *d, const mf_buf *z, bool borrow);

/* A QR code as a content stream of its own, compressed; from the context's
 * cache when the code and its place are those of the last one. */
static myna_status qr_stream(mf_pdf_doc *d, const mf_qr *q, double ph, HPDF_Dict *out) {
  mf_buf key, ops, z;
  mf_buf_init(&key);
  mf_buf_init(&ops);
  mf_buf_init(&z);
  mf_buf_puts(&key, q->text);
  mf_buf_putc(&key, '\n');
  mf_buf_num(&key, q->x, 3);
  mf_buf_putc(&key, ' ');
  mf_buf_num(&key, q->y, 3);
  mf_buf_putc(&key, ' ');
  mf_buf_num(&key, q->size, 3);
  mf_font_cache *c = d->cache;
  const mf_buf *zops = NULL;
  myna_status st = mf_buf_ok(&key) ? MYNA_OK : mf_fail(d->ctx, MYNA_ERR_NOMEM, "out of memory");
  if (st == MYNA_OK && c && c->qr_key.len == key.len &&
      memcmp(c->qr_key.data, key.data, key.len) == 0) {
    zops = &c->qr_zops;
  } else if (st == MYNA_OK) {
    st = qr_build(d, &ops, q, ph);
    if (st == MYNA_OK && (!mf_buf_ok(&ops) || !mf_deflate(c, &ops, &z, false)))
      st = mf_fail(d->ctx, MYNA_ERR_NOMEM, "out of memory");
    if (st == MYNA_OK && c) { /* keep it for the next document */
      mf_buf_reset(&c->qr_key);
      mf_buf_reset(&c->qr_zops);
      mf_buf_append(&c->qr_key, key.data, key.len);
      mf_buf_append(&c->qr_zops, z.data, z.len);
      if (!mf_buf_ok(&c->qr_key) || !mf_buf_ok(&c->qr_zops)) mf_buf_reset(&c->qr_key);
    }
    zops = &z;
  }
  if (st == MYNA_OK && !(*out = new_zstream(d, zops, false))) st = hpdf_fail(d, "writing a QR code");
  mf_buf_free(&key);
  mf_buf_free(&ops);
  mf_buf_free(&z);
  return st;
}

/* Boxes, fills and rules of p, drawn with libharu's graphics API. */
static void draw_graphics(HPDF_Page page, const mf_page *p, double ph) {
  for (size_t i = 0; i < p->nrects; i++) {
    const mf_rect *r = &p->rects[i];
    if (r->width > 0) {
      HPDF_Page_SetLineWidth(page, (HPDF_REAL)r->width);
      HPDF_Page_Rectangle(page, (HPDF_REAL)r->x, (HPDF_REAL)(ph - r->y - r->h),
                          (HPDF_REAL)r->w, (HPDF_REAL)r->h);
      HPDF_Page_Stroke(page);
    } else {
      HPDF_Page_SetGrayFill(page, r->gray);
      HPDF_Page_Rectangle(page, (HPDF_REAL)r->x, (HPDF_REAL)(ph - r->y - r->h),
                          (HPDF_REAL)r->w, (HPDF_REAL)r->h);
      HPDF_Page_Fill(page);
      HPDF_Page_SetGrayFill(page, 0);
    }
  }
  HPDF_Page_SetLineCap(page, HPDF_PROJECTING_SCUARE_END);
  for (size_t i = 0; i < p->nrules; i++) {
    const mf_rule *r = &p->rules[i];
    HPDF_Page_SetLineWidth(page, (HPDF_REAL)r->width);
    HPDF_Page_MoveTo(page, (HPDF_REAL)r->x0, (HPDF_REAL)(ph - r->y0));
    HPDF_Page_LineTo(page, (HPDF_REAL)r->x1, (HPDF_REAL)(ph - r->y1));
    HPDF_Page_Stroke(page);
  }
}

static HPDF_Dict page_contents(HPDF_Page page) {
  HPDF_Dict c = HPDF_Dict_GetItem(page, "Contents", HPDF_OCLASS_DICT);
  return c && c->stream ? c : NULL;
}

/* ------------------------------------------------------ embedding objects */

/* libharu rebuilds /Filter from its own filter field when it writes a
 * stream (and removes it for unfiltered streams), so the filter of bytes
 * compressed beforehand is declared from the dict's write hook, which runs
 * after the dict's items and before its ">>". */
static HPDF_STATUS declare_flate(HPDF_Dict dict, HPDF_Stream out) {
  (void)dict;
  return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* ---------------------------------------------- streams without copies
 * libharu keeps stream data in its memory streams and copies it a byte at
 * a time (HPDF_MemCpy): in when the stream is made, out into the document
 * at save, out again to the caller.  A page's static layer (~45 KB, the same
 * bytes for every record) went through that for every document: 16% of a
 * record's time.  Streams over bytes the context's cache owns are read in
 * place instead (a read-only libharu stream whose reader uses memcpy), and
 * the document is saved straight into the caller's buffer (a write-only
 * stream).  Both use libharu's public stream record (hpdf_streams.h). */

typedef struct borrowed {
  const HPDF_BYTE *p;
  HPDF_UINT len, pos;
} borrowed;

static HPDF_STATUS borrowed_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *siz) {
  borrowed *b = s->attr;
  HPDF_UINT n = b->len - b->pos;
  if (n > *siz) n = *siz;
  if (n) memcpy(ptr, b->p + b->pos, n);
  b->pos += n;
  bool all = n == *siz;
  *siz = n;
  return all ? HPDF_OK : HPDF_STREAM_EOF;
}

static HPDF_STATUS borrowed_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode) {
  borrowed *b = s->attr;
  long base = mode == HPDF_SEEK_SET ? 0 : mode == HPDF_SEEK_CUR ? (long)b->pos : (long)b->len;
  long to = base + pos;
  if (to < 0 || to > (long)b->len) return HPDF_SetError(s->error, HPDF_STREAM_EOF, 0);
  b->pos = (HPDF_UINT)to;
  return HPDF_OK;
}

static HPDF_INT32 borrowed_tell(HPDF_Stream s) { return (HPDF_INT32)((borrowed *)s->attr)->pos; }
static HPDF_UINT32 borrowed_size(HPDF_Stream s) { return ((borrowed *)s->attr)->len; }
static void borrowed_free(HPDF_Stream s) { HPDF_FreeMem(s->mmgr, s->attr); }

/* A libharu stream reading z in place; z must outlive the document. */
static HPDF_Stream borrowed_new(HPDF_MMgr mm, const mf_buf *z) {
  HPDF_Stream s = HPDF_GetMem(mm, sizeof *s);
  borrowed *b = s ? HPDF_GetMem(mm, sizeof *b) : NULL;
  if (!b) {
    if (s) HPDF_FreeMem(mm, s);
    return NULL;
  }
  *b = (borrowed){(const HPDF_BYTE *)z->data, (HPDF_UINT)z->len, 0};
  memset(s, 0, sizeof *s);
  s->sig_bytes = HPDF_STREAM_SIG_BYTES;
  s->type = HPDF_STREAM_UNKNOWN;
  s->mmgr = mm;
  s->error = mm->error;
  s->read_fn = borrowed_read;
  s->seek_fn = borrowed_seek;
  s->tell_fn = borrowed_tell;
  s->size_fn = borrowed_size;
  s->free_fn = borrowed_free;
  s->attr = b;
  return s;
}

static HPDF_STATUS sink_write(HPDF_Stream s, const HPDF_BYTE *ptr, HPDF_UINT siz) {
  mf_buf *out = ((mf_pdf_doc *)s->attr)->out;
  mf_buf_append(out, ptr, siz);
  return mf_buf_ok(out) ? HPDF_OK : HPDF_SetError(s->error, HPDF_FAILD_TO_ALLOC_MEM, 0);
}

/* The document's output stream, appending to d->out (set at each save). */
static HPDF_Stream sink_new(HPDF_MMgr mm) {
  HPDF_Stream s = HPDF_GetMem(mm, sizeof *s);
  if (!s) return NULL;
  memset(s, 0, sizeof *s);
  s->sig_bytes = HPDF_STREAM_SIG_BYTES;
  s->type = HPDF_STREAM_CALLBACK; /* not a memory stream: libharu leaves it be */
  s->mmgr = mm;
  s->error = mm->error;
  s->write_fn = sink_write;
  return s;
}

/* A stream object holding bytes already Flate-compressed; read in place
 * when borrow (the bytes must then outlive the document), else copied. */
static HPDF_Dict new_zstream(mf_pdf_doc *d, const mf_buf *z, bool borrow) {
  HPDF_Dict s = HPDF_DictStream_New(d->pdf->mmgr, d->pdf->xref);
  if (!s) return NULL;
  s->filter = HPDF_STREAM_FILTER_NONE;
  s->write_fn = declare_flate;
  if (borrow) {
    HPDF_Stream in = borrowed_new(d->pdf->mmgr, z);
    if (!in) return NULL;
    HPDF_Stream_Free(s->stream);
    s->stream = in;
  } else if (z->len && HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)z->data,
                                         (HPDF_UINT)z->len) != HPDF_OK) {
    return NULL;
  }
  return s;
}

static HPDF_Array int_array(mf_pdf_doc *d, const int *v, int n) {
  HPDF_Array a = HPDF_Array_New(d->pdf->mmgr);
  for (int i = 0; a && i < n; i++) HPDF_Array_AddNumber(a, v[i]);
  return a;
}

/* Parses the "[c [w w …] c [w …] …]" text of a font's widths (as
 * pdf_font.c writes it) into objects. */
static HPDF_Array widths_array(mf_pdf_doc *d, const mf_buf *w) {
  HPDF_Array outer = HPDF_Array_New(d->pdf->mmgr);
  if (!outer || w->len < 2 || w->data[0] != '[') return NULL;
  HPDF_Array cur = outer;
  const char *s = w->data + 1;
  for (;;) {
    while (*s == ' ') s++;
    if (*s == '[') {
      if (cur != outer) return NULL;
      cur = HPDF_Array_New(d->pdf->mmgr);
      if (!cur || HPDF_Array_Add(outer, cur) != HPDF_OK) return NULL;
      s++;
    } else if (*s == ']') {
      if (cur == outer) return outer;
      cur = outer;
      s++;
    } else {
      char *end;
      long v = strtol(s, &end, 10);
      if (end == s) return NULL;
      HPDF_Array_AddNumber(cur, (HPDF_INT32)v);
      s = end;
    }
  }
}

/* The stream object *s holding z (copied): made, or emptied and filled
 * again when a save embeds the font anew. */
static bool fill_zstream(mf_pdf_doc *d, HPDF_Dict *s, const mf_buf *z) {
  if (!*s) return (*s = new_zstream(d, z, false)) != NULL;
  HPDF_MemStream_FreeData((*s)->stream);
  return !z->len || HPDF_Stream_Write((*s)->stream, (const HPDF_BYTE *)z->data,
                                      (HPDF_UINT)z->len) == HPDF_OK;
}

/* The /CIDSet of a font whose CIDs are 0 (.notdef) to n: one bit per CID,
 * the high bit of the first byte for CID 0.  Filled again when a save embeds
 * the font anew. */
static myna_status add_cidset(mf_pdf_doc *d, HPDF_Dict desc, font_objs *o, size_t n) {
  size_t nbytes = (n + 1 + 7) / 8;
  unsigned char *bits = mf_calloc(nbytes, 1);
  if (!bits) return mf_fail(d->ctx, MYNA_ERR_NOMEM, "out of memory");
  for (size_t cid = 0; cid <= n; cid++) bits[cid / 8] |= (unsigned char)(0x80u >> (cid % 8));
  bool ok;
  if (!o->cidset) {
    ok = (o->cidset = raw_stream(d, bits, nbytes)) != NULL;
  } else {
    HPDF_MemStream_FreeData(o->cidset->stream);
    ok = HPDF_Stream_Write(o->cidset->stream, bits, (HPDF_UINT)nbytes) == HPDF_OK;
  }
  free(bits);
  if (!ok || HPDF_Dict_Add(desc, "CIDSet", o->cidset) != HPDF_OK)
    return hpdf_fail(d, "embedding a font");
  return MYNA_OK;
}

/* Fills type0 (Type0 → CIDFontType2 → descriptor, FontFile2, CIDToGIDMap,
 * ToUnicode) from a compressed font blob.  objs: the objects under type0,
 * all NULL the first time (then made); borrow (bytes the cache owns, read
 * in place) only for a font embedded once.  ncids: the font's CIDs (1…n),
 * for the /CIDSet of a PDF/A document. */
static myna_status embed_blob(mf_pdf_doc *d, HPDF_Dict type0, font_objs *o,
                              const mf_font_blob *b, bool borrow, size_t ncids) {
  HPDF_MMgr mm = d->pdf->mmgr;
  bool fresh = !o->desc;
  if (borrow && !fresh) return mf_fail(d->ctx, MYNA_ERR_INTERNAL, "PDF: font embedded twice");
  if (borrow) {
    o->file = new_zstream(d, &b->zttf, true);
    o->c2g = new_zstream(d, &b->zc2g, true);
    o->tou = new_zstream(d, &b->ztou, true);
  } else if (!fill_zstream(d, &o->file, &b->zttf) || !fill_zstream(d, &o->c2g, &b->zc2g) ||
             !fill_zstream(d, &o->tou, &b->ztou)) {
    return hpdf_fail(d, "embedding a font");
  }
  if (fresh) {
    o->desc = HPDF_Dict_New(mm);
    o->cid = HPDF_Dict_New(mm);
    if (o->desc) HPDF_Xref_Add(d->pdf->xref, o->desc);
    if (o->cid) HPDF_Xref_Add(d->pdf->xref, o->cid);
  }
  HPDF_Dict file = o->file, c2g = o->c2g, tou = o->tou, desc = o->desc, cid = o->cid;
  HPDF_Dict info = HPDF_Dict_New(mm);
  HPDF_Array desc_arr = HPDF_Array_New(mm);
  HPDF_Array w = widths_array(d, &b->widths);
  if (!file || !c2g || !tou || !desc || !cid || !info || !desc_arr || !w || d->hpdf_error)
    return hpdf_fail(d, "embedding a font");
  const mf_face_metrics *m = &b->m;
  HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)b->ttf_len);
  HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
  HPDF_Dict_AddName(desc, "FontName", b->base_font);
  HPDF_Dict_AddNumber(desc, "Flags", 4); /* symbolic */
  HPDF_Dict_Add(desc, "FontBBox", int_array(d, m->bbox, 4));
  HPDF_Dict_AddNumber(desc, "ItalicAngle", m->italic_angle);
  HPDF_Dict_AddNumber(desc, "Ascent", m->ascent);
  HPDF_Dict_AddNumber(desc, "Descent", m->descent);
  HPDF_Dict_AddNumber(desc, "CapHeight", m->cap_height);
  HPDF_Dict_AddNumber(desc, "StemV", m->stem_v);
  HPDF_Dict_Add(desc, "FontFile2", file);
  if (d->pdfa) { /* PDF/A-1: a subset font says which CIDs it has */
    myna_status st = add_cidset(d, desc, o, ncids);
    if (st != MYNA_OK) return st;
  }

  /* Registry and Ordering are strings, not names, in CIDSystemInfo. */
  HPDF_Dict_Add(info, "Registry", HPDF_String_New(mm, "Adobe", NULL));
  HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mm, "Identity", NULL));
  HPDF_Dict_AddNumber(info, "Supplement", 0);

  HPDF_Dict_AddName(cid, "Type", "Font");
  HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
  HPDF_Dict_AddName(cid, "BaseFont", b->base_font);
  HPDF_Dict_Add(cid, "CIDSystemInfo", info);
  HPDF_Dict_Add(cid, "FontDescriptor", desc);
  HPDF_Dict_AddNumber(cid, "DW", MF_PDF_DEFAULT_WIDTH);
  HPDF_Dict_Add(cid, "W", w);
  HPDF_Dict_Add(cid, "CIDToGIDMap", c2g);

  HPDF_Dict_AddName(type0, "Type", "Font");
  HPDF_Dict_AddName(type0, "Subtype", "Type0");
  HPDF_Dict_AddName(type0, "BaseFont", b->base_font);
  HPDF_Dict_AddName(type0, "Encoding", "Identity-H");
  HPDF_Array_Add(desc_arr, cid);
  HPDF_Dict_Add(type0, "DescendantFonts", desc_arr);
  HPDF_Dict_Add(type0, "ToUnicode", tou);
  return d->hpdf_error ? hpdf_fail(d, "embedding a font") : MYNA_OK;
}

/* Subsets the font and compresses its pieces into b (initialised). */
static myna_status build_blob(mf_pdf_doc *d, const mf_pdf_font *font, mf_font_blob *b,
                              bool best) {
  mf_font_program fp;
  mf_font_program_init(&fp);
  myna_status st = mf_pdf_font_build(d->ctx, font, &fp);
  if (st == MYNA_OK) {
    memcpy(b->base_font, fp.base_font, sizeof b->base_font);
    b->m = fp.m;
    b->ttf_len = fp.ttf.len;
    mf_buf_append(&b->widths, fp.widths.data, fp.widths.len);
    if (!mf_deflate(d->cache, &fp.ttf, &b->zttf, best) ||
        !mf_deflate(d->cache, &fp.cid_to_gid, &b->zc2g, best) ||
        !mf_deflate(d->cache, &fp.to_unicode, &b->ztou, best) || !mf_buf_ok(&b->widths))
      st = mf_fail(d->ctx, MYNA_ERR_NOMEM, "out of memory");
  }
  mf_font_program_free(&fp);
  return st;
}

/* ------------------------------------------------------------ the layers */

/* Writes the text runs of p into o.  A glyph the page's static
 * layer u already has is drawn with the static font (no copy of it in the
 * record's own fonts); the others with the data-layer font of its face. */
static myna_status data_ops(mf_pdf_doc *d, HPDF_Page page, const mf_page *p,
                            const static_use *u, mf_buf *o, double ph) {
  for (size_t r = 0; r < p->nruns; r++) {
    const mf_run *run = &p->runs[r];
    if (!run->ng || run->hidden) continue;
    const mf_pdf_font *sf = u ? u->cids[run->face] : NULL;
    uint32_t k = 0;
    while (k < run->ng) {
      /* the longest stretch drawn from one source */
      bool in_static = false;
      uint32_t e = k;
      for (; e < run->ng; e++) {
        const mf_pglyph *g = &p->glyphs[run->g0 + e];
        bool st = sf && mf_pdf_font_find(sf, g->gid, mf_pglyph_text(p, g), g->text_len);
        if (e == k) in_static = st;
        else if (st != in_static) break;
      }
      myna_status rc;
      if (in_static) {
        char name[8];
        snprintf(name, sizeof name, "SF%d", run->face);
        rc = run_ops(d, o, p, run, k, e, NULL, sf, name, ph);
      } else {
        font_slot *s = slot_for(d, run->face);
        if (!s) return mf_fail(d->ctx, MYNA_ERR_NOMEM, "PDF: out of memory");
        if (page_use_font(page, s->name, s->type0) != HPDF_OK)
          return hpdf_fail(d, "adding a font");
        rc = run_ops(d, o, p, run, k, e, s->font, NULL, s->name, ph);
      }
      if (rc != MYNA_OK) return rc;
      k = e;
    }
  }
  return MYNA_OK;
}

/* Builds the static layer of a template page: graphics drawn by libharu on
 * a scratch page (uncompressed, so the bytes can be read back), then the
 * text as glyph IDs of fonts of its own; everything compressed into b. */
static myna_status build_static(mf_pdf_doc *d, const mf_page *sp, mf_static_blob *b) {
  double ph = MF_A4_H;
  mf_buf ops;
  mf_buf_init(&ops);
  myna_status st = MYNA_OK;

  HPDF_Doc scratch = new_hpdf(d, false);
  HPDF_Page page = scratch ? HPDF_AddPage(scratch) : NULL;
  if (!page) st = hpdf_fail(d, "drawing the static layer");
  if (st == MYNA_OK) {
    draw_graphics(page, sp, ph);
    HPDF_Dict c = page_contents(page);
    if (!c || d->hpdf_error) st = hpdf_fail(d, "drawing the static layer");
    for (HPDF_UINT i = 0; st == MYNA_OK && i < HPDF_MemStream_GetBufCount(c->stream); i++) {
      HPDF_UINT len = 0;
      HPDF_BYTE *bytes = HPDF_MemStream_GetBufPtr(c->stream, i, &len);
      mf_buf_append(&ops, bytes, len);
    }
  }
  if (scratch) HPDF_Free(scratch);

  mf_pdf_font *fonts[MF_FACE_COUNT] = {NULL};
  if (st == MYNA_OK) mf_buf_puts(&ops, "\nq 0 g\n");
  for (size_t r = 0; st == MYNA_OK && r < sp->nruns; r++) {
    const mf_run *run = &sp->runs[r];
    if (!run->ng) continue;
    if (!fonts[run->face] && !(fonts[run->face] = mf_pdf_font_new(&d->fs->faces[run->face]))) {
      st = mf_fail(d->ctx, MYNA_ERR_NOMEM, "out of memory");
      break;
    }
    if (run->hidden) { /* only make its glyphs available */
      for (uint32_t k = 0; k < run->ng; k++) {
        const mf_pglyph *g = &sp->glyphs[run->g0 + k];
        if (!mf_pdf_font_cid(fonts[run->face], g->gid, g->adv,
                             mf_pglyph_text(sp, g), g->text_len))
          st = mf_fail(d->ctx, MYNA_ERR_NOMEM, "out of memory");
      }
      continue;
    }
    char name[8];
    snprintf(name, sizeof name, "SF%d", run->face);
    st = run_ops(d, &ops, sp, run, 0, run->ng, fonts[run->face], NULL, name, ph);
  }
  if (st == MYNA_OK) {
    mf_buf_puts(&ops, "Q\n");
    if (!mf_buf_ok(&ops) || !mf_deflate(d->cache, &ops, &b->zcontent, true))
      st = mf_fail(d->ctx, MYNA_ERR_NOMEM, "out of memory");
  }
  for (int f = 0; f < MF_FACE_COUNT; f++) {
    if (st == MYNA_OK && fonts[f] && mf_pdf_font_count(fonts[f])) {
      b->has_face[f] = true;
      st = build_blob(d, fonts[f], &b->fonts[f], true);
      b->cids[f] = fonts[f]; /* kept: data text looks its glyphs up */
    } else {
      mf_pdf_font_free(fonts[f]);
    }
  }
  mf_buf_free(&ops);
  return st;
}

/* The static layer of template key in this document: built (or taken from
 * the context's cache) on first use, then shared by every page. */
static myna_status use_static(mf_pdf_doc *d, const void *key, const mf_page *sp,
                              static_use **out) {
  for (size_t i = 0; i < d->nstatics; i++)
    if (d->statics[i].key == key) {
      *out = &d->statics[i];
      return MYNA_OK;
    }
  if (d->nstatics >= MAX_STATICS)
    return mf_fail(d->ctx, MYNA_ERR_LIMIT, "PDF: more than %d templates in one document",
                   MAX_STATICS);
  const mf_static_blob *b = d->cache ? mf_static_cache_get(d->cache, key) : NULL;
  mf_static_blob local;
  if (!b && !sp)
    return mf_fail(d->ctx, MYNA_ERR_INTERNAL, "PDF: static layer neither cached nor laid out");
  if (!b) {
    mf_static_blob *nb = d->cache ? mf_static_cache_put(d->cache, key) : NULL;
    if (!nb) {
      memset(&local, 0, sizeof local);
      mf_buf_init(&local.zcontent);
      for (int f = 0; f < MF_FACE_COUNT; f++) mf_font_blob_init(&local.fonts[f]);
      nb = &local;
    }
    myna_status st = build_static(d, sp, nb);
    if (st != MYNA_OK) {
      nb->key = NULL; /* never hand out a half-built entry: no template is at NULL */
      for (int f = 0; f < MF_FACE_COUNT && nb == &local; f++) mf_pdf_font_free(local.cids[f]);
      return st;
    }
    b = nb;
  }
  static_use *u = &d->statics[d->nstatics];
  memset(u, 0, sizeof *u);
  u->key = key;
  for (int f = 0; f < MF_FACE_COUNT; f++) u->cids[f] = b->cids[f];
  u->owns_cids = b == &local;
  bool cached = b != &local; /* the cache's bytes outlive the document */
  u->content = new_zstream(d, &b->zcontent, cached);
  myna_status st = u->content ? MYNA_OK : hpdf_fail(d, "adding the static layer");
  for (int f = 0; st == MYNA_OK && f < MF_FACE_COUNT; f++) {
    if (!b->has_face[f]) continue;
    u->type0[f] = HPDF_Dict_New(d->pdf->mmgr);
    if (!u->type0[f] || HPDF_Xref_Add(d->pdf->xref, u->type0[f]) != HPDF_OK)
      st = hpdf_fail(d, "adding a font");
    else {
      font_objs objs = {0};
      st = embed_blob(d, u->type0[f], &objs, &b->fonts[f], cached,
                      mf_pdf_font_count(b->cids[f]));
    }
  }
  if (b == &local) {
    mf_buf_free(&local.zcontent);
    for (int f = 0; f < MF_FACE_COUNT; f++) mf_font_blob_free(&local.fonts[f]);
  }
  if (st != MYNA_OK) {
    for (int f = 0; f < MF_FACE_COUNT && u->owns_cids; f++) mf_pdf_font_free(u->cids[f]);
    return st;
  }
  d->nstatics++;
  *out = u;
  return MYNA_OK;
}

/* A new A4 page whose own content stream receives the data layer. */
static myna_status new_page(mf_pdf_doc *d, HPDF_Page *out) {
  HPDF_Page page = HPDF_AddPage(d->pdf);
  if (!page) return hpdf_fail(d, "adding a page");
  HPDF_Page_SetWidth(page, (HPDF_REAL)MF_A4_W);
  HPDF_Page_SetHeight(page, (HPDF_REAL)MF_A4_H);
  *out = page;
  return MYNA_OK;
}

/* Draws the data layer p onto page: its rules and boxes with libharu into
 * the page's own stream, its text and QR codes into a stream of their own,
 * compressed with libdeflate and appended to /Contents. */
static myna_status draw_data(mf_pdf_doc *d, HPDF_Page page, HPDF_Array contents,
                             const static_use *u, const mf_page *p) {
  double ph = MF_A4_H;
  draw_graphics(page, p, ph);
  if (d->hpdf_error) return hpdf_fail(d, "drawing rules");
  mf_buf_reset(&d->ops);
  mf_buf_puts(&d->ops, "q 0 g\n");
  myna_status st = data_ops(d, page, p, u, &d->ops, ph);
  if (st != MYNA_OK) return st;
  mf_buf_puts(&d->ops, "Q\n");
  mf_buf z;
  mf_buf_init(&z);
  if (!mf_buf_ok(&d->ops) || !mf_deflate(d->cache, &d->ops, &z, false)) {
    mf_buf_free(&z);
    return mf_fail(d->ctx, MYNA_ERR_NOMEM, "out of memory");
  }
  HPDF_Dict zs = new_zstream(d, &z, false);
  mf_buf_free(&z);
  if (!zs || HPDF_Array_Add(contents, zs) != HPDF_OK) return hpdf_fail(d, "writing text");
  for (size_t i = 0; i < p->nqrs; i++) { /* each QR code: a stream of its own */
    HPDF_Dict qs = NULL;
    st = qr_stream(d, &p->qrs[i], ph, &qs);
    if (st != MYNA_OK) return st;
    if (HPDF_Array_Add(contents, qs) != HPDF_OK) return hpdf_fail(d, "writing a QR code");
  }
  return MYNA_OK;
}

myna_status mf_pdf_doc_add_page(mf_pdf_doc *d, const mf_page *p) {
  if (!mf_page_ok(p)) return mf_fail(d->ctx, MYNA_ERR_NOMEM, "out of memory");
  HPDF_Page page = NULL;
  myna_status st = new_page(d, &page);
  HPDF_Dict own = st == MYNA_OK ? page_contents(page) : NULL;
  HPDF_Array arr = HPDF_Array_New(d->pdf->mmgr);
  if (st == MYNA_OK && (!own || !arr || HPDF_Array_Add(arr, own) != HPDF_OK ||
                        HPDF_Dict_Add(page, "Contents", arr) != HPDF_OK))
    st = hpdf_fail(d, "finding /Contents");
  if (st == MYNA_OK) st = draw_data(d, page, arr, NULL, p);
  if (st == MYNA_OK) d->pages++;
  return st;
}

myna_status mf_pdf_doc_add_layered(mf_pdf_doc *d, const void *key,
                                   const mf_page *static_page, const mf_page *data_page) {
  if ((static_page && !mf_page_ok(static_page)) || !mf_page_ok(data_page))
    return mf_fail(d->ctx, MYNA_ERR_NOMEM, "out of memory");
  static_use *u;
  myna_status st = use_static(d, key, static_page, &u);
  HPDF_Page page = NULL;
  if (st == MYNA_OK) st = new_page(d, &page);
  if (st != MYNA_OK) return st;
  for (int f = 0; f < MF_FACE_COUNT; f++) {
    if (!u->type0[f]) continue;
    char name[8];
    snprintf(name, sizeof name, "SF%d", f);
    if (page_use_font(page, name, u->type0[f]) != HPDF_OK)
      return hpdf_fail(d, "adding a font");
  }
  /* /Contents: [static layer, the page's own stream, the data text] */
  HPDF_Dict own = page_contents(page);
  HPDF_Array arr = HPDF_Array_New(d->pdf->mmgr);
  if (!own || !arr || HPDF_Array_Add(arr, u->content) != HPDF_OK ||
      HPDF_Array_Add(arr, own) != HPDF_OK || HPDF_Dict_Add(page, "Contents", arr) != HPDF_OK)
    return hpdf_fail(d, "adding the static layer");
  st = draw_data(d, page, arr, u, data_page);
  if (st == MYNA_OK) d->pages++;
  return st;
}

myna_status mf_pdf_doc_save(mf_pdf_doc *d, mf_buf *out) {
  if (d->pdfa && !d->pdfa_written) {
    myna_status st = write_pdfa(d);
    if (st != MYNA_OK) return st;
    d->pdfa_written = true;
  }
  for (int f = 0; f < MF_FACE_COUNT; f++) {
    font_slot *s = &d->fonts[f];
    size_t n = s->font ? mf_pdf_font_count(s->font) : 0;
    if (!n || n == s->embedded) continue; /* unused, or embedded as it is */
    mf_font_blob b;
    mf_font_blob_init(&b);
    myna_status st = build_blob(d, s->font, &b, false);
    if (st == MYNA_OK) st = embed_blob(d, s->type0, &s->objs, &b, false, n);
    mf_font_blob_free(&b);
    if (st != MYNA_OK) return st;
    s->embedded = n;
  }
  if (!d->pdf->stream && !(d->pdf->stream = sink_new(d->pdf->mmgr)))
    return hpdf_fail(d, "saving");
  d->pdf->stream->attr = d;
  d->pdf->stream->size = 0;
  size_t start = out->len;
  d->out = out;
  d->out_start = start;
  bool ok = HPDF_SaveToStream(d->pdf) == HPDF_OK && mf_buf_ok(out);
  d->out = NULL;
  d->pdf->stream->attr = NULL;
  if (!ok) {
    out->len = start;
    return mf_buf_ok(out) ? hpdf_fail(d, "saving")
                          : mf_fail(d->ctx, MYNA_ERR_NOMEM, "out of memory");
  }
  return MYNA_OK;
}
