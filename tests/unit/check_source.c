/*
 * check_source.c - the source layer: paths, reads, globs, hashes; and the
 * conformance of every backend (directory, memory, overlays, a git commit
 * and a git index) to one behaviour over the same tree.
 */
#include "suites.h"
#include "git.h"
#include "strv.h"
#include "source.h"
#include "source_impl.h"
#include "error.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The blob id of len bytes at data, as git names it (rotating buffers). */
static const char *blob(const char *data, size_t len)
{
	static char buf[4][SOURCE_ID_SIZE];
	static int at;
	char *b = buf[at++ % 4];
	ck_assert_msg(!source_blob_id(data, len, b), "%s", kdep_error_last());
	return b;
}

/* The id a glob of the n matches records. */
static const char *glob_blob(char *const *matches, size_t n)
{
	static char b[SOURCE_ID_SIZE];
	ck_assert_int_eq(source_glob_id(matches, n, b), 0);
	return b;
}

static void norm_eq(const char *in, const char *want)
{
	char buf[256];
	strcpy(buf, in);
	ck_assert_int_eq(source_normalize(buf), 0);
	ck_assert_str_eq(buf, want);
}

START_TEST(normalize_paths)
{
	norm_eq("Kconfig", "Kconfig");
	norm_eq("a/./b//c", "a/b/c");
	norm_eq("arch/x86/../arm64/Kconfig", "arch/arm64/Kconfig");
	norm_eq("a/b/", "a/b");
	norm_eq("./x", "x");
	char up[] = "a/../../etc/passwd", abs[] = "/etc/passwd";
	ck_assert_int_eq(source_normalize(up), -1);
	ck_assert_int_eq(source_normalize(abs), -1);
}
END_TEST

START_TEST(dir_reads_and_records)
{
	char *dir = test_tmpdir();
	struct source *s;
	char *data;
	size_t len, n;
	test_write(dir, "Kconfig", "source \"a/Kconfig\"\n");
	test_write(dir, "a/Kconfig", "config A\n\tbool\n");
	test_write(dir, "b/one.kc", "1");
	test_write(dir, "b/two.kc", "2");
	ck_assert_int_eq(source_open_dir(&s, dir), 0);
	ck_assert_int_eq(source_read(s, "a/../a/Kconfig", 1, &data, &len), 0);
	ck_assert_str_eq(data, "config A\n\tbool\n");
	ck_assert_uint_eq(len, 15);
	free(data);
	/* read twice, recorded once */
	ck_assert_int_eq(source_read(s, "a/Kconfig", 1, &data, &len), 0);
	free(data);
	const struct source_file *f = source_files_read(s, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(f[0].path, "a/Kconfig");
	ck_assert_str_eq(f[0].id, blob("config A\n\tbool\n", 15));
	/* never above the root */
	ck_assert_int_eq(source_read(s, "../x", 1, &data, &len), -1);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "outside the tree"));
	ck_assert_int_eq(source_read(s, "nope", 1, &data, &len), -1);
	ck_assert(source_is_file(s, "Kconfig"));
	ck_assert(!source_is_file(s, "a"));
	ck_assert(source_is_dir(s, "a"));
	char **v;
	ck_assert_int_eq(source_glob(s, "b/*.kc", &v, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0], "b/one.kc");
	ck_assert_str_eq(v[1], "b/two.kc");
	ck_assert_ptr_null(v[2]);
	strv_free(v);
	/* the glob is part of what was read */
	f = source_files_read(s, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert(f[1].glob);
	ck_assert_str_eq(f[1].path, "b/*.kc");
	ck_assert_uint_eq(f[1].size, 2);
	source_free(s);
	free(dir);
}
END_TEST

START_TEST(dir_errors)
{
	struct source *s;
	char *dir = test_tmpdir();
	test_write(dir, "file", "x");
	char path[4200];
	snprintf(path, sizeof(path), "%s/file", dir);
	ck_assert_int_eq(source_open_dir(&s, path), -1);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "not a directory"));
	snprintf(path, sizeof(path), "%s/none", dir);
	ck_assert_int_eq(source_open_dir(&s, path), -1);
	free(dir);
}
END_TEST

START_TEST(mem_tree)
{
	struct source *s;
	char *data, **v;
	size_t len, n;
	ck_assert_int_eq(source_open_mem(&s, "commit 1234", "/nonexistent"), 0);
	ck_assert_int_eq(source_mem_add(s, "Kconfig", "top\n", 4), 0);
	ck_assert_int_eq(source_mem_add(s, "arch/x86/Kconfig", "x", 1), 0);
	ck_assert_int_eq(source_mem_add(s, "arch/arm64/Kconfig", "a", 1), 0);
	ck_assert_int_eq(source_mem_add(s, "arch/arm64/Kconfig.debug", "d", 1),
			 0);
	ck_assert_str_eq(source_identity(s), "commit 1234");
	ck_assert_int_eq(source_read(s, "arch/./x86/Kconfig", 1, &data, &len),
			 0);
	ck_assert_str_eq(data, "x");
	free(data);
	ck_assert(source_is_dir(s, "arch"));
	ck_assert(!source_is_file(s, "arch"));
	ck_assert_int_eq(source_glob(s, "arch/*/Kconfig", &v, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0], "arch/arm64/Kconfig");
	strv_free(v);
	ck_assert_int_eq(source_subdirs(s, "arch", &v, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0], "arm64");
	ck_assert_str_eq(v[1], "x86");
	strv_free(v);
	/* a file added over a directory walked before makes it a file:
	 * nothing below it is found any more */
	ck_assert(source_is_file(s, "arch/x86/Kconfig"));
	ck_assert_int_eq(source_mem_add(s, "arch/x86", "f", 1), 0);
	ck_assert(source_is_file(s, "arch/x86"));
	ck_assert(!source_is_file(s, "arch/x86/Kconfig"));
	source_free(s);
}
END_TEST

/* A path added again replaces what was there: a listing and a lookup see
 * the same entry (a link then a file at "b" once listed a file that was
 * no file). */
START_TEST(mem_add_again)
{
	struct source *s;
	char *data, **v;
	size_t len, n;
	ck_assert_int_eq(source_open_mem(&s, "again", "/nonexistent"), 0);
	ck_assert_int_eq(source_mem_link(s, "b", "a"), 0);
	ck_assert_int_eq(source_mem_add(s, "./b", "second", 6), 0);
	ck_assert_int_eq(source_glob(s, "*", &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0], "b");
	strv_free(v);
	ck_assert(source_is_file(s, "b"));
	ck_assert_int_eq(source_read(s, "b", 0, &data, &len), 0);
	ck_assert_str_eq(data, "second");
	free(data);
	ck_assert_int_eq(source_mem_link(s, "b", "c"), 0);
	ck_assert(!source_is_file(s, "b"));
	ck_assert_int_eq(source_glob(s, "*", &v, &n), 0);
	ck_assert_uint_eq(n, 0);
	strv_free(v);
	source_free(s);
}
END_TEST

