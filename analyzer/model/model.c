/*
 * model.c - the Kconfig graph: arena, builders, linking, lookup by name,
 * counts and kind names. Expression text is in expr.c, edges in edges.c.
 * libc only.
 */
#include "model.h"
#include "error.h"

#include <assert.h>
#include <stdint.h>
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

/* size zeroed bytes from a's newest chunk, or NULL when memory is out. */
static void *arena_alloc(struct arena *a, size_t size)
{
	struct arena_chunk *c = a->head;
	if (size > SIZE_MAX - sizeof(*c) - sizeof(max_align_t))
		return NULL;
	size = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (!c || c->size - c->used < size) {
		size_t cap = size > ARENA_CHUNK ? size : ARENA_CHUNK;
		if (!(c = calloc(1, sizeof(*c) + cap)))
			return NULL;
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
	assert(m && m->arena);
	void *p = arena_alloc(m->arena, size ? size : 1);
	if (!p) {
		m->oom = 1;
		kdep_error_oom();
	}
	return p;
}

char *model_strndup(struct model *m, const char *s, size_t n)
{
	assert(s || !n);
	char *d = model_alloc(m, n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *model_strdup(struct model *m, const char *s)
{
	return s ? model_strndup(m, s, strlen(s)) : NULL;
}

int model_failed(const struct model *m)
{
	return m->oom;
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
	assert(m);
	/* once, before anything is added */
	assert(!m->files && !m->syms && !m->nodes && !m->warnings);
	m->files = model_alloc(m, sizeof(*m->files) * nfiles);
	m->syms = model_alloc(m, sizeof(*m->syms) * nsyms);
	m->nodes = model_alloc(m, sizeof(*m->nodes) * nnodes);
	m->warnings = model_alloc(m, sizeof(*m->warnings) * nwarnings);
	if (model_failed(m))
		return -1;
	p->cap_files = nfiles;
	p->cap_syms = nsyms;
	p->cap_nodes = nnodes;
	p->cap_warnings = nwarnings;
	return 0;
}

uint32_t model_add_file(struct model *m, const char *path)
{
	assert(m->files && m->nfiles < priv(m)->cap_files);
	assert(path || model_failed(m));
	m->files[m->nfiles] = model_strdup(m, path);
	return m->nfiles++;
}

uint32_t model_add_sym(struct model *m, const char *name, int type,
		       uint32_t flags)
{
	assert(m->syms && m->nsyms < priv(m)->cap_syms);
	assert(name || model_failed(m));
	assert(type >= SYM_UNKNOWN && type <= SYM_HEX);
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
	assert(m->nodes && m->nnodes < priv(m)->cap_nodes);
	assert(kind >= NODE_SYM && kind <= NODE_IF);
	assert(sym == MODEL_NONE || sym < m->nsyms);
	struct node *n = &m->nodes[m->nnodes++];
	n->kind = (uint8_t)kind;
	n->sym = sym;
	n->parent = MODEL_NONE;
	return n;
}

void model_add_warning(struct model *m, const char *text)
{
	struct model_private *p = priv(m);
	assert(text || model_failed(m));
	assert(m->nwarnings <= p->cap_warnings);
	if (m->nwarnings == p->cap_warnings) {
		/* past what the loader sized: grow inside the arena */
		uint32_t cap = p->cap_warnings ? p->cap_warnings * 2 : 16;
		const char **w = model_alloc(m, sizeof(*w) * cap);
		if (!w)
			return;
		if (m->nwarnings)
			memcpy(w, m->warnings, sizeof(*w) * m->nwarnings);
		m->warnings = w;
		p->cap_warnings = cap;
	}
	m->warnings[m->nwarnings++] = model_strdup(m, text);
}

struct expr *model_expr_sym(struct model *m, uint32_t sym)
{
	assert(sym < m->nsyms);
	struct expr *e = model_alloc(m, sizeof(*e));
	if (!e)
		return NULL;
	e->op = E_SYM;
	e->sym = sym;
	return e;
}

struct expr *model_expr_op(struct model *m, int op, struct expr *l,
			   struct expr *r)
{
	assert(op > E_SYM && op <= E_GE);
	/* an operand is missing only when memory ran out building it */
	assert((l && (op == E_NOT ? !r : !!r)) || model_failed(m));
	struct expr *e = model_alloc(m, sizeof(*e));
	if (!e)
		return NULL;
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
	assert(!m->linked);
	if (!count || !members || model_failed(m)) {
		kdep_error_oom();
		goto done;
	}
	/* the constants folding and the encoders name by index */
	for (uint32_t i = MODEL_SYM_N; i <= MODEL_SYM_Y; i++) {
		if (i >= m->nsyms || !(m->syms[i].flags & SYMF_CONST) ||
		    strcmp(m->syms[i].name, i == MODEL_SYM_N ? "n" :
					    i == MODEL_SYM_M ? "m" : "y")) {
			kdep_error_set("symbols 0, 1 and 2 are not n, m and y");
			goto done;
		}
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
		if (!(s->nodes = model_alloc(m, sizeof(uint32_t) * count[i])))
			goto done;
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
			if (!s->members)
				goto done;
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
	for (uint32_t i = 0; i < m->nsyms; i++) {
		assert(m->syms[i].nnodes == count[i]);
		assert(!(m->syms[i].flags & SYMF_CHOICE) ||
		       m->syms[i].nmembers == members[i]);
	}
	m->linked = 1;
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
	assert(name);
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
	assert(m && name);
	assert(!model_failed(m));
	struct name_index *ix = name_index_of(m);
	if (!ix) {
		/* no memory for the index: the same answer, slowly */
		for (uint32_t i = 0; i < m->nsyms; i++) {
			const struct sym *s = &m->syms[i];
			if ((s->flags & SYMF_CONST) && i > MODEL_SYM_Y)
				continue;
			if (!strcmp(s->name, name))
				return i;
		}
		return MODEL_NONE;
	}
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
	assert(m && c);
	memset(c, 0, sizeof(*c));
	c->files = m->nfiles;
	for (uint32_t i = 0; i < m->nsyms; i++) {
		const struct sym *s = &m->syms[i];
		/* a probe's answer is no symbol of the tree */
		if (s->flags & (SYMF_CONST | SYMF_PROBE))
			continue;
		if (s->flags & SYMF_CHOICE)
			c->choices++;
		else if (s->nnodes)
			c->defined++;
		else
			c->undefined++;
	}
	for (uint32_t i = 0; i < m->nedges; i++) {
		assert(m->edges[i].kind < EDGE_KIND_COUNT);
		c->edges[m->edges[i].kind]++;
	}
}
