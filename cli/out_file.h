/*
 * out_file.h — the tool's own output files (--dump-layout -o, the batch's
 * PDFs and error report), written by the rules of the library's writer
 * (src/core/atomic.c, myna_render_file): a new or regular file through a
 * temporary file .mynaform-PID-XXXXXX beside it, renamed when complete; a
 * FIFO, a character device or a descriptor's name (/dev/stdout, /dev/fd/N)
 * written into as a stream, never replaced; a directory, a block device or
 * a socket refused.
 */
#ifndef MYNAFORM_OUT_FILE_H
#define MYNAFORM_OUT_FILE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

/* How a path is written. */
typedef enum out_kind {
  OUT_REPLACE,   /* nothing there, or a regular file: temporary file + rename */
  OUT_STREAM,    /* a FIFO, a character device, a descriptor's name */
  OUT_DIRECTORY, /* refused */
  OUT_REFUSED    /* a block device or a socket: refused */
} out_kind;

out_kind out_kind_of(const char *path);
/* Why a path of kind OUT_DIRECTORY or OUT_REFUSED is not written. */
const char *out_refusal(out_kind k);

/* Creates the temporary file for final_path (in its directory, mode 0600);
 * *tmp is its name (caller frees).  Returns the descriptor, or -1 with errno
 * set and *tmp NULL. */
int out_tmp_create(const char *final_path, char **tmp);
/* Opens a path of kind OUT_STREAM for writing (a regular file behind a
 * descriptor's name is truncated); -1 with errno set on failure. */
int out_stream_open(const char *path);
/* Writes n bytes; 0 or an errno value. */
int out_write_all(int fd, const void *p, size_t n);

/* Holds back SIGINT, SIGTERM, SIGHUP and SIGQUIT (while a temporary file
 * exists, so a signal cannot leave it behind), and lets them through. */
void out_hold_signals(sigset_t *old);
void out_release_signals(const sigset_t *old);

/* Writes a whole file by the rules above (mode 0 = 0600).  On failure says
 * so on stderr, naming the file by role, its path only when verbose. */
bool out_write_file(const char *path, const void *p, size_t n, unsigned mode,
                    const char *role, bool verbose);

/* True if a and b name the same directory entry (the same name in the same
 * directory), or existing files of the same device and inode. */
bool out_same_file(const char *a, const char *b);

/* Removes from dir the temporary files .mynaform-PID-XXXXXX that a killed
 * mynaform left: regular files of this user whose process PID has ended.
 * Returns how many. */
unsigned long out_clean_stale(const char *dir);

#endif
