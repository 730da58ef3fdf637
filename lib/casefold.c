/* newswire: Unicode case folding of UTF-8 text. */
#include <err.h>
#include <stdint.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <utf8proc.h>

#include "nw-private.h"

/*
 * Folds of BMP code points, remembered as UTF-8: the bytes in the low 24
 * bits, their number (1 to 3) in the high 8; 0 not yet asked, FOLD_MANY
 * a fold longer than three bytes ("ß" to "ss"), asked every time.
 * Asking utf8proc costs far more than a lookup, and news text repeats
 * the same few hundred letters.
 */
static uint32_t	bmp_fold[0x10000];
#define FOLD_MANY	0xff000000u

/*
 * The fold of cp written to o (room for 32 bytes); returns its length.
 * A fold that comes as a letter and marks is composed where Unicode has
 * the one code point: "ǰ" (U+01F0), already lower case, folds to "j" and
 * a caron, which composes back to "ǰ", as nw-normalize -l and every
 * matcher's entries (words.c) fold it; "İ" stays "i" and a dot above.
 */
static size_t
fold_full(int32_t cp, char *o)
{
	utf8proc_int32_t folded[8];
	utf8proc_ssize_t k, j;
	size_t len = 0;
	int boundclass = 0;

	k = utf8proc_decompose_char(cp, folded, 8, UTF8PROC_CASEFOLD,
	    &boundclass);
	if (k < 1 || k > 8)
		return utf8_encode(cp, o);
	if (k > 1)
		k = utf8proc_normalize_utf32(folded, k, UTF8PROC_COMPOSE |
		    UTF8PROC_STABLE);
	for (j = 0; j < k; j++)
		len += utf8_encode(folded[j], o + len);
	return len;
}

/* The fold of the BMP code point cp, asked of utf8proc and remembered. */
static uint32_t
fold_learn(int32_t cp)
{
	unsigned char o[32];
	size_t len;

	len = fold_full(cp, (char *)o);
	if (len > 3)
		return bmp_fold[cp] = FOLD_MANY;
	return bmp_fold[cp] = (uint32_t)len << 24 | (uint32_t)o[0] |
	    (len > 1 ? (uint32_t)o[1] << 8 : 0) |
	    (len > 2 ? (uint32_t)o[2] << 16 : 0);
}

/*
 * Full case folding (CaseFolding.txt, status C and F) as utf8proc gives
 * it, code point by code point, without normalising: "É" folds to "é"
 * and "ß" to "ss".  ASCII, by far the most common case, is folded
 * sixteen bytes at a time where SSE2 is there; the two- and three-byte
 * sequences of the BMP are decoded here and folded through the table
 * above.  Bytes that do not start a well-formed sequence are copied as
 * they are, so the function never fails and never loses input.
 */
