/*
 * check_sat.c - the SAT encoding and co-selectability: proofs of no with
 * their minimal lines, witnesses checked by kconfiglib, comparisons, the
 * modules switch, choices, the matrix, and no yes without a check.
 */
#include "suites.h"
#include "cosel.h"
#include "error.h"
#include "sat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Line numbers below are those of the top Kconfig of each tree. */
#define FORBID_TREE                                                       \
	"config A\n"                       /* 1 */                        \
	"\tbool \"a\"\n"                                                  \
	"config HAVE_X\n"                  /* 3 */                        \
	"\tbool\n"                                                        \
	"config X\n"                       /* 5 */                        \
	"\tbool \"x\"\n"                                                  \
	"\tdepends on HAVE_X\n"            /* 7 */                        \
	"config ARCHSYM\n"                                                \
	"\tdef_bool y\n"                                                  \
	"\tselect HAVE_X if !A\n"          /* 10 */
static const char forbid_tree[] = FORBID_TREE;

/* A question put to a tree, with kconfiglib checking the candidates. */
struct fixture {
	struct source *src;
	struct model *m;
	struct sat *s;
	struct kconf_tree *t;
};

static int check_kconfiglib(void *ctx, const char *config,
			    struct cosel_outcome *out)
{
	struct fixture *f = ctx;
	struct kconf_values v;
	if (kconf_tree_eval(f->t, config, NULL, &v))
		return -1;
	out->names = v.names;
	out->values = v.values;
	out->n = v.n;
	return 0;
}

/* A checker that refutes everything: every symbol comes out n. */
static int check_refuse(void *ctx, const char *config,
			struct cosel_outcome *out)
{
	struct fixture *f = ctx;
	out->n = f->m->nsyms;
	out->names = calloc(out->n + 1, sizeof(char *));
	out->values = calloc(out->n + 1, sizeof(char *));
	for (size_t i = 0; i < out->n; i++) {
		out->names[i] = strdup(f->m->syms[i].name);
		out->values[i] = strdup("n");
	}
	return 0;
}

static void fixture_open(struct fixture *f, const char *top)
{
	struct kconf_opts o = { test_env, 2, KCONF_LIVE, NULL, NULL };
	memset(f, 0, sizeof(*f));
	f->src = test_mem_tree(top);
	f->m = test_load_text(top);
	if (kconf_open(f->src, &o, &f->t))
		ck_abort_msg("kconf_open: %s", kdep_error_last());
}

static void fixture_close(struct fixture *f)
{
	sat_free(f->s);
	kconf_tree_close(f->t);
	model_free(f->m);
	source_free(f->src);
}

/* Asks whether the named symbols can be y (or >= m) together. */
static void ask(struct fixture *f, const char *names, int allow_m,
		cosel_check_fn fn, struct cosel_answer *a)
{
	uint32_t syms[8];
	size_t n = 0;
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", names);
	for (char *t = strtok(buf, " "); t; t = strtok(NULL, " ")) {
		syms[n] = model_find(f->m, t);
		ck_assert_msg(syms[n] != MODEL_NONE, "no symbol %s", t);
		n++;
	}
	sat_free(f->s);
	f->s = sat_encode(f->m, syms, n);
	ck_assert_ptr_nonnull(f->s);
	if (cosel_solve(f->s, f->m, syms, n, allow_m, fn, f, a))
		ck_abort_msg("cosel: %s", kdep_error_last());
}

/* The explanation's lines, as "3 5 7". */
static const char *lines_of(const struct cosel_answer *a, char *buf,
			    size_t size)
{
	size_t at = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < a->nwhy; i++)
		at += (size_t)snprintf(buf + at, size - at, "%s%u",
				       i ? " " : "", a->why[i].loc.line);
	return buf;
}

