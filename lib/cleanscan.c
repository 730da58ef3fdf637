/*
 * newswire: nw-clean's scanner, the words of one paragraph read in one
 * pass over its bytes (cleanbytes.c counts what does not depend on
 * where words start; cleanfeatures.c turns what both count into the
 * features; cleanwords.c loads the word table it looks words up in).
 *
 * clean_words_scan() reads a paragraph a word at a time, counting its
 * words, capitals, short words and stopwords and hashing its
 * normalised text.  This is where nw-clean spends most of its time:
 * words are taken 16 bytes at a time (SSE2, or eight at a time in
 * numbers without it) and tested with no branch on what they are.
 */
#include <string.h>

#include <utf8proc.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "nw-private.h"
#include "cleanwords.h"

/*
 * The repeat table's key: a hash of the paragraph's normalised text
 * (letters folded, digits kept, punctuation dropped, its words one
 * blank apart) made word by word as the scanner reads them, without
 * laying the text out.  A word of up to 16 normalised bytes hashes as
 * its stopword key does (key_hash() of its bytes packed, which the
 * scanner has computed already when no punctuation is inside it), a
 * longer one by XXH3; the words' hashes are chained in their order.
 */
#define NORM_STEP	0x9e3779b97f4a7c15ULL

static inline uint64_t
norm_step(uint64_t h, uint64_t wh)
{
	return (h + wh) * NORM_STEP;
}

/* The hash of a word's normalised bytes. */
static inline uint64_t
norm_word_hash(const unsigned char *w, size_t n)
{
	uint64_t a, b;

	if (n > STOP_KEY_MAX)
		return XXH3_64bits(w, n);
	pack_key(w, n, &a, &b);
	return key_hash(a, b);
}

#ifdef __SSE2__
#include <emmintrin.h>
#include <immintrin.h>
#endif

/* One to three letters, punctuation after them aside. */
static inline int
short_word(const unsigned char *k, const unsigned char *e)
{
	size_t chars = 0;

	for (; k < e && !(bclass[*k] & B_PUNCT); k++)
		if (!(bclass[*k] & B_CONT) && ++chars > 3)
			return 0;
	return chars > 0;
}

/* Where w .. s starts and ends, the ASCII punctuation around it left out. */
static inline void
word_trim(const unsigned char *w, const unsigned char *s,
    const unsigned char **start, const unsigned char **end)
{
	const unsigned char *k, *we;

	for (k = w; k < s && (bclass[*k] & B_PUNCT); k++)
		;
	we = s;
	while (we > k && (bclass[we[-1]] & B_PUNCT))
		we--;
	*start = k;
	*end = we;
}

/*
 * Count a word (one that starts with a letter of the kinds given once
 * the punctuation before it is skipped), its capital or its shortness;
 * returns where it starts and sets *end where it ends, punctuation
 * around it left out.
 */
static inline const unsigned char *
word_count(struct clean_para *p, const unsigned char *w, const unsigned char *s,
    unsigned letters, const unsigned char **end)
{
	const unsigned char *k;

	word_trim(w, s, &k, end);
	if (k < s && (bclass[*k] & letters)) {
		p->words++;
		if (bclass[*k] & B_UPPER)
			p->titled++;
		else if (short_word(k, s))
			p->shortlower++;
	}
	return k;
}

/*
 * Count a word that holds a byte above ASCII, the punctuation of any
 * script around it left out (“Breaking” is a capitalised word, a dash
 * standing alone no word): one that starts with a letter or a mark, or
 * with a byte of no valid sequence, is a word; a capital of any script
 * (Спорт, Économie, Ökonomie) makes it title-cased as A to Z does, and
 * any other word of one to three characters is short.  Returns where it
 * starts and sets *end where it ends.
 */
static const unsigned char *
word_count_high(struct clean_para *p, const unsigned char *w,
    const unsigned char *s, const unsigned char **end)
{
	const unsigned char *k, *we;
	int32_t cp;
	int cat, upper;

	k = word_first(w, s);
	*end = we = word_last(k, s);
	if (k == we)
		return k;
	if (*k < 0x80) {
		if (!(bclass[*k] & (B_UPPER | B_LOWER)))
			return k;
		upper = (bclass[*k] & B_UPPER) != 0;
	} else if (utf8_decode(k, (size_t)(we - k), &cp) == 0)
		upper = 0;
	else if ((cat = utf8proc_category(cp)) == UTF8PROC_CATEGORY_ND ||
	    cat == UTF8PROC_CATEGORY_NL || cat == UTF8PROC_CATEGORY_NO)
		return k;
	else
		upper = cat == UTF8PROC_CATEGORY_LU ||
		    cat == UTF8PROC_CATEGORY_LT;
	p->words++;
	if (upper)
		p->titled++;
	else
		p->shortlower += short_word(k, we);
	return k;
}

/*
 * Whether w .. s holds a letter of a script written without spaces
 * (segment_script(): Han, kana, Thai, Lao, Khmer, Myanmar), all of
 * which are three or four bytes: word_slow() asks only in a paragraph
 * that clean_bytes_count() found lead bytes of such scripts in.  The
 * word is read from the scanner's copy, with blanks after it: eight
 * bytes can be loaded from any of its bytes.
 */
