/*
 * unmet.c - selects above their target's dependencies, decided by the
 * solver and confirmed by the Kconfig engine (see unmet.h); and the rule
 * that turns the sweep into findings.
 */
#include "unmet.h"
#include "alloc.h"
#include "candidate.h"
#include "error.h"
#include "phase.h"
#include "rule.h"
#include "sat.h"
#include "sat_unmet.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A (target, selector) pair the engine reported, and the witness. */
struct seen {
	uint32_t target, selector; /* the pair */
	uint32_t witness;          /* index into the sweep's witnesses */
};

/* A checked .config and what it shows. */
struct witness {
	char *text;                /* the .config (owned) */
	char **choices;            /* its user choices (owned) */
	size_t nchoices;
	int suffice;               /* the choices alone are the .config */
	uint8_t *val;              /* per symbol: its tristate value there */
};

/* The state of one sweep. */
struct sweep {
	struct model *m;           /* the tree */
	struct sat *near;          /* the target's near cone (a first proof) */
	struct sat *s;             /* its whole cone, made when needed */
	cosel_check_fn check;      /* the engine */
	void *ctx;                 /* its state */
	char **defv;               /* per symbol: its value with no user
				      value (alldefconfig), or NULL */
	struct seen *seen;         /* every pair reported so far */
	size_t nseen, capseen;
	struct witness *w;         /* the witnesses, by index */
	size_t nw, capw;
	uint8_t *unset;            /* per symbol: left out of a candidate */
	struct unmet_report *out;  /* what is found */
	size_t capout;             /* room in out->v */
};

static int engine(struct sweep *sw, const char *cfg, struct cosel_outcome *o)
{
	memset(o, 0, sizeof(*o));
	sw->out->st.checks++;
	return sw->check(sw->ctx, cfg, o);
}

/* Whether o reports target x selected above its dependencies by sel. */
static int reports(struct model *m, const struct cosel_outcome *o,
		   uint32_t x, uint32_t sel)
{
	for (size_t i = 0; i < o->nunmet; i++)
		if (!strcmp(o->unmet[i], m->syms[x].name) &&
		    !strcmp(o->unmet_by[i], m->syms[sel].name))
			return 1;
	return 0;
}

/* The witness index of pair (x, sel), or -1. */
static long seen_at(const struct sweep *sw, uint32_t x, uint32_t sel)
{
	for (size_t i = 0; i < sw->nseen; i++)
		if (sw->seen[i].target == x && sw->seen[i].selector == sel)
			return (long)sw->seen[i].witness;
	return -1;
}

/* A symbol's value as a .config line, into b. */
static void config_line(struct cand_buf *b, const struct sym *y,
			const char *v)
{
	if (y->type == SYM_BOOL || y->type == SYM_TRISTATE) {
		if (!strcmp(v, "n")) {
			cand_buf_add(b, "# CONFIG_%s is not set", y->name);
			return;
		}
		cand_buf_add(b, "CONFIG_%s=", y->name);
		cand_buf_add(b, "%s", v);
	} else if (y->type == SYM_STRING) {
		cand_buf_add(b, "CONFIG_%s=", y->name);
		cand_buf_add(b, "\"%s\"", v);
	} else {
		cand_buf_add(b, "CONFIG_%s=", y->name);
		cand_buf_add(b, "%s", v);
	}
}

/*
 * The user choices of an outcome: the symbols with a prompt whose value
 * differs from the defaults, as .config lines (*n of them), and the
 * .config of just those. Returns 0, or -1 with the error set.
 */
static int choices_of(struct sweep *sw, const struct cosel_outcome *o,
		      char ***lines, size_t *n, char **cfg)
{
	struct model *m = sw->m;
	struct cand_buf all = { 0 };
	size_t k = 0;
	*lines = kdep_calloc(o->n + 1, sizeof(**lines));
	*n = 0;
	*cfg = NULL;
	if (!*lines)
		return -1;
	cand_buf_add(&all, "%s", "");
	for (size_t i = 0; i < o->n; i++) {
		uint32_t y = model_find(m, o->names[i]);
		if (y == MODEL_NONE || !(m->syms[y].flags & SYMF_PROMPT) ||
		    !sw->defv[y] || !strcmp(sw->defv[y], o->values[i]))
			continue;
		const struct sym *sy = &m->syms[y];
		if (sy->type == SYM_STRING && strpbrk(o->values[i], "\"\\"))
			continue;
		struct cand_buf b = { 0 };
		config_line(&b, sy, o->values[i]);
		if (!((*lines)[k] = cand_buf_take(&b)))
			goto oom;
		cand_buf_add(&all, "%s\n", (*lines)[k]);
		k++;
	}
	*n = k;
	if (!(*cfg = cand_buf_take(&all)))
		goto oom;
	return 0;
oom:
	for (size_t i = 0; i < k; i++)
		free((*lines)[i]);
	free(*lines);
	*lines = NULL;
	kdep_error_set("out of memory");
	return -1;
}

