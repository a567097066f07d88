/*
 * buildcheck.c - a fix's kernel built in a scratch copy of the tree with
 * the profile's real toolchain, and the first error it meets
 * (buildcheck.h).
 */
#define _GNU_SOURCE
#include "buildcheck.h"
#include "alloc.h"
#include "edit.h"
#include "error.h"
#include "file.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The PATH the build runs with, as scripts/toolchain-env's. */
static const char build_path[] = "/usr/sbin:/usr/bin:/sbin:/bin";

/* A tool the build needs, and the Debian package that has it. */
struct tool {
	char name[64];     /* found on build_path */
	char package[64];  /* what to install when it is not */
};

/* What a profile's real toolchain is on one arch. */
struct toolchain {
	char vars[3][96];  /* make variables ("LLVM=-19"), "" unused */
	struct tool tools[4]; /* what must be found, name "" unused */
};

/* The GNU triple of the cross tools for arch, or NULL (this machine's
 * own compiler builds its own arch). */
static const char *cross_triple(const char *arch)
{
	static const struct { const char *arch, *triple; } t[] = {
		{ "arm64", "aarch64-linux-gnu" },
		{ "riscv", "riscv64-linux-gnu" },
		{ "x86", "x86_64-linux-gnu" },
	};
#if defined(__x86_64__)
	if (!strcmp(arch, "x86"))
		return NULL;
#elif defined(__aarch64__)
	if (!strcmp(arch, "arm64"))
		return NULL;
#endif
	for (size_t i = 0; i < sizeof(t) / sizeof(*t); i++)
		if (!strcmp(t[i].arch, arch))
			return t[i].triple;
	return "";
}

/* The real toolchain of the built-in profile on arch into tc: llvm-19
 * is clang-19 and lld-19 (make LLVM=-19), gcc-12 Debian's gcc-12 (the
 * cross compilers for a foreign arch). 0, or -1 with the error set. */
static int toolchain_of(const char *profile, const char *arch,
			struct toolchain *tc)
{
	memset(tc, 0, sizeof(*tc));
	snprintf(tc->tools[0].name, sizeof(tc->tools[0].name), "make");
	snprintf(tc->tools[0].package, sizeof(tc->tools[0].package), "make");
	if (!strcmp(profile, "llvm-19")) {
		snprintf(tc->vars[0], sizeof(tc->vars[0]), "LLVM=-19");
		static const char *const t[][2] = {
			{ "clang-19", "clang-19" }, { "ld.lld-19", "lld-19" },
			{ "llvm-ar-19", "llvm-19" },
		};
		for (size_t i = 0; i < 3; i++) {
			snprintf(tc->tools[i + 1].name,
				 sizeof(tc->tools[i + 1].name), "%s", t[i][0]);
			snprintf(tc->tools[i + 1].package,
				 sizeof(tc->tools[i + 1].package), "%s",
				 t[i][1]);
		}
		return 0;
	}
	if (!strcmp(profile, "gcc-12")) {
		const char *tr = cross_triple(arch);
		if (tr && !*tr) {
			kdep_error_set("build-check: no cross compiler known "
				       "for arch %s", arch);
			return -1;
		}
		if (!tr) {
			snprintf(tc->vars[0], sizeof(tc->vars[0]), "CC=gcc-12");
			snprintf(tc->tools[1].name, sizeof(tc->tools[1].name),
				 "gcc-12");
			snprintf(tc->tools[1].package,
				 sizeof(tc->tools[1].package), "gcc-12");
			snprintf(tc->tools[2].name, sizeof(tc->tools[2].name),
				 "ld");
			snprintf(tc->tools[2].package,
				 sizeof(tc->tools[2].package), "binutils");
			return 0;
		}
		snprintf(tc->vars[0], sizeof(tc->vars[0]), "CROSS_COMPILE=%s-",
			 tr);
		snprintf(tc->vars[1], sizeof(tc->vars[1]), "CC=%s-gcc-12", tr);
		snprintf(tc->tools[1].name, sizeof(tc->tools[1].name),
			 "%s-gcc-12", tr);
		snprintf(tc->tools[1].package, sizeof(tc->tools[1].package),
			 "gcc-12-%s", tr);
		snprintf(tc->tools[2].name, sizeof(tc->tools[2].name), "%s-ld",
			 tr);
		snprintf(tc->tools[2].package, sizeof(tc->tools[2].package),
			 "binutils-%s", tr);
		return 0;
	}
	kdep_error_set_arg("--build-check knows the real toolchain of the "
			   "built-in profiles only (gcc-12, llvm-19), not of "
			   "%s", profile);
	return -1;
}

