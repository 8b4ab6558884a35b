/*
 * options.c — what every command shares: common options, the context,
 * input and output, status → exit code, messages.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int usage_error(const char *cmd, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "%s %s: ", prog, cmd);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, " (see 'mynaform %s --help')\n", cmd);
  return EXIT_USAGE;
}

/* Longest option name an error message repeats. */
#define OPTION_ECHO_MAX 40

size_t option_name_len(const char *a) {
  if (a[0] != '-') return 0;
  size_t n = 0;
  while (a[n] && a[n] != '=') {
    char c = a[n];
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-';
    if (!ok || ++n > OPTION_ECHO_MAX) return 0;
  }
  return n;
}

int unknown_option(const char *cmd, char **argv, int i) {
  size_t n = option_name_len(argv[i]);
  if (n) return usage_error(cmd, "unknown option '%.*s'", (int)n, argv[i]);
  /* not an option name: it may be data typed in the wrong place */
  return usage_error(cmd, "unknown option (argument %d)", i + 1);
}

int common_opt(common_opts *c, int argc, char **argv, int *i) {
  const char *a = argv[*i];
  const char **slot = NULL;
  if (!strcmp(a, "--data-dir")) slot = &c->data_dir;
  else if (!strcmp(a, "--font-dir")) slot = &c->font_dir;
  else if (!strcmp(a, "--template-dir")) slot = &c->template_dir;
  else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
    c->verbose = true;
    return 1;
  }
  if (!slot) return 0;
  if (*i + 1 >= argc) return -1;
  *slot = argv[++*i];
  return 1;
}

int exit_code_for(myna_status st) {
  switch (st) {
    case MYNA_OK: return EXIT_OK;
    case MYNA_ERR_USAGE: return EXIT_USAGE;
    case MYNA_ERR_DATA:
    case MYNA_ERR_GLYPH:
    case MYNA_ERR_FIT:
    case MYNA_ERR_LIMIT: return EXIT_DATA;
    case MYNA_ERR_MY_NUMBER: return EXIT_MY_NUMBER;
    case MYNA_ERR_TEMPLATE: return EXIT_TEMPLATE;
    case MYNA_ERR_RESOURCE: return EXIT_RESOURCE;
    case MYNA_ERR_IO: return EXIT_IO;
    case MYNA_ERR_NOMEM:
    case MYNA_ERR_PDF:
    case MYNA_ERR_INTERNAL: return EXIT_INTERNAL;
    case MYNA_ERR_CARD_NO_READER: return EXIT_CARD_NO_READER;
    case MYNA_ERR_CARD_NO_CARD: return EXIT_CARD_NO_CARD;
    case MYNA_ERR_CARD_NOT_MYNUMBER: return EXIT_CARD_NOT_MYNUMBER;
    case MYNA_ERR_CARD_PINLESS: return EXIT_CARD_PINLESS;
    case MYNA_ERR_CARD_PIN_WRONG: return EXIT_CARD_PIN_WRONG;
    case MYNA_ERR_CARD_PIN_LOCKED: return EXIT_CARD_PIN_LOCKED;
    case MYNA_ERR_CARD_LAST_TRY: return EXIT_CARD_LAST_TRY;
    case MYNA_ERR_CARD_REMOVED: return EXIT_CARD_REMOVED;
    case MYNA_ERR_CARD_DATA: return EXIT_CARD_DATA;
  }
  return EXIT_INTERNAL;
}

void print_warnings(myna_ctx *ctx) {
  size_t n = myna_ctx_warning_count(ctx);
  for (size_t i = 0; i < n; i++)
    fprintf(stderr, "%s: warning: %s\n", prog, myna_ctx_warning(ctx, i));
}

void report(myna_ctx *ctx, myna_status st) {
  report_option(ctx, st, NULL, NULL);
}

void report_option(myna_ctx *ctx, myna_status st, const char *lib, const char *opt) {
  print_warnings(ctx);
  if (st == MYNA_OK) return;
  const char *m = myna_ctx_errmsg(ctx);
  if (!m || !*m) m = myna_status_str(st);
  size_t n = lib ? strlen(lib) : 0;
  if (n && !strncmp(m, lib, n) && m[n] == ':')
    fprintf(stderr, "%s: %s%s\n", prog, opt, m + n);
  else
    fprintf(stderr, "%s: %s\n", prog, m);
}

