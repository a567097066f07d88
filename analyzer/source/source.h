/*
 * source.h - where Kconfig text comes from. Every Kconfig file kdep parses
 * is read through here, never opened by kconfiglib itself, so that a tree
 * can be a directory now and a git commit or index later, and so that the
 * content key of a scan covers exactly the files that were read.
 */
#ifndef KDEP_SOURCE_H
#define KDEP_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "strv.h"

struct source;

/*
 * A content id: git's blob id of the bytes (SHA-1 of "blob LEN\0" and the
 * bytes), as 40 lower-case hex digits and a NUL, whatever the backend: a
 * file has one id whether it is read from a directory or from an object
 * database. Cache identity rests on it (the content key of a scan), never
 * on a hash kdep made up.
 */
#define SOURCE_ID_SIZE 41

/*
 * What a directory says of a file besides its bytes, as git's index keeps
 * it: a cache compares it to skip rehashing a file whose stat data did not
 * change. Never an identity: the content id is.
 */
struct source_stat {
	uint64_t size;  /* bytes */
	int64_t mtime;  /* modification time, nanoseconds since the epoch */
	uint64_t ino;   /* inode number */
};

/* A file the source handed out, in first-read order. */
struct source_file {
	char *path;     /* relative to the tree root; the pattern for a glob */
	char id[SOURCE_ID_SIZE]; /* the contents' id (source_file_id), or
			 * source_glob_id of a glob's matches */
	uint64_t size;  /* bytes, or a glob's match count */
	int glob;       /* a glob expansion rather than a file read */
	int has_stat;   /* st holds the file's stat data, taken before its
			 * bytes were read; 0: the backend keeps none */
	struct source_stat st; /* that stat data */
};

/*
 * What computes content ids: git's blob id of len bytes at data into id.
 * The source layer has no SHA-1 of its own and includes no git2.h; the
 * git layer installs its function (libgit2's git_odb_hash) once at
 * start-up (kgit_setup). 0, or -1 with the error set.
 */
typedef int (*source_id_fn)(const void *data, size_t len,
			    char id[SOURCE_ID_SIZE]);
void source_set_id_fn(source_id_fn fn);
/* The blob id of the bytes, through the installed function; -1 with the
 * error set when none is installed, or it fails. */
int source_blob_id(const void *data, size_t len, char id[SOURCE_ID_SIZE]);

/* Opens a directory tree. Fails for a missing path or a non-directory. */
int source_open_dir(struct source **out, const char *dir);

/*
 * An in-memory tree, filled with source_mem_add: what a git tree will be,
 * and what tests use to prove nothing else is read. identity names it;
 * root is the directory probes would run in, which need not exist.
 */
int source_open_mem(struct source **out, const char *identity,
		    const char *root);
/* Adds path with the contents data, or replaces what path was. */
int source_mem_add(struct source *s, const char *path, const char *data,
		   size_t len);
/*
 * Adds path as a symbolic link to target (relative to the link's
 * directory, or absolute), what a git tree holds as a blob of mode 120000.
 */
int source_mem_link(struct source *s, const char *path, const char *target);

/*
 * An overlay: the tree base (borrowed; it must outlive the overlay) seen
 * through files edited, added or removed in memory, so that a fix or a
 * patch can be proved by parsing again. Nothing is ever written to disk.
 * Its identity is the base's followed by a hash of the edits, so that it
 * never names the pristine tree, and changes when the edits do; its root
 * is the base's.
 */
int source_open_overlay(struct source **out, struct source *base);
/*
 * Gives path (normalised and confined like a read) the contents data: an
 * edited file shadows the base's, an added one appears in globs and
 * listings with its parent directories. Fails for a directory, or below
 * a file; for a symbolic link, or below one (an edit is never made
 * through a link).
 */
int source_overlay_put(struct source *s, const char *path, const char *data,
		       size_t len);
/* Makes the file path read as absent. Fails when path is not a file. */
int source_overlay_remove(struct source *s, const char *path);

void source_free(struct source *s);

/*
 * The tree's identity (the directory's realpath, the name of an in-memory
 * tree; an overlay's is rewritten as its edits change). Borrowed.
 */
const char *source_identity(const struct source *s);
/* An absolute path the tree can be found at on disk, or NULL. Borrowed. */
const char *source_root(const struct source *s);