START_TEST(hash_spreads)
{
	ck_assert_uint_ne(source_hash("a", 1), source_hash("b", 1));
	ck_assert_uint_ne(source_hash("abcdefgh1", 9),
			  source_hash("abcdefgh2", 9));
	ck_assert_uint_ne(source_hash("", 0), source_hash("\0", 1));
	ck_assert_uint_eq(source_hash("same", 4), source_hash("same", 4));
}
END_TEST

/* Content ids are git's blob ids: what `git hash-object` prints. */
START_TEST(ids_are_git_blob_ids)
{
	ck_assert_str_eq(blob("", 0), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
	ck_assert_str_eq(blob("hello\n", 6),
			 "ce013625030ba8dba906f756967f9e9ca394464a");
	ck_assert_str_eq(blob("a\0b", 3),
			 "20b5be91886d0b6f26dc98a225c0dac05fe2c86e");
	/* a glob's: the matches' names, each ended by a NUL */
	char *two[] = { "a", "b" };
	ck_assert_str_eq(glob_blob(two, 2), blob("a\0b\0", 4));
	ck_assert_str_eq(glob_blob(NULL, 0), blob("", 0));
	/* without the function the git layer installs: an error, no id */
	char id[SOURCE_ID_SIZE] = "x";
	source_set_id_fn(NULL);
	ck_assert_int_eq(source_blob_id("x", 1, id), -1);
	ck_assert_str_eq(id, "");
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "no content id"));
	kgit_setup();
}
END_TEST

/* ---- one behaviour for every backend ------------------------------------ */

/* The tree every backend holds: the same paths with the same bytes. */
static const struct {
	const char *path; /* relative to the root */
	const char *text; /* the contents */
} tree[] = {
	{ "Kconfig", "source \"a/Kconfig\"\n" },
	{ "a/Kconfig", "config A\n\tbool \"a\"  \n\tdepends on B && \\\n"
		       "\t\tC\n" },
	{ "b/one.kc", "1" },
	{ "b/two.kc", "2" },
	{ "b/.hidden.kc", "h" },
	{ "b/sub/three.kc", "3" },
	{ "c/d/e/deep", "deep" },
	{ ".git/HEAD", "ref\n" },
};
#define NTREE (sizeof(tree) / sizeof(tree[0]))

static const char *tree_text(const char *path)
{
	for (size_t i = 0; i < NTREE; i++)
		if (!strcmp(tree[i].path, path))
			return tree[i].text;
	ck_abort_msg("%s is not in the tree", path);
	return NULL;
}

/* The backends, each over the tree above. */
enum backend {
	BACKEND_DIR,          /* the tree written to a temporary directory */
	BACKEND_MEM,          /* the tree in memory */
	BACKEND_OVERLAY_DIR,  /* edits that make the tree of a different one */
	BACKEND_OVERLAY_MEM,  /* the same over an in-memory base */
	BACKEND_GIT_COMMIT,   /* a commit of a repository, its work tree gone */
	BACKEND_GIT_INDEX,    /* what the index stages, no commit, no files */
	NBACKENDS
};

/* A backend opened for a test. */
struct backend_tree {
	struct source *s;     /* the tree under test */
	struct source *base;  /* an overlay's base, or NULL */
	char *dir;            /* the temporary directory, or NULL */
	struct kgit *g;       /* a git backend's repository, or NULL */
};

/*
 * Whether backend which holds path: an index cannot stage a path inside
 * .git (git refuses to), a commit's tree can (git fast-import writes it).
 */
static int backend_has(int which, const char *path)
{
	return which != BACKEND_GIT_INDEX || strncmp(path, ".git", 4);
}

/*
 * A git backend over the tree written in t->dir: a repository whose git
 * directory lies beside the work tree (t->dir/.git is the tree's own), the
 * tree staged, and for a commit committed with .git/HEAD added by
 * fast-import; then the work tree's files are removed, so that every byte
 * comes from the object database.
 */
static void git_backend(struct backend_tree *t, int which)
{
	char gd[PATH_MAX + 8], cmd[8 * PATH_MAX];
	snprintf(gd, sizeof(gd), "%s.git", t->dir);
	snprintf(cmd, sizeof(cmd),
		 "git init -q --bare '%s' && git -C '%s' config core.bare false"
		 " && git -C '%s' config core.worktree '%s' && "
		 "git -C '%s' add -A", gd, gd, gd, t->dir, gd);
	test_sh(t->dir, cmd);
	if (which == BACKEND_GIT_COMMIT) {
		snprintf(cmd, sizeof(cmd),
			 "git -C '%s' -c user.name=t -c user.email=t@t commit "
			 "-q -m tree && printf 'commit refs/heads/g\n"
			 "committer t <t@t> 0 +0000\ndata 0\nfrom HEAD\n"
			 "M 100644 inline .git/HEAD\ndata 4\nref\n\n' | "
			 "git -C '%s' fast-import --quiet && "
			 "git -C '%s' update-ref HEAD refs/heads/g",
			 gd, gd, gd);
		test_sh(t->dir, cmd);
	}
	snprintf(cmd, sizeof(cmd), "find . -mindepth 1 -maxdepth 1 "
		 "-exec rm -rf {} +");
	test_sh(t->dir, cmd);
	ck_assert_int_eq(kgit_open(&t->g, gd), 0);
	if (which == BACKEND_GIT_COMMIT)
		ck_assert_int_eq(source_open_git_commit(&t->s, t->g, NULL), 0);
	else
		ck_assert_int_eq(source_open_git_index(&t->s, t->g), 0);
}

/* For the overlays: a base that differs from the tree in every way an edit
 * can mend, and the edits that mend it. */
static const struct {
	const char *path; /* relative to the root */
	const char *text; /* the contents */
} base_only[] = {
	{ "b/one.kc", "the base's one" }, /* edited */
	{ "gone.kc", "x" },               /* removed */
	{ "b/sub/gone", "y" },            /* removed */
};

static int tree_in_base(const char *path)
{
	/* added by the overlay, with their new directories */
	return strcmp(path, "b/two.kc") && strcmp(path, "c/d/e/deep");
}

