/*
 * scan.c - one scan of a tree: the cache check, the parse and the store
 * (scan.h).
 */
#include "error.h"
#include "alloc.h"
#include "key.h"
#include "phase.h"
#include "scan.h"
#include "scan_impl.h"
#include "strv.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* scan_run's want: a cached scan's model is left for scan_arch_load,
 * which loads those of all its profiles at once (a parsed one is kept). */
#define SCAN_LATER 0x100

/*
 * A cache check that held: the scan it found for an (arch, profile,
 * fingerprint) of ctx's tree. A second check of the pair in the same
 * context takes it, as a check takes the ids an earlier one found
 * (ctx->fresh), and reads neither the scan's files nor the tree again.
 */
struct scan_hit {
	char arch[32];
	char profile[64];
	char *fingerprint;
	int64_t id;
	char key[SOURCE_ID_SIZE];
	uint32_t unknown_probes;
	double seconds;            /* the parse's */
	double check;              /* the check's that found it */
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

char *scan_default_db(void)
{
	const char *env = getenv("KDEP_DB");
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	char buf[4096];
	if (env && *env)
		return kdep_strdup(env);
	if (xdg && *xdg)
		snprintf(buf, sizeof(buf), "%s/kdep/kdep.db", xdg);
	else
		snprintf(buf, sizeof(buf), "%s/.cache/kdep/kdep.db",
			 home && *home ? home : "/tmp");
	return kdep_strdup(buf);
}

/* Whether name is "host" or has a recording for srcarch among the
 * recorded names[0..n). */
static int recorded(const char *name, char **names, size_t n)
{
	if (!strcmp(name, "host"))
		return 1;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, names[i]))
			return 1;
	return 0;
}

/* The profiles of ctx that arch a can be scanned under: those of the
 * list (or the built-in or found ones) with a recording for it. */
static int arch_profiles(struct scan_ctx *ctx, const struct profile_arch *a,
			 char ***out, size_t *n)
{
	char **names = NULL, **have = NULL;
	size_t nn = 0, nh = 0, k = 0;
	*out = NULL;
	*n = 0;
	if (!ctx->all)
		return scan_profile_list(ctx->profiles, a, out, n);
	/* every arch of the tree: only the profiles recorded for it */
	if (!ctx->profiles || !strcmp(ctx->profiles, "all"))
		return profile_names(!ctx->profiles, a->srcarch, out, n);
	if (!(names = strv_split(ctx->profiles, &nn)) ||
	    profile_names(0, a->srcarch, &have, &nh)) {
		strv_free(names);
		return -1;
	}
	for (size_t i = 0; i < nn; i++) {
		if (recorded(names[i], have, nh))
			names[k++] = names[i];
		else
			free(names[i]);
	}
	names[k] = NULL;
	strv_free(have);
	*out = names;
	*n = k;
	return 0;
}

/* With "all": leaves out the arches no profile can scan (named in
 * ctx->skipped). */
static int keep_recorded(struct scan_ctx *ctx)
{
	size_t k = 0;
	for (size_t i = 0; i < ctx->narches; i++) {
		struct profile_arch a;
		char **p = NULL;
		size_t np = 0;
		if (profile_arch_resolve(ctx->src, ctx->arches[i], &a) ||
		    arch_profiles(ctx, &a, &p, &np))
			return -1;
		strv_free(p);
		if (np)
			ctx->arches[k++] = ctx->arches[i];
		else
			ctx->skipped[ctx->nskipped++] = ctx->arches[i];
	}
	ctx->arches[k] = NULL;
	ctx->narches = k;
	return 0;
}

