/*
 * hook.c - kdep's pre-commit hook, installed into a hooks directory and
 * taken out again (gitops.h). A hook that is not kdep's is never lost:
 * it is refused, or kept beside kdep's and chained.
 */
#include "gitops.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "error.h"
#include "file.h"

/* The most a hook may hold to be read (a foreign one is not read). */
#define HOOK_MAX (1u << 20)

/* dir/name into buf; -1 with the error set when it does not fit. */
static int path_of(char *buf, size_t size, const char *dir, const char *name)
{
	if ((size_t)snprintf(buf, size, "%s/%s", dir, name) >= size) {
		kdep_error_set("the path of %s is too long", name);
		return -1;
	}
	return 0;
}

/* Whether path exists (as anything, a dangling link too). */
static int exists(const char *path)
{
	struct stat st;
	return !lstat(path, &st);
}

/* Whether the file at path is kdep's hook (its second line the mark). */
static int is_ours(const char *path)
{
	char *text;
	size_t len;
	if (kdep_read_file(path, HOOK_MAX, &text, &len)) {
		kdep_error_clear();
		return 0;
	}
	const char *nl = strchr(text, '\n');
	int ours = nl && !strncmp(nl + 1, KGIT_HOOK_MARK,
				  strlen(KGIT_HOOK_MARK));
	free(text);
	return ours;
}

/* s single-quoted for sh into buf. */
static int sh_quote(char *buf, size_t size, const char *s)
{
	size_t n = 0;
	if (size < 3)
		return -1;
	buf[n++] = '\'';
	for (; *s; s++) {
		const char *piece = *s == '\'' ? "'\\''" : NULL;
		size_t k = piece ? strlen(piece) : 1;
		if (n + k + 2 > size)
			return -1;
		if (piece)
			memcpy(buf + n, piece, k);
		else
			buf[n] = *s;
		n += k;
	}
	buf[n++] = '\'';
	buf[n] = '\0';
	return 0;
}

int kgit_hook_install(const char *dir, const char *kdep, int force,
		      int *outcome)
{
	char hook[4096], saved[4096], quoted[8192], text[16384];
	struct stat st;
	if (path_of(hook, sizeof(hook), dir, "pre-commit") ||
	    path_of(saved, sizeof(saved), dir, "pre-commit.kdep-saved"))
		return -1;
	if (kdep[0] != '/' || sh_quote(quoted, sizeof(quoted), kdep)) {
		kdep_error_set("kdep's path '%s' is not absolute or too long",
			       kdep);
		return -1;
	}
	if (stat(dir, &st) && mkdir(dir, 0777) && errno != EEXIST) {
		kdep_error_set("cannot create %s: %s", dir, strerror(errno));
		return -1;
	}
	*outcome = KGIT_HOOK_WRITTEN;
	if (exists(hook)) {
		if (is_ours(hook)) {
			*outcome = KGIT_HOOK_UPDATED;
		} else if (!force) {
			kdep_error_set_arg("%s exists and is not kdep's: give "
					   "--force to keep it as %s and run it "
					   "before kdep's check", hook, saved);
			return -1;
		} else if (exists(saved)) {
			kdep_error_set("%s exists already: nothing was changed",
				       saved);
			return -1;
		} else if (rename(hook, saved)) {
			kdep_error_set("cannot move %s to %s: %s", hook, saved,
				       strerror(errno));
			return -1;
		} else {
			*outcome = KGIT_HOOK_CHAINED;
		}
	}
	int len = snprintf(text, sizeof(text),
		"#!/bin/sh\n"
		KGIT_HOOK_MARK ": written by 'kdep hook install'; 'kdep hook "
		"uninstall'\n"
		"# removes it and puts back a hook it kept as "
		"pre-commit.kdep-saved.\n"
		"# It fails the commit when the staged change introduces a "
		"Kconfig finding.\n"
		"saved=\"$(dirname \"$0\")/pre-commit.kdep-saved\"\n"
		"if [ -e \"$saved\" ]; then\n"
		"\t\"$saved\" \"$@\" || exit $?\n"
		"fi\n"
		"exec %s check --staged\n", quoted);
	if (len < 0 || (size_t)len >= sizeof(text)) {
		kdep_error_set("kdep's path is too long for a hook");
		return -1;
	}
	if (kdep_write_file(hook, text, (size_t)len) || chmod(hook, 0755)) {
		if (!kdep_error_last()[0])
			kdep_error_set("cannot make %s executable: %s", hook,
				       strerror(errno));
		/* the foreign hook goes back where it was */
		if (*outcome == KGIT_HOOK_CHAINED)
			rename(saved, hook);
		return -1;
	}
	return 0;
}

int kgit_hook_uninstall(const char *dir, int *outcome)
{
	char hook[4096], saved[4096];
	if (path_of(hook, sizeof(hook), dir, "pre-commit") ||
	    path_of(saved, sizeof(saved), dir, "pre-commit.kdep-saved"))
		return -1;
	*outcome = KGIT_HOOK_ABSENT;
	if (!exists(hook))
		return 0;
	if (!is_ours(hook)) {
		kdep_error_set_arg("%s is not kdep's hook: left as it is",
				   hook);
		return -1;
	}
	if (exists(saved)) {
		if (rename(saved, hook)) {
			kdep_error_set("cannot move %s back to %s: %s", saved,
				       hook, strerror(errno));
			return -1;
		}
		*outcome = KGIT_HOOK_RESTORED;
		return 0;
	}
	if (unlink(hook)) {
		kdep_error_set("cannot remove %s: %s", hook, strerror(errno));
		return -1;
	}
	*outcome = KGIT_HOOK_REMOVED;
	return 0;
}
