/*
 * git.h - git repositories through libgit2, with plain C types: the
 * repository opener and the git source backend. Only analyzer/git/
 * includes git2.h (scripts/check-layers); nothing here exposes it.
 *
 * Nothing in this layer writes into a repository: no checkout, no reset,
 * no index written, no ref moved. Errors follow the project's contract (0,
 * or -1 with the error set once, libgit2's own message included): a
 * repository or object database that cannot be read is the environment's
 * (exit 3), a revision the caller named that does not resolve is the
 * caller's (kdep_error_set_arg: a usage error).
 */
#ifndef KDEP_GIT_H
#define KDEP_GIT_H

struct source;

/*
 * Installs git's blob id (libgit2's git_odb_hash) as the source layer's
 * content id (source_set_id_fn): what every program using the source
 * layer calls once at start-up, before any tree is read. libgit2 itself
 * is initialised when it is first used.
 */
void kgit_setup(void);

/* An open repository. */
struct kgit;

/*
 * Opens a repository. path NULL: the way git calls a hook, from the
 * environment (GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY,
 * GIT_CEILING_DIRECTORIES: libgit2's GIT_REPOSITORY_OPEN_FROM_ENV), else
 * discovered from the current directory upwards. path given: the
 * repository at or above path (discovered from it), the environment
 * ignored. *out is freed with kgit_free.
 */
int kgit_open(struct kgit **out, const char *path);
void kgit_free(struct kgit *g);

/* The work tree's absolute path without trailing slash; NULL when bare. */
const char *kgit_workdir(const struct kgit *g);
/* The repository's git directory, absolute, without trailing slash. */
const char *kgit_gitdir(const struct kgit *g);

/*
 * Resolves a revision expression (HEAD, a branch, a tag, an abbreviated
 * id, HEAD~2, v6.12^{commit}, ...) to the commit it names, peeling tags,
 * as 40 hex digits and a NUL in id. A revision that names nothing or no
 * commit is the caller's error (kdep_error_set_arg); an unborn HEAD, a
 * repository that cannot be read, the environment's.
 */
int kgit_resolve_commit(struct kgit *g, const char *rev, char id[41]);

/*
 * The git source backend (see source.h): the tree of the commit rev names
 * (NULL: HEAD), read from the object database, or the tree the index
 * stages (the index GIT_INDEX_FILE names when the repository was opened
 * from the environment), or the work tree (the directory backend over
 * kgit_workdir; an error for a bare repository). g is borrowed and must
 * outlive the source.
 *
 * Identity: the commit id (40 hex digits), or "index:" and the checksum
 * git ends the index file with. Root: the work tree (what $(srctree) names
 * to probes, and where an absolute link target must lie); for a bare
 * repository GITDIR/kdep-no-work-tree, which does not exist. A gitlink
 * (a submodule) is absent; a blob of mode 120000 is a symbolic link whose
 * target is the blob's text, resolved by the source layer's one policy.
 */
int source_open_git_commit(struct source **out, struct kgit *g,
			   const char *rev);
int source_open_git_index(struct source **out, struct kgit *g);
int source_open_git_workdir(struct source **out, struct kgit *g);

#endif