int scan_ctx_open(struct scan_ctx *ctx, const struct scan_opts *o)
{
	char *dbpath = NULL;
	int ret = -1;
	memset(ctx, 0, sizeof(*ctx));
	ctx->progress = o->progress;
	ctx->done = o->done;
	ctx->progress_ctx = o->progress_ctx;

	if (o->src) {
		ctx->src = o->src;
	} else {
		if (source_open_dir(&ctx->src, o->tree ? o->tree : "."))
			goto done;
		ctx->own_src = 1;
	}
	if (!source_is_file(ctx->src, "Kconfig")) {
		kdep_error_set("%s: no Kconfig at the top of the tree",
			       source_identity(ctx->src));
		goto done;
	}
	if (o->arch && !strcmp(o->arch, "all")) {
		ctx->all = 1;
		if (profile_arch_all(ctx->src, &ctx->arches, &ctx->narches) ||
		    !(ctx->skipped = kdep_calloc(ctx->narches + 1,
						 sizeof(char *))))
			goto done;
	} else if (!(ctx->arches = strv_split(o->arch ? o->arch :
					      profile_host_arch(),
					      &ctx->narches))) {
		goto done;
	}
	if (!ctx->all && !ctx->narches) {
		kdep_error_set_arg("the architecture list '%s' names no "
				   "architecture", o->arch);
		goto done;
	}
	for (size_t i = 0; i < ctx->narches; i++) {
		struct profile_arch a;
		if (profile_arch_resolve(ctx->src, ctx->arches[i], &a))
			goto done;
	}
	/* every name must be known before anything is scanned */
	if (scan_profile_check(o->profile))
		goto done;
	ctx->profiles = o->profile;
	if (ctx->all && keep_recorded(ctx))
		goto done;
	dbpath = o->db ? kdep_strdup(o->db) : scan_default_db();
	if (!dbpath || db_open(&ctx->db, dbpath) ||
	    !(ctx->dbpath = kdep_strdup(dbpath)))
		goto done;
	/* For the interruption tests only: stall inside the transaction. */
	const char *pause = getenv("KDEP_TEST_STORE_PAUSE");
	if (pause && atoi(pause) > 0)
		db_test_pause_midway(ctx->db, (unsigned)atoi(pause));
	/* a source made by the caller (an overlay, a commit) is no tree a
	 * worker could open, unless the caller names its directory */
	unsigned jobs = o->jobs ? o->jobs : scan_pool_cores();
	const char *wtree = ctx->own_src ? source_identity(ctx->src)
					 : o->worker_tree;
	if (wtree && jobs > 1 && scan_pool_start(ctx, jobs, dbpath, wtree))
		goto done;
	ret = 0;
done:
	free(dbpath);
	if (ret)
		scan_ctx_close(ctx);
	return ret;
}

void scan_ctx_close(struct scan_ctx *ctx)
{
	scan_pool_free(ctx->pool);
	if (ctx->db)
		db_close(ctx->db);
	if (ctx->own_src)
		source_free(ctx->src);
	strv_free(ctx->arches);
	strv_free(ctx->skipped);
	if (ctx->fresh)
		scan_fresh_free(ctx->fresh);
	free(ctx->fresh);
	free(ctx->dbpath);
	for (size_t i = 0; i < ctx->nhits; i++)
		free(ctx->hits[i].fingerprint);
	free(ctx->hits);
	memset(ctx, 0, sizeof(*ctx));
}

int scan_arch_profiles(struct scan_ctx *ctx, const char *arch,
		       struct profile_arch *a, char ***profiles, size_t *n)
{
	*profiles = NULL;
	*n = 0;
	if (profile_arch_resolve(ctx->src, arch, a))
		return -1;
	return arch_profiles(ctx, a, profiles, n);
}

/* One stored model to load, in a thread of its own. */
struct load_job {
	const char *dbpath;        /* the database, opened by the thread */
	int64_t id;                /* the scan */
	int graph;                 /* db_load_graph, else db_load_model */
	struct model *m;           /* what it loaded, or NULL */
	int rc;                    /* 0, or -1: load it again, in turn */
	pthread_t thread;          /* the thread */
	int started;               /* the thread was started */
};

