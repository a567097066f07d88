/*
 * cycle.h - the recursive-dependency rule: every strongly connected
 * component of the graph the kernel's check walks, under each toolchain
 * profile, with short concrete cycles and a line for every link.
 *
 * The rule (rule_cycle_run(), registry id "recursive-dependency") makes
 * one finding per component, with the report below as its payload; the
 * functions here are its engine.
 */
#ifndef KDEP_RULE_CYCLE_H
#define KDEP_RULE_CYCLE_H

#include "model.h"

/* Cycles reported per component: its shortest, then one through each edge
 * no reported cycle of it uses yet, until this many. */
#define CYCLE_MAX_PER_COMPONENT 4

/* One step of a cycle: "FROM <kind phrase> TO", written at FILE:LINE. */
struct cycle_link {
	const char *from;   /* symbol names (borrowed from a model) */
	const char *to;
	int kind;           /* enum edge_kind; EDGE_CHOICE: a choice block */
	const char *file;   /* where the link is written */
	uint32_t line;
	/* A choice's name need not be unique ("<choice>"): where an end
	 * is a choice, where that choice is defined (else NULL, 0). */
	const char *from_file, *to_file;
	uint32_t from_line, to_line;
};

/* Why a cycle is absent under a profile: a link of it that the profile's
 * graph folds away, and the dependency that folds to n there. */
struct cycle_break {
	unsigned profile;          /* index into the profiles given */
	struct cycle_link link;    /* the link that is gone */
	const char *dep_file;      /* the 'depends on' that is n there, or
				      NULL when the link is simply absent */
	uint32_t dep_line;
};

/* The message of a cycle some link of which rests on an unrecorded
 * probe's answer (struct cycle's probes). */
#define CYCLE_CONDITIONAL "recursive dependency, conditional on the answer " \
	"of an unrecorded probe"

struct cycle {
	struct cycle_link *links;  /* in order; the last leads back */
	uint32_t nlinks;
	const char **component;    /* every symbol of its component (a
				      choice block brings all its members) */
	uint32_t ncomponent;
	uint64_t profiles;         /* bit i: the cycle exists under profile i */
	/* the unrecorded probes (SYMF_PROBE symbols, borrowed names) the
	 * lines of its links read: a cycle conditional on their answers;
	 * and each one's key (its node's help) */
	const char **probes;
	const char **probe_keys;
	uint32_t nprobes;
	struct cycle_break *breaks; /* one per profile where it does not */
	uint32_t nbreaks;
};

/* A symbol of a component: a choice is known by where it is defined. */
struct cycle_sym {
	const char *name;          /* borrowed from a model */
	const char *choice_file;   /* a choice: the file of its definition;
				      NULL for any other symbol */
};

/* A strongly connected component with a cycle: what a finding is. */
struct cycle_component {
	struct cycle_sym *syms;    /* its symbols (a choice block brings its
				      members), sorted by name, then file */
	uint32_t n;
	struct cycle_link *edges;  /* every edge the check walks between its
				      symbols, under each profile where it is
				      a component; sorted, unique */
	uint32_t nedges;
	uint64_t profiles;         /* bit i: a component under profile i */
};

struct cycle_report {
	struct cycle *v;
	uint32_t n;
	uint32_t components;      /* distinct components with a cycle, over
				     all profiles: comps[0..components) */
	struct cycle_component *comps;
};

/*
 * Finds the cycles of one architecture under nprofiles (<= 64) profiles,
 * models[i] being the graph under profile i. The report borrows strings
 * from the models, which must outlive it.
 */
int cycles_find(struct model *const *models, unsigned nprofiles,
		struct cycle_report *out);
/*
 * The whole model of profile p when models[p] is only its graph
 * (graph_only), for the lines a graph lacks; NULL with the error set.
 */
typedef struct model *(*cycle_whole_fn)(void *ctx, unsigned p);
/*
 * cycles_find over models some of which may be graph_only: the search
 * needs only their edges, places and symbols; why a cycle is not there
 * under a profile (a 'depends on' that folds to n) is read from the
 * whole model whole(ctx, p) gives, which must outlive the report too.
 */
int cycles_find_graphs(struct model *const *models, unsigned nprofiles,
		       cycle_whole_fn whole, void *ctx,
		       struct cycle_report *out);
void cycle_report_free(struct cycle_report *r);

/* "depends on", "is selected by", ... for a link's kind. */
const char *cycle_phrase(int kind);

#endif
