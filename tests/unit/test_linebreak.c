/* test_linebreak.c — character classes and break opportunities
 * (typesetting.md §1, §2) on real shaped text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "layout/linebreak.h"
#include "layout/shape.h"

#include "font_fixture.h"

static void shape(fx *f, const char *text, mf_shaped *s) {
  assert_int_equal(mf_shape(&f->ctx, f->fs, MF_FACE_MINCHO, text, strlen(text),
                            "test", s),
                   MYNA_OK);
}

/* Index of the cluster starting at byte off. */
static size_t cluster_at(const mf_shaped *s, size_t off) {
  for (size_t k = 0; k < s->ncl; k++)
    if (s->cl[k].start == off) return k;
  fail_msg("no cluster at byte %zu", off);
  return 0;
}

/* Break code of the boundary between left and right in left+right. */
static uint8_t code(fx *f, const char *left, const char *right, mf_kinsoku k) {
  char buf[512];
  snprintf(buf, sizeof buf, "%s%s", left, right);
  mf_shaped s;
  shape(f, buf, &s);
  uint8_t c = mf_lb_break_at(&s, NULL, cluster_at(&s, strlen(left)), k);
  mf_shaped_free(&s);
  return c;
}

static unsigned level(fx *f, const char *left, const char *right) {
  return code(f, left, right, MF_KINSOKU_STRICT) & MF_BRK_LEVEL;
}

/* Asserts no ordinary break inside token (in before+token+after), and that
 * its inner boundaries are marked as inside an unbreakable sequence. */
static void assert_kept(fx *f, const char *before, const char *token,
                        const char *after) {
  char buf[512];
  snprintf(buf, sizeof buf, "%s%s%s", before, token, after);
  mf_shaped s;
  shape(f, buf, &s);
  size_t a = cluster_at(&s, strlen(before));
  size_t b = cluster_at(&s, strlen(before) + strlen(token));
  for (size_t i = a + 1; i < b; i++) {
    uint8_t c = mf_lb_break_at(&s, NULL, i, MF_KINSOKU_STRICT);
    if ((c & MF_BRK_LEVEL) >= MF_BRK_ALLOW)
      fail_msg("break inside \"%s\" before cluster %zu", token, i - a);
    assert_false(mf_lb_can_break(&s, i, MF_KINSOKU_STRICT));
    assert_false(mf_lb_can_break(&s, i, MF_KINSOKU_NORMAL));
  }
  mf_shaped_free(&s);
}

/* Classes of the members listed in typesetting.md §1, with FFxx forms. */
static void test_classes(void **state) {
  (void)state;
  static const struct {
    const char *chars;
    mf_lb_cls cls;
  } t[] = {
      {"‘“(〔[{〈《「『【⦅〘〖«〝（［｛｟｢", MF_LB_OPEN},
      {"’”)〕]}〉》」』】⦆〙〗»〟）］｝｠｣", MF_LB_CLOSE},
      {"‐〜゠–～", MF_LB_HYPHEN},
      {"!?‼⁇⁈⁉！？", MF_LB_DIVIDING},
      {"・:;：；･", MF_LB_MIDDLE},
      {"。.．｡", MF_LB_STOP},
      {"、,，､", MF_LB_COMMA},
      {"—…‥〳〴〵―", MF_LB_INSEP},
      {"ヽヾゝゞ々〻", MF_LB_ITER},
      {"ーｰ", MF_LB_PROLONG},
      {"ぁぃぅぇぉァィゥェォっゃゅょゎゕゖッャュョヮヵヶㇰㇿｧｨｩｪｫｬｭｮｯ", MF_LB_SMALL},
      {"¥$£#€￥＄￡＃", MF_LB_PREFIX},
      {"°′″℃¢%‰㏋ℓ㌃㌍㌔㌘㌢㌣㌦㌧㌫㌶㌻㍉㍊㍍㍑㍗㎎㎏㎜㎝㎞㎡㏄％", MF_LB_POSTFIX},
      {"\xE3\x80\x80", MF_LB_IDSPACE},
      {"あいをんゔ", MF_LB_HIRAGANA},
      {"アイヲンヴｱﾝ", MF_LB_KATAKANA},
      {"漢字𠮷髙﨑〇", MF_LB_IDEO},
      {"※＊", MF_LB_REFMARK},
      {"0123456789０１２３４５６７８９", MF_LB_DIGIT},
      {"AZazÀéΩЖＡｚ", MF_LB_LATIN},
      {" ", MF_LB_SPACE},
      {"゛゜ﾞﾟ", MF_LB_VOICED},
      {"\n", MF_LB_NEWLINE},
      {"＋−±×÷－", MF_LB_MATH_OP},
      {"＝≠＜＞", MF_LB_MATH_REL},
  };
  for (size_t i = 0; i < MF_ARRAY_LEN(t); i++) {
    const char *p = t[i].chars;
    size_t n = strlen(p), at = 0;
    while (at < n) {
      size_t was = at;
      uint32_t cp = mf_utf8_next(p, n, &at);
      if (mf_lb_class(cp) != t[i].cls)
        fail_msg("U+%04X (%.*s): class %d, expected %d", (unsigned)cp,
                 (int)(at - was), p + was, mf_lb_class(cp), t[i].cls);
    }
  }
}

