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
	key_field(k, "kdep scan key");
	key_field(k, SCAN_VERSION);
	key_field(k, arch);
	key_field(k, profile);
	key_field(k, fingerprint);
}

void scan_key_free(struct scan_key *k)
{
	free(k->buf);
	memset(k, 0, sizeof(*k));
}

/*
 * Whether file f of a stored scan begun at since is as it was read. The
 * stat data it took (before any hash) goes into now, when it took one.
 */
static int stat_holds(struct source *src, const struct db_file *f,
		      int64_t since, struct db_file *now)
{
	struct source_stat st;
	if (source_file_stat(src, f->path, &st) != 1) {
		kdep_error_clear();
		return 0;
	}
	now->stat = 1;
	now->mtime = st.mtime;
	now->ino = st.ino;
	return f->stat && f->mtime < since && st.size == f->size &&
	       st.mtime == f->mtime && st.ino == f->ino;
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

/* The slot of path in f: its entry, or the free slot it would take. */
static struct scan_fresh_entry *fresh_slot(struct scan_fresh *f,
					   const char *path)
{
	size_t i = source_hash(path, strlen(path)) & (f->cap - 1);
	while (f->v[i].path && strcmp(f->v[i].path, path))
		i = (i + 1) & (f->cap - 1);
	return &f->v[i];
}

/* Remembers path's id in f, and its stat data in now (taken before the
 * id was found); nothing when memory runs out. */
static void fresh_put(struct scan_fresh *f, const char *path,
		      const char *id, const struct db_file *now)
{
	if (2 * (f->n + 1) > f->cap) {
		struct scan_fresh old = *f;
		size_t cap = f->cap ? 2 * f->cap : 4096;
		struct scan_fresh_entry *v = calloc(cap, sizeof(*v));
		if (!v)
			return;
		f->v = v;
		f->cap = cap;
		for (size_t i = 0; i < old.cap; i++)
			if (old.v[i].path)
				*fresh_slot(f, old.v[i].path) = old.v[i];
		free(old.v);
	}
	struct scan_fresh_entry *e = fresh_slot(f, path);
	if (!e->path && !(e->path = strdup(path)))
		return;
	memcpy(e->id, id, SOURCE_ID_SIZE);
	e->stat = now->stat;
	e->mtime = now->mtime;
	e->ino = now->ino;
	f->n++;
}

void scan_fresh_free(struct scan_fresh *f)
{
	for (size_t i = 0; i < f->cap; i++)
		free(f->v[i].path);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

int scan_key_recheck(struct source *src, const struct db_file *files,
		     uint32_t n, int64_t since, struct scan_fresh *fresh,
		     struct db_file *now, struct scan_key *k, int *same)
{
	int ret = -1;
	if (!source_keeps_stat(src))
		fresh = NULL;
	*same = 1;
	source_hold(src, 1);
	for (uint32_t i = 0; i < n; i++) {
		char id[SOURCE_ID_SIZE];
		struct db_file seen = { 0 };
		struct scan_fresh_entry *e =
			fresh && fresh->cap ? fresh_slot(fresh, files[i].path)
					    : NULL;
		if (e && e->path) {
			memcpy(id, e->id, sizeof(id));
			seen.stat = e->stat;
			seen.mtime = e->mtime;
			seen.ino = e->ino;
		} else if (files[i].path[0] == '/') {
			if (glob_now(src, &files[i], id))
				goto done;
		} else if (stat_holds(src, &files[i], since, &seen)) {
			memcpy(id, files[i].id, sizeof(id));
		} else if (source_file_id(src, files[i].path, id)) {
			goto done; /* gone: parse again */
		}
		if (fresh && !(e && e->path))
			fresh_put(fresh, files[i].path, id, &seen);
		if (now) {
			now[i].stat = seen.stat;
			now[i].mtime = seen.mtime;
			now[i].ino = seen.ino;
		}
		*same &= !strcmp(id, files[i].id);
		scan_key_add(k, files[i].path, id);
	}
	ret = 0;
done:
	source_hold(src, 0);
	return ret;
}
