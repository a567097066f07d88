/*
 * trampoline.c - the arm64 static-call trampoline series (patchgen.h).
 *
 * Every place the series edits is found by what it says:
 *
 *   arch/arm64/Kconfig               the select list of `config ARM64`
 *   arch/arm64/kernel/vmlinux.lds.S  the `.text :` output section's list of
 *                                    text sections (STATIC_CALL_TEXT goes
 *                                    before its `*(.gnu.warning)`)
 *   arch/arm64/include/asm/patching.h
 *                                    the patching primitives' declarations
 *                                    (the literal writer, or where it goes)
 *   arch/arm64/kernel/patching.c     patch_map()'s "is this image text" test,
 *                                    and the primitives a literal writer
 *                                    is built on where the tree has none
 *   arch/arm64/kernel/Makefile       the jump label object's line
 *   arch/arm64/kernel/ftrace.c       ftrace_modify_call()'s #ifdef (with
 *                                    DIRECT_CALLS)
 *
 * The files the series adds come from templates/ (compiled in as strings).
 */
#include "patchgen.h"
#include "text.h"
#include "alloc.h"
#include "error.h"
#include "strv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char tmpl_static_call_h[] =
#include "static_call_h.inc"
	;
static const char tmpl_static_call_c[] =
#include "static_call_c.inc"
	;
static const char tmpl_literal_u64[] =
#include "literal_u64.inc"
	;
static const char tmpl_patch_map_rodata[] =
#include "patch_map_rodata.inc"
	;

#define KCONFIG    "arch/arm64/Kconfig"
#define ARCH_KC    "arch/Kconfig"
#define LDS        "arch/arm64/kernel/vmlinux.lds.S"
#define PATCHING_H "arch/arm64/include/asm/patching.h"
#define INSN_H     "arch/arm64/include/asm/insn.h"
#define PATCHING_C "arch/arm64/kernel/patching.c"
#define KMAKEFILE  "arch/arm64/kernel/Makefile"
#define FTRACE_C   "arch/arm64/kernel/ftrace.c"
#define SC_H       "arch/arm64/include/asm/static_call.h"
#define SC_C       "arch/arm64/kernel/static_call.c"

#define LITERAL_WRITER "aarch64_insn_write_literal_u64"

/* The series being built and the tree it is built for. */
struct gen {
	struct source *tree;           /* the tree (borrowed) */
	const struct tramp_opts *opts; /* what was asked (borrowed) */
	struct patchgen_series *s;     /* the series (owned by the caller) */
};

/* Reads path as the series leaves it so far; a missing file is an error
 * naming what was looked for in it. */
static int need_file(struct gen *g, const char *path, const char *what,
		     char **data)
{
	size_t len;
	int rc = patchgen_series_read(g->s, g->tree, path, data, &len);
	if (rc == 1)
		kdep_error_set_at(path, 0, "no such file, where %s should be",
				  what);
	return rc ? -1 : 0;
}

/* tmpl with every @key@ replaced by value: a new string. */
static char *expand(const char *tmpl, const char *key, const char *value)
{
	char pat[64];
	char *out = kdep_strdup(tmpl), *next;
	size_t from = 0;
	snprintf(pat, sizeof(pat), "@%s@", key);
	while (out) {
		char *hit = strstr(out + from, pat);
		if (!hit)
			break;
		from = (size_t)(hit - out) + strlen(value);
		next = text_splice(out, (size_t)(hit - out), strlen(pat), value);
		free(out);
		out = next;
	}
	return out;
}

/* The symbol of a `select SYM [if ...]` line at p, into buf. */
static const char *select_symbol(const char *p, char *buf, size_t size)
{
	size_t n = 0;
	while (*p == ' ' || *p == '\t')
		p++;
	p += strlen("select");
	while (*p == ' ' || *p == '\t')
		p++;
	while (*p && *p != ' ' && *p != '\t' && *p != '\n' && n + 1 < size)
		buf[n++] = *p++;
	buf[n] = '\0';
	return buf;
}

