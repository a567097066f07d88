/*
 * sat_impl.h - what the files of sat/ share: struct sat and the functions
 * one file of the encoder calls in another. Private to sat/; the rest of
 * kdep sees sat.h only.
 *
 * Literals are PicoSAT's: a variable index, negated for "not". One
 * variable, T, is true by a unit clause; -T is false. Tristate-valued
 * expressions are pairs (>= m, = y). Definitions of helper variables
 * (Tseitin) belong to no group; every constraint on the model's symbols
 * belongs to one group, switched on by an assumed selector variable, so
 * that PicoSAT can find a minimal set of groups behind an UNSAT answer.
 *
 * Only clause.c, sat.c and closest.c call PicoSAT and include
 * picosat/picosat.h; struct PicoSAT stays opaque here.
 */
#ifndef KDEP_SAT_IMPL_H
#define KDEP_SAT_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "sat.h"

struct PicoSAT;

/* A tristate value as two literals: value >= m, value = y. */
struct lit2 {
	int m, y;                /* >= m, and = y (the same for a bool) */
};

/* Select and imply contributions to one target symbol. */
struct contrib {
	struct lit2 *v;          /* each line's contribution: selector and
				    condition */
	uint32_t n;              /* contributions in v */
	size_t cap;              /* room in v */
};

/* A comparison and the variable that stands for its truth. */
struct cmp_rec {
	const struct expr *e;    /* the comparison, in the model; NULL for a
				    value asked (want) */
	const struct sat_want *want; /* e NULL: the value asked */
	int x;                   /* true exactly when e (or want) holds */
};

struct sat {
	struct PicoSAT *ps;      /* the solver, owned */
	struct model *m;         /* the model encoded, borrowed */
	int T;                   /* the true literal */
	unsigned clauses;        /* clauses added, for the record */
	int cur;                 /* selector of the group being written, or 0 */

	struct lit2 *sym;        /* per symbol: its value (0 = none yet) */
	struct lit2 *dep;        /* per node: its inherited dependency */
	uint8_t *dep_done;       /* per node: dep[] is computed */
	struct lit2 *pvis;       /* per node: enclosing 'visible if's */
	uint8_t *pvis_done;      /* per node: pvis[] is computed */
	uint32_t *prop_base;     /* per node: index of its first property */
	struct lit2 *prop_aux;   /* per property: its condition, grouped */
	struct lit2 *prop_val;   /* per property: its value, grouped */
	uint8_t *prop_done;      /* per property: bit 1 prop_aux computed,
				    bit 2 prop_val computed */
	uint32_t *prop_group;    /* per property: its group, or NONE */
	uint32_t *def_group;     /* per symbol: its definition group */
	struct contrib *rev;     /* per symbol: what selects it */
	struct contrib *imp;     /* per symbol: what implies it */
	int *free_sym;           /* per symbol: a free literal (choices) */
	int modules;             /* modules switch is y */
	uint8_t *in;             /* per symbol: in the cone of the roots (1),
				    or a free input past its bound (2) */
	struct cmp_rec *cmps;    /* every comparison encoded */
	size_t ncmps, cmpcap;    /* comparisons in cmps, and room for */
	int *want_lit;           /* per value asked: its literal (0: the
				    symbol is not encoded) */
	size_t nwants;           /* values asked */

	struct sat_group *groups; /* every group, by id */
	int *group_sel;          /* per group: selector variable */
	uint32_t ngroups;        /* groups made */
	size_t gcap, selcap;     /* room in groups, in group_sel */
	uint32_t *group_of_var;  /* per variable: group it selects, or NONE */
	size_t nvar_cap;         /* room in group_of_var */

	uint32_t groups_fixed;   /* groups [0, this) are on for good
				    (sat_groups_fix()), no longer assumed */
	int oom;                 /* an allocation failed: the formula lacks
				    clauses and is never solved; each entry
				    point that can fail says so (sat.h) */
};

/*
 * sat.c: kdep_grow() and kdep_calloc() (core/alloc.h) that also mark s
 * failed (s NULL for the sat itself), for code that has no way to return
 * the failure: the next public entry point that can fail reports it. The
 * test hook sat_fail_alloc() fails them, and only them.
 */
