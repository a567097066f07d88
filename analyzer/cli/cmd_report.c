/*
 * cmd_report.c - `kdep report`: one document over a tree, written whole
 * to -o FILE or not at all. For each architecture: its scans under every
 * profile asked (what was analysed), its recursive dependencies, the
 * co-selectability matrix of CFI, CALL_OPS, DIRECT_CALLS and STATIC_CALL
 * (and --want) under each profile without a cycle (the Kconfig engine
 * computes no value of a cyclic tree), and what `show` prints of every
 * symbol that appears. reports/ renders it (report.h).
 */
#include "cmd.h"
#include "alloc.h"
#include "cosel.h"
#include "error.h"
#include "file.h"
#include "phase.h"
#include "report.h"
#include "rule.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The matrix every report asks, before --want. */
static const char *const features[] = {
	"CFI", "CALL_OPS", "DIRECT_CALLS", "STATIC_CALL",
};
#define NFEATURES (sizeof(features) / sizeof(features[0]))

/* One architecture while the report is made: its scans (whose models the
 * findings borrow from) and its findings. */
struct arch_state {
	struct arch_scans sc;        /* the scans, each with its model */
	int scanned;                 /* sc is to be freed */
	struct finding_set cycles;   /* its recursive dependencies */
	struct finding_set cosel;    /* the matrix under each profile */
	struct report_run *runs;     /* [sc.n] */
	char **present;              /* the targets its tree defines */
	size_t npresent;
	const char **missing;        /* the features it does not */
	size_t nmissing;
};

/* The targets: the features, then --want (names, borrowed or owned). */
static char **report_targets(const struct cmd_args *o, size_t *n)
{
	size_t nwant = 0;
	char **want = o->want ? strv_split(o->want, &nwant) : NULL;
	char **v = kdep_calloc(NFEATURES + nwant + 1, sizeof(*v));
	*n = 0;
	if (!v || (o->want && !want)) {
		free(v);
		strv_free(want);
		return NULL;
	}
	for (size_t i = 0; i < NFEATURES; i++)
		v[(*n)++] = strdup(features[i]);
	for (size_t i = 0; i < nwant; i++) {
		const char *w = want[i];
		size_t k = 0;
		if (!strncmp(w, "CONFIG_", 7))
			w += 7;
		while (k < *n && strcmp(v[k], w))
			k++;
		if (k == *n)
			v[(*n)++] = strdup(w);
	}
	strv_free(want);
	for (size_t i = 0; i < *n; i++)
		if (!v[i]) {
			strv_free(v);
			kdep_error_oom();
			return NULL;
		}
	return v;
}

int cmd_report_check(struct cmd_ctx *c)
{
	struct stat st;
	size_t n = 0;
	if (!c->o.output)
		return cmd_usage_error(c->cmd, "report: -o FILE is required");
	if (c->o.format == REPORT_TEXT) /* no --format: the page */
		c->o.format = REPORT_HTML;
	if (!stat(c->o.output, &st) && S_ISDIR(st.st_mode)) {
		kdep_error_set_arg("-o %s is a directory", c->o.output);
		return cmd_fail();
	}
	char **t = report_targets(&c->o, &n);
	if (!t)
		return cmd_fail();
	strv_free(t);
	if (n > COSEL_MATRIX_MAX)
		return cmd_usage_error(c->cmd, "report: --want adds at most %zu "
				       "symbols to the %zu of the matrix",
				       COSEL_MATRIX_MAX - NFEATURES,
				       NFEATURES);
	return -1;
}

/* Whether a finding of set holds under profile. */
static int holds_under(const struct finding_set *set, const char *profile)
{
	for (size_t i = 0; i < set->n; i++)
		for (size_t k = 0; k < set->v[i].nholds; k++)
			if (set->v[i].kind == FINDING_FAIL &&
			    !strcmp(set->v[i].holds[k], profile))
				return 1;
	return 0;
}

/* The targets m defines into st->present; a feature it lacks into
 * st->missing, a --want it lacks an error. Returns -1 to go on, else
 * the exit code (the error printed). */
static int present_targets(struct model *m, const char *arch,
			   char **targets, size_t ntargets,
			   struct arch_state *st)
{
	st->present = kdep_calloc(ntargets + 1, sizeof(*st->present));
	st->missing = kdep_calloc(ntargets + 1, sizeof(*st->missing));
	if (!st->present || !st->missing)
		return cmd_fail();
	for (size_t k = 0; k < ntargets; k++) {
		char name[256];
		struct cosel_value v;
		if (!cmd_cosel_split(targets[k], name, sizeof(name), &v))
			return cmd_fail();
		if (model_resolve(m, name) != MODEL_NONE)
			st->present[st->npresent++] = targets[k];
		else if (k < NFEATURES)
			st->missing[st->nmissing++] = targets[k];
		else
			return cmd_unknown_symbol(m, name, arch);
	}
	return -1;
}

