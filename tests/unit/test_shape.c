/*
 * test_shape.c — font choice per cluster, checked by glyph: each name
 * character must print as the exact glyph its (base, selector) pair names,
 * from the font that has that pair; never a .notdef, never a normalised
 * code point.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "font_fixture.h"
#include "layout/shape.h"

/* The glyph a face's cmap gives for (cp, vs); 0 if none. */
static uint32_t glyph_of(const mf_fontset *fs, mf_face_id face, uint32_t cp, uint32_t vs) {
  hb_codepoint_t g = 0;
  if (vs)
    return hb_font_get_variation_glyph(fs->faces[face].font, cp, vs, &g) ? g : 0;
  return hb_font_get_nominal_glyph(fs->faces[face].font, cp, &g) ? g : 0;
}

/* Shapes text with BIZ UD Mincho first and returns its one cluster. */
static mf_cluster one(fx *f, const char *text, mf_shaped *s) {
  assert_int_equal(mf_shape(&f->ctx, f->fs, MF_FACE_MINCHO, text, strlen(text), "t", s),
                   MYNA_OK);
  assert_int_equal(s->ncl, 1);
  assert_int_equal(s->cl[0].ng, 1);
  return s->cl[0];
}

static void test_non_bmp_from_ipamj(void **state) {
  fx *f = *state;
  mf_shaped s;
  mf_cluster c = one(f, "\xf0\xa0\xae\xb7", &s); /* 𠮷 U+20BB7 */
  assert_int_equal(c.face, MF_FACE_IPAMJ);
  assert_int_equal(glyph_of(f->fs, MF_FACE_MINCHO, 0x20BB7, 0), 0); /* BIZ UD lacks it */
  assert_int_equal(s.gl[c.g0].gid, glyph_of(f->fs, MF_FACE_IPAMJ, 0x20BB7, 0));
  assert_int_not_equal(s.gl[c.g0].gid, glyph_of(f->fs, MF_FACE_IPAMJ, 0x5409, 0)); /* not 吉 */
  mf_shaped_free(&s);
}

static void test_adobe_ivs_from_biz_ud(void **state) {
  fx *f = *state;
  mf_shaped s;
  /* 葛󠄀 U+845B U+E0100: registered in BIZ UD (Adobe-Japan1), not in IPAmj */
  mf_cluster c = one(f, "\xe8\x91\x9b\xf3\xa0\x84\x80", &s);
  assert_int_equal(c.face, MF_FACE_MINCHO);
  assert_int_equal(c.vs, 0xE0100);
  uint32_t variant = glyph_of(f->fs, MF_FACE_MINCHO, 0x845B, 0xE0100);
  assert_int_equal(s.gl[c.g0].gid, variant);
  assert_int_not_equal(variant, glyph_of(f->fs, MF_FACE_MINCHO, 0x845B, 0)); /* not plain 葛 */
  assert_int_equal(c.len, 7); /* the selector stays in the cluster's text */
  mf_shaped_free(&s);
  /* 辻󠄀 U+8FBB U+E0100: one-dot shinnyō, BIZ UD */
  c = one(f, "\xe8\xbe\xbb\xf3\xa0\x84\x80", &s);
  assert_int_equal(c.face, MF_FACE_MINCHO);
  assert_int_equal(s.gl[c.g0].gid, glyph_of(f->fs, MF_FACE_MINCHO, 0x8FBB, 0xE0100));
  assert_int_not_equal(s.gl[c.g0].gid, glyph_of(f->fs, MF_FACE_MINCHO, 0x8FBB, 0));
  mf_shaped_free(&s);
}

static void test_mj_ivs_from_ipamj(void **state) {
  fx *f = *state;
  mf_shaped s;
  /* 邉 U+9089 U+E0110: a Moji_Joho sequence only IPAmj has */
  mf_cluster c = one(f, "\xe9\x82\x89\xf3\xa0\x84\x90", &s);
  assert_int_equal(c.face, MF_FACE_IPAMJ);
  assert_int_equal(s.gl[c.g0].gid, glyph_of(f->fs, MF_FACE_IPAMJ, 0x9089, 0xE0110));
  assert_int_not_equal(s.gl[c.g0].gid, glyph_of(f->fs, MF_FACE_IPAMJ, 0x9089, 0));
  assert_int_equal(f->ctx.warning_count, 0);
  mf_shaped_free(&s);
}

static void test_compatibility_ideograph_kept(void **state) {
  fx *f = *state;
  mf_shaped s;
  /* 神 U+FA19 prints its own glyph, not that of U+795E (no NFC) */
  mf_cluster c = one(f, "\xef\xa8\x99", &s);
  assert_int_equal(c.cp, 0xFA19);
  assert_int_equal(c.face, MF_FACE_MINCHO);
  assert_int_equal(s.gl[c.g0].gid, glyph_of(f->fs, MF_FACE_MINCHO, 0xFA19, 0));
  assert_int_not_equal(s.gl[c.g0].gid, glyph_of(f->fs, MF_FACE_MINCHO, 0x795E, 0));
  mf_shaped_free(&s);
  /* 髙 U+9AD9 and 﨑 U+FA11 come from BIZ UD as themselves */
  c = one(f, "\xe9\xab\x99", &s);
  assert_int_equal(c.face, MF_FACE_MINCHO);
  assert_int_equal(s.gl[c.g0].gid, glyph_of(f->fs, MF_FACE_MINCHO, 0x9AD9, 0));
  assert_int_not_equal(s.gl[c.g0].gid, glyph_of(f->fs, MF_FACE_MINCHO, 0x9AD8, 0));
  mf_shaped_free(&s);
}