/* Whether an executable name is on build_path. */
static int on_path(const char *name)
{
	char dir[PATH_MAX];
	const char *p = build_path;
	while (*p) {
		size_t n = strcspn(p, ":");
		snprintf(dir, sizeof(dir), "%.*s/%s", (int)n, p, name);
		if (!access(dir, X_OK))
			return 1;
		p += n + (p[n] == ':');
	}
	return 0;
}

static int toolchain_check(const struct toolchain *tc, const char *profile)
{
	for (size_t i = 0; i < 4 && tc->tools[i].name[0]; i++)
		if (!on_path(tc->tools[i].name)) {
			kdep_error_set("build-check under %s: %s not found "
				       "in %s: install the Debian package %s",
				       profile, tc->tools[i].name, build_path,
				       tc->tools[i].package);
			return -1;
		}
	return 0;
}

/* ---- the build directory ------------------------------------------------ */

/* mkdir -p of path. 0, or -1 with the error set. */
static int make_dirs(const char *path)
{
	if (!kdep_make_dirs(path))
		return 0;
	kdep_error_set("cannot make %s: %s", path, strerror(errno));
	return -1;
}

/* The default build directory of (tree, arch, profile). */
static char *default_dir(const char *tree, const char *arch,
			 const char *profile)
{
	char buf[PATH_MAX];
	const char *cache = getenv("KDEP_CACHE");
	const char *home = getenv("HOME");
	/* FNV-1a of the tree's path, so two trees of one name differ */
	uint64_t h = 1469598103934665603ull;
	for (const char *p = tree; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	const char *base = strrchr(tree, '/');
	base = base && base[1] ? base + 1 : tree;
	if (cache && *cache)
		snprintf(buf, sizeof(buf), "%s/build", cache);
	else
		snprintf(buf, sizeof(buf), "%s/.cache/kdep/build",
			 home && *home ? home : "/tmp");
	size_t n = strlen(buf);
	snprintf(buf + n, sizeof(buf) - n, "/%.64s-%08llx-%s-%s", base,
		 (unsigned long long)(h & 0xffffffffu), arch, profile);
	return kdep_strdup(buf);
}

/* ---- the scratch copy --------------------------------------------------- */

/* The walk's state (nftw has no context argument). */
static struct {
	const char *from;      /* the tree */
	size_t nfrom;          /* strlen(from) */
	const char *to;        /* the scratch copy */
	const struct build_request *rq; /* the edits are not linked */
	int failed;            /* the error is set */
} copy;

/* Whether rel is a file the fix edits. */
static int edited(const struct build_request *rq, const char *rel)
{
	for (size_t i = 0; i < rq->nedits; i++)
		if (!strcmp(rq->edits[i].file, rel))
			return 1;
	return 0;
}

/* Whether files a and b have the same bytes. */
static int same_bytes(const char *a, const char *b, off_t size)
{
	char x[65536], y[65536];
	int fa = open(a, O_RDONLY | O_CLOEXEC), fb = -1, same = 0;
	if (fa < 0 || (fb = open(b, O_RDONLY | O_CLOEXEC)) < 0)
		goto done;
	for (off_t left = size; ; ) {
		ssize_t n = read(fa, x, sizeof(x));
		if (n < 0)
			goto done;
		if (!n) {
			same = !left && read(fb, y, 1) == 0;
			break;
		}
		ssize_t m = 0;
		while (m < n) {
			ssize_t k = read(fb, y + m, (size_t)(n - m));
			if (k <= 0)
				goto done;
			m += k;
		}
		if (memcmp(x, y, (size_t)n))
			goto done;
		left -= n;
	}
done:
	if (fa >= 0)
		close(fa);
	if (fb >= 0)
		close(fb);
	return same;
}

/* A real copy of from at to (kdep_write_file: a temporary renamed over
 * it, so a hard link there is replaced, never written through), the
 * time stamps new. 0, or -1 with the error set. */
static int copy_file(const char *from, const char *to)
{
	char *data = NULL;
	size_t len = 0;
	if (kdep_read_file(from, (size_t)1 << 30, &data, &len))
		return -1;
	int ret = kdep_write_file(to, data, len);
	free(data);
	return ret;
}

/* Writes data at path unless a file of its own holds that already (a
 * fresh inode, so a hard link to the tree is never written through). */
static int put_file(const char *path, const char *data, size_t len)
{
	char *old = NULL;
	size_t n = 0;
	struct stat st;
	if (!lstat(path, &st) && S_ISREG(st.st_mode) && st.st_nlink == 1 &&
	    !kdep_read_file(path, (size_t)1 << 30, &old, &n) && n == len &&
	    !memcmp(old, data, len)) {
		free(old);
		return 0;
	}
	kdep_error_clear();
	free(old);
	return kdep_write_file(path, data, len);
}

/* One entry of the tree into the scratch copy: a new file as a hard
 * link (a copy across file systems), one that is there already kept
 * while its bytes are the tree's, else replaced by a copy with a new
 * time stamp, so that kbuild sees it changed. */
static int copy_one(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	char to[PATH_MAX], target[PATH_MAX];
	const char *rel = path + copy.nfrom;
	struct stat ts;
	(void)ftw;
	if (*rel == '/')
		rel++;
	if (!strcmp(rel, ".git") || !strncmp(rel, ".git/", 5))
		return flag == FTW_D ? FTW_SKIP_SUBTREE : FTW_CONTINUE;
	snprintf(to, sizeof(to), "%s/%s", copy.to, rel);
	if (flag == FTW_D) {
		if (mkdir(to, 0777) && errno != EEXIST)
			goto fail;
		return FTW_CONTINUE;
	}
	if (flag == FTW_SL) {
		ssize_t n = readlink(path, target, sizeof(target) - 1);
		if (n < 0)
			goto fail;
		target[n] = 0;
		char cur[PATH_MAX];
		ssize_t m = readlink(to, cur, sizeof(cur) - 1);
		if (m == n && !memcmp(cur, target, (size_t)n))
			return FTW_CONTINUE;
		unlink(to);
		if (symlink(target, to))
			goto fail;
		return FTW_CONTINUE;
	}
	if (flag != FTW_F || !S_ISREG(st->st_mode) || edited(copy.rq, rel))
		return FTW_CONTINUE;
	if (!lstat(to, &ts)) {
		if (ts.st_ino == st->st_ino && ts.st_dev == st->st_dev)
			return FTW_CONTINUE;
		if (S_ISREG(ts.st_mode) && ts.st_size == st->st_size &&
		    same_bytes(path, to, st->st_size))
			return FTW_CONTINUE;
		if (copy_file(path, to) ||
		    chmod(to, st->st_mode & 07777)) {
			if (!kdep_error_last())
				kdep_error_set("cannot copy %s to %s: %s",
					       path, to, strerror(errno));
			copy.failed = 1;
			return FTW_STOP;
		}
		return FTW_CONTINUE;
	}
	if (!link(path, to))
		return FTW_CONTINUE;
	if (errno == EXDEV || errno == EPERM || errno == EMLINK) {
		if (copy_file(path, to) || chmod(to, st->st_mode & 07777)) {
			copy.failed = 1;
			return FTW_STOP;
		}
		return FTW_CONTINUE;
	}
fail:
	kdep_error_set("cannot copy %s to %s: %s", path, to, strerror(errno));
	copy.failed = 1;
	return FTW_STOP;
}

/* One entry of the scratch copy that the tree no longer has, removed
 * (depth first: a directory after what it held). */
static int prune_one(const char *path, const struct stat *st, int flag,
		     struct FTW *ftw)
{
	char from[2 * PATH_MAX];
	struct stat fs;
	const char *rel = path + strlen(copy.to);
	(void)st;
	(void)ftw;
	if (!*rel)
		return FTW_CONTINUE;
	snprintf(from, sizeof(from), "%s%s", copy.from, rel);
	if (!lstat(from, &fs) || errno != ENOENT)
		return FTW_CONTINUE;
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) && errno != ENOENT) {
		kdep_error_set("cannot remove %s: %s", path, strerror(errno));
		copy.failed = 1;
		return FTW_STOP;
	}
	return FTW_CONTINUE;
}

