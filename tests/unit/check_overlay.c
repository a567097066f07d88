/*
 * check_overlay.c - the overlay backend: edits shadow the tree, added files
 * appear in globs and listings, removed ones vanish, the disk is never
 * written, and the identity tells an edited tree from the pristine one.
 * What an overlay shares with every backend is in check_source.c.
 */
#define _XOPEN_SOURCE 700
#include "suites.h"
#include "strv.h"
#include "source.h"
#include "error.h"
#include "kconf.h"
#include "model.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A directory base with a small tree, and an overlay over it. */
struct fixture {
	char *dir;            /* the temporary directory */
	struct source *base;  /* the directory as a tree */
	struct source *ov;    /* the overlay over base */
};

static struct fixture fixture_open(void)
{
	struct fixture f;
	f.dir = test_tmpdir();
	test_write(f.dir, "Kconfig", "old top\n");
	test_write(f.dir, "a/Kconfig", "config A\n\tbool\n");
	test_write(f.dir, "b/one.kc", "1");
	test_write(f.dir, "b/two.kc", "2");
	ck_assert_int_eq(source_open_dir(&f.base, f.dir), 0);
	ck_assert_int_eq(source_open_overlay(&f.ov, f.base), 0);
	return f;
}

static void fixture_close(struct fixture *f)
{
	source_free(f->ov);
	source_free(f->base);
	free(f->dir);
}

static char *read_all(struct source *s, const char *path)
{
	char *data;
	size_t len;
	ck_assert_msg(!source_read(s, path, 0, &data, &len), "read %s: %s",
		      path, kdep_error_last());
	return data;
}

static void read_is(struct source *s, const char *path, const char *want)
{
	char *data = read_all(s, path);
	ck_assert_str_eq(data, want);
	free(data);
}

/* The glob's matches, joined by spaces. */
static char *glob_str(struct source *s, const char *pattern)
{
	char **v, *out;
	size_t n, len = 1;
	ck_assert_msg(!source_glob(s, pattern, &v, &n), "glob %s: %s",
		      pattern, kdep_error_last());
	for (size_t i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	out = calloc(1, len);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, v[i]);
	}
	strv_free(v);
	return out;
}

static void glob_is(struct source *s, const char *pattern, const char *want)
{
	char *got = glob_str(s, pattern);
	ck_assert_msg(!strcmp(got, want), "glob %s: '%s', wanted '%s'",
		      pattern, got, want);
	free(got);
}

static void subdirs_is(struct source *s, const char *rel, const char *want)
{
	char **v;
	size_t n;
	char got[512] = "";
	ck_assert_int_eq(source_subdirs(s, rel, &v, &n), 0);
	for (size_t i = 0; i < n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
			 i ? " " : "", v[i]);
	strv_free(v);
	ck_assert_msg(!strcmp(got, want), "subdirs %s: '%s', wanted '%s'",
		      rel, got, want);
}

static void put(struct source *s, const char *path, const char *text)
{
	ck_assert_msg(!source_overlay_put(s, path, text, strlen(text)),
		      "put %s: %s", path, kdep_error_last());
}

START_TEST(overlay_edit_shadows)
{
	struct fixture f = fixture_open();
	put(f.ov, "Kconfig", "new top\n");
	read_is(f.ov, "Kconfig", "new top\n");
	read_is(f.ov, "./a/../Kconfig", "new top\n");
	/* the base, and the file on disk, are as they were */
	read_is(f.base, "Kconfig", "old top\n");
	/* edited again: the last edit counts */
	put(f.ov, "Kconfig", "newer\n");
	read_is(f.ov, "Kconfig", "newer\n");
	/* what the edit leaves alone is the base's */
	read_is(f.ov, "a/Kconfig", "config A\n\tbool\n");
	/* an empty file, and bytes after a NUL, are kept */
	ck_assert_int_eq(source_overlay_put(f.ov, "b/one.kc", "", 0), 0);
	read_is(f.ov, "b/one.kc", "");
	ck_assert_int_eq(source_overlay_put(f.ov, "b/two.kc", "x\0y", 3), 0);
	char *data;
	size_t len;
	ck_assert_int_eq(source_read(f.ov, "b/two.kc", 1, &data, &len), 0);
	ck_assert_uint_eq(len, 3);
	ck_assert_mem_eq(data, "x\0y", 4);
	free(data);
	fixture_close(&f);
}
END_TEST

