/* change.c - the findings a change introduced (change.h). */
#include "change.h"
#include "alloc.h"
#include "cosel.h"
#include "error.h"
#include "phase.h"
#include "strv.h"
#include "verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void change_watch_free(struct change_watch *w)
{
	for (size_t i = 0; i < w->n; i++)
		strv_free(w->questions[i]);
	free(w->questions);
	memset(w, 0, sizeof(*w));
}

int change_watch_parse(const char *text, struct change_watch *w)
{
	memset(w, 0, sizeof(*w));
	size_t cap = 0;
	for (const char *p = text ? text : ""; *p;) {
		size_t len = strcspn(p, ";");
		char *one = kdep_calloc(len + 1, 1);
		if (!one)
			goto fail;
		memcpy(one, p, len);
		p += len + (p[len] == ';');
		size_t n = 0;
		char **v = strv_split(one, &n);
		free(one);
		if (!v)
			goto fail;
		if (!n) {
			strv_free(v);
			continue;
		}
		if (n < 2 || n > COSEL_MATRIX_MAX) {
			kdep_error_set_arg("a watched question takes 2 to %d "
					   "symbols, not %zu ('%s')",
					   COSEL_MATRIX_MAX, n, v[0]);
			strv_free(v);
			goto fail;
		}
		if (kdep_grow(&w->questions, &cap, w->n + 1,
			      sizeof(*w->questions))) {
			strv_free(v);
			goto fail;
		}
		w->questions[w->n++] = v;
	}
	return 0;
fail:
	change_watch_free(w);
	return -1;
}

/* A rule's line_text: engine is the tree's source. */
static const char *line_text(void *engine, const char *file, uint32_t n,
			     char *buf, size_t size)
{
	return source_line_text(engine, file, n, buf, size);
}

/* Whether some recursive dependency of set holds under profile. */
static int cyclic_under(const struct finding_set *set, const char *profile)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct finding *f = &set->v[i];
		if (strcmp(f->rule, "recursive-dependency"))
			continue;
		for (size_t j = 0; j < f->nholds; j++)
			if (!strcmp(f->holds[j], profile))
				return 1;
	}
	return 0;
}

/* Question q under profile p of t, into set; nothing when the graph
 * lacks one of its symbols (another arch's, or an older tree's). */
static int ask(const struct change_tree *t, size_t p, char **q,
	       struct finding_sink *sink)
{
	struct model *m = t->models[p];
	size_t n = 0;
	while (q[n])
		n++;
	uint32_t *syms = kdep_calloc(n + 1, sizeof(*syms));
	struct scan_verifier v = { 0 };
	int ret = -1;
	if (!syms)
		return -1;
	for (size_t k = 0; k < n; k++) {
		syms[k] = model_resolve(m, q[k]);
		if (syms[k] == MODEL_NONE || !m->syms[syms[k]].nnodes ||
		    (m->syms[syms[k]].type != SYM_BOOL &&
		     m->syms[syms[k]].type != SYM_TRISTATE)) {
			free(syms);
			return 0;
		}
	}
	if (scan_verifier_open(&v, t->src, t->a, t->profiles[p]))
		goto done;
	const uint32_t *targets = syms;
	void *check_ctx = &v;
	const char *profile = t->profiles[p];
	struct cosel_question cq = { &targets, n, 0, 0, scan_verify,
				     &check_ctx, NULL, NULL, NULL, NULL, NULL };
	struct rule_ctx rc = {
		.models = &t->models[p],
		.profiles = &profile,
		.nprofiles = 1,
		.arch = t->a->arch,
		.line_text = line_text,
		.engine = t->src,
		.cosel = &cq,
	};
	ret = rule_run("not-coselectable", &rc, sink);
done:
	scan_verifier_close(&v);
	free(syms);
	return ret;
}