/* The scratch copy of rq's tree at dir, the edits applied: what the tree
 * has linked or copied, what it no longer has removed. */
static int scratch_sync(const struct build_request *rq, const char *root,
			const char *dir)
{
	struct source *ov = NULL;
	int ret = -1;
	if (make_dirs(dir))
		return -1;
	kdep_error_clear();
	copy.from = root;
	copy.nfrom = strlen(root);
	copy.to = dir;
	copy.rq = rq;
	copy.failed = 0;
	if (nftw(root, copy_one, 64, FTW_PHYS | FTW_ACTIONRETVAL) < 0 ||
	    copy.failed) {
		if (!copy.failed)
			kdep_error_set("cannot walk %s: %s", root,
				       strerror(errno));
		return -1;
	}
	if (nftw(dir, prune_one, 64, FTW_PHYS | FTW_DEPTH |
		 FTW_ACTIONRETVAL) < 0 || copy.failed) {
		if (!copy.failed)
			kdep_error_set("cannot walk %s: %s", dir,
				       strerror(errno));
		return -1;
	}
	if (scan_edits_apply(rq->tree, rq->edits, rq->nedits, &ov))
		goto done;
	for (size_t i = 0; i < rq->nedits; i++) {
		char *data = NULL, path[2 * PATH_MAX];
		size_t len = 0;
		if (source_read(ov, rq->edits[i].file, 0, &data, &len))
			goto done;
		snprintf(path, sizeof(path), "%s/%s", dir, rq->edits[i].file);
		int bad = put_file(path, data, len);
		free(data);
		if (bad)
			goto done;
	}
	ret = 0;
done:
	source_free(ov);
	return ret;
}

