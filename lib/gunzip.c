/*
 * newswire: gzip members, inflated.
 *
 * Inflate is the floor of every .gz pipeline, so the fastest streaming
 * inflater the build has does it: ISA-L's igzip where the Makefile
 * found libisal (NW_ISAL), zlib otherwise, or when the caller asks for
 * it (GUNZIP_ZLIB: the differential fuzz harness runs both on the same
 * bytes).  On the bench corpus, 8.7 MB gzip -6 of 20 MB text, one core:
 * zlib 267 MB/s, ISA-L 788 MB/s, libdeflate 671 MB/s and that only for
 * a whole buffer in memory (tests/bench/inflate), so libdeflate, which
 * cannot stream, is not used.
 *
 * The inflater sees raw deflate data only: the gzip header and trailer
 * are read here, the same code for both, so both take the same streams
 * and turn down the same ones in the same words, the words zlib uses
 * ("unknown header flags set", "incorrect data check", ...).  (ISA-L's
 * own header reader also loses its place when a header with a name is
 * split across two reads, and lets reserved flags through.)  Members
 * follow one another, NUL padding between them is skipped as gzip(1)
 * does, and anything else after a member is garbage, as in codec.c.
 *
 * One corrupt member need not cost the members after it: resync.c
 * drives the members, and after damage looks for the next one, the next
 * offset that holds a gzip header (1f 8b 08, no reserved flags), whose
 * member must inflate to a CRC32 and length that match to be read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>
#ifdef NW_ISAL
#include <isa-l/igzip_lib.h>
#endif

#include "nw-private.h"

#ifdef NW_ISAL
/*
 * ISA-L is loaded with the first gzip member (lazylib.c), so that a run
 * over anything else does not map it; where it cannot be, zlib inflates,
 * the same output byte for byte.
 */
#ifndef NW_SONAME_ISAL
#define NW_SONAME_ISAL	"libisal.so"
#endif
#define ISAL_FNS(X) \
	X(isal_inflate_init) X(isal_inflate_reset) X(isal_inflate)
static struct { ISAL_FNS(LAZYLIB_SLOT) } isal;
#define ISAL_SYM(f)	LAZYLIB_SYM(isal, f)
static struct lazylib isal_lib =
    LAZYLIB_INIT(NW_SONAME_ISAL, ISAL_FNS(ISAL_SYM));
#endif

#define GZ_BASE		10	/* ID1 ID2 CM FLG MTIME(4) XFL OS */
#define GZ_FHCRC	0x02
#define GZ_FEXTRA	0x04
#define GZ_FNAME	0x08
#define GZ_FCOMMENT	0x10
#define GZ_RESERVED	0xe0

enum {
	GZ_HEADER,	/* the fixed part, then the optional fields */
	GZ_XLEN, GZ_EXTRA, GZ_NAME, GZ_COMMENT, GZ_HCRC,
	GZ_BODY,	/* deflate data, through the inflater */
	GZ_TRAILER,	/* CRC32 and ISIZE */
	GZ_BETWEEN	/* after a member */
};

struct gunzip {
	int			 state;
	int			 zlib;		/* inflate with zlib */
	unsigned char		 field[GZ_BASE];/* the fixed part, XLEN, ... */
	size_t			 have;		/* bytes of field[] */
	int			 flags;		/* FLG */
	size_t			 skip;		/* of FEXTRA */
	uint32_t		 hcrc;		/* of the header so far */
	uint32_t		 crc, size;	/* of the member's output */
	z_stream		 z;
	int			 zinit;
#ifdef NW_ISAL
	struct inflate_state	*isal;
#endif
	char			 why[64];
	struct resync		*rs;		/* what drives it */
};

static int
fail(struct gunzip *g, const char *why)
{
	snprintf(g->why, sizeof(g->why), "%s", why);
	return CODEC_ERROR;
}

/* Start inflating a member's deflate data. */
static int
body_start(struct gunzip *g)
{
	g->crc = 0;
	g->size = 0;
	g->state = GZ_BODY;
	if (g->zlib) {
		if (g->zinit)
			return inflateReset(&g->z) == Z_OK ? CODEC_OK :
			    fail(g, "cannot reset zlib");
		if (inflateInit2(&g->z, -15) != Z_OK)
			return fail(g, "out of memory");
		g->zinit = 1;
		return CODEC_OK;
	}
#ifdef NW_ISAL
	if (g->isal == NULL) {
		g->isal = xmalloc(sizeof(*g->isal));
		isal.isal_inflate_init(g->isal);
	} else
		isal.isal_inflate_reset(g->isal);
	/* Raw deflate; ISA-L keeps the CRC32 of what it made. */
	g->isal->crc_flag = ISAL_GZIP_NO_HDR;
#endif
	return CODEC_OK;
}

/* Bytes of p[0..n) into field[] until it holds want; 1 when it does. */
static int
field_fill(struct gunzip *g, const unsigned char *p, size_t n, size_t *used,
    size_t want)
{
	size_t k = want - g->have;

	if (k > n - *used)
		k = n - *used;
	memcpy(g->field + g->have, p + *used, k);
	*used += k;
	g->have += k;
	return g->have == want;
}

