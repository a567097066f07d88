/*
 * symindex.h - the syntactic index of a tree's symbols: every name a
 * `config`, `menuconfig` or `choice` line of any Kconfig* file defines,
 * in every directory (all arches at once), as the kernel's
 * scripts/checkkconfigsymbols.py collects it (help text left out). No
 * parse: a symbol one arch does not source is still defined. Read
 * through the source layer, so from any backend.
 */
#ifndef KDEP_SCAN_SYMINDEX_H
#define KDEP_SCAN_SYMINDEX_H

#include <stddef.h>

#include "source.h"

/*
 * The names defined in src, sorted (strcmp) and unique, into *names (a
 * string vector: strv_free) and *n. The files read are not left in src's
 * read list. Returns 0, or -1 with the error set.
 */
int symindex_build(struct source *src, char ***names, size_t *n);

/* The names the Kconfig text defines, appended to *v (room *cap, *n
 * used; strings owned by *v). Returns 0, or -1 with the error set. */
int symindex_add_text(const char *text, char ***v, size_t *n, size_t *cap);

#endif
