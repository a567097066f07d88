/*
 * series_prove.h - a generated patch series (patchgen.h) proven on the
 * tree it is for before anything is written: laid over the tree in
 * memory, parsed again for the architecture under each profile, the
 * cycle rule run on those graphs and the targets asked again, each yes
 * with a witness the Kconfig engine accepted (series_prove.c). Proofs and
 * the choice of the trampoline's condition are kept in the database by
 * content, so that asking again costs a lookup.
 */
#ifndef KDEP_SCAN_SERIES_PROVE_H
#define KDEP_SCAN_SERIES_PROVE_H

#include "patchgen.h"
#include "scan.h"
#include "tramp_prove.h"

/* The tree a series is proven on and where proofs are kept. */
struct series_ctx {
	struct source *tree;            /* the tree (borrowed) */
	const struct profile_arch *a;   /* the architecture */
	char *const *profiles;          /* [n] the profiles */
	size_t n;                       /* how many */
	const char *const *keys;        /* [n] their scans' content keys,
					   or NULL: nothing kept */
	struct db *db;                  /* where proofs are kept, or NULL */
};

/*
 * tramp_choose() of x's tree, recalled from the database when kept (the
 * scans' keys name the Kconfig files the candidates are parsed with),
 * else proven and kept; *recalled says which. 0, or -1 with the error
 * set; free out with tramp_choice_free() either way.
 */
int series_choose(const struct series_ctx *x, struct tramp_choice *out,
		  int *recalled);

/* What the tree with the whole series laid over it answers. */
struct series_proof {
	unsigned components;  /* components with a cycle, under any of the
				 profiles (0: acyclic under every one) */
	char *cycle;          /* components: the first cycle, a line per
				 link ("A selects B (FILE:LINE)"), else NULL */
	int *verdict;         /* [n] enum cosel_verdict of the targets under
				 profile i */
	char **witness;       /* [n] yes: the .config the Kconfig engine
				 accepted with every target y, else NULL */
	size_t n;             /* entries of verdict and witness */
	int recalled;         /* kept from an earlier run: nothing parsed */
};

/*
 * Lays s (its final files) over x's tree, parses it under each profile,
 * finds the cycles and asks whether targets[0..nt) (resolved names) can
 * be y together, into out (free with series_proof_free either way). 0,
 * or -1 with the error set (a parse, the solver or the engine failed).
 */
int series_prove(const struct series_ctx *x, const struct patchgen_series *s,
		 const char *const *targets, size_t nt, struct series_proof *out);
void series_proof_free(struct series_proof *p);

#endif
