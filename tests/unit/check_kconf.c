/*
 * check_kconf.c - the kconfiglib loader: lines of every property, the
 * dialect kdep adds, errors as diagnostics, reading only through the
 * source layer, and an interpreter isolated from the environment.
 *
 * Each test runs in its own process (Check forks), so each starts its own
 * interpreter.
 */
#include "suites.h"
#include "kconf.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>

static const char tree_top[] =
	"mainmenu \"t\"\n"                        /* 1 */
	"source \"arch/$(SRCARCH)/Kconfig\"\n"    /* 2 */
	"config MODS\n"                           /* 3 */
	"\tbool \"modules\"\n"                    /* 4 */
	"\tmodules\n"                             /* 5 */
	"config A\n"                              /* 6 */
	"\ttristate \"a\" if C\n"                 /* 7 */
	"\tdepends on B if C\n"                   /* 8 */
	"\tselect D if E\n"                       /* 9 */
	"\timply E\n"                             /* 10 */
	"\thelp\n"                                /* 11 */
	"\t  text\n"                              /* 12 */
	"\tselect F\n"                            /* 13: after help */
	"config B\n"                              /* 14 */
	"\ttristate \"b\"\n"                      /* 15 */
	"config C\n"                              /* 16 */
	"\tbool\n"                                /* 17 */
	"config D\n"                              /* 18 */
	"\tbool\n"                                /* 19 */
	"config E\n"                              /* 20 */
	"\tbool\n"                                /* 21 */
	"config F\n"                              /* 22 */
	"\tbool\n"                                /* 23 */
	"if E\n"                                  /* 24 */
	"menu \"m\"\n"                            /* 25 */
	"\tdepends on B\n"                        /* 26 */
	"config G\n"                              /* 27 */
	"\tint \"g\"\n"                           /* 28 */
	"\trange 1 10 if B\n"                     /* 29 */
	"\tdefault 5\n"                           /* 30 */
	"endmenu\n"                               /* 31 */
	"endif\n"                                 /* 32 */
	"config OLD\n"                            /* 33 */
	"\tbool\n"                                /* 34 */
	"\ttransitional\n";                       /* 35 */

/* An in-memory tree: nothing on disk, so kconfiglib cannot read around
 * kdep's source layer. */
static struct source *mem_tree(const char *top)
{
	struct source *s;
	ck_assert_int_eq(source_open_mem(&s, "test", "/nonexistent-kdep-tree"),
			 0);
	ck_assert_int_eq(source_mem_add(s, "Kconfig", top, strlen(top)), 0);
	const char *arch = "config X86\n\tdef_bool y\n";
	ck_assert_int_eq(source_mem_add(s, "arch/x86/Kconfig", arch,
					strlen(arch)), 0);
	return s;
}

static const char *const env[] = { "ARCH=x86", "SRCARCH=x86" };
static const struct kconf_opts opts = { env, 2, KCONF_LIVE, NULL, NULL };

static struct model *load(struct source *s)
{
	struct model *m = NULL;
	int r = kconf_load(s, &opts, &m);
	if (r)
		ck_abort_msg("load failed: %s", kdep_error_last());
	return m;
}

static const struct prop *find_prop(struct model *m, const char *sym,
				    int kind, uint32_t nth)
{
	uint32_t si = model_find(m, sym);
	ck_assert_uint_ne(si, MODEL_NONE);
	for (uint32_t d = 0; d < m->syms[si].nnodes; d++) {
		const struct node *n = &m->nodes[m->syms[si].nodes[d]];
		for (uint32_t i = 0; i < n->nprops; i++)
			if (n->props[i].kind == kind && nth-- == 0)
				return &n->props[i];
	}
	return NULL;
}

