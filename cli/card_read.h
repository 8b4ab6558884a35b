/*
 * card_read.h — the tool's side of reading the My Number card (card_read.c):
 * the tries left shown first, the PIN typed on the terminal (echo off) or
 * read from standard input, the read, the messages.  For `mynaform card`
 * and the render commands' --card.
 */
#ifndef MYNAFORM_CARD_READ_H
#define MYNAFORM_CARD_READ_H

#include <stdbool.h>

#include "mynaform.h"

typedef struct card_read_opts {
  const char *cmd;    /* the command, for messages ("card") */
  const char *reader; /* NULL or "auto": the first reader */
  bool pin_stdin;     /* the PIN from standard input, not the terminal */
  bool confirm;       /* go on with one try left */
} card_read_opts;

/* Reads the card data: returns an exit code, EXIT_OK with *json (free with
 * myna_free()).  Says on standard error the reader and the tries left, and
 * why it failed. */
int card_read(myna_ctx *ctx, const card_read_opts *o, char **json);

/* The reminder that 氏名 and 住所 must be checked against the card face. */
void card_reminder(const char *cmd);

#endif
