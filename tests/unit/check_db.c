/*
 * check_db.c - the SQLite store: round trips, lookups, replacement,
 * rollback, refusing files that are not kdep databases or scans whose rows
 * are corrupt, and reading a database that cannot be written.
 */
#define _GNU_SOURCE /* unshare */
#include "suites.h"

#include "db.h"
#include "graph.h"
#include "error.h"
#include "model.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>

/* Symbol indices of the hand-built model. */
enum {
	Q = 3,      /* the quoted constant "a \"quoted\" \\ value" */
	TEN,        /* the constant "10" */
	MODULES,    /* the modules switch */
	A, B, C, H, S,
	CH,         /* the choice pseudo-symbol */
	C1, C2,     /* its members */
	UNDEF,      /* referenced, never defined */
	NSYMS
};

#define QUOTED "a \"quoted\" \\ value"
#define A_HELP "Say Y.\n\nMore text with \"quotes\" and 'apostrophes'.\n"

/* Gives n room for count props (filled by prop()). */
static void props_new(struct model *m, struct node *n, uint32_t count)
{
	n->props = model_alloc(m, sizeof(*n->props) * count);
	n->nprops = 0;
}

static void prop(struct node *n, int kind, uint32_t file, uint32_t line,
		 struct expr *e, struct expr *e2, struct expr *cond,
		 const char *text)
{
	struct prop *p = &n->props[n->nprops++];
	p->kind = (uint8_t)kind;
	p->loc = (struct loc){ file, line };
	p->expr = e;
	p->expr2 = e2;
	p->cond = cond;
	p->text = text;
}

static struct node *node(struct model *m, int kind, uint32_t sym,
			 uint32_t parent, uint32_t file, uint32_t line)
{
	struct node *n = model_add_node(m, kind, sym);
	n->parent = parent;
	n->loc = (struct loc){ file, line };
	return n;
}

/*
 * A small model using every symbol kind, node kind, property kind and
 * expression operator, linked and with its edges built.
 */
static struct model *small_model(void)
{
	struct model *m = model_new();
	struct node *n;
#define SY(i) model_expr_sym(m, (i))
#define OP(o, l, r) model_expr_op(m, (o), (l), (r))

	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(model_reserve(m, 3, NSYMS, 13, 2), 0);
	model_add_file(m, "Kconfig");
	model_add_file(m, "arch/arm64/Kconfig");
	model_add_file(m, "init/Kconfig");

	ck_assert_uint_eq(model_add_sym(m, "n", SYM_TRISTATE, SYMF_CONST),
			  MODEL_SYM_N);
	ck_assert_uint_eq(model_add_sym(m, "m", SYM_TRISTATE, SYMF_CONST),
			  MODEL_SYM_M);
	ck_assert_uint_eq(model_add_sym(m, "y", SYM_TRISTATE, SYMF_CONST),
			  MODEL_SYM_Y);
	ck_assert_uint_eq(model_add_sym(m, QUOTED, SYM_UNKNOWN, SYMF_CONST),
			  Q);
	model_add_sym(m, "10", SYM_UNKNOWN, SYMF_CONST);
	model_add_sym(m, "MODULES", SYM_BOOL, SYMF_MODULES | SYMF_PROMPT);
	model_add_sym(m, "A", SYM_BOOL, SYMF_PROMPT);
	model_add_sym(m, "B", SYM_TRISTATE, SYMF_PROMPT | SYMF_ALLNOCONFIG_Y);
	model_add_sym(m, "C", SYM_INT, SYMF_PROMPT);
	model_add_sym(m, "H", SYM_HEX, SYMF_PROMPT);
	model_add_sym(m, "S", SYM_STRING, SYMF_TRANSITIONAL);
	model_add_sym(m, "<choice CH>", SYM_BOOL,
		      SYMF_CHOICE | SYMF_OPTIONAL | SYMF_PROMPT);
	model_add_sym(m, "C1", SYM_BOOL, SYMF_CHOICE_MEMBER | SYMF_PROMPT);
	model_add_sym(m, "C2", SYM_BOOL, SYMF_CHOICE_MEMBER | SYMF_PROMPT);
	ck_assert_uint_eq(model_add_sym(m, "UNDEF", SYM_UNKNOWN, 0), UNDEF);
	m->syms[C1].choice = CH;
	m->syms[C2].choice = CH;

	/* 0: menu "Main menu", visible if A, depends on !UNDEF */
	n = node(m, NODE_MENU, MODEL_NONE, MODEL_NONE, 0, 1);
	n->title = "Main menu";
	props_new(m, n, 2);
	prop(n, P_VISIBLE, 0, 2, SY(A), NULL, NULL, NULL);
	prop(n, P_DEPENDS, 0, 3, OP(E_NOT, SY(UNDEF), NULL), NULL, NULL, NULL);

	/* 1: menuconfig A */
	n = node(m, NODE_SYM, A, 0, 0, 5);
	n->menuconfig = 1;
	n->help = A_HELP;
	props_new(m, n, 6);
	prop(n, P_PROMPT, 0, 6, NULL, NULL, OP(E_EQ, SY(B), SY(MODEL_SYM_M)),
	     "Enable A");
	prop(n, P_DEPENDS, 0, 7,
	     OP(E_AND, SY(B), OP(E_OR, SY(C1), OP(E_NOT, SY(C2), NULL))),
	     NULL, NULL, NULL);
	prop(n, P_SELECT, 0, 8, SY(B), NULL, OP(E_NE, SY(C), SY(Q)), NULL);
	prop(n, P_IMPLY, 0, 9, SY(MODULES), NULL, OP(E_LT, SY(C), SY(TEN)),
	     NULL);
	prop(n, P_DEFAULT, 0, 10, SY(MODEL_SYM_Y), NULL,
	     OP(E_AND, OP(E_LE, SY(C), SY(TEN)), OP(E_GT, SY(H), SY(C))),
	     NULL);
	prop(n, P_DEFAULT, 0, 11, SY(MODEL_SYM_M), NULL, NULL, NULL);

	/* 2: if A || B */
	n = node(m, NODE_IF, MODEL_NONE, 0, 0, 13);
	props_new(m, n, 1);
	prop(n, P_DEPENDS, 0, 13, OP(E_OR, SY(A), SY(B)), NULL, NULL, NULL);

	/* 3: config C, inside the if */
	n = node(m, NODE_SYM, C, 2, 0, 14);
	props_new(m, n, 3);
	prop(n, P_PROMPT, 0, 15, NULL, NULL, NULL, "C value");
	prop(n, P_RANGE, 0, 16, SY(TEN), SY(H), OP(E_GE, SY(A), SY(B)), NULL);
	prop(n, P_DEFAULT, 0, 17, SY(TEN), NULL, NULL, NULL);

	/* 4: config H, inside the if, in another file */
	n = node(m, NODE_SYM, H, 2, 2, 20);
	props_new(m, n, 2);
	prop(n, P_PROMPT, 2, 21, NULL, NULL, NULL, "hex");
	prop(n, P_DEFAULT, 2, 22, SY(C), NULL, NULL, NULL);

	/* 5: choice CH with members C1, C2 */
	n = node(m, NODE_CHOICE, CH, 0, 1, 30);
	props_new(m, n, 3);
	prop(n, P_PROMPT, 1, 31, NULL, NULL, NULL, "Pick");
	prop(n, P_DEFAULT, 1, 32, SY(C2), NULL,
	     OP(E_EQ, SY(A), SY(MODEL_SYM_Y)), NULL);
	prop(n, P_DEPENDS, 1, 33, SY(A), NULL, NULL, NULL);
	n = node(m, NODE_SYM, C1, 5, 1, 35);
	props_new(m, n, 1);
	prop(n, P_PROMPT, 1, 36, NULL, NULL, NULL, "first");
	n = node(m, NODE_SYM, C2, 5, 1, 38);
	n->help = "second help";
	props_new(m, n, 1);
	prop(n, P_PROMPT, 1, 39, NULL, NULL, NULL, "second");

	/* 8: comment, depends on !A */
	n = node(m, NODE_COMMENT, MODEL_NONE, 0, 0, 40);
	n->title = "A comment";
	props_new(m, n, 1);
	prop(n, P_DEPENDS, 0, 41, OP(E_NOT, SY(A), NULL), NULL, NULL, NULL);

	/* 9: a second definition of A, at top level */
	n = node(m, NODE_SYM, A, MODEL_NONE, 2, 50);
	props_new(m, n, 1);
	prop(n, P_DEFAULT, 2, 51, SY(MODEL_SYM_Y), NULL, SY(MODULES), NULL);

	/* 10: MODULES, 11: S (a node without properties but a default) */
	n = node(m, NODE_SYM, MODULES, MODEL_NONE, 2, 60);
	props_new(m, n, 1);
	prop(n, P_PROMPT, 2, 61, NULL, NULL, NULL,
	     "Enable loadable module support");
	n = node(m, NODE_SYM, S, MODEL_NONE, 2, 70);
	props_new(m, n, 1);
	prop(n, P_DEFAULT, 2, 71, SY(Q), NULL, NULL, NULL);

	/* 12: B, inside the menu */
	n = node(m, NODE_SYM, B, 0, 0, 80);
	props_new(m, n, 2);
	prop(n, P_PROMPT, 0, 81, NULL, NULL, NULL, "B");
	prop(n, P_DEPENDS, 0, 82, SY(MODULES), NULL, NULL, NULL);

