/*
 * cmd_fix.c - `kdep fix`: for every recursive dependency of each
 * architecture, the Kconfig edits that break it, each proven by parsing
 * the edited tree again under every profile (rules/fix.h), printed as a
 * unified diff with its proof.
 */
#include "cmd.h"
#include "alloc.h"
#include "edit.h"
#include "error.h"
#include "fix.h"
#include "json.h"
#include "phase.h"

#include <stdlib.h>
#include <string.h>

/* The symbols of a component, as one line (at most 8 named). */
static void print_comp(FILE *f, const struct cycle_component *k)
{
	for (uint32_t i = 0; i < k->n && i < 8; i++)
		fprintf(f, "%s%s", i ? " " : "", k->syms[i].name);
	if (k->n > 8)
		fprintf(f, " ... (%u symbols)", k->n);
}

static void print_proof(FILE *f, const struct fix *x, char *const *profiles,
			size_t np)
{
	fprintf(f, "\tproof: the edited tree parsed again under");
	for (size_t p = 0; p < np; p++)
		fprintf(f, "%s %s", p ? "," : "", profiles[p]);
	fprintf(f, ": the component has no cycle, and no new cycle "
		   "appears\n");
	for (size_t p = 0; p < np; p++) {
		if (x->unchanged & (1ull << p))
			fprintf(f, "\t%s: no configuration changes (SAT: proven "
				   "over the symbols the edit touches)\n",
				profiles[p]);
		else
			fprintf(f, "\t%s: %s\n", profiles[p],
				x->change && x->change[p] ? x->change[p] :
				"configurations may change");
	}
}

