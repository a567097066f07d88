/*
 * edges.c - the edges of the graph, derived from nodes and properties as
 * the kernel's sym_check_deps() walks them, and the constant folding that
 * removes a node's dependencies under a failing probe. libc only.
 */
#include "model.h"
#include "error.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

struct edge_buf {
	struct edge *v;    /* edges so far */
	uint32_t n, cap;   /* count and capacity */
	uint32_t from;     /* the symbol being described */
	uint8_t kind;      /* the kind of the next edges */
	struct loc loc;    /* the line of the next edges */
	int oom;           /* an allocation failed */
};

static int edge_add_cb(uint32_t to, void *arg)
{
	struct edge_buf *b = arg;
	if (b->n == b->cap) {
		uint32_t cap = b->cap ? b->cap * 2 : 4096;
		struct edge *v = realloc(b->v, sizeof(*v) * cap);
		if (!v) {
			b->oom = 1;
			return 1;
		}
		b->v = v;
		b->cap = cap;
	}
	b->v[b->n++] = (struct edge){ b->from, to, b->kind, b->loc };
	return 0;
}

/*
 * Constant folding as the kernel's menu_finalize() does it
 * (expr_eliminate_yn): the value an expression folds to, MODEL_SYM_N or
 * MODEL_SYM_Y, or -1 when it is not constant. 'depends on $(success,...)'
 * is 'depends on n' under a toolchain that fails the probe, and folds the
 * node's whole dependency, with every edge in it, away.
 */
static int fold(const struct model *m, const struct expr *e)
{
	int l, r;
	if (!e)
		return MODEL_SYM_Y;
	switch (e->op) {
	case E_SYM:
		return e->sym == MODEL_SYM_N || e->sym == MODEL_SYM_Y ?
			       (int)e->sym : -1;
	case E_NOT:
		l = fold(m, e->l);
		return l < 0 ? -1 : (int)MODEL_SYM_Y - l;
	case E_AND:
		l = fold(m, e->l);
		r = fold(m, e->r);
		if (l == MODEL_SYM_N || r == MODEL_SYM_N)
			return MODEL_SYM_N;
		return l == MODEL_SYM_Y ? r : r == MODEL_SYM_Y ? l : -1;
	case E_OR:
		l = fold(m, e->l);
		r = fold(m, e->r);
		if (l == MODEL_SYM_Y || r == MODEL_SYM_Y)
			return MODEL_SYM_Y;
		return l == MODEL_SYM_N ? r : r == MODEL_SYM_N ? l : -1;
	case E_EQ:
	case E_NE:
		assert(e->l && e->r);
		/* y = n, n != n, ...: both sides tristate constants */
		if (e->l->op == E_SYM && e->r->op == E_SYM &&
		    e->l->sym <= MODEL_SYM_Y && e->r->sym <= MODEL_SYM_Y &&
		    e->l->sym != 1 && e->r->sym != 1)
			return (e->l->sym == e->r->sym) == (e->op == E_EQ) ?
				       (int)MODEL_SYM_Y : (int)MODEL_SYM_N;
		return -1;
	default:
		return -1;
	}
}

int model_expr_fold(const struct model *m, const struct expr *e)
{
	return fold(m, e);
}

struct expr *model_expr_folded(struct model *m, struct expr *e)
{
	int v = fold(m, e);
	if (v >= 0)
		return model_expr_sym(m, (uint32_t)v);
	if (e->op == E_NOT) {
		struct expr *l = model_expr_folded(m, e->l);
		return l == e->l ? e : model_expr_op(m, E_NOT, l, NULL);
	}
	if (e->op != E_AND && e->op != E_OR)
		return e;
	/* the operand that decides nothing goes: A && y -> A, A || n -> A */
	uint32_t unit = e->op == E_AND ? MODEL_SYM_Y : MODEL_SYM_N;
	if (fold(m, e->l) == (int)unit)
		return model_expr_folded(m, e->r);
	if (fold(m, e->r) == (int)unit)
		return model_expr_folded(m, e->l);
	struct expr *l = model_expr_folded(m, e->l);
	struct expr *r = model_expr_folded(m, e->r);
	if (l == e->l && r == e->r)
		return e;
	return model_expr_op(m, e->op, l, r);
}

/* Adds an edge to every symbol left in e once constants are folded. */
static void walk_folded(struct edge_buf *b, const struct model *m,
			const struct expr *e)
{
	if (b->oom || fold(m, e) >= 0)
		return;
	switch (e->op) {
	case E_SYM:
		if (!(m->syms[e->sym].flags & SYMF_CONST))
			edge_add_cb(e->sym, b);
		return;
	case E_NOT:
	case E_AND:
	case E_OR:
		walk_folded(b, m, e->l);
		if (e->r)
			walk_folded(b, m, e->r);
		return;
	default: /* a comparison: both sides, as they are */
		model_expr_walk(m, e, edge_add_cb, b);
	}
}

/* Edges of kind from 'from' to the symbols of e: folded, or as written. */
static void edges_of_expr(struct edge_buf *b, const struct model *m,
			  uint32_t from, int kind, struct loc loc,
			  const struct expr *e, int folded)
{
	b->from = from;
	b->kind = (uint8_t)kind;
	b->loc = loc;
	if (folded)
		walk_folded(b, m, e);
	else
		model_expr_walk(m, e, edge_add_cb, b);
}

