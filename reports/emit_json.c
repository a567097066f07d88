/*
 * emit_json.c - findings as JSON, for rules without a view of their own:
 * {"arch", "profiles", "findings": [{"rule", "severity", "kind",
 * "message", "file", "line", "fingerprint", "symbols", "profiles",
 * "absent", "related", "edges", "fix"}]}.
 */
#include "view.h"

void json_strs(struct json *j, const char *const *v, size_t n)
{
	json_arr_begin(j);
	for (size_t i = 0; i < n; i++)
		json_str(j, v[i]);
	json_arr_end(j);
}

void json_absent_list(struct json *j, const struct finding *f)
{
	json_arr_begin(j);
	for (size_t i = 0; i < f->nabsent; i++) {
		json_obj_begin(j);
		json_key(j, "profile");
		json_str(j, f->absent[i].profile);
		json_key(j, "reason");
		json_str(j, f->absent[i].reason);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_related(struct json *j, const struct finding *f)
{
	json_arr_begin(j);
	for (size_t i = 0; i < f->nrelated; i++) {
		const struct finding_related *r = &f->related[i];
		json_obj_begin(j);
		json_key(j, "role");
		json_str(j, r->role);
		json_key(j, "file");
		json_str(j, r->file);
		json_key(j, "line");
		json_int(j, r->line);
		json_key(j, "symbol");
		json_str(j, r->symbol);
		json_key(j, "message");
		json_str(j, r->message);
		json_obj_end(j);
	}
	json_arr_end(j);
}

void json_finding_fix(struct json *j, const struct finding_fix *x)
{
	if (!x) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	json_key(j, "description");
	json_str(j, x->description);
	json_key(j, "edits");
	json_arr_begin(j);
	for (size_t i = 0; i < x->nedits; i++) {
		const struct finding_edit *e = &x->edits[i];
		json_obj_begin(j);
		json_key(j, "file");
		json_str(j, e->file);
		json_key(j, "first");
		json_int(j, e->first);
		json_key(j, "last");
		json_int(j, e->last);
		json_key(j, "old");
		json_str(j, e->old_text);
		json_key(j, "new");
		json_str(j, e->new_text);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

static void json_finding(struct json *j, const struct finding *f)
{
	char hex[17];
	json_obj_begin(j);
	json_key(j, "rule");
	json_str(j, f->rule);
	json_key(j, "severity");
	json_str(j, finding_severity_name(f->severity));
	json_key(j, "kind");
	json_str(j, finding_kind_name(f->kind));
	json_key(j, "message");
	json_str(j, f->message);
	json_key(j, "file");
	json_str(j, f->file);
	json_key(j, "line");
	json_int(j, f->line);
	json_key(j, "fingerprint");
	json_str(j, finding_fingerprint_hex(f->fingerprint, hex));
	json_key(j, "symbols");
	json_strs(j, f->symbols, f->nsymbols);
	json_key(j, "profiles");
	json_strs(j, f->holds, f->nholds);
	json_key(j, "absent");
	json_absent_list(j, f);
	json_key(j, "related");
	json_related(j, f);
	json_key(j, "edges");
	json_arr_begin(j);
	for (size_t i = 0; i < f->nedges; i++) {
		json_obj_begin(j);
		json_key(j, "from");
		json_str(j, f->edges[i].from);
		json_key(j, "to");
		json_str(j, f->edges[i].to);
		json_key(j, "kind");
		json_str(j, f->edges[i].kind);
		json_key(j, "file");
		json_str(j, f->edges[i].file);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "fix");
	json_finding_fix(j, f->fix);
	json_obj_end(j);
}

void json_findings(struct json *j, const struct report_scope *s,
		   const struct finding_set *set)
{
	json_obj_begin(j);
	json_key(j, "arch");
	json_str(j, s->arch);
	json_key(j, "profiles");
	json_strs(j, s->profiles, s->nprofiles);
	json_key(j, "findings");
	json_arr_begin(j);
	for (size_t i = 0; i < set->n; i++)
		json_finding(j, &set->v[i]);
	json_arr_end(j);
	json_obj_end(j);
}
