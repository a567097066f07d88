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
#include "file.h"
#include "phase.h"
#include "stamps.h"

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
	char **files;                      /* the files to read, in walk order */
	uint8_t *kinds;                    /* [i]: file_kind() of files[i] */
	uint8_t *scanned;                  /* [i]: its guards are in out */
	size_t nfiles, capfiles, capkinds;
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

/* The files of rel and below that the walk reads, into w->files. */
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
		if (kdep_grow(&w->files, &w->capfiles, w->nfiles + 1,
			      sizeof(*w->files)) ||
		    kdep_grow(&w->kinds, &w->capkinds, w->nfiles + 1, 1))
			goto done;
		w->kinds[w->nfiles] = (uint8_t)kind;
		w->files[w->nfiles++] = files[i];
		files[i] = NULL;
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
	for (size_t i = 0; i < nf; i++)
		free(files ? files[i] : NULL);
	free(files);
	strv_free(dirs);
	return ret;
}

/* The guards of file i, read now. With id, its blob id too ("-" when it
 * cannot be read: a file that cannot be read holds no guard we know). */
static int read_file(struct walk *w, size_t i, char id[SOURCE_ID_SIZE])
{
	char *text = NULL;
	size_t size;
	w->scanned[i] = 1;
	if (source_read(w->src, w->files[i], 0, &text, &size)) {
		kdep_error_clear();
		if (id)
			snprintf(id, SOURCE_ID_SIZE, "-");
		return 0;
	}
	int bad = (id && source_blob_id(text, size, id)) ||
		  scan_text(w, w->files[i], text, size, w->kinds[i]);
	free(text);
	return bad ? -1 : 0;
}

static int guard_cmp(const void *pa, const void *pb)
{
	const struct impact_guard *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);
	if (c)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* ---- kept by content ----------------------------------------------------
 *
 * The list is a function of the kdep version, the arch, the two sides and
 * the text of every file the walk reads: its key hashes them all, each
 * file by its blob id (from the source when it knows it, a git tree;
 * from the stat data recorded for a directory, stamps.h; else read and
 * hashed). The list is kept as "kdep impact 1" and one line per guard:
 *
 *     LINE LAST TESTS_A TESTS_B FILE_LENGTH FILE TEXT
 *
 * FILE and TEXT with no space between them (a text with a newline in it
 * is never kept).
 */

#define IMPACT_HEAD "kdep impact 1\n"

/* The blob id of every file of w into ids (40 hex digits, or "-"),
 * reading (and so scanning) the files whose id is not known otherwise. */
static int file_ids(struct walk *w, struct scan_stamps *st,
		    char (*ids)[SOURCE_ID_SIZE])
{
	for (size_t i = 0; i < w->nfiles; i++) {
		struct stamp now;
		int r = st ? scan_stamps_id(st, w->files[i], ids[i], &now) : 0;
		if (r < 0) {
			kdep_error_clear(); /* gone or unreadable: read it */
			if (read_file(w, i, ids[i]))
				return -1;
		} else if (!r && st) {
			if (read_file(w, i, ids[i]) ||
			    (strcmp(ids[i], "-") &&
			     scan_stamps_put(st, w->files[i], &now, ids[i])))
				return -1;
		} else if (!r && source_file_id(w->src, w->files[i], ids[i])) {
			kdep_error_clear();
			snprintf(ids[i], SOURCE_ID_SIZE, "-");
		}
	}
	return 0;
}

/* The key of w's list, its files' ids in ids, into key. */
static int list_key(const struct walk *w, char (*ids)[SOURCE_ID_SIZE],
		    char key[SOURCE_ID_SIZE])
{
	char *s;
	size_t size;
	FILE *o = kdep_text_open(&s, &size);
	if (!o)
		return -1;
	fprintf(o, "kdep impact key 1%c%s%c%s%c", 0, KDEP_VERSION, 0, w->arch,
		0);
	for (size_t i = 0; i < w->na; i++)
		fprintf(o, "a %s%c", w->a[i], 0);
	for (size_t i = 0; i < w->nb; i++)
		fprintf(o, "b %s%c", w->b[i], 0);
	for (size_t i = 0; i < w->nfiles; i++)
		fprintf(o, "%s%c%s%c", w->files[i], 0, ids[i], 0);
	if (!kdep_text_close(o, &s))
		return -1;
	int ret = source_blob_id(s, size, key);
	free(s);
	return ret;
}

