/* SPDX-License-Identifier: ISC */
/*
 * Fuzz the xz, lzip, zstd, bzip2 and lz4 paths of input.c (codec.c).
 * The bytes go in as they are behind each format's magic, and a
 * skippable frame's, so mutated streams reach every decoder.  And the same bytes compressed here, whole
 * or cut short, must give the lines the plain bytes give, or for a cut a
 * prefix of them: what was decoded before the fault is never lost or
 * changed.  And UTF-16 behind a byte order mark: hostile code units
 * give valid lines, and the lines read, written as UTF-16LE and BE,
 * read back the same.  And the bytes cut in three, each part a zstd
 * frame, with one byte of the middle frame changed: reading goes on
 * after the damage at the third frame, whose bytes come out whole.
 */
#include <stdlib.h>
#include <string.h>

#include <bzlib.h>
#include <lz4frame.h>
#include <lzma.h>
#include <zstd.h>

#include "nw-private.h"
#include "fuzz.h"

static int
lines(const uint8_t *p, size_t n, struct buf *out)
{
	return mem_lines(p, n, 1021, out);
}

/* data compressed as kind into out; 0, or -1 when the encoder failed. */
static int
compress_as(int kind, const uint8_t *data, size_t size, struct buf *out)
{
	size_t cap = size + size / 2 + 1024, n = 0;
	unsigned int bn;

	buf_clear(out);
	buf_reserve(out, cap);
	switch (kind) {
	case SNIFF_XZ:
		if (lzma_easy_buffer_encode(0, LZMA_CHECK_CRC32, NULL, data,
		    size, (uint8_t *)out->data, &n, cap) != LZMA_OK)
			return -1;
		break;
	case SNIFF_ZSTD:
		n = ZSTD_compress(out->data, cap, data, size, 1);
		if (ZSTD_isError(n))
			return -1;
		break;
	case SNIFF_BZIP2:
		bn = (unsigned int)cap;
		if (BZ2_bzBuffToBuffCompress(out->data, &bn, (char *)data,
		    (unsigned int)size, 1, 0, 0) != BZ_OK)
			return -1;
		n = bn;
		break;
	default:
		cap = LZ4F_compressFrameBound(size, NULL);
		buf_reserve(out, cap);
		n = LZ4F_compressFrame(out->data, cap, data, size, NULL);
		if (LZ4F_isError(n))
			return -1;
		break;
	}
	out->len = n;
	return 0;
}

/* The valid UTF-8 of p[0..n) as UTF-16 (be: big-endian) with its mark. */
static void
utf16_of(const char *p, size_t n, int be, struct buf *out)
{
	size_t i = 0, k;
	int32_t cp;
	uint32_t u[2];
	int j, m;

	buf_clear(out);
	buf_add(out, be ? "\xfe\xff" : "\xff\xfe", 2);
	while (i < n) {
		if ((k = utf8_decode((const unsigned char *)p + i, n - i,
		    &cp)) == 0)
			abort();	/* lines are valid UTF-8 */
		i += k;
		m = 1;
		u[0] = (uint32_t)cp;
		if (cp >= 0x10000) {
			u[0] = 0xd800 + ((uint32_t)(cp - 0x10000) >> 10);
			u[1] = 0xdc00 + ((uint32_t)(cp - 0x10000) & 0x3ff);
			m = 2;
		}
		for (j = 0; j < m; j++) {
			buf_addc(out, (char)(be ? u[j] >> 8 : u[j] & 0xff));
			buf_addc(out, (char)(be ? u[j] & 0xff : u[j] >> 8));
		}
	}
}

/* The valid UTF-8 of p[0..n) as UTF-32 (be: big-endian) with its mark. */
static void
utf32_of(const char *p, size_t n, int be, struct buf *out)
{
	size_t i = 0, k;
	int32_t cp;
	int j;

	buf_clear(out);
	buf_add(out, be ? "\0\0\xfe\xff" : "\xff\xfe\0\0", 4);
	while (i < n) {
		if ((k = utf8_decode((const unsigned char *)p + i, n - i,
		    &cp)) == 0)
			abort();	/* lines are valid UTF-8 */
		i += k;
		for (j = 0; j < 4; j++)
			buf_addc(out, (char)((uint32_t)cp >>
			    (be ? 24 - 8 * j : 8 * j)));
	}
}

static int
same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (a->len == 0 ||
	    memcmp(a->data, b->data, a->len) == 0);
}

/*
 * data[0..size) as three zstd frames cut at c1 and c2, byte at of the
 * second changed (xor mask), read in parts (input_read_part()): the
 * first part starts with the first frame's bytes, and the last is the
 * third's, whole, or when the damage went unseen all of them are.
 * Bytes that hold a frame's magic number may hold a whole frame, which
 * a search would rightly take: they are not tried.
 */
