/*
 * profile_rec.c - recorded toolchain profiles: the .probes files, where
 * they are found, and the answers they give.
 *
 * A .probes file is line-oriented text, meant to be read and diffed:
 *
 *   # comment
 *   profile gcc-12
 *   arch arm64
 *   description GNU C 12 for aarch64-linux-gnu, GNU binutils
 *   recorded linux 6.12.57, kdep 0.1.0
 *   unknown failure            (or: unknown success)
 *   var CC=aarch64-linux-gnu-gcc-12
 *   probe $(CC) -Werror ... && echo "y" || echo "n"
 *     = y
 *   call cc-option(-fsanitize=kcfi)
 *     = n
 *
 * Keys and answers are single lines (kconfiglib joins continued lines and
 * turns a command's newlines into spaces), so nothing needs escaping.
 */
#include "profile.h"
#include "strv.h"
#include "error.h"
#include "file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- reading ------------------------------------------------------------ */

/*
 * The most bytes a recording may have: 16 MiB, some 350 times the largest
 * built-in one (46 KB: llvm-19/arm64.probes, 6.12's 107 probes and their
 * macro calls). A larger file is refused before it is read.
 */
#define PROFILE_REC_MAX (16u << 20)

static int probe_cmp(const void *a, const void *b)
{
	const struct kconf_probe *x = a, *y = b;
	int c = strcmp(x->kind, y->kind);
	return c ? c : strcmp(x->key, y->key);
}

static int strv_push(char ***v, size_t *n, const char *s)
{
	char **nv = realloc(*v, sizeof(char *) * (*n + 2));
	if (!nv)
		return -1;
	*v = nv;
	if (!(nv[*n] = strdup(s)))
		return -1;
	nv[++*n] = NULL;
	return 0;
}

static void probe_free(struct kconf_probe *p)
{
	free(p->kind);
	free(p->key);
	free(p->output);
}

void profile_rec_free(struct profile_rec *r)
{
	free(r->name);
	free(r->arch);
	free(r->path);
	free(r->description);
	free(r->recorded);
	for (size_t i = 0; i < r->nvars; i++)
		free(r->vars[i]);
	free(r->vars);
	for (size_t i = 0; i < r->nprobes; i++)
		probe_free(&r->probes[i]);
	free(r->probes);
	memset(r, 0, sizeof(*r));
}

/* Sorts the probes by key and drops repeated keys. With keep_first, the
 * first answer heard is kept (a recording); else any one. */
static void probes_sort(struct profile_rec *r, int keep_first)
{
	size_t k = 0;
	for (size_t i = 0; keep_first && i < r->nprobes; i++) {
		size_t j = 0;
		while (j < k && probe_cmp(&r->probes[i], &r->probes[j]))
			j++;
		if (j < k)
			probe_free(&r->probes[i]);
		else
			r->probes[k++] = r->probes[i];
	}
	if (keep_first)
		r->nprobes = k;
	/* no NULL to qsort or bsearch, even for no elements (C11 7.22.5) */
	if (r->nprobes)
		qsort(r->probes, r->nprobes, sizeof(*r->probes), probe_cmp);
	k = 0;
	for (size_t i = 0; i < r->nprobes; i++) {
		if (k && !probe_cmp(&r->probes[i], &r->probes[k - 1]))
			probe_free(&r->probes[i]);
		else
			r->probes[k++] = r->probes[i];
	}
	r->nprobes = k;
}

static int set_field(char **field, const char *value)
{
	free(*field);
	return (*field = strdup(value)) ? 0 : -1;
}

/*
 * path opened for reading when it is a regular file of at most
 * PROFILE_REC_MAX bytes; NULL with the error set otherwise. A fifo is
 * opened without blocking (O_NONBLOCK) and refused, a device never read.
 */
