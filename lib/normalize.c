/*
 * newswire: the text normalizer behind nw-normalize(1).
 *
 * A text span goes through up to three stages:
 *
 *  1. The Unicode stage, only when the span holds a non-ASCII byte:
 *     typographic punctuation, spaces and invisible characters are folded
 *     (fold_cp), the result is normalized by utf8proc (NFC or NFKC, marks
 *     stripped for -a) and folded again.  ASCII runs are copied as they
 *     are; non-ASCII code points come from a small per-normalizer cache
 *     when they cannot interact with their neighbours, and the whole
 *     non-ASCII run, with the ASCII character before it, goes through
 *     utf8proc otherwise (a combining mark after a letter, say).
 *  2. The layout stage, on bytes: whitespace collapsed and trimmed,
 *     leading bullet markers dropped, the missing space after , ; : . ! ?
 *     restored, ASCII lower-cased for -l.
 *  3. For -l, when non-ASCII is left: the Unicode stage again, this time
 *     with case folding.  Folding comes last so that the spacing rule,
 *     which looks at letter case, decides the same with or without -l.
 *
 * Every stage maps its own output to itself, which is what makes the
 * whole idempotent.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "nw-private.h"

/* Little-endian GCC and Clang: word and vector tricks in the hot loops. */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FAST_BLOCKS	1
#endif

#define CACHE_SIZE	4096	/* code points remembered, power of 2 */
#define CACHE_BYTES	26		/* longest cached result */

/* Byte classes of the layout stage. */
enum { B_WORD, B_SPACE, B_PUNCT };

struct cache_entry {
	int32_t		 key;		/* the code point + 1; 0: empty */
	unsigned char	 len;
	unsigned char	 alone;	/* can be mapped without context */
	char		 bytes[CACHE_BYTES];
};

/* One configuration of the Unicode stage. */
struct unicode_stage {
	utf8proc_option_t	 decompose;	/* 0: only fold */
	utf8proc_option_t	 compose;	/* 0: leave decomposed */
	int			 strip_marks;
	struct cache_entry	*cache;
};

struct normalizer {
	int			 flags;
	unsigned char		 class[256];
	unsigned char		 lower[256];
	struct unicode_stage	 plain;		/* stage 1 */
	struct unicode_stage	 folded;	/* stage 3 */
	struct buf		 stage1, stage3, scratch, entry;
	utf8proc_int32_t	*cps, *sort;
	size_t			 cpscap, sortcap;
};

/*
 * The typographic folding table.  A code point maps to an ASCII
 * replacement, to nothing (invisible characters), or is kept (NULL).
 * Spaces and controls are found by category, not listed.
 */
static const char *
fold_cp(int32_t cp)
{
	switch (cp) {
	case 0x00AD:	/* soft hyphen */
	case 0x061C:	/* Arabic letter mark */
	case 0x0640:	/* Arabic tatweel: a word stretched, not changed */
	case 0x180E:	/* Mongolian vowel separator */
	case 0x200B:	/* zero width space */
	case 0x200E: case 0x200F:		/* LRM, RLM */
	case 0x202A: case 0x202B: case 0x202C:	/* bidi embeddings */
	case 0x202D: case 0x202E:
	case 0x2060:	/* word joiner */
	case 0x2061: case 0x2062: case 0x2063: case 0x2064:
	case 0x2066: case 0x2067: case 0x2068: case 0x2069:
	case 0xFEFF:	/* zero width no-break space, byte order mark */
		return "";
	case 0x00B4:	/* acute accent used as an apostrophe */
	case 0x2018: case 0x2019: case 0x201A: case 0x201B:
	case 0x2032: case 0x2035:	/* primes */
	case 0x2039: case 0x203A:	/* single guillemets */
		return "'";
	case 0x00AB: case 0x00BB:	/* guillemets */
	case 0x201C: case 0x201D: case 0x201E: case 0x201F:
	case 0x2033: case 0x2036:
		return "\"";
	case 0x2034: case 0x2037:
		return "'''";
	case 0x2057:
		return "''''";
	case 0x2010: case 0x2011: case 0x2012: case 0x2013:
	case 0x2212:	/* minus sign */
		return "-";
	case 0x2014: case 0x2015: case 0x2E3A: case 0x2E3B:
		return " - ";
	case 0x2026:
		return "...";
	}
	if (cp < 0x80)
		return NULL;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CC:
		return " ";
	default:
		return NULL;
	}
}

