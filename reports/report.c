/*
 * report.c - `kdep report` in the formats other than HTML (html.c):
 * Markdown, JSON (the cycles and cosel contracts of each architecture
 * inside one document), SARIF (every finding of every architecture as
 * one run) and DOT (a cluster per cycle).
 */
#include "cosel.h"
#include "dot.h"
#include "emit.h"
#include "report.h"
#include "view.h"

#include <string.h>

int report_doc_write(FILE *f, int format, const struct report_doc *d)
{
	switch (format) {
	case REPORT_HTML: return report_html(f, d);
	case REPORT_MD: report_md(f, d); return 0;
	case REPORT_JSON: report_json(f, d); return 0;
	case REPORT_SARIF: report_sarif(f, d); return 0;
	case REPORT_DOT: report_dot(f, d); return 0;
	default: return 0;
	}
}

/* The batches of an architecture: its cycles, its matrix, the others. */
struct batch {
	const char *rule;                /* the rule */
	const struct finding_set *set;   /* its findings */
};

static size_t batches_of(const struct report_arch *a, struct batch *out,
			 size_t max)
{
	size_t n = 0;
	if (a->cycles && n < max)
		out[n++] = (struct batch){ "recursive-dependency", a->cycles };
	if (a->cosel && n < max)
		out[n++] = (struct batch){ "not-coselectable", a->cosel };
	for (size_t i = 0; a->others && a->others[i] && n < max; i++)
		out[n++] = (struct batch){ a->other_rules[i], a->others[i] };
	return n;
}

void report_each_batch(const struct report_doc *d,
		       void (*fn)(void *ctx, const struct report_arch *a,
				  const struct report_scope *s,
				  const struct finding_set *set),
		       void *ctx)
{
	for (size_t i = 0; i < d->narches; i++) {
		const struct report_arch *a = &d->arches[i];
		struct batch b[16];
		size_t nb = batches_of(a, b, 16);
		for (size_t k = 0; k < nb; k++) {
			struct report_scope s = { b[k].rule, a->arch,
						  a->profiles, a->nprofiles, NULL };
			fn(ctx, a, &s, b[k].set);
		}
	}
}

/* ---- Markdown ----------------------------------------------------------- */

static const char *verdict_word(int verdict)
{
	return verdict == COSEL_YES ? "yes" : verdict == COSEL_NO ? "**no**"
	       : verdict == COSEL_UNKNOWN ? "unknown" : "not asked";
}

/* The names of the targets in mask joined by " + ". */
void report_subset_name(char *buf, size_t n, const char *const *targets,
			size_t ntargets, unsigned mask)
{
	size_t at = 0;
	buf[0] = 0;
	for (size_t k = 0; k < ntargets && at < n; k++)
		if (mask & (1u << k))
			at += (size_t)snprintf(buf + at, n - at, "%s%s",
					       at ? " + " : "", targets[k]);
}

static void md_matrix(FILE *f, const struct report_arch *a)
{
	size_t nt;
	const char *const *t = report_matrix_targets(a->cosel, &nt);
	char name[1024];
	if (a->nmissing) {
		fputs("Not in the tree, so not in its matrix: ", f);
		for (size_t k = 0; k < a->nmissing; k++) {
			fputs(k ? ", " : "", f);
			md_text(f, a->missing[k]);
		}
		fputs(".\n\n", f);
	}
	if (!t) {
		fputs("The matrix was not asked under any profile:\n\n", f);
		for (size_t p = 0; p < a->nprofiles; p++) {
			fputs("- ", f);
			md_text(f, a->profiles[p]);
			fputs(": ", f);
			md_text(f, a->runs[p].unanswered ? a->runs[p].unanswered
							 : "not asked");
			fputc('\n', f);
		}
		fputc('\n', f);
		return;
	}
	fputs("| symbols |", f);
	for (size_t p = 0; p < a->nprofiles; p++) {
		fputc(' ', f);
		md_text(f, a->profiles[p]);
		fputs(" |", f);
	}
	fputs("\n|---|", f);
	for (size_t p = 0; p < a->nprofiles; p++)
		fputs("---|", f);
	fputc('\n', f);
	for (size_t size = 1; size <= nt; size++) {
		for (unsigned mask = 1; mask < (1u << nt); mask++) {
			if ((size_t)__builtin_popcount(mask) != size)
				continue;
			report_subset_name(name, sizeof(name), t, nt, mask);
			fputs("| ", f);
			md_text(f, name);
			fputs(" |", f);
			for (size_t p = 0; p < a->nprofiles; p++) {
				struct report_cell c;
				report_matrix_cell(a->cosel, a->profiles[p],
						   mask, &c);
				fprintf(f, " %s |", verdict_word(c.verdict));
			}
			fputc('\n', f);
		}
	}
	fputc('\n', f);
	for (size_t p = 0; p < a->nprofiles; p++) {
		if (a->runs[p].unanswered) {
			fputs("Not asked under ", f);
			md_text(f, a->profiles[p]);
			fputs(": ", f);
			md_text(f, a->runs[p].unanswered);
			fputs(".\n\n", f);
		}
		for (size_t i = 0; a->cosel && i < a->cosel->n; i++) {
			const struct finding *x = &a->cosel->v[i];
			if (x->kind != FINDING_FAIL || !x->nrelated ||
			    !x->nholds || strcmp(x->holds[0], a->profiles[p]))
				continue;
			md_text(f, a->profiles[p]);
			fputs(": ", f);
			md_text(f, x->message);
			fputs(", forbidden by:\n\n", f);
			md_related(f, x);
			fputc('\n', f);
		}
	}
}