START_TEST(lines_of_every_property)
{
	struct source *s = mem_tree(tree_top);
	struct model *m = load(s);
	const struct prop *p;

	p = find_prop(m, "A", P_PROMPT, 0);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->loc.line, 7);
	ck_assert_str_eq(p->text, "a");
	ck_assert_str_eq(model_expr_text(m, p->cond), "C");

	/* 'depends on X if Y' is 'X || (Y = n)' */
	p = find_prop(m, "A", P_DEPENDS, 0);
	ck_assert_uint_eq(p->loc.line, 8);
	ck_assert_str_eq(model_expr_text(m, p->expr), "B || C = n");

	p = find_prop(m, "A", P_SELECT, 0);
	ck_assert_uint_eq(p->loc.line, 9);
	ck_assert_str_eq(model_expr_text(m, p->expr), "D");
	ck_assert_str_eq(model_expr_text(m, p->cond), "E");
	/* a select after the help text keeps its own line */
	p = find_prop(m, "A", P_SELECT, 1);
	ck_assert_uint_eq(p->loc.line, 13);
	ck_assert_ptr_null(p->cond);
	p = find_prop(m, "A", P_IMPLY, 0);
	ck_assert_uint_eq(p->loc.line, 10);

	/* G: own props carry only their own condition */
	p = find_prop(m, "G", P_RANGE, 0);
	ck_assert_uint_eq(p->loc.line, 29);
	ck_assert_str_eq(model_expr_text(m, p->expr), "1");
	ck_assert_str_eq(model_expr_text(m, p->expr2), "10");
	ck_assert_str_eq(model_expr_text(m, p->cond), "B");
	p = find_prop(m, "G", P_DEFAULT, 0);
	ck_assert_uint_eq(p->loc.line, 30);
	ck_assert_ptr_null(p->cond);

	/* ... and reach the menu and the if through their parents */
	uint32_t g = model_find(m, "G");
	const struct node *n = &m->nodes[m->syms[g].nodes[0]];
	ck_assert_uint_eq(n->loc.line, 27);
	ck_assert_uint_ne(n->parent, MODEL_NONE);
	const struct node *menu = &m->nodes[n->parent];
	ck_assert_int_eq(menu->kind, NODE_MENU);
	ck_assert_str_eq(menu->title, "m");
	ck_assert_uint_eq(menu->props[0].loc.line, 26);
	const struct node *nif = &m->nodes[menu->parent];
	ck_assert_int_eq(nif->kind, NODE_IF);
	ck_assert_uint_eq(nif->loc.line, 24);
	ck_assert_str_eq(model_expr_text(m, nif->props[0].expr), "E");

	/* the help text, and the dialect flags */
	uint32_t a = model_find(m, "A");
	ck_assert_str_eq(m->nodes[m->syms[a].nodes[0]].help, "text");
	ck_assert(m->syms[model_find(m, "OLD")].flags & SYMF_TRANSITIONAL);
	ck_assert_uint_eq(m->modules_sym, model_find(m, "MODS"));
	ck_assert(m->syms[model_find(m, "MODS")].flags & SYMF_MODULES);

	/* every file came through the source layer */
	size_t nread;
	source_files_read(s, &nread);
	ck_assert_uint_eq(m->nfiles, 2);
	ck_assert_uint_ge(nread, 2);
	model_free(m);
	source_free(s);
}
END_TEST

START_TEST(recursive_tree_still_loads)
{
	struct source *s = mem_tree("source \"arch/$(SRCARCH)/Kconfig\"\n"
				    "config A\n\tbool \"a\"\n\tdepends on B\n"
				    "config B\n\tbool \"b\"\n\tdepends on A\n");
	struct model *m = load(s);
	struct model_counts c;
	model_count(m, &c);
	ck_assert_uint_eq(c.defined, 3);
	ck_assert_uint_eq(c.edges[EDGE_DEPENDS], 2);
	model_free(m);
	source_free(s);
}
END_TEST

static void expect_error(const char *top, const char *want)
{
	struct source *s = mem_tree(top);
	struct model *m = NULL;
	ck_assert_int_eq(kconf_load(s, &opts, &m), -1);
	ck_assert_ptr_null(m);
	char buf[4096];
	const char *err = kdep_error_format(buf, sizeof(buf));
	if (strncmp(err, want, strlen(want)))
		ck_abort_msg("error '%s' does not start '%s'", err, want);
	ck_assert_ptr_null(strstr(err, "Traceback"));
	ck_assert_ptr_null(strchr(err, '\n'));
	source_free(s);
}

