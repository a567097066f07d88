-- schema.sql - kdep's SQLite schema, version 5 (1 had 64-bit hashes of
-- kdep's own where scan_files now has git blob ids; 2 had no stat data in
-- scan_files and no fingerprint in scans; 3 held every row of a scan in
-- tables of its own, edges included, nothing shared; 4 had no
-- scan_graphs).
--
-- Compiled into the binary (the Makefile turns it into db/schema.inc) and
-- run once, in one transaction, on an empty database. db.c's
-- DB_SCHEMA_VERSION must equal the user_version set at the bottom; a later
-- schema bumps both and adds a migration to db.c.
--
-- One scan is one row of scans; the tables named scan_* (and files,
-- warnings, edge_counts) hold rows of exactly one scan (column scan) and
-- are keyed by it first, so a scan's rows are contiguous and its deletion
-- is a range delete. db.c deletes a scan's rows from every such table
-- explicitly, in the transaction that deletes the scan (foreign-key
-- cascades would make each of the ~100k inserts of a kernel-sized scan
-- look its parent up); the REFERENCES clauses document the relation and
-- cascade for tools that enable foreign_keys. names, exprs and texts are
-- shared by every scan (see "shared rows"); the views at the bottom show
-- the tables of schema 3 over them.
--
-- Indices: scan_symbols, scan_nodes and files use the index of the
-- matching array of the struct model the scan was stored from (model.h),
-- so a stored symbol id is the model's symbol index. MODEL_NONE is stored
-- as NULL.
--
-- Expression trees (exprs.tree) are a prefix form of struct expr, one
-- token per operator or leaf, tokens separated by one space:
--
--     s<N>    leaf: the symbol whose names.id is N
--     ! A     E_NOT            & A B   E_AND       | A B   E_OR
--     = A B   E_EQ             != A B  E_NE
--     < A B   E_LT             <= A B  E_LE
--     > A B   E_GT             >= A B  E_GE
--
-- Worked example: 'depends on A && !(B || C = "x")', with the names of A,
-- B and C at names.id 12, 4 and 7 and the quoted constant "x" at 20, is
-- stored as
--     & s12 ! | s4 = s7 s20
-- next to its text form (exprs.text), which is what kconfiglib's expr_str()
-- prints (model_expr_str()): 'A && !(B || C = "x")'. A tree names no scan's
-- symbol index, so every scan with that line shares the row.

