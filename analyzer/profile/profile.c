/*
 * profile.c - architectures and the host profile's variables.
 */
#include "profile.h"
#include "error.h"
#include "strv.h"
#include "suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

/* ---- architectures ------------------------------------------------------ */

/* $(ARCH) spellings whose directory differs (the kernel's top Makefile). */
static const struct {
	const char *arch;    /* as given */
	const char *srcarch; /* directory under arch/ */
} arch_alias[] = {
	{ "i386", "x86" },        { "x86_64", "x86" },
	{ "sparc32", "sparc" },   { "sparc64", "sparc" },
	{ "parisc64", "parisc" }, { "sh64", "sh" },
};

/* uname machine -> SRCARCH (the kernel's scripts/subarch.include). */
static const struct {
	const char *prefix;  /* machine name prefix */
	const char *srcarch; /* arch directory */
} machine_arch[] = {
	{ "x86_64", "x86" },   { "i386", "x86" },    { "i486", "x86" },
	{ "i586", "x86" },     { "i686", "x86" },    { "aarch64", "arm64" },
	{ "arm", "arm" },      { "riscv", "riscv" }, { "ppc", "powerpc" },
	{ "s390", "s390" },    { "mips", "mips" },   { "loongarch", "loongarch" },
	{ "sparc", "sparc" },  { "parisc", "parisc" },
};

const char *profile_host_arch(void)
{
	static struct utsname u;
	if (uname(&u))
		return "x86";
	for (size_t i = 0; i < sizeof(machine_arch) / sizeof(*machine_arch);
	     i++)
		if (!strncmp(u.machine, machine_arch[i].prefix,
			     strlen(machine_arch[i].prefix)))
			return machine_arch[i].srcarch;
	return u.machine;
}

const char *profile_srcarch(const char *name)
{
	for (size_t i = 0; i < sizeof(arch_alias) / sizeof(*arch_alias); i++)
		if (!strcmp(name, arch_alias[i].arch))
			return arch_alias[i].srcarch;
	return name;
}

/*
 * Sets the error for an architecture name the tree does not have: an
 * argument error naming the closest known name and every known one.
 */
static void unknown_arch(struct source *src, const char *name)
{
	char **dirs = NULL, buf[2048];
	size_t nd = 0, at = 0;
	const char *names[256], *close;
	size_t n = 0;
	buf[0] = '\0';
	if (profile_arch_all(src, &dirs, &nd))
		nd = 0;
	for (size_t i = 0; i < nd && n < 256; i++) {
		names[n++] = dirs[i];
		at += (size_t)snprintf(buf + at, at < sizeof(buf) ?
				       sizeof(buf) - at : 0, "%s%s",
				       i ? ", " : "", dirs[i]);
	}
	for (size_t i = 0; i < sizeof(arch_alias) / sizeof(*arch_alias) &&
			   n < 256; i++)
		names[n++] = arch_alias[i].arch;
	close = suggest_closest(name, names, n);
	if (close)
		kdep_error_set_arg("unknown architecture '%s'; did you mean "
				   "'%s'? (the tree has: %s)", name, close,
				   buf);
	else
		kdep_error_set_arg("unknown architecture '%s' (the tree has: "
				   "%s)", name, buf);
	strv_free(dirs);
}

int profile_arch_resolve(struct source *src, const char *name,
			 struct profile_arch *out)
{
	char kconfig[128];
	const char *srcarch = profile_srcarch(name);
	if (!*name || strlen(name) >= sizeof(out->arch) || strchr(name, '/') ||
	    name[0] == '.') {
		unknown_arch(src, name);
		return -1;
	}
	snprintf(kconfig, sizeof(kconfig), "arch/%s/Kconfig", srcarch);
	/* a path the tree refuses (a link out of it) is not an unknown arch */
	if (source_check(src, kconfig))
		return -1;
	if (!source_is_file(src, kconfig)) {
		unknown_arch(src, name);
		return -1;
	}
	snprintf(out->arch, sizeof(out->arch), "%s", name);
	snprintf(out->srcarch, sizeof(out->srcarch), "%s", srcarch);
	return 0;
}