static FILE *rec_open(const char *path)
{
	struct stat st;
	FILE *f;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		kdep_error_set("cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st)) {
		kdep_error_set("cannot read %s: %s", path, strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		kdep_error_set("cannot read %s: not a regular file", path);
	} else if (st.st_size > PROFILE_REC_MAX) {
		kdep_error_set("cannot read %s: larger than %u MiB, the most a "
			       "recording may have", path,
			       PROFILE_REC_MAX >> 20);
	} else if (!(f = fdopen(fd, "r"))) {
		kdep_error_set("cannot read %s: %s", path, strerror(errno));
	} else {
		return f;
	}
	close(fd);
	return NULL;
}

/*
 * The architecture path's name gives (ARCH of .../ARCH.probes) into buf;
 * "" when it is not named so.
 */
static const char *rec_file_arch(const char *path, char *buf, size_t n)
{
	const char *base = strrchr(path, '/');
	size_t len;
	base = base ? base + 1 : path;
	len = strlen(base);
	buf[0] = '\0';
	if (len > 7 && !strcmp(base + len - 7, ".probes"))
		snprintf(buf, n, "%.*s", (int)(len - 7), base);
	return buf;
}

/*
 * The probe keys of r as kconf_probe_key() writes them: a recording made
 * before keys were normalised, or two spellings of one command recorded
 * from two trees, answer the command the shell runs. Two spellings that
 * answered differently mean the keys do not name what the answer depends
 * on: an error, not a choice of one of them.
 */
static int keys_normalise(struct profile_rec *r)
{
	for (size_t i = 0; i < r->nprobes; i++) {
		struct kconf_probe *p = &r->probes[i];
		if (strcmp(p->kind, "probe"))
			continue;
		char *key = kconf_probe_key(p->key);
		if (!key) {
			kdep_error_set("out of memory");
			return -1;
		}
		free(p->key);
		p->key = key;
	}
	if (r->nprobes)
		qsort(r->probes, r->nprobes, sizeof(*r->probes), probe_cmp);
	for (size_t i = 1; i < r->nprobes; i++) {
		const struct kconf_probe *a = &r->probes[i - 1], *b = a + 1;
		if (!probe_cmp(a, b) && strcmp(a->output, b->output)) {
			kdep_error_set("%s: probe '%s' answered both '%s' and "
				       "'%s' (spellings of one command)",
				       r->path, a->key, a->output, b->output);
			return -1;
		}
	}
	return 0;
}

int profile_rec_read(const char *path, struct profile_rec *out)
{
	FILE *f;
	char *line = NULL, named[NAME_MAX + 1];
	size_t cap = 0, pcap = 0, total = 0;
	ssize_t len;
	unsigned lineno = 0, archline = 0;
	struct kconf_probe *pending = NULL;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (!(f = rec_open(path)))
		return -1;
	out->path = strdup(path);
	out->hash = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		/* one that grew since it was opened stops at the bound */
		if ((total += (size_t)len) > PROFILE_REC_MAX) {
			kdep_error_set_at(path, lineno, "larger than %u MiB, "
					  "the most a recording may have",
					  PROFILE_REC_MAX >> 20);
			goto done;
		}
		out->hash = (out->hash ^ source_hash(line, (size_t)len)) *
				    0x100000001b3ull + lineno;
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (pending) {
			if (strncmp(line, "  = ", 4)) {
				kdep_error_set_at(path, lineno, "expected '  = "
					       "ANSWER' after the %s line",
					       pending->kind);
				goto done;
			}
			if (!(pending->output = strdup(line + 4)))
				goto oom;
			pending = NULL;
			continue;
		}
		if (!line[0] || line[0] == '#')
			continue;
		char *sp = strchr(line, ' ');
		const char *val = sp ? sp + 1 : "";
		if (sp)
			*sp = '\0';
		if (!strcmp(line, "probe") || !strcmp(line, "call")) {
			if (out->nprobes + 1 > pcap) {
				pcap = pcap ? pcap * 2 : 256;
				void *v = realloc(out->probes,
						  sizeof(*out->probes) * pcap);
				if (!v)
					goto oom;
				out->probes = v;
			}
			/* counted now, so that an error frees it; its
			 * answer is the next line */
			pending = &out->probes[out->nprobes++];
			memset(pending, 0, sizeof(*pending));
			pending->kind = strdup(line);
			pending->key = strdup(val);
			if (!pending->kind || !pending->key)
				goto oom;
		} else if (!strcmp(line, "var")) {
			if (!strchr(val, '=')) {
				kdep_error_set_at(path, lineno, "'var' needs "
					       "NAME=VALUE");
				goto done;
			}
			if (strv_push(&out->vars, &out->nvars, val))
				goto oom;
		} else if (!strcmp(line, "profile")) {
			if (set_field(&out->name, val))
				goto oom;
		} else if (!strcmp(line, "arch")) {
			if (set_field(&out->arch, val))
				goto oom;
			archline = lineno;
		} else if (!strcmp(line, "description")) {
			if (set_field(&out->description, val))
				goto oom;
		} else if (!strcmp(line, "recorded")) {
			if (set_field(&out->recorded, val))
				goto oom;
		} else if (!strcmp(line, "unknown")) {
			if (strcmp(val, "failure") && strcmp(val, "success")) {
				kdep_error_set_at(path, lineno, "'unknown' is "
					       "'failure' or 'success'");
				goto done;
			}
			out->failure_default = !strcmp(val, "failure");
		} else {
			kdep_error_set_at(path, lineno, "unknown keyword '%s'",
					  line);
			goto done;
		}
	}
	if (pending) {
		kdep_error_set_at(path, lineno, "the file ends before the answer "
			       "of its last %s", pending->kind);
		goto done;
	}
	if (!out->name || !out->arch) {
		kdep_error_set_at(path, 1, "a profile needs 'profile NAME' and "
			       "'arch ARCH' lines");
		goto done;
	}
	/* a recording answers for the arch its file is named for, and no
	 * other: replayed for x86, arm64's answers would be wrong */
	if (*rec_file_arch(path, named, sizeof(named)) &&
	    strcmp(named, out->arch)) {
		kdep_error_set_at(path, archline, "the recording is for arch "
				  "'%s', but its file is named for '%s'",
				  out->arch, named);
		goto done;
	}
	if (keys_normalise(out))
		goto done;
	probes_sort(out, 0);
	ret = 0;
	goto done;
oom:
	kdep_error_set("out of memory");
done:
	free(line);
	fclose(f);
	if (ret)
		profile_rec_free(out);
	return ret;
}

