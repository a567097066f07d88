/*
 * profile_run.c - a profile made ready for one parse, and the list of
 * profiles an architecture is scanned under (scan.h).
 */
#include "error.h"
#include "scan.h"
#include "strv.h"

#include <stdio.h>
#include <string.h>

int scan_profile_open(struct source *src, const struct profile_arch *a,
		      const char *name, struct scan_profile *p)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	if (strlen(name) >= sizeof(p->name)) {
		kdep_error_set("bad profile name '%s'", name);
		return -1;
	}
	if (!strcmp(name, "host")) {
		p->host = 1;
		return profile_host_env(src, a, NULL, 0, &p->env);
	}
	if (profile_open(name, a->srcarch, &p->rec) ||
	    profile_replay_env(&p->rec, src, a, &p->env))
		return -1;
	p->prober.answer = profile_rec_answer;
	p->prober.ctx = &p->rec;
	p->prober.failure_default = p->rec.failure_default;
	p->prober.like = profile_rec_answer_like;
	return 0;
}

struct kconf_opts scan_profile_opts(const struct scan_profile *p,
				    struct kconf_probe_log *log)
{
	struct kconf_opts ko = {
		.env = (const char *const *)p->env.vars,
		.nenv = p->env.n,
		.mode = p->host ? KCONF_LIVE : KCONF_REPLAY,
		.prober = p->host ? NULL : &p->prober,
		.log = p->host ? NULL : log,
	};
	return ko;
}

void scan_profile_close(struct scan_profile *p)
{
	profile_rec_free(&p->rec);
	profile_env_free(&p->env);
}

int scan_profile_list(const char *list, const struct profile_arch *a,
		      char ***out, size_t *n)
{
	if (list && strcmp(list, "all"))
		return (*out = strv_split(list, n)) ? 0 : -1;
	if (profile_names(!list, a->srcarch, out, n))
		return -1;
	if (!*n) {
		strv_free(*out);
		*out = NULL;
		kdep_error_set("no %sprofile has a recording for %s: record one "
			       "('kdep profile record NAME --arch %s') or run "
			       "your toolchain's probes with '--profile host'",
			       list ? "" : "built-in ", a->srcarch, a->arch);
		return -1;
	}
	return 0;
}

int scan_profile_check(const char *list)
{
	char **names = NULL, **known = NULL;
	size_t n = 0, nk = 0;
	int ret = -1;
	if (!list || !strcmp(list, "all"))
		return 0;
	if (!(names = strv_split(list, &n)) ||
	    profile_names(0, NULL, &known, &nk))
		goto done;
	if (!n) {
		kdep_error_set_arg("the profile list '%s' names no profile",
				   list);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		int found = !strcmp(names[i], "host");
		for (size_t k = 0; k < nk && !found; k++)
			found = !strcmp(names[i], known[k]);
		if (found)
			continue;
		char buf[2048];
		size_t at = (size_t)snprintf(buf, sizeof(buf), "host");
		for (size_t k = 0; k < nk && at < sizeof(buf); k++)
			at += (size_t)snprintf(buf + at, sizeof(buf) - at,
					       ", %s", known[k]);
		kdep_error_set_arg("unknown profile '%s' (known: %s)",
				   names[i], buf);
		goto done;
	}
	ret = 0;
done:
	strv_free(names);
	strv_free(known);
	return ret;
}
