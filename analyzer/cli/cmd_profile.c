/*
 * cmd_profile.c - `kdep profile list|show|record`: the toolchain profiles,
 * what one of them answers, and recording a new one from a real toolchain.
 */
#include "cmd.h"
#include "error.h"
#include "kconf.h"
#include "suggest.h"

#include <stdlib.h>
#include <string.h>

static int profile_list(void)
{
	char **names;
	size_t n;
	if (profile_names(0, NULL, &names, &n)) {
		cmd_fail();
		return EXIT_TREE;
	}
	printf("host\t(all arches)\tyour toolchain, probed live (CC, LLVM, "
	       "CROSS_COMPILE are honoured)\n");
	for (size_t i = 0; i < n; i++) {
		char **arches, *dir;
		size_t na;
		struct profile_rec r;
		if (profile_arches(names[i], &arches, &na, &dir))
			continue;
		printf("%s\t", names[i]);
		for (size_t k = 0; k < na; k++)
			printf("%s%s", k ? "," : "", arches[k]);
		const char *desc = "";
		if (na && !profile_open(names[i], arches[0], &r))
			desc = r.description ? r.description : "";
		else
			memset(&r, 0, sizeof(r));
		printf("\t%s%s%s\n", desc,
		       profile_is_builtin(r.path ? r.path : "") ? " (built-in)"
								: " in ",
		       profile_is_builtin(r.path ? r.path : "") ? "" : dir);
		profile_rec_free(&r);
		strv_free(arches);
		free(dir);
	}
	strv_free(names);
	return EXIT_OK;
}

static void show_recording(const struct profile_rec *r)
{
	size_t calls = 0;
	for (size_t i = 0; i < r->nprobes; i++)
		calls += !strcmp(r->probes[i].kind, "call");
	printf("profile %s\narch %s\nfile %s\n", r->name, r->arch, r->path);
	if (r->description)
		printf("description %s\n", r->description);
	if (r->recorded)
		printf("recorded %s\n", r->recorded);
	printf("unknown probes: %s\n",
	       r->failure_default ? "the failure branch of an if-success "
				    "command, else empty"
				  : "the success branch of an if-success "
				    "command, else empty");
	printf("%zu probes, %zu macro calls\n\nvariables (ARCH, SRCARCH and "
	       "KERNELVERSION come from the tree):\n", r->nprobes - calls,
	       calls);
	for (size_t i = 0; i < r->nvars; i++)
		printf("  %s\n", r->vars[i]);
	printf("\nanswers:\n");
	for (size_t i = 0; i < r->nprobes; i++)
		printf("  %-5s %s\n        = %s\n", r->probes[i].kind,
		       r->probes[i].key, r->probes[i].output);
}

static int profile_show(struct cmd_ctx *c, const char *name)
{
	if (strcmp(name, "host")) {
		/* A recording needs no tree to be shown. */
		struct profile_rec r;
		const char *arch = c->o.arch ? c->o.arch : profile_host_arch();
		if (profile_open(name, profile_srcarch(arch), &r))
			return cmd_fail();
		show_recording(&r);
		profile_rec_free(&r);
		return EXIT_OK;
	}
	c->o.profile = name;
	int ret = cmd_open_tree(c) ? cmd_fail() : EXIT_OK;
	for (size_t i = 0; !ret && i < c->prof.env.n; i++)
		printf("%s\n", c->prof.env.vars[i]);
	cmd_close_tree(c);
	return ret;
}

/* ---- record ------------------------------------------------------------- */

/* Everything the recording keeps of the parse's variables. */
static int keep_var(const char *v)
{
	static const char *const drop[] = { "ARCH=", "SRCARCH=",
					    "KERNELVERSION=" };
	for (size_t i = 0; i < sizeof(drop) / sizeof(*drop); i++)
		if (!strncmp(v, drop[i], strlen(drop[i])))
			return 0;
	return 1;
}