const char *profile_rec_answer(void *ctx, const char *kind, const char *key)
{
	const struct profile_rec *r = ctx;
	struct kconf_probe want = { (char *)kind, (char *)key, NULL };
	if (!r->nprobes)
		return NULL;
	const struct kconf_probe *p = bsearch(&want, r->probes, r->nprobes,
					      sizeof(*r->probes), probe_cmp);
	return p ? p->output : NULL;
}

/* ---- merging ------------------------------------------------------------ */

static int has_var(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return 1;
	return 0;
}

int profile_rec_merge(struct profile_rec *into, struct profile_rec *from)
{
	if (strcmp(into->name, from->name) || strcmp(into->arch, from->arch)) {
		kdep_error_set("cannot merge the recording of %s for %s into "
			       "that of %s for %s", from->name, from->arch,
			       into->name, into->arch);
		return -1;
	}
	/* the same toolchain: the same variables, in any order */
	for (size_t i = 0; i < from->nvars + into->nvars; i++) {
		int theirs = i < from->nvars;
		const char *v = theirs ? from->vars[i]
				       : into->vars[i - from->nvars];
		if (!has_var(theirs ? into->vars : from->vars,
			     theirs ? into->nvars : from->nvars, v)) {
			kdep_error_set("cannot merge into %s: its variables "
				       "differ ('%s' is in one recording "
				       "only): another toolchain", into->path
				       ? into->path : into->name, v);
			return -1;
		}
	}
	probes_sort(into, 1);
	probes_sort(from, 1);
	size_t n = into->nprobes, added = 0;
	for (size_t i = 0; i < from->nprobes; i++) {
		struct kconf_probe *p = &from->probes[i];
		const struct kconf_probe *q = n ? bsearch(p, into->probes, n,
			sizeof(*into->probes), probe_cmp) : NULL;
		if (q && strcmp(q->output, p->output)) {
			/* one command, one toolchain, two answers: the key
			 * does not name all that the answer depends on */
			kdep_error_set("cannot merge into %s: %s '%s' answered "
				       "'%s' there and '%s' here",
				       into->path ? into->path : into->name,
				       p->kind, p->key, q->output, p->output);
			return -1;
		}
		if (!q)
			added++;
	}
	struct kconf_probe *v = realloc(into->probes, sizeof(*v) *
					(n + added + 1));
	if (!v) {
		kdep_error_set("out of memory");
		return -1;
	}
	into->probes = v;
	for (size_t i = 0; i < from->nprobes; i++) {
		struct kconf_probe *p = &from->probes[i];
		if (bsearch(p, into->probes, n, sizeof(*v), probe_cmp)) {
			probe_free(p);
			continue;
		}
		into->probes[into->nprobes++] = *p;
	}
	free(from->probes);
	from->probes = NULL;
	from->nprobes = 0;
	probes_sort(into, 0);
	return 0;
}

