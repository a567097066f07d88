/*
 * main.c - global options and dispatch to the subcommand table.
 */
#include "cmd.h"

#include <getopt.h>
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

int tree_args(int argc, char **argv, const char *name, int nargs,
	      struct tree_opts *t)
{
	enum { O_TREE = 0x100, O_ARCH, O_PROFILE, O_DB, O_FORMAT, O_CONFIG,
	       O_HELP };
	static const struct option longopts[] = {
		{ "tree", required_argument, NULL, O_TREE },
		{ "arch", required_argument, NULL, O_ARCH },
		{ "profile", required_argument, NULL, O_PROFILE },
		{ "db", required_argument, NULL, O_DB },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "config", required_argument, NULL, O_CONFIG },
		{ "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	memset(t, 0, sizeof(*t));
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case O_TREE: t->tree = optarg; break;
		case O_ARCH: t->arch = optarg; break;
		case O_PROFILE: t->profile = optarg; break;
		case O_DB: t->db = optarg; break;
		case O_CONFIG:
			if (strcmp(name, "values"))
				return cmd_usage(name, stderr, EXIT_USAGE);
			t->config = optarg;
			break;
		case O_FORMAT:
			if (strcmp(optarg, "json") && strcmp(optarg, "text")) {
				fprintf(stderr, "kdep: error: %s --format is "
					"text or json\n", name);
				return EXIT_USAGE;
			}
			t->json = !strcmp(optarg, "json");
			break;
		case O_HELP: return cmd_usage(name, stdout, EXIT_OK);
		default: return cmd_usage(name, stderr, EXIT_USAGE);
		}
	}
	if (argc - optind != nargs)
		return cmd_usage(name, stderr, EXIT_USAGE);
	t->args = argv + optind;
	return -1;
}

int tree_host_env(const struct tree_opts *t, struct source **src,
		  struct profile_arch *a, struct profile_env *env)
{
	*src = NULL;
	if (source_open_dir(src, t->tree ? t->tree : ".") ||
	    profile_arch_resolve(*src, t->arch ? t->arch : profile_host_arch(),
				 a) ||
	    profile_host_env(*src, a, env))
		return -1;
	return 0;
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
