/*
 * source.c - what every backend shares (see source.h and source_impl.h):
 * the confinement of paths, the read list and the content ids, and
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

void source_init(struct source *s, const struct source_ops *ops)
{
	assert(ops && ops->read && ops->kind && ops->list &&
	       ops->identity && ops->root && ops->free);
	s->ops = ops;
	s->reads = NULL;
	s->nreads = s->capreads = 0;
	s->known[0] = '\0';
}

void source_changed(struct source *s)
{
	s->known[0] = '\0';
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

/* Sets the error for rel, which a link takes outside; returns -1. */
static int leads_outside(const char *rel)
{
	kdep_error_set("'%s' leads outside the tree", rel);
	return -1;
}

/*
 * The part of an absolute link target below the root (its leading slash
 * dropped), or NULL when it lies outside (or the tree has no root).
 */
static const char *below_root(const struct source *s, const char *target)
{
	const char *root = source_root(s);
	size_t n = root ? strlen(root) : 0;
	while (n && root[n - 1] == '/')
		n--;
	if (!root || strncmp(target, root, n) ||
	    (target[n] && target[n] != '/'))
		return NULL;
	return target + n;
}

/*
 * The length of the longest directory known (or a parent of it) that path
 * lies strictly below: 0, or where a slash of path is.
 */
static size_t known_below(const char *known, const char *path)
{
	size_t n = 0;
	for (size_t i = 0; known[i] && known[i] == path[i]; i++)
		if (path[i + 1] == '/' &&
		    (known[i + 1] == '/' || known[i + 1] == '\0'))
			n = i + 1;
	return n;
}

int source_resolve(struct source *s, const char *rel, char *norm,
		   size_t size, enum source_kind *kind)
{
	/* todo: the components still to walk; norm (at bytes): the path
	 * walked so far, which names a directory and holds no link */
	char todo[PATH_MAX], target[PATH_MAX], spliced[2 * PATH_MAX];
	const char *p = todo;
	size_t at = 0;
	int links = 0;
	*kind = SOURCE_ABSENT;
	if (source_confine(rel, todo, sizeof(todo)))
		return -1;
	assert(size > 0);
	/* from the directory of an earlier walk that todo lies below, the
	 * last component always asked about */
	at = known_below(s->known, todo);
	if (at >= size)
		at = 0;
	memcpy(norm, todo, at);
	norm[at] = '\0';
	p = todo + at + (at ? 1 : 0);
	enum source_kind k = SOURCE_DIR;
	while (*p) {
		size_t n = strcspn(p, "/");
		const char *next = p + n + (p[n] == '/');
		if (k != SOURCE_DIR)
			return 0; /* below a file, or below nothing */
		if (n == 0 || (n == 1 && p[0] == '.')) {
			p = next;
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			/* only a link's target has these left */
			if (!at)
				return leads_outside(rel);
			while (at && norm[at - 1] != '/')
				at--;
			at -= at ? 1 : 0;
			norm[at] = '\0';
			p = next;
			continue;
		}
		size_t from = at;
		if (at + (at ? 1 : 0) + n >= size) {
			kdep_error_set("path too long: %s", rel);
			return -1;
		}
		if (at)
			norm[at++] = '/';
		memcpy(norm + at, p, n);
		at += n;
		norm[at] = '\0';
		k = s->ops->kind(s, norm);
		if (k == SOURCE_DIR && !links && at < sizeof(s->known))
			memcpy(s->known, norm, at + 1);
		if (k != SOURCE_LINK) {
			p = next;
			continue;
		}
		/* the link's target, walked from the link's directory */
		if (++links > SOURCE_MAX_LINKS) {
			kdep_error_set("'%s' passes more than %d symbolic "
				       "links", rel, SOURCE_MAX_LINKS);
			return -1;
		}
		assert(s->ops->link);
		if (s->ops->link(s, norm, target, sizeof(target)))
			return -1;
		at = from;
		norm[at] = '\0';
		const char *t = target;
		if (*t == '/') {
			if (!(t = below_root(s, target)))
				return leads_outside(rel);
			at = 0;
			norm[0] = '\0';
		}
		if ((size_t)snprintf(spliced, sizeof(spliced), "%s/%s", t,
				     next) >= sizeof(todo)) {
			kdep_error_set("path too long: %s", rel);
			return -1;
		}
		memcpy(todo, spliced, strlen(spliced) + 1);
		p = todo;
		k = SOURCE_DIR;
	}
	*kind = k;
	return 0;
}

int source_too_large(const char *rel)
{
	kdep_error_set("cannot read %s: larger than %u MiB, the most a tree "
		       "file may have", rel, SOURCE_MAX_FILE >> 20);
	return -1;
}

/* What a read of rel found instead of a file: the error; returns -1. */
static int not_a_file(const char *rel, enum source_kind kind)
{
	kdep_error_set("cannot read %s: %s", rel,
		       kind == SOURCE_DIR ? "is a directory" :
		       kind == SOURCE_OTHER ? "not a regular file" :
		       "No such file or directory");
	return -1;
}

