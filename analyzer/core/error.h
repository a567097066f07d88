/*
 * error.h - one error per thread of control, set where a failure happens
 * and passed up unchanged (libgit2's contract): functions that can fail
 * return int, 0 for success and negative for failure (or NULL).
 *
 * An error is a message and, when the problem has a place in the tree, the
 * file and line as fields; only the command line turns them into text
 * ("FILE:LINE: error: MESSAGE" or "kdep: error: MESSAGE").
 *
 * Allocation failure is an error like any other, set with kdep_error_oom():
 * nothing in kdep prints or aborts when memory runs out. Code deep inside a
 * builder that has no way to return a failure marks its owner failed (a
 * sticky flag, as SQLite's mallocFailed) and the owner's public entry point
 * reports it (see core/alloc.h).
 */
#ifndef KDEP_ERROR_H
#define KDEP_ERROR_H

#include <stdint.h>

/* Sets the message, with no place; printf-style. Lower case, no full stop. */
void kdep_error_set(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* Sets the message with its place (file relative to the tree; line >= 1,
 * or 0 when only the file is known). */
void kdep_error_set_at(const char *file, uint32_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "out of memory". */
void kdep_error_oom(void);

/*
 * What an error says about whose it is (libgit2's error classes, reduced
 * to what picks an exit status): the default is the tree's or the
 * environment's; kdep_error_set_arg() marks an argument the caller passed
 * in as wrong (an unknown profile name), which a command reports as a
 * usage error.
 */
enum kdep_error_class {
	KDEP_ERR_TREE = 0, /* the tree or the environment */
	KDEP_ERR_ARG,      /* an argument given by the caller */
};
void kdep_error_set_arg(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* The class of the last error set. */
int kdep_error_class(void);

/* The last message (without its place), or "unknown error". */
const char *kdep_error_last(void);
/* The place of the last error: its file (NULL when it has none) and line. */
const char *kdep_error_file(void);
uint32_t kdep_error_line(void);
/* The whole diagnostic as a compiler writes it: "FILE:LINE: error: MSG",
 * or "error: MSG" without a place, into buf. Returns buf. */
const char *kdep_error_format(char *buf, unsigned size);
void kdep_error_clear(void);

#endif
