/*
 * clause.c - literals, clauses, the gates that name an expression by a
 * fresh variable, and the constraint groups that switch clauses on (see
 * sat_impl.h for what a literal is).
 */
#include "sat_impl.h"

#include <assert.h>
#include <picosat/picosat.h>
#include <stdlib.h>

int lit_valid(struct sat *s, int l)
{
	return l != 0 && abs(l) <= picosat_variables(s->ps);
}

/*
 * The variable exists in the solver even when its slot in group_of_var
 * could not be made (s marked failed): group_new() checks the slot before
 * it makes the variable a selector.
 */
int var_new(struct sat *s)
{
	int v = picosat_inc_max_var(s->ps);
	size_t had = s->nvar_cap;
	assert(v > 0);
	if (!sat_grow(s, &s->group_of_var, &s->nvar_cap, (size_t)v + 1,
		      sizeof(*s->group_of_var)))
		for (size_t i = had; i < s->nvar_cap; i++)
			s->group_of_var[i] = MODEL_NONE;
	return v;
}

/* Adds a clause of n literals, guarded by the current group's selector. */
void clause_add(struct sat *s, const int *lits, int n)
{
	assert(n >= 0 && (lits || !n));
	/* The guard, when there is one, is a group's selector. */
	assert(!s->cur || ((size_t)s->cur < s->nvar_cap &&
			   s->group_of_var[s->cur] != MODEL_NONE));
	for (int i = 0; i < n; i++) {
		assert(lit_valid(s, lits[i]));
		/*
		 * A selector appears only negated, as a guard: a group left
		 * out of the assumptions is then off, which sat_explain()
		 * relies on when it shrinks them.
		 */
		assert(lits[i] < 0 || (size_t)lits[i] >= s->nvar_cap ||
		       s->group_of_var[lits[i]] == MODEL_NONE);
		if (lits[i] == s->T)
			return;
	}
	if (s->cur)
		picosat_add(s->ps, -s->cur);
	for (int i = 0; i < n; i++)
		if (lits[i] != -s->T)
			picosat_add(s->ps, lits[i]);
	picosat_add(s->ps, 0);
	s->clauses++;
}

void clause_add2(struct sat *s, int a, int b)
{
	int l[2] = {a, b};
	clause_add(s, l, 2);
}

void clause_add3(struct sat *s, int a, int b, int c)
{
	int l[3] = {a, b, c};
	clause_add(s, l, 3);
}

/* Tseitin definitions belong to no group. */
int gate_and(struct sat *s, int a, int b)
{
	assert(lit_valid(s, a) && lit_valid(s, b));
	if (a == -s->T || b == -s->T || a == -b)
		return -s->T;
	if (a == s->T || a == b)
		return b;
	if (b == s->T)
		return a;
	int save = s->cur, v = var_new(s);
	s->cur = 0;
	clause_add2(s, -v, a);
	clause_add2(s, -v, b);
	clause_add3(s, v, -a, -b);
	s->cur = save;
	return v;
}

int gate_or(struct sat *s, int a, int b)
{
	return -gate_and(s, -a, -b);
}

struct lit2 l2_and(struct sat *s, struct lit2 a, struct lit2 b)
{
	struct lit2 r;
	r.m = gate_and(s, a.m, b.m);
	r.y = (a.m == a.y && b.m == b.y) ? r.m : gate_and(s, a.y, b.y);
	return r;
}

struct lit2 l2_or(struct sat *s, struct lit2 a, struct lit2 b)
{
	struct lit2 r;
	r.m = gate_or(s, a.m, b.m);
	r.y = (a.m == a.y && b.m == b.y) ? r.m : gate_or(s, a.y, b.y);
	return r;
}

struct lit2 l2_not(struct lit2 a)
{
	struct lit2 r = {-a.y, -a.m};
	return r;
}

struct lit2 l2_const(struct sat *s, int tri)
{
	assert(tri >= 0 && tri <= 2);
	struct lit2 r = {tri >= 1 ? s->T : -s->T, tri == 2 ? s->T : -s->T};
	return r;
}

struct lit2 l2_bool(int l)
{
	struct lit2 r = {l, l};
	return r;
}

/* ---- groups ------------------------------------------------------------ */

uint32_t group_new(struct sat *s, int kind, uint32_t sym,
		   struct loc loc, const struct prop *prop)
{
	size_t need = (size_t)s->ngroups + 1;
	assert(kind == SATG_DEFINITION || kind == SATG_CHOICE ||
	       kind == SATG_LINE);
	assert(sym < s->m->nsyms || (kind == SATG_LINE && sym == MODEL_NONE));
	assert(loc.file < s->m->nfiles);
	if (sat_grow(s, &s->groups, &s->gcap, need, sizeof(*s->groups)) ||
	    sat_grow(s, &s->group_sel, &s->selcap, need,
		     sizeof(*s->group_sel)))
		return MODEL_NONE;
	int sel = var_new(s);
	if ((size_t)sel >= s->nvar_cap)
		return MODEL_NONE;
	uint32_t id = s->ngroups++;
	s->groups[id].kind = (uint8_t)kind;
	s->groups[id].sym = sym;
	s->groups[id].loc = loc;
	s->groups[id].prop = prop;
	s->group_sel[id] = sel;
	s->group_of_var[sel] = id;
	return id;
}

/*
 * Group g's selector, or 0 (no guard) for the MODEL_NONE of a group that
 * could not be made: s is then marked failed, its formula never solved,
 * and what is written unguarded does not matter.
 */
int group_selector(const struct sat *s, uint32_t g)
{
	assert(g == MODEL_NONE ? s->oom : g < s->ngroups);
	return g == MODEL_NONE ? 0 : s->group_sel[g];
}

/*
 * A copy of v that group g's selector ties to v: with the group off, the
 * copy is free, which relaxes every constraint that reads it.
 */
struct lit2 group_tie(struct sat *s, uint32_t g, struct lit2 v)
{
	int save = s->cur;
	struct lit2 x;
	x.m = var_new(s);
	x.y = v.m == v.y ? x.m : var_new(s);
	s->cur = 0;
	if (x.y != x.m)
		clause_add2(s, -x.y, x.m);
	s->cur = group_selector(s, g);
	clause_add2(s, -x.m, v.m);
	clause_add2(s, x.m, -v.m);
	if (x.y != x.m) {
		clause_add2(s, -x.y, v.y);
		clause_add2(s, x.y, -v.y);
	}
	s->cur = save;
	return x;
}
