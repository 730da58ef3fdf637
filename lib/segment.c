/*
 * newswire: words in the scripts written without spaces (see
 * nw-tokenize(1)): Han, Hiragana and Katakana, Thai, Lao, Khmer and
 * Myanmar.
 *
 * The tokenizer finds such a run as one word, letters from one blank or
 * mark of punctuation to the next, and hands it here to be cut into
 * words by ICU's word BreakIterator, whose dictionaries (Chinese and
 * Japanese together, Thai, Lao, Khmer, Burmese) are the standard answer
 * and are kept up to date with ICU.  Writing one would mean shipping
 * dictionaries; calling ICU only for these runs keeps the cost of the
 * library off Latin text entirely: ICU itself (and the C++ runtime it
 * needs) is loaded (lazylib.c) and the iterator opened on the first run
 * that needs it, so a tokenizer that never meets one never maps ICU's
 * code or data.
 *
 * ICU works in UTF-16, so a run is converted with a map from each UTF-16
 * unit back to its byte offset, and the boundaries come back as byte
 * offsets: the pieces cover the run exactly, so the tokenizer stays
 * lossless whatever ICU decides.  The map is 32-bit (ICU takes at most
 * INT32_MAX units) and the boundaries are written over it as they come,
 * each at or before the unit it was read from: a run costs 6 bytes a
 * unit here, beside what ICU's dictionary engine takes for it (about 20
 * bytes a unit for Chinese and Japanese).
 *
 * Short runs are mostly the same few words again (a Chinese place name
 * in Latin text, a Japanese particle between kanji), and ICU costs a
 * microsecond or so a call whatever the length, so the boundaries of runs
 * of up to CACHE_BYTES bytes are remembered, as a bit mask, for the next
 * CACHE_MAX distinct ones.
 */
#include <err.h>
#include <stdlib.h>

#include <unicode/ubrk.h>
#include <unicode/utypes.h>
#include <unicode/uvernum.h>

#include "nw-private.h"

/* ICU's functions are renamed by version (ubrk_open is ubrk_open_72). */
#define ICU_FNS(X) \
	X(ubrk_open) X(ubrk_close) X(ubrk_setText) X(ubrk_first) \
	X(ubrk_next) X(u_errorName)
static struct { ICU_FNS(LAZYLIB_SLOT) } icu;
#define ICU_SYM(f)	LAZYLIB_SYM(icu, f)
static struct lazylib icu_lib = LAZYLIB_INIT(
    "libicuuc.so." LAZYLIB_NAME(U_ICU_VERSION_MAJOR_NUM), ICU_FNS(ICU_SYM));

#define CACHE_BYTES	24
#define CACHE_MAX	65536

struct segmenter {
	UBreakIterator	*words;
	struct strtab	*cache;		/* short runs seen */
	uint32_t	*masks;		/* their boundaries: bit i, byte i */
	UChar		*units;
	uint32_t	*offsets;	/* byte offset of each unit, and the end;
					   then the ends of the words */
	size_t		 cap;
	uint32_t	 short_ends[CACHE_BYTES];
};

struct segmenter *
segmenter_new(void)
{
	return xcalloc(1, sizeof(struct segmenter));
}

void
segmenter_free(struct segmenter *sg)
{
	if (sg == NULL)
		return;
	if (sg->words != NULL)
		icu.ubrk_close(sg->words);
	strtab_free(sg->cache);
	free(sg->masks);
	free(sg->units);
	free(sg->offsets);
	free(sg);
}

/*
 * The ends of the words of text[0..len), valid UTF-8, as byte offsets
 * in *ends (sg's, good until the next call); returns their number, the
 * last end being len.  Should ICU fail, the text is one word.  A text
 * longer than ICU takes (INT32_MAX bytes) is one word too, and the
 * answer is 0: its end does not fit.
 */
size_t
segment_words(struct segmenter *sg, const char *text, size_t len,
    const uint32_t **ends)
{
	const unsigned char *s = (const unsigned char *)text;
	UErrorCode status = U_ZERO_ERROR;
	size_t i, n, nunits = 0, count = 0;
	int32_t cp, b;

	uint32_t id = STRTAB_NONE, mask;
	int isnew;

	if (len == 0 || len > INT32_MAX)
		return 0;
	*ends = sg->short_ends;
	if (len <= CACHE_BYTES) {
		if (sg->cache == NULL) {
			sg->cache = strtab_new(1024);
			sg->masks = xreallocarray(NULL, CACHE_MAX,
			    sizeof(*sg->masks));
		}
		if (strtab_count(sg->cache) >= CACHE_MAX)
			strtab_clear(sg->cache);
		id = strtab_intern(sg->cache, text, len, &isnew);
		if (!isnew) {
			for (mask = sg->masks[id], i = 1; i <= len; i++)
				if (mask & (1u << (i - 1)))
					sg->short_ends[count++] = (uint32_t)i;
			return count;
		}
	}
	/* At most one unit a byte, and one more for the end. */
	if (len + 1 > sg->cap) {
		sg->cap = len + 1;
		sg->units = xreallocarray(sg->units, sg->cap, sizeof(UChar));
		sg->offsets = xreallocarray(sg->offsets, sg->cap,
		    sizeof(*sg->offsets));
	}
	for (i = 0; i < len; i += n) {
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0)
			goto whole;
		sg->offsets[nunits] = (uint32_t)i;
		if (cp < 0x10000)
			sg->units[nunits++] = (UChar)cp;
		else {
			sg->units[nunits++] = (UChar)(0xd7c0 + (cp >> 10));
			sg->offsets[nunits] = (uint32_t)i;
			sg->units[nunits++] = (UChar)(0xdc00 | (cp & 0x3ff));
		}
	}
	sg->offsets[nunits] = (uint32_t)len;
	if (sg->words == NULL) {
		if (lazylib_load(&icu_lib) == -1)
			errx(NW_EXIT_FAIL, "ICU word break iterator: %s",
			    icu_lib.why);
		sg->words = icu.ubrk_open(UBRK_WORD, "", NULL, 0, &status);
		if (U_FAILURE(status))
			errx(NW_EXIT_FAIL, "ICU word break iterator: %s",
			    icu.u_errorName(status));
	}
	icu.ubrk_setText(sg->words, sg->units, (int32_t)nunits, &status);
	if (U_FAILURE(status))
		goto whole;
	icu.ubrk_first(sg->words);
	while ((b = icu.ubrk_next(sg->words)) != UBRK_DONE) {
		if (b <= 0 || (size_t)b > nunits)
			continue;
		/* A boundary inside a surrogate pair is no boundary. */
		if ((size_t)b < nunits && sg->offsets[b] == sg->offsets[b - 1])
			continue;
		/*
		 * Boundaries rise, so count < b: the unit's offset is written
		 * over one already read, and offsets[b - 1] for the next
		 * boundary is still to be overwritten.
		 */
		sg->offsets[count++] = sg->offsets[b];
	}
	if (count == 0 || sg->offsets[count - 1] != len)
		goto whole;
	*ends = sg->offsets;
	if (id != STRTAB_NONE) {
		for (mask = 0, i = 0; i < count; i++)
			mask |= 1u << (sg->offsets[i] - 1);
		sg->masks[id] = mask;
	}
	return count;
whole:
	*ends = sg->short_ends;
	sg->short_ends[0] = (uint32_t)len;
	if (id != STRTAB_NONE)
		sg->masks[id] = 1u << (len - 1);
	return 1;
}
