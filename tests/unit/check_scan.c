/*
 * check_scan.c - the scan library: a scan stored and found again by its
 * content key, the rescan of an edited tree held in an overlay, and the
 * class of an error that names an unknown profile.
 */
#include "db.h"
#include "error.h"
#include "scan.h"
#include "suites.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char top[] =
	"config A\n"
	"\tbool \"a\"\n"
	"config B\n"
	"\tbool\n"
	"\tdefault y\n"
	"source \"arch/$(SRCARCH)/Kconfig\"\n";

/* The same tree with a select added under A (line 3). */
static const char top_edited[] =
	"config A\n"
	"\tbool \"a\"\n"
	"\tselect B\n"
	"config B\n"
	"\tbool\n"
	"\tdefault y\n"
	"source \"arch/$(SRCARCH)/Kconfig\"\n";

static struct source *tree(void)
{
	struct source *s;
	static const char arch[] = "config X86\n\tdef_bool y\n";
	ck_assert_int_eq(source_open_mem(&s, "mem:scan-test", "/nonexistent"),
			 0);
	ck_assert_int_eq(source_mem_add(s, "Kconfig", top, strlen(top)), 0);
	ck_assert_int_eq(source_mem_add(s, "arch/x86/Kconfig", arch,
					strlen(arch)), 0);
	return s;
}

static uint32_t selects(const struct model *m)
{
	struct model_counts c;
	model_count(m, &c);
	return c.edges[EDGE_SELECT];
}

START_TEST(rescan_of_an_overlay)
{
	struct source *base = tree(), *ov;
	struct profile_arch a;
	struct model *m = NULL;
	test_profile_t();
	ck_assert_int_eq(profile_arch_resolve(base, "x86", &a), 0);
	ck_assert_int_eq(source_open_overlay(&ov, base), 0);
	ck_assert_int_eq(source_overlay_put(ov, "Kconfig", top_edited,
					    strlen(top_edited)), 0);

	ck_assert_int_eq(scan_parse(base, &a, "t", NULL, &m), 0);
	ck_assert_uint_eq(selects(m), 0);
	model_free(m);
	ck_assert_msg(scan_parse(ov, &a, "t", NULL, &m) == 0, "%s",
		      kdep_error_last());
	ck_assert_uint_eq(selects(m), 1);
	/* the select is where the edited text has it */
	for (uint32_t i = 0; i < m->nedges; i++)
		if (m->edges[i].kind == EDGE_SELECT)
			ck_assert_uint_eq(m->edges[i].loc.line, 3);
	model_free(m);
	/* the tree under the overlay is as it was */
	ck_assert_int_eq(scan_parse(base, &a, "t", NULL, &m), 0);
	ck_assert_uint_eq(selects(m), 0);
	model_free(m);
	source_free(ov);
	source_free(base);
}
END_TEST

START_TEST(scan_is_stored_and_found_again)
{
	struct source *base = tree(), *ov;
	char *dir = test_tmpdir(), db[4096];
	struct scan_ctx ctx;
	struct scan_result r;
	test_profile_t();
	snprintf(db, sizeof(db), "%s/kdep.db", dir);
	struct scan_opts o = { .src = base, .arch = "x86", .profile = "t",
			       .db = db };

	ck_assert_int_eq(scan_ctx_open(&ctx, &o), 0);
	ck_assert_int_eq(scan_run(&ctx, "x86", "t", 1, &r), 0);
	ck_assert_int_eq(r.cached, 0);
	ck_assert_uint_eq(r.counts.defined, 3);
	ck_assert_uint_eq(selects(r.model), 0);
	scan_result_free(&r);
	ck_assert_int_eq(scan_run(&ctx, "x86", "t", 1, &r), 0);
	ck_assert_int_eq(r.cached, 1);
	ck_assert_uint_eq(r.counts.defined, 3);
	ck_assert_uint_eq(selects(r.model), 0);
	scan_result_free(&r);
	scan_ctx_close(&ctx);

	/* An edited tree is another tree: parsed, not taken from the
	 * database, and its own graph. */
	ck_assert_int_eq(source_open_overlay(&ov, base), 0);
	ck_assert_int_eq(source_overlay_put(ov, "Kconfig", top_edited,
					    strlen(top_edited)), 0);
	o.src = ov;
	ck_assert_int_eq(scan_ctx_open(&ctx, &o), 0);
	ck_assert_int_eq(scan_run(&ctx, "x86", "t", 1, &r), 0);
	ck_assert_int_eq(r.cached, 0);
	ck_assert_uint_eq(selects(r.model), 1);
	scan_result_free(&r);
	scan_ctx_close(&ctx);
	source_free(ov);
	source_free(base);
	free(dir);
}
END_TEST

