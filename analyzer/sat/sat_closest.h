/*
 * sat_closest.h - the assignment of a formula (sat.h) closest to given
 * values: what `kdep cosel --config` asks for a witness that changes as
 * few of a user's choices as it can.
 */
#ifndef KDEP_SAT_CLOSEST_H
#define KDEP_SAT_CLOSEST_H

#include <stddef.h>
#include <stdint.h>

#include "sat.h"

/*
 * The literal "bool/tristate symbol sym has value tri" (0 n, 1 m, 2 y), or
 * 0 when the formula lacks sym. Out of memory marks s failed (the next
 * solve reports it).
 */
int sat_value_is(struct sat *s, uint32_t sym, int tri);

/*
 * After a satisfiable solve: whether value v of int/hex/string symbol sym
 * gives each of its comparisons with a constant the truth the assignment
 * gives it (so that a user's own value can be kept).
 */
int sat_value_fits(struct sat *s, uint32_t sym, const char *v);

/*
 * Where the solver has a choice, it gives each comparison of an int, hex
 * or string symbol the truth it has under val (model_expr_value()'s), so
 * that a user's own numbers fit. Not a constraint.
 */
void sat_prefer_config(struct sat *s, const char *const *val);

/*
 * Solves with assume[0..n) held and as many of the soft literals
 * soft[0..nsoft) true as can be: an optimum, by unsatisfiable cores and a
 * cardinality bound on the soft literals they name, raised by one per
 * core (MSU3; every core raises the lower bound). Returns 1 with an
 * optimal assignment in the solver and *cost the number of soft literals
 * it makes false, none fewer in any assignment; 0 when assume cannot hold
 * at all; -1 with the error set. Clauses it adds switch on only through
 * its own assumptions, so later solves are as before.
 */
int sat_solve_fewest(struct sat *s, const int *assume, size_t n,
		     const int *soft, size_t nsoft, unsigned *cost);

#endif
