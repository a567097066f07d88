/*
 * cmd_scan.c - `kdep scan`: every (arch, profile) of the command line
 * scanned into the database, with what each holds; with --verbose, the
 * parser's warnings and the undefined symbols, as a compiler would say them.
 */
#include "cmd.h"
#include "json.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_text(const struct scan_result *r)
{
	const struct model_counts *c = &r->counts;
	uint32_t total = 0;
	for (int k = 0; k < EDGE_KIND_COUNT; k++)
		total += c->edges[k];
	printf("%s (%s): %u files, %u symbols, %u undefined, %u choices, "
	       "%u edges, %u unknown probes, %u warnings%s, %.3f s\n",
	       r->arch, r->profile, c->files, c->defined, c->undefined,
	       c->choices, total, r->unknown_probes, r->nwarnings,
	       r->cached ? ", cached" : "", r->seconds);
	printf("  edges:");
	for (int k = 0; k < EDGE_KIND_COUNT; k++)
		printf(" %s %u%s", model_edge_kind_name(k), c->edges[k],
		       k + 1 < EDGE_KIND_COUNT ? "," : "\n");
}

/*
 * Reads "FILE:LINE" at w: the length of FILE and the line, or 0 when w
 * does not start with one.
 */
static size_t place_at(const char *w, unsigned long *line)
{
	size_t n = strcspn(w, " \t\n:(),");
	char *end;
	if (!n || w[n] != ':' || !isdigit((unsigned char)w[n + 1]))
		return 0;
	*line = strtoul(w + n + 1, &end, 10);
	return *end == '\0' || strchr(" \t\n:),", *end) ? n : 0;
}

/*
 * The place a kconfiglib warning names: "FILE:LINE: warning: ..." before
 * its text, else the first "(defined at FILE:LINE" in it. Returns where
 * FILE starts in w and sets *len and *line, or NULL when it names none.
 */
static const char *warning_place(const char *w, size_t *len,
				 unsigned long *line)
{
	static const char defined[] = "defined at ";
	if ((*len = place_at(w, line)))
		return w;
	for (const char *p = w; (p = strstr(p, defined)); p++)
		if ((*len = place_at(p + sizeof(defined) - 1, line)))
			return p + sizeof(defined) - 1;
	return NULL;
}

/* Prints s with every run of white space as one space. */
static void print_words(const char *s)
{
	int space = 0;
	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			space = 1;
			continue;
		}
		if (space)
			putchar(' ');
		space = 0;
		putchar(*s);
	}
}

/*
 * A parser warning as a compiler's: "FILE:LINE: warning: MESSAGE" at the
 * place its text names, else "kdep: warning: MESSAGE"; on one line.
 */
static void print_warning(const char *w)
{
	size_t len;
	unsigned long line;
	const char *at = warning_place(w, &len, &line);
	const char *msg = w;
	if (at == w) {
		/* "FILE:LINE: MESSAGE": the place is not part of the message */
		msg = w + len + 1 + strspn(w + len + 1, "0123456789");
		msg += *msg == ':';
	}
	msg += strspn(msg, " \t\n");
	if (!strncmp(msg, "warning:", 8))
		msg += 8;
	msg += strspn(msg, " \t\n");
	if (at)
		printf("%.*s:%lu: warning: ", (int)len, at, line);
	else
		printf("kdep: warning: ");
	print_words(msg);
	putchar('\n');
}

/* --verbose: the warnings of r, then each undefined symbol at its first
 * reference. Returns 0, or -1 with the error set. */
static int print_verbose(const struct scan_result *r)
{
	struct model_undef *u;
	size_t n;
	for (unsigned i = 0; i < r->nwarnings; i++)
		print_warning(r->warnings[i]);
	if (model_undefs(r->model, &u, &n))
		return -1;
	for (size_t i = 0; i < n; i++)
		printf("%s:%u: warning: %s is referenced but never defined\n",
		       r->model->files[u[i].loc.file], u[i].loc.line,
		       r->model->syms[u[i].sym].name);
	model_undefs_free(u);
	return 0;
}

static void print_json(struct json *j, const struct scan_result *r,
		       const char *tree)
{
	const struct model_counts *c = &r->counts;
	json_obj_begin(j);
	json_key(j, "arch");
	json_str(j, r->arch);
	json_key(j, "profile");
	json_str(j, r->profile);
	json_key(j, "tree");
	json_str(j, tree);
	json_key(j, "files");
	json_int(j, c->files);
	json_key(j, "symbols");
	json_int(j, c->defined);
	json_key(j, "undefined");
	json_int(j, c->undefined);
	json_key(j, "choices");
	json_int(j, c->choices);
	json_key(j, "edges");
	json_obj_begin(j);
	for (int k = 0; k < EDGE_KIND_COUNT; k++) {
		json_key(j, model_edge_kind_name(k));
		json_int(j, c->edges[k]);
	}
	json_obj_end(j);
	json_key(j, "unknown_probes");
	json_int(j, r->unknown_probes);
	json_key(j, "warnings");
	json_arr_begin(j);
	for (unsigned i = 0; i < r->nwarnings; i++)
		json_str(j, r->warnings[i]);
	json_arr_end(j);
	json_key(j, "cached");
	json_bool(j, r->cached);
	json_key(j, "seconds");
	json_double(j, r->seconds);
	json_key(j, "scan_id");
	json_int(j, r->scan_id);
	json_obj_end(j);
}

int cmd_scan(struct cmd_ctx *c)
{
	struct scan_ctx *ctx = &c->scans;
	struct json j;
	int ret = EXIT_OK;

	if (c->o.format == REPORT_JSON) {
		json_init(&j, stdout);
		json_obj_begin(&j);
		json_key(&j, "scans");
		json_arr_begin(&j);
	}
	for (size_t ai = 0; ai < ctx->narches && !ret; ai++) {
		struct profile_arch a;
		char **profiles;
		size_t np;
		if (scan_arch_profiles(ctx, ctx->arches[ai], &a, &profiles,
				       &np)) {
			ret = cmd_fail();
			break;
		}
		for (size_t pi = 0; pi < np && !ret; pi++) {
			struct scan_result r;
			int verbose = c->o.verbose && c->o.format != REPORT_JSON;
			if (scan_run(ctx, ctx->arches[ai], profiles[pi],
				     verbose, &r)) {
				ret = cmd_fail();
				scan_result_free(&r);
				break;
			}
			if (c->o.format == REPORT_JSON)
				print_json(&j, &r, source_identity(ctx->src));
			else
				print_text(&r);
			if (verbose && print_verbose(&r))
				ret = cmd_fail();
			scan_result_free(&r);
		}
		strv_free(profiles);
		fflush(stdout); /* this arch is complete: out now */
	}
	if (c->o.format == REPORT_JSON) {
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	}
	return ret;
}
