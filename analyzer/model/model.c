/*
 * model.c - the Kconfig graph: arena, builders, edges, expression text.
 * libc only.
 */
#include "model.h"
#include "error.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- arena --------------------------------------------------------------- */

struct arena_chunk {
	struct arena_chunk *next; /* older chunk */
	size_t used;              /* bytes handed out from data */
	size_t size;              /* capacity of data */
	max_align_t data[];       /* the memory */
};

struct arena {
	struct arena_chunk *head; /* newest chunk, the one allocated from */
};

#define ARENA_CHUNK (1u << 20)

static void *arena_alloc(struct arena *a, size_t size)
{
	struct arena_chunk *c = a->head;
	size = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (!c || c->size - c->used < size) {
		size_t cap = size > ARENA_CHUNK ? size : ARENA_CHUNK;
		c = calloc(1, sizeof(*c) + cap);
		if (!c) {
			fprintf(stderr, "kdep: error: out of memory\n");
			abort();
		}
		c->size = cap;
		c->next = a->head;
		a->head = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += size;
	return p;
}

static void arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	free(a);
}

void *model_alloc(struct model *m, size_t size)
{
	return arena_alloc(m->arena, size ? size : 1);
}

char *model_strndup(struct model *m, const char *s, size_t n)
{
	char *d = model_alloc(m, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *model_strdup(struct model *m, const char *s)
{
	return model_strndup(m, s, strlen(s));
}

/* ---- name index ---------------------------------------------------------- */

struct name_index {
	uint32_t *slots; /* open addressing, MODEL_NONE when empty */
	uint32_t mask;   /* slot count - 1, a power of two minus one */
};

static struct name_index *name_index_of(const struct model *m);

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* ---- model --------------------------------------------------------------- */

struct model_private {
	struct model pub;          /* what callers see */
	uint32_t cap_files;        /* reserved sizes */
	uint32_t cap_syms;
	uint32_t cap_nodes;
	uint32_t cap_warnings;
	struct name_index *index;  /* name -> symbol, built by model_find */
};

static struct model_private *priv(const struct model *m)
{
	return (struct model_private *)m;
}

struct model *model_new(void)
{
	struct model_private *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->pub.arena = calloc(1, sizeof(struct arena));
	if (!p->pub.arena) {
		free(p);
		return NULL;
	}
	p->pub.modules_sym = MODEL_NONE;
	return &p->pub;
}

void model_free(struct model *m)
{
	if (!m)
		return;
	arena_free(m->arena);
	free(priv(m)->index ? priv(m)->index->slots : NULL);
	free(priv(m)->index);
	free(priv(m));
}

int model_reserve(struct model *m, uint32_t nfiles, uint32_t nsyms,
		  uint32_t nnodes, uint32_t nwarnings)
{
	struct model_private *p = priv(m);
	assert(!m->files && !m->syms && !m->nodes);
	m->files = model_alloc(m, sizeof(*m->files) * nfiles);
	m->syms = model_alloc(m, sizeof(*m->syms) * nsyms);
	m->nodes = model_alloc(m, sizeof(*m->nodes) * nnodes);
	m->warnings = model_alloc(m, sizeof(*m->warnings) * nwarnings);
	p->cap_files = nfiles;
	p->cap_syms = nsyms;
	p->cap_nodes = nnodes;
	p->cap_warnings = nwarnings;
	return 0;
}

uint32_t model_add_file(struct model *m, const char *path)
{
	assert(m->nfiles < priv(m)->cap_files);
	m->files[m->nfiles] = model_strdup(m, path);
	return m->nfiles++;
}

uint32_t model_add_sym(struct model *m, const char *name, int type,
		       uint32_t flags)
{
	assert(m->nsyms < priv(m)->cap_syms);
	struct sym *s = &m->syms[m->nsyms];
	s->name = model_strdup(m, name);
	s->type = (uint8_t)type;
	s->flags = flags;
	s->choice = MODEL_NONE;
	if (flags & SYMF_MODULES)
		m->modules_sym = m->nsyms;
	return m->nsyms++;
}

struct node *model_add_node(struct model *m, int kind, uint32_t sym)
{
	assert(m->nnodes < priv(m)->cap_nodes);
	struct node *n = &m->nodes[m->nnodes++];
	n->kind = (uint8_t)kind;
	n->sym = sym;
	n->parent = MODEL_NONE;
	return n;
}

void model_add_warning(struct model *m, const char *text)
{
	struct model_private *p = priv(m);
	if (m->nwarnings == p->cap_warnings) {
		/* past what the loader sized: grow inside the arena */
		uint32_t cap = p->cap_warnings ? p->cap_warnings * 2 : 16;
		const char **w = model_alloc(m, sizeof(*w) * cap);
		if (m->nwarnings)
			memcpy(w, m->warnings, sizeof(*w) * m->nwarnings);
		m->warnings = w;
		p->cap_warnings = cap;
	}
	m->warnings[m->nwarnings++] = model_strdup(m, text);
}

struct expr *model_expr_sym(struct model *m, uint32_t sym)
{
	struct expr *e = model_alloc(m, sizeof(*e));
	e->op = E_SYM;
	e->sym = sym;
	return e;
}

struct expr *model_expr_op(struct model *m, int op, struct expr *l,
			   struct expr *r)
{
	struct expr *e = model_alloc(m, sizeof(*e));
	e->op = (uint8_t)op;
	e->sym = MODEL_NONE;
	e->l = l;
	e->r = r;
	return e;
}

int model_link(struct model *m)
{
	uint32_t *count = calloc(m->nsyms ? m->nsyms : 1, sizeof(*count));
	uint32_t *members = calloc(m->nsyms ? m->nsyms : 1, sizeof(*members));
	int ret = -1;
	if (!count || !members) {
		kdep_error_set("out of memory");
		goto done;
	}
	for (uint32_t i = 0; i < m->nnodes; i++) {
		const struct node *n = &m->nodes[i];
		if (n->kind != NODE_SYM && n->kind != NODE_CHOICE)
			continue;
		if (n->sym >= m->nsyms) {
			kdep_error_set("node %u names symbol %u of %u", i,
				       n->sym, m->nsyms);
			goto done;
		}
		count[n->sym]++;
	}
	for (uint32_t i = 0; i < m->nsyms; i++) {
		struct sym *s = &m->syms[i];
		s->nodes = model_alloc(m, sizeof(uint32_t) * count[i]);
		s->nnodes = 0;
		if (s->choice != MODEL_NONE) {
			if (s->choice >= m->nsyms) {
				kdep_error_set("symbol %s: bad choice", s->name);
				goto done;
			}
			members[s->choice]++;
		}
	}
	for (uint32_t i = 0; i < m->nnodes; i++) {
		const struct node *n = &m->nodes[i];
		if (n->kind == NODE_SYM || n->kind == NODE_CHOICE) {
			struct sym *s = &m->syms[n->sym];
			s->nodes[s->nnodes++] = i;
		}
	}
	for (uint32_t i = 0; i < m->nsyms; i++) {
		struct sym *s = &m->syms[i];
		if (s->flags & SYMF_CHOICE) {
			s->members = model_alloc(m, sizeof(uint32_t) *
						     members[i]);
			s->nmembers = 0;
		}
	}
	for (uint32_t i = 0; i < m->nsyms; i++) {
		const struct sym *s = &m->syms[i];
		if (s->choice != MODEL_NONE) {
			struct sym *c = &m->syms[s->choice];
			if (!(c->flags & SYMF_CHOICE)) {
				kdep_error_set("symbol %s: %s is no choice",
					       s->name, c->name);
				goto done;
			}
			c->members[c->nmembers++] = i;
		}
	}
	ret = 0;
done:
	free(count);
	free(members);
	return ret;
}

/* ---- names --------------------------------------------------------------- */

static const char *const type_names[] = {
	[SYM_UNKNOWN] = "unknown", [SYM_BOOL] = "bool",
	[SYM_TRISTATE] = "tristate", [SYM_STRING] = "string",
	[SYM_INT] = "int", [SYM_HEX] = "hex",
};

const char *model_type_name(int type)
{
	if (type < 0 || type > SYM_HEX)
		return "unknown";
	return type_names[type];
}

static const char *const edge_names[EDGE_KIND_COUNT] = {
	[EDGE_DEPENDS] = "depends",     [EDGE_SELECT] = "select",
	[EDGE_SELECT_IF] = "select-if", [EDGE_IMPLY] = "imply",
	[EDGE_IMPLY_IF] = "imply-if",   [EDGE_DEFAULT] = "default",
	[EDGE_DEFAULT_IF] = "default-if", [EDGE_PROMPT_IF] = "prompt-if",
	[EDGE_RANGE] = "range",         [EDGE_RANGE_IF] = "range-if",
	[EDGE_CHOICE] = "choice",
};

const char *model_edge_kind_name(int kind)
{
	if (kind < 0 || kind >= EDGE_KIND_COUNT)
		return "?";
	return edge_names[kind];
}

int model_edge_kind_from_name(const char *name)
{
	for (int k = 0; k < EDGE_KIND_COUNT; k++)
		if (!strcmp(edge_names[k], name))
			return k;
	return -1;
}

static const char *const prop_names[] = {
	[P_DEPENDS] = "depends", [P_SELECT] = "select", [P_IMPLY] = "imply",
	[P_DEFAULT] = "default", [P_RANGE] = "range", [P_PROMPT] = "prompt",
	[P_VISIBLE] = "visible",
};

const char *model_prop_kind_name(int kind)
{
	if (kind < 0 || kind > P_VISIBLE)
		return "?";
	return prop_names[kind];
}

/* ---- lookup and counts --------------------------------------------------- */

static struct name_index *name_index_of(const struct model *m)
{
	struct model_private *p = priv(m);
	if (p->index)
		return p->index;
	uint32_t cap = 16;
	while (cap < m->nsyms * 2u)
		cap <<= 1;
	struct name_index *ix = calloc(1, sizeof(*ix));
	uint32_t *slots = malloc(sizeof(*slots) * cap);
	if (!ix || !slots) {
		free(ix);
		free(slots);
		return NULL;
	}
	memset(slots, 0xff, sizeof(*slots) * cap);
	ix->slots = slots;
	ix->mask = cap - 1;
	for (uint32_t i = 0; i < m->nsyms; i++) {
		/* Constants share names with symbols ("y"); symbols win. */
		if ((m->syms[i].flags & SYMF_CONST) && i > MODEL_SYM_Y)
			continue;
		uint32_t h = (uint32_t)hash_str(m->syms[i].name) & ix->mask;
		while (slots[h] != MODEL_NONE &&
		       strcmp(m->syms[slots[h]].name, m->syms[i].name))
			h = (h + 1) & ix->mask;
		if (slots[h] == MODEL_NONE)
			slots[h] = i;
	}
	p->index = ix;
	return ix;
}

uint32_t model_find(struct model *m, const char *name)
{
	struct name_index *ix = name_index_of(m);
	if (!ix)
		return MODEL_NONE;
	uint32_t h = (uint32_t)hash_str(name) & ix->mask;
	while (ix->slots[h] != MODEL_NONE) {
		if (!strcmp(m->syms[ix->slots[h]].name, name))
			return ix->slots[h];
		h = (h + 1) & ix->mask;
	}
	return MODEL_NONE;
}

void model_count(const struct model *m, struct model_counts *c)
{
	memset(c, 0, sizeof(*c));
	c->files = m->nfiles;
	for (uint32_t i = 0; i < m->nsyms; i++) {
		const struct sym *s = &m->syms[i];
		if (s->flags & SYMF_CONST)
			continue;
		if (s->flags & SYMF_CHOICE)
			c->choices++;
		else if (s->nnodes)
			c->defined++;
		else
			c->undefined++;
	}
	for (uint32_t i = 0; i < m->nedges; i++)
		c->edges[m->edges[i].kind]++;
}

/* ---- expression text ----------------------------------------------------- */

struct strbuf {
	char *buf;   /* destination, may be NULL when n == 0 */
	size_t n;    /* capacity */
	size_t len;  /* length needed so far */
};

static void sb_putc(struct strbuf *sb, char c)
{
	if (sb->len + 1 < sb->n)
		sb->buf[sb->len] = c;
	sb->len++;
}

static void sb_puts(struct strbuf *sb, const char *s)
{
	for (; *s; s++)
		sb_putc(sb, *s);
}

static void sb_sym(struct strbuf *sb, const struct model *m, uint32_t i)
{
	const struct sym *s = &m->syms[i];
	if ((s->flags & SYMF_CONST) && i > MODEL_SYM_Y) {
		sb_putc(sb, '"');
		for (const char *p = s->name; *p; p++) {
			if (*p == '"' || *p == '\\')
				sb_putc(sb, '\\');
			sb_putc(sb, *p);
		}
		sb_putc(sb, '"');
	} else {
		sb_puts(sb, s->name);
	}
}

static const char *const rel_str[] = {
	[E_EQ] = "=", [E_NE] = "!=", [E_LT] = "<", [E_LE] = "<=",
	[E_GT] = ">", [E_GE] = ">=",
};

static void sb_expr(struct strbuf *sb, const struct model *m,
		    const struct expr *e);

/* Parenthesises e when it is of operator 'op'. */
static void sb_paren(struct strbuf *sb, const struct model *m,
		     const struct expr *e, int op)
{
	if (e->op == op) {
		sb_putc(sb, '(');
		sb_expr(sb, m, e);
		sb_putc(sb, ')');
	} else {
		sb_expr(sb, m, e);
	}
}

static void sb_expr(struct strbuf *sb, const struct model *m,
		    const struct expr *e)
{
	switch (e->op) {
	case E_SYM:
		sb_sym(sb, m, e->sym);
		break;
	case E_AND:
		/* A && (B || C): an || under && keeps its parentheses */
		sb_paren(sb, m, e->l, E_OR);
		sb_puts(sb, " && ");
		sb_paren(sb, m, e->r, E_OR);
		break;
	case E_OR:
		/* (A && B) || C: kconfiglib brackets && under || too */
		sb_paren(sb, m, e->l, E_AND);
		sb_puts(sb, " || ");
		sb_paren(sb, m, e->r, E_AND);
		break;
	case E_NOT:
		sb_putc(sb, '!');
		if (e->l->op != E_SYM) {
			sb_putc(sb, '(');
			sb_expr(sb, m, e->l);
			sb_putc(sb, ')');
		} else {
			sb_expr(sb, m, e->l);
		}
		break;
	default:
		sb_expr(sb, m, e->l);
		sb_putc(sb, ' ');
		sb_puts(sb, rel_str[e->op]);
		sb_putc(sb, ' ');
		sb_expr(sb, m, e->r);
		break;
	}
}

size_t model_expr_str(const struct model *m, const struct expr *e, char *buf,
		      size_t n)
{
	struct strbuf sb = { buf, n, 0 };
	if (e)
		sb_expr(&sb, m, e);
	else
		sb_puts(&sb, "y");
	if (n)
		buf[sb.len < n ? sb.len : n - 1] = '\0';
	return sb.len;
}

const char *model_expr_text(struct model *m, const struct expr *e)
{
	char small[256];
	size_t len = model_expr_str(m, e, small, sizeof(small));
	char *s = model_alloc(m, len + 1);
	if (len < sizeof(small))
		memcpy(s, small, len + 1);
	else
		model_expr_str(m, e, s, len + 1);
	return s;
}

int model_expr_walk(const struct model *m, const struct expr *e,
		    int (*fn)(uint32_t sym, void *arg), void *arg)
{
	int r;
	if (!e)
		return 0;
	if (e->op == E_SYM) {
		if (m->syms[e->sym].flags & SYMF_CONST)
			return 0;
		return fn(e->sym, arg);
	}
	if ((r = model_expr_walk(m, e->l, fn, arg)))
		return r;
	return model_expr_walk(m, e->r, fn, arg);
}

/* ---- edges --------------------------------------------------------------- */

struct edge_buf {
	struct edge *v;    /* edges so far */
	uint32_t n, cap;   /* count and capacity */
	uint32_t from;     /* the symbol being described */
	uint8_t kind;      /* the kind of the next edges */
	struct loc loc;    /* the line of the next edges */
	int oom;           /* an allocation failed */
};

static int edge_add_cb(uint32_t to, void *arg)
{
	struct edge_buf *b = arg;
	if (b->n == b->cap) {
		uint32_t cap = b->cap ? b->cap * 2 : 4096;
		struct edge *v = realloc(b->v, sizeof(*v) * cap);
		if (!v) {
			b->oom = 1;
			return 1;
		}
		b->v = v;
		b->cap = cap;
	}
	b->v[b->n++] = (struct edge){ b->from, to, b->kind, b->loc };
	return 0;
}

/*
 * Constant folding as the kernel's menu_finalize() does it
 * (expr_eliminate_yn): the value an expression folds to, MODEL_SYM_N or
 * MODEL_SYM_Y, or -1 when it is not constant. 'depends on $(success,...)'
 * is 'depends on n' under a toolchain that fails the probe, and folds the
 * node's whole dependency, with every edge in it, away.
 */
static int fold(const struct model *m, const struct expr *e)
{
	int l, r;
	if (!e)
		return MODEL_SYM_Y;
	switch (e->op) {
	case E_SYM:
		return e->sym == MODEL_SYM_N || e->sym == MODEL_SYM_Y ?
			       (int)e->sym : -1;
	case E_NOT:
		l = fold(m, e->l);
		return l < 0 ? -1 : (int)MODEL_SYM_Y - l;
	case E_AND:
		l = fold(m, e->l);
		r = fold(m, e->r);
		if (l == MODEL_SYM_N || r == MODEL_SYM_N)
			return MODEL_SYM_N;
		return l == MODEL_SYM_Y ? r : r == MODEL_SYM_Y ? l : -1;
	case E_OR:
		l = fold(m, e->l);
		r = fold(m, e->r);
		if (l == MODEL_SYM_Y || r == MODEL_SYM_Y)
			return MODEL_SYM_Y;
		return l == MODEL_SYM_N ? r : r == MODEL_SYM_N ? l : -1;
	case E_EQ:
	case E_NE:
		/* y = n, n != n, ...: both sides tristate constants */
		if (e->l->op == E_SYM && e->r->op == E_SYM &&
		    e->l->sym <= MODEL_SYM_Y && e->r->sym <= MODEL_SYM_Y &&
		    e->l->sym != 1 && e->r->sym != 1)
			return (e->l->sym == e->r->sym) == (e->op == E_EQ) ?
				       (int)MODEL_SYM_Y : (int)MODEL_SYM_N;
		return -1;
	default:
		return -1;
	}
}

/* Adds an edge to every symbol left in e once constants are folded. */
static void walk_folded(struct edge_buf *b, const struct model *m,
			const struct expr *e)
{
	if (b->oom || fold(m, e) >= 0)
		return;
	switch (e->op) {
	case E_SYM:
		if (!(m->syms[e->sym].flags & SYMF_CONST))
			edge_add_cb(e->sym, b);
		return;
	case E_NOT:
	case E_AND:
	case E_OR:
		walk_folded(b, m, e->l);
		if (e->r)
			walk_folded(b, m, e->r);
		return;
	default: /* a comparison: both sides, as they are */
		model_expr_walk(m, e, edge_add_cb, b);
	}
}

/* Edges of kind from 'from' to the symbols of e: folded, or as written. */
static void edges_of_expr(struct edge_buf *b, const struct model *m,
			  uint32_t from, int kind, struct loc loc,
			  const struct expr *e, int folded)
{
	b->from = from;
	b->kind = (uint8_t)kind;
	b->loc = loc;
	if (folded)
		walk_folded(b, m, e);
	else
		model_expr_walk(m, e, edge_add_cb, b);
}

const struct prop *model_dead_dep(const struct model *m,
				  const struct node *n)
{
	for (;;) {
		for (uint32_t i = 0; i < n->nprops; i++)
			if (n->props[i].kind == P_DEPENDS &&
			    fold(m, n->props[i].expr) == MODEL_SYM_N)
				return &n->props[i];
		if (n->parent == MODEL_NONE)
			return NULL;
		n = &m->nodes[n->parent];
	}
}

/*
 * The conditions a node inherits: the 'depends on' of enclosing menus and
 * the conditions of enclosing 'if' blocks, up to the first choice (whose own
 * dependencies reach members through the choice pseudo-symbol, as in the
 * kernel's menu_finalize()).
 */
static void edges_inherited(struct edge_buf *b, const struct model *m,
			    uint32_t from, const struct node *n)
{
	for (uint32_t p = n->parent; p != MODEL_NONE; p = m->nodes[p].parent) {
		const struct node *pn = &m->nodes[p];
		if (pn->kind == NODE_CHOICE) {
			if (from != pn->sym) {
				b->from = from;
				b->kind = EDGE_CHOICE;
				b->loc = pn->loc;
				edge_add_cb(pn->sym, b);
			}
			return;
		}
		for (uint32_t i = 0; i < pn->nprops; i++)
			if (pn->props[i].kind == P_DEPENDS)
				edges_of_expr(b, m, from, EDGE_DEPENDS,
					      pn->props[i].loc,
					      pn->props[i].expr, 1);
	}
}

int model_build_edges(struct model *m)
{
	struct edge_buf b = { 0 };
	for (uint32_t ni = 0; ni < m->nnodes; ni++) {
		const struct node *n = &m->nodes[ni];
		if (n->kind != NODE_SYM && n->kind != NODE_CHOICE)
			continue;
		uint32_t s = n->sym;
		/* A node whose dependency folds to n keeps only what the
		 * kernel walks unfolded: its selects and implies (the
		 * target's reverse dependency names the selector) and the
		 * values of its defaults. */
		int live = !model_dead_dep(m, n);
		for (uint32_t i = 0; i < n->nprops; i++) {
			const struct prop *p = &n->props[i];
			switch (p->kind) {
			case P_DEPENDS:
				if (live)
					edges_of_expr(&b, m, s, EDGE_DEPENDS,
						      p->loc, p->expr, 1);
				break;
			case P_SELECT:
			case P_IMPLY: {
				int sel = p->kind == P_SELECT;
				uint32_t t = p->expr->sym;
				b.from = t;
				b.kind = sel ? EDGE_SELECT : EDGE_IMPLY;
				b.loc = p->loc;
				edge_add_cb(s, &b);
				if (live)
					edges_of_expr(&b, m, t,
						      sel ? EDGE_SELECT_IF :
							    EDGE_IMPLY_IF,
						      p->loc, p->cond, 1);
				break;
			}
			case P_DEFAULT:
				edges_of_expr(&b, m, s, EDGE_DEFAULT, p->loc,
					      p->expr, 0);
				if (live)
					edges_of_expr(&b, m, s,
						      EDGE_DEFAULT_IF, p->loc,
						      p->cond, 1);
				break;
			case P_RANGE:
				edges_of_expr(&b, m, s, EDGE_RANGE, p->loc,
					      p->expr, 0);
				edges_of_expr(&b, m, s, EDGE_RANGE, p->loc,
					      p->expr2, 0);
				if (live)
					edges_of_expr(&b, m, s, EDGE_RANGE_IF,
						      p->loc, p->cond, 1);
				break;
			case P_PROMPT:
				if (live)
					edges_of_expr(&b, m, s,
						      EDGE_PROMPT_IF, p->loc,
						      p->cond, 1);
				break;
			default:
				break;
			}
		}
		if (live)
			edges_inherited(&b, m, s, n);
		if (b.oom)
			break;
	}
	/* A choice block holds each of its members. */
	for (uint32_t i = 0; i < m->nsyms && !b.oom; i++) {
		const struct sym *c = &m->syms[i];
		if (!(c->flags & SYMF_CHOICE) || !c->nnodes)
			continue;
		for (uint32_t j = 0; j < c->nmembers; j++) {
			b.from = i;
			b.kind = EDGE_CHOICE;
			b.loc = m->nodes[c->nodes[0]].loc;
			edge_add_cb(c->members[j], &b);
		}
	}
	if (b.oom) {
		free(b.v);
		kdep_error_set("out of memory");
		return -1;
	}
	m->edges = model_alloc(m, sizeof(*m->edges) * b.n);
	if (b.n)
		memcpy(m->edges, b.v, sizeof(*m->edges) * b.n);
	m->nedges = b.n;
	free(b.v);
	return 0;
}