START_TEST(overlay_add_appears)
{
	struct fixture f = fixture_open();
	put(f.ov, "drivers/new/Kconfig", "config NEW\n");
	put(f.ov, "a/Kconfig.extra", "config X\n");
	read_is(f.ov, "drivers/new/Kconfig", "config NEW\n");
	/* in globs, sorted with the base's files */
	glob_is(f.ov, "drivers/*/Kconfig", "drivers/new/Kconfig");
	glob_is(f.ov, "*/*/Kconfig", "drivers/new/Kconfig");
	glob_is(f.ov, "a/*", "a/Kconfig a/Kconfig.extra");
	glob_is(f.ov, "*/Kconfig*", "a/Kconfig a/Kconfig.extra");
	/* its parent directories exist, in listings too */
	ck_assert(source_is_dir(f.ov, "drivers"));
	ck_assert(source_is_dir(f.ov, "drivers/new"));
	ck_assert(source_is_file(f.ov, "drivers/new/Kconfig"));
	subdirs_is(f.ov, "", "a b drivers");
	subdirs_is(f.ov, "drivers", "new");
	subdirs_is(f.ov, "drivers/new", "");
	/* the base has none of it */
	ck_assert(!source_is_dir(f.base, "drivers"));
	glob_is(f.base, "a/*", "a/Kconfig");
	subdirs_is(f.base, "", "a b");
	fixture_close(&f);
}
END_TEST

START_TEST(overlay_remove_absent)
{
	struct fixture f = fixture_open();
	char *data;
	size_t len;
	ck_assert_int_eq(source_overlay_remove(f.ov, "b/one.kc"), 0);
	ck_assert_int_eq(source_read(f.ov, "b/one.kc", 1, &data, &len), -1);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "No such file"));
	ck_assert(!source_is_file(f.ov, "b/one.kc"));
	glob_is(f.ov, "b/*.kc", "b/two.kc");
	glob_is(f.ov, "b/one.kc", "");
	/* the directory stays when its last file goes, as on disk */
	ck_assert_int_eq(source_overlay_remove(f.ov, "./b/two.kc"), 0);
	glob_is(f.ov, "b/*", "");
	ck_assert(source_is_dir(f.ov, "b"));
	subdirs_is(f.ov, "", "a b");
	/* the base still has them */
	glob_is(f.base, "b/*.kc", "b/one.kc b/two.kc");
	/* what cannot be removed */
	ck_assert_int_eq(source_overlay_remove(f.ov, "b/one.kc"), -1);
	ck_assert_int_eq(source_overlay_remove(f.ov, "nope"), -1);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "No such file"));
	ck_assert_int_eq(source_overlay_remove(f.ov, "a"), -1);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "is a directory"));
	/* a removed file put back, an added file removed */
	put(f.ov, "b/one.kc", "back");
	read_is(f.ov, "b/one.kc", "back");
	put(f.ov, "c/added", "x");
	ck_assert_int_eq(source_overlay_remove(f.ov, "c/added"), 0);
	ck_assert(!source_is_file(f.ov, "c/added"));
	ck_assert(!source_is_dir(f.ov, "c"));
	subdirs_is(f.ov, "", "a b");
	/* a file removed and a directory put in its place */
	ck_assert_int_eq(source_overlay_remove(f.ov, "Kconfig"), 0);
	put(f.ov, "Kconfig/inner", "i");
	ck_assert(source_is_dir(f.ov, "Kconfig"));
	glob_is(f.ov, "*/inner", "Kconfig/inner");
	subdirs_is(f.ov, "", "Kconfig a b");
	fixture_close(&f);
}
END_TEST

START_TEST(overlay_refuses)
{
	struct fixture f = fixture_open();
	static const char *const outside[] = { "../x", "a/../../x",
		"/etc/passwd", ".." };
	for (size_t i = 0; i < sizeof(outside) / sizeof(outside[0]); i++) {
		ck_assert_int_eq(source_overlay_put(f.ov, outside[i], "x", 1),
				 -1);
		ck_assert_msg(strstr(kdep_error_last(), "outside the tree"),
			      "put %s: %s", outside[i], kdep_error_last());
		ck_assert_int_eq(source_overlay_remove(f.ov, outside[i]), -1);
		ck_assert_ptr_nonnull(strstr(kdep_error_last(), "outside"));
	}
	/* the root, a directory, a path below a file */
	ck_assert_int_eq(source_overlay_put(f.ov, "", "x", 1), -1);
	ck_assert_int_eq(source_overlay_put(f.ov, "./", "x", 1), -1);
	ck_assert_int_eq(source_overlay_put(f.ov, "a", "x", 1), -1);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "is a directory"));
	ck_assert_int_eq(source_overlay_put(f.ov, "Kconfig/x", "x", 1), -1);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "Kconfig is a file"));
	put(f.ov, "new/file", "x");
	ck_assert_int_eq(source_overlay_put(f.ov, "new", "x", 1), -1);
	ck_assert_int_eq(source_overlay_put(f.ov, "new/file/x", "x", 1), -1);
	/* only an overlay takes edits */
	ck_assert_int_eq(source_overlay_put(f.base, "Kconfig", "x", 1), -1);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "not an overlay"));
	ck_assert_int_eq(source_overlay_remove(f.base, "Kconfig"), -1);
	/* none of it took */
	read_is(f.ov, "Kconfig", "old top\n");
	ck_assert(!source_is_file(f.ov, "a"));
	fixture_close(&f);
}
END_TEST

