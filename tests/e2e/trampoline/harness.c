/*
 * harness.c - runs the probe (probe.c, kernel code) in user space with the
 * generated transform (arch/arm64/kernel/static_call.o of the patched
 * tree, and the kernel's instruction decoder it calls) and a model of the
 * tree's literal writer: one aligned 64-bit store through a writable view
 * of the read-only page, as patch_map()'s fixmap alias gives the kernel.
 *
 * Freestanding (start.S: the entry, system calls, threads), so that every
 * object of the program carries the BTI property and the whole program is
 * guarded: each indirect branch must land on a landing pad.
 *
 * Checks, each printed: the default, an updated, an out-of-range target
 * (a function mapped 4 GiB away, BTI-guarded), NULL and RET0 returning 0,
 * the trampoline reached through an x16 veneer ("br x16"), and re-patching
 * while two threads call never giving a wrong result. Exit 0 when every
 * check holds, 1 otherwise; a BTI fault kills it with SIGILL.
 */
#include <stdint.h>

#include "probe.h"

#define PROT_READ  1
#define PROT_WRITE 2
#define PROT_EXEC  4
#define PROT_BTI   0x10
#define PAGE       4096UL

/* start.S */
long sys6(long nr, long a, long b, long c, long d, long e, long f);
long thread_start(void *stack_top, void (*fn)(void));

int veneer_call(int x, void *tramp);
int harness_main(long rounds);

#define SYS_write    64
#define SYS_sched_yield 124
#define SYS_mmap     222
#define SYS_mprotect 226

/* What the kernel objects need from the kernel. */
long __static_call_return0(void)
{
	return 0;
}

void cpus_read_lock(void) {}
void cpus_read_unlock(void) {}
int _printk(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

/* The kernel's generic popcount, which the instruction encoder uses. */
unsigned long __sw_hweight64(uint64_t w)
{
	unsigned long n = 0;
	for (; w; w &= w - 1)
		n++;
	return n;
}

void *memcpy(void *d, const void *s, unsigned long n)
{
	char *dp = d;
	const char *sp = s;
	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memset(void *d, int c, unsigned long n)
{
	char *dp = d;
	while (n--)
		*dp++ = (char)c;
	return d;
}

static long writes;

/* The model of aarch64_insn_write_literal_u64(). */
int aarch64_insn_write_literal_u64(void *addr, uint64_t val)
{
	unsigned long page = (uintptr_t)addr & ~(PAGE - 1);
	if ((uintptr_t)addr & 7)
		return -1;
	if (sys6(SYS_mprotect, page, PAGE, PROT_READ | PROT_WRITE, 0, 0, 0))
		return -1;
	__atomic_store_n((uint64_t *)addr, val, __ATOMIC_RELAXED);
	writes++;
	return (int)sys6(SYS_mprotect, page, PAGE, PROT_READ, 0, 0, 0);
}

static void out(const char *s)
{
	unsigned long n = 0;
	while (s[n])
		n++;
	sys6(SYS_write, 1, (long)s, (long)n, 0, 0, 0);
}

static void out_long(long v)
{
	char buf[24], *p = buf + sizeof(buf) - 1;
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
	*p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	out(p);
}

int probe_near(int x) { return x + 1; }
int probe_sum(int a, int b) { return a + b + 100; }
static int plus2(int x) { return x + 2; }
static int plus3(int x) { return x + 3; }

static int failures;

static void check(const char *what, long got, long want)
{
	out(what);
	out(": ");
	out_long(got);
	if (got != want) {
		out("  WRONG, want ");
		out_long(want);
		failures++;
	}
	out("\n");
}

/* A function 4 GiB from the trampolines, out of any branch's range:
 * bti c; add w0, w0, #1000; ret. */
static int (*far_function(void))(int)
{
	static const uint32_t code[] = { 0xd503245f, 0x110fa000, 0xd65f03c0 };
	uintptr_t here = (uintptr_t)probe_tramp_normal() & ~(PAGE - 1);
	long p = sys6(SYS_mmap, (long)(here + (1UL << 32)), PAGE,
		      PROT_READ | PROT_WRITE, 0x22 /* private|anon */, -1, 0);
	if (p < 0 && p > -4096)
		return 0;
	memcpy((void *)p, code, sizeof(code));
	__asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb"
			 :: "r"(p) : "memory");
	if (sys6(SYS_mprotect, p, PAGE, PROT_READ | PROT_EXEC | PROT_BTI,
		 0, 0, 0))
		return 0;
	out("far target at ");
	out_long((long)((p - (long)here) >> 20));
	out(" MiB from the trampoline\n");
	return (int (*)(int))p;
}

static volatile int stop;
static long wrong, calls, done;
static char stacks[2][65536] __attribute__((aligned(16)));

static void caller(void)
{
	long w = 0, n = 0;
	while (!stop) {
		int r = probe_call_normal(10);
		if (r != 12 && r != 13)
			w++;
		n++;
	}
	__atomic_add_fetch(&wrong, w, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&calls, n, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&done, 1, __ATOMIC_SEQ_CST);
}

int harness_main(long rounds)
{
	int (*far)(int);

	check("default target", probe_call_normal(1), 2);
	check("default target through an x16 veneer",
	      veneer_call(1, probe_tramp_normal()), 2);
	probe_update_normal(plus2);
	check("updated target", probe_call_normal(1), 3);
	check("updated target through an x16 veneer",
	      veneer_call(1, probe_tramp_normal()), 3);
	if (!(far = far_function())) {
		out("no far target could be mapped\n");
		return 1;
	}
	probe_update_normal(far);
	check("out-of-range target", probe_call_normal(1), 1001);
	check("out-of-range target through an x16 veneer",
	      veneer_call(1, probe_tramp_normal()), 1001);
	probe_update_normal(0);
	check("updated to NULL", probe_call_normal(1), 0);

	check("NULL", probe_call_null(5), 0);
	probe_update_null(plus3);
	check("NULL updated to a target", probe_call_null(5), 8);
	probe_update_null(0);
	check("back to NULL", probe_call_null(5), 0);

	check("RET0", probe_call_ret0(1, 2), 0);
	probe_update_ret0(probe_sum);
	check("RET0 updated to a target", probe_call_ret0(1, 2), 103);
	probe_reset_ret0();
	check("RET0 again", probe_call_ret0(1, 2), 0);

	probe_update_normal(plus2);
	for (int i = 0; i < 2; i++)
		if (thread_start(stacks[i] + sizeof(stacks[i]), caller) < 0) {
			out("cannot start a thread\n");
			return 1;
		}
	for (long i = 0; i < rounds; i++)
		probe_update_normal(i & 1 ? plus2 : plus3);
	stop = 1;
	while (__atomic_load_n(&done, __ATOMIC_SEQ_CST) < 2)
		sys6(SYS_sched_yield, 0, 0, 0, 0, 0, 0);
	out("re-patched ");
	out_long(rounds);
	out(" times while ");
	out_long(calls);
	out(" calls ran\n");
	check("calls with a wrong result", wrong, 0);
	check("literal writes", writes, rounds + 8);
	out(failures ? "FAIL\n" : "PASS\n");
	return failures ? 1 : 0;
}
