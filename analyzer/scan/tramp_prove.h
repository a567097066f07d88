/*
 * tramp_prove.h - the condition of the arm64 trampoline series' `select
 * HAVE_STATIC_CALL`, chosen by parsing the tree again with each candidate
 * laid over it (tramp_prove.c).
 */
#ifndef KDEP_SCAN_TRAMP_PROVE_H
#define KDEP_SCAN_TRAMP_PROVE_H

#include "patchgen.h"
#include "scan.h"

/* The chosen condition and the proof, for the commit message. */
struct tramp_choice {
	char *cond;     /* "" (unconditional), "CFI_CLANG", ... */
	char *summary;  /* every candidate with its verdict and, for a
			 * rejected one, its first cycle with file:line */
};

/*
 * Proves every candidate of tramp_select_candidates(tree) under each
 * built-in profile of arm64 and chooses among those without a cycle the
 * one that changes the fewest configurations (compared by implication
 * under every profile, tramp_prove.c). -1 with the error set when
 * a parse fails or no candidate is acyclic. Free out with
 * tramp_choice_free() either way.
 */
int tramp_choose(struct source *tree, struct tramp_choice *out);
void tramp_choice_free(struct tramp_choice *c);

#endif
