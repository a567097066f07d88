/*
 * graph_scc.c - the recursive-dependency graph, Tarjan's strongly connected
 * components (iterative: real trees nest thousands deep), and shortest
 * cycles by breadth-first search inside one component.
 */
#include "graph_scc.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>

int graph_walks(const struct model *m, const struct edge *e)
{
	switch (e->kind) {
	case EDGE_RANGE:  /* range bounds: never walked */
	case EDGE_CHOICE: /* membership: the block is one node */
		return 0;
	case EDGE_DEFAULT: /* a choice's default names a member */
		return !(m->syms[e->from].flags & SYMF_CHOICE);
	default:
		return 1;
	}
}

void graph_free(struct graph *g)
{
	free(g->rep);
	free(g->off);
	free(g->to);
	free(g->edge);
	memset(g, 0, sizeof(*g));
}

int graph_build(const struct model *m, struct graph *g)
{
	memset(g, 0, sizeof(*g));
	g->n = m->nsyms;
	g->rep = malloc(sizeof(uint32_t) * (g->n ? g->n : 1));
	g->off = calloc(g->n + 1, sizeof(uint32_t));
	if (!g->rep || !g->off)
		goto oom;
	for (uint32_t s = 0; s < g->n; s++)
		g->rep[s] = m->syms[s].choice != MODEL_NONE ? m->syms[s].choice
							     : s;
	uint32_t ne = 0;
	for (uint32_t i = 0; i < m->nedges; i++) {
		if (graph_walks(m, &m->edges[i])) {
			g->off[g->rep[m->edges[i].from] + 1]++;
			ne++;
		}
	}
	for (uint32_t v = 0; v < g->n; v++)
		g->off[v + 1] += g->off[v];
	g->to = malloc(sizeof(uint32_t) * (ne ? ne : 1));
	g->edge = malloc(sizeof(uint32_t) * (ne ? ne : 1));
	uint32_t *fill = malloc(sizeof(uint32_t) * (g->n ? g->n : 1));
	if (!g->to || !g->edge || !fill) {
		free(fill);
		goto oom;
	}
	memcpy(fill, g->off, sizeof(uint32_t) * g->n);
	for (uint32_t i = 0; i < m->nedges; i++) {
		const struct edge *e = &m->edges[i];
		if (!graph_walks(m, e))
			continue;
		uint32_t k = fill[g->rep[e->from]]++;
		g->to[k] = g->rep[e->to];
		g->edge[k] = i;
	}
	free(fill);
	return 0;
oom:
	graph_free(g);
	kdep_error_set("out of memory");
	return -1;
}

/* ---- components --------------------------------------------------------- */

