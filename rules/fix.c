/*
 * fix.c - candidates that break a recursive dependency, and their proof
 * (see fix.h): the lines of a component's reported cycles, rewritten as
 * text, parsed again through the engine, checked by the cycle rule and
 * compared by the SAT layer.
 */
#include "fix.h"
#include "fix_impl.h"
#include "alloc.h"
#include "error.h"
#include "sat.h"
#include "strv.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *fix_kind_name(int kind)
{
	switch (kind) {
	case FIX_DROP_COND: return "drop the condition";
	case FIX_DROP_CONJUNCT: return "drop a conjunct";
	case FIX_DROP_DEPENDS: return "drop the dependency";
	case FIX_DROP_SELECT: return "drop the select";
	case FIX_NARROW: return "narrow the condition";
	case FIX_SELECT_TO_DEPENDS: return "turn the select into a dependency";
	case FIX_DEPENDS_TO_SELECT: return "turn the dependency into a select";
	case FIX_SET: return "a set of edits";
	}
	return "?";
}

char *fix_fmt(const char *f, ...)
{
	va_list ap, aq;
	va_start(ap, f);
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, f, ap);
	char *s = n < 0 ? NULL : kdep_calloc((size_t)n + 1, 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, f, aq);
	va_end(aq);
	va_end(ap);
	return s;
}

void fix_free(struct fix *f, unsigned nprofiles)
{
	free((char *)f->edit.file);
	free((char *)f->edit.old_text);
	free((char *)f->edit.new_text);
	free(f->description);
	free(f->owner);
	free(f->other);
	free(f->target);
	for (unsigned p = 0; f->change && p < nprofiles; p++)
		free(f->change[p]);
	free(f->change);
	free(f->why_rejected);
	free(f->witness);
	strv_free(f->loose);
	strv_free(f->gain);
	for (size_t i = 0; i < f->nparts; i++)
		fix_free(&f->parts[i], nprofiles);
	free(f->parts);
}

struct finding_edit *fix_edits(const struct fix *f, size_t *n)
{
	size_t k = f->nparts ? f->nparts : 1;
	struct finding_edit *v = kdep_calloc(k, sizeof(*v));
	if (!v)
		return NULL;
	for (size_t i = 0; i < k; i++)
		v[i] = f->nparts ? f->parts[i].edit : f->edit;
	*n = k;
	return v;
}

void fix_component_free(struct fix_component *c)
{
	for (size_t i = 0; i < c->n; i++)
		fix_free(&c->v[i], c->nprofiles);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/* ---- the line a link is written on ------------------------------------- */

static uint32_t file_index(const struct model *m, const char *file)
{
	for (uint32_t i = 0; i < m->nfiles; i++)
		if (!strcmp(m->files[i], file))
			return i;
	return MODEL_NONE;
}

/* The property at file:line of kind pk (for a select or imply, of target
 * when given), and its node, or NULL. */
const struct prop *fix_prop_at(const struct model *m, const char *file,
			       uint32_t line, int pk, const char *target,
			       uint32_t *node)
{
	uint32_t fi = file_index(m, file);
	if (fi == MODEL_NONE)
		return NULL;
	for (uint32_t n = 0; n < m->nnodes; n++) {
		const struct node *nd = &m->nodes[n];
		if (nd->kind != NODE_SYM)
			continue;
		for (uint32_t i = 0; i < nd->nprops; i++) {
			const struct prop *p = &nd->props[i];
			if (p->kind != pk || p->loc.file != fi ||
			    p->loc.line != line)
				continue;
			if (target && (p->expr->op != E_SYM ||
				       strcmp(m->syms[p->expr->sym].name,
					      target)))
				continue;
			*node = n;
			return p;
		}
	}
	return NULL;
}

/* The conjuncts of e ('A && (B && C)' has three), into v; their count,
 * or FIX_MAX_CONJ + 1 when there are more. */
/* The operands of e under operator op (E_AND, E_OR), flattened into v
 * from n: the count, more than FIX_MAX_CONJ when they do not fit. */
static size_t flatten(const struct expr *e, int op, const struct expr **v,
		      size_t n)
{
	if (e->op == op) {
		n = flatten(e->l, op, v, n);
		return flatten(e->r, op, v, n);
	}
	if (n < FIX_MAX_CONJ)
		v[n] = e;
	return n + 1;
}

size_t fix_conjuncts(const struct expr *e, const struct expr **v,
			size_t n)
{
	return e ? flatten(e, E_AND, v, n) : n;
}

static int names_sym(uint32_t sym, void *arg)
{
	return sym == *(const uint32_t *)arg;
}

/* Whether e names sym. */
static int mentions(const struct model *m, const struct expr *e,
		    uint32_t sym)
{
	return e && model_expr_walk(m, e, names_sym, &sym) != 0;
}

/* v[0..n) but v[skip], joined by ' && ' as kconfiglib writes it; NULL
 * when out of memory. */
char *fix_conj_text(const struct model *m, const struct expr **v,
		       size_t n, size_t skip)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		if (i != skip)
			len += model_expr_str(m, v[i], NULL, 0) + 6;
	char *s = kdep_calloc(len, 1), *at = s;
	for (size_t i = 0; s && i < n; i++) {
		if (i == skip)
			continue;
		if (at != s)
			at += sprintf(at, " && ");
		int paren = v[i]->op == E_OR && n - (skip < n) > 1;
		if (paren)
			*at++ = '(';
		at += model_expr_str(m, v[i], at, len - (size_t)(at - s));
		if (paren)
			*at++ = ')';
		*at = '\0';
	}
	return s;
}

/* ---- rewriting a line ---------------------------------------------------- */

/* Line n of text (1-based) and the lines a trailing backslash continues
 * it on, as [*b, *e), the last newline excluded; *last gets the number of
 * the last line. -1 when there is none, or it continues another. */
static int line_span(const char *text, uint32_t n, const char **b,
		     const char **e, uint32_t *last)
{
	const char *p = text, *prev = NULL;
	for (uint32_t i = 1; i < n && p; i++) {
		prev = p;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p || !*p)
		return -1;
	if (prev && p - prev >= 2 && p[-2] == '\\')
		return -1;
	const char *end = strchr(p, '\n');
	*last = n;
	while (end && end > p && end[-1] == '\\' && end[1]) {
		(*last)++;
		const char *next = strchr(end + 1, '\n');
		if (!next) {
			end = end + 1 + strlen(end + 1);
			break;
		}
		end = next;
	}
	if (!end)
		end = p + strlen(p);
	*b = p;
	*e = end;
	return 0;
}

/* Where the text before ' if ' ends, trailing blanks and a backslash
 * dropped: what a line keeps when its condition goes. */
static const char *head_end(const char *b, const char *cut)
{
	while (cut > b && (cut[-1] == ' ' || cut[-1] == '\t' ||
			   cut[-1] == '\n' || cut[-1] == '\\'))
		cut--;
	return cut;
}

/* Where the condition after ' if ' starts. */
static const char *cond_start(const char *cut)
{
	cut += 3;
	while (*cut == ' ' || *cut == '\t')
		cut++;
	return cut;
}

