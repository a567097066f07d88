/*
 * fuzz_db.c - the database loader on crafted rows: a scan that kdep stored
 * (the template, $KDEP_FUZZ_DB, made by `make fuzz-check` with kdep itself)
 * is copied, then the input rewrites values in its rows, and
 * db_load_model() and db_load_graph() must each either refuse it with the
 * error set or give a model whose references all lead somewhere (parents,
 * symbols, files, edges): never crash, never loop.
 *
 * The input is read as edits of 6 bytes each:
 *   byte 0   which column (an index into columns[] below)
 *   byte 1   which row of its table (the nth, from 0)
 *   bytes 2-5 the new value, a signed 32-bit integer; for a text column
 *            (expression trees), bytes 2-5 choose one of a few tree texts
 *            and a names.id.
 */
#include "db.h"
#include "error.h"
#include "model.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The integer columns whose values the loader must not trust. */
static const struct {
	const char *table;  /* its table */
	const char *column; /* the column */
	int text;           /* a prefix-tree text, not a number */
} columns[] = {
	{ "scan_symbols", "id", 0 },    { "scan_symbols", "type", 0 },
	{ "scan_symbols", "flags", 0 }, { "scan_symbols", "choice", 0 },
	{ "scan_symbols", "name", 0 },  { "scan_nodes", "id", 0 },
	{ "scan_nodes", "kind", 0 },    { "scan_nodes", "sym", 0 },
	{ "scan_nodes", "parent", 0 },  { "scan_nodes", "file", 0 },
	{ "scan_nodes", "line", 0 },    { "scan_props", "node", 0 },
	{ "scan_props", "seq", 0 },     { "scan_props", "kind", 0 },
	{ "scan_props", "file", 0 },    { "scan_props", "expr", 0 },
	{ "scan_props", "cond", 0 },    { "exprs", "tree", 1 },
	{ "exprs", "id", 0 },           { "names", "id", 0 },
	{ "files", "id", 0 },           { "scans", "files", 0 },
	{ "scans", "defined", 0 },      { "scans", "nedges", 0 },
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

static char *template;    /* the stored scan's bytes */
static size_t template_len;
static char work[64];     /* the copy each input edits */

static void setup(void)
{
	const char *path = getenv("KDEP_FUZZ_DB");
	FILE *f = path ? fopen(path, "rb") : NULL;
	char dir[] = "/tmp/kdep-fuzz-db.XXXXXX";
	if (!f) {
		fprintf(stderr, "fuzz_db: KDEP_FUZZ_DB names no database\n");
		abort();
	}
	fseek(f, 0, SEEK_END);
	template_len = (size_t)ftell(f);
	rewind(f);
	if (!(template = malloc(template_len)) ||
	    fread(template, 1, template_len, f) != template_len)
		abort();
	fclose(f);
	if (!mkdtemp(dir))
		abort();
	snprintf(work, sizeof(work), "%s/kdep.db", dir);
}

/* The copy, fresh, with no journal beside it. */
static void fresh_copy(void)
{
	char side[96];
	FILE *f = fopen(work, "wb");
	if (!f || fwrite(template, 1, template_len, f) != template_len ||
	    fclose(f))
		abort();
	snprintf(side, sizeof(side), "%s-wal", work);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", work);
	unlink(side);
}

/* A text for exprs.tree: well formed or not, naming names.id id. */
static void tree_text(char *buf, size_t n, uint32_t v)
{
	static const char *const shapes[] = {
		"s%u", "!s%u", "&s%us%u", "|s%u", "=s%us", "", "&&&&s%u",
		"!!!!!!!!!!!!!!!!s%u", "<s%us%u", "s-%u",
	};
	unsigned id = v >> 4;
	snprintf(buf, n, shapes[v % (sizeof(shapes) / sizeof(*shapes))], id,
		 id + 1);
}

/* Every reference of a loaded model leads somewhere. */
static void check_model(const struct model *m)
{
	for (uint32_t i = 0; i < m->nnodes; i++) {
		const struct node *nd = &m->nodes[i];
		if (nd->parent != MODEL_NONE && nd->parent >= m->nnodes)
			abort();
		if (nd->loc.file >= m->nfiles)
			abort();
		if (nd->sym != MODEL_NONE && nd->sym >= m->nsyms)
			abort();
		/* no parent chain longer than the nodes: no cycle */
		uint32_t hops = 0;
		for (uint32_t p = nd->parent; p != MODEL_NONE;
		     p = m->nodes[p].parent)
			if (++hops > m->nnodes)
				abort();
	}
	for (uint32_t i = 0; i < m->nedges; i++)
		if (m->edges[i].from >= m->nsyms || m->edges[i].to >= m->nsyms ||
		    m->edges[i].loc.file >= m->nfiles)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct db *db = NULL;
	struct model *m = NULL;
	char sql[512], text[64];

	if (!template)
		setup();
	fresh_copy();
	for (size_t at = 0; at + 6 <= size && at < 6 * 16; at += 6) {
		unsigned c = data[at] % NCOLUMNS, row = data[at + 1];
		int32_t v = (int32_t)((uint32_t)data[at + 2] |
				      (uint32_t)data[at + 3] << 8 |
				      (uint32_t)data[at + 4] << 16 |
				      (uint32_t)data[at + 5] << 24);
		if (columns[c].text) {
			tree_text(text, sizeof(text), (uint32_t)v);
			snprintf(sql, sizeof(sql),
				 "UPDATE %s SET %s = '%s' WHERE rowid = (SELECT "
				 "rowid FROM %s LIMIT 1 OFFSET %u)",
				 columns[c].table, columns[c].column, text,
				 columns[c].table, row);
		} else {
			snprintf(sql, sizeof(sql),
				 "UPDATE %s SET %s = %d WHERE rowid = (SELECT "
				 "rowid FROM %s LIMIT 1 OFFSET %u)",
				 columns[c].table, columns[c].column, (int)v,
				 columns[c].table, row);
		}
		/* an edit the schema refuses (a unique key) is no input */
		db_test_sql(work, sql, NULL);
	}
	kdep_error_clear();
	if (db_open(&db, work))
		return 0;
	if (db_load_model(db, 1, &m)) {
		if (!strcmp(kdep_error_last(), "unknown error"))
			abort(); /* refused, but without saying why */
	} else {
		check_model(m);
		model_free(m);
		m = NULL;
	}
	/* the graph blob, against the scan row the edits changed */
	if (db_load_graph(db, 1, &m)) {
		if (!strcmp(kdep_error_last(), "unknown error"))
			abort();
	} else {
		check_model(m);
		model_free(m);
	}
	db_close(db);
	return 0;
}
