/*
 * card_read.c — reading the My Number card for the tool (card_read.h).  The
 * PIN is read byte by byte (no stdio buffer holds it) into one buffer that
 * is zeroed right after the read; it never comes from the command line.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "card_read.h"
#include "cli.h"

#define PIN_MAX 32
#define PIN_LINE_MAX 4096 /* the most bytes read for one PIN line */

static struct termios tty_saved, tty_typing;
static volatile sig_atomic_t tty_fd = -1;

/* A signal while the PIN is typed: the echo back on, then what the signal
 * does by default.  SIGTSTP (Ctrl+Z) stops the program; when it is
 * continued (fg), the echo goes off again: the shell does not restore it. */
static void restore_tty(int sig) {
  int saved_errno = errno;
  if (tty_fd >= 0) tcsetattr(tty_fd, TCSANOW, &tty_saved);
  struct sigaction dfl, mine;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigaction(sig, &dfl, &mine);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  raise(sig);
  sigprocmask(SIG_BLOCK, &set, NULL);
  sigaction(sig, &mine, NULL);
  if (tty_fd >= 0) tcsetattr(tty_fd, TCSANOW, &tty_typing);
  errno = saved_errno;
}

/* One line of at most PIN_MAX - 1 bytes from fd, without its line break
 * (a longer line, or one with a NUL byte, comes back as no PIN; reading
 * stops after PIN_LINE_MAX bytes without a line break, /dev/zero say).
 * false on end of input before any byte or a read error. */
static bool read_line(int fd, char *buf, size_t size) {
  size_t n = 0, total = 0;
  bool any = false;
  for (;;) {
    char c;
    ssize_t r = read(fd, &c, 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    any = true;
    if (c == '\n') break;
    if (++total > PIN_LINE_MAX) {
      n = size;
      break;
    }
    if (c == '\r') continue;
    if (c != '\0' && n + 1 < size) buf[n++] = c;
    else n = size; /* too long, or a NUL byte (which would cut the line short): never a PIN */
  }
  if (n >= size) { /* what was read is wiped, and what is left is no PIN */
    memset(buf, 'x', size - 1);
    n = size - 1;
  }
  buf[n] = '\0';
  return any;
}

/* The PIN from the terminal, echo off. */
static bool read_pin_tty(const char *cmd, char *pin, size_t size) {
  int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    fprintf(stderr, "%s %s: no terminal to type the PIN on (use --pin-stdin)\n", prog, cmd);
    return false;
  }
  static const char prompt[] = "暗証番号 (券面事項入力補助用, 4桁): ";
  if (write(fd, prompt, sizeof prompt - 1) < 0) { /* best effort */
  }
  bool echo_off = tcgetattr(fd, &tty_saved) == 0;
  /* the terminal gets its echo back whatever ends the program while the PIN
   * is typed: Ctrl+C, Ctrl+\ (SIGQUIT), a kill, the terminal closed; and
   * when Ctrl+Z stops it */
  static const int sigs[] = {SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGTSTP};
  enum { NSIGS = sizeof sigs / sizeof sigs[0] };
  struct sigaction sa, old[NSIGS];
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = restore_tty;
  if (echo_off) {
    tty_typing = tty_saved;
    tty_typing.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
    tty_typing.c_lflag |= ICANON;
    tty_fd = fd;
    for (int i = 0; i < NSIGS; i++) sigaction(sigs[i], &sa, &old[i]);
    tcsetattr(fd, TCSAFLUSH, &tty_typing);
  }
  bool ok = read_line(fd, pin, size);
  if (echo_off) {
    tcsetattr(fd, TCSAFLUSH, &tty_saved);
    tty_fd = -1;
    for (int i = 0; i < NSIGS; i++) sigaction(sigs[i], &old[i], NULL);
  }
  if (write(fd, "\n", 1) < 0) { /* best effort */
  }
  close(fd);
  if (!ok) fprintf(stderr, "%s %s: no PIN was typed\n", prog, cmd);
  return ok;
}

void card_reminder(const char *cmd) {
  fprintf(stderr,
          "%s %s: check 氏名 and 住所 against the card face (※3): the chip holds the "
          "registered values, which may differ from what is printed on the card\n",
          prog, cmd);
}

int card_read(myna_ctx *ctx, const card_read_opts *o, char **json) {
  const char *cmd = o->cmd;
  *json = NULL;
  myna_card *card = NULL;
  myna_status st = myna_card_open(ctx, o->reader, &card);
  int tries = -1;
  if (st == MYNA_OK) st = myna_card_probe(card, &tries);
  if (st == MYNA_OK) {
    fprintf(stderr, "%s %s: reader: %s\n", prog, cmd, myna_card_reader(card));
    if (tries >= 0)
      fprintf(stderr, "%s %s: PIN tries left: %d (残り%d回)\n", prog, cmd, tries, tries);
    if (tries == 1 && !o->confirm) {
      fprintf(stderr,
              "%s %s: one PIN try left: a wrong PIN locks the card until the holder visits "
              "the 市区町村 counter; run again with --confirm-last-try when the holder is sure\n",
              prog, cmd);
      myna_card_free(card);
      return EXIT_CARD_LAST_TRY;
    }
  }
  if (st != MYNA_OK) {
    report(ctx, st);
    myna_card_free(card);
    return exit_code_for(st);
  }
  char pin[PIN_MAX];
  /* --pin-stdin with a terminal on standard input: typed there as without
   * it, echo off (not shown as it is typed) */
  bool from_stdin = o->pin_stdin && !isatty(STDIN_FILENO);
  bool got = from_stdin ? read_line(STDIN_FILENO, pin, sizeof pin)
                        : read_pin_tty(cmd, pin, sizeof pin);
  if (from_stdin && !got) fprintf(stderr, "%s %s: no PIN on standard input\n", prog, cmd);
  if (got)
    st = myna_card_read(card, pin, strlen(pin), o->confirm ? MYNA_CARD_CONFIRM_LAST_TRY : 0,
                        json);
  explicit_bzero(pin, sizeof pin);
  myna_card_free(card);
  if (!got) return EXIT_USAGE;
  if (st != MYNA_OK) {
    report(ctx, st);
    return exit_code_for(st);
  }
  return EXIT_OK;
}
