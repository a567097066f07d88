/*
 * dir.c - the directory backend: a tree read from disk (see source.h).
 */
#define _GNU_SOURCE /* O_PATH */
#include "source_impl.h"
#include "alloc.h"
#include "error.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* A tree on disk. */
struct dir_source {
	struct source src;  /* the common part; first, so a source casts */
	char *root;         /* realpath of the tree */
	int rootfd;         /* the root, opened O_PATH: every path is
			     * taken from it */
	int held;           /* source_hold is on: the last path's fstatat
			     * is kept, in last */
	int last_valid;     /* last holds an answer */
	int last_err;       /* its errno, or 0 */
	struct stat last_st;
	char last[PATH_MAX];
};

static const struct source_ops dir_ops;

static struct dir_source *dir_of(const struct source *s)
{
	assert(s->ops == &dir_ops);
	return (struct dir_source *)s;
}

/* norm as a path relative to the root directory: "." for the root. */
static const char *dir_rel(const char *norm)
{
	return *norm ? norm : ".";
}

/*
 * Opens norm below the root with flags, following no symbolic link even
 * when one is put in the way after the common code resolved the path (a
 * race): the open then fails (ELOOP, ENOTDIR, EXDEV). In one call where
 * the kernel has openat2 (Linux 5.6), else one component at a time with
 * O_NOFOLLOW. -1 with errno set.
 */
static int dir_open(const struct dir_source *d, const char *norm, int flags)
{
	char buf[PATH_MAX];
	int fd = d->rootfd;
#ifdef SYS_openat2
	struct open_how how = {
		.flags = (uint64_t)(flags | O_NOFOLLOW | O_CLOEXEC),
		.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH,
	};
	long r = syscall(SYS_openat2, d->rootfd, dir_rel(norm), &how,
			 sizeof(how));
	if (r >= 0 || (errno != ENOSYS && errno != EPERM))
		return (int)r;
#endif
	if ((size_t)snprintf(buf, sizeof(buf), "%s", dir_rel(norm)) >=
	    sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = buf;;) {
		char *slash = strchr(p, '/');
		int last = !slash, nfd;
		if (slash)
			*slash = '\0';
		nfd = openat(fd, p, O_NOFOLLOW | O_CLOEXEC |
			     (last ? flags : O_PATH | O_DIRECTORY));
		if (fd != d->rootfd) {
			int e = errno;
			close(fd);
			errno = e;
		}
		if (nfd < 0 || last)
			return nfd;
		fd = nfd;
		p = slash + 1;
	}
}

