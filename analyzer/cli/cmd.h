/*
 * cmd.h - the command line: the table of subcommands, the option tables
 * they are built from, and what main opens for a command before it runs.
 *
 * Only cli/ parses argv, prints, and chooses exit codes; the layers below
 * return 0 or -1 with the error set (core/error.h), and cmd_fail() is the
 * one place an error is printed.
 */
#ifndef KDEP_CMD_H
#define KDEP_CMD_H

#include <stddef.h>
#include <stdio.h>

#include "finding.h"
#include "emit.h"
#include "kconf.h"
#include "model.h"
#include "profile.h"
#include "scan.h"
#include "source.h"
#include "finding.h"
#include "strv.h"

/* Exit codes (DESIGN.md). */
enum {
	EXIT_OK = 0,       /* no finding */
	EXIT_FINDINGS = 1, /* findings, or not co-selectable */
	EXIT_USAGE = 2,    /* bad command line */
	EXIT_TREE = 3,     /* the tree or environment could not be analysed */
};

/* ---- options -------------------------------------------------------- */

/* What the options of a command line say (main fills it). */
struct cmd_args {
	const char *tree;        /* --tree DIR, default "." */
	const char *git;         /* --git REPO[@REV]: a commit's tree */
	int staged;              /* --staged: the tree the index stages */
	const char *arch;        /* --arch list, "all", or NULL: the host's */
	const char *profile;     /* --profile list or NULL */
	const char *db;          /* --db FILE, else the default database */
	int strict;              /* --strict: an arch without a recording is
				    an error under --arch all */
	int format;              /* --format: enum report_format (text 0) */
	const char *config;      /* --config FILE (values) */
	int allow_m;             /* --allow-m (cosel) */
	int verbose;             /* --verbose (scan) */
	const char *witness;     /* --witness FILE (cosel) */
	const char *matrix;      /* --matrix LIST (cosel) */
	const char *depth;       /* --depth N (show) */
	const char *want;        /* --want SYM,... (report, fix) */
	int fix;                 /* --fix (cycles, cosel): prove and attach
				    fixes */
	const char *description; /* --description TEXT (profile record) */
	const char *output;      /* --output DIR (profile record) */
	int merge;               /* --merge: add to the recording there
				  * (profile record) */
	const char *jobs;        /* -j, --jobs N: parses at once */
	int build_check;         /* --build-check (fix): build the top fix */
	const char *build_dir;   /* --build-dir DIR (fix): where it builds */
	char **set;              /* NAME=VALUE from --var and the tool options
				    (profile record); owned */
	size_t nset;
	/* check, hook (and --git, --staged above) */
	const char *range;       /* --range A..B */
	int squash;              /* --squash: the range's end points only */
	int all;                 /* --all: the findings already there too */
	const char *watch;       /* --watch A,B;C,D (else kdep.watch) */
	int force;               /* --force (hook install) */
	char **args;             /* the positional arguments (borrowed argv) */
	int nargs;               /* how many */
};

enum opt_kind {
	OPT_STR,    /* --name VALUE into a const char * field */
	OPT_FLAG,   /* --name sets an int field */
	OPT_FORMAT, /* --format, one of the names in var ("text|json") */
	OPT_SET,    /* --name NAME=VALUE, repeatable, into set */
	OPT_TOOL,   /* --name VALUE into set as VAR=VALUE */
	OPT_HELP,   /* --help */
};

/* Where an option's value goes: a field of struct cmd_args. */
#define CMD_ARG(field) offsetof(struct cmd_args, field)

/* One option of a table: what it sets, its usage and its help. */
struct opt {
	const char *name;   /* the long name, without "--" */
	unsigned char kind; /* enum opt_kind */
	size_t field;       /* OPT_STR, OPT_FLAG: offsetof(struct cmd_args) */
	const char *var;    /* OPT_TOOL: the variable it sets; OPT_FORMAT:
			       the formats it takes, '|'-separated */
	const char *arg;    /* the value's name in usage ("DIR"), or NULL */
	const char *help;   /* one sentence for --help (wrapped to 80
			       columns), or NULL: accepted, not listed */
};

