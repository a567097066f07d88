/*
 * check_graph.c - the recursive-dependency graph: which edges the kernel's
 * check walks, choice blocks as one node, components, shortest cycles, and
 * a chain deep enough to break a recursive search.
 */
#include "suites.h"
#include "error.h"
#include "graph_scc.h"
#include "kconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct found {
	struct graph g;
	struct graph_comp *c;
	uint32_t n;
	uint32_t *comp_of;
};

static void find(struct model *m, struct found *f)
{
	ck_assert_int_eq(graph_build(m, &f->g), 0);
	f->comp_of = malloc(sizeof(uint32_t) * (f->g.n + 1));
	ck_assert_int_eq(graph_components(&f->g, &f->c, &f->n, f->comp_of), 0);
}

static void found_free(struct found *f)
{
	graph_components_free(f->c, f->n);
	free(f->comp_of);
	graph_free(&f->g);
}

static uint32_t shortest(struct found *f, uint32_t c)
{
	uint32_t *cyc, len;
	ck_assert_int_eq(graph_cycle(&f->g, f->comp_of, c, MODEL_NONE, &cyc,
				     &len), 0);
	/* consecutive: each edge leaves the node the previous one reached */
	for (uint32_t i = 0; i < len; i++) {
		uint32_t k = cyc[i], next = cyc[(i + 1) % len];
		ck_assert(f->g.off[f->g.to[k]] <= next &&
			  next < f->g.off[f->g.to[k] + 1]);
	}
	free(cyc);
	return len;
}

START_TEST(components_and_shortest_cycles)
{
	struct model *m = test_load_text(
		/* A -> B -> C -> A and the chord C -> B: shortest is 2 */
		"config A\n\tbool \"a\"\n\tdepends on B\n"
		"config B\n\tbool \"b\"\n\tdepends on C\n"
		"config C\n\tbool \"c\"\n\tdepends on A && B\n"
		/* a self-loop */
		"config S\n\tbool \"s\"\n\tdepends on S\n"
		/* no cycle: a chain, and a range bound (never walked) */
		"config X\n\tbool \"x\"\n\tselect Y\n"
		"config Y\n\tbool\n"
		"config R\n\tint \"r\"\n\trange 0 Q\n"
		"config Q\n\tint \"q\"\n\tdepends on R != 0\n");
	struct found f;
	find(m, &f);
	ck_assert_uint_eq(f.n, 2);
	uint32_t a = model_find(m, "A"), s = model_find(m, "S");
	ck_assert_uint_eq(f.c[0].n, 3);
	ck_assert_uint_eq(f.comp_of[a], 0);
	ck_assert_uint_eq(shortest(&f, 0), 2);
	ck_assert_uint_eq(f.c[1].n, 1);
	ck_assert_uint_eq(f.comp_of[s], 1);
	ck_assert_uint_eq(shortest(&f, 1), 1);
	ck_assert_uint_eq(f.comp_of[model_find(m, "R")], MODEL_NONE);
	ck_assert_uint_eq(f.comp_of[model_find(m, "X")], MODEL_NONE);

	/* through a given edge: A -> B then back through C */
	uint32_t *cyc, len;
	ck_assert_int_eq(graph_cycle(&f.g, f.comp_of, 0, f.g.off[a], &cyc,
				     &len), 0);
	ck_assert_uint_eq(cyc[0], f.g.off[a]);
	ck_assert_uint_eq(len, 3);
	free(cyc);
	found_free(&f);
	model_free(m);
}
END_TEST

START_TEST(choice_blocks_are_one_node)
{
	/* entered through M1, left through M2: a cycle */
	struct model *m = test_load_text(
		"choice\n\tprompt \"p\"\n"
		"config M1\n\tbool \"m1\"\n"
		"config M2\n\tbool \"m2\"\n\tdepends on D\n"
		"endchoice\n"
		"config D\n\tbool \"d\"\n\tdepends on M1\n");
	struct found f;
	find(m, &f);
	ck_assert_uint_eq(f.n, 1);
	uint32_t m1 = model_find(m, "M1");
	ck_assert_uint_eq(f.g.rep[m1], f.g.rep[model_find(m, "M2")]);
	ck_assert_uint_ne(f.g.rep[m1], m1);
	ck_assert_uint_eq(shortest(&f, 0), 2);
	found_free(&f);
	model_free(m);

	/* a choice's default names a member: not walked, no cycle */
	m = test_load_text("choice\n\tprompt \"p\"\n\tdefault M2\n"
		      "config M1\n\tbool \"m1\"\n"
		      "config M2\n\tbool \"m2\"\nendchoice\n");
	find(m, &f);
	ck_assert_uint_eq(f.n, 0);
	found_free(&f);
	model_free(m);
}
END_TEST

START_TEST(deep_chain)
{
	/* 20000 symbols in one ring: no recursion, one component */
	enum { N = 20000 };
	size_t cap = (size_t)N * 64, len = 0;
	char *top = malloc(cap);
	for (int i = 0; i < N; i++)
		len += (size_t)snprintf(top + len, cap - len,
					"config S%d\n\tbool \"s\"\n"
					"\tdepends on S%d\n", i, (i + 1) % N);
	struct model *m = test_load_text(top);
	struct found f;
	find(m, &f);
	ck_assert_uint_eq(f.n, 1);
	ck_assert_uint_eq(f.c[0].n, N);
	ck_assert_uint_eq(shortest(&f, 0), N);
	found_free(&f);
	model_free(m);
	free(top);
}
END_TEST

Suite *graph_suite(void)
{
	Suite *s = suite_create("graph");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, components_and_shortest_cycles);
	tcase_add_test(tc, choice_blocks_are_one_node);
	tcase_add_test(tc, deep_chain);
	suite_add_tcase(s, tc);
	return s;
}
