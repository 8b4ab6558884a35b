/*
 * qr.h — QR code module matrix for a URL (libqrencode; the only file that
 * includes qrencode.h).  Drawn by pdf_doc.c as vector squares.
 */
#ifndef MF_QR_H
#define MF_QR_H

#include "core/core.h"

/* Quiet zone the QR standard (ISO/IEC 18004) requires: 4 modules. */
#define MF_QR_QUIET 4

typedef struct mf_qr_matrix {
  int width;          /* modules per side, without the quiet zone */
  unsigned char *dark; /* width*width, 1 = dark */
} mf_qr_matrix;

/* Encodes text (8-bit mode, error correction level M, smallest version). */
myna_status mf_qr_encode(myna_ctx *ctx, const char *text, mf_qr_matrix *out);
void mf_qr_matrix_free(mf_qr_matrix *m);

#endif
