/*
 * fix.h - Kconfig edits that break a recursive dependency, each proven
 * before it is offered.
 *
 * Candidates come from the links of the reported cycles of a component,
 * in the families the kernel documents (kconfig-language.rst, "Kconfig
 * recursive dependency limitations"): drop a 'select' or a 'depends on',
 * drop the condition of a line, or one conjunct of it. A candidate is a
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

#include "cycle.h"
#include "finding.h"
#include "model.h"

/* Fixes proven per component, at most. */
#define FIX_MAX_PROVEN 3
/* Candidates tried (parsed again) per component, at most. */
#define FIX_MAX_TRIED 12

/* What a candidate does to its line. */
enum fix_kind {
	FIX_DROP_COND = 0,  /* 'select T if C' -> 'select T' (also imply,
			       default, a prompt's 'if') */
	FIX_DROP_CONJUNCT,  /* one conjunct of a condition or 'depends on' */
	FIX_DROP_DEPENDS,   /* the 'depends on' line */
	FIX_DROP_SELECT,    /* the 'select' line */
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
	uint32_t conj;              /* FIX_DROP_CONJUNCT: which conjunct of
				       the condition (flattened '&&') */
	/* the proof */
	int proven;                 /* parsed again under every profile,
				       component acyclic, no new cycle */
	uint64_t unchanged;         /* bit p: no configuration changes under
				       profile p (SAT, proven) */
	char **change;              /* [nprofiles]: what may change under
				       profile p, or NULL when unchanged */
	char *why_rejected;         /* a rejected candidate: why, else NULL */
};

/* The candidates of one component, ranked. */
struct fix_component {
	const struct cycle_component *comp; /* borrowed from the report */
	struct fix *v;              /* candidates: proven first, in rank
				       order, then the rejected ones */
	size_t n;                   /* how many */
	size_t nproven;             /* the first nproven are proven */
	size_t tried;               /* candidates parsed again */
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
	void *ctx;                  /* passed to both */
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

/* "drop the condition", ... for a kind. */
const char *fix_kind_name(int kind);

#endif
