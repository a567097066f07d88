/*
 * cycle_view.c - recursive dependencies as `kdep cycles` prints them: one
 * entry per concrete cycle of the payload (struct cycle_report) with its
 * links, its component and the profiles where it is absent, the lines
 * that fold it away there taken from the findings; then a count.
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

/* The text of the line at file:line that folds a link away. */
static const char *folded_text(const struct finding_set *set,
			       const char *file, uint32_t line)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct finding_related *r =
			finding_related_at(&set->v[i], "folded-by", file, line);
		if (r)
			return r->message;
	}
	return "";
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

static void link_text(FILE *f, const struct cycle_link *l)
{
	char buf[1024];
	snprintf(buf, sizeof(buf), "%s %s %s", l->from, cycle_phrase(l->kind),
		 l->to);
	text_place(f, buf, l->file, l->line);
}

void cycle_view_text(FILE *f, const struct report_scope *s,
		     const struct finding_set *set)
{
	const struct cycle_report *r = report_of(set);
	const char *names[64];
	for (uint32_t i = 0; i < r->n; i++) {
		const struct cycle *c = &r->v[i];
		const struct finding *x = &set->v[0];
		text_head(f, c->links[0].file, c->links[0].line,
			  finding_severity_name(x->severity), x->message,
			  x->rule, names, profile_names(s, c->profiles, names));
		for (uint32_t j = 0; j < c->nlinks; j++)
			link_text(f, &c->links[j]);
		fprintf(f, "\tin a component of %u symbols:", c->ncomponent);
		for (uint32_t j = 0; j < c->ncomponent && j < 12; j++)
			fprintf(f, " %s", c->component[j]);
		fprintf(f, "%s\n", c->ncomponent > 12 ? " ..." : "");
		for (uint32_t j = 0; j < c->nbreaks; j++) {
			const struct cycle_break *b = &c->breaks[j];
			fprintf(f, "\tnot under %s: %s %s %s  (%s:%u) is not in "
				"its graph", s->profiles[b->profile],
				b->link.from, cycle_phrase(b->link.kind),
				b->link.to, b->link.file, b->link.line);
			if (b->dep_file)
				fprintf(f, ": folded away by %s:%u: %s",
					b->dep_file, b->dep_line,
					folded_text(set, b->dep_file,
						    b->dep_line));
			fputc('\n', f);
		}
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
		json_key(j, "suggestions");
		json_arr_begin(j);
		json_arr_end(j);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}
