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

/* The whole model of profile p of the scans w (a struct cmd_whole). */
static struct model *whole_model(void *w, unsigned p)
{
	struct cmd_whole *cw = w;
	return scan_whole(cw->ctx, &cw->sc->res[p]);
}

int cmd_find_cycles(struct source *src, const char *arch,
		    char *const *profiles, struct model *const *models,
		    size_t n, struct cmd_whole *whole, struct finding_set *set)
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
		.whole = whole ? whole_model : NULL,
		.whole_ctx = whole,
	};
	return rule_run("recursive-dependency", &rc, &sink);
}

struct model **cmd_scan_models(const struct arch_scans *sc)
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
	int ret = cmd_find_cycles(src, arch, profiles, models, n, NULL, &set)
		? cmd_fail() : EXIT_OK;
	if (!ret && finding_set_failed(&set)) {
		/* as the kernel's conf does: no value of a cyclic tree */
		report_begin(&rep, stderr, REPORT_TEXT, 0);
		struct report_scope scope = {
			"recursive-dependency", arch,
			(const char *const *)profiles, n, NULL };
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
	struct model **models = cmd_scan_models(sc);
	int ret = models ? cmd_refuse_cycles(ctx->src, sc->a.arch,
					     sc->profiles, models, sc->n)
			 : cmd_fail();
	free(models);
	return ret;
}

int cmd_cycles(struct cmd_ctx *c)
{
	struct scan_ctx *ctx = &c->scans;
	struct report rep;
	struct report_progress pr;
	int ret = EXIT_OK, found = 0;

	phase_mark("start");
	report_begin(&rep, stdout, c->o.format,
		     ctx->narches > 1);
	rep.root = source_root(ctx->src);
	report_progress_begin(&pr, stderr, c->progress, &ctx->progress,
			      &ctx->progress_ctx);
	for (size_t ai = 0; ai < ctx->narches && !ret; ai++) {
		struct arch_scans sc;
		struct finding_set set;
		struct cmd_attached attached = { 0 };
		finding_set_init(&set);
		report_progress_show(&pr, "cycles: %s (%zu of %zu)",
				     ctx->arches[ai], ai + 1, ctx->narches);
		/* the rule walks the graph; a fix needs the whole model */
		int bad = scan_arch_load(ctx, ctx->arches[ai],
					 c->o.fix ? SCAN_MODEL : SCAN_GRAPH,
					 &sc);
		struct cmd_whole whole = { ctx, &sc };
		phase_mark("scans");
		if (!bad) {
			report_progress_show(&pr, "cycles: %s (%zu of %zu)",
					     sc.a.arch, ai + 1, ctx->narches);
			struct model **models = cmd_scan_models(&sc);
			bad = !models ||
			      cmd_find_cycles(ctx->src, sc.a.arch,
					      sc.profiles, models, sc.n,
					      &whole, &set);
			if (!bad && c->o.fix) {
				report_progress_show(&pr, "cycles: %s: proving "
						     "fixes", sc.a.arch);
				bad = cmd_fix_attach(ctx, &sc, models, &set,
						     &attached);
			}
			free(models);
		}
		report_progress_clear(&pr);
		if (bad)
			ret = bad < 0 ? cmd_fail() : bad;
		phase_mark("cycle-search");
		if (!ret) {
			struct report_scope scope = {
				"recursive-dependency", sc.a.arch,
				(const char *const *)sc.profiles, sc.n, NULL };
			report_emit(&rep, &scope, &set);
			found |= finding_set_failed(&set);
			fflush(stdout); /* this arch is complete: out now */
		}
		finding_set_free(&set);
		cmd_fix_attached_free(&attached);
		arch_scans_free(&sc);
	}
	report_progress_end(&pr);
	if (!ret)
		report_end(&rep);
	return ret ? ret : found ? EXIT_FINDINGS : EXIT_OK;
}
