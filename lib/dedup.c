/*
 * newswire: document signatures for nw-dedup(1).
 *
 * A text is reduced to its words: maximal runs of letters, digits and
 * combining marks (Unicode categories L, N and M), case-folded, so that
 * case, white space and punctuation make no difference, and a mark
 * composed with the letter before it where Unicode has the pair as one
 * character (NFC), so that a text written decomposed ("e" and U+0301,
 * as some feeds and macOS tools write it) is the same words as one
 * written precomposed ("é").  The invisible characters Unicode says to
 * ignore (a soft hyphen, a zero-width joiner, an emoji's variation
 * selector) and the Arabic tatweel are skipped, splitting no word, and a
 * mark with no letter before it makes none.  Turkish İ and ı are i, as
 * I is, whatever the language: their case pairs are Turkish alone.  In
 * the scripts written without spaces (segment_script(): Han, kana, Thai,
 * Lao, Khmer, Myanmar) each letter is a word, with the marks after it:
 * a paragraph of Chinese is one run of letters, and as one word it
 * would change whole with any character of it, so that no edited copy
 * could be found.  Their shingles are five characters, two or three
 * words of Chinese.  Two signatures come from the words:
 *
 * - The exact key, XXH3 128 bits over the words joined by single spaces:
 *   byte-identical copies and trivially re-formatted ones share it, and
 *   two different texts do so with probability about 2^-128.
 *
 * - A MinHash sketch of the set of word 5-grams (shingles).  Each word
 *   is hashed once (XXH3, 64 bits), a shingle's hash is its words'
 *   hashes as the digits of a number in an odd base, modulo 2^64 (rolled
 *   from one shingle to the next by a subtraction and two products,
 *   instead of hashing five words' bytes again), finalised by a 64-bit
 *   mix; two distinct shingles share it with probability about 2^-64.
 *   The hash picks one of DEDUP_BINS bins (top bits) and a value (low
 *   bits); a bin
 *   keeps its smallest value.  This is one-permutation hashing: each bin
 *   is the minimum of a random partition of the set, so two texts agree
 *   on a bin with probability equal to their Jaccard similarity, at the
 *   cost of one hash a shingle instead of one per bin (256 here).  Bins
 *   that no shingle reached are filled by optimal densification
 *   (Shrivastava, ICML 2017): empty bin i copies the first non-empty bin
 *   along a probe sequence that depends on i only, which keeps the
 *   collision probability equal to the Jaccard similarity.
 *
 * Only the low 16 bits of each bin are kept (b-bit MinHash): two bins
 * that differ agree on them with probability 2^-16, which biases the
 * estimate by at most 0.00002, and the signature is 512 bytes.
 *
 * For locality-sensitive hashing the bins are cut into bands of rows
 * bins; two texts of Jaccard similarity J share at least one band with
 * probability 1 - (1 - J^rows)^bands, the S-curve of dedup_scurve().
 *
 * The estimate from 256 bins has a standard deviation of
 * sqrt(J(1 - J)/256), 0.025 at J = 0.8: pairs of true similarity 0.76
 * were estimated at 0.81 and taken for copies, and pairs of 0.82 missed
 * (every false pair of tests/eval-dedup was within 0.05 of the
 * threshold).  So a candidate estimated within four deviations of the
 * threshold, dedup_margin(), is judged on its exact similarity instead
 * (and so is every candidate of a document of fewer shingles than bins):
 * the low 32 bits of every shingle's hash are kept with the signature
 * (4 bytes a word, on disk only), and the two sets of hashes compared
 * (a spurious collision between 32-bit hashes of two 1,000-word texts
 * has a probability of 0.0002).  Only borderline candidates pay for it.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <utf8proc.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "nw-private.h"

/* Byte classes: 0 separator, 1 ASCII word byte, 2 start of a non-ASCII. */
static unsigned char byte_class[256];
static unsigned char ascii_lower[128];

static void
tables_init(void)
{
	int c;

	if (byte_class['a'] != 0)
		return;
	for (c = 0; c < 128; c++) {
		ascii_lower[c] = (unsigned char)(c >= 'A' && c <= 'Z' ?
		    c + 'a' - 'A' : c);
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9'))
			byte_class[c] = 1;
	}
	for (c = 128; c < 256; c++)
		byte_class[c] = 2;
}

