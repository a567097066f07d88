/*
 * unmet.c - the literals of a select above its target's dependencies
 * (sat_unmet.h), made of the formula's own: the selector's contribution
 * as encode_reverse() credits it, and the target's direct dependencies.
 */
#include "sat_impl.h"
#include "sat_unmet.h"

#include <assert.h>

/* Whether sym is a bool/tristate symbol the formula has. */
static int encoded(const struct sat *s, uint32_t sym)
{
	return sym < s->m->nsyms && sym_is_tri(s->m, sym) && s->in[sym] &&
	       !(s->m->syms[sym].flags & SYMF_TRANSITIONAL);
}

int sat_direct_dep(struct sat *s, uint32_t sym, int *m, int *y)
{
	if (!encoded(s, sym))
		return -1;
	struct lit2 d = sym_dir_dep(s, sym);
	*m = d.m;
	*y = d.y;
	return 0;
}

/*
 * What a select gives its target, as the kernel's menu_finalize() credits
 * it: the selector, the select's condition and the dependencies of the
 * selector's definition, those of an enclosing choice too (a member y in
 * a choice whose dependencies are m gives m: kconfiglib 14.1 warns there,
 * the 6.12 conf does not).
 */
static struct lit2 select_value(struct sat *s, uint32_t node, uint32_t prop)
{
	const struct model *m = s->m;
	struct lit2 c = l2_and(s, sym_lit(s, m->nodes[node].sym),
			       prop_cond(s, node, prop));
	for (uint32_t n = node; n != MODEL_NONE; n = m->nodes[n].parent) {
		const struct node *nd = &m->nodes[n];
		for (uint32_t i = 0; i < nd->nprops; i++)
			if (nd->props[i].kind == P_DEPENDS)
				c = l2_and(s, c, prop_cond(s, n, i));
	}
	return c;
}

int sat_select_exceeds(struct sat *s, uint32_t node, uint32_t prop, int *lit)
{
	const struct model *m = s->m;
	assert(node < m->nnodes);
	const struct node *nd = &m->nodes[node];
	assert(prop < nd->nprops);
	const struct prop *p = &nd->props[prop];
	if (nd->kind != NODE_SYM || p->kind != P_SELECT ||
	    p->expr->op != E_SYM || !encoded(s, nd->sym) ||
	    !encoded(s, p->expr->sym) ||
	    (m->syms[p->expr->sym].flags & SYMF_CHOICE_MEMBER))
		return -1;
	assert(s->cur == 0); /* definitions, in no group */
	struct lit2 c = select_value(s, node, prop);
	struct lit2 d = sym_dir_dep(s, p->expr->sym);
	/* conf takes a bool's dependencies (and selects) at m as y
	 * (sym_calc_visibility()): a bool target is unmet only at n */
	if (m->syms[p->expr->sym].type == SYM_BOOL)
		*lit = gate_and(s, c.m, -d.m);
	else
		*lit = gate_or(s, gate_and(s, c.m, -d.m),
			       gate_and(s, c.y, -d.y));
	/* the constant false: the target has no dependency to break, or the
	 * selector's own imply the target's (folded here, not solved) */
	return *lit == -s->T ? 0 : 1;
}
