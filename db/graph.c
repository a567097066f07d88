/*
 * graph.c - a scan's graph as one blob (graph.h has the layout).
 */
#include "graph.h"
#include "alloc.h"
#include "error.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char magic[8] = "KDEPGRF1";

enum {
	SAME_FROM = 1u << 4, /* edge head: from is the previous edge's */
	SAME_FILE = 1u << 5, /* file is */
	SAME_LINE = 1u << 6, /* line is */
	KIND_MASK = 0x0f,
};

uint64_t db_graph_sum(const unsigned char *p, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* ---- encode -------------------------------------------------------------- */

/* The blob being written. */
struct out {
	unsigned char *p;    /* the bytes */
	size_t len;          /* in use */
	size_t cap;          /* allocated */
	int oom;             /* sticky: a grow failed */
};

static unsigned char *room(struct out *o, size_t n)
{
	if (o->oom || kdep_grow(&o->p, &o->cap, o->len + n, 1)) {
		o->oom = 1;
		return NULL;
	}
	unsigned char *at = o->p + o->len;
	o->len += n;
	return at;
}

static void put_bytes(struct out *o, const void *b, size_t n)
{
	unsigned char *at = room(o, n);
	if (at && n)
		memcpy(at, b, n);
}

static void put_num(struct out *o, uint64_t v)
{
	unsigned char b[10];
	size_t n = 0;
	do {
		b[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		b[n++] |= v ? 0x80 : 0;
	} while (v);
	put_bytes(o, b, n);
}

/* v - base as a zigzag varint: small either side of base, small. */
static void put_delta(struct out *o, uint32_t v, uint32_t base)
{
	int64_t d = (int64_t)v - (int64_t)base;
	put_num(o, d < 0 ? ((uint64_t)-d << 1) - 1 : (uint64_t)d << 1);
}

/* s after prev (both may be NULL: ""): the shared prefix, then the rest. */
static void put_text(struct out *o, const char *prev, const char *s)
{
	size_t keep = 0, len;
	prev = prev ? prev : "";
	s = s ? s : "";
	while (prev[keep] && prev[keep] == s[keep])
		keep++;
	len = strlen(s + keep);
	put_num(o, keep);
	put_num(o, len);
	put_bytes(o, s + keep, len);
}

/* The nodes the graph keeps: those of choices and probes. */
static int node_kept(const struct model *m, const struct node *n)
{
	if (n->kind != NODE_SYM && n->kind != NODE_CHOICE)
		return 0;
	return !!(m->syms[n->sym].flags & (SYMF_CHOICE | SYMF_PROBE));
}

int db_graph_encode(const struct model *m, unsigned char **out, size_t *len)
{
	struct out o = { 0 };
	struct model_probe_use *uses = NULL;
	uint32_t nuses = 0, nnodes = 0;
	unsigned char sum[8];

	assert(m->linked && (m->edges || !m->nedges));
	*out = NULL;
	*len = 0;
	if (model_probe_uses(m, &uses, &nuses))
		return -1;
	for (uint32_t i = 0; i < m->nnodes; i++)
		nnodes += node_kept(m, &m->nodes[i]);
	put_bytes(&o, magic, sizeof(magic));
	put_num(&o, m->nfiles);
	put_num(&o, m->nsyms);
	put_num(&o, nnodes);
	put_num(&o, m->nedges);
	put_num(&o, nuses);
	put_num(&o, m->modules_sym == MODEL_NONE ? 0 : m->modules_sym + 1ull);
	for (uint32_t i = 0; i < m->nfiles; i++)
		put_text(&o, i ? m->files[i - 1] : NULL, m->files[i]);
	for (uint32_t i = 0; i < m->nsyms; i++) {
		const struct sym *s = &m->syms[i];
		put_text(&o, i ? m->syms[i - 1].name : NULL, s->name);
		put_num(&o, s->type);
		put_num(&o, s->flags);
		put_num(&o, s->choice == MODEL_NONE ? 0 : s->choice + 1ull);
	}
	for (uint32_t i = 0; i < m->nnodes; i++) {
		const struct node *n = &m->nodes[i];
		if (!node_kept(m, n))
			continue;
		put_num(&o, n->kind);
		put_num(&o, n->sym);
		put_num(&o, n->loc.file);
		put_num(&o, n->loc.line);
		/* a probe's help is its key; a choice's is not read */
		const char *help = m->syms[n->sym].flags & SYMF_PROBE ?
				   n->help : NULL;
		put_num(&o, help ? strlen(help) + 1 : 0);
		if (help)
			put_bytes(&o, help, strlen(help));
	}
	for (uint32_t i = 0; i < m->nedges; i++) {
		const struct edge *e = &m->edges[i], *b = i ? e - 1 : NULL;
		const struct edge zero = { 0 };
		unsigned head = e->kind;
		assert(e->kind <= KIND_MASK);
		if (b && b->from == e->from)
			head |= SAME_FROM;
		if (b && b->loc.file == e->loc.file)
			head |= SAME_FILE;
		if (b && b->loc.line == e->loc.line)
			head |= SAME_LINE;
		if (!b)
			b = &zero;
		put_num(&o, head);
		if (!(head & SAME_FROM))
			put_delta(&o, e->from, b->from);
		put_delta(&o, e->to, e->from);
		if (!(head & SAME_FILE))
			put_num(&o, e->loc.file);
		if (!(head & SAME_LINE))
			put_delta(&o, e->loc.line,
				  head & SAME_FILE ? b->loc.line : 0);
	}
	for (uint32_t i = 0; i < nuses; i++) {
		put_num(&o, uses[i].loc.file);
		put_num(&o, uses[i].loc.line);
		put_num(&o, uses[i].sym);
	}
	free(uses);
	if (!o.oom) {
		uint64_t h = db_graph_sum(o.p, o.len);
		for (int i = 0; i < 8; i++)
			sum[i] = (unsigned char)(h >> (8 * i));
		put_bytes(&o, sum, sizeof(sum));
	}
	if (o.oom) {
		free(o.p); /* kdep_grow set the error */
		return -1;
	}
	*out = o.p;
	*len = o.len;
	return 0;
}

/* ---- decode -------------------------------------------------------------- */

/* The blob being read. */
struct in {
	const unsigned char *p;  /* the next byte */
	const unsigned char *end; /* past the last byte before the checksum */
	char *why;               /* what is wrong, once something is */
	size_t whylen;
	int bad;                 /* sticky: something is */
};

static void bad(struct in *in, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void bad(struct in *in, const char *fmt, ...)
{
	va_list ap;
	if (in->bad)
		return;
	in->bad = 1;
	va_start(ap, fmt);
	vsnprintf(in->why, in->whylen, fmt, ap);
	va_end(ap);
}

/* A varint of at most 64 bits; 0 and bad once past the end. */
static uint64_t get_num(struct in *in)
{
	uint64_t v = 0;
	for (int shift = 0; !in->bad; shift += 7) {
		if (in->p == in->end || shift > 63) {
			bad(in, in->p == in->end ? "truncated"
						 : "number too long");
			break;
		}
		unsigned char b = *in->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	return 0;
}

/* A varint below limit (what it indexes), else bad saying what. */
static uint32_t get_index(struct in *in, uint64_t limit, const char *what,
			  uint32_t i)
{
	uint64_t v = get_num(in);
	if (!in->bad && v >= limit)
		bad(in, "bad %s %u: %llu out of range", what, i,
		    (unsigned long long)v);
	return in->bad ? 0 : (uint32_t)v;
}

/* A zigzag delta from base (put_delta), below limit, else bad. */
static uint32_t get_delta(struct in *in, uint32_t base, uint64_t limit,
			  const char *what, uint32_t i)
{
	uint64_t z = get_num(in);
	int64_t v = 0;
	/* the magnitude first: a larger one cannot be negated in 64 bits */
	if (!in->bad && z >> 1 <= UINT32_MAX)
		v = (int64_t)base + (z & 1 ? -(int64_t)((z >> 1) + 1)
					   : (int64_t)(z >> 1));
	if (!in->bad && (z >> 1 > UINT32_MAX || v < 0 || (uint64_t)v >= limit))
		bad(in, "bad %s %u: out of range", what, i);
	return in->bad ? 0 : (uint32_t)v;
}

/* A count: each entry takes a byte at least, so no more than are left. */
static uint32_t get_count(struct in *in, const char *what)
{
	uint64_t v = get_num(in);
	if (!in->bad && v > (uint64_t)(in->end - in->p))
		bad(in, "%s: %llu announced in %zu bytes", what,
		    (unsigned long long)v, (size_t)(in->end - in->p));
	return in->bad ? 0 : (uint32_t)v;
}

/*
 * A text after prev (of prevlen bytes) into buf (grown as needed): NUL
 * terminated, no NUL inside. Returns its length.
 */
static size_t get_text(struct in *in, char **buf, size_t *cap, size_t prevlen,
		       const char *what, uint32_t i)
{
	uint64_t keep = get_num(in), add = get_num(in);
	if (in->bad)
		return 0;
	if (keep > prevlen || add > (uint64_t)(in->end - in->p)) {
		bad(in, "bad %s %u: %s", what, i, keep > prevlen ?
		    "more kept than there was" : "truncated");
		return 0;
	}
	if (memchr(in->p, 0, (size_t)add)) {
		bad(in, "bad %s %u: a NUL byte inside", what, i);
		return 0;
	}
	if (kdep_grow(buf, cap, (size_t)(keep + add + 1), 1)) {
		bad(in, "%s", "");
		return 0;
	}
	memcpy(*buf + keep, in->p, (size_t)add);
	(*buf)[keep + add] = '\0';
	in->p += add;
	return (size_t)(keep + add);
}

/* The symbols' choice membership, as db.c's check_choices asks it of rows. */
static void check_members(struct in *in, const struct model *m)
{
	for (uint32_t i = 0; i < m->nsyms && !in->bad; i++) {
		const struct sym *s = &m->syms[i];
		int member = !!(s->flags & SYMF_CHOICE_MEMBER);
		if (member != (s->choice != MODEL_NONE))
			bad(in, "bad symbol %u: %s", i, member ?
			    "flagged a choice member but names no choice" :
			    "names a choice but is not flagged a member");
		else if (member && (s->flags & (SYMF_CHOICE | SYMF_CONST)))
			bad(in, "bad symbol %u: a choice or constant in a "
			    "choice", i);
		else if (member && !(m->syms[s->choice].flags & SYMF_CHOICE))
			bad(in, "bad symbol %u: a member of symbol %u, no "
			    "choice", i, s->choice);
	}
}

static void get_files(struct in *in, struct model *m, uint32_t n)
{
	char *buf = NULL;
	size_t cap = 0, len = 0;
	for (uint32_t i = 0; i < n && !in->bad; i++) {
		len = get_text(in, &buf, &cap, len, "file", i);
		if (!in->bad)
			model_add_file(m, buf);
	}
	free(buf);
}

static void get_syms(struct in *in, struct model *m, uint32_t n)
{
	char *buf = NULL;
	size_t cap = 0, len = 0;
	for (uint32_t i = 0; i < n && !in->bad; i++) {
		len = get_text(in, &buf, &cap, len, "symbol", i);
		uint64_t type = get_num(in), flags = get_num(in);
		uint32_t choice = get_index(in, n + 1ull, "symbol", i);
		if (in->bad)
			break;
		if (type > SYM_HEX || flags > UINT32_MAX) {
			bad(in, "bad symbol %u: type or flags", i);
			break;
		}
		model_add_sym(m, buf, (int)type, (uint32_t)flags);
		m->syms[i].choice = choice ? choice - 1 : MODEL_NONE;
	}
	free(buf);
}

static void get_nodes(struct in *in, struct model *m, uint32_t n)
{
	for (uint32_t i = 0; i < n && !in->bad; i++) {
		uint64_t kind = get_num(in);
		uint32_t sym = get_index(in, m->nsyms, "node", i);
		uint32_t file = get_index(in, m->nfiles, "node", i);
		uint64_t line = get_num(in), help = get_num(in);
		if (in->bad)
			break;
		uint32_t flags = m->syms[sym].flags;
		if ((kind != NODE_SYM && kind != NODE_CHOICE) ||
		    !(kind == NODE_CHOICE ? flags & SYMF_CHOICE :
		      !(flags & (SYMF_CHOICE | SYMF_CONST)) &&
		      (flags & SYMF_PROBE))) {
			bad(in, "bad node %u: no choice or probe of its kind",
			    i);
			break;
		}
		if (line > UINT32_MAX ||
		    (help && help - 1 > (uint64_t)(in->end - in->p))) {
			bad(in, "bad node %u: %s", i, line > UINT32_MAX ?
			    "line out of range" : "truncated");
			break;
		}
		struct node *nd = model_add_node(m, (int)kind, sym);
		nd->loc = (struct loc){ file, (uint32_t)line };
		if (help) {
			if (memchr(in->p, 0, (size_t)(help - 1))) {
				bad(in, "bad node %u: a NUL byte inside", i);
				break;
			}
			nd->help = model_strndup(m, (const char *)in->p,
						 (size_t)(help - 1));
			in->p += help - 1;
		}
	}
}

static void get_edges(struct in *in, struct model *m, uint32_t n)
{
	struct edge prev = { 0 };
	if (!(m->edges = model_alloc(m, sizeof(*m->edges) * (n ? n : 1))))
		return;
	for (uint32_t i = 0; i < n && !in->bad; i++) {
		uint64_t head = get_num(in);
		struct edge e = prev;
		if (!in->bad && (head & ~(uint64_t)(KIND_MASK | SAME_FROM |
						      SAME_FILE | SAME_LINE) ||
				 (head & KIND_MASK) >= EDGE_KIND_COUNT ||
				 (!i && head & (SAME_FROM | SAME_FILE |
						 SAME_LINE)))) {
			bad(in, "bad edge %u: head %#llx", i,
			    (unsigned long long)head);
			break;
		}
		e.kind = (uint8_t)(head & KIND_MASK);
		if (!(head & SAME_FROM))
			e.from = get_delta(in, prev.from, m->nsyms, "edge", i);
		e.to = get_delta(in, e.from, m->nsyms, "edge", i);
		if (!(head & SAME_FILE))
			e.loc.file = get_index(in, m->nfiles, "edge", i);
		if (!(head & SAME_LINE))
			e.loc.line = get_delta(in, head & SAME_FILE ?
					       prev.loc.line : 0,
					       UINT32_MAX + 1ull, "edge", i);
		m->edges[i] = prev = e;
	}
	m->nedges = in->bad ? 0 : n;
}

static void get_uses(struct in *in, struct model *m, uint32_t n)
{
	m->probe_uses = model_alloc(m, sizeof(*m->probe_uses) * (n ? n : 1));
	if (!m->probe_uses)
		return;
	for (uint32_t i = 0; i < n && !in->bad; i++) {
		struct model_probe_use *u = &m->probe_uses[i];
		u->loc.file = get_index(in, m->nfiles, "probe use", i);
		u->loc.line = get_index(in, UINT32_MAX + 1ull, "probe use", i);
		u->sym = get_index(in, m->nsyms, "probe use", i);
		if (!in->bad && !(m->syms[u->sym].flags & SYMF_PROBE))
			bad(in, "bad probe use %u: symbol %u is no probe", i,
			    u->sym);
	}
	m->nprobe_uses = in->bad ? 0 : n;
}

int db_graph_decode(const unsigned char *p, size_t len, struct model **out,
		    char *why, size_t whylen)
{
	struct in in = { p, p + len, why, whylen, 0 };
	struct model *m = NULL;
	uint32_t nfiles, nsyms, nnodes, nedges, nuses;
	uint64_t modules, sum = 0;

	assert(why && whylen);
	*out = NULL;
	why[0] = '\0';
	if (len < sizeof(magic) + 8 || memcmp(p, magic, sizeof(magic))) {
		snprintf(why, whylen, "%s", len < sizeof(magic) + 8 ?
			 "truncated" : "no graph (bad magic)");
		return -1;
	}
	for (int i = 0; i < 8; i++)
		sum |= (uint64_t)p[len - 8 + i] << (8 * i);
	if (db_graph_sum(p, len - 8) != sum) {
		snprintf(why, whylen, "checksum mismatch");
		return -1;
	}
	in.p += sizeof(magic);
	in.end -= 8;
	nfiles = get_count(&in, "files");
	nsyms = get_count(&in, "symbols");
	nnodes = get_count(&in, "nodes");
	nedges = get_count(&in, "edges");
	nuses = get_count(&in, "probe uses");
	modules = get_num(&in);
	if (!in.bad && modules > nsyms)
		bad(&in, "bad modules symbol %llu", (unsigned long long)modules);
	if (in.bad)
		return -1;
	if (!(m = model_new())) {
		kdep_error_oom();
		return -1;
	}
	if (model_reserve(m, nfiles, nsyms, nnodes, 0))
		goto oom;
	get_files(&in, m, nfiles);
	get_syms(&in, m, nsyms);
	if (!in.bad)
		check_members(&in, m);
	get_nodes(&in, m, nnodes);
	get_edges(&in, m, nedges);
	get_uses(&in, m, nuses);
	if (!in.bad && in.p != in.end)
		bad(&in, "%zu bytes after the graph", (size_t)(in.end - in.p));
	if (model_failed(m) || (in.bad && !why[0]))
		goto oom;
	if (in.bad)
		goto done;
	m->modules_sym = modules ? (uint32_t)(modules - 1) : MODEL_NONE;
	if (model_link(m) < 0) {
		snprintf(why, whylen, "%s", kdep_error_last());
		kdep_error_clear();
		goto done;
	}
	m->graph_only = 1;
	*out = m;
	return 0;
oom:
	why[0] = '\0';
	kdep_error_oom();
done:
	model_free(m);
	return -1;
}