static void *load_thread(void *arg)
{
	struct load_job *j = arg;
	struct db *db = NULL;
	j->rc = db_open(&db, j->dbpath) ? -1 :
		j->graph ? db_load_graph(db, j->id, &j->m) :
			   db_load_model(db, j->id, &j->m);
	if (db)
		db_close(db);
	return NULL;
}

/*
 * Loads the models of the cached scans of s (of arch) that scan_run left
 * for later (want, enum scan_want), each in a thread with a connection of
 * its own but the first, which this thread loads: the loads are most of a
 * cached command's time, and they share nothing. A scan that cannot be
 * loaded (corrupt rows) is scanned again as scan_run does it, parsed and
 * replaced. 0, or -1 with the error set.
 */
static int load_later(struct scan_ctx *ctx, const char *arch, int want,
		      struct arch_scans *s)
{
	struct load_job *jobs = kdep_calloc(s->n + 1, sizeof(*jobs));
	int ret = 0, first = -1;
	if (!jobs)
		return -1;
	for (size_t p = 0; p < s->n; p++) {
		if (s->res[p].model)
			continue;
		jobs[p] = (struct load_job){ .dbpath = ctx->dbpath,
					     .id = s->res[p].scan_id,
					     .graph = want == SCAN_GRAPH };
		if (first < 0) {
			first = (int)p;
			continue;
		}
		if (!pthread_create(&jobs[p].thread, NULL, load_thread,
				    &jobs[p]))
			jobs[p].started = 1;
		else
			load_thread(&jobs[p]); /* no thread: here, then */
	}
	if (first >= 0) {
		struct load_job *j = &jobs[first];
		j->rc = j->graph ? db_load_graph(ctx->db, j->id, &j->m)
				 : db_load_model(ctx->db, j->id, &j->m);
	}
	for (size_t p = 0; p < s->n; p++) {
		if (jobs[p].started)
			pthread_join(jobs[p].thread, NULL);
		if (jobs[p].m)
			s->res[p].model = jobs[p].m;
	}
	for (size_t p = 0; p < s->n && !ret; p++) {
		if (!jobs[p].rc)
			continue;
		scan_result_free(&s->res[p]);
		ret = scan_run(ctx, arch, s->profiles[p], want, &s->res[p]);
	}
	free(jobs);
	return ret;
}

int scan_arch_load(struct scan_ctx *ctx, const char *arch, int want,
		   struct arch_scans *s)
{
	memset(s, 0, sizeof(*s));
	if (scan_arch_profiles(ctx, arch, &s->a, &s->profiles, &s->n) ||
	    !(s->res = kdep_calloc(s->n + 1, sizeof(*s->res))))
		return -1;
	/* the checks first, one after the other; then the loads at once */
	int later = want && s->n > 1 && ctx->dbpath;
	for (size_t p = 0; p < s->n; p++)
		if (scan_run(ctx, arch, s->profiles[p],
			     later ? want | SCAN_LATER : want, &s->res[p]))
			return -1;
	phase_mark("cache-checks");
	int ret = later ? load_later(ctx, arch, want, s) : 0;
	phase_mark(want == SCAN_GRAPH ? "graph-loads" : "model-loads");
	return ret;
}

int scan_arch_all(struct scan_ctx *ctx, const char *arch,
		  struct arch_scans *s)
{
	return scan_arch_load(ctx, arch, SCAN_MODEL, s);
}

struct model *scan_whole(struct scan_ctx *ctx, struct scan_result *r)
{
	if (!r->model || !r->model->graph_only)
		return r->model;
	if (!r->whole && db_load_model(ctx->db, r->scan_id, &r->whole))
		return NULL;
	return r->whole;
}

void arch_scans_free(struct arch_scans *s)
{
	for (size_t p = 0; s->res && p < s->n; p++)
		scan_result_free(&s->res[p]);
	free(s->res);
	strv_free(s->profiles);
	memset(s, 0, sizeof(*s));
}

