/* strv.c - string vectors (strv.h). */
#include "strv.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>

char **strv_split(const char *s, size_t *n)
{
	size_t cap = 1, k = 0;
	for (const char *p = s; *p; p++)
		cap += *p == ',';
	char **v = calloc(cap + 1, sizeof(char *));
	if (!v)
		goto oom;
	while (*s) {
		size_t len = strcspn(s, ",");
		if (len && !(v[k++] = strndup(s, len))) {
			strv_free(v);
			goto oom;
		}
		s += len + (s[len] == ',');
	}
	*n = k;
	return v;
oom:
	kdep_error_oom();
	*n = 0;
	return NULL;
}

void strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}
