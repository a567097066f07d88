/*
 * kconf.c - runs kconfiglib in an embedded interpreter and turns what it
 * parsed into a model. The only file that includes Python.h: PyObject
 * never leaves it.
 *
 * Reference comments use the C-API words: *new* (we own it and must
 * release it), *borrowed* (we must not), *steals* (the callee takes ours).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "kconf.h"
#include "strv.h"
#include "error.h"
#include "phase.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char shim_source[] =
#include "kconf_shim.inc"
	;

/* The load in progress; the _kdep module reads through it. */
static struct source *cur_source;
static const struct kconf_prober *cur_prober;
/* Bytes of Kconfig text the load in progress has read (KCONF_MAX_TOTAL). */
static size_t cur_read_total;
/* The shim module (*new*), imported once per process. */
static PyObject *shim;

/* ---- the _kdep module: the source layer and the C numbers, from Python -- */

static PyObject *kdep_read(PyObject *self, PyObject *arg)
{
	const char *rel = PyUnicode_AsUTF8(arg);
	char *data;
	size_t len;
	if (!rel)
		return NULL;
	if (!cur_source || source_read(cur_source, rel, 1, &data, &len)) {
		PyErr_SetString(PyExc_OSError, kdep_error_last());
		return NULL;
	}
	if (len > KCONF_MAX_TOTAL - cur_read_total) {
		free(data);
		PyErr_Format(PyExc_OSError, "cannot read %s: the tree's Kconfig "
			     "files would exceed %u MiB in all", rel,
			     KCONF_MAX_TOTAL >> 20);
		return NULL;
	}
	cur_read_total += len;
	/* *new*; the shim decodes it as it reads, bytes a UTF-8 decoder
	 * rejects surviving as surrogates */
	PyObject *s = PyBytes_FromStringAndSize(data, (Py_ssize_t)len);
	free(data);
	return s;
}

static PyObject *kdep_glob(PyObject *self, PyObject *arg)
{
	const char *pattern = PyUnicode_AsUTF8(arg);
	char **v = NULL;
	size_t n = 0;
	PyObject *list = NULL;
	if (!pattern)
		return NULL;
	if (!cur_source || source_glob(cur_source, pattern, &v, &n)) {
		PyErr_SetString(PyExc_OSError, kdep_error_last());
		return NULL;
	}
	list = PyList_New((Py_ssize_t)n); /* *new* */
	for (size_t i = 0; list && i < n; i++) {
		PyObject *s = PyUnicode_FromString(v[i]); /* *new* */
		if (!s) {
			Py_CLEAR(list);
			break;
		}
		PyList_SET_ITEM(list, (Py_ssize_t)i, s); /* steals s */
	}
	strv_free(v);
	return list;
}

static PyObject *kdep_probe(PyObject *self, PyObject *args)
{
	const char *kind, *key;
	if (!PyArg_ParseTuple(args, "ss", &kind, &key))
		return NULL;
	const char *out = cur_prober ? cur_prober->answer(cur_prober->ctx,
							  kind, key)
				     : NULL;
	if (!out)
		Py_RETURN_NONE;
	return PyUnicode_DecodeUTF8(out, (Py_ssize_t)strlen(out),
				    "surrogateescape");
}

static PyObject *kdep_probe_like(PyObject *self, PyObject *args)
{
	const char *kind, *command;
	if (!PyArg_ParseTuple(args, "ss", &kind, &command))
		return NULL;
	const char *out = cur_prober && cur_prober->like
				  ? cur_prober->like(cur_prober->ctx, kind,
						     command)
				  : NULL;
	if (!out)
		Py_RETURN_NONE;
	return PyUnicode_DecodeUTF8(out, (Py_ssize_t)strlen(out),
				    "surrogateescape");
}

static PyObject *kdep_probe_key(PyObject *self, PyObject *arg)
{
	const char *cmd = PyUnicode_AsUTF8(arg);
	if (!cmd)
		return NULL;
	char *key = kconf_probe_key(cmd);
	if (!key)
		return PyErr_NoMemory();
	PyObject *s = PyUnicode_FromString(key); /* *new* */
	free(key);
	return s;
}

static PyMethodDef kdep_methods[] = {
	{ "read", kdep_read, METH_O, "read a tree file as bytes" },
	{ "glob", kdep_glob, METH_O, "expand a pattern in the tree" },
	{ "probe", kdep_probe, METH_VARARGS, "a recording's answer to a probe" },
	{ "probe_key", kdep_probe_key, METH_O,
	  "a command's key: blanks and temporary names as the shell sees them" },
	{ "probe_like", kdep_probe_like, METH_VARARGS,
	  "the answer of the same command with other script ids" },
	{ NULL, NULL, 0, NULL },
};

static struct PyModuleDef kdep_module = {
	PyModuleDef_HEAD_INIT, "_kdep", "kdep's source layer and numbers", -1,
	kdep_methods, NULL, NULL, NULL, NULL,
};

/*
 * Every number the shim hands back to C, taken from the C headers so that it
 * is written once: the shim binds these names from _kdep and defines none.
 */
#define KDEP_INT(name) { #name, (long)(name) }
static const struct {
	const char *name; /* the C name, and the name in _kdep */
	long value;       /* its value */
} kdep_ints[] = {
	KDEP_INT(KCONF_LIVE), KDEP_INT(KCONF_RECORD), KDEP_INT(KCONF_REPLAY),
	KDEP_INT(SYM_UNKNOWN), KDEP_INT(SYM_BOOL), KDEP_INT(SYM_TRISTATE),
	KDEP_INT(SYM_STRING), KDEP_INT(SYM_INT), KDEP_INT(SYM_HEX),
	KDEP_INT(SYMF_CONST), KDEP_INT(SYMF_CHOICE), KDEP_INT(SYMF_PROMPT),
	KDEP_INT(SYMF_CHOICE_MEMBER), KDEP_INT(SYMF_TRANSITIONAL),
	KDEP_INT(SYMF_MODULES), KDEP_INT(SYMF_ALLNOCONFIG_Y),
	KDEP_INT(SYMF_OPTIONAL),
	KDEP_INT(SYMF_PROBE),
	KDEP_INT(E_NOT), KDEP_INT(E_AND), KDEP_INT(E_OR), KDEP_INT(E_EQ),
	KDEP_INT(E_NE), KDEP_INT(E_LT), KDEP_INT(E_LE), KDEP_INT(E_GT),
	KDEP_INT(E_GE),
	KDEP_INT(P_DEPENDS), KDEP_INT(P_SELECT), KDEP_INT(P_IMPLY),
	KDEP_INT(P_DEFAULT), KDEP_INT(P_RANGE), KDEP_INT(P_PROMPT),
	KDEP_INT(P_VISIBLE),
	KDEP_INT(NODE_SYM), KDEP_INT(NODE_CHOICE), KDEP_INT(NODE_MENU),
	KDEP_INT(NODE_COMMENT), KDEP_INT(NODE_IF),
	KDEP_INT(KCONF_DOT_MAINMENU), KDEP_INT(KCONF_DOT_MENU),
	KDEP_INT(KCONF_DOT_END), KDEP_INT(KCONF_DOT_SYMBOL),
};
#undef KDEP_INT

