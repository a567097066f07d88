/*
 * graphviz.c - the one adapter of graphviz: `dot -Tsvg` as a child
 * process. graphviz is kdep's own tool, not the tree's: its arguments are
 * constant, the DOT text (which holds tree strings, escaped) goes in on
 * its standard input, and the SVG comes back on its standard output,
 * both through pipes polled together so that neither side can block the
 * other. What dot says on standard error becomes the error's message.
 */
#define _GNU_SOURCE /* pipe2 */
#include "dot.h"
#include "alloc.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Output kept: an SVG of a kernel neighbourhood is a few MiB at most. */
#define GRAPHVIZ_MAX_OUTPUT (64u << 20)

/* A growing buffer of what a pipe gave. */
struct sink {
	char *v;             /* the bytes, NUL-terminated */
	size_t n;            /* how many */
	size_t cap;          /* room in v */
};

/* Reads what fd has into s; 1 at its end, 0 for more, -1 on error. */
static int drain(int fd, struct sink *s)
{
	if (s->n + 4097 > s->cap &&
	    kdep_grow(&s->v, &s->cap, s->n + 4097, 1))
		return -1;
	ssize_t got = read(fd, s->v + s->n, 4096);
	if (got < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	s->n += (size_t)got;
	s->v[s->n] = 0;
	if (s->n > GRAPHVIZ_MAX_OUTPUT) {
		errno = EFBIG;
		return -1;
	}
	return got == 0;
}

/* Runs dot -Tsvg on in[0..n) into out, its messages into err. Returns
 * its wait status, or -1 with the error set. */
static int run_dot(const char *in, size_t n, struct sink *out,
		   struct sink *err)
{
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, perr[2] = { -1, -1 };
	posix_spawn_file_actions_t fa;
	char *argv[] = { "dot", "-Tsvg", NULL };
	pid_t pid = -1;
	int status = -1, ret = -1, acts = 0;

	if (pipe2(pin, O_CLOEXEC) || pipe2(pout, O_CLOEXEC) ||
	    pipe2(perr, O_CLOEXEC)) {
		kdep_error_set("cannot run dot: %s", strerror(errno));
		goto done;
	}
	if (posix_spawn_file_actions_init(&fa) == 0)
		acts = 1;
	if (!acts || posix_spawn_file_actions_adddup2(&fa, pin[0], 0) ||
	    posix_spawn_file_actions_adddup2(&fa, pout[1], 1) ||
	    posix_spawn_file_actions_adddup2(&fa, perr[1], 2)) {
		kdep_error_set("cannot run dot: %s", strerror(ENOMEM));
		goto done;
	}
	int e = posix_spawnp(&pid, "dot", &fa, NULL, argv, environ);
	if (e) {
		pid = -1;
		kdep_error_set("cannot run dot (graphviz): %s", strerror(e));
		goto done;
	}
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	pin[0] = pout[1] = perr[1] = -1;
	fcntl(pin[1], F_SETFL, O_NONBLOCK);
	size_t sent = 0;
	int open_out = 1, open_err = 1;
	if (!n) {
		close(pin[1]);
		pin[1] = -1;
	}
	while (open_out || open_err) {
		struct pollfd p[3] = {
			{ pout[0], POLLIN, 0 }, { perr[0], POLLIN, 0 },
			{ pin[1], POLLOUT, 0 } };
		p[0].fd = open_out ? pout[0] : -1;
		p[1].fd = open_err ? perr[0] : -1;
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			kdep_error_set("cannot run dot: %s", strerror(errno));
			goto done;
		}
		if (p[2].revents & (POLLOUT | POLLERR | POLLHUP)) {
			ssize_t w = write(pin[1], in + sent, n - sent);
			if (w > 0)
				sent += (size_t)w;
			if ((w < 0 && errno != EAGAIN && errno != EINTR) ||
			    sent == n) {
				close(pin[1]);
				pin[1] = -1;
			}
		}
		for (int k = 0; k < 2; k++) {
			if (!(p[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			int r = drain(p[k].fd, k ? err : out);
			if (r < 0) {
				kdep_error_set("cannot read what dot wrote: %s",
					       strerror(errno));
				goto done;
			}
			if (r && k)
				open_err = 0;
			else if (r)
				open_out = 0;
		}
	}
	ret = 0;
done:
	for (int i = 0; i < 2; i++) {
		if (pin[i] >= 0)
			close(pin[i]);
		if (pout[i] >= 0)
			close(pout[i]);
		if (perr[i] >= 0)
			close(perr[i]);
	}
	if (acts)
		posix_spawn_file_actions_destroy(&fa);
	if (pid > 0) {
		if (ret)
			kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	return ret ? -1 : status;
}

int graphviz_svg(const char *dot, size_t n, char **svg, size_t *len)
{
	struct sink out = { 0 }, err = { 0 };
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	/* a dot that stops reading is an error of its own, not a signal */
	sigaction(SIGPIPE, &ign, &old);
	int status = run_dot(dot, n, &out, &err);
	sigaction(SIGPIPE, &old, NULL);
	*svg = NULL;
	*len = 0;
	if (status < 0)
		goto fail;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		/* its first line says what it could not do */
		size_t k = err.v ? strcspn(err.v, "\n") : 0;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			kdep_error_set("cannot run dot (graphviz): not found");
		else
			kdep_error_set("dot failed: %.*s", (int)k,
				       k ? err.v : "no message");
		goto fail;
	}
	const char *at = out.v ? strstr(out.v, "<svg") : NULL;
	if (!at) {
		kdep_error_set("dot failed: no SVG in its output");
		goto fail;
	}
	*len = out.n - (size_t)(at - out.v);
	memmove(out.v, at, *len + 1);
	*svg = out.v;
	free(err.v);
	return 0;
fail:
	free(out.v);
	free(err.v);
	return -1;
}
