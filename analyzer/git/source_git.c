/*
 * source_git.c - the git source backend: a tree read straight from the
 * object database, that of a commit or that the index stages, through the
 * source layer's ops table (source_impl.h). Nothing is checked out and
 * nothing is written: blobs are read from the object database into memory.
 *
 * The backend only says what an entry is: a blob of mode 100644 or 100755
 * is a file, a tree a directory, a blob of mode 120000 a symbolic link
 * whose target is the blob's text; the common code's one policy on links
 * (source_resolve) decides where it leads. A gitlink (a submodule's
 * commit, mode 160000) is absent: its tree is in another repository.
 */
#include "git_impl.h"
#include "source_impl.h"

#include "alloc.h"
#include "error.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A tree of a git repository. */
struct git_source {
	struct source src;    /* the common part; first, so a source casts */
	struct kgit *g;       /* the repository (borrowed: outlives this) */
	git_tree *tree;       /* the commit's tree, or NULL for the index */
	git_index *index;     /* the index (owned reference), or NULL */
	char identity[64];    /* the commit id, or "index:" and the index
			       * file's checksum */
	char *root;           /* the work tree; for a bare repository a
			       * path below the git directory that is
			       * never created (see git_new) */
	struct tree_slot *dirs; /* a commit's directories looked up so far
				 * (open addressing, by source_hash) */
	size_t ndirs, capdirs;  /* count and capacity (a power of 2) */
};

/* A directory of a commit's tree, once looked up. */
struct tree_slot {
	char *path;           /* normalised, relative, never ""; NULL: free */
	git_tree *tree;       /* its tree (owned), or NULL: no directory */
};

static const struct source_ops git_ops;

static struct git_source *git_of(const struct source *s)
{
	assert(s->ops == &git_ops);
	return (struct git_source *)s;
}

/* What a git file mode says; a gitlink or anything else is absent. */
static enum source_kind mode_kind(uint32_t mode)
{
	switch (mode) {
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		return SOURCE_FILE;
	case GIT_FILEMODE_TREE:
		return SOURCE_DIR;
	case GIT_FILEMODE_LINK:
		return SOURCE_LINK;
	default:
		return SOURCE_ABSENT;
	}
}

/* The slot of path (len bytes) in the directory table: its own, or the
 * free one it would take. */
static struct tree_slot *slot_of(struct git_source *gs, const char *path,
				 size_t len)
{
	size_t mask = gs->capdirs - 1;
	for (size_t i = source_hash(path, len) & mask;; i = (i + 1) & mask) {
		struct tree_slot *t = &gs->dirs[i];
		if (!t->path || (!strncmp(t->path, path, len) && !t->path[len]))
			return t;
	}
}

/* Makes room for one more directory: the table at most half full. */
static int dirs_grow(struct git_source *gs)
{
	if (2 * (gs->ndirs + 1) <= gs->capdirs)
		return 0;
	size_t cap = gs->capdirs ? 2 * gs->capdirs : 256;
	struct tree_slot *old = gs->dirs;
	size_t oldcap = gs->capdirs;
	if (!(gs->dirs = kdep_calloc(cap, sizeof(*gs->dirs)))) {
		gs->dirs = old;
		return -1;
	}
	gs->capdirs = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].path)
			*slot_of(gs, old[i].path, strlen(old[i].path)) = old[i];
	free(old);
	return 0;
}

/*
 * The tree of directory dir (len bytes; 0: the root) of a commit, or NULL
 * when it names no directory. Each directory is looked up once, from its
 * parent's, so that a path costs a lookup by name, not a walk from the
 * root. -1 with the error set in *err when memory runs out.
 */