/* Where the ' if ' of a property line starts (outside quotes), or NULL. */
static const char *find_if(const char *b, const char *e)
{
	int quoted = 0;
	for (const char *p = b; p + 4 <= e; p++) {
		if (*p == '"' && (p == b || p[-1] != '\\'))
			quoted = !quoted;
		else if (*p == '#' && !quoted)
			return NULL;
		else if (!quoted && (*p == ' ' || *p == '\t') &&
			 !strncmp(p + 1, "if", 2) &&
			 (p[3] == ' ' || p[3] == '\t'))
			return p;
	}
	return NULL;
}

/* The indentation and keyword 'depends on' of a line, as its length, or
 * 0 when the line is not a 'depends on' line. */
static size_t depends_head(const char *b, const char *e)
{
	const char *p = b;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (e - p < 11 || strncmp(p, "depends", 7))
		return 0;
	p += 7;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (e - p < 3 || strncmp(p, "on", 2) || (p[2] != ' ' && p[2] != '\t'))
		return 0;
	return (size_t)(p + 3 - b);
}

/* ---- candidates ------------------------------------------------------------ */

/* The line a candidate edits. */
struct place {
	const char *file;   /* the file */
	uint32_t line;      /* the line */
	uint32_t last;      /* the last line it is continued on */
	const char *other;  /* the symbol of the link it cuts, or NULL */
};

static int add(struct gen *g, int kind, const struct model *m,
	       const struct place *l, int pk, const char *target,
	       const char *owner, uint32_t conj, const char *old_line,
	       size_t old_len, char *new_line, const char *what)
{
	struct fix_component *o = g->out;
	for (size_t i = 0; i < o->n; i++)
		if (o->v[i].kind == kind && o->v[i].edit.first == l->line &&
		    new_line && !strcmp(o->v[i].edit.new_text, new_line) &&
		    !strcmp(o->v[i].edit.file, l->file)) {
			free(new_line);
			return 0;
		}
	if (!new_line ||
	    kdep_grow(&o->v, &g->cap, o->n + 1, sizeof(*o->v))) {
		free(new_line);
		return -1;
	}
	struct fix *f = &o->v[o->n];
	memset(f, 0, sizeof(*f));
	f->kind = (uint8_t)kind;
	f->prop_kind = (uint8_t)pk;
	f->conj = conj;
	f->edit.first = l->line;
	f->edit.last = l->last;
	f->edit.file = kdep_strdup(l->file);
	f->edit.old_text = fix_fmt("%.*s\n", (int)old_len, old_line);
	f->edit.new_text = new_line;
	f->owner = kdep_strdup(owner);
	f->other = kdep_strdup(l->other ? l->other : "");
	f->target = target ? kdep_strdup(target) : NULL;
	f->description = fix_fmt("%s: %s (%s:%u)", fix_kind_name(kind), what,
			     l->file, l->line);
	char dir[64];
	snprintf(dir, sizeof(dir), "arch/%s/", g->arch);
	f->arch_confined = !strncmp(l->file, dir, strlen(dir));
	o->n++;
	if (!f->edit.file || !f->edit.old_text || !f->owner || !f->other ||
	    (target && !f->target) || !f->description)
		return -1;
	return 0;
}

int fix_line_candidates(struct gen *g, struct model *m, const char *file,
			uint32_t line, const struct prop *p, const char *owner,
			uint32_t other, const char *text)
{
	int pk = p->kind;
	const char *target = (pk == P_SELECT || pk == P_IMPLY) &&
			     p->expr->op == E_SYM ?
			     m->syms[p->expr->sym].name : NULL;
	struct place pl = { file, line, line,
			    other == MODEL_NONE ? NULL : m->syms[other].name };
	const struct place *l = &pl;
	const char *b, *e;
	if (line_span(text, line, &b, &e, &pl.last))
		return 0;
	size_t len = (size_t)(e - b);
	const struct expr *cond = pk == P_DEPENDS ? p->expr : p->cond;
	const struct expr *v[FIX_MAX_CONJ];
	size_t n = fix_conjuncts(cond, v, 0);
	if (!cond || n > FIX_MAX_CONJ ||
	    (other != MODEL_NONE && !mentions(m, cond, other)))
		return 0;
	const char *cut = NULL;   /* where the kept head of the line ends */
	size_t head = 0;
	if (pk == P_DEPENDS) {
		head = depends_head(b, e);
		if (!head)
			return 0;
	} else {
		cut = find_if(b, e);
		if (!cut)
			return 0;
	}
	if (n == 1) {
		char *c = fix_conj_text(m, v, n, n);
		char *what = !c ? NULL : pk == P_DEPENDS ?
			fix_fmt("%s no longer depends on `%s`", owner, c) :
			target ? fix_fmt("'%s %s' of %s loses its condition `%s`",
			    model_prop_kind_name(pk), target, owner, c) :
			fix_fmt("the %s of %s loses its condition `%s`",
			    model_prop_kind_name(pk), owner, c);
		int kind = pk == P_DEPENDS ? FIX_DROP_DEPENDS : FIX_DROP_COND;
		char *nl = pk == P_DEPENDS ? kdep_strdup("") :
			     fix_fmt("%.*s\n", (int)(head_end(b, cut) - b), b);
		int r = what ? add(g, kind, m, l, pk, target, owner, 0, b, len,
				   nl, what) : (free(nl), -1);
		free(c);
		free(what);
		return r;
	}
	/* the whole condition, when it is one expression naming the link */
	int ret = 0;
	if (pk != P_DEPENDS) {
		char *c = fix_conj_text(m, v, n, n);
		char *what = !c ? NULL : target ?
			fix_fmt("'%s %s' of %s loses its condition `%s`",
			    model_prop_kind_name(pk), target, owner, c) :
			fix_fmt("the %s of %s loses its condition `%s`",
			    model_prop_kind_name(pk), owner, c);
		ret = what ? add(g, FIX_DROP_COND, m, l, pk, target, owner, 0,
				 b, len, fix_fmt("%.*s\n",
						 (int)(head_end(b, cut) - b), b),
				 what) : -1;
		free(c);
		free(what);
	}
	for (size_t k = 0; k < n && !ret; k++) {
		if (other != MODEL_NONE && !mentions(m, v[k], other))
			continue;
		char *rest = fix_conj_text(m, v, n, k);
		char *gone = fix_conj_text(m, v + k, 1, 1);
		char *nl = !rest ? NULL : pk == P_DEPENDS ?
			fix_fmt("%.*s%s\n", (int)head, b, rest) :
			fix_fmt("%.*s%s\n", (int)(cond_start(cut) - b), b,
				rest);
		char *what = gone ? fix_fmt("%s: `%s` dropped, `%s` kept", owner,
					gone, rest) : NULL;
		ret = what ? add(g, FIX_DROP_CONJUNCT, m, l, pk, target, owner,
				 (uint32_t)k, b, len, nl, what)
			   : (free(nl), -1);
		free(rest);
		free(gone);
		free(what);
	}
	return ret;
}

