/* SPDX-License-Identifier: ISC */
/*
 * Helpers the fuzz harnesses share: an in-memory source for
 * input_open_reader() that hands out at most step bytes a read, so block
 * boundaries fall anywhere, the lines read from it, and gzip member and
 * zstd frame writers.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdlib.h>
#include <string.h>

#include <zlib.h>
#include <zstd.h>

#include "nw-private.h"

struct mem {
	const uint8_t	*p;
	size_t		 n, step;
};

static inline ssize_t
mem_read(void *ctx, void *buf, size_t n)
{
	struct mem *m = ctx;

	if (n > m->n)
		n = m->n;
	if (n > m->step)
		n = m->step;
	if (n == 0)
		return 0;
	memcpy(buf, m->p, n);
	m->p += n;
	m->n -= n;
	return (ssize_t)n;
}

/*
 * The lines input.c makes of p[0..n), handed over step bytes a read,
 * appended to out each with a LF; input_close()'s result (0, or -1
 * when the input failed).  mem_utf16: whether the last read them as
 * UTF-16.
 */
static int mem_utf16;

static inline int
mem_lines(const uint8_t *p, size_t n, size_t step, struct buf *out)
{
	struct input *in;
	struct mem m = { p, n, step };
	char *line;
	size_t len;

	in = input_open_reader(mem_read, &m, "fuzz", 0);
	while ((line = input_line(in, &len)) != NULL) {
		buf_add(out, line, len);
		buf_addc(out, '\n');
	}
	mem_utf16 = input_utf16(in);
	return input_close(in);
}

/* Append p[0..n) to out as one gzip member compressed at level. */
static inline void
gzip_member(struct buf *out, const void *p, size_t n, int level)
{
	z_stream z;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	buf_reserve(out, deflateBound(&z, n));
	z.next_in = (uint8_t *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	z.next_out = (uint8_t *)out->data + out->len;
	z.avail_out = (uInt)(out->cap - out->len);
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	out->len += z.total_out;
	deflateEnd(&z);
}

/* Append p[0..n) to out as one zstd frame with a checksum, as zstd(1). */
static inline void
zstd_frame(struct buf *out, const void *p, size_t n)
{
	ZSTD_CCtx *z;
	size_t made;

	if ((z = ZSTD_createCCtx()) == NULL ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(z, ZSTD_c_checksumFlag, 1)))
		abort();
	buf_reserve(out, ZSTD_compressBound(n));
	made = ZSTD_compress2(z, out->data + out->len, out->cap - out->len,
	    p, n);
	if (ZSTD_isError(made))
		abort();
	out->len += made;
	ZSTD_freeCCtx(z);
}

#endif /* FUZZ_H */
