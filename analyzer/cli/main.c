/*
 * main.c - the command table, dispatch, and what every command shares:
 * main parses a command's options by its table, opens what the command
 * needs, runs it and closes it again; cmd_fail() prints every error.
 */
#include "cmd.h"
#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char cosel_head[] =
	"  SYM...            the symbols; CFI, CALL_OPS, DIRECT_CALLS and\n"
	"                    STATIC_CALL name the features (CFI or CFI_CLANG,\n"
	"                    DYNAMIC_FTRACE_WITH_CALL_OPS,\n"
	"                    DYNAMIC_FTRACE_WITH_DIRECT_CALLS, HAVE_STATIC_CALL)\n";


static const struct opt cosel_own[] = {
	{ "matrix", OPT_STR, CMD_ARG(matrix), NULL,
	  "  --matrix LIST     every subset of LIST (at most 8): the largest ones\n"
	  "                    that can be y together, and why each smallest\n"
	  "                    excluded one cannot\n" },
	{ "allow-m", OPT_FLAG, CMD_ARG(allow_m), NULL,
	  "  --allow-m         m counts (the symbols must be at least m)\n" },
	{ "witness", OPT_STR, CMD_ARG(witness), NULL,
	  "  --witness FILE    write the witness .config of a yes to FILE (with\n"
	  "                    several arches or profiles, FILE.ARCH.PROFILE)\n" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct opt scan_own[] = {
	{ "verbose", OPT_FLAG, CMD_ARG(verbose), NULL,
	  "  --verbose         after the counts, every parser warning and every\n"
	  "                    undefined symbol the tree names, at its line\n" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct opt values_own[] = {
	{ "config", OPT_STR, CMD_ARG(config), NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct opt *const cosel_opts[] = {
	cosel_own, opts_tree, opts_format, opts_help, NULL,
};
static const struct opt *const tree_cmd_opts[] = {
	opts_tree, opts_format, opts_help, NULL,
};
static const struct opt *const format_opts[] = {
	opts_format, opts_help, NULL,
};
static const struct opt *const scan_opts[] = {
	scan_own, opts_tree, opts_format, opts_help, NULL,
};
static const struct opt *const values_opts[] = {
	values_own, opts_tree, opts_format, opts_help, NULL,
};

const struct cmd kdep_commands[] = {
	{ .name = "cosel", .fn = cmd_cosel, .needs = NEEDS_SCANS,
	  .usage = "SYM... | --matrix SYM,SYM,... [--allow-m] [--witness FILE] "
		   "[--tree DIR] [--arch A[,B]|all] "
		   "[--profile P[,Q]|all|host] [--db FILE] "
		   "[--format text|json]",
	  .summary = "can these symbols be y together? A checked witness "
		     ".config for yes, the Kconfig lines that forbid it for no",
	  .opts = cosel_opts, .nargs = -1, .check = cmd_cosel_check,
	  .help_head = cosel_head },
	{ .name = "cycles", .fn = cmd_cycles, .needs = NEEDS_SCANS,
	  .usage = "[--tree DIR] [--arch A[,B]|all] "
		   "[--profile P[,Q]|all|host] [--db FILE] "
		   "[--format text|json]",
	  .summary = "every recursive dependency, under every profile, with "
		     "the line of each link",
	  .opts = tree_cmd_opts },
	{ .name = "profile", .fn = cmd_profile, .needs = NEEDS_NOTHING,
	  .usage = "list | show NAME [--tree DIR] [--arch A] | record NAME ...",
	  .summary = "list, show or record toolchain profiles",
	  .nargs = -1 },
	{ .name = "rules", .fn = cmd_rules, .needs = NEEDS_NOTHING,
	  .usage = "[--format text|json]",
	  .summary = "list the rules: id, default severity and summary "
		     "(also kdep --list-rules)",
	  .opts = format_opts },
	{ .name = "scan", .fn = cmd_scan, .needs = NEEDS_SCANS,
	  .usage = "[--tree DIR] [--arch A[,B]|all] "
		   "[--profile P[,Q]|all|host] [--db FILE] "
		   "[--format text|json]",
	  .summary = "parse a tree's Kconfig graph into the database",
	  .opts = scan_opts },
	{ .name = "show", .fn = cmd_show, .needs = NEEDS_SCANS,
	  .usage = "SYMBOL [--tree DIR] [--arch A] [--profile P] [--db FILE] "
		   "[--format text|json]",
	  .summary = "everything the graph knows about one symbol",
	  .opts = tree_cmd_opts, .nargs = 1 },
	{ .name = "values", .fn = cmd_values, .needs = NEEDS_TREE,
	  .usage = "[--config FILE] [--tree DIR] [--arch A] [--profile P] "
		   "[--format text|json]",
	  .summary = "every symbol's value, for alldefconfig or an "
		     "olddefconfig of FILE",
	  .opts = values_opts },
	{ .name = NULL },
};

const struct cmd *cmd_find(const char *name)
{
	for (const struct cmd *c = kdep_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
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

struct scan_opts cmd_scan_opts(struct cmd_ctx *c)
{
	struct scan_opts so = {
		.tree = c->o.tree,
		.arch = c->o.arch,
		.profile = c->o.profile,
		.db = c->o.db,
		.progress = c->progress ? show_progress : NULL,
	};
	return so;
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
		kdep_error_set("this command takes one --profile");
		return -1;
	}
	if (source_open_dir(&c->src, c->o.tree ? c->o.tree : ".") ||
	    profile_arch_resolve(c->src, c->o.arch ? c->o.arch :
				 profile_host_arch(), &c->arch) ||
	    scan_profile_list(c->o.profile, &c->arch, &names, &n))
		goto done;
	ret = scan_profile_open(c->src, &c->arch, names[0], &c->prof);
done:
	strv_free(names);
	return ret;
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
		struct scan_opts so = cmd_scan_opts(c);
		return scan_ctx_open(&c->scans, &so) ? cmd_fail() : -1;
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
		ret = cmd_usage(cmd, NULL, stderr, EXIT_USAGE);
		goto out;
	}
	if ((cmd->check && (ret = cmd->check(&c)) >= 0) ||
	    (ret = open_needs(&c)) >= 0)
		goto out;
	ret = cmd->fn(&c);
	close_needs(&c);
out:
	cmd_args_free(&c.o);
	return ret;
}

static int usage(FILE *f, int status)
{
	fputs("usage: kdep [--version] [--help] COMMAND [ARGS]\n\n"
	      "Static analysis of the Linux kernel's Kconfig graph.\n\n"
	      "Commands:\n", f);
	for (const struct cmd *c = kdep_commands; c->name; c++)
		fprintf(f, "  %-9s %s\n", c->name, c->summary);
	fputs("\n'kdep COMMAND --help' describes one command; man kdep, "
	      "all of them.\n"
	      "Exit status: 0 no finding, 1 findings, 2 usage error, "
	      "3 the tree could not be analysed.\n", f);
	return status;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr, EXIT_USAGE);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help"))
		return usage(stdout, EXIT_OK);
	if (!strcmp(argv[1], "--version")) {
		printf("kdep %s\n", KDEP_VERSION);
		return EXIT_OK;
	}
	const struct cmd *c = cmd_find(!strcmp(argv[1], "--list-rules")
				       ? "rules" : argv[1]);
	if (!c) {
		kdep_error_set_arg("unknown command '%s'", argv[1]);
		cmd_fail();
		return usage(stderr, EXIT_USAGE);
	}
	int ret = run(c, argc - 1, argv + 1);
	fflush(stdout);
	/* The interpreter is left to the OS: finalising it costs time and
	 * frees nothing the exit would not. */
	exit(ret);
}
