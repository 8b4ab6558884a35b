/*
 * test_fit_sweep.c — how the declaration's filled values are set, read from
 * the layout dump (myna_render_dump) through the public header only
 * (doc/typesetting.md, "Fitting a value into its field"):
 *
 * - every field over a sweep of lengths, from one character until the value
 *   is refused, in kanji, in mixed Japanese/Latin/digits and in ASCII: the
 *   size never grows with the length, never goes below 7 pt, the value stays
 *   inside its box, and once refused (MYNA_ERR_FIT) a longer value is too;
 * - a kana name wraps after a ・ or at a space, never inside a word;
 * - each value sits on its label's baseline (within 0.1 mm), also when it is
 *   set smaller to fit;
 * - all filled values are in one face, the face of the printed labels.
 */
#include <math.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mynaform.h"

#define PT_PER_MM (72.0 / 25.4)
#define EPS 0.02 /* pt: the dump's precision is 0.01 */
#define MAX_RUNS 512
#define MAX_CPS 256

/* ------------------------------------------------------------- the dump */

typedef struct run {
  char face[32];
  bool data;
  double size, x, y; /* pt; y is the baseline */
  double last_x;     /* pt: the last glyph's offset from x */
  uint32_t cp[MAX_CPS];
  size_t ncp;
} run;

typedef struct runs {
  run r[MAX_RUNS];
  size_t n;
} runs;

static size_t utf8_decode(const char *s, size_t len, uint32_t *out, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < len && n < max;) {
    unsigned char c = (unsigned char)s[i];
    int k = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    uint32_t cp = k == 0 ? c : c & (0x3F >> k);
    for (int j = 1; j <= k && i + (size_t)j < len; j++)
      cp = cp << 6 | ((unsigned char)s[i + (size_t)j] & 0x3F);
    out[n++] = cp;
    i += (size_t)k + 1;
  }
  return n;
}

/* Parses the "run" lines of a dump (and each one's glyph line). */
static void parse(const char *dump, runs *out) {
  memset(out, 0, sizeof *out);
  const char *p = dump;
  while (*p) {
    const char *eol = strchr(p, '\n');
    if (!eol) eol = p + strlen(p);
    if (strncmp(p, "run ", 4) == 0 && out->n < MAX_RUNS) {
      run *r = &out->r[out->n++];
      char layer[16];
      const char *sz = strstr(p, " size=");
      assert_true(sz && sz < eol);
      assert_int_equal(sscanf(p, "run %31s %15s", r->face, layer), 2);
      assert_int_equal(sscanf(sz, " size=%lf at %lf,%lf", &r->size, &r->x, &r->y), 3);
      r->data = strcmp(layer, "data") == 0 && !strstr(p, " hidden ");
      const char *q0 = memchr(p, '"', (size_t)(eol - p));
      const char *q1 = eol - 1;
      assert_non_null(q0);
      assert_true(*q1 == '"' && q1 > q0);
      r->ncp = utf8_decode(q0 + 1, (size_t)(q1 - q0 - 1), r->cp, MAX_CPS);
      /* the glyph line: "  gid@x[/y] …"; keep the last x */
      const char *g = *eol ? eol + 1 : eol;
      const char *geol = strchr(g, '\n');
      if (!geol) geol = g + strlen(g);
      const char *at = NULL;
      for (const char *t = g; t < geol; t++)
        if (*t == '@') at = t;
      assert_non_null(at);
      r->last_x = strtod(at + 1, NULL);
      eol = geol;
    }
    p = *eol ? eol + 1 : eol;
  }
}

static bool is_mark(uint32_t cp) {
  return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) ||
         cp == 0x3099 || cp == 0x309A;
}

/* The right edge of the ink of a run's last character, pt (BIZ UD: ASCII
 * half an em; the punctuation that may end a line inks at most ¾ em). */
static double run_right(const run *r) {
  size_t k = r->ncp;
  while (k > 0 && is_mark(r->cp[k - 1])) k--;
  uint32_t cp = k ? r->cp[k - 1] : 'x';
  double em = cp < 0x80 || (cp >= 0xFF61 && cp <= 0xFF9F) ? 0.5 : 1.0;
  if (cp == 0x30FB || cp == 0x3001 || cp == 0x3002 || cp == 0x300D || cp == 0xFF09)
    em = 0.75;
  return r->x + r->last_x + em * r->size;
}

