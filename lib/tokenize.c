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
 *
 * This file holds the scanner, which finds the tokens, and the
 * tokenizer's tables; tokenspecial.c recognises the longer tokens and
 * tokenwrite.c writes them all (lib/tokenize.h: what the three share).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <utf8proc.h>

#include "nw-private.h"
#include "tokenize.h"

#ifdef NW_AVX2
#include <immintrin.h>
#define RUN_STOP_AVX2
#endif

int
token_cp_kind(int32_t cp)
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
		/* Hebrew's maqaf joins words as a hyphen does. */
		return cp == 0x2010 || cp == 0x2011 || cp == 0x05be ?
		    K_HYPHEN : K_PUNCT;
	case UTF8PROC_CATEGORY_PF:
		return cp == 0x2019 ? K_APOS : K_PUNCT;
	case UTF8PROC_CATEGORY_PO:
		/* Hebrew's geresh and gershayim mark abbreviations: צה״ל. */
		return cp == 0x05f3 || cp == 0x05f4 ? K_APOS : K_PUNCT;
	default:
		return K_PUNCT;
	}
}

/* With -l, a character whose fold is another has K_FOLDS set. */
int
token_bmp_learn(const struct tokenizer *tk, unsigned int cp)
{
	int k = token_cp_kind((int32_t)cp);

	if (tk->mode == MODE_LOWER && utf8_casefold_changes((int32_t)cp))
		k |= K_FOLDS;
	if (cp >= 0x80 && cp <= 0x9f)
		k |= K_C1;
	tk->bmp[cp] = (unsigned char)k;
	return k;
}

