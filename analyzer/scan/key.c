/* key.c - the content key of a scan (key.h). */
#include "key.h"
#include "strv.h"

#include <stdio.h>
#include <string.h>

void scan_key_add(struct scan_key *k, const char *s, uint64_t v)
{
	uint64_t hs = source_hash(s, strlen(s));
	k->h1 = (k->h1 ^ hs ^ v) * 0x9e3779b97f4a7c15ull + 1;
	k->h2 = (k->h2 + (hs * 31 + v)) * 0xbf58476d1ce4e5b9ull;
	k->h2 ^= k->h2 >> 31;
}

void scan_key_hex(const struct scan_key *k, char out[33])
{
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)k->h1,
		 (unsigned long long)k->h2);
}

void scan_key_begin(struct scan_key *k, const char *arch, const char *profile,
		    const char *fingerprint)
{
	k->h1 = 0x6b646570; /* "kdep" */
	k->h2 = 0x73636e;
	scan_key_add(k, KDEP_VERSION, 0);
	scan_key_add(k, arch, 1);
	scan_key_add(k, profile, 2);
	scan_key_add(k, fingerprint, 3);
}

int scan_key_recheck(struct source *src, const struct db_file *files,
		     uint32_t n, struct scan_key *k)
{
	for (uint32_t i = 0; i < n; i++) {
		uint64_t h;
		if (files[i].path[0] == '/') {
			char **v;
			size_t nv;
			if (source_glob(src, files[i].path + 1, &v, &nv))
				return -1;
			h = source_glob_hash(v, nv);
			strv_free(v);
		} else if (source_file_hash(src, files[i].path, &h)) {
			return -1; /* gone: parse again */
		}
		scan_key_add(k, files[i].path, h);
	}
	return 0;
}
