/*
 * cosel.c - co-selectability by counterexample-guided refinement: the SAT
 * encoding proposes, the Kconfig engine disposes (see cosel.h); and the
 * rule that turns the answers into findings.
 */
#include "cosel.h"
#include "candidate.h"
#include "closest.h"
#include "alloc.h"
#include "error.h"
#include "phase.h"
#include "rule.h"
#include "sat.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * A question's targets as the solver and the witness check see them:
 * syms[k] with the value want[k] asks (bare ones resolved by allow_m) and
 * the literal lit[k] that says it holds (0: the symbol is not encoded, as
 * an undefined one is not). bare[k], when bare is set: asked without a
 * value (the witness says so as before).
 */
struct asked {
	const uint32_t *syms;       /* the symbols */
	const struct sat_want *want; /* [k]: the value asked of syms[k] */
	const int *lit;             /* [k]: its literal, or 0 */
	const uint8_t *bare;        /* [k]: bare; NULL: none is */
	int allow_m;                /* a bare target may be m */
	size_t n;                   /* targets */
};

/* The value a bare target asks of sym. */
static struct sat_want bare_want(uint32_t sym, int allow_m)
{
	return allow_m ? (struct sat_want){ sym, 1, "n" }
		       : (struct sat_want){ sym, 0, "y" };
}

/* The witness: what it proves, then the .config checked. */
static char *with_header(const struct model *m, const struct asked *q,
			 char *cfg)
{
	struct cand_buf b = {0};
	cand_buf_add(&b, "%s", "# kdep cosel witness: olddefconfig of this file "
		"ends with");
	for (size_t k = 0; k < q->n; k++) {
		const struct sat_want *w = &q->want[k];
		cand_buf_add(&b, k ? ", %s" : " %s", m->syms[q->syms[k]].name);
		if (!q->bare || q->bare[k])
			cand_buf_add(&b, "%s", q->allow_m ? ">=m" : "=y");
		else if (m->syms[w->sym].type == SYM_STRING)
			cand_buf_add(&b, w->ne ? "!=\"%s\"" : "=\"%s\"",
				     w->value);
		else
			cand_buf_add(&b, w->ne ? "!=%s" : "=%s", w->value);
	}
	cand_buf_add(&b, "%s", "\n");
	cand_buf_add(&b, "%s", cfg);
	free(cfg);
	return cand_buf_take(&b);
}

/* Whether the engine gave every target the value asked (an undefined
 * one, absent from the outcome, is n). */
static int targets_hold(struct model *m, const struct cosel_outcome *o,
			const struct asked *q)
{
	for (size_t k = 0; k < q->n; k++) {
		const char *name = m->syms[q->syms[k]].name, *got = "n";
		for (size_t i = 0; i < o->n; i++) {
			if (!strcmp(o->names[i], name)) {
				got = o->values[i];
				break;
			}
		}
		if (!sat_want_holds(m, &q->want[k], got))
			return 0;
	}
	return 1;
}

static int explain(struct sat *s, const int *lits, size_t n,
		   struct cosel_answer *a)
{
	uint32_t *g;
	size_t k = sat_explain(s, lits, n, &g);
	if (!k)
		return sat_failed(s) ? -1 : 0;
	a->why = calloc(k, sizeof(*a->why));
	if (!a->why) {
		free(g);
		kdep_error_set("out of memory");
		return -1;
	}
	for (size_t i = 0; i < k; i++) {
		const struct sat_group *sg = sat_group(s, g[i]);
		a->why[i].kind = sg->kind;
		a->why[i].sym = sg->sym;
		a->why[i].loc = sg->loc;
	}
	a->nwhy = k;
	free(g);
	return 0;
}

/* Whether target k can never hold: its symbol is mentioned but never
 * defined (always n), and n is not the value asked. */
static int never_holds(const struct model *m, const struct asked *q, size_t k)
{
	return m->syms[q->syms[k]].nnodes == 0 &&
	       !sat_want_holds(m, &q->want[k], "n");
}

/*
 * Targets the tree mentions but never defines, asked a value other than
 * n. With a, they are its explanation; out of memory leaves a->why NULL,
 * the error set.
 */
