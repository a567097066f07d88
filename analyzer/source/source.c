/*
 * source.c - what every backend shares (see source.h and source_impl.h):
 * the confinement of paths, the read list and the content hashes, and
 * globs and subdirectories over a backend's directory listings.
 */
#include "source_impl.h"
#include "alloc.h"
#include "error.h"

#include <assert.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void source_init(struct source *s, const struct source_ops *ops)
{
	assert(ops && ops->read && ops->kind && ops->list &&
	       ops->identity && ops->root && ops->free);
	s->ops = ops;
	s->reads = NULL;
	s->nreads = s->capreads = 0;
}

void source_free(struct source *s)
{
	if (!s)
		return;
	source_forget_reads(s);
	free(s->reads);
	s->reads = NULL;
	s->ops->free(s);
}

const char *source_identity(const struct source *s)
{
	return s->ops->identity(s);
}

const char *source_root(const struct source *s)
{
	return s->ops->root(s);
}

/* ---- confinement -------------------------------------------------------- */

int source_normalize(char *rel)
{
	/* out trails p: components are copied down over what was read, a
	 * slash written only before a component that follows another. */
	char *out = rel;
	const char *p = rel;
	if (*rel == '/')
		return -1;
	while (*p) {
		size_t n = strcspn(p, "/");
		const char *next = p + n + (p[n] == '/');
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* "a//b", "a/./b": nothing to keep */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (out == rel)
				return -1;
			/* back over the last component and the slash before */
			while (out > rel && out[-1] != '/')
				out--;
			if (out > rel)
				out--;
		} else {
			if (out > rel)
				*out++ = '/';
			memmove(out, p, n);
			out += n;
		}
		p = next;
	}
	*out = '\0';
	return 0;
}

int source_confine(const char *rel, char *norm, size_t size)
{
	if ((size_t)snprintf(norm, size, "%s", rel) >= size) {
		kdep_error_set("path too long: %s", rel);
		return -1;
	}
	if (source_normalize(norm)) {
		kdep_error_set("'%s' is outside the tree", rel);
		return -1;
	}
	return 0;
}

int source_inside(const char *root, size_t rootlen, const char *path)
{
	struct stat st;
	if (lstat(path, &st) || !S_ISLNK(st.st_mode))
		return 1;
	char *real = realpath(path, NULL);
	int ok = real && !strncmp(real, root, rootlen) &&
		 (real[rootlen] == '/' || real[rootlen] == '\0');
	free(real);
	return ok;
}

/* ---- hashes ------------------------------------------------------------- */

