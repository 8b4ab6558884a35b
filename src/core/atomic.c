/*
 * atomic.c — writing an output file so that no partial file is ever left:
 * a temporary file in the target directory (mode 0600 or as asked), the
 * whole content written and fsync'd, then renamed over the target.  On any
 * failure the temporary file is removed and the target is untouched.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core.h"

/* Test hook: MYNAFORM_TEST_FAIL_WRITE_AFTER=N makes writes fail with ENOSPC
 * after N bytes, to prove that a full disk leaves no file behind. */
static ssize_t write_some(int fd, const char *p, size_t n, size_t done) {
  const char *lim = getenv("MYNAFORM_TEST_FAIL_WRITE_AFTER");
  if (lim && *lim) {
    size_t max = (size_t)strtoull(lim, NULL, 10);
    if (done >= max) {
      errno = ENOSPC;
      return -1;
    }
    if (n > max - done) n = max - done;
  }
  return write(fd, p, n);
}

myna_status mf_write_atomic(myna_ctx *ctx, const char *path, const void *data,
                            size_t len, unsigned mode) {
  if (!mode) mode = 0600;
  const char *slash = strrchr(path, '/');
  size_t dlen = slash ? (size_t)(slash - path) : 0;
  const char *base = slash ? slash + 1 : path;
  /* the path is the caller's and may be named after the patient: quoted only
   * when the context is verbose */
  const char *shown = mf_verbose(ctx) ? path : "output file";
  if (!*base) return mf_fail(ctx, MYNA_ERR_IO, "%s: not a file name", shown);
  size_t tl = dlen + strlen(base) + 16;
  char *tmp = mf_malloc(tl);
  if (!tmp) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  if (slash)
    snprintf(tmp, tl, "%.*s/.%s.XXXXXX", (int)dlen, path, base);
  else
    snprintf(tmp, tl, ".%s.XXXXXX", base);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    myna_status st = mf_fail(ctx, MYNA_ERR_IO, "%s: cannot create: %s", shown,
                             strerror(errno));
    free(tmp);
    return st;
  }
  const char *p = data;
  size_t done = 0;
  int err = 0;
  if (fchmod(fd, (mode_t)(mode & 07777)) != 0) err = errno;
  while (!err && done < len) {
    ssize_t w = write_some(fd, p + done, len - done, done);
    if (w < 0) {
      if (errno == EINTR) continue;
      err = errno;
    } else {
      done += (size_t)w;
    }
  }
  if (!err && fsync(fd) != 0) err = errno;
  if (close(fd) != 0 && !err) err = errno;
  if (!err && rename(tmp, path) != 0) err = errno;
  if (err) {
    unlink(tmp);
    free(tmp);
    return mf_fail(ctx, MYNA_ERR_IO, "%s: cannot write: %s", shown, strerror(err));
  }
  free(tmp);
  /* make the rename itself durable */
  char *dir = slash ? mf_strndup(path, dlen ? dlen : 1) : mf_strdup(".");
  if (dir) {
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
      fsync(dfd);
      close(dfd);
    }
    free(dir);
  }
  return MYNA_OK;
}
