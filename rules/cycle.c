/*
 * cycle.c - recursive dependencies under every profile.
 *
 * Per profile: the graph the kernel's check walks (graph_scc.h), its
 * components with a cycle, and in each the shortest cycle plus one through
 * every edge no reported cycle uses yet, up to CYCLE_MAX_PER_COMPONENT.
 * Cycles are then merged across profiles by their links; a cycle exists
 * under a profile when every one of its links is in that profile's graph,
 * and where it does not, the first missing link and the dependency that
 * folds it away there are named.
 *
 * The rule makes one finding per component: its symbols (the fingerprint:
 * no line in it), its edges, every link of the cycles that lie in it with
 * the text of its line, and the profiles where it is a component.
 */
#include "cycle.h"
#include "alloc.h"
#include "error.h"
#include "rule.h"
#include "graph_scc.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cycle_phrase(int kind)
{
	switch (kind) {
	case EDGE_DEPENDS: return "depends on";
	case EDGE_SELECT:
	case EDGE_SELECT_IF: return "is selected by";
	case EDGE_IMPLY:
	case EDGE_IMPLY_IF: return "is implied by";
	case EDGE_DEFAULT: return "default value contains";
	case EDGE_DEFAULT_IF: return "default is visible depending on";
	case EDGE_PROMPT_IF: return "prompt is visible depending on";
	case EDGE_RANGE_IF: return "range is visible depending on";
	case EDGE_CHOICE: return "is part of the choice block of";
	default: return "refers to";
	}
}

void cycle_report_free(struct cycle_report *r)
{
	for (uint32_t i = 0; i < r->n; i++) {
		free(r->v[i].links);
		free(r->v[i].component);
		free(r->v[i].breaks);
		free(r->v[i].probes);
		free(r->v[i].probe_keys);
	}
	free(r->v);
	for (uint32_t i = 0; i < r->components; i++) {
		free(r->comps[i].syms);
		free(r->comps[i].edges);
	}
	free(r->comps);
	memset(r, 0, sizeof(*r));
}

/* ---- links -------------------------------------------------------------- */

/* Where symbol s is defined if it is a choice (its identity), else NULL. */
static const char *choice_at(const struct model *m, uint32_t s,
			     uint32_t *line)
{
	const struct sym *c = &m->syms[s];
	*line = 0;
	if (!(c->flags & SYMF_CHOICE) || !c->nnodes)
		return NULL;
	*line = m->nodes[c->nodes[0]].loc.line;
	return m->files[m->nodes[c->nodes[0]].loc.file];
}

static struct cycle_link make_link(const struct model *m, uint32_t from,
				   uint32_t to, int kind, const char *file,
				   uint32_t line)
{
	struct cycle_link l = { m->syms[from].name, m->syms[to].name, kind,
				file, line, NULL, NULL, 0, 0 };
	l.from_file = choice_at(m, from, &l.from_line);
	l.to_file = choice_at(m, to, &l.to_line);
	return l;
}

static struct cycle_link link_of(const struct model *m, const struct edge *e)
{
	return make_link(m, e->from, e->to, e->kind, m->files[e->loc.file],
			 e->loc.line);
}

/* The step inside a choice block from member (or choice) a to b. */
static struct cycle_link hop(const struct model *m, uint32_t choice,
			     uint32_t a, uint32_t b)
{
	uint32_t line;
	const char *file = choice_at(m, choice, &line);
	return make_link(m, a, b, EDGE_CHOICE, file ? file : "", line);
}

/* Out edges of a cycle in g to links, with the steps through choice
 * blocks written out. Returns the count, or -1. */
static int to_links(const struct model *m, const struct graph *g,
		    const uint32_t *k, uint32_t n, struct cycle_link **out)
{
	struct cycle_link *v = malloc(sizeof(*v) * (2 * n + 1));
	uint32_t len = 0;
	if (!v)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		const struct edge *e = &m->edges[g->edge[k[i]]];
		const struct edge *next = &m->edges[g->edge[k[(i + 1) % n]]];
		v[len++] = link_of(m, e);
		if (e->to != next->from)
			v[len++] = hop(m, g->rep[e->to], e->to, next->from);
	}
	*out = v;
	return (int)len;
}

static int is_select(int kind)
{
	return kind == EDGE_SELECT || kind == EDGE_SELECT_IF ||
	       kind == EDGE_IMPLY || kind == EDGE_IMPLY_IF;
}