/* Bullet markers dropped at the start of a text. */
static int
is_bullet(int32_t cp)
{
	switch (cp) {
	case 0x00B7: case 0x2022: case 0x2023: case 0x2043: case 0x2219:
	case 0x25A0: case 0x25A1: case 0x25AA: case 0x25AB: case 0x25B6:
	case 0x25B8: case 0x25BA: case 0x25C6: case 0x25C7: case 0x25CB:
	case 0x25CF: case 0x25E6: case 0x2666: case 0x2713: case 0x2714:
	case 0x2756: case 0x27A2: case 0x27A4: case 0x2981:
		return 1;
	}
	return 0;
}

static void
cps_reserve(struct normalizer *n, size_t want)
{
	if (want <= n->cpscap)
		return;
	if (want > SIZE_MAX / 2 / sizeof(*n->cps))
		errx(NW_EXIT_FAIL, "normalize: text too long");
	n->cpscap = want * 2;
	n->cps = xreallocarray(n->cps, n->cpscap, sizeof(*n->cps));
}

static int
ccc(int32_t cp)
{
	return utf8proc_get_property(cp)->combining_class;
}

/*
 * Canonical ordering: each run of code points of non-zero combining
 * class sorted by class, stably.  utf8proc_decompose does this by
 * swapping neighbours, which is quadratic in the length of a run: a
 * letter carrying thousands of marks ("Zalgo" text) took seconds.
 * Short runs are sorted by insertion, long ones by counting.
 */
static void
canonical_order(struct normalizer *n, utf8proc_int32_t *cps, size_t count)
{
	size_t at[257], i, j, start, end;
	utf8proc_int32_t cp;
	int c;

	for (start = 0; start < count; start = end + 1) {
		while (start < count && ccc(cps[start]) == 0)
			start++;
		for (end = start; end < count && ccc(cps[end]) != 0; end++)
			;
		if (end - start < 2)
			continue;
		if (end - start <= 32) {
			for (i = start + 1; i < end; i++) {
				cp = cps[i];
				c = ccc(cp);
				for (j = i; j > start && ccc(cps[j - 1]) > c; j--)
					cps[j] = cps[j - 1];
				cps[j] = cp;
			}
			continue;
		}
		memset(at, 0, sizeof(at));
		for (i = start; i < end; i++)
			at[ccc(cps[i]) + 1]++;
		for (c = 1; c < 257; c++)
			at[c] += at[c - 1];
		if (n->sortcap < end - start) {
			n->sortcap = end - start;
			n->sort = xreallocarray(n->sort, n->sortcap,
			    sizeof(*n->sort));
		}
		for (i = start; i < end; i++)
			n->sort[at[ccc(cps[i])]++] = cps[i];
		memcpy(cps + start, n->sort, (end - start) * sizeof(*cps));
	}
}

/*
 * What utf8proc_decompose does, into n->cps: each code point of the
 * valid UTF-8 in s decomposed as st asks, then put in canonical order.
 * Returns the number of code points.
 */
static size_t
decompose(struct normalizer *n, const struct unicode_stage *st,
    const struct buf *s)
{
	const unsigned char *p = (const unsigned char *)s->data;
	size_t len = s->len, count = 0, k;
	utf8proc_ssize_t r;
	int32_t cp;
	int bound = UTF8PROC_BOUNDCLASS_START, was;

	cps_reserve(n, len + 16);
	while (len > 0) {
		if ((k = utf8_decode(p, len, &cp)) == 0)
			errx(NW_EXIT_FAIL, "normalize: %s",
			    utf8proc_errmsg(UTF8PROC_ERROR_INVALIDUTF8));
		was = bound;
		r = utf8proc_decompose_char(cp, n->cps + count,
		    (utf8proc_ssize_t)(n->cpscap - count), st->decompose,
		    &bound);
		if (r < 0)
			errx(NW_EXIT_FAIL, "normalize: %s",
			    utf8proc_errmsg(r));
		if ((size_t)r > n->cpscap - count) {
			cps_reserve(n, count + (size_t)r + len);
			bound = was;
			continue;	/* again, into room enough */
		}
		count += (size_t)r;
		p += k;
		len -= k;
	}
	if (st->decompose & UTF8PROC_DECOMPOSE)
		canonical_order(n, n->cps, count);
	return count;
}

