/*
 * stamps.c - content ids by stat data (stamps.h). The row 'stamps:ROOT'
 * of the database's kept results holds one line per file:
 *
 *     SIZE MTIME_S MTIME_NS INO DEV ID PATH
 *
 * PATH last, relative to ROOT (a path with a newline is never recorded).
 */
#include "stamps.h"
#include "alloc.h"
#include "error.h"
#include "file.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* One file's entry. */
struct entry {
	char *path;                  /* relative to the root; NULL: free slot */
	struct stamp st;             /* its stat data when it was hashed */
	char id[SOURCE_ID_SIZE];     /* its content id then */
};

struct scan_stamps {
	struct db *db;               /* where they are kept, or NULL */
	char *root;                  /* the directory */
	struct entry *v;             /* open addressing by path hash */
	size_t cap;                  /* slots, a power of two (0: none) */
	size_t n;                    /* entries */
	int changed;                 /* an entry was recorded this run */
};

static uint64_t path_hash(const char *p)
{
	return source_hash(p, strlen(p));
}

/* The slot of path: its entry, or the free slot it would take. */
static struct entry *slot(struct scan_stamps *s, const char *path)
{
	size_t i = (size_t)path_hash(path) & (s->cap - 1);
	while (s->v[i].path && strcmp(s->v[i].path, path))
		i = (i + 1) & (s->cap - 1);
	return &s->v[i];
}

/* Room for one more entry (the table at most half full). */
static int grow(struct scan_stamps *s)
{
	if ((s->n + 1) * 2 <= s->cap)
		return 0;
	size_t cap = s->cap ? s->cap * 2 : 1024;
	struct entry *old = s->v;
	size_t oldcap = s->cap;
	if (!(s->v = kdep_calloc(cap, sizeof(*s->v)))) {
		s->v = old;
		return -1;
	}
	s->cap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].path)
			*slot(s, old[i].path) = old[i];
	free(old);
	return 0;
}

/* Sets path's entry (path copied). */
static int set(struct scan_stamps *s, const char *path,
	       const struct stamp *st, const char *id)
{
	if (grow(s))
		return -1;
	struct entry *e = slot(s, path);
	if (!e->path) {
		if (!(e->path = kdep_strdup(path)))
			return -1;
		s->n++;
	}
	e->st = *st;
	snprintf(e->id, sizeof(e->id), "%s", id);
	return 0;
}

/* The kept lines of text into s; a line that is not one is passed over. */
static int load(struct scan_stamps *s, const char *text)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[8192];
		struct stamp st;
		char id[SOURCE_ID_SIZE];
		int at = 0;
		if (len < sizeof(line)) {
			memcpy(line, p, len);
			line[len] = '\0';
			if (sscanf(line, "%" SCNu64 " %" SCNd64 " %" SCNd64
				   " %" SCNu64 " %" SCNu64 " %40s %n",
				   &st.size, &st.mtime_s, &st.mtime_ns,
				   &st.ino, &st.dev, id, &at) == 6 &&
			    at > 0 && line[at] &&
			    strlen(id) == SOURCE_ID_SIZE - 1 &&
			    set(s, line + at, &st, id))
				return -1;
		}
		p += len + (nl != NULL);
	}
	return 0;
}

int scan_stamps_open(struct scan_stamps **out, struct db *db,
		     const char *root)
{
	struct scan_stamps *s = kdep_calloc(1, sizeof(*s));
	char *text = NULL;
	*out = NULL;
	if (!s)
		return -1;
	s->db = db;
	if (!(s->root = kdep_strdup(root)) ||
	    (db && db_kept_get(db, "stamps", root, &text)) ||
	    (text && load(s, text))) {
		free(text);
		s->db = NULL;
		scan_stamps_close(s);
		return -1;
	}
	free(text);
	*out = s;
	return 0;
}

static int take(const struct scan_stamps *s, const char *rel,
		struct stamp *st)
{
	char path[8192];
	struct stat sb;
	snprintf(path, sizeof(path), "%s/%s", s->root, rel);
	if (stat(path, &sb)) {
		kdep_error_set("cannot stat %s: %s", path, strerror(errno));
		return -1;
	}
	*st = (struct stamp){ (uint64_t)sb.st_size, sb.st_mtim.tv_sec,
			      sb.st_mtim.tv_nsec, (uint64_t)sb.st_ino,
			      (uint64_t)sb.st_dev };
	return 0;
}

int scan_stamps_id(struct scan_stamps *s, const char *rel,
		   char id[SOURCE_ID_SIZE], struct stamp *st)
{
	id[0] = '\0';
	if (take(s, rel, st))
		return -1;
	if (!s->cap)
		return 0;
	const struct entry *e = slot(s, rel);
	if (!e->path || memcmp(&e->st, st, sizeof(*st)))
		return 0;
	memcpy(id, e->id, SOURCE_ID_SIZE);
	return 1;
}

int scan_stamps_put(struct scan_stamps *s, const char *rel,
		    const struct stamp *st, const char id[SOURCE_ID_SIZE])
{
	if (!s->db || strchr(rel, '\n') ||
	    st->mtime_s > (int64_t)time(NULL) - STAMPS_RACY)
		return 0;
	s->changed = 1;
	return set(s, rel, st, id);
}

/* The entries as the kept text. */
static char *text_of(const struct scan_stamps *s)
{
	char *t;
	size_t size;
	FILE *o = kdep_text_open(&t, &size);
	if (!o)
		return NULL;
	for (size_t i = 0; i < s->cap; i++) {
		const struct entry *e = &s->v[i];
		if (!e->path)
			continue;
		fprintf(o, "%" PRIu64 " %" PRId64 " %" PRId64 " %" PRIu64
			" %" PRIu64 " %s %s\n", e->st.size, e->st.mtime_s,
			e->st.mtime_ns, e->st.ino, e->st.dev, e->id, e->path);
	}
	return kdep_text_close(o, &t);
}

int scan_stamps_close(struct scan_stamps *s)
{
	int ret = 0;
	if (!s)
		return 0;
	if (s->db && s->changed) {
		char *t = text_of(s);
		ret = t ? db_kept_put(s->db, "stamps", s->root, t) : -1;
		free(t);
	}
	for (size_t i = 0; i < s->cap; i++)
		free(s->v[i].path);
	free(s->v);
	free(s->root);
	free(s);
	return ret;
}
