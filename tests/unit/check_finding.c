/*
 * check_finding.c - findings as data: fingerprints that survive moved
 * lines and follow the symbol set (a choice known by its file), set
 * difference and intersection, a change that adds an edge inside a known
 * component, and the fingerprint of a co-selectability answer.
 */
#include "suites.h"
#include "error.h"
#include "finding.h"
#include "rule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The line text callback: no tree to read, so the line's number. */
static const char *line_number(void *engine, const char *file, uint32_t line,
			       char *buf, size_t n)
{
	snprintf(buf, n, "line %u of %s", line, file);
	return buf;
}

/* A tree of several files: path, text, ..., NULL. */
static struct model *load_files(const char *const *files)
{
	struct source *s;
	struct model *m = NULL;
	struct kconf_opts o = { test_env, 2, KCONF_LIVE, NULL, NULL };
	ck_assert_int_eq(source_open_mem(&s, "t", "/nonexistent-kdep-tree"), 0);
	for (size_t i = 0; files[i]; i += 2)
		ck_assert_int_eq(source_mem_add(s, files[i], files[i + 1],
						strlen(files[i + 1])), 0);
	if (kconf_load(s, &o, &m))
		ck_abort_msg("load: %s", kdep_error_last());
	source_free(s);
	return m;
}

/* The findings of a rule on one model, with the model they borrow. */
struct run {
	struct model *m;
	struct finding_set set;
};

static const char *const profiles[] = { "p0" };

static void run_rule(struct run *r, const char *rule, const char *arch,
		     const struct cosel_question *q)
{
	struct finding_sink sink;
	struct rule_ctx c = { &r->m, profiles, 1, arch, line_number, NULL, q,
			      NULL, NULL, NULL, NULL };
	finding_set_init(&r->set);
	finding_set_sink(&r->set, &sink);
	if (rule_run(rule, &c, &sink))
		ck_abort_msg("%s: %s", rule, kdep_error_last());
}

static void cycles(struct run *r, const char *top)
{
	r->m = test_load_text(top);
	run_rule(r, "recursive-dependency", "x86", NULL);
}

static void cycles_files(struct run *r, const char *const *files)
{
	r->m = load_files(files);
	run_rule(r, "recursive-dependency", "x86", NULL);
}

static void run_free(struct run *r)
{
	finding_set_free(&r->set);
	model_free(r->m);
}

/* The one finding of r. */
static const struct finding *only(const struct run *r)
{
	ck_assert_uint_eq(r->set.n, 1);
	return &r->set.v[0];
}

static const char ab[] =
	"config A\n\tbool \"a\"\n\tdepends on B\n"
	"config B\n\tbool \"b\"\n\tdepends on A\n";
/* the same, with lines before and between */
static const char ab_moved[] =
	"# moved down\n\n\n"
	"config A\n\tbool \"a\"\n\n\tdepends on B\n"
	"\n# a comment\n"
	"config B\n\tbool \"b\"\n\tdepends on A\n";
static const char ac[] =
	"config A\n\tbool \"a\"\n\tdepends on C\n"
	"config C\n\tbool \"c\"\n\tdepends on A\n";

START_TEST(hash_is_fnv1a)
{
	/* pinned: fingerprints written by one version compare with the next */
	ck_assert_uint_eq(finding_hash("", 0), 0xcbf29ce484222325ull);
	ck_assert_uint_eq(finding_hash("a", 1), 0xaf63dc4c8601ec8cull);
	ck_assert_uint_eq(finding_hash("foobar", 6), 0x85944171f73967e8ull);
	char hex[17];
	ck_assert_str_eq(finding_fingerprint_hex(0xaf63dc4c8601ec8cull, hex),
			 "af63dc4c8601ec8c");
	ck_assert_str_eq(finding_fingerprint_hex(1, hex), "0000000000000001");
}
END_TEST

