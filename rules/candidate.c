/*
 * candidate.c - a solver's assignment as a candidate .config for the Kconfig
 * engine to judge, and what refines the question when the engine refutes
 * it (see cosel.h): shared by the rules that check their candidates.
 */
#include "candidate.h"
#include "alloc.h"
#include "error.h"
#include "sat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cosel_outcome_free(struct cosel_outcome *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->names ? o->names[i] : NULL);
		free(o->values ? o->values[i] : NULL);
	}
	for (size_t i = 0; i < o->nunmet; i++) {
		free(o->unmet ? o->unmet[i] : NULL);
		free(o->unmet_by ? o->unmet_by[i] : NULL);
	}
	free(o->names);
	free(o->values);
	free(o->unmet);
	free(o->unmet_by);
	memset(o, 0, sizeof(*o));
}

void cand_buf_add(struct cand_buf *b, const char *fmt, const char *name)
{
	size_t need = strlen(fmt) + strlen(name) + 1;
	if (b->oom || kdep_grow(&b->p, &b->cap, b->n + need, 1)) {
		b->oom = 1;
		return;
	}
	b->n += (size_t)snprintf(b->p + b->n, b->cap - b->n, fmt, name);
}

char *cand_buf_take(struct cand_buf *b)
{
	if (!b->oom)
		return b->p;
	free(b->p);
	return NULL;
}

void cand_assume(struct cand_buf *b, struct sat *s, const struct model *m,
		 uint32_t sym, int value)
{
	if (value < 0)
		value = sat_value(s, sym);
	if (value >= 0)
		cand_buf_add(b, value ? "# kdep assumes CONFIG_%s=y\n"
				      : "# kdep assumes CONFIG_%s=n\n",
			     m->syms[sym].name);
}

/*
 * The candidate .config of the solver's assignment: a value for every
 * bool/tristate symbol a user can set (a prompt) and every transitional
 * one, and for an int/hex/string one with a prompt, a value that gives its
 * comparisons the truth the assignment gives them. Symbols marked in unset
 * are left out, for their defaults to apply.
 */
char *cand_config(struct sat *s, const struct model *m,
		       const uint8_t *unset)
{
	struct cand_buf b = {0};
	cand_buf_add(&b, "%s", "");
	for (uint32_t i = 0; i < m->nsyms; i++) {
		const struct sym *y = &m->syms[i];
		int lm, ly;
		if (y->flags & SYMF_PROBE) {
			cand_assume(&b, s, m, i, -1);
			continue;
		}
		if (!(y->flags & (SYMF_PROMPT | SYMF_TRANSITIONAL)) ||
		    (unset && unset[i]))
			continue;
		if (y->type == SYM_INT || y->type == SYM_HEX ||
		    y->type == SYM_STRING) {
			/* A value its comparisons need, as a user sets it. */
			char *v = sat_pick_value(s, i);
			if (v && y->type == SYM_STRING) {
				/* quoted, " and \ escaped, as conf writes it */
				cand_buf_add(&b, "CONFIG_%s=\"", y->name);
				for (const char *p = v; *p; p++) {
					char one[3] = { '\\', *p, 0 };
					cand_buf_add(&b, "%s", one +
						     !strchr("\"\\", *p));
				}
				cand_buf_add(&b, "%s", "\"\n");
			} else if (v && y->type != SYM_STRING) {
				cand_buf_add(&b, "CONFIG_%s=", y->name);
				cand_buf_add(&b, "%s\n", v);
			}
			free(v);
			continue;
		}
		if (sat_sym_lits(s, i, &lm, &ly))
			continue;
		switch (sat_value(s, i)) {
		case 2:
			cand_buf_add(&b, "CONFIG_%s=y\n", y->name);
			break;
		case 1:
			cand_buf_add(&b, "CONFIG_%s=m\n", y->name);
			break;
		case 0:
			cand_buf_add(&b, "# CONFIG_%s is not set\n", y->name);
			break;
		default:
			break;
		}
	}
	return cand_buf_take(&b);
}

int cand_tri(const char *v)
{
	return !strcmp(v, "y") ? 2 : !strcmp(v, "m") ? 1 : 0;
}

/* Appends to lits the literals of "sym's value is not v". */
static size_t differs(struct sat *s, uint32_t sym, int v, int *lits)
{
	int lm, ly;
	if (sat_sym_lits(s, sym, &lm, &ly))
		return 0;
	if (v == 0) {
		lits[0] = lm;
		return 1;
	}
	if (v == 2) {
		lits[0] = -ly;
		return 1;
	}
	lits[0] = -lm;
	lits[1] = ly;
	return 2;
}

/*
 * Blocks the solver's assignment for this question (under act): one of the
 * symbols the engine valued differently must change. A heuristic, which
 * is why an unsatisfiable answer after blocking is "unknown". Returns 0,
 * or -1 with the error set.
 */
int cand_block(struct sat *s, struct model *m, int act,
		 const struct cosel_outcome *o)
{
	size_t cap = 2 * o->n + 2, n = 0;
	int *lits = kdep_calloc(cap, sizeof(int));
	if (!lits)
		return -1;
	lits[n++] = -act;
	for (size_t i = 0; i < o->n; i++) {
		uint32_t sym = model_find(m, o->names[i]);
		int v = sym == MODEL_NONE ? -1 : sat_value(s, sym);
		if (v < 0 || v == cand_tri(o->values[i]))
			continue;
		n += differs(s, sym, v, lits + n);
	}
	if (n == 1) {
		/* Nothing differs but the targets: block the whole input. */
		for (uint32_t i = 0; i < m->nsyms && n + 2 < cap; i++) {
			int v = (m->syms[i].flags & SYMF_PROMPT) ? sat_value(s, i)
								 : -1;
			if (v >= 0)
				n += differs(s, i, v, lits + n);
		}
	}
	sat_add_clause(s, lits, n);
	free(lits);
	return 0;
}

/*
 * Marks in unset the symbols with a prompt whose value the engine gave
 * differently from the assignment; returns how many were newly marked.
 */
size_t cand_mark_unset(struct sat *s, struct model *m,
			 const struct cosel_outcome *o, uint8_t *unset)
{
	size_t k = 0;
	for (size_t i = 0; i < o->n; i++) {
		uint32_t sym = model_find(m, o->names[i]);
		if (sym == MODEL_NONE || unset[sym] ||
		    !(m->syms[sym].flags & SYMF_PROMPT))
			continue;
		int v = sat_value(s, sym);
		if (v >= 0 && v != cand_tri(o->values[i])) {
			unset[sym] = 1;
			k++;
		}
	}
	return k;
}
