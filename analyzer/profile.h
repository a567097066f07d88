/*
 * profile.h - toolchain profiles: the variables a Kconfig parse sees and
 * how its $(shell,...) probes are answered.
 *
 * "host" is the user's own toolchain, probed live, with the variables the
 * kernel's top Makefile would export for the architecture.
 */
#ifndef KDEP_PROFILE_H
#define KDEP_PROFILE_H

#include <stddef.h>

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
 * Makefile would. Runs the compiler once for CC_VERSION_TEXT.
 */
int profile_host_env(struct source *src, const struct profile_arch *a,
		     struct profile_env *out);
void profile_env_free(struct profile_env *e);
/* The value of NAME in e, or NULL. */
const char *profile_env_get(const struct profile_env *e, const char *name);

#endif
