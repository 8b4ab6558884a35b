#define _POSIX_C_SOURCE 200809L
/* diag.c — the context's last error message and its warnings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/my_number.h"

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

/* Control characters a terminal acts on, and bidi controls that reorder
 * what is shown: a file name in a message (x<ESC>[31m.json) must not reach
 * the terminal raw, nor a line break start a line of its own (messages are
 * one line).  C0, DEL, C1, U+061C,
 * U+200E–200F, U+202A–202E, U+2066–2069. */
static bool needs_escape(const unsigned char *s, size_t n, unsigned *cp) {
  unsigned c = s[0];
  if (n == 2) c = (c & 0x1Fu) << 6 | (s[1] & 0x3Fu);
  else if (n == 3) c = (c & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
  else if (n != 1) return false;
  *cp = c;
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C ||
         c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

/* Messages are printed and put into JSON: a byte that is not part of valid
 * UTF-8 (from a library's text, a file name) becomes '?', and a control
 * character is written as an escape (\x1B, \u202E).  buf holds size bytes. */
static void make_printable(char *buf, size_t size) {
  char out[MF_ERRMSG_SIZE];
  size_t o = 0;
  int want = 0;
  const unsigned char *s = (const unsigned char *)buf;
  while (*s) {
    size_t n = utf8_len(s);
    unsigned cp;
    char esc[16];
    const char *piece = (const char *)s;
    size_t len = n;
    if (!n) {
      piece = "?";
      len = 1;
      n = 1;
    } else if (needs_escape(s, n, &cp)) {
      len = (size_t)snprintf(esc, sizeof esc, cp < 0x80 ? "\\x%02X" : "\\u%04X", cp);
      piece = esc;
    }
    if (o + len < sizeof out) {
      memcpy(out + o, piece, len);
      o += len;
    } else {
      want = (int)sizeof out; /* cut: end it with "…" below */
      break;
    }
    s += n;
  }
  out[o] = '\0';
  if (size > sizeof out) size = sizeof out;
  snprintf(buf, size, "%s", out);
  end_cut(buf, size, want ? (int)size : (int)o);
}

/* The 番号法 screen on every message: whatever one quotes (a member name,
 * a template's text, a JSON token), it never reads as a 個人番号.  Such a
 * message keeps its location (the text before the first ": ") when that
 * part does not read as one, and says why the rest is not shown. */
static void screen_message(char *buf, size_t size) {
  if (!mf_my_number_find(buf, strlen(buf))) return;
  static const char hidden[] =
      "(not shown: it holds what reads as a 12-digit 個人番号 (My Number))";
  char *sep = strstr(buf, ": ");
  if (sep && !mf_my_number_find(buf, (size_t)(sep - buf)))
    snprintf(sep, size - (size_t)(sep - buf), ": %s", hidden);
  else
    snprintf(buf, size, "a message %s", hidden);
}

myna_status mf_failv(myna_ctx *ctx, myna_status status, const char *fmt,
                     va_list ap) {
  if (ctx) {
    end_cut(ctx->errmsg, sizeof ctx->errmsg,
            vsnprintf(ctx->errmsg, sizeof ctx->errmsg, fmt, ap));
    make_printable(ctx->errmsg, sizeof ctx->errmsg);
    screen_message(ctx->errmsg, sizeof ctx->errmsg);
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
  make_printable(tmp, sizeof tmp);
  screen_message(tmp, sizeof tmp);
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
