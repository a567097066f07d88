/*
 * git_impl.h - what the files of analyzer/git/ share: the repository's
 * struct and the translation of libgit2's errors. Private to this folder.
 */
#ifndef KDEP_GIT_IMPL_H
#define KDEP_GIT_IMPL_H

#include "libgit2.h"

#include "git.h"

struct kgit {
	git_repository *repo; /* the open repository (owned) */
	char *workdir;        /* work tree without trailing slash, or NULL */
	char *gitdir;         /* git directory without trailing slash */
};

/* Initialises libgit2 once per process; 0, or -1 with the error set. */
int kgit_init(void);

/*
 * Sets the error "what: libgit2's last message" (environment class) and
 * returns -1; kgit_fail_arg the same as the caller's error.
 */
int kgit_fail(const char *what);
int kgit_fail_arg(const char *what);

#endif
