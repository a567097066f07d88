/*
 * impact.h - the code guards a Kconfig fix concerns: every line of the
 * tree's C, header, assembler, Makefile and Kbuild text that tests
 * CONFIG_<sym> for a symbol of either side of a pair whose combination of
 * values the fix changes ('#if', '#ifdef', '#elif', IS_ENABLED() and its
 * kin; obj-$(CONFIG_...) and make conditionals). A guard that tests a
 * symbol of one side and none of the other is mismatched: code the new
 * combination reaches that nobody built before.
 *
 * The other architectures' directories, Documentation/ and tools/ are
 * left out. Nothing found is run.
 */
#ifndef KDEP_SCAN_IMPACT_H
#define KDEP_SCAN_IMPACT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "source.h"

struct impact_guard {
	char *file;         /* relative to the tree */
	uint32_t line;      /* the first line of the guard */
	uint32_t last;      /* its last (a '#if' continued by backslashes) */
	char *text;         /* the guard, its continuation lines joined */
	int tests_a;        /* it tests a symbol of side a */
	int tests_b;        /* ... of side b */
	int mismatched;     /* one side without the other */
};

struct impact {
	struct impact_guard *v;  /* by file, then line */
	size_t n;
	size_t mismatched;       /* how many of them are mismatched */
};

/*
 * The guards of src (architecture arch) testing a[0..na) or b[0..nb),
 * symbol names without CONFIG_, into out (impact_free). With db, the
 * list is kept there by content: the kdep version, the arch, the two
 * sides and the blob id of every file the walk reads (a directory's
 * known by their stat data, stamps.h); asked again of the same text it
 * is read back, not found again. 0, or -1 with the error set.
 */
int scan_impact(struct source *src, struct db *db, const char *arch,
		const char *const *a, size_t na, const char *const *b,
		size_t nb, struct impact *out);
void impact_free(struct impact *im);

#endif
