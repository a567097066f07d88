/*
 * closest.h - co-selectability from a user's own .config: the witness
 * that changes the fewest of the user's choices (`kdep cosel --config`).
 *
 * The user's choices are the bool and tristate symbols whose prompt is
 * visible in the .config as the Kconfig engine evaluates it; a change is
 * one of them whose value in the witness differs. The solver finds the
 * fewest changes the formula (sat.h) allows, which, as the formula keeps
 * every configuration, no .config can beat: a lower bound. A candidate
 * that reaches it, checked by the engine like every witness (cosel.h), is
 * proven closest; one the engine refutes is blocked and the next tried,
 * and past COSEL_MAX_CANDIDATES the closest checked one is given, with
 * the bound, as not proven.
 */
#ifndef KDEP_CLOSEST_H
#define KDEP_CLOSEST_H

#include <stddef.h>
#include <stdint.h>

#include "cosel.h"

/* One changed user choice. */
struct closest_change {
	uint32_t sym;             /* the symbol */
	const char *name;         /* its name (borrowed from the model) */
	char *from;               /* its value for the user's .config */
	char *to;                 /* its value for the witness */
};

struct closest_answer {
	struct closest_change *v; /* the witness's changes, in the order the
				     model defines the symbols (owned) */
	size_t n;                 /* how many: first the bool and tristate
				     ones, then the int, hex and string
				     ones with a visible prompt */
	size_t ntri;              /* how many bool/tristate: the count the
				     solver minimises */
	unsigned bound;           /* the fewest changes any configuration
				     with the targets needs (a proof) */
	int optimal;              /* ntri == bound: the witness is closest */
	size_t choices;           /* the user choices of the .config */
};

/*
 * Answers targets syms[0..n) of m (the model s encodes whole) nearest to
 * config, a .config's text, into a and c: a no as cosel_solve() gives it
 * (c empty), a yes with the closest witness found and its changes, else
 * unknown. Returns 0, or -1 with the error set.
 */
int closest_solve(struct sat *s, struct model *m, const uint32_t *syms,
		  size_t n, int allow_m, const char *config,
		  cosel_check_fn check, void *ctx, struct cosel_answer *a,
		  struct closest_answer *c);
void closest_answer_free(struct closest_answer *c);

#endif