/* ---- running make --------------------------------------------------------- */

/* Runs make -C src O=obj ARCH=arch, the toolchain's variables and
 * args[0..n), in the profiles' environment (allconfig: KCONFIG_ALLCONFIG
 * too), its output appended to log. Returns make's exit status (0 when
 * it succeeded), or -1 with the error set when it could not run. */
static int run_make(const char *src, const char *obj, const char *arch,
		    const struct toolchain *tc, const char *allconfig,
		    char *const *args, size_t n, const char *log)
{
	char env_home[PATH_MAX + 8], env_path[sizeof(build_path) + 8];
	char env_all[PATH_MAX + 32], c_src[PATH_MAX + 8], o_obj[PATH_MAX + 8];
	char a_arch[64];
	const char *home = getenv("HOME");
	snprintf(env_home, sizeof(env_home), "HOME=%s",
		 home && *home ? home : "/tmp");
	snprintf(env_path, sizeof(env_path), "PATH=%s", build_path);
	snprintf(env_all, sizeof(env_all), "KCONFIG_ALLCONFIG=%s",
		 allconfig ? allconfig : "");
	char *envp[] = { env_home, env_path, "LC_ALL=C",
			 allconfig ? env_all : NULL, NULL };
	snprintf(c_src, sizeof(c_src), "%s", src);
	snprintf(o_obj, sizeof(o_obj), "O=%s", obj);
	snprintf(a_arch, sizeof(a_arch), "ARCH=%s", arch);
	char **argv = kdep_calloc(n + 10, sizeof(*argv));
	if (!argv)
		return -1;
	size_t k = 0;
	argv[k++] = "make";
	argv[k++] = "-C";
	argv[k++] = c_src;
	argv[k++] = o_obj;
	argv[k++] = a_arch;
	for (size_t i = 0; i < 3; i++)
		if (tc->vars[i][0])
			argv[k++] = (char *)tc->vars[i];
	for (size_t i = 0; i < n; i++)
		argv[k++] = args[i];
	int fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
	if (fd < 0) {
		kdep_error_set("cannot write %s: %s", log, strerror(errno));
		free(argv);
		return -1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		kdep_error_set("cannot start make: %s", strerror(errno));
		close(fd);
		free(argv);
		return -1;
	}
	if (!pid) {
		int in = open("/dev/null", O_RDONLY);
		if (in >= 0)
			dup2(in, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execvpe("make", argv, envp);
		_exit(127);
	}
	close(fd);
	free(argv);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			kdep_error_set("cannot wait for make: %s",
				       strerror(errno));
			return -1;
		}
	if (WIFEXITED(st))
		return WEXITSTATUS(st) == 127 ? (kdep_error_set("cannot run "
			"make"), -1) : WEXITSTATUS(st);
	return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

/* ---- the first error ---------------------------------------------------- */

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (!d) {
		kdep_error_oom();
		return NULL;
	}
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

/* "FILE:LINE[:COL]: [fatal ]error: MSG" at l (n bytes): the file and
 * line into r, the message "error: MSG". 1 when it is one, -1 OOM. */
static int compiler_error(const char *l, size_t n, struct build_result *r)
{
	size_t f = 0;
	while (f < n && l[f] != ':' && !isspace((unsigned char)l[f]))
		f++;
	if (!f || f >= n || l[f] != ':' || !isdigit((unsigned char)l[f + 1]))
		return 0;
	char *end;
	unsigned long line = strtoul(l + f + 1, &end, 10);
	const char *p = end;
	if (*p == ':' && isdigit((unsigned char)p[1])) {
		strtoul(p + 1, &end, 10);
		p = end;
	}
	static const char *const kinds[] = { ": error: ", ": fatal error: ",
					     ": Error: " };
	for (size_t k = 0; k < 3; k++) {
		size_t kl = strlen(kinds[k]);
		if ((size_t)(p - l) + kl > n || strncmp(p, kinds[k], kl))
			continue;
		const char *msg = p + kl;
		size_t mlen = n - (size_t)(msg - l);
		r->outcome = BUILD_COMPILE;
		r->file = dup_n(l, f);
		r->line = (unsigned)line;
		r->message = malloc(mlen + 8);
		if (!r->file || !r->message) {
			kdep_error_oom();
			return -1;
		}
		snprintf(r->message, mlen + 8, "error: %.*s", (int)mlen, msg);
		return 1;
	}
	return 0;
}

/* The next line of text after *at (n bytes of it), or NULL. */
static const char *next_line(const char *text, size_t len, size_t *at,
			     size_t *n)
{
	if (*at >= len)
		return NULL;
	const char *l = text + *at;
	const char *e = memchr(l, '\n', len - *at);
	*n = e ? (size_t)(e - l) : len - *at;
	*at += *n + (e != NULL);
	return l;
}

/* Whether l (n bytes) contains s, and where. */
static const char *find_in(const char *l, size_t n, const char *s)
{
	size_t k = strlen(s);
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(l + i, s, k))
			return l + i;
	return NULL;
}

