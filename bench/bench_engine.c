/*
 * bench_engine.c — the typesetting engine on a page of about 300 Japanese
 * characters: shape (with IPAmj fallback), break and justify, write a PDF
 * with subset glyph fonts into memory.  Prints pages per second in one
 * process and peak RSS.  Not a test: run it by hand (see bench/README.md).
 *
 *   bench_engine [PAGES]        default 2000
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/core.h"
#include "layout/fontset.h"
#include "layout/page.h"
#include "layout/paragraph.h"
#include "layout/shape.h"
#include "pdf/pdf_doc.h"

/* ~300 characters: the declaration's notes and the notice's sentences, with
 * a name that needs the fallback font. */
static const char *const paras[] = {
    "\xf0\xa0\xae\xb7田　葛\xf3\xa0\x84\x80飾　辻\xf3\xa0\x84\x80　髙　﨑　\xef\xa8\x99",
    "※1　保険種別で社保（保険者が健康保険組合、共済組合、全国健康保険協会の場合）、その他、わからないの□に「✓」を記入された場合や、保険者が国民健康保険組合の場合は、事業所名の記載をお願いします。",
    "※2　70歳以上の方、または後期高齢者医療の被保険者の方は、一部負担金の割合についてもご記入ください。なお、ご記入いただいた一部負担金の割合が実際と異なっていた場合、後日、保険者から差額を請求等させていただく場合があります。",
    "マイナンバーカードを使って医療機関・薬局で受診等いただくためのシステムで確認したところ、あなたの医療保険の資格情報は「資格（無効）」や「資格情報なし」と表示されました。"};

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int one_page(myna_ctx *ctx, mf_fontset *fs, mf_page *pg, mf_buf *out,
                    size_t *chars) {
  mf_page_clear(pg);
  double y = 60;
  for (size_t i = 0; i < sizeof paras / sizeof *paras; i++) {
    mf_shaped s;
    if (mf_shape(ctx, fs, MF_FACE_MINCHO, paras[i], strlen(paras[i]), "bench", &s)) return 1;
    mf_para_opts po = {.size = 10.5, .width = MF_MM(170), .hang_marker = true,
                       .justify = true, .wakan = true, .kinsoku = MF_KINSOKU_STRICT};
    mf_para p;
    if (mf_para_layout(ctx, &s, &po, &p)) return 1;
    for (size_t l = 0; l < p.nlines; l++) {
      const mf_line *ln = &p.lines[l];
      double base = y + 15.75 * (double)l + 11;
      int face = -1;
      for (size_t k = ln->a; k < ln->b; k++) {
        const mf_cluster *c = &s.cl[k];
        if (p.x[k] != p.x[k] || !c->ng) continue;
        if (c->face != face) {
          face = c->face;
          mf_page_run(pg, (mf_face_id)face, MF_LAYER_STATIC, 10.5, MF_MM(20), base);
        }
        mf_run *run = &pg->runs[pg->nruns - 1];
        const mf_glyph *g = &s.gl[c->g0];
        mf_page_glyph(pg, run, g->gid, p.x[k], 0, (double)g->adv / fs->faces[c->face].upem,
                      s.text + c->start, c->len);
        (*chars)++;
      }
    }
    y += 15.75 * (double)p.nlines + 8;
    mf_para_free(&p);
    mf_shaped_free(&s);
  }
  mf_pdf_doc *d;
  if (mf_pdf_doc_new(ctx, fs, NULL, &d)) return 1;
  int rc = mf_pdf_doc_add_page(d, pg) || mf_pdf_doc_save(d, out);
  mf_pdf_doc_free(d);
  return rc;
}

int main(int argc, char **argv) {
  int pages = argc > 1 ? atoi(argv[1]) : 2000;
  const char *dir = getenv("MYNAFORM_DATA_DIR");
  char *fonts = mf_path_join(dir ? dir : MYNAFORM_SOURCE_DATA_DIR, "fonts");
  myna_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  double t0 = now();
  mf_fontset *fs;
  if (mf_fontset_open(&ctx, fonts, NULL, &fs)) {
    fprintf(stderr, "%s\n", ctx.errmsg);
    return 1;
  }
  double t_open = now() - t0;
  mf_page pg;
  mf_page_init(&pg);
  mf_buf out;
  mf_buf_init(&out);
  size_t chars = 0, bytes = 0;
  if (one_page(&ctx, fs, &pg, &out, &chars)) { /* warm-up */
    fprintf(stderr, "%s\n", ctx.errmsg);
    return 1;
  }
  size_t per_page = chars;
  t0 = now();
  for (int i = 0; i < pages; i++) {
    mf_buf_reset(&out);
    chars = 0;
    if (one_page(&ctx, fs, &pg, &out, &chars)) return 1;
    bytes += out.len;
  }
  double dt = now() - t0;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("engine: %d pages of %zu characters in %.3f s: %.0f pages/s (%.3f ms/page), "
         "PDF %.1f KB/page, font open %.2f ms, peak RSS %.1f MB\n",
         pages, per_page, dt, pages / dt, dt * 1000 / pages, bytes / 1024.0 / pages,
         t_open * 1000, ru.ru_maxrss / 1024.0);
  mf_buf_free(&out);
  mf_page_free(&pg);
  mf_fontset_free(fs);
  mf_ctx_reset(&ctx);
  free(fonts);
  return 0;
}
