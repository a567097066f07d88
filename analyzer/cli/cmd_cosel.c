/*
 * cmd_cosel.c - `kdep cosel`: can these symbols be y together, under each
 * profile of each architecture? A witness .config checked by kconfiglib for
 * yes; the minimal set of Kconfig lines that forbids it for no. On a
 * terminal, the question at work on standard error.
 */
#include "cmd.h"
#include "alloc.h"
#include "cosel.h"
#include "emit.h"
#include "error.h"
#include "file.h"
#include "phase.h"
#include "progress.h"
#include "rule.h"
#include "kept.h"
#include "verify.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>

/* Writes a witness; returns the file's name (static), or NULL with the
 * error set. The file is written whole or not at all. */
static const char *write_witness(const char *path, const char *arch,
				 const char *profile, int several,
				 const char *text)
{
	static char name[4096];
	if (several)
		snprintf(name, sizeof(name), "%s.%s.%s", path, arch, profile);
	else
		snprintf(name, sizeof(name), "%s", path);
	return kdep_write_file(name, text, strlen(text)) ? NULL : name;
}

/* One (arch, profile) to ask: the targets resolved in its model. */
struct outcome {
	const char *profile;
	struct model *model;
	uint32_t *syms;
	size_t nsyms;
};

/* Erases the progress line, then prints the error (cmd_fail()). */
static int fail_shown(struct report_progress *pr)
{
	report_progress_clear(pr);
	return cmd_fail();
}

int cmd_cosel_resolve(struct model *m, const char *arch,
		      char *const *names, size_t n, uint32_t *out)
{
	for (size_t k = 0; k < n; k++) {
		uint32_t i = model_resolve(m, names[k]);
		if (i == MODEL_NONE)
			return cmd_unknown_symbol(m, names[k], arch);
		const struct sym *y = &m->syms[i];
		if (y->nnodes && y->type != SYM_BOOL &&
		    y->type != SYM_TRISTATE) {
			kdep_error_set_arg("%s is of type %s, not bool or "
					   "tristate", y->name,
					   model_type_name(y->type));
			return cmd_fail();
		}
		out[k] = i;
	}
	return -1;
}

/* Answers the question of t under one profile of arch, into sink, with
 * the question on the progress line pr while it is asked (what names it
 * among the others). */
static int run_one(struct scan_ctx *ctx, const struct cmd_args *t,
		   const struct profile_arch *a, char **names, size_t nnames,
		   struct scan_result *res, struct outcome *o,
		   struct finding_sink *sink, struct report_progress *pr,
		   const char *what)
{
	int ret;

	o->model = res->model;
	o->nsyms = nnames;
	if (!(o->syms = kdep_calloc(nnames + 1, sizeof(*o->syms))))
		return cmd_fail();
	if ((ret = cmd_cosel_resolve(o->model, a->arch, names, nnames,
				     o->syms)) >= 0)
		return ret;
	report_progress_show(pr, "cosel: %s (%s)%s", a->arch, o->profile, what);
	ret = cmd_cosel_ask(ctx, a, o->profile, res->key, o->model, o->syms,
			    nnames, t->allow_m, !!t->matrix, sink)
		      ? fail_shown(pr) : EXIT_OK;
	report_progress_clear(pr);
	return ret;
}

int cmd_cosel_ask(struct scan_ctx *ctx, const struct profile_arch *a,
		  const char *profile, const char *key, struct model *m,
		  const uint32_t *syms, size_t n, int allow_m, int matrix,
		  struct finding_sink *sink)
{
	struct source *src = ctx->src;
	struct scan_verifier v = { 0 };
	struct scan_kept kept = { ctx->db, a->arch, profile, key };
	int ret = -1;
	if (scan_verifier_open(&v, src, a, profile))
		goto done;
	const uint32_t *targets = syms;
	void *check_ctx = &v, *keep_ctx = &kept;
	struct cosel_question q = { &targets, n, allow_m, matrix,
				    scan_verify, &check_ctx,
				    scan_kept_recall, scan_kept_remember,
				    &keep_ctx };
	struct rule_ctx rc = {
		.models = &m,
		.profiles = &profile,
		.nprofiles = 1,
		.arch = a->arch,
		.line_text = cmd_rule_line_text,
		.engine = src,
		.cosel = &q,
	};
	ret = rule_run("not-coselectable", &rc, sink);
done:
	scan_verifier_close(&v); /* open or not, as scan_verifier_open says */
	return ret;
}

/* Whether model lacks a symbol of names (SYM or SYM=VAL): the names of
 * those it lacks, comma-separated, into buf. */
static int lacks(struct model *m, char **names, size_t n, char *buf,
		 size_t size)
{
	size_t at = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < n; k++) {
		if (model_resolve(m, names[k]) != MODEL_NONE)
			continue;
		int w = snprintf(buf + at, size - at, "%s%s", at ? ", " : "",
				 names[k]);
		if (w > 0 && (size_t)w < size - at)
			at += (size_t)w;
	}
	return at > 0;
}

/* The targets of the command line: its symbols, or the --matrix list. */
static char **targets(const struct cmd_args *t, size_t *n)
{
	if (!t->matrix) {
		*n = (size_t)t->nargs;
		return t->args;
	}
	return strv_split(t->matrix, n);
}