/*
 * The kernel versions a merged recording comes from: "from linux A by kdep
 * V" and B give "from linux A, B by kdep V". Another text is kept whole.
 */
static char *recorded_merged(const char *old, const char *ver)
{
	const char *by = old ? strstr(old, " by kdep ") : NULL;
	char buf[4096];
	if (!old || strncmp(old, "from linux ", 11) || !by)
		snprintf(buf, sizeof(buf), "%s%sfrom linux %s by kdep %s",
			 old ? old : "", old ? "; " : "", ver, KDEP_VERSION);
	else
		snprintf(buf, sizeof(buf), "%.*s, %s%s", (int)(by - old), old,
			 ver, by);
	return strdup(buf);
}

static int record(const char *name, const char *tree, const char *arch,
		  char **set, size_t nset, const char *description,
		  const char *outdir, int merge)
{
	struct profile_rec old = { 0 };
	struct source *src = NULL;
	struct profile_arch a;
	struct profile_env env = { 0 };
	struct profile_rec r = { 0 };
	struct kconf_probe_log heard = { 0 };
	struct model *m = NULL;
	char ver[128], buf[4096], dirbuf[4096];
	int ret = EXIT_TREE;

	if (source_open_dir(&src, tree) ||
	    profile_arch_resolve(src, arch, &a) ||
	    profile_host_env(src, &a, (const char *const *)set, nset, &env))
		goto fail;
	struct kconf_opts ko = {
		.env = (const char *const *)env.vars,
		.nenv = env.n,
		.mode = KCONF_RECORD,
		.log = &heard,
	};
	if (kconf_load(src, &ko, &m))
		goto fail;
	profile_kernel_version(src, ver, sizeof(ver));
	const char *cc_text = profile_env_get(&env, "CC_VERSION_TEXT");
	snprintf(buf, sizeof(buf), "%s; LD=%s AR=%s NM=%s",
		 cc_text && *cc_text ? cc_text : profile_env_get(&env, "CC"),
		 profile_env_get(&env, "LD"), profile_env_get(&env, "AR"),
		 profile_env_get(&env, "NM"));
	r.name = strdup(name);
	r.arch = strdup(a.srcarch);
	r.description = strdup(description ? description : buf);
	snprintf(buf, sizeof(buf), "from linux %s by kdep %s", ver,
		 KDEP_VERSION);
	r.recorded = strdup(buf);
	r.failure_default = 1;
	r.vars = calloc(env.n + 1, sizeof(char *));
	if (!r.name || !r.arch || !r.description || !r.recorded || !r.vars) {
		kdep_error_set("out of memory");
		goto fail;
	}
	for (size_t i = 0; i < env.n; i++)
		if (keep_var(env.vars[i]) &&
		    !(r.vars[r.nvars++] = strdup(env.vars[i]))) {
			kdep_error_set("out of memory");
			goto fail;
		}
	r.probes = heard.v;
	r.nprobes = heard.n;
	heard.v = NULL;
	heard.n = 0;
	size_t heard_probes = 0, nheard = r.nprobes;
	for (size_t i = 0; i < r.nprobes; i++)
		heard_probes += !strcmp(r.probes[i].kind, "probe");
	const char *dir = outdir ? outdir
				 : profile_user_dir(dirbuf, sizeof(dirbuf));
	if (merge) {
		/* another tree's answers, same toolchain: one recording */
		snprintf(buf, sizeof(buf), "%s/%s/%s.probes", dir, name,
			 a.srcarch);
		if (profile_rec_read(buf, &old) || profile_rec_merge(&old, &r))
			goto fail;
		char *rec = recorded_merged(old.recorded, ver);
		if (!rec) {
			kdep_error_set("out of memory");
			goto fail;
		}
		free(old.recorded);
		old.recorded = rec;
		profile_rec_free(&r);
		r = old;
		memset(&old, 0, sizeof(old));
	}
	if (profile_rec_write(&r, dir))
		goto fail;
	if (merge)
		printf("%s: %zu probes and %zu macro calls heard from linux "
		       "%s for %s, merged (%zu in all)\n", r.path,
		       heard_probes, nheard - heard_probes, ver, a.srcarch,
		       r.nprobes);
	else
		printf("%s: %zu probes and %zu macro calls heard (%zu kept) "
		       "from linux %s for %s\n", r.path, heard_probes,
		       r.nprobes - heard_probes, r.nprobes, ver, a.srcarch);
	ret = EXIT_OK;
	goto done;
fail:
	cmd_fail();
done:
	kconf_probe_log_free(&heard);
	profile_rec_free(&old);
	profile_rec_free(&r);
	profile_env_free(&env);
	model_free(m);
	source_free(src);
	return ret;
}