static void base_add(struct backend_tree *t, const char *path,
		     const char *text)
{
	if (t->dir)
		test_write(t->dir, path, text);
	else
		ck_assert_int_eq(source_mem_add(t->base, path, text,
						strlen(text)), 0);
}

/*
 * Symbolic links, added below l/ (out of the way of the other tests'
 * globs) when a test asks for them: to the directory backend as links on
 * disk, to the in-memory one with source_mem_link, to an overlay's base.
 * ROOT in a target stands for the tree's root.
 */
static const struct {
	const char *path;   /* relative to the root */
	const char *target; /* what the link holds */
	int outside;        /* whether it leads outside the tree */
} links[] = {
	{ "l/dir", "../a", 0 },              /* a directory */
	{ "l/file", "../b/one.kc", 0 },      /* a file (edited by overlays) */
	{ "l/chain", "dir", 0 },             /* a link to a link */
	{ "l/abs", "ROOT/c/d", 0 },          /* absolute, inside */
	{ "l/rootlink", "ROOT", 0 },         /* the root itself */
	{ "l/dangling", "nope", 0 },         /* inside, to nothing */
	{ "l/loop", "loop2", 0 },            /* a loop */
	{ "l/loop2", "loop", 0 },
	{ "l/etc", "/etc", 1 },              /* absolute, outside */
	{ "l/passwd", "/etc/passwd", 1 },
	{ "l/up", "../..", 1 },              /* relative, above the root */
	{ "l/via", "dir/../../..", 1 },      /* climbs out from inside */
	{ "l/outlink", "up", 1 },            /* a link to a link out */
	{ "l/prefix", "ROOTx", 1 },          /* a sibling named like root */
};
#define NLINKS (sizeof(links) / sizeof(links[0]))

/* A link's target with ROOT replaced by root, in buf. */
static const char *link_target(const char *target, const char *root,
			       char *buf, size_t size)
{
	if (!strncmp(target, "ROOT", 4))
		snprintf(buf, size, "%s%s", root, target + 4);
	else
		snprintf(buf, size, "%s", target);
	return buf;
}

/* Adds the links to the tree below t (its base, for an overlay). */
static void links_add(struct backend_tree *t, struct source *into)
{
	char root[PATH_MAX], path[PATH_MAX + 8], target[2 * PATH_MAX];
	if (t->dir) {
		ck_assert_ptr_nonnull(realpath(t->dir, root));
		snprintf(path, sizeof(path), "%s/l", t->dir);
		ck_assert_int_eq(mkdir(path, 0755), 0);
	} else {
		snprintf(root, sizeof(root), "%s", source_root(into));
	}
	for (size_t i = 0; i < NLINKS; i++) {
		link_target(links[i].target, root, target, sizeof(target));
		if (t->dir) {
			snprintf(path, sizeof(path), "%s/%s", t->dir,
				 links[i].path);
			ck_assert_int_eq(symlink(target, path), 0);
		} else {
			ck_assert_int_eq(source_mem_link(into, links[i].path,
							 target), 0);
		}
	}
}

static struct backend_tree backend_open_links(int which, int with_links)
{
	struct backend_tree t = { 0 };
	switch (which) {
	case BACKEND_DIR:
	case BACKEND_GIT_COMMIT:
	case BACKEND_GIT_INDEX:
		t.dir = test_tmpdir();
		for (size_t i = 0; i < NTREE; i++)
			if (which == BACKEND_DIR ||
			    strncmp(tree[i].path, ".git", 4))
				test_write(t.dir, tree[i].path, tree[i].text);
		if (with_links)
			links_add(&t, NULL);
		if (which != BACKEND_DIR) {
			git_backend(&t, which);
			break;
		}
		ck_assert_int_eq(source_open_dir(&t.s, t.dir), 0);
		break;
	case BACKEND_MEM:
		ck_assert_int_eq(source_open_mem(&t.s, "mem", "/nonexistent"),
				 0);
		for (size_t i = 0; i < NTREE; i++)
			ck_assert_int_eq(source_mem_add(t.s, tree[i].path,
							tree[i].text,
							strlen(tree[i].text)),
					 0);
		if (with_links)
			links_add(&t, t.s);
		break;
	case BACKEND_OVERLAY_DIR:
	case BACKEND_OVERLAY_MEM:
		if (which == BACKEND_OVERLAY_DIR)
			t.dir = test_tmpdir();
		else
			ck_assert_int_eq(source_open_mem(&t.base, "mem",
							 "/nonexistent"), 0);
		for (size_t i = 0; i < NTREE; i++)
			if (tree_in_base(tree[i].path) &&
			    strcmp(tree[i].path, "b/one.kc"))
				base_add(&t, tree[i].path, tree[i].text);
		for (size_t i = 0; i < sizeof(base_only) / sizeof(base_only[0]);
		     i++)
			base_add(&t, base_only[i].path, base_only[i].text);
		if (with_links)
			links_add(&t, t.base);
		if (t.dir)
			ck_assert_int_eq(source_open_dir(&t.base, t.dir), 0);
		ck_assert_int_eq(source_open_overlay(&t.s, t.base), 0);
		for (size_t i = 0; i < NTREE; i++)
			if (!tree_in_base(tree[i].path) ||
			    !strcmp(tree[i].path, "b/one.kc"))
				ck_assert_int_eq(
					source_overlay_put(t.s, tree[i].path,
							   tree[i].text,
							   strlen(tree[i].text)),
					0);
		ck_assert_int_eq(source_overlay_remove(t.s, "gone.kc"), 0);
		ck_assert_int_eq(source_overlay_remove(t.s, "b/sub/gone"), 0);
		break;
	default:
		ck_abort_msg("no backend %d", which);
	}
	return t;
}

static struct backend_tree backend_open(int which)
{
	return backend_open_links(which, 0);
}

static void backend_close(struct backend_tree *t)
{
	source_free(t->s);
	source_free(t->base);
	kgit_free(t->g);
	free(t->dir);
}

/* Reads path and checks it holds the tree's bytes. */
static void read_eq(struct source *s, const char *path, const char *want)
{
	char *data;
	size_t len;
	ck_assert_msg(!source_read(s, path, 1, &data, &len), "read %s: %s",
		      path, kdep_error_last());
	ck_assert_uint_eq(len, strlen(want));
	ck_assert_str_eq(data, want);
	free(data);
}

/* Reading path fails with a message that says why. */
static void read_fails(struct source *s, const char *path, const char *why)
{
	char *data = (char *)1;
	size_t len = 1;
	ck_assert_int_eq(source_read(s, path, 1, &data, &len), -1);
	ck_assert_ptr_null(data);
	ck_assert_uint_eq(len, 0);
	ck_assert_msg(strstr(kdep_error_last(), why), "read %s: '%s'", path,
		      kdep_error_last());
}

