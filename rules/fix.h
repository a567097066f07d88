/*
 * fix.h - Kconfig edits that break a recursive dependency, each proven
 * before it is offered.
 *
 * Candidates come from the links of the reported cycles of a component,
 * in the families the kernel documents (kconfig-language.rst, "Kconfig
 * recursive dependency limitations"): drop a 'select' or a 'depends on',
 * drop the condition of a line, or one conjunct of it; narrow a condition
 * (drop the disjunct that names the link); turn a 'select' into a
 * 'depends on' or back. When no single edit leaves the component
 * acyclic, small sets of them are tried as one fix. A candidate is a
 * fix only once proven:
 *   - the engine applies it as text to an overlay of the tree and parses
 *     it again under every profile (a callback: rules see no source);
 *   - the cycle rule runs on those graphs: the component must be gone
 *     and no component the tree did not have may appear;
 *   - a SAT check (sat_implies) on the symbols the edit touches says,
 *     per profile, whether any valid configuration can change.
 * Fixes that provably change nothing rank first; a candidate that fails
 * the proof is counted, never offered.
 */
#ifndef KDEP_RULE_FIX_H
#define KDEP_RULE_FIX_H

#include <stddef.h>
#include <stdint.h>

#include "cosel.h"
#include "cycle.h"
#include "finding.h"
#include "model.h"

/* Fixes proven per component, at most. */
#define FIX_MAX_PROVEN 3
/* Candidates tried (parsed again) per component, at most. */
#define FIX_MAX_TRIED 12
/* Sets of edits tried per component when no single edit is a fix, at
 * most, and the edits a set has, at most. */
#define FIX_MAX_SETS 12
#define FIX_MAX_PARTS 3

/* The start of why_rejected for a candidate that breaks some cycles of
 * the component but not all: what a set of edits is made of. */
#define FIX_REMAINS "a cycle remains in the component"

/* What a candidate does to its line. */
enum fix_kind {
	FIX_DROP_COND = 0,  /* 'select T if C' -> 'select T' (also imply,
			       default, a prompt's 'if') */
	FIX_DROP_CONJUNCT,  /* one conjunct of a condition or 'depends on' */
	FIX_DROP_DEPENDS,   /* the 'depends on' line */
	FIX_DROP_SELECT,    /* the 'select' line */
	FIX_NARROW,         /* one disjunct of a condition or 'depends on'
			       dropped: 'if A || B' -> 'if B' */
	FIX_SELECT_TO_DEPENDS, /* 'select T' -> 'depends on T' */
	FIX_DEPENDS_TO_SELECT, /* 'depends on T' (or a conjunct T of it)
				  -> 'select T' */
	FIX_SET,            /* several edits, one fix (parts) */
	FIX_KIND_COUNT
};

/* A candidate edit of one line, and what its proof found. */
struct fix {
	uint8_t kind;               /* enum fix_kind */
	struct finding_edit edit;   /* the line and what replaces it (owned
				       strings; new_text "" deletes it) */
	char *description;          /* one line: what the edit does */
	char *owner;                /* the symbol whose line it is */
	char *other;                /* the symbol of the link it cuts */
	int shared;                 /* on every reported cycle of the
				       component */
	int arch_confined;          /* in arch/<arch>/ */
	uint8_t prop_kind;          /* enum prop_kind of the line edited */
	char *target;               /* P_SELECT, P_IMPLY: what it selects;
				       else NULL */
	uint32_t conj;              /* FIX_DROP_CONJUNCT, FIX_NARROW,
				       FIX_DEPENDS_TO_SELECT: which
				       conjunct of the condition (flattened
				       '&&') */
	uint32_t disj;              /* FIX_NARROW: which disjunct of that
				       conjunct (flattened '||') */
	struct fix *parts;          /* FIX_SET: its single edits, each a
				       candidate (owned; edit is a copy of
				       parts[0].edit); else NULL */
	size_t nparts;
	/* the proof */
	int proven;                 /* parsed again under every profile,
				       component acyclic, no new cycle */
	uint64_t unchanged;         /* bit p: no configuration changes under
				       profile p (SAT, proven) */
	char **change;              /* [nprofiles]: what may change under
				       profile p, or NULL when unchanged */
	char *why_rejected;         /* a rejected candidate: why, else NULL */
	/* relaxations (fix_want) */
	int capability;             /* it would drop a dependency on an
				       architecture capability (HAVE_*,
				       ARCH_HAS_*, ARCH_SUPPORTS_*) */
	int negation;               /* the conjunct dropped is a negation */
	int toolchain;              /* what it drops folds to a constant: a
				       toolchain's answer, not the tree's */
	unsigned loosened;          /* symbols the dropped conjunct names:
				       each may now differ from the line's
				       symbol where it could not */
	char *witness;              /* proven: the .config the Kconfig
				       engine accepted with every target y */
	/* the pair whose combinations of values change (fix_sides) */
	char **loose;               /* the symbols of what is dropped */
	size_t nloose;
	char **gain;                /* the line's own symbol (a select's
				       target, else its owner) and the
				       targets that depend on it */
	size_t ngain;
};

