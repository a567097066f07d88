/* alloc.c - growing arrays and allocations that set the error (alloc.h). */
#include "alloc.h"
#include "error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int kdep_grow(void *v, size_t *cap, size_t need, size_t size)
{
	void **pv = v;
	size_t n = *cap ? *cap : 16;
	if (need <= *cap)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			goto oom;
		n *= 2;
	}
	if (size && n > SIZE_MAX / size)
		goto oom;
	void *p = realloc(*pv, n * size);
	if (!p)
		goto oom;
	*pv = p;
	*cap = n;
	return 0;
oom:
	kdep_error_oom();
	return -1;
}

void *kdep_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		kdep_error_oom();
	return p;
}

char *kdep_strdup(const char *s)
{
	if (!s)
		return NULL;
	char *p = strdup(s);
	if (!p)
		kdep_error_oom();
	return p;
}
