/*
 * check_change.c - what a change introduced: the findings of two trees in
 * memory compared by fingerprint (a new cycle, a new edge in a known one,
 * a watched question flipping from yes to no; a moved line is nothing
 * new), the syntactic symbol index and the undefined-symbol rule.
 */
#include "change.h"
#include "error.h"
#include "scan.h"
#include "strv.h"
#include "suites.h"
#include "symindex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char arch_kconfig[] = "config X86\n\tdef_bool y\n";

/* A tree whose top Kconfig is top, with arch/x86/Kconfig sourced. */
static struct source *tree(const char *top)
{
	struct source *s;
	char buf[4096];
	snprintf(buf, sizeof(buf), "%ssource \"arch/$(SRCARCH)/Kconfig\"\n",
		 top);
	ck_assert_int_eq(source_open_mem(&s, "mem:change", "/nonexistent"), 0);
	ck_assert_int_eq(source_mem_add(s, "Kconfig", buf, strlen(buf)), 0);
	ck_assert_int_eq(source_mem_add(s, "arch/x86/Kconfig", arch_kconfig,
					strlen(arch_kconfig)), 0);
	return s;
}

/* The findings of the tree top (x86, profile t) with watch list w. */
static void findings(const char *top, const char *watch,
		     struct finding_set *set)
{
	struct source *s = tree(top);
	struct profile_arch a;
	struct model *m = NULL;
	struct change_watch w;
	char *profiles[] = { "t", NULL };
	ck_assert_int_eq(profile_arch_resolve(s, "x86", &a), 0);
	ck_assert_msg(scan_parse(s, &a, "t", NULL, &m) == 0, "%s",
		      kdep_error_last());
	ck_assert_int_eq(change_watch_parse(watch, &w), 0);
	struct change_tree t = { s, &a, profiles, &m, 1, NULL };
	finding_set_init(set);
	ck_assert_msg(change_findings(&t, &w, set) == 0, "%s",
		      kdep_error_last());
	change_watch_free(&w);
	model_free(m);
	source_free(s);
}

/* How many findings the change from before to after introduced, and
 * how many of after's were there already. */
static void compare(const char *before, const char *after, const char *watch,
		    size_t *introduced, size_t *existing,
		    const char **first_rule)
{
	struct finding_set b, a, in, ex;
	test_profile_t();
	findings(before, watch, &b);
	findings(after, watch, &a);
	ck_assert_int_eq(change_compare(&b, &a, &in, &ex), 0);
	*introduced = in.n;
	*existing = ex.n;
	if (first_rule) {
		static char rule[64];
		snprintf(rule, sizeof(rule), "%s", in.n ? in.v[0].rule : "");
		*first_rule = rule;
	}
	finding_set_free(&in);
	finding_set_free(&ex);
	finding_set_free(&a);
	finding_set_free(&b);
}

static const char acyclic[] =
	"config A\n\tbool \"a\"\n\tdepends on B\n"
	"config B\n\tbool \"b\"\n"
	"config C\n\tbool \"c\"\n";

/* B depends on A too: A <-> B. */
static const char cyclic[] =
	"config A\n\tbool \"a\"\n\tdepends on B\n"
	"config B\n\tbool \"b\"\n\tdepends on A\n"
	"config C\n\tbool \"c\"\n";

/* The same cycle, every line moved: comments above, C first. */
static const char cyclic_moved[] =
	"# a comment\n\n\n"
	"config C\n\tbool \"c\"\n\n"
	"config A\n\tbool \"a\"\n\n\tdepends on B\n"
	"config B\n\tbool \"b\"\n\tdepends on A\n";

/* The cycle with one more edge inside it: A's prompt depends on B. */
static const char cyclic_more[] =
	"config A\n\tbool \"a\" if B\n\tdepends on B\n"
	"config B\n\tbool \"b\"\n\tdepends on A\n"
	"config C\n\tbool \"c\"\n";

START_TEST(a_new_cycle_is_new)
{
	size_t in, ex;
	const char *rule;
	compare(acyclic, cyclic, NULL, &in, &ex, &rule);
	ck_assert_uint_eq(in, 1);
	ck_assert_uint_eq(ex, 0);
	ck_assert_str_eq(rule, "recursive-dependency");
	/* and removing it introduces nothing */
	compare(cyclic, acyclic, NULL, &in, &ex, NULL);
	ck_assert_uint_eq(in, 0);
	ck_assert_uint_eq(ex, 0);
}
END_TEST

