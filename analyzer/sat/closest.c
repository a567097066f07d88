/*
 * closest.c - the fewest soft literals false (sat_closest.h): a core
 * guided search whose bound is a sequential counter over the soft
 * literals that unsatisfiable cores named.
 */
#include "sat_impl.h"
#include "sat_closest.h"
#include "error.h"

#include <assert.h>
#include <picosat/picosat.h>
#include <stdlib.h>

int sat_value_is(struct sat *s, uint32_t sym, int tri)
{
	if (sym >= s->m->nsyms || !sym_is_tri(s->m, sym) || !s->in[sym])
		return 0;
	struct lit2 v = sym_lit(s, sym);
	int save = s->cur;
	s->cur = 0;
	int l = tri == 0 ? -v.m : tri == 2 ? v.y : gate_and(s, v.m, -v.y);
	s->cur = save;
	return l;
}

void sat_prefer_config(struct sat *s, const char *const *val)
{
	for (size_t i = 0; i < s->ncmps; i++)
		picosat_set_default_phase_lit(
			s->ps, s->cmps[i].x,
			model_expr_value(s->m, val, s->cmps[i].e) == 2 ? 1 : -1);
}

/*
 * "More than k of x[0..r) are true", as the last output of a sequential
 * counter whose clauses only push counts up (x true makes them true): held
 * false, it allows k at most. 0 when r <= k (nothing to bound).
 */
static int more_than(struct sat *s, const int *x, size_t r, unsigned k)
{
	if (r <= k)
		return 0;
	int *prev = sat_calloc(s, k + 2, sizeof(int));
	int *cur = sat_calloc(s, k + 2, sizeof(int));
	int out = 0;
	if (!prev || !cur)
		goto done;
	for (unsigned j = 1; j <= k + 1; j++)
		prev[j] = -s->T; /* no input yet: no count */
	s->cur = 0;
	for (size_t i = 0; i < r; i++) {
		for (unsigned j = 1; j <= k + 1; j++) {
			cur[j] = var_new(s);
			clause_add2(s, -prev[j], cur[j]);
			if (j == 1)
				clause_add2(s, -x[i], cur[j]);
			else
				clause_add3(s, -x[i], -prev[j - 1], cur[j]);
		}
		int *t = prev;
		prev = cur;
		cur = t;
	}
	out = prev[k + 1];
done:
	free(prev);
	free(cur);
	return out;
}

int sat_solve_fewest(struct sat *s, const int *assume, size_t n,
		     const int *soft, size_t nsoft, unsigned *cost)
{
	uint8_t *in_r = sat_calloc(s, nsoft + 1, 1);
	int *x = sat_calloc(s, nsoft + 1, sizeof(int));
	size_t r = 0;
	unsigned k = 0;
	int ret = -1;

	if (!in_r || !x || s->oom) {
		kdep_error_oom();
		goto done;
	}
	for (;;) {
		int over = more_than(s, x, r, k);
		if (s->oom) {
			kdep_error_oom();
			goto done;
		}
		for (uint32_t g = s->groups_fixed; g < s->ngroups; g++)
			picosat_assume(s->ps, s->group_sel[g]);
		for (size_t i = 0; i < n; i++)
			picosat_assume(s->ps, assume[i]);
		for (size_t i = 0; i < nsoft; i++)
			if (!in_r[i])
				picosat_assume(s->ps, soft[i]);
		if (over)
			picosat_assume(s->ps, -over);
		int res = picosat_sat(s->ps, -1);
		if (res == PICOSAT_SATISFIABLE) {
			unsigned c = 0;
			for (size_t i = 0; i < nsoft; i++)
				c += picosat_deref(s->ps, soft[i]) < 0;
			/* no more than the bound, no fewer than the cores */
			assert(c == k);
			*cost = c;
			ret = 1;
			goto done;
		}
		if (res != PICOSAT_UNSATISFIABLE) {
			kdep_error_set("the SAT solver gave up");
			goto done;
		}
		size_t named = 0;
		for (size_t i = 0; i < nsoft; i++) {
			if (in_r[i] || soft[i] == s->T ||
			    !picosat_failed_assumption(s->ps, soft[i]))
				continue;
			in_r[i] = 1;
			x[r++] = -soft[i];
			named++;
		}
		if (!named && !(over && picosat_failed_assumption(s->ps,
								  -over))) {
			ret = 0; /* the soft literals are not to blame */
			goto done;
		}
		k++;
	}
done:
	free(in_r);
	free(x);
	return ret;
}
