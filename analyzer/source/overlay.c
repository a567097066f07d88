/*
 * overlay.c - the overlay backend: a tree (the base) seen through files
 * edited, added or removed in memory, so that a Kconfig fix or a patch can
 * be proved by parsing again without touching the disk (see source.h).
 *
 * What an edit changes: the path itself (a file with the new contents, or
 * absent once removed) and, for an added file, its parent directories,
 * which exist from then on. Everything else is the base's, asked through
 * the base's ops with the path already confined, so reads of the overlay
 * never land in the base's read list.
 */
#include "source_impl.h"
#include "alloc.h"
#include "error.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One file of the overlay: new contents, or a removal. */
struct overlay_edit {
	char *path;     /* normalised, relative; unique in the overlay */
	char *data;     /* the contents, NUL-terminated; NULL: removed */
	size_t len;     /* bytes of data */
	char id[SOURCE_ID_SIZE]; /* source_blob_id of data; "" when removed */
};

/* A tree and its edits. */
struct overlay_source {
	struct source src;          /* the common part; first, so it casts */
	struct source *base;        /* the tree below (borrowed) */
	struct overlay_edit *edits; /* sorted by path (strcmp) */
	size_t nedits, capedits;    /* count and capacity of edits */
	uint64_t sum;               /* sum of edit_key over the edits */
	char *identity;             /* the identity, rewritten when asked */
	size_t identsize;           /* bytes of identity */
};

/* Two tables that differ in the id op: an overlay supplies ids without
 * the bytes exactly when its base does. */
static const struct source_ops overlay_ops, overlay_id_ops;

static struct overlay_source *overlay_of(const struct source *s)
{
	assert(s->ops == &overlay_ops || s->ops == &overlay_id_ops);
	return (struct overlay_source *)s;
}

/* The index of the first edit whose path is not below norm in strcmp
 * order: where norm is, or would be inserted. */
