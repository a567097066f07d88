/*
 * libgit2.c - libgit2 loaded on first use (libgit2.h).
 */
#define KGIT_LIB_TABLE /* the real names here, not the redirects */
#include "libgit2.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "error.h"

#ifndef KDEP_LIBGIT2
#define KDEP_LIBGIT2 "libgit2.so"
#endif

static struct kgit_lib lib;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded;             /* 1: lib is filled */
static char why[512];          /* else what failed */

static void load(void)
{
	void *h = dlopen(KDEP_LIBGIT2, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(why, sizeof(why), "cannot load libgit2: %s",
			 dlerror());
		return;
	}
#define KGIT_FN(name)                                                       \
	if (!(*(void **)&lib.name = dlsym(h, #name))) {                     \
		snprintf(why, sizeof(why), "cannot load libgit2: %s has no " \
			 "%s", KDEP_LIBGIT2, #name);                        \
		return;                                                     \
	}
#include "libgit2_fns.h"
#undef KGIT_FN
	loaded = 1;
}

int kgit_lib_load(void)
{
	pthread_once(&once, load);
	if (loaded)
		return 0;
	kdep_error_set("%s", why);
	return -1;
}

const struct kgit_lib *kgit_lib(void)
{
	if (kgit_lib_load()) {
		fprintf(stderr, "kdep: error: %s\n", kdep_error_last());
		exit(3);
	}
	return &lib;
}
