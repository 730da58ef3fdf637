/*
 * newswire: gzip, xz, lzip, zstd, bzip2 and lz4 decoding, one interface.
 *
 * input.c drives every codec the same way (gzip is gunzip.c's):
 * raw bytes in, decoded bytes out, and at the end of the input a clear
 * answer whether the data ended where a stream ends.  So what was decoded
 * before a fault is handed on, data cut short says "truncated", and
 * bytes after the last stream that start no other are reported, in the
 * same words for every format.  Streams written one after the other are
 * read as one, as the command-line tools read them; a damaged gzip
 * member or zstd frame costs that one, reading going on at the next
 * (resync.c).  (libarchive's filters, tried first, drop the block
 * decoded before a fault and take trailing garbage in silence for some
 * formats.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bzlib.h>
#include <lz4frame.h>
#include <lzma.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "nw-private.h"

/*
 * The libraries are loaded with the first stream that needs them
 * (lazylib.c), so that a run over plain text or gzip maps none of them.
 * A kind whose library cannot be loaded is left to libarchive, as
 * compress(1) data is: it decodes it if it can, or says why not.
 */
#ifndef NW_SONAME_ZSTD
#define NW_SONAME_ZSTD	"libzstd.so"
#endif
#ifndef NW_SONAME_LZMA
#define NW_SONAME_LZMA	"liblzma.so"
#endif
#ifndef NW_SONAME_BZ2
#define NW_SONAME_BZ2	"libbz2.so"
#endif
#ifndef NW_SONAME_LZ4
#define NW_SONAME_LZ4	"liblz4.so"
#endif
#define ZSTD_FNS(X) \
	X(ZSTD_createDStream) X(ZSTD_decompressStream) X(ZSTD_freeDStream) \
	X(ZSTD_getErrorCode) X(ZSTD_getErrorName) X(ZSTD_isError) \
	X(ZSTD_DCtx_loadDictionary) X(ZSTD_decompress) \
	X(ZSTD_getFrameContentSize) X(ZSTD_DCtx_reset)
#define LZMA_FNS(X) \
	X(lzma_code) X(lzma_end) X(lzma_lzip_decoder) X(lzma_stream_decoder)
#define BZ2_FNS(X) \
	X(BZ2_bzDecompress) X(BZ2_bzDecompressEnd) X(BZ2_bzDecompressInit)
#define LZ4_FNS(X) \
	X(LZ4F_createDecompressionContext) X(LZ4F_decompress) \
	X(LZ4F_freeDecompressionContext) X(LZ4F_getErrorName) X(LZ4F_isError)
static struct {
	ZSTD_FNS(LAZYLIB_SLOT)
	LZMA_FNS(LAZYLIB_SLOT)
	BZ2_FNS(LAZYLIB_SLOT)
	LZ4_FNS(LAZYLIB_SLOT)
} fn;
#define FN_SYM(f)	LAZYLIB_SYM(fn, f)
static struct lazylib zstd_lib = LAZYLIB_INIT(NW_SONAME_ZSTD, ZSTD_FNS(FN_SYM));
static struct lazylib lzma_lib = LAZYLIB_INIT(NW_SONAME_LZMA, LZMA_FNS(FN_SYM));
static struct lazylib bz2_lib = LAZYLIB_INIT(NW_SONAME_BZ2, BZ2_FNS(FN_SYM));
static struct lazylib lz4_lib = LAZYLIB_INIT(NW_SONAME_LZ4, LZ4_FNS(FN_SYM));

/* The library that decodes kind, NULL for none of these. */
static struct lazylib *
codec_lib(int kind)
{
	switch (kind) {
	case SNIFF_ZSTD:
		return &zstd_lib;
	case SNIFF_XZ:
	case SNIFF_LZIP:
		return &lzma_lib;
	case SNIFF_BZIP2:
		return &bz2_lib;
	case SNIFF_LZ4:
		return &lz4_lib;
	}
	return NULL;
}

