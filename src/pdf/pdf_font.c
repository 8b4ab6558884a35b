/*
 * pdf_font.c — CID allocation and font-program building for glyph-ID fonts.
 */
#include <hb-subset.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/shape.h"
#include "pdf/pdf_font.h"

#define MAX_CID 65535u

typedef struct entry {
  uint32_t gid;
  uint32_t text_off, text_len;
  int width; /* 1/1000 em */
} entry;

struct mf_pdf_font {
  mf_face *face;
  entry *e; /* e[cid - 1] */
  size_t n, cap;
  uint32_t *slots; /* hash table of cid (0 = empty), size nslots */
  size_t nslots;
  mf_buf text;
};

mf_pdf_font *mf_pdf_font_new(mf_face *face) {
  mf_pdf_font *f = mf_calloc(1, sizeof *f);
  if (!f) return NULL;
  f->face = face;
  mf_buf_init(&f->text);
  return f;
}


void mf_pdf_font_free(mf_pdf_font *f) {
  if (!f) return;
  free(f->e);
  free(f->slots);
  mf_buf_free(&f->text);
  free(f);
}

size_t mf_pdf_font_count(const mf_pdf_font *f) { return f->n; }

/* The source text of an entry ("" when the font holds no text at all:
 * never NULL + offset). */
static const char *entry_text(const mf_pdf_font *f, const entry *e) {
  return f->text.data ? f->text.data + e->text_off : "";
}

static uint32_t hash(uint32_t gid, const char *t, size_t n) {
  uint32_t h = 2166136261u ^ gid;
  h *= 16777619u;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)t[i];
    h *= 16777619u;
  }
  return h;
}

static bool rehash(mf_pdf_font *f) {
  size_t ns = f->nslots ? f->nslots * 2 : 256;
  uint32_t *s = mf_calloc(ns, sizeof *s);
  if (!s) return false;
  for (size_t c = 1; c <= f->n; c++) {
    const entry *e = &f->e[c - 1];
    size_t i = hash(e->gid, entry_text(f, e), e->text_len) & (ns - 1);
    while (s[i]) i = (i + 1) & (ns - 1);
    s[i] = (uint32_t)c;
  }
  free(f->slots);
  f->slots = s;
  f->nslots = ns;
  return true;
}

/* The slot of (gid, text) in the hash table: where its CID is, or the empty
 * slot where it would go.  The table must not be full. */
static size_t probe(const mf_pdf_font *f, uint32_t gid, const char *text, size_t len) {
  size_t i = hash(gid, text, len) & (f->nslots - 1);
  for (uint32_t c; (c = f->slots[i]) != 0; i = (i + 1) & (f->nslots - 1)) {
    const entry *e = &f->e[c - 1];
    if (e->gid == gid && e->text_len == len &&
        (len == 0 || memcmp(entry_text(f, e), text, len) == 0))
      break;
  }
  return i;
}

uint32_t mf_pdf_font_find(const mf_pdf_font *f, uint32_t gid, const char *text,
                          size_t len) {
  return f->nslots ? f->slots[probe(f, gid, text, len)] : 0;
}

uint32_t mf_pdf_font_add(mf_pdf_font *f, uint32_t gid, int width, const char *text,
                         size_t len) {
  if ((f->n + 1) * 2 > f->nslots && !rehash(f)) return 0;
  size_t i = probe(f, gid, text, len);
  if (f->slots[i]) return f->slots[i];
  if (f->n >= MAX_CID || len > UINT32_MAX) return 0;
  if (f->n == f->cap) {
    size_t cap = f->cap ? f->cap * 2 : 128;
    entry *e = mf_reallocarray(f->e, cap, sizeof *e);
    if (!e) return 0;
    f->e = e;
    f->cap = cap;
  }
  uint32_t off = (uint32_t)f->text.len;
  mf_buf_append(&f->text, text, len);
  if (!mf_buf_ok(&f->text) || f->text.len > UINT32_MAX) return 0;
  f->e[f->n] = (entry){gid, off, (uint32_t)len, width};
  uint32_t cid = (uint32_t)++f->n;
  f->slots[i] = cid;
  return cid;
}

uint32_t mf_pdf_font_cid(mf_pdf_font *f, uint32_t gid, double adv_em,
                         const char *text, size_t len) {
  double w = adv_em * 1000.0;
  return mf_pdf_font_add(f, gid, (int)(w < 0 ? w - 0.5 : w + 0.5), text, len);
}

bool mf_pdf_font_entry(const mf_pdf_font *f, uint32_t cid, uint32_t *gid,
                       int *width, const char **text, size_t *len) {
  if (cid < 1 || cid > f->n) return false;
  const entry *e = &f->e[cid - 1];
  *gid = e->gid;
  *width = e->width;
  *text = entry_text(f, e);
  *len = e->text_len;
  return true;
}

void mf_font_program_init(mf_font_program *p) {
  memset(p, 0, sizeof *p);
  mf_buf_init(&p->ttf);
  mf_buf_init(&p->cid_to_gid);
  mf_buf_init(&p->widths);
  mf_buf_init(&p->to_unicode);
}

