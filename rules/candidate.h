/*
 * candidate.h - candidate .config files from a solver's assignment, and
 * their refinement when the Kconfig engine refutes them (cosel.h tells
 * the method): what every rule that checks candidates shares.
 */
#ifndef KDEP_CANDIDATE_H
#define KDEP_CANDIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "cosel.h"
#include "model.h"

struct sat;

/* Frees what a cosel_check_fn put in o, and zeroes it. */
void cosel_outcome_free(struct cosel_outcome *o);

/* Text built piece by piece. */
struct cand_buf {
	char *p;        /* the text (owned) */
	size_t n, cap;  /* its length, and room for */
	int oom;        /* an allocation failed: p lacks text, for good */
};

/* Appends fmt with its one %s argument name. */
void cand_buf_add(struct cand_buf *b, const char *fmt, const char *name);
/* The text, or NULL with the error set when an allocation failed. */
char *cand_buf_take(struct cand_buf *b);

/*
 * The candidate .config of the solver's assignment (after a satisfiable
 * sat_solve): a value for every symbol a user can set, symbols marked in
 * unset (or none when NULL) left out. NULL with the error set.
 */
char *cand_config(struct sat *s, const struct model *m,
		  const uint8_t *unset);

/*
 * Appends the line that assumes an answer of unrecorded probe sym
 * (SYMF_PROBE) to b: value 1 it succeeds, 0 it fails, -1 as the solver's
 * assignment has it (nothing when the formula does not read it).
 */
void cand_assume(struct cand_buf *b, struct sat *s, const struct model *m,
		 uint32_t sym, int value);

/* A bool/tristate value's text as 0 (n), 1 (m) or 2 (y). */
int cand_tri(const char *v);

/*
 * Blocks the solver's assignment under act: one of the symbols the engine
 * valued differently in o must change. Returns 0, or -1 with the error set.
 */
int cand_block(struct sat *s, struct model *m, int act,
	       const struct cosel_outcome *o);

/*
 * Marks in unset the symbols with a prompt whose value the engine gave
 * differently from the assignment; returns how many were newly marked.
 */
size_t cand_mark_unset(struct sat *s, struct model *m,
		       const struct cosel_outcome *o, uint8_t *unset);

#endif
