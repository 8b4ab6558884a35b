/*
 * replay_main.c — a main() for fuzz targets without libFuzzer: feeds every
 * file named on the command line (or found directly inside a directory
 * named there, in name order) to LLVMFuzzerTestOneInput once.  The normal
 * test suite uses it to replay the seed corpora and every crasher kept in
 * tests/fuzz/regressions/ with any compiler and build type.
 *
 * Each input is copied into a buffer of exactly its size, as libFuzzer
 * does, so that reading past the end shows under a sanitizer.  Files whose
 * name starts with '.' or "README" are skipped.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "replay: %s: cannot open\n", path);
    return -1;
  }
  size_t cap = 4096, len = 0;
  uint8_t *buf = malloc(cap);
  size_t n;
  while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
    len += n;
    if (len == cap) {
      uint8_t *b = realloc(buf, cap *= 2);
      if (!b) free(buf);
      buf = b;
    }
  }
  int err = ferror(f);
  fclose(f);
  if (!buf || err) {
    free(buf);
    fprintf(stderr, "replay: %s: cannot read\n", path);
    return -1;
  }
  uint8_t *exact = malloc(len ? len : 1);
  if (!exact) {
    free(buf);
    return -1;
  }
  memcpy(exact, buf, len);
  free(buf);
  fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
  LLVMFuzzerTestOneInput(exact, len);
  free(exact);
  return 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int skipped(const char *name) {
  return name[0] == '.' || strncmp(name, "README", 6) == 0;
}

/* Runs the files directly inside dir, sorted by name; returns how many. */
static long run_dir(const char *dir, int *failed) {
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "replay: %s: cannot open the directory\n", dir);
    *failed = 1;
    return 0;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (skipped(e->d_name)) continue;
    if (n == cap) {
      char **nn = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof *nn);
      if (!nn) abort();
      names = nn;
    }
    size_t l = strlen(dir) + strlen(e->d_name) + 2;
    names[n] = malloc(l);
    if (!names[n]) abort();
    snprintf(names[n++], l, "%s/%s", dir, e->d_name);
  }
  closedir(d);
  if (n) qsort(names, n, sizeof *names, by_name);
  long count = 0;
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
      if (run_file(names[i]) == 0) count++;
      else *failed = 1;
    }
    free(names[i]);
  }
  free(names);
  return count;
}

int main(int argc, char **argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  long count = 0;
  int failed = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      /* a regressions/ folder with nothing kept yet is not an error */
      fprintf(stderr, "replay: %s: not found (skipped)\n", argv[i]);
    } else if (S_ISDIR(st.st_mode)) {
      count += run_dir(argv[i], &failed);
    } else if (run_file(argv[i]) == 0) {
      count++;
    } else {
      failed = 1;
    }
  }
  printf("replay: %ld inputs ran without a crash\n", count);
  return failed;
}