static int
has_unspaced(const unsigned char *w, const unsigned char *s)
{
	uint64_t x;
	int32_t cp;
	size_t n;

	/* Eight bytes at a time to the first lead byte of three or four. */
	for (; w < s; w += 8) {
		x = swar_load(w);
		if ((x & x << 1 & x << 2 & SWAR_HIGHS) != 0)
			break;
	}
	for (; w < s; w += n) {
		n = 1;
		if (*w >= 0xe0 && *w != 0xe2 && (n = utf8_decode(w,
		    (size_t)(s - w), &cp)) > 0 && segment_script(cp))
			return 1;
		n += n == 0;
	}
	return 0;
}

static int
cp_is_letter(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return 1;
	default:
		return 0;
	}
}

/*
 * What a code point beyond ASCII is to the normalised text: a letter, a
 * mark or a number is kept (NC_KEEP), a space of any width ends a word
 * (NC_SPACE), and punctuation, symbols and invisible characters are
 * left out, as ASCII's are: "Home | World" is "Home World", and so are
 * the ideographic space, the no-break space and CJK punctuation.
 */
enum { NC_DROP, NC_KEEP, NC_SPACE };

static int
norm_class(int32_t cp)
{
	if (cp_in_word(cp))
		return NC_KEEP;
	return cp_is_space(cp) ? NC_SPACE : NC_DROP;
}

/*
 * The words of a run of such text, f .. fe folded, as nw-tokenize cuts
 * them (segment_words()): those that start with a letter are counted,
 * each looked up in the stopword lists.  Such a run is a phrase or a
 * clause, not a word: counted as one, a clause of a hundred characters
 * was a paragraph of one word, and a menu item of two characters a
 * short word, which stands in for a stopword where no list fits.  None
 * of its words is short in that sense, nor capitalised.
 */
static void
words_unspaced(struct clean_words *cw, uint64_t lists, struct clean_para *p,
    const unsigned char *f, const unsigned char *fe)
{
	const uint32_t *ends;
	uint64_t a, b;
	size_t i, nw, start, len;
	int32_t cp;

	if (cw->seg == NULL)
		cw->seg = segmenter_new();
	if ((nw = segment_words(cw->seg, (const char *)f, (size_t)(fe - f),
	    &ends)) == 0)
		return;
	for (i = 0, start = 0; i < nw; start = ends[i++]) {
		len = ends[i] - start;
		if (utf8_decode(f + start, len, &cp) == 0 ||
		    !cp_is_letter(cp))
			continue;
		p->words++;
		if (len <= STOP_KEY_MAX) {
			pack_key(f + start, len, &a, &b);
			p->stops += (word_info(cw, a, b) & lists) != 0;
		}
	}
}

/*
 * Count the word w .. s, of a paragraph that holds a byte above ASCII,
 * cw->fold its case fold: by its words when it holds letters of a
 * script written without spaces, else as one word (word_count_high()),
 * and look its key up, the punctuation of any script around it left
 * out.
 */
static void
word_slow_count(struct clean_words *cw, uint64_t lists, struct clean_para *p,
    const unsigned char *w, const unsigned char *s, int *maybe_phrase)
{
	const unsigned char *k, *we, *f;
	uint64_t a, b, info;
	size_t fl;
	int unspaced;

	/* Counted by its words, or as one word; a phrase keys on it whole. */
	if ((unspaced = cw->unspaced && has_unspaced(w, s)) != 0) {
		words_unspaced(cw, lists, p, (const unsigned char *)
		    cw->fold.data, (const unsigned char *)cw->fold.data +
		    cw->fold.len);
		k = word_first(w, s);
		we = word_last(k, s);
	} else
		k = word_count_high(p, w, s, &we);
	if (we == k)
		return;
	/*
	 * The fold of k .. we, the punctuation around it left out: no
	 * character but a letter, a mark or a number changes its length
	 * when folded.
	 */
	f = (const unsigned char *)cw->fold.data + (k - w);
	fl = cw->fold.len - (size_t)(k - w) - (size_t)(s - we);
	if ((size_t)(we - k) <= STOP_KEY_MAX && fl <= STOP_KEY_MAX) {
		pack_key(f, fl, &a, &b);
		info = word_info(cw, a, b);
		p->stops += !unspaced && (info & lists) != 0;
		*maybe_phrase |= (info & INFO_LEXFIRST) != 0;
		return;
	}
	/* A word whose key is not looked up may start a phrase. */
	*maybe_phrase = 1;
}

/*
 * The words of w .. s, a run of bytes without an ASCII blank that holds
 * a space beyond it (a no-break space, a thin space, the ideographic
 * space): each counted as word_slow_count() counts one, as if the space
 * were a blank.
 */
