/*
 * finding.c - findings, their fingerprints, and sets of them (finding.h).
 */
#include "finding.h"
#include "alloc.h"
#include "error.h"

#include <assert.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *finding_severity_name(int severity)
{
	switch (severity) {
	case FINDING_ERROR: return "error";
	case FINDING_WARNING: return "warning";
	case FINDING_NOTE: return "note";
	default: return "unknown";
	}
}

const char *finding_kind_name(int kind)
{
	switch (kind) {
	case FINDING_FAIL: return "fail";
	case FINDING_PASS: return "pass";
	case FINDING_OPEN: return "open";
	default: return "unknown";
	}
}

/* ---- fingerprints ------------------------------------------------------- */

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

static uint64_t fnv_add(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= FNV_PRIME;
	}
	return h;
}

/* Adds s and a newline: the canonical text is a list of lines. */
static uint64_t fnv_line(uint64_t h, const char *s)
{
	return fnv_add(fnv_add(h, s, strlen(s)), "\n", 1);
}

uint64_t finding_hash(const void *data, size_t n)
{
	return fnv_add(FNV_OFFSET, data, n);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int finding_fingerprint(const char *rule, const char *const *parts,
			size_t nparts, const char *const *set, size_t nset,
			uint64_t *out)
{
	assert(rule && out);
	const char **sorted = kdep_calloc(nset + 1, sizeof(*sorted));
	if (!sorted)
		return -1;
	memcpy(sorted, set, nset * sizeof(*sorted));
	qsort(sorted, nset, sizeof(*sorted), str_cmp);
	uint64_t h = fnv_line(FNV_OFFSET, rule);
	for (size_t i = 0; i < nparts; i++)
		h = fnv_line(h, parts[i]);
	h = fnv_line(h, "--");
	for (size_t i = 0; i < nset; i++)
		if (!i || strcmp(sorted[i], sorted[i - 1]))
			h = fnv_line(h, sorted[i]);
	free(sorted);
	*out = h;
	return 0;
}

char *finding_fingerprint_hex(uint64_t fp, char buf[17])
{
	snprintf(buf, 17, "%016llx", (unsigned long long)fp);
	return buf;
}

int finding_edge_cmp(const struct finding_edge *a,
		     const struct finding_edge *b)
{
	int c;
	if ((c = strcmp(a->from, b->from)) || (c = strcmp(a->to, b->to)) ||
	    (c = strcmp(a->kind, b->kind)))
		return c;
	return strcmp(a->file, b->file);
}

static int edge_qcmp(const void *a, const void *b)
{
	return finding_edge_cmp(a, b);
}

size_t finding_edges_sort(struct finding_edge *v, size_t n)
{
	size_t k = 0;
	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), edge_qcmp);
	for (size_t i = 1; i < n; i++)
		if (finding_edge_cmp(&v[k], &v[i]))
			v[++k] = v[i];
	return k + 1;
}

int finding_adds_edges(const struct finding *before,
		       const struct finding *after)
{
	assert(before->fingerprint == after->fingerprint);
	size_t i = 0, j = 0;
	/* Both sorted: walk them together. */
	while (j < after->nedges) {
		int c = i < before->nedges
			? finding_edge_cmp(&before->edges[i], &after->edges[j])
			: 1;
		if (c > 0)
			return 1;
		if (c == 0)
			j++;
		i++;
	}
	return 0;
}

const struct finding_related *finding_related_at(const struct finding *f,
						 const char *role,
						 const char *file,
						 uint32_t line)
{
	for (size_t i = 0; i < f->nrelated; i++) {
		const struct finding_related *r = &f->related[i];
		if (r->line == line && !strcmp(r->role, role) && r->file &&
		    file && !strcmp(r->file, file))
			return r;
	}
	return NULL;
}