static PyObject *kdep_module_init(void)
{
	PyObject *mod = PyModule_Create(&kdep_module); /* *new* */
	for (size_t i = 0; mod && i < sizeof(kdep_ints) / sizeof(kdep_ints[0]);
	     i++)
		if (PyModule_AddIntConstant(mod, kdep_ints[i].name,
					    kdep_ints[i].value))
			Py_CLEAR(mod);
	return mod;
}

/* ---- the kconfiglib the shim is written for ---------------------------- */

/*
 * The versions of kconfiglib kdep accepts, as "MAJOR.MINOR.PATCH" (its
 * VERSION tuple): the shim extends kconfiglib's internals, which change
 * from one version to the next, so any other version is refused at
 * start-up. Debian 12's python3-kconfiglib is 14.1.0.
 */
static const char *const kconfiglib_versions[] = { "14.1.0" };
static const char *const *supported = kconfiglib_versions;
static size_t nsupported =
	sizeof(kconfiglib_versions) / sizeof(kconfiglib_versions[0]);

void kconf_test_supported_versions(const char *const *versions, size_t n)
{
	assert(!shim && n > 0);
	supported = versions;
	nsupported = n;
}

/* ---- the shim's tuples, field by field ---------------------------------- */

/*
 * The shim hands its results over as tuples, read here by position. Each
 * kind of tuple has its fields named below, with the enum the readers index
 * it by, and the same names in the shim's LAYOUTS: kconf_init() refuses a
 * shim whose layouts differ from these, so that a field added, dropped or
 * moved on one side only is an error at start-up, never a misread. "-1" in
 * an index field means none (MODEL_NONE).
 */

/* export(): the whole parse. */
enum {
	EXPORT_F_FILES, EXPORT_F_SYMBOLS, EXPORT_F_NODES, EXPORT_F_WARNINGS,
	EXPORT_F_INDEX, EXPORT_F_OPERATORS, EXPORT_F_COUNT
};
static const char *const export_fields[EXPORT_F_COUNT] = {
	[EXPORT_F_FILES] = "files",         /* [path], model->files */
	[EXPORT_F_SYMBOLS] = "symbols",     /* [symbol], model->syms */
	[EXPORT_F_NODES] = "nodes",         /* [node], parents first */
	[EXPORT_F_WARNINGS] = "warnings",   /* [text] */
	[EXPORT_F_INDEX] = "index",         /* {Symbol or Choice: symbol} */
	[EXPORT_F_OPERATORS] = "operators", /* [operator] */
};

/* One entry of the symbol table. */
enum { SYM_F_NAME, SYM_F_TYPE, SYM_F_FLAGS, SYM_F_CHOICE, SYM_F_COUNT };
static const char *const sym_fields[SYM_F_COUNT] = {
	[SYM_F_NAME] = "name",     /* struct sym's name */
	[SYM_F_TYPE] = "type",     /* enum sym_type */
	[SYM_F_FLAGS] = "flags",   /* SYMF_* */
	[SYM_F_CHOICE] = "choice", /* a member's choice pseudo-symbol, or -1 */
};

/* One definition site. */
enum {
	NODE_F_KIND, NODE_F_SYM, NODE_F_MENUCONFIG, NODE_F_PARENT, NODE_F_FILE,
	NODE_F_LINE, NODE_F_TITLE, NODE_F_HELP, NODE_F_PROPS, NODE_F_COUNT
};
static const char *const node_fields[NODE_F_COUNT] = {
	[NODE_F_KIND] = "kind",             /* enum node_kind */
	[NODE_F_SYM] = "sym",               /* its (pseudo-)symbol, or -1 */
	[NODE_F_MENUCONFIG] = "menuconfig", /* 1 for 'menuconfig', else 0 */
	[NODE_F_PARENT] = "parent",         /* enclosing node, or -1 */
	[NODE_F_FILE] = "file",             /* index into files */
	[NODE_F_LINE] = "line",             /* 1-based */
	[NODE_F_TITLE] = "title",           /* menu or comment text, or None */
	[NODE_F_HELP] = "help",             /* help text, or None */
	[NODE_F_PROPS] = "props",           /* [property], in source order */
};

/* One property line (struct prop). */
enum {
	PROP_F_KIND, PROP_F_FILE, PROP_F_LINE, PROP_F_EXPR, PROP_F_EXPR2,
	PROP_F_COND, PROP_F_TEXT, PROP_F_COUNT
};
static const char *const prop_fields[PROP_F_COUNT] = {
	[PROP_F_KIND] = "kind",   /* enum prop_kind */
	[PROP_F_FILE] = "file",   /* index into files */
	[PROP_F_LINE] = "line",   /* 1-based */
	[PROP_F_EXPR] = "expr",   /* expression, or None */
	[PROP_F_EXPR2] = "expr2", /* expression, or None */
	[PROP_F_COND] = "cond",   /* expression, or None */
	[PROP_F_TEXT] = "text",   /* prompt text, or None */
};

/* kconfiglib's expression tuples, which the shim's follow; a leaf is a
 * Symbol or Choice of the index, and a NOT has no right operand. */
enum { EXPR_F_OP, EXPR_F_LEFT, EXPR_F_RIGHT, EXPR_F_COUNT };
static const char *const expr_fields[EXPR_F_COUNT] = {
	[EXPR_F_OP] = "op",       /* a kconfiglib operator */
	[EXPR_F_LEFT] = "left",   /* expression */
	[EXPR_F_RIGHT] = "right", /* expression */
};

