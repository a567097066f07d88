/*
 * scan.h - the scan pipeline as a library: a tree, parsed under a toolchain
 * profile for an architecture, stored in the database, and found there again
 * when nothing it read has changed.
 *
 * A scan is (tree identity, arch, profile). Its content key hashes the kdep
 * version, the arch, the profile and its fingerprint, and every file read and
 * glob expanded, in order; a scan whose key is in the database is loaded, not
 * parsed again.
 *
 * Every function that can fail returns 0, or -1 with the error set
 * (core/error.h); nothing here prints or picks an exit status. An argument
 * that names nothing (an unknown profile) is an error of class KDEP_ERR_ARG.
 */
#ifndef KDEP_SCAN_H
#define KDEP_SCAN_H

#include "db.h"
#include "kconf.h"
#include "model.h"
#include "profile.h"
#include "source.h"

/* A profile made ready for one parse of one architecture. */
struct scan_profile {
	char name[64];              /* "host" or a recorded profile */
	int host;                   /* live probes */
	struct profile_rec rec;     /* the recording (not host) */
	struct profile_env env;     /* the variables of the parse */
	struct kconf_prober prober; /* answers from rec */
};

/*
 * Readies profile name ("host" or a recorded one) for arch a of src.
 * Returns 0, or -1 with the error set; close it either way.
 */
int scan_profile_open(struct source *src, const struct profile_arch *a,
		      const char *name, struct scan_profile *p);
/* The parse options for p; log gets the replay's misses (may be NULL). */
struct kconf_opts scan_profile_opts(const struct scan_profile *p,
				    struct kconf_probe_log *log);
void scan_profile_close(struct scan_profile *p);

/*
 * The profiles arch a is scanned under: the names of list when given
 * ("all": every profile with a recording for it), else every built-in one
 * that has a recording for it. *out is a string vector (strv_free).
 */
int scan_profile_list(const char *list, const struct profile_arch *a,
		      char ***out, size_t *n);
/*
 * Checks that every name of list (comma-separated; "all" and NULL are
 * always fine) is "host" or a profile found on the profile path; else
 * -1 with an error of class KDEP_ERR_ARG naming the known ones.
 */
int scan_profile_check(const char *list);

/* Told when a parse starts (begin 1) and when it is over (begin 0). */
typedef void (*scan_progress_fn)(void *ctx, const char *arch,
				 const char *profile, int begin);

/* Told when a worker's parse is over (done of n so far). */
typedef void (*scan_done_fn)(void *ctx, const char *arch, const char *profile,
			     size_t done, size_t n);

/* The number of cores: the default number of parses at once. */
unsigned scan_pool_cores(void);

/* What a set of scans runs against. */
struct scan_opts {
	const char *tree;       /* a directory (default "."), when src is NULL */
	struct source *src;     /* or this source (borrowed, e.g. an overlay) */
	const char *arch;       /* a list, "all", or NULL for the host's */
	const char *profile;    /* a list, "all", or NULL: the built-in ones */
	const char *db;         /* the database; NULL: scan_default_db() */
	scan_progress_fn progress; /* may be NULL */
	scan_done_fn done;      /* may be NULL */
	void *progress_ctx;     /* passed to progress and done */
	unsigned jobs;          /* parses at once, each in a worker process
				   (kdep run again) when more than 1; 0: one
				   per core (scan_pool_cores()) */
	const char *worker_tree; /* the directory a worker opens as the
				   same tree (src is that directory), or
				   NULL: no workers (a commit, an overlay) */
};

/* The database a scan uses without --db: $KDEP_DB, else
 * $XDG_CACHE_HOME/kdep/kdep.db (~/.cache without XDG). Caller frees. */
char *scan_default_db(void);

/* The tree, the database and the resolved list of architectures. */
struct scan_ctx {
	struct source *src;     /* the tree */
	int own_src;            /* src was opened here (else borrowed) */
	struct db *db;          /* the database */
	char **arches;          /* architectures to scan (strv) */
	size_t narches;
	int all;                /* the arches are "all" of the tree's */
	char **skipped;         /* with "all": the arches none of the
				   profiles has a recording for (strv) */
	size_t nskipped;
	const char *profiles;   /* the profile list, or NULL */
	scan_progress_fn progress; /* from the options */
	scan_done_fn done;
	void *progress_ctx;
	struct scan_pool *pool; /* the workers parsing ahead, or NULL */
	struct scan_fresh *fresh; /* the ids the cache checks found (key.h),
				     or NULL */
	char *dbpath;           /* the database's file: the loads of an
				   arch's cached scans open it once each,
				   in threads of their own */
	struct scan_hit *hits;  /* the cache checks that held (scan.c): the
				   workers' start checks every pair before
				   scan_run() does */
	size_t nhits;
};

