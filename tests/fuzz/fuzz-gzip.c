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
 * stream with one byte changed and cut short.  And the input cut in
 * three, each part a member, with one byte of the middle member changed
 * (around()): after the damage both inflaters go on at the third member,
 * whose bytes and lines must come out whole.  Reads are cut at a size
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
 * The decoded bytes of p[0..n), part by part: input_read_part() ends a
 * part at each gap, where a corrupt member was skipped.
 */
struct parts {
	struct buf	 bytes;
	size_t		*end;		/* of each part, in bytes */
	size_t		 n, cap;
};

static int
parts_read(const uint8_t *p, size_t n, size_t step, int flags,
    struct parts *pt)
{
	struct input *in;
	struct mem m = { p, n, step };
	char chunk[4096];
	uint64_t lost;
	ssize_t got;
	size_t want = 1 + step % sizeof(chunk), start = 0;

	buf_clear(&pt->bytes);
	pt->n = 0;
	in = input_open_reader(mem_read, &m, "fuzz", flags | INPUT_BYTES);
	do {
		while ((got = input_read_part(in, chunk, want, &lost)) > 0)
			buf_add(&pt->bytes, chunk, (size_t)got);
		/* The damaged member gave at most this part's bytes. */
		if (got == -2 && lost > pt->bytes.len - start)
			abort();
		if (pt->n == pt->cap) {
			pt->cap = pt->cap ? 2 * pt->cap : 8;
			pt->end = xreallocarray(pt->end, pt->cap,
			    sizeof(*pt->end));
		}
		pt->end[pt->n++] = start = pt->bytes.len;
	} while (got == -2);
	return input_close(in);
}

static void
parts_free(struct parts *pt)
{
	buf_free(&pt->bytes);
	free(pt->end);
}

/* Part i of pt, as a buf that is not to be freed. */
static struct buf
part(const struct parts *pt, size_t i)
{
	struct buf b = { 0 };
	size_t start = i > 0 ? pt->end[i - 1] : 0;

	b.data = start > 0 ? pt->bytes.data + start : pt->bytes.data;
	b.len = pt->end[i] - start;
	return b;
}

/* Whether a begins b, or b begins a. */
static int
prefix(const struct buf *a, const struct buf *b)
{
	size_t k = a->len < b->len ? a->len : b->len;

	return k == 0 || memcmp(a->data, b->data, k) == 0;
}

/*
 * Both inflaters on p[0..n).  What zlib reads whole igzip reads whole,
 * to the same lines.  Corrupt data may part them at the fault: igzip
 * takes some code sets zlib turns down (the trailer's CRC32 then
 * judges), and hands on what it made before the read that met a fault,
 * zlib everything before it; so up to the fault one output begins the
 * other.  After a fault in a member after the first, both search for
 * the next member from the same byte, and go on there alike: part by
 * part, one begins the other again.  The parts of each are left in
 * pa (the build's inflater) and pz (zlib).
 */
static struct parts pa, pz;

static int
both(const uint8_t *p, size_t n, size_t step, struct buf *out)
{
	struct buf z = { 0 }, a, b;
	int rc, rz, uc;
	size_t i;

	rc = lines(p, n, step, 0, out);
	uc = read_utf16;
	rz = lines(p, n, step, GUNZIP_ZLIB, &z);
	if (rz == 0 && (rc != 0 || !equal(out, &z)))
		abort();
	if (parts_read(p, n, step, 0, &pa) != rc ||
	    parts_read(p, n, step, GUNZIP_ZLIB, &pz) != rz)
		abort();
	if (rz == 0 && (pa.n != 1 || pz.n != 1))
		abort();
	for (i = 0; i < pa.n && i < pz.n; i++) {
		a = part(&pa, i);
		b = part(&pz, i);
		if (!prefix(&a, &b))
			abort();
		/* One skipped a member the other read: their parts part. */
		if (pa.n != pz.n)
			break;
	}
	/*
	 * UTF-16 without a mark is told from the first bytes inflated, as
	 * many as there are up to SNIFF_SIZE: before a fault the two may
	 * hand on too few for the same answer.  Lines are compared while
	 * there is no gap: a gap ends a line.
	 */
	if (rz != 0 && pa.n == 1 && pz.n == 1 && uc == read_utf16 &&
	    !(out->len <= z.len ? begins(out, &z) : begins(&z, out)))
		abort();
	buf_free(&z);
	return rc;
}