START_TEST(fingerprint_is_the_canonical_text)
{
	const char *set[] = { "B", "A", "B" };
	const char *parts[] = { "x86", "p0" };
	const char text[] = "rule\nx86\np0\n--\nA\nB\n";
	uint64_t fp, again;
	ck_assert_int_eq(finding_fingerprint("rule", parts, 2, set, 3, &fp), 0);
	ck_assert_uint_eq(fp, finding_hash(text, sizeof(text) - 1));
	/* order and repeats of the set do not matter, the parts' order does */
	const char *set2[] = { "A", "B" };
	ck_assert_int_eq(finding_fingerprint("rule", parts, 2, set2, 2, &again),
			 0);
	ck_assert_uint_eq(fp, again);
	const char *swapped[] = { "p0", "x86" };
	ck_assert_int_eq(finding_fingerprint("rule", swapped, 2, set2, 2,
					     &again), 0);
	ck_assert_uint_ne(fp, again);
	ck_assert_int_eq(finding_fingerprint("other", parts, 2, set2, 2,
					     &again), 0);
	ck_assert_uint_ne(fp, again);
}
END_TEST

START_TEST(cycle_fingerprint_survives_moved_lines)
{
	struct run a, b;
	cycles(&a, ab);
	cycles(&b, ab_moved);
	const struct finding *x = only(&a), *y = only(&b);
	/* the lines did move */
	ck_assert_str_eq(x->file, "Kconfig");
	ck_assert_uint_ne(x->line, y->line);
	ck_assert_uint_eq(x->fingerprint, y->fingerprint);
	ck_assert_str_eq(x->rule, "recursive-dependency");
	ck_assert_int_eq(x->kind, FINDING_FAIL);
	ck_assert_int_eq(x->severity, FINDING_ERROR);
	ck_assert_uint_eq(x->nsymbols, 2);
	ck_assert_str_eq(x->symbols[0], "A");
	ck_assert_str_eq(x->symbols[1], "B");
	ck_assert_uint_eq(x->nholds, 1);
	ck_assert_str_eq(x->holds[0], "p0");
	/* its links, each with its line as the callback gave it */
	ck_assert_uint_eq(x->nrelated, 4);
	ck_assert_str_eq(x->related[0].role, "link");
	ck_assert_ptr_nonnull(strstr(x->related[0].message, "depends on"));
	const struct finding_related *at = finding_related_at(x, "line",
		x->related[0].file, x->related[0].line);
	ck_assert_ptr_nonnull(at);
	char want[64];
	snprintf(want, sizeof(want), "line %u of Kconfig", x->related[0].line);
	ck_assert_str_eq(at->message, want);
	/* and its edges: no line in them either */
	ck_assert_uint_eq(x->nedges, 2);
	ck_assert_str_eq(x->edges[0].from, "A");
	ck_assert_str_eq(x->edges[0].to, "B");
	ck_assert_str_eq(x->edges[0].kind, "depends");
	ck_assert_str_eq(x->edges[0].file, "Kconfig");
	ck_assert_int_eq(finding_adds_edges(x, y), 0);
	ck_assert_int_eq(finding_adds_edges(y, x), 0);
	run_free(&a);
	run_free(&b);
}
END_TEST

START_TEST(cycle_fingerprint_follows_the_symbols)
{
	struct run a, b;
	cycles(&a, ab);
	cycles(&b, ac);
	ck_assert_uint_ne(only(&a)->fingerprint, only(&b)->fingerprint);
	run_free(&a);
	run_free(&b);
}
END_TEST

/* A cycle through a choice block, written in file `in`. */
static const char choice_cycle[] =
	"choice\n\tprompt \"pick\"\n"
	"config M1\n\tbool \"m1\"\n"
	"config M2\n\tbool \"m2\"\n\tdepends on D\n"
	"endchoice\n"
	"config D\n\tbool \"d\"\n\tdepends on M1\n";

