/*
 * cmd_cosel.c - `kdep cosel`: can these symbols be y together, under each
 * profile of each architecture? A witness .config checked by kconfiglib for
 * yes; the minimal set of Kconfig lines that forbids it for no.
 */
#include "cmd.h"
#include "cosel.h"
#include "emit.h"
#include "error.h"
#include "phase.h"
#include "rule.h"

#include <stdlib.h>
#include <string.h>

/* The feature names of DESIGN.md, for trees that do not define them. */
static const struct {
	const char *alias, *name;
} aliases[] = {
	{ "CFI", "CFI_CLANG" },
	{ "CALL_OPS", "DYNAMIC_FTRACE_WITH_CALL_OPS" },
	{ "DIRECT_CALLS", "DYNAMIC_FTRACE_WITH_DIRECT_CALLS" },
	{ "STATIC_CALL", "HAVE_STATIC_CALL" },
};

/*
 * The symbol a name given on the command line means in m: itself when the
 * tree defines it, else what its alias names. MODEL_NONE when the tree
 * never mentions it.
 */
static uint32_t resolve(struct model *m, const char *name)
{
	uint32_t i = model_find(m, name);
	if (i != MODEL_NONE && m->syms[i].nnodes)
		return i;
	for (size_t k = 0; k < sizeof(aliases) / sizeof(aliases[0]); k++) {
		if (strcmp(name, aliases[k].alias))
			continue;
		uint32_t j = model_find(m, aliases[k].name);
		if (j != MODEL_NONE)
			return j;
	}
	return i;
}

/* Checks candidates with kconfiglib, parsing the tree on first use. */
struct verifier {
	struct source *src;
	struct run_profile rp;
	struct kconf_tree *tree;
};

static int verify(void *ctx, const char *config, struct cosel_outcome *out)
{
	struct verifier *v = ctx;
	struct kconf_values vals;

	if (!v->tree) {
		struct kconf_opts ko = run_profile_opts(&v->rp, NULL);
		if (kconf_open(v->src, &ko, &v->tree))
			return -1;
		phase_mark("witness-parse");
	}
	if (kconf_tree_eval(v->tree, config, &vals))
		return -1;
	out->names = vals.names;
	out->values = vals.values;
	out->n = vals.n;
	return 0;
}

/* Writes a witness; returns the file's name (static), or NULL. */
static const char *write_witness(const char *path, const char *arch,
				 const char *profile, int several,
				 const char *text)
{
	static char name[4096];
	if (several)
		snprintf(name, sizeof(name), "%s.%s.%s", path, arch, profile);
	else
		snprintf(name, sizeof(name), "%s", path);
	FILE *f = fopen(name, "w");
	int bad = !f;
	if (f) {
		bad = fputs(text, f) < 0;
		bad |= fclose(f) != 0;
	}
	if (bad) {
		fprintf(stderr, "kdep: error: cannot write %s\n", name);
		return NULL;
	}
	return name;
}

/* One (arch, profile) to ask: the targets resolved in its model. */
struct outcome {
	const char *profile;
	struct model *model;
	uint32_t *syms;
	size_t nsyms;
};

/* Answers the question of t under one profile of arch, into sink. */
static int run_one(struct scan_ctx *ctx, const struct tree_opts *t,
		   const struct profile_arch *a, char **names, size_t nnames,
		   struct scan_result *res, struct outcome *o,
		   struct finding_sink *sink)
{
	struct verifier v = { .src = ctx->src };
	int ret = EXIT_TREE;

	o->model = res->model;
	o->nsyms = nnames;
	if (!(o->syms = calloc(nnames + 1, sizeof(*o->syms)))) {
		cmd_error("out of memory");
		return EXIT_TREE;
	}
	for (size_t k = 0; k < nnames; k++) {
		uint32_t i = resolve(o->model, names[k]);
		if (i == MODEL_NONE) {
			fprintf(stderr, "kdep: error: %s: no such symbol in the "
				"%s tree\n", names[k], a->arch);
			return EXIT_USAGE;
		}
		const struct sym *y = &o->model->syms[i];
		if (y->nnodes && y->type != SYM_BOOL &&
		    y->type != SYM_TRISTATE) {
			fprintf(stderr, "kdep: error: %s is of type %s, not "
				"bool or tristate\n", y->name,
				model_type_name(y->type));
			return EXIT_USAGE;
		}
		o->syms[k] = i;
	}
	if (run_profile_open(ctx->src, a, o->profile, &v.rp)) {
		cmd_fail();
		goto done;
	}
	const uint32_t *targets = o->syms;
	void *check_ctx = &v;
	struct cosel_question q = { &targets, nnames, t->allow_m, !!t->matrix,
				    verify, &check_ctx };
	struct rule_ctx rc = {
		.models = &o->model,
		.profiles = &o->profile,
		.nprofiles = 1,
		.arch = a->arch,
		.line_text = cmd_rule_line_text,
		.engine = ctx->src,
		.cosel = &q,
	};
	if (rule_run("not-coselectable", &rc, sink)) {
		cmd_fail();
		goto done;
	}
	ret = EXIT_OK;
done:
	kconf_tree_close(v.tree);
	run_profile_close(&v.rp); /* open or not, as run_profile_open says */
	return ret;
}

