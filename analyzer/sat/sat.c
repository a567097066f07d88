/*
 * sat.c - the sat object: the driver that encodes a model, and the PicoSAT
 * calls that solve it, read its assignment and explain an unsatisfiable
 * answer (the public API of sat.h).
 */
#include "sat_impl.h"
#include "sat_unmet.h"
#include "alloc.h"
#include "error.h"

#include <assert.h>
#include <limits.h>
#include <picosat/picosat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The test hook: allocations to go until the one that fails; 0, none. */
static unsigned long fail_countdown;

void sat_fail_alloc(unsigned long nth)
{
	fail_countdown = nth;
}

/* Whether the test hook fails this allocation (the error set if so). */
static int alloc_fails(void)
{
	if (!fail_countdown || --fail_countdown)
		return 0;
	kdep_error_oom();
	return 1;
}

int sat_grow(struct sat *s, void *v, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	if (alloc_fails() || kdep_grow(v, cap, need, size)) {
		s->oom = 1;
		return -1;
	}
	return 0;
}

void *sat_calloc(struct sat *s, size_t n, size_t size)
{
	void *p = alloc_fails() ? NULL : kdep_calloc(n, size);
	if (!p && s)
		s->oom = 1;
	return p;
}

#define ALLOC(p, n)                                                       \
	do {                                                              \
		(p) = sat_calloc(s, (n) + 1, sizeof(*(p)));               \
		if (!(p))                                                 \
			goto oom;                                         \
	} while (0)

#ifndef NDEBUG
/* Every root a symbol of m (for an assert). */
static int roots_valid(const struct model *m, const uint32_t *roots,
		       size_t nroots)
{
	for (size_t i = 0; roots && i < nroots; i++)
		if (roots[i] >= m->nsyms)
			return 0;
	return 1;
}

/* Every literal one of a variable the solver has (for an assert). */
static int lits_valid(struct sat *s, const int *lits, size_t n)
{
	if (n && !lits)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!lit_valid(s, lits[i]))
			return 0;
	return 1;
}
#endif

static struct sat *encode(struct model *m, const uint32_t *roots,
			  size_t nroots, unsigned depth,
			  const struct sat_want *wants, size_t nwants)
{
	assert(m && roots_valid(m, roots, nroots));
	struct sat *s = sat_calloc(NULL, 1, sizeof(*s));
	if (!s)
		return NULL;
	s->m = m;
	if (!(s->ps = picosat_init()))
		goto oom;
	ALLOC(s->in, m->nsyms);
	if (cone_compute(s, roots, nroots, depth))
		goto oom;
	ALLOC(s->sym, m->nsyms);
	ALLOC(s->free_sym, m->nsyms);
	ALLOC(s->def_group, m->nsyms);
	ALLOC(s->rev, m->nsyms);
	ALLOC(s->imp, m->nsyms);
	ALLOC(s->dep, m->nnodes);
	ALLOC(s->dep_done, m->nnodes);
	ALLOC(s->pvis, m->nnodes);
	ALLOC(s->pvis_done, m->nnodes);
	ALLOC(s->prop_base, m->nnodes);
	uint32_t nprops = 0;
	for (uint32_t n = 0; n < m->nnodes; n++) {
		s->prop_base[n] = nprops;
		nprops += m->nodes[n].nprops;
	}
	ALLOC(s->prop_aux, nprops);
	ALLOC(s->prop_val, nprops);
	ALLOC(s->prop_done, nprops);
	ALLOC(s->prop_group, nprops);
	for (uint32_t k = 0; k < nprops; k++)
		s->prop_group[k] = MODEL_NONE;

	/* the unit clause by hand: clause_add() drops a clause that holds T
	 * as already true, and T must be forced for -T to be false in an
	 * assumption (the constant y asked as the implied side); not
	 * counted in s->clauses, which counts the formula's own */
	s->T = var_new(s);
	picosat_add(s->ps, s->T);
	picosat_add(s->ps, 0);
	if (m->modules_sym != MODEL_NONE && sym_is_tri(m, m->modules_sym))
		s->modules = sym_lit(s, m->modules_sym).y;

	for (uint32_t i = 0; i < m->nsyms; i++) {
		const struct sym *y = &m->syms[i];
		s->def_group[i] = MODEL_NONE;
		if (!s->in[i])
			continue;
		if ((y->flags & SYMF_CHOICE) && y->nnodes)
			s->def_group[i] = group_new(s, SATG_CHOICE, i,
				m->nodes[y->nodes[0]].loc, NULL);
		else if (sym_is_tri(m, i))
			s->def_group[i] = group_new(s, SATG_DEFINITION, i,
				m->nodes[y->nodes[0]].loc, NULL);
	}
	encode_reverse(s);
	for (uint32_t i = 0; i < m->nsyms; i++) {
		if (s->in[i] != 1) /* out, or a free input */
			continue;
		if (sym_is_tri(m, i))
			encode_symbol(s, i);
		else if ((m->syms[i].flags & SYMF_CHOICE) && m->syms[i].nnodes)
			encode_choice(s, i);
	}
	/* the values asked, before the numbers' intervals tie them in */
	ALLOC(s->want_lit, nwants);
	s->nwants = nwants;
	for (size_t k = 0; k < nwants; k++) {
		/* a want is of a root, in the cone when it can be */
		assert(wants[k].sym < m->nsyms);
		s->want_lit[k] = want_encode(s, &wants[k]);
	}
	for (uint32_t i = 0; i < m->nsyms; i++)
		if (s->in[i] == 1 && m->syms[i].nnodes &&
		    (m->syms[i].type == SYM_INT || m->syms[i].type == SYM_HEX))
			encode_numeric(s, i);
		else if (s->in[i] == 1 && m->syms[i].nnodes &&
			 m->syms[i].type == SYM_STRING)
			encode_string(s, i);
	if (s->oom)
		goto oom;
	return s;
oom:
	sat_free(s);
	kdep_error_oom();
	return NULL;
}

