/*
 * newswire: the marks that end and wrap sentences, for sentence.c: the
 * stops of every script, found sixteen bytes at a time, and the closing
 * and opening quotes and brackets and the list bullets, as UTF-8.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "nw-private.h"

/* '.', '!', '?', '(', ')' and the lead bytes of multi-byte stops. */
static const unsigned char stop_byte[256] = {
	['.'] = 1, ['!'] = 1, ['?'] = 1, ['('] = 1, [')'] = 1, [';'] = 1,
	[0xd6] = 1, [0xd8] = 1, [0xdb] = 1, [0xe0] = 1, [0xe1] = 1,
	[0xe2] = 1, [0xe3] = 1, [0xef] = 1,
};

#ifdef __SSE2__
#define EQ(x, c)	_mm_cmpeq_epi8((x), _mm_set1_epi8((char)(c)))
/*
 * The stops of other scripts in the 16 bytes at p, told by all their
 * bytes, since their lead bytes (0xd6 to 0xe1) start the letters of
 * those scripts too: ։ ؟ ۔ (two bytes), । ॥ ። ፧ ။ ។ ៕ (three).  p
 * must have 18 bytes.
 */
static inline unsigned int
script_stops(const unsigned char *p, __m128i v)
{
	__m128i b1 = _mm_loadu_si128((const __m128i *)(const void *)(p + 1));
	__m128i b2 = _mm_loadu_si128((const __m128i *)(const void *)(p + 2));
	__m128i two, three;

	two = _mm_or_si128(_mm_or_si128(
	    _mm_and_si128(EQ(v, 0xd6), EQ(b1, 0x89)),
	    _mm_and_si128(EQ(v, 0xd8), EQ(b1, 0x9f))),
	    _mm_and_si128(EQ(v, 0xdb), EQ(b1, 0x94)));
	three = _mm_or_si128(
	    _mm_and_si128(_mm_and_si128(EQ(v, 0xe0), EQ(b1, 0xa5)),
	    _mm_or_si128(EQ(b2, 0xa4), EQ(b2, 0xa5))),
	    _mm_and_si128(EQ(v, 0xe1), _mm_or_si128(_mm_or_si128(
	    _mm_and_si128(EQ(b1, 0x8d), _mm_or_si128(EQ(b2, 0xa2),
	    EQ(b2, 0xa7))),
	    _mm_and_si128(EQ(b1, 0x81), EQ(b2, 0x8b))),
	    _mm_and_si128(EQ(b1, 0x9f), _mm_or_si128(EQ(b2, 0x94),
	    EQ(b2, 0x95))))));
	return (unsigned int)_mm_movemask_epi8(_mm_or_si128(two, three));
}
#endif

/*
 * The next byte from i on in stop_byte[], sixteen (or eight) at a time;
 * letters of other alphabets stay on the fast path: only the lead bytes
 * of the ellipsis, CJK stops and quotes stop it ('(' | 1 == ')',
 * 0xe2 | 1 == 0xe3), and the other scripts' stops, found whole
 * (script_stops()) in the blocks holding bytes from 0xd6 to 0xe1.
 */
size_t
sentence_next_stop(const unsigned char *s, size_t n, size_t i)
{
	uint64_t w, m;

#ifdef __SSE2__
	__m128i v, v1, st, lead;
	unsigned int stops, any;

	for (; n - i >= 18; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		v1 = _mm_or_si128(v, _mm_set1_epi8(1));
		/* ';' | 4 == '?' | 4 == '?': one compare finds both. */
		st = _mm_or_si128(
		    _mm_or_si128(_mm_or_si128(EQ(v, '.'), EQ(v, '!')),
		    _mm_or_si128(EQ(_mm_or_si128(v, _mm_set1_epi8(4)), '?'),
		    EQ(v1, ')'))),
		    _mm_or_si128(EQ(v1, 0xe3), EQ(v, 0xef)));
		/* 0xd6 to 0xe1, as signed bytes after a bias. */
		lead = _mm_cmplt_epi8(_mm_add_epi8(v,
		    _mm_set1_epi8((char)(0x80 - 0xd6))),
		    _mm_set1_epi8((char)(0x80 + 12)));
		any = (unsigned int)_mm_movemask_epi8(_mm_or_si128(st, lead));
		if (any == 0)
			continue;
		stops = (unsigned int)_mm_movemask_epi8(st);
		if (any != stops)
			stops |= script_stops(s + i, v);
		if (stops != 0)
			return i + (size_t)__builtin_ctz(stops);
	}
#endif
	for (; n - i >= 8; i += 8) {
		w = swar_load(s + i);
		m = swar_bytes_equal(w, '.') | swar_bytes_equal(w, '!') |
		    swar_bytes_equal(w | SWAR_ONES * 4, '?') |
		    swar_bytes_equal(w | SWAR_ONES, ')') |
		    swar_bytes_equal(w | SWAR_ONES, 0xe3) |
		    swar_bytes_equal(w, 0xef) | swar_bytes_equal(w, 0xd6) |
		    swar_bytes_equal(w, 0xd8) | swar_bytes_equal(w, 0xdb) |
		    swar_bytes_equal(w | SWAR_ONES, 0xe1);
		if (m != 0)
			return i + swar_first(m);
	}
	while (i < n && stop_byte[s[i]] == 0)
		i++;
	return i;
}

