/* SPDX-License-Identifier: ISC */
/*
 * Fuzz the segmenter of the scripts written without spaces.  Each pair
 * of input bytes becomes a letter of Han (BMP or beyond), kana, Thai,
 * Lao, Khmer, Myanmar or Latin, or a combining mark, so the text is
 * valid UTF-8 that reaches ICU.  Checked: segment_words() cuts the text
 * into pieces that are not empty, end on character boundaries and end
 * at the end; and the tokenizer, which calls it, stays lossless on the
 * text and on the text with spaces and punctuation in it.
 */
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

static const struct {
	int32_t	base;
	int32_t	count;
} blocks[] = {
	{ 0x4e00, 0x5200 },	/* Han */
	{ 0x3041, 0x56 },	/* Hiragana */
	{ 0x30a1, 0x5a },	/* Katakana */
	{ 0x0e01, 0x5a },	/* Thai, marks among them */
	{ 0x0e81, 0x4d },	/* Lao */
	{ 0x1780, 0x54 },	/* Khmer */
	{ 0x1000, 0x80 },	/* Myanmar */
	{ 0x20000, 0xa6d0 },	/* Han beyond the BMP */
	{ 'a', 26 },
	{ 0x0301, 1 },		/* a combining accent */
	{ ' ', 1 },
	{ 0x3002, 1 },		/* ideographic full stop */
};

static struct segmenter	*sg;
static struct tokenizer	*tk;
static struct buf	 text, out, joined;
static const uint32_t	*ends;

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i, n, prev;
	char u[4];
	int32_t cp;
	int b, spaced = 0;

	if (sg == NULL) {
		sg = segmenter_new();
		tk = tokenizer_new(0, CLITICS_KEEP, NULL);
	}
	buf_clear(&text);
	for (i = 0; i + 1 < size; i += 2) {
		b = data[i] % (int)(sizeof(blocks) / sizeof(blocks[0]));
		cp = blocks[b].base + (int32_t)((data[i] >> 4 << 8 |
		    data[i + 1]) % (uint32_t)blocks[b].count);
		spaced |= cp == ' ' || cp == 0x3002;
		buf_add(&text, u, utf8_encode(cp, u));
	}

	if (!spaced && text.len > 0) {
		n = segment_words(sg, text.data, text.len, &ends);
		if (n == 0 || ends[n - 1] != text.len)
			abort();
		for (i = 0, prev = 0; i < n; prev = ends[i++])
			if (ends[i] <= prev || (ends[i] < text.len &&
			    ((unsigned char)text.data[ends[i]] & 0xc0) == 0x80))
				abort();
	}

	buf_clear(&out);
	tokenize_append(tk, &out, text.data, text.len);
	buf_clear(&joined);
	for (i = 0; i < out.len; i++)
		if (out.data[i] != ' ')
			buf_addc(&joined, out.data[i]);
	for (i = 0, n = 0; i < text.len; i++)
		if (text.data[i] != ' ' && (n >= joined.len ||
		    text.data[i] != joined.data[n++]))
			abort();
	if (n != joined.len)
		abort();
	return 0;
}
