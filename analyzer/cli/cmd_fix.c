/*
 * cmd_fix.c - `kdep fix`: for every recursive dependency of each
 * architecture, the Kconfig edits that break it, each proven by parsing
 * the edited tree again under every profile (rules/fix.h), printed as a
 * unified diff with its proof.
 */
#include "cmd_fix.h"
#include "alloc.h"
#include "edit.h"
#include "email.h"
#include "file.h"
#include "fix_build.h"
#include "error.h"
#include "fix.h"
#include "impact.h"
#include "json.h"
#include "phase.h"
#include "verify.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The symbols of a component, as one line (at most 8 named). */
static void print_comp(FILE *f, const struct cycle_component *k)
{
	for (uint32_t i = 0; i < k->n && i < 8; i++)
		fprintf(f, "%s%s", i ? " " : "", k->syms[i].name);
	if (k->n > 8)
		fprintf(f, " ... (%u symbols)", k->n);
}

/* Per profile, what the SAT check said of x: same (the profile's name)
 * when nothing changes, else changed (its name and what may change). */
static void proof_lines(FILE *f, const struct fix *x, char *const *profiles,
			size_t np, const char *same, const char *changed)
{
	for (size_t p = 0; p < np; p++)
		if (x->unchanged & (1ull << p))
			fprintf(f, same, profiles[p]);
		else
			fprintf(f, changed, profiles[p],
				x->change && x->change[p] ? x->change[p] :
				"configurations may change");
}

static void print_proof(FILE *f, const struct fix *x, char *const *profiles,
			size_t np)
{
	fprintf(f, "\tproof: the edited tree parsed again under");
	for (size_t p = 0; p < np; p++)
		fprintf(f, "%s %s", p ? "," : "", profiles[p]);
	fprintf(f, ": the component has no cycle, and no new cycle "
		   "appears\n");
	proof_lines(f, x, profiles, np, "\t%s: no configuration changes (SAT: "
		    "proven over the symbols the edit touches)\n",
		    "\t%s: %s\n");
}

/* The label of a fix whose impact has mismatched guards. */
static const char impact_label[] = "Kconfig part only: code changes needed";

/* The guards fix x concerns in src, into im (empty when it changes no
 * combination). 0, or -1 with the error set. */
static int fix_impact(struct scan_ctx *ctx, const char *arch,
		      const struct fix *x, struct impact *im)
{
	memset(im, 0, sizeof(*im));
	if (!x->nloose || !x->ngain)
		return 0;
	return scan_impact(ctx->src, ctx->db, arch, (const char *const *)x->loose,
			   x->nloose, (const char *const *)x->gain, x->ngain,
			   im);
}

static void print_names(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? ", " : "", v[i]);
}

/* Whether file f of im has a mismatched guard. */
static int file_mismatched(const struct impact *im, const char *f)
{
	for (size_t i = 0; i < im->n; i++)
		if (im->v[i].mismatched && !strcmp(im->v[i].file, f))
			return 1;
	return 0;
}

static void print_impact(const struct fix *x, const struct impact *im)
{
	if (!x->nloose || !x->ngain)
		return;
	printf("\timpact: %s", im->mismatched ? impact_label : "the Kconfig "
	       "edit");
	if (im->n)
		printf(": %zu guard%s test ", im->n, im->n == 1 ? "" : "s");
	else
		printf(": no guard in the code tests ");
	print_names(x->loose, x->nloose);
	printf(" or ");
	print_names(x->gain, x->ngain);
	if (im->n)
		printf(", %zu of them (!) one side without the other",
		       im->mismatched);
	printf("\n");
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < im->n; i++) {
			const struct impact_guard *g = &im->v[i];
			int mis = file_mismatched(im, g->file);
			if (mis != !pass)
				continue;
			if (!i || strcmp(im->v[i - 1].file, g->file))
				printf("\t  %s%s:\n", g->file,
				       mis ? " (mismatched)" : "");
			printf("\t    %c %u: %.100s\n",
			       g->mismatched ? '!' : ' ', g->line, g->text);
		}
}

static void json_impact(struct json *j, const struct fix *x,
			const struct impact *im)
{
	json_key(j, "impact");
	json_obj_begin(j);
	json_key(j, "label");
	json_str(j, im->mismatched ? impact_label : NULL);
	json_key(j, "loose");
	json_arr_begin(j);
	for (size_t i = 0; i < x->nloose; i++)
		json_str(j, x->loose[i]);
	json_arr_end(j);
	json_key(j, "gain");
	json_arr_begin(j);
	for (size_t i = 0; i < x->ngain; i++)
		json_str(j, x->gain[i]);
	json_arr_end(j);
	json_key(j, "mismatched");
	json_int(j, (int64_t)im->mismatched);
	json_key(j, "guards");
	json_arr_begin(j);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < im->n; i++) {
			const struct impact_guard *g = &im->v[i];
			if (file_mismatched(im, g->file) != !pass)
				continue;
			json_obj_begin(j);
			json_key(j, "file");
			json_str(j, g->file);
			json_key(j, "line");
			json_int(j, g->line);
			json_key(j, "last");
			json_int(j, g->last);
			json_key(j, "text");
			json_str(j, g->text);
			json_key(j, "mismatched");
			json_bool(j, g->mismatched);
			json_obj_end(j);
		}
	json_arr_end(j);
	json_obj_end(j);
}