static size_t undefined_targets(const struct model *m, const struct asked *q,
				struct cosel_answer *a)
{
	size_t k = 0;
	for (size_t i = 0; i < q->n; i++)
		k += never_holds(m, q, i);
	if (!k || !a)
		return k;
	a->why = kdep_calloc(k, sizeof(*a->why));
	if (!a->why)
		return k;
	for (size_t i = 0; i < q->n; i++) {
		if (!never_holds(m, q, i))
			continue;
		a->why[a->nwhy].kind = SATG_DEFINITION;
		a->why[a->nwhy].sym = q->syms[i];
		a->why[a->nwhy].loc.file = MODEL_NONE;
		a->nwhy++;
	}
	return k;
}

/*
 * The unrecorded probes a witness assumes an answer of (the "# kdep
 * assumes" lines of cfg), unless the targets hold whatever they answer:
 * with up to COSEL_MAX_ASSUMED of them, the engine checks cfg under every
 * other combination of answers. Fills a->assumed; returns 0, or -1 with
 * the error set.
 */
static int witness_assumes(struct sat *s, struct model *m,
			   const struct asked *q, cosel_check_fn check,
			   void *ctx, const char *cfg, struct cosel_answer *a)
{
	size_t k = 0;
	for (uint32_t i = 0; i < m->nsyms; i++)
		k += (m->syms[i].flags & SYMF_PROBE) && sat_value(s, i) >= 0;
	if (!k)
		return 0;
	a->assumed = kdep_calloc(k, sizeof(*a->assumed));
	char *alt = strdup(cfg);
	char **at = kdep_calloc(k, sizeof(*at));
	int ret = -1, all = k <= COSEL_MAX_ASSUMED;
	if (!a->assumed || !alt || !at) {
		kdep_error_set("out of memory");
		goto done;
	}
	for (uint32_t i = 0; i < m->nsyms; i++) {
		if (!(m->syms[i].flags & SYMF_PROBE) || sat_value(s, i) < 0)
			continue;
		struct cosel_assumed *as = &a->assumed[a->nassumed];
		as->sym = i;
		as->value = sat_value(s, i) > 0;
		/* the answer's character in alt: "...CONFIG_NAME=y" */
		struct cand_buf b = { 0 };
		cand_assume(&b, s, m, i, as->value);
		char *line = cand_buf_take(&b), *hit;
		if (!line) /* the error set */
			goto done;
		hit = strstr(alt, line);
		at[a->nassumed++] = hit ? hit + strlen(line) - 2 : NULL;
		all &= hit != NULL;
		free(line);
	}
	for (uint32_t combo = 1; all && combo < (1u << k); combo++) {
		struct cosel_outcome o = { 0 };
		for (size_t j = 0; j < k; j++)
			*at[j] = (a->assumed[j].value ^ ((combo >> j) & 1))
					 ? 'y' : 'n';
		if (check(ctx, alt, &o)) {
			cosel_outcome_free(&o);
			goto done;
		}
		all = targets_hold(m, &o, q);
		cosel_outcome_free(&o);
	}
	if (all) { /* whatever the probes answer */
		free(a->assumed);
		a->assumed = NULL;
		a->nassumed = 0;
	}
	ret = 0;
done:
	free(alt);
	free(at);
	return ret;
}

/* cfg without its "# kdep assumes" lines: what a witness that holds
 * whatever the probes answer needs none of. In place. */
static void drop_assumes(char *cfg)
{
	static const char mark[] = "# kdep assumes ";
	char *out = cfg;
	for (char *line = cfg; *line;) {
		char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) + 1 : strlen(line);
		if (strncmp(line, mark, sizeof(mark) - 1)) {
			memmove(out, line, len);
			out += len;
		}
		line += len;
	}
	*out = '\0';
}

/* The literals of q that are encoded, into lits (room for q->n + 1);
 * returns how many. */
static size_t asked_lits(const struct asked *q, int *lits)
{
	size_t n = 0;
	for (size_t k = 0; k < q->n; k++)
		if (q->lit[k])
			lits[n++] = q->lit[k];
	return n;
}

