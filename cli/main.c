/*
 * main.c — the mynaform tool: dispatch to subcommands, --help, --version.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char *prog = "mynaform";

static void usage(FILE *f) {
  fprintf(f,
          "Usage: mynaform COMMAND [OPTIONS]\n"
          "\n"
          "Print the documents a clinic or pharmacy needs when a patient's My Number\n"
          "card cannot be checked online, as print-ready A4 PDF.\n"
          "\n"
          "Commands:\n"
          "  declaration   被保険者資格申立書, blank or pre-filled from card data\n"
          "  explanation   被保険者資格申立書に関する説明書 (explanation sheet)\n"
          "  notice        患者の皆様へ, the MHLW notice with a QR code to マイナポータル\n"
          "  packet        explanation + declaration + notice in one PDF\n"
          "  batch         one of those for every record of a JSON Lines or CSV file\n"
          "  typeset       run the typesetting engine alone, print JSON\n"
          "  templates     list the installed templates\n"
          "  tekiyo        the 摘要欄 text of a 不詳請求 (住所, 事業所名, 連絡先)\n"
          "  card          read 氏名, 住所, 生年月日, 性別 from a My Number card (PC/SC)\n"
          "  serve         the HTTP service for clinic systems (127.0.0.1:8765)\n"
          "\n"
          "Run 'mynaform COMMAND --help' (or 'mynaform help COMMAND') for a\n"
          "command's options, and see mynaform(1).  '-' names standard input or\n"
          "output wherever a file is read or written.\n"
          "Options: -h, --help; -V, --version.\n"
          "Exit codes: 0 ok, 1 some batch records failed, 2 usage, 3 invalid data,\n"
          "4 data carries a 個人番号 (refused), 5 bad template, 6 fonts or templates\n"
          "not found, 7 input/output error, 8 internal error, 10-18 card reading\n"
          "(see 'mynaform card --help'), 130 interrupted.\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return EXIT_USAGE;
  }
  const char *cmd = argv[1];
  /* mynaform help COMMAND = mynaform COMMAND --help */
  static char help_opt[] = "--help";
  char *help_argv[] = {argv[0], NULL, help_opt, NULL};
  if (!strcmp(cmd, "help") && argc > 2) {
    if (argc > 3) {
      fprintf(stderr, "%s: 'help' takes one command name\n", prog);
      return EXIT_USAGE;
    }
    help_argv[1] = argv[2];
    argv = help_argv;
    argc = 3;
    cmd = argv[1];
  }
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
    usage(stdout);
    return EXIT_OK;
  }
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
    printf("mynaform %s\n", myna_version());
    return EXIT_OK;
  }
  if (!strcmp(cmd, "declaration")) return cmd_render(argc - 1, argv + 1, MYNA_DOC_DECLARATION);
  if (!strcmp(cmd, "explanation")) return cmd_render(argc - 1, argv + 1, MYNA_DOC_EXPLANATION);
  if (!strcmp(cmd, "notice")) return cmd_render(argc - 1, argv + 1, MYNA_DOC_NOTICE);
  if (!strcmp(cmd, "packet")) return cmd_render(argc - 1, argv + 1, MYNA_DOC_PACKET);
  if (!strcmp(cmd, "batch")) return cmd_batch(argc - 1, argv + 1);
  if (!strcmp(cmd, "typeset")) return cmd_typeset(argc - 1, argv + 1);
  if (!strcmp(cmd, "templates")) return cmd_templates(argc - 1, argv + 1);
  if (!strcmp(cmd, "tekiyo")) return cmd_tekiyo(argc - 1, argv + 1);
  if (!strcmp(cmd, "card")) return cmd_card(argc - 1, argv + 1);
  if (!strcmp(cmd, "serve")) return serve_main(argc - 1, argv + 1);
  /* repeated only if it looks like an option: a word here may be data */
  size_t n = option_name_len(cmd);
  if (n)
    fprintf(stderr, "%s: unknown option '%.*s' (see 'mynaform --help')\n", prog, (int)n, cmd);
  else
    fprintf(stderr, "%s: unknown command (see 'mynaform --help')\n", prog);
  return EXIT_USAGE;
}