static const git_tree *dir_tree(struct git_source *gs, const char *dir,
				size_t len, int *err)
{
	if (!len)
		return gs->tree;
	if (dirs_grow(gs)) {
		*err = -1;
		return NULL;
	}
	struct tree_slot *t = slot_of(gs, dir, len);
	if (t->path)
		return t->tree;
	size_t at = len;
	while (at && dir[at - 1] != '/')
		at--;
	const git_tree *parent = dir_tree(gs, dir, at ? at - 1 : 0, err);
	git_tree *tree = NULL;
	char name[PATH_MAX];
	snprintf(name, sizeof(name), "%.*s", (int)(len - at), dir + at);
	const git_tree_entry *e = parent ?
		git_tree_entry_byname(parent, name) : NULL;
	if (e && git_tree_entry_type(e) == GIT_OBJECT_TREE &&
	    git_tree_lookup(&tree, gs->g->repo, git_tree_entry_id(e)) < 0) {
		git_error_clear();
		tree = NULL;
	}
	if (*err) {
		git_tree_free(tree);
		return NULL;
	}
	/* the parent's lookup may have grown the table: find it again */
	t = slot_of(gs, dir, len);
	if (!(t->path = strndup(dir, len))) {
		git_tree_free(tree);
		kdep_error_oom();
		*err = -1;
		return NULL;
	}
	t->tree = tree;
	gs->ndirs++;
	return tree;
}

/*
 * The entry norm names: its kind, and for a blob its id into *id. The
 * root is a directory; in the index, a directory is a path some staged
 * entry lies below (the index holds files only). Absent too when memory
 * runs out (the error set).
 */
static enum source_kind entry_of(struct git_source *gs, const char *norm,
				 git_oid *id)
{
	if (!*norm)
		return SOURCE_DIR;
	if (gs->tree) {
		const char *slash = strrchr(norm, '/');
		size_t dlen = slash ? (size_t)(slash - norm) : 0;
		int err = 0;
		const git_tree *dir = dir_tree(gs, norm, dlen, &err);
		const git_tree_entry *e = dir ?
			git_tree_entry_byname(dir, slash ? slash + 1 : norm) :
			NULL;
		if (!e)
			return SOURCE_ABSENT;
		if (id)
			git_oid_cpy(id, git_tree_entry_id(e));
		return mode_kind(git_tree_entry_filemode(e));
	}
	const git_index_entry *ie = git_index_get_bypath(gs->index, norm, 0);
	if (ie) {
		if (id)
			git_oid_cpy(id, &ie->id);
		return mode_kind(ie->mode);
	}
	char prefix[PATH_MAX + 1];
	size_t pos;
	snprintf(prefix, sizeof(prefix), "%s/", norm);
	if (git_index_find_prefix(&pos, gs->index, prefix) == 0)
		return SOURCE_DIR;
	git_error_clear();
	return SOURCE_ABSENT;
}

/* Blob id's contents, checked against the size bound before it is read;
 * a copy NUL-terminated in *data. what names it in errors. */
static int blob_read(struct git_source *gs, const char *what,
		     const git_oid *id, char **data, size_t *len)
{
	git_odb *odb = NULL;
	git_blob *blob = NULL;
	git_object_t type;
	size_t size;
	char msg[PATH_MAX + 32];
	int ret = -1;
	snprintf(msg, sizeof(msg), "cannot read %s", what);
	if (git_repository_odb(&odb, gs->g->repo) < 0 ||
	    git_odb_read_header(&size, &type, odb, id) < 0) {
		kgit_fail(msg);
		goto done;
	}
	if (type != GIT_OBJECT_BLOB) {
		kdep_error_set("%s: not a blob", msg);
		goto done;
	}
	if (size > SOURCE_MAX_FILE) {
		source_too_large(what);
		goto done;
	}
	if (git_blob_lookup(&blob, gs->g->repo, id) < 0) {
		kgit_fail(msg);
		goto done;
	}
	size = (size_t)git_blob_rawsize(blob);
	if (size > SOURCE_MAX_FILE) {
		source_too_large(what);
		goto done;
	}
	char *buf = malloc(size + 1);
	if (!buf) {
		kdep_error_oom();
		goto done;
	}
	memcpy(buf, git_blob_rawcontent(blob), size);
	buf[size] = '\0';
	*data = buf;
	*len = size;
	ret = 0;
done:
	git_blob_free(blob);
	git_odb_free(odb);
	return ret;
}

static int git_read(struct source *s, const char *norm, char **data,
		    size_t *len)
{
	struct git_source *gs = git_of(s);
	git_oid id;
	enum source_kind k = entry_of(gs, norm, &id);
	if (k != SOURCE_FILE) {
		kdep_error_set("cannot read %s: %s", norm,
			       k == SOURCE_DIR ? "is a directory" :
			       k == SOURCE_LINK ? "is a symbolic link" :
			       "No such file or directory");
		return -1;
	}
	return blob_read(gs, norm, &id, data, len);
}

