/* emit.c - batches of findings to their view or the generic layout, each
 * flushed as soon as it is rendered. */
#include "emit.h"
#include "view.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The rules with a view of their own, and the functions that render it. */
static const struct view {
	const char *rule;      /* registry id */
	view_text_fn text;     /* its text layout */
	view_json_fn json;     /* its JSON contract */
} views[] = {
	{ "not-coselectable", cosel_view_text, cosel_view_json },
	{ "recursive-dependency", cycle_view_text, cycle_view_json },
	{ "unmet-dependency", unmet_view_text, unmet_view_json },
};

static const struct view *view_of(const char *rule)
{
	for (size_t i = 0; rule && i < sizeof(views) / sizeof(views[0]); i++)
		if (!strcmp(views[i].rule, rule))
			return &views[i];
	return NULL;
}

static const char *const format_names[REPORT_FORMAT_COUNT] = {
	[REPORT_TEXT] = "text", [REPORT_JSON] = "json",
	[REPORT_SARIF] = "sarif", [REPORT_MD] = "md", [REPORT_DOT] = "dot",
	[REPORT_HTML] = "html", [REPORT_SVG] = "svg",
};

const char *report_format_name(int format)
{
	return format >= 0 && format < REPORT_FORMAT_COUNT
		? format_names[format] : "?";
}

int report_format_from_name(const char *name)
{
	for (int i = 0; name && i < REPORT_FORMAT_COUNT; i++)
		if (!strcmp(format_names[i], name))
			return i;
	return -1;
}

void report_begin(struct report *r, FILE *f, int format, int several)
{
	/* For the tests of the flushing only: a pause after each batch. */
	const char *pause = getenv("KDEP_TEST_EMIT_PAUSE");
	r->f = f;
	r->format = format;
	r->several = several;
	r->pause = pause && atoi(pause) > 0 ? (unsigned)atoi(pause) : 0;
	r->root = NULL;
	json_init(&r->j, f);
	if (format == REPORT_JSON && several)
		json_arr_begin(&r->j);
	if (format == REPORT_SARIF)
		sarif_begin(&r->j);
}

void report_emit(struct report *r, const struct report_scope *scope,
		 const struct finding_set *set)
{
	const struct view *v = view_of(scope->rule);
	if (r->format == REPORT_SARIF) {
		sarif_results(&r->j, scope, set);
	} else if (r->format == REPORT_MD)
		md_findings(r->f, scope, set);
	else if (r->format == REPORT_JSON)
		(v ? v->json : json_findings)(&r->j, scope, set);
	else
		(v ? v->text : text_findings)(r->f, scope, set);
	/* out now, whatever f is, not when the last batch is done */
	fflush(r->f);
	if (r->pause)
		sleep(r->pause);
}

void report_end(struct report *r)
{
	if (r->format == REPORT_SARIF) {
		sarif_end(&r->j, r->root);
		return;
	}
	if (r->format != REPORT_JSON)
		return;
	if (r->several)
		json_arr_end(&r->j);
	json_end(&r->j);
}
