/*
 * pcsc.c — the PC/SC transport (io.h) on pcsc-lite: list the readers,
 * connect exclusively, transmit, disconnect with a card reset.  The only
 * file of the library that calls SCard*.
 */
#include <stdio.h>
#include <string.h>

#include <winscard.h>

#include "card/io.h"

typedef struct pcsc {
  SCARDCONTEXT hctx;
  SCARDHANDLE h;
  DWORD proto;
  bool connected;
  char reader[256];
} pcsc;

static myna_status no_service(myna_ctx *ctx, LONG rv) {
  return mf_fail(ctx, MYNA_ERR_CARD_NO_READER,
                 "card reader: the PC/SC service does not answer (is pcscd running?): %s",
                 pcsc_stringify_error(rv));
}

/* The readers as a multi-string (caller frees), or a status. */
static myna_status readers(myna_ctx *ctx, SCARDCONTEXT hctx, char **multi, DWORD *len) {
  *multi = NULL;
  *len = 0;
  DWORD n = 0;
  LONG rv = SCardListReaders(hctx, NULL, NULL, &n);
  if (rv == (LONG)SCARD_E_NO_READERS_AVAILABLE) return MYNA_OK;
  if (rv != SCARD_S_SUCCESS) return no_service(ctx, rv);
  char *buf = mf_malloc(n ? n : 1);
  if (!buf) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  rv = SCardListReaders(hctx, NULL, buf, &n);
  if (rv == (LONG)SCARD_E_NO_READERS_AVAILABLE) {
    mf_free(buf);
    return MYNA_OK;
  }
  if (rv != SCARD_S_SUCCESS) {
    mf_free(buf);
    return no_service(ctx, rv);
  }
  *multi = buf;
  *len = n;
  return MYNA_OK;
}

static myna_status establish(myna_ctx *ctx, SCARDCONTEXT *hctx) {
  LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, hctx);
  return rv == SCARD_S_SUCCESS ? MYNA_OK : no_service(ctx, rv);
}

myna_status mf_pcsc_list(myna_ctx *ctx, char **out) {
  SCARDCONTEXT hctx;
  myna_status st = establish(ctx, &hctx);
  if (st != MYNA_OK) return st;
  char *multi;
  DWORD n;
  st = readers(ctx, hctx, &multi, &n);
  SCardReleaseContext(hctx);
  if (st != MYNA_OK) return st;
  mf_buf b;
  mf_buf_init(&b);
  for (const char *p = multi; p && p < multi + n && *p; p += strlen(p) + 1) {
    mf_buf_puts(&b, p);
    mf_buf_putc(&b, '\n');
  }
  mf_buf_putc(&b, '\0');
  b.len--;
  mf_free(multi);
  if (!mf_buf_ok(&b)) {
    mf_buf_free(&b);
    return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  }
  *out = mf_buf_take(&b);
  return MYNA_OK;
}

static mf_card_io_status removed_or_error(LONG rv, char *msg, size_t size) {
  if (rv == (LONG)SCARD_W_REMOVED_CARD || rv == (LONG)SCARD_E_NO_SMARTCARD ||
      rv == (LONG)SCARD_W_RESET_CARD || rv == (LONG)SCARD_W_UNPOWERED_CARD ||
      /* the reader unplugged mid-read: the card is gone with it, and plugging
       * it back in and reading again is the cure, as for a removed card */
      rv == (LONG)SCARD_E_READER_UNAVAILABLE || rv == (LONG)SCARD_E_UNKNOWN_READER)
    return MF_CARD_IO_REMOVED;
  snprintf(msg, size, "%s", pcsc_stringify_error(rv));
  return MF_CARD_IO_ERROR;
}

static mf_card_io_status p_connect(void *user, char *msg, size_t size) {
  pcsc *p = user;
  LONG rv = SCardConnect(p->hctx, p->reader, SCARD_SHARE_EXCLUSIVE,
                         SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &p->h, &p->proto);
  if (rv == SCARD_S_SUCCESS) {
    p->connected = true;
    return MF_CARD_IO_OK;
  }
  if (rv == (LONG)SCARD_E_NO_SMARTCARD || rv == (LONG)SCARD_W_REMOVED_CARD) return MF_CARD_IO_NO_CARD;
  if (rv == (LONG)SCARD_E_SHARING_VIOLATION) {
    snprintf(msg, size, "the reader is in use by another program");
    return MF_CARD_IO_ERROR;
  }
  return removed_or_error(rv, msg, size);
}

static mf_card_io_status p_transmit(void *user, const uint8_t *cmd, size_t cmd_len,
                                    uint8_t *resp, size_t cap, size_t *resp_len, char *msg,
                                    size_t size) {
  pcsc *p = user;
  const SCARD_IO_REQUEST *pci = p->proto == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
  DWORD n = (DWORD)cap;
  LONG rv = SCardTransmit(p->h, pci, cmd, (DWORD)cmd_len, NULL, resp, &n);
  if (rv != SCARD_S_SUCCESS) return removed_or_error(rv, msg, size);
  *resp_len = n;
  return MF_CARD_IO_OK;
}

static void p_disconnect(void *user) {
  pcsc *p = user;
  if (!p->connected) return;
  /* reset: the verified PIN does not outlive the session */
  SCardDisconnect(p->h, SCARD_RESET_CARD);
  p->connected = false;
}

static void p_close(void *user) {
  pcsc *p = user;
  p_disconnect(p);
  SCardReleaseContext(p->hctx);
  mf_free(p);
}

myna_status mf_pcsc_open(myna_ctx *ctx, const char *want, mf_card_io *io) {
  memset(io, 0, sizeof *io);
  pcsc *p = mf_calloc(1, sizeof *p);
  if (!p) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  myna_status st = establish(ctx, &p->hctx);
  if (st != MYNA_OK) {
    mf_free(p);
    return st;
  }
  char *multi = NULL;
  DWORD n = 0;
  st = readers(ctx, p->hctx, &multi, &n);
  const char *found = NULL, *prefixed = NULL;
  bool any = want == NULL || !*want || !strcmp(want, "auto");
  for (const char *r = multi; st == MYNA_OK && r && r < multi + n && *r; r += strlen(r) + 1) {
    if (any || !strcmp(r, want)) {
      found = r;
      break;
    }
    if (!prefixed && !strncmp(r, want, strlen(want))) prefixed = r;
  }
  if (!found) found = prefixed;
  if (st == MYNA_OK && (!found || strlen(found) >= sizeof p->reader))
    st = mf_fail(ctx, MYNA_ERR_CARD_NO_READER, "card reader: %s",
                 !multi || any ? "no reader is connected"
                               : "no reader of the name given (see --list-readers)");
  if (st == MYNA_OK) snprintf(p->reader, sizeof p->reader, "%s", found);
  mf_free(multi);
  if (st != MYNA_OK) {
    SCardReleaseContext(p->hctx);
    mf_free(p);
    return st;
  }
  io->user = p;
  io->reader = p->reader;
  io->connect = p_connect;
  io->transmit = p_transmit;
  io->disconnect = p_disconnect;
  io->close = p_close;
  return MYNA_OK;
}
