/* test_csv_decode.c — the encodings of a batch CSV file (cli/csv_decode.c)
 * and how the CSV reader (cli/csv_records.c) uses them: CP932 through
 * glibc's iconv with the Windows mapping, bad bytes as bad records naming
 * their line, a CP932 file refused without --encoding, はい/いいえ. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "csv_decode.h"
#include "csv_records.h"

/* ------------------------------------------------------------ decoding */

static void test_encoding_names(void **state) {
  (void)state;
  static const struct {
    const char *name;
    csv_encoding enc;
  } ok[] = {
      {"utf-8", CSV_ENC_UTF8},        {"UTF8", CSV_ENC_UTF8},
      {"cp932", CSV_ENC_CP932},       {"Shift_JIS", CSV_ENC_CP932},
      {"shift-jis", CSV_ENC_CP932},   {"SJIS", CSV_ENC_CP932},
      {"windows-31j", CSV_ENC_CP932}, {"MS932", CSV_ENC_CP932},
  };
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    csv_encoding e = CSV_ENC_DEFAULT;
    assert_true(mf_csv_encoding_parse(ok[i].name, &e));
    assert_int_equal(e, ok[i].enc);
  }
  static const char *const bad[] = {"", "euc-jp", "utf-16", "latin1", "cp9320", "utf-8 "};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    csv_encoding e;
    assert_false(mf_csv_encoding_parse(bad[i], &e));
  }
  csv_encoding e;
  assert_false(mf_csv_encoding_parse(NULL, &e));
}

/* CP932 bytes → the UTF-8 Windows gives.  Where JIS X 0208 and Windows
 * disagree, the Windows code point is expected (the JIS one in the
 * comment). */
static void test_cp932_windows_mapping(void **state) {
  (void)state;
  static const struct {
    const char *in, *out;
  } map[] = {
      {"\x81\x60", "～"}, /* U+FF5E, not 〜 U+301C */
      {"\x81\x7C", "－"}, /* U+FF0D, not − U+2212 */
      {"\x81\x61", "∥"},  /* U+2225, not ‖ U+2016 */
      {"\x81\x5C", "―"},  /* U+2015, not — U+2014 */
      {"\x81\x91", "￠"}, /* U+FFE0, not ¢ U+00A2 */
      {"\x81\x92", "￡"}, /* U+FFE1, not £ U+00A3 */
      {"\x81\xCA", "￢"}, /* U+FFE2, not ¬ U+00AC */
      {"\x5C", "\\"},     /* not ¥ U+00A5 */
      {"\x7E", "~"},      /* not ‾ U+203E */
      {"\x87\x40", "①"},  /* NEC row 13 */
      {"\x87\x8A", "㈱"},
      {"\x87\x7E", "㍻"},
      {"\xFB\xFC", "髙"}, /* IBM extension */
      {"\xEE\xE0", "髙"}, /* NEC-selected IBM extension */
      {"\xED\x40", "纊"},
      {"\x8A\x8B", "葛"},
      {"\x82\xA0", "あ"},
      {"\x81\x40", "\xE3\x80\x80"}, /* U+3000 */
      {"\xB1\xDE", "ｱﾞ"},           /* half-width katakana, one byte each */
      {"\xF0\x40", "\xEE\x80\x80"}, /* user-defined: U+E000, refused later */
      {"abc,\"x\"", "abc,\"x\""},
  };
  csv_decoder *d = mf_csv_decoder_new(CSV_ENC_CP932);
  assert_non_null(d);
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
    const char *out = NULL;
    size_t len = 0, bad = 99;
    assert_int_equal(mf_csv_decode(d, map[i].in, strlen(map[i].in), &out, &len, &bad),
                     CSVD_OK);
    if (len != strlen(map[i].out) || memcmp(out, map[i].out, len) != 0)
      fail_msg("CP932 %s: got %.*s", map[i].out, (int)len, out);
  }
  mf_csv_decoder_free(d);
}

static void test_cp932_invalid(void **state) {
  (void)state;
  static const struct {
    const char *in;
    size_t bad;
  } cases[] = {
      {"\x80", 0},        {"ab\xA0", 2},         {"\xFD", 0},
      {"\xFE", 0},        {"\xFF", 0},           {"\x82\xA0\x81", 2}, /* lead at the end */
      {"\x81\x20", 0},    {"x\x82\x0A", 1},      {"\x82\xA0\x82\xFD", 2},
  };
  csv_decoder *d = mf_csv_decoder_new(CSV_ENC_CP932);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *out = NULL;
    size_t len = 0, bad = 99;
    assert_int_equal(mf_csv_decode(d, cases[i].in, strlen(cases[i].in), &out, &len, &bad),
                     CSVD_INVALID);
    assert_int_equal(bad, cases[i].bad);
    assert_false(mf_csv_cp932_valid(d, cases[i].in, strlen(cases[i].in)));
  }
  mf_csv_decoder_free(d);
}

