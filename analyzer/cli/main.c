/*
 * main.c - global options and dispatch to the subcommand table.
 */
#include "cmd.h"
#include "error.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct cmd kdep_commands[] = {
	{ "cosel", cmd_cosel,
	  "SYM... | --matrix SYM,SYM,... [--allow-m] [--witness FILE] "
	  "[--tree DIR] [--arch A[,B]|all] [--profile P[,Q]|all|host] "
	  "[--db FILE] [--format text|json]",
	  "can these symbols be y together? A checked witness .config for yes, "
	  "the Kconfig lines that forbid it for no" },
	{ "cycles", cmd_cycles,
	  "[--tree DIR] [--arch A[,B]|all] [--profile P[,Q]|all|host] "
	  "[--db FILE] [--format text|json]",
	  "every recursive dependency, under every profile, with the line of "
	  "each link" },
	{ "profile", cmd_profile,
	  "list | show NAME [--tree DIR] [--arch A] | record NAME ...",
	  "list, show or record toolchain profiles" },
	{ "rules", cmd_rules, "[--format text|json]",
	  "list the rules: id, default severity and summary "
	  "(also kdep --list-rules)" },
	{ "scan", cmd_scan,
	  "[--tree DIR] [--arch A[,B]|all] [--profile P[,Q]|all|host] "
	  "[--db FILE] [--format text|json]",
	  "parse a tree's Kconfig graph into the database" },
	{ "show", cmd_show,
	  "SYMBOL [--tree DIR] [--arch A] [--profile P] [--db FILE] "
	  "[--format text|json]",
	  "everything the graph knows about one symbol" },
	{ "values", cmd_values,
	  "[--config FILE] [--tree DIR] [--arch A] [--profile P] "
	  "[--format text|json]",
	  "every symbol's value, for alldefconfig or an olddefconfig of FILE" },
	{ NULL, NULL, NULL, NULL },
};

static const char cosel_help[] =
	"  SYM...            the symbols; CFI, CALL_OPS, DIRECT_CALLS and\n"
	"                    STATIC_CALL name the features (CFI or CFI_CLANG,\n"
	"                    DYNAMIC_FTRACE_WITH_CALL_OPS,\n"
	"                    DYNAMIC_FTRACE_WITH_DIRECT_CALLS, HAVE_STATIC_CALL)\n"
	"  --matrix LIST     every subset of LIST (at most 8): the largest ones\n"
	"                    that can be y together, and why each smallest\n"
	"                    excluded one cannot\n"
	"  --allow-m         m counts (the symbols must be at least m)\n"
	"  --witness FILE    write the witness .config of a yes to FILE (with\n"
	"                    several arches or profiles, FILE.ARCH.PROFILE)\n";

static const char tree_help[] =
	"  --tree DIR        the kernel tree (default: the current directory)\n"
	"  --arch A[,B]|all  architectures (default: this machine's)\n"
	"  --profile P[,Q]   toolchain profiles (default: every built-in one\n"
	"                    recorded for the arch; 'all': every one found);\n"
	"                    nothing from the tree runs, except under 'host':\n"
	"                    the tree's $(shell,...) probes run with your\n"
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
		if (!strcmp(name, "cosel"))
			fputs(cosel_help, f);
		if (!strcmp(name, "rules"))
			fputs("  --format FMT      output format\n"
			      "  --help            this text\n", f);
		else if (strcmp(name, "profile"))
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
	       O_HELP, O_ALLOW_M, O_WITNESS, O_MATRIX };
	static const struct option longopts[] = {
		{ "tree", required_argument, NULL, O_TREE },
		{ "arch", required_argument, NULL, O_ARCH },
		{ "profile", required_argument, NULL, O_PROFILE },
		{ "db", required_argument, NULL, O_DB },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "config", required_argument, NULL, O_CONFIG },
		{ "help", no_argument, NULL, O_HELP },
		{ "allow-m", no_argument, NULL, O_ALLOW_M },
		{ "witness", required_argument, NULL, O_WITNESS },
		{ "matrix", required_argument, NULL, O_MATRIX },
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
		case O_ALLOW_M:
		case O_WITNESS:
		case O_MATRIX:
			if (strcmp(name, "cosel"))
				return cmd_usage(name, stderr, EXIT_USAGE);
			if (c == O_ALLOW_M)
				t->allow_m = 1;
			else if (c == O_WITNESS)
				t->witness = optarg;
			else
				t->matrix = optarg;
			break;
		default: return cmd_usage(name, stderr, EXIT_USAGE);
		}
	}
	if (nargs < 0) {
		t->args = argv + optind;
		t->nargs = argc - optind;
		return -1;
	}
	if (argc - optind != nargs)
		return cmd_usage(name, stderr, EXIT_USAGE);
	t->args = argv + optind;
	return -1;
}

