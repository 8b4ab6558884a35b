/* fake_card.c — the in-process fake My Number card (fake_card.h). */
#include <stdio.h>
#include <string.h>

#include "fake_card.h"

static const uint8_t AID[10] = {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08};

static size_t put_tlv(uint8_t *out, size_t at, size_t cap, uint8_t t1, uint8_t t2,
                      const uint8_t *v, size_t n) {
  if (at + 5 + n > cap) return cap + 1;
  out[at++] = t1;
  out[at++] = t2;
  if (n < 0x80) {
    out[at++] = (uint8_t)n;
  } else if (n < 0x100) {
    out[at++] = 0x81;
    out[at++] = (uint8_t)n;
  } else {
    out[at++] = 0x82;
    out[at++] = (uint8_t)(n >> 8);
    out[at++] = (uint8_t)n;
  }
  memcpy(out + at, v, n);
  return at + n;
}

size_t fake_card_ef2(uint8_t *out, size_t cap, const char *name, const char *address,
                     const char *birth, const char *sex) {
  uint8_t in[4096];
  static const uint8_t header[3] = {0x00, 0x01, 0x02};
  size_t n = put_tlv(in, 0, sizeof in, 0xDF, 0x21, header, sizeof header);
  n = put_tlv(in, n, sizeof in, 0xDF, 0x22, (const uint8_t *)name, strlen(name));
  n = put_tlv(in, n, sizeof in, 0xDF, 0x23, (const uint8_t *)address, strlen(address));
  n = put_tlv(in, n, sizeof in, 0xDF, 0x24, (const uint8_t *)birth, strlen(birth));
  n = put_tlv(in, n, sizeof in, 0xDF, 0x25, (const uint8_t *)sex, strlen(sex));
  if (n > sizeof in) return 0;
  size_t m = put_tlv(out, 0, cap, 0xFF, 0x20, in, n);
  return m > cap ? 0 : m;
}

void fake_card_init(fake_card *f, const char *name, const char *address, const char *birth,
                    const char *sex) {
  memset(f, 0, sizeof *f);
  f->present = f->mynumber = true;
  snprintf(f->pin, sizeof f->pin, "1234");
  f->tries = f->max_tries = 3;
  f->remove_at = -1;
  f->ef2_len = fake_card_ef2(f->ef2, sizeof f->ef2, name, address, birth, sex);
}

static mf_card_io_status f_connect(void *user, char *msg, size_t size) {
  fake_card *f = user;
  if (!f->present) return MF_CARD_IO_NO_CARD;
  f->connected = true;
  f->connects++;
  return MF_CARD_IO_OK;
}

static void f_disconnect(void *user) {
  fake_card *f = user;
  f->disconnects++;
  if (!f->connected) return;
  f->connected = f->ap = f->verified = false;
  f->ef = 0;
  f->resets++;
}

static void f_close(void *user) { (void)user; }

static size_t sw(uint8_t *r, unsigned v) {
  r[0] = (uint8_t)(v >> 8);
  r[1] = (uint8_t)v;
  return 2;
}