/* The hard and negotiable sets of the project's decision (§1). */
static void test_start_end_sets(void **state) {
  (void)state;
  static const mf_lb_cls hard[] = {MF_LB_CLOSE, MF_LB_DIVIDING, MF_LB_MIDDLE,
                                   MF_LB_STOP,  MF_LB_COMMA,    MF_LB_ITER,
                                   MF_LB_VOICED};
  static const mf_lb_cls soft[] = {MF_LB_SMALL, MF_LB_PROLONG, MF_LB_HYPHEN};
  for (size_t i = 0; i < MF_ARRAY_LEN(hard); i++) {
    assert_true(mf_lb_no_start(hard[i], MF_KINSOKU_STRICT));
    assert_true(mf_lb_no_start(hard[i], MF_KINSOKU_NORMAL));
  }
  for (size_t i = 0; i < MF_ARRAY_LEN(soft); i++) {
    assert_true(mf_lb_no_start(soft[i], MF_KINSOKU_STRICT));
    assert_false(mf_lb_no_start(soft[i], MF_KINSOKU_NORMAL));
  }
  assert_false(mf_lb_no_start(MF_LB_IDEO, MF_KINSOKU_STRICT));
  assert_false(mf_lb_no_start(MF_LB_OPEN, MF_KINSOKU_STRICT));
  assert_true(mf_lb_no_end(MF_LB_OPEN));
  assert_false(mf_lb_no_end(MF_LB_CLOSE));
}

/* 行頭禁則 / 行末禁則 between kanji: hard at every level. */
static void test_hard_kinsoku(void **state) {
  fx *f = *state;
  static const char *no_start[] = {"。", "、", "）", "」", "』", "】", "・",
                                   "：", "！", "？", "々", "ゝ", "ヽ", "，",
                                   "．", "〕", "゛", "’", "”", "‼"};
  for (size_t i = 0; i < MF_ARRAY_LEN(no_start); i++) {
    char right[32];
    snprintf(right, sizeof right, "%s字", no_start[i]);
    if (code(f, "漢", right, MF_KINSOKU_STRICT) != MF_BRK_NONE ||
        code(f, "漢", right, MF_KINSOKU_NORMAL) != MF_BRK_NONE)
      fail_msg("a line may start with %s", no_start[i]);
  }
  static const char *no_end[] = {"（", "「", "『", "【", "〔", "［", "｛",
                                 "〈", "《", "‘", "“"};
  for (size_t i = 0; i < MF_ARRAY_LEN(no_end); i++) {
    char left[32];
    snprintf(left, sizeof left, "漢%s", no_end[i]);
    if (code(f, left, "字", MF_KINSOKU_NORMAL) != MF_BRK_NONE)
      fail_msg("a line may end with %s", no_end[i]);
  }
  /* the other side of each bracket is free */
  assert_int_equal(level(f, "漢」", "字"), MF_BRK_ALLOW);
  assert_int_equal(level(f, "漢", "「字"), MF_BRK_ALLOW);
  assert_int_equal(level(f, "漢。", "字"), MF_BRK_ALLOW);
  assert_int_equal(level(f, "あ", "い"), MF_BRK_ALLOW);
}

