/*
 * check_model.c - the graph: expression text and constant folding, edges,
 * lookup, counts, and the queries (feature aliases, the reverse view,
 * numbers and undefined symbols).
 */
#include "suites.h"
#include "error.h"
#include "model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A model with constants n m y, symbols A..F, "x\"y", 130000, a choice. */
static struct model *small(void)
{
	struct model *m = model_new();
	model_reserve(m, 2, 16, 8, 1);
	model_add_file(m, "Kconfig");
	model_add_file(m, "sub/Kconfig");
	model_add_sym(m, "n", SYM_TRISTATE, SYMF_CONST);
	model_add_sym(m, "m", SYM_TRISTATE, SYMF_CONST);
	model_add_sym(m, "y", SYM_TRISTATE, SYMF_CONST);
	model_add_sym(m, "x\"y", SYM_UNKNOWN, SYMF_CONST);   /* 3 */
	model_add_sym(m, "A", SYM_BOOL, 0);                   /* 4 */
	model_add_sym(m, "B", SYM_TRISTATE, 0);               /* 5 */
	model_add_sym(m, "C", SYM_BOOL, 0);                   /* 6 */
	model_add_sym(m, "D", SYM_INT, 0);                    /* 7 */
	model_add_sym(m, "130000", SYM_UNKNOWN, 0);           /* 8 */
	model_add_sym(m, "<choice>", SYM_BOOL, SYMF_CHOICE);  /* 9 */
	model_add_sym(m, "E", SYM_BOOL, SYMF_CHOICE_MEMBER);  /* 10 */
	m->syms[10].choice = 9;
	return m;
}

static const char *text(struct model *m, struct expr *e)
{
	return model_expr_text(m, e);
}

START_TEST(expr_text_like_kconfiglib)
{
	struct model *m = small();
	struct expr *a = model_expr_sym(m, 4), *b = model_expr_sym(m, 5),
		    *c = model_expr_sym(m, 6);
	/* && binds tighter: an || under && keeps its parentheses */
	ck_assert_str_eq(text(m, model_expr_op(m, E_AND, a,
			 model_expr_op(m, E_OR, b, c))), "A && (B || C)");
	/* kconfiglib also brackets && under || */
	ck_assert_str_eq(text(m, model_expr_op(m, E_OR,
			 model_expr_op(m, E_AND, a, b), c)), "(A && B) || C");
	ck_assert_str_eq(text(m, model_expr_op(m, E_AND,
			 model_expr_op(m, E_AND, a, b), c)), "A && B && C");
	ck_assert_str_eq(text(m, model_expr_op(m, E_NOT, a, NULL)), "!A");
	ck_assert_str_eq(text(m, model_expr_op(m, E_NOT,
			 model_expr_op(m, E_AND, a, b), NULL)), "!(A && B)");
	/* quoted constants are escaped; n/m/y and numbers are bare */
	ck_assert_str_eq(text(m, model_expr_op(m, E_EQ, a,
			 model_expr_sym(m, 3))), "A = \"x\\\"y\"");
	ck_assert_str_eq(text(m, model_expr_op(m, E_GE, model_expr_sym(m, 7),
			 model_expr_sym(m, 8))), "D >= 130000");
	ck_assert_str_eq(text(m, model_expr_op(m, E_NE, b,
			 model_expr_sym(m, MODEL_SYM_M))), "B != m");
	/* a short buffer still reports the full length, NUL-terminated */
	char buf[4];
	size_t need = model_expr_str(m, model_expr_op(m, E_OR, a, b), buf,
				     sizeof(buf));
	ck_assert_uint_eq(need, strlen("A || B"));
	ck_assert_str_eq(buf, "A |");
	model_free(m);
}
END_TEST

START_TEST(expr_folded_like_menu_finalize)
{
	struct model *m = small();
	struct expr *a = model_expr_sym(m, 4), *b = model_expr_sym(m, 5);
	struct expr *n = model_expr_sym(m, MODEL_SYM_N);
	struct expr *y = model_expr_sym(m, MODEL_SYM_Y);
	struct expr *ge = model_expr_op(m, E_GE, model_expr_sym(m, 7),
					model_expr_sym(m, 8));
	/* nothing to fold: the expression itself */
	struct expr *ab = model_expr_op(m, E_AND, a, b);
	ck_assert_ptr_eq(model_expr_folded(m, ab), ab);
	ck_assert_ptr_eq(model_expr_folded(m, ge), ge);
	/* the operand that decides nothing goes */
	ck_assert_str_eq(text(m, model_expr_folded(m, model_expr_op(m, E_OR,
			 ge, n))), "D >= 130000");
	ck_assert_str_eq(text(m, model_expr_folded(m, model_expr_op(m, E_NOT,
			 model_expr_op(m, E_AND, a, y), NULL))), "!A");
	ck_assert_str_eq(text(m, model_expr_folded(m, model_expr_op(m, E_OR,
			 model_expr_op(m, E_AND, y, a),
			 model_expr_op(m, E_OR, n, b)))), "A || B");
	/* a constant as a whole */
	ck_assert_str_eq(text(m, model_expr_folded(m, model_expr_op(m, E_AND,
			 a, n))), "n");
	ck_assert_str_eq(text(m, model_expr_folded(m, model_expr_op(m, E_NOT,
			 n, NULL))), "y");
	ck_assert_int_eq(model_expr_fold(m, model_expr_op(m, E_OR, a, y)),
			 MODEL_SYM_Y);
	ck_assert_int_eq(model_expr_fold(m, ab), -1);
	model_free(m);
}
END_TEST