/* The disjuncts of e ('A || (B || C)' has three), into v; their count,
 * or more than FIX_MAX_CONJ when they do not fit. */
static size_t disjuncts(const struct expr *e, const struct expr **v,
			size_t n)
{
	return flatten(e, E_OR, v, n);
}

/* d[0..n) but d[skip] as one disjunction of m ('A || C' of A, B, C but
 * B); n >= 2. NULL when out of memory. */
static struct expr *or_but(struct model *m, const struct expr **d, size_t n,
			   size_t skip)
{
	struct expr *e = NULL;
	for (size_t i = 0; i < n; i++) {
		if (i == skip)
			continue;
		struct expr *x = (struct expr *)d[i];
		e = e ? model_expr_op(m, E_OR, e, x) : x;
	}
	return e;
}

/* Conjunct conj of the condition of p with its disjunct disj dropped
 * (in m's arena), and the disjunct into *gone; NULL when p has no such
 * disjunct (or out of memory). */
static struct expr *narrowed(struct model *m, const struct prop *p,
			     uint32_t conj, uint32_t disj,
			     const struct expr **gone)
{
	const struct expr *cond = p->kind == P_DEPENDS ? p->expr : p->cond;
	const struct expr *v[FIX_MAX_CONJ], *d[FIX_MAX_CONJ];
	size_t n = fix_conjuncts(cond, v, 0);
	if (!cond || n > FIX_MAX_CONJ || conj >= n || v[conj]->op != E_OR)
		return NULL;
	size_t nd = disjuncts(v[conj], d, 0);
	if (nd > FIX_MAX_CONJ || disj >= nd)
		return NULL;
	*gone = d[disj];
	return or_but(m, d, nd, disj);
}

/*
 * Narrowing the condition of p (the line [b, e) of l): a disjunct that
 * names other dropped from one of its conjuncts, when what is left of it
 * does not ('select B if !A || ALWAYS' -> 'select B if ALWAYS' cuts the
 * link to A, and changes nothing when ALWAYS holds wherever the
 * condition does). 0, or -1 with the error set.
 */
static int narrow_candidates(struct gen *g, struct model *m,
			     const struct place *l, const struct prop *p,
			     const char *owner, const char *target,
			     uint32_t other, const char *b, const char *e)
{
	int pk = p->kind;
	const struct expr *cond = pk == P_DEPENDS ? p->expr : p->cond;
	const struct expr *v[FIX_MAX_CONJ], *d[FIX_MAX_CONJ];
	size_t n = fix_conjuncts(cond, v, 0), start;
	if (!cond || n > FIX_MAX_CONJ)
		return 0;
	if (pk == P_DEPENDS) {
		start = depends_head(b, e);
	} else {
		const char *cut = find_if(b, e);
		start = cut ? (size_t)(cond_start(cut) - b) : 0;
	}
	if (!start)
		return 0;
	for (size_t k = 0; k < n; k++) {
		if (v[k]->op != E_OR || !mentions(m, v[k], other))
			continue;
		size_t nd = disjuncts(v[k], d, 0);
		for (size_t j = 0; j < nd && nd <= FIX_MAX_CONJ; j++) {
			const struct expr *w[FIX_MAX_CONJ], *gone;
			if (!mentions(m, d[j], other))
				continue;
			struct expr *nar = narrowed(m, p, (uint32_t)k,
						    (uint32_t)j, &gone);
			if (!nar)
				return -1;
			if (mentions(m, nar, other))
				continue;
			memcpy(w, v, n * sizeof(*w));
			w[k] = nar;
			char *rest = fix_conj_text(m, w, n, n);
			char *was = fix_conj_text(m, v + k, 1, 1);
			char *dropped = fix_conj_text(m, d + j, 1, 1);
			char *nl = rest ? fix_fmt("%.*s%s\n", (int)start, b,
						  rest) : NULL;
			char *what = rest && was && dropped ?
				fix_fmt("%s: `%s` dropped from `%s`, `%s` "
					"left", owner, dropped, was, rest) :
				NULL;
			size_t before = g->out->n;
			int r = what ? add(g, FIX_NARROW, m, l, pk, target,
					   owner, (uint32_t)k, b,
					   (size_t)(e - b), nl, what)
				     : (free(nl), -1);
			if (!r && g->out->n > before)
				g->out->v[before].disj = (uint32_t)j;
			free(rest);
			free(was);
			free(dropped);
			free(what);
			if (r)
				return -1;
		}
	}
	return 0;
}

/* The indentation of the line [b, e), as its length. */
static size_t indent_of(const char *b, const char *e)
{
	const char *p = b;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return (size_t)(p - b);
}

/*
 * 'select T' of owner turned into 'depends on T' (the kernel's first
 * practical solution to a recursive dependency): the link T -> owner
 * becomes owner -> T, which the rest of the cycle already runs along.
 */
static int select_to_depends(struct gen *g, struct model *m,
			     const struct place *l, const char *owner,
			     const char *target, const char *b,
			     const char *e)
{
	size_t in = indent_of(b, e);
	if ((size_t)(e - b) < in + 7 || strncmp(b + in, "select", 6) ||
	    (b[in + 6] != ' ' && b[in + 6] != '\t'))
		return 0;
	char *what = fix_fmt("%s depends on %s instead of selecting it", owner,
			     target);
	int r = what ? add(g, FIX_SELECT_TO_DEPENDS, m, l, P_SELECT, target,
			   owner, 0, b, (size_t)(e - b),
			   fix_fmt("%.*sdepends on %s\n", (int)in, b, target),
			   what) : -1;
	free(what);
	return r;
}

/*
 * 'depends on T' of owner (or the conjunct T of it) turned into 'select
 * T': the link owner -> T becomes T -> owner. Only for a bool or
 * tristate T that is no choice's member (a select cannot set those).
 */
static int depends_to_select(struct gen *g, struct model *m,
			     const struct place *l, const struct prop *p,
			     const char *owner, uint32_t other,
			     const char *b, const char *e)
{
	const struct expr *v[FIX_MAX_CONJ];
	size_t n = fix_conjuncts(p->expr, v, 0);
	size_t head = depends_head(b, e), in = indent_of(b, e);
	const struct sym *t = &m->syms[other];
	if (n > FIX_MAX_CONJ || !head || t->choice != MODEL_NONE ||
	    (t->type != SYM_BOOL && t->type != SYM_TRISTATE))
		return 0;
	for (size_t k = 0; k < n; k++) {
		if (v[k]->op != E_SYM || v[k]->sym != other)
			continue;
		char *rest = n > 1 ? fix_conj_text(m, v, n, k) : NULL;
		char *nl = n == 1 ? fix_fmt("%.*sselect %s\n", (int)in, b,
					    t->name) :
			   rest ? fix_fmt("%.*s%s\n%.*sselect %s\n", (int)head,
					  b, rest, (int)in, b, t->name) : NULL;
		char *what = fix_fmt("%s selects %s instead of depending on it",
				     owner, t->name);
		int r = what ? add(g, FIX_DEPENDS_TO_SELECT, m, l, P_DEPENDS,
				   NULL, owner, (uint32_t)k, b,
				   (size_t)(e - b), nl, what)
			     : (free(nl), -1);
		free(rest);
		free(what);
		return r;
	}
	return 0;
}

