/*
 * markdown.c - findings as Markdown that reads well pasted into a pull
 * request or a mailing-list reply: a heading per batch, a table with a
 * row per finding, then each finding's places as a list, the lines as
 * written in code spans.
 *
 *	### recursive-dependency: arm64 (gcc-12, llvm-19)
 *
 *	| severity | place | finding | profiles |
 *	|---|---|---|---|
 *	| error | `arch/arm64/Kconfig:209` | recursive dependency | (...) |
 *
 * Every string from the tree is escaped: outside code spans, each
 * character that could start markup (emphasis, a link, an HTML tag or
 * entity, a table cell) with a backslash, '_' inside a word left alone;
 * a code span fenced by more backticks than it holds, and in a table
 * cell every '|' as "\|".
 */
#include "view.h"

#include <ctype.h>
#include <string.h>

void md_text(FILE *f, const char *s)
{
	for (const char *p = s; p && *p; p++) {
		unsigned char c = (unsigned char)*p;
		/* '_' inside a word is never emphasis */
		int inword = c == '_' && p > s && isalnum((unsigned char)p[-1]) &&
			     isalnum((unsigned char)p[1]);
		if (c == '\n' || c == '\r' || c == '\t')
			fputc(' ', f);
		else if (c < 0x20 || c == 0x7f)
			continue;
		else if (strchr("\\`*_[]<>|&~!", c) && !inword)
			fprintf(f, "\\%c", c);
		else
			fputc(c, f);
	}
}

void md_code(FILE *f, const char *s, int cell)
{
	size_t run = 0, most = 0;
	if (!s || !*s)
		return;
	for (const char *p = s; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		most = run > most ? run : most;
	}
	int pad = s[0] == '`' || s[strlen(s) - 1] == '`' || s[0] == ' ';
	for (size_t i = 0; i <= most; i++)
		fputc('`', f);
	if (pad)
		fputc(' ', f);
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '|' && cell)
			fputs("\\|", f);
		else if (c == '\n' || c == '\r' || c == '\t')
			fputc(' ', f);
		else if (c >= 0x20 && c != 0x7f)
			fputc(c, f);
	}
	if (pad)
		fputc(' ', f);
	for (size_t i = 0; i <= most; i++)
		fputc('`', f);
}

/* "FILE:LINE" as a code span (in a cell when cell). */
static void md_place(FILE *f, const char *file, uint32_t line, int cell)
{
	char buf[4096];
	if (!file) {
		fputs("-", f);
		return;
	}
	if (line)
		snprintf(buf, sizeof(buf), "%s:%u", file, line);
	else
		snprintf(buf, sizeof(buf), "%s", file);
	md_code(f, buf, cell);
}

static void md_list(FILE *f, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : "", f);
		md_text(f, v[i]);
	}
	if (!n)
		fputs("-", f);
}

void md_findings(FILE *f, const struct report_scope *s,
		 const struct finding_set *set)
{
	fputs("### ", f);
	md_text(f, s->rule);
	fputs(": ", f);
	md_text(f, s->arch);
	fputs(" (", f);
	md_list(f, s->profiles, s->nprofiles);
	fputs(")\n\n", f);
	if (!set->n) {
		fputs("No findings.\n\n", f);
		return;
	}
	fputs("| severity | place | finding | profiles |\n"
	      "|---|---|---|---|\n", f);
	for (size_t i = 0; i < set->n; i++) {
		const struct finding *x = &set->v[i];
		fprintf(f, "| %s | ", x->kind == FINDING_PASS ? "pass"
			: x->kind == FINDING_OPEN ? "unknown"
			: finding_severity_name(x->severity));
		md_place(f, x->file, x->line, 1);
		fputs(" | ", f);
		md_text(f, x->message);
		fputs(" | ", f);
		md_list(f, x->holds, x->nholds);
		fputs(" |\n", f);
	}
	fputc('\n', f);
	for (size_t i = 0; i < set->n; i++) {
		const struct finding *x = &set->v[i];
		if (!x->nrelated && !x->nabsent && !x->fix)
			continue;
		fprintf(f, "**%zu.** ", i + 1);
		md_text(f, x->message);
		if (x->file) {
			fputs(" at ", f);
			md_place(f, x->file, x->line, 0);
		}
		fputs("\n\n", f);
		md_related(f, x);
		fputc('\n', f);
	}
}