static void json_edit(struct json *j, const struct finding_edit *e)
{
	json_obj_begin(j);
	json_key(j, "file");
	json_str(j, e->file);
	json_key(j, "first");
	json_int(j, e->first);
	json_key(j, "last");
	json_int(j, e->last);
	json_key(j, "old");
	json_str(j, e->old_text);
	json_key(j, "new");
	json_str(j, e->new_text);
	json_obj_end(j);
}

/* What every fix says first in JSON: its kind, edits and diff (the
 * object left open). */
static void json_fix_head(struct json *j, const struct fix *x,
			  const char *diff)
{
	json_obj_begin(j);
	json_key(j, "kind");
	json_str(j, fix_kind_name(x->kind));
	json_key(j, "description");
	json_str(j, x->description);
	json_key(j, "edits");
	json_arr_begin(j);
	json_edit(j, &x->edit);
	json_arr_end(j);
	json_key(j, "diff");
	json_str(j, diff);
}

/* What the candidates of fc cost, and the array of its fixes opened. */
static void json_fixes_begin(struct json *j, const struct fix_component *fc)
{
	json_key(j, "tried");
	json_int(j, (int64_t)fc->tried);
	json_key(j, "recalled");
	json_int(j, (int64_t)fc->recalled);
	json_key(j, "fixes");
	json_arr_begin(j);
}

