/*
 * db.c - kdep's SQLite store (see db.h and schema.sql). The only file that
 * includes sqlite3.h: SQLite errors become kdep_error_set() messages here.
 *
 * Size matters: what many scans have in common (symbol names, expressions,
 * texts) is stored once, in rows a store only ever adds (store_shared), so
 * another arch or profile of a tree costs a fraction of the first.
 *
 * Speed matters: a kernel-sized scan is ~100k rows. The whole store is one
 * transaction; every statement is prepared once per handle and reused;
 * each shared row is looked up once per store (struct imap); rows go in
 * DB_BATCH at a time through multi-row inserts, bound straight from the
 * model's arena (SQLITE_STATIC) or from arrays of ids made before.
 */
#include "db.h"
#include "alloc.h"
#include "error.h"
#include "graph.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <time.h>

/* The user_version schema.sql sets; bump both together. */
#define DB_SCHEMA_VERSION 5

/* How long a statement waits for another process's lock. */
#define DB_BUSY_MS 5000

/* Scans deleted before the shared rows they alone named are collected. */
#define DB_GARBAGE_MIN 8

/* Deepest expression tree db_load_model accepts (guards the recursion). */
#define DB_EXPR_DEPTH 10000

/*
 * Rows per table db_load_model allocates for on the scan row's word alone
 * (the rows read must then match): ~13 times a kernel's largest table, its
 * ~77k edges. A scan announcing more is counted first, so that a corrupt
 * size costs a count, not gigabytes.
 */
#define DB_TRUSTED_ROWS (1u << 20)

static const char schema_sql[] =
#include "schema.inc"
	;

/* ---- statements ---------------------------------------------------------- */

enum st {
	ST_BEGIN,
	ST_BEGIN_READ,
	ST_COMMIT,
	ST_ROLLBACK,
	/* db_store_scan: older scans of the same target go first */
	ST_OLD_SCANS,
	ST_DEL_SCAN_FILES,
	ST_DEL_FILES,
	ST_DEL_WARNINGS,
	ST_DEL_SYMBOLS,
	ST_DEL_NODES,
	ST_DEL_PROPS,
	ST_DEL_EDGE_COUNTS,
	ST_DEL_GRAPH,
	ST_DEL_SCANS,
	ST_INS_SCAN,       /* the other tables are filled by bulk inserts */
	ST_INS_GRAPH,      /* but the graph, one blob */
	/* shared rows: found, or added (intern) */
	ST_NAME_GET,
	ST_NAME_PUT,
	ST_EXPR_GET,
	ST_EXPR_PUT,
	ST_TEXT_GET,
	ST_TEXT_PUT,
	/* collecting shared rows no scan names */
	ST_GARBAGE_GET,
	ST_GARBAGE_PUT,
	ST_COLLECT_NAMES,
	ST_COLLECT_EXPRS,
	ST_COLLECT_TEXTS,
	/* lookups */
	ST_FIND_LATEST,
	ST_FIND_OTHER,
	ST_FIND_KEY,
	ST_SCAN_FILES,
	ST_SCAN_COUNTS,
	ST_EDGE_COUNTS,
	ST_WARNINGS,
	/* db_load_model */
	ST_LOAD_SCAN,
	ST_LOAD_COUNTS,
	ST_LOAD_FILES,
	ST_LOAD_SYMBOLS,
	ST_LOAD_NODES,
	ST_LOAD_EXPRS,
	ST_LOAD_PROPS,
	/* db_load_graph */
	ST_LOAD_GRAPH,
	/* db_refresh_stat */
	ST_REFRESH_FILE,
	ST_REFRESH_SCAN,
	/* what is kept by content: proofs of fixes, answers */
	ST_KEPT_GET,
	ST_KEPT_PUT,
	ST_COUNT
};

/*
 * The rows of scan ?1 in table t. A plain "scan = ?" (no subquery) lets
 * SQLite delete in one pass over the scan's key range instead of first
 * collecting the keys and then seeking each one again.
 */
#define DEL_SCAN(t) "DELETE FROM " t " WHERE scan = ?1"

/* The columns of a scan that struct db_scan_meta holds, in its order. */
#define META_COLS                                                          \
	"id, tree, arch, profile, key, version, seconds, unknown_probes, "   \
	"created, fingerprint"

static const char *const st_sql[ST_COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_BEGIN_READ] = "BEGIN",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_OLD_SCANS] = "SELECT id FROM scans"
			 " WHERE tree = ?1 AND arch = ?2 AND profile = ?3",
	[ST_DEL_SCAN_FILES] = DEL_SCAN("scan_files"),
	[ST_DEL_FILES] = DEL_SCAN("files"),
	[ST_DEL_WARNINGS] = DEL_SCAN("warnings"),
	[ST_DEL_SYMBOLS] = DEL_SCAN("scan_symbols"),
	[ST_DEL_NODES] = DEL_SCAN("scan_nodes"),
	[ST_DEL_PROPS] = DEL_SCAN("scan_props"),
	[ST_DEL_EDGE_COUNTS] = DEL_SCAN("edge_counts"),
	[ST_DEL_GRAPH] = DEL_SCAN("scan_graphs"),
	[ST_DEL_SCANS] = "DELETE FROM scans WHERE id = ?1",
	[ST_INS_SCAN] =
		"INSERT INTO scans (tree, arch, profile, key, version, seconds,"
		" unknown_probes, created, files, defined, undefined, choices,"
		" nsyms, nnodes, nprops, nedges, nwarnings, modules_sym,"
		" fingerprint)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
		" ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
	[ST_INS_GRAPH] = "INSERT INTO scan_graphs (scan, data) VALUES (?1, ?2)",
	[ST_NAME_GET] = "SELECT id FROM names"
			" WHERE name = ?1 AND const = ?2 AND rank = ?3",
	[ST_NAME_PUT] = "INSERT INTO names (name, const, rank)"
			" VALUES (?1, ?2, ?3)",
	[ST_EXPR_GET] = "SELECT id FROM exprs WHERE tree = ?1",
	[ST_EXPR_PUT] = "INSERT INTO exprs (tree, text) VALUES (?1, ?2)",
	[ST_TEXT_GET] = "SELECT id FROM texts WHERE hash = ?1 AND text = ?2",
	[ST_TEXT_PUT] = "INSERT INTO texts (hash, text) VALUES (?1, ?2)",
	/* scans deleted since the last collection, and the scans there are */
	[ST_GARBAGE_GET] = "SELECT (SELECT CAST(value AS INTEGER) FROM kdep_meta"
			   " WHERE key = 'garbage'), (SELECT count(*) FROM scans)",
	[ST_GARBAGE_PUT] = "INSERT OR REPLACE INTO kdep_meta (key, value)"
			   " VALUES ('garbage', ?1)",
	[ST_COLLECT_NAMES] = "DELETE FROM names WHERE id NOT IN"
			     " (SELECT name FROM scan_symbols)",
	[ST_COLLECT_EXPRS] = "DELETE FROM exprs WHERE id NOT IN"
			     " (SELECT expr FROM scan_props WHERE expr NOT NULL"
			     " UNION SELECT expr2 FROM scan_props"
			     " WHERE expr2 NOT NULL"
			     " UNION SELECT cond FROM scan_props"
			     " WHERE cond NOT NULL)",
	[ST_COLLECT_TEXTS] = "DELETE FROM texts WHERE id NOT IN"
			     " (SELECT title FROM scan_nodes WHERE title NOT NULL"
			     " UNION SELECT help FROM scan_nodes"
			     " WHERE help NOT NULL"
			     " UNION SELECT text FROM scan_props"
			     " WHERE text NOT NULL)",
	[ST_FIND_LATEST] = "SELECT " META_COLS " FROM scans"
			   " WHERE tree = ?1 AND arch = ?2 AND profile = ?3"
			   " ORDER BY id DESC LIMIT 1",
	[ST_FIND_OTHER] = "SELECT " META_COLS " FROM scans"
			  " WHERE tree != ?1 AND arch = ?2 AND profile = ?3"
			  " ORDER BY id DESC LIMIT 1",
	[ST_FIND_KEY] = "SELECT " META_COLS " FROM scans WHERE key = ?1"
			" ORDER BY id DESC LIMIT 1",
	[ST_SCAN_FILES] = "SELECT path, id, size, mtime, ino FROM scan_files"
			  " WHERE scan = ?1 ORDER BY seq",
	[ST_SCAN_COUNTS] = "SELECT files, defined, undefined, choices"
			   " FROM scans WHERE id = ?1",
	[ST_EDGE_COUNTS] = "SELECT kind, count FROM edge_counts"
			   " WHERE scan = ?1",
	[ST_WARNINGS] = "SELECT text FROM warnings WHERE scan = ?1"
			" ORDER BY seq",
	[ST_LOAD_SCAN] = "SELECT files, nsyms, nnodes, nprops, nedges,"
			 " nwarnings, modules_sym FROM scans WHERE id = ?1",
	/* the rows there are, in the order of ST_LOAD_SCAN's sizes; edges
	 * are derived, and their number checked once they are */
	[ST_LOAD_COUNTS] = "SELECT"
			   " (SELECT count(*) FROM files WHERE scan = ?1),"
			   " (SELECT count(*) FROM scan_symbols WHERE scan = ?1),"
			   " (SELECT count(*) FROM scan_nodes WHERE scan = ?1),"
			   " (SELECT count(*) FROM scan_props WHERE scan = ?1),"
			   " (SELECT nedges FROM scans WHERE id = ?1),"
			   " (SELECT count(*) FROM warnings WHERE scan = ?1)",
	[ST_LOAD_FILES] = "SELECT id, path FROM files WHERE scan = ?1"
			  " ORDER BY id",
	/* a symbol whose name row is missing comes with a NULL name */
	[ST_LOAD_SYMBOLS] = "SELECT s.id, n.name, s.type, s.flags, s.choice,"
			    " s.name FROM scan_symbols s"
			    " LEFT JOIN names n ON n.id = s.name"
			    " WHERE s.scan = ?1 ORDER BY s.id",
	[ST_LOAD_NODES] = "SELECT d.id, d.kind, d.menuconfig, d.sym, d.parent,"
			  " d.file, d.line, t.text, h.text, d.title, d.help"
			  " FROM scan_nodes d"
			  " LEFT JOIN texts t ON t.id = d.title"
			  " LEFT JOIN texts h ON h.id = d.help"
			  " WHERE d.scan = ?1 ORDER BY d.id",
	/* each expression the scan's properties name, once */
	[ST_LOAD_EXPRS] = "SELECT tree FROM exprs WHERE id = ?1",
	[ST_LOAD_PROPS] = "SELECT p.node, p.kind, p.file, p.line, p.expr,"
			  " p.expr2, p.cond, t.text, p.text FROM scan_props p"
			  " LEFT JOIN texts t ON t.id = p.text"
			  " WHERE p.scan = ?1 ORDER BY p.node, p.seq",
	/* the scan row is there with no graph: a corrupt scan */
	[ST_LOAD_GRAPH] = "SELECT g.data, s.nsyms, s.nedges FROM scans s"
			  " LEFT JOIN scan_graphs g ON g.scan = s.id"
			  " WHERE s.id = ?1",
	[ST_REFRESH_FILE] = "UPDATE scan_files SET mtime = ?3, ino = ?4"
			    " WHERE scan = ?1 AND seq = ?2",
	[ST_REFRESH_SCAN] = "UPDATE scans SET created = ?2 WHERE id = ?1",
	[ST_KEPT_GET] = "SELECT value FROM kdep_meta WHERE key = ?1 || ':' || ?2",
	[ST_KEPT_PUT] = "INSERT OR REPLACE INTO kdep_meta (key, value)"
			" VALUES (?1 || ':' || ?2, ?3)",
};

/* Tables filled by multi-row inserts (see bulk_def). */
enum bulk {
	BK_SCAN_FILES,
	BK_FILES,
	BK_WARNINGS,
	BK_SYMBOLS,
	BK_NODES,
	BK_PROPS,
	BK_EDGE_COUNTS,
	BK_COUNT
};

/* Rows per multi-row insert. */
#define DB_BATCH 64

/* ---- the handle ---------------------------------------------------------- */