static int
has_bytes(const unsigned char *s, size_t n, size_t i, const char *b, size_t k)
{
	return i + k <= n && memcmp(s + i, b, k) == 0;
}

/* Length of the sentence terminator at i (its kind in *kind), or 0. */
size_t
sentence_stop_len(const unsigned char *s, size_t n, size_t i, int *kind)
{
	size_t j;

	switch (s[i]) {
	case '.':
		*kind = SENTENCE_STOP_DOT;
		return 1;
	case 0xd6:
	case 0xd8:
	case 0xdb:
		if (has_bytes(s, n, i, "\xd6\x89", 2) ||		/* ։ */
		    has_bytes(s, n, i, "\xd8\x9f", 2) ||		/* ؟ */
		    has_bytes(s, n, i, "\xdb\x94", 2)) {		/* ۔ */
			*kind = SENTENCE_STOP_FULL;
			return 2;
		}
		return 0;
	case 0xe0:
	case 0xe1:
		if (has_bytes(s, n, i, "\xe0\xa5\xa4", 3) ||	/* । */
		    has_bytes(s, n, i, "\xe0\xa5\xa5", 3) ||	/* ॥ */
		    has_bytes(s, n, i, "\xe1\x8d\xa2", 3) ||	/* ። */
		    has_bytes(s, n, i, "\xe1\x8d\xa7", 3) ||	/* ፧ */
		    has_bytes(s, n, i, "\xe1\x81\x8b", 3) ||	/* ။ */
		    has_bytes(s, n, i, "\xe1\x9f\x94", 3) ||	/* ។ */
		    has_bytes(s, n, i, "\xe1\x9f\x95", 3)) {	/* ៕ */
			*kind = SENTENCE_STOP_FULL;
			return 3;
		}
		return 0;
	case '!':
	case '?':
		*kind = SENTENCE_STOP_BANG;
		return 1;
	case ';':
		/*
		 * The Greek question mark, U+037E, is ';' once normalised
		 * (NFC), and typed so: one after a Greek letter is one, its
		 * combining accents (NFD, U+0300 to U+036F) looked through.
		 */
		for (j = i; j >= 2 && (s[j - 2] == 0xcc ||
		    (s[j - 2] == 0xcd && s[j - 1] < 0xb0)); j -= 2)
			;
		if (j >= 2 && ((s[j - 2] >= 0xcd && s[j - 2] <= 0xcf &&
		    (s[j - 2] != 0xcd || s[j - 1] >= 0xb0)) ||
		    (j >= 3 && s[j - 3] == 0xe1 && s[j - 2] >= 0xbc))) {
			*kind = SENTENCE_STOP_BANG;
			return 1;
		}
		return 0;
	case 0xe2:
		if (i + 2 >= n)
			return 0;
		if (s[i + 1] == 0x80 && s[i + 2] == 0xa6) {	/* … */
			*kind = SENTENCE_STOP_ELLIPSIS;
			return 3;
		}
		if ((s[i + 1] == 0x80 && s[i + 2] == 0xbc) ||	/* ‼ */
		    (s[i + 1] == 0x81 && s[i + 2] >= 0x87 &&
		    s[i + 2] <= 0x89)) {			/* ⁇ ⁈ ⁉ */
			*kind = SENTENCE_STOP_BANG;
			return 3;
		}
		return 0;
	case 0xe3:
		if (has_bytes(s, n, i, "\xe3\x80\x82", 3)) {	/* 。 */
			*kind = SENTENCE_STOP_FULL;
			return 3;
		}
		return 0;
	case 0xef:
		if (has_bytes(s, n, i, "\xef\xbc\x81", 3) ||	/* ！ */
		    has_bytes(s, n, i, "\xef\xbc\x9f", 3) ||	/* ？ */
		    has_bytes(s, n, i, "\xef\xbd\xa1", 3)) {	/* ｡ */
			*kind = SENTENCE_STOP_FULL;
			return 3;
		}
		return 0;
	}
	return 0;
}

