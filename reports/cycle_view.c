/*
 * cycle_view.c - recursive dependencies as `kdep cycles` prints them.
 *
 * Text: the cycles of one component that close at the same line (their
 * first link) are told together, as a compiler adds notes to one error:
 * that line as the error's place, quoted under it, the component, the
 * links every one of the cycles has, then each cycle's own part (with its
 * profiles when they are not all of the head's):
 *
 *	FILE:12: error: recursive dependency [recursive-dependency] (P, Q)
 *	   12 | select A if B
 *		in a component of 4 symbols: A B C D
 *		2 cycles close at this line; the links they all have:
 *		A is selected by B  (FILE:12)
 *		  ... B to D: the part each cycle has on its own, below
 *		D depends on A  (FILE:LINE: depends on A)
 *		cycle 1 of 2, B to D:
 *		  B depends on D  (FILE:LINE: depends on D)
 *		cycle 2 of 2, B to D (Q):
 *		  ...
 *
 * Each link with its line as written (the findings carry it); where a
 * cycle is absent, the line that folds it away there, said once when all
 * the cycles share it; then a count. JSON: one entry per concrete cycle
 * of the payload (struct cycle_report).
 */
#include "cycle.h"
#include "view.h"

#include <string.h>

/* The report the findings of a batch share (an empty one for none). */
static const struct cycle_report *report_of(const struct finding_set *set)
{
	static const struct cycle_report none;
	return set->n && set->v[0].payload ? set->v[0].payload : &none;
}

/* The fix attached to the finding of cycle c's component, or NULL. */
static const struct finding_fix *fix_of(const struct finding_set *set,
					const struct cycle *c)
{
	for (size_t i = 0; c->nlinks && i < set->n; i++)
		for (size_t k = 0; k < set->v[i].nsymbols; k++)
			if (!strcmp(set->v[i].symbols[k], c->links[0].from))
				return set->v[i].fix;
	return NULL;
}


/* The text of a related place of the findings with this role at
 * file:line ("" when there is none). */
static const char *related_text(const struct finding_set *set,
				const char *role, const char *file,
				uint32_t line)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct finding_related *r =
			finding_related_at(&set->v[i], role, file, line);
		if (r)
			return r->message;
	}
	return "";
}

/* The text of the line at file:line that folds a link away. */
static const char *folded_text(const struct finding_set *set,
			       const char *file, uint32_t line)
{
	return related_text(set, "folded-by", file, line);
}

/* The names of the profiles in mask. */
static size_t profile_names(const struct report_scope *s, uint64_t mask,
			    const char *out[64])
{
	size_t n = 0;
	for (size_t p = 0; p < s->nprofiles && p < 64; p++)
		if (mask & (1ull << p))
			out[n++] = s->profiles[p];
	return n;
}

static uint64_t all_profiles(const struct report_scope *s)
{
	return s->nprofiles >= 64 ? ~0ull : (1ull << s->nprofiles) - 1;
}

/* ---- text ---------------------------------------------------------------- */

static int opt_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int link_eq(const struct cycle_link *a, const struct cycle_link *b)
{
	return a->kind == b->kind && a->line == b->line &&
	       !strcmp(a->file, b->file) && !strcmp(a->from, b->from) &&
	       !strcmp(a->to, b->to) && opt_eq(a->from_file, b->from_file) &&
	       opt_eq(a->to_file, b->to_file);
}

static int break_eq(const struct cycle_break *a, const struct cycle_break *b)
{
	return a->profile == b->profile && link_eq(&a->link, &b->link) &&
	       opt_eq(a->dep_file, b->dep_file) && a->dep_line == b->dep_line;
}

static int has_name(const struct cycle *c, const char *name)
{
	for (uint32_t i = 0; i < c->ncomponent; i++)
		if (!strcmp(c->component[i], name))
			return 1;
	return 0;
}

/* Whether a and b name the same symbols (each cycle lists its component
 * in the order of the graph it was found in). */
static int same_component(const struct cycle *a, const struct cycle *b)
{
	uint32_t i = 0;
	if (a->ncomponent != b->ncomponent)
		return 0;
	while (i < a->ncomponent && !strcmp(a->component[i], b->component[i]))
		i++;
	for (; i < a->ncomponent; i++)
		if (!has_name(b, a->component[i]))
			return 0;
	return 1;
}

