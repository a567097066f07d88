/*
 * series_prove.c - a generated series proven on its tree (see
 * series_prove.h): the trampoline's condition chosen by proof and kept,
 * a Kconfig line edit added as a patch of its own, and the whole series
 * laid over the tree, parsed again, its cycles found and its targets
 * asked, the answer kept by the content of every file the series leaves.
 */
#include "series_prove.h"
#include "alloc.h"
#include "cycle.h"
#include "error.h"
#include "kept.h"
#include "sat.h"
#include "verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- keys ---------------------------------------------------------------- */

/* A key being written: a memory stream. */
struct key {
	FILE *f;      /* writes into s */
	char *s;      /* the text */
	size_t size;  /* its length */
};

/* Starts the key of question q of x: kdep's version, the arch, each
 * profile with its scan's key. NULL f when nothing is kept (no database
 * or no keys) or out of memory (error set). */
static int key_begin(const struct series_ctx *x, const char *q, struct key *k)
{
	memset(k, 0, sizeof(*k));
	if (!x->db || !x->keys)
		return 0;
	if (!(k->f = open_memstream(&k->s, &k->size))) {
		kdep_error_oom();
		return -1;
	}
	fprintf(k->f, "kdep %s\n%s\n%s\n", KEPT_VERSION, x->a->arch, q);
	for (size_t p = 0; p < x->n; p++)
		fprintf(k->f, "%s %s\n", x->profiles[p], x->keys[p]);
	return 0;
}

/* Ends k into id (the git blob id of its text). */
static int key_end(struct key *k, char id[SOURCE_ID_SIZE])
{
	int bad = fclose(k->f) || !k->s;
	k->f = NULL;
	if (bad) {
		free(k->s);
		kdep_error_oom();
		return -1;
	}
	bad = source_blob_id(k->s, k->size, id);
	free(k->s);
	return bad ? -1 : 0;
}

/* ---- the condition of the select ---------------------------------------- */

int series_choose(const struct series_ctx *x, struct tramp_choice *out,
		  int *recalled)
{
	struct key k;
	char id[SOURCE_ID_SIZE], *kept = NULL;
	*recalled = 0;
	memset(out, 0, sizeof(*out));
	if (key_begin(x, "trampoline select condition by implication", &k))
		return -1;
	if (k.f) {
		if (key_end(&k, id) || db_kept_get(x->db, "series", id, &kept))
			return -1;
		char *nl = kept ? strchr(kept, '\n') : NULL;
		if (nl) {
			*nl = '\0';
			out->cond = kdep_strdup(kept);
			out->summary = kdep_strdup(nl + 1);
			free(kept);
			if (!out->cond || !out->summary)
				return -1;
			*recalled = 1;
			return 0;
		}
		free(kept);
	}
	if (tramp_choose(x->tree, out))
		return -1;
	if (!x->db || !x->keys)
		return 0;
	size_t lc = strlen(out->cond), ls = strlen(out->summary);
	char *v = kdep_calloc(lc + ls + 2, 1);
	if (!v)
		return -1;
	memcpy(v, out->cond, lc);
	v[lc] = '\n';
	memcpy(v + lc + 1, out->summary, ls);
	int bad = db_kept_put(x->db, "series", id, v);
	free(v);
	return bad ? -1 : 0;
}

/* ---- the proof ------------------------------------------------------------ */

void series_proof_free(struct series_proof *p)
{
	for (size_t i = 0; p->witness && i < p->n; i++)
		free(p->witness[i]);
	free(p->witness);
	free(p->verdict);
	free(p->cycle);
	memset(p, 0, sizeof(*p));
}

/* The proof as kept: "components N", then "cycle LEN", then per profile
 * "VERDICT LEN", each followed by LEN bytes of text and a newline. */
static char *proof_text(const struct series_proof *p)
{
	char *s = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&s, &size);
	if (!f) {
		kdep_error_oom();
		return NULL;
	}
	fprintf(f, "components %u\ncycle %zu\n%s\n", p->components,
		p->cycle ? strlen(p->cycle) : 0, p->cycle ? p->cycle : "");
	for (size_t i = 0; i < p->n; i++)
		fprintf(f, "%d %zu\n%s\n", p->verdict[i], p->witness[i] ?
			strlen(p->witness[i]) : 0, p->witness[i] ?
			p->witness[i] : "");
	if (fclose(f) || !s) {
		free(s);
		kdep_error_oom();
		return NULL;
	}
	return s;
}

/* The text of LEN bytes after a "... LEN\n" header at *at: a copy (NULL
 * for LEN 0) into *out, *at moved past it. -1 when malformed. */
static int take_text(const char **at, const char *end, size_t len,
		     char **out)
{
	*out = NULL;
	if ((size_t)(end - *at) < len + 1 || (*at)[len] != '\n')
		return -1;
	if (len && !(*out = kdep_calloc(len + 1, 1)))
		return -1;
	if (len)
		memcpy(*out, *at, len);
	*at += len + 1;
	return 0;
}

/* Reads a proof_text of n profiles into p; 1 when it is not one. */
static int proof_parse(const char *t, size_t n, struct series_proof *p)
{
	const char *at = t, *end = t + strlen(t);
	size_t len;
	int used;
	/* no blank after the count in the formats: the text may start with
	 * one, and a blank of sscanf's would swallow it */
	if (sscanf(at, "components %u cycle %zu%n", &p->components, &len,
		   &used) != 2 || at[used] != '\n')
		return 1;
	at += used + 1;
	if (take_text(&at, end, len, &p->cycle))
		return 1;
	for (size_t i = 0; i < n; i++) {
		if (sscanf(at, "%d %zu%n", &p->verdict[i], &len, &used) != 2 ||
		    at[used] != '\n')
			return 1;
		at += used + 1;
		if (take_text(&at, end, len, &p->witness[i]))
			return 1;
	}
	return 0;
}