/* The question without its explanation (the matrix explains later). */
static int decide(struct sat *s, struct model *m, const struct asked *q,
		  cosel_check_fn check, void *ctx, struct cosel_answer *a)
{
	int *lits = calloc(q->n + 1, sizeof(int));
	uint8_t *unset = calloc(m->nsyms + 1, 1);
	int ret = -1, blocked = 0;

	memset(a, 0, sizeof(*a));
	a->verdict = COSEL_UNKNOWN;
	if (!lits || !unset) {
		free(lits);
		free(unset);
		kdep_error_set("out of memory");
		return -1;
	}
	if (undefined_targets(m, q, NULL)) {
		a->verdict = COSEL_NO;
		free(lits);
		free(unset);
		return 0;
	}
	size_t n = asked_lits(q, lits);
	/* Blocking clauses of this question hold under act only. */
	lits[n] = sat_new_var(s);
	for (unsigned round = 0; round < COSEL_MAX_CANDIDATES; round++) {
		int r = sat_solve(s, lits, n + 1);
		if (r < 0)
			goto done;
		if (r == 0) {
			a->verdict = blocked ? COSEL_UNKNOWN : COSEL_NO;
			ret = 0;
			goto done;
		}
		/*
		 * A visible symbol without a user value takes its default,
		 * which can exceed what a user value may (a default y under
		 * an m prompt): when the engine's values differ, try once
		 * more with the symbols that came out wrong left unset.
		 */
		struct cosel_outcome o = {0};
		char *cfg = NULL;
		int held = 0;
		for (int repair = 0; repair < 2 && !held; repair++) {
			if (repair && !cand_mark_unset(s, m, &o, unset))
				break;
			free(cfg);
			cfg = cand_config(s, m, unset);
			cosel_outcome_free(&o);
			if (!cfg)
				goto done;
			if (check(ctx, cfg, &o)) {
				free(cfg);
				cosel_outcome_free(&o);
				goto done;
			}
			held = targets_hold(m, &o, q);
		}
		memset(unset, 0, m->nsyms);
		if (held && witness_assumes(s, m, q, check, ctx, cfg, a)) {
			free(cfg);
			cosel_outcome_free(&o);
			goto done;
		}
		if (held && !a->nassumed)
			drop_assumes(cfg);
		if (held) {
			/* The witness is the .config checked, as it was. */
			a->witness = with_header(m, q, cfg);
			cosel_outcome_free(&o);
			if (!a->witness)
				goto done;
			a->verdict = COSEL_YES;
			ret = 0;
			goto done;
		}
		free(cfg);
		if (cand_block(s, m, lits[n], &o)) {
			cosel_outcome_free(&o);
			goto done;
		}
		blocked = 1;
		a->candidates++;
		cosel_outcome_free(&o);
	}
	ret = 0; /* out of candidates: unknown */
done:
	free(lits);
	free(unset);
	return ret;
}

static int explain_targets(struct sat *s, struct model *m,
			   const struct asked *q, struct cosel_answer *a)
{
	if (undefined_targets(m, q, a))
		return a->why ? 0 : -1; /* NULL: out of memory */
	int *lits = calloc(q->n + 1, sizeof(int));
	if (!lits) {
		kdep_error_set("out of memory");
		return -1;
	}
	int r = explain(s, lits, asked_lits(q, lits), a);
	free(lits);
	return r;
}

/* The question of bare targets syms[0..n) into q, its arrays in want and
 * lit (room for n). Returns 0, or -1 with the error set. */
static int asked_bare(struct sat *s, struct model *m, const uint32_t *syms,
		      size_t n, int allow_m, struct sat_want *want, int *lit,
		      struct asked *q)
{
	for (size_t k = 0; k < n; k++) {
		want[k] = bare_want(syms[k], allow_m);
		if (!m->syms[syms[k]].nnodes) {
			lit[k] = 0; /* undefined: never_holds() says no */
			continue;
		}
		if (!(lit[k] = sat_target(s, syms[k], allow_m))) {
			kdep_error_set("%s is not a bool or tristate symbol",
				       m->syms[syms[k]].name);
			return -1;
		}
	}
	*q = (struct asked){ syms, want, lit, NULL, allow_m, n };
	return 0;
}

