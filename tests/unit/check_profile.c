/*
 * check_profile.c - recorded profiles: what a recording keeps and how it is
 * keyed, the .probes file read back, and replay: recorded answers, macro
 * calls that rescue a rewritten probe, the declared default for the rest,
 * and no command ever run.
 */
#include "suites.h"
#include "error.h"
#include "kconf.h"
#include "profile.h"
#include "strv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * A tree that probes like the kernel's Kconfig.include does: an if-success
 * macro family around $(shell,...), with $(CC) and $(srctree) in the
 * commands. Every probe is pure shell, so recording needs no compiler.
 */
static const char probe_top[] =
	"if-success = $(shell,{ $(1); } >/dev/null 2>&1 && echo \"$(2)\" "
	"|| echo \"$(3)\")\n"
	"success = $(if-success,$(1),y,n)\n"
	"cc-option = $(success,test \"$(1)\" = -fgood && echo $(CC))\n"
	"config GOOD\n\tdef_bool $(cc-option,-fgood)\n"
	"config BAD\n\tdef_bool $(cc-option,-fbad)\n"
	"config NAME\n\tstring\n\tdefault \"$(shell,echo $(CC) in "
	"$(srctree))\"\n";

static const char *const env[] = { "ARCH=x86", "SRCARCH=x86", "CC=mycc" };

/* The tree on disk, so that recording can run its probes in the tree. */
static struct source *disk_tree(char **dir, const char *top)
{
	struct source *s;
	*dir = test_tmpdir();
	test_write(*dir, "Kconfig", top);
	ck_assert_int_eq(source_open_dir(&s, *dir), 0);
	return s;
}

static const char *value_of(const struct kconf_values *v, const char *name)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->names[i], name))
			return v->values[i];
	ck_abort_msg("no value for %s", name);
	return NULL;
}

/* A call's key is "NAME(ARGS) #def@ID": whether key is that call. */
static int is_call(const char *key, const char *call)
{
	size_t n = strlen(call);
	return !strncmp(key, call, n) && !strncmp(key + n, " #def@", 6) &&
	       strlen(key + n + 6) == 12;
}

static const struct kconf_probe *heard_probe(const struct kconf_probe_log *log,
					     const char *kind, const char *key)
{
	for (size_t i = 0; i < log->n; i++)
		if (!strcmp(log->v[i].kind, kind) &&
		    (!strcmp(kind, "call") ? is_call(log->v[i].key, key)
					   : !strcmp(log->v[i].key, key)))
			return &log->v[i];
	return NULL;
}

static const char *heard(const struct kconf_probe_log *log, const char *kind,
			 const char *key)
{
	const struct kconf_probe *p = heard_probe(log, kind, key);
	return p ? p->output : NULL;
}

/*
 * The value of name when top is replayed under r, in a place of its own;
 * missed is how many probes must have had no answer. Static storage.
 */
static const char *replayed(const char *top, struct profile_rec *r,
			    const char *name, size_t missed_n)
{
	static char value[256];
	char *tdir;
	struct source *s = disk_tree(&tdir, top);
	struct kconf_prober pr = { profile_rec_answer, r, 1, NULL };
	struct kconf_probe_log missed = { 0 };
	struct kconf_values v;
	struct kconf_opts o = { env, 3, KCONF_REPLAY, &pr, &missed };
	ck_assert_int_eq(kconf_eval(s, &o, "", &v), 0);
	snprintf(value, sizeof(value), "%s", value_of(&v, name));
	ck_assert_uint_eq(missed.n, missed_n);
	kconf_values_free(&v);
	kconf_probe_log_free(&missed);
	source_free(s);
	free(tdir);
	return value;
}