START_TEST(a_moved_line_is_nothing_new)
{
	size_t in, ex;
	compare(cyclic, cyclic_moved, NULL, &in, &ex, NULL);
	ck_assert_uint_eq(in, 0);
	ck_assert_uint_eq(ex, 1);
}
END_TEST

START_TEST(fingerprints_hold_no_line)
{
	struct finding_set b, a;
	test_profile_t();
	findings(cyclic, NULL, &b);
	findings(cyclic_moved, NULL, &a);
	ck_assert_uint_eq(b.n, 1);
	ck_assert_uint_eq(a.n, 1);
	/* the lines moved, the fingerprint did not */
	ck_assert_uint_ne(b.v[0].line, a.v[0].line);
	ck_assert(b.v[0].fingerprint == a.v[0].fingerprint);
	finding_set_free(&a);
	finding_set_free(&b);
}
END_TEST

START_TEST(a_new_edge_in_a_known_cycle_is_new)
{
	size_t in, ex;
	compare(cyclic, cyclic_more, NULL, &in, &ex, NULL);
	ck_assert_uint_eq(in, 1);
	ck_assert_uint_eq(ex, 0);
}
END_TEST

static const char coselectable[] =
	"config P\n\tbool \"p\"\n"
	"config Q\n\tbool \"q\"\n";

/* Q now depends on P being off. */
static const char exclusive[] =
	"config P\n\tbool \"p\"\n"
	"config Q\n\tbool \"q\"\n\tdepends on !P\n";

START_TEST(a_watched_question_flipping_to_no_is_new)
{
	size_t in, ex;
	const char *rule;
	compare(coselectable, exclusive, "P,Q", &in, &ex, &rule);
	ck_assert_uint_eq(in, 1);
	ck_assert_str_eq(rule, "not-coselectable");
	/* the same no in both trees is not new; a yes is no failure */
	compare(exclusive, exclusive, "P,Q", &in, &ex, NULL);
	ck_assert_uint_eq(in, 0);
	ck_assert_uint_eq(ex, 1);
	compare(exclusive, coselectable, "P,Q", &in, &ex, NULL);
	ck_assert_uint_eq(in, 0);
	ck_assert_uint_eq(ex, 0);
	/* not watched: nothing asked */
	compare(coselectable, exclusive, NULL, &in, &ex, NULL);
	ck_assert_uint_eq(in, 0);
	/* a question naming a symbol the tree lacks is not asked */
	compare(coselectable, exclusive, "P,NOPE", &in, &ex, NULL);
	ck_assert_uint_eq(in, 0);
}
END_TEST

/* The selects a change to the lines at[0..n) of top's Kconfig (added
 * ones, or removed ones) makes unmet examine: "SELECTOR->TARGET",
 * comma-joined, into out. */
static void touched_selects(const char *top, const uint32_t *at, size_t n,
			    int added, char *out, size_t size)
{
	struct source *s = tree(top);
	struct profile_arch a;
	struct model *m = NULL;
	struct rule_line lines[8];
	struct change_names names = { 0 };
	size_t ns = 0;
	struct unmet_select *sel = NULL;
	ck_assert(n <= 8);
	test_profile_t();
	for (size_t i = 0; i < n; i++)
		lines[i] = (struct rule_line){ "Kconfig", at[i], "", 0 };
	ck_assert_int_eq(profile_arch_resolve(s, "x86", &a), 0);
	ck_assert_msg(scan_parse(s, &a, "t", NULL, &m) == 0, "%s",
		      kdep_error_last());
	ck_assert_int_eq(change_touched(m, lines, n, added, &names), 0);
	ck_assert_int_eq(change_selects(m, &names, &sel, &ns), 0);
	out[0] = '\0';
	for (size_t i = 0; i < ns; i++) {
		const struct node *nd = &m->nodes[sel[i].node];
		snprintf(out + strlen(out), size - strlen(out), "%s%s->%s",
			 i ? "," : "", m->syms[nd->sym].name,
			 m->syms[nd->props[sel[i].prop].expr->sym].name);
	}
	free(sel);
	change_names_free(&names);
	model_free(m);
	source_free(s);
}