START_TEST(no_with_minimal_lines)
{
	struct fixture f;
	struct cosel_answer a;
	char buf[256];
	fixture_open(&f, forbid_tree);
	ask(&f, "A X", 0, check_kconfiglib, &a);
	ck_assert_int_eq(a.verdict, COSEL_NO);
	ck_assert_ptr_null(a.witness);
	/* config HAVE_X, config X, its depends, the conditional select */
	ck_assert_str_eq(lines_of(&a, buf, sizeof(buf)), "3 5 7 10");
	ck_assert_uint_eq(a.candidates, 0);
	cosel_answer_free(&a);
	fixture_close(&f);
}
END_TEST

START_TEST(yes_with_checked_witness)
{
	struct fixture f;
	struct cosel_answer a;
	fixture_open(&f, forbid_tree);
	ask(&f, "X", 0, check_kconfiglib, &a);
	ck_assert_int_eq(a.verdict, COSEL_YES);
	ck_assert_ptr_nonnull(a.witness);
	ck_assert_ptr_nonnull(strstr(a.witness, "CONFIG_X=y\n"));
	ck_assert_ptr_nonnull(strstr(a.witness, "# CONFIG_A is not set\n"));
	ck_assert_uint_eq(a.nwhy, 0);
	cosel_answer_free(&a);
	fixture_close(&f);
}
END_TEST

START_TEST(never_a_yes_without_the_check)
{
	struct fixture f;
	struct cosel_answer a;
	fixture_open(&f, forbid_tree);
	ask(&f, "X", 0, check_refuse, &a);
	ck_assert_int_eq(a.verdict, COSEL_UNKNOWN);
	ck_assert_ptr_null(a.witness);
	ck_assert_uint_ge(a.candidates, 1);
	ck_assert_uint_le(a.candidates, COSEL_MAX_CANDIDATES);
	cosel_answer_free(&a);
	fixture_close(&f);
}
END_TEST

static const char compare_tree[] =
	"config MODULES\n"                 /* 1 */
	"\tbool \"modules\"\n"
	"\tmodules\n"
	"config CLANG_VERSION\n"           /* 4 */
	"\tint\n"
	"\tdefault 120000\n"               /* 6 */
	"config T\n"                       /* 7 */
	"\ttristate \"t\"\n"
	"\tdepends on m\n"                 /* 9 */
	"config NEW\n"                     /* 10 */
	"\tbool \"new\"\n"
	"\tdepends on CLANG_VERSION >= 130000\n" /* 12 */
	"config OLD\n"
	"\tbool \"old\"\n"
	"\tdepends on CLANG_VERSION < 130000\n";

START_TEST(comparisons_and_modules)
{
	struct fixture f;
	struct cosel_answer a;
	char buf[256];
	fixture_open(&f, compare_tree);
	ask(&f, "NEW", 0, check_kconfiglib, &a);
	ck_assert_int_eq(a.verdict, COSEL_NO);
	ck_assert_str_eq(lines_of(&a, buf, sizeof(buf)), "6 10 12");
	cosel_answer_free(&a);
	ask(&f, "OLD", 0, check_kconfiglib, &a);
	ck_assert_int_eq(a.verdict, COSEL_YES);
	cosel_answer_free(&a);
	/* 'depends on m' caps T at m, which needs the modules switch. */
	ask(&f, "T", 0, check_kconfiglib, &a);
	ck_assert_int_eq(a.verdict, COSEL_NO);
	ck_assert_str_eq(lines_of(&a, buf, sizeof(buf)), "7 9");
	cosel_answer_free(&a);
	ask(&f, "T", 1, check_kconfiglib, &a);
	ck_assert_int_eq(a.verdict, COSEL_YES);
	ck_assert_ptr_nonnull(strstr(a.witness, "CONFIG_MODULES=y\n"));
	ck_assert_ptr_nonnull(strstr(a.witness, "CONFIG_T=m\n"));
	cosel_answer_free(&a);
	fixture_close(&f);
}
END_TEST

static const char choice_tree[] =
	"choice\n"                         /* 1 */
	"\tprompt \"pick\"\n"
	"config P1\n"
	"\tbool \"p1\"\n"
	"config P2\n"
	"\tbool \"p2\"\n"
	"endchoice\n"
	"config Q\n"                       /* 8 */
	"\tbool\n"
	"\tdefault y if P1\n";             /* 10 */

