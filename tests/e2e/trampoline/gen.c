/*
 * gen.c - the test suite's way to the trampoline generator until a command
 * runs it: generates the series for a tree and writes each file's final
 * contents below a directory, printing one line per patch and file.
 *
 *   gen TREE OUT [--cond COND | --prove] [--direct-calls]
 *
 * --prove chooses the select's condition by proof (tramp_prove.h) and
 * prints the proof first.
 *
 * Exit 0 with a series (or "skipped: WHY"), 3 with "FILE:LINE: error: MSG"
 * when the generator refuses the tree, 2 on usage.
 */
#include "patchgen.h"
#include "tramp_prove.h"
#include "error.h"
#include "file.h"
#include "git.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* mkdir -p of the directories above path. */
static int make_parents(char *path)
{
	for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST) {
			perror(path);
			return -1;
		}
		*p = '/';
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct tramp_opts opts = { NULL, NULL, 0 };
	struct tramp_choice choice = { NULL, NULL };
	int prove = 0;
	struct patchgen_series *s;
	struct source *tree;
	char buf[1024];

	if (argc < 3) {
		fprintf(stderr, "usage: gen TREE OUT [--cond C] [--direct-calls]\n");
		return 2;
	}
	kgit_setup(); /* content ids, as the program has them */
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--cond") && i + 1 < argc)
			opts.select_cond = argv[++i];
		else if (!strcmp(argv[i], "--prove"))
			prove = 1;
		else if (!strcmp(argv[i], "--direct-calls"))
			opts.direct_calls = 1;
		else {
			fprintf(stderr, "gen: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (source_open_dir(&tree, argv[1])) {
		fprintf(stderr, "%s\n", kdep_error_format(buf, sizeof(buf)));
		return 3;
	}
	if (prove) {
		if (tramp_choose(tree, &choice)) {
			fprintf(stderr, "%s\n",
				kdep_error_format(buf, sizeof(buf)));
			return 3;
		}
		fputs(choice.summary, stdout);
		opts.select_cond = choice.cond;
		opts.select_why = choice.summary;
	}
	if (tramp_generate(tree, &opts, &s)) {
		fprintf(stderr, "%s\n", kdep_error_format(buf, sizeof(buf)));
		return 3;
	}
	if (s->skipped)
		printf("skipped: %s\n", s->skipped);
	for (size_t i = 0; i < s->n_patches; i++) {
		printf("patch %zu: %s\n", i + 1, s->patches[i].subject);
		for (size_t j = 0; j < s->patches[i].n_files; j++)
			printf("  %s %s\n", s->patches[i].files[j].created ?
			       "new" : "edit", s->patches[i].files[j].path);
	}
	for (size_t i = 0; i < s->n_final; i++) {
		char *path = malloc(strlen(argv[2]) + strlen(s->final[i].path) + 2);
		if (!path)
			return 3;
		sprintf(path, "%s/%s", argv[2], s->final[i].path);
		if (make_parents(path) ||
		    kdep_write_file(path, s->final[i].data, s->final[i].len)) {
			fprintf(stderr, "%s\n", kdep_error_format(buf, sizeof(buf)));
			return 3;
		}
		free(path);
	}
	patchgen_series_free(s);
	tramp_choice_free(&choice);
	source_free(tree);
	return 0;
}
