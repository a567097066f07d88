/*
 * staged.c - the paths a staged change touches, found the way git's own
 * `git diff --cached` finds them: through the cache tree of the index
 * file (its TREE extension), which names the tree id of every directory
 * whose entries are unchanged since it was written. A directory whose
 * cached id equals HEAD's is skipped whole; only the directories on the
 * way to a change are compared entry by entry. libgit2 1.5 reads the
 * whole index (and checks its hash) and walks every tree of HEAD for the
 * same answer, some thirty times slower on Linux's 80,000 files.
 *
 * The index file is read, never written. What this reader does not
 * know (an index version other than 2 and 3, a split or sparse index, no
 * cache tree, a conflict, anything malformed) makes it say so (0), and
 * the caller asks libgit2 instead.
 */
#define _GNU_SOURCE /* memmem */
#include "git_impl.h"
#include "gitops.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "error.h"
#include "strv.h"

/* The largest index file read this way (Linux's is some 8 MiB). */
#define STAGED_MAX_INDEX (256u << 20)

/* An entry of the index. */
struct ientry {
	const char *path;       /* in the file's buffer, NUL-terminated */
	size_t len;             /* its length */
	unsigned mode;          /* git's mode */
	const unsigned char *id;/* its 20-byte blob id */
};

/* A directory of the cache tree. */
struct ctree {
	char *name;             /* its name in its parent ("" the root) */
	int valid;              /* its id holds */
	unsigned char id[20];   /* the tree id when valid */
	struct ctree *sub;      /* [nsub] its subdirectories in the cache */
	size_t nsub;
};