/* The candidates of one link (written in model m, text the file). */
static int link_candidates(struct gen *g, struct model *m,
			   const struct cycle_link *l, const char *text)
{
	int pk;
	const char *target = NULL;
	switch (l->kind) {
	case EDGE_SELECT: pk = P_SELECT; target = l->from; break;
	case EDGE_SELECT_IF: pk = P_SELECT; target = l->from; break;
	case EDGE_IMPLY_IF: pk = P_IMPLY; target = l->from; break;
	case EDGE_DEPENDS: pk = P_DEPENDS; break;
	case EDGE_PROMPT_IF: pk = P_PROMPT; break;
	case EDGE_DEFAULT_IF: pk = P_DEFAULT; break;
	default: return 0;
	}
	uint32_t node;
	const struct prop *p = fix_prop_at(m, l->file, l->line, pk, target, &node);
	if (!p)
		return 0;
	const char *owner = m->syms[m->nodes[node].sym].name;
	/* a dependency of the symbol itself, not of a block around it */
	if (pk != P_SELECT && pk != P_IMPLY && strcmp(owner, l->from))
		return 0;
	if (l->kind == EDGE_SELECT) {
		const char *b, *e;
		struct place pl = { l->file, l->line, l->line, l->from };
		if (line_span(text, l->line, &b, &e, &pl.last))
			return 0;
		char *what = fix_fmt("%s no longer selects %s", owner, l->from);
		int r = what ? add(g, FIX_DROP_SELECT, m, &pl, pk, target,
				   owner, 0, b, (size_t)(e - b),
				   kdep_strdup(""), what) : -1;
		free(what);
		return r ? r : select_to_depends(g, m, &pl, owner, l->from, b,
						 e);
	}
	uint32_t other = model_find(m, l->to);
	if (other == MODEL_NONE)
		return 0;
	if (fix_line_candidates(g, m, l->file, l->line, p, owner, other,
				text))
		return -1;
	const char *b, *e;
	struct place pl = { l->file, l->line, l->line, l->to };
	if (line_span(text, l->line, &b, &e, &pl.last))
		return 0;
	if (narrow_candidates(g, m, &pl, p, owner, target, other, b, e))
		return -1;
	return pk == P_DEPENDS && l->kind == EDGE_DEPENDS ?
	       depends_to_select(g, m, &pl, p, owner, other, b, e) : 0;
}

static int comp_has(const struct cycle_component *k, const char *name)
{
	for (uint32_t i = 0; i < k->n; i++)
		if (!strcmp(k->syms[i].name, name))
			return 1;
	return 0;
}

static int cycle_in(const struct cycle *c, const struct cycle_component *k)
{
	for (uint32_t i = 0; i < c->nlinks; i++)
		if (!comp_has(k, c->links[i].from) ||
		    !comp_has(k, c->links[i].to))
			return 0;
	return 1;
}

static int same_link(const struct cycle_link *a, const struct cycle_link *b)
{
	return a->kind == b->kind && a->line == b->line &&
	       !strcmp(a->file, b->file) && !strcmp(a->from, b->from) &&
	       !strcmp(a->to, b->to);
}

/* How many cycles of the report in k have link l. */
static unsigned link_count(const struct cycle_report *r,
			   const struct cycle_component *k,
			   const struct cycle_link *l)
{
	unsigned n = 0;
	for (uint32_t i = 0; i < r->n; i++) {
		if (!cycle_in(&r->v[i], k))
			continue;
		for (uint32_t j = 0; j < r->v[i].nlinks; j++)
			if (same_link(&r->v[i].links[j], l)) {
				n++;
				break;
			}
	}
	return n;
}

static unsigned first_profile(uint64_t bits)
{
	unsigned p = 0;
	while (p < 63 && !(bits & (1ull << p)))
		p++;
	return p;
}

static int candidates(const struct fix_ctx *ctx,
		      const struct cycle_component *k, struct gen *g)
{
	const struct cycle_report *r = ctx->report;
	unsigned ncycles = 0;
	for (uint32_t i = 0; i < r->n; i++)
		ncycles += cycle_in(&r->v[i], k);
	for (uint32_t i = 0; i < r->n; i++) {
		const struct cycle *c = &r->v[i];
		if (!cycle_in(c, k))
			continue;
		struct model *m = ctx->models[first_profile(c->profiles)];
		for (uint32_t j = 0; j < c->nlinks; j++) {
			const struct cycle_link *l = &c->links[j];
			size_t before = g->out->n;
			char *text = NULL;
			size_t len;
			if (l->kind == EDGE_CHOICE || l->kind == EDGE_DEFAULT ||
			    l->kind == EDGE_RANGE)
				continue;
			if (ctx->engine->read(ctx->engine->ctx, l->file, &text,
					      &len))
				return -1;
			int bad = link_candidates(g, m, l, text);
			free(text);
			if (bad)
				return -1;
			unsigned cnt = link_count(r, k, l);
			for (size_t q = before; q < g->out->n; q++)
				g->out->v[q].shared = cnt == ncycles;
		}
	}
	return 0;
}

/* ---- the proof ------------------------------------------------------------ */

/* e of model a, as the same expression in model b; NULL when b lacks a
 * symbol of it (or out of memory). */
static struct expr *translate(struct model *a, const struct expr *e,
			      struct model *b)
{
	if (!e)
		return NULL;
	if (e->op == E_SYM) {
		uint32_t s = e->sym <= MODEL_SYM_Y ? e->sym :
			     model_find(b, a->syms[e->sym].name);
		return s == MODEL_NONE ? NULL : model_expr_sym(b, s);
	}
	struct expr *l = translate(a, e->l, b);
	struct expr *r = e->r ? translate(a, e->r, b) : NULL;
	if (!l || (e->r && !r))
		return NULL;
	return model_expr_op(b, e->op, l, r);
}

/* The symbol name as an expression of m, or NULL. */
static struct expr *sym_expr(struct model *m, const char *name)
{
	uint32_t s = model_find(m, name);
	return s == MODEL_NONE ? NULL : model_expr_sym(m, s);
}

/*
 * Under profile p: 1 when no configuration changes, 0 when one may (*what
 * says which), -1 on error. old is the graph before the edit, now after.
 */
