/*
 * The harness's entry, system calls and threads, without a C library.
 * Every function starts with a BTI landing pad, and the object carries the
 * BTI property note.
 */
	.section .note.gnu.property, "a"
	.balign	8
	.long	4, 16, 5
	.asciz	"GNU"
	.long	0xc0000000	/* GNU_PROPERTY_AARCH64_FEATURE_1_AND */
	.long	4
	.long	3		/* BTI | PAC */
	.long	0

	.text
	.globl	_start
	.type	_start, %function
_start:
	hint	34		/* bti c */
	mov	x29, #0
	mov	x30, #0
	mov	x0, #20000	/* re-patching rounds */
	bl	harness_main
	mov	x8, #94		/* exit_group */
	svc	#0
	.size	_start, . - _start

/* long sys6(long nr, long a, ..., long f) */
	.globl	sys6
	.type	sys6, %function
sys6:
	hint	34
	mov	x8, x0
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	mov	x3, x4
	mov	x4, x5
	mov	x5, x6
	svc	#0
	ret
	.size	sys6, . - sys6

/* long thread_start(void *stack_top, void (*fn)(void)): fn runs in a new
 * thread of the process on that stack, then the thread exits. */
	.globl	thread_start
	.type	thread_start, %function
thread_start:
	hint	34
	mov	x9, x1
	mov	x1, x0
	/* CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
	 * CLONE_SYSVSEM */
	mov	x0, #0x0f00
	movk	x0, #0x5, lsl #16
	mov	x2, xzr
	mov	x3, xzr
	mov	x4, xzr
	mov	x8, #220	/* clone */
	svc	#0
	cbnz	x0, 1f
	blr	x9
	mov	x0, #0
	mov	x8, #93		/* exit */
	svc	#0
1:	ret
	.size	thread_start, . - thread_start

/*
 * How an out-of-range call from a module reaches a trampoline: a veneer
 * that puts the address in x16 and branches with "br x16", the indirect
 * branch BTI checks against the trampoline's landing pad.
 *
 *   int veneer_call(int x, void *tramp)
 */
	.text
	.globl	veneer_call
	.type	veneer_call, %function
veneer_call:
	hint	34		/* bti c */
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	bl	1f
	ldp	x29, x30, [sp], #16
	ret
1:	mov	x16, x1		/* the veneer proper */
	br	x16
	.size	veneer_call, . - veneer_call
