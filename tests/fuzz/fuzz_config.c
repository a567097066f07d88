/*
 * fuzz_config.c - a user's .config as hostile input: text_check_config on
 * any bytes either takes them, and then they are UTF-8 without a NUL as a
 * decoder written another way (code point by code point) has it, or
 * refuses them with the error set; a text refused for its UTF-8 is valid
 * up to the byte named, and that byte is not.
 */
#include "text.h"
#include "error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Whether s[0..n) is UTF-8, decoding each code point and checking it. */
static int decodes(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i], len, cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			len = 2;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (n - i < len)
			return 0;
		for (unsigned k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		static const unsigned least[] = { 0, 0, 0x80, 0x800, 0x10000 };
		if (cp < least[len] || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	size_t at = 0;
	kdep_error_clear();
	int bad = text_check_config("in.config", text, size);
	int nul = memchr(data, '\0', size) != NULL;
	int utf8 = decodes(data, size);
	if (bad != (nul || !utf8 ? -1 : 0))
		abort(); /* taken or refused against the other decoder */
	if (bad && !strcmp(kdep_error_last(), "unknown error"))
		abort(); /* refused without saying why */
	if (text_utf8(text, size, &at) != (utf8 ? 0 : -1))
		abort();
	if (!utf8 && (at >= size || !decodes(data, at) ||
		      decodes(data + at, size - at)))
		abort(); /* the byte named is not the first bad one */
	return 0;
}
