/* newswire: Unicode case folding of UTF-8 text. */
#include <utf8proc.h>

#include "nw.h"

/*
 * Folds of BMP code points that are one code point, remembered: 0 not
 * yet asked, 1 a fold of several code points ("ß" to "ss"), else the
 * folded code point.  Asking utf8proc costs far more than a lookup, and
 * news text repeats the same few hundred letters.
 */
static uint16_t	bmp_fold[0x10000];

static void
fold_full(struct buf *out, int32_t cp, const unsigned char *p, size_t len)
{
	utf8proc_int32_t folded[8];
	utf8proc_ssize_t k, j;
	int boundclass = 0;

	k = utf8proc_decompose_char(cp, folded, 8, UTF8PROC_CASEFOLD,
	    &boundclass);
	if (k < 1 || k > 8) {
		buf_add(out, p, len);
		return;
	}
	buf_reserve(out, (size_t)k * 4);
	for (j = 0; j < k; j++)
		out->len += utf8_encode(folded[j], out->data + out->len);
	if (cp < 0x10000 && bmp_fold[cp] == 0)
		bmp_fold[cp] = k == 1 && folded[0] > 1 && folded[0] < 0x10000 ?
		    (uint16_t)folded[0] : 1;
}

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
	size_t i = 0, len, start = out->len;
	int32_t cp;
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
		if (cp < 0x10000 && bmp_fold[cp] > 1) {
			buf_reserve(out, 3);
			out->len += utf8_encode(bmp_fold[cp],
			    out->data + out->len);
		} else
			fold_full(out, cp, p + i, len);
		i += len;
	}
	return out->len - start;
}
