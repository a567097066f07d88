/*
 * cmd_check.c - `kdep check`: what a change does to the Kconfig graph.
 * The staged change (the index against HEAD: a pre-commit hook), each
 * commit of a range against its parent (or the range's end points with
 * --squash), or every finding of one revision (--git REPO@REV). Only the
 * findings a change introduces are reported (scan/change.h); those it
 * found already there are counted on one line, printed with --all.
 *
 * Nothing is written into the repository: trees, the index and blobs are
 * read through libgit2, never checked out.
 */
#include "cmd.h"
#include "alloc.h"
#include "change.h"
#include "emit.h"
#include "error.h"
#include "file.h"
#include "git.h"
#include "gitops.h"
#include "json.h"
#include "phase.h"
#include "symindex.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* What one comparison is between. */
struct side {
	const char *id;       /* a commit id, NULL for the index (new side)
				 or for no tree at all (old side of a root
				 commit) */
	struct source *src;   /* the tree, opened when needed */
};

/* The state of one `kdep check`. */
struct check {
	struct cmd_ctx *c;        /* the command */
	struct kgit *g;           /* the repository */
	struct change_watch watch;/* the watched questions */
	char *cfg_arches;         /* kdep.arches, or NULL */
	char *cfg_profiles;       /* kdep.profiles, or NULL */
	struct report rep;        /* the output */
	int json;                 /* --format json */
	int text;                 /* --format text: the lines around the
				     findings are printed (not in SARIF,
				     where stdout is the log alone) */
	int found;                /* some new finding */
	const char *mode;         /* "staged", "range", "git" */
	FILE *out;                /* where the output goes: stdout, or a
				     buffer when it may be cached */
	char key[40];             /* the output's cache key, "" for none */
	char *cache_dir;          /* where outputs are cached, or NULL */
};

/* Whether path's last component starts with Kconfig. */
static int kconfig_name(const char *path)
{
	const char *base = strrchr(path, '/');
	return !strncmp(base ? base + 1 : path, "Kconfig", 7);
}

/*
 * Whether a changed path can change what a parse reads: a Kconfig file
 * (every file a kernel Kconfig sources is one), or a file of scripts/,
 * which the probes of a live parse run and Kconfig.include lives in.
 */
static int parse_input(const char *path)
{
	return path && (kconfig_name(path) || !strncmp(path, "scripts/", 8));
}

/* The lines of d on one side (added or removed) that undefined-symbol
 * reads, with the help text of Kconfig files marked from src. */
static int change_lines(const struct kgit_diff *d, int added,
			struct source *src, struct rule_line **out, size_t *n)
{
	size_t cap = 0;
	const char *help_of = NULL;
	unsigned char *help = NULL;
	size_t nhelp = 0;
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < d->nlines; i++) {
		const struct kgit_line *l = &d->lines[i];
		int kconfig = kconfig_name(l->path);
		if (l->added != added || (!kconfig && !strstr(l->text, "CONFIG_")))
			continue;
		if (kconfig && help_of != l->path) {
			char *text;
			size_t len;
			free(help);
			help = NULL;
			nhelp = 0;
			help_of = l->path;
			if (!source_read(src, l->path, 0, &text, &len)) {
				int r = rule_help_lines(text, &help, &nhelp);
				free(text);
				if (r)
					return -1;
			} else {
				kdep_error_clear();
			}
		}
		if (kdep_grow(out, &cap, *n + 1, sizeof(**out))) {
			free(help);
			return -1;
		}
		(*out)[(*n)++] = (struct rule_line){
			l->path, l->line, l->text,
			kconfig && help && l->line >= 1 && l->line <= nhelp &&
				help[l->line - 1] };
	}
	free(help);
	return 0;
}

/* Whether arch's directory exists in src (arch/NAME/Kconfig). */
static int has_arch(struct source *src, const char *arch)
{
	char path[256];
	snprintf(path, sizeof(path), "arch/%s/Kconfig",
		 profile_srcarch(arch));
	return source_is_file(src, path);
}