/* A growable byte buffer, reused from row to row. */
struct buf {
	char *p;      /* the bytes; NULL until first grown */
	size_t len;   /* bytes in use */
	size_t cap;   /* bytes allocated */
};

struct db {
	sqlite3 *h;                   /* the connection */
	char *path;                   /* the file, for messages */
	sqlite3_stmt *st[ST_COUNT];   /* prepared on first use, by st_get() */
	sqlite3_stmt *bulk[BK_COUNT][2]; /* inserts of 1 and DB_BATCH rows,
					  * prepared on first use */
	int readonly;                 /* the file cannot be written: the
				       * handle reads, stores are refused */
	char readonly_why[96];        /* why, as strerror() says it */
	int fail_midway;              /* test hook: fail the next store */
	unsigned pause_midway;        /* test hook: seconds to stall a store */
	char *meta_strings;           /* strings of the last db_find_* meta */
};

/* Sets the error "<what> <path>: <sqlite message>" and returns -1. */
static int db_fail(struct db *db, const char *what)
{
	kdep_error_set("%s %s: %s", what, db->path, sqlite3_errmsg(db->h));
	return -1;
}

/* The statement id, prepared on first use; NULL (error set) on failure. */
static sqlite3_stmt *st_get(struct db *db, enum st id)
{
	assert(db && db->h); /* an open handle */
	assert(id < ST_COUNT);
	if (!db->st[id] &&
	    sqlite3_prepare_v3(db->h, st_sql[id], -1,
			       SQLITE_PREPARE_PERSISTENT, &db->st[id],
			       NULL) != SQLITE_OK) {
		db_fail(db, "cannot prepare a statement on");
		return NULL;
	}
	return db->st[id];
}

/* Runs a statement that returns no row, then resets it. */
static int st_run(struct db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		db_fail(db, what);
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

/*
 * Starts a read transaction, so that the queries of one lookup see one
 * snapshot even while another process stores a scan.
 */
static int read_begin(struct db *db)
{
	sqlite3_stmt *st = st_get(db, ST_BEGIN_READ);
	return st ? st_run(db, st, "cannot read") : -1;
}

/* Ends read_begin's transaction (a read: nothing to fail). */
static void read_end(struct db *db)
{
	sqlite3_stmt *st = st_get(db, ST_COMMIT);
	if (st && !sqlite3_get_autocommit(db->h)) {
		sqlite3_step(st);
		sqlite3_reset(st);
	}
}

/* Forgets a statement's bindings (they may point into a caller's model). */
static void st_release(sqlite3_stmt *st)
{
	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
}

static int64_t u64_to_i64(uint64_t v)
{
	int64_t r;
	memcpy(&r, &v, sizeof(r));
	return r;
}

static uint64_t i64_to_u64(int64_t v)
{
	uint64_t r;
	memcpy(&r, &v, sizeof(r));
	return r;
}

/* Binds the id of a shared row, or NULL for 0 (none). */
static int bind_ref(sqlite3_stmt *st, int col, int64_t id)
{
	if (!id)
		return sqlite3_bind_null(st, col);
	return sqlite3_bind_int64(st, col, id);
}

/* Binds an index, or NULL for MODEL_NONE. */
static int bind_index(sqlite3_stmt *st, int col, uint32_t v)
{
	if (v == MODEL_NONE)
		return sqlite3_bind_null(st, col);
	return sqlite3_bind_int64(st, col, v);
}

/* Binds a string that outlives the statement's next step, or NULL. */
static int bind_str(sqlite3_stmt *st, int col, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, col);
	return sqlite3_bind_text(st, col, s, -1, SQLITE_STATIC);
}

/* ---- open and close ------------------------------------------------------ */

/* mkdir -p of the directory part of path. */
static int make_parents(const char *path)
{
	char *dir = strdup(path);
	int ret = -1;
	if (!dir) {
		kdep_error_set("out of memory");
		goto done;
	}
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir) {
		ret = 0;
		goto done;
	}
	*slash = '\0';
	for (char *p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(dir, 0777) && errno != EEXIST) {
			kdep_error_set("cannot create directory %s: %s", dir,
				       strerror(errno));
			goto done;
		}
		*p = c;
		if (!c)
			break;
	}
	ret = 0;
done:
	free(dir);
	return ret;
}

/* Runs a one-value query; *v gets the first column of the first row. */
static int query_int(sqlite3 *h, const char *sql, int64_t *v)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	*v = 0;
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*v = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * Decides what the file is, reading only: empty (*empty = 1), a kdep
 * database of our schema (*empty = 0), or anything else (error).
 */
static int db_identify(struct db *db, int *empty)
{
	int64_t version, objects, marker = 0;
	int rc;

	*empty = 0;
	rc = query_int(db->h, "PRAGMA user_version", &version);
	if (rc == SQLITE_OK)
		rc = query_int(db->h, "SELECT count(*) FROM sqlite_master",
			       &objects);
	if (rc == SQLITE_NOTADB) {
		kdep_error_set("%s is not a kdep database: %s", db->path,
			       sqlite3_errstr(rc));
		return -1;
	}
	if (rc != SQLITE_OK)
		return db_fail(db, "cannot read database");
	if (!objects && !version) {
		*empty = 1;
		return 0;
	}
	rc = query_int(db->h,
		       "SELECT count(*) FROM sqlite_master"
		       " WHERE type = 'table' AND name = 'kdep_meta'",
		       &marker);
	if (rc == SQLITE_OK && marker) {
		rc = query_int(db->h,
			       "SELECT count(*) FROM kdep_meta"
			       " WHERE key = 'application' AND value = 'kdep'",
			       &marker);
		if (rc == SQLITE_ERROR) /* someone else's kdep_meta */
			rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK)
		return db_fail(db, "cannot read database");
	if (!marker) {
		kdep_error_set("%s is not a kdep database: it is an SQLite "
			       "database of another application", db->path);
		return -1;
	}
	if (version > DB_SCHEMA_VERSION) {
		kdep_error_set("cannot open database %s: it was written by a "
			       "newer kdep (schema version %lld, this kdep "
			       "reads %d)", db->path, (long long)version,
			       DB_SCHEMA_VERSION);
		return -1;
	}
	if (version < DB_SCHEMA_VERSION) {
		/*
		 * No migration: schema 1 keyed scans by 64-bit hashes of
		 * kdep's own, which cannot become the blob ids of later
		 * schemas without the trees they were made of; the
		 * expression trees of schemas 2 and 3 name each scan's own
		 * symbol numbers, which schema 4 shares between scans as
		 * names; schema 4 keeps no graph blob (scan_graphs), which
		 * only a load of each whole scan could make. The database
		 * is a cache of scans, so the fix is a fresh one.
		 */
		kdep_error_set("cannot open database %s: it was written by an "
			       "older kdep (schema version %lld, this kdep "
			       "reads %d); it holds only scans kdep can make "
			       "again: remove it, or give another with --db",
			       db->path, (long long)version,
			       DB_SCHEMA_VERSION);
		return -1;
	}
	return 0;
}

/* Creates the schema in an empty database, unless a racing kdep did. */
static int db_setup(struct db *db)
{
	const char *what = "cannot create database";
	int empty, ret = -1;
	char *msg = NULL;

	if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return db_fail(db, what);
	if (db_identify(db, &empty) < 0)
		goto done;
	if (empty && sqlite3_exec(db->h, schema_sql, NULL, NULL, &msg) !=
			     SQLITE_OK) {
		kdep_error_set("%s %s: %s", what, db->path,
			       msg ? msg : sqlite3_errmsg(db->h));
		goto done;
	}
	if (sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(db, what);
		goto done;
	}
	ret = 0;
done:
	sqlite3_free(msg);
	if (ret < 0 && !sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return ret;
}

/*
 * Why path cannot be written, as strerror() says it, or NULL when it can.
 * Asked when SQLite has opened the file read-only; the directory is asked
 * too, as that is where a store's write-ahead log would go.
 */
static const char *unwritable(const char *path)
{
	char *dir = strdup(path), *slash;
	const char *why = NULL;

	if (access(path, W_OK) && errno != ENOENT) {
		why = strerror(errno);
	} else if (dir && (slash = strrchr(dir, '/'))) {
		slash[slash == dir] = '\0';
		if (access(dir, W_OK))
			why = strerror(errno);
	} else if (dir && access(".", W_OK)) {
		why = strerror(errno);
	}
	free(dir);
	return why;
}

/* "file:" and path with everything but [A-Za-z0-9/._~-] %-escaped, and
 * "?query": an SQLite URI naming path whatever its characters. */
static char *file_uri(const char *path, const char *query)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(path);
	char *uri = malloc(sizeof("file://?") + 3 * n + strlen(query));
	char *o = uri;

	if (!uri)
		return NULL;
	/* "file:///abs": an empty authority, whatever the path starts with */
	o += sprintf(o, "file:%s", path[0] == '/' ? "//" : "");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._~-", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	sprintf(o, "?%s", query);
	return uri;
}

/* Opens db->h on the URI of db->path with query; an SQLite result code. */
static int open_uri(struct db *db, const char *query)
{
	char *uri = file_uri(db->path, query);
	int rc;

	sqlite3_close(db->h);
	db->h = NULL;
	if (!uri)
		return SQLITE_NOMEM;
	rc = sqlite3_open_v2(uri, &db->h, SQLITE_OPEN_READONLY |
			     SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	free(uri);
	return rc;
}

/*
 * Reopens a database that cannot be written, read-only. A WAL database
 * is read through its -shm index file, which SQLite creates beside the
 * database when it is missing (it is, once the last writer has closed):
 * mode=ro reads it whenever the -shm exists or can be made. On a read-only
 * file system or in a directory that cannot be written, it can be
 * neither, and the first read fails; then, and only when
 * there is no write-ahead log holding changes (it would be ignored),
 * immutable=1 reads the file as it is, without locks or the -shm. That is
 * honest here: no SQLite writer can commit to a database whose directory
 * cannot take its log (one writing through another mount of the same
 * files could, and would then not be seen).
 */
static int open_readonly(struct db *db)
{
	int64_t v;
	struct stat st;
	char *wal;
	int rc;

	if (open_uri(db, "mode=ro") != SQLITE_OK)
		return db_fail(db, "cannot open database");
	/* without the -shm: SQLITE_CANTOPEN where the directory refuses it
	 * as read-only, SQLITE_READONLY (_CANTINIT) where it is denied */
	rc = query_int(db->h, "PRAGMA user_version", &v);
	if (rc != SQLITE_CANTOPEN && rc != SQLITE_READONLY)
		return 0; /* readable, or broken in a way db_identify says */
	if (!(wal = malloc(strlen(db->path) + 5))) {
		kdep_error_oom();
		return -1;
	}
	sprintf(wal, "%s-wal", db->path);
	int pending = !stat(wal, &st) && st.st_size > 0;
	free(wal);
	if (pending) {
		kdep_error_set("cannot read database %s: it is read-only "
			       "(%s) and its write-ahead log %s-wal holds "
			       "changes that cannot be read without a %s-shm "
			       "file", db->path, db->readonly_why, db->path,
			       db->path);
		return -1;
	}
	if (open_uri(db, "mode=ro&immutable=1") != SQLITE_OK)
		return db_fail(db, "cannot open database");
	return 0;
}

int db_open(struct db **out, const char *path)
{
	struct db *db = NULL;
	int empty, rc, ret = -1;

	assert(out && path);
	*out = NULL;
	if (make_parents(path) < 0)
		goto done;
	db = calloc(1, sizeof(*db));
	if (!db || !(db->path = strdup(path))) {
		kdep_error_set("out of memory");
		goto done;
	}
	/*
	 * NOMUTEX: a handle is used by one thread at a time. SQLite opens
	 * a file it may not write read-only, and says so: stores are then
	 * refused, lookups go on through open_readonly.
	 */
	rc = sqlite3_open_v2(path, &db->h,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				     SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		const char *why = access(path, F_OK) ? unwritable(path) : NULL;
		if (why)
			kdep_error_set("cannot create database %s: %s", path,
				       why);
		else
			kdep_error_set("cannot open database %s: %s", path,
				       db->h ? sqlite3_errmsg(db->h)
					     : sqlite3_errstr(rc));
		goto done;
	}
	if (sqlite3_db_readonly(db->h, "main") == 1) {
		const char *why = unwritable(path);
		db->readonly = 1;
		snprintf(db->readonly_why, sizeof(db->readonly_why), "%s",
			 why ? why : "opened read-only");
		if (open_readonly(db) < 0)
			goto done;
	}
	sqlite3_busy_timeout(db->h, DB_BUSY_MS);
	/* Identify before any pragma: a foreign file is left untouched. */
	if (db_identify(db, &empty) < 0)
		goto done;
	if (db->readonly) {
		if (empty) {
			kdep_error_set("cannot create database %s: it is "
				       "read-only (%s)", path,
				       db->readonly_why);
			goto done;
		}
		/* what a writer set stays; the cache is the reader's own */
		if (sqlite3_exec(db->h, "PRAGMA cache_size = -65536", NULL,
				 NULL, NULL) != SQLITE_OK) {
			db_fail(db, "cannot configure database");
			goto done;
		}
		goto opened;
	}
	/*
	 * 16 KiB pages store a kernel-sized scan ~10% faster than 4 KiB ones
	 * (a new database only: WAL fixes the page size). WAL lets readers go
	 * on while a scan is stored; NORMAL syncs at checkpoints only, which
	 * WAL keeps safe. A big page cache holds a kernel-sized scan's pages
	 * in memory for the length of its store.
	 */
	if (empty && sqlite3_exec(db->h, "PRAGMA page_size = 16384", NULL, NULL,
				  NULL) != SQLITE_OK) {
		db_fail(db, "cannot configure database");
		goto done;
	}
	if (sqlite3_exec(db->h,
			 "PRAGMA journal_mode = WAL;"
			 "PRAGMA synchronous = NORMAL;"
			 "PRAGMA cache_size = -65536;",
			 NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(db, "cannot configure database");
		goto done;
	}
	if (empty && db_setup(db) < 0)
		goto done;
opened:
	*out = db;
	db = NULL;
	ret = 0;
done:
	db_close(db);
	return ret;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(db->st[i]);
	for (int t = 0; t < BK_COUNT; t++) {
		sqlite3_finalize(db->bulk[t][0]);
		sqlite3_finalize(db->bulk[t][1]);
	}
	sqlite3_close(db->h);
	free(db->meta_strings);
	free(db->path);
	free(db);
}

void db_test_pause_midway(struct db *db, unsigned seconds)
{
	assert(db);
	db->pause_midway = seconds;
}

void db_test_fail_midway(struct db *db, int on)
{
	assert(db);
	db->fail_midway = on;
}

int db_test_sql(const char *path, const char *sql, int64_t *result)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	const char *tail = sql;
	int got = 0, ret = -1;

	assert(path && sql);
	if (result)
		*result = 0;
	if (sqlite3_open(path, &h) != SQLITE_OK)
		goto fail;
	sqlite3_busy_timeout(h, DB_BUSY_MS);
	while (tail && *tail) {
		if (sqlite3_prepare_v2(h, tail, -1, &st, &tail) != SQLITE_OK)
			goto fail;
		if (!st) /* only whitespace or comments were left */
			break;
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (result && !got)
				*result = sqlite3_column_int64(st, 0);
			got = 1;
		}
		if (rc != SQLITE_DONE)
			goto fail;
		sqlite3_finalize(st);
		st = NULL;
	}
	ret = 0;
	goto done;
fail:
	kdep_error_set("cannot run sql on %s: %s", path,
		       h ? sqlite3_errmsg(h) : "out of memory");
done:
	sqlite3_finalize(st);
	sqlite3_close(h);
	return ret;
}

