/*
 * cmd_render.c — mynaform declaration | explanation | notice | packet.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card_read.h"
#include "cli.h"
#include "out_file.h"
#include "print.h"

static const char *doc_name(myna_document d) {
  switch (d) {
    case MYNA_DOC_DECLARATION: return "declaration";
    case MYNA_DOC_EXPLANATION: return "explanation";
    case MYNA_DOC_NOTICE: return "notice";
    case MYNA_DOC_PACKET: return "packet";
  }
  return "?";
}

static void help(myna_document d) {
  printf("Usage: mynaform %s [OPTIONS] -o FILE|- | --print [PRINTER]\n\n", doc_name(d));
  switch (d) {
    case MYNA_DOC_DECLARATION:
      printf("Renders the 被保険者資格申立書, pre-filled from card data, or blank.\n");
      break;
    case MYNA_DOC_EXPLANATION:
      printf("Renders the explanation sheet 被保険者資格申立書に関する説明書 (別添3).\n");
      break;
    case MYNA_DOC_NOTICE:
      printf("Renders the MHLW notice 患者の皆様へ with a QR code to マイナポータル;\n"
             "for holders of the PIN-less card (\"pinless\": true in the data, or\n"
             "--pinless) a variant without the QR code.\n");
      break;
    case MYNA_DOC_PACKET:
      printf("Renders explanation sheet, declaration form and notice as one PDF, in\n"
             "the order a receptionist hands them over.\n");
      break;
  }
  printf("\nOptions:\n"
         "  -d, --data FILE|-     card data as JSON (schema/card-data.schema.json);\n"
         "                        '-' reads standard input\n"
         "  -o, --output FILE|-   the PDF to write ('-' = standard output); a new or\n"
         "                        regular file is written atomically, mode 0600\n"
         "                        unless --mode; a FIFO or device (/dev/null,\n"
         "                        /dev/stdout, >(cmd)) is written into, never replaced\n"
         "      --mode OCTAL      permission bits of the output, 0 to 0777 (e.g.\n"
         "                        0640; 0 means the default 0600)\n"
         "      --card READER     the card data from the My Number card on this PC/SC\n"
         "                        reader ('auto': the first), as 'mynaform card' reads\n"
         "                        it; the PIN is typed on the terminal, or read from\n"
         "                        standard input with --pin-stdin\n"
         "      --pin-stdin       with --card: the PIN from standard input (a\n"
         "                        terminal there: typed with the echo off)\n"
         "      --confirm-last-try  with --card: go on with one PIN try left\n"
         "      --blank           ignore the data: a blank form for handwriting\n"
         "      --template NAME   use this template (see 'mynaform templates')\n"
         "      --clinic FILE|-   imprint {\"name\",\"address\",\"phone\"} for the notice;\n"
         "                        '-' reads standard input\n"
         "      --url URL         URL of the QR code (default https://myna.go.jp/)\n"
         "      --pinless         the notice for a PIN-less (顔認証) card: no QR code\n"
         "      --pdfa            write PDF/A-1b, for copies that are kept\n"
         "      --print [PRINTER] print it through CUPS (lp) at A4 and actual size,\n"
         "                        on PRINTER or lp's default destination (with or\n"
         "                        instead of -o)\n"
         "      --allow-unknown   unknown fields in the data are warnings, not errors\n"
         "      --dump-layout     write the layout as text instead of a PDF, to -o FILE\n"
         "                        or (without -o, or with -o -) standard output\n"
         "  -v, --verbose         messages may quote the offending values\n"
         "      --data-dir DIR    directory with templates/ and fonts/\n"
         "      --font-dir DIR    fonts (or MYNAFORM_FONT_DIR)\n"
         "      --template-dir DIR templates (or MYNAFORM_TEMPLATE_DIR)\n"
         "  -h, --help            this help\n"
         "\nMessages name the field (its JSON path) and what is wrong, never the\n"
         "value unless --verbose.  A 個人番号 (My Number) anywhere in the data is\n"
         "refused (exit 4).  On any error no output file is written.\n");
}

int cmd_render(int argc, char **argv, myna_document doc) {
  const char *cmd = doc_name(doc);
  common_opts co = {0};
  const char *data_path = NULL, *out = NULL, *tmpl = NULL, *clinic_path = NULL,
             *url = NULL, *card_reader = NULL, *printer = NULL;
  bool pin_stdin = false, confirm = false;
  unsigned mode = 0600, flags = 0;
  bool dump = false, pinless = false, print = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int c = common_opt(&co, argc, argv, &i);
    if (c < 0) return usage_error(cmd, "%s needs a value", a);
    if (c > 0) continue;
    bool has_val = i + 1 < argc;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      help(doc);
      return EXIT_OK;
    } else if (!strcmp(a, "-d") || !strcmp(a, "--data")) {
      if (!has_val) return usage_error(cmd, "%s needs a file", a);
      data_path = argv[++i];
    } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
      if (!has_val) return usage_error(cmd, "%s needs a file", a);
      out = argv[++i];
    } else if (!strcmp(a, "--mode")) {
      if (!has_val || !parse_mode(argv[i + 1], &mode))
        return usage_error(cmd, MODE_USAGE);
      i++;
    } else if (!strcmp(a, "--template")) {
      if (!has_val) return usage_error(cmd, "--template needs a name");
      tmpl = argv[++i];
    } else if (!strcmp(a, "--clinic")) {
      if (!has_val) return usage_error(cmd, "--clinic needs a file");
      clinic_path = argv[++i];
    } else if (!strcmp(a, "--url")) {
      if (!has_val) return usage_error(cmd, "--url needs a URL");
      url = argv[++i];
    } else if (!strcmp(a, "--card")) {
      if (!has_val) return usage_error(cmd, "--card needs a reader name or 'auto'");
      card_reader = argv[++i];
    } else if (!strcmp(a, "--pin-stdin")) {
      pin_stdin = true;
    } else if (!strcmp(a, "--confirm-last-try")) {
      confirm = true;
    } else if (!strcmp(a, "--pin")) {
      return usage_error(cmd, "the PIN is never taken from the command line: the holder types "
                              "it, or give it on standard input with --pin-stdin");
    } else if (!strcmp(a, "--blank")) {
      flags |= MYNA_RENDER_BLANK;
    } else if (!strcmp(a, "--allow-unknown")) {
      flags |= MYNA_RENDER_ALLOW_UNKNOWN;
    } else if (!strcmp(a, "--pinless")) {
      pinless = true;
    } else if (!strcmp(a, "--pdfa")) {
      flags |= MYNA_RENDER_PDFA;
    } else if (!strcmp(a, "--print")) {
      print = true;
      /* an optional queue name: the next argument, unless it is an option */
      if (has_val && argv[i + 1][0] != '-') {
        if (!print_printer_ok(argv[i + 1]))
          return usage_error(cmd, "--print: the printer must be a CUPS queue name (printable "
                                  "ASCII without space, '/' or '#')");
        printer = argv[++i];
      }
    } else if (!strcmp(a, "--dump-layout")) {
      dump = true;
    } else {
      return unknown_option(cmd, argv, i);
    }
  }
  if (!out && !dump && !print)
    return usage_error(cmd, "no output: give -o FILE (or -o - for standard output) or --print");
  if (print && dump) return usage_error(cmd, "--print prints a PDF, not --dump-layout");
  if (print && out && !strcmp(out, "-"))
    return usage_error(cmd, "--print and -o - cannot be combined (pipe -o - into lp instead)");
  if (pinless && doc != MYNA_DOC_NOTICE && doc != MYNA_DOC_PACKET)
    return usage_error(cmd, "--pinless applies to the notice and the packet");
  if (card_reader && (data_path || (flags & MYNA_RENDER_BLANK)))
    return usage_error(cmd, "--card reads the data from the card: not with --data or --blank");
  if ((pin_stdin || confirm) && !card_reader)
    return usage_error(cmd, "--pin-stdin and --confirm-last-try go with --card");
  if (pin_stdin && clinic_path && !strcmp(clinic_path, "-"))
    return usage_error(cmd, "--pin-stdin and --clinic - cannot both read standard input");
  if (data_path && clinic_path && !strcmp(data_path, "-") && !strcmp(clinic_path, "-"))
    return usage_error(cmd, "--data and --clinic cannot both read standard input");

  char *data = NULL, *clinic = NULL;
  size_t data_len = 0, clinic_len = 0;
  if (data_path && !read_input(data_path, "--data file", co.verbose, MYNA_LIMIT_DATA_BYTES, &data, &data_len))
    return EXIT_IO;
  if (clinic_path && !read_input(clinic_path, "--clinic file", co.verbose, MYNA_LIMIT_DATA_BYTES, &clinic, &clinic_len)) {
    free(data);
    return EXIT_IO;
  }
  int rc = EXIT_OK;
  myna_ctx *ctx = open_ctx(&co, &rc);
  if (!ctx) {
    free(data);
    free(clinic);
    return rc;
  }
  if (card_reader) {
    card_read_opts cro = {cmd, card_reader, pin_stdin, confirm};
    char *json = NULL;
    rc = card_read(ctx, &cro, &json);
    if (rc != EXIT_OK) {
      myna_ctx_free(ctx);
      free(clinic);
      return rc;
    }
    data_len = strlen(json);
    data = malloc(data_len + 1);
    if (data) memcpy(data, json, data_len + 1);
    explicit_bzero(json, data_len);
    myna_free(json);
    if (!data) {
      fprintf(stderr, "%s %s: out of memory\n", prog, cmd);
      myna_ctx_free(ctx);
      free(clinic);
      return EXIT_INTERNAL;
    }
    card_reminder(cmd);
  }
  myna_render_opts ro = {0};
  ro.struct_size = sizeof ro;
  ro.template_name = tmpl;
  ro.qr_url = url;
  ro.clinic_json = clinic;
  ro.clinic_json_len = clinic_len;
  ro.flags = flags | (pinless ? MYNA_RENDER_PINLESS : 0);
  myna_status st;
  bool written = true; /* false: rendered, but writing it out failed (said) */
  int printed = EXIT_OK; /* --print: lp's outcome (said) */
  if (dump) {
    char *text = NULL;
    st = myna_render_dump(ctx, doc, data, data_len, &ro, &text);
    if (st == MYNA_OK)
      written = out && strcmp(out, "-") ? out_write_file(out, text, strlen(text), mode, "output file", co.verbose)
                                        : write_stdout(text, strlen(text));
    myna_free(text);
  } else if (print || !strcmp(out, "-")) {
    unsigned char *pdf = NULL;
    size_t len = 0;
    st = myna_render_memory(ctx, doc, data, data_len, &ro, &pdf, &len);
    if (st == MYNA_OK && !print) written = write_stdout(pdf, len);
    if (st == MYNA_OK && print && out) {
      written = out_write_file(out, pdf, len, mode, "output file", co.verbose);
    }
    if (st == MYNA_OK && print && written) printed = print_pdf(printer, cmd, pdf, len);
    myna_free(pdf);
  } else {
    st = myna_render_file(ctx, doc, data, data_len, &ro, out, mode);
  }
  report_option(ctx, st, "qr_url", "--url");
  rc = !written ? EXIT_IO : st != MYNA_OK ? exit_code_for(st) : printed;
  myna_ctx_free(ctx);
  if (data) explicit_bzero(data, data_len);
  free(data);
  free(clinic);
  return rc;
}
