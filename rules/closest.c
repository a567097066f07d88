/*
 * closest.c - the witness nearest to a user's .config (closest.h): the
 * solver's fewest changes as a bound, candidates checked by the engine.
 */
#include "closest.h"
#include "candidate.h"
#include "alloc.h"
#include "error.h"
#include "sat.h"
#include "sat_closest.h"
#include "sat_unmet.h"

#include <stdlib.h>
#include <string.h>

/* What the engine made of one .config, by symbol of the model. */
struct valued {
	struct cosel_outcome o;   /* the engine's answer (owned) */
	const char **val;         /* [nsyms]: o's value of each symbol, or
				     NULL (model_expr_value()'s val) */
};

static void valued_free(struct valued *v)
{
	cosel_outcome_free(&v->o);
	free(v->val);
	memset(v, 0, sizeof(*v));
}

/* Loads config into v through the engine. 0, or -1 with the error set. */
static int valued_load(struct model *m, const char *config,
		       cosel_check_fn check, void *ctx, struct valued *v)
{
	memset(v, 0, sizeof(*v));
	if (check(ctx, config, &v->o))
		return -1;
	if (!(v->val = kdep_calloc(m->nsyms + 1, sizeof(*v->val))))
		return -1;
	for (size_t i = 0; i < v->o.n; i++) {
		uint32_t sym = model_find(m, v->o.names[i]);
		if (sym != MODEL_NONE && !(m->syms[sym].flags & SYMF_CONST))
			v->val[sym] = v->o.values[i];
	}
	return 0;
}

/* Whether symbol i can be a user choice: a bool or tristate with a
 * prompt, not a constant, a choice or a transitional symbol. */
static int choosable(const struct model *m, uint32_t i)
{
	const struct sym *y = &m->syms[i];
	return y->nnodes && (y->type == SYM_BOOL || y->type == SYM_TRISTATE) &&
	       (y->flags & SYMF_PROMPT) &&
	       !(y->flags & (SYMF_CONST | SYMF_CHOICE | SYMF_TRANSITIONAL));
}

static int tri_at(const struct valued *v, uint32_t sym)
{
	return v->val[sym] ? cand_tri(v->val[sym]) : 0;
}

/* The candidate .config: the assignment's value of every bool/tristate
 * symbol with a prompt (those in unset left out), and the user's own
 * value of every int, hex and string one with a prompt. */
static char *near_config(struct sat *s, const struct model *m,
			 const uint8_t *unset, const struct valued *user)
{
	static const char *const line[] = { "# CONFIG_%s is not set\n",
					    "CONFIG_%s=m\n", "CONFIG_%s=y\n" };
	struct cand_buf b = { 0 };
	cand_buf_add(&b, "%s", "");
	for (uint32_t i = 0; i < m->nsyms; i++) {
		const struct sym *y = &m->syms[i];
		const char *u = user->val[i];
		if (!(y->flags & SYMF_PROMPT) || unset[i])
			continue;
		if (y->type == SYM_INT || y->type == SYM_HEX ||
		    y->type == SYM_STRING) {
			/* the user's own, unless the assignment needs its
			 * comparisons otherwise */
			char *v = u && !strpbrk(u, "\n\"\\") &&
					  sat_value_fits(s, i, u)
				  ? kdep_strdup(u) : sat_pick_value(s, i);
			const char *fmt = y->type == SYM_STRING ? "\"%s\"\n"
								: "%s\n";
			if (v && *v && !strpbrk(v, "\n\"\\")) {
				cand_buf_add(&b, "CONFIG_%s=", y->name);
				cand_buf_add(&b, fmt, v);
			}
			free(v);
		} else if (choosable(m, i)) {
			int v = sat_value(s, i);
			if (v >= 0)
				cand_buf_add(&b, line[v], y->name);
		}
	}
	return cand_buf_take(&b);
}

/* Whether sym is an int, hex or string symbol a user sets in user. */
static int numeric_choice(const struct model *m, const struct valued *user,
			  uint32_t sym)
{
	const struct sym *y = &m->syms[sym];
	return (y->type == SYM_INT || y->type == SYM_HEX ||
		y->type == SYM_STRING) && (y->flags & SYMF_PROMPT) &&
	       y->nnodes && model_sym_visibility(m, user->val, sym) > 0;
}