START_TEST(a_change_touches_the_selects_of_its_cone)
{
	static const char top[] =
		"config DEP\n\tbool \"dep\"\n"          /* 1-2 */
		"config T\n\tbool \"t\"\n\tdepends on DEP\n" /* 3-5 */
		"config S\n\tbool \"s\"\n\tselect T\n"    /* 6-8 */
		"config U\n\tbool \"u\"\n\tselect V\n"    /* 9-11 */
		"config V\n\tbool\n"                      /* 12-13 */
		"if DEP\nconfig W\n\tbool \"w\"\n\tselect V\nendif\n"; /* 14-18 */
	char got[256];
	uint32_t dep[] = { 2 }, sel[] = { 8 }, v[] = { 12 }, none[] = { 1000 },
		 block[] = { 14 };
	/* DEP's prompt: T's dependency reads it, and W (inside 'if DEP')
	 * selects V; U's select of V reads neither */
	touched_selects(top, dep, 1, 1, got, sizeof(got));
	ck_assert_str_eq(got, "S->T,W->V");
	/* the select line itself, added */
	touched_selects(top, sel, 1, 1, got, sizeof(got));
	ck_assert_str_eq(got, "S->T");
	/* removed: no question of it is left, and T's value is read by
	 * no other select */
	touched_selects(top, sel, 1, 0, got, sizeof(got));
	ck_assert_str_eq(got, "");
	/* the target V's definition: both of its selects */
	touched_selects(top, v, 1, 1, got, sizeof(got));
	ck_assert_str_eq(got, "U->V,W->V");
	/* the 'if' line: W inside it, so W's select (U's reads no W) */
	touched_selects(top, block, 1, 1, got, sizeof(got));
	ck_assert_str_eq(got, "W->V");
	/* a line of no definition */
	touched_selects(top, none, 1, 1, got, sizeof(got));
	ck_assert_str_eq(got, "");
}
END_TEST

START_TEST(watch_lists_parse)
{
	struct change_watch w;
	ck_assert_int_eq(change_watch_parse("CFI,DIRECT_CALLS;CFI,STATIC_CALL;",
					    &w), 0);
	ck_assert_uint_eq(w.n, 2);
	ck_assert_str_eq(w.questions[1][1], "STATIC_CALL");
	change_watch_free(&w);
	ck_assert_int_eq(change_watch_parse("CFI", &w), -1);
	ck_assert_int_eq(kdep_error_class(), KDEP_ERR_ARG);
	ck_assert_int_eq(change_watch_parse("", &w), 0);
	ck_assert_uint_eq(w.n, 0);
	change_watch_free(&w);
}
END_TEST

START_TEST(the_index_has_every_arch)
{
	struct source *s;
	char **names;
	size_t n;
	static const char top[] = "config TOP\n\tbool\nsource \"arch/$(SRCARCH)/Kconfig\"\n";
	static const char arm[] = "menuconfig ARM_ONLY\n\tbool\nchoice ARM_CHOICE\n\tprompt \"c\"\nendchoice\n";
	static const char dbg[] = "  config\tDEBUG_X\n\tbool \"x\"\n\thelp\n\t  config WORDS of a help text define nothing\n";
	ck_assert_int_eq(source_open_mem(&s, "mem:index", "/nonexistent"), 0);
	ck_assert_int_eq(source_mem_add(s, "Kconfig", top, strlen(top)), 0);
	ck_assert_int_eq(source_mem_add(s, "arch/x86/Kconfig", arch_kconfig,
					strlen(arch_kconfig)), 0);
	ck_assert_int_eq(source_mem_add(s, "arch/arm/Kconfig", arm,
					strlen(arm)), 0);
	ck_assert_int_eq(source_mem_add(s, "lib/Kconfig.debug", dbg,
					strlen(dbg)), 0);
	ck_assert_int_eq(source_mem_add(s, "lib/Makefile", "config NOT\n",
					11), 0);
	ck_assert_int_eq(symindex_build(s, &names, &n), 0);
	const char *want[] = { "ARM_CHOICE", "ARM_ONLY", "DEBUG_X", "TOP",
			       "X86" };
	ck_assert_uint_eq(n, 5);
	for (size_t i = 0; i < n; i++)
		ck_assert_str_eq(names[i], want[i]);
	size_t nread;
	source_files_read(s, &nread);
	ck_assert_uint_eq(nread, 0);
	strv_free(names);
	source_free(s);
}
END_TEST