static int dir_read(struct source *s, const char *norm, char **data,
		    size_t *len)
{
	struct dir_source *d = dir_of(s);
	char *buf = NULL;
	size_t cap = 0, n = 0;
	struct stat st;
	int fd, ret = -1;
	/* O_NONBLOCK: a fifo put in place of the file must not hang the
	 * open; it is refused below */
	fd = dir_open(d, norm, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		kdep_error_set("cannot read %s: %s", norm, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st)) {
		kdep_error_set("cannot read %s: %s", norm, strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		kdep_error_set("cannot read %s: %s", norm, S_ISDIR(st.st_mode) ?
			       "is a directory" : "not a regular file");
		goto done;
	}
	if (st.st_size > SOURCE_MAX_FILE) {
		source_too_large(norm);
		goto done;
	}
	cap = (size_t)st.st_size + 1;
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
		/* a file that grows while it is read stops at the bound */
		if (n > SOURCE_MAX_FILE) {
			source_too_large(norm);
			goto done;
		}
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	buf = NULL;
	ret = 0;
done:
	free(buf);
	close(fd);
	return ret;
}

/* What a mode says, links not followed. */
static enum source_kind dir_mode_kind(mode_t mode)
{
	if (S_ISREG(mode))
		return SOURCE_FILE;
	if (S_ISDIR(mode))
		return SOURCE_DIR;
	return S_ISLNK(mode) ? SOURCE_LINK : SOURCE_OTHER;
}

/*
 * fstatat from the root, links not followed; while held, the answer for
 * the path asked last is given again without a call. -1 with errno set.
 */
static int dir_fstat(struct dir_source *d, const char *norm, struct stat *st)
{
	if (d->last_valid && !strcmp(d->last, norm)) {
		*st = d->last_st;
		errno = d->last_err;
		return d->last_err ? -1 : 0;
	}
	int rc = fstatat(d->rootfd, dir_rel(norm), st, AT_SYMLINK_NOFOLLOW);
	size_t n = strlen(norm);
	if (d->held && n < sizeof(d->last)) {
		memcpy(d->last, norm, n + 1);
		d->last_st = *st;
		d->last_err = rc ? errno : 0;
		d->last_valid = 1;
	}
	return rc;
}

static void dir_hold(struct source *s, int on)
{
	struct dir_source *d = dir_of(s);
	d->held = on;
	d->last_valid = 0;
}

/*
 * fstatat from the root: the components before the last were resolved
 * and hold no link; were one put there since (a race), what is said of
 * an entry outside would be its kind, never its contents (dir_open
 * follows none).
 */
static enum source_kind dir_kind(struct source *s, const char *norm)
{
	struct stat st;
	if (dir_fstat(dir_of(s), norm, &st))
		return SOURCE_ABSENT;
	return dir_mode_kind(st.st_mode);
}

/* fstatat from the root, as dir_kind: what a cache check compares. */
static int dir_stat(struct source *s, const char *norm,
		    struct source_stat *out)
{
	struct stat st;
	if (dir_fstat(dir_of(s), norm, &st)) {
		kdep_error_set("cannot stat %s: %s", norm, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		kdep_error_set("cannot stat %s: not a regular file", norm);
		return -1;
	}
	out->size = (uint64_t)st.st_size;
	out->mtime = (int64_t)st.st_mtim.tv_sec * 1000000000 +
		     st.st_mtim.tv_nsec;
	out->ino = (uint64_t)st.st_ino;
	return 0;
}

static int dir_link(struct source *s, const char *norm, char *buf,
		    size_t size)
{
	struct dir_source *d = dir_of(s);
	ssize_t n = readlinkat(d->rootfd, dir_rel(norm), buf, size);
	if (n < 0) {
		kdep_error_set("cannot read link %s: %s", norm,
			       strerror(errno));
		return -1;
	}
	if ((size_t)n >= size) {
		kdep_error_set("cannot read link %s: target too long", norm);
		return -1;
	}
	buf[n] = '\0';
	return 0;
}

static int dir_list(struct source *s, const char *norm,
		    struct source_dirent **out, size_t *n)
{
	struct dir_source *d = dir_of(s);
	struct source_dirent *v = NULL;
	size_t k = 0, cap = 0;
	DIR *dh = NULL;
	struct dirent *e;
	int fd = dir_open(d, norm, O_RDONLY | O_DIRECTORY);
	if (fd < 0 || !(dh = fdopendir(fd))) {
		int err = errno;
		if (fd >= 0)
			close(fd);
		kdep_error_set("cannot list %s: %s", dir_rel(norm),
			       strerror(err));
		return err == ENOENT || err == ENOTDIR ? SOURCE_NOTDIR : -1;
	}
	while ((e = readdir(dh))) {
		enum source_kind kind = SOURCE_OTHER;
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (e->d_type == DT_DIR)
			kind = SOURCE_DIR;
		else if (e->d_type == DT_REG)
			kind = SOURCE_FILE;
		else if (e->d_type == DT_LNK)
			kind = SOURCE_LINK;
		else if (e->d_type == DT_UNKNOWN &&
			 !fstatat(dirfd(dh), e->d_name, &st,
				  AT_SYMLINK_NOFOLLOW))
			kind = dir_mode_kind(st.st_mode);
		if (kind != SOURCE_OTHER &&
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
	if (d->rootfd >= 0)
		close(d->rootfd);
	free(d->root);
	free(d);
}

static const struct source_ops dir_ops = {
	.read = dir_read,
	.kind = dir_kind,
	.link = dir_link,
	.list = dir_list,
	.stat = dir_stat,
	.hold = dir_hold,
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
	if ((d->rootfd = open(d->root, O_PATH | O_DIRECTORY | O_CLOEXEC)) <
	    0) {
		kdep_error_set("cannot open tree %s: %s", dir, strerror(errno));
		free(d->root);
		free(d);
		return -1;
	}
	source_init(&d->src, &dir_ops);
	*out = &d->src;
	return 0;
}