/* ---- expressions --------------------------------------------------------- */

/* Makes room for need bytes; keeps the contents. */
static int buf_grow(struct buf *b, size_t need)
{
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		kdep_error_set("out of memory");
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

/* Tree tokens of the operators (schema.sql), indexed by enum expr_op. */
static const char *const op_token[] = {
	[E_SYM] = "s", [E_NOT] = "!", [E_AND] = "&", [E_OR] = "|",
	[E_EQ] = "=", [E_NE] = "!=", [E_LT] = "<", [E_LE] = "<=",
	[E_GT] = ">", [E_GE] = ">=",
};

/*
 * Appends e's prefix tree to b: "& s12 ! s4", each leaf written as the
 * names.id of its symbol, names[sym].
 */
static int tree_write(struct buf *b, const struct expr *e,
		      const int64_t *names)
{
	/* the longest token: " s" and 19 digits */
	if (buf_grow(b, b->len + 24) < 0)
		return -1;
	assert(e->op <= E_GE);
	char *o = b->p + b->len;
	if (b->len)
		*o++ = ' ';
	for (const char *t = op_token[e->op]; *t; t++)
		*o++ = *t;
	if (e->op == E_SYM) {
		char digits[20];
		int n = 0;
		uint64_t v = i64_to_u64(names[e->sym]);
		do {
			digits[n++] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		while (n)
			*o++ = digits[--n];
		b->len = (size_t)(o - b->p);
		return 0;
	}
	b->len = (size_t)(o - b->p);
	if (tree_write(b, e->l, names) < 0)
		return -1;
	if (e->op != E_NOT && tree_write(b, e->r, names) < 0)
		return -1;
	return 0;
}

/* Writes e's expr_str() text into b. */
static int text_write(struct buf *b, const struct model *m,
		      const struct expr *e)
{
	size_t n = model_expr_str(m, e, b->p, b->cap);
	if (n >= b->cap) {
		if (buf_grow(b, n + 1) < 0)
			return -1;
		model_expr_str(m, e, b->p, b->cap);
	}
	b->len = n;
	return 0;
}

/* A scan's symbol by the names.id of its name (db_load_model). */
struct name_ix {
	int64_t name;         /* names.id */
	uint32_t sym;         /* index into model->syms */
};

static int name_ix_cmp(const void *a, const void *b)
{
	const struct name_ix *x = a, *y = b;
	return (x->name > y->name) - (x->name < y->name);
}

/* The symbol of the scan whose name is names.id name, or MODEL_NONE. */
static uint32_t name_ix_find(const struct name_ix *ix, uint32_t n,
			     int64_t name)
{
	struct name_ix key = { name, 0 };
	const struct name_ix *hit = n ? bsearch(&key, ix, n, sizeof(*ix),
						name_ix_cmp) : NULL;
	return hit ? hit->sym : MODEL_NONE;
}

/*
 * An expression of the scan by its exprs.id (db_load_model): each is read
 * once, and every property naming it points to the same struct expr (the
 * model's expressions are never changed once built).
 */
struct expr_ix {
	int64_t id;           /* exprs.id */
	struct expr *e;       /* the expression; NULL when its tree is bad */
};

/* Reads a prefix tree back (the inverse of tree_write). */
struct tree_parser {
	struct model *m;      /* the model the expressions go into */
	const struct name_ix *ix; /* the scan's symbols by names.id, sorted */
	uint32_t nix;         /* entries of ix */
	const char *p;        /* the next character to read */
	int depth;            /* current nesting, against DB_EXPR_DEPTH */
};

static struct expr *tree_read(struct tree_parser *tp)
{
	const char *p = tp->p;
	struct expr *l, *r;
	int op;

	if (tp->depth > DB_EXPR_DEPTH)
		return NULL;
	switch (*p++) {
	case 's': {
		int64_t v = 0;
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9' && v < INT64_MAX / 10 - 9)
			v = v * 10 + (*p++ - '0');
		uint32_t sym = name_ix_find(tp->ix, tp->nix, v);
		if (sym == MODEL_NONE)
			return NULL;
		tp->p = p;
		return model_expr_sym(tp->m, sym);
	}
	case '!':
		op = *p == '=' ? (p++, E_NE) : E_NOT;
		break;
	case '&': op = E_AND; break;
	case '|': op = E_OR; break;
	case '=': op = E_EQ; break;
	case '<': op = *p == '=' ? (p++, E_LE) : E_LT; break;
	case '>': op = *p == '=' ? (p++, E_GE) : E_GT; break;
	default: return NULL;
	}
	if (*p != ' ')
		return NULL;
	tp->p = p + 1;
	tp->depth++;
	l = tree_read(tp);
	r = NULL;
	if (l && op != E_NOT && *tp->p == ' ') {
		tp->p++;
		r = tree_read(tp);
	}
	tp->depth--;
	if (!l || (op != E_NOT && !r))
		return NULL;
	/* a comparison compares two symbols (model.h), never expressions */
	if (op >= E_EQ && (l->op != E_SYM || r->op != E_SYM))
		return NULL;
	return model_expr_op(tp->m, op, l, r);
}

/*
 * The expression stored as text s, or NULL for SQL NULL; *bad is set when
 * s is not a well-formed tree over the model's symbols.
 */
static struct expr *tree_parse(struct model *m, const struct name_ix *ix,
			       uint32_t nix, const unsigned char *s, int *bad)
{
	if (!s)
		return NULL;
	struct tree_parser tp = { m, ix, nix, (const char *)s, 0 };
	struct expr *e = tree_read(&tp);
	if (!e || *tp.p)
		*bad = 1;
	return e;
}

/* ---- store --------------------------------------------------------------- */

/*
 * Bulk inserts. A kernel-sized scan is ~230k rows, and one statement step
 * per row costs as much again as the row itself (the statement opens its
 * cursors and descends the B-tree from the root every time), so rows go in
 * DB_BATCH at a time through a multi-row INSERT, and only the last few one
 * by one. OR FAIL spares SQLite the statement journal a multi-row INSERT
 * would otherwise keep to undo a half-done statement: any failure rolls the
 * whole transaction back anyway.
 */
static const struct {
	const char *head;    /* the statement up to VALUES */
	int ncols;           /* parameters per row */
} bulk_def[BK_COUNT] = {
	[BK_SCAN_FILES] = { "INSERT OR FAIL INTO scan_files (scan, seq, path,"
			    " id, size, mtime, ino)", 7 },
	[BK_FILES] = { "INSERT OR FAIL INTO files (scan, id, path)", 3 },
	[BK_WARNINGS] = { "INSERT OR FAIL INTO warnings (scan, seq, text)",
			  3 },
	[BK_SYMBOLS] = { "INSERT OR FAIL INTO scan_symbols (scan, id, name,"
			 " type, flags, choice)", 6 },
	[BK_NODES] = { "INSERT OR FAIL INTO scan_nodes (scan, id, kind,"
		       " menuconfig, sym, parent, file, line, title, help)",
		       10 },
	[BK_PROPS] = { "INSERT OR FAIL INTO scan_props (scan, node, seq, kind,"
		       " file, line, expr, expr2, cond, text)", 10 },
	[BK_EDGE_COUNTS] = { "INSERT OR FAIL INTO edge_counts (scan, kind,"
			     " count)", 3 },
};

/* The insert of one (many = 0) or DB_BATCH rows into t, prepared once. */
static sqlite3_stmt *bulk_get(struct db *db, enum bulk t, int many)
{
	assert(db && db->h && t < BK_COUNT);
	sqlite3_stmt **st = &db->bulk[t][many];
	int rows = many ? DB_BATCH : 1, ncols = bulk_def[t].ncols;
	size_t len = strlen(bulk_def[t].head) + 8 +
		     (size_t)rows * ((size_t)ncols * 3 + 3);
	char *sql, *p;

	if (*st)
		return *st;
	if (!(sql = malloc(len))) {
		kdep_error_set("out of memory");
		return NULL;
	}
	p = sql + sprintf(sql, "%s VALUES ", bulk_def[t].head);
	for (int r = 0; r < rows; r++) {
		if (r)
			*p++ = ',';
		*p++ = '(';
		for (int c = 0; c < ncols; c++)
			p += sprintf(p, c ? ",?" : "?");
		*p++ = ')';
	}
	*p = '\0';
	assert((size_t)(p - sql) < len);
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
			       NULL) != SQLITE_OK)
		db_fail(db, "cannot prepare a statement on");
	free(sql);
	return *st;
}

/*
 * A map from byte strings to ids, for the shared rows one store has
 * already found or added: a kernel-sized scan names ~18k symbols, ~10k
 * expressions and ~15k texts in ~70k places, and each is looked up in the
 * database once. Open addressing over a power-of-two table.
 */
struct imap_slot {
	uint64_t hash;        /* imap_hash of the key; 0 marks a free slot */
	size_t off;           /* the key's first byte in keys */
	size_t len;           /* its length */
	int64_t id;           /* what it maps to */
};