const char *profile_rec_answer_like(void *ctx, const char *kind,
				    const char *command)
{
	const struct profile_rec *r = ctx;
	size_t len = strlen(command);
	const char *out = NULL;
	for (size_t i = 0; i < r->nprobes; i++) {
		const struct kconf_probe *p = &r->probes[i];
		if (strcmp(p->kind, kind) || strncmp(p->key, command, len) ||
		    strncmp(p->key + len, " #", 2))
			continue;
		if (out && strcmp(out, p->output))
			return NULL; /* the versions disagree: no answer */
		out = p->output;
	}
	return out;
}

/* ---- writing ------------------------------------------------------------ */

static int one_line(const char *s)
{
	return !strchr(s, '\n');
}

int profile_rec_write(struct profile_rec *r, const char *dir)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	FILE *f;

	probes_sort(r, 1);
	snprintf(path, sizeof(path), "%s/%s", dir, r->name);
	if (kdep_make_dirs(path)) {
		kdep_error_set("cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s/%s.probes", dir, r->name, r->arch);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (!(f = fopen(tmp, "w"))) {
		kdep_error_set("cannot write %s: %s", tmp, strerror(errno));
		return -1;
	}
	fprintf(f, "# kdep toolchain profile: what a kernel tree's $(shell,...) "
		   "probes answered\n"
		   "# under one toolchain, recorded by 'kdep profile record'. "
		   "Keys name the\n"
		   "# toolchain and the tree as $(CC), $(srctree), ...; an "
		   "'unknown' probe\n"
		   "# (one not listed) takes the failure branch of an "
		   "if-success command\n"
		   "# ('unknown success': its success branch), and any other "
		   "command expands\n# to nothing.\n\n");
	fprintf(f, "profile %s\narch %s\n", r->name, r->arch);
	if (r->description)
		fprintf(f, "description %s\n", r->description);
	if (r->recorded)
		fprintf(f, "recorded %s\n", r->recorded);
	fprintf(f, "unknown %s\n\n", r->failure_default ? "failure" : "success");
	for (size_t i = 0; i < r->nvars; i++)
		if (one_line(r->vars[i]))
			fprintf(f, "var %s\n", r->vars[i]);
	for (size_t i = 0; i < r->nprobes; i++) {
		const struct kconf_probe *p = &r->probes[i];
		if (one_line(p->key) && one_line(p->output))
			fprintf(f, "\n%s %s\n  = %s\n", p->kind, p->key,
				p->output);
	}
	if (fflush(f) || ferror(f) || fsync(fileno(f))) {
		kdep_error_set("cannot write %s: %s", tmp, strerror(errno));
		fclose(f);
		unlink(tmp);
		return -1;
	}
	fclose(f);
	if (rename(tmp, path)) {
		kdep_error_set("cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	free(r->path);
	r->path = strdup(path);
	return 0;
}

/* ---- where profiles live ------------------------------------------------ */

/*
 * The built-in profiles: beside an uninstalled binary (profiles/), else in
 * the share/kdep of the prefix the binary is installed in, else in the
 * data directory it was built for.
 */
static const char *builtin_dir(void)
{
	static char dir[PATH_MAX];
	static const char *const beside[] = { "profiles",
					      "../share/kdep/profiles" };
	struct stat st;
	char exe[PATH_MAX - 32];
	if (dir[0])
		return dir;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash = n > 0 ? (exe[n] = '\0', strrchr(exe, '/')) : NULL;
	if (slash) {
		*slash = '\0';
		for (size_t i = 0; i < sizeof(beside) / sizeof(*beside); i++) {
			char path[PATH_MAX];
			snprintf(path, sizeof(path), "%s/%s", exe, beside[i]);
			if (!stat(path, &st) && S_ISDIR(st.st_mode) &&
			    realpath(path, dir))
				return dir;
		}
	}
	snprintf(dir, sizeof(dir), "%s/profiles", KDEP_DATADIR);
	return dir;
}

int profile_dirs(char ***out, size_t *n)
{
	char **v = NULL;
	size_t k = 0;
	char buf[PATH_MAX];
	const char *path = getenv("KDEP_PROFILE_PATH");
	int failed = 0;

	while (path && *path) {
		size_t len = strcspn(path, ":");
		if (len) {
			snprintf(buf, sizeof(buf), "%.*s", (int)len, path);
			failed |= strv_push(&v, &k, buf);
		}
		path += len + (path[len] == ':');
	}
	failed |= strv_push(&v, &k, profile_user_dir(buf, sizeof(buf)));
	failed |= strv_push(&v, &k, builtin_dir());
	if (failed) {
		strv_free(v);
		kdep_error_set("out of memory");
		return -1;
	}
	*out = v;
	*n = k;
	return 0;
}

const char *profile_user_dir(char *buf, size_t n)
{
	const char *data = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	if (data && *data)
		snprintf(buf, n, "%s/kdep/profiles", data);
	else
		snprintf(buf, n, "%s/.local/share/kdep/profiles",
			 home && *home ? home : "/tmp");
	return buf;
}

static int has_name(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return 1;
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds to v every profile of dir (with a recording for srcarch, if given). */
static int scan_dir(const char *dir, const char *srcarch, char ***v, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATH_MAX];
	struct stat st;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || has_name(*v, *n, e->d_name))
			continue;
		if (srcarch)
			snprintf(path, sizeof(path), "%s/%s/%s.probes", dir,
				 e->d_name, srcarch);
		else
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) ||
		    (srcarch ? !S_ISREG(st.st_mode) : !S_ISDIR(st.st_mode)))
			continue;
		if (strv_push(v, n, e->d_name)) {
			closedir(d);
			kdep_error_set("out of memory");
			return -1;
		}
	}
	closedir(d);
	return 0;
}

