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
	/* *new*; bytes a UTF-8 decoder rejects survive as surrogates */
	PyObject *s = PyUnicode_DecodeUTF8(data, (Py_ssize_t)len,
					   "surrogateescape");
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

static PyMethodDef kdep_methods[] = {
	{ "read", kdep_read, METH_O, "read a tree file as text" },
	{ "glob", kdep_glob, METH_O, "expand a pattern in the tree" },
	{ "probe", kdep_probe, METH_VARARGS, "a recording's answer to a probe" },
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
	KDEP_INT(E_NOT), KDEP_INT(E_AND), KDEP_INT(E_OR), KDEP_INT(E_EQ),
	KDEP_INT(E_NE), KDEP_INT(E_LT), KDEP_INT(E_LE), KDEP_INT(E_GT),
	KDEP_INT(E_GE),
	KDEP_INT(P_DEPENDS), KDEP_INT(P_SELECT), KDEP_INT(P_IMPLY),
	KDEP_INT(P_DEFAULT), KDEP_INT(P_RANGE), KDEP_INT(P_PROMPT),
	KDEP_INT(P_VISIBLE),
	KDEP_INT(NODE_SYM), KDEP_INT(NODE_CHOICE), KDEP_INT(NODE_MENU),
	KDEP_INT(NODE_COMMENT), KDEP_INT(NODE_IF),
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

static int kconf_init(void)
{
	PyConfig config;
	PyStatus st;
	PyObject *code = NULL;
	int ret = -1;

	if (shim)
		return 0;
	if (PyImport_AppendInittab("_kdep", kdep_module_init) < 0) {
		kdep_error_set("cannot register the _kdep module");
		return -1;
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
		return -1;
	}

	code = Py_CompileString(shim_source, "kconf_shim.py", Py_file_input);
	if (!code) {
		set_error_from_python("cannot compile the kconfiglib shim");
		goto done;
	}
	/* *new*; fails when Debian's python3-kconfiglib is missing */
	shim = PyImport_ExecCodeModule("kdep_shim", code);
	if (!shim) {
		if (PyErr_ExceptionMatches(PyExc_ImportError))
			set_error_from_python(
				"cannot load kconfiglib (is python3-kconfiglib "
				"installed?)");
		else
			set_error_from_python("cannot load the kconfiglib shim");
		goto done;
	}
	ret = 0;
done:
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
		long kop = n ? PyLong_AsLong(PyTuple_GET_ITEM(o, 0)) : -1;
		int op = kop >= 0 && kop < 64 ? c->ops[kop] : 0;
		if (!op || n < 2 || (op != E_NOT && n < 3)) {
			kdep_error_set("unexpected expression from kconfiglib");
			c->failed = 1;
			return NULL;
		}
		struct expr *l = conv_expr(c, PyTuple_GET_ITEM(o, 1));
		struct expr *r = op == E_NOT ? NULL :
				 conv_expr(c, PyTuple_GET_ITEM(o, 2));
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

static int conv_model(PyObject *res, struct model **out)
{
	struct conv c = { 0 };
	struct model *m = NULL;
	PyObject *files, *syms, *nodes, *warnings, *ops; /* all *borrowed* */

	if (!PyTuple_Check(res) || PyTuple_GET_SIZE(res) != 6) {
		kdep_error_set("unexpected result from the kconfiglib shim");
		return -1;
	}
	files = PyTuple_GET_ITEM(res, 0);
	syms = PyTuple_GET_ITEM(res, 1);
	nodes = PyTuple_GET_ITEM(res, 2);
	warnings = PyTuple_GET_ITEM(res, 3);
	c.index = PyTuple_GET_ITEM(res, 4);
	ops = PyTuple_GET_ITEM(res, 5);

	for (Py_ssize_t i = 0; i < PyList_GET_SIZE(ops); i++) {
		PyObject *kv = PyList_GET_ITEM(ops, i);
		long k = PyLong_AsLong(PyTuple_GET_ITEM(kv, 0));
		if (k >= 0 && k < 64)
			c.ops[k] = (int)PyLong_AsLong(PyTuple_GET_ITEM(kv, 1));
	}

	if (!(m = model_new())) {
		kdep_error_set("out of memory");
		return -1;
	}
	c.m = m;
	model_reserve(m, (uint32_t)PyList_GET_SIZE(files),
		      (uint32_t)PyList_GET_SIZE(syms),
		      (uint32_t)PyList_GET_SIZE(nodes),
		      (uint32_t)PyList_GET_SIZE(warnings));

	for (Py_ssize_t i = 0; i < PyList_GET_SIZE(files); i++)
		model_add_file(m, conv_str(&c, PyList_GET_ITEM(files, i)));

	for (Py_ssize_t i = 0; i < PyList_GET_SIZE(syms); i++) {
		PyObject *t = PyList_GET_ITEM(syms, i);
		uint32_t s = model_add_sym(
			m, conv_str(&c, PyTuple_GET_ITEM(t, 0)),
			(int)PyLong_AsLong(PyTuple_GET_ITEM(t, 1)),
			(uint32_t)PyLong_AsUnsignedLong(PyTuple_GET_ITEM(t, 2)));
		long ch = PyLong_AsLong(PyTuple_GET_ITEM(t, 3));
		m->syms[s].choice = ch < 0 ? MODEL_NONE : (uint32_t)ch;
	}

	for (Py_ssize_t i = 0; i < PyList_GET_SIZE(nodes) && !c.failed; i++) {
		PyObject *t = PyList_GET_ITEM(nodes, i);
		long sym = PyLong_AsLong(PyTuple_GET_ITEM(t, 1));
		long parent = PyLong_AsLong(PyTuple_GET_ITEM(t, 3));
		struct node *n = model_add_node(
			m, (int)PyLong_AsLong(PyTuple_GET_ITEM(t, 0)),
			sym < 0 ? MODEL_NONE : (uint32_t)sym);
		n->menuconfig = (uint8_t)PyLong_AsLong(PyTuple_GET_ITEM(t, 2));
		n->parent = parent < 0 ? MODEL_NONE : (uint32_t)parent;
		n->loc.file = (uint32_t)PyLong_AsLong(PyTuple_GET_ITEM(t, 4));
		n->loc.line = (uint32_t)PyLong_AsLong(PyTuple_GET_ITEM(t, 5));
		n->title = conv_str(&c, PyTuple_GET_ITEM(t, 6));
		n->help = conv_str(&c, PyTuple_GET_ITEM(t, 7));
		PyObject *props = PyTuple_GET_ITEM(t, 8);
		n->nprops = (uint32_t)PyList_GET_SIZE(props);
		n->props = model_alloc(m, sizeof(struct prop) * n->nprops);
		for (uint32_t j = 0; j < n->nprops && !c.failed; j++) {
			PyObject *p = PyList_GET_ITEM(props, j);
			struct prop *pr = &n->props[j];
			pr->kind = (uint8_t)PyLong_AsLong(PyTuple_GET_ITEM(p, 0));
			pr->loc.file =
				(uint32_t)PyLong_AsLong(PyTuple_GET_ITEM(p, 1));
			pr->loc.line =
				(uint32_t)PyLong_AsLong(PyTuple_GET_ITEM(p, 2));
			pr->expr = conv_expr(&c, PyTuple_GET_ITEM(p, 3));
			pr->expr2 = conv_expr(&c, PyTuple_GET_ITEM(p, 4));
			pr->cond = conv_expr(&c, PyTuple_GET_ITEM(p, 5));
			pr->text = conv_str(&c, PyTuple_GET_ITEM(p, 6));
		}
	}
	for (Py_ssize_t i = 0; i < PyList_GET_SIZE(warnings) && !c.failed; i++)
		model_add_warning(m, conv_str(&c, PyList_GET_ITEM(warnings, i)));

	if (c.failed || PyErr_Occurred()) {
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
		PyObject *t = PyList_GET_ITEM(list, (Py_ssize_t)i); /* borrowed */
		const char *f[3];
		for (int k = 0; k < 3; k++)
			if (!(f[k] = PyUnicode_AsUTF8(PyTuple_GetItem(t, k))))
				break;
		if (PyErr_Occurred()) {
			set_error_from_python("cannot read a probe");
			goto done;
		}
		struct kconf_probe *p = &log->v[log->n++];
		p->kind = strdup(f[0]);
		p->key = strdup(f[1]);
		p->output = strdup(f[2]);
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

void kconf_tree_close(struct kconf_tree *t)
{
	if (!t)
		return;
	Py_XDECREF(t->kconf);
	free(t);
}

int kconf_tree_eval(struct kconf_tree *t, const char *config,
		    struct kconf_values *out)
{
	PyObject *res = NULL;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	res = PyObject_CallMethod(shim, "evaluate", "Os", t->kconf,
				  config); /* *new* */
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
		PyObject *it = PyList_GET_ITEM(res, (Py_ssize_t)i);
		const char *k = PyUnicode_AsUTF8(PyTuple_GET_ITEM(it, 0));
		const char *v = PyUnicode_AsUTF8(PyTuple_GET_ITEM(it, 1));
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

int kconf_eval(struct source *src, const struct kconf_opts *opts,
	       const char *config, struct kconf_values *out)
{
	struct kconf_tree *t;
	int ret;

	memset(out, 0, sizeof(*out));
	if (kconf_open(src, opts, &t))
		return -1;
	ret = kconf_tree_eval(t, config, out);
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