static int tri_value(const char *v)
{
	return cand_tri(v);
}

/*
 * Keeps a checked .config whose outcome o reports unmet dependencies:
 * first as the user choices alone when the engine reports the same from
 * them, and every pair either version reports is recorded as seen.
 * Returns 0, or -1 with the error set.
 */
static int witness_keep(struct sweep *sw, char *cfg,
			const struct cosel_outcome *o)
{
	struct model *m = sw->m;
	char **lines = NULL, *short_cfg = NULL;
	size_t nlines = 0;
	struct cosel_outcome so = { 0 };
	int ret = -1, shorter = 0;

	if (choices_of(sw, o, &lines, &nlines, &short_cfg))
		goto done;
	if (engine(sw, short_cfg, &so))
		goto done;
	/* the short one answers for a pair when it reports it too */
	const struct cosel_outcome *src[2] = { &so, o };
	for (int v = 0; v < 2; v++) {
		if (kdep_grow(&sw->w, &sw->capw, sw->nw + 1, sizeof(*sw->w)))
			goto done;
		struct witness *w = &sw->w[sw->nw];
		memset(w, 0, sizeof(*w));
		w->val = kdep_calloc(m->nsyms + 1, 1);
		if (!w->val)
			goto done;
		for (size_t i = 0; i < src[v]->n; i++) {
			uint32_t y = model_find(m, src[v]->names[i]);
			if (y != MODEL_NONE)
				w->val[y] = (uint8_t)tri_value(src[v]->values[i]);
		}
		size_t added = 0;
		for (size_t i = 0; i < src[v]->nunmet; i++) {
			uint32_t x = model_find(m, src[v]->unmet[i]);
			uint32_t by = model_find(m, src[v]->unmet_by[i]);
			if (x == MODEL_NONE || by == MODEL_NONE ||
			    seen_at(sw, x, by) >= 0)
				continue;
			if (kdep_grow(&sw->seen, &sw->capseen, sw->nseen + 1,
				      sizeof(*sw->seen)))
				goto done;
			sw->seen[sw->nseen++] = (struct seen){ x, by,
							       (uint32_t)sw->nw };
			added++;
		}
		if (!added) {
			free(w->val);
			continue;
		}
		if (v == 0) {
			w->text = short_cfg;
			short_cfg = NULL;
			w->choices = lines;
			w->nchoices = nlines;
			lines = NULL;
			w->suffice = 1;
			shorter = 1;
		} else {
			if (!(w->text = strdup(cfg))) {
				free(w->val);
				kdep_error_set("out of memory");
				goto done;
			}
			/* the choices of the full one, as they differ from
			 * the defaults; the short one did not suffice */
			if (shorter || !lines) {
				if (choices_of(sw, o, &w->choices,
					       &w->nchoices, &short_cfg)) {
					free(w->text);
					free(w->val);
					goto done;
				}
			} else {
				w->choices = lines;
				w->nchoices = nlines;
				lines = NULL;
			}
		}
		sw->nw++;
	}
	ret = 0;
done:
	for (size_t i = 0; lines && i < nlines; i++)
		free(lines[i]);
	free(lines);
	free(short_cfg);
	cosel_outcome_free(&so);
	return ret;
}

/* ---- the dependencies a witness leaves unmet --------------------------- */

