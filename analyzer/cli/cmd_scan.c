/*
 * cmd_scan.c - the scan pipeline (cache check, parse, store) and
 * `kdep scan`.
 */
#include "cmd.h"
#include "db.h"
#include "error.h"
#include "json.h"
#include "kconf.h"
#include "phase.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *default_db_path(void)
{
	const char *env = getenv("KDEP_DB");
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	char buf[4096];
	if (env && *env)
		return strdup(env);
	if (xdg && *xdg)
		snprintf(buf, sizeof(buf), "%s/kdep/kdep.db", xdg);
	else
		snprintf(buf, sizeof(buf), "%s/.cache/kdep/kdep.db",
			 home && *home ? home : "/tmp");
	return strdup(buf);
}

int scan_ctx_open(struct scan_ctx *ctx, const struct tree_opts *t)
{
	char *dbpath = NULL;
	int ret = EXIT_TREE;
	memset(ctx, 0, sizeof(*ctx));
	ctx->progress = isatty(STDERR_FILENO);

	if (source_open_dir(&ctx->src, t->tree ? t->tree : ".")) {
		cmd_fail();
		goto done;
	}
	if (!source_is_file(ctx->src, "Kconfig")) {
		kdep_error_set("%s: no Kconfig at the top of the tree",
			       source_identity(ctx->src));
		cmd_fail();
		goto done;
	}
	if (t->arch && !strcmp(t->arch, "all")) {
		if (profile_arch_all(ctx->src, &ctx->arches, &ctx->narches)) {
			cmd_fail();
			goto done;
		}
	} else {
		ctx->arches = strv_split(t->arch ? t->arch :
					 profile_host_arch(), &ctx->narches);
	}
	for (size_t i = 0; i < ctx->narches; i++) {
		struct profile_arch a;
		if (profile_arch_resolve(ctx->src, ctx->arches[i], &a)) {
			cmd_fail();
			goto done;
		}
	}
	ctx->profiles = t->profile;
	if (t->profile && strcmp(t->profile, "all")) {
		/* every name must be known before anything is scanned */
		size_t n, nk;
		char **names = strv_split(t->profile, &n), **known = NULL;
		int bad = !names || profile_names(0, NULL, &known, &nk);
		for (size_t i = 0; !bad && i < n; i++) {
			int found = !strcmp(names[i], "host");
			for (size_t k = 0; k < nk && !found; k++)
				found = !strcmp(names[i], known[k]);
			if (!found) {
				fprintf(stderr, "kdep: error: unknown profile "
					"'%s' (known: host", names[i]);
				for (size_t k = 0; k < nk; k++)
					fprintf(stderr, ", %s", known[k]);
				fputs(")\n", stderr);
				ret = EXIT_USAGE;
				bad = 1;
			}
		}
		strv_free(names);
		strv_free(known);
		if (bad)
			goto done;
	}
	dbpath = t->db ? strdup(t->db) : default_db_path();
	if (!dbpath || db_open(&ctx->db, dbpath)) {
		cmd_fail();
		goto done;
	}
	/* For the interruption tests only: stall inside the transaction. */
	const char *pause = getenv("KDEP_TEST_STORE_PAUSE");
	if (pause && atoi(pause) > 0)
		db_test_pause_midway(ctx->db, (unsigned)atoi(pause));
	ret = EXIT_OK;
done:
	free(dbpath);
	if (ret)
		scan_ctx_close(ctx);
	return ret;
}

int scan_arch_profiles(struct scan_ctx *ctx, const char *arch,
		       struct profile_arch *a, char ***profiles, size_t *n)
{
	*profiles = NULL;
	*n = 0;
	if (profile_arch_resolve(ctx->src, arch, a) ||
	    tree_profiles(ctx->profiles, a, profiles, n)) {
		cmd_fail();
		return EXIT_TREE;
	}
	return EXIT_OK;
}

int scan_arch_all(struct scan_ctx *ctx, const char *arch,
		  struct arch_scans *s)
{
	int ret;
	memset(s, 0, sizeof(*s));
	if ((ret = scan_arch_profiles(ctx, arch, &s->a, &s->profiles, &s->n)))
		return ret;
	if (!(s->res = calloc(s->n + 1, sizeof(*s->res)))) {
		cmd_error("out of memory");
		return EXIT_TREE;
	}
	for (size_t p = 0; p < s->n && !ret; p++)
		ret = scan_run(ctx, arch, s->profiles[p], 1, &s->res[p]);
	return ret;
}

void arch_scans_free(struct arch_scans *s)
{
	for (size_t p = 0; s->res && p < s->n; p++)
		scan_result_free(&s->res[p]);
	free(s->res);
	strv_free(s->profiles);
	memset(s, 0, sizeof(*s));
}

void scan_ctx_close(struct scan_ctx *ctx)
{
	if (ctx->db)
		db_close(ctx->db);
	source_free(ctx->src);
	strv_free(ctx->arches);
	memset(ctx, 0, sizeof(*ctx));
}

void scan_result_free(struct scan_result *r)
{
	db_strings_free(r->warnings, r->nwarnings);
	model_free(r->model);
	memset(r, 0, sizeof(*r));
}