/* Whether link b is written on a's line. */
static int same_line(const struct cycle_link *a, const struct cycle_link *b)
{
	return a->line == b->line && !strcmp(a->file, b->file);
}

/* Whether a and b are told together: they close at the same line (their
 * first link: from one symbol, as every edge of one line is) and are of
 * the same component. */
static int same_group(const struct cycle *a, const struct cycle *b)
{
	const struct cycle_link *x = &a->links[0], *y = &b->links[0];
	return same_line(x, y) && !strcmp(x->from, y->from) &&
	       opt_eq(x->from_file, y->from_file) && same_component(a, b);
}

/* A group of cycles told together: r->v[first] and every later cycle of
 * its group. */
struct group {
	const struct cycle_report *r; /* the cycles */
	uint32_t first;            /* the first cycle of it in r */
	uint32_t n;                /* how many */
	uint32_t prefix, suffix;   /* how many links all of them begin and
				      end with */
	uint64_t profiles;         /* where one of them exists */
};

/* The members of g in order: for (i = g->first; next(g, &i); i++). */
static int next(const struct group *g, uint32_t *i)
{
	for (; *i < g->r->n; (*i)++)
		if (same_group(&g->r->v[g->first], &g->r->v[*i]))
			return 1;
	return 0;
}

/* Whether cycle i starts a group (no cycle before it is of its group). */
static int leads(const struct cycle_report *r, uint32_t i)
{
	for (uint32_t k = 0; k < i; k++)
		if (same_group(&r->v[k], &r->v[i]))
			return 0;
	return 1;
}

static void group_of(const struct cycle_report *r, uint32_t first,
		     struct group *g)
{
	const struct cycle *a = &r->v[first];
	uint32_t least = a->nlinks;
	*g = (struct group){ r, first, 0, a->nlinks, a->nlinks, 0 };
	for (uint32_t i = first; next(g, &i); i++) {
		const struct cycle *b = &r->v[i];
		uint32_t p = 0, q = 0;
		while (p < a->nlinks && p < b->nlinks &&
		       link_eq(&a->links[p], &b->links[p]))
			p++;
		while (q < a->nlinks && q < b->nlinks &&
		       link_eq(&a->links[a->nlinks - 1 - q],
			       &b->links[b->nlinks - 1 - q]))
			q++;
		g->n++;
		g->profiles |= b->profiles;
		g->prefix = p < g->prefix ? p : g->prefix;
		g->suffix = q < g->suffix ? q : g->suffix;
		least = b->nlinks < least ? b->nlinks : least;
	}
	if (g->n == 1)
		g->suffix = 0;
	else if (g->prefix + g->suffix > least)
		g->suffix = least - g->prefix;
}

/* A link of a cycle of g with its place, and its line as written unless
 * that is the closing line, quoted under the head already. */
static void link_line(FILE *f, const struct finding_set *set,
		      const struct group *g, const char *indent,
		      const struct cycle_link *l)
{
	char buf[1024];
	snprintf(buf, sizeof(buf), "%s %s %s", l->from, cycle_phrase(l->kind),
		 l->to);
	text_place_quoted(f, indent, buf, l->file, l->line,
			  same_line(l, &g->r->v[g->first].links[0]) ? "" :
			  related_text(set, "line", l->file, l->line));
}

static void break_line(FILE *f, const struct report_scope *s,
		       const struct finding_set *set, const char *indent,
		       const struct cycle_break *b)
{
	char buf[1024];
	snprintf(buf, sizeof(buf), "not under %s: %s %s %s is %s",
		 s->profiles[b->profile], b->link.from,
		 cycle_phrase(b->link.kind), b->link.to,
		 b->dep_file ? "folded away" : "not in its graph");
	if (b->dep_file)
		text_place_quoted(f, indent, buf, b->dep_file, b->dep_line,
				  folded_text(set, b->dep_file, b->dep_line));
	else
		fprintf(f, "\t%s%s\n", indent, buf);
}