struct imap {
	struct imap_slot *v;  /* the table; NULL until first grown */
	size_t cap;           /* slots, a power of two */
	size_t n;             /* slots in use */
	struct buf keys;      /* every key, one after the other */
};

/* What db_store_scan is storing; the bulk binders read it. */
struct store {
	struct db *db;               /* the database */
	int64_t id;                  /* the new scan's id */
	const struct model *m;       /* the model stored */
	const struct db_file *files; /* the files of the content key */
	const struct model_counts *c; /* model_count(m) */
	uint32_t nprops;             /* props of all nodes */
	uint32_t node;               /* props: the node of the next row */
	uint32_t seq;                /* props: its position in that node */
	int64_t *names;              /* names.id of each symbol */
	int64_t *node_texts;         /* texts.id of each node's title and
				      * help (2 per node; 0 for NULL) */
	int64_t *prop_refs;          /* exprs.id of expr, expr2, cond and
				      * texts.id of text, 4 per property in
				      * row order (0 for NULL) */
	struct imap seen_names;      /* "name\0const\0rank" -> names.id */
	struct imap ranks;           /* "name\0const" -> symbols so far */
	struct imap seen_exprs;      /* tree -> exprs.id */
	struct imap seen_texts;      /* text -> texts.id */
	struct buf tree;             /* scratch: the tree being interned */
	struct buf text;             /* scratch: its expr_str() text */
	struct buf key;              /* scratch: a name's map key */
};

/*
 * Binds row number row into the parameters after base (0 for the first
 * row of a statement, ncols for the second, ...). Returns an SQLite result
 * code (ORed: non-zero is an error), or -1 with the error set.
 */
typedef int (*bind_row_fn)(struct store *s, sqlite3_stmt *st, int base,
			   uint32_t row);

/* Inserts rows 0 .. n-1 of table t, bound by fn. */
static int bulk_insert(struct store *s, enum bulk t, uint32_t n,
		       bind_row_fn fn)
{
	struct db *db = s->db;
	int ncols = bulk_def[t].ncols;

	for (uint32_t i = 0; i < n;) {
		int many = n - i >= DB_BATCH;
		uint32_t k = many ? DB_BATCH : 1;
		sqlite3_stmt *st = bulk_get(db, t, many);
		int rc = SQLITE_OK;
		if (!st)
			return -1;
		for (uint32_t j = 0; j < k && rc == SQLITE_OK; j++)
			rc = fn(s, st, (int)j * ncols, i + j);
		if (rc != SQLITE_OK) {
			if (rc > 0)
				db_fail(db, "cannot store scan in");
			return -1;
		}
		if (st_run(db, st, "cannot store scan in") < 0)
			return -1;
		i += k;
	}
	return 0;
}

static int bind_scan_file(struct store *s, sqlite3_stmt *st, int b,
			  uint32_t i)
{
	const struct db_file *f = &s->files[i];
	return sqlite3_bind_int64(st, b + 1, s->id) |
	       sqlite3_bind_int64(st, b + 2, i) |
	       bind_str(st, b + 3, f->path) |
	       bind_str(st, b + 4, f->id) |
	       sqlite3_bind_int64(st, b + 5, u64_to_i64(f->size)) |
	       (f->stat ? sqlite3_bind_int64(st, b + 6, f->mtime) |
			  sqlite3_bind_int64(st, b + 7, u64_to_i64(f->ino))
			: sqlite3_bind_null(st, b + 6) |
			  sqlite3_bind_null(st, b + 7));
}

static int bind_file(struct store *s, sqlite3_stmt *st, int b, uint32_t i)
{
	return sqlite3_bind_int64(st, b + 1, s->id) |
	       sqlite3_bind_int64(st, b + 2, i) |
	       bind_str(st, b + 3, s->m->files[i]);
}

static int bind_warning(struct store *s, sqlite3_stmt *st, int b,
			uint32_t i)
{
	return sqlite3_bind_int64(st, b + 1, s->id) |
	       sqlite3_bind_int64(st, b + 2, i) |
	       bind_str(st, b + 3, s->m->warnings[i]);
}

static int bind_symbol(struct store *s, sqlite3_stmt *st, int b, uint32_t i)
{
	const struct sym *y = &s->m->syms[i];
	return sqlite3_bind_int64(st, b + 1, s->id) |
	       sqlite3_bind_int64(st, b + 2, i) |
	       sqlite3_bind_int64(st, b + 3, s->names[i]) |
	       sqlite3_bind_int(st, b + 4, y->type) |
	       sqlite3_bind_int64(st, b + 5, y->flags) |
	       bind_index(st, b + 6, y->choice);
}

static int bind_node(struct store *s, sqlite3_stmt *st, int b, uint32_t i)
{
	const struct node *n = &s->m->nodes[i];
	return sqlite3_bind_int64(st, b + 1, s->id) |
	       sqlite3_bind_int64(st, b + 2, i) |
	       sqlite3_bind_int(st, b + 3, n->kind) |
	       sqlite3_bind_int(st, b + 4, n->menuconfig) |
	       bind_index(st, b + 5, n->sym) |
	       bind_index(st, b + 6, n->parent) |
	       sqlite3_bind_int64(st, b + 7, n->loc.file) |
	       sqlite3_bind_int64(st, b + 8, n->loc.line) |
	       bind_ref(st, b + 9, s->node_texts[2 * (size_t)i]) |
	       bind_ref(st, b + 10, s->node_texts[2 * (size_t)i + 1]);
}

/*
 * Rows are asked for in order, so row i is simply the next step of the
 * (node, seq) walk over every node's props.
 */
static int bind_prop(struct store *s, sqlite3_stmt *st, int b, uint32_t i)
{
	const struct model *m = s->m;
	const int64_t *ref = &s->prop_refs[4 * (size_t)i];

	while (s->seq >= m->nodes[s->node].nprops) {
		s->node++;
		s->seq = 0;
	}
	const struct prop *p = &m->nodes[s->node].props[s->seq];
	int rc = sqlite3_bind_int64(st, b + 1, s->id) |
		 sqlite3_bind_int64(st, b + 2, s->node) |
		 sqlite3_bind_int64(st, b + 3, s->seq) |
		 sqlite3_bind_int(st, b + 4, p->kind) |
		 sqlite3_bind_int64(st, b + 5, p->loc.file) |
		 sqlite3_bind_int64(st, b + 6, p->loc.line) |
		 bind_ref(st, b + 7, ref[0]) | bind_ref(st, b + 8, ref[1]) |
		 bind_ref(st, b + 9, ref[2]) | bind_ref(st, b + 10, ref[3]);
	s->seq++;
	return rc;
}

/* Row k is the k-th kind that has edges. */
static int bind_edge_count(struct store *s, sqlite3_stmt *st, int b,
			   uint32_t k)
{
	int kind = 0;
	for (uint32_t seen = 0;; kind++)
		if (s->c->edges[kind] && seen++ == k)
			break;
	return sqlite3_bind_int64(st, b + 1, s->id) |
	       bind_str(st, b + 2, model_edge_kind_name(kind)) |
	       sqlite3_bind_int64(st, b + 3, s->c->edges[kind]);
}

static int store_scan_row(struct store *s, const struct db_scan_meta *meta)
{
	struct db *db = s->db;
	const struct model *m = s->m;
	const struct model_counts *c = s->c;
	sqlite3_stmt *st = st_get(db, ST_INS_SCAN);
	int rc;

	if (!st)
		return -1;
	rc = bind_str(st, 1, meta->tree) | bind_str(st, 2, meta->arch) |
	     bind_str(st, 3, meta->profile) | bind_str(st, 4, meta->key) |
	     bind_str(st, 5, meta->version) |
	     sqlite3_bind_double(st, 6, meta->seconds) |
	     sqlite3_bind_int64(st, 7, meta->unknown_probes) |
	     sqlite3_bind_int64(st, 8, meta->created) |
	     sqlite3_bind_int64(st, 9, c->files) |
	     sqlite3_bind_int64(st, 10, c->defined) |
	     sqlite3_bind_int64(st, 11, c->undefined) |
	     sqlite3_bind_int64(st, 12, c->choices) |
	     sqlite3_bind_int64(st, 13, m->nsyms) |
	     sqlite3_bind_int64(st, 14, m->nnodes) |
	     sqlite3_bind_int64(st, 15, s->nprops) |
	     sqlite3_bind_int64(st, 16, m->nedges) |
	     sqlite3_bind_int64(st, 17, m->nwarnings) |
	     bind_index(st, 18, m->modules_sym) |
	     bind_str(st, 19, meta->fingerprint);
	if (rc != SQLITE_OK)
		return db_fail(db, "cannot store scan in");
	if (st_run(db, st, "cannot store scan in") < 0)
		return -1;
	s->id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

/* The scan's graph, one blob (graph.h): what db_load_graph reads. */
static int store_graph(struct store *s)
{
	struct db *db = s->db;
	sqlite3_stmt *st = st_get(db, ST_INS_GRAPH);
	unsigned char *blob = NULL;
	size_t len = 0;
	int ret = -1;

	if (!st || db_graph_encode(s->m, &blob, &len) < 0)
		return -1;
	if (sqlite3_bind_int64(st, 1, s->id) != SQLITE_OK ||
	    sqlite3_bind_blob64(st, 2, blob, len, SQLITE_STATIC) != SQLITE_OK)
		db_fail(db, "cannot store scan in");
	else
		ret = st_run(db, st, "cannot store scan in");
	sqlite3_clear_bindings(st);
	free(blob);
	return ret;
}

/* ---- shared rows --------------------------------------------------------- */

/* 64-bit FNV-1a; never 0, which marks a free imap slot. */
static uint64_t imap_hash(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3u;
	}
	return h ? h : 1;
}

/* The slot of key, or the free slot where it would go. */
static struct imap_slot *imap_slot(struct imap *t, const char *key,
				   size_t len, uint64_t h)
{
	size_t i = (size_t)h & (t->cap - 1);
	for (;; i = (i + 1) & (t->cap - 1)) {
		struct imap_slot *e = &t->v[i];
		if (!e->hash || (e->hash == h && e->len == len &&
				 !memcmp(t->keys.p + e->off, key, len)))
			return e;
	}
}

/* The id key maps to, or 0. */
static int64_t imap_get(struct imap *t, const char *key, size_t len)
{
	if (!t->cap)
		return 0;
	struct imap_slot *e = imap_slot(t, key, len, imap_hash(key, len));
	return e->hash ? e->id : 0;
}

/* Maps key to id (a key not yet in t); 0, or -1 when out of memory. */
static int imap_put(struct imap *t, const char *key, size_t len, int64_t id)
{
	if (2 * (t->n + 1) > t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 1024;
		struct imap_slot *v = calloc(cap, sizeof(*v)), *old = t->v;
		if (!v) {
			kdep_error_oom();
			return -1;
		}
		size_t ocap = t->cap;
		t->v = v;
		t->cap = cap;
		for (size_t i = 0; i < ocap; i++)
			if (old[i].hash)
				*imap_slot(t, t->keys.p + old[i].off,
					   old[i].len, old[i].hash) = old[i];
		free(old);
	}
	if (buf_grow(&t->keys, t->keys.len + len + 1) < 0)
		return -1;
	uint64_t h = imap_hash(key, len);
	struct imap_slot *e = imap_slot(t, key, len, h);
	assert(!e->hash);
	memcpy(t->keys.p + t->keys.len, key, len);
	*e = (struct imap_slot){ h, t->keys.len, len, id };
	t->keys.len += len;
	t->n++;
	return 0;
}

static void imap_free(struct imap *t)
{
	free(t->v);
	free(t->keys.p);
}

/*
 * The id of the shared row get finds with its bindings (made by the
 * caller), else of the row put adds with the same bindings. *id gets it.
 */