/* The candidates of one component, ranked. */
struct fix_component {
	const struct cycle_component *comp; /* borrowed from the report */
	struct fix *v;              /* candidates: proven first, in rank
				       order, then the rejected ones */
	size_t n;                   /* how many */
	size_t nproven;             /* the first nproven are proven */
	size_t tried;               /* candidates proven (or recalled) */
	size_t recalled;            /* of them, proofs kept from a run
				       before (nothing parsed again) */
	unsigned nprofiles;         /* entries of each fix's change */
};

/* What the rule needs from the engine. */
struct fix_engine {
	/* The contents of file (relative to the tree), NUL-terminated, into
	 * *data (caller frees). 0, or -1 with the error set. */
	int (*read)(void *ctx, const char *file, char **data, size_t *len);
	/* The graphs of the tree with edits[0..n) applied, one per profile
	 * of the context, into out[] (caller frees with model_free). 0, or
	 * -1 with the error set (an edit that does not apply, a parse
	 * error). */
	int (*reparse)(void *ctx, const struct finding_edit *edits, size_t n,
		       struct model **out);
	/* The tree with edits[0..n) applied, under profile p of the
	 * context: its graph (*out, model_free) and the Kconfig engine's
	 * check of a candidate .config on it (*check with *check_ctx,
	 * released by close_edited). 0, or -1 with the error set. */
	int (*open_edited)(void *ctx, const struct finding_edit *edits,
			   size_t n, unsigned p, struct model **out,
			   cosel_check_fn *check, void **check_ctx);
	void (*close_edited)(void *ctx, void *check_ctx);
	/* Proofs kept from an earlier run, by content: the text remember
	 * stored for candidate f of question q ("cycles", or the targets of
	 * a relaxation and its profile) into *out (malloc'd), or NULL. Both
	 * may be NULL (nothing kept). 0, or -1 with the error set. */
	int (*recall)(void *ctx, const struct fix *f, const char *q,
		      char **out);
	int (*remember)(void *ctx, const struct fix *f, const char *q,
			const char *text);
	void *ctx;                  /* passed to each */
};

/* One architecture under nprofiles profiles, and its cycle report. */
struct fix_ctx {
	struct model *const *models;  /* [nprofiles] */
	const char *const *profiles;  /* [nprofiles] */
	unsigned nprofiles;
	const char *arch;
	const struct cycle_report *report; /* cycles_find() of models */
	const struct fix_engine *engine;
	size_t max_proven;            /* 0: FIX_MAX_PROVEN */
};

/*
 * The candidates of component comp of the report, proven in rank order
 * until max_proven are (or FIX_MAX_TRIED were tried), into out (free
 * with fix_component_free). Returns 0, or -1 with the error set.
 */
int fix_component(const struct fix_ctx *ctx,
		  const struct cycle_component *comp,
		  struct fix_component *out);
void fix_component_free(struct fix_component *c);

