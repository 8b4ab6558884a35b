/*
 * atomic.c — writing an output file.  What is at the path decides how:
 *  - nothing, or a regular file: atomically, so that no partial file is
 *    ever left: a temporary file .mynaform-PID-XXXXXX in the target
 *    directory (mode 0600 or as asked), the whole content written and
 *    fsync'd, then renamed over the target.  On any failure the temporary
 *    file is removed and the target is untouched.  SIGINT, SIGTERM, SIGHUP
 *    and SIGQUIT are held back while the temporary file exists, so a
 *    signal cannot leave it behind;
 *  - a FIFO, a character device (/dev/null, a printer) or a name of an open
 *    descriptor (/dev/stdout, /dev/fd/N from a shell's >(cmd), even when it
 *    leads to a regular file): written into as a stream, never replaced;
 *  - a directory, a block device or a socket: refused.
 * The CLI's own writers (cli/out_file.c) follow the same rules.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "core/core.h"

#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif
/* Symbolic links followed when looking for a descriptor's name (the
 * kernel's own limit is 40). */
#define MAX_LINK_HOPS 40
/* Temporary files are PREFIX PID-XXXXXX: a fixed length, so that any valid
 * final name works, and a name that says whose they are (cli/out_file.c
 * removes those of a process that has died). */
#define TMP_PREFIX ".mynaform-"

/* How a path is written (see the top of the file). */
typedef enum { OUT_REPLACE, OUT_STREAM, OUT_DIRECTORY, OUT_REFUSED } out_kind;

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

static int write_all(int fd, const void *data, size_t len) {
  const char *p = data;
  for (size_t done = 0; done < len;) {
    ssize_t w = write_some(fd, p + done, len - done, done);
    if (w < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    done += (size_t)w;
  }
  return 0;
}

/* True if path is, or leads through symbolic links to, a link in /proc:
 * the name of an open descriptor (/dev/stdout → /proc/self/fd/1, /dev/fd/N). */
static bool names_descriptor(const char *path) {
  char cur[PATH_MAX], next[PATH_MAX];
  if (snprintf(cur, sizeof cur, "%s", path) >= (int)sizeof cur) return false;
  for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
    struct stat st;
    if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode)) return false;
    char *slash = strrchr(cur, '/');
    const char *dir = slash == cur ? "/" : slash ? cur : ".";
    if (slash && slash != cur) *slash = '\0';
    struct statfs fs;
    bool proc = statfs(dir, &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC;
    if (slash && slash != cur) *slash = '/';
    if (proc) return true;
    ssize_t n = readlink(cur, next, sizeof next - 1);
    if (n < 0) return false;
    next[n] = '\0';
    if (next[0] == '/') {
      memcpy(cur, next, (size_t)n + 1);
    } else {
      size_t dl = slash ? (size_t)(slash - cur) + 1 : 0;
      if (dl + (size_t)n >= sizeof cur) return false;
      memcpy(cur + dl, next, (size_t)n + 1);
    }
  }
  return false;
}

static out_kind output_kind(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) return OUT_REPLACE; /* the write says why */
  if (S_ISREG(st.st_mode)) return names_descriptor(path) ? OUT_STREAM : OUT_REPLACE;
  if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) return OUT_STREAM;
  return S_ISDIR(st.st_mode) ? OUT_DIRECTORY : OUT_REFUSED;
}

static myna_status check_mode(myna_ctx *ctx, unsigned mode) {
  if (mode & ~0777u)
    return mf_fail(ctx, MYNA_ERR_USAGE,
                   "file mode %#o: only permission bits (0 to 0777) are allowed, "
                   "no setuid, setgid or sticky bit",
                   mode);
  return MYNA_OK;
}

/* "DIR/.mynaform-PID-XXXXXX" beside path, for mkstemp; caller frees. */
static char *tmp_path(const char *path) {
  const char *slash = strrchr(path, '/');
  int dlen = slash ? (int)(slash - path) + 1 : 0;
  size_t n = (size_t)dlen + sizeof TMP_PREFIX + 32;
  char *tmp = mf_malloc(n);
  if (tmp) snprintf(tmp, n, "%.*s" TMP_PREFIX "%ld-XXXXXX", dlen, path, (long)getpid());
  return tmp;
}

