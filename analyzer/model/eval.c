/*
 * eval.c - expressions and visibilities under one configuration's values,
 * as kconfiglib's expr_value() and _visibility() compute them (the
 * kernel's expr_calc_value() and sym_calc_visibility()): what a rule reads
 * of a .config the Kconfig engine has evaluated.
 */
#include "model.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Symbol sym's value as text: its value in val, else its name (a
 * constant's, an undefined symbol's, as kconfiglib's str_value). */
static const char *str_of(const struct model *m, const char *const *val,
			  uint32_t sym)
{
	assert(sym < m->nsyms);
	return val[sym] ? val[sym] : m->syms[sym].name;
}

static int tri_text(const char *v)
{
	return !strcmp(v, "y") ? 2 : !strcmp(v, "m") ? 1 : 0;
}

/* A bool/tristate value as kconfiglib's tri_value: n, m, y constants and
 * bool/tristate symbols their value, anything else n. */
static int tri_of(const struct model *m, const char *const *val, uint32_t sym)
{
	const struct sym *y = &m->syms[sym];
	if (sym <= MODEL_SYM_Y)
		return (int)sym;
	if (y->type != SYM_BOOL && y->type != SYM_TRISTATE)
		return 0;
	return tri_text(str_of(m, val, sym));
}

/*
 * Python's int(text, base), the number kconfiglib's _sym_to_num takes
 * (base 0: 0x, 0o, 0b prefixes, decimals without a leading zero). 0 with
 * *out set, or -1 when text is not such a number.
 */
static int parse_num(const char *text, int base, long long *out)
{
	const char *p = text;
	int neg = 0;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (base == 0 || base == 16) {
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
			p += 2;
			base = 16;
		} else if (base == 0 && p[0] == '0' &&
			   (p[1] == 'o' || p[1] == 'O')) {
			p += 2;
			base = 8;
		} else if (base == 0 && p[0] == '0' &&
			   (p[1] == 'b' || p[1] == 'B')) {
			p += 2;
			base = 2;
		} else if (base == 0) {
			if (p[0] == '0' && isdigit((unsigned char)p[1]))
				return -1;
			base = 10;
		}
	}
	if (!isalnum((unsigned char)*p))
		return -1;
	char *end;
	errno = 0;
	long long v = strtoll(p, &end, base);
	while (isspace((unsigned char)*end))
		end++;
	if (*end || errno)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

/* kconfiglib's _sym_to_num: 0 with *out set, or -1 (not a number). */
static int num_of(const struct model *m, const char *const *val, uint32_t sym,
		  long long *out)
{
	const struct sym *y = &m->syms[sym];
	if (sym <= MODEL_SYM_Y || y->type == SYM_BOOL ||
	    y->type == SYM_TRISTATE) {
		*out = tri_of(m, val, sym);
		return 0;
	}
	int base = y->type == SYM_HEX ? 16 : y->type == SYM_INT ? 10 : 0;
	return parse_num(str_of(m, val, sym), base, out);
}

static int compare(const struct model *m, const char *const *val,
		   const struct expr *e)
{
	uint32_t a = e->l->sym, b = e->r->sym;
	long long x, y;
	int c;
	if (m->syms[a].type == SYM_STRING && m->syms[b].type == SYM_STRING)
		c = strcmp(str_of(m, val, a), str_of(m, val, b));
	else if (!num_of(m, val, a, &x) && !num_of(m, val, b, &y))
		c = (x > y) - (x < y);
	else
		c = strcmp(str_of(m, val, a), str_of(m, val, b));
	switch (e->op) {
	case E_EQ:
		return 2 * (c == 0);
	case E_NE:
		return 2 * (c != 0);
	case E_LT:
		return 2 * (c < 0);
	case E_LE:
		return 2 * (c <= 0);
	case E_GT:
		return 2 * (c > 0);
	default:
		return 2 * (c >= 0);
	}
}

int model_expr_value(const struct model *m, const char *const *val,
		     const struct expr *e)
{
	int l, r;
	if (!e)
		return 2;
	switch (e->op) {
	case E_SYM:
		return tri_of(m, val, e->sym);
	case E_NOT:
		return 2 - model_expr_value(m, val, e->l);
	case E_AND:
		l = model_expr_value(m, val, e->l);
		r = model_expr_value(m, val, e->r);
		return l < r ? l : r;
	case E_OR:
		l = model_expr_value(m, val, e->l);
		r = model_expr_value(m, val, e->r);
		return l > r ? l : r;
	default:
		assert(e->op >= E_EQ && e->op <= E_GE);
		return compare(m, val, e);
	}
}

static int min2(int a, int b)
{
	return a < b ? a : b;
}

/* The least value of the kind lines (P_DEPENDS, P_VISIBLE) of node and
 * every enclosing node, from v down. */
static int least_up(const struct model *m, const char *const *val,
		    uint32_t node, int kind, int v)
{
	for (uint32_t n = node; n != MODEL_NONE && v; n = m->nodes[n].parent) {
		const struct node *nd = &m->nodes[n];
		for (uint32_t i = 0; i < nd->nprops; i++)
			if (nd->props[i].kind == kind)
				v = min2(v, model_expr_value(m, val,
							     nd->props[i].expr));
	}
	return v;
}

int model_node_dep_value(const struct model *m, const char *const *val,
			 uint32_t node)
{
	return least_up(m, val, node, P_DEPENDS, 2);
}

int model_prompt_value(const struct model *m, const char *const *val,
		       uint32_t node, uint32_t prop)
{
	const struct node *nd = &m->nodes[node];
	assert(prop < nd->nprops && nd->props[prop].kind == P_PROMPT);
	int v = min2(model_expr_value(m, val, nd->props[prop].cond),
		     model_node_dep_value(m, val, node));
	/* the 'visible if' of every enclosing menu */
	return least_up(m, val, node, P_VISIBLE, v);
}

int model_sym_visibility(const struct model *m, const char *const *val,
			 uint32_t sym)
{
	assert(sym < m->nsyms);
	const struct sym *y = &m->syms[sym];
	int vis = 0;
	for (uint32_t k = 0; k < y->nnodes; k++) {
		uint32_t n = y->nodes[k];
		for (uint32_t p = 0; p < m->nodes[n].nprops; p++) {
			if (m->nodes[n].props[p].kind != P_PROMPT)
				continue;
			int v = model_prompt_value(m, val, n, p);
			vis = vis > v ? vis : v;
		}
	}
	/* m promoted to y for what is not a tristate, or is one with the
	 * modules switch off (kconfiglib's sym.type then BOOL) */
	int modules = m->modules_sym != MODEL_NONE &&
		      tri_of(m, val, m->modules_sym) == 2;
	if (vis == 1 && (y->type != SYM_TRISTATE || !modules))
		return 2;
	return vis;
}
