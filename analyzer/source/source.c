/*
 * source.c - Kconfig text from a directory tree (see source.h).
 */
#include "source.h"
#include "error.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A file of an in-memory tree. */
struct mem_file {
	char *path;                /* normalised, relative */
	char *data;                /* contents, NUL-terminated */
	size_t len;                /* bytes */
};

struct source {
	char *root;                /* realpath of the tree (mem: given) */
	size_t rootlen;            /* strlen(root) */
	char *identity;            /* mem: the name it was given */
	struct mem_file *mem;      /* mem: the files; NULL for a directory */
	size_t nmem, capmem;       /* mem: count and capacity */
	int is_mem;                /* an in-memory tree */
	struct source_file *reads; /* files handed out, first read first */
	size_t nreads, capreads;   /* count and capacity of reads */
};

int source_open_dir(struct source **out, const char *dir)
{
	struct stat st;
	char *real = NULL;
	struct source *s = NULL;
	*out = NULL;
	if (stat(dir, &st)) {
		kdep_error_set("cannot open tree %s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		kdep_error_set("cannot open tree %s: not a directory", dir);
		return -1;
	}
	real = realpath(dir, NULL);
	s = calloc(1, sizeof(*s));
	if (!real || !s) {
		kdep_error_set("cannot open tree %s: %s", dir,
			       strerror(errno ? errno : ENOMEM));
		free(real);
		free(s);
		return -1;
	}
	s->root = real;
	s->rootlen = strlen(real);
	*out = s;
	return 0;
}

int source_open_mem(struct source **out, const char *identity,
		    const char *root)
{
	struct source *s = calloc(1, sizeof(*s));
	*out = NULL;
	if (!s || !(s->root = strdup(root)) ||
	    !(s->identity = strdup(identity))) {
		source_free(s);
		kdep_error_set("out of memory");
		return -1;
	}
	s->rootlen = strlen(root);
	s->is_mem = 1;
	*out = s;
	return 0;
}

int source_mem_add(struct source *s, const char *path, const char *data,
		   size_t len)
{
	char norm[PATH_MAX];
	snprintf(norm, sizeof(norm), "%s", path);
	if (!s->is_mem || source_normalize(norm) || !*norm) {
		kdep_error_set("bad path for an in-memory tree: %s", path);
		return -1;
	}
	if (s->nmem == s->capmem) {
		size_t cap = s->capmem ? s->capmem * 2 : 64;
		struct mem_file *v = realloc(s->mem, cap * sizeof(*v));
		if (!v)
			goto oom;
		s->mem = v;
		s->capmem = cap;
	}
	struct mem_file *f = &s->mem[s->nmem];
	if (!(f->path = strdup(norm)) || !(f->data = malloc(len + 1))) {
		free(f->path);
		goto oom;
	}
	memcpy(f->data, data, len);
	f->data[len] = '\0';
	f->len = len;
	s->nmem++;
	return 0;
oom:
	kdep_error_set("out of memory");
	return -1;
}

static const struct mem_file *mem_find(const struct source *s,
				       const char *norm)
{
	for (size_t i = 0; i < s->nmem; i++)
		if (!strcmp(s->mem[i].path, norm))
			return &s->mem[i];
	return NULL;
}

/* Whether some file of a mem tree lies below directory norm. */
static int mem_is_dir(const struct source *s, const char *norm)
{
	size_t n = strlen(norm);
	if (!n)
		return 1;
	for (size_t i = 0; i < s->nmem; i++)
		if (!strncmp(s->mem[i].path, norm, n) &&
		    s->mem[i].path[n] == '/')
			return 1;
	return 0;
}

void source_free(struct source *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nmem; i++) {
		free(s->mem[i].path);
		free(s->mem[i].data);
	}
	free(s->mem);
	free(s->identity);
	source_forget_reads(s);
	free(s->reads);
	free(s->root);
	free(s);
}

const char *source_identity(const struct source *s)
{
	return s->identity ? s->identity : s->root;
}

/* rel normalised into buf; -1 with the error set when it climbs out. */
static int norm_rel(const char *rel, char *buf, size_t n)
{
	if ((size_t)snprintf(buf, n, "%s", rel) >= n) {
		kdep_error_set("path too long: %s", rel);
		return -1;
	}
	if (source_normalize(buf)) {
		kdep_error_set("'%s' is outside the tree", rel);
		return -1;
	}
	return 0;
}

const char *source_root(const struct source *s)
{
	return s->root;
}

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