/* Shared fragments (opts.c), each ended by an entry with no name. */
extern const struct opt opts_tree[];     /* --tree --arch --profile --db
					    --strict: every arch and profile */
extern const struct opt opts_tree_one[]; /* --tree --arch --profile: one */
extern const struct opt opts_db[];       /* --db */
extern const struct opt opts_format[];   /* --format text|json */
extern const struct opt opts_format_sarif[]; /* --format text|json|sarif */
extern const struct opt opts_format_findings[]; /* --format
					    text|json|sarif|md */
extern const struct opt opts_format_picture[]; /* --format
					    text|json|dot|svg */
extern const struct opt opts_format_report[]; /* --format
					    html|md|json|sarif|dot */
extern const struct opt opts_help[];     /* --help */

/* A positional argument's line in --help. */
struct cmd_arg_help {
	const char *name;   /* "SYMBOL" */
	const char *help;   /* one sentence */
	int aliases;        /* followed by the feature names (model_aliases) */
};

/* ---- the command table ---------------------------------------------- */

/* What main opens for a command before it runs it. */
enum cmd_needs {
	NEEDS_NOTHING, /* the command opens what it reads itself */
	NEEDS_TREE,    /* the tree, one arch, one profile (no database) */
	NEEDS_SCANS,   /* the tree, its arches and the database */
};

/* Everything a command runs with. */
struct cmd_ctx {
	const struct cmd *cmd;      /* the command */
	struct cmd_args o;          /* its options */
	/* NEEDS_SCANS */
	struct scan_ctx scans;      /* tree, database, arch list */
	int progress;               /* stderr is a terminal */
	/* NEEDS_TREE */
	struct source *src;         /* the tree */
	struct profile_arch arch;   /* the one architecture */
	struct scan_profile prof;   /* the one profile */
	/* NEEDS_TREE and NEEDS_SCANS */
	struct source *tree;        /* NEEDS_SCANS: the tree the scans
				       borrow (NEEDS_TREE: src) */
	struct kgit *git;           /* the repository of --git or --staged,
				       or NULL */
};

struct cmd {
	const char *name;                 /* subcommand ("profile show") */
	int (*fn)(struct cmd_ctx *c);     /* runs it; returns the exit code */
	enum cmd_needs needs;             /* what main opens first */
	const char *args;                 /* the positional part of the
					     usage line ("SYMBOL"), or NULL */
	const char *summary;              /* one line for kdep --help */
	const char *about;                /* a paragraph for its --help, or
					     NULL */
	const struct cmd_arg_help *arg_help; /* the positional arguments'
					     help, NULL-ended, or NULL */
	const struct opt *const *opts;    /* its option fragments, in help
					     order (NULL-ended); NULL: fn
					     parses argv itself, given as
					     o.args and o.nargs (argv[0]
					     the name) */
	int nargs;                        /* positional arguments; -1 any */
	/* Checks the arguments before anything is opened: -1 to go on,
	 * else the exit code (the error printed). May be NULL. */
	int (*check)(struct cmd_ctx *c);
	int hidden;                       /* for the tests: not listed by
					     kdep --help */
};

extern const struct cmd kdep_commands[];

int cmd_profile(struct cmd_ctx *c);
int cmd_rules(struct cmd_ctx *c);
int cmd_version(struct cmd_ctx *c);
/* `kdep help profile [SUB]`. */
int cmd_profile_help(int argc, char **argv);
int cmd_scan(struct cmd_ctx *c);
int cmd_show(struct cmd_ctx *c);
int cmd_values(struct cmd_ctx *c);
int cmd_why(struct cmd_ctx *c);
int cmd_why_check(struct cmd_ctx *c);
/* The .config at path (--config), a text file (cmd_values.c); NULL with
 * the error set. The caller frees it. */
char *cmd_read_config(const char *path);
/* `kdep props`: the model per property, for the tests. */
int cmd_props(struct cmd_ctx *c);
int cmd_cycles(struct cmd_ctx *c);
int cmd_fix(struct cmd_ctx *c);
int cmd_fix_check(struct cmd_ctx *c);

