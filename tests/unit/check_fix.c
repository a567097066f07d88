/*
 * check_fix.c - fixes of a recursive dependency (rules/fix.c): the
 * condition that holds in every configuration is dropped first and proven
 * to change nothing, and a candidate that leaves a cycle in the component
 * or makes a new one elsewhere is rejected, never offered.
 */
#include "edit.h"
#include "error.h"
#include "fix.h"
#include "sat.h"
#include "scan.h"
#include "suites.h"
#include "verify.h"

#include <stdlib.h>
#include <string.h>

/* A cycle A -> B -> A through a select whose condition is always y
 * (line 11), as the seed's 'select HAVE_STATIC_CALL if ...' is. */
static const char top[] =
	"config ALWAYS\n"                        /* 1 */
	"\tdef_bool y\n"                         /* 2 */
	"config A\n"                             /* 3 */
	"\tbool \"a\"\n"                         /* 4 */
	"\tdepends on B\n"                       /* 5 */
	"config B\n"                             /* 6 */
	"\tbool\n"                               /* 7 */
	"config C\n"                             /* 8 */
	"\tbool \"c\"\n"                         /* 9 */
	"\tdefault y\n"                          /* 10 */
	"\tselect B if !A || ALWAYS\n"           /* 11 */
	"config D\n"                             /* 12 */
	"\tbool \"d\"\n"                         /* 13 */
	"\tdepends on E\n"                       /* 14 */
	"config E\n"                             /* 15 */
	"\tbool \"e\"\n"                         /* 16 */
	"source \"arch/$(SRCARCH)/Kconfig\"\n";

struct world {
	struct source *src;
	struct profile_arch a;
	struct model *m;
	char *profiles[2];
	struct scan_fixer fixer;
	struct fix_engine eng;
	struct cycle_report rep;
	struct fix_ctx ctx;
};

/* A recorded profile "t" for x86 with no probes, on the profile path. */
static void world_profile(void)
{
	char *dir = test_tmpdir();
	test_write(dir, "t/x86.probes",
		   "profile t\narch x86\nunknown failure\nvar CC=gcc\n");
	setenv("KDEP_PROFILE_PATH", dir, 1);
	free(dir);
}

static void world_open(struct world *w)
{
	static const char arch[] = "config X86\n\tdef_bool y\n";
	world_profile();
	memset(w, 0, sizeof(*w));
	ck_assert_int_eq(source_open_mem(&w->src, "mem:fix-test",
					 "/nonexistent"), 0);
	ck_assert_int_eq(source_mem_add(w->src, "Kconfig", top, strlen(top)),
			 0);
	ck_assert_int_eq(source_mem_add(w->src, "arch/x86/Kconfig", arch,
					strlen(arch)), 0);
	ck_assert_int_eq(profile_arch_resolve(w->src, "x86", &w->a), 0);
	ck_assert_msg(scan_parse(w->src, &w->a, "t", NULL, &w->m) == 0, "%s",
		      kdep_error_last());
	w->profiles[0] = "t";
	w->fixer = (struct scan_fixer){ w->src, &w->a, w->profiles, 1, NULL,
					NULL };
	w->eng = (struct fix_engine){ scan_fixer_read, scan_fixer_reparse,
				  scan_fixer_open_edited, scan_fixer_close_edited,
				  scan_fixer_recall, scan_fixer_remember,
				      &w->fixer };
	ck_assert_int_eq(cycles_find(&w->m, 1, &w->rep), 0);
	ck_assert_uint_eq(w->rep.components, 1);
	w->ctx = (struct fix_ctx){
		.models = &w->m, .profiles = (const char *const *)w->profiles,
		.nprofiles = 1, .arch = "x86", .report = &w->rep,
		.engine = &w->eng, .max_proven = 4,
	};
}

static void world_close(struct world *w)
{
	cycle_report_free(&w->rep);
	model_free(w->m);
	source_free(w->src);
}

