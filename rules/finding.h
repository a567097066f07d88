/*
 * finding.h - what a rule found, as data: one stream of findings that
 * every emitter (reports/) renders and that sets compare (a pre-commit
 * check reports only the findings a change introduces).
 *
 * A finding is not an error: a rule that ran emits findings and returns 0;
 * it returns -1 only when it could not run.
 *
 * Ownership: a struct finding handed to a sink borrows everything it
 * points to; the set takes a copy of every string and array into its own
 * storage (blocks freed all at once by finding_set_free()), except the
 * rule payload, which is borrowed from the set's kept payloads (see
 * finding_set_keep()).
 *
 * Fingerprints name a finding across versions of a tree: they are hashes
 * of a canonical text that holds no line number, so a finding keeps its
 * fingerprint when unrelated lines move.
 */
#ifndef KDEP_FINDING_H
#define KDEP_FINDING_H

#include <stddef.h>
#include <stdint.h>

enum finding_severity {
	FINDING_ERROR = 0,
	FINDING_WARNING,
	FINDING_NOTE,
};

/* As SARIF's result.kind. */
enum finding_kind {
	FINDING_FAIL = 0, /* the rule's check failed: a problem, a "no" */
	FINDING_PASS,     /* it passed: a "yes" worth reporting */
	FINDING_OPEN,     /* it could not decide: an "unknown" */
};

/* A place the finding points at besides its primary one. */
struct finding_related {
	const char *role;    /* what the place is to the finding: "link" (a
				step of a cycle), "line" (the text of a
				link's line), "folded-by" (the line that
				folds a link away), "forbids" (a line of an
				explanation), "witness" (a file written) */
	const char *file;    /* relative to the tree (or a path written);
				NULL when the place has no file */
	uint32_t line;       /* 1-based; 0 when only the file is known */
	const char *symbol;  /* the symbol the line belongs to, or NULL */
	const char *message; /* what to show: a sentence, or the line as
				written in the tree */
};

/* A profile under which the finding does not hold, and why. */
struct finding_absent {
	const char *profile; /* its name */
	const char *reason;  /* a sentence, or NULL when there is none */
};

/* One change of a fix: lines first..last of file become new_text. */
struct finding_edit {
	const char *file;     /* relative to the tree */
	uint32_t first;       /* first line replaced, 1-based */
	uint32_t last;        /* last line replaced; first - 1 inserts
				 before first */
	const char *old_text; /* the lines as they are, to check first */
	const char *new_text; /* what replaces them */
};

/* A proposed fix: edits that together remove the finding. */
struct finding_fix {
	const char *description; /* one line: what the fix does */
	struct finding_edit *edits; /* in file and line order */
	size_t nedits;
};

/*
 * A dependency a finding is made of, as a pre-commit check compares
 * them: no line, so that moved lines are the same edge. Ends are
 * identities: a symbol's name, a choice as "<choice>@FILE" (see
 * finding_identity()).
 */
struct finding_edge {
	const char *from;    /* the symbol whose value depends */
	const char *to;      /* the symbol it depends on */
	const char *kind;    /* model_edge_kind_name() of the edge */
	const char *file;    /* where the edge is written */
};

struct finding {
	const char *rule;     /* the registry id, e.g. "recursive-dependency" */
	uint8_t severity;     /* enum finding_severity */
	uint8_t kind;         /* enum finding_kind */
	const char *message;  /* lower case, no full stop */
	const char *file;     /* the primary place, relative to the tree, or
				 NULL when the finding has none */
	uint32_t line;        /* its line (0: the file only) */
	struct finding_related *related; /* the other places, in order */
	size_t nrelated;
	const char **symbols; /* the symbols it is about, as names */
	size_t nsymbols;
	const char **holds;   /* the profiles under which it holds */
	size_t nholds;
	struct finding_absent *absent; /* those under which it does not */
	size_t nabsent;
	const char *arch;     /* the architecture */
	const struct finding_fix *fix; /* a proposed fix, or NULL */
	struct finding_edge *edges; /* what it is made of, sorted and unique
				       (finding_edges_sort()); may be none */
	size_t nedges;
	uint64_t fingerprint; /* finding_fingerprint() */
	const void *payload;  /* the rule's own result this finding is part
				 of (rules/<rule>.h says which type), for
				 the emitters that render a rule's view;
				 borrowed, may be NULL */
};

const char *finding_severity_name(int severity); /* "error", ... */
const char *finding_kind_name(int kind);         /* "fail", ... */

/* ---- fingerprints ------------------------------------------------------- */

/* A stable 64-bit hash of n bytes (FNV-1a), the same on every host. */
uint64_t finding_hash(const void *data, size_t n);

