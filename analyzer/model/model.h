/*
 * model.h - the in-memory Kconfig graph.
 *
 * Ownership, stated once: everything reachable from a struct model (names,
 * expressions, nodes, properties, edges, warnings) lives in the model's
 * arena and is freed by model_free(); nothing inside has a free of its own.
 * Pointers returned by model_* functions are borrowed from the model.
 * Pointer-to-pointer outputs of the queries (model_refs) are owned by the
 * caller, who frees them with the matching *_free: a query asked once per
 * symbol must not grow the arena.
 *
 * The model knows no Python, SQL or git: kconf.c fills it from kconfiglib,
 * db.c stores and reloads it, rules read it.
 *
 * Symbols are addressed by index (uint32_t) into model->syms. The table holds
 * every symbol kind a Kconfig expression can name:
 *   - the constants n, m, y (always indices 0, 1, 2) and quoted constants;
 *   - ordinary symbols, defined (they have nodes) or only referenced;
 *   - one pseudo-symbol per choice, as the kernel has (name "<choice>" or
 *     "<choice NAME>"), so that choice membership is an edge like any other.
 */
#ifndef KDEP_MODEL_H
#define KDEP_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define MODEL_SYM_N 0u
#define MODEL_SYM_M 1u
#define MODEL_SYM_Y 2u
#define MODEL_NONE UINT32_MAX

enum sym_type {
	SYM_UNKNOWN = 0,
	SYM_BOOL,
	SYM_TRISTATE,
	SYM_STRING,
	SYM_INT,
	SYM_HEX,
};

/* Symbol flags. */
enum {
	SYMF_CONST = 1u << 0,        /* n, m, y or a quoted constant */
	SYMF_CHOICE = 1u << 1,       /* the pseudo-symbol of a choice block */
	SYMF_PROMPT = 1u << 2,       /* some definition has a prompt */
	SYMF_CHOICE_MEMBER = 1u << 3, /* defined inside a choice block */
	SYMF_TRANSITIONAL = 1u << 4, /* 'transitional': no prompt, never written */
	SYMF_MODULES = 1u << 5,      /* the modules switch ('modules' keyword) */
	SYMF_ALLNOCONFIG_Y = 1u << 6, /* 'option allnoconfig_y' */
	SYMF_OPTIONAL = 1u << 7,     /* a choice marked 'optional' */
	SYMF_PROBE = 1u << 8,        /* stands for the answer of a y/n probe
				      * the profile did not record: y when
				      * it succeeds, a free input; its one
				      * node is where the probe is made, its
				      * help the probe's key */
};

enum expr_op {
	E_SYM = 0, /* leaf: sym */
	E_NOT,     /* !l */
	E_AND,     /* l && r */
	E_OR,      /* l || r */
	E_EQ,      /* l = r, both leaves */
	E_NE,      /* l != r */
	E_LT,      /* l < r */
	E_LE,      /* l <= r */
	E_GT,      /* l > r */
	E_GE,      /* l >= r */
};

struct expr {
	uint8_t op;          /* enum expr_op */
	uint32_t sym;        /* E_SYM: the symbol; MODEL_NONE otherwise */
	struct expr *l;      /* first operand (NULL for E_SYM) */
	struct expr *r;      /* second operand (NULL for E_SYM and E_NOT) */
};

/* A place in the tree: a file of model->files and a 1-based line. */
struct loc {
	uint32_t file;       /* index into model->files */
	uint32_t line;       /* 1-based line number */
};

enum prop_kind {
	P_DEPENDS = 0, /* 'depends on' (or the condition of an 'if' node) */
	P_SELECT,      /* 'select T if C': target in expr, condition in cond */
	P_IMPLY,       /* 'imply T if C' */
	P_DEFAULT,     /* 'default V if C' and def_* lines */
	P_RANGE,       /* 'range LO HI if C': LO in expr, HI in expr2 */
	P_PROMPT,      /* a prompt: text, condition in cond */
	P_VISIBLE,     /* a menu's 'visible if' */
};

/*
 * One property line as written, with only its own condition: the
 * conditions it inherits from 'depends on', 'if' blocks and menus are
 * reached through the node and its parents, never copied in.
 */
struct prop {
	uint8_t kind;        /* enum prop_kind */
	struct loc loc;      /* the line the property is written on */
	struct expr *expr;   /* the value, target, dependency or low bound */
	struct expr *expr2;  /* P_RANGE: the high bound; NULL otherwise */
	struct expr *cond;   /* the 'if' condition; NULL when there is none */
	const char *text;    /* P_PROMPT: the prompt text; NULL otherwise */
};

