/*
 * fuzz_card.c — fuzz target for the card module (src/card/): bytes as the
 * content of EF 0002, read by the strict BER-TLV reader (card/tlv.c) alone
 * and through the whole read (card/read.c) from the in-process fake card
 * (tests/card/fake_card.c).
 *
 * Oracles besides the sanitizers:
 * - an accepted EF has the four items inside the input, a birth date of 8
 *   ASCII digits, a sex of 1, 2 or 9, non-empty name and address without
 *   NUL; written again with minimal lengths it reads back the same;
 * - mf_card_tlv_total agrees with the parser on the EF's length;
 * - the whole read ends in MYNA_OK, MYNA_ERR_CARD_DATA or MYNA_ERR_MY_NUMBER,
 *   with a message on failure and JSON only on success; a read that worked
 *   returns the items the parser finds in the EF's first TLV (the bytes
 *   after it are never read) as JSON strings; the card never
 *   saw a command outside the allowlist, nor a SELECT of EF 0001/0003/0014,
 *   and exactly one VERIFY with a PIN;
 * - a message quotes no marker (秘, QZX) unless it is a validator message.
 */
#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "card/card.h"
#include "card/tlv.h"
#include "fake_card.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_items(const mf_card_four *f, const uint8_t *data, size_t size) {
  const uint8_t *end = data + size;
  FUZZ_CHECK(f->name >= data && f->name + f->name_len <= end, "name outside the input");
  FUZZ_CHECK(f->address >= data && f->address + f->address_len <= end, "address outside");
  FUZZ_CHECK(f->birth_len == 8 && f->birth >= data && f->birth + 8 <= end, "birth");
  for (int i = 0; i < 8; i++) FUZZ_CHECK(f->birth[i] >= '0' && f->birth[i] <= '9', "birth digit");
  FUZZ_CHECK(f->sex_len == 1 && (f->sex[0] == '1' || f->sex[0] == '2' || f->sex[0] == '9'), "sex");
  FUZZ_CHECK(f->name_len && !memchr(f->name, 0, f->name_len), "name empty or NUL");
  FUZZ_CHECK(f->address_len && !memchr(f->address, 0, f->address_len), "address empty or NUL");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > MF_CARD_EF_MAX) return 0;
  mf_card_four f;
  char err[160];
  int rc = mf_card_tlv_parse(data, size, &f, err, sizeof err);
  size_t total = mf_card_tlv_total(data, size);
  if (rc == 0) {
    check_items(&f, data, size);
    FUZZ_CHECK(total == size, "total %zu for an EF of %zu", total, size);
    /* written again with minimal lengths, it reads back the same */
    char name[4096], addr[4096];
    FUZZ_CHECK(f.name_len < sizeof name && f.address_len < sizeof addr, "lengths");
    memcpy(name, f.name, f.name_len);
    name[f.name_len] = 0;
    memcpy(addr, f.address, f.address_len);
    addr[f.address_len] = 0;
    char birth[9], sex[2];
    memcpy(birth, f.birth, 8);
    birth[8] = 0;
    sex[0] = (char)f.sex[0];
    sex[1] = 0;
    static uint8_t again[2 * MF_CARD_EF_MAX];
    size_t n = fake_card_ef2(again, sizeof again, name, addr, birth, sex);
    if (n && n <= MF_CARD_EF_MAX) {
      mf_card_four g;
      FUZZ_CHECK(mf_card_tlv_parse(again, n, &g, err, sizeof err) == 0, "re-encoded: %s", err);
      FUZZ_CHECK(g.name_len == f.name_len && !memcmp(g.name, f.name, f.name_len) &&
                     g.address_len == f.address_len &&
                     !memcmp(g.address, f.address, f.address_len) &&
                     !memcmp(g.birth, f.birth, 8) && g.sex[0] == f.sex[0],
                 "re-encoded items differ");
    }
  } else {
    FUZZ_CHECK(!strncmp(err, "card EF 0002: ", 14), "message %s", err);
    FUZZ_CHECK(!fuzz_has_marker(err, strlen(err)), "message quotes the data: %s", err);
  }

  /* the whole read from a fake card holding these bytes */
  static fake_card card;
  fake_card_init(&card, "a", "b", "19890107", "1");
  memcpy(card.ef2, data, size);
  card.ef2_len = size;
  mf_card_io io;
  fake_card_io(&card, &io);
  myna_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  myna_card *h = NULL;
  FUZZ_CHECK(mf_card_open_io(&ctx, &io, &h) == MYNA_OK, "open");
  char *json = NULL;
  myna_status st = myna_card_read(h, "1234", 4, 0, &json);
  FUZZ_CHECK(st == MYNA_OK || st == MYNA_ERR_CARD_DATA || st == MYNA_ERR_MY_NUMBER,
             "status %d: %s", (int)st, ctx.errmsg);
  FUZZ_CHECK(!fake_card_touched_forbidden(&card), "a forbidden command reached the card");
  FUZZ_CHECK(fake_card_verifies(&card) == 1, "%zu VERIFY with a PIN", fake_card_verifies(&card));
  FUZZ_CHECK(card.connects == card.resets, "a session was not reset");
  if (st == MYNA_OK) {
    /* the read takes the TLV's own length from the EF: what follows it is
     * never read */
    FUZZ_CHECK(total && total <= size, "the read accepted an EF without a whole TLV");
    FUZZ_CHECK(mf_card_tlv_parse(data, total, &f, err, sizeof err) == 0,
               "the read accepted an EF the parser refused: %s", err);
    json_t *o = json_loads(json, JSON_REJECT_DUPLICATES, NULL);
    FUZZ_CHECK(o && json_object_size(o) == 4, "result is not a 4-member object");
    const char *nm = json_string_value(json_object_get(o, "name"));
    FUZZ_CHECK(nm && strlen(nm) == f.name_len && !memcmp(nm, f.name, f.name_len),
               "name not kept exactly");
    json_decref(o);
  } else {
    FUZZ_CHECK(json == NULL && ctx.errmsg[0], "failure without message or with JSON");
    if (st == MYNA_ERR_CARD_DATA && ctx.errmsg[0] != '$')
      FUZZ_CHECK(!fuzz_has_marker(ctx.errmsg, strlen(ctx.errmsg)), "message quotes data: %s",
                 ctx.errmsg);
  }
  myna_free(json);
  myna_card_free(h);
  mf_ctx_reset(&ctx); /* the warnings the validator kept (a 〓 in the name) */
  return 0;
}