void graph_components_free(struct graph_comp *c, uint32_t n)
{
	for (uint32_t i = 0; c && i < n; i++)
		free(c[i].nodes);
	free(c);
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int comp_cmp(const void *a, const void *b)
{
	const struct graph_comp *x = a, *y = b;
	return u32_cmp(&x->nodes[0], &y->nodes[0]);
}

/* Whether node v has an edge to itself. */
static int self_loop(const struct graph *g, uint32_t v)
{
	for (uint32_t k = g->off[v]; k < g->off[v + 1]; k++)
		if (g->to[k] == v)
			return 1;
	return 0;
}

int graph_components(const struct graph *g, struct graph_comp **out,
		     uint32_t *nout, uint32_t *comp_of)
{
	uint32_t n = g->n, idx = 0, sp = 0, cs = 0, ncomp = 0, cap = 0;
	uint32_t *index = malloc(sizeof(uint32_t) * (n + 1));
	uint32_t *low = malloc(sizeof(uint32_t) * (n + 1));
	uint32_t *stack = malloc(sizeof(uint32_t) * (n + 1));
	uint32_t *call = malloc(sizeof(uint32_t) * (n + 1)); /* DFS nodes */
	uint32_t *next = malloc(sizeof(uint32_t) * (n + 1)); /* next edge */
	uint8_t *on = calloc(n + 1, 1);
	struct graph_comp *comps = NULL;
	int ret = -1;

	*out = NULL;
	*nout = 0;
	if (!index || !low || !stack || !call || !next || !on)
		goto oom;
	for (uint32_t v = 0; v < n; v++)
		index[v] = MODEL_NONE;
	if (comp_of)
		for (uint32_t v = 0; v < n; v++)
			comp_of[v] = MODEL_NONE;

	for (uint32_t root = 0; root < n; root++) {
		if (index[root] != MODEL_NONE || g->off[root] == g->off[root + 1])
			continue;
		call[cs++] = root;
		index[root] = low[root] = idx++;
		next[root] = g->off[root];
		stack[sp++] = root;
		on[root] = 1;
		while (cs) {
			uint32_t v = call[cs - 1];
			if (next[v] < g->off[v + 1]) {
				uint32_t w = g->to[next[v]++];
				if (index[w] == MODEL_NONE) {
					index[w] = low[w] = idx++;
					next[w] = g->off[w];
					stack[sp++] = w;
					on[w] = 1;
					call[cs++] = w;
				} else if (on[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			cs--;
			if (cs && low[v] < low[call[cs - 1]])
				low[call[cs - 1]] = low[v];
			if (low[v] != index[v])
				continue;
			/* v roots a component: pop it */
			uint32_t start = sp;
			do {
				start--;
				on[stack[start]] = 0;
			} while (stack[start] != v);
			uint32_t size = sp - start;
			if (size > 1 || self_loop(g, v)) {
				if (ncomp == cap) {
					cap = cap ? cap * 2 : 16;
					void *p = realloc(comps,
							  sizeof(*comps) * cap);
					if (!p)
						goto oom;
					comps = p;
				}
				struct graph_comp *c = &comps[ncomp];
				c->n = size;
				c->nodes = malloc(sizeof(uint32_t) * size);
				if (!c->nodes)
					goto oom;
				memcpy(c->nodes, stack + start,
				       sizeof(uint32_t) * size);
				qsort(c->nodes, size, sizeof(uint32_t), u32_cmp);
				ncomp++;
			}
			sp = start;
		}
	}
	/* comps is NULL when there is none, and qsort takes no NULL even
	 * for no elements (C11 7.22.5) */
	if (ncomp)
		qsort(comps, ncomp, sizeof(*comps), comp_cmp);
	if (comp_of)
		for (uint32_t i = 0; i < ncomp; i++)
			for (uint32_t j = 0; j < comps[i].n; j++)
				comp_of[comps[i].nodes[j]] = i;
	*out = comps;
	*nout = ncomp;
	comps = NULL;
	ret = 0;
	goto done;
oom:
	kdep_error_set("out of memory");
done:
	graph_components_free(comps, ncomp);
	free(index);
	free(low);
	free(stack);
	free(call);
	free(next);
	free(on);
	return ret;
}

/* ---- shortest cycles ---------------------------------------------------- */

/* The node out edge k leaves. */
static uint32_t edge_source(const struct graph *g, uint32_t k)
{
	uint32_t lo = 0, hi = g->n;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (g->off[mid] <= k)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

struct bfs {
	uint32_t *dist;   /* per node: distance from the source, or NONE */
	uint32_t *via;    /* per node: the out edge it was reached by */
	uint32_t *queue;  /* nodes in visiting order */
};

/*
 * Breadth-first from src inside component c, no deeper than limit edges;
 * stops when target (if not NONE) is reached. Returns how many nodes were
 * visited (their dist/via must be reset by the caller from the queue).
 */
static uint32_t bfs_run(const struct graph *g, const uint32_t *comp_of,
			uint32_t c, struct bfs *b, uint32_t src,
			uint32_t target, uint32_t limit)
{
	uint32_t head = 0, tail = 0;
	b->dist[src] = 0;
	b->queue[tail++] = src;
	while (head < tail) {
		uint32_t v = b->queue[head++];
		if (v == target || b->dist[v] >= limit)
			continue;
		for (uint32_t k = g->off[v]; k < g->off[v + 1]; k++) {
			uint32_t w = g->to[k];
			if (comp_of[w] != c || b->dist[w] != MODEL_NONE)
				continue;
			b->dist[w] = b->dist[v] + 1;
			b->via[w] = k;
			b->queue[tail++] = w;
			if (w == target)
				return tail;
		}
	}
	return tail;
}

static void bfs_reset(struct bfs *b, uint32_t visited)
{
	for (uint32_t i = 0; i < visited; i++)
		b->dist[b->queue[i]] = MODEL_NONE;
}

/* The path src -> ... -> dst as out edges, written backwards into tail. */
static uint32_t path_to(const struct graph *g, const struct bfs *b,
			uint32_t src, uint32_t dst, uint32_t *out)
{
	uint32_t n = b->dist[dst];
	for (uint32_t v = dst, i = n; v != src; i--) {
		out[i - 1] = b->via[v];
		v = edge_source(g, b->via[v]);
	}
	return n;
}

int graph_cycle(const struct graph *g, const uint32_t *comp_of, uint32_t c,
		uint32_t k, uint32_t **cycle, uint32_t *len)
{
	struct bfs b = { 0 };
	uint32_t best = MODEL_NONE, best_src = MODEL_NONE,
		 best_back = MODEL_NONE;
	int ret = -1;

	*cycle = NULL;
	*len = 0;
	b.dist = malloc(sizeof(uint32_t) * (g->n + 1));
	b.via = malloc(sizeof(uint32_t) * (g->n + 1));
	b.queue = malloc(sizeof(uint32_t) * (g->n + 1));
	if (!b.dist || !b.via || !b.queue) {
		kdep_error_set("out of memory");
		goto done;
	}
	for (uint32_t v = 0; v < g->n; v++)
		b.dist[v] = MODEL_NONE;

	if (k != MODEL_NONE) {
		/* through edge k = u -> v: k, then a shortest v ~> u */
		uint32_t u = edge_source(g, k), v = g->to[k];
		if (comp_of[u] != c || comp_of[v] != c)
			goto done;
		uint32_t seen = bfs_run(g, comp_of, c, &b, v, u, MODEL_NONE);
		if (b.dist[u] != MODEL_NONE) {
			*len = b.dist[u] + 1;
			*cycle = malloc(sizeof(uint32_t) * *len);
			if (*cycle) {
				(*cycle)[0] = k;
				path_to(g, &b, v, u, *cycle + 1);
				ret = 0;
			}
		}
		bfs_reset(&b, seen);
		goto done;
	}

	/* the shortest cycle of the component: from each node, a search no
	 * deeper than the best cycle found so far, within a work budget */
	uint64_t work = 0;
	for (uint32_t v = 0; v < g->n && best > 1; v++) {
		if (comp_of[v] != c)
			continue;
		if (best != MODEL_NONE && work > GRAPH_CYCLE_BUDGET)
			break;
		uint32_t seen = bfs_run(g, comp_of, c, &b, v, MODEL_NONE,
					best == MODEL_NONE ? MODEL_NONE
							   : best - 1);
		work += seen;
		for (uint32_t i = 0; i < seen; i++) {
			uint32_t u = b.queue[i];
			for (uint32_t e = g->off[u]; e < g->off[u + 1]; e++) {
				if (g->to[e] != v || b.dist[u] + 1 >= best)
					continue;
				best = b.dist[u] + 1;
				best_src = v;
				best_back = e;
			}
		}
		bfs_reset(&b, seen);
	}
	if (best == MODEL_NONE)
		goto done;
	/* search again from the best source to write the path down */
	uint32_t u = edge_source(g, best_back);
	uint32_t seen = bfs_run(g, comp_of, c, &b, best_src, u, MODEL_NONE);
	*len = b.dist[u] + 1;
	*cycle = malloc(sizeof(uint32_t) * *len);
	if (*cycle) {
		path_to(g, &b, best_src, u, *cycle);
		(*cycle)[*len - 1] = best_back;
		ret = 0;
	}
	bfs_reset(&b, seen);
done:
	free(b.dist);
	free(b.via);
	free(b.queue);
	return ret;
}