struct sat *sat_encode(struct model *m, const uint32_t *roots, size_t nroots)
{
	return encode(m, roots, nroots, 0, NULL, 0);
}

struct sat *sat_encode_wants(struct model *m, const uint32_t *roots,
			     size_t nroots, const struct sat_want *wants,
			     size_t nwants)
{
	assert(roots && (wants || !nwants));
	return encode(m, roots, nroots, 0, wants, nwants);
}

int sat_want_lit(const struct sat *s, size_t k)
{
	assert(k < s->nwants);
	return s->want_lit[k];
}

struct sat *sat_encode_near(struct model *m, const uint32_t *roots,
			    size_t nroots, unsigned depth)
{
	assert(roots && depth > 0);
	return encode(m, roots, nroots, depth, NULL, 0);
}

void sat_free(struct sat *s)
{
	if (!s)
		return;
	if (s->ps)
		picosat_reset(s->ps);
	for (uint32_t i = 0; s->rev && s->imp && i < s->m->nsyms; i++) {
		free(s->rev[i].v);
		free(s->imp[i].v);
	}
	free(s->rev);
	free(s->imp);
	free(s->in);
	free(s->cmps);
	free(s->want_lit);
	free(s->sym);
	free(s->free_sym);
	free(s->def_group);
	free(s->dep);
	free(s->dep_done);
	free(s->pvis);
	free(s->pvis_done);
	free(s->prop_base);
	free(s->prop_aux);
	free(s->prop_val);
	free(s->prop_done);
	free(s->prop_group);
	free(s->groups);
	free(s->group_sel);
	free(s->group_of_var);
	free(s);
}

void sat_size(const struct sat *s, unsigned *vars, unsigned *clauses,
	      unsigned *groups)
{
	assert(vars && clauses && groups);
	*vars = (unsigned)picosat_variables(s->ps);
	*clauses = s->clauses;
	*groups = s->ngroups;
}

int sat_target(struct sat *s, uint32_t sym, int allow_m)
{
	/* A target is among the roots, so in their cone when it can be. */
	assert(sym >= s->m->nsyms || !sym_is_tri(s->m, sym) || s->in[sym]);
	if (sym >= s->m->nsyms || !sym_is_tri(s->m, sym) || !s->in[sym])
		return 0;
	struct lit2 v = sym_lit(s, sym);
	return allow_m ? v.m : v.y;
}