static size_t overlay_lower(const struct overlay_source *o, const char *norm)
{
	size_t lo = 0, hi = o->nedits;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(o->edits[mid].path, norm) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct overlay_edit *overlay_find(const struct overlay_source *o,
					 const char *norm)
{
	size_t i = overlay_lower(o, norm);
	if (i < o->nedits && !strcmp(o->edits[i].path, norm))
		return &o->edits[i];
	return NULL;
}

/* Whether path lies below directory dir ("" is the root). */
static int path_below(const char *path, const char *dir, size_t dirlen)
{
	if (!dirlen)
		return 1;
	return !strncmp(path, dir, dirlen) && path[dirlen] == '/';
}

/* Whether an added or edited file lies below norm, making it a directory. */
static int overlay_added_below(const struct overlay_source *o,
			       const char *norm)
{
	size_t len = strlen(norm);
	for (size_t i = 0; i < o->nedits; i++)
		if (o->edits[i].data && path_below(o->edits[i].path, norm, len))
			return 1;
	return 0;
}

/* Whether some edit is norm itself or lies below it. */
static int overlay_touches(const struct overlay_source *o, const char *norm)
{
	size_t len = strlen(norm);
	for (size_t i = 0; i < o->nedits; i++)
		if (!strcmp(o->edits[i].path, norm) ||
		    path_below(o->edits[i].path, norm, len))
			return 1;
	return 0;
}

/* What an edit adds to the identity's hash, whatever the order of edits. */
static uint64_t edit_key(const struct overlay_edit *e)
{
	uint64_t w[3] = { source_hash(e->path, strlen(e->path)),
			  source_hash(e->id, strlen(e->id)), e->data ? 1 : 2 };
	return source_hash(w, sizeof(w));
}

static enum source_kind overlay_kind(struct source *s, const char *norm)
{
	struct overlay_source *o = overlay_of(s);
	const struct overlay_edit *e = overlay_find(o, norm);
	if (e && e->data)
		return SOURCE_FILE;
	if (overlay_added_below(o, norm))
		return SOURCE_DIR;
	if (e)
		return SOURCE_ABSENT;
	return o->base->ops->kind(o->base, norm);
}

static int overlay_read(struct source *s, const char *norm, char **data,
			size_t *len)
{
	struct overlay_source *o = overlay_of(s);
	const struct overlay_edit *e = overlay_find(o, norm);
	char *buf;
	if (e && e->data) {
		if (!(buf = malloc(e->len + 1))) {
			kdep_error_oom();
			return -1;
		}
		memcpy(buf, e->data, e->len + 1);
		*data = buf;
		*len = e->len;
		return 0;
	}
	if (overlay_added_below(o, norm)) {
		kdep_error_set("cannot read %s: is a directory", norm);
		return -1;
	}
	if (e) {
		kdep_error_set("cannot read %s: No such file or directory",
			       norm);
		return -1;
	}
	return o->base->ops->read(o->base, norm, data, len);
}

static int overlay_link(struct source *s, const char *norm, char *buf,
			size_t size)
{
	struct overlay_source *o = overlay_of(s);
	if (overlay_kind(s, norm) != SOURCE_LINK) {
		kdep_error_set("cannot read link %s: not a symbolic link", norm);
		return -1;
	}
	return o->base->ops->link(o->base, norm, buf, size);
}

static int overlay_id(struct source *s, const char *norm,
		      char id[SOURCE_ID_SIZE])
{
	struct overlay_source *o = overlay_of(s);
	const struct overlay_edit *e = overlay_find(o, norm);
	if (e && e->data) {
		memcpy(id, e->id, SOURCE_ID_SIZE);
		return 0;
	}
	if (e || overlay_added_below(o, norm)) {
		kdep_error_set("cannot read %s: %s", norm, e ?
			       "No such file or directory" : "is a directory");
		return -1;
	}
	return o->base->ops->id(o->base, norm, id);
}

/* The index of entry name (len bytes) in v, or n. */
static size_t dirent_index(const struct source_dirent *v, size_t n,
			   const char *name, size_t len)
{
	size_t i = 0;
	while (i < n && (strncmp(v[i].name, name, len) || v[i].name[len]))
		i++;
	return i;
}

static int overlay_list(struct source *s, const char *norm,
			struct source_dirent **out, size_t *n)
{
	struct overlay_source *o = overlay_of(s);
	char path[PATH_MAX];
	struct source_dirent *v = NULL;
	size_t k = 0, cap, len = strlen(norm);
	int added = overlay_added_below(o, norm);
	if (!added && overlay_find(o, norm)) {
		kdep_error_set("cannot list %s: %s", norm,
			       overlay_find(o, norm)->data ? "Not a directory" :
			       "No such file or directory");
		return SOURCE_NOTDIR;
	}
	int r = o->base->ops->list(o->base, norm, &v, &k);
	if (r == SOURCE_NOTDIR && added) {
		/* a directory only the edits make */
		kdep_error_clear();
		v = NULL;
		k = 0;
	} else if (r) {
		return r;
	}
	cap = k;
	/* the base's entries, as the edits leave them */
	for (size_t i = 0; i < k;) {
		if ((size_t)snprintf(path, sizeof(path), "%s%s%s", norm,
				     len ? "/" : "", v[i].name) <
		    sizeof(path) && overlay_touches(o, path))
			v[i].kind = overlay_kind(s, path);
		if (v[i].kind != SOURCE_ABSENT) {
			i++;
			continue;
		}
		free(v[i].name);
		v[i] = v[--k];
	}
	/* and what the edits add */
	for (size_t i = 0; i < o->nedits; i++) {
		const struct overlay_edit *e = &o->edits[i];
		if (!e->data || !path_below(e->path, norm, len))
			continue;
		const char *name = e->path + len + (len ? 1 : 0);
		const char *slash = strchr(name, '/');
		size_t nlen = slash ? (size_t)(slash - name) : strlen(name);
		if (dirent_index(v, k, name, nlen) < k)
			continue;
		if (source_dirent_add(&v, &k, &cap, name, nlen,
				      slash ? SOURCE_DIR : SOURCE_FILE)) {
			source_dirents_free(v, k);
			return -1;
		}
	}
	*out = v;
	*n = k;
	return 0;
}

static const char *overlay_identity(const struct source *s)
{
	const struct overlay_source *o = overlay_of(s);
	snprintf(o->identity, o->identsize, "%s+edits:%016llx",
		 source_identity(o->base), (unsigned long long)o->sum);
	return o->identity;
}

static const char *overlay_root(const struct source *s)
{
	return source_root(overlay_of(s)->base);
}

static void overlay_free(struct source *s)
{
	struct overlay_source *o = overlay_of(s);
	for (size_t i = 0; i < o->nedits; i++) {
		free(o->edits[i].path);
		free(o->edits[i].data);
	}
	free(o->edits);
	free(o->identity);
	free(o);
}

static const struct source_ops overlay_ops = {
	.read = overlay_read,
	.kind = overlay_kind,
	.link = overlay_link,
	.list = overlay_list,
	.identity = overlay_identity,
	.root = overlay_root,
	.free = overlay_free,
};

static const struct source_ops overlay_id_ops = {
	.read = overlay_read,
	.kind = overlay_kind,
	.link = overlay_link,
	.list = overlay_list,
	.id = overlay_id,
	.identity = overlay_identity,
	.root = overlay_root,
	.free = overlay_free,
};

int source_open_overlay(struct source **out, struct source *base)
{
	struct overlay_source *o;
	assert(base);
	*out = NULL;
	if (!(o = kdep_calloc(1, sizeof(*o))))
		return -1;
	o->base = base;
	/* the identity's length is the base's plus a fixed suffix */
	o->identsize = strlen(source_identity(base)) +
		       sizeof("+edits:0123456789abcdef");
	if (!(o->identity = kdep_calloc(o->identsize, 1))) {
		free(o);
		return -1;
	}
	source_init(&o->src, base->ops->id ? &overlay_id_ops :
		    &overlay_ops);
	*out = &o->src;
	return 0;
}

/*
 * path confined into norm for an edit of s; -1 with the error set when it
 * is no overlay, or path is outside the tree or the root itself.
 */
static int overlay_path(struct source *s, const char *path, char *norm,
			size_t size)
{
	if (s->ops != &overlay_ops && s->ops != &overlay_id_ops) {
		kdep_error_set("cannot edit %s: the tree is not an overlay",
			       path);
		return -1;
	}
	if (source_confine(path, norm, size))
		return -1;
	if (!*norm) {
		kdep_error_set("cannot edit %s: is a directory", path);
		return -1;
	}
	return 0;
}

/*
 * Sets the edit of norm to data (len bytes, owned from now on; NULL for a
 * removal), adding an edit when norm has none. 0, or -1 with the error set,
 * data freed and the overlay as it was.
 */
static int overlay_set(struct overlay_source *o, const char *norm,
		       char *data, size_t len)
{
	struct overlay_edit *e = overlay_find(o, norm);
	char id[SOURCE_ID_SIZE] = "";
	if (data && source_blob_id(data, len, id)) {
		free(data);
		return -1;
	}
	if (e) {
		o->sum -= edit_key(e);
	} else {
		size_t at = overlay_lower(o, norm);
		char *path = kdep_strdup(norm);
		if (!path || kdep_grow(&o->edits, &o->capedits, o->nedits + 1,
				       sizeof(*o->edits))) {
			free(path);
			free(data);
			return -1;
		}
		e = &o->edits[at];
		memmove(e + 1, e, (o->nedits - at) * sizeof(*e));
		*e = (struct overlay_edit){ .path = path };
		o->nedits++;
	}
	free(e->data);
	e->data = data;
	e->len = len;
	memcpy(e->id, id, SOURCE_ID_SIZE);
	o->sum += edit_key(e);
	source_changed(&o->src);
	return 0;
}

int source_overlay_put(struct source *s, const char *path, const char *data,
		       size_t len)
{
	char norm[PATH_MAX];
	struct overlay_source *o;
	char *copy;
	assert(data || !len);
	if (overlay_path(s, path, norm, sizeof(norm)))
		return -1;
	o = overlay_of(s);
	enum source_kind kind = overlay_kind(s, norm);
	if (kind == SOURCE_DIR || kind == SOURCE_LINK) {
		kdep_error_set("cannot edit %s: %s", path, kind == SOURCE_DIR ?
			       "is a directory" : "is a symbolic link");
		return -1;
	}
	/* every parent must be a directory, or nothing yet: an edit is
	 * never made through a symbolic link */
	for (char *slash = strchr(norm, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		kind = overlay_kind(s, norm);
		if (kind != SOURCE_DIR && kind != SOURCE_ABSENT)
			kdep_error_set("cannot edit %s: %s is %s", path, norm,
				       kind == SOURCE_LINK ? "a symbolic link"
							   : "a file");
		*slash = '/';
		if (kind != SOURCE_DIR && kind != SOURCE_ABSENT)
			return -1;
	}
	if (!(copy = malloc(len + 1))) {
		kdep_error_oom();
		return -1;
	}
	if (len)
		memcpy(copy, data, len);
	copy[len] = '\0';
	return overlay_set(o, norm, copy, len);
}

int source_overlay_remove(struct source *s, const char *path)
{
	char norm[PATH_MAX];
	struct overlay_source *o;
	struct overlay_edit *e;
	enum source_kind kind;
	if (overlay_path(s, path, norm, sizeof(norm)))
		return -1;
	o = overlay_of(s);
	if ((kind = overlay_kind(s, norm)) != SOURCE_FILE) {
		kdep_error_set("cannot remove %s: %s", path,
			       kind == SOURCE_DIR ? "is a directory" :
			       kind == SOURCE_LINK ? "is a symbolic link" :
			       "No such file or directory");
		return -1;
	}
	e = overlay_find(o, norm);
	if (o->base->ops->kind(o->base, norm) != SOURCE_FILE) {
		/* a file only the overlay has: forget it */
		assert(e && e->data);
		size_t at = (size_t)(e - o->edits);
		o->sum -= edit_key(e);
		free(e->path);
		free(e->data);
		memmove(e, e + 1, (o->nedits - at - 1) * sizeof(*e));
		o->nedits--;
		source_changed(&o->src);
		return 0;
	}
	return overlay_set(o, norm, NULL, 0);
}
