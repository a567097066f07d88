/* error.c - the last error message (see error.h). */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

static char last[4096]; /* the message; empty when none is set */

void kdep_error_set(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last, sizeof(last), fmt, ap);
	va_end(ap);
}

const char *kdep_error_last(void)
{
	return last[0] ? last : "unknown error";
}

void kdep_error_clear(void)
{
	last[0] = '\0';
}
