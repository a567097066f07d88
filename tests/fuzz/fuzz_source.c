/*
 * fuzz_source.c - the source layer's path resolution as hostile input.
 *
 * One small tree, made once, exists twice: on disk (the directory
 * backend) and in memory (the in-memory backend), with the same files and
 * the same symbolic links, some staying inside the tree and some leading
 * out of it to a file whose contents are SECRET. Each line of the input is
 * a path or a glob pattern asked of both: no backend ever crashes, hands
 * out the secret, or returns a match that is not a normalised path of the
 * tree; and both backends answer alike (one policy for every backend).
 *
 * A line "@PATH>TARGET" instead adds a symbolic link to a third tree, in
 * memory and fresh for each input, which every following line is asked
 * of too: chains, loops and links in any place must resolve or fail, and
 * never hang.
 */
#include "source.h"
#include "error.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#define SECRET "SECRET\n"

/* A file of the tree: its path and contents (the path again). */
static const char *const files[] = {
	"Kconfig", "arch/x86/Kconfig", "arch/arm64/Kconfig",
	"lib/Kconfig.debug", "lib/a b/Kconfig",
};
#define NFILES (sizeof(files) / sizeof(*files))

/* A link of the tree; OUT in a target is the directory beside the tree. */
static const char *const links[][2] = {
	{ "arch/in", "x86" },              /* inside */
	{ "lib/ok", "../Kconfig" },        /* inside, to a file */
	{ "self", "." },                   /* inside, the root */
	{ "arch/evil", "../../out" },      /* out, relative */
	{ "lib/sec", "../../secret" },     /* out, to the secret */
	{ "up", ".." },                    /* out: the tree's parent */
	{ "abs", "OUT" },                  /* out, absolute */
	{ "loop", "loop" },                /* itself */
	{ "arch/chain", "in/../evil" },    /* inside, then out */
};
#define NLINKS (sizeof(links) / sizeof(*links))

static struct source *disk, *mem;
static char outdir[PATH_MAX];

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		abort();
}

/* The target of link i, OUT replaced by the outside directory. */
static const char *target(size_t i, char *buf, size_t size)
{
	if (!strcmp(links[i][1], "OUT"))
		return outdir;
	snprintf(buf, size, "%s", links[i][1]);
	return buf;
}

static void trees_init(void)
{
	char top[] = "/tmp/kdep-fuzz-src.XXXXXX", p[PATH_MAX + 64], t[64];
	if (!mkdtemp(top))
		abort();
	snprintf(outdir, sizeof(outdir), "%s/out", top);
	const char *dirs[] = { "out", "tree", "tree/arch", "tree/arch/x86",
			       "tree/arch/arm64", "tree/lib", "tree/lib/a b" };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		snprintf(p, sizeof(p), "%s/%s", top, dirs[i]);
		if (mkdir(p, 0777))
			abort();
	}
	snprintf(p, sizeof(p), "%s/secret", top);
	put(p, SECRET);
	snprintf(p, sizeof(p), "%s/out/Kconfig", top);
	put(p, SECRET);
	snprintf(p, sizeof(p), "%s/tree", top);
	if (source_open_mem(&mem, "mem", p))
		abort();
	for (size_t i = 0; i < NFILES; i++) {
		snprintf(p, sizeof(p), "%s/tree/%s", top, files[i]);
		put(p, files[i]);
		if (source_mem_add(mem, files[i], files[i], strlen(files[i])))
			abort();
	}
	for (size_t i = 0; i < NLINKS; i++) {
		snprintf(p, sizeof(p), "%s/tree/%s", top, links[i][0]);
		if (symlink(target(i, t, sizeof(t)), p) ||
		    source_mem_link(mem, links[i][0], target(i, t, sizeof(t))))
			abort();
	}
	snprintf(p, sizeof(p), "%s/tree", top);
	if (source_open_dir(&disk, p))
		abort();
}

/*
 * Content ids without libgit2 (not linked into the fuzzer): the program's
 * are git's blob ids (kgit_setup); what is fuzzed here is the confinement,
 * which an id of any kind exercises the same.
 */
static int fuzz_id(const void *data, size_t len, char id[SOURCE_ID_SIZE])
{
	snprintf(id, SOURCE_ID_SIZE, "%040llx",
		 (unsigned long long)source_hash(data, len));
	return 0;
}

/* Says what went wrong, and stops the run as a crash. */
static void fail(const char *line, const char *what, const char *match)
{
	fprintf(stderr, "'%s': %s%s%s\n", line, what, match ? ": " : "",
		match ? match : "");
	abort();
}

/* Whether m is a normalised path inside the tree. */
static int inside(const char *m)
{
	char buf[PATH_MAX];
	if (snprintf(buf, sizeof(buf), "%s", m) >= (int)sizeof(buf) ||
	    source_normalize(buf))
		return 0;
	return buf[0] && !strcmp(buf, m);
}

/* Asks s about line; the answers, one bit each, in *bits. */
static void ask(struct source *s, const char *line, unsigned *bits)
{
	char *data = NULL, **v = NULL;
	size_t len, n = 0;
	char h[SOURCE_ID_SIZE];

	*bits = 0;
	if (!source_read(s, line, 0, &data, &len)) {
		if (len != strlen(data) || strstr(data, "SECRET"))
			fail(line, "read the secret", NULL);
		*bits |= 1;
		free(data);
	}
	*bits |= (unsigned)(source_is_file(s, line) == 1) << 1;
	*bits |= (unsigned)(source_is_dir(s, line) == 1) << 2;
	*bits |= (unsigned)(source_file_id(s, line, h) == 0) << 3;
	if (!source_glob(s, line, &v, &n)) {
		*bits |= 1u << 4;
		for (size_t i = 0; i < n; i++) {
			if (!inside(v[i]))
				fail(line, "a match outside the tree", v[i]);
			if (source_is_file(s, v[i]) != 1)
				fail(line, "a match that is no file", v[i]);
			if (source_read(s, v[i], 0, &data, &len))
				fail(line, "a match that cannot be read", v[i]);
			if (strstr(data, "SECRET"))
				fail(line, "a match reads the secret", v[i]);
			free(data);
		}
		strv_free(v);
	}
	if (!source_subdirs(s, line, &v, &n)) {
		*bits |= 1u << 5;
		for (size_t i = 0; i < n; i++)
			if (strchr(v[i], '/') || !strcmp(v[i], "..") ||
			    !strcmp(v[i], "."))
				fail(line, "a subdirectory of no name", v[i]);
		strv_free(v);
	}
	source_forget_reads(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct source *own;
	char *text = malloc(size + 1), *line, *next;
	unsigned a, b, c;

	if (!disk) {
		source_set_id_fn(fuzz_id);
		trees_init();
	}
	if (!text || source_open_mem(&own, "own", "/nonexistent"))
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = text; line; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		if (line[0] == '@') {
			char *gt = strchr(line + 1, '>');
			if (gt) {
				*gt = '\0';
				source_mem_link(own, line + 1, gt + 1);
			} else {
				source_mem_add(own, line + 1, "x", 1);
			}
			continue;
		}
		ask(disk, line, &a);
		ask(mem, line, &b);
		ask(own, line, &c);
		if (a != b) {
			fprintf(stderr, "'%s': the directory backend answers "
				"%#x, the in-memory one %#x\n", line, a, b);
			abort();
		}
	}
	source_free(own);
	free(text);
	kdep_error_clear();
	return 0;
}
