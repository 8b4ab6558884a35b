/*
 * test_api.c — the library through its public header only: render a form
 * into memory and to a file, errors with messages, the multi-record PDF,
 * contexts on two threads at once; what a file path may be (a FIFO is
 * written into, not replaced; permission bits only; a 255-byte name).
 */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "mynaform.h"

static const char patient[] =
    "{\"name\":\"\xf0\xa0\xae\xb7\xe7\x94\xb0\xe3\x80\x80\xe5\xa4\xaa\xe9\x83\x8e\","
    "\"kana\":\"\xe3\x82\x88\xe3\x81\x97\xe3\x81\xa0\","
    "\"birth_date\":\"19890108\",\"sex\":1,"
    "\"insurance\":{\"type\":\"kokuho\",\"copay\":3}}";

static myna_ctx *open_ok(void) {
  myna_ctx *ctx = NULL;
  myna_status st = myna_ctx_open(NULL, &ctx);
  if (st != MYNA_OK) fprintf(stderr, "open: %s\n", myna_ctx_errmsg(ctx));
  assert_int_equal(st, MYNA_OK);
  return ctx;
}

static void test_render_memory(void **state) {
  (void)state;
  myna_ctx *ctx = open_ok();
  unsigned char *pdf = NULL;
  size_t len = 0;
  assert_int_equal(myna_render_memory(ctx, MYNA_DOC_DECLARATION, patient,
                                      strlen(patient), NULL, &pdf, &len),
                   MYNA_OK);
  assert_non_null(pdf);
  assert_true(len > 1000);
  assert_memory_equal(pdf, "%PDF-", 5);
  assert_true(memcmp(pdf + len - 6, "%%EOF", 5) == 0 || memcmp(pdf + len - 5, "%%EOF", 5) == 0);
  myna_free(pdf);
  myna_ctx_free(ctx);
}

static void test_render_file(void **state) {
  (void)state;
  myna_ctx *ctx = open_ok();
  char path[] = "/tmp/mynaform-api-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  assert_int_equal(myna_render_file(ctx, MYNA_DOC_DECLARATION, patient,
                                    strlen(patient), NULL, path, 0),
                   MYNA_OK);
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  assert_true(st.st_size > 1000);
  assert_int_equal(st.st_mode & 0777, 0600); /* not world-readable */
  unlink(path);
  myna_ctx_free(ctx);
}

/* A private directory for files of a test; removed with rm_dir. */
static char *make_dir(void) {
  static char dir[64];
  snprintf(dir, sizeof dir, "/tmp/mynaform-api-XXXXXX");
  assert_non_null(mkdtemp(dir));
  return dir;
}

static size_t entries(const char *dir) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
  FILE *f = popen(cmd, "r");
  size_t n = 0;
  assert_non_null(f);
  assert_int_equal(fscanf(f, "%zu", &n), 1);
  pclose(f);
  return n;
}

static void rm_dir(const char *dir) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

static void test_file_modes(void **state) {
  (void)state;
  myna_ctx *ctx = open_ok();
  char *dir = make_dir(), path[128];
  snprintf(path, sizeof path, "%s/m.pdf", dir);
  /* setuid, setgid, sticky and anything past them: refused, nothing made */
  const unsigned bad[] = {04777, 02755, 01600, 0xFFFFFFFFu, 010000};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    assert_int_equal(myna_render_file(ctx, MYNA_DOC_DECLARATION, NULL, 0, NULL, path, bad[i]),
                     MYNA_ERR_USAGE);
    assert_non_null(strstr(myna_ctx_errmsg(ctx), "only permission bits"));
    assert_int_equal(entries(dir), 0);
  }
  myna_pdf *pdf = NULL;
  assert_int_equal(myna_pdf_new(ctx, &pdf), MYNA_OK);
  assert_int_equal(myna_pdf_add(pdf, MYNA_DOC_DECLARATION, NULL, 0, NULL), MYNA_OK);
  assert_int_equal(myna_pdf_save_file(pdf, path, 04600), MYNA_ERR_USAGE);
  assert_int_equal(entries(dir), 0);
  assert_int_equal(myna_pdf_save_file(pdf, path, 0640), MYNA_OK);
  myna_pdf_free(pdf);
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  assert_int_equal(st.st_mode & 07777, 0640);
  rm_dir(dir);
  myna_ctx_free(ctx);
}

