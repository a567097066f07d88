/*
 * fix_relax.c - relaxations that make symbols co-selectable (see fix.h):
 * one conjunct dropped from a line of the explanation of a no, tried by
 * the solver on the graph with the line relaxed in memory, then proven on
 * the edited tree parsed again, with a witness the Kconfig engine
 * accepts and no new cycle.
 */
#include "fix.h"
#include "fix_impl.h"
#include "alloc.h"
#include "error.h"
#include "sat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether name is an architecture capability: what an arch grants by
 * selecting it. */
static int is_capability(const char *name)
{
	return !strncmp(name, "HAVE_", 5) || !strncmp(name, "ARCH_HAS_", 9) ||
	       !strncmp(name, "ARCH_SUPPORTS_", 14);
}

struct scan_syms {
	const struct model *m;
	int capability;      /* a capability is named */
	unsigned n;          /* symbols named (repeats counted once each) */
	uint32_t seen[16];   /* the first of them */
};

static int scan_sym(uint32_t sym, void *arg)
{
	struct scan_syms *s = arg;
	if (model_sym_is_number(s->m, sym))
		return 0;
	for (unsigned i = 0; i < s->n && i < 16; i++)
		if (s->seen[i] == sym)
			return 0;
	if (s->n < 16)
		s->seen[s->n] = sym;
	s->n++;
	s->capability |= is_capability(s->m->syms[sym].name);
	return 0;
}

/* The expression the line has once candidate f is applied (in m's
 * arena); y for nothing left. NULL when out of memory. */
static struct expr *relaxed(struct model *m, const struct prop *p,
			    const struct fix *f)
{
	const struct expr *cond = p->kind == P_DEPENDS ? p->expr : p->cond;
	const struct expr *v[FIX_MAX_CONJ];
	size_t n = fix_conjuncts(cond, v, 0);
	struct expr *e = NULL;
	if (f->kind == FIX_DROP_CONJUNCT)
		for (size_t k = 0; k < n && k < FIX_MAX_CONJ; k++) {
			if (k == f->conj)
				continue;
			struct expr *c = (struct expr *)v[k];
			e = e ? model_expr_op(m, E_AND, e, c) : c;
		}
	return e ? e : model_expr_sym(m, MODEL_SYM_Y);
}

/* The formula of m for the targets t[0..n) of ctx (resolved in m) with
 * the values asked of them, when asked; the literals of each holding
 * into lits (room for n). NULL with the error set. */
static struct sat *encode(const struct fix_want_ctx *ctx, struct model *m,
			  const uint32_t *t, struct sat_want *w, int *lits)
{
	size_t n = ctx->ntargets;
	if (!ctx->values) {
		struct sat *s = sat_encode(m, t, n);
		for (size_t i = 0; s && i < n; i++)
			lits[i] = sat_target(s, t[i], 0);
		return s;
	}
	for (size_t i = 0; i < n; i++)
		w[i] = (struct sat_want){ t[i], ctx->values[i].ne,
					  ctx->values[i].value ?
					  ctx->values[i].value : "y" };
	struct sat *s = sat_encode_wants(m, t, n, w, n);
	for (size_t i = 0; s && i < n; i++)
		lits[i] = sat_want_lit(s, i);
	return s;
}

/* The question asked on s (encode() of m, t, w): cosel_solve, or with
 * values asked, cosel_solve_wants. */
static int ask(const struct fix_want_ctx *ctx, struct sat *s, struct model *m,
	       const uint32_t *t, const struct sat_want *w,
	       cosel_check_fn check, void *cctx, struct cosel_answer *a)
{
	return ctx->values ? cosel_solve_wants(s, m, w, ctx->ntargets, check,
					      cctx, a)
			  : cosel_solve(s, m, t, ctx->ntargets, 0, check, cctx,
					a);
}

/* Whether the targets can be y together (or hold their values) by the
 * formula with f's line relaxed in memory (the line restored after): 1,
 * 0, or -1. */