int sat_grow(struct sat *s, void *v, size_t *cap, size_t need, size_t size);
void *sat_calloc(struct sat *s, size_t n, size_t size);

/* clause.c: literals, clauses, gates, groups. */
int var_new(struct sat *s);
/* A literal of a variable the solver has (for asserts). */
int lit_valid(struct sat *s, int l);
/* Adds a clause of n literals, guarded by the current group's selector. */
void clause_add(struct sat *s, const int *lits, int n);
void clause_add2(struct sat *s, int a, int b);
void clause_add3(struct sat *s, int a, int b, int c);
/* A literal equivalent to a && b (a || b), defined in no group. */
int gate_and(struct sat *s, int a, int b);
int gate_or(struct sat *s, int a, int b);
struct lit2 l2_and(struct sat *s, struct lit2 a, struct lit2 b);
struct lit2 l2_or(struct sat *s, struct lit2 a, struct lit2 b);
struct lit2 l2_not(struct lit2 a);
/* The constant n (0), m (1) or y (2). */
struct lit2 l2_const(struct sat *s, int tri);
struct lit2 l2_bool(int l);
/* A new group's id, or MODEL_NONE with s marked failed. */
uint32_t group_new(struct sat *s, int kind, uint32_t sym, struct loc loc,
		   const struct prop *prop);
int group_selector(const struct sat *s, uint32_t g);
struct lit2 group_tie(struct sat *s, uint32_t g, struct lit2 v);

/* encode.c: symbols, expressions, lines, nodes, reverse deps, choices. */
/* A bool or tristate symbol with a definition (not a choice). */
int sym_is_tri(const struct model *m, uint32_t i);
struct lit2 sym_lit(struct sat *s, uint32_t i);
/* An expression's value (y for none); its symbols must be in the cone. */
struct lit2 expr_encode(struct sat *s, const struct expr *e);
struct lit2 prop_cond(struct sat *s, uint32_t node, uint32_t i);
/* The group of property i of node (its line), made on first use. */
uint32_t prop_group(struct sat *s, uint32_t node, uint32_t i);
struct lit2 node_dep(struct sat *s, uint32_t n);
/* The visibility of a symbol or choice: the OR of its prompts. */
struct lit2 sym_vis(struct sat *s, uint32_t i);
/* A symbol's direct dependencies as the kernel's menu_finalize() ORs them:
 * over its definitions that have one (a 'depends on' of their own or of an
 * enclosing if, menu or choice); a definition with none adds nothing
 * (expr_alloc_or() drops it), and with none at all they are y. */
struct lit2 sym_dir_dep(struct sat *s, uint32_t sym);
void encode_reverse(struct sat *s);
void encode_symbol(struct sat *s, uint32_t i);
void encode_choice(struct sat *s, uint32_t c);

/* numeric.c: values, comparisons, intervals. */
uint32_t cmp_fixed_side(const struct model *m, const struct expr *e,
			uint32_t t);
int cmp_holds(const struct model *m, const struct expr *e, uint32_t t,
	      const char *v);
/* The variable for comparison e, recorded in s->cmps. */
int cmp_encode(struct sat *s, const struct expr *e);
/* The literal of value w asked (a comparison of an int, hex or string
 * symbol recorded in s->cmps). */
int want_encode(struct sat *s, const struct sat_want *w);
/*
 * Whether comparison record i of s compares t with fixed text and holds
 * when t has value v; -1 when it is not such a comparison.
 */
int rec_holds(const struct sat *s, size_t i, uint32_t t, const char *v);
/* The fixed text record i compares t with (and *type, the type the
 * kernel parses it with), or NULL when it does not compare t with one. */
const char *rec_fixed(const struct sat *s, size_t i, uint32_t t, int *type);
void encode_numeric(struct sat *s, uint32_t t);
void encode_string(struct sat *s, uint32_t t);

/* cone.c: the cone of influence. */
int cone_compute(struct sat *s, const uint32_t *roots, size_t nroots,
		 unsigned depth);

#endif