static int link_cmp(const struct cycle_link *a, const struct cycle_link *b)
{
	int c;
	if (is_select(a->kind) != is_select(b->kind))
		return is_select(a->kind) ? -1 : 1;
	if ((c = strcmp(a->file, b->file)))
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if ((c = strcmp(a->from, b->from)))
		return c;
	if ((c = strcmp(a->to, b->to)))
		return c;
	return a->kind - b->kind;
}

/*
 * Rotates a cycle to start at its first select or imply (the usual way a
 * cycle is made, and the usual fix), else at its first line in file
 * order: the same cycle found under two profiles reads the same.
 */
static void rotate(struct cycle_link *v, uint32_t n)
{
	uint32_t best = 0;
	for (uint32_t i = 1; i < n; i++)
		if (link_cmp(&v[i], &v[best]) < 0)
			best = i;
	if (!best)
		return;
	struct cycle_link *tmp = malloc(sizeof(*tmp) * best);
	if (!tmp)
		return;
	memcpy(tmp, v, sizeof(*tmp) * best);
	memmove(v, v + best, sizeof(*v) * (n - best));
	memcpy(v + n - best, tmp, sizeof(*tmp) * best);
	free(tmp);
}

static int same_cycle(const struct cycle *c, const struct cycle_link *v,
		      uint32_t n)
{
	if (c->nlinks != n)
		return 0;
	for (uint32_t i = 0; i < n; i++)
		if (link_cmp(&c->links[i], &v[i]))
			return 0;
	return 1;
}

/* ---- a profile's edges, for "is this link in its graph" ------------------ */

struct edge_index {
	struct model *m;
	uint32_t *by_from; /* edge indices sorted by their from symbol */
};

/* The edges of m by their from symbol, each symbol's in model order: a
 * counting sort, one pass to count and one to place (O(edges)). */
static int index_build(struct edge_index *ix, struct model *m)
{
	uint32_t *start = calloc((size_t)m->nsyms + 1, sizeof(*start));
	ix->m = m;
	ix->by_from = malloc(sizeof(uint32_t) * (m->nedges + 1));
	if (!ix->by_from || !start) {
		free(start);
		return -1;
	}
	for (uint32_t i = 0; i < m->nedges; i++)
		start[m->edges[i].from + 1]++;
	for (uint32_t s = 0; s < m->nsyms; s++)
		start[s + 1] += start[s];
	for (uint32_t i = 0; i < m->nedges; i++)
		ix->by_from[start[m->edges[i].from]++] = i;
	free(start);
	return 0;
}

/* A link's end in model m: a symbol by name, a choice by where it is. */
static uint32_t find_end(struct model *m, const char *name, const char *file,
			 uint32_t line)
{
	if (!file)
		return model_find(m, name);
	for (uint32_t s = 0; s < m->nsyms; s++) {
		uint32_t l;
		const char *f = choice_at(m, s, &l);
		if (f && l == line && !strcmp(f, file) &&
		    !strcmp(m->syms[s].name, name))
			return s;
	}
	return MODEL_NONE;
}

/* Whether the profile's graph has link l (choice steps: both ends are of
 * one choice block there too). */
static int has_link(const struct edge_index *ix, const struct cycle_link *l)
{
	struct model *m = ix->m;
	uint32_t from = find_end(m, l->from, l->from_file, l->from_line);
	uint32_t to = find_end(m, l->to, l->to_file, l->to_line);
	if (from == MODEL_NONE || to == MODEL_NONE)
		return 0;
	if (l->kind == EDGE_CHOICE) {
		uint32_t a = m->syms[from].choice, b = m->syms[to].choice;
		a = a == MODEL_NONE ? from : a;
		b = b == MODEL_NONE ? to : b;
		return a == b;
	}
	uint32_t lo = 0, hi = m->nedges;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (m->edges[ix->by_from[mid]].from < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < m->nedges; lo++) {
		const struct edge *e = &m->edges[ix->by_from[lo]];
		if (e->from != from)
			break;
		if (e->to == to && e->kind == l->kind &&
		    e->loc.line == l->line &&
		    !strcmp(m->files[e->loc.file], l->file))
			return 1;
	}
	return 0;
}

/* Why link l is not in profile p's graph: a definition of its symbol whose
 * dependency folds to n there. */
