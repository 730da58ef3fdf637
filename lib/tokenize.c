/*
 * newswire: cutting text into tokens (see nw-tokenize(1)).
 *
 * Tokens are spans of the input: words, numbers, dotted abbreviations,
 * URLs, e-mail addresses, @handles and #hashtags, and punctuation marks
 * (a run of one mark is one token).  Written out separated by single
 * spaces, they give back the input once blanks are removed, unless the
 * caller asked for case folding, dropped tokens or stems.
 *
 * Speed comes from four things.  ASCII goes through byte tables (SSE2
 * where there is one) and utf8proc is asked only once for each code point
 * of the BMP.  Runs of plain words, each followed by one space, are found
 * sixteen bytes at a time and need no closer look.  Longer tokens are
 * recognised when their start stops a word ("https:", "www.", the local
 * part of an address before '@'), so nothing looks ahead for them.  And
 * nothing is allocated per token: tokens that follow each other across
 * one space are copied as one span into the caller's buffer, reserved
 * once per text.
 */
#include <err.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <libstemmer.h>
#include <utf8proc.h>

#include "nw-private.h"

/* What a character is to the tokenizer. */
enum {
	K_SPACE,	/* Z*, controls, U+200B: separate tokens */
	K_LETTER,	/* L* */
	K_DIGIT,	/* Nd */
	K_NUMERIC,	/* Nl, No: in words, but neither letter nor digit */
	K_MARK,		/* M* */
	K_FORMAT,	/* Cf: continues a word, never starts one */
	K_APOS,		/* ' U+2019: inside a word between word characters */
	K_HYPHEN,	/* - U+2010 U+2011: likewise, unless split */
	K_CURRENCY,	/* Sc: prefix of a number */
	K_PUNCT		/* anything else */
};

/* What a token is to the writer. */
enum {
	T_WORD,		/* stemmed, and its clitic split off */
	T_SPECIAL,	/* abbreviation, URL, address, tag: kept whole */
	T_CLITIC,	/* 's, n't ... split off a word */
	T_PUNCT		/* dropped by TOKENIZE_WORDS */
};

enum { MODE_PLAIN, MODE_LOWER, MODE_GENERAL };

struct tokenizer {
	int			 flags;
	int			 clitics;
	int			 mode;
	const struct wordset	*stopwords;
	struct sb_stemmer	*stemmer;
	struct buf		*out;		/* during tokenize() */
	size_t			 base;		/* out->len at the start */
	const unsigned char	*text;
	const char		*copy;		/* spans copied from */
	size_t			 copylen;	/* its length, then folded */
	size_t			 span_start, span_end;
	struct buf		 fold;
	unsigned char		 kind[256];
	unsigned char		 isword[256];	/* ASCII letter or digit */
	unsigned char		 ascii[256];	/* A_* below */
	unsigned char		*bmp;		/* kinds of U+0000..U+FFFF */
#define BMP_UNKNOWN	0xff
	struct segmenter	*segmenter;	/* segment.c, made when needed */
	size_t			*ends;
	size_t			 endcap;
};

/* Byte classes for the lookahead of longer tokens. */
#define A_URL_STOP	0x01	/* ends a URL */
#define A_URL_TRAIL	0x02	/* not the last character of a URL */
#define A_LOCAL		0x04	/* in the local part of an address */
#define A_LONGER	0x08	/* after a word, may make it a URL or address */
#define A_CLOSE		0x10	/* a closing mark, never joined before a space */
#define A_JOIN		0x20	/* joins two word characters: - & _ */
#define A_JOIN_DIGITS	0x40	/* joins two digits: . , : / */

#define IS_WORD_START(k) \
	((k) == K_LETTER || (k) == K_DIGIT || (k) == K_NUMERIC || (k) == K_MARK)

static int
cp_kind(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return K_LETTER;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return K_MARK;
	case UTF8PROC_CATEGORY_ND:
		return K_DIGIT;
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return K_NUMERIC;
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CC:
		return K_SPACE;
	case UTF8PROC_CATEGORY_CF:
		return cp == 0x200b ? K_SPACE : K_FORMAT;
	case UTF8PROC_CATEGORY_SC:
		return K_CURRENCY;
	case UTF8PROC_CATEGORY_PD:
		return cp == 0x2010 || cp == 0x2011 ? K_HYPHEN : K_PUNCT;
	case UTF8PROC_CATEGORY_PF:
		return cp == 0x2019 ? K_APOS : K_PUNCT;
	default:
		return K_PUNCT;
	}
}

/*
 * The character at s[i]: its length, code point and kind.  A byte that
 * does not start a well-formed sequence is a punctuation character of
 * its own, with a negative code point, so that it is passed through.
 */
static size_t
char_decode(const unsigned char *s, size_t n, size_t i, int32_t *cp,
    int *kind)
{
	size_t len;

	if ((len = utf8_decode(s + i, n - i, cp)) == 0) {
		*cp = -(int32_t)s[i];
		*kind = K_PUNCT;
		return 1;
	}
	*kind = cp_kind(*cp);
	return len;
}