static struct prop prop(struct model *m, int kind, uint32_t line,
			struct expr *e, struct expr *cond)
{
	struct prop p = { 0 };
	p.kind = (uint8_t)kind;
	p.loc.file = 0;
	p.loc.line = line;
	p.expr = e;
	p.cond = cond;
	(void)m;
	return p;
}

START_TEST(edges_follow_sym_check_deps)
{
	struct model *m = small();
	/* if C (line 1) / menu depends on B (line 2) / config A (line 3):
	 *   select D if B (4); default y if C (5); prompt "a" if B (6) */
	struct node *nif = model_add_node(m, NODE_IF, MODEL_NONE);
	nif->loc = (struct loc){ 0, 1 };
	nif->props = model_alloc(m, sizeof(struct prop));
	nif->props[0] = prop(m, P_DEPENDS, 1, model_expr_sym(m, 6), NULL);
	nif->nprops = 1;
	struct node *menu = model_add_node(m, NODE_MENU, MODEL_NONE);
	menu->parent = 0;
	menu->loc = (struct loc){ 0, 2 };
	menu->props = model_alloc(m, sizeof(struct prop));
	menu->props[0] = prop(m, P_DEPENDS, 2, model_expr_sym(m, 5), NULL);
	menu->nprops = 1;
	struct node *na = model_add_node(m, NODE_SYM, 4);
	na->parent = 1;
	na->loc = (struct loc){ 0, 3 };
	na->props = model_alloc(m, 3 * sizeof(struct prop));
	na->props[0] = prop(m, P_SELECT, 4, model_expr_sym(m, 7),
			    model_expr_sym(m, 5));
	na->props[1] = prop(m, P_DEFAULT, 5, model_expr_sym(m, MODEL_SYM_Y),
			    model_expr_sym(m, 6));
	na->props[2] = prop(m, P_PROMPT, 6, NULL, model_expr_sym(m, 5));
	na->nprops = 3;
	/* choice (line 7) holding E (line 8) */
	struct node *nc = model_add_node(m, NODE_CHOICE, 9);
	nc->loc = (struct loc){ 1, 7 };
	struct node *ne = model_add_node(m, NODE_SYM, 10);
	ne->parent = 3;
	ne->loc = (struct loc){ 1, 8 };
	ck_assert_int_eq(model_link(m), 0);
	ck_assert_int_eq(model_build_edges(m), 0);

	struct model_counts c;
	model_count(m, &c);
	ck_assert_uint_eq(c.edges[EDGE_SELECT], 1);    /* D <- A */
	ck_assert_uint_eq(c.edges[EDGE_SELECT_IF], 1); /* D <- B (cond) */
	ck_assert_uint_eq(c.edges[EDGE_DEFAULT], 0);   /* y is a constant */
	ck_assert_uint_eq(c.edges[EDGE_DEFAULT_IF], 1);
	ck_assert_uint_eq(c.edges[EDGE_PROMPT_IF], 1);
	ck_assert_uint_eq(c.edges[EDGE_DEPENDS], 2);   /* menu B, if C */
	ck_assert_uint_eq(c.edges[EDGE_CHOICE], 2);    /* E <-> choice */
	int seen_if = 0, seen_sel = 0;
	for (uint32_t i = 0; i < m->nedges; i++) {
		const struct edge *e = &m->edges[i];
		if (e->kind == EDGE_DEPENDS && e->to == 6) {
			/* inherited from the 'if': its own line */
			ck_assert_uint_eq(e->from, 4);
			ck_assert_uint_eq(e->loc.line, 1);
			seen_if = 1;
		}
		if (e->kind == EDGE_SELECT) {
			/* "D is selected by A", at the select line */
			ck_assert_uint_eq(e->from, 7);
			ck_assert_uint_eq(e->to, 4);
			ck_assert_uint_eq(e->loc.line, 4);
			seen_sel = 1;
		}
	}
	ck_assert(seen_if && seen_sel);
	ck_assert_uint_eq(m->syms[9].nmembers, 1);
	ck_assert_uint_eq(m->syms[9].members[0], 10);
	ck_assert_uint_eq(c.defined, 2);   /* A and E have nodes */
	ck_assert_uint_eq(c.undefined, 4); /* B C D 130000 */
	ck_assert_uint_eq(c.choices, 1);
	model_free(m);
}
END_TEST