static int relaxed_sat(const struct fix_want_ctx *ctx, struct fix *f)
{
	uint32_t node;
	struct model *m = ctx->model;
	struct prop *p = (struct prop *)fix_prop_at(m, f->edit.file,
						    f->edit.first, f->prop_kind,
						    f->target, &node);
	if (!p)
		return 0;
	struct expr *e = relaxed(m, p, f);
	if (!e)
		return -1;
	struct expr **slot = p->kind == P_DEPENDS ? &p->expr : &p->cond;
	struct expr *was = *slot;
	*slot = e;
	int ret = -1;
	int *lits = kdep_calloc(ctx->ntargets + 1, sizeof(*lits));
	struct sat_want *w = kdep_calloc(ctx->ntargets + 1, sizeof(*w));
	struct sat *s = lits && w ? encode(ctx, m, ctx->targets, w, lits)
				  : NULL;
	if (s) {
		size_t n = 0;
		for (size_t i = 0; i < ctx->ntargets; i++)
			if (lits[i])
				lits[n++] = lits[i];
		ret = n == ctx->ntargets ? sat_solve(s, lits, n) : 0;
	}
	free(lits);
	free(w);
	sat_free(s);
	*slot = was;
	return ret;
}

static unsigned want_max(const struct fix_want_ctx *ctx)
{
	return ctx->max_proven ? (unsigned)ctx->max_proven : FIX_MAX_PROVEN;
}

static int rank_cmp(const void *pa, const void *pb)
{
	const struct fix *a = pa, *b = pb;
	if (a->proven != b->proven)
		return b->proven - a->proven;
	if (a->capability != b->capability)
		return a->capability - b->capability;
	if (!!a->why_rejected != !!b->why_rejected)
		return !!a->why_rejected - !!b->why_rejected;
	if (a->arch_confined != b->arch_confined)
		return b->arch_confined - a->arch_confined;
	if (a->negation != b->negation)
		return a->negation - b->negation;
	if (a->loosened != b->loosened)
		return a->loosened < b->loosened ? -1 : 1;
	int c = strcmp(a->edit.file, b->edit.file);
	if (c)
		return c;
	if (a->edit.first != b->edit.first)
		return a->edit.first < b->edit.first ? -1 : 1;
	return a->conj < b->conj ? -1 : a->conj > b->conj;
}

/* Whether c is one of the components of r. */
static int known_component(const struct cycle_report *r,
			   const struct cycle_component *c)
{
	for (uint32_t i = 0; i < r->components; i++) {
		const struct cycle_component *k = &r->comps[i];
		if (k->n != c->n)
			continue;
		uint32_t j = 0;
		while (j < k->n && !strcmp(k->syms[j].name, c->syms[j].name))
			j++;
		if (j == k->n)
			return 1;
	}
	return 0;
}

/* The proof of relaxation f: parsed again, asked again with the witness
 * checked, no new cycle. Sets f->proven and f->witness, or
 * f->why_rejected. 0, or -1 with the error set. */
