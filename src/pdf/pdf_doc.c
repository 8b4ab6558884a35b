/*
 * pdf_doc.c — writing the PDF with libharu.  The only file that includes
 * libharu's headers.
 *
 * libharu makes the document, the page tree, the rules and boxes, the
 * compression and the cross-reference table.  Its own Unicode text path
 * cannot show non-BMP characters, variation sequences or any glyph that is
 * not reached through the cmap, so text is written here as glyph IDs:
 * each face used gets a Type0 font (Identity-H) built from the pieces
 * pdf_font.c makes, added through libharu's object layer (hpdf_objects.h),
 * and the text operators go straight into the page's content stream.
 *
 * Version notes: the page's content stream is reached through the page
 * dictionary's /Contents entry (HPDF_PageAttr changed layout in 2.4); the
 * generic dict/stream structs are the same in 2.3 and 2.4.
 */
#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/font_cache.h"
#include "pdf/pdf_doc.h"
#include "pdf/pdf_font.h"
#include "pdf/qr.h"

#define NLAYERS 2

typedef struct font_slot {
  mf_pdf_font *font;
  HPDF_Dict type0; /* indirect object, filled in at save */
  char name[16];   /* resource name, e.g. "MF1" */
} font_slot;

struct mf_pdf_doc {
  myna_ctx *ctx;
  mf_fontset *fs;
  mf_font_cache *cache;
  HPDF_Doc pdf;
  HPDF_STATUS hpdf_error, hpdf_detail;
  font_slot fonts[MF_FACE_COUNT][NLAYERS];
  size_t pages;
  mf_buf ops; /* operators of the page being drawn */
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

myna_status mf_pdf_doc_new(myna_ctx *ctx, mf_fontset *fs, mf_font_cache *cache,
                           mf_pdf_doc **out) {
  *out = NULL;
  mf_pdf_doc *d = mf_calloc(1, sizeof *d);
  if (!d) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  d->ctx = ctx;
  d->fs = fs;
  d->cache = cache;
  mf_buf_init(&d->ops);
  d->pdf = HPDF_New(on_hpdf_error, d);
  if (!d->pdf) {
    free(d);
    return mf_fail(ctx, MYNA_ERR_NOMEM, "PDF: out of memory");
  }
  d->pdf->pdf_version = HPDF_VER_14;
  HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
  HPDF_SetInfoAttr(d->pdf, HPDF_INFO_PRODUCER, "mynaform " MYNA_VERSION_STRING);
  if (d->hpdf_error) {
    myna_status st = hpdf_fail(d, "creating the document");
    mf_pdf_doc_free(d);
    return st;
  }
  *out = d;
  return MYNA_OK;
}

void mf_pdf_doc_free(mf_pdf_doc *d) {
  if (!d) return;
  for (int f = 0; f < MF_FACE_COUNT; f++)
    for (int l = 0; l < NLAYERS; l++) mf_pdf_font_free(d->fonts[f][l].font);
  if (d->pdf) HPDF_Free(d->pdf);
  mf_buf_free(&d->ops);
  free(d);
}

size_t mf_pdf_doc_page_count(const mf_pdf_doc *d) { return d->pages; }

/* The font slot for (face, layer), created on first use. */
static font_slot *slot_for(mf_pdf_doc *d, int face, int layer) {
  font_slot *s = &d->fonts[face][layer];
  if (s->font) return s;
  s->font = mf_pdf_font_new(&d->fs->faces[face]);
  if (!s->font) return NULL;
  s->type0 = HPDF_Dict_New(d->pdf->mmgr);
  if (!s->type0 || HPDF_Xref_Add(d->pdf->xref, s->type0) != HPDF_OK) {
    s->type0 = NULL;
    return NULL;
  }
  snprintf(s->name, sizeof s->name, "MF%d", face * NLAYERS + layer + 1);
  return s;
}

/* Adds the slot's font to the page's /Resources /Font dictionary. */
static HPDF_STATUS page_use_font(HPDF_Page page, font_slot *s) {
  HPDF_Dict res = HPDF_Page_GetInheritableItem(page, "Resources", HPDF_OCLASS_DICT);
  if (!res) return HPDF_INVALID_OBJECT;
  HPDF_Dict fonts = HPDF_Dict_GetItem(res, "Font", HPDF_OCLASS_DICT);
  if (!fonts) {
    fonts = HPDF_Dict_New(page->mmgr);
    if (!fonts || HPDF_Dict_Add(res, "Font", fonts) != HPDF_OK)
      return HPDF_FAILD_TO_ALLOC_MEM;
  }
  if (HPDF_Dict_GetItem(fonts, s->name, HPDF_OCLASS_DICT)) return HPDF_OK;
  return HPDF_Dict_Add(fonts, s->name, s->type0);
}

/* Text runs: BT … TJ ET inside q … Q, glyphs as 2-byte CIDs, positions
 * kept exact with TJ adjustments against the /W widths. */
static myna_status draw_runs(mf_pdf_doc *d, HPDF_Page page, const mf_page *p,
                             double ph) {
  mf_buf *o = &d->ops;
  for (size_t r = 0; r < p->nruns; r++) {
    const mf_run *run = &p->runs[r];
    if (!run->ng) continue;
    font_slot *s = slot_for(d, run->face, run->layer);
    if (!s) return mf_fail(d->ctx, MYNA_ERR_NOMEM, "PDF: out of memory");
    if (page_use_font(page, s) != HPDF_OK) return hpdf_fail(d, "adding a font");
    double size = run->size;
    mf_buf_printf(o, "BT /%s ", s->name);
    mf_buf_num(o, size, 3);
    mf_buf_puts(o, " Tf\n");
    double pen = 0, cur_y = 1e9;
    bool open = false;
    for (uint32_t k = 0; k < run->ng; k++) {
      const mf_pglyph *g = &p->glyphs[run->g0 + k];
      uint32_t cid = mf_pdf_font_cid(s->font, g->gid, g->adv,
                                     p->text.data + g->text_off, g->text_len);
      if (!cid)
        return mf_fail(d->ctx, MYNA_ERR_PDF,
                       "PDF: more than 65535 distinct glyphs in one font");
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
      mf_buf_printf(o, "<%04X>", (unsigned)cid);
      double w = g->adv * 1000.0;
      int wi = (int)(w < 0 ? w - 0.5 : w + 0.5);
      pen += wi * size / 1000.0;
    }
    if (open) mf_buf_puts(o, "] TJ\n");
    mf_buf_puts(o, "ET\n");
  }
  return MYNA_OK;
}

/* A QR code as vector squares: each row's dark runs as rectangles. */
static myna_status draw_qr(mf_pdf_doc *d, const mf_qr *q, double ph) {
  mf_qr_matrix m;
  myna_status st = mf_qr_encode(d->ctx, q->text, &m);
  if (st != MYNA_OK) return st;
  mf_buf *o = &d->ops;
  double mod = q->size / (m.width + 2 * MF_QR_QUIET);
  double x0 = q->x + MF_QR_QUIET * mod, y0 = q->y + MF_QR_QUIET * mod;
  mf_buf_puts(o, "q 0 g\n");
  for (int y = 0; y < m.width; y++) {
    for (int x = 0; x < m.width;) {
      if (!m.dark[y * m.width + x]) {
        x++;
        continue;
      }
      int e = x;
      while (e < m.width && m.dark[y * m.width + e]) e++;
      mf_buf_num(o, x0 + x * mod, 3);
      mf_buf_putc(o, ' ');
      mf_buf_num(o, ph - (y0 + (y + 1) * mod), 3);
      mf_buf_putc(o, ' ');
      mf_buf_num(o, (e - x) * mod, 3);
      mf_buf_putc(o, ' ');
      mf_buf_num(o, mod, 3);
      mf_buf_puts(o, " re\n");
      x = e;
    }
  }
  mf_buf_puts(o, "f Q\n");
  mf_qr_matrix_free(&m);
  return MYNA_OK;
}

myna_status mf_pdf_doc_add_page(mf_pdf_doc *d, const mf_page *p) {
  if (!mf_page_ok(p)) return mf_fail(d->ctx, MYNA_ERR_NOMEM, "out of memory");
  HPDF_Page page = HPDF_AddPage(d->pdf);
  if (!page) return hpdf_fail(d, "adding a page");
  HPDF_Page_SetWidth(page, (HPDF_REAL)MF_A4_W);
  HPDF_Page_SetHeight(page, (HPDF_REAL)MF_A4_H);
  double ph = MF_A4_H;

  /* Filled boxes first, then rules, then text on top. */
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
  if (d->hpdf_error) return hpdf_fail(d, "drawing rules");

  mf_buf_reset(&d->ops);
  mf_buf_puts(&d->ops, "q 0 g\n");
  myna_status st = draw_runs(d, page, p, ph);
  for (size_t i = 0; st == MYNA_OK && i < p->nqrs; i++)
    st = draw_qr(d, &p->qrs[i], ph);
  if (st != MYNA_OK) return st;
  mf_buf_puts(&d->ops, "Q\n");
  if (!mf_buf_ok(&d->ops)) return mf_fail(d->ctx, MYNA_ERR_NOMEM, "out of memory");

  HPDF_Dict contents = HPDF_Dict_GetItem(page, "Contents", HPDF_OCLASS_DICT);
  if (!contents || !contents->stream) return hpdf_fail(d, "finding /Contents");
  if (HPDF_Stream_Write(contents->stream, (const HPDF_BYTE *)d->ops.data,
                        (HPDF_UINT)d->ops.len) != HPDF_OK)
    return hpdf_fail(d, "writing text");
  d->pages++;
  return MYNA_OK;
}

/* libharu rebuilds /Filter from its own filter field when it writes a
 * stream (and removes it for unfiltered streams), so the filter of bytes
 * compressed beforehand is declared from the dict's write hook, which runs
 * after the dict's items and before its ">>". */
static HPDF_STATUS declare_flate(HPDF_Dict dict, HPDF_Stream out) {
  (void)dict;
  return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* A stream object holding bytes already Flate-compressed. */
static HPDF_Dict new_zstream(mf_pdf_doc *d, const mf_buf *z) {
  HPDF_Dict s = HPDF_DictStream_New(d->pdf->mmgr, d->pdf->xref);
  if (!s) return NULL;
  s->filter = HPDF_STREAM_FILTER_NONE;
  s->write_fn = declare_flate;
  if (z->len && HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)z->data,
                                  (HPDF_UINT)z->len) != HPDF_OK)
    return NULL;
  return s;
}