START_TEST(errors_are_diagnostics)
{
	expect_error("config A\n\tbool\n\tdepends on (B\n",
		     "Kconfig:3: error: ");
	expect_error("config A\n\tbool\nbogus A\n", "Kconfig:3: error: ");
	expect_error("\nsource \"missing/Kconfig\"\n",
		     "Kconfig:2: error: 'missing/Kconfig' not found");
	expect_error("config A\n\tbool\n\ttransitional extra\n",
		     "Kconfig:3: error: ");
	expect_error("if A\nconfig B\n\tbool\n",
		     "Kconfig:1: error: 'if' without 'endif'");
}
END_TEST

START_TEST(interpreter_is_isolated)
{
	/* A kconfiglib on PYTHONPATH and in the user site must not be used. */
	char *dir = test_tmpdir();
	test_write(dir, "kconfiglib.py", "raise SystemExit('wrong kconfiglib')\n");
	setenv("PYTHONPATH", dir, 1);
	setenv("PYTHONHOME", dir, 1);
	setenv("PYTHONNOUSERSITE", "", 1);
	struct source *s = mem_tree(tree_top);
	struct model *m = load(s);
	ck_assert_uint_ne(model_find(m, "A"), MODEL_NONE);
	model_free(m);
	source_free(s);
	free(dir);
}
END_TEST

START_TEST(values_follow_the_kernel)
{
	struct source *s = mem_tree(tree_top);
	struct kconf_values v;
	/* C=y, B=n: A's dependency B || (C = n) is n, whatever A asks */
	ck_assert_int_eq(kconf_eval(s, &opts, "CONFIG_MODS=y\nCONFIG_C=y\n"
				    "CONFIG_A=y\nCONFIG_OLD=y\n", &v), 0);
	int seen = 0;
	for (size_t i = 0; i < v.n; i++) {
		if (!strcmp(v.names[i], "A")) {
			ck_assert_str_eq(v.values[i], "n");
			seen++;
		}
		/* transitional symbols are never written out */
		ck_assert_str_ne(v.names[i], "OLD");
	}
	ck_assert_int_eq(seen, 1);
	kconf_values_free(&v);
	source_free(s);
}
END_TEST

/*
 * Every node kind, property kind, symbol type, symbol flag and operator the
 * shim hands over, each at a line of its own: the numbers the shim takes
 * from _kdep must come back as the C kinds they name.
 */
static const char tree_kinds[] =
	"source \"arch/$(SRCARCH)/Kconfig\"\n"    /* 1 */
	"config MODS\n"                           /* 2 */
	"\tbool \"modules\"\n"                    /* 3: prompt */
	"\tmodules\n"                             /* 4 */
	"config B\n"                              /* 5 */
	"\tbool\n"                                /* 6 */
	"\tdefault y\n"                           /* 7: default */
	"\toption allnoconfig_y\n"                /* 8 */
	"config S\n"                              /* 9 */
	"\tstring\n"                              /* 10 */
	"config I\n"                              /* 11 */
	"\tint\n"                                 /* 12 */
	"\trange 1 10\n"                          /* 13: range */
	"config H\n"                              /* 14 */
	"\thex\n"                                 /* 15 */
	"choice CH\n"                             /* 16 */
	"\tprompt \"ch\"\n"                       /* 17: prompt */
	"\toptional\n"                            /* 18 */
	"config C1\n"                             /* 19 */
	"\tbool \"c1\"\n"                         /* 20: prompt */
	"endchoice\n"                             /* 21 */
	"menu \"m\"\n"                             /* 22 */
	"\tvisible if B\n"                        /* 23: visible */
	"\tdepends on B\n"                        /* 24: depends */
	"comment \"note\"\n"                       /* 25 */
	"endmenu\n"                               /* 26 */
	"if B\n"                                  /* 27: an if's depends */
	"config T\n"                              /* 28 */
	"\ttristate\n"                            /* 29 */
	"\tdepends on !B && (I <= 3 || I >= 7) && S != \"z\" && I < 9 && "
	"I > 1 && H = 0x10 && UNDEF\n"            /* 30: depends */
	"\tselect C1\n"                           /* 31: select */
	"\timply B\n"                             /* 32: imply */
	"endif\n"                                 /* 33 */
	"config OLD\n"                            /* 34 */
	"\tbool\n"                                /* 35 */
	"\ttransitional\n";                       /* 36 */