/* Negotiable: small kana, ー and hyphens start a line only in normal. */
static void test_negotiable(void **state) {
  fx *f = *state;
  static const char *soft[] = {"っ", "ゃ", "ッ", "ョ", "ヶ", "ー", "〜",
                               "～", "‐", "゠", "ｯ", "ｰ"};
  for (size_t i = 0; i < MF_ARRAY_LEN(soft); i++) {
    if ((code(f, "か", soft[i], MF_KINSOKU_STRICT) & MF_BRK_LEVEL) !=
        MF_BRK_EMERGENCY)
      fail_msg("strict: %s may start a line", soft[i]);
    if ((code(f, "か", soft[i], MF_KINSOKU_NORMAL) & MF_BRK_LEVEL) !=
        MF_BRK_ALLOW)
      fail_msg("normal: %s may not start a line", soft[i]);
  }
}

/* 分割禁止 (typesetting.md §2). */
static void test_unbreakable(void **state) {
  fx *f = *state;
  assert_kept(f, "あ", "――", "い");
  assert_kept(f, "あ", "——", "い");
  assert_kept(f, "あ", "……", "い");
  assert_kept(f, "あ", "‥‥", "い");
  /* different cl-08 characters may break */
  assert_int_equal(level(f, "あ―", "…い"), MF_BRK_ALLOW);
  assert_kept(f, "は", "10,000", "円です");
  assert_kept(f, "は", "3.14", "です");
  assert_kept(f, "は", "０３－１２３４－５６７８", "です");
  assert_kept(f, "は", "03-1234-5678", "です");
  assert_kept(f, "は", "(03)1234-5678", "です");
  assert_kept(f, "は", "１２３４５６７８", "です");
  assert_kept(f, "額", "80,100円", "です");
  assert_kept(f, "は", "50%", "です");
  assert_kept(f, "は", "５０％", "です");
  assert_kept(f, "は", "36.5℃", "です");
  assert_kept(f, "は", "10kg", "です");
  assert_kept(f, "は", "３割", "です");
  assert_kept(f, "は", "20歳", "です");
  assert_kept(f, "は", "3か月", "です");
  assert_kept(f, "は", "¥1,000", "です");
  assert_kept(f, "は", "＄20", "です");
  assert_kept(f, "は", "￥１，０００", "です");
  assert_kept(f, "住所", "〒100-0001", "東京都");
  assert_kept(f, "住所", "〒１００－０００１", "東京都");
  assert_kept(f, "は", "令和6年4月1日", "です");
  assert_kept(f, "は", "令和６年４月１日", "です");
  assert_kept(f, "は", "令和元年5月1日", "です");
  assert_kept(f, "は", "令和 6年 4月 1日", "です");
  assert_kept(f, "は", "平成31年4月30日", "です");
  assert_kept(f, "は", "10時30分", "です");
  assert_kept(f, "町", "１丁目２番３号", "です");
  assert_kept(f, "町", "1-2-3", "です");
  assert_kept(f, "ビル", "1234号室", "です");
  assert_kept(f, "。", "※1", "この");
  assert_kept(f, "。", "※１", "この");
  assert_kept(f, "。", "＊1", "この");
  assert_kept(f, "。", "注1", "この");
  assert_kept(f, "は", "Nguyen", "です");
  assert_kept(f, "は", "COVID-19", "です");
  /* and the edges of those tokens are ordinary breaks */
  assert_int_equal(level(f, "は", "03-1234-5678"), MF_BRK_ALLOW);
  assert_int_equal(level(f, "03-1234-5678", "です"), MF_BRK_ALLOW);
  assert_int_equal(level(f, "令和6年4月1日", "に"), MF_BRK_ALLOW);
  assert_int_equal(level(f, "1日", "から"), MF_BRK_ALLOW);
  /* inside a token the boundary is flagged: no stretching there */
  assert_true(code(f, "0", "3", MF_KINSOKU_STRICT) & MF_BRK_TOKEN);
  assert_false(code(f, "あ", "い", MF_KINSOKU_STRICT) & MF_BRK_TOKEN);
}