	model_add_warning(m, "init/Kconfig:70: warning: S has no prompt");
	model_add_warning(m, "probe 'cc-option -fzero' answered by default");

	ck_assert_int_eq(model_link(m), 0);
	ck_assert_int_eq(model_build_edges(m), 0);
	ck_assert_uint_gt(m->nedges, 10);
	ck_assert_uint_eq(m->modules_sym, MODULES);
#undef SY
#undef OP
	return m;
}

/* The content-key files of a scan, with blob ids (one of the empty
 * blob) and a size past 32 bits. */
static const struct db_file small_files[] = {
	{ "Kconfig", "fedcba9876543210fedcba9876543210fedcba98", 1234,
	  1, INT64_C(1700000000123456789), UINT64_C(0xfedcba9876543210) },
	{ "arch/arm64/Kconfig", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391", 0,
	  0, 0, 0 },
	{ "init/Kconfig", "0123456789abcdef0123456789abcdef01234567",
	  UINT64_C(5000000000), 1, 5, 7 },
};
#define NSMALL_FILES 3u

static struct db_scan_meta meta_of(const char *tree, const char *profile,
				   const char *key)
{
	struct db_scan_meta meta = { 0 };
	meta.tree = tree;
	meta.arch = "arm64";
	meta.profile = profile;
	meta.key = key;
	meta.version = "0.1.0";
	meta.seconds = 1.25;
	meta.unknown_probes = 3;
	meta.created = 1700000000;
	meta.fingerprint = "0123456789abcdef";
	return meta;
}

static char *db_path(const char *rel)
{
	char *dir = test_tmpdir();
	char *path = malloc(strlen(dir) + strlen(rel) + 2);
	sprintf(path, "%s/%s", dir, rel);
	free(dir);
	return path;
}

static int64_t sql_int(const char *path, const char *sql)
{
	int64_t v = -1;
	ck_assert_msg(db_test_sql(path, sql, &v) == 0, "%s: %s", sql,
		      kdep_error_last());
	return v;
}

/* Rows of any table whose scan is not in scans. */
static int64_t orphan_rows(const char *path)
{
	static const char *const tables[] = {
		"scan_files", "files", "warnings", "scan_symbols",
		"scan_nodes", "scan_props", "edge_counts",
	};
	int64_t total = 0;
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		char sql[200];
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s WHERE scan"
			 " NOT IN (SELECT id FROM scans)", tables[i]);
		total += sql_int(path, sql);
	}
	return total;
}

static int64_t rows_of_scan(const char *path, int64_t id)
{
	static const char *const tables[] = {
		"scan_files", "files", "warnings", "scan_symbols",
		"scan_nodes", "scan_props", "edge_counts",
	};
	int64_t total = 0;
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		char sql[200];
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s WHERE"
			 " scan = %lld", tables[i], (long long)id);
		total += sql_int(path, sql);
	}
	return total;
}

/* ---- comparing models ---------------------------------------------------- */

static void assert_expr_eq(const struct model *a, const struct expr *x,
			   const struct model *b, const struct expr *y)
{
	char bx[512], by[512];
	if (!x || !y) {
		ck_assert_ptr_eq(x, NULL);
		ck_assert_ptr_eq(y, NULL);
		return;
	}
	model_expr_str(a, x, bx, sizeof(bx));
	model_expr_str(b, y, by, sizeof(by));
	ck_assert_str_eq(bx, by);
	ck_assert_uint_eq(x->op, y->op);
	ck_assert_uint_eq(x->sym, y->sym);
	if (x->op != E_SYM)
		assert_expr_eq(a, x->l, b, y->l);
	if (x->op != E_SYM && x->op != E_NOT)
		assert_expr_eq(a, x->r, b, y->r);
}

static void assert_models_eq(const struct model *a, const struct model *b)
{
	ck_assert_uint_eq(a->nfiles, b->nfiles);
	for (uint32_t i = 0; i < a->nfiles; i++)
		ck_assert_str_eq(a->files[i], b->files[i]);

	ck_assert_uint_eq(a->nsyms, b->nsyms);
	ck_assert_uint_eq(a->modules_sym, b->modules_sym);
	for (uint32_t i = 0; i < a->nsyms; i++) {
		const struct sym *x = &a->syms[i], *y = &b->syms[i];
		ck_assert_str_eq(x->name, y->name);
		ck_assert_uint_eq(x->type, y->type);
		ck_assert_uint_eq(x->flags, y->flags);
		ck_assert_uint_eq(x->choice, y->choice);
		ck_assert_uint_eq(x->nnodes, y->nnodes);
		for (uint32_t j = 0; j < x->nnodes; j++)
			ck_assert_uint_eq(x->nodes[j], y->nodes[j]);
		ck_assert_uint_eq(x->nmembers, y->nmembers);
		for (uint32_t j = 0; j < x->nmembers; j++)
			ck_assert_uint_eq(x->members[j], y->members[j]);
	}

	ck_assert_uint_eq(a->nnodes, b->nnodes);
	for (uint32_t i = 0; i < a->nnodes; i++) {
		const struct node *x = &a->nodes[i], *y = &b->nodes[i];
		ck_assert_uint_eq(x->kind, y->kind);
		ck_assert_uint_eq(x->menuconfig, y->menuconfig);
		ck_assert_uint_eq(x->sym, y->sym);
		ck_assert_uint_eq(x->parent, y->parent);
		ck_assert_uint_eq(x->loc.file, y->loc.file);
		ck_assert_uint_eq(x->loc.line, y->loc.line);
		ck_assert_pstr_eq(x->title, y->title);
		ck_assert_pstr_eq(x->help, y->help);
		ck_assert_uint_eq(x->nprops, y->nprops);
		for (uint32_t j = 0; j < x->nprops; j++) {
			const struct prop *p = &x->props[j], *q = &y->props[j];
			ck_assert_uint_eq(p->kind, q->kind);
			ck_assert_uint_eq(p->loc.file, q->loc.file);
			ck_assert_uint_eq(p->loc.line, q->loc.line);
			ck_assert_pstr_eq(p->text, q->text);
			assert_expr_eq(a, p->expr, b, q->expr);
			assert_expr_eq(a, p->expr2, b, q->expr2);
			assert_expr_eq(a, p->cond, b, q->cond);
		}
	}

	ck_assert_uint_eq(a->nedges, b->nedges);
	for (uint32_t i = 0; i < a->nedges; i++) {
		const struct edge *x = &a->edges[i], *y = &b->edges[i];
		ck_assert_uint_eq(x->from, y->from);
		ck_assert_uint_eq(x->to, y->to);
		ck_assert_uint_eq(x->kind, y->kind);
		ck_assert_uint_eq(x->loc.file, y->loc.file);
		ck_assert_uint_eq(x->loc.line, y->loc.line);
	}

	ck_assert_uint_eq(a->nwarnings, b->nwarnings);
	for (uint32_t i = 0; i < a->nwarnings; i++)
		ck_assert_str_eq(a->warnings[i], b->warnings[i]);
}

/* Stores m as (tree, arm64, profile) with key; returns the scan id. */
static int64_t store(struct db *db, const struct model *m, const char *tree,
		     const char *profile, const char *key)
{
	struct db_scan_meta meta = meta_of(tree, profile, key);
	ck_assert_msg(db_store_scan(db, &meta, small_files, NSMALL_FILES, m) ==
			      0, "store: %s", kdep_error_last());
	ck_assert_int_gt(meta.id, 0);
	return meta.id;
}

/* Scan id of db loads back as m. */
static void assert_loads(struct db *db, int64_t id, const struct model *m)
{
	struct model *l = NULL;
	ck_assert_msg(db_load_model(db, id, &l) == 0, "load: %s",
		      kdep_error_last());
	assert_models_eq(m, l);
	model_free(l);
}

/* ---- tests --------------------------------------------------------------- */

