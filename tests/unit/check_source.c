/* check_source.c - the source layer: paths, reads, globs, hashes. */
#include "suites.h"
#include "strv.h"
#include "source.h"
#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	ck_assert_uint_eq(f[0].hash, source_hash("config A\n\tbool\n", 15));
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

Suite *source_suite(void)
{
	Suite *s = suite_create("source");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, normalize_paths);
	tcase_add_test(tc, dir_reads_and_records);
	tcase_add_test(tc, dir_errors);
	tcase_add_test(tc, mem_tree);
	tcase_add_test(tc, hash_spreads);
	suite_add_tcase(s, tc);
	return s;
}