/* What a rule runs on for t: its arch under every profile. */
static struct rule_ctx tree_ctx(const struct change_tree *t)
{
	struct rule_ctx rc = {
		.models = t->models,
		.profiles = (const char *const *)t->profiles,
		.nprofiles = (unsigned)t->n,
		.arch = t->a->arch,
		.line_text = line_text,
		.engine = t->src,
	};
	return rc;
}

/* Whether line (file f of m, line n) is among lines[0..k). */
static int among(const struct model *m, uint32_t f, uint32_t n,
		 const struct rule_line *lines, size_t k)
{
	for (size_t i = 0; i < k; i++)
		if (lines[i].line == n && !strcmp(lines[i].file, m->files[f]))
			return 1;
	return 0;
}

/* Adds a copy of name to the string vector *v (*n long, NULL-ended)
 * unless it holds it. 0, or -1 with the error set. */
static int name_add(char ***v, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i], name))
			return 0;
	char **w = realloc(*v, (*n + 2) * sizeof(*w));
	char *copy = kdep_strdup(name);
	if (w)
		*v = w;
	if (!w || !copy) {
		free(copy);
		kdep_error_oom();
		return -1;
	}
	w[(*n)++] = copy;
	w[*n] = NULL;
	return 0;
}

void change_names_free(struct change_names *c)
{
	strv_free(c->defs);
	strv_free(c->targets);
	strv_free(c->sels);
	memset(c, 0, sizeof(*c));
}

/* Adds "SELECTOR TARGET" to c->sels unless it holds it. */
static int sel_add(struct change_names *c, const char *selector,
		   const char *target)
{
	size_t len = strlen(selector) + strlen(target) + 2;
	char *pair = kdep_calloc(len, 1);
	if (!pair)
		return -1;
	snprintf(pair, len, "%s %s", selector, target);
	int ret = name_add(&c->sels, &c->nsels, pair);
	free(pair);
	return ret;
}

int change_touched(const struct model *m, const struct rule_line *lines,
		   size_t nlines, int added, struct change_names *c)
{
	uint8_t *hit = kdep_calloc(m->nnodes + 1, 1);
	int ret = 0;
	if (!hit)
		return -1;
	for (uint32_t i = 0; i < m->nnodes && nlines && !ret; i++) {
		const struct node *nd = &m->nodes[i];
		hit[i] = among(m, nd->loc.file, nd->loc.line, lines, nlines);
		for (uint32_t k = 0; k < nd->nprops && !ret; k++) {
			const struct prop *p = &nd->props[k];
			if (!among(m, p->loc.file, p->loc.line, lines, nlines))
				continue;
			if (p->kind != P_SELECT && p->kind != P_IMPLY) {
				hit[i] = 1;
				continue;
			}
			/* a select or imply line changes its target only */
			if (p->expr->op != E_SYM)
				continue;
			const char *t = m->syms[p->expr->sym].name;
			ret = name_add(&c->targets, &c->ntargets, t);
			if (!ret && added && p->kind == P_SELECT &&
			    nd->kind == NODE_SYM)
				ret = sel_add(c, m->syms[nd->sym].name, t);
		}
	}
	for (uint32_t i = 0; i < m->nnodes && !ret; i++) {
		if (m->nodes[i].kind != NODE_SYM)
			continue;
		int in = 0;
		for (uint32_t a = i; a != MODEL_NONE && !in;
		     a = m->nodes[a].parent)
			in = hit[a];
		const char *name = m->syms[m->nodes[i].sym].name;
		if (in)
			ret = name_add(&c->defs, &c->ndefs, name);
	}
	free(hit);
	return ret;
}

/* Marks in in[] (and queues) the symbols of names[0..n) m defines. */
static void mark_names(const struct model *m, char *const *names, size_t n,
		       uint8_t *in, uint32_t *queue, size_t *nq)
{
	for (size_t k = 0; k < n; k++) {
		uint32_t sym = model_find((struct model *)m, names[k]);
		if (sym != MODEL_NONE && !in[sym]) {
			in[sym] = 1;
			queue[(*nq)++] = sym;
		}
	}
}

