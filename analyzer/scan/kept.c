/* kept.c - answers kept in the database by content (kept.h). */
#include "kept.h"
#include "alloc.h"
#include "error.h"

#include <stdio.h>
#include <stdlib.h>

/* The row's key into *key: everything the answer depends on, as text (no
 * hash: two questions never share a row); NULL when k keeps nothing. */
static int kept_key(const struct scan_kept *k, const char *question,
		    char **key)
{
	static const char fmt[] = "kdep %s\n%s\n%s\n%s\n%s";
	*key = NULL;
	if (!k || !k->db || !k->key || !k->key[0])
		return 0;
	int n = snprintf(NULL, 0, fmt, KEPT_VERSION, k->arch, k->profile,
			 k->key, question);
	if (n < 0 || !(*key = kdep_calloc((size_t)n + 1, 1)))
		return -1;
	snprintf(*key, (size_t)n + 1, fmt, KEPT_VERSION, k->arch, k->profile,
		 k->key, question);
	return 0;
}

int scan_kept_recall(void *ctx, const char *question, char **text)
{
	const struct scan_kept *k = ctx;
	char *key;
	*text = NULL;
	if (kept_key(k, question, &key))
		return -1;
	int ret = key ? db_kept_get(k->db, "cosel", key, text) : 0;
	free(key);
	return ret;
}

int scan_kept_remember(void *ctx, const char *question, const char *text)
{
	const struct scan_kept *k = ctx;
	char *key;
	if (kept_key(k, question, &key))
		return -1;
	int ret = key ? db_kept_put(k->db, "cosel", key, text) : 0;
	free(key);
	return ret;
}
