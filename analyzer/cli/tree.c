/*
 * tree.c - the tree a command line names: a directory (--tree DIR), a
 * commit of a git repository (--git REPO[@REV]), or what the index stages
 * (--staged), one of them at most; and its refusal of --profile host where
 * no work tree holds the files the tree's probes would run.
 */
#include "cmd.h"
#include "error.h"
#include "git.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int cmd_tree_check(const struct cmd_args *o)
{
	int n = !!o->tree + !!o->git + !!o->staged;
	if (n > 1) {
		kdep_error_set_arg("--tree, --git and --staged name the tree: "
				   "give one of them");
		return -1;
	}
	return 0;
}

/* Whether path names a directory. */
static int is_dir(const char *path)
{
	struct stat st;
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* The split of a --git spec (cmd.h). A path may hold an '@' and so may a
 * revision (HEAD@{1}): the split is at the first '@' before which a
 * directory is named, else at the first '@'; with none, the whole is the
 * repository. */
const char *cmd_git_spec(const char *spec, char *repo, size_t size)
{
	const char *at = NULL;
	for (const char *p = strchr(spec, '@'); p; p = strchr(p + 1, '@')) {
		snprintf(repo, size, "%.*s", (int)(p - spec), spec);
		if (!*repo || is_dir(repo)) {
			at = p;
			break;
		}
	}
	if (!at && !is_dir(spec))
		at = strchr(spec, '@');
	snprintf(repo, size, "%.*s", at ? (int)(at - spec) : (int)strlen(spec),
		 spec);
	return at && at[1] ? at + 1 : NULL;
}

int cmd_tree_open(struct cmd_ctx *c, struct source **out)
{
	const struct cmd_args *o = &c->o;
	*out = NULL;
	if (cmd_tree_check(o))
		return -1;
	if (!o->git && !o->staged)
		return source_open_dir(out, o->tree ? o->tree : ".");
	char repo[4096];
	const char *rev = NULL;
	if (o->git)
		rev = cmd_git_spec(o->git, repo, sizeof(repo));
	/* --staged and --git @REV: the repository a hook would see */
	if (kgit_open(&c->git, o->staged || !*repo ? NULL : repo))
		return -1;
	if (o->profile && !strcmp(o->profile, "host") &&
	    !kgit_workdir(c->git)) {
		kdep_error_set_arg("--profile host runs the tree's probes in "
				   "its work tree, and %s has none (bare)",
				   kgit_gitdir(c->git));
		return -1;
	}
	return o->staged ? source_open_git_index(out, c->git) :
	       source_open_git_commit(out, c->git, rev);
}

void cmd_tree_close(struct cmd_ctx *c)
{
	kgit_free(c->git);
	c->git = NULL;
}
