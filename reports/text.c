/*
 * text.c - findings as a compiler writes diagnostics:
 *
 *	arch/arm64/Kconfig:3: error: recursive dependency [recursive-dependency] (llvm-19)
 *		HAVE_STATIC_CALL is selected by LTO_CLANG_THIN  (arch/arm64/Kconfig:3)
 *		not under gcc-12: ...
 */
#include "view.h"

#include <string.h>

void text_list(FILE *f, const char *const *v, size_t n, const char *sep)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? sep : "", v[i]);
}

void text_head(FILE *f, const char *file, uint32_t line,
	       const char *severity, const char *message, const char *rule,
	       const char *const *profiles, size_t nprofiles)
{
	if (!file)
		fputs("kdep: ", f);
	else if (line)
		fprintf(f, "%s:%u: ", file, line);
	else
		fprintf(f, "%s: ", file);
	fprintf(f, "%s: %s [%s]", severity, message, rule);
	if (nprofiles) {
		fputs(" (", f);
		text_list(f, profiles, nprofiles, ", ");
		fputc(')', f);
	}
	fputc('\n', f);
}

void text_place(FILE *f, const char *message, const char *file,
		uint32_t line)
{
	if (!file)
		fprintf(f, "\t%s\n", message);
	else if (line)
		fprintf(f, "\t%s  (%s:%u)\n", message, file, line);
	else
		fprintf(f, "\t%s  (%s)\n", message, file);
}

/* How wide a line of text may be, a tab counting 8, and how much of a
 * quoted line is kept however little room the rest leaves: shorter texts
 * are never cut. */
#define TEXT_WIDTH 80
#define TEXT_MIN_QUOTE 40

/* How many bytes of text to keep for at most n: not inside a UTF-8
 * sequence. */
static size_t cut_at(const char *text, size_t n)
{
	while (n && ((unsigned char)text[n] & 0xc0) == 0x80)
		n--;
	return n;
}

void text_place_quoted(FILE *f, const char *indent, const char *message,
		       const char *file, uint32_t line, const char *text)
{
	if (!file || !text || !*text) {
		char buf[1024];
		snprintf(buf, sizeof(buf), "%s%s", indent, message);
		text_place(f, buf, file, line);
		return;
	}
	int used = 8 + snprintf(NULL, 0, "%s%s  (%s:%u: )", indent, message,
				file, line);
	size_t room = used < TEXT_WIDTH - TEXT_MIN_QUOTE
		? (size_t)(TEXT_WIDTH - used) : TEXT_MIN_QUOTE;
	size_t n = strlen(text);
	const char *more = "";
	if (n > room) {
		n = cut_at(text, room - 3);
		more = "...";
	}
	fprintf(f, "\t%s%s  (%s:%u: %.*s%s)\n", indent, message, file, line,
		(int)n, text, more);
}

void text_quote(FILE *f, uint32_t line, const char *text)
{
	int used = snprintf(NULL, 0, " %4u | ", line);
	size_t n = strlen(text), room = (size_t)(TEXT_WIDTH - used);
	const char *more = "";
	if (n > room) {
		n = cut_at(text, room - 3);
		more = "...";
	}
	fprintf(f, " %4u | %.*s%s\n", line, (int)n, text, more);
}

void text_findings(FILE *f, const struct report_scope *s,
		   const struct finding_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct finding *x = &set->v[i];
		text_head(f, x->file, x->line,
			  finding_severity_name(x->severity), x->message,
			  x->rule, x->holds, x->nholds);
		for (size_t k = 0; k < x->nrelated; k++)
			text_place(f, x->related[k].message,
				   x->related[k].file, x->related[k].line);
		for (size_t k = 0; k < x->nabsent; k++)
			fprintf(f, "\tnot under %s%s%s\n", x->absent[k].profile,
				x->absent[k].reason ? ": " : "",
				x->absent[k].reason ? x->absent[k].reason : "");
	}
}

void text_finding_fix(FILE *f, const char *indent,
		      const struct finding_fix *x)
{
	if (!x)
		return;
	fprintf(f, "%sfix, proven: %s\n", indent, x->description);
	for (size_t i = 0; i < x->nedits; i++) {
		const char *now = x->edits[i].new_text;
		now += strspn(now, " \t");
		if (!*now)
			now = "(the line removed)";
		fprintf(f, "%s  %s:%u becomes: %.*s\n", indent,
			x->edits[i].file, x->edits[i].first,
			(int)strcspn(now, "\n"), now);
	}
}