static int unchanged(const struct fix *f, struct model *old,
		     struct model *now, char **what)
{
	uint32_t node;
	if (f->kind == FIX_SET) {
		/* nothing changes when no part changes anything; else what
		 * each part may change, joined */
		int all = 1;
		for (size_t i = 0; i < f->nparts; i++) {
			char *w = NULL;
			int u = unchanged(&f->parts[i], old, now, &w);
			if (u < 0) {
				free(w);
				return -1;
			}
			if (!u) {
				char *j = !*what ? w : fix_fmt("%s; %s", *what,
							       w ? w : "");
				if (j != w)
					free(w);
				free(*what);
				*what = j;
				all = 0;
				if (!j)
					return -1;
			}
		}
		return all;
	}
	if (f->kind == FIX_SELECT_TO_DEPENDS) {
		*what = fix_fmt("%s now depends on %s: it may no longer be set "
				"where nothing else sets %s", f->owner,
				f->target, f->target);
		return *what ? 0 : -1;
	}
	if (f->kind == FIX_DEPENDS_TO_SELECT) {
		*what = fix_fmt("%s now selects %s: %s may be forced on where "
				"its own dependencies do not hold", f->owner,
				f->other, f->other);
		return *what ? 0 : -1;
	}
	const struct prop *p = fix_prop_at(old, f->edit.file, f->edit.first,
				       f->prop_kind, f->target, &node);
	if (!p) {
		*what = fix_fmt("the line is not there under this profile");
		return *what ? 0 : -1;
	}
	const struct expr *cond = f->prop_kind == P_DEPENDS ? p->expr : p->cond;
	const struct expr *v[FIX_MAX_CONJ];
	size_t n = fix_conjuncts(cond, v, 0);
	const struct expr *given[FIX_MAX_CONJ + 1];
	size_t ng = 0;
	struct model *m = old;
	const struct expr *want = NULL;
	char *gone = NULL;
	int owner_given = f->prop_kind == P_SELECT ||
			  f->prop_kind == P_IMPLY ||
			  f->prop_kind == P_DEPENDS;
	switch (f->kind) {
	case FIX_DROP_COND:
		want = cond;
		gone = fix_conj_text(old, v, n, n);
		break;
	case FIX_DROP_CONJUNCT:
		if (f->conj >= n || n > FIX_MAX_CONJ)
			return 0;
		gone = fix_conj_text(old, v + f->conj, 1, 1);
		if (f->prop_kind == P_DEPENDS) {
			m = now;
			want = translate(old, v[f->conj], now);
		} else {
			want = v[f->conj];
			for (size_t k = 0; k < n; k++)
				if (k != f->conj)
					given[ng++] = v[k];
		}
		break;
	case FIX_DROP_DEPENDS:
		m = now;
		want = translate(old, cond, now);
		gone = fix_conj_text(old, v, n, n);
		break;
	case FIX_DROP_SELECT:
		m = now;
		want = sym_expr(now, f->target);
		if (cond)
			given[ng++] = translate(old, cond, now);
		gone = kdep_strdup(f->target);
		break;
	case FIX_NARROW: {
		/* whatever the whole condition holds in, what is left of it
		 * holds in too: no select fires less, no dependency fails
		 * more */
		const struct expr *d = NULL;
		want = n <= FIX_MAX_CONJ ?
		       narrowed(old, p, f->conj, f->disj, &d) : NULL;
		if (!want)
			return 0;
		for (size_t k = 0; k < n; k++)
			given[ng++] = v[k];
		gone = fix_conj_text(old, &d, 1, 1);
		break;
	}
	}
	if (!gone)
		return -1;
	if (owner_given)
		given[ng++] = sym_expr(m, f->owner);
	int ok = want != NULL;
	for (size_t k = 0; k < ng; k++)
		ok = ok && given[k];
	int r = ok ? sat_implies(m, given, ng, want) : 0;
	if (r == 0)
		*what = f->kind == FIX_NARROW ?
			fix_fmt("configurations with %s set where only `%s` "
				"of its condition holds may change", f->owner,
				gone) :
			f->kind == FIX_DROP_SELECT ?
			fix_fmt("%s may be set without %s", f->owner, gone) :
			f->kind == FIX_DROP_DEPENDS ||
			f->prop_kind == P_DEPENDS ?
			fix_fmt("%s may be set without `%s`", f->owner, gone) :
			fix_fmt("configurations with %s set and `%s` not y may "
			    "change", f->owner, gone);
	free(gone);
	if (r == 0 && !*what)
		return -1;
	return r;
}

/* Sorted names of k, joined: what a component is across graphs. */
static int comp_same(const struct cycle_component *a,
		     const struct cycle_component *b)
{
	if (a->n != b->n)
		return 0;
	for (uint32_t i = 0; i < a->n; i++)
		if (strcmp(a->syms[i].name, b->syms[i].name))
			return 0;
	return 1;
}

int fix_prove(const struct fix_ctx *ctx, const struct cycle_component *comp,
	      struct fix *f)
{
	unsigned np = ctx->nprofiles;
	struct model **now = kdep_calloc(np + 1, sizeof(*now));
	struct cycle_report r = { 0 };
	size_t ne = 0;
	struct finding_edit *ev = fix_edits(f, &ne);
	int ret = -1;
	if (!now || !ev) {
		free(now);
		free(ev);
		return -1;
	}
	f->proven = 0;
	if (ctx->engine->reparse(ctx->engine->ctx, ev, ne, now)) {
		/* an edit the tree does not take is no fix */
		f->why_rejected = fix_fmt("the edited tree does not parse: %s",
				      kdep_error_last());
		ret = f->why_rejected ? 0 : -1;
		goto done;
	}
	if (cycles_find(now, np, &r))
		goto done;
	for (uint32_t i = 0; i < r.components; i++) {
		const struct cycle_component *k = &r.comps[i];
		int known = 0, inside = 0;
		for (uint32_t j = 0; j < k->n; j++)
			inside |= comp_has(comp, k->syms[j].name);
		for (uint32_t j = 0; j < ctx->report->components; j++)
			known |= &ctx->report->comps[j] != comp &&
				 comp_same(&ctx->report->comps[j], k);
		if (inside || !known) {
			unsigned p = first_profile(k->profiles);
			f->why_rejected = fix_fmt(
				"%s under %s: %s, %s, ...",
				inside ? FIX_REMAINS :
				"a new cycle appears", ctx->profiles[p],
				k->syms[0].name,
				k->n > 1 ? k->syms[1].name : "");
			ret = f->why_rejected ? 0 : -1;
			goto done;
		}
	}
	f->change = kdep_calloc(np + 1, sizeof(*f->change));
	if (!f->change)
		goto done;
	f->unchanged = 0;
	for (unsigned p = 0; p < np; p++) {
		int u = unchanged(f, ctx->models[p], now[p], &f->change[p]);
		if (u < 0)
			goto done;
		if (u)
			f->unchanged |= 1ull << p;
	}
	f->proven = 1;
	ret = 0;
done:
	cycle_report_free(&r);
	for (unsigned p = 0; p < np; p++)
		model_free(now[p]);
	free(now);
	free(ev);
	return ret;
}

/* ---- the pair a fix changes ------------------------------------------- */

struct names {
	const struct model *m;
	char **v;       /* NULL-ended (strv) */
	size_t n, cap;
	int oom;
};

static int names_add(struct names *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], name))
			return 0;
	if (kdep_grow(&s->v, &s->cap, s->n + 2, sizeof(*s->v)) ||
	    !(s->v[s->n] = kdep_strdup(name))) {
		s->oom = 1;
		return 1;
	}
	s->v[++s->n] = NULL;
	return 0;
}