/* Appends name to the comma-separated list buf unless it is there. */
static void list_add(char *buf, size_t size, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = buf; *p;) {
		size_t k = strcspn(p, ",");
		if (k == n && !strncmp(p, name, n))
			return;
		p += k + (p[k] == ',');
	}
	if (strlen(buf) + n + 2 > size)
		return;
	if (*buf)
		strcat(buf, ",");
	strcat(buf, name);
}

/*
 * The arches to check a change d under, into buf: --arch, else
 * kdep.arches, else the host's and every arch whose arch/NAME/ the change
 * touches, and for a change to a parse input outside arch/, every arch
 * a profile has a recording for ("all") in range mode. *partial is set
 * when arches a profile could check are left out.
 */
static const char *pick_arches(struct check *k, const struct kgit_diff *d,
			       struct source *src, char *buf, size_t size,
			       int *partial)
{
	const struct cmd_args *o = &k->c->o;
	*partial = 0;
	if (o->arch)
		return o->arch;
	if (k->cfg_arches)
		return k->cfg_arches;
	buf[0] = '\0';
	list_add(buf, size, profile_host_arch());
	int outside = 0;
	for (size_t i = 0; d && i < d->nfiles; i++) {
		for (int side = 0; side < 2; side++) {
			const char *p = side ? d->files[i].new_path
					     : d->files[i].old_path;
			if (!parse_input(p))
				continue;
			if (strncmp(p, "arch/", 5)) {
				outside = 1;
				continue;
			}
			char name[64];
			size_t n = strcspn(p + 5, "/");
			if (n >= sizeof(name) || !p[5 + n])
				continue;
			memcpy(name, p + 5, n);
			name[n] = '\0';
			if (has_arch(src, name))
				list_add(buf, size, name);
		}
	}
	if (outside && strcmp(k->mode, "staged"))
		return "all";
	*partial = outside || !d;
	return buf;
}

/* The arches a built-in profile has a recording for that list lacks:
 * named on one line (stderr). */
static void name_unchecked(struct source *src, char *const *checked,
			   size_t nchecked)
{
	char **all = NULL, line[1024] = "";
	size_t n = 0;
	if (profile_arch_all(src, &all, &n)) {
		kdep_error_clear();
		return;
	}
	for (size_t i = 0; i < n; i++) {
		int in = 0;
		for (size_t j = 0; j < nchecked && !in; j++)
			in = !strcmp(checked[j], all[i]);
		char **names = NULL;
		size_t nn = 0;
		if (!in && !profile_names(1, profile_srcarch(all[i]), &names,
					  &nn) && nn)
			list_add(line, sizeof(line), all[i]);
		strv_free(names);
		kdep_error_clear();
	}
	strv_free(all);
	if (*line)
		fprintf(stderr, "kdep: not checked: %s (give --arch or set "
			"kdep.arches to check them)\n", line);
}

/* The findings of the scans sc of one arch of ctx into set; the selects
 * whose question touched can change are examined for unmet dependencies
 * (none when touched is NULL). */
static int arch_findings(struct check *k, struct scan_ctx *ctx,
			 struct arch_scans *sc,
			 const struct change_names *touched,
			 struct finding_set *set)
{
	struct model **models = kdep_calloc(sc->n + 1, sizeof(*models));
	if (!models)
		return -1;
	for (size_t p = 0; p < sc->n; p++)
		models[p] = sc->res[p].model;
	struct change_tree t = { ctx->src, &sc->a, sc->profiles, models,
				 sc->n, touched };
	int r = change_findings(&t, &k->watch, set);
	free(models);
	return r;
}

/* The lines of d on one side (added or removed) in Kconfig files. */
static int kconfig_lines(const struct kgit_diff *d, int added,
			 struct rule_line **out, size_t *n)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < d->nlines; i++) {
		const struct kgit_line *l = &d->lines[i];
		if (l->added != added || !kconfig_name(l->path))
			continue;
		if (kdep_grow(out, &cap, *n + 1, sizeof(**out)))
			return -1;
		(*out)[(*n)++] = (struct rule_line){ l->path, l->line, l->text,
						     0 };
	}
	return 0;
}

/* What the lines of d can change, on both sides: the new tree's scans
 * nsc for the added lines, the old one's osc (or NULL) for the removed
 * ones, into c (zeroed here). */