/* The line after the logical line at p (backslash continuations). */
static const char *logical_next(const char *p)
{
	for (;;) {
		const char *q = text_next(p);
		if (q == p || q - p < 2 || q[-1] != '\n' || q[-2] != '\\')
			return q;
		p = q;
	}
}

/* Where the entry `config ARM64` of the Kconfig text kc begins and ends. */
static int arm64_entry(const char *kc, const char **begin, const char **end)
{
	const char *p = text_find(kc, NULL, "config ARM64", 1);
	while (p && (*p == ' ' || *p == '\t'))
		p = text_find(text_next(p), NULL, "config ARM64", 1);
	if (!p) {
		kdep_error_set_at(KCONFIG, 0, "no 'config ARM64' entry, whose "
				  "select list HAVE_STATIC_CALL belongs in");
		return -1;
	}
	*begin = p;
	for (p = text_next(p); *p && !text_kconfig_entry(p); p = text_next(p))
		;
	*end = p;
	return 0;
}

/* The tree's CFI symbol: CFI where it was renamed, else CFI_CLANG. */
static int cfi_symbol(struct source *tree, const char **sym)
{
	char *data;
	size_t len;
	int rc;
	if (!source_is_file(tree, ARCH_KC)) {
		kdep_error_set_at(ARCH_KC, 0, "no such file, where the CFI "
				  "option should be defined");
		return -1;
	}
	if (source_read(tree, ARCH_KC, 0, &data, &len))
		return -1;
	rc = 0;
	if (text_find(data, NULL, "config CFI", 1))
		*sym = "CFI";
	else if (text_find(data, NULL, "config CFI_CLANG", 1))
		*sym = "CFI_CLANG";
	else {
		kdep_error_set_at(ARCH_KC, 0, "defines neither CFI nor "
				  "CFI_CLANG, the condition of the select");
		rc = -1;
	}
	free(data);
	return rc;
}

int tramp_select_candidates(struct source *tree, char ***out, size_t *n)
{
	const char *cfi;
	char buf[3][64];
	if (cfi_symbol(tree, &cfi))
		return -1;
	snprintf(buf[0], sizeof(buf[0]), "%s",
		 "!LTO_CLANG_THIN || CLANG_VERSION >= 130000");
	snprintf(buf[1], sizeof(buf[1]), "%s", "");
	snprintf(buf[2], sizeof(buf[2]), "%s", cfi);
	if (!(*out = kdep_calloc(4, sizeof(**out))))
		return -1;
	for (int i = 0; i < 3; i++)
		if (!((*out)[i] = kdep_strdup(buf[i]))) {
			strv_free(*out);
			*out = NULL;
			return -1;
		}
	*n = 3;
	return 0;
}

/* Adds `select HAVE_STATIC_CALL [if cond]` to config ARM64: in the first
 * place where its name falls between two HAVE_ selects in order, else
 * after the last select. */
static int edit_kconfig(struct gen *g, const char *cond)
{
	static const char want[] = "HAVE_STATIC_CALL";
	char *kc, *out, line[256], sym[128], prev[128] = "";
	const char *begin, *end, *after = NULL, *last = NULL;
	int rc = -1;

	if (need_file(g, KCONFIG, "the 'config ARM64' entry", &kc))
		return -1;
	if (arm64_entry(kc, &begin, &end))
		goto done;
	for (const char *p = text_next(begin); p < end; p = logical_next(p)) {
		if (!text_find(p, text_next(p), "select", 1))
			continue;
		select_symbol(p, sym, sizeof(sym));
		if (!after && !strncmp(prev, "HAVE_", 5) &&
		    !strncmp(sym, "HAVE_", 5) && strcmp(prev, want) < 0 &&
		    strcmp(sym, want) > 0)
			after = p;
		last = logical_next(p);
		snprintf(prev, sizeof(prev), "%s", sym);
	}
	if (!after)
		after = last;
	if (!after) {
		kdep_error_set_at(KCONFIG, text_lineno(kc, begin),
				  "'config ARM64' has no select list");
		goto done;
	}
	snprintf(line, sizeof(line), "\tselect HAVE_STATIC_CALL%s%s\n",
		 *cond ? " if " : "", cond);
	if (!(out = text_splice(kc, (size_t)(after - kc), 0, line)))
		goto done;
	rc = patchgen_series_put(g->s, KCONFIG, out, 0);
done:
	free(kc);
	return rc;
}

