/*
 * source_impl.h - what a backend of the source layer supplies, and what the
 * common code in source.c lends it. Private to the source layer and its
 * backends (analyzer/source/, and the git backend in analyzer/git/).
 *
 * A backend embeds struct source as the first member of its own struct and
 * fills in ops. The common code normalises, confines and resolves every
 * path before a backend sees it (source_resolve, the one policy on
 * symbolic links): an op is only ever handed a normalised path relative to
 * the root ("" for the root itself), never one with "." or ".." components,
 * never an absolute one, and none of whose components is a symbolic link,
 * but for the last component of a path kind and link are asked about. A
 * backend follows no link itself: it says an entry is one (SOURCE_LINK)
 * and what its target is, and the common code decides. Ops follow the
 * error contract (0, or -1 with the error set) and never print.
 */
#ifndef KDEP_SOURCE_IMPL_H
#define KDEP_SOURCE_IMPL_H

#include "source.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

/* What a path names. */
enum source_kind {
	SOURCE_ABSENT, /* nothing */
	SOURCE_FILE,   /* a regular file */
	SOURCE_DIR,    /* a directory */
	SOURCE_LINK,   /* a symbolic link, not followed (the link op) */
	SOURCE_OTHER,  /* what a tree may not hold: a fifo, a device, ... */
};

/*
 * The most bytes a tree file may have: 16 MiB, some 150 times the largest
 * Kconfig file of Linux 6.12 (arch/x86/Kconfig, 108 KB) and of its
 * Makefile (72 KB). A file past it is refused, never read to its end, so
 * that a huge file, or one that grows while it is read, cannot take the
 * memory (a device, /dev/zero, is no regular file: never opened).
 */
#define SOURCE_MAX_FILE (16u << 20)

/*
 * The most symbolic links one path may pass through, as Linux's
 * MAXSYMLINKS: a loop of links is refused rather than walked for ever.
 */
#define SOURCE_MAX_LINKS 40

/* An entry of a directory listing. */
struct source_dirent {
	char *name;            /* the entry's name, no slash */
	enum source_kind kind; /* what it is; a link is SOURCE_LINK */
};

/* What list returns when norm is no directory (the error is set too). */
#define SOURCE_NOTDIR (-2)

/* The operations of a backend; every path is normalised (see above). */
struct source_ops {
	/* Reads file norm into a NUL-terminated buffer the caller frees. */
	int (*read)(struct source *s, const char *norm, char **data,
		    size_t *len);
	/*
	 * What norm names; a symbolic link as last component is not
	 * followed but said to be one.
	 */
	enum source_kind (*kind)(struct source *s, const char *norm);
	/*
	 * Optional: the target of the symbolic link norm, as the link holds
	 * it (relative to the link's directory, or absolute), NUL-terminated
	 * in buf of size bytes. NULL for a backend that holds no links (its
	 * kind never says SOURCE_LINK).
	 */
	int (*link)(struct source *s, const char *norm, char *buf,
		    size_t size);
	/*
	 * The entries of directory norm, in any order, without "." and ".."
	 * and without what is neither a file, a directory nor a symbolic
	 * link (a link is listed as SOURCE_LINK, not followed); the caller
	 * frees them with source_dirents_free. SOURCE_NOTDIR when norm is
	 * absent or a file. Globs and subdirectories are built on this, once
	 * for every backend.
	 */
	int (*list)(struct source *s, const char *norm,
		    struct source_dirent **out, size_t *n);
	/*
	 * Optional: the content id of file norm, when the backend knows it
	 * without the bytes being hashed (a git tree's or index's blob id).
	 * NULL: the common code computes it from the bytes (source_blob_id).
	 */
	int (*id)(struct source *s, const char *norm,
		  char id[SOURCE_ID_SIZE]);
	/*
	 * Optional: the stat data of file norm (source_stat). NULL for a
	 * backend whose files have none (memory, a git tree).
	 */
	int (*stat)(struct source *s, const char *norm,
		    struct source_stat *st);
	/*
	 * Optional (source_hold): while on, a path's kind and stat data
	 * asked again in a row may be answered from what the backend found
	 * when it was asked first. NULL for a backend that asks nothing of
	 * a system (memory) or answers from what it holds (git, overlay).
	 */
	void (*hold)(struct source *s, int on);
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
	char known[PATH_MAX];         /* the last directory source_resolve
				       * reached with no link on the way
				       * ("" for none): a path below it is
				       * walked from there */
};

/* Sets up the common part of a backend's freshly zeroed struct. */
void source_init(struct source *s, const struct source_ops *ops);

/*
 * What a backend whose tree changes in memory (an edit, an added file)
 * calls: the common code forgets what it knew of the tree's directories.
 * A tree on disk that changes under kdep is a race, not a change: its
 * reads follow no link whatever the common code knew.
 */
void source_changed(struct source *s);

/*
 * The confinement of paths, in one place: rel normalised into norm (of
 * size bytes); -1 with the error set when it is too long, absolute, or
 * climbs above the root.
 */
int source_confine(const char *rel, char *norm, size_t size);

/*
 * The one policy on symbolic links, for every backend (a backend only
 * says that an entry is a link, and to what): rel confined
 * (source_confine), then walked from the root one component at a time,
 * each link replaced by its target. A link whose target stays inside the
 * tree is followed: a relative target is taken from the link's directory,
 * its ".." never above the root; an absolute one must lie below
 * source_root. One that leaves the tree is refused, and nothing outside is
 * ever asked about. Sets norm (size bytes) to the path with no link left
 * in it and *kind to what it names, never SOURCE_LINK (norm means nothing
 * when *kind is SOURCE_ABSENT). -1 with the error set when rel is outside
 * or too long, when it leads outside the tree through a link ("'rel'
 * leads outside the tree") or passes more than SOURCE_MAX_LINKS links.
 */
int source_resolve(struct source *s, const char *rel, char *norm,
		   size_t size, enum source_kind *kind);

/* Sets the error for file rel, past SOURCE_MAX_FILE bytes; returns -1. */
int source_too_large(const char *rel);

/*
 * Appends the entry name (len bytes) to the listing *v of *n entries and
 * capacity *cap. 0, or -1 with the error set.
 */
int source_dirent_add(struct source_dirent **v, size_t *n, size_t *cap,
		      const char *name, size_t len, enum source_kind kind);
/* Frees a listing of n entries. */
void source_dirents_free(struct source_dirent *v, size_t n);

#endif