myna_ctx *open_ctx(const common_opts *c, int *exit_code) {
  myna_config cfg = {0};
  cfg.struct_size = sizeof cfg;
  cfg.data_dir = c->data_dir;
  cfg.font_dir = c->font_dir;
  cfg.template_dir = c->template_dir;
  cfg.flags = c->verbose ? MYNA_CONFIG_VERBOSE : 0;
  myna_ctx *ctx = NULL;
  myna_status st = myna_ctx_open(&cfg, &ctx);
  if (st != MYNA_OK) {
    report(ctx, st);
    myna_ctx_free(ctx);
    *exit_code = exit_code_for(st);
    return NULL;
  }
  return ctx;
}

const char *shown_name(const char *name, char *buf, size_t size) {
  /* even --verbose never prints what reads as a 個人番号 (a file named
   * after one) */
  if (myna_text_has_my_number(name, strlen(name))) {
    snprintf(buf, size, "(a path that reads as a 個人番号, not shown)");
    return buf;
  }
  const unsigned char *s = (const unsigned char *)name;
  size_t o = 0;
  while (*s && o + 1 < size) {
    unsigned cp = 0;
    size_t n = 0;
    if (*s < 0x20 || *s == 0x7F) cp = *s, n = 1;
    else if (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F) cp = s[1], n = 2; /* C1 */
    else if (s[0] == 0xD8 && s[1] == 0x9C) cp = 0x061C, n = 2;
    else if (s[0] == 0xE2 && s[1] == 0x80 && ((s[2] >= 0x8E && s[2] <= 0x8F) ||
                                               (s[2] >= 0xAA && s[2] <= 0xAE)))
      cp = 0x2000 | (s[2] & 0x3Fu), n = 3;
    else if (s[0] == 0xE2 && s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9)
      cp = 0x2040 | (s[2] & 0x3Fu), n = 3;
    if (!n) {
      buf[o++] = (char)*s++;
      continue;
    }
    char esc[8];
    int k = snprintf(esc, sizeof esc, cp < 0x80 ? "\\x%02X" : "\\u%04X", cp);
    if (o + (size_t)k >= size) break;
    memcpy(buf + o, esc, (size_t)k);
    o += (size_t)k;
    s += n;
  }
  buf[o] = '\0';
  return buf;
}

bool read_input(const char *path, const char *role, bool verbose, size_t max, char **data,
                size_t *len) {
  /* a file of card data may be named after the patient: its role is named
   * instead of its path unless --verbose */
  char name[1024];
  const char *shown = verbose ? shown_name(path, name, sizeof name) : role;
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  *data = NULL;
  *len = 0;
  if (!f) {
    fprintf(stderr, "%s: %s: cannot open: %s\n", prog, shown, strerror(errno));
    return false;
  }
  char *buf = malloc(max + 2);
  if (!buf) {
    if (f != stdin) fclose(f);
    fprintf(stderr, "%s: out of memory\n", prog);
    return false;
  }
  size_t n = fread(buf, 1, max + 1, f);
  bool err = ferror(f);
  if (f != stdin) fclose(f);
  if (err) {
    free(buf);
    fprintf(stderr, "%s: %s: read error\n", prog, shown);
    return false;
  }
  buf[n] = '\0';
  *data = buf;
  *len = n;
  return true;
}

bool write_stdout(const void *p, size_t n) {
  if (fwrite(p, 1, n, stdout) != n || fflush(stdout) != 0) {
    fprintf(stderr, "%s: cannot write to standard output: %s\n", prog, strerror(errno));
    return false;
  }
  return true;
}

bool parse_mode(const char *s, unsigned *mode) {
  char *end;
  errno = 0;
  unsigned long v = strtoul(s, &end, 8);
  if (errno || end == s || *end || v > 0777) return false;
  *mode = v ? (unsigned)v : 0600; /* 0: the default, as in the library */
  return true;
}

bool parse_double(const char *s, double *v) {
  /* locale-independent: digits, one '.', optional sign */
  const char *p = s;
  bool neg = false, any = false;
  double r = 0, scale = 1;
  if (*p == '-' || *p == '+') neg = *p++ == '-';
  while (*p >= '0' && *p <= '9') r = r * 10 + (*p++ - '0'), any = true;
  if (*p == '.') {
    p++;
    while (*p >= '0' && *p <= '9') r += (*p++ - '0') * (scale /= 10), any = true;
  }
  if (!any || *p) return false;
  *v = neg ? -r : r;
  return true;
}
