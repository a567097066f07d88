/*
 * html.c - `kdep report --format html`: one self-contained page that
 * needs no network and no JavaScript. The style is inline, each picture
 * an inline SVG that graphviz rendered (graphviz.c), every expandable
 * part a <details> element (opened for print). Every string that came
 * from the tree (names, prompts, help, file names, lines as written,
 * kconfiglib's warnings) goes through html_text(), which escapes the
 * five characters HTML gives meaning to and drops control characters.
 *
 * The page: what was analysed; each recursive dependency with a picture
 * per cycle (the closing line marked, the links absent under a profile
 * dashed and explained); the co-selectability matrix per architecture
 * with a column per profile, each "no" opening to the lines that forbid
 * it; the fixes findings carry; any other rule's findings; a section per
 * symbol that appears, with what `kdep show` prints of it.
 */
#include "cosel.h"
#include "dot.h"
#include "emit.h"
#include "report.h"
#include "view.h"

#include <stdlib.h>
#include <string.h>

static const char style[] =
	":root{--fg:#1f2937;--muted:#6b7280;--line:#d1d5db;--bg:#fff;"
	"--yes:#dcfce7;--no:#fee2e2;--open:#fef9c3;--mark:#fde68a}"
	"*{box-sizing:border-box}"
	"body{margin:0 auto;max-width:72rem;padding:1rem 1.5rem;"
	"font:15px/1.45 system-ui,-apple-system,'Segoe UI',Helvetica,Arial,"
	"sans-serif;color:var(--fg);background:var(--bg)}"
	"h1{font-size:1.6rem;margin:.2rem 0 .6rem}"
	"h2{font-size:1.25rem;border-bottom:1px solid var(--line);"
	"padding-bottom:.2rem;margin-top:2rem}"
	"h3{font-size:1.05rem;margin:1.2rem 0 .4rem}"
	"code,pre{font:13px/1.4 ui-monospace,'DejaVu Sans Mono',monospace}"
	"pre{background:#f9fafb;border:1px solid var(--line);padding:.6rem;"
	"overflow-x:auto;white-space:pre-wrap;word-break:break-word}"
	"table{border-collapse:collapse;margin:.4rem 0 1rem;"
	"font-size:14px}"
	"th,td{border:1px solid var(--line);padding:.25rem .5rem;"
	"text-align:left;vertical-align:top}"
	"th{background:#f3f4f6}"
	"td.yes{background:var(--yes)}td.no{background:var(--no)}"
	"td.unknown{background:var(--open)}td.none{color:var(--muted)}"
	"nav ul{columns:2;padding-left:1.2rem;margin:.2rem 0}"
	".finding{border:1px solid var(--line);border-radius:6px;"
	"padding:.6rem .9rem;margin:.8rem 0}"
	".head{font-weight:600}.muted{color:var(--muted)}"
	"figure{margin:.6rem 0;overflow-x:auto}"
	"figure svg{max-width:100%;height:auto}"
	"figcaption{font-size:13px;color:var(--muted)}"
	"ol.links li.closing{background:var(--mark)}"
	"details{margin:.2rem 0}summary{cursor:pointer}"
	"ins{background:var(--yes);text-decoration:none}"
	"del{background:var(--no)}"
	"@media print{body{max-width:none;padding:0;font-size:11pt}"
	"nav{display:none}h2{break-after:avoid}"
	".finding,figure,tr{break-inside:avoid}"
	"details::details-content{content-visibility:visible;display:block}"
	"summary{list-style:none}pre{white-space:pre-wrap}}";

void html_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default:
			if (c >= 0x20 || c == '\n' || c == '\t')
				fputc(c, f);
		}
	}
}

/* An id for symbol name: "sym-" and its bytes, each one that is not a
 * letter, digit or '_' as "-XX". */