/* The state of one comparison. */
struct walk {
	struct kgit *g;         /* the repository */
	struct ientry *e;       /* the index's entries, sorted */
	size_t n;
	char **paths;           /* what changed (owned) */
	size_t npaths, cap;
	int bad;                /* out of memory, or a tree unreadable */
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void ctree_free(struct ctree *t)
{
	for (size_t i = 0; i < t->nsub; i++)
		ctree_free(&t->sub[i]);
	free(t->sub);
	free(t->name);
}

/* One node of the TREE extension at *p (before end) and its subtrees,
 * in pre-order. 0, or -1 when malformed. */
static int ctree_parse(const unsigned char **p, const unsigned char *end,
		       struct ctree *t, int depth)
{
	const unsigned char *q = *p;
	memset(t, 0, sizeof(*t));
	const unsigned char *nul = memchr(q, '\0', (size_t)(end - q));
	if (!nul || depth > 256)
		return -1;
	if (!(t->name = kdep_calloc((size_t)(nul - q) + 1, 1)))
		return -1;
	memcpy(t->name, q, (size_t)(nul - q));
	q = nul + 1;
	char num[32];
	const unsigned char *nl = memchr(q, '\n', (size_t)(end - q));
	if (!nl || nl - q >= (long)sizeof(num))
		return -1;
	memcpy(num, q, (size_t)(nl - q));
	num[nl - q] = '\0';
	long entries, subs;
	if (sscanf(num, "%ld %ld", &entries, &subs) != 2 || subs < 0 ||
	    subs > 1000000)
		return -1;
	q = nl + 1;
	if (entries >= 0) {
		if (end - q < 20)
			return -1;
		t->valid = 1;
		memcpy(t->id, q, 20);
		q += 20;
	}
	if (subs && !(t->sub = kdep_calloc((size_t)subs, sizeof(*t->sub))))
		return -1;
	for (long i = 0; i < subs; i++) {
		t->nsub++;
		if (ctree_parse(&q, end, &t->sub[i], depth + 1))
			return -1;
	}
	*p = q;
	return 0;
}

static struct ctree *ctree_child(const struct ctree *t, const char *name,
				 size_t len)
{
	for (size_t i = 0; t && i < t->nsub; i++)
		if (strlen(t->sub[i].name) == len &&
		    !memcmp(t->sub[i].name, name, len))
			return &t->sub[i];
	return NULL;
}

static void add_path(struct walk *w, const char *prefix, const char *name,
		     size_t len)
{
	size_t pl = strlen(prefix);
	char *p = kdep_calloc(pl + len + 1, 1);
	if (!p || kdep_grow(&w->paths, &w->cap, w->npaths + 2,
			    sizeof(*w->paths))) {
		free(p);
		w->bad = 1;
		return;
	}
	memcpy(p, prefix, pl);
	memcpy(p + pl, name, len);
	w->paths[w->npaths++] = p;
	w->paths[w->npaths] = NULL;
}

/* Every file of HEAD's tree t below prefix: removed. */
static void all_of_tree(struct walk *w, git_tree *t, const char *prefix)
{
	for (size_t i = 0; !w->bad && i < git_tree_entrycount(t); i++) {
		const git_tree_entry *te = git_tree_entry_byindex(t, i);
		const char *name = git_tree_entry_name(te);
		if (git_tree_entry_type(te) != GIT_OBJECT_TREE) {
			add_path(w, prefix, name, strlen(name));
			continue;
		}
		git_tree *sub = NULL;
		char p[4096];
		snprintf(p, sizeof(p), "%s%s/", prefix, name);
		if (git_tree_lookup(&sub, w->g->repo, git_tree_entry_id(te))) {
			w->bad = 1;
			return;
		}
		all_of_tree(w, sub, p);
		git_tree_free(sub);
	}
}

/* The first entry of [lo, hi) whose path is >= key (byte order). */
static size_t lower(const struct walk *w, size_t lo, size_t hi,
		    const char *key, size_t klen)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		size_t n = w->e[mid].len < klen ? w->e[mid].len : klen;
		int c = memcmp(w->e[mid].path, key, n);
		if (c < 0 || (c == 0 && w->e[mid].len < klen))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Compares directory prefix ("" the root, else "a/b/") of the index,
 * entries [lo, hi), its cache node t (NULL: none) and HEAD's tree h
 * (NULL: absent there).
 */
static void compare_dir(struct walk *w, const char *prefix, size_t lo,
			size_t hi, const struct ctree *t, git_tree *h)
{
	size_t pl = strlen(prefix);
	if (w->bad)
		return;
	if (t && t->valid && h &&
	    !memcmp(t->id, git_tree_id(h)->id, 20))
		return; /* unchanged since the cache tree was written */
	/* the files here, and the subdirectories the index has */
	size_t i = lo;
	while (i < hi && !w->bad) {
		const char *rest = w->e[i].path + pl;
		const char *slash = strchr(rest, '/');
		if (!slash) {
			const git_tree_entry *te = h ?
				git_tree_entry_byname(h, rest) : NULL;
			if (!te || git_tree_entry_type(te) == GIT_OBJECT_TREE ||
			    memcmp(git_tree_entry_id(te)->id, w->e[i].id, 20) ||
			    (unsigned)git_tree_entry_filemode(te) !=
				    w->e[i].mode)
				add_path(w, prefix, rest, strlen(rest));
			i++;
			continue;
		}
		/* the subdirectory rest[0..slash]: entries [i, j) */
		size_t nlen = (size_t)(slash - rest);
		char sub[4096];
		if (pl + nlen + 2 > sizeof(sub)) {
			w->bad = 1;
			return;
		}
		memcpy(sub, w->e[i].path, pl + nlen + 1);
		sub[pl + nlen + 1] = '\0';
		sub[pl + nlen] = '0'; /* '/' + 1: past every path below */
		size_t j = lower(w, i, hi, sub, pl + nlen + 1);
		sub[pl + nlen] = '/';
		char name[4096];
		memcpy(name, rest, nlen);
		name[nlen] = '\0';
		const git_tree_entry *te = h ? git_tree_entry_byname(h, name)
					     : NULL;
		git_tree *hs = NULL;
		if (te && git_tree_entry_type(te) == GIT_OBJECT_TREE &&
		    git_tree_lookup(&hs, w->g->repo, git_tree_entry_id(te))) {
			w->bad = 1;
			return;
		}
		if (te && !hs)
			add_path(w, prefix, name, nlen); /* a file became a dir */
		compare_dir(w, sub, i, j, ctree_child(t, rest, nlen), hs);
		git_tree_free(hs);
		i = j;
	}
	/* what HEAD has here that the index lacks: removed */
	for (size_t k = 0; h && !w->bad && k < git_tree_entrycount(h); k++) {
		const git_tree_entry *te = git_tree_entry_byindex(h, k);
		const char *name = git_tree_entry_name(te);
		char key[4096];
		int dir = git_tree_entry_type(te) == GIT_OBJECT_TREE;
		int len = snprintf(key, sizeof(key), "%s%s%s", prefix, name,
				   dir ? "/" : "");
		if (len < 0 || (size_t)len >= sizeof(key)) {
			w->bad = 1;
			return;
		}
		size_t at = lower(w, lo, hi, key, (size_t)len);
		int present = at < hi && w->e[at].len >= (size_t)len &&
			      !memcmp(w->e[at].path, key, (size_t)len) &&
			      (dir || w->e[at].len == (size_t)len);
		if (present)
			continue;
		if (!dir) {
			add_path(w, prefix, name, strlen(name));
			continue;
		}
		git_tree *sub = NULL;
		if (git_tree_lookup(&sub, w->g->repo, git_tree_entry_id(te))) {
			w->bad = 1;
			return;
		}
		all_of_tree(w, sub, key);
		git_tree_free(sub);
	}
}

/* The lines of text[0..len) that name CONFIG_, as (start, length). */
struct cline {
	const char *p;   /* the line */
	size_t n;        /* its length */
};

static int cline_cmp(const void *a, const void *b)
{
	const struct cline *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->p, y->p, n);
	return c ? c : (x->n > y->n) - (x->n < y->n);
}

