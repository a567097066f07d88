/*
 * main.c - global options and dispatch to the subcommand table.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct cmd kdep_commands[] = {
	{ "profile", cmd_profile, "list | show NAME [--tree DIR] [--arch A]",
	  "list toolchain profiles, or show the variables of one" },
	{ "scan", cmd_scan,
	  "[--tree DIR] [--arch A[,B]|all] --profile host [--db FILE] "
	  "[--format text|json]",
	  "parse a tree's Kconfig graph into the database" },
	{ "show", cmd_show,
	  "SYMBOL [--tree DIR] [--arch A] --profile host [--db FILE] "
	  "[--format text|json]",
	  "everything the graph knows about one symbol" },
	{ "values", cmd_values,
	  "[--config FILE] [--tree DIR] [--arch A] --profile host "
	  "[--format text|json]",
	  "every symbol's value, for alldefconfig or an olddefconfig of FILE" },
	{ NULL, NULL, NULL, NULL },
};

static const char tree_help[] =
	"  --tree DIR        the kernel tree (default: the current directory)\n"
	"  --arch A[,B]|all  architectures (default: this machine's)\n"
	"  --profile host    run the tree's $(shell,...) probes with your\n"
	"                    toolchain (CC, LLVM, CROSS_COMPILE are honoured)\n"
	"  --db FILE         the database (default: $KDEP_DB, else\n"
	"                    $XDG_CACHE_HOME/kdep/kdep.db)\n"
	"  --format FMT      output format\n"
	"  --help            this text\n";

int cmd_usage(const char *name, FILE *f, int status)
{
	for (const struct cmd *c = kdep_commands; c->name; c++) {
		if (strcmp(c->name, name))
			continue;
		fprintf(f, "usage: kdep %s %s\n\n%s.\n\n", c->name, c->usage,
			c->summary);
		if (strcmp(name, "profile"))
			fputs(tree_help, f);
		else
			fputs("  --tree DIR        the tree whose version "
			      "fills KERNELVERSION\n"
			      "  --arch A          the architecture\n", f);
	}
	return status;
}

int tree_opt(struct tree_opts *t, int c, const char *arg)
{
	switch (c) {
	case OPT_TREE: t->tree = arg; return 1;
	case OPT_ARCH: t->arch = arg; return 1;
	case OPT_PROFILE: t->profile = arg; return 1;
	case OPT_DB: t->db = arg; return 1;
	case OPT_FORMAT: t->format = arg; return 1;
	default: return 0;
	}
}

void cmd_error(const char *msg)
{
	/* A diagnostic with a place prints as a compiler's would. */
	if (strstr(msg, ": error: ") || !strncmp(msg, "error: ", 7))
		fprintf(stderr, "%s\n", msg);
	else
		fprintf(stderr, "kdep: error: %s\n", msg);
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
	for (const struct cmd *c = kdep_commands; c->name; c++) {
		if (!strcmp(c->name, argv[1])) {
			int ret = c->fn(argc - 1, argv + 1);
			fflush(stdout);
			/* The interpreter is left to the OS: finalising it
			 * costs time and frees nothing the exit would not. */
			exit(ret);
		}
	}
	fprintf(stderr, "kdep: error: unknown command '%s'\n", argv[1]);
	return usage(stderr, EXIT_USAGE);
}