START_TEST(test_roundtrip)
{
	char *path = db_path("deep/er/kdep.db"); /* parents do not exist */
	struct model *m = small_model(), *l = NULL;
	struct db *db = NULL;
	char buf[256];

	/* the model really has what the test claims to cover */
	ck_assert_uint_eq(m->syms[CH].nmembers, 2);
	model_expr_str(m, m->nodes[1].props[1].expr, buf, sizeof(buf));
	ck_assert_str_eq(buf, "B && (C1 || !C2)");
	model_expr_str(m, m->nodes[1].props[2].cond, buf, sizeof(buf));
	ck_assert_str_eq(buf, "C != \"a \\\"quoted\\\" \\\\ value\"");

	ck_assert_msg(db_open(&db, path) == 0, "%s", kdep_error_last());
	int64_t id = store(db, m, "/src/linux", "gcc-12", "key-1");

	ck_assert_msg(db_load_model(db, id, &l) == 0, "%s",
		      kdep_error_last());
	assert_models_eq(m, l);
	model_free(l);
	l = NULL;

	/* counts and warnings without loading */
	struct model_counts want, got;
	model_count(m, &want);
	ck_assert_int_eq(db_scan_counts(db, id, &got), 0);
	ck_assert_uint_eq(got.files, 3);
	ck_assert_uint_eq(got.defined, want.defined);
	ck_assert_uint_eq(got.undefined, 1);
	ck_assert_uint_eq(got.choices, 1);
	for (int k = 0; k < EDGE_KIND_COUNT; k++)
		ck_assert_uint_eq(got.edges[k], want.edges[k]);
	char **w = NULL;
	uint32_t nw = 0;
	ck_assert_int_eq(db_scan_warnings(db, id, &w, &nw), 0);
	ck_assert_uint_eq(nw, 2);
	ck_assert_str_eq(w[0], m->warnings[0]);
	ck_assert_str_eq(w[1], m->warnings[1]);
	db_strings_free(w, nw);

	/* the meta and the content-key files, uint64 values intact */
	struct db_scan_meta meta;
	struct db_file *files = NULL;
	uint32_t nfiles = 0;
	ck_assert_int_eq(db_find_latest(db, "/src/linux", "arm64", "gcc-12",
					&meta, &files, &nfiles), 0);
	ck_assert_int_eq(meta.id, id);
	ck_assert_str_eq(meta.tree, "/src/linux");
	ck_assert_str_eq(meta.arch, "arm64");
	ck_assert_str_eq(meta.profile, "gcc-12");
	ck_assert_str_eq(meta.key, "key-1");
	ck_assert_str_eq(meta.version, "0.1.0");
	ck_assert_double_eq(meta.seconds, 1.25);
	ck_assert_uint_eq(meta.unknown_probes, 3);
	ck_assert_int_eq(meta.created, 1700000000);
	ck_assert_str_eq(meta.fingerprint, "0123456789abcdef");
	ck_assert_uint_eq(nfiles, NSMALL_FILES);
	for (uint32_t i = 0; i < nfiles; i++) {
		ck_assert_str_eq(files[i].path, small_files[i].path);
		ck_assert_str_eq(files[i].id, small_files[i].id);
		ck_assert_uint_eq(files[i].size, small_files[i].size);
		/* stat data, an inode past 63 bits, or none */
		ck_assert_int_eq(files[i].stat, small_files[i].stat);
		ck_assert_int_eq(files[i].mtime, small_files[i].mtime);
		ck_assert_uint_eq(files[i].ino, small_files[i].ino);
	}
	db_files_free(files, nfiles);
	db_close(db);

	/* the text and tree columns hold what schema.sql documents: in a
	 * new database, symbol i is names.id i + 1 */
	ck_assert_int_eq(sql_int(path, "SELECT count(*) FROM props WHERE"
				 " expr = 'B && (C1 || !C2)' AND"
				 " expr_tree = '& s8 | s13 ! s14'"), 1);
	ck_assert_int_eq(sql_int(path, "SELECT count(*) FROM props WHERE"
				 " kind = 0 AND cond IS NULL AND"
				 " expr2 IS NULL AND text IS NULL"), 6);
	ck_assert_int_eq(sql_int(path, "SELECT count(*) FROM symbols WHERE"
				 " id = 7 AND name = 'B'"), 1);
	ck_assert_int_eq(sql_int(path, "SELECT count FROM edge_counts WHERE"
				 " kind = 'select'"), 1);
	ck_assert_int_eq(sql_int(path, "PRAGMA user_version"), 5);

	/* and a new handle reads the same model back */
	ck_assert_int_eq(db_open(&db, path), 0);
	ck_assert_int_eq(db_load_model(db, id, &l), 0);
	assert_models_eq(m, l);
	model_free(l);
	db_close(db);
	model_free(m);
	free(path);
}
END_TEST

/* Graph g (db_load_graph, or a decoded blob) has what the cycle rule
 * reads of whole model w: every file, symbol and edge, the nodes of
 * choices and probes only (the help of probes only: their key), no
 * property, warning or other node. */
static void assert_graph_of(const struct model *g, const struct model *w)
{
	uint32_t kept = 0;
	ck_assert_int_eq(w->graph_only, 0);
	ck_assert_int_eq(g->graph_only, 1);
	ck_assert_uint_eq(g->nfiles, w->nfiles);
	for (uint32_t i = 0; i < g->nfiles; i++)
		ck_assert_str_eq(g->files[i], w->files[i]);
	ck_assert_uint_eq(g->nsyms, w->nsyms);
	ck_assert_uint_eq(g->modules_sym, w->modules_sym);
	for (uint32_t i = 0; i < g->nsyms; i++) {
		const struct sym *a = &g->syms[i], *b = &w->syms[i];
		ck_assert_str_eq(a->name, b->name);
		ck_assert_uint_eq(a->type, b->type);
		ck_assert_uint_eq(a->flags, b->flags);
		ck_assert_uint_eq(a->choice, b->choice);
		ck_assert_uint_eq(a->nmembers, b->nmembers);
		int keeps = !!(b->flags & (SYMF_CHOICE | SYMF_PROBE));
		ck_assert_uint_eq(a->nnodes, keeps ? b->nnodes : 0);
		for (uint32_t j = 0; j < a->nnodes; j++) {
			const struct node *x = &g->nodes[a->nodes[j]];
			const struct node *y = &w->nodes[b->nodes[j]];
			ck_assert_uint_eq(x->kind, y->kind);
			ck_assert_uint_eq(x->loc.file, y->loc.file);
			ck_assert_uint_eq(x->loc.line, y->loc.line);
			if (y->help && (b->flags & SYMF_PROBE))
				ck_assert_str_eq(x->help, y->help);
			else
				ck_assert_ptr_null(x->help);
			ck_assert_uint_eq(x->nprops, 0);
		}
		kept += a->nnodes;
	}
	ck_assert_uint_eq(g->nnodes, kept);
	ck_assert_uint_eq(g->nedges, w->nedges);
	for (uint32_t i = 0; i < g->nedges; i++) {
		const struct edge *a = &g->edges[i], *b = &w->edges[i];
		ck_assert_uint_eq(a->from, b->from);
		ck_assert_uint_eq(a->to, b->to);
		ck_assert_uint_eq(a->kind, b->kind);
		ck_assert_uint_eq(a->loc.file, b->loc.file);
		ck_assert_uint_eq(a->loc.line, b->loc.line);
	}
	ck_assert_uint_eq(g->nwarnings, 0);
}

/* A graph load has the symbols, places and edges of the whole load, the
 * nodes of choices only (small_model has no probe), and no property,
 * text or warning. */
START_TEST(test_load_graph)
{
	char *path = db_path("kdep.db");
	struct model *m = small_model(), *w = NULL, *g = NULL;
	struct db *db = NULL;

	ck_assert_int_eq(db_open(&db, path), 0);
	int64_t id = store(db, m, "/src/linux", "gcc-12", "key-1");
	ck_assert_int_eq(db_load_model(db, id, &w), 0);
	ck_assert_msg(db_load_graph(db, id, &g) == 0, "%s", kdep_error_last());
	assert_graph_of(g, w);
	ck_assert_uint_eq(g->nnodes, 1); /* the choice */
	ck_assert_uint_gt(g->nedges, 0);
	ck_assert_uint_gt(w->nwarnings, 0);
	model_free(g);
	model_free(w);
	model_free(m);
	db_close(db);
	free(path);
}
END_TEST

/*
 * A model with an unrecorded probe P (its help the probe's key) read by
 * A's 'depends on B && P' and twice by B's 'default P || !P if P', linked,
 * edges built.
 */
static struct model *probe_model(void)
{
	struct model *m = model_new();
	struct node *n;
	ck_assert_int_eq(model_reserve(m, 2, 6, 3, 0), 0);
	model_add_file(m, "Kconfig");
	model_add_file(m, "arch/x86/Kconfig");
	model_add_sym(m, "n", SYM_TRISTATE, SYMF_CONST);
	model_add_sym(m, "m", SYM_TRISTATE, SYMF_CONST);
	model_add_sym(m, "y", SYM_TRISTATE, SYMF_CONST);
	model_add_sym(m, "A", SYM_BOOL, SYMF_PROMPT);
	model_add_sym(m, "B", SYM_BOOL, 0);
	model_add_sym(m, "KDEP_PROBE_1", SYM_BOOL, SYMF_PROBE);
	n = node(m, NODE_SYM, 3, MODEL_NONE, 1, 3);
	props_new(m, n, 1);
	prop(n, P_DEPENDS, 1, 4, model_expr_op(m, E_AND, model_expr_sym(m, 4),
					       model_expr_sym(m, 5)),
	     NULL, NULL, NULL);
	n = node(m, NODE_SYM, 4, MODEL_NONE, 1, 6);
	props_new(m, n, 1);
	prop(n, P_DEFAULT, 1, 7,
	     model_expr_op(m, E_OR, model_expr_sym(m, 5),
			   model_expr_op(m, E_NOT, model_expr_sym(m, 5), NULL)),
	     NULL, model_expr_sym(m, 5), NULL);
	n = node(m, NODE_SYM, 5, MODEL_NONE, 0, 1);
	n->help = "$(CC) -fkdep-probe";
	ck_assert_int_eq(model_link(m), 0);
	ck_assert_int_eq(model_build_edges(m), 0);
	return m;
}

/* Encodes m, checked to decode to its graph. */
static unsigned char *graph_blob(const struct model *m, size_t *len)
{
	unsigned char *blob = NULL;
	struct model *g = NULL;
	char why[160];
	ck_assert_int_eq(db_graph_encode(m, &blob, len), 0);
	ck_assert_msg(db_graph_decode(blob, *len, &g, why, sizeof(why)) == 0,
		      "%s", why);
	assert_graph_of(g, m);
	model_free(g);
	return blob;
}

