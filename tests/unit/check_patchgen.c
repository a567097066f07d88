/*
 * check_patchgen.c - the trampoline generator on small in-memory trees
 * shaped like arm64's: each place found by its contents wherever it is,
 * a missing one refused at its file (and line), a tree that has static
 * calls left alone, a missing literal writer added.
 */
#include "suites.h"
#include "patchgen.h"
#include "error.h"
#include "source.h"
#include "strv.h"

#include <stdlib.h>
#include <string.h>

static const char kconfig[] =
	"config ARM64\n"
	"\tdef_bool y\n"
	"\tselect ARCH_X\n"
	"\tselect HAVE_RSEQ\n"
	"\tselect HAVE_STACKPROTECTOR\n"
	"\tselect HAVE_SYSCALL_TRACEPOINTS\n"
	"\tselect HAVE_ARGS \\\n"
	"\t\tif X\n"
	"\thelp\n"
	"\t  text\n"
	"\n"
	"config ARM64_PAGE_SHIFT\n"
	"\tint\n";
static const char lds[] =
	"SECTIONS\n{\n"
	"\t.text : ALIGN(SEGMENT_ALIGN) {\n"
	"\t\t_stext = .;\n"
	"\t\t\tTEXT_TEXT\n"
	"\t\t\tKPROBES_TEXT\n"
	"\t\t\t*(.gnu.warning)\n"
	"\t}\n"
	"}\n";
static const char patching_h[] =
	"int aarch64_insn_read(void *addr, u32 *insnp);\n"
	"int aarch64_insn_write(void *addr, u32 insn);\n"
	"\n"
	"int aarch64_insn_patch_text(void *addrs[], u32 insns[], int cnt);\n";
static const char patching_c[] =
	"static DEFINE_RAW_SPINLOCK(patch_lock);\n"
	"static void __kprobes *patch_map(void *addr, int fixmap)\n"
	"{\n"
	"\tunsigned long uintaddr = (uintptr_t) addr;\n"
	"\tbool image = is_image_text(uintaddr);\n"
	"\treturn addr;\n"
	"}\n"
	"\n"
	"static void __kprobes patch_unmap(int fixmap)\n"
	"{\n"
	"}\n"
	"\n"
	"int __kprobes aarch64_insn_write(void *addr, u32 insn)\n"
	"{\n"
	"\treturn 0;\n"
	"}\n"
	"\n"
	"int __kprobes aarch64_insn_patch_text_nosync(void *addr, u32 insn)\n"
	"{\n"
	"}\n";
static const char makefile[] =
	"obj-$(CONFIG_CPU_PM)\t\t\t+= sleep.o\n"
	"obj-$(CONFIG_JUMP_LABEL)\t\t+= jump_label.o\n"
	"obj-$(CONFIG_KGDB)\t\t\t+= kgdb.o\n";

/* An arm64-shaped tree; a file whose contents are NULL is left out. */
static struct source *tree(const char *kc, const char *ld, const char *pc,
			   const char *ph)
{
	struct source *s;
	const char *files[][2] = {
		{ "arch/Kconfig", "config CFI_CLANG\n\tbool\n" },
		{ "arch/arm64/Kconfig", kc },
		{ "arch/arm64/kernel/vmlinux.lds.S", ld },
		{ "arch/arm64/kernel/patching.c", pc },
		{ "arch/arm64/include/asm/patching.h", ph },
		{ "arch/arm64/kernel/Makefile", makefile },
	};
	ck_assert_int_eq(source_open_mem(&s, "t", "/nonexistent-kdep-tree"), 0);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (files[i][1])
			ck_assert_int_eq(source_mem_add(s, files[i][0],
				files[i][1], strlen(files[i][1])), 0);
	return s;
}

static const struct patchgen_file *final(const struct patchgen_series *s,
					 const char *path)
{
	for (size_t i = 0; i < s->n_final; i++)
		if (!strcmp(s->final[i].path, path))
			return &s->final[i];
	ck_abort_msg("%s is not in the series", path);
	return NULL;
}