static char *list_text(const struct impact *im)
{
	char *s;
	size_t size;
	FILE *o = kdep_text_open(&s, &size);
	if (!o)
		return NULL;
	fputs(IMPACT_HEAD, o);
	int ok = 1;
	for (size_t i = 0; i < im->n; i++) {
		const struct impact_guard *g = &im->v[i];
		ok &= !strchr(g->file, '\n') && !strchr(g->text, '\n');
		fprintf(o, "%u %u %d %d %zu %s%s\n", g->line, g->last,
			g->tests_a, g->tests_b, strlen(g->file), g->file,
			g->text);
	}
	if (!kdep_text_close(o, &s))
		return NULL;
	if (!ok)
		s[0] = '\0'; /* not kept */
	return s;
}

/* The kept list text into w->out: 1 when read, 0 when it is none. */
static int list_read(struct walk *w, const char *text)
{
	if (strncmp(text, IMPACT_HEAD, strlen(IMPACT_HEAD)))
		return 0;
	for (const char *p = text + strlen(IMPACT_HEAD); *p;) {
		const char *nl = strchr(p, '\n');
		unsigned line, last;
		int ta, tb, at = 0;
		size_t flen;
		/* (the spaces of the format may skip a newline: at is
		 * checked against the line's end) */
		if (!nl || sscanf(p, "%u %u %d %d %zu %n", &line, &last, &ta,
				  &tb, &flen, &at) != 5 || at <= 0 ||
		    (size_t)at > (size_t)(nl - p) || !flen ||
		    flen > (size_t)(nl - p) - (size_t)at) {
			impact_free(w->out);
			w->cap = 0;
			return 0;
		}
		char *file = kdep_calloc(flen + 1, 1);
		if (!file)
			return -1;
		memcpy(file, p + at, flen);
		const char *t = p + at + flen;
		int bad = add_guard(w, file, line, last, t, (size_t)(nl - t),
				    ta != 0, tb != 0);
		free(file);
		if (bad)
			return -1;
		p = nl + 1;
	}
	return 1;
}

int scan_impact(struct source *src, struct db *db, const char *arch,
		const char *const *a, size_t na, const char *const *b,
		size_t nb, struct impact *out)
{
	struct walk w = { src, arch, a, b, na, nb, out, 0, NULL, NULL, NULL,
			  0, 0, 0 };
	struct scan_stamps *st = NULL;
	char (*ids)[SOURCE_ID_SIZE] = NULL;
	char key[SOURCE_ID_SIZE], *text = NULL;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (walk_dir(&w, "") ||
	    !(w.scanned = kdep_calloc(w.nfiles + 1, 1)))
		goto done;
	if (db) {
		const char *root = source_root(src);
		if (!(ids = kdep_calloc(w.nfiles + 1, sizeof(*ids))) ||
		    (root && scan_stamps_open(&st, db, root)) ||
		    file_ids(&w, st, ids) || list_key(&w, ids, key) ||
		    db_kept_get(db, "impact", key, &text))
			goto done;
		if (text) {
			impact_free(out); /* what file_ids scanned */
			w.cap = 0;
			int r = list_read(&w, text);
			if (r < 0)
				goto done;
			if (r) {
				phase_mark("impact-recall");
				ret = 0;
				goto done;
			}
			memset(w.scanned, 0, w.nfiles); /* read them all */
			free(text);
			text = NULL;
		}
	}
	for (size_t i = 0; i < w.nfiles; i++)
		if (!w.scanned[i] && read_file(&w, i, NULL))
			goto done;
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), guard_cmp);
	phase_mark("impact-walk");
	if (db && (!(text = list_text(out)) ||
		   (text[0] && db_kept_put(db, "impact", key, text))))
		goto done;
	ret = 0;
done:
	if (scan_stamps_close(st))
		ret = -1;
	source_forget_reads(src);
	for (size_t i = 0; i < w.nfiles; i++)
		free(w.files[i]);
	free(w.files);
	free(w.kinds);
	free(w.scanned);
	free(ids);
	free(text);
	if (ret)
		impact_free(out);
	return ret;
}