void scan_result_free(struct scan_result *r)
{
	db_strings_free(r->warnings, r->nwarnings);
	model_free(r->model);
	model_free(r->whole);
	memset(r, 0, sizeof(*r));
}

/* Whether the stat data in now[0..n) differs from the stored files'. */
static int stat_changed(const struct db_file *files, const struct db_file *now,
			uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (now[i].stat && (!files[i].stat ||
				    files[i].mtime != now[i].mtime ||
				    files[i].ino != now[i].ino))
			return 1;
	return 0;
}

/*
 * Whether a file of the stored scan was hashed again only for the
 * racy-entry rule (its stat data as stored, its mtime not older than the
 * scan's reference since) and is older than the check that began at
 * began (ns): that check's start may then be the new reference, as git's
 * index takes the time it is written, and the file is hashed no more.
 */
static int racy_settled(const struct db_file *files, const struct db_file *now,
			uint32_t n, int64_t since, int64_t began)
{
	for (uint32_t i = 0; i < n; i++)
		if (now[i].stat && files[i].stat &&
		    files[i].mtime == now[i].mtime &&
		    files[i].ino == now[i].ino && files[i].mtime >= since &&
		    now[i].mtime < began)
			return 1;
	return 0;
}

/*
 * Whether the stored scan meta (its files) is what the tree holds now:
 * its content key made again from the ids the tree has for those files.
 * The stat data of a scan of another tree says nothing of this one (an
 * inode number is only unique within a file system): own says whether
 * it may spare a file its rehash.
 */
static int key_holds(struct scan_ctx *ctx, const struct profile_arch *a,
		     const char *profile, const char *fingerprint,
		     const struct db_scan_meta *meta,
		     const struct db_file *files, uint32_t nfiles, int own)
{
	struct scan_key k;
	char key[SOURCE_ID_SIZE];
	int same = 0, holds = 0;
	struct db_file *now = calloc(nfiles + 1, sizeof(*now));
	scan_key_begin(&k, a->arch, profile, fingerprint);
	if (!ctx->fresh && (ctx->fresh = calloc(1, sizeof(*ctx->fresh))))
		ctx->fresh->began = (int64_t)time(NULL);
	if (!scan_key_recheck(ctx->src, files, nfiles,
			      own ? meta->created * 1000000000 : INT64_MIN,
			      ctx->fresh, now, &k, &same))
		/* the same fields as the stored key's: no hash needed (nor
		 * libgit2's start-up, a cached check's largest cost) */
		holds = (same && meta->fingerprint &&
			 !strcmp(meta->fingerprint, fingerprint) &&
			 !strcmp(meta->version, SCAN_VERSION)) ||
			(!scan_key_hex(&k, key) && !strcmp(key, meta->key));
	/* as git refreshes its index: the files hashed again with the same
	 * id get their stat data now, and the scan this check's start as its
	 * reference, so that the next check reads none of them (best effort:
	 * a read-only database keeps what it has) */
	if (holds && own && now && ctx->fresh && source_keeps_stat(ctx->src) &&
	    (stat_changed(files, now, nfiles) ||
	     racy_settled(files, now, nfiles, meta->created * 1000000000,
			  ctx->fresh->began * 1000000000)) &&
	    db_refresh_stat(ctx->db, meta->id, ctx->fresh->began, files, now,
			    nfiles))
		kdep_error_clear();
	free(now);
	scan_key_free(&k);
	source_forget_reads(ctx->src);
	return holds;
}

static struct scan_hit *hit_find(struct scan_ctx *ctx, const char *arch,
				 const char *profile, const char *fingerprint)
{
	for (size_t i = 0; i < ctx->nhits; i++) {
		struct scan_hit *h = &ctx->hits[i];
		if (!strcmp(h->arch, arch) && !strcmp(h->profile, profile) &&
		    !strcmp(h->fingerprint, fingerprint))
			return h;
	}
	return NULL;
}