/* The link error whose symbol is sym (m bytes): "undefined reference to
 * `SYM'" needed by obj (o bytes, or none). */
static int link_error(struct build_result *r, const char *sym, size_t m,
		      const char *obj, size_t o)
{
	r->outcome = BUILD_LINK;
	r->symbol = dup_n(sym, m);
	r->file = obj ? dup_n(obj, o) : NULL;
	r->message = malloc(m + 32);
	if (!r->symbol || (obj && !r->file) || !r->message) {
		kdep_error_oom();
		return -1;
	}
	snprintf(r->message, m + 32, "undefined reference to `%.*s'", (int)m,
		 sym);
	return 1;
}

/* lld's ">>> ... OBJ:(FUNC)" line of the error at *at: the object. */
static const char *lld_object(const char *text, size_t len, size_t at,
			      size_t *o)
{
	size_t n;
	const char *l;
	while ((l = next_line(text, len, &at, &n)) && n >= 3 &&
	       !strncmp(l, ">>>", 3)) {
		const char *p = find_in(l, n, ".o:(");
		if (!p)
			continue;
		const char *s = p;
		while (s > l && !isspace((unsigned char)s[-1]))
			s--;
		*o = (size_t)(p + 2 - s);
		return s;
	}
	return NULL;
}

int build_log_first_error(const char *text, size_t len,
			  struct build_result *r)
{
	size_t at = 0, n;
	const char *l;
	/* GNU ld names the object on the line before the reference */
	const char *gnu_obj = NULL, *other = NULL;
	size_t gnu_n = 0, other_n = 0;
	while ((l = next_line(text, len, &at, &n))) {
		const char *p;
		int c = compiler_error(l, n, r);
		if (c)
			return c;
		if ((p = find_in(l, n, ": error: undefined symbol: "))) {
			const char *sym = p + 27;
			size_t m = n - (size_t)(sym - l), o = 0;
			const char *obj = lld_object(text, len, at, &o);
			return link_error(r, sym, m, obj, o);
		}
		if ((p = find_in(l, n, ": in function `")) ||
		    (p = find_in(l, n, ": in function '"))) {
			const char *s = p;
			while (s > l && s[-1] != ' ')
				s--;
			gnu_obj = s;
			gnu_n = (size_t)(p - s);
			continue;
		}
		if ((p = find_in(l, n, "undefined reference to `")) ||
		    (p = find_in(l, n, "undefined reference to '"))) {
			const char *sym = p + 24;
			size_t m = 0;
			while (sym + m < l + n && sym[m] != '\'' &&
			       sym[m] != '`')
				m++;
			return link_error(r, sym, m, gnu_obj, gnu_n);
		}
		/* another error of the linker: its message from "error:" */
		const char *e = find_in(l, n, "error: ");
		if (e && (find_in(l, n, "ld.lld") || find_in(l, n, "-ld: ") ||
			  !strncmp(l, "ld: ", 4))) {
			r->outcome = BUILD_LINK;
			r->message = dup_n(e, n - (size_t)(e - l));
			return r->message ? 1 : -1;
		}
		if (e && !other)
			other = l, other_n = n;
	}
	/* no error of the compiler or linker: the first line saying
	 * "error:" (the driver's, a script's) */
	if (other) {
		r->outcome = BUILD_FAILED;
		r->message = dup_n(other, other_n);
		return r->message ? 1 : -1;
	}
	return 0;
}

