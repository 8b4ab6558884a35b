/* hash.c — a 64-bit FNV-1a hash, for cache keys and checksums (not for
 * anything an attacker chooses: nothing here is cryptographic). */
#include "core/core.h"

uint64_t mf_hash64(const void *data, size_t n, uint64_t seed) {
  const unsigned char *p = data;
  uint64_t h = 14695981039346656037ull ^ seed;
  for (size_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= 1099511628211ull;
  }
  return h;
}
