/*
 * cmd_profile.c - `kdep profile list|show`: the toolchain profiles and the
 * variables a parse under one of them sees.
 */
#include "cmd.h"
#include "error.h"

#include <string.h>

static int profile_show(const struct tree_opts *t, const char *name)
{
	struct source *src = NULL;
	struct profile_arch a;
	struct profile_env env;
	int ret = EXIT_TREE;

	if (strcmp(name, "host")) {
		fprintf(stderr, "kdep: error: unknown profile '%s'\n", name);
		return EXIT_USAGE;
	}
	if (tree_host_env(t, &src, &a, &env)) {
		cmd_error(kdep_error_last());
		goto done;
	}
	for (size_t i = 0; i < env.n; i++)
		printf("%s\n", env.vars[i]);
	profile_env_free(&env);
	ret = EXIT_OK;
done:
	source_free(src);
	return ret;
}

int cmd_profile(int argc, char **argv)
{
	struct tree_opts t;
	int list = argc > 1 && !strcmp(argv[argc - 1], "list");
	int ret = tree_args(argc, argv, "profile", list ? 1 : 2, &t);

	if (ret >= 0)
		return ret;
	if (!strcmp(t.args[0], "list") && list) {
		printf("host\tyour toolchain, probed live (CC, LLVM, "
		       "CROSS_COMPILE honoured)\n");
		return EXIT_OK;
	}
	if (strcmp(t.args[0], "show"))
		return cmd_usage("profile", stderr, EXIT_USAGE);
	return profile_show(&t, t.args[1]);
}
