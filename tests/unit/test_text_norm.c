/* test_text_norm.c — per-field validation and normalisation of text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "input/text_norm.h"

typedef myna_status (*norm_fn)(myna_ctx *, const char *, const char *, size_t,
                               char **);

/* Normalises in (its strlen) and expects out, with no warning. */
static void expect_ok(norm_fn f, const char *in, const char *out) {
  myna_ctx ctx = {0};
  char *got = NULL;
  assert_int_equal(f(&ctx, "$.f", in, strlen(in), &got), MYNA_OK);
  assert_non_null(got);
  assert_string_equal(got, out);
  assert_int_equal(ctx.warning_count, 0);
  mf_free(got);
  mf_ctx_reset(&ctx);
}

/* Normalises in[0..len) and expects status st with message msg; the
 * message must not quote the value. */
static void expect_fail_n(norm_fn f, const char *in, size_t len, myna_status st,
                          const char *msg) {
  myna_ctx ctx = {0};
  char *got = (char *)"sentinel";
  assert_int_equal(f(&ctx, "$.f", in, len, &got), st);
  assert_null(got);
  assert_string_equal(ctx.errmsg, msg);
  if (strlen(in) > 2) assert_null(strstr(ctx.errmsg, in));
  mf_ctx_reset(&ctx);
}

static void expect_fail(norm_fn f, const char *in, const char *msg) {
  expect_fail_n(f, in, strlen(in), MYNA_ERR_DATA, msg);
}

/* ------------------------------------------------------------ rejections */

#define NO_BASE                                                        \
  "$.f: contains a combining mark or variation selector with no base " \
  "character"

