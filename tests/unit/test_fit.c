/* test_fit.c — fitting values into fixed boxes (typesetting.md §7.1):
 * nominal size, shrinking, wrapping with kinsoku, failure without the
 * value in the message, never clipping. */
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
#include "layout/fit.h"
#include "layout/linebreak.h"
#include "layout/shape.h"

#define TOL 1e-6

#define assert_near(a, b, eps)                                            \
  do {                                                                    \
    double a_ = (a), b_ = (b);                                            \
    if (fabs(a_ - b_) > (eps))                                            \
      fail_msg("%s = %.9g, expected %.9g", #a, a_, b_);                   \
  } while (0)

#include "font_fixture.h"

static mf_fit_opts box(double width, double height, unsigned lines) {
  mf_fit_opts o;
  memset(&o, 0, sizeof o);
  o.width = width;
  o.height = height;
  o.size = 10.5;
  o.min_size = 7;
  o.step = 0.5;
  o.max_lines = lines;
  o.leading = 1.25;
  return o;
}

typedef struct ft {
  mf_shaped s;
  mf_fit fit;
  myna_status st;
} ft;

static void fit(fx *f, const char *text, const mf_fit_opts *o, ft *t) {
  assert_int_equal(mf_shape(&f->ctx, f->fs, MF_FACE_MINCHO, text, strlen(text),
                            "$.address", &t->s),
                   MYNA_OK);
  t->st = mf_fit_text(&f->ctx, &t->s, o, "$.address", &t->fit);
}

static void done(ft *t) {
  mf_fit_free(&t->fit);
  mf_shaped_free(&t->s);
}

/* Never clipped, never spread, kinsoku kept, every cluster on a line. */
static void assert_placed(const ft *t, const mf_fit_opts *o) {
  const mf_para *p = &t->fit.para;
  assert_true(p->nlines >= 1);
  assert_true(p->max_width <= o->width + TOL);
  size_t next = 0;
  for (size_t i = 0; i < p->nlines; i++) {
    const mf_line *ln = &p->lines[i];
    assert_int_equal(ln->a, next);
    next = ln->b;
    assert_false(ln->emergency);
    assert_true(ln->start + ln->width <= o->width + TOL);
    assert_true(ln->width <= ln->natural + TOL); /* flush left */
    if (i > 0) {
      size_t k = ln->a;
      while (k < ln->b && isnan(p->x[k])) k++;
      assert_false(mf_lb_no_start(mf_lb_class(t->s.cl[k].cp), MF_KINSOKU_NORMAL));
    }
  }
  assert_int_equal(next, t->s.ncl);
}

static void test_fits_at_nominal(void **state) {
  fx *f = *state;
  ft t;
  mf_fit_opts o = box(100, 20, 1);
  fit(f, "山田 太郎", &o, &t);
  assert_int_equal(t.st, MYNA_OK);
  assert_near(t.fit.size, 10.5, 1e-9);
  assert_int_equal(t.fit.para.nlines, 1);
  assert_placed(&t, &o);
  assert_near(t.fit.para.x[0], 0, 1e-9);
  done(&t);
}

/* 20 kanji in 180 pt: 9 pt is the largest step that fits. */
static void test_shrinks(void **state) {
  fx *f = *state;
  ft t;
  mf_fit_opts o = box(180, 20, 1);
  fit(f, "東京都千代田区霞が関一丁目二番二号中央合", &o, &t);
  assert_int_equal(t.st, MYNA_OK);
  assert_near(t.fit.size, 9.0, 1e-9);
  assert_int_equal(t.fit.para.nlines, 1);
  assert_placed(&t, &o);
  done(&t);
  /* a minimum that is not on the step grid is tried too */
  o = box(146, 20, 1);
  o.min_size = 7.3;
  fit(f, "東京都千代田区霞が関一丁目二番二号中央合", &o, &t);
  assert_int_equal(t.st, MYNA_OK);
  assert_near(t.fit.size, 7.3, 1e-9);
  done(&t);
}

/* Too long for one line at the minimum: two lines, at the largest size. */
static void test_wraps(void **state) {
  fx *f = *state;
  ft t;
  /* two lines of 10.5 pt need 1.25 × 10.5 + 10.5 = 23.6 pt */
  mf_fit_opts o = box(180, 24, 2);
  fit(f, "東京都千代田区霞が関一丁目二番二号中央合同庁舎第五号館別館三階の窓口前広場横入口",
      &o, &t);
  assert_int_equal(t.st, MYNA_OK);
  assert_int_equal(t.fit.para.nlines, 2);
  assert_near(t.fit.size, 9.0, 1e-9); /* 40 em: 20 em a line at 9 pt */
  assert_placed(&t, &o);
  done(&t);
  /* the line feed of an address is a forced break */
  fit(f, "東京都千代田区\n霞が関一丁目", &o, &t);
  assert_int_equal(t.st, MYNA_OK);
  assert_int_equal(t.fit.para.nlines, 2);
  assert_near(t.fit.size, 10.5, 1e-9);
  done(&t);
}

/* Wrap before shrink: a value that does not fit one line at the nominal
 * size goes onto the second line the box holds rather than shrink (20 em:
 * one line of 180 pt at 9 pt, two at 10.5 pt); and its size never grows
 * with its length. */
static void test_wraps_before_shrinking(void **state) {
  fx *f = *state;
  ft t;
  mf_fit_opts o = box(180, 24, 2);
  const char *v = "東京都千代田区霞が関一丁目二番二号中央合同庁舎第五号館別館三階の窓口前広場横入口";
  fit(f, "東京都千代田区霞が関一丁目二番二号中央", &o, &t);
  assert_int_equal(t.st, MYNA_OK);
  assert_near(t.fit.size, 10.5, 1e-9);
  assert_int_equal(t.fit.para.nlines, 2);
  assert_placed(&t, &o);
  done(&t);
  double prev = 10.5;
  for (size_t n = 1; n <= 40; n++) { /* every prefix: 3 bytes a kanji */
    char buf[200];
    memcpy(buf, v, n * 3);
    buf[n * 3] = 0;
    fit(f, buf, &o, &t);
    assert_int_equal(t.st, MYNA_OK);
    assert_true(t.fit.size <= prev + 1e-9);
    assert_placed(&t, &o);
    prev = t.fit.size;
    done(&t);
  }
}

/* A name in kana wraps after a ・, not inside a part (マリア・デ・|ロス). */
static void test_breaks_after_nakaguro(void **state) {
  fx *f = *state;
  ft t;
  mf_fit_opts o = box(120, 30, 2); /* 11.4 em a line at 10.5 pt */
  o.min_size = 10.5;
  fit(f, "マリア・デ・ロス・アンヘレス", &o, &t);
  assert_int_equal(t.st, MYNA_OK);
  assert_int_equal(t.fit.para.nlines, 2);
  size_t k = t.fit.para.lines[1].a;
  while (isnan(t.fit.para.x[k])) k++;
  assert_int_equal(t.s.cl[k - 1].cp, 0x30FB); /* ・ ends line 1 */
  assert_placed(&t, &o);
  done(&t);
}

/* Breaks at a space (or an address component) when wrapping (§7.1.4). */
static void test_prefers_spaces(void **state) {
  fx *f = *state;
  ft t;
  mf_fit_opts o = box(200, 24, 2); /* 19 em: greedy would end at 都庁 */
  o.min_size = 10.5;
  const char *addr = "東京都新宿区西新宿二丁目８番１号 都庁第一本庁舎";
  fit(f, addr, &o, &t);
  assert_int_equal(t.st, MYNA_OK);
  assert_int_equal(t.fit.para.nlines, 2);
  size_t k = t.fit.para.lines[1].a;
  while (isnan(t.fit.para.x[k])) k++;
  assert_int_equal(t.s.cl[k].cp, 0x90FD); /* 都 of 都庁 */
  assert_placed(&t, &o);
  done(&t);
  /* names break between 姓 and 名 */
  o = box(40, 30, 2);
  o.min_size = 10.5;
  fit(f, "NGUYEN VAN AN", &o, &t);
  assert_int_equal(t.st, MYNA_OK);
  assert_placed(&t, &o);
  done(&t);
}

/* A value that does not fit: MYNA_ERR_FIT naming the field, not the value. */
static void test_fails(void **state) {
  fx *f = *state;
  ft t;
  mf_fit_opts o = box(100, 12, 1);
  const char *v = "東京都千代田区霞が関一丁目二番二号中央合同庁舎第五号館";
  fit(f, v, &o, &t);
  assert_int_equal(t.st, MYNA_ERR_FIT);
  const char *msg = f->ctx.errmsg;
  assert_non_null(strstr(msg, "$.address"));
  assert_non_null(strstr(msg, "does not fit"));
  assert_non_null(strstr(msg, "7 pt"));
  assert_null(strstr(msg, "東京"));
  assert_null(strstr(msg, "霞"));
  assert_int_equal(t.fit.para.nlines, 0);
  done(&t);
  /* an unbreakable number wider than the box */
  o = box(20, 40, 3);
  fit(f, "03-1234-5678", &o, &t);
  assert_int_equal(t.st, MYNA_ERR_FIT);
  assert_null(strstr(f->ctx.errmsg, "1234"));
  assert_non_null(strstr(f->ctx.errmsg, "unbreakable"));
  done(&t);
  /* the box is taller than max_lines allows: max_lines wins; and too low
   * a box holds fewer lines than max_lines */
  o = box(180, 12, 3);
  fit(f, "東京都千代田区霞が関一丁目二番二号中央合同庁舎第五号館別館三階の窓口", &o, &t);
  assert_int_equal(t.st, MYNA_ERR_FIT);
  assert_non_null(strstr(f->ctx.errmsg, "box holds 1"));
  done(&t);
}

/* Values are not justified and 和欧間 is off unless asked. */
static void test_data_field_spacing(void **state) {
  fx *f = *state;
  ft t;
  mf_fit_opts o = box(200, 20, 1);
  fit(f, "保険証ID番号", &o, &t);
  assert_int_equal(t.st, MYNA_OK);
  assert_near(t.fit.para.x[3] - t.fit.para.x[2], 10.5, 1e-9);
  done(&t);
  o.wakan = true;
  fit(f, "保険証ID番号", &o, &t);
  assert_near(t.fit.para.x[3] - t.fit.para.x[2], 1.25 * 10.5, 1e-9);
  done(&t);
  /* empty value */
  mf_shaped s;
  memset(&s, 0, sizeof s);
  mf_fit r;
  assert_int_equal(mf_fit_text(&f->ctx, &s, &o, "$.x", &r), MYNA_OK);
  assert_int_equal(r.para.nlines, 0);
  mf_fit_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fits_at_nominal),
      cmocka_unit_test(test_shrinks),
      cmocka_unit_test(test_wraps),
      cmocka_unit_test(test_wraps_before_shrinking),
      cmocka_unit_test(test_breaks_after_nakaguro),
      cmocka_unit_test(test_prefers_spaces),
      cmocka_unit_test(test_fails),
      cmocka_unit_test(test_data_field_spacing),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