/* The blob of a graph decoded and encoded again is the same bytes. */
START_TEST(test_graph_roundtrip)
{
	struct model *m = small_model(), *g = NULL;
	unsigned char *blob, *again = NULL;
	size_t len, len2 = 0;
	char why[160];

	blob = graph_blob(m, &len);
	ck_assert_int_eq(db_graph_decode(blob, len, &g, why, sizeof(why)), 0);
	ck_assert_int_eq(db_graph_encode(g, &again, &len2), 0);
	ck_assert_uint_eq(len2, len);
	ck_assert_int_eq(memcmp(again, blob, len), 0);
	free(again);
	free(blob);
	model_free(g);
	model_free(m);
}
END_TEST

/* The probes the lines read, in model_probe_uses order (a line reading
 * one twice names it twice), and the probe's key, survive the blob. */
START_TEST(test_graph_probes)
{
	struct model *m = probe_model(), *g = NULL;
	struct model_probe_use *u = NULL, *v = NULL;
	uint32_t n = 0, nv = 0;
	unsigned char *blob;
	size_t len;
	char why[160];

	ck_assert_int_eq(model_probe_uses(m, &u, &n), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_uint_eq(u[0].loc.line, 4);
	ck_assert_uint_eq(u[3].loc.line, 7);
	blob = graph_blob(m, &len);
	ck_assert_int_eq(db_graph_decode(blob, len, &g, why, sizeof(why)), 0);
	ck_assert_uint_eq(g->syms[5].nnodes, 1);
	ck_assert_str_eq(g->nodes[g->syms[5].nodes[0]].help,
			 "$(CC) -fkdep-probe");
	ck_assert_int_eq(model_probe_uses(g, &v, &nv), 0);
	ck_assert_uint_eq(nv, n);
	for (uint32_t i = 0; i < n; i++) {
		ck_assert_uint_eq(v[i].sym, u[i].sym);
		ck_assert_uint_eq(v[i].loc.file, u[i].loc.file);
		ck_assert_uint_eq(v[i].loc.line, u[i].loc.line);
	}
	free(u);
	free(v);
	free(blob);
	model_free(g);
	model_free(m);
}
END_TEST

/* p[0..len) with the checksum of its first len - 8 bytes in its last 8. */
static void graph_seal(unsigned char *p, size_t len)
{
	uint64_t h = db_graph_sum(p, len - 8);
	for (int i = 0; i < 8; i++)
		p[len - 8 + i] = (unsigned char)(h >> (8 * i));
}

/* Decodes p: refused with a reason, or a graph whose every reference is
 * in range. Returns whether it was refused. */
static int graph_refused(const unsigned char *p, size_t len)
{
	struct model *g = (struct model *)1;
	char why[160] = "x";
	if (db_graph_decode(p, len, &g, why, sizeof(why))) {
		ck_assert_ptr_null(g);
		ck_assert_msg(why[0], "refused, no reason given");
		return 1;
	}
	for (uint32_t i = 0; i < g->nedges; i++) {
		ck_assert_uint_lt(g->edges[i].from, g->nsyms);
		ck_assert_uint_lt(g->edges[i].to, g->nsyms);
		ck_assert_uint_lt(g->edges[i].loc.file, g->nfiles);
		ck_assert_uint_lt(g->edges[i].kind, EDGE_KIND_COUNT);
	}
	for (uint32_t i = 0; i < g->nsyms; i++)
		ck_assert(g->syms[i].choice == MODEL_NONE ||
			  g->syms[i].choice < g->nsyms);
	for (uint32_t i = 0; i < g->nprobe_uses; i++)
		ck_assert_uint_lt(g->probe_uses[i].sym, g->nsyms);
	model_free(g);
	return 0;
}

/*
 * Every truncation of a blob is refused, its checksum made right again
 * (so the layout is what refuses it), and so is each byte changed under
 * the old checksum; changed under a right one it is refused or decodes
 * to a graph whose references all lead somewhere.
 */
START_TEST(test_graph_corrupt)
{
	struct model *m = probe_model();
	unsigned char *blob, *cut;
	size_t len;
	char why[160];
	struct model *g = NULL;

	blob = graph_blob(m, &len);
	cut = malloc(len);
	for (size_t n = 0; n < len; n++) {
		memcpy(cut, blob, n);
		if (n >= 8 + 8) {
			/* the first n - 8 bytes, sealed */
			graph_seal(cut, n);
		}
		ck_assert_msg(graph_refused(cut, n), "%zu of %zu bytes decoded",
			      n, len);
	}
	for (size_t i = 0; i < len - 8; i++) {
		for (int bit = 0; bit < 8; bit++) {
			memcpy(cut, blob, len);
			cut[i] ^= (unsigned char)(1u << bit);
			ck_assert(graph_refused(cut, len));
			graph_seal(cut, len);
			graph_refused(cut, len);
		}
	}
	/* and one byte too many */
	unsigned char *more = malloc(len + 1);
	memcpy(more, blob, len - 8);
	more[len - 8] = 0;
	graph_seal(more, len + 1);
	ck_assert_int_ne(db_graph_decode(more, len + 1, &g, why, sizeof(why)),
			 0);
	ck_assert_str_eq(why, "1 bytes after the graph");
	free(more);
	free(cut);
	free(blob);
	model_free(m);
}
END_TEST

/* A stored blob cut short, or missing, is a corrupt scan: the error says
 * which and where; the whole model still loads from its rows. */
START_TEST(test_graph_corrupt_db)
{
	char *path = db_path("kdep.db");
	struct model *m = small_model(), *g = NULL;
	struct db *db = NULL;
	char want[512];

	ck_assert_int_eq(db_open(&db, path), 0);
	int64_t id = store(db, m, "/src/linux", "gcc-12", "key-1");
	db_close(db);
	ck_assert_int_eq(db_test_sql(path, "UPDATE scan_graphs SET data ="
				     " substr(data, 1, 40)", NULL), 0);
	ck_assert_int_eq(db_open(&db, path), 0);
	ck_assert_int_ne(db_load_graph(db, id, &g), 0);
	ck_assert_ptr_null(g);
	snprintf(want, sizeof(want), "cannot load scan %lld from %s: corrupt "
		 "graph: checksum mismatch", (long long)id, path);
	ck_assert_str_eq(kdep_error_last(), want);
	assert_loads(db, id, m);
	db_close(db);
	ck_assert_int_eq(db_test_sql(path, "DELETE FROM scan_graphs", NULL), 0);
	ck_assert_int_eq(db_open(&db, path), 0);
	ck_assert_int_ne(db_load_graph(db, id, &g), 0);
	snprintf(want, sizeof(want), "cannot load scan %lld from %s: corrupt "
		 "graph: none stored", (long long)id, path);
	ck_assert_str_eq(kdep_error_last(), want);
	db_close(db);
	model_free(m);
	free(path);
}
END_TEST

START_TEST(test_find_key)
{
	char *path = db_path("kdep.db");
	struct model *m = small_model();
	struct db *db = NULL;
	struct db_scan_meta meta;

	ck_assert_int_eq(db_open(&db, path), 0);
	int64_t gcc = store(db, m, "/src/linux", "gcc-12", "key-gcc");
	int64_t llvm = store(db, m, "/src/linux", "llvm-19", "key-llvm");
	ck_assert_int_ne(gcc, llvm);

	ck_assert_int_eq(db_find_key(db, "key-llvm", &meta), 0);
	ck_assert_int_eq(meta.id, llvm);
	ck_assert_str_eq(meta.profile, "llvm-19");
	ck_assert_int_eq(db_find_key(db, "key-gcc", &meta), 0);
	ck_assert_int_eq(meta.id, gcc);
	ck_assert_str_eq(meta.profile, "gcc-12");
	ck_assert_str_eq(meta.key, "key-gcc");

	/* none: id 0, success, the rest untouched */
	meta.id = 99;
	ck_assert_int_eq(db_find_key(db, "no-such-key", &meta), 0);
	ck_assert_int_eq(meta.id, 0);
	struct db_file *files = (struct db_file *)1;
	uint32_t nfiles = 7;
	ck_assert_int_eq(db_find_latest(db, "/src/linux", "x86", "gcc-12",
					&meta, &files, &nfiles), 0);
	ck_assert_int_eq(meta.id, 0);
	ck_assert_ptr_null(files);
	ck_assert_uint_eq(nfiles, 0);

	/* find_latest with arguments taken from the meta it replaces */
	ck_assert_int_eq(db_find_key(db, "key-llvm", &meta), 0);
	ck_assert_int_eq(db_find_latest(db, meta.tree, meta.arch,
					meta.profile, &meta, NULL, NULL), 0);
	ck_assert_int_eq(meta.id, llvm);
	ck_assert_str_eq(meta.key, "key-llvm");

	ck_assert_int_ne(db_scan_counts(db, 12345, &(struct model_counts){0}),
			 0);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "no scan 12345"));
	db_close(db);
	model_free(m);
	free(path);
}
END_TEST

