/*
 * sarif.c - findings as a SARIF 2.1.0 log, the format code-scanning
 * services read: one run of kdep, the registry as tool.driver.rules, one
 * result per finding of any rule.
 *
 * A result's primary location is the finding's place (for a cycle, the
 * line its text output heads it with; for a "no", the first forbidding
 * line); each other place is a relatedLocations entry whose message says
 * what it is ("HAVE_STATIC_CALL is selected by LTO_CLANG_THIN"), the line
 * as written as its snippet; the links (or forbidding lines) in order are
 * also a codeFlow; the fingerprint is partialFingerprints["kdep/v1"]; a
 * fix is fixes[]; arch, profiles and the absent ones are properties; a
 * batch compared with a tree before a change says each result's
 * baselineState.
 * Every file is a URI relative to %SRCROOT%, which originalUriBaseIds
 * gives as the tree's file: URI when it is known.
 */
#include "cycle.h"
#include "rule.h"
#include "view.h"

#include <string.h>

/* The id every file's URI is relative to. */
#define SARIF_ROOT "SRCROOT"

static const char *level_of(const struct finding *f)
{
	if (f->kind != FINDING_FAIL)
		return "none";
	switch (f->severity) {
	case FINDING_ERROR: return "error";
	case FINDING_WARNING: return "warning";
	default: return "note";
	}
}

static const char *severity_level(int severity)
{
	return severity == FINDING_ERROR ? "error"
	       : severity == FINDING_WARNING ? "warning" : "note";
}

static const char *kind_of(const struct finding *f)
{
	return f->kind == FINDING_PASS ? "pass"
	       : f->kind == FINDING_OPEN ? "open" : "fail";
}

/* Whether byte c stands for itself in a URI path (RFC 3986 unreserved,
 * and the separator). */
static int uri_plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("-._~/", c);
}

/* path as a URI reference: every other byte %-encoded. */
static void json_uri(struct json *j, const char *prefix, const char *path,
		     const char *suffix)
{
	size_t n = strlen(prefix) + 3 * strlen(path) + strlen(suffix) + 1;
	char buf[4096], *p = buf;
	if (n > sizeof(buf)) {
		json_str(j, "");
		return;
	}
	p += sprintf(p, "%s", prefix);
	for (const unsigned char *s = (const unsigned char *)path; *s; s++)
		p += uri_plain(*s) ? sprintf(p, "%c", *s)
				   : sprintf(p, "%%%02X", *s);
	sprintf(p, "%s", suffix);
	json_str(j, buf);
}

static void json_text(struct json *j, const char *key, const char *text)
{
	json_key(j, key);
	json_obj_begin(j);
	json_key(j, "text");
	json_str(j, text && *text ? text : "-");
	json_obj_end(j);
}

/* "physicalLocation": file (relative to the tree) and line, with the
 * line as written when known. */
static void json_physical(struct json *j, const char *file, uint32_t line,
			  const char *snippet)
{
	json_key(j, "physicalLocation");
	json_obj_begin(j);
	json_key(j, "artifactLocation");
	json_obj_begin(j);
	json_key(j, "uri");
	json_uri(j, "", file, "");
	json_key(j, "uriBaseId");
	json_str(j, SARIF_ROOT);
	json_obj_end(j);
	if (line) {
		json_key(j, "region");
		json_obj_begin(j);
		json_key(j, "startLine");
		json_int(j, line);
		if (snippet && *snippet)
			json_text(j, "snippet", snippet);
		json_obj_end(j);
	}
	json_obj_end(j);
}

/* The line as written at file:line that f carries, or NULL. */
static const char *snippet_at(const struct finding *f, const char *file,
			      uint32_t line)
{
	const struct finding_related *r =
		file ? finding_related_at(f, "line", file, line) : NULL;
	return r ? r->message : NULL;
}

/* Whether a related place is a location of its own (a "line" is the text
 * of a link's line: the snippet of that link). */
static int is_location(const struct finding_related *r)
{
	return strcmp(r->role, "line") != 0;
}

/* What a related place's message says, into buf. */
static void related_message_text(const struct finding_related *r, char *buf,
				 size_t n)
{
	if (!strcmp(r->role, "witness"))
		snprintf(buf, n, "%s %s", r->message, r->file ? r->file : "");
	else if (!strcmp(r->role, "folded-by"))
		snprintf(buf, n, "folds a link away under another profile: %s",
			 r->message);
	else if (!strcmp(r->role, "forbids") && r->symbol)
		snprintf(buf, n, "%s: %s", r->symbol, r->message);
	else
		snprintf(buf, n, "%s", r->message);
}

