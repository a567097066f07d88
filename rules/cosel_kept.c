/*
 * cosel_kept.c - a co-selectability answer as the text an engine keeps,
 * and read back (cosel.h). A matrix of two targets, the first a yes whose
 * witness is 14 bytes, the pair a no of one line:
 *
 *     kdep cosel answer 1
 *     model 17573 1602
 *     formula 305 468 93
 *     answer 1 1 0 1 0 1
 *     witness 14
 *     CONFIG_A=y\n...
 *     answer 3 0 0 0 1 0
 *     why 3 812 40 207
 *
 * "model" is the symbol and file counts of the model the answer was found
 * in; "answer MASK VERDICT CANDIDATES WITNESS_OF MINIMAL_NO MAXIMAL_YES"
 * (a single question: mask 0, the last three 0); "why KIND SYM FILE
 * LINE", with - for MODEL_NONE; "assumes SYM VALUE" for each unrecorded
 * probe's answer a yes assumes (SYMF_PROBE, cosel.h).
 */
#include "cosel.h"
#include "alloc.h"
#include "error.h"
#include "file.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEPT_HEAD "kdep cosel answer 1\n"

char *cosel_question_text(const struct cosel_result *res)
{
	char *s = NULL;
	size_t size = 0;
	FILE *o = kdep_text_open(&s, &size);
	if (!o)
		return NULL;
	fprintf(o, "kdep cosel question 1\n%s %s\n",
		res->matrix ? "matrix" : "one", res->allow_m ? "m" : "y");
	/* each as asked: "SYM", or "SYM=VALUE" (a value is part of the
	 * question) */
	for (size_t k = 0; k < res->ntargets; k++)
		fprintf(o, "%s\n", res->labels ? res->labels[k]
						: res->targets[k]);
	return kdep_text_close(o, &s);
}

static void put_index(FILE *o, uint32_t i)
{
	if (i == MODEL_NONE)
		fputs(" -", o);
	else
		fprintf(o, " %" PRIu32, i);
}

static void put_answer(FILE *o, uint32_t mask, const struct cosel_answer *a,
		       uint32_t of, int minimal_no, int maximal_yes)
{
	fprintf(o, "answer %" PRIu32 " %d %u %" PRIu32 " %d %d\n", mask,
		a->verdict, a->candidates, of, minimal_no, maximal_yes);
	if (a->witness)
		fprintf(o, "witness %zu\n%s\n", strlen(a->witness), a->witness);
	for (size_t i = 0; i < a->nwhy; i++) {
		fprintf(o, "why %u", (unsigned)a->why[i].kind);
		put_index(o, a->why[i].sym);
		put_index(o, a->why[i].loc.file);
		fprintf(o, " %" PRIu32 "\n", a->why[i].loc.line);
	}
	for (size_t i = 0; i < a->nassumed; i++)
		fprintf(o, "assumes %" PRIu32 " %d\n", a->assumed[i].sym,
			a->assumed[i].value);
}

char *cosel_result_text(const struct cosel_result *res, const struct model *m)
{
	char *s = NULL;
	size_t size = 0;
	FILE *o = kdep_text_open(&s, &size);
	if (!o)
		return NULL;
	fputs(KEPT_HEAD, o);
	fprintf(o, "model %" PRIu32 " %" PRIu32 "\n", m->nsyms, m->nfiles);
	fprintf(o, "formula %u %u %u\n", res->vars, res->clauses, res->groups);
	if (!res->matrix) {
		put_answer(o, 0, &res->one, 0, 0, 0);
	} else {
		const struct cosel_matrix *x = &res->x;
		for (uint32_t mask = 1; mask < (1u << x->n); mask++)
			put_answer(o, mask, &x->at[mask], x->witness_of[mask],
				   x->minimal_no[mask], x->maximal_yes[mask]);
	}
	return kdep_text_close(o, &s);
}

/* ---- reading ------------------------------------------------------------ */

/* A kept text being read; bad is set at the first thing that is not
 * what cosel_result_text writes (the answer is then asked anew). */
struct reader {
	const char *at;             /* the next line */
	const struct model *m;      /* what indices must fit */
	int bad;                    /* not an answer for m */
};