/* Records probe_top and writes the recording as NAME/x86.probes in dir. */
static void record_into(const char *dir, struct profile_rec *r)
{
	char *tdir;
	struct source *s = disk_tree(&tdir, probe_top);
	struct kconf_probe_log log = { 0 };
	struct model *m = NULL;
	struct kconf_opts o = { env, 3, KCONF_RECORD, NULL, &log };
	ck_assert_int_eq(kconf_load(s, &o, &m), 0);

	/* keys carry $(CC) and $(srctree), never their values */
	const char *out = heard(&log, "probe", "echo $(CC) in $(srctree)");
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(strstr(out, "mycc in /"));
	const char *cmd = "{ test \"-fgood\" = -fgood && echo $(CC); } "
			  ">/dev/null 2>&1 && echo \"y\" || echo \"n\"";
	ck_assert_str_eq(heard(&log, "probe", cmd), "y");
	ck_assert_str_eq(heard(&log, "call", "cc-option(-fgood)"), "y");
	ck_assert_str_eq(heard(&log, "call", "cc-option(-fbad)"), "n");
	ck_assert_str_eq(heard(&log, "call", "success(test \"-fbad\" = -fgood "
			       "&& echo $(CC))"), "n");

	memset(r, 0, sizeof(*r));
	r->name = strdup("t");
	r->arch = strdup("x86");
	r->description = strdup("a test");
	r->failure_default = 1;
	r->vars = calloc(2, sizeof(char *));
	r->vars[r->nvars++] = strdup("CC=mycc");
	r->probes = log.v;
	r->nprobes = log.n;
	ck_assert_int_eq(profile_rec_write(r, dir), 0);
	model_free(m);
	source_free(s);
	free(tdir);
}

START_TEST(record_then_replay)
{
	char *pdir = test_tmpdir();
	struct profile_rec w, r;
	record_into(pdir, &w);

	/* the file reads back whole, sorted, with its header */
	ck_assert_int_eq(profile_rec_read(w.path, &r), 0);
	ck_assert_str_eq(r.name, "t");
	ck_assert_str_eq(r.arch, "x86");
	ck_assert_str_eq(r.description, "a test");
	ck_assert_int_eq(r.failure_default, 1);
	ck_assert_uint_eq(r.nvars, 1);
	ck_assert_uint_eq(r.nprobes, w.nprobes);
	struct kconf_probe_log all = { r.probes, r.nprobes };
	const struct kconf_probe *good = heard_probe(&all, "call",
						     "cc-option(-fgood)");
	ck_assert_ptr_nonnull(good);
	ck_assert_str_eq(profile_rec_answer(&r, "call", good->key), "y");
	ck_assert_ptr_null(profile_rec_answer(&r, "call", "cc-option(-fx)"));

	/* replayed in another place, under another compiler path: the same
	 * values, and nothing missed */
	ck_assert_str_eq(replayed(probe_top, &r, "GOOD", 0), "y");
	ck_assert_str_eq(replayed(probe_top, &r, "BAD", 0), "n");
	profile_rec_free(&r);
	profile_rec_free(&w);
	free(pdir);
}
END_TEST

/* Drops every entry of r whose key contains what. */
static void forget(struct profile_rec *r, const char *kind, const char *what)
{
	size_t k = 0;
	for (size_t i = 0; i < r->nprobes; i++) {
		struct kconf_probe *p = &r->probes[i];
		if (!strcmp(p->kind, kind) && strstr(p->key, what)) {
			free(p->kind);
			free(p->key);
			free(p->output);
		} else {
			r->probes[k++] = *p;
		}
	}
	r->nprobes = k;
}

