/*
 * cmd.h - what the subcommands share: the command table, the tree options
 * (--tree, --arch, --profile, --db) and the scan pipeline every command
 * that needs a graph runs through (cache check, parse, store).
 *
 * Only cmd_* files combine modules, print, and choose exit codes.
 */
#ifndef KDEP_CMD_H
#define KDEP_CMD_H

#include <stdio.h>

#include "kconf.h"
#include "strv.h"
#include "model.h"
#include "profile.h"
#include "source.h"

/* Exit codes (DESIGN.md). */
enum {
	EXIT_OK = 0,       /* no finding */
	EXIT_FINDINGS = 1, /* findings, or not co-selectable */
	EXIT_USAGE = 2,    /* bad command line */
	EXIT_TREE = 3,     /* the tree or environment could not be analysed */
};

struct cmd {
	const char *name;                    /* subcommand */
	int (*fn)(int argc, char **argv);    /* argv[0] is the name */
	const char *usage;                   /* synopsis after "kdep NAME" */
	const char *summary;                 /* one line for kdep --help */
};

extern const struct cmd kdep_commands[];

int cmd_scan(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_profile(int argc, char **argv);
int cmd_values(int argc, char **argv);
int cmd_cycles(int argc, char **argv);
int cmd_cosel(int argc, char **argv);
int cmd_rules(int argc, char **argv);

/* Line n of a tree file, trimmed, into buf ("" when unreadable). */
const char *cmd_line_text(struct source *src, const char *file, uint32_t n,
			  char *buf, size_t size);
/* The same as a rule's line_text callback (rule.h), engine a source. */
const char *cmd_rule_line_text(void *engine, const char *file, uint32_t n,
			       char *buf, size_t size);

/* The options every tree-reading command takes. */
struct tree_opts {
	const char *tree;      /* --tree, default "." */
	const char *arch;      /* --arch list, "all", or NULL for the host's */
	const char *profile;   /* --profile list or NULL */
	const char *db;        /* --db, else $KDEP_DB, else the cache dir */
	const char *config;    /* --config (values) */
	int json;              /* --format json rather than text */
	int allow_m;           /* --allow-m (cosel) */
	const char *witness;   /* --witness FILE (cosel) */
	const char *matrix;    /* --matrix LIST (cosel) */
	char **args;           /* the positional arguments (borrowed argv) */
	int nargs;             /* how many (when any number is allowed) */
};

/*
 * Parses the options of command name into t, expecting nargs positional
 * arguments (any number when nargs < 0). Returns -1 to go on, else the exit code to return (--help,
 * or a usage error already printed).
 */
int tree_args(int argc, char **argv, const char *name, int nargs,
	      struct tree_opts *t);

/* A profile made ready for one parse of one architecture. */
struct run_profile {
	char name[64];             /* "host" or a recorded profile */
	int host;                  /* live probes */
	struct profile_rec rec;    /* the recording (not host) */
	struct profile_env env;    /* the variables of the parse */
	struct kconf_prober prober; /* answers from rec */
};

/*
 * Readies profile name ("host" or a recorded one) for arch a of src.
 * Returns 0, or -1 with the error set; close it either way.
 */
int run_profile_open(struct source *src, const struct profile_arch *a,
		     const char *name, struct run_profile *p);
/* The parse options for p; log gets the replay's misses (may be NULL). */
struct kconf_opts run_profile_opts(const struct run_profile *p,
				   struct kconf_probe_log *log);
void run_profile_close(struct run_profile *p);

/*
 * The profiles a command runs arch under: the --profile list when given
 * ("all": every profile with a recording for it), else every built-in one
 * that has a recording for it. Returns 0, or -1 with the error set.
 */
int tree_profiles(const char *list, const struct profile_arch *a,
		  char ***out, size_t *n);

/*
 * Opens the tree of t for a command that runs under one profile on one
 * architecture (default: this machine's; the first default profile).
 * Returns 0, or -1 with the error set; close both either way.
 */
int tree_open_one(const struct tree_opts *t, struct source **src,
		  struct profile_arch *a, struct run_profile *p);

/* Prints "kdep NAME USAGE" and the options, for --help and errors. */
int cmd_usage(const char *name, FILE *f, int status);

/* Prints "kdep: error: MSG". */
void cmd_error(const char *msg);
/* Prints the error set (error.h): "FILE:LINE: error: MSG" when it has a
 * place, else "kdep: error: MSG". */
void cmd_fail(void);

/* One scan's outcome. */
struct scan_result {
	char arch[32];           /* the architecture as named */
	char profile[64];        /* the profile */
	long long scan_id;       /* its row in the database */
	int cached;              /* found in the database, not parsed */
	double seconds;          /* wall time of this scan */
	struct model_counts counts; /* what it holds */
	unsigned unknown_probes; /* probes answered by a default */
	char **warnings;         /* parser warnings (owned) */
	unsigned nwarnings;
	struct model *model;     /* the graph, when asked for (owned) */
};

/* What a set of scans run against: the tree, the database, the list. */
struct scan_ctx {
	struct source *src;      /* the tree */
	struct db *db;           /* the database */
	char **arches;           /* architectures to scan */
	size_t narches;
	const char *profiles;    /* the --profile list, or NULL */
	int progress;            /* stderr is a terminal */
};

/* Opens the tree and the database and resolves the lists; prints errors. */
int scan_ctx_open(struct scan_ctx *ctx, const struct tree_opts *t);
void scan_ctx_close(struct scan_ctx *ctx);

/*
 * Scans one (arch, profile), from the cache when the content key matches.
 * With want_model, leaves the graph in r->model (loaded from the database
 * when cached). Returns an exit code: EXIT_OK or EXIT_TREE (printed).
 */
int scan_run(struct scan_ctx *ctx, const char *arch, const char *profile,
	     int want_model, struct scan_result *r);
void scan_result_free(struct scan_result *r);

/*
 * Resolves arch of ctx and the profiles to run it under (tree_profiles()).
 * Returns EXIT_OK, or EXIT_TREE with the error printed.
 */
int scan_arch_profiles(struct scan_ctx *ctx, const char *arch,
		       struct profile_arch *a, char ***profiles, size_t *n);

/* Every profile of one architecture, scanned, each with its graph. */
struct arch_scans {
	struct profile_arch a;     /* the architecture, resolved */
	char **profiles;           /* its profiles (scan_arch_profiles()) */
	size_t n;
	struct scan_result *res;   /* [n], each with res[i].model */
};

/*
 * Scans arch of ctx under each of its profiles, graphs loaded. Returns
 * EXIT_OK, or EXIT_TREE with the error printed; free s either way.
 */
int scan_arch_all(struct scan_ctx *ctx, const char *arch,
		  struct arch_scans *s);
void arch_scans_free(struct arch_scans *s);

#endif
