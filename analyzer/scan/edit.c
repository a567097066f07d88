/*
 * edit.c - line edits of a tree (rules/finding.h's struct finding_edit):
 * applied to an overlay and parsed again under every profile (the engine
 * of rules/fix.c), and written as a unified diff.
 */
#include "edit.h"
#include "verify.h"
#include "kept.h"
#include "alloc.h"
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lines of a file's text, pointing into it. */
struct lines {
	const char **at;  /* line starts */
	size_t *len;      /* lengths, newline included */
	size_t n;         /* how many */
};

static int lines_split(const char *text, size_t size, struct lines *l)
{
	size_t n = 0, cap = 0, capl = 0;
	memset(l, 0, sizeof(*l));
	for (size_t i = 0; i < size;) {
		const char *nl = memchr(text + i, '\n', size - i);
		size_t len = nl ? (size_t)(nl - (text + i)) + 1 : size - i;
		if (kdep_grow(&l->at, &cap, n + 1, sizeof(*l->at)) ||
		    kdep_grow(&l->len, &capl, n + 1, sizeof(*l->len)))
			return -1;
		l->at[n] = text + i;
		l->len[n] = len;
		n++;
		i += len;
	}
	l->n = n;
	return 0;
}

static void lines_free(struct lines *l)
{
	free(l->at);
	free(l->len);
}

/* Whether lines first..last of l read old_text. */
static int lines_match(const struct lines *l, const struct finding_edit *e)
{
	if (e->first < 1 || e->last > l->n || e->last + 1 < e->first)
		return 0;
	const char *o = e->old_text ? e->old_text : "";
	for (uint32_t i = e->first; i <= e->last; i++) {
		if (strncmp(o, l->at[i - 1], l->len[i - 1]))
			return 0;
		o += l->len[i - 1];
	}
	return *o == '\0';
}

/* Edits of one file, checked and sorted by line; -1 when two overlap or
 * one does not match the text (error set). */
static int edits_of(const struct lines *l, const char *file,
		    const struct finding_edit *e, size_t n,
		    const struct finding_edit **out, size_t *nout)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(e[i].file, file))
			continue;
		if (!lines_match(l, &e[i])) {
			kdep_error_set_at(file, e[i].first, "the edit does not "
					  "apply: the line is not as expected");
			return -1;
		}
		size_t j = k++;
		while (j && out[j - 1]->first > e[i].first) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = &e[i];
	}
	for (size_t i = 1; i < k; i++)
		if (out[i]->first <= out[i - 1]->last) {
			kdep_error_set_at(file, out[i]->first,
					  "two edits of one line");
			return -1;
		}
	*nout = k;
	return 0;
}

/* The text of file with its edits applied (caller frees). */
static int apply_file(struct source *base, const char *file,
		      const struct finding_edit *e, size_t n, char **out,
		      size_t *outlen)
{
	char *text = NULL;
	size_t size;
	struct lines l = { 0 };
	const struct finding_edit **mine = kdep_calloc(n + 1, sizeof(*mine));
	size_t k = 0;
	int ret = -1;
	if (!mine || source_read(base, file, 0, &text, &size) ||
	    lines_split(text, size, &l) || edits_of(&l, file, e, n, mine, &k))
		goto done;
	size_t cap = size + 1;
	for (size_t i = 0; i < k; i++)
		cap += strlen(mine[i]->new_text);
	char *o = kdep_calloc(cap, 1);
	if (!o)
		goto done;
	size_t at = 0, next = 0;
	for (size_t i = 0; i < l.n; i++) {
		if (next < k && i + 1 == mine[next]->first) {
			size_t nl = strlen(mine[next]->new_text);
			memcpy(o + at, mine[next]->new_text, nl);
			at += nl;
			if (mine[next]->last < mine[next]->first) {
				/* an insertion before the line */
				memcpy(o + at, l.at[i], l.len[i]);
				at += l.len[i];
			} else {
				i = mine[next]->last - 1;
			}
			next++;
			continue;
		}
		memcpy(o + at, l.at[i], l.len[i]);
		at += l.len[i];
	}
	*out = o;
	*outlen = at;
	ret = 0;
done:
	lines_free(&l);
	free(mine);
	free(text);
	return ret;
}