START_TEST(misses_rescues_and_defaults)
{
	char *pdir = test_tmpdir();
	struct profile_rec w, r;
	record_into(pdir, &w);
	ck_assert_int_eq(profile_rec_read(w.path, &r), 0);

	/* -fgood's shell command is gone but its cc-option call is known;
	 * -fbad is gone at every level; the echo probe too */
	forget(&r, "probe", "-fgood");
	forget(&r, "probe", "-fbad");
	forget(&r, "call", "-fbad");
	forget(&r, "probe", "echo $(CC)");

	char *tdir;
	struct source *s = disk_tree(&tdir, probe_top);
	struct kconf_prober pr = { profile_rec_answer, &r, 1, NULL };
	struct kconf_probe_log missed = { 0 };
	struct kconf_values v;
	struct kconf_opts o = { env, 3, KCONF_REPLAY, &pr, &missed };
	ck_assert_int_eq(kconf_eval(s, &o, "", &v), 0);
	ck_assert_str_eq(value_of(&v, "GOOD"), "y"); /* rescued by the call */
	ck_assert_str_eq(value_of(&v, "BAD"), "n");  /* the failure branch */
	ck_assert_str_eq(value_of(&v, "NAME"), "");  /* no branch: empty */
	ck_assert_uint_eq(missed.n, 2);
	ck_assert_ptr_nonnull(strstr(missed.v[0].key, "-fbad"));
	/* a y/n probe: a free input, the symbol that stands for it */
	ck_assert_str_eq(missed.v[0].kind, "free");
	ck_assert_int_eq(strncmp(missed.v[0].output, "KDEP_PROBE_", 11), 0);
	ck_assert_str_eq(missed.v[1].kind, "probe");
	ck_assert_str_eq(missed.v[1].key, "echo $(CC) in $(srctree)");
	kconf_values_free(&v);

	/* a .config that assumes the probe succeeds: BAD follows it */
	char assumes[128];
	snprintf(assumes, sizeof(assumes), "# kdep assumes CONFIG_%s=y\n",
		 missed.v[0].output);
	kconf_probe_log_free(&missed);
	ck_assert_int_eq(kconf_eval(s, &o, assumes, &v), 0);
	ck_assert_str_eq(value_of(&v, "BAD"), "y");
	kconf_values_free(&v);
	kconf_probe_log_free(&missed);

	/* 'unknown success': a missing if-success probe succeeds */
	pr.failure_default = 0;
	ck_assert_int_eq(kconf_eval(s, &o, "", &v), 0);
	ck_assert_str_eq(value_of(&v, "BAD"), "y");
	ck_assert_str_eq(value_of(&v, "NAME"), "");
	ck_assert_uint_eq(missed.n, 2);
	kconf_values_free(&v);
	kconf_probe_log_free(&missed);
	source_free(s);
	profile_rec_free(&r);
	profile_rec_free(&w);
	free(tdir);
	free(pdir);
}
END_TEST

/* The key a recording of top (with the script s.sh of the given text in
 * the tree) gives its one probe; the caller frees it. */
static char *script_key(const char *top, const char *script)
{
	char *tdir, *key;
	struct source *s = disk_tree(&tdir, top);
	struct kconf_probe_log log = { 0 };
	struct model *m = NULL;
	struct kconf_opts o = { env, 3, KCONF_RECORD, NULL, &log };
	if (script)
		test_write(tdir, "s.sh", script);
	ck_assert_int_eq(kconf_load(s, &o, &m), 0);
	ck_assert_uint_ge(log.n, 1);
	ck_assert_str_eq(log.v[0].kind, "probe");
	key = strdup(log.v[0].key);
	kconf_probe_log_free(&log);
	model_free(m);
	source_free(s);
	free(tdir);
	return key;
}

START_TEST(tree_scripts_in_keys)
{
	/* a command running a script of the tree is keyed by the script's
	 * content too: another kernel's script is another probe */
	static const char top[] = "X := $(shell,sh $(srctree)/s.sh)\n"
				  "config A\n\tbool\n";
	char *one = script_key(top, "echo y\n");
	char *same = script_key(top, "echo y\n");
	char *other = script_key(top, "echo n\n");
	char *none = script_key(top, NULL);
	/* git hash-object of "echo y\n" */
	ck_assert_str_eq(one, "sh $(srctree)/s.sh #s.sh@f82e838ed1e0");
	ck_assert_str_eq(one, same);
	ck_assert_str_ne(one, other);
	ck_assert_str_eq(none, "sh $(srctree)/s.sh"); /* no file, no id */
	free(one);
	free(same);
	free(other);
	free(none);
}
END_TEST

