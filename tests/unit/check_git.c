/*
 * check_git.c - the git layer on repositories the test builds with the
 * git command: the opener (at a path, from the environment as a hook is
 * called, refused where there is none) and revisions resolved to commits.
 */
#include "error.h"
#include "git.h"
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
	return s;
}