/* ---- freshness: stat data as git's index keeps it -------------------- */

/* The top Kconfig of the directory trees below: A's prompt is "a". */
static const char dir_top[] =
	"config A\n"
	"\tbool \"a\"\n"
	"source \"arch/$(SRCARCH)/Kconfig\"\n";

/* A directory tree whose files were last written at mtime (unix time). */
static char *dir_tree(time_t mtime)
{
	char *dir = test_tmpdir();
	test_write(dir, "Kconfig", dir_top);
	test_write(dir, "arch/x86/Kconfig", "config X86\n\tdef_bool y\n");
	test_sh(dir, "mkdir -p db");
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "touch -d @%lld Kconfig arch/x86/Kconfig",
		 (long long)mtime);
	test_sh(dir, cmd);
	return dir;
}

/* Whether a scan of dir (x86, profile t) was found in its database. */
static int dir_cached(const char *dir)
{
	char db[4096];
	struct scan_ctx ctx;
	struct scan_result r;
	snprintf(db, sizeof(db), "%s/db/kdep.db", dir);
	struct scan_opts o = { .tree = dir, .arch = "x86", .profile = "t",
			       .db = db, .jobs = 1 };
	ck_assert_msg(scan_ctx_open(&ctx, &o) == 0, "%s", kdep_error_last());
	ck_assert_msg(scan_run(&ctx, "x86", "t", 0, &r) == 0, "%s",
		      kdep_error_last());
	int cached = r.cached;
	scan_result_free(&r);
	scan_ctx_close(&ctx);
	return cached;
}

/*
 * Kconfig given other text of the same size in place (the same inode),
 * its mtime put back to mtime (unix time), as `touch -d` does.
 */
static void edit_same_size(const char *dir, time_t mtime)
{
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "sed 's/\"a\"/\"b\"/' Kconfig >new && "
		 "cat new >Kconfig && rm new && touch -d @%lld Kconfig",
		 (long long)mtime);
	test_sh(dir, cmd);
}

/* A file touched, its text unchanged, is no change (hashed again, the
 * same id); nor is one whose stat data never changed. */
START_TEST(touched_file_is_no_change)
{
	time_t old = time(NULL) - 1000;
	char *dir = dir_tree(old);
	test_profile_t();
	ck_assert_int_eq(dir_cached(dir), 0);
	ck_assert_int_eq(dir_cached(dir), 1);
	test_sh(dir, "touch Kconfig");
	ck_assert_int_eq(dir_cached(dir), 1);
	test_sh(dir, "touch -d @1000000000 arch/x86/Kconfig");
	ck_assert_int_eq(dir_cached(dir), 1);
	free(dir);
}
END_TEST

/* An edit that changes the size, or the inode (the file replaced), is
 * seen whatever the mtime says. */
START_TEST(size_or_inode_change_is_seen)
{
	time_t old = time(NULL) - 1000;
	char *dir = dir_tree(old), cmd[128];
	test_profile_t();
	ck_assert_int_eq(dir_cached(dir), 0);
	snprintf(cmd, sizeof(cmd), "sed -i 's/\"a\"/\"ab\"/' Kconfig && "
		 "touch -d @%lld Kconfig", (long long)old);
	test_sh(dir, cmd);
	ck_assert_int_eq(dir_cached(dir), 0);
	/* sed -i renames a new file over the old: same size, new inode */
	snprintf(cmd, sizeof(cmd), "sed -i 's/\"ab\"/\"cd\"/' Kconfig && "
		 "touch -d @%lld Kconfig", (long long)old);
	test_sh(dir, cmd);
	ck_assert_int_eq(dir_cached(dir), 0);
	free(dir);
}
END_TEST