int scan_edits_apply(struct source *base, const struct finding_edit *e,
		     size_t n, struct source **out)
{
	struct source *ov = NULL;
	*out = NULL;
	if (source_open_overlay(&ov, base))
		return -1;
	for (size_t i = 0; i < n; i++) {
		int seen = 0;
		for (size_t j = 0; j < i; j++)
			seen |= !strcmp(e[j].file, e[i].file);
		if (seen)
			continue;
		char *text;
		size_t len;
		if (apply_file(base, e[i].file, e, n, &text, &len))
			goto fail;
		int bad = source_overlay_put(ov, e[i].file, text, len);
		free(text);
		if (bad)
			goto fail;
	}
	*out = ov;
	return 0;
fail:
	source_free(ov);
	return -1;
}

/* ---- the engine of rules/fix.c ------------------------------------------ */

int scan_fixer_read(void *ctx, const char *file, char **data, size_t *len)
{
	struct scan_fixer *f = ctx;
	return source_read(f->base, file, 0, data, len);
}

int scan_fixer_reparse(void *ctx, const struct finding_edit *e, size_t n,
		       struct model **out)
{
	struct scan_fixer *f = ctx;
	struct source *ov;
	if (scan_edits_apply(f->base, e, n, &ov))
		return -1;
	int ret = 0;
	for (size_t p = 0; p < f->n && !ret; p++)
		ret = scan_parse(ov, f->a, f->profiles[p], NULL, &out[p]);
	if (ret)
		for (size_t p = 0; p < f->n; p++) {
			model_free(out[p]);
			out[p] = NULL;
		}
	source_free(ov);
	return ret;
}

/* An edited tree and the Kconfig engine's check on it; a pointer to it
 * is one to its verifier, what scan_verify takes. */
struct edited {
	struct scan_verifier v;     /* kconfiglib on it; first */
	struct source *ov;          /* the overlay (owned) */
};

void scan_fixer_close_edited(void *ctx, void *check_ctx)
{
	struct edited *ed = check_ctx;
	(void)ctx;
	if (!ed)
		return;
	scan_verifier_close(&ed->v);
	source_free(ed->ov);
	free(ed);
}

int scan_fixer_open_edited(void *ctx, const struct finding_edit *e, size_t n,
			   unsigned p, struct model **out,
			   cosel_check_fn *check, void **check_ctx)
{
	struct scan_fixer *f = ctx;
	struct edited *ed = kdep_calloc(1, sizeof(*ed));
	*out = NULL;
	*check_ctx = NULL;
	if (!ed)
		return -1;
	if (p >= f->n || scan_edits_apply(f->base, e, n, &ed->ov) ||
	    scan_parse(ed->ov, f->a, f->profiles[p], NULL, out) ||
	    scan_verifier_open(&ed->v, ed->ov, f->a, f->profiles[p])) {
		if (p >= f->n)
			kdep_error_set("no profile %u", p);
		model_free(*out);
		*out = NULL;
		scan_fixer_close_edited(ctx, ed);
		return -1;
	}
	*check = scan_verify;
	*check_ctx = ed;
	return 0;
}

/* The key of a proof of f for question q (see scan_fixer_recall). */
static int proof_key(const struct scan_fixer *fx, const struct fix *f,
		     const char *q, char out[33])
{
	char *s = NULL;
	size_t size = 0;
	FILE *o = open_memstream(&s, &size);
	if (!o) {
		kdep_error_oom();
		return -1;
	}
	fprintf(o, "kdep %s\n%s\n", KEPT_VERSION, fx->a->arch);
	for (size_t p = 0; p < fx->n; p++)
		fprintf(o, "%s %s\n", fx->profiles[p], fx->keys[p]);
	fprintf(o, "%s\n%d %d\n", q, f->kind, f->prop_kind);
	/* every edit of a set: the overlay the proof parsed */
	for (size_t i = 0; i < (f->nparts ? f->nparts : 1); i++) {
		const struct finding_edit *e = f->nparts ? &f->parts[i].edit :
						       &f->edit;
		fprintf(o, "%s\n%u %u\n%s--\n%s--\n", e->file, e->first,
			e->last, e->old_text, e->new_text);
	}
	if (fclose(o) || !s) {
		free(s);
		kdep_error_oom();
		return -1;
	}
	snprintf(out, 33, "%016llx%016llx",
		 (unsigned long long)finding_hash(s, size),
		 (unsigned long long)source_hash(s, size));
	free(s);
	return 0;
}

int scan_fixer_recall(void *ctx, const struct fix *f, const char *q,
		      char **out)
{
	struct scan_fixer *fx = ctx;
	char key[33];
	*out = NULL;
	if (!fx->db || !fx->keys)
		return 0;
	return proof_key(fx, f, q, key) ? -1 : db_proof_get(fx->db, key, out);
}

