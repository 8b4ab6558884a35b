/*
 * fake_card.h — an in-process My Number card behind the card module's
 * transport (src/card/io.h), for tests without a reader: the
 * 券面事項入力補助AP with its PIN (EF 0011, 3 tries) and EF 0002, ISO 7816-4
 * status words, and switches for every error the module must tell apart.
 * Every command APDU it receives is recorded, so a test can fail if one of
 * them selects EF 0001, 0003 or 0014.
 */
#ifndef MYNAFORM_FAKE_CARD_H
#define MYNAFORM_FAKE_CARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "card/io.h"

#define FAKE_LOG_MAX 256

typedef struct fake_card {
  /* the card */
  bool present;      /* false: connect says there is no card */
  bool mynumber;     /* false: SELECT of the AP fails (6A 82) */
  bool pinless;      /* true: no EF 0011 (6A 82 on its SELECT) */
  bool pin_unusable; /* true: VERIFY answers 69 84 (reference data not usable) */
  char pin[5];
  int tries, max_tries;
  uint8_t ef2[4096];
  size_t ef2_len;
  long remove_at;    /* the APDU (0-based) at which the card leaves; -1 never */
  /* its state */
  bool connected, ap, verified;
  int ef;            /* selected EF: 0, 0x11, 0x02 */
  int connects, resets;
  int disconnects;   /* disconnect calls, whether or not a card was there */
  /* every APDU received */
  uint8_t log[FAKE_LOG_MAX][16];
  size_t log_len[FAKE_LOG_MAX];
  size_t n_log;
} fake_card;

/* A card with PIN "1234", 3 tries, and EF 0002 holding the four items. */
void fake_card_init(fake_card *f, const char *name, const char *address, const char *birth,
                    const char *sex);
/* EF 0002 as FF 20 { DF 21..DF 25 } (the header DF 21 of 3 bytes), into
 * out; returns its length. */
size_t fake_card_ef2(uint8_t *out, size_t cap, const char *name, const char *address,
                     const char *birth, const char *sex);
/* The transport driving f (close does nothing: f is the caller's). */
void fake_card_io(fake_card *f, mf_card_io *io);
/* Whether any APDU received selects an EF other than 0011 and 0002, or
 * selects 0001, 0003, 0014 in any way (by a SELECT with P1 02, by a short
 * EF identifier in a READ BINARY). */
bool fake_card_touched_forbidden(const fake_card *f);
/* How many VERIFY commands carrying a PIN it received. */
size_t fake_card_verifies(const fake_card *f);

#endif