const char *finding_strs_printf(struct finding_strs *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = len < 0 ? NULL : malloc((size_t)len + 1);
	if (!p || kdep_grow(&s->v, &s->cap, s->n + 1, sizeof(*s->v))) {
		free(p);
		kdep_error_oom();
		return NULL;
	}
	va_start(ap, fmt);
	vsnprintf(p, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return s->v[s->n++] = p;
}

void finding_strs_free(struct finding_strs *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

const char *finding_identity(struct finding_strs *s, const char *name,
			     const char *choice_file)
{
	return choice_file ? finding_strs_printf(s, "%s@%s", name, choice_file)
			   : name;
}

/* ---- storage ------------------------------------------------------------ */

/* A block of the set's storage; the first one is the newest. */
struct finding_block {
	struct finding_block *next; /* the block before */
	size_t used;                /* bytes of data handed out */
	size_t size;                /* bytes of data */
	alignas(max_align_t) unsigned char data[]; /* the storage */
};

/* A payload the set owns. */
struct finding_kept {
	void *payload;              /* the rule's result */
	void (*free_fn)(void *);    /* how it is freed */
};

#define BLOCK_SIZE 16384

static void *set_alloc(struct finding_set *s, size_t n)
{
	const size_t align = alignof(max_align_t);
	n = (n + align - 1) / align * align;
	struct finding_block *b = s->mem;
	if (!b || b->size - b->used < n) {
		size_t size = n > BLOCK_SIZE ? n : BLOCK_SIZE;
		if (!(b = malloc(sizeof(*b) + size))) {
			kdep_error_oom();
			return NULL;
		}
		b->size = size;
		b->used = 0;
		b->next = s->mem;
		s->mem = b;
	}
	void *p = b->data + b->used;
	b->used += n;
	return p;
}

/* A copy of s in the set's storage (NULL stays NULL); *bad on failure. */
static const char *set_str(struct finding_set *s, const char *str, int *bad)
{
	if (!str)
		return NULL;
	size_t n = strlen(str) + 1;
	char *p = set_alloc(s, n);
	if (!p) {
		*bad = 1;
		return NULL;
	}
	return memcpy(p, str, n);
}

/* A copy of n elements of size bytes (NULL when n is 0); *bad. */
static void *set_copy(struct finding_set *s, const void *v, size_t n,
		      size_t size, int *bad)
{
	if (!n)
		return NULL;
	void *p = set_alloc(s, n * size);
	if (!p) {
		*bad = 1;
		return NULL;
	}
	return memcpy(p, v, n * size);
}

static const char **copy_strs(struct finding_set *s, const char *const *v,
			      size_t n, int *bad)
{
	const char **p = set_copy(s, v, n, sizeof(*v), bad);
	for (size_t i = 0; p && i < n; i++)
		p[i] = set_str(s, v[i], bad);
	return p;
}

static void copy_related(struct finding_set *s, struct finding_related *r,
			 int *bad)
{
	r->role = set_str(s, r->role, bad);
	r->file = set_str(s, r->file, bad);
	r->symbol = set_str(s, r->symbol, bad);
	r->message = set_str(s, r->message, bad);
}

static const struct finding_fix *copy_fix(struct finding_set *s,
					  const struct finding_fix *f,
					  int *bad)
{
	if (!f)
		return NULL;
	struct finding_fix *c = set_copy(s, f, 1, sizeof(*f), bad);
	if (!c)
		return NULL;
	c->description = set_str(s, f->description, bad);
	c->edits = set_copy(s, f->edits, f->nedits, sizeof(*f->edits), bad);
	for (size_t i = 0; c->edits && i < f->nedits; i++) {
		struct finding_edit *e = &c->edits[i];
		e->file = set_str(s, e->file, bad);
		e->old_text = set_str(s, e->old_text, bad);
		e->new_text = set_str(s, e->new_text, bad);
	}
	return c;
}

/* A deep copy of f into s's storage. Returns 0, or -1 (error set). */
static int copy_finding(struct finding_set *s, const struct finding *f,
			struct finding *c)
{
	int bad = 0;
	*c = *f;
	c->rule = set_str(s, f->rule, &bad);
	c->message = set_str(s, f->message, &bad);
	c->file = set_str(s, f->file, &bad);
	c->related = set_copy(s, f->related, f->nrelated, sizeof(*f->related),
			      &bad);
	for (size_t i = 0; c->related && i < f->nrelated; i++)
		copy_related(s, &c->related[i], &bad);
	c->symbols = copy_strs(s, f->symbols, f->nsymbols, &bad);
	c->holds = copy_strs(s, f->holds, f->nholds, &bad);
	c->absent = set_copy(s, f->absent, f->nabsent, sizeof(*f->absent),
			     &bad);
	for (size_t i = 0; c->absent && i < f->nabsent; i++) {
		c->absent[i].profile = set_str(s, f->absent[i].profile, &bad);
		c->absent[i].reason = set_str(s, f->absent[i].reason, &bad);
	}
	c->arch = set_str(s, f->arch, &bad);
	c->fix = copy_fix(s, f->fix, &bad);
	c->edges = set_copy(s, f->edges, f->nedges, sizeof(*f->edges), &bad);
	for (size_t i = 0; c->edges && i < f->nedges; i++) {
		struct finding_edge *e = &c->edges[i];
		e->from = set_str(s, e->from, &bad);
		e->to = set_str(s, e->to, &bad);
		e->kind = set_str(s, e->kind, &bad);
		e->file = set_str(s, e->file, &bad);
	}
	return bad ? -1 : 0;
}

/* ---- sets --------------------------------------------------------------- */

void finding_set_init(struct finding_set *s)
{
	memset(s, 0, sizeof(*s));
}

void finding_set_free(struct finding_set *s)
{
	for (size_t i = s->nkept; i-- > 0;)
		s->kept[i].free_fn(s->kept[i].payload);
	free(s->kept);
	while (s->mem) {
		struct finding_block *b = s->mem;
		s->mem = b->next;
		free(b);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

int finding_set_add(struct finding_set *s, const struct finding *f)
{
	assert(f->rule && f->message);
	if (kdep_grow(&s->v, &s->cap, s->n + 1, sizeof(*s->v)) ||
	    copy_finding(s, f, &s->v[s->n]))
		return -1;
	s->n++;
	return 0;
}

int finding_set_relate(struct finding_set *s, size_t i,
		       const struct finding_related *r)
{
	assert(i < s->n && r->role);
	struct finding *f = &s->v[i];
	int bad = 0;
	struct finding_related *v = set_alloc(s, (f->nrelated + 1) * sizeof(*v));
	if (!v)
		return -1;
	if (f->nrelated)
		memcpy(v, f->related, f->nrelated * sizeof(*v));
	v[f->nrelated] = *r;
	copy_related(s, &v[f->nrelated], &bad);
	if (bad)
		return -1;
	f->related = v;
	f->nrelated++;
	return 0;
}

int finding_set_keep(struct finding_set *s, void *payload,
		     void (*free_fn)(void *))
{
	assert(free_fn);
	if (kdep_grow(&s->kept, &s->capkept, s->nkept + 1, sizeof(*s->kept))) {
		free_fn(payload);
		return -1;
	}
	s->kept[s->nkept].payload = payload;
	s->kept[s->nkept].free_fn = free_fn;
	s->nkept++;
	return 0;
}

static int sink_add(void *ctx, const struct finding *f)
{
	return finding_set_add(ctx, f);
}

static int sink_keep(void *ctx, void *payload, void (*free_fn)(void *))
{
	return finding_set_keep(ctx, payload, free_fn);
}

void finding_set_sink(struct finding_set *s, struct finding_sink *sink)
{
	sink->ctx = s;
	sink->add = sink_add;
	sink->keep = sink_keep;
}

static int finding_cmp(const struct finding *a, const struct finding *b)
{
	int c;
	/* no file ("") first */
	if ((c = strcmp(a->rule, b->rule)) ||
	    (c = strcmp(a->file ? a->file : "", b->file ? b->file : "")))
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->fingerprint != b->fingerprint)
		return a->fingerprint < b->fingerprint ? -1 : 1;
	return 0;
}

void finding_set_sort(struct finding_set *s)
{
	/* Insertion sort: stable, and sets are small. */
	for (size_t i = 1; i < s->n; i++) {
		struct finding f = s->v[i];
		size_t j = i;
		for (; j > 0 && finding_cmp(&s->v[j - 1], &f) > 0; j--)
			s->v[j] = s->v[j - 1];
		s->v[j] = f;
	}
}

int finding_set_failed(const struct finding_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].kind != FINDING_PASS)
			return 1;
	return 0;
}

static int fp_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

enum pick { PICK_DIFF, PICK_INTERSECT, PICK_NEW };

/* Whether f of a goes into out (fps: b's fingerprints, sorted). */
static int picked(const struct finding *f, const struct finding_set *b,
		  const uint64_t *fps, int pick)
{
	int in = bsearch(&f->fingerprint, fps, b->n, sizeof(*fps), fp_cmp)
		 != NULL;
	if (pick == PICK_INTERSECT)
		return in;
	if (!in || pick == PICK_DIFF)
		return !in;
	/* new: unless some finding of b with its fingerprint has every
	 * edge it has */
	for (size_t i = 0; i < b->n; i++)
		if (b->v[i].fingerprint == f->fingerprint &&
		    !finding_adds_edges(&b->v[i], f))
			return 0;
	return 1;
}

static int set_pick(const struct finding_set *a, const struct finding_set *b,
		    struct finding_set *out, int pick)
{
	uint64_t *fps = kdep_calloc(b->n + 1, sizeof(*fps));
	finding_set_init(out);
	if (!fps)
		return -1;
	for (size_t i = 0; i < b->n; i++)
		fps[i] = b->v[i].fingerprint;
	qsort(fps, b->n, sizeof(*fps), fp_cmp);
	for (size_t i = 0; i < a->n; i++) {
		if (picked(&a->v[i], b, fps, pick) &&
		    finding_set_add(out, &a->v[i])) {
			free(fps);
			finding_set_free(out);
			return -1;
		}
	}
	free(fps);
	return 0;
}

int finding_set_diff(const struct finding_set *a, const struct finding_set *b,
		     struct finding_set *out)
{
	return set_pick(a, b, out, PICK_DIFF);
}

int finding_set_intersect(const struct finding_set *a,
			  const struct finding_set *b,
			  struct finding_set *out)
{
	return set_pick(a, b, out, PICK_INTERSECT);
}

int finding_set_new(const struct finding_set *a, const struct finding_set *b,
		    struct finding_set *out)
{
	return set_pick(a, b, out, PICK_NEW);
}
