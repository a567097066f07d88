/*
 * check_buildcheck.c - the first error of a kernel build's log, as
 * `kdep fix --build-check` reports it: gcc's and clang's compiler errors,
 * GNU ld's and lld's undefined references with the object that needs the
 * symbol, and a log with none.
 */
#include "suites.h"
#include "buildcheck.h"

#include <string.h>

/* The first error of log into r (build_result_free). */
static int first(const char *log, struct build_result *r)
{
	memset(r, 0, sizeof(*r));
	return build_log_first_error(log, strlen(log), r);
}

/* r is the link error of ftrace_modify_call needed by kernel/trace/
 * ftrace.o (and is freed). */
static void is_ftrace_link(struct build_result *r)
{
	ck_assert_int_eq(r->outcome, BUILD_LINK);
	ck_assert_str_eq(r->symbol, "ftrace_modify_call");
	ck_assert_str_eq(r->file, "kernel/trace/ftrace.o");
	ck_assert_str_eq(r->message,
			 "undefined reference to `ftrace_modify_call'");
	build_result_free(r);
}

START_TEST(clang_compile_error)
{
	struct build_result r;
	ck_assert_int_eq(first(
		"  CC      kernel/trace/ftrace.o\n"
		"arch/arm64/kernel/ftrace.c:120:3: warning: unused variable 'x'\n"
		"arch/arm64/kernel/ftrace.c:360:9: error: call to undeclared "
		"function 'ftrace_call_adrp'\n"
		"  360 |         return ftrace_call_adrp(ip);\n"
		"kernel/trace/ftrace.c:12:1: error: a later error\n"
		"make[4]: *** [scripts/Makefile.build:229: "
		"arch/arm64/kernel/ftrace.o] Error 1\n", &r), 1);
	ck_assert_int_eq(r.outcome, BUILD_COMPILE);
	ck_assert_str_eq(r.file, "arch/arm64/kernel/ftrace.c");
	ck_assert_uint_eq(r.line, 360);
	ck_assert_str_eq(r.message, "error: call to undeclared function "
			 "'ftrace_call_adrp'");
	ck_assert_ptr_null(r.symbol);
	build_result_free(&r);
}
END_TEST

START_TEST(gcc_fatal_error)
{
	struct build_result r;
	ck_assert_int_eq(first(
		"In file included from init/main.c:3:\n"
		"include/linux/foo.h:7:10: fatal error: bar.h: No such file or "
		"directory\n", &r), 1);
	ck_assert_int_eq(r.outcome, BUILD_COMPILE);
	ck_assert_str_eq(r.file, "include/linux/foo.h");
	ck_assert_uint_eq(r.line, 7);
	ck_assert_str_eq(r.message, "error: bar.h: No such file or directory");
	build_result_free(&r);
}
END_TEST

START_TEST(lld_undefined_symbol)
{
	struct build_result r;
	ck_assert_int_eq(first(
		"  LD      vmlinux.o\n"
		"ld.lld-19: error: undefined symbol: ftrace_modify_call\n"
		">>> referenced by ftrace.c:5969 (kernel/trace/ftrace.c:5969)\n"
		">>>               kernel/trace/ftrace.o:(modify_ftrace_direct) "
		"in archive vmlinux.a\n"
		"make[2]: *** [scripts/Makefile.vmlinux_o:62: vmlinux.o] "
		"Error 1\n", &r), 1);
	is_ftrace_link(&r);
}
END_TEST

START_TEST(gnu_ld_undefined_reference)
{
	struct build_result r;
	ck_assert_int_eq(first(
		"aarch64-linux-gnu-ld: kernel/trace/ftrace.o: in function "
		"`modify_ftrace_direct':\n"
		"ftrace.c:(.text+0x1c40): undefined reference to "
		"`ftrace_modify_call'\n", &r), 1);
	is_ftrace_link(&r);
}
END_TEST

START_TEST(driver_error_line)
{
	struct build_result r;
	ck_assert_int_eq(first(
		"  CC      init/main.o\n"
		"clang-19: error: unknown argument: '-mfoo'\n"
		"make[1]: *** [Makefile:1: all] Error 2\n", &r), 1);
	ck_assert_int_eq(r.outcome, BUILD_FAILED);
	ck_assert_str_eq(r.message, "clang-19: error: unknown argument: "
			 "'-mfoo'");
	ck_assert_ptr_null(r.file);
	build_result_free(&r);
}
END_TEST

START_TEST(no_error_line)
{
	struct build_result r;
	ck_assert_int_eq(first(
		"  CC      init/main.o\n"
		"make[1]: *** [Makefile:1: all] Error 2\n"
		"init/main.c:4:1: warning: no error here\n", &r), 0);
	ck_assert_ptr_null(r.message);
	ck_assert_ptr_null(r.file);
	build_result_free(&r);
}
END_TEST

Suite *buildcheck_suite(void)
{
	Suite *s = suite_create("buildcheck");
	TCase *tc = tcase_create("first-error");
	tcase_add_test(tc, clang_compile_error);
	tcase_add_test(tc, gcc_fatal_error);
	tcase_add_test(tc, lld_undefined_symbol);
	tcase_add_test(tc, gnu_ld_undefined_reference);
	tcase_add_test(tc, driver_error_line);
	tcase_add_test(tc, no_error_line);
	suite_add_tcase(s, tc);
	return s;
}
