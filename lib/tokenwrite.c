/*
 * newswire: writing the tokens that the scanner (tokenize.c) finds.
 *
 * Without stopwords or stems the output is the input with blanks
 * squeezed and spaces put between tokens that touch, so the tokens that
 * follow each other across one space are gathered in a span of the input
 * [span_start, span_end), copied at once when a token breaks the
 * pattern; the common token costs two comparisons.
 *
 * With -l the span is folded as it is copied, in the same pass: every
 * character of it was decoded by the scanner, which noted those whose
 * fold is another character (upper-case letters; looked up with their
 * kind, in the same table).  The span is copied with its ASCII letters
 * lowered, sixteen bytes at a time, the other bytes as they are, and
 * the folds of the noted characters are written over their places; only
 * a span holding a character whose fold is not as long ("ß" to "ss") or
 * that was not looked up is folded character by character.  So each
 * character is decoded once, where the text used to be folded in a pass
 * of its own before the scan.
 *
 * put() and put_run(), which add a token to the span, are inline in
 * lib/tokenize.h: the scanner calls them for every token.  With
 * stopwords or stems every token is written by put_token(), and
 * libstemmer is loaded here.
 *
 * A word holding letters of a script written without spaces (Thai, Lao,
 * Khmer, Myanmar, Han and kana: segment_script()) is cut into words
 * here, by the dictionary (segment.c), as it is written: each of those
 * words breaks the span, so the writer's slow path, token_put_slow(),
 * is in the same file as the loop that writes them, for the compiler to
 * inline it there.
 */
#include <err.h>
#include <limits.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <libstemmer.h>

#include "nw-private.h"
#include "tokenize.h"

/*
 * libstemmer, loaded with the first stemming tokenizer (lazylib.c): its
 * tables are relocated page by page, most of a megabyte resident in every
 * run that loads it, and only --stem uses it.
 */
#ifndef NW_SONAME_STEMMER
#define NW_SONAME_STEMMER	"libstemmer.so"
#endif
#define STEMMER_FNS(X) \
	X(sb_stemmer_new) X(sb_stemmer_delete) X(sb_stemmer_stem) \
	X(sb_stemmer_length)
static struct { STEMMER_FNS(LAZYLIB_SLOT) } sb;
#define SB_SYM(f)	LAZYLIB_SYM(sb, f)
static struct lazylib stemmer_lib =
    LAZYLIB_INIT(NW_SONAME_STEMMER, STEMMER_FNS(SB_SYM));

/* The Snowball stemmer named (tokenizer_new_stemmer()), or an exit. */
struct sb_stemmer *
token_stemmer_new(const char *algorithm)
{
	struct sb_stemmer *stemmer;

	if (lazylib_load(&stemmer_lib) == -1)
		errx(NW_EXIT_FAIL, "cannot start the Snowball %s "
		    "stemmer: %s", algorithm, stemmer_lib.why);
	if ((stemmer = sb.sb_stemmer_new(algorithm, NULL)) == NULL)
		errx(NW_EXIT_FAIL, "cannot start the Snowball %s "
		    "stemmer", algorithm);
	return stemmer;
}

void
token_stemmer_free(struct sb_stemmer *stemmer)
{
	if (stemmer != NULL)
		sb.sb_stemmer_delete(stemmer);
}