int profile_arch_all(struct source *src, char ***out, size_t *n)
{
	char **dirs;
	size_t nd, k = 0;
	if (source_subdirs(src, "arch", &dirs, &nd))
		return -1;
	for (size_t i = 0; i < nd; i++) {
		char kconfig[512];
		snprintf(kconfig, sizeof(kconfig), "arch/%s/Kconfig", dirs[i]);
		if (source_is_file(src, kconfig))
			dirs[k++] = dirs[i];
		else
			free(dirs[i]);
	}
	dirs[k] = NULL;
	*out = dirs;
	*n = k;
	return 0;
}

/* ---- the host profile --------------------------------------------------- */

/* Cross prefixes Debian's cross compilers use, by SRCARCH. */
static const struct {
	const char *srcarch;  /* arch directory */
	const char *prefix;   /* CROSS_COMPILE */
	const char *clang;    /* clang --target (scripts/Makefile.clang) */
} toolchains[] = {
	{ "arm64", "aarch64-linux-gnu-", "aarch64-linux-gnu" },
	{ "arm", "arm-linux-gnueabihf-", "arm-linux-gnueabi" },
	{ "riscv", "riscv64-linux-gnu-", "riscv64-linux-gnu" },
	{ "x86", "x86_64-linux-gnu-", "x86_64-linux-gnu" },
	{ "powerpc", "powerpc64le-linux-gnu-", "powerpc64le-linux-gnu" },
	{ "s390", "s390x-linux-gnu-", "s390x-linux-gnu" },
	{ "mips", "mips-linux-gnu-", "mipsel-linux-gnu" },
	{ "loongarch", "loongarch64-linux-gnu-", "loongarch64-linux-gnusf" },
	{ "m68k", "m68k-linux-gnu-", "m68k-linux-gnu" },
	{ "hexagon", NULL, "hexagon-linux-musl" },
};

static int on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[4096];
	if (!path || strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	while (*path) {
		const char *end = strchr(path, ':');
		size_t n = end ? (size_t)(end - path) : strlen(path);
		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, prog);
		if (access(buf, X_OK) == 0)
			return 1;
		path += n + (end ? 1 : 0);
	}
	return 0;
}

int profile_env_add(struct profile_env *e, const char *name,
		    const char *value)
{
	char **v = realloc(e->vars, sizeof(char *) * (e->n + 1));
	if (!v)
		return -1;
	e->vars = v;
	if (!value) {
		if (!(v[e->n] = strdup(name)))
			return -1;
	} else {
		size_t len = strlen(name) + strlen(value) + 2;
		if (!(v[e->n] = malloc(len)))
			return -1;
		snprintf(v[e->n], len, "%s=%s", name, value);
	}
	e->n++;
	return 0;
}

const char *profile_env_get(const struct profile_env *e, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < e->n; i++)
		if (!strncmp(e->vars[i], name, n) && e->vars[i][n] == '=')
			return e->vars[i] + n + 1;
	return NULL;
}

void profile_env_free(struct profile_env *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->vars[i]);
	free(e->vars);
	free(e->fingerprint);
	memset(e, 0, sizeof(*e));
}

