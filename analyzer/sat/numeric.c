/*
 * numeric.c - comparisons: the values a symbol can take in one, the
 * kernel's way of comparing two values, and the intervals that tie an
 * int or hex symbol's comparisons together.
 */
#include "sat_impl.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A possible value of a symbol in a comparison, and when it is taken. */
struct cand {
	int lit;            /* holds when the symbol has this value */
	const char *val;    /* the value as text, NULL for unknown */
	int type;           /* enum sym_type the kernel parses it with */
};

/* The possible values of one side of a comparison. */
struct cands {
	struct cand *v;     /* the values, exactly one of which holds */
	size_t n, cap;      /* values in v, and room for */
};

static void cand_add(struct sat *s, struct cands *c, int lit,
		     const char *val, int type)
{
	assert(lit != 0);
	if (sat_grow(s, &c->v, &c->cap, c->n + 1, sizeof(*c->v)))
		return;
	c->v[c->n].lit = lit;
	c->v[c->n].val = val;
	c->v[c->n].type = type;
	c->n++;
}

/*
 * The possible values of symbol i in a comparison, each with the literal
 * under which it is taken; exactly one holds. depth bounds the chain of
 * defaults that name another symbol.
 */
static void cands_collect(struct sat *s, uint32_t i, int lit, int depth,
			  struct cands *c)
{
	struct model *m = s->m;
	assert(i < m->nsyms);
	assert(depth <= 5); /* one past the bound, which returns below */
	const struct sym *y = &m->syms[i];

