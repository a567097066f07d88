/*
 * verify.h - the Kconfig engine as the judge of a candidate .config: the
 * callback co-selectability (rules/cosel.h) checks its candidates with.
 * The tree is parsed by kconfiglib on the first check only, so a question
 * that the solver answers no costs no parse at all.
 */
#ifndef KDEP_SCAN_VERIFY_H
#define KDEP_SCAN_VERIFY_H

#include "cosel.h"
#include "scan.h"

struct scan_verifier {
	struct source *src;         /* the tree (borrowed) */
	struct scan_profile prof;   /* the profile the checks run under */
	struct kconf_tree *tree;    /* parsed on first use, else NULL */
};

/* Readies a verifier of src for arch a under profile; close it either
 * way. */
int scan_verifier_open(struct scan_verifier *v, struct source *src,
		       const struct profile_arch *a, const char *profile);
void scan_verifier_close(struct scan_verifier *v);

/* A cosel_check_fn: ctx is a struct scan_verifier. Besides the values,
 * out gets what kconfiglib warned of: the selects above their targets'
 * dependencies (kconf_tree_unmet()). */
int scan_verify(void *ctx, const char *config, struct cosel_outcome *out);

#endif