/* STATIC_CALL_TEXT among the text sections of the `.text :` output
 * section, before its `*(.gnu.warning)`. */
static int edit_lds(struct gen *g)
{
	char *lds, *out, line[128];
	const char *sec, *close, *warn, *t;
	int rc = -1;

	if (need_file(g, LDS, "the kernel's text section list", &lds))
		return -1;
	if (!(sec = text_find(lds, NULL, ".text", 1))) {
		kdep_error_set_at(LDS, 0, "no '.text :' output section, whose "
				  "list STATIC_CALL_TEXT belongs in");
		goto done;
	}
	close = text_find(text_next(sec), NULL, "}", 0);
	if (!text_find(sec, close, "TEXT_TEXT", 1)) {
		kdep_error_set_at(LDS, text_lineno(lds, sec), "the '.text' "
				  "output section does not list TEXT_TEXT");
		goto done;
	}
	if (text_find(sec, close, "STATIC_CALL_TEXT", 1)) {
		rc = 0; /* already there */
		goto done;
	}
	if (!(warn = text_find(sec, close, "*(.gnu.warning)", 0))) {
		kdep_error_set_at(LDS, text_lineno(lds, sec), "the '.text' "
				  "output section has no '*(.gnu.warning)' to "
				  "put STATIC_CALL_TEXT before");
		goto done;
	}
	/* the indentation of the text section macros above it */
	t = text_find(sec, close, "TEXT_TEXT", 1);
	snprintf(line, sizeof(line), "%.*sSTATIC_CALL_TEXT\n",
		 (int)strspn(t, " \t"), t);
	if (!(out = text_splice(lds, (size_t)(warn - lds), 0, line)))
		goto done;
	rc = patchgen_series_put(g->s, LDS, out, 0);
done:
	free(lds);
	return rc;
}

/* Which header declares the patching primitives (patching.h since 5.x,
 * insn.h before). */
static const char *primitives_header(struct gen *g)
{
	return source_is_file(g->tree, PATCHING_H) ? PATCHING_H : INSN_H;
}

/* Whether the tree declares the literal writer. -1 on error. */
static int has_literal_writer(struct gen *g)
{
	char *h;
	int found;
	if (need_file(g, primitives_header(g),
		      "the patching primitives' declarations", &h))
		return -1;
	found = text_find(h, NULL, "int " LITERAL_WRITER "(", 0) != NULL;
	free(h);
	return found;
}

/* The end of the C function whose definition starts at def: the line after
 * its closing brace in the first column. */
static const char *function_end(const char *def)
{
	const char *p = text_find(def, NULL, "{", 0);
	for (; p && *p; p = text_next(p))
		if (*p == '}')
			return text_next(p);
	return NULL;
}

