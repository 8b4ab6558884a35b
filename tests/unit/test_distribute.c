/* test_distribute.c — the "distribute" alignment (均等割り, JIS X 4051
 * §4.18) of a template text item: the line fills the width, the first
 * character at the left edge, the last ending at the right edge, even gaps;
 * at any length (lines of more than 64 characters used to draw nothing). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "input/template.h"
#include "layout/compose.h"
#include "layout/page.h"

#include "font_fixture.h"

/* A template with one static text item, 150 mm wide, spread evenly. */
static void check_distributed(fx *f, size_t nchars, const char *ch) {
  size_t chl = strlen(ch);
  mf_buf tpl;
  mf_buf_init(&tpl);
  mf_buf_puts(&tpl,
              "{\"format\": \"mynaform-template/1\", \"document\": \"declaration\","
              " \"title\": \"t\", \"edition\": \"e\", \"date\": \"2023-01-01\","
              " \"items\": [{\"type\": \"text\", \"x\": 20, \"y\": 20, \"w\": 150,"
              " \"size\": 4, \"align\": \"distribute\", \"text\": \"");
  for (size_t i = 0; i < nchars; i++) mf_buf_append(&tpl, ch, chl);
  mf_buf_puts(&tpl, "\"}]}");
  assert_true(mf_buf_ok(&tpl));
  mf_template *t = NULL;
  myna_status st = mf_template_parse(&f->ctx, "t", tpl.data, tpl.len, &t);
  if (st != MYNA_OK) fail_msg("template: %s", f->ctx.errmsg);
  mf_page pg;
  mf_page_init(&pg);
  st = mf_compose(&f->ctx, f->fs, t, NULL, NULL, MF_COMPOSE_STATIC, &pg);
  if (st != MYNA_OK) fail_msg("compose: %s", f->ctx.errmsg);

  /* every character drawn, with its text */
  assert_int_equal(pg.nglyphs, nchars);
  size_t text = 0;
  for (size_t i = 0; i < pg.nglyphs; i++) text += pg.glyphs[i].text_len;
  assert_int_equal(text, nchars * chl);
  /* first at the left edge, last ending at the right, even gaps */
  const mf_run *r = &pg.runs[0];
  assert_true(fabs(r->x - MF_MM(20)) < 0.01);
  const mf_pglyph *first = &pg.glyphs[0], *last = &pg.glyphs[pg.nglyphs - 1];
  const mf_run *lr = &pg.runs[pg.nruns - 1];
  double size = lr->size;
  assert_true(fabs(first->x) < 0.01);
  double right = lr->x + last->x + last->adv * size;
  if (fabs(right - MF_MM(170)) > 0.05) fail_msg("line ends at %.2f pt, not %.2f", right, MF_MM(170));
  if (nchars > 2) {
    double step = pg.glyphs[1].x - pg.glyphs[0].x;
    for (size_t i = 1; i < pg.nglyphs; i++)
      if (fabs(pg.glyphs[i].x - pg.glyphs[i - 1].x - step) > 0.01)
        fail_msg("uneven step at glyph %zu", i);
  }
  mf_page_free(&pg);
  mf_template_free(t);
  mf_buf_free(&tpl);
}

static void test_short_line(void **state) { check_distributed(*state, 4, "\xE6\xB0\x8F"); } /* 氏 */
static void test_64_characters(void **state) { check_distributed(*state, 64, "\xE3\x81\x82"); } /* あ */
static void test_65_characters(void **state) { check_distributed(*state, 65, "\xE3\x81\x82"); }
static void test_300_characters(void **state) { check_distributed(*state, 300, "a"); }

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_short_line),
      cmocka_unit_test(test_64_characters),
      cmocka_unit_test(test_65_characters),
      cmocka_unit_test(test_300_characters),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