int cmd_cosel_check(struct cmd_ctx *c)
{
	const struct cmd_args *t = &c->o;
	struct stat st;
	/* before anything is printed: a witness cannot replace a directory */
	if (t->witness && !stat(t->witness, &st) && S_ISDIR(st.st_mode)) {
		kdep_error_set_arg("--witness %s is a directory", t->witness);
		return cmd_fail();
	}
	if (t->matrix) {
		size_t n = 0;
		if (t->nargs) {
			kdep_error_set_arg("cosel takes symbols or --matrix, "
					   "not both");
			return cmd_fail();
		}
		char **names = strv_split(t->matrix, &n);
		strv_free(names);
		if (n < 1 || n > COSEL_MATRIX_MAX) {
			kdep_error_set_arg("--matrix takes 1 to %d symbols",
					   COSEL_MATRIX_MAX);
			return cmd_fail();
		}
	} else if (!t->nargs) {
		return cmd_usage(c->cmd, NULL, stderr, EXIT_USAGE);
	}
	return -1;
}

int cmd_cosel(struct cmd_ctx *c)
{
	const struct cmd_args *t = &c->o;
	struct scan_ctx *ctx = &c->scans;
	struct report rep;
	struct report_progress pr;
	size_t nnames = 0;
	char **names = targets(t, &nnames);
	int ret = names ? EXIT_OK : cmd_fail(), all_yes = 1;
	size_t asked = 0;

	report_begin(&rep, stdout, t->format,
		     ctx->narches > 1);
	rep.root = source_root(ctx->src);
	report_progress_begin(&pr, stderr, c->progress, &ctx->progress,
			      &ctx->progress_ctx);
	for (size_t ai = 0; ai < ctx->narches && !ret; ai++) {
		struct arch_scans sc;
		char what[64] = "";
		if (ctx->narches > 1)
			snprintf(what, sizeof(what), ", arch %zu of %zu",
				 ai + 1, ctx->narches);
		report_progress_show(&pr, "cosel: %s%s", ctx->arches[ai], what);
		int bad = scan_arch_all(ctx, ctx->arches[ai], &sc);
		report_progress_clear(&pr);
		if (bad)
			ret = cmd_fail();
		else if ((ret = cmd_cycles_refuse(ctx, &sc)) < 0)
			ret = EXIT_OK;
		/* of several arches, one without the symbols is named and
		 * passed over: the question is about those that have them */
		char lacking[1024];
		if (!ret && ctx->narches > 1 && sc.n &&
		    lacks(sc.res[0].model, names, nnames, lacking,
			  sizeof(lacking))) {
			fprintf(stderr, "kdep: cosel: %s does not define %s: "
				"not asked there\n", sc.a.arch, lacking);
			arch_scans_free(&sc);
			continue;
		}
		asked++;
		size_t np = sc.n;
		const struct profile_arch *a = &sc.a;
		struct outcome *os = kdep_calloc(np + 1, sizeof(*os));
		struct finding_set set;
		struct finding_sink sink;
		struct cmd_attached attached = { 0 };
		finding_set_init(&set);
		finding_set_sink(&set, &sink);
		if (!ret && !os)
			ret = cmd_fail();
		for (size_t p = 0; !ret && p < np; p++) {
			os[p].profile = sc.profiles[p];
			ret = run_one(ctx, t, a, names, nnames, &sc.res[p],
				      &os[p], &sink, &pr, what);
		}
		phase_mark("cosel");
		/* --fix: the top proven relaxation of each no */
		for (size_t i = 0; !ret && t->fix && !t->matrix && i < set.n;
		     i++) {
			const struct cosel_subset *sub = set.v[i].payload;
			if (set.v[i].kind != FINDING_FAIL || !sub)
				continue;
			size_t p = 0;
			while (p < np && strcmp(sc.profiles[p],
						sub->of->profile))
				p++;
			report_progress_show(&pr, "cosel: %s (%s): proving "
					     "relaxations", a->arch,
					     sub->of->profile);
			if (p < np && cmd_fix_attach_want(ctx, &sc, p,
							  os[p].syms, nnames,
							  &set.v[i], &attached))
				ret = fail_shown(&pr);
			report_progress_clear(&pr);
		}
		/* the witness of each yes, named in its finding; the answers
		 * are printed even when one cannot be written */
		int answered = !ret;
		for (size_t i = 0; !ret && t->witness && !t->matrix && i < set.n;
		     i++) {
			const struct finding *f = &set.v[i];
			const struct cosel_subset *sub = f->payload;
			if (f->kind != FINDING_PASS)
				continue;
			const char *w = write_witness(t->witness, a->arch,
				sub->of->profile, ctx->narches > 1 || np > 1,
				sub->of->one.witness);
			struct finding_related at = { .role = "witness",
				.file = w, .message = "witness written to" };
			if (!w) {
				ret = cmd_fail();
			} else if (finding_set_relate(&set, i, &at)) {
				ret = cmd_fail();
			}
		}
		if (answered) {
			struct report_scope scope = {
				"not-coselectable", a->arch,
				(const char *const *)sc.profiles, np, NULL };
			report_emit(&rep, &scope, &set);
			all_yes &= !finding_set_failed(&set);
			fflush(stdout); /* this arch is complete: out now */
		}
		finding_set_free(&set);
		cmd_fix_attached_free(&attached);
		for (size_t p = 0; os && p < np; p++)
			free(os[p].syms);
		free(os);
		arch_scans_free(&sc);
	}
	report_progress_end(&pr);
	if (!ret && !asked && ctx->narches) {
		kdep_error_set_arg("none of the architectures asked defines "
				   "every symbol named");
		ret = cmd_fail();
	}
	if (!ret)
		report_end(&rep);
	if (t->matrix)
		strv_free(names);
	return ret ? ret : all_yes ? EXIT_OK : EXIT_FINDINGS;
}
