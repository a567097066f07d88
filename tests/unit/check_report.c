/*
 * check_report.c - the emitters' generic layouts, for a rule without a
 * view of its own: GCC-style text, and an object per finding in JSON;
 * a place with its line as written, fitted to 80 columns.
 */
#include "suites.h"
#include "dot.h"
#include "emit.h"
#include "report.h"
#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const profiles[] = { "p0", "p1" };

/* One finding of a rule "example" that has no view. */
static void example(struct finding_set *s, const char *file)
{
	const char *syms[] = { "A", "B" };
	const char *holds[] = { "p0" };
	struct finding_related rel[] = {
		{ "link", "Kconfig", 4, "A", "A depends on B" },
		{ "forbids", NULL, 0, "B", "B is not defined" },
	};
	struct finding_absent absent = { "p1", "folded away" };
	struct finding f = {
		.rule = "example", .severity = FINDING_WARNING,
		.kind = FINDING_FAIL, .message = "something \"quoted\"",
		.file = file, .line = 3, .related = rel, .nrelated = 2,
		.symbols = syms, .nsymbols = 2, .holds = holds, .nholds = 1,
		.absent = &absent, .nabsent = 1, .arch = "x86",
		.fingerprint = 0xabcull,
	};
	finding_set_init(s);
	ck_assert_int_eq(finding_set_add(s, &f), 0);
}

/* The report of set s in format, as text. */
static char *rendered(const struct finding_set *s, int format)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	struct report r;
	struct report_scope scope = { "example", "x86", profiles, 2, NULL };
	ck_assert_ptr_nonnull(f);
	report_begin(&r, f, format, 0);
	report_emit(&r, &scope, s);
	report_end(&r);
	fclose(f);
	return buf;
}

START_TEST(text_is_gcc_style)
{
	struct finding_set s;
	example(&s, "Kconfig");
	char *got = rendered(&s, REPORT_TEXT);
	ck_assert_str_eq(got,
		"Kconfig:3: warning: something \"quoted\" [example] (p0)\n"
		"\tA depends on B  (Kconfig:4)\n"
		"\tB is not defined\n"
		"\tnot under p1: folded away\n");
	free(got);
	finding_set_free(&s);
	/* no place: the program's name stands for it */
	example(&s, NULL);
	got = rendered(&s, REPORT_TEXT);
	ck_assert(!strncmp(got, "kdep: warning: something", 24));
	free(got);
	finding_set_free(&s);
}
END_TEST

START_TEST(json_has_every_field)
{
	struct finding_set s;
	example(&s, "Kconfig");
	char *got = rendered(&s, REPORT_JSON);
	const char *want[] = {
		"\"arch\": \"x86\"", "\"rule\": \"example\"",
		"\"severity\": \"warning\"", "\"kind\": \"fail\"",
		"\"message\": \"something \\\"quoted\\\"\"",
		"\"fingerprint\": \"0000000000000abc\"", "\"role\": \"link\"",
		"\"reason\": \"folded away\"", "\"fix\": null",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ck_assert_msg(strstr(got, want[i]), "no %s in %s", want[i],
			      got);
	ck_assert(got[strlen(got) - 1] == '\n');
	free(got);
	finding_set_free(&s);
}
END_TEST

/* What text_place_quoted() writes, as a string. */
static char *quoted(const char *indent, const char *message, const char *text)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	ck_assert_ptr_nonnull(f);
	text_place_quoted(f, indent, message, "Kconfig", 12, text);
	fclose(f);
	return buf;
}

