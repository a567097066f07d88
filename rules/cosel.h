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
#include "sat.h"

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
};

/*
 * Loads config (a .config's text) as olddefconfig would and fills out.
 * Returns 0, or -1 with the error set. cosel frees out's strings.
 */
typedef int (*cosel_check_fn)(void *ctx, const char *config,
			      struct cosel_outcome *out);

/* One line of an explanation. */
struct cosel_line {
	uint8_t kind;             /* enum sat_group_kind */
	uint32_t sym;             /* the symbol or choice it belongs to;
				     MODEL_NONE for an if or menu line */
	struct loc loc;           /* the line; file MODEL_NONE for "the
				     target is not defined" */
};

struct cosel_answer {
	int verdict;              /* enum cosel_verdict */
	char *witness;            /* yes: the checked .config (owned) */
	struct cosel_line *why;   /* no: the explanation (owned) */
	size_t nwhy;
	unsigned candidates;      /* candidates the engine rejected */
};

/*
 * Answers one question: targets syms[0..n) (bool/tristate symbols of the
 * model s encodes). Returns 0, or -1 with the error set (the solver or the
 * check failed).
 */
int cosel_solve(struct sat *s, struct model *m, const uint32_t *syms,
		size_t n, int allow_m, cosel_check_fn check, void *ctx,
		struct cosel_answer *a);
void cosel_answer_free(struct cosel_answer *a);

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

#endif