enum node_kind {
	NODE_SYM = 0,  /* a 'config' or 'menuconfig' definition */
	NODE_CHOICE,   /* a 'choice' block */
	NODE_MENU,     /* a 'menu' block */
	NODE_COMMENT,  /* a 'comment' */
	NODE_IF,       /* an 'if' block; its condition is its one P_DEPENDS */
};

/* One definition site: where a symbol, choice, menu, comment or if is. */
struct node {
	uint8_t kind;        /* enum node_kind */
	uint8_t menuconfig;  /* defined with 'menuconfig' */
	uint32_t sym;        /* NODE_SYM/NODE_CHOICE: the (pseudo-)symbol */
	uint32_t parent;     /* enclosing if/menu/choice node, or MODEL_NONE */
	struct loc loc;      /* the line that opens the definition */
	const char *title;   /* menu and comment text; NULL otherwise */
	const char *help;    /* help text, or NULL */
	struct prop *props;  /* properties in source order */
	uint32_t nprops;     /* number of props */
};

struct sym {
	const char *name;    /* name; "<choice>" style for choice pseudo-symbols */
	uint8_t type;        /* enum sym_type */
	uint32_t flags;      /* SYMF_* */
	uint32_t choice;     /* member: its choice's pseudo-symbol; else NONE */
	uint32_t *nodes;     /* indices into model->nodes, in definition order */
	uint32_t nnodes;     /* 0 for constants and undefined symbols */
	uint32_t *members;   /* choice pseudo-symbol: member symbols */
	uint32_t nmembers;   /* number of members */
};

/*
 * Edge kinds, from a symbol to a symbol its value or visibility reads:
 * the edge set the kernel's sym_check_deps() walks, one edge per symbol
 * reference, each with the line that creates it. "A -kind-> B" reads
 * "A <kind phrase> B", e.g. "A is selected by B".
 */
enum edge_kind {
	EDGE_DEPENDS = 0, /* A depends on B ('depends on', 'if', menu deps) */
	EDGE_SELECT,      /* A is selected by B */
	EDGE_SELECT_IF,   /* B appears in the condition of a select of A */
	EDGE_IMPLY,       /* A is implied by B */
	EDGE_IMPLY_IF,    /* B appears in the condition of an imply of A */
	EDGE_DEFAULT,     /* B appears in a default value of A */
	EDGE_DEFAULT_IF,  /* B appears in a default's condition */
	EDGE_PROMPT_IF,   /* A's prompt is visible depending on B */
	EDGE_RANGE,       /* B is a bound of a range of A (not walked by conf) */
	EDGE_RANGE_IF,    /* B appears in a range's condition */
	EDGE_CHOICE,      /* A is part of choice block B, or choice A holds B */
	EDGE_KIND_COUNT
};

struct edge {
	uint32_t from;       /* the symbol whose value depends */
	uint32_t to;         /* the symbol it depends on */
	uint8_t kind;        /* enum edge_kind */
	struct loc loc;      /* the line that creates the dependency */
};

/*
 * A reference a property line makes to an unrecorded probe: a SYMF_PROBE
 * symbol with a node, named by the property's expression, condition or
 * high bound. What the cycle rule asks of the lines of a cycle.
 */
struct model_probe_use {
	struct loc loc;      /* the property's line */
	uint32_t sym;        /* the probe's symbol */
};

struct arena;

struct model {
	struct arena *arena;   /* owns every allocation below */
	const char **files;    /* Kconfig files read, relative to the tree */
	uint32_t nfiles;
	struct sym *syms;      /* the symbol table (see top of file) */
	uint32_t nsyms;
	struct node *nodes;    /* every definition site, in parse order */
	uint32_t nnodes;
	struct edge *edges;    /* filled by model_build_edges() */
	uint32_t nedges;
	const char **warnings; /* parser warnings, as text */
	uint32_t nwarnings;
	uint32_t modules_sym;  /* the modules switch, or MODEL_NONE */
	int oom;               /* sticky: an arena allocation failed, so the
				* model is incomplete (see model_failed) */
	int linked;            /* model_link() has run: sym->nodes and the
				* members of choices are filled */
	int graph_only;        /* loaded as a graph (db_load_graph): the
				* files, symbols and edges are all there;
				* the nodes only of choices and probes (a
				* choice's place, a probe's key in its help)
				* with no properties, parent or title; no
				* warnings; probe_uses instead of the
				* properties */
	struct model_probe_use *probe_uses; /* graph_only: what
				* model_probe_uses() said of the model it
				* was stored from; else NULL */
	uint32_t nprobe_uses;
};