/* Whether every cycle of g has break b. */
static int shared_break(const struct group *g, const struct cycle_break *b)
{
	for (uint32_t i = g->first; next(g, &i); i++) {
		const struct cycle *c = &g->r->v[i];
		uint32_t k = 0;
		while (k < c->nbreaks && !break_eq(&c->breaks[k], b))
			k++;
		if (k == c->nbreaks)
			return 0;
	}
	return 1;
}

/* The breaks of c that are (shared 1) or are not (0) every cycle's. */
static void breaks_text(FILE *f, const struct report_scope *s,
			const struct finding_set *set, const struct group *g,
			const struct cycle *c, int shared, const char *indent)
{
	for (uint32_t k = 0; k < c->nbreaks; k++)
		if (shared_break(g, &c->breaks[k]) == shared)
			break_line(f, s, set, indent, &c->breaks[k]);
}

static void group_text(FILE *f, const struct report_scope *s,
		       const struct finding_set *set, const struct group *g)
{
	const struct cycle *a = &g->r->v[g->first];
	const struct finding *x = &set->v[0];
	const char *names[64];
	const struct cycle_link *at = &a->links[0];
	const char *quoted = related_text(set, "line", at->file, at->line);
	/* the findings of a set are one per component: this group's own
	 * message says whether it is conditional */
	text_head(f, at->file, at->line, finding_severity_name(x->severity),
		  a->nprobes ? CYCLE_CONDITIONAL : "recursive dependency",
		  x->rule, names,
		  profile_names(s, g->profiles, names));
	if (*quoted)
		text_quote(f, at->line, quoted);
	fprintf(f, "\tin a component of %u symbols:", a->ncomponent);
	for (uint32_t j = 0; j < a->ncomponent && j < 12; j++)
		fprintf(f, " %s", a->component[j]);
	fprintf(f, "%s\n", a->ncomponent > 12 ? " ..." : "");
	if (g->n > 1)
		fprintf(f, "\t%u cycles close at this line; the links they "
			"all have:\n", g->n);
	/* the part each has on its own runs from here to there */
	const char *from = g->prefix ? a->links[g->prefix - 1].to
				     : a->links[0].from;
	const char *to = g->suffix ? a->links[a->nlinks - g->suffix].from
				   : a->links[0].from;
	for (uint32_t j = 0; j < g->prefix; j++)
		link_line(f, set, g, "", &a->links[j]);
	if (g->n > 1)
		fprintf(f, "\t  ... %s to %s: the part each cycle has on its "
			"own, below\n", from, to);
	for (uint32_t j = a->nlinks - g->suffix; j < a->nlinks; j++)
		link_line(f, set, g, "", &a->links[j]);
	breaks_text(f, s, set, g, a, 1, "");
	for (uint32_t j = 0; j < a->nprobes; j++)
		fprintf(f, "\tconditional: a link rests on %s, the answer of "
			"unrecorded probe '%s'\n", a->probes[j],
			a->probe_keys[j]);
	text_finding_fix(f, "\t", fix_of(set, a));
	if (g->n == 1)
		return;
	uint32_t k = 0;
	for (uint32_t i = g->first; next(g, &i); i++) {
		const struct cycle *c = &g->r->v[i];
		fprintf(f, "\tcycle %u of %u, %s to %s", ++k, g->n, from, to);
		if (c->profiles != g->profiles) {
			fputs(" (", f);
			text_list(f, names, profile_names(s, c->profiles,
							  names), ", ");
			fputc(')', f);
		}
		fputs(":\n", f);
		for (uint32_t j = g->prefix; j < c->nlinks - g->suffix; j++)
			link_line(f, set, g, "  ", &c->links[j]);
		breaks_text(f, s, set, g, c, 0, "  ");
	}
}

void cycle_view_text(FILE *f, const struct report_scope *s,
		     const struct finding_set *set)
{
	const struct cycle_report *r = report_of(set);
	const char *names[64];
	for (uint32_t i = 0; i < r->n; i++) {
		struct group g;
		if (!leads(r, i))
			continue;
		group_of(r, i, &g);
		group_text(f, s, set, &g);
	}
	fprintf(f, "%s: %u recursive dependenc%s in %u component%s (", s->arch,
		r->n, r->n == 1 ? "y" : "ies", r->components,
		r->components == 1 ? "" : "s");
	text_list(f, names, profile_names(s, all_profiles(s), names), ", ");
	fputs(")\n", f);
}