START_TEST(choices)
{
	struct fixture f;
	struct cosel_answer a;
	char buf[256];
	fixture_open(&f, choice_tree);
	ask(&f, "P1 P2", 0, check_kconfiglib, &a);
	ck_assert_int_eq(a.verdict, COSEL_NO);
	ck_assert_str_eq(lines_of(&a, buf, sizeof(buf)), "1");
	ck_assert_int_eq(a.why[0].kind, SATG_CHOICE);
	cosel_answer_free(&a);
	ask(&f, "P2 Q", 0, check_kconfiglib, &a);
	ck_assert_int_eq(a.verdict, COSEL_NO);
	cosel_answer_free(&a);
	ask(&f, "P1 Q", 0, check_kconfiglib, &a);
	ck_assert_int_eq(a.verdict, COSEL_YES);
	cosel_answer_free(&a);
	fixture_close(&f);
}
END_TEST

/* A default of X that depends on X: a dependency loop. */
static const char loop_tree[] =
	"config X\n"
	"\tint \"x\"\n"
	"\tdefault 1 if X > 3\n"
	"config B\n"
	"\tbool \"b\"\n"
	"\tdepends on X > 5\n";

START_TEST(comparisons_in_a_loop)
{
	struct fixture f;
	struct cosel_answer a;
	fixture_open(&f, loop_tree);
	/* X's default, encoded last, compares X again: 3 and 5 both count. */
	ask(&f, "B", 0, check_kconfiglib, &a);
	ck_assert_int_eq(a.verdict, COSEL_YES);
	ck_assert_ptr_nonnull(strstr(a.witness, "CONFIG_X=6\n"));
	cosel_answer_free(&a);
	fixture_close(&f);
}
END_TEST

START_TEST(matrix)
{
	struct fixture f;
	struct cosel_matrix x;
	uint32_t syms[3];
	fixture_open(&f, forbid_tree);
	syms[0] = model_find(f.m, "A");      /* bit 1 */
	syms[1] = model_find(f.m, "X");      /* bit 2 */
	syms[2] = model_find(f.m, "HAVE_X"); /* bit 4 */
	f.s = sat_encode(f.m, syms, 3);
	ck_assert_int_eq(cosel_matrix(f.s, f.m, syms, 3, 0, check_kconfiglib,
				      &f, &x), 0);
	ck_assert_int_eq(x.at[1].verdict, COSEL_YES);
	ck_assert_int_eq(x.at[6].verdict, COSEL_YES);
	ck_assert_int_eq(x.at[3].verdict, COSEL_NO);
	ck_assert_int_eq(x.at[5].verdict, COSEL_NO);
	ck_assert_int_eq(x.at[7].verdict, COSEL_NO);
	/* X alone is proved by the witness of X + HAVE_X. */
	ck_assert_uint_eq(x.witness_of[2], 6);
	ck_assert(x.maximal_yes[1] && x.maximal_yes[6]);
	ck_assert(!x.maximal_yes[2] && !x.maximal_yes[4]);
	ck_assert(x.minimal_no[3] && x.minimal_no[5] && !x.minimal_no[7]);
	ck_assert_uint_gt(x.at[3].nwhy, 0);
	ck_assert_uint_eq(x.at[7].nwhy, 0);
	cosel_matrix_free(&x);
	fixture_close(&f);
}
END_TEST

/* forbid_tree, with a choice, a comparison and an int to allocate for. */
static const char oom_tree[] =
	FORBID_TREE
	"choice\n"
	"\tprompt \"pick\"\n"
	"config P1\n"
	"\tbool \"p1\"\n"
	"config P2\n"
	"\tbool \"p2\"\n"
	"\tdepends on LEVEL > 5\n"
	"endchoice\n"
	"config LEVEL\n"
	"\tint\n"
	"\tdefault 3\n";

/*
 * The allocation-failure policy: each allocation of sat, made to fail in
 * turn, is reported as out of memory by the next call that can fail, and
 * never becomes an answer: sat_encode() NULL, sat_solve() -1 (after a
 * failure in sat_new_var), sat_explain() 0. Past the last allocation,
 * the answer is the right one.
 */
