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
 * The recursive dependencies of one architecture's scans, into set (which
 * the caller inits and frees). Returns 0, or -1 with the error set (not
 * printed: a progress line may have to be erased first).
 */
static int find_cycles(struct scan_ctx *ctx, struct arch_scans *sc,
		       struct finding_set *set)
{
	struct model **models = NULL;
	struct finding_sink sink;
	int ret = 0;
	finding_set_sink(set, &sink);
	if (sc->n > 64) {
		kdep_error_set("more than 64 profiles");
		return -1;
	}
	if (!(models = kdep_calloc(sc->n + 1, sizeof(*models))))
		return -1;
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
	ret = rule_run("recursive-dependency", &rc, &sink);
	free(models);
	return ret;
}

int cmd_cycles_refuse(struct scan_ctx *ctx, struct arch_scans *sc)
{
	struct finding_set set;
	struct report rep;
	finding_set_init(&set);
	int ret = find_cycles(ctx, sc, &set) ? cmd_fail() : EXIT_OK;
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
	struct report_progress pr;
	int ret = EXIT_OK, found = 0;

	report_begin(&rep, stdout, c->o.json ? REPORT_JSON : REPORT_TEXT,
		     ctx->narches > 1);
	report_progress_begin(&pr, stderr, c->progress, &ctx->progress,
			      &ctx->progress_ctx);
	for (size_t ai = 0; ai < ctx->narches && !ret; ai++) {
		struct arch_scans sc;
		struct finding_set set;
		finding_set_init(&set);
		report_progress_show(&pr, "cycles: %s (%zu of %zu)",
				     ctx->arches[ai], ai + 1, ctx->narches);
		int bad = scan_arch_all(ctx, ctx->arches[ai], &sc);
		phase_mark("scans");
		if (!bad) {
			report_progress_show(&pr, "cycles: %s (%zu of %zu)",
					     sc.a.arch, ai + 1, ctx->narches);
			bad = find_cycles(ctx, &sc, &set);
		}
		report_progress_clear(&pr);
		if (bad)
			ret = bad < 0 ? cmd_fail() : bad;
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
	report_progress_end(&pr);
	if (!ret)
		report_end(&rep);
	return ret ? ret : found ? EXIT_FINDINGS : EXIT_OK;
}