int profile_names(int builtin_only, const char *srcarch, char ***out,
		  size_t *n)
{
	char **dirs, **v = calloc(1, sizeof(char *));
	size_t nd, k = 0;
	if (!v) {
		kdep_error_set("out of memory");
		return -1;
	}
	if (builtin_only) {
		if (scan_dir(builtin_dir(), srcarch, &v, &k))
			goto fail;
	} else {
		if (profile_dirs(&dirs, &nd))
			goto fail;
		for (size_t i = 0; i < nd; i++) {
			if (scan_dir(dirs[i], srcarch, &v, &k)) {
				strv_free(dirs);
				goto fail;
			}
		}
		strv_free(dirs);
	}
	qsort(v, k, sizeof(char *), name_cmp);
	*out = v;
	*n = k;
	return 0;
fail:
	strv_free(v);
	return -1;
}

int profile_is_builtin(const char *path)
{
	const char *dir = builtin_dir();
	size_t n = strlen(dir);
	return !strncmp(path, dir, n) && path[n] == '/';
}

int profile_open(const char *name, const char *srcarch,
		 struct profile_rec *out)
{
	char **dirs;
	size_t nd;
	char path[PATH_MAX];
	struct stat st;
	int known = 0;

	memset(out, 0, sizeof(*out));
	if (!*name || strchr(name, '/') || name[0] == '.') {
		kdep_error_set("bad profile name '%s'", name);
		return -1;
	}
	if (profile_dirs(&dirs, &nd))
		return -1;
	for (size_t i = 0; i < nd; i++) {
		snprintf(path, sizeof(path), "%s/%s", dirs[i], name);
		if (stat(path, &st) || !S_ISDIR(st.st_mode))
			continue;
		known = 1;
		snprintf(path, sizeof(path), "%s/%s/%s.probes", dirs[i], name,
			 srcarch);
		if (!stat(path, &st)) {
			strv_free(dirs);
			return profile_rec_read(path, out);
		}
	}
	strv_free(dirs);
	if (known)
		kdep_error_set("profile '%s' has no recording for %s (record "
			       "one with 'kdep profile record %s --arch %s')",
			       name, srcarch, name, srcarch);
	else
		kdep_error_set("unknown profile '%s' ('kdep profile list' "
			       "shows the known ones)", name);
	return -1;
}

