/*
 * change.h - what a change to a tree introduced: the findings of the
 * registry's rules on the tree before and after it, one architecture
 * under each profile at a time, compared by fingerprint (finding.h).
 *
 * A finding is new when the old tree has no finding with its fingerprint,
 * or, for a recursive dependency, when it has an edge the old component
 * lacks (a new dependency inside a known cycle). Fingerprints hold no line
 * number, so a change that only moves lines introduces nothing. Only
 * failures count: a yes of a co-selectability question is no problem, and
 * a question that flips from yes to no is new because its no has a
 * fingerprint of its own.
 */
#ifndef KDEP_SCAN_CHANGE_H
#define KDEP_SCAN_CHANGE_H

#include <stddef.h>

#include "finding.h"
#include "model.h"
#include "profile.h"
#include "rule.h"
#include "source.h"
#include "unmet.h"

/* A watch list: co-selectability questions, each a list of symbols. */
struct change_watch {
	char ***questions;  /* [n]: each a string vector of names (aliases
			       such as CFI allowed) */
	size_t n;
};

/*
 * Parses "A,B;C,D" (questions separated by ';', symbols by ',') into w.
 * An empty list is no question. Returns 0, or -1 with the error set (of
 * class KDEP_ERR_ARG for a question of one symbol, or of more than
 * COSEL_MATRIX_MAX).
 */
int change_watch_parse(const char *text, struct change_watch *w);
void change_watch_free(struct change_watch *w);

/* What the lines of a change can change, by name (change_touched()). */
struct change_names {
	char **defs;       /* [ndefs]: the symbols a changed line defines (the
			      line opening a definition, a property other
			      than select or imply, or a line of an if,
			      menu or choice around one): their value and
			      their direct dependencies can change */
	size_t ndefs;
	char **targets;    /* [ntargets]: the targets of changed select and
			      imply lines: their value can change */
	size_t ntargets;
	char **sels;       /* [nsels]: "SELECTOR TARGET" of every select
			      line the change added: examined, whatever
			      they read */
	size_t nsels;
};

void change_names_free(struct change_names *c);

/* One tree of one architecture, as a change compares it. */
struct change_tree {
	struct source *src;            /* the tree (lines, the engine) */
	const struct profile_arch *a;  /* the architecture */
	char *const *profiles;         /* [n]: the profiles */
	struct model *const *models;   /* [n]: the graph under each */
	size_t n;                      /* how many (at most 64) */
	const struct change_names *touched; /* what the change's lines can
					  change, both sides; NULL: the
					  unmet-dependency rule is not run */
};

/*
 * Adds to c (zeroed to start) what the lines[0..nlines) of m's tree, on
 * the side added (1) or removed (0), can change: the symbols whose
 * definition they are in, the targets of the select and imply lines
 * among them, and, added only, those select lines. 0, or -1 with the
 * error set.
 */
int change_touched(const struct model *m, const struct rule_line *lines,
		   size_t nlines, int added, struct change_names *c);

/*
 * The selects of m whose question the change c can change (see the
 * argument in change.c), into *out (malloc'd; NULL when none) and
 * *nout. 0, or -1 with the error set.
 */
int change_selects(const struct model *m, const struct change_names *c,
		   struct unmet_select **out, size_t *nout);

/*
 * The findings of t into set (initialised by the caller): every
 * recursive dependency, each question of w asked under each profile
 * whose graph defines all its symbols and has no recursive dependency
 * (the Kconfig engine computes no value of a cyclic tree), and with
 * t->touched the unmet dependencies of the selects change_selects()
 * gives under those profiles (none: no solver is asked). Returns 0, or
 * -1 with the error set.
 */
int change_findings(const struct change_tree *t, const struct change_watch *w,
		    struct finding_set *set);

/*
 * The undefined-symbol findings of lines[0..n) against the sorted index
 * defined[0..ndefined), under arch, into set.
 */
int change_undefined(const char *arch, const struct rule_line *lines,
		     size_t n, const char *const *defined, size_t ndefined,
		     struct finding_set *set);

/*
 * Compares: into introduced (initialised here) the failures of after that
 * the change brought (see above), and into existing (initialised here)
 * the failures of after that before had already. Free both before after.
 * Returns 0, or -1 with the error set.
 */
int change_compare(const struct finding_set *before,
		   const struct finding_set *after,
		   struct finding_set *introduced,
		   struct finding_set *existing);

#endif
