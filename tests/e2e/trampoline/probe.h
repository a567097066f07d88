/* probe.h - what the probe (kernel code) and the harness share. */
#ifndef SCT_PROBE_H
#define SCT_PROBE_H

/* In the harness: the static calls' first targets. */
int probe_near(int x);
int probe_sum(int a, int b);

/* In the probe: calls through each kind of static call, and updates. */
int probe_call_normal(int x);
int probe_call_null(int x);
int probe_call_ret0(int a, int b);
void probe_update_normal(int (*f)(int));
void probe_update_null(int (*f)(int));
void probe_update_ret0(int (*f)(int, int));
void probe_reset_ret0(void);
/* The trampoline of the normal static call. */
void *probe_tramp_normal(void);

#endif