START_TEST(the_constant_condition_ranks_first)
{
	struct world w;
	struct fix_component fc;
	world_open(&w);
	ck_assert_msg(fix_component(&w.ctx, &w.rep.comps[0], &fc) == 0, "%s",
		      kdep_error_last());
	ck_assert_uint_ge(fc.nproven, 2);
	const struct fix *top_fix = &fc.v[0];
	ck_assert_int_eq(top_fix->kind, FIX_DROP_COND);
	ck_assert_uint_eq(top_fix->edit.first, 11);
	ck_assert_str_eq(top_fix->edit.new_text, "\tselect B\n");
	ck_assert_uint_eq(top_fix->unchanged, 1);
	ck_assert(top_fix->shared);
	/* dropping A's dependency breaks it too, but lets A be set without B */
	int dep = 0;
	for (size_t i = 1; i < fc.nproven; i++)
		if (fc.v[i].kind == FIX_DROP_DEPENDS) {
			dep = 1;
			ck_assert_uint_eq(fc.v[i].edit.first, 5);
			ck_assert_uint_eq(fc.v[i].unchanged, 0);
			ck_assert_ptr_nonnull(fc.v[i].change[0]);
		}
	ck_assert(dep);
	char *diff;
	ck_assert_int_eq(scan_edits_diff(w.src, &top_fix->edit, 1, NULL, &diff), 0);
	ck_assert_ptr_nonnull(strstr(diff, "@@ -8,7 +8,7 @@\n"));
	ck_assert_ptr_nonnull(strstr(diff, "-\tselect B if !A || ALWAYS\n"
					   "+\tselect B\n"));
	free(diff);
	fix_component_free(&fc);
	world_close(&w);
}
END_TEST

/* A candidate fed by hand: the line given, and what replaces it. */
static struct fix candidate(uint32_t line, const char *old_text,
			    const char *new_text)
{
	struct fix f;
	memset(&f, 0, sizeof(f));
	f.kind = FIX_DROP_DEPENDS;
	f.prop_kind = P_DEPENDS;
	f.edit.file = "Kconfig";
	f.edit.first = f.edit.last = line;
	f.edit.old_text = old_text;
	f.edit.new_text = new_text;
	f.owner = "A";
	return f;
}

START_TEST(a_new_cycle_elsewhere_is_rejected)
{
	struct world w;
	world_open(&w);
	/* A loses its dependency on B, but E now depends on D, which
	 * depends on E: a cycle outside the component */
	struct fix f = candidate(5, "\tdepends on B\n",
				 "config E\n\tdepends on D\n");
	ck_assert_int_eq(fix_prove(&w.ctx, &w.rep.comps[0], &f), 0);
	ck_assert_int_eq(f.proven, 0);
	ck_assert_ptr_nonnull(f.why_rejected);
	ck_assert_ptr_nonnull(strstr(f.why_rejected, "a new cycle appears"));
	free(f.why_rejected);
	world_close(&w);
}
END_TEST

START_TEST(a_cycle_left_in_the_component_is_rejected)
{
	struct world w;
	world_open(&w);
	/* the condition keeps A: B is still selected depending on A */
	struct fix f = candidate(11, "\tselect B if !A || ALWAYS\n",
				 "\tselect B if A\n");
	f.kind = FIX_DROP_CONJUNCT;
	f.prop_kind = P_SELECT;
	ck_assert_int_eq(fix_prove(&w.ctx, &w.rep.comps[0], &f), 0);
	ck_assert_int_eq(f.proven, 0);
	ck_assert_ptr_nonnull(strstr(f.why_rejected,
				     "a cycle remains in the component"));
	free(f.why_rejected);
	/* an edit whose line is not there is no fix either */
	f = candidate(5, "\tdepends on X\n", "");
	ck_assert_int_eq(fix_prove(&w.ctx, &w.rep.comps[0], &f), 0);
	ck_assert_int_eq(f.proven, 0);
	ck_assert_ptr_nonnull(strstr(f.why_rejected, "does not apply"));
	free(f.why_rejected);
	world_close(&w);
}
END_TEST

START_TEST(a_narrowed_condition_changes_nothing)
{
	struct world w;
	struct fix_component fc;
	world_open(&w);
	ck_assert_int_eq(fix_component(&w.ctx, &w.rep.comps[0], &fc), 0);
	/* '!A || ALWAYS' less the disjunct naming A: 'ALWAYS' holds
	 * wherever the whole did, so the select fires as before */
	int narrow = 0;
	for (size_t i = 0; i < fc.nproven; i++)
		if (fc.v[i].kind == FIX_NARROW) {
			narrow = 1;
			ck_assert_str_eq(fc.v[i].edit.new_text,
					 "\tselect B if ALWAYS\n");
			ck_assert_uint_eq(fc.v[i].unchanged, 1);
			ck_assert(fc.v[i].shared);
		}
	ck_assert(narrow);
	fix_component_free(&fc);
	world_close(&w);
}
END_TEST