static void
words_spaced(struct clean_words *cw, uint64_t lists, struct clean_para *p,
    const unsigned char *w, const unsigned char *s, int *maybe_phrase)
{
	const unsigned char *k, *t;
	int32_t cp;
	size_t n;

	for (k = t = w; t <= s; t += n) {
		n = 1;
		if (t < s && (*t < 0x80 || (n = utf8_decode(t,
		    (size_t)(s - t), &cp)) == 0 || !cp_is_space(cp))) {
			n += n == 0;
			continue;
		}
		if (t > k) {
			buf_clear(&cw->fold);
			utf8_casefold(&cw->fold, (const char *)k,
			    (size_t)(t - k));
			word_slow_count(cw, lists, p, k, t, maybe_phrase);
		}
		k = t + n;
	}
}

/*
 * Whether U+2000 to U+207F, as E2 b1 b2, is a space: U+2000 to U+200A,
 * the line and paragraph separators, U+202F and U+205F.
 */
static inline int
space_e2(unsigned char b1, unsigned char b2)
{
	if (b1 == 0x80)
		return b2 <= 0x8a || b2 == 0xa8 || b2 == 0xa9 || b2 == 0xaf;
	return b1 == 0x81 && b2 == 0x9f;
}

/*
 * One word of a paragraph that holds a byte above ASCII: case-folded
 * whole by utf8_casefold, its normalised bytes ("Économie" and
 * "ÉCONOMIE" the same) and its stopword key made from the fold, which
 * leaves the ASCII punctuation around the word where it was.  The
 * normalised bytes are laid out in cw->norm, their number returned; a
 * space beyond ASCII inside the word is a blank there (norm_class()),
 * and it parts the word for the counts too.  The symbols above ASCII
 * are counted here, the rest by clean_bytes_count().
 */
static size_t
word_slow(struct clean_words *cw, uint64_t lists, struct clean_para *p,
    const unsigned char *w, const unsigned char *s, int *maybe_phrase)
{
	const unsigned char *k, *f, *fe;
	unsigned char *o, *o0;
	size_t n;
	int32_t cp;
	int class, spaced = 0;

	for (k = w; k < s; k++) {
		if (*k == 0xe2 && k + 1 < s && (k[1] == 0x80 ||
		    k[1] == 0x81)) {
			/* Letters mostly; general punctuation not. */
			p->symbols += k + 2 >= s || !space_e2(k[1], k[2]);
			k += k + 2 < s ? 2 : 1;
		} else if (*k == 0xc2) {
			/* The no-break space is a space. */
			p->symbols += k + 1 >= s || k[1] != 0xa0;
			if (k + 1 < s && k[1] == 0xa9)
				p->copyright = 1;
			k += k + 1 < s ? 1 : 0;
		}
	}
	buf_clear(&cw->fold);
	utf8_casefold(&cw->fold, (const char *)w, (size_t)(s - w));
	f = (const unsigned char *)cw->fold.data;
	fe = f + cw->fold.len;
	/* Mostly there already: the paragraph's length was reserved. */
	if (cw->norm.cap - cw->norm.len <= cw->fold.len)
		buf_reserve(&cw->norm, cw->fold.len);
	o = o0 = (unsigned char *)cw->norm.data;
	for (; f < fe; f += n) {
		n = 1;
		if (*f < 0x80) {
			*o = blower[*f];
			o += bkeep[*f];
		} else if ((n = utf8_decode(f, (size_t)(fe - f), &cp)) == 0)
			n = 1;
		else if ((class = norm_class(cp)) == NC_KEEP) {
			memcpy(o, f, n);
			o += n;
		} else if (class == NC_SPACE) {
			*o++ = ' ';
			spaced = 1;
		}
	}
	if (spaced)
		words_spaced(cw, lists, p, w, s, maybe_phrase);
	else
		word_slow_count(cw, lists, p, w, s, maybe_phrase);
	return (size_t)(o - o0);
}

/*
 * An ASCII word of more than 16 bytes (or a word_fast() would not take):
 * its case and the stopword test, punctuation aside.
 */
static void
word_ascii(const struct clean_words *cw, uint64_t lists, struct clean_para *p,
    const unsigned char *w, const unsigned char *s, int *maybe_phrase)
{
	const unsigned char *k, *we;
	uint64_t a, b, info;
	size_t i;

	k = word_count(p, w, s, B_UPPER | B_LOWER, &we);
	if (we > k && (size_t)(we - k) <= STOP_KEY_MAX) {
		a = b = 0;
		for (i = 0; i < 8 && k + i < we; i++)
			a |= (uint64_t)blower[k[i]] << (8 * i);
		for (; k + i < we; i++)
			b |= (uint64_t)blower[k[i]] << (8 * (i - 8));
		info = word_info(cw, a, b);
		p->stops += (info & lists) != 0;
		*maybe_phrase |= (info & INFO_LEXFIRST) != 0;
	} else if (we > k)
		*maybe_phrase |= cw->lexfirst_long;
}

/*
 * Words are read eight bytes at a time with swar_load(), the first byte
 * lowest: the word tests below need the bytes of a word in the order
 * they are written.
 */

/* "www." or "WWW." (or the two mixed) may start x. */
static inline int
maybe_www(uint64_t x)
{
	return (x & 0xffdfdfdf) == 0x2e575757;
}