/*
 * Opens the tree and the database of o and resolves its lists: every arch
 * must exist in the tree and every profile named must exist. With arch
 * "all", each arch is scanned under those of the profiles that have a
 * recording for it ("host" always has), and an arch with none is left
 * out and named in ctx->skipped. With o->jobs other than 1 and a tree of
 * its own (a directory), the (arch, profile) pairs not cached are parsed
 * ahead in worker processes, in arch order; scan_run() of each waits for
 * its own. Returns 0, or -1 with the error set (ctx is closed then).
 */
int scan_ctx_open(struct scan_ctx *ctx, const struct scan_opts *o);
void scan_ctx_close(struct scan_ctx *ctx);

/* One scan's outcome. */
struct scan_result {
	char arch[32];              /* the architecture as named */
	char profile[64];           /* the profile */
	long long scan_id;          /* its row in the database */
	char key[SOURCE_ID_SIZE];   /* its content key (hex) */
	int cached;                 /* found in the database, not parsed */
	double seconds;             /* wall time of this scan */
	struct model_counts counts; /* what it holds */
	unsigned unknown_probes;    /* probes answered by a default */
	char **warnings;            /* parser warnings (owned) */
	unsigned nwarnings;
	struct model *model;        /* the graph, when asked for (owned) */
	struct model *whole;        /* when model is graph_only: the whole
				       model, once scan_whole loaded it
				       (owned), else NULL */
};

/* What scan_run leaves in r->model. */
enum scan_want {
	SCAN_NO_MODEL = 0, /* nothing */
	SCAN_MODEL = 1,    /* the whole model */
	SCAN_GRAPH = 2,    /* what a walk of the graph needs, when cached
			      (db_load_graph: marked graph_only); a scan
			      parsed now leaves the whole model */
};

/*
 * Scans one (arch, profile) of ctx, from the database when the content key
 * matches, else parsed and stored (one transaction). want_model (enum
 * scan_want) says what is left in r->model (loaded from the database when
 * cached). Free r either way.
 */
int scan_run(struct scan_ctx *ctx, const char *arch, const char *profile,
	     int want_model, struct scan_result *r);
void scan_result_free(struct scan_result *r);

/* Resolves arch of ctx and the profiles to run it under. */
int scan_arch_profiles(struct scan_ctx *ctx, const char *arch,
		       struct profile_arch *a, char ***profiles, size_t *n);

/* Every profile of one architecture, scanned, each with its graph. */
struct arch_scans {
	struct profile_arch a;      /* the architecture, resolved */
	char **profiles;            /* its profiles (scan_arch_profiles()) */
	size_t n;                   /* how many */
	struct scan_result *res;    /* [n], each with res[i].model */
};

/* Scans arch of ctx under each of its profiles, graphs loaded; free s
 * either way. */
int scan_arch_all(struct scan_ctx *ctx, const char *arch,
		  struct arch_scans *s);
/* The same with want (enum scan_want) in each res[i].model. */
int scan_arch_load(struct scan_ctx *ctx, const char *arch, int want,
		   struct arch_scans *s);
/*
 * The whole model of r, a scan of ctx: r->model itself, or when that is
 * only the graph, the whole one loaded from the database once (kept in
 * r->whole). NULL with the error set.
 */
struct model *scan_whole(struct scan_ctx *ctx, struct scan_result *r);
void arch_scans_free(struct arch_scans *s);

/*
 * The rescan entry point: parses src (any source: a directory, or an
 * overlay holding edited files) for arch a under profile, without the
 * database, into *out with its edges built. missed (may be NULL) gets the
 * probes the profile could not answer. This is how an edit is proved: by
 * parsing the edited tree, never by writing it to disk.
 */
int scan_parse(struct source *src, const struct profile_arch *a,
	       const char *profile, struct kconf_probe_log *missed,
	       struct model **out);

#endif