static int touched_names(const struct kgit_diff *d, struct arch_scans *nsc,
			 struct arch_scans *osc, struct change_names *c)
{
	struct rule_line *lines = NULL;
	size_t nl = 0;
	int ret = -1;
	memset(c, 0, sizeof(*c));
	for (int side = 1; side >= 0; side--) {
		struct arch_scans *sc = side ? nsc : osc;
		free(lines);
		lines = NULL;
		if (!sc)
			continue;
		if (kconfig_lines(d, side, &lines, &nl))
			goto done;
		for (size_t p = 0; p < sc->n; p++)
			if (change_touched(sc->res[p].model, lines, nl, side,
					   c))
				goto done;
	}
	ret = 0;
done:
	free(lines);
	return ret;
}

/* Whether the related place p of a finding is a line that d added. */
static int added_line(const struct finding_related *p,
		      const struct kgit_diff *d)
{
	if (!d || strcmp(p->role, "line") || !p->file)
		return 0;
	for (size_t j = 0; j < d->nlines; j++) {
		const struct kgit_line *l = &d->lines[j];
		if (l->added && l->line == p->line && !strcmp(l->path, p->file))
			return 1;
	}
	return 0;
}

/* Prints a note for each line of a new finding that the change added. */
static void note_added(FILE *out, const struct finding_set *set,
		       const struct kgit_diff *d)
{
	for (size_t i = 0; d && i < set->n; i++) {
		const struct finding *f = &set->v[i];
		for (size_t r = 0; r < f->nrelated; r++) {
			const struct finding_related *p = &f->related[r];
			if (added_line(p, d))
				fprintf(out, "%s:%u: note: the change added "
					"this line: %s\n", p->file, p->line,
					p->message);
		}
	}
}

/* Makes the first line of each finding of set that d added its primary
 * place: the line a code-scanning service shows in the change. */
static void place_at_added(struct finding_set *set, const struct kgit_diff *d)
{
	for (size_t i = 0; d && i < set->n; i++) {
		struct finding *f = &set->v[i];
		for (size_t r = 0; r < f->nrelated; r++)
			if (added_line(&f->related[r], d)) {
				f->file = f->related[r].file;
				f->line = f->related[r].line;
				break;
			}
	}
}

/* Emits set batch by batch, one rule at a time (each rule's view);
 * baseline: what SARIF says of each one (new, unchanged), or NULL. */
static void emit_rules(struct check *k, const char *arch,
		       char *const *profiles, size_t np,
		       const struct finding_set *set, const char *baseline)
{
	static const char *const rules[] = { "recursive-dependency",
					     "not-coselectable",
					     "unmet-dependency",
					     "undefined-symbol" };
	for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]); r++) {
		struct finding_set one;
		finding_set_init(&one);
		for (size_t i = 0; i < set->n; i++)
			if (!strcmp(set->v[i].rule, rules[r]))
				finding_set_add(&one, &set->v[i]);
		if (one.n) {
			struct report_scope scope = { k->json ? NULL : rules[r],
				arch, (const char *const *)profiles, np,
				baseline };
			if (!strcmp(rules[r], "undefined-symbol"))
				scope.rule = NULL;
			report_emit(&k->rep, &scope, &one);
		}
		finding_set_free(&one);
	}
}

/* A JSON batch of set: {"arch", "profiles", "findings": [...]}. */
static void json_batch(struct check *k, const char *key, const char *arch,
		       char *const *profiles, size_t np,
		       const struct finding_set *set)
{
	struct report_scope scope = { NULL, arch,
				      (const char *const *)profiles, np, NULL };
	json_key(&k->rep.j, key);
	report_emit(&k->rep, &scope, set);
}

/* Adds s and a separator to the two running hashes of a cache key. */
static void key_add(uint64_t h[2], const char *s)
{
	for (const char *p = s; ; p++) {
		unsigned char ch = *p ? (unsigned char)*p : 0xff;
		h[0] = (h[0] ^ ch) * 0x100000001b3ull;
		h[1] = (h[1] + ch + 1) * 0x9e3779b97f4a7c15ull;
		h[1] ^= h[1] >> 29;
		if (!*p)
			break;
	}
}