static HPDF_Array int_array(mf_pdf_doc *d, const int *v, int n) {
  HPDF_Array a = HPDF_Array_New(d->pdf->mmgr);
  for (int i = 0; a && i < n; i++) HPDF_Array_AddNumber(a, v[i]);
  return a;
}

/* Parses the "[1 [w w …]]" text of mf_font_program.widths into objects. */
static HPDF_Array widths_array(mf_pdf_doc *d, const mf_buf *w) {
  HPDF_Array outer = HPDF_Array_New(d->pdf->mmgr);
  HPDF_Array inner = HPDF_Array_New(d->pdf->mmgr);
  if (!outer || !inner) return NULL;
  HPDF_Array_AddNumber(outer, 1);
  const char *s = w->data + 4; /* after "[1 [" */
  while (*s && *s != ']') {
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s) break;
    HPDF_Array_AddNumber(inner, (HPDF_INT32)v);
    s = end;
    while (*s == ' ') s++;
  }
  HPDF_Array_Add(outer, inner);
  return outer;
}

/* The PDF objects of one font from its (compressed) pieces. */
static myna_status embed_objects(mf_pdf_doc *d, font_slot *s, const char *base_font,
                                 const mf_face_metrics *m, HPDF_Dict file,
                                 size_t ttf_len, HPDF_Dict c2g, HPDF_Dict tou,
                                 const mf_buf *widths) {
  HPDF_MMgr mm = d->pdf->mmgr;
  HPDF_Dict desc = HPDF_Dict_New(mm);
  HPDF_Dict cid = HPDF_Dict_New(mm);
  HPDF_Dict info = HPDF_Dict_New(mm);
  HPDF_Array desc_arr = HPDF_Array_New(mm);
  HPDF_Array w = widths_array(d, widths);
  if (!file || !c2g || !tou || !desc || !cid || !info || !desc_arr || !w)
    return hpdf_fail(d, "embedding a font");
  HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)ttf_len);
  HPDF_Xref_Add(d->pdf->xref, desc);
  HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
  HPDF_Dict_AddName(desc, "FontName", base_font);
  HPDF_Dict_AddNumber(desc, "Flags", 4); /* symbolic */
  HPDF_Dict_Add(desc, "FontBBox", int_array(d, m->bbox, 4));
  HPDF_Dict_AddNumber(desc, "ItalicAngle", m->italic_angle);
  HPDF_Dict_AddNumber(desc, "Ascent", m->ascent);
  HPDF_Dict_AddNumber(desc, "Descent", m->descent);
  HPDF_Dict_AddNumber(desc, "CapHeight", m->cap_height);
  HPDF_Dict_AddNumber(desc, "StemV", m->stem_v);
  HPDF_Dict_Add(desc, "FontFile2", file);

  /* Registry and Ordering are strings, not names, in CIDSystemInfo. */
  HPDF_Dict_Add(info, "Registry", HPDF_String_New(mm, "Adobe", NULL));
  HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mm, "Identity", NULL));
  HPDF_Dict_AddNumber(info, "Supplement", 0);

  HPDF_Xref_Add(d->pdf->xref, cid);
  HPDF_Dict_AddName(cid, "Type", "Font");
  HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
  HPDF_Dict_AddName(cid, "BaseFont", base_font);
  HPDF_Dict_Add(cid, "CIDSystemInfo", info);
  HPDF_Dict_Add(cid, "FontDescriptor", desc);
  HPDF_Dict_AddNumber(cid, "DW", 1000);
  HPDF_Dict_Add(cid, "W", w);
  HPDF_Dict_Add(cid, "CIDToGIDMap", c2g);

  HPDF_Dict_AddName(s->type0, "Type", "Font");
  HPDF_Dict_AddName(s->type0, "Subtype", "Type0");
  HPDF_Dict_AddName(s->type0, "BaseFont", base_font);
  HPDF_Dict_AddName(s->type0, "Encoding", "Identity-H");
  HPDF_Array_Add(desc_arr, cid);
  HPDF_Dict_Add(s->type0, "DescendantFonts", desc_arr);
  HPDF_Dict_Add(s->type0, "ToUnicode", tou);
  return d->hpdf_error ? hpdf_fail(d, "embedding a font") : MYNA_OK;
}

