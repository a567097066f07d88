/*
 * sat.c - the CNF encoding of a model, and the PicoSAT calls (see sat.h for
 * what is encoded and why it is sound). The only includer of picosat.h.
 *
 * Literals are PicoSAT's: a variable index, negated for "not". One
 * variable, T, is true by a unit clause; -T is false. Tristate-valued
 * expressions are pairs (>= m, = y). Definitions of helper variables
 * (Tseitin) belong to no group; every constraint on the model's symbols
 * belongs to one group, switched on by an assumed selector variable, so
 * that PicoSAT can find a minimal set of groups behind an UNSAT answer.
 */
#include "sat.h"
#include "error.h"

#include <ctype.h>
#include <errno.h>
#include <picosat/picosat.h>
#include <stdlib.h>
#include <string.h>

/* A tristate value as two literals: value >= m, value = y. */
struct lit2 {
	int m, y;
};

/* A possible value of a symbol in a comparison, and when it is taken. */
struct cand {
	int lit;            /* holds when the symbol has this value */
	const char *val;    /* the value as text, NULL for unknown */
	int type;           /* enum sym_type the kernel parses it with */
};

struct cands {
	struct cand *v;
	size_t n, cap;
};

/* Select and imply contributions to one target symbol. */
struct contrib {
	struct lit2 *v;
	uint32_t n, cap;
};

/* A comparison and the variable that stands for its truth. */
struct cmp_rec {
	const struct expr *e;
	int x;
};

struct sat {
	PicoSAT *ps;
	struct model *m;
	int T;                   /* the true literal */
	unsigned clauses;
	int cur;                 /* selector of the group being written, or 0 */

	struct lit2 *sym;        /* per symbol: its value (0 = none yet) */
	struct lit2 *dep;        /* per node: its inherited dependency */
	uint8_t *dep_done;
	struct lit2 *pvis;       /* per node: enclosing 'visible if's */
	uint8_t *pvis_done;
	uint32_t *prop_base;     /* per node: index of its first property */
	struct lit2 *prop_aux;   /* per property: its condition, grouped */
	struct lit2 *prop_val;   /* per property: its value, grouped */
	uint8_t *prop_done;
	uint32_t *prop_group;    /* per property: its group, or NONE */
	uint32_t *def_group;     /* per symbol: its definition group */
	struct contrib *rev;     /* per symbol: what selects it */
	struct contrib *imp;     /* per symbol: what implies it */
	int *free_sym;           /* per symbol: a free literal (choices) */
	int modules;             /* modules switch is y */
	uint8_t *in;             /* per symbol: in the cone of the roots */
	struct cmp_rec *cmps;    /* every comparison encoded */
	size_t ncmps, cmpcap;

	struct sat_group *groups;
	int *group_sel;          /* per group: selector variable */
	uint32_t ngroups, gcap;
	uint32_t *group_of_var;  /* per variable: group it selects, or NONE */
	size_t nvar_cap;
};

/* ---- literals and clauses --------------------------------------------- */

static int var_new(struct sat *s)
{
	int v = picosat_inc_max_var(s->ps);
	if ((size_t)v >= s->nvar_cap) {
		size_t cap = s->nvar_cap ? s->nvar_cap * 2 : 1024;
		while (cap <= (size_t)v)
			cap *= 2;
		uint32_t *g = realloc(s->group_of_var, cap * sizeof(*g));
		if (!g) {
			fprintf(stderr, "kdep: error: out of memory\n");
			abort();
		}
		for (size_t i = s->nvar_cap; i < cap; i++)
			g[i] = MODEL_NONE;
		s->group_of_var = g;
		s->nvar_cap = cap;
	}
	return v;
}