/*
 * Choose rows and bands for a threshold: the largest number of rows
 * (the fewest candidates below the threshold) whose S-curve still
 * passes a pair at the threshold with probability DEDUP_RECALL or more.
 */
void
dedup_params_init(struct dedup_params *p, double threshold)
{
	int rows;

	p->shingle = DEDUP_SHINGLE;
	p->bins = DEDUP_BINS;
	p->threshold = threshold;
	for (rows = DEDUP_BINS; rows > 1; rows--) {
		p->rows = rows;
		p->bands = DEDUP_BINS / rows;
		if (dedup_scurve(p, threshold) >= DEDUP_RECALL)
			return;
	}
	p->rows = 1;
	p->bands = DEDUP_BINS;
}

/* Probability that a pair of Jaccard similarity j shares a band. */
double
dedup_scurve(const struct dedup_params *p, double j)
{
	double jr = 1, miss = 1;
	int i;

	for (i = 0; i < p->rows; i++)
		jr *= j;
	for (i = 0; i < p->bands; i++)
		miss *= 1 - jr;
	return 1 - miss;
}

/*
 * The first PROBES bins of each bin's probe sequence, computed once: a
 * short text leaves most bins empty, and each empty bin probes about
 * 1 / (share of bins filled) times (a 40-word text: 1,500 hashes).
 */
#define PROBES	64
static unsigned char probe_table[DEDUP_BINS][PROBES];

static inline uint32_t
probe_bin(uint32_t i, uint32_t t)
{
	uint64_t probe = (uint64_t)i << 32 | t;

	return (uint32_t)(XXH3_64bits(&probe, sizeof(probe)) >> 56);
}

static void
probe_table_init(void)
{
	static int done;
	uint32_t i, t;

	if (done)
		return;
	for (i = 0; i < DEDUP_BINS; i++)
		for (t = 0; t < PROBES; t++)
			probe_table[i][t] = (unsigned char)probe_bin(i, t);
	done = 1;
}

/*
 * A word: where it starts in words, until dedup_hasher_finish() puts its
 * hash there (one array for both: a long document's words cost 8 bytes
 * each, not 16).
 */
union word {
	size_t		 start;
	uint64_t	 hash;
};

struct dedup_hasher {
	struct buf	 words;		/* folded words, one space between */
	union word	*wordv;		/* each word of words */
	size_t		 nwords, wordcap;
	uint32_t	*hashes;	/* of each shingle */
	size_t		 hashcap;
	uint32_t	 mins[DEDUP_BINS];
	int		 shingle;
};

struct dedup_hasher *
dedup_hasher_new(int shingle)
{
	struct dedup_hasher *h;

	tables_init();
	probe_table_init();
	h = xcalloc(1, sizeof(*h));
	h->shingle = shingle;
	return h;
}

void
dedup_hasher_free(struct dedup_hasher *h)
{
	if (h == NULL)
		return;
	buf_free(&h->words);
	free(h->wordv);
	free(h->hashes);
	free(h);
}

void
dedup_hasher_reset(struct dedup_hasher *h)
{
	buf_clear(&h->words);
	h->nwords = 0;
}

/* Start a word; room for a space and a byte is reserved already. */
static inline void
word_start(struct dedup_hasher *h)
{
	if (h->nwords == h->wordcap) {
		h->wordcap = h->wordcap ? h->wordcap * 2 : 256;
		h->wordv = xreallocarray(h->wordv, h->wordcap,
		    sizeof(*h->wordv));
	}
	if (h->nwords > 0)
		h->words.data[h->words.len++] = ' ';
	h->wordv[h->nwords++].start = h->words.len;
}

/*
 * What a code point is to a word: none, a letter or digit, a mark, or
 * nothing at all (CP_SKIP): the invisible characters Unicode says to
 * ignore, which split no word and make no word of their own (a soft
 * hyphen, a zero-width joiner or space, a word joiner, an emoji's
 * variation selector), and the Arabic tatweel, which stretches a word
 * without changing it.  nw-normalize(1) deletes the same.
 */
