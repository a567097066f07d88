/*
 * cmd_props.c - `kdep props`, for the tests: every symbol's properties as
 * the model has them, each with the condition it holds under (its own
 * 'if', the definition's dependencies and those of the blocks around it),
 * in the format of the kernel-side dump tests/kernel/oracle/kdump.c
 * prints after the kernel's menu_finalize(), so that the two front ends
 * can be compared property by property.
 *
 *   sym NAME TYPE / optional (a choice) / prompt COND / default VALUE COND / select TARGET COND
 *   imply TARGET COND / range LOW HIGH COND / dep EXPR / rev EXPR /
 *   implied EXPR
 *
 * Expressions are prefix: (and A B), (not A), (= A B), ...; a quoted
 * constant is "text"; no expression at all is y (n for rev, implied); a choice is
 * <choice:FILE:LINE>. Worked example: 'config B / bool "b" if X' inside
 * 'if A' prints 'prompt (and X A)'; inside a choice C instead, 'prompt
 * (and X C)': the choice stands for its own dependencies, which the
 * comparison puts in its place for a kernel (6.12 on) that does so.
 */
#include "cmd.h"
#include "error.h"

#include <stdio.h>
#include <stdlib.h>

/* a && b, where NULL is y. */
static struct expr *and2(struct model *m, struct expr *a, struct expr *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return model_expr_op(m, E_AND, a, b);
}

/* a || b, where NULL is "nothing yet" (n). */
static struct expr *or2(struct model *m, struct expr *a, struct expr *b)
{
	if (!a)
		return b ? b : model_expr_sym(m, MODEL_SYM_Y);
	return model_expr_op(m, E_OR, a, b ? b : model_expr_sym(m, MODEL_SYM_Y));
}

/* The dependency of definition n: its own 'depends on' lines and those of
 * every enclosing if and menu, up to an enclosing choice, whose own
 * dependencies reach its members through the choice pseudo-symbol (as in
 * kconfiglib and the kernel's menu_finalize() up to 6.11). */
static struct expr *node_dep(struct model *m, const struct node *n)
{
	struct expr *d = NULL;
	for (const struct node *p = n; ; p = &m->nodes[p->parent]) {
		if (p != n && p->kind == NODE_CHOICE)
			return and2(m, d, model_expr_sym(m, p->sym));
		for (uint32_t i = 0; i < p->nprops; i++)
			if (p->props[i].kind == P_DEPENDS)
				d = and2(m, d, p->props[i].expr);
		if (p->parent == MODEL_NONE)
			break;
	}
	return d;
}

/* The 'visible if's of the menus around n. */
static struct expr *node_visible(struct model *m, const struct node *n)
{
	struct expr *v = NULL;
	for (uint32_t p = n->parent; p != MODEL_NONE; p = m->nodes[p].parent)
		for (uint32_t i = 0; i < m->nodes[p].nprops; i++)
			if (m->nodes[p].props[i].kind == P_VISIBLE)
				v = and2(m, v, m->nodes[p].props[i].expr);
	return v;
}

static void print_sym(const struct model *m, uint32_t si)
{
	const struct sym *s = &m->syms[si];
	if (s->flags & SYMF_CHOICE) {
		const struct node *n = s->nnodes ? &m->nodes[s->nodes[0]] : NULL;
		if (n)
			printf("<choice:%s:%u>", m->files[n->loc.file],
			       n->loc.line);
		else
			fputs("<choice:?>", stdout);
		return;
	}
	if ((s->flags & SYMF_CONST) && si > MODEL_SYM_Y) {
		putchar('"');
		for (const char *p = s->name; *p; p++) {
			if (*p == '"' || *p == '\\')
				putchar('\\');
			putchar(*p);
		}
		putchar('"');
		return;
	}
	fputs(s->name, stdout);
}

static void print_expr(const struct model *m, const struct expr *e)
{
	static const char *const ops[] = {
		[E_NOT] = "not", [E_AND] = "and", [E_OR] = "or",
		[E_EQ] = "=", [E_NE] = "!=", [E_LT] = "<", [E_LE] = "<=",
		[E_GT] = ">", [E_GE] = ">=",
	};
	if (!e) {
		fputs("y", stdout);
		return;
	}
	if (e->op == E_SYM) {
		print_sym(m, e->sym);
		return;
	}
	printf("(%s ", ops[e->op]);
	print_expr(m, e->l);
	if (e->op != E_NOT) {
		putchar(' ');
		print_expr(m, e->r);
	}
	putchar(')');
}