START_TEST(test_replace)
{
	char *path = db_path("kdep.db");
	struct model *m = small_model(), *l = NULL;
	struct db *db = NULL;
	struct db_scan_meta meta;

	ck_assert_int_eq(db_open(&db, path), 0);
	int64_t old = store(db, m, "/src/linux", "gcc-12", "key-old");
	int64_t other = store(db, m, "/src/linux", "llvm-19", "key-other");
	int64_t other_tree = store(db, m, "/src/next", "gcc-12", "key-next");
	ck_assert_int_gt(rows_of_scan(path, old), 0);
	int64_t fresh = store(db, m, "/src/linux", "gcc-12", "key-new");
	ck_assert_int_gt(fresh, other_tree); /* ids are never reused */

	ck_assert_int_eq(db_find_latest(db, "/src/linux", "arm64", "gcc-12",
					&meta, NULL, NULL), 0);
	ck_assert_int_eq(meta.id, fresh);
	ck_assert_str_eq(meta.key, "key-new");
	ck_assert_int_eq(db_find_key(db, "key-old", &meta), 0);
	ck_assert_int_eq(meta.id, 0);
	ck_assert_int_ne(db_load_model(db, old, &l), 0);
	ck_assert_ptr_null(l);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "no scan"));

	/* the old scan's rows are gone, the other targets are intact */
	ck_assert_int_eq(rows_of_scan(path, old), 0);
	ck_assert_int_eq(orphan_rows(path), 0);
	ck_assert_int_eq(sql_int(path, "SELECT count(*) FROM scans"), 3);
	ck_assert_int_eq(rows_of_scan(path, other),
			 rows_of_scan(path, fresh));
	ck_assert_int_eq(db_load_model(db, other, &l), 0);
	assert_models_eq(m, l);
	model_free(l);
	db_close(db);
	model_free(m);
	free(path);
}
END_TEST

/* The shared tables of schema.sql ("shared rows"). */
static const char *const shared_tables[] = { "names", "exprs", "texts" };
#define NSHARED (sizeof(shared_tables) / sizeof(shared_tables[0]))

static int64_t shared_rows(const char *path)
{
	int64_t total = 0;
	for (size_t i = 0; i < NSHARED; i++) {
		char sql[100];
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s",
			 shared_tables[i]);
		total += sql_int(path, sql);
	}
	return total;
}

/* Copies every shared table t, rowids included, to before_t. */
static void shared_snapshot(const char *path)
{
	for (size_t i = 0; i < NSHARED; i++) {
		char sql[200];
		snprintf(sql, sizeof(sql), "DROP TABLE IF EXISTS before_%s;"
			 "CREATE TABLE before_%s AS SELECT rowid AS rid, *"
			 " FROM %s", shared_tables[i], shared_tables[i],
			 shared_tables[i]);
		ck_assert_int_eq(db_test_sql(path, sql, NULL), 0);
	}
}

/* Rows of the snapshot changed or gone since, in every shared table. */
static int64_t shared_changed(const char *path)
{
	int64_t total = 0;
	for (size_t i = 0; i < NSHARED; i++) {
		char sql[200];
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM (SELECT * FROM"
			 " before_%s EXCEPT SELECT rowid, * FROM %s)",
			 shared_tables[i], shared_tables[i]);
		total += sql_int(path, sql);
	}
	return total;
}

/*
 * What scans have in common is stored once: a second profile of the same
 * tree adds only rows of its own, fewer than the first scan added; and
 * storing a scan again after a one-file edit that changes no line's text
 * (a blank line added at the top of a file: every line below moves) adds
 * no shared row and leaves every shared row as it was, rowid included.
 */
START_TEST(test_shared)
{
	char *path = db_path("kdep.db");
	struct model *m = small_model(), *l = NULL;
	struct db *db = NULL;

	ck_assert_int_eq(db_open(&db, path), 0);
	int64_t first = store(db, m, "/src/linux", "gcc-12", "key-gcc");
	int64_t shared = shared_rows(path);
	int64_t first_added = shared + rows_of_scan(path, first);
	ck_assert_int_gt(shared, 0);
	shared_snapshot(path);

	int64_t second = store(db, m, "/src/linux", "llvm-19", "key-llvm");
	ck_assert_int_eq(shared_rows(path), shared);
	ck_assert_int_eq(shared_changed(path), 0);
	ck_assert_int_lt(rows_of_scan(path, second), first_added);

	/* the edit: file 1 gets a line at the top */
	uint32_t moved = 0;
	for (uint32_t i = 0; i < m->nnodes; i++) {
		struct node *n = &m->nodes[i];
		moved += n->loc.file == 1;
		n->loc.line += n->loc.file == 1;
		for (uint32_t j = 0; j < n->nprops; j++)
			n->props[j].loc.line += n->props[j].loc.file == 1;
	}
	for (uint32_t i = 0; i < m->nedges; i++)
		m->edges[i].loc.line += m->edges[i].loc.file == 1;
	ck_assert_uint_gt(moved, 0);
	int64_t again = store(db, m, "/src/linux", "gcc-12", "key-edited");
	ck_assert_int_eq(rows_of_scan(path, first), 0);
	ck_assert_int_eq(shared_rows(path), shared);
	ck_assert_int_eq(shared_changed(path), 0);
	assert_loads(db, again, m);
	ck_assert_int_eq(db_load_model(db, second, &l), 0);
	model_free(l);
	db_close(db);
	model_free(m);
	free(path);
}
END_TEST

/* Shared texts no scan names. */
static int64_t orphan_texts(const char *path)
{
	return sql_int(path, "SELECT count(*) FROM texts WHERE id NOT IN"
		       " (SELECT title FROM scan_nodes WHERE title NOT NULL"
		       " UNION SELECT help FROM scan_nodes WHERE help NOT NULL"
		       " UNION SELECT text FROM scan_props WHERE text NOT NULL)");
}

/*
 * A scan stored again after an edit leaves the texts only the old scan
 * named; they go once as many scans were deleted as there are, and at
 * least 8, with the new scan's rows (what it names again) kept as they
 * were.
 */
START_TEST(test_collect)
{
	char *path = db_path("kdep.db");
	struct model *m = small_model();
	struct db *db = NULL;
	char help[32];

	ck_assert_int_eq(db_open(&db, path), 0);
	store(db, m, "/src/linux", "gcc-12", "key-0");
	shared_snapshot(path);
	for (int k = 1; k <= 8; k++) {
		snprintf(help, sizeof(help), "help, version %d", k);
		m->nodes[1].help = model_strdup(m, help);
		int64_t id = store(db, m, "/src/linux", "gcc-12", help);
		/* the first text of node 1 went at the first edit */
		ck_assert_int_eq(orphan_texts(path), (k < 8 ? k : 0));
		ck_assert_int_eq(shared_changed(path), (k < 8 ? 0 : 1));
		assert_loads(db, id, m);
	}
	db_close(db);
	model_free(m);
	free(path);
}
END_TEST

START_TEST(test_rollback)
{
	char *path = db_path("kdep.db");
	struct model *m = small_model(), *l = NULL;
	struct db *db = NULL;
	struct db_scan_meta meta;

	ck_assert_int_eq(db_open(&db, path), 0);
	int64_t old = store(db, m, "/src/linux", "gcc-12", "key-old");
	int64_t rows = rows_of_scan(path, old);

	/* a replacement that fails halfway */
	db_test_fail_midway(db, 1);
	meta = meta_of("/src/linux", "gcc-12", "key-new");
	ck_assert_int_ne(db_store_scan(db, &meta, small_files, NSMALL_FILES,
				       m), 0);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "cannot store scan"));
	ck_assert_int_eq(meta.id, 0);

	/* the earlier scan is whole, nothing of the new one is visible */
	ck_assert_int_eq(sql_int(path, "SELECT count(*) FROM scans"), 1);
	ck_assert_int_eq(rows_of_scan(path, old), rows);
	ck_assert_int_eq(orphan_rows(path), 0);
	ck_assert_int_eq(db_find_key(db, "key-new", &meta), 0);
	ck_assert_int_eq(meta.id, 0);
	ck_assert_int_eq(db_find_latest(db, "/src/linux", "arm64", "gcc-12",
					&meta, NULL, NULL), 0);
	ck_assert_int_eq(meta.id, old);
	ck_assert_int_eq(db_load_model(db, old, &l), 0);
	assert_models_eq(m, l);
	model_free(l);

	/* a new target failing halfway leaves no scan either */
	db_test_fail_midway(db, 1);
	meta = meta_of("/src/other", "gcc-12", "key-other");
	ck_assert_int_ne(db_store_scan(db, &meta, small_files, NSMALL_FILES,
				       m), 0);
	ck_assert_int_eq(sql_int(path, "SELECT count(*) FROM scans"), 1);
	ck_assert_int_eq(orphan_rows(path), 0);

	/* the hook fires once: the next store goes through */
	int64_t fresh = store(db, m, "/src/linux", "gcc-12", "key-new");
	ck_assert_int_gt(fresh, old);
	ck_assert_int_eq(rows_of_scan(path, fresh), rows);
	ck_assert_int_eq(rows_of_scan(path, old), 0);
	db_close(db);
	model_free(m);
	free(path);
}
END_TEST

