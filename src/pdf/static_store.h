/*
 * static_store.h — the static layers of templates kept on disk, so that a
 * new process (one CLI call per patient) does not lay out, subset and
 * compress them again.
 *
 * One file per template and font set: <cache dir>/static-<hash>.bin holding
 * exactly what a context keeps in memory (font_cache.h: the compressed
 * content stream, font programs, CIDToGIDMap, ToUnicode, widths and the
 * CIDs data text may reuse) plus the faces' descriptor metrics.  Static
 * layers hold only template text, never a record's data.
 *
 * The key names everything the bytes depend on: the library version and
 * file format, the template's source (two hashes and its length) and each
 * font file (path, device, inode, size, modification time).  The key is
 * stored in the file and compared on load, and the payload carries a
 * checksum, so a changed font or template, a truncated or foreign file is
 * a miss, never wrong output.  Files are written to a temporary name and
 * renamed (concurrent processes are safe); the directory must belong to the
 * user and not be writable by others, else the cache is not used.  Any
 * failure here only means the layer is built in memory as before.
 */
#ifndef MF_STATIC_STORE_H
#define MF_STATIC_STORE_H

#include "pdf/font_cache.h"

/* The key of a template's static layer: digest/len identify its source. */
bool mf_static_store_key(const uint64_t digest[2], size_t len, const mf_fontset *fs,
                         mf_buf *key);

/* Fills b (a fresh cache entry) from dir; false on a miss or any problem
 * (b is then left empty).  Also gives faces without metrics those saved. */
bool mf_static_store_load(const char *dir, const mf_buf *key, mf_fontset *fs,
                          mf_static_blob *b);

/* Saves b under key in dir (created 0700 if missing), with the metrics of
 * every face that has them.  Best effort: failures are ignored. */
void mf_static_store_save(const char *dir, const mf_buf *key, const mf_fontset *fs,
                          const mf_static_blob *b);

/* Decodes a store file's bytes (for tests and fuzzing): true if data is a
 * valid file for key. */
bool mf_static_store_decode(const unsigned char *data, size_t len, const mf_buf *key,
                            mf_fontset *fs, mf_static_blob *b);

#endif