/* Counts a scan reports; see model_count(). */
struct model_counts {
	uint32_t files;      /* Kconfig files read */
	uint32_t defined;    /* non-constant, non-choice symbols with a node */
	uint32_t undefined;  /* referenced non-constant symbols without a node */
	uint32_t choices;    /* choice blocks (named choices counted once) */
	uint32_t edges[EDGE_KIND_COUNT]; /* edges by kind */
};

struct model *model_new(void);
void model_free(struct model *m);

/*
 * Arena allocation: zeroed memory that lives as long as the model. When
 * memory runs out they return NULL with the error set and mark the model
 * failed (core/alloc.h); model_strdup(NULL) is NULL, with no error.
 */
void *model_alloc(struct model *m, size_t size);
char *model_strdup(struct model *m, const char *s);
char *model_strndup(struct model *m, const char *s, size_t n);

/*
 * Non-zero when an allocation in m's arena has failed: a builder that
 * could not say so where it happened (the expression and string builders
 * return NULL, model_add_warning drops the warning) left the model
 * incomplete. Whoever fills a model checks this once, when it is done;
 * model_link, model_build_edges and db_store_scan refuse a failed model.
 */
int model_failed(const struct model *m);

/*
 * Builders. Capacities are given up front (the loader knows its sizes), so
 * pointers into the arrays stay valid while the model is filled;
 * model_reserve returns 0, or -1 when out of memory (error set). The
 * builders keep going after an allocation failure (see model_failed).
 */
int model_reserve(struct model *m, uint32_t nfiles, uint32_t nsyms,
		  uint32_t nnodes, uint32_t nwarnings);
uint32_t model_add_file(struct model *m, const char *path);
uint32_t model_add_sym(struct model *m, const char *name, int type,
		       uint32_t flags);
struct node *model_add_node(struct model *m, int kind, uint32_t sym);
void model_add_warning(struct model *m, const char *text);
struct expr *model_expr_sym(struct model *m, uint32_t sym);
struct expr *model_expr_op(struct model *m, int op, struct expr *l,
			   struct expr *r);
/*
 * Links every node to its symbol (sym->nodes) and members to choices, once
 * every symbol and node is added. Checks what a database may have got
 * wrong: symbols 0, 1, 2 must be the constants n, m, y, and every index
 * in range. Returns 0, or -1 with the error set.
 */
int model_link(struct model *m);

/*
 * The dependency that folds a node away: the first 'depends on' of the node
 * or of an enclosing if/menu/choice that is n once constants are folded
 * (as 'depends on $(success,...)' is under a toolchain failing the probe),
 * or NULL when the node's dependency is not n.
 */
const struct prop *model_dead_dep(const struct model *m,
				  const struct node *n);

/*
 * What e folds to as the kernel's menu_finalize() folds constants:
 * MODEL_SYM_N or MODEL_SYM_Y, or -1 when it is not constant ('B && n' is
 * n, 'y || H' is y; no expression at all is y).
 */
int model_expr_fold(const struct model *m, const struct expr *e);
/*
 * e with its constants folded the same way: 'V >= 170000 || n' is
 * 'V >= 170000', '!(A && y)' is '!A'. e itself when nothing folds, else a
 * new expression in the arena (NULL when out of memory).
 */
struct expr *model_expr_folded(struct model *m, struct expr *e);

/* Derives model->edges from the nodes and properties (see enum edge_kind). */
int model_build_edges(struct model *m);

/* Lookup by name; MODEL_NONE when absent. Builds an index on first use. */
uint32_t model_find(struct model *m, const char *name);

void model_count(const struct model *m, struct model_counts *c);

const char *model_type_name(int type);
const char *model_edge_kind_name(int kind);
int model_edge_kind_from_name(const char *name);
const char *model_prop_kind_name(int kind);

/*
 * Writes e as kconfiglib's expr_str() would (operators spaced, constants
 * quoted, parentheses only where && binds an ||) into buf of size n; returns
 * the length it needed, like snprintf.
 */
size_t model_expr_str(const struct model *m, const struct expr *e, char *buf,
		      size_t n);
/* The same, allocated in the model's arena; NULL when out of memory. */
const char *model_expr_text(struct model *m, const struct expr *e);

/*
 * Calls fn once per symbol reference in e (leaves, in order, constants
 * skipped). Returns the first non-zero value fn returns, else 0.
 */
