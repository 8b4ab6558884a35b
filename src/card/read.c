/*
 * read.c — the read flow (myna_card_probe, myna_card_read): select the
 * 券面事項入力補助AP, ask the PIN's tries left, VERIFY once, read EF 0002,
 * parse it (tlv.c) and hand the four items to the card-data validator
 * (input/record.c), 番号法 screen included.  Status words: ISO/IEC 7816-4
 * (63 Cx tries left, 69 83 blocked, 69 84 reference data not usable,
 * 6A 82 not found); doc/card-reading.md.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card/card.h"
#include "card/tlv.h"
#include "input/record.h"

#define SW_OK 0x9000u

static myna_status send_kind(myna_card *card, mf_apdu_kind kind, mf_card_resp *r) {
  mf_apdu a;
  if (!mf_apdu_make(kind, NULL, 0, 0, &a))
    return mf_fail(card->ctx, MYNA_ERR_INTERNAL, "card reader: no such command");
  return mf_card_send(card, &a, r);
}

static myna_status unexpected(myna_card *card, const char *step, unsigned sw) {
  return mf_fail(card->ctx, MYNA_ERR_CARD_DATA, "card reader: %s: unexpected status %02X %02X",
                 step, sw >> 8, sw & 0xFF);
}

/* What a VERIFY's status word means for the PIN; sets tries_left. */
static myna_status pin_state(myna_card *card, const char *step, unsigned sw) {
  if ((sw & 0xFFF0u) == 0x63C0u) {
    card->tries_left = (int)(sw & 0x0F);
    if (card->tries_left == 0) goto locked;
    return MYNA_OK;
  }
  if (sw == 0x6983u) {
    card->tries_left = 0;
    goto locked;
  }
  if (sw == 0x6984u)
    return mf_fail(card->ctx, MYNA_ERR_CARD_PINLESS,
                   "card reader: this card has no 券面事項入力補助 PIN (a PIN-less 顔認証 card): "
                   "enter the data by hand");
  return unexpected(card, step, sw);
locked:
  return mf_fail(card->ctx, MYNA_ERR_CARD_PIN_LOCKED,
                 "card reader: the PIN is locked; the holder must have it reset at the "
                 "市区町村 counter");
}

/* SELECT AP, SELECT EF 0011, VERIFY without data: the tries left. */
static myna_status open_pin(myna_card *card) {
  mf_card_resp r;
  myna_status st = send_kind(card, MF_APDU_SELECT_AP, &r);
  if (st != MYNA_OK) return st;
  if (r.sw != SW_OK)
    return mf_fail(card->ctx, MYNA_ERR_CARD_NOT_MYNUMBER,
                   "card reader: the card has no 券面事項入力補助AP: not a My Number card");
  if ((st = send_kind(card, MF_APDU_SELECT_PIN, &r)) != MYNA_OK) return st;
  if (r.sw == 0x6A82u)
    return mf_fail(card->ctx, MYNA_ERR_CARD_PINLESS,
                   "card reader: this card has no 券面事項入力補助 PIN (a PIN-less 顔認証 card): "
                   "enter the data by hand");
  if (r.sw != SW_OK) return unexpected(card, "SELECT EF 0011", r.sw);
  if ((st = send_kind(card, MF_APDU_VERIFY_QUERY, &r)) != MYNA_OK) return st;
  if (r.sw == SW_OK) { /* already verified in this session: count unknown */
    card->tries_left = -1;
    return MYNA_OK;
  }
  return pin_state(card, "VERIFY", r.sw);
}

myna_status myna_card_probe(myna_card *card, int *tries_left) {
  if (!card) return MYNA_ERR_USAGE;
  mf_ctx_reset(card->ctx);
  if (tries_left) *tries_left = -1;
  card->tries_left = -1;
  myna_status st = mf_card_connect(card);
  if (st == MYNA_OK) st = open_pin(card);
  mf_card_disconnect(card);
  if (tries_left) *tries_left = card->tries_left;
  return st;
}

/* Reads the whole EF 0002 into buf: 7 bytes, then the rest by its length. */
static myna_status read_ef(myna_card *card, uint8_t *buf, size_t *len) {
  mf_card_resp r;
  mf_apdu a;
  myna_status st;
  if (!mf_apdu_make(MF_APDU_READ_BINARY, NULL, 0, MF_CARD_TLV_HEAD, &a))
    return mf_fail(card->ctx, MYNA_ERR_INTERNAL, "card reader: no such command");
  if ((st = mf_card_send(card, &a, &r)) != MYNA_OK) return st;
  if (r.sw != SW_OK) return unexpected(card, "READ BINARY", r.sw);
  if (r.len > MF_CARD_TLV_HEAD)
    return mf_fail(card->ctx, MYNA_ERR_CARD_DATA, "card reader: READ BINARY: more bytes than asked");
  size_t total = mf_card_tlv_total(r.data, r.len);
  if (!total)
    return mf_fail(card->ctx, MYNA_ERR_CARD_DATA,
                   "card EF 0002: does not start with tag FF 20 and a length up to %u bytes",
                   MF_CARD_EF_MAX);
  size_t got = r.len < total ? r.len : total;
  memcpy(buf, r.data, got);
  explicit_bzero(&r, sizeof r);
  /* each round adds at least one byte: at most total rounds */
  while (got < total) {
    size_t want = total - got > 255 ? 255 : total - got;
    if (!mf_apdu_make(MF_APDU_READ_BINARY, NULL, (unsigned)got, (unsigned)want, &a))
      return mf_fail(card->ctx, MYNA_ERR_INTERNAL, "card reader: no such command");
    if ((st = mf_card_send(card, &a, &r)) != MYNA_OK) return st;
    if (r.sw != SW_OK) return unexpected(card, "READ BINARY", r.sw);
    if (r.len == 0 || r.len > want)
      return mf_fail(card->ctx, MYNA_ERR_CARD_DATA,
                     "card reader: READ BINARY: %s", r.len ? "more bytes than asked" : "no data");
    memcpy(buf + got, r.data, r.len);
    got += r.len;
    explicit_bzero(&r, sizeof r);
  }
  *len = got;
  return MYNA_OK;
}