/*
 * The Unicode stage proper, on s[0..len): fold, normalize, fold again,
 * append to out.  If first is not NULL it receives the first code point
 * after decomposition (-1 when nothing is left), which tells whether the
 * result depends on what comes before.
 */
static void
unicode_run(struct normalizer *n, const struct unicode_stage *st,
    struct buf *out, const char *s, size_t len, int32_t *first)
{
	const unsigned char *p = (const unsigned char *)s;
	struct buf *tmp = &n->scratch;
	utf8proc_ssize_t count, i, j;
	const char *rep;
	size_t k;
	int32_t cp;

	buf_clear(tmp);
	while (len > 0) {
		if ((k = utf8_decode(p, len, &cp)) == 0) {
			k = utf8_invalid_span(p, len);
			cp = 0xFFFD;
		}
		p += k;
		len -= k;
		if ((rep = fold_cp(cp)) != NULL)
			buf_adds(tmp, rep);
		else {
			buf_reserve(tmp, 4);
			tmp->len += utf8_encode(cp, tmp->data + tmp->len);
		}
	}
	if (st->decompose == 0) {
		if (first != NULL)
			*first = -1;
		buf_add(out, tmp->data, tmp->len);
		return;
	}

	count = decompose(n, st, tmp);
	/*
	 * What folds to nothing goes before marks are ordered and
	 * composed: a tatweel that an Arabic presentation form decomposes
	 * to (U+FE77 is tatweel and fatha), taken out after, would leave the
	 * marks on either side of it out of canonical order.
	 */
	for (i = j = 0; i < count; i++)
		if ((rep = fold_cp(n->cps[i])) == NULL || *rep != '\0')
			n->cps[j++] = n->cps[i];
	if (j < count) {
		count = j;
		if (st->decompose & UTF8PROC_DECOMPOSE)
			canonical_order(n, n->cps, (size_t)count);
	}
	if (st->strip_marks) {
		for (i = j = 0; i < count; i++)
			if (utf8proc_category(n->cps[i]) !=
			    UTF8PROC_CATEGORY_MN)
				n->cps[j++] = n->cps[i];
		count = j;
	}
	if (first != NULL)
		*first = count > 0 ? n->cps[0] : -1;
	if (st->compose != 0 && count > 0) {
		count = utf8proc_normalize_utf32(n->cps, count, st->compose);
		if (count < 0)
			errx(NW_EXIT_FAIL, "normalize: %s",
			    utf8proc_errmsg(count));
	}
	for (i = 0; i < count; i++) {
		if ((rep = fold_cp(n->cps[i])) != NULL)
			buf_adds(out, rep);
		else {
			buf_reserve(out, 4);
			out->len += utf8_encode(n->cps[i],
			    out->data + out->len);
		}
	}
}

/*
 * Whether a code point whose decomposition starts with cp keeps a
 * normalization boundary before it: nothing before can combine with it
 * or be reordered past it.  Characters that compose with a preceding
 * starter are all marks, grapheme extenders or Hangul vowels and
 * trailing consonants.
 */
static int
boundary_before(int32_t cp)
{
	const utf8proc_property_t *pr;

	if (cp < 0)
		return 1;
	pr = utf8proc_get_property(cp);
	if (pr->combining_class != 0)
		return 0;
	switch (pr->category) {
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return 0;
	}
	switch (pr->boundclass) {
	case UTF8PROC_BOUNDCLASS_EXTEND:
	case UTF8PROC_BOUNDCLASS_SPACINGMARK:
	case UTF8PROC_BOUNDCLASS_V:
	case UTF8PROC_BOUNDCLASS_T:
		return 0;
	}
	return 1;
}

/* The cache entry for cp, filled on a miss. */
static inline const struct cache_entry *
cache_get(struct normalizer *n, const struct unicode_stage *st, int32_t cp)
{
	struct buf *res = &n->entry;
	struct cache_entry *e;
	char enc[4];
	int32_t first;
	size_t k;

	e = &st->cache[(uint32_t)(cp ^ (cp >> 12)) & (CACHE_SIZE - 1)];
	if (e->key == cp + 1)
		return e;
	k = utf8_encode(cp, enc);
	buf_clear(res);
	unicode_run(n, st, res, enc, k, &first);
	e->key = cp + 1;
	e->alone = res->len <= CACHE_BYTES && boundary_before(first);
	e->len = e->alone ? (unsigned char)res->len : 0;
	if (e->len > 0)
		memcpy(e->bytes, res->data, res->len);
	return e;
}

