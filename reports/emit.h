/*
 * emit.h - the emitters: every finding a command prints goes out through
 * here, as text or JSON, one batch (one rule's findings on one
 * architecture) at a time. A rule may have a view of its own (the layout
 * its command prints, rendered from its findings and their payload; the
 * JSON contracts of DESIGN.md); any other rule gets the generic layout:
 * GCC-style text, or an object per finding in JSON.
 *
 * Emitters see findings only: they never read the tree, the database or
 * the command line.
 */
#ifndef KDEP_EMIT_H
#define KDEP_EMIT_H

#include <stddef.h>
#include <stdio.h>

#include "finding.h"
#include "json.h"

enum report_format {
	REPORT_TEXT = 0,
	REPORT_JSON,
	REPORT_SARIF,  /* SARIF 2.1.0: one log, one run, a result per finding */
	REPORT_MD,     /* Markdown, for a pull request or a mailing list */
	REPORT_DOT,    /* graphviz's language (reports and show) */
	REPORT_HTML,   /* one self-contained page (reports) */
	REPORT_SVG,    /* a picture (show) */
	REPORT_FORMAT_COUNT
};

/* "text", "json", "sarif", "md", "dot", "html", "svg". */
const char *report_format_name(int format);
/* The format called name, or -1. */
int report_format_from_name(const char *name);

/* What one batch of findings is about. */
struct report_scope {
	const char *rule;              /* the rule they are of (its view) */
	const char *arch;              /* the architecture */
	const char *const *profiles;   /* the profiles it ran under */
	size_t nprofiles;              /* how many profiles */
	const char *baseline;          /* SARIF: each result's baselineState
					  ("new", "unchanged": against the
					  tree before a change), or NULL */
};

/* A report in progress: one document per batch, or an array of them. */
struct report {
	FILE *f;                       /* where it goes */
	int format;                    /* enum report_format */
	int several;                   /* several batches: JSON wraps their
					  documents in an array */
	struct json j;                 /* the JSON writer's state */
	unsigned pause;                /* seconds to wait after each batch
					  (tests: KDEP_TEST_EMIT_PAUSE) */
	const char *root;              /* SARIF: the tree's absolute path,
					  the base of every file's URI, or
					  NULL; set before report_end() */
};

/* Starts a report of several (or one) batches to f. In SARIF, several
 * batches are results of one run. */
void report_begin(struct report *r, FILE *f, int format, int several);
/* Renders one batch and flushes it: a reader of a pipe has each batch
 * (each architecture's) as soon as it is done. In JSON, a batch of
 * several is one element of the array. */
void report_emit(struct report *r, const struct report_scope *scope,
		 const struct finding_set *set);
/* Ends it (closes the JSON array, ends the document). Skipped when the
 * command stops on an error, as the JSON would be incomplete anyway. */
void report_end(struct report *r);

#endif
