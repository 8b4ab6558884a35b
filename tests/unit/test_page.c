/* test_page.c — the page display list: a glyph keeps the whole source text
 * of its cluster, however long (a base and thousands of combining marks
 * used to wrap a 16-bit length), and the layout dump prints it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "layout/dump.h"
#include "layout/page.h"

/* "a" followed by n ZERO WIDTH JOINERs (3 bytes each): one cluster */
static char *long_cluster(size_t n, size_t *len) {
  *len = 1 + 3 * n;
  char *s = malloc(*len + 1);
  assert_non_null(s);
  s[0] = 'a';
  for (size_t i = 0; i < n; i++) memcpy(s + 1 + 3 * i, "\xE2\x80\x8D", 3);
  s[*len] = 0;
  return s;
}

static void check_cluster(size_t n) {
  size_t len;
  char *text = long_cluster(n, &len);
  mf_page pg;
  mf_page_init(&pg);
  mf_run *r = mf_page_run(&pg, MF_FACE_MINCHO, MF_LAYER_DATA, 10.5, 10, 20);
  assert_non_null(r);
  mf_page_glyph(&pg, r, 42, 0, 0, 1.0, text, len);
  r = &pg.runs[0];
  mf_page_glyph(&pg, r, 43, 10.5, 0, 1.0, "b", 1);
  assert_true(mf_page_ok(&pg));
  assert_int_equal(pg.nglyphs, 2);
  assert_int_equal(pg.glyphs[0].text_len, len);
  assert_memory_equal(mf_pglyph_text(&pg, &pg.glyphs[0]), text, len);
  assert_int_equal(pg.glyphs[1].text_len, 1);
  assert_memory_equal(mf_pglyph_text(&pg, &pg.glyphs[1]), "b", 1);

  /* the dump gives back the run's whole text: "<text>b" */
  mf_buf b;
  mf_buf_init(&b);
  mf_dump_page(&b, NULL, &pg);
  assert_true(mf_buf_ok(&b));
  const char *q = memchr(b.data, '"', b.len);
  assert_non_null(q);
  assert_true((size_t)(b.data + b.len - q) > len + 2);
  assert_memory_equal(q + 1, text, len);
  assert_memory_equal(q + 1 + len, "b\"", 2);
  mf_buf_free(&b);
  mf_page_free(&pg);
  free(text);
}

static void test_cluster_under_64k(void **state) {
  (void)state;
  check_cluster(21844); /* 1 + 3 × 21844 = 65533 bytes */
}

static void test_cluster_of_65536_bytes(void **state) {
  (void)state;
  check_cluster(21845); /* 1 + 3 × 21845 = 65536 = MYNA_LIMIT_TYPESET_BYTES */
}

static void test_cluster_of_200000_bytes(void **state) {
  (void)state;
  check_cluster(66667); /* a template text may be up to MYNA_LIMIT_TEMPLATE_BYTES */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cluster_under_64k),
      cmocka_unit_test(test_cluster_of_65536_bytes),
      cmocka_unit_test(test_cluster_of_200000_bytes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