static void test_fifo_output(void **state) {
  (void)state;
  myna_ctx *ctx = open_ok();
  char *dir = make_dir(), path[128];
  snprintf(path, sizeof path, "%s/fifo", dir);
  assert_int_equal(mkfifo(path, 0600), 0);
  /* the reader is open first (so the writer does not wait for one), with a
   * pipe large enough for the whole PDF: the test cannot hang */
  int rd = open(path, O_RDONLY | O_NONBLOCK);
  assert_true(rd >= 0);
  assert_true(fcntl(rd, F_SETPIPE_SZ, 1 << 20) >= (1 << 20));
  unsigned char *mem = NULL;
  size_t len = 0;
  assert_int_equal(myna_render_memory(ctx, MYNA_DOC_DECLARATION, patient, strlen(patient), NULL,
                                      &mem, &len),
                   MYNA_OK);
  assert_true(len < (1 << 20));
  assert_int_equal(myna_render_file(ctx, MYNA_DOC_DECLARATION, patient, strlen(patient), NULL,
                                    path, 0),
                   MYNA_OK);
  unsigned char *got = malloc(len + 1);
  size_t n = 0;
  for (;;) {
    ssize_t r = read(rd, got + n, len + 1 - n);
    if (r <= 0) break;
    n += (size_t)r;
  }
  close(rd);
  struct stat st;
  assert_int_equal(lstat(path, &st), 0);
  assert_true(S_ISFIFO(st.st_mode)); /* still the FIFO, not a file put there */
  assert_int_equal(n, len);           /* the reader got the whole PDF */
  assert_memory_equal(got, mem, len);
  assert_int_equal(entries(dir), 1); /* no temporary file */
  free(got);
  myna_free(mem);
  rm_dir(dir);
  myna_ctx_free(ctx);
}

static void test_long_name(void **state) {
  (void)state;
  myna_ctx *ctx = open_ok();
  char *dir = make_dir(), path[400], name[256];
  /* the longest name a file may have: 255 bytes, temporary file or not */
  memset(name, 'a', 251);
  memcpy(name + 251, ".pdf", 5);
  snprintf(path, sizeof path, "%s/%s", dir, name);
  myna_status st = myna_render_file(ctx, MYNA_DOC_DECLARATION, NULL, 0, NULL, path, 0);
  if (st != MYNA_OK) fprintf(stderr, "%s\n", myna_ctx_errmsg(ctx));
  assert_int_equal(st, MYNA_OK);
  assert_int_equal(access(path, R_OK), 0);
  assert_int_equal(entries(dir), 1);
  rm_dir(dir);
  myna_ctx_free(ctx);
}

static void test_errors(void **state) {
  (void)state;
  myna_ctx *ctx = open_ok();
  unsigned char *pdf = (unsigned char *)"x";
  size_t len = 1;
  const char *bad = "{\"birth_date\":\"2019-02-29\"}";
  assert_int_equal(myna_render_memory(ctx, MYNA_DOC_DECLARATION, bad, strlen(bad),
                                      NULL, &pdf, &len),
                   MYNA_ERR_DATA);
  assert_null(pdf);
  assert_int_equal(len, 0);
  assert_non_null(strstr(myna_ctx_errmsg(ctx), "$.birth_date"));
  assert_null(strstr(myna_ctx_errmsg(ctx), "2019-02-29"));

  const char *mn = "{\"address\":\"123456789018\"}";
  assert_int_equal(myna_render_memory(ctx, MYNA_DOC_DECLARATION, mn, strlen(mn),
                                      NULL, &pdf, &len),
                   MYNA_ERR_MY_NUMBER);
  assert_null(strstr(myna_ctx_errmsg(ctx), "123456789018"));

  myna_render_opts o = {0};
  o.struct_size = sizeof o;
  o.template_name = "no-such-template";
  assert_int_equal(myna_render_memory(ctx, MYNA_DOC_DECLARATION, NULL, 0, &o,
                                      &pdf, &len),
                   MYNA_ERR_RESOURCE);
  assert_string_equal(myna_status_str(MYNA_ERR_MY_NUMBER),
                      "data carries a My Number (individual number); refused");
  /* NULL is safe */
  myna_ctx_free(NULL);
  myna_pdf_free(NULL);
  myna_free(NULL);
  assert_int_equal(myna_render_memory(NULL, MYNA_DOC_DECLARATION, NULL, 0, NULL,
                                      &pdf, &len),
                   MYNA_ERR_USAGE);
  myna_ctx_free(ctx);
}

