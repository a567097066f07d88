/*
 * cmd_fix_series.c - `kdep fix --want LIST` when LIST asks for what the
 * arm64 static-call trampoline series makes selectable: the series
 * (analyzer/patchgen/), its select's condition chosen by proof, the top
 * proven relaxation of the other targets as a patch of its own with the
 * code change its impact list demands, the whole laid over the tree and
 * proven (series_prove.h) before anything is printed or written; with -o
 * DIR, format-patch mails and a cover letter with the proof.
 */
#include "cmd_fix.h"
#include "alloc.h"
#include "email.h"
#include "error.h"
#include "file.h"
#include "git.h"
#include "impact.h"
#include "patchgen.h"
#include "phase.h"
#include "sat.h"
#include "series_prove.h"
#include "verify.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* What the series makes selectable: the symbol its Kconfig patch
 * selects (STATIC_CALL, as DESIGN.md's aliases spell it). */
static const char series_target[] = "HAVE_STATIC_CALL";
/* The architecture the generator writes for. */
static const char series_arch[] = "arm64";

/* Whether names[0..n) ask for series_target, by name or alias. */
static int asks_series(char *const *names, size_t n)
{
	size_t na;
	const struct model_alias *al = model_aliases(&na);
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(names[i], series_target))
			return 1;
		for (size_t k = 0; k < na; k++)
			if (!strcmp(al[k].alias, names[i]) &&
			    !strcmp(al[k].name, series_target))
				return 1;
	}
	return 0;
}

/* Everything the series command works with. */
struct series_run {
	struct cmd_ctx *c;             /* the command */
	struct arch_scans sc;          /* the arch's scans, graphs loaded */
	char **names;                  /* the --want list as given */
	size_t nnames;
	const char *resolved[COSEL_MATRIX_MAX]; /* the targets resolved (borrowed
					     from the first profile's model) */
	size_t nt;                     /* how many */
	struct cosel_answer *before;   /* [sc.n] every target asked of the
					  tree as it is */
	struct tramp_choice choice;    /* the select's condition */
	int choice_recalled;           /* kept from an earlier run */
	struct fix_want want;          /* the relaxation's question */
	int has_want;                  /* want was asked */
	const struct fix *relax;       /* its top proven relaxation, or
					  NULL: none needed */
	size_t relax_profile;          /* the profile it was proven under */
	struct impact impact;          /* the relaxation's impact */
	struct patchgen_series *s;     /* the series */
	struct series_proof proof;     /* the whole series proven */
	char base[41];                 /* --git's commit, or "" */
};

static void run_free(struct series_run *r)
{
	for (size_t p = 0; r->before && p < r->sc.n; p++)
		cosel_answer_free(&r->before[p]);
	free(r->before);
	tramp_choice_free(&r->choice);
	if (r->has_want)
		fix_want_free(&r->want);
	impact_free(&r->impact);
	patchgen_series_free(r->s);
	series_proof_free(&r->proof);
	strv_free(r->names);
	arch_scans_free(&r->sc);
}

/* Resolves the --want names in the first profile's graph; -1 to go on,
 * else the exit code (an unknown symbol, a value asked). */
static int resolve(struct series_run *r)
{
	struct model *m = r->sc.res[0].model;
	if (r->nnames > COSEL_MATRIX_MAX) {
		kdep_error_set_arg("--want takes 1 to %d symbols",
				   COSEL_MATRIX_MAX);
		return cmd_fail();
	}
	for (size_t k = 0; k < r->nnames; k++) {
		if (strpbrk(r->names[k], "=!")) {
			kdep_error_set_arg("--want takes symbols, not values: "
					   "%s", r->names[k]);
			return cmd_fail();
		}
		uint32_t t = model_resolve(m, r->names[k]);
		if (t == MODEL_NONE)
			return cmd_unknown_symbol(m, r->names[k],
						  r->sc.a.arch);
		r->resolved[r->nt++] = m->syms[t].name;
	}
	return -1;
}

