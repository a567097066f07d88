/*
 * check_json.c - the JSON writer: string escaping (quotes, backslash,
 * control characters, DEL, UTF-8 valid and not), null, nesting and
 * layout, numbers.
 */
#include "suites.h"
#include "json.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What json_write_string makes of s. */
static char *escaped(const char *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	ck_assert_ptr_nonnull(f);
	json_write_string(f, s);
	fclose(f);
	return buf;
}

#define ck_escapes(in, want)                                             \
	do {                                                             \
		char *got_ = escaped(in);                                \
		ck_assert_str_eq(got_, want);                            \
		free(got_);                                              \
	} while (0)

START_TEST(quotes_and_backslashes)
{
	ck_escapes("", "\"\"");
	ck_escapes("plain", "\"plain\"");
	ck_escapes("a\"b", "\"a\\\"b\"");
	ck_escapes("a\\b", "\"a\\\\b\"");
	ck_escapes("\\\"", "\"\\\\\\\"\"");
	ck_escapes("/", "\"/\"");
}
END_TEST

START_TEST(control_characters)
{
	ck_escapes("a\nb\tc\rd", "\"a\\nb\\tc\\rd\"");
	ck_escapes("\x01", "\"\\u0001\"");
	ck_escapes("\x08\x0c", "\"\\u0008\\u000c\"");
	ck_escapes("\x1f", "\"\\u001f\"");
	ck_escapes("\x1b[31m", "\"\\u001b[31m\"");
	ck_escapes(" ~", "\" ~\"");
	/* DEL is a control character too */
	ck_escapes("\x7f", "\"\\u007f\"");
}
END_TEST

START_TEST(utf8_passes_through)
{
	ck_escapes("caf\xc3\xa9", "\"caf\xc3\xa9\"");                 /* é */
	ck_escapes("\xe2\x82\xac", "\"\xe2\x82\xac\"");               /* € */
	ck_escapes("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");       /* U+1F600 */
	ck_escapes("\xed\x9f\xbf", "\"\xed\x9f\xbf\"");               /* U+D7FF */
	ck_escapes("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"");       /* U+10FFFF */
	ck_escapes("\xc2\x80", "\"\xc2\x80\"");                       /* U+0080 */
}
END_TEST

START_TEST(invalid_utf8_becomes_replacement_characters)
{
	/* one \ufffd per byte that is not part of a well-formed sequence */
	ck_escapes("\xff", "\"\\ufffd\"");
	ck_escapes("a\x80z", "\"a\\ufffdz\"");                /* stray tail */
	ck_escapes("\xc3", "\"\\ufffd\"");                    /* cut short */
	ck_escapes("\xe2\x82", "\"\\ufffd\\ufffd\"");
	ck_escapes("\xc3(", "\"\\ufffd(\"");
	ck_escapes("\xc0\xaf", "\"\\ufffd\\ufffd\"");         /* overlong / */
	ck_escapes("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"");
	ck_escapes("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""); /* surrogate */
	ck_escapes("\xf4\x90\x80\x80",                        /* > U+10FFFF */
		   "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	ck_escapes("\xf5\x80", "\"\\ufffd\\ufffd\"");
	/* Latin-1 text, as an old Kconfig help might hold */
	ck_escapes("J\xf6rg", "\"J\\ufffdrg\"");
}
END_TEST

/* A document written by fn, as text. */
static char *document(void (*fn)(struct json *j))
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	struct json j;
	ck_assert_ptr_nonnull(f);
	json_init(&j, f);
	fn(&j);
	json_end(&j);
	fclose(f);
	return buf;
}

static void write_nested(struct json *j)
{
	json_obj_begin(j);
	json_key(j, "a\"key");
	json_str(j, NULL);
	json_key(j, "list");
	json_arr_begin(j);
	json_int(j, 1);
	json_obj_begin(j);
	json_key(j, "empty");
	json_arr_begin(j);
	json_arr_end(j);
	json_key(j, "none");
	json_obj_begin(j);
	json_obj_end(j);
	json_obj_end(j);
	json_bool(j, 0);
	json_arr_end(j);
	json_key(j, "yes");
	json_bool(j, 1);
	json_key(j, "s");
	json_str(j, "x\ty");
	json_obj_end(j);
}

START_TEST(nesting_and_null)
{
	char *got = document(write_nested);
	ck_assert_str_eq(got,
		"{\n"
		"  \"a\\\"key\": null,\n"
		"  \"list\": [\n"
		"    1,\n"
		"    {\n"
		"      \"empty\": [],\n"
		"      \"none\": {}\n"
		"    },\n"
		"    false\n"
		"  ],\n"
		"  \"yes\": true,\n"
		"  \"s\": \"x\\ty\"\n"
		"}\n");
	free(got);
}
END_TEST

static void write_numbers(struct json *j)
{
	json_arr_begin(j);
	json_int(j, 0);
	json_int(j, -1);
	json_int(j, INT64_MAX);
	json_int(j, INT64_MIN);
	json_double(j, 1.5);
	json_double(j, -0.0004);
	json_double(j, 2.0 / 3.0);
	json_double(j, NAN);
	json_double(j, INFINITY);
	json_null(j);
	json_arr_end(j);
}

START_TEST(numbers)
{
	char *got = document(write_numbers);
	ck_assert_str_eq(got,
		"[\n"
		"  0,\n"
		"  -1,\n"
		"  9223372036854775807,\n"
		"  -9223372036854775808,\n"
		"  1.500,\n"
		"  -0.000,\n"
		"  0.667,\n"
		"  null,\n"
		"  null,\n"
		"  null\n"
		"]\n");
	free(got);
}
END_TEST

static void write_top_string(struct json *j)
{
	json_str(j, "top");
}

START_TEST(a_bare_value_is_a_document)
{
	char *got = document(write_top_string);
	ck_assert_str_eq(got, "\"top\"\n");
	free(got);
}
END_TEST

Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("writer");
	tcase_add_test(tc, quotes_and_backslashes);
	tcase_add_test(tc, control_characters);
	tcase_add_test(tc, utf8_passes_through);
	tcase_add_test(tc, invalid_utf8_becomes_replacement_characters);
	tcase_add_test(tc, nesting_and_null);
	tcase_add_test(tc, numbers);
	tcase_add_test(tc, a_bare_value_is_a_document);
	suite_add_tcase(s, tc);
	return s;
}