struct codec {
	int			 kind;		/* SNIFF_GZIP, ... */
	struct resync		*rs;		/* gzip's, zstd's */
	int			 mid;		/* inside a stream or frame */
	int			 started;	/* a stream was begun */
	int			 between;	/* after a stream's end */
	char			 why[128];
	lzma_stream		 lz;
	ZSTD_DStream		*zs;
	size_t			 zwant;		/* what it asks for next */
	struct buf		 dict;		/* zstd: the dictionary frame */
	uint64_t		 dictwant;	/* its size, while it comes */
	int			 dictseen;	/* the start was looked at */
	bz_stream		 bz;
	int			 bzinit;
	LZ4F_dctx		*l4;
};

static const char *
lzma_reason(lzma_ret r)
{
	switch (r) {
	case LZMA_MEM_ERROR:
		return "out of memory";
	case LZMA_FORMAT_ERROR:
		return "not in the format (or garbage after the data)";
	case LZMA_OPTIONS_ERROR:
		return "unsupported options";
	case LZMA_DATA_ERROR:
		return "corrupt data";
	default:
		return "decoder error";
	}
}

static int	xz_start(struct codec *);
static const struct resync_ops zstd_ops;

/*
 * A decoder for kind, or NULL when codec.c does not know it or cannot
 * load its library (input.c then hands the stream to libarchive).
 * Flags: GUNZIP_ZLIB.
 */
struct codec *
codec_new(int kind, int flags)
{
	struct lazylib *lib;
	struct codec *c;
	lzma_ret r = LZMA_OK;

	if ((lib = codec_lib(kind)) != NULL && lazylib_load(lib) == -1)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->kind = kind;
	switch (kind) {
	case SNIFF_GZIP:
		c->rs = gunzip_new(flags);
		break;
	case SNIFF_XZ:
	case SNIFF_LZIP:
		if (xz_start(c) == -1)
			r = LZMA_MEM_ERROR;
		break;
	case SNIFF_ZSTD:
		if ((c->zs = fn.ZSTD_createDStream()) == NULL)
			r = LZMA_MEM_ERROR;
		else
			c->rs = resync_new(&zstd_ops, c);
		break;
	case SNIFF_BZIP2:
		break;
	case SNIFF_LZ4:
		if (fn.LZ4F_isError(fn.LZ4F_createDecompressionContext(&c->l4,
		    LZ4F_VERSION)))
			r = LZMA_MEM_ERROR;
		break;
	default:
		free(c);
		return NULL;
	}
	if (r != LZMA_OK) {
		free(c);
		return NULL;
	}
	return c;
}

static int
fail(struct codec *c, const char *fmt, const char *what)
{
	snprintf(c->why, sizeof(c->why), fmt, what);
	return CODEC_ERROR;
}

/* (Re)start the liblzma decoder for one stream of c->kind. */
static int
xz_start(struct codec *c)
{
	lzma_ret r;

	if (c->kind == SNIFF_XZ)
		r = fn.lzma_stream_decoder(&c->lz, UINT64_MAX, 0);
	else
		r = fn.lzma_lzip_decoder(&c->lz, UINT64_MAX, 0);
	return r == LZMA_OK ? 0 : -1;
}

/*
 * One stream at a time, so that what follows a stream is judged here:
 * another stream, NUL padding (which xz and gzip both allow), or garbage.
 */
