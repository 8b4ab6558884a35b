#define _POSIX_C_SOURCE 200809L
/* diag.c — the context's last error message and its warnings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* A message cut to fit its buffer ends with "…" on a character boundary,
 * never inside a UTF-8 sequence (n: what vsnprintf wanted to write). */
static void end_cut(char *buf, size_t size, int n) {
  if (n < 0 || (size_t)n < size || size < 8) return;
  size_t len = size - 4; /* room for "…" and the NUL */
  while (len > 0 && ((unsigned char)buf[len] & 0xC0) == 0x80) len--;
  memcpy(buf + len, "\xE2\x80\xA6", 4); /* … U+2026 and the NUL */
}

myna_status mf_failv(myna_ctx *ctx, myna_status status, const char *fmt,
                     va_list ap) {
  if (ctx) end_cut(ctx->errmsg, sizeof ctx->errmsg,
                   vsnprintf(ctx->errmsg, sizeof ctx->errmsg, fmt, ap));
  return status;
}

myna_status mf_fail(myna_ctx *ctx, myna_status status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  mf_failv(ctx, status, fmt, ap);
  va_end(ap);
  return status;
}


void mf_warn(myna_ctx *ctx, const char *fmt, ...) {
  if (!ctx) return;
  if (ctx->warning_count >= MF_MAX_WARNINGS) {
    ctx->warnings_dropped++;
    return;
  }
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  end_cut(tmp, sizeof tmp, vsnprintf(tmp, sizeof tmp, fmt, ap));
  va_end(ap);
  /* the same warning twice says nothing new */
  for (size_t i = 0; i < ctx->warning_count; i++)
    if (strcmp(ctx->warnings[i], tmp) == 0) return;
  char *w = mf_strdup(tmp);
  if (w) ctx->warnings[ctx->warning_count++] = w;
}

void mf_ctx_reset(myna_ctx *ctx) {
  if (!ctx) return;
  ctx->errmsg[0] = '\0';
  for (size_t i = 0; i < ctx->warning_count; i++) free(ctx->warnings[i]);
  ctx->warning_count = 0;
  ctx->warnings_dropped = 0;
}

const char *myna_ctx_errmsg(const myna_ctx *ctx) {
  return ctx ? ctx->errmsg : "no context (out of memory?)";
}

size_t myna_ctx_warning_count(const myna_ctx *ctx) {
  return ctx ? ctx->warning_count : 0;
}

const char *myna_ctx_warning(const myna_ctx *ctx, size_t index) {
  if (!ctx || index >= ctx->warning_count) return NULL;
  return ctx->warnings[index];
}
