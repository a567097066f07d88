/*
 * probe_key.c - a probe's command written so that two spellings the shell
 * runs the same way have one key, and two commands it runs differently
 * never share one.
 *
 * Kconfig's macro expansion keeps whitespace: 6.1 writes
 * $(cc-option, -fsanitize-undefined-trap-on-error) where 6.12 drops the
 * blank, and the command lines differ by one space. The shell splits both
 * into the same argument vector, so the key is the command with every run
 * of unquoted blanks made one space, none at either end:
 *
 *   "$(CC) -Werror   -fx -c"  ->  "$(CC) -Werror -fx -c"
 *   "echo 'a  b'"             ->  "echo 'a  b'"   (quoted: kept)
 *
 * Quotes and backslashes are kept as written, so "y" and y stay two keys
 * (the same word, but nothing is gained by merging them). Temporary file
 * names a command makes for itself (.tmp_$$, .tmp.1234, /tmp/x) are
 * masked as $(tmp): which name a probe writes its object to does not
 * change its answer.
 */
#include "kconf.h"

#include <stdlib.h>
#include <string.h>

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A character of a temporary file's name after its prefix. */
static int tmp_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '$' || c == '.' ||
	       c == '-';
}

/*
 * The length of the temporary name that starts at s (.tmp_X, .tmp.X or
 * /tmp/X, at the start of a word or path component), or 0.
 */
static size_t tmp_name(const char *start, const char *s)
{
	size_t n;
	char prev = s > start ? s[-1] : ' ';
	if (!(blank(prev) || prev == '/' || prev == '"' || prev == '\'' ||
	      prev == '=' || prev == ';'))
		return 0;
	if (!strncmp(s, ".tmp_", 5) || !strncmp(s, ".tmp.", 5))
		n = 5;
	else if (!strncmp(s, "/tmp/", 5) && prev != '/')
		n = 5;
	else
		return 0;
	if (!tmp_char(s[n]))
		return 0;
	while (tmp_char(s[n]))
		n++;
	return n;
}

char *kconf_probe_key(const char *cmd)
{
	size_t len = strlen(cmd);
	/* a mask ("$(tmp)", 6) replaces at least 6 characters */
	char *out = malloc(len + 1), *o = out;
	char quote = 0;      /* the open quote, or 0 */
	int gap = 0;         /* unquoted blanks seen since the last word */
	if (!out)
		return NULL;
	for (const char *s = cmd; *s; s++) {
		if (!quote && blank(*s)) {
			gap = 1;
			continue;
		}
		if (gap && o > out)
			*o++ = ' ';
		gap = 0;
		size_t t = tmp_name(cmd, s);
		if (t) {
			memcpy(o, "$(tmp)", 6);
			o += 6;
			s += t - 1;
			continue;
		}
		if (*s == '\\' && quote != '\'' && s[1]) {
			*o++ = *s++;
			*o++ = *s;
			continue;
		}
		if (!quote && (*s == '\'' || *s == '"'))
			quote = *s;
		else if (quote == *s)
			quote = 0;
		*o++ = *s;
	}
	*o = '\0';
	return out;
}