static int probe_key_cmp(const void *a, const void *b);
static void rec_of(struct profile_rec *r, const char *cc,
		   const char *const *probes, size_t n);

/* A recording (in r) of top with two versions of s.sh, v1 and v2, whose
 * one probe both answered "y". */
static void two_versions(const char *top, const char *v1, const char *v2,
			 struct profile_rec *r)
{
	char *k1 = script_key(top, v1);
	char *k2 = script_key(top, v2);
	const char *probes[6] = { "probe", k1, "y", "probe", k2, "y" };
	rec_of(r, "CC=mycc", probes, 2);
	qsort(r->probes, r->nprobes, sizeof(*r->probes), probe_key_cmp);
	free(k1);
	free(k2);
}

START_TEST(another_script_version)
{
	/* recorded with two versions of s.sh that agree; replayed with a
	 * third: their answer, as a miss, counted and named */
	static const char top[] = "config NAME\n\tstring\n\tdefault "
				  "\"$(shell,sh $(srctree)/s.sh)\"\n";
	struct profile_rec r;
	two_versions(top, "echo y\n", "echo  y\n", &r);

	char *tdir;
	struct source *s = disk_tree(&tdir, top);
	test_write(tdir, "s.sh", "echo yes\n");
	struct kconf_prober pr = { profile_rec_answer, &r, 1,
				   profile_rec_answer_like };
	struct kconf_probe_log missed = { 0 };
	struct kconf_values v;
	struct kconf_opts o = { env, 3, KCONF_REPLAY, &pr, &missed };
	ck_assert_int_eq(kconf_eval(s, &o, "", &v), 0);
	ck_assert_str_eq(value_of(&v, "NAME"), "y");
	ck_assert_uint_eq(missed.n, 1);
	ck_assert_str_eq(missed.v[0].output, "y");
	kconf_values_free(&v);
	kconf_probe_log_free(&missed);

	/* a tree without the script (a repository of the Kconfig files
	 * only): the same agreed answer, as a miss */
	char sh[4096];
	snprintf(sh, sizeof(sh), "%s/s.sh", tdir);
	ck_assert_int_eq(unlink(sh), 0);
	ck_assert_int_eq(kconf_eval(s, &o, "", &v), 0);
	ck_assert_str_eq(value_of(&v, "NAME"), "y");
	ck_assert_uint_eq(missed.n, 1);
	kconf_values_free(&v);
	kconf_probe_log_free(&missed);

	/* versions that disagree give no answer: the default */
	free(r.probes[1].output);
	r.probes[1].output = strdup("n");
	ck_assert_int_eq(kconf_eval(s, &o, "", &v), 0);
	ck_assert_str_eq(value_of(&v, "NAME"), "");
	ck_assert_uint_eq(missed.n, 1);
	kconf_values_free(&v);
	kconf_probe_log_free(&missed);
	source_free(s);
	profile_rec_free(&r);
	free(tdir);
}
END_TEST