/* Appends "sym changed" to t. 0, or -1 with the error set. */
static int change_add(const struct model *m, const struct valued *user,
		      const struct valued *w, uint32_t sym,
		      struct closest_answer *t)
{
	struct closest_change *ch = &t->v[t->n++];
	ch->sym = sym;
	ch->name = m->syms[sym].name;
	ch->from = kdep_strdup(user->val[sym] ? user->val[sym] : "n");
	ch->to = kdep_strdup(w->val[sym] ? w->val[sym] : "n");
	return ch->from && ch->to ? 0 : -1;
}

/* The changes of w from user over the user choices in soft_sym[0..n),
 * then over the numbers of user, into c (its list replaced). 0, or -1
 * with the error set. */
static int changes_of(struct model *m, const struct valued *user,
		      const struct valued *w,
		      const uint32_t *soft_sym, size_t n,
		      struct closest_answer *c)
{
	struct closest_answer t = { 0 };
	t.v = kdep_calloc(m->nsyms + 1, sizeof(*t.v));
	if (!t.v)
		return -1;
	for (size_t i = 0; i < n; i++) {
		uint32_t sym = soft_sym[i];
		if (tri_at(user, sym) != tri_at(w, sym) &&
		    change_add(m, user, w, sym, &t))
			goto fail;
	}
	t.ntri = t.n;
	for (uint32_t sym = 0; sym < m->nsyms; sym++) {
		if (!numeric_choice(m, user, sym) || !user->val[sym] ||
		    !w->val[sym] || !strcmp(user->val[sym], w->val[sym]))
			continue;
		if (change_add(m, user, w, sym, &t))
			goto fail;
	}
	t.bound = c->bound;
	t.choices = c->choices;
	closest_answer_free(c);
	*c = t;
	return 0;
fail:
	closest_answer_free(&t);
	return -1;
}

/* The witness: what it proves, a target a line, then the .config. */
static char *headed(const struct model *m, const uint32_t *syms, size_t n,
		    int allow_m, const char *cfg)
{
	struct cand_buf b = { 0 };
	cand_buf_add(&b, "%s", "# kdep cosel witness closest to the .config "
		     "given; olddefconfig of this file ends with:\n");
	for (size_t k = 0; k < n; k++)
		cand_buf_add(&b, allow_m ? "#   %s>=m\n" : "#   %s=y\n",
			     m->syms[syms[k]].name);
	cand_buf_add(&b, "%s", cfg);
	return cand_buf_take(&b);
}

/* Whether every target holds in w. */
static int hold(const struct valued *w, const uint32_t *syms, size_t n,
		int allow_m)
{
	for (size_t k = 0; k < n; k++)
		if (tri_at(w, syms[k]) < (allow_m ? 1 : 2))
			return 0;
	return 1;
}

/* The state of one search. */
struct search {
	struct sat *s;            /* the formula */
	struct model *m;          /* its model */
	const uint32_t *syms;     /* the targets */
	size_t n;
	int allow_m;              /* m counts for a target */
	cosel_check_fn check;     /* the engine */
	void *ctx;
	struct valued user;       /* the user's .config, evaluated */
	uint32_t *soft_sym;       /* the user choices */
	int *soft;                /* [i]: "soft_sym[i] keeps its value" */
	size_t nsoft;
	int *assume;              /* the targets' literals, then act */
	uint8_t *unset;           /* [nsyms]: left out of the candidate */
};

/* Checks the solver's assignment as a candidate (with one repair, as
 * cosel's decide() does); a better witness into a and c. Returns 1 when
 * it reached the bound, 0 when not (blocked under act), -1 on error. */
static int try_candidate(struct search *q, int act, struct cosel_answer *a,
			 struct closest_answer *c)
{
	struct valued w = { 0 };
	char *cfg = NULL;
	int ret = -1, held = 0;

