/*
 * source.c - what every backend shares (see source.h and source_impl.h):
 * the confinement of paths, the read list and the content hashes.
 */
#include "source_impl.h"
#include "alloc.h"
#include "error.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void source_init(struct source *s, const struct source_ops *ops)
{
	assert(ops && ops->read && ops->kind && ops->glob && ops->subdirs &&
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
	*data = NULL;
	*len = 0;
	if (source_confine(rel, norm, sizeof(norm)) ||
	    s->ops->read(s, norm, &buf, &n))
		return -1;
	if (record && record_entry(s, rel, 0, source_hash(buf, n), n)) {
		free(buf);
		return -1;
	}
	*data = buf;
	*len = n;
	return 0;
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

int source_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int source_glob(struct source *s, const char *pattern, char ***out,
		size_t *n)
{
	char norm[PATH_MAX];
	char **v = NULL;
	size_t k = 0;
	*out = NULL;
	*n = 0;
	if (source_confine(pattern, norm, sizeof(norm)) ||
	    s->ops->glob(s, norm, &v, &k))
		return -1;
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
	*out = NULL;
	*n = 0;
	if (source_confine(rel, norm, sizeof(norm)))
		return -1;
	return s->ops->subdirs(s, norm, out, n);
}