START_TEST(a_set_that_makes_a_new_cycle_is_rejected)
{
	struct world w;
	world_open(&w);
	/* A loses its dependency on B (that alone is a fix), and E now
	 * depends on D, which depends on E: the set is no fix */
	struct fix parts[2] = {
		candidate(5, "\tdepends on B\n", ""),
		candidate(16, "\tbool \"e\"\n", "\tbool \"e\"\n\tdepends on D\n"),
	};
	struct fix f = parts[0];
	f.kind = FIX_SET;
	f.parts = parts;
	f.nparts = 2;
	ck_assert_int_eq(fix_prove(&w.ctx, &w.rep.comps[0], &f), 0);
	ck_assert_int_eq(f.proven, 0);
	ck_assert_ptr_nonnull(strstr(f.why_rejected, "a new cycle appears"));
	free(f.why_rejected);
	/* without the second edit the first is proven */
	f = parts[0];
	ck_assert_int_eq(fix_prove(&w.ctx, &w.rep.comps[0], &f), 0);
	ck_assert_int_eq(f.proven, 1);
	free(f.change[0]);
	free(f.change);
	world_close(&w);
}
END_TEST

/* Two cycles, A -> B -> A and B -> C -> B, with no link in common. */
static const char two_cycles[] =
	"config A\n\tbool \"a\"\n\tdepends on B\n"           /* 1-3 */
	"config B\n\tbool \"b\"\n\tdepends on A && C\n"      /* 4-6 */
	"config C\n\tbool \"c\"\n\tdepends on B\n"           /* 7-9 */
	"source \"arch/$(SRCARCH)/Kconfig\"\n";

START_TEST(no_single_edit_suffices_a_set_does)
{
	struct world w;
	struct fix_component fc;
	world_open(&w);
	ck_assert_int_eq(source_mem_add(w.src, "Kconfig", two_cycles,
					strlen(two_cycles)), 0);
	cycle_report_free(&w.rep);
	model_free(w.m);
	ck_assert_int_eq(scan_parse(w.src, &w.a, "t", NULL, &w.m), 0);
	ck_assert_int_eq(cycles_find(&w.m, 1, &w.rep), 0);
	ck_assert_uint_eq(w.rep.components, 1);
	ck_assert_uint_eq(w.rep.comps[0].n, 3);
	ck_assert_msg(fix_component(&w.ctx, &w.rep.comps[0], &fc) == 0, "%s",
		      kdep_error_last());
	ck_assert_uint_ge(fc.nproven, 1);
	for (size_t i = 0; i < fc.nproven; i++) {
		ck_assert_int_eq(fc.v[i].kind, FIX_SET);
		ck_assert_uint_eq(fc.v[i].nparts, 2);
	}
	/* every single edit was tried and left a cycle */
	size_t single = 0;
	for (size_t i = fc.nproven; i < fc.n; i++)
		if (fc.v[i].kind != FIX_SET) {
			single++;
			ck_assert_ptr_nonnull(strstr(fc.v[i].why_rejected,
						     FIX_REMAINS));
		}
	ck_assert_uint_ge(single, 4);
	/* one overlay, one diff: both edits of Kconfig in one hunk */
	size_t n;
	struct finding_edit *e = fix_edits(&fc.v[0], &n);
	ck_assert_uint_eq(n, 2);
	char *diff;
	ck_assert_int_eq(scan_edits_diff(w.src, e, n, NULL, &diff), 0);
	const char *h = strstr(diff, "@@ ");
	ck_assert_ptr_nonnull(h);
	ck_assert_ptr_null(strstr(h + 1, "@@ "));
	free(diff);
	free(e);
	fix_component_free(&fc);
	world_close(&w);
}
END_TEST

START_TEST(implication_in_every_configuration)
{
	struct world w;
	world_open(&w);
	struct model *m = w.m;
	struct expr *c = model_expr_sym(m, model_find(m, "C"));
	struct expr *a = model_expr_sym(m, model_find(m, "A"));
	struct expr *always = model_expr_sym(m, model_find(m, "ALWAYS"));
	struct expr *cond = model_expr_op(m, E_OR, model_expr_op(m, E_NOT, a,
								 NULL),
					  always);
	const struct expr *given[] = { c };
	ck_assert_int_eq(sat_implies(m, given, 1, cond), 1);
	ck_assert_int_eq(sat_implies(m, given, 1, a), 0);
	ck_assert_int_eq(sat_implies(m, NULL, 0, always), 1);
	/* the constant y, the unconditional select's, is implied by any */
	ck_assert_int_eq(sat_implies(m, given, 1, model_expr_sym(m,
							MODEL_SYM_Y)), 1);
	world_close(&w);
}
END_TEST

