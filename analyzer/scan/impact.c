/*
 * impact.c - what a Kconfig fix lets loose in the code: the preprocessor
 * and build guards of the tree's C, header, assembler and Makefile text
 * that test the symbols whose combinations of values the fix changes.
 * Text is read through the source, never run.
 */
#define _GNU_SOURCE /* memmem */
#include "impact.h"
#include "alloc.h"
#include "error.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void impact_free(struct impact *im)
{
	for (size_t i = 0; i < im->n; i++) {
		free(im->v[i].file);
		free(im->v[i].text);
	}
	free(im->v);
	memset(im, 0, sizeof(*im));
}

/* What kind of text a file's name says it holds: 1 C, header or
 * assembler, 2 a Makefile or Kbuild file, 0 neither. */
static int file_kind(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n > 2 && base[n - 2] == '.' &&
	    (base[n - 1] == 'c' || base[n - 1] == 'h' || base[n - 1] == 'S'))
		return 1;
	if (!strncmp(base, "Makefile", 8) || !strncmp(base, "Kbuild", 6))
		return 2;
	return 0;
}

/* Whether a directory is left out: other architectures' own, and what
 * the kernel build does not compile (documentation, userspace tools). */
static int skip_dir(const char *rel, const char *arch)
{
	static const char *const out[] = { "Documentation", "tools", ".git",
					   "LICENSES" };
	for (size_t i = 0; i < sizeof(out) / sizeof(*out); i++)
		if (!strcmp(rel, out[i]))
			return 1;
	if (!strncmp(rel, "arch/", 5) && !strchr(rel + 5, '/'))
		return strcmp(rel + 5, arch) != 0;
	return 0;
}

/* Whether text[0..n) names CONFIG_sym as a whole word. */
static int names(const char *text, size_t n, const char *sym)
{
	size_t k = strlen(sym);
	for (const char *p = text; (p = memmem(p, n - (size_t)(p - text),
					       "CONFIG_", 7)); p += 7) {
		const char *q = p + 7;
		if ((p > text && (isalnum((unsigned char)p[-1]) ||
				  p[-1] == '_')) ||
		    (size_t)(text + n - q) < k || memcmp(q, sym, k))
			continue;
		if (q + k < text + n &&
		    (isalnum((unsigned char)q[k]) || q[k] == '_'))
			continue;
		return 1;
	}
	return 0;
}

/* Whether a logical line is a guard of its kind of file. */
static int is_guard(const char *b, size_t n, int kind)
{
	const char *p = b, *e = b + n;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (kind == 2)
		return memmem(b, n, "$(CONFIG_", 9) ||
		       (e - p > 5 && (!strncmp(p, "ifdef", 5) ||
				      !strncmp(p, "ifndef", 6) ||
				      !strncmp(p, "ifeq", 4) ||
				      !strncmp(p, "ifneq", 5)));
	if (p < e && *p == '#') {
		p++;
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		return (e - p >= 2 && !strncmp(p, "if", 2)) ||
		       (e - p >= 4 && !strncmp(p, "elif", 4));
	}
	return memmem(b, n, "IS_ENABLED(CONFIG_", 18) ||
	       memmem(b, n, "IS_BUILTIN(CONFIG_", 18) ||
	       memmem(b, n, "IS_MODULE(CONFIG_", 17) ||
	       memmem(b, n, "IS_REACHABLE(CONFIG_", 20);
}

struct walk {
	struct source *src;
	const char *arch;
	const char *const *a, *const *b;  /* the two sides */
	size_t na, nb;
	struct impact *out;
	size_t cap;
};