/* The scans, the cycles and the matrix of one architecture into st.
 * Returns -1 to go on, else the exit code (the error printed). */
static int report_arch(struct cmd_ctx *c, const char *arch,
		       char **targets, size_t ntargets, struct arch_state *st)
{
	struct scan_ctx *ctx = &c->scans;
	struct finding_sink sink;
	int ret = -1;
	if (scan_arch_all(ctx, arch, &st->sc))
		return cmd_fail();
	st->scanned = 1;
	phase_mark("scans");
	struct arch_scans *sc = &st->sc;
	struct model **models = cmd_scan_models(sc);
	uint32_t *syms = kdep_calloc(ntargets + 1, sizeof(*syms));
	struct cosel_value *values = kdep_calloc(ntargets + 1,
						 sizeof(*values));
	st->runs = kdep_calloc(sc->n + 1, sizeof(*st->runs));
	if (!models || !syms || !values || !st->runs ||
	    cmd_find_cycles(ctx->src, sc->a.arch, sc->profiles, models, sc->n,
			    NULL, &st->cycles)) {
		ret = cmd_fail();
		goto done;
	}
	phase_mark("cycle-search");
	finding_set_sink(&st->cosel, &sink);
	for (size_t p = 0; p < sc->n && ret < 0; p++) {
		struct report_run *r = &st->runs[p];
		r->profile = sc->profiles[p];
		r->unknown_probes = sc->res[p].unknown_probes;
		r->warnings = sc->res[p].warnings;
		r->nwarnings = sc->res[p].nwarnings;
		if (holds_under(&st->cycles, r->profile)) {
			r->unanswered = "the tree has a recursive dependency "
					"under this profile, and the Kconfig "
					"engine computes no value of such a "
					"tree";
			continue;
		}
		if (!st->present &&
		    (ret = present_targets(models[p], sc->a.arch, targets,
					   ntargets, st)) >= 0)
			break;
		if (!st->npresent)
			continue;
		if ((ret = cmd_cosel_resolve(models[p], sc->a.arch,
					     st->present, st->npresent,
					     syms, values)) >= 0)
			break;
		if (cmd_cosel_ask(ctx, &sc->a, sc->profiles[p],
				  sc->res[p].key, models[p], syms, values,
				  st->npresent, 0, 1, &sink))
			ret = cmd_fail();
	}
	phase_mark("cosel");
done:
	free(models);
	free(syms);
	free(values);
	return ret;
}

/* The symbols that appear in the findings of st, each once. */
static int add_name(char ***v, size_t *n, size_t *cap, const char *name)
{
	if (!name || name[0] == '<') /* a choice has no section */
		return 0;
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i], name))
			return 0;
	if (kdep_grow(v, cap, *n + 1, sizeof(**v)))
		return -1;
	(*v)[(*n)++] = (char *)name;
	return 0;
}

static int names_of(const struct finding_set *set, char ***v, size_t *n,
		    size_t *cap)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct finding *x = &set->v[i];
		for (size_t k = 0; k < x->nsymbols; k++)
			if (add_name(v, n, cap, x->symbols[k]))
				return -1;
		for (size_t k = 0; k < x->nrelated; k++)
			if (add_name(v, n, cap, x->related[k].symbol))
				return -1;
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What show prints of each symbol the findings name, from the first
 * profile whose graph defines it. Returns -1 to go on, else the exit
 * code. */
static int report_symbols(struct cmd_ctx *c, struct arch_state *st,
			  size_t narch, struct report_doc *d)
{
	char **names = NULL;
	size_t n = 0, cap = 0, capsyms = 0;
	for (size_t a = 0; a < narch; a++)
		if (names_of(&st[a].cycles, &names, &n, &cap) ||
		    names_of(&st[a].cosel, &names, &n, &cap)) {
			free(names);
			return cmd_fail();
		}
	qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		for (size_t a = 0; a < narch; a++) {
			struct arch_scans *sc = &st[a].sc;
			size_t p = 0;
			uint32_t si = MODEL_NONE;
			for (; p < sc->n; p++) {
				si = model_find(sc->res[p].model, names[i]);
				if (si != MODEL_NONE &&
				    sc->res[p].model->syms[si].nnodes)
					break;
			}
			if (p == sc->n)
				continue;
			char *text;
			if (kdep_grow(&d->symbols, &capsyms, d->nsymbols + 1,
				      sizeof(*d->symbols)) ||
			    cmd_show_text(c->scans.src, sc->res[p].model, si,
					  sc->a.arch, sc->profiles[p], &text)) {
				free(names);
				return cmd_fail();
			}
			d->symbols[d->nsymbols++] = (struct report_symbol){
				sc->res[p].model->syms[si].name, sc->a.arch,
				sc->profiles[p], text };
			break;
		}
	}
	free(names);
	return -1;
}

