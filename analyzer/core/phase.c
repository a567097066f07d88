/* phase.c - phase timings (see phase.h). */
#include "phase.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Whether KDEP_TIMING asks for the lines. */
static int phase_enabled(void)
{
	static int enabled = -1;   /* KDEP_TIMING read once */
	if (enabled < 0) {
		const char *e = getenv("KDEP_TIMING");
		enabled = e && *e && *e != '0';
	}
	return enabled;
}

void phase_mark(const char *name)
{
	static double last;        /* time of the previous mark */
	struct timespec ts;
	if (!phase_enabled())
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	double t = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	if (last > 0)
		fprintf(stderr, "kdep: phase %s %.3f s\n", name, t - last);
	last = t;
}

void phase_count(const char *name, size_t n)
{
	if (phase_enabled())
		fprintf(stderr, "kdep: count %s %zu\n", name, n);
}