START_TEST(another_script_version_yn)
{
	/* a y/n probe running another version of s.sh than the recorded
	 * two, which agree: another probe, so a free input, not their
	 * answer */
	static const char top[] = "config OK\n\tdef_bool $(shell,sh "
		"$(srctree)/s.sh && echo y || echo n)\n";
	struct profile_rec r;
	two_versions(top, "true\n", "exit 0\n", &r);

	char *tdir;
	struct source *s = disk_tree(&tdir, top);
	test_write(tdir, "s.sh", "false\n");
	struct kconf_prober pr = { profile_rec_answer, &r, 1,
				   profile_rec_answer_like };
	struct kconf_probe_log missed = { 0 };
	struct kconf_values v;
	struct kconf_opts o = { env, 3, KCONF_REPLAY, &pr, &missed };
	ck_assert_int_eq(kconf_eval(s, &o, "", &v), 0);
	ck_assert_str_eq(value_of(&v, "OK"), "n"); /* the default, no guess */
	ck_assert_uint_eq(missed.n, 1);
	ck_assert_str_eq(missed.v[0].kind, "free");
	kconf_values_free(&v);
	kconf_probe_log_free(&missed);
	source_free(s);
	profile_rec_free(&r);
	free(tdir);
}
END_TEST

START_TEST(replay_runs_nothing)
{
	char *tdir, mark[4096];
	struct source *s = disk_tree(&tdir,
				     "X := $(shell,touch $(srctree)/MARK)\n"
				     "config A\n\tbool\n");
	struct profile_rec r = { 0 };
	struct kconf_prober pr = { profile_rec_answer, &r, 1, NULL };
	struct kconf_probe_log missed = { 0 };
	struct model *m = NULL;
	struct kconf_opts o = { env, 3, KCONF_REPLAY, &pr, &missed };
	snprintf(mark, sizeof(mark), "%s/MARK", tdir);

	ck_assert_int_eq(kconf_load(s, &o, &m), 0);
	ck_assert_int_ne(access(mark, F_OK), 0);
	ck_assert_uint_eq(missed.n, 1);
	ck_assert_str_eq(missed.v[0].key, "touch $(srctree)/MARK");
	model_free(m);
	kconf_probe_log_free(&missed);

	/* live, the same tree does run it */
	o.mode = KCONF_LIVE;
	o.log = NULL;
	ck_assert_int_eq(kconf_load(s, &o, &m), 0);
	ck_assert_int_eq(access(mark, F_OK), 0);
	model_free(m);
	source_free(s);
	free(tdir);
}
END_TEST

static void expect_bad_file(const char *text, const char *want)
{
	char *dir = test_tmpdir(), path[4096];
	struct profile_rec r;
	test_write(dir, "x.probes", text);
	snprintf(path, sizeof(path), "%s/x.probes", dir);
	ck_assert_int_eq(profile_rec_read(path, &r), -1);
	char buf[8192];
	const char *err = kdep_error_format(buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(err, want));
	ck_assert_int_eq(strncmp(err, path, strlen(path)), 0);
	free(dir);
}

/* Reading dir/name fails with the message want, whole. */
static void expect_refused(const char *dir, const char *name,
			   const char *want)
{
	char path[4096], msg[8192], buf[8192];
	struct profile_rec r;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_eq(profile_rec_read(path, &r), -1);
	snprintf(msg, sizeof(msg), want, path);
	ck_assert_str_eq(kdep_error_format(buf, sizeof(buf)), msg);
}

/*
 * What is no regular file is refused without blocking (a fifo: the test's
 * timeout catches a hang) or reading (/dev/zero); so is a file past the
 * bound, and a recording for another arch than its file is named for.
 */
START_TEST(recordings_refused)
{
	char *dir = test_tmpdir(), path[4096];
	struct profile_rec r;
	snprintf(path, sizeof(path), "%s/fifo.probes", dir);
	ck_assert_int_eq(mkfifo(path, 0644), 0);
	expect_refused(dir, "fifo.probes", "error: cannot read %s: not a regular "
		       "file");
	snprintf(path, sizeof(path), "%s/zero.probes", dir);
	ck_assert_int_eq(symlink("/dev/zero", path), 0);
	expect_refused(dir, "zero.probes", "error: cannot read %s: not a regular "
		       "file");
	test_write(dir, "big.probes", "");
	snprintf(path, sizeof(path), "%s/big.probes", dir);
	ck_assert_int_eq(truncate(path, (16 << 20) + 1), 0);
	expect_refused(dir, "big.probes", "error: cannot read %s: larger than 16 "
		       "MiB, the most a recording may have");
	test_write(dir, "x86.probes", "profile p\narch arm64\n");
	expect_refused(dir, "x86.probes", "%s:2: error: the recording is for "
		       "arch 'arm64', but its file is named for 'x86'");
	/* named for its arch, it reads */
	test_write(dir, "arm64.probes", "profile p\narch arm64\n");
	snprintf(path, sizeof(path), "%s/arm64.probes", dir);
	ck_assert_int_eq(profile_rec_read(path, &r), 0);
	ck_assert_str_eq(r.arch, "arm64");
	profile_rec_free(&r);
	free(dir);
}
END_TEST