START_TEST(backend_reads)
{
	struct backend_tree t = backend_open(_i);
	for (size_t i = 0; i < NTREE; i++)
		if (backend_has(_i, tree[i].path))
			read_eq(t.s, tree[i].path, tree[i].text);
	read_eq(t.s, "a/../a/Kconfig", tree_text("a/Kconfig"));
	read_eq(t.s, "./b//one.kc", "1");
	read_fails(t.s, "nope", "No such file or directory");
	read_fails(t.s, "gone.kc", "No such file or directory");
	read_fails(t.s, "b/sub/gone", "No such file or directory");
	read_fails(t.s, "b", "is a directory");
	read_fails(t.s, "c/d", "is a directory");
	backend_close(&t);
}
END_TEST

START_TEST(backend_kinds)
{
	struct backend_tree t = backend_open(_i);
	static const char *const files[] = { "Kconfig", "b/one.kc",
		"b/.hidden.kc", "c/d/e/deep", "./a/../Kconfig" };
	static const char *const dirs[] = { "", ".", "a", "b", "b/sub", "c",
		"c/d", "c/d/e", ".git", "c/d/../d/" };
	static const char *const neither[] = { "nope", "gone.kc", "b/sub/gone",
		"b/nope/x", "Kconfig/x" };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		ck_assert_msg(source_is_file(t.s, files[i]), "%s", files[i]);
		ck_assert_msg(!source_is_dir(t.s, files[i]), "%s", files[i]);
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (!backend_has(_i, dirs[i]))
			continue;
		ck_assert_msg(source_is_dir(t.s, dirs[i]), "%s", dirs[i]);
		ck_assert_msg(!source_is_file(t.s, dirs[i]), "%s", dirs[i]);
	}
	for (size_t i = 0; i < sizeof(neither) / sizeof(neither[0]); i++) {
		ck_assert_msg(!source_is_file(t.s, neither[i]), "%s",
			      neither[i]);
		ck_assert_msg(!source_is_dir(t.s, neither[i]), "%s",
			      neither[i]);
	}
	backend_close(&t);
}
END_TEST

/* v (n entries, NULL-terminated) is want, a list ending in NULL. */
static void strv_eq(char **v, size_t n, const char *const *want,
		    const char *what)
{
	size_t k = 0;
	while (want[k])
		k++;
	ck_assert_ptr_nonnull(v);
	ck_assert_ptr_null(v[n]);
	for (size_t i = 0; i < n || i < k; i++)
		ck_assert_msg(i < n && i < k && !strcmp(v[i], want[i]),
			      "%s: entry %zu is %s, wanted %s", what, i,
			      i < n ? v[i] : "(none)",
			      i < k ? want[i] : "(none)");
}

static void glob_eq(struct source *s, const char *pattern,
		    const char *const *want)
{
	char **v;
	size_t n;
	ck_assert_msg(!source_glob(s, pattern, &v, &n), "glob %s: %s",
		      pattern, kdep_error_last());
	strv_eq(v, n, want, pattern);
	strv_free(v);
}

START_TEST(backend_globs)
{
	struct backend_tree t = backend_open(_i);
	static const char *const kc[] = { "b/one.kc", "b/two.kc", NULL };
	static const char *const hidden[] = { "b/.hidden.kc", NULL };
	static const char *const akc[] = { "a/Kconfig", NULL };
	static const char *const three[] = { "b/sub/three.kc", NULL };
	static const char *const deep[] = { "c/d/e/deep", NULL };
	static const char *const top[] = { "Kconfig", NULL };
	static const char *const none[] = { NULL };
	glob_eq(t.s, "b/*.kc", kc);
	glob_eq(t.s, "b/*", kc);             /* files only, no dot files */
	glob_eq(t.s, "./b/[ot]*", kc);
	glob_eq(t.s, "b/???.kc", kc);
	glob_eq(t.s, "b/.*", hidden);
	glob_eq(t.s, "*/Kconfig", akc);
	glob_eq(t.s, "*/*/three.kc", three);
	glob_eq(t.s, "b/*/*", three);
	glob_eq(t.s, "c/*/*/*", deep);
	glob_eq(t.s, "*/*/*/*", deep);
	glob_eq(t.s, "*", top);              /* .git is hidden */
	glob_eq(t.s, "Kconfig", top);        /* a name is its own match */
	glob_eq(t.s, "x/../Kconfig", top);
	glob_eq(t.s, "\\Kconfig", top);
	glob_eq(t.s, "nope/*", none);
	glob_eq(t.s, "Kconfig/*", none);
	glob_eq(t.s, "b/sub", none);         /* a directory is no match */
	glob_eq(t.s, "gone.kc", none);
	glob_eq(t.s, "b/sub/*", three);      /* not the removed one */
	glob_eq(t.s, "*.kc", none);
	backend_close(&t);
}
END_TEST

START_TEST(backend_subdirs)
{
	struct backend_tree t = backend_open(_i);
	static const char *const top[] = { "a", "b", "c", NULL };
	static const char *const b[] = { "sub", NULL };
	static const char *const cd[] = { "e", NULL };
	static const char *const none[] = { NULL };
	char **v;
	size_t n;
	ck_assert_int_eq(source_subdirs(t.s, "", &v, &n), 0);
	strv_eq(v, n, top, "subdirs of the root"); /* not .git */
	strv_free(v);
	ck_assert_int_eq(source_subdirs(t.s, "./b/", &v, &n), 0);
	strv_eq(v, n, b, "subdirs of b");
	strv_free(v);
	ck_assert_int_eq(source_subdirs(t.s, "c/d", &v, &n), 0);
	strv_eq(v, n, cd, "subdirs of c/d");
	strv_free(v);
	ck_assert_int_eq(source_subdirs(t.s, "b/sub", &v, &n), 0);
	strv_eq(v, n, none, "subdirs of b/sub");
	strv_free(v);
	ck_assert_int_eq(source_subdirs(t.s, "nope", &v, &n), -1);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "cannot list nope"));
	ck_assert_ptr_null(v);
	ck_assert_int_eq(source_subdirs(t.s, "Kconfig", &v, &n), -1);
	backend_close(&t);
}
END_TEST