/* Adds n bytes of data to the two running hashes. */
static void key_bytes(uint64_t h[2], const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		h[0] = (h[0] ^ p[i]) * 0x100000001b3ull;
		h[1] = (h[1] + p[i] + 1) * 0x9e3779b97f4a7c15ull;
		h[1] ^= h[1] >> 29;
	}
}

/* Every recording a profile name finds on the profile path, by path and
 * contents. */
static void key_profiles(uint64_t h[2])
{
	char **names = NULL;
	size_t n = 0;
	const char *path = getenv("KDEP_PROFILE_PATH");
	key_add(h, path ? path : "-");
	if (profile_names(0, NULL, &names, &n)) {
		kdep_error_clear();
		key_add(h, "no profile");
		return;
	}
	for (size_t j = 0; j < n; j++) {
		char **arches = NULL, *dir = NULL;
		size_t na = 0;
		if (profile_arches(names[j], &arches, &na, &dir)) {
			kdep_error_clear();
			continue;
		}
		for (size_t a = 0; a < na; a++) {
			char file[4096], *text;
			size_t len;
			snprintf(file, sizeof(file), "%s/%s.probes", dir,
				 arches[a]);
			key_add(h, file);
			if (!kdep_read_file(file, 64u << 20, &text, &len)) {
				key_bytes(h, text, len);
				free(text);
			}
			kdep_error_clear();
		}
		strv_free(arches);
		free(dir);
	}
	strv_free(names);
}

/*
 * The cache key of a staged check's output into k->key: kdep's version,
 * the commit and the index compared (git's ids: any change of either is
 * another key), the options and configuration, and every recording a
 * profile can come from. Computed before anything is read from the
 * trees. 0 when the index has no checksum to name it by (no caching),
 * else 1.
 */
static int output_key(struct check *k, const struct side *old)
{
	const struct cmd_args *o = &k->c->o;
	uint64_t h[2] = { 0xcbf29ce484222325ull, 0x6b646570ull };
	char sum[41];
	if (!old->id || !kgit_index_checksum(k->g, sum) ||
	    (o->profile && strstr(o->profile, "host")))
		return 0;
	key_add(h, KDEP_VERSION);
	key_add(h, k->mode);
	key_add(h, old->id);
	key_add(h, sum);
	key_add(h, o->all ? "all" : "-");
	key_add(h, o->arch ? o->arch : "-");
	key_add(h, o->profile ? o->profile : "-");
	key_add(h, k->cfg_arches ? k->cfg_arches : "-");
	key_add(h, k->cfg_profiles ? k->cfg_profiles : "-");
	key_add(h, profile_host_arch());
	for (size_t i = 0; i < k->watch.n; i++)
		for (char **q = k->watch.questions[i]; *q; q++)
			key_add(h, *q);
	key_profiles(h);
	snprintf(k->key, sizeof(k->key), "%016llx%016llx",
		 (unsigned long long)h[0], (unsigned long long)h[1]);
	return 1;
}

/* The cached output of k->key, replayed into k->out: 1 when there is
 * one, else 0. */
static int replay_output(struct check *k)
{
	char path[4096], *text;
	size_t len;
	snprintf(path, sizeof(path), "%s/%s", k->cache_dir, k->key);
	if (kdep_read_file(path, 64u << 20, &text, &len)) {
		kdep_error_clear();
		return 0;
	}
	/* "found N\n" and the output */
	const char *nl = strchr(text, '\n');
	int ok = nl && !strncmp(text, "found ", 6);
	if (ok) {
		k->found |= atoi(text + 6) != 0;
		fwrite(nl + 1, 1, len - (size_t)(nl + 1 - text), k->out);
	}
	free(text);
	return ok;
}

/*
 * Compares old and new under each arch; prints what is new. new->id NULL
 * is the index; old->id NULL compares with no tree (a root commit: every
 * finding is new). whole: every finding of new (--git), no comparison.
 * Returns 0, or -1 with the error set.
 */