enum { CP_NONE, CP_LETTER, CP_MARK, CP_SKIP };

static int
word_codepoint(int32_t cp)
{
	const utf8proc_property_t *p = utf8proc_get_property(cp);

	if (p->ignorable || cp == 0x0640)
		return CP_SKIP;
	switch (p->category) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return CP_LETTER;
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return CP_MARK;
	default:
		return CP_NONE;
	}
}

/*
 * The code points that may compose with a character before them: those
 * after the first in a canonical decomposition (the vowel and final
 * jamo of a Hangul syllable too).  Every such composite lies in one of
 * these ranges, so a text of Thai or Hindi, whose vowel signs are marks
 * that compose with nothing, costs one bit test a mark.
 */
#define COMPOSE_END	0x12000
static const int32_t composite_ranges[][2] = {
	{ 0x00c0, 0x30ff }, { 0xac00, 0xd7a3 }, { 0xf900, 0xfb4f },
	{ 0x11000, 0x11fff }
};
static unsigned char	 may_compose[COMPOSE_END / 8];
static pthread_once_t	 may_compose_once = PTHREAD_ONCE_INIT;

static void
may_compose_init(void)
{
	utf8proc_int32_t d[8];
	utf8proc_ssize_t n, k;
	int32_t c;
	size_t r;
	int last;

	for (r = 0; r < sizeof(composite_ranges) / sizeof(*composite_ranges);
	    r++)
		for (c = composite_ranges[r][0]; c <= composite_ranges[r][1];
		    c++) {
			n = utf8proc_decompose_char(c, d, 8, UTF8PROC_DECOMPOSE,
			    &last);
			for (k = 1; k < n && k < 8; k++)
				if (d[k] >= 0 && d[k] < COMPOSE_END)
					may_compose[d[k] / 8] |=
					    (unsigned char)(1 << (d[k] % 8));
			/*
			 * A mark NFC writes otherwise (U+0340 as U+0300,
			 * U+0344 as U+0308 U+0301, U+0F73 as U+0F71 U+0F72,
			 * a starter whose marks must be put in order with
			 * those before it) is made NFC with its letter too.
			 */
			if ((n > 1 || (n == 1 && d[0] != c)) &&
			    word_codepoint(c) == CP_MARK)
				may_compose[c / 8] |=
				    (unsigned char)(1 << (c % 8));
			/*
			 * So is a letter NFC writes otherwise: excluded
			 * from composition (Devanagari U+095B as U+091C
			 * U+093C, as many Hindi texts type it) or a
			 * singleton (Greek U+1F71 as U+03AC).
			 */
			if (n > 0 && n < 8 && (n > 1 || d[0] != c) &&
			    word_codepoint(c) == CP_LETTER &&
			    ((n = utf8proc_normalize_utf32(d, n,
			    UTF8PROC_STABLE | UTF8PROC_COMPOSE)) != 1 ||
			    d[0] != c))
				may_compose[c / 8] |=
				    (unsigned char)(1 << (c % 8));
		}
}

/*
 * A letter that starts a word and that NFC writes otherwise: written
 * as NFC writes it, folded (1); else nothing changes (0).  The table is
 * made (dedup_hasher_text()).
 */
static inline int
letter_nfc(struct buf *words, int32_t c)
{
	utf8proc_int32_t d[8];
	utf8proc_ssize_t n, k;
	int last;
	char u[4];

	if (c >= COMPOSE_END || !(may_compose[c / 8] >> (c % 8) & 1) ||
	    (n = utf8proc_decompose_char(c, d, 8, UTF8PROC_DECOMPOSE,
	    &last)) <= 0 || n > 8)
		return 0;
	n = utf8proc_normalize_utf32(d, n, UTF8PROC_STABLE |
	    UTF8PROC_COMPOSE);
	for (k = 0; k < n; k++)
		utf8_casefold(words, u, utf8_encode(d[k], u));
	return 1;
}