static int eval_tri(const struct model *m, const uint8_t *val,
		    const struct expr *e)
{
	if (!e)
		return 2;
	switch (e->op) {
	case E_SYM:
		if (e->sym <= MODEL_SYM_Y)
			return (int)e->sym;
		if (m->syms[e->sym].type != SYM_BOOL &&
		    m->syms[e->sym].type != SYM_TRISTATE)
			return 0;
		return val[e->sym];
	case E_NOT:
		return 2 - eval_tri(m, val, e->l);
	case E_AND: {
		int a = eval_tri(m, val, e->l), b = eval_tri(m, val, e->r);
		return a < b ? a : b;
	}
	case E_OR: {
		int a = eval_tri(m, val, e->l), b = eval_tri(m, val, e->r);
		return a > b ? a : b;
	}
	default:
		return -1; /* a comparison: not read here */
	}
}

/*
 * The 'depends on', if and menu lines of x that the witness leaves below
 * what x has there (every one of them when none can be told: a
 * comparison). Returns 0, or -1 with the error set.
 */
static int unmet_lines(const struct model *m, const struct witness *w,
		       uint32_t x, struct unmet_alarm *a)
{
	const struct sym *y = &m->syms[x];
	int have = w->val[x];
	for (int all = 0; all < 2 && !a->ndepends; all++) {
		for (uint32_t k = 0; k < y->nnodes; k++) {
			for (uint32_t n = y->nodes[k]; n != MODEL_NONE;
			     n = m->nodes[n].parent) {
				const struct node *nd = &m->nodes[n];
				for (uint32_t i = 0; i < nd->nprops; i++) {
					const struct prop *p = &nd->props[i];
					if (p->kind != P_DEPENDS)
						continue;
					int v = eval_tri(m, w->val, p->expr);
					if (!all && (v < 0 || v >= have))
						continue;
					struct loc *g = realloc(a->depends,
						(a->ndepends + 1) *
						sizeof(*g));
					if (!g) {
						kdep_error_set("out of memory");
						return -1;
					}
					a->depends = g;
					a->depends[a->ndepends++] = p->loc;
				}
			}
		}
	}
	return 0;
}

/* Adds the finding of select at (an alarm with witness wi, or unknown). */
static int alarm_add(struct sweep *sw, struct unmet_select at, int verdict,
		     long wi, unsigned candidates)
{
	struct model *m = sw->m;
	struct unmet_report *r = sw->out;
	const struct node *nd = &m->nodes[at.node];
	if (kdep_grow(&r->v, &sw->capout, r->n + 1, sizeof(*r->v)))
		return -1;
	struct unmet_alarm *a = &r->v[r->n];
	memset(a, 0, sizeof(*a));
	a->at = at;
	a->selector = nd->sym;
	a->target = nd->props[at.prop].expr->sym;
	a->verdict = verdict;
	a->candidates = candidates;
	r->n++;
	if (verdict != UNMET_ALARM)
		return 0;
	const struct witness *w = &sw->w[wi];
	struct cand_buf b = { 0 };
	cand_buf_add(&b, "# kdep unmet witness: after olddefconfig of this "
		     "file, %s", m->syms[a->selector].name);
	cand_buf_add(&b, " selects %s above its direct dependencies\n",
		     m->syms[a->target].name);
	cand_buf_add(&b, "%s", w->text);
	if (!(a->witness = cand_buf_take(&b)))
		goto oom;
	a->choices_suffice = w->suffice;
	a->choices = kdep_calloc(w->nchoices + 1, sizeof(*a->choices));
	if (!a->choices)
		return -1;
	for (size_t i = 0; i < w->nchoices; i++) {
		if (!(a->choices[i] = strdup(w->choices[i])))
			goto oom;
		a->nchoices++;
	}
	return unmet_lines(m, w, a->target, a);
oom:
	kdep_error_set("out of memory");
	return -1;
}

/* ---- the proof the lines give themselves ------------------------------- */

/* A symbol whose selects are examined: bool or tristate, defined, not
 * transitional; a target also not a member of a choice. */
static int sym_examined(const struct model *m, uint32_t i)
{
	const struct sym *y = &m->syms[i];
	return !(y->flags & (SYMF_CONST | SYMF_CHOICE | SYMF_TRANSITIONAL)) &&
	       y->nnodes && (y->type == SYM_BOOL || y->type == SYM_TRISTATE);
}

static const struct model *sort_m; /* the model by_target() reads */

