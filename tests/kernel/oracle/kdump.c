/*
 * kdump.c - a second front end, for the tests: the analysed tree's own
 * scripts/kconfig parser (built by build.sh from the tree's sources, this
 * main instead of conf's) and what it keeps of every symbol.
 *
 *   kdump dump KCONFIG             every symbol's properties after
 *                                  menu_finalize(), one per line
 *   kdump check KCONFIG CONFIG SYM=VAL...
 *                                  reads CONFIG with the tree's own
 *                                  confdata.c and says whether each SYM
 *                                  has the value VAL (exit 0 when all do)
 *
 * $(shell,...) runs nothing: each command goes to the program the
 * environment variable KDUMP_ANSWER names (run once, through /bin/sh),
 * which answers from a recorded profile. A recursive dependency does not
 * end the parse: it is printed as a "cycle SYMBOL" line.
 *
 * The dump (the format `kdep props` prints too):
 *   choices symbol|inline   whether a choice's members depend on the
 *                   choice's symbol (up to 6.11) or on its dependencies
 *   sym NAME TYPE
 *   optional        a choice that may have no member set
 *   prompt COND
 *   default VALUE COND
 *   select TARGET COND
 *   imply TARGET COND
 *   range LOW HIGH COND
 *   dep EXPR        the direct dependencies (none for a choice, nor for
 *                   a member where the kernel computes none)
 *   rev EXPR        what selects it
 *   implied EXPR    what implies it
 * Expressions are prefix: a symbol's name, a quoted constant "text", or
 * (and A B), (or A B), (not A), (= A B), (!= A B), (< A B), (<= A B),
 * (> A B), (>= A B); no expression at all is y (n for rev and implied). A choice is named
 * <choice:FILE:LINE> after its first definition.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lkc.h"

/* ---- $(shell,...) from the recorded profile ---------------------------- */

static FILE *to_answer;   /* the answering program's standard input */
static FILE *from_answer; /* its standard output */

