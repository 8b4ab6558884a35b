/*
 * bench_para.c — paragraph composition on a file of paragraphs: the lines
 * and their spacing, or the time per paragraph.  Not a test: run it by hand
 * (see bench/README.md and bench/luatexja/README.md).
 *
 *   bench_para [--em 30,35,40] [--size 10.5] FILE
 *       one JSON object per paragraph and measure on stdout:
 *       {"para":N,"em":E,"lines":[{"text":…,"justified":…,"gap":…,
 *        "char":…},…]}
 *       gap: the largest amount (em) by which justification widened any
 *       gap of the line (between characters, 和欧間, a word space); char:
 *       the same between two Japanese characters (kana, kanji, 約物).
 *       Measured from the x positions against the same text set on one
 *       unjustified line, so it does not trust the breaker's own figures.
 *   bench_para --time N [--em …] FILE
 *       lays out every paragraph at every measure N times; prints the mean
 *       time of mf_para_layout per paragraph (shaping excluded).
 *
 * Every paragraph is set as in the comparison with luatexja: BIZ UD Mincho,
 * 10.5 pt, justified, 和欧間 on, strict kinsoku, no indent, no hanging.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "layout/fontset.h"
#include "layout/linebreak.h"
#include "layout/paragraph.h"
#include "layout/shape.h"

#define MAXP 256

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); /* CPU time: the machine is shared */
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static mf_para_opts opts(double size, double em) {
  mf_para_opts o;
  memset(&o, 0, sizeof o);
  o.size = size;
  o.width = em * size;
  o.justify = true;
  o.wakan = true;
  o.kinsoku = MF_KINSOKU_STRICT;
  return o;
}

static bool is_jchar(uint32_t cp) {
  mf_lb_cls c = mf_lb_class(cp);
  return c != MF_LB_SPACE && c != MF_LB_LATIN && c != MF_LB_DIGIT &&
         c != MF_LB_PREFIX && c != MF_LB_POSTFIX && c != MF_LB_GLUE &&
         c != MF_LB_NEWLINE && cp >= 0x2000;
}

static void json_str(const char *s, size_t n) {
  putchar('"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c < 0x20) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

static int report(myna_ctx *ctx, const mf_shaped *s, const char *text, int para,
                  double size, double em) {
  mf_para_opts o = opts(size, em), wide = opts(size, 1e5);
  wide.justify = false;
  mf_para p, r;
  if (mf_para_layout(ctx, s, &o, &p)) return 1;
  if (mf_para_layout(ctx, s, &wide, &r)) return 1;
  printf("{\"para\":%d,\"em\":%g,\"lines\":[", para, em);
  for (size_t i = 0; i < p.nlines; i++) {
    const mf_line *ln = &p.lines[i];
    size_t a = SIZE_MAX, z = 0;
    double gap = 0, chr = 0;
    size_t prev = SIZE_MAX;
    for (size_t k = ln->a; k < ln->b; k++) {
      if (isnan(p.x[k])) continue;
      if (a == SIZE_MAX) a = k;
      z = k;
      if (prev != SIZE_MAX) {
        double d = ((p.x[k] - p.x[prev]) - (r.x[k] - r.x[prev])) / size;
        if (d > gap) gap = d;
        if (is_jchar(s->cl[prev].cp) && is_jchar(s->cl[k].cp) && d > chr)
          chr = d;
      }
      prev = k;
    }
    printf(i ? ",{\"text\":" : "{\"text\":");
    if (a == SIZE_MAX) json_str("", 0);
    else json_str(text + s->cl[a].start, s->cl[z].start + s->cl[z].len - s->cl[a].start);
    printf(",\"justified\":%s,\"gap\":%.4f,\"char\":%.4f,\"emergency\":%s}",
           ln->forced ? "false" : "true", gap, chr, ln->emergency ? "true" : "false");
  }
  printf("]}\n");
  mf_para_free(&p);
  mf_para_free(&r);
  return 0;
}

int main(int argc, char **argv) {
  int iters = 0;
  double size = 10.5, ems[8] = {30, 35, 40};
  size_t nem = 3;
  const char *file = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--time") && i + 1 < argc) iters = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--size") && i + 1 < argc) size = atof(argv[++i]);
    else if (!strcmp(argv[i], "--em") && i + 1 < argc) {
      nem = 0;
      for (char *t = strtok(argv[++i], ","); t && nem < 8; t = strtok(NULL, ","))
        ems[nem++] = atof(t);
    } else file = argv[i];
  }
  if (!file) {
    fprintf(stderr, "usage: bench_para [--time N] [--em 30,35,40] [--size PT] FILE\n");
    return 2;
  }
  FILE *f = fopen(file, "r");
  if (!f) {
    perror(file);
    return 1;
  }
  static char *text[MAXP];
  size_t np = 0;
  char line[8192];
  while (np < MAXP && fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = 0;
    if (!line[0] || line[0] == '#') continue;
    text[np++] = strdup(line);
  }
  fclose(f);

  const char *dir = getenv("MYNAFORM_DATA_DIR");
  char *fonts = mf_path_join(dir ? dir : MYNAFORM_SOURCE_DATA_DIR, "fonts");
  myna_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  mf_fontset *fs;
  if (mf_fontset_open(&ctx, fonts, NULL, &fs)) {
    fprintf(stderr, "%s\n", ctx.errmsg);
    return 1;
  }
  static mf_shaped sh[MAXP];
  size_t chars = 0;
  for (size_t i = 0; i < np; i++) {
    if (mf_shape(&ctx, fs, MF_FACE_MINCHO, text[i], strlen(text[i]), "bench", &sh[i])) {
      fprintf(stderr, "%s\n", ctx.errmsg);
      return 1;
    }
    chars += sh[i].ncl;
  }
  int rc = 0;
  if (!iters) {
    for (size_t e = 0; e < nem; e++)
      for (size_t i = 0; i < np && !rc; i++)
        rc = report(&ctx, &sh[i], text[i], (int)i, size, ems[e]);
  } else {
    size_t lines = 0;
    double t0 = now();
    for (int it = 0; it < iters && !rc; it++)
      for (size_t e = 0; e < nem; e++)
        for (size_t i = 0; i < np; i++) {
          mf_para_opts o = opts(size, ems[e]);
          mf_para p;
          if (mf_para_layout(&ctx, &sh[i], &o, &p)) {
            rc = 1;
            break;
          }
          lines += p.nlines;
          mf_para_free(&p);
        }
    double dt = now() - t0, n = (double)iters * (double)nem * (double)np;
    printf("%zu paragraphs (%.1f characters, %.2f lines on average) x %zu measures "
           "x %d: %.4f ms per paragraph\n",
           np, (double)chars / (double)np, (double)lines / n, nem, iters,
           dt * 1000 / n);
  }
  if (rc) fprintf(stderr, "%s\n", ctx.errmsg);
  for (size_t i = 0; i < np; i++) {
    mf_shaped_free(&sh[i]);
    free(text[i]);
  }
  mf_fontset_free(fs);
  mf_ctx_reset(&ctx);
  free(fonts);
  return rc;
}