/*
 * The proof of one candidate f for component comp: sets f->proven,
 * f->unchanged, f->change, or f->why_rejected. Returns 0 (proven or
 * rejected), or -1 with the error set when the proof could not run.
 */
int fix_prove(const struct fix_ctx *ctx, const struct cycle_component *comp,
	      struct fix *f);

/* The rank order (proven first, then unchanged under more profiles,
 * shared links, edits in the arch's own files, the kind, the place). */
int fix_cmp(const struct fix *a, const struct fix *b, unsigned nprofiles);

/* ---- relaxations: what makes symbols co-selectable (--want) ----------
 *
 * Candidates are the conjuncts of the lines of the explanation of a no
 * (a select's condition, a 'depends on', a prompt's condition), one
 * dropped at a time. The targets are y together, or hold the values
 * asked of them (wants) together. A dependency on an architecture capability is never
 * dropped (the arch grants it by selecting it; the fix belongs there).
 * The solver first asks the graph with the line relaxed in memory; those
 * that make the targets satisfiable are proven in rank order: the edited
 * tree parsed again, the question asked again on it with its witness
 * checked by the Kconfig engine, and no cycle the tree lacked. Rank:
 * edits in the arch's own files first, a positive conjunct before a
 * negation, fewer symbols loosened, then the place.
 */
struct fix_want_ctx {
	struct model *model;          /* the graph under one profile */
	unsigned profile;             /* its index, for open_edited */
	const char *arch;
	const uint32_t *targets;      /* [ntargets], symbols of model */
	size_t ntargets;
	const struct cosel_value *values; /* [ntargets]: the value asked of
					 each target, as kdep cosel asks
					 SYM=VALUE or SYM!=VALUE (value NULL:
					 y); NULL: every target y */
	const struct fix_engine *engine;
	cosel_check_fn check;         /* the Kconfig engine on the tree */
	void *check_ctx;
	size_t max_proven;            /* 0: FIX_MAX_PROVEN */
};

struct fix_want {
	struct cosel_answer before;   /* the question on the tree as it is */
	struct fix_component fixes;   /* relaxations (comp NULL): proven
					 first, in rank order */
};

/* Asks the question and, for a no, finds and proves relaxations. 0, or
 * -1 with the error set. */
int fix_want(const struct fix_want_ctx *ctx, struct fix_want *out);

/*
 * The proof of one relaxation f of ctx's question: the edited tree parsed
 * again, asked again with its witness checked, no cycle the tree lacked.
 * Sets f->proven and f->witness, or f->why_rejected. 0, or -1 with the
 * error set when the proof could not run.
 */
int fix_want_prove(const struct fix_want_ctx *ctx, struct fix *f);
void fix_want_free(struct fix_want *w);

/*
 * Fills f->loose and f->gain from model m (the tree before the edit);
 * targets[0..n) (may be none) join the gain side when they depend on the
 * line's symbol. 0, or -1 with the error set.
 */
int fix_sides(struct model *m, struct fix *f, const uint32_t *targets,
	      size_t n);

/*
 * The proof of f (proven, unchanged, change, why_rejected, witness) as
 * text (malloc'd, NULL with the error set), and read back into f: what
 * the engine's recall and remember keep. fix_proof_read returns 0, or -1
 * when the text is not one (f untouched then).
 */
char *fix_proof_text(const struct fix *f, unsigned nprofiles);
int fix_proof_read(struct fix *f, unsigned nprofiles, const char *text);

/*
 * Proves f by prove(ctx) unless the engine recalls its proof for
 * question q; a new proof is remembered. *recalled says which.
 */
int fix_prove_kept(const struct fix_engine *eng, struct fix *f,
		   unsigned nprofiles, const char *q,
		   int (*prove)(const void *ctx, struct fix *f),
		   const void *ctx, int *recalled);

/* "drop the condition", ... for a kind. */
const char *fix_kind_name(int kind);

/*
 * The edits of f, in order (one, or those of its parts), as shallow
 * copies into a new array (free() it); *n gets how many. NULL with the
 * error set when out of memory.
 */
struct finding_edit *fix_edits(const struct fix *f, size_t *n);

#endif