START_TEST(backend_refuses_outside)
{
	struct backend_tree t = backend_open(_i);
	static const char *const outside[] = { "..", "../x", "a/../../Kconfig",
		"/etc/passwd", "/" };
	char **v;
	char *data;
	size_t n, len;
	char h[SOURCE_ID_SIZE];
	for (size_t i = 0; i < sizeof(outside) / sizeof(outside[0]); i++) {
		const char *p = outside[i];
		ck_assert_int_eq(source_read(t.s, p, 1, &data, &len), -1);
		ck_assert_msg(strstr(kdep_error_last(), "outside the tree"),
			      "read %s: %s", p, kdep_error_last());
		kdep_error_clear();
		ck_assert(!source_is_file(t.s, p));
		ck_assert_ptr_nonnull(strstr(kdep_error_last(), "outside"));
		kdep_error_clear();
		ck_assert(!source_is_dir(t.s, p));
		ck_assert_ptr_nonnull(strstr(kdep_error_last(), "outside"));
		ck_assert_int_eq(source_glob(t.s, p, &v, &n), -1);
		ck_assert_ptr_nonnull(strstr(kdep_error_last(), "outside"));
		ck_assert_int_eq(source_subdirs(t.s, p, &v, &n), -1);
		ck_assert_ptr_nonnull(strstr(kdep_error_last(), "outside"));
		ck_assert_int_eq(source_file_id(t.s, p, h), -1);
		ck_assert_ptr_nonnull(strstr(kdep_error_last(), "outside"));
	}
	ck_assert_int_eq(source_glob(t.s, "../*", &v, &n), -1);
	ck_assert_int_eq(source_glob(t.s, "/*", &v, &n), -1);
	/* nothing refused was recorded */
	source_files_read(t.s, &n);
	ck_assert_uint_eq(n, 0);
	backend_close(&t);
}
END_TEST

/* Every way of asking about path fails with an error that says why. */
static void all_refuse(struct source *s, const char *path, const char *why)
{
	char **v = (char **)1, buf[64];
	size_t n;
	char h[SOURCE_ID_SIZE];
	read_fails(s, path, why);
	kdep_error_clear();
	ck_assert_msg(!source_is_file(s, path), "%s", path);
	ck_assert_msg(strstr(kdep_error_last(), why), "is_file %s: '%s'", path,
		      kdep_error_last());
	kdep_error_clear();
	ck_assert_msg(!source_is_dir(s, path), "%s", path);
	ck_assert_msg(strstr(kdep_error_last(), why), "is_dir %s: '%s'", path,
		      kdep_error_last());
	ck_assert_int_eq(source_file_id(s, path, h), -1);
	ck_assert_msg(strstr(kdep_error_last(), why), "hash %s: '%s'", path,
		      kdep_error_last());
	ck_assert_int_eq(source_glob(s, path, &v, &n), -1);
	ck_assert_ptr_null(v);
	ck_assert_msg(strstr(kdep_error_last(), why), "glob %s: '%s'", path,
		      kdep_error_last());
	ck_assert_int_eq(source_subdirs(s, path, &v, &n), -1);
	ck_assert_msg(strstr(kdep_error_last(), why), "subdirs %s: '%s'",
		      path, kdep_error_last());
	ck_assert_str_eq(source_line_text(s, path, 1, buf, sizeof(buf)), "");
}

/* A link that stays inside the tree is followed, by every backend. */
START_TEST(backend_links_inside)
{
	struct backend_tree t = backend_open_links(_i, 1);
	static const char *const dirk[] = { "l/dir/Kconfig", NULL };
	static const char *const dk[] = { "l/chain/Kconfig", "l/dir/Kconfig",
					  NULL };
	static const char *const file[] = { "l/file", NULL };
	static const char *const deep[] = { "l/abs/e/deep", NULL };
	static const char *const subs[] = { "abs", "chain", "dir", "rootlink",
					    NULL };
	static const char *const none[] = { NULL };
	const struct source_file *f;
	char **v;
	size_t n;
	read_eq(t.s, "l/dir/Kconfig", tree_text("a/Kconfig"));
	read_eq(t.s, "l/file", "1");             /* an overlay's edit */
	read_eq(t.s, "l/chain/Kconfig", tree_text("a/Kconfig"));
	read_eq(t.s, "l/abs/e/deep", "deep");
	read_eq(t.s, "l/rootlink/b/two.kc", "2");
	read_eq(t.s, "./l/dir/../file", "1");   /* ".." is lexical first */
	ck_assert(source_is_dir(t.s, "l/dir"));
	ck_assert(source_is_dir(t.s, "l/rootlink"));
	ck_assert(source_is_file(t.s, "l/file"));
	ck_assert(!source_is_file(t.s, "l/dangling"));
	ck_assert(!source_is_dir(t.s, "l/dangling"));
	read_fails(t.s, "l/dangling", "No such file or directory");
	read_fails(t.s, "l/dir", "is a directory");
	read_fails(t.s, "l/file/x", "No such file or directory");
	read_fails(t.s, "l/loop", "more than 40 symbolic links");
	read_fails(t.s, "l/loop/x", "more than 40 symbolic links");
	glob_eq(t.s, "l/dir/*", dirk);
	glob_eq(t.s, "l/d*/Kconfig", dirk);
	glob_eq(t.s, "l/[cd]*/Kconfig", dk);  /* not the dangling one */
	glob_eq(t.s, "l/fi*", file);
	glob_eq(t.s, "l/abs/*/*", deep);
	glob_eq(t.s, "l/dangling", none);
	glob_eq(t.s, "l/dang*", none);
	ck_assert_int_eq(source_subdirs(t.s, "l", &v, &n), 0);
	strv_eq(v, n, subs, "subdirs of l");      /* no link out */
	strv_free(v);
	ck_assert_int_eq(source_subdirs(t.s, "l/chain", &v, &n), 0);
	strv_eq(v, n, none, "subdirs of l/chain");
	strv_free(v);
	/* recorded under the name read, with the target's contents */
	source_forget_reads(t.s);
	read_eq(t.s, "l/chain/Kconfig", tree_text("a/Kconfig"));
	f = source_files_read(t.s, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(f[0].path, "l/chain/Kconfig");
	ck_assert_str_eq(f[0].id, blob(tree_text("a/Kconfig"),
						 strlen(tree_text("a/Kconfig"))));
	/* an overlay never edits a link, nor through one */
	if (t.base) {
		ck_assert_int_eq(source_overlay_put(t.s, "l/file", "x", 1), -1);
		ck_assert_str_eq(kdep_error_last(),
				 "cannot edit l/file: is a symbolic link");
		ck_assert_int_eq(source_overlay_put(t.s, "l/dir/new", "x", 1),
				 -1);
		ck_assert_str_eq(kdep_error_last(), "cannot edit l/dir/new: "
				 "l/dir is a symbolic link");
		ck_assert_int_eq(source_overlay_remove(t.s, "l/file"), -1);
		ck_assert_str_eq(kdep_error_last(),
				 "cannot remove l/file: is a symbolic link");
		read_eq(t.s, "l/file", "1");
	}
	backend_close(&t);
}
END_TEST

/* A link that leaves the tree is refused, by every backend, every way. */
START_TEST(backend_links_outside)
{
	struct backend_tree t = backend_open_links(_i, 1);
	static const char *const out[] = { "l/etc", "l/etc/passwd",
		"l/passwd", "l/up", "l/up/x", "l/via", "l/via/x", "l/outlink",
		"l/outlink/tmp", "l/prefix", "l/prefix/x", "l/chain/../etc",
		"l/rootlink/l/etc/passwd" };
	char **v;
	size_t n;
	for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++)
		all_refuse(t.s, out[i], "leads outside the tree");
	/* the error names the path asked for */
	read_fails(t.s, "l/etc/passwd", "'l/etc/passwd' leads outside");
	/* a glob whose match leads outside fails, naming the match */
	static const char *const bad[][2] = {
		{ "l/e*/passwd", "'l/etc' leads outside" },
		{ "l/pa*", "'l/passwd' leads outside" },
		{ "l/*", "" },
		{ "l/*/x", "" },
		{ "l/out*/*", "'l/outlink' leads outside" },
		{ "l/etc/*", "'l/etc' leads outside" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(source_glob(t.s, bad[i][0], &v, &n) == -1,
			      "glob %s", bad[i][0]);
		ck_assert_msg(strstr(kdep_error_last(), bad[i][1]),
			      "glob %s: '%s'", bad[i][0], kdep_error_last());
	}
	/* nothing refused was recorded */
	source_files_read(t.s, &n);
	ck_assert_uint_eq(n, 0);
	backend_close(&t);
}
END_TEST

/*
 * Held (source_hold, as a cache check holds it), every path resolves as
 * it does otherwise, asked once or again: a link is never taken for a
 * directory already walked, so what leads outside is still refused.
 */
START_TEST(backend_links_held)
{
	struct backend_tree t = backend_open_links(_i, 1);
	static const char *const out[] = { "l/etc/passwd", "l/etc",
		"l/up/x", "l/via/x", "l/outlink/tmp", "l/prefix/x",
		"l/rootlink/l/etc/passwd" };
	source_hold(t.s, 1);
	for (int pass = 0; pass < 2; pass++) {
		read_eq(t.s, "l/dir/Kconfig", tree_text("a/Kconfig"));
		read_eq(t.s, "l/chain/Kconfig", tree_text("a/Kconfig"));
		read_eq(t.s, "l/rootlink/b/two.kc", "2");
		read_eq(t.s, "a/Kconfig", tree_text("a/Kconfig"));
		for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++)
			all_refuse(t.s, out[i], "leads outside the tree");
		read_fails(t.s, "l/dir", "is a directory");
		read_fails(t.s, "l/dangling", "No such file or directory");
	}
	source_hold(t.s, 0);
	all_refuse(t.s, "l/etc/passwd", "leads outside the tree");
	backend_close(&t);
}
END_TEST