/*
 * The most code points, a starter and the marks after it, that are put
 * in canonical order and composed as one: UAX #15's stream-safe text
 * has at most 30 marks in a row.  A mark after a longer run (a letter
 * piled with marks) is written alone as NFC writes it, and neither
 * composed nor put in order with the marks before it, so that each
 * costs the same however many came before, and the words of the words
 * made are those words again.
 */
#define COMPOSE_RUN	32

static int
combining_class(int32_t cp)
{
	return utf8proc_get_property(cp)->combining_class;
}

/*
 * A mark (or a letter going on a word: kind CP_MARK or CP_LETTER) after
 * the word in words.  When it may compose with what is before it, or
 * has a lower combining class than the mark before it, the word's last
 * starter and the marks after it, this one included, are made NFC
 * together: put in canonical order and composed, then folded, in place
 * of what was there (1).  So "e"
 * and U+0301 is "é", but also "ê" and U+0323 (as Vietnamese keyboards
 * write "ệ") is "ệ", and "a", U+0307, U+0323 is "a", U+0323, U+0307.
 * Else nothing changes (0), and the caller adds it.
 */
static int
mark_compose(struct buf *words, int32_t mark, int kind)
{
	utf8proc_int32_t run[4 * (COMPOSE_RUN + 1)];
	unsigned char seg[4 * (COMPOSE_RUN + 1)];
	utf8proc_ssize_t n, k;
	size_t start = words->len, end, len;
	int32_t cp;
	int ncp, composes, ccc = 0;
	char u[4];

	(void)pthread_once(&may_compose_once, may_compose_init);
	composes = mark < COMPOSE_END && may_compose[mark / 8] >> (mark % 8) &
	    1;
	/* A letter, or a mark of class 0, is never out of order. */
	if (words->len == 0 || (!composes && (kind != CP_MARK ||
	    (ccc = combining_class(mark)) == 0)))
		return 0;
	for (ncp = 0;; ncp++) {
		/*
		 * No starter in reach: the mark alone, as NFC writes it,
		 * and not put in order with those before it, so that the
		 * words of these words are the same again (fuzz-dedup).
		 */
		if (start == 0 || ncp == COMPOSE_RUN) {
			start = words->len;
			break;
		}
		end = start--;
		while (start > 0 && ((unsigned char)words->data[start] &
		    0xc0) == 0x80)
			start--;
		if (utf8_decode((const unsigned char *)words->data + start,
		    end - start, &cp) != end - start || cp == ' ')
			return 0;
		if (ncp == 0 && !composes && ccc >= combining_class(cp))
			return 0;
		if (combining_class(cp) == 0)
			break;
	}
	len = words->len - start;
	memcpy(seg, words->data + start, len);
	len += utf8_encode(mark, (char *)seg + len);
	n = utf8proc_decompose(seg, (utf8proc_ssize_t)len, run,
	    sizeof(run) / sizeof(run[0]), UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0 || n > (utf8proc_ssize_t)(sizeof(run) / sizeof(run[0])))
		return 0;
	n = utf8proc_normalize_utf32(run, n, UTF8PROC_STABLE |
	    UTF8PROC_COMPOSE);
	words->len = start;
	for (k = 0; k < n; k++)
		utf8_casefold(words, u, utf8_encode(run[k], u));
	return 1;
}

#ifdef __SSE2__
/*
 * Sixteen bytes of ASCII at once: 0 if any byte is not ASCII, else 1
 * with a bit set in *mask for each letter or digit and the bytes folded
 * (OR 0x20 makes A-Z a-z and leaves digits as they are) in lower[0..15].
 */
static inline int
ascii_block(const unsigned char *s, unsigned *mask, unsigned char *lower)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
	__m128i l, letter, digit;

	if (_mm_movemask_epi8(v) != 0)
		return 0;
	l = _mm_or_si128(v, _mm_set1_epi8(0x20));
	letter = _mm_and_si128(_mm_cmpgt_epi8(l, _mm_set1_epi8('a' - 1)),
	    _mm_cmplt_epi8(l, _mm_set1_epi8('z' + 1)));
	digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
	    _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
	*mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit));
	_mm_storeu_si128((__m128i *)(void *)lower, l);
	return 1;
}

