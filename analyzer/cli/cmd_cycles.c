/*
 * cmd_cycles.c - `kdep cycles`: every recursive dependency of each
 * architecture, under every profile asked, with the line of every link.
 */
#include "cmd.h"
#include "alloc.h"
#include "emit.h"
#include "error.h"
#include "phase.h"
#include "progress.h"
#include "rule.h"

#include <stdlib.h>
#include <string.h>

/*
 * The recursive dependencies of one architecture (models[i] its graph
 * under profiles[i]), into set (which the caller inits and frees).
 * Returns 0, or -1 with the error set (not printed: a progress line may
 * have to be erased first).
 */
static int find_cycles(struct source *src, const char *arch,
		       char *const *profiles, struct model *const *models,
		       size_t n, struct finding_set *set)
{
	struct finding_sink sink;
	finding_set_sink(set, &sink);
	if (n > 64) {
		kdep_error_set("more than 64 profiles");
		return -1;
	}
	struct rule_ctx rc = {
		.models = models,
		.profiles = (const char *const *)profiles,
		.nprofiles = (unsigned)n,
		.arch = arch,
		.line_text = cmd_rule_line_text,
		.engine = src,
	};
	return rule_run("recursive-dependency", &rc, &sink);
}

/* The graphs of sc, one per profile; NULL with the error set. */
static struct model **scan_models(const struct arch_scans *sc)
{
	struct model **models = kdep_calloc(sc->n + 1, sizeof(*models));
	for (size_t p = 0; models && p < sc->n; p++)
		models[p] = sc->res[p].model;
	return models;
}

int cmd_refuse_cycles(struct source *src, const char *arch,
		      char *const *profiles, struct model *const *models,
		      size_t n)
{
	struct finding_set set;
	struct report rep;
	finding_set_init(&set);
	int ret = find_cycles(src, arch, profiles, models, n, &set)
		? cmd_fail() : EXIT_OK;
	if (!ret && finding_set_failed(&set)) {
		/* as the kernel's conf does: no value of a cyclic tree */
		report_begin(&rep, stderr, REPORT_TEXT, 0);
		struct report_scope scope = {
			"recursive-dependency", arch,
			(const char *const *)profiles, n };
		report_emit(&rep, &scope, &set);
		report_end(&rep);
		kdep_error_set("the %s tree has a recursive dependency: the "
			       "Kconfig engine computes no value of it (as the "
			       "kernel's conf refuses it)", arch);
		ret = cmd_fail();
	}
	finding_set_free(&set);
	return ret ? ret : -1;
}

int cmd_cycles_refuse(struct scan_ctx *ctx, struct arch_scans *sc)
{
	struct model **models = scan_models(sc);
	int ret = models ? cmd_refuse_cycles(ctx->src, sc->a.arch,
					     sc->profiles, models, sc->n)
			 : cmd_fail();
	free(models);
	return ret;
}

/* cmd_arch_fn of the cycle search. */
static int arch_cycles(struct scan_ctx *ctx, struct arch_scans *sc,
		       struct finding_set *set)
{
	struct model **models = scan_models(sc);
	int r = !models || find_cycles(ctx->src, sc->a.arch, sc->profiles,
				       models, sc->n, set) ? -1 : 0;
	free(models);
	return r;
}

int cmd_cycles(struct cmd_ctx *c)
{
	return cmd_each_arch(c, "recursive-dependency", "cycles",
			     "cycle-search", 0, arch_cycles);
}