/* A question's answer: decided, and explained when it is a no. */
static int solve(struct sat *s, struct model *m, const struct asked *q,
		 cosel_check_fn check, void *ctx, struct cosel_answer *a)
{
	if (decide(s, m, q, check, ctx, a))
		return -1;
	if (a->verdict == COSEL_NO)
		return explain_targets(s, m, q, a);
	return 0;
}

int cosel_solve(struct sat *s, struct model *m, const uint32_t *syms,
		size_t n, int allow_m, cosel_check_fn check, void *ctx,
		struct cosel_answer *a)
{
	struct sat_want *want = kdep_calloc(n + 1, sizeof(*want));
	int *lit = kdep_calloc(n + 1, sizeof(*lit));
	struct asked q;
	int ret = -1;
	memset(a, 0, sizeof(*a));
	if (want && lit &&
	    !asked_bare(s, m, syms, n, allow_m, want, lit, &q))
		ret = solve(s, m, &q, check, ctx, a);
	free(want);
	free(lit);
	return ret;
}

int cosel_solve_wants(struct sat *s, struct model *m,
		      const struct sat_want *want, size_t n,
		      cosel_check_fn check, void *ctx,
		      struct cosel_answer *a)
{
	uint32_t *syms = kdep_calloc(n + 1, sizeof(*syms));
	int *lit = kdep_calloc(n + 1, sizeof(*lit));
	uint8_t *bare = kdep_calloc(n + 1, 1);  /* none: each has a value */
	int ret = -1;
	memset(a, 0, sizeof(*a));
	if (syms && lit && bare) {
		for (size_t k = 0; k < n; k++) {
			syms[k] = want[k].sym;
			lit[k] = sat_want_lit(s, k);
		}
		struct asked q = { syms, want, lit, bare, 0, n };
		ret = solve(s, m, &q, check, ctx, a);
	}
	free(syms);
	free(lit);
	free(bare);
	return ret;
}

void cosel_answer_free(struct cosel_answer *a)
{
	free(a->assumed);
	free(a->witness);
	free(a->why);
	memset(a, 0, sizeof(*a));
}

static int popcount(uint32_t x)
{
	int c = 0;
	for (; x; x &= x - 1)
		c++;
	return c;
}

/* The subset mask of q, into sub (its arrays of room COSEL_MATRIX_MAX). */
struct asked_subset {
	uint32_t syms[COSEL_MATRIX_MAX];        /* the symbols */
	struct sat_want want[COSEL_MATRIX_MAX]; /* their values asked */
	int lit[COSEL_MATRIX_MAX];              /* and literals */
	uint8_t bare[COSEL_MATRIX_MAX];         /* which are bare */
	struct asked q;                         /* the question of them */
};

static const struct asked *asked_sub(const struct asked *q, uint32_t mask,
				     struct asked_subset *sub)
{
	size_t ns = 0;
	for (size_t b = 0; b < q->n; b++) {
		if (!(mask & (1u << b)))
			continue;
		sub->syms[ns] = q->syms[b];
		sub->want[ns] = q->want[b];
		sub->lit[ns] = q->lit[b];
		sub->bare[ns] = !q->bare || q->bare[b];
		ns++;
	}
	sub->q = (struct asked){ sub->syms, sub->want, sub->lit, sub->bare,
				 q->allow_m, ns };
	return &sub->q;
}

