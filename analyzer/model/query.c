/*
 * query.c - questions asked of a finished model: what a name given by a
 * user means (the feature aliases), who names a symbol (the reverse view),
 * which symbols are named and never defined, and what a definition
 * inherits from the blocks around it. libc only.
 */
#include "model.h"
#include "suggest.h"
#include "alloc.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* ---- feature aliases ----------------------------------------------------- */

/* The feature names of DESIGN.md, for trees that do not define them. */
static const struct model_alias aliases[] = {
	{ "CFI", "CFI_CLANG" },
	{ "CALL_OPS", "DYNAMIC_FTRACE_WITH_CALL_OPS" },
	{ "DIRECT_CALLS", "DYNAMIC_FTRACE_WITH_DIRECT_CALLS" },
	{ "STATIC_CALL", "HAVE_STATIC_CALL" },
};

const struct model_alias *model_aliases(size_t *n)
{
	assert(n);
	*n = sizeof(aliases) / sizeof(aliases[0]);
	return aliases;
}

/* name itself when the tree defines it, else what its alias names. */
static uint32_t resolve_name(struct model *m, const char *name)
{
	uint32_t i = model_find(m, name);
	if (i != MODEL_NONE && m->syms[i].nnodes)
		return i;
	for (size_t k = 0; k < sizeof(aliases) / sizeof(aliases[0]); k++) {
		if (strcmp(name, aliases[k].alias))
			continue;
		uint32_t j = model_find(m, aliases[k].name);
		if (j != MODEL_NONE)
			return j;
	}
	return i;
}

uint32_t model_resolve(struct model *m, const char *name)
{
	assert(m && name);
	uint32_t i = resolve_name(m, name);
	/* CONFIG_FOO, as a .config writes it, is FOO */
	if ((i == MODEL_NONE || !m->syms[i].nnodes) &&
	    !strncmp(name, "CONFIG_", 7) && name[7]) {
		uint32_t j = resolve_name(m, name + 7);
		if (j != MODEL_NONE)
			return j;
	}
	return i;
}

const char *model_suggest(const struct model *m, const char *name)
{
	assert(m && name);
	size_t n = 0, na = sizeof(aliases) / sizeof(aliases[0]);
	const char **names = malloc((m->nsyms + na + 1) * sizeof(*names));
	if (!names)
		return NULL; /* no suggestion is no failure */
	if (!strncmp(name, "CONFIG_", 7) && name[7])
		name += 7;
	for (uint32_t i = 0; i < m->nsyms; i++)
		if (m->syms[i].nnodes && !(m->syms[i].flags &
					   (SYMF_CONST | SYMF_CHOICE)))
			names[n++] = m->syms[i].name;
	for (size_t k = 0; k < na; k++)
		names[n++] = aliases[k].alias;
	const char *close = suggest_closest(name, names, n);
	free(names);
	return close;
}

/* ---- the reverse view ---------------------------------------------------- */

/* The references found so far. */
struct refs {
	struct model_ref *v;  /* the array handed to the caller */
	size_t n;             /* references in v */
	size_t cap;           /* capacity of v */
};

static int refs_add(struct refs *r, struct model_ref x)
{
	if (kdep_grow(&r->v, &r->cap, r->n + 1, sizeof(*r->v)))
		return -1;
	r->v[r->n++] = x;
	return 0;
}