static void test_utf8(void **state) {
  (void)state;
  size_t bad = 99;
  assert_true(mf_csv_utf8_valid("山田 𠮷", strlen("山田 𠮷"), &bad));
  assert_true(mf_csv_utf8_valid("", 0, &bad));
  assert_false(mf_csv_utf8_valid("ab\xC0\xAF", 4, &bad)); /* overlong */
  assert_int_equal(bad, 2);
  assert_false(mf_csv_utf8_valid("\xED\xA0\x80", 3, &bad)); /* surrogate */
  assert_false(mf_csv_utf8_valid("\xF4\x90\x80\x80", 4, &bad));
  assert_false(mf_csv_utf8_valid("\xE5\xB1", 2, &bad)); /* cut short */
  assert_false(mf_csv_utf8_valid("\x8E\x52", 2, &bad)); /* CP932 山 */
  assert_int_equal(bad, 0);
  /* a UTF-8 decoder only checks */
  csv_decoder *d = mf_csv_decoder_new(CSV_ENC_DEFAULT);
  const char *out = NULL;
  size_t len = 0;
  assert_int_equal(mf_csv_decode(d, "山", 3, &out, &len, &bad), CSVD_OK);
  assert_int_equal(len, 3);
  assert_int_equal(mf_csv_decode(d, "a\x8E\x52", 3, &out, &len, &bad), CSVD_INVALID);
  assert_int_equal(bad, 1);
  assert_true(mf_csv_cp932_valid(d, "a\x8E\x52", 3));
  mf_csv_decoder_free(d);
}

/* -------------------------------------------------------------- reading */

/* What a run of the CSV reader saw: one line a record. */
typedef struct seen {
  char text[4096];
  size_t len;
} seen;

static int collect(void *user, const csv_record *rec) {
  seen *s = user;
  int n = snprintf(s->text + s->len, sizeof s->text - s->len, "%llu@%llu %s\n", rec->number,
                   rec->line, rec->json ? rec->json : rec->error);
  if (n > 0) s->len += (size_t)n;
  return 0;
}

/* Reads csv (n bytes) with enc; returns the final status, *out the records
 * and, after an error, the message. */
static csvr_status read_csv(const char *csv, size_t n, csv_encoding enc, seen *out) {
  memset(out, 0, sizeof *out);
  csv_options o = {0};
  o.encoding = enc;
  csv_records *r = mf_csv_records_new(collect, out, &o);
  assert_non_null(r);
  csvr_status st = mf_csv_records_feed(r, csv, n);
  if (st == CSVR_OK) st = mf_csv_records_finish(r);
  if (st != CSVR_OK) {
    int k = snprintf(out->text + out->len, sizeof out->text - out->len, "error: %s\n",
                     mf_csv_records_errmsg(r));
    if (k > 0) out->len += (size_t)k;
  }
  mf_csv_records_free(r);
  return st;
}

#define READ(csv, enc, st, want)                                  \
  do {                                                            \
    seen s_;                                                      \
    assert_int_equal(read_csv(csv, sizeof csv - 1, enc, &s_), st); \
    assert_string_equal(s_.text, want);                           \
  } while (0)

static void test_reader_cp932(void **state) {
  (void)state;
  /* 髙橋　①子 / ﾀｶﾊｼ / 1〜3 (0x8160) / はい / 昭和64年1月7日 */
  static const char csv[] =
      "name,kana,address,pinless,birth_date\r\n"
      "\xFB\xFC\x8B\xB4\x81\x40\x87\x40\x8E\x71,\xC0\xB6\xCA\xBC,1\x81\x60" "3,"
      "\x82\xCD\x82\xA2,\x8F\xBA\x98\x61" "64\x94\x4E" "1\x8C\x8E" "7\x93\xFA\r\n"
      "x,,,\x82\xA2\x82\xA2\x82\xA6,\r\n";
  READ(csv, CSV_ENC_CP932, CSVR_OK,
       "1@2 {\"name\":\"髙橋　①子\",\"kana\":\"ﾀｶﾊｼ\",\"address\":\"1～3\","
       "\"pinless\":true,\"birth_date\":\"昭和64年1月7日\"}\n"
       "2@3 {\"name\":\"x\",\"pinless\":false}\n");
}

static void test_reader_bad_bytes_name_their_line(void **state) {
  (void)state;
  /* the bad byte 0xA0 is on the third line of a quoted address */
  static const char cp932[] =
      "name,address\n"
      "\x8E\x52,\"a\r\nb\n\xA0\"\n"
      "\x8E\x52,ok\n";
  READ(cp932, CSV_ENC_CP932, CSVR_OK,
       "1@2 $.address: not valid CP932 at line 4 (CSV column 2)\n"
       "2@5 {\"name\":\"山\",\"address\":\"ok\"}\n");
  static const char utf8[] =
      "name,address\n"
      "山,ok\n"
      "\"\n\xE5\xB1\",x\n";
  READ(utf8, CSV_ENC_DEFAULT, CSVR_OK,
       "1@2 {\"name\":\"山\",\"address\":\"ok\"}\n"
       "2@3 $.name: not valid UTF-8 at line 4 (CSV column 1)\n");
  /* a header cell that is not CP932 */
  static const char head[] = "name,\x80\n";
  READ(head, CSV_ENC_CP932, CSVR_EHEADER,
       "error: line 1: CSV header, column 2: not valid CP932\n");
}