static void test_bad_fonts(void **state) {
  (void)state;
  myna_config cfg = {0};
  cfg.struct_size = sizeof cfg;
  cfg.font_dir = "/nonexistent";
  myna_ctx *ctx = NULL;
  assert_int_equal(myna_ctx_open(&cfg, &ctx), MYNA_ERR_RESOURCE);
  assert_non_null(ctx);
  assert_non_null(strstr(myna_ctx_errmsg(ctx), "not found"));
  /* a failed context refuses work but does not crash */
  unsigned char *pdf;
  size_t len;
  assert_int_equal(myna_render_memory(ctx, MYNA_DOC_DECLARATION, NULL, 0, NULL,
                                      &pdf, &len),
                   MYNA_ERR_USAGE);
  myna_ctx_free(ctx);
}

static void test_multi_record_pdf(void **state) {
  (void)state;
  myna_ctx *ctx = open_ok();
  myna_pdf *pdf = NULL;
  assert_int_equal(myna_pdf_new(ctx, &pdf), MYNA_OK);
  assert_int_equal(myna_pdf_add(pdf, MYNA_DOC_DECLARATION, patient, strlen(patient), NULL),
                   MYNA_OK);
  /* a bad record adds nothing */
  const char *bad = "{\"sex\":\"x\"}";
  assert_int_equal(myna_pdf_add(pdf, MYNA_DOC_DECLARATION, bad, strlen(bad), NULL),
                   MYNA_ERR_DATA);
  assert_int_equal(myna_pdf_page_count(pdf), 1);
  assert_int_equal(myna_pdf_add(pdf, MYNA_DOC_PACKET, patient, strlen(patient), NULL),
                   MYNA_OK);
  assert_int_equal(myna_pdf_page_count(pdf), 4);
  unsigned char *buf;
  size_t len;
  assert_int_equal(myna_pdf_save_memory(pdf, &buf, &len), MYNA_OK);
  assert_memory_equal(buf, "%PDF-", 5);
  myna_free(buf);
  myna_pdf_free(pdf);
  myna_ctx_free(ctx);
}

/* The number of objects a saved PDF declares (its trailer's /Size). */
static long pdf_objects(const unsigned char *pdf, size_t len) {
  static const char key[] = "/Size ";
  for (size_t i = len; i-- > sizeof key;)
    if (memcmp(pdf + i, key, sizeof key - 1) == 0) return strtol((const char *)pdf + i + 6, NULL, 10);
  return -1;
}

/* Saving is repeatable: the same PDF saved twice gives the same bytes, and
 * a save between two records leaves no orphaned font objects behind (the
 * document then has as many objects as one saved once at the end). */
