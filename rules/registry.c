/*
 * registry.c - the rule table (rule.h). Keep it sorted by id; a new row
 * also goes into rules/README.md and the RULES section of man/kdep.1.
 */
#include "rule.h"
#include "error.h"

#include <string.h>

static const struct rule rules[] = {
	{ "not-coselectable", FINDING_WARNING,
	  "symbols that cannot all be y (or at least m) in one .config",
	  "Asks whether some .config that make olddefconfig accepts has every "
	  "target symbol at y (at least m with --allow-m), under each "
	  "toolchain profile. A yes is a pass and carries a witness .config "
	  "checked by the Kconfig engine; a no is a fail and carries a "
	  "minimal set of Kconfig lines that together forbid it: relaxing "
	  "any one of them (a dependency, a select condition, a prompt "
	  "condition) is where a fix starts. An unknown is an open result: "
	  "the encoding proposed candidates the Kconfig engine refuted.",
	  "rules/cosel.c", rule_cosel_run },
	{ "recursive-dependency", FINDING_ERROR,
	  "a cycle in the graph the kernel's recursive dependency check walks",
	  "Each strongly connected component of the graph the kernel's "
	  "sym_check_deps() walks (dependencies, selects and their "
	  "conditions, implies, the conditions of prompts, defaults and "
	  "ranges, default values; a choice block is one node) is one "
	  "finding, under the toolchain profiles where it exists. Its cycles "
	  "name the line of every link; under a profile where a cycle is "
	  "absent, the link missing there and the dependency that folds it "
	  "away are named. Break a cycle by removing one link, most often a "
	  "select (turn it into a depends on) or the condition that closes "
	  "the loop.",
	  "rules/cycle.c", rule_cycle_run },
	{ "undefined-symbol", FINDING_WARNING,
	  "a symbol a change refers to that no Kconfig file of any arch "
	  "defines",
	  "Checks the lines a change writes (kdep check) against an index of "
	  "every config, menuconfig and choice name that any Kconfig file of "
	  "the tree defines, whatever the arch, as the kernel's "
	  "checkkconfigsymbols.py does: a symbol a Kconfig expression names "
	  "(depends on, select, imply, default, range, visible if, if) or a "
	  "CONFIG_NAME of a C file, header or Makefile that is defined "
	  "nowhere is most often a typo, or a symbol removed elsewhere. "
	  "Define it, correct the name, or drop the reference.",
	  "rules/undefined.c", rule_undefined_run },
	{ "unmet-dependency", FINDING_WARNING,
	  "a select that can force its target on below its dependencies",
	  "For every 'select X' (or 'select X if C') written under a symbol "
	  "S, asks whether some valid .config has S at least m, C true and "
	  "the direct dependencies of X ('depends on', if blocks, menus) "
	  "below what the select gives X, under each toolchain profile: the "
	  "configurations for which the kernel's conf prints \"unmet direct "
	  "dependencies detected for X\". An alarm is a fail and carries a "
	  "witness .config for which kconfiglib reports the same, with the "
	  "user choices that trigger it; a select the solver cannot rule out "
	  "but whose candidates the Kconfig engine refuted is an open "
	  "result; every other select is proved safe. Fix it by making S "
	  "depend on what X depends on, or select X only under that "
	  "condition ('select X if DEP'); 'imply X' respects dependencies.",
	  "rules/unmet.c", rule_unmet_run },
};

size_t rule_count(void)
{
	return sizeof(rules) / sizeof(rules[0]);
}

const struct rule *rule_at(size_t i)
{
	return i < rule_count() ? &rules[i] : NULL;
}

const struct rule *rule_find(const char *id)
{
	size_t lo = 0, hi = rule_count();
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, rules[mid].id);
		if (!c)
			return &rules[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int rule_run(const char *id, const struct rule_ctx *ctx,
	     struct finding_sink *sink)
{
	const struct rule *r = rule_find(id);
	if (!r) {
		kdep_error_set("no rule '%s'", id);
		return -1;
	}
	return r->run(r, ctx, sink);
}