static int names_leaf(uint32_t sym, void *arg)
{
	struct names *s = arg;
	if (model_sym_is_number(s->m, sym) || !s->m->syms[sym].nnodes)
		return 0;
	return names_add(s, s->m->syms[sym].name);
}

/* lo and ga as f's loose and gain sides (or freed when out of memory). 0,
 * or -1. */
static int sides_take(struct fix *f, struct names *lo, struct names *ga)
{
	if (lo->oom || ga->oom) {
		strv_free(lo->v);
		strv_free(ga->v);
		return -1;
	}
	f->loose = lo->v;
	f->nloose = lo->n;
	f->gain = ga->v;
	f->ngain = ga->n;
	return 0;
}

/* The sides of each part of set f, joined. */
static int set_sides(struct model *m, struct fix *f, const uint32_t *targets,
		     size_t n)
{
	struct names lo = { m, NULL, 0, 0, 0 }, ga = { m, NULL, 0, 0, 0 };
	for (size_t i = 0; i < f->nparts; i++) {
		struct fix *x = &f->parts[i];
		if (!x->loose && fix_sides(m, x, targets, n))
			lo.oom = 1;
		for (size_t k = 0; k < x->nloose; k++)
			names_add(&lo, x->loose[k]);
	}
	/* a symbol loosened by one part is on the loose side of the set */
	for (size_t i = 0; i < f->nparts; i++)
		for (size_t k = 0; k < f->parts[i].ngain; k++) {
			const char *g = f->parts[i].gain[k];
			size_t j = 0;
			while (j < lo.n && strcmp(lo.v[j], g))
				j++;
			if (j == lo.n)
				names_add(&ga, g);
		}
	return sides_take(f, &lo, &ga);
}

int fix_sides(struct model *m, struct fix *f, const uint32_t *targets,
	      size_t n)
{
	uint32_t node;
	if (f->kind == FIX_SET)
		return set_sides(m, f, targets, n);
	const struct prop *p = fix_prop_at(m, f->edit.file, f->edit.first,
					   f->prop_kind, f->target, &node);
	struct names lo = { m, NULL, 0, 0, 0 }, ga = { m, NULL, 0, 0, 0 };
	if (!p)
		return 0;
	const struct expr *cond = p->kind == P_DEPENDS ? p->expr : p->cond;
	const struct expr *v[FIX_MAX_CONJ];
	size_t nc = fix_conjuncts(cond, v, 0);
	int conj = f->kind == FIX_DROP_CONJUNCT ||
		   f->kind == FIX_DEPENDS_TO_SELECT;
	const struct expr *gone = conj && f->conj < nc && nc <= FIX_MAX_CONJ ?
				  v[f->conj] : cond;
	int select = f->kind == FIX_DROP_SELECT ||
		     f->kind == FIX_SELECT_TO_DEPENDS;
	if (select)
		gone = NULL;
	if (f->kind == FIX_NARROW && !narrowed(m, p, f->conj, f->disj, &gone))
		gone = NULL;
	if (gone)
		model_expr_walk(m, gone, names_leaf, &lo);
	const char *own = f->target ? f->target : f->owner;
	if (select)
		names_add(&lo, f->owner);
	names_add(&ga, own);
	uint32_t os = model_find(m, own);
	for (size_t i = 0; i < n && os != MODEL_NONE; i++)
		for (uint32_t k = 0; k < m->nedges; k++)
			if (m->edges[k].from == targets[i] &&
			    m->edges[k].to == os &&
			    m->edges[k].kind == EDGE_DEPENDS) {
				names_add(&ga, m->syms[targets[i]].name);
				break;
			}
	return sides_take(f, &lo, &ga);
}

/* ---- kept proofs ---------------------------------------------------- */

