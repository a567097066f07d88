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

/* The generic layouts (text.c, emit_json.c). */
void text_findings(FILE *f, const struct report_scope *s,
		   const struct finding_set *set);
void json_findings(struct json *j, const struct report_scope *s,
		   const struct finding_set *set);

/* v[0..n) joined by sep. */
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

/* A JSON array of strings. */
void json_strs(struct json *j, const char *const *v, size_t n);

#endif
