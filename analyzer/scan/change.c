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
				     &check_ctx, NULL, NULL, NULL };
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

int change_findings(const struct change_tree *t, const struct change_watch *w,
		    struct finding_set *set)
{
	struct finding_sink sink;
	finding_set_sink(set, &sink);
	if (t->n > 64) {
		kdep_error_set("more than 64 profiles");
		return -1;
	}
	struct rule_ctx rc = {
		.models = t->models,
		.profiles = (const char *const *)t->profiles,
		.nprofiles = (unsigned)t->n,
		.arch = t->a->arch,
		.line_text = line_text,
		.engine = t->src,
	};
	if (rule_run("recursive-dependency", &rc, &sink))
		return -1;
	for (size_t p = 0; w && p < t->n; p++) {
		if (cyclic_under(set, t->profiles[p]))
			continue;
		for (size_t i = 0; i < w->n; i++)
			if (ask(t, p, w->questions[i], &sink))
				return -1;
	}
	return 0;
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