/* An engine whose proofs are all kept: nothing may be parsed again. */
static int no_reparse(void *ctx, const struct finding_edit *e, size_t n,
		      struct model **out)
{
	(void)ctx; (void)e; (void)n; (void)out;
	ck_abort_msg("a kept proof was parsed again");
	return -1;
}

static int recall_kept(void *ctx, const struct fix *f, const char *q,
		       char **out)
{
	(void)ctx;
	ck_assert_str_eq(q, "cycles");
	*out = strdup(f->kind == FIX_DROP_COND ? "proven 1\nunchanged 1\n" :
		      "proven 0\nunchanged 0\nwhy kept reason\n");
	return 0;
}

START_TEST(kept_proofs_are_not_proven_again)
{
	struct world w;
	struct fix_component fc;
	world_open(&w);
	w.eng.reparse = no_reparse;
	w.eng.recall = recall_kept;
	ck_assert_int_eq(fix_component(&w.ctx, &w.rep.comps[0], &fc), 0);
	ck_assert_uint_eq(fc.recalled, fc.tried);
	ck_assert_uint_eq(fc.nproven, 1);
	ck_assert_int_eq(fc.v[0].kind, FIX_DROP_COND);
	ck_assert_uint_eq(fc.v[0].unchanged, 1);
	ck_assert_str_eq(fc.v[1].why_rejected, "kept reason");
	/* and a proof reads back as it was written */
	char *text = fix_proof_text(&fc.v[1], 1);
	struct fix g = { 0 };
	ck_assert_int_eq(fix_proof_read(&g, 1, text), 0);
	ck_assert_str_eq(g.why_rejected, "kept reason");
	ck_assert_int_eq(fix_proof_read(&g, 1, "nonsense\n"), -1);
	free(text);
	free(g.why_rejected);
	free(g.change);
	fix_component_free(&fc);
	world_close(&w);
}
END_TEST

/* seeds/003 in small (tests/fixtures/fix-want): CFI and DC are never y
 * together; the relaxations that do not reach them are rejected. */
static const char want_top[] =
	"config ARGS\n\tdef_bool y\n"
	"config HAVE_DC\n\tbool\n"
	"config HAVE_OPS\n\tbool\n"
	"config CFI\n\tbool \"cfi\"\n"
	"config OPS\n\tdef_bool y\n\tdepends on HAVE_OPS\n"
	"config DC\n\tbool \"dc\"\n\tdepends on HAVE_DC\n"
	"source \"arch/$(SRCARCH)/Kconfig\"\n";
static const char want_arch[] =
	"config X86\n\tdef_bool y\n"
	"\tselect HAVE_DC if ARGS && OPS\n"      /* 3 */
	"\tselect HAVE_OPS if ARGS && !CFI\n";   /* 4 */