/* Adds the literal writer, on patch_map() and the patch lock. */
static int add_literal_writer(struct gen *g)
{
	static const char *const needs[] = {
		"static DEFINE_RAW_SPINLOCK(patch_lock);",
		"static void __kprobes *patch_map(void *addr, int fixmap)",
		"static void __kprobes patch_unmap(int fixmap)",
	};
	const char *hdr = primitives_header(g);
	char *c = NULL, *h = NULL, *out;
	const char *def, *end, *decl;
	int rc = -1;

	if (need_file(g, PATCHING_C, "the patching primitives", &c) ||
	    need_file(g, hdr, "the patching primitives' declarations", &h))
		goto done;
	for (size_t i = 0; i < sizeof(needs) / sizeof(needs[0]); i++)
		if (!text_find(c, NULL, needs[i], 0)) {
			kdep_error_set_at(PATCHING_C, 0, "no '%s', which the "
					  "literal writer is built on",
					  needs[i]);
			goto done;
		}
	def = text_find(c, NULL, "int __kprobes aarch64_insn_write(void *addr, "
			"u32 insn)", 0);
	if (!def || !(end = function_end(def))) {
		kdep_error_set_at(PATCHING_C, 0, "no definition of "
				  "aarch64_insn_write() to add the literal "
				  "writer after");
		goto done;
	}
	decl = text_find(h, NULL, "int aarch64_insn_write(void *addr, u32 insn);",
			 0);
	if (!decl) {
		kdep_error_set_at(hdr, 0, "no declaration of "
				  "aarch64_insn_write() to declare the literal "
				  "writer after");
		goto done;
	}
	if (patchgen_series_begin(g->s, "arm64: patching: add "
				  LITERAL_WRITER "()",
				  "Static call trampolines load their target "
				  "from a 64-bit literal, and\nupdating one "
				  "means storing a new address into it through "
				  "the same\nwritable alias patch_map() gives "
				  "instruction writes. This tree has\nno "
				  "primitive for that: add one on patch_map() "
				  "and the patch lock.\nIt does no cache "
				  "maintenance, as the word is data read by a "
				  "load.\n"))
		goto done;
	out = text_splice(c, (size_t)(end - c), 0, tmpl_literal_u64);
	if (!out || patchgen_series_put(g->s, PATCHING_C, out, 0))
		goto done;
	out = text_splice(h, (size_t)(text_next(decl) - h), 0,
			  "int " LITERAL_WRITER "(void *addr, u64 val);\n");
	if (!out || patchgen_series_put(g->s, hdr, out, 0))
		goto done;
	rc = 0;
done:
	free(c);
	free(h);
	return rc;
}

/* patch_map() maps the kernel's read-only data through the fixmap. */
static int edit_patch_map(struct gen *g)
{
	static const char image[] = "bool image = is_image_text(uintaddr);";
	char *c, *out;
	const char *fn, *line;
	int rc = -1;

	if (need_file(g, PATCHING_C, "patch_map()", &c))
		return -1;
	fn = text_find(c, NULL, "static void __kprobes *patch_map(", 0);
	if (!fn) {
		kdep_error_set_at(PATCHING_C, 0, "no patch_map(), which maps "
				  "what the patching primitives write");
		goto done;
	}
	if (!(line = text_find(fn, function_end(fn), image, 0))) {
		kdep_error_set_at(PATCHING_C, text_lineno(c, fn), "patch_map() "
				  "does not decide '%s', where the kernel's "
				  "read-only data must be added", image);
		goto done;
	}
	if (patchgen_series_begin(g->s, "arm64: patching: write the kernel's "
				  "read-only data through the fixmap",
				  "patch_map() gives a writable alias for the "
				  "kernel's text through the\nfixmap, for "
				  "other addresses the page vmalloc_to_page() "
				  "finds when\nEXECMEM (or STRICT_MODULE_RWX) "
				  "is set, and otherwise the address\nitself. "
				  "A static call trampoline's literal lives in "
				  ".rodata, which is\nread-only once "
				  "mark_rodata_ro() has run: without EXECMEM "
				  "the write\nwould go to the read-only "
				  "mapping and fail, and with it\n"
				  "vmalloc_to_page() would have to walk the "
				  "kernel image's block\nmappings. Treat the "
				  "kernel's read-only data as the image it is:"
				  "\nits page is found from its physical "
				  "address and mapped through the\nfixmap, in "
				  "every configuration. Nothing else writes to "
				  ".rodata\nthrough these primitives, so no "
				  "other caller changes.\n"))
		goto done;
	out = text_splice(c, (size_t)(line - c),
			  (size_t)(text_next(line) - line),
			  tmpl_patch_map_rodata);
	if (!out)
		goto done;
	rc = patchgen_series_put(g->s, PATCHING_C, out, 0);
done:
	free(c);
	return rc;
}

/* static_call.o in arch/arm64/kernel/Makefile, after the jump labels. */
static int edit_makefile(struct gen *g)
{
	char *mk, *out;
	const char *jl;
	int rc = -1;
	if (need_file(g, KMAKEFILE, "the kernel objects' list", &mk))
		return -1;
	if (!(jl = text_find(mk, NULL, "obj-$(CONFIG_JUMP_LABEL)", 0))) {
		kdep_error_set_at(KMAKEFILE, 0, "no 'obj-$(CONFIG_JUMP_LABEL)' "
				  "line to add static_call.o after");
		goto done;
	}
	out = text_splice(mk, (size_t)(logical_next(jl) - mk), 0,
			  "obj-$(CONFIG_HAVE_STATIC_CALL)\t\t+= static_call.o\n");
	if (!out)
		goto done;
	rc = patchgen_series_put(g->s, KMAKEFILE, out, 0);
done:
	free(mk);
	return rc;
}

