/* file.c - bounded regular inputs, all-or-nothing outputs (file.h). */
#include "file.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int kdep_read_file(const char *path, size_t max, char **data, size_t *len)
{
	struct stat st;
	char *buf = NULL;
	size_t n = 0;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	*data = NULL;
	*len = 0;
	if (fd < 0) {
		kdep_error_set("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		kdep_error_set("cannot read %s: not a regular file", path);
		goto fail;
	}
	if ((unsigned long long)st.st_size > max) {
		kdep_error_set("cannot read %s: larger than %zu bytes", path,
			       max);
		goto fail;
	}
	if (!(buf = malloc((size_t)st.st_size + 1))) {
		kdep_error_oom();
		goto fail;
	}
	/* read what is there now, never past the bound if it grows */
	while (n < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			kdep_error_set("cannot read %s: %s", path,
				       strerror(errno));
			goto fail;
		}
		if (!r)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
fail:
	free(buf);
	close(fd);
	return -1;
}

int kdep_write_file(const char *path, const char *data, size_t len)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	int fd = -1, saved;
	struct stat st;
	if (!tmp) {
		kdep_error_oom();
		return -1;
	}
	/* a directory is not replaced by a file */
	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	snprintf(tmp, plen + 16, "%s.kdep-XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0)
		goto fail;
	for (size_t at = 0; at < len;) {
		ssize_t w = write(fd, data + at, len - at);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			goto fail_tmp;
		at += (size_t)w;
	}
	/* the mode a new file would get, not mkstemp's 0600 */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) || fsync(fd))
		goto fail_tmp;
	if (close(fd)) {
		fd = -1;
		goto fail_tmp;
	}
	fd = -1;
	if (rename(tmp, path))
		goto fail_tmp;
	free(tmp);
	return 0;
fail_tmp:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
fail:
	kdep_error_set("cannot write %s: %s", path, strerror(errno));
	free(tmp);
	return -1;
}

FILE *kdep_text_open(char **s, size_t *size)
{
	*s = NULL;
	*size = 0;
	FILE *o = open_memstream(s, size);
	if (!o)
		kdep_error_oom();
	return o;
}

char *kdep_text_close(FILE *o, char **s)
{
	if (fclose(o) || !*s) {
		free(*s);
		*s = NULL;
		kdep_error_oom();
		return NULL;
	}
	return *s;
}

int kdep_make_dirs(const char *path)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0777) && errno != EEXIST ? -1 : 0;
}