static struct cline *config_lines(const char *text, size_t len, size_t *n)
{
	size_t cap = 0;
	struct cline *v = NULL;
	*n = 0;
	for (const char *p = text, *end = text + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		if (memmem(p, (size_t)(e - p), "CONFIG_", 7)) {
			if (kdep_grow(&v, &cap, *n + 1, sizeof(*v))) {
				free(v);
				return NULL;
			}
			v[(*n)++] = (struct cline){ p, (size_t)(e - p) };
		}
		p = e + 1;
	}
	if (!v)
		v = kdep_calloc(1, sizeof(*v));
	return v;
}

/*
 * Whether the new text has a line naming CONFIG_ that the old one lacks
 * (what a diff would show added; a line that only moved is not: its
 * reference was there already).
 */
static int config_new_line(const char *old, size_t olen, const char *new,
			   size_t nlen, int *config)
{
	size_t no = 0, nn = 0;
	struct cline *o = config_lines(old, olen, &no);
	struct cline *v = o ? config_lines(new, nlen, &nn) : NULL;
	if (!o || !v) {
		free(o);
		return -1;
	}
	qsort(o, no, sizeof(*o), cline_cmp);
	for (size_t i = 0; i < nn && !*config; i++)
		if (!bsearch(&v[i], o, no, sizeof(*o), cline_cmp))
			*config = 1;
	free(o);
	free(v);
	return 0;
}

static int config_added(struct kgit *g, git_tree *head, const char *path,
			const struct walk *w, int *config)
{
	git_blob *a = NULL, *b = NULL;
	git_tree_entry *te = NULL;
	size_t len = strlen(path);
	size_t at = lower(w, 0, w->n, path, len);
	int ret = -1;
	if (!git_tree_entry_bypath(&te, head, path) &&
	    git_tree_entry_type(te) == GIT_OBJECT_BLOB &&
	    git_blob_lookup(&a, g->repo, git_tree_entry_id(te)))
		goto done;
	if (at < w->n && w->e[at].len == len) {
		git_oid id;
		git_oid_fromraw(&id, w->e[at].id);
		if (git_blob_lookup(&b, g->repo, &id))
			goto done;
	}
	git_error_clear();
	if (config_new_line(a ? git_blob_rawcontent(a) : "",
			    a ? (size_t)git_blob_rawsize(a) : 0,
			    b ? git_blob_rawcontent(b) : "",
			    b ? (size_t)git_blob_rawsize(b) : 0, config))
		goto done;
	ret = 0;
done:
	git_tree_entry_free(te);
	git_blob_free(a);
	git_blob_free(b);
	return ret;
}

/* The index file's path: GIT_INDEX_FILE's, else the repository's. */
static void index_path(const struct kgit *g, char *buf, size_t size)
{
	const char *env = getenv("GIT_INDEX_FILE");
	if (env && *env)
		snprintf(buf, size, "%s", env);
	else
		snprintf(buf, size, "%s/index", g->gitdir);
}