START_TEST(out_of_memory)
{
	struct fixture f;
	uint32_t syms[3], *g = NULL;
	int lits[2];
	size_t k = 0;
	unsigned long nth, failed[3] = {0, 0, 0};
	char buf[64];

	fixture_open(&f, oom_tree);
	syms[0] = model_find(f.m, "A");
	syms[1] = model_find(f.m, "X");
	syms[2] = model_find(f.m, "P1");
	for (nth = 1; nth < 1000 && !g; nth++) {
		int at = 0, r = -1;
		kdep_error_clear();
		sat_fail_alloc(nth);
		if ((f.s = sat_encode(f.m, syms, 3))) {
			at = 1;
			lits[0] = sat_target(f.s, syms[0], 0);
			lits[1] = sat_target(f.s, syms[1], 0);
			/* Enough of them for their index to grow. */
			for (int i = 0; i < 1000; i++)
				sat_new_var(f.s);
			r = sat_solve(f.s, lits, 2);
			ck_assert_int_ne(r, 1);
		}
		if (r == 0) {
			at = 2;
			k = sat_explain(f.s, lits, 2, &g);
		}
		sat_fail_alloc(0);
		if (!g) {
			ck_assert_uint_eq(k, 0);
			ck_assert_str_eq(kdep_error_last(), "out of memory");
			failed[at]++;
			sat_free(f.s);
			f.s = NULL;
		}
	}
	/* The answer came from a run in which nothing failed. */
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(kdep_error_last(), "unknown error");
	ck_assert(failed[0] && failed[1] && failed[2]);
	buf[0] = '\0';
	for (size_t i = 0; i < k; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%u",
			 i ? " " : "", sat_group(f.s, g[i])->loc.line);
	ck_assert_str_eq(buf, "3 5 7 10");
	free(g);
	fixture_close(&f);
}
END_TEST

/*
 * The same through cosel: whichever allocation fails, the answer is an
 * error, never a "no" without the lines that forbid it.
 */
START_TEST(out_of_memory_cosel)
{
	struct fixture f;
	uint32_t syms[2];
	unsigned long nth, errors = 0;
	char buf[64];
	int answered = 0;

	fixture_open(&f, oom_tree);
	syms[0] = model_find(f.m, "A");
	syms[1] = model_find(f.m, "X");
	for (nth = 1; nth < 1000 && !answered; nth++) {
		struct cosel_answer a = { 0 };
		kdep_error_clear();
		sat_fail_alloc(nth);
		int r = -1;
		if ((f.s = sat_encode(f.m, syms, 2)))
			r = cosel_solve(f.s, f.m, syms, 2, 0, check_kconfiglib,
					&f, &a);
		sat_fail_alloc(0);
		if (r) {
			ck_assert_str_eq(kdep_error_last(), "out of memory");
			errors++;
		} else {
			ck_assert_int_eq(a.verdict, COSEL_NO);
			ck_assert_uint_gt(a.nwhy, 0);
			ck_assert_str_eq(lines_of(&a, buf, sizeof(buf)),
					 "3 5 7 10");
			answered = 1;
		}
		cosel_answer_free(&a);
		sat_free(f.s);
		f.s = NULL;
	}
	ck_assert(answered && errors > 2);
	fixture_close(&f);
}
END_TEST

Suite *sat_suite(void)
{
	Suite *s = suite_create("sat");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, no_with_minimal_lines);
	tcase_add_test(tc, yes_with_checked_witness);
	tcase_add_test(tc, never_a_yes_without_the_check);
	tcase_add_test(tc, comparisons_and_modules);
	tcase_add_test(tc, choices);
	tcase_add_test(tc, comparisons_in_a_loop);
	tcase_add_test(tc, matrix);
	tcase_add_test(tc, out_of_memory);
	tcase_add_test(tc, out_of_memory_cosel);
	suite_add_tcase(s, tc);
	return s;
}