#ifndef __SSE2__
/*
 * The counts of words and capitals, and of short words and stopwords,
 * added up by word_short() in two numbers of two 32-bit halves (kept in
 * registers, where the paragraph's fields would be read and written
 * back around every byte stored): added to the paragraph at its end.
 */
static void
counts_add(struct clean_para *p, const uint64_t counts[2])
{
	p->words += (uint32_t)counts[0];
	p->titled += (uint32_t)(counts[0] >> 32);
	p->shortlower += (uint32_t)counts[1];
	p->stops += (uint32_t)(counts[1] >> 32);
}

/* low[n]: the low n bytes of a number (n from 0 to 8). */
static const uint64_t low[9] = {
	0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffffULL,
	0xffffffffffffULL, 0xffffffffffffffULL, 0xffffffffffffffffULL
};

/* High bit of each byte of ASCII x from lo to hi (lo >= 1). */
static inline uint64_t
swar_ascii_range(uint64_t x, unsigned char lo, unsigned char hi)
{
	return (x + SWAR_ONES * (unsigned char)(0x80 - lo)) &
	    ~(x + SWAR_ONES * (unsigned char)(0x7f - hi)) & SWAR_HIGHS;
}

/* How many bytes of m have their high bit set (no other bit set). */
static inline unsigned
swar_count(uint64_t m)
{
	return (unsigned)(((m >> 7) * SWAR_ONES) >> 56);
}

/* Bytes k to k + 7 of the 16 bytes lo, hi (k from 0 to 15). */
static inline uint64_t
bytes_from(uint64_t lo, uint64_t hi, size_t k)
{
	if (k == 0)
		return lo;
	return k < 8 ? lo >> 8 * k | hi << (64 - 8 * k) : hi >> 8 * (k - 8);
}

/*
 * What a word's bytes are, as masks with the high bit of a byte set:
 * its bytes, capitals, letters, digits and the rest (punctuation).
 */
struct wordbits {
	uint64_t	x, lower;	/* the bytes, and lower-cased */
	uint64_t	bytes, upper, alpha, digit, punct;
};

static inline void
word_bits(struct wordbits *b, uint64_t x, size_t n)
{
	b->x = x;
	b->bytes = SWAR_HIGHS & low[n];
	b->upper = swar_ascii_range(x, 'A', 'Z');
	b->lower = x | b->upper >> 2;
	b->alpha = swar_ascii_range(b->lower, 'a', 'z');
	b->digit = swar_ascii_range(x, '0', '9');
	b->punct = b->bytes & ~(b->alpha | b->digit);
}

/*
 * An ASCII word of 1 to 7 bytes (most words) in one number: from the
 * masks of its bytes, its ends with the punctuation around it left out,
 * its count, its stopword key and its normalised bytes' hash, with no
 * branch on what the word is (which way it would go is as good as
 * random).
 * Returns 0, having done nothing, for a word with a byte above ASCII.
 */
static inline int
word_short(const struct clean_words *cw, uint64_t lists, uint64_t counts[2],
    const unsigned char *w, uint64_t x, size_t n, uint64_t *ph,
    int *maybe_phrase)
{
	uint64_t upper, lower, alpha, nonp, a, h, info, ak, uk, sh;
	unsigned k, we, len;
	unsigned char nb[STOP_KEY_MAX], *o;

	x &= low[n];
	if (x & SWAR_HIGHS)
		return 0;
	upper = swar_ascii_range(x, 'A', 'Z');
	lower = x | upper >> 2;
	alpha = swar_ascii_range(lower, 'a', 'z');
	nonp = alpha | swar_ascii_range(x, '0', '9');
	/* Punctuation alone: no word of the normalised text. */
	if (nonp == 0)
		return 1;
	k = (unsigned)__builtin_ctzll(nonp) / 8;
	we = (unsigned)(63 - __builtin_clzll(nonp)) / 8 + 1;
	sh = 8 * k;
	ak = alpha >> sh >> 7 & 1;
	uk = upper >> sh >> 7 & 1;
	len = we - k;
	a = lower >> sh & low[len];
	h = key_hash(a, 0);
	info = slots_info_hash(cw, h, a, 0);
	/* A lower-case word of 1 to 3 letters is short. */
	counts[0] += ak | uk << 32;
	counts[1] += (ak & (uk ^ 1) & ((~(nonp >> sh) & 0x80808080) != 0)) |
	    (uint64_t)((info & lists) != 0) << 32;
	*maybe_phrase |= (info & INFO_LEXFIRST) != 0;
	/* No punctuation inside: its letters and digits are all there is. */
	if (swar_count(nonp) != len) {
		for (o = nb; k < we; k++) {
			*o = blower[w[k]];
			o += bkeep[w[k]];
		}
		h = norm_word_hash(nb, (size_t)(o - nb));
	}
	*ph = norm_step(*ph, h);
	return 1;
}