START_TEST(test_places_by_content)
{
	struct source *t = tree(kconfig, lds, patching_c, patching_h);
	struct tramp_opts o = { NULL, NULL, 0 };
	struct patchgen_series *s;
	ck_assert_msg(!tramp_generate(t, &o, &s), "%s", kdep_error_last());
	ck_assert_ptr_null(s->skipped);
	/* no literal writer: added first, then patch_map, trampolines */
	ck_assert_uint_eq(s->n_patches, 3);
	ck_assert_str_eq(s->patches[0].subject, "arm64: patching: add "
			 "aarch64_insn_write_literal_u64()");
	ck_assert_ptr_nonnull(strstr(final(s, "arch/arm64/Kconfig")->data,
		"\tselect HAVE_STACKPROTECTOR\n"
		"\tselect HAVE_STATIC_CALL if CFI_CLANG\n"
		"\tselect HAVE_SYSCALL_TRACEPOINTS\n"));
	ck_assert_ptr_nonnull(strstr(final(s, "arch/arm64/kernel/"
					  "vmlinux.lds.S")->data,
		"\t\t\tKPROBES_TEXT\n\t\t\tSTATIC_CALL_TEXT\n"
		"\t\t\t*(.gnu.warning)\n"));
	ck_assert_ptr_nonnull(strstr(final(s, "arch/arm64/kernel/Makefile")->data,
		"jump_label.o\nobj-$(CONFIG_HAVE_STATIC_CALL)\t\t+= "
		"static_call.o\nobj-$(CONFIG_KGDB)"));
	ck_assert_ptr_nonnull(strstr(final(s, "arch/arm64/kernel/patching.c")->data,
		"bool image = is_image_text(uintaddr) || "
		"is_kernel_rodata(uintaddr);\n"));
	ck_assert_ptr_nonnull(strstr(final(s, "arch/arm64/kernel/patching.c")->data,
		"}\n\n/*\n * Writes a naturally aligned"));
	ck_assert_ptr_nonnull(strstr(final(s, "arch/arm64/include/asm/"
					  "patching.h")->data,
		"u32 insn);\nint aarch64_insn_write_literal_u64(void *addr, "
		"u64 val);\n"));
	ck_assert(final(s, "arch/arm64/include/asm/static_call.h")->created);
	ck_assert_ptr_nonnull(strstr(final(s, "arch/arm64/include/asm/"
					  "static_call.h")->data,
		"SPDX-License-Identifier: GPL-2.0"));
	ck_assert_ptr_nonnull(strstr(final(s, "arch/arm64/kernel/"
					  "static_call.c")->data,
		"WARN_ON_ONCE(aarch64_insn_write_literal_u64(literal, "));
	patchgen_series_free(s);
	source_free(t);
}
END_TEST

START_TEST(test_condition_asked)
{
	struct source *t = tree(kconfig, lds, patching_c, patching_h);
	struct tramp_opts o = { "", "the proof", 0 };
	struct patchgen_series *s;
	ck_assert_msg(!tramp_generate(t, &o, &s), "%s", kdep_error_last());
	ck_assert_ptr_nonnull(strstr(final(s, "arch/arm64/Kconfig")->data,
		"\tselect HAVE_STATIC_CALL\n"));
	ck_assert_ptr_nonnull(strstr(s->patches[2].body,
		"selected unconditionally.\n\nthe proof"));
	patchgen_series_free(s);
	source_free(t);
}
END_TEST

