/*
 * cmd_typeset.c — mynaform typeset: the typesetting engine alone, for tests
 * and for people tuning templates.  Prints the result as JSON.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void help(void) {
  printf("Usage: mynaform typeset [OPTIONS] [TEXT|-]\n\n"
         "Typesets TEXT (without it, or for '-', standard input less its final\n"
         "line break) and prints JSON: each line's text, width (pt) and the font\n"
         "size used, or an error object.\n\n"
         "Paragraph mode (default): Japanese line breaking (禁則), punctuation\n"
         "spacing, 和欧間 and justification at --width.\n"
         "Box mode (--max-lines N): fit into a box --width wide and N lines high,\n"
         "at the largest size from --size down to --min-size in 0.5 pt steps at\n"
         "which it fits (it wraps before it shrinks); an error if it still does\n"
         "not fit (exit 3).\n\n"
         "Options:\n"
         "  --font mincho|gothic|gothic-bold   typeface (default mincho)\n"
         "  --size PT          font size, 2-200 (default 10.5)\n"
         "  --width PT         measure or box width in pt, at most 2000 (required,\n"
         "                     or --width-mm)\n"
         "  --width-mm MM      the same in millimetres\n"
         "  --min-size PT      smallest size in box mode (default = --size)\n"
         "  --max-lines N      box mode with at most N lines\n"
         "  --indent EM        first-line indent (paragraph mode), 0-10 em and\n"
         "                     narrower than the width\n"
         "  --hang EM          indent of the second and later lines (the same range)\n"
         "  --hang-marker      later lines hang after a leading ※1 / ・ / (1) marker\n"
         "  --pdf FILE|-       also draw the result on an A4 page, written to FILE\n"
         "                     (atomically, mode 0600; a FIFO or device is written\n"
         "                     into) or, for '-', to standard output; the JSON\n"
         "                     then goes to standard error\n"
         "  -v, --verbose      messages may quote the offending characters\n"
         "  --data-dir DIR     directory with templates/ and fonts/\n"
         "  --font-dir DIR     fonts (or MYNAFORM_FONT_DIR)\n"
         "  --template-dir DIR templates (or MYNAFORM_TEMPLATE_DIR)\n"
         "  -h, --help         this help\n");
}

/* --pdf -: the library writes the page into a private temporary directory;
 * copy_to_stdout() then sends it on and removes it. */
static char *pdf_tmp_dir(void) {
  const char *t = getenv("TMPDIR");
  if (!t || !*t) t = "/tmp";
  size_t n = strlen(t) + 32;
  char *dir = malloc(n);
  if (!dir) return NULL;
  snprintf(dir, n, "%s/mynaform-typeset.XXXXXX", t);
  if (!mkdtemp(dir)) {
    char name[1024];
    fprintf(stderr, "%s: %s: cannot create a temporary directory: %s\n", prog,
            shown_name(t, name, sizeof name), strerror(errno));
    free(dir);
    return NULL;
  }
  return dir;
}

static bool copy_to_stdout(const char *path) {
  FILE *f = fopen(path, "rb");
  char name[1024];
  if (!f) {
    fprintf(stderr, "%s: %s: cannot open: %s\n", prog, shown_name(path, name, sizeof name),
            strerror(errno));
    return false;
  }
  char buf[65536];
  size_t n;
  bool ok = true;
  while (ok && (n = fread(buf, 1, sizeof buf, f)) > 0)
    if (fwrite(buf, 1, n, stdout) != n) ok = false;
  if (ferror(f)) {
    fprintf(stderr, "%s: %s: read error\n", prog, shown_name(path, name, sizeof name));
    ok = false;
  } else if (!ok || fflush(stdout) != 0) {
    fprintf(stderr, "%s: cannot write to standard output: %s\n", prog, strerror(errno));
    ok = false;
  }
  fclose(f);
  return ok;
}