static void json_edit(struct json *j, const struct finding_edit *e)
{
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

static void json_fixes(struct json *j, const struct fix_component *fc,
		       char *const *diffs, char *const *profiles, size_t np)
{
	json_obj_begin(j);
	json_key(j, "component");
	json_arr_begin(j);
	for (uint32_t i = 0; i < fc->comp->n; i++)
		json_str(j, fc->comp->syms[i].name);
	json_arr_end(j);
	json_key(j, "tried");
	json_int(j, (int64_t)fc->tried);
	json_key(j, "fixes");
	json_arr_begin(j);
	for (size_t i = 0; i < fc->nproven; i++) {
		const struct fix *x = &fc->v[i];
		json_obj_begin(j);
		json_key(j, "kind");
		json_str(j, fix_kind_name(x->kind));
		json_key(j, "description");
		json_str(j, x->description);
		json_key(j, "edits");
		json_arr_begin(j);
		json_edit(j, &x->edit);
		json_arr_end(j);
		json_key(j, "diff");
		json_str(j, diffs[i]);
		json_key(j, "proof");
		json_obj_begin(j);
		json_key(j, "acyclic");
		json_bool(j, 1);
		json_key(j, "profiles");
		json_arr_begin(j);
		for (size_t p = 0; p < np; p++)
			json_str(j, profiles[p]);
		json_arr_end(j);
		json_key(j, "unchanged");
		json_arr_begin(j);
		for (size_t p = 0; p < np; p++)
			if (x->unchanged & (1ull << p))
				json_str(j, profiles[p]);
		json_arr_end(j);
		json_key(j, "changes");
		json_obj_begin(j);
		for (size_t p = 0; p < np; p++)
			if (!(x->unchanged & (1ull << p))) {
				json_key(j, profiles[p]);
				json_str(j, x->change ? x->change[p] : NULL);
			}
		json_obj_end(j);
		json_obj_end(j);
		json_key(j, "shared");
		json_bool(j, x->shared);
		json_key(j, "arch_confined");
		json_bool(j, x->arch_confined);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "rejected");
	json_arr_begin(j);
	for (size_t i = fc->nproven; i < fc->n; i++) {
		if (!fc->v[i].why_rejected)
			continue;
		json_obj_begin(j);
		json_key(j, "description");
		json_str(j, fc->v[i].description);
		json_key(j, "why");
		json_str(j, fc->v[i].why_rejected);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

/* The fixes of one architecture's cycles, printed. */
static int fix_arch(struct scan_ctx *ctx, const char *arch, int as_json,
		    struct json *j, int *found)
{
	struct arch_scans sc;
	struct cycle_report rep = { 0 };
	struct model **models = NULL;
	int ret = EXIT_TREE;
	if (scan_arch_all(ctx, arch, &sc))
		goto done;
	phase_mark("scans");
	models = kdep_calloc(sc.n + 1, sizeof(*models));
	if (!models)
		goto done;
	for (size_t p = 0; p < sc.n; p++)
		models[p] = sc.res[p].model;
	if (sc.n > 64) {
		kdep_error_set("more than 64 profiles");
		goto done;
	}
	if (cycles_find(models, (unsigned)sc.n, &rep))
		goto done;
	phase_mark("cycle-search");
	struct scan_fixer fixer = { ctx->src, &sc.a, sc.profiles, sc.n };
	struct fix_engine eng = { scan_fixer_read, scan_fixer_reparse,
				  &fixer };
	struct fix_ctx fx = {
		.models = models,
		.profiles = (const char *const *)sc.profiles,
		.nprofiles = (unsigned)sc.n,
		.arch = sc.a.arch,
		.report = &rep,
		.engine = &eng,
	};
	if (as_json) {
		json_obj_begin(j);
		json_key(j, "arch");
		json_str(j, sc.a.arch);
		json_key(j, "profiles");
		json_arr_begin(j);
		for (size_t p = 0; p < sc.n; p++)
			json_str(j, sc.profiles[p]);
		json_arr_end(j);
		json_key(j, "components");
		json_arr_begin(j);
	}
	size_t nfixes = 0;
	for (uint32_t i = 0; i < rep.components; i++) {
		struct fix_component fc;
		*found = 1;
		if (fix_component(&fx, &rep.comps[i], &fc))
			goto done;
		char **diffs = kdep_calloc(fc.nproven + 1, sizeof(*diffs));
		int bad = !diffs;
		for (size_t k = 0; !bad && k < fc.nproven; k++)
			bad = scan_edits_diff(ctx->src, &fc.v[k].edit, 1,
					      &diffs[k]);
		if (!bad && as_json) {
			json_fixes(j, &fc, diffs, sc.profiles, sc.n);
		} else if (!bad) {
			const struct fix *top = fc.nproven ? &fc.v[0] : NULL;
			printf("%s:%u: note: %s for the recursive dependency "
			       "of ", top ? top->edit.file : sc.a.arch,
			       top ? top->edit.first : 0,
			       fc.nproven ? "proven fixes" : "no proven fix");
			print_comp(stdout, fc.comp);
			printf(" [recursive-dependency]\n");
			for (size_t k = 0; k < fc.nproven; k++) {
				printf("fix %zu of %zu: %s\n", k + 1,
				       fc.nproven, fc.v[k].description);
				print_proof(stdout, &fc.v[k], sc.profiles,
					    sc.n);
				fputs(diffs[k], stdout);
			}
			for (size_t k = fc.nproven; k < fc.n; k++)
				if (fc.v[k].why_rejected)
					printf("rejected: %s: %s\n",
					       fc.v[k].description,
					       fc.v[k].why_rejected);
		}
		nfixes += fc.nproven;
		if (!bad && !as_json)
			printf("%s: %zu candidates tried, %zu proven, of %zu\n",
			       sc.a.arch, fc.tried, fc.nproven, fc.n);
		for (size_t k = 0; diffs && k < fc.nproven; k++)
			free(diffs[k]);
		free(diffs);
		fix_component_free(&fc);
		if (bad)
			goto done;
	}
	phase_mark("fix");
	if (as_json) {
		json_arr_end(j);
		json_obj_end(j);
	} else if (!rep.components) {
		printf("%s: no recursive dependency, nothing to fix\n",
		       sc.a.arch);
	}
	(void)nfixes;
	ret = EXIT_OK;
done:
	if (ret)
		ret = cmd_fail();
	cycle_report_free(&rep);
	free(models);
	arch_scans_free(&sc);
	return ret;
}

int cmd_fix(struct cmd_ctx *c)
{
	struct scan_ctx *ctx = &c->scans;
	struct json j;
	int ret = EXIT_OK, found = 0;
	if (c->o.json) {
		json_init(&j, stdout);
		if (ctx->narches > 1)
			json_arr_begin(&j);
	}
	for (size_t ai = 0; ai < ctx->narches && !ret; ai++)
		ret = fix_arch(ctx, ctx->arches[ai], c->o.json, &j, &found);
	if (c->o.json && !ret) {
		if (ctx->narches > 1)
			json_arr_end(&j);
		json_end(&j);
	}
	return ret ? ret : found ? EXIT_FINDINGS : EXIT_OK;
}
