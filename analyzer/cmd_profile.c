/*
 * cmd_profile.c - `kdep profile list|show`: the toolchain profiles and the
 * variables a parse under one of them sees.
 */
#include "cmd.h"
#include "error.h"

#include <getopt.h>
#include <string.h>

int cmd_profile(int argc, char **argv)
{
	static const struct option longopts[] = { TREE_LONG_OPTIONS,
						   { NULL, 0, NULL, 0 } };
	struct tree_opts t = { 0 };
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == OPT_HELP)
			return cmd_usage("profile", stdout, EXIT_OK);
		if (!tree_opt(&t, c, optarg))
			return cmd_usage("profile", stderr, EXIT_USAGE);
	}
	if (optind >= argc)
		return cmd_usage("profile", stderr, EXIT_USAGE);
	if (!strcmp(argv[optind], "list") && optind + 1 == argc) {
		printf("host\tyour toolchain, probed live (CC, LLVM, "
		       "CROSS_COMPILE honoured)\n");
		return EXIT_OK;
	}
	if (strcmp(argv[optind], "show") || optind + 2 != argc)
		return cmd_usage("profile", stderr, EXIT_USAGE);
	if (strcmp(argv[optind + 1], "host")) {
		fprintf(stderr, "kdep: error: unknown profile '%s'\n",
			argv[optind + 1]);
		return EXIT_USAGE;
	}

	struct source *src = NULL;
	struct profile_arch a;
	struct profile_env env;
	int ret = EXIT_TREE;
	if (source_open_dir(&src, t.tree ? t.tree : ".") ||
	    profile_arch_resolve(src, t.arch ? t.arch : profile_host_arch(),
				 &a) ||
	    profile_host_env(src, &a, &env)) {
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