size_t
utf8_casefold(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len, start = out->len;
	unsigned char *o;
	unsigned int c;
	uint64_t w, upper;
	uint32_t f;
	int32_t cp;
#ifdef __SSE2__
	const __m128i bias = _mm_set1_epi8((char)(0x80 - 'A'));
	const __m128i nupper = _mm_set1_epi8((char)(0x80 + 26));
	const __m128i caseb = _mm_set1_epi8(0x20);
	__m128i v;
	unsigned int mask;
#endif

	/*
	 * A fold through the table grows a sequence by half at most (two
	 * bytes to three); longer folds reserve room for themselves.
	 */
	if (n > SIZE_MAX / 2 - 64)
		errx(NW_EXIT_FAIL, "buffer size overflow");
	if (out->cap - out->len <= n + n / 2 + 32)
		buf_reserve(out, n + n / 2 + 32);
	o = (unsigned char *)out->data + out->len;
	while (i < n) {
#ifdef __SSE2__
		while (n - i >= 16) {
			v = _mm_loadu_si128((const __m128i *)(const void *)
			    (p + i));
			mask = (unsigned int)_mm_movemask_epi8(v);
			v = _mm_add_epi8(v, _mm_and_si128(_mm_cmplt_epi8(
			    _mm_add_epi8(v, bias), nupper), caseb));
			_mm_storeu_si128((__m128i *)(void *)o, v);
			if (mask != 0) {
				len = (size_t)__builtin_ctz(mask);
				i += len;
				o += len;
				goto other;
			}
			i += 16;
			o += 16;
		}
		/*
		 * The last bytes as one block that ends with the text and
		 * overlaps what was written, when all of it is ASCII (written
		 * byte for byte, so the overlap is rewritten as it was).
		 */
		if (n >= 16 && i < n) {
			v = _mm_loadu_si128((const __m128i *)(const void *)
			    (p + n - 16));
			if (_mm_movemask_epi8(v) == 0) {
				v = _mm_add_epi8(v, _mm_and_si128(_mm_cmplt_epi8(
				    _mm_add_epi8(v, bias), nupper), caseb));
				_mm_storeu_si128((__m128i *)(void *)
				    (o - (16 - (n - i))), v);
				o += n - i;
				break;
			}
		}
#endif
		/* Eight bytes at a time as a word, while they are ASCII. */
		while (n - i >= 8) {
			memcpy(&w, p + i, 8);
			if (w & SWAR_HIGHS)
				break;
			/* 0x80 in each byte from 'A' to 'Z' */
			upper = swar_ascii_upper(w);
			w |= upper >> 2;
			memcpy(o, &w, 8);
			i += 8;
			o += 8;
		}
		while (i < n && p[i] < 0x80) {
			c = p[i++];
			*o++ = (unsigned char)(c - 'A' < 26 ? c + 0x20 : c);
		}
		if (i == n)
			break;
other:
		c = p[i];
		if (c >= 0xc2 && c < 0xe0 && n - i >= 2 &&
		    (p[i + 1] & 0xc0) == 0x80) {
			cp = (int32_t)((c & 0x1f) << 6 | (p[i + 1] & 0x3fu));
			len = 2;
		} else if (c >= 0xe0 && c < 0xf0 && n - i >= 3 &&
		    (p[i + 1] & 0xc0) == 0x80 && (p[i + 2] & 0xc0) == 0x80 &&
		    (cp = (int32_t)((c & 0x0f) << 12 | (p[i + 1] & 0x3fu) << 6 |
		    (p[i + 2] & 0x3fu))) >= 0x800 && (cp < 0xd800 || cp > 0xdfff))
			len = 3;
		else if ((len = utf8_decode(p + i, n - i, &cp)) == 0) {
			*o++ = (unsigned char)c;
			i++;
			continue;
		} else {
			/* Beyond the BMP: rare, asked every time. */
			out->len = (size_t)((char *)o - out->data);
			buf_reserve(out, 32 + n - i + (n - i) / 2 + 32);
			o = (unsigned char *)out->data + out->len;
			o += fold_full(cp, (char *)o);
			i += len;
			continue;
		}
		if ((f = bmp_fold[cp]) == 0)
			f = fold_learn(cp);
		i += len;
		if (f == FOLD_MANY) {
			out->len = (size_t)((char *)o - out->data);
			buf_reserve(out, 32 + n - i + (n - i) / 2 + 32);
			o = (unsigned char *)out->data + out->len;
			o += fold_full(cp, (char *)o);
			continue;
		}
		o[0] = (unsigned char)f;
		o[1] = (unsigned char)(f >> 8);
		o[2] = (unsigned char)(f >> 16);
		o += f >> 24;
		/* Letters of other scripts come in words. */
		if (i < n && p[i] >= 0x80)
			goto other;
	}
	out->len = (size_t)((char *)o - out->data);
	return out->len - start;
}

/*
 * Full case folding with the Turkic mappings of CaseFolding.txt (status
 * T) in place of the others for I and İ: I (U+0049) folds to dotless ı
 * (U+0131) and İ (U+0130) to i, as Turkish and Azeri spell them, and so
 * does I followed by U+0307 COMBINING DOT ABOVE, İ decomposed.  Neither
 * byte of 'I' or of İ (C4 B0) occurs inside another character, so the
 * text between them goes to utf8_casefold() as it is.
 */
size_t
utf8_casefold_turkic(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, j, start = out->len;

	for (j = 0; j < n; j++) {
		if (p[j] == 'I') {
			utf8_casefold(out, s + i, j - i);
			if (n - j >= 3 && p[j + 1] == 0xcc && p[j + 2] == 0x87) {
				buf_addc(out, 'i');
				j += 2;
			} else
				buf_add(out, "\xc4\xb1", 2);
			i = j + 1;
		} else if (p[j] == 0xc4 && n - j >= 2 && p[j + 1] == 0xb0) {
			utf8_casefold(out, s + i, j - i);
			buf_addc(out, 'i');
			i = ++j + 1;
		}
	}
	utf8_casefold(out, s + i, n - i);
	return out->len - start;
}

/*
 * The fold of the BMP code point cp as UTF-8: its bytes in the low 24
 * bits, their number in the high 8 (0xff: more than three).
 */
uint32_t
utf8_casefold_bmp(int32_t cp)
{
	uint32_t f;

	if ((f = bmp_fold[cp]) == 0)
		f = fold_learn(cp);
	return f;
}

/*
 * 1 if the fold of cp is not cp itself (an upper-case letter, "ß", a
 * code point beyond the BMP, which is not looked at), 0 if it is: what
 * lets the tokenizer copy a word whose letters fold to themselves by
 * lowering its ASCII letters alone.
 */
int
utf8_casefold_changes(int32_t cp)
{
	char o[4];
	uint32_t f, same;
	size_t len;

	if (cp < 0 || cp >= 0x10000)
		return 1;
	if ((f = bmp_fold[cp]) == 0)
		f = fold_learn(cp);
	if (f == FOLD_MANY)
		return 1;
	len = utf8_encode(cp, o);
	same = (uint32_t)len << 24 | (uint32_t)(unsigned char)o[0] |
	    (len > 1 ? (uint32_t)(unsigned char)o[1] << 8 : 0) |
	    (len > 2 ? (uint32_t)(unsigned char)o[2] << 16 : 0);
	return f != same;
}
