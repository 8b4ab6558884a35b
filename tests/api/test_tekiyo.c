/*
 * test_tekiyo.c — myna_tekiyo through the public header: the 摘要 text,
 * its fixed order and labels (from data/tekiyo-labels.json), empty items
 * left out, JIS X 0208 offenders by path and index (code point only when
 * verbose), the JSON form, a My Number refused, the labels file missing or
 * broken.
 */
#define _GNU_SOURCE
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "mynaform.h"

static myna_ctx *open_flags(unsigned flags, const char *data_dir) {
  const char *src = getenv("MYNAFORM_SOURCE_DIR");
  assert_non_null(src);
  char fonts[4096], templates[4096];
  snprintf(fonts, sizeof fonts, "%s/fonts", src);
  snprintf(templates, sizeof templates, "%s/templates", src);
  myna_config cfg = {0};
  cfg.struct_size = sizeof cfg;
  cfg.flags = flags | MYNA_CONFIG_NO_DISK_CACHE;
  cfg.data_dir = data_dir;
  cfg.font_dir = fonts;
  cfg.template_dir = templates;
  myna_ctx *ctx = NULL;
  myna_status st = myna_ctx_open(&cfg, &ctx);
  if (st != MYNA_OK) fprintf(stderr, "open: %s\n", myna_ctx_errmsg(ctx));
  assert_int_equal(st, MYNA_OK);
  return ctx;
}

static myna_status tekiyo(myna_ctx *ctx, const char *data, unsigned flags, char **out) {
  myna_tekiyo_opts o = {0};
  o.struct_size = sizeof o;
  o.flags = flags;
  return myna_tekiyo(ctx, data, strlen(data), &o, out);
}

#define HEAD "不詳請求（被保険者資格申立書による）"

static void test_text_and_order(void **state) {
  (void)state;
  myna_ctx *ctx = open_flags(0, NULL);
  char *out = NULL;
  /* members in another order than the labels: the labels decide */
  assert_int_equal(tekiyo(ctx,
                          "{\"phone\":\"03-1234-5678\",\"insurance\":{\"employer\":\"株式会社山田商店\"},"
                          "\"address\":\"東京都千代田区1-2 3F\"}",
                          0, &out),
                   MYNA_OK);
  assert_string_equal(out, HEAD "　住所：東京都千代田区１－２　３Ｆ"
                                "　事業所名：株式会社山田商店"
                                "　連絡先：０３－１２３４－５６７８");
  myna_free(out);
  assert_int_equal(myna_ctx_warning_count(ctx), 0);
  /* a line break of the address is a U+3000 */
  assert_int_equal(tekiyo(ctx, "{\"address\":\"東京都千代田区\\r\\n丸の内一丁目\"}", 0, &out),
                   MYNA_OK);
  assert_string_equal(out, HEAD "　住所：東京都千代田区　丸の内一丁目");
  myna_free(out);
  myna_ctx_free(ctx);
}

static void test_empty_items(void **state) {
  (void)state;
  myna_ctx *ctx = open_flags(0, NULL);
  char *out = NULL;
  assert_int_equal(tekiyo(ctx, "{\"address\":\"東京都\",\"phone\":\"\"}", 0, &out), MYNA_OK);
  assert_string_equal(out, HEAD "　住所：東京都");
  myna_free(out);
  assert_int_equal(tekiyo(ctx, "{\"address\":\"  \",\"phone\":\"0312345678\",\"insurance\":{\"employer\":null}}",
                          0, &out),
                   MYNA_OK);
  assert_string_equal(out, HEAD "　連絡先：０３１２３４５６７８");
  myna_free(out);
  /* none of the three: an error naming them */
  out = (char *)"x";
  assert_int_equal(tekiyo(ctx, "{\"name\":\"山田太郎\"}", 0, &out), MYNA_ERR_DATA);
  assert_null(out);
  assert_non_null(strstr(myna_ctx_errmsg(ctx), "$.address, $.insurance.employer or $.phone"));
  assert_null(strstr(myna_ctx_errmsg(ctx), "山田"));
  assert_int_equal(tekiyo(ctx, "", 0, &out), MYNA_ERR_DATA);
  myna_ctx_free(ctx);
}

/* 𠮷 (U+20BB7), 髙 (U+9AD9), the IVS of 葛󠄀 (U+E0100) and 神 (U+FA19) are
 * reported by path and index (code points from 0), never replaced. */
static const char outside[] =
    "{\"address\":\"東京都𠮷野町葛\xf3\xa0\x84\x80飾1\","
    "\"insurance\":{\"employer\":\"髙田\xef\xa8\x99社\"},\"phone\":\"03-1234-5678\"}";

