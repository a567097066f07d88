/*
 * repo.c - the repository opener: libgit2 initialised once, a repository
 * opened the way a hook is called or at a given path, revisions resolved
 * to commits, libgit2's errors translated at this boundary.
 */
#include "git_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "source.h"

int kgit_init(void)
{
	static int done;
	if (done)
		return 0;
	/* Counted by libgit2; never shut down: the process ends first. */
	if (kgit_lib_load())
		return -1;
	if (git_libgit2_init() < 0)
		return kgit_fail("cannot initialise libgit2");
	done = 1;
	return 0;
}

/*
 * git's blob id of the bytes: what the source layer calls content ids.
 * libgit2 is initialised on first use, not at start-up: its
 * initialisation costs some 15 ms (Debian's build loads the system's CA
 * bundle into mbedTLS), which a command that reads no tree never pays.
 */
static int blob_id(const void *data, size_t len, char id[SOURCE_ID_SIZE])
{
	git_oid oid;
	if (kgit_init())
		return -1;
	if (git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB) < 0)
		return kgit_fail("cannot hash a blob");
	git_oid_tostr(id, SOURCE_ID_SIZE, &oid);
	return 0;
}

void kgit_setup(void)
{
	source_set_id_fn(blob_id);
}

/* libgit2's last message, or a stand-in when it set none. */
static const char *last_message(void)
{
	const git_error *e = git_error_last();
	return e && e->message && *e->message ? e->message : "unknown error";
}

int kgit_fail(const char *what)
{
	kdep_error_set("%s: %s", what, last_message());
	return -1;
}

int kgit_fail_arg(const char *what)
{
	kdep_error_set_arg("%s: %s", what, last_message());
	return -1;
}

/* A copy of path without its trailing slashes ("/" stays). */
static char *strip_slash(const char *path)
{
	char *p = kdep_strdup(path);
	if (!p)
		return NULL;
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	return p;
}

/*
 * The repository the environment names, as git hands it to a hook.
 * libgit2 1.5's GIT_REPOSITORY_OPEN_FROM_ENV reads GIT_DIR, GIT_INDEX_FILE,
 * GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES, GIT_NAMESPACE
 * and GIT_CEILING_DIRECTORIES, but fails on GIT_WORK_TREE
 * ("unimplemented"), which git sets for hooks of --work-tree: it is taken
 * out of the environment for the open and kept in *wt (the caller frees
 * it) as the work tree. It is not handed to libgit2
 * (git_repository_set_workdir leaks in 1.5, and nothing kdep asks of
 * libgit2 needs a work tree: the index is found from the git directory
 * or GIT_INDEX_FILE).
 */
static int open_from_env(git_repository **repo, char **wt)
{
	const char *v = getenv("GIT_WORK_TREE");
	char *saved = NULL;
	*wt = NULL;
	if (v && *v) {
		if (!(*wt = realpath(v, NULL))) {
			kdep_error_set("cannot open work tree %s (GIT_WORK_TREE):"
				       " %s", v, strerror(errno));
			return 1;
		}
		if (!(saved = kdep_strdup(v))) {
			free(*wt);
			*wt = NULL;
			return 1;
		}
		unsetenv("GIT_WORK_TREE");
	}
	int rc = git_repository_open_ext(repo, NULL,
					 GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	if (saved) {
		setenv("GIT_WORK_TREE", saved, 1);
		free(saved);
	}
	return rc;
}

int kgit_open(struct kgit **out, const char *path)
{
	*out = NULL;
	if (kgit_init())
		return -1;
	struct kgit *g = kdep_calloc(1, sizeof(*g));
	if (!g)
		return -1;
	int rc;
	char *wt = NULL;
	if (path)
		rc = git_repository_open_ext(&g->repo, path, 0, NULL);
	else if ((rc = open_from_env(&g->repo, &wt)) > 0)
		goto fail; /* the error is set */
	if (rc < 0) {
		char what[4200];
		if (path)
			snprintf(what, sizeof(what),
				 "cannot open git repository '%s'", path);
		else
			snprintf(what, sizeof(what),
				 "cannot open git repository");
		kgit_fail(what);
		goto fail;
	}
	const char *wd = wt ? wt : git_repository_workdir(g->repo);
	if (wd && !(g->workdir = strip_slash(wd)))
		goto fail;
	free(wt);
	wt = NULL;
	if (!(g->gitdir = strip_slash(git_repository_path(g->repo))))
		goto fail;
	*out = g;
	return 0;
fail:
	free(wt);
	kgit_free(g);
	return -1;
}

void kgit_free(struct kgit *g)
{
	if (!g)
		return;
	git_repository_free(g->repo);
	free(g->workdir);
	free(g->gitdir);
	free(g);
}

const char *kgit_workdir(const struct kgit *g)
{
	return g->workdir;
}

const char *kgit_gitdir(const struct kgit *g)
{
	return g->gitdir;
}

int kgit_resolve_commit(struct kgit *g, const char *rev, char id[41])
{
	git_object *obj = NULL, *commit = NULL;
	int rc = -1;
	char what[512];
	snprintf(what, sizeof(what), "cannot resolve revision '%s'", rev);
	int err = git_revparse_single(&obj, g->repo, rev);
	if (err < 0) {
		if (err == GIT_ENOTFOUND && !strcmp(rev, "HEAD") &&
		    git_repository_head_unborn(g->repo) == 1)
			kdep_error_set("cannot resolve revision 'HEAD': "
				       "the current branch has no commit yet");
		else if (err == GIT_ENOTFOUND || err == GIT_EAMBIGUOUS ||
			 err == GIT_EINVALIDSPEC)
			kgit_fail_arg(what);
		else
			kgit_fail(what);
		goto done;
	}
	err = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
	if (err < 0) {
		if (err == GIT_EINVALIDSPEC || err == GIT_ENOTFOUND ||
		    err == GIT_EPEEL)
			kdep_error_set_arg("revision '%s' names a %s, not a "
					   "commit", rev,
					   git_object_type2string(
						   git_object_type(obj)));
		else
			kgit_fail(what);
		goto done;
	}
	git_oid_tostr(id, 41, git_object_id(commit));
	rc = 0;
done:
	git_object_free(commit);
	git_object_free(obj);
	return rc;
}
