/* key.c - the content key of a scan (key.h). */
#include "key.h"
#include "alloc.h"
#include "error.h"
#include "strv.h"

#include <stdlib.h>
#include <string.h>

/* Appends s and its NUL. */
static void key_field(struct scan_key *k, const char *s)
{
	size_t n = strlen(s) + 1;
	if (k->failed)
		return;
	if (kdep_grow(&k->buf, &k->cap, k->len + n, 1)) {
		k->failed = 1;
		return;
	}
	memcpy(k->buf + k->len, s, n);
	k->len += n;
}

void scan_key_add(struct scan_key *k, const char *path, const char *id)
{
	key_field(k, path);
	key_field(k, id);
}

int scan_key_hex(const struct scan_key *k, char out[SOURCE_ID_SIZE])
{
	out[0] = '\0';
	if (k->failed) {
		kdep_error_oom();
		return -1;
	}
	return source_blob_id(k->buf, k->len, out);
}

void scan_key_begin(struct scan_key *k, const char *arch, const char *profile,
		    const char *fingerprint)
{
	memset(k, 0, sizeof(*k));
	/* 3: probe keys as the shell runs them, unrecorded y/n probes free
	 * inputs; a model stored under an older key is another model */
	key_field(k, "kdep scan key 3");
	key_field(k, KDEP_VERSION);
	key_field(k, arch);
	key_field(k, profile);
	key_field(k, fingerprint);
}

void scan_key_free(struct scan_key *k)
{
	free(k->buf);
	memset(k, 0, sizeof(*k));
}

int scan_key_recheck(struct source *src, const struct db_file *files,
		     uint32_t n, struct scan_key *k)
{
	for (uint32_t i = 0; i < n; i++) {
		char id[SOURCE_ID_SIZE];
		if (files[i].path[0] == '/') {
			char **v;
			size_t nv;
			if (source_glob(src, files[i].path + 1, &v, &nv))
				return -1;
			int rc = source_glob_id(v, nv, id);
			strv_free(v);
			if (rc)
				return -1;
		} else if (source_file_id(src, files[i].path, id)) {
			return -1; /* gone: parse again */
		}
		scan_key_add(k, files[i].path, id);
	}
	return 0;
}
