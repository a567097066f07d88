/* symindex.c - every symbol name any Kconfig file defines (symindex.h). */
#include "symindex.h"
#include "alloc.h"
#include "error.h"
#include "rule.h"
#include "strv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Directories below the root deeper than this are not walked: a tree's
 * links may loop (a link inside the tree is followed). */
#define SYMINDEX_MAX_DEPTH 32

static int word_is(const char *p, const char *w, size_t n)
{
	return !strncmp(p, w, n) && (p[n] == ' ' || p[n] == '\t');
}

int symindex_add_text(const char *text, char ***v, size_t *n, size_t *cap)
{
	unsigned char *help;
	size_t nlines, line = 0;
	if (rule_help_lines(text, &help, &nlines))
		return -1;
	for (const char *p = text; *p; line++) {
		const char *end = strchr(p, '\n');
		if (!end)
			end = p + strlen(p);
		if (help[line]) {
			p = *end ? end + 1 : end;
			continue;
		}
		p += strspn(p, " \t");
		size_t k = word_is(p, "config", 6) ? 6
			 : word_is(p, "menuconfig", 10) ? 10
			 : word_is(p, "choice", 6) ? 6 : 0;
		if (k) {
			p += k;
			p += strspn(p, " \t");
			size_t len = 0;
			while (p + len < end && (isalnum((unsigned char)p[len]) ||
						 p[len] == '_'))
				len++;
			if (len) {
				char *name = kdep_calloc(len + 1, 1);
				if (!name ||
				    kdep_grow(v, cap, *n + 2, sizeof(**v))) {
					free(name);
					free(help);
					return -1;
				}
				memcpy(name, p, len);
				(*v)[(*n)++] = name;
				(*v)[*n] = NULL;
			}
		}
		p = *end ? end + 1 : end;
	}
	free(help);
	return 0;
}

/* What the walk collects. */
struct walk {
	struct source *src;  /* the tree */
	char **v;            /* the names (owned) */
	size_t n, cap;       /* used, room */
};

/* The Kconfig files of dir ("" the root), then its subdirectories. */
static int walk_dir(struct walk *w, const char *dir, int depth)
{
	char pattern[4096];
	char **files = NULL, **subs = NULL;
	size_t nfiles = 0, nsubs = 0;
	int ret = -1;
	if (depth > SYMINDEX_MAX_DEPTH)
		return 0;
	if ((size_t)snprintf(pattern, sizeof(pattern), "%s%sKconfig*", dir,
			     *dir ? "/" : "") >= sizeof(pattern))
		return 0;
	if (source_glob(w->src, pattern, &files, &nfiles) ||
	    source_subdirs(w->src, dir, &subs, &nsubs))
		goto done;
	for (size_t i = 0; i < nfiles; i++) {
		char *text;
		size_t len;
		if (source_read(w->src, files[i], 0, &text, &len))
			goto done;
		int r = symindex_add_text(text, &w->v, &w->n, &w->cap);
		free(text);
		if (r)
			goto done;
	}
	for (size_t i = 0; i < nsubs; i++) {
		char sub[4096];
		if ((size_t)snprintf(sub, sizeof(sub), "%s%s%s", dir,
				     *dir ? "/" : "", subs[i]) >= sizeof(sub))
			continue;
		if (walk_dir(w, sub, depth + 1))
			goto done;
	}
	ret = 0;
done:
	strv_free(files);
	strv_free(subs);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int symindex_build(struct source *src, char ***names, size_t *n)
{
	struct walk w = { .src = src };
	*names = NULL;
	*n = 0;
	int r = walk_dir(&w, "", 0);
	source_forget_reads(src);
	if (r) {
		strv_free(w.v);
		return -1;
	}
	if (!w.v && !(w.v = kdep_calloc(1, sizeof(*w.v))))
		return -1;
	qsort(w.v, w.n, sizeof(*w.v), cmp_str);
	size_t k = 0;
	for (size_t i = 0; i < w.n; i++) {
		if (k && !strcmp(w.v[k - 1], w.v[i]))
			free(w.v[i]);
		else
			w.v[k++] = w.v[i];
	}
	w.v[k] = NULL;
	*names = w.v;
	*n = k;
	return 0;
}
