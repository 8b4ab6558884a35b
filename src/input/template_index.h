/*
 * template_index.h — the headers of a template directory kept in the
 * on-disk cache, so that opening a context does not parse every template:
 * the index gives each template's name, document, variant, date, edition
 * and title, and a template is parsed when it is first used
 * (mf_template_ready).
 *
 * The key lists the directory's *.json files with their device, inode, size
 * and modification time, so any added, removed or changed template is a
 * miss, and the whole directory is parsed (and checked) as without the
 * index.  An index is written only after every template parsed, so a
 * broken template is never hidden by it.
 */
#ifndef MF_TEMPLATE_INDEX_H
#define MF_TEMPLATE_INDEX_H

#include "input/template.h"

/* The key of dir's templates; false if the directory cannot be listed. */
bool mf_template_index_key(const char *dir, mf_buf *key);
/* Fills the empty set s with unparsed templates from the index under key;
 * false on a miss (s is then left empty). */
bool mf_template_index_load(const char *cache_dir, const mf_buf *key, mf_template_set *s);
/* Decodes an index file's bytes (tests, fuzzing) into the empty set s,
 * whose array has room for MYNA_LIMIT_TEMPLATES; false unless data is a
 * valid index for key (s is then left empty). */
bool mf_template_index_decode(const unsigned char *data, size_t len, const mf_buf *key,
                              mf_template_set *s);
void mf_template_index_save(const char *cache_dir, const mf_buf *key,
                            const mf_template_set *s);

#endif
