/*
 * cmd_scan.c - `kdep scan`: every (arch, profile) of the command line
 * scanned into the database, with what each holds.
 */
#include "cmd.h"
#include "json.h"

#include <stdio.h>

static void print_text(const struct scan_result *r)
{
	const struct model_counts *c = &r->counts;
	uint32_t total = 0;
	for (int k = 0; k < EDGE_KIND_COUNT; k++)
		total += c->edges[k];
	printf("%s (%s): %u files, %u symbols, %u undefined, %u choices, "
	       "%u edges, %u unknown probes, %u warnings%s, %.3f s\n",
	       r->arch, r->profile, c->files, c->defined, c->undefined,
	       c->choices, total, r->unknown_probes, r->nwarnings,
	       r->cached ? ", cached" : "", r->seconds);
	printf("  edges:");
	for (int k = 0; k < EDGE_KIND_COUNT; k++)
		printf(" %s %u%s", model_edge_kind_name(k), c->edges[k],
		       k + 1 < EDGE_KIND_COUNT ? "," : "\n");
}

static void print_json(struct json *j, const struct scan_result *r,
		       const char *tree)
{
	const struct model_counts *c = &r->counts;
	json_obj_begin(j);
	json_key(j, "arch");
	json_str(j, r->arch);
	json_key(j, "profile");
	json_str(j, r->profile);
	json_key(j, "tree");
	json_str(j, tree);
	json_key(j, "files");
	json_int(j, c->files);
	json_key(j, "symbols");
	json_int(j, c->defined);
	json_key(j, "undefined");
	json_int(j, c->undefined);
	json_key(j, "choices");
	json_int(j, c->choices);
	json_key(j, "edges");
	json_obj_begin(j);
	for (int k = 0; k < EDGE_KIND_COUNT; k++) {
		json_key(j, model_edge_kind_name(k));
		json_int(j, c->edges[k]);
	}
	json_obj_end(j);
	json_key(j, "unknown_probes");
	json_int(j, r->unknown_probes);
	json_key(j, "warnings");
	json_arr_begin(j);
	for (unsigned i = 0; i < r->nwarnings; i++)
		json_str(j, r->warnings[i]);
	json_arr_end(j);
	json_key(j, "cached");
	json_bool(j, r->cached);
	json_key(j, "seconds");
	json_double(j, r->seconds);
	json_key(j, "scan_id");
	json_int(j, r->scan_id);
	json_obj_end(j);
}

int cmd_scan(struct cmd_ctx *c)
{
	struct scan_ctx *ctx = &c->scans;
	struct json j;
	int ret = EXIT_OK;

	if (c->o.json) {
		json_init(&j, stdout);
		json_obj_begin(&j);
		json_key(&j, "scans");
		json_arr_begin(&j);
	}
	for (size_t ai = 0; ai < ctx->narches && !ret; ai++) {
		struct profile_arch a;
		char **profiles;
		size_t np;
		if (scan_arch_profiles(ctx, ctx->arches[ai], &a, &profiles,
				       &np)) {
			ret = cmd_fail();
			break;
		}
		for (size_t pi = 0; pi < np && !ret; pi++) {
			struct scan_result r;
			if (scan_run(ctx, ctx->arches[ai], profiles[pi], 0,
				     &r)) {
				ret = cmd_fail();
				scan_result_free(&r);
				break;
			}
			if (c->o.json)
				print_json(&j, &r, source_identity(ctx->src));
			else
				print_text(&r);
			scan_result_free(&r);
		}
		strv_free(profiles);
	}
	if (c->o.json) {
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	}
	return ret;
}