START_TEST(test_not_sqlite)
{
	char *dir = test_tmpdir();
	char path[4096], text[8192] = "";
	struct db *db = (struct db *)1;

	for (int i = 0; i < 100; i++)
		strcat(text, "this is a text file, not a database\n");
	test_write(dir, "notes.txt", text);
	snprintf(path, sizeof(path), "%s/notes.txt", dir);
	ck_assert_int_ne(db_open(&db, path), 0);
	ck_assert_ptr_null(db);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), path));
	ck_assert_ptr_nonnull(strstr(kdep_error_last(),
				     "is not a kdep database"));

	/* the file is left as it was, and no journal is made beside it */
	FILE *f = fopen(path, "r");
	char back[8192];
	size_t n = fread(back, 1, sizeof(back) - 1, f);
	fclose(f);
	back[n] = '\0';
	ck_assert_str_eq(back, text);
	snprintf(path, sizeof(path), "%s/notes.txt-wal", dir);
	ck_assert_ptr_null(fopen(path, "r"));

	/* a short one too */
	test_write(dir, "short", "hello\n");
	snprintf(path, sizeof(path), "%s/short", dir);
	ck_assert_int_ne(db_open(&db, path), 0);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(),
				     "is not a kdep database"));
	free(dir);
}
END_TEST

START_TEST(test_foreign_sqlite)
{
	char *path = db_path("other.db");
	struct db *db = (struct db *)1;

	ck_assert_int_eq(db_test_sql(path, "CREATE TABLE notes (x TEXT);"
				     "INSERT INTO notes VALUES ('keep me');",
				     NULL), 0);
	ck_assert_int_ne(db_open(&db, path), 0);
	ck_assert_ptr_null(db);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), path));
	ck_assert_ptr_nonnull(strstr(kdep_error_last(),
				     "is not a kdep database"));
	/* nothing was added to it */
	ck_assert_int_eq(sql_int(path, "SELECT count(*) FROM sqlite_master"),
			 1);
	ck_assert_int_eq(sql_int(path, "SELECT count(*) FROM notes"), 1);

	/* a foreign table called kdep_meta is no marker either */
	char *path2 = db_path("other2.db");
	ck_assert_int_eq(db_test_sql(path2, "CREATE TABLE kdep_meta (key, "
				     "value); INSERT INTO kdep_meta VALUES "
				     "('application', 'other');", NULL), 0);
	ck_assert_int_ne(db_open(&db, path2), 0);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(),
				     "is not a kdep database"));
	free(path);
	free(path2);
}
END_TEST

/* The exprs.id of the expression of property 1 of node 1. */
#define PROP_1_1 "(SELECT expr FROM scan_props WHERE node = 1 AND seq = 1)"

/* A database whose user_version is version is refused, saying want. */
static void version_refused(int version, const char *want)
{
	char *path = db_path("kdep.db");
	char sql[64];
	struct db *db = NULL;

	ck_assert_int_eq(db_open(&db, path), 0);
	db_close(db);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
	ck_assert_int_eq(db_test_sql(path, sql, NULL), 0);
	db = (struct db *)1;
	kdep_error_clear();
	ck_assert_int_ne(db_open(&db, path), 0);
	ck_assert_ptr_null(db);
	ck_assert_msg(strstr(kdep_error_last(), want), "%s",
		      kdep_error_last());
	free(path);
}

START_TEST(test_newer_version)
{
	version_refused(6, "was written by a newer kdep");
}
END_TEST

/* A database of schema 1 (64-bit hashes of kdep's own) is refused with
 * what to do: its keys cannot become blob ids. */
START_TEST(test_older_version)
{
	version_refused(1, "was written by an older kdep (schema version 1, "
			"this kdep reads 5); it holds only scans kdep can make "
			"again: remove it");
	/* schema 2: trees over each scan's own symbol numbers */
	version_refused(2, "was written by an older kdep (schema version 2, "
			"this kdep reads 5); it holds only scans kdep can make "
			"again: remove it");
	version_refused(3, "was written by an older kdep (schema version 3, "
			"this kdep reads 5); it holds only scans kdep can make "
			"again: remove it");
	/* schema 4: no graph blobs */
	version_refused(4, "was written by an older kdep (schema version 4, "
			"this kdep reads 5); it holds only scans kdep can make "
			"again: remove it");
}
END_TEST

START_TEST(test_empty_file)
{
	char *dir = test_tmpdir();
	char path[4096];
	struct db *db = NULL;

	test_write(dir, "empty.db", "");
	snprintf(path, sizeof(path), "%s/empty.db", dir);
	ck_assert_msg(db_open(&db, path) == 0, "%s", kdep_error_last());
	db_close(db);
	ck_assert_int_eq(sql_int(path, "SELECT count(*) FROM kdep_meta WHERE"
				 " key = 'application' AND value = 'kdep'"),
			 1);
	ck_assert_int_eq(sql_int(path, "PRAGMA user_version"), 5);
	/* and it opens again as a kdep database */
	ck_assert_int_eq(db_open(&db, path), 0);
	db_close(db);
	free(dir);
}
END_TEST

START_TEST(test_corrupt_rows)
{
	char *path = db_path("kdep.db");
	struct model *m = small_model(), *l = NULL;
	struct db *db = NULL;

	ck_assert_int_eq(db_open(&db, path), 0);
	int64_t id = store(db, m, "/src/linux", "gcc-12", "key");

	/* a tree naming a symbol the scan does not have */
	ck_assert_int_eq(db_test_sql(path, "UPDATE exprs SET tree ="
				     " '& s8 s999' WHERE id = " PROP_1_1,
				     NULL), 0);
	ck_assert_int_ne(db_load_model(db, id, &l), 0);
	ck_assert_ptr_null(l);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "corrupt"));

	/* a binary operator with one operand */
	ck_assert_int_eq(db_test_sql(path, "UPDATE exprs SET tree ="
				     " '& s8' WHERE id = " PROP_1_1,
				     NULL), 0);
	ck_assert_int_ne(db_load_model(db, id, &l), 0);

	/* repaired, it loads again */
	ck_assert_int_eq(db_test_sql(path, "UPDATE exprs SET tree ="
				     " '& s8 | s13 ! s14' WHERE id = " PROP_1_1,
				     NULL), 0);
	ck_assert_int_eq(db_load_model(db, id, &l), 0);
	assert_models_eq(m, l);
	model_free(l);

	/* an expression far from the others (read through the sorted
	 * path, not the array by id) loads the same */
	ck_assert_int_eq(db_test_sql(path, "CREATE TEMP TABLE o AS SELECT"
				     " expr FROM scan_props WHERE node = 1 AND"
				     " seq = 1; UPDATE exprs SET id = 1000000000"
				     " WHERE id = (SELECT expr FROM o);"
				     " UPDATE scan_props SET expr = 1000000000"
				     " WHERE expr = (SELECT expr FROM o)",
				     NULL), 0);
	assert_loads(db, id, m);
	/* and one missing there is refused */
	ck_assert_int_eq(db_test_sql(path, "UPDATE scan_props SET expr ="
				     " 2000000000 WHERE node = 1 AND seq = 1",
				     NULL), 0);
	ck_assert_int_ne(db_load_model(db, id, &l), 0);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "a property of node 1"
				     " has a bad place or expression tree"));
	ck_assert_int_eq(db_test_sql(path, "UPDATE scan_props SET expr ="
				     " 1000000000 WHERE node = 1 AND seq = 1",
				     NULL), 0);
	assert_loads(db, id, m);

	/* an edge fewer than the model makes */
	ck_assert_int_eq(db_test_sql(path, "UPDATE scans SET nedges ="
				     " nedges - 1", NULL), 0);
	ck_assert_int_ne(db_load_model(db, id, &l), 0);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "edge"));
	db_close(db);
	model_free(m);
	free(path);
}
END_TEST

/*
 * One way each of a stored scan's rows can be wrong, made with plain SQL
 * on the scan of small_model() (node and symbol numbers as built there):
 * db_load_model must refuse each with the message named, never hand the
 * rules a model they would loop on (a parent cycle), index out of (an id
 * out of range) or dereference NULL in (a default without a value).
 */