/*
 * The words of one ASCII block: runs of set bits in mask, each copied
 * with one 16-byte store (the buffer has room past its end).
 */
static inline int
block_words(struct dedup_hasher *h, unsigned mask, const unsigned char *lower,
    int inword)
{
	unsigned pos = 0, run;

	while (pos < 16) {
		if (!inword) {
			if ((mask >> pos) == 0)
				break;
			pos += (unsigned)__builtin_ctz(mask >> pos);
			word_start(h);
			inword = 1;
		}
		run = (unsigned)__builtin_ctz(~mask >> pos);
		memcpy(h->words.data + h->words.len, lower + pos, 16);
		h->words.len += run;
		pos += run;
		if (pos < 16)
			inword = 0;
	}
	return inword;
}
#endif

/* Where the text is: between words, in a word, in an unspaced letter. */
enum { IN_NONE, IN_WORD, IN_UNSPACED };

/*
 * Add the words of one piece of text (a record); a word never runs on
 * from one piece into the next.  ASCII runs are folded through a table;
 * other characters are classified and folded one by one.  An ASCII
 * byte makes at most two bytes (a space before a word and its letter),
 * so room is reserved once for them (and 16 bytes more for the block
 * stores); casefold reserves its own.
 */
void
dedup_hasher_text(struct dedup_hasher *h, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, j, n;
	int32_t cp;
	int inword = 0, kind;
	char *o;
#ifdef __SSE2__
	unsigned char lower[32];
	unsigned mask;
#endif

	(void)pthread_once(&may_compose_once, may_compose_init);
	buf_reserve(&h->words, 2 * len + 32);
	while (i < len) {
#ifdef __SSE2__
		if (len - i >= 16 && ascii_block(s + i, &mask, lower)) {
			inword = block_words(h, mask, lower,
			    inword == IN_WORD);
			i += 16;
			continue;
		}
#endif
		switch (byte_class[s[i]]) {
		case 0:
			inword = 0;
			i++;
			break;
		case 1:
			if (inword != IN_WORD)
				word_start(h);
			inword = IN_WORD;
			for (j = i; j < len && byte_class[s[j]] == 1; j++)
				;
			o = h->words.data + h->words.len;
			for (n = 0; i < j; i++, n++)
				o[n] = (char)ascii_lower[s[i]];
			h->words.len += n;
			break;
		default:
			/* Invalid bytes separate words, as punctuation. */
			if ((n = utf8_decode(s + i, len - i, &cp)) == 0) {
				inword = 0;
				i++;
				break;
			}
			if ((kind = word_codepoint(cp)) == CP_NONE) {
				inword = 0;
				i += n;
				break;
			}
			/* A mark with no letter before it is no word. */
			if (kind == CP_SKIP ||
			    (kind == CP_MARK && inword == 0)) {
				i += n;
				break;
			}
			/*
			 * A letter of a script written without spaces is a
			 * word of its own, with the marks after it; a letter
			 * after one starts a word.
			 */
			if (kind == CP_LETTER && segment_script(cp)) {
				word_start(h);
				inword = IN_UNSPACED;
			} else if (inword == 0 || (inword == IN_UNSPACED &&
			    kind == CP_LETTER)) {
				word_start(h);
				inword = IN_WORD;
			} else if (mark_compose(&h->words, cp, kind)) {
				i += n;
				buf_reserve(&h->words, 2 * (len - i) + 32);
				break;
			}
			/*
			 * Turkish and Azeri pair i with İ, ı with I: İ folds
			 * to i and a dot above, ı to itself, so a headline in
			 * capitals (DİYARBAKIR) was other words than in lower
			 * case (Diyarbakır).  ı is i, as I is, and the dot
			 * above i is left out once the words are NFC
			 * (dot_above_drop()).
			 */
			if (cp == 0x0131)
				buf_addc(&h->words, 'i');
			else if (kind == CP_LETTER &&
			    letter_nfc(&h->words, cp)) {
				i += n;
				buf_reserve(&h->words, 2 * (len - i) + 32);
				break;
			} else
				utf8_casefold(&h->words, text + i, n);
			i += n;
			/* The fold may have grown: room again for the rest. */
			buf_reserve(&h->words, 2 * (len - i) + 32);
		}
	}
}