/* A profile's arches are its regular recordings: a fifo is none. */
START_TEST(arches_are_regular_files)
{
	char *dir = test_tmpdir(), path[4096], **arches, *where;
	size_t n;
	test_write(dir, "p/x86.probes", "profile p\narch x86\n");
	snprintf(path, sizeof(path), "%s/p/arm64.probes", dir);
	ck_assert_int_eq(mkfifo(path, 0644), 0);
	ck_assert_int_eq(setenv("KDEP_PROFILE_PATH", dir, 1), 0);
	ck_assert_int_eq(profile_arches("p", &arches, &n, &where), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(arches[0], "x86");
	strv_free(arches);
	free(where);
	unsetenv("KDEP_PROFILE_PATH");
	free(dir);
}
END_TEST

START_TEST(bad_files_are_diagnostics)
{
	expect_bad_file("profile p\narch x86\nprobe echo\n", ":3: error: ");
	expect_bad_file("profile p\narch x86\nprobe echo\nnot an answer\n",
			":4: error: expected '  = ANSWER'");
	expect_bad_file("profile p\nfrobnicate\n", ":2: error: unknown keyword");
	expect_bad_file("profile p\narch x86\nvar NOVALUE\n", ":3: error: ");
	expect_bad_file("profile p\narch x86\nunknown maybe\n", ":3: error: ");
	expect_bad_file("probe echo\n  = x\n", ":1: error: a profile needs");
}
END_TEST

static int probe_key_cmp(const void *a, const void *b)
{
	const struct kconf_probe *x = a, *y = b;
	int c = strcmp(x->kind, y->kind);
	return c ? c : strcmp(x->key, y->key);
}

/* A recording built in memory: name t for x86, CC=mycc, the probes given
 * as kind, key, answer triples. */
static void rec_of(struct profile_rec *r, const char *cc,
		   const char *const *probes, size_t n)
{
	memset(r, 0, sizeof(*r));
	r->name = strdup("t");
	r->arch = strdup("x86");
	r->vars = calloc(2, sizeof(char *));
	r->vars[r->nvars++] = strdup(cc);
	r->probes = calloc(n + 1, sizeof(*r->probes));
	for (size_t i = 0; i < n; i++) {
		r->probes[i].kind = strdup(probes[3 * i]);
		r->probes[i].key = strdup(probes[3 * i + 1]);
		r->probes[i].output = strdup(probes[3 * i + 2]);
	}
	r->nprobes = n;
}

START_TEST(merge_two_trees)
{
	/* what both trees ask answers once; each tree's own probes join */
	static const char *const a[] = { "probe", "cc -fa", "y",
					 "probe", "cc -fboth", "n",
					 "call", "cc-option(-fa)", "y" };
	static const char *const b[] = { "probe", "cc -fboth", "n",
					 "probe", "cc -fb", "y",
					 "call", "cc-option(-fb)", "n" };
	struct profile_rec x, y;
	rec_of(&x, "CC=mycc", a, 3);
	rec_of(&y, "CC=mycc", b, 3);
	ck_assert_int_eq(profile_rec_merge(&x, &y), 0);
	ck_assert_uint_eq(x.nprobes, 5);
	ck_assert_uint_eq(y.nprobes, 0);
	ck_assert_str_eq(profile_rec_answer(&x, "probe", "cc -fa"), "y");
	ck_assert_str_eq(profile_rec_answer(&x, "probe", "cc -fb"), "y");
	ck_assert_str_eq(profile_rec_answer(&x, "probe", "cc -fboth"), "n");
	ck_assert_str_eq(profile_rec_answer(&x, "call", "cc-option(-fb)"),
			 "n");
	profile_rec_free(&x);
	profile_rec_free(&y);

	/* one command, two answers: an error naming it, nothing merged */
	static const char *const c[] = { "probe", "cc -fboth", "y" };
	rec_of(&x, "CC=mycc", a, 3);
	rec_of(&y, "CC=mycc", c, 1);
	ck_assert_int_eq(profile_rec_merge(&x, &y), -1);
	ck_assert_str_eq(kdep_error_last(), "cannot merge into t: probe "
			 "'cc -fboth' answered 'n' there and 'y' here");
	ck_assert_uint_eq(x.nprobes, 3);
	profile_rec_free(&x);
	profile_rec_free(&y);

	/* another toolchain is not another tree */
	rec_of(&x, "CC=mycc", a, 3);
	rec_of(&y, "CC=othercc", b, 3);
	ck_assert_int_eq(profile_rec_merge(&x, &y), -1);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "variables"));
	profile_rec_free(&x);
	profile_rec_free(&y);
}
END_TEST