int kgit_index_checksum(struct kgit *g, char hex[41])
{
	char file[4096];
	unsigned char sum[20];
	index_path(g, file, sizeof(file));
	FILE *f = fopen(file, "rb");
	int ok = f && !fseek(f, -20, SEEK_END) &&
		 fread(sum, 1, 20, f) == 20;
	if (f)
		fclose(f);
	int zero = 1;
	for (int i = 0; ok && i < 20; i++) {
		zero &= !sum[i];
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
	}
	return ok && !zero;
}

int kgit_staged_quick(struct kgit *g, const char *head_id, char ***paths,
		      size_t *npaths, int *config)
{
	char file[4096];
	void *map = MAP_FAILED;
	size_t len = 0;
	struct stat st;
	struct ctree root = { 0 };
	struct walk w = { .g = g };
	git_tree *head = NULL;
	git_commit *commit = NULL;
	git_oid oid;
	int ret = 0, have_tree = 0;

	*paths = NULL;
	*npaths = 0;
	*config = 0;
	if (!head_id)
		return 0;
	index_path(g, file, sizeof(file));
	/* mapped, not read: Linux's index is 9 MB, and most of it is
	 * skipped */
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size <= STAGED_MAX_INDEX) {
		len = (size_t)st.st_size;
		map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	}
	close(fd);
	if (map == MAP_FAILED)
		return 0;
	const unsigned char *p = map;
	const unsigned char *end = p + len;
	if (len < 12 + 20 || memcmp(p, "DIRC", 4) ||
	    (be32(p + 4) != 2 && be32(p + 4) != 3))
		goto done;
	size_t n = be32(p + 8);
	end -= 20; /* the checksum */
	if (n > len / 62 || !(w.e = kdep_calloc(n + 1, sizeof(*w.e))))
		goto done;
	p += 12;
	for (size_t i = 0; i < n; i++) {
		if (end - p < 62)
			goto done;
		unsigned flags = (unsigned)p[60] << 8 | p[61];
		size_t fixed = 62 + ((flags & 0x4000) ? 2 : 0);
		if ((flags >> 12) & 3)
			goto done; /* a conflict */
		const unsigned char *path = p + fixed;
		const unsigned char *nul = memchr(path, '\0',
						  (size_t)(end - path));
		if (!nul)
			goto done;
		w.e[i].path = (const char *)path;
		w.e[i].len = (size_t)(nul - path);
		w.e[i].mode = be32(p + 24);
		w.e[i].id = p + 40;
		size_t size = fixed + w.e[i].len;
		size = (size + 8) & ~(size_t)7; /* 1 to 8 NULs */
		if ((size_t)(end - p) < size)
			goto done;
		p += size;
	}
	w.n = n;
	while (end - p >= 8) {
		uint32_t size = be32(p + 4);
		if ((size_t)(end - p - 8) < size)
			goto done;
		if (!memcmp(p, "link", 4) || !memcmp(p, "sdir", 4))
			goto done; /* a split or sparse index */
		if (!memcmp(p, "TREE", 4)) {
			const unsigned char *q = p + 8;
			if (ctree_parse(&q, p + 8 + size, &root, 0))
				goto done;
			have_tree = 1;
		}
		p += 8 + size;
	}
	if (!have_tree)
		goto done;
	if (git_oid_fromstr(&oid, head_id) ||
	    git_commit_lookup(&commit, g->repo, &oid) ||
	    git_commit_tree(&head, commit)) {
		git_error_clear();
		goto done;
	}
	compare_dir(&w, "", 0, n, &root, head);
	if (w.bad)
		goto done;
	for (size_t i = 0; i < w.npaths && !*config; i++)
		if (config_added(g, head, w.paths[i], &w, config))
			goto done;
	*paths = w.paths;
	*npaths = w.npaths;
	w.paths = NULL;
	ret = 1;
done:
	git_error_clear();
	strv_free(w.paths);
	git_tree_free(head);
	git_commit_free(commit);
	ctree_free(&root);
	free(w.e);
	munmap(map, len);
	return ret;
}
