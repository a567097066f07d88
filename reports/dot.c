/*
 * dot.c - dependency pictures as DOT text (see dot.h): a digraph, or a
 * cluster per picture of a larger one, every id and label a quoted and
 * escaped string.
 */
#include "cycle.h"
#include "dot.h"
#include "alloc.h"
#include "view.h"

#include <stdlib.h>
#include <string.h>

void dot_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n' || c == '\r' || c == '\t')
			fputc(' ', f);
		else if (c >= 0x20 && c != 0x7f)
			fputc(c, f);
	}
	fputc('"', f);
}

/* A node's id: its name, prefixed in a cluster. */
static void node_id(FILE *f, const char *prefix, const char *name)
{
	char buf[512];
	snprintf(buf, sizeof(buf), "%s%s", prefix, name);
	dot_string(f, buf);
}

static void graph_body(FILE *f, const struct dot_graph *g,
		       const char *prefix, const char *indent)
{
	for (size_t i = 0; i < g->nnodes; i++) {
		const struct dot_node *n = &g->nodes[i];
		fputs(indent, f);
		node_id(f, prefix, n->name);
		fputs(" [label=", f);
		dot_string(f, n->name);
		if (n->style == DOT_MARKED)
			fputs(", style=\"filled,bold,rounded\", "
			      "fillcolor=\"#fde68a\"", f);
		fputs("];\n", f);
	}
	for (size_t i = 0; i < g->nedges; i++) {
		const struct dot_edge *e = &g->edges[i];
		char label[1024];
		size_t at = 0;
		label[0] = 0;
		if (e->label)
			at += (size_t)snprintf(label + at, sizeof(label) - at,
					       "%s", e->label);
		if (e->file && at < sizeof(label))
			at += (size_t)snprintf(label + at, sizeof(label) - at,
					       "%s%s:%u", at ? "\n" : "",
					       e->file, e->line);
		fputs(indent, f);
		node_id(f, prefix, e->from);
		fputs(" -> ", f);
		node_id(f, prefix, e->to);
		/* dot_string turns line breaks into spaces: a label of two
		 * lines is written as two strings joined by dot's \n */
		fputs(" [label=", f);
		char *nl = strchr(label, '\n');
		if (nl) {
			*nl = 0;
			dot_string(f, label);
			fputs(" + \"\\n\" + ", f);
			dot_string(f, nl + 1);
		} else {
			dot_string(f, label);
		}
		if (e->absent) {
			fputs(" + \"\\nabsent under \" + ", f);
			dot_string(f, e->absent);
		}
		if (e->style == DOT_MARKED)
			fputs(", color=\"#b91c1c\", fontcolor=\"#b91c1c\", "
			      "penwidth=2.5", f);
		else if (e->style == DOT_ABSENT)
			fputs(", style=dashed, color=\"#6b7280\", "
			      "fontcolor=\"#6b7280\"", f);
		fputs("];\n", f);
	}
}

void dot_digraph_begin(FILE *f, const char *name)
{
	fputs("digraph ", f);
	dot_string(f, name);
	fputs(" {\n\tgraph [rankdir=LR, fontname=\"Helvetica\", "
	      "fontsize=11];\n"
	      "\tnode [shape=box, style=rounded, fontname=\"Helvetica\", "
	      "fontsize=11];\n"
	      "\tedge [fontname=\"Helvetica\", fontsize=9];\n", f);
}

void dot_digraph_end(FILE *f)
{
	fputs("}\n", f);
}

void dot_graph_write(FILE *f, const struct dot_graph *g)
{
	dot_digraph_begin(f, g->title ? g->title : "kdep");
	if (g->ring)
		fputs("\tgraph [layout=circo, mindist=0.3];\n", f);
	if (g->title) {
		fputs("\tlabel=", f);
		dot_string(f, g->title);
		fputs(";\n\tlabelloc=t;\n", f);
	}
	graph_body(f, g, "", "\t");
	dot_digraph_end(f);
}

void dot_graph_cluster(FILE *f, const struct dot_graph *g, unsigned id)
{
	char prefix[32];
	snprintf(prefix, sizeof(prefix), "c%u_", id);
	fprintf(f, "\tsubgraph cluster_%u {\n", id);
	if (g->title) {
		fputs("\t\tlabel=", f);
		dot_string(f, g->title);
		fputs(";\n", f);
	}
	graph_body(f, g, prefix, "\t\t");
	fputs("\t}\n", f);
}

void dot_graph_free(struct dot_graph *g)
{
	free(g->nodes);
	free(g->edges);
	*g = (struct dot_graph){ 0 };
}

size_t dot_cycle_count(const struct finding *f)
{
	size_t n = 0;
	while (cycle_view_at(f, n))
		n++;
	return n;
}

int dot_cycle_graph(const struct finding *f, const char *const *profiles,
		    size_t nprofiles, size_t i, struct dot_graph *g)
{
	const struct cycle *c = cycle_view_at(f, i);
	*g = (struct dot_graph){ 0 };
	if (!c)
		return 0;
	g->ring = 1;
	g->nodes = kdep_calloc(c->nlinks + 1, sizeof(*g->nodes));
	g->edges = kdep_calloc(c->nlinks + 1, sizeof(*g->edges));
	if (!g->nodes || !g->edges) {
		dot_graph_free(g);
		return -1;
	}
	for (uint32_t k = 0; k < c->nlinks; k++) {
		const struct cycle_link *l = &c->links[k];
		const char *absent = NULL;
		for (uint32_t b = 0; b < c->nbreaks; b++) {
			const struct cycle_link *x = &c->breaks[b].link;
			if (x->line == l->line && !strcmp(x->file, l->file) &&
			    !strcmp(x->from, l->from) && !strcmp(x->to, l->to) &&
			    c->breaks[b].profile < nprofiles)
				absent = profiles[c->breaks[b].profile];
		}
		g->nodes[g->nnodes++] = (struct dot_node){ l->from, DOT_PLAIN };
		g->edges[g->nedges++] = (struct dot_edge){
			l->from, l->to, cycle_phrase(l->kind), l->file, l->line,
			absent,
			k == 0 ? DOT_MARKED : absent ? DOT_ABSENT : DOT_PLAIN };
	}
	return 0;
}

int dot_finding_graph(const struct finding *f, struct dot_graph *g)
{
	*g = (struct dot_graph){ 0 };
	g->title = f->message;
	g->nodes = kdep_calloc(f->nsymbols + 1, sizeof(*g->nodes));
	g->edges = kdep_calloc(f->nedges + 1, sizeof(*g->edges));
	if (!g->nodes || !g->edges) {
		dot_graph_free(g);
		return -1;
	}
	for (size_t i = 0; i < f->nsymbols; i++)
		g->nodes[g->nnodes++] = (struct dot_node){ f->symbols[i],
							   DOT_PLAIN };
	for (size_t i = 0; i < f->nedges; i++) {
		const struct finding_edge *e = &f->edges[i];
		g->edges[g->nedges++] = (struct dot_edge){
			e->from, e->to, e->kind, e->file, 0, NULL, DOT_PLAIN };
	}
	return 0;
}