int model_refs(const struct model *m, uint32_t sym, struct model_ref **out,
	       size_t *n)
{
	struct refs r = { 0 };

	assert(m && out && n);
	assert(sym < m->nsyms);
	*out = NULL;
	*n = 0;
	/* the lines as written: 'select SYM' and 'imply SYM' */
	for (uint32_t ni = 0; ni < m->nnodes; ni++) {
		const struct node *nd = &m->nodes[ni];
		if (nd->kind != NODE_SYM)
			continue;
		for (uint32_t i = 0; i < nd->nprops; i++) {
			const struct prop *p = &nd->props[i];
			if (p->kind != P_SELECT && p->kind != P_IMPLY)
				continue;
			/* the target of a select is a symbol */
			assert(p->expr && p->expr->op == E_SYM);
			if (p->expr->sym != sym)
				continue;
			struct model_ref x = {
				p->kind == P_SELECT ? REF_SELECT : REF_IMPLY,
				nd->sym, p->loc, p->cond
			};
			if (refs_add(&r, x))
				goto oom;
		}
	}
	/* the dependencies, own and inherited, as the graph has them */
	for (uint32_t e = 0; e < m->nedges; e++) {
		const struct edge *ed = &m->edges[e];
		if (ed->to != sym || ed->kind != EDGE_DEPENDS)
			continue;
		if (refs_add(&r, (struct model_ref){ REF_DEPENDS, ed->from,
						     ed->loc, NULL }))
			goto oom;
	}
	*out = r.v;
	*n = r.n;
	return 0;
oom:
	free(r.v);
	return -1;
}

void model_refs_free(struct model_ref *refs)
{
	free(refs);
}

/* ---- numbers and undefined symbols --------------------------------------- */

int model_sym_is_number(const struct model *m, uint32_t sym)
{
	assert(m && sym < m->nsyms);
	const struct sym *s = &m->syms[sym];
	const char *p = s->name;
	int hex = 0;
	if (s->nnodes || (s->flags & (SYMF_CONST | SYMF_CHOICE)))
		return 0;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		hex = 1;
		p += 2;
	} else if (*p == '-') {
		p++;
	}
	if (!*p)
		return 0;
	for (; *p; p++)
		if (!(*p >= '0' && *p <= '9') &&
		    !(hex && ((*p >= 'a' && *p <= 'f') ||
			      (*p >= 'A' && *p <= 'F'))))
			return 0;
	return 1;
}

/* What the walk for undefined symbols has found so far. */
struct undefs {
	const struct model *m;   /* the model */
	uint32_t *at;            /* [nsyms]: 1 + its index in v, or 0 */
	struct model_undef *v;   /* the array handed to the caller */
	size_t n;                /* entries in v */
	size_t cap;              /* capacity of v */
	uint32_t node;           /* the definition site being walked */
	struct loc loc;          /* the line being walked */
};

static int undef_cb(uint32_t sym, void *arg)
{
	struct undefs *u = arg;
	const struct sym *s = &u->m->syms[sym];
	if (u->at[sym]) {
		/* a site's properties are grouped by kind, not by line */
		struct model_undef *x = &u->v[u->at[sym] - 1];
		if (x->node == u->node && x->loc.file == u->loc.file &&
		    u->loc.line < x->loc.line)
			x->loc = u->loc;
		return 0;
	}
	if (s->nnodes || (s->flags & SYMF_CHOICE) ||
	    model_sym_is_number(u->m, sym))
		return 0;
	if (kdep_grow(&u->v, &u->cap, u->n + 1, sizeof(*u->v)))
		return -1;
	u->v[u->n++] = (struct model_undef){ sym, u->node, u->loc };
	u->at[sym] = (uint32_t)u->n;
	return 0;
}

/* Parse order: by definition site, then by line. */
static int undef_cmp(const void *a, const void *b)
{
	const struct model_undef *x = a, *y = b;
	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	return x->sym < y->sym ? -1 : x->sym > y->sym;
}