START_TEST(kinds_come_back_as_c_kinds)
{
	struct source *s = mem_tree(tree_kinds);
	struct model *m = load(s);

	/* every node, in parse order, with its properties in source order */
	static const struct {
		int kind;          /* enum node_kind */
		const char *sym;   /* its symbol, or NULL */
		const char *title; /* menu and comment text, or NULL */
		uint32_t line;     /* where it opens */
		int props[3][2];   /* (kind, line) of each property; line 0: none */
	} want[] = {
		{ NODE_SYM, "X86", NULL, 1, { { P_DEFAULT, 2 } } },
		{ NODE_SYM, "MODS", NULL, 2, { { P_PROMPT, 3 } } },
		{ NODE_SYM, "B", NULL, 5, { { P_DEFAULT, 7 } } },
		{ NODE_SYM, "S", NULL, 9, { { 0 } } },
		{ NODE_SYM, "I", NULL, 11, { { P_RANGE, 13 } } },
		{ NODE_SYM, "H", NULL, 14, { { 0 } } },
		{ NODE_CHOICE, "<choice CH>", NULL, 16, { { P_PROMPT, 17 } } },
		{ NODE_SYM, "C1", NULL, 19, { { P_PROMPT, 20 } } },
		{ NODE_MENU, NULL, "m", 22,
		  { { P_DEPENDS, 24 }, { P_VISIBLE, 23 } } },
		{ NODE_COMMENT, NULL, "note", 25, { { 0 } } },
		{ NODE_IF, NULL, NULL, 27, { { P_DEPENDS, 27 } } },
		{ NODE_SYM, "T", NULL, 28,
		  { { P_DEPENDS, 30 }, { P_SELECT, 31 }, { P_IMPLY, 32 } } },
		{ NODE_SYM, "OLD", NULL, 34, { { 0 } } },
	};
	size_t nwant = sizeof(want) / sizeof(want[0]);
	ck_assert_uint_eq(m->nnodes, nwant);
	for (uint32_t i = 0; i < m->nnodes; i++) {
		const struct node *n = &m->nodes[i];
		ck_assert_int_eq(n->kind, want[i].kind);
		ck_assert_uint_eq(n->loc.line, want[i].line);
		if (want[i].sym)
			ck_assert_str_eq(m->syms[n->sym].name, want[i].sym);
		else
			ck_assert_uint_eq(n->sym, MODEL_NONE);
		if (want[i].title)
			ck_assert_str_eq(n->title, want[i].title);
		else
			ck_assert_ptr_null(n->title);
		uint32_t np = 0;
		while (np < 3 && want[i].props[np][1])
			np++;
		ck_assert_uint_eq(n->nprops, np);
		for (uint32_t j = 0; j < np; j++) {
			ck_assert_int_eq(n->props[j].kind, want[i].props[j][0]);
			ck_assert_uint_eq(n->props[j].loc.line,
					  want[i].props[j][1]);
		}
	}

	/* every operator: the text is printed from the C operator */
	const struct prop *p = find_prop(m, "T", P_DEPENDS, 0);
	ck_assert_str_eq(model_expr_text(m, p->expr),
			 "!B && (I <= 3 || I >= 7) && S != \"z\" && I < 9 && "
			 "I > 1 && H = 0x10 && UNDEF");

	/* every symbol type and flag */
	static const struct {
		const char *name; /* the symbol */
		int type;         /* enum sym_type */
		uint32_t flags;   /* SYMF_* */
	} syms[] = {
		{ "n", SYM_TRISTATE, SYMF_CONST },
		{ "y", SYM_TRISTATE, SYMF_CONST },
		{ "MODS", SYM_BOOL, SYMF_PROMPT | SYMF_MODULES },
		{ "B", SYM_BOOL, SYMF_ALLNOCONFIG_Y },
		{ "S", SYM_STRING, 0 },
		{ "I", SYM_INT, 0 },
		{ "H", SYM_HEX, 0 },
		{ "<choice CH>", SYM_BOOL,
		  SYMF_CHOICE | SYMF_OPTIONAL | SYMF_PROMPT },
		{ "C1", SYM_BOOL, SYMF_PROMPT | SYMF_CHOICE_MEMBER },
		{ "T", SYM_TRISTATE, 0 },
		{ "OLD", SYM_BOOL, SYMF_TRANSITIONAL },
		{ "UNDEF", SYM_UNKNOWN, 0 },
	};
	for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		uint32_t si = model_find(m, syms[i].name);
		ck_assert_msg(si != MODEL_NONE, "no symbol %s", syms[i].name);
		ck_assert_msg(m->syms[si].type == syms[i].type,
			      "%s has type %d, not %d", syms[i].name,
			      m->syms[si].type, syms[i].type);
		ck_assert_msg(m->syms[si].flags == syms[i].flags,
			      "%s has flags %#x, not %#x", syms[i].name,
			      m->syms[si].flags, syms[i].flags);
	}
	uint32_t ch = model_find(m, "<choice CH>");
	ck_assert_uint_eq(m->syms[model_find(m, "C1")].choice, ch);
	ck_assert_uint_eq(m->modules_sym, model_find(m, "MODS"));
	model_free(m);
	source_free(s);
}
END_TEST

