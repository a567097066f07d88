/*
 * undefined.c - symbols that lines of a change refer to and that no
 * Kconfig file of the tree defines, under any arch (the kernel's
 * scripts/checkkconfigsymbols.py, on the lines a change writes).
 *
 * In a Kconfig file, a line's references are the symbols of its
 * expressions: what follows depends on, select, imply, default, def_bool,
 * def_tristate, range, visible if, if, and the `if` of a prompt. Quoted
 * text and $(...) macros hold none. In any other file (C, a header, a
 * Makefile), every CONFIG_NAME is one, NAME_MODULE standing for NAME as
 * the kernel's autoconf.h defines it.
 *
 * One finding per (symbol, file) where it is referenced: the fingerprint
 * holds no line, so a reference that only moves within its file is the
 * same finding before and after.
 */
#include "alloc.h"
#include "error.h"
#include "rule.h"

#include <assert.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A name the Kconfig language reads as a symbol: upper case letters,
 * digits and '_', with one letter at least (64BIT is a symbol, 100 is
 * not); y, m and n are constants. */
static int symbol_like(const char *s, size_t n)
{
	int letter = 0;
	for (size_t i = 0; i < n; i++) {
		if (isupper((unsigned char)s[i]))
			letter = 1;
		else if (!isdigit((unsigned char)s[i]) && s[i] != '_')
			return 0;
	}
	return letter;
}

static int defined(const struct rule_change *c, const char *name)
{
	size_t lo = 0, hi = c->ndefined;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(name, c->defined[mid]);
		if (!r)
			return 1;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* Whether path names a Kconfig file (its last component Kconfig*). */
static int kconfig_file(const char *path)
{
	const char *base = strrchr(path, '/');
	return !strncmp(base ? base + 1 : path, "Kconfig", 7);
}

/* The keywords whose rest of line is an expression. */
static const char *const expr_words[] = {
	"depends", "select", "imply", "default", "def_bool", "def_tristate",
	"range", "visible", "if",
};

/* The keywords that give a prompt, which an `if EXPR` may follow. */
static const char *const prompt_words[] = {
	"bool", "tristate", "string", "int", "hex", "prompt",
};

static int word_in(const char *w, size_t n, const char *const *v, size_t nv)
{
	for (size_t i = 0; i < nv; i++)
		if (strlen(v[i]) == n && !strncmp(w, v[i], n))
			return 1;
	return 0;
}

/*
 * The part of Kconfig line text that holds references, copied into out
 * with quoted strings, macros and the comment blanked out; "" when it
 * holds none.
 */
static void kconfig_refs(const char *text, char *out, size_t size)
{
	size_t n = 0;
	int depth = 0;
	char quote = 0;
	for (const char *p = text; *p && n + 1 < size; p++) {
		char ch = *p;
		if (quote) {
			if (ch == '\\' && p[1])
				p++;
			else if (ch == quote)
				quote = 0;
			ch = ' ';
		} else if (depth) {
			depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
			ch = ' ';
		} else if (ch == '"' || ch == '\'') {
			quote = ch;
			ch = ' ';
		} else if (ch == '$' && p[1] == '(') {
			depth = 1;
			p++;
			ch = ' ';
		} else if (ch == '#') {
			break;
		}
		out[n++] = ch;
	}
	out[n] = '\0';
	char *w = out + strspn(out, " \t");
	size_t len = strcspn(w, " \t");
	if (word_in(w, len, expr_words, sizeof(expr_words) /
		    sizeof(expr_words[0]))) {
		memset(out, ' ', (size_t)(w - out) + len);
		return;
	}
	if (word_in(w, len, prompt_words, sizeof(prompt_words) /
		    sizeof(prompt_words[0]))) {
		/* the prompt's condition: what follows a word "if" */
		for (char *q = w + len; *q; q++) {
			if (!strncmp(q, "if", 2) && (q[-1] == ' ' ||
			    q[-1] == '\t') && (!q[2] || q[2] == ' ' ||
			    q[2] == '\t' || q[2] == '(' || q[2] == '!')) {
				memset(out, ' ', (size_t)(q + 2 - out));
				return;
			}
		}
	}
	out[0] = '\0';
}

/* The finding: name referenced at l and defined nowhere. */
static int undefined_finding(const struct rule *self,
			     const struct rule_ctx *ctx,
			     const struct rule_line *l, const char *name,
			     struct finding_sink *sink)
{
	struct finding_strs strs = { 0 };
	struct finding f = { 0 };
	int ret = -1;
	f.rule = self->id;
	f.severity = self->severity;
	f.kind = FINDING_FAIL;
	f.file = l->file;
	f.line = l->line;
	f.arch = ctx->arch;
	f.symbols = &name;
	f.nsymbols = 1;
	f.holds = (const char **)ctx->profiles;
	f.nholds = ctx->nprofiles;
	struct finding_related at = { "line", l->file, l->line, name, l->text };
	f.related = &at;
	f.nrelated = 1;
	f.message = finding_strs_printf(&strs, "%s is referenced but defined "
					"nowhere in the tree (no Kconfig file "
					"of any arch has 'config %s')", name,
					name);
	const char *parts[] = { l->file };
	if (f.message &&
	    !finding_fingerprint(self->id, parts, 1, &name, 1, &f.fingerprint))
		ret = sink->add(sink->ctx, &f);
	finding_strs_free(&strs);
	return ret;
}

/* The names line l refers to and nothing defines, each once per line. */
static int check_line(const struct rule *self, const struct rule_ctx *ctx,
		      const struct rule_line *l, struct finding_sink *sink)
{
	const struct rule_change *c = ctx->change;
	int kconfig = kconfig_file(l->file);
	size_t len = strlen(l->text);
	char *refs = kdep_calloc(len + 1, 1), *name = kdep_calloc(len + 1, 1);
	char **seen = kdep_calloc(len / 2 + 2, sizeof(*seen));
	size_t nseen = 0;
	int ret = -1;
	if (!refs || !name || !seen)
		goto done;
	if (kconfig)
		kconfig_refs(l->text, refs, len + 1);
	else
		memcpy(refs, l->text, len + 1);
	for (const char *p = refs; *p;) {
		if (!isalnum((unsigned char)*p) && *p != '_') {
			p++;
			continue;
		}
		size_t n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				     "abcdefghijklmnopqrstuvwxyz0123456789_");
		const char *w = p;
		p += n;
		if (!kconfig) {
			/* CONFIG_NAME, not part of a longer word */
			if (n <= 7 || strncmp(w, "CONFIG_", 7) ||
			    (w > refs && (isalnum((unsigned char)w[-1]) ||
					  w[-1] == '_')))
				continue;
			w += 7;
			n -= 7;
		}
		if (!symbol_like(w, n))
			continue;
		memcpy(name, w, n);
		name[n] = '\0';
		if (defined(c, name))
			continue;
		if (!kconfig && n > 7 && !strcmp(name + n - 7, "_MODULE")) {
			name[n - 7] = '\0';
			if (defined(c, name))
				continue;
			name[n - 7] = '_';
		}
		int again = 0;
		for (size_t i = 0; i < nseen && !again; i++)
			again = !strcmp(seen[i], name);
		if (again)
			continue;
		if (!(seen[nseen] = strdup(name))) {
			kdep_error_oom();
			goto done;
		}
		nseen++;
		if (undefined_finding(self, ctx, l, name, sink))
			goto done;
	}
	ret = 0;
done:
	for (size_t i = 0; seen && i < nseen; i++)
		free(seen[i]);
	free(seen);
	free(refs);
	free(name);
	return ret;
}