static void html_id(FILE *f, const char *prefix, const char *name)
{
	fputs(prefix, f);
	for (const unsigned char *p = (const unsigned char *)name; p && *p;
	     p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_')
			fputc(*p, f);
		else
			fprintf(f, "-%02X", *p);
	}
}

/* Whether d has a section for symbol name. */
static int has_symbol(const struct report_doc *d, const char *name)
{
	for (size_t i = 0; i < d->nsymbols; i++)
		if (!strcmp(d->symbols[i].name, name))
			return 1;
	return 0;
}

/* A symbol's name, linked to its section when it has one. */
static void html_sym(FILE *f, const struct report_doc *d, const char *name)
{
	if (!has_symbol(d, name)) {
		fputs("<code>", f);
		html_text(f, name);
		fputs("</code>", f);
		return;
	}
	fputs("<a href=\"#", f);
	html_id(f, "sym-", name);
	fputs("\"><code>", f);
	html_text(f, name);
	fputs("</code></a>", f);
}

static void html_place(FILE *f, const char *file, uint32_t line)
{
	if (!file)
		return;
	fputs("<code>", f);
	html_text(f, file);
	if (line)
		fprintf(f, ":%u", line);
	fputs("</code>", f);
}

static void html_list(FILE *f, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : "", f);
		html_text(f, v[i]);
	}
}

/* ---- what was analysed ------------------------------------------------- */

static void html_analysed(FILE *f, const struct report_doc *d)
{
	fputs("<section id=\"analysed\"><h2>What was analysed</h2>\n"
	      "<table class=\"facts\">\n<tr><th>tree</th><td><code>", f);
	html_text(f, d->tree);
	fputs("</code></td></tr>\n<tr><th>kernel version</th><td>", f);
	html_text(f, d->kernel ? d->kernel : "unknown (no version in its "
					     "Makefile)");
	fputs("</td></tr>\n<tr><th>commit</th><td>", f);
	if (d->commit) {
		fputs("<code>", f);
		html_text(f, d->commit);
		fputs("</code>", f);
	} else {
		fputs("none: a directory, not a commit", f);
	}
	fputs("</td></tr>\n<tr><th>architectures</th><td>", f);
	for (size_t i = 0; i < d->narches; i++) {
		fputs(i ? ", " : "", f);
		html_text(f, d->arches[i].arch);
	}
	fputs("</td></tr>\n<tr><th>matrix</th><td>", f);
	html_list(f, d->targets, d->ntargets);
	fputs("</td></tr>\n<tr><th>kdep</th><td>", f);
	html_text(f, d->version);
	fputs("</td></tr>\n</table>\n", f);
	fputs("<table class=\"runs\">\n<tr><th>architecture</th>"
	      "<th>profile</th><th>unknown probes</th>"
	      "<th>kconfiglib warnings</th></tr>\n", f);
	for (size_t i = 0; i < d->narches; i++) {
		const struct report_arch *a = &d->arches[i];
		for (size_t p = 0; p < a->nprofiles; p++) {
			const struct report_run *r = &a->runs[p];
			fputs("<tr><td>", f);
			html_text(f, a->arch);
			fputs("</td><td>", f);
			html_text(f, r->profile);
			fprintf(f, "</td><td>%u%s</td><td>", r->unknown_probes,
				r->unknown_probes ? " (answered by the "
						    "profile's default)" : "");
			if (!r->nwarnings) {
				fputs("none", f);
			} else {
				fprintf(f, "<details><summary>%zu</summary>"
					"<pre>", r->nwarnings);
				for (size_t w = 0; w < r->nwarnings; w++) {
					html_text(f, r->warnings[w]);
					fputc('\n', f);
				}
				fputs("</pre></details>", f);
			}
			fputs("</td></tr>\n", f);
		}
	}
	fputs("</table></section>\n", f);
}

/* ---- findings ------------------------------------------------------- */

