/*
 * apdu.h — the only command APDUs mynaform ever sends to a card: a fixed
 * table for the 券面事項入力補助AP (doc/card-reading.md).
 *
 * A command is made from its table entry (mf_apdu_make) and checked again
 * against the table just before it is sent (mf_apdu_allowed, called by the
 * transmit wrapper in card.c).  There is no other way to build one, so the
 * EF of the 個人番号 (0001), of its hash and signature (0003) and the PIN
 * that verifies with the number (EF 0014) cannot be selected.
 */
#ifndef MF_CARD_APDU_H
#define MF_CARD_APDU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The allowed commands. */
typedef enum mf_apdu_kind {
  MF_APDU_SELECT_AP = 0, /* 00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08 */
  MF_APDU_SELECT_PIN,    /* 00 A4 02 0C 02 00 11: 券面事項入力補助用暗証番号 */
  MF_APDU_SELECT_FOUR,   /* 00 A4 02 0C 02 00 02: 基本4情報 */
  MF_APDU_VERIFY_QUERY,  /* 00 20 00 80: tries left (63 Cx), no PIN sent */
  MF_APDU_VERIFY_PIN,    /* 00 20 00 80 04 + 4 ASCII digits */
  MF_APDU_READ_BINARY,   /* 00 B0 P1 P2 Le: the current EF, offset P1-P2 */
  MF_APDU_KIND_COUNT
} mf_apdu_kind;

/* Largest offset + length READ BINARY may ask for (the EF 0002 of a real
 * card is a few hundred bytes). */
#define MF_APDU_READ_MAX 4096u
/* Longest command APDU of the table. */
#define MF_APDU_MAX 16u

typedef struct mf_apdu {
  uint8_t b[MF_APDU_MAX];
  size_t len;
  mf_apdu_kind kind;
} mf_apdu;

/* Builds the command kind into *out.  pin: exactly 4 ASCII digits for
 * MF_APDU_VERIFY_PIN (else ignored); offset and le for
 * MF_APDU_READ_BINARY (le 1–255, offset + le ≤ MF_APDU_READ_MAX).  false
 * (and *out zeroed) if the arguments do not fit the table. */
bool mf_apdu_make(mf_apdu_kind kind, const char *pin, unsigned offset, unsigned le,
                  mf_apdu *out);

/* Whether bytes is a command of the table (with its arguments in range);
 * *kind (may be NULL) gets which. */
bool mf_apdu_allowed(const uint8_t *bytes, size_t len, mf_apdu_kind *kind);

/* The fixed part of entry kind (its header and fixed data), for tests. */
const uint8_t *mf_apdu_fixed(mf_apdu_kind kind, size_t *len);

/* Zeroes an APDU (the PIN of a VERIFY) so the compiler cannot drop it. */
void mf_apdu_wipe(mf_apdu *a);

#endif /* MF_CARD_APDU_H */