static int matrix(struct sat *s, struct model *m, const struct asked *q,
		  cosel_check_fn check, void *ctx, struct cosel_matrix *x)
{
	size_t n = q->n;
	uint32_t full = (1u << n) - 1;
	uint32_t *order = NULL;
	struct asked_subset sub;

	assert(n >= 1 && n <= COSEL_MATRIX_MAX); /* cosel_matrix() checks */
	memset(x, 0, sizeof(*x));
	x->n = n;
	x->at = calloc(full + 1, sizeof(*x->at));
	x->witness_of = calloc(full + 1, sizeof(*x->witness_of));
	x->minimal_no = calloc(full + 1, 1);
	x->maximal_yes = calloc(full + 1, 1);
	order = calloc(full, sizeof(*order));
	if (!x->at || !x->witness_of || !x->minimal_no || !x->maximal_yes ||
	    !order) {
		kdep_error_set("out of memory");
		goto fail;
	}
	/* Largest subsets first: one witness answers all its subsets. */
	uint32_t k = 0;
	for (int size = (int)n; size >= 1; size--)
		for (uint32_t mask = 1; mask <= full; mask++)
			if (popcount(mask) == size)
				order[k++] = mask;
	for (uint32_t i = 0; i < full; i++) {
		uint32_t mask = order[i], by = 0;
		for (uint32_t j = 0; j < i && !by; j++) {
			uint32_t sup = order[j];
			if ((sup & mask) == mask &&
			    x->at[sup].verdict == COSEL_YES &&
			    x->witness_of[sup] == sup)
				by = sup;
		}
		if (by) {
			x->at[mask].verdict = COSEL_YES;
			x->witness_of[mask] = by;
			continue;
		}
		if (decide(s, m, asked_sub(q, mask, &sub), check, ctx,
			   &x->at[mask]))
			goto fail;
		if (x->at[mask].verdict == COSEL_YES)
			x->witness_of[mask] = mask;
	}
	for (uint32_t mask = 1; mask <= full; mask++) {
		int v = x->at[mask].verdict, minimal = 1, maximal = 1;
		for (size_t b = 0; b < n; b++) {
			uint32_t bit = 1u << b;
			if ((mask & bit) && (mask & ~bit) &&
			    x->at[mask & ~bit].verdict != COSEL_YES)
				minimal = 0;
			if (!(mask & bit) &&
			    x->at[mask | bit].verdict != COSEL_NO)
				maximal = 0;
		}
		x->minimal_no[mask] = v == COSEL_NO && minimal;
		x->maximal_yes[mask] = v == COSEL_YES && maximal;
		if (x->minimal_no[mask] &&
		    explain_targets(s, m, asked_sub(q, mask, &sub),
				    &x->at[mask]))
			goto fail;
	}
	free(order);
	return 0;
fail:
	free(order);
	cosel_matrix_free(x);
	return -1;
}

int cosel_matrix(struct sat *s, struct model *m, const uint32_t *syms,
		 size_t n, int allow_m, cosel_check_fn check, void *ctx,
		 struct cosel_matrix *x)
{
	struct sat_want want[COSEL_MATRIX_MAX];
	int lit[COSEL_MATRIX_MAX];
	struct asked q;
	memset(x, 0, sizeof(*x));
	if (n == 0 || n > COSEL_MATRIX_MAX) {
		kdep_error_set("a matrix takes 1 to %d symbols",
			       COSEL_MATRIX_MAX);
		return -1;
	}
	if (asked_bare(s, m, syms, n, allow_m, want, lit, &q))
		return -1;
	return matrix(s, m, &q, check, ctx, x);
}

void cosel_matrix_free(struct cosel_matrix *x)
{
	if (x->at)
		for (uint32_t mask = 0; mask < (1u << x->n); mask++)
			cosel_answer_free(&x->at[mask]);
	free(x->at);
	free(x->witness_of);
	free(x->minimal_no);
	free(x->maximal_yes);
	memset(x, 0, sizeof(*x));
}

/* ---- the rule ----------------------------------------------------------- */

static void result_free(void *p)
{
	struct cosel_result *r = p;
	cosel_answer_free(&r->one);
	cosel_matrix_free(&r->x);
	for (size_t k = 0; r->values && k < r->ntargets; k++)
		free((char *)r->values[k].value);
	for (size_t k = 0; r->labels && k < r->ntargets; k++)
		free(r->labels[k]);
	free(r->values);
	free(r->bare);
	free(r->labels);
	free(r->targets);
	free(r->subsets);
	if (r->near)
		closest_answer_free(r->near);
	free(r->near);
	free(r);
}

static const char *verdict_word(int v)
{
	return v == COSEL_YES ? "yes" : v == COSEL_NO ? "no" : "unknown";
}

