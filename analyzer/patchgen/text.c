/*
 * text.c - places in a file found by their contents, and splices.
 */
#include "text.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>

const char *text_next(const char *p)
{
	const char *nl = strchr(p, '\n');
	return nl ? nl + 1 : p + strlen(p);
}

uint32_t text_lineno(const char *data, const char *p)
{
	uint32_t n = 1;
	for (const char *q = data; q < p && *q; q++)
		n += *q == '\n';
	return n;
}

/* p with its leading blanks skipped. */
static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

const char *text_find(const char *from, const char *end, const char *prefix,
		      int word)
{
	size_t n = strlen(prefix);
	for (const char *p = from; *p && (!end || p < end); p = text_next(p)) {
		const char *t = skip_blanks(p);
		if (strncmp(t, prefix, n))
			continue;
		if (word && t[n] && t[n] != ' ' && t[n] != '\t' &&
		    t[n] != '\n')
			continue;
		return p;
	}
	return NULL;
}

int text_kconfig_entry(const char *p)
{
	static const char *const kw[] = {
		"config", "menuconfig", "choice", "endchoice", "menu",
		"endmenu", "if", "endif", "source", "rsource", "osource",
		"orsource", "comment", "mainmenu",
	};
	/* an entry starts in the first column; properties are indented */
	if (*p == ' ' || *p == '\t')
		return 0;
	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++) {
		size_t n = strlen(kw[i]);
		if (!strncmp(p, kw[i], n) &&
		    (p[n] == ' ' || p[n] == '\t' || p[n] == '\n' || !p[n]))
			return 1;
	}
	return 0;
}

char *text_splice(const char *data, size_t off, size_t n, const char *ins)
{
	size_t len = strlen(data), il = strlen(ins);
	char *out;
	if (off > len || n > len - off) {
		kdep_error_set("splice past the end of the text");
		return NULL;
	}
	if (!(out = malloc(len - n + il + 1))) {
		kdep_error_oom();
		return NULL;
	}
	memcpy(out, data, off);
	memcpy(out + off, ins, il);
	memcpy(out + off + il, data + off + n, len - off - n + 1);
	return out;
}
