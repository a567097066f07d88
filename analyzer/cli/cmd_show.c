/*
 * cmd_show.c - `kdep show SYMBOL`: menuconfig's help screen, complete:
 * every definition with its lines, and the reverse view (who selects,
 * implies or depends on the symbol).
 */
#include "cmd.h"
#include "error.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>

/* One line of output: a property with its place. */
struct item {
	const char *text;     /* the expression or target, as written */
	const char *cond;     /* the 'if' condition, or NULL */
	const char *file;     /* where */
	uint32_t line;
	const char *via;      /* inherited: "if", "menu" ...; NULL if own */
};

struct items {
	struct item *v;
	size_t n, cap;
};

static void items_add(struct items *it, struct item x)
{
	if (it->n == it->cap) {
		it->cap = it->cap ? it->cap * 2 : 16;
		struct item *v = realloc(it->v, it->cap * sizeof(*v));
		if (!v)
			abort();
		it->v = v;
	}
	it->v[it->n++] = x;
}

static const char *text_of(struct model *m, const struct expr *e)
{
	return e ? model_expr_text(m, e) : NULL;
}

static struct item prop_item(struct model *m, const struct prop *p)
{
	struct item x = { NULL, text_of(m, p->cond),
			  m->files[p->loc.file], p->loc.line, NULL };
	if (p->kind == P_RANGE) {
		const char *lo = model_expr_text(m, p->expr);
		const char *hi = model_expr_text(m, p->expr2);
		char *t = model_alloc(m, strlen(lo) + strlen(hi) + 2);
		sprintf(t, "%s %s", lo, hi);
		x.text = t;
	} else if (p->kind == P_PROMPT) {
		x.text = p->text;
	} else {
		x.text = text_of(m, p->expr);
	}
	return x;
}

/* Dependencies a node inherits from enclosing if/menu/choice blocks. */
static void inherited(struct model *m, const struct node *n,
		      struct items *deps)
{
	for (uint32_t p = n->parent; p != MODEL_NONE; p = m->nodes[p].parent) {
		const struct node *pn = &m->nodes[p];
		if (pn->kind == NODE_CHOICE) {
			items_add(deps, (struct item){
				m->syms[pn->sym].name, NULL,
				m->files[pn->loc.file], pn->loc.line,
				"choice" });
			return;
		}
		for (uint32_t i = 0; i < pn->nprops; i++) {
			if (pn->props[i].kind != P_DEPENDS)
				continue;
			struct item x = prop_item(m, &pn->props[i]);
			x.via = pn->kind == NODE_IF ? "if" : "menu";
			items_add(deps, x);
		}
	}
}

static void print_items_text(const char *title, const struct items *it)
{
	if (!it->n)
		return;
	printf("  %s:\n", title);
	for (size_t i = 0; i < it->n; i++) {
		const struct item *x = &it->v[i];
		printf("    %s%s%s  (%s:%u%s%s)\n", x->text ? x->text : "",
		       x->cond ? " if " : "", x->cond ? x->cond : "", x->file,
		       x->line, x->via ? ", from " : "", x->via ? x->via : "");
	}
}

static void print_items_json(struct json *j, const char *key,
			     const struct items *it)
{
	json_key(j, key);
	json_arr_begin(j);
	for (size_t i = 0; i < it->n; i++) {
		const struct item *x = &it->v[i];
		json_obj_begin(j);
		json_key(j, "text");
		json_str(j, x->text);
		json_key(j, "if");
		json_str(j, x->cond);
		json_key(j, "file");
		json_str(j, x->file);
		json_key(j, "line");
		json_int(j, x->line);
		if (x->via) {
			json_key(j, "inherited_from");
			json_str(j, x->via);
		}
		json_obj_end(j);
	}
	json_arr_end(j);
}

