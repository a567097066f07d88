/*
 * tramp_prove.c - chooses the condition of the trampoline series' `select
 * HAVE_STATIC_CALL` by proof: each candidate (tramp_select_candidates())
 * is generated, laid over the tree in memory and parsed again for arm64
 * under every built-in profile; one that leaves a recursive dependency is
 * rejected with its first cycle, and among the others the one that
 * changes the fewest configurations wins. A select fires in exactly the
 * configurations where its condition holds, so the acyclic conditions are
 * compared by SAT on the tree as it is: where A implies B in every valid
 * configuration under every profile and B does not imply A under some,
 * A's select changes fewer configurations than B's (a condition that is
 * always true changes as many as the unconditional select, every one).
 *
 * Worked example (6.1 and 6.12 shaped trees): 'if CFI_CLANG' implies y,
 * the unconditional select, and under llvm-19 CFI_CLANG can be n, so y
 * does not imply it back: 'if CFI_CLANG' wins.
 */
#include "tramp_prove.h"
#include "alloc.h"
#include "cycle.h"
#include "error.h"
#include "sat.h"
#include "strv.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The file that holds 'config ARM64', where the select goes. */
#define KCONFIG "arch/arm64/Kconfig"
/* The helper symbols a comparison writes the conditions under. */
#define HELPER "KDEP_TRAMP_CANDIDATE_"

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

/* What the proof found of one candidate. */
struct cand {
	const char *cond;        /* its condition, "" for the unconditional
				  * select (borrowed from the list) */
	uint32_t comps;          /* components with a cycle its series leaves
				  * under some profile; 0: acyclic */
	struct buf cycle;        /* comps: its first cycle, a line per link */
	int always;              /* acyclic: y in every valid configuration of
				  * the tree as it is, under every profile */
	unsigned char *implies;  /* acyclic: [ncand] 1 where its condition
				  * implies that acyclic candidate's in
				  * every valid configuration, under every
				  * profile; 0 for itself and the cyclic */
};

/* Candidate i's condition as the parse read it: the default of the
 * helper symbol compare() wrote it under, or y when there is none. */
static const struct expr *cand_expr(struct model *m, size_t i,
				    const char *cond)
{
	char name[64];
	if (!*cond)
		return model_expr_sym(m, MODEL_SYM_Y);
	snprintf(name, sizeof(name), HELPER "%zu", i);
	uint32_t sym = model_find(m, name);
	if (sym != MODEL_NONE && m->syms[sym].nnodes == 1) {
		const struct node *n = &m->nodes[m->syms[sym].nodes[0]];
		for (uint32_t p = 0; p < n->nprops; p++)
			if (n->props[p].kind == P_DEFAULT && !n->props[p].cond)
				return n->props[p].expr;
	}
	kdep_error_set("%s: the condition '%s' was not read as an expression",
		       KCONFIG, cond);
	return NULL;
}

/* Narrows c[0..n)'s always and implies by what model m (one profile)
 * proves. */
static int compare_in(struct model *m, struct cand *c, size_t n)
{
	const struct expr **e = kdep_calloc(n + 1, sizeof(*e));
	int rc = -1;
	if (!e)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!c[i].comps && !(e[i] = cand_expr(m, i, c[i].cond)))
			goto done;
	for (size_t i = 0; i < n; i++) {
		int r;
		if (c[i].comps)
			continue;
		if (c[i].always) {
			if ((r = sat_implies(m, NULL, 0, e[i])) < 0)
				goto done;
			c[i].always = r;
		}
		for (size_t j = 0; j < n; j++) {
			if (!c[i].implies[j])
				continue;
			if ((r = sat_implies(m, &e[i], 1, e[j])) < 0)
				goto done;
			c[i].implies[j] = (unsigned char)r;
		}
	}
	rc = 0;
done:
	free(e);
	return rc;
}

