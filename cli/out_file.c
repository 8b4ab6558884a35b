/*
 * out_file.c — the tool's own output files, by the rules of the library's
 * writer (see out_file.h and src/core/atomic.c, which this mirrors: the CLI
 * sees only the public header).
 */
#define _GNU_SOURCE /* strndup, fstatat, dirfd */
#include "out_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "cli.h"

#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif
/* Symbolic links followed when looking for a descriptor's name. */
#define MAX_LINK_HOPS 40
/* The temporary files' names: PREFIX PID-XXXXXX, as the library's. */
#define TMP_PREFIX ".mynaform-"

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

out_kind out_kind_of(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) return OUT_REPLACE; /* the write says why */
  if (S_ISREG(st.st_mode)) return names_descriptor(path) ? OUT_STREAM : OUT_REPLACE;
  if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) return OUT_STREAM;
  return S_ISDIR(st.st_mode) ? OUT_DIRECTORY : OUT_REFUSED;
}

const char *out_refusal(out_kind k) {
  return k == OUT_DIRECTORY ? "is a directory"
                            : "is a block device or a socket: not written (only a regular "
                              "file, a FIFO or a character device is)";
}

int out_tmp_create(const char *final_path, char **tmp) {
  const char *slash = strrchr(final_path, '/');
  int dlen = slash ? (int)(slash - final_path) + 1 : 0;
  size_t n = (size_t)dlen + sizeof TMP_PREFIX + 32;
  *tmp = malloc(n);
  if (!*tmp) {
    errno = ENOMEM;
    return -1;
  }
  snprintf(*tmp, n, "%.*s" TMP_PREFIX "%ld-XXXXXX", dlen, final_path, (long)getpid());
  int fd = mkstemp(*tmp); /* mode 0600 */
  if (fd < 0) {
    int e = errno;
    free(*tmp);
    *tmp = NULL;
    errno = e;
  }
  return fd;
}

int out_stream_open(const char *path) {
  int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return -1;
  struct stat st;
  int err = fstat(fd, &st) != 0 ? errno : 0;
  /* a regular file behind a descriptor's name: its old bytes must go */
  if (!err && S_ISREG(st.st_mode) && ftruncate(fd, 0) != 0) err = errno;
  if (!err && (S_ISBLK(st.st_mode) || S_ISDIR(st.st_mode))) err = ENOTSUP; /* changed since */
  if (err) {
    close(fd);
    errno = err;
    return -1;
  }
  return fd;
}

int out_write_all(int fd, const void *p, size_t n) {
  /* test hook, as in the library's writer (src/core/atomic.c):
   * MYNAFORM_TEST_FAIL_WRITE_AFTER=N fails writes with ENOSPC after N bytes */
  const char *hook = getenv("MYNAFORM_TEST_FAIL_WRITE_AFTER");
  size_t limit = hook && *hook ? (size_t)strtoull(hook, NULL, 10) : SIZE_MAX;
  const char *b = p;
  for (size_t done = 0; done < n;) {
    if (done >= limit) return ENOSPC;
    size_t k = n - done < limit - done ? n - done : limit - done;
    ssize_t w = write(fd, b + done, k);
    if (w < 0 && errno != EINTR) return errno;
    if (w > 0) done += (size_t)w;
  }
  return 0;
}

void out_hold_signals(sigset_t *old) {
  sigset_t hold;
  sigemptyset(&hold);
  sigaddset(&hold, SIGINT);
  sigaddset(&hold, SIGTERM);
  sigaddset(&hold, SIGHUP);
  sigaddset(&hold, SIGQUIT);
  pthread_sigmask(SIG_BLOCK, &hold, old);
}

void out_release_signals(const sigset_t *old) { pthread_sigmask(SIG_SETMASK, old, NULL); }