/* The next line into buf (without its newline); 0 at the end. */
static int next_line(struct reader *r, char *buf, size_t size)
{
	const char *end = strchr(r->at, '\n');
	if (!*r->at || !end || (size_t)(end - r->at) >= size) {
		r->bad |= *r->at != '\0';
		return 0;
	}
	memcpy(buf, r->at, (size_t)(end - r->at));
	buf[end - r->at] = '\0';
	r->at = end + 1;
	return 1;
}

/* An index of the text ("-" for MODEL_NONE) that must be below n. */
static uint32_t get_index(struct reader *r, const char *s, uint32_t n)
{
	char *end;
	if (!strcmp(s, "-"))
		return MODEL_NONE;
	unsigned long v = strtoul(s, &end, 10);
	if (*end || end == s || v >= n) {
		r->bad = 1;
		return 0;
	}
	return (uint32_t)v;
}

/* A "why" line into a, which has room. */
static void get_why(struct reader *r, const char *line,
		    struct cosel_answer *a)
{
	char sym[16], file[16];
	unsigned kind;
	uint32_t lineno;
	if (sscanf(line, "why %u %15s %15s %" SCNu32, &kind, sym, file,
		   &lineno) != 4 || kind > 255) {
		r->bad = 1;
		return;
	}
	struct cosel_line *l = &a->why[a->nwhy++];
	l->kind = (uint8_t)kind;
	l->sym = get_index(r, sym, r->m->nsyms);
	l->loc.file = get_index(r, file, r->m->nfiles);
	l->loc.line = lineno;
}

/* The witness of length len that follows a "witness" line. */
static char *get_witness(struct reader *r, size_t len)
{
	if (strnlen(r->at, len + 1) < len + 1 || r->at[len] != '\n') {
		r->bad = 1;
		return NULL;
	}
	char *w = kdep_calloc(len + 1, 1);
	if (w)
		memcpy(w, r->at, len);
	r->at += len + 1;
	return w;
}

/* An "assumes" line into a, which has room. */
static void get_assumed(struct reader *r, const char *line,
			struct cosel_answer *a)
{
	uint32_t sym;
	int value;
	if (sscanf(line, "assumes %" SCNu32 " %d", &sym, &value) != 2 ||
	    sym >= r->m->nsyms || !(r->m->syms[sym].flags & SYMF_PROBE) ||
	    (value != 0 && value != 1)) {
		r->bad = 1;
		return;
	}
	a->assumed[a->nassumed].sym = sym;
	a->assumed[a->nassumed++].value = value;
}

/* Lines of text that start with word (and a space) from at on. */
static size_t count_lines(const char *at, const char *word)
{
	size_t n = 0, len = strlen(word);
	for (; !strncmp(at, word, len) && at[len] == ' '; n++) {
		const char *end = strchr(at, '\n');
		if (!end)
			break;
		at = end + 1;
	}
	return n;
}

/* One answer: its "answer" line in line, what follows it from r. Returns
 * the mask, or -1 with the error set; r->bad for a malformed one. */
static int64_t get_answer(struct reader *r, const char *line,
			  struct cosel_answer *a, uint32_t *of,
			  uint8_t *minimal_no, uint8_t *maximal_yes)
{
	uint32_t mask;
	int verdict, minimal, maximal;
	unsigned cand;
	char buf[64];
	if (sscanf(line, "answer %" SCNu32 " %d %u %" SCNu32 " %d %d", &mask,
		   &verdict, &cand, of, &minimal, &maximal) != 6 ||
	    verdict < COSEL_NO || verdict > COSEL_UNKNOWN) {
		r->bad = 1;
		return 0;
	}
	a->verdict = verdict;
	a->candidates = cand;
	*minimal_no = minimal == 1;
	*maximal_yes = maximal == 1;
	size_t len;
	if (!strncmp(r->at, "witness ", 8) && next_line(r, buf, sizeof(buf))) {
		if (sscanf(buf, "witness %zu", &len) != 1) {
			r->bad = 1;
			return 0;
		}
		if (!(a->witness = get_witness(r, len)) && !r->bad)
			return -1;
	}
	size_t nwhy = count_lines(r->at, "why");
	if (nwhy && !(a->why = kdep_calloc(nwhy, sizeof(*a->why))))
		return -1;
	for (size_t i = 0; i < nwhy && !r->bad; i++)
		if (next_line(r, buf, sizeof(buf)))
			get_why(r, buf, a);
	size_t nas = count_lines(r->at, "assumes");
	if (nas && !(a->assumed = kdep_calloc(nas, sizeof(*a->assumed))))
		return -1;
	for (size_t i = 0; i < nas && !r->bad; i++)
		if (next_line(r, buf, sizeof(buf)))
			get_assumed(r, buf, a);
	return mask;
}

