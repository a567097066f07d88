/*
 * text.h - text kdep takes from a user as input (a .config): no NUL byte,
 * and UTF-8 as Python's strict decoder has it, so that what kconfiglib is
 * handed never fails to decode and a refusal names its line.
 */
#ifndef KDEP_TEXT_H
#define KDEP_TEXT_H

#include <stddef.h>

/*
 * The length of the well-formed UTF-8 sequence at p, of which left bytes
 * are there to read (at least 1), or 0 when there is none: RFC 3629, as
 * Python's strict decoder has it.
 */
size_t text_utf8_seq(const char *p, size_t left);

/*
 * Whether s[0..len) is UTF-8: every sequence the shortest for its code
 * point, no surrogate (U+D800 to U+DFFF), nothing past U+10FFFF. Returns 0,
 * or -1 with *at the offset of the first byte that is not.
 */
int text_utf8(const char *s, size_t len, size_t *at);

/*
 * Checks a .config read from path (len bytes of data): 0, or -1 with the
 * error set: "cannot read PATH: not a .config (it holds a NUL byte)" or,
 * at the line of the first bad byte, "PATH:LINE: error: not UTF-8 text
 * (byte 0xNN)".
 */
int text_check_config(const char *path, const char *data, size_t len);

#endif
