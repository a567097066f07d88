/*
 * key.h - the content key of a scan (private to scan/): the kdep version,
 * the architecture, the profile and its fingerprint, and every file read
 * and glob expanded, in order. Glob entries are stored with a leading '/',
 * which no read path has.
 */
#ifndef KDEP_SCAN_KEY_H
#define KDEP_SCAN_KEY_H

#include <stdint.h>

#include "db.h"
#include "source.h"

struct scan_key {
	uint64_t h1, h2; /* two independent running hashes */
};

void scan_key_begin(struct scan_key *k, const char *arch, const char *profile,
		    const char *fingerprint);
/* Adds one entry: a path (or "/pattern") and its content hash. */
void scan_key_add(struct scan_key *k, const char *path, uint64_t hash);
/* The key as 32 hex digits. */
void scan_key_hex(const struct scan_key *k, char out[33]);
/*
 * Adds the entries of a stored scan, each hashed from the tree as it is
 * now. Returns -1 when one can no longer be read (parse again).
 */
int scan_key_recheck(struct source *src, const struct db_file *files,
		     uint32_t n, struct scan_key *k);

#endif