/* A picture: the SVG graphviz renders, inline; -1 with the error set. */
static int html_svg(FILE *f, const struct dot_graph *g)
{
	char *text = NULL, *svg = NULL;
	size_t n = 0, svgn = 0;
	FILE *m = open_memstream(&text, &n);
	if (!m)
		return -1;
	dot_graph_write(m, g);
	fclose(m);
	int ret = graphviz_svg(text, n, &svg, &svgn);
	if (!ret)
		fwrite(svg, 1, svgn, f);
	free(text);
	free(svg);
	return ret;
}

/* The line as written at file:line that x carries, or NULL. */
static const char *line_of(const struct finding *x, const char *file,
			   uint32_t line)
{
	const struct finding_related *r =
		file ? finding_related_at(x, "line", file, line) : NULL;
	return r && *r->message ? r->message : NULL;
}

/* What drawing a finding's pictures needs. */
struct draw_ctx {
	FILE *f;                      /* the page */
	const struct report_doc *d;   /* the document */
	int failed;                   /* a picture could not be rendered */
};

static void html_cycle(void *ctx, const struct finding *x, size_t cycle,
		       const struct dot_graph *g)
{
	struct draw_ctx *c = ctx;
	FILE *f = c->f;
	fprintf(f, "<figure class=\"cycle\">\n");
	if (!c->failed && html_svg(f, g))
		c->failed = 1;
	fprintf(f, "\n<figcaption>cycle %zu: ", cycle + 1);
	for (size_t i = 0; i < g->nedges; i++) {
		fputs(i ? " &rarr; " : "", f);
		html_text(f, g->edges[i].from);
	}
	if (g->nedges) {
		fputs(" &rarr; ", f);
		html_text(f, g->edges[0].from);
	}
	fputs("</figcaption>\n<ol class=\"links\">\n", f);
	for (size_t i = 0; i < g->nedges; i++) {
		const struct dot_edge *e = &g->edges[i];
		const char *text = line_of(x, e->file, e->line);
		fprintf(f, "<li%s>", e->style == DOT_MARKED
			? " class=\"closing\"" : "");
		html_sym(f, c->d, e->from);
		fputc(' ', f);
		html_text(f, e->label);
		fputc(' ', f);
		html_sym(f, c->d, e->to);
		fputs(" &mdash; ", f);
		html_place(f, e->file, e->line);
		if (text) {
			fputs(" <code>", f);
			html_text(f, text);
			fputs("</code>", f);
		}
		if (e->style == DOT_MARKED)
			fputs(" <strong>(the line that closes the cycle)"
			      "</strong>", f);
		if (e->absent) {
			fputs(" <em>(absent under ", f);
			html_text(f, e->absent);
			fputs(")</em>", f);
		}
		fputs("</li>\n", f);
	}
	fputs("</ol></figure>\n", f);
}

static void html_fix(FILE *f, const struct finding_fix *x)
{
	fputs("<div class=\"fix\"><p class=\"head\">Fix: ", f);
	html_text(f, x->description);
	fputs("</p>\n", f);
	for (size_t i = 0; i < x->nedits; i++) {
		const struct finding_edit *e = &x->edits[i];
		fputs("<pre class=\"diff\">--- a/", f);
		html_text(f, e->file);
		fputs("\n+++ b/", f);
		html_text(f, e->file);
		fprintf(f, "\n@@ line %u @@\n", e->first);
		for (int k = 0; k < 2; k++) {
			const char *t = k ? e->new_text : e->old_text;
			for (const char *p = t; p && *p;) {
				size_t n = strcspn(p, "\n");
				char *line = strndup(p, n);
				fputs(k ? "<ins>+" : "<del>-", f);
				html_text(f, line ? line : "");
				fputs(k ? "</ins>\n" : "</del>\n", f);
				free(line);
				p += n;
				p += *p == '\n';
			}
		}
		fputs("</pre>\n", f);
	}
	fputs("</div>\n", f);
}