static void explain(struct model *m, const struct cycle_link *l,
		    unsigned p, struct cycle_break *b)
{
	b->profile = p;
	b->link = *l;
	b->dep_file = NULL;
	b->dep_line = 0;
	uint32_t s = find_end(m, l->from, l->from_file, l->from_line);
	if (s == MODEL_NONE)
		return;
	for (uint32_t i = 0; i < m->syms[s].nnodes; i++) {
		const struct prop *d =
			model_dead_dep(m, &m->nodes[m->syms[s].nodes[i]]);
		if (d) {
			b->dep_file = m->files[d->loc.file];
			b->dep_line = d->loc.line;
			return;
		}
	}
}

/* ---- finding ------------------------------------------------------------ */

struct finder {
	struct cycle_report *r;
	uint32_t cap;          /* room in r->v */
	size_t capcomps;       /* room in r->comps */
};

/* strcmp where NULL (not a choice) sorts as "", before any file. */
static int opt_cmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int sym_cmp(const void *a, const void *b)
{
	const struct cycle_sym *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : opt_cmp(x->choice_file, y->choice_file);
}

/* Orders every field of a link (for sorting and merging edge sets). */
static int edge_cmp(const void *a, const void *b)
{
	const struct cycle_link *x = a, *y = b;
	int c;
	if ((c = strcmp(x->from, y->from)) ||
	    (c = opt_cmp(x->from_file, y->from_file)) ||
	    (c = strcmp(x->to, y->to)) ||
	    (c = opt_cmp(x->to_file, y->to_file)) ||
	    (c = strcmp(x->file, y->file)))
		return c;
	if (x->kind != y->kind)
		return x->kind - y->kind;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* The symbols of graph component c of m, sorted; NULL when out of memory. */
static struct cycle_sym *comp_syms(const struct model *m,
				   const struct graph_comp *c, uint32_t *n)
{
	uint32_t k = 0, cap = 0;
	for (uint32_t i = 0; i < c->n; i++)
		cap += 1 + m->syms[c->nodes[i]].nmembers;
	struct cycle_sym *v = kdep_calloc(cap, sizeof(*v));
	if (!v)
		return NULL;
	for (uint32_t i = 0; i < c->n; i++) {
		const struct sym *s = &m->syms[c->nodes[i]];
		uint32_t line;
		v[k].name = s->name;
		v[k++].choice_file = choice_at(m, c->nodes[i], &line);
		for (uint32_t j = 0; j < s->nmembers; j++)
			v[k++].name = m->syms[s->members[j]].name;
	}
	qsort(v, k, sizeof(*v), sym_cmp);
	*n = k;
	return v;
}

/*
 * Records component c of profile p's graph g (one record per distinct
 * symbol set over all profiles) with its edges there. Returns 0, or -1
 * with the error set.
 */
static int record_component(struct finder *f, const struct model *m,
			    const struct graph *g, const uint32_t *comp_of,
			    const struct graph_comp *comps, uint32_t c,
			    unsigned p)
{
	struct cycle_report *r = f->r;
	uint32_t n;
	struct cycle_sym *syms = comp_syms(m, &comps[c], &n);
	if (!syms)
		return -1;
	uint32_t i = 0;
	for (; i < r->components; i++) {
		const struct cycle_component *k = &r->comps[i];
		uint32_t j = 0;
		while (k->n == n && j < n && !sym_cmp(&k->syms[j], &syms[j]))
			j++;
		if (k->n == n && j == n)
			break;
	}
	if (i == r->components) {
		if (kdep_grow(&r->comps, &f->capcomps, i + 1,
			      sizeof(*r->comps))) {
			free(syms);
			return -1;
		}
		memset(&r->comps[i], 0, sizeof(r->comps[i]));
		r->comps[i].syms = syms;
		r->comps[i].n = n;
		r->components++;
	} else {
		free(syms);
	}
	struct cycle_component *k = &r->comps[i];
	k->profiles |= 1ull << p;
	/* its edges here; sorted and made unique once every profile is in */
	uint32_t more = 0;
	for (uint32_t j = 0; j < comps[c].n; j++) {
		uint32_t v = comps[c].nodes[j];
		more += g->off[v + 1] - g->off[v];
	}
	struct cycle_link *e = realloc(k->edges,
				       sizeof(*e) * (k->nedges + more + 1));
	if (!e) {
		kdep_error_oom();
		return -1;
	}
	k->edges = e;
	for (uint32_t j = 0; j < comps[c].n; j++) {
		uint32_t v = comps[c].nodes[j];
		for (uint32_t x = g->off[v]; x < g->off[v + 1]; x++)
			if (comp_of[g->to[x]] == c)
				e[k->nedges++] = link_of(m,
							 &m->edges[g->edge[x]]);
	}
	return 0;
}

struct probe_walk {
	const struct model *m;
	struct cycle *c;
	int oom;
};

static int probe_cb(uint32_t sym, void *arg)
{
	struct probe_walk *w = arg;
	const struct sym *y = &w->m->syms[sym];
	struct cycle *c = w->c;
	if (!(y->flags & SYMF_PROBE) || !y->nnodes)
		return 0;
	for (uint32_t i = 0; i < c->nprobes; i++)
		if (!strcmp(c->probes[i], y->name))
			return 0;
	const char **v = realloc(c->probes, sizeof(*v) * (c->nprobes + 1));
	if (v)
		c->probes = v;
	const char **k = v ? realloc(c->probe_keys, sizeof(*k) *
				     (c->nprobes + 1)) : NULL;
	if (!k) {
		w->oom = 1;
		return 1;
	}
	c->probe_keys = k;
	c->probes[c->nprobes] = y->name;
	c->probe_keys[c->nprobes++] = w->m->nodes[y->nodes[0]].help;
	return 0;
}

/*
 * The unrecorded probes the lines of c's links read: where a probe has no
 * recorded answer, a link may exist under one answer only, and the cycle
 * is conditional on it. Returns 0, or -1 out of memory.
 */
static int cycle_probes(const struct model *m, struct cycle *c)
{
	struct probe_walk w = { m, c, 0 };
	struct model_probe_use *u;
	uint32_t n;
	if (model_probe_uses(m, &u, &n))
		return -1;
	for (uint32_t i = 0; i < n && !w.oom; i++) {
		int on = 0;
		for (uint32_t j = 0; j < c->nlinks && !on; j++)
			on = c->links[j].line == u[i].loc.line &&
			     !strcmp(c->links[j].file, m->files[u[i].loc.file]);
		if (on)
			probe_cb(u[i].sym, &w);
	}
	free(u);
	return w.oom ? -1 : 0;
}

/* Adds the cycle of out edges k unless the report has it already. */
static int add_cycle(struct finder *f, const struct model *m,
		     const struct graph *g, const uint32_t *k, uint32_t n,
		     const struct graph_comp *comp)
{
	struct cycle_link *links;
	int len = to_links(m, g, k, n, &links);
	if (len < 0)
		return -1;
	rotate(links, (uint32_t)len);
	for (uint32_t i = 0; i < f->r->n; i++) {
		if (same_cycle(&f->r->v[i], links, (uint32_t)len)) {
			free(links);
			return 0;
		}
	}
	if (f->r->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 16;
		void *v = realloc(f->r->v, sizeof(*f->r->v) * f->cap);
		if (!v) {
			free(links);
			return -1;
		}
		f->r->v = v;
	}
	struct cycle *c = &f->r->v[f->r->n++];
	memset(c, 0, sizeof(*c));
	c->links = links;
	c->nlinks = (uint32_t)len;
	uint32_t nc = 0;
	for (uint32_t i = 0; i < comp->n; i++)
		nc += 1 + m->syms[comp->nodes[i]].nmembers;
	c->component = malloc(sizeof(char *) * (nc + 1));
	if (!c->component || cycle_probes(m, c))
		return -1;
	for (uint32_t i = 0; i < comp->n; i++) {
		const struct sym *s = &m->syms[comp->nodes[i]];
		c->component[c->ncomponent++] = s->name;
		for (uint32_t j = 0; j < s->nmembers; j++)
			c->component[c->ncomponent++] =
				m->syms[s->members[j]].name;
	}
	return 0;
}

/* The cycles of profile p's graph, into f. */
static int find_in(struct finder *f, const struct model *m, unsigned p)
{
	struct graph g;
	struct graph_comp *comps = NULL;
	uint32_t ncomps = 0, *comp_of = NULL, *k = NULL, n;
	uint8_t *covered = NULL;
	int ret = -1;

	if (graph_build(m, &g))
		return -1;
	comp_of = malloc(sizeof(uint32_t) * (g.n + 1));
	covered = calloc(g.off[g.n] + 1, 1);
	if (!comp_of || !covered ||
	    graph_components(&g, &comps, &ncomps, comp_of))
		goto done;
	for (uint32_t c = 0; c < ncomps; c++) {
		uint32_t found = 0;
		if (record_component(f, m, &g, comp_of, comps, c, p))
			goto done;
		/* the shortest, then one through each edge not yet used */
		for (uint32_t i = 0; i <= comps[c].n; i++) {
			uint32_t v = i ? comps[c].nodes[i - 1] : MODEL_NONE;
			uint32_t k0 = v == MODEL_NONE ? 0 : g.off[v];
			uint32_t k1 = v == MODEL_NONE ? 1 : g.off[v + 1];
			for (uint32_t e = k0; e < k1; e++) {
				if (found >= CYCLE_MAX_PER_COMPONENT)
					break;
				if (v != MODEL_NONE &&
				    (comp_of[g.to[e]] != c || covered[e]))
					continue;
				if (graph_cycle(&g, comp_of, c,
						v == MODEL_NONE ? MODEL_NONE
								: e,
						&k, &n))
					continue;
				for (uint32_t j = 0; j < n; j++)
					covered[k[j]] = 1;
				int r = add_cycle(f, m, &g, k, n, &comps[c]);
				free(k);
				if (r)
					goto done;
				found++;
			}
		}
	}
	ret = 0;
done:
	if (ret && !kdep_error_last()[0])
		kdep_error_set("out of memory");
	graph_components_free(comps, ncomps);
	free(comp_of);
	free(covered);
	graph_free(&g);
	return ret;
}

int cycles_find(struct model *const *models, unsigned nprofiles,
		struct cycle_report *out)
{
	return cycles_find_graphs(models, nprofiles, NULL, NULL, out);
}

int cycles_find_graphs(struct model *const *models, unsigned nprofiles,
		       cycle_whole_fn whole, void *ctx,
		       struct cycle_report *out)
{
	struct finder f = { out, 0, 0 };
	struct edge_index *ix = calloc(nprofiles + 1, sizeof(*ix));
	int ret = -1;

	memset(out, 0, sizeof(*out));
	kdep_error_clear();
	if (!ix || nprofiles > 64)
		goto done;
	for (unsigned p = 0; p < nprofiles; p++)
		if (find_in(&f, models[p], p) || index_build(&ix[p], models[p]))
			goto done;
	for (uint32_t i = 0; i < out->components; i++) {
		struct cycle_component *k = &out->comps[i];
		qsort(k->edges, k->nedges, sizeof(*k->edges), edge_cmp);
		uint32_t u = 0;
		for (uint32_t j = 0; j < k->nedges; j++)
			if (!u || edge_cmp(&k->edges[u - 1], &k->edges[j]))
				k->edges[u++] = k->edges[j];
		k->nedges = u;
	}
	/* under which profiles each cycle exists, and why not elsewhere */
	for (uint32_t i = 0; i < out->n; i++) {
		struct cycle *c = &out->v[i];
		c->breaks = calloc(nprofiles + 1, sizeof(*c->breaks));
		if (!c->breaks)
			goto done;
		for (unsigned p = 0; p < nprofiles; p++) {
			uint32_t j = 0;
			while (j < c->nlinks && has_link(&ix[p], &c->links[j]))
				j++;
			if (j == c->nlinks) {
				c->profiles |= 1ull << p;
				continue;
			}
			struct model *m = models[p];
			if (m->graph_only && !whole) {
				kdep_error_set("no whole model of profile %u "
					       "to explain a cycle", p);
				goto done;
			}
			if (m->graph_only && !(m = whole(ctx, p)))
				goto done;
			explain(m, &c->links[j], p, &c->breaks[c->nbreaks++]);
		}
	}
	ret = 0;
done:
	if (ret) {
		if (!kdep_error_last()[0])
			kdep_error_set("out of memory");
		cycle_report_free(out);
	}
	for (unsigned p = 0; ix && p < nprofiles; p++)
		free(ix[p].by_from);
	free(ix);
	return ret;
}

/* ---- the rule ----------------------------------------------------------- */

static void report_free(void *p)
{
	cycle_report_free(p);
	free(p);
}

/* Whether the end (name, choice file) is a symbol of component k. */
static int comp_has(const struct cycle_component *k, const char *name,
		    const char *choice_file)
{
	struct cycle_sym key = { name, choice_file };
	return bsearch(&key, k->syms, k->n, sizeof(key), sym_cmp) != NULL;
}

/* Whether cycle c lies in component k (it may lie in components of
 * several profiles). */
static int lies_in(const struct cycle *c, const struct cycle_component *k)
{
	for (uint32_t i = 0; i < c->nlinks; i++)
		if (!comp_has(k, c->links[i].from, c->links[i].from_file) ||
		    !comp_has(k, c->links[i].to, c->links[i].to_file))
			return 0;
	return 1;
}

/* What a finding of one component is built from, until the sink has it. */
struct draft {
	struct finding f;
	struct finding_strs strs;      /* its formatted strings */
	struct finding_related *rel;   /* f.related */
	size_t caprel;
	const char **names;            /* f.symbols */
	const char **ids;              /* the fingerprint's set */
	const char **holds;            /* f.holds */
	struct finding_absent *absent; /* f.absent */
	struct finding_edge *edges;    /* f.edges */
};

static void draft_free(struct draft *d)
{
	finding_strs_free(&d->strs);
	free(d->rel);
	free(d->names);
	free(d->ids);
	free(d->holds);
	free(d->absent);
	free(d->edges);
}

/* Adds a related place unless f has the same one already. */
static int relate(struct draft *d, const char *role, const char *file,
		  uint32_t line, const char *symbol, const char *message)
{
	if (!message)
		return -1;
	for (size_t i = 0; i < d->f.nrelated; i++) {
		const struct finding_related *r = &d->rel[i];
		if (r->line == line && !strcmp(r->role, role) &&
		    !strcmp(r->file, file) && !strcmp(r->message, message))
			return 0;
	}
	if (kdep_grow(&d->rel, &d->caprel, d->f.nrelated + 1, sizeof(*d->rel)))
		return -1;
	d->rel[d->f.nrelated++] = (struct finding_related){
		role, file, line, symbol, message };
	d->f.related = d->rel;
	return 0;
}

static const char *link_text(struct draft *d, const struct cycle_link *l)
{
	return finding_strs_printf(&d->strs, "%s %s %s", l->from,
				   cycle_phrase(l->kind), l->to);
}

/* The links of the component's cycles, each line they are written on
 * as it reads, and the lines that fold them away under other profiles;
 * the first link is the primary place. */
static int draft_links(struct draft *d, const struct rule_ctx *ctx,
		       const struct cycle_report *r,
		       const struct cycle_component *k)
{
	char buf[4096];
	for (uint32_t i = 0; i < r->n; i++) {
		const struct cycle *c = &r->v[i];
		if (!lies_in(c, k))
			continue;
		if (!d->f.file) {
			d->f.file = c->links[0].file;
			d->f.line = c->links[0].line;
		}
		for (uint32_t j = 0; j < c->nlinks; j++) {
			const struct cycle_link *l = &c->links[j];
			if (relate(d, "link", l->file, l->line, l->from,
				   link_text(d, l)))
				return -1;
			if (finding_related_at(&d->f, "line", l->file,
					       l->line))
				continue;
			ctx->line_text(ctx->engine, l->file, l->line, buf,
				       sizeof(buf));
			if (relate(d, "line", l->file, l->line, l->from,
				   finding_strs_printf(&d->strs, "%s", buf)))
				return -1;
		}
		for (uint32_t j = 0; j < c->nbreaks; j++) {
			const struct cycle_break *b = &c->breaks[j];
			if (!b->dep_file)
				continue;
			ctx->line_text(ctx->engine, b->dep_file, b->dep_line,
				       buf, sizeof(buf));
			if (relate(d, "folded-by", b->dep_file, b->dep_line,
				   b->link.from,
				   finding_strs_printf(&d->strs, "%s", buf)))
				return -1;
		}
	}
	return 0;
}

/* Why the component is not one under profile p: the first cycle of it
 * that is absent there, and what folds it away. */
static const char *absent_reason(struct draft *d, const struct cycle_report *r,
				 const struct cycle_component *k, unsigned p)
{
	for (uint32_t i = 0; i < r->n; i++) {
		const struct cycle *c = &r->v[i];
		if (!lies_in(c, k))
			continue;
		for (uint32_t j = 0; j < c->nbreaks; j++) {
			const struct cycle_break *b = &c->breaks[j];
			if (b->profile != p)
				continue;
			const struct cycle_link *l = &b->link;
			const struct finding_related *by = b->dep_file
				? finding_related_at(&d->f, "folded-by",
						     b->dep_file, b->dep_line)
				: NULL;
			if (!by)
				return finding_strs_printf(&d->strs,
					"%s (%s:%u) is not in its graph",
					link_text(d, l), l->file, l->line);
			return finding_strs_printf(&d->strs,
				"%s (%s:%u) is not in its graph: folded away "
				"by %s:%u: %s", link_text(d, l), l->file,
				l->line, by->file, by->line, by->message);
		}
	}
	return finding_strs_printf(&d->strs, "no component of its graph has "
				   "exactly these symbols");
}

/* The finding of component k of report r. */
static int component_finding(const struct rule *self,
			     const struct rule_ctx *ctx,
			     const struct cycle_report *r,
			     const struct cycle_component *k,
			     struct finding_sink *sink)
{
	struct draft d = { 0 };
	int ret = -1;

	d.f.rule = self->id;
	d.f.severity = self->severity;
	d.f.kind = FINDING_FAIL;
	d.f.message = "recursive dependency";
	d.f.arch = ctx->arch;
	d.f.payload = r;
	d.names = kdep_calloc(k->n + 1, sizeof(*d.names));
	d.ids = kdep_calloc(k->n + 1, sizeof(*d.ids));
	d.holds = kdep_calloc(ctx->nprofiles + 1, sizeof(*d.holds));
	d.absent = kdep_calloc(ctx->nprofiles + 1, sizeof(*d.absent));
	d.edges = kdep_calloc(k->nedges + 1, sizeof(*d.edges));
	if (!d.names || !d.ids || !d.holds || !d.absent || !d.edges ||
	    draft_links(&d, ctx, r, k))
		goto done;
	for (uint32_t i = 0; i < r->n; i++) {
		const struct cycle *c = &r->v[i];
		for (uint32_t j = 0; lies_in(c, k) && j < c->nprobes; j++) {
			d.f.message = CYCLE_CONDITIONAL;
			if (relate(&d, "assumes", "", 0, c->probes[j],
				   finding_strs_printf(&d.strs, "probe '%s'",
						       c->probe_keys[j])))
				goto done;
		}
	}
	for (uint32_t i = 0; i < k->n; i++) {
		d.names[i] = k->syms[i].name;
		d.ids[i] = finding_identity(&d.strs, k->syms[i].name,
					    k->syms[i].choice_file);
		if (!d.ids[i])
			goto done;
	}
	d.f.symbols = d.names;
	d.f.nsymbols = k->n;
	for (unsigned p = 0; p < ctx->nprofiles; p++) {
		if (k->profiles & (1ull << p)) {
			d.holds[d.f.nholds++] = ctx->profiles[p];
			continue;
		}
		struct finding_absent *a = &d.absent[d.f.nabsent++];
		a->profile = ctx->profiles[p];
		if (!(a->reason = absent_reason(&d, r, k, p)))
			goto done;
	}
	d.f.holds = d.holds;
	d.f.absent = d.absent;
	for (uint32_t i = 0; i < k->nedges; i++) {
		const struct cycle_link *l = &k->edges[i];
		struct finding_edge *e = &d.edges[i];
		e->from = finding_identity(&d.strs, l->from, l->from_file);
		e->to = finding_identity(&d.strs, l->to, l->to_file);
		e->kind = model_edge_kind_name(l->kind);
		e->file = l->file;
		if (!e->from || !e->to)
			goto done;
	}
	d.f.edges = d.edges;
	d.f.nedges = finding_edges_sort(d.edges, k->nedges);
	if (finding_fingerprint(self->id, NULL, 0, d.ids, k->n,
				&d.f.fingerprint))
		goto done;
	ret = sink->add(sink->ctx, &d.f);
done:
	draft_free(&d);
	return ret;
}

int rule_cycle_run(const struct rule *self, const struct rule_ctx *ctx,
		   struct finding_sink *sink)
{
	assert(ctx->line_text && ctx->nprofiles <= 64);
	struct cycle_report *r = kdep_calloc(1, sizeof(*r));
	if (!r)
		return -1;
	if (cycles_find_graphs(ctx->models, ctx->nprofiles, ctx->whole,
			       ctx->whole_ctx, r)) {
		free(r);
		return -1;
	}
	if (sink->keep(sink->ctx, r, report_free))
		return -1;
	for (uint32_t i = 0; i < r->components; i++)
		if (component_finding(self, ctx, r, &r->comps[i], sink))
			return -1;
	return 0;
}
