/*
 * kconf.h - loads a Kconfig tree into a model by running kconfiglib in an
 * embedded Python interpreter. kconf.c is the only file that includes
 * Python.h; no Python type crosses this header.
 */
#ifndef KDEP_KCONF_H
#define KDEP_KCONF_H

#include "model.h"
#include "source.h"

/* Answers $(shell,...) probes without running anything (profile replay). */
struct kconf_prober {
	/*
	 * Returns the output for a command (borrowed, valid until the load
	 * ends), or NULL when there is no answer: the prober then records
	 * the miss itself and the probe expands to "".
	 */
	const char *(*answer)(void *ctx, const char *command);
	void *ctx; /* passed to answer */
};

struct kconf_opts {
	/* Variables set for the parse and for live probes ("NAME=VALUE"). */
	const char *const *env;
	size_t nenv;
	/*
	 * NULL: run $(shell,...) probes for real, as the kernel's conf does
	 * (only ever with --profile host). Otherwise every probe is answered
	 * by the prober and no process is started.
	 */
	const struct kconf_prober *prober;
};

/*
 * Parses the tree of src (top file "Kconfig") into *out. Every file is read
 * through src. On failure the error message is a GCC-style diagnostic
 * ("FILE:LINE: error: ...") when the problem has a place in the tree.
 */
int kconf_load(struct source *src, const struct kconf_opts *opts,
	       struct model **out);

/* Every defined symbol's value after an evaluation. */
struct kconf_values {
	char **names;   /* symbol names, in definition order */
	char **values;  /* "y", "m", "n", or the int/hex/string value */
	size_t n;       /* how many */
};

/*
 * Parses the tree as kconf_load does, loads config (the text of a .config,
 * "" for none) as 'make olddefconfig' would, and returns the value of every
 * defined symbol ("alldefconfig" when config is empty).
 */
int kconf_eval(struct source *src, const struct kconf_opts *opts,
	       const char *config, struct kconf_values *out);
void kconf_values_free(struct kconf_values *v);

/* Releases the interpreter (optional; at exit). */
void kconf_shutdown(void);

#endif