/* One kconfiglib operator and the enum expr_op it is. */
enum { OP_F_KCONFIGLIB, OP_F_KDEP, OP_F_COUNT };
static const char *const op_fields[OP_F_COUNT] = {
	[OP_F_KCONFIGLIB] = "kconfiglib", /* kconfiglib's number, below 64 */
	[OP_F_KDEP] = "kdep",             /* enum expr_op */
};

/* probe_log(): one struct kconf_probe. */
enum { PROBE_F_KIND, PROBE_F_KEY, PROBE_F_OUTPUT, PROBE_F_COUNT };
static const char *const probe_fields[PROBE_F_COUNT] = {
	[PROBE_F_KIND] = "kind",     /* "probe" or "call" */
	[PROBE_F_KEY] = "key",       /* the normalised command or call */
	[PROBE_F_OUTPUT] = "output", /* what it expanded to */
};

/* evaluate(): one symbol's value. */
enum { VALUE_F_NAME, VALUE_F_VALUE, VALUE_F_COUNT };
static const char *const value_fields[VALUE_F_COUNT] = {
	[VALUE_F_NAME] = "name",   /* the symbol */
	[VALUE_F_VALUE] = "value", /* its value as .config text */
};

/* unmet(): a select above its target's direct dependencies. */
enum { UNMET_F_TARGET, UNMET_F_SELECTOR, UNMET_F_COUNT };
static const char *const unmet_fields[UNMET_F_COUNT] = {
	[UNMET_F_TARGET] = "target",     /* the symbol selected */
	[UNMET_F_SELECTOR] = "selector", /* the symbol whose select exceeds */
};

/* dotconfig(): one struct kconf_dot. */
enum { DOT_F_KIND, DOT_F_NAME, DOT_F_TYPE, DOT_F_TEXT, DOT_F_COUNT };
static const char *const dot_fields[DOT_F_COUNT] = {
	[DOT_F_KIND] = "kind", /* enum kconf_dot_kind */
	[DOT_F_NAME] = "name", /* the symbol, or None */
	[DOT_F_TYPE] = "type", /* enum sym_type */
	[DOT_F_TEXT] = "text", /* the value, or the title */
};

/* The most fields a layout of the shim may have to be compared. */
#define LAYOUT_MAX 16

struct layout {
	const char *kind;          /* its key in the shim's LAYOUTS */
	const char *const *fields; /* the names kdep reads, in tuple order */
	size_t n;                  /* how many (at most LAYOUT_MAX) */
};

#define LAYOUT(kind, fields) { kind, fields, sizeof(fields) / sizeof(*fields) }
static struct layout layouts[] = {
	LAYOUT("export", export_fields),  LAYOUT("symbol", sym_fields),
	LAYOUT("node", node_fields),      LAYOUT("property", prop_fields),
	LAYOUT("expression", expr_fields), LAYOUT("operator", op_fields),
	LAYOUT("probe", probe_fields),    LAYOUT("value", value_fields),
	LAYOUT("dot", dot_fields),        LAYOUT("unmet", unmet_fields),
};
#undef LAYOUT
#define NLAYOUTS (sizeof(layouts) / sizeof(layouts[0]))

void kconf_test_expect_layout(const char *kind, const char *const *fields,
			      size_t n)
{
	assert(!shim && n <= LAYOUT_MAX);
	for (size_t i = 0; i < NLAYOUTS; i++) {
		if (!strcmp(layouts[i].kind, kind)) {
			layouts[i].fields = fields;
			layouts[i].n = n;
			return;
		}
	}
	assert(!"no such layout");
}

/*
 * Whether o is a tuple of the n fields of the layout kind, as every tuple
 * the shim builds must be (the layouts matched at start-up: anything else
 * is a shim that builds a tuple other than its LAYOUTS say); else sets the
 * error.
 */
static int fields_ok(PyObject *o, Py_ssize_t n, const char *kind)
{
	if (PyTuple_Check(o) && PyTuple_GET_SIZE(o) == n)
		return 1;
	kdep_error_set("kconfiglib shim: a %s is not a tuple of its %zd fields",
		       kind, n);
	return 0;
}

/* ---- interpreter -------------------------------------------------------- */

/* Sets the kdep error from the pending Python exception and clears it. */
static void set_error_from_python(const char *what)
{
	PyObject *type = NULL, *value = NULL, *tb = NULL, *str = NULL;
	PyErr_Fetch(&type, &value, &tb); /* all *new* */
	PyErr_NormalizeException(&type, &value, &tb);
	if (value)
		str = PyObject_Str(value); /* *new* */
	const char *msg = str ? PyUnicode_AsUTF8(str) : NULL;
	const char *name = type ? ((PyTypeObject *)type)->tp_name : "?";
	kdep_error_set("%s: %s%s%s", what, name, msg && *msg ? ": " : "",
		       msg ? msg : "");
	PyErr_Clear();
	Py_XDECREF(str);
	Py_XDECREF(type);
	Py_XDECREF(value);
	Py_XDECREF(tb);
}

/* names as "a, b, c" in buf. */
static const char *names_text(const char *const *names, size_t n,
			      char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && len < size; i++) {
		assert(names[i]); /* every field of a layout is named */
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					i ? ", " : "", names[i]);
	}
	return buf;
}

/*
 * Reads the shim's layout t into fields (borrowed from t): how many it
 * has, or -1 when t is not a tuple of at most LAYOUT_MAX strings.
 */
static Py_ssize_t shim_layout(PyObject *t, const char **fields)
{
	if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) > LAYOUT_MAX)
		return -1;
	for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(t); i++) {
		PyObject *name = PyTuple_GET_ITEM(t, i); /* *borrowed* */
		if (!PyUnicode_Check(name) ||
		    !(fields[i] = PyUnicode_AsUTF8(name))) {
			PyErr_Clear();
			return -1;
		}
	}
	return PyTuple_GET_SIZE(t);
}

/*
 * kconfiglib's VERSION (*borrowed*) as "14.1.0" in buf: 0, or -1 when it
 * is not a tuple of numbers.
 */
static int version_text(PyObject *version, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	if (!version || !PyTuple_Check(version) || !PyTuple_GET_SIZE(version))
		return -1;
	for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(version) && len < size;
	     i++) {
		PyObject *part = PyTuple_GET_ITEM(version, i); /* *borrowed* */
		if (!PyLong_Check(part))
			return -1;
		len += (size_t)snprintf(buf + len, size - len, "%s%ld",
					i ? "." : "", PyLong_AsLong(part));
	}
	return 0;
}

