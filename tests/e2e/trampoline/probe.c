// SPDX-License-Identifier: GPL-2.0
/*
 * The probe: kernel code, compiled with the kernel's own flags inside the
 * patched tree, that defines and calls static calls of each kind and
 * updates them. harness.c links it into a user-space program.
 */
#include <linux/static_call.h>

#include "probe.h"

DEFINE_STATIC_CALL(probe_call, probe_near);
DEFINE_STATIC_CALL_NULL(probe_null, probe_near);
/* not long (*)(void): the prototype of the CFI report */
DEFINE_STATIC_CALL_RET0(probe_ret0, probe_sum);

int probe_call_normal(int x)
{
	return static_call(probe_call)(x);
}

int probe_call_null(int x)
{
	return static_call(probe_null)(x);
}

int probe_call_ret0(int a, int b)
{
	return static_call(probe_ret0)(a, b);
}

void probe_update_normal(int (*f)(int))
{
	static_call_update(probe_call, f);
}

void probe_update_null(int (*f)(int))
{
	static_call_update(probe_null, f);
}

void probe_update_ret0(int (*f)(int, int))
{
	static_call_update(probe_ret0, f);
}

void probe_reset_ret0(void)
{
	static_call_update(probe_ret0, (void *)__static_call_return0);
}

/* The trampoline itself, for the harness's veneer. */
void *probe_tramp_normal(void)
{
	return STATIC_CALL_TRAMP_ADDR(probe_call);
}