/* s with its newlines as spaces (a kept proof is one line per field). */
static void one_line(char *s)
{
	for (; s && *s; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
}

char *fix_proof_text(const struct fix *f, unsigned nprofiles)
{
	char *s = NULL;
	size_t size = 0;
	FILE *o = open_memstream(&s, &size);
	if (!o) {
		kdep_error_oom();
		return NULL;
	}
	fprintf(o, "proven %d\nunchanged %llu\n", f->proven,
		(unsigned long long)f->unchanged);
	for (unsigned p = 0; f->change && p < nprofiles; p++)
		if (f->change[p])
			fprintf(o, "change %u %s\n", p, f->change[p]);
	if (f->why_rejected)
		fprintf(o, "why %s\n", f->why_rejected);
	if (f->witness)
		fprintf(o, "witness\n%s", f->witness);
	if (fclose(o) || !s) {
		free(s);
		kdep_error_oom();
		return NULL;
	}
	return s;
}

int fix_proof_read(struct fix *f, unsigned nprofiles, const char *text)
{
	struct fix r = { 0 };
	int ok = 1;
	r.change = kdep_calloc(nprofiles + 1, sizeof(*r.change));
	if (!r.change)
		return -1;
	for (const char *p = text; ok && p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		unsigned u;
		unsigned long long bitsv;
		int v, at = 0;
		if (!strncmp(p, "witness\n", 8)) {
			ok = !!(r.witness = kdep_strdup(p + 8));
			break;
		}
		char *line = kdep_calloc(n + 1, 1);
		if (!line) {
			ok = 0;
			break;
		}
		memcpy(line, p, n);
		if (sscanf(line, "proven %d", &v) == 1)
			r.proven = v;
		else if (sscanf(line, "unchanged %llu", &bitsv) == 1)
			r.unchanged = bitsv;
		else if (sscanf(line, "change %u %n", &u, &at) == 1 && at &&
			 u < nprofiles && !r.change[u])
			ok = !!(r.change[u] = kdep_strdup(line + at));
		else if (!strncmp(line, "why ", 4))
			ok = !!(r.why_rejected = kdep_strdup(line + 4));
		else
			ok = 0;
		free(line);
		p = nl ? nl + 1 : NULL;
	}
	if (!ok || (!r.proven && !r.why_rejected)) {
		for (unsigned p = 0; p < nprofiles; p++)
			free(r.change[p]);
		free(r.change);
		free(r.why_rejected);
		free(r.witness);
		return -1;
	}
	f->proven = r.proven;
	f->unchanged = r.unchanged;
	f->change = r.change;
	f->why_rejected = r.why_rejected;
	f->witness = r.witness;
	return 0;
}

int fix_prove_kept(const struct fix_engine *eng, struct fix *f,
		   unsigned nprofiles, const char *q,
		   int (*prove)(const void *ctx, struct fix *f),
		   const void *ctx, int *recalled)
{
	char *kept = NULL;
	*recalled = 0;
	if (eng->recall && eng->recall(eng->ctx, f, q, &kept))
		return -1;
	if (kept && !fix_proof_read(f, nprofiles, kept)) {
		free(kept);
		*recalled = 1;
		return 0;
	}
	free(kept);
	if (prove(ctx, f))
		return -1;
	one_line(f->why_rejected);
	for (unsigned p = 0; f->change && p < nprofiles; p++)
		one_line(f->change[p]);
	if (!eng->remember)
		return 0;
	char *text = fix_proof_text(f, nprofiles);
	int ret = !text || eng->remember(eng->ctx, f, q, text);
	free(text);
	return ret ? -1 : 0;
}

/* ---- ranking ------------------------------------------------------------ */

static unsigned bits(uint64_t v)
{
	unsigned n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
}

/* How much a kind of edit changes, least first, when the SAT check
 * proves neither unchanged: a narrowed condition keeps the line, a select
 * turned round keeps the link between the two symbols, a dropped line
 * loses it, several edits change most. */
static int kind_rank(int kind)
{
	static const int rank[FIX_KIND_COUNT] = {
		[FIX_DROP_COND] = 0, [FIX_DROP_CONJUNCT] = 1,
		[FIX_NARROW] = 2, [FIX_SELECT_TO_DEPENDS] = 3,
		[FIX_DEPENDS_TO_SELECT] = 4, [FIX_DROP_DEPENDS] = 5,
		[FIX_DROP_SELECT] = 6, [FIX_SET] = 7,
	};
	return kind < FIX_KIND_COUNT ? rank[kind] : FIX_KIND_COUNT;
}

/* What the parts of a set change, summed as kind_rank says. */
static int part_rank(const struct fix *f)
{
	int r = 0;
	for (size_t i = 0; i < f->nparts; i++)
		r += kind_rank(f->parts[i].kind);
	return r;
}

int fix_cmp(const struct fix *a, const struct fix *b, unsigned nprofiles)
{
	(void)nprofiles;
	if (a->proven != b->proven)
		return b->proven - a->proven;
	if (bits(a->unchanged) != bits(b->unchanged))
		return (int)bits(b->unchanged) - (int)bits(a->unchanged);
	if (a->shared != b->shared)
		return b->shared - a->shared;
	if (a->arch_confined != b->arch_confined)
		return b->arch_confined - a->arch_confined;
	if (a->kind != b->kind)
		return kind_rank(a->kind) - kind_rank(b->kind);
	if (a->kind == FIX_SET && part_rank(a) != part_rank(b))
		return part_rank(a) - part_rank(b);
	int c = strcmp(a->edit.file, b->edit.file);
	if (c)
		return c;
	if (a->edit.first != b->edit.first)
		return a->edit.first < b->edit.first ? -1 : 1;
	if (a->conj != b->conj)
		return a->conj < b->conj ? -1 : 1;
	return a->disj < b->disj ? -1 : a->disj > b->disj;
}

static unsigned sort_np;
static int qcmp(const void *a, const void *b)
{
	return fix_cmp(a, b, sort_np);
}

/*
 * Before any is proven: what the old graphs alone tell of a candidate
 * that drops a condition or a conjunct of one (the lines that can be
 * compared without parsing again), into unchanged; the rank then puts the
 * likely equivalent first.
 */
static int prerank(const struct fix_ctx *ctx, struct fix *f)
{
	if (f->kind != FIX_DROP_COND && f->kind != FIX_NARROW &&
	    !(f->kind == FIX_DROP_CONJUNCT && f->prop_kind != P_DEPENDS))
		return 0;
	for (unsigned p = 0; p < ctx->nprofiles; p++) {
		char *what = NULL;
		int u = unchanged(f, ctx->models[p], NULL, &what);
		free(what);
		if (u < 0)
			return -1;
		if (u)
			f->unchanged |= 1ull << p;
	}
	return 0;
}

/* fix_prove for fix_prove_kept. */
struct cycle_proof {
	const struct fix_ctx *ctx;
	const struct cycle_component *comp;
};

static int prove_cycle(const void *arg, struct fix *f)
{
	const struct cycle_proof *cp = arg;
	return fix_prove(cp->ctx, cp->comp, f);
}

/* ---- sets of edits --------------------------------------------------- */

/* A copy of candidate x without its proof into y. 0, or -1 when out of
 * memory (y then freed by fix_free). */
static int part_copy(struct fix *y, const struct fix *x)
{
	memset(y, 0, sizeof(*y));
	y->kind = x->kind;
	y->prop_kind = x->prop_kind;
	y->conj = x->conj;
	y->disj = x->disj;
	y->shared = x->shared;
	y->arch_confined = x->arch_confined;
	y->edit = x->edit;
	y->edit.file = kdep_strdup(x->edit.file);
	y->edit.old_text = kdep_strdup(x->edit.old_text);
	y->edit.new_text = kdep_strdup(x->edit.new_text);
	y->description = kdep_strdup(x->description);
	y->owner = kdep_strdup(x->owner);
	y->other = kdep_strdup(x->other);
	y->target = x->target ? kdep_strdup(x->target) : NULL;
	return y->edit.file && y->edit.old_text && y->edit.new_text &&
	       y->description && y->owner && y->other &&
	       (!x->target || y->target) ? 0 : -1;
}

/* Whether two edits touch a line in common (or one inserts next to the
 * other): they cannot be applied together. */
static int edits_clash(const struct finding_edit *a,
		       const struct finding_edit *b)
{
	return !strcmp(a->file, b->file) && a->first <= b->last + 1 &&
	       b->first <= a->last + 1;
}

/* The set of candidates x[0..n) as one fix, into s, its parts in file and
 * line order (as a finding's edits are). 0, or -1 (s freed by fix_free). */
static int set_make(struct fix *s, const struct fix **x, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 &&
		     (strcmp(x[j - 1]->edit.file, x[j]->edit.file) > 0 ||
		      (!strcmp(x[j - 1]->edit.file, x[j]->edit.file) &&
		       x[j - 1]->edit.first > x[j]->edit.first)); j--) {
			const struct fix *t = x[j];
			x[j] = x[j - 1];
			x[j - 1] = t;
		}
	memset(s, 0, sizeof(*s));
	s->kind = FIX_SET;
	s->prop_kind = x[0]->prop_kind;
	s->parts = kdep_calloc(n, sizeof(*s->parts));
	if (!s->parts)
		return -1;
	s->arch_confined = 1;
	size_t len = 64;
	for (size_t i = 0; i < n; i++) {
		if (part_copy(&s->parts[s->nparts++], x[i]))
			return -1;
		s->shared |= x[i]->shared;
		s->arch_confined &= x[i]->arch_confined;
		len += strlen(x[i]->description) + 2;
	}
	s->edit = s->parts[0].edit;
	s->edit.file = kdep_strdup(x[0]->edit.file);
	s->edit.old_text = kdep_strdup(x[0]->edit.old_text);
	s->edit.new_text = kdep_strdup(x[0]->edit.new_text);
	s->owner = kdep_strdup(x[0]->owner);
	s->other = kdep_strdup(x[0]->other);
	s->description = kdep_calloc(len, 1);
	if (!s->edit.file || !s->edit.old_text || !s->edit.new_text ||
	    !s->owner || !s->other || !s->description)
		return -1;
	char *at = s->description;
	at += sprintf(at, "%zu edits, none a fix alone: ", n);
	for (size_t i = 0; i < n; i++)
		at += sprintf(at, "%s%s", i ? "; " : "", x[i]->description);
	return 0;
}