/* Every field type refuses these. */
static void test_common_rejections(void **state) {
  (void)state;
  static const norm_fn all[] = {mf_norm_name, mf_norm_kana, mf_norm_address,
                                mf_norm_line, mf_norm_phone};
  for (size_t i = 0; i < MF_ARRAY_LEN(all); i++) {
    norm_fn f = all[i];
    /* invalid UTF-8, every kind */
    expect_fail_n(f, "ab\xC0\xAF", 4, MYNA_ERR_DATA,
                  "$.f: invalid UTF-8 (overlong encoding) at byte 2");
    expect_fail_n(f, "\xED\xA0\x80", 3, MYNA_ERR_DATA,
                  "$.f: invalid UTF-8 (encoded surrogate) at byte 0");
    expect_fail_n(f, "\xF4\x90\x80\x80", 4, MYNA_ERR_DATA,
                  "$.f: invalid UTF-8 (code point above U+10FFFF) at byte 0");
    expect_fail_n(f, "ab\xE3\x81", 4, MYNA_ERR_DATA,
                  "$.f: invalid UTF-8 (truncated sequence) at byte 2");
    expect_fail_n(f, "\x82\xA0", 2, MYNA_ERR_DATA,
                  "$.f: invalid UTF-8 (stray continuation byte) at byte 0");
    expect_fail_n(f, "a\xFF", 2, MYNA_ERR_DATA,
                  "$.f: invalid UTF-8 (invalid byte) at byte 1");
    /* controls: C0 (NUL, TAB, ESC), DEL, C1 */
    expect_fail_n(f, "a\0b", 3, MYNA_ERR_DATA,
                  "$.f: contains a control character");
    expect_fail(f, "a\tb", "$.f: contains a control character");
    expect_fail(f, "a\x1b[31m", "$.f: contains a control character");
    expect_fail(f, "a\x7f", "$.f: contains a control character");
    expect_fail(f, "a\xC2\x85", "$.f: contains a control character");
    expect_fail(f, "a\xC2\x9F", "$.f: contains a control character");
    /* bidi controls */
    expect_fail(f,
                "a\xE2\x80\xAE"
                "b",
                "$.f: contains a bidirectional control character");
    expect_fail(f,
                "\xE2\x81\xA6"
                "a",
                "$.f: contains a bidirectional control character");
    expect_fail(f, "a\xE2\x80\x8F", /* RLM */
                "$.f: contains a bidirectional control character");
    expect_fail(f, "a\xD8\x9C", /* ALM */
                "$.f: contains a bidirectional control character");
    /* zero-width */
    expect_fail(f,
                "a\xE2\x80\x8B"
                "b",
                "$.f: contains a zero-width character");
    expect_fail(f,
                "a\xE2\x80\x8D"
                "b",
                "$.f: contains a zero-width character");
    expect_fail(f, "a\xE2\x81\xA0", "$.f: contains a zero-width character");
    expect_fail(f,
                "\xEF\xBB\xBF"
                "a",
                "$.f: contains a zero-width character");
    /* other invisible format characters */
    expect_fail(f,
                "a\xC2\xAD"
                "b",
                "$.f: contains an invisible formatting character");
    /* private use (BMP, plane 15, plane 16) */
    expect_fail(f, "a\xEE\x80\x80",
                "$.f: contains a private-use character (an unmapped 外字)");
    expect_fail(f, "a\xF3\xB0\x80\x80",
                "$.f: contains a private-use character (an unmapped 外字)");
    expect_fail(f, "a\xF4\x8F\xBF\xBD",
                "$.f: contains a private-use character (an unmapped 外字)");
    /* unassigned, noncharacter */
    expect_fail(f, "a\xCD\xB8", "$.f: contains an unassigned code point");
    expect_fail(f, "a\xEF\xBF\xBE", "$.f: contains an unassigned code point");
    /* emoji, VS16, keycap, flag */
    expect_fail(f, "a😀", "$.f: contains an emoji");
    expect_fail(f, "a❤", "$.f: contains an emoji");
    expect_fail(f, "a\xEF\xB8\x8F", "$.f: contains an emoji");
    expect_fail(f, "1\xE2\x83\xA3", "$.f: contains an emoji");
    expect_fail(f, "🇯🇵", "$.f: contains an emoji");
    /* U+FFFD */
    expect_fail(f, "a\xEF\xBF\xBD",
                "$.f: contains U+FFFD, the replacement character (the text "
                "was damaged by a wrong character encoding)");
    /* U+2028 */
    expect_fail(f,
                "a\xE2\x80\xA8"
                "b",
                f == mf_norm_address
                    ? "$.f: contains a Unicode line or paragraph separator "
                      "(write a line break as LF)"
                    : "$.f: contains a line break (expected a single line)");
    /* the limit */
    char big[MYNA_LIMIT_FIELD_BYTES + 2];
    memset(big, '1', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    expect_fail_n(f, big, MYNA_LIMIT_FIELD_BYTES + 1, MYNA_ERR_LIMIT,
                  "$.f: longer than MYNA_LIMIT_FIELD_BYTES (1024 bytes)");
  }
}

static void test_unpaired_marks(void **state) {
  (void)state;
  static const norm_fn f[] = {mf_norm_name, mf_norm_address, mf_norm_line};
  for (size_t i = 0; i < MF_ARRAY_LEN(f); i++) {
    expect_fail(f[i],
                "\xCC\x81"
                "a",
                NO_BASE);                                /* at the start */
    expect_fail(f[i], "a \xCC\x81", NO_BASE);            /* after a space */
    expect_fail(f[i], "a\xE3\x80\x80\xCC\x81", NO_BASE); /* after U+3000 */
    expect_fail(f[i], "\xF3\xA0\x84\x80", NO_BASE);      /* IVS alone */
    expect_fail(f[i], "\xEF\xB8\x80", NO_BASE);          /* SVS alone */
    expect_fail(f[i], "\xE3\x82\x99", NO_BASE);          /* U+3099 alone */
  }
  expect_fail(mf_norm_address, "a\n\xCC\x81", NO_BASE);
  /* paired marks are fine */
  expect_ok(mf_norm_name, "Jose\xCC\x81", "Jose\xCC\x81");
  expect_ok(mf_norm_name, "a\xCC\x81\xCC\x82", "a\xCC\x81\xCC\x82");
}

static void test_verbose_names_the_character(void **state) {
  (void)state;
  myna_ctx ctx = {.flags = MYNA_CONFIG_VERBOSE};
  char *out = NULL;
  assert_int_equal(
      mf_norm_name(&ctx, "$.name", "山田\xE2\x80\xAE太郎", 15, &out),
      MYNA_ERR_DATA);
  assert_string_equal(ctx.errmsg,
                      "$.name: contains a bidirectional control character "
                      "(U+202E)");
  assert_null(strstr(ctx.errmsg, "山田"));
  assert_int_equal(mf_norm_kana(&ctx, "$.kana", "ヤマダ漢", 12, &out),
                   MYNA_ERR_DATA);
  assert_string_equal(ctx.errmsg,
                      "$.kana: contains a character that is not kana "
                      "(expected katakana or hiragana) (U+6F22)");
  assert_int_equal(mf_norm_name(&ctx, "$.name", "a😀", 5, &out), MYNA_ERR_DATA);
  assert_string_equal(ctx.errmsg, "$.name: contains an emoji (U+1F600)");
  mf_ctx_reset(&ctx);
}

static void test_validate(void **state) {
  (void)state;
  myna_ctx ctx = {0};
  assert_int_equal(mf_text_validate(&ctx, "$.x", "a\nb", 3, 0), MYNA_ERR_DATA);
  assert_string_equal(ctx.errmsg,
                      "$.x: contains a line break (expected a single line)");
  assert_int_equal(mf_text_validate(&ctx, "$.x", "a\nb", 3, MF_TEXT_ALLOW_LF),
                   MYNA_OK);
  assert_int_equal(mf_text_validate(&ctx, "$.x", "a\rb", 3, MF_TEXT_ALLOW_LF),
                   MYNA_ERR_DATA);
  assert_string_equal(ctx.errmsg, "$.x: contains a carriage return");
  assert_int_equal(mf_text_validate(&ctx, "$.x", "\xCC\x81", 2, 0),
                   MYNA_ERR_DATA);
  assert_int_equal(
      mf_text_validate(&ctx, "$.x", "\xCC\x81", 2, MF_TEXT_NO_PAIRING),
      MYNA_OK);
  assert_int_equal(mf_text_validate(&ctx, "$.x", "\xC0\xAF", 2, 0),
                   MYNA_ERR_DATA);
  assert_string_equal(ctx.errmsg,
                      "$.x: invalid UTF-8 (overlong encoding) at byte 0");
  assert_int_equal(mf_text_validate(&ctx, "$.x", "", 0, 0), MYNA_OK);
  mf_ctx_reset(&ctx);
}

/* ------------------------------------------------------------------ names */

static void test_name_kept_byte_for_byte(void **state) {
  (void)state;
  expect_ok(mf_norm_name, "𠮷野 太郎", "𠮷野 太郎"); /* U+20BB7 */
  expect_ok(mf_norm_name, "葛\xF3\xA0\x84\x80飾",
            "葛\xF3\xA0\x84\x80飾");                           /* IVS */
  expect_ok(mf_norm_name, "\xEF\xA8\x99田", "\xEF\xA8\x99田"); /* 神 U+FA19 */
  expect_ok(mf_norm_name, "\xEF\xA8\x9B", "\xEF\xA8\x9B");     /* 福 U+FA1B */
  expect_ok(mf_norm_name, "神\xEF\xB8\x80", "神\xEF\xB8\x80"); /* 神+SVS */
  expect_ok(mf_norm_name, "髙橋 﨑", "髙橋 﨑");
  expect_ok(mf_norm_name, "NGUYEN VAN AN", "NGUYEN VAN AN");
  expect_ok(mf_norm_name, "ｶﾀｶﾅ", "ｶﾀｶﾅ"); /* no width folding in names */
  expect_ok(mf_norm_name, "ジョン・スミス", "ジョン・スミス");
  expect_ok(mf_norm_name, "", "");
}

/* Decomposed kana (す U+3099) print as the composed glyph, so the value is
 * composed (issue 15 item 4: the text layer is the printed string); only
 * Unicode's canonical kana compositions, never NFC: 神 U+FA19, IVS and SVS
 * stay. */
static void test_kana_marks_composed(void **state) {
  (void)state;
  static const norm_fn fs[] = {mf_norm_name, mf_norm_address, mf_norm_line};
  for (size_t i = 0; i < sizeof fs / sizeof *fs; i++) {
    norm_fn f = fs[i];
    expect_ok(f, "す\xE3\x82\x99ず", "ずず");                  /* す U+3099 */
    expect_ok(f, "か\xE3\x82\x99は\xE3\x82\x9A", "がぱ");   /* U+309A */
    expect_ok(f, "ス\xE3\x82\x99ヘ\xE3\x82\x9A", "ズペ");
    expect_ok(f, "う\xE3\x82\x99ゝ\xE3\x82\x99", "ゔゞ");
    expect_ok(f, "ワ\xE3\x82\x99ヽ\xE3\x82\x99", "ヷヾ");
    /* no precomposed form: kept as given (わ゙ ア゙ か゚ 漢゙) */
    expect_ok(f, "わ\xE3\x82\x99ア\xE3\x82\x99か\xE3\x82\x9A",
              "わ\xE3\x82\x99ア\xE3\x82\x99か\xE3\x82\x9A");
    /* half-width ｶ: kept in names and lines; an address widens it first */
    expect_ok(f, "ｶ\xE3\x82\x99",
              f == mf_norm_address ? "ガ" : "ｶ\xE3\x82\x99");
    /* spacing ゛ is not a combining mark: kept */
    expect_ok(f, "か゛", "か゛");
    /* compatibility ideographs and variation sequences untouched */
    expect_ok(f, "\xEF\xA8\x99葛\xF3\xA0\x84\x80す\xE3\x82\x99",
              "\xEF\xA8\x99葛\xF3\xA0\x84\x80ず");
    expect_ok(f, "神\xEF\xB8\x80", "神\xEF\xB8\x80");
  }
}

static void test_name_whitespace(void **state) {
  (void)state;
  expect_ok(mf_norm_name, "  山田 太郎  ", "山田 太郎");
  expect_ok(mf_norm_name, "山田　太郎", "山田　太郎");
  expect_ok(mf_norm_name, "山田 　 太郎", "山田　太郎");
  expect_ok(mf_norm_name, "山田   太郎", "山田 太郎");
  expect_ok(mf_norm_name, "山田\xC2\xA0太郎", "山田 太郎");
  expect_ok(mf_norm_name, "山田\xC2\xA0\xE3\x80\x80太郎", "山田　太郎");
  expect_ok(mf_norm_name, "　山田　　太郎　", "山田　太郎");
  expect_ok(mf_norm_name, "NGUYEN  VAN   AN", "NGUYEN VAN AN");
  expect_ok(mf_norm_name, "   ", "");
}

static void test_name_rejects_line_break(void **state) {
  (void)state;
  expect_fail(mf_norm_name, "山田\n太郎",
              "$.f: contains a line break (expected a single line)");
  expect_fail(mf_norm_name, "山田\r\n太郎",
              "$.f: contains a line break (expected a single line)");
}

static void test_name_substitution_mark_warns(void **state) {
  (void)state;
  static const char *const in[] = {"●橋 太郎", "高〓 花子"};
  for (size_t i = 0; i < MF_ARRAY_LEN(in); i++) {
    myna_ctx ctx = {0};
    char *out = NULL;
    assert_int_equal(mf_norm_name(&ctx, "$.name", in[i], strlen(in[i]), &out),
                     MYNA_OK);
    assert_string_equal(out, in[i]); /* printed as given */
    assert_int_equal(ctx.warning_count, 1);
    assert_string_equal(ctx.warnings[0],
                        "$.name: contains ● or 〓, a registry's mark for a "
                        "character its system cannot hold; printed as given "
                        "(check the card)");
    assert_null(strstr(ctx.warnings[0], "太郎"));
    assert_null(strstr(ctx.warnings[0], "花子"));
    mf_free(out);
    mf_ctx_reset(&ctx);
  }
}

/* ------------------------------------------------------------------- kana */

static void test_kana_halfwidth(void **state) {
  (void)state;
  expect_ok(mf_norm_kana, "ｶﾞ", "ガ");
  expect_ok(mf_norm_kana, "ﾊﾟ", "パ");
  expect_ok(mf_norm_kana, "ｳﾞ", "ヴ");
  expect_ok(mf_norm_kana, "ﾜﾞ", "ヷ");
  expect_ok(mf_norm_kana, "ｦﾞ", "ヺ");
  expect_ok(mf_norm_kana, "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ　タロウ");
  expect_ok(mf_norm_kana, "ｱｲｳｴｵ", "アイウエオ");
  expect_ok(mf_norm_kana, "ｧｨｩｪｫｯｬｭｮ", "ァィゥェォッャュョ");
  expect_ok(mf_norm_kana, "ｦﾝｰ･", "ヲンー・");
  expect_ok(mf_norm_kana, "ﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", "バビブベボパピプペポ");
  expect_ok(mf_norm_kana, "ｶﾞｷﾞｸﾞｹﾞｺﾞｻﾞｼﾞｽﾞｾﾞｿﾞﾀﾞﾁﾞﾂﾞﾃﾞﾄﾞ",
            "ガギグゲゴザジズゼゾダヂヅデド");
}

static void test_kana_hiragana(void **state) {
  (void)state;
  expect_ok(mf_norm_kana, "やまだ たろう", "ヤマダ　タロウ");
  expect_ok(mf_norm_kana, "ぁあぃいゔゕゖ", "ァアィイヴヵヶ");
  expect_ok(mf_norm_kana, "ゝゞ", "ヽヾ");
  expect_ok(mf_norm_kana, "さとう　はなこ", "サトウ　ハナコ");
  expect_ok(mf_norm_kana, "ヤマだ", "ヤマダ");
  expect_ok(mf_norm_kana, "ヷヸヹヺ", "ヷヸヹヺ");
}

static void test_kana_marks(void **state) {
  (void)state;
  /* combining U+3099 / U+309A */
  expect_ok(mf_norm_kana, "タ\xE3\x82\x99", "ダ");
  expect_ok(mf_norm_kana, "ハ\xE3\x82\x9A", "パ");
  expect_ok(mf_norm_kana, "か\xE3\x82\x99", "ガ");
  expect_ok(mf_norm_kana, "ウ\xE3\x82\x99", "ヴ");
  expect_ok(mf_norm_kana, "ワ\xE3\x82\x99", "ヷ");
  expect_ok(mf_norm_kana, "ヽ\xE3\x82\x99", "ヾ");
  /* spacing ゛ ゜ after a kana */
  expect_ok(mf_norm_kana, "タ゛", "ダ");
  expect_ok(mf_norm_kana, "は゜", "パ");
  expect_ok(mf_norm_kana, "ツ゛", "ヅ");
  /* half-width marks after full-width kana */
  expect_ok(mf_norm_kana, "カﾞ", "ガ");
  expect_ok(mf_norm_kana, "ホﾟ", "ポ");
}

#define BAD_MARK                                                              \
  "$.f: contains a voiced sound mark ゛ or ゜ that does not follow a kana " \
  "it can combine with"

static void test_kana_uncomposable_marks(void **state) {
  (void)state;
  expect_fail(mf_norm_kana, "゛タ", BAD_MARK); /* at the start */
  expect_fail(mf_norm_kana, "\xE3\x82\x99タ", BAD_MARK);
  expect_fail(mf_norm_kana, "ン゛", BAD_MARK);           /* after ン */
  expect_fail(mf_norm_kana, "ア\xE3\x82\x99", BAD_MARK); /* ア゙ */
  expect_fail(mf_norm_kana, "ガ゛", BAD_MARK);           /* doubled */
  expect_fail(mf_norm_kana, "タ゛゛", BAD_MARK);
  expect_fail(mf_norm_kana, "カ゜", BAD_MARK); /* カ゚ */
  expect_fail(mf_norm_kana, "ﾝﾞ", BAD_MARK);
  expect_fail(mf_norm_kana, "ﾞ", BAD_MARK);
  expect_fail(mf_norm_kana, "タ ゛", BAD_MARK); /* after a space */
  expect_fail(mf_norm_kana, "ー゛", BAD_MARK);
}

#define NOT_KANA                                                      \
  "$.f: contains a character that is not kana (expected katakana or " \
  "hiragana)"
#define DASH "$.f: contains a hyphen or tilde (write the long-vowel mark ー)"

static void test_kana_result_set(void **state) {
  (void)state;
  expect_ok(mf_norm_kana, "スミス・ジョン", "スミス・ジョン");
  expect_ok(mf_norm_kana, "スミス゠ジョン", "スミス゠ジョン");
  expect_ok(mf_norm_kana, "スミス＝ジョン", "スミス＝ジョン");
  expect_ok(mf_norm_kana, "  ヤマダ   タロウ  ", "ヤマダ　タロウ");
  expect_ok(mf_norm_kana, "ヤマダ\xC2\xA0タロウ", "ヤマダ　タロウ");
  expect_ok(mf_norm_kana, "", "");
  expect_fail(mf_norm_kana, "山田", NOT_KANA);
  expect_fail(mf_norm_kana, "ヤマダ Taro", NOT_KANA);
  expect_fail(mf_norm_kana, "ヤマダ1", NOT_KANA);
  expect_fail(mf_norm_kana, "ヤマダ１", NOT_KANA);
  expect_fail(mf_norm_kana, "ヤマダ.", NOT_KANA);
  expect_fail(mf_norm_kana, "ヤマダ=タロウ", NOT_KANA);
  expect_fail(mf_norm_kana, "ゟ", NOT_KANA);
  expect_fail(mf_norm_kana, "ヿ", NOT_KANA);
  expect_fail(mf_norm_kana, "ヤマダ｡", NOT_KANA); /* ｡ → 。 */
  expect_fail(mf_norm_kana, "●ヤマ", NOT_KANA);
  expect_fail(mf_norm_kana, "ア\xCC\x81", NOT_KANA);
  expect_fail(mf_norm_kana, "ス-ザン", DASH);
  expect_fail(mf_norm_kana, "ス~ザン", DASH);
  expect_fail(mf_norm_kana, "ス〜ザン", DASH);
  expect_fail(mf_norm_kana, "ス～ザン", DASH);
  expect_fail(mf_norm_kana, "ス－ザン", DASH);
  expect_fail(mf_norm_kana, "ス―ザン", DASH);
  expect_ok(mf_norm_kana, "スーザン", "スーザン");
  expect_ok(mf_norm_kana, "ｽｰｻﾞﾝ", "スーザン");
  expect_fail(mf_norm_kana, "ヤマダ\nタロウ",
              "$.f: contains a line break (expected a single line)");
}

/* -------------------------------------------------------------- addresses */

static void test_address(void **state) {
  (void)state;
  expect_ok(mf_norm_address, "東京都千代田区霞が関１丁目２番２号",
            "東京都千代田区霞が関１丁目２番２号");
  expect_ok(mf_norm_address, "東京都千代田区霞が関1-2-2",
            "東京都千代田区霞が関1-2-2");
  expect_ok(mf_norm_address, "大字 字 1‐2－3ー4−5", "大字 字 1‐2－3ー4−5");
  expect_ok(mf_norm_address, "東京都\n千代田区", "東京都\n千代田区");
  expect_ok(mf_norm_address, "東京都\r\n千代田区\r\n", "東京都\n千代田区");
  expect_ok(mf_norm_address, "東京都\r千代田区", "東京都\n千代田区");
  expect_ok(mf_norm_address, " \n 東京都  千代田区 \n", "東京都  千代田区");
  expect_ok(mf_norm_address, "ｶﾞｰﾃﾞﾝﾊｲﾂ 101", "ガーデンハイツ 101");
  expect_ok(mf_norm_address, "ﾊﾟｰｸ･ｺｰﾄ｢A｣", "パーク・コート「A」");
  expect_ok(mf_norm_address, "ｱﾞ", "ア゛");
  expect_ok(mf_norm_address, "鶴ヶ島市𠮷田", "鶴ヶ島市𠮷田");
  expect_ok(mf_norm_address, "葛\xF3\xA0\x84\x80飾区",
            "葛\xF3\xA0\x84\x80飾区");
  expect_ok(mf_norm_address, "がっこう", "がっこう"); /* hiragana stays */
  expect_fail(mf_norm_address, "東京都\x0b千代田区",
              "$.f: contains a control character");
}

static void test_address_substitution_mark_warns(void **state) {
  (void)state;
  myna_ctx ctx = {0};
  char *out = NULL;
  const char *in = "東京都●●区";
  assert_int_equal(mf_norm_address(&ctx, "$.address", in, strlen(in), &out),
                   MYNA_OK);
  assert_string_equal(out, in);
  assert_int_equal(ctx.warning_count, 1);
  assert_non_null(strstr(ctx.warnings[0], "$.address: contains ● or 〓"));
  mf_free(out);
  mf_ctx_reset(&ctx);
}

/* ------------------------------------------------------------- plain text */

static void test_line(void **state) {
  (void)state;
  expect_ok(mf_norm_line, "全国健康保険協会　東京支部",
            "全国健康保険協会　東京支部");
  expect_ok(mf_norm_line, "  株式会社  ABC  ", "株式会社  ABC");
  expect_ok(mf_norm_line, "ｶ)ﾔﾏﾀﾞ", "ｶ)ﾔﾏﾀﾞ");
  expect_ok(mf_norm_line, "〓商事", "〓商事"); /* no warning outside names */
  expect_fail(mf_norm_line, "a\nb",
              "$.f: contains a line break (expected a single line)");
}

/* ----------------------------------------------------------------- phones */

#define PHONE_CHAR                                                         \
  "$.f: contains a character not used in phone numbers (expected digits, " \
  "-, ( ) and an extension note 内線 or ext.)"
#define PHONE_LETTER                                                       \
  "$.f: contains a letter (expected digits, -, ( ) and an extension note " \
  "内線 or ext.)"

static void test_phone(void **state) {
  (void)state;
  expect_ok(mf_norm_phone, "03-1234-5678", "03-1234-5678");
  expect_ok(mf_norm_phone, "０３－１２３４－５６７８", "03-1234-5678");
  expect_ok(mf_norm_phone, "03ー1234ー5678", "03-1234-5678");
  expect_ok(mf_norm_phone, "03‐1234−5678", "03-1234-5678");
  expect_ok(mf_norm_phone, "03–1234—5678", "03-1234-5678");
  expect_ok(mf_norm_phone, "（03）1234-5678", "(03)1234-5678");
  expect_ok(mf_norm_phone, "  090 1234　5678  ", "090 1234 5678");
  expect_ok(mf_norm_phone, "03-1234-5678 内線 123", "03-1234-5678 内線 123");
  expect_ok(mf_norm_phone, "03-1234-5678内線１２３", "03-1234-5678内線123");
  expect_ok(mf_norm_phone, "03-1234-5678 ext. 12", "03-1234-5678 ext. 12");
  expect_ok(mf_norm_phone, "03-1234-5678 EXT 12", "03-1234-5678 ext. 12");
  expect_ok(mf_norm_phone, "＋81-3-1234-5678", "+81-3-1234-5678");
  expect_ok(mf_norm_phone, "", "");
  expect_ok(mf_norm_phone, "   ", "");
  expect_fail(mf_norm_phone, "03-1234-567a", PHONE_LETTER);
  expect_fail(mf_norm_phone, "TEL 03-1234-5678", PHONE_LETTER);
  expect_fail(mf_norm_phone, "電話03-1234-5678", PHONE_LETTER);
  expect_fail(mf_norm_phone, "03.1234.5678", PHONE_CHAR);
  expect_fail(mf_norm_phone, "03-1234-5678 / 5679", PHONE_CHAR);
  expect_fail(mf_norm_phone, "03-1234+5678", PHONE_CHAR);
  expect_fail(mf_norm_phone, "03-1234-5678 extra 1", PHONE_LETTER);
  expect_fail(mf_norm_phone, "--",
              "$.f: contains no digits (expected "
              "digits, -, ( ) and an extension note 内線 or ext.)");
  expect_fail(mf_norm_phone, "03-1234-5678 内線",
              "$.f: the extension note (内線 or ext.) is not followed by a "
              "number");
  expect_fail(mf_norm_phone, "内線 12",
              "$.f: an extension note (内線 or ext.) must follow the phone "
              "number, once");
  expect_fail(mf_norm_phone, "03-1234-5678 内線 1 内線 2",
              "$.f: an extension note (内線 or ext.) must follow the phone "
              "number, once");
  expect_fail(mf_norm_phone, "03-1234-5678\n",
              "$.f: contains a line break (expected a single line)");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_common_rejections),
      cmocka_unit_test(test_unpaired_marks),
      cmocka_unit_test(test_verbose_names_the_character),
      cmocka_unit_test(test_validate),
      cmocka_unit_test(test_name_kept_byte_for_byte),
      cmocka_unit_test(test_kana_marks_composed),
      cmocka_unit_test(test_name_whitespace),
      cmocka_unit_test(test_name_rejects_line_break),
      cmocka_unit_test(test_name_substitution_mark_warns),
      cmocka_unit_test(test_kana_halfwidth),
      cmocka_unit_test(test_kana_hiragana),
      cmocka_unit_test(test_kana_marks),
      cmocka_unit_test(test_kana_uncomposable_marks),
      cmocka_unit_test(test_kana_result_set),
      cmocka_unit_test(test_address),
      cmocka_unit_test(test_address_substitution_mark_warns),
      cmocka_unit_test(test_line),
      cmocka_unit_test(test_phone),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