int run_profile_open(struct source *src, const struct profile_arch *a,
		     const char *name, struct run_profile *p)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	if (strlen(name) >= sizeof(p->name)) {
		kdep_error_set("bad profile name '%s'", name);
		return -1;
	}
	if (!strcmp(name, "host")) {
		p->host = 1;
		return profile_host_env(src, a, NULL, 0, &p->env);
	}
	if (profile_open(name, a->srcarch, &p->rec) ||
	    profile_replay_env(&p->rec, src, a, &p->env))
		return -1;
	p->prober.answer = profile_rec_answer;
	p->prober.ctx = &p->rec;
	p->prober.failure_default = p->rec.failure_default;
	return 0;
}

struct kconf_opts run_profile_opts(const struct run_profile *p,
				   struct kconf_probe_log *log)
{
	struct kconf_opts ko = {
		.env = (const char *const *)p->env.vars,
		.nenv = p->env.n,
		.mode = p->host ? KCONF_LIVE : KCONF_REPLAY,
		.prober = p->host ? NULL : &p->prober,
		.log = p->host ? NULL : log,
	};
	return ko;
}

void run_profile_close(struct run_profile *p)
{
	profile_rec_free(&p->rec);
	profile_env_free(&p->env);
}

int tree_profiles(const char *list, const struct profile_arch *a,
		  char ***out, size_t *n)
{
	if (list && strcmp(list, "all")) {
		if (!(*out = strv_split(list, n))) {
			kdep_error_set("out of memory");
			return -1;
		}
		return 0;
	}
	if (profile_names(!list, a->srcarch, out, n))
		return -1;
	if (!*n) {
		strv_free(*out);
		*out = NULL;
		kdep_error_set("no %sprofile has a recording for %s: record one "
			       "('kdep profile record NAME --arch %s') or run "
			       "your toolchain's probes with '--profile host'",
			       list ? "" : "built-in ", a->srcarch, a->arch);
		return -1;
	}
	return 0;
}

int tree_open_one(const struct tree_opts *t, struct source **src,
		  struct profile_arch *a, struct run_profile *p)
{
	char **names = NULL;
	size_t n = 0;
	int ret = -1;
	memset(p, 0, sizeof(*p));
	*src = NULL;
	if (t->profile && strchr(t->profile, ',')) {
		kdep_error_set("this command takes one --profile");
		return -1;
	}
	if (source_open_dir(src, t->tree ? t->tree : ".") ||
	    profile_arch_resolve(*src, t->arch ? t->arch : profile_host_arch(),
				 a) ||
	    tree_profiles(t->profile, a, &names, &n))
		goto done;
	ret = run_profile_open(*src, a, names[0], p);
done:
	strv_free(names);
	return ret;
}

void cmd_error(const char *msg)
{
	fprintf(stderr, "kdep: error: %s\n", msg);
}

void cmd_fail(void)
{
	char buf[8192];
	/* A diagnostic with a place prints as a compiler's would. */
	if (kdep_error_file())
		fprintf(stderr, "%s\n", kdep_error_format(buf, sizeof(buf)));
	else if (!strncmp(kdep_error_last(), "error: ", 7))
		fprintf(stderr, "%s\n", kdep_error_last());
	else
		cmd_error(kdep_error_last());
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
	if (!strcmp(argv[1], "--list-rules")) {
		int ret = cmd_rules(argc - 1, argv + 1);
		fflush(stdout);
		return ret;
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

const char *cmd_line_text(struct source *src, const char *file, uint32_t n,
			  char *buf, size_t size)
{
	char *data;
	size_t len, at = 0;
	buf[0] = '\0';
	if (source_read(src, file, 0, &data, &len))
		return buf;
	const char *p = data, *end = data + len;
	for (uint32_t i = 1; i < n && p < end; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	/* The line, and the lines a trailing backslash continues it on. */
	while (p < end && at + 1 < size) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		size_t left = p < end ? (size_t)(end - p) : 0;
		const char *nl = left ? memchr(p, '\n', left) : NULL;
		const char *e = nl ? nl : end;
		int more = e > p && e[-1] == '\\';
		const char *stop = more ? e - 1 : e;
		while (stop > p && (stop[-1] == ' ' || stop[-1] == '\t'))
			stop--;
		at += (size_t)snprintf(buf + at, size - at, "%s%.*s",
				       at ? " " : "", (int)(stop - p), p);
		if (at >= size)
			at = size - 1;
		if (!more)
			break;
		p = nl ? nl + 1 : end;
	}
	free(data);
	return buf;
}

const char *cmd_rule_line_text(void *engine, const char *file, uint32_t n,
			       char *buf, size_t size)
{
	return cmd_line_text(engine, file, n, buf, size);
}