/* The symbols of the undefined-symbol findings of lines, joined by ' '. */
static void undefined(const struct rule_line *lines, size_t n, char *out,
		      size_t size)
{
	static const char *const defined[] = { "64BIT", "A", "B", "FOO" };
	struct finding_set set;
	finding_set_init(&set);
	ck_assert_int_eq(change_undefined("x86", lines, n, defined, 4, &set),
			 0);
	out[0] = '\0';
	for (size_t i = 0; i < set.n; i++) {
		ck_assert_str_eq(set.v[i].rule, "undefined-symbol");
		ck_assert_uint_eq(set.v[i].nsymbols, 1);
		snprintf(out + strlen(out), size - strlen(out), "%s%s:%u:%s",
			 i ? " " : "", set.v[i].file, set.v[i].line,
			 set.v[i].symbols[0]);
	}
	finding_set_free(&set);
}

START_TEST(undefined_symbols_of_added_lines)
{
	char got[1024];
	struct rule_line lines[] = {
		{ "Kconfig", 1, "\tdepends on A && (B || TYPO) && !64BIT", 0 },
		{ "Kconfig", 2, "\tselect GONE if A # OLD in a comment", 0 },
		{ "Kconfig", 3, "\tbool \"Say Y with NAME\" if MISSING", 0 },
		{ "Kconfig", 4, "\tdefault \"TEXT\" if $(cc-option,-FOO) && FOO", 0 },
		{ "Kconfig", 5, "config NEWSYM", 0 },
		{ "Kconfig", 6, "\t  if you say Y here, HELP happens", 1 },
		{ "Kconfig", 7, "\trange 0x10 100", 0 },
		{ "drivers/x.c", 8, "#if IS_ENABLED(CONFIG_FOO) || defined(CONFIG_BAR_MODULE) || CONFIG_A_MODULE", 0 },
		{ "drivers/Makefile", 9, "obj-$(CONFIG_TYPO) += x.o MY_CONFIG_NOT", 0 },
	};
	undefined(lines, sizeof(lines) / sizeof(lines[0]), got, sizeof(got));
	ck_assert_str_eq(got, "Kconfig:1:TYPO Kconfig:2:GONE Kconfig:3:MISSING "
			 "drivers/x.c:8:BAR_MODULE drivers/Makefile:9:TYPO");
}
END_TEST

START_TEST(help_lines_are_found)
{
	static const char text[] =
		"config A\n"          /* 1 */
		"\tbool \"a\"\n"      /* 2 */
		"\thelp\n"            /* 3 */
		"\t  if you say Y\n"  /* 4 help */
		"\n"                  /* 5 help (blank inside) */
		"\t    indented more\n" /* 6 help */
		"\n"                  /* 7 */
		"config B\n"          /* 8 */
		"\tdepends on A\n";   /* 9 */
	unsigned char *mask;
	size_t n;
	ck_assert_int_eq(rule_help_lines(text, &mask, &n), 0);
	ck_assert_uint_eq(n, 9);
	const unsigned char want[] = { 0, 0, 0, 1, 1, 1, 1, 0, 0 };
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(mask[i] == want[i], "line %zu: %d", i + 1,
			      mask[i]);
	free(mask);
}
END_TEST

Suite *change_suite(void)
{
	Suite *s = suite_create("change");
	TCase *t = tcase_create("change");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, a_new_cycle_is_new);
	tcase_add_test(t, a_moved_line_is_nothing_new);
	tcase_add_test(t, fingerprints_hold_no_line);
	tcase_add_test(t, a_new_edge_in_a_known_cycle_is_new);
	tcase_add_test(t, a_watched_question_flipping_to_no_is_new);
	tcase_add_test(t, watch_lists_parse);
	tcase_add_test(t, a_change_touches_the_selects_of_its_cone);
	tcase_add_test(t, the_index_has_every_arch);
	tcase_add_test(t, undefined_symbols_of_added_lines);
	tcase_add_test(t, help_lines_are_found);
	suite_add_tcase(s, t);
	return s;
}