/*
 * The fingerprint of a finding of rule: the hash of the canonical text
 *	rule\n part[0]\n ... part[nparts-1]\n --\n member\n ...
 * where the members of set are sorted (strcmp) and each written once, so
 * the order a rule meets them in does not matter. No line number may go
 * into parts or set. Returns 0, or -1 with the error set.
 */
int finding_fingerprint(const char *rule, const char *const *parts,
			size_t nparts, const char *const *set, size_t nset,
			uint64_t *out);
/* fp as 16 lower-case hex digits and a NUL into buf. Returns buf. */
char *finding_fingerprint_hex(uint64_t fp, char buf[17]);


/* Orders edges by from, to, kind, file. */
int finding_edge_cmp(const struct finding_edge *a,
		     const struct finding_edge *b);
/* Sorts v[0..n) and drops repeats; returns the count left. */
size_t finding_edges_sort(struct finding_edge *v, size_t n);

/*
 * Whether after, the same finding as before (same fingerprint) in a later
 * tree, has an edge that before lacks: a change that adds a dependency
 * inside a known cycle is new even though the cycle is not.
 */
int finding_adds_edges(const struct finding *before,
		       const struct finding *after);

/* The first related place of f with this role at file:line, or NULL. */
const struct finding_related *finding_related_at(const struct finding *f,
						 const char *role,
						 const char *file,
						 uint32_t line);

/*
 * Strings a rule formats while it builds a finding (messages, lines as
 * written), kept until the sink has copied the finding, then freed
 * together.
 */
struct finding_strs {
	char **v;            /* the strings (owned) */
	size_t n;            /* how many */
	size_t cap;          /* room in v */
};

/* A new string, printf-style, owned by s; NULL with the error set. */
const char *finding_strs_printf(struct finding_strs *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void finding_strs_free(struct finding_strs *s);

/*
 * The identity of a symbol in fingerprints and edges: its name, or, for a
 * choice (whose name need not be unique: "<choice>"), "NAME@FILE" with
 * FILE where it is defined, a new string of s. NULL with the error set.
 */
const char *finding_identity(struct finding_strs *s, const char *name,
			     const char *choice_file);

/* ---- sinks -------------------------------------------------------------- */

/* Where a rule puts its findings. */
struct finding_sink {
	void *ctx;            /* the sink's own state */
	/* Takes a copy of f. Returns 0, or -1 with the error set. */
	int (*add)(void *ctx, const struct finding *f);
	/* Takes payload, to free with free_fn once the findings that point
	 * to it are freed. Returns 0, or -1 with the error set and payload
	 * freed already. */
	int (*keep)(void *ctx, void *payload, void (*free_fn)(void *));
};

/* ---- sets --------------------------------------------------------------- */

struct finding_block;
struct finding_kept;

/* Findings, in the order added (or sorted), with their storage. */
struct finding_set {
	struct finding *v;          /* the findings */
	size_t n;                   /* how many */
	size_t cap;                 /* room in v */
	struct finding_block *mem;  /* blocks holding every string and array
				       the findings point to */
	struct finding_kept *kept;  /* payloads owned, with their frees */
	size_t nkept;               /* how many */
	size_t capkept;             /* room in kept */
};

void finding_set_init(struct finding_set *s);
void finding_set_free(struct finding_set *s);
/* A sink that adds to s (and keeps payloads in s). */
void finding_set_sink(struct finding_set *s, struct finding_sink *sink);

/* Adds a copy of f. Returns 0, or -1 with the error set. */
int finding_set_add(struct finding_set *s, const struct finding *f);
/* Appends a copy of r to the related places of finding i. 0 or -1. */
int finding_set_relate(struct finding_set *s, size_t i,
		       const struct finding_related *r);
/* See finding_sink.keep. */
int finding_set_keep(struct finding_set *s, void *payload,
		     void (*free_fn)(void *));

/* Orders by rule, file, line, then fingerprint (a stable sort). */
void finding_set_sort(struct finding_set *s);
/* Whether some finding of s is not a pass (a fail, or an open question:
 * an unknown is not a yes). */
int finding_set_failed(const struct finding_set *s);

/*
 * Set operations by fingerprint, into out (initialised here; free it
 * before a, whose payloads its findings share):
 *   diff:      the findings of a whose fingerprint b lacks (a \ b);
 *   intersect: those whose fingerprint b has;
 *   new:       a \ b, and the findings of a that add an edge over the one
 *              of b with their fingerprint (finding_adds_edges()): what a
 *              change that turned tree b into tree a introduced.
 * Order is a's. Return 0, or -1 with the error set (out left empty).
 */
int finding_set_diff(const struct finding_set *a, const struct finding_set *b,
		     struct finding_set *out);
int finding_set_intersect(const struct finding_set *a,
			  const struct finding_set *b,
			  struct finding_set *out);
int finding_set_new(const struct finding_set *a, const struct finding_set *b,
		    struct finding_set *out);

#endif
