/*
 * cmd_show.c - `kdep show SYMBOL`: menuconfig's help screen, complete:
 * every definition with its lines, and the reverse view (who selects,
 * implies or depends on the symbol). A line whose macros the profile
 * expanded ('depends on $(success,...)') is shown as written, with what it
 * is under the profile.
 */
#include "cmd.h"
#include "alloc.h"
#include "error.h"
#include "cycle.h"
#include "dot.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>

/* One line of output: a property with its place. */
struct item {
	const char *text;     /* the expression or target, as written */
	const char *cond;     /* the 'if' condition, or NULL */
	const char *file;     /* the file it is written in */
	uint32_t line;        /* its line */
	const char *via;      /* inherited: "if", "menu", "choice"; NULL if
			       * the definition's own */
	const char *written;  /* a line with a macro: the line as written
			       * after its keyword; else NULL */
	const char *folds_to; /* then: what it is under the profile, its
			       * constants folded ("n" for a failed probe) */
};

/* The items of one heading, in output order. */
struct items {
	struct item *v;       /* the items */
	size_t n;             /* how many */
	size_t cap;           /* capacity of v */
};

/* One definition of the symbol, its properties by kind. */
struct show_def {
	const char *file;     /* where it is written */
	uint32_t line;        /* the line that opens it */
	int menuconfig;       /* defined with 'menuconfig' */
	struct items prompts; /* prompts, text in text */
	struct items depends; /* its own 'depends on', then the inherited */
	struct items defaults; /* 'default' values */
	struct items selects; /* 'select' targets */
	struct items implies; /* 'imply' targets */
	struct items ranges;  /* 'range' bounds, "LO HI" in text */
	const char *help;     /* the help text, or NULL */
};

/* An edge from the symbol, constants folded, as the cycle check walks it. */
struct show_edge {
	const char *to;       /* the symbol it leads to */
	const char *kind;     /* the edge kind's name */
	const char *file;     /* the file of the line that creates it */
	uint32_t line;        /* that line */
};

/*
 * Everything show says about one symbol, computed from the model before
 * anything is printed. Strings are borrowed from the model; the arrays
 * are freed by show_free().
 */
struct show {
	struct source *src;         /* the tree, for the lines as written */
	const char *arch;           /* the architecture of the scan */
	const char *profile;        /* its profile */
	const char *name;           /* the symbol */
	const char *type;           /* the name of its type */
	int defined;                /* it has a definition */
	int transitional;           /* defined 'transitional' */
	int modules;                /* it is the modules switch */
	const char *choice;         /* a member: its choice; else NULL */
	const char **members;       /* a choice: its members' names */
	size_t nmembers;            /* how many */
	struct show_def *defs;      /* its definitions, in order */
	size_t ndefs;               /* how many */
	struct show_edge *edges;    /* its edges, in graph order */
	size_t nedges;              /* how many */
	size_t cap_edges;           /* capacity of edges */
	struct items selected_by;   /* the reverse view: who selects it, */
	struct items implied_by;    /* who implies it, */
	struct items depended_on_by; /* and who depends on it */
	int failed;                 /* an allocation failed (error set) */
};

/* ---- computing ----------------------------------------------------------- */

static void items_add(struct show *sh, struct items *it, struct item x)
{
	if (sh->failed)
		return;
	if (kdep_grow(&it->v, &it->cap, it->n + 1, sizeof(*it->v))) {
		sh->failed = 1;
		return;
	}
	it->v[it->n++] = x;
}

/* The text of e, or NULL when there is none (or memory ran out). */
static const char *text_of(struct show *sh, struct model *m,
			   const struct expr *e)
{
	if (!e)
		return NULL;
	const char *t = model_expr_text(m, e);
	if (!t)
		sh->failed = 1;
	return t;
}

/* The bounds of a range as one text: "LO HI". */
static const char *range_text(struct show *sh, struct model *m,
			      const struct prop *p)
{
	const char *lo = model_expr_text(m, p->expr);
	const char *hi = model_expr_text(m, p->expr2);
	char *t = lo && hi ? model_alloc(m, strlen(lo) + strlen(hi) + 2)
			   : NULL;
	if (!t) {
		sh->failed = 1;
		return NULL;
	}
	sprintf(t, "%s %s", lo, hi);
	return t;
}