static int
xz_step(struct codec *c, const void *in, size_t *inlen, void *out,
    size_t *outlen, int eof)
{
	const unsigned char *p = in;
	size_t have = *inlen, room = *outlen, skip = 0;
	lzma_ret r;

	if (c->between) {
		while (skip < have && p[skip] == 0)
			skip++;
		*inlen = skip;
		*outlen = 0;
		if (skip == have)
			return eof ? CODEC_END : CODEC_OK;
		if (have - skip < 6 && !eof)
			return CODEC_OK;
		if (sniff_codec(p + skip, have - skip) != c->kind)
			return CODEC_GARBAGE;
		if (xz_start(c) == -1)
			return fail(c, "%s", "out of memory");
		c->between = 0;
		/*
		 * The next stream is decoded in this call: one that read no
		 * byte and made none would be taken for a stream cut short.
		 */
	}
	c->lz.next_in = p + skip;
	c->lz.avail_in = have - skip;
	c->lz.next_out = out;
	c->lz.avail_out = room;
	r = fn.lzma_code(&c->lz, eof ? LZMA_FINISH : LZMA_RUN);
	*inlen = have - c->lz.avail_in;
	*outlen = room - c->lz.avail_out;
	if (r == LZMA_STREAM_END) {
		c->between = 1;
		return CODEC_OK;
	}
	if (r == LZMA_OK)
		return CODEC_OK;
	if (r == LZMA_BUF_ERROR)
		return eof ? CODEC_TRUNCATED : CODEC_OK;
	return fail(c, "%s", lzma_reason(r));
}

/*
 * The dictionary of a .warc.zst: a skippable frame of magic 0x184D2A5D
 * before the first frame holds the dictionary every frame was written
 * with, itself zstd-compressed or not.  Its bytes are gathered over as
 * many calls as they take, then loaded into the decoder for good.
 */
#define ZSTD_DICT_MAX	((size_t)256 << 20)

static int
zstd_dictionary_load(struct codec *c)
{
	const char *d = c->dict.data;
	unsigned long long n;
	void *raw;
	size_t r, len = c->dict.len;

	if (len >= 4 && memcmp(d, "\x28\xb5\x2f\xfd", 4) == 0) {
		n = fn.ZSTD_getFrameContentSize(d, len);
		if (n == ZSTD_CONTENTSIZE_UNKNOWN ||
		    n == ZSTD_CONTENTSIZE_ERROR || n > ZSTD_DICT_MAX)
			return fail(c, "%s", "invalid dictionary frame");
		raw = xmalloc(n > 0 ? (size_t)n : 1);
		r = fn.ZSTD_decompress(raw, (size_t)n, d, len);
		if (fn.ZSTD_isError(r) || r != n) {
			free(raw);
			return fail(c, "%s", "invalid dictionary frame");
		}
		r = fn.ZSTD_DCtx_loadDictionary(c->zs, raw, (size_t)n);
		free(raw);
	} else
		r = fn.ZSTD_DCtx_loadDictionary(c->zs, d, len);
	buf_free(&c->dict);
	/* (libzstd says "not enough memory" of a dictionary it cannot read.) */
	if (fn.ZSTD_isError(r))
		return fail(c, "%s", "invalid dictionary frame");
	return CODEC_OK;
}

/*
 * Before the first frame: the dictionary frame, taken here, or none.
 * 1 when the data goes on to the decoder, else the step's result.
 */
static int
zstd_dictionary(struct codec *c, const void *in, size_t *inlen,
    size_t *outlen, int eof)
{
	const unsigned char *p = in;
	size_t have = *inlen, take;

	*outlen = 0;
	if (c->dictwant == 0) {
		if (have < 8 && !eof) {
			*inlen = 0;
			return CODEC_OK;
		}
		if (have < 8 || memcmp(p, "\x5d\x2a\x4d\x18", 4) != 0) {
			c->dictseen = 1;
			return 1;
		}
		c->dictwant = (uint64_t)p[7] << 24 | (uint64_t)p[6] << 16 |
		    (uint64_t)p[5] << 8 | p[4];
		if (c->dictwant > ZSTD_DICT_MAX)
			return fail(c, "%s", "dictionary too large");
		p += 8;
		have -= 8;
		if (c->dictwant == 0) {
			c->dictseen = 1;
			*inlen = 8;
			return CODEC_OK;
		}
	}
	take = c->dictwant - c->dict.len < have ?
	    (size_t)(c->dictwant - c->dict.len) : have;
	buf_add(&c->dict, (const char *)p, take);
	*inlen = (size_t)(p - (const unsigned char *)in) + take;
	if (c->dict.len < c->dictwant)
		return eof ? CODEC_TRUNCATED : CODEC_OK;
	c->dictseen = 1;
	c->started = 1;
	return zstd_dictionary_load(c);
}

