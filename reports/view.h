/*
 * view.h - inside reports/: the per-rule views and the pieces of text
 * layout they share with the generic emitters.
 */
#ifndef KDEP_VIEW_H
#define KDEP_VIEW_H

#include "emit.h"

/* A rule's own rendering of a batch, as text or as one JSON value. */
typedef void (*view_text_fn)(FILE *f, const struct report_scope *s,
			     const struct finding_set *set);
typedef void (*view_json_fn)(struct json *j, const struct report_scope *s,
			     const struct finding_set *set);

void cycle_view_text(FILE *f, const struct report_scope *s,
		     const struct finding_set *set);
void cycle_view_json(struct json *j, const struct report_scope *s,
		     const struct finding_set *set);
void cosel_view_text(FILE *f, const struct report_scope *s,
		     const struct finding_set *set);
void cosel_view_json(struct json *j, const struct report_scope *s,
		     const struct finding_set *set);

void unmet_view_text(FILE *f, const struct report_scope *s,
		     const struct finding_set *set);
void unmet_view_json(struct json *j, const struct report_scope *s,
		     const struct finding_set *set);
/* The i-th cycle of the payload of f, a recursive dependency, that lies
 * in its component (cycle.h), or NULL past the last or for another rule. */
struct cycle;
const struct cycle *cycle_view_at(const struct finding *f, size_t i);

/* The generic layouts (text.c, emit_json.c). */
void text_findings(FILE *f, const struct report_scope *s,
		   const struct finding_set *set);
void json_findings(struct json *j, const struct report_scope *s,
		   const struct finding_set *set);

/* v[0..n) joined by sep. */
/* A finding's proven fix as text: its description and each line's new
 * text, each line started with indent; nothing without one. */
void text_finding_fix(FILE *f, const char *indent,
		      const struct finding_fix *x);
/* A finding's fix as JSON: description and edits, or null. */
void json_finding_fix(struct json *j, const struct finding_fix *x);

void text_list(FILE *f, const char *const *v, size_t n, const char *sep);
/* "FILE:LINE: SEVERITY: MESSAGE [RULE] (P, Q)\n" ("kdep: " without a
 * file; no parentheses without profiles). */
void text_head(FILE *f, const char *file, uint32_t line,
	       const char *severity, const char *message, const char *rule,
	       const char *const *profiles, size_t nprofiles);
/* "\tMESSAGE  (FILE:LINE)\n": a related place. */
void text_place(FILE *f, const char *message, const char *file,
		uint32_t line);

/* "\tINDENT MESSAGE  (FILE:LINE: TEXT)\n": a place and its line as
 * written, TEXT cut with "..." so that the line fits 80 columns where
 * that leaves enough of it; text_place() without a text. */
void text_place_quoted(FILE *f, const char *indent, const char *message,
		       const char *file, uint32_t line, const char *text);

/* " LINE | TEXT\n": the line of a diagnostic as written, under it (as
 * compilers quote it), cut with "..." to fit 80 columns. */
void text_quote(FILE *f, uint32_t line, const char *text);

/* SARIF (sarif.c): the log's head with the registry as its rules, the
 * results of a batch, and its end with the tree's URI (root: an absolute
 * path, or NULL). */
void sarif_begin(struct json *j);
void sarif_results(struct json *j, const struct report_scope *s,
		   const struct finding_set *set);
void sarif_end(struct json *j, const char *root);

/* Markdown (markdown.c): a batch as a heading, a table and lists. */
void md_findings(FILE *f, const struct report_scope *s,
		 const struct finding_set *set);
/* The places of x as a list, its fix as diffs. */
void md_related(FILE *f, const struct finding *x);
/* One edit as a fenced diff. */
void md_edit(FILE *f, const struct finding_edit *e);
/* Tree text outside code, its markup characters escaped. */
void md_text(FILE *f, const char *s);
/* Tree text as a code span; '|' escaped too when in a table cell. */
void md_code(FILE *f, const char *s, int cell);
/* Text as a fenced code block, fenced by more backticks than any of its
 * lines starts with. */
void md_fence(FILE *f, const char *text);
/* Tree text inside a fenced block: control characters dropped. */
void md_code_raw(FILE *f, const char *s);

/* The profiles a finding is absent under: [{"profile", "reason"}]. */
void json_absent_list(struct json *j, const struct finding *f);

/* Tree text in HTML (html.c): & < > " ' as entities, control
 * characters but newline and tab dropped. */
void html_text(FILE *f, const char *s);

/* A JSON array of strings. */
void json_strs(struct json *j, const char *const *v, size_t n);

#endif
