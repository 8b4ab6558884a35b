/* cmd_templates.c — mynaform templates: list what is installed. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_templates(int argc, char **argv) {
  common_opts co = {0};
  for (int i = 1; i < argc; i++) {
    int c = common_opt(&co, argc, argv, &i);
    if (c < 0) return usage_error("templates", "%s needs a value", argv[i]);
    if (c > 0) continue;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      printf("Usage: mynaform templates [OPTIONS]\n\n"
             "Lists the templates, one a line: name, document, variant, edition date,\n"
             "title and edition.  Pass a name to --template of the render commands.\n"
             "The fonts are opened too, so this also checks an installation.\n\n"
             "Options:\n"
             "      --data-dir DIR     directory with templates/ and fonts/\n"
             "      --font-dir DIR     fonts (or MYNAFORM_FONT_DIR)\n"
             "      --template-dir DIR templates (or MYNAFORM_TEMPLATE_DIR)\n"
             "  -v, --verbose          messages may quote the offending values\n"
             "  -h, --help             this help\n");
      return EXIT_OK;
    }
    return unknown_option("templates", argv, i);
  }
  int rc = EXIT_OK;
  myna_ctx *ctx = open_ctx(&co, &rc);
  if (!ctx) return rc;
  static const char *const docs[] = {"?", "declaration", "explanation", "notice", "packet"};
  myna_template_info ti;
  for (size_t i = 0; myna_template_get(ctx, i, &ti) == 0; i++)
    printf("%-24s %-12s %-8s %s  %s — %s\n", ti.name, docs[ti.document],
           *ti.variant ? ti.variant : "-", ti.date, ti.title, ti.edition);
  myna_ctx_free(ctx);
  return EXIT_OK;
}