/*
 * The ops themselves follow no link, whatever they are handed (a link
 * put in place after the path was resolved): what keeps the directory
 * backend's reads race-free.
 */
START_TEST(backend_ops_follow_no_link)
{
	struct backend_tree t = backend_open_links(_i, 1);
	static const char *const via[] = { "l/passwd", "l/etc/passwd",
		"l/dir/Kconfig", "l/file" };
	struct source_dirent *ents;
	char *data;
	size_t len, n;
	for (size_t i = 0; i < sizeof(via) / sizeof(via[0]); i++) {
		data = NULL;
		ck_assert_msg(t.s->ops->read(t.s, via[i], &data, &len) == -1,
			      "read %s", via[i]);
		ck_assert_ptr_null(data);
	}
	ck_assert_int_ne(t.s->ops->list(t.s, "l/etc", &ents, &n), 0);
	ck_assert_int_ne(t.s->ops->list(t.s, "l/dir", &ents, &n), 0);
	ck_assert_int_eq(t.s->ops->kind(t.s, "l/etc"), SOURCE_LINK);
	ck_assert_int_eq(t.s->ops->kind(t.s, "l/file"), SOURCE_LINK);
	backend_close(&t);
}
END_TEST

/* What every backend's read list holds after the same reads. */
static void read_sequence(struct source *s)
{
	char *data, **v;
	size_t len, n;
	read_eq(s, "Kconfig", tree_text("Kconfig"));
	read_eq(s, "./a//Kconfig", tree_text("a/Kconfig"));
	read_eq(s, "a/Kconfig", tree_text("a/Kconfig")); /* once */
	ck_assert_int_eq(source_read(s, "b/one.kc", 0, &data, &len), 0);
	free(data);                                      /* not recorded */
	ck_assert_int_eq(source_glob(s, "b/*.kc", &v, &n), 0);
	strv_free(v);
	ck_assert_int_eq(source_glob(s, "nope/*", &v, &n), 0);
	strv_free(v);
	ck_assert_int_eq(source_read(s, "nope", 1, &data, &len), -1);
}