/* Spaces, URLs, line feeds. */
static void test_spaces_urls_newline(void **state) {
  fx *f = *state;
  /* Latin text breaks only after spaces, never before them */
  assert_int_equal(level(f, "NGUYEN ", "VAN"), MF_BRK_SPACE);
  assert_int_equal(level(f, "NGUYEN", " VAN"), MF_BRK_NONE);
  assert_int_equal(level(f, "記号\xE3\x80\x80", "番号"), MF_BRK_SPACE);
  assert_int_equal(level(f, "記号", "\xE3\x80\x80番号"), MF_BRK_NONE);
  /* kinsoku holds across a space */
  assert_int_equal(level(f, "あ ", "」"), MF_BRK_NONE);
  assert_int_equal(level(f, "「 ", "あ"), MF_BRK_NONE);
  /* a URL breaks after / or . only as a last resort; 3.14 never */
  assert_int_equal(level(f, "https://myna.", "go.jp/"), MF_BRK_URL);
  assert_int_equal(level(f, "https://myna.go.jp/", "abc"), MF_BRK_URL);
  assert_int_equal(level(f, "https://my", "na.go.jp/"), MF_BRK_EMERGENCY);
  assert_int_equal(level(f, "3.", "14"), MF_BRK_EMERGENCY);
  /* also after a hyphen (mail addresses, host names, Wi-Fi), never inside
   * // nor before a number (B-12, v1.2); phone numbers stay whole */
  assert_int_equal(level(f, "info@example-", "clinic.jp"), MF_BRK_URL);
  assert_int_equal(level(f, "Wi-", "Fi"), MF_BRK_URL);
  assert_int_equal(level(f, "https:/", "/myna.go.jp"), MF_BRK_EMERGENCY);
  assert_int_equal(level(f, "B-", "12"), MF_BRK_EMERGENCY);
  assert_int_equal(level(f, "v1.", "2"), MF_BRK_EMERGENCY);
  assert_int_equal(level(f, "No.", "5"), MF_BRK_EMERGENCY);
  assert_int_equal(level(f, "example.jp/", "2024/04/"), MF_BRK_URL);
  assert_int_equal(level(f, "2024/", "04"), MF_BRK_EMERGENCY);
  assert_int_equal(level(f, "03-", "1234-5678"), MF_BRK_EMERGENCY);
  assert_int_equal(level(f, "a--", "b"), MF_BRK_URL);
  assert_int_equal(level(f, "a-", "-b"), MF_BRK_EMERGENCY);
  /* a line feed forces a break after it and keeps it on its line */
  assert_int_equal(level(f, "一\n", "二"), MF_BRK_FORCED);
  assert_int_equal(level(f, "一", "\n二"), MF_BRK_NONE);
  /* Japanese next to Latin breaks */
  assert_int_equal(level(f, "保険証", "ID番号"), MF_BRK_ALLOW);
  assert_int_equal(level(f, "保険証ID", "番号"), MF_BRK_ALLOW);
  /* address components are preferred breaks */
  assert_int_equal(level(f, "東京都", "新宿区"), MF_BRK_COMPONENT);
  assert_int_equal(level(f, "東京都新宿区", "西新宿"), MF_BRK_COMPONENT);
}

/* The array and the one-boundary function agree everywhere. */
static void test_batch_matches_single(void **state) {
  fx *f = *state;
  const char *t =
      "※1　令和6年4月1日から、保険証（ID: AB-123）は50%の¥1,000で、"
      "https://myna.go.jp/ を見て「ちょっと待って」——と言った……。\n"
      "〒100-0001 東京都千代田区1-1　電話03-1234-5678、ヶ所ー々。";
  mf_shaped s;
  shape(f, t, &s);
  uint8_t *cls = malloc(s.ncl), *brk = malloc(s.ncl);
  assert_non_null(cls);
  assert_non_null(brk);
  mf_lb_classify(&s, cls);
  for (int k = 0; k < 2; k++) {
    mf_kinsoku kin = k ? MF_KINSOKU_NORMAL : MF_KINSOKU_STRICT;
    mf_lb_breaks(&s, cls, kin, brk);
    assert_int_equal(brk[0], MF_BRK_NONE);
    for (size_t i = 1; i < s.ncl; i++) {
      assert_int_equal(brk[i], mf_lb_break_at(&s, NULL, i, kin));
      assert_int_equal(brk[i], mf_lb_break_at(&s, cls, i, kin));
      assert_int_equal((brk[i] & MF_BRK_LEVEL) >= MF_BRK_ALLOW,
                       mf_lb_can_break(&s, i, kin));
    }
  }
  free(cls);
  free(brk);
  mf_shaped_free(&s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_classes),
      cmocka_unit_test(test_start_end_sets),
      cmocka_unit_test(test_hard_kinsoku),
      cmocka_unit_test(test_negotiable),
      cmocka_unit_test(test_unbreakable),
      cmocka_unit_test(test_spaces_urls_newline),
      cmocka_unit_test(test_batch_matches_single),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