/* Asks every target of the tree as it is, under each profile. */
static int ask_before(struct series_run *r)
{
	struct scan_ctx *ctx = &r->c->scans;
	if (!(r->before = kdep_calloc(r->sc.n + 1, sizeof(*r->before))))
		return -1;
	for (size_t p = 0; p < r->sc.n; p++) {
		struct model *m = r->sc.res[p].model;
		uint32_t t[COSEL_MATRIX_MAX];
		size_t n = 0;
		for (size_t k = 0; k < r->nt; k++)
			if ((t[n] = model_find(m, r->resolved[k])) != MODEL_NONE)
				n++;
		if (n < r->nt) {
			/* a target the tree does not define: no, no lines */
			r->before[p].verdict = COSEL_NO;
			continue;
		}
		struct scan_verifier v = { 0 };
		struct sat *s = NULL;
		int bad = scan_verifier_open(&v, ctx->src, &r->sc.a,
					     r->sc.profiles[p]) ||
			  !(s = sat_encode(m, t, n)) ||
			  cosel_solve(s, m, t, n, 0, scan_verify, &v,
				      &r->before[p]);
		sat_free(s);
		scan_verifier_close(&v);
		if (bad)
			return -1;
	}
	return 0;
}

/*
 * The targets other than series_target, asked under each profile until
 * one gives a proven relaxation (or a yes: none needed). 0 with r->relax
 * set or NULL, 1 when they are not co-selectable and nothing relaxes
 * them (error set), -1 with the error set.
 */
static int find_relaxation(struct series_run *r, const struct fix_engine *eng)
{
	struct scan_ctx *ctx = &r->c->scans;
	for (size_t p = 0; p < r->sc.n; p++) {
		struct model *m = r->sc.res[p].model;
		uint32_t t[COSEL_MATRIX_MAX];
		size_t n = 0;
		for (size_t k = 0; k < r->nt; k++)
			if (strcmp(r->resolved[k], series_target) &&
			    (t[n] = model_find(m, r->resolved[k])) !=
			    MODEL_NONE)
				n++;
		if (!n)
			return 0;
		struct scan_verifier v = { 0 };
		if (scan_verifier_open(&v, ctx->src, &r->sc.a,
				       r->sc.profiles[p])) {
			scan_verifier_close(&v);
			return -1;
		}
		struct fix_want_ctx wx = {
			.model = m, .profile = (unsigned)p,
			.arch = r->sc.a.arch, .targets = t, .ntargets = n,
			.engine = eng, .check = scan_verify, .check_ctx = &v,
			.max_proven = 1,
		};
		if (r->has_want)
			fix_want_free(&r->want);
		int bad = fix_want(&wx, &r->want);
		r->has_want = !bad;
		scan_verifier_close(&v);
		if (bad)
			return -1;
		if (r->want.before.verdict == COSEL_YES)
			return 0;
		if (r->want.fixes.nproven) {
			r->relax = &r->want.fixes.v[0];
			r->relax_profile = p;
			return 0;
		}
	}
	kdep_error_set("no proven relaxation makes the targets other than %s "
		       "co-selectable under any profile", series_target);
	return 1;
}

/* The relaxation's impact; 1 when its guards say the code must change. */
static int relax_impact(struct series_run *r)
{
	const struct fix *x = r->relax;
	if (!x->nloose || !x->ngain)
		return 0;
	if (scan_impact(r->c->scans.src, r->c->scans.db, r->sc.a.arch,
			(const char *const *)x->loose, x->nloose,
			(const char *const *)x->gain, x->ngain, &r->impact))
		return -1;
	return r->impact.mismatched ? 1 : 0;
}

/* The relaxation's commit message. */
static char *relax_body(struct series_run *r)
{
	const struct fix *x = r->relax;
	const struct cosel_answer *b = &r->want.before;
	const struct model *m = r->sc.res[r->relax_profile].model;
	char *s = NULL, line[256];
	size_t size = 0;
	FILE *f = open_memstream(&s, &size);
	if (!f) {
		kdep_error_oom();
		return NULL;
	}
	size_t shown = 0;
	fprintf(f, "On %s under %s, ", r->sc.a.arch,
		r->sc.profiles[r->relax_profile]);
	for (size_t i = 0; i < r->nt; i++)
		if (strcmp(r->resolved[i], series_target))
			fprintf(f, "%s%s", shown++ ? " and " : "",
				r->resolved[i]);
	fprintf(f, " cannot be y\ntogether; these lines forbid it "
		"together:\n\n");
	for (size_t i = 0; i < b->nwhy; i++)
		if (b->why[i].loc.file < m->nfiles)
			fprintf(f, "  %s:%u: %s\n", m->files[b->why[i].loc.file],
				b->why[i].loc.line, source_line_text(
				r->c->scans.src, m->files[b->why[i].loc.file],
				b->why[i].loc.line, line, sizeof(line)));
	fprintf(f, "\nThis change: %s.\n\nProven by kdep: the edited tree, "
		"parsed again, makes them co-selectable\nwith a witness "
		".config the Kconfig engine accepts, and has no new cycle.\n",
		x->description);
	if (r->impact.mismatched)
		fprintf(f, "\n%zu guards in the code test ", r->impact.mismatched);
	for (size_t i = 0; r->impact.mismatched && i < x->nloose; i++)
		fprintf(f, "%s%s", i ? ", " : "", x->loose[i]);
	if (r->impact.mismatched)
		fprintf(f, " without the other side;\nthe patch before this "
			"one builds what the newly possible configurations "
			"need.\n");
	if (fclose(f) || !s) {
		free(s);
		kdep_error_oom();
		return NULL;
	}
	return s;
}