/* A hook point that is missing is refused where it should have been. */
START_TEST(test_refuses_missing_place)
{
	static const char no_warning[] =
		"SECTIONS\n{\n\t.text : {\n\t\tTEXT_TEXT\n\t}\n}\n";
	struct source *t = tree(kconfig, no_warning, patching_c, patching_h);
	struct tramp_opts o = { NULL, NULL, 0 };
	struct patchgen_series *s;
	ck_assert_int_eq(tramp_generate(t, &o, &s), -1);
	ck_assert_ptr_null(s);
	ck_assert_str_eq(kdep_error_file(), "arch/arm64/kernel/vmlinux.lds.S");
	ck_assert_uint_eq(kdep_error_line(), 3);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "*(.gnu.warning)"));
	source_free(t);

	t = tree("config ARM64_X\n\tbool\n", lds, patching_c, patching_h);
	ck_assert_int_eq(tramp_generate(t, &o, &s), -1);
	ck_assert_str_eq(kdep_error_file(), "arch/arm64/Kconfig");
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "'config ARM64'"));
	source_free(t);

	t = tree(kconfig, lds, NULL, patching_h);
	ck_assert_int_eq(tramp_generate(t, &o, &s), -1);
	ck_assert_str_eq(kdep_error_file(), "arch/arm64/kernel/patching.c");
	source_free(t);
}
END_TEST

START_TEST(test_already_supported)
{
	static const char has[] = "config ARM64\n\tdef_bool y\n"
		"\tselect HAVE_RSEQ\n\tselect HAVE_STATIC_CALL\n";
	struct source *t = tree(has, lds, patching_c, patching_h);
	struct tramp_opts o = { NULL, NULL, 1 };
	struct patchgen_series *s;
	ck_assert_int_eq(tramp_generate(t, &o, &s), -1);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(), "no arch/arm64/"
				     "include/asm/static_call.h"));
	ck_assert_int_eq(source_mem_add(t, "arch/arm64/include/asm/"
					"static_call.h", "x", 1), 0);
	ck_assert_msg(!tramp_generate(t, &o, &s), "%s", kdep_error_last());
	ck_assert_uint_eq(s->n_patches, 0);
	ck_assert_uint_eq(s->n_final, 0);
	ck_assert_str_eq(s->skipped, "arch/arm64/Kconfig:4: 'config ARM64' "
			 "already selects HAVE_STATIC_CALL and arch/arm64/"
			 "include/asm/static_call.h exists: the tree has "
			 "arm64 static calls");
	patchgen_series_free(s);
	source_free(t);
}
END_TEST

/* DIRECT_CALLS: ftrace_modify_call() built without CALL_OPS, through
 * the tree's ops-update wrapper. */
START_TEST(test_ftrace_modify_call)
{
	static const char ftrace[] =
		"#ifdef CONFIG_DYNAMIC_FTRACE_WITH_CALL_OPS\n"
		"static int ftrace_rec_update_ops(struct dyn_ftrace *rec)\n"
		"{\n\treturn ftrace_rec_set_ops(rec, arm64_rec_get_ops(rec));\n}\n"
		"#else\n"
		"static int ftrace_rec_update_ops(struct dyn_ftrace *rec) "
		"{ return 0; }\n"
		"#endif\n"
		"\n"
		"#ifdef CONFIG_DYNAMIC_FTRACE_WITH_CALL_OPS\n"
		"int ftrace_modify_call(struct dyn_ftrace *rec)\n"
		"{\n"
		"\tret = ftrace_rec_set_ops(rec, arm64_rec_get_ops(rec));\n"
		"\treturn ret;\n"
		"}\n"
		"#endif\n";
	struct source *t = tree(kconfig, lds, patching_c, patching_h);
	struct tramp_opts o = { NULL, NULL, 1 };
	struct patchgen_series *s;
	const char *f;
	ck_assert_int_eq(source_mem_add(t, "arch/arm64/kernel/ftrace.c",
					ftrace, strlen(ftrace)), 0);
	ck_assert_msg(!tramp_generate(t, &o, &s), "%s", kdep_error_last());
	ck_assert_uint_eq(s->n_patches, 4);
	f = final(s, "arch/arm64/kernel/ftrace.c")->data;
	/* the wrapper's own #ifdef and its call are left alone */
	ck_assert_ptr_nonnull(strstr(f, "#endif\n\n"
		"#if defined(CONFIG_DYNAMIC_FTRACE_WITH_CALL_OPS) || \\\n"
		"    defined(CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS)\n"
		"int ftrace_modify_call(struct dyn_ftrace *rec)\n{\n"
		"\tret = ftrace_rec_update_ops(rec);\n"));
	ck_assert_ptr_nonnull(strstr(f, "{\n\treturn ftrace_rec_set_ops(rec, "
				     "arm64_rec_get_ops(rec));\n}\n#else"));
	ck_assert_ptr_nonnull(strstr(f, "#ifdef CONFIG_DYNAMIC_FTRACE_WITH_"
				     "CALL_OPS\nstatic int"));
	patchgen_series_free(s);
	source_free(t);
}
END_TEST