/*
 * Decode one code point of a non-ASCII run: the two- and three-byte
 * forms inline, the rest through utf8_decode().  0 if invalid.
 */
static inline size_t
decode_fast(const unsigned char *p, size_t n, int32_t *cp)
{
	int32_t v;

	if (p[0] >= 0xC2 && p[0] < 0xE0 && n >= 2 && (p[1] & 0xC0) == 0x80) {
		*cp = (p[0] & 0x1F) << 6 | (p[1] & 0x3F);
		return 2;
	}
	if (p[0] >= 0xE0 && p[0] < 0xF0 && n >= 3 &&
	    (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		v = (p[0] & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) {
			*cp = v;
			return 3;
		}
		return 0;
	}
	return utf8_decode(p, n, cp);
}

/* Room for n more bytes at *o, which points into out. */
static inline void
room(struct buf *out, char **o, size_t n)
{
	out->len = (size_t)(*o - out->data);
	if (out->cap - out->len <= n) {
		buf_reserve(out, n);
		*o = out->data + out->len;
	}
}

static void
unicode_stage(struct normalizer *n, const struct unicode_stage *st,
    struct buf *out, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text, *end = s + len;
	const unsigned char *p, *q, *run;
	const struct cache_entry *e;
	uint64_t w;
	size_t k, mark;
	int32_t cp;
	char *o;

	buf_reserve(out, len);
	o = out->data + out->len;
	for (p = s; p < end; ) {
		/* ASCII is copied, eight bytes at a time while it lasts. */
		room(out, &o, (size_t)(end - p));
		for (; end - p >= 8; p += 8, o += 8) {
			memcpy(&w, p, 8);
			memcpy(o, &w, 8);
			if ((w &= SWAR_HIGHS) != 0) {
#ifdef FAST_BLOCKS
				k = (size_t)__builtin_ctzll(w) / 8;
				p += k;
				o += k;
#endif
				break;
			}
		}
		while (p < end && *p < 0x80)
			*o++ = (char)*p++;
		if (p == end)
			break;

		/*
		 * Non-ASCII: code point by code point from the cache while
		 * that is possible, else the whole run and the ASCII
		 * character before it go through unicode_run().
		 */
		run = p;
		mark = (size_t)(o - out->data);
		while (p < end && *p >= 0x80) {
			if ((k = decode_fast(p, (size_t)(end - p), &cp)) == 0)
				break;
			e = cache_get(n, st, cp);
			if (!e->alone)
				break;
			room(out, &o, CACHE_BYTES);
			memcpy(o, e->bytes, CACHE_BYTES);
			o += e->len;
			p += k;
		}
		if (p == end || *p < 0x80)
			continue;
		for (q = p; q < end && *q >= 0x80; q++)
			continue;
		out->len = mark;
		if (run > s) {
			run--;
			out->len--;
		}
		unicode_run(n, st, out, (const char *)run, (size_t)(q - run),
		    NULL);
		o = out->data + out->len;
		p = q;
	}
	out->len = (size_t)(o - out->data);
}

/*
 * The layout stage.
 *
 * Spacing repair inserts a space after , ; : . ! ? when the character
 * after it is a letter and the characters around it look like two words
 * glued together rather than a number, an abbreviation or an address:
 *
 *   , ;   after a letter, digit, closing bracket or quote, or %;
 *         before any letter
 *   :     the same, but only before an upper-case letter (10:30, urn:x)
 *   ! ?   after a letter, closing bracket or quote, ! or ?; before an
 *         upper-case letter
 *   .     after a lower-case letter that follows another letter, or after
 *         a closing bracket, quote or %; before an upper-case letter that
 *         is not itself followed by "." (e.g.The, U.S.A., Ph.D. stay)
 *
 * and never in a token (a run of non-space characters) that contains
 * / @ = & or \ or starts with "www." (after opening brackets and
 * quotes), which covers URLs, e-mail addresses, paths and HTML entities
 * (R&amp;D).  Domain names are safe because their labels are lower case
 * or all capitals.
 */
struct layout {
	const unsigned char	*start;	/* of the current token */
	const unsigned char	*scanned;	/* its end, once looked at */
	const unsigned char	*feature;	/* the last / @ = & \ in it */
};

static size_t
decode_back(const unsigned char *lo, const unsigned char *p, int32_t *cp)
{
	const unsigned char *q = p;
	size_t k;

	do
		q--;
	while (q > lo && (*q & 0xC0) == 0x80 && p - q < 4);
	if ((k = utf8_decode(q, (size_t)(p - q), cp)) != (size_t)(p - q)) {
		*cp = 0xFFFD;
		return 1;
	}
	return k;
}

/* Letter classes for the spacing rule. */
#define L_LETTER	0x01
#define L_UPPER		0x02
#define L_LOWER		0x04
#define L_DIGIT		0x08
#define L_CLOSE		0x10	/* ) ] " ' % */
#define L_MARK		0x20	/* M*, a letter too: it goes on one */

static int
char_class(int32_t cp)
{
	if (cp < 0x80) {
		if (cp >= 'a' && cp <= 'z')
			return L_LETTER | L_LOWER;
		if (cp >= 'A' && cp <= 'Z')
			return L_LETTER | L_UPPER;
		if (cp >= '0' && cp <= '9')
			return L_DIGIT;
		if (cp == ')' || cp == ']' || cp == '"' || cp == '\'' ||
		    cp == '%')
			return L_CLOSE;
		return 0;
	}
	/*
	 * Cherokee, whose small letters case fold to its capitals: of no
	 * case here, so that -l, which makes them capitals, changes no
	 * decision, and its output is repaired already.
	 */
	if ((cp >= 0x13a0 && cp <= 0x13f5) || (cp >= 0x13f8 && cp <= 0x13fd) ||
	    (cp >= 0xab70 && cp <= 0xabbf))
		return L_LETTER;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LT:
		return L_LETTER | L_UPPER;
	case UTF8PROC_CATEGORY_LL:
		return L_LETTER | L_LOWER;
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return L_LETTER;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return L_LETTER | L_MARK;
	case UTF8PROC_CATEGORY_ND:
		return L_DIGIT;
	default:
		return 0;
	}
}

