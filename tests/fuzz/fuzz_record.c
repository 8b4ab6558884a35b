/*
 * fuzz_record.c — fuzz target for the card-data parser (input/record.c):
 * arbitrary bytes as card data JSON and as a clinic imprint, strict and
 * with unknown members allowed, quiet and verbose.
 *
 * Oracles besides the sanitizers: a failure has a message; messages and
 * warnings are UTF-8 and quote no value unless verbose (fuzz_util.h); what
 * the strict parse accepts, the lenient one accepts identically; every
 * text of an accepted record is valid UTF-8 within MYNA_LIMIT_FIELD_BYTES
 * and never folds to a My Number, nor does any message (fuzz_util.h).
 */
#include "fuzz_util.h"
#include "input/record.h"

static bool same_record(const mf_record *a, const mf_record *b) {
  for (size_t i = 0; mf_record_text_key(i); i++) {
    const char *x = mf_record_text(a, mf_record_text_key(i));
    const char *y = mf_record_text(b, mf_record_text_key(i));
    if (!x != !y || (x && strcmp(x, y) != 0)) return false;
  }
  for (size_t i = 0; mf_record_check_key(i); i++)
    if (mf_record_check(a, mf_record_check_key(i)) !=
        mf_record_check(b, mf_record_check_key(i)))
      return false;
  return true;
}

static void check_texts(const mf_record *rec) {
  for (size_t i = 0; mf_record_text_key(i); i++) {
    const char *v = mf_record_text(rec, mf_record_text_key(i));
    if (!v) continue;
    size_t n = strlen(v);
    FUZZ_CHECK(mf_utf8_validate(v, n, NULL) == MF_UTF8_OK,
               "record text %s is not UTF-8", mf_record_text_key(i));
    /* normalising never makes a value longer in bytes (half-width kana
     * and full-width kana are 3 bytes each, ﾞﾟ compose, spaces collapse) */
    FUZZ_CHECK(n <= MYNA_LIMIT_FIELD_BYTES, "record text %s is %zu bytes",
               mf_record_text_key(i), n);
    /* what is printed never reads as a My Number (hostile review, 1) */
    fuzz_check_no_my_number(v, n, mf_record_text_key(i));
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *json = (const char *)data;
  bool markers_ok = fuzz_markers_in_keys(data, size);
  myna_ctx ctx;
  memset(&ctx, 0, sizeof ctx);

  /* strict and lenient, quiet */
  mf_record *rec[2] = {NULL, NULL};
  myna_status st[2];
  static const unsigned flags[2] = {0, MF_RECORD_ALLOW_UNKNOWN};
  for (int i = 0; i < 2; i++) {
    mf_ctx_reset(&ctx);
    st[i] = mf_record_parse(&ctx, json, size, flags[i], &rec[i]);
    fuzz_check_messages(&ctx, st[i], markers_ok);
    FUZZ_CHECK((st[i] == MYNA_OK) == (rec[i] != NULL), "status %d, record %p",
               (int)st[i], (void *)rec[i]);
    if (rec[i]) check_texts(rec[i]);
  }
  if (st[0] == MYNA_OK) {
    FUZZ_CHECK(st[1] == MYNA_OK, "strict accepts, lenient refuses: %s",
               myna_ctx_errmsg(&ctx));
    FUZZ_CHECK(same_record(rec[0], rec[1]), "strict and lenient differ");
  }

  /* the same bytes as a clinic imprint onto the record (or a blank one) */
  mf_record *target = rec[1] ? rec[1] : mf_record_new();
  if (target) {
    mf_ctx_reset(&ctx);
    myna_status cs = mf_record_set_clinic_ex(&ctx, target, json, size,
                                             flags[fuzz_hash(data, size) & 1]);
    fuzz_check_messages(&ctx, cs, markers_ok);
    if (cs == MYNA_OK) check_texts(target);
    if (target != rec[1]) mf_record_free(target);
  }
  mf_record_free(rec[0]);
  mf_record_free(rec[1]);

  /* verbose: only robustness */
  ctx.flags = MYNA_CONFIG_VERBOSE;
  mf_ctx_reset(&ctx);
  mf_record *v = NULL;
  myna_status vs = mf_record_parse(&ctx, json, size, flags[fuzz_hash(data, size) >> 31],
                                   &v);
  fuzz_check_messages(&ctx, vs, true);
  mf_record_free(v);
  mf_ctx_reset(&ctx);
  return 0;
}