/* What selects (kind P_SELECT) or implies each symbol, with the
 * conditions they hold under: per symbol, an || of 'selector && cond'. */
static struct expr **reverse(struct model *m, int kind)
{
	struct expr **rev = calloc(m->nsyms, sizeof(*rev));
	if (!rev) {
		kdep_error_oom();
		return NULL;
	}
	for (uint32_t ni = 0; ni < m->nnodes; ni++) {
		const struct node *n = &m->nodes[ni];
		if (n->kind != NODE_SYM)
			continue;
		for (uint32_t i = 0; i < n->nprops; i++) {
			const struct prop *p = &n->props[i];
			if (p->kind != kind || p->expr->op != E_SYM)
				continue;
			struct expr *c = and2(m, model_expr_sym(m, n->sym),
					      and2(m, p->cond, node_dep(m, n)));
			rev[p->expr->sym] = or2(m, rev[p->expr->sym], c);
		}
	}
	return rev;
}

static void print_props(struct model *m, uint32_t si, struct expr **rev,
			struct expr **imp)
{
	const struct sym *s = &m->syms[si];
	struct expr *dep = NULL;
	fputs("sym ", stdout);
	print_sym(m, si);
	printf(" %s\n", model_type_name(s->type));
	if (s->flags & SYMF_OPTIONAL)
		puts("optional");
	for (uint32_t k = 0; k < s->nnodes; k++) {
		const struct node *n = &m->nodes[s->nodes[k]];
		struct expr *d = node_dep(m, n);
		/* as menu_finalize() ORs them: a definition with no
		 * dependency adds none (sym_dir_dep() in analyzer/sat) */
		if (d)
			dep = or2(m, dep, d);
		for (uint32_t i = 0; i < n->nprops; i++) {
			const struct prop *p = &n->props[i];
			struct expr *c = and2(m, p->cond, d);
			switch (p->kind) {
			case P_PROMPT:
				fputs("prompt ", stdout);
				c = and2(m, c, node_visible(m, n));
				break;
			case P_DEFAULT:
			case P_SELECT:
			case P_IMPLY:
				printf("%s ", model_prop_kind_name(p->kind));
				print_expr(m, p->expr);
				putchar(' ');
				break;
			case P_RANGE:
				fputs("range ", stdout);
				print_expr(m, p->expr);
				putchar(' ');
				print_expr(m, p->expr2);
				putchar(' ');
				break;
			default:
				continue;
			}
			print_expr(m, c);
			putchar('\n');
		}
	}
	fputs("dep ", stdout);
	print_expr(m, dep ? dep : model_expr_sym(m, MODEL_SYM_Y));
	fputs("\nrev ", stdout);
	print_expr(m, rev[si] ? rev[si] : model_expr_sym(m, MODEL_SYM_N));
	fputs("\nimplied ", stdout);
	print_expr(m, imp[si] ? imp[si] : model_expr_sym(m, MODEL_SYM_N));
	putchar('\n');
}

int cmd_props(struct cmd_ctx *c)
{
	struct scan_ctx *ctx = &c->scans;
	int ret = EXIT_OK;
	for (size_t ai = 0; ai < ctx->narches && ret == EXIT_OK; ai++) {
		struct arch_scans sc;
		if (scan_arch_all(ctx, ctx->arches[ai], &sc)) {
			ret = cmd_fail();
			break;
		}
		for (size_t p = 0; p < sc.n && ret == EXIT_OK; p++) {
			struct model *m = sc.res[p].model;
			struct expr **rev = reverse(m, P_SELECT);
			struct expr **imp = rev ? reverse(m, P_IMPLY) : NULL;
			if (!imp || model_failed(m)) {
				free(rev);
				ret = cmd_fail();
				break;
			}
			printf("scan %s %s\n", sc.a.arch, sc.profiles[p]);
			for (uint32_t si = MODEL_SYM_Y + 1; si < m->nsyms; si++)
				if (m->syms[si].nnodes)
					print_props(m, si, rev, imp);
			free(rev);
			free(imp);
		}
		arch_scans_free(&sc);
	}
	return ret;
}