/*
 * The frames, one call at most reaching the end of one (libzstd stops
 * there), so that where each starts and ends is told to resync.c.  A
 * call is given no more than libzstd asks for next (a frame header, a
 * block), as one that meets a fault hands on nothing it made: so the
 * blocks of a frame are handed on as they are decoded, and its checksum
 * is read in a call of its own, as a gzip member's CRC32 is.
 */
#define ZSTD_PREFIX	5	/* a frame's magic and its header's first */

static int
zstd_decode(void *ctx, const unsigned char *in, size_t *inlen, void *out,
    size_t *outlen, int eof, uint64_t at)
{
	struct codec *c = ctx;
	ZSTD_inBuffer ib = { in, *inlen, 0 };
	ZSTD_outBuffer ob = { out, *outlen, 0 };
	size_t r, want;
	int d;

	if (!c->dictseen && (d = zstd_dictionary(c, in, inlen, outlen,
	    eof)) != 1)
		return d;
	if (!c->mid)
		resync_frame_start(c->rs, at);
	want = c->mid ? c->zwant : ZSTD_PREFIX;
	if (ib.size > want)
		ib.size = want;
	r = fn.ZSTD_decompressStream(c->zs, &ob, &ib);
	*inlen = ib.pos;
	*outlen = ob.pos;
	if (fn.ZSTD_isError(r)) {
		(void)fail(c, "%s", fn.ZSTD_getErrorName(r));
		if (!c->mid && c->started &&
		    fn.ZSTD_getErrorCode(r) == ZSTD_error_prefix_unknown)
			return CODEC_GARBAGE;
		return CODEC_ERROR;
	}
	/* Whether a frame is open is known after a call that did something. */
	if (ib.pos > 0 || ob.pos > 0) {
		c->started = 1;
		c->mid = r != 0;
		c->zwant = r;
		if (r == 0)
			(void)resync_frame_end(c->rs, ob.pos);
		return CODEC_OK;
	}
	/* A frame cut short makes no progress at the end (resync.c). */
	return eof && !c->mid ? CODEC_END : CODEC_OK;
}

/* A frame begins at the next byte; the dictionary stays loaded. */
static void
zstd_restart(void *ctx)
{
	struct codec *c = ctx;

	(void)fn.ZSTD_DCtx_reset(c->zs, ZSTD_reset_session_only);
	c->mid = 0;
}

static const char *
codec_reason(const void *ctx)
{
	const struct codec *c = ctx;

	return c->why;
}

/*
 * A frame's magic number, 28 b5 2f fd; not a skippable frame's: one
 * holds no data and nothing in it can be checked, so one made by chance,
 * its length any, would swallow the good frames after it.  One after
 * damage is skipped with it.
 */
static const struct resync_ops zstd_ops = {
	zstd_decode, zstd_restart, codec_reason, NULL,
	{ 0x28, 0xb5, 0x2f, 0xfd }, { 0xff, 0xff, 0xff, 0xff }
};

