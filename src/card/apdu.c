/*
 * apdu.c — the allowlist of command APDUs (apdu.h).  The constants are those
 * of jpki/myna (libmyna/reader.go, text_ap.go) and AokiApp/jsapdu
 * (packages/mynacard/src/constants.ts: KENHOJO_AP, KENHOJO_AP_EF.PIN and
 * .BASIC_FOUR); doc/card-reading.md explains them.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <string.h>

#include "card/apdu.h"

/* What follows the fixed bytes of an entry. */
enum tail { TAIL_NONE, TAIL_PIN4, TAIL_OFFSET_LE };

static const struct entry {
  uint8_t fixed[15];
  uint8_t fixed_len;
  enum tail tail;
} table[MF_APDU_KIND_COUNT] = {
    [MF_APDU_SELECT_AP] = {{0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0x10, 0x00, 0x31, 0x00,
                            0x01, 0x01, 0x04, 0x08},
                           15, TAIL_NONE},
    [MF_APDU_SELECT_PIN] = {{0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x11}, 7, TAIL_NONE},
    [MF_APDU_SELECT_FOUR] = {{0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x02}, 7, TAIL_NONE},
    [MF_APDU_VERIFY_QUERY] = {{0x00, 0x20, 0x00, 0x80}, 4, TAIL_NONE},
    [MF_APDU_VERIFY_PIN] = {{0x00, 0x20, 0x00, 0x80, 0x04}, 5, TAIL_PIN4},
    [MF_APDU_READ_BINARY] = {{0x00, 0xB0}, 2, TAIL_OFFSET_LE},
};

static bool digits4(const uint8_t *p) {
  for (int i = 0; i < 4; i++)
    if (p[i] < '0' || p[i] > '9') return false;
  return true;
}

static bool read_args_ok(unsigned offset, unsigned le) {
  return le >= 1 && le <= 255 && offset < MF_APDU_READ_MAX && le <= MF_APDU_READ_MAX - offset;
}

void mf_apdu_wipe(mf_apdu *a) {
  explicit_bzero(a->b, sizeof a->b);
  a->len = 0;
}

bool mf_apdu_make(mf_apdu_kind kind, const char *pin, unsigned offset, unsigned le,
                  mf_apdu *out) {
  memset(out, 0, sizeof *out);
  if ((unsigned)kind >= MF_APDU_KIND_COUNT) return false;
  const struct entry *e = &table[kind];
  memcpy(out->b, e->fixed, e->fixed_len);
  out->len = e->fixed_len;
  out->kind = kind;
  switch (e->tail) {
    case TAIL_NONE:
      break;
    case TAIL_PIN4:
      if (!pin || !digits4((const uint8_t *)pin) || pin[4] != '\0') {
        mf_apdu_wipe(out);
        return false;
      }
      memcpy(out->b + out->len, pin, 4);
      out->len += 4;
      break;
    case TAIL_OFFSET_LE:
      if (!read_args_ok(offset, le)) {
        mf_apdu_wipe(out);
        return false;
      }
      out->b[out->len++] = (uint8_t)(offset >> 8);
      out->b[out->len++] = (uint8_t)(offset & 0xFF);
      out->b[out->len++] = (uint8_t)le;
      break;
  }
  /* the same check the transmit wrapper makes */
  if (!mf_apdu_allowed(out->b, out->len, NULL)) {
    mf_apdu_wipe(out);
    return false;
  }
  return true;
}

bool mf_apdu_allowed(const uint8_t *bytes, size_t len, mf_apdu_kind *kind) {
  if (!bytes) return false;
  for (int k = 0; k < MF_APDU_KIND_COUNT; k++) {
    const struct entry *e = &table[k];
    if (len < e->fixed_len || memcmp(bytes, e->fixed, e->fixed_len)) continue;
    const uint8_t *t = bytes + e->fixed_len;
    size_t n = len - e->fixed_len;
    bool ok = false;
    switch (e->tail) {
      case TAIL_NONE: ok = n == 0; break;
      case TAIL_PIN4: ok = n == 4 && digits4(t); break;
      case TAIL_OFFSET_LE:
        /* P1 bit 8 set would be a short EF identifier: never */
        ok = n == 3 && !(t[0] & 0x80) && read_args_ok((unsigned)t[0] << 8 | t[1], t[2]);
        break;
    }
    if (ok) {
      if (kind) *kind = (mf_apdu_kind)k;
      return true;
    }
  }
  return false;
}

const uint8_t *mf_apdu_fixed(mf_apdu_kind kind, size_t *len) {
  if ((unsigned)kind >= MF_APDU_KIND_COUNT) {
    *len = 0;
    return NULL;
  }
  *len = table[kind].fixed_len;
  return table[kind].fixed;
}
