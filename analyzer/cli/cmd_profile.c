/*
 * cmd_profile.c - `kdep profile list|show|record`: the toolchain profiles,
 * what one of them answers, and recording a new one from a real toolchain.
 */
#include "cmd.h"
#include "error.h"
#include "kconf.h"

#include <getopt.h>
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

static int profile_show(const struct tree_opts *t, const char *name)
{
	struct source *src = NULL;
	struct profile_arch a;
	struct run_profile p;
	struct profile_rec r;
	int ret = EXIT_TREE;

	if (strcmp(name, "host")) {
		/* A recording needs no tree to be shown. */
		const char *arch = t->arch ? t->arch : profile_host_arch();
		if (profile_open(name, profile_srcarch(arch), &r)) {
			cmd_fail();
			return EXIT_TREE;
		}
		show_recording(&r);
		profile_rec_free(&r);
		return EXIT_OK;
	}
	if (tree_open_one(t, &src, &a, &p)) {
		cmd_fail();
		goto done;
	}
	for (size_t i = 0; i < p.env.n; i++)
		printf("%s\n", p.env.vars[i]);
	ret = EXIT_OK;
done:
	run_profile_close(&p);
	source_free(src);
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

static int profile_record(int argc, char **argv)
{
	enum { O_TREE = 0x100, O_ARCH, O_VAR, O_DESC, O_OUT, O_CROSS, O_LLVM,
	       O_HELP, O_TOOL };
	static const char *const tool_vars[] = { "CC", "LD", "AR", "NM",
						 "OBJCOPY", "OBJDUMP",
						 "READELF", "STRIP" };
	static const struct option longopts[] = {
		{ "tree", required_argument, NULL, O_TREE },
		{ "arch", required_argument, NULL, O_ARCH },
		{ "var", required_argument, NULL, O_VAR },
		{ "description", required_argument, NULL, O_DESC },
		{ "output", required_argument, NULL, O_OUT },
		{ "cross-compile", required_argument, NULL, O_CROSS },
		{ "llvm", required_argument, NULL, O_LLVM },
		{ "help", no_argument, NULL, O_HELP },
		{ "cc", required_argument, NULL, O_TOOL + 0 },
		{ "ld", required_argument, NULL, O_TOOL + 1 },
		{ "ar", required_argument, NULL, O_TOOL + 2 },
		{ "nm", required_argument, NULL, O_TOOL + 3 },
		{ "objcopy", required_argument, NULL, O_TOOL + 4 },
		{ "objdump", required_argument, NULL, O_TOOL + 5 },
		{ "readelf", required_argument, NULL, O_TOOL + 6 },
		{ "strip", required_argument, NULL, O_TOOL + 7 },
		{ NULL, 0, NULL, 0 },
	};
	const char *tree = ".", *arch = NULL, *desc = NULL, *out = NULL;
	char **set = calloc((size_t)argc + 1, sizeof(char *));
	size_t nset = 0;
	int c, ret = EXIT_USAGE;

	if (!set)
		return EXIT_TREE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		char buf[4096];
		const char *var = NULL;
		switch (c) {
		case O_TREE: tree = optarg; break;
		case O_ARCH: arch = optarg; break;
		case O_DESC: desc = optarg; break;
		case O_OUT: out = optarg; break;
		case O_HELP:
			fputs(record_help, stdout);
			ret = EXIT_OK;
			goto done;
		case O_VAR:
			if (!strchr(optarg, '=')) {
				fputs("kdep: error: --var takes NAME=VALUE\n",
				      stderr);
				goto done;
			}
			set[nset++] = strdup(optarg);
			continue;
		case O_CROSS: var = "CROSS_COMPILE"; break;
		case O_LLVM: var = "LLVM"; break;
		default:
			if (c >= O_TOOL && c < O_TOOL + 8) {
				var = tool_vars[c - O_TOOL];
				break;
			}
			fputs(record_help, stderr);
			goto done;
		}
		if (var) {
			snprintf(buf, sizeof(buf), "%s=%s", var, optarg);
			set[nset++] = strdup(buf);
		}
	}
	if (argc - optind != 1) {
		fputs(record_help, stderr);
		goto done;
	}
	const char *name = argv[optind];
	if (!*name || strchr(name, '/') || name[0] == '.' ||
	    !strcmp(name, "host") || !strcmp(name, "all")) {
		fprintf(stderr, "kdep: error: '%s' cannot name a profile\n",
			name);
		goto done;
	}
	ret = record(name, tree, arch ? arch : profile_host_arch(), set, nset,
		     desc, out);
done:
	for (size_t i = 0; i < nset; i++)
		free(set[i]);
	free(set);
	return ret;
}

int cmd_profile(int argc, char **argv)
{
	struct tree_opts t;
	if (argc > 1 && !strcmp(argv[1], "record"))
		return profile_record(argc - 1, argv + 1);
	int list = argc > 1 && !strcmp(argv[argc - 1], "list");
	int ret = tree_args(argc, argv, "profile", list ? 1 : 2, &t);

	if (ret >= 0)
		return ret;
	if (!strcmp(t.args[0], "list") && list)
		return profile_list();
	if (strcmp(t.args[0], "show"))
		return cmd_usage("profile", stderr, EXIT_USAGE);
	t.profile = t.args[1];
	return profile_show(&t, t.args[1]);
}