/* The first cycle of rep as lines, into p->cycle. */
static int cycle_lines(const struct cycle_report *rep, struct series_proof *p)
{
	size_t size = 0;
	FILE *f = open_memstream(&p->cycle, &size);
	if (!f) {
		kdep_error_oom();
		return -1;
	}
	const struct cycle *c = &rep->v[0];
	for (uint32_t l = 0; l < c->nlinks; l++)
		fprintf(f, "%s %s %s (%s:%u)\n", c->links[l].from,
			cycle_phrase(c->links[l].kind), c->links[l].to,
			c->links[l].file, (unsigned)c->links[l].line);
	if (fclose(f) || !p->cycle) {
		kdep_error_oom();
		return -1;
	}
	return 0;
}

/* The targets asked of model m under profile p of x on the overlay ov:
 * verdict and witness into out. */
static int ask(const struct series_ctx *x, struct source *ov, size_t p,
	       struct model *m, const char *const *targets, size_t nt,
	       struct series_proof *out)
{
	uint32_t *t = kdep_calloc(nt + 1, sizeof(*t));
	struct scan_verifier v = { 0 };
	struct cosel_answer ans = { 0 };
	struct sat *s = NULL;
	int rc = -1;
	if (!t)
		return -1;
	out->verdict[p] = COSEL_NO;
	for (size_t i = 0; i < nt; i++)
		if ((t[i] = model_find(m, targets[i])) == MODEL_NONE) {
			rc = 0; /* a target not defined: no */
			goto done;
		}
	if (scan_verifier_open(&v, ov, x->a, x->profiles[p]) ||
	    !(s = sat_encode(m, t, nt)) ||
	    cosel_solve(s, m, t, nt, 0, scan_verify, &v, &ans))
		goto done;
	/* a yes under assumed probe answers is no proof */
	out->verdict[p] = ans.verdict == COSEL_YES && ans.nassumed ?
			  COSEL_UNKNOWN : ans.verdict;
	if (out->verdict[p] == COSEL_YES) {
		out->witness[p] = ans.witness;
		ans.witness = NULL;
	}
	rc = 0;
done:
	cosel_answer_free(&ans);
	sat_free(s);
	scan_verifier_close(&v);
	free(t);
	return rc;
}

/* The proof itself: every profile parsed again with the series over. */
static int prove(const struct series_ctx *x, const struct patchgen_series *s,
		 const char *const *targets, size_t nt, struct series_proof *out)
{
	struct source *ov = NULL;
	struct model **models = kdep_calloc(x->n + 1, sizeof(*models));
	struct cycle_report rep;
	int rc = -1;
	memset(&rep, 0, sizeof(rep));
	if (!models || source_open_overlay(&ov, x->tree))
		goto done;
	for (size_t i = 0; i < s->n_final; i++)
		if (source_overlay_put(ov, s->final[i].path, s->final[i].data,
				       s->final[i].len))
			goto done;
	for (size_t p = 0; p < x->n; p++)
		if (scan_parse(ov, x->a, x->profiles[p], NULL, &models[p]))
			goto done;
	if (cycles_find(models, (unsigned)x->n, &rep))
		goto done;
	out->components = rep.components;
	if (rep.n && cycle_lines(&rep, out))
		goto done;
	for (size_t p = 0; p < x->n; p++)
		if (ask(x, ov, p, models[p], targets, nt, out))
			goto done;
	rc = 0;
done:
	cycle_report_free(&rep);
	for (size_t p = 0; models && p < x->n; p++)
		model_free(models[p]);
	free(models);
	source_free(ov);
	return rc;
}

int series_prove(const struct series_ctx *x, const struct patchgen_series *s,
		 const char *const *targets, size_t nt, struct series_proof *out)
{
	struct key k;
	char id[SOURCE_ID_SIZE], *kept = NULL;
	memset(out, 0, sizeof(*out));
	out->n = x->n;
	if (!(out->verdict = kdep_calloc(x->n + 1, sizeof(*out->verdict))) ||
	    !(out->witness = kdep_calloc(x->n + 1, sizeof(*out->witness))))
		return -1;
	if (key_begin(x, "series", &k))
		return -1;
	if (k.f) {
		/* everything the answer depends on: the targets, and every
		 * file the series leaves, by content */
		for (size_t i = 0; i < nt; i++)
			fprintf(k.f, "target %s\n", targets[i]);
		for (size_t i = 0; i < s->n_final; i++) {
			char fid[SOURCE_ID_SIZE];
			if (source_blob_id(s->final[i].data, s->final[i].len,
					   fid)) {
				fclose(k.f);
				free(k.s);
				return -1;
			}
			fprintf(k.f, "file %s %s\n", s->final[i].path, fid);
		}
		if (key_end(&k, id) || db_kept_get(x->db, "series", id, &kept))
			return -1;
		if (kept) {
			int bad = proof_parse(kept, x->n, out);
			free(kept);
			if (!bad) {
				out->recalled = 1;
				return 0;
			}
			/* not a proof of this version: proven again */
			free(out->cycle);
			out->cycle = NULL;
			out->components = 0;
			for (size_t p = 0; p < x->n; p++) {
				free(out->witness[p]);
				out->witness[p] = NULL;
			}
		}
	}
	if (prove(x, s, targets, nt, out))
		return -1;
	if (!x->db || !x->keys)
		return 0;
	char *v = proof_text(out);
	int bad = !v || db_kept_put(x->db, "series", id, v);
	free(v);
	return bad ? -1 : 0;
}