/* The kind of a BMP code point, asked of utf8proc the first time only. */
static inline int
bmp_kind(const struct tokenizer *tk, unsigned int cp)
{
	if (tk->bmp[cp] == BMP_UNKNOWN)
		tk->bmp[cp] = (unsigned char)cp_kind((int32_t)cp);
	return tk->bmp[cp];
}

static inline __attribute__((__always_inline__)) size_t
char_at(const struct tokenizer *tk, const unsigned char *s, size_t n,
    size_t i, int32_t *cp, int *kind)
{
	unsigned int c = s[i], v;

	if (c < 0x80) {
		*cp = (int32_t)c;
		*kind = tk->kind[c];
		return 1;
	}
	/* Two- and three-byte sequences inline, through the BMP table. */
	if (c >= 0xc2 && c < 0xe0 && n - i >= 2 && (s[i + 1] & 0xc0) == 0x80) {
		v = (c & 0x1f) << 6 | (s[i + 1] & 0x3f);
		*cp = (int32_t)v;
		*kind = bmp_kind(tk, v);
		return 2;
	}
	if (c >= 0xe0 && c < 0xf0 && n - i >= 3 && (s[i + 1] & 0xc0) == 0x80 &&
	    (s[i + 2] & 0xc0) == 0x80) {
		v = (c & 0x0f) << 12 | (s[i + 1] & 0x3f) << 6 | (s[i + 2] & 0x3f);
		/* Overlong forms and surrogates are invalid. */
		if (v >= 0x800 && (v < 0xd800 || v > 0xdfff)) {
			*cp = (int32_t)v;
			*kind = bmp_kind(tk, v);
			return 3;
		}
	}
	return char_decode(s, n, i, cp, kind);
}

static int
kind_at(const struct tokenizer *tk, const unsigned char *s, size_t n, size_t i)
{
	int32_t cp;
	int k;

	if (i >= n)
		return K_SPACE;
	char_at(tk, s, n, i, &cp, &k);
	return k;
}

/* The kind of the character ending just before s[i]. */
static int
kind_before(const struct tokenizer *tk, const unsigned char *s, size_t i)
{
	int32_t cp;
	size_t j;
	int k;

	if (i == 0)
		return K_SPACE;
	if (s[i - 1] < 0x80)
		return tk->kind[s[i - 1]];
	for (j = i - 1; j > 0 && i - j < 4 && (s[j] & 0xc0) == 0x80; j--)
		;
	if (char_at(tk, s, i, j, &cp, &k) != i - j)
		return K_PUNCT;
	return k;
}

static int
word_start_at(const struct tokenizer *tk, const unsigned char *s, size_t n,
    size_t i)
{
	int k;

	if (i >= n)
		return 0;
	if (s[i] < 0x80)
		return tk->isword[s[i]];
	k = kind_at(tk, s, n, i);
	return IS_WORD_START(k);
}

/*
 * The end of the run of ASCII letters and digits at s[j]: sixteen bytes
 * at a time where SSE2 is there, through the byte table elsewhere and
 * for the last bytes of the text.
 */
static inline size_t
ascii_word_end(const struct tokenizer *tk, const unsigned char *s, size_t n,
    size_t j)
{
#ifdef __SSE2__
	const __m128i bias_letter = _mm_set1_epi8((char)(0x80 - 'a'));
	const __m128i bias_digit = _mm_set1_epi8((char)(0x80 - '0'));
	const __m128i nletters = _mm_set1_epi8((char)(0x80 + 26));
	const __m128i ndigits = _mm_set1_epi8((char)(0x80 + 10));
	const __m128i lower = _mm_set1_epi8(0x20);
	__m128i v, letter, digit;
	unsigned int mask;

	while (n - j >= 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
		/* Unsigned range tests done as signed after a bias. */
		letter = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, lower),
		    bias_letter), nletters);
		digit = _mm_cmplt_epi8(_mm_add_epi8(v, bias_digit), ndigits);
		mask = (unsigned int)_mm_movemask_epi8(_mm_or_si128(letter,
		    digit)) ^ 0xffffu;
		if (mask != 0)
			return j + (size_t)__builtin_ctz(mask);
		j += 16;
	}
#endif
	while (j < n && tk->isword[s[j]])
		j++;
	return j;
}

/*
 * Runs of plain words: ASCII or other letters, marks and digits, each
 * word followed by exactly one space.  Such words are tokens as they
 * stand, whatever the options (bar stopwords and stems), so they need no
 * closer look.  run_stop() returns the first byte from j that does not
 * continue the run (n at the end), keeping in *after the position after
 * the last space it passed.
 */