/* Generates the series: the trampolines with the proven condition, the
 * code change the relaxation needs, the relaxation last. */
static int generate(struct series_run *r, int direct_calls)
{
	struct tramp_opts o = { r->choice.cond, r->choice.summary,
				direct_calls };
	if (tramp_generate(r->c->scans.src, &o, &r->s))
		return -1;
	if (!r->relax || r->s->skipped)
		return 0;
	char subject[256];
	char *body = relax_body(r);
	const struct finding_edit *e = &r->relax->edit;
	cmd_fix_subject(r->relax, subject, sizeof(subject));
	int bad = !body || patchgen_series_edit(r->s, r->c->scans.src,
						e->file, e->first, e->old_text,
						e->new_text, subject, body);
	free(body);
	return bad ? -1 : 0;
}

/* ---- the mails ------------------------------------------------------------ */

/* The contents of path before patch k of the series: the last earlier
 * patch's, else the tree's; NULL (*len 0) when the file is new. */
static int before_patch(struct series_run *r, size_t k, const char *path,
			char **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	for (size_t i = k; i-- > 0;) {
		const struct patchgen_patch *p = &r->s->patches[i];
		for (size_t j = p->n_files; j-- > 0;)
			if (!strcmp(p->files[j].path, path)) {
				*len = p->files[j].len;
				*data = kdep_calloc(*len + 1, 1);
				if (!*data)
					return -1;
				memcpy(*data, p->files[j].data, *len);
				return 0;
			}
	}
	if (!source_is_file(r->c->scans.src, path))
		return 0;
	return source_read(r->c->scans.src, path, 0, data, len);
}

/* The diff of patch k, every file of it, into *out. */
static int patch_diff(struct series_run *r, size_t k, char **out)
{
	const struct patchgen_patch *p = &r->s->patches[k];
	char *s = NULL;
	size_t size = 0;
	int bad = 0;
	FILE *f = open_memstream(&s, &size);
	if (!f) {
		kdep_error_oom();
		return -1;
	}
	for (size_t j = 0; j < p->n_files && !bad; j++) {
		char *old, *d = NULL;
		size_t len;
		bad = before_patch(r, k, p->files[j].path, &old, &len) ||
		      mail_file_diff(p->files[j].path, old, len,
				     p->files[j].data, p->files[j].len, &d);
		if (!bad)
			fputs(d, f);
		free(d);
		free(old);
	}
	if (fclose(f) || !s) {
		free(s);
		kdep_error_oom();
		return -1;
	}
	if (bad)
		free(s);
	else
		*out = s;
	return bad ? -1 : 0;
}

/* The author of the mails: git's variables, else kdep. */
static void author(const char **name, const char **email)
{
	*name = getenv("GIT_AUTHOR_NAME");
	*email = getenv("GIT_AUTHOR_EMAIL");
	if (!*name || !**name)
		*name = "kdep";
	if (!*email || !**email)
		*email = "kdep@localhost";
}

/* The names of the targets, "A, B and C". */
static void print_targets(FILE *f, struct series_run *r)
{
	for (size_t i = 0; i < r->nt; i++)
		fprintf(f, "%s%s", i ? (i + 1 == r->nt ? " and " : ", ") : "",
			r->resolved[i]);
}