static enum source_kind git_kind(struct source *s, const char *norm)
{
	return entry_of(git_of(s), norm, NULL);
}

/* The entry's blob id, from the tree or the index: no bytes read. */
static int git_id(struct source *s, const char *norm, char id[SOURCE_ID_SIZE])
{
	git_oid oid;
	if (entry_of(git_of(s), norm, &oid) != SOURCE_FILE) {
		kdep_error_set("cannot read %s: No such file or directory",
			       norm);
		return -1;
	}
	git_oid_tostr(id, SOURCE_ID_SIZE, &oid);
	return 0;
}

static int git_link(struct source *s, const char *norm, char *buf,
		    size_t size)
{
	struct git_source *gs = git_of(s);
	git_oid id;
	char *data;
	size_t len;
	if (entry_of(gs, norm, &id) != SOURCE_LINK) {
		kdep_error_set("cannot read link %s: not a symbolic link", norm);
		return -1;
	}
	if (blob_read(gs, norm, &id, &data, &len))
		return -1;
	/* a target holds no NUL and fits, as readlink(2) would have it */
	if (len >= size || memchr(data, '\0', len)) {
		kdep_error_set("cannot read link %s: %s", norm,
			       len >= size ? "target too long" :
			       "target holds a NUL byte");
		free(data);
		return -1;
	}
	memcpy(buf, data, len + 1);
	free(data);
	return 0;
}

/* The entries of directory norm of a commit's tree. */
static int tree_list(struct git_source *gs, const char *norm,
		     struct source_dirent **out, size_t *n)
{
	struct source_dirent *v = NULL;
	size_t k = 0, cap = 0;
	int err = 0;
	const git_tree *t = dir_tree(gs, norm, strlen(norm), &err);
	if (err)
		return -1;
	if (!t) {
		kdep_error_set("cannot list %s: %s", norm,
			       entry_of(gs, norm, NULL) == SOURCE_ABSENT ?
			       "No such file or directory" : "Not a directory");
		return SOURCE_NOTDIR;
	}
	for (size_t i = 0, c = git_tree_entrycount(t); i < c; i++) {
		const git_tree_entry *te = git_tree_entry_byindex(t, i);
		enum source_kind kind = mode_kind(git_tree_entry_filemode(te));
		const char *name = git_tree_entry_name(te);
		if (kind != SOURCE_ABSENT &&
		    source_dirent_add(&v, &k, &cap, name, strlen(name),
				      kind)) {
			source_dirents_free(v, k);
			return -1;
		}
	}
	*out = v;
	*n = k;
	return 0;
}

/*
 * The entries of directory norm of the index: the staged paths below
 * norm/ are one run of the sorted index; each names a child, a directory
 * when more of the path follows (the run of one child is contiguous too).
 */
static int index_list(struct git_source *gs, const char *norm,
		      struct source_dirent **out, size_t *n)
{
	char prefix[PATH_MAX + 1];
	size_t plen = 0, pos = 0, k = 0, cap = 0;
	struct source_dirent *v = NULL;
	if (*norm) {
		enum source_kind what = entry_of(gs, norm, NULL);
		if (what != SOURCE_DIR) {
			kdep_error_set("cannot list %s: %s", norm,
				       what == SOURCE_ABSENT ?
				       "No such file or directory" :
				       "Not a directory");
			return SOURCE_NOTDIR;
		}
		plen = (size_t)snprintf(prefix, sizeof(prefix), "%s/", norm);
		if (git_index_find_prefix(&pos, gs->index, prefix) < 0)
			git_error_clear();
	}
	for (size_t c = git_index_entrycount(gs->index); pos < c; pos++) {
		const git_index_entry *ie = git_index_get_byindex(gs->index,
								  pos);
		if (plen && strncmp(ie->path, prefix, plen))
			break;
		if (git_index_entry_stage(ie) != 0)
			continue; /* a conflict's sides: not staged */
		const char *name = ie->path + plen;
		const char *slash = strchr(name, '/');
		size_t len = slash ? (size_t)(slash - name) : strlen(name);
		enum source_kind kind = slash ? SOURCE_DIR :
					mode_kind(ie->mode);
		if (kind == SOURCE_ABSENT)
			continue;
		if (k && !strncmp(v[k - 1].name, name, len) &&
		    !v[k - 1].name[len])
			continue; /* the same child again */
		if (source_dirent_add(&v, &k, &cap, name, len, kind)) {
			source_dirents_free(v, k);
			return -1;
		}
	}
	*out = v;
	*n = k;
	return 0;
}