START_TEST(find_by_name)
{
	struct model *m = small();
	ck_assert_uint_eq(model_find(m, "B"), 5);
	ck_assert_uint_eq(model_find(m, "y"), MODEL_SYM_Y);
	ck_assert_uint_eq(model_find(m, "NOPE"), MODEL_NONE);
	ck_assert_str_eq(model_edge_kind_name(EDGE_SELECT_IF), "select-if");
	ck_assert_int_eq(model_edge_kind_from_name("prompt-if"),
			 EDGE_PROMPT_IF);
	ck_assert_int_eq(model_edge_kind_from_name("bogus"), -1);
	model_free(m);
}
END_TEST

START_TEST(resolve_feature_aliases)
{
	struct model *m = test_load_text(
		/* CFI is absent: its alias names CFI_CLANG */
		"config CFI_CLANG\n\tbool \"cfi\"\n"
		/* CALL_OPS is the tree's own: it wins over its alias */
		"config DYNAMIC_FTRACE_WITH_CALL_OPS\n\tbool\n"
		"config CALL_OPS\n\tbool \"own\"\n"
		/* STATIC_CALL only referenced, HAVE_STATIC_CALL never named */
		"config A\n\tbool \"a\"\n\tdepends on STATIC_CALL\n");
	uint32_t clang = model_find(m, "CFI_CLANG");
	uint32_t own = model_find(m, "CALL_OPS");
	uint32_t sc = model_find(m, "STATIC_CALL");
	ck_assert_uint_ne(clang, MODEL_NONE);
	ck_assert_uint_ne(sc, MODEL_NONE);
	ck_assert_uint_eq(model_resolve(m, "CFI"), clang);
	ck_assert_uint_eq(model_resolve(m, "CFI_CLANG"), clang);
	ck_assert_uint_eq(model_resolve(m, "CALL_OPS"), own);
	ck_assert_uint_eq(model_resolve(m, "STATIC_CALL"), sc);
	ck_assert_uint_eq(model_resolve(m, "DIRECT_CALLS"), MODEL_NONE);
	ck_assert_uint_eq(model_resolve(m, "NOPE"), MODEL_NONE);

	size_t n;
	const struct model_alias *al = model_aliases(&n);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(al[0].alias, "CFI");
	ck_assert_str_eq(al[0].name, "CFI_CLANG");
	ck_assert_str_eq(al[3].alias, "STATIC_CALL");
	ck_assert_str_eq(al[3].name, "HAVE_STATIC_CALL");
	model_free(m);
}
END_TEST