static const struct opt record_own[] = {
	{ "tree", OPT_STR, CMD_ARG(tree), NULL, "DIR",
	  "the tree to parse (default: the current directory)" },
	{ "arch", OPT_STR, CMD_ARG(arch), NULL, "A",
	  "the architecture (default: this machine's)" },
	{ "cc", OPT_TOOL, 0, "CC", "CC", "the compiler" },
	{ "ld", OPT_TOOL, 0, "LD", "LD", "the linker" },
	{ "ar", OPT_TOOL, 0, "AR", "AR", "the archiver" },
	{ "nm", OPT_TOOL, 0, "NM", "NM", "nm" },
	{ "objcopy", OPT_TOOL, 0, "OBJCOPY", "OBJCOPY", "objcopy" },
	{ "objdump", OPT_TOOL, 0, "OBJDUMP", "OBJDUMP", "objdump" },
	{ "readelf", OPT_TOOL, 0, "READELF", "READELF", "readelf" },
	{ "strip", OPT_TOOL, 0, "STRIP", "STRIP", "strip" },
	{ "cross-compile", OPT_TOOL, 0, "CROSS_COMPILE", "PREFIX",
	  "the prefix of every tool, as CROSS_COMPILE= for make" },
	{ "llvm", OPT_TOOL, 0, "LLVM", "SUFFIX|1|DIR/",
	  "LLVM's tools, as LLVM= for make: -19 selects clang-19, ld.lld-19 "
	  "and llvm-*-19" },
	{ "var", OPT_SET, 0, NULL, "NAME=VALUE",
	  "any other variable the parse sees (repeatable)" },
	{ "description", OPT_STR, CMD_ARG(description), NULL, "TEXT",
	  "one line saying what the profile is (default: the compiler's "
	  "version and the tools)" },
	{ "output", OPT_STR, CMD_ARG(output), NULL, "DIR",
	  "where to write (default: $XDG_DATA_HOME/kdep/profiles, which "
	  "every command searches)" },
	{ "merge", OPT_FLAG, CMD_ARG(merge), NULL, NULL,
	  "add this tree's answers to the recording of NAME for the arch "
	  "already there (another kernel version, the same toolchain); a "
	  "probe both trees make must have had the same answer" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};
static const struct opt *const record_opts[] = {
	record_own, opts_help, NULL,
};

static const struct opt show_own[] = {
	{ "tree", OPT_STR, CMD_ARG(tree), NULL, "DIR",
	  "for host: the tree whose probes decide the variables (default: "
	  "the current directory)" },
	{ "arch", OPT_STR, CMD_ARG(arch), NULL, "A",
	  "the architecture (default: this machine's)" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};
static const struct opt *const show_opts[] = { show_own, opts_help, NULL };
static const struct opt *const list_opts[] = { opts_help, NULL };

static const struct cmd_arg_help name_arg[] = {
	{ "NAME", "the profile", 0 },
	{ NULL, NULL, 0 },
};

/* The subcommands of `kdep profile`. */
static const struct cmd profile_cmds[] = {
	{ .name = "profile list",
	  .summary = "the profiles found, the architectures each has a "
		     "recording for, and where",
	  .opts = list_opts },
	{ .name = "profile show", .args = "NAME",
	  .summary = "a recording: its variables and every answer, keyed as "
		     "it is looked up",
	  .about = "For host, the variables a live parse of the tree would "
		   "see; a recording needs no tree.",
	  .arg_help = name_arg, .opts = show_opts, .nargs = 1 },
	{ .name = "profile record", .args = "NAME",
	  .summary = "parse the tree once with a real toolchain and record "
		     "its answers",
	  .about = "Every $(shell,...) probe the tree makes runs (as "
		   "--profile host does), and the answers are written to "
		   "DIR/NAME/ARCH.probes. Later scans under NAME replay them "
		   "and run nothing. Tools not given come from the "
		   "environment, as for the host profile.",
	  .arg_help = name_arg, .opts = record_opts, .nargs = 1 },
	{ .name = NULL },
};

/* The subcommand called name ("list"), or NULL. */
static const struct cmd *profile_sub(const char *name)
{
	for (const struct cmd *c = profile_cmds; c->name; c++)
		if (!strcmp(c->name + strlen("profile "), name))
			return c;
	return NULL;
}

static int unknown_sub(const struct cmd *profile, const char *name)
{
	const char *names[] = { "list", "show", "record" };
	const char *close = suggest_closest(name, names, 3);
	if (close)
		return cmd_usage_error(profile, "profile: unknown subcommand "
				       "'%s'; did you mean '%s'?", name, close);
	return cmd_usage_error(profile, "profile: unknown subcommand '%s' "
			       "(list, show or record)", name);
}

int cmd_profile_help(int argc, char **argv)
{
	const struct cmd *profile = cmd_find("profile");
	if (!argc) {
		cmd_usage(profile, NULL, stdout, EXIT_OK);
		for (const struct cmd *c = profile_cmds; c->name; c++) {
			int at = fprintf(stdout, "  %s", c->name + 8);
			cmd_wrap(stdout, c->summary, at, 12);
		}
		return EXIT_OK;
	}
	const struct cmd *sub = profile_sub(argv[0]);
	if (!sub)
		return unknown_sub(profile, argv[0]);
	return cmd_usage(sub, NULL, stdout, EXIT_OK);
}

static int profile_record(struct cmd_ctx *c)
{
	const char *name = c->o.args[0];
	if (!*name || strchr(name, '/') || name[0] == '.' ||
	    !strcmp(name, "host") || !strcmp(name, "all")) {
		kdep_error_set_arg("'%s' cannot name a profile", name);
		return cmd_fail();
	}
	return record(name, c->o.tree ? c->o.tree : ".",
		      c->o.arch ? c->o.arch : profile_host_arch(), c->o.set,
		      c->o.nset, c->o.description, c->o.output, c->o.merge);
}

int cmd_profile(struct cmd_ctx *c)
{
	int argc = c->o.nargs, ret;
	char **argv = c->o.args;
	if (argc < 2 || !strcmp(argv[1], "--help"))
		return argc < 2 ? cmd_usage_error(c->cmd, "profile needs list, "
						  "show or record")
				: cmd_profile_help(0, NULL);
	const struct cmd *sub = profile_sub(argv[1]);
	if (!sub)
		return unknown_sub(c->cmd, argv[1]);
	c->cmd = sub;
	if ((ret = cmd_parse(sub, sub->opts, argc - 1, argv + 1, &c->o)) >= 0)
		return ret;
	if (c->o.nargs != sub->nargs)
		return c->o.nargs > sub->nargs
			? cmd_usage_error(sub, "%s: unexpected argument '%s'",
					  sub->name, c->o.args[sub->nargs])
			: cmd_usage_error(sub, "%s needs NAME", sub->name);
	if (sub == &profile_cmds[0])
		return profile_list();
	if (sub == &profile_cmds[1])
		return profile_show(c, c->o.args[0]);
	return profile_record(c);
}
