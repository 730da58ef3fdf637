/* SPDX-License-Identifier: ISC */
/*
 * Fuzz language identification.  The first byte chooses the mode, the
 * rest is the text: as it comes (bit 0 clear), or each pair of bytes made
 * a Hangul syllable between ASCII spaces and punctuation (bit 0 set).
 * Checked: the code is "und" or two or three lower-case letters; an und
 * says why; the candidates are at most three, their shares within 0..100;
 * the letters counted are no more than the bytes; the same text gives
 * the same answer twice; a text of Hangul syllables (and anything but
 * letters) is Korean.
 */
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

static struct lang_id	*li;
static struct buf	 text;

static void
check_code(const char *code)
{
	size_t n = strlen(code), i;

	if (strcmp(code, LANG_UND) == 0)
		return;
	if (n < 2 || n > 3)
		abort();
	for (i = 0; i < n; i++)
		if (code[i] < 'a' || code[i] > 'z')
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lang_guess g, again;
	size_t i, syllables = 0;
	char u[4];
	int32_t cp;

	if (size < 1)
		return 0;
	if (li == NULL)
		li = lang_id_new();
	buf_clear(&text);
	if (data[0] & 1) {
		for (i = 1; i + 1 < size; i += 2) {
			if (data[i] < 0x40) {
				buf_addc(&text, " .,!0-"[data[i] % 6]);
				continue;
			}
			cp = 0xac00 + (int32_t)((data[i] << 8 | data[i + 1]) %
			    11172);
			buf_add(&text, u, utf8_encode(cp, u));
			syllables++;
		}
	} else
		buf_add(&text, data + 1, size - 1);

	lang_identify(li, text.data, text.len, &g);
	check_code(g.code);
	if (g.how == NULL || g.ncandidates > LANG_CANDIDATES ||
	    g.letters > text.len)
		abort();
	for (i = 0; i < g.ncandidates; i++) {
		check_code(g.candidates[i].code);
		if (g.candidates[i].percent < 0 ||
		    g.candidates[i].percent > 100)
			abort();
	}
	lang_identify(li, text.data, text.len, &again);
	if (strcmp(g.code, again.code) != 0 || g.letters != again.letters)
		abort();
	if ((data[0] & 1) && syllables >= 2 && strcmp(g.code, "ko") != 0)
		abort();
	return 0;
}
