/*
 * deps_hook.h - included first into the tree's own parser: a recursive
 * dependency sym_check_deps() finds is recorded (kdump.c) instead of
 * ending the parse, so that a tree with a cycle is dumped as well.
 */
struct symbol;

struct symbol *kdump_check_deps(struct symbol *sym);

#define sym_check_deps kdump_check_deps
