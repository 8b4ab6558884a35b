/* cmd_tekiyo.c — mynaform tekiyo: the 摘要欄 text of a 不詳請求. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(void) {
  printf("Usage: mynaform tekiyo --data FILE [--format text|json] [OPTIONS]\n\n"
         "Prints the text a clinic writes in the claim's 摘要欄 when the insurer stays\n"
         "unknown (不詳請求, insurer number 77777777): a heading, then 住所, 事業所名\n"
         "and 連絡先 from the card data ($.address, $.insurance.employer, $.phone),\n"
         "with the labels and order of data/tekiyo-labels.json; an item without a value\n"
         "is left out.  Values are written full-width (ASCII → ０-９ Ａ-Ｚ －…, spaces\n"
         "and line breaks → U+3000); nothing else is changed.\n\n"
         "Every character outside JIS X 0208, which an online claim cannot carry\n"
         "(𠮷, 髙, 﨑, the variation selector of 葛󠄀, 神 U+FA19…), is reported on\n"
         "standard error as a warning naming the field's path and the character's\n"
         "index in its value (from 0), with its code point only with --verbose; it is\n"
         "never replaced.  The exit status stays 0: the text is still right on paper.\n"
         "No レセ電 (CO) record is written: its layout belongs to each レセコン.\n\n"
         "Options:\n"
         "  -d, --data FILE|-      card data as JSON (schema/card-data.schema.json)\n"
         "      --format FORMAT    text (default): the text and a line break;\n"
         "                         json: {\"text\",\"items\",\"not_jis_x0208\"} (mynaform(1))\n"
         "      --allow-unknown    unknown fields in the data are warnings, not errors\n"
         "      --data-dir DIR     directory with templates/, fonts/ and data/\n"
         "      --font-dir DIR     fonts (or MYNAFORM_FONT_DIR)\n"
         "      --template-dir DIR templates (or MYNAFORM_TEMPLATE_DIR)\n"
         "  -v, --verbose          messages may quote the offending values\n"
         "  -h, --help             this help\n");
}

int cmd_tekiyo(int argc, char **argv) {
  common_opts co = {0};
  const char *data_path = NULL;
  unsigned flags = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int c = common_opt(&co, argc, argv, &i);
    if (c < 0) return usage_error("tekiyo", "%s needs a value", a);
    if (c > 0) continue;
    bool has_val = i + 1 < argc;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      help();
      return EXIT_OK;
    } else if (!strcmp(a, "-d") || !strcmp(a, "--data")) {
      if (!has_val) return usage_error("tekiyo", "%s needs a file", a);
      data_path = argv[++i];
    } else if (!strcmp(a, "--format")) {
      if (!has_val || (strcmp(argv[i + 1], "text") && strcmp(argv[i + 1], "json")))
        return usage_error("tekiyo", "--format needs text or json");
      if (!strcmp(argv[++i], "json")) flags |= MYNA_TEKIYO_JSON;
      else flags &= ~(unsigned)MYNA_TEKIYO_JSON;
    } else if (!strcmp(a, "--allow-unknown")) {
      flags |= MYNA_TEKIYO_ALLOW_UNKNOWN;
    } else {
      return unknown_option("tekiyo", argv, i);
    }
  }
  if (!data_path) return usage_error("tekiyo", "no card data: give --data FILE (or --data - for standard input)");
  char *data = NULL;
  size_t data_len = 0;
  if (!read_input(data_path, "--data file", co.verbose, MYNA_LIMIT_DATA_BYTES, &data, &data_len))
    return EXIT_IO;
  int rc = EXIT_OK;
  myna_ctx *ctx = open_ctx(&co, &rc);
  if (!ctx) {
    free(data);
    return rc;
  }
  myna_tekiyo_opts to = {0};
  to.struct_size = sizeof to;
  to.flags = flags;
  char *text = NULL;
  myna_status st = myna_tekiyo(ctx, data, data_len, &to, &text);
  bool written = true;
  if (st == MYNA_OK) written = write_stdout(text, strlen(text)) && write_stdout("\n", 1);
  myna_free(text);
  report(ctx, st);
  rc = written ? exit_code_for(st) : EXIT_IO;
  myna_ctx_free(ctx);
  free(data);
  return rc;
}