-- Marks the file as a kdep database: db_open refuses any non-empty SQLite
-- file without the row ('application', 'kdep').
CREATE TABLE kdep_meta (
	key   TEXT PRIMARY KEY,  -- setting name ('garbage': scans deleted
	                         -- since shared rows were last collected),
	                         -- or 'proof:KEY': a fix's cached proof
	                         -- (db_proof_get)
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
	nsyms          INTEGER NOT NULL, -- rows in scan_symbols for this scan
	nnodes         INTEGER NOT NULL, -- rows in scan_nodes
	nprops         INTEGER NOT NULL, -- rows in scan_props
	nedges         INTEGER NOT NULL, -- edges model_build_edges derives
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

-- ---- shared rows -------------------------------------------------------
--
-- What is the same in many scans (another arch, another profile, the same
-- arch after a one-file edit) is stored once: symbol names, expressions,
-- help, menu and prompt texts. A scan's rows name them by id; a store only
-- ever adds such rows (INSERT of what is not there yet), so storing a scan
-- never rewrites a row another scan reads. Rows no scan names any more are
-- deleted now and then (store_collect in db.c: once as many scans were
-- replaced as there are, and at least 8; kdep_meta 'garbage' counts them).

-- Symbol names. (name, const, rank) is what a symbol is across scans: a
-- scan holds at most one symbol of each, as rank counts the earlier
-- symbols of the scan with the same name and constness (the anonymous
-- choices, all named '<choice>', are ranks 0, 1, 2, ...).
CREATE TABLE names (
	id    INTEGER PRIMARY KEY,  -- what expression trees and
	                            -- scan_symbols.name say
	name  TEXT NOT NULL,        -- the symbol's name (see symbols below)
	const INTEGER NOT NULL,     -- 1 for a constant (SYMF_CONST), else 0
	rank  INTEGER NOT NULL,     -- earlier symbols of the same name and
	                            -- constness in the scan
	UNIQUE (name, const, rank)
);

-- Expressions, each as a prefix tree over names.id (see top: s<N> names
-- the symbol whose names.id is N) and as expr_str() text.
CREATE TABLE exprs (
	id   INTEGER PRIMARY KEY,  -- what scan_props' expression columns say
	tree TEXT NOT NULL UNIQUE, -- the prefix tree
	text TEXT NOT NULL         -- kconfiglib's expr_str() of it
);

-- Texts: help, menu and comment titles, prompts.
CREATE TABLE texts (
	id   INTEGER PRIMARY KEY,  -- what scan_nodes and scan_props say
	hash INTEGER NOT NULL,     -- 64-bit FNV-1a of text (db.c), for lookup
	text TEXT NOT NULL         -- the text
);

-- A text by its hash (then compared in full).
CREATE INDEX texts_by_hash ON texts (hash);

-- ---- rows of one scan ----------------------------------------------------

-- The symbol table (model->syms): constants, symbols, choice pseudo-symbols.
CREATE TABLE scan_symbols (
	scan   INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
	                            -- the scan
	id     INTEGER NOT NULL,    -- index into model->syms
	name   INTEGER NOT NULL REFERENCES names (id),
	                            -- names.id: which symbol this is
	type   INTEGER NOT NULL,    -- enum sym_type (0 unknown, 1 bool,
	                            -- 2 tristate, 3 string, 4 int, 5 hex)
	flags  INTEGER NOT NULL,    -- SYMF_* bits (model.h)
	choice INTEGER,             -- choice member: id of its choice's
	                            -- pseudo-symbol; NULL otherwise
	PRIMARY KEY (scan, id)
) WITHOUT ROWID;

-- Definition sites (model->nodes): config, choice, menu, comment, if.
CREATE TABLE scan_nodes (
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
	title      INTEGER REFERENCES texts (id),
	                              -- menu and comment text, else NULL
	help       INTEGER REFERENCES texts (id),
	                              -- help text, or NULL
	PRIMARY KEY (scan, id)
) WITHOUT ROWID;

-- Property lines of each node, in source order (node->props). The primary
-- key is the index of a node's properties.
CREATE TABLE scan_props (
	scan       INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
	                              -- the scan
	node       INTEGER NOT NULL,  -- scan_nodes.id of the owner
	seq        INTEGER NOT NULL,  -- position among the node's props, from 0
	kind       INTEGER NOT NULL,  -- enum prop_kind (0 depends, 1 select,
	                              -- 2 imply, 3 default, 4 range, 5 prompt,
	                              -- 6 visible)
	file       INTEGER NOT NULL,  -- files.id of the line it is written on
	line       INTEGER NOT NULL,  -- 1-based line number
	expr       INTEGER REFERENCES exprs (id),
	                              -- value, target, dependency or low
	                              -- bound; NULL when absent
	expr2      INTEGER REFERENCES exprs (id),
	                              -- range: the high bound; else NULL
	cond       INTEGER REFERENCES exprs (id),
	                              -- the 'if' condition, or NULL
	text       INTEGER REFERENCES texts (id),
	                              -- prompt: its text; else NULL
	PRIMARY KEY (scan, node, seq)
) WITHOUT ROWID;

-- Dependency edges are not stored as rows: model_build_edges() derives
-- them from the nodes and properties, exactly and faster than they would
-- load, and db_load_model does; db_load_graph reads them from
-- scan_graphs. scans.nedges and edge_counts keep their numbers.

-- The graph of each scan as one blob: its files, symbols, the nodes of
-- its choices and probes, its edges with their places, and the lines
-- that read probes (db/graph.h has the layout), all the cycle rule needs,
-- read by db_load_graph with one query instead of a row per edge. Names
-- and paths are in the blob again, not shared: a load reads no other row.
CREATE TABLE scan_graphs (
	scan INTEGER PRIMARY KEY REFERENCES scans (id) ON DELETE CASCADE,
	                        -- the scan
	data BLOB NOT NULL      -- the encoded graph (db_graph_encode)
);

-- Edges per kind, so db_scan_counts need not scan the edges.
CREATE TABLE edge_counts (
	scan  INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
	                         -- the scan
	kind  TEXT NOT NULL,     -- model_edge_kind_name()
	count INTEGER NOT NULL,  -- edges of that kind (kinds with none omitted)
	PRIMARY KEY (scan, kind)
) WITHOUT ROWID;

-- ---- views: the tables of schema 3, for people with sqlite3 -------------
--
-- e.g. where a symbol is defined, in every scan:
--     SELECT arch, profile, file, line FROM definitions WHERE name = 'CFI';
-- and what one of its definitions says:
--     SELECT p.kind, p.line, p.expr, p.cond, p.text FROM props p
--     JOIN nodes n ON n.scan = p.scan AND n.id = p.node
--     JOIN symbols s ON s.scan = n.scan AND s.id = n.sym
--     WHERE s.name = 'CFI' AND p.scan = 1 ORDER BY p.node, p.seq;
-- The *_tree columns are trees over names.id, not symbols.id.

CREATE VIEW symbols (scan, id, name, type, flags, choice) AS
	SELECT s.scan, s.id, n.name, s.type, s.flags, s.choice
	FROM scan_symbols s JOIN names n ON n.id = s.name;

CREATE VIEW nodes (scan, id, kind, menuconfig, sym, parent, file, line,
		   title, help) AS
	SELECT d.scan, d.id, d.kind, d.menuconfig, d.sym, d.parent, d.file,
	       d.line, t.text, h.text
	FROM scan_nodes d LEFT JOIN texts t ON t.id = d.title
	LEFT JOIN texts h ON h.id = d.help;

CREATE VIEW props (scan, node, seq, kind, file, line, expr, expr_tree,
		   expr2, expr2_tree, cond, cond_tree, text) AS
	SELECT p.scan, p.node, p.seq, p.kind, p.file, p.line, e.text, e.tree,
	       e2.text, e2.tree, c.text, c.tree, t.text
	FROM scan_props p LEFT JOIN exprs e ON e.id = p.expr
	LEFT JOIN exprs e2 ON e2.id = p.expr2
	LEFT JOIN exprs c ON c.id = p.cond
	LEFT JOIN texts t ON t.id = p.text;

-- Every symbol definition (config and choice nodes) of every scan.
CREATE VIEW definitions (scan, tree, arch, profile, name, node, file, line,
			 help) AS
	SELECT d.scan, sc.tree, sc.arch, sc.profile, n.name, d.id, f.path,
	       d.line, h.text
	FROM scan_nodes d JOIN scans sc ON sc.id = d.scan
	JOIN scan_symbols s ON s.scan = d.scan AND s.id = d.sym
	JOIN names n ON n.id = s.name
	JOIN files f ON f.scan = d.scan AND f.id = d.file
	LEFT JOIN texts h ON h.id = d.help
	WHERE d.kind IN (0, 1);

PRAGMA user_version = 5;
