/* suggest.c - the closest known name (suggest.h). */
#include "suggest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

size_t suggest_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	/* three rows of the Damerau-Levenshtein table (restricted) */
	size_t *row = calloc(3 * (lb + 1), sizeof(*row));
	if (!row)
		return (size_t)-1;
	size_t *prev2 = row, *prev = row + lb + 1, *cur = row + 2 * (lb + 1);
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			int ca = tolower((unsigned char)a[i - 1]);
			int cb = tolower((unsigned char)b[j - 1]);
			size_t best = prev[j - 1] + (ca != cb);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 &&
			    ca == tolower((unsigned char)b[j - 2]) &&
			    cb == tolower((unsigned char)a[i - 2]) &&
			    prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
		}
		size_t *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	size_t d = prev[lb];
	free(row);
	return d;
}

const char *suggest_closest(const char *name, const char *const *names,
			    size_t n)
{
	size_t limit = strlen(name) / 3, best = (size_t)-1;
	const char *found = NULL;
	if (limit < 1)
		limit = 1;
	for (size_t i = 0; i < n; i++) {
		size_t la = strlen(name), lb = strlen(names[i]);
		/* the distance is at least the difference in length */
		if ((la > lb ? la - lb : lb - la) > limit)
			continue;
		size_t d = suggest_distance(name, names[i]);
		if (d <= limit && d < best) {
			best = d;
			found = names[i];
		}
	}
	return found;
}