/* "6.12.117" from the tree's Makefile (VERSION, PATCHLEVEL, SUBLEVEL,
 * EXTRAVERSION), into buf; NULL when it has none. */
static const char *kernel_version(struct source *src, char *buf, size_t n)
{
	char *data = NULL, *v[4] = { NULL, NULL, NULL, NULL };
	static const char *const keys[4] = {
		"VERSION", "PATCHLEVEL", "SUBLEVEL", "EXTRAVERSION" };
	size_t len;
	if (source_read(src, "Makefile", 0, &data, &len)) {
		kdep_error_clear();
		return NULL;
	}
	for (char *line = data; line && *line;) {
		char *end = strchr(line, '\n');
		if (end)
			*end = 0;
		for (int k = 0; k < 4; k++) {
			size_t kl = strlen(keys[k]);
			if (v[k] || strncmp(line, keys[k], kl))
				continue;
			char *p = line + kl;
			p += strspn(p, " \t");
			if (*p != '=')
				continue;
			p++;
			p += strspn(p, " \t");
			p[strcspn(p, " \t\r")] = 0;
			v[k] = p;
		}
		line = end ? end + 1 : NULL;
	}
	const char *ret = NULL;
	if (v[0] && *v[0] && v[1]) {
		snprintf(buf, n, "%s.%s%s%s%s", v[0], v[1],
			 v[2] && *v[2] ? "." : "", v[2] ? v[2] : "",
			 v[3] ? v[3] : "");
		ret = buf;
	}
	free(data);
	return ret;
}

/* d to the file -o names, whole or not at all. */
static int write_report(const struct cmd_args *o, const struct report_doc *d)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	if (!f) {
		kdep_error_oom();
		return cmd_fail();
	}
	int bad = report_doc_write(f, o->format, d);
	fclose(f);
	if (bad || !text || kdep_write_file(o->output, text, n)) {
		free(text);
		return cmd_fail();
	}
	free(text);
	return EXIT_OK;
}

int cmd_report(struct cmd_ctx *c)
{
	struct scan_ctx *ctx = &c->scans;
	size_t ntargets = 0, narch = ctx->narches;
	char **targets = report_targets(&c->o, &ntargets);
	struct arch_state *st = kdep_calloc(narch + 1, sizeof(*st));
	struct report_arch *arches = kdep_calloc(narch + 1, sizeof(*arches));
	struct report_doc d = { 0 };
	char kernel[128];
	int ret = -1;

	if (!targets || !st || !arches) {
		ret = cmd_fail();
		goto done;
	}
	for (size_t a = 0; a < narch; a++) {
		finding_set_init(&st[a].cycles);
		finding_set_init(&st[a].cosel);
	}
	for (size_t a = 0; a < narch && ret < 0; a++) {
		ret = report_arch(c, ctx->arches[a], targets, ntargets, &st[a]);
		arches[a] = (struct report_arch){
			st[a].sc.a.arch, (const char *const *)st[a].sc.profiles,
			st[a].sc.n, st[a].runs, &st[a].cycles, &st[a].cosel,
			NULL, NULL, st[a].missing, st[a].nmissing };
	}
	if (ret < 0)
		ret = report_symbols(c, st, narch, &d);
	if (ret >= 0)
		goto done;
	/* a git source is its commit (or the index): its identity */
	d.root = source_root(ctx->src);
	d.tree = d.root ? d.root : source_identity(ctx->src);
	d.commit = c->o.git || c->o.staged ? source_identity(ctx->src) : NULL;
	d.kernel = kernel_version(ctx->src, kernel, sizeof(kernel));
	d.version = KDEP_VERSION;
	d.targets = (const char *const *)targets;
	d.ntargets = ntargets;
	d.arches = arches;
	d.narches = narch;
	ret = write_report(&c->o, &d);
	phase_mark("report");
done:
	for (size_t i = 0; i < d.nsymbols; i++)
		free((char *)d.symbols[i].text);
	free(d.symbols);
	for (size_t a = 0; st && a < narch; a++) {
		finding_set_free(&st[a].cosel);
		finding_set_free(&st[a].cycles);
		free(st[a].runs);
		free(st[a].present); /* its strings are targets' */
		free(st[a].missing);
		if (st[a].scanned)
			arch_scans_free(&st[a].sc);
	}
	free(st);
	free(arches);
	strv_free(targets);
	return ret;
}