static mf_card_io_status f_transmit(void *user, const uint8_t *c, size_t n, uint8_t *r,
                                    size_t cap, size_t *rn, char *msg, size_t size) {
  fake_card *f = user;
  if (f->n_log < FAKE_LOG_MAX) {
    size_t k = n < 16 ? n : 16;
    memcpy(f->log[f->n_log], c, k);
    f->log_len[f->n_log] = n;
  }
  long index = (long)f->n_log++;
  if (!f->connected) return MF_CARD_IO_ERROR;
  if (f->remove_at >= 0 && index >= f->remove_at) {
    f->connected = f->ap = f->verified = false;
    return MF_CARD_IO_REMOVED;
  }
  if (n < 4 || c[0] != 0x00) {
    *rn = sw(r, 0x6E00);
    return MF_CARD_IO_OK;
  }
  if (c[1] == 0xA4 && c[2] == 0x04 && n == 15 && c[4] == 10) {
    f->ap = f->mynumber && !memcmp(c + 5, AID, 10);
    f->ef = 0;
    f->verified = false;
    *rn = sw(r, f->ap ? 0x9000 : 0x6A82);
    return MF_CARD_IO_OK;
  }
  if (c[1] == 0xA4 && c[2] == 0x02 && n == 7 && c[4] == 2) {
    unsigned id = (unsigned)c[5] << 8 | c[6];
    if (!f->ap || (id == 0x11 && f->pinless) || (id != 0x11 && id != 0x02 && id != 0x01 &&
                                                 id != 0x03 && id != 0x14)) {
      *rn = sw(r, 0x6A82);
      return MF_CARD_IO_OK;
    }
    f->ef = (int)id;
    *rn = sw(r, 0x9000);
    return MF_CARD_IO_OK;
  }
  if (c[1] == 0x20 && c[2] == 0x00 && c[3] == 0x80) {
    if (f->ef != 0x11) {
      *rn = sw(r, 0x6986);
      return MF_CARD_IO_OK;
    }
    if (f->pin_unusable) {
      *rn = sw(r, 0x6984);
      return MF_CARD_IO_OK;
    }
    if (n == 4) {
      *rn = sw(r, f->verified ? 0x9000 : 0x63C0u | (unsigned)f->tries);
      return MF_CARD_IO_OK;
    }
    if (f->tries == 0) {
      *rn = sw(r, 0x6983);
      return MF_CARD_IO_OK;
    }
    if (n == 9 && c[4] == 4 && !memcmp(c + 5, f->pin, 4)) {
      f->tries = f->max_tries;
      f->verified = true;
      *rn = sw(r, 0x9000);
    } else {
      f->tries--;
      *rn = sw(r, 0x63C0u | (unsigned)f->tries);
    }
    return MF_CARD_IO_OK;
  }
  if (c[1] == 0xB0 && n == 5) {
    if (c[2] & 0x80) { /* short EF identifier: not offered by this card */
      *rn = sw(r, 0x6981);
      return MF_CARD_IO_OK;
    }
    if (f->ef != 0x02) {
      *rn = sw(r, 0x6986);
      return MF_CARD_IO_OK;
    }
    if (!f->verified) {
      *rn = sw(r, 0x6982);
      return MF_CARD_IO_OK;
    }
    size_t off = (size_t)c[2] << 8 | c[3], le = c[4] ? c[4] : 256;
    if (off >= f->ef2_len) {
      *rn = sw(r, 0x6B00);
      return MF_CARD_IO_OK;
    }
    size_t k = f->ef2_len - off < le ? f->ef2_len - off : le;
    if (k + 2 > cap) return MF_CARD_IO_ERROR;
    memcpy(r, f->ef2 + off, k);
    *rn = k + sw(r + k, 0x9000);
    return MF_CARD_IO_OK;
  }
  *rn = sw(r, 0x6D00);
  return MF_CARD_IO_OK;
}

void fake_card_io(fake_card *f, mf_card_io *io) {
  memset(io, 0, sizeof *io);
  io->user = f;
  io->reader = "Fake Reader 00 00";
  io->connect = f_connect;
  io->transmit = f_transmit;
  io->disconnect = f_disconnect;
  io->close = f_close;
}

bool fake_card_touched_forbidden(const fake_card *f) {
  for (size_t i = 0; i < f->n_log && i < FAKE_LOG_MAX; i++) {
    const uint8_t *c = f->log[i];
    size_t n = f->log_len[i];
    if (n >= 2 && c[1] == 0xA4 && n >= 4 && c[2] != 0x04) {
      /* any SELECT that is not by AID must be EF 0011 or 0002 */
      if (!(n == 7 && c[2] == 0x02 && c[4] == 2 && c[5] == 0 && (c[6] == 0x11 || c[6] == 0x02)))
        return true;
    }
    if (n >= 3 && (c[1] == 0xB0 || c[1] == 0xB1) && (c[2] & 0x80)) return true;
    if (n >= 2 && c[1] != 0xA4 && c[1] != 0x20 && c[1] != 0xB0) return true;
  }
  return false;
}

size_t fake_card_verifies(const fake_card *f) {
  size_t k = 0;
  for (size_t i = 0; i < f->n_log && i < FAKE_LOG_MAX; i++)
    if (f->log_len[i] > 4 && f->log[i][1] == 0x20) k++;
  return k;
}
