/* newswire: UTF-8 decoding, validation and repair. */
#include <locale.h>
#include <pthread.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "nw-private.h"

static pthread_once_t	 utf8_once = PTHREAD_ONCE_INIT;
static locale_t		 utf8_locale;

static void
utf8_locale_make(void)
{
	utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

locale_t
utf8_locale_enter(void)
{
	(void)pthread_once(&utf8_once, utf8_locale_make);
	return utf8_locale != (locale_t)0 ? uselocale(utf8_locale) :
	    (locale_t)0;
}

void
utf8_locale_leave(locale_t old)
{
	if (old != (locale_t)0)
		(void)uselocale(old);
}

/*
 * Decode the sequence at s.  Returns its length (1-4) and stores the code
 * point, or returns 0 if s does not start a well-formed sequence
 * (overlong forms, surrogates and values above U+10FFFF included).
 */
size_t
utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t len, i;
	int32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xc2 || c > 0xf4)
		return 0;
	if (c < 0xe0) {
		len = 2;
		v = c & 0x1f;
	} else if (c < 0xf0) {
		len = 3;
		v = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else {
		len = 4;
		v = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xbf;
		v = (v << 6) | (s[i] & 0x3f);
	}
	*cp = v;
	return len;
}

/*
 * Length of the maximal invalid subpart at s, which does not start a
 * well-formed sequence: a possible lead byte together with the
 * continuation bytes that could still have completed it.
 */
size_t
utf8_invalid_span(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (c < 0xc2 || c > 0xf4)
		return 1;
	len = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	for (i = 1; i < len && i < n; i++) {
		if (s[i] < lo || s[i] > hi)
			break;
		lo = 0x80;
		hi = 0xbf;
	}
	return i;
}

size_t
utf8_encode(int32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* 1 if s holds only ASCII bytes; eight at a time. */
int
ascii_only(const char *s, size_t n)
{
	uint64_t w, acc = 0;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		acc |= w;
	}
	if (acc & SWAR_HIGHS)
		return 0;
	while (n-- > 0)
		if (*s++ & 0x80)
			return 0;
	return 1;
}

#ifdef __SSE2__
/*
 * How many bytes from p[0..16) are well-formed UTF-8 by masks alone,
 * ending on a character boundary; 0 when the block needs the byte loop:
 * something invalid, or a lead byte (E0 ED F0 F4) whose second byte has
 * a narrower range than any continuation.  Each byte is classed by
 * signed comparisons into sixteen-bit masks; the continuation bytes
 * must be exactly the ones the lead bytes announce.  A sequence cut by
 * the end of the block is left for the next one, which starts at its
 * lead.
 */
static inline size_t
utf8_block_valid(const unsigned char *p, unsigned int high)
{
	const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	unsigned int cont, c2, e0, f0, f5, lead2, lead3, lead4, special;
	uint32_t expect, leads;

#define UTF8_MASK(x)	((unsigned int)_mm_movemask_epi8(x))
#define UTF8_ABOVE(b)	UTF8_MASK(_mm_cmpgt_epi8(v, _mm_set1_epi8((char)(b))))
#define UTF8_IS(b)	UTF8_MASK(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)(b))))
	/* Signed, 0x80..0xbf are -128..-65. */
	cont = UTF8_MASK(_mm_cmplt_epi8(v, _mm_set1_epi8((char)0xc0)));
	c2 = UTF8_ABOVE(0xc1) & high;
	e0 = UTF8_ABOVE(0xdf) & high;
	f0 = UTF8_ABOVE(0xef) & high;
	f5 = UTF8_ABOVE(0xf4) & high;
	special = UTF8_IS(0xe0) | UTF8_IS(0xed) | UTF8_IS(0xf0) |
	    UTF8_IS(0xf4);
#undef UTF8_IS
#undef UTF8_ABOVE
#undef UTF8_MASK
	if (special != 0 || f5 != 0 || (high & ~cont & ~c2) != 0)
		return 0;
	lead2 = c2 & ~e0;
	lead3 = e0 & ~f0;
	lead4 = f0;
	leads = lead2 | lead3 | lead4;
	expect = leads << 1 | (lead3 | lead4) << 2 | lead4 << 3;
	if ((expect & 0xffff) != cont)
		return 0;
	if (expect >> 16 == 0)
		return 16;
	/* Up to the lead of the sequence the block cuts. */
	return (size_t)(31 - __builtin_clz(leads));
}
#endif

