/*
 * newswire: what the three files of the tokenizer share (lib/tokenize.c
 * scans the text; lib/tokenspecial.c recognises the longer tokens: URLs,
 * addresses, tags, abbreviations and clitics; lib/tokenwrite.c writes
 * the tokens, cutting the words of scripts written without spaces): the
 * tokenizer's state, its character kinds and byte tables, the decoding
 * of one character, inline because the scanner calls it for every
 * character that is not ASCII, and the adding of a token to the output,
 * inline because the scanner calls it for every token.
 */
#ifndef NW_TOKENIZE_H
#define NW_TOKENIZE_H

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
	K_PUNCT,	/* anything else */
	K_MASK = 0x0f,
	K_FOLDS = 0x10,	/* in bmp[] with -l: the fold is another character */
	K_C1 = 0x20	/* in bmp[]: U+0080..U+009F, which input mends */
};

/*
 * How tokens are written (tokenwrite.c): spans copied as they are, spans
 * lowered as they are copied, or token by token (stopwords, stems).
 */
enum { MODE_PLAIN, MODE_LOWER, MODE_GENERAL };

struct tokenizer {
	int			 flags;
	int			 avx2;		/* run_stop() may use AVX2 */
	int			 clitics;
	int			 mode;
	const struct wordset	*stopwords;
	struct sb_stemmer	*stemmer;
	struct buf		*out;		/* during tokenize() */
	size_t			 base;		/* out->len at the start */
	const unsigned char	*text;
	size_t			 textlen;
	size_t			 span_start, span_end;
	unsigned char		 lowercase;	/* 0x20 with -l, else 0 */
	struct buf		 fold;
	unsigned char		 kind[256];
	unsigned char		 isword[256];	/* ASCII letter or digit */
	unsigned char		 ascii[256];	/* A_* below */
	unsigned char		*bmp;		/* kinds of U+0000..U+FFFF */
#define BMP_UNKNOWN	0xff
	/*
	 * What the lookups below note about the text, through a pointer as
	 * they are const: with -l, the end of the last character decoded
	 * whose fold is not itself and not as long (or that is not looked
	 * up), so that a span of the text ending before it is folded by
	 * lowering its ASCII letters, and in folds the characters whose fold
	 * is as long, written over the lowered copy; and whether a byte sequence that is not valid UTF-8, or a
	 * C1 control, was met (every character is decoded on the way).
	 */
	struct token_notes {
		size_t		 unfolded_end;
		int		 unclean;
		struct token_fold {	/* the others, in order */
			size_t	 at;
			uint32_t fold;	/* utf8_casefold_bmp() */
		}		*folds;
		size_t		 nfolds, next, foldcap;
		/* token_email_end(): the local part [from, to) and its end */
		size_t		 email_from, email_to, email_limit, email_end;
	}			*notes, notes_at;
	struct segmenter	*segmenter;	/* segment.c, made when needed */
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

/* tokenize.c: the kind of a code point (utf8proc's category). */
int	token_cp_kind(int32_t);

/*
 * The character at s[i]: its length, code point and kind.  A byte that
 * does not start a well-formed sequence is a punctuation character of
 * its own, with a negative code point, so that it is passed through.
 */
static inline size_t
char_decode(const unsigned char *s, size_t n, size_t i, int32_t *cp,
    int *kind)
{
	size_t len;

	if ((len = utf8_decode(s + i, n - i, cp)) == 0) {
		*cp = -(int32_t)s[i];
		*kind = K_PUNCT;
		return 1;
	}
	*kind = token_cp_kind(*cp);
	return len;
}

/* tokenize.c: the bmp[] entry of a code point not asked before. */
int	token_bmp_learn(const struct tokenizer *, unsigned int);
/* tokenize.c: the character cp at [i, end) folds to another. */
void	token_note_fold(const struct tokenizer *, unsigned int, size_t,
	    size_t);

/*
 * The kind of the BMP code point ending at end, asked of utf8proc the
 * first time only; with -l, one whose fold is another character is
 * noted, and so is a C1 control.
 */
static inline int
bmp_kind(const struct tokenizer *tk, unsigned int cp, size_t i, size_t end)
{
	int k = tk->bmp[cp];

	if (k == BMP_UNKNOWN)
		k = token_bmp_learn(tk, cp);
	if (k & ~K_MASK) {
		if (k & K_FOLDS)
			token_note_fold(tk, cp, i, end);
		if (k & K_C1)
			tk->notes->unclean = 1;
		k &= K_MASK;
	}
	return k;
}

static inline __attribute__((__always_inline__)) size_t
char_at(const struct tokenizer *tk, const unsigned char *s, size_t n,
    size_t i, int32_t *cp, int *kind)
{
	unsigned int c = s[i], v;
	size_t len;

	if (c < 0x80) {
		*cp = (int32_t)c;
		*kind = tk->kind[c];
		return 1;
	}
	/* Two- and three-byte sequences inline, through the BMP table. */
	if (c >= 0xc2 && c < 0xe0 && n - i >= 2 && (s[i + 1] & 0xc0) == 0x80) {
		v = (c & 0x1f) << 6 | (s[i + 1] & 0x3f);
		*cp = (int32_t)v;
		*kind = bmp_kind(tk, v, i, i + 2);
		return 2;
	}
	if (c >= 0xe0 && c < 0xf0 && n - i >= 3 && (s[i + 1] & 0xc0) == 0x80 &&
	    (s[i + 2] & 0xc0) == 0x80) {
		v = (c & 0x0f) << 12 | (s[i + 1] & 0x3f) << 6 | (s[i + 2] & 0x3f);
		/* Overlong forms and surrogates are invalid. */
		if (v >= 0x800 && (v < 0xd800 || v > 0xdfff)) {
			*cp = (int32_t)v;
			*kind = bmp_kind(tk, v, i, i + 3);
			return 3;
		}
	}
	/* Beyond the BMP, or not well-formed: rare, folded the long way. */
	len = char_decode(s, n, i, cp, kind);
	if (tk->notes->unfolded_end < i + len)
		tk->notes->unfolded_end = i + len;
	if (*cp < 0)
		tk->notes->unclean = 1;
	return len;
}

static inline int
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
static inline int
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

static inline int
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
 * tokenwrite.c: writing tokens.  The tokens that follow each other across
 * one space are gathered in a span of the text [span_start, span_end)
 * (none: SPAN_NONE), copied when a token breaks the pattern or, with
 * stopwords or stems, written one at a time (token_put_slow()).
 */
/* What a token is to the writer. */
enum {
	T_WORD,		/* stemmed, and its clitic split off */
	T_SPECIAL,	/* abbreviation, URL, address, tag: kept whole */
	T_CLITIC,	/* 's, n't ... split off a word */
	T_ELIDED,	/* l', qu' ... split off a word: a stopword as l, qu */
	T_PUNCT		/* dropped by TOKENIZE_WORDS */
};

#define SPAN_NONE	((size_t)-2)

void	token_span_flush(struct tokenizer *);
void	token_put_slow(struct tokenizer *, size_t, size_t, int);
void	token_emit_word(struct tokenizer *, const unsigned char *, size_t,
	    size_t, int);
void	token_emit_special(struct tokenizer *, size_t, size_t, size_t);
void	token_emit_segmented(struct tokenizer *, const unsigned char *,
	    size_t, size_t);
struct sb_stemmer *token_stemmer_new(const char *);
void	token_stemmer_free(struct sb_stemmer *);

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

/* The words [p, q) of a plain run, to be written as they are. */
static inline __attribute__((__always_inline__)) void
put_run(struct tokenizer *tk, size_t p, size_t q)
{
	if (p != tk->span_end + 1 || tk->text[tk->span_end] != ' ') {
		token_span_flush(tk);
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
	token_put_slow(tk, p, q, class);
}

/* tokenspecial.c: the end of each longer token from p, or 0 (none). */
size_t	token_abbreviation_end(const struct tokenizer *,
	    const unsigned char *, size_t, size_t);
size_t	token_url_from_word(const struct tokenizer *, const unsigned char *,
	    size_t, size_t, size_t);
size_t	token_email_end(const struct tokenizer *, const unsigned char *,
	    size_t, size_t, size_t);
size_t	token_tag_end(const struct tokenizer *, const unsigned char *, size_t,
	    size_t);
/* Where the clitic ending the word [p, q) starts (q: none); the end of
   one right after a special token ending at e (e: none). */
size_t	token_clitic_start(const unsigned char *, size_t, size_t);
size_t	token_clitic_after(const struct tokenizer *, const unsigned char *,
	    size_t, size_t);

#endif