static int
url_like(const struct normalizer *n, struct layout *lt,
    const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q;

	if (lt->scanned == NULL || p >= lt->scanned) {
		lt->feature = NULL;
		for (q = lt->start; q < end && n->class[*q] != B_SPACE; q++)
			if (*q == '/' || *q == '@' || *q == '=' ||
			    *q == '&' || *q == '\\')
				lt->feature = q;
		lt->scanned = q;
	}
	if (lt->feature != NULL && lt->feature >= lt->start)
		return 1;
	/* "(www.Example.Com)": past the brackets and quotes it opens with. */
	for (q = lt->start; q < end && (*q == '(' || *q == '[' ||
	    *q == '{' || *q == '<' || *q == '"' || *q == '\''); q++)
		;
	return end - q >= 4 && (q[0] | 0x20) == 'w' &&
	    (q[1] | 0x20) == 'w' && (q[2] | 0x20) == 'w' && q[3] == '.';
}

/* p is just after the punctuation character c, and before end. */
static int
needs_space(const struct normalizer *n, struct layout *lt, int c,
    const unsigned char *p, const unsigned char *end)
{
	const unsigned char *punct = p - 1, *before, *after;
	int32_t cp;
	int next, prev, prev2;
	size_t k;

	if (*p < 0x80)
		next = char_class(*p);
	else if (utf8_decode(p, (size_t)(end - p), &cp) != 0)
		next = char_class(cp);
	else
		return 0;
	if (!(next & L_LETTER) || punct == lt->start)
		return 0;
	before = punct - decode_back(lt->start, punct, &cp);
	prev = char_class(cp);
	switch (c) {
	case ',':
	case ';':
		if (!(prev & (L_LETTER | L_DIGIT | L_CLOSE)))
			return 0;
		break;
	case ':':
		if (!(prev & (L_LETTER | L_DIGIT | L_CLOSE)) ||
		    !(next & L_UPPER))
			return 0;
		break;
	case '!':
	case '?':
		if (!(prev & (L_LETTER | L_CLOSE)) && punct[-1] != '!' &&
		    punct[-1] != '?')
			return 0;
		if (!(next & L_UPPER))
			return 0;
		break;
	case '.':
		if (!(next & L_UPPER))
			return 0;
		/*
		 * A letter is its base with the combining marks after it
		 * (ẹ̀, which has no precomposed form, or e U+0301 under
		 * --form none), as the other rules take a mark for a letter.
		 */
		while ((prev & L_MARK) && before > lt->start) {
			k = decode_back(lt->start, before, &cp);
			before -= k;
			prev = char_class(cp);
		}
		if (prev & L_LOWER) {
			if (before == lt->start)
				return 0;
			decode_back(lt->start, before, &cp);
			prev2 = char_class(cp);
			if (!(prev2 & L_LETTER))
				return 0;
		} else if (!(prev & L_CLOSE))
			return 0;
		/*
		 * A single letter and a dot: an abbreviation (Ph.D.), the
		 * letter's combining marks with it (Ọ̀.).
		 */
		if (*p < 0x80)
			after = p + 1;
		else
			after = p + utf8_decode(p, (size_t)(end - p), &cp);
		while (after < end && *after >= 0x80 && (k = utf8_decode(after,
		    (size_t)(end - after), &cp)) != 0 &&
		    (char_class(cp) & L_MARK))
			after += k;
		if (after < end && *after == '.')
			return 0;
		break;
	default:
		return 0;
	}
	return !url_like(n, lt, p, end);
}