static int add_guard(struct walk *w, const char *file, uint32_t line,
		     uint32_t last, const char *b, size_t n, int ta, int tb)
{
	struct impact *im = w->out;
	if (kdep_grow(&im->v, &w->cap, im->n + 1, sizeof(*im->v)))
		return -1;
	struct impact_guard *g = &im->v[im->n];
	memset(g, 0, sizeof(*g));
	g->file = kdep_strdup(file);
	g->line = line;
	g->last = last;
	g->text = kdep_calloc(n + 1, 1);
	if (!g->file || !g->text) {
		free(g->file);
		free(g->text);
		return -1;
	}
	/* the text joined: continuation backslashes and indents dropped */
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (b[i] == '\\' && i + 1 < n && b[i + 1] == '\n') {
			i++;
			while (i + 1 < n && (b[i + 1] == ' ' || b[i + 1] == '\t'))
				i++;
			if (k && g->text[k - 1] != ' ')
				g->text[k++] = ' ';
			continue;
		}
		g->text[k++] = b[i] == '\t' ? ' ' : b[i];
	}
	while (k && g->text[k - 1] == ' ')
		k--;
	g->text[k] = '\0';
	g->tests_a = ta;
	g->tests_b = tb;
	g->mismatched = ta != tb;
	im->mismatched += g->mismatched;
	im->n++;
	return 0;
}

/* The guards of one file's text. */
static int scan_text(struct walk *w, const char *file, const char *text,
		     size_t size, int kind)
{
	int any = 0;
	for (size_t i = 0; i < w->na && !any; i++)
		any = names(text, size, w->a[i]);
	for (size_t i = 0; i < w->nb && !any; i++)
		any = names(text, size, w->b[i]);
	if (!any)
		return 0;
	const char *p = text, *end = text + size;
	uint32_t line = 1;
	while (p < end) {
		/* one logical line: continued by trailing backslashes */
		const char *b = p;
		uint32_t first = line;
		const char *nl;
		for (;;) {
			nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl) {
				p = end;
				break;
			}
			p = nl + 1;
			if (nl > b && nl[-1] == '\\' && p < end) {
				line++;
				continue;
			}
			break;
		}
		size_t n = (size_t)((nl ? nl : end) - b);
		uint32_t last = line;
		line++;
		int ta = 0, tb = 0;
		for (size_t i = 0; i < w->na && !ta; i++)
			ta = names(b, n, w->a[i]);
		for (size_t i = 0; i < w->nb && !tb; i++)
			tb = names(b, n, w->b[i]);
		if ((ta || tb) && is_guard(b, n, kind) &&
		    add_guard(w, file, first, last, b, n, ta, tb))
			return -1;
	}
	return 0;
}

static int walk_dir(struct walk *w, const char *rel)
{
	char pattern[4096];
	char **files = NULL, **dirs = NULL;
	size_t nf = 0, nd = 0;
	int ret = -1;
	snprintf(pattern, sizeof(pattern), "%s%s*", rel, *rel ? "/" : "");
	if (source_glob(w->src, pattern, &files, &nf) ||
	    source_subdirs(w->src, rel, &dirs, &nd))
		goto done;
	for (size_t i = 0; i < nf; i++) {
		int kind = file_kind(files[i]);
		if (!kind)
			continue;
		char *text = NULL;
		size_t size;
		if (source_read(w->src, files[i], 0, &text, &size)) {
			/* a file that cannot be read holds no guard we know */
			kdep_error_clear();
			continue;
		}
		int bad = scan_text(w, files[i], text, size, kind);
		free(text);
		if (bad)
			goto done;
	}
	for (size_t i = 0; i < nd; i++) {
		char sub[4096];
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "",
			 dirs[i]);
		if (!skip_dir(sub, w->arch) && walk_dir(w, sub))
			goto done;
	}
	ret = 0;
done:
	strv_free(files);
	strv_free(dirs);
	return ret;
}

static int guard_cmp(const void *pa, const void *pb)
{
	const struct impact_guard *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);
	if (c)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

int scan_impact(struct source *src, const char *arch,
		const char *const *a, size_t na, const char *const *b,
		size_t nb, struct impact *out)
{
	struct walk w = { src, arch, a, b, na, nb, out, 0 };
	memset(out, 0, sizeof(*out));
	int ret = walk_dir(&w, "");
	source_forget_reads(src);
	if (ret) {
		impact_free(out);
		return -1;
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), guard_cmp);
	return 0;
}
