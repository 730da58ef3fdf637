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
 *    in", "'Why?' she asked"), and so does ';' after a Greek letter,
 *    the Greek question mark; so do the full stops of scripts without
 *    capitals, space or no space: CJK 。！？, the Arabic question mark
 *    ؟ and the Urdu full stop ۔, the danda । and double danda ॥ of
 *    Devanagari, Bengali and Gurmukhi, the Armenian ։, the Ethiopic ።
 *    and ፧, the Myanmar ။ and the Khmer ។ and ៕, but before と or って
 *    after a closing bracket, the particle that quotes a Japanese
 *    quotation.
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
 * sentence starters) are sentencerules.c's, the stops, quotes, brackets
 * and bullets sentencemarks.c's.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

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
	if ((len = sentence_closer_len(s, n, i)) > 0)
		return len;
	if ((len = sentence_turned_len(s, n, i)) > 0 ||
	    ((len = sentence_turned_guillemet_len(s, n, i)) > 0 &&
	    guillemet_open(st, stop)))
		return i + len == n || s[i + len] == ' ' ||
		    sentence_closer_len(s, n, i + len) > 0 ? len : 0;
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
	while ((len = sentence_opener_len(s, n, k)) > 0)
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
		else if (t[i] < 0x80)
			return 0;
		else if ((cat = category_at(t, n, i, &len)) >=
		    UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME &&
		    run > 0) {
			/* A letter's combining mark (É.U. written NFD). */
			i += len;
			continue;
		} else if (cat < UTF8PROC_CATEGORY_LU ||
		    cat > UTF8PROC_CATEGORY_LO)
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

/*
 * Is t one letter (an initial)?  Above ASCII, not a lower-case one: a
 * word of one such letter is a word, as Vietnamese ý and ở, Portuguese
 * é and French à are, and may end a sentence.
 */
static int
is_single_letter(const unsigned char *t, size_t n)
{
	int32_t cp, mark;
	size_t len, k;
	int cat, mcat;

	if (n == 1)
		return is_alpha_ascii(t[0]);
	if (n > 16 || (len = utf8_decode(t, n, &cp)) == 0)
		return 0;
	/* Its combining marks, as NFD writes Ö: O and U+0308. */
	for (k = len; k < n; k += len) {
		if ((len = utf8_decode(t + k, n - k, &mark)) == 0 ||
		    (mcat = utf8proc_category(mark)) < UTF8PROC_CATEGORY_MN ||
		    mcat > UTF8PROC_CATEGORY_ME)
			return 0;
	}
	/* With a mark, a letter above ASCII: not a lower-case one. */
	if (cp < 0x80)
		return is_upper_ascii((unsigned char)cp);
	cat = utf8proc_category(cp);
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO &&
	    cat != UTF8PROC_CATEGORY_LL;
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
			if (sentence_bullet_len(s, st->n, a - 1 - k) == k) {
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
	while (t < i && ((len = sentence_opener_len(s, st->n, t)) > 0 ||
	    (len = sentence_bullet_len(s, st->n, t)) > 0))
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

/* Whether the bytes of seq are at i. */
static int
has_seq(const unsigned char *s, size_t n, size_t i, const char *seq)
{
	size_t k = strlen(seq);

	return k <= n - i && memcmp(s + i, seq, k) == 0;
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
		if (j < n && (len = sentence_stop_len(s, n, j, &kind)) > 0) {
			if (kind == SENTENCE_STOP_DOT)
				dots++;
			else if (kind == SENTENCE_STOP_BANG)
				bangs++;
			else if (kind == SENTENCE_STOP_ELLIPSIS)
				ellipses++;
			else
				full++;
			j += len;
			continue;
		}
		/* ". . ." */
		if (dots > 0 && bangs == 0 && closers == 0 && j + 1 < n &&
		    s[j] == ' ' && s[j + 1] == '.' && (j + 2 == n ||
		    s[j + 2] == ' ' || sentence_closer_len(s, n, j + 2) > 0)) {
			spaced++;
			j++;
			continue;
		}
		if ((len = stop_closer_len(st, j, i)) > 0) {
			/* A straight quote closes only before a break. */
			if ((s[j] == '"' || s[j] == '\'') && j + 1 < n &&
			    s[j + 1] != ' ' && sentence_closer_len(s, n, j + 1) == 0 &&
			    sentence_stop_len(s, n, j + 1, &kind) == 0)
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
		/*
		 * Scripts without capitals, with spaces or without; but a
		 * Japanese quotation goes on with the particle that quotes
		 * it: 「これは重要だ。」と大臣は述べた。
		 */
		if (nx.class != NEXT_LOWER && !(closers > 0 &&
		    (has_seq(s, n, k, "\xe3\x81\xa8") ||		/* と */
		    has_seq(s, n, k, "\xe3\x81\xa3\xe3\x81\xa6"))))	/* って */
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
	while (t < i && (len = sentence_bullet_len(s, st->n, t)) > 0)
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
		else if ((k = sentence_bullet_len(s, len, i)) == 0)
			break;
	}
	st.first = i;

	for (i = 0; i < len;) {
		i = sentence_next_stop(s, len, i);
		if (i >= len)
			break;
		if (s[i] == '(' || s[i] == ')') {
			add_paren(&st, i);
			if (s[i] == ')')
				paren_at(&st, i);
			i++;
		} else if (sentence_stop_len(s, len, i, &kind) > 0)
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