/* Builds the font program of a slot and compresses its pieces into b. */
static myna_status build_blob(mf_pdf_doc *d, font_slot *s, mf_font_blob *b) {
  mf_font_program fp;
  mf_font_program_init(&fp);
  myna_status st = mf_pdf_font_build(d->ctx, s->font, &fp);
  if (st == MYNA_OK) {
    memcpy(b->base_font, fp.base_font, sizeof b->base_font);
    b->m = fp.m;
    b->ttf_len = fp.ttf.len;
    mf_buf_append(&b->widths, fp.widths.data, fp.widths.len);
    if (!mf_deflate(&fp.ttf, &b->zttf) || !mf_deflate(&fp.cid_to_gid, &b->zc2g) ||
        !mf_deflate(&fp.to_unicode, &b->ztou) || !mf_buf_ok(&b->widths))
      st = mf_fail(d->ctx, MYNA_ERR_NOMEM, "out of memory");
  }
  mf_font_program_free(&fp);
  return st;
}

static myna_status embed_blob(mf_pdf_doc *d, font_slot *s, const mf_font_blob *b) {
  return embed_objects(d, s, b->base_font, &b->m, new_zstream(d, &b->zttf), b->ttf_len,
                       new_zstream(d, &b->zc2g), new_zstream(d, &b->ztou), &b->widths);
}

