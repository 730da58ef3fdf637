/* newswire: Unicode case folding of UTF-8 text. */
#include <utf8proc.h>

#include "nw.h"

/*
 * Full case folding (CaseFolding.txt, status C and F) as utf8proc gives
 * it, code point by code point, without normalising: "É" folds to "é"
 * and "ß" to "ss".  ASCII, by far the most common case, goes through a
 * table.  Bytes that do not start a well-formed sequence are copied as
 * they are, so the function never fails and never loses input.
 */
size_t
utf8_casefold(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	utf8proc_int32_t folded[8];
	utf8proc_ssize_t k, j;
	size_t i = 0, len, start = out->len;
	int32_t cp;
	int boundclass = 0;
	char *o;

	while (i < n) {
		if (p[i] < 0x80) {
			/* ASCII never grows: room for the rest is enough. */
			buf_reserve(out, n - i);
			o = out->data + out->len;
			while (i < n && p[i] < 0x80) {
				*o++ = (char)(p[i] >= 'A' && p[i] <= 'Z' ?
				    p[i] + ('a' - 'A') : p[i]);
				i++;
			}
			out->len = (size_t)(o - out->data);
			continue;
		}
		if ((len = utf8_decode(p + i, n - i, &cp)) == 0) {
			buf_addc(out, p[i++]);
			continue;
		}
		k = utf8proc_decompose_char(cp, folded, 8, UTF8PROC_CASEFOLD,
		    &boundclass);
		if (k < 1 || k > 8) {
			buf_add(out, p + i, len);
		} else {
			buf_reserve(out, (size_t)k * 4);
			for (j = 0; j < k; j++)
				out->len += utf8_encode(folded[j],
				    out->data + out->len);
		}
		i += len;
	}
	return out->len - start;
}