/*
 * rel resolved into norm (PATH_MAX bytes) when it names a regular file;
 * -1 with the error set otherwise.
 */
static int resolve_file(struct source *s, const char *rel, char *norm)
{
	enum source_kind kind;
	if (source_resolve(s, rel, norm, PATH_MAX, &kind))
		return -1;
	return kind == SOURCE_FILE ? 0 : not_a_file(rel, kind);
}

/* ---- hashes and content ids -------------------------------------------- */

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

/* The content id function, installed by the git layer at start-up. */
static source_id_fn id_fn;

void source_set_id_fn(source_id_fn fn)
{
	id_fn = fn;
}

int source_blob_id(const void *data, size_t len, char id[SOURCE_ID_SIZE])
{
	id[0] = '\0';
	if (!id_fn) {
		kdep_error_set("no content id function is installed "
			       "(kgit_setup was not called)");
		return -1;
	}
	return id_fn(data, len, id);
}

int source_glob_id(char *const *matches, size_t n, char id[SOURCE_ID_SIZE])
{
	size_t len = 0, at = 0;
	for (size_t i = 0; i < n; i++)
		len += strlen(matches[i]) + 1;
	char *buf = malloc(len + 1);
	if (!buf) {
		kdep_error_oom();
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		size_t m = strlen(matches[i]) + 1;
		memcpy(buf + at, matches[i], m);
		at += m;
	}
	int ret = source_blob_id(buf, len, id);
	free(buf);
	return ret;
}

/* ---- the read list ------------------------------------------------------ */