uint64_t source_hash(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ull ^ len;
	while (len >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * 0x100000001b3ull;
		h ^= h >> 29;
		p += 8;
		len -= 8;
	}
	while (len--)
		h = (h ^ *p++) * 0x100000001b3ull;
	/* final avalanche (the 64-bit finaliser of MurmurHash3) */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

uint64_t source_glob_hash(char *const *matches, size_t n)
{
	uint64_t h = source_hash("glob", 4) ^ n;
	for (size_t i = 0; i < n; i++)
		h = h * 31 + source_hash(matches[i], strlen(matches[i]));
	return h;
}

/* ---- the read list ------------------------------------------------------ */

static int record_entry(struct source *s, const char *rel, int glob,
			uint64_t hash, uint64_t size)
{
	char norm[PATH_MAX];
	snprintf(norm, sizeof(norm), "%s", rel);
	if (!glob)
		source_normalize(norm);
	for (size_t i = s->nreads; i-- > 0;)
		if (s->reads[i].glob == glob && !strcmp(s->reads[i].path, norm))
			return 0;
	if (kdep_grow(&s->reads, &s->capreads, s->nreads + 1,
		      sizeof(*s->reads)))
		return -1;
	struct source_file *f = &s->reads[s->nreads];
	if (!(f->path = kdep_strdup(norm)))
		return -1;
	f->hash = hash;
	f->size = size;
	f->glob = glob;
	s->nreads++;
	return 0;
}

const struct source_file *source_files_read(const struct source *s,
					    size_t *n)
{
	*n = s->nreads;
	return s->reads;
}

void source_forget_reads(struct source *s)
{
	for (size_t i = 0; i < s->nreads; i++)
		free(s->reads[i].path);
	s->nreads = 0;
}

/* ---- reading ------------------------------------------------------------ */

int source_read(struct source *s, const char *rel, int record, char **data,
		size_t *len)
{
	char norm[PATH_MAX];
	char *buf = NULL;
	size_t n = 0;
	uint64_t hash = 0;
	int ret = -1;
	*data = NULL;
	*len = 0;
	if (source_confine(rel, norm, sizeof(norm)) ||
	    s->ops->read(s, norm, &buf, &n))
		return -1;
	if (record) {
		if (!s->ops->hash)
			hash = source_hash(buf, n);
		else if (s->ops->hash(s, norm, &hash))
			goto done;
		if (record_entry(s, rel, 0, hash, n))
			goto done;
	}
	*data = buf;
	*len = n;
	buf = NULL;
	ret = 0;
done:
	free(buf);
	return ret;
}

int source_file_hash(struct source *s, const char *rel, uint64_t *hash)
{
	char norm[PATH_MAX];
	char *data;
	size_t len;
	*hash = 0;
	if (source_confine(rel, norm, sizeof(norm)))
		return -1;
	if (s->ops->hash)
		return s->ops->hash(s, norm, hash);
	if (s->ops->read(s, norm, &data, &len))
		return -1;
	*hash = source_hash(data, len);
	free(data);
	return 0;
}

const char *source_line_text(struct source *s, const char *file, uint32_t n,
			     char *buf, size_t size)
{
	char *data;
	size_t len, at = 0;
	assert(buf && size > 0);
	buf[0] = '\0';
	if (source_read(s, file, 0, &data, &len))
		return buf;
	const char *p = data, *end = data + len;
	for (uint32_t i = 1; i < n && p < end; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	/* The line, and the lines a trailing backslash continues it on. */
	while (p < end && at + 1 < size) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		size_t left = p < end ? (size_t)(end - p) : 0;
		const char *nl = left ? memchr(p, '\n', left) : NULL;
		const char *e = nl ? nl : end;
		int more = e > p && e[-1] == '\\';
		const char *stop = more ? e - 1 : e;
		while (stop > p && (stop[-1] == ' ' || stop[-1] == '\t'))
			stop--;
		at += (size_t)snprintf(buf + at, size - at, "%s%.*s",
				       at ? " " : "", (int)(stop - p), p);
		if (at >= size)
			at = size - 1;
		if (!more)
			break;
		p = nl ? nl + 1 : end;
	}
	free(data);
	return buf;
}

/* What rel names; absent (with the error set) when it is outside. */
static enum source_kind source_kind_of(struct source *s, const char *rel)
{
	char norm[PATH_MAX];
	if (source_confine(rel, norm, sizeof(norm)))
		return SOURCE_ABSENT;
	return s->ops->kind(s, norm);
}

int source_is_file(struct source *s, const char *rel)
{
	return source_kind_of(s, rel) == SOURCE_FILE;
}

int source_is_dir(struct source *s, const char *rel)
{
	return source_kind_of(s, rel) == SOURCE_DIR;
}

/* ---- listings, globs and subdirectories, for every backend ------------- */

int source_dirent_add(struct source_dirent **v, size_t *n, size_t *cap,
		      const char *name, size_t len, enum source_kind kind)
{
	char *copy;
	assert(kind != SOURCE_ABSENT);
	if (kdep_grow(v, cap, *n + 1, sizeof(**v)))
		return -1;
	if (!(copy = strndup(name, len))) {
		kdep_error_oom();
		return -1;
	}
	(*v)[*n].name = copy;
	(*v)[*n].kind = kind;
	(*n)++;
	return 0;
}

void source_dirents_free(struct source_dirent *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A NULL-terminated vector of strings being built. */
struct strbuild {
	char **v;        /* the strings, NULL-terminated once one is added */
	size_t n, cap;   /* count and capacity of v */
};

static int strbuild_add(struct strbuild *b, const char *str)
{
	if (kdep_grow(&b->v, &b->cap, b->n + 2, sizeof(char *)) ||
	    !(b->v[b->n] = kdep_strdup(str)))
		return -1;
	b->v[++b->n] = NULL;
	return 0;
}

/* The vector, sorted (an empty one when nothing was added). */
static int strbuild_finish(struct strbuild *b, char ***out, size_t *n)
{
	if (!b->v && !(b->v = kdep_calloc(1, sizeof(char *))))
		return -1;
	qsort(b->v, b->n, sizeof(char *), cmp_str);
	*out = b->v;
	*n = b->n;
	return 0;
}

/* A glob being expanded: where it has got to and what matched. */
struct glob_walk {
	struct source *s;     /* the tree */
	char path[PATH_MAX];  /* the directory reached, then a candidate */
	struct strbuild hits; /* the regular files that matched */
};

/* Whether a pattern component needs matching rather than naming. */
static int glob_magic(const char *comp)
{
	return strpbrk(comp, "*?[\\") != NULL;
}

/* w->path, of length at, joined with name; its new length, or 0 when it
 * would not fit (and so names nothing). */
static size_t glob_join(struct glob_walk *w, size_t at, const char *name)
{
	size_t len = strlen(name);
	size_t sep = at ? 1 : 0;
	if (at + sep + len >= sizeof(w->path))
		return 0;
	if (sep)
		w->path[at] = '/';
	memcpy(w->path + at + sep, name, len + 1);
	return at + sep + len;
}

/* A candidate in w->path matches when it is a regular file. */
static int glob_hit(struct glob_walk *w)
{
	if (w->s->ops->kind(w->s, w->path) != SOURCE_FILE)
		return 0;
	return strbuild_add(&w->hits, w->path);
}

/*
 * Matches the components comp (NUL-separated, up to end) below the
 * directory w->path of length at. A component without wildcards is taken
 * as a name; one with them is matched against the directory's listing,
 * with a leading '.' matched only by a '.' (glob(3) without GLOB_PERIOD).
 */
static int glob_walk(struct glob_walk *w, size_t at, const char *comp,
		     const char *end)
{
	const char *next = comp + strlen(comp) + 1;
	struct source_dirent *ents = NULL;
	size_t nents = 0, len;
	int ret = -1;
	if (!glob_magic(comp)) {
		if (!(len = glob_join(w, at, comp)))
			return 0;
		return next >= end ? glob_hit(w) : glob_walk(w, len, next, end);
	}
	w->path[at] = '\0';
	int r = w->s->ops->list(w->s, w->path, &ents, &nents);
	if (r == SOURCE_NOTDIR) {
		kdep_error_clear();
		return 0;
	}
	if (r)
		return -1;
	for (size_t i = 0; i < nents; i++) {
		enum source_kind want = next >= end ? SOURCE_FILE : SOURCE_DIR;
		if (ents[i].kind != want ||
		    fnmatch(comp, ents[i].name, FNM_PERIOD) ||
		    !(len = glob_join(w, at, ents[i].name)))
			continue;
		if (next >= end ? glob_hit(w) : glob_walk(w, len, next, end))
			goto done;
	}
	ret = 0;
done:
	source_dirents_free(ents, nents);
	return ret;
}

int source_glob(struct source *s, const char *pattern, char ***out,
		size_t *n)
{
	char norm[PATH_MAX];
	struct glob_walk w = { .s = s };
	char **v = NULL;
	size_t k = 0, len;
	*out = NULL;
	*n = 0;
	if (source_confine(pattern, norm, sizeof(norm)))
		return -1;
	/* the components as NUL-terminated strings, one after the other */
	len = strlen(norm);
	for (char *p = norm; *p; p++)
		if (*p == '/')
			*p = '\0';
	if ((len && glob_walk(&w, 0, norm, norm + len + 1)) ||
	    strbuild_finish(&w.hits, &v, &k)) {
		strv_free(w.hits.v);
		return -1;
	}
	if (record_entry(s, pattern, 1, source_glob_hash(v, k), k)) {
		strv_free(v);
		return -1;
	}
	*out = v;
	*n = k;
	return 0;
}

int source_subdirs(struct source *s, const char *rel, char ***out, size_t *n)
{
	char norm[PATH_MAX];
	struct source_dirent *ents = NULL;
	size_t nents = 0;
	struct strbuild b = { 0 };
	int ret = -1;
	*out = NULL;
	*n = 0;
	if (source_confine(rel, norm, sizeof(norm)) ||
	    s->ops->list(s, norm, &ents, &nents))
		return -1;
	for (size_t i = 0; i < nents; i++)
		if (ents[i].kind == SOURCE_DIR && ents[i].name[0] != '.' &&
		    strbuild_add(&b, ents[i].name))
			goto done;
	if (strbuild_finish(&b, out, n))
		goto done;
	b.v = NULL;
	ret = 0;
done:
	strv_free(b.v);
	source_dirents_free(ents, nents);
	return ret;
}
