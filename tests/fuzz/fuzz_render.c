/*
 * fuzz_render.c — fuzz target for the whole pipeline behind the public API:
 * arbitrary bytes as card data for the declaration (one input in sixteen:
 * the packet of three templates), validated, composed, dumped as text and,
 * for one input in eight, written as a PDF in memory.
 *
 * The options come from the input's hash: unknown members allowed or not,
 * the PIN-less flag, a verbose context now and then.
 *
 * Oracles besides the sanitizers: messages and warnings are UTF-8 and quote
 * no value unless verbose (fuzz_util.h); the PDF render agrees with the
 * layout dump on success or failure; a PDF is whole (%PDF- … %%EOF); no
 * glyph run and no message folds to a My Number (fuzz_util.h).
 */
#include "fuzz_util.h"

static myna_ctx *quiet, *verbose;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  /* no disk cache: the user's must not be read or written (fuzz_util.h) */
  quiet = fuzz_open_ctx(MYNA_CONFIG_NO_DISK_CACHE);
  verbose = fuzz_open_ctx(MYNA_CONFIG_VERBOSE | MYNA_CONFIG_NO_DISK_CACHE);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint32_t h = fuzz_hash(data, size);
  myna_ctx *ctx = ((h >> 8) & 15) == 0 ? verbose : quiet;
  myna_document doc = (h & 15) == 0 ? MYNA_DOC_PACKET : MYNA_DOC_DECLARATION;
  myna_render_opts ro;
  memset(&ro, 0, sizeof ro);
  ro.struct_size = sizeof ro;
  if ((h >> 12) & 1) ro.flags |= MYNA_RENDER_ALLOW_UNKNOWN;
  if (doc == MYNA_DOC_PACKET && ((h >> 13) & 1)) ro.flags |= MYNA_RENDER_PINLESS;
  bool markers_ok = fuzz_markers_in_keys(data, size);
  const char *json = (const char *)data;

  char *dump = NULL;
  myna_status st = myna_render_dump(ctx, doc, json, size, &ro, &dump);
  fuzz_check_messages(ctx, st, markers_ok);
  FUZZ_CHECK((st == MYNA_OK) == (dump != NULL), "status %d, dump %p", (int)st,
             (void *)dump);
  FUZZ_CHECK(st != MYNA_ERR_INTERNAL && st != MYNA_ERR_USAGE, "status %d: %s",
             (int)st, myna_ctx_errmsg(ctx));
  if (dump) fuzz_check_dump_runs(dump); /* no run reads as a My Number */
  myna_free(dump);

  if (((h >> 4) & 7) == 0) {
    unsigned char *pdf = NULL;
    size_t len = 0;
    myna_status ps = myna_render_memory(ctx, doc, json, size, &ro, &pdf, &len);
    fuzz_check_messages(ctx, ps, markers_ok);
    FUZZ_CHECK(ps == st, "the PDF render says %d, the dump said %d: %s", (int)ps,
               (int)st, myna_ctx_errmsg(ctx));
    if (ps == MYNA_OK) FUZZ_CHECK(fuzz_is_pdf(pdf, len), "not a whole PDF");
    myna_free(pdf);
  }
  return 0;
}