static void test_save_twice(void **state) {
  (void)state;
  static const char other[] =
      "{\"name\":\"\xe9\x88\xb4\xe6\x9c\xa8\xe3\x80\x80\xe8\x8a\xb1\xe5\xad\x90\"," /* 鈴木　花子 */
      "\"address\":\"\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd\"}";                     /* 東京都 */
  myna_ctx *ctx = open_ok();
  myna_pdf *pdf = NULL;
  unsigned char *b[4];
  size_t n[4];
  assert_int_equal(myna_pdf_new(ctx, &pdf), MYNA_OK);
  assert_int_equal(myna_pdf_add(pdf, MYNA_DOC_DECLARATION, patient, strlen(patient), NULL),
                   MYNA_OK);
  assert_int_equal(myna_pdf_save_memory(pdf, &b[0], &n[0]), MYNA_OK);
  assert_int_equal(myna_pdf_save_memory(pdf, &b[1], &n[1]), MYNA_OK);
  assert_int_equal(n[0], n[1]);
  assert_memory_equal(b[0], b[1], n[0]);
  /* a record with new glyphs after a save: its fonts are embedded again */
  assert_int_equal(myna_pdf_add(pdf, MYNA_DOC_DECLARATION, other, strlen(other), NULL),
                   MYNA_OK);
  assert_int_equal(myna_pdf_save_memory(pdf, &b[2], &n[2]), MYNA_OK);
  assert_int_equal(myna_pdf_save_memory(pdf, &b[3], &n[3]), MYNA_OK);
  assert_int_equal(n[2], n[3]);
  assert_memory_equal(b[2], b[3], n[2]);
  myna_pdf_free(pdf);
  /* the same two records, saved once */
  unsigned char *once;
  size_t once_len;
  assert_int_equal(myna_pdf_new(ctx, &pdf), MYNA_OK);
  assert_int_equal(myna_pdf_add(pdf, MYNA_DOC_DECLARATION, patient, strlen(patient), NULL),
                   MYNA_OK);
  assert_int_equal(myna_pdf_add(pdf, MYNA_DOC_DECLARATION, other, strlen(other), NULL),
                   MYNA_OK);
  assert_int_equal(myna_pdf_save_memory(pdf, &once, &once_len), MYNA_OK);
  assert_true(pdf_objects(once, once_len) > 0);
  assert_int_equal(pdf_objects(b[2], n[2]), pdf_objects(once, once_len));
  assert_int_equal(n[2], once_len);
  myna_free(once);
  for (int i = 0; i < 4; i++) myna_free(b[i]);
  myna_pdf_free(pdf);
  myna_ctx_free(ctx);
}

/* Occurrences of key in the n bytes of p. */
static int count_of(const unsigned char *p, size_t n, const char *key) {
  size_t k = strlen(key);
  int c = 0;
  for (size_t i = 0; i + k <= n; i++) c += memcmp(p + i, key, k) == 0;
  return c;
}

/* The CIDs the /CIDSet streams of a PDF list, all fonts together: the set
 * bits of each stream that a /CIDSet names (libharu writes it unfiltered
 * as "N 0 obj" … "stream" EOL bytes "endstream"). */
static long cidset_bits(const unsigned char *p, size_t n) {
  long bits = 0;
  static const char key[] = "/CIDSet ";
  for (size_t i = 0; i + sizeof key <= n; i++) {
    if (memcmp(p + i, key, sizeof key - 1)) continue;
    long obj = strtol((const char *)p + i + sizeof key - 1, NULL, 10);
    char head[32];
    int hl = snprintf(head, sizeof head, "\n%ld 0 obj", obj);
    const unsigned char *o = memmem(p, n, head, (size_t)hl);
    assert_non_null(o);
    const unsigned char *st = memmem(o, n - (size_t)(o - p), "stream", 6);
    assert_non_null(st);
    st += 6;
    st += *st == '\r' ? 2 : 1;
    const unsigned char *end = memmem(st, n - (size_t)(st - p), "endstream", 9);
    assert_non_null(end);
    while (end > st && (end[-1] == '\n' || end[-1] == '\r')) end--;
    for (; st < end; st++) bits += __builtin_popcount(*st);
  }
  return bits;
}

/* MYNA_RENDER_PDFA: the PDF/A objects once each however often the PDF is
 * saved, a /CIDSet beside every font program, records added after a save
 * give the bytes of the same records saved once; none of it without the
 * flag; a record whose flag differs from the first's is refused, by name,
 * and adds nothing. */
