/*
 * file.h - whole files in and out, for what kdep reads and writes outside
 * a tree (a user's .config, a witness): an input must be a regular file of
 * bounded size (a FIFO would hang, /dev/zero would never end), and an
 * output is written whole or not at all (a temporary file beside it,
 * renamed over it once everything is written).
 */
#ifndef KDEP_FILE_H
#define KDEP_FILE_H

#include <stddef.h>
#include <stdio.h>

/*
 * Reads path, a regular file of at most max bytes, into a NUL-terminated
 * buffer (*data, *len; the caller frees). Returns 0, or -1 with the error
 * set ("cannot read PATH: REASON", "PATH is not a regular file", "PATH is
 * larger than N bytes").
 */
int kdep_read_file(const char *path, size_t max, char **data, size_t *len);

/*
 * Writes len bytes of data to path through a temporary file in the same
 * directory renamed over it: path holds either its old contents or all
 * of data, never a part. Returns 0, or -1 with the error set ("cannot
 * write PATH: REASON"); the temporary file is removed then.
 */
int kdep_write_file(const char *path, const char *data, size_t len);

/*
 * A text built in memory: a stream writing into *s (open_memstream), or
 * NULL with the error set; kdep_text_close closes it and returns the text
 * (the caller frees it), or NULL with the error set and nothing to free.
 */
FILE *kdep_text_open(char **s, size_t *size);
char *kdep_text_close(FILE *o, char **s);

/* mkdir -p path: 0, or -1 with errno set (no error set: the caller says
 * what it was making). */
int kdep_make_dirs(const char *path);

#endif
