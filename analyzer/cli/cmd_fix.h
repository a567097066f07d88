/*
 * cmd_fix.h - what the parts of `kdep fix` share (cmd_fix.c, the fixes
 * and relaxations; cmd_fix_series.c, the generated trampoline series).
 */
#ifndef KDEP_CMD_FIX_H
#define KDEP_CMD_FIX_H

#include "cmd.h"
#include "edit.h"
#include "fix.h"
#include "json.h"

/* The engine that proves fixes on the scans sc of ctx: its state in
 * fixer, keys (the scans' content keys, [64]) and eng. */
void cmd_fix_engine_open(struct scan_ctx *ctx, struct arch_scans *sc,
			 const char **keys, struct scan_fixer *fixer,
			 struct fix_engine *eng);

/* The subject line of fix x's mail ("arm64: drop ..."), into buf. */
void cmd_fix_subject(const struct fix *x, char *buf, size_t size);

/*
 * `kdep fix --want LIST` when LIST asks what the trampoline series makes
 * selectable on an architecture it is generated for: the series,
 * proven, printed or written (-o). -1 when the question is not the
 * series' (want_arch answers it), else the exit code.
 */
int cmd_fix_series(struct cmd_ctx *c, const char *arch, struct json *j,
		   int *found);

#endif
