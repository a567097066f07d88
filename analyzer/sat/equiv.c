/*
 * equiv.c - whether an edit of one Kconfig line can change a valid
 * configuration: implications between expressions that every
 * configuration of the formula satisfies (see sat.h for why an
 * unsatisfiable answer is a proof for every .config conf can load).
 *
 * Worked example: 'select HAVE_STATIC_CALL if !LTO_CLANG_THIN ||
 * CLANG_VERSION >= 130000' under ARM64 may lose its condition when
 * ARM64 >= level implies the condition >= level for level m and y:
 * under gcc-12 LTO_CLANG_THIN is n, under llvm-19 CLANG_VERSION is
 * 190100, so both solves are unsatisfiable and the select is the same.
 */
#include "sat_impl.h"
#include "alloc.h"
#include "error.h"

#include <stdlib.h>

/* The symbols an expression names, as cone roots. */
struct roots {
	uint32_t *v;   /* the symbols */
	size_t n;      /* how many */
	size_t cap;    /* room in v */
	int oom;       /* an allocation failed */
};

static int roots_add(uint32_t sym, void *arg)
{
	struct roots *r = arg;
	if (kdep_grow(&r->v, &r->cap, r->n + 1, sizeof(*r->v))) {
		r->oom = 1;
		return 1;
	}
	r->v[r->n++] = sym;
	return 0;
}

int sat_implies(struct model *m, const struct expr *const *given,
		size_t ngiven, const struct expr *e)
{
	struct roots r = { 0 };
	for (size_t i = 0; i < ngiven && !r.oom; i++)
		model_expr_walk(m, given[i], roots_add, &r);
	if (!r.oom)
		model_expr_walk(m, e, roots_add, &r);
	if (r.oom) {
		free(r.v);
		return -1;
	}
	/* n symbols: nothing to encode but the constants */
	struct sat *s = sat_encode(m, r.v ? r.v : (uint32_t[]){ MODEL_SYM_Y },
				   r.v ? r.n : 1);
	free(r.v);
	if (!s)
		return -1;
	int ret = 1;
	struct lit2 want = expr_encode(s, e);
	struct lit2 *g = sat_calloc(s, ngiven + 1, sizeof(*g));
	int *assume = sat_calloc(s, ngiven + 2, sizeof(*assume));
	for (size_t i = 0; g && i < ngiven; i++)
		g[i] = expr_encode(s, given[i]);
	for (int level = 0; level < 2 && ret == 1; level++) {
		if (s->oom)
			break;
		size_t n = 0;
		for (size_t i = 0; i < ngiven; i++)
			assume[n++] = level ? g[i].y : g[i].m;
		assume[n++] = -(level ? want.y : want.m);
		int r2 = sat_solve(s, assume, n);
		ret = r2 < 0 ? -1 : r2 ? 0 : 1;
	}
	if (s->oom && ret == 1) {
		kdep_error_oom();
		ret = -1;
	}
	free(g);
	free(assume);
	sat_free(s);
	return ret;
}
