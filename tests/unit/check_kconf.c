/*
 * check_kconf.c - the kconfiglib loader: lines of every property, the
 * dialect kdep adds, errors as diagnostics, reading only through the
 * source layer, and an interpreter isolated from the environment.
 *
 * Each test runs in its own process (Check forks), so each starts its own
 * interpreter.
 */
#include "suites.h"
#include "kconf.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>

static const char tree_top[] =
	"mainmenu \"t\"\n"                        /* 1 */
	"source \"arch/$(SRCARCH)/Kconfig\"\n"    /* 2 */
	"config MODS\n"                           /* 3 */
	"\tbool \"modules\"\n"                    /* 4 */
	"\tmodules\n"                             /* 5 */
	"config A\n"                              /* 6 */
	"\ttristate \"a\" if C\n"                 /* 7 */
	"\tdepends on B if C\n"                   /* 8 */
	"\tselect D if E\n"                       /* 9 */
	"\timply E\n"                             /* 10 */
	"\thelp\n"                                /* 11 */
	"\t  text\n"                              /* 12 */
	"\tselect F\n"                            /* 13: after help */
	"config B\n"                              /* 14 */
	"\ttristate \"b\"\n"                      /* 15 */
	"config C\n"                              /* 16 */
	"\tbool\n"                                /* 17 */
	"config D\n"                              /* 18 */
	"\tbool\n"                                /* 19 */
	"config E\n"                              /* 20 */
	"\tbool\n"                                /* 21 */
	"config F\n"                              /* 22 */
	"\tbool\n"                                /* 23 */
	"if E\n"                                  /* 24 */
	"menu \"m\"\n"                            /* 25 */
	"\tdepends on B\n"                        /* 26 */
	"config G\n"                              /* 27 */
	"\tint \"g\"\n"                           /* 28 */
	"\trange 1 10 if B\n"                     /* 29 */
	"\tdefault 5\n"                           /* 30 */
	"endmenu\n"                               /* 31 */
	"endif\n"                                 /* 32 */
	"config OLD\n"                            /* 33 */
	"\tbool\n"                                /* 34 */
	"\ttransitional\n";                       /* 35 */

/* An in-memory tree: nothing on disk, so kconfiglib cannot read around
 * kdep's source layer. */
static struct source *mem_tree(const char *top)
{
	struct source *s;
	ck_assert_int_eq(source_open_mem(&s, "test", "/nonexistent-kdep-tree"),
			 0);
	ck_assert_int_eq(source_mem_add(s, "Kconfig", top, strlen(top)), 0);
	const char *arch = "config X86\n\tdef_bool y\n";
	ck_assert_int_eq(source_mem_add(s, "arch/x86/Kconfig", arch,
					strlen(arch)), 0);
	return s;
}

static const char *const env[] = { "ARCH=x86", "SRCARCH=x86" };
static const struct kconf_opts opts = { env, 2, KCONF_LIVE, NULL, NULL };

static struct model *load(struct source *s)
{
	struct model *m = NULL;
	int r = kconf_load(s, &opts, &m);
	if (r)
		ck_abort_msg("load failed: %s", kdep_error_last());
	return m;
}

static const struct prop *find_prop(struct model *m, const char *sym,
				    int kind, uint32_t nth)
{
	uint32_t si = model_find(m, sym);
	ck_assert_uint_ne(si, MODEL_NONE);
	for (uint32_t d = 0; d < m->syms[si].nnodes; d++) {
		const struct node *n = &m->nodes[m->syms[si].nodes[d]];
		for (uint32_t i = 0; i < n->nprops; i++)
			if (n->props[i].kind == kind && nth-- == 0)
				return &n->props[i];
	}
	return NULL;
}

START_TEST(lines_of_every_property)
{
	struct source *s = mem_tree(tree_top);
	struct model *m = load(s);
	const struct prop *p;

	p = find_prop(m, "A", P_PROMPT, 0);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->loc.line, 7);
	ck_assert_str_eq(p->text, "a");
	ck_assert_str_eq(model_expr_text(m, p->cond), "C");

	/* 'depends on X if Y' is 'X || (Y = n)' */
	p = find_prop(m, "A", P_DEPENDS, 0);
	ck_assert_uint_eq(p->loc.line, 8);
	ck_assert_str_eq(model_expr_text(m, p->expr), "B || C = n");

	p = find_prop(m, "A", P_SELECT, 0);
	ck_assert_uint_eq(p->loc.line, 9);
	ck_assert_str_eq(model_expr_text(m, p->expr), "D");
	ck_assert_str_eq(model_expr_text(m, p->cond), "E");
	/* a select after the help text keeps its own line */
	p = find_prop(m, "A", P_SELECT, 1);
	ck_assert_uint_eq(p->loc.line, 13);
	ck_assert_ptr_null(p->cond);
	p = find_prop(m, "A", P_IMPLY, 0);
	ck_assert_uint_eq(p->loc.line, 10);

	/* G: own props carry only their own condition */
	p = find_prop(m, "G", P_RANGE, 0);
	ck_assert_uint_eq(p->loc.line, 29);
	ck_assert_str_eq(model_expr_text(m, p->expr), "1");
	ck_assert_str_eq(model_expr_text(m, p->expr2), "10");
	ck_assert_str_eq(model_expr_text(m, p->cond), "B");
	p = find_prop(m, "G", P_DEFAULT, 0);
	ck_assert_uint_eq(p->loc.line, 30);
	ck_assert_ptr_null(p->cond);

	/* ... and reach the menu and the if through their parents */
	uint32_t g = model_find(m, "G");
	const struct node *n = &m->nodes[m->syms[g].nodes[0]];
	ck_assert_uint_eq(n->loc.line, 27);
	ck_assert_uint_ne(n->parent, MODEL_NONE);
	const struct node *menu = &m->nodes[n->parent];
	ck_assert_int_eq(menu->kind, NODE_MENU);
	ck_assert_str_eq(menu->title, "m");
	ck_assert_uint_eq(menu->props[0].loc.line, 26);
	const struct node *nif = &m->nodes[menu->parent];
	ck_assert_int_eq(nif->kind, NODE_IF);
	ck_assert_uint_eq(nif->loc.line, 24);
	ck_assert_str_eq(model_expr_text(m, nif->props[0].expr), "E");

	/* the help text, and the dialect flags */
	uint32_t a = model_find(m, "A");
	ck_assert_str_eq(m->nodes[m->syms[a].nodes[0]].help, "text");
	ck_assert(m->syms[model_find(m, "OLD")].flags & SYMF_TRANSITIONAL);
	ck_assert_uint_eq(m->modules_sym, model_find(m, "MODS"));
	ck_assert(m->syms[model_find(m, "MODS")].flags & SYMF_MODULES);

	/* every file came through the source layer */
	size_t nread;
	source_files_read(s, &nread);
	ck_assert_uint_eq(m->nfiles, 2);
	ck_assert_uint_ge(nread, 2);
	model_free(m);
	source_free(s);
}
END_TEST

