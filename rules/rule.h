/*
 * rule.h - the rule registry (sparse's warning table, curl's option
 * table): one row per rule, sorted by id, each with its default severity,
 * a one-line summary, a paragraph of help and the file that implements it.
 * tests/unit/check_registry.c fails when this table, rules/README.md,
 * the RULES section of man/kdep.1 and the rule files drift apart.
 *
 * A rule runs over the models of one architecture (one per profile) and
 * puts findings into a sink. It sees the model, sat and graph layers and
 * nothing else: what it needs from the engine (a line of the tree as
 * written, a check by the Kconfig engine) comes in as a callback.
 */
#ifndef KDEP_RULE_H
#define KDEP_RULE_H

#include <stddef.h>
#include <stdint.h>

#include "cosel.h"
#include "finding.h"
#include "model.h"
#include "unmet.h"

/* A line as a change wrote it (undefined-symbol reads them). */
struct rule_line {
	const char *file;              /* relative to the tree */
	uint32_t line;                 /* 1-based */
	const char *text;              /* the line, without its newline */
	int help;                      /* a line of a Kconfig help text
					  (rule_help_lines()): prose, no
					  reference */
};

/*
 * Which lines of Kconfig text are help text: (*mask)[i] is 1 when line
 * i + 1 is, for *n lines. The help of a symbol starts after its `help`
 * line and holds every line indented deeper than its first one, and
 * blank lines between. Returns 0, or -1 with the error set; free *mask.
 */
int rule_help_lines(const char *text, unsigned char **mask, size_t *n);

/*
 * What undefined-symbol checks: lines of a change, and every name the
 * whole tree defines (all arches: a syntactic index, as the kernel's
 * checkkconfigsymbols.py builds it).
 */
struct rule_change {
	const struct rule_line *lines; /* [nlines]: the lines to check */
	size_t nlines;
	const char *const *defined;    /* [ndefined]: sorted (strcmp), unique */
	size_t ndefined;
};

/* What a rule runs on: one architecture under nprofiles profiles. */
struct rule_ctx {
	struct model *const *models;   /* [nprofiles]: the graph under each */
	const char *const *profiles;   /* [nprofiles]: their names */
	unsigned nprofiles;            /* how many (at most 64) */
	const char *arch;              /* the architecture */
	/* Line `line` of `file` (relative to the tree) as written, trimmed,
	 * continuation lines joined, into buf of size n ("" when it cannot
	 * be read). Returns buf. */
	const char *(*line_text)(void *engine, const char *file,
				 uint32_t line, char *buf, size_t n);
	void *engine;                  /* passed to line_text */
	const struct cosel_question *cosel; /* not-coselectable: the question
					       asked; NULL for other rules */
	const struct rule_change *change;   /* undefined-symbol: the lines
					       and the index; NULL for other
					       rules */
	const struct unmet_question *unmet; /* unmet-dependency: the engine
					       and the selects to examine */
	/* The whole model of profile p where models[p] is only its graph
	 * (graph_only; NULL with the error set), or NULL when every model
	 * is whole. */
	struct model *(*whole)(void *whole_ctx, unsigned p);
	void *whole_ctx;               /* passed to whole */
};

struct rule;

/*
 * A rule's entry point: findings of ctx into sink, with the id and
 * severity of self, its row. Returns 0 (whatever it found), or -1 with
 * the error set when the rule could not run.
 */
typedef int (*rule_run_fn)(const struct rule *self,
			   const struct rule_ctx *ctx,
			   struct finding_sink *sink);

struct rule {
	const char *id;        /* "recursive-dependency": lower case and
				  hyphens; the table is sorted by it */
	uint8_t severity;      /* enum finding_severity of a fail */
	const char *summary;   /* one line, lower case, no full stop */
	const char *help;      /* a paragraph: what it checks, how to read
				  and fix a finding */
	const char *file;      /* the file that implements it, from the top
				  of the source tree */
	rule_run_fn run;       /* its entry point */
};

/* The rule with this id, or NULL. */
const struct rule *rule_find(const char *id);
/* The registry in id order: rule_at(0) .. rule_at(rule_count() - 1). */
size_t rule_count(void);
const struct rule *rule_at(size_t i);

/*
 * Runs rule id on ctx into sink. Returns what the rule returns; -1 with
 * the error set when there is no such rule.
 */
int rule_run(const char *id, const struct rule_ctx *ctx,
	     struct finding_sink *sink);

/* The entry points, one per rule file. */
int rule_cycle_run(const struct rule *self, const struct rule_ctx *ctx,
		   struct finding_sink *sink);
int rule_cosel_run(const struct rule *self, const struct rule_ctx *ctx,
		   struct finding_sink *sink);
int rule_undefined_run(const struct rule *self, const struct rule_ctx *ctx,
		       struct finding_sink *sink);
int rule_unmet_run(const struct rule *self, const struct rule_ctx *ctx,
		   struct finding_sink *sink);

#endif
