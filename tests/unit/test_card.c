/*
 * test_card.c — the card module (src/card/) against the in-process fake
 * card (tests/card/fake_card.c): the APDU allowlist, the read flow and every
 * error it tells apart, the EF 0002 reader, and that nothing ever selects
 * EF 0001 (個人番号), 0003 or 0014.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "card/card.h"
#include "card/tlv.h"
#include "core/core.h"
#include "fake_card.h"

/* 𠮷田　葛󠄀子: U+20BB7, a U+3000 space, 葛 with the IVS U+E0100 */
#define NAME "\xF0\xA0\xAE\xB7\xE7\x94\xB0\xE3\x80\x80\xE8\x91\x9B\xF3\xA0\x84\x80\xE5\xAD\x90"
#define ADDRESS "東京都葛飾区立石五丁目１３番１号"

static const uint8_t SELECT_EF0001[7] = {0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x01};

typedef struct fixture {
  myna_ctx ctx;
  fake_card card;
  myna_card *h;
} fixture;

static fixture *fx_new(void) {
  fixture *x = calloc(1, sizeof *x);
  assert_non_null(x);
  fake_card_init(&x->card, NAME, ADDRESS, "19890107", "2");
  mf_card_io io;
  fake_card_io(&x->card, &io);
  assert_int_equal(mf_card_open_io(&x->ctx, &io, &x->h), MYNA_OK);
  return x;
}

static void fx_free(fixture *x) {
  /* whatever the test did, nothing outside the allowlist reached the card,
   * and every session ended with a reset */
  assert_false(fake_card_touched_forbidden(&x->card));
  myna_card_free(x->h);
  assert_int_equal(x->card.connects, x->card.resets);
  free(x);
}

static myna_status read_pin(fixture *x, const char *pin, unsigned flags, char **json) {
  *json = NULL;
  return myna_card_read(x->h, pin, strlen(pin), flags, json);
}

/* ------------------------------------------------------------ allowlist */

static void test_allowlist_never_ef0001(void **state) {
  (void)state;
  /* no entry of the table, whatever its arguments, is the SELECT of EF 0001 */
  for (int k = 0; k < MF_APDU_KIND_COUNT; k++) {
    size_t n;
    const uint8_t *fx = mf_apdu_fixed((mf_apdu_kind)k, &n);
    assert_non_null(fx);
    assert_false(n == sizeof SELECT_EF0001 && !memcmp(fx, SELECT_EF0001, n));
    mf_apdu a;
    if (mf_apdu_make((mf_apdu_kind)k, "1234", 0, 7, &a))
      assert_false(a.len == sizeof SELECT_EF0001 && !memcmp(a.b, SELECT_EF0001, a.len));
  }
  assert_false(mf_apdu_allowed(SELECT_EF0001, sizeof SELECT_EF0001, NULL));
  /* of every EF a SELECT with P1 02 can name, only 0011 and 0002 pass */
  for (unsigned id = 0; id <= 0xFFFF; id++) {
    uint8_t c[7] = {0x00, 0xA4, 0x02, 0x0C, 0x02, (uint8_t)(id >> 8), (uint8_t)id};
    assert_int_equal(mf_apdu_allowed(c, 7, NULL), id == 0x0011 || id == 0x0002);
    /* nor with another P2, a Le, or by path (P1 08/09) or as a DF (P1 01) */
    uint8_t d[8] = {0x00, 0xA4, 0x02, 0x0C, 0x02, (uint8_t)(id >> 8), (uint8_t)id, 0x00};
    assert_false(mf_apdu_allowed(d, 8, NULL));
    for (unsigned p1 = 0; p1 < 0x10; p1++) {
      if (p1 == 0x02) continue;
      c[2] = (uint8_t)p1;
      assert_false(mf_apdu_allowed(c, 7, NULL));
      c[2] = 0x02;
    }
  }
}