/*
 * Imports kconfiglib and refuses it unless its version is one of the
 * supported ones: 0, or -1 with the error set, naming the version found,
 * where, and the versions kdep supports.
 */
static int check_kconfiglib(void)
{
	PyObject *mod = NULL, *version = NULL, *file = NULL; /* all *new* */
	char found[64], want[256];
	int ret = -1;

	mod = PyImport_ImportModule("kconfiglib");
	if (!mod) {
		set_error_from_python("cannot load kconfiglib (is "
				      "python3-kconfiglib installed?)");
		goto done;
	}
	version = PyObject_GetAttrString(mod, "VERSION");
	PyErr_Clear();
	int known = version_text(version, found, sizeof(found)) == 0;
	for (size_t i = 0; known && i < nsupported; i++) {
		if (!strcmp(found, supported[i])) {
			ret = 0;
			goto done;
		}
	}
	file = PyObject_GetAttrString(mod, "__file__");
	const char *path = file && PyUnicode_Check(file)
				   ? PyUnicode_AsUTF8(file) : NULL;
	PyErr_Clear();
	kdep_error_set("unsupported kconfiglib %s%s (%s): kdep supports %s",
		       known ? "version " : "of unknown version",
		       known ? found : "", path ? path : "no file",
		       names_text(supported, nsupported, want, sizeof(want)));
done:
	Py_XDECREF(file);
	Py_XDECREF(version);
	Py_XDECREF(mod);
	return ret;
}

/*
 * Compares every layout of the shim's LAYOUTS with kdep's (the layouts
 * table): 0, or -1 with the error set, naming both sides of the first that
 * differs.
 */
static int check_layouts(PyObject *mod)
{
	PyObject *theirs = NULL;  /* *new*: the shim's LAYOUTS */
	PyObject *key, *value;    /* *borrowed* */
	Py_ssize_t pos = 0;
	const char *fields[LAYOUT_MAX];
	char ours_text[512], theirs_text[512];
	int ret = -1;

	theirs = PyObject_GetAttrString(mod, "LAYOUTS");
	if (!theirs || !PyDict_Check(theirs)) {
		PyErr_Clear();
		kdep_error_set("kconfiglib shim: it has no LAYOUTS dictionary");
		goto done;
	}
	for (size_t i = 0; i < NLAYOUTS; i++) {
		const struct layout *l = &layouts[i];
		names_text(l->fields, l->n, ours_text, sizeof(ours_text));
		value = PyDict_GetItemString(theirs, l->kind);
		if (!value) {
			kdep_error_set("kconfiglib shim: it has no %s layout; "
				       "kdep's is (%s)", l->kind, ours_text);
			goto done;
		}
		Py_ssize_t n = shim_layout(value, fields);
		if (n < 0) {
			kdep_error_set("kconfiglib shim: its %s layout is not "
				       "a tuple of field names", l->kind);
			goto done;
		}
		size_t same = 0;
		while (same < l->n && same < (size_t)n &&
		       !strcmp(l->fields[same], fields[same]))
			same++;
		if (same != l->n || same != (size_t)n) {
			names_text(fields, (size_t)n, theirs_text,
				    sizeof(theirs_text));
			kdep_error_set("kconfiglib shim: %s layout differs "
				       "from kdep's: the shim builds (%s), "
				       "kdep reads (%s)", l->kind, theirs_text,
				       ours_text);
			goto done;
		}
	}
	while (PyDict_Next(theirs, &pos, &key, &value)) {
		const char *kind = PyUnicode_Check(key) ? PyUnicode_AsUTF8(key)
							: NULL;
		size_t i = 0;
		while (kind && i < NLAYOUTS && strcmp(layouts[i].kind, kind))
			i++;
		if (!kind || i == NLAYOUTS) {
			PyErr_Clear();
			kdep_error_set("kconfiglib shim: it builds %s tuples, "
				       "which kdep does not read",
				       kind ? kind : "unnamed");
			goto done;
		}
	}
	ret = 0;
done:
	Py_XDECREF(theirs);
	return ret;
}

static int kconf_init(void)
{
	/* Why the start-up failed, once it has: it is tried once. */
	static char failed[1024];
	PyConfig config;
	PyStatus st;
	PyObject *code = NULL, *mod = NULL;
	int ret = -1;

	if (shim)
		return 0;
	if (failed[0]) {
		kdep_error_set("%s", failed);
		return -1;
	}
	if (PyImport_AppendInittab("_kdep", kdep_module_init) < 0) {
		kdep_error_set("cannot register the _kdep module");
		goto done;
	}
	/* Isolated: no PYTHON* variables, no user site directory, no
	 * current directory on sys.path; Debian's own prefix. */
	PyConfig_InitIsolatedConfig(&config);
	config.write_bytecode = 0;
	config.install_signal_handlers = 0;
	config.parse_argv = 0;
	st = PyConfig_SetBytesString(&config, &config.home, KDEP_PYTHON_HOME);
	if (!PyStatus_Exception(st))
		st = PyConfig_SetBytesString(&config, &config.program_name,
					     "kdep");
	if (!PyStatus_Exception(st))
		st = Py_InitializeFromConfig(&config);
	PyConfig_Clear(&config);
	if (PyStatus_Exception(st)) {
		kdep_error_set("cannot start the Python interpreter: %s",
			       st.err_msg ? st.err_msg : "unknown error");
		goto done;
	}

	/* before any line of the shim, which relies on kconfiglib's
	 * internals */
	if (check_kconfiglib())
		goto done;
	code = Py_CompileString(shim_source, "kconf_shim.py", Py_file_input);
	if (!code) {
		set_error_from_python("cannot compile the kconfiglib shim");
		goto done;
	}
	mod = PyImport_ExecCodeModule("kdep_shim", code); /* *new* */
	if (!mod) {
		set_error_from_python("cannot load the kconfiglib shim");
		goto done;
	}
	if (check_layouts(mod))
		goto done;
	shim = mod; /* the reference moves to shim */
	mod = NULL;
	ret = 0;
done:
	if (ret)
		snprintf(failed, sizeof(failed), "%s", kdep_error_last());
	Py_XDECREF(mod);
	Py_XDECREF(code);
	return ret;
}

void kconf_shutdown(void)
{
	if (!Py_IsInitialized())
		return;
	Py_CLEAR(shim);
	Py_FinalizeEx();
}

/* ---- conversion --------------------------------------------------------- */

