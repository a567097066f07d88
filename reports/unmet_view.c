/*
 * unmet_view.c - unmet dependencies as `kdep unmet` prints them: each
 * alarm GCC-style at its select line, with the target's dependency lines
 * the witness leaves unmet and the user choices that trigger it; each
 * profile's counts last. JSON: one entry per alarm (DESIGN.md's contract)
 * and the counts.
 */
#include "unmet.h"
#include "view.h"

#include <stdio.h>
#include <string.h>

static const struct unmet_item *item_of(const struct finding *f)
{
	return f->payload;
}

static const struct finding_related *role_at(const struct finding *f,
					     const char *role, size_t k)
{
	for (size_t i = 0; i < f->nrelated; i++)
		if (!strcmp(f->related[i].role, role) && !k--)
			return &f->related[i];
	return NULL;
}

void unmet_view_text(FILE *f, const struct report_scope *s,
		     const struct finding_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct finding *x = &set->v[i];
		const struct unmet_item *it = item_of(x);
		if (!it || it->summary)
			continue;
		text_head(f, x->file, x->line,
			  finding_severity_name(x->severity), x->message,
			  x->rule, x->holds, x->nholds);
		const struct finding_related *sel = role_at(x, "select", 0);
		if (sel)
			text_quote(f, sel->line, sel->message);
		const struct finding_related *d;
		char what[256];
		snprintf(what, sizeof(what), "unmet dependency of %s:",
			 it->target);
		for (size_t k = 0; (d = role_at(x, "depends", k)); k++)
			text_place_quoted(f, "", what, d->file, d->line,
					  d->message);
		if (!it->nchoices)
			continue;
		fprintf(f, "\t%s %zu user choice%s (%s):",
			it->choices_suffice ? "triggered by" :
					      "witness differs from the "
					      "defaults in",
			it->nchoices, it->nchoices == 1 ? "" : "s",
			x->nholds ? x->holds[0] : "");
		for (size_t k = 0; k < it->nchoices; k++)
			fprintf(f, "%s %s", k ? "," : "", it->choices[k]);
		fputc('\n', f);
	}
	for (size_t i = 0; i < set->n; i++) {
		const struct unmet_item *it = item_of(&set->v[i]);
		if (it && it->summary)
			fprintf(f, "%s (%s): %u selects examined: %u alarms, "
				"%u proofs, %u unknown\n", s->arch,
				it->profile, it->st.selects, it->st.alarms,
				it->st.proofs, it->st.unknowns);
	}
}

static void json_place(struct json *j, const struct finding_related *r)
{
	json_obj_begin(j);
	json_key(j, "file");
	json_str(j, r->file);
	json_key(j, "line");
	json_int(j, r->line);
	json_key(j, "text");
	json_str(j, r->message);
	json_obj_end(j);
}

void unmet_view_json(struct json *j, const struct report_scope *s,
		     const struct finding_set *set)
{
	json_obj_begin(j);
	json_key(j, "arch");
	json_str(j, s->arch);
	json_key(j, "profiles");
	json_strs(j, s->profiles, s->nprofiles);
	json_key(j, "alarms");
	json_arr_begin(j);
	for (size_t i = 0; i < set->n; i++) {
		const struct finding *x = &set->v[i];
		const struct unmet_item *it = item_of(x);
		if (!it || it->summary)
			continue;
		json_obj_begin(j);
		json_key(j, "selector");
		json_str(j, it->selector);
		json_key(j, "target");
		json_str(j, it->target);
		json_key(j, "verdict");
		json_str(j, x->kind == FINDING_FAIL ? "alarm" : "unknown");
		json_key(j, "select");
		const struct finding_related *sel = role_at(x, "select", 0);
		if (sel)
			json_place(j, sel);
		else
			json_null(j);
		json_key(j, "depends");
		json_arr_begin(j);
		const struct finding_related *d;
		for (size_t k = 0; (d = role_at(x, "depends", k)); k++)
			json_place(j, d);
		json_arr_end(j);
		json_key(j, "profiles");
		json_strs(j, x->holds, x->nholds);
		json_key(j, "witness");
		json_str(j, it->nwitnesses ? it->witnesses[0] : NULL);
		json_key(j, "witnesses");
		json_obj_begin(j);
		for (size_t k = 0; k < it->nwitnesses && k < x->nholds; k++) {
			json_key(j, x->holds[k]);
			json_str(j, it->witnesses[k]);
		}
		json_obj_end(j);
		json_key(j, "choices");
		json_strs(j, it->choices, it->nchoices);
		json_key(j, "choices_suffice");
		json_bool(j, it->choices_suffice);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "counts");
	json_arr_begin(j);
	for (size_t i = 0; i < set->n; i++) {
		const struct unmet_item *it = item_of(&set->v[i]);
		if (!it || !it->summary)
			continue;
		json_obj_begin(j);
		json_key(j, "profile");
		json_str(j, it->profile);
		json_key(j, "selects");
		json_int(j, it->st.selects);
		json_key(j, "alarms");
		json_int(j, it->st.alarms);
		json_key(j, "proofs");
		json_int(j, it->st.proofs);
		json_key(j, "unknowns");
		json_int(j, it->st.unknowns);
		json_key(j, "checks");
		json_int(j, it->st.checks);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}