static int add_trampolines(struct gen *g, const char *cond)
{
	char body[4096], *c;
	const char *why = g->opts->select_why;
	snprintf(body, sizeof(body),
		 "Implement out-of-line static call trampolines: a call site "
		 "branches to\nits trampoline directly, and the trampoline "
		 "(bti c; adrp x16 and\nldr x16 from a 64-bit literal in "
		 ".rodata; br x16) tail-calls the\ncurrent target. Calls "
		 "through a static call then carry no kCFI check,\nand a "
		 "DEFINE_STATIC_CALL_RET0 call no longer reaches "
		 "__static_call_return0\nthrough an indirect call of "
		 "another type, which kCFI traps.\n\n"
		 "Only the literal changes: arch_static_call_transform() finds "
		 "it from\nthe trampoline's adrp/ldr pair and stores the new "
		 "target with\n" LITERAL_WRITER "(), so no instruction is "
		 "rewritten and no\ninstruction cache maintenance is needed; "
		 "the literal is an aligned\ndoubleword written by one store, "
		 "so a concurrent call loads the old\ntarget or the new one. "
		 "NULL and RET0 trampolines both hold\n"
		 "__static_call_return0: the trampoline has no conditional "
		 "path.\n\n"
		 "HAVE_STATIC_CALL is selected %s%s.\n%s%s",
		 *cond ? "if " : "unconditionally", cond,
		 why ? "\n" : "", why ? why : "");
	if (patchgen_series_begin(g->s, "arm64: implement support for static "
				  "call trampolines", body))
		return -1;
	if (!(c = kdep_strdup(tmpl_static_call_h)) ||
	    patchgen_series_put(g->s, SC_H, c, 1))
		return -1;
	if (!(c = expand(tmpl_static_call_c, "WRITE_PRIMITIVE",
			 LITERAL_WRITER)) ||
	    patchgen_series_put(g->s, SC_C, c, 1))
		return -1;
	if (edit_makefile(g) || edit_lds(g) || edit_kconfig(g, cond))
		return -1;
	return 0;
}

/*
 * ftrace_modify_call() built for DIRECT_CALLS without CALL_OPS: its
 * #ifdef widened, and the ops literal set through ftrace_rec_update_ops(),
 * the tree's wrapper that is a no-op without CALL_OPS.
 */
