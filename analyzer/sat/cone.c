/*
 * cone.c - the cone of influence: which symbols can reach the values of
 * the roots, so that only they are encoded.
 */
#include "sat_impl.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/*
 * Only symbols whose value can reach the roots' values are encoded: what
 * their dependencies, prompts, defaults and comparisons read, what selects
 * or implies them and under which condition, their choice and its members,
 * again and again. Leaving the rest out drops constraints only, so the
 * formula still over-approximates, and it is smaller by an order of
 * magnitude for a typical question.
 */
struct cone {
	const struct model *m;   /* the model */
	uint8_t *in;             /* per symbol: in the cone (the sat's) */
	uint32_t *queue, nq;     /* symbols taken in, and how many; each
				    once, so nq <= nsyms */
	uint32_t *rev_start;     /* CSR: per target symbol, its select and */
	uint32_t *rev_node;      /* imply lines as (node, property) pairs */
	uint32_t *rev_prop;      /* (the property of rev_node's entry) */
};

static void cone_mark(struct cone *c, uint32_t sym)
{
	if (sym < c->m->nsyms && !c->in[sym] &&
	    !(c->m->syms[sym].flags & SYMF_CONST)) {
		c->in[sym] = 1;
		c->queue[c->nq++] = sym;
		assert(c->nq <= c->m->nsyms);
	}
}

static int cone_leaf(uint32_t sym, void *arg)
{
	cone_mark(arg, sym);
	return 0;
}

static void cone_expr(struct cone *c, const struct expr *e)
{
	if (e)
		model_expr_walk(c->m, e, cone_leaf, c);
}

/* What a node's dependency and prompt visibility read. */
static void cone_node_deps(struct cone *c, uint32_t n)
{
	for (; n != MODEL_NONE; n = c->m->nodes[n].parent) {
		const struct node *nd = &c->m->nodes[n];
		if (nd->kind == NODE_CHOICE)
			cone_mark(c, nd->sym);
		for (uint32_t i = 0; i < nd->nprops; i++)
			if (nd->props[i].kind == P_DEPENDS ||
			    nd->props[i].kind == P_VISIBLE)
				cone_expr(c, nd->props[i].expr);
	}
}

static void cone_symbol(struct cone *c, uint32_t sym)
{
	const struct model *m = c->m;
	assert(sym < m->nsyms && c->in[sym]);
	const struct sym *y = &m->syms[sym];
	for (uint32_t k = 0; k < y->nnodes; k++) {
		uint32_t n = y->nodes[k];
		const struct node *nd = &m->nodes[n];
		cone_node_deps(c, n);
		for (uint32_t i = 0; i < nd->nprops; i++) {
			const struct prop *p = &nd->props[i];
			if (p->kind == P_PROMPT || p->kind == P_DEFAULT) {
				cone_expr(c, p->cond);
				if (p->kind == P_DEFAULT)
					cone_expr(c, p->expr);
			}
		}
	}
	for (uint32_t r = c->rev_start[sym]; r < c->rev_start[sym + 1]; r++) {
		uint32_t n = c->rev_node[r];
		const struct prop *p = &m->nodes[n].props[c->rev_prop[r]];
		cone_mark(c, m->nodes[n].sym);
		cone_expr(c, p->cond);
		cone_node_deps(c, n);
	}
	if (y->choice != MODEL_NONE)
		cone_mark(c, y->choice);
	for (uint32_t k = 0; k < y->nmembers; k++)
		cone_mark(c, y->members[k]);
}

/*
 * Fills s->in with the cone of roots (every symbol when roots is NULL):
 * 1 for a symbol encoded, 2 for one reached only past depth steps from
 * the roots (depth 0: no bound), a free input of the formula. Leaving a
 * symbol's constraints out is sound (the formula over-approximates all
 * the more); every symbol encoded still has each of its selectors, read
 * or free. Returns 0, or -1 with s marked failed.
 */
int cone_compute(struct sat *s, const uint32_t *roots, size_t nroots,
		 unsigned depth)
{
	const struct model *m = s->m;
	struct cone c = { .m = m, .in = s->in };
	if (!roots) {
		memset(s->in, 1, m->nsyms);
		return 0;
	}
	c.queue = sat_calloc(s, m->nsyms + 1, sizeof(*c.queue));
	c.rev_start = sat_calloc(s, m->nsyms + 2, sizeof(*c.rev_start));
	uint32_t total = 0;
	for (int pass = 0; pass < 2 && c.queue && c.rev_start; pass++) {
		/* pass 0 counts lines per target, pass 1 files them */
		uint32_t *fill = NULL;
		if (pass == 1) {
			for (uint32_t i = 0; i < m->nsyms; i++)
				c.rev_start[i + 1] += c.rev_start[i];
			total = c.rev_start[m->nsyms];
			c.rev_node = sat_calloc(s, total + 1,
						sizeof(*c.rev_node));
			c.rev_prop = sat_calloc(s, total + 1,
						sizeof(*c.rev_prop));
			fill = sat_calloc(s, m->nsyms + 1, sizeof(*fill));
			if (!c.rev_node || !c.rev_prop || !fill) {
				free(fill);
				break;
			}
		}
		for (uint32_t n = 0; n < m->nnodes; n++) {
			const struct node *nd = &m->nodes[n];
			if (nd->kind != NODE_SYM)
				continue;
			for (uint32_t i = 0; i < nd->nprops; i++) {
				const struct prop *p = &nd->props[i];
				if ((p->kind != P_SELECT && p->kind != P_IMPLY) ||
				    p->expr->op != E_SYM)
					continue;
				uint32_t t = p->expr->sym;
				assert(t < m->nsyms);
				if (pass == 0) {
					c.rev_start[t + 1]++;
				} else {
					uint32_t at = c.rev_start[t] + fill[t]++;
					assert(at < c.rev_start[t + 1]);
					c.rev_node[at] = n;
					c.rev_prop[at] = i;
				}
			}
		}
		free(fill);
	}
	int ok = !s->oom; /* every allocation above succeeded, fill's too */
	if (ok) {
		if (m->modules_sym != MODEL_NONE)
			cone_mark(&c, m->modules_sym);
		for (size_t i = 0; i < nroots; i++)
			cone_mark(&c, roots[i]);
		/* breadth first, a level at a time: what is reached past
		 * depth is taken in as a free input (2), not expanded */
		uint32_t end = c.nq;
		unsigned level = 0;
		for (uint32_t q = 0; q < c.nq; q++) {
			if (q == end) {
				level++;
				end = c.nq;
			}
			/* a choice and its members stay whole: the choice's
			 * clauses read each member's visibility */
			if (depth && level >= depth &&
			    !(m->syms[c.queue[q]].flags &
			      (SYMF_CHOICE | SYMF_CHOICE_MEMBER))) {
				c.in[c.queue[q]] = 2;
				continue;
			}
			cone_symbol(&c, c.queue[q]);
		}
	}
	free(c.queue);
	free(c.rev_start);
	free(c.rev_node);
	free(c.rev_prop);
	return ok ? 0 : -1;
}