/* The reverse view: props elsewhere that name sym. */
static void reverse(struct model *m, uint32_t sym, struct items *sel_by,
		    struct items *imp_by, struct items *dep_by)
{
	for (uint32_t ni = 0; ni < m->nnodes; ni++) {
		const struct node *n = &m->nodes[ni];
		if (n->kind != NODE_SYM)
			continue;
		for (uint32_t i = 0; i < n->nprops; i++) {
			const struct prop *p = &n->props[i];
			if ((p->kind == P_SELECT || p->kind == P_IMPLY) &&
			    p->expr->sym == sym) {
				struct item x = prop_item(m, p);
				x.text = m->syms[n->sym].name;
				items_add(p->kind == P_SELECT ? sel_by : imp_by,
					  x);
			}
		}
	}
	for (uint32_t e = 0; e < m->nedges; e++) {
		const struct edge *ed = &m->edges[e];
		if (ed->to != sym || ed->kind != EDGE_DEPENDS)
			continue;
		items_add(dep_by, (struct item){ m->syms[ed->from].name,
						 NULL, m->files[ed->loc.file],
						 ed->loc.line, NULL });
	}
}

static void show_symbol(struct model *m, uint32_t si, const char *arch,
			const char *profile, struct json *j)
{
	const struct sym *s = &m->syms[si];
	struct items sel_by = { 0 }, imp_by = { 0 }, dep_by = { 0 };
	reverse(m, si, &sel_by, &imp_by, &dep_by);

	if (j) {
		json_obj_begin(j);
		json_key(j, "arch");
		json_str(j, arch);
		json_key(j, "profile");
		json_str(j, profile);
		json_key(j, "symbol");
		json_str(j, s->name);
		json_key(j, "type");
		json_str(j, model_type_name(s->type));
		json_key(j, "defined");
		json_bool(j, s->nnodes > 0);
		json_key(j, "transitional");
		json_bool(j, !!(s->flags & SYMF_TRANSITIONAL));
		json_key(j, "modules");
		json_bool(j, !!(s->flags & SYMF_MODULES));
		json_key(j, "choice");
		json_str(j, s->choice == MODEL_NONE ? NULL :
			 m->syms[s->choice].name);
		json_key(j, "definitions");
		json_arr_begin(j);
	} else {
		printf("%s: %s%s%s%s  [%s, %s]\n", s->name,
		       model_type_name(s->type),
		       s->flags & SYMF_TRANSITIONAL ? ", transitional" : "",
		       s->flags & SYMF_MODULES ? ", the modules switch" : "",
		       s->nnodes ? "" : ", undefined", arch, profile);
		if (s->choice != MODEL_NONE)
			printf("  member of %s\n", m->syms[s->choice].name);
		if (s->flags & SYMF_CHOICE)
			for (uint32_t i = 0; i < s->nmembers; i++)
				printf("  member: %s\n",
				       m->syms[s->members[i]].name);
	}

	for (uint32_t d = 0; d < s->nnodes; d++) {
		const struct node *n = &m->nodes[s->nodes[d]];
		struct items deps = { 0 }, prompts = { 0 }, defs = { 0 },
			     sels = { 0 }, imps = { 0 }, ranges = { 0 };
		for (uint32_t i = 0; i < n->nprops; i++) {
			const struct prop *p = &n->props[i];
			switch (p->kind) {
			case P_DEPENDS:
				items_add(&deps, prop_item(m, p));
				break;
			case P_PROMPT:
				items_add(&prompts, prop_item(m, p));
				break;
			case P_DEFAULT:
				items_add(&defs, prop_item(m, p));
				break;
			case P_SELECT:
				items_add(&sels, prop_item(m, p));
				break;
			case P_IMPLY:
				items_add(&imps, prop_item(m, p));
				break;
			case P_RANGE:
				items_add(&ranges, prop_item(m, p));
				break;
			}
		}
		inherited(m, n, &deps);
		if (j) {
			json_obj_begin(j);
			json_key(j, "file");
			json_str(j, m->files[n->loc.file]);
			json_key(j, "line");
			json_int(j, n->loc.line);
			json_key(j, "menuconfig");
			json_bool(j, n->menuconfig);
			print_items_json(j, "prompts", &prompts);
			print_items_json(j, "depends", &deps);
			print_items_json(j, "defaults", &defs);
			print_items_json(j, "selects", &sels);
			print_items_json(j, "implies", &imps);
			print_items_json(j, "ranges", &ranges);
			json_key(j, "help");
			json_str(j, n->help);
			json_obj_end(j);
		} else {
			printf("\n  defined at %s:%u%s\n", m->files[n->loc.file],
			       n->loc.line, n->menuconfig ? " (menuconfig)" : "");
			print_items_text("prompt", &prompts);
			print_items_text("depends on", &deps);
			print_items_text("defaults", &defs);
			print_items_text("selects", &sels);
			print_items_text("implies", &imps);
			print_items_text("ranges", &ranges);
			if (n->help) {
				printf("  help:\n");
				const char *h = n->help;
				while (*h) {
					size_t len = strcspn(h, "\n");
					printf("    %.*s\n", (int)len, h);
					h += len + (h[len] == '\n');
				}
			}
		}
		free(deps.v);
		free(prompts.v);
		free(defs.v);
		free(sels.v);
		free(imps.v);
		free(ranges.v);
	}
	/* Its edges in the graph: after constant folding, as the cycle
	 * check walks them. */
	if (j) {
		json_arr_end(j);
		json_key(j, "edges");
		json_arr_begin(j);
	} else {
		printf("\n  edges (constants folded):\n");
	}
	for (uint32_t i = 0; i < m->nedges; i++) {
		const struct edge *e = &m->edges[i];
		if (e->from != si)
			continue;
		const char *kind = model_edge_kind_name(e->kind);
		if (j) {
			json_obj_begin(j);
			json_key(j, "to");
			json_str(j, m->syms[e->to].name);
			json_key(j, "kind");
			json_str(j, kind);
			json_key(j, "file");
			json_str(j, m->files[e->loc.file]);
			json_key(j, "line");
			json_int(j, e->loc.line);
			json_obj_end(j);
		} else {
			printf("    %-10s %s  (%s:%u)\n", kind,
			       m->syms[e->to].name, m->files[e->loc.file],
			       e->loc.line);
		}
	}
	if (j) {
		json_arr_end(j);
		print_items_json(j, "selected_by", &sel_by);
		print_items_json(j, "implied_by", &imp_by);
		print_items_json(j, "depended_on_by", &dep_by);
		json_obj_end(j);
	} else {
		if (sel_by.n || imp_by.n || dep_by.n)
			printf("\n");
		print_items_text("selected by", &sel_by);
		print_items_text("implied by", &imp_by);
		print_items_text("depended on by", &dep_by);
	}
	free(sel_by.v);
	free(imp_by.v);
	free(dep_by.v);
}