START_TEST(a_choice_is_known_by_its_file)
{
	const char *const in_a[] = { "Kconfig", "source \"a/Kconfig\"\n",
				     "a/Kconfig", choice_cycle, NULL };
	const char *const in_b[] = { "Kconfig", "source \"b/Kconfig\"\n",
				     "b/Kconfig", choice_cycle, NULL };
	const char *const in_a_moved[] = { "Kconfig", "source \"a/Kconfig\"\n",
					   "a/Kconfig", "\n\n# moved\n\n",
					   NULL };
	struct run a, b, c;
	char moved[512];
	snprintf(moved, sizeof(moved), "\n\n# moved\n\n%s", choice_cycle);
	const char *const in_a_moved2[] = { in_a_moved[0], in_a_moved[1],
					    in_a_moved[2], moved, NULL };
	cycles_files(&a, in_a);
	cycles_files(&b, in_b);
	cycles_files(&c, in_a_moved2);
	const struct finding *x = only(&a);
	/* the same names: the choice's file tells them apart */
	ck_assert_uint_eq(x->nsymbols, only(&b)->nsymbols);
	for (size_t i = 0; i < x->nsymbols; i++)
		ck_assert_str_eq(x->symbols[i], only(&b)->symbols[i]);
	int has_choice = 0;
	for (size_t i = 0; i < x->nsymbols; i++)
		has_choice |= !strcmp(x->symbols[i], "<choice>");
	ck_assert(has_choice);
	ck_assert_uint_ne(x->fingerprint, only(&b)->fingerprint);
	ck_assert_uint_eq(x->fingerprint, only(&c)->fingerprint);
	/* the fingerprint is of the choice by its file */
	const char *ids[] = { "<choice>@a/Kconfig", "D", "M1", "M2" };
	uint64_t fp;
	ck_assert_int_eq(finding_fingerprint("recursive-dependency", NULL, 0,
					     ids, 4, &fp), 0);
	ck_assert_uint_eq(x->fingerprint, fp);
	run_free(&a);
	run_free(&b);
	run_free(&c);
}
END_TEST

/* Two components, in one order or the other. */
static const char two[] =
	"config A\n\tbool \"a\"\n\tdepends on B\n"
	"config B\n\tbool \"b\"\n\tdepends on A\n"
	"config C\n\tbool \"c\"\n\tdepends on D\n"
	"config D\n\tbool \"d\"\n\tdepends on C\n";
static const char two_reversed[] =
	"config C\n\tbool \"c\"\n\tdepends on D\n"
	"config D\n\tbool \"d\"\n\tdepends on C\n"
	"config A\n\tbool \"a\"\n\tdepends on B\n"
	"config B\n\tbool \"b\"\n\tdepends on A\n";

static int has_fp(const struct finding_set *s, uint64_t fp)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].fingerprint == fp)
			return 1;
	return 0;
}

