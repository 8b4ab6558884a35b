/* test_distribute.c — the "distribute" alignment (均等割り, JIS X 4051
 * §4.18) of a template text item: the line fills the width, the first
 * character at the left edge, the last ending at the right edge, even gaps;
 * at any length (lines of more than 64 characters used to draw nothing);
 * set smaller when longer than the width, but never below 4 pt. */
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

/* A template with one static text item at size pt, 150 mm wide, spread
 * evenly, laid out into pg; the status of the layout. */
static myna_status lay_out(fx *f, size_t nchars, const char *ch, double size, mf_page *pg) {
  size_t chl = strlen(ch);
  mf_buf tpl;
  mf_buf_init(&tpl);
  mf_buf_puts(&tpl,
              "{\"format\": \"mynaform-template/1\", \"document\": \"declaration\","
              " \"title\": \"t\", \"edition\": \"e\", \"date\": \"2023-01-01\","
              " \"items\": [{\"type\": \"text\", \"x\": 20, \"y\": 20, \"w\": 150,"
              " \"align\": \"distribute\", \"size\": ");
  mf_buf_num(&tpl, size, 2);
  mf_buf_puts(&tpl, ", \"text\": \"");
  for (size_t i = 0; i < nchars; i++) mf_buf_append(&tpl, ch, chl);
  mf_buf_puts(&tpl, "\"}]}");
  assert_true(mf_buf_ok(&tpl));
  mf_template *t = NULL;
  myna_status st = mf_template_parse(&f->ctx, "t", tpl.data, tpl.len, &t);
  if (st != MYNA_OK) fail_msg("template: %s", f->ctx.errmsg);
  mf_page_init(pg);
  st = mf_compose(&f->ctx, f->fs, t, NULL, NULL, MF_COMPOSE_STATIC, pg);
  mf_template_free(t);
  mf_buf_free(&tpl);
  return st;
}

static void check_distributed(fx *f, size_t nchars, const char *ch, double size) {
  mf_page pg;
  myna_status st = lay_out(f, nchars, ch, size, &pg);
  if (st != MYNA_OK) fail_msg("compose: %s", f->ctx.errmsg);

  /* every character drawn, with its text */
  assert_int_equal(pg.nglyphs, nchars);
  size_t text = 0;
  for (size_t i = 0; i < pg.nglyphs; i++) text += pg.glyphs[i].text_len;
  assert_int_equal(text, nchars * strlen(ch));
  /* first at the left edge, last ending at the right, even gaps */
  const mf_run *r = &pg.runs[0];
  assert_true(fabs(r->x - MF_MM(20)) < 0.01);
  const mf_pglyph *first = &pg.glyphs[0], *last = &pg.glyphs[pg.nglyphs - 1];
  const mf_run *lr = &pg.runs[pg.nruns - 1];
  double set = lr->size;
  assert_true(set >= 4 && set <= size);
  assert_true(fabs(first->x) < 0.01);
  double right = lr->x + last->x + last->adv * set;
  if (fabs(right - MF_MM(170)) > 0.05) fail_msg("line ends at %.2f pt, not %.2f", right, MF_MM(170));
  if (nchars > 2) {
    double step = pg.glyphs[1].x - pg.glyphs[0].x;
    for (size_t i = 1; i < pg.nglyphs; i++)
      if (fabs(pg.glyphs[i].x - pg.glyphs[i - 1].x - step) > 0.01)
        fail_msg("uneven step at glyph %zu", i);
  }
  mf_page_free(&pg);
}

static void test_short_line(void **state) { check_distributed(*state, 4, "\xE6\xB0\x8F", 4); } /* 氏 */
static void test_64_characters(void **state) { check_distributed(*state, 64, "\xE3\x81\x82", 4); } /* あ */
static void test_65_characters(void **state) { check_distributed(*state, 65, "\xE3\x81\x82", 4); }
/* 200 half-em letters at 5 pt are 500 pt: set smaller (4.25 pt) to fit 150 mm */
static void test_200_characters_shrunk(void **state) { check_distributed(*state, 200, "a", 5); }

/* Text that would have to be set below the format's minimum size (4 pt) to
 * fit is a template error, not 2.83 pt type (300 letters in 150 mm). */
static void test_below_minimum_size(void **state) {
  fx *f = *state;
  mf_page pg;
  assert_int_equal(lay_out(f, 300, "a", 4, &pg), MYNA_ERR_TEMPLATE);
  assert_non_null(strstr(f->ctx.errmsg, "template t: item 0 (text): distributed text would be set at 2.83 pt"));
  assert_non_null(strstr(f->ctx.errmsg, "below the minimum 4 pt"));
  mf_page_free(&pg);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_short_line),
      cmocka_unit_test(test_64_characters),
      cmocka_unit_test(test_65_characters),
      cmocka_unit_test(test_200_characters_shrunk),
      cmocka_unit_test(test_below_minimum_size),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
