/*
 * newswire: the longer tokens of nw-tokenize(1): dotted abbreviations,
 * URLs, e-mail addresses, @handles and #hashtags, and the clitics that
 * may follow a word or one of them.
 *
 * The scanner in tokenize.c calls these only when the start of a token
 * allows one (a word stopped by ':', '.', '@'; a '@' or '#'; a period
 * after a short word; an apostrophe), so they may look ahead as far as
 * they need: each returns where its token ends, or 0 (no such token),
 * and writes nothing.
 */
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "nw-private.h"
#include "tokenize.h"

static size_t	url_end(const struct tokenizer *, const unsigned char *, size_t,
		    size_t, size_t);

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
size_t
token_clitic_start(const unsigned char *s, size_t p, size_t q)
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

/* The end of a clitic ('s ...) right after a special token ending at e. */
size_t
token_clitic_after(const struct tokenizer *tk, const unsigned char *s, size_t n,
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

/*
 * A dotted abbreviation at p: groups of letters each followed by a
 * period, the first of one or two letters and the others of one ("U.S.",
 * "a.m.", "e.g.", "Ph.D."); or an initial, a capital letter and a period
 * before anything but a word character ("George W. Bush").  Returns its
 * end, or 0.
 */
size_t
token_abbreviation_end(const struct tokenizer *tk, const unsigned char *s,
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

/* Which of the three brackets in set c is, or -1. */
static int
bracket(int c, const char *set)
{
	int b;

	for (b = 0; b < 3; b++)
		if (c == set[b])
			return b;
	return -1;
}

/*
 * A URL whose scheme ("https") or "www" is the ASCII word [p, j), which
 * stopped at a ':' or '.': its end, or 0.
 */
size_t
token_url_from_word(const struct tokenizer *tk, const unsigned char *s, size_t n,
    size_t p, size_t j)
{
	size_t i;

	if ((s[j] != ':' && s[j] != '.') || tk->kind[s[p]] != K_LETTER)
		return 0;
	for (i = p; i < j; i++)
		if (!tk->isword[s[i]])
			return 0;
	/*
	 * Nothing is looked up past the next character that can end a URL
	 * (a space among them): a text of "a:a:a:..." tries a scheme at
	 * every colon.
	 */
	if (s[j] == ':' && j + 3 < n && s[j + 1] == '/' && s[j + 2] == '/' &&
	    s[j + 3] != ' ')
		return url_end(tk, s, n, p, j + 3);
	if (s[j] == '.' && j - p == 3 && strncasecmp((const char *)s + p,
	    "www", 3) == 0 && word_start_at(tk, s, n, j + 1))
		return url_end(tk, s, n, p, j + 1);
	return 0;
}

/*
 * Whether cp is of a script written without spaces between words (Han,
 * kana, Thai, Lao, Khmer, Myanmar) or whose particles are written onto
 * the word before them (Hangul): after a URL's ASCII letter or digit, the
 * text around the URL, not the URL ("新华社www.xinhua.org报道",
 * "www.naver.com에서").  An address of such letters is taken whole, its
 * first one coming after "//", "." or "/".
 */
static int
url_unspaced(int32_t cp)
{
	return cjk_unspaced(cp) || (cp >= 0xac00 && cp <= 0xd7af) ||
	    (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f) ||
	    (cp >= 0x0e00 && cp <= 0x0eff) || (cp >= 0x1000 && cp <= 0x109f) ||
	    (cp >= 0x1780 && cp <= 0x17ff);
}

/*
 * URLs run to a blank, to one of < > " ` { } | \ ^, to a non-ASCII
 * character that is not a letter, mark or digit (the typographic quotes
 * around a link), or to a letter of url_unspaced() right after an ASCII
 * letter or digit.  Sentence punctuation at the end is not part of it,
 * nor is a closing bracket that no opening one in the URL matches.  j is
 * the start of the part after "scheme://" or "www."; 0 if nothing is
 * left.
 */
static size_t
url_end(const struct tokenizer *tk, const unsigned char *s, size_t n,
    size_t p, size_t j)
{
	size_t i, len, body = j, open[3] = { 0 }, close[3] = { 0 };
	int32_t cp;
	int k, c, b, counted = 0;

	while (j < n) {
		if (s[j] < 0x80) {
			if (tk->ascii[s[j]] & A_URL_STOP)
				break;
			j++;
			continue;
		}
		len = char_at(tk, s, n, j, &cp, &k);
		if (!IS_WORD_START(k) && k != K_FORMAT)
			break;
		if (j > body && (((s[j - 1] | 0x20) >= 'a' &&
		    (s[j - 1] | 0x20) <= 'z') ||
		    (s[j - 1] >= '0' && s[j - 1] <= '9')) && url_unspaced(cp))
			break;
		j += len;
	}
	/*
	 * The brackets of [p, j) are counted once, and the counts kept as
	 * j goes back: a URL ending in a long run of ')' is linear.
	 */
	while (j > body) {
		c = s[j - 1];
		if (tk->ascii[c] & A_URL_TRAIL) {
			j--;
			continue;
		}
		if ((b = bracket(c, ")]}")) < 0)
			break;
		if (!counted) {
			for (i = p; i < j; i++) {
				if ((k = bracket(s[i], "([{")) >= 0)
					open[k]++;
				else if ((k = bracket(s[i], ")]}")) >= 0)
					close[k]++;
			}
			counted = 1;
		}
		if (close[b] <= open[b])
			break;
		close[b]--;
		j--;
	}
	return j > body ? j : 0;
}

/*
 * An e-mail address: a local part of letters, digits and . _ % + -
 * then '@' then a domain of at least two labels, the last with a letter
 * and at least two characters.  Returns its end, or 0.
 */
size_t
token_email_end(const struct tokenizer *tk, const unsigned char *s, size_t n,
    size_t p, size_t end)
{
	struct token_notes *notes = tk->notes;
	size_t j, start, len, last = 0;
	int32_t cp;
	int k, labels = 0, alpha;

	/*
	 * From anywhere in the local part last scanned, the answer is the
	 * same: a text of "a+b.c%a+b.c%..." asks at every word.
	 */
	if (p > notes->email_from && p < notes->email_to &&
	    end == notes->email_limit)
		return notes->email_end;
	for (j = p; j < end && (tk->ascii[s[j]] & A_LOCAL); j++)
		;
	notes->email_from = p;
	notes->email_to = j;
	notes->email_limit = end;
	notes->email_end = 0;
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
	return notes->email_end = labels >= 2 ? last : 0;
}

/*
 * @handle or #hashtag: letters, digits, marks and '_', and between them
 * format characters, as in a word (the ZWNJ of Persian, the ZWJ of a
 * Sinhala conjunct); a tag needs a letter.
 */
size_t
token_tag_end(const struct tokenizer *tk, const unsigned char *s, size_t n,
    size_t p)
{
	size_t j, e, len;
	int32_t cp;
	int k, letter = 0;

	if (IS_WORD_START(kind_before(tk, s, p)))
		return 0;
	for (j = p + 1; j < n; j += len) {
		len = char_at(tk, s, n, j, &cp, &k);
		if (!IS_WORD_START(k) && cp != '_' &&
		    (k != K_FORMAT || j == p + 1))
			break;
		letter |= k == K_LETTER;
	}
	/*
	 * Format characters after its last character (a bidi mark) are
	 * not of it, as they are not of a word, but before a clitic, which
	 * takes the tag as it stands.  The first is none: the loop stops
	 * at one there.
	 */
	for (e = j; kind_before(tk, s, e) == K_FORMAT;)
		while ((s[--e] & 0xc0) == 0x80)
			;
	if (token_clitic_after(tk, s, n, j) == j)
		j = e;
	if (j == p + 1 || (s[p] == '#' && !letter))
		return 0;
	return j;
}