/* ---- content key -------------------------------------------------------- */

/*
 * The key covers the kdep version, the architecture, the profile and its
 * fingerprint, and every file read and glob expanded, in order. Glob
 * entries are stored with a leading '/', which no read path has.
 */
struct keybuf {
	uint64_t h1, h2; /* two independent running hashes */
};

static void key_add(struct keybuf *k, const char *s, uint64_t v)
{
	uint64_t hs = source_hash(s, strlen(s));
	k->h1 = (k->h1 ^ hs ^ v) * 0x9e3779b97f4a7c15ull + 1;
	k->h2 = (k->h2 + (hs * 31 + v)) * 0xbf58476d1ce4e5b9ull;
	k->h2 ^= k->h2 >> 31;
}

static void key_hex(const struct keybuf *k, char out[33])
{
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)k->h1,
		 (unsigned long long)k->h2);
}

static void key_begin(struct keybuf *k, const char *arch, const char *profile,
		      const char *fingerprint)
{
	k->h1 = 0x6b646570; /* "kdep" */
	k->h2 = 0x73636e;
	key_add(k, KDEP_VERSION, 0);
	key_add(k, arch, 1);
	key_add(k, profile, 2);
	key_add(k, fingerprint, 3);
}

/* Recomputes the key of a stored scan from the tree as it is now. */
static int key_recheck(struct source *src, const struct db_file *files,
		       uint32_t n, struct keybuf *k)
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
		} else {
			char *data;
			size_t len;
			if (source_read(src, files[i].path, 0, &data, &len))
				return -1; /* gone: parse again */
			h = source_hash(data, len);
			free(data);
		}
		key_add(k, files[i].path, h);
	}
	return 0;
}

/* ---- one scan ----------------------------------------------------------- */

static int scan_cached(struct scan_ctx *ctx, const struct profile_arch *a,
		       const char *profile, const char *fingerprint,
		       int want_model, struct scan_result *r)
{
	struct db_scan_meta meta = { 0 };
	struct db_file *files = NULL;
	uint32_t nfiles = 0;
	struct keybuf k;
	char key[33];
	int hit = 0;

	if (db_find_latest(ctx->db, source_identity(ctx->src), a->arch,
			   profile, &meta, &files, &nfiles) || !meta.id)
		goto done;
	key_begin(&k, a->arch, profile, fingerprint);
	if (key_recheck(ctx->src, files, nfiles, &k))
		goto done;
	key_hex(&k, key);
	if (strcmp(key, meta.key))
		goto done;
	r->scan_id = meta.id;
	r->unknown_probes = meta.unknown_probes;
	if (db_scan_counts(ctx->db, meta.id, &r->counts) ||
	    db_scan_warnings(ctx->db, meta.id, &r->warnings, &r->nwarnings))
		goto done;
	if (want_model && db_load_model(ctx->db, meta.id, &r->model))
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
		snprintf(w, len, "profile %s has no answer for probe '%s'; "
			 "assumed '%s'", profile, p->key, p->output);
		model_add_warning(m, w);
		free(w);
	}
}

int scan_run(struct scan_ctx *ctx, const char *arch, const char *profile,
	     int want_model, struct scan_result *r)
{
	struct profile_arch a;
	struct run_profile rp;
	struct kconf_probe_log missed = { 0 };
	struct model *m = NULL;
	struct db_file *dbf = NULL;
	double t0 = now();
	int ret = EXIT_TREE;

	memset(r, 0, sizeof(*r));
	if (profile_arch_resolve(ctx->src, arch, &a)) {
		cmd_fail();
		return EXIT_TREE;
	}
	snprintf(r->arch, sizeof(r->arch), "%s", a.arch);
	snprintf(r->profile, sizeof(r->profile), "%s", profile);
	if (run_profile_open(ctx->src, &a, profile, &rp)) {
		cmd_fail();
		run_profile_close(&rp);
		return EXIT_TREE;
	}

	if (scan_cached(ctx, &a, profile, rp.env.fingerprint, want_model, r)) {
		r->cached = 1;
		r->seconds = now() - t0;
		ret = EXIT_OK;
		goto done;
	}

	if (ctx->progress)
		fprintf(stderr, "kdep: parsing %s (%s)...\r", a.arch, profile);
	struct kconf_opts ko = run_profile_opts(&rp, &missed);
	source_forget_reads(ctx->src);
	if (kconf_load(ctx->src, &ko, &m)) {
		if (ctx->progress)
			fputs("\033[K", stderr);
		cmd_fail();
		goto done;
	}
	warn_unknown(m, profile, &missed);

	size_t nread;
	const struct source_file *read = source_files_read(ctx->src, &nread);
	dbf = calloc(nread ? nread : 1, sizeof(*dbf));
	if (!dbf) {
		cmd_error("out of memory");
		goto done;
	}
	struct keybuf k;
	char key[33];
	key_begin(&k, a.arch, profile, rp.env.fingerprint);
	for (size_t i = 0; i < nread; i++) {
		if (read[i].glob) {
			size_t len = strlen(read[i].path) + 2;
			char *p = malloc(len);
			if (!p) {
				cmd_error("out of memory");
				goto done;
			}
			snprintf(p, len, "/%s", read[i].path);
			dbf[i].path = p;
		} else {
			dbf[i].path = strdup(read[i].path);
		}
		dbf[i].hash = read[i].hash;
		dbf[i].size = read[i].size;
		key_add(&k, dbf[i].path, dbf[i].hash);
	}
	key_hex(&k, key);

	struct db_scan_meta meta = {
		.tree = source_identity(ctx->src),
		.arch = a.arch,
		.profile = profile,
		.key = key,
		.version = KDEP_VERSION,
		.seconds = now() - t0,
		.unknown_probes = (uint32_t)missed.n,
		.created = (int64_t)time(NULL),
	};
	phase_mark("content-key");
	if (db_store_scan(ctx->db, &meta, dbf, (uint32_t)nread, m)) {
		if (ctx->progress)
			fputs("\033[K", stderr);
		cmd_fail();
		goto done;
	}
	if (ctx->progress)
		fputs("\033[K", stderr);
	phase_mark("db-store");
	r->scan_id = meta.id;
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
	ret = EXIT_OK;
done:
	if (dbf) {
		for (size_t i = 0; i < nread; i++)
			free((char *)dbf[i].path);
		free(dbf);
	}
	source_forget_reads(ctx->src);
	model_free(m);
	kconf_probe_log_free(&missed);
	run_profile_close(&rp);
	return ret;
}