/* The proof summary: before, the condition, after. */
static void print_proof(FILE *f, struct series_run *r, int beside)
{
	char line[256];
	fprintf(f, "On %s, ", r->sc.a.arch);
	print_targets(f, r);
	fprintf(f, " cannot be y together\nin this tree: 'config ARM64' "
		"does not select %s.\n\nBefore the series:\n", series_target);
	for (size_t p = 0; p < r->sc.n; p++) {
		const struct cosel_answer *b = &r->before[p];
		const struct model *m = r->sc.res[p].model;
		fprintf(f, "  %s: %s\n", r->sc.profiles[p],
			b->verdict == COSEL_YES ? "yes" : b->verdict ==
			COSEL_NO ? "no, forbidden together by these lines:" :
			"unknown");
		for (size_t i = 0; b->verdict == COSEL_NO && i < b->nwhy; i++)
			if (b->why[i].loc.file < m->nfiles)
				fprintf(f, "    %s:%u: %s\n",
					m->files[b->why[i].loc.file],
					b->why[i].loc.line, source_line_text(
					r->c->scans.src,
					m->files[b->why[i].loc.file],
					b->why[i].loc.line, line,
					sizeof(line)));
			else
				fprintf(f, "    %s is not defined\n",
					m->syms[b->why[i].sym].name);
	}
	fprintf(f, "\nThe condition of 'select %s':\n\n%s\n", series_target,
		r->choice.summary);
	if (r->relax)
		fprintf(f, "The relaxation (proven under %s): %s.\n\n",
			r->sc.profiles[r->relax_profile],
			r->relax->description);
	fprintf(f, "Proven by kdep before writing: the tree with the whole "
		"series laid over it,\nparsed again for %s under",
		r->sc.a.arch);
	for (size_t p = 0; p < r->sc.n; p++)
		fprintf(f, "%s %s", p ? "," : "", r->sc.profiles[p]);
	fprintf(f, ", has no recursive\ndependency under any of them.\n\n"
		"After the series:\n");
	for (size_t p = 0; p < r->sc.n; p++) {
		int v = r->proof.verdict[p];
		fprintf(f, "  %s: %s", r->sc.profiles[p], v == COSEL_YES ?
			"yes, with a witness .config the Kconfig engine "
			"accepts" : v == COSEL_NO ? "no" : "unknown");
		if (v == COSEL_YES && beside)
			fprintf(f, "\n    (written beside the patches as "
				"witness-%s.config)", r->sc.profiles[p]);
		fprintf(f, "\n");
	}
}

/* The cover letter, as git format-patch --cover-letter writes one. */
static char *cover_letter(struct series_run *r)
{
	const char *name, *email;
	char date[64], *s = NULL;
	size_t size = 0;
	time_t now = time(NULL);
	FILE *f = open_memstream(&s, &size);
	if (!f) {
		kdep_error_oom();
		return NULL;
	}
	author(&name, &email);
	/* the day of the month unpadded, as git writes it */
	struct tm *tm = localtime(&now);
	char day[8];
	strftime(day, sizeof(day), "%a", tm);
	size_t n = (size_t)snprintf(date, sizeof(date), "%s, %d ", day,
				    tm->tm_mday);
	strftime(date + n, sizeof(date) - n, "%b %Y %H:%M:%S %z", tm);
	fprintf(f, "From 0000000000000000000000000000000000000000 Mon Sep 17 "
		"00:00:00 2001\nFrom: %s <%s>\nDate: %s\nSubject: [PATCH 0/%zu] "
		"%s: static call trampolines, proven by kdep\n\n", name, email,
		date, r->s->n_patches, r->sc.a.arch);
	print_proof(f, r, 1);
	fprintf(f, "\n%s (%zu):\n", name, r->s->n_patches);
	for (size_t k = 0; k < r->s->n_patches; k++)
		fprintf(f, "  %s\n", r->s->patches[k].subject);
	if (*r->base)
		fprintf(f, "\nbase-commit: %s\n", r->base);
	fprintf(f, "-- \nkdep %s\n\n", KDEP_VERSION);
	if (fclose(f) || !s) {
		free(s);
		kdep_error_oom();
		return NULL;
	}
	return s;
}

/* Writes text into dir/name and says so. */
static int write_one(const char *dir, const char *name, const char *text)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (kdep_write_file(path, text, strlen(text)))
		return -1;
	printf("wrote %s\n", path);
	return 0;
}