static void test_allowlist_args(void **state) {
  (void)state;
  mf_apdu a;
  /* other APs: JPKI, 券面事項確認AP, and an AID seen wrongly elsewhere */
  static const uint8_t jpki[15] = {0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0,
                                   0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};
  static const uint8_t kenkaku[15] = {0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0x10,
                                      0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02};
  assert_false(mf_apdu_allowed(jpki, 15, NULL));
  assert_false(mf_apdu_allowed(kenkaku, 15, NULL));
  assert_true(mf_apdu_make(MF_APDU_SELECT_AP, NULL, 0, 0, &a));
  assert_int_equal(a.len, 15);
  assert_memory_equal(a.b + 5, "\xD3\x92\x10\x00\x31\x00\x01\x01\x04\x08", 10);
  /* VERIFY: exactly 4 ASCII digits */
  assert_true(mf_apdu_make(MF_APDU_VERIFY_PIN, "0000", 0, 0, &a));
  assert_false(mf_apdu_make(MF_APDU_VERIFY_PIN, "123", 0, 0, &a));
  assert_false(mf_apdu_make(MF_APDU_VERIFY_PIN, "12345", 0, 0, &a));
  assert_false(mf_apdu_make(MF_APDU_VERIFY_PIN, "12a4", 0, 0, &a));
  assert_false(mf_apdu_make(MF_APDU_VERIFY_PIN, NULL, 0, 0, &a));
  static const uint8_t v12[17] = {0x00, 0x20, 0x00, 0x80, 0x0C, '1', '2', '3', '4',
                                  '5',  '6',  '7',  '8',  '9',  '0', '1', '8'};
  assert_false(mf_apdu_allowed(v12, sizeof v12, NULL)); /* PIN-A style */
  /* VERIFY of another reference (P2 81) or CHANGE REFERENCE DATA */
  static const uint8_t v81[4] = {0x00, 0x20, 0x00, 0x81}, chg[9] = {0x00, 0x24, 0x01, 0x80, 0x04,
                                                                     '1', '2', '3', '4'};
  assert_false(mf_apdu_allowed(v81, 4, NULL));
  assert_false(mf_apdu_allowed(chg, 9, NULL));
  /* READ BINARY: no short EF identifier (P1 bit 8), Le 1–255, within bounds */
  assert_true(mf_apdu_make(MF_APDU_READ_BINARY, NULL, 0x100, 255, &a));
  assert_memory_equal(a.b, "\x00\xB0\x01\x00\xFF", 5);
  assert_false(mf_apdu_make(MF_APDU_READ_BINARY, NULL, 0, 0, &a));
  assert_false(mf_apdu_make(MF_APDU_READ_BINARY, NULL, MF_APDU_READ_MAX, 1, &a));
  static const uint8_t sfi1[5] = {0x00, 0xB0, 0x81, 0x00, 0x11}; /* EF 01 by SFI */
  assert_false(mf_apdu_allowed(sfi1, 5, NULL));
  static const uint8_t getresp[5] = {0x00, 0xC0, 0x00, 0x00, 0x10};
  assert_false(mf_apdu_allowed(getresp, 5, NULL));
}

/* The transmit wrapper refuses a command not in the table even if it was
 * forged into an mf_apdu: nothing reaches the card. */
static void test_wrapper_refuses_forged(void **state) {
  (void)state;
  fixture *x = fx_new();
  assert_int_equal(mf_card_connect(x->h), MYNA_OK);
  mf_apdu a = {0};
  memcpy(a.b, SELECT_EF0001, sizeof SELECT_EF0001);
  a.len = sizeof SELECT_EF0001;
  a.kind = MF_APDU_SELECT_FOUR;
  mf_card_resp r;
  assert_int_equal(mf_card_send(x->h, &a, &r), MYNA_ERR_INTERNAL);
  assert_int_equal(x->card.n_log, 0);
  /* an allowed command with the wrong kind is refused too */
  assert_true(mf_apdu_make(MF_APDU_SELECT_PIN, NULL, 0, 0, &a));
  a.kind = MF_APDU_SELECT_FOUR;
  assert_int_equal(mf_card_send(x->h, &a, &r), MYNA_ERR_INTERNAL);
  assert_int_equal(x->card.n_log, 0);
  mf_card_disconnect(x->h);
  fx_free(x);
}