START_TEST(set_difference_keeps_what_is_new)
{
	struct run after, after2, before;
	struct finding_set d;
	cycles(&after, two);
	cycles(&after2, two_reversed);
	cycles(&before, ab_moved);
	ck_assert_uint_eq(after.set.n, 2);
	uint64_t ab_fp = only(&before)->fingerprint;

	ck_assert_int_eq(finding_set_diff(&after.set, &before.set, &d), 0);
	ck_assert_uint_eq(d.n, 1);
	ck_assert(!has_fp(&d, ab_fp));
	ck_assert_str_eq(d.v[0].symbols[0], "C");
	uint64_t cd_fp = d.v[0].fingerprint;
	finding_set_free(&d);

	/* the same, whatever order either side found them in */
	ck_assert_int_eq(finding_set_diff(&after2.set, &before.set, &d), 0);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_uint_eq(d.v[0].fingerprint, cd_fp);
	finding_set_free(&d);
	ck_assert_int_eq(finding_set_diff(&after.set, &after2.set, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	finding_set_free(&d);
	ck_assert_int_eq(finding_set_diff(&after2.set, &after.set, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	finding_set_free(&d);

	/* equal sets: nothing new */
	ck_assert_int_eq(finding_set_diff(&before.set, &before.set, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	finding_set_free(&d);
	/* what went away is b \ a */
	ck_assert_int_eq(finding_set_diff(&before.set, &after.set, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	finding_set_free(&d);

	ck_assert_int_eq(finding_set_intersect(&after.set, &before.set, &d), 0);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_uint_eq(d.v[0].fingerprint, ab_fp);
	finding_set_free(&d);

	/* sorted: by place */
	finding_set_sort(&after2.set);
	ck_assert_uint_lt(after2.set.v[0].line, after2.set.v[1].line);
	struct finding first = after2.set.v[0];
	after2.set.v[0] = after2.set.v[1];
	after2.set.v[1] = first;
	finding_set_sort(&after2.set);
	ck_assert_uint_eq(after2.set.v[0].fingerprint, first.fingerprint);
	run_free(&after);
	run_free(&after2);
	run_free(&before);
}
END_TEST

/* A's default on B is one more edge inside the same component. */
static const char ab_more[] =
	"config A\n\tbool \"a\"\n\tdepends on B\n\tdefault B\n"
	"config B\n\tbool \"b\"\n\tdepends on A\n";

START_TEST(an_edge_added_inside_a_component_is_new)
{
	struct run before, moved, after;
	struct finding_set d;
	cycles(&before, ab);
	cycles(&moved, ab_moved);
	cycles(&after, ab_more);
	const struct finding *b = only(&before), *a = only(&after);
	ck_assert_uint_eq(a->fingerprint, b->fingerprint);
	ck_assert_uint_eq(a->nedges, b->nedges + 1);
	ck_assert_int_eq(finding_adds_edges(b, a), 1);
	ck_assert_int_eq(finding_adds_edges(a, b), 0);
	ck_assert_int_eq(finding_adds_edges(b, only(&moved)), 0);

	/* not new by fingerprint, new by its edge */
	ck_assert_int_eq(finding_set_diff(&after.set, &before.set, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	finding_set_free(&d);
	ck_assert_int_eq(finding_set_new(&after.set, &before.set, &d), 0);
	ck_assert_uint_eq(d.n, 1);
	finding_set_free(&d);
	/* removing an edge, or moving lines, is nothing new */
	ck_assert_int_eq(finding_set_new(&before.set, &after.set, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	finding_set_free(&d);
	ck_assert_int_eq(finding_set_new(&moved.set, &before.set, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	finding_set_free(&d);
	run_free(&before);
	run_free(&moved);
	run_free(&after);
}
END_TEST

START_TEST(a_set_owns_its_copies)
{
	char name[8] = "X", msg[32] = "something";
	const char *syms[] = { name };
	struct finding_related rel = { "link", "Kconfig", 3, name, msg };
	struct finding f = {
		.rule = "r", .kind = FINDING_PASS, .message = msg,
		.file = "Kconfig", .line = 3, .related = &rel, .nrelated = 1,
		.symbols = syms, .nsymbols = 1, .arch = "x86",
	};
	struct finding_set s;
	finding_set_init(&s);
	ck_assert_int_eq(finding_set_add(&s, &f), 0);
	ck_assert_int_eq(finding_set_failed(&s), 0);
	strcpy(name, "Y");
	strcpy(msg, "changed");
	ck_assert_str_eq(s.v[0].symbols[0], "X");
	ck_assert_str_eq(s.v[0].message, "something");
	ck_assert_str_eq(s.v[0].related[0].symbol, "X");
	struct finding_related more = { "witness", "w.config", 0, NULL,
					"witness written to" };
	ck_assert_int_eq(finding_set_relate(&s, 0, &more), 0);
	ck_assert_uint_eq(s.v[0].nrelated, 2);
	ck_assert_str_eq(s.v[0].related[0].message, "something");
	ck_assert_ptr_eq(finding_related_at(&s.v[0], "witness", "w.config", 0),
			 &s.v[0].related[1]);
	ck_assert_ptr_null(finding_related_at(&s.v[0], "link", "w.config", 0));
	f.kind = FINDING_OPEN;
	ck_assert_int_eq(finding_set_add(&s, &f), 0);
	ck_assert_int_eq(finding_set_failed(&s), 1); /* unknown is not a yes */
	finding_set_free(&s);
}
END_TEST

/* ---- co-selectability --------------------------------------------------- */

/* A and B exclude each other; C is free. */
static const char forbid[] =
	"config A\n"
	"\tbool \"a\"\n"
	"\tdepends on !B\n"
	"config B\n"
	"\tbool \"b\"\n"
	"config C\n"
	"\tbool \"c\"\n";

/* A checker that refutes every candidate: no yes without a check. */
static int refuse(void *ctx, const char *config, struct cosel_outcome *out)
{
	out->names = calloc(1, sizeof(char *));
	out->values = calloc(1, sizeof(char *));
	out->n = 0;
	return 0;
}

static void cosel(struct run *r, const char *top, const char *arch,
		  const char *a, const char *b)
{
	uint32_t syms[2];
	const uint32_t *targets = syms;
	void *ctx = NULL;
	r->m = test_load_text(top);
	syms[0] = model_find(r->m, a);
	syms[1] = model_find(r->m, b);
	struct cosel_question q = { &targets, 2, 0, 0, refuse, &ctx,
				    NULL, NULL, NULL, NULL, NULL };
	run_rule(r, "not-coselectable", arch, &q);
}

START_TEST(cosel_fingerprint)
{
	char moved[1024];
	snprintf(moved, sizeof(moved), "# moved\n\n%s", forbid);
	struct run no, swapped, shifted, other_arch, unknown;
	cosel(&no, forbid, "x86", "A", "B");
	cosel(&swapped, forbid, "x86", "B", "A");
	cosel(&shifted, moved, "x86", "A", "B");
	cosel(&other_arch, forbid, "arm64", "A", "B");
	cosel(&unknown, forbid, "x86", "B", "C");

	const struct finding *f = only(&no);
	ck_assert_str_eq(f->rule, "not-coselectable");
	ck_assert_int_eq(f->kind, FINDING_FAIL);
	ck_assert_str_eq(f->arch, "x86");
	/* the lines that forbid it, their text from the callback */
	ck_assert_uint_gt(f->nrelated, 0);
	ck_assert_str_eq(f->file, "Kconfig");
	ck_assert_uint_eq(f->line, f->related[0].line);
	for (size_t i = 0; i < f->nrelated; i++) {
		char want[64];
		snprintf(want, sizeof(want), "line %u of Kconfig",
			 f->related[i].line);
		ck_assert_str_eq(f->related[i].role, "forbids");
		ck_assert_str_eq(f->related[i].message, want);
	}
	/* rule + arch + profile + sorted targets + verdict */
	const char *parts[] = { "x86", "p0", "no" };
	const char *set[] = { "B", "A" };
	uint64_t fp;
	ck_assert_int_eq(finding_fingerprint("not-coselectable", parts, 3, set,
					     2, &fp), 0);
	ck_assert_uint_eq(f->fingerprint, fp);
	ck_assert_uint_eq(only(&swapped)->fingerprint, fp);
	ck_assert_uint_eq(only(&shifted)->fingerprint, fp);
	ck_assert_uint_ne(only(&shifted)->line, f->line);
	ck_assert_uint_ne(only(&other_arch)->fingerprint, fp);
	/* refuted candidates: unknown, an open result of its own */
	ck_assert_int_eq(only(&unknown)->kind, FINDING_OPEN);
	ck_assert_int_eq(finding_set_failed(&unknown.set), 1);
	const char *uparts[] = { "x86", "p0", "unknown" };
	const char *uset[] = { "C", "B" };
	ck_assert_int_eq(finding_fingerprint("not-coselectable", uparts, 3,
					     uset, 2, &fp), 0);
	ck_assert_uint_eq(only(&unknown)->fingerprint, fp);
	run_free(&no);
	run_free(&swapped);
	run_free(&shifted);
	run_free(&other_arch);
	run_free(&unknown);
}
END_TEST

Suite *finding_suite(void)
{
	Suite *s = suite_create("finding");
	TCase *tc = tcase_create("finding");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, hash_is_fnv1a);
	tcase_add_test(tc, fingerprint_is_the_canonical_text);
	tcase_add_test(tc, cycle_fingerprint_survives_moved_lines);
	tcase_add_test(tc, cycle_fingerprint_follows_the_symbols);
	tcase_add_test(tc, a_choice_is_known_by_its_file);
	tcase_add_test(tc, set_difference_keeps_what_is_new);
	tcase_add_test(tc, an_edge_added_inside_a_component_is_new);
	tcase_add_test(tc, a_set_owns_its_copies);
	tcase_add_test(tc, cosel_fingerprint);
	suite_add_tcase(s, tc);
	return s;
}