static void test_pdfa(void **state) {
  (void)state;
  static const char other[] =
      "{\"name\":\"\xe9\x88\xb4\xe6\x9c\xa8\xe3\x80\x80\xe8\x8a\xb1\xe5\xad\x90\"}"; /* 鈴木　花子 */
  myna_ctx *ctx = open_ok();
  myna_render_opts ro = {0};
  ro.struct_size = sizeof ro;
  ro.flags = MYNA_RENDER_PDFA;
  unsigned char *plain, *b[3];
  size_t plain_len, n[3];
  assert_int_equal(myna_render_memory(ctx, MYNA_DOC_DECLARATION, patient, strlen(patient), NULL,
                                      &plain, &plain_len),
                   MYNA_OK);
  assert_int_equal(count_of(plain, plain_len, "/GTS_PDFA1"), 0);
  assert_int_equal(count_of(plain, plain_len, "/CIDSet"), 0);
  assert_int_equal(count_of(plain, plain_len, "/PrintScaling /None"), 1);
  assert_int_equal(count_of(plain, plain_len, "/ID ["), 1);
  myna_free(plain);

  myna_pdf *pdf = NULL;
  assert_int_equal(myna_pdf_new(ctx, &pdf), MYNA_OK);
  assert_int_equal(myna_pdf_add(pdf, MYNA_DOC_DECLARATION, patient, strlen(patient), &ro), MYNA_OK);
  assert_int_equal(myna_pdf_save_memory(pdf, &b[0], &n[0]), MYNA_OK);
  /* without the flag now: refused, and nothing added */
  assert_int_equal(myna_pdf_add(pdf, MYNA_DOC_DECLARATION, other, strlen(other), NULL),
                   MYNA_ERR_USAGE);
  assert_non_null(strstr(myna_ctx_errmsg(ctx), "MYNA_RENDER_PDFA"));
  assert_int_equal(myna_pdf_page_count(pdf), 1);
  assert_int_equal(myna_pdf_add(pdf, MYNA_DOC_DECLARATION, other, strlen(other), &ro), MYNA_OK);
  assert_int_equal(myna_pdf_save_memory(pdf, &b[1], &n[1]), MYNA_OK);
  assert_int_equal(myna_pdf_save_memory(pdf, &b[2], &n[2]), MYNA_OK);
  assert_int_equal(n[1], n[2]);
  assert_memory_equal(b[1], b[2], n[1]);
  for (int i = 0; i < 2; i++) {
    assert_int_equal(count_of(b[i], n[i], "/Type /Metadata"), 1);
    assert_int_equal(count_of(b[i], n[i], "/GTS_PDFA1"), 1);
    assert_int_equal(count_of(b[i], n[i], "<pdfaid:part>1</pdfaid:part>"), 1);
    assert_true(count_of(b[i], n[i], "/FontFile2 ") > 0);
    assert_int_equal(count_of(b[i], n[i], "/CIDSet "), count_of(b[i], n[i], "/FontFile2 "));
  }
  myna_pdf_free(pdf);
  /* the same two records saved once: the same bytes */
  unsigned char *once;
  size_t once_len;
  assert_int_equal(myna_pdf_new(ctx, &pdf), MYNA_OK);
  assert_int_equal(myna_pdf_add(pdf, MYNA_DOC_DECLARATION, patient, strlen(patient), &ro), MYNA_OK);
  assert_int_equal(myna_pdf_add(pdf, MYNA_DOC_DECLARATION, other, strlen(other), &ro), MYNA_OK);
  assert_int_equal(myna_pdf_save_memory(pdf, &once, &once_len), MYNA_OK);
  assert_int_equal(once_len, n[1]);
  assert_true(cidset_bits(b[0], n[0]) > 0);
  assert_true(cidset_bits(b[1], n[1]) > cidset_bits(b[0], n[0])); /* 鈴木花子's glyphs */
  assert_int_equal(cidset_bits(b[1], n[1]), cidset_bits(once, once_len));
  myna_free(once);
  myna_pdf_free(pdf);
  /* the other way round: a plain PDF refuses a PDF/A record */
  assert_int_equal(myna_pdf_new(ctx, &pdf), MYNA_OK);
  assert_int_equal(myna_pdf_add(pdf, MYNA_DOC_DECLARATION, patient, strlen(patient), NULL), MYNA_OK);
  assert_int_equal(myna_pdf_add(pdf, MYNA_DOC_DECLARATION, other, strlen(other), &ro),
                   MYNA_ERR_USAGE);
  assert_int_equal(myna_pdf_page_count(pdf), 1);
  myna_pdf_free(pdf);
  for (int i = 0; i < 3; i++) myna_free(b[i]);
  myna_ctx_free(ctx);
}

/* Bytes the process holds on the heap (0 under ASan, whose allocator
 * glibc does not see: LeakSanitizer checks this test there). */