/* The span gathered so far, copied to the output (folded with -l). */
void
token_span_flush(struct tokenizer *tk)
{
	struct buf *out = tk->out;
	struct token_notes *nt = &tk->notes_at;
	size_t len = tk->span_end - tk->span_start, i = 0;
	const unsigned char *p;
	unsigned char *o;
	unsigned int c;
	uint32_t f;

	if (tk->span_end == SPAN_NONE)
		return;
	tk->span_end = SPAN_NONE;
	/* An empty span of an empty text: nothing to copy, no text to point at. */
	if (len == 0)
		return;
	p = tk->text + tk->span_start;
	if (nt->unfolded_end > tk->span_start && tk->mode == MODE_LOWER) {
		utf8_casefold(out, (const char *)p, len);
		goto done;
	}
	if (out->cap - out->len <= len + 32)
		buf_reserve(out, len + 32);
	o = (unsigned char *)out->data + out->len;
	out->len += len;
#ifdef __SSE2__
	{
		/*
		 * What may be read from p; up to 15 bytes past len are
		 * written.
		 */
		size_t room = tk->textlen - tk->span_start;
		const __m128i bias = _mm_set1_epi8((char)(0x80 - 'A'));
		const __m128i nupper = _mm_set1_epi8((char)(0x80 + 26));
		const __m128i caseb = _mm_set1_epi8((char)tk->lowercase);
		__m128i v;

		for (; i < len && room - i >= 16; i += 16) {
			v = _mm_loadu_si128((const __m128i *)(const void *)
			    (p + i));
			v = _mm_add_epi8(v, _mm_and_si128(_mm_cmplt_epi8(
			    _mm_add_epi8(v, bias), nupper), caseb));
			_mm_storeu_si128((__m128i *)(void *)(o + i), v);
		}
	}
#endif
	for (; i < len; i++) {
		c = p[i];
		o[i] = (unsigned char)(c - 'A' < 26 ? c + tk->lowercase : c);
	}
	/* The characters whose fold is another as long, over the copy. */
	for (; nt->next < nt->nfolds &&
	    nt->folds[nt->next].at < tk->span_start + len; nt->next++) {
		if ((i = nt->folds[nt->next].at) < tk->span_start)
			continue;
		f = nt->folds[nt->next].fold;
		i -= tk->span_start;
		o[i] = (unsigned char)f;
		o[i + 1] = (unsigned char)(f >> 8);
		if (f >> 24 == 3)
			o[i + 2] = (unsigned char)(f >> 16);
	}
	return;
done:
	while (nt->next < nt->nfolds &&
	    nt->folds[nt->next].at < tk->span_start + len)
		nt->next++;
}

/* The case fold of [p, p + len) appended to out. */
static void
token_fold(const struct tokenizer *tk, struct buf *out, const unsigned char *p,
    size_t len)
{
	if (tk->flags & TOKENIZE_TURKIC)
		utf8_casefold_turkic(out, (const char *)p, len);
	else
		utf8_casefold(out, (const char *)p, len);
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
		token_fold(tk, out, p, len);
	else
		buf_add(out, p, len);
	if (stop != NULL) {
		if ((tk->flags & TOKENIZE_LOWER) && class != T_ELIDED) {
			if (wordset_contains(stop, out->data + start,
			    out->len - start))
				goto drop;
		} else {
			/* An elision is its letters to the list: l' is l. */
			buf_clear(&tk->fold);
			token_fold(tk, &tk->fold, p, class != T_ELIDED ? len :
			    len - (p[len - 1] == '\'' ? 1 : 3));
			if (wordset_contains(stop, tk->fold.data, tk->fold.len))
				goto drop;
		}
	}
	if (tk->stemmer != NULL && class == T_WORD &&
	    out->len - start <= INT_MAX) {
		stem = sb.sb_stemmer_stem(tk->stemmer,
		    (const sb_symbol *)out->data + start,
		    (int)(out->len - start));
		if (stem == NULL)
			errx(NW_EXIT_FAIL, "stemmer: out of memory");
		if ((stemlen = sb.sb_stemmer_length(tk->stemmer)) > 0) {
			out->len = start;
			buf_add(out, stem, (size_t)stemlen);
		}
	}
	buf_addc(out, ' ');
	return;
drop:
	out->len = start;
}

/*
 * A token that does not go on the span: put() calls this.  Inline in this
 * file, where the words cut by the dictionary each come here (nothing
 * joins them in a span), and called from the scanner.
 */
