/*
 * check_registry.c - the rule registry against its documentation and its
 * files (curl's test 1139): the table is sorted by id; every row has a
 * row in rules/README.md and an entry in the RULES section of
 * man/kdep.1, in the same order and with the same severity and summary;
 * every row's file exists, and every rule file of rules/ has a row.
 * The files are read from $KDEP_TOP (make unit sets it).
 */
#include "suites.h"
#include "rule.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Files of rules/ that are not a rule: the machinery every rule uses,
 * and the fix generators. */
static const char *const not_rules[] = { "candidate.c", "closest.c",
					 "finding.c", "registry.c", "fix.c",
					 "fix_relax.c", "cosel_kept.c" };

/* A rule as a document states it. */
struct doc_rule {
	char id[64];
	char severity[16];
	char file[128];
	char summary[256];
};

static const char *top(void)
{
	const char *t = getenv("KDEP_TOP");
	if (!t || !*t)
		ck_abort_msg("KDEP_TOP is not set: run the suite with make unit");
	return t;
}

/* The lines of $KDEP_TOP/rel, NULL-terminated; free with free_lines. */
static char **read_lines(const char *rel)
{
	char path[4096], buf[4096];
	snprintf(path, sizeof(path), "%s/%s", top(), rel);
	FILE *f = fopen(path, "r");
	if (!f)
		ck_abort_msg("cannot read %s", path);
	char **v = calloc(4096, sizeof(char *));
	size_t n = 0;
	while (n + 1 < 4096 && fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		v[n++] = strdup(buf);
	}
	fclose(f);
	return v;
}

static void free_lines(char **v)
{
	for (size_t i = 0; v[i]; i++)
		free(v[i]);
	free(v);
}

/* s without the blanks around it, into out. */
static void trimmed(const char *s, size_t len, char *out, size_t size)
{
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	snprintf(out, size, "%.*s", (int)len, s);
}

/* Cell `cell` of a Markdown table row into out, backquotes dropped. */
static int table_cell(const char *row, int cell, char *out, size_t size)
{
	const char *p = row;
	for (int i = 0; i <= cell; i++) {
		p = strchr(p, '|');
		if (!p)
			return -1;
		p++;
	}
	const char *end = strchr(p, '|');
	if (!end)
		return -1;
	trimmed(p, (size_t)(end - p), out, size);
	size_t len = strlen(out);
	if (len >= 2 && out[0] == '`' && out[len - 1] == '`') {
		memmove(out, out + 1, len - 2);
		out[len - 2] = '\0';
	}
	return 0;
}

/* The rows of the README's rule table (the one headed "| id |"). */
static size_t readme_rules(struct doc_rule *v, size_t max)
{
	char **lines = read_lines("rules/README.md");
	size_t n = 0, i = 0;
	while (lines[i] && strncmp(lines[i], "| id |", 6))
		i++;
	ck_assert_msg(lines[i] != NULL, "rules/README.md has no rule table");
	char head[4][32];
	for (int c = 0; c < 4; c++)
		ck_assert_int_eq(table_cell(lines[i], c, head[c],
					    sizeof(head[c])), 0);
	ck_assert_str_eq(head[0], "id");
	ck_assert_str_eq(head[1], "severity");
	ck_assert_str_eq(head[2], "file");
	ck_assert_str_eq(head[3], "summary");
	for (i += 2; lines[i] && lines[i][0] == '|' && n < max; i++, n++) {
		ck_assert_int_eq(table_cell(lines[i], 0, v[n].id,
					    sizeof(v[n].id)), 0);
		ck_assert_int_eq(table_cell(lines[i], 1, v[n].severity,
					    sizeof(v[n].severity)), 0);
		ck_assert_int_eq(table_cell(lines[i], 2, v[n].file,
					    sizeof(v[n].file)), 0);
		ck_assert_int_eq(table_cell(lines[i], 3, v[n].summary,
					    sizeof(v[n].summary)), 0);
	}
	free_lines(lines);
	return n;
}

/* roff text to plain: "\-" is "-", "\(em" and friends are not used. */
static void unroff(const char *s, char *out, size_t size)
{
	size_t k = 0;
	for (; *s && k + 1 < size; s++) {
		if (s[0] == '\\' && s[1] == '-')
			s++;
		else if (s[0] == '\\' && s[1] == '&') {
			s++;
			continue;
		}
		out[k++] = *s;
	}
	out[k] = '\0';
}

/*
 * The entries of the man page's RULES section, each
 *	.TP
 *	.B ID
 *	(SEVERITY) SUMMARY
 */
static size_t man_rules(struct doc_rule *v, size_t max)
{
	char **lines = read_lines("man/kdep.1");
	size_t n = 0, i = 0;
	while (lines[i] && strcmp(lines[i], ".SH RULES"))
		i++;
	ck_assert_msg(lines[i] != NULL, "man/kdep.1 has no RULES section");
	for (i++; lines[i] && strncmp(lines[i], ".SH", 3); i++) {
		if (strcmp(lines[i], ".TP"))
			continue;
		ck_assert_msg(n < max, "too many rules in man/kdep.1");
		ck_assert_msg(lines[i + 1] && !strncmp(lines[i + 1], ".B ", 3),
			      "man/kdep.1 RULES: .TP not followed by .B ID");
		unroff(lines[i + 1] + 3, v[n].id, sizeof(v[n].id));
		const char *d = lines[i + 2];
		ck_assert_msg(d && d[0] == '(' && strchr(d, ')'),
			      "man/kdep.1 RULES: %s: no (severity) summary",
			      v[n].id);
		const char *close = strchr(d, ')');
		snprintf(v[n].severity, sizeof(v[n].severity), "%.*s",
			 (int)(close - d - 1), d + 1);
		unroff(close + 1 + (close[1] == ' '), v[n].summary,
		       sizeof(v[n].summary));
		n++;
	}
	free_lines(lines);
	return n;
}