static size_t
run_stop(const struct tokenizer *tk, const unsigned char *s, size_t n,
    size_t j, size_t *after)
{
	size_t len;
	int32_t cp;
	int k;
#ifdef __SSE2__
	const __m128i bias_letter = _mm_set1_epi8((char)(0x80 - 'a'));
	const __m128i bias_digit = _mm_set1_epi8((char)(0x80 - '0'));
	const __m128i nletters = _mm_set1_epi8((char)(0x80 + 26));
	const __m128i ndigits = _mm_set1_epi8((char)(0x80 + 10));
	const __m128i lower = _mm_set1_epi8(0x20);
	const __m128i space = _mm_set1_epi8(' ');
	__m128i v, sp, ok;
	unsigned int mask, spaces;
#endif

	for (;;) {
#ifdef __SSE2__
		while (n - j >= 17) {
			v = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
			sp = _mm_cmpeq_epi8(v, space);
			ok = _mm_or_si128(
			    _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, lower),
			    bias_letter), nletters),
			    _mm_cmplt_epi8(_mm_add_epi8(v, bias_digit), ndigits));
			/* A space is fine unless another follows it. */
			ok = _mm_or_si128(ok, _mm_andnot_si128(_mm_cmpeq_epi8(
			    _mm_loadu_si128((const __m128i *)(const void *)
			    (s + j + 1)), space), sp));
			mask = (unsigned int)_mm_movemask_epi8(ok) ^ 0xffffu;
			spaces = (unsigned int)_mm_movemask_epi8(sp);
			if (mask != 0) {
				spaces &= (1u << __builtin_ctz(mask)) - 1;
				if (spaces != 0)
					*after = j + 32 -
					    (size_t)__builtin_clz(spaces);
				j += (size_t)__builtin_ctz(mask);
				goto stop;
			}
			if (spaces != 0)
				*after = j + 32 - (size_t)__builtin_clz(spaces);
			j += 16;
		}
#endif
		for (; j < n; j++) {
			if (tk->isword[s[j]])
				continue;
			if (s[j] != ' ' || (j + 1 < n && s[j + 1] == ' '))
				break;
			*after = j + 1;
		}
		if (j >= n)
			return n;
#ifdef __SSE2__
stop:
#endif
		/* Letters, marks and digits of any script go on with it. */
		if (s[j] < 0x80)
			return j;
		do {
			len = char_at(tk, s, n, j, &cp, &k);
			if (!IS_WORD_START(k) || segment_script(cp))
				return j;
			j += len;
		} while (j < n && s[j] >= 0x80);
	}
}

/*
 * Plain words from i, a token start holding an ASCII word character,
 * and the closing marks that end a word before a space ("word, ",
 * "word. ", "word) "), written without a closer look.  Returns where
 * the scan must go on one token at a time: i if nothing was written.
 */
static size_t	put_runs(struct tokenizer *, const unsigned char *, size_t,
		    size_t);
static size_t	clitic_start(const unsigned char *, size_t, size_t);
/*
 * Writing tokens.  Without stopwords or stems the output is the input
 * with blanks squeezed and spaces put between tokens that touch, so the
 * tokens that follow each other across one space are gathered in a span
 * of the input [span_start, span_end), copied (or folded) at once when a
 * token breaks the pattern; the common token costs two comparisons.
 * Spans are copied from copy: the text, or with -l its fold, made in one
 * pass, as far as characters fold to as many bytes as they have (nearly
 * always all the way); spans beyond are folded as they are written.
 */
#define SPAN_NONE	((size_t)-2)

static void
span_flush(struct tokenizer *tk)
{
	struct buf *out = tk->out;
	size_t len = tk->span_end - tk->span_start, end = tk->span_end;

	if (end == SPAN_NONE)
		return;
	tk->span_end = SPAN_NONE;
	if (end > tk->copylen) {
		utf8_casefold(out, (const char *)tk->text + tk->span_start,
		    len);
		return;
	}
	if (out->cap - out->len <= len + 32)
		buf_reserve(out, len + 32);
#ifdef __SSE2__
	/* Short spans by two blocks, long ones by memcpy. */
	if (len <= 32 && tk->copylen - tk->span_start >= 32) {
		const char *p = tk->copy + tk->span_start;
		char *o = out->data + out->len;

		_mm_storeu_si128((__m128i *)(void *)o,
		    _mm_loadu_si128((const __m128i *)(const void *)p));
		_mm_storeu_si128((__m128i *)(void *)(o + 16),
		    _mm_loadu_si128((const __m128i *)(const void *)(p + 16)));
		out->len += len;
		return;
	}
#endif
	memcpy(out->data + out->len, tk->copy + tk->span_start, len);
	out->len += len;
}

/* The space between two spans. */
static inline void
put_space(struct tokenizer *tk)
{
	struct buf *out = tk->out;

	if (out->len == tk->base)
		return;
	if (out->cap - out->len <= 1)
		buf_reserve(out, 1);
	out->data[out->len++] = ' ';
}

/*
 * The general writer: case folding first, then the stopword test on the
 * folded form, then stemming; each token is followed by a space, the
 * last of which tokenize() takes back.
 */
static void
put_token(struct tokenizer *tk, const unsigned char *p, size_t len, int class)
{
	struct buf *out = tk->out;
	const struct wordset *stop = tk->stopwords;
	const sb_symbol *stem;
	size_t start = out->len;
	int stemlen;

	if (tk->flags & TOKENIZE_LOWER)
		utf8_casefold(out, (const char *)p, len);
	else
		buf_add(out, p, len);
	if (stop != NULL) {
		if (tk->flags & TOKENIZE_LOWER) {
			if (wordset_contains(stop, out->data + start,
			    out->len - start))
				goto drop;
		} else {
			buf_clear(&tk->fold);
			utf8_casefold(&tk->fold, (const char *)p, len);
			if (wordset_contains(stop, tk->fold.data, tk->fold.len))
				goto drop;
		}
	}
	if (tk->stemmer != NULL && class == T_WORD &&
	    out->len - start <= INT_MAX) {
		stem = sb_stemmer_stem(tk->stemmer,
		    (const sb_symbol *)out->data + start,
		    (int)(out->len - start));
		if (stem == NULL)
			errx(NW_EXIT_FAIL, "stemmer: out of memory");
		if ((stemlen = sb_stemmer_length(tk->stemmer)) > 0) {
			out->len = start;
			buf_add(out, stem, (size_t)stemlen);
		}
	}
	buf_addc(out, ' ');
	return;
drop:
	out->len = start;
}