struct conv {
	struct model *m;      /* the model being filled */
	PyObject *index;      /* *borrowed*: dict Symbol/Choice -> int */
	int ops[64];          /* kconfiglib operator -> enum expr_op, 0 none */
	int failed;           /* a conversion failed; error set */
};

static struct expr *conv_expr(struct conv *c, PyObject *o)
{
	if (o == Py_None)
		return NULL;
	if (PyTuple_Check(o)) {
		Py_ssize_t n = PyTuple_GET_SIZE(o);
		long kop = n ? PyLong_AsLong(PyTuple_GET_ITEM(o, EXPR_F_OP))
			     : -1;
		int op = kop >= 0 && kop < 64 ? c->ops[kop] : 0;
		if (!op || n <= (op == E_NOT ? EXPR_F_LEFT : EXPR_F_RIGHT)) {
			kdep_error_set("unexpected expression from kconfiglib");
			c->failed = 1;
			return NULL;
		}
		PyObject **f = PySequence_Fast_ITEMS(o); /* *borrowed* */
		struct expr *l = conv_expr(c, f[EXPR_F_LEFT]);
		struct expr *r = op == E_NOT ? NULL :
				 conv_expr(c, f[EXPR_F_RIGHT]);
		if (c->failed)
			return NULL;
		return model_expr_op(c->m, op, l, r);
	}
	PyObject *i = PyDict_GetItemWithError(c->index, o); /* *borrowed* */
	if (!i) {
		PyErr_Clear();
		kdep_error_set("expression names an unknown symbol");
		c->failed = 1;
		return NULL;
	}
	return model_expr_sym(c->m, (uint32_t)PyLong_AsUnsignedLong(i));
}

static const char *conv_str(struct conv *c, PyObject *o)
{
	if (o == Py_None)
		return NULL;
	Py_ssize_t n;
	const char *s = PyUnicode_AsUTF8AndSize(o, &n);
	if (!s) {
		/* lone surrogates from undecodable bytes: keep them escaped */
		PyErr_Clear();
		PyObject *b = PyUnicode_AsEncodedString(o, "utf-8",
							"backslashreplace");
		if (!b) {
			PyErr_Clear();
			return "";
		}
		const char *r = model_strdup(c->m, PyBytes_AS_STRING(b));
		Py_DECREF(b);
		return r;
	}
	return model_strndup(c->m, s, (size_t)n);
}

/*
 * The fields of o (*borrowed* from it), which must be a tuple of the n
 * fields of the layout kind; NULL with the error set and c failed when it
 * is not.
 */
static PyObject **conv_fields(struct conv *c, PyObject *o, Py_ssize_t n,
			      const char *kind)
{
	if (!fields_ok(o, n, kind)) {
		c->failed = 1;
		return NULL;
	}
	return PySequence_Fast_ITEMS(o);
}

/* The constants at the indices model.h gives them. */
static const char *const const_names[] = {
	[MODEL_SYM_N] = "n", [MODEL_SYM_M] = "m", [MODEL_SYM_Y] = "y",
};

static int conv_model(PyObject *res, struct model **out)
{
	struct conv c = { 0 };
	struct model *m = NULL;
	PyObject *files, *syms, *nodes, *warnings, *ops; /* all *borrowed* */

	if (!fields_ok(res, EXPORT_F_COUNT, "export"))
		return -1;
	files = PyTuple_GET_ITEM(res, EXPORT_F_FILES);
	syms = PyTuple_GET_ITEM(res, EXPORT_F_SYMBOLS);
	nodes = PyTuple_GET_ITEM(res, EXPORT_F_NODES);
	warnings = PyTuple_GET_ITEM(res, EXPORT_F_WARNINGS);
	c.index = PyTuple_GET_ITEM(res, EXPORT_F_INDEX);
	ops = PyTuple_GET_ITEM(res, EXPORT_F_OPERATORS);
	if (!PyList_Check(files) || !PyList_Check(syms) ||
	    !PyList_Check(nodes) || !PyList_Check(warnings) ||
	    !PyDict_Check(c.index) || !PyList_Check(ops)) {
		kdep_error_set("kconfiglib shim: an export field is not a list "
			       "(or the index not a dictionary)");
		return -1;
	}

	for (Py_ssize_t i = 0; i < PyList_GET_SIZE(ops); i++) {
		PyObject *kv = PyList_GET_ITEM(ops, i); /* *borrowed* */
		if (!fields_ok(kv, OP_F_COUNT, "operator"))
			return -1;
		long k = PyLong_AsLong(PyTuple_GET_ITEM(kv, OP_F_KCONFIGLIB));
		if (k >= 0 && k < 64)
			c.ops[k] = (int)PyLong_AsLong(
				PyTuple_GET_ITEM(kv, OP_F_KDEP));
	}

	if (!(m = model_new())) {
		kdep_error_set("out of memory");
		return -1;
	}
	c.m = m;
	if (model_reserve(m, (uint32_t)PyList_GET_SIZE(files),
			  (uint32_t)PyList_GET_SIZE(syms),
			  (uint32_t)PyList_GET_SIZE(nodes),
			  (uint32_t)PyList_GET_SIZE(warnings))) {
		model_free(m);
		return -1;
	}

	for (Py_ssize_t i = 0; i < PyList_GET_SIZE(files); i++)
		model_add_file(m, conv_str(&c, PyList_GET_ITEM(files, i)));

	for (Py_ssize_t i = 0; i < PyList_GET_SIZE(syms) && !c.failed; i++) {
		PyObject **f = conv_fields(&c, PyList_GET_ITEM(syms, i),
					       SYM_F_COUNT, "symbol");
		if (!f)
			break;
		uint32_t s = model_add_sym(
			m, conv_str(&c, f[SYM_F_NAME]),
			(int)PyLong_AsLong(f[SYM_F_TYPE]),
			(uint32_t)PyLong_AsUnsignedLong(f[SYM_F_FLAGS]));
		long ch = PyLong_AsLong(f[SYM_F_CHOICE]);
		m->syms[s].choice = ch < 0 ? MODEL_NONE : (uint32_t)ch;
	}
	for (uint32_t i = 0; i < 3 && !c.failed; i++) {
		if (i >= m->nsyms || !m->syms[i].name ||
		    strcmp(m->syms[i].name, const_names[i])) {
			kdep_error_set("kconfiglib shim: symbols 0, 1 and 2 "
				       "are not the constants n, m and y");
			c.failed = 1;
		}
	}

	for (Py_ssize_t i = 0; i < PyList_GET_SIZE(nodes) && !c.failed; i++) {
		PyObject **f = conv_fields(&c, PyList_GET_ITEM(nodes, i),
					       NODE_F_COUNT, "node");
		if (!f)
			break;
		long sym = PyLong_AsLong(f[NODE_F_SYM]);
		long parent = PyLong_AsLong(f[NODE_F_PARENT]);
		struct node *n = model_add_node(
			m, (int)PyLong_AsLong(f[NODE_F_KIND]),
			sym < 0 ? MODEL_NONE : (uint32_t)sym);
		n->menuconfig = (uint8_t)PyLong_AsLong(f[NODE_F_MENUCONFIG]);
		n->parent = parent < 0 ? MODEL_NONE : (uint32_t)parent;
		n->loc.file = (uint32_t)PyLong_AsLong(f[NODE_F_FILE]);
		n->loc.line = (uint32_t)PyLong_AsLong(f[NODE_F_LINE]);
		n->title = conv_str(&c, f[NODE_F_TITLE]);
		n->help = conv_str(&c, f[NODE_F_HELP]);
		PyObject *props = f[NODE_F_PROPS]; /* *borrowed* */
		if (!PyList_Check(props)) {
			kdep_error_set("kconfiglib shim: a node's props are "
				       "not a list");
			c.failed = 1;
			break;
		}
		n->nprops = (uint32_t)PyList_GET_SIZE(props);
		n->props = model_alloc(m, sizeof(struct prop) * n->nprops);
		if (!n->props)
			break; /* out of memory: model_failed(m) below */
		for (uint32_t j = 0; j < n->nprops && !c.failed; j++) {
			struct prop *pr = &n->props[j];
			PyObject **g = conv_fields(&c, PyList_GET_ITEM(props, j),
						   PROP_F_COUNT, "property");
			if (!g)
				break;
			pr->kind = (uint8_t)PyLong_AsLong(g[PROP_F_KIND]);
			pr->loc.file = (uint32_t)PyLong_AsLong(g[PROP_F_FILE]);
			pr->loc.line = (uint32_t)PyLong_AsLong(g[PROP_F_LINE]);
			pr->expr = conv_expr(&c, g[PROP_F_EXPR]);
			pr->expr2 = conv_expr(&c, g[PROP_F_EXPR2]);
			pr->cond = conv_expr(&c, g[PROP_F_COND]);
			pr->text = conv_str(&c, g[PROP_F_TEXT]);
		}
	}
	for (Py_ssize_t i = 0; i < PyList_GET_SIZE(warnings) && !c.failed; i++)
		model_add_warning(m, conv_str(&c, PyList_GET_ITEM(warnings, i)));

	if (c.failed || PyErr_Occurred() || model_failed(m)) {
		if (PyErr_Occurred())
			set_error_from_python("cannot convert the parse");
		model_free(m);
		return -1;
	}
	phase_mark("convert");
	if (model_link(m) || model_build_edges(m)) {
		model_free(m);
		return -1;
	}
	phase_mark("edges");
	*out = m;
	return 0;
}