/* ---- nothing written ---------------------------------------------------- */

/* What a directory holds, as text: every path with its kind, size, mode,
 * inode, modification time and a hash of the contents. */
static char *snap;
static size_t snaplen;

static int snap_one(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	char line[4400];
	uint64_t h = 0;
	if (S_ISREG(st->st_mode)) {
		FILE *fp = fopen(path, "rb");
		char buf[4096];
		size_t n, len = 0;
		ck_assert_ptr_nonnull(fp);
		while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
			h = h * 31 + source_hash(buf, n);
			len += n;
		}
		fclose(fp);
		ck_assert_uint_eq(len, (uint64_t)st->st_size);
	}
	int n = snprintf(line, sizeof(line), "%s %d %lld %o %llu %lld.%09ld "
			 "%016llx\n", path, flag, (long long)st->st_size,
			 (unsigned)st->st_mode, (unsigned long long)st->st_ino,
			 (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
			 (unsigned long long)h);
	snap = realloc(snap, snaplen + (size_t)n + 1);
	ck_assert_ptr_nonnull(snap);
	memcpy(snap + snaplen, line, (size_t)n + 1);
	snaplen += (size_t)n;
	return 0;
}

static char *snapshot(const char *dir)
{
	snap = NULL;
	snaplen = 0;
	ck_assert_int_eq(nftw(dir, snap_one, 16, FTW_PHYS), 0);
	return snap;
}

START_TEST(overlay_writes_nothing)
{
	struct fixture f = fixture_open();
	char *before = snapshot(f.dir), *after, *s, **v, buf[64];
	size_t n;
	ck_assert_ptr_nonnull(strstr(before, "/b/one.kc "));
	put(f.ov, "Kconfig", "edited\n");
	put(f.ov, "b/three.kc", "3");
	put(f.ov, "deep/new/dir/Kconfig", "config D\n");
	ck_assert_int_eq(source_overlay_remove(f.ov, "b/one.kc"), 0);
	ck_assert_int_eq(source_overlay_remove(f.ov, "b/three.kc"), 0);
	put(f.ov, "b/three.kc", "3 again");
	read_is(f.ov, "Kconfig", "edited\n");
	free(glob_str(f.ov, "*/*"));
	ck_assert_int_eq(source_subdirs(f.ov, "deep", &v, &n), 0);
	strv_free(v);
	source_line_text(f.ov, "deep/new/dir/Kconfig", 1, buf, sizeof(buf));
	ck_assert_str_eq(buf, "config D");
	(void)source_identity(f.ov);
	source_free(f.ov);
	f.ov = NULL;
	after = snapshot(f.dir);
	ck_assert_str_eq(after, before);
	/* nor do the overlay's reads land in the base's read list */
	source_files_read(f.base, &n);
	ck_assert_uint_eq(n, 0);
	s = read_all(f.base, "Kconfig");
	ck_assert_str_eq(s, "old top\n");
	free(s);
	free(before);
	free(after);
	fixture_close(&f);
}
END_TEST

/* ---- identity ----------------------------------------------------------- */

static char *identity_of(struct source *s)
{
	char *id = strdup(source_identity(s));
	ck_assert_ptr_nonnull(id);
	return id;
}

START_TEST(overlay_identity)
{
	struct fixture f = fixture_open();
	struct source *other;
	char *base = identity_of(f.base);
	char *pristine = identity_of(f.ov), *e1, *e2, *e3;
	/* never the base's, though derived from it */
	ck_assert_str_ne(pristine, base);
	ck_assert(!strncmp(pristine, base, strlen(base)));
	ck_assert_str_eq(source_root(f.ov), source_root(f.base));
	/* it changes with the edits */
	put(f.ov, "Kconfig", "one\n");
	e1 = identity_of(f.ov);
	ck_assert_str_ne(e1, pristine);
	put(f.ov, "Kconfig", "two\n");
	e2 = identity_of(f.ov);
	ck_assert_str_ne(e2, e1);
	ck_assert_str_ne(e2, pristine);
	put(f.ov, "b/new", "n");
	e3 = identity_of(f.ov);
	ck_assert_str_ne(e3, e2);
	/* and depends on the edits alone, not on their order or history */
	ck_assert_int_eq(source_open_overlay(&other, f.base), 0);
	ck_assert_str_eq(source_identity(other), pristine);
	put(other, "b/new", "n");
	put(other, "Kconfig", "one\n");
	ck_assert_str_ne(source_identity(other), e3);
	put(other, "Kconfig", "two\n");
	ck_assert_str_eq(source_identity(other), e3);
	/* a removal is an edit too, unlike a removed addition */
	ck_assert_int_eq(source_overlay_remove(other, "b/new"), 0);
	ck_assert_str_eq(source_identity(other), e2);
	ck_assert_int_eq(source_overlay_remove(other, "a/Kconfig"), 0);
	ck_assert_str_ne(source_identity(other), e2);
	source_free(other);
	free(base);
	free(pristine);
	free(e1);
	free(e2);
	free(e3);
	fixture_close(&f);
}
END_TEST