static int compare(struct check *k, struct side *old, struct side *new,
		   int whole, const char *label)
{
	const struct cmd_args *o = &k->c->o;
	struct kgit_diff d = { 0 };
	struct rule_line *added = NULL, *removed = NULL;
	size_t nadded = 0, nremoved = 0;
	char archbuf[1024];
	int partial = 0, ret = -1, fast = 0;
	struct scan_ctx octx, nctx;
	int oopen = 0, nopen = 0;
	const char *profiles = o->profile ? o->profile : k->cfg_profiles;

	memset(&octx, 0, sizeof(octx));
	memset(&nctx, 0, sizeof(nctx));
	/* the index against HEAD as git diff --cached reads it: when it
	 * changes no parse input, that is the answer */
	if (!whole && !new->id && old->id) {
		char **paths = NULL;
		size_t npaths = 0;
		int config = 0;
		int r = kgit_staged_quick(k->g, old->id, &paths, &npaths,
					  &config);
		fast = r == 1 && !config;
		for (size_t i = 0; fast && i < npaths; i++)
			fast = !parse_input(paths[i]);
		strv_free(paths);
		phase_mark("staged paths");
	}
	/* the same staged change checked again: its output, no rule run */
	if (!fast && k->cache_dir && !new->id && output_key(k, old)) {
		phase_mark("cache key");
		if (replay_output(k)) {
			k->key[0] = '\0';
			ret = 0;
			goto done;
		}
	}
	if (!whole && !fast && kgit_diff(k->g, old->id, new->id, 1, &d))
		goto done;
	phase_mark("diff");
	if (!whole && !fast) {
		fast = 1;
		for (size_t i = 0; i < d.nfiles && fast; i++)
			fast = !parse_input(d.files[i].old_path) &&
			       !parse_input(d.files[i].new_path);
		for (size_t i = 0; i < d.nlines && fast; i++)
			fast = !strstr(d.lines[i].text, "CONFIG_");
	}
	if (k->json) {
		json_obj_begin(&k->rep.j);
		json_key(&k->rep.j, "commit");
		json_str(&k->rep.j, new->id ? new->id : "index");
		json_key(&k->rep.j, "parent");
		json_str(&k->rep.j, whole ? NULL : old->id ? old->id : NULL);
		json_key(&k->rep.j, "subject");
		json_str(&k->rep.j, label);
		json_key(&k->rep.j, "fast");
		json_bool(&k->rep.j, fast);
		json_key(&k->rep.j, "arches");
		json_arr_begin(&k->rep.j);
	} else if (label && k->text) {
		fprintf(k->out, "commit %.12s %s\n", new->id, label);
	}
	if (fast) {
		/* the diff alone: nothing a parse reads changed */
		if (k->text)
			fprintf(k->out, "kdep: no Kconfig file changed: "
				"nothing to "
			       "check\n");
		ret = 0;
		goto end;
	}
	if (!new->src && (new->id ? source_open_git_commit(&new->src, k->g,
							   new->id)
				  : source_open_git_index(&new->src, k->g)))
		goto done;
	if (!whole && old->id && !old->src &&
	    source_open_git_commit(&old->src, k->g, old->id))
		goto done;
	const char *arches = pick_arches(k, whole ? NULL : &d, new->src,
					 archbuf, sizeof(archbuf), &partial);
	struct scan_opts so = { .src = new->src, .arch = arches,
				.profile = profiles, .db = o->db };
	if (scan_ctx_open(&nctx, &so))
		goto done;
	nopen = 1;
	/* the old tree under those of the arches it has (a new arch is
	 * compared with no findings) */
	char oldarches[1024] = "";
	for (size_t i = 0; !whole && old->src && i < nctx.narches; i++)
		if (has_arch(old->src, nctx.arches[i]))
			list_add(oldarches, sizeof(oldarches), nctx.arches[i]);
	if (*oldarches) {
		so.src = old->src;
		so.arch = oldarches;
		if (scan_ctx_open(&octx, &so))
			goto done;
		oopen = 1;
	}
	if (partial)
		name_unchecked(new->src, nctx.arches, nctx.narches);
	for (size_t i = 0; i < nctx.nskipped; i++)
		fprintf(stderr, "kdep: not checked: %s (no profile has a "
			"recording for it)\n", nctx.skipped[i]);
	for (size_t ai = 0; ai < nctx.narches; ai++) {
		const char *arch = nctx.arches[ai];
		struct finding_set before, after, in, ex;
		struct arch_scans osc = { 0 }, nsc = { 0 };
		finding_set_init(&before);
		finding_set_init(&after);
		finding_set_init(&in);
		finding_set_init(&ex);
		int had = oopen && has_arch(old->src, arch);
		struct change_names touched = { 0 };
		int bad = scan_arch_all(&nctx, arch, &nsc) ||
			  (had && scan_arch_all(&octx, arch, &osc));
		/* the selects whose cone the change touches: unmet */
		if (!bad && !whole)
			bad = touched_names(&d, &nsc, had ? &osc : NULL,
					    &touched);
		phase_mark("scans");
		if (!bad)
			bad = arch_findings(k, &nctx, &nsc,
					    whole ? NULL : &touched, &after);
		phase_mark("new tree");
		if (!bad && had)
			bad = arch_findings(k, &octx, &osc,
					    whole ? NULL : &touched, &before);
		phase_mark("old tree");
		change_names_free(&touched);
		if (!bad)
			bad = change_compare(&before, &after, &in, &ex);
		if (!bad) {
			finding_set_sort(&in);
			k->found |= in.n > 0;
			if (k->json) {
				json_obj_begin(&k->rep.j);
				json_key(&k->rep.j, "arch");
				json_str(&k->rep.j, nsc.a.arch);
				json_batch(k, "new", nsc.a.arch, nsc.profiles,
					   nsc.n, &in);
				json_key(&k->rep.j, "existing");
				json_int(&k->rep.j, (int64_t)ex.n);
				if (o->all)
					json_batch(k, "existing_findings",
						   nsc.a.arch, nsc.profiles,
						   nsc.n, &ex);
				json_obj_end(&k->rep.j);
			} else if (!k->text) {
				place_at_added(&in, whole ? NULL : &d);
				emit_rules(k, nsc.a.arch, nsc.profiles, nsc.n,
					   &in, whole ? NULL : "new");
				if (o->all)
					emit_rules(k, nsc.a.arch, nsc.profiles,
						   nsc.n, &ex, "unchanged");
			} else {
				emit_rules(k, nsc.a.arch, nsc.profiles, nsc.n,
					   &in, NULL);
				note_added(k->out, &in, &d);
				if (!in.n)
					fprintf(k->out, whole
						? "%s: no finding\n"
						     : "%s: nothing new\n",
					       nsc.a.arch);
				if (ex.n && o->all) {
					fprintf(k->out, "%s: %zu finding%s "
						"there before the change:\n",
					       nsc.a.arch, ex.n,
					       ex.n == 1 ? " was" : "s were");
					emit_rules(k, nsc.a.arch,
						   nsc.profiles, nsc.n, &ex,
						   NULL);
				} else if (ex.n) {
					fprintf(k->out, "%s: %zu finding%s "
						"there before the change (--all "
					       "prints %s)\n", nsc.a.arch,
					       ex.n, ex.n == 1 ? " was" :
					       "s were", ex.n == 1 ? "it" :
					       "them");
				}
			}
		}
		finding_set_free(&in);
		finding_set_free(&ex);
		finding_set_free(&before);
		finding_set_free(&after);
		arch_scans_free(&osc);
		arch_scans_free(&nsc);
		if (bad)
			goto done;
	}
	if (k->json)
		json_arr_end(&k->rep.j);
	/* symbols the change refers to that nothing defines */
	if (!whole && (change_lines(&d, 1, new->src, &added, &nadded) ||
		       (old->src && change_lines(&d, 0, old->src, &removed,
						 &nremoved))))
		goto done;
	struct finding_set ub, ua, ui, ue;
	finding_set_init(&ub);
	finding_set_init(&ua);
	finding_set_init(&ui);
	finding_set_init(&ue);
	int bad = 0;
	if (nadded) {
		char **defined = NULL, **odefined = NULL;
		size_t ndefined = 0, nodefined = 0;
		bad = symindex_build(new->src, &defined, &ndefined) ||
		      change_undefined("", added, nadded,
				       (const char *const *)defined, ndefined,
				       &ua);
		if (!bad && nremoved)
			bad = symindex_build(old->src, &odefined, &nodefined) ||
			      change_undefined("", removed, nremoved,
					       (const char *const *)odefined,
					       nodefined, &ub);
		if (!bad)
			bad = change_compare(&ub, &ua, &ui, &ue);
		strv_free(defined);
		strv_free(odefined);
		phase_mark("undefined symbols");
	}
	if (!bad) {
		k->found |= ui.n > 0;
		if (k->json)
			json_batch(k, "undefined", "", NULL, 0, &ui);
		else
			emit_rules(k, "", NULL, 0, &ui,
				   k->text ? NULL : "new");
	}
	finding_set_free(&ub);
	finding_set_free(&ua);
	finding_set_free(&ui);
	finding_set_free(&ue);
	if (bad)
		goto done;
	ret = 0;
end:
	if (k->json) {
		if (fast) {
			json_arr_end(&k->rep.j);
		}
		json_obj_end(&k->rep.j);
	}
done:
	if (oopen)
		scan_ctx_close(&octx);
	if (nopen)
		scan_ctx_close(&nctx);
	free(added);
	free(removed);
	kgit_diff_free(&d);
	return ret;
}