inline void
token_put_slow(struct tokenizer *tk, size_t p, size_t q, int class)
{
	if (class == T_PUNCT && (tk->flags & TOKENIZE_WORDS))
		return;
	if (tk->mode == MODE_GENERAL) {
		put_token(tk, tk->text + p, q - p, class);
		return;
	}
	token_span_flush(tk);
	put_space(tk);
	tk->span_start = p;
	tk->span_end = q;
}

/*
 * The elided articles, pronouns and conjunctions of French, Italian and
 * Catalan (TOKENIZE_ELISION), the letters before the apostrophe: "l'" in
 * "l'avion", "qu'" in "qu'il", "dell'" in "dell'anno".
 */
static const char *const elided[] = {
	"c", "d", "j", "l", "m", "n", "s", "t", "v", "qu",
	"jusqu", "lorsqu", "presqu", "puisqu", "quoiqu",
	"all", "bell", "buon", "coll", "dall", "dell", "gl", "nell",
	"nessun", "quell", "quest", "sant", "sull", "tutt", "un",
	NULL
};

/*
 * The end of the elision that starts the word [p, q) (the apostrophe
 * included, ASCII or U+2019), when a letter follows it; p if none.
 */
static size_t
elision_end(const struct tokenizer *tk, const unsigned char *s, size_t p,
    size_t q)
{
	size_t a, i, k, len;

	for (a = p; a < q && a - p <= 6 && s[a] < 0x80 && s[a] != '\''; a++)
		;
	if (a == p || a >= q || a - p > 6)
		return p;
	if (s[a] == '\'')
		len = 1;
	else if (q - a >= 3 && memcmp(s + a, "\xe2\x80\x99", 3) == 0)
		len = 3;
	else
		return p;
	if (a + len >= q || !IS_WORD_START(kind_at(tk, s, q, a + len)))
		return p;
	for (i = 0; elided[i] != NULL; i++) {
		if (strlen(elided[i]) != a - p)
			continue;
		for (k = 0; k < a - p; k++)
			if ((s[p + k] | 0x20) != elided[i][k])
				break;
		if (k == a - p)
			return a + len;
	}
	return p;
}

/*
 * The end of the clitic at c, one of those token_clitic_start() peeled
 * off the word ending at q: an n, then an apostrophe (' or U+2019), then
 * letters up to the next clitic.  No clitic has an n or an apostrophe
 * past its start, so where one starts the one before it ends.
 */
static size_t
clitic_end(const unsigned char *s, size_t c, size_t q)
{
	size_t e = c + ((s[c] | 0x20) == 'n');

	e += s[e] == '\'' ? 1 : 3;
	while (e < q && (s[e] | 0x20) != 'n' && s[e] != '\'' && s[e] != 0xe2)
		e++;
	return e;
}

/*
 * The word [p, q): with its clitics split off when it may have one
 * (apos).  A clitic may follow another ("shouldn't've", "he'd've"):
 * each is a token, as it is when the output is read again.
 */
void
token_emit_word(struct tokenizer *tk, const unsigned char *s, size_t p,
    size_t q, int apos)
{
	size_t c, e;

	if (apos && (tk->flags & TOKENIZE_ELISION) &&
	    tk->clitics != CLITICS_KEEP && (c = elision_end(tk, s, p, q)) > p) {
		if (tk->clitics == CLITICS_SPLIT)
			put(tk, p, c, T_ELIDED);
		/* "qu'aujourd'hui": the rest is a word as it stands. */
		token_emit_word(tk, s, c, q, 0);
		return;
	}
	if (apos && tk->clitics != CLITICS_KEEP &&
	    (c = token_clitic_start(s, p, q)) < q) {
		while ((e = token_clitic_start(s, p, c)) < c)
			c = e;
		put(tk, p, c, T_WORD);
		if (tk->clitics == CLITICS_SPLIT)
			for (; c < q; c = e) {
				e = clitic_end(s, c, q);
				put(tk, c, e, T_CLITIC);
			}
		return;
	}
	put(tk, p, q, T_WORD);
}

