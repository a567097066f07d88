/*
 * db.h - kdep's SQLite store; the only module that includes sqlite3.h.
 *
 * A scan is (tree identity, arch, profile) plus a content key. Storing a
 * scan is one transaction: an interrupted store leaves every earlier scan
 * intact and no partial scan visible.
 *
 * Ownership: a struct db owns its prepared statements (finalised by
 * db_close()). Pointer-to-pointer outputs belong to the caller, who frees
 * them with the matching *_free.
 */
#ifndef KDEP_DB_H
#define KDEP_DB_H

#include <stdint.h>

#include "model.h"

struct db;

/* A file read by a scan, with the id that makes up the content key. */
struct db_file {
	const char *path;    /* relative to the tree */
	char id[41];         /* content id: git's blob id, 40 hex digits
			      * (source_file_id; db/ sees no source.h) */
	uint64_t size;       /* bytes */
	int stat;            /* mtime and ino are the file's stat data
			      * when it was read; 0: the source has none */
	int64_t mtime;       /* modification time, ns since the epoch */
	uint64_t ino;        /* inode number */
};

/* What a scan is, besides its graph. Strings are borrowed by the store. */
struct db_scan_meta {
	int64_t id;              /* set by db_store_scan / db_find_* */
	const char *tree;        /* tree identity: realpath or commit id */
	const char *arch;        /* e.g. "arm64" */
	const char *profile;     /* e.g. "host", "gcc-12" */
	const char *key;         /* content key, hex */
	const char *version;     /* kdep version that made it */
	double seconds;          /* how long the parse took */
	uint32_t unknown_probes; /* probes answered by a default */
	int64_t created;         /* unix time: when the scan began reading
				    the tree */
	const char *fingerprint; /* the profile's fingerprint, one of the
				    key's fields (stored so that a check
				    whose files all kept their ids need
				    not hash the key again), or NULL */
};

/*
 * Opens (creating when absent) the database at path, creating its parent
 * directory. Fails with a clear message for a file that is not a kdep
 * database or has a newer schema.
 *
 * A database that cannot be written (a read-only file, directory or file
 * system) is opened read-only: every lookup and load works, with no file
 * made beside it; db_store_scan fails, saying why. It cannot be created
 * there, and one whose write-ahead log holds changes that cannot be read
 * without writing is refused rather than shown without them.
 */
int db_open(struct db **out, const char *path);
void db_close(struct db *db);

/*
 * The newest scan of (tree, arch, profile), or none (returns 0 with
 * meta->id = 0). On success with a scan, *files gets its file list
 * (free with db_files_free); the strings in meta stay valid until the next
 * call on db.
 */
int db_find_latest(struct db *db, const char *tree, const char *arch,
		   const char *profile, struct db_scan_meta *meta,
		   struct db_file **files, uint32_t *nfiles);
void db_files_free(struct db_file *files, uint32_t n);
/*
 * The same for the newest scan of (arch, profile) of any tree but tree:
 * a candidate whose files may all have the same ids in tree (another
 * commit that changed no Kconfig file), for the caller to check.
 */
int db_find_other(struct db *db, const char *tree, const char *arch,
		  const char *profile, struct db_scan_meta *meta,
		  struct db_file **files, uint32_t *nfiles);

/*
 * A scan with this content key, or meta->id = 0 (the newest when several
 * trees share the key). As for db_find_latest, when none is found only
 * meta->id is written.
 */
int db_find_key(struct db *db, const char *key, struct db_scan_meta *meta);

/*
 * Stores a whole scan (meta, files, model with its edges, warnings) in one
 * transaction, replacing any older scan of the same (tree, arch, profile).
 * Sets meta->id, and meta->created to the current time when it is 0. The
 * model must be linked (model_link) and have its edges built.
 */
int db_store_scan(struct db *db, struct db_scan_meta *meta,
		  const struct db_file *files, uint32_t nfiles,
		  const struct model *m);

/*
 * Loads the graph of a stored scan, edges included (derived again by
 * model_build_edges: they are not stored). The rows are input, not
 * trusted: a scan whose rows do not make a well-formed model (ids out of
 * range or not contiguous, sizes that are not the rows', a parent that is
 * no block or a parent cycle, a node whose symbol is not of its kind, a
 * choice member of something that is no choice, two symbols of one name,
 * a shared row named but missing, a malformed expression tree or a
 * property without the expressions of its kind, another number of edges
 * than the scan says) is refused with "cannot load scan N from PATH:
 * corrupt WHAT", so that nothing downstream loops or reads out of bounds.
 */
int db_load_model(struct db *db, int64_t scan_id, struct model **out);

/*
 * The graph of a stored scan, what the cycle rule walks (model.h:
 * graph_only): one blob written with the scan (graph.h), read with one
 * query and decoded with no row per edge. Checked as db_load_model checks
 * its rows: a blob that is missing, truncated, fails its checksum, names
 * anything out of range or holds another number of symbols or edges than
 * the scan row is refused with "cannot load scan N from PATH: corrupt
 * graph: WHY".
 */
int db_load_graph(struct db *db, int64_t scan_id, struct model **out);

/*
 * Refreshes the stat data of scan scan_id, as git refreshes its index: the
 * rows of files[0..n) whose stat data in now[] (taken after the unix time
 * began, before the file's id was found the same) differs, and the scan's
 * created set to began, the new reference of the racy-entry rule. One
 * transaction. 0, or -1 with the error set (a read-only database).
 */
int db_refresh_stat(struct db *db, int64_t scan_id, int64_t began,
		    const struct db_file *files, const struct db_file *now,
		    uint32_t n);

/* Counts of a stored scan without loading it. */
int db_scan_counts(struct db *db, int64_t scan_id, struct model_counts *c);

/* Warnings of a stored scan; free with db_strings_free. */
int db_scan_warnings(struct db *db, int64_t scan_id, char ***out,
		     uint32_t *n);
void db_strings_free(char **v, uint32_t n);

/*
 * Proofs of fixes (rules/fix.h), by a key that hashes everything a proof
 * depends on (the scans' content keys, the edit, the question): the
 * stored text, or NULL in *out when there is none. They live in
 * kdep_meta as 'proof:KEY' rows (no table of their own, so no schema
 * change); a read-only database keeps none. 0, or -1 with the error set.
 */
int db_proof_get(struct db *db, const char *key, char **out);
int db_proof_put(struct db *db, const char *key, const char *value);

/*
 * The same for any kind of result kept by content: kind names it
 * ("proof", "cosel": an answer of co-selectability, "impact": the code
 * guards of a fix), the row is 'KIND:KEY'. The key must name everything
 * the value depends on; a value of another kdep version, tree or profile
 * must have another key.
 */
int db_kept_get(struct db *db, const char *kind, const char *key, char **out);
int db_kept_put(struct db *db, const char *kind, const char *key,
		const char *value);

/* Test hook: 1 to make db_store_scan fail (roll back) halfway. */
void db_test_fail_midway(struct db *db, int on);
/* Test hook: makes each db_store_scan stall halfway, inside its
 * transaction, saying so on stderr (kill tests aim at that window). */
void db_test_pause_midway(struct db *db, unsigned seconds);

/*
 * Test hook: runs sql (one or more statements) on the SQLite file at path
 * through a plain connection, without kdep's checks, so that tests can make
 * foreign or newer databases and count rows without including sqlite3.h.
 * When result is not NULL it gets the first column of the first row any
 * statement returned (0 when none did).
 */
int db_test_sql(const char *path, const char *sql, int64_t *result);

#endif
