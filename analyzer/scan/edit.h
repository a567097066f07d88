/*
 * edit.h - line edits of a tree: an overlay that holds them, the engine
 * that proves a fix by parsing it again (rules/fix.h), and the unified
 * diff a user applies. Nothing is written to the tree.
 */
#ifndef KDEP_SCAN_EDIT_H
#define KDEP_SCAN_EDIT_H

#include "cosel.h"
#include "finding.h"
#include "fix.h"
#include "scan.h"

/*
 * An overlay of base (borrowed) with edits[0..n) applied: each edit's
 * old_text must be what its lines read (else an error at that line).
 * Returns 0, or -1 with the error set; *out freed with source_free.
 */
int scan_edits_apply(struct source *base, const struct finding_edit *e,
		     size_t n, struct source **out);

/* A file's git blob id as 40 hex digits and a NUL (the git layer's). */
typedef void (*scan_blob_id_fn)(const char *data, size_t len, char hex[41]);

/*
 * edits[0..n) of base as a unified diff with three lines of context
 * ("diff --git a/F b/F", with id an "index OLD..NEW" line of blob ids,
 * then ---/+++ and hunks), *out malloc'd. Returns 0, or -1 with the
 * error set.
 */
int scan_edits_diff(struct source *base, const struct finding_edit *e,
		    size_t n, scan_blob_id_fn id, char **out);

/* The tree and profiles a fix is proven under (rules/fix.h's engine). */
struct scan_fixer {
	struct source *base;            /* the tree (borrowed) */
	const struct profile_arch *a;   /* the architecture */
	char *const *profiles;          /* [n] the profiles */
	size_t n;
	struct db *db;                  /* where proofs are kept, or NULL */
	const char *const *keys;        /* [n] the scans' content keys: a
					   kept proof is one of these */
};

/* struct fix_engine's read and reparse; ctx is a struct scan_fixer. */
int scan_fixer_read(void *ctx, const char *file, char **data, size_t *len);
int scan_fixer_reparse(void *ctx, const struct finding_edit *e, size_t n,
		       struct model **out);
/* struct fix_engine's open_edited and close_edited (the check is
 * scan_verify on the overlay). */
int scan_fixer_open_edited(void *ctx, const struct finding_edit *e, size_t n,
			   unsigned p, struct model **out,
			   cosel_check_fn *check, void **check_ctx);
void scan_fixer_close_edited(void *ctx, void *check_ctx);
/* struct fix_engine's recall and remember: proofs in the database, keyed
 * by the kdep version, the arch, each profile and its scan's content key,
 * the question and the edit. */
int scan_fixer_recall(void *ctx, const struct fix *f, const char *q,
		      char **out);
int scan_fixer_remember(void *ctx, const struct fix *f, const char *q,
			const char *text);

#endif
