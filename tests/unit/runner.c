/*
 * runner.c - runs every Check suite. Usage: runner [SUITE...] to run some.
 */
#include "suites.h"
#include "error.h"
#include "git.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *test_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *t = malloc(4096);
	snprintf(t, 4096, "%s/kdep-test-XXXXXX", base ? base : "/tmp");
	if (!mkdtemp(t)) {
		perror("mkdtemp");
		abort();
	}
	return t;
}

void test_write(const char *dir, const char *rel, const char *text)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (char *p = path + strlen(dir) + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			if (mkdir(path, 0755) && errno != EEXIST) {
				perror(path);
				abort();
			}
			*p = '/';
		}
	}
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		abort();
	}
	fputs(text, f);
	fclose(f);
}

void test_profile_t(void)
{
	char *dir = test_tmpdir();
	test_write(dir, "t/x86.probes",
		   "profile t\narch x86\nunknown failure\nvar CC=gcc\n");
	setenv("KDEP_PROFILE_PATH", dir, 1);
	free(dir);
}

void test_sh(const char *dir, const char *cmd)
{
	char buf[48 * 1024];
	snprintf(buf, sizeof(buf), "cd '%s' && (%s) >/dev/null 2>&1", dir,
		 cmd);
	if (system(buf) != 0)
		ck_abort_msg("failed in %s: %s", dir, cmd);
}

const char *const test_env[2] = { "ARCH=x86", "SRCARCH=x86" };

struct source *test_mem_tree(const char *top)
{
	struct source *s;
	ck_assert_int_eq(source_open_mem(&s, "t", "/nonexistent-kdep-tree"), 0);
	ck_assert_int_eq(source_mem_add(s, "Kconfig", top, strlen(top)), 0);
	return s;
}

struct model *test_load_text(const char *top)
{
	struct source *s = test_mem_tree(top);
	struct model *m = NULL;
	struct kconf_opts o = { test_env, 2, KCONF_LIVE, NULL, NULL };
	if (kconf_load(s, &o, &m))
		ck_abort_msg("load: %s", kdep_error_last());
	source_free(s);
	return m;
}

static const struct {
	const char *name;      /* as given on the command line */
	Suite *(*make)(void);  /* builds the suite */
} suites[] = {
	{ "model", model_suite },
	{ "db", db_suite },
	{ "source", source_suite },
	{ "source-backends", source_backends_suite },
	{ "overlay", overlay_suite },
	{ "kconf", kconf_suite },
	{ "profile", profile_suite },
	{ "graph", graph_suite },
	{ "sat", sat_suite },
	{ "json", json_suite },
	{ "finding", finding_suite },
	{ "registry", registry_suite },
	{ "report", report_suite },
	{ "scan", scan_suite },
	{ "fix", fix_suite },
	{ "change", change_suite },
	{ "git", git_suite },
	{ "patchgen", patchgen_suite },
	{ "buildcheck", buildcheck_suite },
};

int main(int argc, char **argv)
{
	SRunner *sr = NULL;
	kgit_setup(); /* content ids, as the program has them */
	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		int want = argc < 2;
		for (int a = 1; a < argc; a++)
			want |= !strcmp(argv[a], suites[i].name);
		if (!want)
			continue;
		if (!sr)
			sr = srunner_create(suites[i].make());
		else
			srunner_add_suite(sr, suites[i].make());
	}
	if (!sr) {
		fprintf(stderr, "runner: no such suite\n");
		return 2;
	}
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
