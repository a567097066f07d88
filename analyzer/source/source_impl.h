/*
 * source_impl.h - what a backend of the source layer supplies, and what the
 * common code in source.c lends it. Private to analyzer/source/.
 *
 * A backend embeds struct source as the first member of its own struct and
 * fills in ops. The common code normalises and confines every path before a
 * backend sees it: an op is only ever handed a normalised path relative to
 * the root ("" for the root itself), never one with "." or ".." components,
 * never an absolute one. Ops follow the error contract (0, or -1 with the
 * error set) and never print.
 */
#ifndef KDEP_SOURCE_IMPL_H
#define KDEP_SOURCE_IMPL_H

#include "source.h"

#include <stddef.h>
#include <stdint.h>

/* What a path names. */
enum source_kind {
	SOURCE_ABSENT, /* nothing, or nothing a tree may hold (a fifo) */
	SOURCE_FILE,   /* a regular file */
	SOURCE_DIR,    /* a directory */
};

/* An entry of a directory listing. */
struct source_dirent {
	char *name;            /* the entry's name, no slash */
	enum source_kind kind; /* what it is, symbolic links followed */
};

/* What list returns when norm is no directory (the error is set too). */
#define SOURCE_NOTDIR (-2)

/* The operations of a backend; every path is normalised (see above). */
struct source_ops {
	/* Reads file norm into a NUL-terminated buffer the caller frees. */
	int (*read)(struct source *s, const char *norm, char **data,
		    size_t *len);
	/* What norm names. */
	enum source_kind (*kind)(struct source *s, const char *norm);
	/*
	 * The entries of directory norm, in any order, without "." and ".."
	 * and without what is neither a file nor a directory; the caller
	 * frees them with source_dirents_free. SOURCE_NOTDIR when norm is
	 * absent or a file. Globs and subdirectories are built on this, once
	 * for every backend.
	 */
	int (*list)(struct source *s, const char *norm,
		    struct source_dirent **out, size_t *n);
	/*
	 * Optional: the content hash of file norm, when the backend knows it
	 * without the bytes being hashed (a git blob id). NULL: the common
	 * code hashes the bytes with source_hash.
	 */
	int (*hash)(struct source *s, const char *norm, uint64_t *hash);
	/* The tree's identity; borrowed. */
	const char *(*identity)(const struct source *s);
	/* The tree's directory on disk, or NULL; borrowed. */
	const char *(*root)(const struct source *s);
	/* Frees the backend's struct (the common part is already cleared). */
	void (*free)(struct source *s);
};

/* The part of a tree every backend shares. */
struct source {
	const struct source_ops *ops; /* the backend */
	struct source_file *reads;    /* files handed out, first read first */
	size_t nreads, capreads;      /* count and capacity of reads */
};

/* Sets up the common part of a backend's freshly zeroed struct. */
void source_init(struct source *s, const struct source_ops *ops);

/*
 * The confinement of paths, in one place: rel normalised into norm (of
 * size bytes); -1 with the error set when it is too long, absolute, or
 * climbs above the root.
 */
int source_confine(const char *rel, char *norm, size_t size);

/*
 * The confinement of paths on disk: whether path (an absolute path below
 * root, whose length is rootlen) stays in the tree. A symbolic link must
 * resolve inside root.
 */
int source_inside(const char *root, size_t rootlen, const char *path);

/*
 * Appends the entry name (len bytes) to the listing *v of *n entries and
 * capacity *cap. 0, or -1 with the error set.
 */
int source_dirent_add(struct source_dirent **v, size_t *n, size_t *cap,
		      const char *name, size_t len, enum source_kind kind);
/* Frees a listing of n entries. */
void source_dirents_free(struct source_dirent *v, size_t n);

#endif