/* The VERIFY command is wiped once sent. */
static void test_verify_wiped(void **state) {
  (void)state;
  fixture *x = fx_new();
  assert_int_equal(mf_card_connect(x->h), MYNA_OK);
  mf_apdu a;
  assert_true(mf_apdu_make(MF_APDU_VERIFY_PIN, "1234", 0, 0, &a));
  mf_card_resp r;
  assert_int_equal(mf_card_send(x->h, &a, &r), MYNA_OK);
  uint8_t zero[sizeof a.b] = {0};
  assert_int_equal(a.len, 0);
  assert_memory_equal(a.b, zero, sizeof zero);
  mf_card_disconnect(x->h);
  fx_free(x);
}

/* ------------------------------------------------------------ the read */

static void test_read_happy(void **state) {
  (void)state;
  fixture *x = fx_new();
  int tries = 0;
  assert_int_equal(myna_card_probe(x->h, &tries), MYNA_OK);
  assert_int_equal(tries, 3);
  assert_int_equal(fake_card_verifies(&x->card), 0); /* the probe verifies nothing */
  char *json;
  assert_int_equal(read_pin(x, "1234", 0, &json), MYNA_OK);
  assert_string_equal(json, "{\"name\":\"" NAME "\",\"address\":\"" ADDRESS
                            "\",\"birth_date\":\"19890107\",\"sex\":\"2\"}");
  myna_free(json);
  assert_int_equal(fake_card_verifies(&x->card), 1);
  assert_string_equal(myna_card_reader(x->h), "Fake Reader 00 00");
  /* the exact sequence after the probe's three: AP, 0011, VERIFY?, VERIFY,
   * 0002, READ 7, READ the rest */
  assert_int_equal(x->card.n_log, 3 + 7);
  assert_memory_equal(x->card.log[3 + 4], "\x00\xA4\x02\x0C\x02\x00\x02", 7);
  assert_memory_equal(x->card.log[3 + 5], "\x00\xB0\x00\x00\x07", 5);
  assert_memory_equal(x->card.log[3 + 6], "\x00\xB0\x00\x07", 4);
  fx_free(x);
}

/* A long address: the EF is read in pieces of at most 255 bytes. */
static void test_read_long(void **state) {
  (void)state;
  fixture *x = fx_new();
  char addr[700];
  strcpy(addr, "北海道");
  while (strlen(addr) + 4 < 600) strcat(addr, "一");
  x->card.ef2_len = fake_card_ef2(x->card.ef2, sizeof x->card.ef2, NAME, addr, "20000229", "9");
  char *json;
  assert_int_equal(read_pin(x, "1234", 0, &json), MYNA_OK);
  assert_non_null(strstr(json, addr));
  assert_non_null(strstr(json, "\"sex\":\"9\""));
  myna_free(json);
  fx_free(x);
}

static void test_pin_format(void **state) {
  (void)state;
  fixture *x = fx_new();
  const char *bad[] = {"", "123", "12345", "12a4", "１２３４", " 1234"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    char *json;
    assert_int_equal(read_pin(x, bad[i], 0, &json), MYNA_ERR_USAGE);
    assert_null(json);
    assert_string_equal(x->ctx.errmsg, "pin: needs exactly 4 digits");
  }
  assert_int_equal(x->card.n_log, 0); /* the card was never touched */
  assert_int_equal(x->card.connects, 0);
  fx_free(x);
}

/* Wrong PINs count down; one try left is refused unless confirmed; the
 * confirmed wrong one locks; nothing is ever retried. */
