/*
 * cmd_cycles.c - `kdep cycles`: every recursive dependency of each
 * architecture, under every profile asked, with the line of every link;
 * on a terminal, the architecture at work on standard error.
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
		struct model **models = NULL;
		report_progress_show(&pr, "cycles: %s (%zu of %zu)",
				     ctx->arches[ai], ai + 1, ctx->narches);
		int bad = scan_arch_all(ctx, ctx->arches[ai], &sc);
		report_progress_clear(&pr);
		if (bad)
			ret = cmd_fail();
		size_t np = sc.n;
		if (!ret && np > 64) {
			kdep_error_set("more than 64 profiles");
			ret = cmd_fail();
		}
		if (!ret && !(models = kdep_calloc(np + 1, sizeof(*models))))
			ret = cmd_fail();
		for (size_t p = 0; !ret && p < np; p++)
			models[p] = sc.res[p].model;
		phase_mark("scans");
		struct finding_set set;
		struct finding_sink sink;
		struct rule_ctx rc = {
			.models = models,
			.profiles = (const char *const *)sc.profiles,
			.nprofiles = (unsigned)np,
			.arch = sc.a.arch,
			.line_text = cmd_rule_line_text,
			.engine = ctx->src,
		};
		finding_set_init(&set);
		finding_set_sink(&set, &sink);
		if (!ret)
			report_progress_show(&pr, "cycles: %s (%zu of %zu)",
					     sc.a.arch, ai + 1, ctx->narches);
		bad = !ret && rule_run("recursive-dependency", &rc, &sink);
		report_progress_clear(&pr);
		if (bad)
			ret = cmd_fail();
		phase_mark("cycle-search");
		if (!ret) {
			struct report_scope scope = {
				"recursive-dependency", sc.a.arch,
				(const char *const *)sc.profiles, np };
			report_emit(&rep, &scope, &set);
			found |= finding_set_failed(&set);
		}
		finding_set_free(&set);
		free(models);
		arch_scans_free(&sc);
	}
	report_progress_end(&pr);
	if (!ret)
		report_end(&rep);
	return ret ? ret : found ? EXIT_FINDINGS : EXIT_OK;
}
