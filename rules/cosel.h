/*
 * cosel.h - co-selectability: can some .config end with every target at y
 * (at least m with allow_m)?
 *
 * The SAT encoding (sat.h) over-approximates, so:
 *   - unsatisfiable with nothing blocked is a proof: the answer is no, and
 *     a minimal set of Kconfig lines explains it;
 *   - a satisfying assignment is a candidate .config, checked by the Kconfig
 *     engine (a callback: kconfiglib, olddefconfig semantics). If every
 *     target holds, the answer is yes and that .config is the witness
 *     (values for the symbols a user sets that can matter; olddefconfig
 *     fills in the rest). If not, the candidate is blocked and the solver asked
 *     again, at most COSEL_MAX_CANDIDATES times in all; past that bound, or
 *     when only blocked candidates were left, the answer is unknown, never
 *     a guessed yes or no.
 */
#ifndef KDEP_COSEL_H
#define KDEP_COSEL_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct sat;
struct sat_want;

/* Candidates checked per question before answering unknown. */
#define COSEL_MAX_CANDIDATES 8

/* Most targets a matrix takes (2^n - 1 subsets). */
#define COSEL_MATRIX_MAX 8

enum cosel_verdict {
	COSEL_NO = 0,
	COSEL_YES = 1,
	COSEL_UNKNOWN = 2,
};

/* What the Kconfig engine made of a candidate .config. */
struct cosel_outcome {
	char **names;   /* every defined symbol */
	char **values;  /* its value: "y", "m", "n", or int/hex/string */
	size_t n;
	char **unmet;   /* the symbols the engine reported selected above
			   their direct dependencies, */
	char **unmet_by; /* [i]: by the select of this symbol */
	size_t nunmet;  /* how many such reports */
};

/*
 * Loads config (a .config's text) as olddefconfig would and fills out.
 * Returns 0, or -1 with the error set. cosel frees out's strings.
 */
typedef int (*cosel_check_fn)(void *ctx, const char *config,
			      struct cosel_outcome *out);

/* One line of an explanation. */
struct cosel_line {
	uint8_t kind;             /* enum sat_group_kind (sat.h) */
	uint32_t sym;             /* the symbol or choice it belongs to;
				     MODEL_NONE for an if or menu line */
	struct loc loc;           /* the line; file MODEL_NONE for "the
				     target is not defined" */
};

/* An unrecorded probe's answer a witness needs (model.h: SYMF_PROBE). */
struct cosel_assumed {
	uint32_t sym;             /* the symbol that stands for the answer */
	int value;                /* 1: the probe succeeds; 0: it fails */
};

/* Most unrecorded probes a witness is checked under every answer of. */
#define COSEL_MAX_ASSUMED 3

struct cosel_answer {
	int verdict;              /* enum cosel_verdict */
	char *witness;            /* yes: the checked .config (owned) */
	/* yes under these answers of unrecorded probes only (the witness's
	 * "# kdep assumes" lines; owned): no bare yes, but "yes assuming",
	 * as co-selectability unknown */
	struct cosel_assumed *assumed;
	size_t nassumed;
	struct cosel_line *why;   /* no: the explanation (owned) */
	size_t nwhy;
	unsigned candidates;      /* candidates the engine rejected */
};

/*
 * The value asked of a target, the same under every profile: what the
 * Kconfig comparison 'SYM = VALUE' (or 'SYM != VALUE') means (sat.h's
 * struct sat_want). A bare target asks y, or at least m with allow_m.
 */
struct cosel_value {
	int ne;              /* 1: SYM != VALUE */
	const char *value;   /* "y", "m", "n", or an int, hex or string
				value; NULL: a bare target */
};

/*
 * Answers one question: targets syms[0..n) (bool/tristate symbols of the
 * model s encodes), each bare. Returns 0, or -1 with the error set (the
 * solver or the check failed).
 */
int cosel_solve(struct sat *s, struct model *m, const uint32_t *syms,
		size_t n, int allow_m, cosel_check_fn check, void *ctx,
		struct cosel_answer *a);
void cosel_answer_free(struct cosel_answer *a);

/*
 * The same question with a value asked of each target: want[0..n), of the
 * model s encodes with sat_encode_wants() of the same wants. Returns 0,
 * or -1 with the error set.
 */
int cosel_solve_wants(struct sat *s, struct model *m,
		      const struct sat_want *want, size_t n,
		      cosel_check_fn check, void *ctx,
		      struct cosel_answer *a);

/*
 * Every non-empty subset of syms[0..n), n <= COSEL_MATRIX_MAX. Subsets are
 * addressed by bit mask (bit i: syms[i]). A subset of a checked yes is yes
 * with that witness; minimal no subsets (all of whose smaller subsets are
 * yes) carry their explanation.
 */
