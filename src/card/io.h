/*
 * io.h — the transport under the card module: a table of function pointers
 * that pcsc.c fills for a PC/SC reader and tests fill with an in-process
 * fake card (tests/unit/fake_card.c).  card.c is the only caller, through
 * its transmit wrapper, which sends nothing that is not in the allowlist
 * (apdu.h).
 */
#ifndef MF_CARD_IO_H
#define MF_CARD_IO_H

#include <stddef.h>
#include <stdint.h>

#include "core/core.h"

/* What a transport call came to. */
typedef enum mf_card_io_status {
  MF_CARD_IO_OK = 0,
  MF_CARD_IO_NO_CARD, /* connect: no card in the reader */
  MF_CARD_IO_REMOVED, /* the card left (or was reset) during the session */
  MF_CARD_IO_ERROR    /* anything else (the message says what) */
} mf_card_io_status;

/* Largest response accepted: 255 data bytes and SW1 SW2. */
#define MF_CARD_RESP_MAX 258u

typedef struct mf_card_io {
  void *user;
  /* The reader's name (static for the life of the transport). */
  const char *reader;
  /* Connects to the card in the reader, exclusively (a session). */
  mf_card_io_status (*connect)(void *user, char *msg, size_t msg_size);
  /* Sends one command APDU; the response (data + SW1 SW2) into resp. */
  mf_card_io_status (*transmit)(void *user, const uint8_t *cmd, size_t cmd_len,
                                uint8_t *resp, size_t resp_cap, size_t *resp_len,
                                char *msg, size_t msg_size);
  /* Ends the session and resets the card, so that no verified state
   * outlives it.  Harmless without a session. */
  void (*disconnect)(void *user);
  /* Frees the transport (after disconnect). */
  void (*close)(void *user);
} mf_card_io;

/* Opens a PC/SC transport on the reader named reader (NULL or "auto": the
 * first one; else the reader of that name, or else the first one whose
 * name starts with it: "Virtual PCD" for "Virtual PCD 00 00").  MYNA_ERR_CARD_NO_READER when pcscd does not answer or
 * no reader matches. */
myna_status mf_pcsc_open(myna_ctx *ctx, const char *reader, mf_card_io *io);

/* The PC/SC readers, one name a line ("" when none); caller frees. */
myna_status mf_pcsc_list(myna_ctx *ctx, char **out);

/* A card handle on the transport io (copied; its close is called by
 * myna_card_free): how tests drive card.c with a fake card. */
myna_status mf_card_open_io(myna_ctx *ctx, const mf_card_io *io, myna_card **out);

#endif /* MF_CARD_IO_H */
