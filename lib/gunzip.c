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
 * One corrupt member need not cost the members after it: a .warc.gz
 * is one member per record, and a flipped bit in a crawl file would
 * otherwise lose every record after it.  When a member after a whole one
 * is corrupt (its deflate data, its CRC32 or length, its header, or
 * bytes after a member that start none), the next member is looked
 * for: the next offset that holds a gzip header (1f 8b 08, no reserved
 * flags).  Those bytes may be chance ones inside deflate data, so a
 * member found so is inflated to its end first, its output thrown away,
 * and only if its CRC32 and length match is it read again and handed on
 * (CODEC_RESYNC first: gunzip_damage() says what was skipped).  The
 * search starts just after the corrupt member's first byte, not where
 * the inflater noticed the fault, as damaged data can be read on past
 * its member's end, into the members after it: so from the second
 * member on, the compressed bytes of the member at hand are kept while
 * it is read, if it is no larger than GZ_HISTORY (a record); a larger
 * one, where damage near its end is rare, is searched from the bytes
 * of the read that met the fault, so that reading it costs no copy of
 * every byte.  The first member costs nothing more, and its damage is
 * an error as before: a file of one member (a .tar.gz) has nothing to
 * go on to.  A member
 * tried is held to GZ_TRY_MAX compressed bytes; one that inflates that
 * far without a fault is taken as found and handed on from its start,
 * its CRC32 checked at its end as every member's is.  The work is
 * bounded too: bytes made to look like members that fail only far on
 * are tried no more than GZ_TRY_WORK times over the bytes searched.
 *
 * Memory is bounded: the inflater's window and tables, the member kept
 * (GZ_HISTORY), and while a damaged stretch is searched GZ_TRY_MAX.
 * Undamaged input is read at the same speed: a .warc.gz keeps only the
 * bytes of the last member each read reaches into.
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

#define GZ_HISTORY	(1024 * 1024)		/* of a member, to search */
#define GZ_TRY_MAX	(16 * 1024 * 1024)	/* of a member tried */
#define GZ_SCRATCH	(64 * 1024)		/* its output, thrown away */
#define GZ_TRY_WORK	16	/* bytes tried a byte searched, at most */

enum {
	GZ_HEADER,	/* the fixed part, then the optional fields */
	GZ_XLEN, GZ_EXTRA, GZ_NAME, GZ_COMMENT, GZ_HCRC,
	GZ_BODY,	/* deflate data, through the inflater */
	GZ_TRAILER,	/* CRC32 and ISIZE */
	GZ_BETWEEN	/* after a member */
};

enum {
	GZ_READ,	/* members handed on */
	GZ_SEARCH,	/* after damage: looking for a member header */
	GZ_TRY,		/* inflating the member it found, to check it */
	GZ_FAILED	/* none found: g->final is the answer */
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

	/* Offsets in the compressed stream. */
	uint64_t		 pos;		/* of the caller's next byte */
	uint64_t		 member_at;	/* the member at hand starts */
	uint64_t		 member_out;	/* bytes it has given */
	uint64_t		 whole;		/* members read whole */
	uint64_t		 out;		/* bytes handed on */
	uint64_t		 checked;	/* of them, of whole members */
	/*
	 * Compressed bytes held, the last of them just before pos: the
	 * member at hand's while it is kept (GZ_READ), read from
	 * held[heldpos] on when a search has just found it; or those a
	 * search has yet to look through, from held[heldpos] (GZ_SEARCH,
	 * GZ_TRY).
	 */
	unsigned char		*held;
	size_t			 heldlen, heldcap, heldpos;
	uint64_t		 heldat;	/* the offset of held[0] */
	int			 keep;		/* the member at hand is */
	int			 mode;		/* GZ_READ, ... */
	size_t			 trystart;	/* the member tried, in held */
	uint64_t		 tried;		/* bytes inflated trying them */
	unsigned char		*scratch;	/* its output */
	int			 final;		/* GZ_FAILED's answer */
	struct codec_damage	 damage;
	char			 damage_why[64];
};

