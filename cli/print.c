/*
 * print.c — --print: hands a rendered PDF to CUPS's lp(1) on its standard
 * input, at A4 and actual size.  lp is run without a shell (posix_spawnp,
 * found on PATH); the job's title is the document's name, never a patient's.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "print.h"

extern char **environ;

bool print_printer_ok(const char *name) {
  /* a CUPS queue name: printable ASCII without space, '/', '#' or a
   * leading '-' (lpadmin(8) allows up to 127 characters) */
  size_t n = strlen(name);
  if (n == 0 || n > 127 || name[0] == '-') return false;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)name[i];
    if (c <= 0x20 || c >= 0x7F || c == '/' || c == '#') return false;
  }
  return true;
}

int print_pdf(const char *printer, const char *title, const unsigned char *pdf, size_t len) {
  const char *argv[16];
  int k = 0;
  argv[k++] = "lp";
  if (printer) {
    argv[k++] = "-d";
    argv[k++] = printer;
  }
  argv[k++] = "-t";
  argv[k++] = title;
  argv[k++] = "-o";
  argv[k++] = "media=A4";
  argv[k++] = "-o";
  argv[k++] = "print-scaling=none";
  argv[k] = NULL; /* no file: lp reads standard input */

  int fds[2];
  if (pipe(fds) != 0) {
    fprintf(stderr, "%s: --print: cannot make a pipe to lp: %s\n", prog, strerror(errno));
    return EXIT_IO;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  posix_spawn_file_actions_addclose(&fa, fds[1]);
  pid_t pid;
  int rc = posix_spawnp(&pid, "lp", &fa, NULL, (char *const *)argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[0]);
  if (rc != 0) {
    close(fds[1]);
    if (rc == ENOENT)
      fprintf(stderr,
              "%s: --print: lp not found on PATH (install CUPS's client, Debian package "
              "cups-client, or write the PDF with -o FILE and print it yourself)\n",
              prog);
    else
      fprintf(stderr, "%s: --print: cannot run lp: %s\n", prog, strerror(rc));
    return EXIT_IO;
  }
  /* lp may exit before reading everything (no such printer): a write
   * error then, not a SIGPIPE */
  struct sigaction ign = {0}, old;
  ign.sa_handler = SIG_IGN;
  sigemptyset(&ign.sa_mask);
  sigaction(SIGPIPE, &ign, &old);
  bool wrote = true;
  for (size_t off = 0; off < len;) {
    ssize_t w = write(fds[1], pdf + off, len - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      wrote = false;
      break;
    }
    off += (size_t)w;
  }
  close(fds[1]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  sigaction(SIGPIPE, &old, NULL);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && wrote) return EXIT_OK;
  if (WIFEXITED(status))
    fprintf(stderr, "%s: --print: lp failed (exit status %d; its message is above)\n", prog,
            WEXITSTATUS(status));
  else
    fprintf(stderr, "%s: --print: lp did not finish (signal %d)\n", prog,
            WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return EXIT_IO;
}
