/* change.c - the findings a change introduced (change.h). */
#include "change.h"
#include "alloc.h"
#include "cosel.h"
#include "error.h"
#include "strv.h"
#include "verify.h"

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

int change_touched(const struct model *m, const struct rule_line *lines,
		   size_t nlines, char ***names, size_t *n)
{
	uint8_t *hit = kdep_calloc(m->nnodes + 1, 1);
	if (!hit)
		return -1;
	for (uint32_t i = 0; i < m->nnodes && nlines; i++) {
		const struct node *nd = &m->nodes[i];
		hit[i] = among(m, nd->loc.file, nd->loc.line, lines, nlines);
		for (uint32_t k = 0; k < nd->nprops && !hit[i]; k++)
			hit[i] = among(m, nd->props[k].loc.file,
				       nd->props[k].loc.line, lines, nlines);
	}
	int ret = 0;
	for (uint32_t i = 0; i < m->nnodes && !ret; i++) {
		if (m->nodes[i].kind != NODE_SYM)
			continue;
		int in = 0;
		for (uint32_t a = i; a != MODEL_NONE && !in;
		     a = m->nodes[a].parent)
			in = hit[a];
		const char *name = m->syms[m->nodes[i].sym].name;
		if (in)
			ret = name_add(names, n, name);
	}
	free(hit);
	return ret;
}

int change_selects(const struct model *m, char *const *touched, size_t n,
		   struct unmet_select **out, size_t *nout)
{
	uint8_t *in = kdep_calloc(m->nsyms + 1, 1);
	uint32_t *queue = kdep_calloc(m->nsyms + 1, sizeof(*queue));
	uint32_t *start = kdep_calloc(m->nsyms + 2, sizeof(*start));
	uint32_t *from = kdep_calloc(m->nedges + 1, sizeof(*from));
	size_t nq = 0, cap = 0;
	int ret = -1;

	*out = NULL;
	*nout = 0;
	if (!in || !queue || !start || !from)
		goto done;
	/* what reads each symbol: the edges by the symbol they lead to */
	for (uint32_t e = 0; e < m->nedges; e++)
		start[m->edges[e].to + 1]++;
	for (uint32_t i = 0; i < m->nsyms; i++)
		start[i + 1] += start[i];
	for (uint32_t e = 0; e < m->nedges; e++)
		from[start[m->edges[e].to]++] = m->edges[e].from;
	for (uint32_t i = m->nsyms; i > 0; i--)
		start[i] = start[i - 1];
	start[0] = 0;
	for (size_t k = 0; k < n; k++) {
		uint32_t sym = model_find((struct model *)m, touched[k]);
		if (sym != MODEL_NONE && !in[sym]) {
			in[sym] = 1;
			queue[nq++] = sym;
		}
	}
	/* everything whose value they can reach */
	for (size_t q = 0; q < nq; q++)
		for (uint32_t k = start[queue[q]]; k < start[queue[q] + 1];
		     k++)
			if (!in[from[k]]) {
				in[from[k]] = 1;
				queue[nq++] = from[k];
			}
	for (uint32_t i = 0; i < m->nnodes; i++) {
		const struct node *nd = &m->nodes[i];
		if (nd->kind != NODE_SYM)
			continue;
		for (uint32_t k = 0; k < nd->nprops; k++) {
			const struct prop *p = &nd->props[k];
			if (p->kind != P_SELECT || p->expr->op != E_SYM ||
			    (!in[nd->sym] && !in[p->expr->sym]))
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
	free(queue);
	free(start);
	free(from);
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
		    change_selects(t->models[p], t->touched, t->ntouched,
				   &only[p], &nonly[p]))
			goto done;
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
