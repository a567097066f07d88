/*
 * suggest.h - "did you mean ...": the known name closest to a misspelt one,
 * by edit distance (insertions, deletions, substitutions and swaps of two
 * neighbours each count one, letters compared without case), as git's
 * help.c does for commands.
 */
#ifndef KDEP_SUGGEST_H
#define KDEP_SUGGEST_H

#include <stddef.h>

/* The edit distance between a and b (case-insensitive). */
size_t suggest_distance(const char *a, const char *b);

/*
 * The name of names[0..n) closest to name, or NULL when none is close
 * enough to be a likely misspelling (at most a third of the length of
 * name, and at least one edit allowed). Ties go to the first.
 */
const char *suggest_closest(const char *name, const char *const *names,
			    size_t n);

#endif
