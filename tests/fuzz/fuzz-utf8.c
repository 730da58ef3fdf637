/* SPDX-License-Identifier: ISC */
/*
 * Fuzz UTF-8 validation and repair: the fast validator agrees with plain
 * decoding, the repaired text is valid, valid input is unchanged, repair
 * is idempotent, and decoding agrees with re-encoding.
 */
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf a = { 0 }, b = { 0 };
	const char *s = (const char *)data;
	size_t nbad, i, k;
	int32_t cp;
	char enc[4];

	/* The fast validator against a plain decoding loop. */
	for (i = 0; i < size; i += k)
		if ((k = utf8_decode(data + i, size - i, &cp)) == 0)
			break;
	if (utf8_valid_prefix(s, size) != i)
		abort();

	nbad = utf8_repair(&a, s, size);
	if (utf8_valid_prefix(a.data ? a.data : "", a.len) != a.len)
		abort();
	if ((nbad == 0) != (utf8_valid_prefix(s, size) == size))
		abort();
	if (nbad == 0 && (a.len != size ||
	    (size > 0 && memcmp(a.data, s, size) != 0)))
		abort();
	if (utf8_repair(&b, a.data ? a.data : "", a.len) != 0 ||
	    b.len != a.len || (a.len > 0 && memcmp(a.data, b.data, a.len) != 0))
		abort();
	for (i = 0; i < a.len; i += k) {
		k = utf8_decode((const unsigned char *)a.data + i, a.len - i,
		    &cp);
		if (k == 0 || utf8_encode(cp, enc) != k ||
		    memcmp(enc, a.data + i, k) != 0)
			abort();
	}
	for (i = 0; i < size && data[i] < 0x80; i++)
		;
	if (ascii_only(s, size) != (i == size))
		abort();
	buf_free(&a);
	buf_free(&b);
	return 0;
}