/* Its width, a tab counting 8 and a UTF-8 sequence 1. */
static size_t columns(const char *s)
{
	size_t n = 0;
	for (; *s && *s != '\n'; s++)
		n += *s == '\t' ? 8 : ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

START_TEST(quoted_lines_fit_80_columns)
{
	char *got = quoted("", "A depends on B", "depends on B");
	ck_assert_str_eq(got, "\tA depends on B  (Kconfig:12: depends on B)\n");
	free(got);
	/* no text: the place alone */
	got = quoted("  ", "A depends on B", "");
	ck_assert_str_eq(got, "\t  A depends on B  (Kconfig:12)\n");
	free(got);
	/* a long line is cut to fit */
	const char *along = "depends on A_VERY_LONG_SYMBOL_NAME && "
			    "ANOTHER_VERY_LONG_SYMBOL_NAME";
	got = quoted("", "A depends on B", along);
	ck_assert_uint_eq(columns(got), 80);
	ck_assert(!strncmp(got, "\tA depends on B  (Kconfig:12: depends on A_",
			   40));
	ck_assert_str_eq(got + strlen(got) - 5, "...)\n");
	free(got);
	/* however little room is left, 40 columns of it stay */
	got = quoted("", "A_RATHER_LONG_NAME is part of the choice block of "
		     "ANOTHER_LONG_NAME", along);
	ck_assert_ptr_nonnull(strstr(got, "(Kconfig:12: depends on "
				     "A_VERY_LONG_SYMBOL_NAME &&...)\n"));
	free(got);
	/* and a cut never splits a UTF-8 sequence */
	for (int pad = 0; pad < 3; pad++) {
		char text[128];
		snprintf(text, sizeof(text), "prompt \"%.*s%s\"", pad, "xxx",
			 "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
			 "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
			 "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
			 "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
			 "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
		got = quoted("", "A depends on B", text);
		char *dots = strstr(got, "...)");
		ck_assert_ptr_nonnull(dots);
		ck_assert_uint_eq((unsigned char)dots[-1], 0xa9);
		free(got);
	}
}
END_TEST

/* A fix of the example finding: line 3 of Kconfig replaced. */
static const struct finding_edit edit = {
	"Kconfig", 3, 3, "\tselect B if A\n", "\tselect B if A && !C\n" };
static const struct finding_fix fix = { "guard the select <with C>",
					(struct finding_edit *)&edit, 1 };

/* The example finding with fix x (or none). */
static void example_fixed(struct finding_set *s, const struct finding_fix *x)
{
	example(s, "Kconfig");
	s->v[0].fix = x;
}

START_TEST(sarif_fixes_when_carried)
{
	struct finding_set s;
	example_fixed(&s, &fix);
	char *got = rendered(&s, REPORT_SARIF);
	const char *want[] = {
		"\"fixes\": [", "\"text\": \"guard the select <with C>\"",
		"\"deletedRegion\"", "\"startLine\": 3", "\"endLine\": 3",
		"\"insertedContent\"", "\"text\": \"\\tselect B if A && !C\\n\"",
		"\"uriBaseId\": \"SRCROOT\"", "\"kdep/v1\": \"0000000000000abc\"",
		"\"ruleId\": \"example\"", "\"level\": \"warning\"",
		"\"profiles\": [\n", "\"version\": \"2.1.0\"",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ck_assert_msg(strstr(got, want[i]), "no %s in %s", want[i],
			      got);
	free(got);
	finding_set_free(&s);
	/* none carried: no fixes at all */
	example_fixed(&s, NULL);
	got = rendered(&s, REPORT_SARIF);
	ck_assert_ptr_null(strstr(got, "fixes"));
	ck_assert_ptr_nonnull(strstr(got, "\"relatedLocations\""));
	free(got);
	finding_set_free(&s);
}
END_TEST

/* A batch compared with the tree before a change: each result says it. */
START_TEST(sarif_baseline_state_when_compared)
{
	struct finding_set s;
	example(&s, "Kconfig");
	char *got = rendered(&s, REPORT_SARIF);
	ck_assert_ptr_null(strstr(got, "baselineState"));
	free(got);
	const char *const states[] = { "new", "unchanged" };
	for (size_t i = 0; i < 2; i++) {
		char *buf = NULL, want[64];
		size_t n = 0;
		FILE *f = open_memstream(&buf, &n);
		struct report r;
		struct report_scope scope = { "example", "x86", profiles, 2,
					      states[i] };
		ck_assert_ptr_nonnull(f);
		report_begin(&r, f, REPORT_SARIF, 1);
		report_emit(&r, &scope, &s);
		report_end(&r);
		fclose(f);
		snprintf(want, sizeof(want), "\"baselineState\": \"%s\"",
			 states[i]);
		ck_assert_msg(strstr(buf, want), "no %s in %s", want, buf);
		free(buf);
	}
	finding_set_free(&s);
}
END_TEST

START_TEST(md_fixes_when_carried)
{
	struct finding_set s;
	example_fixed(&s, &fix);
	char *got = rendered(&s, REPORT_MD);
	ck_assert_msg(strstr(got, "- fix: guard the select \\<with C\\>\n"),
		      "%s", got);
	ck_assert_msg(strstr(got, "```diff\n--- a/Kconfig\n+++ b/Kconfig\n"
			      "@@ -3 +3 @@\n-\tselect B if A\n"
			      "+\tselect B if A && !C\n```\n"), "%s", got);
	ck_assert_msg(strstr(got, "| warning | `Kconfig:3` | something "
			      "\"quoted\" | p0 |\n"), "%s", got);
	free(got);
	finding_set_free(&s);
	example_fixed(&s, NULL);
	got = rendered(&s, REPORT_MD);
	ck_assert_ptr_null(strstr(got, "fix"));
	free(got);
	finding_set_free(&s);
}
END_TEST

/* The page of a report whose one architecture has the example finding. */
static char *page_of(const struct finding_set *set)
{
	char *buf = NULL;
	size_t n = 0;
	struct report_run runs[2] = { { "p0", 0, NULL, 0, NULL },
				      { "p1", 0, NULL, 0, NULL } };
	const struct finding_set *others[] = { set, NULL };
	const char *rules[] = { "example", NULL };
	struct report_arch a = { "x86", profiles, 2, runs, NULL, NULL, others,
				 rules, NULL, 0 };
	struct report_doc d = { .tree = "/t<r>ee", .version = "0.1.0",
				.arches = &a, .narches = 1 };
	FILE *f = open_memstream(&buf, &n);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(report_html(f, &d), 0);
	fclose(f);
	return buf;
}

START_TEST(html_fixes_when_carried)
{
	struct finding_set s;
	example_fixed(&s, &fix);
	char *got = page_of(&s);
	/* with its finding, and again among the fix suggestions */
	const char *fixes = strstr(got, "<section id=\"fixes\">");
	ck_assert_ptr_nonnull(fixes);
	const char *one = strstr(got, "<p class=\"head\">Fix: guard the "
				 "select &lt;with C&gt;</p>");
	ck_assert_msg(one && one < fixes, "%s", got);
	ck_assert_ptr_nonnull(strstr(fixes, "<p class=\"head\">Fix: guard the "
				     "select &lt;with C&gt;</p>"));
	ck_assert(strstr(got, "<del>-\tselect B if A</del>\n"
			  "<ins>+\tselect B if A &amp;&amp; !C</ins>\n"));
	ck_assert_ptr_null(strstr(got, "No finding carries a fix"));
	ck_assert_ptr_null(strstr(got, "<r>"));
	free(got);
	finding_set_free(&s);
	example_fixed(&s, NULL);
	got = page_of(&s);
	ck_assert_ptr_nonnull(strstr(got, "No finding carries a fix."));
	ck_assert_ptr_null(strstr(got, "<del>"));
	free(got);
	finding_set_free(&s);
}
END_TEST

/* What an escaper writes of s, as a string. */
static char *escaped(void (*fn)(FILE *, const char *), const char *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	ck_assert_ptr_nonnull(f);
	fn(f, s);
	fclose(f);
	return buf;
}

static void md_cell(FILE *f, const char *s)
{
	md_code(f, s, 1);
}

START_TEST(tree_text_is_escaped)
{
	struct { void (*fn)(FILE *, const char *); const char *in, *out; }
	cases[] = {
		{ html_text, "<script>a & \"b\" 'c'</script>\x01",
		  "&lt;script&gt;a &amp; &quot;b&quot; &#39;c&#39;"
		  "&lt;/script&gt;" },
		{ md_text, "<b>*x*</b> [l](u) a_b _c | &amp; `t`",
		  "\\<b\\>\\*x\\*\\</b\\> \\[l\\](u) a_b \\_c \\| "
		  "\\&amp; \\`t\\`" },
		{ md_cell, "a `b` | c", "``a `b` \\| c``" },
		{ md_cell, "`x`", "`` `x` ``" },
		{ dot_string, "a\"b\\N\nc", "\"a\\\"b\\\\N c\"" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = escaped(cases[i].fn, cases[i].in);
		ck_assert_str_eq(got, cases[i].out);
		free(got);
	}
}
END_TEST

Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("generic");
	tcase_add_test(tc, text_is_gcc_style);
	tcase_add_test(tc, json_has_every_field);
	tcase_add_test(tc, quoted_lines_fit_80_columns);
	tcase_add_test(tc, sarif_fixes_when_carried);
	tcase_add_test(tc, sarif_baseline_state_when_compared);
	tcase_add_test(tc, md_fixes_when_carried);
	tcase_add_test(tc, html_fixes_when_carried);
	tcase_add_test(tc, tree_text_is_escaped);
	suite_add_tcase(s, tc);
	return s;
}