static void md_batch(void *ctx, const struct report_arch *a,
		     const struct report_scope *s,
		     const struct finding_set *set)
{
	FILE *f = ctx;
	if (set != a->cosel) {
		md_findings(f, s, set);
		return;
	}
	fputs("### co-selectability: ", f);
	md_text(f, a->arch);
	fputs("\n\n", f);
	md_matrix(f, a);
}

void report_md(FILE *f, const struct report_doc *d)
{
	fputs("## kdep report\n\n| | |\n|---|---|\n| tree | ", f);
	md_code(f, d->tree, 1);
	fputs(" |\n| kernel | ", f);
	md_text(f, d->kernel ? d->kernel : "unknown");
	fputs(" |\n| commit | ", f);
	if (d->commit)
		md_code(f, d->commit, 1);
	else
		fputs("none (a directory)", f);
	fputs(" |\n| kdep | ", f);
	md_text(f, d->version);
	fputs(" |\n\n", f);
	fputs("| arch | profile | unknown probes | kconfiglib warnings |\n"
	      "|---|---|---|---|\n", f);
	for (size_t i = 0; i < d->narches; i++) {
		const struct report_arch *a = &d->arches[i];
		for (size_t p = 0; p < a->nprofiles; p++) {
			fputs("| ", f);
			md_text(f, a->arch);
			fputs(" | ", f);
			md_text(f, a->profiles[p]);
			fprintf(f, " | %u | %zu |\n", a->runs[p].unknown_probes,
				a->runs[p].nwarnings);
		}
	}
	fputc('\n', f);
	report_each_batch(d, md_batch, f);
	if (d->nsymbols)
		fputs("### symbols\n\n", f);
	for (size_t i = 0; i < d->nsymbols; i++) {
		const struct report_symbol *y = &d->symbols[i];
		fputs("<details><summary>", f);
		md_text(f, y->name);
		fputs("</summary>\n\n", f);
		md_fence(f, y->text);
		fputs("</details>\n\n", f);
	}
}

/* ---- JSON ----------------------------------------------------------------- */