/* root + "/" + normalised rel, in buf; -1 with the error set otherwise. */
static int source_path(const struct source *s, const char *rel, char *buf,
		       size_t n)
{
	char norm[PATH_MAX];
	if (strlen(rel) >= sizeof(norm)) {
		kdep_error_set("path too long: %s", rel);
		return -1;
	}
	strcpy(norm, rel);
	if (source_normalize(norm)) {
		kdep_error_set("'%s' is outside the tree", rel);
		return -1;
	}
	if ((size_t)snprintf(buf, n, "%s%s%s", s->root, *norm ? "/" : "",
			     norm) >= n) {
		kdep_error_set("path too long: %s", rel);
		return -1;
	}
	return 0;
}

/* A symbolic link may not lead out of the tree. */
static int source_inside(const struct source *s, const char *path)
{
	struct stat st;
	if (lstat(path, &st) || !S_ISLNK(st.st_mode))
		return 1;
	char *real = realpath(path, NULL);
	int ok = real && !strncmp(real, s->root, s->rootlen) &&
		 (real[s->rootlen] == '/' || real[s->rootlen] == '\0');
	free(real);
	return ok;
}

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
	if (s->nreads == s->capreads) {
		size_t cap = s->capreads ? s->capreads * 2 : 256;
		struct source_file *v = realloc(s->reads, sizeof(*v) * cap);
		if (!v)
			goto oom;
		s->reads = v;
		s->capreads = cap;
	}
	struct source_file *f = &s->reads[s->nreads];
	if (!(f->path = strdup(norm)))
		goto oom;
	f->hash = hash;
	f->size = size;
	f->glob = glob;
	s->nreads++;
	return 0;
oom:
	kdep_error_set("out of memory");
	return -1;
}

