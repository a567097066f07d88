/*
 * cmd_values.c - `kdep values`: every symbol's value as the Kconfig engine
 * computes it, for alldefconfig or for a .config loaded as olddefconfig
 * does. The oracle the tests compare kdep's semantics with. In text, the
 * .config the kernel's conf would write, so that it diffs against one.
 */
#include "cmd.h"
#include "error.h"
#include "file.h"
#include "json.h"
#include "kconf.h"
#include "text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The largest .config taken: ten times the size of an allyesconfig. */
#define CONFIG_MAX (4u << 20)

char *cmd_read_config(const char *path)
{
	char *data;
	size_t len;
	if (kdep_read_file(path, CONFIG_MAX, &data, &len))
		return NULL;
	if (text_check_config(path, data, len)) {
		free(data);
		return NULL;
	}
	return data;
}

/* A string value as conf writes it: quoted, with '"' and '\\' escaped. */
static void print_string(const char *v)
{
	putchar('"');
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			putchar('\\');
		putchar(*v);
	}
	putchar('"');
}

/* The .config d as the kernel's conf_write() lays it out. */
static void print_dotconfig(const struct kconf_dotconfig *d)
{
	int blank = 0; /* a symbol after the end of a menu: a blank line */
	for (size_t i = 0; i < d->n; i++) {
		const struct kconf_dot *e = &d->v[i];
		switch (e->kind) {
		case KCONF_DOT_MAINMENU:
			printf("#\n# Automatically generated file; DO NOT "
			       "EDIT.\n# %s\n#\n", e->text);
			break;
		case KCONF_DOT_MENU:
			printf("\n#\n# %s\n#\n", e->text);
			blank = 0;
			break;
		case KCONF_DOT_END:
			printf("# end of %s\n", e->text);
			blank = 1;
			break;
		case KCONF_DOT_SYMBOL:
			if (blank)
				putchar('\n');
			blank = 0;
			if ((e->type == SYM_BOOL || e->type == SYM_TRISTATE) &&
			    !strcmp(e->text, "n")) {
				printf("# CONFIG_%s is not set\n", e->name);
				break;
			}
			printf("CONFIG_%s=", e->name);
			if (e->type == SYM_STRING)
				print_string(e->text);
			else
				fputs(e->text, stdout);
			putchar('\n');
			break;
		}
	}
}

int cmd_values(struct cmd_ctx *c)
{
	char *config = NULL;
	struct kconf_probe_log missed = { 0 };
	struct kconf_values v = { 0 };
	struct kconf_dotconfig dot = { 0 };
	struct kconf_tree *t = NULL;
	struct model *m = NULL;
	int ret = EXIT_TREE;

	if (c->o.config && !(config = cmd_read_config(c->o.config))) {
		ret = cmd_fail();
		goto done;
	}
	struct kconf_opts ko = scan_profile_opts(&c->prof, &missed);
	if (kconf_open(c->src, &ko, &t) || kconf_tree_model(t, &m)) {
		ret = cmd_fail();
		goto done;
	}
	/* kconfiglib would recurse without end on a cycle; conf refuses */
	char *profile = c->prof.name;
	if ((ret = cmd_refuse_cycles(c->src, c->arch.arch, &profile, &m, 1))
	    >= 0)
		goto done;
	ret = EXIT_TREE;
	if (kconf_tree_eval(t, config ? config : "", c->o.config, &v) ||
	    (c->o.format != REPORT_JSON && kconf_tree_dotconfig(t, &dot))) {
		ret = cmd_fail();
		goto done;
	}
	if (missed.n)
		fprintf(stderr, "kdep: %zu probes unknown to profile %s "
			"took its default answer\n", missed.n, c->prof.name);
	if (c->o.format == REPORT_JSON) {
		struct json j;
		json_init(&j, stdout);
		json_obj_begin(&j);
		json_key(&j, "arch");
		json_str(&j, c->arch.arch);
		json_key(&j, "profile");
		json_str(&j, c->prof.name);
		json_key(&j, "unknown_probes");
		json_int(&j, (long long)missed.n);
		json_key(&j, "values");
		json_obj_begin(&j);
		for (size_t i = 0; i < v.n; i++) {
			json_key(&j, v.names[i]);
			json_str(&j, v.values[i]);
		}
		json_obj_end(&j);
		json_obj_end(&j);
		json_end(&j);
	} else {
		print_dotconfig(&dot);
	}
	ret = EXIT_OK;
done:
	kconf_dotconfig_free(&dot);
	kconf_tree_close(t);
	model_free(m);
	kconf_values_free(&v);
	kconf_probe_log_free(&missed);
	free(config);
	return ret;
}
