/*
 * fuzz_profile_rec.c - profile recordings (.probes files) as hostile
 * input: profile_rec_read on any bytes either fails with the error set or
 * gives a recording that names its profile and arch and answers each of
 * its probes, sorted, once.
 */
#include "profile.h"
#include "error.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The file each input is written to, named for an arch so that the check
 * of the arch line against the file's name runs too. */
static char rec_path[64];

static void rec_path_init(void)
{
	char dir[] = "/tmp/kdep-fuzz-rec.XXXXXX";
	if (!mkdtemp(dir))
		abort();
	snprintf(rec_path, sizeof(rec_path), "%s/x86.probes", dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile_rec r;
	FILE *f;

	if (!rec_path[0])
		rec_path_init();
	if (!(f = fopen(rec_path, "w")) || fwrite(data, 1, size, f) != size ||
	    fclose(f))
		abort();
	kdep_error_clear();
	if (profile_rec_read(rec_path, &r)) {
		if (!strcmp(kdep_error_last(), "unknown error"))
			abort(); /* failed without saying why */
		return 0;
	}
	if (!r.name || !r.arch || strcmp(r.arch, "x86"))
		abort();
	for (size_t i = 0; i < r.nprobes; i++) {
		const struct kconf_probe *p = &r.probes[i];
		if (!p->kind || !p->key || !p->output)
			abort();
		const struct kconf_probe *q = i ? p - 1 : NULL;
		int c = q ? strcmp(q->kind, p->kind) : -1;
		if (c > 0 || (!c && strcmp(q->key, p->key) >= 0))
			abort(); /* not sorted, or a key twice */
		if (profile_rec_answer(&r, p->kind, p->key) != p->output)
			abort();
	}
	profile_rec_free(&r);
	return 0;
}