/* The same for an ASCII word of 8 to 16 bytes, in two numbers. */
static inline int
word_long(const struct clean_words *cw, uint64_t lists, struct clean_para *p,
    const unsigned char *w, size_t n, uint64_t *ph, int *maybe_phrase)
{
	struct wordbits b0, b1;
	uint64_t x0, x1, nonp0, nonp1, a, b, h, info, inner;
	size_t k, we, len;
	unsigned char nb[STOP_KEY_MAX], *o;

	x0 = swar_load(w);
	x1 = swar_load(w + 8) & low[n - 8];
	if ((x0 | x1) & SWAR_HIGHS)
		return 0;
	word_bits(&b0, x0, 8);
	word_bits(&b1, x1, n - 8);
	nonp0 = b0.bytes & ~b0.punct;
	nonp1 = b1.bytes & ~b1.punct;
	if ((nonp0 | nonp1) == 0)
		return 1;
	k = nonp0 ? (size_t)__builtin_ctzll(nonp0) / 8 :
	    8 + (size_t)__builtin_ctzll(nonp1) / 8;
	we = nonp1 ? 9 + (size_t)(63 - __builtin_clzll(nonp1)) / 8 :
	    (size_t)(63 - __builtin_clzll(nonp0)) / 8 + 1;
	if (bytes_from(b0.alpha, b1.alpha, k) & 0x80) {
		p->words++;
		if (bytes_from(b0.upper, b1.upper, k) & 0x80)
			p->titled++;
		else if (~bytes_from(nonp0, nonp1, k) & 0x80808080)
			p->shortlower++;
	}
	len = we - k;
	a = bytes_from(b0.lower, b1.lower, k);
	b = k < 8 ? b1.lower >> 8 * k : 0;
	if (len <= 8) {
		a &= low[len];
		b = 0;
	} else
		b &= low[len - 8];
	inner = (b0.punct & low[we < 8 ? we : 8] & ~low[k < 8 ? k : 8]) |
	    (b1.punct & low[we > 8 ? we - 8 : 0] &
	    ~low[k > 8 ? k - 8 : 0]);
	h = key_hash(a, b);
	info = slots_info_hash(cw, h, a, b);
	p->stops += (info & lists) != 0;
	*maybe_phrase |= (info & INFO_LEXFIRST) != 0;
	if (inner != 0) {
		for (o = nb; k < we; k++) {
			*o = blower[w[k]];
			o += bkeep[w[k]];
		}
		h = norm_word_hash(nb, (size_t)(o - nb));
	}
	*ph = norm_step(*ph, h);
	return 1;
}
#endif

/*
 * A word neither words_vector() nor words_swar() takes whole: of more
 * than 16 bytes, or with a byte above ASCII.  Its normalised bytes are
 * laid out in cw->norm (room for n of them, and word_slow() makes room
 * for a fold), and each word they hold, none when they are empty,
 * steps the hash ph: the hash returned.  (Taken and given back by value,
 * the callers' hash stays in a register through their loops.)
 */
static uint64_t
word_other(struct clean_words *cw, uint64_t lists, struct clean_para *p,
    const unsigned char *w, size_t n, int *maybe_phrase, int *www,
    uint64_t ph)
{
	const unsigned char *t, *e, *blank;
	unsigned char *o, *o0;
	unsigned hi = 0;
	size_t len;

	*www |= (n >= 5) & maybe_www(swar_load(w));
	for (t = w; t < w + n; t++)
		hi |= *t;
	o = o0 = (unsigned char *)cw->norm.data;
	if ((hi & 0x80) || n > 0xffff) {
		len = word_slow(cw, lists, p, w, w + n, maybe_phrase);
		*www |= w[0] == 'w' || w[0] == 'W';
		o0 = (unsigned char *)cw->norm.data;
		o = o0 + len;
	} else {
		for (t = w; t < w + n; t++) {
			*o = blower[*t];
			o += bkeep[*t];
		}
		word_ascii(cw, lists, p, w, w + n, maybe_phrase);
	}
	/* Split at the spaces beyond ASCII word_slow() made blanks. */
	for (t = o0, e = o; t < e; t = blank + 1) {
		if ((blank = memchr(t, ' ', (size_t)(e - t))) == NULL)
			blank = e;
		if (blank > t)
			ph = norm_step(ph, norm_word_hash(t,
			    (size_t)(blank - t)));
	}
	return ph;
}

#ifdef __SSE2__
/* 16 bytes of ones, 16 of zeros: from 16 - n on, a mask of n bytes. */
static const unsigned char lenmask[32] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

/* Bit i for each byte i of v from lo to hi (signed compares). */
#define IN_RANGE(v, lo, n)	_mm_cmplt_epi8(_mm_add_epi8((v), \
	_mm_set1_epi8((char)(0x80 - (lo)))), _mm_set1_epi8((char)(0x80 + (n))))