/* What reads what: readers by the symbol they read, m->edges and the
 * 'visible if' of every menu around a definition (the solver's cone
 * reads it too). */
struct reads {
	uint32_t *start;   /* [nsyms + 1]: the readers of s are in
			      from[start[s]..start[s + 1]) */
	uint32_t *from;    /* the readers */
	int pass;          /* 0: counting, 1: filing */
	uint32_t reader;   /* the symbol whose 'visible if' is walked */
};

/* Counts or files that r->reader reads sym. */
static int reads_add(uint32_t sym, void *arg)
{
	struct reads *r = arg;
	if (r->pass)
		r->from[r->start[sym]++] = r->reader;
	else
		r->start[sym + 1]++;
	return 0;
}

/* One pass (r->pass) over every pair of m. */
static void reads_pass(const struct model *m, struct reads *r)
{
	for (uint32_t e = 0; e < m->nedges; e++) {
		r->reader = m->edges[e].from;
		reads_add(m->edges[e].to, r);
	}
	for (uint32_t i = 0; i < m->nnodes; i++) {
		if (m->nodes[i].kind != NODE_SYM)
			continue;
		r->reader = m->nodes[i].sym;
		for (uint32_t a = m->nodes[i].parent; a != MODEL_NONE;
		     a = m->nodes[a].parent) {
			const struct node *nd = &m->nodes[a];
			for (uint32_t k = 0; k < nd->nprops; k++)
				if (nd->props[k].kind == P_VISIBLE)
					model_expr_walk(m, nd->props[k].expr,
							reads_add, r);
		}
	}
}

/* Stops a walk at a symbol of in[] (arg). */
static int read_in(uint32_t sym, void *arg)
{
	return ((const uint8_t *)arg)[sym];
}

/* Whether the select "selector target" is among c->sels. */
static int sel_among(const struct change_names *c, const char *selector,
		     const char *target)
{
	size_t ls = strlen(selector);
	for (size_t j = 0; j < c->nsels; j++)
		if (!strncmp(c->sels[j], selector, ls) &&
		    c->sels[j][ls] == ' ' && !strcmp(c->sels[j] + ls + 1, target))
			return 1;
	return 0;
}

/*
 * Which selects a change can make violating, and why no new alarm is
 * missed. The question of 'select X if C' under S is whether a valid
 * configuration has S >= m, C true and X's direct dependencies below
 * what S gives X. Kconfig computes every symbol's value from the user's
 * choices and the values of the symbols it reads (m->edges: dependencies,
 * prompt and default conditions, defaults, ranges, selects and implies of
 * it and their conditions, its choice; plus 'visible if'), so the values
 * the question reads, and which of them a configuration can reach, are a
 * function of the definitions in its cone alone: S, the symbols of C and
 * of X's direct dependencies, and, backwards through the edges, all they
 * read. A change can make a new alarm of a select only by
 *   - adding it, or changing its line (c->sels: examined as they are);
 *   - changing X's direct dependencies or type (X in c->defs: a depends,
 *     if or menu line, or X's type line, changes the question itself, not
 *     only a value in it);
 *   - changing the definition of a symbol in the cone. A changed line
 *     changes the definition of the symbol it acts on: a 'select Y' or
 *     'imply Y' line that of Y (c->targets; the selector's value does not
 *     change), any other line that of the symbols it defines or an
 *     if/menu/choice encloses (c->defs). Such a symbol V is in the cone
 *     exactly when S, C or X's dependencies read V, directly or not:
 *     when one of them is in the forward closure F of the changed
 *     symbols through the edges, which is what is computed here (for
 *     X's dependencies: an EDGE_DEPENDS or EDGE_CHOICE edge of X into
 *     F). X's own value is not read by its question: X in F alone
 *     examines nothing.
 * The modules switch is read by every tristate without an edge: when it
 * is in F every select is examined. A removed select is never a new
 * alarm (it has no question after the change): only its target counts.
 * The old tree is asked the same way, so an alarm it had is matched.
 * Lines are matched by the line a definition or a property starts on (a
 * continuation line of a property is not matched).
 */