START_TEST(relaxations_that_miss_the_targets_are_rejected)
{
	struct source *src;
	struct profile_arch a;
	struct model *m = NULL;
	char *profiles[] = { "t", NULL };
	world_profile();
	ck_assert_int_eq(source_open_mem(&src, "mem:want", "/nonexistent"), 0);
	ck_assert_int_eq(source_mem_add(src, "Kconfig", want_top,
					strlen(want_top)), 0);
	ck_assert_int_eq(source_mem_add(src, "arch/x86/Kconfig", want_arch,
					strlen(want_arch)), 0);
	ck_assert_int_eq(profile_arch_resolve(src, "x86", &a), 0);
	ck_assert_msg(scan_parse(src, &a, "t", NULL, &m) == 0, "%s",
		      kdep_error_last());
	struct scan_fixer fixer = { src, &a, profiles, 1, NULL, NULL };
	struct fix_engine eng = { scan_fixer_read, scan_fixer_reparse,
				  scan_fixer_open_edited,
				  scan_fixer_close_edited, NULL, NULL, &fixer };
	struct scan_verifier v;
	ck_assert_int_eq(scan_verifier_open(&v, src, &a, "t"), 0);
	uint32_t t[2] = { model_find(m, "CFI"), model_find(m, "DC") };
	struct fix_want_ctx wx = { .model = m, .profile = 0, .arch = "x86",
				   .targets = t, .ntargets = 2, .engine = &eng,
				   .check = scan_verify, .check_ctx = &v };
	struct fix_want w;
	ck_assert_msg(fix_want(&wx, &w) == 0, "%s", kdep_error_last());
	ck_assert_int_eq(w.before.verdict, COSEL_NO);
	const struct fix_component *fc = &w.fixes;
	ck_assert_uint_eq(fc->nproven, 2);
	/* OPS dropped from the select of HAVE_DC: positive, the arch's own */
	ck_assert_uint_eq(fc->v[0].edit.first, 3);
	ck_assert_str_eq(fc->v[0].edit.new_text,
			 "\tselect HAVE_DC if ARGS\n");
	ck_assert_ptr_nonnull(fc->v[0].witness);
	ck_assert_int_eq(fc->v[1].negation, 1);
	int missed = 0, capability = 0;
	for (size_t i = fc->nproven; i < fc->n; i++) {
		ck_assert_int_eq(fc->v[i].proven, 0);
		if (!fc->v[i].why_rejected)
			continue;
		missed += strstr(fc->v[i].why_rejected,
				 "stay not co-selectable") != NULL;
		capability += fc->v[i].capability;
	}
	/* ARGS dropped from either line reaches nothing */
	ck_assert_int_eq(missed, 2);
	ck_assert_int_eq(capability, 2);
	fix_want_free(&w);
	/* fed by hand: what cuts the targets off, and a new cycle, are no
	 * relaxations */
	struct fix f = candidate(8, "\tbool \"cfi\"\n",
				 "\tbool \"cfi\"\n\tdepends on n\n");
	ck_assert_int_eq(fix_want_prove(&wx, &f), 0);
	ck_assert_int_eq(f.proven, 0);
	ck_assert_str_eq(f.why_rejected,
			 "the edited tree: still not co-selectable");
	free(f.why_rejected);
	f = candidate(3, "\tselect HAVE_DC if ARGS && OPS\n",
		      "\tselect HAVE_DC if ARGS\nconfig ARGS\n"
		      "\tdepends on CFI\nconfig CFI\n\tdepends on ARGS\n");
	f.edit.file = "arch/x86/Kconfig";
	ck_assert_int_eq(fix_want_prove(&wx, &f), 0);
	ck_assert_int_eq(f.proven, 0);
	ck_assert_ptr_nonnull(strstr(f.why_rejected, "a new cycle appears"));
	free(f.why_rejected);
	/* the relaxation proven for CFI + DC breaks CFI + DC + OPS=n: the
	 * value asked is what the proof asks again */
	f = candidate(4, "\tselect HAVE_OPS if ARGS && !CFI\n",
		      "\tselect HAVE_OPS if ARGS\n");
	f.edit.file = "arch/x86/Kconfig";
	ck_assert_int_eq(fix_want_prove(&wx, &f), 0);
	ck_assert_int_eq(f.proven, 1);
	free(f.witness);
	f.witness = NULL;
	uint32_t t3[3] = { t[0], t[1], model_find(m, "OPS") };
	struct cosel_value vals[3] = { { 0, NULL }, { 0, NULL }, { 0, "n" } };
	wx.targets = t3;
	wx.ntargets = 3;
	wx.values = vals;
	ck_assert_int_eq(fix_want_prove(&wx, &f), 0);
	ck_assert_int_eq(f.proven, 0);
	ck_assert_str_eq(f.why_rejected,
			 "the edited tree: still not co-selectable");
	free(f.why_rejected);
	scan_verifier_close(&v);
	model_free(m);
	source_free(src);
}
END_TEST

Suite *fix_suite(void)
{
	Suite *s = suite_create("fix");
	TCase *t = tcase_create("fix");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, the_constant_condition_ranks_first);
	tcase_add_test(t, a_new_cycle_elsewhere_is_rejected);
	tcase_add_test(t, a_cycle_left_in_the_component_is_rejected);
	tcase_add_test(t, a_narrowed_condition_changes_nothing);
	tcase_add_test(t, a_set_that_makes_a_new_cycle_is_rejected);
	tcase_add_test(t, no_single_edit_suffices_a_set_does);
	tcase_add_test(t, implication_in_every_configuration);
	tcase_add_test(t, kept_proofs_are_not_proven_again);
	tcase_add_test(t, relaxations_that_miss_the_targets_are_rejected);
	suite_add_tcase(s, t);
	return s;
}
