/*
 * dot.h - pictures of dependencies in graphviz's language, and the one
 * adapter that renders them (graphviz.c runs kdep's own `dot -Tsvg` as a
 * child: the DOT text goes in on its standard input, never on a command
 * line, and every string in it is escaped by dot_string()).
 *
 * An edge is drawn the way the dependency reads, from the symbol whose
 * value depends to the one it depends on ("A depends on B": A -> B; "B is
 * selected by C": B -> C), so that a cycle's links follow each other
 * around the picture, each labelled by its kind and its line.
 */
#ifndef KDEP_DOT_H
#define KDEP_DOT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "finding.h"

enum dot_style {
	DOT_PLAIN = 0, /* an ordinary node or edge */
	DOT_MARKED,    /* the symbol asked about, the line closing a cycle */
	DOT_ABSENT,    /* an edge a profile's graph folds away (dashed) */
};

struct dot_node {
	const char *name;     /* the symbol (its label) */
	uint8_t style;        /* enum dot_style */
};

struct dot_edge {
	const char *from;     /* the symbol whose value depends */
	const char *to;       /* the symbol it depends on */
	const char *label;    /* its kind ("depends on"), or NULL */
	const char *file;     /* where it is written, or NULL */
	uint32_t line;        /* its line, 0 for none */
	const char *absent;   /* DOT_ABSENT: the profile whose graph lacks
				 it (said under its label), else NULL */
	uint8_t style;        /* enum dot_style */
};

/* A picture: nodes and the edges between them (an edge's ends need not
 * be listed as nodes: dot adds them). */
struct dot_graph {
	const char *title;    /* a caption, or NULL */
	int ring;             /* a cycle: drawn as a ring (graphviz's circo
				 layout) rather than in ranks */
	struct dot_node *nodes;
	size_t nnodes;
	struct dot_edge *edges;
	size_t nedges;
};

/* s as a DOT string literal, quotes included: '"' and '\' escaped (so
 * that no escape of dot's, \N \G \l, is read in a tree's text), line
 * breaks as spaces, control characters dropped. */
void dot_string(FILE *f, const char *s);

/* g as a whole digraph. */
void dot_graph_write(FILE *f, const struct dot_graph *g);
/* g as a cluster of a larger digraph: node ids prefixed by "cID_". */
void dot_graph_cluster(FILE *f, const struct dot_graph *g, unsigned id);
/* The head and end of the digraph clusters go in. */
void dot_digraph_begin(FILE *f, const char *name);
void dot_digraph_end(FILE *f);

/*
 * The picture of the cycles of finding f (a recursive dependency, its
 * payload a struct cycle_report): cycle i of its payload that lies in
 * its component into *g, the closing link marked, links absent under a
 * profile dashed and named. The graph's arrays are the caller's to free
 * with dot_graph_free(). Returns 0, or -1 (out of memory) with the error
 * set; g empty when i is past the finding's cycles.
 */
int dot_cycle_graph(const struct finding *f, const char *const *profiles,
		    size_t nprofiles, size_t i, struct dot_graph *g);
/* How many cycles of f's payload lie in its component. */
size_t dot_cycle_count(const struct finding *f);
/* The picture of any finding from its edges (finding_edge). */
int dot_finding_graph(const struct finding *f, struct dot_graph *g);
void dot_graph_free(struct dot_graph *g);

/*
 * The one graphviz adapter: renders DOT text (n bytes) to SVG with
 * `dot -Tsvg`, fed on its standard input; *svg (NUL-terminated, from the
 * "<svg" element on: no XML declaration nor doctype, to inline it in a
 * page) is the caller's to free. Returns 0, or -1 with the error set
 * ("cannot run dot: ...", "dot failed: ...").
 */
int graphviz_svg(const char *dot, size_t n, char **svg, size_t *len);

#endif
