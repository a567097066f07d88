/* verify.c - candidate .config files checked by kconfiglib (verify.h). */
#include "phase.h"
#include "verify.h"

#include <string.h>

int scan_verifier_open(struct scan_verifier *v, struct source *src,
		       const struct profile_arch *a, const char *profile)
{
	memset(v, 0, sizeof(*v));
	v->src = src;
	return scan_profile_open(src, a, profile, &v->prof);
}

void scan_verifier_close(struct scan_verifier *v)
{
	kconf_tree_close(v->tree);
	scan_profile_close(&v->prof);
	memset(v, 0, sizeof(*v));
}

int scan_verify(void *ctx, const char *config, struct cosel_outcome *out)
{
	struct scan_verifier *v = ctx;
	struct kconf_values vals;

	if (!v->tree) {
		struct kconf_opts ko = scan_profile_opts(&v->prof, NULL);
		if (kconf_open(v->src, &ko, &v->tree))
			return -1;
		phase_mark("witness-parse");
	}
	struct kconf_unmet u;
	if (kconf_tree_eval(v->tree, config, NULL, &vals))
		return -1;
	if (kconf_tree_unmet(v->tree, &u)) {
		kconf_values_free(&vals);
		return -1;
	}
	out->names = vals.names;
	out->values = vals.values;
	out->n = vals.n;
	out->unmet = u.targets;
	out->unmet_by = u.selectors;
	out->nunmet = u.n;
	return 0;
}