/* The first error of the log at path into r (BUILD_FAILED when none is
 * recognised: the last lines are in the log). */
static int read_first_error(const char *path, struct build_result *r)
{
	char *text = NULL;
	size_t len = 0;
	if (kdep_read_file(path, (size_t)1 << 30, &text, &len))
		return -1;
	int found = build_log_first_error(text, len, r);
	free(text);
	if (found < 0)
		return -1;
	if (!found)
		r->outcome = BUILD_FAILED;
	return 0;
}

/* ---- the build -------------------------------------------------------- */

/* The object of the impact file f, or NULL when it has none (a header,
 * a Makefile). */
static char *object_of(const char *f)
{
	size_t n = strlen(f);
	if (n < 3 || (strcmp(f + n - 2, ".c") && strcmp(f + n - 2, ".S")))
		return NULL;
	char *o = kdep_strdup(f);
	if (o)
		o[n - 1] = 'o';
	return o;
}

/* The targets of rq that obj/.config does not set to y, as one line in
 * *lost (NULL: none). */
static int targets_lost(const struct build_request *rq, const char *config,
			char **lost)
{
	char *text = NULL;
	size_t len = 0, size = 0;
	FILE *f = NULL;
	*lost = NULL;
	if (kdep_read_file(config, (size_t)1 << 28, &text, &len))
		return -1;
	for (size_t i = 0; i < rq->ntargets; i++) {
		char want[256];
		int w = snprintf(want, sizeof(want), "\nCONFIG_%s=y\n",
				 rq->targets[i]);
		int found = (len >= (size_t)w - 1 &&
			     !strncmp(text, want + 1, (size_t)w - 1)) ||
			    strstr(text, want);
		if (found)
			continue;
		if (!f && !(f = open_memstream(lost, &size))) {
			free(text);
			kdep_error_oom();
			return -1;
		}
		fprintf(f, "%sCONFIG_%s", ftell(f) ? ", " : "", rq->targets[i]);
	}
	free(text);
	if (f)
		fclose(f);
	return 0;
}

/* Whether the left side lhs (n bytes) of a kbuild list line ("obj-y",
 * "obj-$(CONFIG_X)", "foo-y") is on under the .config text. */