/* The text of e with its constants folded ("n", "y", "A"). */
static const char *folded_text(struct show *sh, struct model *m,
			       struct expr *e)
{
	struct expr *f = model_expr_folded(m, e);
	const char *t = f ? model_expr_text(m, f) : NULL;
	if (!t)
		sh->failed = 1;
	return t ? t : "";
}

/*
 * Where a property line's value starts, after its keyword ("depends on",
 * "default", "bool", "if", ...), and its length up to a comment.
 */
static const char *after_keyword(const char *line, size_t *len)
{
	size_t k = strcspn(line, " \t");
	const char *p = line + k + strspn(line + k, " \t");
	if (k == 7 && !strncmp(line, "depends", 7) && !strncmp(p, "on", 2) &&
	    (p[2] == ' ' || p[2] == '\t')) {
		p += 2;
		p += strspn(p, " \t");
	}
	char quote = 0;
	size_t n = 0;
	for (; p[n] && (quote || p[n] != '#'); n++) {
		if (quote && p[n] == '\\' && p[n + 1])
			n++;
		else if (p[n] == quote)
			quote = 0;
		else if (!quote && (p[n] == '"' || p[n] == '\''))
			quote = p[n];
	}
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	*len = n;
	return p;
}

/*
 * A line whose macros ($(...)) the profile expanded: x gets the line as
 * written and what it is under the profile, its value and condition each
 * folded ('depends on $(success,...)' is n under a toolchain failing the
 * probe). A line without a macro says what it says: x is left alone.
 */
static void item_written(struct show *sh, struct model *m,
			 const struct prop *p, struct item *x)
{
	char buf[4096];
	size_t len;
	const char *line = source_line_text(sh->src, m->files[p->loc.file],
					    p->loc.line, buf, sizeof(buf));
	if (!strstr(line, "$(") || sh->failed)
		return;
	const char *w = after_keyword(line, &len);
	if (!(x->written = model_strndup(m, w, len))) {
		sh->failed = 1;
		return;
	}
	if (!strstr(x->written, "$(")) {
		x->written = NULL; /* only its comment has one */
		return;
	}
	const char *value = p->kind == P_RANGE || p->kind == P_PROMPT ?
				    x->text : folded_text(sh, m, p->expr);
	/* a condition that folds to y says nothing */
	const char *cond = !p->cond || model_expr_fold(m, p->cond) ==
					       (int)MODEL_SYM_Y ?
				   NULL : folded_text(sh, m, p->cond);
	char *f = model_alloc(m, strlen(value) + (cond ? strlen(cond) : 0) +
				      5);
	if (!f) {
		x->written = NULL;
		sh->failed = 1;
		return;
	}
	sprintf(f, "%s%s%s", value, cond ? " if " : "", cond ? cond : "");
	x->folds_to = f;
}

static struct item prop_item(struct show *sh, struct model *m,
			     const struct prop *p)
{
	struct item x = { NULL, text_of(sh, m, p->cond),
			  m->files[p->loc.file], p->loc.line, NULL, NULL,
			  NULL };
	if (p->kind == P_RANGE)
		x.text = range_text(sh, m, p);
	else if (p->kind == P_PROMPT)
		x.text = p->text;
	else
		x.text = text_of(sh, m, p->expr);
	if (x.text)
		item_written(sh, m, p, &x);
	return x;
}

/* Where model_inherited_walk puts a definition's inherited conditions. */
struct inherit {
	struct show *sh;      /* the symbol being described */
	struct model *m;      /* its model */
	struct items *deps;   /* the definition's depends */
};

static int inherited_cb(const struct node *block, const struct prop *dep,
			void *arg)
{
	struct inherit *in = arg;
	struct model *m = in->m;
	struct item x;
	if (dep) {
		x = prop_item(in->sh, m, dep);
		x.via = block->kind == NODE_IF ? "if" : "menu";
	} else {
		x = (struct item){ m->syms[block->sym].name, NULL,
				   m->files[block->loc.file], block->loc.line,
				   "choice", NULL, NULL };
	}
	items_add(in->sh, in->deps, x);
	return 0;
}