static int intern_row(struct db *db, sqlite3_stmt *get, sqlite3_stmt *put,
		      int64_t *id)
{
	int rc = sqlite3_step(get);
	*id = 0;
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(get, 0);
	sqlite3_reset(get);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "cannot store scan in");
	if (*id)
		return 0;
	if (st_run(db, put, "cannot store scan in") < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

/* texts.id of t (added when new), or 0 for NULL. */
static int intern_text(struct store *s, const char *t, int64_t *id)
{
	struct db *db = s->db;
	sqlite3_stmt *get, *put;
	size_t len;

	*id = 0;
	if (!t)
		return 0;
	len = strlen(t);
	if ((*id = imap_get(&s->seen_texts, t, len)))
		return 0;
	if (!(get = st_get(db, ST_TEXT_GET)) || !(put = st_get(db, ST_TEXT_PUT)))
		return -1;
	int64_t h = u64_to_i64(imap_hash(t, len));
	if ((sqlite3_bind_int64(get, 1, h) | bind_str(get, 2, t) |
	     sqlite3_bind_int64(put, 1, h) | bind_str(put, 2, t)) != SQLITE_OK)
		return db_fail(db, "cannot store scan in");
	if (intern_row(db, get, put, id) < 0)
		return -1;
	return imap_put(&s->seen_texts, t, len, *id);
}

/* exprs.id of e (added when new), or 0 for NULL. */
static int intern_expr(struct store *s, const struct expr *e, int64_t *id)
{
	struct db *db = s->db;
	sqlite3_stmt *get, *put;

	*id = 0;
	if (!e)
		return 0;
	s->tree.len = 0;
	if (tree_write(&s->tree, e, s->names) < 0)
		return -1;
	if ((*id = imap_get(&s->seen_exprs, s->tree.p, s->tree.len)))
		return 0;
	if (!(get = st_get(db, ST_EXPR_GET)) || !(put = st_get(db, ST_EXPR_PUT)))
		return -1;
	if (text_write(&s->text, s->m, e) < 0)
		return -1;
	int tl = (int)s->tree.len, xl = (int)s->text.len;
	if ((sqlite3_bind_text(get, 1, s->tree.p, tl, SQLITE_STATIC) |
	     sqlite3_bind_text(put, 1, s->tree.p, tl, SQLITE_STATIC) |
	     sqlite3_bind_text(put, 2, s->text.p, xl, SQLITE_STATIC)) !=
	    SQLITE_OK)
		return db_fail(db, "cannot store scan in");
	if (intern_row(db, get, put, id) < 0)
		return -1;
	return imap_put(&s->seen_exprs, s->tree.p, s->tree.len, *id);
}

/*
 * names.id of symbol i: its name, constness and rank, the number of
 * symbols before it with the same two (model.h allows several choices
 * named "<choice>", and "0" both quoted and not).
 */
static int intern_name(struct store *s, uint32_t i, int64_t *id)
{
	struct db *db = s->db;
	const struct sym *y = &s->m->syms[i];
	int isconst = !!(y->flags & SYMF_CONST);
	size_t len = strlen(y->name);
	struct buf *k = &s->key;
	sqlite3_stmt *get, *put;

	/* "name\0c": the rank so far; "name\0c\0rank": the id */
	if (buf_grow(k, len + 24) < 0)
		return -1;
	memcpy(k->p, y->name, len);
	k->p[len] = '\0';
	k->p[len + 1] = isconst ? 'c' : 's';
	k->len = len + 2;
	int64_t rank = imap_get(&s->ranks, k->p, k->len); /* earlier ones */
	if (rank)
		imap_slot(&s->ranks, k->p, k->len,
			  imap_hash(k->p, k->len))->id++;
	else if (imap_put(&s->ranks, k->p, k->len, 1) < 0)
		return -1;
	k->len += (size_t)sprintf(k->p + k->len, "%c%lld", '\0',
				  (long long)rank);
	if ((*id = imap_get(&s->seen_names, k->p, k->len)))
		return 0;
	if (!(get = st_get(db, ST_NAME_GET)) || !(put = st_get(db, ST_NAME_PUT)))
		return -1;
	if ((bind_str(get, 1, y->name) | sqlite3_bind_int(get, 2, isconst) |
	     sqlite3_bind_int64(get, 3, rank) | bind_str(put, 1, y->name) |
	     sqlite3_bind_int(put, 2, isconst) |
	     sqlite3_bind_int64(put, 3, rank)) != SQLITE_OK)
		return db_fail(db, "cannot store scan in");
	if (intern_row(db, get, put, id) < 0)
		return -1;
	return imap_put(&s->seen_names, k->p, k->len, *id);
}

/*
 * Finds or adds the shared rows the scan's rows name: the symbols' names,
 * then the nodes' texts and the properties' expressions and texts.
 */
static int store_shared(struct store *s)
{
	const struct model *m = s->m;
	size_t np = 0;

	s->names = malloc(sizeof(*s->names) * (m->nsyms ? m->nsyms : 1));
	s->node_texts = malloc(sizeof(int64_t) * 2 * (m->nnodes + 1));
	s->prop_refs = malloc(sizeof(int64_t) * 4 * (s->nprops + 1));
	if (!s->names || !s->node_texts || !s->prop_refs) {
		kdep_error_oom();
		return -1;
	}
	for (uint32_t i = 0; i < m->nsyms; i++)
		if (intern_name(s, i, &s->names[i]) < 0)
			return -1;
	for (uint32_t i = 0; i < m->nnodes; i++) {
		const struct node *n = &m->nodes[i];
		if (intern_text(s, n->title, &s->node_texts[2 * (size_t)i]) < 0 ||
		    intern_text(s, n->help,
				&s->node_texts[2 * (size_t)i + 1]) < 0)
			return -1;
		for (uint32_t j = 0; j < n->nprops; j++, np++) {
			const struct prop *p = &n->props[j];
			int64_t *ref = &s->prop_refs[4 * np];
			if (intern_expr(s, p->expr, &ref[0]) < 0 ||
			    intern_expr(s, p->expr2, &ref[1]) < 0 ||
			    intern_expr(s, p->cond, &ref[2]) < 0 ||
			    intern_text(s, p->text, &ref[3]) < 0)
				return -1;
		}
	}
	assert(np == s->nprops);
	return 0;
}

/* Frees what store_shared made. */
static void store_free(struct store *s)
{
	free(s->names);
	free(s->node_texts);
	free(s->prop_refs);
	imap_free(&s->seen_names);
	imap_free(&s->ranks);
	imap_free(&s->seen_exprs);
	imap_free(&s->seen_texts);
	free(s->tree.p);
	free(s->text.p);
	free(s->key.p);
}

/* Deletes every row of scan id, the scans row last. */
static int store_delete_scan(struct db *db, int64_t id)
{
	for (int i = ST_DEL_SCAN_FILES; i <= ST_DEL_SCANS; i++) {
		sqlite3_stmt *st = st_get(db, (enum st)i);
		if (!st)
			return -1;
		if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK)
			return db_fail(db, "cannot store scan in");
		if (st_run(db, st, "cannot store scan in") < 0)
			return -1;
	}
	return 0;
}

/*
 * Counts deleted scans towards the next collection of the shared rows no
 * scan names any more, and collects when they are at least as many as the
 * scans there are (and DB_GARBAGE_MIN): each collection reads every scan's
 * rows, so this keeps its cost a fixed share of the stores', and the rows
 * left over at most about what the scans deleted named alone.
 */
static int store_collect(struct db *db, int64_t deleted)
{
	sqlite3_stmt *st = st_get(db, ST_GARBAGE_GET);
	int64_t garbage, scans;

	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_fail(db, "cannot store scan in");
	}
	garbage = sqlite3_column_int64(st, 0) + deleted;
	scans = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	if (garbage >= DB_GARBAGE_MIN && garbage >= scans) {
		for (int i = ST_COLLECT_NAMES; i <= ST_COLLECT_TEXTS; i++) {
			sqlite3_stmt *c = st_get(db, (enum st)i);
			if (!c || st_run(db, c, "cannot store scan in") < 0)
				return -1;
		}
		garbage = 0;
	}
	if (!(st = st_get(db, ST_GARBAGE_PUT)))
		return -1;
	if (sqlite3_bind_int64(st, 1, garbage) != SQLITE_OK)
		return db_fail(db, "cannot store scan in");
	return st_run(db, st, "cannot store scan in");
}

/*
 * Deletes every older scan of meta's (tree, arch, profile); *deleted gets
 * how many.
 */
static int store_delete_old(struct db *db, const struct db_scan_meta *meta,
			    int64_t *deleted)
{
	sqlite3_stmt *st = st_get(db, ST_OLD_SCANS);
	int rc;

	if (!st)
		return -1;
	rc = bind_str(st, 1, meta->tree) | bind_str(st, 2, meta->arch) |
	     bind_str(st, 3, meta->profile);
	if (rc != SQLITE_OK)
		return db_fail(db, "cannot store scan in");
	/* one at a time: the query restarts after each deletion */
	for (;;) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			db_fail(db, "cannot store scan in");
			sqlite3_reset(st);
			return -1;
		}
		int64_t old = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (store_delete_scan(db, old) < 0)
			return -1;
		++*deleted;
	}
	sqlite3_reset(st);
	return 0;
}

/* The inserts of db_store_scan, in an open transaction. */
static int store_rows(struct store *s, const struct db_scan_meta *meta,
		      uint32_t nfiles)
{
	const struct model *m = s->m;
	uint32_t nkinds = 0;
	int64_t deleted = 0;

	for (uint32_t i = 0; i < m->nnodes; i++)
		s->nprops += m->nodes[i].nprops;
	for (int k = 0; k < EDGE_KIND_COUNT; k++)
		nkinds += s->c->edges[k] != 0;
	if (store_delete_old(s->db, meta, &deleted) < 0 ||
	    store_scan_row(s, meta) < 0 ||
	    bulk_insert(s, BK_SCAN_FILES, nfiles, bind_scan_file) < 0 ||
	    bulk_insert(s, BK_FILES, m->nfiles, bind_file) < 0 ||
	    bulk_insert(s, BK_WARNINGS, m->nwarnings, bind_warning) < 0 ||
	    store_shared(s) < 0 ||
	    bulk_insert(s, BK_SYMBOLS, m->nsyms, bind_symbol) < 0 ||
	    bulk_insert(s, BK_NODES, m->nnodes, bind_node) < 0)
		return -1;
	if (s->db->pause_midway) {
		/* a window for a test to interrupt the transaction in */
		fprintf(stderr, "kdep: test: store paused\n");
		sleep(s->db->pause_midway);
	}
	if (s->db->fail_midway) {
		/* the scan, its symbols and nodes are in; props not */
		s->db->fail_midway = 0;
		kdep_error_set("cannot store scan in %s: interrupted by the "
			       "test hook", s->db->path);
		return -1;
	}
	if (bulk_insert(s, BK_PROPS, s->nprops, bind_prop) < 0 ||
	    bulk_insert(s, BK_EDGE_COUNTS, nkinds, bind_edge_count) < 0 ||
	    store_graph(s) < 0)
		return -1;
	/* last: what the new scan names again is not collected */
	return deleted ? store_collect(s->db, deleted) : 0;
}

