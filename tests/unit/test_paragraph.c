/* test_paragraph.c — line composition of real shaped text: kinsoku,
 * 追い込み / 追い出し, punctuation spacing, 和欧間, justification, indents
 * (typesetting.md §3–§6). */
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
#include "layout/linebreak.h"
#include "layout/paragraph.h"
#include "layout/shape.h"

#define TOL 0.01 /* pt */
#define MM(v) ((v) / 25.4 * 72.0)

/* The "kinsoku trap" of bench/peers/spec.md (gen_data.py NOTES): five
 * 45-character chunks; at 10.5 pt in 170 mm a breaker without kinsoku
 * starts lines with 。）。 and ends one with （. */
static const char NOTES[] =
    "本申立書は、オンライン資格確認で資格を確認できない場合に、被保険者資格を申し立てるものです"
    "。記入内容は、後日、当院から保険者へ電話で照会することがありますので、予めご了承ください（"
    "照会の結果、資格が確認できないときは、窓口で医療費の全額を一旦ご負担いただくことがあります"
    "）。保険種別が分からないときは「わからない」を選び、ほかの欄も分かる範囲で記入してください"
    "。マイナ保険証の利用登録の状況は、右の二次元コードから「マイナポータル」で確認できます。";

#include "font_fixture.h"

typedef struct lt {
  char text[2048];
  mf_shaped s;
  mf_para p;
  mf_para_opts o;
} lt;

static mf_para_opts opts(double size, double width) {
  mf_para_opts o;
  memset(&o, 0, sizeof o);
  o.size = size;
  o.width = width;
  o.justify = true;
  o.wakan = true;
  o.kinsoku = MF_KINSOKU_STRICT;
  return o;
}

static void run(fx *f, const char *text, const mf_para_opts *o, lt *l) {
  snprintf(l->text, sizeof l->text, "%s", text);
  l->o = *o;
  assert_int_equal(mf_shape(&f->ctx, f->fs, MF_FACE_MINCHO, l->text,
                            strlen(l->text), "test", &l->s),
                   MYNA_OK);
  assert_int_equal(mf_para_layout(&f->ctx, &l->s, o, &l->p), MYNA_OK);
}

static void done(lt *l) {
  mf_para_free(&l->p);
  mf_shaped_free(&l->s);
}

/* Cluster index of the n-th occurrence (from 0) of needle in the text. */
static size_t find(const lt *l, const char *needle, int nth) {
  const char *p = l->text;
  for (;;) {
    p = strstr(p, needle);
    if (!p) fail_msg("\"%s\" not in the text", needle);
    if (nth-- == 0) break;
    p++;
  }
  size_t off = (size_t)(p - l->text);
  for (size_t k = 0; k < l->s.ncl; k++)
    if (l->s.cl[k].start == off) return k;
  fail_msg("\"%s\" does not start a cluster", needle);
  return 0;
}

static size_t line_of(const lt *l, size_t k) {
  for (size_t i = 0; i < l->p.nlines; i++)
    if (k >= l->p.lines[i].a && k < l->p.lines[i].b) return i;
  fail_msg("cluster %zu on no line", k);
  return 0;
}

static size_t first_set(const lt *l, size_t i) {
  for (size_t k = l->p.lines[i].a; k < l->p.lines[i].b; k++)
    if (!isnan(l->p.x[k])) return k;
  return SIZE_MAX;
}

static size_t last_set(const lt *l, size_t i) {
  for (size_t k = l->p.lines[i].b; k > l->p.lines[i].a; k--)
    if (!isnan(l->p.x[k - 1])) return k - 1;
  return SIZE_MAX;
}

static const char *cluster_text(const lt *l, size_t k, char *buf) {
  snprintf(buf, 16, "%.*s", (int)l->s.cl[k].len, l->text + l->s.cl[k].start);
  return buf;
}

/* Every line: no 行頭禁則 character starts a wrapped line, no 行末禁則
 * character ends a line, no emergency break, nothing past the measure,
 * x never decreasing, lines cover the clusters in order. */
