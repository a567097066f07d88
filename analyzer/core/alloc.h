/*
 * alloc.h - the allocation-failure policy, stated once (see error.h):
 * a failed allocation sets "out of memory" and is returned as a failure;
 * nothing prints or aborts. Builders that cannot return a failure from
 * where it happens keep a sticky flag in their owner and report it from
 * their public entry point.
 */
#ifndef KDEP_ALLOC_H
#define KDEP_ALLOC_H

#include <stddef.h>

/*
 * Makes room for at least need elements of size bytes in the array *v of
 * capacity *cap, doubling it (from 16). Returns 0, or -1 with the error
 * set and *v, *cap unchanged.
 */
int kdep_grow(void *v, size_t *cap, size_t need, size_t size);

/* calloc(n, size) that sets the error when it fails. */
void *kdep_calloc(size_t n, size_t size);
/* strdup that sets the error when it fails (NULL in, NULL out, no error). */
char *kdep_strdup(const char *s);

#endif