/* The next combination of k of n after c[0..k) (lexicographic); 0 when
 * there is none. */
static int next_combination(size_t *c, size_t k, size_t n)
{
	size_t i = k;
	while (i > 0 && c[i - 1] == n - k + i - 1)
		i--;
	if (!i)
		return 0;
	c[i - 1]++;
	for (size_t j = i; j < k; j++)
		c[j] = c[j - 1] + 1;
	return 1;
}

/* A set of candidates to try: indices into the pool, and its rank. */
struct combo {
	size_t c[FIX_MAX_PARTS];  /* the pool's entries, ascending */
	int shared;               /* parts on every cycle of the component */
	int rank;                 /* kind_rank summed over the parts */
	const struct finding_edit *first; /* the part first in the tree (the
				     set's own edit, as fix_cmp orders) */
};

static int combo_cmp(const void *pa, const void *pb)
{
	const struct combo *a = pa, *b = pb;
	if (a->shared != b->shared)
		return b->shared - a->shared;
	if (a->rank != b->rank)
		return a->rank - b->rank;
	int c = strcmp(a->first->file, b->first->file);
	if (c)
		return c;
	if (a->first->first != b->first->first)
		return a->first->first < b->first->first ? -1 : 1;
	for (size_t i = 0; i < FIX_MAX_PARTS; i++)
		if (a->c[i] != b->c[i])
			return a->c[i] < b->c[i] ? -1 : 1;
	return 0;
}

/* The sets of k of the pool's np candidates of out that can be applied
 * together, in the order they are tried: more parts every cycle shares
 * first, then those whose kinds change least, then as fix_cmp orders sets
 * (the place of the first part), then the pool's order. Into *v (caller frees), their count into *n. 0, or -1. */
static int combos(const struct fix_component *out, const size_t *pool,
		  size_t np, size_t k, struct combo **v, size_t *n)
{
	size_t c[FIX_MAX_PARTS], cap = 0;
	*v = NULL;
	*n = 0;
	for (size_t i = 0; i < k; i++)
		c[i] = i;
	do {
		struct combo x = { { 0 }, 0, 0, NULL };
		int clash = 0;
		for (size_t i = 0; i < k; i++) {
			const struct fix *f = &out->v[pool[c[i]]];
			x.c[i] = c[i];
			if (!x.first || strcmp(f->edit.file, x.first->file) < 0 ||
			    (!strcmp(f->edit.file, x.first->file) &&
			     f->edit.first < x.first->first))
				x.first = &f->edit;
			x.shared += f->shared;
			x.rank += kind_rank(f->kind);
			for (size_t j = 0; j < i; j++)
				clash |= edits_clash(&f->edit,
						     &out->v[pool[c[j]]].edit);
		}
		if (clash)
			continue;
		if (kdep_grow(v, &cap, *n + 1, sizeof(**v))) {
			free(*v);
			*v = NULL;
			return -1;
		}
		(*v)[(*n)++] = x;
	} while (next_combination(c, k, np));
	if (*n)
		qsort(*v, *n, sizeof(**v), combo_cmp);
	return 0;
}

/*
 * When no single candidate is a fix: sets of 2, then 3, of the candidates
 * that broke some of the component's cycles but not all (combos() says in
 * which order), each proven as one overlay, until max are proven or
 * FIX_MAX_SETS were tried; appended to out.
 */
static int fix_sets(const struct fix_ctx *ctx,
		    const struct cycle_component *comp, struct gen *g,
		    size_t max)
{
	struct fix_component *out = g->out;
	size_t pool[FIX_MAX_TRIED], np = 0, sets = 0;
	for (size_t i = 0; i < out->tried && np < FIX_MAX_TRIED; i++)
		if (out->v[i].why_rejected &&
		    !strncmp(out->v[i].why_rejected, FIX_REMAINS,
			     strlen(FIX_REMAINS)))
			pool[np++] = i;
	for (size_t k = 2; k <= FIX_MAX_PARTS && k <= np && !out->nproven;
	     k++) {
		struct combo *cv;
		size_t nc;
		if (combos(out, pool, np, k, &cv, &nc))
			return -1;
		for (size_t q = 0; q < nc && out->nproven < max &&
		     sets < FIX_MAX_SETS; q++) {
			const struct fix *x[FIX_MAX_PARTS];
			if (kdep_grow(&out->v, &g->cap, out->n + 1,
				      sizeof(*out->v))) {
				free(cv);
				return -1;
			}
			for (size_t i = 0; i < k; i++)
				x[i] = &out->v[pool[cv[q].c[i]]];
			struct fix *s = &out->v[out->n++];
			struct cycle_proof cp = { ctx, comp };
			int recalled, bad = set_make(s, x, k);
			sets++;
			out->tried++;
			bad = bad || fix_prove_kept(ctx->engine, s,
						    ctx->nprofiles, "cycles",
						    prove_cycle, &cp, &recalled);
			if (!bad) {
				out->recalled += recalled;
				out->nproven += s->proven;
			}
			if (bad || (s->proven &&
				    bits(s->unchanged) < ctx->nprofiles &&
				    fix_sides(ctx->models[0], s, NULL, 0))) {
				free(cv);
				return -1;
			}
		}
		free(cv);
	}
	return 0;
}

int fix_component(const struct fix_ctx *ctx,
		  const struct cycle_component *comp,
		  struct fix_component *out)
{
	struct gen g = { ctx->arch, out, 0 };
	size_t max = ctx->max_proven ? ctx->max_proven : FIX_MAX_PROVEN;
	memset(out, 0, sizeof(*out));
	out->comp = comp;
	out->nprofiles = ctx->nprofiles;
	if (candidates(ctx, comp, &g))
		goto fail;
	for (size_t i = 0; i < out->n; i++)
		if (prerank(ctx, &out->v[i]))
			goto fail;
	sort_np = ctx->nprofiles;
	qsort(out->v, out->n, sizeof(*out->v), qcmp);
	for (size_t i = 0; i < out->n && out->nproven < max &&
	     out->tried < FIX_MAX_TRIED; i++) {
		out->v[i].unchanged = 0;
		out->tried++;
		struct cycle_proof cp = { ctx, comp };
		int recalled;
		if (fix_prove_kept(ctx->engine, &out->v[i], ctx->nprofiles,
				   "cycles", prove_cycle, &cp, &recalled))
			goto fail;
		out->recalled += recalled;
		out->nproven += out->v[i].proven;
		if (out->v[i].proven &&
		    bits(out->v[i].unchanged) < ctx->nprofiles &&
		    fix_sides(ctx->models[0], &out->v[i], NULL, 0))
			goto fail;
	}
	/* the untried keep no guess of theirs */
	for (size_t i = out->tried; i < out->n; i++)
		out->v[i].unchanged = 0;
	if (!out->nproven && fix_sets(ctx, comp, &g, max))
		goto fail;
	qsort(out->v, out->n, sizeof(*out->v), qcmp);
	return 0;
fail:
	fix_component_free(out);
	return -1;
}