static int prove(const struct fix_want_ctx *ctx,
		 const struct cycle_report *old, struct fix *f)
{
	const struct fix_engine *eng = ctx->engine;
	struct model *m = NULL;
	cosel_check_fn check = NULL;
	void *cctx = NULL;
	struct cycle_report r = { 0 };
	struct cosel_answer ans = { 0 };
	struct sat *s = NULL;
	uint32_t *t = kdep_calloc(ctx->ntargets + 1, sizeof(*t));
	struct sat_want *w = kdep_calloc(ctx->ntargets + 1, sizeof(*w));
	int *lits = kdep_calloc(ctx->ntargets + 1, sizeof(*lits));
	int ret = -1;
	if (!t || !w || !lits) {
		free(t);
		free(w);
		free(lits);
		return -1;
	}
	f->proven = 0;
	if (eng->open_edited(eng->ctx, &f->edit, 1, ctx->profile, &m, &check,
			     &cctx)) {
		f->why_rejected = fix_fmt("the edited tree does not parse: %s",
					  kdep_error_last());
		ret = f->why_rejected ? 0 : -1;
		goto done;
	}
	for (size_t i = 0; i < ctx->ntargets; i++) {
		t[i] = model_find(m, ctx->model->syms[ctx->targets[i]].name);
		if (t[i] == MODEL_NONE) {
			f->why_rejected = fix_fmt("a target is gone");
			ret = f->why_rejected ? 0 : -1;
			goto done;
		}
	}
	if (!(s = encode(ctx, m, t, w, lits)) ||
	    ask(ctx, s, m, t, w, check, cctx, &ans))
		goto done;
	if (ans.verdict != COSEL_YES) {
		f->why_rejected = fix_fmt(
			"the edited tree: %s", ans.verdict == COSEL_NO ?
			"still not co-selectable" :
			"no witness the Kconfig engine accepts");
		ret = f->why_rejected ? 0 : -1;
		goto done;
	}
	if (cycles_find(&m, 1, &r))
		goto done;
	for (uint32_t i = 0; i < r.components; i++)
		if (!known_component(old, &r.comps[i])) {
			f->why_rejected = fix_fmt("a new cycle appears: %s, ...",
						  r.comps[i].syms[0].name);
			ret = f->why_rejected ? 0 : -1;
			goto done;
		}
	f->witness = ans.witness;
	ans.witness = NULL;
	f->proven = 1;
	ret = 0;
done:
	cosel_answer_free(&ans);
	sat_free(s);
	cycle_report_free(&r);
	if (cctx)
		eng->close_edited(eng->ctx, cctx);
	model_free(m);
	free(t);
	free(w);
	free(lits);
	return ret;
}

int fix_want_prove(const struct fix_want_ctx *ctx, struct fix *f)
{
	struct cycle_report old = { 0 };
	struct model *m = ctx->model;
	if (cycles_find(&m, 1, &old))
		return -1;
	int ret = prove(ctx, &old, f);
	cycle_report_free(&old);
	return ret;
}

/* prove for fix_prove_kept. */
struct want_proof {
	const struct fix_want_ctx *ctx;
	const struct cycle_report *old;
};

static int prove_want(const void *arg, struct fix *f)
{
	const struct want_proof *wp = arg;
	return prove(wp->ctx, wp->old, f);
}

