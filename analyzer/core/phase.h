/*
 * phase.h - where the time goes: with KDEP_TIMING=1 in the environment,
 * each phase_mark() prints the seconds since the previous mark to stderr
 * ("kdep: phase NAME 0.123 s"), and each phase_count() how many things a
 * phase worked on ("kdep: count NAME 12"). The benchmark and the tests
 * read these lines.
 */
#ifndef KDEP_PHASE_H
#define KDEP_PHASE_H

#include <stddef.h>

void phase_mark(const char *name);
void phase_count(const char *name, size_t n);

#endif
