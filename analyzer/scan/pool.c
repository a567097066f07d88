/*
 * pool.c - the parses of a set of scans in worker processes (scan.h).
 *
 * A worker is kdep itself, executed again as `kdep scan --tree TREE --arch
 * A --profile P --db DB --jobs 1` with its output thrown away: its own
 * interpreter, its own database connection, its own transaction. What it
 * stores is then a cached scan to the process that started it, which
 * loads it when its turn in arch order comes. A worker that fails has
 * stored nothing; that scan is then parsed again in the process that
 * wanted it, which reports the error as it would have without workers.
 * No lock is held across a parse: SQLite's write lock only while a worker
 * stores its scan.
 */
#include "scan.h"
#include "scan_impl.h"
#include "alloc.h"
#include "error.h"
#include "strv.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* One (arch, profile) to parse. */
struct pool_job {
	char arch[32];     /* as named */
	char profile[64];  /* the profile */
	pid_t pid;         /* its worker while it runs, else 0 */
	int state;         /* JOB_WAITING, JOB_RUNNING, JOB_STORED or
			      JOB_FAILED */
};

enum { JOB_WAITING, JOB_RUNNING, JOB_STORED, JOB_FAILED };

struct scan_pool {
	struct pool_job *jobs; /* in arch order, then profile order */
	size_t n;              /* how many */
	size_t next;           /* the first not started */
	size_t running;        /* workers alive */
	size_t done;           /* workers over */
	unsigned max;          /* at most this many at once */
	char *tree;            /* --tree of every worker */
	char *db;              /* --db of every worker */
	char *exe;             /* this binary */
};

unsigned scan_pool_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

/* Starts job j; 0, or -1 when no worker could be made (then the job is
 * parsed in this process). */
static int job_start(struct scan_pool *p, struct pool_job *j)
{
	char *argv[] = { p->exe, "scan", "--tree", p->tree, "--arch", j->arch,
			 "--profile", j->profile, "--db", p->db, "--jobs",
			 "1", NULL };
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		/* a worker outlives no interrupted command: its transaction
		 * rolls back, as the command's own would */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(1);
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		execv(p->exe, argv);
		_exit(127);
	}
	j->pid = pid;
	j->state = JOB_RUNNING;
	p->running++;
	return 0;
}

/* Starts waiting jobs, in order, while there is room. */
static void fill(struct scan_pool *p)
{
	while (p->next < p->n && p->running < p->max) {
		struct pool_job *j = &p->jobs[p->next++];
		if (job_start(p, j))
			j->state = JOB_FAILED;
	}
}

/* Waits for any worker to end; tells progress. 0, or -1 when none runs. */
static int reap(struct scan_ctx *ctx, struct scan_pool *p)
{
	int st;
	pid_t pid;
	if (!p->running)
		return -1;
	do
		pid = waitpid(-1, &st, 0);
	while (pid < 0 && errno == EINTR);
	if (pid < 0)
		return -1;
	for (size_t i = 0; i < p->n; i++) {
		struct pool_job *j = &p->jobs[i];
		if (j->state != JOB_RUNNING || j->pid != pid)
			continue;
		j->pid = 0;
		j->state = WIFEXITED(st) && WEXITSTATUS(st) == 0 ? JOB_STORED
								  : JOB_FAILED;
		p->running--;
		p->done++;
		if (ctx->done)
			ctx->done(ctx->progress_ctx, j->arch, j->profile,
				  p->done, p->n);
	}
	return 0;
}

static struct pool_job *find(struct scan_pool *p, const char *arch,
			     const char *profile)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->jobs[i].arch, arch) &&
		    !strcmp(p->jobs[i].profile, profile))
			return &p->jobs[i];
	return NULL;
}

int scan_pool_wait(struct scan_ctx *ctx, const char *arch,
		   const char *profile)
{
	struct scan_pool *p = ctx->pool;
	struct pool_job *j = p ? find(p, arch, profile) : NULL;
	if (!j)
		return 0;
	/* started in order: the wanted one waits for room at most */
	while (j->state == JOB_WAITING || j->state == JOB_RUNNING) {
		fill(p);
		if (j->state == JOB_WAITING && p->running < p->max)
			break;
		if (reap(ctx, p))
			break;
	}
	/* not stored by a worker: parsed here, and never by one later */
	if (j->state != JOB_STORED)
		j->state = JOB_FAILED;
	fill(p);
	return j->state == JOB_STORED;
}

void scan_pool_free(struct scan_pool *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		if (p->jobs[i].state == JOB_RUNNING) {
			kill(p->jobs[i].pid, SIGTERM);
			waitpid(p->jobs[i].pid, NULL, 0);
		}
	free(p->jobs);
	free(p->tree);
	free(p->db);
	free(p->exe);
	free(p);
}

int scan_pool_start(struct scan_ctx *ctx, unsigned max, const char *db,
		    const char *tree)
{
	struct scan_pool *p = kdep_calloc(1, sizeof(*p));
	char exe[4096];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (!p)
		return -1;
	if (len <= 0) /* no way to start ourselves: parse here */
		goto none;
	exe[len] = '\0';
	p->max = max;
	p->exe = kdep_strdup(exe);
	p->tree = kdep_strdup(tree);
	p->db = kdep_strdup(db);
	if (!p->exe || !p->tree || !p->db)
		goto oom;
	for (size_t i = 0; i < ctx->narches; i++) {
		struct profile_arch a;
		char **names = NULL;
		size_t nn = 0;
		if (scan_arch_profiles(ctx, ctx->arches[i], &a, &names, &nn)) {
			/* the command reports it at that arch's turn */
			kdep_error_clear();
			continue;
		}
		for (size_t k = 0; k < nn; k++) {
			if (scan_is_cached(ctx, &a, names[k]))
				continue;
			struct pool_job *v = realloc(p->jobs,
						     (p->n + 1) * sizeof(*v));
			if (!v) {
				strv_free(names);
				goto oom;
			}
			p->jobs = v;
			memset(&v[p->n], 0, sizeof(*v));
			snprintf(v[p->n].arch, sizeof(v->arch), "%s", a.arch);
			snprintf(v[p->n].profile, sizeof(v->profile), "%s",
				 names[k]);
			p->n++;
		}
		strv_free(names);
	}
	/* one parse gains nothing from a worker */
	if (p->n < 2)
		goto none;
	ctx->pool = p;
	fill(p);
	return 0;
oom:
	scan_pool_free(p);
	return -1;
none:
	scan_pool_free(p);
	return 0;
}
