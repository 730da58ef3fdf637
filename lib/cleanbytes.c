/*
 * newswire: what nw-clean counts over every byte of a paragraph rather
 * than word by word (struct clean_bytes), for the scanner
 * (lib/cleanscan.c), which then reads the paragraph's words.  The bytes
 * are counted 16 at a time (SSE2), 32 at a time where the processor has
 * AVX2, or one at a time by their class without SSE2.
 */
#include <string.h>

#include "nw-private.h"
#include "cleanwords.h"

/*
 * The lead bytes of U+3000 to U+DFFF: CJK symbols and punctuation,
 * kana, Han, Hangul (and Yi), characters of East Asian width W, which
 * hold about as much text as two Latin ones: see clean_features().
 */
#define WIDE_FIRST	0xe3
#define WIDE_LEADS	11
/*
 * And of U+0800 to U+1FFF, where the scripts of South and Southeast Asia
 * are: with the wide ones, the characters of every script written
 * without spaces, which the scanner looks for only in a paragraph that
 * holds one of these.
 */
#define SOUTH_FIRST	0xe0
#define SOUTH_LEADS	2

#ifdef __SSE2__
#include <emmintrin.h>
#include <immintrin.h>

/* The sum of the 16 bytes of v. */
static inline size_t
sum_bytes(__m128i v)
{
	v = _mm_sad_epu8(v, _mm_setzero_si128());
	return (size_t)_mm_cvtsi128_si32(v) +
	    (size_t)_mm_cvtsi128_si32(_mm_srli_si128(v, 8));
}
#endif

/*
 * What is counted over every byte of a paragraph rather than word by
 * word.  s is read in blocks of 16 bytes: the bytes from len to the
 * next multiple of 16 must be blanks, and are taken back, and the byte
 * after them must be there.
 */
static void
count_bytes(const unsigned char *s, size_t len, struct clean_bytes *c)
{
	size_t i = 0;

	memset(c, 0, sizeof(*c));
#ifdef __SSE2__
	const __m128i zero = _mm_setzero_si128();
	__m128i v, t, high = zero;

	while (i < len) {
		/* Byte counters, summed before any can pass 255. */
		size_t stop = len - i > 255 * 16 ? i + 255 * 16 : len;
		__m128i asp = zero, aal = zero, adi = zero, api = zero,
		    aur = zero;

		for (; i < stop; i += 16) {
			v = _mm_loadu_si128((const __m128i *)(s + i));
			high = _mm_or_si128(high, v);
			asp = _mm_sub_epi8(asp, _mm_cmpeq_epi8(v,
			    _mm_set1_epi8(' ')));
			/* A range moved to the bottom of the signed bytes. */
			t = _mm_add_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)),
			    _mm_set1_epi8((char)(0x80 - 'a')));
			aal = _mm_sub_epi8(aal, _mm_cmplt_epi8(t,
			    _mm_set1_epi8((char)(0x80 + 26))));
			t = _mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - '0')));
			adi = _mm_sub_epi8(adi, _mm_cmplt_epi8(t,
			    _mm_set1_epi8((char)(0x80 + 10))));
			api = _mm_sub_epi8(api, _mm_cmpeq_epi8(v,
			    _mm_set1_epi8('|')));
			aur = _mm_sub_epi8(aur, _mm_or_si128(_mm_and_si128(
			    _mm_cmpeq_epi8(v, _mm_set1_epi8(':')),
			    _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)
			    (s + i + 1)), _mm_set1_epi8('/'))),
			    _mm_cmpeq_epi8(v, _mm_set1_epi8('@'))));
		}
		c->blank += sum_bytes(asp);
		c->alpha += sum_bytes(aal);
		c->digit += sum_bytes(adi);
		c->pipe += sum_bytes(api);
		c->urlish += sum_bytes(aur);
	}
	/* Bytes above ASCII, in few paragraphs of most texts: again. */
	if (_mm_movemask_epi8(high) != 0)
		for (i = 0; i < len; ) {
			size_t stop = len - i > 255 * 16 ? i + 255 * 16 : len;
			__m128i ahi = zero, aco = zero, awi = zero, ask = zero;

			for (; i < stop; i += 16) {
				v = _mm_loadu_si128((const __m128i *)(s + i));
				ahi = _mm_sub_epi8(ahi, _mm_cmplt_epi8(v, zero));
				aco = _mm_sub_epi8(aco, _mm_cmplt_epi8(v,
				    _mm_set1_epi8((char)0xc0)));
				t = _mm_add_epi8(v, _mm_set1_epi8((char)
				    (0x80 - WIDE_FIRST)));
				awi = _mm_sub_epi8(awi, _mm_cmplt_epi8(t,
				    _mm_set1_epi8((char)(0x80 + WIDE_LEADS))));
				t = _mm_add_epi8(v, _mm_set1_epi8((char)
				    (0x80 - SOUTH_FIRST)));
				ask = _mm_sub_epi8(ask, _mm_cmplt_epi8(t,
				    _mm_set1_epi8((char)(0x80 + SOUTH_LEADS))));
			}
			c->high += sum_bytes(ahi);
			c->cont += sum_bytes(aco);
			c->wide += sum_bytes(awi);
			c->south += sum_bytes(ask);
		}
