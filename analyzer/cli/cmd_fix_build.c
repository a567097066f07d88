/*
 * cmd_fix_build.c - `kdep fix --build-check`: the build of a proven fix
 * asked of scan/buildcheck.c, and its result printed (fix_build.h).
 */
#include "fix_build.h"
#include "alloc.h"
#include "error.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int cmd_fix_check(struct cmd_ctx *c)
{
	if (!c->o.build_check && c->o.build_dir)
		return cmd_usage_error(c->cmd, "--build-dir goes with "
				       "--build-check");
	if (c->o.build_check && (c->o.git || c->o.staged))
		return cmd_usage_error(c->cmd, "--build-check builds a tree "
				       "on disk: give it with --tree");
	return -1;
}

/* The --build-dir of c made absolute (make runs in the scratch copy),
 * for arch and profile; NULL for the default. */
static char *build_dir(struct cmd_ctx *c, const char *arch,
		       const char *profile)
{
	char real[PATH_MAX], buf[PATH_MAX + 160];
	if (!c->o.build_dir)
		return NULL;
	if (mkdir(c->o.build_dir, 0777) && errno != EEXIST) {
		kdep_error_set("cannot make %s: %s", c->o.build_dir,
			       strerror(errno));
		return NULL;
	}
	if (!realpath(c->o.build_dir, real)) {
		kdep_error_set("cannot resolve %s: %s", c->o.build_dir,
			       strerror(errno));
		return NULL;
	}
	snprintf(buf, sizeof(buf), "%s/%s-%s", real, arch, profile);
	return kdep_strdup(buf);
}

int fix_build(struct cmd_ctx *c, const char *arch, const char *profile,
	      const struct fix *x, const char *witness,
	      const char *const *targets, size_t n, const struct impact *im,
	      struct build_result *r)
{
	const char **files = kdep_calloc(im->n + 1, sizeof(*files));
	char *dir = build_dir(c, arch, profile);
	int ret = -1;
	memset(r, 0, sizeof(*r));
	if (!files || (c->o.build_dir && !dir))
		goto done;
	size_t nf = 0;
	/* the mismatched guards' files first: their code is new */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < im->n; i++) {
			const struct impact_guard *g = &im->v[i];
			if ((pass == 0) != (g->mismatched != 0) ||
			    (nf && !strcmp(files[nf - 1], g->file)))
				continue;
			files[nf++] = g->file;
		}
	struct build_request rq = {
		.tree = c->scans.src, .arch = arch, .profile = profile,
		.edits = &x->edit, .nedits = 1, .witness = witness,
		.targets = targets, .ntargets = n, .files = files,
		.nfiles = nf, .dir = dir,
	};
	if (c->progress)
		fprintf(stderr, "kdep: build-check: building %s under %s\n",
			arch, profile);
	ret = build_check(&rq, r);
done:
	free(files);
	free(dir);
	return ret;
}

int fix_build_failed(const struct build_result *r)
{
	return r->outcome != BUILD_OK;
}

static const char *step_of(const struct build_result *r)
{
	if (!r->step)
		return "";
	if (!strcmp(r->step, "objects"))
		return "building the impact list's objects";
	if (!strcmp(r->step, "vmlinux"))
		return "building vmlinux";
	return r->step;
}

void fix_build_print(FILE *f, const char *arch, const char *profile,
		     size_t k, const struct build_result *r)
{
	fprintf(f, "build-check: fix %zu on %s under %s (%s), in %s: "
		"allnoconfig%s, ", k, arch, profile, r->toolchain, r->dir,
		r->witnessed ? " with the fix's witness" : "");
	if (r->nobjects) {
		fprintf(f, "%zu object%s first (", r->nobjects,
			r->nobjects == 1 ? "" : "s");
		for (size_t i = 0; i < r->nobjects; i++)
			fprintf(f, "%s%s", i ? ", " : "", r->objects[i]);
		fprintf(f, "), ");
	}
	fprintf(f, "then vmlinux\n");
	switch (r->outcome) {
	case BUILD_OK:
		fprintf(f, "build-check: ok (vmlinux linked)\n");
		return;
	case BUILD_LOST:
		fprintf(f, "build-check: the witness's targets did not survive "
			"olddefconfig: %s not y (%s)\n", r->message, r->log);
		return;
	case BUILD_COMPILE:
		fprintf(f, "build-check: %s:%u: %s (%s; the log: %s)\n",
			r->file, r->line, r->message, step_of(r), r->log);
		return;
	case BUILD_LINK:
		fprintf(f, "build-check: %s%s%s (%s; the log: %s)\n",
			r->file ? r->file : "", r->file ? ": " : "",
			r->message, step_of(r), r->log);
		return;
	case BUILD_CONFIG:
		fprintf(f, "build-check: the configuration step failed%s%s "
			"(the log: %s)\n", r->message ? ": " : "",
			r->message ? r->message : "", r->log);
		return;
	case BUILD_FAILED:
		if (r->message)
			fprintf(f, "build-check: make failed %s: %s (the log: "
				"%s)\n", step_of(r), r->message, r->log);
		else
			fprintf(f, "build-check: make failed %s with no "
				"compiler or linker error it could read (the "
				"log: %s)\n", step_of(r), r->log);
		return;
	}
}

static const char *outcome_name(enum build_outcome o)
{
	switch (o) {
	case BUILD_OK: return "ok";
	case BUILD_LOST: return "lost";
	case BUILD_CONFIG: return "config";
	case BUILD_COMPILE: return "compile";
	case BUILD_LINK: return "link";
	case BUILD_FAILED: return "failed";
	}
	return "failed";
}

void fix_build_json(struct json *j, const char *profile, size_t k,
		    const struct build_result *r)
{
	json_key(j, "build_check");
	json_obj_begin(j);
	json_key(j, "profile");
	json_str(j, profile);
	json_key(j, "fix");
	json_int(j, (int64_t)k);
	json_key(j, "toolchain");
	json_str(j, r->toolchain);
	json_key(j, "dir");
	json_str(j, r->dir);
	json_key(j, "witness");
	json_bool(j, r->witnessed);
	json_key(j, "objects");
	json_arr_begin(j);
	for (size_t i = 0; i < r->nobjects; i++)
		json_str(j, r->objects[i]);
	json_arr_end(j);
	json_key(j, "ok");
	json_bool(j, r->outcome == BUILD_OK);
	json_key(j, "outcome");
	json_str(j, outcome_name(r->outcome));
	json_key(j, "step");
	json_str(j, r->step);
	json_key(j, "file");
	json_str(j, r->file);
	json_key(j, "line");
	if (r->line)
		json_int(j, r->line);
	else
		json_null(j);
	json_key(j, "message");
	json_str(j, r->message);
	json_key(j, "symbol");
	json_str(j, r->symbol);
	json_key(j, "log");
	json_str(j, r->log);
	json_obj_end(j);
}