void
token_note_fold(const struct tokenizer *tk, unsigned int cp, size_t i,
    size_t end)
{
	struct token_notes *nt = tk->notes;
	uint32_t f = utf8_casefold_bmp((int32_t)cp);

	if (nt->nfolds > 0 && nt->folds[nt->nfolds - 1].at == i)
		return;
	/* Out of order (a look back) or of another length: the long way. */
	if (f >> 24 != end - i ||
	    (nt->nfolds > 0 && nt->folds[nt->nfolds - 1].at > i)) {
		if (nt->unfolded_end < end)
			nt->unfolded_end = end;
		return;
	}
	if (nt->nfolds == nt->foldcap) {
		nt->foldcap = nt->foldcap ? nt->foldcap * 2 : 64;
		nt->folds = xreallocarray(nt->folds, nt->foldcap,
		    sizeof(*nt->folds));
	}
	nt->folds[nt->nfolds].at = i;
	nt->folds[nt->nfolds++].fold = f;
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

#ifdef RUN_STOP_AVX2
/*
 * run_stop()'s vector loop, 32 bytes a step where the processor has
 * AVX2 (tk->avx2; NW_TOKENIZE_SIMD=sse2 leaves it to SSE2, for tests):
 * the same tests as its 16-byte one, to where 33 bytes are no longer
 * there or a byte stops the run.  Returns where it got, *stopped set
 * when a byte stopped it there.
 */
__attribute__((target("avx2,bmi,lzcnt")))
static size_t
run_stop_avx2(const unsigned char *s, size_t n, size_t j, size_t *after,
    int *stopped)
{
	const __m256i bias_letter = _mm256_set1_epi8((char)(0x80 - 'a'));
	const __m256i bias_digit = _mm256_set1_epi8((char)(0x80 - '0'));
	const __m256i nletters = _mm256_set1_epi8((char)(0x80 + 26));
	const __m256i ndigits = _mm256_set1_epi8((char)(0x80 + 10));
	const __m256i lower = _mm256_set1_epi8(0x20);
	const __m256i space = _mm256_set1_epi8(' ');
	__m256i v, sp, ok;
	uint32_t mask, spaces;

	*stopped = 0;
	while (n - j >= 33) {
		v = _mm256_loadu_si256((const __m256i *)(const void *)(s + j));
		sp = _mm256_cmpeq_epi8(v, space);
		ok = _mm256_or_si256(_mm256_cmpgt_epi8(nletters,
		    _mm256_add_epi8(_mm256_or_si256(v, lower), bias_letter)),
		    _mm256_cmpgt_epi8(ndigits, _mm256_add_epi8(v, bias_digit)));
		/* A space is fine unless another follows it. */
		ok = _mm256_or_si256(ok, _mm256_andnot_si256(_mm256_cmpeq_epi8(
		    _mm256_loadu_si256((const __m256i *)(const void *)
		    (s + j + 1)), space), sp));
		mask = ~(uint32_t)_mm256_movemask_epi8(ok);
		spaces = (uint32_t)_mm256_movemask_epi8(sp);
		if (mask != 0) {
			spaces &= (uint32_t)(((uint64_t)1 <<
			    __builtin_ctz(mask)) - 1);
			if (spaces != 0)
				*after = j + 32 - (size_t)__builtin_clz(spaces);
			*stopped = 1;
			return j + (size_t)__builtin_ctz(mask);
		}
		if (spaces != 0)
			*after = j + 32 - (size_t)__builtin_clz(spaces);
		j += 32;
	}
	return j;
}
#endif

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
#ifdef RUN_STOP_AVX2
	int stopped;
#endif
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
#ifdef RUN_STOP_AVX2
		if (tk->avx2) {
			j = run_stop_avx2(s, n, j, after, &stopped);
			if (stopped)
				goto stop;
		}
#endif
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
			/* Or an elided article or pronoun before it. */
			if (tk->flags & TOKENIZE_ELISION)
				goto slow;
			for (q++; q < n && q - x - len < 3 &&
			    tk->kind[s[q]] == K_LETTER; q++)
				;
			if (q < n && s[q] != ' ')
				goto slow;
			c = token_clitic_start(s, after, q);
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

/*
 * The run [p, j) holds letters of a script written without spaces and
 * stops at s[j], a character that may make a word longer: whether the
 * ASCII word that ends it starts a URL, an e-mail address or a dotted
 * abbreviation (*abbrev set, for it may take a clitic).  Returns the
 * token's end and its start in *start, or 0.
 */
static size_t
unspaced_tail(struct tokenizer *tk, const unsigned char *s, size_t n,
    size_t p, size_t j, size_t *start, int *abbrev)
{
	size_t local, word, e;

	/* The local part of an address, then the word of a URL's scheme. */
	for (local = j; local > p && s[local - 1] < 0x80 &&
	    (tk->ascii[s[local - 1]] & A_LOCAL); local--)
		;
	while (local < j && !tk->isword[s[local]])
		local++;
	for (word = j; word > local && tk->isword[s[word - 1]]; word--)
		;
	if (local == p || word == j)
		return 0;
	*abbrev = 0;
	if ((e = token_url_from_word(tk, s, n, word, j)) != 0) {
		*start = word;
		return e;
	}
	if ((e = token_email_end(tk, s, n, local, n)) != 0) {
		*start = local;
		return e;
	}
	if (s[j] == '.' && j - word <= 16 &&
	    (e = token_abbreviation_end(tk, s, n, word)) != 0) {
		*start = word;
		*abbrev = 1;
		return e;
	}
	return 0;
}

/* Where the character ending just before s[i] starts, at p or after. */
static size_t
char_start_before(const unsigned char *s, size_t p, size_t i)
{
	for (i--; i > p && (s[i] & 0xc0) == 0x80; i--)
		;
	return i;
}

/*
 * Where a word [p, j) that stops at a period ends, when a dotted
 * abbreviation of two groups or more is glued to it after a hyphen
 * ("anti-U.S.", "D-N.Y.", "ex-U.S.S.R."): at that hyphen, so that the
 * abbreviation is a token of its own, as it is before one ("U.S.-led").
 * Else 0.  One group stays in the word: "Plan-B." ends a sentence.  The
 * hyphen is any the word is joined by (-, U+2010, U+2011, the maqaf),
 * right before the abbreviation's first group, of letters and marks.
 */
static size_t
hyphen_abbreviation(const struct tokenizer *tk, const unsigned char *s,
    size_t n, size_t p, size_t j)
{
	size_t a = j, e, h, i, groups = 0;
	int k;

	while (a > p && j - a <= 16 && ((k = kind_before(tk, s, a)) ==
	    K_LETTER || k == K_MARK))
		a = char_start_before(s, p, a);
	if (a == j || a == p || kind_before(tk, s, a) != K_HYPHEN ||
	    (h = char_start_before(s, p, a)) == p ||
	    (e = token_abbreviation_end(tk, s, n, a)) == 0)
		return 0;
	for (i = a; i < e; i++)
		groups += s[i] == '.';
	return groups >= 2 ? h : 0;
}

/* A Hebrew letter (U+05D0 to U+05EA) at i, or ending at i. */
static inline int
hebrew_at(const unsigned char *s, size_t n, size_t i)
{
	return n - i >= 2 && i < n && s[i] == 0xd7 && s[i + 1] >= 0x90 &&
	    s[i + 1] <= 0xaa;
}

static inline int
hebrew_before(const unsigned char *s, size_t i)
{
	return i >= 2 && s[i - 2] == 0xd7 && s[i - 1] >= 0x90 &&
	    s[i - 1] <= 0xaa;
}

/*
 * A word from p, whose word characters start at j (after the sign or
 * currency symbol of a number): letters, marks and digits, joined by an
 * apostrophe, hyphen, '&' or '_' between two word characters, and by
 * '.', ',', ':' or '/' between two digits ("23,000", "103.4", "9/11"),
 * or their Arabic and full-width forms.
 */
static size_t
scan_word(struct tokenizer *tk, const unsigned char *s, size_t n, size_t p,
    size_t j)
{
	size_t len, e, c, q;
	int32_t cp;
	int k, apos = 0, unspaced = 0, abbrev, format = 0;

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
		case '"':
			/*
			 * Gershayim typed as '"', before the last letter of
			 * a Hebrew abbreviation (ארה"ב, צה"ל); ו"אמר is a
			 * quotation opened after a prefix.
			 */
			if (!hebrew_before(s, j) || !hebrew_at(s, n, j + 1) ||
			    hebrew_at(s, n, j + 3))
				goto done;
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
			format |= k == K_FORMAT;
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
		/*
		 * The Arabic decimal and thousands separators (١٢٫٥, ١٬٠٠٠),
		 * and the full-width forms of '.', ',', ':' and '/' that
		 * CJK text writes between full-width digits (５．２).
		 */
		if ((cp == 0x066b || cp == 0x066c || cp == 0xff0e ||
		    cp == 0xff0c || cp == 0xff1a || cp == 0xff0f) &&
		    kind_before(tk, s, j) == K_DIGIT &&
		    kind_at(tk, s, n, j + len) == K_DIGIT) {
			j += len;
			continue;
		}
		/* A geresh ends a Hebrew word it abbreviates: וכו׳, ג׳. */
		if ((cp == 0x05f3 || cp == 0x05f4) && hebrew_before(s, j))
			j += len;
		break;
	}
done:
	/*
	 * Format characters after the word's last letter, mark or digit
	 * (a bidi mark, a byte order mark: U+202C, U+200E, U+FEFF) are not
	 * of it, as they are not before its first: tokens of their own, so
	 * that "evil" and a stopword are found with one after them.
	 */
	while (format && j > p && s[j - 1] >= 0x80 &&
	    kind_before(tk, s, j) == K_FORMAT)
		do
			j--;
		while ((s[j] & 0xc0) == 0x80);
	/*
	 * A run of a script written without spaces may end in the ASCII
	 * word that starts a URL, an address or an abbreviation glued to
	 * it ("详情见https://...", "邮箱abc@example.com", "美国U.S."): the
	 * run before it goes to the dictionary, the token is whole.
	 */
	if (unspaced && j < n && (tk->ascii[s[j]] & A_LONGER) &&
	    (e = unspaced_tail(tk, s, n, p, j, &q, &abbrev)) != 0) {
		token_emit_segmented(tk, s, p, q);
		c = abbrev ? token_clitic_after(tk, s, n, e) : e;
		token_emit_special(tk, q, e, c);
		return c;
	}
	/*
	 * A run of a script written without spaces goes to the dictionary,
	 * but for a dotted abbreviation, which is one in any script: Thai
	 * writes dates and titles so (พ.ศ., ก.ค., ส.ส.).
	 */
	if (unspaced && (j >= n || s[j] != '.' || j - p > 16 ||
	    (e = token_abbreviation_end(tk, s, n, p)) == 0)) {
		token_emit_segmented(tk, s, p, j);
		return j;
	}
	if (unspaced) {
		c = token_clitic_after(tk, s, n, e);
		token_emit_special(tk, p, e, c);
		return c;
	}
	/*
	 * The word may be the start of a longer token: a URL ("https:",
	 * "www.") or an e-mail address, whose local part runs to an '@'
	 * through '.', '%', '+' and '-'.
	 */
	if (j < n && (tk->ascii[s[j]] & A_LONGER) &&
	    tk->isword[s[p]] &&
	    ((e = token_url_from_word(tk, s, n, p, j)) != 0 ||
	    (e = token_email_end(tk, s, n, p, n)) != 0)) {
		token_emit_special(tk, p, e, e);
		return e;
	}
	if (j < n && s[j] == '.' && j - p <= 16 && tk->kind[s[p]] != K_DIGIT &&
	    tk->kind[s[p]] != K_CURRENCY && (e = token_abbreviation_end(tk, s, n, p))) {
		c = token_clitic_after(tk, s, n, e);
		token_emit_special(tk, p, e, c);
		return c;
	}
	if (j < n && s[j] == '.' && (e = hyphen_abbreviation(tk, s, n, p,
	    j)) != 0)
		j = e;
	token_emit_word(tk, s, p, j, apos);
	return j;
}