START_TEST(keys_as_the_shell_runs_them)
{
	static const char *const same[][2] = {
		/* 6.1's $(cc-option, -fx) against 6.12's $(cc-option,-fx) */
		{ "$(CC) -Werror   -fx -c", "$(CC) -Werror -fx -c" },
		{ "  echo\ty \n", "echo y" },
		/* quoted blanks are part of a word */
		{ "echo 'a  b' \"c  d\"", "echo 'a  b' \"c  d\"" },
		{ "echo a\\  b", "echo a\\  b" },
		{ "trap \"rm -rf .tmp_$$\" EXIT; mkdir .tmp_$$; cc -o "
		  ".tmp_$$/tmp.o", "trap \"rm -rf $(tmp)\" EXIT; mkdir $(tmp); "
		  "cc -o $(tmp)/tmp.o" },
		{ "cc -o /tmp/x1234.o", "cc -o $(tmp)" },
		/* not temporary names */
		{ "cc -o a.tmp_1 /var/tmp/x", "cc -o a.tmp_1 /var/tmp/x" },
	};
	for (size_t i = 0; i < sizeof(same) / sizeof(*same); i++) {
		char *k = kconf_probe_key(same[i][0]);
		ck_assert_str_eq(k, same[i][1]);
		/* a key is its own key */
		char *again = kconf_probe_key(k);
		ck_assert_str_eq(again, k);
		free(k);
		free(again);
	}
	/* commands the shell runs differently keep different keys */
	char *a = kconf_probe_key("echo 'a b'"), *b = kconf_probe_key("echo "
								    "'a  b'");
	ck_assert_str_ne(a, b);
	free(a);
	free(b);
}
END_TEST

START_TEST(recorded_spellings_answer_one_command)
{
	/* a recording of "cc  -fx" (two blanks) answers "cc -fx" */
	char *dir = test_tmpdir(), path[4096];
	struct profile_rec r;
	test_write(dir, "x86.probes", "profile p\narch x86\n"
		   "probe $(CC)  -fx\n  = y\nprobe $(CC) -fx \n  = y\n");
	snprintf(path, sizeof(path), "%s/x86.probes", dir);
	ck_assert_int_eq(profile_rec_read(path, &r), 0);
	ck_assert_uint_eq(r.nprobes, 1);
	ck_assert_str_eq(profile_rec_answer(&r, "probe", "$(CC) -fx"), "y");
	profile_rec_free(&r);
	/* two spellings, two answers: the key is not what the answer
	 * depends on, an error */
	test_write(dir, "x86.probes", "profile p\narch x86\n"
		   "probe $(CC)  -fx\n  = y\nprobe $(CC) -fx\n  = n\n");
	ck_assert_int_eq(profile_rec_read(path, &r), -1);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "probe '$(CC) -fx' "
				     "answered both"));
	free(dir);
}
END_TEST

