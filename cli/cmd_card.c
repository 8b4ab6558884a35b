/*
 * cmd_card.c — mynaform card: the four card-face items read from the My
 * Number card's chip (libmynaform's myna_card_*), printed as card-data JSON.
 * The PIN is typed by the holder on the terminal (echo off, /dev/tty) or
 * read from standard input with --pin-stdin; never from the command line.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card_read.h"
#include "cli.h"
#include "out_file.h"

#define CMD "card"

static void help(void) {
  printf("Usage: mynaform card [--reader NAME] [--pin-stdin] [--confirm-last-try] [-o FILE]\n"
         "       mynaform card --list-readers\n\n"
         "Reads 氏名, 住所, 生年月日 and 性別 from the chip of a My Number card (its\n"
         "券面事項入力補助AP) through a PC/SC reader, with the holder's 4-digit PIN, and\n"
         "prints them as card data JSON {\"name\",\"address\",\"birth_date\",\"sex\"}\n"
         "for the other commands:  mynaform card | mynaform packet --data - -o p.pdf\n"
         "The 個人番号 is never read.  The tries left are shown before the PIN is\n"
         "asked; a wrong PIN is never retried; with one try left the read is refused\n"
         "unless --confirm-last-try is given (3 wrong PINs lock the card until the\n"
         "holder visits the 市区町村 counter).  Check 氏名 and 住所 against the card\n"
         "face (※3): the chip holds the registered values.\n\n"
         "Options:\n"
         "      --reader NAME       the PC/SC reader (its name, or the start of it);\n"
         "                          default: the first one\n"
         "      --list-readers      list the readers and exit\n"
         "      --pin-stdin         read the PIN from standard input (one line), not\n"
         "                          from the terminal (a terminal on standard input:\n"
         "                          typed there, echo off)\n"
         "      --confirm-last-try  go on with one PIN try left\n"
         "  -o, --output FILE|-     write the JSON there (mode 0600) instead of\n"
         "                          standard output\n"
         "  -v, --verbose           messages may quote the offending values\n"
         "      --data-dir DIR      directory with templates/ and fonts/\n"
         "  -h, --help              this help\n"
         "Exit codes: 10 no reader, 11 no card, 12 not a My Number card, 13 PIN-less\n"
         "card (enter by hand), 14 wrong PIN, 15 PIN locked, 16 one try left without\n"
         "--confirm-last-try, 17 card removed, 18 malformed card data, 4 a 個人番号.\n");
}

static int list_readers(const common_opts *co) {
  int rc = EXIT_OK;
  myna_ctx *ctx = open_ctx(co, &rc);
  if (!ctx) return rc;
  char *list = NULL;
  myna_status st = myna_card_list_readers(ctx, &list);
  if (st == MYNA_OK) {
    if (!*list) fprintf(stderr, "%s %s: no reader is connected\n", prog, CMD);
    rc = write_stdout(list, strlen(list)) ? EXIT_OK : EXIT_IO;
  } else {
    report(ctx, st);
    rc = exit_code_for(st);
  }
  myna_free(list);
  myna_ctx_free(ctx);
  return rc;
}

int cmd_card(int argc, char **argv) {
  common_opts co = {0};
  const char *reader = NULL, *out = NULL;
  bool pin_stdin = false, confirm = false, list = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int c = common_opt(&co, argc, argv, &i);
    if (c < 0) return usage_error(CMD, "%s needs a value", a);
    if (c > 0) continue;
    bool has_val = i + 1 < argc;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      help();
      return EXIT_OK;
    } else if (!strcmp(a, "--reader")) {
      if (!has_val) return usage_error(CMD, "--reader needs a reader name (see --list-readers)");
      reader = argv[++i];
    } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
      if (!has_val) return usage_error(CMD, "%s needs a file", a);
      out = argv[++i];
    } else if (!strcmp(a, "--pin-stdin")) {
      pin_stdin = true;
    } else if (!strcmp(a, "--confirm-last-try")) {
      confirm = true;
    } else if (!strcmp(a, "--list-readers")) {
      list = true;
    } else if (!strcmp(a, "--pin")) {
      return usage_error(CMD, "the PIN is never taken from the command line: the holder types "
                              "it, or give it on standard input with --pin-stdin");
    } else {
      return unknown_option(CMD, argv, i);
    }
  }
  if (list) return list_readers(&co);

  int rc = EXIT_OK;
  myna_ctx *ctx = open_ctx(&co, &rc);
  if (!ctx) return rc;
  card_read_opts cro = {CMD, reader, pin_stdin, confirm};
  char *json = NULL;
  rc = card_read(ctx, &cro, &json);
  if (rc == EXIT_OK) {
    size_t n = strlen(json);
    bool ok;
    if (out && strcmp(out, "-")) {
      char *line = malloc(n + 2);
      ok = line != NULL;
      if (ok) {
        memcpy(line, json, n);
        line[n] = '\n';
        ok = out_write_file(out, line, n + 1, 0600, "output file", co.verbose);
        explicit_bzero(line, n + 1);
        free(line);
      }
    } else {
      ok = write_stdout(json, n) && write_stdout("\n", 1);
    }
    rc = ok ? EXIT_OK : EXIT_IO;
    if (ok) card_reminder(CMD);
    explicit_bzero(json, n);
  }
  myna_free(json);
  myna_ctx_free(ctx);
  return rc;
}