int model_undefs(const struct model *m, struct model_undef **out, size_t *n)
{
	struct undefs u = { m, NULL, NULL, 0, 0, 0, { 0, 0 } };
	int r = 0;

	assert(m && out && n);
	*out = NULL;
	*n = 0;
	if (!(u.at = kdep_calloc(m->nsyms ? m->nsyms : 1, sizeof(*u.at))))
		return -1;
	for (uint32_t ni = 0; ni < m->nnodes && !r; ni++) {
		const struct node *nd = &m->nodes[ni];
		u.node = ni;
		for (uint32_t i = 0; i < nd->nprops && !r; i++) {
			const struct prop *p = &nd->props[i];
			u.loc = p->loc;
			if (!(r = model_expr_walk(m, p->expr, undef_cb, &u)) &&
			    !(r = model_expr_walk(m, p->expr2, undef_cb, &u)))
				r = model_expr_walk(m, p->cond, undef_cb, &u);
		}
	}
	free(u.at);
	if (r) {
		free(u.v);
		return -1;
	}
	if (u.n)
		qsort(u.v, u.n, sizeof(*u.v), undef_cmp);
	*out = u.v;
	*n = u.n;
	return 0;
}

void model_undefs_free(struct model_undef *u)
{
	free(u);
}

/* ---- inherited conditions ------------------------------------------------ */

int model_inherited_walk(const struct model *m, const struct node *n,
			 int (*fn)(const struct node *block,
				   const struct prop *dep, void *arg),
			 void *arg)
{
	int r;
	assert(fn);
	assert(n >= m->nodes && n < m->nodes + m->nnodes);
	for (uint32_t p = n->parent; p != MODEL_NONE; p = m->nodes[p].parent) {
		const struct node *pn = &m->nodes[p];
		if (pn->kind == NODE_CHOICE)
			return fn(pn, NULL, arg);
		for (uint32_t i = 0; i < pn->nprops; i++)
			if (pn->props[i].kind == P_DEPENDS &&
			    (r = fn(pn, &pn->props[i], arg)))
				return r;
	}
	return 0;
}

int model_node_has_dep(const struct model *m, uint32_t n)
{
	for (; n != MODEL_NONE; n = m->nodes[n].parent)
		for (uint32_t i = 0; i < m->nodes[n].nprops; i++)
			if (m->nodes[n].props[i].kind == P_DEPENDS)
				return 1;
	return 0;
}

/* ---- probes a line reads -------------------------------------------------- */

/* What model_probe_uses is filling. */
struct use_walk {
	const struct model *m;       /* the model */
	struct model_probe_use *v;   /* the uses so far */
	uint32_t n;                  /* how many */
	size_t cap;                  /* room in v */
	struct loc loc;              /* the line being walked */
};

static int use_cb(uint32_t sym, void *arg)
{
	struct use_walk *w = arg;
	const struct sym *y = &w->m->syms[sym];
	if (!(y->flags & SYMF_PROBE) || !y->nnodes)
		return 0;
	if (kdep_grow(&w->v, &w->cap, (size_t)w->n + 1, sizeof(*w->v)))
		return 1;
	w->v[w->n++] = (struct model_probe_use){ w->loc, sym };
	return 0;
}

int model_probe_uses(const struct model *m, struct model_probe_use **out,
		     uint32_t *n)
{
	struct use_walk w = { m, NULL, 0, 0, { 0, 0 } };
	int oom = 0;

	*out = NULL;
	*n = 0;
	if (m->graph_only) {
		if (!m->nprobe_uses)
			return 0;
		if (!(w.v = kdep_calloc(m->nprobe_uses, sizeof(*w.v))))
			return -1;
		memcpy(w.v, m->probe_uses, sizeof(*w.v) * m->nprobe_uses);
		*out = w.v;
		*n = m->nprobe_uses;
		return 0;
	}
	for (uint32_t i = 0; i < m->nnodes && !oom; i++) {
		const struct node *nd = &m->nodes[i];
		for (uint32_t j = 0; j < nd->nprops && !oom; j++) {
			const struct prop *p = &nd->props[j];
			const struct expr *e[3] = { p->expr, p->expr2, p->cond };
			w.loc = p->loc;
			for (int k = 0; k < 3 && !oom; k++)
				oom = e[k] && model_expr_walk(m, e[k], use_cb,
							      &w);
		}
	}
	if (oom) {
		free(w.v); /* kdep_grow set the error */
		return -1;
	}
	*out = w.v;
	*n = w.n;
	return 0;
}
