/*
 * libgit2.h - libgit2, loaded when the git layer first needs it. Private
 * to analyzer/git/, which includes it instead of git2.h.
 *
 * kdep does not link libgit2 and its dependencies (Kerberos, mbedTLS,
 * libssh2, OpenSSL's libcrypto): loading them costs every process some
 * 3 ms at start-up, more than the whole of a cached command's reads. The
 * layer's calls go through a table of pointers (struct kgit_lib) that
 * the first call fills, from the libgit2 kdep was built against (its
 * soname, KDEP_LIBGIT2). The names stay libgit2's: libgit2_redirect.inc
 * defines each as its pointer.
 */
#ifndef KDEP_LIBGIT2_H
#define KDEP_LIBGIT2_H

#include <git2.h>

struct kgit_lib {
#define KGIT_FN(name) __typeof__(name) *name;
#include "libgit2_fns.h"
#undef KGIT_FN
};

/*
 * Loads libgit2 once per process (thread-safe). 0, or -1 with the error
 * set (the environment's): the library or one of its functions missing.
 */
int kgit_lib_load(void);

/* The table, loaded on first use; a process that cannot load it is told
 * why on stderr and ends with status 3. */
const struct kgit_lib *kgit_lib(void);

#ifndef KGIT_LIB_TABLE
#include "libgit2_redirect.inc"
#endif

#endif