/* The bits set in x, in numbers (a call without -mpopcnt). */
static inline __attribute__((always_inline)) uint32_t
bits_set(uint64_t x)
{
	x -= x >> 1 & 0x5555555555555555ULL;
	x = (x & 0x3333333333333333ULL) + (x >> 2 & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (uint32_t)((x * SWAR_ONES) >> 56);
}

/*
 * What 64 bytes of text are, a bit a byte (byte i, bit i): blanks,
 * letters and digits, letters, capitals, bytes above ASCII, and the
 * bytes of "www.".
 */
struct window {
	uint64_t	blank, alnum, alpha, upper, high;
	uint64_t	w, dot;		/* 'w' or 'W', '.': "www." */
};

static inline __attribute__((always_inline)) void
window_masks(const unsigned char *s, struct window *m)
{
	const __m128i blank = _mm_set1_epi8(' '), case_bit = _mm_set1_epi8(0x20);
	__m128i v, alpha, folded;
	uint64_t bl = 0, an = 0, al = 0, up = 0, hi = 0, w = 0, dot = 0;
	int i;

#pragma GCC unroll 4
	for (i = 0; i < 4; i++) {
		v = _mm_loadu_si128((const __m128i *)(s + 16 * i));
		folded = _mm_or_si128(v, case_bit);
		alpha = IN_RANGE(folded, 'a', 26);
		w |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    folded, _mm_set1_epi8('w'))) << 16 * i;
		dot |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v,
		    _mm_set1_epi8('.'))) << 16 * i;
		bl |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v,
		    blank)) << 16 * i;
		al |= (uint64_t)(unsigned)_mm_movemask_epi8(alpha) << 16 * i;
		an |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(alpha,
		    IN_RANGE(v, '0', 10))) << 16 * i;
		up |= (uint64_t)(unsigned)_mm_movemask_epi8(IN_RANGE(v, 'A',
		    26)) << 16 * i;
		hi |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << 16 * i;
	}
	m->w = w;
	m->dot = dot;
	m->blank = bl;
	m->alnum = an;
	m->alpha = al;
	m->upper = up;
	m->high = hi;
}

#ifdef CLEAN_SCAN_AVX2
/* The same, 32 bytes a vector. */
__attribute__((target("avx2")))
static inline void
window_masks_avx2(const unsigned char *s, struct window *m)
{
	const __m256i blank = _mm256_set1_epi8(' '),
	    case_bit = _mm256_set1_epi8(0x20);
	__m256i v, alpha, folded;
	uint64_t bl = 0, an = 0, al = 0, up = 0, hi = 0, w = 0, dot = 0;
	int i;

#define IN_RANGE256(v, lo, n)	_mm256_cmpgt_epi8( \
	_mm256_set1_epi8((char)(0x80 + (n))), \
	_mm256_add_epi8((v), _mm256_set1_epi8((char)(0x80 - (lo)))))
#pragma GCC unroll 2
	for (i = 0; i < 2; i++) {
		v = _mm256_loadu_si256((const __m256i *)(s + 32 * i));
		folded = _mm256_or_si256(v, case_bit);
		alpha = IN_RANGE256(folded, 'a', 26);
		w |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(
		    folded, _mm256_set1_epi8('w'))) << 32 * i;
		dot |= (uint64_t)(uint32_t)_mm256_movemask_epi8(
		    _mm256_cmpeq_epi8(v, _mm256_set1_epi8('.'))) << 32 * i;
		bl |= (uint64_t)(uint32_t)_mm256_movemask_epi8(
		    _mm256_cmpeq_epi8(v, blank)) << 32 * i;
		al |= (uint64_t)(uint32_t)_mm256_movemask_epi8(alpha) <<
		    32 * i;
		an |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_or_si256(
		    alpha, IN_RANGE256(v, '0', 10))) << 32 * i;
		up |= (uint64_t)(uint32_t)_mm256_movemask_epi8(IN_RANGE256(v,
		    'A', 26)) << 32 * i;
		hi |= (uint64_t)(uint32_t)_mm256_movemask_epi8(v) << 32 * i;
	}
#undef IN_RANGE256
	m->w = w;
	m->dot = dot;
	m->blank = bl;
	m->alnum = an;
	m->alpha = al;
	m->upper = up;
	m->high = hi;
}
#endif

/*
 * The words of a paragraph, 64 bytes at a time: a window of them, from
 * where a word starts, read once into masks of a bit a byte (blanks,
 * letters and digits, letters, capitals), gives where each of its words
 * starts and ends, where its letters and digits start and end once the
 * punctuation around them is left out, whether it starts with a letter
 * or a capital and whether it is short, by bit arithmetic, with no
 * branch on what a word is.  A word's bytes, lowered in one vector, are
 * its stopword key and, when no punctuation is inside it, its
 * normalised bytes, their hash the key's.  The next window starts at
 * the first word this one does not hold whole.  Words of more than 16
 * bytes or with a byte above ASCII are left to word_other().  s is the
 * copy of the text with 80 blanks after it, then a byte that is none.
 */