static int edit_ftrace(struct gen *g)
{
	static const char guard[] = "#ifdef CONFIG_DYNAMIC_FTRACE_WITH_CALL_OPS";
	static const char call[] = "ftrace_rec_set_ops(rec, arm64_rec_get_ops(rec))";
	char *f, *out = NULL, *next;
	const char *def, *g0, *p, *end;
	int rc = -1;

	if (need_file(g, FTRACE_C, "ftrace_modify_call()", &f))
		return -1;
	def = text_find(f, NULL, "int ftrace_modify_call(", 0);
	if (!def) {
		kdep_error_set_at(FTRACE_C, 0, "no definition of "
				  "ftrace_modify_call()");
		goto done;
	}
	if (!text_find(f, NULL, "static int ftrace_rec_update_ops(", 0)) {
		kdep_error_set_at(FTRACE_C, text_lineno(f, def), "no "
				  "ftrace_rec_update_ops(), the ops update "
				  "ftrace_modify_call() needs without CALL_OPS");
		goto done;
	}
	/* the guard is the preprocessor line just before the definition */
	for (g0 = NULL, p = f; p < def; p = text_next(p))
		if (*p == '#')
			g0 = p;
	if (!g0 || strncmp(g0, guard, strlen(guard)) ||
	    g0[strlen(guard)] != '\n') {
		if (g0 && strstr(g0, "DIRECT_CALLS") &&
		    strstr(g0, "DIRECT_CALLS") < def) {
			rc = 0; /* already built for DIRECT_CALLS */
			goto done;
		}
		kdep_error_set_at(FTRACE_C, text_lineno(f, def),
				  "ftrace_modify_call() is not guarded by "
				  "'%s' alone", guard);
		goto done;
	}
	end = function_end(def);
	if (!(p = strstr(def, call)) || !end || p >= end) {
		kdep_error_set_at(FTRACE_C, text_lineno(f, def),
				  "ftrace_modify_call() does not call '%s'", call);
		goto done;
	}
	if (patchgen_series_begin(g->s, "arm64: ftrace: build "
				  "ftrace_modify_call() for DIRECT_CALLS "
				  "without CALL_OPS",
				  "ftrace_modify_call() is what DIRECT_CALLS "
				  "uses to move a call site from\none "
				  "trampoline to another; it was built only with "
				  "CALL_OPS. Build it\nfor DIRECT_CALLS too, and "
				  "set the call-site ops through\n"
				  "ftrace_rec_update_ops(), which writes the "
				  "ops literal with CALL_OPS and\ndoes nothing "
				  "without it. Nothing changes for a "
				  "configuration with\nCALL_OPS.\n"))
		goto done;
	out = text_splice(f, (size_t)(p - f), strlen(call),
			  "ftrace_rec_update_ops(rec)");
	if (!out)
		goto done;
	next = text_splice(out, (size_t)(g0 - f), strlen(guard),
			   "#if defined(CONFIG_DYNAMIC_FTRACE_WITH_CALL_OPS) || "
			   "\\\n    defined(CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS)");
	free(out);
	if (!next)
		goto done;
	rc = patchgen_series_put(g->s, FTRACE_C, next, 0);
done:
	free(f);
	return rc;
}

/* The reason to generate nothing, when the tree has static calls: 1, with
 * *why set; 0 when it has none; -1 when it has half of them. */
static int already_supported(struct gen *g, char **why)
{
	char *kc;
	const char *begin, *end, *sel;
	int header = source_is_file(g->tree, SC_H), rc = -1;
	char buf[512];

	if (need_file(g, KCONFIG, "the 'config ARM64' entry", &kc))
		return -1;
	if (arm64_entry(kc, &begin, &end))
		goto done;
	sel = text_find(begin, end, "select HAVE_STATIC_CALL", 1);
	if (sel && header) {
		snprintf(buf, sizeof(buf), KCONFIG ":%u: 'config ARM64' "
			 "already selects HAVE_STATIC_CALL and " SC_H
			 " exists: the tree has arm64 static calls",
			 (unsigned)text_lineno(kc, sel));
		rc = (*why = kdep_strdup(buf)) ? 1 : -1;
	} else if (sel) {
		kdep_error_set_at(KCONFIG, text_lineno(kc, sel), "'config "
				  "ARM64' selects HAVE_STATIC_CALL but there is "
				  "no " SC_H);
	} else if (header) {
		kdep_error_set_at(SC_H, 0, "exists, but 'config ARM64' does "
				  "not select HAVE_STATIC_CALL: not "
				  "overwriting it");
	} else
		rc = 0;
done:
	free(kc);
	return rc;
}

int tramp_generate(struct source *tree, const struct tramp_opts *opts,
		   struct patchgen_series **out)
{
	struct gen g = { tree, opts, NULL };
	const char *cond = opts->select_cond;
	int rc = -1, has;

	*out = NULL;
	if (!(g.s = kdep_calloc(1, sizeof(*g.s))))
		return -1;
	if ((has = already_supported(&g, &g.s->skipped)) < 0)
		goto done;
	if (has) {
		rc = 0;
		goto done;
	}
	if (!cond && cfi_symbol(tree, &cond))
		goto done;
	if ((has = has_literal_writer(&g)) < 0)
		goto done;
	if (!has && add_literal_writer(&g))
		goto done;
	if (edit_patch_map(&g) || add_trampolines(&g, cond))
		goto done;
	if (opts->direct_calls && edit_ftrace(&g))
		goto done;
	rc = 0;
done:
	if (rc)
		patchgen_series_free(g.s);
	else
		*out = g.s;
	return rc;
}
