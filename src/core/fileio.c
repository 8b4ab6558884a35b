/* fileio.c — reading input files with a size limit; path helpers. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/core.h"

char *mf_path_join(const char *dir, const char *name) {
  size_t a = strlen(dir), b = strlen(name);
  bool slash = a > 0 && dir[a - 1] != '/';
  char *p = mf_malloc(a + b + 2);
  if (!p) return NULL;
  memcpy(p, dir, a);
  if (slash) p[a++] = '/';
  memcpy(p + a, name, b + 1);
  return p;
}

bool mf_buf_file_id(mf_buf *b, const char *path) {
  struct stat st;
  if (!path || stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return false;
  mf_buf_printf(b, " %llu %llu %lld %lld.%09ld\n", (unsigned long long)st.st_dev,
                (unsigned long long)st.st_ino, (long long)st.st_size,
                (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
  return true;
}

bool mf_file_exists(const char *path) {
  struct stat st;
  return path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

myna_status mf_read_file(myna_ctx *ctx, const char *path, size_t max,
                         const char *limit_name, char **out, size_t *len) {
  *out = NULL;
  *len = 0;
  FILE *f = fopen(path, "rb");
  if (!f)
    return mf_fail(ctx, MYNA_ERR_IO, "%s: cannot open: %s", path,
                   strerror(errno));
  mf_buf b;
  mf_buf_init(&b);
  char chunk[16384];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (b.len + n > max) {
      fclose(f);
      mf_buf_free(&b);
      return mf_fail(ctx, MYNA_ERR_LIMIT, "%s: larger than %s (%zu bytes)",
                     path, limit_name, max);
    }
    mf_buf_append(&b, chunk, n);
  }
  bool err = ferror(f);
  fclose(f);
  if (err) {
    mf_buf_free(&b);
    return mf_fail(ctx, MYNA_ERR_IO, "%s: read error", path);
  }
  size_t l = b.len;
  char *d = mf_buf_take(&b);
  if (!d) return mf_fail(ctx, MYNA_ERR_NOMEM, "%s: out of memory", path);
  *out = d;
  *len = l;
  return MYNA_OK;
}