/* ---- loading ------------------------------------------------------------ */

/*
 * Turns a pending KdepError into an error at FILE:LINE; any other
 * exception into a message naming it (never a traceback).
 */
static void set_error_from_load(void)
{
	PyObject *type = NULL, *value = NULL, *tb = NULL, *cls = NULL;
	PyObject *f = NULL, *l = NULL, *msg = NULL;
	PyErr_Fetch(&type, &value, &tb); /* all *new* */
	PyErr_NormalizeException(&type, &value, &tb);
	cls = PyObject_GetAttrString(shim, "KdepError"); /* *new* */
	if (!cls || !value || !PyErr_GivenExceptionMatches(value, cls)) {
		PyErr_Restore(type, value, tb); /* steals all three */
		Py_XDECREF(cls);
		set_error_from_python("kconfiglib failed");
		return;
	}
	Py_DECREF(cls);
	f = PyObject_GetAttrString(value, "filename"); /* *new* */
	l = PyObject_GetAttrString(value, "linenr");   /* *new* */
	msg = PyObject_GetAttrString(value, "msg");    /* *new* */
	const char *fs = f && f != Py_None ? PyUnicode_AsUTF8(f) : NULL;
	long line = l ? PyLong_AsLong(l) : 0;
	const char *ms = msg ? PyUnicode_AsUTF8(msg) : NULL;
	if (fs && line > 0)
		kdep_error_set_at(fs, (uint32_t)line, "%s", ms ? ms : "?");
	else if (fs)
		kdep_error_set_at(fs, 0, "%s", ms ? ms : "?");
	else
		kdep_error_set("%s", ms ? ms : "cannot parse the tree");
	PyErr_Clear();
	Py_XDECREF(f);
	Py_XDECREF(l);
	Py_XDECREF(msg);
	Py_XDECREF(type);
	Py_XDECREF(value);
	Py_XDECREF(tb);
}

/*
 * Python catches SIGINT when its signal module is first imported (the
 * shell probes import it), and would turn Ctrl-C into a flag nobody reads
 * once control is back in C. kdep wants the default: a Ctrl-C ends the
 * process, and an unfinished database transaction rolls back.
 */
static void signal_defaults(void)
{
	signal(SIGINT, SIG_DFL);
}

void kconf_probe_log_free(struct kconf_probe_log *log)
{
	for (size_t i = 0; i < log->n; i++) {
		free(log->v[i].kind);
		free(log->v[i].key);
		free(log->v[i].output);
	}
	free(log->v);
	memset(log, 0, sizeof(*log));
}