START_TEST(backend_read_list)
{
	struct backend_tree t = backend_open(_i);
	char *kc[] = { "b/one.kc", "b/two.kc" };
	const char *akc = tree_text("a/Kconfig");
	const struct source_file *f;
	size_t n;
	char h[SOURCE_ID_SIZE];
	read_sequence(t.s);
	f = source_files_read(t.s, &n);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(f[0].path, "Kconfig");
	ck_assert(!f[0].glob);
	ck_assert_uint_eq(f[0].size, strlen(tree_text("Kconfig")));
	ck_assert_str_eq(f[0].id, blob(tree_text("Kconfig"),
						 f[0].size));
	ck_assert_str_eq(f[1].path, "a/Kconfig");
	ck_assert_str_eq(f[1].id, blob(akc, strlen(akc)));
	ck_assert_str_eq(f[2].path, "b/*.kc");
	ck_assert(f[2].glob);
	ck_assert_uint_eq(f[2].size, 2);
	ck_assert_str_eq(f[2].id, glob_blob(kc, 2));
	ck_assert_str_eq(f[3].path, "nope/*");
	ck_assert(f[3].glob);
	ck_assert_uint_eq(f[3].size, 0);
	ck_assert_str_eq(f[3].id, glob_blob(NULL, 0));
	/* the hash a cache check compares with, for every file */
	for (size_t i = 0; i < NTREE; i++) {
		if (!backend_has(_i, tree[i].path))
			continue;
		ck_assert_int_eq(source_file_id(t.s, tree[i].path, h), 0);
		ck_assert_str_eq(h, blob(tree[i].text,
						 strlen(tree[i].text)));
	}
	ck_assert_int_eq(source_file_id(t.s, "gone.kc", h), -1);
	ck_assert_int_eq(source_file_id(t.s, "b", h), -1);
	source_files_read(t.s, &n);
	ck_assert_uint_eq(n, 4); /* hashing records nothing */
	source_forget_reads(t.s);
	source_files_read(t.s, &n);
	ck_assert_uint_eq(n, 0);
	read_eq(t.s, "Kconfig", tree_text("Kconfig"));
	f = source_files_read(t.s, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(f[0].path, "Kconfig");
	backend_close(&t);
}
END_TEST

START_TEST(backend_line_text)
{
	static const struct {
		const char *file; /* the file asked for */
		uint32_t line;    /* the line asked for */
		const char *want; /* the text */
	} cases[] = {
		{ "a/Kconfig", 1, "config A" },
		{ "a/Kconfig", 2, "bool \"a\"" },          /* trimmed */
		{ "a/Kconfig", 3, "depends on B && C" },   /* continued, joined */
		{ "a/Kconfig", 4, "C" },
		{ "a/Kconfig", 5, "" },                    /* past the end */
		{ "a/Kconfig", 99, "" },
		{ "nope", 1, "" },                         /* missing */
		{ "gone.kc", 1, "" },
		{ "b", 1, "" },                            /* a directory */
		{ "../Kconfig", 1, "" },                   /* outside */
		{ "b/one.kc", 1, "1" },                    /* no last newline */
	};
	struct backend_tree t = backend_open(_i);
	char buf[64], small[6];
	size_t n;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(!strcmp(source_line_text(t.s, cases[i].file,
						       cases[i].line, buf,
						       sizeof(buf)),
				      cases[i].want),
			      "%s:%u: '%s', wanted '%s'", cases[i].file,
			      cases[i].line, buf, cases[i].want);
	/* cut to fit */
	ck_assert_str_eq(source_line_text(t.s, "a/Kconfig", 3, small,
					  sizeof(small)), "depen");
	/* none of this was recorded */
	source_files_read(t.s, &n);
	ck_assert_uint_eq(n, 0);
	backend_close(&t);
}
END_TEST

/* Every backend ends with the same read list after the same reads. */
START_TEST(backends_agree)
{
	struct backend_tree t[NBACKENDS];
	const struct source_file *f[NBACKENDS];
	size_t n[NBACKENDS];
	for (int b = 0; b < NBACKENDS; b++) {
		t[b] = backend_open(b);
		read_sequence(t[b].s);
		f[b] = source_files_read(t[b].s, &n[b]);
	}
	for (int b = 1; b < NBACKENDS; b++) {
		ck_assert_uint_eq(n[b], n[0]);
		for (size_t i = 0; i < n[0]; i++) {
			ck_assert_str_eq(f[b][i].path, f[0][i].path);
			ck_assert_str_eq(f[b][i].id, f[0][i].id);
			ck_assert_uint_eq(f[b][i].size, f[0][i].size);
			ck_assert_int_eq(f[b][i].glob, f[0][i].glob);
		}
	}
	for (int b = 0; b < NBACKENDS; b++)
		backend_close(&t[b]);
}
END_TEST

/* ---- the directory backend and what no tree may hold ----------------- */

/*
 * What is no regular file is refused, never opened to block (a fifo: the
 * test's timeout catches a hang) nor read without end; a file past the
 * bound is refused without being read.
 */
START_TEST(dir_refuses_special_files)
{
	char *dir = test_tmpdir(), path[4200], **v;
	struct source *s;
	char *data;
	size_t len, n;
	char h[SOURCE_ID_SIZE];
	static const char *const kc[] = { "Kconfig", NULL };
	test_write(dir, "Kconfig", "config A\n");
	snprintf(path, sizeof(path), "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(path, 0644), 0);
	snprintf(path, sizeof(path), "%s/big", dir);
	test_write(dir, "big", "");
	ck_assert_int_eq(truncate(path, SOURCE_MAX_FILE + 1), 0);
	snprintf(path, sizeof(path), "%s/edge", dir);
	test_write(dir, "edge", "");
	ck_assert_int_eq(truncate(path, SOURCE_MAX_FILE), 0);
	snprintf(path, sizeof(path), "%s/zero", dir);
	ck_assert_int_eq(symlink("/dev/zero", path), 0);
	ck_assert_int_eq(source_open_dir(&s, dir), 0);

	ck_assert_int_eq(source_read(s, "fifo", 1, &data, &len), -1);
	ck_assert_str_eq(kdep_error_last(), "cannot read fifo: not a regular "
			 "file");
	ck_assert(!source_is_file(s, "fifo"));
	ck_assert(!source_is_dir(s, "fifo"));
	ck_assert_int_eq(source_file_id(s, "fifo", h), -1);
	ck_assert_int_eq(source_glob(s, "fifo", &v, &n), -1);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "not a regular file"));
	glob_eq(s, "[!z]*", (const char *const[]){ "Kconfig", "big", "edge",
						   NULL });
	glob_eq(s, "[fK]*", kc); /* a wildcard passes over the fifo */
	/* the dir op itself, as a race would reach it */
	ck_assert_int_eq(s->ops->read(s, "fifo", &data, &len), -1);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "not a regular file"));

	ck_assert_int_eq(source_read(s, "big", 1, &data, &len), -1);
	ck_assert_str_eq(kdep_error_last(), "cannot read big: larger than 16 "
			 "MiB, the most a tree file may have");
	ck_assert_int_eq(source_read(s, "edge", 1, &data, &len), 0);
	ck_assert_uint_eq(len, SOURCE_MAX_FILE);
	free(data);

	ck_assert_int_eq(source_read(s, "zero", 1, &data, &len), -1);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "leads outside"));
	source_free(s);
	free(dir);
}
END_TEST

/* ---- a backend with its own hashes -------------------------------------- */

/* A tree in memory that knows its files' hashes, as a git tree would. */
struct hashed_source {
	struct source src;   /* the common part; first, so a source casts */
	struct source *mem;  /* the files */
	int reads;           /* how often a file's bytes were read */
};

static struct source *hashed_mem(const struct source *s)
{
	return ((const struct hashed_source *)s)->mem;
}

static int hashed_read(struct source *s, const char *norm, char **data,
		       size_t *len)
{
	((struct hashed_source *)s)->reads++;
	return source_read(hashed_mem(s), norm, 0, data, len);
}

