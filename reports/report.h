/*
 * report.h - `kdep report`: one document over everything kdep found in a
 * tree, in the format asked: HTML (one self-contained page, pictures
 * inline), Markdown, JSON, SARIF or DOT.
 *
 * The command line gathers what the document says (report_doc: what was
 * analysed, each architecture's findings as the rules made them, what
 * `show` prints of each symbol that appears) and the emitters here render
 * it; they read nothing else.
 */
#ifndef KDEP_REPORT_H
#define KDEP_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "finding.h"

/* One architecture under one profile: what its scan says. */
struct report_run {
	const char *profile;        /* the profile */
	unsigned unknown_probes;    /* probes answered by the default */
	char *const *warnings;      /* kconfiglib's warnings */
	size_t nwarnings;
	const char *unanswered;     /* why the matrix was not asked under
				       it (a sentence), or NULL */
};

/* One architecture: its runs and what the rules found. */
struct report_arch {
	const char *arch;                 /* its name */
	const char *const *profiles;      /* [nprofiles] */
	size_t nprofiles;
	struct report_run *runs;          /* [nprofiles] */
	const struct finding_set *cycles; /* recursive-dependency findings */
	const struct finding_set *cosel;  /* not-coselectable findings of
					     the matrix, every profile */
	const struct finding_set *const *others; /* any other rule's
					     findings, NULL-ended, or NULL */
	const char *const *other_rules;   /* their rule ids, same order */
	const char *const *missing;       /* targets of the matrix its tree
					     does not define */
	size_t nmissing;
};

/* What `kdep show` prints of a symbol that appears. */
struct report_symbol {
	const char *name;           /* the symbol */
	const char *arch;           /* the scan it was shown from */
	const char *profile;
	const char *text;           /* show's text */
};

struct report_doc {
	const char *tree;           /* the tree analysed (a path) */
	const char *root;           /* its absolute path, for SARIF, or NULL */
	const char *kernel;         /* its version, from its Makefile, or
				       NULL */
	const char *commit;         /* the commit, or NULL (a directory) */
	const char *version;        /* kdep's version */
	const char *const *targets; /* the matrix as asked (feature names) */
	size_t ntargets;
	struct report_arch *arches;
	size_t narches;
	struct report_symbol *symbols; /* sorted by name */
	size_t nsymbols;
};

/*
 * Writes d to f in format (enum report_format: html, md, json, sarif,
 * dot). Returns 0, or -1 with the error set (a picture graphviz could not
 * render).
 */
int report_doc_write(FILE *f, int format, const struct report_doc *d);

/* The formats (emitters of report_doc_write). */
int report_html(FILE *f, const struct report_doc *d);
void report_md(FILE *f, const struct report_doc *d);
void report_json(FILE *f, const struct report_doc *d);
void report_sarif(FILE *f, const struct report_doc *d);
void report_dot(FILE *f, const struct report_doc *d);

/*
 * A cell of the co-selectability matrix: subset mask of the targets of
 * the not-coselectable findings set under profile. verdict is a
 * cosel_verdict, or -1 when the matrix was not asked there; for a no,
 * why is the finding with the lines that forbid it (the smallest excluded
 * subset inside mask, why_mask). ntargets and targets: as resolved.
 */
struct report_cell {
	int verdict;                 /* COSEL_NO, _YES, _UNKNOWN, or -1 */
	const struct finding *why;   /* a no: the lines, or NULL */
	unsigned why_mask;           /* the subset why is about */
};
/* The targets of set (as resolved under its first profile), or NULL. */
const char *const *report_matrix_targets(const struct finding_set *set,
					 size_t *n);
void report_matrix_cell(const struct finding_set *set, const char *profile,
			unsigned mask, struct report_cell *out);

/* "A + B": the targets in mask, into buf of size n. */
void report_subset_name(char *buf, size_t n, const char *const *targets,
			size_t ntargets, unsigned mask);

struct report_scope;
/* Calls fn for each batch of findings of d: per architecture, its
 * cycles, its matrix, then any other rule's. */
void report_each_batch(const struct report_doc *d,
		       void (*fn)(void *ctx, const struct report_arch *a,
				  const struct report_scope *s,
				  const struct finding_set *set),
		       void *ctx);

struct dot_graph;
/* Calls draw for each picture of a's findings: every cycle of a
 * recursive dependency (cycle its index), and each other finding with
 * edges (cycle 0). The graph is freed after the call. */
void report_pictures(const struct report_arch *a,
		     void (*draw)(void *ctx, const struct finding *f,
				  size_t cycle, const struct dot_graph *g),
		     void *ctx);

#endif
