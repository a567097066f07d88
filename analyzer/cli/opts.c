/*
 * opts.c - option tables: the fragments commands share, the parser that
 * reads a command line by a command's table, and --help written from it.
 */
#include "cmd.h"
#include "alloc.h"
#include "error.h"

#include <assert.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>


const struct opt opts_tree[] = {
	{ "tree", OPT_STR, CMD_ARG(tree), NULL,
	  "  --tree DIR        the kernel tree (default: the current "
	  "directory)\n" },
	{ "arch", OPT_STR, CMD_ARG(arch), NULL,
	  "  --arch A[,B]|all  architectures (default: this machine's)\n" },
	{ "profile", OPT_STR, CMD_ARG(profile), NULL,
	  "  --profile P[,Q]   toolchain profiles (default: every built-in "
	  "one\n"
	  "                    recorded for the arch; 'all': every one "
	  "found);\n"
	  "                    nothing from the tree runs, except under "
	  "'host':\n"
	  "                    the tree's $(shell,...) probes run with your\n"
	  "                    toolchain (CC, LLVM, CROSS_COMPILE are "
	  "honoured)\n" },
	{ "db", OPT_STR, CMD_ARG(db), NULL,
	  "  --db FILE         the database (default: $KDEP_DB, else\n"
	  "                    $XDG_CACHE_HOME/kdep/kdep.db)\n" },
	{ NULL, 0, 0, NULL, NULL },
};

const struct opt opts_format[] = {
	{ "format", OPT_FORMAT, CMD_ARG(json), NULL,
	  "  --format FMT      output format\n" },
	{ NULL, 0, 0, NULL, NULL },
};

const struct opt opts_help[] = {
	{ "help", OPT_HELP, 0, NULL, "  --help            this text\n" },
	{ NULL, 0, 0, NULL, NULL },
};

int cmd_usage(const struct cmd *cmd, const struct opt *const *opts, FILE *f,
	      int status)
{
	if (cmd->help) {
		fputs(cmd->help, f);
		return status;
	}
	fprintf(f, "usage: kdep %s %s\n\n%s.\n\n", cmd->name, cmd->usage,
		cmd->summary);
	if (cmd->help_head)
		fputs(cmd->help_head, f);
	for (const struct opt *const *t = opts ? opts : cmd->opts; t && *t;
	     t++)
		for (const struct opt *o = *t; o->name; o++)
			if (o->help)
				fputs(o->help, f);
	return status;
}

static const struct opt *opt_at(const struct opt *const *opts, int i)
{
	for (const struct opt *const *t = opts; *t; t++)
		for (const struct opt *o = *t; o->name; o++)
			if (!i--)
				return o;
	return NULL;
}

static int set_add(struct cmd_args *a, const char *var, const char *value)
{
	size_t len = (var ? strlen(var) + 1 : 0) + strlen(value) + 1;
	char *s = malloc(len);
	char **v = realloc(a->set, (a->nset + 2) * sizeof(*v));
	if (v)
		a->set = v;
	if (!s || !v) {
		free(s);
		kdep_error_oom();
		return -1;
	}
	snprintf(s, len, "%s%s%s", var ? var : "", var ? "=" : "", value);
	a->set[a->nset++] = s;
	a->set[a->nset] = NULL;
	return 0;
}

int cmd_parse(const struct cmd *cmd, const struct opt *const *opts,
	      int argc, char **argv, struct cmd_args *a)
{
	struct option longopts[64];
	int n = 0, c;
	memset(a, 0, sizeof(*a));
	for (const struct opt *o; (o = opt_at(opts, n)); n++) {
		assert(n + 1 < (int)(sizeof(longopts) / sizeof(*longopts)));
		longopts[n] = (struct option){
			o->name,
			o->kind == OPT_FLAG || o->kind == OPT_HELP
				? no_argument : required_argument,
			NULL, 0x100 + n };
	}
	longopts[n] = (struct option){ NULL, 0, NULL, 0 };
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		const struct opt *o = c >= 0x100 ? opt_at(opts, c - 0x100)
						 : NULL;
		if (!o)
			return cmd_usage(cmd, opts, stderr, EXIT_USAGE);
		char *base = (char *)a;
		switch (o->kind) {
		case OPT_STR:
			*(const char **)(base + o->field) = optarg;
			break;
		case OPT_FLAG:
			*(int *)(base + o->field) = 1;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "json") && strcmp(optarg, "text")) {
				kdep_error_set_arg("%s --format is text or "
						   "json", cmd->name);
				return cmd_fail();
			}
			*(int *)(base + o->field) = !strcmp(optarg, "json");
			break;
		case OPT_SET:
			if (!strchr(optarg, '=')) {
				kdep_error_set_arg("--%s takes NAME=VALUE",
						   o->name);
				return cmd_fail();
			}
			if (set_add(a, NULL, optarg))
				return cmd_fail();
			break;
		case OPT_TOOL:
			if (set_add(a, o->var, optarg))
				return cmd_fail();
			break;
		case OPT_HELP:
			return cmd_usage(cmd, opts, stdout, EXIT_OK);
		}
	}
	a->args = argv + optind;
	a->nargs = argc - optind;
	return -1;
}

void cmd_args_free(struct cmd_args *a)
{
	strv_free(a->set);
	a->set = NULL;
	a->nset = 0;
}