static void
put_slow(struct tokenizer *tk, size_t p, size_t q, int class)
{
	if (class == T_PUNCT && (tk->flags & TOKENIZE_WORDS))
		return;
	if (tk->mode == MODE_GENERAL) {
		put_token(tk, tk->text + p, q - p, class);
		return;
	}
	span_flush(tk);
	put_space(tk);
	tk->span_start = p;
	tk->span_end = q;
}

/* The words [p, q) of a plain run, to be written as they are. */
static inline __attribute__((__always_inline__)) void
put_run(struct tokenizer *tk, size_t p, size_t q)
{
	if (p != tk->span_end + 1 || tk->text[tk->span_end] != ' ') {
		span_flush(tk);
		put_space(tk);
		tk->span_start = p;
	}
	tk->span_end = q;
}

/* The token [p, q) of the text. */
static inline void
put(struct tokenizer *tk, size_t p, size_t q, int class)
{
	if (p == tk->span_end + 1 && tk->text[tk->span_end] == ' ' &&
	    (class != T_PUNCT || !(tk->flags & TOKENIZE_WORDS))) {
		tk->span_end = q;
			return;
	}
	put_slow(tk, p, q, class);
}

static size_t
put_runs(struct tokenizer *tk, const unsigned char *s, size_t n, size_t i)
{
	size_t start = i, after = i, x, len, q, c;

	for (;;) {
		x = run_stop(tk, s, n, i, &after);
		if (x >= n) {
			put_run(tk, start, s[n - 1] == ' ' ? n - 1 : n);
			return n;
		}
		if (x == after)		/* no word right before the stop */
			goto slow;
		/*
		 * Words joined as scan_word() joins them, when an ASCII word
		 * character follows: "cross-border", "AT&T", "9/11", "103.4".
		 */
		if (x + 1 < n && tk->isword[s[x + 1]] &&
		    (tk->ascii[s[x]] & A_JOIN) && (s[x] != '-' ||
		    !(tk->flags & TOKENIZE_SPLIT_HYPHENS))) {
			i = x + 1;
			continue;
		}
		if (x + 1 < n && (tk->ascii[s[x]] & A_JOIN_DIGITS) &&
		    tk->kind[s[x - 1]] == K_DIGIT &&
		    tk->kind[s[x + 1]] == K_DIGIT) {
			i = x + 1;
			continue;
		}
		len = s[x] < 0x80 ? 1 : s[x] == 0xe2 && n - x >= 3 &&
		    s[x + 1] == 0x80 ? 3 : 0;
		q = x + len;
		/* A word with a clitic: "Libya's", "don’t". */
		if ((s[x] == '\'' || (len == 3 && s[x + 2] == 0x99)) &&
		    q < n && tk->kind[s[q]] == K_LETTER) {
			for (q++; q < n && q - x - len < 3 &&
			    tk->kind[s[q]] == K_LETTER; q++)
				;
			if (q < n && s[q] != ' ')
				goto slow;
			c = clitic_start(s, after, q);
			if (c < q && tk->clitics != CLITICS_KEEP) {
				put_run(tk, start, c);
				if (tk->clitics == CLITICS_SPLIT)
					put(tk, c, q, T_CLITIC);
			} else
				put_run(tk, start, q);
			x = q - 1;
		/*
		 * A closing mark before a space or the end is a token of its
		 * own, except a period after one or two characters, which
		 * may end an abbreviation ("U.S.", "W.").
		 */
		} else if (len == 1 && (tk->ascii[s[x]] & A_CLOSE) &&
		    (q == n || s[q] == ' ') &&
		    (s[x] != '.' || (x - after >= 3 && s[x - 1] < 0x80 &&
		    s[x - 2] < 0x80 && s[x - 3] < 0x80))) {
			put_run(tk, start, x);
			put(tk, x, q, T_PUNCT);
		/* The same for ’ (U+2019) and ” (U+201D). */
		} else if (len == 3 && (s[x + 2] == 0x99 || s[x + 2] == 0x9d) &&
		    (q == n || s[q] == ' ')) {
			put_run(tk, start, x);
			put(tk, x, q, T_PUNCT);
			x = q - 1;
		} else
			goto slow;
		/* x is the last byte written; a space or the end follows. */
		if (x + 2 >= n || !tk->isword[s[x + 2]])
			return x + 1;
		start = after = i = x + 2;
	}
slow:
	if (after > start)
		put_run(tk, start, after - 1);
	return after;
}