static void compute_def(struct show *sh, struct model *m,
			const struct node *n, struct show_def *d)
{
	d->file = m->files[n->loc.file];
	d->line = n->loc.line;
	d->menuconfig = n->menuconfig;
	d->help = n->help;
	for (uint32_t i = 0; i < n->nprops; i++) {
		const struct prop *p = &n->props[i];
		struct items *to = p->kind == P_DEPENDS ? &d->depends :
				   p->kind == P_PROMPT ? &d->prompts :
				   p->kind == P_DEFAULT ? &d->defaults :
				   p->kind == P_SELECT ? &d->selects :
				   p->kind == P_IMPLY ? &d->implies :
				   p->kind == P_RANGE ? &d->ranges : NULL;
		if (to)
			items_add(sh, to, prop_item(sh, m, p));
	}
	struct inherit in = { sh, m, &d->depends };
	model_inherited_walk(m, n, inherited_cb, &in);
}

static void compute_edges(struct show *sh, const struct model *m,
			  uint32_t si)
{
	for (uint32_t i = 0; i < m->nedges && !sh->failed; i++) {
		const struct edge *e = &m->edges[i];
		/* 170000 in 'CLANG_VERSION >= 170000' is no symbol to list */
		if (e->from != si || model_sym_is_number(m, e->to))
			continue;
		if (kdep_grow(&sh->edges, &sh->cap_edges, sh->nedges + 1,
			      sizeof(*sh->edges))) {
			sh->failed = 1;
			break;
		}
		sh->edges[sh->nedges++] = (struct show_edge){
			m->syms[e->to].name, model_edge_kind_name(e->kind),
			m->files[e->loc.file], e->loc.line };
	}
}

static void compute_refs(struct show *sh, struct model *m, uint32_t si)
{
	struct model_ref *refs;
	size_t n;
	if (model_refs(m, si, &refs, &n)) {
		sh->failed = 1;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct model_ref *r = &refs[i];
		struct items *to = r->kind == REF_SELECT ? &sh->selected_by :
				   r->kind == REF_IMPLY ? &sh->implied_by :
							  &sh->depended_on_by;
		items_add(sh, to, (struct item){
			m->syms[r->from].name, text_of(sh, m, r->cond),
			m->files[r->loc.file], r->loc.line, NULL, NULL, NULL });
	}
	model_refs_free(refs);
}

static void show_free(struct show *sh)
{
	for (size_t d = 0; d < sh->ndefs; d++) {
		struct show_def *def = &sh->defs[d];
		free(def->prompts.v);
		free(def->depends.v);
		free(def->defaults.v);
		free(def->selects.v);
		free(def->implies.v);
		free(def->ranges.v);
	}
	free(sh->defs);
	free(sh->members);
	free(sh->edges);
	free(sh->selected_by.v);
	free(sh->implied_by.v);
	free(sh->depended_on_by.v);
}

/*
 * Describes symbol si of m into sh. Returns 0, or -1 with the error set;
 * show_free() it either way.
 */
static int show_compute(struct source *src, struct model *m, uint32_t si,
			const char *arch, const char *profile, struct show *sh)
{
	const struct sym *s = &m->syms[si];

	memset(sh, 0, sizeof(*sh));
	sh->src = src;
	sh->arch = arch;
	sh->profile = profile;
	sh->name = s->name;
	sh->type = model_type_name(s->type);
	sh->defined = s->nnodes > 0;
	sh->transitional = !!(s->flags & SYMF_TRANSITIONAL);
	sh->modules = !!(s->flags & SYMF_MODULES);
	sh->choice = s->choice == MODEL_NONE ? NULL : m->syms[s->choice].name;
	if (s->flags & SYMF_CHOICE) {
		if (!(sh->members = kdep_calloc(s->nmembers,
						sizeof(*sh->members))))
			return -1;
		for (uint32_t i = 0; i < s->nmembers; i++)
			sh->members[i] = m->syms[s->members[i]].name;
		sh->nmembers = s->nmembers;
	}
	if (!(sh->defs = kdep_calloc(s->nnodes, sizeof(*sh->defs))))
		return -1;
	for (uint32_t d = 0; d < s->nnodes && !sh->failed; d++, sh->ndefs++)
		compute_def(sh, m, &m->nodes[s->nodes[d]], &sh->defs[d]);
	compute_edges(sh, m, si);
	compute_refs(sh, m, si);
	return sh->failed ? -1 : 0;
}

/* ---- text ---------------------------------------------------------------- */

static void text_items(FILE *f, const char *title, const struct items *it,
		       const char *profile)
{
	if (!it->n)
		return;
	fprintf(f, "  %s:\n", title);
	for (size_t i = 0; i < it->n; i++) {
		const struct item *x = &it->v[i];
		if (x->written)
			fprintf(f, "    %s  [%s under %s]", x->written,
				x->folds_to, profile);
		else
			fprintf(f, "    %s%s%s", x->text ? x->text : "",
				x->cond ? " if " : "", x->cond ? x->cond : "");
		fprintf(f, "  (%s:%u%s%s)\n", x->file, x->line,
			x->via ? ", from " : "", x->via ? x->via : "");
	}
}

