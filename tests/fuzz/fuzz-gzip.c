/* SPDX-License-Identifier: ISC */
/*
 * Fuzz the gzip path (gunzip.c) on each of its inflaters.  Every stream
 * below is read twice, by the inflater the build chose (ISA-L where it
 * has it) and by zlib (GUNZIP_ZLIB), and the two must agree (both()
 * says how far), whatever the bytes: the raw input, so mutated
 * headers, truncations and garbage after a member reach both;
 * the input compressed here as two members, the second with optional
 * header fields (FEXTRA, FNAME, FCOMMENT, FHCRC) the input chooses,
 * which must give exactly the lines the plain bytes give; and that
 * stream with one byte changed and cut short.  Reads are cut at a size
 * the input chooses, so headers and trailers are split anywhere.
 */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "nw-private.h"
#include "fuzz.h"

/* Whether the last lines() read its bytes as UTF-16. */
static int read_utf16;

static int
lines(const uint8_t *p, size_t n, size_t step, int flags, struct buf *out)
{
	struct input *in;
	struct mem m = { p, n, step };
	char *line;
	size_t len;

	buf_clear(out);
	in = input_open_reader(mem_read, &m, "fuzz", flags);
	while ((line = input_line(in, &len)) != NULL) {
		buf_add(out, line, len);
		buf_addc(out, '\n');
	}
	read_utf16 = input_utf16(in);
	return input_close(in);
}

static int
equal(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (a->len == 0 ||
	    memcmp(a->data, b->data, a->len) == 0);
}

/* Whether a's lines but the last (which may stop short) begin b. */
static int
begins(const struct buf *a, const struct buf *b)
{
	const char *last;
	size_t keep;

	if (a->len == 0)
		return 1;
	last = memrchr(a->data, '\n', a->len - 1);
	keep = last != NULL ? (size_t)(last - a->data) + 1 : 0;
	return keep <= b->len && memcmp(a->data, b->data, keep) == 0;
}

/*
 * Both inflaters on p[0..n).  What zlib reads whole igzip reads whole,
 * to the same lines.  Corrupt data may part them at the fault: igzip
 * takes some code sets zlib turns down (the trailer's CRC32 then
 * judges), and hands on what it made before the read that met a fault,
 * zlib everything before it; so up to the fault one output begins the
 * other.
 */
static int
both(const uint8_t *p, size_t n, size_t step, struct buf *out)
{
	struct buf z = { 0 };
	int rc, rz, uc;

	rc = lines(p, n, step, 0, out);
	uc = read_utf16;
	rz = lines(p, n, step, GUNZIP_ZLIB, &z);
	if (rz == 0 && (rc != 0 || !equal(out, &z)))
		abort();
	/*
	 * UTF-16 without a mark is told from the first bytes inflated, as
	 * many as there are up to SNIFF_SIZE: before a fault the two may
	 * hand on too few for the same answer.
	 */
	if (rz != 0 && uc == read_utf16 && !(out->len <= z.len ?
	    begins(out, &z) : begins(&z, out)))
		abort();
	buf_free(&z);
	return rc;
}

/*
 * p[0..n) as one member whose header carries the fields flags name: the
 * member gzip_member() writes, its plain 10-byte header replaced.
 */
static void
member_with_fields(struct buf *out, const uint8_t *p, size_t n, int flags,
    const uint8_t *field, size_t fieldlen)
{
	struct buf plain = { 0 };
	size_t start = out->len, i;
	uint32_t hcrc;
	int f;

	buf_add(out, "\x1f\x8b\x08", 3);
	buf_addc(out, (char)(flags & 0x1f));
	buf_add(out, "\0\0\0\0\0\3", 6);
	if (flags & 0x04) {
		buf_addc(out, (char)(fieldlen & 0xff));
		buf_addc(out, (char)(fieldlen >> 8));
		buf_add(out, field, fieldlen);
	}
	for (f = 0x08; f <= 0x10; f <<= 1) {	/* FNAME, FCOMMENT */
		if (!(flags & f))
			continue;
		for (i = 0; i < fieldlen; i++)
			if (field[i] != 0)
				buf_addc(out, (char)field[i]);
		buf_addc(out, '\0');
	}
	if (flags & 0x02) {
		hcrc = (uint32_t)crc32(0, (uint8_t *)out->data + start,
		    (uInt)(out->len - start));
		buf_addc(out, (char)(hcrc & 0xff));
		buf_addc(out, (char)(hcrc >> 8 & 0xff));
	}
	gzip_member(&plain, p, n, 6);
	buf_add(out, plain.data + 10, plain.len - 10);
	buf_free(&plain);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf gz = { 0 }, a = { 0 }, b = { 0 };
	size_t cut, step, at;
	int flags;

	step = size > 1 ? 1 + (data[1] * 131u) % 8192 : 4093;
	both(data, size, step, &b);		/* raw, possibly hostile gzip */
	/*
	 * Plain text must not look compressed: bytes that start with any
	 * codec's magic number (gzip, xz, zstd, bzip2, lz4, lzip) are read
	 * as that codec, not as the text the comparison needs.
	 */
	if (sniff_codec(data, size) != SNIFF_PLAIN)
		goto out;
	cut = size > 0 ? data[0] % (size + 1) : 0;
	flags = size > 2 ? data[2] : 0;
	gzip_member(&gz, data, cut, 6);
	member_with_fields(&gz, data + cut, size - cut, flags, data,
	    size < 300 ? size : 300);
	lines(data, size, step, 0, &a);
	if (both((const uint8_t *)gz.data, gz.len, step, &b) != 0 ||
	    !equal(&a, &b))
		abort();
	/* Damaged: one byte changed, then the stream cut short there. */
	if (gz.len > 0 && size > 4) {
		at = (data[3] | (size_t)data[4] << 8) % gz.len;
		gz.data[at] ^= (char)(data[0] | 1);
		both((const uint8_t *)gz.data, gz.len, step, &b);
		gz.data[at] ^= (char)(data[0] | 1);
		both((const uint8_t *)gz.data, at, step, &b);
	}
out:
	buf_free(&gz);
	buf_free(&a);
	buf_free(&b);
	return 0;
}
