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
 * The literal "the select written as property prop of node gives its
 * target more than the target's direct dependencies": the selector (at
 * least m, its select condition and the dependencies of its definition
 * met) and the target's 'depends on' lines, ifs and menus (the OR over
 * its definitions) below that value, which is the condition of conf's
 * "unmet direct dependencies detected for X" (a y select of a target
 * whose dependencies are m counts). 0 when the line is not a select of
 * a bool/tristate symbol by one, or the formula lacks either symbol. Out
 * of memory marks s failed (the next sat_solve reports it).
 */
int sat_select_exceeds(struct sat *s, uint32_t node, uint32_t prop);

/* The literal "the direct dependencies of bool/tristate symbol sym are at
 * least m" (y for = y in *y), or -1 when sym is not in the formula. */
int sat_direct_dep(struct sat *s, uint32_t sym, int *m, int *y);

#endif