static bool is_tick(const run *r) { return r->ncp == 1 && r->cp[0] == 0x2713; }

/* A run of a filled value: the data layer less ticks. */
static bool is_value(const run *r) { return r->data && !is_tick(r); }

/* ---------------------------------------------------------- rendering */

static myna_ctx *ctx;

static int setup(void **state) {
  (void)state;
  myna_status st = myna_ctx_open(NULL, &ctx);
  if (st != MYNA_OK) fprintf(stderr, "open: %s\n", myna_ctx_errmsg(ctx));
  return st == MYNA_OK ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  myna_ctx_free(ctx);
  return 0;
}

/* Renders the declaration for data; the dump's runs in *out. */
static myna_status render(const char *data, runs *out) {
  char *dump = NULL;
  myna_status st = myna_render_dump(ctx, MYNA_DOC_DECLARATION, data, strlen(data), NULL, &dump);
  if (st == MYNA_OK) parse(dump, out);
  myna_free(dump);
  return st;
}

static void append_utf8(char *b, size_t *n, uint32_t cp) {
  if (cp < 0x80) {
    b[(*n)++] = (char)cp;
  } else if (cp < 0x800) {
    b[(*n)++] = (char)(0xC0 | cp >> 6);
    b[(*n)++] = (char)(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    b[(*n)++] = (char)(0xE0 | cp >> 12);
    b[(*n)++] = (char)(0x80 | (cp >> 6 & 0x3F));
    b[(*n)++] = (char)(0x80 | (cp & 0x3F));
  } else {
    b[(*n)++] = (char)(0xF0 | cp >> 18);
    b[(*n)++] = (char)(0x80 | (cp >> 12 & 0x3F));
    b[(*n)++] = (char)(0x80 | (cp >> 6 & 0x3F));
    b[(*n)++] = (char)(0x80 | (cp & 0x3F));
  }
}

/* A record holding only one member (json_fmt has one %s) set to the first
 * n code points of text. */
static void record(char *buf, size_t size, const char *json_fmt, const char *text, size_t n) {
  char value[1200];
  uint32_t cps[1200];
  size_t ncp = utf8_decode(text, strlen(text), cps, 1200), len = 0;
  assert_true(n <= ncp);
  for (size_t i = 0; i < n; i++) append_utf8(value, &len, cps[i]);
  value[len] = 0;
  assert_true((size_t)snprintf(buf, size, json_fmt, value) < size);
}

/* ------------------------------------------------------------ the sweep */

typedef struct field {
  const char *json;          /* the record, %s for the value */
  double x0, y0, x1, y1;     /* the box less its padding, mm (the template) */
  const char *scripts[3];    /* texts whose prefixes are swept */
} field;

#define KANJI "全国健康保険協会東京支部関東信越地区本部事業所総務部保険課第二係別館窓口担当一同"
#define MIXED "東京都千代田区霞が関1-2-3 中央合同庁舎ABCビル5号館 Room 101 マンション"
#define ASCII "NGUYEN VAN AN SMITH JOHNSON WILLIAMS BROWN JONES GARCIA MILLER DAVIS"
#define KANA "マリア デ ロス アンヘレス ガルシア ロドリゲス デ ラ クルス ヤマダ ハナコ"
#define NAKAGURO "マリア・デ・ロス・アンヘレス・ガルシア・ロドリゲス・デ・ラ・クルス・ヤマダ"

/* KANJI etc. repeated so that every sweep ends in a refusal */
#define KATAKANA "ヤマダタロウサトウハナコスズキイチロウタカハシジロウワタナベサブロウ"
#define PHONE "03-1234-5678 (0120)123-456 "

static char long_text[8][2400];

static const char *rep(int i, const char *s) {
  long_text[i][0] = 0;
  while (strlen(long_text[i]) < 1100) strcat(long_text[i], s);
  return long_text[i];
}

static void sweep_field(const field *f, const char *text) {
  uint32_t cps[1200];
  size_t ncp = utf8_decode(text, strlen(text), cps, 1200), bytes = 0;
  double prev = INFINITY;
  size_t refused = 0;
  char data[2600];
  for (size_t n = 1; n <= ncp; n++) {
    bytes += cps[n - 1] < 0x80 ? 1 : cps[n - 1] < 0x800 ? 2 : cps[n - 1] < 0x10000 ? 3 : 4;
    if (bytes > 1000) break; /* MYNA_LIMIT_FIELD_BYTES is 1024 */
    record(data, sizeof data, f->json, text, n);
    runs rs;
    myna_status st = render(data, &rs);
    if (st == MYNA_ERR_MY_NUMBER) continue; /* a digit run the screen refuses */
    if (refused) { /* once refused, refused for good */
      if (st != MYNA_ERR_FIT) fail_msg("%s: %zu refused, %zu accepted", f->json, refused, n);
      if (n > refused + 8) return;
      continue;
    }
    if (st == MYNA_ERR_FIT) {
      assert_true(n > 8); /* every field holds a few characters */
      refused = n;
      continue;
    }
    if (st != MYNA_OK) fail_msg("%s, %zu: %s", f->json, n, myna_ctx_errmsg(ctx));
    double size = -1;
    for (size_t i = 0; i < rs.n; i++) {
      const run *r = &rs.r[i];
      if (!is_value(r)) continue;
      if (size < 0) size = r->size;
      if (fabs(r->size - size) > 1e-9)
        fail_msg("%s, %zu: two sizes %g and %g in one field", f->json, n, size, r->size);
      if (r->size < 7 - 1e-9) fail_msg("%s, %zu: %g pt, below 7 pt", f->json, n, r->size);
      if (r->x < f->x0 * PT_PER_MM - EPS || run_right(r) > f->x1 * PT_PER_MM + EPS ||
          r->y - 0.88 * r->size < f->y0 * PT_PER_MM - EPS ||
          r->y + 0.12 * r->size > f->y1 * PT_PER_MM + EPS)
        fail_msg("%s, %zu: a line at %g,%g (%g pt) leaves its box", f->json, n, r->x, r->y,
                 r->size);
    }
    if (size < 0) fail_msg("%s, %zu: nothing printed", f->json, n);
    if (size > prev + 1e-9)
      fail_msg("%s: %zu characters at %g pt, %zu at %g pt", f->json, n - 1, prev, n, size);
    prev = size;
  }
  if (!refused) fail_msg("%s: never refused", f->json);
}

static void test_sweep(void **state) {
  (void)state;
  const char *kanji = rep(0, KANJI), *mixed = rep(1, MIXED), *ascii = rep(2, ASCII),
             *kana = rep(3, KANA), *katakana = rep(4, KATAKANA), *nakaguro = rep(5, NAKAGURO),
             *phone = rep(6, PHONE);
  const field fields[] = {
      {"{\"insurance\":{\"insurer_name\":\"%s\"}}", 73, 77, 187, 89, {kanji, mixed, ascii}},
      {"{\"insurance\":{\"employer\":\"%s\"}}", 73, 89, 187, 101, {kanji, mixed, ascii}},
      {"{\"name\":\"%s\"}", 73, 169, 187, 184, {kanji, mixed, ascii}},
      {"{\"name\":\"%s\"}", 73, 169, 187, 184, {nakaguro, kana, NULL}},
      {"{\"kana\":\"%s\"}", 91, 162, 189, 169, {kana, katakana, nakaguro}},
      {"{\"address\":\"%s\"}", 73, 205, 187, 225, {kanji, mixed, ascii}},
      {"{\"phone\":\"%s\"}", 98, 257, 159, 265, {phone, NULL, NULL}},
  };
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
    for (size_t k = 0; k < 3 && fields[i].scripts[k]; k++)
      sweep_field(&fields[i], fields[i].scripts[k]);
}

/* ------------------------------------------------- breaks in kana names */

/* The value's code points, and each line's first index in it. */
static void check_breaks_at_word_ends(const char *json_fmt, const char *name) {
  char data[1200];
  snprintf(data, sizeof data, json_fmt, name);
  runs rs;
  assert_int_equal(render(data, &rs), MYNA_OK);
  uint32_t cps[MAX_CPS];
  size_t ncp = utf8_decode(name, strlen(name), cps, MAX_CPS), pos = 0, lines = 0;
  for (size_t i = 0; i < rs.n; i++) {
    const run *r = &rs.r[i];
    if (!is_value(r)) continue;
    while (pos < ncp && (cps[pos] == ' ' || cps[pos] == 0x3000)) pos++; /* dropped */
    if (lines++ > 0) { /* the line before ended after ・ or a space */
      uint32_t before = cps[pos - 1];
      if (before != 0x30FB && before != ' ' && before != 0x3000)
        fail_msg("%s: a line starts inside a word (after U+%04X)", data, (unsigned)before);
    }
    for (size_t k = 0; k < r->ncp; k++, pos++) {
      assert_true(pos < ncp);
      assert_int_equal(r->cp[k], cps[pos]);
    }
  }
  assert_int_equal(pos, ncp);
  assert_true(lines >= 2); /* the name did wrap */
}

static void test_name_breaks_after_nakaguro(void **state) {
  (void)state;
  check_breaks_at_word_ends("{\"name\":\"%s\"}", NAKAGURO);
  check_breaks_at_word_ends("{\"name\":\"%s\"}", NAKAGURO "・ガルシア・ロドリゲス");
  check_breaks_at_word_ends("{\"name\":\"%s\"}", KANA " ヤマダ ハナコ");
}

/* ---------------------------------------------- values on label baselines */

/* The baseline of the first label run (or, with conditional, of any
 * run) whose text starts with label, pt. */
static double label_base_in(const runs *rs, const char *label, bool conditional) {
  uint32_t want[32];
  size_t n = utf8_decode(label, strlen(label), want, 32);
  for (size_t i = 0; i < rs->n; i++) {
    const run *r = &rs->r[i];
    if ((r->data && !conditional) || r->ncp < n) continue;
    if (memcmp(r->cp, want, n * sizeof *want) == 0) return r->y;
  }
  fail_msg("no label %s", label);
  return 0;
}

/* The baseline of the data run whose text starts with value, pt. */
static double label_base(const runs *rs, const char *label) {
  return label_base_in(rs, label, false);
}

/* The first printed (not data) run whose text starts with label. */
static const run *label_run(const runs *rs, const char *label) {
  uint32_t want[32];
  size_t n = utf8_decode(label, strlen(label), want, 32);
  for (size_t i = 0; i < rs->n; i++)
    if (!rs->r[i].data && rs->r[i].ncp >= n && memcmp(rs->r[i].cp, want, n * sizeof *want) == 0)
      return &rs->r[i];
  fail_msg("no label %s", label);
  return NULL;
}

static const run *value_run(const runs *rs, const char *value) {
  uint32_t want[64];
  size_t n = utf8_decode(value, strlen(value), want, 64);
  for (size_t i = 0; i < rs->n; i++) {
    const run *r = &rs->r[i];
    if (!r->data || r->ncp < n) continue;
    if (memcmp(r->cp, want, n * sizeof *want) == 0) return r;
  }
  fail_msg("no value %s", value);
  return NULL;
}

static void expect_on_baseline(const runs *rs, const char *label, const char *value) {
  double d = fabs(label_base(rs, label) - value_run(rs, value)->y) / PT_PER_MM;
  if (d > 0.1) fail_msg("%s is %.2f mm off the baseline of %s", value, d, label);
}

static void test_values_on_label_baselines(void **state) {
  (void)state;
  /* the example's values: one line each, at their nominal sizes; and
   * values long enough to be set smaller on their one line */
  const char *data[] = {
      "{\"kana\":\"ヨシダ　クズコ\",\"birth_date\":\"1989-01-07\",\"phone\":\"03-1234-5678\","
      "\"address\":\"東京都葛飾区東金町八丁目23番地の45\",\"insurance\":{\"insurer_name\":"
      "\"全国健康保険協会　東京支部\",\"employer\":\"株式会社辻商店\"}}",
      "{\"kana\":\"ヨシダ　クズコ　マリア　デ　ロス　アンヘレス　ガルシア　ロドリゲス\","
      "\"birth_date\":\"2019-05-01\",\"phone\":\"(03)1234-5678 (0120)123-456-789 ext. 123456\","
      "\"address\":\"東京都葛飾区東金町八丁目23番地の45\",\"insurance\":{\"insurer_name\":"
      "\"全国健康保険協会　東京支部\",\"employer\":\"株式会社辻商店\"}}",
  };
  for (size_t i = 0; i < 2; i++) {
    runs rs;
    assert_int_equal(render(data[i], &rs), MYNA_OK);
    expect_on_baseline(&rs, "保険者名称", "全国健康保険協会");
    expect_on_baseline(&rs, "事業所名", "株式会社辻商店");
    expect_on_baseline(&rs, "(フリガナ)", "ヨシダ");
    expect_on_baseline(&rs, "年", i ? "元" : "64");
    expect_on_baseline(&rs, "月", i ? "5" : "1");
    expect_on_baseline(&rs, "日", i ? "1" : "7");
    expect_on_baseline(&rs, "住所", "東京都葛飾区");
    expect_on_baseline(&rs, "連絡先電話番号", i ? "(03)" : "03-1234");
    if (i == 1) { /* these two were set smaller */
      assert_true(value_run(&rs, "ヨシダ")->size < 9);
      assert_true(value_run(&rs, "(03)")->size < 11);
    }
  }
  /* F17: the form's own 年　月　日 is printed, blank or filled, and the
   * filing date's parts fill it as a hand would: 令和8 before 年, 11 before
   * 月, 22 before 日, each on the labels' baseline and ending just before its
   * label (the old template replaced the line by one 「令和8年11月22日」). */
  runs blank, filled;
  assert_int_equal(render("{}", &blank), MYNA_OK);
  assert_int_equal(render("{\"filing_date\":\"2026-11-22\"}", &filled), MYNA_OK);
  const run *line = label_run(&filled, "年　");
  double d = fabs(label_base(&blank, "年　") - line->y) / PT_PER_MM;
  if (d > 0.1) fail_msg("the date line moved %.2f mm when filled", d);
  const char *part[] = {"令和8", "11", "22"};
  /* what each part ends against: 年, 月 (4 em on), 日 */
  double next_x[] = {line->x, line->x + 4 * line->size, run_right(line) - line->size};
  for (size_t k = 0; k < sizeof part / sizeof *part; k++) {
    expect_on_baseline(&filled, "年　", part[k]);
    double gap = (next_x[k] - run_right(value_run(&filled, part[k]))) / PT_PER_MM;
    if (gap < 0 || gap > 1.0)
      fail_msg("%s ends %.2f mm before its label (0–1 mm)", part[k], gap);
  }
}

/* F10: every filled value is set in the face of the printed labels. */
static void test_values_in_label_face(void **state) {
  (void)state;
  runs rs;
  assert_int_equal(render("{\"name\":\"山田　太郎\",\"kana\":\"ヤマダ　タロウ\","
                          "\"birth_date\":\"1989-01-07\",\"phone\":\"03-1234-5678\","
                          "\"address\":\"東京都\",\"filing_date\":\"2026-11-22\","
                          "\"insurance\":{\"insurer_name\":\"協会\",\"employer\":\"商店\"}}",
                          &rs),
                   MYNA_OK);
  const char *label_face = NULL;
  for (size_t i = 0; i < rs.n; i++)
    if (!rs.r[i].data && rs.r[i].ncp == 1 && rs.r[i].cp[0] == 0x5E74) /* 年 */
      label_face = rs.r[i].face;
  assert_non_null(label_face);
  size_t values = 0;
  for (size_t i = 0; i < rs.n; i++) {
    const run *r = &rs.r[i];
    if (!is_value(r)) continue;
    values++;
    if (strcmp(r->face, label_face) != 0)
      fail_msg("a value at %g,%g is in %s, the labels in %s", r->x, r->y, r->face, label_face);
  }
  assert_int_equal(values, 12); /* 6 fields, the birth and filing dates in 3 each */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sweep),
      cmocka_unit_test(test_name_breaks_after_nakaguro),
      cmocka_unit_test(test_values_on_label_baselines),
      cmocka_unit_test(test_values_in_label_face),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