/*
 * A text of a few words fills a few bins, and each empty bin probes
 * about 256 / (bins filled) times, mostly past the table (a one-line
 * text: tens of thousands of hashes).  For such a text each empty bin
 * instead takes, of the filled bins, the one its probe sequence meets
 * first, from where in the first FIRST_PROBES probes each bin first
 * comes, computed once when first needed; the same bin as probing
 * finds.  SPARSE: the most filled bins for which that is the cheaper.
 */
#define FIRST_PROBES	2048
#define SPARSE		16
static uint16_t first_probe[DEDUP_BINS][DEDUP_BINS];

static void
first_probe_init(void)
{
	static int done;
	uint32_t i, t, j;

	if (done)
		return;
	for (i = 0; i < DEDUP_BINS; i++) {
		for (j = 0; j < DEDUP_BINS; j++)
			first_probe[i][j] = UINT16_MAX;
		for (t = 0; t < FIRST_PROBES; t++) {
			j = t < PROBES ? probe_table[i][t] : probe_bin(i, t);
			if (first_probe[i][j] == UINT16_MAX)
				first_probe[i][j] = (uint16_t)t;
		}
	}
	done = 1;
}

/* Fill the empty bins (value UINT32_MAX) by optimal densification. */
static void
densify(uint32_t *mins, uint32_t *filled)
{
	uint32_t full[SPARSE], i, t, j, k, best, nfull = 0;

	for (i = 0; i < DEDUP_BINS && nfull <= SPARSE; i++)
		if (filled[i / 32] & 1u << (i % 32) && nfull++ < SPARSE)
			full[nfull - 1] = i;
	if (nfull <= SPARSE)
		first_probe_init();
	for (i = 0; i < DEDUP_BINS; i++) {
		if (filled[i / 32] & 1u << (i % 32))
			continue;
		t = 0;
		if (nfull <= SPARSE) {
			for (k = 0, best = UINT16_MAX, j = 0; k < nfull; k++)
				if (first_probe[i][full[k]] < best) {
					best = first_probe[i][full[k]];
					j = full[k];
				}
			if (best != UINT16_MAX) {
				mins[i] = mins[j];
				continue;
			}
			t = FIRST_PROBES;
		}
		for (;; t++) {
			j = t < PROBES ? probe_table[i][t] : probe_bin(i, t);
			if (filled[j / 32] & 1u << (j % 32)) {
				mins[i] = mins[j];
				break;
			}
		}
	}
}

#define ROLL_BASE	0x9e3779b97f4a7c15ULL	/* odd */

