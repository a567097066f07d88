/*
 * graph_scc.h - the graph the kernel's recursive-dependency check walks,
 * its strongly connected components, and short concrete cycles in them.
 *
 * The kernel's sym_check_deps() (scripts/kconfig/symbol.c) walks from a
 * symbol to the symbols of its dependencies, of its reverse dependencies
 * (selectors and select conditions), of what implies it, of the conditions
 * of its prompts, defaults and ranges, and of its default values (not for
 * a choice, and never range bounds). A choice block is checked as a whole:
 * reaching any member is reaching the block, and from the block every
 * member's dependencies and the choice's own are walked; a walk that comes
 * back to the block it started in is a cycle. So here a choice and its
 * members are one node.
 */
#ifndef KDEP_GRAPH_SCC_H
#define KDEP_GRAPH_SCC_H

#include "model.h"

struct graph {
	uint32_t n;      /* nodes: one per symbol of the model */
	uint32_t *rep;   /* symbol -> its node: a member's is its choice's */
	uint32_t *off;   /* n + 1 offsets: node v's out edges are
			    [off[v], off[v + 1]) */
	uint32_t *to;    /* per out edge: the node it leads to */
	uint32_t *edge;  /* per out edge: its index in model->edges */
};

/* Whether the kernel's check walks model edge e. */
int graph_walks(const struct model *m, const struct edge *e);

int graph_build(const struct model *m, struct graph *g);
void graph_free(struct graph *g);

/* A strongly connected component that holds a cycle. */
struct graph_comp {
	uint32_t *nodes; /* its nodes, ascending */
	uint32_t n;
};

/*
 * Every component with a cycle (more than one node, or a node with an edge
 * to itself), ordered by their first node. comp_of (g->n entries, owned by
 * the caller when not NULL) gets each node's component, or MODEL_NONE.
 */
int graph_components(const struct graph *g, struct graph_comp **out,
		     uint32_t *n, uint32_t *comp_of);
void graph_components_free(struct graph_comp *c, uint32_t n);

/*
 * A shortest cycle inside component c (comp_of as filled above): through
 * out edge k (an index into g->to) when k is not MODEL_NONE, else the
 * shortest of the component: a breadth-first search from each of its nodes
 * in turn, each no deeper than the best so far, until GRAPH_CYCLE_BUDGET
 * nodes have been visited in all (then the best found so far; real
 * components are far below it). *cycle gets the out-edge indices in order
 * (free it); returns 0, or -1 when there is none through k.
 */
#define GRAPH_CYCLE_BUDGET 4000000u
int graph_cycle(const struct graph *g, const uint32_t *comp_of, uint32_t c,
		uint32_t k, uint32_t **cycle, uint32_t *len);

#endif
