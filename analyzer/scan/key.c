/* key.c - the content key of a scan (key.h). */
#include "key.h"
#include "alloc.h"
#include "error.h"
#include "strv.h"

#include <stdlib.h>
#include <string.h>

/* Appends s and its NUL. */
static void key_field(struct scan_key *k, const char *s)
{
	size_t n = strlen(s) + 1;
	if (k->failed)
		return;
	if (kdep_grow(&k->buf, &k->cap, k->len + n, 1)) {
		k->failed = 1;
		return;
	}
	memcpy(k->buf + k->len, s, n);
	k->len += n;
}

void scan_key_add(struct scan_key *k, const char *path, const char *id)
{
	key_field(k, path);
	key_field(k, id);
}

int scan_key_hex(const struct scan_key *k, char out[SOURCE_ID_SIZE])
{
	out[0] = '\0';
	if (k->failed) {
		kdep_error_oom();
		return -1;
	}
	return source_blob_id(k->buf, k->len, out);
}

void scan_key_begin(struct scan_key *k, const char *arch, const char *profile,
		    const char *fingerprint)
{
	memset(k, 0, sizeof(*k));
	key_field(k, "kdep scan key 2");
	key_field(k, KDEP_VERSION);
	key_field(k, arch);
	key_field(k, profile);
	key_field(k, fingerprint);
}

void scan_key_free(struct scan_key *k)
{
	free(k->buf);
	memset(k, 0, sizeof(*k));
}

/* Whether file f of a stored scan begun at since is as it was read. */
static int stat_holds(struct source *src, const struct db_file *f,
		      int64_t since)
{
	struct source_stat st;
	if (!f->stat || f->mtime >= since ||
	    source_file_stat(src, f->path, &st) != 1) {
		kdep_error_clear();
		return 0;
	}
	return st.size == f->size && st.mtime == f->mtime && st.ino == f->ino;
}

/*
 * The id glob entry f (its pattern behind the '/') has in src now, into
 * id. A pattern without wildcards matches itself or nothing, so the same
 * count of matches is the same list, and the stored id stands without a
 * hash. 0, or -1 when it cannot be expanded.
 */
static int glob_now(struct source *src, const struct db_file *f,
		    char id[SOURCE_ID_SIZE])
{
	const char *pattern = f->path + 1;
	char **v;
	size_t nv;
	if (source_glob_list(src, pattern, &v, &nv))
		return -1;
	int rc = 0;
	if (source_glob_literal(pattern) && nv == f->size)
		memcpy(id, f->id, SOURCE_ID_SIZE);
	else
		rc = source_glob_id(v, nv, id);
	strv_free(v);
	return rc;
}

int scan_key_recheck(struct source *src, const struct db_file *files,
		     uint32_t n, int64_t since, struct scan_key *k, int *same)
{
	*same = 1;
	for (uint32_t i = 0; i < n; i++) {
		char id[SOURCE_ID_SIZE];
		if (files[i].path[0] == '/') {
			if (glob_now(src, &files[i], id))
				return -1;
		} else if (stat_holds(src, &files[i], since)) {
			memcpy(id, files[i].id, sizeof(id));
		} else if (source_file_id(src, files[i].path, id)) {
			return -1; /* gone: parse again */
		}
		*same &= !strcmp(id, files[i].id);
		scan_key_add(k, files[i].path, id);
	}
	return 0;
}