struct gunzip *
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
	return g;
}

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
	if (n - *used < 2 || p[*used] != 0x1f || p[*used + 1] != 0x8b)
		return CODEC_GARBAGE;
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
 * (GZ_TRY) stops after its trailer.
 */
static int
decode(struct gunzip *g, const unsigned char *p, size_t *inlen, void *out,
    size_t *outlen, int eof, uint64_t at)
{
	size_t n = *inlen, used = 0, room = *outlen, k;
	int rc = CODEC_OK;

	if (g->state == GZ_BODY)
		return body(g, p, inlen, out, outlen);
	*outlen = 0;
	for (;;) {
		if (g->state == GZ_TRAILER) {
			if (field_fill(g, p, n, &used, 8) &&
			    (rc = trailer_check(g)) == CODEC_OK) {
				g->whole++;
				if (g->mode != GZ_TRY) {
					g->checked = g->out;
					continue;
				}
			}
		} else if (g->state == GZ_BETWEEN) {
			if ((rc = between(g, p, n, &used, eof)) == CODEC_OK &&
			    g->state != GZ_BETWEEN) {
				g->member_at = at + used;
				g->member_out = 0;
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

/* Hold p[0..n) after the bytes held. */
static void
held_add(struct gunzip *g, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (g->heldcap - g->heldlen < n) {
		g->heldcap = g->heldlen + n < GZ_SCRATCH ? GZ_SCRATCH :
		    2 * (g->heldlen + n);
		g->held = xreallocarray(g->held, g->heldcap, 1);
	}
	memcpy(g->held + g->heldlen, p, n);
	g->heldlen += n;
}

/* Let go of the bytes held before offset at. */
static void
held_drop(struct gunzip *g, uint64_t at)
{
	size_t k;

	if (at <= g->heldat)
		return;
	k = at - g->heldat < g->heldlen ? (size_t)(at - g->heldat) :
	    g->heldlen;
	memmove(g->held, g->held + k, g->heldlen - k);
	g->heldlen -= k;
	g->heldpos = g->heldpos > k ? g->heldpos - k : 0;
	g->heldat += k;
}

/* Whether a step's answer is a fault: an error, garbage, data cut short. */
static int
is_fault(int rc, size_t used, size_t made, int eof)
{
	return rc == CODEC_ERROR || rc == CODEC_GARBAGE ||
	    (rc == CODEC_OK && eof && used == 0 && made == 0);
}

/* Where in p[0..n) the first bytes that look like a member header are. */
static size_t
candidate(const unsigned char *p, size_t n)
{
	const unsigned char *q = p;

	while (n - (size_t)(q - p) >= 4 &&
	    (q = memchr(q, 0x1f, n - (size_t)(q - p) - 3)) != NULL) {
		if (q[1] == 0x8b && q[2] == 8 && !(q[3] & GZ_RESERVED))
			return (size_t)(q - p);
		q++;
	}
	return n;
}

/* The member tried is the next one: it is read again, from its start. */
static int
found(struct gunzip *g)
{
	g->damage.to = g->heldat + g->trystart;
	g->damage.found = 1;
	held_drop(g, g->damage.to);
	g->heldpos = 0;
	g->keep = 1;
	g->mode = GZ_READ;
	g->state = GZ_HEADER;
	g->have = 0;
	g->hcrc = 0;
	g->member_at = g->damage.to;
	g->member_out = 0;
	return CODEC_RESYNC;
}

/*
 * After damage: look through the bytes held, and in[0..*inlen) after
 * them (all taken), for the next member, and try each one found.
 */
static int
search(struct gunzip *g, const void *in, size_t *inlen, int eof)
{
	size_t used, made, at;
	int rc;

	held_add(g, in, *inlen);
	g->pos += *inlen;
	for (;;) {
		if (g->mode == GZ_SEARCH) {
			at = g->heldpos + candidate(g->held + g->heldpos,
			    g->heldlen - g->heldpos);
			/*
			 * Crafted bytes can make every offset a member that
			 * fails only far on: past GZ_TRY_WORK bytes tried for
			 * each byte searched, candidates are passed over.
			 */
			if (at < g->heldlen && g->tried > GZ_TRY_MAX +
			    GZ_TRY_WORK * (g->heldat + at - g->damage.from)) {
				g->heldpos = at + 1;
				continue;
			}
			if (at < g->heldlen) {
				g->trystart = g->heldpos = at;
				g->mode = GZ_TRY;
				g->state = GZ_HEADER;
				g->have = 0;
				g->hcrc = 0;
				continue;
			}
			/* The last three bytes may start one. */
			if (g->heldlen - g->heldpos > 3)
				g->heldpos = g->heldlen - 3;
			held_drop(g, g->heldat + g->heldpos);
			if (!eof)
				return CODEC_OK;
			/* There is none: the fault is the answer. */
			g->mode = GZ_FAILED;
			g->heldlen = g->heldpos = 0;
			snprintf(g->why, sizeof(g->why), "%s", g->damage_why);
			return g->final;
		}
		if (g->heldpos - g->trystart > GZ_TRY_MAX)
			return found(g);
		if (g->scratch == NULL)
			g->scratch = xmalloc(GZ_SCRATCH);
		used = g->heldlen - g->heldpos;
		made = GZ_SCRATCH;
		rc = decode(g, g->held + g->heldpos, &used, g->scratch, &made,
		    eof, g->heldat + g->heldpos);
		g->heldpos += used;
		g->tried += used;
		if (rc == CODEC_OK && g->state == GZ_BETWEEN)
			return found(g);
		if (rc == CODEC_OK && (used > 0 || made > 0))
			continue;
		if (rc == CODEC_OK && !eof)
			return CODEC_OK;	/* it needs more */
		/* Not a member: look on from the byte after its start. */
		g->mode = GZ_SEARCH;
		g->heldpos = g->trystart + 1;
	}
}

/*
 * A fault (rc) in the member at hand, or bytes after a member that
 * start none at offset at: search for the next member from just after
 * the corrupt member's first byte, in the bytes held and in[0..n), the
 * rest of the caller's (taken).
 */
static int
damaged(struct gunzip *g, int rc, uint64_t at, const void *in, size_t n,
    int eof)
{
	uint64_t from;

	if (rc == CODEC_GARBAGE) {
		g->damage.from = from = at;
		g->damage.lost = 0;
		snprintf(g->damage_why, sizeof(g->damage_why), "%s",
		    "incorrect header check");
	} else {
		g->damage.from = g->member_at;
		from = g->member_at + 1;
		g->damage.lost = g->member_out;
		snprintf(g->damage_why, sizeof(g->damage_why), "%s",
		    rc == CODEC_ERROR ? g->why : "unexpected end of file");
	}
	g->damage.found = 0;
	g->damage.why = g->damage_why;
	g->tried = 0;
	g->final = rc == CODEC_OK ? CODEC_TRUNCATED : rc;
	g->mode = GZ_SEARCH;
	if (g->heldat + g->heldlen != g->pos) {	/* nothing kept */
		g->heldat = g->pos;
		g->heldlen = 0;
	}
	g->heldpos = from > g->heldat ? (size_t)(from - g->heldat) : 0;
	if (g->heldpos > g->heldlen)
		g->heldpos = g->heldlen;
	held_drop(g, g->heldat + g->heldpos);
	return search(g, in, &n, eof);
}

/*
 * The caller's bytes, as they come.  From the second member on, the
 * member at hand's are kept as they are read, for damaged(), while
 * there are no more than GZ_HISTORY of them; the search after a fault
 * in a larger one starts at the bytes of the read that met it.
 */
static int
direct(struct gunzip *g, const void *in, size_t *inlen, void *out,
    size_t *outlen, int eof)
{
	const unsigned char *p = in;
	size_t n = *inlen, used = n, skip;
	uint64_t start = g->pos;
	int rc;

	rc = decode(g, p, &used, out, outlen, eof, start);
	g->member_out += *outlen;
	g->out += *outlen;
	g->pos += used;
	*inlen = used;
	if (g->whole == 0)
		return rc;
	if (g->member_at >= start) {	/* a member starts in this read */
		g->heldat = g->member_at;
		g->heldlen = 0;
		g->keep = 1;
	} else if (g->heldat + g->heldlen != start)
		g->keep = 0;
	if (g->keep) {
		held_drop(g, g->member_at);
		skip = (size_t)(g->heldat + g->heldlen - start);
		if (g->heldlen + used - skip > GZ_HISTORY)
			g->keep = 0;
		else
			held_add(g, p + skip, used - skip);
	}
	if (!g->keep) {
		g->heldlen = 0;
		if (g->heldcap > 2 * GZ_HISTORY) {
			free(g->held);
			g->held = NULL;
			g->heldcap = 0;
		}
	}
	g->heldpos = g->heldlen;
	if (!is_fault(rc, used, *outlen, eof))
		return rc;
	if (!g->keep) {
		g->heldat = start;
		g->heldlen = 0;
		held_add(g, p, used);
	}
	*inlen = n;
	return damaged(g, rc, g->pos, p + used, n - used, eof);
}

/*
 * The bytes a search found a member at, then the caller's: the member
 * is read again from its start, and what follows it in the bytes held.
 */
static int
replay(struct gunzip *g, const void *in, size_t *inlen, void *out,
    size_t *outlen, int eof)
{
	size_t used, made, n = *inlen;
	int rc, end = eof && n == 0;

	while (g->heldpos < g->heldlen) {
		used = g->heldlen - g->heldpos;
		made = *outlen;
		rc = decode(g, g->held + g->heldpos, &used, out, &made, end,
		    g->heldat + g->heldpos);
		g->heldpos += used;
		g->member_out += made;
		g->out += made;
		if (is_fault(rc, used, made, end)) {
			*outlen = made;
			return damaged(g, rc, g->heldat + g->heldpos, in, n,
			    eof);
		}
		if (rc != CODEC_OK || made > 0) {
			*inlen = 0;
			*outlen = made;
			return rc;
		}
		if (used == 0)
			break;
	}
	if (g->heldpos < g->heldlen) {
		/* A header, or the bytes after a member, cut where held ends. */
		held_add(g, in, n);
		g->pos += n;
		*outlen = 0;
		return CODEC_OK;
	}
	return direct(g, in, inlen, out, outlen, eof);
}

/*
 * codec_step() for gzip: decode from in[0..*inlen) into out[0..*outlen),
 * both set to what was used and made; the same answers, and after
 * damage CODEC_RESYNC.  A call that can make progress makes some, so
 * that no progress at the end of the input means it was cut short.
 */
int
gunzip_step(struct gunzip *g, const void *in, size_t *inlen, void *out,
    size_t *outlen, int eof)
{
	switch (g->mode) {
	case GZ_FAILED:
		*inlen = *outlen = 0;
		return g->final;
	case GZ_SEARCH:
	case GZ_TRY:
		*outlen = 0;
		return search(g, in, inlen, eof);
	}
	if (g->heldpos < g->heldlen)
		return replay(g, in, inlen, out, outlen, eof);
	return direct(g, in, inlen, out, outlen, eof);
}

const char *
gunzip_error(const struct gunzip *g)
{
	return g->why;
}

/* The output of whole members; all of it while it is the first's. */
uint64_t
gunzip_checked(const struct gunzip *g)
{
	return g->whole > 0 ? g->checked : UINT64_MAX;
}

/* The damaged stretch a search went past, or looked through in vain. */
int
gunzip_damage(const struct gunzip *g, struct codec_damage *d)
{
	if (g->damage.why == NULL)
		return 0;
	*d = g->damage;
	return 1;
}

void
gunzip_free(struct gunzip *g)
{
	if (g == NULL)
		return;
	if (g->zinit)
		inflateEnd(&g->z);
#ifdef NW_ISAL
	free(g->isal);
#endif
	free(g->held);
	free(g->scratch);
	free(g);
}
