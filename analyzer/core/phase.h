/*
 * phase.h - where the time goes: with KDEP_TIMING=1 in the environment,
 * each phase_mark() prints the seconds since the previous mark to stderr
 * ("kdep: phase NAME 0.123 s"). The benchmark reads these lines.
 */
#ifndef KDEP_PHASE_H
#define KDEP_PHASE_H

void phase_mark(const char *name);

#endif