int scan_fixer_remember(void *ctx, const struct fix *f, const char *q,
			const char *text)
{
	struct scan_fixer *fx = ctx;
	char key[33];
	if (!fx->db || !fx->keys)
		return 0;
	return proof_key(fx, f, q, key) ? -1 :
	       db_proof_put(fx->db, key, text);
}

/* ---- unified diff -------------------------------------------------------- */

/* A growing string. */
struct sbuf {
	char *s;      /* the text, NUL-terminated */
	size_t n;     /* its length */
	size_t cap;   /* room */
	int oom;      /* an append failed */
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->oom || kdep_grow(&b->s, &b->cap, b->n + n + 1, 1)) {
		b->oom = 1;
		return;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	sb_add(b, buf, n < 0 ? 0 : (size_t)n < sizeof(buf) ? (size_t)n :
	       sizeof(buf) - 1);
}

/* Lines of s (each ending in a newline, the last may not), for a hunk. */
static void sb_lines(struct sbuf *b, char sign, const char *s)
{
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) + 1 : strlen(s);
		sb_add(b, &sign, 1);
		sb_add(b, s, len);
		if (!nl)
			sb_printf(b, "\n\\ No newline at end of file\n");
		s += len;
	}
}

/* The number of lines of text (a last line without a newline counts). */
static size_t nlines(const char *s)
{
	size_t n = 0, len = strlen(s);
	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	return n + (len && s[len - 1] != '\n');
}

int scan_edits_diff(struct source *base, const struct finding_edit *e,
		    size_t n, scan_blob_id_fn id, char **out)
{
	struct sbuf b = { 0 };
	*out = NULL;
	for (size_t i = 0; i < n; i++) {
		int seen = 0;
		for (size_t j = 0; j < i; j++)
			seen |= !strcmp(e[j].file, e[i].file);
		if (seen)
			continue;
		const char *file = e[i].file;
		char *text = NULL;
		size_t size, k = 0;
		struct lines l = { 0 };
		const struct finding_edit **mine =
			kdep_calloc(n + 1, sizeof(*mine));
		int bad = !mine || source_read(base, file, 0, &text, &size) ||
			  lines_split(text, size, &l) ||
			  edits_of(&l, file, e, n, mine, &k);
		if (!bad) {
			sb_printf(&b, "diff --git a/%s b/%s\n", file, file);
			if (id) {
				char *now = NULL;
				size_t nowlen;
				char ha[41] = "", hb[41] = "";
				if (apply_file(base, file, e, n, &now,
					       &nowlen)) {
					bad = 1;
				} else {
					id(text, size, ha);
					id(now, nowlen, hb);
					sb_printf(&b, "index %.12s..%.12s 100644\n",
						  ha, hb);
				}
				free(now);
			}
			sb_printf(&b, "--- a/%s\n+++ b/%s\n", file, file);
			long shift = 0;
			for (size_t h = 0; !bad && h < k;) {
				/* the edits whose context lines touch share a
				 * hunk, as diff writes them */
				size_t z = h + 1;
				while (z < k && mine[z]->first <=
				       mine[z - 1]->last + 7)
					z++;
				const struct finding_edit *x = mine[h];
				const struct finding_edit *y = mine[z - 1];
				size_t lo = x->first > 3 ? x->first - 3 : 1;
				size_t hi = y->last + 3 <= l.n ? y->last + 3
							       : l.n;
				size_t oldn = hi + 1 - lo, newn = oldn;
				for (size_t q = h; q < z; q++) {
					newn += nlines(mine[q]->new_text);
					newn -= mine[q]->last + 1 -
						mine[q]->first;
				}
				sb_printf(&b, "@@ -%zu,%zu +%ld,%zu @@\n", lo,
					  oldn, (long)lo + shift, newn);
				size_t at = lo;
				for (size_t q = h; q < z; q++) {
					for (; at < mine[q]->first; at++) {
						sb_add(&b, " ", 1);
						sb_add(&b, l.at[at - 1],
						       l.len[at - 1]);
					}
					sb_lines(&b, '-', mine[q]->old_text);
					sb_lines(&b, '+', mine[q]->new_text);
					at = mine[q]->last + 1;
				}
				for (; at <= hi; at++) {
					sb_add(&b, " ", 1);
					sb_add(&b, l.at[at - 1], l.len[at - 1]);
				}
				shift += (long)newn - (long)oldn;
				h = z;
			}
		}
		lines_free(&l);
		free(mine);
		free(text);
		if (bad) {
			free(b.s);
			return -1;
		}
	}
	if (b.oom || !b.s) {
		free(b.s);
		kdep_error_oom();
		return -1;
	}
	*out = b.s;
	return 0;
}