static void test_wrong_pin_countdown(void **state) {
  (void)state;
  fixture *x = fx_new();
  char *json;
  assert_int_equal(read_pin(x, "0000", 0, &json), MYNA_ERR_CARD_PIN_WRONG);
  assert_null(json);
  assert_int_equal(myna_card_tries_left(x->h), 2);
  assert_string_equal(x->ctx.errmsg, "card reader: wrong PIN: 2 tries left");
  assert_int_equal(fake_card_verifies(&x->card), 1);
  assert_int_equal(read_pin(x, "1111", 0, &json), MYNA_ERR_CARD_PIN_WRONG);
  assert_int_equal(myna_card_tries_left(x->h), 1);
  assert_int_equal(fake_card_verifies(&x->card), 2);
  /* one left: refused before any VERIFY with a PIN, even the right one */
  assert_int_equal(read_pin(x, "1234", 0, &json), MYNA_ERR_CARD_LAST_TRY);
  assert_int_equal(myna_card_tries_left(x->h), 1);
  assert_int_equal(fake_card_verifies(&x->card), 2);
  assert_int_equal(x->card.tries, 1);
  /* confirmed and wrong: locked */
  assert_int_equal(read_pin(x, "9999", MYNA_CARD_CONFIRM_LAST_TRY, &json),
                   MYNA_ERR_CARD_PIN_LOCKED);
  assert_int_equal(myna_card_tries_left(x->h), 0);
  assert_int_equal(fake_card_verifies(&x->card), 3);
  /* locked: the probe says so, and a read sends no PIN */
  int tries = 5;
  assert_int_equal(myna_card_probe(x->h, &tries), MYNA_ERR_CARD_PIN_LOCKED);
  assert_int_equal(tries, 0);
  assert_non_null(strstr(x->ctx.errmsg, "市区町村"));
  assert_int_equal(read_pin(x, "1234", MYNA_CARD_CONFIRM_LAST_TRY, &json),
                   MYNA_ERR_CARD_PIN_LOCKED);
  assert_int_equal(fake_card_verifies(&x->card), 3);
  fx_free(x);
}

static void test_last_try_confirmed_right(void **state) {
  (void)state;
  fixture *x = fx_new();
  x->card.tries = 1;
  char *json;
  assert_int_equal(read_pin(x, "1234", MYNA_CARD_CONFIRM_LAST_TRY, &json), MYNA_OK);
  myna_free(json);
  assert_int_equal(x->card.tries, 3);
  fx_free(x);
}

static void test_locked_by_6983(void **state) {
  (void)state;
  fixture *x = fx_new();
  x->card.tries = 0; /* the fake answers 63 C0 to the query, 69 83 to VERIFY */
  char *json;
  assert_int_equal(read_pin(x, "1234", MYNA_CARD_CONFIRM_LAST_TRY, &json),
                   MYNA_ERR_CARD_PIN_LOCKED);
  assert_int_equal(fake_card_verifies(&x->card), 0);
  fx_free(x);
}

static void test_no_card(void **state) {
  (void)state;
  fixture *x = fx_new();
  x->card.present = false;
  char *json;
  int tries;
  assert_int_equal(myna_card_probe(x->h, &tries), MYNA_ERR_CARD_NO_CARD);
  assert_int_equal(tries, -1);
  assert_int_equal(read_pin(x, "1234", 0, &json), MYNA_ERR_CARD_NO_CARD);
  assert_string_equal(x->ctx.errmsg, "card reader: no card in the reader");
  fx_free(x);
}

static void test_not_mynumber(void **state) {
  (void)state;
  fixture *x = fx_new();
  x->card.mynumber = false;
  char *json;
  int tries;
  assert_int_equal(myna_card_probe(x->h, &tries), MYNA_ERR_CARD_NOT_MYNUMBER);
  assert_int_equal(read_pin(x, "1234", 0, &json), MYNA_ERR_CARD_NOT_MYNUMBER);
  assert_int_equal(fake_card_verifies(&x->card), 0);
  assert_int_equal(x->card.n_log, 2); /* one SELECT of the AP each */
  fx_free(x);
}

