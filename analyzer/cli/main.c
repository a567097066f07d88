/*
 * main.c - the command table, dispatch, and what every command shares:
 * main parses a command's options by its table, opens what the command
 * needs, runs it and closes it again; cmd_fail() prints every error.
 */
#include "cmd.h"
#include "error.h"
#include "git.h"
#include "suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct opt cosel_own[] = {
	{ "matrix", OPT_STR, CMD_ARG(matrix), NULL, "SYM,SYM,...",
	  "every subset of the list (at most 8) instead of one question: the "
	  "largest ones that can be y together, and why each smallest "
	  "excluded one cannot (each SYM may ask a value, SYM=VALUE)" },

	{ "allow-m", OPT_FLAG, CMD_ARG(allow_m), NULL, NULL,
	  "m counts: the symbols must be at least m" },
	{ "witness", OPT_STR, CMD_ARG(witness), NULL, "FILE",
	  "write the witness .config of a yes to FILE (with several arches "
	  "or profiles, to FILE.ARCH.PROFILE)" },
	{ "fix", OPT_FLAG, CMD_ARG(fix), NULL, NULL,
	  "for a no, prove relaxations as 'kdep fix --want' does and attach "
	  "the top proven one (not with --matrix)" },
	{ "config", OPT_STR, CMD_ARG(config), NULL, "FILE",
	  "the witness closest to the .config FILE: the fewest changed user "
	  "choices (bool and tristate symbols whose prompt is visible "
	  "there), each listed as SYM: old -> new (not with --matrix)" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static const struct opt fix_own[] = {
	{ "want", OPT_STR, CMD_ARG(want), NULL, "SYM,SYM,...",
	  "instead of the cycles: the smallest relaxations (one conjunct "
	  "dropped from a line of the explanation) that make these symbols "
	  "co-selectable, under each profile where they are not" },
	{ "output", OPT_STR, CMD_ARG(output), NULL, "DIR",
	  "also write each proven fix to DIR as a git format-patch mail "
	  "(0001-....patch) whose message states what was proven" },
	{ "build-check", OPT_FLAG, CMD_ARG(build_check), NULL, NULL,
	  "after the proof, build the top proven fix of each component (with "
	  "--want: of each profile where the symbols were wanted) with the "
	  "profile's real toolchain (gcc-12: Debian's gcc-12, the cross one "
	  "for a foreign arch; llvm-19: clang-19 and lld-19) in a scratch "
	  "copy of the tree: allnoconfig with the fix's witness, the impact "
	  "list's objects, then vmlinux; reports the first compiler or "
	  "linker error. This runs the tree's Makefiles: only with --tree" },
	{ "build-dir", OPT_STR, CMD_ARG(build_dir), NULL, "DIR",
	  "where --build-check keeps its scratch copy and objects (default: "
	  "$KDEP_CACHE/build/, else ~/.cache/kdep/build/, one directory per "
	  "tree, arch and profile, so that a second run rebuilds only what "
	  "changed)" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static const struct opt cycles_own[] = {
	{ "fix", OPT_FLAG, CMD_ARG(fix), NULL, NULL,
	  "prove fixes as 'kdep fix' does and attach the top proven one to "
	  "each finding (proofs kept in the database: asking again parses "
	  "nothing; without it nothing is proven)" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static const struct opt check_own[] = {
	{ "staged", OPT_FLAG, CMD_ARG(staged), NULL, NULL,
	  "the staged change: the index (GIT_INDEX_FILE when set, as git "
	  "commit -a sets it for hooks) against HEAD" },
	{ "range", OPT_STR, CMD_ARG(range), NULL, "A..B",
	  "each commit reachable from B and not from A, against its first "
	  "parent, oldest first" },
	{ "squash", OPT_FLAG, CMD_ARG(squash), NULL, NULL,
	  "with --range: B against A, once" },
	{ "git", OPT_STR, CMD_ARG(git), NULL, "REPO[@REV]",
	  "every finding of one revision (default HEAD), no comparison" },
	{ "all", OPT_FLAG, CMD_ARG(all), NULL, NULL,
	  "print the findings that were there before the change too (they "
	  "are counted on one line otherwise)" },
	{ "watch", OPT_STR, CMD_ARG(watch), NULL, "A,B[;C,D]",
	  "co-selectability questions whose flip from yes to no is a finding "
	  "(default: git config kdep.watch)" },
	{ "arch", OPT_STR, CMD_ARG(arch), NULL, "A[,B]|all",
	  "architectures (default: git config kdep.arches, else this "
	  "machine's and each one whose arch/NAME/ the change touches; a "
	  "change outside arch/ checks every profiled one with --range, and "
	  "names those left out with --staged)" },
	{ "profile", OPT_STR, CMD_ARG(profile), NULL, "P[,Q]|all",
	  "toolchain profiles (default: git config kdep.profiles, else every "
	  "built-in one recorded for the arch)" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static const struct opt hook_own[] = {
	{ "force", OPT_FLAG, CMD_ARG(force), NULL, NULL,
	  "install over a pre-commit hook that is not kdep's: it is kept as "
	  "pre-commit.kdep-saved and runs first" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static const struct opt scan_own[] = {
	{ "verbose", OPT_FLAG, CMD_ARG(verbose), NULL, NULL,
	  "after the counts, every parser warning and every undefined symbol "
	  "the tree names, each at its line" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static const struct opt values_own[] = {
	{ "config", OPT_STR, CMD_ARG(config), NULL, "FILE",
	  "load FILE as 'make olddefconfig' would (default: none, that is "
	  "alldefconfig)" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static const struct opt report_own[] = {
	{ "want", OPT_STR, CMD_ARG(want), NULL, "SYM,...",
	  "more symbols for the co-selectability matrix, after CFI, "
	  "CALL_OPS, DIRECT_CALLS and STATIC_CALL (at most 8 in all)" },
	{ "output", OPT_STR, CMD_ARG(output), NULL, "FILE",
	  "where the report goes (also -o FILE; required): written whole or "
	  "not at all" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static const struct opt *const report_opts[] = {
	report_own, opts_tree, opts_format_report, opts_help, NULL,
};

static const struct opt *const cosel_opts[] = {
	cosel_own, opts_tree, opts_format_findings, opts_help, NULL,
};
static const struct opt *const fix_opts[] = {
	fix_own, opts_tree, opts_format, opts_help, NULL,
};
static const struct opt *const unmet_opts[] = {
	opts_tree, opts_format_findings, opts_help, NULL,
};
static const struct opt *const cycles_opts[] = {
	cycles_own, opts_tree, opts_format_findings, opts_help, NULL,
};
static const struct opt show_own[] = {
	{ "depth", OPT_STR, CMD_ARG(depth), NULL, "N",
	  "with --format dot or svg: the symbols up to N dependencies away, "
	  "either way (default: 1)" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static const struct opt *const show_opts[] = {
	show_own, opts_tree_one, opts_db, opts_format_picture, opts_help,
	NULL,
};
static const struct opt *const check_opts[] = {
	check_own, opts_db, opts_format_sarif, opts_help, NULL,
};
static const struct opt *const hook_opts[] = {
	hook_own, opts_help, NULL,
};
static const struct opt *const format_opts[] = {
	opts_format, opts_help, NULL,
};
static const struct opt *const scan_opts[] = {
	scan_own, opts_tree, opts_format, opts_help, NULL,
};
static const struct opt *const props_opts[] = {
	opts_tree, opts_help, NULL,
};
static const struct opt *const values_opts[] = {
	values_own, opts_tree_one, opts_format, opts_help, NULL,
};

static const struct opt *const why_opts[] = {
	values_own, opts_tree_one, opts_format, opts_help, NULL,
};

static const struct cmd_arg_help cosel_args[] = {
	{ "SYM...", "the symbols, with or without CONFIG_; SYM=VALUE or "
	  "SYM!=VALUE asks a value (y, m or n; an int's or a hex's number; "
	  "a string's text), a bare SYM y (at least m with --allow-m)", 1 },
	{ NULL, NULL, 0 },
};

static const struct cmd_arg_help show_args[] = {
	{ "SYMBOL", "the symbol, with or without CONFIG_", 0 },
	{ NULL, NULL, 0 },
};

static const struct cmd_arg_help why_args[] = {
	{ "SYMBOL...", "the symbols, with or without CONFIG_", 1 },
	{ NULL, NULL, 0 },
};

static const struct cmd_arg_help hook_args[] = {
	{ "install|uninstall", "write kdep's pre-commit hook into the hooks "
	  "directory (core.hooksPath, else .git/hooks), or take it out and "
	  "put back the hook it kept", 0 },
	{ NULL, NULL, 0 },
};

const struct cmd kdep_commands[] = {
	{ .name = "check", .fn = cmd_check, .needs = NEEDS_NOTHING,
	  .summary = "what a change does to the Kconfig graph: only the "
		     "findings it introduces (a pre-commit hook, CI)",
	  .about = "Runs the rules on the tree before and after the change "
		   "and reports the findings the change introduces: a new "
		   "recursive dependency (or a new edge inside a known one), "
		   "a watched question that is no longer co-selectable, a "
		   "symbol it refers to that no Kconfig file of any arch "
		   "defines, a select of one whose cone it touches that can "
		   "force its target above its dependencies. Findings already there are counted. When no "
		   "Kconfig file changed, the diff alone answers. Nothing is "
		   "written into the repository. Output: text, json, or "
		   "sarif: one SARIF log whose results are the new findings "
		   "(baselineState new; with --all the existing ones too, "
		   "unchanged), nothing else on stdout. Exit status 1 on a "
		   "new finding, 3 when a tree cannot be analysed.",
	  .opts = check_opts, .check = cmd_check_check },
	{ .name = "cosel", .fn = cmd_cosel, .needs = NEEDS_SCANS,
	  .args = "[SYM[=VALUE]...]",
	  .summary = "can these symbols be y together? a checked witness "
		     ".config for yes, the lines that forbid it for no",
	  .about = "Give the symbols, or a list to --matrix. Asked per "
		   "architecture and profile. Exit status 0 when "
		   "the symbols (the whole list, for a matrix) are "
		   "co-selectable under every profile asked, 1 otherwise.",
	  .arg_help = cosel_args, .opts = cosel_opts, .nargs = -1,
	  .check = cmd_cosel_check },
	{ .name = "cycles", .fn = cmd_cycles, .needs = NEEDS_SCANS,
	  .summary = "every recursive dependency, under every profile, with "
		     "the line of each link",
	  .about = "Exit status 1 when there is a cycle.",
	  .opts = cycles_opts },
	{ .name = "fix", .fn = cmd_fix, .needs = NEEDS_SCANS,
	  .summary = "Kconfig edits that break each recursive dependency, "
		     "each proven before it is offered",
	  .about = "Candidates come from the links of each component's "
		   "cycles: drop a select or a depends on, drop a condition "
		   "or one conjunct of it. Each is applied to an overlay of "
		   "the tree (nothing is written), parsed again under every "
		   "profile and checked: the component must have no cycle "
		   "and no new one may appear. A SAT check on the symbols "
		   "the edit touches says under which profiles no "
		   "configuration changes; those fixes rank first. Printed "
		   "as a unified diff with its proof. With --want, what "
		   "makes the symbols co-selectable instead. Exit status 1 "
		   "when there is a cycle to fix, or the symbols are not "
		   "co-selectable under some profile, or a --build-check "
		   "build failed (the expected confirmation of a fix labelled "
		   "'code changes needed'); 3 when the build could not run "
		   "(a tool of the profile missing: the message names its "
		   "package).",
	  .opts = fix_opts, .check = cmd_fix_check },
	{ .name = "hook", .fn = cmd_hook, .needs = NEEDS_NOTHING,
	  .args = "install|uninstall",
	  .summary = "install or uninstall kdep's git pre-commit hook",
	  .about = "The hook runs 'kdep check --staged' by the absolute path "
		   "of this kdep. A pre-commit hook that is not kdep's is "
		   "refused, or with --force kept as pre-commit.kdep-saved "
		   "and run first; uninstall puts it back.",
	  .arg_help = hook_args, .opts = hook_opts, .nargs = 1 },
	{ .name = "profile", .fn = cmd_profile, .needs = NEEDS_NOTHING,
	  .args = "list|show|record ...",
	  .summary = "list, show or record toolchain profiles",
	  .about = "'kdep help profile list', 'kdep help profile show' and "
		   "'kdep help profile record' describe each.",
	  .nargs = -1 },
	{ .name = "props", .fn = cmd_props, .needs = NEEDS_SCANS,
	  .summary = "every symbol's properties, each with the condition it "
		     "holds under, as the tests compare them with the kernel's",
	  .about = "For the tests (tests/kernel/check_oracle.py): the "
		   "format of tests/kernel/oracle/kdump.c, the tree's own "
		   "Kconfig parser, one block per arch and profile.",
	  .opts = props_opts, .hidden = 1 },
	{ .name = "report", .fn = cmd_report, .needs = NEEDS_SCANS,
	  .summary = "one document over the tree: what was analysed, every "
		     "recursive dependency with a picture, the co-selectability "
		     "matrix, each symbol that appears",
	  .about = "The matrix is CFI, CALL_OPS, DIRECT_CALLS and STATIC_CALL "
		   "(and --want), asked under each profile whose graph has no "
		   "cycle. HTML is one self-contained page: inline style and "
		   "pictures (rendered by graphviz's dot), no script, nothing "
		   "fetched. Exit status 0 when the report is written.",
	  .opts = report_opts, .check = cmd_report_check },
	{ .name = "rules", .fn = cmd_rules, .needs = NEEDS_NOTHING,
	  .summary = "the rule registry: id, default severity, summary",
	  .about = "'kdep --list-rules' is the same.",
	  .opts = format_opts },
	{ .name = "scan", .fn = cmd_scan, .needs = NEEDS_SCANS,
	  .summary = "parse a tree's Kconfig graph into the database",
	  .about = "A tree whose Kconfig files are unchanged is not parsed "
		   "again: its scan comes from the database.",
	  .opts = scan_opts },
	{ .name = "show", .fn = cmd_show, .needs = NEEDS_SCANS,
	  .args = "SYMBOL",
	  .summary = "everything the graph knows about one symbol",
	  .arg_help = show_args, .opts = show_opts, .nargs = 1 },
	{ .name = "unmet", .fn = cmd_unmet, .needs = NEEDS_SCANS,
	  .summary = "selects that can force their target on below its "
		     "dependencies, each with a checked witness .config",
	  .about = "Every 'select' of a bool or tristate symbol is proved "
		   "safe or shown to give its target more than its direct "
		   "dependencies allow (conf's \"unmet direct dependencies "
		   "detected\"), with a witness .config kconfiglib confirms "
		   "and the user choices that trigger it. Exit status 1 "
		   "when there is an alarm or an unknown select.",
	  .opts = unmet_opts },
	{ .name = "values", .fn = cmd_values, .needs = NEEDS_TREE,
	  .summary = "every symbol's value, as a .config: alldefconfig, or "
		     "olddefconfig of a given one",
	  .opts = values_opts },
	{ .name = "version", .fn = cmd_version, .needs = NEEDS_NOTHING,
	  .summary = "kdep's version (also kdep --version, -V)",
	  .opts = format_opts },
	{ .name = "why", .fn = cmd_why, .needs = NEEDS_TREE,
	  .args = "SYMBOL...",
	  .summary = "why a symbol has its value for a .config, in the "
		     "kernel's terms, each line with its file:line",
	  .about = "As the kernel's sym_calc_value() computes it: the "
		   "symbol's type and value (the Kconfig engine's, for "
		   "olddefconfig of --config), what sets it (the .config's "
		   "value within its prompt's visibility, the default that "
		   "applies, an imply, a select), and every line that takes "
		   "part: prompts with their visibility, 'depends on' lines "
		   "(those of if blocks and menus too), the selects and "
		   "implies that act on it with what each gives, defaults "
		   "and ranges with the one that applies, each with the "
		   "values of the symbols it names.",
	  .arg_help = why_args, .opts = why_opts, .nargs = -1,
	  .check = cmd_why_check },
	{ .name = NULL },
};

int cmd_version(struct cmd_ctx *c)
{
	if (c->o.nargs)
		return cmd_usage_error(c->cmd, "version takes no argument");
	printf("kdep %s\n", KDEP_VERSION);
	return EXIT_OK;
}

const struct cmd *cmd_find(const char *name)
{
	for (const struct cmd *c = kdep_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/* "unknown command 'X'", with the closest command when there is one. */
static int unknown_command(const char *name)
{
	const char *names[32];
	size_t n = 0;
	for (const struct cmd *c = kdep_commands; c->name && n < 32; c++)
		names[n++] = c->name;
	const char *close = suggest_closest(name, names, n);
	if (close)
		kdep_error_set_arg("unknown command '%s'; did you mean '%s'? "
				   "(see 'kdep --help')", name, close);
	else
		kdep_error_set_arg("unknown command '%s' (see 'kdep --help')",
				   name);
	return cmd_fail();
}

int cmd_fail(void)
{
	char buf[8192];
	/* A diagnostic with a place prints as a compiler's would. */
	if (kdep_error_file())
		fprintf(stderr, "%s\n", kdep_error_format(buf, sizeof(buf)));
	else if (!strncmp(kdep_error_last(), "error: ", 7))
		fprintf(stderr, "%s\n", kdep_error_last());
	else
		fprintf(stderr, "kdep: error: %s\n", kdep_error_last());
	return kdep_error_class() == KDEP_ERR_ARG ? EXIT_USAGE : EXIT_TREE;
}

int cmd_unknown_symbol(const struct model *m, const char *name,
		       const char *arch)
{
	const char *close = model_suggest(m, name);
	if (close)
		kdep_error_set_arg("no symbol %s in the %s tree; did you mean "
				   "%s?", name, arch, close);
	else
		kdep_error_set_arg("no symbol %s in the %s tree", name, arch);
	return cmd_fail();
}

const char *cmd_rule_line_text(void *engine, const char *file, uint32_t n,
			       char *buf, size_t size)
{
	return source_line_text(engine, file, n, buf, size);
}

/* Progress on stderr while a tree is parsed, when it is a terminal. */
static void show_progress(void *ctx, const char *arch, const char *profile,
			  int begin)
{
	if (begin)
		fprintf(stderr, "kdep: parsing %s (%s)...\r", arch, profile);
	else
		fputs("\033[K", stderr);
}

/* A worker's parse is over: the completions as they happen, on stderr. */
static void show_done(void *ctx, const char *arch, const char *profile,
		      size_t done, size_t n)
{
	fprintf(stderr, "kdep: parsed %s (%s), %zu of %zu\033[K\r", arch,
		profile, done, n);
}

/* The scan options of a command line (progress on stderr with c->progress). */
static struct scan_opts cmd_scan_opts(struct cmd_ctx *c)
{
	struct scan_opts so = {
		.src = c->tree,
		.arch = c->o.arch,
		.profile = c->o.profile,
		.db = c->o.db,
		.progress = c->progress ? show_progress : NULL,
		.done = c->progress ? show_done : NULL,
		.jobs = c->o.jobs ? (unsigned)strtoul(c->o.jobs, NULL, 10) : 0,
		/* a directory, not a commit: a worker opens it by its path */
		.worker_tree = c->o.git || c->o.staged ? NULL
						       : source_identity(c->tree),
	};
	return so;
}

/* -j N: a number of parses, 1 to 1024. */
static int jobs_check(struct cmd_ctx *c)
{
	const char *j = c->o.jobs;
	char *end;
	if (!j)
		return -1;
	unsigned long n = strtoul(j, &end, 10);
	if (!*j || *end || *j == '-' || n < 1 || n > 1024)
		return cmd_usage_error(c->cmd, "%s: --jobs takes a number of "
				       "parses from 1 to 1024, not '%s'",
				       c->cmd->name, j);
	return -1;
}

/*
 * The tree of a command that runs under one profile on one architecture
 * (default: this machine's; the first default profile).
 */
int cmd_open_tree(struct cmd_ctx *c)
{
	char **names = NULL;
	size_t n = 0;
	int ret = -1;
	if (c->o.profile && strchr(c->o.profile, ',')) {
		kdep_error_set_arg("%s takes one --profile", c->cmd->name);
		return -1;
	}
	if (scan_profile_check(c->o.profile))
		return -1;
	if (cmd_tree_open(c, &c->src) ||
	    profile_arch_resolve(c->src, c->o.arch ? c->o.arch :
				 profile_host_arch(), &c->arch) ||
	    scan_profile_list(c->o.profile, &c->arch, &names, &n))
		goto done;
	ret = scan_profile_open(c->src, &c->arch, names[0], &c->prof);
done:
	strv_free(names);
	return ret;
}

/*
 * Names each arch of --arch all that no profile has a recording for, with
 * the command that would record one: a warning, or with --strict an error
 * (exit 3). Returns -1 to go on, else the exit code.
 */
static int skipped_arches(struct cmd_ctx *c)
{
	const struct scan_ctx *s = &c->scans;
	for (size_t i = 0; i < s->nskipped; i++)
		fprintf(stderr, "kdep: %s: no %sprofile has a recording for %s; "
			"record one with 'kdep profile record NAME --arch %s' "
			"or use --profile host\n",
			c->o.strict ? "error" : "warning",
			c->o.profile ? "" : "built-in ", s->skipped[i],
			s->skipped[i]);
	if (s->all && !s->narches && !c->o.strict) {
		kdep_error_set("no architecture of the tree has a recording "
			       "under the profiles asked");
		return cmd_fail();
	}
	return c->o.strict && s->nskipped ? EXIT_TREE : -1;
}

/* Opens what c's command needs; returns -1 to go on, else the exit code. */
static int open_needs(struct cmd_ctx *c)
{
	switch (c->cmd->needs) {
	case NEEDS_NOTHING:
		return -1;
	case NEEDS_TREE:
		return cmd_open_tree(c) ? cmd_fail() : -1;
	case NEEDS_SCANS: {
		int bad = jobs_check(c);
		if (bad >= 0)
			return bad;
		if (cmd_tree_open(c, &c->tree))
			return cmd_fail();
		struct scan_opts so = cmd_scan_opts(c);
		if (scan_ctx_open(&c->scans, &so))
			return cmd_fail();
		return skipped_arches(c);
	}
	}
	return -1;
}

void cmd_close_tree(struct cmd_ctx *c)
{
	scan_profile_close(&c->prof);
	source_free(c->src);
	c->src = NULL;
}

static void close_needs(struct cmd_ctx *c)
{
	if (c->cmd->needs == NEEDS_SCANS)
		scan_ctx_close(&c->scans);
	cmd_close_tree(c);
	source_free(c->tree);
	c->tree = NULL;
	cmd_tree_close(c);
}

/* Parses, opens, runs and closes one command; returns its exit code. */
static int run(const struct cmd *cmd, int argc, char **argv)
{
	struct cmd_ctx c;
	int ret;
	memset(&c, 0, sizeof(c));
	c.cmd = cmd;
	c.progress = isatty(STDERR_FILENO);
	if (!cmd->opts) {
		c.o.args = argv;
		c.o.nargs = argc;
	} else if ((ret = cmd_parse(cmd, cmd->opts, argc, argv, &c.o)) >= 0) {
		goto out;
	} else if (cmd->nargs >= 0 && c.o.nargs != cmd->nargs) {
		ret = c.o.nargs > cmd->nargs
			? cmd_usage_error(cmd, "%s: unexpected argument '%s'",
					  cmd->name, c.o.args[cmd->nargs])
			: cmd_usage_error(cmd, "%s needs %s", cmd->name,
					  cmd->args);
		goto out;
	}
	if (cmd->check && (ret = cmd->check(&c)) >= 0)
		goto out;
	if ((ret = open_needs(&c)) < 0)
		ret = cmd->fn(&c);
	close_needs(&c); /* what open_needs left open, whether it failed */
out:
	cmd_args_free(&c.o);
	return ret;
}

static int usage(FILE *f, int status)
{
	fputs("usage: kdep [--version] [--help] COMMAND [ARGS]\n\n"
	      "Static analysis of the Linux kernel's Kconfig graph.\n\n"
	      "Commands:\n", f);
	for (const struct cmd *c = kdep_commands; c->name; c++) {
		if (c->hidden)
			continue;
		int at = fprintf(f, "  %-9s", c->name);
		cmd_wrap(f, c->summary, at, 12);
	}
	fputs("\n'kdep help COMMAND' describes one command; man kdep, all "
	      "of them.\n"
	      "Exit status: 0 no finding, 1 findings, 2 usage error, 3 the "
	      "tree could\nnot be analysed.\n", f);
	return status;
}

int cmd_help(int argc, char **argv)
{
	if (!argc)
		return usage(stdout, EXIT_OK);
	const struct cmd *c = cmd_find(argv[0]);
	if (!c)
		return unknown_command(argv[0]);
	if (c->fn == cmd_profile)
		return cmd_profile_help(argc - 1, argv + 1);
	if (argc > 1)
		return cmd_usage_error(c, "%s has no subcommand '%s'", c->name,
				       argv[1]);
	return cmd_usage(c, NULL, stdout, EXIT_OK);
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : NULL;
	kgit_setup(); /* content ids are git's blob ids */
	if (!name)
		return usage(stderr, EXIT_USAGE);
	if (!strcmp(name, "--help") || !strcmp(name, "-h"))
		return usage(stdout, EXIT_OK);
	if (!strcmp(name, "help"))
		return cmd_help(argc - 2, argv + 2);
	if (!strcmp(name, "--version") || !strcmp(name, "-V"))
		name = "version";
	else if (!strcmp(name, "--list-rules"))
		name = "rules";
	const struct cmd *c = cmd_find(name);
	if (!c)
		return unknown_command(name);
	int ret = run(c, argc - 1, argv + 1);
	fflush(stdout);
	/* The interpreter is left to the OS: finalising it costs time and
	 * frees nothing the exit would not. */
	exit(ret);
}