static inline __attribute__((always_inline)) void
words_vector(struct clean_words *cw, uint64_t lists, struct clean_para *p,
    const unsigned char *s, size_t len, struct clean_scan *sc, int wide)
{
	/* Kept out of memory that the stores of keys could change. */
	const struct wordslot *slots = cw->slots;
	const uint16_t *disp = cw->disp;
	const size_t slotmask = cw->slotmask, dispmask = cw->dispmask;
	const unsigned char *e = s + len, *w;
	const __m128i case_bit = _mm_set1_epi8(0x20);
	uint64_t a, b, h, info, stops = 0, starts, ends, tok, an, first, other,
	    punct, run4, ph = 0;
	unsigned char nb[STOP_KEY_MAX], *o;
	const struct wordslot *s1, *one[32];
	__m128i keys[32];
	unsigned i, nkeys;
	struct window m;
	size_t n, words = 0;
	unsigned k, we, wl, ws, wend, sh;
	__m128i v, lower;
	int maybe_phrase = 0, www = 0;
	uint32_t nwords = 0, titled = 0, shortlower = 0;

	while (*s == ' ')
		s++;
	while (s < e) {
#ifdef CLEAN_SCAN_AVX2
		if (wide)
			window_masks_avx2(s, &m);
		else
#endif
			window_masks(s, &m);
		/* s starts a word: bit 0 is a start. */
		starts = ~m.blank & (m.blank << 1 | 1);
		ends = m.blank & ~m.blank << 1;
		if (ends == 0) {
			/* A word of more than 63 bytes. */
			n = (size_t)((const unsigned char *)memchr(s + 64, ' ',
			    (size_t)(e - s) + 16) - s);
			words++;
			ph = word_other(cw, lists, p, s, n, &maybe_phrase,
			    &www, ph);
			for (s += n; *s == ' '; s++)
				;
			continue;
		}
		/*
		 * The first letter or digit of each word, past the
		 * punctuation before it: a run of punctuation from where a
		 * word starts carries, added to itself, into the byte after
		 * it.
		 */
		punct = ~m.blank & ~m.alnum;
		first = ((starts & m.alnum) | ((starts & punct) + punct)) &
		    m.alnum;
		/*
		 * A word of five bytes or more may start with "www." (what
		 * maybe_www() tells of a word's first bytes).
		 */
		www |= (starts & m.w & m.w >> 1 & m.w >> 2 & m.dot >> 3 &
		    ~m.blank >> 4) != 0;
		/* Four letters or digits from a byte on: not short. */
		run4 = m.alnum & m.alnum >> 1 & m.alnum >> 2 & m.alnum >> 3;
		other = 0;
		wend = 0;
		nkeys = 0;
		while (starts != 0 && ends != 0) {
			ws = (unsigned)__builtin_ctzll(starts);
			wend = (unsigned)__builtin_ctzll(ends);
			starts &= starts - 1;
			ends &= ends - 1;
			words++;
			w = s + ws;
			n = wend - ws;
			tok = ((uint64_t)1 << wend) - ((uint64_t)1 << ws);
			if ((n > 16) | ((m.high & tok) != 0)) {
				other |= tok;
				ph = word_other(cw, lists, p, w, n,
				    &maybe_phrase, &www, ph);
				continue;
			}
			/* Nothing of it is kept: no word. */
			if ((an = m.alnum & tok) == 0)
				continue;
			k = (unsigned)__builtin_ctzll(an);
			we = 64 - (unsigned)__builtin_clzll(an);
			wl = we - k;
			sh = (unsigned)(an >> k);
			v = _mm_loadu_si128((const __m128i *)(s + k));
			lower = _mm_or_si128(v, _mm_and_si128(IN_RANGE(v, 'A',
			    26), case_bit));
			lower = _mm_and_si128(lower, _mm_loadu_si128(
			    (const __m128i *)(lenmask + 16 - wl)));
			a = (uint64_t)_mm_cvtsi128_si64(lower);
			b = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(lower,
			    lower));
			/* slots_info_hash(), the key compared in a vector. */
			h = key_hash(a, b);
			s1 = &slots[slot_of(disp, dispmask, slotmask, h)];
			/*
			 * The table (4096 slots of 24 bytes with the shipped
			 * lists) is larger than the first level of cache:
			 * the slot asked for now, read once the window's
			 * words are all found.
			 */
			__builtin_prefetch(s1);
			keys[nkeys] = lower;
			one[nkeys++] = s1;
			/*
			 * No punctuation inside: the key is the normalised
			 * bytes, its hash theirs; else they are made apart.
			 */
			if (sh != (1U << wl) - 1) {
				for (o = nb; k < we; k++) {
					*o = blower[s[k]];
					o += bkeep[s[k]];
				}
				h = norm_word_hash(nb, (size_t)(o - nb));
			}
			ph = norm_step(ph, h);
		}
		/* Their keys in their slots, each independent of the last. */
		for (i = 0; i < nkeys; i++) {
			info = one[i]->info & -(uint64_t)(_mm_movemask_epi8(
			    _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)
			    one[i]), keys[i])) == 0xffff);
			stops += (info & lists) != 0;
			maybe_phrase |= (info & INFO_LEXFIRST) != 0;
		}
		/*
		 * The words taken whole here, but for word_other()'s,
		 * counted: those that start with a letter, with a capital,
		 * short lower-case ones (one to three letters).
		 */
		first &= (((uint64_t)1 << wend) - 1) & ~other;
		nwords += bits_set(first & m.alpha);
		titled += bits_set(first & m.upper);
		shortlower += bits_set(first & m.alpha &
		    ~m.upper & ~run4);
		/*
		 * The next window from the first word not taken whole; when
		 * every word was, the rest of this one is blanks.
		 */
		if (starts != 0)
			s += __builtin_ctzll(starts);
		else if ((s += 64) < e)
			while (*s == ' ')
				s++;
	}
	p->words += nwords;
	p->titled += titled;
	p->shortlower += shortlower;
	p->stops += (uint32_t)stops;
	sc->words = words;
	sc->maybe_phrase = maybe_phrase;
	sc->www = www;
	sc->hash = ph;
}