/*
 * Compares the acyclic candidates' conditions on the tree as it is: each
 * written as the default of a helper symbol that nothing reads (so the
 * valid configurations of the tree's own symbols are the same), the tree
 * parsed once per profile, and SAT (sat_implies) asked whether each is y
 * in every valid configuration and which implies which. Only what holds
 * under every profile is kept.
 */
static int compare(struct source *tree, const struct profile_arch *a,
		   char *const *profiles, size_t np, struct cand *c, size_t n)
{
	struct source *ov = NULL;
	struct model *m = NULL;
	struct buf text = { 0 };
	char *kc = NULL;
	size_t len;
	int rc = -1;

	for (size_t i = 0; i < n; i++) {
		c[i].always = !c[i].comps;
		for (size_t j = 0; j < n; j++)
			c[i].implies[j] = !c[i].comps && !c[j].comps && i != j;
	}
	if (source_read(tree, KCONFIG, 0, &kc, &len))
		goto done;
	buf_add(&text, "%s\n", kc);
	for (size_t i = 0; i < n; i++)
		if (!c[i].comps && *c[i].cond)
			buf_add(&text, "config " HELPER "%zu\n\tdef_bool %s\n\n",
				i, c[i].cond);
	if (text.failed) {
		kdep_error_oom();
		goto done;
	}
	if (source_open_overlay(&ov, tree) ||
	    source_overlay_put(ov, KCONFIG, text.s, text.len))
		goto done;
	for (size_t p = 0; p < np; p++) {
		if (scan_parse(ov, a, profiles[p], NULL, &m) ||
		    compare_in(m, c, n))
			goto done;
		model_free(m);
		m = NULL;
	}
	rc = 0;
done:
	model_free(m);
	source_free(ov);
	free(text.s);
	free(kc);
	return rc;
}

/* Whether i's select changes fewer configurations than j's: i implies j
 * under every profile and j does not imply i under some. */
static int fewer(const struct cand *c, size_t i, size_t j)
{
	return c[i].implies[j] && !c[j].implies[i];
}

/*
 * The winner among the acyclic candidates: one that no other has fewer
 * configurations than; among several (incomparable, or equivalent), the
 * one with fewer configurations than the most others, then the shortest
 * condition (of equivalent ones the simplest), then the first. -1 when
 * every candidate is cyclic. *wins gets how many it has fewer than.
 */
static int pick(const struct cand *c, size_t n, size_t *wins)
{
	int best = -1;
	*wins = 0;
	for (size_t i = 0; i < n; i++) {
		size_t w = 0, lose = 0;
		if (c[i].comps)
			continue;
		for (size_t j = 0; j < n; j++) {
			w += (size_t)fewer(c, i, j);
			lose += (size_t)fewer(c, j, i);
		}
		if (lose)
			continue;
		if (best < 0 || w > *wins ||
		    (w == *wins && strlen(c[i].cond) < strlen(c[best].cond))) {
			best = (int)i;
			*wins = w;
		}
	}
	return best;
}

/* The verdict of acyclic candidate i, under its "- " line. */
static void verdict(struct buf *why, const struct cand *c, size_t n,
		    size_t i, int chosen)
{
	int beaten = 0;
	buf_add(why, "no recursive dependency\n");
	if (!*c[i].cond)
		buf_add(why, "  changes every configuration\n");
	else if (c[i].always)
		buf_add(why, "  always true under every profile: changes every "
			"configuration, as the\n  unconditional select does\n");
	else
		buf_add(why, "  false in some valid configuration: changes only "
			"those where it holds\n");
	for (size_t j = 0; j < n; j++)
		if (fewer(c, j, i)) {
			buf_add(why, "  implied by ");
			buf_select(why, c[j].cond);
			buf_add(why, ", which changes fewer\n");
			beaten = 1;
		}
	if ((int)i == chosen)
		buf_add(why, "  chosen\n");
	else if (!beaten)
		buf_add(why, "  changes no more than the others, set aside by "
			"the tie rule\n");
}