/* Orders selects by target, then as written. */
static int by_target(const void *a, const void *b)
{
	const struct unmet_select *x = a, *y = b;
	uint32_t tx = sort_m->nodes[x->node].props[x->prop].expr->sym;
	uint32_t ty = sort_m->nodes[y->node].props[y->prop].expr->sym;
	if (tx != ty)
		return tx < ty ? -1 : 1;
	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	return x->prop < y->prop ? -1 : x->prop > y->prop;
}

static int expr_same(const struct expr *a, const struct expr *b)
{
	if (!a || !b)
		return a == b;
	return a->op == b->op && a->sym == b->sym && expr_same(a->l, b->l) &&
	       expr_same(a->r, b->r);
}

/* Whether e is among the conjuncts of c (c split at its &&s). */
static int conjunct_of(const struct expr *e, const struct expr *c)
{
	if (!c)
		return 0;
	if (c->op == E_AND)
		return conjunct_of(e, c->l) || conjunct_of(e, c->r);
	return expr_same(e, c);
}

/* Whether e is among the conjuncts of node n's dependencies (its own
 * 'depends on' lines and those of every enclosing if, menu, choice). */
static int node_conjunct(const struct model *m, const struct expr *e,
			 uint32_t n)
{
	for (; n != MODEL_NONE; n = m->nodes[n].parent) {
		const struct node *nd = &m->nodes[n];
		for (uint32_t i = 0; i < nd->nprops; i++)
			if (nd->props[i].kind == P_DEPENDS &&
			    conjunct_of(e, nd->props[i].expr))
				return 1;
	}
	return 0;
}

/* Whether every conjunct of e is S itself or a conjunct of the select's
 * condition or of the selector's dependencies. */
static int covered(const struct model *m, const struct expr *e, uint32_t sel,
		   const struct prop *p, uint32_t node)
{
	if (e->op == E_AND)
		return covered(m, e->l, sel, p, node) &&
		       covered(m, e->r, sel, p, node);
	if (e->op == E_SYM && (e->sym == sel || e->sym == MODEL_SYM_Y))
		return 1;
	return conjunct_of(e, p->cond) || node_conjunct(m, e, node);
}

/*
 * Whether the lines prove the select safe with no solving: some
 * definition of the target has every conjunct of its dependencies among
 * the conjuncts of what the select gives (the selector, the select's
 * condition, the selector's dependencies: the value of the select is at
 * most each of them, so at most the target's dependencies). The common
 * case: 'if FOO' around both, or a target that depends on its selector.
 */
static int lines_prove(const struct model *m, struct unmet_select at)
{
	const struct node *nd = &m->nodes[at.node];
	const struct prop *p = &nd->props[at.prop];
	const struct sym *x = &m->syms[p->expr->sym];
	/* a definition with no dependency adds none to the kernel's
	 * (menu_finalize() ORs only those that have one) */
	int some = 0;
	for (uint32_t k = 0; k < x->nnodes && !some; k++)
		some = model_node_has_dep(m, x->nodes[k]);
	for (uint32_t k = 0; k < x->nnodes; k++) {
		int all = 1;
		if (some && !model_node_has_dep(m, x->nodes[k]))
			continue;
		for (uint32_t n = x->nodes[k]; n != MODEL_NONE && all;
		     n = m->nodes[n].parent) {
			const struct node *xn = &m->nodes[n];
			for (uint32_t i = 0; i < xn->nprops && all; i++)
				if (xn->props[i].kind == P_DEPENDS)
					all = covered(m, xn->props[i].expr,
						      nd->sym, p, at.node);
		}
		if (all)
			return 1;
	}
	return 0;
}