static void
frames(const uint8_t *data, size_t size, size_t c1, size_t c2, size_t at,
    int mask, size_t step)
{
	struct buf z = { 0 }, got = { 0 };
	struct input *in;
	struct mem m;
	char chunk[4096];
	uint64_t lost;
	ssize_t n;
	size_t m1, last = 0, parts = 1;

	if (memmem(data, size, "\x28\xb5\x2f\xfd", 4) != NULL)
		return;
	zstd_frame(&z, data, c1);
	m1 = z.len;
	zstd_frame(&z, data + c1, c2 - c1);
	z.data[m1 + at % (z.len - m1)] ^= (char)mask;
	zstd_frame(&z, data + c2, size - c2);
	m.p = (const uint8_t *)z.data;
	m.n = z.len;
	m.step = step;
	in = input_open_reader(mem_read, &m, "fuzz", INPUT_BYTES);
	for (;;) {
		while ((n = input_read_part(in, chunk, sizeof(chunk),
		    &lost)) > 0)
			buf_add(&got, chunk, (size_t)n);
		if (n != -2)
			break;
		last = got.len;
		parts++;
	}
	(void)input_close(in);
	if (got.len < c1 || (c1 > 0 && memcmp(got.data, data, c1) != 0))
		abort();
	if (parts == 1 ? got.len != size || (size > 0 &&
	    memcmp(got.data, data, size) != 0) : got.len - last != size - c2 ||
	    (size > c2 && memcmp(got.data + last, data + c2, size - c2) != 0))
		abort();
	buf_free(&z);
	buf_free(&got);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int kinds[] = { SNIFF_XZ, SNIFF_ZSTD, SNIFF_BZIP2,
	    SNIFF_LZ4 };
	/* And skippable frames: a .warc.zst's dictionary, pzstd's. */
	static const char *magic[] = { "\xfd\x37zXZ", "LZIP\x01",
	    "\x28\xb5\x2f\xfd", "BZh9", "\x04\x22\x4d\x18",
	    "\x5d\x2a\x4d\x18", "\x50\x2a\x4d\x18" };
	struct buf plain = { 0 }, z = { 0 }, got = { 0 }, raw = { 0 };
	struct buf again = { 0 };
	size_t i, cut;
	int utf16;

	if (size > 64 * 1024)
		return 0;
	/* Hostile streams behind each magic: no crash, no hang. */
	for (i = 0; i < sizeof(magic) / sizeof(magic[0]); i++) {
		buf_clear(&raw);
		buf_add(&raw, magic[i], strlen(magic[i]) + (i == 0));
		buf_add(&raw, data, size);
		buf_clear(&got);
		lines((const uint8_t *)raw.data, raw.len, &got);
	}
	/* Hostile UTF-16 and UTF-32 either way round: valid UTF-8 lines. */
	for (i = 0; i < 4; i++) {
		buf_clear(&raw);
		buf_add(&raw, (const char *[]){ "\xff\xfe", "\xfe\xff",
		    "\xff\xfe\0\0", "\0\0\xfe\xff" }[i], i < 2 ? 2 : 4);
		buf_add(&raw, data, size);
		buf_clear(&got);
		lines((const uint8_t *)raw.data, raw.len, &got);
		if (utf8_valid_prefix(got.data, got.len) != got.len)
			abort();
	}
	/* The real thing, whole and cut short. */
	lines(data, size, &plain);
	utf16 = mem_utf16;
	/* Its lines as UTF-16 or UTF-32 read as they read as UTF-8. */
	lines((const uint8_t *)plain.data, plain.len, &again);
	for (i = 0; i < 4; i++) {
		if (i < 2)
			utf16_of(plain.data, plain.len, (int)i, &raw);
		else
			utf32_of(plain.data, plain.len, (int)i - 2, &raw);
		buf_clear(&got);
		if (lines((const uint8_t *)raw.data, raw.len, &got) != 0 ||
		    !same(&got, &again))
			abort();
	}
	if (sniff_codec(data, size) != SNIFF_PLAIN)
		goto out;
	if (size > 4) {
		i = data[1] % (size + 1);
		cut = data[2] % (size + 1);
		frames(data, size, i < cut ? i : cut, i < cut ? cut : i,
		    data[3], data[4] | 1, 1 + data[0] * 17u);
	}
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (compress_as(kinds[i], data, size, &z) == -1)
			continue;
		buf_clear(&got);
		if (lines((const uint8_t *)z.data, z.len, &got) != 0 ||
		    got.len != plain.len || (plain.len > 0 &&
		    memcmp(got.data, plain.data, plain.len) != 0))
			abort();
		cut = size > 0 ? data[0] % (z.len + 1) : 0;
		/*
		 * Cut inside the magic number, the bytes are no longer that
		 * codec's and are read as what they are.
		 */
		if (cut == z.len || sniff_codec(z.data, cut) == SNIFF_PLAIN)
			continue;
		buf_clear(&got);
		if (lines((const uint8_t *)z.data, cut, &got) == 0 && cut > 0)
			abort();
		/*
		 * UTF-16 without a mark is told from the first bytes, as
		 * many as there are up to SNIFF_SIZE: the part of a short
		 * stream left by the cut may tell otherwise than the whole.
		 */
		if (mem_utf16 != utf16)
			continue;
		/* A prefix, but for the last line, which may be cut. */
		while (got.len > 0 && got.data[got.len - 1] == '\n')
			got.len--;
		while (got.len > 0 && got.data[got.len - 1] != '\n')
			got.len--;
		if (got.len > plain.len || (got.len > 0 &&
		    memcmp(got.data, plain.data, got.len) != 0))
			abort();
	}
out:
	buf_free(&plain);
	buf_free(&z);
	buf_free(&got);
	buf_free(&raw);
	buf_free(&again);
	return 0;
}
