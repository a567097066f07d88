/*
 * text.h - finding places in a source file by their contents, and
 * splicing text in: what a generator edits a kernel file with.
 */
#ifndef KDEP_PATCHGEN_TEXT_H
#define KDEP_PATCHGEN_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* The start of the line after the one p is in, or the terminating NUL. */
const char *text_next(const char *p);
/* The line (from 1) p is in, data being the start of the file. */
uint32_t text_lineno(const char *data, const char *p);
/*
 * The first line from the one starting at from, and before end (NULL: to
 * the end), whose text with its leading blanks skipped starts with
 * prefix; with word set, prefix must be followed by a blank or the end of
 * the line ("config ARM64" is not "config ARM64_X"). NULL when none.
 */
const char *text_find(const char *from, const char *end, const char *prefix,
		      int word);
/* Whether the line at p, leading blanks skipped, starts a new top-level
 * Kconfig entry (config, menuconfig, choice, menu, if, source, ...). */
int text_kconfig_entry(const char *p);
/* A new string: data with n bytes at off replaced by ins. NULL with the
 * error set when out of memory. */
char *text_splice(const char *data, size_t off, size_t n, const char *ins);

#endif
