/*
 * cache_file.c — whole files in the on-disk cache directory (see
 * myna_config.cache_dir): written under a temporary name and renamed, so
 * readers in other processes see the old file or the new one; read only
 * from a directory of ours that nobody else can write to.  Cache files are
 * checked by their readers (key, checksum): a torn or foreign file is a
 * miss; anything but a regular file (a FIFO, a device) is not even opened
 * for long: it is a miss too.  Every failure here is silent: a cache miss,
 * never an error.
 *
 * Root makes no cache directory under another user's directory: with
 * sudo -E, HOME is the user's, and a root-owned ~/.cache/mynaform would be
 * one the user can neither use nor delete.  Such a run has no cache.
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

/* Running as root, true if the nearest existing directory above the
 * missing dir belongs to another user (see the top of the file). */
static bool others_parent(const char *dir) {
  if (geteuid() != 0) return false;
  char *p = mf_strdup(dir);
  if (!p) return true;
  struct stat st;
  bool found = false;
  for (char *s = strrchr(p, '/'); s && !found;) {
    *s = '\0';
    found = stat(*p ? p : "/", &st) == 0;
    if (!found) s = strrchr(p, '/');
  }
  if (!found) found = stat(".", &st) == 0; /* a relative path: below the working directory */
  free(p);
  return !found || st.st_uid != 0;
}

/* A real directory of ours that nobody else can write to; made (with its
 * parents, mode 0700) if missing and make is true. */
static bool usable_dir(const char *dir, bool make) {
  struct stat st;
  if (lstat(dir, &st) != 0) {
    if (errno != ENOENT || !make || others_parent(dir)) return false;
    char *p = mf_strdup(dir);
    if (!p) return false;
    for (char *s = p + 1; *s; s++) {
      if (*s != '/') continue;
      *s = '\0';
      mkdir(p, 0700);
      *s = '/';
    }
    free(p);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) return false;
    if (lstat(dir, &st) != 0) return false;
  }
  return S_ISDIR(st.st_mode) && st.st_uid == geteuid() && !(st.st_mode & 022);
}

bool mf_cache_file_write(const char *dir, const char *name, const void *data, size_t len) {
  if (!dir || !*dir || !usable_dir(dir, true)) return false;
  char *path = mf_path_join(dir, name);
  char *tmp = path ? mf_malloc(strlen(path) + 8) : NULL;
  bool ok = false;
  if (tmp) {
    sprintf(tmp, "%s.XXXXXX", path);
    int fd = mkstemp(tmp); /* mode 0600 */
    if (fd >= 0) {
      const char *q = data;
      size_t left = len;
      ok = true;
      while (left && ok) {
        ssize_t w = write(fd, q, left);
        if (w < 0 && errno == EINTR) continue;
        ok = w > 0;
        if (ok) {
          q += w;
          left -= (size_t)w;
        }
      }
      /* no fsync: a file torn by a crash fails its reader's checks */
      if (close(fd) != 0) ok = false;
      if (ok) ok = rename(tmp, path) == 0;
      if (!ok) unlink(tmp);
    }
  }
  free(tmp);
  free(path);
  return ok;
}

bool mf_cache_file_read(const char *dir, const char *name, size_t max,
                        unsigned char **data, size_t *len) {
  *data = NULL;
  *len = 0;
  if (!dir || !*dir || !usable_dir(dir, false)) return false;
  char *path = mf_path_join(dir, name);
  if (!path) return false;
  /* O_NONBLOCK: a FIFO planted under a cache file's name must not hang the
   * render; it, like any file that is not regular, is a miss */
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  free(path);
  if (fd < 0) return false;
  struct stat st;
  bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
            !(st.st_mode & 022) && st.st_size > 0 && (uint64_t)st.st_size <= max;
  unsigned char *buf = ok ? mf_malloc((size_t)st.st_size) : NULL;
  size_t got = 0;
  while (buf && got < (size_t)st.st_size) {
    ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += (size_t)n;
  }
  close(fd);
  if (!buf || got != (size_t)st.st_size) {
    free(buf);
    return false;
  }
  *data = buf;
  *len = got;
  return true;
}
