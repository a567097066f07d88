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

#include <ctype.h>
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
	struct cosel_value *values; /* [k]: the value asked of syms[k] */
	size_t nsyms;
};

/* Erases the progress line, then prints the error (cmd_fail()). */
static int fail_shown(struct report_progress *pr)
{
	report_progress_clear(pr);
	return cmd_fail();
}

const char *cmd_cosel_split(const char *arg, char *name, size_t size,
			    struct cosel_value *v)
{
	size_t n = strcspn(arg, "!=");
	*v = (struct cosel_value){ 0, NULL };
	if (arg[n] == '!' && arg[n + 1] == '=') {
		v->ne = 1;
		v->value = arg + n + 2;
	} else if (arg[n] == '=') {
		v->value = arg + n + 1;
	} else if (arg[n]) {
		kdep_error_set_arg("%s: a target is SYM, SYM=VALUE or "
				   "SYM!=VALUE", arg);
		return NULL;
	}
	if (!n || n >= size) {
		kdep_error_set_arg("%s: a target is SYM, SYM=VALUE or "
				   "SYM!=VALUE", arg);
		return NULL;
	}
	memcpy(name, arg, n);
	name[n] = '\0';
	return name;
}

/* Whether text is a number of type (int or hex) as the kernel's
 * sym_string_valid() takes one: decimal without a leading 0 for an int,
 * hex digits after an optional 0x for a hex. */
static int number_valid(const char *text, int type)
{
	const char *p = text;
	if (type == SYM_HEX) {
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
			p += 2;
		if (!*p)
			return 0;
		for (; *p; p++)
			if (!isxdigit((unsigned char)*p))
				return 0;
		return 1;
	}
	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p) || (*p == '0' && p[1]))
		return 0;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	return 1;
}

/* A number of type as the kernel reads it for a range check. */
static long long number_of(const char *text, int type)
{
	return strtoll(text, NULL, type == SYM_HEX ? 16 : 10);
}

/* Whether symbol i of m is fixed text: a constant, or a number or name
 * the tree never defines (the kernel reads its name). */
static int fixed_text(const struct model *m, uint32_t i)
{
	const struct sym *y = &m->syms[i];
	return (y->flags & SYMF_CONST) ||
	       (!y->nnodes && !(y->flags & SYMF_CHOICE));
}

/*
 * Refuses value v of int or hex symbol y when the kernel never gives y
 * that value: when v lies outside every 'range' line of y (each with
 * constant bounds) and one of them has no 'if', a range applies whenever
 * y has a value, and the kernel refuses a value outside it. Returns -1 to
 * go on, else the exit code (the error printed).
 */
static int check_range(const struct model *m, const struct sym *y,
		       const char *arg, const char *v)
{
	long long x = number_of(v, y->type);
	const struct prop *always = NULL;
	for (uint32_t k = 0; k < y->nnodes; k++) {
		const struct node *nd = &m->nodes[y->nodes[k]];
		for (uint32_t i = 0; i < nd->nprops; i++) {
			const struct prop *p = &nd->props[i];
			if (p->kind != P_RANGE)
				continue;
			if (p->expr->op != E_SYM || !p->expr2 ||
			    p->expr2->op != E_SYM ||
			    !fixed_text(m, p->expr->sym) ||
			    !fixed_text(m, p->expr2->sym))
				return -1; /* a bound of another symbol */
			long long lo = number_of(m->syms[p->expr->sym].name,
						 y->type);
			long long hi = number_of(m->syms[p->expr2->sym].name,
						 y->type);
			if (lo <= x && x <= hi)
				return -1;
			if (model_expr_fold(m, p->cond) == (int)MODEL_SYM_Y &&
			    !always)
				always = p;
		}
	}
	if (!always || y->nnodes != 1)
		return -1;
	kdep_error_set_arg("%s: %s lies outside every range of %s (%s:%u: "
			   "range %s %s), and the kernel refuses such a value",
			   arg, v, y->name, m->files[always->loc.file],
			   always->loc.line, m->syms[always->expr->sym].name,
			   m->syms[always->expr2->sym].name);
	return cmd_fail();
}

/* Checks value v asked of symbol y (arg as given) by y's type. Returns -1
 * to go on, else the exit code (the error printed). */
static int check_value(const struct model *m, const struct sym *y,
		       const char *arg, const char *v)
{
	switch (y->nnodes ? y->type : SYM_TRISTATE) {
	case SYM_BOOL:
	case SYM_TRISTATE:
		if (strcmp(v, "y") && strcmp(v, "m") && strcmp(v, "n")) {
			kdep_error_set_arg("%s: %s is a %s, whose values are "
					   "y, m and n", arg, y->name,
					   model_type_name(y->nnodes ? y->type
							   : SYM_TRISTATE));
			return cmd_fail();
		}
		if (y->type == SYM_BOOL && !strcmp(v, "m")) {
			kdep_error_set_arg("%s: %s is a bool, never m", arg,
					   y->name);
			return cmd_fail();
		}
		return -1;
	case SYM_INT:
	case SYM_HEX:
		if (!number_valid(v, y->type)) {
			kdep_error_set_arg("%s: %s is not a%s number, as %s "
					   "of type %s needs", arg, v,
					   y->type == SYM_HEX ? " hex" :
					   " decimal", y->name,
					   model_type_name(y->type));
			return cmd_fail();
		}
		return check_range(m, y, arg, v);
	case SYM_STRING:
		return -1;
	default:
		kdep_error_set_arg("%s: %s is of type %s, which has no value "
				   "to ask", arg, y->name,
				   model_type_name(y->type));
		return cmd_fail();
	}
}

