/*
 * encode.c - the Kconfig side of the formula: symbols, expressions, the
 * lines and nodes that carry them, what selects or implies a symbol, and
 * choices (see sat.h for what is encoded and why it is sound).
 */
#include "sat_impl.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

int sym_is_tri(const struct model *m, uint32_t i)
{
	assert(i < m->nsyms);
	const struct sym *y = &m->syms[i];
	return !(y->flags & (SYMF_CONST | SYMF_CHOICE)) && y->nnodes &&
	       (y->type == SYM_BOOL || y->type == SYM_TRISTATE);
}

/* The value variables of a bool/tristate symbol. */
struct lit2 sym_lit(struct sat *s, uint32_t i)
{
	assert(sym_is_tri(s->m, i));
	/* What is encoded reads only what the cone took in. */
	assert(s->in[i]);
	if (!s->sym[i].m) {
		s->sym[i].m = var_new(s);
		if (s->m->syms[i].type == SYM_TRISTATE) {
			s->sym[i].y = var_new(s);
			int save = s->cur;
			s->cur = 0;
			clause_add2(s, -s->sym[i].y, s->sym[i].m);
			s->cur = save;
		} else {
			s->sym[i].y = s->sym[i].m;
		}
	}
	return s->sym[i];
}

struct lit2 expr_encode(struct sat *s, const struct expr *e)
{
	if (!e)
		return l2_const(s, 2);
	switch (e->op) {
	case E_SYM: {
		assert(e->sym < s->m->nsyms);
		const struct sym *y = &s->m->syms[e->sym];
		if (e->sym == MODEL_SYM_N)
			return l2_const(s, 0);
		if (e->sym == MODEL_SYM_M)
			return l2_const(s, 1);
		if (e->sym == MODEL_SYM_Y)
			return l2_const(s, 2);
		if (y->flags & SYMF_CHOICE) {
			if (!s->free_sym[e->sym])
				s->free_sym[e->sym] = var_new(s);
			return l2_bool(s->free_sym[e->sym]);
		}
		if (!sym_is_tri(s->m, e->sym))
			return l2_const(s, 0);
		return sym_lit(s, e->sym);
	}
	case E_NOT:
		return l2_not(expr_encode(s, e->l));
	case E_AND:
		return l2_and(s, expr_encode(s, e->l), expr_encode(s, e->r));
	case E_OR:
		return l2_or(s, expr_encode(s, e->l), expr_encode(s, e->r));
	default:
		assert(e->op >= E_EQ && e->op <= E_GE);
		return l2_bool(cmp_encode(s, e));
	}
}

/* ---- lines, nodes ------------------------------------------------------- */

static uint32_t node_owner(const struct sat *s, uint32_t node)
{
	assert(node < s->m->nnodes);
	const struct node *n = &s->m->nodes[node];
	return n->kind == NODE_SYM || n->kind == NODE_CHOICE ? n->sym
							     : MODEL_NONE;
}

/* Where property i of node sits in the per-property arrays. */
static uint32_t prop_index(const struct sat *s, uint32_t node, uint32_t i)
{
	assert(node < s->m->nnodes);
	assert(i < s->m->nodes[node].nprops);
	return s->prop_base[node] + i;
}

uint32_t prop_group(struct sat *s, uint32_t node, uint32_t i)
{
	uint32_t k = prop_index(s, node, i);
	if (s->prop_group[k] == MODEL_NONE) {
		const struct prop *p = &s->m->nodes[node].props[i];
		s->prop_group[k] = group_new(s, SATG_LINE, node_owner(s, node),
					     p->loc, p);
	}
	return s->prop_group[k];
}

/* A property's own condition (y when it has none), tied by its line. */
struct lit2 prop_cond(struct sat *s, uint32_t node, uint32_t i)
{
	uint32_t k = prop_index(s, node, i);
	if (!(s->prop_done[k] & 1)) {
		const struct prop *p = &s->m->nodes[node].props[i];
		const struct expr *c = p->kind == P_DEPENDS ||
				       p->kind == P_VISIBLE ? p->expr : p->cond;
		s->prop_aux[k] = group_tie(s, prop_group(s, node, i),
					   expr_encode(s, c));
		s->prop_done[k] |= 1;
	}
	return s->prop_aux[k];
}

/* A default's value, tied by its line. */
static struct lit2 prop_value(struct sat *s, uint32_t node, uint32_t i)
{
	uint32_t k = prop_index(s, node, i);
	if (!(s->prop_done[k] & 2)) {
		const struct prop *p = &s->m->nodes[node].props[i];
		assert(p->kind == P_DEFAULT);
		s->prop_val[k] = group_tie(s, prop_group(s, node, i),
					   expr_encode(s, p->expr));
		s->prop_done[k] |= 2;
	}
	return s->prop_val[k];
}