void mf_font_program_free(mf_font_program *p) {
  mf_buf_free(&p->ttf);
  mf_buf_free(&p->cid_to_gid);
  mf_buf_free(&p->widths);
  mf_buf_free(&p->to_unicode);
}

/* The subset tag: six capitals derived from the glyph set, so different
 * subsets of one font in one document get different names. */
static void subset_tag(const mf_pdf_font *f, char tag[7]) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < f->n; i++) {
    h ^= f->e[i].gid;
    h *= 16777619u;
  }
  h ^= (uint32_t)f->n;
  for (int i = 0; i < 6; i++) {
    tag[i] = (char)('A' + h % 26);
    h /= 26;
    h = h * 2654435761u + 1;
  }
  tag[6] = '\0';
}

size_t mf_pdf_utf16_units(const char *t, size_t n) {
  size_t i = 0, units = 0;
  while (i < n) {
    uint32_t cp = mf_utf8_next(t, n, &i);
    units += cp != 0xFFFFFFFFu && cp >= 0x10000 ? 2 : 1;
  }
  return units;
}

void mf_pdf_utf16_hex(mf_buf *b, const char *t, size_t n, size_t max_units) {
  static const char hx[] = "0123456789ABCDEF";
  size_t i = 0, units = 0;
  while (i < n) {
    uint32_t cp = mf_utf8_next(t, n, &i);
    if (cp == 0xFFFFFFFFu) cp = 0xFFFD;
    if ((units += cp >= 0x10000 ? 2 : 1) > max_units) break;
    uint16_t u[2];
    int k = 1;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      u[0] = (uint16_t)(0xD800 | (cp >> 10));
      u[1] = (uint16_t)(0xDC00 | (cp & 0x3FF));
      k = 2;
    } else {
      u[0] = (uint16_t)cp;
    }
    for (int j = 0; j < k; j++) {
      char o[4] = {hx[u[j] >> 12], hx[(u[j] >> 8) & 15], hx[(u[j] >> 4) & 15],
                   hx[u[j] & 15]};
      mf_buf_append(b, o, 4);
    }
  }
}

static void build_to_unicode(const mf_pdf_font *f, mf_buf *b) {
  mf_buf_puts(b,
              "/CIDInit /ProcSet findresource begin\n"
              "12 dict begin\nbegincmap\n"
              "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
              "/Supplement 0 >> def\n"
              "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
              "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
  size_t i = 0;
  while (i < f->n) {
    size_t chunk = 0, j = i;
    while (j < f->n && chunk < 100) {
      if (f->e[j].text_len) chunk++;
      j++;
    }
    if (chunk) {
      mf_buf_printf(b, "%zu beginbfchar\n", chunk);
      for (size_t k = i; k < j; k++) {
        const entry *e = &f->e[k];
        if (!e->text_len) continue;
        mf_buf_printf(b, "<%04X> <", (unsigned)(k + 1));
        mf_pdf_utf16_hex(b, entry_text(f, e), e->text_len, MF_PDF_TOUNICODE_UNITS);
        mf_buf_puts(b, ">\n");
      }
      mf_buf_puts(b, "endbfchar\n");
    }
    i = j;
  }
  mf_buf_puts(b, "endcmap\nCMapName currentdict /CMap defineresource pop\n"
                 "end\nend\n");
}

/* The /W array: the font's default width (/DW) is 1000, the full width of
 * almost every Japanese glyph, so only the other widths are listed, as runs
 * of consecutive CIDs: "[5 [500 250] 9 [333]]" ("[]" when all are 1000). */
static void build_widths(const mf_pdf_font *f, mf_buf *b) {
  mf_buf_putc(b, '[');
  bool open = false, first = true;
  for (size_t i = 0; i < f->n; i++) {
    int w = f->e[i].width;
    if (w == MF_PDF_DEFAULT_WIDTH) {
      if (open) mf_buf_putc(b, ']');
      open = false;
      continue;
    }
    if (!open) mf_buf_printf(b, first ? "%zu [%d" : " %zu [%d", i + 1, w);
    else mf_buf_printf(b, " %d", w);
    open = true;
    first = false;
  }
  if (open) mf_buf_putc(b, ']');
  mf_buf_putc(b, ']');
}

/* First code point of text, or 0. */
static uint32_t first_cp(const char *t, size_t n) {
  size_t i = 0;
  if (!n) return 0;
  uint32_t cp = mf_utf8_next(t, n, &i);
  return cp != 0xFFFFFFFFu ? cp : 0;
}

/* Tables a PDF viewer never reads from an embedded CIDFontType2 program:
 * layout tables (GSUB's closure would drag in glyphs never drawn), vertical
 * metrics, and cmap/name/post (glyphs are reached through CIDToGIDMap, text
 * through ToUnicode).  Subsetting cmap is also hb-subset's largest fixed
 * cost: ~0.6 ms per font. */
static const hb_tag_t dropped_tables[] = {
    HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
    HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
    HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G'),
    HB_TAG('D', 'S', 'I', 'G'), HB_TAG('k', 'e', 'r', 'n'), HB_TAG('h', 'd', 'm', 'x'),
    HB_TAG('L', 'T', 'S', 'H'), HB_TAG('V', 'D', 'M', 'X'), HB_TAG('g', 'a', 's', 'p'),
    HB_TAG('c', 'm', 'a', 'p'), HB_TAG('n', 'a', 'm', 'e'), HB_TAG('p', 'o', 's', 't')};

static hb_subset_plan_t *make_plan(const mf_face *face, hb_set_t *unicodes,
                                   hb_set_t *gids) {
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in) return NULL;
  hb_set_union(hb_subset_input_unicode_set(in), unicodes);
  hb_set_union(hb_subset_input_glyph_set(in), gids);
  hb_set_t *dt = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (size_t i = 0; i < MF_ARRAY_LEN(dropped_tables); i++) hb_set_add(dt, dropped_tables[i]);
  hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
  hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(face->face, in);
  hb_subset_input_destroy(in);
  return plan;
}

