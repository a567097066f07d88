/*
 * cosel_view.c - co-selectability as `kdep cosel` prints it: per profile,
 * the answer with the lines that forbid it (a single question), or the
 * largest co-selectable sets, each smallest excluded one with its lines,
 * and the unknown ones (a matrix). The answers' structure comes from the
 * payload (struct cosel_result), the lines as written from the findings.
 */
#include "closest.h"
#include "cosel.h"
#include "report.h"
#include "view.h"

#include <string.h>

static const struct cosel_subset *subset_of(const struct finding *f)
{
	return f->payload;
}

/* The finding of subset mask of result r, or NULL. */
static const struct finding *finding_of(const struct finding_set *set,
					const struct cosel_result *r,
					uint32_t mask)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct cosel_subset *sub = subset_of(&set->v[i]);
		if (sub && sub->of == r && sub->mask == mask)
			return &set->v[i];
	}
	return NULL;
}

/* The result finding i answers, if i is its first finding (results are
 * met in the order of their first finding), else NULL. */
static const struct cosel_result *first_of(const struct finding_set *set,
					   size_t i)
{
	const struct cosel_subset *sub = subset_of(&set->v[i]);
	for (size_t k = 0; sub && k < i; k++)
		if (subset_of(&set->v[k]) &&
		    subset_of(&set->v[k])->of == sub->of)
			return NULL;
	return sub ? sub->of : NULL;
}

/* How many lines of an explanation f has. */
static size_t nwhy(const struct finding *f)
{
	size_t n = 0;
	for (size_t i = 0; f && i < f->nrelated; i++)
		n += !strcmp(f->related[i].role, "forbids");
	return n;
}

static void text_syms(FILE *f, const struct cosel_result *r, uint32_t mask)
{
	const char *sep = "";
	for (size_t k = 0; k < r->ntargets; k++) {
		if (cosel_in(mask, k)) {
			fprintf(f, "%s%s", sep, r->labels[k]);
			sep = " + ";
		}
	}
}

static void text_why(FILE *f, const struct finding *x, const char *indent)
{
	for (size_t i = 0; x && i < x->nrelated; i++) {
		const struct finding_related *l = &x->related[i];
		if (strcmp(l->role, "forbids"))
			continue;
		if (!l->file) /* the target is not defined */
			fprintf(f, "%s%s\n", indent, l->message);
		else if (!l->symbol) /* an if or menu line */
			fprintf(f, "%s%s:%u: %s\n", indent, l->file, l->line,
				l->message);
		else
			fprintf(f, "%s%s:%u: %s: %s\n", indent, l->file,
				l->line, l->symbol, l->message);
	}
}

/* The unrecorded probes' answers a yes assumes. */
static void text_assumed(FILE *f, const struct finding *x, const char *indent)
{
	for (size_t i = 0; x && i < x->nrelated; i++) {
		const struct finding_related *l = &x->related[i];
		if (!strcmp(l->role, "assumes"))
			fprintf(f, "%s%s:%u: %s: %s\n", indent, l->file,
				l->line, l->symbol, l->message);
	}
}

/* With a .config: the witness's changes of the user's choices. */
static void near_text(FILE *f, const struct cosel_result *r)
{
	const struct closest_answer *c = r->near;
	if (!c)
		return;
	fprintf(f, "  %zu change%s of the %zu user choices of the .config",
		c->ntri, c->ntri == 1 ? "" : "s", c->choices);
	if (c->optimal)
		fputs(" (the fewest any configuration needs)", f);
	else
		fprintf(f, " (at least %u needed; not proven the fewest)",
			c->bound);
	fputs(c->ntri ? ":\n" : "\n", f);
	for (size_t i = 0; i < c->n; i++)
		fprintf(f, "    %s%s: %s -> %s\n", i < c->ntri ? "" : "and ",
			c->v[i].name, c->v[i].from, c->v[i].to);
}