/* The indentation of a line, a tab counting to the next multiple of 8. */
static size_t indent_of(const char *p, const char *end)
{
	size_t col = 0;
	for (; p < end && (*p == ' ' || *p == '\t'); p++)
		col = *p == '\t' ? (col / 8 + 1) * 8 : col + 1;
	return col;
}

int rule_help_lines(const char *text, unsigned char **mask, size_t *n)
{
	size_t lines = 1, i = 0, first = 0;
	int in = 0, start = 0;
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	if (!(*mask = kdep_calloc(lines + 1, 1)))
		return -1;
	for (const char *p = text; *p; i++) {
		const char *end = strchr(p, '\n');
		if (!end)
			end = p + strlen(p);
		const char *w = p + strspn(p, " \t");
		int blank = w >= end;
		size_t col = indent_of(p, end);
		if (start && !blank) {
			/* the first line of the text sets its indentation */
			first = col;
			start = 0;
			in = col > 0;
		} else if (in && !blank && col < first) {
			in = 0;
		}
		if (in || (start && blank))
			(*mask)[i] = 1;
		if (!in && !start) {
			size_t wl = strcspn(w, " \t\n#");
			if ((wl == 4 && !strncmp(w, "help", 4)) ||
			    (wl == 10 && !strncmp(w, "---help---", 10)))
				start = 1;
		}
		p = *end ? end + 1 : end;
	}
	*n = i;
	return 0;
}

int rule_undefined_run(const struct rule *self, const struct rule_ctx *ctx,
		       struct finding_sink *sink)
{
	assert(ctx->change);
	for (size_t i = 0; i < ctx->change->nlines; i++)
		if (!ctx->change->lines[i].help && check_line(self, ctx, &ctx->change->lines[i], sink))
			return -1;
	return 0;
}
