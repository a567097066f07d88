// SPDX-License-Identifier: GPL-2.0
/*
 * The boot test the trampoline suite adds to its scratch trees (never to
 * the series): static calls updated to other targets, to NULL, and a RET0
 * call whose prototype is not long (*)(void), each checked, after the
 * kernel has made its read-only data read-only. It runs in a kthread that
 * waits for SYSTEM_RUNNING, which kernel_init() sets after mark_readonly().
 *
 * Booted with sct_generic=1, it then makes the RET0 call the way the
 * generic implementation (a tree without arm64 static calls) makes it:
 * an indirect call through the key to __static_call_return0 with the
 * call's own prototype. kCFI must stop it: the proof that this kernel
 * enforces CFI and that the trampoline is what avoids the failure.
 */
#include <linux/delay.h>
#include <linux/init.h>
#include <linux/kthread.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/static_call.h>

static noinline int sct_inc(int x) { return x + 1; }
static noinline int sct_dbl(int x) { return x * 2; }
DEFINE_STATIC_CALL(sct_call, sct_inc);

static int sct_hits;
static noinline void sct_hit(int n) { sct_hits += n; }
DEFINE_STATIC_CALL_NULL(sct_void, sct_hit);

/* The case of the CFI report: an int (*)(int, int) whose default is
 * __static_call_return0, a long (*)(void). */
static noinline int sct_sum(int a, int b) { return a + b + 100; }
DEFINE_STATIC_CALL_RET0(sct_ret0, sct_sum);

static int failures;
static bool sct_generic;
core_param(sct_generic, sct_generic, bool, 0444);
/* The RET0 call made first: a kernel without arm64 static calls reaches
 * it before the NULL call, whose generic form (an indirect call to
 * __static_call_nop) kCFI stops too. */
static bool sct_ret0_first;
core_param(sct_ret0_first, sct_ret0_first, bool, 0444);

static void sct_check(const char *what, long got, long want)
{
	pr_info("sct: %s: %ld (want %ld)\n", what, got, want);
	if (got != want)
		failures++;
}

static int sct_run(void *unused)
{
	while (system_state != SYSTEM_RUNNING)
		msleep(20);
	pr_info("sct: start, system running\n");
	if (sct_ret0_first)
		sct_check("RET0 default, first", static_call(sct_ret0)(1, 2), 0);

	sct_check("default target", static_call(sct_call)(20), 21);
	static_call_update(sct_call, sct_dbl);
	sct_check("updated target", static_call(sct_call)(20), 40);
	static_call_update(sct_call, sct_inc);
	sct_check("back to the first", static_call(sct_call)(20), 21);

	static_call_cond(sct_void)(1);
	sct_check("NULL call does nothing", sct_hits, 0);
	static_call_update(sct_void, sct_hit);
	static_call_cond(sct_void)(5);
	sct_check("NULL updated to a target", sct_hits, 5);
	static_call_update(sct_void, NULL);
	static_call_cond(sct_void)(7);
	sct_check("target updated to NULL", sct_hits, 5);

	sct_check("RET0 default", static_call(sct_ret0)(1, 2), 0);
	static_call_update(sct_ret0, sct_sum);
	sct_check("RET0 updated to a target", static_call(sct_ret0)(1, 2), 103);
	static_call_update(sct_ret0, (void *)__static_call_return0);
	sct_check("RET0 again", static_call(sct_ret0)(1, 2), 0);

	if (failures)
		pr_info("sct: FAIL (%d)\n", failures);
	else
		pr_info("sct: PASS\n");

	if (sct_generic) {
		typeof(&sct_sum) f = READ_ONCE(STATIC_CALL_KEY(sct_ret0).func);

		pr_info("sct: the RET0 call made as the generic code makes it\n");
		pr_info("sct: generic call returned %d\n", f(1, 2));
	}
	return 0;
}

static int __init sct_init(void)
{
	kthread_run(sct_run, NULL, "sct");
	return 0;
}
late_initcall(sct_init);