/* One select: proved, confirmed or unknown. */
static int examine(struct sweep *sw, struct unmet_select at)
{
	struct model *m = sw->m;
	const struct node *nd = &m->nodes[at.node];
	uint32_t x = nd->props[at.prop].expr->sym, sel = nd->sym;
	int v = 0, k = sat_select_exceeds(sw->near, at.node, at.prop, &v);
	if (k > 0) {
		/* the near cone first: unsatisfiable there is a proof */
		int r = sat_solve(sw->near, &v, 1);
		if (r < 0)
			return -1;
		if (r == 0) {
			sw->out->st.proofs++;
			return 0;
		}
	}
	if (k > 0 && !sw->s) {
		if (!(sw->s = sat_encode(m, &x, 1)))
			return -1;
		sat_groups_fix(sw->s);
		/* candidates near the defaults: few user choices */
		for (uint32_t i = 0; i < m->nsyms; i++)
			if (sw->defv[i] && (m->syms[i].type == SYM_BOOL ||
					    m->syms[i].type == SYM_TRISTATE))
				sat_prefer(sw->s, i, cand_tri(sw->defv[i]));
	}
	struct sat *s = sw->s;
	if (k > 0)
		k = sat_select_exceeds(s, at.node, at.prop, &v);
	if (k < 0) {
		/* not in the cone of its own target: cannot happen */
		kdep_error_set("%s: the select of %s is not in its cone",
			       m->syms[sel].name, m->syms[x].name);
		return -1;
	}
	if (k == 0) {
		sw->out->st.proofs++;
		return 0;
	}
	long wi = seen_at(sw, x, sel);
	if (wi >= 0) {
		sw->out->st.alarms++;
		return alarm_add(sw, at, UNMET_ALARM, wi, 0);
	}
	/* blocking clauses of this select hold under act only */
	int lits[2] = { v, sat_new_var(s) };
	unsigned refuted = 0;
	for (unsigned round = 0; round < UNMET_MAX_CANDIDATES; round++) {
		int r = sat_solve(s, lits, 2);
		if (r < 0)
			return -1;
		if (r == 0) {
			if (!refuted) {
				sw->out->st.proofs++;
				return 0;
			}
			break;
		}
		/* as cosel: once more with the symbols that came out
		 * differently left to their defaults */
		struct cosel_outcome o = { 0 };
		char *cfg = NULL;
		int held = 0;
		memset(sw->unset, 0, m->nsyms);
		for (int repair = 0; repair < 2 && !held; repair++) {
			if (repair && !cand_mark_unset(s, m, &o, sw->unset))
				break;
			free(cfg);
			cosel_outcome_free(&o);
			if (!(cfg = cand_config(s, m, sw->unset)))
				return -1;
			if (engine(sw, cfg, &o)) {
				free(cfg);
				cosel_outcome_free(&o);
				return -1;
			}
			held = reports(m, &o, x, sel);
			if (o.nunmet && witness_keep(sw, cfg, &o)) {
				free(cfg);
				cosel_outcome_free(&o);
				return -1;
			}
		}
		free(cfg);
		if (held) {
			cosel_outcome_free(&o);
			wi = seen_at(sw, x, sel);
			assert(wi >= 0);
			sw->out->st.alarms++;
			return alarm_add(sw, at, UNMET_ALARM, wi, refuted);
		}
		int b = cand_block(s, m, lits[1], &o);
		cosel_outcome_free(&o);
		if (b)
			return -1;
		refuted++;
	}
	sw->out->st.unknowns++;
	return alarm_add(sw, at, UNMET_UNKNOWN, -1, refuted);
}

/* Every select of a bool/tristate by one, in the tree's order. */
static struct unmet_select *all_selects(const struct model *m, size_t *n)
{
	size_t k = 0;
	for (uint32_t i = 0; i < m->nnodes; i++)
		for (uint32_t p = 0; p < m->nodes[i].nprops; p++)
			k += m->nodes[i].props[p].kind == P_SELECT;
	struct unmet_select *v = kdep_calloc(k + 1, sizeof(*v));
	*n = 0;
	for (uint32_t i = 0; v && i < m->nnodes; i++)
		for (uint32_t p = 0; p < m->nodes[i].nprops; p++)
			if (m->nodes[i].props[p].kind == P_SELECT &&
			    m->nodes[i].kind == NODE_SYM)
				v[(*n)++] = (struct unmet_select){ i, p };
	return v;
}

