/*
 * cmd_unmet.c - `kdep unmet`: every select of each architecture that can
 * force its target on below its direct dependencies, under every profile
 * asked, each with a witness .config kconfiglib confirms.
 */
#include "cmd.h"
#include "alloc.h"
#include "emit.h"
#include "error.h"
#include "phase.h"
#include "progress.h"
#include "rule.h"
#include "verify.h"

#include <stdlib.h>
#include <string.h>

/* The sweep of one architecture into set. Returns 0, or -1 with the
 * error set (not printed: a progress line may have to be erased). */
static int sweep(struct scan_ctx *ctx, struct arch_scans *sc,
		 struct finding_set *set)
{
	size_t n = sc->n;
	struct scan_verifier *v = kdep_calloc(n + 1, sizeof(*v));
	void **vctx = kdep_calloc(n + 1, sizeof(*vctx));
	struct model **models = kdep_calloc(n + 1, sizeof(*models));
	size_t opened = 0;
	int ret = -1;

	if (!v || !vctx || !models)
		goto done;
	if (n > 64) {
		kdep_error_set("more than 64 profiles");
		goto done;
	}
	for (; opened < n; opened++) {
		if (scan_verifier_open(&v[opened], ctx->src, &sc->a,
				       sc->profiles[opened])) {
			opened++; /* closed either way */
			goto done;
		}
		vctx[opened] = &v[opened];
		models[opened] = sc->res[opened].model;
	}
	struct unmet_question q = { scan_verify, vctx, NULL, NULL };
	struct finding_sink sink;
	finding_set_sink(set, &sink);
	struct rule_ctx rc = {
		.models = models,
		.profiles = (const char *const *)sc->profiles,
		.nprofiles = (unsigned)n,
		.arch = sc->a.arch,
		.line_text = cmd_rule_line_text,
		.engine = ctx->src,
		.unmet = &q,
	};
	ret = rule_run("unmet-dependency", &rc, &sink);
done:
	for (size_t i = 0; v && i < opened; i++)
		scan_verifier_close(&v[i]);
	free(v);
	free(vctx);
	free(models);
	return ret;
}

int cmd_unmet(struct cmd_ctx *c)
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
		report_progress_show(&pr, "unmet: %s (%zu of %zu)",
				     ctx->arches[ai], ai + 1, ctx->narches);
		int bad = scan_arch_all(ctx, ctx->arches[ai], &sc);
		phase_mark("scans");
		report_progress_clear(&pr);
		if (bad)
			ret = cmd_fail();
		else if ((ret = cmd_cycles_refuse(ctx, &sc)) < 0)
			ret = EXIT_OK;
		if (!ret) {
			report_progress_show(&pr, "unmet: %s (%zu of %zu), "
					     "every select", sc.a.arch, ai + 1,
					     ctx->narches);
			bad = sweep(ctx, &sc, &set);
			report_progress_clear(&pr);
			if (bad)
				ret = cmd_fail();
		}
		phase_mark("unmet");
		if (!ret) {
			struct report_scope scope = {
				"unmet-dependency", sc.a.arch,
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
