/* The boot test's /init: sleeps forever, so that the kernel keeps running
 * while the test's kthread does its work. */
	.globl	_start
_start:
	adr	x0, 1f
	mov	x1, #0
	mov	x8, #101	/* nanosleep */
	svc	#0
	b	_start
	.balign	8
1:	.quad	3600, 0
