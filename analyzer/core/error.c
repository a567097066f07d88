/* error.c - the last error and its place (see error.h). */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* One error per thread: a scan's loads run in threads of their own
 * (scan.c), each setting its error where the caller then takes it. */
static _Thread_local char last[4096];  /* the message; empty when none */
static _Thread_local char where[4096]; /* its file; empty when no place */
static _Thread_local uint32_t at_line; /* its line, 0 when none */
static _Thread_local int klass;        /* enum kdep_error_class */

/* Sets the whole error: message from fmt and ap, place, class. */
static void set(const char *file, uint32_t line, int cls, const char *fmt,
		va_list ap)
{
	vsnprintf(last, sizeof(last), fmt, ap);
	snprintf(where, sizeof(where), "%s", file ? file : "");
	at_line = file ? line : 0;
	klass = cls;
}

void kdep_error_set(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set(NULL, 0, KDEP_ERR_TREE, fmt, ap);
	va_end(ap);
}

void kdep_error_set_arg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set(NULL, 0, KDEP_ERR_ARG, fmt, ap);
	va_end(ap);
}

void kdep_error_set_at(const char *file, uint32_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set(file, line, KDEP_ERR_TREE, fmt, ap);
	va_end(ap);
}

int kdep_error_class(void)
{
	return klass;
}

void kdep_error_oom(void)
{
	kdep_error_set("out of memory");
}

const char *kdep_error_last(void)
{
	return last[0] ? last : "unknown error";
}

const char *kdep_error_file(void)
{
	return where[0] ? where : NULL;
}

uint32_t kdep_error_line(void)
{
	return at_line;
}

const char *kdep_error_format(char *buf, unsigned size)
{
	if (!where[0] && !strncmp(last, "error: ", 7))
		snprintf(buf, size, "%s", last); /* kconfiglib's own words */
	else if (!where[0])
		snprintf(buf, size, "error: %s", kdep_error_last());
	else if (at_line)
		snprintf(buf, size, "%s:%u: error: %s", where, at_line,
			 kdep_error_last());
	else
		snprintf(buf, size, "%s: error: %s", where, kdep_error_last());
	return buf;
}

void kdep_error_clear(void)
{
	last[0] = '\0';
	where[0] = '\0';
	at_line = 0;
	klass = KDEP_ERR_TREE;
}