static void assert_composed(const lt *l, const char *label) {
  char b1[16];
  size_t next = 0;
  for (size_t i = 0; i < l->p.nlines; i++) {
    const mf_line *ln = &l->p.lines[i];
    assert_int_equal(ln->a, next);
    assert_true(ln->b > ln->a);
    next = ln->b;
    if (ln->emergency) fail_msg("%s: line %zu: emergency break", label, i);
    if (ln->start + ln->width > l->o.width + TOL)
      fail_msg("%s: line %zu is %.3f pt wide in %.3f", label, i,
               ln->start + ln->width, l->o.width);
    size_t fs = first_set(l, i), ls = last_set(l, i);
    bool wrapped = i > 0 && !l->p.lines[i - 1].forced;
    if (wrapped && fs != SIZE_MAX &&
        mf_lb_no_start(mf_lb_class(l->s.cl[fs].cp), l->o.kinsoku))
      fail_msg("%s: line %zu starts with %s", label, i, cluster_text(l, fs, b1));
    if (!ln->forced && ls != SIZE_MAX &&
        mf_lb_no_end(mf_lb_class(l->s.cl[ls].cp)))
      fail_msg("%s: line %zu ends with %s", label, i, cluster_text(l, ls, b1));
    double px = -INFINITY;
    for (size_t k = ln->a; k < ln->b; k++) {
      if (isnan(l->p.x[k])) continue;
      if (l->p.x[k] < px - 1e-9) fail_msg("%s: x decreases at %zu", label, k);
      px = l->p.x[k];
    }
  }
  assert_int_equal(next, l->s.ncl);
}

/* Every line but the last of each paragraph is exactly the measure. */
static void assert_justified(const lt *l, const char *label) {
  for (size_t i = 0; i < l->p.nlines; i++) {
    const mf_line *ln = &l->p.lines[i];
    if (ln->forced) {
      if (fabs(ln->width - ln->natural) > TOL)
        fail_msg("%s: last line %zu spread", label, i);
      continue;
    }
    if (fabs(ln->start + ln->width - l->o.width) > TOL)
      fail_msg("%s: line %zu: %.4f pt, measure %.4f", label, i,
               ln->start + ln->width, l->o.width);
  }
}

static void assert_same_line(const lt *l, const char *token, int nth) {
  size_t a = find(l, token, nth);
  size_t b = a;
  while (b < l->s.ncl && l->s.cl[b].start < l->s.cl[a].start + strlen(token)) b++;
  if (line_of(l, a) != line_of(l, b - 1))
    fail_msg("\"%s\" split between lines %zu and %zu", token, line_of(l, a),
             line_of(l, b - 1));
}