/*
 * The racy-entry rule: a file whose mtime is not older than the scan may
 * have been written again after it was read with the same stat data, so
 * it is hashed again: an edit of the same size in place, its mtime put
 * back, is seen. Outside that window the same edit is not: the known
 * limit of stat data (git's index has it too, but for the ctime it also
 * compares).
 */
START_TEST(racy_file_is_hashed_again)
{
	time_t later = time(NULL) + 1000, old = time(NULL) - 1000;
	char *dir = dir_tree(later);
	test_profile_t();
	ck_assert_int_eq(dir_cached(dir), 0);
	ck_assert_int_eq(dir_cached(dir), 1);
	edit_same_size(dir, later);
	ck_assert_int_eq(dir_cached(dir), 0);
	free(dir);

	dir = dir_tree(old);
	ck_assert_int_eq(dir_cached(dir), 0);
	edit_same_size(dir, old);
	ck_assert_int_eq(dir_cached(dir), 1); /* not seen: the limit */
	free(dir);
}
END_TEST

/*
 * A check that hashed a file again and found it unchanged stores its stat
 * data now, as git refreshes its index: the next check takes the file
 * from its stat data (so the same-size edit that puts the new mtime back
 * is the known limit again, not a file hashed at every check).
 */
START_TEST(unchanged_file_is_refreshed)
{
	time_t old = time(NULL) - 2000, touched = time(NULL) - 1000;
	char *dir = dir_tree(old), cmd[64];
	test_profile_t();
	ck_assert_int_eq(dir_cached(dir), 0);
	snprintf(cmd, sizeof(cmd), "touch -d @%lld Kconfig",
		 (long long)touched);
	test_sh(dir, cmd);
	ck_assert_int_eq(dir_cached(dir), 1); /* hashed again, refreshed */
	edit_same_size(dir, touched);
	ck_assert_int_eq(dir_cached(dir), 1); /* its stat data as stored */
	free(dir);
}
END_TEST

/*
 * A file hashed again only for the racy-entry rule, found the same and
 * older than the check, settles: the check's start becomes the scan's
 * reference, so the next check takes the file from its stat data (the
 * same-size edit with its mtime put back is then the known limit, not a
 * file hashed at every check), as git's index does once written later.
 */
START_TEST(racy_file_settles)
{
	time_t soon = time(NULL) + 1;
	char *dir = dir_tree(soon);
	test_profile_t();
	ck_assert_int_eq(dir_cached(dir), 0); /* scanned before soon: racy */
	while (time(NULL) <= soon)
		usleep(100000);
	ck_assert_int_eq(dir_cached(dir), 1); /* hashed again, settled */
	edit_same_size(dir, soon);
	ck_assert_int_eq(dir_cached(dir), 1); /* its stat data as stored */
	free(dir);
}
END_TEST

/* The entries the newest scan of dir (x86, profile t) stored, as
 * "path\n" lines. */
static char *stored_entries(const char *dir)
{
	char db[4096], real[PATH_MAX];
	struct db *d;
	struct db_scan_meta meta = { 0 };
	struct db_file *files = NULL;
	uint32_t n = 0;
	static char out[4096];
	size_t at = 0;
	snprintf(db, sizeof(db), "%s/db/kdep.db", dir);
	ck_assert_ptr_nonnull(realpath(dir, real));
	ck_assert_int_eq(db_open(&d, db), 0);
	ck_assert_int_eq(db_find_latest(d, real, "x86", "t", &meta, &files,
					&n), 0);
	ck_assert(meta.id > 0);
	out[0] = '\0';
	for (uint32_t i = 0; i < n; i++)
		at += (size_t)snprintf(out + at, sizeof(out) - at, "%s\n",
				       files[i].path);
	db_files_free(files, n);
	db_close(d);
	return out;
}

/*
 * A `source` without wildcards that read its file stores no glob entry of
 * its own: the file's entry says the same. One of a file that is absent
 * (osource) is kept, and the file put there later is seen.
 */