/* The answers of a matrix of res into x (sized for res). */
static int get_matrix(struct reader *r, const struct cosel_result *res,
		      struct cosel_matrix *x)
{
	uint32_t full = (1u << res->ntargets) - 1;
	char line[128];
	x->n = res->ntargets;
	x->at = kdep_calloc(full + 1, sizeof(*x->at));
	x->witness_of = kdep_calloc(full + 1, sizeof(*x->witness_of));
	x->minimal_no = kdep_calloc(full + 1, 1);
	x->maximal_yes = kdep_calloc(full + 1, 1);
	if (!x->at || !x->witness_of || !x->minimal_no || !x->maximal_yes)
		return -1;
	for (uint32_t want = 1; want <= full && !r->bad; want++) {
		uint32_t of = 0;
		uint8_t mn = 0, mx = 0;
		struct cosel_answer a = { 0 };
		if (!next_line(r, line, sizeof(line))) {
			r->bad = 1;
			break;
		}
		int64_t mask = get_answer(r, line, &a, &of, &mn, &mx);
		if (mask < 0) {
			cosel_answer_free(&a);
			return -1;
		}
		int yes = a.verdict == COSEL_YES;
		/* a yes is its own witness or a larger subset's */
		if (r->bad || mask != want ||
		    (yes && (of > full || (of & want) != want)) ||
		    !!a.witness != (yes && of == want)) {
			r->bad = 1;
			cosel_answer_free(&a);
			break;
		}
		x->at[want] = a;
		x->witness_of[want] = a.verdict == COSEL_YES ? of : 0;
		x->minimal_no[want] = mn;
		x->maximal_yes[want] = mx;
	}
	for (uint32_t mask = 1; mask <= full && !r->bad; mask++)
		if (x->witness_of[mask] && !x->at[x->witness_of[mask]].witness)
			r->bad = 1;
	return 0;
}

int cosel_result_read(struct cosel_result *res, const struct model *m,
		      const char *text)
{
	struct reader r = { text, m, 0 };
	struct cosel_answer one = { 0 };
	struct cosel_matrix x = { 0 };
	unsigned vars, clauses, groups;
	uint32_t nsyms, nfiles;
	char line[128];
	int ret = -1;

	if (strncmp(text, KEPT_HEAD, strlen(KEPT_HEAD)))
		return 0;
	r.at += strlen(KEPT_HEAD);
	if (!next_line(&r, line, sizeof(line)) ||
	    sscanf(line, "model %" SCNu32 " %" SCNu32, &nsyms, &nfiles) != 2 ||
	    nsyms != m->nsyms || nfiles != m->nfiles ||
	    !next_line(&r, line, sizeof(line)) ||
	    sscanf(line, "formula %u %u %u", &vars, &clauses, &groups) != 3)
		return 0;
	if (!res->matrix) {
		uint32_t of;
		uint8_t mn, mx;
		if (!next_line(&r, line, sizeof(line)))
			return 0;
		int64_t mask = get_answer(&r, line, &one, &of, &mn, &mx);
		if (mask < 0)
			goto done;
		r.bad |= mask != 0 || (one.verdict == COSEL_YES) != !!one.witness;
	} else if (res->ntargets < 1 || res->ntargets > COSEL_MATRIX_MAX) {
		r.bad = 1;
	} else if (get_matrix(&r, res, &x)) {
		goto done;
	}
	if (!r.bad && *r.at)
		r.bad = 1; /* more than was written */
	if (r.bad) {
		ret = 0;
		goto done;
	}
	res->vars = vars;
	res->clauses = clauses;
	res->groups = groups;
	res->one = one;
	res->x = x;
	return 1;
done:
	cosel_answer_free(&one);
	cosel_matrix_free(&x);
	return ret;
}