static const unsigned char *
skip_space(const struct normalizer *n, const unsigned char *p,
    const unsigned char *end)
{
	while (p < end && n->class[*p] == B_SPACE)
		p++;
	return p;
}

/*
 * Bullet markers at the start: a bullet character, or - or * before a
 * space; repeatedly, so that "- * item" loses both.
 */
static const unsigned char *
skip_bullets(const struct normalizer *n, const unsigned char *p,
    const unsigned char *end)
{
	int32_t cp;
	size_t k;

	while (p < end) {
		if ((*p == '-' || *p == '*') && end - p >= 2 &&
		    n->class[p[1]] == B_SPACE)
			k = 1;
		else if (*p >= 0x80 &&
		    (k = utf8_decode(p, (size_t)(end - p), &cp)) != 0 &&
		    is_bullet(cp))
			;
		else
			break;
		p = skip_space(n, p + k, end);
	}
	return p;
}

#ifdef FAST_BLOCKS
typedef unsigned char	vbyte __attribute__((__vector_size__(16)));
typedef signed char	vmask __attribute__((__vector_size__(16)));

/*
 * The common case sixteen bytes at a time: copy (and lower-case) bytes
 * while none of them needs a decision, that is a control character, a
 * space before white space, or , ; : . ! ? before anything but a space.
 * Stops before the first that does, or when fewer than 17 bytes are
 * left (the byte after each block is looked at).  Returns the number of
 * bytes copied to o and moves *token past the last space copied.
 */
static size_t
layout_blocks(const unsigned char *p, const unsigned char *end,
    unsigned char *o, int lower, const unsigned char **token)
{
	const unsigned char *start = p;
	uint64_t bad[2], space[2];
	vbyte v, w;
	vmask sp, stop;
	size_t k;

	while (end - p >= 17) {
		memcpy(&v, p, 16);
		memcpy(&w, p + 1, 16);
		sp = v == ' ';
		stop = (v < 0x20) | (v == 0x7F) |
		    (sp & ((w <= ' ') | (w == 0x7F))) |
		    (((v == ',') | (v == '.') | (v == ';') | (v == ':') |
		    (v == '!') | (v == '?')) & (w != ' '));
		if (lower)
			v |= (vbyte)((v >= 'A') & (v <= 'Z')) & 0x20;
		memcpy(o, &v, 16);
		memcpy(bad, &stop, 16);
		memcpy(space, &sp, 16);
		if (bad[0] != 0) {
			k = (size_t)__builtin_ctzll(bad[0]) / 8;
			space[0] &= (1ULL << (k * 8)) - 1;
			space[1] = 0;
		} else if (bad[1] != 0) {
			k = 8 + (size_t)__builtin_ctzll(bad[1]) / 8;
			space[1] &= (1ULL << ((k - 8) * 8)) - 1;
		} else
			k = 16;
		if (space[1] != 0)
			*token = p + 9 + (63 - __builtin_clzll(space[1])) / 8;
		else if (space[0] != 0)
			*token = p + (63 - __builtin_clzll(space[0])) / 8 + 1;
		p += k;
		o += k;
		if (k < 16)
			break;
	}
	return (size_t)(p - start);
}
#endif

