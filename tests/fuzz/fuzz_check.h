/*
 * fuzz_check.h — the oracle primitives every fuzz target shares, with no
 * dependency on the library (the CLI's CSV and JSON Lines readers are fuzzed
 * without it): FUZZ_CHECK, which stops the run so that the fuzzer keeps the
 * input, and the marker strings the seed corpora put into values, which no
 * message may quote (see fuzz_util.h).
 */
#ifndef MYNAFORM_FUZZ_CHECK_H
#define MYNAFORM_FUZZ_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Stops the run so that the fuzzer records the input. */
#define FUZZ_CHECK(cond, ...)                                     \
  do {                                                            \
    if (!(cond)) {                                                \
      fprintf(stderr, "fuzz oracle failed: %s: ", #cond);         \
      fprintf(stderr, __VA_ARGS__);                               \
      fputc('\n', stderr);                                        \
      abort();                                                    \
    }                                                             \
  } while (0)

static const char *const fuzz_markers[] = {"\xE7\xA7\x98" /* 秘 */, "QZX"};

/* True if s[0..n) holds a marker. */
static inline bool fuzz_has_marker(const char *s, size_t n) {
  for (size_t m = 0; m < sizeof fuzz_markers / sizeof fuzz_markers[0]; m++) {
    size_t k = strlen(fuzz_markers[m]);
    for (size_t i = 0; i + k <= n; i++)
      if (memcmp(s + i, fuzz_markers[m], k) == 0) return true;
  }
  return false;
}

#endif
