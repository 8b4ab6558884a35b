/*
 * cli.h — shared pieces of the mynaform tool: common options, opening the
 * context, reading input, writing output, exit codes.
 */
#ifndef MYNAFORM_CLI_H
#define MYNAFORM_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "mynaform.h"

/* Exit codes (documented in the README and mynaform(1)). */
enum {
  EXIT_OK = 0,
  EXIT_PARTIAL = 1,   /* batch: some records failed, the others were written */
  EXIT_USAGE = 2,     /* bad command line */
  EXIT_DATA = 3,      /* invalid card data, a value that does not fit, an
                         unprintable character, an input limit */
  EXIT_MY_NUMBER = 4, /* the data carries a 個人番号: refused */
  EXIT_TEMPLATE = 5,  /* a malformed template */
  EXIT_RESOURCE = 6,  /* fonts or templates not found */
  EXIT_IO = 7,        /* cannot read input or write output */
  EXIT_INTERNAL = 8,  /* out of memory, PDF writer failure, bug */
  /* mynaform card (and the card errors of any command): */
  EXIT_CARD_NO_READER = 10,    /* no PC/SC reader, pcscd not running */
  EXIT_CARD_NO_CARD = 11,      /* no card in the reader */
  EXIT_CARD_NOT_MYNUMBER = 12, /* not a My Number card */
  EXIT_CARD_PINLESS = 13,      /* a PIN-less 顔認証 card: enter by hand */
  EXIT_CARD_PIN_WRONG = 14,    /* wrong PIN (tries left on stderr) */
  EXIT_CARD_PIN_LOCKED = 15,   /* PIN locked: the 市区町村 counter */
  EXIT_CARD_LAST_TRY = 16,     /* one try left: --confirm-last-try */
  EXIT_CARD_REMOVED = 17,      /* the card was removed during the read */
  EXIT_CARD_DATA = 18,         /* the card's data is malformed or invalid */
  EXIT_INTERRUPTED = 130
};

extern const char *prog; /* "mynaform" */

/* Options every command takes. */
typedef struct common_opts {
  const char *data_dir, *font_dir, *template_dir;
  bool verbose;
} common_opts;

/* Parses --data-dir/--font-dir/--template-dir/--verbose at argv[*i];
 * returns 1 if consumed (advancing *i), 0 if not one of them, -1 on error. */
int common_opt(common_opts *c, int argc, char **argv, int *i);
myna_ctx *open_ctx(const common_opts *c, int *exit_code);

int exit_code_for(myna_status st);
/* Prints "mynaform: <message>" for a failed call, and the warnings. */
void report(myna_ctx *ctx, myna_status st);
/* The same, a message about the library option `lib` ("qr_url") naming
 * the command-line option `opt` ("--url") instead. */
void report_option(myna_ctx *ctx, myna_status st, const char *lib, const char *opt);
void print_warnings(myna_ctx *ctx);

/* Reads a file (or stdin for "-") of at most max bytes; past that it reads
 * max + 1 bytes so the library can report the limit.  Caller frees.
 * Messages name the file by its role ("--data file"), by its path only when
 * verbose: a file of card data may be named after the patient. */
bool read_input(const char *path, const char *role, bool verbose, size_t max, char **data,
                size_t *len);
/* A file name as a message may show it: control characters (C0, DEL,
 * C1) and bidi controls written as escapes (\x1B, \u202E), so that a name
 * never acts on the terminal.  Returns buf (cut to size). */
const char *shown_name(const char *name, char *buf, size_t size);
/* Writes bytes to stdout entirely. */
bool write_stdout(const void *p, size_t n);
/* Parses an octal file mode ("0644"): permission bits only (setuid, setgid
 * and sticky are refused); 0 means the default 0600.  false if not one. */
bool parse_mode(const char *s, unsigned *mode);
/* The message for a bad --mode. */
#define MODE_USAGE "--mode needs an octal file mode from 0 to 0777 such as 0640 (no setuid, setgid or sticky bit)"
/* Parses a number; false if not one. */
bool parse_double(const char *s, double *v);

int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Messages repeat a command-line argument only when it is an option name:
 * '-' then ASCII letters, digits and '-', at most 40 of them, up to any '='
 * (whose value is never repeated).  Returns that length, 0 if not one. */
size_t option_name_len(const char *a);
/* "unknown option '--name'", or "unknown option (argument N)" for argv[i]
 * that is not an option name (a patient's name typed in the wrong place):
 * N counts the arguments after "mynaform", the command being 1.  Returns
 * EXIT_USAGE. */
int unknown_option(const char *cmd, char **argv, int i);

int cmd_render(int argc, char **argv, myna_document doc);
int cmd_typeset(int argc, char **argv);
int cmd_templates(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_tekiyo(int argc, char **argv);
int cmd_card(int argc, char **argv);
/* mynaform serve: the HTTP service (service/serve.c) */
int serve_main(int argc, char **argv);

#endif