static const struct corruption {
	const char *sql;     /* run on the database after the store */
	const char *want;    /* in the error, after "corrupt " */
} corruptions[] = {
	/* sizes: allocated from, so they must match the rows */
	{ "UPDATE scans SET nsyms = 4000000000",
	  "scan sizes: 4000000000 symbols announced, 15 stored" },
	{ "UPDATE scans SET nedges = nedges + 1", "edge table" },
	{ "UPDATE scans SET nprops = 1048577",
	  "scan sizes: 1048577 props announced, 25 stored" },
	{ "UPDATE scans SET modules_sym = 15", "modules symbol" },
	/* ids: every table's ids are 0 .. n-1 */
	{ "UPDATE files SET id = 7 WHERE id = 2", "file table" },
	{ "UPDATE scan_symbols SET id = 99 WHERE id = 14", "symbol table" },
	{ "UPDATE scan_nodes SET id = 99 WHERE id = 12", "node table" },
	/* node parents: in range, a block, and no cycle */
	{ "UPDATE scan_nodes SET parent = 13 WHERE id = 3", "node table" },
	{ "UPDATE scan_nodes SET parent = 1 WHERE id = 3",
	  "node table: the parent of node 3 is no if, menu or choice" },
	{ "UPDATE scan_nodes SET parent = 0 WHERE id = 0",
	  "node table: node 0 is its own ancestor" },
	{ "UPDATE scan_nodes SET parent = 2 WHERE id = 0",  /* 0 -> 2 -> 0 */
	  "node table: node 0 is its own ancestor" },
	{ "UPDATE scan_nodes SET parent = 5 WHERE id = 2;"  /* 3 -> 2 -> 5 -> 0 */
	  "UPDATE scan_nodes SET parent = 3 WHERE id = 0",  /* -> 3, a config */
	  "the parent of node 0 is no if, menu or choice" },
	{ "UPDATE scan_nodes SET parent = 2 WHERE id = 5;"  /* 0 -> 5 -> 2 -> 0 */
	  "UPDATE scan_nodes SET parent = 5 WHERE id = 0",
	  "node table: node 0 is its own ancestor" },
	/* node symbols, files */
	{ "UPDATE scan_nodes SET sym = 15 WHERE id = 1", "node table" },
	{ "UPDATE scan_nodes SET sym = 11 WHERE id = 1", /* config names CH */
	  "node table: node 1 names no symbol of its kind" },
	{ "UPDATE scan_nodes SET sym = 6 WHERE id = 5",  /* choice names A */
	  "node table: node 5 names no symbol of its kind" },
	{ "UPDATE scan_nodes SET sym = 3 WHERE id = 11", /* config names "..." */
	  "node table: node 11 names no symbol of its kind" },
	{ "UPDATE scan_nodes SET sym = 6 WHERE id = 0",  /* menu names A */
	  "node table: node 0 names no symbol of its kind" },
	{ "UPDATE scan_nodes SET file = 3 WHERE id = 4", "node table" },
	/* choice membership */
	{ "UPDATE scan_symbols SET choice = 15 WHERE id = 12", "symbol table" },
	{ "UPDATE scan_symbols SET choice = 6 WHERE id = 12",
	  "symbol table: symbol 12 is a member of symbol 6, no choice" },
	{ "UPDATE scan_symbols SET choice = 11, flags = flags | 8 WHERE id = 11",
	  "symbol table: symbol 11 is a choice or constant in a choice" },
	{ "UPDATE scan_symbols SET flags = flags & ~8 WHERE id = 12",
	  "symbol table: symbol 12 names a choice but is not flagged" },
	{ "UPDATE scan_symbols SET flags = flags | 8 WHERE id = 6",
	  "symbol table: symbol 6 is flagged a choice member" },
	{ "UPDATE names SET name = 'x' WHERE id ="
	  " (SELECT name FROM scan_symbols WHERE id = 1)",
	  "symbols 0, 1 and 2 are not n, m and y" },
	/* names: each there, and one symbol each */
	{ "DELETE FROM names WHERE id ="
	  " (SELECT name FROM scan_symbols WHERE id = 6)", "symbol table" },
	{ "UPDATE scan_symbols SET name ="
	  " (SELECT name FROM scan_symbols WHERE id = 6) WHERE id = 7",
	  "symbol table: symbols 6 and 7 have one name" },
	/* expression trees: ids in range, well formed, comparisons of
	 * symbols; a tree is written out in full, so it cannot name itself */
	{ "UPDATE exprs SET tree = '& s8 s99' WHERE id = " PROP_1_1,
	  "property table: a property of node 1 has a bad place or "
	  "expression tree" },
	{ "UPDATE exprs SET tree = '& s8' WHERE id = " PROP_1_1,
	  "expression tree" },
	{ "UPDATE exprs SET tree = 's8 s9' WHERE id = " PROP_1_1,
	  "expression tree" },
	{ "UPDATE exprs SET tree = '~ s8' WHERE id = " PROP_1_1,
	  "expression tree" },
	{ "UPDATE exprs SET tree = 's' WHERE id = " PROP_1_1,
	  "expression tree" },
	{ "UPDATE exprs SET tree = 's99999999999999999999999' WHERE id = "
	  PROP_1_1, "expression tree" },
	{ "UPDATE exprs SET tree = '= & s8 s9 s3' WHERE id = " PROP_1_1,
	  "expression tree" },
	{ "UPDATE exprs SET tree = 'DEEP' WHERE id = " PROP_1_1,
	  "expression tree" },
	{ "UPDATE exprs SET tree = '! ' WHERE id ="
	  " (SELECT cond FROM scan_props WHERE node = 1 AND seq = 2)",
	  "expression tree" },
	/* shared rows named but missing */
	{ "DELETE FROM exprs WHERE id = " PROP_1_1,
	  "property table: a property of node 1 has a bad place or "
	  "expression tree" },
	{ "DELETE FROM texts WHERE id ="
	  " (SELECT text FROM scan_props WHERE node = 1 AND seq = 0)",
	  "property table: a property of node 1" },
	{ "DELETE FROM texts WHERE id IN (SELECT help FROM scan_nodes)",
	  "node table" },
	/* property shapes */
	{ "UPDATE scan_props SET expr = NULL WHERE node = 1 AND seq = 4",
	  "property table: a default of node 1 lacks an expression" },
	{ "UPDATE scan_props SET expr2 = NULL WHERE node = 3 AND seq = 1",
	  "property table: a range of node 3 lacks an expression" },
	{ "UPDATE scan_props SET expr = " PROP_1_1 " WHERE node = 1 AND"
	  " seq = 0", "property table: a prompt of node 1" },
	{ "UPDATE scan_props SET expr = " PROP_1_1 " WHERE node = 1 AND"
	  " seq = 2", "property table: a select of node 1" },
	{ "UPDATE scan_props SET cond = " PROP_1_1 " WHERE node = 2 AND"
	  " seq = 0", "property table: a depends of node 2" },
	{ "UPDATE scan_props SET node = 13 WHERE node = 12 AND seq = 1",
	  "property table" },
	{ "UPDATE scan_props SET kind = 7 WHERE node = 12 AND seq = 1",
	  "property table" },
	{ "UPDATE scan_props SET file = 3 WHERE node = 12 AND seq = 1",
	  "property table: a property of node 12 has a bad place" },
	/* edges: derived, as many as the scan says */
	{ "UPDATE scans SET nedges = nedges - 1",
	  "edge table: 32 edges announced, 33 derived" },
	/* warnings */
	{ "DELETE FROM warnings WHERE seq = 0", "warnings" },
};
#define NCORRUPTIONS (sizeof(corruptions) / sizeof(corruptions[0]))

/* A tree nested deeper than the loader follows: "! ! ... ! s7". */
static char *deep_tree(void)
{
	size_t depth = 10002;
	char *t = malloc(depth * 2 + 3);
	for (size_t i = 0; i < depth; i++)
		memcpy(t + 2 * i, "! ", 2);
	strcpy(t + 2 * depth, "s7");
	return t;
}

START_TEST(test_corruption)
{
	const struct corruption *c = &corruptions[_i];
	char *path = db_path("kdep.db");
	struct model *m = small_model(), *l = (struct model *)1;
	struct db *db = NULL;
	char *sql = NULL;

	ck_assert_int_eq(db_open(&db, path), 0);
	int64_t id = store(db, m, "/src/linux", "gcc-12", "key");
	const char *deep = strstr(c->sql, "'DEEP'");
	if (deep) {
		char *t = deep_tree();
		sql = malloc(strlen(c->sql) + strlen(t) + 1);
		sprintf(sql, "%.*s'%s'%s", (int)(deep - c->sql), c->sql, t,
			deep + strlen("'DEEP'"));
		free(t);
	}
	ck_assert_msg(db_test_sql(path, sql ? sql : c->sql, NULL) == 0,
		      "%s: %s", c->sql, kdep_error_last());
	ck_assert_msg(db_load_model(db, id, &l) != 0, "loaded after %s",
		      c->sql);
	ck_assert_ptr_null(l);
	ck_assert_msg(strstr(kdep_error_last(), "cannot load scan") &&
		      strstr(kdep_error_last(), c->want),
		      "after %s: '%s' lacks '%s'", c->sql, kdep_error_last(),
		      c->want);
	db_close(db);
	model_free(m);
	free(sql);
	free(path);
}
END_TEST

/* ---- read-only databases ------------------------------------------------ */

/*
 * The read-only tests change the process they run in (a mount namespace,
 * a user id), which is the test's own only in Check's fork mode, the
 * default; without it they would leave the runner read-only.
 */
static int nofork(void)
{
	const char *f = getenv("CK_FORK");
	if (f && !strcmp(f, "no")) {
		fprintf(stderr, "check_db: read-only tests need fork mode\n");
		return 1;
	}
	return 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	fputs(text, f);
	fclose(f);
}

/*
 * Makes dir a read-only file system for this process, as a read-only
 * mount would: a bind mount of dir over itself, remounted read-only, in a
 * mount namespace of its own (root writes through any mode bits, so this
 * is what really stops a write; others get a user namespace first).
 */
static void make_readonly_fs(const char *dir)
{
	if (geteuid() != 0) {
		char map[64];
		uid_t uid = geteuid();
		gid_t gid = getegid();
		ck_assert_msg(unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0,
			      "unshare: %s", strerror(errno));
		write_file("/proc/self/setgroups", "deny");
		snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
		write_file("/proc/self/uid_map", map);
		snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
		write_file("/proc/self/gid_map", map);
	} else {
		ck_assert_msg(unshare(CLONE_NEWNS) == 0, "unshare: %s",
			      strerror(errno));
	}
	ck_assert_msg(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0,
		      "mount: %s", strerror(errno));
	ck_assert_msg(mount(dir, dir, NULL, MS_BIND, NULL) == 0,
		      "bind %s: %s", dir, strerror(errno));
	ck_assert_msg(mount(NULL, dir, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY,
			    NULL) == 0, "remount %s: %s", dir,
		      strerror(errno));
	/* it really is: nothing can be made there, not even by root */
	ck_assert_int_ne(access(dir, W_OK), 0);
	ck_assert_int_eq(errno, EROFS);
}