/* Keeps meta's hit (best effort: without memory the next check reads
 * again). */
static void hit_keep(struct scan_ctx *ctx, const char *arch,
		     const char *profile, const char *fingerprint,
		     const struct db_scan_meta *meta, double check)
{
	struct scan_hit *v;
	if (strlen(arch) >= sizeof(v->arch) ||
	    strlen(profile) >= sizeof(v->profile) ||
	    !(v = realloc(ctx->hits, (ctx->nhits + 1) * sizeof(*v))))
		return;
	ctx->hits = v;
	v += ctx->nhits;
	memset(v, 0, sizeof(*v));
	if (!(v->fingerprint = strdup(fingerprint)))
		return;
	strcpy(v->arch, arch);
	strcpy(v->profile, profile);
	v->id = meta->id;
	snprintf(v->key, sizeof(v->key), "%s", meta->key ? meta->key : "");
	v->unknown_probes = meta->unknown_probes;
	v->seconds = meta->seconds;
	v->check = check;
	ctx->nhits++;
}

/*
 * Fills r from the database when a stored scan's key still matches the
 * tree: the newest scan of this tree, else the newest of any other tree
 * (a commit that changed no Kconfig file has the same files with the same
 * ids as its parent, under another identity). Returns 1 on a hit, else 0
 * (the error cleared).
 */
static int scan_cached(struct scan_ctx *ctx, const struct profile_arch *a,
		       const char *profile, const char *fingerprint,
		       int want_model, struct scan_result *r)
{
	struct db_scan_meta meta = { 0 };
	struct db_file *files = NULL;
	uint32_t nfiles = 0;
	int hit = 0, found = 0;
	double t0 = now();
	const char *tree = source_identity(ctx->src);
	const struct scan_hit *kept = hit_find(ctx, a->arch, profile,
					       fingerprint);

	if (kept) {
		meta.id = kept->id;
		meta.key = kept->key;
		meta.unknown_probes = kept->unknown_probes;
		meta.seconds = kept->seconds;
		found = 1;
	}
	for (int other = 0; other < 2 && !found; other++) {
		int rc = other ? db_find_other(ctx->db, tree, a->arch, profile,
					       &meta, &files, &nfiles)
			       : db_find_latest(ctx->db, tree, a->arch, profile,
						&meta, &files, &nfiles);
		if (rc)
			goto done;
		found = meta.id && key_holds(ctx, a, profile, fingerprint,
					     &meta, files, nfiles, !other);
		db_files_free(files, nfiles);
		files = NULL;
		nfiles = 0;
	}
	if (!found)
		goto done;
	if (!kept)
		hit_keep(ctx, a->arch, profile, fingerprint, &meta,
			 now() - t0);
	r->scan_id = meta.id;
	snprintf(r->key, sizeof(r->key), "%s", meta.key ? meta.key : "");
	r->unknown_probes = meta.unknown_probes;
	r->seconds = meta.seconds;
	if (db_scan_counts(ctx->db, meta.id, &r->counts) ||
	    db_scan_warnings(ctx->db, meta.id, &r->warnings, &r->nwarnings))
		goto done;
	if (want_model && !(want_model & SCAN_LATER) &&
	    (want_model == SCAN_GRAPH ?
	     db_load_graph(ctx->db, meta.id, &r->model) :
	     db_load_model(ctx->db, meta.id, &r->model)))
		goto done;
	hit = 1;
done:
	source_forget_reads(ctx->src);
	db_files_free(files, nfiles);
	if (!hit) {
		db_strings_free(r->warnings, r->nwarnings);
		r->warnings = NULL;
		r->nwarnings = 0;
		kdep_error_clear();
	}
	return hit;
}