void report_json(FILE *f, const struct report_doc *d)
{
	struct json j;
	json_init(&j, f);
	json_obj_begin(&j);
	json_key(&j, "tree");
	json_str(&j, d->tree);
	json_key(&j, "kernel");
	json_str(&j, d->kernel);
	json_key(&j, "commit");
	json_str(&j, d->commit);
	json_key(&j, "kdep");
	json_str(&j, d->version);
	json_key(&j, "targets");
	json_strs(&j, d->targets, d->ntargets);
	json_key(&j, "arches");
	json_arr_begin(&j);
	for (size_t i = 0; i < d->narches; i++) {
		const struct report_arch *a = &d->arches[i];
		struct report_scope s = { NULL, a->arch, a->profiles,
					  a->nprofiles, NULL };
		json_obj_begin(&j);
		json_key(&j, "arch");
		json_str(&j, a->arch);
		json_key(&j, "missing");
		json_strs(&j, a->missing, a->nmissing);
		json_key(&j, "runs");
		json_arr_begin(&j);
		for (size_t p = 0; p < a->nprofiles; p++) {
			const struct report_run *r = &a->runs[p];
			json_obj_begin(&j);
			json_key(&j, "profile");
			json_str(&j, r->profile);
			json_key(&j, "unknown_probes");
			json_int(&j, r->unknown_probes);
			json_key(&j, "warnings");
			json_strs(&j, (const char *const *)r->warnings,
				  r->nwarnings);
			json_key(&j, "unanswered");
			json_str(&j, r->unanswered);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_key(&j, "cycles");
		if (a->cycles)
			cycle_view_json(&j, &s, a->cycles);
		else
			json_null(&j);
		json_key(&j, "cosel");
		if (a->cosel)
			cosel_view_json(&j, &s, a->cosel);
		else
			json_null(&j);
		for (size_t k = 0; a->others && a->others[k]; k++) {
			json_key(&j, a->other_rules[k]);
			json_findings(&j, &s, a->others[k]);
		}
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "symbols");
	json_arr_begin(&j);
	for (size_t i = 0; i < d->nsymbols; i++) {
		json_obj_begin(&j);
		json_key(&j, "name");
		json_str(&j, d->symbols[i].name);
		json_key(&j, "arch");
		json_str(&j, d->symbols[i].arch);
		json_key(&j, "profile");
		json_str(&j, d->symbols[i].profile);
		json_key(&j, "show");
		json_str(&j, d->symbols[i].text);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

/* ---- SARIF and DOT ---------------------------------------------------- */

static void sarif_batch(void *ctx, const struct report_arch *a,
			const struct report_scope *s,
			const struct finding_set *set)
{
	sarif_results(ctx, s, set);
}

void report_sarif(FILE *f, const struct report_doc *d)
{
	struct json j;
	json_init(&j, f);
	sarif_begin(&j);
	report_each_batch(d, sarif_batch, &j);
	sarif_end(&j, d->root);
}

/* The pictures of an architecture's findings, each a cluster of one
 * digraph: every cycle of a recursive dependency, and any other finding
 * with edges. Calls draw(ctx, graph) for each; id counts them. */
void report_pictures(const struct report_arch *a,
		     void (*draw)(void *ctx, const struct finding *f,
				  size_t cycle, const struct dot_graph *g),
		     void *ctx)
{
	struct batch b[16];
	size_t nb = batches_of(a, b, 16);
	for (size_t k = 0; k < nb; k++) {
		if (b[k].set == a->cosel)
			continue;
		for (size_t i = 0; i < b[k].set->n; i++) {
			const struct finding *x = &b[k].set->v[i];
			struct dot_graph g;
			size_t nc = dot_cycle_count(x);
			for (size_t c = 0; c < nc; c++) {
				if (dot_cycle_graph(x, a->profiles,
						    a->nprofiles, c, &g))
					continue;
				draw(ctx, x, c, &g);
				dot_graph_free(&g);
			}
			if (!nc && x->nedges && !dot_finding_graph(x, &g)) {
				draw(ctx, x, 0, &g);
				dot_graph_free(&g);
			}
		}
	}
}

/* What a cluster of the DOT report needs. */
struct dot_ctx {
	FILE *f;                 /* the output */
	const char *arch;        /* the architecture drawn */
	unsigned id;             /* clusters written */
};

static void dot_one(void *ctx, const struct finding *x, size_t cycle,
		    const struct dot_graph *g)
{
	struct dot_ctx *c = ctx;
	char title[512];
	struct dot_graph t = *g;
	snprintf(title, sizeof(title), "%s: %s, cycle %zu (%s:%u)", c->arch,
		 x->message, cycle + 1, x->file ? x->file : "-", x->line);
	t.title = title;
	dot_graph_cluster(c->f, &t, c->id++);
}

void report_dot(FILE *f, const struct report_doc *d)
{
	struct dot_ctx c = { f, NULL, 0 };
	dot_digraph_begin(f, "kdep report");
	for (size_t i = 0; i < d->narches; i++) {
		c.arch = d->arches[i].arch;
		report_pictures(&d->arches[i], dot_one, &c);
	}
	dot_digraph_end(f);
}