static inline uint64_t
load_le64(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return (uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[2] << 16 |
	    (uint64_t)u[3] << 24 | (uint64_t)u[4] << 32 |
	    (uint64_t)u[5] << 40 | (uint64_t)u[6] << 48 |
	    (uint64_t)u[7] << 56;
}

/*
 * A word's hash; 8 bytes after its start must be readable.  Most words
 * are 8 bytes or less: their bytes and length, packed in one number
 * (no folded word byte is below 0x30, so the length byte never clashes
 * with a letter), then mixed, which keeps distinct words distinct.  Up
 * to 16 bytes, two overlapping loads; longer words go to XXH3.  A third
 * of the time XXH3 took on words this short.
 */
static inline uint64_t
word_hash(const char *p, size_t len)
{
	uint64_t a, b;

	if (len <= 8) {
		a = load_le64(p);
		if (len < 8)
			a &= (1ULL << (8 * len)) - 1;
		return mix64(a ^ (uint64_t)len << 56);
	}
	if (len <= 16) {
		a = load_le64(p);
		b = load_le64(p + len - 8);
		return mix64(a * ROLL_BASE ^ (b << 29 | b >> 35) ^ len);
	}
	return XXH3_64bits(p, len);
}

/*
 * The words with "i" and U+0307 made "i": İ folds so, and so do I and
 * i with the dot written after them.  Done on the words made NFC, where
 * a dot above that a mark below comes before (ị̇) is no longer after
 * the i, whichever order the text had them in.  Dots written twice go
 * together, so that the words of the words are themselves.  The dot
 * stays where another mark follows it: without it, that mark would
 * compose with the i (í), which the words made NFC did not have.
 */
static void
dot_above_drop(struct dedup_hasher *h)
{
	char *d = h->words.data, *p, *o, *e, *q;
	size_t w = 0, cut = 0;
	int32_t cp;

	if (h->words.len < 3 || (p = memmem(d, h->words.len, "i\xcc\x87",
	    3)) == NULL)
		return;
	e = d + h->words.len;
	for (o = p; p < e; ) {
		while (w < h->nwords && h->wordv[w].start <= (size_t)(p - d))
			h->wordv[w++].start -= cut;
		if (e - p >= 3 && memcmp(p, "i\xcc\x87", 3) == 0) {
			for (q = p + 3; e - q >= 2 &&
			    memcmp(q, "\xcc\x87", 2) == 0; q += 2)
				;
			if (q == e || utf8_decode((const unsigned char *)q,
			    (size_t)(e - q), &cp) == 0 ||
			    word_codepoint(cp) != CP_MARK) {
				*o++ = 'i';
				cut += (size_t)(q - p) - 1;
				p = q;
				continue;
			}
			while (p < q)
				*o++ = *p++;
		} else
			*o++ = *p++;
	}
	while (w < h->nwords)
		h->wordv[w++].start -= cut;
	h->words.len -= cut;
}

/*
 * The exact key of the words added since the last reset and their
 * number, and no sketch (nshingles 0, bins untouched): all that a
 * lookup of the exact text needs (nw-dedup -u para).
 */

void
dedup_hasher_key(struct dedup_hasher *h, struct dedup_signature *sig)
{
	XXH128_hash_t exact;

	dot_above_drop(h);
	exact = XXH3_128bits(h->words.len ? h->words.data : "", h->words.len);
	memcpy(sig->exact, &exact.high64, 8);
	memcpy(sig->exact + 8, &exact.low64, 8);
	sig->nwords = h->nwords;
	sig->nshingles = 0;
	sig->hashes = NULL;
}

/*
 * The signature of the words added since the last reset.  The words'
 * starts become their hashes: reset before adding words again.
 */
void
dedup_hasher_finish(struct dedup_hasher *h, struct dedup_signature *sig)
{
	union word *wv = h->wordv;
	uint64_t sh, roll, top;
	uint32_t filled[DEDUP_BINS / 32], bin, m;
	size_t i, k = (size_t)h->shingle, end;

	dedup_hasher_key(h, sig);
	sig->nshingles = h->nwords >= k ? h->nwords - k + 1 : 0;
	if (sig->nshingles == 0)
		return;
	if (sig->nshingles > h->hashcap) {
		h->hashcap = sig->nshingles;
		h->hashes = xreallocarray(h->hashes, h->hashcap,
		    sizeof(*h->hashes));
	}
	/* Eight bytes after the last word, for word_hash()'s loads. */
	buf_reserve(&h->words, 8);
	memset(h->words.data + h->words.len, 0, 8);
	/* Word i's hash over its start; word i + 1's start is read first. */
	for (i = 0; i < h->nwords; i++) {
		end = i + 1 < h->nwords ? wv[i + 1].start - 1 : h->words.len;
		wv[i].hash = word_hash(h->words.data + wv[i].start,
		    end - wv[i].start);
	}
	/* roll: the first shingle's words as digits in base ROLL_BASE. */
	for (i = 0, roll = 0, top = 1; i < k; i++) {
		roll = roll * ROLL_BASE + wv[i].hash;
		if (i > 0)
			top *= ROLL_BASE;
	}
	sig->hashes = h->hashes;
	memset(h->mins, 0xff, sizeof(h->mins));
	for (i = 0; i < sig->nshingles; i++) {
		if (i > 0)
			roll = (roll - wv[i - 1].hash * top) * ROLL_BASE +
			    wv[i + k - 1].hash;
		sh = mix64(roll);
		bin = (uint32_t)(sh >> 56);
		h->hashes[i] = (uint32_t)sh;
		/*
		 * Stored always, without a branch: whether a shingle lowers
		 * its bin is a coin toss at first, and the mispredicted
		 * branch cost more than the store.
		 */
		m = h->mins[bin];
		h->mins[bin] = (uint32_t)sh < m ? (uint32_t)sh : m;
	}
	/*
	 * A bin is empty if it kept the initial value: one whose smallest
	 * value is UINT32_MAX (a chance of 2^-32 a shingle) is taken for
	 * empty too, the same way every time.  Marking bins in the loop
	 * above made each shingle wait for the last one's store.
	 */
	memset(filled, 0, sizeof(filled));
	for (i = 0; i < DEDUP_BINS; i++)
		if (h->mins[i] != UINT32_MAX)
			filled[i / 32] |= 1u << (i % 32);
	densify(h->mins, filled);
	for (i = 0; i < DEDUP_BINS; i++)
		sig->bins[i] = (uint16_t)h->mins[i];
}

/* The folded words added since the last reset, one space between. */
const char *
dedup_hasher_words(const struct dedup_hasher *h, size_t *len)
{
	*len = h->words.len;
	return h->words.len ? h->words.data : "";
}

/* Estimated Jaccard similarity: the share of bins that agree. */
double
dedup_similarity(const uint16_t *a, const uint16_t *b)
{
	int i, same = 0;

	for (i = 0; i < DEDUP_BINS; i++)
		same += a[i] == b[i];
	return (double)same / DEDUP_BINS;
}

/*
 * How far from the threshold an estimate is checked on the exact
 * similarity: four standard deviations of the estimate there.  The
 * deviation is that of DEDUP_BINS bins each drawn on its own, which a
 * document of fewer shingles than bins does not have: its bins are
 * copies of the few its shingles reached, and two such documents that
 * share no shingle, or one of two, agree on all of them when their
 * other bins happen to agree on 16 bits.  Its estimate is no estimate,
 * and any candidate is judged on the exact similarity (margin 2).
 */
double
dedup_margin(double threshold, size_t nshingles)
{
	if (nshingles < DEDUP_BINS)
		return 2;
	return 4 * sqrt(threshold * (1 - threshold) / DEDUP_BINS);
}

static int
hash_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Sort and keep each value once; the new length.  A set already (each
 * value above the one before, as the shingle hashes of a document are
 * stored once a lookup compared them) is left as it is, at the cost of
 * one pass.
 */
size_t
dedup_hash_set(uint32_t *h, size_t n)
{
	size_t i, m;

	for (i = 1; i < n && h[i - 1] < h[i]; i++)
		;
	if (i >= n)
		return n;
	qsort(h, n, sizeof(*h), hash_cmp);
	for (i = m = 0; i < n; i++)
		if (m == 0 || h[m - 1] != h[i])
			h[m++] = h[i];
	return m;
}

/*
 * The Jaccard similarity of two sets of shingle hashes, given in any
 * order and with repeats: both arrays are sorted in place.
 */
double
dedup_jaccard(uint32_t *a, size_t na, uint32_t *b, size_t nb)
{
	size_t i = 0, j = 0, both = 0;

	na = dedup_hash_set(a, na);
	nb = dedup_hash_set(b, nb);
	if (na + nb == 0)
		return 1;
	while (i < na && j < nb) {
		if (a[i] == b[j]) {
			both++;
			i++;
			j++;
		} else if (a[i] < b[j])
			i++;
		else
			j++;
	}
	return (double)both / (double)(na + nb - both);
}

/* The signature of a document: the text of its records, in order. */
void
dedup_sign(struct dedup_hasher *h, const struct doc *d,
    struct dedup_signature *s)
{
	size_t i;

	dedup_hasher_reset(h);
	for (i = 0; i < d->nrecords; i++)
		dedup_hasher_text(h, d->records[i].text, d->records[i].textlen);
	dedup_hasher_finish(h, s);
}

/* The key of band number band: a hash of its rows of bins. */
uint64_t
dedup_band_hash(const struct dedup_params *p, const uint16_t *bins, int band)
{
	return XXH3_64bits_withSeed(bins + band * p->rows,
	    (size_t)p->rows * sizeof(*bins), (uint64_t)band);
}
