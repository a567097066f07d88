/*
 * cmd_why.c - `kdep why SYM --config FILE`: why the symbol has its value
 * for that .config, in the kernel's terms (symbol.c's sym_calc_value()):
 * its type and value, what sets it (the user's value within the prompt's
 * visibility, the default that applies, an imply, a select), and every
 * line that takes part with its file:line and the values of the symbols it
 * names. The values are the Kconfig engine's (olddefconfig of FILE).
 */
#include "cmd.h"
#include "alloc.h"
#include "error.h"
#include "json.h"
#include "kconf.h"

#include <stdlib.h>
#include <string.h>

static const char *const tri_name[] = { "n", "m", "y" };

/* What the .config text gives sym, into *out (a copy; NULL when it
 * gives nothing): its last "CONFIG_SYM=V" or "# CONFIG_SYM is not set"
 * line. 0, or -1 with the error set. */
static int user_value(const char *config, const char *name, char **out)
{
	char *found = NULL;
	size_t len = strlen(name);
	for (const char *l = config; l && *l;) {
		const char *end = strchr(l, '\n');
		size_t n = end ? (size_t)(end - l) : strlen(l);
		const char *v = NULL;
		size_t vn = 0;
		if (n > 7 + len && !strncmp(l, "CONFIG_", 7) &&
		    !strncmp(l + 7, name, len) && l[7 + len] == '=') {
			v = l + 8 + len;
			vn = n - 8 - len;
			if (vn >= 2 && v[0] == '"' && v[vn - 1] == '"') {
				v++;
				vn -= 2;
			}
		} else if (n == 9 + len + 11 && !strncmp(l, "# CONFIG_", 9) &&
			   !strncmp(l + 9, name, len) &&
			   !strncmp(l + 9 + len, " is not set", 11)) {
			v = "n";
			vn = 1;
		}
		if (v) {
			free(found);
			if (!(found = kdep_calloc(vn + 1, 1)))
				return -1;
			memcpy(found, v, vn);
		}
		l = end ? end + 1 : NULL;
	}
	*out = found;
	return 0;
}

/* The symbols of a line and their values. */
struct named {
	const struct model *m;     /* the model */
	const char *const *val;    /* the values */
	struct json *j;            /* JSON: an object's members; else text */
	int any;                   /* text: one written already */
	uint32_t seen[32];         /* written already (the first 32) */
	size_t nseen;
};

static int named_one(uint32_t sym, void *arg)
{
	struct named *k = arg;
	const struct sym *y = &k->m->syms[sym];
	if (!y->nnodes || (y->flags & SYMF_CHOICE))
		return 0;
	for (size_t i = 0; i < k->nseen; i++)
		if (k->seen[i] == sym)
			return 0;
	if (k->nseen < 32)
		k->seen[k->nseen++] = sym;
	const char *v = k->val[sym] ? k->val[sym] : "n";
	if (k->j) {
		json_key(k->j, y->name);
		json_str(k->j, v);
	} else {
		printf("%s%s=%s", k->any ? ", " : " (", y->name, v);
		k->any = 1;
	}
	return 0;
}

/* The symbols line l names (its selector first), with their values. */
static void line_symbols(const struct model *m, const char *const *val,
			 const struct model_why_line *l, struct json *j)
{
	struct named k = { m, val, j, 0, { 0 }, 0 };
	if (l->by != MODEL_NONE)
		named_one(l->by, &k);
	const struct prop *p = l->prop;
	if (p->kind != P_SELECT && p->kind != P_IMPLY && p->expr)
		model_expr_walk(m, p->expr, named_one, &k);
	if (p->expr2)
		model_expr_walk(m, p->expr2, named_one, &k);
	if (p->cond)
		model_expr_walk(m, p->cond, named_one, &k);
	if (!j && k.any)
		putchar(')');
}

static const char *role_name(int role)
{
	static const char *const names[] = { "prompt", "depends", "select",
					     "imply", "default", "range" };
	return names[role];
}

/* What a line's value means, for text. */
static const char *value_word(int role)
{
	switch (role) {
	case WHY_PROMPT:
		return "visible";
	case WHY_SELECT:
	case WHY_IMPLY:
		return "gives";
	case WHY_DEFAULT:
	case WHY_RANGE:
		return "condition";
	default:
		return "is";
	}
}