/* The places of x other than its pictured links, and where it is absent. */
static void html_related(FILE *f, const struct report_doc *d,
			 const struct finding *x, int pictured)
{
	int open = 0;
	for (size_t k = 0; k < x->nrelated; k++) {
		const struct finding_related *r = &x->related[k];
		if (!strcmp(r->role, "line") ||
		    (pictured && !strcmp(r->role, "link")))
			continue;
		if (!open++)
			fputs("<ul class=\"related\">\n", f);
		fputs("<li>", f);
		if (!strcmp(r->role, "folded-by"))
			fputs("folds a link away under another profile: ", f);
		else if (r->symbol) {
			html_sym(f, d, r->symbol);
			fputs(": ", f);
		}
		if (r->file) {
			html_place(f, r->file, r->line);
			fputs(" <code>", f);
			html_text(f, r->message);
			fputs("</code>", f);
		} else {
			html_text(f, r->message);
		}
		fputs("</li>\n", f);
	}
	for (size_t k = 0; k < x->nabsent; k++) {
		if (!open++)
			fputs("<ul class=\"related\">\n", f);
		fputs("<li>Not under <strong>", f);
		html_text(f, x->absent[k].profile);
		fputs("</strong>", f);
		if (x->absent[k].reason) {
			fputs(": ", f);
			html_text(f, x->absent[k].reason);
		}
		fputs("</li>\n", f);
	}
	if (open)
		fputs("</ul>\n", f);
}

static void html_finding_head(FILE *f, const struct finding *x)
{
	fputs("<p class=\"head\">", f);
	html_place(f, x->file, x->line);
	fprintf(f, "%s%s: ", x->file ? " " : "",
		finding_severity_name(x->severity));
	html_text(f, x->message);
	fputs(" <span class=\"muted\">[", f);
	html_text(f, x->rule);
	fputs("] under ", f);
	html_list(f, x->holds, x->nholds);
	fputs("</span></p>\n", f);
}

/* One finding with a picture: pictures are drawn by report_pictures()
 * for the whole architecture, so this draws its own through a filter. */
struct one_ctx {
	struct draw_ctx *draw;        /* where pictures go */
	const struct finding *only;   /* the finding drawn */
};

static void draw_only(void *ctx, const struct finding *x, size_t cycle,
		      const struct dot_graph *g)
{
	struct one_ctx *o = ctx;
	if (x == o->only)
		html_cycle(o->draw, x, cycle, g);
}

static void html_findings(FILE *f, struct draw_ctx *dc,
			  const struct report_arch *a,
			  const struct finding_set *set, const char *none)
{
	if (!set || !set->n) {
		fprintf(f, "<p>%s</p>\n", none);
		return;
	}
	for (size_t i = 0; i < set->n; i++) {
		const struct finding *x = &set->v[i];
		struct one_ctx o = { dc, x };
		fputs("<article class=\"finding\">\n", f);
		html_finding_head(f, x);
		/* the pictures of this finding alone */
		struct report_arch one = *a;
		struct finding_set just = { .v = (struct finding *)x, .n = 1 };
		one.cycles = set == a->cycles ? &just : NULL;
		one.cosel = NULL;
		const struct finding_set *others[2] = { &just, NULL };
		const char *rules[2] = { x->rule, NULL };
		one.others = set == a->cycles ? NULL : others;
		one.other_rules = rules;
		report_pictures(&one, draw_only, &o);
		html_related(f, dc->d, x, dot_cycle_count(x) > 0);
		if (x->fix)
			html_fix(f, x->fix);
		fputs("</article>\n", f);
	}
}

/* ---- the matrix --------------------------------------------------------- */