int unmet_examine(struct model *m, const struct unmet_select *sel, size_t n,
		  cosel_check_fn check, void *ctx, struct unmet_report *out)
{
	struct sweep sw = { .m = m, .check = check, .ctx = ctx, .out = out };
	struct unmet_select *every = NULL, *order = NULL;
	struct cosel_outcome def = { 0 };
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (!sel) {
		if (!(every = all_selects(m, &n)))
			return -1;
		sel = every;
	}
	sw.defv = kdep_calloc(m->nsyms + 1, sizeof(*sw.defv));
	sw.unset = kdep_calloc(m->nsyms + 1, 1);
	if (!sw.defv || !sw.unset)
		goto done;
	/* the defaults, which user choices are told from */
	if (engine(&sw, "", &def))
		goto done;
	for (size_t i = 0; i < def.n; i++) {
		uint32_t y = model_find(m, def.names[i]);
		if (y != MODEL_NONE)
			sw.defv[y] = def.values[i];
	}
	/* the selects the lines do not settle, by target: the selects of
	 * one target share the formula of its cone of influence */
	order = kdep_calloc(n + 1, sizeof(*order));
	if (!order)
		goto done;
	size_t left = 0;
	for (size_t i = 0; i < n; i++) {
		assert(sel[i].node < m->nnodes &&
		       sel[i].prop < m->nodes[sel[i].node].nprops);
		const struct node *nd = &m->nodes[sel[i].node];
		const struct prop *p = &nd->props[sel[i].prop];
		if (p->kind != P_SELECT || nd->kind != NODE_SYM ||
		    p->expr->op != E_SYM || !sym_examined(m, nd->sym) ||
		    !sym_examined(m, p->expr->sym) ||
		    (m->syms[p->expr->sym].flags & SYMF_CHOICE_MEMBER))
			continue;
		out->st.selects++;
		if (lines_prove(m, sel[i])) {
			out->st.proofs++;
			continue;
		}
		order[left++] = sel[i];
	}
	sort_m = m;
	qsort(order, left, sizeof(*order), by_target);
	for (size_t i = 0; i < left; i++) {
		uint32_t x = m->nodes[order[i].node].props[order[i].prop].expr->sym;
		if (!i || x != m->nodes[order[i - 1].node]
				       .props[order[i - 1].prop].expr->sym) {
			sat_free(sw.s);
			sat_free(sw.near);
			sw.s = NULL;
			if (!(sw.near = sat_encode_near(m, &x, 1, UNMET_NEAR)))
				goto done;
			sat_groups_fix(sw.near);
		}
		if (examine(&sw, order[i]))
			goto done;
	}
	phase_mark("unmet");
	ret = 0;
done:
	if (ret)
		unmet_report_free(out);
	sat_free(sw.s);
	sat_free(sw.near);
	cosel_outcome_free(&def);
	for (size_t i = 0; i < sw.nw; i++) {
		free(sw.w[i].text);
		for (size_t k = 0; k < sw.w[i].nchoices; k++)
			free(sw.w[i].choices[k]);
		free(sw.w[i].choices);
		free(sw.w[i].val);
	}
	free(sw.w);
	free(sw.seen);
	free(sw.defv);
	free(sw.unset);
	free(every);
	free(order);
	return ret;
}