int model_expr_walk(const struct model *m, const struct expr *e,
		    int (*fn)(uint32_t sym, void *arg), void *arg);

/* ---- queries (query.c) --------------------------------------------------- */
/* Whether node n or a node around it (if, menu, choice) has a 'depends on'
 * line: the definitions the kernel's menu_finalize() ORs into a symbol's
 * direct dependencies (a definition with none adds nothing). */
int model_node_has_dep(const struct model *m, uint32_t n);

/*
 * Every reference of a property line to an unrecorded probe (struct
 * model_probe_use), in node, property and model_expr_walk order, a probe
 * named twice on a line listed twice; of a graph_only model, the copy of
 * its probe_uses. *out (may be NULL when *n is 0) is the caller's, freed
 * with free(). 0, or -1 out of memory (error set).
 */
int model_probe_uses(const struct model *m, struct model_probe_use **out,
		     uint32_t *n);

/*
 * A feature alias of the command line (DESIGN.md): the name of a feature
 * whose Kconfig symbol is spelled differently in some trees.
 */
struct model_alias {
	const char *alias;   /* the feature name given, e.g. "CFI" */
	const char *name;    /* what it means where the tree lacks the alias
			      * itself, e.g. "CFI_CLANG" */
};

/* The feature aliases, in a fixed order; *n gets how many. Static data. */
const struct model_alias *model_aliases(size_t *n);

/*
 * The symbol a name given by a user means in m: the symbol itself when the
 * tree defines it, else the symbol its alias names when the tree mentions
 * that one, else the name's own (undefined) symbol. CONFIG_FOO, as a
 * .config spells it, means FOO when the tree has no CONFIG_FOO. MODEL_NONE
 * when the tree never mentions either.
 */
uint32_t model_resolve(struct model *m, const char *name);
/*
 * The defined symbol (or feature alias) whose name is closest to name, a
 * likely misspelling of it ("did you mean"), or NULL. Borrowed.
 */
const char *model_suggest(const struct model *m, const char *name);

enum ref_kind {
	REF_SELECT = 0, /* from has 'select SYM [if cond]' */
	REF_IMPLY,      /* from has 'imply SYM [if cond]' */
	REF_DEPENDS,    /* from depends on SYM: an EDGE_DEPENDS edge, its own
			 * or inherited from a menu or if, constants folded */
};

/* A place where another symbol names a symbol: the reverse view. */
struct model_ref {
	uint8_t kind;              /* enum ref_kind */
	uint32_t from;             /* the symbol whose definition names it */
	struct loc loc;            /* the line that names it */
	const struct expr *cond;   /* REF_SELECT, REF_IMPLY: the 'if'
				    * condition, or NULL; REF_DEPENDS: NULL */
};

/*
 * Who selects, implies or depends on sym: the selects and implies in
 * definition order, then the dependencies in edge order. *out gets the
 * references (free with model_refs_free; NULL when there are none) and *n
 * how many. Returns 0, or -1 when out of memory (error set).
 */
int model_refs(const struct model *m, uint32_t sym, struct model_ref **out,
	       size_t *n);
void model_refs_free(struct model_ref *refs);

/*
 * Whether symbol sym stands for a number. Kconfig has no number literals:
 * the 170000 of 'CLANG_VERSION >= 170000' and the 0x1000 of 'default
 * 0x1000' are symbols, undefined, whose value is their name, as they are
 * in the kernel's conf and in kconfiglib. Non-zero for such a symbol: no
 * definition, named like a decimal number (a '-' allowed first) or a hex
 * one with 0x or 0X.
 */
int model_sym_is_number(const struct model *m, uint32_t sym);

/* A symbol the tree names but never defines. */
struct model_undef {
	uint32_t sym;        /* the symbol */
	uint32_t node;       /* the first definition site that names it */
	struct loc loc;      /* the first of its lines that does */
};

/*
 * Every symbol referenced but never defined (constants, choices and
 * numbers are not), each with the first line that names it: in an
 * expression or as the target of a select or imply, as written (a
 * dependency that folds to n names its symbols still), the definition
 * sites taken in parse order and the lines of one site in line order.
 * *out gets them in the order of those lines (free with model_undefs_free;
 * NULL when there are none) and *n how many. Returns 0, or -1 when out of
 * memory (error set).
 */
int model_undefs(const struct model *m, struct model_undef **out, size_t *n);
void model_undefs_free(struct model_undef *u);