/* The four items as card-data JSON, validated. */
static myna_status to_json(myna_card *card, const mf_card_four *f, char **json) {
  json_t *name = json_stringn((const char *)f->name, f->name_len);
  json_t *addr = json_stringn((const char *)f->address, f->address_len);
  if (!name || !addr) {
    json_decref(name);
    json_decref(addr);
    return mf_fail(card->ctx, MYNA_ERR_CARD_DATA, "card EF 0002: %s: not UTF-8",
                   !name ? "DF 22 (氏名)" : "DF 23 (住所)");
  }
  json_t *o = json_object();
  if (!o || json_object_set_new(o, "name", name) || json_object_set_new(o, "address", addr) ||
      json_object_set_new(o, "birth_date", json_stringn((const char *)f->birth, f->birth_len)) ||
      json_object_set_new(o, "sex", json_stringn((const char *)f->sex, f->sex_len))) {
    json_decref(o);
    return mf_fail(card->ctx, MYNA_ERR_NOMEM, "out of memory");
  }
  char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(o);
  if (!s) return mf_fail(card->ctx, MYNA_ERR_NOMEM, "out of memory");
  mf_record *rec = NULL;
  myna_status st = mf_record_parse(card->ctx, s, strlen(s), 0, &rec);
  mf_record_free(rec);
  if (st != MYNA_OK) {
    explicit_bzero(s, strlen(s));
    free(s);
    if (st == MYNA_ERR_MY_NUMBER || st == MYNA_ERR_NOMEM) return st;
    /* the validator's message names the card-data path */
    char msg[MF_ERRMSG_SIZE];
    snprintf(msg, sizeof msg, "%s", myna_ctx_errmsg(card->ctx));
    return mf_fail(card->ctx, MYNA_ERR_CARD_DATA, "%s", msg);
  }
  /* the caller frees with myna_free(): hand over a copy made by mf_ */
  *json = mf_strdup(s);
  explicit_bzero(s, strlen(s));
  free(s);
  return *json ? MYNA_OK : mf_fail(card->ctx, MYNA_ERR_NOMEM, "out of memory");
}

static bool pin_ok(const char *pin, size_t len) {
  if (!pin || len != 4) return false;
  for (size_t i = 0; i < 4; i++)
    if (pin[i] < '0' || pin[i] > '9') return false;
  return true;
}

myna_status myna_card_read(myna_card *card, const char *pin, size_t pin_len, unsigned flags,
                           char **json) {
  if (!card) return MYNA_ERR_USAGE;
  mf_ctx_reset(card->ctx);
  if (!json) return mf_fail(card->ctx, MYNA_ERR_USAGE, "myna_card_read: json is NULL");
  *json = NULL;
  if (!pin_ok(pin, pin_len))
    return mf_fail(card->ctx, MYNA_ERR_USAGE, "pin: needs exactly 4 digits");
  card->tries_left = -1;
  myna_status st = mf_card_connect(card);
  if (st == MYNA_OK) st = open_pin(card);
  if (st == MYNA_OK && card->tries_left == 1 && !(flags & MYNA_CARD_CONFIRM_LAST_TRY))
    st = mf_fail(card->ctx, MYNA_ERR_CARD_LAST_TRY,
                 "card reader: one PIN try left: a wrong PIN locks the card; the operator "
                 "must confirm the last try");
  mf_card_resp r;
  if (st == MYNA_OK) {
    mf_apdu a;
    char p[5] = {pin[0], pin[1], pin[2], pin[3], 0};
    bool made = mf_apdu_make(MF_APDU_VERIFY_PIN, p, 0, 0, &a);
    explicit_bzero(p, sizeof p);
    st = made ? mf_card_send(card, &a, &r)
              : mf_fail(card->ctx, MYNA_ERR_INTERNAL, "card reader: no such command");
    mf_apdu_wipe(&a);
    if (st == MYNA_OK && r.sw != SW_OK) {
      st = pin_state(card, "VERIFY", r.sw);
      if (st == MYNA_OK)
        st = mf_fail(card->ctx, MYNA_ERR_CARD_PIN_WRONG,
                     "card reader: wrong PIN: %d %s left", card->tries_left,
                     card->tries_left == 1 ? "try" : "tries");
    } else if (st == MYNA_OK) {
      card->tries_left = -1; /* the card restored its counter */
    }
  }
  if (st == MYNA_OK && (st = send_kind(card, MF_APDU_SELECT_FOUR, &r)) == MYNA_OK &&
      r.sw != SW_OK)
    st = unexpected(card, "SELECT EF 0002", r.sw);
  uint8_t ef[MF_CARD_EF_MAX];
  size_t ef_len = 0;
  if (st == MYNA_OK) st = read_ef(card, ef, &ef_len);
  /* the session ends (the card is reset) before anything else is done */
  mf_card_disconnect(card);
  explicit_bzero(&r, sizeof r);
  if (st == MYNA_OK) {
    mf_card_four f;
    char err[160];
    if (mf_card_tlv_parse(ef, ef_len, &f, err, sizeof err))
      st = mf_fail(card->ctx, MYNA_ERR_CARD_DATA, "%s", err);
    else
      st = to_json(card, &f, json);
  }
  explicit_bzero(ef, sizeof ef);
  return st;
}