/* Fills log from the shim's probe_log(kconf). */
static int read_probe_log(PyObject *kconf, struct kconf_probe_log *log)
{
	PyObject *list = PyObject_CallMethod(shim, "probe_log", "O", kconf);
	int ret = -1;
	memset(log, 0, sizeof(*log));
	if (!list || !PyList_Check(list)) {
		set_error_from_python("cannot read the probes");
		goto done;
	}
	size_t n = (size_t)PyList_GET_SIZE(list);
	if (!(log->v = calloc(n + 1, sizeof(*log->v)))) {
		kdep_error_set("out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		/* *borrowed* */
		PyObject *t = PyList_GET_ITEM(list, (Py_ssize_t)i);
		const char *f[PROBE_F_COUNT];
		if (!fields_ok(t, PROBE_F_COUNT, "probe"))
			goto done;
		for (int k = 0; k < PROBE_F_COUNT; k++)
			if (!(f[k] = PyUnicode_AsUTF8(PyTuple_GET_ITEM(t, k))))
				break;
		if (PyErr_Occurred()) {
			set_error_from_python("cannot read a probe");
			goto done;
		}
		struct kconf_probe *p = &log->v[log->n++];
		p->kind = strdup(f[PROBE_F_KIND]);
		p->key = strdup(f[PROBE_F_KEY]);
		p->output = strdup(f[PROBE_F_OUTPUT]);
		if (!p->kind || !p->key || !p->output) {
			kdep_error_set("out of memory");
			goto done;
		}
	}
	ret = 0;
done:
	if (ret)
		kconf_probe_log_free(log);
	Py_XDECREF(list);
	return ret;
}

/*
 * Live probes run in a scratch directory of their own, as the kernel's run
 * in its object tree: cc-option's temporary files land there, never in the
 * user's current directory (which may be the tree). Returns the descriptor
 * of the directory to come back to, or -1 with the error set.
 */
static int scratch_enter(char *dir, size_t n)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, n, "%s/kdep-probes.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int back = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (back < 0 || !mkdtemp(dir) || chdir(dir)) {
		kdep_error_set("cannot make a directory for the probes: %s",
			       strerror(errno));
		if (back >= 0)
			close(back);
		return -1;
	}
	return back;
}

static void scratch_leave(const char *dir, int back)
{
	if (fchdir(back) == 0)
		rmdir(dir); /* left in place if a probe left files behind */
	close(back);
}

/* Runs the shim's load(): the parsed Kconfig object (*new*), or NULL. */
static PyObject *kconf_parse(struct source *src, const struct kconf_opts *opts)
{
	PyObject *env = NULL, *kconf = NULL;
	char scratch[4096];
	int back = -1;

	phase_mark("start");
	if (kconf_init())
		return NULL;
	signal_defaults();
	phase_mark("python-init");
	if (!source_root(src)) {
		kdep_error_set("this tree has no directory to run probes in");
		return NULL;
	}
	env = PyDict_New(); /* *new* */
	for (size_t i = 0; env && i < opts->nenv; i++) {
		const char *eq = strchr(opts->env[i], '=');
		if (!eq)
			continue;
		PyObject *k = PyUnicode_FromStringAndSize(
			opts->env[i], eq - opts->env[i]); /* *new* */
		PyObject *v = PyUnicode_DecodeFSDefault(eq + 1); /* *new* */
		if (!k || !v || PyDict_SetItem(env, k, v)) {
			Py_XDECREF(k);
			Py_XDECREF(v);
			Py_CLEAR(env);
			break;
		}
		Py_DECREF(k);
		Py_DECREF(v);
	}
	if (!env) {
		set_error_from_python("cannot prepare the environment");
		return NULL;
	}
	if (opts->mode != KCONF_REPLAY &&
	    (back = scratch_enter(scratch, sizeof(scratch))) < 0) {
		Py_DECREF(env);
		return NULL;
	}
	cur_source = src;
	cur_read_total = 0;
	cur_prober = opts->mode == KCONF_REPLAY ? opts->prober : NULL;
	kconf = PyObject_CallMethod(shim, "load", "sOii", source_root(src), env,
				    (int)opts->mode,
				    cur_prober ? cur_prober->failure_default
					       : 0);
	signal_defaults();
	cur_source = NULL;
	cur_prober = NULL;
	if (back >= 0)
		scratch_leave(scratch, back);
	Py_DECREF(env);
	if (!kconf) {
		set_error_from_load();
	} else if (opts->log && read_probe_log(kconf, opts->log)) {
		Py_CLEAR(kconf);
	}
	phase_mark("kconfiglib-parse");
	return kconf;
}

int kconf_load(struct source *src, const struct kconf_opts *opts,
	       struct model **out)
{
	PyObject *kconf = NULL, *res = NULL;
	int ret = -1;

	*out = NULL;
	if (!(kconf = kconf_parse(src, opts)))
		return -1;
	res = PyObject_CallMethod(shim, "export", "O", kconf); /* *new* */
	signal_defaults();
	if (!res) {
		set_error_from_python("cannot read kconfiglib's result");
		goto done;
	}
	phase_mark("shim-export");
	ret = conv_model(res, out);
done:
	Py_XDECREF(res);
	Py_XDECREF(kconf);
	return ret;
}

struct kconf_tree {
	PyObject *kconf; /* the parsed Kconfig object */
};

int kconf_open(struct source *src, const struct kconf_opts *opts,
	       struct kconf_tree **out)
{
	struct kconf_tree *t;

	*out = NULL;
	if (!(t = calloc(1, sizeof(*t)))) {
		kdep_error_set("out of memory");
		return -1;
	}
	if (!(t->kconf = kconf_parse(src, opts))) {
		free(t);
		return -1;
	}
	*out = t;
	return 0;
}

int kconf_tree_model(struct kconf_tree *t, struct model **out)
{
	PyObject *res;
	*out = NULL;
	res = PyObject_CallMethod(shim, "export", "O", t->kconf); /* *new* */
	if (!res) {
		set_error_from_python("cannot read kconfiglib's result");
		return -1;
	}
	int ret = conv_model(res, out);
	Py_DECREF(res);
	return ret;
}

void kconf_tree_close(struct kconf_tree *t)
{
	if (!t)
		return;
	Py_XDECREF(t->kconf);
	free(t);
}

/*
 * config as a str (*new*), or NULL with the error set at the line of the
 * first byte that is not UTF-8 (kconfiglib reads text).
 */
static PyObject *config_text(const char *config, const char *name)
{
	size_t len = strlen(config);
	PyObject *s = PyUnicode_DecodeUTF8(config, (Py_ssize_t)len, NULL);
	if (s)
		return s;
	Py_ssize_t at = 0;
	PyObject *type, *value, *tb;
	PyErr_Fetch(&type, &value, &tb); /* all *new* */
	PyErr_NormalizeException(&type, &value, &tb);
	if (!value || PyUnicodeDecodeError_GetStart(value, &at))
		at = 0;
	PyErr_Clear();
	Py_XDECREF(type);
	Py_XDECREF(value);
	Py_XDECREF(tb);
	uint32_t line = 1;
	for (Py_ssize_t i = 0; i < at && (size_t)i < len; i++)
		line += config[i] == '\n';
	kdep_error_set_at(name ? name : "<config>", line,
			  "not UTF-8 text (byte 0x%02x)",
			  (unsigned char)config[at]);
	return NULL;
}

