/*
 * opts.c - option tables: the fragments commands share, the parser that
 * reads a command line by a command's table, and the usage line and --help
 * text written from the same table, so that they cannot disagree.
 */
#include "cmd.h"
#include "alloc.h"
#include "error.h"
#include "suggest.h"

#include <assert.h>
#include <ctype.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Output fits this many columns; option help starts at HELP_COL. */
#define COLUMNS 80
#define HELP_COL 22

/* The options that have a one-letter alias too, wherever a table has
 * them: make's -j, -o for an output. */
static const struct {
	const char *name; /* the long name */
	char letter;      /* its alias */
} letters[] = {
	{ "jobs", 'j' },
	{ "output", 'o' },
};

/* The one-letter alias of o, or 0. */
static char opt_letter(const struct opt *o)
{
	for (size_t i = 0; i < sizeof(letters) / sizeof(*letters); i++)
		if (!strcmp(letters[i].name, o->name))
			return letters[i].letter;
	return 0;
}

const struct opt opts_tree[] = {
	{ "tree", OPT_STR, CMD_ARG(tree), NULL, "DIR",
	  "the kernel tree (default: the current directory)" },
	{ "git", OPT_STR, CMD_ARG(git), NULL, "REPO[@REV]",
	  "the tree of a commit of a git repository (default: HEAD; REPO "
	  "empty: the current one), read from its object database, nothing "
	  "checked out" },
	{ "staged", OPT_FLAG, CMD_ARG(staged), NULL, NULL,
	  "the tree the index of the current repository stages "
	  "(GIT_DIR, GIT_INDEX_FILE honoured)" },
	{ "arch", OPT_STR, CMD_ARG(arch), NULL, "A[,B]|all",
	  "architectures (default: this machine's); 'all': every one the "
	  "tree has that a profile has a recording for, the others named" },
	{ "profile", OPT_STR, CMD_ARG(profile), NULL, "P[,Q]|all|host",
	  "toolchain profiles (default: every built-in one recorded for the "
	  "arch; 'all': every one found); nothing from the tree runs, except "
	  "under 'host': the tree's $(shell,...) probes run with your "
	  "toolchain (CC, LLVM, CROSS_COMPILE are honoured)" },
	{ "db", OPT_STR, CMD_ARG(db), NULL, "FILE",
	  "the database (default: $KDEP_DB, else "
	  "$XDG_CACHE_HOME/kdep/kdep.db)" },
	{ "strict", OPT_FLAG, CMD_ARG(strict), NULL, NULL,
	  "with --arch all, an architecture no profile has a recording for "
	  "is an error (exit 3), not only named" },
	{ "jobs", OPT_STR, CMD_ARG(jobs), NULL, "N",
	  "parse up to N (arch, profile) pairs at once, each in a process of "
	  "its own (default: the number of cores); output stays in arch "
	  "order" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct opt opts_tree_one[] = {
	{ "tree", OPT_STR, CMD_ARG(tree), NULL, "DIR",
	  "the kernel tree (default: the current directory)" },
	{ "git", OPT_STR, CMD_ARG(git), NULL, "REPO[@REV]",
	  "the tree of a commit of a git repository (default: HEAD; REPO "
	  "empty: the current one), read from its object database, nothing "
	  "checked out" },
	{ "staged", OPT_FLAG, CMD_ARG(staged), NULL, NULL,
	  "the tree the index of the current repository stages "
	  "(GIT_DIR, GIT_INDEX_FILE honoured)" },
	{ "arch", OPT_STR, CMD_ARG(arch), NULL, "A",
	  "the architecture (default: this machine's)" },
	{ "profile", OPT_STR, CMD_ARG(profile), NULL, "P",
	  "the toolchain profile (default: the first built-in one recorded "
	  "for the arch); 'host' runs the tree's probes with your toolchain" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct opt opts_db[] = {
	{ "db", OPT_STR, CMD_ARG(db), NULL, "FILE",
	  "the database (default: $KDEP_DB, else "
	  "$XDG_CACHE_HOME/kdep/kdep.db)" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct opt opts_format[] = {
	{ "format", OPT_FORMAT, CMD_ARG(format), "text|json", "text|json",
	  "the output: text for people (default), json for tools (a stable "
	  "contract)" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct opt opts_format_sarif[] = {
	{ "format", OPT_FORMAT, CMD_ARG(format), "text|json|sarif",
	  "text|json|sarif",
	  "the output: text for people (default), json for tools (a stable "
	  "contract), sarif (SARIF 2.1.0) for code-scanning services" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct opt opts_format_findings[] = {
	{ "format", OPT_FORMAT, CMD_ARG(format), "text|json|sarif|md",
	  "text|json|sarif|md",
	  "the output: text for people (default), json for tools (a stable "
	  "contract), sarif (SARIF 2.1.0) for code-scanning services, md "
	  "(Markdown) for a pull request or a mailing list" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct opt opts_format_picture[] = {
	{ "format", OPT_FORMAT, CMD_ARG(format), "text|json|dot|svg",
	  "text|json|dot|svg",
	  "the output: text for people (default), json for tools (a stable "
	  "contract), dot (graphviz) or svg: a picture of the symbol's "
	  "neighbourhood (see --depth)" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct opt opts_format_report[] = {
	{ "format", OPT_FORMAT, CMD_ARG(format), "html|md|json|sarif|dot",
	  "html|md|json|sarif|dot",
	  "the document: html (default; one self-contained page with "
	  "pictures), md (Markdown), json, sarif (SARIF 2.1.0) or dot (the "
	  "pictures, for graphviz)" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct opt opts_help[] = {
	{ "help", OPT_HELP, 0, NULL, NULL, "this text" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

/* Writes text at column col (the cursor is at column at), wrapped to
 * COLUMNS with every further line indented to col. */
void cmd_wrap(FILE *f, const char *text, int at, int col)
{
	const char *p = text;
	if (at >= col && col) {
		fputc('\n', f);
		at = 0;
	}
	fprintf(f, "%*s", col - at, "");
	at = col;
	int first = 1;
	while (*p) {
		while (*p == ' ')
			p++;
		size_t w = strcspn(p, " ");
		if (!w)
			break;
		if (!first && at + 1 + (int)w > COLUMNS) {
			fprintf(f, "\n%*s", col, "");
			at = col;
			first = 1;
		}
		fprintf(f, "%s%.*s", first ? "" : " ", (int)w, p);
		at += (int)w + !first;
		first = 0;
		p += w;
	}
	fputc('\n', f);
}

/* "usage: kdep NAME ARGS [--opt ARG]...", wrapped under its first word. */
static void synopsis(FILE *f, const struct cmd *cmd,
		     const struct opt *const *opts)
{
	int col = fprintf(f, "usage: kdep %s", cmd->name) + 1, at = col - 1;
	char item[256];
	const char *args = cmd->args ? cmd->args : "";
	/* the positional part, word by word */
	for (const char *p = args; *p;) {
		size_t w = strcspn(p, " ");
		snprintf(item, sizeof(item), "%.*s", (int)w, p);
		p += w;
		while (*p == ' ')
			p++;
		if (at + 1 + (int)strlen(item) > COLUMNS)
			at = fprintf(f, "\n%*s", col - 1, "") - 1;
		at += fprintf(f, " %s", item);
	}
	for (const struct opt *const *t = opts; t && *t; t++) {
		for (const struct opt *o = *t; o->name; o++) {
			if (!o->help || o->kind == OPT_HELP)
				continue;
			snprintf(item, sizeof(item), "[--%s%s%s]%s", o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "",
				 o->kind == OPT_SET ? "..." : "");
			if (at + 1 + (int)strlen(item) > COLUMNS)
				at = fprintf(f, "\n%*s", col - 1, "") - 1;
			at += fprintf(f, " %s", item);
		}
	}
	fputc('\n', f);
}

int cmd_usage(const struct cmd *cmd, const struct opt *const *opts, FILE *f,
	      int status)
{
	if (!opts)
		opts = cmd->opts;
	char summary[512];
	synopsis(f, cmd, opts);
	fputc('\n', f);
	/* the summary as a sentence */
	snprintf(summary, sizeof(summary), "%c%s.",
		 toupper((unsigned char)cmd->summary[0]), cmd->summary + 1);
	cmd_wrap(f, summary, 0, 0);
	if (cmd->about) {
		fputc('\n', f);
		cmd_wrap(f, cmd->about, 0, 0);
	}
	fputc('\n', f);
	for (const struct cmd_arg_help *h = cmd->arg_help; h && h->name; h++) {
		char text[1024];
		size_t at = (size_t)snprintf(text, sizeof(text), "%s", h->help);
		size_t n = 0;
		const struct model_alias *al = h->aliases ? model_aliases(&n)
							  : NULL;
		/* the feature names, from the one table that resolves them */
		for (size_t i = 0; i < n && at < sizeof(text); i++)
			at += (size_t)snprintf(text + at, sizeof(text) - at,
					       "%s%s means %s", i ? ", " :
					       "; where the tree has no symbol "
					       "of that name, ", al[i].alias,
					       al[i].name);
		cmd_wrap(f, text, fprintf(f, "  %s", h->name), HELP_COL);
	}
	for (const struct opt *const *t = opts; t && *t; t++) {
		for (const struct opt *o = *t; o->name; o++) {
			if (!o->help)
				continue;
			int at = opt_letter(o)
				? fprintf(f, "  -%c, --%s%s%s", opt_letter(o),
					  o->name, o->arg ? " " : "",
					  o->arg ? o->arg : "")
				: fprintf(f, "  --%s%s%s", o->name,
					  o->arg ? " " : "",
					  o->arg ? o->arg : "");
			cmd_wrap(f, o->help, at, HELP_COL);
		}
	}
	return status;
}

int cmd_usage_error(const struct cmd *cmd, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	kdep_error_set_arg("%s; see 'kdep help %s'", buf, cmd->name);
	return cmd_fail();
}

/* Whether the '|'-separated list takes name. */
static int format_takes(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list; *p;) {
		size_t w = strcspn(p, "|");
		if (w == n && !strncmp(p, name, n))
			return 1;
		p += w + (p[w] == '|');
	}
	return 0;
}

/* "--format is text or json, not 'x'", "text, json or md": the list. */
static int format_error(const struct cmd *cmd, const char *list,
			const char *name)
{
	char buf[256];
	size_t at = 0, k = 0, n = 1;
	for (const char *p = list; *p; p++)
		n += *p == '|';
	for (const char *p = list; *p && at < sizeof(buf);) {
		size_t w = strcspn(p, "|");
		k++;
		at += (size_t)snprintf(buf + at, sizeof(buf) - at, "%s%.*s",
				       k == 1 ? "" : k == n ? " or " : ", ",
				       (int)w, p);
		p += w + (p[w] == '|');
	}
	return cmd_usage_error(cmd, "%s: --format is %s, not '%s'", cmd->name,
			       buf, name);
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

/* The error for argv's option at index i that the table does not have. */
static int unknown_option(const struct cmd *cmd, const struct opt *const *opts,
			  const char *arg)
{
	const char *names[64];
	char want[128];
	size_t n = 0;
	if (strncmp(arg, "--", 2))
		return cmd_usage_error(cmd, "%s: unknown option '%s'",
				       cmd->name, arg);
	snprintf(want, sizeof(want), "%.*s", (int)strcspn(arg + 2, "="),
		 arg + 2);
	for (int i = 0; n < 64 && opt_at(opts, i); i++)
		names[n++] = opt_at(opts, i)->name;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], want)) /* known, its argument missing */
			return cmd_usage_error(cmd, "%s: --%s needs a value",
					       cmd->name, want);
	const char *close = suggest_closest(want, names, n);
	if (close)
		return cmd_usage_error(cmd, "%s: unknown option '--%s'; did "
				       "you mean '--%s'?", cmd->name, want,
				       close);
	return cmd_usage_error(cmd, "%s: unknown option '--%s'", cmd->name,
			       want);
}

int cmd_parse(const struct cmd *cmd, const struct opt *const *opts,
	      int argc, char **argv, struct cmd_args *a)
{
	struct option longopts[64];
	int n = 0, c, ret = -1;
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
	/* the one-letter aliases: "j:" for -j N */
	char shorts[2 * 64 + 1];
	size_t nl = 0;
	for (int i = 0; i < n; i++) {
		char l = opt_letter(opt_at(opts, i));
		if (!l)
			continue;
		shorts[nl++] = l;
		if (longopts[i].has_arg == required_argument)
			shorts[nl++] = ':';
	}
	shorts[nl] = '\0';
	optind = 1;
	opterr = 0; /* the errors are ours, one line each */
	while (ret < 0 &&
	       (c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
		const struct opt *o = c >= 0x100 ? opt_at(opts, c - 0x100)
						 : NULL;
		for (int i = 0; !o && c > 0 && c < 0x100 && c != '?' &&
				i < n; i++)
			if (opt_letter(opt_at(opts, i)) == c)
				o = opt_at(opts, i);
		if (!o) {
			ret = unknown_option(cmd, opts, argv[optind - 1]);
			break;
		}
		char *base = (char *)a;
		switch (o->kind) {
		case OPT_STR:
			*(const char **)(base + o->field) = optarg;
			break;
		case OPT_FLAG:
			*(int *)(base + o->field) = 1;
			break;
		case OPT_FORMAT:
			if (!format_takes(o->var, optarg))
				ret = format_error(cmd, o->var, optarg);
			*(int *)(base + o->field) =
				report_format_from_name(optarg);
			break;
		case OPT_SET:
			if (!strchr(optarg, '='))
				ret = cmd_usage_error(cmd, "%s: --%s takes "
						      "NAME=VALUE", cmd->name,
						      o->name);
			else if (set_add(a, NULL, optarg))
				ret = cmd_fail();
			break;
		case OPT_TOOL:
			if (set_add(a, o->var, optarg))
				ret = cmd_fail();
			break;
		case OPT_HELP:
			ret = cmd_usage(cmd, opts, stdout, EXIT_OK);
			break;
		}
	}
	opterr = 1;
	a->args = argv + optind;
	a->nargs = argc - optind;
	return ret;
}

void cmd_args_free(struct cmd_args *a)
{
	strv_free(a->set);
	a->set = NULL;
	a->nset = 0;
}
