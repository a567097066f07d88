/*
 * why.c - why a symbol has its value under one configuration, as the
 * kernel's sym_calc_value() computes it: the prompt's visibility, the
 * direct dependency, what selects and implies it, the default that
 * applies, the ranges, and the user's value (see model_why()).
 */
#include "model.h"
#include "alloc.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static int max2(int a, int b)
{
	return a > b ? a : b;
}

static int min2(int a, int b)
{
	return a < b ? a : b;
}

/* Appends a line; 0, or -1 out of memory (the error set). */
static int line_add(struct model_why *w, int role, uint32_t node,
		    const struct prop *p, uint32_t by, int value)
{
	if (kdep_grow(&w->v, &w->cap, w->n + 1, sizeof(*w->v)))
		return -1;
	w->v[w->n++] = (struct model_why_line){ (uint8_t)role, node, p, by,
						 value, 0 };
	return 0;
}

/* The 'depends on' lines of node and of every block around it. */
static int depends_lines(const struct model *m, const char *const *val,
			 uint32_t node, struct model_why *w)
{
	for (uint32_t n = node; n != MODEL_NONE; n = m->nodes[n].parent) {
		const struct node *nd = &m->nodes[n];
		for (uint32_t i = 0; i < nd->nprops; i++) {
			const struct prop *p = &nd->props[i];
			if (p->kind == P_DEPENDS &&
			    line_add(w, WHY_DEPENDS, n, p, MODEL_NONE,
				     model_expr_value(m, val, p->expr)))
				return -1;
		}
	}
	return 0;
}

/* The selects and implies of sym written anywhere, each with what it
 * gives: its symbol's value, its condition and its definition's
 * dependency. */
static int reverse_lines(const struct model *m, const char *const *val,
			 uint32_t sym, struct model_why *w)
{
	for (uint32_t n = 0; n < m->nnodes; n++) {
		const struct node *nd = &m->nodes[n];
		if (nd->kind != NODE_SYM)
			continue;
		for (uint32_t i = 0; i < nd->nprops; i++) {
			const struct prop *p = &nd->props[i];
			if ((p->kind != P_SELECT && p->kind != P_IMPLY) ||
			    p->expr->op != E_SYM || p->expr->sym != sym)
				continue;
			struct expr self = { E_SYM, nd->sym, NULL, NULL };
			int v = min2(model_expr_value(m, val, &self),
				     model_expr_value(m, val, p->cond));
			v = min2(v, model_node_dep_value(m, val, n));
			int role = p->kind == P_SELECT ? WHY_SELECT : WHY_IMPLY;
			if (line_add(w, role, n, p, nd->sym, v))
				return -1;
			if (role == WHY_SELECT)
				w->rev = max2(w->rev, v);
			else
				w->weak = max2(w->weak, v);
		}
	}
	return 0;
}

/* A value's text as a tristate: n, m, y. */
static int tri_text(const char *v)
{
	return v && !strcmp(v, "y") ? 2 : v && !strcmp(v, "m") ? 1 : 0;
}

int model_why(const struct model *m, const char *const *val,
	      const char *user, uint32_t sym, struct model_why *w)
{
	assert(sym < m->nsyms);
	const struct sym *y = &m->syms[sym];
	int tri = y->type == SYM_BOOL || y->type == SYM_TRISTATE;
	int dflt_found = 0;

	memset(w, 0, sizeof(*w));
	w->sym = sym;
	w->value = val[sym];
	w->user = user;
	w->vis = model_sym_visibility(m, val, sym);
	for (uint32_t k = 0; k < y->nnodes; k++) {
		uint32_t n = y->nodes[k];
		const struct node *nd = &m->nodes[n];
		w->dep = max2(w->dep, model_node_dep_value(m, val, n));
		for (uint32_t i = 0; i < nd->nprops; i++) {
			const struct prop *p = &nd->props[i];
			if (p->kind == P_PROMPT &&
			    line_add(w, WHY_PROMPT, n, p, MODEL_NONE,
				     model_prompt_value(m, val, n, i)))
				goto oom;
		}
		if (depends_lines(m, val, n, w))
			goto oom;
	}
	/* defaults and ranges: each with its condition and the dependency
	 * of its definition; the first applicable one applies */
	int first_range = 0;
	for (uint32_t k = 0; k < y->nnodes; k++) {
		uint32_t n = y->nodes[k];
		const struct node *nd = &m->nodes[n];
		int dep = model_node_dep_value(m, val, n);
		for (uint32_t i = 0; i < nd->nprops; i++) {
			const struct prop *p = &nd->props[i];
			if (p->kind != P_DEFAULT && p->kind != P_RANGE)
				continue;
			int c = min2(model_expr_value(m, val, p->cond), dep);
			int role = p->kind == P_DEFAULT ? WHY_DEFAULT
							: WHY_RANGE;
			if (line_add(w, role, n, p, MODEL_NONE, c))
				goto oom;
			int *found = role == WHY_DEFAULT ? &dflt_found
							 : &first_range;
			if (c && !*found) {
				w->v[w->n - 1].applies = 1;
				*found = 1;
				if (role == WHY_DEFAULT)
					w->dflt = min2(model_expr_value(
						m, val, p->expr), c);
			}
		}
	}
	if (reverse_lines(m, val, sym, w))
		goto oom;
	if (y->flags & SYMF_CHOICE_MEMBER) {
		w->source = WHY_FROM_CHOICE;
		w->computed = tri_text(val[sym]);
		return 0;
	}
	if (!tri) {
		/* a user value outside the range that applies is dropped */
		w->source = w->vis && user && val[sym] &&
					    !strcmp(user, val[sym])
				    ? WHY_FROM_USER
			    : dflt_found ? WHY_FROM_DEFAULT : WHY_FROM_NONE;
		return 0;
	}
	/* symbol.c's sym_calc_value() */
	int v;
	if (w->vis && user) {
		v = min2(tri_text(user), w->vis);
		w->source = WHY_FROM_USER;
	} else {
		v = dflt_found ? w->dflt : 0;
		w->source = dflt_found && v ? WHY_FROM_DEFAULT : WHY_FROM_NONE;
		if (w->weak) {
			int with = min2(max2(v, w->weak), w->dep);
			if (with > v)
				w->source = WHY_FROM_IMPLY;
			v = with;
		}
	}
	if (w->rev > v) {
		v = w->rev;
		w->source = WHY_FROM_SELECT;
	}
	int modules = m->modules_sym != MODEL_NONE &&
		      tri_text(val[m->modules_sym]) == 2;
	if (v == 1 && (y->type == SYM_BOOL || !modules))
		v = 2;
	w->computed = v;
	return 0;
oom:
	model_why_free(w);
	return -1;
}

void model_why_free(struct model_why *w)
{
	free(w->v);
	memset(w, 0, sizeof(*w));
}
