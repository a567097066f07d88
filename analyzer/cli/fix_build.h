/*
 * fix_build.h - `kdep fix --build-check`: the request a proven fix makes
 * (scan/buildcheck.h builds it), and what is printed of the result.
 */
#ifndef KDEP_CLI_FIX_BUILD_H
#define KDEP_CLI_FIX_BUILD_H

#include <stdio.h>

#include "buildcheck.h"
#include "cmd.h"
#include "fix.h"
#include "impact.h"
#include "json.h"

/*
 * Builds fix x (the k-th of its list, 1-based) of c's tree on arch under
 * profile into *r: the witness (NULL: allnoconfig alone) must keep
 * targets[0..n) y, and the files of im's guards are built first. 0, or
 * -1 with the error set (the build could not run).
 */
int fix_build(struct cmd_ctx *c, const char *arch, const char *profile,
	      const struct fix *x, const char *witness,
	      const char *const *targets, size_t n, const struct impact *im,
	      struct build_result *r);

/* r as text lines on f: what was built, then "build-check: ok (vmlinux
 * linked)" or the first error. */
void fix_build_print(FILE *f, const char *arch, const char *profile,
		     size_t k, const struct build_result *r);

/* r as the "build_check" key of the open object of j. */
void fix_build_json(struct json *j, const char *profile, size_t k,
		    const struct build_result *r);

/* Whether r is a failed build (the fix does not build as it is). */
int fix_build_failed(const struct build_result *r);

#endif
