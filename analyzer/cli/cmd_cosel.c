/*
 * cmd_cosel.c - `kdep cosel`: can these symbols be y together, under each
 * profile of each architecture? A witness .config checked by kconfiglib for
 * yes; the minimal set of Kconfig lines that forbids it for no.
 */
#include "cmd.h"
#include "cosel.h"
#include "error.h"
#include "json.h"
#include "phase.h"
#include "sat.h"
#include "verify.h"

#include <stdlib.h>
#include <string.h>

static const char *verdict_word(int v)
{
	return v == COSEL_YES ? "yes" : v == COSEL_NO ? "no" : "unknown";
}

/* One explanation line's text: the line as written in the tree. */
static const char *why_text(struct source *src, const struct model *m,
			    const struct cosel_line *l, char *buf, size_t n)
{
	if (l->loc.file == MODEL_NONE) {
		snprintf(buf, n, "%s is not defined", m->syms[l->sym].name);
		return buf;
	}
	return cmd_line_text(src, m->files[l->loc.file], l->loc.line, buf, n);
}

static void print_why_text(struct source *src, const struct model *m,
			   const struct cosel_answer *a, const char *indent)
{
	char buf[4096];
	for (size_t i = 0; i < a->nwhy; i++) {
		const struct cosel_line *l = &a->why[i];
		const char *text = why_text(src, m, l, buf, sizeof(buf));
		if (l->loc.file == MODEL_NONE)
			printf("%s%s\n", indent, text);
		else if (l->sym == MODEL_NONE) /* an if or menu line */
			printf("%s%s:%u: %s\n", indent,
			       m->files[l->loc.file], l->loc.line, text);
		else
			printf("%s%s:%u: %s: %s\n", indent,
			       m->files[l->loc.file], l->loc.line,
			       m->syms[l->sym].name, text);
	}
}

