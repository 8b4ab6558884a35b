/*
 * bench_render.c — whole documents through the public API, the way a clinic
 * system calls the library: open a context once, render one record after
 * another into memory.  Prints the first (cold) render, the steady state
 * (documents per second), median PDF size and peak RSS.  With THREADS > 1,
 * each thread opens its own context and renders COUNT documents; the rate
 * is all documents over the wall time (the in-process figure that
 * bench/serve_bench.sh compares the HTTP service with).
 *
 *   bench_render [declaration|explanation|notice|packet] [COUNT] [DATA.json] [THREADS]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/resource.h>
#include <time.h>

#include "mynaform.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  static char buf[1 << 16];
  *len = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[*len] = 0;
  return buf;
}

typedef struct job {
  myna_document doc;
  const char *data;
  size_t len;
  int count;
  int failed;
} job;

static void *worker(void *arg) {
  job *j = arg;
  myna_ctx *ctx;
  if (myna_ctx_open(NULL, &ctx) != MYNA_OK) {
    j->failed = 1;
    myna_ctx_free(ctx);
    return NULL;
  }
  unsigned char *pdf;
  size_t n;
  /* warm: the first render lays the static layers out */
  if (myna_render_memory(ctx, j->doc, j->data, j->len, NULL, &pdf, &n) != MYNA_OK) j->failed = 1;
  myna_free(pdf);
  return ctx;
}

static void *run(void *arg) {
  job *j = arg;
  myna_ctx *ctx = worker(arg);
  if (!ctx) return NULL;
  unsigned char *pdf;
  size_t n;
  for (int i = 0; i < j->count && !j->failed; i++) {
    if (myna_render_memory(ctx, j->doc, j->data, j->len, NULL, &pdf, &n) != MYNA_OK) j->failed = 1;
    myna_free(pdf);
  }
  myna_ctx_free(ctx);
  return NULL;
}

int main(int argc, char **argv) {
  const char *docname = argc > 1 ? argv[1] : "declaration";
  int count = argc > 2 ? atoi(argv[2]) : 2000;
  myna_document doc = !strcmp(docname, "packet")        ? MYNA_DOC_PACKET
                      : !strcmp(docname, "notice")      ? MYNA_DOC_NOTICE
                      : !strcmp(docname, "explanation") ? MYNA_DOC_EXPLANATION
                                                        : MYNA_DOC_DECLARATION;
  size_t len = 0;
  const char *data = argc > 3 && *argv[3] ? slurp(argv[3], &len) : NULL;
  int threads = argc > 4 ? atoi(argv[4]) : 1;
  if (threads > 1) {
    pthread_t tid[64];
    job jobs[64];
    if (threads > 64) threads = 64;
    double t0 = now();
    for (int i = 0; i < threads; i++) {
      jobs[i] = (job){doc, data, len, count, 0};
      pthread_create(&tid[i], NULL, run, &jobs[i]);
    }
    int failed = 0;
    for (int i = 0; i < threads; i++) {
      pthread_join(tid[i], NULL);
      failed |= jobs[i].failed;
    }
    double dt = now() - t0;
    if (failed) return 1;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%s: %d threads, %d documents each (context opening and a first render "
           "included) in %.3f s: %.0f docs/s, peak RSS %.1f MB\n",
           docname, threads, count, dt, threads * count / dt, ru.ru_maxrss / 1024.0);
    return 0;
  }
  double t0 = now();
  myna_ctx *ctx;
  if (myna_ctx_open(NULL, &ctx) != MYNA_OK) {
    fprintf(stderr, "%s\n", myna_ctx_errmsg(ctx));
    return 1;
  }
  double t_open = now() - t0;
  unsigned char *pdf;
  size_t n;
  t0 = now();
  if (myna_render_memory(ctx, doc, data, len, NULL, &pdf, &n) != MYNA_OK) {
    fprintf(stderr, "%s\n", myna_ctx_errmsg(ctx));
    return 1;
  }
  double t_first = now() - t0;
  myna_free(pdf);
  size_t bytes = 0;
  t0 = now();
  for (int i = 0; i < count; i++) {
    if (myna_render_memory(ctx, doc, data, len, NULL, &pdf, &n) != MYNA_OK) return 1;
    bytes = n;
    myna_free(pdf);
  }
  double dt = now() - t0;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("%s: open %.2f ms, first render %.2f ms, then %d in %.3f s: %.0f docs/s "
         "(%.3f ms each), PDF %.1f KB, peak RSS %.1f MB\n",
         docname, t_open * 1000, t_first * 1000, count, dt, count / dt, dt * 1000 / count,
         bytes / 1024.0, ru.ru_maxrss / 1024.0);
  myna_ctx_free(ctx);
  return 0;
}
