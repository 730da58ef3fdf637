/*
 * newswire: what nw-clean's word tables (lib/cleanwords.c: the stopword
 * lists and the boilerplate lexicon, loaded once) and its scanner
 * (lib/cleanscan.c: a paragraph's words read in one pass) share: the
 * table of short words, the lookup the scanner makes for every word, and
 * the byte classes both read text by.
 */
#ifndef NW_CLEANWORDS_H
#define NW_CLEANWORDS_H

#include <utf8proc.h>

#define STOP_KEY_MAX	16	/* bytes; longer words are never stopwords */

/*
 * The scanner's words read by code built for AVX2 and BMI2 as well as
 * for SSE2, the one the processor runs chosen at run time (x86 with GCC
 * or Clang); NW_CLEAN_SIMD=sse2 in the environment chooses the SSE2
 * build, so that the tests can compare the two.
 */
#ifdef NW_AVX2
#define CLEAN_SCAN_AVX2
#endif

/*
 * The word table: every stopword of every list and the first word of
 * every lexicon phrase, case-folded, of up to 16 bytes packed in two
 * numbers (first byte lowest), each with a bit for every list that has
 * it and one for a phrase's first word (with the words of the longest
 * phrase it starts).  One lookup a word answers both
 * questions.  Words are gathered in an open-addressing table while the
 * lists load, then placed with no two in one slot by a displacement
 * for each small group of them (hash and displace): a word's hash names
 * its group, the group's displacement and the hash its one slot, so a
 * lookup reads one slot and keeps what matches without a branch on
 * the answer, which in prose is as likely one way as the other (about
 * half the words of a text are stopwords).
 */
#define INFO_LEXFIRST	((uint64_t)1 << 63)
/* Bits 60 to 62: the words of its longest phrase, less one (7: 8 or more). */
#define INFO_LEXWORDS_SHIFT	60
#define INFO_LEXWORDS	((uint64_t)7 << INFO_LEXWORDS_SHIFT)

struct wordkey {
	uint64_t	a, b;		/* the folded bytes, first lowest */
};

struct wordslot {
	uint64_t	a, b;		/* the folded bytes, first lowest */
	uint64_t	info;		/* 0: an empty slot */
};

struct clean_words {
	struct clean_config	 cfg;
	struct wordkey		*keys;		/* the words gathered */
	uint64_t		*info;
	size_t			 count, cap;
	uint32_t		*index;		/* 0 or the word's place + 1 */
	size_t			 mask;
	struct wordslot		*slots;		/* one slot a word */
	size_t			 slotmask;
	uint16_t		*disp;		/* a group's displacement */
	size_t			 dispmask;	/* groups - 1 */
	char			**lists;	/* the list of bit i, by language */
	size_t			 nlists;
	uint64_t		 alllists;
	int			 lexfirst_long;	/* a first word of over 16 bytes */
	uint64_t		 lexbits[64];	/* lexbit() of every first word */
	struct wordset		*lexicon;
	struct wordset		*lexfirst;	/* first words of its phrases */
	size_t			 lexmax;	/* words in its longest phrase */
	struct buf		 fold, phrase, norm, pad;
	struct span		*lexwords;
	size_t			 lexwordscap;
	int			 scan_avx2;	/* cleanscan.c: the AVX2 build */
	struct segmenter	*seg;		/* words without spaces: made on
						   the first */
	int			 unspaced;	/* the paragraph may hold
						   some */
};

/*
 * A product's high bits depend on all of a number's bits, its low bits
 * only on the number's low bits; a second product mixes the halves, and
 * the slots are taken from its middle and its high bits.
 */
static inline uint64_t
key_hash(uint64_t a, uint64_t b)
{
#ifdef __SIZEOF_INT128__
	unsigned __int128 m = (unsigned __int128)(a ^ 0x9e3779b97f4a7c15ULL) *
	    (b ^ 0xbf58476d1ce4e5b9ULL);

	return (uint64_t)m ^ (uint64_t)(m >> 64);
#else
	uint64_t h = (a ^ b * 0x9e3779b97f4a7c15ULL) * 0xbf58476d1ce4e5b9ULL;

	return (h ^ (h >> 32)) * 0x9e3779b97f4a7c15ULL;
#endif
}

/*
 * A word's slot (of mask + 1, up to 2^24): its group's displacement d
 * (disp[], dispmask + 1 groups, by the low bits of its hash) times one
 * part of its hash, odd, added to another, so that two words of a
 * group part for most d.
 */
static inline size_t
slot_of(const uint16_t *disp, size_t dispmask, size_t mask, uint64_t h)
{
	return (size_t)((h >> 40) + disp[h & dispmask] * (h >> 16 | 1)) & mask;
}

/*
 * The lists and flags of a packed word, h its key_hash(); 0 when it is
 * in none.
 */
static inline uint64_t
slots_info_hash(const struct clean_words *cw, uint64_t h, uint64_t a,
    uint64_t b)
{
	const struct wordslot *s;

	s = &cw->slots[slot_of(cw->disp, cw->dispmask, cw->slotmask, h)];
	return s->info & -(uint64_t)(((s->a ^ a) | (s->b ^ b)) == 0);
}

static inline uint64_t
word_info(const struct clean_words *cw, uint64_t a, uint64_t b)
{
	return slots_info_hash(cw, key_hash(a, b), a, b);
}

/*
 * A bit of 4096 for a packed word, by one product: a phrase's first
 * word has its bit set in lexbits[], so that most words of a paragraph
 * are known to start none without a lookup in the table.
 */