static void one_text(FILE *f, const struct report_scope *s,
		     const struct finding_set *set,
		     const struct cosel_result *r)
{
	const struct cosel_answer *a = &r->one;
	const struct finding *x = finding_of(set, r, COSEL_ALL);
	fprintf(f, "%s (%s): ", s->arch, r->profile);
	text_syms(f, r, COSEL_ALL);
	fprintf(f, ": %s", a->verdict == COSEL_YES ? "yes"
			   : a->verdict == COSEL_NO ? "no" : "unknown");
	if (a->verdict == COSEL_YES && a->nassumed) {
		fputs(" only if these unrecorded probes answer so (else "
		      "unknown), witness checked by kconfiglib:\n", f);
		text_assumed(f, x, "  ");
	} else if (a->verdict == COSEL_YES) {
		fputs(", witness checked by kconfiglib\n", f);
		near_text(f, r);
	} else if (a->verdict == COSEL_NO) {
		size_t n = nwhy(x);
		if (n == 0) /* A=y A=n; m with the modules switch off */
			fputs(", forbidden by the values asked alone\n", f);
		else if (n == 1)
			fputs(", forbidden by this line:\n", f);
		else
			fprintf(f, ", forbidden by these %zu lines together:\n",
				n);
		text_why(f, x, "  ");
	} else {
		fprintf(f, " (%u candidates refuted; the encoding could not "
			"decide)\n", a->candidates);
	}
	for (size_t i = 0; x && i < x->nrelated; i++)
		if (!strcmp(x->related[i].role, "witness"))
			fprintf(f, "  witness written to %s\n",
				x->related[i].file);
	text_finding_fix(f, "  ", x ? x->fix : NULL);
}

static void matrix_text(FILE *f, const struct report_scope *s,
			const struct finding_set *set,
			const struct cosel_result *r)
{
	const struct cosel_matrix *x = &r->x;
	uint32_t full = (1u << x->n) - 1;
	fprintf(f, "%s (%s):\n", s->arch, r->profile);
	fputs("  co-selectable, largest sets:\n", f);
	int any = 0;
	for (uint32_t mask = full; mask >= 1; mask--) {
		if (!x->maximal_yes[mask])
			continue;
		fputs("    ", f);
		text_syms(f, r, mask);
		fputc('\n', f);
		any = 1;
	}
	if (!any)
		fputs("    (none)\n", f);
	for (uint32_t mask = 1; mask <= full; mask++) {
		if (!x->minimal_no[mask])
			continue;
		const struct finding *no = finding_of(set, r, mask);
		size_t n = nwhy(no);
		fputs("  excluded: ", f);
		text_syms(f, r, mask);
		if (n == 0)
			fputs(", by the values asked alone\n", f);
		else if (n == 1)
			fputs(", by this line:\n", f);
		else
			fprintf(f, ", by these %zu lines together:\n", n);
		text_why(f, no, "    ");
	}
	for (uint32_t mask = 1; mask <= full; mask++) {
		if (x->at[mask].verdict != COSEL_UNKNOWN)
			continue;
		fputs("  unknown: ", f);
		text_syms(f, r, mask);
		fputc('\n', f);
	}
}

void cosel_view_text(FILE *f, const struct report_scope *s,
		     const struct finding_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct cosel_result *r = first_of(set, i);
		if (r)
			(r->matrix ? matrix_text : one_text)(f, s, set, r);
	}
}

static void json_syms(struct json *j, const struct cosel_result *r,
		      uint32_t mask)
{
	json_arr_begin(j);
	for (size_t k = 0; k < r->ntargets; k++)
		if (cosel_in(mask, k))
			json_str(j, r->targets[k]);
	json_arr_end(j);
}

/* The targets of subset mask with the value each asks: {"symbol", "op"
 * ("=" or "!="), "value", "bare"}; a bare one asks y, or != n with
 * allow_m. */
static void json_targets(struct json *j, const struct cosel_result *r,
			 uint32_t mask)
{
	json_arr_begin(j);
	for (size_t k = 0; k < r->ntargets; k++) {
		if (!cosel_in(mask, k))
			continue;
		json_obj_begin(j);
		json_key(j, "symbol");
		json_str(j, r->targets[k]);
		json_key(j, "op");
		json_str(j, r->values[k].ne ? "!=" : "=");
		json_key(j, "value");
		json_str(j, r->values[k].value);
		json_key(j, "bare");
		json_bool(j, r->bare[k]);
		json_obj_end(j);
	}
	json_arr_end(j);
}

