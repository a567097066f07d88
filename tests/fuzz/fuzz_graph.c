/*
 * fuzz_graph.c - the graph blob decoder (db/graph.h) on any bytes: it
 * must refuse them saying why, or give a graph whose references all lead
 * somewhere (files, symbols, nodes, choices, probe uses): never crash,
 * never loop, never allocate past what the bytes can hold.
 *
 * The input is a blob whose checksum (its last 8 bytes) is made right
 * before it is decoded, unless its first byte is odd: so the fuzzer gets
 * past the checksum to the layout, and both paths are run. The seed
 * corpus holds blobs kdep stored of fixture trees (one with a probe).
 */
#include "graph.h"
#include "error.h"
#include "model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Every reference of a decoded graph leads somewhere. */
static void check_graph(const struct model *m)
{
	if (!m->graph_only || !m->linked)
		abort();
	for (uint32_t i = 0; i < m->nsyms; i++) {
		const struct sym *s = &m->syms[i];
		if (!s->name || (s->choice != MODEL_NONE && s->choice >= m->nsyms))
			abort();
		for (uint32_t j = 0; j < s->nnodes; j++)
			if (s->nodes[j] >= m->nnodes ||
			    m->nodes[s->nodes[j]].sym != i)
				abort();
		for (uint32_t j = 0; j < s->nmembers; j++)
			if (m->syms[s->members[j]].choice != i)
				abort();
	}
	for (uint32_t i = 0; i < m->nnodes; i++)
		if (m->nodes[i].loc.file >= m->nfiles ||
		    m->nodes[i].sym >= m->nsyms || m->nodes[i].nprops)
			abort();
	for (uint32_t i = 0; i < m->nedges; i++)
		if (m->edges[i].from >= m->nsyms || m->edges[i].to >= m->nsyms ||
		    m->edges[i].loc.file >= m->nfiles ||
		    m->edges[i].kind >= EDGE_KIND_COUNT)
			abort();
	for (uint32_t i = 0; i < m->nprobe_uses; i++)
		if (m->probe_uses[i].loc.file >= m->nfiles ||
		    !(m->syms[m->probe_uses[i].sym].flags & SYMF_PROBE))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model *m = NULL;
	unsigned char *blob;
	char why[160];

	if (!size)
		return 0;
	if (!(blob = malloc(size)))
		abort();
	memcpy(blob, data + 1, size - 1);
	size--;
	if (!(data[0] & 1) && size >= 8) {
		uint64_t h = db_graph_sum(blob, size - 8);
		for (int i = 0; i < 8; i++)
			blob[size - 8 + i] = (unsigned char)(h >> (8 * i));
	}
	kdep_error_clear();
	if (db_graph_decode(blob, size, &m, why, sizeof(why))) {
		if (m || (!why[0] && strcmp(kdep_error_last(), "out of memory")))
			abort(); /* refused, but without saying why */
	} else {
		check_graph(m);
		model_free(m);
	}
	free(blob);
	return 0;
}