/* kdep's expectation of a layout made to differ from the shim's. */
static const struct {
	const char *kind;          /* the layout */
	const char *fields[10];    /* what kdep is made to expect */
	size_t n;                  /* how many */
	const char *want;          /* the start of the error */
} drifts[] = {
	/* two fields swapped */
	{ "node",
	  { "kind", "sym", "parent", "menuconfig", "file", "line", "title",
	    "help", "props" }, 9,
	  "error: kconfiglib shim: node layout differs from kdep's: the shim "
	  "builds (kind, sym, menuconfig, parent, file, line, title, help, "
	  "props), kdep reads (kind, sym, parent, menuconfig, file, line, "
	  "title, help, props)" },
	/* a field kdep reads and the shim does not build */
	{ "property",
	  { "kind", "file", "line", "expr", "expr2", "cond", "text", "extra" }, 8,
	  "error: kconfiglib shim: property layout differs from kdep's: " },
	/* a field the shim builds and kdep does not read */
	{ "symbol", { "name", "type", "flags" }, 3,
	  "error: kconfiglib shim: symbol layout differs from kdep's: " },
	/* a layout read only at evaluation is checked at start-up too */
	{ "value", { "value", "name" }, 2,
	  "error: kconfiglib shim: value layout differs from kdep's: " },
};

START_TEST(layout_drift_is_refused)
{
	kconf_test_expect_layout(drifts[_i].kind, drifts[_i].fields,
				 drifts[_i].n);
	expect_error(tree_top, drifts[_i].want);
	/* and again: the interpreter is not started twice */
	expect_error(tree_top, drifts[_i].want);
}
END_TEST

START_TEST(unsupported_kconfiglib_is_refused)
{
	/* the kconfiglib installed, Debian's 14.1.0, is not among these */
	static const char *const versions[] = { "14.0.0", "15.0.0" };
	kconf_test_supported_versions(versions, 2);
	expect_error(tree_top, "error: unsupported kconfiglib version 14.1.0 (");
	/* ... naming where it was found, and what kdep supports */
	const char *err = kdep_error_last();
	const char *want = "/kconfiglib.py): kdep supports 14.0.0, 15.0.0";
	ck_assert_uint_ge(strlen(err), strlen(want));
	ck_assert_str_eq(err + strlen(err) - strlen(want), want);
}
END_TEST

START_TEST(supported_kconfiglib_is_accepted)
{
	/* the same comparison lets the installed version through */
	static const char *const versions[] = { "13.0.0", "14.1.0" };
	kconf_test_supported_versions(versions, 2);
	struct source *s = mem_tree(tree_top);
	struct model *m = load(s);
	ck_assert_uint_ne(model_find(m, "A"), MODEL_NONE);
	model_free(m);
	source_free(s);
}
END_TEST

Suite *kconf_suite(void)
{
	Suite *s = suite_create("kconf");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, lines_of_every_property);
	tcase_add_test(tc, recursive_tree_still_loads);
	tcase_add_test(tc, errors_are_diagnostics);
	tcase_add_test(tc, interpreter_is_isolated);
	tcase_add_test(tc, values_follow_the_kernel);
	tcase_add_test(tc, kinds_come_back_as_c_kinds);
	tcase_add_loop_test(tc, layout_drift_is_refused, 0,
			    sizeof(drifts) / sizeof(drifts[0]));
	tcase_add_test(tc, unsupported_kconfiglib_is_refused);
	tcase_add_test(tc, supported_kconfiglib_is_accepted);
	suite_add_tcase(s, tc);
	return s;
}