/*
 * The related places of x in role as [{"symbol", "file", "line", "text"}]:
 * "forbids", the explanation of a no; "assumes", the unrecorded probes'
 * answers a yes assumes. [] for none.
 */
static void json_places(struct json *j, const struct finding *x,
			const char *role)
{
	json_arr_begin(j);
	for (size_t i = 0; x && i < x->nrelated; i++) {
		const struct finding_related *l = &x->related[i];
		if (strcmp(l->role, role))
			continue;
		json_obj_begin(j);
		json_key(j, "symbol");
		json_str(j, l->symbol);
		json_key(j, "file");
		json_str(j, l->file);
		json_key(j, "line");
		json_int(j, l->line);
		json_key(j, "text");
		json_str(j, l->message);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_verdict(struct json *j, int verdict)
{
	if (verdict == COSEL_UNKNOWN)
		json_null(j);
	else
		json_bool(j, verdict == COSEL_YES);
}

/* The size of the formula the question was put to. */
static void json_formula(struct json *j, const struct cosel_result *r)
{
	json_key(j, "formula");
	json_obj_begin(j);
	json_key(j, "variables");
	json_int(j, r->vars);
	json_key(j, "clauses");
	json_int(j, r->clauses);
	json_key(j, "groups");
	json_int(j, r->groups);
	json_obj_end(j);
}

/* With a .config: "closest", the witness's changes of the user's
 * choices (null when there is no witness). */
static void near_json(struct json *j, const struct cosel_result *r)
{
	const struct closest_answer *c = r->near;
	if (!c)
		return;
	json_key(j, "closest");
	if (r->one.verdict != COSEL_YES) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	json_key(j, "changes");
	json_arr_begin(j);
	for (size_t i = 0; i < c->n; i++) {
		json_obj_begin(j);
		json_key(j, "symbol");
		json_str(j, c->v[i].name);
		json_key(j, "from");
		json_str(j, c->v[i].from);
		json_key(j, "to");
		json_str(j, c->v[i].to);
		json_key(j, "counted");
		json_bool(j, i < c->ntri);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "count");
	json_int(j, (long long)c->ntri);
	json_key(j, "lower_bound");
	json_int(j, c->bound);
	json_key(j, "optimal");
	json_bool(j, c->optimal);
	json_key(j, "user_choices");
	json_int(j, (long long)c->choices);
	json_obj_end(j);
}

static void one_json(struct json *j, const struct finding_set *set,
		     const struct cosel_result *r)
{
	const struct cosel_answer *a = &r->one;
	json_obj_begin(j);
	json_key(j, "profile");
	json_str(j, r->profile);
	json_key(j, "symbols");
	json_syms(j, r, COSEL_ALL);
	json_key(j, "targets");
	json_targets(j, r, COSEL_ALL);
	json_key(j, "coselectable");
	json_verdict(j, a->nassumed ? COSEL_UNKNOWN : a->verdict);
	json_key(j, "witness");
	json_str(j, a->witness);
	json_key(j, "explanation");
	json_places(j, finding_of(set, r, COSEL_ALL), "forbids");
	json_key(j, "assumes");
	json_places(j, finding_of(set, r, COSEL_ALL), "assumes");
	json_key(j, "candidates_refuted");
	json_int(j, a->candidates);
	json_formula(j, r);
	near_json(j, r);
	const struct finding *x = finding_of(set, r, COSEL_ALL);
	if (x && x->fix) { /* --fix: the top proven relaxation */
		json_key(j, "fix");
		json_finding_fix(j, x->fix);
	}
	json_obj_end(j);
}

static void matrix_json(struct json *j, const struct finding_set *set,
			const struct cosel_result *r)
{
	const struct cosel_matrix *x = &r->x;
	uint32_t full = (1u << x->n) - 1;
	json_obj_begin(j);
	json_key(j, "profile");
	json_str(j, r->profile);
	json_key(j, "subsets");
	json_arr_begin(j);
	for (size_t size = 1; size <= x->n; size++) {
		for (uint32_t mask = 1; mask <= full; mask++) {
			if ((size_t)__builtin_popcount(mask) != size)
				continue;
			const struct cosel_answer *a = &x->at[mask];
			json_obj_begin(j);
			json_key(j, "symbols");
			json_syms(j, r, mask);
			json_key(j, "targets");
			json_targets(j, r, mask);
			json_key(j, "coselectable");
			/* a yes whose witness assumes probes' answers: null */
			json_verdict(j, a->verdict == COSEL_YES &&
					x->at[x->witness_of[mask]].nassumed
						? COSEL_UNKNOWN : a->verdict);
			json_key(j, "explanation");
			json_places(j, x->minimal_no[mask]
					    ? finding_of(set, r, mask) : NULL,
				    "forbids");
			json_key(j, "witness");
			json_str(j, a->verdict == COSEL_YES
					    ? x->at[x->witness_of[mask]].witness
					    : NULL);
			json_obj_end(j);
		}
	}
	json_arr_end(j);
	json_key(j, "maximal");
	json_arr_begin(j);
	for (uint32_t mask = full; mask >= 1; mask--)
		if (x->maximal_yes[mask])
			json_syms(j, r, mask);
	json_arr_end(j);
	json_key(j, "excluded");
	json_arr_begin(j);
	for (uint32_t mask = 1; mask <= full; mask++)
		if (x->minimal_no[mask])
			json_syms(j, r, mask);
	json_arr_end(j);
	json_formula(j, r);
	json_obj_end(j);
}

void cosel_view_json(struct json *j, const struct report_scope *s,
		     const struct finding_set *set)
{
	const struct cosel_result *first = set->n ? first_of(set, 0) : NULL;
	json_obj_begin(j);
	json_key(j, "arch");
	json_str(j, s->arch);
	json_key(j, "symbols");
	if (first)
		json_syms(j, first, COSEL_ALL);
	else
		json_strs(j, NULL, 0);
	json_key(j, "targets");
	if (first)
		json_targets(j, first, COSEL_ALL);
	else
		json_strs(j, NULL, 0);
	json_key(j, "allow_m");
	json_bool(j, first && first->allow_m);
	json_key(j, first && first->matrix ? "matrix" : "results");
	json_arr_begin(j);
	for (size_t i = 0; i < set->n; i++) {
		const struct cosel_result *r = first_of(set, i);
		if (r)
			(r->matrix ? matrix_json : one_json)(j, set, r);
	}
	json_arr_end(j);
	json_obj_end(j);
}

/* ---- the matrix as a grid (report.h) ------------------------------------ */

/* The matrix result of set under profile, or NULL. */
static const struct cosel_result *matrix_of(const struct finding_set *set,
					    const char *profile)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct cosel_result *r = first_of(set, i);
		if (r && r->matrix && (!profile || !strcmp(r->profile, profile)))
			return r;
	}
	return NULL;
}

const char *const *report_matrix_targets(const struct finding_set *set,
					 size_t *n)
{
	const struct cosel_result *r = set ? matrix_of(set, NULL) : NULL;
	*n = r ? r->ntargets : 0;
	/* as asked: "SYM", or "SYM=VALUE" */
	return r ? (const char *const *)r->labels : NULL;
}

void report_matrix_cell(const struct finding_set *set, const char *profile,
			unsigned mask, struct report_cell *out)
{
	const struct cosel_result *r = set ? matrix_of(set, profile) : NULL;
	*out = (struct report_cell){ -1, NULL, 0 };
	if (!r || !mask || mask >= (1u << r->x.n))
		return;
	out->verdict = r->x.at[mask].verdict;
	if (out->verdict != COSEL_NO)
		return;
	/* the smallest excluded subset inside it carries the lines */
	for (unsigned sub = mask; sub; sub = (sub - 1) & mask) {
		if (!r->x.minimal_no[sub])
			continue;
		const struct finding *f = finding_of(set, r, sub);
		if (f && (!out->why || __builtin_popcount(sub) <
				       __builtin_popcount(out->why_mask))) {
			out->why = f;
			out->why_mask = sub;
		}
	}
}