static size_t heap_in_use(void) {
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks;
}

/* One context with a PDF of one record, the PDF freed or not. */
static void pdf_cycle(int free_pdf) {
  myna_ctx *ctx = open_ok();
  myna_pdf *pdf = NULL;
  assert_int_equal(myna_pdf_new(ctx, &pdf), MYNA_OK);
  assert_int_equal(myna_pdf_add(pdf, MYNA_DOC_DECLARATION, patient, strlen(patient), NULL),
                   MYNA_OK);
  if (free_pdf) myna_pdf_free(pdf);
  myna_ctx_free(ctx);
}

/* myna_ctx_free frees the PDFs made from the context that the caller left
 * (the header: "frees the context and everything created from it"). */
static void test_ctx_free_frees_pdfs(void **state) {
  (void)state;
  pdf_cycle(1); /* libraries' one-time allocations happen here */
  pdf_cycle(0);
  pdf_cycle(0);
  size_t before = heap_in_use();
  for (int i = 0; i < 10; i++) pdf_cycle(0);
  size_t after = heap_in_use();
  /* a PDF of one record holds about 50 KB, so ten left behind would hold
   * 500 KB; glibc counts the chunks in its per-thread caches as in use,
   * which moves the figure by a few KB a cycle (measured: 1.6–10 KB) */
  if (after > before + 100 * 1024)
    fail_msg("%zu bytes still allocated after 10 × myna_ctx_free", after - before);
}

/* myna_typeset refuses a float option that is NaN, infinite or out of its
 * range (it used to return OK and drop the text for a NaN indent). */
static void test_typeset_bad_numbers(void **state) {
  (void)state;
  static const char text[] = "\xe3\x81\x82\xe3\x81\x84\xe3\x81\x86"; /* あいう */
  myna_ctx *ctx = open_ok();
  enum { SIZE, WIDTH, MIN_SIZE, INDENT, HANG };
  static const char *const names[] = {"size", "width", "min_size", "indent", "hang"};
  const struct {
    int field;
    double v;
  } bad[] = {{INDENT, NAN},      {HANG, NAN},       {INDENT, INFINITY}, {HANG, -INFINITY},
             {INDENT, -1e308},   {INDENT, 100000},  {HANG, 100000},     {INDENT, 11},
             {INDENT, 9.6},      /* 9.6 em of 10.5 pt: wider than 100 pt */
             {SIZE, NAN},        {SIZE, INFINITY},  {SIZE, 1e300},      {WIDTH, NAN},
             {WIDTH, INFINITY},  {WIDTH, -5},       {MIN_SIZE, NAN},    {MIN_SIZE, 1e300},
             {MIN_SIZE, -INFINITY}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    myna_typeset_opts o = {0};
    o.struct_size = sizeof o;
    o.size = 10.5;
    o.width = 100;
    double *f[] = {&o.size, &o.width, &o.min_size, &o.indent, &o.hang};
    *f[bad[i].field] = bad[i].v;
    char *json = NULL;
    myna_status st = myna_typeset(ctx, text, strlen(text), &o, NULL, &json);
    if (st != MYNA_ERR_USAGE)
      fail_msg("%s = %g: status %d, %s", names[bad[i].field], bad[i].v, (int)st, json);
    assert_non_null(strstr(json, "\"ok\":false"));
    assert_non_null(strstr(myna_ctx_errmsg(ctx), names[bad[i].field]));
    myna_free(json);
  }
  /* the largest values in range are set, with every character */
  myna_typeset_opts o = {0};
  o.struct_size = sizeof o;
  o.size = 10.5;
  o.width = 106;
  o.indent = 10;
  o.hang = 10;
  char *json = NULL;
  assert_int_equal(myna_typeset(ctx, text, strlen(text), &o, NULL, &json), MYNA_OK);
  assert_non_null(strstr(json, "\xe3\x81\x82")); /* あ */
  assert_non_null(strstr(json, "\xe3\x81\x86")); /* う */
  myna_free(json);
  myna_ctx_free(ctx);
}