int scan_is_cached(struct scan_ctx *ctx, const struct profile_arch *a,
		   const char *profile)
{
	struct scan_profile sp;
	struct scan_result r = { 0 };
	int hit = 0;
	if (!scan_profile_open(ctx->src, a, profile, &sp))
		hit = scan_cached(ctx, a, profile, sp.env.fingerprint, 0, &r);
	scan_profile_close(&sp);
	scan_result_free(&r);
	kdep_error_clear();
	return hit;
}

/* Adds a warning for each probe the recording could not answer. */
static void warn_unknown(struct model *m, const char *profile,
			 const struct kconf_probe_log *missed)
{
	for (size_t i = 0; i < missed->n; i++) {
		const struct kconf_probe *p = &missed->v[i];
		size_t len = strlen(p->key) + strlen(p->output) +
			     strlen(profile) + 96;
		char *w = malloc(len);
		if (!w)
			return;
		if (!strcmp(p->kind, "free"))
			snprintf(w, len, "profile %s has no answer for probe "
				 "'%s'; a free input (%s)", profile, p->key,
				 p->output);
		else
			snprintf(w, len, "profile %s has no answer for probe "
				 "'%s'; assumed '%s'", profile, p->key,
				 p->output);
		model_add_warning(m, w);
		free(w);
	}
}

/*
 * Whether entry i of read is a glob the entry after it implies: a pattern
 * without wildcards that matched one file (itself), read right after it
 * under the same name. That file's entry is checked as a regular file of
 * that name, so the glob's would ask the same again (the usual `source`:
 * half of a scan's entries). A literal pattern that matched nothing stays.
 */
static int glob_implied(const struct source_file *read, size_t n, size_t i)
{
	return read[i].glob && read[i].size == 1 && i + 1 < n &&
	       !read[i + 1].glob && source_glob_literal(read[i].path) &&
	       !strcmp(read[i].path, read[i + 1].path);
}

/* The files the parse read, as the database stores them, and the key
 * over them. Returns the array (n entries; free each path), or NULL. */
static struct db_file *files_read(struct source *src, struct scan_key *k,
				  size_t *n)
{
	size_t nread;
	const struct source_file *read = source_files_read(src, &nread);
	struct db_file *dbf = kdep_calloc(nread ? nread : 1, sizeof(*dbf));
	size_t m = 0;
	if (!dbf)
		return NULL;
	for (size_t i = 0; i < nread; i++) {
		if (glob_implied(read, nread, i))
			continue;
		size_t len = strlen(read[i].path) + 2;
		char *p = malloc(len);
		if (!p) {
			while (m--)
				free((char *)dbf[m].path);
			free(dbf);
			kdep_error_oom();
			return NULL;
		}
		/* a glob's entry is its pattern behind a '/' */
		snprintf(p, len, "%s%s", read[i].glob ? "/" : "",
			 read[i].path);
		dbf[m].path = p;
		memcpy(dbf[m].id, read[i].id, sizeof(dbf[m].id));
		dbf[m].size = read[i].size;
		dbf[m].stat = read[i].has_stat;
		dbf[m].mtime = read[i].st.mtime;
		dbf[m].ino = read[i].st.ino;
		scan_key_add(k, dbf[m].path, dbf[m].id);
		m++;
	}
	*n = m;
	return dbf;
}

static void progress(struct scan_ctx *ctx, const char *arch,
		     const char *profile, int begin)
{
	if (ctx->progress)
		ctx->progress(ctx->progress_ctx, arch, profile, begin);
}

