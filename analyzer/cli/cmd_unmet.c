/*
 * cmd_unmet.c - `kdep unmet`: every select of each architecture that can
 * force its target on below its direct dependencies, under every profile
 * asked, each with a witness .config kconfiglib confirms.
 */
#include "cmd.h"
#include "alloc.h"
#include "error.h"
#include "rule.h"
#include "verify.h"

#include <stdlib.h>
#include <string.h>

/* The sweep of one architecture into set (a cmd_arch_fn). */
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
	return cmd_each_arch(c, "unmet-dependency", "unmet", "unmet", 1,
			     sweep);
}