static void text_lines(struct cmd_ctx *c, const struct model *m,
		       const char *const *val, const struct model_why *w,
		       int role, const char *head, int total)
{
	char buf[4096];
	int any = 0;
	for (size_t i = 0; i < w->n; i++) {
		const struct model_why_line *l = &w->v[i];
		if (l->role != role)
			continue;
		if (!any) {
			if (total >= 0)
				printf("  %s: %s\n", head, tri_name[total]);
			else
				printf("  %s:\n", head);
		}
		any = 1;
		const char *file = m->files[l->prop->loc.file];
		printf("    %s:%u: ", file, l->prop->loc.line);
		if (l->by != MODEL_NONE)
			printf("%s: ", m->syms[l->by].name);
		printf("%s: %s %s", cmd_rule_line_text(c->src, file,
						      l->prop->loc.line, buf,
						      sizeof(buf)),
		       value_word(role), tri_name[l->value]);
		line_symbols(m, val, l, NULL);
		if (l->applies)
			fputs(", applies", stdout);
		putchar('\n');
	}
	if (!any && total >= 0)
		printf("  %s: %s (no line)\n", head, tri_name[total]);
}

/* The sentence that says what sets the value. */
static void text_reason(const struct model *m, const struct model_why *w)
{
	const struct sym *y = &m->syms[w->sym];
	const char *v = w->value ? w->value : "n";
	int tri = y->type == SYM_BOOL || y->type == SYM_TRISTATE;
	switch (w->source) {
	case WHY_FROM_USER:
		if (strcmp(w->user, v) && strcmp(w->user, "n") && tri)
			printf("the .config's %s, limited by the prompt's "
			       "visibility %s", w->user, tri_name[w->vis]);
		else
			printf("the .config's value, its prompt visible %s",
			       tri_name[w->vis]);
		break;
	case WHY_FROM_DEFAULT:
		fputs("the default that applies", stdout);
		break;
	case WHY_FROM_IMPLY:
		fputs("implied, within its dependencies", stdout);
		break;
	case WHY_FROM_SELECT:
		printf("forced by a select (%s%s), whatever the prompt allows",
		       tri_name[w->rev], w->rev == 1 && !strcmp(v, "y")
						 ? ", y for a bool" : "");
		break;
	case WHY_FROM_CHOICE:
		fputs("the selection of its choice", stdout);
		break;
	default:
		if (tri)
			fputs("nothing raises it", stdout);
		else
			fputs("no default applies", stdout);
	}
	int set = w->user && w->source != WHY_FROM_USER;
	if (!(y->flags & SYMF_PROMPT))
		printf("; it has no prompt%s%s%s", set ? " (the .config's " : "",
		       set ? w->user : "", set ? " does not count)" : "");
	else if (set && !w->vis)
		printf("; the .config's %s does not count: the prompt is "
		       "not visible", w->user);
	else if (set && !tri)
		printf("; the .config's %s is outside the range that applies",
		       w->user);
	else if (!w->vis)
		fputs("; its prompt is not visible", stdout);
}

static const char *source_name(int source)
{
	static const char *const names[] = { "none", "user", "default",
					     "imply", "select", "choice" };
	return names[source];
}

static void why_text(struct cmd_ctx *c, const struct model *m,
		     const char *const *val, const struct model_why *w)
{
	const struct sym *y = &m->syms[w->sym];
	int tri = y->type == SYM_BOOL || y->type == SYM_TRISTATE;
	printf("%s (%s, %s): %s, %s: ", y->name, c->arch.arch, c->prof.name,
	       model_type_name(y->type), w->value ? w->value : "n");
	text_reason(m, w);
	putchar('\n');
	if (w->user)
		printf("  the .config: %s\n", w->user);
	else
		fputs("  the .config: not set\n", stdout);
	text_lines(c, m, val, w, WHY_PROMPT, "prompt", tri ? w->vis : -1);
	text_lines(c, m, val, w, WHY_DEPENDS, "depends on", w->dep);
	if (tri) {
		text_lines(c, m, val, w, WHY_SELECT, "selected by", w->rev);
		text_lines(c, m, val, w, WHY_IMPLY, "implied by", w->weak);
	}
	text_lines(c, m, val, w, WHY_DEFAULT, "defaults", -1);
	text_lines(c, m, val, w, WHY_RANGE, "ranges", -1);
	if (tri && w->source != WHY_FROM_CHOICE &&
	    strcmp(tri_name[w->computed], w->value ? w->value : "n"))
		printf("  note: these lines give %s; the Kconfig engine says "
		       "%s\n", tri_name[w->computed], w->value);
}