/* 1 if s/len is the rest of a clitic after its apostrophe. */
static int
clitic_suffix(const unsigned char *s, size_t len)
{
	int a = len > 0 ? s[0] | 0x20 : 0, b = len > 1 ? s[1] | 0x20 : 0;

	if (len == 1)
		return a == 's' || a == 'd' || a == 'm';
	if (len == 2)
		return (a == 'r' && b == 'e') || (a == 'v' && b == 'e') ||
		    (a == 'l' && b == 'l');
	return 0;
}

/*
 * Where the clitic ending the word [p, q) starts: the apostrophe of
 * 's 're 've 'll 'd 'm (ASCII or U+2019), or the n of n't; q if none.
 */
static size_t
clitic_start(const unsigned char *s, size_t p, size_t q)
{
	size_t slen, a;

	for (slen = 1; slen <= 2 && q - p > slen; slen++) {
		a = q - slen;
		if (s[a - 1] == '\'')
			a -= 1;
		else if (a - p >= 3 && memcmp(s + a - 3, "\xe2\x80\x99", 3) == 0)
			a -= 3;
		else
			continue;
		if (a == p)
			return q;
		if (clitic_suffix(s + q - slen, slen))
			return a;
		if (slen == 1 && (s[q - 1] | 0x20) == 't' &&
		    (s[a - 1] | 0x20) == 'n' && a - 1 > p)
			return a - 1;
		return q;
	}
	return q;
}

static void
emit_word(struct tokenizer *tk, const unsigned char *s, size_t p, size_t q,
    int apos)
{
	size_t c;

	if (apos && tk->clitics != CLITICS_KEEP &&
	    (c = clitic_start(s, p, q)) < q) {
		put(tk, p, c, T_WORD);
		if (tk->clitics == CLITICS_SPLIT)
			put(tk, c, q, T_CLITIC);
		return;
	}
	put(tk, p, q, T_WORD);
}

/* A word holding letters of a script written without spaces: its words. */
static void
emit_segmented(struct tokenizer *tk, const unsigned char *s, size_t p,
    size_t q)
{
	size_t i, n, start = p;

	if (tk->segmenter == NULL)
		tk->segmenter = segmenter_new();
	n = segment_words(tk->segmenter, (const char *)s + p, q - p, &tk->ends,
	    &tk->endcap);
	for (i = 0; i < n; i++) {
		put(tk, start, p + tk->ends[i], T_WORD);
		start = p + tk->ends[i];
	}
}

/* The end of a clitic ('s ...) right after a special token ending at e. */
static size_t
clitic_after(const struct tokenizer *tk, const unsigned char *s, size_t n,
    size_t e)
{
	size_t j, k;

	if (e < n && s[e] == '\'')
		j = e + 1;
	else if (n - e >= 3 && memcmp(s + e, "\xe2\x80\x99", 3) == 0)
		j = e + 3;
	else
		return e;
	for (k = j; k < n && k - j < 3 && tk->kind[s[k]] == K_LETTER; k++)
		;
	if (!clitic_suffix(s + j, k - j) || word_start_at(tk, s, n, k))
		return e;
	return k;
}

/* A special token [p, e) and the clitic [e, c) that may follow it. */
static void
emit_special(struct tokenizer *tk, size_t p, size_t e, size_t c)
{
	if (c == e || tk->clitics == CLITICS_KEEP) {
		put(tk, p, c, T_SPECIAL);
		return;
	}
	put(tk, p, e, T_SPECIAL);
	if (tk->clitics == CLITICS_SPLIT)
		put(tk, e, c, T_CLITIC);
}

/*
 * A dotted abbreviation at p: groups of letters each followed by a
 * period, the first of one or two letters and the others of one ("U.S.",
 * "a.m.", "e.g.", "Ph.D."); or an initial, a capital letter and a period
 * before anything but a word character ("George W. Bush").  Returns its
 * end, or 0.
 */
static size_t
abbreviation_end(const struct tokenizer *tk, const unsigned char *s,
    size_t n, size_t p)
{
	size_t i = p, j, len;
	int32_t cp;
	int k, letters, groups = 0, capital = 0;

	for (;;) {
		for (j = i, letters = 0; j < n; j += len) {
			len = char_at(tk, s, n, j, &cp, &k);
			if (k == K_LETTER) {
				if (++letters > (groups == 0 ? 2 : 1))
					return groups >= 2 ? i : 0;
				if (groups == 0)
					capital = letters == 1 &&
					    (utf8proc_category(cp) ==
					    UTF8PROC_CATEGORY_LU ||
					    utf8proc_category(cp) ==
					    UTF8PROC_CATEGORY_LT);
			} else if (k != K_MARK || letters == 0)
				break;
		}
		if (letters == 0 || j >= n || s[j] != '.')
			break;
		groups++;
		i = j + 1;
	}
	if (groups >= 2)
		return i;
	if (groups == 1 && capital && i - p <= 5 &&
	    !word_start_at(tk, s, n, i))
		return i;
	return 0;
}

static size_t
find_byte(const unsigned char *s, size_t i, size_t n, int c)
{
	const unsigned char *p;

	p = i < n ? memchr(s + i, c, n - i) : NULL;
	return p != NULL ? (size_t)(p - s) : n;
}

static size_t	url_end(const struct tokenizer *, const unsigned char *, size_t,
		    size_t, size_t, size_t);
static size_t	email_end(const struct tokenizer *, const unsigned char *,
		    size_t, size_t, size_t);

