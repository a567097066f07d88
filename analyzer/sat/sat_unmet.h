/*
 * sat_unmet.h - selects that exceed their target's dependencies, as
 * literals of a formula (sat.h): what the unmet-dependency rule asks the
 * solver about, one select at a time, by assumption.
 */
#ifndef KDEP_SAT_UNMET_H
#define KDEP_SAT_UNMET_H

#include <stdint.h>

#include "sat.h"

/*
 * Into *lit, the literal "the select written as property prop of node
 * gives its target more than the target's direct dependencies": the
 * selector (at least m, its select condition and the dependencies of its
 * definition met; for a member of a choice, those inside the choice) and the target's 'depends on' lines, ifs and menus (the
 * OR over its definitions) below that value, which is the condition of
 * conf's "unmet direct dependencies detected for X" (a y select of a
 * tristate target whose dependencies are m counts; conf takes a bool's
 * dependencies at m as y, so a bool target counts at n only). Returns 1; 0 when that is
 * false by construction (the target has no dependency), a proof with no
 * solving; -1 when the line is not a select of a bool/tristate symbol by
 * one, the target is a member of a choice (not examined), or the formula
 * lacks either symbol. Out of memory marks s failed
 * (the next sat_solve reports it).
 */
int sat_select_exceeds(struct sat *s, uint32_t node, uint32_t prop, int *lit);

/*
 * As sat_encode(), of the symbols at most depth (> 0) steps of the cone
 * of influence from the roots; those reached past it are free inputs. A
 * smaller formula, and a weaker one: unsatisfiable is still a proof,
 * satisfiable says less than the whole cone would.
 */
struct sat *sat_encode_near(struct model *m, const uint32_t *roots,
			    size_t nroots, unsigned depth);

/*
 * Turns every group on for good: a sweep of many questions that needs no
 * explanation skips assuming each group at each solve (the cost of a solve
 * over a whole tree's 30,000 groups). sat_explain() is of no use after it.
 */
void sat_groups_fix(struct sat *s);

/*
 * Where the solver has a choice, it tries sym at value tri (0 n, 1 m, 2 y)
 * first: a sweep prefers the defaults, so that a satisfying assignment
 * differs from them in few user choices. Not a constraint.
 */
void sat_prefer(struct sat *s, uint32_t sym, int tri);

/* The literal "the direct dependencies of bool/tristate symbol sym are at
 * least m" (y for = y in *y), or -1 when sym is not in the formula. */
int sat_direct_dep(struct sat *s, uint32_t sym, int *m, int *y);

#endif
