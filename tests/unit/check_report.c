/*
 * check_report.c - the emitters' generic layouts, for a rule without a
 * view of its own: GCC-style text, and an object per finding in JSON.
 */
#include "suites.h"
#include "emit.h"

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
	struct report_scope scope = { "example", "x86", profiles, 2 };
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

Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("generic");
	tcase_add_test(tc, text_is_gcc_style);
	tcase_add_test(tc, json_has_every_field);
	suite_add_tcase(s, tc);
	return s;
}