/* The letters [p, q) of scripts written without spaces: their words. */
static void
emit_dictionary(struct tokenizer *tk, const unsigned char *s, size_t p,
    size_t q)
{
	const uint32_t *ends;
	size_t i, n, start = p, e;

	if (tk->segmenter == NULL)
		tk->segmenter = segmenter_new();
	n = segment_words(tk->segmenter, (const char *)s + p, q - p, &ends);
	if (n == 0) {
		put(tk, p, q, T_WORD);
		return;
	}
	for (i = 0; i < n; i++) {
		/* Format characters after a word's last letter: not of it. */
		for (e = p + ends[i]; e > start &&
		    kind_before(tk, s, e) == K_FORMAT;)
			while ((s[--e] & 0xc0) == 0x80)
				;
		if (e == start)
			e = p + ends[i];
		put(tk, start, e, T_WORD);
		if (e < p + ends[i])
			put(tk, e, p + ends[i], T_PUNCT);
		start = p + ends[i];
	}
}

/*
 * The part [p, q) of a segmented word between letters of scripts written
 * without spaces: a word as it would be alone ("F-35", "COVID-19",
 * "Libya's"), and the joiner that tied it to those letters, which is
 * punctuation ("中-美").  first: [p, q) starts the word, and what comes
 * before its first word character (a sign, a currency) is the number's.
 */
static void
emit_between(struct tokenizer *tk, const unsigned char *s, size_t p,
    size_t q, int first)
{
	size_t i, len, a = q, b = q;
	int32_t cp;
	int k, apos = 0;

	for (i = p; i < q; i += len) {
		len = char_at(tk, s, q, i, &cp, &k);
		if (IS_WORD_START(k)) {
			if (a == q)
				a = i;
			b = i + len;
		} else if (a < q && (k == K_APOS || cp == '\''))
			apos = 1;
	}
	if (a == q) {		/* a joiner alone */
		put(tk, p, q, T_PUNCT);
		return;
	}
	if (first)
		a = p;
	else if (a > p)
		put(tk, p, a, T_PUNCT);
	token_emit_word(tk, s, a, b, apos);
	if (b < q)
		put(tk, b, q, T_PUNCT);
}

/*
 * A word holding letters of a script written without spaces: those
 * letters are cut into words by the dictionary, and what lies between
 * them is a word of its own, or punctuation, as it would be alone.
 */
void
token_emit_segmented(struct tokenizer *tk, const unsigned char *s, size_t p,
    size_t q)
{
	size_t i = p, start, len;
	int32_t cp;
	int k, dict;

	while (i < q) {
		start = i;
		len = char_at(tk, s, q, i, &cp, &k);
		dict = segment_script(cp);
		for (i += len; i < q; i += len) {
			len = char_at(tk, s, q, i, &cp, &k);
			if (segment_script(cp) != dict &&
			    (!dict || (k != K_MARK && k != K_FORMAT)))
				break;
		}
		if (dict)
			emit_dictionary(tk, s, start, i);
		else
			emit_between(tk, s, start, i, start == p);
	}
}

/*
 * A special token [p, e) and the clitic [e, c) that may follow it.  Not
 * every character of either was decoded: they are folded the long way,
 * and checked here.
 */
void
token_emit_special(struct tokenizer *tk, size_t p, size_t e, size_t c)
{
	const char *s = (const char *)tk->text + p;

	if (tk->notes_at.unfolded_end < c)
		tk->notes_at.unfolded_end = c;
	if (!ascii_only(s, c - p) && (utf8_valid_prefix(s, c - p) != c - p ||
	    utf8_has_c1(s, c - p)))
		tk->notes_at.unclean = 1;
	if (c == e || tk->clitics == CLITICS_KEEP) {
		put(tk, p, c, T_SPECIAL);
		return;
	}
	put(tk, p, e, T_SPECIAL);
	if (tk->clitics == CLITICS_SPLIT)
		put(tk, e, c, T_CLITIC);
}