/* Fixes attached to findings by cmd_fix_attach, owned here. */
struct cmd_attached {
	struct finding_fix *v;      /* the fixes */
	size_t n;                   /* how many */
	size_t cap;                 /* room in v */
};
/*
 * With --fix: proves fixes of the cycle findings of set (the scans sc of
 * one arch, their graphs models) and attaches each component's top
 * proven one to its finding, the fix kept in a. 0, or -1 with the error
 * set.
 */
int cmd_fix_attach(struct scan_ctx *ctx, struct arch_scans *sc,
		   struct model *const *models, struct finding_set *set,
		   struct cmd_attached *a);
void cmd_fix_attached_free(struct cmd_attached *a);
/* The same for the no of cosel finding f: targets[0..n) under profile p
 * of sc, the top proven relaxation attached. */
int cmd_fix_attach_want(struct scan_ctx *ctx, struct arch_scans *sc,
			size_t p, const uint32_t *targets, size_t n,
			struct finding *f, struct cmd_attached *a);
int cmd_cosel(struct cmd_ctx *c);
int cmd_cosel_check(struct cmd_ctx *c);
/*
 * A target as given, SYM, SYM=VALUE or SYM!=VALUE: its name into name
 * (size bytes), the value asked into *v (borrowed from arg; NULL for a
 * bare SYM). Returns name, or NULL with an argument error set.
 */
struct cosel_value;
const char *cmd_cosel_split(const char *arg, char *name, size_t size,
			    struct cosel_value *v);
/* The targets names[0..n) resolved in m (feature names too) into out,
 * the value each asks into values (NULL: bare symbols only). Returns -1
 * to go on, else the exit code (the error printed: no such symbol, not
 * bool or tristate when bare, a value its type does not take). */
int cmd_cosel_resolve(struct model *m, const char *arch,
		      char *const *names, size_t n, uint32_t *out,
		      struct cosel_value *values);
/* Asks the not-coselectable rule about syms[0..n) of m (arch a under
 * profile), each asked values[k] (NULL: all bare), every subset when
 * matrix, checking candidates with kconfiglib on ctx's tree; findings
 * into sink. The answer is kept in ctx's database under key, the scan's
 * content key (NULL: not kept), and recalled from it when asked again.
 * Returns 0, or -1 with the error set. */
struct finding_sink;
int cmd_cosel_ask(struct scan_ctx *ctx, const struct profile_arch *a,
		  const char *profile, const char *key, struct model *m,
		  const uint32_t *syms, const struct cosel_value *values,
		  size_t n, int allow_m, int matrix, struct finding_sink *sink);
/* What `kdep show` prints of symbol si of m, as text into *out (the
 * caller frees). Returns 0, or -1 with the error set. */
int cmd_show_text(struct source *src, struct model *m, uint32_t si,
		  const char *arch, const char *profile, char **out);
int cmd_report(struct cmd_ctx *c);
int cmd_report_check(struct cmd_ctx *c);
int cmd_check(struct cmd_ctx *c);
int cmd_check_check(struct cmd_ctx *c);
int cmd_hook(struct cmd_ctx *c);
int cmd_unmet(struct cmd_ctx *c);

/*
 * The findings of one architecture's scans sc into set (which the caller
 * inits and frees). Returns 0, or -1 with the error set (not printed: a
 * progress line may have to be erased first).
 */
typedef int (*cmd_arch_fn)(struct scan_ctx *ctx, struct arch_scans *sc,
			   struct finding_set *set);
/*
 * Runs fn on each architecture of c (NEEDS_SCANS) in turn, what on the
 * progress line and phase its phase mark, first refusing a tree with a
 * recursive dependency when refuse_cycles; renders each arch's findings of
 * rule as soon as they are found. Returns the exit code: 1 when a finding
 * is not a pass.
 */
int cmd_each_arch(struct cmd_ctx *c, const char *rule, const char *what,
		  const char *phase, int refuse_cycles, cmd_arch_fn fn);
/*
 * Refuses the scans of one arch when they have a recursive dependency,
 * printing it as `cycles` does (on stderr): the Kconfig engine computes
 * no value of such a tree. Returns -1 to go on, else the exit code.
 */
