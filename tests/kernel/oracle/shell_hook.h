/*
 * shell_hook.h - included first into the tree's own preprocess.c: its
 * $(shell,...) runs no command but asks the recorded profile (kdump.c).
 */
#include <stdio.h>

FILE *kdump_popen(const char *cmd, const char *mode);
int kdump_pclose(FILE *f);

#define popen kdump_popen
#define pclose kdump_pclose