START_TEST(registry_is_sorted_and_complete)
{
	ck_assert_uint_gt(rule_count(), 0);
	for (size_t i = 0; i < rule_count(); i++) {
		const struct rule *r = rule_at(i);
		ck_assert_ptr_nonnull(r->id);
		ck_assert_ptr_nonnull(r->run);
		ck_assert_msg(r->summary && r->summary[0] &&
			      r->summary[strlen(r->summary) - 1] != '.',
			      "%s: a summary without a full stop", r->id);
		ck_assert_msg(r->help && strlen(r->help) > 40,
			      "%s: a paragraph of help", r->id);
		for (const char *p = r->id; *p; p++)
			ck_assert_msg(islower((unsigned char)*p) || *p == '-',
				      "%s: ids are lower case and hyphens",
				      r->id);
		if (i)
			ck_assert_msg(strcmp(rule_at(i - 1)->id, r->id) < 0,
				      "registry not sorted: %s after %s", r->id,
				      rule_at(i - 1)->id);
		ck_assert_ptr_eq(rule_find(r->id), r);
	}
	ck_assert_ptr_null(rule_at(rule_count()));
	ck_assert_ptr_null(rule_find("no-such-rule"));
	ck_assert_ptr_null(rule_find(""));
}
END_TEST

/* The docs list exactly the registry, in its order. */
static void same_as_registry(const char *doc, const struct doc_rule *v,
			     size_t n, int has_file)
{
	for (size_t i = 1; i < n; i++)
		ck_assert_msg(strcmp(v[i - 1].id, v[i].id) < 0,
			      "%s: not sorted by id: %s after %s", doc, v[i].id,
			      v[i - 1].id);
	for (size_t i = 0; i < n || i < rule_count(); i++) {
		const struct rule *r = rule_at(i);
		ck_assert_msg(i < n, "%s lacks rule %s", doc, r->id);
		ck_assert_msg(r, "%s has rule %s, the registry does not", doc,
			      v[i].id);
		ck_assert_msg(!strcmp(v[i].id, r->id),
			      "%s has %s where the registry has %s", doc,
			      v[i].id, r->id);
		ck_assert_msg(!strcmp(v[i].severity,
				      finding_severity_name(r->severity)),
			      "%s: %s is %s, the registry says %s", doc, r->id,
			      v[i].severity,
			      finding_severity_name(r->severity));
		ck_assert_msg(!strcmp(v[i].summary, r->summary),
			      "%s: %s's summary is '%s', the registry's '%s'",
			      doc, r->id, v[i].summary, r->summary);
		if (has_file)
			ck_assert_msg(!strcmp(v[i].file, r->file),
				      "%s: %s is in %s, the registry says %s",
				      doc, r->id, v[i].file, r->file);
	}
}

START_TEST(readme_table_matches)
{
	struct doc_rule v[64];
	size_t n = readme_rules(v, 64);
	same_as_registry("rules/README.md", v, n, 1);
}
END_TEST

START_TEST(man_page_matches)
{
	struct doc_rule v[64];
	size_t n = man_rules(v, 64);
	same_as_registry("man/kdep.1", v, n, 0);
}
END_TEST

START_TEST(rule_files_match)
{
	char path[4096];
	for (size_t i = 0; i < rule_count(); i++) {
		const struct rule *r = rule_at(i);
		ck_assert_msg(!strncmp(r->file, "rules/", 6),
			      "%s: its file %s is not in rules/", r->id, r->file);
		snprintf(path, sizeof(path), "%s/%s", top(), r->file);
		ck_assert_msg(access(path, R_OK) == 0, "%s: no file %s", r->id,
			      r->file);
	}
	/* and the other way: every rule file has a row */
	snprintf(path, sizeof(path), "%s/rules", top());
	DIR *d = opendir(path);
	ck_assert_ptr_nonnull(d);
	struct dirent *e;
	size_t files = 0;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 3 || strcmp(e->d_name + len - 2, ".c"))
			continue;
		int machinery = 0;
		for (size_t k = 0; k < sizeof(not_rules) / sizeof(*not_rules);
		     k++)
			machinery |= !strcmp(e->d_name, not_rules[k]);
		if (machinery)
			continue;
		int listed = 0;
		for (size_t i = 0; i < rule_count(); i++)
			listed |= !strcmp(rule_at(i)->file + 6, e->d_name);
		ck_assert_msg(listed, "rules/%s has no row in the registry",
			      e->d_name);
		files++;
	}
	closedir(d);
	ck_assert_uint_ge(files, 1);
}
END_TEST

Suite *registry_suite(void)
{
	Suite *s = suite_create("registry");
	TCase *tc = tcase_create("registry");
	tcase_add_test(tc, registry_is_sorted_and_complete);
	tcase_add_test(tc, readme_table_matches);
	tcase_add_test(tc, man_page_matches);
	tcase_add_test(tc, rule_files_match);
	suite_add_tcase(s, tc);
	return s;
}