int cmd_cycles_refuse(struct scan_ctx *ctx, struct arch_scans *sc);
/* Where the cycle rule loads the whole models of scans loaded as graphs
 * (SCAN_GRAPH). */
struct cmd_whole {
	struct scan_ctx *ctx;       /* the database */
	struct arch_scans *sc;      /* the scans, res[i].model under
				       profile i */
};
/*
 * The recursive dependencies of one architecture (models[i] its graph
 * under profiles[i]), into set (which the caller inits and frees). whole
 * says where the whole models are when some of models are graph_only,
 * else NULL. Returns 0, or -1 with the error set (not printed: a progress
 * line may have to be erased first).
 */
struct finding_set;
int cmd_find_cycles(struct source *src, const char *arch,
		    char *const *profiles, struct model *const *models,
		    size_t n, struct cmd_whole *whole, struct finding_set *set);
/* The graphs of sc, one per profile (the caller frees the array); NULL
 * with the error set. */
struct model **cmd_scan_models(const struct arch_scans *sc);
/* The same for the graphs models[0..n) of arch under profiles[0..n). */
int cmd_refuse_cycles(struct source *src, const char *arch,
		      char *const *profiles, struct model *const *models,
		      size_t n);

/*
 * Parses argv by the option tables opts into a (zeroed first). Returns -1
 * to go on, else the exit code (--help printed, or a usage error printed
 * with the command's usage).
 */
int cmd_parse(const struct cmd *cmd, const struct opt *const *opts,
	      int argc, char **argv, struct cmd_args *a);
void cmd_args_free(struct cmd_args *a);

/* Prints the usage line, the summary and the options of opts (the
 * command's own when NULL), written from the table; returns status. */
int cmd_usage(const struct cmd *cmd, const struct opt *const *opts, FILE *f,
	      int status);
/* Writes text at column col (the cursor at column at), wrapped to 80
 * columns, each further line indented to col. */
void cmd_wrap(FILE *f, const char *text, int at, int col);
/* A usage error in one line ("kdep: error: MSG; see 'kdep help NAME'"),
 * printed; returns EXIT_USAGE. */
int cmd_usage_error(const struct cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints the help of the command named by argv[0..argc) ("profile
 * record"), or says what is unknown; for `kdep help`. */
int cmd_help(int argc, char **argv);
/* The command called name, or NULL. */
const struct cmd *cmd_find(const char *name);

/*
 * Prints the error set (error.h): "FILE:LINE: error: MSG" when it has a
 * place, else "kdep: error: MSG". Returns the exit code it calls for:
 * EXIT_USAGE for an argument error, else EXIT_TREE.
 */
int cmd_fail(void);

/* "no symbol NAME in the ARCH tree; did you mean ...?", a usage error
 * printed; returns EXIT_USAGE. */
int cmd_unknown_symbol(const struct model *m, const char *name,
		       const char *arch);

/* A rule's line_text callback (rule.h): engine is the tree's source. */
const char *cmd_rule_line_text(void *engine, const char *file, uint32_t n,
			       char *buf, size_t size);

/*
 * The tree options (tree.c): at most one of --tree, --git, --staged (a
 * usage error otherwise); cmd_tree_open opens the tree they name into
 * *out (c->git holds the repository, which cmd_tree_close frees after
 * the source is). --profile host is refused for a bare repository.
 */
int cmd_tree_check(const struct cmd_args *o);
/* Splits a --git spec REPO[@REV] into the repository, in repo (size
 * bytes; "" for the current one), and the revision it returns (NULL:
 * HEAD). */
const char *cmd_git_spec(const char *spec, char *repo, size_t size);
int cmd_tree_open(struct cmd_ctx *c, struct source **out);
void cmd_tree_close(struct cmd_ctx *c);

/* Opens the tree, the one arch and the one profile of c (NEEDS_TREE),
 * and closes them. */
int cmd_open_tree(struct cmd_ctx *c);
void cmd_close_tree(struct cmd_ctx *c);


#endif
