/*
 * dir.c - the directory backend: a tree read from disk (see source.h).
 */
#include "source_impl.h"
#include "alloc.h"
#include "error.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A tree on disk. */
struct dir_source {
	struct source src;  /* the common part; first, so a source casts */
	char *root;         /* realpath of the tree */
	size_t rootlen;     /* strlen(root) */
};

static const struct source_ops dir_ops;

static struct dir_source *dir_of(const struct source *s)
{
	assert(s->ops == &dir_ops);
	return (struct dir_source *)s;
}

/* root + "/" + norm, in buf; -1 with the error set when too long. */
static int dir_path(const struct dir_source *d, const char *norm, char *buf,
		    size_t n)
{
	if ((size_t)snprintf(buf, n, "%s%s%s", d->root, *norm ? "/" : "",
			     norm) >= n) {
		kdep_error_set("path too long: %s", norm);
		return -1;
	}
	return 0;
}

/*
 * The path on disk of norm, in buf, for reading it or asking what it is:
 * dir_path through the confinement on disk (source_inside). -1 with the
 * error set when it is too long or leads outside the tree.
 */
static int dir_resolve(const struct dir_source *d, const char *norm,
		       char *buf, size_t n)
{
	if (dir_path(d, norm, buf, n))
		return -1;
	if (!source_inside(d->root, d->rootlen, buf)) {
		kdep_error_set("'%s' leads outside the tree", norm);
		return -1;
	}
	return 0;
}

static int dir_read(struct source *s, const char *norm, char **data,
		    size_t *len)
{
	struct dir_source *d = dir_of(s);
	char path[PATH_MAX];
	char *buf = NULL;
	size_t cap = 0, n = 0;
	int fd = -1, ret = -1;
	if (dir_resolve(d, norm, path, sizeof(path)))
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		kdep_error_set("cannot read %s: %s", norm, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		cap = (size_t)st.st_size + 1;
	else if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		kdep_error_set("cannot read %s: is a directory", norm);
		goto done;
	}
	if (cap < 4096)
		cap = 4096;
	if (!(buf = malloc(cap))) {
		kdep_error_oom();
		goto done;
	}
	for (;;) {
		if (n + 1 >= cap && kdep_grow(&buf, &cap, cap * 2, 1))
			goto done;
		ssize_t r = read(fd, buf + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			kdep_error_set("cannot read %s: %s", norm,
				       strerror(errno));
			goto done;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	buf = NULL;
	ret = 0;
done:
	free(buf);
	if (fd >= 0)
		close(fd);
	return ret;
}

static enum source_kind dir_kind(struct source *s, const char *norm)
{
	struct dir_source *d = dir_of(s);
	char path[PATH_MAX];
	struct stat st;
	if (dir_resolve(d, norm, path, sizeof(path)) || stat(path, &st))
		return SOURCE_ABSENT;
	if (S_ISREG(st.st_mode))
		return SOURCE_FILE;
	return S_ISDIR(st.st_mode) ? SOURCE_DIR : SOURCE_ABSENT;
}

/*
 * A listing follows a linked directory without the check of dir_resolve,
 * as before (glob(3) did when it expanded this backend's globs, and
 * subdirectories were listed unchecked); a glob's matches go through
 * dir_kind, and every file through dir_resolve when it is read.
 */
static int dir_list(struct source *s, const char *norm,
		    struct source_dirent **out, size_t *n)
{
	struct dir_source *d = dir_of(s);
	char path[PATH_MAX];
	struct source_dirent *v = NULL;
	size_t k = 0, cap = 0;
	DIR *dh;
	struct dirent *e;
	if (dir_path(d, norm, path, sizeof(path)))
		return -1;
	if (!(dh = opendir(path))) {
		int notdir = errno == ENOENT || errno == ENOTDIR;
		kdep_error_set("cannot list %s: %s", *norm ? norm : ".",
			       strerror(errno));
		return notdir ? SOURCE_NOTDIR : -1;
	}
	while ((e = readdir(dh))) {
		enum source_kind kind = SOURCE_ABSENT;
		struct stat st;
		char sub[PATH_MAX + 256];
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (e->d_type == DT_DIR)
			kind = SOURCE_DIR;
		else if (e->d_type == DT_REG)
			kind = SOURCE_FILE;
		else if (snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name) <
			 (int)sizeof(sub) && !stat(sub, &st))
			kind = S_ISDIR(st.st_mode) ? SOURCE_DIR :
			       S_ISREG(st.st_mode) ? SOURCE_FILE : SOURCE_ABSENT;
		if (kind != SOURCE_ABSENT &&
		    source_dirent_add(&v, &k, &cap, e->d_name,
				      strlen(e->d_name), kind)) {
			closedir(dh);
			source_dirents_free(v, k);
			return -1;
		}
	}
	closedir(dh);
	*out = v;
	*n = k;
	return 0;
}

static const char *dir_identity(const struct source *s)
{
	return dir_of(s)->root;
}

static const char *dir_root(const struct source *s)
{
	return dir_of(s)->root;
}

static void dir_free(struct source *s)
{
	struct dir_source *d = dir_of(s);
	free(d->root);
	free(d);
}

static const struct source_ops dir_ops = {
	.read = dir_read,
	.kind = dir_kind,
	.list = dir_list,
	.identity = dir_identity,
	.root = dir_root,
	.free = dir_free,
};

int source_open_dir(struct source **out, const char *dir)
{
	struct stat st;
	struct dir_source *d = NULL;
	*out = NULL;
	if (stat(dir, &st)) {
		kdep_error_set("cannot open tree %s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		kdep_error_set("cannot open tree %s: not a directory", dir);
		return -1;
	}
	if (!(d = kdep_calloc(1, sizeof(*d))))
		return -1;
	if (!(d->root = realpath(dir, NULL))) {
		kdep_error_set("cannot open tree %s: %s", dir, strerror(errno));
		free(d);
		return -1;
	}
	d->rootlen = strlen(d->root);
	source_init(&d->src, &dir_ops);
	*out = &d->src;
	return 0;
}
