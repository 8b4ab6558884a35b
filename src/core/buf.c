/* buf.c — allocation helpers and the growable byte buffer. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

void *mf_malloc(size_t n) { return malloc(n ? n : 1); }
void *mf_calloc(size_t count, size_t size) {
  return calloc(count ? count : 1, size ? size : 1);
}
void *mf_realloc(void *p, size_t n) { return realloc(p, n ? n : 1); }
void *mf_reallocarray(void *p, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) return NULL;
  return mf_realloc(p, count * size);
}
void mf_free(void *p) { free(p); }

char *mf_strndup(const char *s, size_t n) {
  char *d = mf_malloc(n + 1);
  if (!d) return NULL;
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}
char *mf_strdup(const char *s) { return s ? mf_strndup(s, strlen(s)) : NULL; }

void myna_free(void *p) { free(p); }

void mf_buf_init(mf_buf *b) { memset(b, 0, sizeof *b); }
void mf_buf_free(mf_buf *b) {
  free(b->data);
  mf_buf_init(b);
}
void mf_buf_reset(mf_buf *b) {
  b->len = 0;
  b->oom = false;
}

bool mf_buf_reserve(mf_buf *b, size_t extra) {
  if (b->oom) return false;
  if (extra > SIZE_MAX - b->len - 1) {
    b->oom = true;
    return false;
  }
  size_t need = b->len + extra + 1; /* room for a NUL */
  if (need <= b->cap) return true;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  char *d = realloc(b->data, cap);
  if (!d) {
    b->oom = true;
    return false;
  }
  b->data = d;
  b->cap = cap;
  return true;
}

void mf_buf_append(mf_buf *b, const void *p, size_t n) {
  if (!n || !mf_buf_reserve(b, n)) return;
  memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
}
void mf_buf_puts(mf_buf *b, const char *s) { mf_buf_append(b, s, strlen(s)); }
void mf_buf_putc(mf_buf *b, char c) { mf_buf_append(b, &c, 1); }

void mf_buf_printf(mf_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->oom = true;
    return;
  }
  if ((size_t)n < sizeof small) {
    mf_buf_append(b, small, (size_t)n);
    return;
  }
  if (!mf_buf_reserve(b, (size_t)n)) return;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

/* Writes the decimal digits of u backwards ending at end; returns start. */
static char *utoa_rev(unsigned long long u, char *end) {
  do {
    *--end = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  return end;
}

void mf_fmt_num(char *out, size_t size, double v, int decimals) {
  /* Locale-independent and printf-free: this runs for every glyph position
   * and every QR module of every page. */
  static const long long pow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
  if (decimals < 0) decimals = 0;
  if (decimals > 6) decimals = 6;
  long long scale = pow10[decimals];
  double x = v * (double)scale;
  if (x > 9e17 || x < -9e17 || x != x) x = 0; /* never print garbage */
  long long q = (long long)(x < 0 ? x - 0.5 : x + 0.5);
  bool neg = q < 0;
  unsigned long long u = (unsigned long long)(neg ? -q : q);
  unsigned long long ip = u / (unsigned long long)scale;
  unsigned long long fp = u % (unsigned long long)scale;
  char tmp[48], *end = tmp + sizeof tmp, *p = end;
  if (fp) {
    int d = decimals;
    while (fp % 10 == 0) { /* drop trailing zeros */
      fp /= 10;
      d--;
    }
    for (int i = 0; i < d; i++) {
      *--p = (char)('0' + fp % 10);
      fp /= 10;
    }
    *--p = '.';
  }
  p = utoa_rev(ip, p);
  if (neg) *--p = '-'; /* q != 0 here: never "-0" */
  size_t n = (size_t)(end - p);
  if (n >= size) n = size - 1;
  memcpy(out, p, n);
  out[n] = '\0';
}

void mf_buf_hex4(mf_buf *b, unsigned v) {
  static const char hx[] = "0123456789ABCDEF";
  char o[4] = {hx[(v >> 12) & 15], hx[(v >> 8) & 15], hx[(v >> 4) & 15], hx[v & 15]};
  mf_buf_append(b, o, 4);
}

void mf_buf_num(mf_buf *b, double v, int decimals) {
  char tmp[48];
  mf_fmt_num(tmp, sizeof tmp, v, decimals);
  mf_buf_puts(b, tmp);
}

void mf_buf_json_str(mf_buf *b, const char *s, size_t n) {
  mf_buf_putc(b, '"');
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    mf_buf_append(b, s + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': mf_buf_puts(b, "\\\""); break;
      case '\\': mf_buf_puts(b, "\\\\"); break;
      case '\n': mf_buf_puts(b, "\\n"); break;
      case '\t': mf_buf_puts(b, "\\t"); break;
      case '\r': mf_buf_puts(b, "\\r"); break;
      default: mf_buf_printf(b, "\\u%04x", c); break;
    }
  }
  mf_buf_append(b, s + run, n - run);
  mf_buf_putc(b, '"');
}

char *mf_buf_take(mf_buf *b) {
  if (b->oom) {
    mf_buf_free(b);
    return NULL;
  }
  if (!b->data && !mf_buf_reserve(b, 0)) return NULL;
  b->data[b->len] = '\0';
  char *d = b->data;
  mf_buf_init(b);
  return d;
}