static void assume_all(struct sat *s, const int *assume, size_t n)
{
	assert(lits_valid(s, assume, n));
	for (uint32_t g = s->groups_fixed; g < s->ngroups; g++)
		picosat_assume(s->ps, s->group_sel[g]);
	for (size_t i = 0; i < n; i++)
		picosat_assume(s->ps, assume[i]);
}

int sat_solve(struct sat *s, const int *assume, size_t n)
{
	if (s->oom) {
		kdep_error_oom();
		return -1;
	}
	assume_all(s, assume, n);
	int r = picosat_sat(s->ps, -1);
	if (r == PICOSAT_SATISFIABLE)
		return 1;
	if (r == PICOSAT_UNSATISFIABLE)
		return 0;
	kdep_error_set("the SAT solver gave up");
	return -1;
}

void sat_groups_fix(struct sat *s)
{
	/* a selector as a unit clause: on in every solve from now on */
	for (uint32_t g = s->groups_fixed; g < s->ngroups; g++) {
		picosat_add(s->ps, s->group_sel[g]);
		picosat_add(s->ps, 0);
	}
	s->groups_fixed = s->ngroups;
}

void sat_prefer(struct sat *s, uint32_t sym, int tri)
{
	if (sym >= s->m->nsyms || !s->sym[sym].m)
		return;
	picosat_set_default_phase_lit(s->ps, s->sym[sym].m, tri >= 1 ? 1 : -1);
	if (s->sym[sym].y != s->sym[sym].m)
		picosat_set_default_phase_lit(s->ps, s->sym[sym].y,
					      tri == 2 ? 1 : -1);
}

int sat_value(struct sat *s, uint32_t sym)
{
	assert(picosat_res(s->ps) == PICOSAT_SATISFIABLE);
	if (sym >= s->m->nsyms || !s->sym[sym].m)
		return -1;
	if (picosat_deref(s->ps, s->sym[sym].y) > 0)
		return 2;
	return picosat_deref(s->ps, s->sym[sym].m) > 0 ? 1 : 0;
}

int sat_sym_lits(struct sat *s, uint32_t sym, int *m, int *y)
{
	assert(m && y);
	if (sym >= s->m->nsyms || !s->sym[sym].m)
		return -1;
	*m = s->sym[sym].m;
	*y = s->sym[sym].y;
	return 0;
}

int sat_new_var(struct sat *s)
{
	return var_new(s);
}

void sat_add_clause(struct sat *s, const int *lits, size_t n)
{
	assert(n <= INT_MAX && lits_valid(s, lits, n));
	s->cur = 0;
	clause_add(s, lits, (int)n);
}

static const struct sat *sort_sat; /* qsort's context: one sort at a time */

/* Does value v of sym satisfy every comparison as the assignment has it? */
static int value_fits(struct sat *s, uint32_t sym, const char *v)
{
	for (size_t i = 0; i < s->ncmps; i++) {
		const struct expr *e = s->cmps[i].e;
		int got = rec_holds(s, i, sym, v);
		if (got < 0 && e && (e->l->sym == sym || e->r->sym == sym))
			return 0; /* against another symbol: not chosen here */
		if (got >= 0 &&
		    got != (picosat_deref(s->ps, s->cmps[i].x) > 0))
			return 0;
	}
	return 1;
}

int sat_value_fits(struct sat *s, uint32_t sym, const char *v)
{
	assert(sym < s->m->nsyms && v);
	assert(picosat_res(s->ps) == PICOSAT_SATISFIABLE);
	return value_fits(s, sym, v);
}

/* A copy of v for the caller, or NULL with s marked failed. */
static char *value_copy(struct sat *s, const char *v)
{
	size_t n = strlen(v) + 1;
	char *p = sat_calloc(s, n, 1);
	if (p)
		memcpy(p, v, n);
	return p;
}