static enum source_kind hashed_kind(struct source *s, const char *norm)
{
	struct source *m = hashed_mem(s);
	return m->ops->kind(m, norm);
}

static int hashed_list(struct source *s, const char *norm,
		       struct source_dirent **out, size_t *n)
{
	struct source *m = hashed_mem(s);
	return m->ops->list(m, norm, out, n);
}

/* The "blob id": anything but the blob id of the bytes. */
static const char *fake_id(const char *norm)
{
	static char buf[4][SOURCE_ID_SIZE];
	static int at;
	char *b = buf[at++ % 4];
	snprintf(b, SOURCE_ID_SIZE, "b10b%036llx",
		 (unsigned long long)source_hash(norm, strlen(norm)));
	return b;
}

static int hashed_id(struct source *s, const char *norm,
		     char id[SOURCE_ID_SIZE])
{
	if (hashed_kind(s, norm) != SOURCE_FILE) {
		kdep_error_set("cannot read %s: no blob", norm);
		return -1;
	}
	memcpy(id, fake_id(norm), SOURCE_ID_SIZE);
	return 0;
}

static const char *hashed_identity(const struct source *s)
{
	return "hashed";
}

static const char *hashed_root(const struct source *s)
{
	return NULL;
}

static void hashed_free(struct source *s)
{
	source_free(hashed_mem(s));
	free(s);
}

static const struct source_ops hashed_ops = {
	.read = hashed_read,
	.kind = hashed_kind,
	.list = hashed_list,
	.id = hashed_id,
	.identity = hashed_identity,
	.root = hashed_root,
	.free = hashed_free,
};

START_TEST(hash_op_is_used)
{
	struct hashed_source *hs = calloc(1, sizeof(*hs));
	struct source *ov;
	const struct source_file *f;
	char *data;
	size_t len, n;
	char h[SOURCE_ID_SIZE];
	ck_assert_ptr_nonnull(hs);
	source_init(&hs->src, &hashed_ops);
	ck_assert_int_eq(source_open_mem(&hs->mem, "m", "/nonexistent"), 0);
	ck_assert_int_eq(source_mem_add(hs->mem, "Kconfig", "k\n", 2), 0);
	ck_assert_int_eq(source_mem_add(hs->mem, "a/Kconfig", "a\n", 2), 0);
	/* the read list takes the backend's hash, not the bytes' */
	read_eq(&hs->src, "./Kconfig", "k\n");
	f = source_files_read(&hs->src, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(f[0].id, fake_id("Kconfig"));
	ck_assert_uint_eq(f[0].size, 2);
	/* and source_file_hash gives it without reading the bytes */
	hs->reads = 0;
	ck_assert_int_eq(source_file_id(&hs->src, "a/Kconfig", h), 0);
	ck_assert_str_eq(h, fake_id("a/Kconfig"));
	ck_assert_int_eq(hs->reads, 0);
	ck_assert_int_eq(source_file_id(&hs->src, "a", h), -1);
	/* an overlay passes it on for what it leaves alone; an edit is
	 * hashed from its bytes */
	ck_assert_int_eq(source_open_overlay(&ov, &hs->src), 0);
	ck_assert_int_eq(source_overlay_put(ov, "Kconfig", "new\n", 4), 0);
	ck_assert_int_eq(source_file_id(ov, "a/Kconfig", h), 0);
	ck_assert_str_eq(h, fake_id("a/Kconfig"));
	ck_assert_int_eq(hs->reads, 0);
	ck_assert_int_eq(source_file_id(ov, "Kconfig", h), 0);
	ck_assert_str_eq(h, blob("new\n", 4));
	ck_assert_int_eq(source_overlay_remove(ov, "a/Kconfig"), 0);
	ck_assert_int_eq(source_file_id(ov, "a/Kconfig", h), -1);
	ck_assert_int_eq(source_read(ov, "Kconfig", 1, &data, &len), 0);
	free(data);
	f = source_files_read(ov, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(f[0].id, blob("new\n", 4));
	source_free(ov);
	source_free(&hs->src);
}
END_TEST

/* An overlay of a backend without hashes hashes the bytes, like it. */
START_TEST(hash_op_absent)
{
	struct source *m, *ov;
	char h[SOURCE_ID_SIZE];
	ck_assert_int_eq(source_open_mem(&m, "m", "/nonexistent"), 0);
	ck_assert_ptr_null(m->ops->id);
	ck_assert_int_eq(source_open_overlay(&ov, m), 0);
	ck_assert_ptr_null(ov->ops->id);
	ck_assert_int_eq(source_overlay_put(ov, "K", "k", 1), 0);
	ck_assert_int_eq(source_file_id(ov, "K", h), 0);
	ck_assert_str_eq(h, blob("k", 1));
	source_free(ov);
	source_free(m);
}
END_TEST

Suite *source_backends_suite(void)
{
	Suite *s = suite_create("source-backends");
	TCase *tc = tcase_create("every backend");
	tcase_add_loop_test(tc, backend_reads, 0, NBACKENDS);
	tcase_add_loop_test(tc, backend_kinds, 0, NBACKENDS);
	tcase_add_loop_test(tc, backend_globs, 0, NBACKENDS);
	tcase_add_loop_test(tc, backend_subdirs, 0, NBACKENDS);
	tcase_add_loop_test(tc, backend_refuses_outside, 0, NBACKENDS);
	tcase_add_loop_test(tc, backend_links_inside, 0, NBACKENDS);
	tcase_add_loop_test(tc, backend_links_outside, 0, NBACKENDS);
	tcase_add_loop_test(tc, backend_links_held, 0, NBACKENDS);
	tcase_add_loop_test(tc, backend_ops_follow_no_link, 0, NBACKENDS);
	tcase_add_loop_test(tc, backend_read_list, 0, NBACKENDS);
	tcase_add_loop_test(tc, backend_line_text, 0, NBACKENDS);
	tcase_add_test(tc, backends_agree);
	suite_add_tcase(s, tc);
	tc = tcase_create("hash op");
	tcase_add_test(tc, hash_op_is_used);
	tcase_add_test(tc, hash_op_absent);
	suite_add_tcase(s, tc);
	return s;
}

Suite *source_suite(void)
{
	Suite *s = suite_create("source");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, normalize_paths);
	tcase_add_test(tc, dir_reads_and_records);
	tcase_add_test(tc, dir_errors);
	tcase_add_test(tc, dir_refuses_special_files);
	tcase_add_test(tc, mem_tree);
	tcase_add_test(tc, mem_add_again);
	tcase_add_test(tc, hash_spreads);
	tcase_add_test(tc, ids_are_git_blob_ids);
	suite_add_tcase(s, tc);
	return s;
}