	if (y->flags & SYMF_CONST) {
		cand_add(s, c, lit, y->name, y->type);
		return;
	}
	if (y->flags & SYMF_CHOICE) {
		cand_add(s, c, lit, NULL, 0);
		return;
	}
	if (!y->nnodes) {
		/* Undefined: the kernel and kconfiglib read its name. */
		cand_add(s, c, lit, y->name, SYM_UNKNOWN);
		return;
	}
	if (y->type == SYM_BOOL || y->type == SYM_TRISTATE) {
		struct lit2 v = sym_lit(s, i);
		cand_add(s, c, gate_and(s, lit, -v.m), "n", y->type);
		if (v.y != v.m)
			cand_add(s, c, gate_and(s, lit, gate_and(s, v.m, -v.y)),
				 "m", y->type);
		cand_add(s, c, gate_and(s, lit, v.y), "y", y->type);
		return;
	}
	/* a free input of a bounded cone (cone.c): any value */
	if (y->flags & (SYMF_PROMPT | SYMF_TRANSITIONAL) || depth > 4 ||
	    s->in[i] == 2) {
		cand_add(s, c, lit, NULL, 0);
		return;
	}
	/* Invisible int/hex/string: its first applicable default. */
	int before = -s->T; /* some earlier default applies */
	for (uint32_t k = 0; k < y->nnodes; k++) {
		const struct node *nd = &m->nodes[y->nodes[k]];
		for (uint32_t p = 0; p < nd->nprops; p++) {
			if (nd->props[p].kind == P_RANGE) {
				cand_add(s, c, lit, NULL, 0);
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
				cand_add(s, c, first, NULL, 0);
		}
	}
	cand_add(s, c, gate_and(s, lit, -before), NULL, 0);
}

/* The kernel's comparison of two values (expr_calc_value()). */
static int val_parse(const char *str, int type, long long *sv,
		     unsigned long long *uv, int *unsig)
{
	char *tail;
	assert(str);
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

	assert(op >= E_EQ && op <= E_GE);
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
	assert(i < m->nsyms);
	return (m->syms[i].flags & SYMF_CONST) ||
	       (!m->syms[i].nnodes && !(m->syms[i].flags & SYMF_CHOICE));
}

/* The fixed side of comparison e when its other side is t; else NONE. */
uint32_t cmp_fixed_side(const struct model *m,
			const struct expr *e, uint32_t t)
{
	/* A comparison's sides are leaves (model.h). */
	assert(e->op >= E_EQ && e->op <= E_GE);
	assert(e->l->op == E_SYM && e->r->op == E_SYM);
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
int cmp_holds(const struct model *m, const struct expr *e, uint32_t t,
	      const char *v)
{
	assert(t < m->nsyms && v);
	uint32_t o = cmp_fixed_side(m, e, t);
	int type = m->syms[t].type;
	if (o == MODEL_NONE)
		return -1;
	if (e->l->sym == t)
		return val_compare(e->op, v, type, m->syms[o].name,
				   m->syms[o].type);
	return val_compare(e->op, m->syms[o].name, m->syms[o].type, v, type);
}

const char *rec_fixed(const struct sat *s, size_t i, uint32_t t, int *type)
{
	assert(i < s->ncmps);
	const struct cmp_rec *r = &s->cmps[i];
	if (!r->e) {
		if (r->want->sym != t)
			return NULL;
		*type = s->m->syms[t].type;
		return r->want->value;
	}
	uint32_t o = cmp_fixed_side(s->m, r->e, t);
	if (o == MODEL_NONE)
		return NULL;
	*type = s->m->syms[o].type;
	return s->m->syms[o].name;
}

int rec_holds(const struct sat *s, size_t i, uint32_t t, const char *v)
{
	assert(i < s->ncmps);
	const struct cmp_rec *r = &s->cmps[i];
	if (r->e)
		return cmp_holds(s->m, r->e, t, v);
	if (r->want->sym != t)
		return -1;
	return sat_want_holds(s->m, r->want, v);
}

int sat_want_holds(const struct model *m, const struct sat_want *w,
		   const char *got)
{
	assert(w->sym < m->nsyms && w->value && got);
	int type = m->syms[w->sym].type;
	return val_compare(w->ne ? E_NE : E_EQ, got, type, w->value, type);
}

/* Records the comparison variable x of e (or of want w). */
static void rec_add(struct sat *s, const struct expr *e,
		    const struct sat_want *w, int x)
{
	if (sat_grow(s, &s->cmps, &s->cmpcap, s->ncmps + 1, sizeof(*s->cmps)))
		return;
	s->cmps[s->ncmps].e = e;
	s->cmps[s->ncmps].want = w;
	s->cmps[s->ncmps].x = x;
	s->ncmps++;
}

int want_encode(struct sat *s, const struct sat_want *w)
{
	const struct model *m = s->m;
	assert(w->sym < m->nsyms && w->value);
	const struct sym *y = &m->syms[w->sym];
	if (sym_is_tri(m, w->sym)) {
		/* A bool or tristate: its two variables. */
		struct lit2 v = sym_lit(s, w->sym);
		int l = !strcmp(w->value, "y") ? v.y
			: !strcmp(w->value, "m") ? gate_and(s, v.m, -v.y)
			: !strcmp(w->value, "n") ? -v.m : -s->T;
		return w->ne ? -l : l;
	}
	if (!y->nnodes || (y->flags & (SYMF_CONST | SYMF_CHOICE)) ||
	    !s->in[w->sym])
		return 0;
	assert(y->type == SYM_INT || y->type == SYM_HEX ||
	       y->type == SYM_STRING);
	/* The values the symbol can take, as for a comparison. */
	struct cands a = {0};
	int x = var_new(s), save = s->cur;
	cands_collect(s, w->sym, s->T, 0, &a);
	s->cur = 0;
	for (size_t i = 0; i < a.n; i++) {
		if (!a.v[i].val || a.v[i].lit == -s->T)
			continue;
		int r = val_compare(w->ne ? E_NE : E_EQ, a.v[i].val,
				    a.v[i].type, w->value, y->type);
		clause_add2(s, -a.v[i].lit, r ? x : -x);
	}
	s->cur = save;
	free(a.v);
	rec_add(s, NULL, w, x);
	return x;
}

int cmp_encode(struct sat *s, const struct expr *e)
{
	struct cands a = {0}, b = {0};
	int x = var_new(s), save = s->cur;

	assert(e->l->op == E_SYM && e->r->op == E_SYM);
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
	rec_add(s, e, NULL, x);
	return x;
}

/* How many comparisons encoded so far compare t with fixed text. */
static size_t cmp_count(const struct sat *s, uint32_t t)
{
	size_t n = 0;
	int type;
	for (size_t i = 0; i < s->ncmps; i++)
		n += rec_fixed(s, i, t, &type) != NULL;
	return n;
}

static int cmp_ull(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a;
	unsigned long long y = *(const unsigned long long *)b;
	return (x > y) - (x < y);
}

/* A variable that, true, makes each comparison of t with fixed text come
 * out as it does for value v (its clauses in the current group). */
static int region_of(struct sat *s, uint32_t t, const char *v)
{
	int r = var_new(s);
	for (size_t i = 0; i < s->ncmps; i++) {
		int holds = rec_holds(s, i, t, v);
		if (holds >= 0)
			clause_add2(s, -r, holds ? s->cmps[i].x : -s->cmps[i].x);
	}
	return r;
}

/* A 'range' line of an int or hex symbol with constant bounds. */
struct range_rec {
	unsigned long long lo, hi; /* the bounds, as encode_numeric() keeps
				      numbers (a signed int biased) */
	int active;                /* its condition and its node's
				      dependency hold */
	int first;                 /* it is the first active one: the one
				      the kernel clamps the value into */
	uint32_t group;            /* its line's group */
};

/*
 * The range lines of t, in the order the kernel tries them, into *out
 * (malloc'd); returns how many. None when a bound of one is not a
 * constant number (a bound of another symbol): left free, as before.
 */
static size_t ranges_collect(struct sat *s, uint32_t t,
			     struct range_rec **out)
{
	const struct model *m = s->m;
	const struct sym *y = &m->syms[t];
	int hex = y->type == SYM_HEX;
	size_t n = 0, cap = 0;
	int before = -s->T; /* an earlier range is active */
	*out = NULL;
	for (uint32_t k = 0; k < y->nnodes; k++) {
		uint32_t nd = y->nodes[k];
		for (uint32_t p = 0; p < m->nodes[nd].nprops; p++) {
			const struct prop *pr = &m->nodes[nd].props[p];
			unsigned long long b[2];
			if (pr->kind != P_RANGE)
				continue;
			const struct expr *e[2] = { pr->expr, pr->expr2 };
			for (int i = 0; i < 2; i++) {
				long long sv;
				unsigned long long uv;
				int uns;
				if (!e[i] || e[i]->op != E_SYM ||
				    !sym_fixed(m, e[i]->sym) ||
				    !val_parse(m->syms[e[i]->sym].name,
					       y->type, &sv, &uv, &uns))
					goto none;
				b[i] = hex ? uv : (unsigned long long)sv ^
						  (1ull << 63);
			}
			if (sat_grow(s, out, &cap, n + 1, sizeof(**out)))
				goto none;
			struct range_rec *r = &(*out)[n++];
			r->lo = b[0];
			r->hi = b[1];
			r->active = gate_and(s, prop_cond(s, nd, p).m,
					     node_dep(s, nd).m);
			r->first = gate_and(s, r->active, -before);
			before = gate_or(s, before, r->active);
			r->group = prop_group(s, nd, p);
		}
	}
	return n;
none:
	free(*out);
	*out = NULL;
	return 0;
}

/*
 * A prompted int or hex symbol t whose prompts are all invisible takes its
 * first applicable default, as an invisible one does: each default's
 * region under its line's group, when it is the first that applies and no
 * prompt is visible (vis). Not with a range, which would clamp the
 * default.
 */
static void invisible_default(struct sat *s, uint32_t t, int vis)
{
	const struct model *m = s->m;
	const struct sym *y = &m->syms[t];
	int before = -s->T; /* some earlier default applies */
	for (uint32_t k = 0; k < y->nnodes; k++) {
		uint32_t nd = y->nodes[k];
		for (uint32_t p = 0; p < m->nodes[nd].nprops; p++) {
			const struct prop *pr = &m->nodes[nd].props[p];
			if (pr->kind != P_DEFAULT)
				continue;
			int applies = gate_and(s, prop_cond(s, nd, p).m,
						node_dep(s, nd).m);
			int first = gate_and(s, applies, -before);
			before = gate_or(s, before, applies);
			/* every default a number (encode_numeric()) */
			int r = region_of(s, t, m->syms[pr->expr->sym].name);
			s->cur = group_selector(s, prop_group(s, nd, p));
			clause_add3(s, vis, -first, r);
			s->cur = 0;
		}
	}
}

/*
 * Ties together the comparisons of an int or hex symbol with constants: a
 * value lies in one of the intervals the constants cut the numbers into,
 * and each comparison comes out as it does for that interval. The value
 * is a number (a user's value is checked, every default is a number)
 * unless no default applies and no prompt is visible, when the
 * comparisons stay free.
 */
void encode_numeric(struct sat *s, uint32_t t)
{
	const struct model *m = s->m;
	const struct sym *y = &m->syms[t];
	int hex = y->type == SYM_HEX;
	size_t n = cmp_count(s, t);
	assert(y->type == SYM_INT || hex);
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
	/* An active range clamps the value into it, default or none. */
	struct range_rec *rg = NULL;
	size_t nrg = ranges_collect(s, t, &rg);
	for (size_t j = 0; j < nrg; j++)
		some = gate_or(s, some, rg[j].active);
	if (some == -s->T) {
		free(rg);
		return;
	}
	/* A prompt: a user's value (a number) when one is visible, else the
	 * defaults'; not for a free input of a bounded cone (any value). */
	int vis = y->flags & SYMF_PROMPT && !(y->flags & SYMF_TRANSITIONAL) &&
		  s->in[t] != 2 ? sym_vis(s, t).m : -s->T;
	/*
	 * Encoding the defaults' conditions can have compared t again, in a
	 * tree where a default of t depends on t itself: count again, for
	 * the arrays below hold every constant t is compared with.
	 */
	n = cmp_count(s, t) + 2 * nrg;
	/* The constants, as numbers of the symbol's kind. */
	unsigned long long *c = sat_calloc(s, 3 * n + 3, sizeof(*c));
	int *region = sat_calloc(s, 3 * n + 4, sizeof(int));
	size_t nc = 0;
	if (!c || !region)
		goto out;
	for (size_t j = 0; j < nrg; j++) {
		c[nc++] = rg[j].lo;
		c[nc++] = rg[j].hi;
	}
	for (size_t i = 0; i < s->ncmps; i++) {
		int type;
		const char *o = rec_fixed(s, i, t, &type);
		if (!o)
			continue;
		long long sv;
		unsigned long long uv;
		int uns;
		if (!val_parse(o, type, &sv, &uv, &uns))
			goto out; /* compared as text: leave it free */
		/* Signed values are kept biased so unsigned order is theirs. */
		c[nc++] = hex ? (uns ? uv : (unsigned long long)sv)
			      : (unsigned long long)sv ^ (1ull << 63);
	}
	assert(nc == n); /* every one a number, or out above */
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
	/* The constants and representatives fit c, the regions region. */
	assert(nc + nr <= 3 * n + 3 && nr + 1 <= 3 * n + 4);
	int save = s->cur;
	s->cur = 0;
	for (size_t r = 0; r < nr; r++) {
		char text[32];
		if (hex)
			snprintf(text, sizeof(text), "0x%llx", rep[r]);
		else
			snprintf(text, sizeof(text), "%lld",
				 (long long)(rep[r] ^ (1ull << 63)));
		region[r] = region_of(s, t, text);
		/* the first active range holds the value, by its line */
		for (size_t j = 0; j < nrg; j++) {
			if (rep[r] >= rg[j].lo && rep[r] <= rg[j].hi)
				continue;
			s->cur = group_selector(s, rg[j].group);
			clause_add2(s, -region[r], -rg[j].first);
			s->cur = 0;
		}
	}
	region[nr] = gate_and(s, -some, -vis);
	clause_add(s, region, (int)nr + 1);
	if (!nrg && vis != -s->T)
		invisible_default(s, t, vis);
	s->cur = save;
out:
	free(c);
	free(region);
	free(rg);
}

/*
 * Ties together the comparisons of a string symbol t with constants when
 * each is an = or != against text that is no number (so the kernel
 * compares them as text, strcmp): t's value is one of the constants, with
 * every comparison as it comes out for it, or none of them, with every =
 * false and every != true. A value asked of t (a want) is one more such
 * comparison. Otherwise the comparisons stay free.
 */
void encode_string(struct sat *s, uint32_t t)
{
	const struct model *m = s->m;
	assert(m->syms[t].type == SYM_STRING);
	size_t n = 0;
	for (size_t i = 0; i < s->ncmps; i++) {
		int type;
		const char *c = rec_fixed(s, i, t, &type);
		long long sv;
		unsigned long long uv;
		int uns;
		if (!c)
			continue;
		const struct expr *e = s->cmps[i].e;
		if (e && ((e->op != E_EQ && e->op != E_NE) ||
			  val_parse(c, type, &sv, &uv, &uns)))
			return; /* an order, or a number: left free */
		n++;
	}
	if (!n)
		return;
	int *region = sat_calloc(s, n + 2, sizeof(int));
	size_t nr = 0;
	if (!region)
		return;
	int save = s->cur;
	s->cur = 0;
	for (size_t i = 0; i < s->ncmps; i++) {
		int type;
		const char *c = rec_fixed(s, i, t, &type);
		if (!c)
			continue;
		region[nr++] = region_of(s, t, c);
	}
	/* none of them: every = false, every != true */
	region[nr] = var_new(s);
	for (size_t k = 0; k < s->ncmps; k++) {
		int type;
		if (!rec_fixed(s, k, t, &type))
			continue;
		const struct expr *e = s->cmps[k].e;
		int ne = e ? e->op == E_NE : s->cmps[k].want->ne;
		clause_add2(s, -region[nr], ne ? s->cmps[k].x : -s->cmps[k].x);
	}
	nr++;
	clause_add(s, region, (int)nr);
	s->cur = save;
	free(region);
}