static void check_report(myna_ctx *ctx, bool verbose) {
  char *out = NULL;
  assert_int_equal(tekiyo(ctx, outside, MYNA_TEKIYO_JSON, &out), MYNA_OK);
  json_error_t err;
  json_t *root = json_loads(out, 0, &err);
  if (!root) fail_msg("not JSON: %s", err.text);
  myna_free(out);
  assert_string_equal(json_string_value(json_object_get(root, "text")),
                      HEAD "　住所：東京都𠮷野町葛\xf3\xa0\x84\x80飾１"
                           "　事業所名：髙田\xef\xa8\x99社　連絡先：０３－１２３４－５６７８");
  json_t *items = json_object_get(root, "items");
  assert_int_equal(json_array_size(items), 3);
  static const char *const fields[] = {"address", "employer", "phone"};
  static const char *const paths[] = {"$.address", "$.insurance.employer", "$.phone"};
  for (size_t i = 0; i < 3; i++) {
    json_t *it = json_array_get(items, i);
    assert_string_equal(json_string_value(json_object_get(it, "field")), fields[i]);
    assert_string_equal(json_string_value(json_object_get(it, "path")), paths[i]);
  }
  json_t *bad = json_object_get(root, "not_jis_x0208");
  static const struct {
    const char *path;
    int index;
    const char *cp;
  } want[] = {{"$.address", 3, "U+20BB7"},
              {"$.address", 7, "U+E0100"},
              {"$.insurance.employer", 0, "U+9AD9"},
              {"$.insurance.employer", 2, "U+FA19"}};
  assert_int_equal(json_array_size(bad), 4);
  for (size_t i = 0; i < 4; i++) {
    json_t *e = json_array_get(bad, i);
    assert_string_equal(json_string_value(json_object_get(e, "path")), want[i].path);
    assert_int_equal(json_integer_value(json_object_get(e, "index")), want[i].index);
    json_t *cp = json_object_get(e, "cp");
    if (verbose) assert_string_equal(json_string_value(cp), want[i].cp);
    else assert_null(cp);
    assert_int_equal(json_object_size(e), verbose ? 3 : 2);
  }
  json_decref(root);
  /* the same report as warnings, in text mode too */
  assert_int_equal(tekiyo(ctx, outside, 0, &out), MYNA_OK);
  myna_free(out);
  assert_int_equal(myna_ctx_warning_count(ctx), 4);
  for (size_t i = 0; i < 4; i++) {
    const char *w = myna_ctx_warning(ctx, i);
    char head[96];
    snprintf(head, sizeof head, "%s: the character at index %d is not in JIS X 0208", want[i].path,
             want[i].index);
    assert_non_null(strstr(w, head));
    assert_true(verbose == (strstr(w, want[i].cp) != NULL));
    assert_null(strstr(w, "𠮷"));
    assert_null(strstr(w, "髙"));
  }
}

static void test_not_jis_x0208(void **state) {
  (void)state;
  myna_ctx *ctx = open_flags(0, NULL);
  check_report(ctx, false);
  myna_ctx_free(ctx);
}

static void test_not_jis_x0208_verbose(void **state) {
  (void)state;
  myna_ctx *ctx = open_flags(MYNA_CONFIG_VERBOSE, NULL);
  check_report(ctx, true);
  myna_ctx_free(ctx);
}

static void test_my_number(void **state) {
  (void)state;
  myna_ctx *ctx = open_flags(0, NULL);
  char *out = (char *)"x";
  assert_int_equal(tekiyo(ctx, "{\"address\":\"東京都\",\"phone\":\"1234-5678-9018\"}", 0, &out),
                   MYNA_ERR_MY_NUMBER);
  assert_null(out);
  assert_null(strstr(myna_ctx_errmsg(ctx), "9018"));
  assert_int_equal(tekiyo(ctx, "{\"address\":\"東京都\",\"my_number\":\"x\"}", MYNA_TEKIYO_JSON | MYNA_TEKIYO_ALLOW_UNKNOWN, &out),
                   MYNA_ERR_MY_NUMBER);
  /* the same validation as rendering: a bad field fails, an unknown one
   * fails unless allowed */
  assert_int_equal(tekiyo(ctx, "{\"address\":\"東京都\",\"phone\":\"abc\"}", 0, &out), MYNA_ERR_DATA);
  assert_int_equal(tekiyo(ctx, "{\"address\":\"東京都\",\"nmae\":\"x\"}", 0, &out), MYNA_ERR_DATA);
  assert_int_equal(tekiyo(ctx, "{\"address\":\"東京都\",\"nmae\":\"x\"}", MYNA_TEKIYO_ALLOW_UNKNOWN, &out),
                   MYNA_OK);
  myna_free(out);
  /* usage */
  assert_int_equal(myna_tekiyo(ctx, "{}", 2, NULL, NULL), MYNA_ERR_USAGE);
  myna_tekiyo_opts o = {0};
  o.struct_size = sizeof o;
  o.flags = 1u << 7;
  assert_int_equal(myna_tekiyo(ctx, "{}", 2, &o, &out), MYNA_ERR_USAGE);
  o.struct_size = 1;
  assert_int_equal(myna_tekiyo(ctx, "{}", 2, &o, &out), MYNA_ERR_USAGE);
  assert_int_equal(myna_tekiyo(NULL, "{}", 2, NULL, &out), MYNA_ERR_USAGE);
  myna_ctx_free(ctx);
}