void md_related(FILE *f, const struct finding *x)
{
	for (size_t k = 0; k < x->nrelated; k++) {
		const struct finding_related *r = &x->related[k];
		if (!strcmp(r->role, "line"))
			continue; /* with its link */
		fputs("- ", f);
		if (!strcmp(r->role, "link")) {
			const struct finding_related *l =
				finding_related_at(x, "line", r->file, r->line);
			md_text(f, r->message);
			fputs(": ", f);
			md_place(f, r->file, r->line, 0);
			if (l && *l->message) {
				fputc(' ', f);
				md_code(f, l->message, 0);
			}
		} else if (!strcmp(r->role, "witness")) {
			fputs("witness written to ", f);
			md_code(f, r->file, 0);
		} else {
			if (!strcmp(r->role, "folded-by"))
				fputs("folds a link away elsewhere: ", f);
			else if (r->symbol) {
				md_text(f, r->symbol);
				fputs(": ", f);
			}
			if (r->file) {
				md_place(f, r->file, r->line, 0);
				fputc(' ', f);
				md_code(f, r->message, 0);
			} else {
				md_text(f, r->message);
			}
		}
		fputc('\n', f);
	}
	for (size_t k = 0; k < x->nabsent; k++) {
		fputs("- not under ", f);
		md_text(f, x->absent[k].profile);
		if (x->absent[k].reason) {
			fputs(": ", f);
			md_text(f, x->absent[k].reason);
		}
		fputc('\n', f);
	}
	if (x->fix) {
		fputs("- fix: ", f);
		md_text(f, x->fix->description);
		fputc('\n', f);
		for (size_t e = 0; e < x->fix->nedits; e++)
			md_edit(f, &x->fix->edits[e]);
	}
}

/* Longest run of backticks at the start of a line of s, to fence it. */
static size_t fence_of(const char *s)
{
	size_t most = 2;
	for (const char *p = s; p && *p;) {
		size_t n = strspn(p, "`");
		most = n > most ? n : most;
		p += strcspn(p, "\n");
		p += *p == '\n';
	}
	return most + 1;
}

static void diff_lines(FILE *f, char sign, const char *text)
{
	for (const char *p = text; p && *p;) {
		size_t n = strcspn(p, "\n");
		fprintf(f, "%c%.*s\n", sign, (int)n, p);
		p += n;
		p += *p == '\n';
	}
}

void md_edit(FILE *f, const struct finding_edit *e)
{
	size_t fence = fence_of(e->old_text) > fence_of(e->new_text)
		? fence_of(e->old_text) : fence_of(e->new_text);
	fputs("\n", f);
	for (size_t i = 0; i < fence; i++)
		fputc('`', f);
	fputs("diff\n", f);
	/* a file name cannot end the block: it holds no newline here */
	fputs("--- a/", f);
	md_code_raw(f, e->file);
	fputs("\n+++ b/", f);
	md_code_raw(f, e->file);
	fprintf(f, "\n@@ -%u +%u @@\n", e->first, e->first);
	diff_lines(f, '-', e->old_text);
	diff_lines(f, '+', e->new_text);
	for (size_t i = 0; i < fence; i++)
		fputc('`', f);
	fputs("\n\n", f);
}

void md_code_raw(FILE *f, const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s >= 0x20 && *s != 0x7f)
			fputc(*s, f);
}

void md_fence(FILE *f, const char *text)
{
	size_t fence = fence_of(text);
	for (size_t i = 0; i < fence; i++)
		fputc('`', f);
	fputc('\n', f);
	for (const char *p = text; p && *p; p++)
		if ((unsigned char)*p >= 0x20 || *p == '\n' || *p == '\t')
			fputc(*p, f);
	if (text && *text && text[strlen(text) - 1] != '\n')
		fputc('\n', f);
	for (size_t i = 0; i < fence; i++)
		fputc('`', f);
	fputs("\n\n", f);
}