/* Where outputs are cached: check/ beside the database. 0, or -1. */
static int cache_dir(struct check *k, const char *db)
{
	char *path = db ? kdep_strdup(db) : scan_default_db();
	if (!path)
		return -1;
	char *dir = dirname(path);
	size_t n = strlen(dir) + 8;
	k->cache_dir = kdep_calloc(n, 1);
	if (k->cache_dir)
		snprintf(k->cache_dir, n, "%s/check", dir);
	free(path);
	return k->cache_dir ? 0 : -1;
}

/* Keeps the output of k->key (best effort: a cache). */
static void store_output(struct check *k, const char *out, size_t len)
{
	char path[4096];
	if (!k->key[0])
		return;
	mkdir(k->cache_dir, 0777);
	snprintf(path, sizeof(path), "%s/%s", k->cache_dir, k->key);
	size_t n = len + 32;
	char *text = kdep_calloc(n, 1);
	if (!text)
		return;
	int head = snprintf(text, n, "found %d\n", k->found);
	memcpy(text + head, out, len);
	if (kdep_write_file(path, text, (size_t)head + len))
		kdep_error_clear();
	free(text);
}

int cmd_check_check(struct cmd_ctx *c)
{
	const struct cmd_args *o = &c->o;
	int modes = !!o->staged + !!o->range + !!o->git;
	if (modes != 1)
		return cmd_usage_error(c->cmd, "check takes one of --staged, "
				       "--range A..B and --git REPO[@REV]");
	if (o->squash && !o->range)
		return cmd_usage_error(c->cmd, "--squash goes with --range");
	return -1;
}