bool out_write_file(const char *path, const void *p, size_t n, unsigned mode,
                    const char *role, bool verbose) {
  char name[1024];
  const char *shown = verbose ? shown_name(path, name, sizeof name) : role;
  const char *slash = strrchr(path, '/');
  if (!*(slash ? slash + 1 : path)) {
    fprintf(stderr, "%s: %s: not a file name\n", prog, shown);
    return false;
  }
  out_kind k = out_kind_of(path);
  if (k == OUT_DIRECTORY || k == OUT_REFUSED) {
    fprintf(stderr, "%s: %s: %s\n", prog, shown, out_refusal(k));
    return false;
  }
  int err = 0;
  const char *what = "cannot write";
  if (k == OUT_STREAM) {
    int fd = out_stream_open(path);
    if (fd < 0) {
      err = errno;
      what = "cannot open";
    } else {
      err = out_write_all(fd, p, n);
      if (close(fd) != 0 && !err && errno != EINTR) err = errno;
    }
  } else {
    sigset_t old;
    out_hold_signals(&old);
    char *tmp = NULL;
    int fd = out_tmp_create(path, &tmp);
    if (fd < 0) {
      err = errno;
      what = "cannot create";
    } else {
      /* test hook: MYNAFORM_TEST_RAISE_IN_WRITE=SIG raises SIG now */
      const char *sig = getenv("MYNAFORM_TEST_RAISE_IN_WRITE");
      if (sig && *sig) raise(atoi(sig));
      if (fchmod(fd, (mode_t)(mode ? mode : 0600)) != 0) err = errno;
      if (!err) err = out_write_all(fd, p, n);
      if (!err && fsync(fd) != 0) err = errno;
      if (close(fd) != 0 && !err) err = errno;
      if (!err && rename(tmp, path) != 0) err = errno;
      if (err) unlink(tmp);
      free(tmp);
    }
    out_release_signals(&old);
  }
  if (err) fprintf(stderr, "%s: %s: %s: %s\n", prog, shown, what, strerror(err));
  return !err;
}

/* The directory part of path ("." if none) and its identity. */
static bool dir_identity(const char *path, struct stat *st) {
  const char *slash = strrchr(path, '/');
  if (!slash) return stat(".", st) == 0;
  if (slash == path) return stat("/", st) == 0;
  char *d = strndup(path, (size_t)(slash - path));
  bool ok = d && stat(d, st) == 0;
  free(d);
  return ok;
}

bool out_same_file(const char *a, const char *b) {
  struct stat sa, sb;
  if (stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
      sa.st_ino == sb.st_ino)
    return true;
  const char *ba = strrchr(a, '/'), *bb = strrchr(b, '/');
  ba = ba ? ba + 1 : a;
  bb = bb ? bb + 1 : b;
  if (strcmp(ba, bb) != 0) return false;
  return dir_identity(a, &sa) && dir_identity(b, &sb) && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

/* The PID in a temporary file's name, or 0 if the name is not one. */
static long tmp_pid(const char *name) {
  size_t pl = sizeof TMP_PREFIX - 1;
  if (strncmp(name, TMP_PREFIX, pl) != 0) return 0;
  const char *p = name + pl;
  long pid = 0;
  int digits = 0;
  while (*p >= '0' && *p <= '9' && digits < 10) pid = pid * 10 + (*p++ - '0'), digits++;
  if (!digits || *p++ != '-') return 0;
  for (int i = 0; i < 6; i++, p++) {
    char c = *p;
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
      return 0;
  }
  return *p ? 0 : pid;
}

unsigned long out_clean_stale(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return 0;
  unsigned long removed = 0;
  long self = (long)getpid();
  struct dirent *e;
  while ((e = readdir(d))) {
    long pid = tmp_pid(e->d_name);
    if (pid <= 0 || pid == self || pid > INT_MAX) continue;
    if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue; /* still running */
    struct stat st;
    if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
        st.st_uid != geteuid())
      continue;
    if (unlinkat(dirfd(d), e->d_name, 0) == 0) removed++;
  }
  closedir(d);
  return removed;
}
