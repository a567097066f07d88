/*
 * progress.h - what a long command is doing, as one line on a terminal:
 * "kdep: WHAT..." drawn over itself as the work goes on and erased when it
 * is done ("\r", "\033[K": the scan's parse progress does the same). The
 * caller says whether the stream is a terminal; on anything else nothing
 * is ever written.
 *
 * Another progress line (a scan's, as it parses) may come up while this
 * one is shown: put this one in front of its callback
 * (report_progress_begin()) and it steps aside while the other is up.
 */
#ifndef KDEP_PROGRESS_H
#define KDEP_PROGRESS_H

#include <stdio.h>

/* A progress callback as the scans call theirs (scan_progress_fn): told
 * when a step starts (begin 1) and when it is over (begin 0). */
typedef void (*report_progress_fn)(void *ctx, const char *arch,
				   const char *profile, int begin);

struct report_progress {
	FILE *f;                    /* where it is drawn (stderr) */
	int on;                     /* f is a terminal: draw */
	char line[256];             /* the line shown, to draw again after
				       the other's; "" when none */
	int hidden;                 /* the other's line is up */
	report_progress_fn *slot;   /* the other's callback, replaced by
				       ours until report_progress_end() */
	void **slot_ctx;            /* and its context */
	report_progress_fn inner;   /* what the slot held, called in turn */
	void *inner_ctx;            /* and its context */
};

/*
 * Starts p on f, drawn only when on. slot and slot_ctx (may be NULL)
 * hold another progress callback and its context (a scan context's
 * progress, progress_ctx), which p takes over until report_progress_end()
 * to step aside while that one's line is up.
 */
void report_progress_begin(struct report_progress *p, FILE *f, int on,
			   report_progress_fn *slot, void **slot_ctx);
/* Shows "kdep: WHAT..." in place of what was shown. */
void report_progress_show(struct report_progress *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Erases it (before anything else is written to the terminal). */
void report_progress_clear(struct report_progress *p);
/* Erases it and gives the other callback its slot back. */
void report_progress_end(struct report_progress *p);

#endif