static void text_def(FILE *f, const struct show_def *d, const char *profile)
{
	fprintf(f, "\n  defined at %s:%u%s\n", d->file, d->line,
		d->menuconfig ? " (menuconfig)" : "");
	text_items(f, "prompt", &d->prompts, profile);
	text_items(f, "depends on", &d->depends, profile);
	text_items(f, "defaults", &d->defaults, profile);
	text_items(f, "selects", &d->selects, profile);
	text_items(f, "implies", &d->implies, profile);
	text_items(f, "ranges", &d->ranges, profile);
	if (d->help) {
		fprintf(f, "  help:\n");
		const char *h = d->help;
		while (*h) {
			size_t len = strcspn(h, "\n");
			fprintf(f, "    %.*s\n", (int)len, h);
			h += len + (h[len] == '\n');
		}
	}
}

static void show_text(FILE *f, const struct show *sh)
{
	fprintf(f, "%s: %s%s%s%s  [%s, %s]\n", sh->name, sh->type,
		sh->transitional ? ", transitional" : "",
		sh->modules ? ", the modules switch" : "",
		sh->defined ? "" : ", undefined", sh->arch, sh->profile);
	if (sh->choice)
		fprintf(f, "  member of %s\n", sh->choice);
	for (size_t i = 0; i < sh->nmembers; i++)
		fprintf(f, "  member: %s\n", sh->members[i]);
	for (size_t d = 0; d < sh->ndefs; d++)
		text_def(f, &sh->defs[d], sh->profile);
	fprintf(f, "\n  edges (constants folded):\n");
	for (size_t i = 0; i < sh->nedges; i++) {
		const struct show_edge *e = &sh->edges[i];
		fprintf(f, "    %-10s %s  (%s:%u)\n", e->kind, e->to, e->file,
			e->line);
	}
	if (sh->selected_by.n || sh->implied_by.n || sh->depended_on_by.n)
		fprintf(f, "\n");
	text_items(f, "selected by", &sh->selected_by, sh->profile);
	text_items(f, "implied by", &sh->implied_by, sh->profile);
	text_items(f, "depended on by", &sh->depended_on_by, sh->profile);
}

/* ---- json ---------------------------------------------------------------- */

