/*
 * kconf.h - loads a Kconfig tree into a model by running kconfiglib in an
 * embedded Python interpreter. kconf.c is the only file that includes
 * Python.h; no Python type crosses this header.
 */
#ifndef KDEP_KCONF_H
#define KDEP_KCONF_H

#include "model.h"
#include "source.h"

/*
 * The most Kconfig text one parse reads, all files together. kconfiglib
 * keeps objects for every line it parses, kdep a model and rows beside
 * them: up to some 70 times the text (a tree of one-line symbols), and this
 * bound is what keeps that finite. x86 of 6.12 reads under 6 MiB. A file
 * that would take a parse past it is refused at its 'source' line.
 */
#define KCONF_MAX_TOTAL (32u << 20)

/* How the tree's $(shell,...) probes are answered. */
enum kconf_probe_mode {
	KCONF_LIVE,   /* run them, as the kernel's conf does (--profile host) */
	KCONF_RECORD, /* run them and log every answer (profile record) */
	KCONF_REPLAY, /* answer from a recording; nothing is ever run */
};

/*
 * A probe's key is its command with the toolchain's values and the tree's
 * location written back as $(CC), $(srctree), ... "probe" keys are
 * $(shell,...) commands, their blanks as the shell splits them
 * (kconf_probe_key); "call" keys are calls of the tree's own macros whose
 * expansion ran a probe, with the id of the definitions they run
 * ("cc-option(-fsanitize=kcfi) #def@0123456789ab"): another body of the
 * macro is another probe.
 */
struct kconf_probe {
	char *kind;   /* "probe" or "call" */
	char *key;    /* the normalised command or call */
	char *output; /* what it expanded to */
};

/*
 * The key of a $(shell,...) command (its text with $(CC), ... written back
 * already): unquoted blanks made single spaces, temporary file names
 * masked, so that spellings the shell runs the same have one key (see
 * probe_key.c). New string, or NULL when memory runs out.
 */
char *kconf_probe_key(const char *cmd);

struct kconf_probe_log {
	struct kconf_probe *v;
	size_t n;
};
void kconf_probe_log_free(struct kconf_probe_log *log);

/* Answers probes from a recording (replay). */
struct kconf_prober {
	/* The recorded output for a key (borrowed), or NULL. */
	const char *(*answer)(void *ctx, const char *kind, const char *key);
	void *ctx;            /* passed to answer */
	int failure_default;  /* an unrecorded if-success probe answers its
				 failure branch (else its success branch);
				 any other unrecorded probe answers "" */
	/* For a probe whose key names tree scripts by their ids, unrecorded
	 * with these: the answer every recorded key of the same command
	 * with other ids has, when they agree (borrowed), else NULL. May be
	 * NULL itself. */
	const char *(*like)(void *ctx, const char *kind, const char *command);
};

struct kconf_opts {
	/* Variables set for the parse and for live probes ("NAME=VALUE"). */
	const char *const *env;
	size_t nenv;
	enum kconf_probe_mode mode;
	const struct kconf_prober *prober; /* KCONF_REPLAY only */
	/*
	 * When not NULL, filled with every probe and call heard (RECORD), or
	 * every probe no recording answered and the default it got (REPLAY).
	 */
	struct kconf_probe_log *log;
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

/*
 * A parsed tree kept for several evaluations (kdep cosel checks each
 * candidate witness against it). Open it as kconf_load parses; every
 * evaluation starts from no user value, as a fresh 'make olddefconfig'.
 */
struct kconf_tree;
int kconf_open(struct source *src, const struct kconf_opts *opts,
	       struct kconf_tree **out);
/*
 * Loads config into t as kconf_eval does; name is the file it was read
 * from, the place of an error in it (NULL for a text kdep wrote). Text
 * that is not UTF-8 is refused at its line.
 */
int kconf_tree_eval(struct kconf_tree *t, const char *config,
		    const char *name, struct kconf_values *out);
/* The model of t's tree, as kconf_load would give it, from the same
 * parse. */
int kconf_tree_model(struct kconf_tree *t, struct model **out);
void kconf_tree_close(struct kconf_tree *t);

/*
 * What kconfiglib warned of in the last kconf_tree_eval() of t: each select
 * that gave its target more than the target's direct dependencies (its
 * 'depends on' lines, ifs and menus), the condition of conf's "unmet direct
 * dependencies detected for X". One entry per (target, selector).
 */
struct kconf_unmet {
	char **targets;   /* the symbols selected above their dependencies */
	char **selectors; /* [i]: the symbol whose select exceeds them */
	size_t n;         /* how many */
};
int kconf_tree_unmet(struct kconf_tree *t, struct kconf_unmet *out);
void kconf_unmet_free(struct kconf_unmet *u);

/* One entry of the .config the kernel's conf writes (conf_write()). */
enum kconf_dot_kind {
	KCONF_DOT_MAINMENU, /* the main menu's title (the first entry) */
	KCONF_DOT_MENU,     /* a menu or comment conf shows: its title */
	KCONF_DOT_END,      /* the end of a menu conf shows: its title */
	KCONF_DOT_SYMBOL,   /* a symbol conf writes, with its value */
};

struct kconf_dot {
	unsigned char kind; /* enum kconf_dot_kind */
	unsigned char type; /* KCONF_DOT_SYMBOL: enum sym_type */
	char *name;         /* KCONF_DOT_SYMBOL: the symbol; else NULL */
	char *text;         /* the value, or the title */
};

/* A .config as conf writes it, entry by entry, in its order. */
struct kconf_dotconfig {
	struct kconf_dot *v; /* the entries */
	size_t n;            /* how many */
};

/*
 * The .config the kernel's conf would write for the values of the last
 * kconf_tree_eval() of t: the symbols it writes (a transitional one
 * never; each at its first place in the menu tree) and the titles of the
 * menus and comments it shows, in the order of its conf_write().
 */
int kconf_tree_dotconfig(struct kconf_tree *t, struct kconf_dotconfig *out);
void kconf_dotconfig_free(struct kconf_dotconfig *d);
void kconf_values_free(struct kconf_values *v);

/* Releases the interpreter (optional; at exit). */
void kconf_shutdown(void);

/*
 * Test hooks, for tests/unit only: each changes what the interpreter's
 * start-up (the first load of the process) expects, so that a test sees
 * kdep refuse a shim or a kconfiglib that does not match. Call them before
 * that load; what they are given is borrowed for the life of the process.
 */
/* kdep expects the shim's tuples of kind ("node", "symbol", ...: the keys
 * of the shim's LAYOUTS) to have the fields fields[0..n). */
void kconf_test_expect_layout(const char *kind, const char *const *fields,
			      size_t n);
/* kdep accepts kconfiglib only in the versions versions[0..n)
 * ("MAJOR.MINOR.PATCH"), instead of its own list. */
void kconf_test_supported_versions(const char *const *versions, size_t n);

#endif