static int list_on(const char *lhs, size_t n, const char *config_text)
{
	while (n && isspace((unsigned char)lhs[n - 1]))
		n--;
	const char *sym = find_in(lhs, n, "$(CONFIG_");
	if (!sym)
		return n >= 2 && !memcmp(lhs + n - 2, "-y", 2);
	char want[256];
	size_t k = strcspn(sym + 9, ")");
	snprintf(want, sizeof(want), "\nCONFIG_%.*s=y\n", (int)k, sym + 9);
	return strstr(config_text, want) != NULL;
}

/* Whether kbuild builds obj under this configuration (config_text, a
 * newline first): its directory's Makefile lists it, continuation lines
 * joined, on an obj-y or foo-y line or one of a symbol set to y. A guess
 * from the Makefile's text (conditionals not followed): an object it
 * cannot place is left to the vmlinux build. */
static int object_built(const char *src, const char *config_text,
			const char *obj)
{
	char mk[2 * PATH_MAX + 16], *text = NULL;
	size_t len = 0;
	const char *slash = strrchr(obj, '/');
	const char *base = slash ? slash + 1 : obj;
	snprintf(mk, sizeof(mk), "%s/%.*s/Makefile", src,
		 slash ? (int)(slash - obj) : 0, obj);
	if (kdep_read_file(mk, (size_t)1 << 24, &text, &len)) {
		kdep_error_clear();
		return 0;
	}
	/* continuation lines joined into one */
	for (size_t i = 0; i + 1 < len; i++)
		if (text[i] == '\\' && text[i + 1] == '\n')
			text[i] = text[i + 1] = ' ';
	int built = 0;
	size_t bl = strlen(base);
	for (char *l = text; l && *l && !built; ) {
		char *e = strchr(l, '\n');
		if (e)
			*e = 0;
		char *op = strstr(l, "+=");
		if (!op)
			op = strstr(l, ":=");
		for (char *p = op; p && (p = strstr(p, base)); p += bl)
			if (isspace((unsigned char)p[-1]) &&
			    (!p[bl] || isspace((unsigned char)p[bl]))) {
				built = list_on(l, (size_t)(op - l),
						config_text);
				break;
			}
		l = e ? e + 1 : NULL;
	}
	free(text);
	return built;
}

void build_result_free(struct build_result *r)
{
	free(r->dir);
	free(r->toolchain);
	for (size_t i = 0; i < r->nobjects; i++)
		free(r->objects[i]);
	free(r->objects);
	free(r->step);
	free(r->file);
	free(r->message);
	free(r->symbol);
	free(r->log);
	memset(r, 0, sizeof(*r));
}

/* r's step and log, the step failed. */
static int failed_at(struct build_result *r, const char *step,
		     const char *log)
{
	r->step = kdep_strdup(step);
	r->log = kdep_strdup(log);
	return r->step && r->log ? 0 : -1;
}