void profile_kernel_version(struct source *src, char *buf, size_t n)
{
	char *mk = NULL;
	size_t len;
	char ver[4][32] = { "", "", "", "" };
	static const char *const keys[] = { "VERSION", "PATCHLEVEL",
					    "SUBLEVEL", "EXTRAVERSION" };
	buf[0] = '\0';
	if (source_read(src, "Makefile", 0, &mk, &len))
		return;
	for (char *line = strtok(mk, "\n"); line; line = strtok(NULL, "\n")) {
		for (int k = 0; k < 4; k++) {
			size_t kl = strlen(keys[k]);
			if (strncmp(line, keys[k], kl))
				continue;
			const char *p = line + kl;
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p++ != '=')
				continue;
			while (*p == ' ' || *p == '\t')
				p++;
			if (!ver[k][0])
				snprintf(ver[k], sizeof(ver[k]), "%s", p);
		}
		if (!strncmp(line, "# *DOCUMENTATION*", 17))
			break;
	}
	free(mk);
	if (ver[0][0])
		snprintf(buf, n, "%s.%s.%s%s", ver[0], ver[1], ver[2], ver[3]);
}

/* `LC_ALL=C $CC --version | head -n 1` without '#', like the Makefile. */
static void cc_version_text(const char *cc, char *buf, size_t n)
{
	char cmd[1024];
	buf[0] = '\0';
	if (strchr(cc, '\'')) /* the user's own value; keep quoting simple */
		return;
	snprintf(cmd, sizeof(cmd), "LC_ALL=C '%s' --version 2>/dev/null", cc);
	FILE *p = popen(cmd, "r");
	if (!p)
		return;
	if (!fgets(buf, (int)n, p))
		buf[0] = '\0';
	while (fgetc(p) != EOF)
		;
	pclose(p);
	buf[strcspn(buf, "\n")] = '\0';
	char *w = buf;
	for (char *r = buf; *r; r++)
		if (*r != '#')
			*w++ = *r;
	*w = '\0';
}

/* A variable as the user set it: an override, else the environment. */
static const char *user_var(const char *const *set, size_t nset,
			    const char *name)
{
	size_t n = strlen(name);
	for (size_t i = nset; i-- > 0;)
		if (!strncmp(set[i], name, n) && set[i][n] == '=')
			return set[i] + n + 1;
	return getenv(name);
}

int profile_host_env(struct source *src, const struct profile_arch *a,
		     const char *const *set, size_t nset,
		     struct profile_env *out)
{
	char cross[128] = "", llvm_pre[256] = "", llvm_suf[64] = "";
	char buf[1024], ver[128];
	const char *clang_target = NULL;
	const char *llvm = user_var(set, nset, "LLVM");
	int use_llvm = llvm && *llvm && strcmp(llvm, "0");
	const char *host = profile_host_arch();
	struct profile_env e = { 0 };

	memset(out, 0, sizeof(*out));
	if (user_var(set, nset, "CROSS_COMPILE")) {
		snprintf(cross, sizeof(cross), "%s",
			 user_var(set, nset, "CROSS_COMPILE"));
	} else if (strcmp(a->srcarch, host)) {
		for (size_t i = 0; i < sizeof(toolchains) / sizeof(*toolchains);
		     i++) {
			if (strcmp(toolchains[i].srcarch, a->srcarch) ||
			    !toolchains[i].prefix)
				continue;
			snprintf(buf, sizeof(buf), "%sgcc",
				 toolchains[i].prefix);
			if (!use_llvm && on_path(buf))
				snprintf(cross, sizeof(cross), "%s",
					 toolchains[i].prefix);
		}
	}
	/* scripts/Makefile.clang: user-mode Linux targets its SUBARCH */
	const char *target_arch = strcmp(a->srcarch, "um") ? a->srcarch : host;
	for (size_t i = 0; i < sizeof(toolchains) / sizeof(*toolchains); i++)
		if (!strcmp(toolchains[i].srcarch, target_arch))
			clang_target = toolchains[i].clang;
	if (use_llvm) {
		/* LLVM=1, LLVM=-19 (a suffix) or LLVM=/usr/lib/llvm-19/bin/ */
		size_t ll = strlen(llvm);
		if (llvm[ll - 1] == '/')
			snprintf(llvm_pre, sizeof(llvm_pre), "%s", llvm);
		else if (llvm[0] == '-')
			snprintf(llvm_suf, sizeof(llvm_suf), "%s", llvm);
	}