int db_store_scan(struct db *db, struct db_scan_meta *meta,
		  const struct db_file *files, uint32_t nfiles,
		  const struct model *m)
{
	struct model_counts c;
	struct store s = { .db = db, .m = m, .files = files, .c = &c };
	sqlite3_stmt *st;
	int began = 0, ret = -1;

	assert(db && db->h && meta && m);
	assert(files || !nfiles);
	/* linked, with its edges built (or loaded) */
	assert(m->linked && m->edges);
	if (!meta->tree || !meta->arch || !meta->profile || !meta->key ||
	    !meta->version) {
		kdep_error_set("cannot store scan in %s: tree, arch, profile, "
			       "key and version are all required", db->path);
		return -1;
	}
	if (model_failed(m)) {
		kdep_error_oom(); /* the model is incomplete */
		return -1;
	}
	if (db->readonly) {
		kdep_error_set("cannot store scan in %s: the database is "
			       "read-only (%s)", db->path, db->readonly_why);
		return -1;
	}
	if (!meta->created)
		meta->created = (int64_t)time(NULL);
	model_count(m, &c);
	if (!(st = st_get(db, ST_BEGIN)) ||
	    st_run(db, st, "cannot store scan in") < 0)
		goto done;
	began = 1;
	if (store_rows(&s, meta, nfiles) < 0)
		goto done;
	if (!(st = st_get(db, ST_COMMIT)) ||
	    st_run(db, st, "cannot store scan in") < 0)
		goto done;
	meta->id = s.id;
	ret = 0;
done:
	/* A failed COMMIT may leave the transaction open: roll it back. */
	if (ret < 0 && began && !sqlite3_get_autocommit(db->h) &&
	    (st = st_get(db, ST_ROLLBACK))) {
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	store_free(&s);
	/* the bindings point into the caller's model: forget them */
	st_release(db->st[ST_OLD_SCANS]);
	st_release(db->st[ST_INS_SCAN]);
	for (int i = ST_NAME_GET; i <= ST_TEXT_PUT; i++)
		st_release(db->st[i]);
	for (int t = 0; t < BK_COUNT; t++) {
		st_release(db->bulk[t][0]);
		st_release(db->bulk[t][1]);
	}
	return ret;
}

/* ---- lookups ------------------------------------------------------------- */

/* Fills meta from a META_COLS row, its strings copied into the handle. */
static int meta_from_row(struct db *db, sqlite3_stmt *st,
			 struct db_scan_meta *meta)
{
	/* the text columns, the last of them nullable */
	static const int col[6] = { 1, 2, 3, 4, 5, 9 };
	size_t len[6], total = 0;
	char *s, *p;

	for (int i = 0; i < 6; i++) {
		len[i] = (size_t)sqlite3_column_bytes(st, col[i]);
		total += len[i] + 1;
	}
	if (!(s = malloc(total))) {
		kdep_error_set("out of memory");
		return -1;
	}
	p = s;
	const char **dst[6] = { &meta->tree, &meta->arch, &meta->profile,
				&meta->key, &meta->version,
				&meta->fingerprint };
	for (int i = 0; i < 6; i++) {
		const unsigned char *t = sqlite3_column_text(st, col[i]);
		memcpy(p, t ? (const char *)t : "", len[i]);
		p[len[i]] = '\0';
		*dst[i] = t || i < 5 ? p : NULL;
		p += len[i] + 1;
	}
	meta->id = sqlite3_column_int64(st, 0);
	meta->seconds = sqlite3_column_double(st, 6);
	meta->unknown_probes = (uint32_t)sqlite3_column_int64(st, 7);
	meta->created = sqlite3_column_int64(st, 8);
	free(db->meta_strings);
	db->meta_strings = s;
	return 0;
}

/* Steps a db_find_* query and fills meta (id 0 when there is no row). */
static int find_scan(struct db *db, sqlite3_stmt *st,
		     struct db_scan_meta *meta)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		meta->id = 0;
		return 0;
	}
	if (rc != SQLITE_ROW)
		return db_fail(db, "cannot read scans from");
	return meta_from_row(db, st, meta);
}

void db_files_free(struct db_file *files, uint32_t n)
{
	if (!files)
		return;
	for (uint32_t i = 0; i < n; i++)
		free((char *)files[i].path);
	free(files);
}

/* The file list of scan id. */
static int scan_files(struct db *db, int64_t id, struct db_file **out,
		      uint32_t *nout)
{
	sqlite3_stmt *st = st_get(db, ST_SCAN_FILES);
	struct db_file *v = NULL;
	uint32_t n = 0, cap = 0;
	int rc, ret = -1;

	if (!st)
		goto done;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			struct db_file *nv = realloc(v, sizeof(*v) * cap);
			if (!nv) {
				kdep_error_set("out of memory");
				goto done;
			}
			v = nv;
		}
		const unsigned char *path = sqlite3_column_text(st, 0);
		v[n].path = strdup(path ? (const char *)path : "");
		const unsigned char *fid = sqlite3_column_text(st, 1);
		snprintf(v[n].id, sizeof(v[n].id), "%s",
			 fid ? (const char *)fid : "");
		v[n].size = i64_to_u64(sqlite3_column_int64(st, 2));
		v[n].stat = sqlite3_column_type(st, 3) != SQLITE_NULL &&
			    sqlite3_column_type(st, 4) != SQLITE_NULL;
		v[n].mtime = sqlite3_column_int64(st, 3);
		v[n].ino = i64_to_u64(sqlite3_column_int64(st, 4));
		if (!v[n++].path) {
			kdep_error_set("out of memory");
			goto done;
		}
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, "cannot read scan files from");
		goto done;
	}
	*out = v;
	*nout = n;
	v = NULL;
	ret = 0;
done:
	db_files_free(v, n);
	st_release(st);
	return ret;
}

/* The newest scan statement which selects, with its files. */
static int find_newest(struct db *db, int which, const char *tree,
		       const char *arch, const char *profile,
		       struct db_scan_meta *meta, struct db_file **files,
		       uint32_t *nfiles)
{
	sqlite3_stmt *st = st_get(db, which);
	int ret = -1;

	assert(tree && arch && profile && meta);
	if (files)
		*files = NULL;
	if (nfiles)
		*nfiles = 0;
	if (!st || read_begin(db) < 0)
		return -1;
	/* transient: tree may be a string of the meta this call replaces */
	if ((sqlite3_bind_text(st, 1, tree, -1, SQLITE_TRANSIENT) |
	     sqlite3_bind_text(st, 2, arch, -1, SQLITE_TRANSIENT) |
	     sqlite3_bind_text(st, 3, profile, -1, SQLITE_TRANSIENT)) !=
	    SQLITE_OK) {
		db_fail(db, "cannot read scans from");
		goto done;
	}
	if (find_scan(db, st, meta) < 0)
		goto done;
	if (meta->id && files && nfiles &&
	    scan_files(db, meta->id, files, nfiles) < 0)
		goto done;
	ret = 0;
done:
	st_release(st);
	read_end(db);
	return ret;
}

int db_find_latest(struct db *db, const char *tree, const char *arch,
		   const char *profile, struct db_scan_meta *meta,
		   struct db_file **files, uint32_t *nfiles)
{
	return find_newest(db, ST_FIND_LATEST, tree, arch, profile, meta,
			   files, nfiles);
}

int db_find_other(struct db *db, const char *tree, const char *arch,
		  const char *profile, struct db_scan_meta *meta,
		  struct db_file **files, uint32_t *nfiles)
{
	return find_newest(db, ST_FIND_OTHER, tree, arch, profile, meta,
			   files, nfiles);
}

int db_find_key(struct db *db, const char *key, struct db_scan_meta *meta)
{
	sqlite3_stmt *st = st_get(db, ST_FIND_KEY);
	int ret = -1;

	assert(key && meta);
	if (!st)
		return -1;
	if (sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT) != SQLITE_OK) {
		db_fail(db, "cannot read scans from");
		goto done;
	}
	ret = find_scan(db, st, meta);
done:
	st_release(st);
	return ret;
}

/*
 * Steps st, a query of one row of scan id (bound here as ?1): 0 at the
 * row, else -1 with the error set: no such scan, or what SQLite says after
 * what.
 */
static int scan_step(struct db *db, sqlite3_stmt *st, int64_t id,
		     const char *what)
{
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		kdep_error_set("no scan %lld in %s", (long long)id, db->path);
	else
		db_fail(db, what);
	return -1;
}

int db_scan_counts(struct db *db, int64_t scan_id, struct model_counts *c)
{
	sqlite3_stmt *st = st_get(db, ST_SCAN_COUNTS);
	sqlite3_stmt *est = st_get(db, ST_EDGE_COUNTS);
	int rc, ret = -1;

	assert(c);
	memset(c, 0, sizeof(*c));
	if (!st || !est || read_begin(db) < 0 ||
	    scan_step(db, st, scan_id, "cannot read scans from") < 0)
		goto done;
	c->files = (uint32_t)sqlite3_column_int64(st, 0);
	c->defined = (uint32_t)sqlite3_column_int64(st, 1);
	c->undefined = (uint32_t)sqlite3_column_int64(st, 2);
	c->choices = (uint32_t)sqlite3_column_int64(st, 3);
	sqlite3_bind_int64(est, 1, scan_id);
	while ((rc = sqlite3_step(est)) == SQLITE_ROW) {
		const unsigned char *kind = sqlite3_column_text(est, 0);
		int k = kind ? model_edge_kind_from_name((const char *)kind)
			     : -1;
		if (k >= 0)
			c->edges[k] = (uint32_t)sqlite3_column_int64(est, 1);
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, "cannot read scans from");
		goto done;
	}
	ret = 0;
done:
	st_release(st);
	st_release(est);
	read_end(db);
	return ret;
}

void db_strings_free(char **v, uint32_t n)
{
	if (!v)
		return;
	for (uint32_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int db_scan_warnings(struct db *db, int64_t scan_id, char ***out,
		     uint32_t *nout)
{
	sqlite3_stmt *st = st_get(db, ST_WARNINGS);
	char **v = NULL;
	uint32_t n = 0, cap = 0;
	int rc, ret = -1;

	assert(out && nout);
	*out = NULL;
	*nout = 0;
	if (!st)
		goto done;
	sqlite3_bind_int64(st, 1, scan_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			char **nv = realloc(v, sizeof(*v) * cap);
			if (!nv) {
				kdep_error_set("out of memory");
				goto done;
			}
			v = nv;
		}
		const unsigned char *t = sqlite3_column_text(st, 0);
		if (!(v[n++] = strdup(t ? (const char *)t : ""))) {
			kdep_error_set("out of memory");
			goto done;
		}
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, "cannot read warnings from");
		goto done;
	}
	*out = v;
	*nout = n;
	v = NULL;
	ret = 0;
done:
	db_strings_free(v, n);
	st_release(st);
	return ret;
}

/* ---- load ---------------------------------------------------------------- */

/* What db_load_model is building. */
struct loader {
	struct db *db;        /* the database */
	int64_t id;           /* the scan */
	struct model *m;      /* the model being filled */
	uint32_t nfiles;      /* sizes the scan row announces: files, */
	uint32_t nsyms;       /* symbols, */
	uint32_t nnodes;      /* nodes, */
	uint32_t nprops;      /* properties, */
	uint32_t nedges;      /* edges */
	uint32_t nwarnings;   /* and warnings */
	struct name_ix *ix;   /* the symbols by names.id, sorted */
	struct expr_ix *ex;   /* the expressions the props name: sorted by
			       * id, or, when ex_base, at id - ex_base */
	size_t nex;           /* entries of ex */
	int64_t ex_base;      /* 0, or the smallest id (ex indexed by id) */
};

/*
 * The error for a scan whose rows do not make a model: "corrupt <what>",
 * what being printf-style (the table, and what is wrong in it when known).
 */