/*
 * The header, as far as p[0..n) goes; *used says how far.  CODEC_OK
 * whether or not it is complete (g->state says), or CODEC_ERROR.
 */
static int
header(struct gunzip *g, const unsigned char *p, size_t n, size_t *used)
{
	const unsigned char *nul;
	size_t counted = *used, k;
	int rc = CODEC_OK;

	while (*used < n && g->state < GZ_HCRC) {
		switch (g->state) {
		case GZ_HEADER:
			if (!field_fill(g, p, n, used, GZ_BASE))
				break;
			if (g->field[0] != 0x1f || g->field[1] != 0x8b)
				return fail(g, "incorrect header check");
			if (g->field[2] != 8)
				return fail(g, "unknown compression method");
			if ((g->flags = g->field[3]) & GZ_RESERVED)
				return fail(g, "unknown header flags set");
			g->have = 0;
			g->state = g->flags & GZ_FEXTRA ? GZ_XLEN : GZ_NAME;
			break;
		case GZ_XLEN:
			if (!field_fill(g, p, n, used, 2))
				break;
			g->skip = g->field[0] | (size_t)g->field[1] << 8;
			g->have = 0;
			g->state = GZ_EXTRA;
			break;
		case GZ_EXTRA:
			k = n - *used < g->skip ? n - *used : g->skip;
			*used += k;
			if ((g->skip -= k) == 0)
				g->state = GZ_NAME;
			break;
		default:	/* GZ_NAME, GZ_COMMENT: NUL-terminated */
			if (g->flags & (g->state == GZ_NAME ? GZ_FNAME :
			    GZ_FCOMMENT)) {
				if ((nul = memchr(p + *used, 0, n - *used)) ==
				    NULL) {
					*used = n;
					break;
				}
				*used = (size_t)(nul - p) + 1;
			}
			g->state++;
			break;
		}
	}
	/* FHCRC: the low 16 bits of the CRC32 of the header before it. */
	g->hcrc = (uint32_t)crc32(g->hcrc, p + counted, (uInt)(*used - counted));
	if (g->state == GZ_HCRC) {
		if (!(g->flags & GZ_FHCRC))
			return body_start(g);
		if (!field_fill(g, p, n, used, 2))
			return CODEC_OK;
		if ((g->field[0] | (uint32_t)g->field[1] << 8) !=
		    (g->hcrc & 0xffff))
			return fail(g, "header crc mismatch");
		g->have = 0;
		rc = body_start(g);
	}
	return rc;
}

/* The deflate data: CODEC_OK (g->state is GZ_TRAILER after its end). */
static int
body(struct gunzip *g, const void *in, size_t *inlen, void *out,
    size_t *outlen)
{
	size_t have = *inlen, room = *outlen;
	int rc;

	if (have > UINT32_MAX)
		have = UINT32_MAX;
	if (room > UINT32_MAX)
		room = UINT32_MAX;
	if (g->zlib) {
		g->z.next_in = (unsigned char *)(uintptr_t)in;
		g->z.avail_in = (uInt)have;
		g->z.next_out = out;
		g->z.avail_out = (uInt)room;
		rc = inflate(&g->z, Z_NO_FLUSH);
		*inlen = have - g->z.avail_in;
		*outlen = room - g->z.avail_out;
		g->crc = (uint32_t)crc32(g->crc, out, (uInt)*outlen);
		g->size += (uint32_t)*outlen;
		switch (rc) {
		case Z_STREAM_END:
			g->state = GZ_TRAILER;
			/* FALLTHROUGH */
		case Z_OK:
		case Z_BUF_ERROR:	/* no progress: the caller sees it */
			return CODEC_OK;
		case Z_MEM_ERROR:
			return fail(g, "out of memory");
		default:
			return fail(g, g->z.msg != NULL ? g->z.msg :
			    "corrupt data");
		}
	}
#ifdef NW_ISAL
	{
		struct inflate_state *s = g->isal;
		uint64_t rest;
		int bits;

		s->next_in = (uint8_t *)(uintptr_t)in;
		s->avail_in = (uint32_t)have;
		s->next_out = out;
		s->avail_out = (uint32_t)room;
		rc = isal.isal_inflate(s);
		/*
		 * At a fault igzip may give back more than this call gave it,
		 * the unused bytes of its bit buffer from the reads before.
		 */
		*inlen = s->avail_in <= have ? have - s->avail_in : 0;
		*outlen = room - s->avail_out;
		/*
		 * At a fault in the data igzip may have written a few bytes
		 * past it (a batch of literals) before it noticed: what this
		 * call made is not handed on, only what came before.
		 */
		switch (rc) {
		case ISAL_DECOMP_OK:
			break;
		case ISAL_INVALID_LOOKBACK:
			*outlen = 0;
			return fail(g, "invalid distance too far back");
		case ISAL_INVALID_SYMBOL:
			*outlen = 0;
			return fail(g, "invalid code");
		default:
			*outlen = 0;
			return fail(g, "invalid block");
		}
		g->size += (uint32_t)*outlen;
		if (s->block_state != ISAL_BLOCK_FINISH)
			return CODEC_OK;
		/*
		 * Its bit buffer may hold the first bytes after the data:
		 * past the last byte's padding bits, they begin the trailer.
		 */
		g->crc = s->crc;
		bits = s->read_in_length;
		rest = s->read_in >> (bits % 8);
		for (g->have = 0; bits >= 8 && g->have < 8; bits -= 8) {
			g->field[g->have++] = (unsigned char)rest;
			rest >>= 8;
		}
		g->state = GZ_TRAILER;
	}
#endif
	return CODEC_OK;
}

