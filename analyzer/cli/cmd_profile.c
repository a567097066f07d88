/*
 * cmd_profile.c - `kdep profile list|show|record`: the toolchain profiles,
 * what one of them answers, and recording a new one from a real toolchain.
 */
#include "cmd.h"
#include "error.h"
#include "kconf.h"

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

static const char record_help[] =
	"usage: kdep profile record NAME [--tree DIR] [--arch A] [--cc CC]\n"
	"         [--ld LD] [--ar AR] [--nm NM] [--objcopy OBJCOPY]\n"
	"         [--objdump OBJDUMP] [--readelf READELF] [--strip STRIP]\n"
	"         [--cross-compile PREFIX] [--llvm SUFFIX|1|DIR/]\n"
	"         [--var NAME=VALUE]... [--description TEXT] [--output DIR]\n"
	"\n"
	"Parse the tree once with a real toolchain, running every $(shell,...)\n"
	"probe it makes (as --profile host does), and record the answers as\n"
	"DIR/NAME/ARCH.probes. Later scans under NAME replay them and run\n"
	"nothing. Tools not given come from the environment, as for the host\n"
	"profile; --llvm -19 selects clang-19, ld.lld-19 and llvm-*-19.\n"
	"\n"
	"  --output DIR   where to write (default: $XDG_DATA_HOME/kdep/profiles,\n"
	"                 which every command searches)\n";

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

static int record(const char *name, const char *tree, const char *arch,
		  char **set, size_t nset, const char *description,
		  const char *outdir)
{
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
	size_t heard_probes = 0;
	for (size_t i = 0; i < r.nprobes; i++)
		heard_probes += !strcmp(r.probes[i].kind, "probe");
	if (profile_rec_write(&r, outdir ? outdir :
				  profile_user_dir(dirbuf, sizeof(dirbuf))))
		goto fail;
	printf("%s: %zu probes and %zu macro calls heard (%zu kept) from "
	       "linux %s for %s\n", r.path, heard_probes,
	       r.nprobes - heard_probes, r.nprobes, ver, a.srcarch);
	ret = EXIT_OK;
	goto done;
fail:
	cmd_fail();
done:
	kconf_probe_log_free(&heard);
	profile_rec_free(&r);
	profile_env_free(&env);
	model_free(m);
	source_free(src);
	return ret;
}


static const struct opt record_own[] = {
	{ "tree", OPT_STR, CMD_ARG(tree), NULL, NULL },
	{ "arch", OPT_STR, CMD_ARG(arch), NULL, NULL },
	{ "var", OPT_SET, 0, NULL, NULL },
	{ "description", OPT_STR, CMD_ARG(description), NULL, NULL },
	{ "output", OPT_STR, CMD_ARG(output), NULL, NULL },
	{ "cross-compile", OPT_TOOL, 0, "CROSS_COMPILE", NULL },
	{ "llvm", OPT_TOOL, 0, "LLVM", NULL },
	{ "cc", OPT_TOOL, 0, "CC", NULL },
	{ "ld", OPT_TOOL, 0, "LD", NULL },
	{ "ar", OPT_TOOL, 0, "AR", NULL },
	{ "nm", OPT_TOOL, 0, "NM", NULL },
	{ "objcopy", OPT_TOOL, 0, "OBJCOPY", NULL },
	{ "objdump", OPT_TOOL, 0, "OBJDUMP", NULL },
	{ "readelf", OPT_TOOL, 0, "READELF", NULL },
	{ "strip", OPT_TOOL, 0, "STRIP", NULL },
	{ NULL, 0, 0, NULL, NULL },
};
static const struct opt record_help_opt[] = {
	{ "help", OPT_HELP, 0, NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};
static const struct opt *const record_opts[] = {
	record_own, record_help_opt, NULL,
};

/* `profile list` and `profile show`: the tree and the arch are described;
 * the other tree options are taken and have no effect. */
static const struct opt show_own[] = {
	{ "tree", OPT_STR, CMD_ARG(tree), NULL,
	  "  --tree DIR        the tree whose version fills KERNELVERSION\n" },
	{ "arch", OPT_STR, CMD_ARG(arch), NULL,
	  "  --arch A          the architecture\n" },
	{ "profile", OPT_STR, CMD_ARG(profile), NULL, NULL },
	{ "db", OPT_STR, CMD_ARG(db), NULL, NULL },
	{ "format", OPT_FORMAT, CMD_ARG(json), NULL, NULL },
	{ "help", OPT_HELP, 0, NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};
static const struct opt *const show_opts[] = { show_own, NULL };

static const struct cmd record_cmd = {
	.name = "profile record",
	.help = record_help,
};

static int profile_record(int argc, char **argv)
{
	struct cmd_args a;
	int ret = cmd_parse(&record_cmd, record_opts, argc, argv, &a);
	if (ret >= 0)
		goto done;
	if (a.nargs != 1) {
		ret = cmd_usage(&record_cmd, NULL, stderr, EXIT_USAGE);
		goto done;
	}
	const char *name = a.args[0];
	if (!*name || strchr(name, '/') || name[0] == '.' ||
	    !strcmp(name, "host") || !strcmp(name, "all")) {
		kdep_error_set_arg("'%s' cannot name a profile", name);
		ret = cmd_fail();
		goto done;
	}
	ret = record(name, a.tree ? a.tree : ".",
		     a.arch ? a.arch : profile_host_arch(), a.set, a.nset,
		     a.description, a.output);
done:
	cmd_args_free(&a);
	return ret;
}

int cmd_profile(struct cmd_ctx *c)
{
	int argc = c->o.nargs;
	char **argv = c->o.args;
	if (argc > 1 && !strcmp(argv[1], "record"))
		return profile_record(argc - 1, argv + 1);
	int list = argc > 1 && !strcmp(argv[argc - 1], "list");
	int ret = cmd_parse(c->cmd, show_opts, argc, argv, &c->o);
	if (ret >= 0)
		return ret;
	if (c->o.nargs != (list ? 1 : 2))
		return cmd_usage(c->cmd, show_opts, stderr, EXIT_USAGE);
	if (!strcmp(c->o.args[0], "list") && list)
		return profile_list();
	if (strcmp(c->o.args[0], "show"))
		return cmd_usage(c->cmd, show_opts, stderr, EXIT_USAGE);
	return profile_show(c, c->o.args[1]);
}