int kconf_tree_eval(struct kconf_tree *t, const char *config,
		    const char *name, struct kconf_values *out)
{
	PyObject *res = NULL, *text;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (!(text = config_text(config, name)))
		return -1;
	res = PyObject_CallMethod(shim, "evaluate", "OO", t->kconf,
				  text); /* *new* */
	Py_DECREF(text);
	signal_defaults();
	if (!res || !PyList_Check(res)) {
		set_error_from_load();
		goto done;
	}
	out->n = (size_t)PyList_GET_SIZE(res);
	out->names = calloc(out->n + 1, sizeof(char *));
	out->values = calloc(out->n + 1, sizeof(char *));
	if (!out->names || !out->values) {
		kdep_error_set("out of memory");
		goto done;
	}
	for (size_t i = 0; i < out->n; i++) {
		/* *borrowed* */
		PyObject *it = PyList_GET_ITEM(res, (Py_ssize_t)i);
		if (!fields_ok(it, VALUE_F_COUNT, "value"))
			goto done;
		const char *k = PyUnicode_AsUTF8(
			PyTuple_GET_ITEM(it, VALUE_F_NAME));
		const char *v = PyUnicode_AsUTF8(
			PyTuple_GET_ITEM(it, VALUE_F_VALUE));
		if (!k || !v) {
			set_error_from_python("cannot read a value");
			goto done;
		}
		if (!(out->names[i] = strdup(k)) ||
		    !(out->values[i] = strdup(v))) {
			kdep_error_set("out of memory");
			goto done;
		}
	}
	ret = 0;
done:
	if (ret)
		kconf_values_free(out);
	Py_XDECREF(res);
	return ret;
}

int kconf_tree_unmet(struct kconf_tree *t, struct kconf_unmet *out)
{
	PyObject *res = NULL;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	res = PyObject_CallMethod(shim, "unmet", "O", t->kconf); /* *new* */
	signal_defaults();
	if (!res || !PyList_Check(res)) {
		set_error_from_load();
		goto done;
	}
	out->n = (size_t)PyList_GET_SIZE(res);
	out->targets = calloc(out->n + 1, sizeof(char *));
	out->selectors = calloc(out->n + 1, sizeof(char *));
	if (!out->targets || !out->selectors) {
		kdep_error_set("out of memory");
		goto done;
	}
	for (size_t i = 0; i < out->n; i++) {
		/* *borrowed* */
		PyObject *it = PyList_GET_ITEM(res, (Py_ssize_t)i);
		if (!fields_ok(it, UNMET_F_COUNT, "unmet"))
			goto done;
		const char *x = PyUnicode_AsUTF8(
			PyTuple_GET_ITEM(it, UNMET_F_TARGET));
		const char *by = PyUnicode_AsUTF8(
			PyTuple_GET_ITEM(it, UNMET_F_SELECTOR));
		if (!x || !by) {
			set_error_from_python("cannot read an unmet dependency");
			goto done;
		}
		if (!(out->targets[i] = strdup(x)) ||
		    !(out->selectors[i] = strdup(by))) {
			kdep_error_set("out of memory");
			goto done;
		}
	}
	ret = 0;
done:
	if (ret)
		kconf_unmet_free(out);
	Py_XDECREF(res);
	return ret;
}

void kconf_unmet_free(struct kconf_unmet *u)
{
	for (size_t i = 0; i < u->n; i++) {
		free(u->targets ? u->targets[i] : NULL);
		free(u->selectors ? u->selectors[i] : NULL);
	}
	free(u->targets);
	free(u->selectors);
	memset(u, 0, sizeof(*u));
}

int kconf_tree_dotconfig(struct kconf_tree *t, struct kconf_dotconfig *out)
{
	PyObject *res = NULL;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	res = PyObject_CallMethod(shim, "dotconfig", "O", t->kconf); /* *new* */
	signal_defaults();
	if (!res || !PyList_Check(res)) {
		set_error_from_load();
		goto done;
	}
	out->n = (size_t)PyList_GET_SIZE(res);
	if (!(out->v = calloc(out->n + 1, sizeof(*out->v)))) {
		kdep_error_set("out of memory");
		goto done;
	}
	for (size_t i = 0; i < out->n; i++) {
		/* *borrowed* */
		PyObject *it = PyList_GET_ITEM(res, (Py_ssize_t)i);
		if (!fields_ok(it, DOT_F_COUNT, "dot"))
			goto done;
		PyObject *name = PyTuple_GET_ITEM(it, DOT_F_NAME);
		const char *k = name == Py_None ? NULL : PyUnicode_AsUTF8(name);
		const char *v = PyUnicode_AsUTF8(PyTuple_GET_ITEM(it, DOT_F_TEXT));
		long kind = PyLong_AsLong(PyTuple_GET_ITEM(it, DOT_F_KIND));
		long type = PyLong_AsLong(PyTuple_GET_ITEM(it, DOT_F_TYPE));
		if ((name != Py_None && !k) || !v || PyErr_Occurred()) {
			set_error_from_python("cannot read a .config entry");
			goto done;
		}
		struct kconf_dot *d = &out->v[i];
		d->kind = (unsigned char)kind;
		d->type = (unsigned char)type;
		if ((k && !(d->name = strdup(k))) || !(d->text = strdup(v))) {
			kdep_error_set("out of memory");
			goto done;
		}
	}
	ret = 0;
done:
	if (ret)
		kconf_dotconfig_free(out);
	Py_XDECREF(res);
	return ret;
}

void kconf_dotconfig_free(struct kconf_dotconfig *d)
{
	for (size_t i = 0; d->v && i < d->n; i++) {
		free(d->v[i].name);
		free(d->v[i].text);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

int kconf_eval(struct source *src, const struct kconf_opts *opts,
	       const char *config, struct kconf_values *out)
{
	struct kconf_tree *t;
	int ret;

	memset(out, 0, sizeof(*out));
	if (kconf_open(src, opts, &t))
		return -1;
	ret = kconf_tree_eval(t, config, NULL, out);
	kconf_tree_close(t);
	return ret;
}

void kconf_values_free(struct kconf_values *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->names ? v->names[i] : NULL);
		free(v->values ? v->values[i] : NULL);
	}
	free(v->names);
	free(v->values);
	memset(v, 0, sizeof(*v));
}