static int record_entry(struct source *s, const char *rel, int glob,
			const char *id, uint64_t size,
			const struct source_stat *st)
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
	snprintf(f->id, sizeof(f->id), "%s", id);
	f->size = size;
	f->glob = glob;
	f->has_stat = st != NULL;
	if (st)
		f->st = *st;
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
	char id[SOURCE_ID_SIZE];
	struct source_stat st;
	int ret = -1, has_stat = record && s->ops->stat;
	*data = NULL;
	*len = 0;
	/* stat data from before the read: a change while it is read then
	 * shows as other stat data at the next check, never as the same */
	if (resolve_file(s, rel, norm) ||
	    (has_stat && s->ops->stat(s, norm, &st)) ||
	    s->ops->read(s, norm, &buf, &n))
		return -1;
	if (n > SOURCE_MAX_FILE) {
		source_too_large(rel);
		goto done;
	}
	if (record) {
		if (!s->ops->id ? source_blob_id(buf, n, id) :
		    s->ops->id(s, norm, id))
			goto done;
		if (record_entry(s, rel, 0, id, n, has_stat ? &st : NULL))
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

int source_file_id(struct source *s, const char *rel,
		   char id[SOURCE_ID_SIZE])
{
	char norm[PATH_MAX];
	char *data;
	size_t len;
	id[0] = '\0';
	if (resolve_file(s, rel, norm))
		return -1;
	if (s->ops->id)
		return s->ops->id(s, norm, id);
	if (s->ops->read(s, norm, &data, &len))
		return -1;
	int ret = source_blob_id(data, len, id);
	free(data);
	return ret;
}

int source_keeps_stat(const struct source *s)
{
	return s->ops->stat != NULL;
}

void source_hold(struct source *s, int on)
{
	if (s->ops->hold)
		s->ops->hold(s, on);
}

int source_file_stat(struct source *s, const char *rel,
		     struct source_stat *st)
{
	char norm[PATH_MAX];
	if (!s->ops->stat)
		return 0;
	if (resolve_file(s, rel, norm) || s->ops->stat(s, norm, st))
		return -1;
	return 1;
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
	enum source_kind kind;
	if (source_resolve(s, rel, norm, sizeof(norm), &kind))
		return SOURCE_ABSENT;
	return kind;
}

int source_check(struct source *s, const char *rel)
{
	char norm[PATH_MAX];
	enum source_kind kind;
	return source_resolve(s, rel, norm, sizeof(norm), &kind);
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
	assert(kind != SOURCE_ABSENT && kind != SOURCE_OTHER);
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
	char path[PATH_MAX];  /* the directory reached, then a candidate, as
			       * the pattern names it (links unresolved) */
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

/*
 * A candidate in w->path, which a listing said is kind (SOURCE_LINK when
 * it is yet to be resolved), matches when it is a regular file. A link
 * that leads outside the tree fails the glob: its match is what the
 * `source` would read, so it is neither read nor silently left out. A
 * name without wildcards (named) fails it when it names something that is
 * no regular file and no directory (a fifo); a wildcard's matches pass
 * over those, as they pass over directories.
 */
static int glob_hit(struct glob_walk *w, enum source_kind kind, int named)
{
	char norm[PATH_MAX];
	if (kind == SOURCE_LINK &&
	    source_resolve(w->s, w->path, norm, sizeof(norm), &kind))
		return -1;
	if (kind == SOURCE_OTHER && named)
		return not_a_file(w->path, kind);
	if (kind != SOURCE_FILE)
		return 0;
	return strbuild_add(&w->hits, w->path);
}

/*
 * Matches the components comp (NUL-separated, up to end) below the
 * directory w->path of length at. A component without wildcards is taken
 * as a name; one with them is matched against the directory's listing,
 * with a leading '.' matched only by a '.' (glob(3) without GLOB_PERIOD).
 * Every directory listed and every entry that matches is resolved
 * (source_resolve) before it is used.
 */
static int glob_walk(struct glob_walk *w, size_t at, const char *comp,
		     const char *end)
{
	const char *next = comp + strlen(comp) + 1;
	struct source_dirent *ents = NULL;
	char dir[PATH_MAX];
	enum source_kind kind;
	size_t nents = 0, len;
	int ret = -1;
	if (!glob_magic(comp)) {
		if (!(len = glob_join(w, at, comp)))
			return 0;
		return next >= end ? glob_hit(w, SOURCE_LINK, 1) :
		       glob_walk(w, len, next, end);
	}
	w->path[at] = '\0';
	if (source_resolve(w->s, w->path, dir, sizeof(dir), &kind))
		return -1;
	if (kind != SOURCE_DIR)
		return 0;
	int r = w->s->ops->list(w->s, dir, &ents, &nents);
	if (r == SOURCE_NOTDIR) {
		kdep_error_clear();
		return 0;
	}
	if (r)
		return -1;
	for (size_t i = 0; i < nents; i++) {
		if (fnmatch(comp, ents[i].name, FNM_PERIOD) ||
		    !(len = glob_join(w, at, ents[i].name)))
			continue;
		kind = ents[i].kind;
		if (next >= end) {
			if (glob_hit(w, kind, 0))
				goto done;
			continue;
		}
		if (kind == SOURCE_LINK &&
		    source_resolve(w->s, w->path, dir, sizeof(dir), &kind))
			goto done;
		if (kind == SOURCE_DIR && glob_walk(w, len, next, end))
			goto done;
	}
	ret = 0;
done:
	source_dirents_free(ents, nents);
	return ret;
}

int source_glob_literal(const char *pattern)
{
	return !glob_magic(pattern);
}

int source_glob_list(struct source *s, const char *pattern, char ***out,
		     size_t *n)
{
	char norm[PATH_MAX];
	struct glob_walk w = { .s = s };
	size_t len;
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
	    strbuild_finish(&w.hits, out, n)) {
		strv_free(w.hits.v);
		return -1;
	}
	return 0;
}

int source_glob(struct source *s, const char *pattern, char ***out,
		size_t *n)
{
	char **v = NULL;
	size_t k = 0;
	char id[SOURCE_ID_SIZE];
	*out = NULL;
	*n = 0;
	if (source_glob_list(s, pattern, &v, &k))
		return -1;
	if (source_glob_id(v, k, id) ||
	    record_entry(s, pattern, 1, id, k, NULL)) {
		strv_free(v);
		return -1;
	}
	*out = v;
	*n = k;
	return 0;
}

/*
 * A listing names what lies in the tree: an entry that is a link is
 * resolved, and one that leads outside is left out (never followed), as
 * is one that names no directory. A listing reads nothing, so leaving it
 * out hides nothing a parse would read; naming it (arch/NAME/Kconfig)
 * gets the error.
 */
int source_subdirs(struct source *s, const char *rel, char ***out, size_t *n)
{
	char norm[PATH_MAX], sub[PATH_MAX], target[PATH_MAX];
	struct source_dirent *ents = NULL;
	size_t nents = 0;
	struct strbuild b = { 0 };
	enum source_kind kind;
	int ret = -1;
	*out = NULL;
	*n = 0;
	if (source_resolve(s, rel, norm, sizeof(norm), &kind))
		return -1;
	if (kind != SOURCE_DIR) {
		kdep_error_set("cannot list %s: %s", rel,
			       kind == SOURCE_ABSENT ? "No such file or directory"
						     : "Not a directory");
		return -1;
	}
	if (s->ops->list(s, norm, &ents, &nents))
		return -1;
	for (size_t i = 0; i < nents; i++) {
		kind = ents[i].kind;
		if (ents[i].name[0] == '.')
			continue;
		if (kind == SOURCE_LINK &&
		    ((size_t)snprintf(sub, sizeof(sub), "%s%s%s", norm,
				      *norm ? "/" : "", ents[i].name) >=
			     sizeof(sub) ||
		     source_resolve(s, sub, target, sizeof(target), &kind))) {
			kdep_error_clear();
			kind = SOURCE_ABSENT;
		}
		if (kind == SOURCE_DIR && strbuild_add(&b, ents[i].name))
			goto done;
	}
	if (strbuild_finish(&b, out, n))
		goto done;
	b.v = NULL;
	ret = 0;
done:
	strv_free(b.v);
	source_dirents_free(ents, nents);
	return ret;
}