int source_read(struct source *s, const char *rel, int record, char **data,
		size_t *len)
{
	char path[PATH_MAX];
	char *buf = NULL;
	size_t cap = 0, n = 0;
	int fd = -1, ret = -1;
	*data = NULL;
	*len = 0;
	if (s->is_mem) {
		char norm[PATH_MAX];
		const struct mem_file *f;
		if (norm_rel(rel, norm, sizeof(norm)))
			return -1;
		if (!(f = mem_find(s, norm))) {
			kdep_error_set("cannot read %s: %s", rel,
				       mem_is_dir(s, norm) ? "is a directory" :
				       "No such file or directory");
			return -1;
		}
		if (!(buf = malloc(f->len + 1)))
			goto oom;
		memcpy(buf, f->data, f->len + 1);
		n = f->len;
		if (record && record_entry(s, rel, 0, source_hash(buf, n), n))
			goto done;
		*data = buf;
		*len = n;
		return 0;
	}
	if (source_path(s, rel, path, sizeof(path)))
		return -1;
	if (!source_inside(s, path)) {
		kdep_error_set("'%s' leads outside the tree", rel);
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		kdep_error_set("cannot read %s: %s", rel, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		cap = (size_t)st.st_size + 1;
	else if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		kdep_error_set("cannot read %s: is a directory", rel);
		goto done;
	}
	if (cap < 4096)
		cap = 4096;
	if (!(buf = malloc(cap)))
		goto oom;
	for (;;) {
		if (n + 1 >= cap) {
			char *b = realloc(buf, cap * 2);
			if (!b)
				goto oom;
			buf = b;
			cap *= 2;
		}
		ssize_t r = read(fd, buf + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			kdep_error_set("cannot read %s: %s", rel,
				       strerror(errno));
			goto done;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	if (record && record_entry(s, rel, 0, source_hash(buf, n), n))
		goto done;
	*data = buf;
	*len = n;
	buf = NULL;
	ret = 0;
	goto done;
oom:
	kdep_error_set("out of memory");
done:
	free(buf);
	if (fd >= 0)
		close(fd);
	return ret;
}

static int source_stat(struct source *s, const char *rel, struct stat *st)
{
	char path[PATH_MAX];
	if (source_path(s, rel, path, sizeof(path)))
		return -1;
	if (!source_inside(s, path))
		return -1;
	return stat(path, st);
}

int source_is_file(struct source *s, const char *rel)
{
	struct stat st;
	if (s->is_mem) {
		char norm[PATH_MAX];
		return !norm_rel(rel, norm, sizeof(norm)) && mem_find(s, norm);
	}
	return source_stat(s, rel, &st) == 0 && S_ISREG(st.st_mode);
}

int source_is_dir(struct source *s, const char *rel)
{
	struct stat st;
	if (s->is_mem) {
		char norm[PATH_MAX];
		return !norm_rel(rel, norm, sizeof(norm)) &&
		       mem_is_dir(s, norm);
	}
	return source_stat(s, rel, &st) == 0 && S_ISDIR(st.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int mem_glob(struct source *s, const char *pattern, char ***out,
		    size_t *n)
{
	char norm[PATH_MAX];
	size_t k = 0;
	char **v;
	if (norm_rel(pattern, norm, sizeof(norm)))
		return -1;
	if (!(v = calloc(s->nmem + 1, sizeof(char *))))
		goto oom;
	for (size_t i = 0; i < s->nmem; i++)
		if (!fnmatch(norm, s->mem[i].path, FNM_PATHNAME | FNM_PERIOD) &&
		    !(v[k++] = strdup(s->mem[i].path)))
			goto oom;
	qsort(v, k, sizeof(char *), cmp_str);
	if (record_entry(s, pattern, 1, source_glob_hash(v, k), k)) {
		strv_free(v);
		return -1;
	}
	*out = v;
	*n = k;
	return 0;
oom:
	strv_free(v);
	kdep_error_set("out of memory");
	return -1;
}

int source_glob(struct source *s, const char *pattern, char ***out,
		size_t *n)
{
	char path[PATH_MAX];
	glob_t g;
	char **v = NULL;
	size_t k = 0;
	*out = NULL;
	*n = 0;
	if (s->is_mem)
		return mem_glob(s, pattern, out, n);
	if (source_path(s, pattern, path, sizeof(path)))
		return -1;
	int r = glob(path, GLOB_NOSORT, NULL, &g);
	if (r == GLOB_NOMATCH || (r == 0 && g.gl_pathc == 0)) {
		if (r == 0)
			globfree(&g);
		if (record_entry(s, pattern, 1, source_glob_hash(NULL, 0), 0))
			return -1;
		*out = calloc(1, sizeof(char *));
		return *out ? 0 : -1;
	}
	if (r) {
		kdep_error_set("cannot expand %s", pattern);
		return -1;
	}
	v = calloc(g.gl_pathc + 1, sizeof(char *));
	if (!v)
		goto oom;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *p = g.gl_pathv[i];
		struct stat st;
		if (strncmp(p, s->root, s->rootlen) || p[s->rootlen] != '/')
			continue;
		if (!source_inside(s, p) || stat(p, &st) || !S_ISREG(st.st_mode))
			continue;
		if (!(v[k] = strdup(p + s->rootlen + 1)))
			goto oom;
		k++;
	}
	globfree(&g);
	qsort(v, k, sizeof(char *), cmp_str);
	if (record_entry(s, pattern, 1, source_glob_hash(v, k), k)) {
		strv_free(v);
		return -1;
	}
	*out = v;
	*n = k;
	return 0;
oom:
	globfree(&g);
	strv_free(v);
	kdep_error_set("out of memory");
	return -1;
}

static int mem_subdirs(struct source *s, const char *rel, char ***out,
		       size_t *n)
{
	char norm[PATH_MAX];
	size_t k = 0, len;
	char **v;
	if (norm_rel(rel, norm, sizeof(norm)))
		return -1;
	len = strlen(norm);
	if (!(v = calloc(s->nmem + 1, sizeof(char *))))
		goto oom;
	for (size_t i = 0; i < s->nmem; i++) {
		const char *p = s->mem[i].path;
		if (len && (strncmp(p, norm, len) || p[len] != '/'))
			continue;
		p += len + (len ? 1 : 0);
		const char *slash = strchr(p, '/');
		if (!slash)
			continue;
		char *name = strndup(p, (size_t)(slash - p));
		if (!name)
			goto oom;
		int dup = 0;
		for (size_t j = 0; j < k && !dup; j++)
			dup = !strcmp(v[j], name);
		if (dup)
			free(name);
		else
			v[k++] = name;
	}
	qsort(v, k, sizeof(char *), cmp_str);
	*out = v;
	*n = k;
	return 0;
oom:
	strv_free(v);
	kdep_error_set("out of memory");
	return -1;
}

int source_subdirs(struct source *s, const char *rel, char ***out, size_t *n)
{
	char path[PATH_MAX];
	char **v = NULL;
	size_t k = 0, cap = 0;
	DIR *d;
	struct dirent *e;
	*out = NULL;
	*n = 0;
	if (s->is_mem)
		return mem_subdirs(s, rel, out, n);
	if (source_path(s, rel, path, sizeof(path)))
		return -1;
	if (!(d = opendir(path))) {
		kdep_error_set("cannot list %s: %s", rel, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		struct stat st;
		char sub[PATH_MAX + 256];
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		if (stat(sub, &st) || !S_ISDIR(st.st_mode))
			continue;
		if (k + 2 > cap) {
			cap = cap ? cap * 2 : 32;
			char **nv = realloc(v, cap * sizeof(char *));
			if (!nv)
				goto oom;
			v = nv;
		}
		if (!(v[k] = strdup(e->d_name)))
			goto oom;
		v[++k] = NULL;
	}
	closedir(d);
	if (!v && !(v = calloc(1, sizeof(char *))))
		goto oom2;
	qsort(v, k, sizeof(char *), cmp_str);
	*out = v;
	*n = k;
	return 0;
oom:
	closedir(d);
oom2:
	strv_free(v);
	kdep_error_set("out of memory");
	return -1;
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
