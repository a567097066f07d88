/*
 * cmd_cycles.c - `kdep cycles`: every recursive dependency of each
 * architecture, under every profile asked, with the line of every link.
 */
#include "cmd.h"
#include "alloc.h"
#include "emit.h"
#include "error.h"
#include "phase.h"
#include "rule.h"

#include <stdlib.h>
#include <string.h>

/*
 * The recursive dependencies of one architecture's scans, into set (which
 * the caller frees). Returns EXIT_OK, or the exit code (error printed).
 */
static int find_cycles(struct scan_ctx *ctx, struct arch_scans *sc,
		       struct finding_set *set)
{
	struct model **models = NULL;
	struct finding_sink sink;
	int ret = EXIT_OK;
	finding_set_init(set);
	finding_set_sink(set, &sink);
	if (sc->n > 64) {
		kdep_error_set("more than 64 profiles");
		return cmd_fail();
	}
	if (!(models = kdep_calloc(sc->n + 1, sizeof(*models))))
		return cmd_fail();
	for (size_t p = 0; p < sc->n; p++)
		models[p] = sc->res[p].model;
	struct rule_ctx rc = {
		.models = models,
		.profiles = (const char *const *)sc->profiles,
		.nprofiles = (unsigned)sc->n,
		.arch = sc->a.arch,
		.line_text = cmd_rule_line_text,
		.engine = ctx->src,
	};
	if (rule_run("recursive-dependency", &rc, &sink))
		ret = cmd_fail();
	free(models);
	return ret;
}

int cmd_cycles_refuse(struct scan_ctx *ctx, struct arch_scans *sc)
{
	struct finding_set set;
	struct report rep;
	int ret = find_cycles(ctx, sc, &set);
	if (!ret && finding_set_failed(&set)) {
		/* as the kernel's conf does: no value of a cyclic tree */
		report_begin(&rep, stderr, REPORT_TEXT, 0);
		struct report_scope scope = {
			"recursive-dependency", sc->a.arch,
			(const char *const *)sc->profiles, sc->n };
		report_emit(&rep, &scope, &set);
		report_end(&rep);
		kdep_error_set("the %s tree has a recursive dependency: the "
			       "Kconfig engine computes no value of it (as the "
			       "kernel's conf refuses it)", sc->a.arch);
		ret = cmd_fail();
	}
	finding_set_free(&set);
	return ret ? ret : -1;
}

int cmd_cycles(struct cmd_ctx *c)
{
	struct scan_ctx *ctx = &c->scans;
	struct report rep;
	int ret = EXIT_OK, found = 0;

	report_begin(&rep, stdout, c->o.json ? REPORT_JSON : REPORT_TEXT,
		     ctx->narches > 1);
	for (size_t ai = 0; ai < ctx->narches && !ret; ai++) {
		struct arch_scans sc;
		struct finding_set set;
		finding_set_init(&set);
		if (scan_arch_all(ctx, ctx->arches[ai], &sc))
			ret = cmd_fail();
		phase_mark("scans");
		if (!ret)
			ret = find_cycles(ctx, &sc, &set);
		phase_mark("cycle-search");
		if (!ret) {
			struct report_scope scope = {
				"recursive-dependency", sc.a.arch,
				(const char *const *)sc.profiles, sc.n };
			report_emit(&rep, &scope, &set);
			found |= finding_set_failed(&set);
		}
		finding_set_free(&set);
		arch_scans_free(&sc);
	}
	if (!ret)
		report_end(&rep);
	return ret ? ret : found ? EXIT_FINDINGS : EXIT_OK;
}