/* Test hook: MYNAFORM_TEST_RAISE_IN_WRITE=SIG raises SIG while the temporary
 * file exists, to prove that a signal does not leave it behind. */
static void test_raise(void) {
  const char *s = getenv("MYNAFORM_TEST_RAISE_IN_WRITE");
  if (s && *s) raise(atoi(s));
}

/* Writes into what is at path, in place: a FIFO, a device, a descriptor. */
static myna_status write_stream(myna_ctx *ctx, const char *path, const char *shown,
                                const void *data, size_t len) {
  int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return mf_fail(ctx, MYNA_ERR_IO, "%s: cannot open: %s", shown, strerror(errno));
  struct stat st;
  int err = fstat(fd, &st) != 0 ? errno : 0;
  /* a regular file behind a descriptor's name: its old bytes must go */
  if (!err && S_ISREG(st.st_mode) && ftruncate(fd, 0) != 0) err = errno;
  if (!err && S_ISBLK(st.st_mode)) err = ENOTSUP; /* replaced by one since we looked */
  if (!err) err = write_all(fd, data, len);
  if (!err && S_ISREG(st.st_mode) && fsync(fd) != 0) err = errno;
  if (close(fd) != 0 && !err && errno != EINTR) err = errno;
  if (err) return mf_fail(ctx, MYNA_ERR_IO, "%s: cannot write: %s", shown, strerror(err));
  return MYNA_OK;
}

myna_status mf_write_atomic(myna_ctx *ctx, const char *path, const void *data,
                            size_t len, unsigned mode) {
  myna_status st = check_mode(ctx, mode);
  if (st != MYNA_OK) return st;
  if (!mode) mode = 0600;
  const char *slash = strrchr(path, '/');
  size_t dlen = slash ? (size_t)(slash - path) : 0;
  const char *base = slash ? slash + 1 : path;
  /* the path is the caller's and may be named after the patient: quoted only
   * when the context is verbose */
  const char *shown = mf_verbose(ctx) ? path : "output file";
  if (!*base) return mf_fail(ctx, MYNA_ERR_IO, "%s: not a file name", shown);
  switch (output_kind(path)) {
    case OUT_REPLACE: break;
    case OUT_STREAM: return write_stream(ctx, path, shown, data, len);
    case OUT_DIRECTORY:
      return mf_fail(ctx, MYNA_ERR_IO, "%s: cannot write: %s", shown, strerror(EISDIR));
    case OUT_REFUSED:
      return mf_fail(ctx, MYNA_ERR_IO,
                     "%s: is a block device or a socket: not written (only a regular "
                     "file, a FIFO or a character device is)",
                     shown);
  }
  char *tmp = tmp_path(path);
  if (!tmp) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  sigset_t hold, old;
  sigemptyset(&hold);
  sigaddset(&hold, SIGINT);
  sigaddset(&hold, SIGTERM);
  sigaddset(&hold, SIGHUP);
  sigaddset(&hold, SIGQUIT);
  pthread_sigmask(SIG_BLOCK, &hold, &old);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    st = mf_fail(ctx, MYNA_ERR_IO, "%s: cannot create: %s", shown, strerror(errno));
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    free(tmp);
    return st;
  }
  test_raise();
  int err = 0;
  if (fchmod(fd, (mode_t)mode) != 0) err = errno;
  if (!err) err = write_all(fd, data, len);
  if (!err && fsync(fd) != 0) err = errno;
  if (close(fd) != 0 && !err) err = errno;
  if (!err && rename(tmp, path) != 0) err = errno;
  if (err) unlink(tmp);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  free(tmp);
  if (err) return mf_fail(ctx, MYNA_ERR_IO, "%s: cannot write: %s", shown, strerror(err));
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