/*
 * A node's dependency: its own 'depends on' lines and those of every
 * enclosing if, menu and choice.
 */
struct lit2 node_dep(struct sat *s, uint32_t n)
{
	assert(n < s->m->nnodes);
	if (s->dep_done[n])
		return s->dep[n];
	const struct node *nd = &s->m->nodes[n];
	struct lit2 d = nd->parent == MODEL_NONE ? l2_const(s, 2)
						 : node_dep(s, nd->parent);
	for (uint32_t i = 0; i < nd->nprops; i++)
		if (nd->props[i].kind == P_DEPENDS)
			d = l2_and(s, d, prop_cond(s, n, i));
	s->dep[n] = d;
	s->dep_done[n] = 1;
	return d;
}

struct lit2 sym_dir_dep(struct sat *s, uint32_t sym)
{
	const struct sym *y = &s->m->syms[sym];
	struct lit2 d = l2_const(s, 0);
	int any = 0;
	for (uint32_t k = 0; k < y->nnodes; k++)
		if (model_node_has_dep(s->m, y->nodes[k])) {
			d = l2_or(s, d, node_dep(s, y->nodes[k]));
			any = 1;
		}
	return any ? d : l2_const(s, 2);
}

/* The 'visible if' lines of the menus enclosing node n (and n itself). */
static struct lit2 node_pvis(struct sat *s, uint32_t n)
{
	assert(n < s->m->nnodes);
	if (s->pvis_done[n])
		return s->pvis[n];
	const struct node *nd = &s->m->nodes[n];
	struct lit2 v = nd->parent == MODEL_NONE ? l2_const(s, 2)
						 : node_pvis(s, nd->parent);
	for (uint32_t i = 0; i < nd->nprops; i++)
		if (nd->props[i].kind == P_VISIBLE)
			v = l2_and(s, v, prop_cond(s, n, i));
	s->pvis[n] = v;
	s->pvis_done[n] = 1;
	return v;
}

/* The visibility of a symbol or choice: the OR of its prompts. */
struct lit2 sym_vis(struct sat *s, uint32_t i)
{
	assert(i < s->m->nsyms);
	const struct sym *y = &s->m->syms[i];
	struct lit2 v = l2_const(s, 0);
	for (uint32_t k = 0; k < y->nnodes; k++) {
		uint32_t n = y->nodes[k];
		const struct node *nd = &s->m->nodes[n];
		for (uint32_t p = 0; p < nd->nprops; p++) {
			if (nd->props[p].kind != P_PROMPT)
				continue;
			struct lit2 pv = l2_and(s, prop_cond(s, n, p),
						node_dep(s, n));
			v = l2_or(s, v, l2_and(s, pv, node_pvis(s, n)));
		}
	}
	return v;
}

static void contrib_add(struct sat *s, struct contrib *c, struct lit2 v)
{
	if (!sat_grow(s, &c->v, &c->cap, (size_t)c->n + 1, sizeof(*c->v)))
		c->v[c->n++] = v;
}

static struct lit2 contrib_or(struct sat *s, const struct contrib *c)
{
	struct lit2 r = l2_const(s, 0);
	for (uint32_t i = 0; i < c->n; i++)
		r = l2_or(s, r, c->v[i]);
	return r;
}

/* Every select and imply line, credited to its target. */
void encode_reverse(struct sat *s)
{
	struct model *m = s->m;
	for (uint32_t n = 0; n < m->nnodes; n++) {
		const struct node *nd = &m->nodes[n];
		if (nd->kind != NODE_SYM || !sym_is_tri(m, nd->sym))
			continue;
		for (uint32_t i = 0; i < nd->nprops; i++) {
			const struct prop *p = &nd->props[i];
			if (p->kind != P_SELECT && p->kind != P_IMPLY)
				continue;
			/* only what an encoded symbol's bounds read: a
			 * free input's selectors may be out of the cone */
			if (p->expr->op != E_SYM ||
			    !sym_is_tri(m, p->expr->sym) ||
			    s->in[p->expr->sym] != 1)
				continue;
			struct lit2 r = l2_and(s, sym_lit(s, nd->sym),
					       prop_cond(s, n, i));
			r = l2_and(s, r, node_dep(s, n));
			contrib_add(s, p->kind == P_SELECT
					       ? &s->rev[p->expr->sym]
					       : &s->imp[p->expr->sym], r);
		}
	}
}