/*
 * A URL whose scheme ("https") or "www" is the ASCII word [p, j), which
 * stopped at a ':' or '.': its end, or 0.
 */
static size_t
url_from_word(const struct tokenizer *tk, const unsigned char *s, size_t n,
    size_t p, size_t j)
{
	size_t end, i;

	if ((s[j] != ':' && s[j] != '.') || tk->kind[s[p]] != K_LETTER)
		return 0;
	for (i = p; i < j; i++)
		if (!tk->isword[s[i]])
			return 0;
	end = find_byte(s, j, n, ' ');
	if (s[j] == ':' && end - j > 3 && s[j + 1] == '/' && s[j + 2] == '/')
		return url_end(tk, s, n, p, j + 3, end);
	if (s[j] == '.' && j - p == 3 && strncasecmp((const char *)s + p,
	    "www", 3) == 0 && j + 1 < end && tk->isword[s[j + 1]])
		return url_end(tk, s, n, p, j + 1, end);
	return 0;
}

/*
 * A word from p, whose word characters start at j (after the sign or
 * currency symbol of a number): letters, marks and digits, joined by an
 * apostrophe, hyphen, '&' or '_' between two word characters, and by
 * '.', ',', ':' or '/' between two digits ("23,000", "103.4", "9/11").
 */
static size_t
scan_word(struct tokenizer *tk, const unsigned char *s, size_t n, size_t p,
    size_t j)
{
	size_t len, e, c;
	int32_t cp;
	int k, apos = 0, unspaced = 0;

	for (;;) {
		j = ascii_word_end(tk, s, n, j);
		if (j >= n)
			break;
		switch (s[j]) {
		case '\'':
			if (!word_start_at(tk, s, n, j + 1))
				goto done;
			apos = 1;
			j++;
			continue;
		case '-':
			if (tk->flags & TOKENIZE_SPLIT_HYPHENS)
				goto done;
			/* FALLTHROUGH */
		case '&':
		case '_':
			if (!word_start_at(tk, s, n, j + 1))
				goto done;
			j++;
			continue;
		case '.':
		case ',':
		case ':':
		case '/':
			if (kind_before(tk, s, j) != K_DIGIT ||
			    kind_at(tk, s, n, j + 1) != K_DIGIT)
				goto done;
			j++;
			continue;
		}
		if (s[j] < 0x80)
			break;
		len = char_at(tk, s, n, j, &cp, &k);
		if (IS_WORD_START(k) || k == K_FORMAT) {
			unspaced |= segment_script(cp);
			j += len;
			continue;
		}
		if (k == K_HYPHEN && (tk->flags & TOKENIZE_SPLIT_HYPHENS))
			break;
		if ((k == K_APOS || k == K_HYPHEN) &&
		    word_start_at(tk, s, n, j + len)) {
			apos |= k == K_APOS;
			j += len;
			continue;
		}
		break;
	}
done:
	if (unspaced) {
		emit_segmented(tk, s, p, j);
		return j;
	}
	/*
	 * The word may be the start of a longer token: a URL ("https:",
	 * "www.") or an e-mail address, whose local part runs to an '@'
	 * through '.', '%', '+' and '-'.
	 */
	if (j < n && (tk->ascii[s[j]] & A_LONGER) &&
	    tk->isword[s[p]] &&
	    ((e = url_from_word(tk, s, n, p, j)) != 0 ||
	    (e = email_end(tk, s, n, p, n)) != 0)) {
		put(tk, p, e, T_SPECIAL);
		return e;
	}
	if (j < n && s[j] == '.' && j - p <= 16 && tk->kind[s[p]] != K_DIGIT &&
	    tk->kind[s[p]] != K_CURRENCY && (e = abbreviation_end(tk, s, n, p))) {
		c = clitic_after(tk, s, n, e);
		emit_special(tk, p, e, c);
		return c;
	}
	emit_word(tk, s, p, j, apos);
	return j;
}

/*
 * Punctuation: one grapheme cluster (a mark with the combining marks
 * after it, a flag, an emoji sequence), and the repeats of the same mark
 * after it ("...", "!!", "--").
 */
static size_t
scan_punct(struct tokenizer *tk, const unsigned char *s, size_t n, size_t p,
    int32_t cp0, size_t len0)
{
	int32_t cp, last = cp0, state = 0;
	size_t j = p + len0, len;
	int k;

	while (j < n) {
		if (s[j] < 0x80) {
			if (s[j] != cp0)
				break;
			j++;
			continue;
		}
		len = char_at(tk, s, n, j, &cp, &k);
		if (cp != cp0 && (k == K_SPACE || cp < 0 || last < 0 ||
		    utf8proc_grapheme_break_stateful(last, cp, &state)))
			break;
		last = cp;
		j += len;
	}
	put(tk, p, j, T_PUNCT);
	return j;
}

/*
 * URLs run to a blank, to one of < > " ` { } | \ ^, or to a non-ASCII
 * character that is not a letter, mark or digit (the typographic quotes
 * around a link).  Sentence punctuation at the end is not part of it, nor
 * is a closing bracket that no opening one in the URL matches.  j is the
 * start of the part after "scheme://" or "www."; 0 if nothing is left.
 */