void unmet_report_free(struct unmet_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		struct unmet_alarm *a = &r->v[i];
		free(a->witness);
		for (size_t k = 0; k < a->nchoices; k++)
			free(a->choices[k]);
		free(a->choices);
		free(a->depends);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* ---- the rule ----------------------------------------------------------- */

/* The sweep of every profile, kept with the findings (their payload). */
struct unmet_run {
	struct unmet_report *r;     /* [np] */
	unsigned np;
	struct unmet_item *items;   /* the payloads */
	size_t nitems;
	const char **strs;          /* witness and choice arrays of items */
	size_t nstrs, capstrs;
};

static void run_free(void *p)
{
	struct unmet_run *u = p;
	for (unsigned i = 0; u->r && i < u->np; i++)
		unmet_report_free(&u->r[i]);
	for (size_t i = 0; i < u->nitems; i++) {
		free(u->items[i].witnesses);
		free(u->items[i].choices);
	}
	free(u->r);
	free(u->items);
	free(u);
}

/* Select lines are told apart across profiles by what they say. */
static int same_select(const struct rule_ctx *ctx, unsigned p,
		       const struct unmet_alarm *a, unsigned q,
		       const struct unmet_alarm *b)
{
	const struct model *mp = ctx->models[p], *mq = ctx->models[q];
	struct loc la = mp->nodes[a->at.node].props[a->at.prop].loc;
	struct loc lb = mq->nodes[b->at.node].props[b->at.prop].loc;
	return la.line == lb.line &&
	       !strcmp(mp->files[la.file], mq->files[lb.file]) &&
	       !strcmp(mp->syms[a->selector].name, mq->syms[b->selector].name) &&
	       !strcmp(mp->syms[a->target].name, mq->syms[b->target].name);
}

/* The finding of alarm (or unknown) a of profile p, with the other
 * profiles where the same select is one. */
static int alarm_finding(const struct rule *self, const struct rule_ctx *ctx,
			 struct unmet_run *u, unsigned p, size_t i,
			 struct finding_sink *sink)
{
	const struct unmet_alarm *a = &u->r[p].v[i];
	struct model *m = ctx->models[p];
	struct finding_strs strs = { 0 };
	struct finding f = { 0 };
	const char *holds[64];
	size_t nholds = 0;
	int ret = -1;
	struct unmet_item *it = &u->items[u->nitems];
	char buf[4096];

	memset(it, 0, sizeof(*it));
	it->witnesses = kdep_calloc(u->np + 1, sizeof(*it->witnesses));
	struct finding_related *rel = kdep_calloc(a->ndepends + a->nchoices + 2,
						  sizeof(*rel));
	if (!it->witnesses || !rel) {
		free(it->witnesses);
		free(rel);
		return -1;
	}
	u->nitems++;
	for (unsigned q = 0; q < u->np; q++) {
		for (size_t k = 0; k < u->r[q].n; k++) {
			const struct unmet_alarm *b = &u->r[q].v[k];
			if (b->verdict != a->verdict ||
			    !same_select(ctx, p, a, q, b))
				continue;
			holds[nholds++] = ctx->profiles[q];
			it->witnesses[it->nwitnesses++] = b->witness;
			break;
		}
	}
	const char *sname = m->syms[a->selector].name;
	const char *tname = m->syms[a->target].name;
	const struct prop *sp = &m->nodes[a->at.node].props[a->at.prop];
	it->selector = sname;
	it->target = tname;
	it->candidates = a->candidates;
	it->choices_suffice = a->choices_suffice;
	it->choices = kdep_calloc(a->nchoices + 1, sizeof(*it->choices));
	if (!it->choices)
		goto done;
	for (size_t k = 0; k < a->nchoices; k++)
		it->choices[it->nchoices++] = a->choices[k];
	size_t nrel = 0;
	/* the select line as written */
	rel[nrel].role = "select";
	rel[nrel].file = m->files[sp->loc.file];
	rel[nrel].line = sp->loc.line;
	rel[nrel].symbol = sname;
	ctx->line_text(ctx->engine, rel[nrel].file, rel[nrel].line, buf,
		       sizeof(buf));
	if (!(rel[nrel++].message = finding_strs_printf(&strs, "%s", buf)))
		goto done;
	for (size_t k = 0; k < a->ndepends; k++) {
		struct finding_related *r = &rel[nrel++];
		r->role = "depends";
		r->file = m->files[a->depends[k].file];
		r->line = a->depends[k].line;
		r->symbol = tname;
		ctx->line_text(ctx->engine, r->file, r->line, buf, sizeof(buf));
		if (!(r->message = finding_strs_printf(&strs, "%s", buf)))
			goto done;
	}
	for (size_t k = 0; k < a->nchoices; k++) {
		struct finding_related *r = &rel[nrel++];
		r->role = "choice";
		r->message = a->choices[k];
	}
	f.rule = self->id;
	f.file = m->files[sp->loc.file];
	f.line = sp->loc.line;
	if (a->verdict == UNMET_ALARM) {
		f.kind = FINDING_FAIL;
		f.severity = self->severity;
		f.message = finding_strs_printf(&strs, "%s selects %s above its "
						"direct dependencies", sname,
						tname);
	} else {
		f.kind = FINDING_OPEN;
		f.severity = FINDING_WARNING;
		f.message = finding_strs_printf(&strs, "%s selects %s: whether "
						"above its dependencies is "
						"unknown, %u candidates "
						"refuted", sname, tname,
						a->candidates);
	}
	if (!f.message)
		goto done;
	const char *syms[2] = { sname, tname };
	f.related = rel;
	f.nrelated = nrel;
	f.symbols = syms;
	f.nsymbols = 2;
	f.holds = holds;
	f.nholds = nholds;
	f.arch = ctx->arch;
	f.payload = it;
	const char *parts[] = { ctx->arch, f.file,
				a->verdict == UNMET_ALARM ? "alarm" : "unknown" };
	if (finding_fingerprint(self->id, parts, 3, syms, 2, &f.fingerprint))
		goto done;
	ret = sink->add(sink->ctx, &f);
done:
	finding_strs_free(&strs);
	free(rel);
	return ret;
}

/* Whether alarm i of profile p is reported by an earlier finding: the
 * same select met before, or (an unknown) an alarm elsewhere. */
static int reported(const struct rule_ctx *ctx, const struct unmet_run *u,
		    unsigned p, size_t i)
{
	const struct unmet_alarm *a = &u->r[p].v[i];
	for (unsigned q = 0; q < u->np; q++) {
		for (size_t k = 0; k < u->r[q].n; k++) {
			const struct unmet_alarm *b = &u->r[q].v[k];
			if (q == p && k == i)
				break;
			if (b->verdict == a->verdict &&
			    same_select(ctx, p, a, q, b))
				return 1;
		}
		if (q == p)
			break;
	}
	if (a->verdict == UNMET_ALARM)
		return 0;
	for (unsigned q = 0; q < u->np; q++)
		for (size_t k = 0; k < u->r[q].n; k++)
			if (u->r[q].v[k].verdict == UNMET_ALARM &&
			    same_select(ctx, p, a, q, &u->r[q].v[k]))
				return 1;
	return 0;
}

static int summary_finding(const struct rule *self, const struct rule_ctx *ctx,
			   struct unmet_run *u, unsigned p,
			   struct finding_sink *sink)
{
	const struct unmet_stats *st = &u->r[p].st;
	struct unmet_item *it = &u->items[u->nitems++];
	struct finding_strs strs = { 0 };
	struct finding f = { 0 };
	memset(it, 0, sizeof(*it));
	it->summary = 1;
	it->profile = ctx->profiles[p];
	it->st = *st;
	f.rule = self->id;
	f.kind = FINDING_PASS;
	f.severity = FINDING_NOTE;
	f.message = finding_strs_printf(&strs, "%u selects examined: %u "
					"alarms, %u proofs, %u unknown",
					st->selects, st->alarms, st->proofs,
					st->unknowns);
	const char *holds[1] = { ctx->profiles[p] };
	f.holds = holds;
	f.nholds = 1;
	f.arch = ctx->arch;
	f.payload = it;
	const char *parts[] = { ctx->arch, ctx->profiles[p], "summary" };
	const char *none[1] = { NULL }; /* no symbol, but an array */
	int ret = -1;
	if (f.message &&
	    !finding_fingerprint(self->id, parts, 3, none, 0, &f.fingerprint))
		ret = sink->add(sink->ctx, &f);
	finding_strs_free(&strs);
	return ret;
}

int rule_unmet_run(const struct rule *self, const struct rule_ctx *ctx,
		   struct finding_sink *sink)
{
	const struct unmet_question *q = ctx->unmet;
	assert(q && q->check && ctx->line_text && ctx->nprofiles <= 64);
	struct unmet_run *u = kdep_calloc(1, sizeof(*u));
	if (!u)
		return -1;
	u->np = ctx->nprofiles;
	u->r = kdep_calloc(u->np + 1, sizeof(*u->r));
	/* kept first: freed with the sink's findings whatever happens next */
	if (sink->keep(sink->ctx, u, run_free) || !u->r)
		return -1;
	size_t total = 0;
	for (unsigned p = 0; p < u->np; p++) {
		const struct unmet_select *only = q->only ? q->only[p] : NULL;
		size_t n = q->only ? q->nonly[p] : 0;
		if (unmet_examine(ctx->models[p], only, n, q->check,
				  q->check_ctx[p], &u->r[p]))
			return -1;
		total += u->r[p].n;
	}
	u->items = kdep_calloc(total + u->np + 1, sizeof(*u->items));
	if (!u->items)
		return -1;
	for (unsigned p = 0; p < u->np; p++)
		for (size_t i = 0; i < u->r[p].n; i++)
			if (!reported(ctx, u, p, i) &&
			    alarm_finding(self, ctx, u, p, i, sink))
				return -1;
	for (unsigned p = 0; p < u->np; p++)
		if (summary_finding(self, ctx, u, p, sink))
			return -1;
	return 0;
}