static void json_items(struct json *j, const char *key, const struct items *it)
{
	json_key(j, key);
	json_arr_begin(j);
	for (size_t i = 0; i < it->n; i++) {
		const struct item *x = &it->v[i];
		json_obj_begin(j);
		json_key(j, "text");
		json_str(j, x->text);
		json_key(j, "if");
		json_str(j, x->cond);
		json_key(j, "file");
		json_str(j, x->file);
		json_key(j, "line");
		json_int(j, x->line);
		if (x->via) {
			json_key(j, "inherited_from");
			json_str(j, x->via);
		}
		if (x->written) {
			json_key(j, "written");
			json_str(j, x->written);
			json_key(j, "folds_to");
			json_str(j, x->folds_to);
		}
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_def(struct json *j, const struct show_def *d)
{
	json_obj_begin(j);
	json_key(j, "file");
	json_str(j, d->file);
	json_key(j, "line");
	json_int(j, d->line);
	json_key(j, "menuconfig");
	json_bool(j, d->menuconfig);
	json_items(j, "prompts", &d->prompts);
	json_items(j, "depends", &d->depends);
	json_items(j, "defaults", &d->defaults);
	json_items(j, "selects", &d->selects);
	json_items(j, "implies", &d->implies);
	json_items(j, "ranges", &d->ranges);
	json_key(j, "help");
	json_str(j, d->help);
	json_obj_end(j);
}

static void show_json(FILE *f, const struct show *sh)
{
	struct json j;
	json_init(&j, f);
	json_obj_begin(&j);
	json_key(&j, "arch");
	json_str(&j, sh->arch);
	json_key(&j, "profile");
	json_str(&j, sh->profile);
	json_key(&j, "symbol");
	json_str(&j, sh->name);
	json_key(&j, "type");
	json_str(&j, sh->type);
	json_key(&j, "defined");
	json_bool(&j, sh->defined);
	json_key(&j, "transitional");
	json_bool(&j, sh->transitional);
	json_key(&j, "modules");
	json_bool(&j, sh->modules);
	json_key(&j, "choice");
	json_str(&j, sh->choice);
	json_key(&j, "definitions");
	json_arr_begin(&j);
	for (size_t d = 0; d < sh->ndefs; d++)
		json_def(&j, &sh->defs[d]);
	json_arr_end(&j);
	json_key(&j, "edges");
	json_arr_begin(&j);
	for (size_t i = 0; i < sh->nedges; i++) {
		const struct show_edge *e = &sh->edges[i];
		json_obj_begin(&j);
		json_key(&j, "to");
		json_str(&j, e->to);
		json_key(&j, "kind");
		json_str(&j, e->kind);
		json_key(&j, "file");
		json_str(&j, e->file);
		json_key(&j, "line");
		json_int(&j, e->line);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_items(&j, "selected_by", &sh->selected_by);
	json_items(&j, "implied_by", &sh->implied_by);
	json_items(&j, "depended_on_by", &sh->depended_on_by);
	json_obj_end(&j);
	json_end(&j);
}

/* Describes symbol si of m on stdout; returns the exit code. */
int cmd_show_text(struct source *src, struct model *m, uint32_t si,
		  const char *arch, const char *profile, char **out)
{
	struct show sh;
	size_t n = 0;
	*out = NULL;
	if (show_compute(src, m, si, arch, profile, &sh))
		return -1;
	FILE *f = open_memstream(out, &n);
	if (f) {
		show_text(f, &sh);
		fclose(f);
	}
	show_free(&sh);
	if (!f || !*out) {
		kdep_error_oom();
		return -1;
	}
	return 0;
}

static int show_symbol(struct source *src, struct model *m, uint32_t si,
		       const char *arch, const char *profile, int as_json)
{
	struct show sh;
	int ret = EXIT_OK;
	if (show_compute(src, m, si, arch, profile, &sh)) {
		cmd_fail();
		ret = EXIT_TREE;
	} else if (as_json) {
		show_json(stdout, &sh);
	} else {
		show_text(stdout, &sh);
	}
	show_free(&sh);
	return ret;
}

/* A picture past this many edges says nothing: ask a smaller depth. */
#define SHOW_MAX_EDGES 3000

/* Whether symbol i is one a picture shows (no constant, no number). */
static int drawn(const struct model *m, uint32_t i)
{
	return !(m->syms[i].flags & SYMF_CONST) && !model_sym_is_number(m, i);
}

/*
 * The neighbourhood of si in g: the symbols at most depth edges away,
 * following edges either way, and every edge between them; si marked.
 * Returns 0, or -1 with the error set.
 */
static int show_neighbourhood(const struct model *m, uint32_t si,
			      unsigned depth, struct dot_graph *g)
{
	unsigned *dist = kdep_calloc(m->nsyms + 1, sizeof(*dist));
	size_t cap_nodes = 0, cap_edges = 0;
	int ret = -1;
	*g = (struct dot_graph){ 0 };
	if (!dist)
		return -1;
	for (uint32_t i = 0; i < m->nsyms; i++)
		dist[i] = ~0u;
	dist[si] = 0;
	for (unsigned d = 0; d < depth; d++)
		for (uint32_t i = 0; i < m->nedges; i++) {
			const struct edge *e = &m->edges[i];
			if (!drawn(m, e->from) || !drawn(m, e->to))
				continue;
			if (dist[e->from] == d && dist[e->to] > d + 1)
				dist[e->to] = d + 1;
			if (dist[e->to] == d && dist[e->from] > d + 1)
				dist[e->from] = d + 1;
		}
	for (uint32_t i = 0; i < m->nsyms; i++) {
		if (dist[i] == ~0u)
			continue;
		if (kdep_grow(&g->nodes, &cap_nodes, g->nnodes + 1,
			      sizeof(*g->nodes)))
			goto done;
		g->nodes[g->nnodes++] = (struct dot_node){
			m->syms[i].name, i == si ? DOT_MARKED : DOT_PLAIN };
	}
	for (uint32_t i = 0; i < m->nedges; i++) {
		const struct edge *e = &m->edges[i];
		if (dist[e->from] == ~0u || dist[e->to] == ~0u ||
		    !drawn(m, e->from) || !drawn(m, e->to))
			continue;
		if (g->nedges == SHOW_MAX_EDGES) {
			kdep_error_set_arg("the neighbourhood of %s at depth "
					   "%u has more than %d edges; ask a "
					   "smaller --depth", m->syms[si].name,
					   depth, SHOW_MAX_EDGES);
			goto done;
		}
		if (kdep_grow(&g->edges, &cap_edges, g->nedges + 1,
			      sizeof(*g->edges)))
			goto done;
		g->edges[g->nedges++] = (struct dot_edge){
			m->syms[e->from].name, m->syms[e->to].name,
			cycle_phrase(e->kind), m->files[e->loc.file],
			e->loc.line, NULL, DOT_PLAIN };
	}
	ret = 0;
done:
	free(dist);
	if (ret)
		dot_graph_free(g);
	return ret;
}

/* The neighbourhood of si as DOT, or rendered to SVG, on stdout. */
static int show_picture(struct model *m, uint32_t si, const char *arch,
			const char *profile, unsigned depth, int format)
{
	struct dot_graph g;
	char title[256], *text = NULL, *svg = NULL;
	size_t n = 0, svgn = 0;
	if (show_neighbourhood(m, si, depth, &g))
		return cmd_fail();
	snprintf(title, sizeof(title), "%s (%s, %s), depth %u",
		 m->syms[si].name, arch, profile, depth);
	g.title = title;
	if (format == REPORT_DOT) {
		dot_graph_write(stdout, &g);
		dot_graph_free(&g);
		return EXIT_OK;
	}
	FILE *f = open_memstream(&text, &n);
	if (!f) {
		dot_graph_free(&g);
		kdep_error_oom();
		return cmd_fail();
	}
	dot_graph_write(f, &g);
	fclose(f);
	dot_graph_free(&g);
	int ret = graphviz_svg(text, n, &svg, &svgn) ? cmd_fail() : EXIT_OK;
	if (!ret)
		printf("<?xml version=\"1.0\" encoding=\"UTF-8\" "
		       "standalone=\"no\"?>\n%s", svg);
	free(text);
	free(svg);
	return ret;
}

/* --depth N: 1 when not given. Returns -1 with the error set for what is
 * not a number from 0 to 16. */
static int show_depth(const char *arg, unsigned *depth)
{
	char *end;
	long v = arg ? strtol(arg, &end, 10) : 1;
	if (arg && (end == arg || *end || v < 0 || v > 16)) {
		kdep_error_set_arg("--depth takes a number from 0 to 16, not "
				   "'%s'", arg);
		return -1;
	}
	*depth = (unsigned)v;
	return 0;
}

int cmd_show(struct cmd_ctx *c)
{
	struct scan_ctx *ctx = &c->scans;
	const char *name = c->o.args[0];
	int ret;

	unsigned depth;
	if (!strncmp(name, "CONFIG_", 7))
		name += 7;
	if (show_depth(c->o.depth, &depth))
		return cmd_fail();
	if (c->o.depth && c->o.format != REPORT_DOT &&
	    c->o.format != REPORT_SVG)
		return cmd_usage_error(c->cmd, "show: --depth goes with "
				       "--format dot or svg");
	if (ctx->narches != 1 || (c->o.profile && strchr(c->o.profile, ','))) {
		kdep_error_set_arg("show takes one --arch and one --profile");
		return cmd_fail();
	}
	/* Without --profile: the first built-in profile for the arch. */
	struct profile_arch a;
	char **profiles;
	size_t np;
	if (scan_arch_profiles(ctx, ctx->arches[0], &a, &profiles, &np))
		return cmd_fail();
	struct scan_result r;
	ret = scan_run(ctx, ctx->arches[0], profiles[0], 1, &r) ? cmd_fail()
							       : EXIT_OK;
	strv_free(profiles);
	if (!ret) {
		uint32_t si = model_find(r.model, name);
		if (si == MODEL_NONE || (r.model->syms[si].flags & SYMF_CONST) ||
		    model_sym_is_number(r.model, si)) {
			ret = cmd_unknown_symbol(r.model, c->o.args[0],
						 r.arch);
		} else if (c->o.format == REPORT_DOT ||
			   c->o.format == REPORT_SVG) {
			ret = show_picture(r.model, si, r.arch, r.profile,
					   depth, c->o.format);
		} else {
			ret = show_symbol(ctx->src, r.model, si, r.arch,
					  r.profile, c->o.format == REPORT_JSON);
		}
	}
	scan_result_free(&r);
	return ret;
}
