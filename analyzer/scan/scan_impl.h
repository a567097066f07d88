/*
 * scan_impl.h - what scan.c and pool.c share, and nothing outside the scan
 * layer sees.
 */
#ifndef KDEP_SCAN_IMPL_H
#define KDEP_SCAN_IMPL_H

#include "scan.h"

/* Whether (a, profile) of ctx is stored and its key still matches the
 * tree (no error either way). */
int scan_is_cached(struct scan_ctx *ctx, const struct profile_arch *a,
		   const char *profile);

/*
 * Starts the workers for ctx (up to max at once, each opening the
 * directory tree and storing into the database at db): one job per (arch, profile) of ctx not cached yet, in arch
 * order. With fewer than two such jobs none starts and ctx->pool stays
 * NULL. Returns 0, or -1 with the error set.
 */
int scan_pool_start(struct scan_ctx *ctx, unsigned max, const char *db,
		    const char *tree);
/* Waits until the worker of (arch, profile), if any, is over, starting
 * the next ones meanwhile: 1 when it stored the scan, else 0 (then the
 * caller parses it). */
int scan_pool_wait(struct scan_ctx *ctx, const char *arch,
		   const char *profile);
/* Stops any worker still running (its transaction rolls back). */
void scan_pool_free(struct scan_pool *p);

#endif
