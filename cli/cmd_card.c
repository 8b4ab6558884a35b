/*
 * cmd_card.c — mynaform card: the four card-face items read from the My
 * Number card's chip (libmynaform's myna_card_*), printed as card-data JSON.
 * The PIN is typed by the holder on the terminal (echo off, /dev/tty) or
 * read from standard input with --pin-stdin; never from the command line.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "out_file.h"

#define CMD "card"
#define PIN_MAX 32

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
         "                          from the terminal\n"
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

static struct termios tty_saved;
static volatile sig_atomic_t tty_fd = -1;

static void restore_tty(int sig) {
  if (tty_fd >= 0) tcsetattr(tty_fd, TCSANOW, &tty_saved);
  signal(sig, SIG_DFL);
  raise(sig);
}

/* One line of at most PIN_MAX - 1 bytes from fd, without its line break.
 * false on end of input before any byte or a read error. */
static bool read_line(int fd, char *buf, size_t size) {
  size_t n = 0;
  bool any = false;
  for (;;) {
    char c;
    ssize_t r = read(fd, &c, 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    any = true;
    if (c == '\n') break;
    if (c == '\r') continue;
    if (n + 1 < size) buf[n++] = c;
    else n = size; /* too long: never a PIN */
  }
  if (n >= size) n = size - 1, buf[0] = 'x';
  buf[n] = '\0';
  return any;
}

/* The PIN from the terminal, echo off. */
static bool read_pin_tty(char *pin, size_t size) {
  int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    fprintf(stderr, "%s %s: no terminal to type the PIN on (use --pin-stdin)\n", prog, CMD);
    return false;
  }
  static const char prompt[] = "暗証番号 (券面事項入力補助用, 4桁): ";
  if (write(fd, prompt, sizeof prompt - 1) < 0) { /* best effort */
  }
  bool echo_off = tcgetattr(fd, &tty_saved) == 0;
  struct sigaction sa, old_int, old_term;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = restore_tty;
  if (echo_off) {
    struct termios t = tty_saved;
    t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
    t.c_lflag |= ICANON;
    tty_fd = fd;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    tcsetattr(fd, TCSAFLUSH, &t);
  }
  bool ok = read_line(fd, pin, size);
  if (echo_off) {
    tcsetattr(fd, TCSAFLUSH, &tty_saved);
    tty_fd = -1;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
  }
  if (write(fd, "\n", 1) < 0) { /* best effort */
  }
  close(fd);
  if (!ok) fprintf(stderr, "%s %s: no PIN was typed\n", prog, CMD);
  return ok;
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
  myna_card *card = NULL;
  myna_status st = myna_card_open(ctx, reader, &card);
  int tries = -1;
  if (st == MYNA_OK) st = myna_card_probe(card, &tries);
  if (st == MYNA_OK) {
    fprintf(stderr, "%s %s: reader: %s\n", prog, CMD, myna_card_reader(card));
    if (tries >= 0)
      fprintf(stderr, "%s %s: PIN tries left: %d (残り%d回)\n", prog, CMD, tries, tries);
    if (tries == 1 && !confirm) {
      fprintf(stderr,
              "%s %s: one PIN try left: a wrong PIN locks the card until the holder visits "
              "the 市区町村 counter; run again with --confirm-last-try when the holder is sure\n",
              prog, CMD);
      myna_card_free(card);
      myna_ctx_free(ctx);
      return EXIT_CARD_LAST_TRY;
    }
  }
  if (st != MYNA_OK) {
    report(ctx, st);
    myna_card_free(card);
    myna_ctx_free(ctx);
    return exit_code_for(st);
  }
  char pin[PIN_MAX];
  bool got = pin_stdin ? read_line(STDIN_FILENO, pin, sizeof pin) : read_pin_tty(pin, sizeof pin);
  if (pin_stdin && !got) fprintf(stderr, "%s %s: no PIN on standard input\n", prog, CMD);
  char *json = NULL;
  if (got)
    st = myna_card_read(card, pin, strlen(pin), confirm ? MYNA_CARD_CONFIRM_LAST_TRY : 0, &json);
  explicit_bzero(pin, sizeof pin);
  if (!got) {
    myna_card_free(card);
    myna_ctx_free(ctx);
    return EXIT_USAGE;
  }
  if (st != MYNA_OK) {
    report(ctx, st);
    rc = exit_code_for(st);
  } else {
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
    if (ok)
      fprintf(stderr,
              "%s %s: check 氏名 and 住所 against the card face (※3): the chip holds the "
              "registered values, which may differ from what is printed on the card\n",
              prog, CMD);
    explicit_bzero(json, n);
  }
  myna_free(json);
  myna_card_free(card);
  myna_ctx_free(ctx);
  return rc;
}
