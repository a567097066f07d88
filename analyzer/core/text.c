/* text.c - checks of text taken as input (see text.h). */
#include "text.h"
#include "error.h"

#include <stdint.h>
#include <string.h>

/*
 * The second byte's range depends on the first: E0 and F0 must not be
 * overlong, ED must not start a surrogate, F4 must stay within U+10FFFF.
 */
size_t text_utf8_seq(const char *p, size_t left)
{
	const unsigned char *s = (const unsigned char *)p;
	unsigned char c = s[0];
	size_t n;
	unsigned char lo = 0x80, hi = 0xbf; /* the second byte's range */
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (left < n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

int text_utf8(const char *s, size_t len, size_t *at)
{
	for (size_t i = 0; i < len;) {
		size_t n = text_utf8_seq(s + i, len - i);
		if (!n) {
			*at = i;
			return -1;
		}
		i += n;
	}
	return 0;
}

int text_check_config(const char *path, const char *data, size_t len)
{
	size_t at;
	if (memchr(data, '\0', len)) {
		kdep_error_set("cannot read %s: not a .config (it holds a NUL "
			       "byte)", path);
		return -1;
	}
	if (!text_utf8(data, len, &at))
		return 0;
	uint32_t line = 1;
	for (size_t i = 0; i < at; i++)
		line += data[i] == '\n';
	kdep_error_set_at(path, line, "not UTF-8 text (byte 0x%02x)",
			  (unsigned char)data[at]);
	return -1;
}
