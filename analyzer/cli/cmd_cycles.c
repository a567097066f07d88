/*
 * cmd_cycles.c - `kdep cycles`: every recursive dependency of each
 * architecture, under every profile asked, with the line of every link.
 */
#include "cmd.h"
#include "cycle.h"
#include "error.h"
#include "json.h"
#include "phase.h"

#include <stdlib.h>
#include <string.h>

static void print_link_text(const struct cycle_link *l)
{
	printf("\t%s %s %s  (%s:%u)\n", l->from, cycle_phrase(l->kind), l->to,
	       l->file, l->line);
}

static void print_profiles_text(uint64_t mask, char **profiles, size_t n)
{
	const char *sep = "";
	for (size_t p = 0; p < n; p++) {
		if (mask & (1ull << p)) {
			printf("%s%s", sep, profiles[p]);
			sep = ", ";
		}
	}
}

static void print_text(struct source *src, const char *arch,
		       const struct cycle_report *r, char **profiles, size_t n)
{
	char buf[1024];
	for (uint32_t i = 0; i < r->n; i++) {
		const struct cycle *c = &r->v[i];
		printf("%s:%u: error: recursive dependency "
		       "[recursive-dependency] (", c->links[0].file,
		       c->links[0].line);
		print_profiles_text(c->profiles, profiles, n);
		printf(")\n");
		for (uint32_t j = 0; j < c->nlinks; j++)
			print_link_text(&c->links[j]);
		printf("\tin a component of %u symbols:", c->ncomponent);
		for (uint32_t j = 0; j < c->ncomponent && j < 12; j++)
			printf(" %s", c->component[j]);
		printf("%s\n", c->ncomponent > 12 ? " ..." : "");
		for (uint32_t j = 0; j < c->nbreaks; j++) {
			const struct cycle_break *b = &c->breaks[j];
			printf("\tnot under %s: %s %s %s  (%s:%u) is not in its "
			       "graph", profiles[b->profile], b->link.from,
			       cycle_phrase(b->link.kind), b->link.to,
			       b->link.file, b->link.line);
			if (b->dep_file)
				printf(": folded away by %s:%u: %s",
				       b->dep_file, b->dep_line,
				       cmd_line_text(src, b->dep_file, b->dep_line,
						 buf, sizeof(buf)));
			printf("\n");
		}
	}
	printf("%s: %u recursive dependenc%s in %u component%s (", arch, r->n,
	       r->n == 1 ? "y" : "ies", r->components,
	       r->components == 1 ? "" : "s");
	print_profiles_text(n >= 64 ? ~0ull : (1ull << n) - 1, profiles, n);
	printf(")\n");
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

static void json_profiles(struct json *j, uint64_t mask, char **profiles,
			  size_t n)
{
	json_arr_begin(j);
	for (size_t p = 0; p < n; p++)
		if (mask & (1ull << p))
			json_str(j, profiles[p]);
	json_arr_end(j);
}

static void print_json(struct json *j, struct source *src, const char *arch,
		       const struct cycle_report *r, char **profiles, size_t n)
{
	char buf[1024];
	json_obj_begin(j);
	json_key(j, "arch");
	json_str(j, arch);
	json_key(j, "profiles");
	json_profiles(j, n >= 64 ? ~0ull : (1ull << n) - 1, profiles, n);
	json_key(j, "components");
	json_int(j, r->components);
	json_key(j, "cycles");
	json_arr_begin(j);
	for (uint32_t i = 0; i < r->n; i++) {
		const struct cycle *c = &r->v[i];
		json_obj_begin(j);
		json_key(j, "component");
		json_arr_begin(j);
		for (uint32_t k = 0; k < c->ncomponent; k++)
			json_str(j, c->component[k]);
		json_arr_end(j);
		json_key(j, "symbols");
		json_arr_begin(j);
		for (uint32_t k = 0; k < c->nlinks; k++)
			json_str(j, c->links[k].from);
		json_arr_end(j);
		json_key(j, "profiles");
		json_profiles(j, c->profiles, profiles, n);
		json_key(j, "edges");
		json_arr_begin(j);
		for (uint32_t k = 0; k < c->nlinks; k++)
			json_link(j, &c->links[k]);
		json_arr_end(j);
		json_key(j, "absent");
		json_arr_begin(j);
		for (uint32_t k = 0; k < c->nbreaks; k++) {
			const struct cycle_break *b = &c->breaks[k];
			json_obj_begin(j);
			json_key(j, "profile");
			json_str(j, profiles[b->profile]);
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
				json_str(j, cmd_line_text(src, b->dep_file,
						      b->dep_line, buf,
						      sizeof(buf)));
				json_obj_end(j);
			} else {
				json_str(j, NULL);
			}
			json_obj_end(j);
		}
		json_arr_end(j);
		json_key(j, "suggestions");
		json_arr_begin(j);
		json_arr_end(j);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

int cmd_cycles(struct cmd_ctx *c)
{
	struct scan_ctx *ctx = &c->scans;
	struct json j;
	int ret = EXIT_OK, found = 0;

	json_init(&j, stdout);
	if (c->o.json && ctx->narches > 1)
		json_arr_begin(&j);
	for (size_t ai = 0; ai < ctx->narches && !ret; ai++) {
		struct arch_scans sc;
		struct model **models = NULL;
		if (scan_arch_all(ctx, ctx->arches[ai], &sc))
			ret = cmd_fail();
		size_t np = sc.n;
		if (!ret && (np > 64 ||
			     !(models = calloc(np + 1, sizeof(*models))))) {
			cmd_error(np > 64 ? "more than 64 profiles" :
					    "out of memory");
			ret = EXIT_TREE;
		}
		for (size_t p = 0; !ret && p < np; p++)
			models[p] = sc.res[p].model;
		phase_mark("scans");
		struct cycle_report r = { 0 };
		if (!ret && cycles_find(models, (unsigned)np, &r))
			ret = cmd_fail();
		phase_mark("cycle-search");
		if (!ret) {
			if (c->o.json)
				print_json(&j, ctx->src, sc.a.arch, &r,
					   sc.profiles, np);
			else
				print_text(ctx->src, sc.a.arch, &r, sc.profiles,
					   np);
			found |= r.n > 0;
		}
		cycle_report_free(&r);
		free(models);
		arch_scans_free(&sc);
	}
	if (c->o.json && ctx->narches > 1 && !ret)
		json_arr_end(&j);
	if (c->o.json && !ret)
		json_end(&j);
	return ret ? ret : found ? EXIT_FINDINGS : EXIT_OK;
}