/*
 * Length of the longest well-formed prefix of s.  ASCII is skipped sixteen
 * bytes at a time; so are blocks whose multi-byte sequences check by masks
 * (most text in Latin and other alphabets).  The rest, and anything that
 * may be invalid, goes through the byte loop, which finds the exact
 * place; a run of multi-byte sequences is checked there in one inner
 * loop, without returning to the ASCII test between characters.
 */
size_t
utf8_valid_prefix(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	unsigned int c;

	while (i < n) {
#ifdef __SSE2__
		if (n - i >= 16) {
			size_t k;
			unsigned int m = (unsigned int)_mm_movemask_epi8(
			    _mm_loadu_si128((const __m128i *)(const void *)
			    (p + i)));
			if (m == 0) {
				i += 16;
				continue;
			}
			if ((k = utf8_block_valid(p + i, m)) != 0) {
				i += k;
				continue;
			}
			i += (size_t)__builtin_ctz(m);
		} else
#endif
		if (n - i >= 8) {
			uint64_t w;

			memcpy(&w, p + i, 8);
			if ((w & SWAR_HIGHS) == 0) {
				i += 8;
				continue;
			}
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		while (i < n && (c = p[i]) >= 0x80) {
			if (c >= 0xc2 && c <= 0xdf) {
				if (n - i < 2 || (p[i + 1] & 0xc0) != 0x80)
					return i;
				i += 2;
			} else if (c >= 0xe0 && c <= 0xef) {
				if (n - i < 3 || (p[i + 1] & 0xc0) != 0x80 ||
				    (p[i + 2] & 0xc0) != 0x80 ||
				    (c == 0xe0 && p[i + 1] < 0xa0) ||
				    (c == 0xed && p[i + 1] > 0x9f))
					return i;
				i += 3;
			} else if (c >= 0xf0 && c <= 0xf4) {
				if (n - i < 4 || (p[i + 1] & 0xc0) != 0x80 ||
				    (p[i + 2] & 0xc0) != 0x80 ||
				    (p[i + 3] & 0xc0) != 0x80 ||
				    (c == 0xf0 && p[i + 1] < 0x90) ||
				    (c == 0xf4 && p[i + 1] > 0x8f))
					return i;
				i += 4;
			} else
				return i;
		}
	}
	return i;
}

/* Lead bytes of multi-byte sequences (11xxxxxx) in s[0..n). */
static size_t
utf8_leads(const char *s, size_t n)
{
	uint64_t w;
	size_t i = 0, leads = 0;

	for (; n - i >= 8; i += 8) {
		memcpy(&w, s + i, 8);
		/* Their flags summed in the top byte (no popcount call). */
		leads += (size_t)((((w & (w << 1) & SWAR_HIGHS) >> 7) *
		    SWAR_ONES) >> 56);
	}
	for (; i < n; i++)
		leads += ((unsigned char)s[i] & 0xc0) == 0xc0;
	return leads;
}

/*
 * The maximal invalid subparts of s[0..n), which utf8_repair() would
 * replace, with the valid sequences of more than one byte in
 * *multibyte, and of three or four in *longer.  *cut is 1 when the last
 * invalid subpart is a sequence that the end of s cuts short (it is
 * among those returned).
 */
size_t
utf8_tally(const char *s, size_t n, size_t *multibyte, size_t *longer,
    int *cut)
{
	size_t good, bad, i, invalid = 0;

	*multibyte = *longer = 0;
	*cut = 0;
	while (n > 0) {
		good = utf8_valid_prefix(s, n);
		*multibyte += utf8_leads(s, good);
		for (i = 0; i < good; i++)
			*longer += (unsigned char)s[i] >= 0xe0;
		s += good;
		n -= good;
		if (n == 0)
			break;
		bad = utf8_invalid_span((const unsigned char *)s, n);
		*cut = bad == n && (unsigned char)*s >= 0xc2 &&
		    (unsigned char)*s <= 0xf4;
		s += bad;
		n -= bad;
		invalid++;
	}
	return invalid;
}

/*
 * Append s to out with every maximal invalid subpart replaced by U+FFFD.
 * Returns the number of replacements.
 */
size_t
utf8_repair(struct buf *out, const char *s, size_t n)
{
	size_t good, bad, count = 0;

	while (n > 0) {
		good = utf8_valid_prefix(s, n);
		buf_add(out, s, good);
		s += good;
		n -= good;
		if (n == 0)
			break;
		bad = utf8_invalid_span((const unsigned char *)s, n);
		buf_add(out, UTF8_REPLACEMENT, 3);
		s += bad;
		n -= bad;
		count++;
	}
	return count;
}

/* Append s to b as valid UTF-8, repaired if need be; return where it starts. */
size_t
utf8_add_valid(struct buf *b, const char *s, size_t n)
{
	size_t from = b->len;

	utf8_repair(b, s, n);
	return from;
}

/*
 * Append s to b as part of an id: valid UTF-8, control characters shown
 * as '?', as nw-split shows file names, so that no name can break the
 * record it is the id of: TAB and LF among them, the C1 controls, which
 * a later stage would mend as Windows-1252 (U+0085 to an ellipsis, so
 * that the id changed between stages), and the line and paragraph
 * separators U+2028 and U+2029, lines apart for many readers.
 */
void
utf8_id_add(struct buf *b, const char *s, size_t n)
{
	unsigned char *d;
	size_t i, o;

	i = o = utf8_add_valid(b, s, n);
	d = (unsigned char *)b->data;
	while (i < b->len) {
		if (d[i] < 0x20 || d[i] == 0x7f) {
			d[o++] = '?';
			i++;
		} else if (d[i] == 0xc2 && d[i + 1] >= 0x80 &&
		    d[i + 1] <= 0x9f) {
			d[o++] = '?';
			i += 2;
		} else if (d[i] == 0xe2 && d[i + 1] == 0x80 &&
		    (d[i + 2] == 0xa8 || d[i + 2] == 0xa9)) {
			d[o++] = '?';
			i += 3;
		} else
			d[o++] = d[i++];
	}
	b->len = o;
}

/*
 * C1 control characters (U+0080 to U+009F) are never meant in news text:
 * they are what Windows-1252 punctuation becomes when its bytes are
 * decoded as Latin-1, the commonest mis-decoding on the web (which is why
 * browsers read "latin1" as Windows-1252).  Each is read as the character
 * Windows-1252 has at that byte, ’ for U+0092.  utf8_c1_char() gives
 * that character for the second byte c (0x80 to 0x9f) of a C1 control,
 * and 0 for the five that Windows-1252 leaves unassigned.
 */
int32_t
utf8_c1_char(unsigned int c)
{
	static const uint16_t cp1252[32] = {
		0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
		0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
		0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
		0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
	};

	return cp1252[(c - 0x80) & 0x1f];
}

/*
 * Appends s[0..n) with its C1 controls mended (utf8_c1_char) to out and
 * returns the number of C1 characters met.  The five unassigned ones
 * become the character unassigned, or nothing when it is 0.
 */
size_t
utf8_c1_mend(struct buf *out, const char *s, size_t n, int32_t unassigned)
{
	int32_t cp;
	const char *p, *end = s + n;
	char enc[4];
	size_t count = 0;
	unsigned char c;

	while ((p = memchr(s, 0xc2, (size_t)(end - s))) != NULL) {
		if (p + 1 == end)
			break;
		c = (unsigned char)p[1];
		if (c < 0x80 || c > 0x9f) {
			buf_add(out, s, (size_t)(p + 1 - s));
			s = p + 1;
			continue;
		}
		buf_add(out, s, (size_t)(p - s));
		if ((cp = utf8_c1_char(c)) == 0)
			cp = unassigned;
		if (cp != 0)
			buf_add(out, enc, utf8_encode(cp, enc));
		s = p + 2;
		count++;
	}
	buf_add(out, s, (size_t)(end - s));
	return count;
}

/* 1 if s[0..n) holds a C1 control character (UTF-8 C2 80 to C2 9F). */
int
utf8_has_c1(const char *s, size_t n)
{
	const char *p, *end = s + n;

	for (; (p = memchr(s, 0xc2, (size_t)(end - s))) != NULL; s = p + 1)
		if (p + 1 < end && (unsigned char)p[1] >= 0x80 &&
		    (unsigned char)p[1] <= 0x9f)
			return 1;
	return 0;
}

/*
 * Whether the text t[0..len) ends, and s[0..n) starts, with a character
 * of Chinese or Japanese written without spaces (cjk_unspaced()): a
 * line end between the two is no space.
 */
int
cjk_meet(const unsigned char *t, size_t len, const unsigned char *s,
    size_t n)
{
	size_t i = len;
	int32_t cp;

	while (i > 0 && len - i < 3 && (t[i - 1] & 0xc0) == 0x80)
		i--;
	if (i == 0 || utf8_decode(t + i - 1, len - i + 1, &cp) !=
	    len - i + 1 || !cjk_unspaced(cp))
		return 0;
	return n > 0 && utf8_decode(s, n, &cp) > 0 && cjk_unspaced(cp);
}
