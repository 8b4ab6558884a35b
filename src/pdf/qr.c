/*
 * qr.c — QR code encoding with libqrencode.
 *
 * Text is encoded in 8-bit mode (a URL is ASCII; libqrencode's Kanji mode
 * would want Shift_JIS).  Error correction level M (15 %) suits print: it
 * survives smudges and folds while keeping the modules large at 25 mm.
 */
#include <errno.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/qr.h"

myna_status mf_qr_encode(myna_ctx *ctx, const char *text, mf_qr_matrix *out) {
  memset(out, 0, sizeof *out);
  size_t n = strlen(text);
  if (n == 0 || n > MYNA_LIMIT_QR_URL_BYTES)
    return mf_fail(ctx, MYNA_ERR_DATA,
                   "QR URL: must be 1 to %u bytes (MYNA_LIMIT_QR_URL_BYTES; is %zu)",
                   MYNA_LIMIT_QR_URL_BYTES, n);
  QRcode *qr = QRcode_encodeData((int)n, (const unsigned char *)text, 0,
                                 QR_ECLEVEL_M);
  if (!qr)
    return mf_fail(ctx, errno == ENOMEM ? MYNA_ERR_NOMEM : MYNA_ERR_DATA,
                   "QR URL: cannot be encoded");
  int w = qr->width;
  out->dark = malloc((size_t)w * (size_t)w);
  if (!out->dark) {
    QRcode_free(qr);
    return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  }
  for (int i = 0; i < w * w; i++) out->dark[i] = qr->data[i] & 1;
  out->width = w;
  QRcode_free(qr);
  return MYNA_OK;
}

void mf_qr_matrix_free(mf_qr_matrix *m) {
  if (!m) return;
  free(m->dark);
  memset(m, 0, sizeof *m);
}