START_TEST(test_candidates)
{
	struct source *t = tree(kconfig, lds, patching_c, patching_h);
	char **v;
	size_t n;
	ck_assert_int_eq(tramp_select_candidates(t, &v, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(v[0], "!LTO_CLANG_THIN || CLANG_VERSION >= 130000");
	ck_assert_str_eq(v[1], "");
	ck_assert_str_eq(v[2], "CFI_CLANG");
	strv_free(v);
	ck_assert_int_eq(source_mem_add(t, "arch/Kconfig",
					"config CFI\n\tbool\n", 18), 0);
	ck_assert_int_eq(tramp_select_candidates(t, &v, &n), 0);
	ck_assert_str_eq(v[2], "CFI");
	strv_free(v);
	source_free(t);
}
END_TEST

/* A line edit as a patch of its own: found by its text in the file as the
 * series leaves it (an earlier patch moved it), refused when it is gone. */
START_TEST(test_series_edit)
{
	struct source *t = tree(kconfig, lds, patching_c, patching_h);
	struct tramp_opts o = { "CFI_CLANG", NULL, 0 };
	struct patchgen_series *s;
	ck_assert_msg(!tramp_generate(t, &o, &s), "%s", kdep_error_last());
	size_t before = s->n_patches;
	/* line 7 of the tree; the select the series adds moved it to 8 */
	ck_assert_msg(!patchgen_series_edit(s, t, "arch/arm64/Kconfig", 7,
					    "\tselect HAVE_ARGS \\\n\t\tif X\n",
					    "\tselect HAVE_ARGS\n", "drop X",
					    "why"), "%s", kdep_error_last());
	ck_assert_uint_eq(s->n_patches, before + 1);
	const struct patchgen_patch *p = &s->patches[before];
	ck_assert_str_eq(p->subject, "drop X");
	ck_assert_uint_eq(p->n_files, 1);
	ck_assert_ptr_nonnull(strstr(p->files[0].data,
				     "select HAVE_STATIC_CALL if CFI_CLANG\n"
				     "\tselect HAVE_SYSCALL_TRACEPOINTS\n"
				     "\tselect HAVE_ARGS\n\thelp\n"));
	ck_assert_str_eq(final(s, "arch/arm64/Kconfig")->data,
			 p->files[0].data);
	/* the same lines again: gone */
	ck_assert_int_eq(patchgen_series_edit(s, t, "arch/arm64/Kconfig", 7,
					      "\tselect HAVE_ARGS \\\n\t\tif X\n",
					      "", "again", "why"), -1);
	ck_assert_str_eq(kdep_error_file(), "arch/arm64/Kconfig");
	ck_assert_uint_eq(kdep_error_line(), 7);
	ck_assert_uint_eq(s->n_patches, before + 1);
	patchgen_series_free(s);
	source_free(t);
}
END_TEST

Suite *patchgen_suite(void)
{
	Suite *s = suite_create("patchgen");
	TCase *tc = tcase_create("trampoline");
	tcase_add_test(tc, test_places_by_content);
	tcase_add_test(tc, test_condition_asked);
	tcase_add_test(tc, test_refuses_missing_place);
	tcase_add_test(tc, test_already_supported);
	tcase_add_test(tc, test_ftrace_modify_call);
	tcase_add_test(tc, test_candidates);
	tcase_add_test(tc, test_series_edit);
	suite_add_tcase(s, tc);
	return s;
}