static void json_why(struct json *j, struct source *src,
		     const struct model *m, const struct cosel_answer *a)
{
	char buf[4096];
	json_arr_begin(j);
	for (size_t i = 0; i < a->nwhy; i++) {
		const struct cosel_line *l = &a->why[i];
		json_obj_begin(j);
		json_key(j, "symbol");
		json_str(j, l->sym == MODEL_NONE ? NULL : m->syms[l->sym].name);
		json_key(j, "file");
		json_str(j, l->loc.file == MODEL_NONE ? NULL
						       : m->files[l->loc.file]);
		json_key(j, "line");
		json_int(j, l->loc.file == MODEL_NONE ? 0 : l->loc.line);
		json_key(j, "text");
		json_str(j, why_text(src, m, l, buf, sizeof(buf)));
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_syms(struct json *j, const struct model *m,
		      const uint32_t *syms, size_t n, uint32_t mask)
{
	json_arr_begin(j);
	for (size_t k = 0; k < n; k++)
		if (mask & (1u << k))
			json_str(j, m->syms[syms[k]].name);
	json_arr_end(j);
}

static void text_syms(const struct model *m, const uint32_t *syms, size_t n,
		      uint32_t mask)
{
	const char *sep = "";
	for (size_t k = 0; k < n; k++) {
		if (mask & (1u << k)) {
			printf("%s%s", sep, m->syms[syms[k]].name);
			sep = " + ";
		}
	}
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

/* What one (arch, profile) answered, for printing. */
struct outcome {
	const char *profile;
	struct model *model;
	uint32_t *syms;
	size_t nsyms;
	struct cosel_answer one;     /* a single question */
	struct cosel_matrix mx;      /* --matrix */
	unsigned vars, clauses, groups;
};

/* The size of the formula the question was put to. */
static void json_formula(struct json *j, const struct outcome *o)
{
	json_key(j, "formula");
	json_obj_begin(j);
	json_key(j, "variables");
	json_int(j, o->vars);
	json_key(j, "clauses");
	json_int(j, o->clauses);
	json_key(j, "groups");
	json_int(j, o->groups);
	json_obj_end(j);
}

static void print_one_text(struct source *src, const char *arch,
			   const struct outcome *o)
{
	const struct cosel_answer *a = &o->one;
	printf("%s (%s): ", arch, o->profile);
	text_syms(o->model, o->syms, o->nsyms, ~0u);
	printf(": %s", verdict_word(a->verdict));
	if (a->verdict == COSEL_YES) {
		printf(", witness checked by kconfiglib\n");
	} else if (a->verdict == COSEL_NO) {
		if (a->nwhy == 1)
			printf(", forbidden by this line:\n");
		else
			printf(", forbidden by these %zu lines together:\n",
			       a->nwhy);
		print_why_text(src, o->model, a, "  ");
	} else {
		printf(" (%u candidates refuted; the encoding could not "
		       "decide)\n", a->candidates);
	}
}

static void print_one_json(struct json *j, struct source *src,
			   const struct outcome *o)
{
	const struct cosel_answer *a = &o->one;
	json_obj_begin(j);
	json_key(j, "profile");
	json_str(j, o->profile);
	json_key(j, "symbols");
	json_syms(j, o->model, o->syms, o->nsyms, ~0u);
	json_key(j, "coselectable");
	if (a->verdict == COSEL_UNKNOWN)
		json_null(j);
	else
		json_bool(j, a->verdict == COSEL_YES);
	json_key(j, "witness");
	json_str(j, a->witness);
	json_key(j, "explanation");
	json_why(j, src, o->model, a);
	json_key(j, "candidates_refuted");
	json_int(j, a->candidates);
	json_formula(j, o);
	json_obj_end(j);
}

static void print_matrix_text(struct source *src, const char *arch,
			      const struct outcome *o)
{
	const struct cosel_matrix *x = &o->mx;
	uint32_t full = (1u << x->n) - 1;
	printf("%s (%s):\n", arch, o->profile);
	printf("  co-selectable, largest sets:\n");
	int any = 0;
	for (uint32_t mask = full; mask >= 1; mask--) {
		if (!x->maximal_yes[mask])
			continue;
		printf("    ");
		text_syms(o->model, o->syms, o->nsyms, mask);
		printf("\n");
		any = 1;
	}
	if (!any)
		printf("    (none)\n");
	for (uint32_t mask = 1; mask <= full; mask++) {
		if (!x->minimal_no[mask])
			continue;
		printf("  excluded: ");
		text_syms(o->model, o->syms, o->nsyms, mask);
		if (x->at[mask].nwhy == 1)
			printf(", by this line:\n");
		else
			printf(", by these %zu lines together:\n",
			       x->at[mask].nwhy);
		print_why_text(src, o->model, &x->at[mask], "    ");
	}
	for (uint32_t mask = 1; mask <= full; mask++) {
		if (x->at[mask].verdict != COSEL_UNKNOWN)
			continue;
		printf("  unknown: ");
		text_syms(o->model, o->syms, o->nsyms, mask);
		printf("\n");
	}
}

static void print_matrix_json(struct json *j, struct source *src,
			      const struct outcome *o)
{
	const struct cosel_matrix *x = &o->mx;
	uint32_t full = (1u << x->n) - 1;
	json_obj_begin(j);
	json_key(j, "profile");
	json_str(j, o->profile);
	json_key(j, "subsets");
	json_arr_begin(j);
	for (size_t size = 1; size <= x->n; size++) {
		for (uint32_t mask = 1; mask <= full; mask++) {
			if ((size_t)__builtin_popcount(mask) != size)
				continue;
			const struct cosel_answer *a = &x->at[mask];
			json_obj_begin(j);
			json_key(j, "symbols");
			json_syms(j, o->model, o->syms, o->nsyms, mask);
			json_key(j, "coselectable");
			if (a->verdict == COSEL_UNKNOWN)
				json_null(j);
			else
				json_bool(j, a->verdict == COSEL_YES);
			json_key(j, "explanation");
			json_why(j, src, o->model, a);
			json_key(j, "witness");
			json_str(j, a->verdict == COSEL_YES
					    ? x->at[x->witness_of[mask]].witness
					    : NULL);
			json_obj_end(j);
		}
	}
	json_arr_end(j);
	json_key(j, "maximal");
	json_arr_begin(j);
	for (uint32_t mask = full; mask >= 1; mask--)
		if (x->maximal_yes[mask])
			json_syms(j, o->model, o->syms, o->nsyms, mask);
	json_arr_end(j);
	json_key(j, "excluded");
	json_arr_begin(j);
	for (uint32_t mask = 1; mask <= full; mask++)
		if (x->minimal_no[mask])
			json_syms(j, o->model, o->syms, o->nsyms, mask);
	json_arr_end(j);
	json_formula(j, o);
	json_obj_end(j);
}

/* Answers the question of t under one profile of arch. */
static int run_one(struct scan_ctx *ctx, const struct cmd_args *t,
		   const struct profile_arch *a, char **names, size_t nnames,
		   struct scan_result *res, struct outcome *o)
{
	struct scan_verifier v = { 0 };
	struct sat *s = NULL;
	int ret = EXIT_TREE;

	o->model = res->model;
	o->nsyms = nnames;
	if (!(o->syms = calloc(nnames + 1, sizeof(*o->syms)))) {
		cmd_error("out of memory");
		return EXIT_TREE;
	}
	for (size_t k = 0; k < nnames; k++) {
		uint32_t i = model_resolve(o->model, names[k]);
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
	if (scan_verifier_open(&v, ctx->src, a, o->profile) ||
	    !(s = sat_encode(o->model, o->syms, nnames))) {
		ret = cmd_fail();
		goto done;
	}
	sat_size(s, &o->vars, &o->clauses, &o->groups);
	phase_mark("encode");
	int r = t->matrix ? cosel_matrix(s, o->model, o->syms, nnames,
					 t->allow_m, scan_verify, &v, &o->mx)
			  : cosel_solve(s, o->model, o->syms, nnames,
					t->allow_m, scan_verify, &v, &o->one);
	phase_mark("solve");
	if (r) {
		ret = cmd_fail();
		goto done;
	}
	ret = EXIT_OK;
done:
	sat_free(s);
	scan_verifier_close(&v); /* open or not, as scan_verifier_open says */
	return ret;
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
	if (t->matrix) {
		size_t n = 0;
		if (t->nargs) {
			cmd_error("cosel takes symbols or --matrix, not both");
			return EXIT_USAGE;
		}
		char **names = strv_split(t->matrix, &n);
		strv_free(names);
		if (n < 1 || n > COSEL_MATRIX_MAX) {
			fprintf(stderr, "kdep: error: --matrix takes 1 to %d "
				"symbols\n", COSEL_MATRIX_MAX);
			return EXIT_USAGE;
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
	struct json j;
	size_t nnames = 0;
	char **names = targets(t, &nnames);
	int ret = names ? EXIT_OK : cmd_fail(), all_yes = 1;

	json_init(&j, stdout);
	if (!ret && t->json && ctx->narches > 1)
		json_arr_begin(&j);
	for (size_t ai = 0; ai < ctx->narches && !ret; ai++) {
		struct arch_scans sc;
		if (scan_arch_all(ctx, ctx->arches[ai], &sc))
			ret = cmd_fail();
		size_t np = sc.n;
		const struct profile_arch *a = &sc.a;
		struct outcome *os = calloc(np + 1, sizeof(*os));
		if (!ret && !os) {
			cmd_error("out of memory");
			ret = EXIT_TREE;
		}
		for (size_t p = 0; !ret && p < np; p++) {
			os[p].profile = sc.profiles[p];
			ret = run_one(ctx, t, a, names, nnames, &sc.res[p],
				      &os[p]);
		}
		phase_mark("cosel");
		if (!ret && t->json) {
			json_obj_begin(&j);
			json_key(&j, "arch");
			json_str(&j, a->arch);
			json_key(&j, "symbols");
			json_syms(&j, os[0].model, os[0].syms, os[0].nsyms,
				  ~0u);
			json_key(&j, "allow_m");
			json_bool(&j, t->allow_m);
			json_key(&j, t->matrix ? "matrix" : "results");
			json_arr_begin(&j);
		}
		for (size_t p = 0; !ret && p < np; p++) {
			struct outcome *o = &os[p];
			int yes = t->matrix
				? o->mx.at[(1u << o->mx.n) - 1].verdict ==
					  COSEL_YES
				: o->one.verdict == COSEL_YES;
			all_yes &= yes;
			if (t->json && t->matrix)
				print_matrix_json(&j, ctx->src, o);
			else if (t->json)
				print_one_json(&j, ctx->src, o);
			else if (t->matrix)
				print_matrix_text(ctx->src, a->arch, o);
			else
				print_one_text(ctx->src, a->arch, o);
			if (t->witness && !t->matrix && yes) {
				const char *w = write_witness(t->witness,
					a->arch, o->profile,
					ctx->narches > 1 || np > 1,
					o->one.witness);
				if (!w)
					ret = EXIT_TREE;
				else if (!t->json)
					printf("  witness written to %s\n", w);
			}
		}
		if (!ret && t->json) {
			json_arr_end(&j);
			json_obj_end(&j);
		}
		for (size_t p = 0; os && p < np; p++) {
			cosel_answer_free(&os[p].one);
			cosel_matrix_free(&os[p].mx);
			free(os[p].syms);
		}
		free(os);
		arch_scans_free(&sc);
	}
	if (t->json && ctx->narches > 1 && !ret)
		json_arr_end(&j);
	if (t->json && !ret)
		json_end(&j);
	if (t->matrix)
		strv_free(names);
	return ret ? ret : all_yes ? EXIT_OK : EXIT_FINDINGS;
}
