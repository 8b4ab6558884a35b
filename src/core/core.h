/*
 * core.h — private foundation shared by every layer: the context, error and
 * warning reporting, allocation helpers, a growable byte buffer.
 *
 * Internal names use the prefix mf_ (public ones use myna_).  Nothing here is
 * exported from the shared library.
 */
#ifndef MF_CORE_H
#define MF_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mynaform.h"

#if defined(__GNUC__)
#define MF_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MF_PRINTF(f, a)
#endif

#define MF_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------- allocation */

void *mf_malloc(size_t n);
void *mf_calloc(size_t count, size_t size);
void *mf_realloc(void *p, size_t n);
/* realloc for arrays: NULL on overflow of count*size as well as on OOM. */
void *mf_reallocarray(void *p, size_t count, size_t size);
char *mf_strdup(const char *s);
char *mf_strndup(const char *s, size_t n);
void mf_free(void *p);

/* ----------------------------------------------------------------- buffer */

/* A growable byte buffer.  On allocation failure it sets oom and ignores
 * further appends, so callers check once at the end (mf_buf_ok). */
typedef struct mf_buf {
  char *data;
  size_t len, cap;
  bool oom;
} mf_buf;

void mf_buf_init(mf_buf *b);
void mf_buf_free(mf_buf *b);
void mf_buf_reset(mf_buf *b);
bool mf_buf_reserve(mf_buf *b, size_t extra);
void mf_buf_append(mf_buf *b, const void *p, size_t n);
void mf_buf_puts(mf_buf *b, const char *s);
void mf_buf_putc(mf_buf *b, char c);
/* printf-style; %f and friends must not be used (locale): use mf_buf_num. */
void mf_buf_printf(mf_buf *b, const char *fmt, ...) MF_PRINTF(2, 3);
/* A real number with at most `decimals` decimals, '.' as separator whatever
 * the locale, trailing zeros dropped ("12.5", "0", "-3.25"). */
void mf_buf_num(mf_buf *b, double v, int decimals);
/* Four upper-case hex digits of v (a 2-byte CID). */
void mf_buf_hex4(mf_buf *b, unsigned v);
/* A JSON string literal (quotes and escapes added). */
void mf_buf_json_str(mf_buf *b, const char *s, size_t n);
static inline bool mf_buf_ok(const mf_buf *b) { return !b->oom; }
/* Takes the NUL-terminated data out of the buffer (caller frees). */
char *mf_buf_take(mf_buf *b);

/* Formats a number like mf_buf_num into out (size ≥ 32). */
void mf_fmt_num(char *out, size_t size, double v, int decimals);

/* ---------------------------------------------------------------- context */

struct mf_fontset;
struct mf_template_set;
struct mf_cache;
struct myna_pdf;

#define MF_ERRMSG_SIZE 1024
#define MF_MAX_WARNINGS 32

struct myna_ctx {
  unsigned flags; /* MYNA_CONFIG_* */
  char *data_dir, *font_dir, *template_dir, *fallback_font;
  char *cache_dir; /* on-disk cache of static layers; NULL = none */
  struct mf_fontset *fonts;
  struct mf_template_set *templates;
  struct mf_cache *cache;
  struct myna_pdf *pdfs; /* live PDFs made from the context (render.c) */
  char errmsg[MF_ERRMSG_SIZE];
  char *warnings[MF_MAX_WARNINGS];
  size_t warning_count;
  size_t warnings_dropped;
};

/* Records an error on ctx and returns status.  The message should start
 * with its location ("$.name: ", "declaration-2023.json: $.items[3]: "). */
myna_status mf_fail(myna_ctx *ctx, myna_status status, const char *fmt, ...)
    MF_PRINTF(3, 4);
myna_status mf_failv(myna_ctx *ctx, myna_status status, const char *fmt,
                     va_list ap);
/* Adds a warning (kept up to MF_MAX_WARNINGS). */
void mf_warn(myna_ctx *ctx, const char *fmt, ...) MF_PRINTF(2, 3);
/* Opens a context with the same directories, fallback font, cache and
 * flags as src (context.c): the batch engine's workers. */
myna_status mf_ctx_clone(const myna_ctx *src, myna_ctx **out);
/* Clears error and warnings: called at the start of every public call. */
void mf_ctx_reset(myna_ctx *ctx);
/* True if messages may quote values (MYNA_CONFIG_VERBOSE). */
static inline bool mf_verbose(const myna_ctx *ctx) {
  return (ctx->flags & MYNA_CONFIG_VERBOSE) != 0;
}

/* Reads a whole file into memory, at most max bytes (else MYNA_ERR_LIMIT
 * naming limit_name).  *out is NUL-terminated; caller frees. */
myna_status mf_read_file(myna_ctx *ctx, const char *path, size_t max,
                         const char *limit_name, char **out, size_t *len);

/* Writes data to path (atomic.c): a new or regular file atomically
 * (temporary file, fsync, rename; nothing left behind on failure), a FIFO,
 * character device or descriptor name (/dev/stdout) as a stream; a
 * directory, block device or socket is refused.  mode: permission bits
 * only (MYNA_ERR_USAGE otherwise), 0 means 0600. */
myna_status mf_write_atomic(myna_ctx *ctx, const char *path, const void *data,
                            size_t len, unsigned mode);

/* 64-bit FNV-1a of n bytes, starting from seed (0 for the plain hash).
 * For cache keys and corruption checks, not for security. */
uint64_t mf_hash64(const void *data, size_t n, uint64_t seed);

/* Files of the on-disk cache (cache_file.c): written atomically (0600,
 * the directory made 0700 if missing), read back only from a directory of
 * ours that others cannot write to and only up to max bytes.  false on any
 * problem: a cache miss, never an error. */
bool mf_cache_file_write(const char *dir, const char *name, const void *data, size_t len);
bool mf_cache_file_read(const char *dir, const char *name, size_t max,
                        unsigned char **data, size_t *len);

/* Joins a directory and a file name ("dir/name"); caller frees. */
char *mf_path_join(const char *dir, const char *name);
bool mf_file_exists(const char *path);
/* Appends " <device> <inode> <size> <mtime>\n" of the regular file path:
 * what cache keys name a file by (any change to the file changes it).
 * false if path is not a regular file. */
bool mf_buf_file_id(mf_buf *b, const char *path);

#endif /* MF_CORE_H */