/* ---- kdep scan ---------------------------------------------------------- */

static void print_text(const struct scan_result *r)
{
	const struct model_counts *c = &r->counts;
	uint32_t total = 0;
	for (int k = 0; k < EDGE_KIND_COUNT; k++)
		total += c->edges[k];
	printf("%s (%s): %u files, %u symbols, %u undefined, %u choices, "
	       "%u edges, %u unknown probes, %u warnings%s, %.3f s\n",
	       r->arch, r->profile, c->files, c->defined, c->undefined,
	       c->choices, total, r->unknown_probes, r->nwarnings,
	       r->cached ? ", cached" : "", r->seconds);
	printf("  edges:");
	for (int k = 0; k < EDGE_KIND_COUNT; k++)
		printf(" %s %u%s", model_edge_kind_name(k), c->edges[k],
		       k + 1 < EDGE_KIND_COUNT ? "," : "\n");
}

static void print_json(struct json *j, const struct scan_result *r,
		       const char *tree)
{
	const struct model_counts *c = &r->counts;
	json_obj_begin(j);
	json_key(j, "arch");
	json_str(j, r->arch);
	json_key(j, "profile");
	json_str(j, r->profile);
	json_key(j, "tree");
	json_str(j, tree);
	json_key(j, "files");
	json_int(j, c->files);
	json_key(j, "symbols");
	json_int(j, c->defined);
	json_key(j, "undefined");
	json_int(j, c->undefined);
	json_key(j, "choices");
	json_int(j, c->choices);
	json_key(j, "edges");
	json_obj_begin(j);
	for (int k = 0; k < EDGE_KIND_COUNT; k++) {
		json_key(j, model_edge_kind_name(k));
		json_int(j, c->edges[k]);
	}
	json_obj_end(j);
	json_key(j, "unknown_probes");
	json_int(j, r->unknown_probes);
	json_key(j, "warnings");
	json_arr_begin(j);
	for (unsigned i = 0; i < r->nwarnings; i++)
		json_str(j, r->warnings[i]);
	json_arr_end(j);
	json_key(j, "cached");
	json_bool(j, r->cached);
	json_key(j, "seconds");
	json_double(j, r->seconds);
	json_key(j, "scan_id");
	json_int(j, r->scan_id);
	json_obj_end(j);
}

int cmd_scan(int argc, char **argv)
{
	struct tree_opts t;
	struct scan_ctx ctx;
	struct json j;
	int ret = tree_args(argc, argv, "scan", 0, &t);

	if (ret >= 0)
		return ret;
	int as_json = t.json;
	if ((ret = scan_ctx_open(&ctx, &t)))
		return ret;
	if (as_json) {
		json_init(&j, stdout);
		json_obj_begin(&j);
		json_key(&j, "scans");
		json_arr_begin(&j);
	}
	for (size_t ai = 0; ai < ctx.narches && !ret; ai++) {
		struct profile_arch a;
		char **profiles;
		size_t np;
		if ((ret = scan_arch_profiles(&ctx, ctx.arches[ai], &a,
					      &profiles, &np)))
			break;
		for (size_t pi = 0; pi < np && !ret; pi++) {
			struct scan_result r;
			ret = scan_run(&ctx, ctx.arches[ai], profiles[pi], 0,
				       &r);
			if (ret)
				break;
			if (as_json)
				print_json(&j, &r, source_identity(ctx.src));
			else
				print_text(&r);
			scan_result_free(&r);
		}
		strv_free(profiles);
	}
	if (as_json) {
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	}
	scan_ctx_close(&ctx);
	return ret;
}
