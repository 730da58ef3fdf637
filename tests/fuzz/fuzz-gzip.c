/* SPDX-License-Identifier: ISC */
/*
 * Fuzz the gzip path two ways.  Raw bytes go straight in, so mutated
 * headers, truncations and garbage after a member reach the inflater.
 * And the same bytes, compressed here as one or two gzip members, must
 * give exactly the lines that the plain bytes give.
 */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "nw-private.h"
#include "fuzz.h"

static void
lines(const uint8_t *p, size_t n, struct buf *out)
{
	struct input *in;
	struct mem m = { p, n, 4093 };
	char *line;
	size_t len;

	in = input_open_reader(mem_read, &m, "fuzz", 0);
	while ((line = input_line(in, &len)) != NULL) {
		buf_add(out, line, len);
		buf_addc(out, '\n');
	}
	input_close(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf gz = { 0 }, a = { 0 }, b = { 0 }, c = { 0 };
	size_t cut;

	lines(data, size, &c);		/* raw, possibly hostile gzip */
	/*
	 * Plain text must not look compressed: bytes that start with any
	 * codec's magic number (gzip, xz, zstd, bzip2, lz4, lzip) are read
	 * as that codec, not as the text the comparison needs.
	 */
	if (sniff_codec(data, size) != SNIFF_PLAIN)
		goto out;
	cut = size > 0 ? data[0] % (size + 1) : 0;
	gzip_member(&gz, data, cut, 6);
	gzip_member(&gz, data + cut, size - cut, 6);
	lines(data, size, &a);
	lines((const uint8_t *)gz.data, gz.len, &b);
	if (a.len != b.len || (a.len > 0 && memcmp(a.data, b.data, a.len) != 0))
		abort();
out:
	buf_free(&gz);
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
	return 0;
}