/* The lines of an explanation as related places ("forbids"). */
static int why_places(const struct rule_ctx *ctx, struct model *m,
		      const struct cosel_answer *a, struct finding_strs *strs,
		      struct finding_related *rel)
{
	char buf[4096];
	for (size_t i = 0; i < a->nwhy; i++) {
		const struct cosel_line *l = &a->why[i];
		struct finding_related *r = &rel[i];
		r->role = "forbids";
		r->symbol = l->sym == MODEL_NONE ? NULL : m->syms[l->sym].name;
		if (l->loc.file == MODEL_NONE) {
			r->message = finding_strs_printf(strs, "%s is not "
							 "defined", r->symbol);
		} else {
			r->file = m->files[l->loc.file];
			r->line = l->loc.line;
			ctx->line_text(ctx->engine, r->file, r->line, buf,
				       sizeof(buf));
			r->message = finding_strs_printf(strs, "%s", buf);
		}
		if (!r->message)
			return -1;
	}
	return 0;
}

/* The unrecorded probes a yes assumes, as related places ("assumes"):
 * where each probe is made, and its key. */
static int assumed_places(struct model *m, const struct cosel_answer *a,
			  struct finding_strs *strs,
			  struct finding_related *rel)
{
	for (size_t i = 0; i < a->nassumed; i++) {
		const struct sym *y = &m->syms[a->assumed[i].sym];
		const struct node *nd = &m->nodes[y->nodes[0]];
		struct finding_related *r = &rel[i];
		r->role = "assumes";
		r->symbol = y->name;
		r->file = m->files[nd->loc.file];
		r->line = nd->loc.line;
		r->message = finding_strs_printf(strs, a->assumed[i].value ?
						 "probe '%s' succeeds" :
						 "probe '%s' fails", nd->help);
		if (!r->message)
			return -1;
	}
	return 0;
}

/* The finding of answer a to subset sub of result res under profile p. */
static int answer_finding(const struct rule *self, const struct rule_ctx *ctx,
			  unsigned p, struct cosel_result *res,
			  const struct cosel_subset *sub,
			  const struct cosel_answer *a, struct finding_sink *sink)
{
	struct finding_strs strs = { 0 };
	const char **names = kdep_calloc(res->ntargets + 1, sizeof(*names));
	struct finding_related *rel = kdep_calloc(a->nwhy + a->nassumed + 1,
						  sizeof(*rel));
	struct finding f = { 0 };
	size_t n = 0, len = 1;
	char *joined = NULL;
	int ret = -1;

	if (!names || !rel)
		goto done;
	for (size_t k = 0; k < res->ntargets; k++) {
		if (cosel_in(sub->mask, k)) {
			names[n++] = res->targets[k];
			len += strlen(res->labels[k]) + 3;
		}
	}
	if (!(joined = kdep_calloc(len, 1)))
		goto done;
	for (size_t k = 0, i = 0; k < res->ntargets; k++) {
		if (!cosel_in(sub->mask, k))
			continue;
		if (i++)
			strcat(joined, " + ");
		strcat(joined, res->labels[k]);
	}
	if (why_places(ctx, ctx->models[p], a, &strs, rel) ||
	    assumed_places(ctx->models[p], a, &strs, rel + a->nwhy))
		goto done;
	const char *how = res->allow_m ? " (at least m)" : "";
	f.rule = self->id;
	if (a->verdict == COSEL_YES && a->nassumed) {
		f.kind = FINDING_OPEN;
		f.severity = FINDING_WARNING;
		f.message = finding_strs_printf(&strs, "%s: co-selectable%s "
						"only if unrecorded probes "
						"answer as assumed", joined,
						how);
	} else if (a->verdict == COSEL_YES) {
		f.kind = FINDING_PASS;
		f.severity = FINDING_NOTE;
		f.message = finding_strs_printf(&strs, "%s: co-selectable%s",
						joined, how);
	} else if (a->verdict == COSEL_NO) {
		f.kind = FINDING_FAIL;
		f.severity = self->severity;
		f.message = finding_strs_printf(&strs, "%s: not "
						"co-selectable%s", joined, how);
	} else {
		f.kind = FINDING_OPEN;
		f.severity = FINDING_WARNING;
		f.message = finding_strs_printf(&strs, "%s: co-selectability%s "
						"unknown, %u candidates "
						"refuted", joined, how,
						a->candidates);
	}
	if (!f.message)
		goto done;
	for (size_t i = 0; i < a->nwhy && !f.file; i++) {
		f.file = rel[i].file;
		f.line = rel[i].line;
	}
	f.related = rel;
	f.nrelated = a->nwhy + a->nassumed;
	f.symbols = names;
	f.nsymbols = n;
	f.holds = &res->profile;
	f.nholds = 1;
	f.arch = ctx->arch;
	f.payload = sub;
	const char *parts[] = { ctx->arch, res->profile,
				a->nassumed ? "assuming"
					    : verdict_word(a->verdict) };
	if (finding_fingerprint(self->id, parts, 3, names, n, &f.fingerprint))
		goto done;
	ret = sink->add(sink->ctx, &f);
done:
	finding_strs_free(&strs);
	free(names);
	free(rel);
	free(joined);
	return ret;
}

