/*
 * stamps.h - the content ids of a directory's files known by their stat
 * data, as git's index knows them: a file whose size, modification time
 * (to the nanosecond), inode and device are those recorded with an id has
 * that id, so it need not be read and hashed again. Kept in the database,
 * one row per directory.
 *
 * The change time is not compared (git's core.trustctime false): a
 * hard-linked copy of a tree, as the tests make, changes the link count
 * and so the change time of every file it shares, and its content not
 * at all; an edit changes the modification time, a file replaced by a
 * copy its inode.
 *
 * A file is recorded with the stat data taken before it was read, and
 * only when its modification time is at least STAMPS_RACY seconds old
 * then: a change later within the same clock tick cannot be told by its
 * time stamp (git's "racy" entries).
 */
#ifndef KDEP_SCAN_STAMPS_H
#define KDEP_SCAN_STAMPS_H

#include <stdint.h>

#include "db.h"
#include "source.h"

#define STAMPS_RACY 2

/* What stat says of a file. */
struct stamp {
	uint64_t size;      /* st_size */
	int64_t mtime_s;    /* st_mtim */
	int64_t mtime_ns;
	uint64_t ino;       /* st_ino */
	uint64_t dev;       /* st_dev */
};

struct scan_stamps;

/*
 * The stamps of directory root (an absolute path) kept in db (NULL: none
 * kept, every id hashed). 0, or -1 with the error set.
 */
int scan_stamps_open(struct scan_stamps **out, struct db *db,
		     const char *root);
/*
 * The id of file rel of the root into id: 1 when its stat data are
 * those recorded, else 0 with st its stat data now (for scan_stamps_put
 * once it is read and hashed); -1 with the error set when it cannot be
 * stat'ed.
 */
int scan_stamps_id(struct scan_stamps *s, const char *rel,
		   char id[SOURCE_ID_SIZE], struct stamp *st);
/* Records rel's id, hashed from what was read after st was taken. */
int scan_stamps_put(struct scan_stamps *s, const char *rel,
		    const struct stamp *st, const char id[SOURCE_ID_SIZE]);
/* Stores what was recorded (when anything was) and frees s. 0, or -1
 * with the error set (s is freed either way). */
int scan_stamps_close(struct scan_stamps *s);

#endif