int cmd_check(struct cmd_ctx *c)
{
	struct check k = { .c = c, .json = c->o.format == REPORT_JSON,
			   .text = c->o.format == REPORT_TEXT };
	const struct cmd_args *o = &c->o;
	char repo[4096] = "", *watch = NULL;
	const char *rev = NULL;
	struct kgit_commit *commits = NULL;
	size_t ncommits = 0;
	int ret = EXIT_TREE;

	phase_mark("start");
	k.mode = o->staged ? "staged" : o->range ? "range" : "git";
	if (o->git)
		rev = cmd_git_spec(o->git, repo, sizeof(repo));
	if (kgit_open(&k.g, *repo ? repo : NULL) ||
	    kgit_config_str(k.g, "kdep.arches", &k.cfg_arches) ||
	    kgit_config_str(k.g, "kdep.profiles", &k.cfg_profiles) ||
	    (!o->watch && kgit_config_str(k.g, "kdep.watch", &watch)) ||
	    change_watch_parse(o->watch ? o->watch : watch, &k.watch) ||
	    scan_profile_check(o->profile ? o->profile : k.cfg_profiles)) {
		ret = cmd_fail();
		goto done;
	}
	/* a staged check's text is kept, to be replayed when the same
	 * change is checked again (only text: a replay is of one format) */
	char *buf = NULL;
	size_t blen = 0;
	k.out = stdout;
	if (o->staged && k.text && cache_dir(&k, o->db) == 0 &&
	    !(k.out = open_memstream(&buf, &blen))) {
		k.out = stdout;
		free(k.cache_dir);
		k.cache_dir = NULL;
	}
	phase_mark("repository");
	report_begin(&k.rep, k.out, c->o.format, 0);
	/* every file's URI relative to the work tree, when there is one */
	k.rep.root = kgit_workdir(k.g);
	if (k.json) {
		json_obj_begin(&k.rep.j);
		json_key(&k.rep.j, "mode");
		json_str(&k.rep.j, k.mode);
		json_key(&k.rep.j, "commits");
		json_arr_begin(&k.rep.j);
	}
	int bad = 0;
	if (o->staged) {
		char head[41];
		int unborn = kgit_resolve_commit(k.g, "HEAD", head);
		if (unborn)
			kdep_error_clear();
		struct side old = { unborn ? NULL : head, NULL };
		struct side new = { NULL, NULL };
		bad = compare(&k, &old, &new, 0, NULL);
		source_free(old.src);
		source_free(new.src);
	} else if (o->git) {
		char id[41];
		struct side new = { id, NULL }, old = { NULL, NULL };
		bad = kgit_resolve_commit(k.g, rev ? rev : "HEAD", id) ||
		      compare(&k, &old, &new, 1, NULL);
		source_free(new.src);
	} else if (o->squash) {
		char a[41], b[41], spec[4096];
		const char *dots = strstr(o->range, "..");
		snprintf(spec, sizeof(spec), "%.*s",
			 dots ? (int)(dots - o->range) : 0, o->range);
		struct side old = { a, NULL }, new = { b, NULL };
		bad = !dots || kgit_resolve_commit(k.g, spec, a) ||
		      kgit_resolve_commit(k.g, *(dots + 2) ? dots + 2 : "HEAD",
					  b) ||
		      compare(&k, &old, &new, 0, NULL);
		if (!dots)
			kdep_error_set_arg("--range takes A..B");
		source_free(old.src);
		source_free(new.src);
	} else {
		bad = kgit_range(k.g, o->range, &commits, &ncommits);
		if (!bad && !ncommits && !k.json)
			fprintf(k.text ? k.out : stderr, "kdep: %s holds no commit\n",
				o->range);
		/* each commit's tree is the next one's old side */
		struct source *prev = NULL;
		const char *prev_id = NULL;
		for (size_t i = 0; !bad && i < ncommits; i++) {
			struct kgit_commit *cm = &commits[i];
			struct side old = { cm->parent[0] ? cm->parent : NULL,
					    NULL };
			struct side new = { cm->id, NULL };
			if (prev && prev_id && !strcmp(prev_id, cm->parent)) {
				old.src = prev;
				prev = NULL;
			}
			bad = compare(&k, &old, &new, 0, cm->subject);
			source_free(old.src);
			source_free(prev);
			prev = new.src;
			prev_id = cm->id;
		}
		source_free(prev);
	}
	if (bad) {
		ret = cmd_fail();
		goto done;
	}
	if (k.json) {
		json_arr_end(&k.rep.j);
		json_key(&k.rep.j, "new");
		json_bool(&k.rep.j, k.found);
		json_obj_end(&k.rep.j);
	}
	if (!k.text)
		report_end(&k.rep);
	ret = k.found ? EXIT_FINDINGS : EXIT_OK;
	if (k.out != stdout) {
		fclose(k.out);
		k.out = stdout;
		fwrite(buf, 1, blen, stdout);
		store_output(&k, buf, blen);
	}
done:
	if (k.out && k.out != stdout) {
		fclose(k.out);
		fwrite(buf, 1, blen, stdout);
	}
	free(buf);
	free(k.cache_dir);
	kgit_commits_free(commits, ncommits);
	change_watch_free(&k.watch);
	free(k.cfg_arches);
	free(k.cfg_profiles);
	free(watch);
	kgit_free(k.g);
	return ret;
}
