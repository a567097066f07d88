/*
 * json.h - a small streaming JSON writer: every emitter and every --format
 * json output goes through it, so escaping is written once.
 */
#ifndef KDEP_JSON_H
#define KDEP_JSON_H

#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json {
	FILE *f;                       /* destination */
	int depth;                     /* open containers */
	int count[JSON_MAX_DEPTH];     /* values written in each container */
	int after_key;                 /* a key was just written */
};

void json_init(struct json *j, FILE *f);
void json_obj_begin(struct json *j);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j);
void json_arr_end(struct json *j);
void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *s); /* NULL writes null */
void json_int(struct json *j, int64_t v);
void json_double(struct json *j, double v);
void json_bool(struct json *j, int v);
void json_null(struct json *j);
/* Ends the document with a newline. */
void json_end(struct json *j);

/*
 * Writes s (not NULL) as a JSON string literal, quotes included: " and \
 * escaped, \n \t \r as such, every other byte below 0x20 and DEL as
 * \u00XX, well-formed UTF-8 as it is, and each byte that is not part of a
 * well-formed UTF-8 sequence as \ufffd, so the output is always valid
 * UTF-8 whatever a tree holds.
 */
void json_write_string(FILE *f, const char *s);

#endif
