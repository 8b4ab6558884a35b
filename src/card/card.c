/*
 * card.c — the card handle (myna_card_open, _free, _reader, _tries_left,
 * _list_readers) and the one way a command reaches the card: mf_card_send,
 * which checks every command against the allowlist (apdu.h) before the
 * transport sees it and wipes a VERIFY's PIN right after.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <string.h>

#include "card/card.h"

myna_status mf_card_open_io(myna_ctx *ctx, const mf_card_io *io, myna_card **out) {
  *out = NULL;
  myna_card *c = mf_calloc(1, sizeof *c);
  if (!c) {
    if (io->close) io->close(io->user);
    return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  }
  c->ctx = ctx;
  c->io = *io;
  c->tries_left = -1;
  *out = c;
  return MYNA_OK;
}

myna_status myna_card_open(myna_ctx *ctx, const char *reader, myna_card **out) {
  if (!out) return ctx ? mf_fail(ctx, MYNA_ERR_USAGE, "myna_card_open: out is NULL") : MYNA_ERR_USAGE;
  *out = NULL;
  if (!ctx) return MYNA_ERR_USAGE;
  mf_ctx_reset(ctx);
  mf_card_io io;
  myna_status st = mf_pcsc_open(ctx, reader, &io);
  if (st != MYNA_OK) return st;
  return mf_card_open_io(ctx, &io, out);
}

myna_status myna_card_list_readers(myna_ctx *ctx, char **list) {
  if (!ctx) return MYNA_ERR_USAGE;
  mf_ctx_reset(ctx);
  if (!list) return mf_fail(ctx, MYNA_ERR_USAGE, "myna_card_list_readers: list is NULL");
  *list = NULL;
  return mf_pcsc_list(ctx, list);
}

const char *myna_card_reader(const myna_card *card) {
  return card && card->io.reader ? card->io.reader : "";
}

int myna_card_tries_left(const myna_card *card) { return card ? card->tries_left : -1; }

void myna_card_free(myna_card *card) {
  if (!card) return;
  mf_card_disconnect(card);
  if (card->io.close) card->io.close(card->io.user);
  mf_free(card);
}

myna_status mf_card_connect(myna_card *card) {
  char msg[256] = "";
  mf_card_io_status s = card->io.connect(card->io.user, msg, sizeof msg);
  switch (s) {
    case MF_CARD_IO_OK:
      card->connected = true;
      return MYNA_OK;
    case MF_CARD_IO_NO_CARD:
      return mf_fail(card->ctx, MYNA_ERR_CARD_NO_CARD, "card reader: no card in the reader");
    case MF_CARD_IO_REMOVED:
      return mf_fail(card->ctx, MYNA_ERR_CARD_REMOVED, "card reader: the card was removed");
    case MF_CARD_IO_ERROR:
      break;
  }
  return mf_fail(card->ctx, MYNA_ERR_CARD_NO_READER, "card reader: cannot connect to the card%s%s",
                 *msg ? ": " : "", msg);
}

void mf_card_disconnect(myna_card *card) {
  if (!card->connected) return;
  card->io.disconnect(card->io.user);
  card->connected = false;
}

myna_status mf_card_send(myna_card *card, mf_apdu *a, mf_card_resp *r) {
  memset(r, 0, sizeof *r);
  mf_apdu_kind kind;
  bool verify = a->len >= 2 && a->b[1] == 0x20;
  if (!card->connected || !mf_apdu_allowed(a->b, a->len, &kind) || kind != a->kind) {
    if (verify) mf_apdu_wipe(a);
    return mf_fail(card->ctx, MYNA_ERR_INTERNAL,
                   "card reader: a command outside the allowlist was refused (not sent)");
  }
  uint8_t buf[MF_CARD_RESP_MAX];
  size_t n = 0;
  char msg[256] = "";
  mf_card_io_status s =
      card->io.transmit(card->io.user, a->b, a->len, buf, sizeof buf, &n, msg, sizeof msg);
  if (kind == MF_APDU_VERIFY_PIN) mf_apdu_wipe(a);
  if (s == MF_CARD_IO_REMOVED || s == MF_CARD_IO_NO_CARD) {
    explicit_bzero(buf, sizeof buf);
    /* still disconnected by the session's end: the transport frees its handle */
    return mf_fail(card->ctx, MYNA_ERR_CARD_REMOVED,
                   "card reader: the card was removed during the read");
  }
  if (s != MF_CARD_IO_OK || n < 2 || n > sizeof buf) {
    explicit_bzero(buf, sizeof buf);
    return mf_fail(card->ctx, MYNA_ERR_CARD_DATA, "card reader: %s",
                   s != MF_CARD_IO_OK && *msg ? msg : "the card gave no valid response");
  }
  r->len = n - 2;
  memcpy(r->data, buf, r->len);
  r->sw = (unsigned)buf[n - 2] << 8 | buf[n - 1];
  explicit_bzero(buf, sizeof buf);
  return MYNA_OK;
}
