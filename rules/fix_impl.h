/*
 * fix_impl.h - what the fix generators share (fix.c: cycles, fix_relax.c:
 * relaxations): candidate lists, the line a property is written on, and
 * its conditions split into conjuncts and written again as text. Private
 * to rules/.
 */
#ifndef KDEP_RULE_FIX_IMPL_H
#define KDEP_RULE_FIX_IMPL_H

#include "fix.h"

/* Conjuncts of a condition, at most. */
#define FIX_MAX_CONJ 32

/* Candidates being made. */
struct gen {
	const char *arch;          /* the architecture (arch/<arch>/ files
				      are its own) */
	struct fix_component *out; /* where they go */
	size_t cap;                /* room in out->v */
};

/* printf into a new string (malloc'd); NULL with the error set. */
char *fix_fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
void fix_free(struct fix *f, unsigned nprofiles);

/* The property of kind pk at file:line (a select or imply of target,
 * when given) and its node, or NULL. */
const struct prop *fix_prop_at(const struct model *m, const char *file,
			       uint32_t line, int pk, const char *target,
			       uint32_t *node);
/* The conjuncts of e appended to v from n; the count, or more than
 * FIX_MAX_CONJ when they do not fit. */
size_t fix_conjuncts(const struct expr *e, const struct expr **v, size_t n);
/* v[0..n) but v[skip] joined by ' && ' (skip >= n: all); malloc'd. */
char *fix_conj_text(const struct model *m, const struct expr **v, size_t n,
		    size_t skip);

/*
 * The candidates that drop the condition of property p (owner's, at
 * file:line of text), or one conjunct of it or of a 'depends on': only
 * those naming other, or all when other is MODEL_NONE. 0, or -1 with the
 * error set.
 */
int fix_line_candidates(struct gen *g, struct model *m, const char *file,
			uint32_t line, const struct prop *p, const char *owner,
			uint32_t other, const char *text);

#endif
