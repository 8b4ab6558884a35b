/*
 * fs_shim.c — an LD_PRELOAD library for tests/cli/test_outputs.sh: a race
 * or a failure of the file system that cannot be set up from outside the
 * process, at the exact call, on demand:
 *   SHIM_MKDIR_FIRST=PATH  mkdir(PATH) finds PATH made by "another process"
 *                          just before it (two batches making one --out-dir);
 *   SHIM_RENAME_FAIL=NAME  rename() to a path whose last part is NAME fails
 *                          with EIO (one file of a commit group).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int mkdir(const char *path, mode_t mode) {
  int (*real)(const char *, mode_t) = (int (*)(const char *, mode_t))dlsym(RTLD_NEXT, "mkdir");
  const char *first = getenv("SHIM_MKDIR_FIRST");
  if (first && !strcmp(first, path)) real(path, 0700);
  return real(path, mode);
}

int rename(const char *from, const char *to) {
  int (*real)(const char *, const char *) =
      (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
  const char *name = getenv("SHIM_RENAME_FAIL");
  const char *last = strrchr(to, '/');
  if (name && *name && !strcmp(last ? last + 1 : to, name)) {
    errno = EIO;
    return -1;
  }
  return real(from, to);
}