START_TEST(refs_are_the_reverse_view)
{
	struct model *m = test_load_text(
		"config T\n\tbool\n"                             /* 1 */
		"config S1\n\tbool \"s1\"\n\tselect T if A\n"     /* 3 */
		"config S2\n\tbool \"s2\"\n\timply T\n"           /* 6 */
		"menu \"m\"\n\tdepends on T\n"                    /* 9 */
		"config D\n\tbool \"d\"\n"                         /* 11 */
		"endmenu\n"
		"config E\n\tbool \"e\"\n\tdepends on T && A\n"   /* 14 */
		"config A\n\tbool \"a\"\n"                         /* 17 */
		"config N\n\tbool \"n\"\n\tselect A\n");          /* 19 */
	uint32_t t = model_find(m, "T");
	struct model_ref *r;
	size_t n;
	ck_assert_int_eq(model_refs(m, t, &r, &n), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_uint_eq(r[0].kind, REF_SELECT);
	ck_assert_uint_eq(r[0].from, model_find(m, "S1"));
	ck_assert_uint_eq(r[0].loc.line, 5);
	ck_assert_ptr_nonnull(r[0].cond);
	ck_assert_str_eq(model_expr_text(m, r[0].cond), "A");
	ck_assert_uint_eq(r[1].kind, REF_IMPLY);
	ck_assert_uint_eq(r[1].from, model_find(m, "S2"));
	ck_assert_uint_eq(r[1].loc.line, 8);
	ck_assert_ptr_null(r[1].cond);
	/* inherited from the menu, at the menu's line; then its own */
	ck_assert_uint_eq(r[2].kind, REF_DEPENDS);
	ck_assert_uint_eq(r[2].from, model_find(m, "D"));
	ck_assert_uint_eq(r[2].loc.line, 10);
	ck_assert_uint_eq(r[3].kind, REF_DEPENDS);
	ck_assert_uint_eq(r[3].from, model_find(m, "E"));
	ck_assert_uint_eq(r[3].loc.line, 16);
	ck_assert_ptr_null(r[3].cond);
	model_refs_free(r);

	/* nobody names N */
	ck_assert_int_eq(model_refs(m, model_find(m, "N"), &r, &n), 0);
	ck_assert_uint_eq(n, 0);
	model_refs_free(r);
	model_free(m);
}
END_TEST

START_TEST(numbers_are_no_symbols)
{
	static const char *const yes[] = { "0", "130000", "-1", "0x1f",
					   "0XABCdef" };
	static const char *const no[] = { "A", "0x", "-", "1a", "x1",
					  "0x1g", "12-3" };
	struct model *m = model_new();
	model_reserve(m, 1, 32, 0, 0);
	model_add_sym(m, "n", SYM_TRISTATE, SYMF_CONST);
	model_add_sym(m, "m", SYM_TRISTATE, SYMF_CONST);
	model_add_sym(m, "y", SYM_TRISTATE, SYMF_CONST);
	/* a quoted constant is a constant, not a number */
	ck_assert_int_eq(model_sym_is_number(m, model_add_sym(
				 m, "1", SYM_UNKNOWN, SYMF_CONST)), 0);
	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++)
		ck_assert_msg(model_sym_is_number(m, model_add_sym(
				      m, yes[i], SYM_UNKNOWN, 0)),
			      "%s is a number", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++)
		ck_assert_msg(!model_sym_is_number(m, model_add_sym(
				      m, no[i], SYM_UNKNOWN, 0)),
			      "%s is no number", no[i]);
	model_free(m);
}
END_TEST

START_TEST(undefined_at_their_first_line)
{
	struct model *m = test_load_text(
		"config A\n\tbool \"a\"\n"                      /* 1 */
		"\tdefault y if LATE\n"                          /* 3 */
		"\tdepends on U && I >= 170000 && LATE\n"        /* 4 */
		"\tselect SEL\n"                                 /* 5 */
		"if U\n"                                         /* 6 */
		"config I\n\tint \"i\"\n\tdefault 16\n"          /* 7 */
		"endif\n"
		"config B\n\tbool \"b\"\n\tdepends on n && DEAD\n");
	struct model_undef *u;
	size_t n;
	ck_assert_int_eq(model_undefs(m, &u, &n), 0);
	ck_assert_uint_eq(n, 4);
	/* LATE: its site's lines are in line order, the default's first */
	static const char *const names[] = { "LATE", "U", "SEL", "DEAD" };
	static const uint32_t lines[] = { 3, 4, 5, 13 };
	for (size_t i = 0; i < n; i++) {
		ck_assert_str_eq(m->syms[u[i].sym].name, names[i]);
		ck_assert_uint_eq(u[i].loc.line, lines[i]);
	}
	model_undefs_free(u);
	model_free(m);
}
END_TEST

START_TEST(oom_is_sticky)
{
	struct model *m = small();
	ck_assert_int_eq(model_failed(m), 0);
	/* too big to round up, then too big for calloc */
	ck_assert_ptr_null(model_alloc(m, SIZE_MAX));
	ck_assert_int_ne(model_failed(m), 0);
	ck_assert_str_eq(kdep_error_last(), "out of memory");
	kdep_error_clear();
	ck_assert_ptr_null(model_alloc(m, SIZE_MAX / 2));
	ck_assert_str_eq(kdep_error_last(), "out of memory");
	/* later allocations may succeed; the model stays failed */
	ck_assert_ptr_nonnull(model_expr_sym(m, 4));
	ck_assert_int_ne(model_failed(m), 0);
	kdep_error_clear();
	ck_assert_int_eq(model_link(m), -1);
	ck_assert_str_eq(kdep_error_last(), "out of memory");
	ck_assert_int_eq(model_build_edges(m), -1);
	model_free(m);
}
END_TEST

Suite *model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, expr_text_like_kconfiglib);
	tcase_add_test(tc, expr_folded_like_menu_finalize);
	tcase_add_test(tc, edges_follow_sym_check_deps);
	tcase_add_test(tc, find_by_name);
	tcase_add_test(tc, resolve_feature_aliases);
	tcase_add_test(tc, refs_are_the_reverse_view);
	tcase_add_test(tc, numbers_are_no_symbols);
	tcase_add_test(tc, undefined_at_their_first_line);
	tcase_add_test(tc, oom_is_sticky);
	suite_add_tcase(s, tc);
	return s;
}