static void
words_sse2(struct clean_words *cw, uint64_t lists, struct clean_para *p,
    const unsigned char *s, size_t len, struct clean_scan *sc)
{
	words_vector(cw, lists, p, s, len, sc, 0);
}

#ifdef CLEAN_SCAN_AVX2
/*
 * The same code for processors with AVX2 and BMI2 (chosen once, in
 * clean_words_new()): shifts by a variable count, bit counts, trailing
 * and leading zeros in one instruction each, and three-operand vector
 * instructions, about 5% of nw-clean's time (tests/bench/run) on the
 * same words.
 */
__attribute__((target("avx2,bmi,bmi2,popcnt,lzcnt")))
static void
words_avx2(struct clean_words *cw, uint64_t lists, struct clean_para *p,
    const unsigned char *s, size_t len, struct clean_scan *sc)
{
	words_vector(cw, lists, p, s, len, sc, 1);
}
#endif

#else
/*
 * The same without SSE2: a word ends at a blank found eight bytes at a
 * time; ASCII words of up to 16 bytes whole, in one or two
 * numbers, by word_short() and word_long().  s is the copy of the text
 * with 16 blanks after it and then a byte that is none.
 */
static void
words_swar(struct clean_words *cw, uint64_t lists, struct clean_para *p,
    const unsigned char *s, size_t len, struct clean_scan *sc)
{
	const unsigned char *e = s + len, *w;
	uint64_t x, m, counts[2] = { 0, 0 }, ph = 0;
	size_t n, words = 0;
	int maybe_phrase = 0, www = 0;

	for (;;) {
		while (*s == ' ')
			s++;
		if (s >= e)
			break;
		w = s;
		words++;
		/* e is a blank, within 16 bytes of w or after them. */
		x = swar_load(w);
		if ((m = swar_bytes_equal(x, ' ')) != 0) {
			n = (size_t)__builtin_ctzll(m) / 8;
			/* Past the blank that ends it. */
			s = w + n + 1;
			www |= (n >= 5) & maybe_www(x);
			if (word_short(cw, lists, counts, w, x, n, &ph,
			    &maybe_phrase))
				continue;
		} else {
			if ((m = swar_bytes_equal(swar_load(w + 8), ' ')) != 0)
				n = 8 + (size_t)__builtin_ctzll(m) / 8;
			else
				n = (size_t)((const unsigned char *)memchr(
				    w + 16, ' ', (size_t)(e - w) - 15) - w);
			s = w + n + 1;
			www |= maybe_www(x);
			if (n <= 16 && word_long(cw, lists, p, w, n, &ph,
			    &maybe_phrase))
				continue;
		}
		ph = word_other(cw, lists, p, w, n, &maybe_phrase, &www, ph);
	}
	counts_add(p, counts);
	sc->words = words;
	sc->maybe_phrase = maybe_phrase;
	sc->www = www;
	sc->hash = ph;
}
#endif

/*
 * The words of a paragraph in one pass: what does not depend on where
 * words start (digits, symbols, visible characters) counted over the
 * whole paragraph by clean_bytes_count(), then the words one by one.  The
 * text is read from a copy with blanks after it, so that a word's bytes
 * can be loaded 16 at a time past its end.  The normalised text
 * (letters folded, digits kept, punctuation dropped, one blank after
 * each word) is hashed word by word (norm_step()).  Words, capitals,
 * short words, stopwords and symbols above ASCII are added to p; the
 * rest is in sc.
 */
void
clean_words_scan(struct clean_words *cw, uint64_t lists, struct clean_para *p,
    const char *text, size_t len, struct clean_scan *sc)
{
	const unsigned char *s;
#ifdef __SSE2__
	size_t padded = len + 80;
#else
	size_t padded = len + 16;
#endif

	/* The copy: blanks after the text, then a byte that is none. */
	buf_reserve(&cw->pad, padded + 1);
	memcpy(cw->pad.data, text, len);
	memset(cw->pad.data + len, ' ', padded - len);
	cw->pad.data[padded] = '.';
	s = (const unsigned char *)cw->pad.data;
	clean_bytes_count(s, len, cw->scan_avx2, &sc->bytes);
	cw->unspaced = sc->bytes.wide + sc->bytes.south > 0;
	/* word_other()'s normalised bytes. */
	buf_reserve(&cw->norm, len + 1);
#ifdef __SSE2__
#ifdef CLEAN_SCAN_AVX2
	if (cw->scan_avx2)
		words_avx2(cw, lists, p, s, len, sc);
	else
#endif
		words_sse2(cw, lists, p, s, len, sc);
#else
	words_swar(cw, lists, p, s, len, sc);
#endif
	sc->hash = mix64(sc->hash);
}