/* A data directory of its own with labels given as text (NULL: none). */
static myna_status with_labels(const char *labels, char **out, char *msg, size_t msg_size) {
  char dir[] = "/tmp/mynaform-tekiyo-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char sub[64], path[96];
  snprintf(sub, sizeof sub, "%s/data", dir);
  snprintf(path, sizeof path, "%s/tekiyo-labels.json", sub);
  assert_int_equal(mkdir(sub, 0700), 0);
  if (labels) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(labels, f);
    assert_int_equal(fclose(f), 0);
  }
  myna_ctx *ctx = open_flags(0, dir);
  myna_status st = tekiyo(ctx, "{\"address\":\"東京都\",\"phone\":\"03\"}", 0, out);
  snprintf(msg, msg_size, "%s", myna_ctx_errmsg(ctx));
  myna_ctx_free(ctx);
  unlink(path);
  rmdir(sub);
  rmdir(dir);
  return st;
}

static void test_labels_file(void **state) {
  (void)state;
  char *out = NULL, msg[512];
  /* the labels and their order come from the file */
  assert_int_equal(with_labels("{\"heading\":\"\",\"separator\":\"／\",\"items\":["
                               "{\"field\":\"phone\",\"label\":\"電話\"},"
                               "{\"field\":\"address\",\"label\":\"居所\"}]}",
                               &out, msg, sizeof msg),
                   MYNA_OK);
  assert_string_equal(out, "電話０３／居所東京都");
  myna_free(out);
  assert_int_equal(with_labels(NULL, &out, msg, sizeof msg), MYNA_ERR_RESOURCE);
  assert_non_null(strstr(msg, "data/tekiyo-labels.json"));
  assert_int_equal(with_labels("{\"heading\":\"𠮷\",\"separator\":\"\",\"items\":["
                               "{\"field\":\"phone\",\"label\":\"電話\"}]}",
                               &out, msg, sizeof msg),
                   MYNA_ERR_TEMPLATE);
  assert_non_null(strstr(msg, "$.heading"));
  assert_int_equal(with_labels("{\"heading\":\"\",\"separator\":\"\",\"items\":["
                               "{\"field\":\"phone\",\"label\":\"電話\"},{\"field\":\"phone\",\"label\":\"電話\"}]}",
                               &out, msg, sizeof msg),
                   MYNA_ERR_TEMPLATE);
  assert_non_null(strstr(msg, "$.items[1].field"));
  assert_int_equal(with_labels("{\"heading\":\"\",\"separator\":\"\",\"items\":["
                               "{\"field\":\"name\",\"label\":\"氏名\"}]}",
                               &out, msg, sizeof msg),
                   MYNA_ERR_TEMPLATE);
  assert_int_equal(with_labels("{\"heading\":\"\",\"separator\":\"\",\"items\":["
                               "{\"field\":\"phone\",\"label\":\"TEL\"}]}",
                               &out, msg, sizeof msg),
                   MYNA_ERR_TEMPLATE);
  assert_non_null(strstr(msg, "$.items[0].label: the character at index 0"));
  assert_int_equal(with_labels("{\"heading\":\"\",\"separator\":\"\",\"items\":[]}", &out, msg,
                               sizeof msg),
                   MYNA_ERR_TEMPLATE);
  assert_int_equal(with_labels("{\"heading\":\"\",\"separator\":\"\",\"items\":[], \"x\":1}", &out,
                               msg, sizeof msg),
                   MYNA_ERR_TEMPLATE);
  assert_int_equal(with_labels("{", &out, msg, sizeof msg), MYNA_ERR_TEMPLATE);
  assert_int_equal(with_labels("[]", &out, msg, sizeof msg), MYNA_ERR_TEMPLATE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_text_and_order),     cmocka_unit_test(test_empty_items),
      cmocka_unit_test(test_not_jis_x0208),      cmocka_unit_test(test_not_jis_x0208_verbose),
      cmocka_unit_test(test_my_number),          cmocka_unit_test(test_labels_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