static size_t
url_end(const struct tokenizer *tk, const unsigned char *s, size_t n,
    size_t p, size_t j, size_t end)
{
	size_t i, len, body = j, open, close;
	int32_t cp;
	int k, c;

	while (j < end) {
		if (s[j] < 0x80) {
			if (tk->ascii[s[j]] & A_URL_STOP)
				break;
			j++;
			continue;
		}
		len = char_at(tk, s, n, j, &cp, &k);
		if (!IS_WORD_START(k) && k != K_FORMAT)
			break;
		j += len;
	}
	while (j > body) {
		c = s[j - 1];
		if (tk->ascii[c] & A_URL_TRAIL) {
			j--;
			continue;
		}
		if (c != ')' && c != ']' && c != '}')
			break;
		open = close = 0;
		for (i = p; i < j; i++) {
			open += s[i] == (c == ')' ? '(' : c == ']' ? '[' : '{');
			close += s[i] == c;
		}
		if (close <= open)
			break;
		j--;
	}
	return j > body ? j : 0;
}

/*
 * An e-mail address: a local part of letters, digits and . _ % + -
 * then '@' then a domain of at least two labels, the last with a letter
 * and at least two characters.  Returns its end, or 0.
 */
static size_t
email_end(const struct tokenizer *tk, const unsigned char *s, size_t n,
    size_t p, size_t end)
{
	size_t j, start, len, last = 0;
	int32_t cp;
	int k, labels = 0, alpha;

	for (j = p; j < end && (tk->ascii[s[j]] & A_LOCAL); j++)
		;
	if (j == p || j >= end || s[j] != '@' || s[j - 1] == '.')
		return 0;
	for (j++;; j++) {
		for (start = j, alpha = 0; j < end; j += len) {
			len = char_at(tk, s, n, j, &cp, &k);
			if (!IS_WORD_START(k) && cp != '-')
				break;
			alpha |= k == K_LETTER;
		}
		if (j == start)
			break;
		labels++;
		last = alpha && j - start >= 2 ? j : 0;
		if (j + 1 >= end || s[j] != '.')
			break;
	}
	return labels >= 2 ? last : 0;
}

/* @handle or #hashtag: letters, digits, marks and '_'; a tag needs a letter. */
static size_t
tag_end(const struct tokenizer *tk, const unsigned char *s, size_t n,
    size_t p)
{
	size_t j, len;
	int32_t cp;
	int k, letter = 0;

	if (IS_WORD_START(kind_before(tk, s, p)))
		return 0;
	for (j = p + 1; j < n; j += len) {
		len = char_at(tk, s, n, j, &cp, &k);
		if (!IS_WORD_START(k) && cp != '_')
			break;
		letter |= k == K_LETTER;
	}
	if (j == p + 1 || (s[p] == '#' && !letter))
		return 0;
	return j;
}

/* The tokens of s[i..n). */
static void
scan(struct tokenizer *tk, const unsigned char *s, size_t n, size_t i)
{
	size_t len, e, c, j;
	int32_t cp;
	int k, fast = tk->mode != MODE_GENERAL;

	while (i < n) {
		if (fast && tk->isword[s[i]] && (j = put_runs(tk, s, n, i)) > i) {
			i = j;
			if (i >= n)
				break;
		}
		if (tk->isword[s[i]]) {
			/* The common case first: an ASCII word, then a space. */
			j = ascii_word_end(tk, s, n, i + 1);
			if (j == n || s[j] == ' ') {
				put(tk, i, j, T_WORD);
				i = j + 1;
				continue;
			}
			i = scan_word(tk, s, n, i, j);
			continue;
		}
		if (s[i] == ' ') {
			i++;
			continue;
		}
		len = char_at(tk, s, n, i, &cp, &k);
		if (k == K_SPACE) {
			i += len;
			continue;
		}
		if (IS_WORD_START(k)) {
			i = scan_word(tk, s, n, i, i);
			continue;
		}
		/* "@AFRICOM's": a tag, which may take a clitic. */
		if ((cp == '@' || cp == '#') && (e = tag_end(tk, s, n, i)) != 0) {
			c = clitic_after(tk, s, n, e);
			emit_special(tk, i, e, c);
			i = c;
			continue;
		}
		/* $100.00, -3.5, +2 */
		if (kind_at(tk, s, n, i + len) == K_DIGIT &&
		    (k == K_CURRENCY || ((cp == '-' || cp == '+' ||
		    cp == 0x2212) && !IS_WORD_START(kind_before(tk, s, i))))) {
			i = scan_word(tk, s, n, i, i + len);
			continue;
		}
		i = scan_punct(tk, s, n, i, cp, len);
	}
}

/* Spaces in s[0..n): sixteen bytes a step, summed with PSADBW. */
static size_t
count_spaces(const char *s, size_t n)
{
	size_t i = 0, count = 0;
#ifdef __SSE2__
	const __m128i space = _mm_set1_epi8(' '), zero = _mm_setzero_si128();
	__m128i acc, sum;
	int k;

	while (n - i >= 16) {
		acc = zero;
		/* Each byte of acc counts to at most 255. */
		for (k = 0; k < 255 && n - i >= 16; k++, i += 16)
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128(
			    (const __m128i *)(const void *)(s + i)), space));
		sum = _mm_sad_epu8(acc, zero);
		count += (size_t)_mm_cvtsi128_si32(sum) +
		    (size_t)_mm_extract_epi16(sum, 4);
	}