/* A copy of value v asked of y; a string's as a .config spells it,
 * "text", without its quotes. NULL with the error set. */
static char *value_copy(const struct sym *y, const char *v)
{
	size_t n = strlen(v);
	if (y->type != SYM_STRING || n < 2 || v[0] != '"' || v[n - 1] != '"')
		return kdep_strdup(v);
	char *c = kdep_calloc(n - 1, 1);
	if (c)
		memcpy(c, v + 1, n - 2);
	return c;
}

/* The targets of q, resolved in m as syms, into res: names, the values
 * asked and the labels. Returns 0, or -1 with the error set. */
static int result_targets(const struct model *m, const struct cosel_question *q,
			  const uint32_t *syms, struct cosel_result *res)
{
	size_t n = res->ntargets;
	res->values = kdep_calloc(n + 1, sizeof(*res->values));
	res->bare = kdep_calloc(n + 1, sizeof(*res->bare));
	res->labels = kdep_calloc(n + 1, sizeof(*res->labels));
	if (!res->values || !res->bare || !res->labels)
		return -1;
	for (size_t k = 0; k < n; k++) {
		const struct cosel_value *v = q->values ? &q->values[k] : NULL;
		const struct sym *y = &m->syms[syms[k]];
		struct sat_want w = bare_want(syms[k], q->allow_m);
		char *label;
		res->targets[k] = y->name;
		res->bare[k] = !v || !v->value;
		if (!res->bare[k])
			w = (struct sat_want){ syms[k], v->ne, v->value };
		res->values[k].ne = w.ne;
		if (!(res->values[k].value = value_copy(y, w.value)))
			return -1;
		w.value = res->values[k].value;
		const char *quote = y->type == SYM_STRING ? "\"" : "";
		size_t len = strlen(y->name) + strlen(w.value) + 5;
		if (!(label = kdep_calloc(len, 1)))
			return -1;
		if (res->bare[k])
			snprintf(label, len, "%s", y->name);
		else
			snprintf(label, len, "%s%s%s%s%s", y->name,
				 w.ne ? "!=" : "=", quote, w.value, quote);
		res->labels[k] = label;
	}
	return 0;
}

/* The answer of q under profile p into res, found by the solver and the
 * engine: each target with the value res asks of it. Returns 0, or -1
 * with the error set. */
static int solve_values(const struct cosel_question *q, unsigned p,
			struct model *m, const uint32_t *syms,
			struct cosel_result *res)
{
	size_t n = q->ntargets;
	struct sat_want *want = kdep_calloc(n + 1, sizeof(*want));
	int *lit = kdep_calloc(n + 1, sizeof(*lit));
	struct sat *s = NULL;
	int r = -1;
	for (size_t k = 0; want && k < n; k++)
		want[k] = (struct sat_want){ syms[k], res->values[k].ne,
					     res->values[k].value };
	if (!want || !lit || !(s = sat_encode_wants(m, syms, n, want, n)))
		goto done;
	for (size_t k = 0; k < n; k++)
		lit[k] = sat_want_lit(s, k);
	sat_size(s, &res->vars, &res->clauses, &res->groups);
	phase_mark("encode");
	struct asked a = { syms, want, lit, res->bare, q->allow_m, n };
	r = q->matrix ? matrix(s, m, &a, q->check, q->check_ctx[p], &res->x)
		      : solve(s, m, &a, q->check, q->check_ctx[p], &res->one);
	phase_mark("solve");
done:
	sat_free(s);
	free(want);
	free(lit);
	return r;
}

/* The answer of q under profile p into res: kept from an earlier run when
 * the engine has it, else found (and then kept). */