/* cmocka 1.1.5's assert_float_equal works in float: compare doubles. */
#define assert_near(a, b, eps)                                            \
  do {                                                                    \
    double a_ = (a), b_ = (b);                                            \
    if (fabs(a_ - b_) > (eps))                                            \
      fail_msg("%s = %.9g, expected %.9g", #a, a_, b_);                   \
  } while (0)

#define EM(l, k) ((l)->p.x[k] / (l)->o.size)

/* ------------------------------------------------------------- tests */

static void test_kinsoku_trap(void **state) {
  fx *f = *state;
  lt l;
  mf_para_opts o = opts(10.5, MM(170));
  run(f, NOTES, &o, &l);
  assert_int_equal(l.s.ncl, 224);
  assert_composed(&l, "notes");
  assert_justified(&l, "notes");
  /* the benchmark's own count: lines starting with 、。）」, ending （「 */
  int bad = 0;
  for (size_t i = 0; i < l.p.nlines; i++) {
    uint32_t a = l.s.cl[first_set(&l, i)].cp, z = l.s.cl[last_set(&l, i)].cp;
    if (a == 0x3001 || a == 0x3002 || a == 0xFF09 || a == 0x300D) bad++;
    if (z == 0xFF08 || z == 0x300C) bad++;
  }
  assert_int_equal(bad, 0);
  assert_int_equal(l.p.nlines, 5);
  /* line 1 takes its 46th character, the 。, by 追い込み: solid at the end */
  assert_int_equal(l.p.lines[0].b, 46);
  assert_int_equal(l.s.cl[45].cp, 0x3002);
  done(&l);
}

/* Each character of the hard (and, strict, negotiable) set placed where a
 * naive breaker would start line 2 with it; opening brackets where it
 * would end line 1. */
static void test_kinsoku_each_rule(void **state) {
  fx *f = *state;
  static const char *start[] = {"。", "、", "）", "」", "』", "ー", "っ",
                                "ャ", "ッ", "・", "！", "？", "々", "ゝ",
                                "〜", "：", "，", "．", "】", "ヶ"};
  static const char *end[] = {"（", "「", "『", "【", "〔"};
  static const char *lead[] = {"", "一二、", "一、二「三」四"};
  char text[512], label[64];
  for (int strict = 0; strict < 2; strict++)
    for (size_t v = 0; v < MF_ARRAY_LEN(lead); v++) {
      for (size_t i = 0; i < MF_ARRAY_LEN(start); i++) {
        snprintf(text, sizeof text, "%s一二三四五六七八九十%s%s文字列の続き",
                 lead[v], start[i], start[i]);
        lt l;
        mf_para_opts o = opts(10, 100 + 10 * (double)strlen(lead[v]) / 3);
        o.kinsoku = strict ? MF_KINSOKU_STRICT : MF_KINSOKU_NORMAL;
        run(f, text, &o, &l);
        snprintf(label, sizeof label, "%s %s", strict ? "strict" : "normal",
                 start[i]);
        assert_composed(&l, label);
        assert_justified(&l, label);
        done(&l);
      }
      for (size_t i = 0; i < MF_ARRAY_LEN(end); i++) {
        snprintf(text, sizeof text, "%s一二三四五六七八九%sあいう）の続き",
                 lead[v], end[i]);
        lt l;
        mf_para_opts o = opts(10, 100 + 10 * (double)strlen(lead[v]) / 3);
        run(f, text, &o, &l);
        assert_composed(&l, end[i]);
        assert_justified(&l, end[i]);
        done(&l);
      }
    }
}

/* JLReq 3.8 / typesetting.md §3 worked example: push in when the line's
 * compressible space absorbs the overflow, else push out. */
static void test_push_in_push_out(void **state) {
  fx *f = *state;
  lt l;
  mf_para_opts o = opts(10, 100); /* 10 em */
  /* a mid-line 、 gives 1/2 em: the 11th character, 、, is pushed in */
  run(f, "あいう、えおかきくけ、こさしす", &o, &l);
  assert_int_equal(l.p.lines[0].b, 11);
  assert_int_equal(l.s.cl[10].cp, 0x3001);
  assert_composed(&l, "push in");
  assert_justified(&l, "push in");
  /* the mid-line 、 is compressed to solid: こ... next to it */
  assert_near(EM(&l, 4) - EM(&l, 3), 0.5, 1e-9);
  done(&l);
  /* no compressible space: け goes down with the 、 (追い出し) */
  run(f, "あいうえおかきくけこ、さしす", &o, &l);
  assert_int_equal(l.p.lines[0].b, 9);
  assert_composed(&l, "push out");
  assert_justified(&l, "push out");
  done(&l);
  /* a chain 」。 is pushed in or out as a unit */
  run(f, "あいう、えおかきく「け」。こさしす", &o, &l);
  assert_composed(&l, "chain");
  assert_same_line(&l, "」。", 0);
  done(&l);
}

/* Pair widths of typesetting.md §4, measured from x positions. */
static void test_punctuation_pairs(void **state) {
  fx *f = *state;
  lt l;
  mf_para_opts o = opts(10, 1000);
  o.justify = false;
  run(f, "あ」「い、「う。」え」」お（「か」・き・く", &o, &l);
  size_t k;
  k = find(&l, "」「", 0); /* 」「 = 1.5 em */
  assert_near(EM(&l, k + 2) - EM(&l, k), 1.5, 1e-9);
  k = find(&l, "、「", 0); /* 、「 = 1.5 em */
  assert_near(EM(&l, k + 2) - EM(&l, k), 1.5, 1e-9);
  k = find(&l, "。」", 0); /* 。」 = 1.5 em, solid between */
  assert_near(EM(&l, k + 1) - EM(&l, k), 0.5, 1e-9);
  assert_near(EM(&l, k + 2) - EM(&l, k), 1.5, 1e-9);
  k = find(&l, "」」", 0); /* 」」 = 1.5 em */
  assert_near(EM(&l, k + 2) - EM(&l, k), 1.5, 1e-9);
  k = find(&l, "（「", 0); /* （「 = 1.5 em: half em before, solid between */
  assert_near(EM(&l, k + 2) - (EM(&l, k - 1) + 1), 1.5, 1e-9);
  assert_near(EM(&l, k), EM(&l, k - 1) + 1, 1e-9); /* glyph at −½ em */
  k = find(&l, "」・", 0); /* 」・ = 1.25 em up to the dot's right quarter */
  assert_near(EM(&l, k + 1) + 0.25 + 0.5 - EM(&l, k), 1.25, 1e-9);
  k = find(&l, "き・く", 0); /* ・ = 1/4 + 1/2 + 1/4 */
  assert_near(EM(&l, k + 2) - EM(&l, k), 2.0, 1e-9);
  assert_near(EM(&l, k + 1), EM(&l, k) + 1, 1e-9); /* centred ink */
  done(&l);
  /* at the line end, 、 and 」 are solid: the line is 0.5 em shorter */
  run(f, "あいう、", &o, &l);
  assert_near(l.p.lines[0].width / 10, 3.5, 1e-9);
  assert_near(mf_para_natural_em(&l.s, 0, l.s.ncl, true), 3.5, 1e-9);
  done(&l);
}

/* 和欧間 (typesetting.md §5.4). */
static void test_wakan(void **state) {
  fx *f = *state;
  lt l;
  mf_para_opts o = opts(10, 1000);
  o.justify = false;
  run(f, "保険証ID番号と、ID「ID」ID。", &o, &l);
  size_t k = find(&l, "証", 0);
  assert_near(EM(&l, k + 1) - EM(&l, k), 1.25, 1e-9); /* 証|I */
  assert_near(EM(&l, k + 3) - EM(&l, k + 2), 0.75, 1e-9); /* D|番 */
  k = find(&l, "、ID", 0); /* none next to punctuation */
  assert_near(EM(&l, k + 1) - EM(&l, k), 1.0, 1e-9);
  k = find(&l, "「ID」", 0);
  assert_near(EM(&l, k + 1) - EM(&l, k), 1.0, 1e-9);
  assert_near(EM(&l, k + 3) - EM(&l, k + 2), 0.5, 1e-9);
  k = find(&l, "ID。", 0);
  assert_near(EM(&l, k + 2) - EM(&l, k + 1), 0.5, 1e-9);
  done(&l);
  /* an ASCII space between Japanese and Latin becomes the 1/4 em */
  run(f, "保険証 ID", &o, &l);
  assert_near(EM(&l, 4) - EM(&l, 2), 1.25, 1e-9);
  done(&l);
  /* off in data fields */
  o.wakan = false;
  run(f, "保険証ID番号", &o, &l);
  assert_near(EM(&l, 3) - EM(&l, 2), 1.0, 1e-9);
  done(&l);
  /* none at the line end or start */
  o = opts(10, 100);
  run(f, "あいうえおかきくABけこさしすせそ", &o, &l);
  assert_int_equal(l.p.lines[0].b, 10);
  assert_near(l.p.lines[0].natural / 10, 9.25, 1e-9);
  assert_near(l.p.x[10], 0, 1e-9);
  assert_composed(&l, "wakan ends");
  done(&l);
  run(f, "あいうえおかきくけこABCさしすせそ", &o, &l);
  assert_int_equal(first_set(&l, 1), 10);
  assert_near(l.p.x[10], 0, 1e-9);
  done(&l);
}

/* 両端揃え: every line but the last fills the measure; stretching stays out
 * of unbreakable sequences and off brackets. */
static void test_justification(void **state) {
  fx *f = *state;
  lt l;
  mf_para_opts o = opts(10.5, MM(170));
  run(f, NOTES, &o, &l);
  for (size_t i = 0; i + 1 < l.p.nlines; i++) {
    size_t z = last_set(&l, i);
    mf_lb_cls c = mf_lb_class(l.s.cl[z].cp);
    double right = l.p.x[z] + 10.5 * (c == MF_LB_STOP || c == MF_LB_CLOSE ||
                                              c == MF_LB_COMMA
                                          ? 0.5
                                          : 1.0);
    /* a line-end 。 keeps its half em when it fits (JIS X 4051) */
    if (c == MF_LB_STOP && right + 5.25 <= o.width + TOL) right += 5.25;
    assert_near(right, o.width, TOL);
  }
  assert_near(l.p.lines[l.p.nlines - 1].width,
                     l.p.lines[l.p.nlines - 1].natural, 1e-9);
  done(&l);
  o = opts(10, 100);
  const char *texts[] = {
      "電話は03-1234-5678です。ご確認ください。令和6年4月1日から変わります。",
      "NGUYEN VAN AN さんの保険証ID番号と記号を確認してから、窓口へお越しください。",
      "「わからない」を選び、（できる範囲で）記入してください。ほかの欄も同じです。",
      "明細は¥1,000と80,100円、50%の負担で、36.5℃以上の発熱がある場合はお知らせください。",
  };
  for (size_t t = 0; t < MF_ARRAY_LEN(texts); t++) {
    run(f, texts[t], &o, &l);
    assert_composed(&l, texts[t]);
    assert_justified(&l, texts[t]);
    done(&l);
  }
  /* no space inside 03-1234-5678 even on a stretched line */
  run(f, "電話は03-1234-5678です。", &o, &l);
  size_t k = find(&l, "03-", 0);
  for (size_t j = k; j + 1 < k + 12; j++)
    assert_near(EM(&l, j + 1) - EM(&l, j), 0.5, 1e-9);
  done(&l);
  /* justify off: flush left */
  o.justify = false;
  run(f, texts[0], &o, &l);
  for (size_t i = 0; i < l.p.nlines; i++)
    assert_true(l.p.lines[i].width <= l.p.lines[i].natural + 1e-9);
  done(&l);
}

static void test_first_line_indent(void **state) {
  fx *f = *state;
  lt l;
  mf_para_opts o = opts(10, 100);
  o.indent = 1.0;
  run(f, "本申立書は、オンライン資格確認で資格を確認できない場合に", &o, &l);
  assert_near(l.p.x[0], 10, 1e-9);
  assert_near(l.p.lines[0].start, 10, 1e-9);
  assert_near(l.p.x[first_set(&l, 1)], 0, 1e-9);
  assert_composed(&l, "indent");
  assert_justified(&l, "indent");
  done(&l);
  /* each paragraph after a line feed is indented again */
  run(f, "一行目\n二行目の文章が長くなって折り返すまで続く", &o, &l);
  assert_true(l.p.lines[0].forced);
  assert_true(isnan(l.p.x[3]));
  assert_near(l.p.x[4], 10, 1e-9);
  assert_near(l.p.x[first_set(&l, 2)], 0, 1e-9);
  assert_composed(&l, "newline");
  done(&l);
  /* pattern ①: 1 em indent, then the bracket without its half em */
  run(f, "「はい」と答えた。", &o, &l);
  assert_near(EM(&l, 0), 0.5, 1e-9);
  assert_near(EM(&l, 1), 1.5, 1e-9);
  done(&l);
}

/* Hanging indent after a marker (typesetting.md §5.2). */
static void test_hanging_indent(void **state) {
  fx *f = *state;
  static const struct {
    const char *text;
    double hang; /* em */
  } t[] = {
      {"※1\xE3\x80\x80この書類は、保険者への照会に使うことがあります。", 2.5},
      {"※１\xE3\x80\x80この書類は、保険者への照会に使うことがあります。", 3.0},
      {"※この書類は、保険者への照会に使うことがあります。あいうえお", 1.0},
      {"（１）この書類は、保険者への照会に使うことがあります。", 2.5},
      {"(1) この書類は、保険者への照会に使うことがあります。", 2.0},
      {"１．この書類は、保険者への照会に使うことがあります。", 2.0},
      {"①この書類は、保険者への照会に使うことがあります。", 1.0},
      {"・この書類は、保険者への照会に使うことがあります。", 1.0},
      {"●この書類は、保険者への照会に使うことがあります。", 1.0},
  };
  for (size_t i = 0; i < MF_ARRAY_LEN(t); i++) {
    lt l;
    mf_para_opts o = opts(10, 100);
    o.hang_marker = true;
    run(f, t[i].text, &o, &l);
    assert_true(l.p.nlines >= 3);
    size_t k = find(&l, "この", 0);
    if (fabs(EM(&l, k) - t[i].hang) > 1e-9)
      fail_msg("%s: text at %.3f em, expected %.3f", t[i].text, EM(&l, k),
               t[i].hang);
    for (size_t j = 1; j < l.p.nlines; j++) {
      assert_near(l.p.lines[j].start, t[i].hang * 10, 1e-9);
      assert_near(l.p.x[first_set(&l, j)], t[i].hang * 10, 1e-9);
    }
    assert_int_equal(line_of(&l, k), 0);
    assert_composed(&l, t[i].text);
    assert_justified(&l, t[i].text);
    done(&l);
  }
  /* hang_marker off: hang as given; and no marker: hang as given */
  lt l;
  mf_para_opts o = opts(10, 100);
  o.hang = 2;
  run(f, "※1　この書類は、保険者への照会に使うことがあります。", &o, &l);
  assert_near(l.p.lines[1].start, 20, 1e-9);
  done(&l);
  o.hang_marker = true;
  run(f, "この書類は、保険者への照会に使うことがあります。", &o, &l);
  assert_near(l.p.lines[1].start, 20, 1e-9);
  done(&l);
  /* not markers: a quoted kana, numbers in running text */
  static const char *plain[] = {
      "「は」の字は、保険者への照会に使うことがありますのでご注意ください。",
      "1、2、3の中から、保険者への照会に使うものを選んでご記入ください。",
      "1.5kgの荷物は、保険者への照会に使うことがありますのでご注意ください。",
      "注意事項は、保険者への照会に使うことがありますのでご確認ください。"};
  for (size_t i = 0; i < MF_ARRAY_LEN(plain); i++) {
    o = opts(10, 100);
    o.hang_marker = true;
    run(f, plain[i], &o, &l);
    for (size_t j = 1; j < l.p.nlines; j++)
      assert_near(l.p.lines[j].start, 0, 1e-9);
    done(&l);
  }
  /* never split ※ from its number or from the first character, even at a
   * line end */
  o = opts(10, 100);
  run(f, "あいうえおかきくけ※1の書類", &o, &l);
  assert_same_line(&l, "※1", 0);
  done(&l);
  o.hang_marker = true;
  o.width = 25; /* 2.5 em */
  run(f, "※1　ああ", &o, &l);
  assert_same_line(&l, "※1　あ", 0);
  done(&l);
}

/* 天付き (typesetting.md §5.1): an opening bracket at a wrapped line start
 * has no half em before it. */
static void test_tentsuki(void **state) {
  fx *f = *state;
  lt l;
  mf_para_opts o = opts(10, 100);
  run(f, "一二三四五六七八九十「あいう」と書く", &o, &l);
  size_t k = find(&l, "「", 0);
  assert_int_equal(first_set(&l, 1), k);
  assert_near(EM(&l, k), -0.5, 1e-9);
  assert_near(EM(&l, k + 1), 0.5, 1e-9);
  assert_composed(&l, "tentsuki");
  done(&l);
}

/* 分割禁止 sequences never split, wherever they fall. */
static void test_tokens_never_split(void **state) {
  fx *f = *state;
  static const char *tokens[] = {"——", "……", "――", "03-1234-5678",
                                 "令和6年4月1日", "※1", "〒100-0001",
                                 "80,100円", "36.5℃", "¥1,000", "１丁目２番３号"};
  for (size_t t = 0; t < MF_ARRAY_LEN(tokens); t++)
    for (int pre = 0; pre < 12; pre++) {
      char text[512] = "";
      for (int i = 0; i < pre; i++) strcat(text, "あ");
      strcat(text, tokens[t]);
      strcat(text, "のいうえおかきくけこさしすせそ");
      lt l;
      mf_para_opts o = opts(10, 100);
      run(f, text, &o, &l);
      assert_same_line(&l, tokens[t], 0);
      assert_composed(&l, tokens[t]);
      done(&l);
    }
}

/* Spaces at a wrapped line's start are dropped; trailing ones not counted. */
static void test_spaces_at_boundaries(void **state) {
  fx *f = *state;
  lt l;
  mf_para_opts o = opts(10, 100);
  run(f, "一二三四五六七八九十\xE3\x80\x80あいう", &o, &l);
  size_t k = find(&l, "\xE3\x80\x80", 0);
  assert_true(isnan(l.p.x[k]));
  assert_int_equal(first_set(&l, 1), k + 1);
  assert_near(l.p.x[k + 1], 0, 1e-9);
  done(&l);
  run(f, "ABCDEFGHIJKLMNOPQRST UVW", &o, &l);
  assert_int_equal(l.p.nlines, 2);
  assert_true(isnan(l.p.x[20]));
  assert_near(l.p.x[21], 0, 1e-9);
  done(&l);
  run(f, "NGUYEN VAN AN NGUYENXYZ VAN", &o, &l);
  assert_int_equal(l.p.nlines, 2);
  assert_true(isnan(l.p.x[13]));       /* the space at the break */
  assert_near(l.p.x[14], 0, 1e-9);
  assert_composed(&l, "latin");
  assert_justified(&l, "latin");
  done(&l);
  /* a paragraph's own leading space is kept (it is not a wrap) */
  run(f, "\xE3\x80\x80字", &o, &l);
  assert_near(l.p.x[1], 10, 1e-9);
  done(&l);
  /* natural width ignores trailing spaces */
  run(f, "字\xE3\x80\x80 ", &o, &l);
  assert_near(l.p.lines[0].width, 10, 1e-9);
  assert_near(mf_para_natural_em(&l.s, 0, l.s.ncl, true), 1, 1e-9);
  done(&l);
}

static void test_forced_break(void **state) {
  fx *f = *state;
  lt l;
  mf_para_opts o = opts(10, 100);
  run(f, "一\n二\n\n三", &o, &l);
  assert_int_equal(l.p.nlines, 4);
  for (size_t i = 0; i < 4; i++) assert_true(l.p.lines[i].forced);
  assert_true(isnan(l.p.x[1]));
  assert_int_equal(l.p.lines[2].a, 4);
  assert_int_equal(l.p.lines[2].b, 5);
  assert_near(l.p.x[5], 0, 1e-9);
  done(&l);
}

/* mf_para_natural_em agrees with the layout. */
static void test_natural_em(void **state) {
  fx *f = *state;
  static const char *t[] = {"「はい」、そうです。", "保険証ID番号", "・箇条",
                            "NGUYEN VAN AN さん", "（株）山田商事", "03-1234-5678"};
  for (size_t i = 0; i < MF_ARRAY_LEN(t); i++)
    for (int wakan = 0; wakan < 2; wakan++) {
      lt l;
      mf_para_opts o = opts(12, 10000);
      o.justify = false;
      o.wakan = wakan != 0;
      run(f, t[i], &o, &l);
      assert_int_equal(l.p.nlines, 1);
      double em = mf_para_natural_em(&l.s, 0, l.s.ncl, o.wakan);
      assert_near(em * 12, l.p.lines[0].width, 1e-9);
      assert_near(l.p.max_width, l.p.lines[0].width, 1e-9);
      done(&l);
    }
}

/* A cluster or a token wider than the measure overflows on its own line,
 * never loops, never drops text. */
static void test_overflow(void **state) {
  fx *f = *state;
  lt l;
  mf_para_opts o = opts(10, 5);
  run(f, "字」。あ", &o, &l);
  assert_int_equal(l.p.lines[l.p.nlines - 1].b, l.s.ncl);
  assert_true(l.p.lines[0].emergency);
  done(&l);
  o = opts(10, 100);
  run(f, "Supercalifragilisticexpialidocious", &o, &l);
  assert_int_equal(l.p.nlines, 2);
  assert_true(l.p.lines[0].emergency);
  done(&l);
  o.width = 0.001;
  run(f, "あいう", &o, &l);
  assert_int_equal(l.p.nlines, 3);
  done(&l);
  /* empty text */
  mf_shaped s;
  memset(&s, 0, sizeof s);
  mf_para p;
  assert_int_equal(mf_para_layout(&f->ctx, &s, &o, &p), MYNA_OK);
  assert_int_equal(p.nlines, 0);
  mf_para_free(&p);
}

/* Pseudo-random texts from the troublesome characters, many measures:
 * the composition rules hold everywhere. */
static void test_random_texts(void **state) {
  fx *f = *state;
  static const char *pool[] = {
      "あ", "漢", "字", "カ", "ッ", "ょ", "ー", "、", "。", "「", "」", "（",
      "）", "・", "！", "？", "々", "〜", "…", "——", "AB", "12", "ID ",
      "\xE3\x80\x80", "※1", "50%", "『", "』", "【", "】", "，", "．"};
  uint32_t seed = 12345;
  int emergencies = 0;
  for (int iter = 0; iter < 300; iter++) {
    char text[1024] = "";
    int n = 10 + iter % 60;
    for (int i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      strcat(text, pool[(seed >> 16) % MF_ARRAY_LEN(pool)]);
    }
    lt l;
    mf_para_opts o = opts(10, 80 + (iter % 13) * 10);
    o.indent = iter % 2;
    o.hang_marker = iter % 3 == 0;
    o.kinsoku = iter % 4 == 0 ? MF_KINSOKU_NORMAL : MF_KINSOKU_STRICT;
    run(f, text, &o, &l);
    size_t next = 0;
    char b1[16];
    for (size_t i = 0; i < l.p.nlines; i++) {
      const mf_line *ln = &l.p.lines[i];
      assert_int_equal(ln->a, next);
      next = ln->b;
      bool after_emergency = i > 0 && l.p.lines[i - 1].emergency;
      if (ln->emergency) {
        emergencies++;
        continue;
      }
      assert_true(ln->start + ln->width <= o.width + TOL);
      size_t fs = first_set(&l, i), ls = last_set(&l, i);
      if (i > 0 && !after_emergency && fs != SIZE_MAX &&
          mf_lb_no_start(mf_lb_class(l.s.cl[fs].cp), o.kinsoku))
        fail_msg("%s: line %zu starts with %s", text, i, cluster_text(&l, fs, b1));
      if (!ln->forced && ls != SIZE_MAX && mf_lb_no_end(mf_lb_class(l.s.cl[ls].cp)))
        fail_msg("%s: line %zu ends with %s", text, i, cluster_text(&l, ls, b1));
    }
    assert_int_equal(next, l.s.ncl);
    done(&l);
  }
  /* only where a run without any legal break is longer than the line */
  assert_true(emergencies < 30);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_kinsoku_trap),
      cmocka_unit_test(test_kinsoku_each_rule),
      cmocka_unit_test(test_push_in_push_out),
      cmocka_unit_test(test_punctuation_pairs),
      cmocka_unit_test(test_wakan),
      cmocka_unit_test(test_justification),
      cmocka_unit_test(test_first_line_indent),
      cmocka_unit_test(test_hanging_indent),
      cmocka_unit_test(test_tentsuki),
      cmocka_unit_test(test_tokens_never_split),
      cmocka_unit_test(test_spaces_at_boundaries),
      cmocka_unit_test(test_forced_break),
      cmocka_unit_test(test_natural_em),
      cmocka_unit_test(test_overflow),
      cmocka_unit_test(test_random_texts),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