static int answer_start(void)
{
	const char *prog = getenv("KDUMP_ANSWER");
	int in[2], out[2];
	if (!prog || !*prog) {
		fprintf(stderr, "kdump: KDUMP_ANSWER is not set\n");
		return -1;
	}
	if (pipe(in) || pipe(out)) {
		perror("kdump: pipe");
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("kdump: fork");
		return -1;
	}
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execl("/bin/sh", "sh", "-c", prog, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	to_answer = fdopen(in[1], "w");
	from_answer = fdopen(out[0], "r");
	return to_answer && from_answer ? 0 : -1;
}

/* The recorded answer to cmd, as a stream to read. */
FILE *kdump_popen(const char *cmd, const char *mode)
{
	size_t len;
	(void)mode;
	if (!to_answer && answer_start())
		exit(3);
	fprintf(to_answer, "%zu\n%s", strlen(cmd), cmd);
	fflush(to_answer);
	if (fscanf(from_answer, "%zu", &len) != 1 || fgetc(from_answer) != '\n') {
		fprintf(stderr, "kdump: no answer to %s\n", cmd);
		exit(3);
	}
	char *buf = malloc(len + 1);
	if (!buf || fread(buf, 1, len, from_answer) != len) {
		fprintf(stderr, "kdump: short answer to %s\n", cmd);
		exit(3);
	}
	FILE *f = tmpfile();
	if (!f) {
		perror("kdump: tmpfile");
		exit(3);
	}
	fwrite(buf, 1, len, f);
	free(buf);
	rewind(f);
	return f;
}

int kdump_pclose(FILE *f)
{
	return fclose(f);
}

/* ---- recursive dependencies, recorded ---------------------------------- */

static struct symbol **cycles; /* a symbol of each cycle found */
static size_t ncycles;         /* how many */

struct symbol *kdump_check_deps(struct symbol *sym)
{
	struct symbol *s = sym_check_deps(sym);
	if (s) {
		cycles = realloc(cycles, (ncycles + 1) * sizeof(*cycles));
		if (!cycles)
			exit(3);
		cycles[ncycles++] = sym;
	}
	return NULL; /* the parse goes on */
}

/* ---- names -------------------------------------------------------------- */

/* The choices met, each with the name it is dumped under. */
struct choice_name {
	struct symbol *sym;  /* the choice's symbol */
	char *name;          /* <choice:FILE:LINE> */
};
static struct choice_name *choices;
static size_t nchoices, choices_cap;

static const char *menu_file(struct menu *m)
{
#ifdef KDUMP_FILE_STRUCT
	return m->file ? m->file->name : "?";
#else
	return m->filename ? m->filename : "?";
#endif
}

static void choice_add(struct symbol *sym, struct menu *m)
{
	for (size_t i = 0; i < nchoices; i++)
		if (choices[i].sym == sym)
			return;
	if (nchoices == choices_cap) {
		choices_cap = choices_cap ? 2 * choices_cap : 64;
		choices = realloc(choices, choices_cap * sizeof(*choices));
		if (!choices)
			exit(3);
	}
	const char *file = menu_file(m);
	char *name = malloc(strlen(file) + 32);
	if (!name)
		exit(3);
	sprintf(name, "<choice:%s:%d>", file, m->lineno);
	choices[nchoices].sym = sym;
	choices[nchoices++].name = name;
}

static void print_sym(struct symbol *sym)
{
	if (sym_is_choice(sym)) {
		for (size_t i = 0; i < nchoices; i++)
			if (choices[i].sym == sym) {
				fputs(choices[i].name, stdout);
				return;
			}
		fputs("<choice:?>", stdout);
		return;
	}
	if (!sym->name) {
		fputs("<nameless>", stdout);
		return;
	}
	if ((sym->flags & SYMBOL_CONST) && sym != &symbol_yes &&
	    sym != &symbol_mod && sym != &symbol_no) {
		putchar('"');
		for (const char *p = sym->name; *p; p++) {
			if (*p == '"' || *p == '\\')
				putchar('\\');
			putchar(*p);
		}
		putchar('"');
		return;
	}
	fputs(sym->name, stdout);
}

static void print_expr(struct expr *e)
{
	static const char *const ops[] = {
		[E_OR] = "or", [E_AND] = "and", [E_NOT] = "not",
		[E_EQUAL] = "=", [E_UNEQUAL] = "!=", [E_LTH] = "<",
		[E_LEQ] = "<=", [E_GTH] = ">", [E_GEQ] = ">=",
	};
	if (!e) {
		fputs("y", stdout);
		return;
	}
	switch (e->type) {
	case E_SYMBOL:
		print_sym(e->left.sym);
		return;
	case E_NOT:
		fputs("(not ", stdout);
		print_expr(e->left.expr);
		putchar(')');
		return;
	case E_OR:
	case E_AND:
		printf("(%s ", ops[e->type]);
		print_expr(e->left.expr);
		putchar(' ');
		print_expr(e->right.expr);
		putchar(')');
		return;
	case E_EQUAL:
	case E_UNEQUAL:
	case E_LTH:
	case E_LEQ:
	case E_GTH:
	case E_GEQ:
		printf("(%s ", ops[e->type]);
		print_sym(e->left.sym);
		putchar(' ');
		print_sym(e->right.sym);
		putchar(')');
		return;
	default:
		printf("(unknown-%d)", (int)e->type);
		return;
	}
}

/* A reverse dependency: none at all is n. */
static void print_expr_n(struct expr *e)
{
	if (e)
		print_expr(e);
	else
		fputs("n", stdout);
}

static const char *type_name(enum symbol_type t)
{
	switch (t) {
	case S_BOOLEAN: return "bool";
	case S_TRISTATE: return "tristate";
	case S_INT: return "int";
	case S_HEX: return "hex";
	case S_STRING: return "string";
	default: return "unknown";
	}
}

/* ---- the dump ----------------------------------------------------------- */

/* The symbols in the order their first definition is met. */
static struct symbol **order;
static size_t norder, order_cap;

static int seen(struct symbol *sym)
{
	for (size_t i = norder; i-- > 0;)
		if (order[i] == sym)
			return 1;
	return 0;
}

static void collect(struct menu *m)
{
	for (; m; m = m->next) {
		struct symbol *sym = m->sym;
		if (sym && sym_is_choice(sym))
			choice_add(sym, m);
		if (sym && !seen(sym)) {
			if (norder == order_cap) {
				order_cap = order_cap ? 2 * order_cap : 1024;
				order = realloc(order,
						order_cap * sizeof(*order));
				if (!order)
					exit(3);
			}
			order[norder++] = sym;
		}
		collect(m->list);
	}
}

static void dump_sym(struct symbol *sym)
{
	fputs("sym ", stdout);
	print_sym(sym);
	printf(" %s\n", type_name(sym->type));
#ifdef KDUMP_OPTIONAL
	if (sym_is_choice(sym) && sym_is_optional(sym))
		puts("optional");
#endif
	for (struct property *p = sym->prop; p; p = p->next) {
		switch (p->type) {
		case P_PROMPT:
		case P_MENU: /* a menuconfig's prompt */
			fputs("prompt ", stdout);
			break;
		case P_DEFAULT:
			fputs("default ", stdout);
			print_expr(p->expr);
			putchar(' ');
			break;
		case P_SELECT:
			fputs("select ", stdout);
			print_expr(p->expr);
			putchar(' ');
			break;
		case P_IMPLY:
			fputs("imply ", stdout);
			print_expr(p->expr);
			putchar(' ');
			break;
		case P_RANGE:
			fputs("range ", stdout);
			print_sym(p->expr->left.sym);
			putchar(' ');
			print_sym(p->expr->right.sym);
			putchar(' ');
			break;
		default:
			continue;
		}
		print_expr(p->visible.expr);
		putchar('\n');
	}
	/* Choices and, since 6.12, their members have none */
	if (!sym_is_choice(sym) &&
	    (sym->dir_dep.expr || !sym_is_choice_value(sym))) {
		fputs("dep ", stdout);
		print_expr(sym->dir_dep.expr);
		putchar('\n');
	}
	fputs("rev ", stdout);
	print_expr_n(sym->rev_dep.expr);
	fputs("\nimplied ", stdout);
	print_expr_n(sym->implied.expr);
	putchar('\n');
}

static int dump(void)
{
	collect(rootmenu.list);
#ifdef KDUMP_CHOICE_SYMBOL
	puts("choices symbol"); /* members depend on the choice's symbol */
#else
	puts("choices inline"); /* on the choice's dependencies instead */
#endif
	for (size_t i = 0; i < ncycles; i++) {
		fputs("cycle ", stdout);
		print_sym(cycles[i]);
		putchar('\n');
	}
	for (size_t i = 0; i < norder; i++)
		dump_sym(order[i]);
	return 0;
}

/* ---- a .config, evaluated ---------------------------------------------- */

static int check(const char *config, char **targets, int n)
{
	int failed = 0;
	if (conf_read(config)) {
		fprintf(stderr, "kdump: cannot read %s\n", config);
		return 3;
	}
	for (int i = 0; i < n; i++) {
		char *eq = strchr(targets[i], '=');
		if (!eq) {
			fprintf(stderr, "kdump: %s: not SYM=VALUE\n",
				targets[i]);
			return 2;
		}
		*eq = 0;
		struct symbol *sym = sym_find(targets[i]);
		const char *v = "(undefined)";
		if (sym) {
			sym_calc_value(sym);
			v = sym_get_string_value(sym);
		}
		int ok = sym && !strcmp(v, eq + 1);
		printf("%s %s=%s (wanted %s)\n", ok ? "holds" : "fails",
		       targets[i], v, eq + 1);
		failed |= !ok;
	}
	return failed;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "dump")) {
		conf_parse(argv[2]);
		return dump();
	}
	if (argc >= 4 && !strcmp(argv[1], "check")) {
		conf_parse(argv[2]);
		return check(argv[3], argv + 4, argc - 4);
	}
	fprintf(stderr, "usage: kdump dump KCONFIG\n"
		"       kdump check KCONFIG CONFIG SYM=VALUE...\n");
	return 2;
}