START_TEST(literal_source_is_its_file_entry)
{
	time_t old = time(NULL) - 1000;
	char *dir = dir_tree(old);
	test_profile_t();
	test_write(dir, "Kconfig", "config A\n\tbool \"a\"\n"
		   "source \"arch/$(SRCARCH)/Kconfig\"\n"
		   "osource \"later/Kconfig\"\n");
	ck_assert_int_eq(dir_cached(dir), 0);
	ck_assert_str_eq(stored_entries(dir), "Kconfig\narch/x86/Kconfig\n"
			 "/later/Kconfig\n");
	ck_assert_int_eq(dir_cached(dir), 1);
	test_write(dir, "later/Kconfig", "config L\n\tbool\n");
	ck_assert_int_eq(dir_cached(dir), 0);
	ck_assert_str_eq(stored_entries(dir), "Kconfig\narch/x86/Kconfig\n"
			 "later/Kconfig\n");
	/* gone again: its entry fails, the tree is parsed again */
	test_sh(dir, "rm later/Kconfig");
	ck_assert_int_eq(dir_cached(dir), 0);
	ck_assert_str_eq(stored_entries(dir), "Kconfig\narch/x86/Kconfig\n"
			 "/later/Kconfig\n");
	free(dir);
}
END_TEST

/*
 * A context looks at the tree once per (arch, profile): the check the
 * workers' start made (jobs other than 1) is the one scan_run takes, so
 * an edit made between them shows at the next context, not in this one.
 */
START_TEST(one_check_per_context)
{
	time_t old = time(NULL) - 1000;
	char *dir = dir_tree(old), db[4096], cmd[128];
	struct scan_ctx ctx;
	struct scan_result r;
	test_profile_t();
	ck_assert_int_eq(dir_cached(dir), 0);
	snprintf(db, sizeof(db), "%s/db/kdep.db", dir);
	struct scan_opts o = { .tree = dir, .arch = "x86", .profile = "t",
			       .db = db, .jobs = 2 };
	ck_assert_int_eq(scan_ctx_open(&ctx, &o), 0);
	snprintf(cmd, sizeof(cmd), "sed -i 's/\"a\"/\"ab\"/' Kconfig && "
		 "touch -d @%lld Kconfig", (long long)old);
	test_sh(dir, cmd);
	ck_assert_int_eq(scan_run(&ctx, "x86", "t", 0, &r), 0);
	ck_assert_int_eq(r.cached, 1);
	ck_assert(r.seconds > 0);
	scan_result_free(&r);
	scan_ctx_close(&ctx);
	ck_assert_int_eq(dir_cached(dir), 0);
	free(dir);
}
END_TEST

START_TEST(unknown_profile_is_an_argument_error)
{
	struct source *base = tree();
	char *dir = test_tmpdir(), db[4096];
	struct scan_ctx ctx;
	test_profile_t();
	snprintf(db, sizeof(db), "%s/kdep.db", dir);
	struct scan_opts o = { .src = base, .arch = "x86",
			       .profile = "t,nosuch", .db = db };
	ck_assert_int_eq(scan_ctx_open(&ctx, &o), -1);
	ck_assert_int_eq(kdep_error_class(), KDEP_ERR_ARG);
	ck_assert_ptr_nonnull(strstr(kdep_error_last(),
				     "unknown profile 'nosuch'"));
	/* so is an arch the tree lacks */
	o.profile = "t";
	o.arch = "riscv";
	ck_assert_int_eq(scan_ctx_open(&ctx, &o), -1);
	ck_assert_int_eq(kdep_error_class(), KDEP_ERR_ARG);
	source_free(base);
	free(dir);
}
END_TEST

Suite *scan_suite(void)
{
	Suite *s = suite_create("scan");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, rescan_of_an_overlay);
	tcase_add_test(tc, scan_is_stored_and_found_again);
	tcase_add_test(tc, unknown_profile_is_an_argument_error);
	tcase_add_test(tc, touched_file_is_no_change);
	tcase_add_test(tc, size_or_inode_change_is_seen);
	tcase_add_test(tc, racy_file_is_hashed_again);
	tcase_add_test(tc, unchanged_file_is_refreshed);
	tcase_add_test(tc, racy_file_settles);
	tcase_add_test(tc, literal_source_is_its_file_entry);
	tcase_add_test(tc, one_check_per_context);
	suite_add_tcase(s, tc);
	return s;
}
