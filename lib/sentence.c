/*
 * newswire: sentence boundaries inside one paragraph.
 *
 * One pass over the text stops at the bytes that can end a sentence
 * ('.', '!', '?', and the lead bytes of the ellipsis, the CJK full
 * stops and the stops of other scripts) and at '(' and ')'.  At each stop the terminator run is read
 * (dots, "!?" runs, spaced ". . ." ellipses), then the closing quotes
 * and brackets after it, then what follows decides:
 *
 *  - "!?" runs end a sentence unless a lower-case word follows ("Yahoo!
 *    in", "'Why?' she asked"); so do the full stops of scripts without
 *    capitals, space or no space: CJK 。！？, the Arabic question mark
 *    ؟ and the Urdu full stop ۔, the danda । and double danda ॥ of
 *    Devanagari, Bengali and Gurmukhi, the Armenian ։, the Ethiopic ።
 *    and ፧, the Myanmar ။ and the Khmer ។ and ៕.
 *  - A three-dot ellipsis ends one only before a capital other than the
 *    pronoun I; four dots (an ellipsis and a period) before anything but
 *    a lower-case word; an omission "[...]" never.
 *  - A single period looks at the word before it: a prefix abbreviation
 *    (Mr., Gen., e.g.) never ends a sentence; a number abbreviation (No.,
 *    p.) does not before a number, nor, written with a capital (Vol.,
 *    Ch.), before a Roman numeral ("Vol. I", but "said no. I"); other
 *    abbreviations, single initials and dotted acronyms (U.S., a.m.) end
 *    one only before a capitalised word from the list of sentence
 *    starters (The, It, He, How, ...), unless a closing quote or bracket
 *    follows them; any other word ends one unless a closing quote or
 *    bracket and a lower-case word follow.  A single capital letter is an
 *    initial whatever the lists say ("Robert P. Luciano" is no page), so
 *    an initial before a surname never ends a sentence.
 *  - Without a space after it, a stop other than a CJK one ends a
 *    sentence only before a capitalised word ("Africa.This"), and never
 *    inside e-mail addresses, URLs and paths; so numbers (103.4), names
 *    (example.com, Node.js) and acronyms (U.S.A.) stay whole.
 *  - Inside a matched pair of parentheses no sentence ends.
 *  - List items: "1." "1.)" "1)" "a." (after an optional bullet) form a
 *    list when their numbers or letters run on (1, 2, 3 or a, b, c,
 *    starting at 1 or at the start of the paragraph); a new sentence
 *    starts at each item and none ends at the item's own period.
 *
 * The word lists (abbreviations, number abbreviations, prefixes,
 * sentence starters) are sentencerules.c's.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <utf8proc.h>

#include "nw-private.h"

#define BACK_MAX	64	/* a longer word before a stop is no abbreviation */
#define PAREN_MAX	400	/* a longer bracketed span is not a parenthetical */

enum next_class { NEXT_UPPER, NEXT_LOWER, NEXT_DIGIT, NEXT_OTHER };

#define NSTYLES		6	/* digits or a letter, times ". " ".)" ")" */

struct marker {
	size_t		 start;		/* of the item, bullet included */
	size_t		 end;		/* after its punctuation */
	unsigned	 value;		/* 1 for "1." and "a." */
	int		 at_start;	/* first thing in the paragraph */
	int		 confirmed;
};

/* A confirmed list item: where its sentence starts and its stop ends. */
struct item {
	size_t		 start, end;
};

struct next {
	int		 class;
	size_t		 word;		/* ASCII letters of the next word */
	size_t		 wordlen;
	int		 capitalised;	/* upper case then lower case */
	int		 pronoun;	/* the word "I" */
};

struct split {
	const struct sentence_rules *rules;
	const unsigned char *s;
	size_t		 n;
	size_t		 first;		/* after leading bullets */
	size_t		 last_cut;
	struct span	*cuts;		/* .off holds a cut until the end */
	size_t		 ncuts;
	struct span	**spans;
	size_t		*cap;
	struct item	*items;		/* confirmed, in order of confirmation */
	size_t		 nitems, capitems;
	unsigned	 has_last;	/* bit per style: last[] holds one */
	size_t		*parens;	/* positions of '(' and ')' */
	size_t		 nparens, capparens;
	size_t		 word_start;	/* the last word in_address() read */
	size_t		 word_end;
	int		 word_address;
	size_t		 gscan;		/* read up to here for » and › */
	size_t		 graquo;	/* just past the last, 0: none */
	/* Last, not cleared for each paragraph: read where has_last says. */
	struct marker	 last[NSTYLES];	/* the latest item of each style */
};