int cmd_typeset(int argc, char **argv) {
  const char *cmd = "typeset";
  common_opts co = {0};
  myna_typeset_opts o = {0};
  o.struct_size = sizeof o;
  o.size = 10.5;
  const char *text = NULL, *pdf = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int c = common_opt(&co, argc, argv, &i);
    if (c < 0) return usage_error(cmd, "%s needs a value", a);
    if (c > 0) continue;
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    double d;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      help();
      return EXIT_OK;
    } else if (!strcmp(a, "--font")) {
      if (!v) return usage_error(cmd, "--font needs a name");
      if (!strcmp(v, "mincho")) o.font = MYNA_FACE_MINCHO;
      else if (!strcmp(v, "gothic")) o.font = MYNA_FACE_GOTHIC;
      else if (!strcmp(v, "gothic-bold")) o.font = MYNA_FACE_GOTHIC_BOLD;
      else return usage_error(cmd, "--font must be mincho, gothic or gothic-bold");
      i++;
    } else if (!strcmp(a, "--size") || !strcmp(a, "--width") || !strcmp(a, "--width-mm") ||
               !strcmp(a, "--min-size") || !strcmp(a, "--indent") || !strcmp(a, "--hang") ||
               !strcmp(a, "--max-lines")) {
      if (!v || !parse_double(v, &d) || d < 0)
        return usage_error(cmd, "%s needs a non-negative number", a);
      if (!strcmp(a, "--size")) o.size = d;
      else if (!strcmp(a, "--width")) o.width = d;
      else if (!strcmp(a, "--width-mm")) o.width = d * 72.0 / 25.4;
      else if (!strcmp(a, "--min-size")) o.min_size = d;
      else if (!strcmp(a, "--indent")) o.indent = d;
      else if (!strcmp(a, "--hang")) o.hang = d;
      else {
        if (d != (unsigned)d || d < 1 || d > 100)
          return usage_error(cmd, "--max-lines needs a whole number from 1 to 100");
        o.max_lines = (unsigned)d;
      }
      i++;
    } else if (!strcmp(a, "--hang-marker")) {
      o.hang_marker = 1;
    } else if (!strcmp(a, "--pdf")) {
      if (!v) return usage_error(cmd, "--pdf needs a file");
      pdf = argv[++i];
    } else if (a[0] == '-' && a[1]) {
      return unknown_option(cmd, argv, i);
    } else if (text) {
      return usage_error(cmd, "give the text once (quote it)");
    } else {
      text = a;
    }
  }
  if (o.width <= 0) return usage_error(cmd, "--width (pt) or --width-mm is required");
  char *owned = NULL;
  size_t len;
  if (!text || !strcmp(text, "-")) {
    if (!read_input("-", "standard input", co.verbose, MYNA_LIMIT_TYPESET_BYTES, &owned, &len)) return EXIT_IO;
    while (len && (owned[len - 1] == '\n' || owned[len - 1] == '\r')) owned[--len] = '\0';
    text = owned;
  } else {
    len = strlen(text);
  }
  int rc = EXIT_OK;
  myna_ctx *ctx = open_ctx(&co, &rc);
  if (!ctx) {
    free(owned);
    return rc;
  }
  /* --pdf -: the PDF takes standard output, the JSON goes to standard error */
  bool pdf_stdout = pdf && !strcmp(pdf, "-");
  char *tmp_dir = NULL, *tmp_pdf = NULL;
  if (pdf_stdout) {
    tmp_dir = pdf_tmp_dir();
    size_t n = tmp_dir ? strlen(tmp_dir) + sizeof "/typeset.pdf" : 0;
    tmp_pdf = n ? malloc(n) : NULL;
    if (!tmp_pdf) {
      if (tmp_dir) rmdir(tmp_dir);
      free(tmp_dir);
      myna_ctx_free(ctx);
      free(owned);
      return EXIT_IO;
    }
    snprintf(tmp_pdf, n, "%s/typeset.pdf", tmp_dir);
    pdf = tmp_pdf;
  }
  char *json = NULL;
  myna_status st = myna_typeset(ctx, text, len, &o, pdf, &json);
  if (json) fputs(json, pdf_stdout ? stderr : stdout);
  print_warnings(ctx);
  if (st != MYNA_OK) fprintf(stderr, "%s: %s\n", prog, myna_ctx_errmsg(ctx));
  rc = exit_code_for(st);
  if (pdf_stdout) {
    if (st == MYNA_OK && !copy_to_stdout(tmp_pdf)) rc = EXIT_IO;
    unlink(tmp_pdf);
    rmdir(tmp_dir);
    free(tmp_pdf);
    free(tmp_dir);
  }
  myna_free(json);
  myna_ctx_free(ctx);
  free(owned);
  return rc;
}