static void test_dump_and_templates(void **state) {
  (void)state;
  myna_ctx *ctx = open_ok();
  char *dump = NULL;
  assert_int_equal(myna_render_dump(ctx, MYNA_DOC_NOTICE, NULL, 0, NULL, &dump), MYNA_OK);
  assert_non_null(strstr(dump, "page 1 A4"));
  assert_non_null(strstr(dump, "qr "));
  myna_free(dump);
  assert_true(myna_template_count(ctx) >= 4);
  myna_template_info ti;
  int found = 0;
  for (size_t i = 0; myna_template_get(ctx, i, &ti) == 0; i++)
    if (ti.document == MYNA_DOC_DECLARATION && !strcmp(ti.date, "2023-07-10")) found = 1;
  assert_true(found);
  assert_int_equal(myna_template_get(ctx, 9999, &ti), -1);
  assert_string_equal(myna_version(), MYNA_VERSION_STRING);
  myna_ctx_free(ctx);
}

static void *thread_main(void *arg) {
  size_t *ok = arg;
  myna_ctx *ctx = NULL;
  if (myna_ctx_open(NULL, &ctx) != MYNA_OK) return NULL;
  for (int i = 0; i < 20; i++) {
    unsigned char *pdf;
    size_t len;
    if (myna_render_memory(ctx, MYNA_DOC_PACKET, patient, strlen(patient), NULL, &pdf,
                           &len) == MYNA_OK) {
      (*ok)++;
      myna_free(pdf);
    }
  }
  myna_ctx_free(ctx);
  return NULL;
}

static void test_threads(void **state) {
  (void)state;
  pthread_t t[2];
  size_t ok[2] = {0, 0};
  for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, thread_main, &ok[i]);
  for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
  assert_int_equal(ok[0], 20);
  assert_int_equal(ok[1], 20);
}

/* The card API through the public header alone: NULL is safe, every new
 * status has its text, a reader that is not there is
 * MYNA_ERR_CARD_NO_READER whether pcscd runs or not, and *out stays NULL. */
static void test_card_api(void **state) {
  (void)state;
  myna_ctx *ctx = open_ok();
  myna_card *card = (myna_card *)ctx; /* must be reset to NULL */
  assert_int_equal(myna_card_open(ctx, "No Such Reader of the API test", &card),
                   MYNA_ERR_CARD_NO_READER);
  assert_null(card);
  assert_true(strncmp(myna_ctx_errmsg(ctx), "card reader: ", 13) == 0);
  assert_int_equal(myna_card_open(NULL, NULL, &card), MYNA_ERR_USAGE);
  assert_int_equal(myna_card_open(ctx, NULL, NULL), MYNA_ERR_USAGE);
  assert_int_equal(myna_card_list_readers(ctx, NULL), MYNA_ERR_USAGE);
  char *json = NULL;
  assert_int_equal(myna_card_read(NULL, "1234", 4, 0, &json), MYNA_ERR_USAGE);
  assert_int_equal(myna_card_probe(NULL, NULL), MYNA_ERR_USAGE);
  assert_int_equal(myna_card_tries_left(NULL), -1);
  assert_string_equal(myna_card_reader(NULL), "");
  myna_card_free(NULL);
  for (int st = MYNA_ERR_CARD_NO_READER; st <= MYNA_ERR_CARD_DATA; st++)
    assert_string_not_equal(myna_status_str((myna_status)st), "unknown status");
  assert_int_equal(MYNA_ERR_CARD_NO_READER, 13);
  assert_int_equal(MYNA_ERR_CARD_DATA, 21);
  myna_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_render_memory),   cmocka_unit_test(test_render_file),
      cmocka_unit_test(test_errors),          cmocka_unit_test(test_bad_fonts),
      cmocka_unit_test(test_multi_record_pdf), cmocka_unit_test(test_save_twice),
      cmocka_unit_test(test_pdfa),
      cmocka_unit_test(test_ctx_free_frees_pdfs), cmocka_unit_test(test_typeset_bad_numbers),
      cmocka_unit_test(test_dump_and_templates), cmocka_unit_test(test_card_api),
      cmocka_unit_test(test_threads),          cmocka_unit_test(test_file_modes),
      cmocka_unit_test(test_fifo_output),      cmocka_unit_test(test_long_name),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