/* Adds to missing every used glyph the plan does not keep. */
static void missing_glyphs(const mf_pdf_font *f, const hb_map_t *o2n, hb_set_t *missing) {
  for (size_t i = 0; i < f->n; i++)
    if (hb_map_get(o2n, f->e[i].gid) == HB_MAP_VALUE_INVALID) hb_set_add(missing, f->e[i].gid);
}

myna_status mf_pdf_font_build(myna_ctx *ctx, const mf_pdf_font *f,
                              mf_font_program *out) {
  mf_face *face = f->face;
  myna_status mst = mf_face_load_metrics(ctx, face);
  if (mst != MYNA_OK) return mst;
  /* Subset by code points: fast, and the format-14 cmap closure keeps the
   * variation-sequence glyphs of those code points (葛󠄀, 邉󠄐).  Glyph IDs
   * make HarfBuzz 6 walk the whole cmap (20 ms on IPAmj), so they are the
   * last resort: first a code point that maps to the glyph is looked up
   * (the fwid dash is U+2015's glyph). */
  hb_set_t *unicodes = hb_set_create(), *gids = hb_set_create(), *missing = hb_set_create();
  for (size_t i = 0; i < f->n; i++) {
    uint32_t cp = first_cp(entry_text(f, &f->e[i]), f->e[i].text_len);
    if (cp) hb_set_add(unicodes, cp);
  }
  hb_subset_plan_t *plan = make_plan(face, unicodes, gids);
  if (plan) missing_glyphs(f, hb_subset_plan_old_to_new_glyph_mapping(plan), missing);
  if (plan && !hb_set_is_empty(missing)) {
    hb_codepoint_t g = HB_SET_VALUE_INVALID;
    while (hb_set_next(missing, &g)) {
      uint32_t cp = mf_face_cp_of_glyph(face, g);
      if (cp)
        hb_set_add(unicodes, cp);
      else
        hb_set_add(gids, g);
    }
    hb_subset_plan_destroy(plan);
    plan = make_plan(face, unicodes, gids);
  }
  hb_set_destroy(unicodes);
  hb_set_destroy(gids);
  hb_set_destroy(missing);
  if (!plan) return mf_fail(ctx, MYNA_ERR_PDF, "%s: subsetting failed", face->path);
  const hb_map_t *o2n = hb_subset_plan_old_to_new_glyph_mapping(plan);
  hb_face_t *sub = hb_subset_plan_execute_or_fail(plan);
  if (!sub) {
    hb_subset_plan_destroy(plan);
    return mf_fail(ctx, MYNA_ERR_PDF, "%s: subsetting failed", face->path);
  }
  hb_blob_t *blob = hb_face_reference_blob(sub);
  unsigned int blen = 0;
  const char *bdata = hb_blob_get_data(blob, &blen);
  mf_buf_append(&out->ttf, bdata, blen);

  /* CIDToGIDMap: CID 0 → 0, then each CID's glyph in the subset. */
  mf_buf_append(&out->cid_to_gid, "\0\0", 2);
  myna_status st = MYNA_OK;
  for (size_t i = 0; i < f->n; i++) {
    hb_codepoint_t ng = hb_map_get(o2n, f->e[i].gid);
    if (ng == HB_MAP_VALUE_INVALID) {
      st = mf_fail(ctx, MYNA_ERR_PDF, "%s: glyph %u lost in subsetting",
                   face->path, (unsigned)f->e[i].gid);
      break;
    }
    char be[2] = {(char)(ng >> 8), (char)(ng & 0xFF)};
    mf_buf_append(&out->cid_to_gid, be, 2);
  }
  hb_blob_destroy(blob);
  hb_face_destroy(sub);
  hb_subset_plan_destroy(plan);
  if (st != MYNA_OK) return st;

  build_widths(f, &out->widths);
  build_to_unicode(f, &out->to_unicode);
  char tag[7];
  subset_tag(f, tag);
  snprintf(out->base_font, sizeof out->base_font, "%s+%s", tag, face->ps_name);
  out->m = face->m;
  if (!mf_buf_ok(&out->ttf) || !mf_buf_ok(&out->cid_to_gid) ||
      !mf_buf_ok(&out->widths) || !mf_buf_ok(&out->to_unicode))
    return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  return MYNA_OK;
}