/* How symbol i's value follows from the rest (see sat.h). */
void encode_symbol(struct sat *s, uint32_t i)
{
	struct model *m = s->m;
	const struct sym *y = &m->syms[i];
	struct lit2 v = sym_lit(s, i);
	int tri = y->type == SYM_TRISTATE;

	assert(s->cur == 0); /* no group is being written */
	/* a transitional symbol is set by the .config; an unrecorded probe's
	 * answer is either: both free inputs */
	if (y->flags & (SYMF_TRANSITIONAL | SYMF_PROBE))
		return;
	struct lit2 vis = sym_vis(s, i);
	struct lit2 rev = contrib_or(s, &s->rev[i]);
	struct lit2 imp = contrib_or(s, &s->imp[i]);
	struct lit2 dep = sym_dir_dep(s, i);
	struct lit2 dv = l2_const(s, 0);
	int before = -s->T;

	for (uint32_t k = 0; k < y->nnodes; k++) {
		uint32_t n = y->nodes[k];
		const struct node *nd = &m->nodes[n];
		struct lit2 nd_dep = node_dep(s, n);
		for (uint32_t p = 0; p < nd->nprops; p++) {
			if (nd->props[p].kind != P_DEFAULT)
				continue;
			struct lit2 c = l2_and(s, prop_cond(s, n, p), nd_dep);
			struct lit2 e = prop_value(s, n, p);
			int first = gate_and(s, c.m, -before);
			before = gate_or(s, before, c.m);
			struct lit2 val = l2_and(s, e, c);
			dv.m = gate_or(s, dv.m, gate_and(s, first, val.m));
			dv.y = gate_or(s, dv.y, gate_and(s, first, val.y));
		}
	}

	s->cur = group_selector(s, s->def_group[i]);
	if (y->choice != MODEL_NONE) {
		/* Members: see encode_choice(). */
		s->cur = 0;
		return;
	}
	int imp_m = gate_and(s, imp.m, dep.m);
	/* Upper bounds. */
	int up_m[4] = {-v.m, rev.m, vis.m, dv.m};
	int lm[5] = {up_m[0], up_m[1], up_m[2], up_m[3], imp_m};
	clause_add(s, lm, 5);
	if (tri) {
		int nomod = s->modules ? -s->modules : s->T;
		int ly[6] = {-v.y, rev.y, vis.y, dv.y, imp.y, nomod};
		clause_add(s, ly, 6);
	}
	/* Lower bounds: selects always; defaults and implies when invisible. */
	clause_add2(s, -rev.m, v.m);
	clause_add3(s, vis.m, -dv.m, v.m);
	clause_add3(s, vis.m, -imp_m, v.m);
	if (tri) {
		clause_add2(s, -rev.y, v.y);
		clause_add3(s, vis.m, -dv.y, v.y);
		int l[4] = {vis.m, -imp.y, -dep.y, v.y};
		clause_add(s, l, 4);
		/* m is promoted to y when implied y (sym_calc_value()),
		 * visible or not, whatever the dependencies */
		clause_add3(s, -v.m, -imp.y, v.y);
	}
	s->cur = 0;
	/* m needs the modules switch. */
	if (tri)
		clause_add3(s, -v.m, v.y, s->modules ? s->modules : -s->T);
}

/* A choice: members only when visible, at most one y, one when visible. */
void encode_choice(struct sat *s, uint32_t c)
{
	struct model *m = s->m;
	const struct sym *ch = &m->syms[c];
	uint32_t k = ch->nmembers;
	assert(ch->flags & SYMF_CHOICE);
	assert(s->cur == 0); /* no group is being written */
	int *mem = sat_calloc(s, k + 1, sizeof(int));
	int *vis = sat_calloc(s, k + 1, sizeof(int));
	uint32_t n = 0;
	if (!mem || !vis)
		goto done;
	for (uint32_t i = 0; i < k; i++) {
		uint32_t sy = ch->members[i];
		if (!sym_is_tri(m, sy) ||
		    (m->syms[sy].flags & SYMF_TRANSITIONAL))
			continue;
		struct lit2 v = sym_lit(s, sy);
		struct lit2 w = sym_vis(s, sy);
		s->cur = group_selector(s, s->def_group[c]);
		clause_add2(s, -v.m, w.m);
		s->cur = 0;
		mem[n] = v.y;
		vis[n] = w.m;
		n++;
	}
	s->cur = group_selector(s, s->def_group[c]);
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t j = i + 1; j < n; j++)
			clause_add2(s, -mem[i], -mem[j]);
	if (ch->type == SYM_BOOL && !(ch->flags & SYMF_OPTIONAL) && n) {
		struct lit2 cv = sym_vis(s, c);
		int some = -s->T;
		for (uint32_t i = 0; i < n; i++)
			some = gate_or(s, some, vis[i]);
		int *l = sat_calloc(s, n + 2, sizeof(int));
		if (!l)
			goto done;
		l[0] = -cv.m;
		l[1] = -some;
		memcpy(l + 2, mem, n * sizeof(int));
		clause_add(s, l, (int)n + 2);
		free(l);
	}
done:
	s->cur = 0;
	free(mem);
	free(vis);
}