/*
 * Closing and opening quotes and brackets, and list bullets, as UTF-8
 * sequences.  They are looked for at stops and at word starts, which is
 * often: a set keeps a bitmap of the bytes its sequences begin with, so
 * the usual answer (a letter: none of them) costs one bit test.  The
 * bitmap and the lengths are made from the sequences on first use.
 */
struct seqset {
	const char	*seq[16];	/* NULL after the last */
	unsigned char	 len[16];	/* their lengths */
	uint64_t	 lead[4];	/* first bytes of seq */
	int		 ready;
};

static struct seqset closing = { .seq = {
	")", "]", "}", "\"", "'",
	"\xc2\xbb",					/* » */
	"\xe2\x80\x99", "\xe2\x80\x9d", "\xe2\x80\xba",	/* ’ ” › */
	"\xe3\x80\x8d", "\xe3\x80\x8f",			/* 」 』 */
	"\xef\xbc\x89",					/* ） */
	NULL
} };
static struct seqset opening = { .seq = {
	"(", "[", "{", "\"", "'",
	"\xc2\xab", "\xc2\xbf", "\xc2\xa1",			/* « ¿ ¡ */
	"\xe2\x80\x98", "\xe2\x80\x9c", "\xe2\x80\x9e",	/* ‘ “ „ */
	"\xe2\x80\xb9",					/* ‹ */
	"\xe3\x80\x8c", "\xe3\x80\x8e",			/* 「 『 */
	"\xef\xbc\x88",					/* （ */
	NULL
} };
static struct seqset bullets = { .seq = {
	"-", "*",
	"\xc2\xb7",					/* · */
	"\xe2\x80\xa2", "\xe2\x80\xa3", "\xe2\x81\x83",	/* • ‣ ⁃ */
	"\xe2\x97\xa6", "\xe2\x96\xaa", "\xe2\x97\x8f",	/* ◦ ▪ ● */
	"\xe2\x96\xa0",					/* ■ */
	NULL
} };

/* Length of the sequence of set at i, or 0. */
static size_t
one_of(const unsigned char *s, size_t n, size_t i, struct seqset *set)
{
	const char *q;
	unsigned char c;
	size_t j, k;

	if (i >= n)
		return 0;
	if (!set->ready) {
		for (j = 0; (q = set->seq[j]) != NULL; j++) {
			c = (unsigned char)q[0];
			set->lead[c >> 6] |= (uint64_t)1 << (c & 63);
			set->len[j] = (unsigned char)strlen(q);
		}
		set->ready = 1;
	}
	c = s[i];
	if ((set->lead[c >> 6] >> (c & 63) & 1) == 0)
		return 0;
	for (j = 0; (q = set->seq[j]) != NULL; j++)
		if ((unsigned char)q[0] == c && (k = set->len[j]) <= n - i &&
		    (k == 1 || memcmp(s + i + 1, q + 1, k - 1) == 0))
			return k;
	return 0;
}

/* Length of a closing quote or bracket at i, or 0. */
size_t
sentence_closer_len(const unsigned char *s, size_t n, size_t i)
{
	return one_of(s, n, i, &closing);
}

/* Length of an opening quote or bracket at i, or 0. */
size_t
sentence_opener_len(const unsigned char *s, size_t n, size_t i)
{
	return one_of(s, n, i, &opening);
}

/*
 * Quotes that open in one language and close in another: German closes
 * "„Ja.“" and "‚ja.‘", and "»Nein.«" closes with «, where French opens
 * with it ("« Oui »").  After a stop, one that a break follows closes
 * the sentence: “ and ‘ always, « and ‹ when the sentence holds a » or
 * › before them (guillemets, German way round).
 */
static struct seqset turned = { .seq = {
	"\xe2\x80\x9c", "\xe2\x80\x98",		/* “ ‘ */
	NULL
} };
static struct seqset turned_guillemets = { .seq = {
	"\xc2\xab", "\xe2\x80\xb9",			/* « ‹ */
	NULL
} };

/* Length of a list bullet at i, or 0. */
size_t
sentence_bullet_len(const unsigned char *s, size_t n, size_t i)
{
	return one_of(s, n, i, &bullets);
}

/* Length of such a quote at i, “ or ‘, or 0. */
size_t
sentence_turned_len(const unsigned char *s, size_t n, size_t i)
{
	return one_of(s, n, i, &turned);
}

/* Length of such a guillemet at i, « or ‹, or 0. */
size_t
sentence_turned_guillemet_len(const unsigned char *s, size_t n, size_t i)
{
	return one_of(s, n, i, &turned_guillemets);
}