struct cosel_matrix {
	size_t n;                  /* targets */
	struct cosel_answer *at;   /* [mask], 1 <= mask < 2^n */
	uint32_t *witness_of;      /* [mask]: the mask whose witness proves it */
	uint8_t *minimal_no;       /* [mask]: no, and every smaller subset yes */
	uint8_t *maximal_yes;      /* [mask]: yes, and no larger subset yes */
};

int cosel_matrix(struct sat *s, struct model *m, const uint32_t *syms,
		 size_t n, int allow_m, cosel_check_fn check, void *ctx,
		 struct cosel_matrix *x);
void cosel_matrix_free(struct cosel_matrix *x);

/* ---- the rule ------------------------------------------------------------
 *
 * rule_cosel_run() (registry id "not-coselectable") asks the question
 * below under each profile of the context and makes one finding per
 * answer: a pass for yes, a fail for no (related places: the lines that
 * forbid it, role "forbids"), open for unknown. A matrix makes one for the
 * whole list and one for each largest yes, each smallest no and each
 * unknown subset. Every finding's payload is a struct cosel_subset.
 */

/*
 * Answers kept by the engine from an earlier run: recall gives *text, the
 * text remember was given for question (cosel_question_text()) under the
 * same tree, arch and profile, or NULL when none is kept. The engine keys
 * them by content (rules see no database). 0, or -1 with the error set.
 */
typedef int (*cosel_recall_fn)(void *ctx, const char *question, char **text);
typedef int (*cosel_remember_fn)(void *ctx, const char *question,
				 const char *text);

/* The question (struct rule_ctx's cosel). */
struct cosel_question {
	const uint32_t *const *targets; /* [profile][k]: target k, resolved in
					   that profile's model */
	size_t ntargets;                /* targets (1..COSEL_MATRIX_MAX for a
					   matrix) */
	int allow_m;                    /* m counts */
	int matrix;                     /* every non-empty subset */
	cosel_check_fn check;           /* the Kconfig engine */
	void *const *check_ctx;         /* [profile]: passed to check */
	cosel_recall_fn recall;         /* answers kept, or NULL: every
					   question asked anew */
	cosel_remember_fn remember;     /* keeps an answer, or NULL */
	void *const *keep_ctx;          /* [profile]: passed to both */
	const struct cosel_value *values; /* [k]: the value asked of target
					   k; NULL: every target bare */
	const char *config;             /* a .config's text: the witness
					   closest to it (closest.h), one
					   question only; else NULL */
};

/* A subset mask that means every target (a single question). */
#define COSEL_ALL UINT32_MAX

/* Whether target k is in subset mask. */
static inline int cosel_in(uint32_t mask, size_t k)
{
	return mask == COSEL_ALL || (k < 32 && (mask & (1u << k)));
}

struct cosel_result;
struct closest_answer;

/* The subset of the targets one finding answers: its payload. */
struct cosel_subset {
	const struct cosel_result *of; /* the answer it is part of */
	uint32_t mask;                 /* bit k: target k; COSEL_ALL */
};

/* The answer under one profile, kept with the findings. */
struct cosel_result {
	const char *profile;       /* borrowed from the context */
	const char **targets;      /* [ntargets]: their names as resolved
				      (borrowed from the model) */
	struct cosel_value *values; /* [ntargets]: the value asked of each,
				      bare ones resolved by allow_m (value
				      and the array owned) */
	uint8_t *bare;             /* [ntargets]: asked without a value */
	char **labels;             /* [ntargets]: each as asked, "SYM" or
				      "SYM=VALUE" (owned) */
	size_t ntargets;
	int allow_m;               /* m counted */
	int matrix;                /* x holds the answers, else one */
	struct cosel_answer one;   /* a single question's answer */
	struct cosel_matrix x;     /* a matrix's */
	unsigned vars;             /* the formula asked: variables, */
	unsigned clauses;          /* clauses */
	unsigned groups;           /* and groups (one per Kconfig line) */
	struct cosel_subset *subsets; /* a matrix: [mask]; else [0], the
					 whole list */
	struct closest_answer *near; /* with a .config: the changes of
					one's witness from it; else NULL */
};

/*
 * An answer as the text an engine keeps (cosel_kept.c). The question:
 * the targets as resolved, in order, whether m counts and whether it is
 * a matrix. The answer: the formula's size and each answer with its
 * witness and lines (symbol and file indices of the model the answer was
 * found in: a kept answer is only read against the model of the same
 * content). Each returns a malloc'd text, or NULL with the error set.
 */
char *cosel_question_text(const struct cosel_result *res);
char *cosel_result_text(const struct cosel_result *res,
			const struct model *m);
/*
 * Fills the answer of res (its question set: targets, allow_m, matrix)
 * from text, for model m. Returns 1 when read, 0 when text is no answer
 * for m (res unchanged: ask anew), -1 with the error set.
 */
int cosel_result_read(struct cosel_result *res, const struct model *m,
		      const char *text);

#endif