static void why_json(struct cmd_ctx *c, const struct model *m,
		     const char *const *val, const struct model_why *w)
{
	char buf[4096];
	struct json j;
	const struct sym *y = &m->syms[w->sym];
	json_init(&j, stdout);
	json_obj_begin(&j);
	json_key(&j, "arch");
	json_str(&j, c->arch.arch);
	json_key(&j, "profile");
	json_str(&j, c->prof.name);
	json_key(&j, "symbol");
	json_str(&j, y->name);
	json_key(&j, "type");
	json_str(&j, model_type_name(y->type));
	json_key(&j, "value");
	json_str(&j, w->value ? w->value : "n");
	json_key(&j, "user");
	json_str(&j, w->user);
	json_key(&j, "source");
	json_str(&j, source_name(w->source));
	/* bool/tristate: what the lines give by sym_calc_value()'s rules
	 * (the value itself unless kdep misreads them) */
	json_key(&j, "computed");
	if (y->type == SYM_BOOL || y->type == SYM_TRISTATE)
		json_str(&j, tri_name[w->computed]);
	else
		json_null(&j);
	json_key(&j, "visibility");
	json_str(&j, tri_name[w->vis]);
	json_key(&j, "direct_dependency");
	json_str(&j, tri_name[w->dep]);
	json_key(&j, "selects");
	json_str(&j, tri_name[w->rev]);
	json_key(&j, "implies");
	json_str(&j, tri_name[w->weak]);
	json_key(&j, "lines");
	json_arr_begin(&j);
	for (size_t i = 0; i < w->n; i++) {
		const struct model_why_line *l = &w->v[i];
		const char *file = m->files[l->prop->loc.file];
		json_obj_begin(&j);
		json_key(&j, "role");
		json_str(&j, role_name(l->role));
		json_key(&j, "file");
		json_str(&j, file);
		json_key(&j, "line");
		json_int(&j, l->prop->loc.line);
		json_key(&j, "text");
		json_str(&j, cmd_rule_line_text(c->src, file,
						l->prop->loc.line, buf,
						sizeof(buf)));
		json_key(&j, "by");
		json_str(&j, l->by == MODEL_NONE ? NULL : m->syms[l->by].name);
		json_key(&j, "value");
		json_str(&j, tri_name[l->value]);
		json_key(&j, "applies");
		json_bool(&j, l->applies);
		json_key(&j, "symbols");
		json_obj_begin(&j);
		line_symbols(m, val, l, &j);
		json_obj_end(&j);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

int cmd_why_check(struct cmd_ctx *c)
{
	return c->o.nargs ? -1 : cmd_usage(c->cmd, NULL, stderr, EXIT_USAGE);
}

int cmd_why(struct cmd_ctx *c)
{
	char *config = NULL, *user = NULL;
	struct kconf_values v = { 0 };
	struct kconf_tree *t = NULL;
	struct model *m = NULL;
	const char **val = NULL;
	struct model_why w = { 0 };
	int ret = EXIT_TREE;

	if (c->o.config && !(config = cmd_read_config(c->o.config))) {
		ret = cmd_fail();
		goto done;
	}
	struct kconf_opts ko = scan_profile_opts(&c->prof, NULL);
	if (kconf_open(c->src, &ko, &t) || kconf_tree_model(t, &m)) {
		ret = cmd_fail();
		goto done;
	}
	for (int a = 0; a < c->o.nargs; a++) {
		uint32_t sym = model_resolve(m, c->o.args[a]);
		if (sym == MODEL_NONE || !m->syms[sym].nnodes) {
			ret = cmd_unknown_symbol(m, c->o.args[a],
						 c->arch.arch);
			goto done;
		}
	}
	/* kconfiglib would recurse without end on a cycle; conf refuses */
	char *profile = c->prof.name;
	if ((ret = cmd_refuse_cycles(c->src, c->arch.arch, &profile, &m, 1))
	    >= 0)
		goto done;
	ret = EXIT_TREE;
	if (kconf_tree_eval(t, config ? config : "", c->o.config, &v) ||
	    !(val = kdep_calloc(m->nsyms + 1, sizeof(*val)))) {
		ret = cmd_fail();
		goto done;
	}
	for (size_t i = 0; i < v.n; i++) {
		uint32_t k = model_find(m, v.names[i]);
		if (k != MODEL_NONE && !(m->syms[k].flags & SYMF_CONST))
			val[k] = v.values[i];
	}
	/* several symbols: a blank line between them, a JSON array */
	int json = c->o.format == REPORT_JSON, several = c->o.nargs > 1;
	if (json && several)
		fputs("[\n", stdout);
	for (int a = 0; a < c->o.nargs; a++) {
		uint32_t sym = model_resolve(m, c->o.args[a]);
		free(user);
		user = NULL;
		if ((config && user_value(config, m->syms[sym].name, &user)) ||
		    model_why(m, val, user, sym, &w)) {
			ret = cmd_fail();
			goto done;
		}
		if (a)
			fputs(json ? ",\n" : "\n", stdout);
		(json ? why_json : why_text)(c, m, val, &w);
		model_why_free(&w);
	}
	if (json && several)
		fputs("]\n", stdout);
	ret = EXIT_OK;
done:
	model_why_free(&w);
	free(val);
	free(user);
	kconf_tree_close(t);
	model_free(m);
	kconf_values_free(&v);
	free(config);
	return ret;
}
