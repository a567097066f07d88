/*
 * diff.c - what two trees of a repository differ by, the commits of a
 * range, and configuration values (gitops.h). Read only: trees, the index
 * and the configuration are read, never written.
 */
#include "git_impl.h"
#include "gitops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"

void kgit_diff_free(struct kgit_diff *d)
{
	for (size_t i = 0; i < d->nfiles; i++) {
		free(d->files[i].old_path);
		free(d->files[i].new_path);
	}
	free(d->files);
	for (size_t i = 0; i < d->nlines; i++)
		free(d->lines[i].text);
	free(d->lines);
	memset(d, 0, sizeof(*d));
}

/* The diff being collected. */
struct collect {
	struct kgit_diff *d;   /* the result */
	size_t capfiles;       /* room in d->files */
	size_t caplines;       /* room in d->lines */
	int want_lines;        /* lines too */
	int bad;               /* out of memory */
};

static int on_file(const git_diff_delta *delta, float progress, void *payload)
{
	struct collect *c = payload;
	struct kgit_diff *d = c->d;
	if (kdep_grow(&d->files, &c->capfiles, d->nfiles + 1,
		      sizeof(*d->files)))
		goto oom;
	struct kgit_delta *f = &d->files[d->nfiles];
	memset(f, 0, sizeof(*f));
	if (delta->status != GIT_DELTA_ADDED &&
	    !(f->old_path = kdep_strdup(delta->old_file.path)))
		goto oom;
	if (delta->status != GIT_DELTA_DELETED &&
	    !(f->new_path = kdep_strdup(delta->new_file.path))) {
		free(f->old_path);
		goto oom;
	}
	d->nfiles++;
	return 0;
oom:
	c->bad = 1;
	return -1;
}

static int on_line(const git_diff_delta *delta, const git_diff_hunk *hunk,
		   const git_diff_line *line, void *payload)
{
	struct collect *c = payload;
	struct kgit_diff *d = c->d;
	int added = line->origin == GIT_DIFF_LINE_ADDITION;
	if (!added && line->origin != GIT_DIFF_LINE_DELETION)
		return 0;
	if (kdep_grow(&d->lines, &c->caplines, d->nlines + 1,
		      sizeof(*d->lines)))
		goto oom;
	const struct kgit_delta *f = &d->files[d->nfiles - 1];
	size_t n = line->content_len;
	while (n && (line->content[n - 1] == '\n' ||
		     line->content[n - 1] == '\r'))
		n--;
	char *text = kdep_calloc(n + 1, 1);
	if (!text)
		goto oom;
	memcpy(text, line->content, n);
	d->lines[d->nlines++] = (struct kgit_line){
		added ? f->new_path : f->old_path,
		(uint32_t)(added ? line->new_lineno : line->old_lineno),
		text, added };
	return 0;
oom:
	c->bad = 1;
	return -1;
}

/* The tree of commit id (NULL: none, the empty tree). */
static int tree_of(struct kgit *g, const char *id, git_tree **out)
{
	git_oid oid;
	git_commit *commit = NULL;
	*out = NULL;
	if (!id)
		return 0;
	if (git_oid_fromstr(&oid, id) < 0 ||
	    git_commit_lookup(&commit, g->repo, &oid) < 0 ||
	    git_commit_tree(out, commit) < 0) {
		git_commit_free(commit);
		return kgit_fail("cannot read the tree of a commit");
	}
	git_commit_free(commit);
	return 0;
}

int kgit_diff(struct kgit *g, const char *old_id, const char *new_id,
	      int want_lines, struct kgit_diff *out)
{
	git_tree *a = NULL, *b = NULL;
	git_diff *diff = NULL;
	git_diff_options o;
	struct collect c = { out, 0, 0, want_lines, 0 };
	int ret = -1;
	memset(out, 0, sizeof(*out));
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	/* no context lines: only what was added or removed */
	o.context_lines = 0;
	if (tree_of(g, old_id, &a) || tree_of(g, new_id, &b))
		goto done;
	int rc = new_id ? git_diff_tree_to_tree(&diff, g->repo, a, b, &o)
			: git_diff_tree_to_index(&diff, g->repo, a, NULL, &o);
	if (rc < 0) {
		kgit_fail("cannot compare the trees");
		goto done;
	}
	rc = git_diff_foreach(diff, on_file, NULL, NULL,
			      want_lines ? on_line : NULL, &c);
	if (c.bad) {
		kdep_error_oom();
		goto done;
	}
	if (rc < 0) {
		kgit_fail("cannot compare the trees");
		goto done;
	}
	ret = 0;
done:
	git_diff_free(diff);
	git_tree_free(a);
	git_tree_free(b);
	return ret;
}