const struct prop *model_dead_dep(const struct model *m,
				  const struct node *n)
{
	assert(n >= m->nodes && n < m->nodes + m->nnodes);
	for (;;) {
		for (uint32_t i = 0; i < n->nprops; i++)
			if (n->props[i].kind == P_DEPENDS &&
			    fold(m, n->props[i].expr) == MODEL_SYM_N)
				return &n->props[i];
		if (n->parent == MODEL_NONE)
			return NULL;
		n = &m->nodes[n->parent];
	}
}

/* What the walk over a node's inherited conditions adds edges to. */
struct inherit {
	struct edge_buf *b;      /* the edges */
	const struct model *m;   /* the model */
	uint32_t from;           /* the symbol of the node */
};

/*
 * Edges for one inherited condition (model_inherited_walk): the 'depends
 * on' of an enclosing menu or the condition of an 'if', and the choice
 * block the node is part of.
 */
static int edge_inherited_cb(const struct node *block, const struct prop *dep,
			     void *arg)
{
	struct inherit *in = arg;
	if (dep) {
		edges_of_expr(in->b, in->m, in->from, EDGE_DEPENDS, dep->loc,
			      dep->expr, 1);
	} else if (in->from != block->sym) {
		in->b->from = in->from;
		in->b->kind = EDGE_CHOICE;
		in->b->loc = block->loc;
		edge_add_cb(block->sym, in->b);
	}
	return 0;
}

int model_build_edges(struct model *m)
{
	struct edge_buf b = { 0 };
	if (model_failed(m)) {
		kdep_error_oom();
		return -1;
	}
	/* once, on a linked model (choice members are read below) */
	assert(m->linked && !m->edges);
	for (uint32_t ni = 0; ni < m->nnodes; ni++) {
		const struct node *n = &m->nodes[ni];
		if (n->kind != NODE_SYM && n->kind != NODE_CHOICE)
			continue;
		uint32_t s = n->sym;
		/* A node whose dependency folds to n keeps only what the
		 * kernel walks unfolded: its selects and implies (the
		 * target's reverse dependency names the selector) and the
		 * values of its defaults. */
		int live = !model_dead_dep(m, n);
		for (uint32_t i = 0; i < n->nprops; i++) {
			const struct prop *p = &n->props[i];
			switch (p->kind) {
			case P_DEPENDS:
				if (live)
					edges_of_expr(&b, m, s, EDGE_DEPENDS,
						      p->loc, p->expr, 1);
				break;
			case P_SELECT:
			case P_IMPLY: {
				int sel = p->kind == P_SELECT;
				/* the target of a select is a symbol */
				assert(p->expr && p->expr->op == E_SYM);
				uint32_t t = p->expr->sym;
				b.from = t;
				b.kind = sel ? EDGE_SELECT : EDGE_IMPLY;
				b.loc = p->loc;
				edge_add_cb(s, &b);
				if (live)
					edges_of_expr(&b, m, t,
						      sel ? EDGE_SELECT_IF :
							    EDGE_IMPLY_IF,
						      p->loc, p->cond, 1);
				break;
			}
			case P_DEFAULT:
				edges_of_expr(&b, m, s, EDGE_DEFAULT, p->loc,
					      p->expr, 0);
				if (live)
					edges_of_expr(&b, m, s,
						      EDGE_DEFAULT_IF, p->loc,
						      p->cond, 1);
				break;
			case P_RANGE:
				edges_of_expr(&b, m, s, EDGE_RANGE, p->loc,
					      p->expr, 0);
				edges_of_expr(&b, m, s, EDGE_RANGE, p->loc,
					      p->expr2, 0);
				if (live)
					edges_of_expr(&b, m, s, EDGE_RANGE_IF,
						      p->loc, p->cond, 1);
				break;
			case P_PROMPT:
				if (live)
					edges_of_expr(&b, m, s,
						      EDGE_PROMPT_IF, p->loc,
						      p->cond, 1);
				break;
			default:
				break;
			}
		}
		if (live) {
			struct inherit in = { &b, m, s };
			model_inherited_walk(m, n, edge_inherited_cb, &in);
		}
		if (b.oom)
			break;
	}
	/* A choice block holds each of its members. */
	for (uint32_t i = 0; i < m->nsyms && !b.oom; i++) {
		const struct sym *c = &m->syms[i];
		if (!(c->flags & SYMF_CHOICE) || !c->nnodes)
			continue;
		for (uint32_t j = 0; j < c->nmembers; j++) {
			b.from = i;
			b.kind = EDGE_CHOICE;
			b.loc = m->nodes[c->nodes[0]].loc;
			edge_add_cb(c->members[j], &b);
		}
	}
	if (b.oom) {
		free(b.v);
		kdep_error_oom();
		return -1;
	}
	for (uint32_t i = 0; i < b.n; i++)
		assert(b.v[i].from < m->nsyms && b.v[i].to < m->nsyms &&
		       b.v[i].kind < EDGE_KIND_COUNT &&
		       b.v[i].loc.file < m->nfiles);
	m->edges = model_alloc(m, sizeof(*m->edges) * b.n);
	if (!m->edges) {
		free(b.v);
		return -1;
	}
	if (b.n)
		memcpy(m->edges, b.v, sizeof(*m->edges) * b.n);
	m->nedges = b.n;
	free(b.v);
	return 0;
}