	memset(q->unset, 0, q->m->nsyms);
	for (int repair = 0; repair < 2; repair++) {
		if (repair && (held || !cand_mark_unset(q->s, q->m, &w.o,
							q->unset)))
			break;
		free(cfg);
		valued_free(&w);
		if (!(cfg = near_config(q->s, q->m, q->unset, &q->user)) ||
		    valued_load(q->m, cfg, q->check, q->ctx, &w))
			goto done;
		held = hold(&w, q->syms, q->n, q->allow_m);
	}
	size_t d = 0;
	for (size_t i = 0; i < q->nsoft; i++)
		d += tri_at(&q->user, q->soft_sym[i]) !=
		     tri_at(&w, q->soft_sym[i]);
	if (held && (a->verdict != COSEL_YES || d < c->ntri)) {
		char *text = headed(q->m, q->syms, q->n, q->allow_m, cfg);
		if (!text || changes_of(q->m, &q->user, &w, q->soft_sym, q->nsoft,
					c)) {
			free(text);
			goto done;
		}
		free(a->witness);
		a->witness = text;
		a->verdict = COSEL_YES;
		c->optimal = c->ntri == c->bound;
	}
	if (held && d == c->bound) {
		ret = 1;
		goto done;
	}
	ret = cand_block(q->s, q->m, act, &w.o) ? -1 : 0;
	a->candidates++;
done:
	free(cfg);
	valued_free(&w);
	return ret;
}

/* The user choices of the user's .config and their literals into q. 0,
 * or -1 with the error set. */
static int choices_of(struct search *q)
{
	struct model *m = q->m;
	q->soft_sym = kdep_calloc(m->nsyms + 1, sizeof(*q->soft_sym));
	q->soft = kdep_calloc(m->nsyms + 1, sizeof(*q->soft));
	if (!q->soft_sym || !q->soft)
		return -1;
	for (uint32_t i = 0; i < m->nsyms; i++) {
		if (!choosable(m, i) ||
		    model_sym_visibility(m, q->user.val, i) == 0)
			continue;
		int u = tri_at(&q->user, i);
		int l = sat_value_is(q->s, i, u);
		if (!l)
			continue;
		sat_prefer(q->s, i, u);
		q->soft_sym[q->nsoft] = i;
		q->soft[q->nsoft++] = l;
	}
	return sat_failed(q->s) ? -1 : 0;
}

int closest_solve(struct sat *s, struct model *m, const uint32_t *syms,
		  size_t n, int allow_m, const char *config,
		  cosel_check_fn check, void *ctx, struct cosel_answer *a,
		  struct closest_answer *c)
{
	struct search q = { .s = s, .m = m, .syms = syms, .n = n,
			    .allow_m = allow_m, .check = check, .ctx = ctx };
	int ret = -1;

	memset(a, 0, sizeof(*a));
	memset(c, 0, sizeof(*c));
	a->verdict = COSEL_UNKNOWN;
	q.assume = kdep_calloc(n + 2, sizeof(*q.assume));
	q.unset = kdep_calloc(m->nsyms + 1, 1);
	if (!q.assume || !q.unset)
		goto done;
	for (size_t k = 0; k < n; k++) {
		if (m->syms[syms[k]].nnodes == 0 ||
		    !(q.assume[k] = sat_target(s, syms[k], allow_m))) {
			/* undefined, or no value to encode: as cosel says */
			ret = cosel_solve(s, m, syms, n, allow_m, check, ctx, a);
			goto done;
		}
	}
	int r = sat_solve(s, q.assume, n);
	if (r <= 0) {
		/* no configuration at all: the lines that forbid it */
		ret = r < 0 ? -1 : cosel_solve(s, m, syms, n, allow_m, check,
					       ctx, a);
		goto done;
	}
	if (valued_load(m, config, check, ctx, &q.user) || choices_of(&q))
		goto done;
	c->choices = q.nsoft;
	sat_prefer_config(s, q.user.val);
	/* no explanation is asked from here on */
	sat_groups_fix(s);
	int act = q.assume[n] = sat_new_var(s);
	for (unsigned round = 0; round < COSEL_MAX_CANDIDATES; round++) {
		unsigned cost;
		r = sat_solve_fewest(s, q.assume, n + 1, q.soft, q.nsoft,
				     &cost);
		if (r < 0)
			goto done;
		if (r == 0)
			break; /* only blocked candidates were left */
		if (round == 0)
			c->bound = cost; /* nothing blocked yet: the proof */
		r = try_candidate(&q, act, a, c);
		if (r < 0)
			goto done;
		if (r > 0)
			break;
	}
	c->optimal = a->verdict == COSEL_YES && c->ntri == c->bound;
	ret = 0;
done:
	valued_free(&q.user);
	free(q.soft_sym);
	free(q.soft);
	free(q.assume);
	free(q.unset);
	return ret;
}

void closest_answer_free(struct closest_answer *c)
{
	for (size_t i = 0; c->v && i < c->n; i++) {
		free(c->v[i].from);
		free(c->v[i].to);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}