static void test_reader_refuses_cp932_read_as_utf8(void **state) {
  (void)state;
  /* ASCII rows are the same in both; the first row with other bytes
   * decides, and stops the input before that row */
  static const char csv[] =
      "name,phone\n"
      "YAMADA,03-1234-5678\n"
      "\x8E\x52\x93\x63,03\n"
      "x,1\n";
  READ(csv, CSV_ENC_DEFAULT, CSVR_EENCODING,
       "1@2 {\"name\":\"YAMADA\",\"phone\":\"03-1234-5678\"}\n"
       "error: line 3: the input is not UTF-8 but CP932 (Shift_JIS, as a Japanese Excel "
       "saves CSV): give --encoding cp932 (or --encoding utf-8 to read it as UTF-8)\n");
  /* --encoding utf-8: read as UTF-8, the row is bad */
  READ(csv, CSV_ENC_UTF8, CSVR_OK,
       "1@2 {\"name\":\"YAMADA\",\"phone\":\"03-1234-5678\"}\n"
       "2@3 $.name: not valid UTF-8 at line 3 (CSV column 1)\n"
       "3@4 {\"name\":\"x\",\"phone\":\"1\"}\n");
  /* a header in CP932 stops it too */
  static const char head[] = "name,\x96\xBC\n";
  READ(head, CSV_ENC_DEFAULT, CSVR_EENCODING,
       "error: line 1: the input is not UTF-8 but CP932 (Shift_JIS, as a Japanese Excel "
       "saves CSV): give --encoding cp932 (or --encoding utf-8 to read it as UTF-8)\n");
  /* the first row with other bytes is UTF-8: later rows are only bad */
  static const char later[] =
      "name\n"
      "山\n"
      "\x8E\x52\n";
  READ(later, CSV_ENC_DEFAULT, CSVR_OK,
       "1@2 {\"name\":\"山\"}\n"
       "2@3 $.name: not valid UTF-8 at line 3 (CSV column 1)\n");
  /* neither UTF-8 nor CP932: bad, not stopped */
  static const char neither[] = "name\n\xFF\n\xE5\xB1\xB1\n";
  READ(neither, CSV_ENC_DEFAULT, CSVR_OK,
       "1@2 $.name: not valid UTF-8 at line 2 (CSV column 1)\n"
       "2@3 {\"name\":\"山\"}\n");
}

static void test_reader_bom(void **state) {
  (void)state;
  static const char csv[] = "\xEF\xBB\xBFname\n\xE5\xB1\xB1\n";
  READ(csv, CSV_ENC_DEFAULT, CSVR_OK, "1@2 {\"name\":\"山\"}\n");
  READ(csv, CSV_ENC_UTF8, CSVR_OK, "1@2 {\"name\":\"山\"}\n");
  READ(csv, CSV_ENC_CP932, CSVR_EENCODING,
       "error: line 1: the input starts with a UTF-8 byte order mark: it is UTF-8, not "
       "CP932 (leave out --encoding cp932)\n");
}

static void test_reader_booleans(void **state) {
  (void)state;
  static const char csv[] =
      "insurance.has_valid_card,pinless\n"
      "はい,いいえ\n"
      "TRUE,false\n"
      "yes,はい。\n";
  /* anything else goes to the library as a string, which refuses it */
  READ(csv, CSV_ENC_DEFAULT, CSVR_OK,
       "1@2 {\"insurance\":{\"has_valid_card\":true},\"pinless\":false}\n"
       "2@3 {\"insurance\":{\"has_valid_card\":true},\"pinless\":false}\n"
       "3@4 {\"insurance\":{\"has_valid_card\":\"yes\"},\"pinless\":\"はい。\"}\n");
  /* only in the boolean columns */
  static const char other[] = "name\nはい\n";
  READ(other, CSV_ENC_DEFAULT, CSVR_OK, "1@2 {\"name\":\"はい\"}\n");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_encoding_names),
      cmocka_unit_test(test_cp932_windows_mapping),
      cmocka_unit_test(test_cp932_invalid),
      cmocka_unit_test(test_utf8),
      cmocka_unit_test(test_reader_cp932),
      cmocka_unit_test(test_reader_bad_bytes_name_their_line),
      cmocka_unit_test(test_reader_refuses_cp932_read_as_utf8),
      cmocka_unit_test(test_reader_bom),
      cmocka_unit_test(test_reader_booleans),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
