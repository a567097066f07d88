/*
 * key.h - the content key of a scan (private to scan/): the kdep version,
 * the architecture, the profile and its fingerprint, and every file read
 * and glob expanded, in order, each with its content id (git's blob id).
 * Glob entries are stored with a leading '/', which no read path has.
 *
 * The key is git's blob id (SHA-1, through source_blob_id) of those
 * fields, each ended by a NUL: two trees share a key only when every file
 * a scan read has the same id in both, so a change crafted to collide
 * would have to collide SHA-1 (and git's collision-detecting SHA-1 at
 * that), not a hash kdep made up.
 */
#ifndef KDEP_SCAN_KEY_H
#define KDEP_SCAN_KEY_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "source.h"

/*
 * The ids the entries of a tree on disk were found to have by the checks
 * of one process (its path, or "/pattern", to its id), so that the check
 * of a second profile's scan, which read the same files, stats nothing
 * again. Only for a source that keeps stat data: its files do not change
 * through kdep (an overlay's do).
 */
struct scan_fresh {
	struct scan_fresh_entry {
		char *path;                 /* the entry; NULL: a free slot */
		char id[SOURCE_ID_SIZE];    /* its id now */
		int stat;                   /* mtime and ino were taken */
		int64_t mtime;              /* its stat data, taken before */
		uint64_t ino;               /* its id was found */
	} *v;                               /* open addressing */
	size_t cap;                         /* slots, 0 or a power of 2 */
	size_t n;                           /* used */
	int64_t began;                      /* unix time before the first
					       check: every stat data here
					       was taken after it */
};
void scan_fresh_free(struct scan_fresh *f);

/* A key being built: the fields, NUL-ended one after the other. */
struct scan_key {
	char *buf;        /* the fields so far */
	size_t len, cap;  /* bytes used and allocated */
	int failed;       /* an allocation failed: the key is no key */
};

/*
 * What a scan's kdep version is recorded as: kdep's version and the version
 * of what a key stands for, raised when the same files give another model
 * (3: every prompt of a block and the first type, as the kernel keeps
 * them; 4: probe keys as the shell runs them, unrecorded y/n probes free
 * inputs; 5: no entry for a literal glob the file read after it implies),
 * so that a scan cached before is parsed again, whether its key is made
 * again or, its files unchanged, only its fields are compared.
 */
#define SCAN_VERSION KDEP_VERSION " key 5"

void scan_key_begin(struct scan_key *k, const char *arch, const char *profile,
		    const char *fingerprint);
/* Adds one entry: a path (or "/pattern") and its content id. */
void scan_key_add(struct scan_key *k, const char *path, const char *id);
/* The key as 40 hex digits; 0, or -1 with the error set. */
int scan_key_hex(const struct scan_key *k, char out[SOURCE_ID_SIZE]);
void scan_key_free(struct scan_key *k);
/*
 * Adds the entries of a stored scan, each id taken from the tree as it is
 * now. Returns -1 when one can no longer be read (parse again).
 *
 * Freshness as git's index decides it: a file whose stat data (size,
 * mtime, inode) is what the scan recorded keeps its stored id without
 * being read, unless its mtime is not older than since (ns since the
 * epoch: when the scan began reading), the racy-entry rule: it may have
 * been written again within the same timestamp after it was read. Every
 * other file is hashed again. An edit that keeps size and inode and puts
 * the old mtime back (touch -d) is thus not seen outside the racy window;
 * git's index compares ctime too, which hard-linked copies of a tree
 * change in every file, so kdep does not.
 *
 * *same is set to whether every entry has the id the scan stored: then
 * the key is the stored one when its other fields are (the caller
 * compares them), and it need not be hashed again. fresh (may be NULL)
 * answers for what an earlier check of the process found, and learns.
 * now (may be NULL; n entries, zeroed) gets the stat data each file had
 * before its id was found, as a refresh stores it (db_refresh_stat):
 * the caller refreshes a scan whose key held, as git refreshes its index
 * (its files then need no hash at the next check).
 */
int scan_key_recheck(struct source *src, const struct db_file *files,
		     uint32_t n, int64_t since, struct scan_fresh *fresh,
		     struct db_file *now, struct scan_key *k, int *same);

#endif