#endif
	for (; i < n; i++)
		count += s[i] == ' ';
	return count;
}

/* The tokens of text/n appended to out, separated by single spaces. */
void
tokenize_append(struct tokenizer *tk, struct buf *out, const char *text,
    size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t base = out->len;

	tk->out = out;
	tk->base = out->len;
	tk->text = s;
	tk->span_end = SPAN_NONE;
	tk->copy = text;
	tk->copylen = n;
	if (tk->mode == MODE_LOWER) {
		buf_clear(&tk->fold);
		tk->copylen = utf8_casefold_aligned(&tk->fold, text, n);
		tk->copy = tk->fold.data;
	}
	/* Enough for every token but folded ones, which check for room. */
	if (n < SIZE_MAX / 4)
		buf_reserve(out, 2 * n + 1);
	scan(tk, s, n, 0);
	if (tk->mode != MODE_GENERAL)
		span_flush(tk);
	else if (out->len > base)
		out->len--;
}

/*
 * The same, returning how many tokens there are: no token holds a space,
 * so that is one more than the spaces written, or none.
 */
size_t
tokenize(struct tokenizer *tk, struct buf *out, const char *text, size_t n)
{
	size_t base = out->len;

	tokenize_append(tk, out, text, n);
	if (out->len == base)
		return 0;
	return count_spaces(out->data + base, out->len - base) + 1;
}

struct tokenizer *
tokenizer_new(int flags, int clitics, const struct wordset *stopwords)
{
	return tokenizer_new_stemmer(flags, clitics, stopwords, "english");
}

/* The same, stemming (with TOKENIZE_STEM) by the Snowball algorithm named. */
struct tokenizer *
tokenizer_new_stemmer(int flags, int clitics, const struct wordset *stopwords,
    const char *algorithm)
{
	struct tokenizer *tk;
	const char *p;
	int c;

	tk = xcalloc(1, sizeof(*tk));
	if (flags & TOKENIZE_STEM)
		flags |= TOKENIZE_LOWER;
	tk->flags = flags;
	tk->clitics = clitics;
	tk->stopwords = stopwords;
	if (flags & TOKENIZE_STEM) {
		tk->stemmer = sb_stemmer_new(algorithm, NULL);
		if (tk->stemmer == NULL)
			errx(NW_EXIT_FAIL, "cannot start the Snowball %s "
			    "stemmer", algorithm);
	}
	if (stopwords != NULL || (flags & TOKENIZE_STEM))
		tk->mode = MODE_GENERAL;
	else if (flags & TOKENIZE_LOWER)
		tk->mode = MODE_LOWER;
	else
		tk->mode = MODE_PLAIN;

	for (c = 0; c < 256; c++) {
		if (c < 0x21 || c == 0x7f)
			tk->kind[c] = K_SPACE;
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			tk->kind[c] = K_LETTER;
		else if (c >= '0' && c <= '9')
			tk->kind[c] = K_DIGIT;
		else
			tk->kind[c] = K_PUNCT;
		tk->isword[c] = tk->kind[c] == K_LETTER ||
		    tk->kind[c] == K_DIGIT;
		if (tk->kind[c] == K_SPACE)
			tk->ascii[c] |= A_URL_STOP;
		if (tk->isword[c])
			tk->ascii[c] |= A_LOCAL;
	}
	tk->kind['\''] = K_APOS;
	tk->kind['-'] = K_HYPHEN;
	tk->kind['$'] = K_CURRENCY;
	for (c = 0x80; c < 256; c++)
		tk->kind[c] = K_PUNCT;	/* never looked up: decoded first */
	for (p = "<>\"`{}|\\^"; *p != '\0'; p++)
		tk->ascii[(unsigned char)*p] |= A_URL_STOP;
	for (p = ".,;:!?'*"; *p != '\0'; p++)
		tk->ascii[(unsigned char)*p] |= A_URL_TRAIL;
	for (p = "._%+-"; *p != '\0'; p++)
		tk->ascii[(unsigned char)*p] |= A_LOCAL;
	for (p = ":.@%+-"; *p != '\0'; p++)
		tk->ascii[(unsigned char)*p] |= A_LONGER;
	for (p = ",.;:!?)]}\"'"; *p != '\0'; p++)
		tk->ascii[(unsigned char)*p] |= A_CLOSE;
	for (p = "-&_"; *p != '\0'; p++)
		tk->ascii[(unsigned char)*p] |= A_JOIN;
	for (p = ".,:/"; *p != '\0'; p++)
		tk->ascii[(unsigned char)*p] |= A_JOIN_DIGITS;
	tk->bmp = xmalloc(0x10000);
	memset(tk->bmp, BMP_UNKNOWN, 0x10000);
	return tk;
}

void
tokenizer_free(struct tokenizer *tk)
{
	if (tk == NULL)
		return;
	if (tk->stemmer != NULL)
		sb_stemmer_delete(tk->stemmer);
	buf_free(&tk->fold);
	free(tk->bmp);
	segmenter_free(tk->segmenter);
	free(tk->ends);
	free(tk);
}