int tramp_choose(struct source *tree, struct tramp_choice *out)
{
	struct profile_arch a;
	char **cands = NULL, **profiles = NULL;
	size_t ncand = 0, np = 0, acyclic = 0, wins = 0;
	struct cand *c = NULL;
	struct buf why = { 0 };
	int rc = -1, chosen = -1;

	memset(out, 0, sizeof(*out));
	if (profile_arch_resolve(tree, "arm64", &a) ||
	    scan_profile_list(NULL, &a, &profiles, &np) ||
	    tramp_select_candidates(tree, &cands, &ncand))
		goto done;
	if (!(c = kdep_calloc(ncand + 1, sizeof(*c))))
		goto done;
	for (size_t i = 0; i < ncand; i++) {
		c[i].cond = cands[i];
		if (!(c[i].implies = kdep_calloc(ncand + 1, 1)) ||
		    prove_one(tree, &a, profiles, np, cands[i], &c[i].comps,
			      &c[i].cycle))
			goto done;
		acyclic += !c[i].comps;
	}
	if (!acyclic) {
		kdep_error_set("every condition of 'select HAVE_STATIC_CALL' "
			       "leaves a recursive dependency");
		goto done;
	}
	if (compare(tree, &a, profiles, np, c, ncand))
		goto done;
	chosen = pick(c, ncand, &wins);
	assert(chosen >= 0);

	buf_add(&why, "The condition was chosen by proof: each candidate laid "
		"over the tree and\nthe tree parsed again for arm64 under");
	for (size_t p = 0; p < np; p++)
		buf_add(&why, "%s %s", p ? "," : "", profiles[p]);
	buf_add(&why, ".\nA select fires exactly where its condition holds, so "
		"the conditions of\nthose without a cycle were compared by SAT "
		"on the tree as it is: B's\nselect changes fewer configurations "
		"than A's when B implies A in every\nvalid configuration under "
		"every profile and A does not imply B under\nsome.\n\n");
	for (size_t i = 0; i < ncand; i++) {
		buf_add(&why, "- ");
		buf_select(&why, c[i].cond);
		buf_add(&why, ": ");
		if (!c[i].comps) {
			verdict(&why, c, ncand, i, chosen);
			continue;
		}
		buf_add(&why, "rejected, %u strongly connected component%s "
			"with a cycle\n%s", (unsigned)c[i].comps,
			c[i].comps == 1 ? "" : "s",
			c[i].cycle.failed || !c[i].cycle.s ? "" : c[i].cycle.s);
		why.failed |= c[i].cycle.failed;
	}
	buf_add(&why, "\nChosen: ");
	buf_select(&why, c[chosen].cond);
	buf_add(&why, ",\nthe acyclic candidate that changes the fewest "
		"configurations: ");
	if (acyclic == 1)
		buf_add(&why, "the only one\nwithout a recursive dependency.\n");
	else if (wins == acyclic - 1)
		buf_add(&why, "its\ncondition implies every other acyclic "
			"candidate's under every profile\nand none implies it "
			"back.\n");
	else
		buf_add(&why, "no\nother acyclic candidate changes fewer; of "
			"those that tie, it changes\nfewer than the most others "
			"(%zu), then has the shortest condition.\n", wins);
	if (*c[chosen].cond && c[chosen].always)
		buf_add(&why, "Its condition is always true: it changes as many "
			"configurations as the\nunconditional select.\n");
	if (why.failed) {
		kdep_error_oom();
		goto done;
	}
	if (!(out->cond = kdep_strdup(c[chosen].cond)))
		goto done;
	out->summary = why.s;
	why.s = NULL;
	rc = 0;
done:
	for (size_t i = 0; c && i < ncand; i++) {
		free(c[i].cycle.s);
		free(c[i].implies);
	}
	free(c);
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
