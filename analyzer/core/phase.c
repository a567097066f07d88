/* phase.c - phase timings (see phase.h). */
#include "phase.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void phase_mark(const char *name)
{
	static int enabled = -1;   /* KDEP_TIMING read once */
	static double last;        /* time of the previous mark */
	struct timespec ts;
	if (enabled < 0) {
		const char *e = getenv("KDEP_TIMING");
		enabled = e && *e && *e != '0';
	}
	if (!enabled)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	double t = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	if (last > 0)
		fprintf(stderr, "kdep: phase %s %.3f s\n", name, t - last);
	last = t;
}
