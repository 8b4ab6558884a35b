/*
 * template_cache.h — parsed templates in the on-disk cache.  Parsing a
 * template's JSON with jansson costs ~0.5 ms, a large part of a one-record
 * CLI call; the validated model is kept in binary, keyed by the template's
 * source (two hashes and its length) and the library version, so only a
 * template that was parsed and validated before is ever read back.
 */
#ifndef MF_TEMPLATE_CACHE_H
#define MF_TEMPLATE_CACHE_H

#include "input/template.h"

/* The template whose source is json[0..len) if the cache has it, named
 * name; NULL on a miss. */
mf_template *mf_template_cache_load(const char *cache_dir, const char *name,
                                    const char *json, size_t len);
/* Saves t (parsed from its source) to the cache.  Best effort. */
void mf_template_cache_save(const char *cache_dir, const mf_template *t);

/* Decodes a cache file's bytes (tests, fuzzing); NULL unless valid. */
mf_template *mf_template_cache_decode(const unsigned char *data, size_t len,
                                      const char *name, const uint64_t digest[2],
                                      size_t source_len);

#endif
