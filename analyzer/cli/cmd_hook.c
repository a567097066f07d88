/*
 * cmd_hook.c - `kdep hook install|uninstall [--force]`: kdep's pre-commit
 * hook in the repository's hooks directory (core.hooksPath honoured),
 * calling this kdep by its absolute path, since git front ends run hooks
 * with a minimal PATH.
 */
#include "cmd.h"
#include "error.h"
#include "git.h"
#include "gitops.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_hook(struct cmd_ctx *c)
{
	const char *what = c->o.args[0];
	int install = !strcmp(what, "install");
	if (!install && strcmp(what, "uninstall"))
		return cmd_usage_error(c->cmd, "hook takes install or "
				       "uninstall, not '%s'", what);
	if (!install && c->o.force)
		return cmd_usage_error(c->cmd, "--force goes with install");
	struct kgit *g = NULL;
	char *dir = NULL, self[PATH_MAX];
	int outcome = 0, ret;
	if (kgit_open(&g, NULL) || kgit_hooks_dir(g, &dir)) {
		ret = cmd_fail();
		goto done;
	}
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (install && (n <= 0 || (size_t)n >= sizeof(self) - 1)) {
		kdep_error_set("cannot find kdep's own path");
		ret = cmd_fail();
		goto done;
	}
	if (n > 0)
		self[n] = '\0';
	if (install ? kgit_hook_install(dir, self, c->o.force, &outcome)
		    : kgit_hook_uninstall(dir, &outcome)) {
		ret = cmd_fail();
		goto done;
	}
	switch (outcome) {
	case KGIT_HOOK_WRITTEN:
		printf("kdep: installed %s/pre-commit (runs %s check "
		       "--staged)\n", dir, self);
		break;
	case KGIT_HOOK_UPDATED:
		printf("kdep: updated %s/pre-commit (runs %s check "
		       "--staged)\n", dir, self);
		break;
	case KGIT_HOOK_CHAINED:
		printf("kdep: installed %s/pre-commit; the hook that was there "
		       "is kept as pre-commit.kdep-saved and runs first\n",
		       dir);
		break;
	case KGIT_HOOK_REMOVED:
		printf("kdep: removed %s/pre-commit\n", dir);
		break;
	case KGIT_HOOK_RESTORED:
		printf("kdep: removed %s/pre-commit; the hook it kept is back "
		       "in its place\n", dir);
		break;
	default:
		printf("kdep: no kdep hook in %s\n", dir);
		break;
	}
	ret = EXIT_OK;
done:
	free(dir);
	kgit_free(g);
	return ret;
}
