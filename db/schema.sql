-- schema.sql - kdep's SQLite schema, version 3 (1 had 64-bit hashes of
-- kdep's own where scan_files now has git blob ids; 2 had no stat data in
-- scan_files and no fingerprint in scans, which db.c adds to a database of
-- version 2 as NULL columns).
--
-- Compiled into the binary (the Makefile turns it into db/schema.inc) and
-- run once, in one transaction, on an empty database. db.c's
-- DB_SCHEMA_VERSION must equal the user_version set at the bottom; a later
-- schema bumps both and adds a migration to db.c.
--
-- One scan is one row of scans; every other table except kdep_meta holds
-- rows of exactly one scan (column scan) and is keyed by it first, so a
-- scan's rows are contiguous and its deletion is a range delete. db.c
-- deletes a scan's rows from every table explicitly, in the transaction that
-- deletes the scan (foreign-key cascades would make each of the ~230k
-- inserts of a kernel-sized scan look its parent up); the REFERENCES clauses
-- document the relation and cascade for tools that enable foreign_keys.
--
-- Indices: symbols, nodes, files and edges use the index of the matching
-- array of the struct model the scan was stored from (model.h), so a stored
-- symbol id is the model's symbol index. MODEL_NONE is stored as NULL.
--
-- Expression trees (column *_tree) are a prefix form of struct expr, one
-- token per operator or leaf, tokens separated by one space:
--
--     s<N>    leaf: the symbol whose id is N (constants n, m, y are s0, s1, s2)
--     ! A     E_NOT            & A B   E_AND       | A B   E_OR
--     = A B   E_EQ             != A B  E_NE
--     < A B   E_LT             <= A B  E_LE
--     > A B   E_GT             >= A B  E_GE
--
-- Worked example: 'depends on A && !(B || C = "x")', with A = s12, B = s4,
-- C = s7 and the quoted constant "x" = s20, is stored as
--     & s12 ! | s4 = s7 s20
-- next to its text form (column without _tree), which is what kconfiglib's
-- expr_str() prints (model_expr_str()): 'A && !(B || C = "x")'.

-- Marks the file as a kdep database: db_open refuses any non-empty SQLite
-- file without the row ('application', 'kdep').
CREATE TABLE kdep_meta (
	key   TEXT PRIMARY KEY,  -- setting name, or 'proof:KEY': a fix's
	                         -- cached proof (db_proof_get)
	value TEXT NOT NULL      -- its value
) WITHOUT ROWID;

-- The marker. The schema version is PRAGMA user_version (bottom).
INSERT INTO kdep_meta (key, value) VALUES ('application', 'kdep');

-- One row per stored scan: a (tree, arch, profile) analysed once.
CREATE TABLE scans (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	                              -- scan id (db_scan_meta.id); never reused
	tree           TEXT NOT NULL, -- tree identity: realpath or commit id
	arch           TEXT NOT NULL, -- architecture, e.g. 'arm64'
	profile        TEXT NOT NULL, -- toolchain profile, e.g. 'gcc-12'
	key            TEXT NOT NULL, -- content key (hex): a blob id over the
	                              -- Kconfig files' ids, profile, kdep version
	version        TEXT NOT NULL, -- kdep version that made the scan
	seconds        REAL NOT NULL, -- how long the parse took
	unknown_probes INTEGER NOT NULL, -- probes answered by a profile default
	created        INTEGER NOT NULL, -- unix time of the scan: when it
	                                 -- began reading the tree
	files          INTEGER NOT NULL, -- model_counts.files: Kconfig files read
	defined        INTEGER NOT NULL, -- model_counts.defined: symbols with a node
	undefined      INTEGER NOT NULL, -- model_counts.undefined: only referenced
	choices        INTEGER NOT NULL, -- model_counts.choices: choice blocks
	nsyms          INTEGER NOT NULL, -- rows in symbols for this scan
	nnodes         INTEGER NOT NULL, -- rows in nodes
	nprops         INTEGER NOT NULL, -- rows in props
	nedges         INTEGER NOT NULL, -- rows in edges
	nwarnings      INTEGER NOT NULL, -- rows in warnings
	modules_sym    INTEGER,          -- symbol id of the modules switch; NULL: none
	fingerprint    TEXT              -- the profile's fingerprint, one of the
	                                 -- fields of key; NULL in a scan of
	                                 -- schema 2
);

-- db_find_latest: the newest scan of a (tree, arch, profile).
CREATE INDEX scans_by_target ON scans (tree, arch, profile, id);
-- db_find_key: a scan by content key.
CREATE INDEX scans_by_key ON scans (key);

-- The files a scan read, with the ids its content key is made of
-- (struct db_file), in the order they were given. mtime and ino are the
-- file's stat data when it was read, as git's index keeps them: a cache
-- check rehashes only a file whose size, mtime or inode differ now, or
-- whose mtime is not older than the scan (scans.created); the id stays
-- the identity. NULL when the source has none (a git tree, an overlay).
CREATE TABLE scan_files (
	scan  INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
	                           -- the scan
	seq   INTEGER NOT NULL,    -- position in the list, from 0
	path  TEXT NOT NULL,       -- relative to the tree
	id    TEXT NOT NULL,       -- content id: git's blob id, 40 hex digits
	size  INTEGER NOT NULL,    -- bytes
	mtime INTEGER,             -- modification time, nanoseconds since
	                           -- the epoch, or NULL
	ino   INTEGER,             -- inode number, or NULL
	PRIMARY KEY (scan, seq)
) WITHOUT ROWID;

