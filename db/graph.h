/*
 * graph.h - a scan's graph as one blob: what the cycle rule reads of a
 * model (model.h: graph_only), encoded at store time and decoded by
 * db_load_graph with no row of SQLite per edge. libc only; db.c keeps
 * the blobs in scan_graphs (schema.sql).
 *
 * Layout, every number an unsigned LEB128 varint unless said otherwise:
 *
 *   "KDEPGRF1"                      magic, 8 bytes
 *   nfiles nsyms nnodes nedges nuses modules   counts; modules is
 *                                   modules_sym + 1, 0 for none
 *   files  [nfiles]:  keep add BYTES[add]      a path: the first keep
 *                                   bytes of the path before, then add
 *   syms   [nsyms]:   keep add BYTES[add] type flags choice
 *                                   the name as a path is; type one byte;
 *                                   choice is the choice's index + 1, 0
 *                                   for none
 *   nodes  [nnodes]:  kind sym file line help
 *                                   only of choices and probes; help is
 *                                   its length + 1 (0: none), its bytes
 *                                   following: a probe's (its key), never
 *                                   a choice's
 *   edges  [nedges]:  head [from] to [file] [line]
 *                                   head, one byte: the kind in its low 4
 *                                   bits, then SAME_FROM, SAME_FILE,
 *                                   SAME_LINE: the field is the previous
 *                                   edge's and not written
 *   uses   [nuses]:   file line sym        model_probe_uses()
 *   FNV-1a 64 of every byte before, 8 bytes, little-endian
 *
 * Edges keep the order model_build_edges() gave them: the cycle search's
 * choices (which cycle is the shortest) follow it.
 */
#ifndef KDEP_DB_GRAPH_H
#define KDEP_DB_GRAPH_H

#include <stddef.h>

#include "model.h"

/*
 * Encodes linked model m, its edges built, into *out (malloc'd, the
 * caller's) of *len bytes. 0, or -1 out of memory (error set).
 */
int db_graph_encode(const struct model *m, unsigned char **out, size_t *len);

/*
 * Decodes a blob into *out, a graph_only model, linked. The bytes are
 * untrusted: a blob that is truncated, too long, fails its checksum or
 * names anything out of range (a file, symbol or kind), a choice member
 * of something that is no choice, a node whose symbol is not of its kind,
 * is refused: -1 with *out NULL and why (of whylen bytes) saying what is
 * wrong, as "bad edge 12: symbol out of range". Out of memory is -1 with
 * why empty and the error set. Allocations are bounded by the blob's
 * length (every entry takes at least one byte of it).
 */
int db_graph_decode(const unsigned char *p, size_t len, struct model **out,
		    char *why, size_t whylen);

/* The checksum the blob ends with: FNV-1a 64 of p[0..len). */
uint64_t db_graph_sum(const unsigned char *p, size_t len);

#endif