/* -o DIR: the cover letter, a mail per patch, the witnesses. */
static int write_series(struct series_run *r, const char *dir)
{
	const char *name, *email;
	author(&name, &email);
	if (mkdir(dir, 0777) && errno != EEXIST) {
		kdep_error_set("cannot make %s: %s", dir, strerror(errno));
		return -1;
	}
	char *cover = cover_letter(r);
	int bad = !cover || write_one(dir, "0000-cover-letter.patch", cover);
	free(cover);
	for (size_t k = 0; !bad && k < r->s->n_patches; k++) {
		const struct patchgen_patch *p = &r->s->patches[k];
		struct mail m = { p->subject, p->body, name, email, k + 1,
				  r->s->n_patches };
		char *diff = NULL, *out = NULL, file[128];
		bad = patch_diff(r, k, &diff) ||
		      mail_format(&m, diff, strlen(diff), &out);
		mail_file_name(k + 1, p->subject, file, sizeof(file));
		if (!bad)
			bad = write_one(dir, file, out);
		free(diff);
		free(out);
	}
	for (size_t p = 0; !bad && p < r->sc.n; p++)
		if (r->proof.witness[p]) {
			char file[128];
			snprintf(file, sizeof(file), "witness-%s.config",
				 r->sc.profiles[p]);
			bad = write_one(dir, file, r->proof.witness[p]);
		}
	return bad ? -1 : 0;
}

/* Without -o: the proof, then each patch and its diff. */
static int print_series(struct series_run *r)
{
	print_proof(stdout, r, 0);
	for (size_t k = 0; k < r->s->n_patches; k++) {
		char *diff = NULL;
		if (patch_diff(r, k, &diff))
			return -1;
		printf("\npatch %zu of %zu: %s\n\n%s\n", k + 1,
		       r->s->n_patches, r->s->patches[k].subject,
		       r->s->patches[k].body);
		fputs(diff, stdout);
		free(diff);
	}
	return 0;
}