static void
layout_stage(struct normalizer *n, struct buf *out, const char *text,
    size_t len)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + len;
	const unsigned char *class = n->class, *lower = n->lower;
	struct layout lt = { NULL, NULL, NULL };
	unsigned char *o;
#ifdef FAST_BLOCKS
	size_t k;
#endif
	int c;

	/* At most one space is added per punctuation character. */
	buf_reserve(out, len + len / 2 + 16);
	o = (unsigned char *)out->data + out->len;
	p = skip_space(n, p, end);
	p = skip_bullets(n, p, end);
	lt.start = p;
	while (p < end) {
#ifdef FAST_BLOCKS
		k = layout_blocks(p, end, o, n->flags & NORM_LOWER, &lt.start);
		p += k;
		o += k;
#endif
		c = *p;
		switch (class[c]) {
		case B_WORD:
			*o++ = lower[c];
			p++;
			break;
		case B_SPACE:
			p = skip_space(n, p + 1, end);
			if (p < end)
				*o++ = ' ';
			lt.start = p;
			break;
		default:
			*o++ = (unsigned char)c;
			p++;
			if (p < end && needs_space(n, &lt, c, p, end)) {
				*o++ = ' ';
				lt.start = p;
			}
			break;
		}
	}
	out->len = (size_t)(o - (unsigned char *)out->data);
}

static void
stage_init(struct unicode_stage *st, int form, int flags, int casefold)
{
	st->decompose = st->compose = 0;
	st->strip_marks = (flags & NORM_STRIP_MARKS) != 0;
	if (form == NORM_NFKC)
		st->decompose = UTF8PROC_COMPAT;
	if (form != NORM_NONE || st->strip_marks) {
		/* Marks are stripped from the decomposed form. */
		st->decompose |= UTF8PROC_DECOMPOSE | UTF8PROC_STABLE;
		st->compose = UTF8PROC_COMPOSE | UTF8PROC_STABLE;
	}
	if (casefold)
		st->decompose |= UTF8PROC_CASEFOLD;
	/*
	 * Empty as allocated: a tool that meets no non-ASCII text never
	 * touches the cache's pages (each normalizer has two, 256 KB).
	 */
	st->cache = xcalloc(CACHE_SIZE, sizeof(*st->cache));
}

struct normalizer *
normalizer_new(int form, int flags)
{
	struct normalizer *n;
	int c;

	n = xcalloc(1, sizeof(*n));
	n->flags = flags;
	for (c = 0; c < 256; c++) {
		n->class[c] = B_WORD;
		n->lower[c] = (unsigned char)c;
		if (c < 0x20 || c == ' ' || c == 0x7F)
			n->class[c] = B_SPACE;
		else if (strchr(",;:.!?", c) != NULL)
			n->class[c] = B_PUNCT;
		if ((flags & NORM_LOWER) && c >= 'A' && c <= 'Z')
			n->lower[c] = (unsigned char)(c + ('a' - 'A'));
	}
	stage_init(&n->plain, form, flags, 0);
	stage_init(&n->folded, form, flags, 1);
	return n;
}

void
normalizer_free(struct normalizer *n)
{
	if (n == NULL)
		return;
	free(n->plain.cache);
	free(n->folded.cache);
	buf_free(&n->stage1);
	buf_free(&n->stage3);
	buf_free(&n->scratch);
	buf_free(&n->entry);
	free(n->cps);
	free(n->sort);
	free(n);
}

void
normalize_text(struct normalizer *n, struct buf *out, const char *text,
    size_t len)
{
	size_t start = out->len;
	int unicode = 0;

	if (!ascii_only(text, len)) {
		buf_clear(&n->stage1);
		unicode_stage(n, &n->plain, &n->stage1, text, len);
		text = n->stage1.data;
		len = n->stage1.len;
		unicode = 1;
	}
	layout_stage(n, out, text, len);
	if ((n->flags & NORM_LOWER) && unicode &&
	    !ascii_only(out->data + start, out->len - start)) {
		buf_clear(&n->stage3);
		unicode_stage(n, &n->folded, &n->stage3, out->data + start,
		    out->len - start);
		out->len = start;
		buf_add(out, n->stage3.data, n->stage3.len);
	}
}
