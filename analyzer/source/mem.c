/*
 * mem.c - the in-memory backend: a tree whose files (and symbolic links)
 * are handed over one by one with source_mem_add and source_mem_link (see
 * source.h).
 */
#include "source_impl.h"
#include "alloc.h"
#include "error.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A file or a symbolic link of an in-memory tree. */
struct mem_file {
	char *path;                /* normalised, relative */
	char *data;                /* contents, NUL-terminated */
	size_t len;                /* bytes */
	int link;                  /* a symbolic link: data is its target */
};

/* A tree in memory. */
struct mem_source {
	struct source src;         /* the common part; first, so a source casts */
	char *root;                /* the directory probes would run in */
	char *identity;            /* the name it was given */
	struct mem_file *files;    /* the files, in the order added */
	size_t nfiles, capfiles;   /* count and capacity of files */
};

static const struct source_ops mem_ops;

static struct mem_source *mem_of(const struct source *s)
{
	assert(s->ops == &mem_ops);
	return (struct mem_source *)s;
}

static const struct mem_file *mem_find(const struct mem_source *m,
				       const char *norm)
{
	for (size_t i = 0; i < m->nfiles; i++)
		if (!strcmp(m->files[i].path, norm))
			return &m->files[i];
	return NULL;
}

/* Whether some file of the tree lies below directory norm. */
static int mem_is_dir(const struct mem_source *m, const char *norm)
{
	size_t n = strlen(norm);
	if (!n)
		return 1;
	for (size_t i = 0; i < m->nfiles; i++)
		if (!strncmp(m->files[i].path, norm, n) &&
		    m->files[i].path[n] == '/')
			return 1;
	return 0;
}

static int mem_read(struct source *s, const char *norm, char **data,
		    size_t *len)
{
	const struct mem_source *m = mem_of(s);
	const struct mem_file *f = mem_find(m, norm);
	char *buf;
	if (!f || f->link) {
		kdep_error_set("cannot read %s: %s", norm,
			       f ? "is a symbolic link" :
			       mem_is_dir(m, norm) ? "is a directory" :
			       "No such file or directory");
		return -1;
	}
	if (!(buf = malloc(f->len + 1))) {
		kdep_error_oom();
		return -1;
	}
	memcpy(buf, f->data, f->len + 1);
	*data = buf;
	*len = f->len;
	return 0;
}

static enum source_kind mem_kind(struct source *s, const char *norm)
{
	const struct mem_source *m = mem_of(s);
	const struct mem_file *f = mem_find(m, norm);
	if (f)
		return f->link ? SOURCE_LINK : SOURCE_FILE;
	return mem_is_dir(m, norm) ? SOURCE_DIR : SOURCE_ABSENT;
}

static int mem_link(struct source *s, const char *norm, char *buf,
		    size_t size)
{
	const struct mem_file *f = mem_find(mem_of(s), norm);
	if (!f || !f->link) {
		kdep_error_set("cannot read link %s: not a symbolic link", norm);
		return -1;
	}
	if ((size_t)snprintf(buf, size, "%s", f->data) >= size) {
		kdep_error_set("cannot read link %s: target too long", norm);
		return -1;
	}
	return 0;
}

static int mem_list(struct source *s, const char *norm,
		    struct source_dirent **out, size_t *n)
{
	const struct mem_source *m = mem_of(s);
	struct source_dirent *v = NULL;
	size_t k = 0, cap = 0, len = strlen(norm);
	enum source_kind what = mem_kind(s, norm);
	if (what != SOURCE_DIR) {
		kdep_error_set("cannot list %s: %s", norm,
			       what == SOURCE_FILE ? "Not a directory" :
			       "No such file or directory");
		return SOURCE_NOTDIR;
	}
	for (size_t i = 0; i < m->nfiles; i++) {
		const char *p = m->files[i].path;
		if (len && (strncmp(p, norm, len) || p[len] != '/'))
			continue;
		p += len + (len ? 1 : 0);
		const char *slash = strchr(p, '/');
		size_t nlen = slash ? (size_t)(slash - p) : strlen(p);
		enum source_kind kind = slash ? SOURCE_DIR :
					m->files[i].link ? SOURCE_LINK :
					SOURCE_FILE;
		size_t j = 0;
		while (j < k && (strncmp(v[j].name, p, nlen) || v[j].name[nlen]))
			j++;
		/* a path both added and below an added one reads as what
		 * was added, as mem_kind says */
		if (j < k) {
			if (kind != SOURCE_DIR)
				v[j].kind = kind;
		} else if (source_dirent_add(&v, &k, &cap, p, nlen, kind)) {
			source_dirents_free(v, k);
			return -1;
		}
	}
	*out = v;
	*n = k;
	return 0;
}

static const char *mem_identity(const struct source *s)
{
	return mem_of(s)->identity;
}

static const char *mem_root(const struct source *s)
{
	return mem_of(s)->root;
}

static void mem_free(struct source *s)
{
	struct mem_source *m = mem_of(s);
	for (size_t i = 0; i < m->nfiles; i++) {
		free(m->files[i].path);
		free(m->files[i].data);
	}
	free(m->files);
	free(m->identity);
	free(m->root);
	free(m);
}

static const struct source_ops mem_ops = {
	.read = mem_read,
	.kind = mem_kind,
	.link = mem_link,
	.list = mem_list,
	.identity = mem_identity,
	.root = mem_root,
	.free = mem_free,
};

int source_open_mem(struct source **out, const char *identity,
		    const char *root)
{
	struct mem_source *m = kdep_calloc(1, sizeof(*m));
	*out = NULL;
	if (!m)
		return -1;
	source_init(&m->src, &mem_ops);
	if (!(m->root = kdep_strdup(root)) ||
	    !(m->identity = kdep_strdup(identity))) {
		source_free(&m->src);
		return -1;
	}
	*out = &m->src;
	return 0;
}

/* Adds path holding data (len bytes), a file, or a link's target. */
static int mem_add(struct source *s, const char *path, const char *data,
		   size_t len, int link)
{
	struct mem_source *m = (struct mem_source *)s;
	char norm[PATH_MAX];
	snprintf(norm, sizeof(norm), "%s", path);
	if (s->ops != &mem_ops || source_normalize(norm) || !*norm) {
		kdep_error_set("bad path for an in-memory tree: %s", path);
		return -1;
	}
	/* a path added again is replaced: one entry per path, so that
	 * lookups and listings see the same one */
	struct mem_file *f = (struct mem_file *)mem_find(m, norm);
	char *copy = malloc(len + 1);
	if (!copy) {
		kdep_error_oom();
		return -1;
	}
	memcpy(copy, data, len);
	copy[len] = '\0';
	if (!f) {
		if (kdep_grow(&m->files, &m->capfiles, m->nfiles + 1,
			      sizeof(*m->files)) ||
		    !(m->files[m->nfiles].path = kdep_strdup(norm))) {
			free(copy);
			return -1;
		}
		f = &m->files[m->nfiles++];
	} else {
		free(f->data);
	}
	f->data = copy;
	f->len = len;
	f->link = link;
	source_changed(s);
	return 0;
}

int source_mem_add(struct source *s, const char *path, const char *data,
		   size_t len)
{
	return mem_add(s, path, data, len, 0);
}

int source_mem_link(struct source *s, const char *path, const char *target)
{
	return mem_add(s, path, target, strlen(target), 1);
}