static void json_location(struct json *j, const struct finding *f,
			  const struct finding_related *r, int id)
{
	char buf[2048];
	json_obj_begin(j);
	if (id) {
		json_key(j, "id");
		json_int(j, id);
	}
	/* a witness is a file written, not a place in the tree */
	if (r->file && strcmp(r->role, "witness"))
		json_physical(j, r->file, r->line,
			      !strcmp(r->role, "link")
				      ? snippet_at(f, r->file, r->line)
				      : r->message);
	related_message_text(r, buf, sizeof(buf));
	json_text(j, "message", buf);
	json_key(j, "properties");
	json_obj_begin(j);
	json_key(j, "role");
	json_str(j, r->role);
	if (r->symbol) {
		json_key(j, "symbol");
		json_str(j, r->symbol);
	}
	json_obj_end(j);
	json_obj_end(j);
}

/* The steps of a chain: the links of a cycle, the lines of a "no". */
static int is_step(const struct finding_related *r)
{
	return !strcmp(r->role, "link") || !strcmp(r->role, "forbids");
}

/* One step of a code flow: a place and what it is. */
static void json_step(struct json *j, const struct finding *f,
		      const char *file, uint32_t line, const char *message)
{
	json_obj_begin(j);
	json_key(j, "location");
	json_obj_begin(j);
	if (file)
		json_physical(j, file, line, snippet_at(f, file, line));
	json_text(j, "message", message);
	json_obj_end(j);
	json_obj_end(j);
}

/* The code flows of f: a thread flow per cycle of a recursive dependency
 * (its links in order), else one of its steps (the links, or the lines
 * of a "no") as the finding lists them. */