/* The key of the cc-option(-fgood) call a recording of top hears. */
static char *call_key(const char *top)
{
	char *tdir, *key;
	struct source *s = disk_tree(&tdir, top);
	struct kconf_probe_log log = { 0 };
	struct model *m = NULL;
	struct kconf_opts o = { env, 3, KCONF_RECORD, NULL, &log };
	ck_assert_int_eq(kconf_load(s, &o, &m), 0);
	const struct kconf_probe *p = heard_probe(&log, "call",
						  "cc-option(-fgood)");
	ck_assert_ptr_nonnull(p);
	key = strdup(p->key);
	kconf_probe_log_free(&log);
	model_free(m);
	source_free(s);
	free(tdir);
	return key;
}

START_TEST(macro_bodies_in_call_keys)
{
	/* the same macros: the same key; another body of cc-option (6.12's
	 * as-instr adds -Wa,--fatal-warnings to 6.1's), or of a macro it
	 * calls: another probe */
	static const char other_body[] =
		"if-success = $(shell,{ $(1); } >/dev/null 2>&1 && echo \"$(2)\" "
		"|| echo \"$(3)\")\n"
		"success = $(if-success,$(1),y,n)\n"
		"cc-option = $(success,test \"$(1)\" = -fgood && echo $(CC) -W)\n"
		"config GOOD\n\tdef_bool $(cc-option,-fgood)\n";
	static const char other_inner[] =
		"if-success = $(shell,{ $(1); } 2>/dev/null && echo \"$(2)\" "
		"|| echo \"$(3)\")\n"
		"success = $(if-success,$(1),y,n)\n"
		"cc-option = $(success,test \"$(1)\" = -fgood && echo $(CC))\n"
		"config GOOD\n\tdef_bool $(cc-option,-fgood)\n";
	char *one = call_key(probe_top), *same = call_key(probe_top);
	char *body = call_key(other_body), *inner = call_key(other_inner);
	ck_assert_str_eq(one, same);
	ck_assert_str_ne(one, body);
	ck_assert_str_ne(one, inner);
	ck_assert_str_ne(body, inner);

	/* a call recorded under one body rescues no probe under another */
	static const char *probes[3];
	probes[0] = "call", probes[1] = one, probes[2] = "y";
	struct profile_rec r;
	rec_of(&r, "CC=mycc", probes, 1);
	ck_assert_str_eq(replayed(other_body, &r, "GOOD", 1), "n");
	profile_rec_free(&r);
	free(one);
	free(same);
	free(body);
	free(inner);
}
END_TEST

Suite *profile_suite(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, record_then_replay);
	tcase_add_test(tc, merge_two_trees);
	tcase_add_test(tc, tree_scripts_in_keys);
	tcase_add_test(tc, another_script_version);
	tcase_add_test(tc, another_script_version_yn);
	tcase_add_test(tc, misses_rescues_and_defaults);
	tcase_add_test(tc, replay_runs_nothing);
	tcase_add_test(tc, bad_files_are_diagnostics);
	tcase_add_test(tc, recordings_refused);
	tcase_add_test(tc, arches_are_regular_files);
	tcase_add_test(tc, keys_as_the_shell_runs_them);
	tcase_add_test(tc, recorded_spellings_answer_one_command);
	tcase_add_test(tc, macro_bodies_in_call_keys);
	suite_add_tcase(s, tc);
	return s;
}
