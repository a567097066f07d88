/*
 * check_git.c - the git layer on repositories the test builds with the
 * git command: the opener (at a path, from the environment as a hook is
 * called, refused where there is none), revisions resolved to commits, and
 * what the git backend adds to the backend suite (check_source.c): ids
 * without reads, identities, the index of GIT_INDEX_FILE.
 */
#include "error.h"
#include "git.h"
#include "source.h"
#include "strv.h"
#include "suites.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The first line a shell command prints in dir, into out. */
static void sh_out(const char *dir, const char *cmd, char *out, size_t size)
{
	char buf[8192];
	snprintf(buf, sizeof(buf), "cd '%s' && %s", dir, cmd);
	FILE *p = popen(buf, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(fgets(out, (int)size, p));
	out[strcspn(out, "\n")] = '\0';
	ck_assert_int_eq(pclose(p), 0);
}

#define GIT "git -c user.name=t -c user.email=t@t -c init.defaultBranch=main"

/* A repository with two commits and a tag on the first; its realpath. */
static char *repo(void)
{
	char *t = test_tmpdir();
	char *real = realpath(t, NULL);
	free(t);
	test_sh(real, GIT " init -q");
	test_write(real, "Kconfig", "config A\n\tbool \"a\"\n");
	test_sh(real, GIT " add Kconfig && " GIT " commit -q -m one && "
		 GIT " tag -a -m v v1");
	test_write(real, "Kconfig", "config A\n\tbool \"a\"\nconfig B\n"
				    "\tbool\n");
	test_sh(real, GIT " commit -q -a -m two");
	return real;
}

START_TEST(open_at_path)
{
	char *r = repo();
	char sub[PATH_MAX + 8], gd[PATH_MAX + 8];
	snprintf(sub, sizeof(sub), "%s/sub", r);
	test_write(r, "sub/x", "x\n");
	struct kgit *g;
	/* Discovered from a directory below the work tree. */
	ck_assert_int_eq(kgit_open(&g, sub), 0);
	ck_assert_str_eq(kgit_workdir(g), r);
	snprintf(gd, sizeof(gd), "%s/.git", r);
	ck_assert_str_eq(kgit_gitdir(g), gd);
	kgit_free(g);
	free(r);
}
END_TEST

START_TEST(open_from_env)
{
	char *r = repo();
	char gd[PATH_MAX + 8], wt[PATH_MAX + 8];
	snprintf(gd, sizeof(gd), "%s/.git", r);
	/* A bare clone has no work tree... */
	snprintf(wt, sizeof(wt), "%s/bare.git", r);
	test_sh(r, GIT " clone -q --bare . bare.git");
	struct kgit *g;
	ck_assert_int_eq(kgit_open(&g, wt), 0);
	ck_assert_ptr_null(kgit_workdir(g));
	kgit_free(g);
	/* ...and GIT_DIR with GIT_WORK_TREE, as git sets them for a hook,
	 * win over the current directory (the bare clone). */
	ck_assert_int_eq(chdir(wt), 0);
	setenv("GIT_DIR", gd, 1);
	setenv("GIT_WORK_TREE", r, 1);
	ck_assert_msg(kgit_open(&g, NULL) == 0, "%s", kdep_error_last());
	ck_assert_str_eq(kgit_gitdir(g), gd);
	ck_assert_str_eq(kgit_workdir(g), r);
	kgit_free(g);
	/* Without them: discovered from the current directory. */
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	ck_assert_msg(kgit_open(&g, NULL) == 0, "%s", kdep_error_last());
	ck_assert_str_eq(kgit_gitdir(g), wt);
	kgit_free(g);
	free(r);
}
END_TEST

START_TEST(open_refused)
{
	char *t = test_tmpdir();
	struct kgit *g = (struct kgit *)1;
	setenv("GIT_CEILING_DIRECTORIES", t, 1);
	kdep_error_clear();
	ck_assert_int_eq(kgit_open(&g, t), -1);
	ck_assert_ptr_null(g);
	ck_assert_int_eq(kdep_error_class(), KDEP_ERR_TREE);
	ck_assert_msg(strstr(kdep_error_last(), "cannot open git repository"),
		      "%s", kdep_error_last());
	/* libgit2's own words follow */
	ck_assert_msg(strstr(kdep_error_last(), "': "), "%s",
		      kdep_error_last());
	free(t);
}
END_TEST

START_TEST(resolve_revisions)
{
	char *r = repo();
	char want[64], id[41];
	struct kgit *g;
	ck_assert_int_eq(kgit_open(&g, r), 0);
	sh_out(r, "git rev-parse HEAD", want, sizeof(want));
	ck_assert_int_eq(kgit_resolve_commit(g, "HEAD", id), 0);
	ck_assert_str_eq(id, want);
	ck_assert_int_eq(kgit_resolve_commit(g, "main", id), 0);
	ck_assert_str_eq(id, want);
	/* An annotated tag is peeled to its commit. */
	sh_out(r, "git rev-parse HEAD~1", want, sizeof(want));
	ck_assert_int_eq(kgit_resolve_commit(g, "v1", id), 0);
	ck_assert_str_eq(id, want);
	ck_assert_int_eq(kgit_resolve_commit(g, "HEAD^", id), 0);
	ck_assert_str_eq(id, want);
	char abbrev[9];
	memcpy(abbrev, want, 8);
	abbrev[8] = '\0';
	ck_assert_int_eq(kgit_resolve_commit(g, abbrev, id), 0);
	ck_assert_str_eq(id, want);
	/* The caller's mistakes are usage errors, with libgit2's words. */
	kdep_error_clear();
	ck_assert_int_eq(kgit_resolve_commit(g, "no-such-branch", id), -1);
	ck_assert_int_eq(kdep_error_class(), KDEP_ERR_ARG);
	ck_assert_msg(strstr(kdep_error_last(), "cannot resolve revision "
				"'no-such-branch': "), "%s", kdep_error_last());
	kdep_error_clear();
	ck_assert_int_eq(kgit_resolve_commit(g, "HEAD:Kconfig", id), -1);
	ck_assert_int_eq(kdep_error_class(), KDEP_ERR_ARG);
	ck_assert_msg(strstr(kdep_error_last(), "names a blob, not a commit"),
		      "%s", kdep_error_last());
	kgit_free(g);
	free(r);
}
END_TEST

START_TEST(resolve_unborn)
{
	char *t = test_tmpdir();
	test_sh(t, GIT " init -q");
	struct kgit *g;
	char id[41];
	ck_assert_int_eq(kgit_open(&g, t), 0);
	kdep_error_clear();
	ck_assert_int_eq(kgit_resolve_commit(g, "HEAD", id), -1);
	ck_assert_int_eq(kdep_error_class(), KDEP_ERR_TREE);
	ck_assert_msg(strstr(kdep_error_last(), "no commit yet"), "%s",
		      kdep_error_last());
	kgit_free(g);
	free(t);
}
END_TEST

/*
 * The git backend's ids are the tree's and the index's blob ids, given
 * without a byte read: with the blob's object gone from the object
 * database the id is still there, the read fails. A directory holding the
 * same file gives it the same id.
 */
START_TEST(ids_without_reading)
{
	char *r = repo();
	char want[64], id[SOURCE_ID_SIZE], obj[PATH_MAX + 64];
	char *data;
	size_t len;
	struct kgit *g;
	struct source *s, *ix, *dir;
	sh_out(r, "git rev-parse HEAD:Kconfig", want, sizeof(want));
	ck_assert_int_eq(source_open_dir(&dir, r), 0);
	ck_assert_int_eq(source_file_id(dir, "Kconfig", id), 0);
	ck_assert_str_eq(id, want);
	source_free(dir);
	snprintf(obj, sizeof(obj), "%s/.git/objects/%.2s/%s", r, want,
		 want + 2);
	ck_assert_int_eq(unlink(obj), 0);
	ck_assert_int_eq(kgit_open(&g, r), 0);
	ck_assert_int_eq(source_open_git_commit(&s, g, "HEAD"), 0);
	ck_assert_int_eq(source_open_git_index(&ix, g), 0);
	ck_assert_int_eq(source_file_id(s, "Kconfig", id), 0);
	ck_assert_str_eq(id, want);
	ck_assert_int_eq(source_file_id(ix, "Kconfig", id), 0);
	ck_assert_str_eq(id, want);
	kdep_error_clear();
	ck_assert_int_eq(source_read(s, "Kconfig", 1, &data, &len), -1);
	ck_assert_msg(strstr(kdep_error_last(), "cannot read Kconfig: "), "%s",
		      kdep_error_last());
	ck_assert_int_eq(source_file_id(s, "nope", id), -1);
	source_free(ix);
	source_free(s);
	kgit_free(g);
	free(r);
}
END_TEST

/*
 * Identities: a commit's is its id, whatever names it; the index's is
 * "index:" and its checksum, another index file another identity. The
 * index backend reads what is staged, not the work tree nor HEAD.
 */
START_TEST(identities_and_index)
{
	char *r = repo();
	char want[64], other[PATH_MAX + 16];
	char *data;
	size_t len;
	struct kgit *g;
	struct source *s, *ix;
	sh_out(r, "git rev-parse HEAD~1", want, sizeof(want));
	ck_assert_int_eq(kgit_open(&g, r), 0);
	ck_assert_int_eq(source_open_git_commit(&s, g, "v1"), 0);
	ck_assert_str_eq(source_identity(s), want);
	ck_assert_str_eq(source_root(s), r);
	ck_assert_int_eq(source_read(s, "Kconfig", 1, &data, &len), 0);
	ck_assert_str_eq(data, "config A\n\tbool \"a\"\n");
	free(data);
	source_free(s);
	test_write(r, "Kconfig", "staged\n");
	test_sh(r, "git add Kconfig");
	test_write(r, "Kconfig", "work tree\n");
	kgit_free(g);
	ck_assert_int_eq(kgit_open(&g, r), 0);
	ck_assert_int_eq(source_open_git_index(&ix, g), 0);
	ck_assert_int_eq(strncmp(source_identity(ix), "index:", 6), 0);
	ck_assert_uint_eq(strlen(source_identity(ix)), 46);
	ck_assert_int_eq(source_read(ix, "Kconfig", 1, &data, &len), 0);
	ck_assert_str_eq(data, "staged\n");
	free(data);
	char first[64];
	snprintf(first, sizeof(first), "%s", source_identity(ix));
	source_free(ix);
	kgit_free(g);
	/* GIT_INDEX_FILE, as git commit -a sets it for a hook */
	snprintf(other, sizeof(other), "%s/other-index", r);
	setenv("GIT_INDEX_FILE", other, 1);
	test_sh(r, "git read-tree HEAD~1");
	setenv("GIT_DIR", ".git", 1);
	ck_assert_int_eq(chdir(r), 0);
	ck_assert_int_eq(kgit_open(&g, NULL), 0);
	ck_assert_int_eq(source_open_git_index(&ix, g), 0);
	ck_assert_str_ne(source_identity(ix), first);
	ck_assert_int_eq(source_read(ix, "Kconfig", 1, &data, &len), 0);
	ck_assert_str_eq(data, "config A\n\tbool \"a\"\n");
	free(data);
	source_free(ix);
	/* the work tree is the directory backend */
	ck_assert_int_eq(source_open_git_workdir(&s, g), 0);
	ck_assert_int_eq(source_read(s, "Kconfig", 1, &data, &len), 0);
	ck_assert_str_eq(data, "work tree\n");
	free(data);
	source_free(s);
	kgit_free(g);
	free(r);
}
END_TEST

/* A gitlink (a submodule's commit) is absent, in a commit and an index. */
START_TEST(gitlink_absent)
{
	char *r = repo();
	struct kgit *g;
	struct source *s[2];
	char **v;
	size_t n;
	test_write(r, "d/Kconfig", "config D\n\tbool\n");
	test_sh(r, "git add d && git update-index --add --cacheinfo "
		   "160000,$(git rev-parse HEAD),sub && git update-index --add "
		   "--cacheinfo 160000,$(git rev-parse HEAD),d/mod && "
		   GIT " commit -q -m sub");
	ck_assert_int_eq(kgit_open(&g, r), 0);
	ck_assert_int_eq(source_open_git_commit(&s[0], g, NULL), 0);
	ck_assert_int_eq(source_open_git_index(&s[1], g), 0);
	for (int i = 0; i < 2; i++) {
		ck_assert(!source_is_dir(s[i], "sub"));
		ck_assert(!source_is_file(s[i], "sub"));
		ck_assert(!source_is_file(s[i], "sub/Kconfig"));
		ck_assert_int_eq(source_subdirs(s[i], "", &v, &n), 0);
		ck_assert_uint_eq(n, 1);
		ck_assert_str_eq(v[0], "d");
		strv_free(v);
		ck_assert_int_eq(source_glob(s[i], "d/*", &v, &n), 0);
		ck_assert_uint_eq(n, 1);
		ck_assert_str_eq(v[0], "d/Kconfig");
		strv_free(v);
		source_free(s[i]);
	}
	kgit_free(g);
	free(r);
}
END_TEST

Suite *git_suite(void)
{
	Suite *s = suite_create("git");
	TCase *tc = tcase_create("repository");
	tcase_add_test(tc, open_at_path);
	tcase_add_test(tc, open_from_env);
	tcase_add_test(tc, open_refused);
	tcase_add_test(tc, resolve_revisions);
	tcase_add_test(tc, resolve_unborn);
	suite_add_tcase(s, tc);
	tc = tcase_create("source");
	tcase_add_test(tc, ids_without_reading);
	tcase_add_test(tc, identities_and_index);
	tcase_add_test(tc, gitlink_absent);
	suite_add_tcase(s, tc);
	return s;
}
