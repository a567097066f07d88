/*
 * sat.h - a model as a CNF formula for PicoSAT. Only sat/ includes
 * picosat/picosat.h; no solver type crosses this header.
 *
 * The formula over-approximates the configurations Kconfig can produce: it
 * keeps only conditions every configuration loaded by the kernel's conf (and
 * by kconfiglib) satisfies, so "unsatisfiable" is a proof that no .config
 * reaches the targets, while a satisfying assignment is only a candidate
 * to be checked (see rules/cosel.c). Each bool/tristate symbol is two
 * variables, value >= m and value = y (one for a bool). What is encoded:
 *   - upper bounds: a symbol is above n only if selected, visible,
 *     given by an applicable default or implied within its dependencies;
 *     above m only if selected y, visible y, defaulted y, implied y or
 *     promoted (bool, or modules off);
 *   - lower bounds: a select raises its target; an invisible symbol takes
 *     its first applicable default and what implies it; an m implied y is
 *     promoted to y;
 *   - tristates are m only with the modules switch on;
 *   - choices: members only when visible, at most one at y, and one when
 *     the choice and a member are visible;
 *   - comparisons on int/hex/string symbols through their possible values:
 *     an invisible symbol's first applicable constant default is exact;
 *     a visible one, a ranged one, or one with no applicable default is
 *     unknown and leaves the comparison free; the first active 'range'
 *     with constant bounds holds an int or hex symbol's value (the kernel
 *     clamps into it, a user value, a default or none);
 *   - 'transitional' symbols are free inputs;
 *   - a value asked of a symbol (sat_encode_wants) as one more comparison.
 *
 * Constraints are grouped by the Kconfig line that creates them (each
 * 'depends on', 'select', 'imply', 'default', prompt, 'visible if', 'if'
 * line, and each definition), so an unsatisfiable query is explained by a
 * minimal set of lines.
 *
 * Out of memory (core/alloc.h): nothing here prints or aborts. A function
 * that cannot return the failure marks s failed for good, and the entry
 * points that can fail report it: sat_encode() returns NULL, sat_solve()
 * -1 and sat_explain() 0, each with the error set. (PicoSAT's own
 * allocations are beyond this: it aborts when one fails.)
 *
 * What the comments below require of a caller (a symbol of the model,
 * a target among the roots, a satisfiable solve before reading values)
 * is assert()ed where it can be checked.
 */
#ifndef KDEP_SAT_H
#define KDEP_SAT_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* What a constraint group stands for. */
enum sat_group_kind {
	SATG_DEFINITION, /* 'config S': how S's value follows from the rest */
	SATG_CHOICE,     /* 'choice': one member at most, one when visible */
	SATG_LINE,       /* one property line (depends, select, default, ...) */
};

struct sat_group {
	uint8_t kind;         /* enum sat_group_kind */
	uint32_t sym;         /* the symbol (or choice) the line belongs to */
	struct loc loc;       /* the line */
	const struct prop *prop; /* SATG_LINE: the property; else NULL */
};

struct sat;

/*
 * Encodes what of m can reach the values of roots[0..nroots) (all of m
 * when roots is NULL), symbols of m; m must outlive the result. NULL with
 * the error set (out of memory, too). Targets must be among the roots.
 */
struct sat *sat_encode(struct model *m, const uint32_t *roots, size_t nroots);

/*
 * A value asked of a symbol, as the Kconfig comparison 'SYM = VALUE' (or
 * 'SYM != VALUE') means it: "y", "m" or "n" for a bool or tristate; for an
 * int or hex symbol the number (0x10 = 16 for a hex), for a string the
 * text exactly.
 */
struct sat_want {
	uint32_t sym;        /* the symbol, of the model */
	int ne;              /* 1: SYM != VALUE; 0: SYM = VALUE */
	const char *value;   /* the value (borrowed: it outlives the sat) */
};

/*
 * sat_encode() with the comparisons wants[0..nwants) encoded among the
 * tree's own, before an int or hex symbol's comparisons are tied together
 * (numeric.c), so that a value asked is as exact as one the tree compares
 * with. Each want's symbol must be among the roots.
 */
