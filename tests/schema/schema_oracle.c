/*
 * schema_oracle.c — the product's verdict on many card-data documents in one
 * process, for the schema differential test (differential.py).
 *
 * Reads cases from stdin, each "<kind> <length>\n" followed by <length> bytes
 * and "\n"; <kind> is "card" (card data, rendered as the packet: every
 * document, so every member is laid out) or "clinic" (a clinic imprint given
 * apart, myna_render_opts.clinic_json, rendered as the notice).  Writes one
 * line per case: the status number, a tab and the message ("" on success),
 * with \ and control characters escaped as in JSON.
 *
 * Two more kinds answer the my-number class's predicate with the library's
 * own screen: "text" (myna_text_has_my_number) and "name"
 * (myna_name_is_my_number); the line is then 1 or 0.
 *
 * Only the public header is used: this is the library as a clinic system
 * calls it.  The context is verbose, so that messages name the offending
 * code point (U+XXXX) for the test's classifier.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mynaform.h"

#define MAX_CASE (1u << 20) /* larger than any generated case */

static void put_escaped(const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '\\')
      fputs("\\\\", stdout);
    else if (*p < 0x20 || *p == 0x7F)
      printf("\\u%04x", *p);
    else
      putchar(*p);
  }
}

int main(void) {
  myna_config cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.struct_size = sizeof cfg;
  cfg.flags = MYNA_CONFIG_VERBOSE | MYNA_CONFIG_NO_DISK_CACHE;
  myna_ctx *ctx = NULL;
  if (myna_ctx_open(&cfg, &ctx) != MYNA_OK) {
    fprintf(stderr, "schema_oracle: %s\n", myna_ctx_errmsg(ctx));
    myna_ctx_free(ctx);
    return 2;
  }
  char *buf = malloc(MAX_CASE);
  if (!buf) return 2;
  char kind[16];
  unsigned long len;
  int rc = 0;
  while (scanf("%15s %lu", kind, &len) == 2) {
    if (getchar() != '\n' || len > MAX_CASE ||
        fread(buf, 1, len, stdin) != len || getchar() != '\n') {
      fprintf(stderr, "schema_oracle: malformed case\n");
      rc = 2;
      break;
    }
    myna_render_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.struct_size = sizeof opts;
    unsigned char *pdf = NULL;
    size_t pdf_len = 0;
    myna_status st;
    if (strcmp(kind, "text") == 0 || strcmp(kind, "name") == 0) {
      int hit = kind[0] == 't' ? myna_text_has_my_number(buf, len)
                               : myna_name_is_my_number(buf, len);
      printf("%d\n", hit ? 1 : 0);
      continue;
    }
    if (strcmp(kind, "clinic") == 0) {
      opts.clinic_json = buf;
      opts.clinic_json_len = len;
      st = myna_render_memory(ctx, MYNA_DOC_NOTICE, NULL, 0, &opts, &pdf,
                              &pdf_len);
    } else if (strcmp(kind, "card") == 0) {
      st = myna_render_memory(ctx, MYNA_DOC_PACKET, buf, len, &opts, &pdf,
                              &pdf_len);
    } else {
      fprintf(stderr, "schema_oracle: unknown kind\n");
      rc = 2;
      break;
    }
    myna_free(pdf);
    printf("%d\t", (int)st);
    if (st != MYNA_OK) put_escaped(myna_ctx_errmsg(ctx));
    putchar('\n');
  }
  free(buf);
  myna_ctx_free(ctx);
  if (fflush(stdout) != 0) rc = 2;
  return rc;
}
