/*
 * error.h - one error message per thread of control, set where a failure
 * happens and passed up unchanged (libgit2's contract): functions that can
 * fail return int, 0 for success and negative for failure.
 */
#ifndef KDEP_ERROR_H
#define KDEP_ERROR_H

/* Sets the message; printf-style. Lower case, no full stop. */
void kdep_error_set(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* The last message set, or "unknown error". */
const char *kdep_error_last(void);
void kdep_error_clear(void);

#endif