int change_selects(const struct model *m, const struct change_names *c,
		   struct unmet_select **out, size_t *nout)
{
	uint8_t *in = kdep_calloc(m->nsyms + 1, 1);
	uint8_t *deps = kdep_calloc(m->nsyms + 1, 1);
	uint8_t *def = kdep_calloc(m->nsyms + 1, 1);
	uint32_t *queue = kdep_calloc(m->nsyms + 1, sizeof(*queue));
	struct reads r = { kdep_calloc(m->nsyms + 2, sizeof(*r.start)),
			   NULL, 0, 0 };
	size_t nq = 0, cap = 0;
	int ret = -1;

	*out = NULL;
	*nout = 0;
	if (!in || !deps || !def || !queue || !r.start)
		goto done;
	/* what reads each symbol: readers by the symbol they read */
	reads_pass(m, &r);
	for (uint32_t i = 0; i < m->nsyms; i++)
		r.start[i + 1] += r.start[i];
	r.from = kdep_calloc(r.start[m->nsyms] + 1, sizeof(*r.from));
	if (!r.from)
		goto done;
	r.pass = 1;
	reads_pass(m, &r);
	for (uint32_t i = m->nsyms; i > 0; i--)
		r.start[i] = r.start[i - 1];
	r.start[0] = 0;
	mark_names(m, c->defs, c->ndefs, def, queue, &nq);
	nq = 0;
	mark_names(m, c->defs, c->ndefs, in, queue, &nq);
	mark_names(m, c->targets, c->ntargets, in, queue, &nq);
	/* F: everything whose value they can reach */
	for (size_t q = 0; q < nq; q++)
		for (uint32_t k = r.start[queue[q]];
		     k < r.start[queue[q] + 1]; k++)
			if (!in[r.from[k]]) {
				in[r.from[k]] = 1;
				queue[nq++] = r.from[k];
			}
	int all = m->modules_sym != MODEL_NONE && in[m->modules_sym];
	/* the targets whose direct dependencies read F */
	for (uint32_t e = 0; e < m->nedges; e++)
		if ((m->edges[e].kind == EDGE_DEPENDS ||
		     m->edges[e].kind == EDGE_CHOICE) && in[m->edges[e].to])
			deps[m->edges[e].from] = 1;
	for (uint32_t i = 0; i < m->nnodes; i++) {
		const struct node *nd = &m->nodes[i];
		if (nd->kind != NODE_SYM)
			continue;
		for (uint32_t k = 0; k < nd->nprops; k++) {
			const struct prop *p = &nd->props[k];
			if (p->kind != P_SELECT || p->expr->op != E_SYM)
				continue;
			uint32_t t = p->expr->sym;
			int take = all || in[nd->sym] || deps[t] || def[t] ||
				   (p->cond && model_expr_walk(m, p->cond,
							       read_in, in)) ||
				   sel_among(c, m->syms[nd->sym].name,
					     m->syms[t].name);
			if (!take)
				continue;
			if (kdep_grow(out, &cap, *nout + 1, sizeof(**out)))
				goto done;
			(*out)[(*nout)++] = (struct unmet_select){ i, k };
		}
	}
	ret = 0;
done:
	if (ret) {
		free(*out);
		*out = NULL;
		*nout = 0;
	}
	free(in);
	free(deps);
	free(def);
	free(queue);
	free(r.start);
	free(r.from);
	return ret;
}

/* The unmet dependencies of the selects the change touches, under the
 * profiles of t without a recursive dependency (cyclic: those with), into
 * sink; no solver at all when it touches none. */
static int unmet_touched(const struct change_tree *t, uint64_t cyclic,
			 struct finding_sink *sink)
{
	struct unmet_select **only = kdep_calloc(t->n + 1, sizeof(*only));
	size_t *nonly = kdep_calloc(t->n + 1, sizeof(*nonly));
	struct scan_verifier *v = kdep_calloc(t->n + 1, sizeof(*v));
	void **vctx = kdep_calloc(t->n + 1, sizeof(*vctx));
	static struct unmet_select none; /* a list of none, not NULL: all */
	size_t total = 0, opened = 0;
	int ret = -1;