/* The candidates of fc that were rejected, with why. */
static void json_rejected(struct json *j, const struct fix_component *fc)
{
	json_key(j, "rejected");
	json_arr_begin(j);
	for (size_t i = fc->nproven; i < fc->n; i++) {
		if (!fc->v[i].why_rejected)
			continue;
		json_obj_begin(j);
		json_key(j, "description");
		json_str(j, fc->v[i].description);
		json_key(j, "why");
		json_str(j, fc->v[i].why_rejected);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_fixes(struct json *j, const struct fix_component *fc,
		       char *const *diffs, const struct impact *imps,
		       char *const *profiles, size_t np,
		       const struct build_result *bc)
{
	json_obj_begin(j);
	json_key(j, "component");
	json_arr_begin(j);
	for (uint32_t i = 0; i < fc->comp->n; i++)
		json_str(j, fc->comp->syms[i].name);
	json_arr_end(j);
	json_fixes_begin(j, fc);
	for (size_t i = 0; i < fc->nproven; i++) {
		const struct fix *x = &fc->v[i];
		json_fix_head(j, x, diffs[i]);
		json_key(j, "proof");
		json_obj_begin(j);
		json_key(j, "acyclic");
		json_bool(j, 1);
		json_key(j, "profiles");
		json_arr_begin(j);
		for (size_t p = 0; p < np; p++)
			json_str(j, profiles[p]);
		json_arr_end(j);
		json_key(j, "unchanged");
		json_arr_begin(j);
		for (size_t p = 0; p < np; p++)
			if (x->unchanged & (1ull << p))
				json_str(j, profiles[p]);
		json_arr_end(j);
		json_key(j, "changes");
		json_obj_begin(j);
		for (size_t p = 0; p < np; p++)
			if (!(x->unchanged & (1ull << p))) {
				json_key(j, profiles[p]);
				json_str(j, x->change ? x->change[p] : NULL);
			}
		json_obj_end(j);
		json_obj_end(j);
		json_impact(j, x, &imps[i]);
		json_key(j, "shared");
		json_bool(j, x->shared);
		json_key(j, "arch_confined");
		json_bool(j, x->arch_confined);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_rejected(j, fc);
	if (bc) {
		json_key(j, "build_checks");
		json_arr_begin(j);
		for (size_t p = 0; p < np; p++) {
			json_obj_begin(j);
			fix_build_json(j, profiles[p], 1, &bc[p]);
			json_obj_end(j);
		}
		json_arr_end(j);
	}
	json_obj_end(j);
}

/* ---- -o DIR: each proven fix as a mail ---------------------------------- */

/* Where the mails go, and how many are written. */
struct mailbox {
	const char *dir;       /* -o DIR, or NULL */
	size_t n;              /* mails written so far */
};

/* "arm64: " for a file of arch/arm64/, else its first two directories. */
static void subject_prefix(const char *file, char *buf, size_t size)
{
	const char *slash = strchr(file, '/');
	if (!strncmp(file, "arch/", 5) && slash && strchr(slash + 1, '/')) {
		snprintf(buf, size, "%.*s: ",
			 (int)(strchr(slash + 1, '/') - slash - 1), slash + 1);
		return;
	}
	const char *two = slash ? strchr(slash + 1, '/') : NULL;
	if (!slash)
		snprintf(buf, size, "kconfig: ");
	else
		snprintf(buf, size, "%.*s: ",
			 (int)((two ? two : slash) - file), file);
}

void cmd_fix_subject(const struct fix *x, char *buf, size_t size)
{
	char pre[64];
	subject_prefix(x->edit.file, pre, sizeof(pre));
	const char *own = x->owner;
	switch (x->kind) {
	case FIX_DROP_COND:
		if (x->target)
			snprintf(buf, size, "%sselect %s without a condition",
				 pre, x->target);
		else
			snprintf(buf, size, "%sdrop a condition of %s", pre,
				 own);
		break;
	case FIX_DROP_CONJUNCT:
		if (x->target)
			snprintf(buf, size, "%sdrop %s from the condition of "
				 "select %s", pre, x->nloose ? x->loose[0] :
				 "a conjunct", x->target);
		else
			snprintf(buf, size, "%sdrop %s from the dependencies "
				 "of %s", pre, x->nloose ? x->loose[0] :
				 "a conjunct", own);
		break;
	case FIX_DROP_DEPENDS:
		snprintf(buf, size, "%s%s: drop a dependency", pre, own);
		break;
	default:
		snprintf(buf, size, "%s%s: no longer select %s", pre, own,
			 x->target ? x->target : "");
	}
}

/* The impact of x as lines of a message. */
static void body_impact(FILE *f, const struct fix *x, const struct impact *im)
{
	if (!x->nloose || !x->ngain)
		return;
	fprintf(f, "\n%s: %zu guards in the code test these symbols, %zu "
		"of them one side without the other:\n\n",
		im->mismatched ? impact_label : "What the edit changes in the "
		"code", im->n, im->mismatched);
	size_t shown = 0;
	for (size_t i = 0; i < im->n && shown < 12; i++)
		if (im->v[i].mismatched) {
			fprintf(f, "  %s:%u: %.60s\n", im->v[i].file,
				im->v[i].line, im->v[i].text);
			shown++;
		}
	if (im->mismatched > shown)
		fprintf(f, "  ... and %zu more\n", im->mismatched - shown);
}

/* Writes the mail of fix x (body in text) into the mailbox. */
static int mail_write(struct mailbox *mb, const struct fix *x,
		      const char *body, const char *diff)
{
	char subject[256], name[128], path[4096];
	char *out = NULL;
	if (!mb->dir)
		return 0;
	cmd_fix_subject(x, subject, sizeof(subject));
	const char *author = getenv("GIT_AUTHOR_NAME");
	const char *email = getenv("GIT_AUTHOR_EMAIL");
	struct mail m = { subject, body, author && *author ? author : "kdep",
			  email && *email ? email : "kdep@localhost", 1, 1 };
	if (mkdir(mb->dir, 0777) && errno != EEXIST) {
		kdep_error_set("cannot make %s: %s", mb->dir, strerror(errno));
		return -1;
	}
	if (mail_format(&m, diff, strlen(diff), &out))
		return -1;
	mail_file_name(++mb->n, subject, name, sizeof(name));
	snprintf(path, sizeof(path), "%s/%s", mb->dir, name);
	int ret = kdep_write_file(path, out, strlen(out));
	free(out);
	return ret;
}

/* A mail's message being written. */
struct message {
	FILE *f;        /* writes into body */
	char *body;     /* the text (open_memstream's) */
	size_t size;    /* its length */
};

/* A stream to write a message for the mailbox into, or NULL: no -o
 * (nothing to write), or out of memory (error set). */
static FILE *message_open(const struct mailbox *mb, struct message *msg)
{
	memset(msg, 0, sizeof(*msg));
	if (!mb->dir)
		return NULL;
	if (!(msg->f = open_memstream(&msg->body, &msg->size)))
		kdep_error_oom();
	return msg->f;
}

/* Writes the mail of fix x with the message and frees the message. */
static int message_send(struct mailbox *mb, struct message *msg,
			const struct fix *x, const char *diff)
{
	fclose(msg->f);
	int ret = msg->body ? mail_write(mb, x, msg->body, diff) : -1;
	free(msg->body);
	return ret;
}

/* The message of a cycle fix: the cycle, the link cut, the proof. */
static int mail_cycle(struct mailbox *mb, struct source *src,
		      const struct fix_component *fc, const struct fix *x,
		      const struct impact *im, const char *diff,
		      char *const *profiles, size_t np)
{
	struct message msg;
	char line[256];
	FILE *f = message_open(mb, &msg);
	if (!f)
		return mb->dir ? -1 : 0;
	fprintf(f, "The Kconfig graph has a recursive dependency: a "
		"strongly connected\ncomponent of %u symbols (", fc->comp->n);
	for (uint32_t i = 0; i < fc->comp->n && i < 6; i++)
		fprintf(f, "%s%s", i ? ", " : "", fc->comp->syms[i].name);
	fprintf(f, "%s) that the kernel's\nconf reports as \"recursive "
		"dependency detected\". %s\nhas a link of it%s:\n\n  %s:%u: "
		"%s\n\n", fc->comp->n > 6 ? ", ..." : "", x->owner,
		x->shared ? " that every reported cycle of the component "
		"shares" : "", x->edit.file, x->edit.first,
		source_line_text(src, x->edit.file, x->edit.first, line,
				 sizeof(line)));
	fprintf(f, "This change: %s.\n\nProven by kdep: the edited tree, "
		"parsed again under", x->description);
	for (size_t p = 0; p < np; p++)
		fprintf(f, "%s %s", p ? "," : "", profiles[p]);
	fprintf(f, ",\nhas no cycle left in the component and no new one.\n");
	proof_lines(f, x, profiles, np, "Under %s no configuration changes (a "
		    "SAT check over the symbols\nthe edit touches).\n",
		    "Under %s: %s.\n");
	body_impact(f, x, im);
	return message_send(mb, &msg, x, diff);
}

/* The message of a relaxation: the no and its lines, the proof. */
static int mail_want(struct mailbox *mb, struct source *src,
		     const struct fix_want *w, const struct model *m,
		     const struct fix *x, const struct impact *im,
		     const char *diff, const char *arch, const char *profile,
		     char **names, size_t n)
{
	struct message msg;
	char line[256];
	FILE *f = message_open(mb, &msg);
	if (!f)
		return mb->dir ? -1 : 0;
	fprintf(f, "On %s under %s, ", arch, profile);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? (i + 1 == n ? " and " : ", ") : "",
			names[i]);
	fprintf(f, " cannot be y together;\nthese lines forbid it "
		"together:\n\n");
	for (size_t i = 0; i < w->before.nwhy; i++) {
		const struct cosel_line *l = &w->before.why[i];
		if (l->loc.file >= m->nfiles)
			continue;
		fprintf(f, "  %s:%u: %s\n", m->files[l->loc.file], l->loc.line,
			source_line_text(src, m->files[l->loc.file],
					 l->loc.line, line, sizeof(line)));
	}
	fprintf(f, "\nThis change: %s.\n\nProven by kdep: the edited tree, "
		"parsed again under %s, makes them\nco-selectable, with a "
		"witness .config the Kconfig engine accepts, and\nhas no new "
		"cycle. Configurations become possible where ", x->description,
		profile);
	for (size_t i = 0; i < x->ngain; i++)
		fprintf(f, "%s%s", i ? ", " : "", x->gain[i]);
	fprintf(f, "\nare set without ");
	for (size_t i = 0; i < x->nloose; i++)
		fprintf(f, "%s%s", i ? ", " : "", x->loose[i]);
	fprintf(f, ".\n");
	body_impact(f, x, im);
	return message_send(mb, &msg, x, diff);
}

void cmd_fix_engine_open(struct scan_ctx *ctx, struct arch_scans *sc,
			 const char **keys, struct scan_fixer *fixer,
			 struct fix_engine *eng)
{
	for (size_t p = 0; p < sc->n && p < 64; p++)
		keys[p] = sc->res[p].key;
	*fixer = (struct scan_fixer){ ctx->src, &sc->a, sc->profiles, sc->n,
				      ctx->db, keys };
	*eng = (struct fix_engine){ scan_fixer_read, scan_fixer_reparse,
				    scan_fixer_open_edited,
				    scan_fixer_close_edited, scan_fixer_recall,
				    scan_fixer_remember, fixer };
}

/* The fixes of one architecture's cycles, printed. */
static int fix_arch(struct cmd_ctx *c, const char *arch, int as_json,
		    struct json *j, int *found, struct mailbox *mb)
{
	struct scan_ctx *ctx = &c->scans;
	struct arch_scans sc;
	struct cycle_report rep = { 0 };
	struct model **models = NULL;
	int ret = EXIT_TREE;
	if (scan_arch_all(ctx, arch, &sc))
		goto done;
	phase_mark("scans");
	models = kdep_calloc(sc.n + 1, sizeof(*models));
	if (!models)
		goto done;
	for (size_t p = 0; p < sc.n; p++)
		models[p] = sc.res[p].model;
	if (sc.n > 64) {
		kdep_error_set("more than 64 profiles");
		goto done;
	}
	if (cycles_find(models, (unsigned)sc.n, &rep))
		goto done;
	phase_mark("cycle-search");
	const char *keys[64];
	struct scan_fixer fixer;
	struct fix_engine eng;
	cmd_fix_engine_open(ctx, &sc, keys, &fixer, &eng);
	struct fix_ctx fx = {
		.models = models,
		.profiles = (const char *const *)sc.profiles,
		.nprofiles = (unsigned)sc.n,
		.arch = sc.a.arch,
		.report = &rep,
		.engine = &eng,
	};
	if (as_json) {
		json_obj_begin(j);
		json_key(j, "arch");
		json_str(j, sc.a.arch);
		json_key(j, "profiles");
		json_arr_begin(j);
		for (size_t p = 0; p < sc.n; p++)
			json_str(j, sc.profiles[p]);
		json_arr_end(j);
		json_key(j, "components");
		json_arr_begin(j);
	}
	size_t nfixes = 0;
	for (uint32_t i = 0; i < rep.components; i++) {
		struct fix_component fc;
		*found = 1;
		if (fix_component(&fx, &rep.comps[i], &fc))
			goto done;
		char **diffs = kdep_calloc(fc.nproven + 1, sizeof(*diffs));
		struct impact *imps = kdep_calloc(fc.nproven + 1,
						  sizeof(*imps));
		int bad = !diffs || !imps;
		for (size_t k = 0; !bad && k < fc.nproven; k++)
			bad = scan_edits_diff(ctx->src, &fc.v[k].edit, 1,
					      mail_blob_id, &diffs[k]) ||
			      fix_impact(ctx, sc.a.arch, &fc.v[k],
					 &imps[k]);
		for (size_t k = 0; !bad && k < fc.nproven; k++)
			bad = mail_cycle(mb, ctx->src, &fc, &fc.v[k], &imps[k],
					 diffs[k], sc.profiles, sc.n);
		/* --build-check: the top fix under each profile, from
		 * allnoconfig (no witness: nothing is asked to be y) */
		struct build_result *bc = NULL;
		if (!bad && c->o.build_check && fc.nproven) {
			bc = kdep_calloc(sc.n, sizeof(*bc));
			bad = !bc;
			for (size_t p = 0; !bad && p < sc.n; p++)
				bad = fix_build(c, sc.a.arch, sc.profiles[p],
						&fc.v[0], NULL, NULL, 0,
						&imps[0], &bc[p]);
			for (size_t p = 0; !bad && p < sc.n; p++)
				*found |= fix_build_failed(&bc[p]);
		}
		if (!bad && as_json) {
			json_fixes(j, &fc, diffs, imps, sc.profiles, sc.n, bc);
		} else if (!bad) {
			const struct fix *top = fc.nproven ? &fc.v[0] : NULL;
			printf("%s:%u: note: %s for the recursive dependency "
			       "of ", top ? top->edit.file : sc.a.arch,
			       top ? top->edit.first : 0,
			       fc.nproven ? "proven fixes" : "no proven fix");
			print_comp(stdout, fc.comp);
			printf(" [recursive-dependency]\n");
			for (size_t k = 0; k < fc.nproven; k++) {
				printf("fix %zu of %zu: %s\n", k + 1,
				       fc.nproven, fc.v[k].description);
				print_proof(stdout, &fc.v[k], sc.profiles,
					    sc.n);
				print_impact(&fc.v[k], &imps[k]);
				fputs(diffs[k], stdout);
			}
			for (size_t k = fc.nproven; k < fc.n; k++)
				if (fc.v[k].why_rejected)
					printf("rejected: %s: %s\n",
					       fc.v[k].description,
					       fc.v[k].why_rejected);
			for (size_t p = 0; bc && p < sc.n; p++)
				fix_build_print(stdout, sc.a.arch,
						sc.profiles[p], 1, &bc[p]);
		}
		for (size_t p = 0; bc && p < sc.n; p++)
			build_result_free(&bc[p]);
		free(bc);
		nfixes += fc.nproven;
		if (!bad && !as_json)
			printf("%s: %zu candidates tried, %zu proven, of %zu%s\n",
			       sc.a.arch, fc.tried, fc.nproven, fc.n,
			       fc.recalled == fc.tried && fc.tried ?
			       " (every proof kept from an earlier run)" : "");
		for (size_t k = 0; diffs && k < fc.nproven; k++)
			free(diffs[k]);
		for (size_t k = 0; imps && k < fc.nproven; k++)
			impact_free(&imps[k]);
		free(diffs);
		free(imps);
		fix_component_free(&fc);
		if (bad)
			goto done;
	}
	phase_mark("fix");
	if (as_json) {
		json_arr_end(j);
		json_obj_end(j);
	} else if (!rep.components) {
		printf("%s: no recursive dependency, nothing to fix\n",
		       sc.a.arch);
	}
	(void)nfixes;
	ret = EXIT_OK;
done:
	if (ret)
		ret = cmd_fail();
	cycle_report_free(&rep);
	free(models);
	arch_scans_free(&sc);
	return ret;
}

/* ---- --want -------------------------------------------------------------- */

static void print_want(const struct fix_want *w, const struct model *m,
		       char *const *diffs, const struct impact *imps,
		       const char *arch,
		       const char *profile, char **names, size_t n)
{
	const struct fix_component *fc = &w->fixes;
	printf("%s (%s): ", arch, profile);
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? " + " : "", names[i]);
	if (w->before.verdict == COSEL_YES) {
		printf(": co-selectable already, nothing to relax\n");
		return;
	}
	if (w->before.verdict != COSEL_NO) {
		printf(": unknown (no witness the Kconfig engine accepts), "
		       "nothing to relax\n");
		return;
	}
	printf(": no, forbidden by %zu lines; %s\n", w->before.nwhy,
	       fc->nproven ? "proven relaxations:" : "no proven relaxation");
	for (size_t k = 0; k < fc->nproven; k++) {
		const struct fix *x = &fc->v[k];
		printf("fix %zu of %zu: %s\n", k + 1, fc->nproven,
		       x->description);
		printf("\tproof: the edited tree parsed again under %s: "
		       "co-selectable, with a witness .config the Kconfig "
		       "engine accepts; no new cycle\n", profile);
		printf("\trank: %s, %s, %u symbol%s loosened\n",
		       x->arch_confined ? "in the arch's own files" :
		       "outside the arch's files",
		       x->negation ? "a negation dropped" :
		       "a positive conjunct dropped", x->loosened,
		       x->loosened == 1 ? "" : "s");
		print_impact(x, &imps[k]);
		fputs(diffs[k], stdout);
	}
	for (size_t k = fc->nproven; k < fc->n; k++)
		if (fc->v[k].why_rejected)
			printf("rejected: %s: %s\n", fc->v[k].description,
			       fc->v[k].why_rejected);
	(void)m;
}

static void json_want(struct json *j, const struct fix_want *w,
		      const struct model *m, char *const *diffs,
		      const struct impact *imps,
		      const char *profile, char **names, size_t n,
		      const struct build_result *bc)
{
	const struct fix_component *fc = &w->fixes;
	json_obj_begin(j);
	json_key(j, "profile");
	json_str(j, profile);
	json_key(j, "symbols");
	json_arr_begin(j);
	for (size_t i = 0; i < n; i++)
		json_str(j, names[i]);
	json_arr_end(j);
	json_key(j, "coselectable");
	if (w->before.verdict == COSEL_UNKNOWN)
		json_null(j);
	else
		json_bool(j, w->before.verdict == COSEL_YES);
	json_key(j, "explanation");
	json_arr_begin(j);
	for (size_t i = 0; i < w->before.nwhy; i++) {
		const struct cosel_line *l = &w->before.why[i];
		json_obj_begin(j);
		json_key(j, "symbol");
		json_str(j, l->sym < m->nsyms ? m->syms[l->sym].name : NULL);
		json_key(j, "file");
		json_str(j, l->loc.file < m->nfiles ? m->files[l->loc.file]
						    : NULL);
		json_key(j, "line");
		json_int(j, l->loc.line);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_fixes_begin(j, fc);
	for (size_t i = 0; i < fc->nproven; i++) {
		const struct fix *x = &fc->v[i];
		json_fix_head(j, x, diffs[i]);
		json_key(j, "proof");
		json_obj_begin(j);
		json_key(j, "coselectable");
		json_bool(j, 1);
		json_key(j, "witness");
		json_str(j, x->witness);
		json_key(j, "acyclic");
		json_bool(j, 1);
		json_obj_end(j);
		json_impact(j, x, &imps[i]);
		json_key(j, "arch_confined");
		json_bool(j, x->arch_confined);
		json_key(j, "negation");
		json_bool(j, x->negation);
		json_key(j, "loosened");
		json_int(j, x->loosened);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_rejected(j, fc);
	if (bc)
		fix_build_json(j, profile, 1, bc);
	json_obj_end(j);
}

/* The relaxations that make the --want symbols co-selectable on one
 * architecture, under each of its profiles, printed. */
static int want_arch(struct cmd_ctx *c, const char *arch, struct json *j,
		     int *found, struct mailbox *mb)
{
	struct scan_ctx *ctx = &c->scans;
	struct arch_scans sc;
	size_t n = 0;
	char **names = strv_split(c->o.want, &n);
	int ret = EXIT_TREE;
	if (!names)
		return cmd_fail();
	if (scan_arch_all(ctx, arch, &sc)) {
		strv_free(names);
		arch_scans_free(&sc);
		return cmd_fail();
	}
	phase_mark("scans");
	const char *keys[64];
	struct scan_fixer fixer;
	struct fix_engine eng;
	cmd_fix_engine_open(ctx, &sc, keys, &fixer, &eng);
	if ((c->o.format == REPORT_JSON)) {
		json_obj_begin(j);
		json_key(j, "arch");
		json_str(j, sc.a.arch);
		json_key(j, "results");
		json_arr_begin(j);
	}
	for (size_t p = 0; p < sc.n; p++) {
		struct model *m = sc.res[p].model;
		uint32_t t[COSEL_MATRIX_MAX];
		const char *resolved[COSEL_MATRIX_MAX];
		if (n < 1 || n > COSEL_MATRIX_MAX) {
			kdep_error_set_arg("--want takes 1 to %d symbols",
					   COSEL_MATRIX_MAX);
			goto done;
		}
		for (size_t k = 0; k < n; k++) {
			if (strpbrk(names[k], "=!")) {
				/* the relaxations make bare targets y */
				kdep_error_set_arg("--want takes symbols, not "
						   "values: %s", names[k]);
				goto done;
			}
			t[k] = model_resolve(m, names[k]);
			if (t[k] == MODEL_NONE) {
				ret = cmd_unknown_symbol(m, names[k], arch);
				goto out;
			}
			resolved[k] = m->syms[t[k]].name;
		}
		struct scan_verifier v = { 0 };
		if (scan_verifier_open(&v, ctx->src, &sc.a, sc.profiles[p])) {
			scan_verifier_close(&v);
			goto done;
		}
		struct fix_want_ctx wx = {
			.model = m, .profile = (unsigned)p, .arch = sc.a.arch,
			.targets = t, .ntargets = n, .engine = &eng,
			.check = scan_verify, .check_ctx = &v,
		};
		struct fix_want w;
		int bad = fix_want(&wx, &w);
		scan_verifier_close(&v);
		if (bad)
			goto done;
		const struct fix_component *fc = &w.fixes;
		char **diffs = kdep_calloc(fc->nproven + 1, sizeof(*diffs));
		struct impact *imps = kdep_calloc(fc->nproven + 1,
						  sizeof(*imps));
		bad = !diffs || !imps;
		for (size_t k = 0; !bad && k < fc->nproven; k++)
			bad = scan_edits_diff(ctx->src, &fc->v[k].edit, 1,
					      mail_blob_id, &diffs[k]) ||
			      fix_impact(ctx, sc.a.arch, &fc->v[k],
					 &imps[k]);
		for (size_t k = 0; !bad && k < fc->nproven; k++)
			bad = mail_want(mb, ctx->src, &w, m, &fc->v[k],
					&imps[k], diffs[k], sc.a.arch,
					sc.profiles[p], (char **)resolved, n);
		/* --build-check: the top relaxation where they were wanted */
		struct build_result br = { 0 };
		int built = !bad && c->o.build_check &&
			    w.before.verdict == COSEL_NO && fc->nproven;
		if (built)
			bad = fix_build(c, sc.a.arch, sc.profiles[p],
					&fc->v[0], fc->v[0].witness, resolved,
					n, &imps[0], &br);
		if (!bad && (c->o.format == REPORT_JSON))
			json_want(j, &w, m, diffs, imps, sc.profiles[p],
				  (char **)resolved, n, built ? &br : NULL);
		else if (!bad)
			print_want(&w, m, diffs, imps, sc.a.arch,
				   sc.profiles[p], (char **)resolved, n);
		if (!bad && built && c->o.format != REPORT_JSON)
			fix_build_print(stdout, sc.a.arch, sc.profiles[p], 1,
					&br);
		*found |= w.before.verdict != COSEL_YES ||
			  (built && fix_build_failed(&br));
		build_result_free(&br);
		for (size_t k = 0; diffs && k < fc->nproven; k++)
			free(diffs[k]);
		for (size_t k = 0; imps && k < fc->nproven; k++)
			impact_free(&imps[k]);
		free(diffs);
		free(imps);
		fix_want_free(&w);
		if (bad)
			goto done;
	}
	if ((c->o.format == REPORT_JSON)) {
		json_arr_end(j);
		json_obj_end(j);
	}
	phase_mark("fix");
	ret = EXIT_OK;
	goto out;
done:
	ret = cmd_fail();
out:
	strv_free(names);
	arch_scans_free(&sc);
	return ret;
}

/* ---- --fix of kdep cycles ------------------------------------------------ */

void cmd_fix_attached_free(struct cmd_attached *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free((char *)a->v[i].description);
		free((char *)a->v[i].edits[0].file);
		free((char *)a->v[i].edits[0].old_text);
		free((char *)a->v[i].edits[0].new_text);
		free(a->v[i].edits);
	}
	free(a->v);
	memset(a, 0, sizeof(*a));
}

/* A copy of x's edit and description as a finding's fix, into a. */
static struct finding_fix *attach_one(struct cmd_attached *a,
				      const struct fix *x)
{
	if (kdep_grow(&a->v, &a->cap, a->n + 1, sizeof(*a->v)))
		return NULL;
	struct finding_fix *f = &a->v[a->n];
	memset(f, 0, sizeof(*f));
	f->edits = kdep_calloc(1, sizeof(*f->edits));
	if (!f->edits)
		return NULL;
	a->n++;
	f->nedits = 1;
	f->edits[0] = x->edit;
	f->edits[0].file = kdep_strdup(x->edit.file);
	f->edits[0].old_text = kdep_strdup(x->edit.old_text);
	f->edits[0].new_text = kdep_strdup(x->edit.new_text);
	f->description = kdep_strdup(x->description);
	if (!f->edits[0].file || !f->edits[0].old_text ||
	    !f->edits[0].new_text || !f->description)
		return NULL;
	return f;
}

int cmd_fix_attach(struct scan_ctx *ctx, struct arch_scans *sc,
		   struct model *const *models, struct finding_set *set,
		   struct cmd_attached *a)
{
	const struct cycle_report *rep = set->n ? set->v[0].payload : NULL;
	const char *keys[64];
	struct scan_fixer fixer;
	struct fix_engine eng;
	if (!rep || sc->n > 64)
		return 0;
	cmd_fix_engine_open(ctx, sc, keys, &fixer, &eng);
	struct fix_ctx fx = {
		.models = models,
		.profiles = (const char *const *)sc->profiles,
		.nprofiles = (unsigned)sc->n,
		.arch = sc->a.arch,
		.report = rep,
		.engine = &eng,
		.max_proven = 1,
	};
	for (size_t i = 0; i < set->n && i < rep->components; i++) {
		struct fix_component fc;
		if (fix_component(&fx, &rep->comps[i], &fc))
			return -1;
		struct finding_fix *f = fc.nproven ? attach_one(a, &fc.v[0])
						   : NULL;
		int bad = fc.nproven && !f;
		fix_component_free(&fc);
		if (bad)
			return -1;
		/* the findings are the components, in order (rules/cycle.c) */
		set->v[i].fix = f;
	}
	return 0;
}

int cmd_fix_attach_want(struct scan_ctx *ctx, struct arch_scans *sc,
			size_t p, const uint32_t *targets, size_t n,
			struct finding *f, struct cmd_attached *a)
{
	const char *keys[64];
	struct scan_fixer fixer;
	struct fix_engine eng;
	if (sc->n > 64 || p >= sc->n)
		return 0;
	cmd_fix_engine_open(ctx, sc, keys, &fixer, &eng);
	struct scan_verifier v = { 0 };
	if (scan_verifier_open(&v, ctx->src, &sc->a, sc->profiles[p])) {
		scan_verifier_close(&v);
		return -1;
	}
	struct fix_want_ctx wx = {
		.model = sc->res[p].model, .profile = (unsigned)p,
		.arch = sc->a.arch, .targets = targets, .ntargets = n,
		.engine = &eng, .check = scan_verify, .check_ctx = &v,
		.max_proven = 1,
	};
	struct fix_want w;
	int bad = fix_want(&wx, &w);
	scan_verifier_close(&v);
	if (bad)
		return -1;
	struct finding_fix *x = w.fixes.nproven ?
		attach_one(a, &w.fixes.v[0]) : NULL;
	bad = w.fixes.nproven && !x;
	fix_want_free(&w);
	if (!bad)
		f->fix = x;
	return bad ? -1 : 0;
}

int cmd_fix(struct cmd_ctx *c)
{
	struct scan_ctx *ctx = &c->scans;
	struct json j;
	int ret = EXIT_OK, found = 0;
	if ((c->o.format == REPORT_JSON)) {
		json_init(&j, stdout);
		if (ctx->narches > 1)
			json_arr_begin(&j);
	}
	struct mailbox mb = { c->o.output, 0 };
	for (size_t ai = 0; ai < ctx->narches && !ret; ai++) {
		/* the trampoline series answers a --want it is asked for */
		ret = c->o.want ? cmd_fix_series(c, ctx->arches[ai], &j,
						 &found) : -1;
		if (ret >= 0)
			continue;
		ret = c->o.want ?
		      want_arch(c, ctx->arches[ai], &j, &found, &mb) :
		      fix_arch(c, ctx->arches[ai], (c->o.format == REPORT_JSON), &j, &found,
			       &mb);
	}
	if ((c->o.format == REPORT_JSON) && !ret) {
		if (ctx->narches > 1)
			json_arr_end(&j);
		json_end(&j);
	}
	return ret ? ret : found ? EXIT_FINDINGS : EXIT_OK;
}