struct sat *sat_encode_wants(struct model *m, const uint32_t *roots,
			     size_t nroots, const struct sat_want *wants,
			     size_t nwants);

/*
 * The literal "wants[k] holds" of a sat_encode_wants(); 0 when its symbol
 * is not encoded (undefined: always n).
 */
int sat_want_lit(const struct sat *s, size_t k);

/*
 * Whether a symbol of m whose value is got (as the Kconfig engine gives
 * it) meets w, by the kernel's comparison of values of its type.
 */
int sat_want_holds(const struct model *m, const struct sat_want *w,
		   const char *got);
void sat_free(struct sat *s);

/* Variables and clauses, for the record. */
void sat_size(const struct sat *s, unsigned *vars, unsigned *clauses,
	      unsigned *groups);

/*
 * The literal "sym is y" (or "sym is at least m" with allow_m), or 0 when
 * sym is not a bool/tristate symbol of the model, or not encoded. Out of
 * memory marks s failed (the next sat_solve reports it).
 */
int sat_target(struct sat *s, uint32_t sym, int allow_m);

/*
 * Solves with every group on and the literals in assume held. Returns 1
 * (satisfiable), 0 (unsatisfiable) or -1 (the solver gave up, or s is
 * marked failed by an allocation; error set).
 */
int sat_solve(struct sat *s, const int *assume, size_t n);

/* After a satisfiable sat_solve: sym's value, 0 n, 1 m, 2 y; -1 if none. */
int sat_value(struct sat *s, uint32_t sym);

/*
 * After a satisfiable sat_solve: a value (malloc'd) for int/hex/string
 * symbol sym that makes each of its comparisons with a constant come out
 * as the assignment has it, for a user to set; NULL when there is none to
 * set or none found, or out of memory (error set, s marked failed).
 */
char *sat_pick_value(struct sat *s, uint32_t sym);

/*
 * sym's value variables (*m: >= m, *y: = y, the same for a bool). Returns
 * 0, or -1 when sym is not a bool/tristate symbol of the model.
 */
int sat_sym_lits(struct sat *s, uint32_t sym, int *m, int *y);

/*
 * A new variable of no meaning (to switch clauses on by assumption). Out
 * of memory marks s failed (the next sat_solve reports it).
 */
int sat_new_var(struct sat *s);

/* Adds a clause for good (a blocked candidate). */
void sat_add_clause(struct sat *s, const int *lits, size_t n);

/*
 * With assumptions under which s is unsatisfiable (as a sat_solve found;
 * this solves again, not necessarily right after it): a minimal set of
 * groups that with those assumptions is still unsatisfiable, sorted by
 * place. Returns the count; *out is malloc'd (NULL when none or on error).
 * 0 also when the assumptions are satisfiable. Out of memory, now or
 * marked earlier: 0, *out NULL, the error set.
 */
size_t sat_explain(struct sat *s, const int *assume, size_t n,
		   uint32_t **out);

/* Whether an allocation of s failed (the error was set then): what tells a
 * 0 of sat_explain that found nothing from one that could not look. */
int sat_failed(const struct sat *s);

/* Group g of s, as sat_explain gives it. */
const struct sat_group *sat_group(const struct sat *s, uint32_t g);

/*
 * Whether in every configuration where each of given[0..ngiven) is at
 * least m, e is at least m, and where each is y, e is y (e "at least as
 * high" as their minimum): 1 proven, 0 not (some assignment of the
 * over-approximating formula differs: it may change a configuration), -1
 * with the error set. The formula is the cone of the expressions' symbols.
 */
int sat_implies(struct model *m, const struct expr *const *given,
		size_t ngiven, const struct expr *e);

/*
 * For tests of the allocation-failure policy: the nth allocation of any
 * sat from now on (1 for the next) fails as when memory runs out; 0 turns
 * this off. PicoSAT's own allocations are not counted.
 */
void sat_fail_alloc(unsigned long nth);

#endif
