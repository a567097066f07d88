/*
 * email.c - format-patch mails through libgit2 (see email.h): the unified
 * diff parsed by git_diff_from_buffer, the mail made by
 * git_email_create_from_diff.
 */
#include "email.h"
#include "alloc.h"
#include "error.h"

#include "libgit2.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libgit2's last error as ours. */
static int git_fail(const char *what)
{
	const git_error *e = git_error_last();
	kdep_error_set("%s: %s", what, e && e->message ? e->message :
		       "libgit2 failed");
	return -1;
}

/* A NUL-terminated copy of b into *out. 0, or -1 out of memory. */
static int buf_take(const git_buf *b, char **out)
{
	if (!(*out = kdep_calloc(b->size + 1, 1)))
		return -1;
	memcpy(*out, b->ptr, b->size);
	return 0;
}

int mail_format(const struct mail *m, const char *diff, size_t len,
		char **out)
{
	git_diff *d = NULL;
	git_signature *sig = NULL;
	git_buf buf = { 0 };
	git_oid zero;
	int ret = -1;
	*out = NULL;
	if (git_libgit2_init() < 0)
		return git_fail("cannot start libgit2");
	memset(&zero, 0, sizeof(zero));
	if (git_diff_from_buffer(&d, diff, len)) {
		git_fail("cannot read the diff");
		goto done;
	}
	if (git_signature_now(&sig, m->author, m->email)) {
		git_fail("cannot make the author");
		goto done;
	}
	/* GIT_EMAIL_CREATE_OPTIONS_INIT, spelled out (it leaves fields to
	 * zero by omission, which -Wextra reports) */
	git_email_create_options o;
	memset(&o, 0, sizeof(o));
	o.version = GIT_EMAIL_CREATE_OPTIONS_VERSION;
	o.flags = GIT_EMAIL_CREATE_NO_RENAMES;
	if (git_diff_options_init(&o.diff_opts, GIT_DIFF_OPTIONS_VERSION) ||
	    git_diff_find_options_init(&o.diff_find_opts,
				       GIT_DIFF_FIND_OPTIONS_VERSION)) {
		git_fail("cannot set the mail's options");
		goto done;
	}
	if (git_email_create_from_diff(&buf, d, m->number, m->total, &zero,
				       m->subject, m->body, sig, &o)) {
		git_fail("cannot write the mail");
		goto done;
	}
	ret = buf_take(&buf, out);
done:
	git_buf_dispose(&buf);
	git_signature_free(sig);
	git_diff_free(d);
	git_libgit2_shutdown();
	return ret;
}

int mail_file_diff(const char *path, const char *old, size_t oldlen,
		   const char *data, size_t len, char **out)
{
	git_patch *patch = NULL;
	git_buf buf = { 0 };
	git_diff_options o;
	int ret = -1;
	*out = NULL;
	if (git_libgit2_init() < 0)
		return git_fail("cannot start libgit2");
	if (git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION)) {
		git_fail("cannot set the diff's options");
		goto done;
	}
	o.context_lines = 3;
	if (git_patch_from_buffers(&patch, old, old ? oldlen : 0,
				   old ? path : NULL, data, len, path, &o)) {
		git_fail("cannot diff the file");
		goto done;
	}
	if (git_patch_to_buf(&buf, patch)) {
		git_fail("cannot write the diff");
		goto done;
	}
	ret = buf_take(&buf, out);
done:
	git_buf_dispose(&buf);
	git_patch_free(patch);
	git_libgit2_shutdown();
	return ret;
}

void mail_file_name(size_t n, const char *s, char *buf, size_t size)
{
	size_t k = (size_t)snprintf(buf, size, "%04zu-", n);
	int dash = 1;
	/* what format-patch keeps of a subject: letters, digits, '.', '_',
	 * runs of anything else as one '-', at most 52 characters */
	for (const char *p = s; *p && k + 8 < size && k < 5 + 52; p++) {
		char c = *p;
		int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || c == '.' || c == '_';
		if (keep) {
			buf[k++] = c;
			dash = 0;
		} else if (!dash) {
			buf[k++] = '-';
			dash = 1;
		}
	}
	while (k > 5 && (buf[k - 1] == '-' || buf[k - 1] == '.'))
		k--;
	snprintf(buf + k, size - k, ".patch");
}

void mail_blob_id(const char *data, size_t len, char hex[41])
{
	git_oid id;
	hex[0] = '\0';
	if (git_libgit2_init() < 0)
		return;
	if (!git_odb_hash(&id, data, len, GIT_OBJECT_BLOB))
		git_oid_tostr(hex, 41, &id);
	git_libgit2_shutdown();
}
