/*
 * cmd_rules.c - `kdep rules` (or `kdep --list-rules`): the rule registry,
 * one rule a line: id, default severity, summary.
 */
#include "cmd.h"
#include "json.h"
#include "rule.h"

#include <string.h>

static void print_text(void)
{
	int w = 0;
	for (size_t i = 0; i < rule_count(); i++) {
		int n = (int)strlen(rule_at(i)->id);
		w = n > w ? n : w;
	}
	for (size_t i = 0; i < rule_count(); i++) {
		const struct rule *r = rule_at(i);
		printf("%-*s  %-7s  %s\n", w, r->id,
		       finding_severity_name(r->severity), r->summary);
	}
}

static void print_json(void)
{
	struct json j;
	json_init(&j, stdout);
	json_obj_begin(&j);
	json_key(&j, "rules");
	json_arr_begin(&j);
	for (size_t i = 0; i < rule_count(); i++) {
		const struct rule *r = rule_at(i);
		json_obj_begin(&j);
		json_key(&j, "id");
		json_str(&j, r->id);
		json_key(&j, "severity");
		json_str(&j, finding_severity_name(r->severity));
		json_key(&j, "summary");
		json_str(&j, r->summary);
		json_key(&j, "help");
		json_str(&j, r->help);
		json_key(&j, "file");
		json_str(&j, r->file);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

int cmd_rules(struct cmd_ctx *c)
{
	if (c->o.nargs)
		return cmd_usage(c->cmd, NULL, stderr, EXIT_USAGE);
	if (c->o.format == REPORT_JSON)
		print_json();
	else
		print_text();
	return EXIT_OK;
}