static void test_pinless(void **state) {
  (void)state;
  fixture *x = fx_new();
  x->card.pinless = true; /* no EF 0011 */
  char *json;
  int tries;
  assert_int_equal(myna_card_probe(x->h, &tries), MYNA_ERR_CARD_PINLESS);
  assert_int_equal(read_pin(x, "1234", 0, &json), MYNA_ERR_CARD_PINLESS);
  x->card.pinless = false;
  x->card.pin_unusable = true; /* EF 0011 there, reference data not usable */
  assert_int_equal(read_pin(x, "1234", 0, &json), MYNA_ERR_CARD_PINLESS);
  assert_non_null(strstr(x->ctx.errmsg, "by hand"));
  assert_int_equal(fake_card_verifies(&x->card), 0);
  fx_free(x);
}

/* The card leaves at each step of the read in turn. */
static void test_removed_mid_read(void **state) {
  (void)state;
  for (long at = 0; at < 7; at++) {
    fixture *x = fx_new();
    x->card.remove_at = at;
    char *json;
    assert_int_equal(read_pin(x, "1234", 0, &json), MYNA_ERR_CARD_REMOVED);
    assert_null(json);
    assert_string_equal(x->ctx.errmsg, "card reader: the card was removed during the read");
    assert_int_equal(x->card.n_log, (size_t)at + 1);
    /* the session still ended with a disconnect (the transport frees its
     * handle), though the card left and there was nothing to reset */
    assert_int_equal(x->card.disconnects, 1);
    assert_int_equal(x->card.resets, 0);
    x->card.connects = x->card.resets;
    fx_free(x);
  }
}

static void expect_card_data(const uint8_t *ef, size_t len, const char *msg) {
  fixture *x = fx_new();
  memcpy(x->card.ef2, ef, len);
  x->card.ef2_len = len;
  char *json;
  assert_int_equal(read_pin(x, "1234", 0, &json), MYNA_ERR_CARD_DATA);
  assert_null(json);
  if (msg) assert_string_equal(x->ctx.errmsg, msg);
  fx_free(x);
}

static void test_malformed(void **state) {
  (void)state;
  uint8_t ef[600];
  size_t n = fake_card_ef2(ef, sizeof ef, "山田　花子", "東京都", "19890107", "2");
  uint8_t bad[600];
  /* wrong outer tag */
  memcpy(bad, ef, n);
  bad[1] = 0x21;
  expect_card_data(bad, n,
                   "card EF 0002: does not start with tag FF 20 and a length up to 4096 bytes");
  /* an inner length past the end (the outer one still matching) */
  memcpy(bad, ef, n);
  bad[3 + 6 + 2] = 0x7F; /* DF 22's length (after FF 20 L, DF 21 03 xx xx xx) */
  expect_card_data(bad, n, "card EF 0002: DF 22 (氏名): length runs past the end");
  /* elements out of order */
  uint8_t sw[600];
  size_t m = fake_card_ef2(sw, sizeof sw, "山田　花子", "東京都", "19890107", "2");
  sw[3 + 6 + 1] = 0x23;
  expect_card_data(sw, m, "card EF 0002: DF 22 (氏名) missing or out of order");
  /* not YYYYMMDD, not ISO 5218, empty name */
  m = fake_card_ef2(sw, sizeof sw, "山田　花子", "東京都", "H1.1.8", "2");
  expect_card_data(sw, m, "card EF 0002: DF 24 (生年月日): not 8 digits (YYYYMMDD)");
  m = fake_card_ef2(sw, sizeof sw, "山田　花子", "東京都", "19890107", "3");
  expect_card_data(sw, m, "card EF 0002: DF 25 (性別): not an ISO 5218 code 1, 2 or 9");
  m = fake_card_ef2(sw, sizeof sw, "", "東京都", "19890107", "1");
  expect_card_data(sw, m, "card EF 0002: DF 22 (氏名): empty or holds a NUL byte");
  /* invalid UTF-8 in the name */
  m = fake_card_ef2(sw, sizeof sw, "\xE5\xB1", "東京都", "19890107", "1");
  expect_card_data(sw, m, "card EF 0002: DF 22 (氏名): not UTF-8");
  /* 8 digits that are no date: the validator's message, by path */
  m = fake_card_ef2(sw, sizeof sw, "山田　花子", "東京都", "19891399", "1");
  fixture *x = fx_new();
  memcpy(x->card.ef2, sw, m);
  x->card.ef2_len = m;
  char *json;
  assert_int_equal(read_pin(x, "1234", 0, &json), MYNA_ERR_CARD_DATA);
  assert_int_equal(strncmp(x->ctx.errmsg, "$.birth_date: ", 14), 0);
  fx_free(x);
  /* an indefinite length, a length over the limit */
  static const uint8_t indef[7] = {0xFF, 0x20, 0x80, 0xDF, 0x21, 0x00, 0x00};
  expect_card_data(indef, 7, NULL);
  static const uint8_t huge[7] = {0xFF, 0x20, 0x82, 0xFF, 0xF0, 0xDF, 0x21};
  expect_card_data(huge, 7, NULL);
  /* an EF shorter than it says */
  expect_card_data(ef, n - 3, NULL);
}