static void json_series(struct json *j, struct series_run *r)
{
	json_key(j, "condition");
	json_str(j, r->choice.cond);
	json_key(j, "choice");
	json_str(j, r->choice.summary);
	json_key(j, "relaxation");
	json_str(j, r->relax ? r->relax->description : NULL);
	json_key(j, "patches");
	json_arr_begin(j);
	for (size_t k = 0; k < r->s->n_patches; k++) {
		char *diff = NULL;
		if (patch_diff(r, k, &diff))
			diff = NULL;
		json_obj_begin(j);
		json_key(j, "subject");
		json_str(j, r->s->patches[k].subject);
		json_key(j, "body");
		json_str(j, r->s->patches[k].body);
		json_key(j, "diff");
		json_str(j, diff);
		json_obj_end(j);
		free(diff);
	}
	json_arr_end(j);
	json_key(j, "proof");
	json_obj_begin(j);
	json_key(j, "acyclic");
	json_bool(j, !r->proof.components);
	json_key(j, "recalled");
	json_bool(j, r->proof.recalled);
	json_key(j, "results");
	json_arr_begin(j);
	for (size_t p = 0; p < r->sc.n; p++) {
		const struct cosel_answer *b = &r->before[p];
		const struct model *m = r->sc.res[p].model;
		json_obj_begin(j);
		json_key(j, "profile");
		json_str(j, r->sc.profiles[p]);
		json_key(j, "before");
		json_bool(j, b->verdict == COSEL_YES);
		json_key(j, "explanation");
		json_arr_begin(j);
		for (size_t i = 0; i < b->nwhy; i++) {
			json_obj_begin(j);
			json_key(j, "file");
			json_str(j, b->why[i].loc.file < m->nfiles ?
				 m->files[b->why[i].loc.file] : NULL);
			json_key(j, "line");
			json_int(j, b->why[i].loc.line);
			json_obj_end(j);
		}
		json_arr_end(j);
		json_key(j, "coselectable");
		if (r->proof.verdict[p] == COSEL_UNKNOWN)
			json_null(j);
		else
			json_bool(j, r->proof.verdict[p] == COSEL_YES);
		json_key(j, "witness");
		json_str(j, r->proof.witness[p]);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

/* ---- the command ---------------------------------------------------------- */

/* The exit code of a refusal: the error printed, code returned. */
static int refuse(int code)
{
	cmd_fail();
	return code;
}

/* The series once the scans are loaded: -1 to go on, else the exit
 * code. */
static int series_run(struct series_run *r, struct json *j, int *found)
{
	struct cmd_ctx *c = r->c;
	struct scan_ctx *ctx = &c->scans;
	const char *keys[64];
	struct scan_fixer fixer;
	struct fix_engine eng;
	int rc;

	if ((rc = resolve(r)) >= 0)
		return rc;
	if (r->sc.n > 64) {
		kdep_error_set("more than 64 profiles");
		return cmd_fail();
	}
	/* a tree that has static calls: nothing to generate, and why */
	struct tramp_opts probe = { "", NULL, 0 };
	if (tramp_generate(ctx->src, &probe, &r->s))
		return cmd_fail();
	if (r->s->skipped) {
		if (c->o.format == REPORT_JSON) {
			json_obj_begin(j);
			json_key(j, "arch");
			json_str(j, r->sc.a.arch);
			json_key(j, "skipped");
			json_str(j, r->s->skipped);
			json_obj_end(j);
		} else {
			printf("%s: no trampoline series: %s\n", r->sc.a.arch,
			       r->s->skipped);
		}
		return EXIT_OK;
	}
	patchgen_series_free(r->s);
	r->s = NULL;
	cmd_fix_engine_open(ctx, &r->sc, keys, &fixer, &eng);
	struct series_ctx x = { ctx->src, &r->sc.a, r->sc.profiles, r->sc.n,
				keys, ctx->db };
	if (ask_before(r))
		return cmd_fail();
	phase_mark("before");
	if (series_choose(&x, &r->choice, &r->choice_recalled))
		return cmd_fail();
	phase_mark("condition");
	if ((rc = find_relaxation(r, &eng)) < 0)
		return cmd_fail();
	if (rc)
		return refuse(EXIT_FINDINGS);
	phase_mark("relaxation");
	int code = r->relax ? relax_impact(r) : 0;
	if (code < 0)
		return cmd_fail();
	if (generate(r, code))
		return cmd_fail();
	if (series_prove(&x, r->s, r->resolved, r->nt, &r->proof))
		return cmd_fail();
	phase_mark("proof");
	if (r->proof.components) {
		kdep_error_set("the series leaves %u strongly connected "
			       "component%s with a cycle; its first:\n%s",
			       r->proof.components, r->proof.components == 1 ?
			       "" : "s", r->proof.cycle ? r->proof.cycle : "");
		return refuse(EXIT_FINDINGS);
	}
	int yes = 0;
	for (size_t p = 0; p < r->sc.n; p++)
		yes |= r->proof.verdict[p] == COSEL_YES;
	if (!yes) {
		kdep_error_set("the series does not make the targets "
			       "co-selectable under any profile: not written");
		return refuse(EXIT_FINDINGS);
	}
	if (c->o.git && c->git) {
		char repo[4096];
		const char *rev = cmd_git_spec(c->o.git, repo, sizeof(repo));
		if (kgit_resolve_commit(c->git, rev && *rev ? rev : "HEAD",
					r->base))
			return cmd_fail();
	}
	*found = 1;
	if (c->o.format == REPORT_JSON) {
		json_obj_begin(j);
		json_key(j, "arch");
		json_str(j, r->sc.a.arch);
		json_key(j, "skipped");
		json_null(j);
		json_key(j, "series");
		json_obj_begin(j);
		json_series(j, r);
		json_obj_end(j);
		json_obj_end(j);
	} else if (c->o.output) {
		if (write_series(r, c->o.output))
			return cmd_fail();
		printf("%s: %zu patches and a cover letter written to %s%s\n",
		       r->sc.a.arch, r->s->n_patches, c->o.output,
		       r->proof.recalled && r->choice_recalled ?
		       " (every proof kept from an earlier run)" : "");
	} else if (print_series(r)) {
		return cmd_fail();
	}
	return EXIT_OK;
}

int cmd_fix_series(struct cmd_ctx *c, const char *arch, struct json *j,
		   int *found)
{
	struct series_run r;
	memset(&r, 0, sizeof(r));
	r.c = c;
	if (!(r.names = strv_split(c->o.want, &r.nnames)))
		return cmd_fail();
	if (strcmp(arch, series_arch) || !asks_series(r.names, r.nnames)) {
		strv_free(r.names);
		return -1;
	}
	if (scan_arch_all(&c->scans, arch, &r.sc)) {
		run_free(&r);
		return cmd_fail();
	}
	phase_mark("scans");
	int rc = series_run(&r, j, found);
	run_free(&r);
	return rc;
}