static void test_unsupported_selector_falls_back_with_warning(void **state) {
  fx *f = *state;
  mf_shaped s;
  /* 高 U+9AD8 U+E0101: in neither font — the base glyph, flagged */
  mf_cluster c = one(f, "\xe9\xab\x98\xf3\xa0\x84\x81", &s);
  assert_true(c.flags & MF_CL_VS_DROPPED);
  assert_int_equal(s.gl[c.g0].gid, glyph_of(f->fs, c.face, 0x9AD8, 0));
  assert_int_equal(f->ctx.warning_count, 1);
  assert_non_null(strstr(f->ctx.warnings[0], "U+E0101"));
  mf_shaped_free(&s);
  mf_ctx_reset(&f->ctx);
}

static void test_no_font_is_an_error(void **state) {
  fx *f = *state;
  mf_shaped s;
  /* 张 U+5F20 (simplified) is in neither font: an error, never .notdef */
  assert_int_equal(mf_shape(&f->ctx, f->fs, MF_FACE_MINCHO, "\xe5\xbc\xa0", 3, "$.name", &s),
                   MYNA_ERR_GLYPH);
  assert_non_null(strstr(f->ctx.errmsg, "$.name"));
  assert_null(strstr(f->ctx.errmsg, "U+5F20")); /* not verbose: no character */
  mf_ctx_reset(&f->ctx);
}

static void test_runs_split_by_font(void **state) {
  fx *f = *state;
  mf_shaped s;
  const char *t = "\xf0\xa0\xae\xb7\xe7\x94\xb0\xe3\x80\x80\xe8\x91\x9b\xf3\xa0\x84\x80"
                  "\xe5\xad\x90"; /* 𠮷田　葛󠄀子 */
  assert_int_equal(mf_shape(&f->ctx, f->fs, MF_FACE_MINCHO, t, strlen(t), "t", &s), MYNA_OK);
  assert_int_equal(s.ncl, 5);
  static const int faces[] = {MF_FACE_IPAMJ, MF_FACE_MINCHO, MF_FACE_MINCHO, MF_FACE_MINCHO,
                              MF_FACE_MINCHO};
  for (size_t k = 0; k < 5; k++) {
    assert_int_equal(s.cl[k].face, faces[k]);
    assert_int_equal(s.cl[k].ng, 1);
    assert_int_not_equal(s.gl[s.cl[k].g0].gid, 0);
  }
  mf_shaped_free(&s);
}

static void test_two_em_dash(void **state) {
  fx *f = *state;
  mf_shaped s;
  /* —— (U+2014 ×2) takes fwid: each dash 1 em, the 2 em 二倍ダーシ */
  assert_int_equal(mf_shape(&f->ctx, f->fs, MF_FACE_MINCHO, "\xe2\x80\x94\xe2\x80\x94", 6,
                            "t", &s),
                   MYNA_OK);
  assert_int_equal(s.ncl, 2);
  assert_true(s.cl[0].adv > 0.99 && s.cl[0].adv < 1.01);
  assert_int_not_equal(s.gl[0].gid, glyph_of(f->fs, MF_FACE_MINCHO, 0x2014, 0));
  mf_shaped_free(&s);
}

/* A cluster of more glyphs than 16 bits count (a base and 70,000 combining
 * marks, which a template's text may hold): every glyph is kept. */
static void test_huge_cluster_keeps_every_glyph(void **state) {
  fx *f = *state;
  size_t marks = 70000, len = 1 + 2 * marks;
  char *t = malloc(len + 1);
  assert_non_null(t);
  t[0] = 'a';
  for (size_t i = 0; i < marks; i++) memcpy(t + 1 + 2 * i, "\xcc\x81", 2); /* U+0301 */
  t[len] = '\0';
  mf_shaped s;
  assert_int_equal(mf_shape(&f->ctx, f->fs, MF_FACE_MINCHO, t, len, "t", &s), MYNA_OK);
  assert_int_equal(s.ncl, 1);
  assert_int_equal(s.cl[0].ng, s.ngl);
  assert_true(s.ngl >= marks); /* á may be composed: a + U+0301 → one glyph */
  mf_shaped_free(&s);
  free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_non_bmp_from_ipamj, setup, teardown),
      cmocka_unit_test_setup_teardown(test_adobe_ivs_from_biz_ud, setup, teardown),
      cmocka_unit_test_setup_teardown(test_mj_ivs_from_ipamj, setup, teardown),
      cmocka_unit_test_setup_teardown(test_compatibility_ideograph_kept, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unsupported_selector_falls_back_with_warning,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_no_font_is_an_error, setup, teardown),
      cmocka_unit_test_setup_teardown(test_runs_split_by_font, setup, teardown),
      cmocka_unit_test_setup_teardown(test_two_em_dash, setup, teardown),
      cmocka_unit_test_setup_teardown(test_huge_cluster_keeps_every_glyph, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