	if (!only || !nonly || !v || !vctx)
		goto done;
	for (size_t p = 0; p < t->n; p++) {
		if (!(cyclic & (1ull << p)) &&
		    change_selects(t->models[p], t->touched, &only[p],
				   &nonly[p]))
			goto done;
		phase_count("unmet selects", nonly[p]);
		total += nonly[p];
	}
	if (!total) {
		ret = 0;
		goto done;
	}
	for (; opened < t->n; opened++) {
		if (scan_verifier_open(&v[opened], t->src, t->a,
				       t->profiles[opened])) {
			opened++; /* closed either way */
			goto done;
		}
		vctx[opened] = &v[opened];
	}
	const struct unmet_select **sel = kdep_calloc(t->n + 1, sizeof(*sel));
	if (!sel)
		goto done;
	for (size_t p = 0; p < t->n; p++)
		sel[p] = only[p] ? only[p] : &none;
	struct unmet_question q = { scan_verify, vctx, sel, nonly };
	struct rule_ctx rc = tree_ctx(t);
	rc.unmet = &q;
	ret = rule_run("unmet-dependency", &rc, sink);
	free(sel);
done:
	for (size_t i = 0; v && i < opened; i++)
		scan_verifier_close(&v[i]);
	for (size_t p = 0; only && p < t->n; p++)
		free(only[p]);
	free(only);
	free(nonly);
	free(v);
	free(vctx);
	return ret;
}

int change_findings(const struct change_tree *t, const struct change_watch *w,
		    struct finding_set *set)
{
	struct finding_sink sink;
	finding_set_sink(set, &sink);
	if (t->n > 64) {
		kdep_error_set("more than 64 profiles");
		return -1;
	}
	struct rule_ctx rc = tree_ctx(t);
	if (rule_run("recursive-dependency", &rc, &sink))
		return -1;
	uint64_t cyclic = 0;
	for (size_t p = 0; p < t->n; p++)
		if (cyclic_under(set, t->profiles[p]))
			cyclic |= 1ull << p;
	for (size_t p = 0; w && p < t->n; p++) {
		if (cyclic & (1ull << p))
			continue;
		for (size_t i = 0; i < w->n; i++)
			if (ask(t, p, w->questions[i], &sink))
				return -1;
	}
	return t->touched ? unmet_touched(t, cyclic, &sink) : 0;
}

int change_undefined(const char *arch, const struct rule_line *lines,
		     size_t n, const char *const *defined, size_t ndefined,
		     struct finding_set *set)
{
	struct finding_sink sink;
	struct rule_change c = { lines, n, defined, ndefined };
	struct rule_ctx rc = { .arch = arch, .change = &c };
	finding_set_sink(set, &sink);
	return rule_run("undefined-symbol", &rc, &sink);
}

/* The failures of s, into out (initialised here). */
static int failures(const struct finding_set *s, struct finding_set *out)
{
	finding_set_init(out);
	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].kind != FINDING_FAIL)
			continue;
		if (finding_set_add(out, &s->v[i])) {
			finding_set_free(out);
			return -1;
		}
	}
	return 0;
}

int change_compare(const struct finding_set *before,
		   const struct finding_set *after,
		   struct finding_set *introduced,
		   struct finding_set *existing)
{
	struct finding_set b, a;
	int ret = -1;
	finding_set_init(introduced);
	finding_set_init(existing);
	if (failures(before, &b))
		return -1;
	if (failures(after, &a)) {
		finding_set_free(&b);
		return -1;
	}
	if (!finding_set_new(&a, &b, introduced)) {
		if (!finding_set_diff(&a, introduced, existing))
			ret = 0;
		else
			finding_set_free(introduced);
	}
	finding_set_free(&a);
	finding_set_free(&b);
	return ret;
}