int cmd_show(struct cmd_ctx *c)
{
	struct scan_ctx *ctx = &c->scans;
	const char *name = c->o.args[0];
	int ret;

	if (!strncmp(name, "CONFIG_", 7))
		name += 7;
	if (ctx->narches != 1 || (c->o.profile && strchr(c->o.profile, ','))) {
		fprintf(stderr, "kdep: error: show takes one --arch and one "
			"--profile\n");
		return EXIT_USAGE;
	}
	/* Without --profile: the first built-in profile for the arch. */
	struct profile_arch a;
	char **profiles;
	size_t np;
	if (scan_arch_profiles(ctx, ctx->arches[0], &a, &profiles, &np))
		return cmd_fail();
	struct scan_result r;
	ret = scan_run(ctx, ctx->arches[0], profiles[0], 1, &r) ? cmd_fail()
							       : EXIT_OK;
	strv_free(profiles);
	if (!ret) {
		uint32_t si = model_find(r.model, name);
		if (si == MODEL_NONE || (r.model->syms[si].flags & SYMF_CONST)) {
			fprintf(stderr, "kdep: error: no symbol %s in %s (%s)\n",
				name, r.arch, r.profile);
			ret = EXIT_FINDINGS;
		} else {
			struct json j;
			json_init(&j, stdout);
			show_symbol(r.model, si, r.arch, r.profile,
				    c->o.json ? &j : NULL);
			if (c->o.json)
				json_end(&j);
		}
	}
	scan_result_free(&r);
	return ret;
}