/*
 * The length of the character at s[j] when it goes on the grapheme
 * cluster whose last code point is *last, which it becomes; else 0.  An
 * ASCII character never goes on one here: CR LF, the one pair that
 * stays together, is blank.
 */
static size_t
cluster_goes_on(struct tokenizer *tk, const unsigned char *s, size_t n,
    size_t j, int32_t *last, int32_t *state)
{
	int32_t cp;
	size_t len;
	int k;

	if (j >= n || s[j] < 0x80 || *last < 0)
		return 0;
	len = char_at(tk, s, n, j, &cp, &k);
	if (k == K_SPACE || cp < 0 ||
	    utf8proc_grapheme_break_stateful(*last, cp, state))
		return 0;
	*last = cp;
	return len;
}

/*
 * Punctuation: one grapheme cluster (a mark with the combining marks
 * after it, a flag, an emoji sequence), or a run of the same mark, each
 * a cluster by itself ("...", "!!", "--").
 */
static size_t
scan_punct(struct tokenizer *tk, const unsigned char *s, size_t n, size_t p,
    int32_t cp0, size_t len0)
{
	int32_t cp, last = cp0, state = 0;
	size_t j = p + len0, len;
	int k;

	while ((len = cluster_goes_on(tk, s, n, j, &last, &state)) != 0)
		j += len;
	if (j > p + len0)
		goto done;
	/* A mark alone: the repeats of it that are alone too. */
	if (cp0 < 0x80) {
		while (j < n && s[j] == cp0)
			j++;
		/* "!!\u0301": the last '!' begins a cluster of its own. */
		last = cp0;
		state = 0;
		if (j > p + len0 && cluster_goes_on(tk, s, n, j, &last, &state))
			j--;
		goto done;
	}
	while (j < n && s[j] >= 0x80) {
		len = char_at(tk, s, n, j, &cp, &k);
		last = cp0;
		state = 0;
		if (cp != cp0 ||
		    cluster_goes_on(tk, s, n, j + len, &last, &state))
			break;
		j += len;
	}
done:
	put(tk, p, j, T_PUNCT);
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
		if ((cp == '@' || cp == '#') && (e = token_tag_end(tk, s, n, i)) != 0) {
			c = token_clitic_after(tk, s, n, e);
			token_emit_special(tk, i, e, c);
			i = c;
			continue;
		}
		/*
		 * "Libya 's", "they 're": a clitic standing alone, as text
		 * tokenized already has it, is the token it was split off as
		 * (left out with --clitics drop).
		 */
		if ((cp == '\'' || cp == 0x2019) && (i == 0 || s[i - 1] == ' ') &&
		    (c = token_clitic_after(tk, s, n, i)) > i) {
			if (tk->clitics != CLITICS_DROP)
				put(tk, i, c, T_CLITIC);
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
	tk->textlen = n;
	tk->span_end = SPAN_NONE;
	tk->notes_at.unfolded_end = 0;
	tk->notes_at.unclean = 0;
	tk->notes_at.nfolds = tk->notes_at.next = 0;
	tk->notes_at.email_from = tk->notes_at.email_to = 0;
	/* Enough for every token but folded ones, which check for room. */
	if (n < SIZE_MAX / 4)
		buf_reserve(out, 2 * n + 1);
	scan(tk, s, n, 0);
	if (tk->mode != MODE_GENERAL)
		token_span_flush(tk);
	else if (out->len > base)
		out->len--;
}

/*
 * 1 if the last text held a byte sequence that is not valid UTF-8 or a
 * C1 control: what input_line() leaves to record_repair() with
 * INPUT_UTF8_LATER.  The scanner decodes every character of the text,
 * and special tokens are checked whole, so this costs nothing more.
 */
int
tokenize_unclean(const struct tokenizer *tk)
{
	return tk->notes_at.unclean;
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
	tk->avx2 = nw_avx2("NW_TOKENIZE_SIMD");
	if (flags & TOKENIZE_STEM)
		flags |= TOKENIZE_LOWER;
	tk->flags = flags;
	tk->clitics = clitics;
	tk->stopwords = stopwords;
	if (flags & TOKENIZE_STEM)
		tk->stemmer = token_stemmer_new(algorithm);
	/* The span copies fold as utf8_casefold() does: I to i. */
	if (stopwords != NULL || (flags & TOKENIZE_STEM) ||
	    ((flags & TOKENIZE_TURKIC) && (flags & TOKENIZE_LOWER)))
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
	tk->notes = &tk->notes_at;
	tk->lowercase = tk->mode == MODE_LOWER ? 0x20 : 0;
	tk->bmp = xmalloc(0x10000);
	memset(tk->bmp, BMP_UNKNOWN, 0x10000);
	return tk;
}

void
tokenizer_free(struct tokenizer *tk)
{
	if (tk == NULL)
		return;
	token_stemmer_free(tk->stemmer);
	buf_free(&tk->fold);
	free(tk->bmp);
	free(tk->notes_at.folds);
	segmenter_free(tk->segmenter);
	free(tk);
}