static int
bzip2_step(struct codec *c, const void *in, size_t *inlen, void *out,
    size_t *outlen, int eof)
{
	size_t have = *inlen;
	int r;

	if (!c->bzinit) {
		*inlen = *outlen = 0;
		if (have == 0 && eof)
			return CODEC_END;
		if (have < 3 && !eof)
			return CODEC_OK;
		if (have < 3 || memcmp(in, "BZh", 3) != 0)
			return c->started ? CODEC_GARBAGE :
			    fail(c, "%s", "not bzip2 data");
		c->started = 1;
		memset(&c->bz, 0, sizeof(c->bz));
		if (fn.BZ2_bzDecompressInit(&c->bz, 0, 0) != BZ_OK)
			return fail(c, "%s", "out of memory");
		c->bzinit = 1;
	}
	c->bz.next_in = (char *)(uintptr_t)in;
	c->bz.avail_in = (unsigned int)(have > UINT32_MAX ? UINT32_MAX : have);
	c->bz.next_out = out;
	c->bz.avail_out = (unsigned int)(*outlen > UINT32_MAX ? UINT32_MAX :
	    *outlen);
	r = fn.BZ2_bzDecompress(&c->bz);
	*inlen = (size_t)((const char *)c->bz.next_in - (const char *)in);
	*outlen = (size_t)(c->bz.next_out - (char *)out);
	if (r == BZ_STREAM_END) {
		/* Another stream may follow, as bzip2 -d reads them. */
		fn.BZ2_bzDecompressEnd(&c->bz);
		c->bzinit = 0;
		return CODEC_OK;
	}
	if (r != BZ_OK)
		return fail(c, "%s", r == BZ_MEM_ERROR ? "out of memory" :
		    "corrupt data");
	if (eof && *inlen == have && *outlen == 0)
		return CODEC_TRUNCATED;
	return CODEC_OK;
}

static int
lz4_step(struct codec *c, const void *in, size_t *inlen, void *out,
    size_t *outlen, int eof)
{
	size_t r;

	r = fn.LZ4F_decompress(c->l4, out, outlen, in, inlen, NULL);
	if (fn.LZ4F_isError(r)) {
		*inlen = *outlen = 0;
		if (!c->mid && c->started)
			return CODEC_GARBAGE;
		return fail(c, "%s", fn.LZ4F_getErrorName(r));
	}
	if (*inlen > 0 || *outlen > 0) {
		c->started = 1;
		c->mid = r != 0;
		return CODEC_OK;
	}
	if (eof)
		return c->mid ? CODEC_TRUNCATED : CODEC_END;
	return CODEC_OK;
}

/*
 * Decode from in[0..*inlen) into out[0..*outlen); both are set to what
 * was used and made.  eof: no input follows in.  CODEC_OK (call again),
 * CODEC_END (all of it decoded), CODEC_TRUNCATED (the input ended inside
 * a stream), CODEC_GARBAGE (bytes after a stream that start no other)
 * or CODEC_ERROR (codec_error() says why); for gzip and zstd also
 * CODEC_RESYNC, a damaged stretch skipped after what was made
 * (codec_damage()).
 */
int
codec_step(struct codec *c, const void *in, size_t *inlen, void *out,
    size_t *outlen, int eof)
{
	switch (c->kind) {
	case SNIFF_GZIP:
	case SNIFF_ZSTD:
		return resync_step(c->rs, in, inlen, out, outlen, eof);
	case SNIFF_XZ:
	case SNIFF_LZIP:
		return xz_step(c, in, inlen, out, outlen, eof);
	case SNIFF_BZIP2:
		return bzip2_step(c, in, inlen, out, outlen, eof);
	default:
		return lz4_step(c, in, inlen, out, outlen, eof);
	}
}

const char *
codec_error(const struct codec *c)
{
	return c->rs != NULL ? resync_error(c->rs) : c->why;
}

/* gzip and zstd go on after damage, at the next member or frame. */
int
codec_damage(const struct codec *c, struct codec_damage *d)
{
	return c->rs != NULL ? resync_damage(c->rs, d) : 0;
}

uint64_t
codec_checked(const struct codec *c)
{
	return c->rs != NULL ? resync_checked(c->rs) : UINT64_MAX;
}

void
codec_free(struct codec *c)
{
	if (c == NULL)
		return;
	resync_free(c->rs);
	if (c->kind == SNIFF_XZ || c->kind == SNIFF_LZIP)
		fn.lzma_end(&c->lz);
	if (c->zs != NULL)
		fn.ZSTD_freeDStream(c->zs);
	buf_free(&c->dict);
	if (c->bzinit)
		fn.BZ2_bzDecompressEnd(&c->bz);
	if (c->l4 != NULL)
		fn.LZ4F_freeDecompressionContext(c->l4);
	free(c);
}