/* Static text's fonts come from the context's cache (the same bytes for
 * every document of the same templates); others are built here. */
static myna_status embed_font(mf_pdf_doc *d, font_slot *s, bool cacheable) {
  if (cacheable && d->cache) {
    uint64_t key = mf_pdf_font_key(s->font);
    const mf_font_blob *hit = mf_font_cache_get(d->cache, key);
    if (hit) return embed_blob(d, s, hit);
    mf_font_blob *b = mf_font_cache_put(d->cache, key);
    myna_status st = build_blob(d, s, b);
    if (st != MYNA_OK) {
      b->key = 0; /* never hand out a half-built entry */
      return st;
    }
    return embed_blob(d, s, b);
  }
  mf_font_blob b;
  memset(&b, 0, sizeof b);
  mf_buf_init(&b.zttf);
  mf_buf_init(&b.zc2g);
  mf_buf_init(&b.ztou);
  mf_buf_init(&b.widths);
  myna_status st = build_blob(d, s, &b);
  if (st == MYNA_OK) st = embed_blob(d, s, &b);
  mf_buf_free(&b.zttf);
  mf_buf_free(&b.zc2g);
  mf_buf_free(&b.ztou);
  mf_buf_free(&b.widths);
  return st;
}

myna_status mf_pdf_doc_save(mf_pdf_doc *d, mf_buf *out) {
  for (int f = 0; f < MF_FACE_COUNT; f++)
    for (int l = 0; l < NLAYERS; l++) {
      font_slot *s = &d->fonts[f][l];
      if (!s->font || !mf_pdf_font_count(s->font)) continue;
      myna_status st = embed_font(d, s, l == MF_LAYER_STATIC);
      if (st != MYNA_OK) return st;
    }
  if (HPDF_SaveToStream(d->pdf) != HPDF_OK) return hpdf_fail(d, "saving");
  HPDF_UINT32 size = HPDF_GetStreamSize(d->pdf);
  if (!mf_buf_reserve(out, size))
    return mf_fail(d->ctx, MYNA_ERR_NOMEM, "out of memory");
  HPDF_UINT32 got = size;
  if (HPDF_ReadFromStream(d->pdf, (HPDF_BYTE *)out->data + out->len, &got) !=
          HPDF_OK && got != size)
    return hpdf_fail(d, "reading the saved PDF");
  out->len += got;
  out->data[out->len] = '\0';
  return MYNA_OK;
}