/* A 個人番号 in the card's address is refused by the same screen as any
 * input: the status is MY_NUMBER and nothing is returned. */
static void test_my_number_screened(void **state) {
  (void)state;
  fixture *x = fx_new();
  x->card.ef2_len = fake_card_ef2(x->card.ef2, sizeof x->card.ef2, NAME,
                                  "東京都 1234 5678 9018", "19890107", "1");
  char *json;
  assert_int_equal(read_pin(x, "1234", 0, &json), MYNA_ERR_MY_NUMBER);
  assert_null(json);
  fx_free(x);
}

/* The TLV reader alone: the length of the head, and bounds. */
static void test_tlv_total(void **state) {
  (void)state;
  assert_int_equal(mf_card_tlv_total((const uint8_t *)"\xFF\x20\x05", 3), 8);
  assert_int_equal(mf_card_tlv_total((const uint8_t *)"\xFF\x20\x81\x90", 4), 0x90 + 4);
  assert_int_equal(mf_card_tlv_total((const uint8_t *)"\xFF\x20\x82\x01\x00", 5), 0x100 + 5);
  assert_int_equal(mf_card_tlv_total((const uint8_t *)"\xFF\x20\x82\x10\x00", 5), 0);
  assert_int_equal(mf_card_tlv_total((const uint8_t *)"\xFF\x20\x83\x00\x00\x10", 6), 0);
  assert_int_equal(mf_card_tlv_total((const uint8_t *)"\xFF\x20\x81", 3), 0);
  assert_int_equal(mf_card_tlv_total((const uint8_t *)"\x30\x20\x05", 3), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_allowlist_never_ef0001),
      cmocka_unit_test(test_allowlist_args),
      cmocka_unit_test(test_wrapper_refuses_forged),
      cmocka_unit_test(test_verify_wiped),
      cmocka_unit_test(test_read_happy),
      cmocka_unit_test(test_read_long),
      cmocka_unit_test(test_pin_format),
      cmocka_unit_test(test_wrong_pin_countdown),
      cmocka_unit_test(test_last_try_confirmed_right),
      cmocka_unit_test(test_locked_by_6983),
      cmocka_unit_test(test_no_card),
      cmocka_unit_test(test_not_mynumber),
      cmocka_unit_test(test_pinless),
      cmocka_unit_test(test_removed_mid_read),
      cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_my_number_screened),
      cmocka_unit_test(test_tlv_total),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
