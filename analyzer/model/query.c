/*
 * query.c - questions asked of a finished model: what a name given by a
 * user means (the feature aliases), who names a symbol (the reverse view),
 * and what a definition inherits from the blocks around it. libc only.
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
