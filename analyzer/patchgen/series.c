/*
 * series.c - a generated patch series: its patches in order and the state
 * of every file it touches after the last one (see patchgen.h).
 */
#include "patchgen.h"
#include "alloc.h"
#include "error.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

static void file_clear(struct patchgen_file *f)
{
	free(f->path);
	free(f->data);
}

void patchgen_series_free(struct patchgen_series *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_patches; i++) {
		struct patchgen_patch *p = &s->patches[i];
		for (size_t j = 0; j < p->n_files; j++)
			file_clear(&p->files[j]);
		free(p->files);
		free(p->subject);
		free(p->body);
	}
	free(s->patches);
	for (size_t i = 0; i < s->n_final; i++)
		file_clear(&s->final[i]);
	free(s->final);
	free(s->skipped);
	free(s);
}

static struct patchgen_file *final_find(struct patchgen_series *s,
					const char *path)
{
	for (size_t i = 0; i < s->n_final; i++)
		if (!strcmp(s->final[i].path, path))
			return &s->final[i];
	return NULL;
}

int patchgen_series_read(struct patchgen_series *s, struct source *tree,
			 const char *path, char **data, size_t *len)
{
	struct patchgen_file *f = final_find(s, path);
	*data = NULL;
	*len = 0;
	if (f) {
		if (!(*data = malloc(f->len + 1))) {
			kdep_error_oom();
			return -1;
		}
		memcpy(*data, f->data, f->len + 1);
		*len = f->len;
		return 0;
	}
	if (!source_is_file(tree, path))
		return 1;
	return source_read(tree, path, 0, data, len) ? -1 : 0;
}

int patchgen_series_begin(struct patchgen_series *s, const char *subject,
			  const char *body)
{
	struct patchgen_patch *p;
	if (kdep_grow(&s->patches, &s->cap_patches, s->n_patches + 1,
		      sizeof(*s->patches)))
		return -1;
	p = &s->patches[s->n_patches];
	memset(p, 0, sizeof(*p));
	p->subject = kdep_strdup(subject);
	p->body = kdep_strdup(body);
	if (!p->subject || !p->body) {
		free(p->subject);
		free(p->body);
		return -1;
	}
	s->n_patches++;
	return 0;
}

/* Sets f to a copy of path and data (data copied, not taken). */
static int file_set(struct patchgen_file *f, const char *path,
		    const char *data, size_t len, int created)
{
	char *p = kdep_strdup(path);
	char *d = malloc(len + 1);
	if (!p || !d) {
		free(p);
		free(d);
		kdep_error_oom();
		return -1;
	}
	memcpy(d, data, len + 1);
	f->path = p;
	f->data = d;
	f->len = len;
	f->created = created;
	return 0;
}

int patchgen_series_put(struct patchgen_series *s, const char *path,
			char *data, int created)
{
	struct patchgen_patch *p;
	struct patchgen_file *f;
	size_t len = strlen(data);
	int rc = -1;

	if (!s->n_patches) {
		kdep_error_set("a file was written before any patch began");
		goto done;
	}
	p = &s->patches[s->n_patches - 1];
	if (kdep_grow(&p->files, &p->cap_files, p->n_files + 1,
		      sizeof(*p->files)))
		goto done;
	if (file_set(&p->files[p->n_files], path, data, len, created))
		goto done;
	p->n_files++;

	if ((f = final_find(s, path))) {
		/* created stays what it was before the series */
		char *d = malloc(len + 1);
		if (!d) {
			kdep_error_oom();
			goto done;
		}
		memcpy(d, data, len + 1);
		free(f->data);
		f->data = d;
		f->len = len;
	} else {
		if (kdep_grow(&s->final, &s->cap_final, s->n_final + 1,
			      sizeof(*s->final)))
			goto done;
		if (file_set(&s->final[s->n_final], path, data, len, created))
			goto done;
		s->n_final++;
	}
	rc = 0;
done:
	free(data);
	return rc;
}

/* The occurrence of old (whole lines) in data nearest line near, or NULL. */
static const char *find_lines(const char *data, const char *old,
			      uint32_t near)
{
	const char *best = NULL;
	uint32_t best_d = 0;
	size_t n = strlen(old);
	if (!n)
		return NULL;
	for (const char *p = data; *p; p = text_next(p)) {
		if (strncmp(p, old, n))
			continue;
		uint32_t l = text_lineno(data, p);
		uint32_t d = l > near ? l - near : near - l;
		if (!best || d < best_d) {
			best = p;
			best_d = d;
		}
	}
	return best;
}

int patchgen_series_edit(struct patchgen_series *s, struct source *tree,
			 const char *file, uint32_t line, const char *old,
			 const char *new_text, const char *subject,
			 const char *body)
{
	char *data = NULL, *out;
	size_t len;
	int rc = patchgen_series_read(s, tree, file, &data, &len);
	if (rc) {
		if (rc > 0)
			kdep_error_set_at(file, line, "no such file");
		return -1;
	}
	const char *at = find_lines(data, old, line);
	if (!at) {
		kdep_error_set_at(file, line, "the edit does not apply to the "
				  "file as the series leaves it: its lines are "
				  "gone");
		free(data);
		return -1;
	}
	out = text_splice(data, (size_t)(at - data), strlen(old), new_text);
	free(data);
	if (!out || patchgen_series_begin(s, subject, body)) {
		free(out);
		return -1;
	}
	return patchgen_series_put(s, file, out, 0);
}
