/*
 * patchgen.h - kernel patches kdep writes itself: a series of logical
 * changes, each a list of files with their contents after the change, for
 * an overlay to prove and a mail writer to turn into diffs.
 *
 * The one generator so far is the arm64 static-call trampoline series
 * (trampoline.c). It reads the tree through the source layer, finds each
 * place it edits by its contents, never by a line number, and refuses
 * with the file and line of the nearest landmark when one is missing.
 *
 * Ownership: a series owns everything reachable from it and is freed with
 * patchgen_series_free().
 */
#ifndef KDEP_PATCHGEN_H
#define KDEP_PATCHGEN_H

#include <stddef.h>
#include <stdint.h>

#include "source.h"

/* One file of a patch: its path and its whole contents after the patch. */
struct patchgen_file {
	char *path;   /* relative to the tree root */
	char *data;   /* the new contents, NUL-terminated */
	size_t len;   /* bytes of data */
	int created;  /* the file did not exist before the series */
};

/* One logical change: a commit. */
struct patchgen_patch {
	char *subject;               /* "arm64: ..." (no "[PATCH]") */
	char *body;                  /* the commit message, without trailers */
	struct patchgen_file *files; /* in the order written */
	size_t n_files;              /* entries of files */
	size_t cap_files;            /* allocated entries of files */
};

/* A series, or the reason there is none. */
struct patchgen_series {
	struct patchgen_patch *patches; /* in the order they apply */
	size_t n_patches;               /* entries of patches */
	size_t cap_patches;             /* allocated entries of patches */
	struct patchgen_file *final;    /* every file touched, its contents
					 * after the whole series: the overlay */
	size_t n_final;                 /* entries of final */
	size_t cap_final;               /* allocated entries of final */
	char *skipped;                  /* why nothing was generated (the tree
					 * already has it), else NULL */
};

void patchgen_series_free(struct patchgen_series *s);
/*
 * The contents of path as the series so far leaves it: a file an earlier
 * patch wrote, else the tree's. 1 when it exists in neither (*data NULL),
 * 0 with *data a copy the caller frees, -1 with the error set.
 */
int patchgen_series_read(struct patchgen_series *s, struct source *tree,
			 const char *path, char **data, size_t *len);
/* Starts a new patch (subject and body are copied). */
int patchgen_series_begin(struct patchgen_series *s, const char *subject,
			  const char *body);
/*
 * Records path's new contents in the current patch and in the final
 * state; data is taken over (freed by the series, also on failure).
 */
int patchgen_series_put(struct patchgen_series *s, const char *path,
			char *data, int created);

/*
 * Appends a patch of its own (subject and body copied) that replaces the
 * whole lines old of file with new_text, in the file as the series so
 * far leaves it: found by their text, the occurrence nearest line when
 * there are several (an earlier patch may have moved them). 0, or -1
 * with the error set (at line when the text is gone).
 */
int patchgen_series_edit(struct patchgen_series *s, struct source *tree,
			 const char *file, uint32_t line, const char *old,
			 const char *new_text, const char *subject,
			 const char *body);

/* What the trampoline series is asked for. */
struct tramp_opts {
	const char *select_cond; /* the condition of `select HAVE_STATIC_CALL`
				  * ("" unconditional, "CFI_CLANG", ...);
				  * NULL: the tree's CFI symbol */
	const char *select_why;  /* why that condition, for the commit
				  * message (the proof's summary), or NULL */
	int direct_calls;        /* also build ftrace_modify_call() for
				  * DIRECT_CALLS without CALL_OPS */
};

/*
 * The condition candidates for `select HAVE_STATIC_CALL` in this tree,
 * for the proof machinery to choose among: the seed's
 * "!LTO_CLANG_THIN || CLANG_VERSION >= 130000", "" (unconditional) and
 * the tree's CFI symbol ("CFI_CLANG", or "CFI" where renamed). *out is a
 * NULL-terminated vector the caller frees with strv_free.
 */
int tramp_select_candidates(struct source *tree, char ***out, size_t *n);

/*
 * Generates the arm64 static-call trampoline series for tree (the arm64
 * files read through it). A tree that already has arm64 static calls gives
 * a series with no patches and the reason in skipped. -1 with the error
 * set (and its place) when a place to edit cannot be found.
 */
int tramp_generate(struct source *tree, const struct tramp_opts *opts,
		   struct patchgen_series **out);

#endif