/* '.', '!', '?', '(', ')' and the lead bytes of multi-byte stops. */
static const unsigned char stop_byte[256] = {
	['.'] = 1, ['!'] = 1, ['?'] = 1, ['('] = 1, [')'] = 1,
	[0xd6] = 1, [0xd8] = 1, [0xdb] = 1, [0xe0] = 1, [0xe1] = 1,
	[0xe2] = 1, [0xe3] = 1, [0xef] = 1,
};

/* STOP_FULL: a full stop of a script without capitals (CJK, danda, ...). */
enum { STOP_DOT = 1, STOP_BANG, STOP_ELLIPSIS, STOP_FULL };

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
static size_t
next_stop(const unsigned char *s, size_t n, size_t i)
{
	uint64_t w, m;

#ifdef __SSE2__
	__m128i v, v1, st, lead;
	unsigned int stops, any;

	for (; n - i >= 18; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		v1 = _mm_or_si128(v, _mm_set1_epi8(1));
		st = _mm_or_si128(
		    _mm_or_si128(_mm_or_si128(EQ(v, '.'), EQ(v, '!')),
		    _mm_or_si128(EQ(v, '?'), EQ(v1, ')'))),
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
		    swar_bytes_equal(w, '?') |
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
static size_t
stop_len(const unsigned char *s, size_t n, size_t i, int *kind)
{
	switch (s[i]) {
	case '.':
		*kind = STOP_DOT;
		return 1;
	case 0xd6:
	case 0xd8:
	case 0xdb:
		if (has_bytes(s, n, i, "\xd6\x89", 2) ||		/* ։ */
		    has_bytes(s, n, i, "\xd8\x9f", 2) ||		/* ؟ */
		    has_bytes(s, n, i, "\xdb\x94", 2)) {		/* ۔ */
			*kind = STOP_FULL;
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
			*kind = STOP_FULL;
			return 3;
		}
		return 0;
	case '!':
	case '?':
		*kind = STOP_BANG;
		return 1;
	case 0xe2:
		if (i + 2 >= n)
			return 0;
		if (s[i + 1] == 0x80 && s[i + 2] == 0xa6) {	/* … */
			*kind = STOP_ELLIPSIS;
			return 3;
		}
		if ((s[i + 1] == 0x80 && s[i + 2] == 0xbc) ||	/* ‼ */
		    (s[i + 1] == 0x81 && s[i + 2] >= 0x87 &&
		    s[i + 2] <= 0x89)) {			/* ⁇ ⁈ ⁉ */
			*kind = STOP_BANG;
			return 3;
		}
		return 0;
	case 0xe3:
		if (has_bytes(s, n, i, "\xe3\x80\x82", 3)) {	/* 。 */
			*kind = STOP_FULL;
			return 3;
		}
		return 0;
	case 0xef:
		if (has_bytes(s, n, i, "\xef\xbc\x81", 3) ||	/* ！ */
		    has_bytes(s, n, i, "\xef\xbc\x9f", 3) ||	/* ？ */
		    has_bytes(s, n, i, "\xef\xbd\xa1", 3)) {	/* ｡ */
			*kind = STOP_FULL;
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
static size_t
closer_len(const unsigned char *s, size_t n, size_t i)
{
	return one_of(s, n, i, &closing);
}

/* Length of an opening quote or bracket at i, or 0. */
static size_t
opener_len(const unsigned char *s, size_t n, size_t i)
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

/*
 * Whether a » or › lies in the sentence before the stop at i, so that
 * « or ‹ may close it.  The text is read for them once, as far as the
 * stops asked about, and only where a guillemet follows a stop.
 */
static int
guillemet_open(struct split *st, size_t i)
{
	const unsigned char *s = st->s;
	size_t k, n = st->n;

	for (k = st->gscan; k < i; k++)
		if ((s[k] == 0xc2 && k + 1 < n && s[k + 1] == 0xbb) ||
		    (s[k] == 0xe2 && k + 2 < n && s[k + 1] == 0x80 &&
		    s[k + 2] == 0xba))
			st->graquo = k + 1;
	if (i > st->gscan)
		st->gscan = i;
	return st->graquo > st->last_cut;
}

/*
 * Length of a closing quote at i after the stop at stop: a closer, a
 * turned one before a break (a space, the end, or another closer; a
 * guillemet only where guillemet_open()), or, as French spaces them, a
 * space (or a no-break one) and » or › before a break; 0 for none.
 */
static size_t
stop_closer_len(struct split *st, size_t i, size_t stop)
{
	const unsigned char *s = st->s;
	size_t len, sp, n = st->n;

	/* The end, or the usual case: a space and an ASCII word. */
	if (i >= n || (s[i] == ' ' && (i + 1 >= n || s[i + 1] < 0x80)))
		return 0;
	if ((len = one_of(s, n, i, &closing)) > 0)
		return len;
	if ((len = one_of(s, n, i, &turned)) > 0 ||
	    ((len = one_of(s, n, i, &turned_guillemets)) > 0 &&
	    guillemet_open(st, stop)))
		return i + len == n || s[i + len] == ' ' ||
		    one_of(s, n, i + len, &closing) > 0 ? len : 0;
	sp = s[i] == ' ' ? 1 : n - i >= 2 && s[i] == 0xc2 &&
	    s[i + 1] == 0xa0 ? 2 : n - i >= 3 && s[i] == 0xe2 &&
	    s[i + 1] == 0x80 && s[i + 2] == 0xaf ? 3 : 0;
	if (sp == 0 || i + sp >= n)
		return 0;
	if (((s[i + sp] == 0xc2 && n - i - sp >= 2 && s[i + sp + 1] == 0xbb &&
	    (len = 2) > 0) || (n - i - sp >= 3 && memcmp(s + i + sp,
	    "\xe2\x80\xba", 3) == 0 && (len = 3) > 0)) &&
	    (i + sp + len == n || s[i + sp + len] == ' '))
		return sp + len;
	return 0;
}

/* Length of a list bullet at i, or 0. */
static size_t
bullet_len(const unsigned char *s, size_t n, size_t i)
{
	return one_of(s, n, i, &bullets);
}

static int
is_upper_ascii(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_lower_ascii(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

static int
is_alpha_ascii(unsigned char c)
{
	return is_upper_ascii(c) || is_lower_ascii(c);
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Unicode category of the code point at i; *len gets its length. */
static int
category_at(const unsigned char *s, size_t n, size_t i, size_t *len)
{
	int32_t cp;

	if ((*len = utf8_decode(s + i, n - i, &cp)) == 0) {
		*len = 1;
		return UTF8PROC_CATEGORY_CN;
	}
	return utf8proc_category(cp);
}

/* What follows a stop, from k (openers skipped). */
static void
classify_next(const struct split *st, size_t k, struct next *nx)
{
	const unsigned char *s = st->s;
	size_t n = st->n, len, len2;
	int cat, cat2;

	memset(nx, 0, sizeof(*nx));
	while ((len = opener_len(s, n, k)) > 0)
		k += len;
	if (k >= n) {
		nx->class = NEXT_OTHER;
		return;
	}
	if (s[k] < 0x80) {
		if (is_upper_ascii(s[k]))
			nx->class = NEXT_UPPER;
		else if (is_lower_ascii(s[k]))
			nx->class = NEXT_LOWER;
		else if (is_digit(s[k]))
			nx->class = NEXT_DIGIT;
		else
			nx->class = NEXT_OTHER;
		len = 1;
		cat = nx->class == NEXT_UPPER ? UTF8PROC_CATEGORY_LU : 0;
	} else {
		cat = category_at(s, n, k, &len);
		if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT ||
		    cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_LM)
			nx->class = NEXT_UPPER;
		else if (cat == UTF8PROC_CATEGORY_LL)
			nx->class = NEXT_LOWER;
		else if (cat == UTF8PROC_CATEGORY_ND)
			nx->class = NEXT_DIGIT;
		else
			nx->class = NEXT_OTHER;
	}
	if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) {
		if (k + len < n) {
			if (s[k + len] < 0x80)
				nx->capitalised = is_lower_ascii(s[k + len]);
			else {
				cat2 = category_at(s, n, k + len, &len2);
				nx->capitalised = cat2 == UTF8PROC_CATEGORY_LL;
			}
		}
	}
	nx->word = k;
	while (k < n && is_alpha_ascii(s[k]))
		k++;
	nx->wordlen = k - nx->word;
	nx->pronoun = nx->wordlen == 1 && s[nx->word] == 'I';
}

static int
is_starter(const struct split *st, const struct next *nx)
{
	return nx->class == NEXT_UPPER && sentence_rules_starter(st->rules,
	    (const char *)st->s + nx->word, nx->wordlen);
}

/*
 * U.S, a.m, Ph.D, e.g, т.д, z.B: letters of any script in groups of one
 * or two, dot-separated.
 */
static int
is_dotted(const unsigned char *t, size_t n)
{
	size_t i = 0, run = 0, len;
	int dots = 0, cat;

	while (i < n) {
		if (t[i] == '.' && run > 0) {
			run = 0;
			dots++;
			i++;
			continue;
		}
		if (is_alpha_ascii(t[i]))
			len = 1;
		else if (t[i] < 0x80 || ((cat = category_at(t, n, i, &len)) <
		    UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_LO))
			return 0;
		if (++run > 2)
			return 0;
		i += len;
	}
	return dots > 0 && run > 0;
}

/*
 * Is the next word a Roman numeral in capitals (I, IV, XII), and the
 * number abbreviation t before it capitalised (Vol., Ch.)?  "No." and
 * "Nos." are left out: "No. I" is far more often a reply than a number.
 */
static int
roman_after(const unsigned char *t, size_t n, const unsigned char *s,
    const struct next *nx)
{
	size_t i;

	if (nx->wordlen == 0 || nx->wordlen > 8 || !is_upper_ascii(t[0]) ||
	    ((n == 2 || n == 3) && t[0] == 'N' && (t[1] | 0x20) == 'o' &&
	    (n == 2 || (t[2] | 0x20) == 's')))
		return 0;
	for (i = 0; i < nx->wordlen; i++)
		if (strchr("IVXLCDM", s[nx->word + i]) == NULL)
			return 0;
	return 1;
}

/* Is t one letter (an initial)? */
static int
is_single_letter(const unsigned char *t, size_t n)
{
	int32_t cp;
	int cat;

	if (n == 1)
		return is_alpha_ascii(t[0]);
	if (n > 4 || utf8_decode(t, n, &cp) != n)
		return 0;
	cat = utf8proc_category(cp);
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

/* 1-3 digits or one lower-case letter: what numbers a list item. */
static int
is_item(const unsigned char *t, size_t n)
{
	size_t i;

	if (n == 1 && is_lower_ascii(t[0]))
		return 1;
	if (n == 0 || n > 3)
		return 0;
	for (i = 0; i < n; i++)
		if (!is_digit(t[i]))
			return 0;
	return 1;
}

static void
add_cut(struct split *st, size_t pos)
{
	if (st->ncuts + 1 >= *st->cap) {
		*st->cap = *st->cap ? *st->cap * 2 : 16;
		*st->spans = xreallocarray(*st->spans, *st->cap,
		    sizeof(**st->spans));
		st->cuts = *st->spans;
	}
	st->cuts[st->ncuts++].off = pos;
	st->last_cut = pos;
}

/* A confirmed list item, listed for lists(). */
static void
push_item(struct split *st, const struct marker *m)
{
	if (st->nitems == st->capitems) {
		st->capitems = st->capitems ? st->capitems * 2 : 8;
		st->items = xreallocarray(st->items, st->capitems,
		    sizeof(*st->items));
	}
	st->items[st->nitems].start = m->start;
	st->items[st->nitems++].end = m->end;
}

/*
 * A list item candidate: is_item() holds for t..te,
 * whose word began at a (maybe with a bullet), ending with punctuation
 * at end.  Items run on when an item's number follows the one before
 * of the same style, which must itself be confirmed, or first in the
 * paragraph, or number 1.  Only the latest item of each style is kept;
 * confirmed ones are listed for lists().
 */
static void
add_marker(struct split *st, size_t a, size_t t, size_t te, size_t end,
    int form)
{
	const unsigned char *s = st->s;
	struct marker m, *p;
	size_t i, k, start = a;
	unsigned value = 0;

	if (is_lower_ascii(s[t]))
		value = (unsigned)(s[t] - 'a' + 1);
	else {
		for (i = t; i < te; i++)
			value = value * 10 + (unsigned)(s[i] - '0');
		form += 3;
	}
	if (start == t && a >= 2 && s[a - 1] == ' ')
		for (k = 1; k <= 3 && k + 1 <= a; k++)
			if (bullet_len(s, st->n, a - 1 - k) == k) {
				start = a - 1 - k;
				break;
			}
	m.start = start;
	m.end = end;
	m.value = value;
	m.at_start = t == st->first;
	m.confirmed = 0;
	p = &st->last[form];
	if ((st->has_last & 1u << form) && m.value == p->value + 1 &&
	    (p->confirmed || p->at_start || p->value == 1)) {
		if (!p->confirmed)
			push_item(st, p);
		m.confirmed = 1;
		push_item(st, &m);
	}
	*p = m;
	st->has_last |= 1u << form;
}

/*
 * The word before the stop at i: from the last space or cut, without
 * leading quotes, brackets and bullets.  Returns its kind.
 */
static int
word_before(struct split *st, size_t i, size_t *ap, size_t *tp)
{
	const unsigned char *s = st->s;
	size_t a, t, lo, len;
	int kind;

	lo = i > BACK_MAX ? i - BACK_MAX : 0;
	if (lo < st->last_cut)
		lo = st->last_cut;
	for (a = i; a > lo && s[a - 1] != ' '; a--)
		;
	if (a == lo && a > 0 && a != st->last_cut && s[a - 1] != ' ')
		return SENTENCE_WORD;	/* longer than any abbreviation */
	t = a;
	while (t < i && ((len = opener_len(s, st->n, t)) > 0 ||
	    (len = bullet_len(s, st->n, t)) > 0))
		t += len;
	*ap = a;
	*tp = t;
	if (t == i)
		return SENTENCE_WORD;
	if (t == st->first && is_item(s + t, i - t))
		return SENTENCE_LIST;
	if ((kind = sentence_rules_kind(st->rules, (const char *)s + t,
	    i - t)) != SENTENCE_WORD)
		return kind;
	if (is_single_letter(s + t, i - t) || is_dotted(s + t, i - t))
		return SENTENCE_ABBREV;
	return SENTENCE_WORD;
}

static void
add_paren(struct split *st, size_t pos)
{
	if (st->nparens == st->capparens) {
		st->capparens = st->capparens ? st->capparens * 2 : 16;
		st->parens = xreallocarray(st->parens, st->capparens,
		    sizeof(*st->parens));
	}
	st->parens[st->nparens++] = pos;
}

/*
 * Is the stop at i inside an address: a word holding '@' or '/' (e-mail,
 * URL, path) or starting with "www."?  The answer is kept for the whole
 * word, so a long word is scanned once however many stops it holds.
 */
static int
in_address(struct split *st, size_t i)
{
	const unsigned char *s = st->s;
	size_t a, b, k;

	if (i >= st->word_start && i < st->word_end)
		return st->word_address;
	for (a = i; a > 0 && s[a - 1] != ' '; a--)
		;
	for (b = i; b < st->n && s[b] != ' '; b++)
		;
	st->word_start = a;
	st->word_end = b;
	st->word_address = b - a >= 4 && memcmp(s + a, "www.", 4) == 0;
	for (k = a; k < b && !st->word_address; k++)
		st->word_address = s[k] == '@' || s[k] == '/';
	return st->word_address;
}

/* The stop run starting at i: decide, cut, and return where it ends. */
static size_t
stop_at(struct split *st, size_t i)
{
	const unsigned char *s = st->s;
	size_t n = st->n, j = i, k, len, a = i, t = i;
	int kind, dots = 0, bangs = 0, ellipses = 0, full = 0, spaced = 0;
	int closers = 0, glued, wk, total;
	struct next nx;

	for (;;) {
		if (j < n && (len = stop_len(s, n, j, &kind)) > 0) {
			if (kind == STOP_DOT)
				dots++;
			else if (kind == STOP_BANG)
				bangs++;
			else if (kind == STOP_ELLIPSIS)
				ellipses++;
			else
				full++;
			j += len;
			continue;
		}
		/* ". . ." */
		if (dots > 0 && bangs == 0 && closers == 0 && j + 1 < n &&
		    s[j] == ' ' && s[j + 1] == '.' && (j + 2 == n ||
		    s[j + 2] == ' ' || closer_len(s, n, j + 2) > 0)) {
			spaced++;
			j++;
			continue;
		}
		if ((len = stop_closer_len(st, j, i)) > 0) {
			/* A straight quote closes only before a break. */
			if ((s[j] == '"' || s[j] == '\'') && j + 1 < n &&
			    s[j + 1] != ' ' && closer_len(s, n, j + 1) == 0 &&
			    stop_len(s, n, j + 1, &kind) == 0)
				break;
			if (s[j] == ')')
				add_paren(st, j);
			closers++;
			j += len;
			continue;
		}
		break;
	}
	if (j >= n)
		return j;
	glued = s[j] != ' ';
	for (k = j; k < n && s[k] == ' '; k++)
		;
	if (k >= n)
		return j;
	classify_next(st, k, &nx);
	total = dots + 3 * ellipses;
	if (full > 0 && total == 0 && bangs == 0) {
		/* Scripts without capitals, with spaces or without. */
		if (nx.class != NEXT_LOWER)
			add_cut(st, j);
		return j;
	}
	if (glued && (!nx.capitalised || in_address(st, i)))
		return j;
	if (bangs > 0) {
		if (nx.class != NEXT_LOWER)
			add_cut(st, j);
		return j;
	}
	if (total >= 4) {
		if (dots == 4 && spaced == 3 && i > st->last_cut &&
		    s[i - 1] != ' ') {
			/* "compounds. . . . The": the period ends it. */
			if (nx.class == NEXT_UPPER)
				add_cut(st, i + 1);
		} else if (nx.class != NEXT_LOWER)
			add_cut(st, j);
		return j;
	}
	if (total == 3) {
		if (i > 0 && (s[i - 1] == '[' || s[i - 1] == '('))
			return j;	/* an omission, "[...]" */
		if (nx.class == NEXT_UPPER && !nx.pronoun)
			add_cut(st, j);
		return j;
	}

	wk = word_before(st, i, &a, &t);
	if (dots == 1 && !glued && is_item(s + t, i - t) &&
	    (closers == 0 || (closers == 1 && s[i + 1] == ')')))
		add_marker(st, a, t, i, j, closers ? 1 : 0);
	switch (wk) {
	case SENTENCE_LIST:
	case SENTENCE_PREFIX:
		return j;
	case SENTENCE_NUMBER:
		if (nx.class == NEXT_DIGIT || roman_after(s + t, i - t, s, &nx))
			return j;
		break;
	case SENTENCE_ABBREV:
		/* "U.S." inside a quotation ends it: an ordinary word. */
		if (closers > 0)
			break;
		if (is_starter(st, &nx))
			add_cut(st, j);
		return j;
	}
	if (nx.class == NEXT_LOWER && closers > 0)
		return j;
	add_cut(st, j);
	return j;
}

/* A ')' at i: maybe a list item "1)" or "a)". */
static void
paren_at(struct split *st, size_t i)
{
	const unsigned char *s = st->s;
	size_t a, t, len, lo;

	if (i + 1 >= st->n || s[i + 1] != ' ')
		return;
	lo = i > 8 ? i - 8 : 0;
	if (lo < st->last_cut)
		lo = st->last_cut;
	for (a = i; a > lo && s[a - 1] != ' '; a--)
		;
	if (a > 0 && a != st->last_cut && s[a - 1] != ' ')
		return;
	t = a;
	while (t < i && (len = bullet_len(s, st->n, t)) > 0)
		t += len;
	if (is_item(s + t, i - t))
		add_marker(st, a, t, i, i + 1, 2);
}

static int
cmp_end(const void *a, const void *b)
{
	size_t x = ((const struct item *)a)->end;
	size_t y = ((const struct item *)b)->end;

	return x < y ? -1 : x > y;
}

static int
cmp_start(const void *a, const void *b)
{
	size_t x = ((const struct item *)a)->start;
	size_t y = ((const struct item *)b)->start;

	return x < y ? -1 : x > y;
}

/*
 * The confirmed list items: no cut right after an item's own
 * punctuation, and a cut before each.  The cuts are in order, and stay
 * so: the items' starts are merged in from the back.
 */
static void
lists(struct split *st)
{
	struct item *it = st->items;
	size_t i, j, k, n = st->nitems, out, need, w;

	for (i = 1; i < n && it[i - 1].end < it[i].end; i++)
		;
	if (i < n)
		qsort(it, n, sizeof(*it), cmp_end);
	for (i = k = out = 0; i < st->ncuts; i++) {
		while (k < n && it[k].end < st->cuts[i].off)
			k++;
		if (k < n && it[k].end == st->cuts[i].off)
			continue;
		st->cuts[out++] = st->cuts[i];
	}
	st->ncuts = out;
	for (i = k = 0; i < n; i++)
		if (it[i].start > st->first)
			it[k++].start = it[i].start;
	n = k;
	if (n == 0)
		return;
	for (i = 1; i < n && it[i - 1].start <= it[i].start; i++)
		;
	if (i < n)
		qsort(it, n, sizeof(*it), cmp_start);
	need = st->ncuts + n + 1;
	if (need > *st->cap) {
		*st->cap = need;
		*st->spans = xreallocarray(*st->spans, *st->cap,
		    sizeof(**st->spans));
		st->cuts = *st->spans;
	}
	i = st->ncuts;
	j = n;
	for (w = st->ncuts + n; j > 0; ) {
		if (i > 0 && st->cuts[i - 1].off > it[j - 1].start)
			st->cuts[--w] = st->cuts[--i];
		else
			st->cuts[--w].off = it[--j].start;
	}
	st->ncuts += n;
	st->last_cut = st->cuts[st->ncuts - 1].off;
}

struct pair {
	size_t	open, close;
};

static int
cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	return x->open < y->open ? -1 : x->open > y->open;
}

/* Drop the cuts inside matched parentheses. */
static void
parentheses(struct split *st)
{
	const unsigned char *s = st->s;
	struct pair *pairs = NULL;
	size_t *stack = NULL, depth = 0, npairs = 0;
	size_t i, k, p, out, c;

	stack = xreallocarray(NULL, st->nparens, sizeof(*stack));
	pairs = xreallocarray(NULL, st->nparens, sizeof(*pairs));
	for (i = 0; i < st->nparens; i++) {
		p = st->parens[i];
		if (s[p] == '(')
			stack[depth++] = p;
		else if (depth > 0) {
			k = stack[--depth];
			if (p - k > PAREN_MAX)
				continue;
			pairs[npairs].open = k;
			pairs[npairs++].close = p;
		}
	}
	if (npairs > 0) {
		/* Merge nested and overlapping pairs into disjoint spans. */
		qsort(pairs, npairs, sizeof(*pairs), cmp_pair);
		for (i = 1, k = 0; i < npairs; i++) {
			if (pairs[i].open <= pairs[k].close) {
				if (pairs[i].close > pairs[k].close)
					pairs[k].close = pairs[i].close;
			} else
				pairs[++k] = pairs[i];
		}
		npairs = k + 1;
		for (i = k = out = 0; i < st->ncuts; i++) {
			c = st->cuts[i].off;
			while (k < npairs && pairs[k].close < c)
				k++;
			if (k < npairs && pairs[k].open < c)
				continue;
			st->cuts[out++] = st->cuts[i];
		}
		st->ncuts = out;
	}
	free(stack);
	free(pairs);
}

size_t
sentence_split(const struct sentence_rules *rules, const char *text,
    size_t len, struct span **spans, size_t *cap)
{
	struct split st;
	const unsigned char *s = (const unsigned char *)text;
	size_t i, k, prev, start, end, out;
	int kind;

	memset(&st, 0, offsetof(struct split, last));
	st.rules = rules;
	st.s = s;
	st.n = len;
	st.spans = spans;
	st.cap = cap;
	st.cuts = *spans;
	for (i = 0; i < len; i += k) {
		if (s[i] == ' ')
			k = 1;
		else if ((k = bullet_len(s, len, i)) == 0)
			break;
	}
	st.first = i;

	for (i = 0; i < len;) {
		i = next_stop(s, len, i);
		if (i >= len)
			break;
		if (s[i] == '(' || s[i] == ')') {
			add_paren(&st, i);
			if (s[i] == ')')
				paren_at(&st, i);
			i++;
		} else if (stop_len(s, len, i, &kind) > 0)
			i = stop_at(&st, i);
		else
			i++;
	}
	if (st.nitems > 0)
		lists(&st);
	if (st.ncuts > 0 && st.nparens > 0)
		parentheses(&st);
	free(st.items);
	free(st.parens);

	/* Cuts become spans, trimmed, empty ones dropped. */
	add_cut(&st, len);
	for (i = out = 0, prev = 0; i < st.ncuts; i++) {
		start = prev;
		end = st.cuts[i].off;
		prev = end;
		while (start < end && s[start] == ' ')
			start++;
		while (end > start && s[end - 1] == ' ')
			end--;
		if (start == end)
			continue;
		st.cuts[out].off = start;
		st.cuts[out++].len = end - start;
	}
	return out;
}
