/*
 * strv.h - NULL-terminated vectors of strings, owned with their strings:
 * what globs, profile lists and --arch lists are handed around as.
 */
#ifndef KDEP_STRV_H
#define KDEP_STRV_H

#include <stddef.h>

/* Splits a comma-separated list, dropping empty items; NULL (error set)
 * when out of memory. *n gets the count. Free with strv_free. */
char **strv_split(const char *s, size_t *n);
/* Frees v and its strings; NULL is fine. */
void strv_free(char **v);

#endif
