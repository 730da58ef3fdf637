/* SPDX-License-Identifier: ISC */
/*
 * Fuzz the normalizer with every configuration nw-normalize offers, the
 * first byte choosing the form and the flags.  The output must be valid
 * UTF-8 holding no control character, no leading, trailing or doubled
 * space, and normalizing it again must give the same bytes.  A normalizer
 * keeps a cache between texts: a fresh one must agree with the warm one.
 */
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

#define NCONFIG	12	/* three forms, four flag sets */

static void
check_text(const char *s, size_t n)
{
	size_t i;

	if (utf8_valid_prefix(s, n) != n)
		abort();
	if (n > 0 && (s[0] == ' ' || s[n - 1] == ' '))
		abort();
	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] < ' ' || s[i] == 0x7f)
			abort();
		if (s[i] == ' ' && i + 1 < n && s[i + 1] == ' ')
			abort();
	}
}

static int
same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len &&
	    (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct normalizer *warm[NCONFIG];
	static const int forms[3] = { NORM_NFKC, NORM_NFC, NORM_NONE };
	struct normalizer *fresh;
	struct buf a = { 0 }, b = { 0 }, c = { 0 };
	int config, form, flags;

	if (size < 1)
		return 0;
	config = data[0] % NCONFIG;
	form = forms[config / 4];
	flags = config % 4;		/* NORM_LOWER | NORM_STRIP_MARKS */
	if (warm[config] == NULL)
		warm[config] = normalizer_new(form, flags);
	data++;
	size--;

	/* Appending: what is already in the buffer stays. */
	buf_adds(&a, "x");
	normalize_text(warm[config], &a, (const char *)data, size);
	if (a.data[0] != 'x')
		abort();
	memmove(a.data, a.data + 1, --a.len);
	check_text(a.data, a.len);

	normalize_text(warm[config], &b, a.len > 0 ? a.data : "", a.len);
	if (!same(&a, &b))
		abort();

	if (size > 0 && (data[0] & 0x80)) {
		fresh = normalizer_new(form, flags);
		normalize_text(fresh, &c, (const char *)data, size);
		if (!same(&a, &c))
			abort();
		normalizer_free(fresh);
	}
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
	return 0;
}
