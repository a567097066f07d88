/*
 * each_arch.c - what a command that runs one rule over every architecture
 * does around the rule: scan each arch under its profiles, show where it is
 * on a terminal, emit each arch's findings as soon as they are found, and
 * pick the exit code.
 */
#include "cmd.h"
#include "emit.h"
#include "phase.h"
#include "progress.h"

int cmd_each_arch(struct cmd_ctx *c, const char *rule, const char *what,
		  const char *phase, int refuse_cycles, cmd_arch_fn fn)
{
	struct scan_ctx *ctx = &c->scans;
	struct report rep;
	struct report_progress pr;
	int ret = EXIT_OK, found = 0;

	report_begin(&rep, stdout, c->o.format, ctx->narches > 1);
	rep.root = source_root(ctx->src);
	report_progress_begin(&pr, stderr, c->progress, &ctx->progress,
			      &ctx->progress_ctx);
	for (size_t ai = 0; ai < ctx->narches && !ret; ai++) {
		struct arch_scans sc;
		struct finding_set set;
		finding_set_init(&set);
		report_progress_show(&pr, "%s: %s (%zu of %zu)", what,
				     ctx->arches[ai], ai + 1, ctx->narches);
		int bad = scan_arch_all(ctx, ctx->arches[ai], &sc);
		phase_mark("scans");
		if (!bad && refuse_cycles) {
			report_progress_clear(&pr);
			bad = cmd_cycles_refuse(ctx, &sc);
			bad = bad < 0 ? 0 : bad;
		}
		if (!bad) {
			report_progress_show(&pr, "%s: %s (%zu of %zu)", what,
					     sc.a.arch, ai + 1, ctx->narches);
			bad = fn(ctx, &sc, &set) ? -1 : 0;
		}
		report_progress_clear(&pr);
		if (bad)
			ret = bad < 0 ? cmd_fail() : bad;
		phase_mark(phase);
		if (!ret) {
			struct report_scope scope = {
				rule, sc.a.arch,
				(const char *const *)sc.profiles, sc.n, NULL };
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