char *sat_pick_value(struct sat *s, uint32_t sym)
{
	const struct model *m = s->m;
	assert(sym < m->nsyms);
	int type = m->syms[sym].type;
	char buf[64];
	assert(type == SYM_INT || type == SYM_HEX || type == SYM_STRING);
	assert(picosat_res(s->ps) == PICOSAT_SATISFIABLE);
	for (size_t i = 0; i < s->ncmps; i++) {
		int ctype;
		const char *c = rec_fixed(s, i, sym, &ctype);
		if (!c)
			continue;
		if (value_fits(s, sym, c))
			return value_copy(s, c);
		/* Either side of a bound. */
		for (int d = -1; d <= 1; d += 2) {
			char *end;
			if (type == SYM_HEX) {
				unsigned long long u = strtoull(c, &end, 16);
				if (*end)
					continue;
				snprintf(buf, sizeof(buf), "0x%llx",
					 u + (unsigned long long)d);
			} else if (type == SYM_INT) {
				long long v = strtoll(c, &end, 10);
				if (*end)
					continue;
				snprintf(buf, sizeof(buf), "%lld", v + d);
			} else {
				snprintf(buf, sizeof(buf), "%s", d < 0 ? "" : "kdep");
			}
			if (value_fits(s, sym, buf))
				return value_copy(s, buf);
		}
	}
	return NULL;
}

static int cmp_group(const void *a, const void *b)
{
	const struct sat *s = sort_sat;
	const struct sat_group *x = &s->groups[*(const uint32_t *)a];
	const struct sat_group *y = &s->groups[*(const uint32_t *)b];
	int c = strcmp(s->m->files[x->loc.file], s->m->files[y->loc.file]);
	if (c)
		return c;
	return (x->loc.line > y->loc.line) - (x->loc.line < y->loc.line);
}

int sat_failed(const struct sat *s)
{
	return s->oom;
}

size_t sat_explain(struct sat *s, const int *assume, size_t n,
		   uint32_t **out)
{
	assert(out);
	assert(!s->groups_fixed); /* sat_groups_fix() leaves none to drop */
	*out = NULL;
	if (s->oom) {
		kdep_error_oom();
		return 0;
	}
	assume_all(s, assume, n);
	if (picosat_sat(s->ps, -1) != PICOSAT_UNSATISFIABLE)
		return 0;
	/*
	 * Shrink the assumptions to the groups the refutation used before
	 * minimising: a group not assumed is off (its selector only ever
	 * appears negated), so the smaller set is still unsatisfiable, and
	 * every call of the deletion loop below assumes a few dozen
	 * selectors rather than every line of the tree.
	 */
	uint32_t *core = sat_calloc(s, s->ngroups + 1, sizeof(*core));
	if (!core)
		return 0;
	size_t nc = s->ngroups, prev;
	do {
		prev = nc;
		nc = 0;
		for (const int *p = picosat_failed_assumptions(s->ps); *p; p++) {
			int v = *p > 0 ? *p : -*p;
			if ((size_t)v < s->nvar_cap &&
			    s->group_of_var[v] != MODEL_NONE) {
				/* Each selector is assumed once. */
				assert(nc < s->ngroups);
				core[nc++] = s->group_of_var[v];
			}
		}
		for (size_t i = 0; i < nc; i++)
			picosat_assume(s->ps, s->group_sel[core[i]]);
		for (size_t i = 0; i < n; i++)
			picosat_assume(s->ps, assume[i]);
		if (picosat_sat(s->ps, -1) != PICOSAT_UNSATISFIABLE) {
			free(core);
			return 0;
		}
	} while (nc < prev);
	free(core);
	const int *mus = picosat_mus_assumptions(s->ps, NULL, NULL, 0);
	size_t k = 0;
	for (const int *p = mus; p && *p; p++)
		k++;
	uint32_t *g = sat_calloc(s, k + 1, sizeof(*g));
	if (!g)
		return 0;
	size_t ng = 0;
	for (const int *p = mus; p && *p; p++) {
		int v = *p > 0 ? *p : -*p;
		if ((size_t)v < s->nvar_cap && s->group_of_var[v] != MODEL_NONE)
			g[ng++] = s->group_of_var[v];
	}
	if (!ng) { /* no line is needed: the assumptions alone conflict */
		free(g);
		return 0;
	}
	sort_sat = s;
	qsort(g, ng, sizeof(*g), cmp_group);
	*out = g;
	return ng;
}

const struct sat_group *sat_group(const struct sat *s, uint32_t g)
{
	assert(g < s->ngroups);
	return g < s->ngroups ? &s->groups[g] : NULL;
}