/* ---- replay ------------------------------------------------------------- */

int profile_replay_env(const struct profile_rec *r, struct source *src,
		       const struct profile_arch *a, struct profile_env *out)
{
	static const char *const own[] = { "ARCH", "SRCARCH",
					   "KERNELVERSION" };
	char ver[128];
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < r->nvars; i++) {
		int skip = 0;
		for (size_t k = 0; k < sizeof(own) / sizeof(*own); k++) {
			size_t len = strlen(own[k]);
			skip |= !strncmp(r->vars[i], own[k], len) &&
				r->vars[i][len] == '=';
		}
		if (!skip && profile_env_add(out, r->vars[i], NULL))
			goto oom;
	}
	profile_kernel_version(src, ver, sizeof(ver));
	if (profile_env_add(out, "ARCH", a->arch) ||
	    profile_env_add(out, "SRCARCH", a->srcarch) ||
	    profile_env_add(out, "KERNELVERSION", ver))
		goto oom;
	if (!(out->fingerprint = malloc(17)))
		goto oom;
	snprintf(out->fingerprint, 17, "%016llx", (unsigned long long)r->hash);
	return 0;
oom:
	profile_env_free(out);
	kdep_error_set("out of memory");
	return -1;
}

int profile_arches(const char *name, char ***out, size_t *n, char **where)
{
	char **dirs, path[PATH_MAX];
	size_t nd;
	struct stat st;
	*out = NULL;
	*n = 0;
	*where = NULL;
	if (profile_dirs(&dirs, &nd))
		return -1;
	for (size_t i = 0; i < nd && !*where; i++) {
		snprintf(path, sizeof(path), "%s/%s", dirs[i], name);
		if (stat(path, &st) || !S_ISDIR(st.st_mode))
			continue;
		if (!(*where = strdup(path)))
			break;
		DIR *d = opendir(path);
		struct dirent *e;
		char **v = calloc(1, sizeof(char *));
		size_t k = 0;
		while (d && v && (e = readdir(d))) {
			size_t len = strlen(e->d_name);
			char file[PATH_MAX + 256];
			/* a recording is a regular file: a fifo is none */
			snprintf(file, sizeof(file), "%s/%s", path, e->d_name);
			if (len > 7 && !strcmp(e->d_name + len - 7, ".probes") &&
			    !stat(file, &st) && S_ISREG(st.st_mode)) {
				e->d_name[len - 7] = '\0';
				if (strv_push(&v, &k, e->d_name))
					break;
			}
		}
		if (d)
			closedir(d);
		if (v)
			qsort(v, k, sizeof(char *), name_cmp);
		*out = v;
		*n = k;
	}
	strv_free(dirs);
	if (!*where) {
		kdep_error_set("unknown profile '%s'", name);
		return -1;
	}
	return *out ? 0 : -1;
}