static void html_why(FILE *f, const struct report_doc *d,
		     const struct finding *x)
{
	fputs("<ul>", f);
	for (size_t k = 0; x && k < x->nrelated; k++) {
		const struct finding_related *r = &x->related[k];
		if (strcmp(r->role, "forbids"))
			continue;
		fputs("<li>", f);
		if (r->file) {
			html_place(f, r->file, r->line);
			fputc(' ', f);
		}
		if (r->symbol) {
			html_sym(f, d, r->symbol);
			fputs(": ", f);
		}
		fputs("<code>", f);
		html_text(f, r->message);
		fputs("</code></li>", f);
	}
	fputs("</ul>", f);
}

static void html_matrix(FILE *f, const struct report_doc *d,
			const struct report_arch *a)
{
	size_t nt;
	const char *const *t = report_matrix_targets(a->cosel, &nt);
	char name[1024];
	fputs("<h3>", f);
	html_text(f, a->arch);
	fputs("</h3>\n", f);
	for (size_t p = 0; p < a->nprofiles; p++) {
		if (!a->runs[p].unanswered)
			continue;
		fputs("<p>Not asked under <strong>", f);
		html_text(f, a->profiles[p]);
		fputs("</strong>: ", f);
		html_text(f, a->runs[p].unanswered);
		fputs(".</p>\n", f);
	}
	if (a->nmissing) {
		fputs("<p>Not in the tree, so not in its matrix: ", f);
		html_list(f, a->missing, a->nmissing);
		fputs(".</p>\n", f);
	}
	if (!t)
		return;
	fputs("<table class=\"matrix\">\n<tr><th>symbols</th>", f);
	for (size_t p = 0; p < a->nprofiles; p++) {
		fputs("<th>", f);
		html_text(f, a->arch);
		fputs(" / ", f);
		html_text(f, a->profiles[p]);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (size_t size = 1; size <= nt; size++) {
		for (unsigned mask = 1; mask < (1u << nt); mask++) {
			if ((size_t)__builtin_popcount(mask) != size)
				continue;
			fputs("<tr><th>", f);
			for (size_t k = 0, first = 1; k < nt; k++) {
				if (!(mask & (1u << k)))
					continue;
				fputs(first ? "" : " + ", f);
				html_sym(f, d, t[k]);
				first = 0;
			}
			fputs("</th>", f);
			for (size_t p = 0; p < a->nprofiles; p++) {
				struct report_cell c;
				report_matrix_cell(a->cosel, a->profiles[p],
						   mask, &c);
				if (c.verdict == COSEL_YES) {
					fputs("<td class=\"yes\">yes</td>", f);
				} else if (c.verdict == COSEL_UNKNOWN) {
					fputs("<td class=\"unknown\">unknown"
					      "</td>", f);
				} else if (c.verdict < 0) {
					fputs("<td class=\"none\">not asked"
					      "</td>", f);
				} else {
					fputs("<td class=\"no\"><details>"
					      "<summary>no</summary>", f);
					if (c.why_mask != mask) {
						report_subset_name(name,
							sizeof(name), t, nt,
							c.why_mask);
						fputs("<p>", f);
						html_text(f, name);
						fputs(__builtin_popcount(
							c.why_mask) > 1
						      ? " cannot be y together:"
						      : " cannot be y:", f);
						fputs("</p>", f);
					}
					html_why(f, d, c.why);
					fputs("</details></td>", f);
				}
			}
			fputs("</tr>\n", f);
		}
	}
	fputs("</table>\n", f);
}

/* ---- the page ----------------------------------------------------------- */

static void html_symbols(FILE *f, const struct report_doc *d)
{
	fputs("<section id=\"symbols\"><h2>Symbols</h2>\n", f);
	if (!d->nsymbols)
		fputs("<p>No symbol appears.</p>\n", f);
	for (size_t i = 0; i < d->nsymbols; i++) {
		const struct report_symbol *y = &d->symbols[i];
		fputs("<details class=\"symbol\" id=\"", f);
		html_id(f, "sym-", y->name);
		fputs("\"><summary><code>", f);
		html_text(f, y->name);
		fputs("</code> <span class=\"muted\">(", f);
		html_text(f, y->arch);
		fputs(", ", f);
		html_text(f, y->profile);
		fputs(")</span></summary><pre>", f);
		html_text(f, y->text);
		fputs("</pre></details>\n", f);
	}
	fputs("</section>\n", f);
}

/* The fixes of a batch's findings; *ctx counts them. */
struct fixes_ctx {
	FILE *f;                /* the page */
	int any;                /* a fix was written */
};

static void fixes_of(void *ctx, const struct report_arch *a,
		     const struct report_scope *s,
		     const struct finding_set *set)
{
	struct fixes_ctx *c = ctx;
	for (size_t k = 0; k < set->n; k++) {
		const struct finding *x = &set->v[k];
		if (!x->fix)
			continue;
		c->any = 1;
		fputs("<article class=\"finding\">\n", c->f);
		html_finding_head(c->f, x);
		html_fix(c->f, x->fix);
		fputs("</article>\n", c->f);
	}
}

static void html_fixes(FILE *f, const struct report_doc *d)
{
	struct fixes_ctx c = { f, 0 };
	fputs("<section id=\"fixes\"><h2>Fix suggestions</h2>\n", f);
	report_each_batch(d, fixes_of, &c);
	if (!c.any)
		fputs("<p>No finding carries a fix.</p>\n", f);
	fputs("</section>\n", f);
}

int report_html(FILE *f, const struct report_doc *d)
{
	struct draw_ctx dc = { f, d, 0 };
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, "
	      "initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" "
	      "content=\"default-src 'none'; style-src 'unsafe-inline'; "
	      "img-src data:\">\n<title>kdep report: ", f);
	html_text(f, d->tree);
	fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n", style);
	fputs("<header><h1>kdep report</h1><p class=\"muted\"><code>", f);
	html_text(f, d->tree);
	fputs("</code>", f);
	if (d->kernel) {
		fputs(", Linux ", f);
		html_text(f, d->kernel);
	}
	fputs("</p></header>\n<nav><ul><li><a href=\"#analysed\">What was "
	      "analysed</a></li><li><a href=\"#cycles\">Recursive "
	      "dependencies</a></li><li><a href=\"#matrix\">"
	      "Co-selectability</a></li>", f);
	fputs("<li><a href=\"#fixes\">Fix suggestions</a></li>"
	      "<li><a href=\"#symbols\">Symbols</a></li></ul></nav>\n", f);
	html_analysed(f, d);
	fputs("<section id=\"cycles\"><h2>Recursive dependencies</h2>\n", f);
	for (size_t i = 0; i < d->narches; i++) {
		const struct report_arch *a = &d->arches[i];
		fputs("<h3>", f);
		html_text(f, a->arch);
		fputs("</h3>\n", f);
		html_findings(f, &dc, a, a->cycles,
			      "No recursive dependency under any profile.");
	}
	fputs("</section>\n<section id=\"matrix\"><h2>Co-selectability</h2>\n"
	      "<p>Whether each set of symbols can be y together in one "
	      ".config, per profile; a yes is a .config the Kconfig engine "
	      "accepted, a no opens to the lines that forbid it.</p>\n", f);
	for (size_t i = 0; i < d->narches; i++)
		html_matrix(f, d, &d->arches[i]);
	fputs("</section>\n", f);
	for (size_t i = 0; i < d->narches; i++) {
		const struct report_arch *a = &d->arches[i];
		for (size_t k = 0; a->others && a->others[k]; k++) {
			fputs("<section class=\"rule\"><h2>", f);
			html_text(f, a->other_rules[k]);
			fputs(": ", f);
			html_text(f, a->arch);
			fputs("</h2>\n", f);
			html_findings(f, &dc, a, a->others[k], "No finding.");
			fputs("</section>\n", f);
		}
	}
	html_fixes(f, d);
	html_symbols(f, d);
	fputs("</body>\n</html>\n", f);
	return dc.failed ? -1 : 0;
}