/* An overlay over an overlay sees both sets of edits, the upper first. */
START_TEST(overlay_stacked)
{
	struct fixture f = fixture_open();
	struct source *top;
	put(f.ov, "Kconfig", "lower\n");
	put(f.ov, "x/lower", "l");
	ck_assert_int_eq(source_open_overlay(&top, f.ov), 0);
	put(top, "Kconfig", "upper\n");
	put(top, "x/upper", "u");
	ck_assert_int_eq(source_overlay_remove(top, "a/Kconfig"), 0);
	read_is(top, "Kconfig", "upper\n");
	read_is(f.ov, "Kconfig", "lower\n");
	glob_is(top, "x/*", "x/lower x/upper");
	glob_is(f.ov, "x/*", "x/lower");
	glob_is(top, "*/Kconfig", "");
	glob_is(f.ov, "*/Kconfig", "a/Kconfig");
	ck_assert_str_ne(source_identity(top), source_identity(f.ov));
	source_free(top);
	fixture_close(&f);
}
END_TEST

/* kconfiglib parses the overlay, never the disk under it. */
START_TEST(overlay_parses)
{
	char *dir = test_tmpdir();
	struct source *base, *ov;
	struct model *m = NULL;
	const struct source_file *f;
	size_t n;
	int added = 0;
	struct kconf_opts o = { test_env, 2, KCONF_LIVE, NULL, NULL };
	test_write(dir, "Kconfig", "source \"arch/$(SRCARCH)/Kconfig\"\n"
		   "source \"drivers/*/Kconfig\"\n");
	test_write(dir, "arch/x86/Kconfig", "config X86\n\tdef_bool y\n");
	test_write(dir, "drivers/old/Kconfig", "config OLD\n\tbool \"old\"\n");
	ck_assert_int_eq(source_open_dir(&base, dir), 0);
	ck_assert_int_eq(source_open_overlay(&ov, base), 0);
	put(ov, "drivers/new/Kconfig", "config NEW\n\tbool \"new\"\n");
	put(ov, "arch/x86/Kconfig", "config X86\n\tdef_bool y\n"
	    "config EDITED\n\tdef_bool X86\n");
	ck_assert_int_eq(source_overlay_remove(ov, "drivers/old/Kconfig"), 0);
	ck_assert_msg(!kconf_load(ov, &o, &m), "%s", kdep_error_last());
	ck_assert_uint_ne(model_find(m, "NEW"), MODEL_NONE);
	ck_assert_uint_ne(model_find(m, "EDITED"), MODEL_NONE);
	ck_assert_uint_eq(model_find(m, "OLD"), MODEL_NONE);
	model_free(m);
	m = NULL;
	f = source_files_read(ov, &n);
	for (size_t i = 0; i < n; i++)
		added |= !strcmp(f[i].path, "drivers/new/Kconfig");
	ck_assert(added);
	/* the pristine tree still parses as it is on disk */
	ck_assert_msg(!kconf_load(base, &o, &m), "%s", kdep_error_last());
	ck_assert_uint_eq(model_find(m, "NEW"), MODEL_NONE);
	ck_assert_uint_eq(model_find(m, "EDITED"), MODEL_NONE);
	ck_assert_uint_ne(model_find(m, "OLD"), MODEL_NONE);
	model_free(m);
	source_free(ov);
	source_free(base);
	free(dir);
}
END_TEST

Suite *overlay_suite(void)
{
	Suite *s = suite_create("overlay");
	TCase *tc = tcase_create("overlay");
	tcase_add_test(tc, overlay_edit_shadows);
	tcase_add_test(tc, overlay_add_appears);
	tcase_add_test(tc, overlay_remove_absent);
	tcase_add_test(tc, overlay_refuses);
	tcase_add_test(tc, overlay_writes_nothing);
	tcase_add_test(tc, overlay_identity);
	tcase_add_test(tc, overlay_stacked);
	tcase_add_test(tc, overlay_parses);
	suite_add_tcase(s, tc);
	return s;
}
