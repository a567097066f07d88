/*
 * email.h - a fix as a git format-patch mail, written with libgit2's
 * email API from a unified diff alone: no repository is opened or needed.
 * Plain C types only; git2.h stays in analyzer/git/.
 */
#ifndef KDEP_GIT_EMAIL_H
#define KDEP_GIT_EMAIL_H

#include <stddef.h>

/* What a mail says besides its diff. */
struct mail {
	const char *subject;   /* one line, without "[PATCH]" */
	const char *body;      /* the message: what was proven */
	const char *author;    /* the From: name */
	const char *email;     /* and address */
	size_t number;         /* this patch, from 1 */
	size_t total;          /* patches in the series */
};

/*
 * The mail of diff[0..len) ("diff --git a/F b/F" headers, hunks) in
 * mbox form, as git format-patch writes it, into *out (malloc'd).
 * Returns 0, or -1 with the error set (libgit2's message).
 */
int mail_format(const struct mail *m, const char *diff, size_t len,
		char **out);

/* The git blob id of data[0..len) as 40 hex digits into hex (no
 * repository needed); "" when libgit2 cannot hash. */
void mail_blob_id(const char *data, size_t len, char hex[41]);

/*
 * The git diff of one file, path, from old[0..oldlen) (NULL: the file is
 * new) to data[0..len), three lines of context ("diff --git a/P b/P",
 * its mode and index lines, hunks), as mail_format reads it, into *out
 * (malloc'd). Returns 0, or -1 with the error set.
 */
int mail_file_diff(const char *path, const char *old, size_t oldlen,
		   const char *data, size_t len, char **out);

/* "0001-drop-the-condition.patch" for patch number n and subject s,
 * as git format-patch names it, into buf of size bytes. */
void mail_file_name(size_t n, const char *s, char *buf, size_t size);

#endif