START_TEST(recursive_tree_still_loads)
{
	struct source *s = mem_tree("source \"arch/$(SRCARCH)/Kconfig\"\n"
				    "config A\n\tbool \"a\"\n\tdepends on B\n"
				    "config B\n\tbool \"b\"\n\tdepends on A\n");
	struct model *m = load(s);
	struct model_counts c;
	model_count(m, &c);
	ck_assert_uint_eq(c.defined, 3);
	ck_assert_uint_eq(c.edges[EDGE_DEPENDS], 2);
	model_free(m);
	source_free(s);
}
END_TEST

static void expect_error(const char *top, const char *want)
{
	struct source *s = mem_tree(top);
	struct model *m = NULL;
	ck_assert_int_eq(kconf_load(s, &opts, &m), -1);
	ck_assert_ptr_null(m);
	char buf[4096];
	const char *err = kdep_error_format(buf, sizeof(buf));
	if (strncmp(err, want, strlen(want)))
		ck_abort_msg("error '%s' does not start '%s'", err, want);
	ck_assert_ptr_null(strstr(err, "Traceback"));
	ck_assert_ptr_null(strchr(err, '\n'));
	source_free(s);
}

START_TEST(errors_are_diagnostics)
{
	expect_error("config A\n\tbool\n\tdepends on (B\n",
		     "Kconfig:3: error: ");
	expect_error("config A\n\tbool\nbogus A\n", "Kconfig:3: error: ");
	expect_error("\nsource \"missing/Kconfig\"\n",
		     "Kconfig:2: error: 'missing/Kconfig' not found");
	expect_error("config A\n\tbool\n\ttransitional extra\n",
		     "Kconfig:3: error: ");
	expect_error("if A\nconfig B\n\tbool\n", "error: expected 'endif'");
}
END_TEST

START_TEST(interpreter_is_isolated)
{
	/* A kconfiglib on PYTHONPATH and in the user site must not be used. */
	char *dir = test_tmpdir();
	test_write(dir, "kconfiglib.py", "raise SystemExit('wrong kconfiglib')\n");
	setenv("PYTHONPATH", dir, 1);
	setenv("PYTHONHOME", dir, 1);
	setenv("PYTHONNOUSERSITE", "", 1);
	struct source *s = mem_tree(tree_top);
	struct model *m = load(s);
	ck_assert_uint_ne(model_find(m, "A"), MODEL_NONE);
	model_free(m);
	source_free(s);
	free(dir);
}
END_TEST

START_TEST(values_follow_the_kernel)
{
	struct source *s = mem_tree(tree_top);
	struct kconf_values v;
	/* C=y, B=n: A's dependency B || (C = n) is n, whatever A asks */
	ck_assert_int_eq(kconf_eval(s, &opts, "CONFIG_MODS=y\nCONFIG_C=y\n"
				    "CONFIG_A=y\nCONFIG_OLD=y\n", &v), 0);
	int seen = 0;
	for (size_t i = 0; i < v.n; i++) {
		if (!strcmp(v.names[i], "A")) {
			ck_assert_str_eq(v.values[i], "n");
			seen++;
		}
		/* transitional symbols are never written out */
		ck_assert_str_ne(v.names[i], "OLD");
	}
	ck_assert_int_eq(seen, 1);
	kconf_values_free(&v);
	source_free(s);
}
END_TEST

Suite *kconf_suite(void)
{
	Suite *s = suite_create("kconf");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, lines_of_every_property);
	tcase_add_test(tc, recursive_tree_still_loads);
	tcase_add_test(tc, errors_are_diagnostics);
	tcase_add_test(tc, interpreter_is_isolated);
	tcase_add_test(tc, values_follow_the_kernel);
	suite_add_tcase(s, tc);
	return s;
}