-- The model's file table (model->files): what loc.file indices name.
CREATE TABLE files (
	scan INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
	                          -- the scan
	id   INTEGER NOT NULL,    -- index into model->files
	path TEXT NOT NULL,       -- relative to the tree
	PRIMARY KEY (scan, id)
) WITHOUT ROWID;

-- Parser warnings, in the order they were emitted.
CREATE TABLE warnings (
	scan INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
	                          -- the scan
	seq  INTEGER NOT NULL,    -- position, from 0
	text TEXT NOT NULL,       -- the warning
	PRIMARY KEY (scan, seq)
) WITHOUT ROWID;

-- The symbol table (model->syms): constants, symbols, choice pseudo-symbols.
CREATE TABLE symbols (
	scan   INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
	                            -- the scan
	id     INTEGER NOT NULL,    -- index into model->syms
	name   TEXT NOT NULL,       -- name; '<choice>' style for choices; the
	                            -- value, unquoted, for quoted constants
	type   INTEGER NOT NULL,    -- enum sym_type (0 unknown, 1 bool,
	                            -- 2 tristate, 3 string, 4 int, 5 hex)
	flags  INTEGER NOT NULL,    -- SYMF_* bits (model.h)
	choice INTEGER,             -- choice member: id of its choice's
	                            -- pseudo-symbol; NULL otherwise
	PRIMARY KEY (scan, id)
) WITHOUT ROWID;

-- Symbol lookup by name.
CREATE INDEX symbols_by_name ON symbols (scan, name);

-- Definition sites (model->nodes): config, choice, menu, comment, if.
CREATE TABLE nodes (
	scan       INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
	                              -- the scan
	id         INTEGER NOT NULL,  -- index into model->nodes
	kind       INTEGER NOT NULL,  -- enum node_kind (0 config, 1 choice,
	                              -- 2 menu, 3 comment, 4 if)
	menuconfig INTEGER NOT NULL,  -- 1 when defined with 'menuconfig'
	sym        INTEGER,           -- config/choice: the (pseudo-)symbol id;
	                              -- NULL for other kinds
	parent     INTEGER,           -- enclosing if/menu/choice node id, or NULL
	file       INTEGER NOT NULL,  -- files.id of the opening line
	line       INTEGER NOT NULL,  -- 1-based line number
	title      TEXT,              -- menu and comment text, else NULL
	help       TEXT,              -- help text, or NULL
	PRIMARY KEY (scan, id)
) WITHOUT ROWID;

-- Property lines of each node, in source order (node->props). The primary
-- key is the index of a node's properties.
CREATE TABLE props (
	scan       INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
	                              -- the scan
	node       INTEGER NOT NULL,  -- nodes.id of the owner
	seq        INTEGER NOT NULL,  -- position among the node's props, from 0
	kind       INTEGER NOT NULL,  -- enum prop_kind (0 depends, 1 select,
	                              -- 2 imply, 3 default, 4 range, 5 prompt,
	                              -- 6 visible)
	file       INTEGER NOT NULL,  -- files.id of the line it is written on
	line       INTEGER NOT NULL,  -- 1-based line number
	expr       TEXT,              -- value, target, dependency or low bound,
	                              -- as expr_str() text; NULL when absent
	expr_tree  TEXT,              -- the same as a prefix tree (see top)
	expr2      TEXT,              -- range: the high bound; else NULL
	expr2_tree TEXT,              -- the same as a prefix tree
	cond       TEXT,              -- the 'if' condition, or NULL
	cond_tree  TEXT,              -- the same as a prefix tree
	text       TEXT,              -- prompt: its text; else NULL
	PRIMARY KEY (scan, node, seq)
) WITHOUT ROWID;

-- Dependency edges (model->edges): from_sym -kind-> to_sym reads
-- "from_sym <kind phrase> to_sym", e.g. "A is selected by B" for kind
-- 'select' (enum edge_kind in model.h). Keyed by (scan, from_sym) first, so
-- the primary key is the index of what a symbol depends on; seq keeps the
-- model's order.
CREATE TABLE edges (
	scan     INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
	                            -- the scan
	seq      INTEGER NOT NULL,  -- index into model->edges
	from_sym INTEGER NOT NULL,  -- symbols.id whose value depends
	to_sym   INTEGER NOT NULL,  -- symbols.id it depends on
	kind     TEXT NOT NULL,     -- model_edge_kind_name(): 'depends',
	                            -- 'select', 'select-if', 'imply', 'imply-if',
	                            -- 'default', 'default-if', 'prompt-if',
	                            -- 'range', 'range-if', 'choice'
	file     INTEGER NOT NULL,  -- files.id of the line creating the edge
	line     INTEGER NOT NULL,  -- 1-based line number
	PRIMARY KEY (scan, from_sym, seq)
) WITHOUT ROWID;

-- What depends on a symbol (what it depends on is the primary key).
CREATE INDEX edges_by_to ON edges (scan, to_sym);

-- Edges per kind, so db_scan_counts need not scan the edges.
CREATE TABLE edge_counts (
	scan  INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
	                         -- the scan
	kind  TEXT NOT NULL,     -- model_edge_kind_name()
	count INTEGER NOT NULL,  -- edges of that kind (kinds with none omitted)
	PRIMARY KEY (scan, kind)
) WITHOUT ROWID;

PRAGMA user_version = 3;
