/* suites.h - every Check suite the runner knows; one per module. */
#ifndef KDEP_SUITES_H
#define KDEP_SUITES_H

#include <check.h>

#include "kconf.h"
#include "model.h"
#include "source.h"

Suite *model_suite(void);
Suite *db_suite(void);
Suite *source_suite(void);
Suite *source_backends_suite(void);
Suite *overlay_suite(void);
Suite *kconf_suite(void);
Suite *profile_suite(void);
Suite *graph_suite(void);
Suite *sat_suite(void);
Suite *json_suite(void);
Suite *finding_suite(void);
Suite *registry_suite(void);
Suite *report_suite(void);
Suite *scan_suite(void);
Suite *fix_suite(void);
Suite *change_suite(void);
Suite *git_suite(void);
Suite *patchgen_suite(void);
Suite *buildcheck_suite(void);

/* A fresh temporary directory for one test (removed by the OS's tmp). */
char *test_tmpdir(void);
/* Writes text to dir/rel, creating parent directories. */
void test_write(const char *dir, const char *rel, const char *text);

/* A recorded profile "t" for x86 with no probes, put on the profile
 * path ($KDEP_PROFILE_PATH). */
void test_profile_t(void);

/* Runs a shell command in dir, its output dropped; the test fails when
 * the command does. */
void test_sh(const char *dir, const char *cmd);

/* ARCH=x86 and SRCARCH=x86, for parses of the trees below. */
extern const char *const test_env[2];
/* A tree in memory whose top Kconfig is top (free with source_free). */
struct source *test_mem_tree(const char *top);
/* The model of that tree, parsed with live probes (there are none). */
struct model *test_load_text(const char *top);

#endif
