/*
 * test_typeset_pdf.c — myna_typeset's PDF gives back its whole text on copy
 * and search (pdftotext reads the ToUnicode maps): clusters that shaping
 * merges into one glyph (21ﾞ: the font draws 1ﾞ as one glyph) keep their
 * text.  Skipped without pdftotext.  Public header only.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "mynaform.h"

/* Typesets text into a PDF and returns what pdftotext reads from it. */
static char *typeset_text(const char *text, size_t len) {
  myna_ctx *ctx = NULL;
  myna_status st = myna_ctx_open(NULL, &ctx);
  if (st != MYNA_OK) fprintf(stderr, "open: %s\n", myna_ctx_errmsg(ctx));
  assert_int_equal(st, MYNA_OK);
  char dir[] = "/tmp/mynaform-typeset-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char pdf[64], cmd[160];
  snprintf(pdf, sizeof pdf, "%s/t.pdf", dir);
  myna_typeset_opts o = {0};
  o.struct_size = sizeof o;
  o.width = 400;
  char *json = NULL;
  st = myna_typeset(ctx, text, len, &o, pdf, &json);
  if (st != MYNA_OK) fprintf(stderr, "typeset: %s\n", myna_ctx_errmsg(ctx));
  assert_int_equal(st, MYNA_OK);
  myna_free(json);
  myna_ctx_free(ctx);

  snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - 2>/dev/null", pdf);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  size_t cap = len * 2 + 4096, n = 0, k;
  char *out = malloc(cap + 1);
  assert_non_null(out);
  while (n < cap && (k = fread(out + n, 1, cap - n, p)) > 0) n += k;
  out[n] = 0;
  assert_int_equal(pclose(p), 0);
  unlink(pdf);
  rmdir(dir);
  return out;
}

static void test_merged_cluster(void **state) {
  (void)state;
  /* "a21ﾞb" (U+FF9E HALFWIDTH KATAKANA VOICED SOUND MARK): pdftotext may
   * put a space after the wide 1ﾞ glyph, so look for "21ﾞ" */
  const char text[] = "a21\xEF\xBE\x9E" "b", want[] = "a21\xEF\xBE\x9E";
  char *out = typeset_text(text, strlen(text));
  if (!strstr(out, want)) fail_msg("pdftotext gave [%s], expected [%s]", out, want);
  free(out);
}

int main(void) {
  if (system("pdftotext -v >/dev/null 2>&1") != 0) {
    printf("SKIP: pdftotext not installed\n");
    return 77;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_merged_cluster),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