static void json_link(struct json *j, const struct cycle_link *l)
{
	json_obj_begin(j);
	json_key(j, "from");
	json_str(j, l->from);
	json_key(j, "to");
	json_str(j, l->to);
	json_key(j, "kind");
	json_str(j, model_edge_kind_name(l->kind));
	json_key(j, "file");
	json_str(j, l->file);
	json_key(j, "line");
	json_int(j, l->line);
	json_obj_end(j);
}

static void json_profiles(struct json *j, const struct report_scope *s,
			  uint64_t mask)
{
	const char *names[64];
	json_strs(j, names, profile_names(s, mask, names));
}

static void json_absent(struct json *j, const struct report_scope *s,
			const struct finding_set *set, const struct cycle *c)
{
	json_arr_begin(j);
	for (uint32_t k = 0; k < c->nbreaks; k++) {
		const struct cycle_break *b = &c->breaks[k];
		json_obj_begin(j);
		json_key(j, "profile");
		json_str(j, s->profiles[b->profile]);
		json_key(j, "missing");
		json_link(j, &b->link);
		json_key(j, "folded_by");
		if (b->dep_file) {
			json_obj_begin(j);
			json_key(j, "file");
			json_str(j, b->dep_file);
			json_key(j, "line");
			json_int(j, b->dep_line);
			json_key(j, "text");
			json_str(j, folded_text(set, b->dep_file, b->dep_line));
			json_obj_end(j);
		} else {
			json_null(j);
		}
		json_obj_end(j);
	}
	json_arr_end(j);
}

void cycle_view_json(struct json *j, const struct report_scope *s,
		     const struct finding_set *set)
{
	const struct cycle_report *r = report_of(set);
	json_obj_begin(j);
	json_key(j, "arch");
	json_str(j, s->arch);
	json_key(j, "profiles");
	json_profiles(j, s, all_profiles(s));
	json_key(j, "components");
	json_int(j, r->components);
	json_key(j, "cycles");
	json_arr_begin(j);
	for (uint32_t i = 0; i < r->n; i++) {
		const struct cycle *c = &r->v[i];
		json_obj_begin(j);
		json_key(j, "component");
		json_strs(j, c->component, c->ncomponent);
		json_key(j, "symbols");
		json_arr_begin(j);
		for (uint32_t k = 0; k < c->nlinks; k++)
			json_str(j, c->links[k].from);
		json_arr_end(j);
		json_key(j, "profiles");
		json_profiles(j, s, c->profiles);
		json_key(j, "edges");
		json_arr_begin(j);
		for (uint32_t k = 0; k < c->nlinks; k++)
			json_link(j, &c->links[k]);
		json_arr_end(j);
		json_key(j, "absent");
		json_absent(j, s, set, c);
		json_key(j, "conditional_on");
		json_arr_begin(j);
		for (uint32_t k = 0; k < c->nprobes; k++) {
			json_obj_begin(j);
			json_key(j, "symbol");
			json_str(j, c->probes[k]);
			json_key(j, "probe");
			json_str(j, c->probe_keys[k]);
			json_obj_end(j);
		}
		json_arr_end(j);
		json_key(j, "suggestions");
		json_arr_begin(j);
		if (fix_of(set, c))
			json_finding_fix(j, fix_of(set, c));
		json_arr_end(j);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

/* Whether every link of c starts at a symbol of f. */
static int lies_in(const struct finding *f, const struct cycle *c)
{
	for (uint32_t k = 0; k < c->nlinks; k++) {
		size_t i = 0;
		while (i < f->nsymbols && strcmp(f->symbols[i], c->links[k].from))
			i++;
		if (i == f->nsymbols)
			return 0;
	}
	return 1;
}

const struct cycle *cycle_view_at(const struct finding *f, size_t i)
{
	const struct cycle_report *r = f->payload;
	if (!r || !f->rule || strcmp(f->rule, "recursive-dependency"))
		return NULL;
	for (uint32_t k = 0; k < r->n; k++)
		if (lies_in(f, &r->v[k]) && !i--)
			return &r->v[k];
	return NULL;
}