int build_check(const struct build_request *rq, struct build_result *out)
{
	struct toolchain tc;
	char src[PATH_MAX], obj[PATH_MAX], log[PATH_MAX + 32];
	char cfg[PATH_MAX + 16], allconfig[PATH_MAX + 32], jobs[32];
	char real[PATH_MAX];
	char *config_text = NULL;
	int ret = -1;
	memset(out, 0, sizeof(*out));
	const char *root = source_root(rq->tree);
	struct stat st;
	if (!root || !realpath(root, real) || stat(real, &st) ||
	    !S_ISDIR(st.st_mode)) {
		kdep_error_set_arg("--build-check builds a tree on disk: "
				   "give it with --tree");
		return -1;
	}
	if (toolchain_of(rq->profile, rq->arch, &tc) ||
	    toolchain_check(&tc, rq->profile))
		return -1;
	out->toolchain = kdep_strdup(tc.vars[1][0] ? tc.vars[1] :
				     tc.vars[0]);
	out->dir = rq->dir ? kdep_strdup(rq->dir) :
		   default_dir(real, rq->arch, rq->profile);
	if (!out->dir || !out->toolchain)
		goto done;
	if (tc.vars[1][0]) {
		free(out->toolchain);
		size_t n = strlen(tc.vars[0]) + strlen(tc.vars[1]) + 2;
		if (!(out->toolchain = malloc(n)))
			goto oom;
		snprintf(out->toolchain, n, "%s %s", tc.vars[0], tc.vars[1]);
	}
	snprintf(src, sizeof(src), "%s/src", out->dir);
	snprintf(obj, sizeof(obj), "%s/obj", out->dir);
	if (scratch_sync(rq, real, src) || make_dirs(obj))
		goto done;
	/* the configuration: allnoconfig + the witness, then olddefconfig */
	snprintf(log, sizeof(log), "%s/config.log", out->dir);
	snprintf(allconfig, sizeof(allconfig), "%s/witness.config", out->dir);
	unlink(log);
	out->witnessed = rq->witness != NULL;
	if (rq->witness && kdep_write_file(allconfig, rq->witness,
					   strlen(rq->witness)))
		goto done;
	char *a_no[] = { "allnoconfig" }, *a_old[] = { "olddefconfig" };
	int s = run_make(src, obj, rq->arch, &tc, rq->witness ? allconfig :
			 NULL, a_no, 1, log);
	if (s < 0)
		goto done;
	if (!s && (s = run_make(src, obj, rq->arch, &tc, NULL, a_old, 1,
				log)) < 0)
		goto done;
	if (s) {
		out->outcome = BUILD_CONFIG;
		if (failed_at(out, "configuration", log) ||
		    read_first_error(log, out))
			goto done;
		if (out->outcome != BUILD_FAILED)
			out->outcome = BUILD_CONFIG;
		ret = 0;
		goto done;
	}
	snprintf(cfg, sizeof(cfg), "%s/.config", obj);
	char *lost = NULL;
	if (targets_lost(rq, cfg, &lost))
		goto done;
	if (lost) {
		out->outcome = BUILD_LOST;
		out->message = lost;
		ret = failed_at(out, "olddefconfig", cfg);
		goto done;
	}
	size_t clen = 0;
	char *raw = NULL;
	if (kdep_read_file(cfg, (size_t)1 << 28, &raw, &clen))
		goto done;
	config_text = malloc(clen + 2);
	if (!config_text) {
		free(raw);
		goto oom;
	}
	config_text[0] = '\n';
	memcpy(config_text + 1, raw, clen);
	config_text[clen + 1] = 0;
	free(raw);
	snprintf(jobs, sizeof(jobs), "-j%u", rq->jobs ? rq->jobs :
		 (unsigned)sysconf(_SC_NPROCESSORS_ONLN));
	/* the impact list's objects that are built, first */
	out->objects = kdep_calloc(rq->nfiles + 2, sizeof(*out->objects));
	if (!out->objects)
		goto done;
	for (size_t i = 0; i < rq->nfiles; i++) {
		char *o = object_of(rq->files[i]);
		int dup = 0;
		for (size_t k = 0; o && k < out->nobjects; k++)
			dup |= !strcmp(out->objects[k], o);
		if (o && !dup && object_built(src, config_text, o))
			out->objects[out->nobjects++] = o;
		else
			free(o);
	}
	if (out->nobjects) {
		char **args = kdep_calloc(out->nobjects + 2, sizeof(*args));
		if (!args)
			goto done;
		args[0] = jobs;
		for (size_t i = 0; i < out->nobjects; i++)
			args[i + 1] = out->objects[i];
		snprintf(log, sizeof(log), "%s/objects.log", out->dir);
		unlink(log);
		s = run_make(src, obj, rq->arch, &tc, NULL, args,
			     out->nobjects + 1, log);
		free(args);
		if (s < 0)
			goto done;
		if (s) {
			if (failed_at(out, "objects", log) ||
			    read_first_error(log, out))
				goto done;
			ret = 0;
			goto done;
		}
	}
	char *a_vm[] = { jobs, "vmlinux" };
	snprintf(log, sizeof(log), "%s/vmlinux.log", out->dir);
	unlink(log);
	if ((s = run_make(src, obj, rq->arch, &tc, NULL, a_vm, 2, log)) < 0)
		goto done;
	if (s) {
		if (failed_at(out, "vmlinux", log) ||
		    read_first_error(log, out))
			goto done;
		ret = 0;
		goto done;
	}
	out->outcome = BUILD_OK;
	ret = 0;
	goto done;
oom:
	kdep_error_oom();
done:
	free(config_text);
	return ret;
}