static inline unsigned
lexbit(uint64_t a, uint64_t b)
{
	return (unsigned)(((a ^ b * 0x9e3779b97f4a7c15ULL) *
	    0xbf58476d1ce4e5b9ULL) >> 52);
}

/* Pack a folded word of 1..16 bytes, the first byte lowest. */
static inline void
pack_key(const unsigned char *w, size_t n, uint64_t *a, uint64_t *b)
{
	size_t i;

	*a = *b = 0;
	for (i = 0; i < n && i < 8; i++)
		*a |= (uint64_t)w[i] << (8 * i);
	for (; i < n; i++)
		*b |= (uint64_t)w[i] << (8 * (i - 8));
}

/*
 * Byte classes: bclass[c] is the class of byte c, blower[c] the byte
 * lower-cased (ASCII only), bkeep[c] 1 for the bytes of the normalised
 * text (ASCII letters and digits).  Constant tables, written out by the
 * compiler from the definitions below.
 */
enum { B_SPACE = 1, B_UPPER = 2, B_LOWER = 4, B_DIGIT = 8, B_HIGH = 16,
	B_CONT = 32, B_PUNCT = 64 };
#define BCLASS_OF(c)	((c) == ' ' || (c) == '\t' ? B_SPACE : \
	(c) >= 'A' && (c) <= 'Z' ? B_UPPER : \
	(c) >= 'a' && (c) <= 'z' ? B_LOWER : \
	(c) >= '0' && (c) <= '9' ? B_DIGIT : \
	(c) >= 0xc0 ? B_HIGH : (c) >= 0x80 ? B_CONT : B_PUNCT)
#define BLOWER_OF(c)	((c) + 32 * ((c) >= 'A' && (c) <= 'Z'))
#define BKEEP_OF(c)	((BCLASS_OF(c) & (B_DIGIT | B_UPPER | B_LOWER)) != 0)
#define BYTES4_(f, c)	f(c), f((c) + 1), f((c) + 2), f((c) + 3)
#define BYTES16_(f, c)	BYTES4_(f, c), BYTES4_(f, (c) + 4), \
	BYTES4_(f, (c) + 8), BYTES4_(f, (c) + 12)
#define BYTES64_(f, c)	BYTES16_(f, c), BYTES16_(f, (c) + 16), \
	BYTES16_(f, (c) + 32), BYTES16_(f, (c) + 48)
#define BYTES256_(f)	BYTES64_(f, 0), BYTES64_(f, 64), BYTES64_(f, 128), \
	BYTES64_(f, 192)
static const unsigned char bclass[256] = { BYTES256_(BCLASS_OF) };
static const unsigned char blower[256] = { BYTES256_(BLOWER_OF) };
static const unsigned char bkeep[256] = { BYTES256_(BKEEP_OF) };

/*
 * Whether a code point beyond ASCII belongs to a word: a letter, a mark
 * or a number.  Punctuation, symbols, spaces and invisible characters do
 * not, as ASCII's do not: the quotes and dashes of typeset text
 * (“ ” « » — …), full-width and CJK punctuation (！ 。) are around words
 * as " and - are.
 */
static inline int
cp_in_word(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

/*
 * Whether a code point beyond ASCII is a space (of any width: the
 * no-break, thin and ideographic spaces), or a line or paragraph
 * separator: it ends a word as a blank does.
 */
static inline int
cp_is_space(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return 1;
	default:
		return 0;
	}
}

/*
 * Where the word in w .. e starts and ends, the punctuation around it
 * left out, ASCII's by bclass[] and any other code point not
 * cp_in_word().  A byte of no valid sequence is part of the word.
 */
static inline const unsigned char *
word_first(const unsigned char *w, const unsigned char *e)
{
	int32_t cp;
	size_t n;

	while (w < e) {
		if (*w < 0x80) {
			if (!(bclass[*w] & B_PUNCT))
				break;
			w++;
		} else if ((n = utf8_decode(w, (size_t)(e - w), &cp)) == 0 ||
		    cp_in_word(cp))
			break;
		else
			w += n;
	}
	return w;
}

static inline const unsigned char *
word_last(const unsigned char *w, const unsigned char *e)
{
	const unsigned char *t;
	int32_t cp;

	while (e > w) {
		if (e[-1] < 0x80) {
			if (!(bclass[e[-1]] & B_PUNCT))
				break;
			e--;
			continue;
		}
		for (t = e - 1; t > w && (*t & 0xc0) == 0x80; t--)
			;
		if (utf8_decode(t, (size_t)(e - t), &cp) != (size_t)(e - t) ||
		    cp_in_word(cp))
			break;
		e = t;
	}
	return e;
}

/*
 * Fold a word for a stopword or lexicon lookup: ASCII by table, anything
 * else through utf8_casefold.  Returns the folded bytes (in small, of n
 * bytes, or in cw->fold when they had to be made).
 */
static inline const unsigned char *
fold_word(struct clean_words *cw, const unsigned char *w, size_t n,
    size_t *outn, unsigned char *small)
{
	size_t i;
	int high = 0;

	for (i = 0; i < n; i++)
		high |= w[i] & 0x80;
	if (high) {
		buf_clear(&cw->fold);
		utf8_casefold(&cw->fold, (const char *)w, n);
		*outn = cw->fold.len;
		return (const unsigned char *)cw->fold.data;
	}
	for (i = 0; i < n; i++)
		small[i] = blower[w[i]];
	*outn = n;
	return small;
}

#endif
