/*
 * unmet.h - selects that can give their target more than its direct
 * dependencies allow: the configurations for which the kernel's conf
 * prints "WARNING: unmet direct dependencies detected for X".
 *
 * For each 'select X [if C]' written under symbol S, the solver is asked
 * (one incremental formula of the whole tree, the select's question by
 * assumption) whether some configuration has S at least m, C true and the
 * dependencies of X below what the select gives (a y select of an X whose
 * dependencies are m counts, as the kernel's warning does):
 *   - unsatisfiable is a proof: the select is safe (the formula keeps only
 *     conditions every configuration satisfies, sat.h);
 *   - a satisfying assignment is a candidate .config, checked by the
 *     Kconfig engine (a callback); only if the engine reports the unmet
 *     dependency of X by S is it an alarm, with that .config as witness.
 *     Otherwise the candidate is blocked and the solver asked again, at
 *     most UNMET_MAX_CANDIDATES times; then the select is unknown, never
 *     an alarm.
 * A witness the engine checked answers for every (target, selector) it
 * reports, so one check often settles several selects. 'imply' respects
 * dependencies and is never examined.
 */
#ifndef KDEP_UNMET_H
#define KDEP_UNMET_H

#include <stddef.h>
#include <stdint.h>

#include "cosel.h"
#include "model.h"

/* The steps of the cone of influence the first, small formula of a
 * target takes in (sat_encode_near()). */
#define UNMET_NEAR 3

/* Candidates checked per select before it is unknown. */
#define UNMET_MAX_CANDIDATES 4

/* A select line: property prop of node (a 'config' definition). */
struct unmet_select {
	uint32_t node;   /* the node of the selector */
	uint32_t prop;   /* the P_SELECT property of that node */
};

enum unmet_verdict {
	UNMET_SAFE = 0,  /* proved: no configuration exceeds the deps */
	UNMET_ALARM,     /* a witness the engine confirmed */
	UNMET_UNKNOWN,   /* the solver's candidates were all refuted */
};

/* One select that is not proved safe. */
struct unmet_alarm {
	struct unmet_select at;  /* the select line */
	uint32_t selector;       /* S */
	uint32_t target;         /* X */
	int verdict;             /* UNMET_ALARM or UNMET_UNKNOWN */
	char *witness;           /* ALARM: the checked .config (owned) */
	char **choices;          /* ALARM: the witness's user choices that
				    differ from the defaults, as .config
				    lines (owned) */
	size_t nchoices;
	int choices_suffice;     /* ALARM: the engine reports it from the
				    choices alone (else only from the whole
				    witness) */
	struct loc *depends;     /* ALARM: the lines of X's dependencies
				    the witness leaves below the select
				    (owned) */
	size_t ndepends;
	unsigned candidates;     /* candidates the engine refuted */
};

/* What a sweep counted. */
struct unmet_stats {
	unsigned selects;        /* selects of a bool/tristate by one,
				    examined */
	unsigned alarms;         /* confirmed by a witness */
	unsigned proofs;         /* proved safe */
	unsigned unknowns;       /* neither */
	unsigned checks;         /* .config files the engine evaluated */
};

struct unmet_report {
	struct unmet_alarm *v;   /* the selects not proved safe, in the
				    order examined */
	size_t n;
	struct unmet_stats st;
};

/*
 * Examines the selects sel[0..n) of m (every select of the tree when sel
 * is NULL: what `kdep check` narrows to the cone a change touches), with
 * check (the Kconfig engine, ctx its state) judging candidates. Returns
 * 0, or -1 with the error set (the solver or the engine failed).
 */
int unmet_examine(struct model *m, const struct unmet_select *sel, size_t n,
		  cosel_check_fn check, void *ctx, struct unmet_report *out);
void unmet_report_free(struct unmet_report *r);

/* ---- the rule ------------------------------------------------------------
 *
 * rule_unmet_run() (registry id "unmet-dependency") examines the selects
 * under each profile of the context: one fail finding per select line
 * with an alarm under some profile (its profiles those where it is one),
 * one open finding per select line unknown under some profile and an
 * alarm under none, and one pass finding per profile with the counts.
 * Every finding's payload is a struct unmet_item.
 */

/* What the rule is asked (struct rule_ctx's unmet). */
struct unmet_question {
	cosel_check_fn check;               /* the Kconfig engine */
	void *const *check_ctx;             /* [profile]: passed to check */
	const struct unmet_select *const *only; /* [profile]: the selects to
						   examine, or NULL: all */
	const size_t *nonly;                /* [profile]: how many */
};

/* A finding's payload. */
struct unmet_item {
	int summary;                 /* the counts of one profile */
	const char *profile;         /* summary: that profile */
	struct unmet_stats st;       /* summary: its counts */
	const char *selector;        /* an alarm or unknown: S */
	const char *target;          /* X */
	const char **witnesses;      /* [finding's nholds]: the witness
					under each profile it holds in */
	size_t nwitnesses;
	const char **choices;        /* the user choices of the first */
	size_t nchoices;
	int choices_suffice;         /* they alone reproduce it */
	unsigned candidates;         /* unknown: candidates refuted */
};

#endif