int cmd_cosel_resolve(struct model *m, const char *arch,
		      char *const *names, size_t n, uint32_t *out,
		      struct cosel_value *values)
{
	for (size_t k = 0; k < n; k++) {
		char name[256];
		struct cosel_value v;
		if (!cmd_cosel_split(names[k], name, sizeof(name), &v))
			return cmd_fail();
		uint32_t i = model_resolve(m, name);
		if (i == MODEL_NONE)
			return cmd_unknown_symbol(m, name, arch);
		const struct sym *y = &m->syms[i];
		if (!v.value && y->nnodes && y->type != SYM_BOOL &&
		    y->type != SYM_TRISTATE) {
			kdep_error_set_arg("%s is of type %s, not bool or "
					   "tristate", y->name,
					   model_type_name(y->type));
			return cmd_fail();
		}
		int ret;
		if (v.value && (ret = check_value(m, y, names[k], v.value)) >= 0)
			return ret;
		if (v.value && !values) {
			kdep_error_set_arg("%s: a value is asked of cosel "
					   "targets only", names[k]);
			return cmd_fail();
		}
		out[k] = i;
		if (values)
			values[k] = v;
	}
	return -1;
}

static int ask(struct scan_ctx *ctx, const struct profile_arch *a,
	       const char *profile, const char *key, struct model *m,
	       const uint32_t *syms, const struct cosel_value *values,
	       size_t n, int allow_m, int matrix, const char *config,
	       struct finding_sink *sink);

/* Answers the question of t under one profile of arch, into sink, with
 * the question on the progress line pr while it is asked (what names it
 * among the others). */
static int run_one(struct scan_ctx *ctx, const struct cmd_args *t,
		   const struct profile_arch *a, char **names, size_t nnames,
		   struct scan_result *res, struct outcome *o,
		   struct finding_sink *sink, struct report_progress *pr,
		   const char *what, const char *config)
{
	int ret;

	o->model = res->model;
	o->nsyms = nnames;
	if (!(o->syms = kdep_calloc(nnames + 1, sizeof(*o->syms))) ||
	    !(o->values = kdep_calloc(nnames + 1, sizeof(*o->values))))
		return cmd_fail();
	if ((ret = cmd_cosel_resolve(o->model, a->arch, names, nnames,
				     o->syms, o->values)) >= 0)
		return ret;
	report_progress_show(pr, "cosel: %s (%s)%s", a->arch, o->profile, what);
	ret = ask(ctx, a, o->profile, res->key, o->model, o->syms,
		  o->values, nnames, t->allow_m, !!t->matrix, config, sink)
		      ? fail_shown(pr) : EXIT_OK;
	report_progress_clear(pr);
	return ret;
}

/* cmd_cosel_ask(), nearest config (a .config's text) when not NULL:
 * an answer that depends on the .config is not kept. */
static int ask(struct scan_ctx *ctx, const struct profile_arch *a,
	       const char *profile, const char *key, struct model *m,
	       const uint32_t *syms, const struct cosel_value *values,
	       size_t n, int allow_m, int matrix, const char *config,
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
				    config ? NULL : scan_kept_recall,
				    config ? NULL : scan_kept_remember,
				    &keep_ctx, values, config };
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

int cmd_cosel_ask(struct scan_ctx *ctx, const struct profile_arch *a,
		  const char *profile, const char *key, struct model *m,
		  const uint32_t *syms, const struct cosel_value *values,
		  size_t n, int allow_m, int matrix, struct finding_sink *sink)
{
	return ask(ctx, a, profile, key, m, syms, values, n, allow_m, matrix,
		   NULL, sink);
}

/* Whether model lacks a symbol of names (SYM or SYM=VAL): the names of
 * those it lacks, comma-separated, into buf. */
static int lacks(struct model *m, char **names, size_t n, char *buf,
		 size_t size)
{
	size_t at = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < n; k++) {
		char name[256];
		struct cosel_value v;
		if (cmd_cosel_split(names[k], name, sizeof(name), &v) &&
		    model_resolve(m, name) != MODEL_NONE)
			continue;
		int w = snprintf(buf + at, size - at, "%s%s", at ? ", " : "",
				 name);
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
	for (int k = 0; t->config && k < t->nargs; k++) {
		if (strchr(t->args[k], '=')) {
			kdep_error_set_arg("--config takes bare targets, not "
					   "%s", t->args[k]);
			return cmd_fail();
		}
	}
	if (t->matrix && t->config) {
		kdep_error_set_arg("--config takes one question, not "
				   "--matrix");
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
	/* each target's form, before any tree is read */
	size_t n = 0;
	char **names = targets(t, &n);
	int ret = names ? -1 : cmd_fail();
	for (size_t k = 0; ret < 0 && k < n; k++) {
		char name[256];
		struct cosel_value v;
		if (!cmd_cosel_split(names[k], name, sizeof(name), &v))
			ret = cmd_fail();
	}
	if (t->matrix)
		strv_free(names);
	return ret;
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
	char *config = NULL;

	if (!ret && t->config && !(config = cmd_read_config(t->config)))
		ret = cmd_fail();

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
				      &os[p], &sink, &pr, what, config);
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
							  os[p].syms,
							  os[p].values, nnames,
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
		for (size_t p = 0; os && p < np; p++) {
			free(os[p].syms);
			free(os[p].values);
		}
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
	free(config);
	return ret ? ret : all_yes ? EXIT_OK : EXIT_FINDINGS;
}
