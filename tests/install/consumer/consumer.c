/*
 * consumer.c — a program outside the mynaform tree, built against an
 * installed libmynaform (pkg-config or find_package), as a clinic system
 * would be.  It renders a declaration for one patient into a file.
 *
 *   consumer OUT.pdf [DATA_DIR]
 *
 * DATA_DIR (templates/ and fonts/) is optional: the library finds its own.
 * Prints "ok N bytes VERSION" and exits 0, or prints the error and exits 1.
 */
#include <mynaform.h>

#include <stdio.h>
#include <string.h>

static const char patient[] =
    "{\"name\":\"山田　太郎\",\"kana\":\"ヤマダ　タロウ\",\"birth_date\":\"19890107\","
    "\"sex\":\"1\",\"address\":\"東京都千代田区霞が関一丁目二番二号\"}";

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: consumer OUT.pdf [DATA_DIR]\n");
    return 2;
  }
  if (strcmp(myna_version(), MYNA_VERSION_STRING) != 0) {
    fprintf(stderr, "header %s, library %s\n", MYNA_VERSION_STRING, myna_version());
    return 1;
  }
  myna_config cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.struct_size = sizeof cfg;
  cfg.data_dir = argc > 2 ? argv[2] : NULL;
  myna_ctx *ctx = NULL;
  myna_status st = myna_ctx_open(&cfg, &ctx);
  if (st == MYNA_OK)
    st = myna_render_file(ctx, MYNA_DOC_DECLARATION, patient, sizeof patient - 1, NULL,
                          argv[1], 0644);
  if (st != MYNA_OK) {
    fprintf(stderr, "consumer: %s: %s\n", myna_status_str(st),
            ctx ? myna_ctx_errmsg(ctx) : "out of memory");
    myna_ctx_free(ctx);
    return 1;
  }
  myna_ctx_free(ctx);
  FILE *f = fopen(argv[1], "rb");
  long n = -1;
  if (f && fseek(f, 0, SEEK_END) == 0) n = ftell(f);
  if (f) fclose(f);
  printf("ok %ld bytes %s\n", n, myna_version());
  return n > 0 ? 0 : 1;
}
