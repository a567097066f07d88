/*
 * cosel.c - co-selectability by counterexample-guided refinement: the SAT
 * encoding proposes, the Kconfig engine disposes (see cosel.h); and the
 * rule that turns the answers into findings.
 */
#include "cosel.h"
#include "candidate.h"
#include "alloc.h"
#include "error.h"
#include "phase.h"
#include "rule.h"
#include "sat.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The witness: what it proves, then the .config checked. */
static char *with_header(const struct model *m, const uint32_t *syms,
			 size_t n, int allow_m, char *cfg)
{
	struct cand_buf b = {0};
	cand_buf_add(&b, "%s", "# kdep cosel witness: olddefconfig of this file "
		"ends with");
	for (size_t k = 0; k < n; k++) {
		cand_buf_add(&b, k ? ", %s" : " %s", m->syms[syms[k]].name);
		cand_buf_add(&b, "%s", allow_m ? ">=m" : "=y");
	}
	cand_buf_add(&b, "%s", "\n");
	cand_buf_add(&b, "%s", cfg);
	free(cfg);
	return cand_buf_take(&b);
}

static int targets_hold(struct model *m, const struct cosel_outcome *o,
			const uint32_t *syms, size_t n, int allow_m)
{
	for (size_t k = 0; k < n; k++) {
		const char *name = m->syms[syms[k]].name;
		int v = 0;
		for (size_t i = 0; i < o->n; i++) {
			if (!strcmp(o->names[i], name)) {
				v = cand_tri(o->values[i]);
				break;
			}
		}
		if (v < (allow_m ? 1 : 2))
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

/*
 * Targets the tree mentions but never defines: n, always. With a, they
 * are its explanation; out of memory leaves a->why NULL, the error set.
 */
static size_t undefined_targets(const struct model *m, const uint32_t *syms,
				size_t n, struct cosel_answer *a)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += m->syms[syms[i]].nnodes == 0;
	if (!k || !a)
		return k;
	a->why = kdep_calloc(k, sizeof(*a->why));
	if (!a->why)
		return k;
	for (size_t i = 0; i < n; i++) {
		if (m->syms[syms[i]].nnodes)
			continue;
		a->why[a->nwhy].kind = SATG_DEFINITION;
		a->why[a->nwhy].sym = syms[i];
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
			   const uint32_t *syms, size_t n, int allow_m,
			   cosel_check_fn check, void *ctx, const char *cfg,
			   struct cosel_answer *a)
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
		all = targets_hold(m, &o, syms, n, allow_m);
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

/* The question without its explanation (the matrix explains later). */
static int decide(struct sat *s, struct model *m, const uint32_t *syms,
		  size_t n, int allow_m, cosel_check_fn check, void *ctx,
		  struct cosel_answer *a)
{
	int *lits = calloc(n + 1, sizeof(int));
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
	if (undefined_targets(m, syms, n, NULL)) {
		a->verdict = COSEL_NO;
		free(lits);
		free(unset);
		return 0;
	}
	for (size_t k = 0; k < n; k++) {
		if (!(lits[k] = sat_target(s, syms[k], allow_m))) {
			kdep_error_set("%s is not a bool or tristate symbol",
				       m->syms[syms[k]].name);
			goto done;
		}
	}
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
			held = targets_hold(m, &o, syms, n, allow_m);
		}
		memset(unset, 0, m->nsyms);
		if (held && witness_assumes(s, m, syms, n, allow_m, check,
					    ctx, cfg, a)) {
			free(cfg);
			cosel_outcome_free(&o);
			goto done;
		}
		if (held && !a->nassumed)
			drop_assumes(cfg);
		if (held) {
			/* The witness is the .config checked, as it was. */
			a->witness = with_header(m, syms, n, allow_m, cfg);
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
			   const uint32_t *syms, size_t n, int allow_m,
			   struct cosel_answer *a)
{
	if (undefined_targets(m, syms, n, a))
		return a->why ? 0 : -1; /* NULL: out of memory */
	int *lits = calloc(n + 1, sizeof(int));
	if (!lits) {
		kdep_error_set("out of memory");
		return -1;
	}
	for (size_t k = 0; k < n; k++)
		lits[k] = sat_target(s, syms[k], allow_m);
	int r = explain(s, lits, n, a);
	free(lits);
	return r;
}

int cosel_solve(struct sat *s, struct model *m, const uint32_t *syms,
		size_t n, int allow_m, cosel_check_fn check, void *ctx,
		struct cosel_answer *a)
{
	if (decide(s, m, syms, n, allow_m, check, ctx, a))
		return -1;
	if (a->verdict == COSEL_NO)
		return explain_targets(s, m, syms, n, allow_m, a);
	return 0;
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

int cosel_matrix(struct sat *s, struct model *m, const uint32_t *syms,
		 size_t n, int allow_m, cosel_check_fn check, void *ctx,
		 struct cosel_matrix *x)
{
	uint32_t full = (1u << n) - 1;
	uint32_t *order = NULL;

	memset(x, 0, sizeof(*x));
	if (n == 0 || n > COSEL_MATRIX_MAX) {
		kdep_error_set("a matrix takes 1 to %d symbols",
			       COSEL_MATRIX_MAX);
		return -1;
	}
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
		uint32_t sub[COSEL_MATRIX_MAX];
		size_t ns = 0;
		for (size_t b = 0; b < n; b++)
			if (mask & (1u << b))
				sub[ns++] = syms[b];
		if (decide(s, m, sub, ns, allow_m, check, ctx, &x->at[mask]))
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
		if (x->minimal_no[mask]) {
			uint32_t sub[COSEL_MATRIX_MAX];
			size_t ns = 0;
			for (size_t b = 0; b < n; b++)
				if (mask & (1u << b))
					sub[ns++] = syms[b];
			if (explain_targets(s, m, sub, ns, allow_m,
					    &x->at[mask]))
				goto fail;
		}
	}
	free(order);
	return 0;
fail:
	free(order);
	cosel_matrix_free(x);
	return -1;
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
	free(r->targets);
	free(r->subsets);
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
			len += strlen(res->targets[k]) + 3;
		}
	}
	if (!(joined = kdep_calloc(len, 1)))
		goto done;
	for (size_t k = 0; k < n; k++) {
		if (k)
			strcat(joined, " + ");
		strcat(joined, names[k]);
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

/* The answer of q under profile p into res: kept from an earlier run when
 * the engine has it, else found (and then kept). */
static int ask(const struct cosel_question *q, unsigned p, struct model *m,
	       const uint32_t *syms, struct cosel_result *res)
{
	size_t n = q->ntargets;
	char *question = NULL, *text = NULL;
	int r = -1;

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
	r = -1;
	struct sat *s = sat_encode(m, syms, n);
	if (!s)
		goto done;
	sat_size(s, &res->vars, &res->clauses, &res->groups);
	phase_mark("encode");
	int bad = q->matrix ? cosel_matrix(s, m, syms, n, q->allow_m, q->check,
					   q->check_ctx[p], &res->x)
			    : cosel_solve(s, m, syms, n, q->allow_m, q->check,
					  q->check_ctx[p], &res->one);
	phase_mark("solve");
	sat_free(s);
	if (bad)
		goto done;
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
	for (size_t k = 0; k < n; k++)
		res->targets[k] = m->syms[syms[k]].name;
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
	for (unsigned p = 0; p < ctx->nprofiles; p++)
		if (run_profile(self, ctx, p, sink))
			return -1;
	return 0;
}
