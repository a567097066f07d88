/* suites.h - every Check suite the runner knows; one per module. */
#ifndef KDEP_SUITES_H
#define KDEP_SUITES_H

#include <check.h>

Suite *model_suite(void);
Suite *db_suite(void);
Suite *source_suite(void);
Suite *kconf_suite(void);
Suite *profile_suite(void);
Suite *graph_suite(void);

/* A fresh temporary directory for one test (removed by the OS's tmp). */
char *test_tmpdir(void);
/* Writes text to dir/rel, creating parent directories. */
void test_write(const char *dir, const char *rel, const char *text);

#endif
