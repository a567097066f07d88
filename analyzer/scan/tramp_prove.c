/*
 * tramp_prove.c - chooses the condition of the trampoline series' `select
 * HAVE_STATIC_CALL` by proof: each candidate (tramp_select_candidates())
 * is generated, laid over the tree in memory and parsed again for arm64
 * under every built-in profile; one that leaves a recursive dependency is
 * rejected with its first cycle, and among the others the one that
 * changes the fewest configurations wins. A select fires in exactly the
 * configurations where its condition holds, so a condition that can be n
 * changes fewer than the unconditional select, which changes every one.
 */
#include "tramp_prove.h"
#include "alloc.h"
#include "cycle.h"
#include "error.h"
#include "strv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing text. */
struct buf {
	char *s;     /* NUL-terminated, or NULL before the first add */
	size_t len;  /* bytes of s */
	size_t cap;  /* allocated bytes */
	int failed;  /* an allocation failed (sticky) */
};

static void buf_add(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void buf_add(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	if (b->failed)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || kdep_grow(&b->s, &b->cap, b->len + (size_t)n + 1, 1)) {
		b->failed = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* "select HAVE_STATIC_CALL if C" or the unconditional form. */
static void buf_select(struct buf *b, const char *cond)
{
	buf_add(b, "'select HAVE_STATIC_CALL%s%s'", *cond ? " if " : "", cond);
}

/* Parses the tree with cond's series laid over it and counts the
 * components with a cycle under profiles[0..n); the first cycle is added
 * to why. */
static int prove_one(struct source *tree, const struct profile_arch *a,
		     char *const *profiles, size_t n, const char *cond,
		     uint32_t *components, struct buf *why)
{
	struct tramp_opts o = { cond, NULL, 0 };
	struct patchgen_series *s = NULL;
	struct source *ov = NULL;
	struct model **models = NULL;
	struct cycle_report rep;
	int rc = -1;

	memset(&rep, 0, sizeof(rep));
	if (tramp_generate(tree, &o, &s) || source_open_overlay(&ov, tree))
		goto done;
	for (size_t i = 0; i < s->n_final; i++)
		if (source_overlay_put(ov, s->final[i].path, s->final[i].data,
				       s->final[i].len))
			goto done;
	if (!(models = kdep_calloc(n + 1, sizeof(*models))))
		goto done;
	for (size_t p = 0; p < n; p++)
		if (scan_parse(ov, a, profiles[p], NULL, &models[p]))
			goto done;
	if (cycles_find(models, (unsigned)n, &rep))
		goto done;
	*components = rep.components;
	if (rep.n) {
		const struct cycle *c = &rep.v[0];
		buf_add(why, "  its first cycle:\n");
		for (uint32_t l = 0; l < c->nlinks; l++)
			buf_add(why, "    %s %s %s (%s:%u)\n", c->links[l].from,
				cycle_phrase(c->links[l].kind), c->links[l].to,
				c->links[l].file, (unsigned)c->links[l].line);
	}
	rc = 0;
done:
	if (models)
		for (size_t p = 0; p < n; p++)
			model_free(models[p]);
	if (models)
		cycle_report_free(&rep);
	free(models);
	source_free(ov);
	patchgen_series_free(s);
	return rc;
}

int tramp_choose(struct source *tree, struct tramp_choice *out)
{
	struct profile_arch a;
	char **cands = NULL, **profiles = NULL;
	size_t ncand = 0, np = 0;
	struct buf why = { 0 };
	int rc = -1, chosen = -1;

	memset(out, 0, sizeof(*out));
	if (profile_arch_resolve(tree, "arm64", &a) ||
	    scan_profile_list(NULL, &a, &profiles, &np) ||
	    tramp_select_candidates(tree, &cands, &ncand))
		goto done;
	buf_add(&why, "The condition was chosen by proof: each candidate laid "
		"over the tree and\nthe tree parsed again for arm64 under");
	for (size_t p = 0; p < np; p++)
		buf_add(&why, "%s %s", p ? "," : "", profiles[p]);
	buf_add(&why, ".\n\n");
	for (size_t c = 0; c < ncand; c++) {
		struct buf cyc = { 0 };
		uint32_t comps = 0;
		buf_add(&why, "- ");
		buf_select(&why, cands[c]);
		buf_add(&why, ": ");
		if (prove_one(tree, &a, profiles, np, cands[c], &comps, &cyc)) {
			free(cyc.s);
			goto done;
		}
		if (comps) {
			buf_add(&why, "rejected, %u strongly connected "
				"component%s with a cycle\n%s", (unsigned)comps,
				comps == 1 ? "" : "s", cyc.failed || !cyc.s ?
				"" : cyc.s);
			why.failed |= cyc.failed;
			free(cyc.s);
			continue;
		}
		free(cyc.s);
		buf_add(&why, "no recursive dependency; changes %s\n",
			*cands[c] ? "only the configurations where it holds"
				  : "every configuration");
		/* a condition that holds somewhere beats the unconditional */
		if (chosen < 0 || (!*cands[chosen] && *cands[c]))
			chosen = (int)c;
	}
	if (chosen < 0) {
		kdep_error_set("every condition of 'select HAVE_STATIC_CALL' "
			       "leaves a recursive dependency");
		goto done;
	}
	buf_add(&why, "\nChosen: ");
	buf_select(&why, cands[chosen]);
	buf_add(&why, ", the acyclic candidate that changes the fewest "
		"configurations.\n");
	if (why.failed) {
		kdep_error_oom();
		goto done;
	}
	if (!(out->cond = kdep_strdup(cands[chosen])))
		goto done;
	out->summary = why.s;
	why.s = NULL;
	rc = 0;
done:
	free(why.s);
	strv_free(cands);
	strv_free(profiles);
	return rc;
}

void tramp_choice_free(struct tramp_choice *c)
{
	free(c->cond);
	free(c->summary);
	memset(c, 0, sizeof(*c));
}
