/*
 * gitops.h - what `kdep check` and `kdep hook` ask of a repository,
 * with plain C types: the files and lines two trees differ by, the
 * commits of a range, configuration values, and the pre-commit hook.
 * Nothing here writes into the repository but the hook installer, and
 * that writes only the hooks directory.
 */
#ifndef KDEP_GITOPS_H
#define KDEP_GITOPS_H

#include <stddef.h>
#include <stdint.h>

struct kgit;

/* A file two trees differ by. */
struct kgit_delta {
	char *old_path;    /* its path in the old tree (NULL when added) */
	char *new_path;    /* in the new one (NULL when deleted) */
};

/* A line of a text file that a change added or removed. */
struct kgit_line {
	const char *path;  /* the file (new path; old path when removed);
			      borrowed from the delta */
	uint32_t line;     /* 1-based: in the new file, or the old one */
	char *text;        /* without its newline (owned) */
	int added;         /* 1 added (new side), 0 removed (old side) */
};

/* What two trees differ by. */
struct kgit_diff {
	struct kgit_delta *files; /* [nfiles] */
	size_t nfiles;
	struct kgit_line *lines;  /* [nlines]: with want_lines only */
	size_t nlines;
};

/*
 * The difference from commit old (40 hex digits; NULL: the empty tree)
 * to commit new (NULL: the index, the one GIT_INDEX_FILE names when set).
 * With want_lines, the added and removed lines of every text file too.
 * Free *out either way. Returns 0, or -1 with the error set.
 */
int kgit_diff(struct kgit *g, const char *old_id, const char *new_id,
	      int want_lines, struct kgit_diff *out);
void kgit_diff_free(struct kgit_diff *d);

/*
 * The paths the index (GIT_INDEX_FILE's, else the repository's) changes
 * against commit head_id, read as git does: through the index's cache
 * tree, so that a directory unchanged since it was written is skipped
 * (staged.c). *config: whether a line the change adds names CONFIG_.
 * Returns 1 with *paths (a string vector), 0 when the index cannot be
 * read that way (another version, a split or sparse index, no cache
 * tree, a conflict, anything unexpected): ask kgit_diff then.
 */
int kgit_staged_quick(struct kgit *g, const char *head_id, char ***paths,
		      size_t *npaths, int *config);

/*
 * The checksum git writes at the end of the index file, as 40 hex digits:
 * another one for any other index. 0 when there is none (no index file,
 * or index.skipHash's zeros), else 1.
 */
int kgit_index_checksum(struct kgit *g, char hex[41]);

/* A commit of a range, with what it is compared to. */
struct kgit_commit {
	char id[41];        /* the commit */
	char parent[41];    /* its first parent; "" for a root commit */
	char *subject;      /* the first line of its message (owned) */
};

/*
 * The commits of range "A..B" (as git rev-list --reverse --topo-order
 * A..B: reachable from B, not from A, oldest first). A range that does
 * not parse or names nothing is the caller's error. Free with
 * kgit_commits_free. Returns 0, or -1 with the error set.
 */
int kgit_range(struct kgit *g, const char *range, struct kgit_commit **out,
	       size_t *n);
/* One commit, by id, as a range's element. */
int kgit_commit_get(struct kgit *g, const char *id, struct kgit_commit *out);
void kgit_commits_free(struct kgit_commit *v, size_t n);

/*
 * The configuration value name (e.g. "kdep.arches") as a new string in
 * *out, or NULL when it is not set. Returns 0, or -1 with the error set.
 */
int kgit_config_str(struct kgit *g, const char *name, char **out);

/*
 * The directory hooks run from: core.hooksPath when set (a relative one
 * is relative to the top of the work tree, as git runs hooks there),
 * else the hooks directory of the repository's common git directory
 * (shared by linked work trees). libgit2 1.5 does not apply
 * core.hooksPath itself. *out is a new string.
 */
int kgit_hooks_dir(struct kgit *g, char **out);

/* ---- the pre-commit hook (hook.c) ---------------------------------------
 *
 * kdep's hook is a shell script marked by KGIT_HOOK_MARK on its second
 * line that runs `KDEP check --staged` by the absolute path KDEP. A
 * pre-commit that is not kdep's (a foreign hook) is kept: install refuses
 * to touch it, or with force moves it aside to pre-commit.kdep-saved and
 * chains it (the saved hook runs first, with the same arguments, and a
 * failure of it stops the commit). Uninstall removes kdep's hook and puts
 * the saved one back; it leaves a foreign hook alone.
 */

#define KGIT_HOOK_MARK "# kdep pre-commit hook"

/* What install or uninstall did. */
enum kgit_hook_outcome {
	KGIT_HOOK_WRITTEN,   /* install: written where there was none */
	KGIT_HOOK_UPDATED,   /* install: kdep's own, written again */
	KGIT_HOOK_CHAINED,   /* install: a foreign hook moved aside, chained */
	KGIT_HOOK_REMOVED,   /* uninstall: removed */
	KGIT_HOOK_RESTORED,  /* uninstall: removed, the saved hook put back */
	KGIT_HOOK_ABSENT,    /* uninstall: no kdep hook there */
};

/*
 * Installs the hook into hooks directory dir (kgit_hooks_dir()), calling
 * kdep (an absolute path). A foreign pre-commit without force is the
 * caller's error (KDEP_ERR_ARG). *outcome says what was done.
 */
int kgit_hook_install(const char *dir, const char *kdep, int force,
		      int *outcome);
/* Uninstalls it from dir; a foreign pre-commit is left, an error. */
int kgit_hook_uninstall(const char *dir, int *outcome);

#endif