int scan_run(struct scan_ctx *ctx, const char *arch, const char *profile,
	     int want_model, struct scan_result *r)
{
	struct profile_arch a;
	struct scan_profile sp;
	struct kconf_probe_log missed = { 0 };
	struct model *m = NULL;
	struct db_file *dbf = NULL;
	size_t nread = 0;
	double t0 = now();
	/* the racy-entry rule's reference (key.h): before the first read */
	time_t began = time(NULL);
	int ret = -1, parsing = 0;

	memset(r, 0, sizeof(*r));
	if (profile_arch_resolve(ctx->src, arch, &a))
		return -1;
	snprintf(r->arch, sizeof(r->arch), "%s", a.arch);
	snprintf(r->profile, sizeof(r->profile), "%s", profile);
	if (scan_profile_open(ctx->src, &a, profile, &sp))
		goto done;

	/* a worker's scan is this command's parse, not a cached one: its
	 * time is the worker's */
	int by_worker = scan_pool_wait(ctx, a.arch, profile);
	/* a check made before (by the workers' start) is this scan's time */
	struct scan_hit *h = hit_find(ctx, a.arch, profile,
				      sp.env.fingerprint);
	double before = h ? h->check : 0;
	if (h)
		h->check = 0; /* charged once */
	if (scan_cached(ctx, &a, profile, sp.env.fingerprint, want_model, r)) {
		r->cached = !by_worker;
		if (!by_worker)
			r->seconds = before + now() - t0;
		ret = 0;
		goto done;
	}

	progress(ctx, a.arch, profile, 1);
	parsing = 1;
	struct kconf_opts ko = scan_profile_opts(&sp, &missed);
	source_forget_reads(ctx->src);
	if (kconf_load(ctx->src, &ko, &m))
		goto done;
	warn_unknown(m, profile, &missed);

	struct scan_key k;
	char key[SOURCE_ID_SIZE];
	scan_key_begin(&k, a.arch, profile, sp.env.fingerprint);
	dbf = files_read(ctx->src, &k, &nread);
	int keyed = dbf && !scan_key_hex(&k, key);
	scan_key_free(&k);
	if (!keyed)
		goto done;

	struct db_scan_meta meta = {
		.tree = source_identity(ctx->src),
		.arch = a.arch,
		.profile = profile,
		.key = key,
		.version = SCAN_VERSION,
		.seconds = now() - t0,
		.unknown_probes = (uint32_t)missed.n,
		.created = (int64_t)began,
		.fingerprint = sp.env.fingerprint,
	};
	phase_mark("content-key");
	if (db_store_scan(ctx->db, &meta, dbf, (uint32_t)nread, m))
		goto done;
	progress(ctx, a.arch, profile, 0);
	parsing = 0;
	phase_mark("db-store");
	r->scan_id = meta.id;
	snprintf(r->key, sizeof(r->key), "%s", key);
	r->unknown_probes = (unsigned)missed.n;
	model_count(m, &r->counts);
	r->nwarnings = m->nwarnings;
	r->warnings = calloc(m->nwarnings + 1, sizeof(char *));
	for (uint32_t i = 0; r->warnings && i < m->nwarnings; i++)
		r->warnings[i] = strdup(m->warnings[i]);
	if (!r->warnings)
		r->nwarnings = 0;
	if (want_model) {
		r->model = m;
		m = NULL;
	}
	r->seconds = now() - t0;
	ret = 0;
done:
	if (parsing)
		progress(ctx, a.arch, profile, 0);
	if (dbf) {
		for (size_t i = 0; i < nread; i++)
			free((char *)dbf[i].path);
		free(dbf);
	}
	source_forget_reads(ctx->src);
	model_free(m);
	kconf_probe_log_free(&missed);
	scan_profile_close(&sp);
	return ret;
}

int scan_parse(struct source *src, const struct profile_arch *a,
	       const char *profile, struct kconf_probe_log *missed,
	       struct model **out)
{
	struct scan_profile sp;
	int ret = -1;
	*out = NULL;
	if (scan_profile_open(src, a, profile, &sp))
		goto done;
	struct kconf_opts ko = scan_profile_opts(&sp, missed);
	ret = kconf_load(src, &ko, out);
done:
	source_forget_reads(src);
	scan_profile_close(&sp);
	return ret;
}
