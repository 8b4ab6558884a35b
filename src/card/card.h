/*
 * card.h — the card handle and its guarded transmit (card.c), shared with
 * the read flow (read.c).
 */
#ifndef MF_CARD_CARD_H
#define MF_CARD_CARD_H

#include <stdbool.h>

#include "card/apdu.h"
#include "card/io.h"

struct myna_card {
  myna_ctx *ctx;
  mf_card_io io;
  bool connected;
  int tries_left; /* learnt by the last probe or read; -1 unknown */
};

/* A response: data and status word. */
typedef struct mf_card_resp {
  uint8_t data[MF_CARD_RESP_MAX];
  size_t len; /* data bytes, without SW1 SW2 */
  unsigned sw; /* SW1 << 8 | SW2 */
} mf_card_resp;

/* Connects (a session).  MYNA_ERR_CARD_NO_CARD when the reader is empty. */
myna_status mf_card_connect(myna_card *card);
/* Ends the session, resetting the card. */
void mf_card_disconnect(myna_card *card);

/* Sends a, after checking it against the allowlist again; *r gets the
 * response.  A VERIFY's bytes are wiped in a (the caller's) and in every
 * buffer here once sent.  MYNA_ERR_CARD_REMOVED when the card left,
 * MYNA_ERR_INTERNAL for a command outside the allowlist (never sent). */
myna_status mf_card_send(myna_card *card, mf_apdu *a, mf_card_resp *r);

#endif /* MF_CARD_CARD_H */