static int git_list(struct source *s, const char *norm,
		    struct source_dirent **out, size_t *n)
{
	struct git_source *gs = git_of(s);
	*out = NULL;
	*n = 0;
	return gs->tree ? tree_list(gs, norm, out, n) :
	       index_list(gs, norm, out, n);
}

static const char *git_identity(const struct source *s)
{
	return git_of(s)->identity;
}

static const char *git_root(const struct source *s)
{
	return git_of(s)->root;
}

static void git_free(struct source *s)
{
	struct git_source *gs = git_of(s);
	for (size_t i = 0; i < gs->capdirs; i++) {
		free(gs->dirs[i].path);
		git_tree_free(gs->dirs[i].tree);
	}
	free(gs->dirs);
	git_tree_free(gs->tree);
	git_index_free(gs->index);
	free(gs->root);
	free(gs);
}

static const struct source_ops git_ops = {
	.read = git_read,
	.kind = git_kind,
	.link = git_link,
	.list = git_list,
	.id = git_id,
	.identity = git_identity,
	.root = git_root,
	.free = git_free,
};

/*
 * A fresh backend over g, its root the work tree. A bare repository has
 * none: its root is GITDIR/kdep-no-work-tree, which does not exist, as an
 * in-memory tree's need not: a replayed parse needs a name for
 * $(srctree), and probes run live (--profile host) would find nothing
 * there (the command line refuses them).
 */
static struct git_source *git_new(struct kgit *g)
{
	struct git_source *gs = kdep_calloc(1, sizeof(*gs));
	if (!gs)
		return NULL;
	source_init(&gs->src, &git_ops);
	gs->g = g;
	const char *wd = kgit_workdir(g);
	size_t len = strlen(wd ? wd : kgit_gitdir(g)) + 32;
	if (!(gs->root = kdep_calloc(len, 1))) {
		source_free(&gs->src);
		return NULL;
	}
	snprintf(gs->root, len, "%s%s", wd ? wd : kgit_gitdir(g),
		 wd ? "" : "/kdep-no-work-tree");
	return gs;
}

int source_open_git_commit(struct source **out, struct kgit *g,
			   const char *rev)
{
	git_commit *commit = NULL;
	git_oid oid;
	char id[41];
	*out = NULL;
	if (kgit_resolve_commit(g, rev ? rev : "HEAD", id))
		return -1;
	struct git_source *gs = git_new(g);
	if (!gs)
		return -1;
	snprintf(gs->identity, sizeof(gs->identity), "%s", id);
	if (git_oid_fromstr(&oid, id) < 0 ||
	    git_commit_lookup(&commit, g->repo, &oid) < 0 ||
	    git_commit_tree(&gs->tree, commit) < 0) {
		char msg[96];
		snprintf(msg, sizeof(msg), "cannot read the tree of commit %s",
			 id);
		kgit_fail(msg);
		git_commit_free(commit);
		source_free(&gs->src);
		return -1;
	}
	git_commit_free(commit);
	*out = &gs->src;
	return 0;
}

int source_open_git_index(struct source **out, struct kgit *g)
{
	*out = NULL;
	struct git_source *gs = git_new(g);
	if (!gs)
		return -1;
	if (git_repository_index(&gs->index, g->repo) < 0) {
		kgit_fail("cannot read the index");
		source_free(&gs->src);
		return -1;
	}
	/* the checksum git writes at the end of the index file: the same
	 * file, the same identity; all zeros for no index file (nothing
	 * staged in a fresh repository) */
	char hex[41];
	git_oid_tostr(hex, sizeof(hex), git_index_checksum(gs->index));
	snprintf(gs->identity, sizeof(gs->identity), "index:%s", hex);
	*out = &gs->src;
	return 0;
}

int source_open_git_workdir(struct source **out, struct kgit *g)
{
	*out = NULL;
	if (!kgit_workdir(g)) {
		kdep_error_set("repository %s has no work tree",
			       kgit_gitdir(g));
		return -1;
	}
	return source_open_dir(out, kgit_workdir(g));
}