/* Whether b ends with the bytes e[0..n). */
static int
ends(const struct buf *b, const void *e, size_t n)
{
	return b->len >= n && (n == 0 ||
	    memcmp(b->data + b->len - n, e, n) == 0);
}

/*
 * data[0..size) cut in three at c1 and c2, the first two parts ended
 * with a line feed, each part a member; one byte of the second member
 * changed.  The damage may cost the second member, never the third: on
 * both inflaters the last part read is the third member's bytes, whole
 * (all there is when the damage did nothing), and the lines read end
 * with its lines, as reading the three parts plain gives them.
 */
static void
around(const uint8_t *data, size_t size, size_t step, size_t c1, size_t c2,
    size_t at, int mask)
{
	struct buf plain = { 0 }, gz = { 0 }, want = { 0 }, got = { 0 };
	struct parts *pt[2] = { &pa, &pz };
	struct buf last;
	const char *t;
	size_t nl = 0, m1, m2, i, k;

	buf_add(&plain, data, c1);
	buf_addc(&plain, '\n');
	gzip_member(&gz, plain.data, plain.len, 6);
	m1 = gz.len;
	buf_add(&plain, data + c1, c2 - c1);
	buf_addc(&plain, '\n');
	gzip_member(&gz, plain.data + c1 + 1, c2 - c1 + 1, 6);
	m2 = gz.len - m1;
	for (i = 0; i < plain.len; i++)
		nl += plain.data[i] == '\n';
	buf_add(&plain, data + c2, size - c2);
	gzip_member(&gz, data + c2, size - c2, 6);
	gz.data[m1 + at % m2] ^= (char)mask;

	/*
	 * The two may part on whether there was damage at all: a changed
	 * bit can leave a code set that igzip takes and zlib turns down,
	 * and the member then inflates as it was.
	 */
	both((const uint8_t *)gz.data, gz.len, step, &got);
	for (i = 0; i < 2; i++) {
		last = part(pt[i], pt[i]->n - 1);
		if (pt[i]->n == 1 ? !equal(&last, &plain) :
		    last.len != size - c2 || !ends(&last, data + c2, size - c2))
			abort();
	}

	/* The lines: those of the third part, as in the plain bytes. */
	if (sniff_codec(plain.data, plain.len) != SNIFF_PLAIN)
		goto out;
	lines((const uint8_t *)plain.data, plain.len, step, 0, &want);
	if (read_utf16)		/* its lines are not the bytes' */
		goto out;
	for (t = want.data, k = 0; k < nl; k++)
		t = (const char *)memchr(t, '\n',
		    want.len - (size_t)(t - want.data)) + 1;
	k = want.len - (size_t)(t - want.data);
	for (i = 0; i < 2; i++) {
		lines((const uint8_t *)gz.data, gz.len, step,
		    i ? GUNZIP_ZLIB : 0, &got);
		if (read_utf16)
			break;
		if (!ends(&got, t, k) || (got.len > k &&
		    got.data[got.len - k - 1] != '\n'))
			abort();
	}
out:
	buf_free(&plain);
	buf_free(&gz);
	buf_free(&want);
	buf_free(&got);
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
	size_t cut, step, at, c1;
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
		/* Three members, the second damaged. */
		c1 = size > 5 ? data[5] % (size + 1) : 0;
		if (c1 < cut)
			around(data, size, step, c1, cut, at, data[0] | 1);
		else
			around(data, size, step, cut, c1, at, data[0] | 1);
	}
out:
	buf_free(&gz);
	buf_free(&a);
	buf_free(&b);
	return 0;
}

/* The parts kept between runs are freed at exit, for LeakSanitizer. */
static void __attribute__((destructor))
parts_done(void)
{
	parts_free(&pa);
	parts_free(&pz);
}