static void json_flows(struct json *j, const struct finding *f)
{
	size_t steps = 0;
	char buf[1024];
	for (size_t i = 0; i < f->nrelated; i++)
		steps += is_step(&f->related[i]);
	if (!steps && !cycle_view_at(f, 0))
		return;
	json_key(j, "codeFlows");
	json_arr_begin(j);
	json_obj_begin(j);
	json_text(j, "message", f->message);
	json_key(j, "threadFlows");
	json_arr_begin(j);
	const struct cycle *c;
	for (size_t k = 0; (c = cycle_view_at(f, k)); k++) {
		json_obj_begin(j);
		snprintf(buf, sizeof(buf), "cycle %zu", k + 1);
		json_text(j, "message", buf);
		json_key(j, "locations");
		json_arr_begin(j);
		for (uint32_t i = 0; i < c->nlinks; i++) {
			const struct cycle_link *l = &c->links[i];
			snprintf(buf, sizeof(buf), "%s %s %s", l->from,
				 cycle_phrase(l->kind), l->to);
			json_step(j, f, l->file, l->line, buf);
		}
		json_arr_end(j);
		json_obj_end(j);
	}
	if (!cycle_view_at(f, 0)) {
		json_obj_begin(j);
		json_key(j, "locations");
		json_arr_begin(j);
		for (size_t i = 0; i < f->nrelated; i++) {
			const struct finding_related *r = &f->related[i];
			if (!is_step(r))
				continue;
			related_message_text(r, buf, sizeof(buf));
			json_step(j, f, r->file, r->line, buf);
		}
		json_arr_end(j);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
	json_arr_end(j);
}

/* One edit of a fix: the lines it replaces and what replaces them. */
static void json_replacement(struct json *j, const struct finding_edit *e)
{
	json_obj_begin(j);
	json_key(j, "deletedRegion");
	json_obj_begin(j);
	json_key(j, "startLine");
	json_int(j, e->first);
	if (e->last >= e->first) {
		json_key(j, "endLine");
		json_int(j, e->last);
	} else { /* an insertion: an empty region before first */
		json_key(j, "startColumn");
		json_int(j, 1);
		json_key(j, "endColumn");
		json_int(j, 1);
	}
	json_obj_end(j);
	json_key(j, "insertedContent");
	json_obj_begin(j);
	json_key(j, "text");
	json_str(j, e->new_text ? e->new_text : "");
	json_obj_end(j);
	json_obj_end(j);
}

static void json_fixes(struct json *j, const struct finding_fix *x)
{
	json_key(j, "fixes");
	json_arr_begin(j);
	json_obj_begin(j);
	json_text(j, "description", x->description);
	json_key(j, "artifactChanges");
	json_arr_begin(j);
	for (size_t i = 0; i < x->nedits; i++) {
		json_obj_begin(j);
		json_key(j, "artifactLocation");
		json_obj_begin(j);
		json_key(j, "uri");
		json_uri(j, "", x->edits[i].file, "");
		json_key(j, "uriBaseId");
		json_str(j, SARIF_ROOT);
		json_obj_end(j);
		json_key(j, "replacements");
		json_arr_begin(j);
		json_replacement(j, &x->edits[i]);
		json_arr_end(j);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
	json_arr_end(j);
}

static void json_properties(struct json *j, const struct report_scope *s,
			    const struct finding *f)
{
	json_key(j, "properties");
	json_obj_begin(j);
	json_key(j, "arch");
	json_str(j, f->arch ? f->arch : s->arch);
	json_key(j, "profiles");
	json_strs(j, f->holds, f->nholds);
	json_key(j, "absent");
	json_absent_list(j, f);
	json_key(j, "symbols");
	json_strs(j, f->symbols, f->nsymbols);
	json_obj_end(j);
}

/* The index of rule id in tool.driver.rules (the registry's order). */
static int rule_index(const char *id)
{
	for (size_t i = 0; i < rule_count(); i++)
		if (!strcmp(rule_at(i)->id, id))
			return (int)i;
	return -1;
}

static void json_result(struct json *j, const struct report_scope *s,
			const struct finding *f)
{
	char hex[17];
	int index = rule_index(f->rule), id = 0;
	json_obj_begin(j);
	json_key(j, "ruleId");
	json_str(j, f->rule);
	if (index >= 0) {
		json_key(j, "ruleIndex");
		json_int(j, index);
	}
	json_key(j, "kind");
	json_str(j, kind_of(f));
	json_key(j, "level");
	json_str(j, level_of(f));
	json_text(j, "message", f->message);
	json_key(j, "locations");
	json_arr_begin(j);
	if (f->file) {
		json_obj_begin(j);
		json_physical(j, f->file, f->line,
			      snippet_at(f, f->file, f->line));
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "relatedLocations");
	json_arr_begin(j);
	for (size_t i = 0; i < f->nrelated; i++)
		if (is_location(&f->related[i]))
			json_location(j, f, &f->related[i], ++id);
	json_arr_end(j);
	json_flows(j, f);
	if (s->baseline) {
		json_key(j, "baselineState");
		json_str(j, s->baseline);
	}
	json_key(j, "partialFingerprints");
	json_obj_begin(j);
	json_key(j, "kdep/v1");
	json_str(j, finding_fingerprint_hex(f->fingerprint, hex));
	json_obj_end(j);
	if (f->fix)
		json_fixes(j, f->fix);
	json_properties(j, s, f);
	json_obj_end(j);
}

void sarif_begin(struct json *j)
{
	json_obj_begin(j);
	json_key(j, "$schema");
	json_str(j, "https://json.schemastore.org/sarif-2.1.0.json");
	json_key(j, "version");
	json_str(j, "2.1.0");
	json_key(j, "runs");
	json_arr_begin(j);
	json_obj_begin(j);
	json_key(j, "tool");
	json_obj_begin(j);
	json_key(j, "driver");
	json_obj_begin(j);
	json_key(j, "name");
	json_str(j, "kdep");
	json_key(j, "version");
	json_str(j, KDEP_VERSION);
	json_key(j, "rules");
	json_arr_begin(j);
	for (size_t i = 0; i < rule_count(); i++) {
		const struct rule *r = rule_at(i);
		json_obj_begin(j);
		json_key(j, "id");
		json_str(j, r->id);
		json_text(j, "shortDescription", r->summary);
		json_text(j, "fullDescription", r->help);
		json_text(j, "help", r->help);
		json_key(j, "defaultConfiguration");
		json_obj_begin(j);
		json_key(j, "level");
		json_str(j, severity_level(r->severity));
		json_obj_end(j);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
	json_obj_end(j);
	json_key(j, "results");
	json_arr_begin(j);
}

void sarif_results(struct json *j, const struct report_scope *s,
		   const struct finding_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		json_result(j, s, &set->v[i]);
}

void sarif_end(struct json *j, const char *root)
{
	json_arr_end(j); /* results */
	json_key(j, "columnKind");
	json_str(j, "unicodeCodePoints");
	if (root && *root == '/') {
		json_key(j, "originalUriBaseIds");
		json_obj_begin(j);
		json_key(j, SARIF_ROOT);
		json_obj_begin(j);
		json_key(j, "uri");
		json_uri(j, "file://", root,
			 root[strlen(root) - 1] == '/' ? "" : "/");
		json_obj_end(j);
		json_obj_end(j);
	}
	json_obj_end(j); /* the run */
	json_arr_end(j);
	json_obj_end(j);
	json_end(j);
}
