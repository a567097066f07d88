/*
 * check_finding.c - findings as data: fingerprints of a canonical text,
 * and sets that own their copies.
 */
#include "suites.h"
#include "finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

START_TEST(hash_is_fnv1a)
{
	/* pinned: fingerprints written by one version compare with the next */
	ck_assert_uint_eq(finding_hash("", 0), 0xcbf29ce484222325ull);
	ck_assert_uint_eq(finding_hash("a", 1), 0xaf63dc4c8601ec8cull);
	ck_assert_uint_eq(finding_hash("foobar", 6), 0x85944171f73967e8ull);
	char hex[17];
	ck_assert_str_eq(finding_fingerprint_hex(0xaf63dc4c8601ec8cull, hex),
			 "af63dc4c8601ec8c");
	ck_assert_str_eq(finding_fingerprint_hex(1, hex), "0000000000000001");
}
END_TEST

START_TEST(fingerprint_is_the_canonical_text)
{
	const char *set[] = { "B", "A", "B" };
	const char *parts[] = { "x86", "p0" };
	const char text[] = "rule\nx86\np0\n--\nA\nB\n";
	uint64_t fp, again;
	ck_assert_int_eq(finding_fingerprint("rule", parts, 2, set, 3, &fp), 0);
	ck_assert_uint_eq(fp, finding_hash(text, sizeof(text) - 1));
	/* order and repeats of the set do not matter, the parts' order does */
	const char *set2[] = { "A", "B" };
	ck_assert_int_eq(finding_fingerprint("rule", parts, 2, set2, 2, &again),
			 0);
	ck_assert_uint_eq(fp, again);
	const char *swapped[] = { "p0", "x86" };
	ck_assert_int_eq(finding_fingerprint("rule", swapped, 2, set2, 2,
					     &again), 0);
	ck_assert_uint_ne(fp, again);
	ck_assert_int_eq(finding_fingerprint("other", parts, 2, set2, 2,
					     &again), 0);
	ck_assert_uint_ne(fp, again);
}
END_TEST

START_TEST(a_set_owns_its_copies)
{
	char name[8] = "X", msg[32] = "something";
	const char *syms[] = { name };
	struct finding_related rel = { "link", "Kconfig", 3, name, msg };
	struct finding f = {
		.rule = "r", .kind = FINDING_PASS, .message = msg,
		.file = "Kconfig", .line = 3, .related = &rel, .nrelated = 1,
		.symbols = syms, .nsymbols = 1, .arch = "x86",
	};
	struct finding_set s;
	finding_set_init(&s);
	ck_assert_int_eq(finding_set_add(&s, &f), 0);
	ck_assert_int_eq(finding_set_failed(&s), 0);
	strcpy(name, "Y");
	strcpy(msg, "changed");
	ck_assert_str_eq(s.v[0].symbols[0], "X");
	ck_assert_str_eq(s.v[0].message, "something");
	ck_assert_str_eq(s.v[0].related[0].symbol, "X");
	struct finding_related more = { "witness", "w.config", 0, NULL,
					"witness written to" };
	ck_assert_int_eq(finding_set_relate(&s, 0, &more), 0);
	ck_assert_uint_eq(s.v[0].nrelated, 2);
	ck_assert_str_eq(s.v[0].related[0].message, "something");
	ck_assert_ptr_eq(finding_related_at(&s.v[0], "witness", "w.config", 0),
			 &s.v[0].related[1]);
	ck_assert_ptr_null(finding_related_at(&s.v[0], "link", "w.config", 0));
	f.kind = FINDING_OPEN;
	ck_assert_int_eq(finding_set_add(&s, &f), 0);
	ck_assert_int_eq(finding_set_failed(&s), 1); /* unknown is not a yes */
	finding_set_free(&s);
}
END_TEST

Suite *finding_suite(void)
{
	Suite *s = suite_create("finding");
	TCase *tc = tcase_create("finding");
	tcase_add_test(tc, hash_is_fnv1a);
	tcase_add_test(tc, fingerprint_is_the_canonical_text);
	tcase_add_test(tc, a_set_owns_its_copies);
	suite_add_tcase(s, tc);
	return s;
}