/*
 * Calls fn once per condition the definition n inherits from the blocks
 * around it, innermost first: each 'depends on' of an enclosing menu and
 * the condition of each enclosing 'if' (block is that node, dep its
 * P_DEPENDS), up to the first enclosing choice, which fn gets with dep NULL
 * and which ends the walk: the choice's own dependencies reach its members
 * through the choice pseudo-symbol, as in the kernel's menu_finalize().
 * Returns the first non-zero value fn returns, else 0.
 */
int model_inherited_walk(const struct model *m, const struct node *n,
			 int (*fn)(const struct node *block,
				   const struct prop *dep, void *arg),
			 void *arg);

/* ---- values under a configuration (eval.c) -------------------------------
 *
 * val[i] is symbol i's value as the Kconfig engine computed it for one
 * .config ("y", "m", "n", a number, a string), or NULL for a constant or
 * an undefined symbol, whose value is its name. Each returns a tristate:
 * 0 n, 1 m, 2 y, as kconfiglib's expr_value() and _visibility() do.
 */
int model_expr_value(const struct model *m, const char *const *val,
		     const struct expr *e);
/* The dependency of definition node: its 'depends on' lines and those of
 * every enclosing if, menu and choice. */
int model_node_dep_value(const struct model *m, const char *const *val,
			 uint32_t node);
/* Prompt prop of node: its condition, the node's dependency and the
 * 'visible if' of the menus around it. */
int model_prompt_value(const struct model *m, const char *const *val,
		       uint32_t node, uint32_t prop);
/* How far a user can set sym: the best of its prompts, m as y for a
 * symbol that cannot be m. */
int model_sym_visibility(const struct model *m, const char *const *val,
			 uint32_t sym);

/* ---- why a symbol has its value (why.c) --------------------------------- */

enum why_role {
	WHY_PROMPT = 0, /* a prompt: value, its visibility */
	WHY_DEPENDS,    /* a 'depends on' of the definition or of a block
			   around it: value, the dependency's */
	WHY_SELECT,     /* a select of the symbol: value, what it gives
			   (selector, condition, the selector's dependency) */
	WHY_IMPLY,      /* an imply of it: value likewise */
	WHY_DEFAULT,    /* a default: value, its condition with the
			   definition's dependency */
	WHY_RANGE,      /* a range: value likewise */
};

enum why_source {
	WHY_FROM_NONE = 0, /* nothing raises it: n (or no value) */
	WHY_FROM_USER,     /* the .config's value, within the visibility */
	WHY_FROM_DEFAULT,  /* the default that applies */
	WHY_FROM_IMPLY,    /* an imply, within the dependency */
	WHY_FROM_SELECT,   /* a select, past whatever else */
	WHY_FROM_CHOICE,   /* the selection of its choice */
};

/* One line that takes part in the value. */
struct model_why_line {
	uint8_t role;            /* enum why_role */
	uint32_t node;           /* the definition (or block) it is in */
	const struct prop *prop; /* the line */
	uint32_t by;             /* WHY_SELECT, WHY_IMPLY: the symbol whose
				    line it is; else MODEL_NONE */
	int value;               /* its tristate (see enum why_role) */
	int applies;             /* WHY_DEFAULT, WHY_RANGE: the first with
				    its condition met, the one that counts */
};

/* Why symbol sym has its value: what sym_calc_value() reads. */
struct model_why {
	uint32_t sym;            /* the symbol */
	const char *value;       /* the engine's value (borrowed from val) */
	const char *user;        /* the .config's value of it, or NULL */
	int vis;                 /* its visibility */
	int dep;                 /* its direct dependency (the best of its
				    definitions') */
	int rev;                 /* what its selects give (the best) */
	int weak;                /* what its implies give */
	int dflt;                /* the default that applies: its value
				    within its condition; 0 when none */
	int source;              /* what sets the value (enum why_source) */
	int computed;            /* bool/tristate: the value the kernel's
				    rules give from the above */
	struct model_why_line *v; /* the lines, by role as met: prompts and
				     dependencies per definition, then
				     defaults and ranges, then selects and
				     implies in the tree's order */
	size_t n, cap;           /* how many, and room for */
};

/*
 * Fills w for symbol sym under the values val (see model_expr_value()),
 * user the value the .config gives it (NULL: none). Returns 0, or -1 out
 * of memory (error set). Free w with model_why_free.
 */
int model_why(const struct model *m, const char *const *val,
	      const char *user, uint32_t sym, struct model_why *w);
void model_why_free(struct model_why *w);

#endif