#else
	unsigned cls;

	for (; i < len; i += 16) {
		size_t j;

		for (j = i; j < i + 16; j++) {
			cls = bclass[s[j]];
			c->blank += s[j] == ' ';
			c->high += s[j] >= 0x80;
			c->wide += (unsigned)(s[j] - WIDE_FIRST) < WIDE_LEADS;
			c->south += (unsigned)(s[j] - SOUTH_FIRST) <
			    SOUTH_LEADS;
			c->cont += (cls & B_CONT) != 0;
			c->alpha += (cls & (B_UPPER | B_LOWER)) != 0;
			c->digit += (cls & B_DIGIT) != 0;
			c->pipe += s[j] == '|';
			c->urlish += (s[j] == ':' && s[j + 1] == '/') ||
			    s[j] == '@';
		}
	}
#endif
	/* The blanks read past the end. */
	c->blank -= (16 - len % 16) % 16;
}


#ifdef CLEAN_SCAN_AVX2
/* The sum of the 32 bytes of v. */
__attribute__((target("avx2")))
static inline size_t
sum_bytes256(__m256i v)
{
	v = _mm256_sad_epu8(v, _mm256_setzero_si256());
	return (size_t)_mm256_extract_epi64(v, 0) +
	    (size_t)_mm256_extract_epi64(v, 1) +
	    (size_t)_mm256_extract_epi64(v, 2) +
	    (size_t)_mm256_extract_epi64(v, 3);
}

/*
 * count_bytes() 32 bytes at a time: the bytes from len to the next
 * multiple of 32 must be blanks, and the byte after them there.
 */
__attribute__((target("avx2")))
static void
count_bytes_avx2(const unsigned char *s, size_t len, struct clean_bytes *c)
{
	const __m256i zero = _mm256_setzero_si256();
	__m256i v, t, high = zero;
	size_t i = 0;

	memset(c, 0, sizeof(*c));
	while (i < len) {
		size_t stop = len - i > 255 * 32 ? i + 255 * 32 : len;
		__m256i asp = zero, aal = zero, adi = zero, api = zero,
		    aur = zero;

		for (; i < stop; i += 32) {
			v = _mm256_loadu_si256((const __m256i *)(s + i));
			high = _mm256_or_si256(high, v);
			asp = _mm256_sub_epi8(asp, _mm256_cmpeq_epi8(v,
			    _mm256_set1_epi8(' ')));
			t = _mm256_add_epi8(_mm256_or_si256(v,
			    _mm256_set1_epi8(0x20)),
			    _mm256_set1_epi8((char)(0x80 - 'a')));
			aal = _mm256_sub_epi8(aal, _mm256_cmpgt_epi8(
			    _mm256_set1_epi8((char)(0x80 + 26)), t));
			t = _mm256_add_epi8(v,
			    _mm256_set1_epi8((char)(0x80 - '0')));
			adi = _mm256_sub_epi8(adi, _mm256_cmpgt_epi8(
			    _mm256_set1_epi8((char)(0x80 + 10)), t));
			api = _mm256_sub_epi8(api, _mm256_cmpeq_epi8(v,
			    _mm256_set1_epi8('|')));
			aur = _mm256_sub_epi8(aur, _mm256_or_si256(
			    _mm256_and_si256(_mm256_cmpeq_epi8(v,
			    _mm256_set1_epi8(':')), _mm256_cmpeq_epi8(
			    _mm256_loadu_si256((const __m256i *)(s + i + 1)),
			    _mm256_set1_epi8('/'))),
			    _mm256_cmpeq_epi8(v, _mm256_set1_epi8('@'))));
		}
		c->blank += sum_bytes256(asp);
		c->alpha += sum_bytes256(aal);
		c->digit += sum_bytes256(adi);
		c->pipe += sum_bytes256(api);
		c->urlish += sum_bytes256(aur);
	}
	if (_mm256_movemask_epi8(high) != 0)
		for (i = 0; i < len; ) {
			size_t stop = len - i > 255 * 32 ? i + 255 * 32 : len;
			__m256i ahi = zero, aco = zero, awi = zero, ask = zero;

			for (; i < stop; i += 32) {
				v = _mm256_loadu_si256((const __m256i *)(s + i));
				ahi = _mm256_sub_epi8(ahi, _mm256_cmpgt_epi8(zero,
				    v));
				aco = _mm256_sub_epi8(aco, _mm256_cmpgt_epi8(
				    _mm256_set1_epi8((char)0xc0), v));
				t = _mm256_add_epi8(v, _mm256_set1_epi8((char)
				    (0x80 - WIDE_FIRST)));
				awi = _mm256_sub_epi8(awi, _mm256_cmpgt_epi8(
				    _mm256_set1_epi8((char)(0x80 + WIDE_LEADS)),
				    t));
				t = _mm256_add_epi8(v, _mm256_set1_epi8((char)
				    (0x80 - SOUTH_FIRST)));
				ask = _mm256_sub_epi8(ask, _mm256_cmpgt_epi8(
				    _mm256_set1_epi8((char)(0x80 +
				    SOUTH_LEADS)), t));
			}
			c->high += sum_bytes256(ahi);
			c->cont += sum_bytes256(aco);
			c->wide += sum_bytes256(awi);
			c->south += sum_bytes256(ask);
		}
	c->blank -= (32 - len % 32) % 32;
}
#endif

/*
 * The counts of s[0..len), 32 bytes at a time when avx2 (the scanner's
 * choice, struct clean_words), else 16: the bytes from len to the next
 * multiple of 32 must be blanks, and the byte after them there.
 */
void
clean_bytes_count(const unsigned char *s, size_t len, int avx2,
    struct clean_bytes *c)
{
#ifdef CLEAN_SCAN_AVX2
	if (avx2) {
		count_bytes_avx2(s, len, c);
		return;
	}
#else
	(void)avx2;
#endif
	count_bytes(s, len, c);
}