static int load_corrupt(struct loader *ld, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int load_corrupt(struct loader *ld, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	if (model_failed(ld->m)) {
		kdep_error_oom(); /* rows left unread, not wrong */
		return -1;
	}
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	kdep_error_set("cannot load scan %lld from %s: corrupt %s",
		       (long long)ld->id, ld->db->path, what);
	return -1;
}

/* An index column that may be NULL (MODEL_NONE); *bad when >= limit. */
static uint32_t col_index(sqlite3_stmt *st, int col, uint32_t limit,
			  int *bad)
{
	int64_t v = sqlite3_column_int64(st, col);
	/* a NULL reads as 0: only then is the type asked (one call less a
	 * column on the ~150k rows of a graph load) */
	if (!v && sqlite3_column_type(st, col) == SQLITE_NULL)
		return MODEL_NONE;
	if (v < 0 || v >= limit) {
		*bad = 1;
		return MODEL_NONE;
	}
	return (uint32_t)v;
}

/* A nullable text column copied into the model's arena. */
static const char *col_text(struct model *m, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	if (!t)
		return NULL;
	return model_strndup(m, (const char *)t,
			     (size_t)sqlite3_column_bytes(st, col));
}

/* A load query with the scan id bound. */
static sqlite3_stmt *load_query(struct loader *ld, enum st id)
{
	sqlite3_stmt *st = st_get(ld->db, id);
	if (st)
		sqlite3_bind_int64(st, 1, ld->id);
	return st;
}

/* Ends a load query's row loop: rc must be SQLITE_DONE. */
static int load_end(struct loader *ld, sqlite3_stmt *st, int rc, int ret)
{
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(ld->db, "cannot load scan from");
	st_release(st);
	return ret;
}

/* Checks sizes v (as ST_LOAD_SCAN gives them) against the rows stored. */
static int load_counts(struct loader *ld, const int64_t v[6])
{
	static const char *const table[6] = {
		"files", "symbols", "nodes", "props", "edges", "warnings",
	};
	sqlite3_stmt *st = load_query(ld, ST_LOAD_COUNTS);
	int rc, ret = 0;

	if (!st)
		return -1;
	rc = sqlite3_step(st);
	for (int i = 0; rc == SQLITE_ROW && i < 6 && !ret; i++) {
		int64_t rows = sqlite3_column_int64(st, i);
		if (v[i] != rows)
			ret = load_corrupt(ld, "scan sizes: %lld %s announced, "
					   "%lld stored", (long long)v[i],
					   table[i], (long long)rows);
	}
	return load_end(ld, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, ret);
}

static int load_sizes(struct loader *ld)
{
	sqlite3_stmt *st = load_query(ld, ST_LOAD_SCAN);
	struct model *m = ld->m;
	int rc, ret = 0, bad = 0;

	if (!st)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		kdep_error_set("no scan %lld in %s", (long long)ld->id,
			       ld->db->path);
		st_release(st);
		return -1;
	}
	if (rc == SQLITE_ROW) {
		int64_t v[6];
		int big = 0;
		for (int i = 0; i < 6; i++) {
			v[i] = sqlite3_column_int64(st, i);
			if (v[i] < 0 || v[i] >= MODEL_NONE)
				bad = 1;
			big |= v[i] > DB_TRUSTED_ROWS;
		}
		if (bad)
			ret = load_corrupt(ld, "scan sizes");
		else if (big)
			ret = load_counts(ld, v);
		if (!ret) {
			ld->nfiles = (uint32_t)v[0];
			ld->nsyms = (uint32_t)v[1];
			ld->nnodes = (uint32_t)v[2];
			ld->nprops = (uint32_t)v[3];
			ld->nedges = (uint32_t)v[4];
			ld->nwarnings = (uint32_t)v[5];
			if (model_reserve(m, ld->nfiles, ld->nsyms, ld->nnodes,
					  ld->nwarnings))
				ret = -1;
			m->modules_sym = col_index(st, 6, ld->nsyms, &bad);
			if (!ret && bad)
				ret = load_corrupt(ld, "modules symbol");
		}
		rc = SQLITE_DONE;
	}
	return load_end(ld, st, rc, ret);
}

static int load_files(struct loader *ld)
{
	sqlite3_stmt *st = load_query(ld, ST_LOAD_FILES);
	struct model *m = ld->m;
	int rc, ret = 0;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *path = sqlite3_column_text(st, 1);
		if (m->nfiles >= ld->nfiles ||
		    sqlite3_column_int64(st, 0) != m->nfiles || !path) {
			ret = load_corrupt(ld, "file table");
			break;
		}
		model_add_file(m, (const char *)path);
	}
	if (!ret && m->nfiles != ld->nfiles)
		ret = load_corrupt(ld, "file table");
	return load_end(ld, st, rc, ret);
}

static int load_warnings(struct loader *ld)
{
	sqlite3_stmt *st = load_query(ld, ST_WARNINGS);
	struct model *m = ld->m;
	int rc, ret = 0;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		if (m->nwarnings >= ld->nwarnings || !t) {
			ret = load_corrupt(ld, "warnings");
			break;
		}
		model_add_warning(m, (const char *)t);
	}
	if (!ret && m->nwarnings != ld->nwarnings)
		ret = load_corrupt(ld, "warnings");
	return load_end(ld, st, rc, ret);
}

/*
 * Choice membership as the exporter writes it: a symbol is a member (its
 * choice column set) exactly when it has SYMF_CHOICE_MEMBER, it is an
 * ordinary symbol, and what it names is a choice's pseudo-symbol. So no
 * choice is a member, of itself or of another.
 */
static int check_choices(struct loader *ld)
{
	const struct model *m = ld->m;
	for (uint32_t i = 0; i < m->nsyms; i++) {
		const struct sym *s = &m->syms[i];
		int member = !!(s->flags & SYMF_CHOICE_MEMBER);
		if (member != (s->choice != MODEL_NONE))
			return load_corrupt(ld, "symbol table: symbol %u %s",
					    i, member ? "is flagged a choice "
					    "member but names no choice" :
					    "names a choice but is not flagged "
					    "a member");
		if (!member)
			continue;
		if (s->flags & (SYMF_CHOICE | SYMF_CONST))
			return load_corrupt(ld, "symbol table: symbol %u is "
					    "a choice or constant in a choice",
					    i);
		if (!(m->syms[s->choice].flags & SYMF_CHOICE))
			return load_corrupt(ld, "symbol table: symbol %u is "
					    "a member of symbol %u, no choice",
					    i, s->choice);
	}
	return 0;
}

static int load_symbols(struct loader *ld)
{
	sqlite3_stmt *st = load_query(ld, ST_LOAD_SYMBOLS);
	struct model *m = ld->m;
	uint32_t modules = m->modules_sym;
	int rc, ret = 0, bad = 0;

	if (!st)
		return -1;
	ld->ix = malloc(sizeof(*ld->ix) * (ld->nsyms ? ld->nsyms : 1));
	if (!ld->ix) {
		kdep_error_oom();
		return load_end(ld, st, SQLITE_DONE, -1);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *name = sqlite3_column_text(st, 1);
		int64_t type = sqlite3_column_int64(st, 2);
		if (m->nsyms >= ld->nsyms ||
		    sqlite3_column_int64(st, 0) != m->nsyms || !name ||
		    type < SYM_UNKNOWN || type > SYM_HEX) {
			ret = load_corrupt(ld, "symbol table");
			break;
		}
		uint32_t i = model_add_sym(m, (const char *)name, (int)type,
				   (uint32_t)sqlite3_column_int64(st, 3));
		m->syms[i].choice = col_index(st, 4, ld->nsyms, &bad);
		ld->ix[i] = (struct name_ix){ sqlite3_column_int64(st, 5), i };
	}
	if (!ret && (bad || m->nsyms != ld->nsyms))
		ret = load_corrupt(ld, "symbol table");
	if (!ret) {
		qsort(ld->ix, m->nsyms, sizeof(*ld->ix), name_ix_cmp);
		for (uint32_t i = 1; i < m->nsyms && !ret; i++)
			if (ld->ix[i].name == ld->ix[i - 1].name)
				ret = load_corrupt(ld, "symbol table: symbols "
						   "%u and %u have one name",
						   ld->ix[i - 1].sym,
						   ld->ix[i].sym);
	}
	if (!ret)
		ret = check_choices(ld);
	/* model_add_sym guessed it from the flags; the scan row knows */
	m->modules_sym = modules;
	return load_end(ld, st, rc, ret);
}

/* Whether node n's symbol fits its kind. */
static int node_sym_ok(const struct model *m, const struct node *n)
{
	if (n->kind != NODE_SYM && n->kind != NODE_CHOICE)
		return n->sym == MODEL_NONE;
	if (n->sym == MODEL_NONE)
		return 0;
	uint32_t flags = m->syms[n->sym].flags;
	if (n->kind == NODE_CHOICE)
		return !!(flags & SYMF_CHOICE);
	return !(flags & (SYMF_CHOICE | SYMF_CONST));
}

/*
 * The structure every walk up the menu tree relies on: a config or choice
 * node names a symbol of its kind (others none), a parent is an if, menu
 * or choice node, and following parents ends. A parent cycle would make
 * every such walk (dependencies, visibility, the SAT cone) loop forever.
 *
 * The cycle check stamps each node with the first node whose walk reached
 * it: a walk from i that meets a node stamped i has gone round; one that
 * meets an earlier stamp joins a chain already known to end. O(nodes).
 */
static int check_nodes(struct loader *ld)
{
	const struct model *m = ld->m;
	uint32_t *stamp = NULL;
	int ret = -1;

	for (uint32_t i = 0; i < m->nnodes; i++) {
		const struct node *n = &m->nodes[i];
		if (!node_sym_ok(m, n))
			return load_corrupt(ld, "node table: node %u names no "
					    "symbol of its kind", i);
		if (n->parent == MODEL_NONE)
			continue;
		int kind = m->nodes[n->parent].kind;
		if (kind != NODE_IF && kind != NODE_MENU && kind != NODE_CHOICE)
			return load_corrupt(ld, "node table: the parent of "
					    "node %u is no if, menu or choice",
					    i);
	}
	if (!(stamp = malloc(sizeof(*stamp) * (m->nnodes ? m->nnodes : 1)))) {
		kdep_error_oom();
		return -1;
	}
	for (uint32_t i = 0; i < m->nnodes; i++)
		stamp[i] = MODEL_NONE;
	for (uint32_t i = 0; i < m->nnodes; i++) {
		uint32_t p = i;
		while (p != MODEL_NONE && stamp[p] == MODEL_NONE) {
			stamp[p] = i;
			p = m->nodes[p].parent;
		}
		if (p != MODEL_NONE && stamp[p] == i) {
			load_corrupt(ld, "node table: node %u is its own "
				     "ancestor", p);
			goto done;
		}
	}
	ret = 0;
done:
	free(stamp);
	return ret;
}

static int load_nodes(struct loader *ld)
{
	sqlite3_stmt *st = load_query(ld, ST_LOAD_NODES);
	struct model *m = ld->m;
	int rc, ret = 0, bad = 0;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t kind = sqlite3_column_int64(st, 1);
		if (m->nnodes >= ld->nnodes ||
		    sqlite3_column_int64(st, 0) != m->nnodes ||
		    kind < NODE_SYM || kind > NODE_IF) {
			ret = load_corrupt(ld, "node table");
			break;
		}
		struct node *n = model_add_node(m, (int)kind,
				col_index(st, 3, m->nsyms, &bad));
		n->menuconfig = (uint8_t)sqlite3_column_int(st, 2);
		n->parent = col_index(st, 4, ld->nnodes, &bad);
		n->loc.file = col_index(st, 5, m->nfiles, &bad);
		n->loc.line = (uint32_t)sqlite3_column_int64(st, 6);
		n->title = col_text(m, st, 7);
		n->help = col_text(m, st, 8);
		/* a text named but not there */
		if (n->loc.file == MODEL_NONE ||
		    (!n->title && sqlite3_column_type(st, 9) != SQLITE_NULL) ||
		    (!n->help && sqlite3_column_type(st, 10) != SQLITE_NULL))
			bad = 1;
	}
	if (!ret && (bad || m->nnodes != ld->nnodes))
		ret = load_corrupt(ld, "node table");
	if (!ret)
		ret = check_nodes(ld);
	return load_end(ld, st, rc, ret);
}

/*
 * Whether p has the expressions its kind has, as the exporter writes them
 * and as the rules read them without looking: a prompt has no expr (its
 * text and condition only), anything else has one; a range has its high
 * bound in expr2, nothing else has an expr2; a 'depends on' or 'visible
 * if' is its expr, with no condition of its own; what a select or imply
 * names is a symbol.
 */
static int prop_shape_ok(const struct prop *p)
{
	if (!p->expr != (p->kind == P_PROMPT) ||
	    !p->expr2 != (p->kind != P_RANGE))
		return 0;
	if ((p->kind == P_DEPENDS || p->kind == P_VISIBLE) && p->cond)
		return 0;
	if (p->kind == P_SELECT || p->kind == P_IMPLY)
		return p->expr->op == E_SYM;
	return 1;
}

static int int64_cmp(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;
	return (*x > *y) - (*x < *y);
}

/* Fills x with the expression of exprs.id id; an SQLite result code. */
static int load_expr(struct loader *ld, sqlite3_stmt *st, struct expr_ix *x,
		     int64_t id)
{
	int bad = 0, rc;

	x->id = id;
	x->e = NULL;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		x->e = tree_parse(ld->m, ld->ix, ld->m->nsyms,
				  sqlite3_column_text(st, 0), &bad);
		if (bad)
			x->e = NULL;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc;
}

/*
 * Reads each expression the properties name once: ids holds the exprs.id
 * of every expression column of every property (0 for NULL, negative for
 * no id at all). The ids of one scan are close together (rowids of a
 * table of ~10k rows per scan), so ld->ex is an array indexed by id from
 * the smallest; ids spread wider than 4 per reference (a corrupt row) are
 * sorted instead. A bad tree or a missing row is a NULL expression.
 */
