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

/* Length of the valid UTF-8 sequence at s (strict: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *s) {
  unsigned char c = s[0];
  size_t n;
  unsigned cp;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) n = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF) n = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4) n = 4, cp = c & 0x07;
  else return 0;
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0; /* also stops at the NUL */
    cp = cp << 6 | (s[i] & 0x3F);
  }
  if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
      (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return 0;
  return n;
}

/* Messages are printed and put into JSON: a byte that is not part of valid
 * UTF-8 (from a library's text, a file name) becomes '?'. */
static void make_utf8(char *buf) {
  unsigned char *s = (unsigned char *)buf;
  while (*s) {
    size_t n = utf8_len(s);
    if (n) {
      s += n;
    } else {
      *s++ = '?';
    }
  }
}

myna_status mf_failv(myna_ctx *ctx, myna_status status, const char *fmt,
                     va_list ap) {
  if (ctx) {
    end_cut(ctx->errmsg, sizeof ctx->errmsg,
            vsnprintf(ctx->errmsg, sizeof ctx->errmsg, fmt, ap));
    make_utf8(ctx->errmsg);
  }
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
  make_utf8(tmp);
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