/*
 * Every path below is relative to the root: its "." and ".." components
 * are resolved first, never above the root ("'x' is outside the tree"),
 * then its symbolic links, one component at a time, for every backend
 * alike. A link whose target stays inside the tree is followed; one that
 * leaves it is refused, its target never opened nor asked about: "'rel'
 * leads outside the tree", rel being the path asked for (a glob's match).
 * What is no regular file and no directory (a fifo, a device) is never
 * opened, and no file past 16 MiB is read (SOURCE_MAX_FILE).
 *
 * Reads rel into a NUL-terminated buffer the caller frees. Records the
 * file and its id in the read list, under rel's name, unless record is 0.
 */
int source_read(struct source *s, const char *rel, int record, char **data,
		size_t *len);
/*
 * Line n (from 1) of file, trimmed, with the lines a trailing backslash
 * continues it on joined by a space, into buf of size bytes (cut to fit).
 * "" when the file cannot be read or has no line n. Not recorded in the
 * read list. Returns buf.
 */
const char *source_line_text(struct source *s, const char *file, uint32_t n,
			     char *buf, size_t size);
/*
 * The id the read list records for file rel, without recording it: the
 * backend's own where it has one (a git tree's or index's entry: no bytes
 * read), else source_blob_id of the contents. What a cache check compares
 * a stored read list with.
 */
int source_file_id(struct source *s, const char *rel,
		   char id[SOURCE_ID_SIZE]);
/*
 * The stat data of file rel now (for every backend alike, rel resolved as
 * a read resolves it): 1 with *st filled, 0 when the backend keeps none (a
 * git tree, memory, an overlay), -1 with the error set when rel is no
 * file it can stat.
 */
int source_file_stat(struct source *s, const char *rel,
		     struct source_stat *st);
/* Whether s keeps stat data: a tree on disk, whose files change only
 * under it, never through it (an overlay, a commit keep none). */
int source_keeps_stat(const struct source *s);
/*
 * A check of many files as one look at the tree: while held (on), what
 * resolving a file, expanding a literal glob of it and taking its stat
 * data ask of the same path in a row is asked of the tree once (on disk:
 * one fstatat, not three). A change made while it is held shows at the
 * next check, as one made just after it would. Off again when done.
 */
void source_hold(struct source *s, int on);
/*
 * 0 when the source lets rel be asked for (whether or not it exists); -1
 * with the error set when it refuses the path itself (it leads outside the
 * tree, through '..' or a link, or loops).
 */
int source_check(struct source *s, const char *rel);
/* Whether rel names a regular file. */
int source_is_file(struct source *s, const char *rel);
/* Whether rel names a directory. */
int source_is_dir(struct source *s, const char *rel);

/*
 * Expands a glob pattern relative to the root into sorted relative paths
 * of regular files. *out is a NULL-terminated array the caller frees with
 * strv_free. The expansion is recorded in the read list (a file
 * that appears later changes what a scan reads). A match that leads
 * outside the tree fails the glob: it is what a `source` would read, so
 * it is neither read nor silently left out (the kernel's conf would read
 * it). A pattern without wildcards that names a fifo or a device fails
 * it too; a wildcard passes over those as over directories.
 */
int source_glob(struct source *s, const char *pattern, char ***out,
		size_t *n);
/*
 * The same expansion, neither recorded nor given an id (what a cache check
 * compares with a recorded one).
 */
int source_glob_list(struct source *s, const char *pattern, char ***out,
		     size_t *n);
/* Whether pattern has no wildcard: it matches itself or nothing. */
int source_glob_literal(const char *pattern);
/*
 * Subdirectories of rel, sorted; NULL-terminated, free with strv_free. A
 * link to a directory inside the tree is one; a link that leads outside
 * is left out, never followed (a listing reads nothing; naming it fails).
 */
int source_subdirs(struct source *s, const char *rel, char ***out, size_t *n);

/* Files read so far (borrowed), and forgetting them. */
const struct source_file *source_files_read(const struct source *s,
					    size_t *n);
void source_forget_reads(struct source *s);

/* The id a glob entry records for its matches: the blob id of their
 * names, each ended by a NUL. 0, or -1 with the error set. */
int source_glob_id(char *const *matches, size_t n, char id[SOURCE_ID_SIZE]);

/*
 * A 64-bit hash (FNV-1a over 8-byte words, then mixed): for names and
 * lookups only, never for cache identity (a collision can be crafted).
 */
uint64_t source_hash(const void *data, size_t len);

/*
 * Normalises rel in place: drops "." and empty components, resolves ".."
 * lexically (before any link is followed: "lnk/.." is the root). Returns
 * -1 when ".." would climb above the root or rel is absolute.
 */
int source_normalize(char *rel);

#endif