/* The question nearest q->config (closest.h), never kept: the whole
 * tree encoded, since every symbol a change can reach counts. */
static int ask_near(const struct cosel_question *q, unsigned p,
		    struct model *m, const uint32_t *syms,
		    struct cosel_result *res)
{
	struct sat *s = sat_encode(m, NULL, 0);
	if (!s)
		return -1;
	sat_size(s, &res->vars, &res->clauses, &res->groups);
	phase_mark("encode");
	int r = (res->near = kdep_calloc(1, sizeof(*res->near)))
			? closest_solve(s, m, syms, q->ntargets, q->allow_m,
					q->config, q->check, q->check_ctx[p],
					&res->one, res->near)
			: -1;
	phase_mark("solve");
	sat_free(s);
	return r;
}

static int ask(const struct cosel_question *q, unsigned p, struct model *m,
	       const uint32_t *syms, struct cosel_result *res)
{
	char *question = NULL, *text = NULL;
	int r = -1;

	if (q->config)
		return ask_near(q, p, m, syms, res);

	if (q->recall || q->remember) {
		if (!(question = cosel_question_text(res)))
			return -1;
	}
	if (q->recall) {
		if (q->recall(q->keep_ctx[p], question, &text))
			goto done;
		r = text ? cosel_result_read(res, m, text) : 0;
		free(text);
		text = NULL;
		if (r) {
			phase_mark("cosel-recall");
			r = r < 0 ? -1 : 0;
			goto done;
		}
	}
	if ((r = solve_values(q, p, m, syms, res)))
		goto done;
	r = -1;
	if (q->remember && (!(text = cosel_result_text(res, m)) ||
			    q->remember(q->keep_ctx[p], question, text)))
		goto done;
	r = 0;
done:
	free(question);
	free(text);
	return r;
}

/* The question under profile p: its answer kept in sink, its findings. */
static int run_profile(const struct rule *self, const struct rule_ctx *ctx,
		       unsigned p, struct finding_sink *sink)
{
	const struct cosel_question *q = ctx->cosel;
	struct model *m = ctx->models[p];
	const uint32_t *syms = q->targets[p];
	size_t n = q->ntargets;
	struct cosel_result *res = kdep_calloc(1, sizeof(*res));

	if (!res)
		return -1;
	res->profile = ctx->profiles[p];
	res->ntargets = n;
	res->allow_m = q->allow_m;
	res->matrix = q->matrix;
	res->targets = kdep_calloc(n + 1, sizeof(*res->targets));
	res->subsets = kdep_calloc(q->matrix ? 1u << n : 1,
				   sizeof(*res->subsets));
	/* kept first: freed with the sink's findings whatever happens next */
	if (sink->keep(sink->ctx, res, result_free) || !res->targets ||
	    !res->subsets)
		return -1;
	if (result_targets(m, q, syms, res))
		return -1;
	int r = ask(q, p, m, syms, res);
	if (r)
		return -1;
	if (!q->matrix) {
		res->subsets[0] = (struct cosel_subset){ res, COSEL_ALL };
		return answer_finding(self, ctx, p, res, &res->subsets[0],
				      &res->one, sink);
	}
	const struct cosel_matrix *x = &res->x;
	uint32_t full = (1u << n) - 1;
	for (uint32_t mask = 1; mask <= full; mask++) {
		res->subsets[mask] = (struct cosel_subset){ res, mask };
		if ((mask == full || x->maximal_yes[mask] ||
		     x->minimal_no[mask] ||
		     x->at[mask].verdict == COSEL_UNKNOWN) &&
		    answer_finding(self, ctx, p, res, &res->subsets[mask],
				   &x->at[mask], sink))
			return -1;
	}
	return 0;
}

int rule_cosel_run(const struct rule *self, const struct rule_ctx *ctx,
		   struct finding_sink *sink)
{
	const struct cosel_question *q = ctx->cosel;
	assert(q && q->check && ctx->line_text);
	assert(!q->matrix || (q->ntargets >= 1 &&
			      q->ntargets <= COSEL_MATRIX_MAX));
	assert(!q->matrix || !q->config);
	for (unsigned p = 0; p < ctx->nprofiles; p++)
		if (run_profile(self, ctx, p, sink))
			return -1;
	return 0;
}
