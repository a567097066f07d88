/*
 * expr.c - expressions: their text as kconfiglib's expr_str() writes it,
 * and the walk over the symbols they name. libc only.
 */
#include "model.h"

#include <assert.h>
#include <string.h>

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
	assert(e->op <= E_GE);
	/* a leaf names a symbol, NOT has one operand, the others two */
	assert(e->op == E_SYM ? e->sym < m->nsyms :
	       e->l && (e->op == E_NOT) == !e->r);
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
	assert(m && (buf || !n));
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
	if (!s)
		return NULL;
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
	assert(fn);
	if (!e)
		return 0;
	if (e->op == E_SYM) {
		assert(e->sym < m->nsyms);
		if (m->syms[e->sym].flags & SYMF_CONST)
			return 0;
		return fn(e->sym, arg);
	}
	if ((r = model_expr_walk(m, e->l, fn, arg)))
		return r;
	return model_expr_walk(m, e->r, fn, arg);
}
