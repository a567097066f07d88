/*
 * kept.h - answers kept in the database by content: the recall and
 * remember of co-selectability (rules/cosel.h), so that asking the same
 * question of the same tree under the same profile again costs a lookup.
 */
#ifndef KDEP_SCAN_KEPT_H
#define KDEP_SCAN_KEPT_H

#include "db.h"

/*
 * What a kept answer or proof was found by: kdep's version and the version
 * of the rules' meaning, raised when the same scan gives other answers
 * (2: a symbol's direct dependencies as the kernel ORs them; 3: a
 * prompted int or hex its default when no prompt is visible), so that an
 * answer kept before is found again, not served.
 */
#define KEPT_VERSION KDEP_VERSION " answers 3"

/*
 * The answers of one scan. A kept answer's key is the kdep version, the
 * arch, the profile, the scan's content key (every Kconfig file read and
 * glob expanded, the profile's fingerprint) and the question: another
 * tree, an edited file or another profile is another key.
 */
struct scan_kept {
	struct db *db;          /* where answers are kept, or NULL: none */
	const char *arch;       /* the architecture */
	const char *profile;    /* the profile */
	const char *key;        /* the scan's content key, or NULL: none */
};

/* cosel_recall_fn and cosel_remember_fn; ctx is a struct scan_kept. */
int scan_kept_recall(void *ctx, const char *question, char **text);
int scan_kept_remember(void *ctx, const char *question, const char *text);

#endif