/*
 * After a member, at p[*used..n): NUL padding, another member, the end,
 * or garbage.
 */
static int
between(struct gunzip *g, const unsigned char *p, size_t n, size_t *used,
    int eof)
{
	while (*used < n && p[*used] == 0)
		(*used)++;
	if (*used == n)
		return eof ? CODEC_END : CODEC_OK;
	if (n - *used < 2 && !eof)
		return CODEC_OK;
	if (n - *used < 2 || p[*used] != 0x1f || p[*used + 1] != 0x8b) {
		(void)fail(g, "incorrect header check");
		return CODEC_GARBAGE;
	}
	g->state = GZ_HEADER;
	g->have = 0;
	g->hcrc = 0;
	return CODEC_OK;
}

/* The trailer, once whole: the member's CRC32 and length mod 2^32. */
static int
trailer_check(struct gunzip *g)
{
	const unsigned char *f = g->field;

	g->have = 0;
	if ((f[0] | (uint32_t)f[1] << 8 | (uint32_t)f[2] << 16 |
	    (uint32_t)f[3] << 24) != g->crc)
		return fail(g, "incorrect data check");
	if ((f[4] | (uint32_t)f[5] << 8 | (uint32_t)f[6] << 16 |
	    (uint32_t)f[7] << 24) != g->size)
		return fail(g, "incorrect length check");
	g->state = GZ_BETWEEN;
	return CODEC_OK;
}

/*
 * The members in p[0..*inlen), whose first byte is at offset at, into
 * out[0..*outlen); both set to what was used and made.  A member tried
 * stops after its trailer (resync_frame_end()).
 */
static int
decode(void *ctx, const unsigned char *p, size_t *inlen, void *out,
    size_t *outlen, int eof, uint64_t at)
{
	struct gunzip *g = ctx;
	size_t n = *inlen, used = 0, room = *outlen, k;
	int rc = CODEC_OK;

	if (g->state == GZ_BODY)
		return body(g, p, inlen, out, outlen);
	*outlen = 0;
	for (;;) {
		if (g->state == GZ_TRAILER) {
			if (field_fill(g, p, n, &used, 8) &&
			    (rc = trailer_check(g)) == CODEC_OK &&
			    resync_frame_end(g->rs, 0))
				continue;
		} else if (g->state == GZ_BETWEEN) {
			if ((rc = between(g, p, n, &used, eof)) == CODEC_OK &&
			    g->state != GZ_BETWEEN) {
				resync_frame_start(g->rs, at + used);
				continue;
			}
		} else if (g->state != GZ_BODY) {
			/*
			 * The optional fields a header lacks are passed with
			 * no byte read: its data follow in this call, or it
			 * would make no progress (the caller would take that
			 * for a member cut short).
			 */
			if ((rc = header(g, p, n, &used)) == CODEC_OK &&
			    g->state == GZ_BODY)
				continue;
		} else {
			k = n - used;
			*outlen = room;
			rc = body(g, p + used, &k, out, outlen);
			used += k;
		}
		*inlen = used;
		return rc;
	}
}

/* A member begins at the next byte, the one at hand forgotten. */
static void
restart(void *ctx)
{
	struct gunzip *g = ctx;

	g->state = GZ_HEADER;
	g->have = 0;
	g->hcrc = 0;
}

static const char *
reason(const void *ctx)
{
	const struct gunzip *g = ctx;

	return g->why;
}

static void
gunzip_free(void *ctx)
{
	struct gunzip *g = ctx;

	if (g->zinit)
		inflateEnd(&g->z);
#ifdef NW_ISAL
	free(g->isal);
#endif
	free(g);
}

/* A member header: 1f 8b, deflate, no reserved flags. */
static const struct resync_ops gunzip_ops = {
	decode, restart, reason, gunzip_free,
	{ 0x1f, 0x8b, 8, 0 }, { 0xff, 0xff, 0xff, GZ_RESERVED }
};

struct resync *
gunzip_new(int flags)
{
	struct gunzip *g;

	g = xcalloc(1, sizeof(*g));
	g->zlib = (flags & GUNZIP_ZLIB) != 0;
#ifdef NW_ISAL
	if (!g->zlib && lazylib_load(&isal_lib) == -1)
		g->zlib = 1;
#else
	g->zlib = 1;
#endif
	g->rs = resync_new(&gunzip_ops, g);
	return g->rs;
}