/*
 * Makes path and its directory unwritable by mode bits: for root, whom
 * they do not stop, by becoming nobody first.
 */
static void make_readonly_perm(const char *dir, const char *path)
{
	ck_assert_int_eq(chmod(path, 0444), 0);
	ck_assert_int_eq(chmod(dir, 0555), 0);
	if (geteuid() == 0) {
		ck_assert_int_eq(setgroups(0, NULL), 0);
		ck_assert_int_eq(setgid(65534), 0);
		ck_assert_int_eq(setuid(65534), 0);
	}
	ck_assert_int_ne(access(path, W_OK), 0);
	ck_assert_int_eq(errno, EACCES);
	ck_assert_int_ne(access(dir, W_OK), 0);
}

/* How many entries dir has besides . and .. */
static int dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	ssize_t n;
	int in = open(from, O_RDONLY), out;
	ck_assert_msg(in >= 0, "%s: %s", from, strerror(errno));
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_msg(out >= 0, "%s: %s", to, strerror(errno));
	while ((n = read(in, buf, sizeof(buf))) > 0)
		ck_assert_int_eq(write(out, buf, (size_t)n), n);
	ck_assert_int_eq(n, 0);
	close(in);
	close(out);
}

/*
 * What a database that cannot be written still does: every lookup and
 * load, as on a writable one; a store fails, saying why; nothing is
 * written beside it. why is in the store's message.
 */
static void assert_reads_only(const char *dir, const char *path,
			      const struct model *m, int64_t id,
			      const char *why)
{
	struct db *db = NULL;
	struct db_scan_meta meta;
	struct model *l = NULL;
	struct model_counts c;
	char **w = NULL;
	uint32_t nw = 0;

	ck_assert_msg(db_open(&db, path) == 0, "%s", kdep_error_last());
	ck_assert_int_eq(db_find_latest(db, "/src/linux", "arm64", "gcc-12",
					&meta, NULL, NULL), 0);
	ck_assert_int_eq(meta.id, id);
	ck_assert_int_eq(db_find_key(db, "key", &meta), 0);
	ck_assert_int_eq(meta.id, id);
	ck_assert_int_eq(db_scan_counts(db, id, &c), 0);
	ck_assert_uint_eq(c.files, 3);
	ck_assert_int_eq(db_scan_warnings(db, id, &w, &nw), 0);
	ck_assert_uint_eq(nw, 2);
	db_strings_free(w, nw);
	ck_assert_msg(db_load_model(db, id, &l) == 0, "%s",
		      kdep_error_last());
	assert_models_eq(m, l);
	model_free(l);

	meta = meta_of("/src/linux", "llvm-19", "key-2");
	ck_assert_int_ne(db_store_scan(db, &meta, small_files, NSMALL_FILES,
				       m), 0);
	ck_assert_int_eq(meta.id, 0);
	ck_assert_msg(strstr(kdep_error_last(), "cannot store scan in") &&
		      strstr(kdep_error_last(), "the database is read-only") &&
		      strstr(kdep_error_last(), why), "%s",
		      kdep_error_last());
	db_close(db);
	ck_assert_int_eq(dir_entries(dir), 1); /* no -wal, no -shm */
}

/*
 * Stores m as the scan of key "key" in dir/kdep.db (its name in path) and
 * closes it, which leaves the database file alone in dir.
 */
static int64_t store_closed(const char *dir, char *path, size_t size,
			    const struct model *m)
{
	struct db *db = NULL;
	snprintf(path, size, "%s/kdep.db", dir);
	ck_assert_int_eq(db_open(&db, path), 0);
	int64_t id = store(db, m, "/src/linux", "gcc-12", "key");
	db_close(db);
	ck_assert_int_eq(dir_entries(dir), 1);
	return id;
}

/* A cached scan on a read-only file system, and one not yet stored. */
START_TEST(test_readonly_fs)
{
	char *dir = test_tmpdir(), path[4096];
	struct model *m = small_model();
	struct db *db = NULL;

	if (nofork())
		return;
	int64_t id = store_closed(dir, path, sizeof(path), m);
	make_readonly_fs(dir);
	assert_reads_only(dir, path, m, id, "Read-only file system");

	/* a database that is not there cannot be made */
	snprintf(path, sizeof(path), "%s/new.db", dir);
	db = (struct db *)1;
	ck_assert_int_ne(db_open(&db, path), 0);
	ck_assert_ptr_null(db);
	ck_assert_msg(strstr(kdep_error_last(), "cannot create database") &&
		      strstr(kdep_error_last(), "Read-only file system"),
		      "%s", kdep_error_last());

	/* nor in an empty file there */
	char *empty = test_tmpdir();
	test_write(empty, "kdep.db", "");
	make_readonly_fs(empty);
	snprintf(path, sizeof(path), "%s/kdep.db", empty);
	ck_assert_int_ne(db_open(&db, path), 0);
	ck_assert_msg(strstr(kdep_error_last(), "cannot create database") &&
		      strstr(kdep_error_last(), "it is read-only (Read-only "
			     "file system)"), "%s", kdep_error_last());
	model_free(m);
	free(empty);
	free(dir);
}
END_TEST

/* The same where mode bits, not the file system, forbid writing. */
START_TEST(test_readonly_perm)
{
	char *dir = test_tmpdir(), path[4096];
	struct model *m = small_model();

	if (nofork())
		return;
	int64_t id = store_closed(dir, path, sizeof(path), m);
	make_readonly_perm(dir, path);
	assert_reads_only(dir, path, m, id, "Permission denied");
	model_free(m);
	free(dir);
}
END_TEST

/*
 * A read-only copy of a database that a writer had open: committed scans
 * still in the write-ahead log are read through the -shm file when there
 * is one; without it they cannot be, and the open says so rather than
 * show the file without them.
 */
START_TEST(test_readonly_wal)
{
	char *src = test_tmpdir(), *with = test_tmpdir(), *without =
		test_tmpdir();
	char path[4096], from[4200], to[4200];
	struct model *m = small_model();
	struct db *db = NULL, *live = NULL;
	struct db_scan_meta meta;

	if (nofork())
		return;
	store_closed(src, path, sizeof(path), m);
	/* a second scan, committed to the log of a handle still open */
	ck_assert_int_eq(db_open(&live, path), 0);
	int64_t id = store(live, m, "/src/linux", "llvm-19", "key-2");
	static const char *const parts[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(from, sizeof(from), "%s%s", path, parts[i]);
		snprintf(to, sizeof(to), "%s/kdep.db%s", with, parts[i]);
		copy_file(from, to);
		snprintf(to, sizeof(to), "%s/kdep.db%s", without, parts[i]);
		if (i < 2)
			copy_file(from, to);
	}
	db_close(live);

	make_readonly_fs(with);
	make_readonly_fs(without);
	snprintf(path, sizeof(path), "%s/kdep.db", with);
	ck_assert_msg(db_open(&db, path) == 0, "%s", kdep_error_last());
	ck_assert_int_eq(db_find_latest(db, "/src/linux", "arm64", "llvm-19",
					&meta, NULL, NULL), 0);
	ck_assert_int_eq(meta.id, id);
	db_close(db);

	snprintf(path, sizeof(path), "%s/kdep.db", without);
	db = (struct db *)1;
	ck_assert_int_ne(db_open(&db, path), 0);
	ck_assert_ptr_null(db);
	ck_assert_msg(strstr(kdep_error_last(), "write-ahead log") &&
		      strstr(kdep_error_last(), "Read-only file system"), "%s",
		      kdep_error_last());
	model_free(m);
	free(src);
	free(with);
	free(without);
}
END_TEST

Suite *db_suite(void)
{
	Suite *s = suite_create("db");
	TCase *tc = tcase_create("db");
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_find_key);
	tcase_add_test(tc, test_load_graph);
	tcase_add_test(tc, test_graph_roundtrip);
	tcase_add_test(tc, test_graph_probes);
	tcase_add_test(tc, test_graph_corrupt);
	tcase_add_test(tc, test_graph_corrupt_db);
	tcase_add_test(tc, test_replace);
	tcase_add_test(tc, test_shared);
	tcase_add_test(tc, test_collect);
	tcase_add_test(tc, test_rollback);
	tcase_add_test(tc, test_not_sqlite);
	tcase_add_test(tc, test_foreign_sqlite);
	tcase_add_test(tc, test_newer_version);
	tcase_add_test(tc, test_older_version);
	tcase_add_test(tc, test_empty_file);
	tcase_add_test(tc, test_corrupt_rows);
	tcase_add_loop_test(tc, test_corruption, 0, (int)NCORRUPTIONS);
	tcase_add_test(tc, test_readonly_fs);
	tcase_add_test(tc, test_readonly_perm);
	tcase_add_test(tc, test_readonly_wal);
	suite_add_tcase(s, tc);
	return s;
}