int fix_want(const struct fix_want_ctx *ctx, struct fix_want *out)
{
	struct model *m = ctx->model;
	struct fix_component *fc = &out->fixes;
	struct gen g = { ctx->arch, fc, 0 };
	struct cycle_report old = { 0 };
	struct sat *s = NULL;
	struct sat_want *sw = kdep_calloc(ctx->ntargets + 1, sizeof(*sw));
	int *lits = kdep_calloc(ctx->ntargets + 1, sizeof(*lits));
	memset(out, 0, sizeof(*out));
	fc->nprofiles = 1;
	if (!sw || !lits || !(s = encode(ctx, m, ctx->targets, sw, lits)) ||
	    ask(ctx, s, m, ctx->targets, sw, ctx->check, ctx->check_ctx,
		&out->before))
		goto fail;
	sat_free(s);
	s = NULL;
	free(sw);
	free(lits);
	sw = NULL;
	lits = NULL;
	if (out->before.verdict != COSEL_NO)
		return 0;
	/* every conjunct of every line of the explanation */
	static const int kinds[] = { P_SELECT, P_DEPENDS, P_PROMPT };
	for (size_t i = 0; i < out->before.nwhy; i++) {
		const struct cosel_line *w = &out->before.why[i];
		if (w->kind != SATG_LINE || w->loc.file >= m->nfiles)
			continue;
		const char *file = m->files[w->loc.file];
		for (size_t k = 0; k < 3; k++) {
			uint32_t node;
			const struct prop *p = fix_prop_at(m, file, w->loc.line,
							   kinds[k], NULL,
							   &node);
			if (!p)
				continue;
			char *text = NULL;
			size_t len;
			if (ctx->engine->read(ctx->engine->ctx, file, &text,
					      &len))
				goto fail;
			size_t before = fc->n;
			int bad = fix_line_candidates(
				&g, m, file, w->loc.line, p,
				m->syms[m->nodes[node].sym].name, MODEL_NONE,
				text);
			free(text);
			if (bad)
				goto fail;
			const struct expr *cond = p->kind == P_DEPENDS ?
				p->expr : p->cond;
			const struct expr *v[FIX_MAX_CONJ];
			size_t n = fix_conjuncts(cond, v, 0);
			/* one conjunct at a time: a whole condition of several
			 * is no minimal relaxation */
			for (size_t q = before; n > 1 && q < fc->n;) {
				if (fc->v[q].kind != FIX_DROP_COND) {
					q++;
					continue;
				}
				fix_free(&fc->v[q], 1);
				memmove(&fc->v[q], &fc->v[q + 1],
					(fc->n - q - 1) * sizeof(*fc->v));
				fc->n--;
			}
			for (size_t q = before; q < fc->n; q++) {
				struct fix *f = &fc->v[q];
				struct scan_syms sy = { m, 0, 0, { 0 } };
				const struct expr *gone = cond;
				if (f->kind == FIX_DROP_CONJUNCT &&
				    f->conj < n && n <= FIX_MAX_CONJ)
					gone = v[f->conj];
				model_expr_walk(m, gone, scan_sym, &sy);
				f->negation = gone && gone->op == E_NOT;
				f->toolchain = !gone ||
					       model_expr_fold(m, gone) >= 0;
				f->capability = sy.capability;
				f->loosened = sy.n;
			}
			break;
		}
	}
	/* what the solver says of each, relaxed in memory */
	for (size_t i = 0; i < fc->n; i++) {
		struct fix *f = &fc->v[i];
		if (f->toolchain) {
			f->why_rejected = fix_fmt(
				"what it drops is the toolchain's answer (it "
				"folds to a constant under this profile)");
			if (!f->why_rejected)
				goto fail;
			continue;
		}
		if (f->capability) {
			f->why_rejected = fix_fmt(
				"it drops a dependency on an architecture "
				"capability (the arch grants it by selecting "
				"it)");
			if (!f->why_rejected)
				goto fail;
			continue;
		}
		int r = relaxed_sat(ctx, f);
		if (r < 0)
			goto fail;
		if (!r && !(f->why_rejected = fix_fmt(
				    "the targets stay not co-selectable (SAT)")))
			goto fail;
	}
	qsort(fc->v, fc->n, sizeof(*fc->v), rank_cmp);
	if (cycles_find(&m, 1, &old))
		goto fail;
	/* the question a kept proof answers: the targets and the profile */
	char q[1024];
	size_t at = (size_t)snprintf(q, sizeof(q), "want %u", ctx->profile);
	for (size_t i = 0; i < ctx->ntargets && at < sizeof(q); i++)
		at += (size_t)snprintf(q + at, sizeof(q) - at, " %s%s%s",
				       m->syms[ctx->targets[i]].name,
				       !ctx->values || !ctx->values[i].value ?
				       "" : ctx->values[i].ne ? "!=" : "=",
				       !ctx->values || !ctx->values[i].value ?
				       "" : ctx->values[i].value);
	for (size_t i = 0; i < fc->n && fc->nproven < want_max(ctx) &&
	     fc->tried < FIX_MAX_TRIED; i++) {
		if (fc->v[i].why_rejected)
			continue;
		fc->tried++;
		struct want_proof wp = { ctx, &old };
		int recalled;
		if (fix_prove_kept(ctx->engine, &fc->v[i], 1, q, prove_want,
				   &wp, &recalled))
			goto fail;
		fc->recalled += recalled;
		fc->nproven += fc->v[i].proven;
		if (fc->v[i].proven && fix_sides(m, &fc->v[i], ctx->targets,
						 ctx->ntargets))
			goto fail;
	}
	qsort(fc->v, fc->n, sizeof(*fc->v), rank_cmp);
	cycle_report_free(&old);
	return 0;
fail:
	sat_free(s);
	free(sw);
	free(lits);
	cycle_report_free(&old);
	fix_want_free(out);
	return -1;
}

void fix_want_free(struct fix_want *w)
{
	cosel_answer_free(&w->before);
	fix_component_free(&w->fixes);
}