/* Adds a clause of n literals, guarded by the current group's selector. */
static void clause_add(struct sat *s, const int *lits, int n)
{
	for (int i = 0; i < n; i++) {
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

static void clause_add2(struct sat *s, int a, int b)
{
	int l[2] = {a, b};
	clause_add(s, l, 2);
}

static void clause_add3(struct sat *s, int a, int b, int c)
{
	int l[3] = {a, b, c};
	clause_add(s, l, 3);
}

/* Tseitin definitions belong to no group. */
static int gate_and(struct sat *s, int a, int b)
{
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

static int gate_or(struct sat *s, int a, int b)
{
	return -gate_and(s, -a, -b);
}

static struct lit2 l2_and(struct sat *s, struct lit2 a, struct lit2 b)
{
	struct lit2 r;
	r.m = gate_and(s, a.m, b.m);
	r.y = (a.m == a.y && b.m == b.y) ? r.m : gate_and(s, a.y, b.y);
	return r;
}

static struct lit2 l2_or(struct sat *s, struct lit2 a, struct lit2 b)
{
	struct lit2 r;
	r.m = gate_or(s, a.m, b.m);
	r.y = (a.m == a.y && b.m == b.y) ? r.m : gate_or(s, a.y, b.y);
	return r;
}

static struct lit2 l2_not(struct lit2 a)
{
	struct lit2 r = {-a.y, -a.m};
	return r;
}

static struct lit2 l2_const(struct sat *s, int tri)
{
	struct lit2 r = {tri >= 1 ? s->T : -s->T, tri == 2 ? s->T : -s->T};
	return r;
}

static struct lit2 l2_bool(int l)
{
	struct lit2 r = {l, l};
	return r;
}

/* ---- groups ------------------------------------------------------------ */

static uint32_t group_new(struct sat *s, int kind, uint32_t sym,
			  struct loc loc, const struct prop *prop)
{
	if (s->ngroups == s->gcap) {
		uint32_t cap = s->gcap ? s->gcap * 2 : 1024;
		struct sat_group *g = realloc(s->groups, cap * sizeof(*g));
		int *sel = realloc(s->group_sel, cap * sizeof(*sel));
		if (!g || !sel) {
			fprintf(stderr, "kdep: error: out of memory\n");
			abort();
		}
		s->groups = g;
		s->group_sel = sel;
		s->gcap = cap;
	}
	uint32_t id = s->ngroups++;
	s->groups[id].kind = (uint8_t)kind;
	s->groups[id].sym = sym;
	s->groups[id].loc = loc;
	s->groups[id].prop = prop;
	s->group_sel[id] = var_new(s);
	s->group_of_var[s->group_sel[id]] = id;
	return id;
}

/*
 * A copy of v that group g's selector ties to v: with the group off, the
 * copy is free, which relaxes every constraint that reads it.
 */
static struct lit2 group_tie(struct sat *s, uint32_t g, struct lit2 v)
{
	int save = s->cur;
	struct lit2 x;
	x.m = var_new(s);
	x.y = v.m == v.y ? x.m : var_new(s);
	s->cur = 0;
	if (x.y != x.m)
		clause_add2(s, -x.y, x.m);
	s->cur = s->group_sel[g];
	clause_add2(s, -x.m, v.m);
	clause_add2(s, x.m, -v.m);
	if (x.y != x.m) {
		clause_add2(s, -x.y, v.y);
		clause_add2(s, x.y, -v.y);
	}
	s->cur = save;
	return x;
}

/* ---- symbols and expressions -------------------------------------------- */

static int sym_is_tri(const struct model *m, uint32_t i)
{
	const struct sym *y = &m->syms[i];
	return !(y->flags & (SYMF_CONST | SYMF_CHOICE)) && y->nnodes &&
	       (y->type == SYM_BOOL || y->type == SYM_TRISTATE);
}

/* The value variables of a bool/tristate symbol. */
static struct lit2 sym_lit(struct sat *s, uint32_t i)
{
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

static struct lit2 expr_encode(struct sat *s, const struct expr *e);

static void cand_add(struct cands *c, int lit, const char *val, int type)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		c->v = realloc(c->v, c->cap * sizeof(*c->v));
		if (!c->v) {
			fprintf(stderr, "kdep: error: out of memory\n");
			abort();
		}
	}
	c->v[c->n].lit = lit;
	c->v[c->n].val = val;
	c->v[c->n].type = type;
	c->n++;
}

static struct lit2 node_dep(struct sat *s, uint32_t n);
static struct lit2 prop_cond(struct sat *s, uint32_t node, uint32_t i);
static struct lit2 prop_value(struct sat *s, uint32_t node, uint32_t i);

/*
 * The possible values of symbol i in a comparison, each with the literal
 * under which it is taken; exactly one holds. depth bounds the chain of
 * defaults that name another symbol.
 */
static void cands_collect(struct sat *s, uint32_t i, int lit, int depth,
			  struct cands *c)
{
	struct model *m = s->m;
	const struct sym *y = &m->syms[i];

	if (y->flags & SYMF_CONST) {
		cand_add(c, lit, y->name, y->type);
		return;
	}
	if (y->flags & SYMF_CHOICE) {
		cand_add(c, lit, NULL, 0);
		return;
	}
	if (!y->nnodes) {
		/* Undefined: the kernel and kconfiglib read its name. */
		cand_add(c, lit, y->name, SYM_UNKNOWN);
		return;
	}
	if (y->type == SYM_BOOL || y->type == SYM_TRISTATE) {
		struct lit2 v = sym_lit(s, i);
		cand_add(c, gate_and(s, lit, -v.m), "n", y->type);
		if (v.y != v.m)
			cand_add(c, gate_and(s, lit, gate_and(s, v.m, -v.y)),
				 "m", y->type);
		cand_add(c, gate_and(s, lit, v.y), "y", y->type);
		return;
	}
	if (y->flags & (SYMF_PROMPT | SYMF_TRANSITIONAL) || depth > 4) {
		cand_add(c, lit, NULL, 0);
		return;
	}
	/* Invisible int/hex/string: its first applicable default. */
	int before = -s->T; /* some earlier default applies */
	for (uint32_t k = 0; k < y->nnodes; k++) {
		const struct node *nd = &m->nodes[y->nodes[k]];
		for (uint32_t p = 0; p < nd->nprops; p++) {
			if (nd->props[p].kind == P_RANGE) {
				cand_add(c, lit, NULL, 0);
				return;
			}
		}
	}
	for (uint32_t k = 0; k < y->nnodes; k++) {
		uint32_t ni = y->nodes[k];
		const struct node *nd = &m->nodes[ni];
		for (uint32_t p = 0; p < nd->nprops; p++) {
			const struct prop *pr = &nd->props[p];
			if (pr->kind != P_DEFAULT)
				continue;
			int applies = gate_and(s, prop_cond(s, ni, p).m,
						node_dep(s, ni).m);
			int first = gate_and(s, lit,
					     gate_and(s, applies, -before));
			before = gate_or(s, before, applies);
			if (first == -s->T)
				continue;
			const struct expr *v = pr->expr;
			if (v->op == E_SYM)
				cands_collect(s, v->sym, first, depth + 1, c);
			else
				cand_add(c, first, NULL, 0);
		}
	}
	cand_add(c, gate_and(s, lit, -before), NULL, 0);
}

/* The kernel's comparison of two values (expr_calc_value()). */
static int val_parse(const char *str, int type, long long *sv,
		     unsigned long long *uv, int *unsig)
{
	char *tail;
	*unsig = 0;
	errno = 0;
	switch (type) {
	case SYM_BOOL:
	case SYM_TRISTATE:
		*sv = !strcmp(str, "n") ? 0 : !strcmp(str, "m") ? 1 :
		      !strcmp(str, "y") ? 2 : -1;
		return 1;
	case SYM_INT:
		*sv = strtoll(str, &tail, 10);
		break;
	case SYM_HEX:
		*uv = strtoull(str, &tail, 16);
		*unsig = 1;
		break;
	default:
		*sv = strtoll(str, &tail, 0);
		break;
	}
	return !errno && !*tail && tail > str &&
	       isxdigit((unsigned char)tail[-1]);
}

static int val_compare(int op, const char *a, int ta, const char *b, int tb)
{
	int res;
	long long sa = 0, sb = 0;
	unsigned long long ua = 0, ub = 0;
	int na = 0, nb = 0, uns_a = 0, uns_b = 0;

	if (ta != SYM_STRING || tb != SYM_STRING) {
		na = val_parse(a, ta, &sa, &ua, &uns_a);
		nb = val_parse(b, tb, &sb, &ub, &uns_b);
	}
	if (!na || !nb) {
		res = strcmp(a, b);
	} else if (uns_a || uns_b) {
		if (!uns_a)
			ua = (unsigned long long)sa;
		if (!uns_b)
			ub = (unsigned long long)sb;
		res = (ua > ub) - (ua < ub);
	} else {
		res = (sa > sb) - (sa < sb);
	}
	switch (op) {
	case E_EQ:
		return res == 0;
	case E_NE:
		return res != 0;
	case E_LT:
		return res < 0;
	case E_LE:
		return res <= 0;
	case E_GT:
		return res > 0;
	default:
		return res >= 0;
	}
}

/* A symbol whose value is fixed text: a constant, or undefined (its name). */
static int sym_fixed(const struct model *m, uint32_t i)
{
	return (m->syms[i].flags & SYMF_CONST) ||
	       (!m->syms[i].nnodes && !(m->syms[i].flags & SYMF_CHOICE));
}

/* The fixed side of comparison e when its other side is t; else NONE. */
static uint32_t cmp_fixed_side(const struct model *m,
			       const struct expr *e, uint32_t t)
{
	if (e->l->sym == t && sym_fixed(m, e->r->sym))
		return e->r->sym;
	if (e->r->sym == t && sym_fixed(m, e->l->sym))
		return e->l->sym;
	return MODEL_NONE;
}

/*
 * Whether comparison e of t with fixed text holds when t has value v;
 * -1 when e is not such a comparison.
 */
static int cmp_holds(const struct model *m, const struct expr *e, uint32_t t,
		     const char *v)
{
	uint32_t o = cmp_fixed_side(m, e, t);
	int type = m->syms[t].type;
	if (o == MODEL_NONE)
		return -1;
	if (e->l->sym == t)
		return val_compare(e->op, v, type, m->syms[o].name,
				   m->syms[o].type);
	return val_compare(e->op, m->syms[o].name, m->syms[o].type, v, type);
}

static int cmp_encode(struct sat *s, const struct expr *e)
{
	struct cands a = {0}, b = {0};
	int x = var_new(s), save = s->cur;

	cands_collect(s, e->l->sym, s->T, 0, &a);
	cands_collect(s, e->r->sym, s->T, 0, &b);
	s->cur = 0;
	for (size_t i = 0; i < a.n; i++) {
		if (!a.v[i].val || a.v[i].lit == -s->T)
			continue;
		for (size_t j = 0; j < b.n; j++) {
			if (!b.v[j].val || b.v[j].lit == -s->T)
				continue;
			int r = val_compare(e->op, a.v[i].val, a.v[i].type,
					    b.v[j].val, b.v[j].type);
			clause_add3(s, -a.v[i].lit, -b.v[j].lit, r ? x : -x);
		}
	}
	s->cur = save;
	free(a.v);
	free(b.v);
	if (s->ncmps == s->cmpcap) {
		s->cmpcap = s->cmpcap ? s->cmpcap * 2 : 64;
		s->cmps = realloc(s->cmps, s->cmpcap * sizeof(*s->cmps));
		if (!s->cmps) {
			fprintf(stderr, "kdep: error: out of memory\n");
			abort();
		}
	}
	s->cmps[s->ncmps].e = e;
	s->cmps[s->ncmps].x = x;
	s->ncmps++;
	return x;
}

static struct lit2 expr_encode(struct sat *s, const struct expr *e)
{
	if (!e)
		return l2_const(s, 2);
	switch (e->op) {
	case E_SYM: {
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
		return l2_bool(cmp_encode(s, e));
	}
}

/* ---- lines, nodes ------------------------------------------------------- */

static uint32_t node_owner(const struct sat *s, uint32_t node)
{
	const struct node *n = &s->m->nodes[node];
	return n->kind == NODE_SYM || n->kind == NODE_CHOICE ? n->sym
							     : MODEL_NONE;
}

static uint32_t prop_group(struct sat *s, uint32_t node, uint32_t i)
{
	uint32_t k = s->prop_base[node] + i;
	if (s->prop_group[k] == MODEL_NONE) {
		const struct prop *p = &s->m->nodes[node].props[i];
		s->prop_group[k] = group_new(s, SATG_LINE, node_owner(s, node),
					     p->loc, p);
	}
	return s->prop_group[k];
}

/* A property's own condition (y when it has none), tied by its line. */
static struct lit2 prop_cond(struct sat *s, uint32_t node, uint32_t i)
{
	uint32_t k = s->prop_base[node] + i;
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
	uint32_t k = s->prop_base[node] + i;
	if (!(s->prop_done[k] & 2)) {
		const struct prop *p = &s->m->nodes[node].props[i];
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
static struct lit2 node_dep(struct sat *s, uint32_t n)
{
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

/* The 'visible if' lines of the menus enclosing node n (and n itself). */
static struct lit2 node_pvis(struct sat *s, uint32_t n)
{
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
static struct lit2 sym_vis(struct sat *s, uint32_t i)
{
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

static void contrib_add(struct contrib *c, struct lit2 v)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 4;
		c->v = realloc(c->v, c->cap * sizeof(*c->v));
		if (!c->v) {
			fprintf(stderr, "kdep: error: out of memory\n");
			abort();
		}
	}
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
static void encode_reverse(struct sat *s)
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
			if (p->expr->op != E_SYM ||
			    !sym_is_tri(m, p->expr->sym) ||
			    !s->in[p->expr->sym])
				continue;
			struct lit2 r = l2_and(s, sym_lit(s, nd->sym),
					       prop_cond(s, n, i));
			r = l2_and(s, r, node_dep(s, n));
			contrib_add(p->kind == P_SELECT ? &s->rev[p->expr->sym]
							: &s->imp[p->expr->sym],
				    r);
		}
	}
}

/* How symbol i's value follows from the rest (see sat.h). */
static void encode_symbol(struct sat *s, uint32_t i)
{
	struct model *m = s->m;
	const struct sym *y = &m->syms[i];
	struct lit2 v = sym_lit(s, i);
	int tri = y->type == SYM_TRISTATE;

	if (y->flags & SYMF_TRANSITIONAL)
		return;
	struct lit2 vis = sym_vis(s, i);
	struct lit2 rev = contrib_or(s, &s->rev[i]);
	struct lit2 imp = contrib_or(s, &s->imp[i]);
	struct lit2 dep = l2_const(s, 0);
	struct lit2 dv = l2_const(s, 0);
	int before = -s->T;

	for (uint32_t k = 0; k < y->nnodes; k++) {
		uint32_t n = y->nodes[k];
		const struct node *nd = &m->nodes[n];
		struct lit2 nd_dep = node_dep(s, n);
		dep = l2_or(s, dep, nd_dep);
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

	s->cur = s->group_sel[s->def_group[i]];
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
	}
	s->cur = 0;
	/* m needs the modules switch. */
	if (tri)
		clause_add3(s, -v.m, v.y, s->modules ? s->modules : -s->T);
}

/* A choice: members only when visible, at most one y, one when visible. */
static void encode_choice(struct sat *s, uint32_t c)
{
	struct model *m = s->m;
	const struct sym *ch = &m->syms[c];
	uint32_t k = ch->nmembers;
	int *mem = calloc(k + 1, sizeof(int));
	int *vis = calloc(k + 1, sizeof(int));
	if (!mem || !vis) {
		fprintf(stderr, "kdep: error: out of memory\n");
		abort();
	}
	uint32_t n = 0;
	for (uint32_t i = 0; i < k; i++) {
		uint32_t sy = ch->members[i];
		if (!sym_is_tri(m, sy) ||
		    (m->syms[sy].flags & SYMF_TRANSITIONAL))
			continue;
		struct lit2 v = sym_lit(s, sy);
		struct lit2 w = sym_vis(s, sy);
		s->cur = s->group_sel[s->def_group[c]];
		clause_add2(s, -v.m, w.m);
		s->cur = 0;
		mem[n] = v.y;
		vis[n] = w.m;
		n++;
	}
	s->cur = s->group_sel[s->def_group[c]];
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t j = i + 1; j < n; j++)
			clause_add2(s, -mem[i], -mem[j]);
	if (ch->type == SYM_BOOL && !(ch->flags & SYMF_OPTIONAL) && n) {
		struct lit2 cv = sym_vis(s, c);
		int some = -s->T;
		for (uint32_t i = 0; i < n; i++)
			some = gate_or(s, some, vis[i]);
		int *l = calloc(n + 2, sizeof(int));
		if (!l) {
			fprintf(stderr, "kdep: error: out of memory\n");
			abort();
		}
		l[0] = -cv.m;
		l[1] = -some;
		memcpy(l + 2, mem, n * sizeof(int));
		clause_add(s, l, (int)n + 2);
		free(l);
	}
	s->cur = 0;
	free(mem);
	free(vis);
}

/* ---- numbers ------------------------------------------------------------ */

static int cmp_ull(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a;
	unsigned long long y = *(const unsigned long long *)b;
	return (x > y) - (x < y);
}

/*
 * Ties together the comparisons of an int or hex symbol with constants: a
 * value lies in one of the intervals the constants cut the numbers into,
 * and each comparison comes out as it does for that interval. The value
 * is a number (a user's value is checked, every default is a number)
 * unless no default applies, when the comparisons stay free.
 */
static void encode_numeric(struct sat *s, uint32_t t)
{
	const struct model *m = s->m;
	const struct sym *y = &m->syms[t];
	int hex = y->type == SYM_HEX;
	size_t n = 0;
	for (size_t i = 0; i < s->ncmps; i++)
		n += cmp_fixed_side(m, s->cmps[i].e, t) != MODEL_NONE;
	if (!n)
		return;
	/* The escape: no default applies (or one is not a number). */
	int some = -s->T;
	for (uint32_t k = 0; k < y->nnodes; k++) {
		uint32_t nd = y->nodes[k];
		for (uint32_t p = 0; p < m->nodes[nd].nprops; p++) {
			const struct prop *pr = &m->nodes[nd].props[p];
			long long sv;
			unsigned long long uv;
			int uns;
			if (pr->kind != P_DEFAULT)
				continue;
			if (pr->expr->op != E_SYM ||
			    !sym_fixed(m, pr->expr->sym) ||
			    !val_parse(m->syms[pr->expr->sym].name, y->type,
				       &sv, &uv, &uns))
				return;
			some = gate_or(s, some,
				       gate_and(s, prop_cond(s, nd, p).m,
						node_dep(s, nd).m));
		}
	}
	if (some == -s->T)
		return;
	/* The constants, as numbers of the symbol's kind. */
	unsigned long long *c = calloc(3 * n + 3, sizeof(*c));
	int *region = calloc(3 * n + 4, sizeof(int));
	if (!c || !region) {
		fprintf(stderr, "kdep: error: out of memory\n");
		abort();
	}
	size_t nc = 0;
	for (size_t i = 0; i < s->ncmps; i++) {
		uint32_t o = cmp_fixed_side(m, s->cmps[i].e, t);
		if (o == MODEL_NONE)
			continue;
		long long sv;
		unsigned long long uv;
		int uns;
		if (!val_parse(m->syms[o].name, m->syms[o].type, &sv, &uv,
			       &uns))
			goto out; /* compared as text: leave it free */
		/* Signed values are kept biased so unsigned order is theirs. */
		c[nc++] = hex ? (uns ? uv : (unsigned long long)sv)
			      : (unsigned long long)sv ^ (1ull << 63);
	}
	qsort(c, nc, sizeof(*c), cmp_ull);
	size_t nu = 0;
	for (size_t i = 0; i < nc; i++)
		if (!nu || c[i] != c[nu - 1])
			c[nu++] = c[i];
	nc = nu;
	/* Representatives: each constant, and a value in each gap. */
	size_t nr = 0;
	unsigned long long *rep = c + nc;
	if (c[0] > 0)
		rep[nr++] = c[0] - 1;
	for (size_t i = 0; i < nc; i++) {
		rep[nr++] = c[i];
		if (c[i] + 1 != 0 && (i + 1 == nc || c[i] + 1 < c[i + 1]))
			rep[nr++] = c[i] + 1;
	}
	int save = s->cur;
	s->cur = 0;
	for (size_t r = 0; r < nr; r++) {
		char text[32];
		if (hex)
			snprintf(text, sizeof(text), "0x%llx", rep[r]);
		else
			snprintf(text, sizeof(text), "%lld",
				 (long long)(rep[r] ^ (1ull << 63)));
		region[r] = var_new(s);
		for (size_t i = 0; i < s->ncmps; i++) {
			int holds = cmp_holds(m, s->cmps[i].e, t, text);
			if (holds >= 0)
				clause_add2(s, -region[r],
					    holds ? s->cmps[i].x
						  : -s->cmps[i].x);
		}
	}
	region[nr] = -some;
	clause_add(s, region, (int)nr + 1);
	s->cur = save;
out:
	free(c);
	free(region);
}

/* ---- the cone of influence ---------------------------------------------- */

/*
 * Only symbols whose value can reach the roots' values are encoded: what
 * their dependencies, prompts, defaults and comparisons read, what selects
 * or implies them and under which condition, their choice and its members,
 * again and again. Leaving the rest out drops constraints only, so the
 * formula still over-approximates, and it is smaller by an order of
 * magnitude for a typical question.
 */
struct cone {
	const struct model *m;
	uint8_t *in;
	uint32_t *queue, nq;
	uint32_t *rev_start;     /* CSR: per target symbol, its select and */
	uint32_t *rev_node;      /* imply lines as (node, property) pairs */
	uint32_t *rev_prop;
};

static void cone_mark(struct cone *c, uint32_t sym)
{
	if (sym < c->m->nsyms && !c->in[sym] &&
	    !(c->m->syms[sym].flags & SYMF_CONST)) {
		c->in[sym] = 1;
		c->queue[c->nq++] = sym;
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

/* Fills in[] with the cone of roots (every symbol when roots is NULL). */
static int cone_compute(const struct model *m, const uint32_t *roots,
			size_t nroots, uint8_t *in)
{
	struct cone c = { .m = m, .in = in };
	if (!roots) {
		memset(in, 1, m->nsyms);
		return 0;
	}
	c.queue = calloc(m->nsyms + 1, sizeof(*c.queue));
	c.rev_start = calloc(m->nsyms + 2, sizeof(*c.rev_start));
	uint32_t total = 0;
	for (int pass = 0; pass < 2 && c.queue && c.rev_start; pass++) {
		/* pass 0 counts lines per target, pass 1 files them */
		uint32_t *fill = NULL;
		if (pass == 1) {
			for (uint32_t i = 0; i < m->nsyms; i++)
				c.rev_start[i + 1] += c.rev_start[i];
			total = c.rev_start[m->nsyms];
			c.rev_node = calloc(total + 1, sizeof(*c.rev_node));
			c.rev_prop = calloc(total + 1, sizeof(*c.rev_prop));
			fill = calloc(m->nsyms + 1, sizeof(*fill));
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
				if (pass == 0) {
					c.rev_start[t + 1]++;
				} else {
					uint32_t at = c.rev_start[t] + fill[t]++;
					c.rev_node[at] = n;
					c.rev_prop[at] = i;
				}
			}
		}
		free(fill);
	}
	int ok = c.queue && c.rev_start && c.rev_node && c.rev_prop;
	if (ok) {
		if (m->modules_sym != MODEL_NONE)
			cone_mark(&c, m->modules_sym);
		for (size_t i = 0; i < nroots; i++)
			cone_mark(&c, roots[i]);
		for (uint32_t q = 0; q < c.nq; q++)
			cone_symbol(&c, c.queue[q]);
	}
	free(c.queue);
	free(c.rev_start);
	free(c.rev_node);
	free(c.rev_prop);
	return ok ? 0 : -1;
}

/* ---- the whole model ---------------------------------------------------- */

#define ALLOC(p, n)                                                       \
	do {                                                              \
		(p) = calloc((n) + 1, sizeof(*(p)));                      \
		if (!(p))                                                 \
			goto oom;                                         \
	} while (0)

struct sat *sat_encode(struct model *m, const uint32_t *roots, size_t nroots)
{
	struct sat *s = calloc(1, sizeof(*s));
	if (!s)
		goto oom;
	s->m = m;
	if (!(s->ps = picosat_init()))
		goto oom;
	ALLOC(s->in, m->nsyms);
	if (cone_compute(m, roots, nroots, s->in))
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

	s->T = var_new(s);
	clause_add(s, &s->T, 1);
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
		if (!s->in[i])
			continue;
		if (sym_is_tri(m, i))
			encode_symbol(s, i);
		else if ((m->syms[i].flags & SYMF_CHOICE) && m->syms[i].nnodes)
			encode_choice(s, i);
	}
	for (uint32_t i = 0; i < m->nsyms; i++)
		if (s->in[i] && m->syms[i].nnodes &&
		    (m->syms[i].type == SYM_INT || m->syms[i].type == SYM_HEX))
			encode_numeric(s, i);
	return s;
oom:
	sat_free(s);
	kdep_error_set("out of memory");
	return NULL;
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
	*vars = (unsigned)picosat_variables(s->ps);
	*clauses = s->clauses;
	*groups = s->ngroups;
}

int sat_target(struct sat *s, uint32_t sym, int allow_m)
{
	if (sym >= s->m->nsyms || !sym_is_tri(s->m, sym) || !s->in[sym])
		return 0;
	struct lit2 v = sym_lit(s, sym);
	return allow_m ? v.m : v.y;
}

static void assume_all(struct sat *s, const int *assume, size_t n)
{
	for (uint32_t g = 0; g < s->ngroups; g++)
		picosat_assume(s->ps, s->group_sel[g]);
	for (size_t i = 0; i < n; i++)
		picosat_assume(s->ps, assume[i]);
}

int sat_solve(struct sat *s, const int *assume, size_t n)
{
	assume_all(s, assume, n);
	int r = picosat_sat(s->ps, -1);
	if (r == PICOSAT_SATISFIABLE)
		return 1;
	if (r == PICOSAT_UNSATISFIABLE)
		return 0;
	kdep_error_set("the SAT solver gave up");
	return -1;
}

int sat_value(struct sat *s, uint32_t sym)
{
	if (sym >= s->m->nsyms || !s->sym[sym].m)
		return -1;
	if (picosat_deref(s->ps, s->sym[sym].y) > 0)
		return 2;
	return picosat_deref(s->ps, s->sym[sym].m) > 0 ? 1 : 0;
}

int sat_sym_lits(struct sat *s, uint32_t sym, int *m, int *y)
{
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
	s->cur = 0;
	clause_add(s, lits, (int)n);
}

static const struct sat *sort_sat; /* qsort's context: one sort at a time */

/* Does value v of sym satisfy every comparison as the assignment has it? */
static int value_fits(struct sat *s, uint32_t sym, const char *v)
{
	for (size_t i = 0; i < s->ncmps; i++) {
		const struct expr *e = s->cmps[i].e;
		int got = cmp_holds(s->m, e, sym, v);
		if (got < 0 && (e->l->sym == sym || e->r->sym == sym))
			return 0; /* against another symbol: not chosen here */
		if (got >= 0 &&
		    got != (picosat_deref(s->ps, s->cmps[i].x) > 0))
			return 0;
	}
	return 1;
}

char *sat_pick_value(struct sat *s, uint32_t sym)
{
	const struct model *m = s->m;
	int type = m->syms[sym].type;
	char buf[64];
	for (size_t i = 0; i < s->ncmps; i++) {
		uint32_t other = cmp_fixed_side(m, s->cmps[i].e, sym);
		if (other == MODEL_NONE)
			continue;
		const char *c = m->syms[other].name;
		if (value_fits(s, sym, c))
			return strdup(c);
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
				return strdup(buf);
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

size_t sat_explain(struct sat *s, const int *assume, size_t n,
		   uint32_t **out)
{
	*out = NULL;
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
	uint32_t *core = calloc(s->ngroups + 1, sizeof(*core));
	if (!core)
		return 0;
	size_t nc = s->ngroups, prev;
	do {
		prev = nc;
		nc = 0;
		for (const int *p = picosat_failed_assumptions(s->ps); *p; p++) {
			int v = *p > 0 ? *p : -*p;
			if ((size_t)v < s->nvar_cap &&
			    s->group_of_var[v] != MODEL_NONE)
				core[nc++] = s->group_of_var[v];
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
	uint32_t *g = calloc(k + 1, sizeof(*g));
	if (!g)
		return 0;
	size_t ng = 0;
	for (const int *p = mus; p && *p; p++) {
		int v = *p > 0 ? *p : -*p;
		if ((size_t)v < s->nvar_cap && s->group_of_var[v] != MODEL_NONE)
			g[ng++] = s->group_of_var[v];
	}
	sort_sat = s;
	qsort(g, ng, sizeof(*g), cmp_group);
	*out = g;
	return ng;
}

const struct sat_group *sat_group(const struct sat *s, uint32_t g)
{
	return g < s->ngroups ? &s->groups[g] : NULL;
}