void kgit_commits_free(struct kgit_commit *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i].subject);
	free(v);
}

/* The commit oid's ids and subject into out. */
static int commit_fill(struct kgit *g, const git_oid *oid,
		       struct kgit_commit *out)
{
	git_commit *commit = NULL;
	memset(out, 0, sizeof(*out));
	if (git_commit_lookup(&commit, g->repo, oid) < 0)
		return kgit_fail("cannot read a commit");
	git_oid_tostr(out->id, sizeof(out->id), oid);
	if (git_commit_parentcount(commit))
		git_oid_tostr(out->parent, sizeof(out->parent),
			      git_commit_parent_id(commit, 0));
	const char *s = git_commit_summary(commit);
	out->subject = kdep_strdup(s ? s : "");
	git_commit_free(commit);
	return out->subject ? 0 : -1;
}

int kgit_commit_get(struct kgit *g, const char *id, struct kgit_commit *out)
{
	git_oid oid;
	if (git_oid_fromstr(&oid, id) < 0)
		return kgit_fail_arg("not a commit id");
	return commit_fill(g, &oid, out);
}

int kgit_range(struct kgit *g, const char *range, struct kgit_commit **out,
	       size_t *n)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	size_t cap = 0;
	char what[512];
	int ret = -1, rc;
	*out = NULL;
	*n = 0;
	snprintf(what, sizeof(what), "cannot resolve range '%s'", range);
	if (!strstr(range, "..")) {
		kdep_error_set_arg("--range takes A..B, not '%s'", range);
		return -1;
	}
	if (git_revwalk_new(&walk, g->repo) < 0)
		return kgit_fail("cannot walk the history");
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	if (git_revwalk_push_range(walk, range) < 0) {
		kgit_fail_arg(what);
		goto done;
	}
	while ((rc = git_revwalk_next(&oid, walk)) == 0) {
		if (kdep_grow(out, &cap, *n + 1, sizeof(**out)) ||
		    commit_fill(g, &oid, &(*out)[*n]))
			goto done;
		(*n)++;
	}
	if (rc != GIT_ITEROVER) {
		kgit_fail("cannot walk the history");
		goto done;
	}
	ret = 0;
done:
	if (ret) {
		kgit_commits_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	git_revwalk_free(walk);
	return ret;
}

int kgit_config_str(struct kgit *g, const char *name, char **out)
{
	git_config *cfg = NULL;
	git_buf buf = { 0 };
	*out = NULL;
	if (git_repository_config_snapshot(&cfg, g->repo) < 0)
		return kgit_fail("cannot read the git configuration");
	int rc = git_config_get_string_buf(&buf, cfg, name);
	git_config_free(cfg);
	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc < 0) {
		char what[256];
		snprintf(what, sizeof(what), "cannot read %s", name);
		return kgit_fail(what);
	}
	*out = kdep_strdup(buf.ptr);
	git_buf_dispose(&buf);
	return *out ? 0 : -1;
}

int kgit_hooks_dir(struct kgit *g, char **out)
{
	git_config *cfg = NULL;
	git_buf buf = { 0 };
	*out = NULL;
	if (git_repository_config_snapshot(&cfg, g->repo) < 0)
		return kgit_fail("cannot read the git configuration");
	int rc = git_config_get_path(&buf, cfg, "core.hooksPath");
	git_config_free(cfg);
	if (rc < 0 && rc != GIT_ENOTFOUND)
		return kgit_fail("cannot read core.hooksPath");
	char path[4096];
	int len;
	if (rc == 0 && buf.ptr[0] == '/')
		len = snprintf(path, sizeof(path), "%s", buf.ptr);
	else if (rc == 0)
		len = snprintf(path, sizeof(path), "%s/%s",
			       g->workdir ? g->workdir : g->gitdir, buf.ptr);
	else {
		const char *common = git_repository_commondir(g->repo);
		size_t n = strlen(common);
		while (n > 1 && common[n - 1] == '/')
			n--;
		len = snprintf(path, sizeof(path), "%.*s/hooks", (int)n,
			       common);
	}
	git_buf_dispose(&buf);
	if (len < 0 || (size_t)len >= sizeof(path)) {
		kdep_error_set("the hooks directory's path is too long");
		return -1;
	}
	while (len > 1 && path[len - 1] == '/')
		path[--len] = '\0';
	return (*out = kdep_strdup(path)) ? 0 : -1;
}
