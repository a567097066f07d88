/*
 * profile.h - toolchain profiles: the variables a Kconfig parse sees and
 * how its $(shell,...) probes are answered.
 *
 * "host" is the user's own toolchain, probed live, with the variables the
 * kernel's top Makefile would export for the architecture. Every other
 * profile is a recording of one toolchain's answers, replayed without
 * running anything.
 */
#ifndef KDEP_PROFILE_H
#define KDEP_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "kconf.h"
#include "source.h"

/* An architecture as the kernel's Makefile sees it. */
struct profile_arch {
	char arch[32];     /* $(ARCH), as the user named it */
	char srcarch[32];  /* $(SRCARCH): the arch/ directory */
};

/* The variables of one parse. */
struct profile_env {
	char **vars;          /* "NAME=VALUE" */
	size_t n;             /* how many */
	char *fingerprint;    /* what makes scans under it differ (hex) */
};

/* The kernel's name for this machine's architecture (x86, arm64, ...). */
const char *profile_host_arch(void);

/* The arch/ directory of an $(ARCH) name (x86_64 -> x86). */
const char *profile_srcarch(const char *name);

/*
 * Resolves an architecture name (x86_64, i386, arm64, ...) against the
 * tree: fails when arch/<SRCARCH>/Kconfig is absent.
 */
int profile_arch_resolve(struct source *src, const char *name,
			 struct profile_arch *out);

/* Every architecture of the tree (directories of arch/ with a Kconfig). */
int profile_arch_all(struct source *src, char ***out, size_t *n);

/*
 * The host profile's variables for an architecture, from the user's
 * environment (CC, LLVM, CROSS_COMPILE, ...) completed as the kernel's
 * Makefile would. set ("NAME=VALUE", nset of them) overrides the
 * environment. Runs the compiler once for CC_VERSION_TEXT.
 */
int profile_host_env(struct source *src, const struct profile_arch *a,
		     const char *const *set, size_t nset,
		     struct profile_env *out);
void profile_env_free(struct profile_env *e);
/* Adds NAME=VALUE (value NULL: name is "NAME=VALUE" already). */
int profile_env_add(struct profile_env *e, const char *name,
		    const char *value);

/* "VERSION.PATCHLEVEL.SUBLEVEL" + EXTRAVERSION from the top Makefile. */
void profile_kernel_version(struct source *src, char *buf, size_t n);

/* ---- recorded profiles (profile_rec.c) ---------------------------------- */

/* One recorded profile for one architecture: NAME/ARCH.probes. */
struct profile_rec {
	char *name;            /* the profile */
	char *arch;            /* the SRCARCH it was recorded for */
	char *path;            /* the file */
	char *description;     /* one line, or NULL */
	char *recorded;        /* from what, by what; or NULL */
	int failure_default;   /* 'unknown failure' (else 'unknown success') */
	char **vars;           /* "NAME=VALUE" the parse sees */
	size_t nvars;
	struct kconf_probe *probes; /* sorted by (kind, key) */
	size_t nprobes;
	uint64_t hash;         /* of the file's text: the cache fingerprint */
};

/* Reads a .probes file; errors are "FILE:LINE: error: ...". */
int profile_rec_read(const char *path, struct profile_rec *out);
/* Writes r to DIR/NAME/ARCH.probes (atomically); sets r->path. */
int profile_rec_write(struct profile_rec *r, const char *dir);
void profile_rec_free(struct profile_rec *r);
/*
 * Adds from's probes to into (the same profile and arch, recorded from
 * another kernel tree with the same variables): a key both have must have
 * the same answer, else it fails naming the key and both answers. from's
 * probes move into into (from is left with none); into stays sorted.
 */
int profile_rec_merge(struct profile_rec *into, struct profile_rec *from);
/* The kconf_prober answer function; ctx is a struct profile_rec. */
const char *profile_rec_answer(void *ctx, const char *kind, const char *key);
/* The kconf_prober like function: the answer every key "COMMAND #..." of
 * kind has, if they agree, else NULL. */
const char *profile_rec_answer_like(void *ctx, const char *kind,
				    const char *command);

/*
 * Where profiles are looked up, first match wins: $KDEP_PROFILE_PATH
 * (colon-separated), the user's directory, then the built-in ones (beside
 * an uninstalled binary, else the installed data directory).
 */
int profile_dirs(char ***dirs, size_t *n);
/* $XDG_DATA_HOME/kdep/profiles (or ~/.local/share/...), into buf. */
const char *profile_user_dir(char *buf, size_t n);
/* Whether a profile file is one of the built-in ones. */
int profile_is_builtin(const char *path);
/* Profile names, sorted: built-in ones only, or all; with a recording for
 * srcarch when it is not NULL. */
int profile_names(int builtin_only, const char *srcarch, char ***out,
		  size_t *n);
/* The architectures NAME has recordings for, and its directory. */
int profile_arches(const char *name, char ***arches, size_t *n, char **dir);
/* Finds and reads NAME's recording for srcarch. */
int profile_open(const char *name, const char *srcarch,
		 struct profile_rec *out);
/* The variables of a replayed parse: the recording's, with ARCH, SRCARCH
 * and KERNELVERSION from the arch and tree; fingerprint from the file. */
int profile_replay_env(const struct profile_rec *r, struct source *src,
		       const struct profile_arch *a, struct profile_env *out);
/* The value of NAME in e, or NULL. */
const char *profile_env_get(const struct profile_env *e, const char *name);

#endif