	static const struct {
		const char *var;   /* exported name */
		const char *gnu;   /* tool after $(CROSS_COMPILE) */
		const char *llvm;  /* tool under LLVM= */
	} tools[] = {
		{ "CC", "gcc", "clang" },         { "LD", "ld", "ld.lld" },
		{ "AR", "ar", "llvm-ar" },        { "NM", "nm", "llvm-nm" },
		{ "OBJCOPY", "objcopy", "llvm-objcopy" },
		{ "OBJDUMP", "objdump", "llvm-objdump" },
		{ "READELF", "readelf", "llvm-readelf" },
		{ "STRIP", "strip", "llvm-strip" },
	};
	int failed = 0;
	for (size_t i = 0; i < sizeof(tools) / sizeof(*tools); i++) {
		const char *user = user_var(set, nset, tools[i].var);
		if (user && *user)
			snprintf(buf, sizeof(buf), "%s", user);
		else if (use_llvm)
			snprintf(buf, sizeof(buf), "%s%s%s", llvm_pre,
				 tools[i].llvm, llvm_suf);
		else
			snprintf(buf, sizeof(buf), "%s%s", cross,
				 tools[i].gnu);
		failed |= profile_env_add(&e, tools[i].var, buf);
	}
	const char *cc = profile_env_get(&e, "CC");
	cc_version_text(cc, buf, sizeof(buf));
	failed |= profile_env_add(&e, "CC_VERSION_TEXT", buf);
	if (strstr(buf, "clang") && clang_target) {
		snprintf(buf, sizeof(buf),
			 "--target=%s -fintegrated-as "
			 "-Werror=unknown-warning-option "
			 "-Werror=ignored-optimization-argument "
			 "-Werror=option-ignored "
			 "-Werror=unused-command-line-argument",
			 clang_target);
		failed |= profile_env_add(&e, "CLANG_FLAGS", buf);
	}
	profile_kernel_version(src, ver, sizeof(ver));
	failed |= profile_env_add(&e, "ARCH", a->arch);
	failed |= profile_env_add(&e, "SRCARCH", a->srcarch);
	failed |= profile_env_add(&e, "SUBARCH", host);
	/* arch/um/Makefile: user-mode Linux takes its headers from SUBARCH */
	if (!strcmp(a->srcarch, "um"))
		failed |= profile_env_add(&e, "HEADER_ARCH", host);
	failed |= profile_env_add(&e, "KERNELVERSION", ver);
	failed |= profile_env_add(&e, "CROSS_COMPILE", cross);
	static const char *const passthrough[][2] = {
		{ "HOSTCC", "gcc" },     { "HOSTCXX", "g++" },
		{ "RUSTC", "rustc" },    { "BINDGEN", "bindgen" },
		{ "PAHOLE", "pahole" },  { "LLVM", "" },
		{ "CROSS_COMPILE_COMPAT", "" },
		{ "USERCFLAGS", "" },    { "USERLDFLAGS", "" },
	};
	for (size_t i = 0; i < sizeof(passthrough) / sizeof(*passthrough);
	     i++) {
		const char *v = user_var(set, nset, passthrough[i][0]);
		failed |= profile_env_add(&e, passthrough[i][0],
				  v ? v : passthrough[i][1]);
	}
	if (failed) {
		profile_env_free(&e);
		kdep_error_set("out of memory");
		return -1;
	}
	/* The fingerprint: every variable, in order. */
	uint64_t h = 0;
	for (size_t i = 0; i < e.n; i++)
		h ^= source_hash(e.vars[i], strlen(e.vars[i])) * (i + 1);
	e.fingerprint = malloc(17);
	if (!e.fingerprint) {
		profile_env_free(&e);
		kdep_error_set("out of memory");
		return -1;
	}
	snprintf(e.fingerprint, 17, "%016llx", (unsigned long long)h);
	*out = e;
	return 0;
}