int cmd_cosel(int argc, char **argv)
{
	struct tree_opts t;
	struct scan_ctx ctx;
	struct report rep;
	char **names = NULL;
	size_t nnames = 0;
	int ret = tree_args(argc, argv, "cosel", -1, &t), all_yes = 1;

	if (ret >= 0)
		return ret;
	if (t.matrix) {
		if (t.nargs) {
			fprintf(stderr, "kdep: error: cosel takes symbols or "
				"--matrix, not both\n");
			return EXIT_USAGE;
		}
		names = strv_split(t.matrix, &nnames);
		if (nnames < 1 || nnames > COSEL_MATRIX_MAX) {
			fprintf(stderr, "kdep: error: --matrix takes 1 to %d "
				"symbols\n", COSEL_MATRIX_MAX);
			strv_free(names);
			return EXIT_USAGE;
		}
	} else {
		if (!t.nargs)
			return cmd_usage("cosel", stderr, EXIT_USAGE);
		nnames = (size_t)t.nargs;
		names = t.args;
	}
	if ((ret = scan_ctx_open(&ctx, &t)))
		goto out;
	report_begin(&rep, stdout, t.json ? REPORT_JSON : REPORT_TEXT,
		     ctx.narches > 1);
	for (size_t ai = 0; ai < ctx.narches && !ret; ai++) {
		struct arch_scans sc;
		ret = scan_arch_all(&ctx, ctx.arches[ai], &sc);
		size_t np = sc.n;
		const struct profile_arch *a = &sc.a;
		struct outcome *os = calloc(np + 1, sizeof(*os));
		struct finding_set set;
		struct finding_sink sink;
		finding_set_init(&set);
		finding_set_sink(&set, &sink);
		if (!ret && !os) {
			cmd_error("out of memory");
			ret = EXIT_TREE;
		}
		for (size_t p = 0; !ret && p < np; p++) {
			os[p].profile = sc.profiles[p];
			ret = run_one(&ctx, &t, a, names, nnames, &sc.res[p],
				      &os[p], &sink);
		}
		phase_mark("cosel");
		/* the witness of each yes, named in its finding; the answers
		 * are printed even when one cannot be written */
		int answered = !ret;
		for (size_t i = 0; !ret && t.witness && !t.matrix && i < set.n;
		     i++) {
			const struct finding *f = &set.v[i];
			const struct cosel_subset *sub = f->payload;
			if (f->kind != FINDING_PASS)
				continue;
			const char *w = write_witness(t.witness, a->arch,
				sub->of->profile, ctx.narches > 1 || np > 1,
				sub->of->one.witness);
			struct finding_related at = { .role = "witness",
				.file = w, .message = "witness written to" };
			if (!w) {
				ret = EXIT_TREE;
			} else if (finding_set_relate(&set, i, &at)) {
				cmd_fail();
				ret = EXIT_TREE;
			}
		}
		if (answered) {
			struct report_scope scope = {
				"not-coselectable", a->arch,
				(const char *const *)sc.profiles, np };
			report_emit(&rep, &scope, &set);
			all_yes &= !finding_set_failed(&set);
		}
		finding_set_free(&set);
		for (size_t p = 0; os && p < np; p++)
			free(os[p].syms);
		free(os);
		arch_scans_free(&sc);
	}
	if (!ret)
		report_end(&rep);
	scan_ctx_close(&ctx);
out:
	if (t.matrix)
		strv_free(names);
	return ret ? ret : all_yes ? EXIT_OK : EXIT_FINDINGS;
}
