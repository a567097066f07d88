/*
 * buildcheck.h - `kdep fix --build-check`: builds the kernel a proven fix
 * makes possible, with the profile's real toolchain, and says what the
 * compiler or the linker says first.
 *
 * The analysed tree is never written: a scratch copy of it (hard links,
 * the edited files real copies) is kept at a stable path so that kbuild's
 * dependency tracking stays valid from one run to the next; only files
 * whose contents changed are replaced. The configuration is `allnoconfig`
 * with KCONFIG_ALLCONFIG set to the fix's witness, then `olddefconfig`;
 * the objects of the impact list's C and assembler files are built first
 * (those the configuration builds), then vmlinux. Everything runs in the
 * environment the built-in profiles are recorded in (scripts/toolchain-
 * env): HOME, PATH of the system directories, LC_ALL=C.
 *
 * This is the one place kdep runs the tree's code (its Makefiles and
 * scripts), and only when the user asks for it.
 */
#ifndef KDEP_SCAN_BUILDCHECK_H
#define KDEP_SCAN_BUILDCHECK_H

#include <stddef.h>

#include "finding.h"
#include "source.h"

/* What the build said. */
enum build_outcome {
	BUILD_OK,       /* vmlinux linked */
	BUILD_LOST,     /* a target is not y after olddefconfig */
	BUILD_CONFIG,   /* the configuration step failed */
	BUILD_COMPILE,  /* the compiler's first error */
	BUILD_LINK,     /* the linker's first error */
	BUILD_FAILED,   /* make failed with no error line recognised */
};

/* What to build. */
struct build_request {
	struct source *tree;        /* the analysed tree: a directory */
	const char *arch;           /* $(ARCH) */
	const char *profile;        /* a built-in profile: gcc-12, llvm-19 */
	const struct finding_edit *edits; /* the fix's edits */
	size_t nedits;
	const char *witness;        /* the .config text KCONFIG_ALLCONFIG
				       names, or NULL: allnoconfig alone */
	const char *const *targets; /* symbols (no CONFIG_) that must be y
				       after olddefconfig */
	size_t ntargets;
	const char *const *files;   /* the impact list's files, relative to
				       the tree: each .c and .S one names
				       becomes an object to build first */
	size_t nfiles;
	const char *dir;            /* the build directory, or NULL:
				       $KDEP_CACHE/build/<tree>-<arch>-
				       <profile> (default ~/.cache/kdep) */
	unsigned jobs;              /* make -j; 0: the online cores */
};

/* What came of it (build_result_free). */
struct build_result {
	enum build_outcome outcome; /* the verdict */
	char *dir;                  /* the build directory used */
	char *toolchain;            /* the make variables the profile sets
				       ("LLVM=-19") */
	int witnessed;              /* allnoconfig had a witness */
	char **objects;             /* the objects built before vmlinux */
	size_t nobjects;
	char *step;                 /* what failed: "allnoconfig",
				       "objects", "vmlinux"; NULL when ok */
	char *file;                 /* BUILD_COMPILE: the source file;
				       BUILD_LINK: the object that needs the
				       symbol; or NULL */
	unsigned line;              /* BUILD_COMPILE: its line, else 0 */
	char *message;              /* the error ("error: ...",
				       "undefined reference to `SYM'"), the
				       lost targets, or NULL */
	char *symbol;               /* BUILD_LINK: the undefined symbol, or
				       NULL */
	char *log;                  /* the log of the step that failed */
};

/*
 * Builds rq into *out. A build that fails is a result, not an error:
 * returns -1 (error set) only when the build could not run: the tree is
 * no directory, the profile has no known real toolchain, a tool of it is
 * missing (the message names its Debian package), the scratch copy could
 * not be made.
 */
int build_check(const struct build_request *rq, struct build_result *out);
void build_result_free(struct build_result *r);

/*
 * The first compiler or linker error of a build log (text[0..len)) into
 * r's outcome, file, line, message and symbol (allocated). Recognised:
 * "FILE:LINE[:COL]: error: MSG" and "fatal error:" of gcc and clang;
 * GNU ld's "OBJ: in function `F':" then "...: undefined reference to
 * `SYM'"; lld's "error: undefined symbol: SYM" then its ">>> referenced
 * by" lines (the object is the one named after "in archive", or the
 * referencing file); another "error:" of the linker. Failing those, the
 * first line that says "error:" (a driver's, a script's) is the message
 * of BUILD_FAILED. Returns 1 when one is found, 0 when none, -1 out of
 * memory.
 */
int build_log_first_error(const char *text, size_t len,
			  struct build_result *r);

#endif