static int load_exprs(struct loader *ld, int64_t *ids, size_t n)
{
	sqlite3_stmt *st = st_get(ld->db, ST_LOAD_EXPRS);
	int64_t lo = INT64_MAX, hi = 0;
	int rc = SQLITE_DONE;

	if (!st)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (ids[i] > 0) {
			lo = ids[i] < lo ? ids[i] : lo;
			hi = ids[i] > hi ? ids[i] : hi;
		}
	if (hi && (uint64_t)(hi - lo) < 4 * (uint64_t)n + 4096) {
		ld->ex_base = lo;
		ld->nex = (size_t)(hi - lo) + 1;
		if (!(ld->ex = calloc(ld->nex, sizeof(*ld->ex)))) {
			kdep_error_oom();
			return -1;
		}
		for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
			struct expr_ix *x = &ld->ex[ids[i] - lo];
			if (ids[i] > 0 && !x->id)
				rc = load_expr(ld, st, x, ids[i]);
		}
		return load_end(ld, st, rc, 0);
	}
	qsort(ids, n, sizeof(*ids), int64_cmp);
	if (!(ld->ex = malloc(sizeof(*ld->ex) * (n ? n : 1)))) {
		kdep_error_oom();
		return -1;
	}
	for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
		if (ids[i] <= 0 || (ld->nex && ld->ex[ld->nex - 1].id == ids[i]))
			continue;
		rc = load_expr(ld, st, &ld->ex[ld->nex++], ids[i]);
	}
	return load_end(ld, st, rc, 0);
}

/*
 * The expression whose exprs.id is id, or NULL for 0 (none); *bad is set
 * when it is not there or its tree is bad.
 */
static struct expr *ex_find(struct loader *ld, int64_t id, int *bad)
{
	const struct expr_ix *x = NULL;

	if (!id)
		return NULL;
	if (ld->ex_base) {
		if (id >= ld->ex_base && (uint64_t)(id - ld->ex_base) < ld->nex)
			x = &ld->ex[id - ld->ex_base];
	} else {
		size_t lo = 0, hi = ld->nex;
		while (lo < hi) { /* sorted by id */
			size_t mid = lo + (hi - lo) / 2;
			if (ld->ex[mid].id < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < ld->nex)
			x = &ld->ex[lo];
	}
	if (!x || x->id != id || !x->e) {
		*bad = 1;
		return NULL;
	}
	return x->e;
}

/* An exprs.id column: 0 for NULL, -1 (no row) for anything but an id. */
static int64_t col_ref(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return 0;
	int64_t v = sqlite3_column_int64(st, col);
	return v > 0 ? v : -1;
}

/*
 * Whether property p of node ni, its expressions just set, is sound:
 * else the error is set. bad: an expression was missing or bad.
 */
static int prop_check(struct loader *ld, const struct prop *p, uint32_t ni,
		      int bad)
{
	if (bad || p->loc.file == MODEL_NONE)
		return load_corrupt(ld, "property table: a property of node "
				    "%u has a bad place or expression tree",
				    ni);
	if (!prop_shape_ok(p))
		return load_corrupt(ld, "property table: a %s of node %u "
				    "lacks an expression or has one too many",
				    model_prop_kind_name(p->kind), ni);
	return 0;
}

/*
 * The properties, in two passes: the rows, with the ids of their
 * expressions; then each expression once (load_exprs), pointed to by
 * every property that names it.
 */
static int load_props(struct loader *ld)
{
	sqlite3_stmt *st;
	struct model *m = ld->m;
	struct prop *props = model_alloc(m, sizeof(*props) * ld->nprops);
	size_t nrefs = 3 * (size_t)ld->nprops;
	int64_t *refs = malloc(sizeof(*refs) * (nrefs ? 2 * nrefs : 1));
	uint32_t *owner = malloc(sizeof(*owner) * (ld->nprops + 1));
	uint32_t n = 0, last = 0;
	int rc = SQLITE_DONE, ret = -1, bad = 0;

	if (!refs || !owner) {
		kdep_error_oom();
		goto done;
	}
	if (!props || !(st = load_query(ld, ST_LOAD_PROPS)))
		goto done;
	ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t ni = sqlite3_column_int64(st, 0);
		int64_t kind = sqlite3_column_int64(st, 1);
		/* rows come sorted by node, so each node's run is contiguous */
		if (n >= ld->nprops || ni < last || ni >= m->nnodes ||
		    kind < P_DEPENDS || kind > P_VISIBLE) {
			ret = load_corrupt(ld, "property table");
			break;
		}
		struct node *nd = &m->nodes[ni];
		struct prop *p = &props[n];
		last = owner[n] = (uint32_t)ni;
		for (int k = 0; k < 3; k++)
			refs[3 * (size_t)n + k] = col_ref(st, 4 + k);
		n++;
		if (!nd->props)
			nd->props = p;
		nd->nprops++;
		p->kind = (uint8_t)kind;
		p->loc.file = col_index(st, 2, m->nfiles, &bad);
		p->loc.line = (uint32_t)sqlite3_column_int64(st, 3);
		p->text = col_text(m, st, 7);
		/* a text named but not there */
		if (bad || (!p->text &&
			    sqlite3_column_type(st, 8) != SQLITE_NULL)) {
			ret = prop_check(ld, p, (uint32_t)ni, 1);
			break;
		}
	}
	ret = load_end(ld, st, rc, ret);
	if (!ret && n != ld->nprops)
		ret = load_corrupt(ld, "property table");
	if (ret)
		goto done;
	/* a copy that may be sorted: refs stays in property order */
	memcpy(refs + nrefs, refs, sizeof(*refs) * nrefs);
	if ((ret = load_exprs(ld, refs + nrefs, nrefs)) < 0)
		goto done;
	for (uint32_t i = 0; i < n && !ret; i++) {
		struct prop *p = &props[i];
		const int64_t *r = &refs[3 * (size_t)i];
		bad = 0;
		p->expr = ex_find(ld, r[0], &bad);
		p->expr2 = ex_find(ld, r[1], &bad);
		p->cond = ex_find(ld, r[2], &bad);
		ret = prop_check(ld, p, owner[i], bad);
	}
done:
	free(refs);
	free(owner);
	return ret;
}

/*
 * The edges, derived from the nodes and properties as when the scan was
 * stored (model_build_edges is the only maker of edges), and checked
 * against the number stored.
 */
static int load_edges(struct loader *ld)
{
	if (model_build_edges(ld->m) < 0)
		return -1;
	if (ld->m->nedges != ld->nedges)
		return load_corrupt(ld, "edge table: %u edges announced, %u "
				    "derived", ld->nedges, ld->m->nedges);
	return 0;
}

int db_load_model(struct db *db, int64_t scan_id, struct model **out)
{
	struct loader ld = { .db = db, .id = scan_id };
	int ret = -1;

	assert(db && db->h && out);
	*out = NULL;
	if (!(ld.m = model_new())) {
		kdep_error_set("out of memory");
		goto done;
	}
	if (read_begin(db) < 0 || load_sizes(&ld) < 0 ||
	    load_files(&ld) < 0 || load_symbols(&ld) < 0 ||
	    load_nodes(&ld) < 0 || load_props(&ld) < 0 ||
	    load_warnings(&ld) < 0)
		goto done;
	if (model_failed(ld.m)) {
		kdep_error_oom();
		goto done;
	}
	if (model_link(ld.m) < 0) {
		char why[256];
		snprintf(why, sizeof(why), "%s", kdep_error_last());
		kdep_error_set("cannot load scan %lld from %s: %s",
			       (long long)scan_id, db->path, why);
		goto done;
	}
	if (load_edges(&ld) < 0)
		goto done;
	*out = ld.m;
	ld.m = NULL;
	ret = 0;
done:
	read_end(db);
	free(ld.ix);
	free(ld.ex);
	model_free(ld.m);
	return ret;
}

int db_refresh_stat(struct db *db, int64_t scan_id, int64_t began,
		    const struct db_file *files, const struct db_file *now,
		    uint32_t n)
{
	sqlite3_stmt *st;
	int ret = -1;
	if (db->readonly) {
		kdep_error_set("cannot refresh scan %lld in %s: it is read-only"
			       " (%s)", (long long)scan_id, db->path,
			       db->readonly_why);
		return -1;
	}
	if (!(st = st_get(db, ST_BEGIN)) ||
	    st_run(db, st, "cannot refresh scan in") < 0)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		if (!now[i].stat || (files[i].stat &&
				     files[i].mtime == now[i].mtime &&
				     files[i].ino == now[i].ino))
			continue;
		if (!(st = st_get(db, ST_REFRESH_FILE)))
			goto done;
		sqlite3_bind_int64(st, 1, scan_id);
		sqlite3_bind_int64(st, 2, i);
		sqlite3_bind_int64(st, 3, now[i].mtime);
		sqlite3_bind_int64(st, 4, u64_to_i64(now[i].ino));
		if (st_run(db, st, "cannot refresh scan in") < 0)
			goto done;
	}
	if (!(st = st_get(db, ST_REFRESH_SCAN)))
		goto done;
	sqlite3_bind_int64(st, 1, scan_id);
	sqlite3_bind_int64(st, 2, began);
	if (st_run(db, st, "cannot refresh scan in") < 0 ||
	    !(st = st_get(db, ST_COMMIT)) ||
	    st_run(db, st, "cannot refresh scan in") < 0)
		goto done;
	ret = 0;
done:
	if (ret && !sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return ret;
}

int db_load_graph(struct db *db, int64_t scan_id, struct model **out)
{
	sqlite3_stmt *st = NULL;
	char why[160] = "";
	int ret = -1;

	assert(db && db->h && out);
	*out = NULL;
	if (read_begin(db) < 0)
		return -1;
	if (!(st = st_get(db, ST_LOAD_GRAPH)) ||
	    scan_step(db, st, scan_id, "cannot load scan from") < 0)
		goto done;
	if (sqlite3_column_type(st, 0) != SQLITE_BLOB)
		snprintf(why, sizeof(why), "none stored");
	else if (db_graph_decode(sqlite3_column_blob(st, 0),
				 (size_t)sqlite3_column_bytes(st, 0), out,
				 why, sizeof(why)) == 0 &&
		 ((*out)->nsyms != sqlite3_column_int64(st, 1) ||
		  (*out)->nedges != sqlite3_column_int64(st, 2)))
		snprintf(why, sizeof(why), "%u symbols and %u edges, the scan "
			 "says %lld and %lld", (*out)->nsyms, (*out)->nedges,
			 (long long)sqlite3_column_int64(st, 1),
			 (long long)sqlite3_column_int64(st, 2));
	if (why[0]) {
		model_free(*out);
		*out = NULL;
		kdep_error_set("cannot load scan %lld from %s: corrupt graph: %s",
			       (long long)scan_id, db->path, why);
		goto done;
	}
	ret = *out ? 0 : -1; /* else out of memory, the error set */
done:
	st_release(st);
	read_end(db);
	return ret;
}

int db_kept_get(struct db *db, const char *kind, const char *key, char **out)
{
	sqlite3_stmt *st = st_get(db, ST_KEPT_GET);
	int ret = -1;
	*out = NULL;
	if (!st)
		return -1;
	if (sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT) != SQLITE_OK) {
		db_fail(db, "cannot read what is kept in");
		goto done;
	}
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(st, 0);
		if (!(*out = kdep_strdup(v ? (const char *)v : "")))
			goto done;
	} else if (rc != SQLITE_DONE) {
		db_fail(db, "cannot read what is kept in");
		goto done;
	}
	ret = 0;
done:
	st_release(st);
	return ret;
}

int db_kept_put(struct db *db, const char *kind, const char *key,
		const char *value)
{
	if (db->readonly)
		return 0; /* a read-only database keeps nothing, silently */
	sqlite3_stmt *st = st_get(db, ST_KEPT_PUT);
	if (!st)
		return -1;
	if (sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_text(st, 3, value, -1, SQLITE_TRANSIENT) !=
		    SQLITE_OK) {
		st_release(st);
		return db_fail(db, "cannot keep an answer in");
	}
	int ret = st_run(db, st, "cannot keep an answer in");
	st_release(st);
	return ret;
}

int db_proof_get(struct db *db, const char *key, char **out)
{
	return db_kept_get(db, "proof", key, out);
}

int db_proof_put(struct db *db, const char *key, const char *value)
{
	return db_kept_put(db, "proof", key, value);
}
