/*
 * newswire: the bytes of an input (input.c), decompressed and as UTF-8.
 *
 * Bytes come from a file descriptor or a caller's read function.  The
 * first bytes decide how the stream is compressed (sniff_codec(), never
 * the file name).  gzip (gunzip.c: ISA-L or zlib), xz, lzip, zstd,
 * bzip2 and lz4 are all driven the same way through codec.c, members or
 * streams one after the other, so a truncated file, corrupt data and
 * trailing garbage are each told apart and reported instead of being
 * dropped silently, and every format says the same things in the same
 * words; compress(1), rare now, goes through libarchive's filter.
 *
 * A gzip file of many members, or a zstd file of many frames, goes on
 * after a corrupt one, at the next (resync.c): the damage is reported,
 * the input counts as failed, and the decoded bytes have a gap there,
 * where input_decoded_read() stops, with in->gap set, for input.c to
 * pass it.
 *
 * Decompressed bytes that start with a UTF-16 byte order mark (what
 * Windows tools write as "Unicode" text) are UTF-16, and become UTF-8
 * before anything else sees them, so that every reader, and every sniff
 * of what a stream holds, meets UTF-8; a stream without the mark, or
 * one that starts with a tar header (its first name may start so), is
 * passed on untouched.  A lone surrogate, or an odd byte at the end,
 * becomes U+FFFD and is counted.  UTF-32 behind its mark (FF FE 00 00,
 * 00 00 FE FF; rare, but iconv and Python write it) is read the same
 * way, a unit that is no character or the bytes of a unit cut short at
 * the end becoming U+FFFD.
 */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nw-private.h"
#include "input.h"

#define DETECT_SIZE	4096	/* the bytes read to detect a codec */
#define U16_SIZE	(64 * 1024)	/* UTF-16 read at a time */
#define U16_SNIFF	SNIFF_SIZE	/* looked at for UTF-16 without a mark */

/* Whether a read of fd would return at once (data, end or an error). */
static int
input_ready(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int rc;

	while ((rc = poll(&pfd, 1, 0)) == -1 && errno == EINTR)
		;
	return rc != 0;
}

/* One read from the source into p.  0 at end, -1 on error (reported). */
static ssize_t
raw_read(struct input *in, void *p, size_t n)
{
	ssize_t r;

	if (in->raweof)
		return 0;
	if ((in->flags & INPUT_FLUSH_IDLE) && in->readfn == NULL &&
	    !input_ready(in->fd))
		out_flush();
	for (;;) {
		if (in->readfn != NULL)
			r = in->readfn(in->ctx, p, n);
		else
			r = read(in->fd, p, n);
		if (r == -1 && errno == EINTR && in->readfn == NULL)
			continue;
		break;
	}
	if (r == -1) {
		if (in->readfn == NULL)
			warn("%s", in->name);
		in->failed = 1;
		in->raweof = 1;
		return -1;
	}
	if (r == 0)
		in->raweof = 1;
	return r;
}

/*
 * Refill the raw buffer, keeping unread bytes.  0 at end, -1 on error,
 * -2 when it is full of unread bytes: a read of none would be taken for
 * the end of the input.
 */
static ssize_t
raw_fill(struct input *in)
{
	ssize_t n;

	if (in->rawpos > 0) {
		memmove(in->raw, in->raw + in->rawpos, in->rawlen - in->rawpos);
		in->rawlen -= in->rawpos;
		in->rawpos = 0;
	}
	if (in->rawlen == RAW_SIZE)
		return -2;
	if ((n = raw_read(in, in->raw + in->rawlen, RAW_SIZE - in->rawlen)) > 0)
		in->rawlen += (size_t)n;
	return n;
}

static void
input_fail(struct input *in, const char *why)
{
	warnx("%s: %s", in->name, why);
	in->failed = 1;
	in->mode = MODE_DONE;
}

/* Raw bytes for libarchive: those read to detect the codec first. */
static ssize_t
coded_read(void *ctx, void *p, size_t n)
{
	struct input *in = ctx;
	size_t k;

	if (in->rawpos == in->rawlen)
		return raw_read(in, p, n);
	k = in->rawlen - in->rawpos;
	if (k > n)
		k = n;
	memcpy(p, in->raw + in->rawpos, k);
	in->rawpos += k;
	return (ssize_t)k;
}

static void
detect(struct input *in)
{
	const char *path;
	ssize_t n;
	int rc;

	/*
	 * A few bytes, not the whole raw buffer: plain text is read into
	 * the line buffer after them, and the raw buffer's pages, never
	 * touched, cost nothing.  After skippable frames, up to the magic
	 * of the frame after them, as far as DETECT_SIZE: what a pipe
	 * gives in small writes is judged as the file of its bytes.
	 */
	while (in->rawlen < DETECT_SIZE && in->rawlen <
	    sniff_codec_need(in->raw, in->rawlen) && !in->raweof) {
		if ((n = raw_read(in, in->raw + in->rawlen,
		    DETECT_SIZE - in->rawlen)) < 0)
			break;
		in->rawlen += (size_t)n;
	}
	in->codec = sniff_codec(in->raw, in->rawlen);
	switch (in->codec) {
	case SNIFF_PLAIN:
		in->mode = MODE_PLAIN;
		break;
	default:
		if ((in->codec_state = codec_new(in->codec, in->flags)) !=
		    NULL) {
			in->mode = MODE_CODEC;
			break;
		}
		in->mode = MODE_DONE;
		if ((in->ar = archive_reader_open(coded_read, in, in->name,
		    ARCHIVE_READER_RAW)) == NULL) {
			in->failed = 1;
			break;
		}
		if ((rc = archive_reader_next(in->ar, &path)) == 1)
			in->mode = MODE_ARCHIVE;
		else if (rc < 0)
			in->failed = 1;
		break;
	}
}

static ssize_t
archive_data(struct input *in, void *p, size_t n)
{
	const char *why;
	ssize_t got;

	if ((got = archive_reader_read(in->ar, p, n)) >= 0)
		return got;
	if ((why = archive_reader_reason(in->ar)) != NULL)
		warnx("%s: %s", in->name, why);
	in->failed = 1;
	in->mode = MODE_DONE;
	return -1;
}

static void
codec_fail(struct input *in, const char *fmt)
{
	char why[96];

	snprintf(why, sizeof(why), fmt, sniff_codec_name(in->codec));
	input_fail(in, why);
}

/*
 * A damaged stretch the decoder went past to the next member (found),
 * or found no member after: reported, with where it starts in the
 * compressed bytes.  The bytes decoded so far end at a gap.  0 when the
 * decoder has no such stretch to tell of.
 */
static int
codec_damaged(struct input *in)
{
	struct codec_damage d;
	const char *unit = in->codec == SNIFF_GZIP ? "member" : "frame";

	if (codec_damage(in->codec_state, &d) == 0)
		return 0;
	if (d.found)
		warnx("%s: invalid %s data at byte %" PRIu64 " (%s): %" PRIu64
		    " bytes skipped to the next %s", in->name,
		    sniff_codec_name(in->codec), d.from, d.why, d.to - d.from,
		    unit);
	else
		warnx("%s: invalid %s data at byte %" PRIu64 " (%s): no "
		    "%s after it", in->name, sniff_codec_name(in->codec),
		    d.from, d.why, unit);
	in->failed = 1;
	in->gap = 1;
	in->gaplost = d.lost;
	return 1;
}

/*
 * Decoded bytes through codec.c: what was decoded before a fault is
 * handed on, then the fault is reported.  More is read only once the
 * decoder makes nothing of what it has: a decoder can take in all the
 * bytes read and still hold what they decode to (ISA-L, zstd, bzip2
 * and lz4 do when the caller's buffer is full), and a read that waits
 * on a live feed must not keep those back (INPUT_FLUSH_IDLE).
 */
static ssize_t
codec_read(struct input *in, void *p, size_t n)
{
	size_t used, made, total = 0;
	ssize_t r;
	int rc, eof;

	while (total == 0 && in->mode == MODE_CODEC && !in->gap) {
		eof = in->raweof;
		used = in->rawlen - in->rawpos;
		made = n - total;
		rc = codec_step(in->codec_state, in->raw + in->rawpos, &used,
		    (char *)p + total, &made, eof);
		in->rawpos += used;
		total += made;
		switch (rc) {
		case CODEC_OK:
			if (used > 0 || made > 0)
				break;
			if (eof)
				codec_fail(in, "unexpected end of file "
				    "(truncated %s data)");
			else if ((r = raw_fill(in)) == -2)
				/* No decoder may stall on a full buffer. */
				codec_fail(in, "%s decoder stalled");
			else if (r < 0)		/* it needs more */
				in->mode = MODE_DONE;
			break;
		case CODEC_END:
			in->mode = MODE_DONE;
			break;
		case CODEC_TRUNCATED:
			codec_fail(in, "unexpected end of file (truncated %s "
			    "data)");
			break;
		case CODEC_GARBAGE:
			codec_fail(in, "trailing garbage after %s data");
			break;
		case CODEC_RESYNC:
			(void)codec_damaged(in);
			break;
		default:
			if (!codec_damaged(in))
				warnx("%s: invalid %s data: %s", in->name,
				    sniff_codec_name(in->codec),
				    codec_error(in->codec_state));
			in->failed = 1;
			in->mode = MODE_DONE;
			break;
		}
	}
	return (ssize_t)total;
}

/* Up to n decompressed bytes; 0 at end or at a gap (in->gap), -1. */
static ssize_t
bytes_read(struct input *in, void *p, size_t n)
{
	if (in->gap)
		return 0;
	switch (in->mode) {
	case MODE_CODEC:
		return codec_read(in, p, n);
	case MODE_ARCHIVE:
		return archive_data(in, p, n);
	case MODE_PLAIN:
		/* Once the bytes read for detection are used up, plain text
		 * goes straight into the caller's buffer, with no copy. */
		return coded_read(in, p, n);
	default:
		return in->failed ? -1 : 0;
	}
}

/*
 * Whether the decompressed bytes are UTF-16 (sniff_utf16(): behind a
 * byte order mark, or plainly so in the first U16_SNIFF bytes, or all
 * there are: as many as format sniffing looks at, however the reads
 * cut them).  The bytes looked at are handed on first when they are not.
 */
static void
bom_detect(struct input *in)
{
	unsigned char b[U16_SNIFF];
	size_t k = 0, skip;
	ssize_t got;

	while (k < sizeof(b) && (got = bytes_read(in, b + k,
	    sizeof(b) - k)) > 0)
		k += (size_t)got;
	switch (sniff_utf16(b, k, &skip)) {
	case SNIFF_UTF16LE:
		in->bom = BOM_UTF16LE;
		break;
	case SNIFF_UTF16BE:
		in->bom = BOM_UTF16BE;
		break;
	case SNIFF_UTF32LE:
		in->bom = BOM_UTF32LE;
		break;
	case SNIFF_UTF32BE:
		in->bom = BOM_UTF32BE;
		break;
	default:
		in->bom = BOM_NONE;
		buf_add(&in->u8, (const char *)b, k);
		return;
	}
	in->u16 = xmalloc(U16_SIZE);
	memcpy(in->u16, b + skip, k - skip);
	in->u16len = k - skip;
	in->u16off = skip;
}

static void
u8_put(struct buf *b, uint32_t cp)
{
	char s[4];

	buf_add(b, s, utf8_encode((int32_t)cp, s));
}

/*
 * A code unit that is no character (a lone surrogate; in UTF-32, one
 * past U+10FFFF too), or the bytes of one cut short at the end, at
 * offset off: U+FFFD, or with INPUT_STRICT the end of the input, with
 * an error.
 */
static int
unit_bad(struct input *in, uint64_t off)
{
	int utf32 = in->bom == BOM_UTF32LE || in->bom == BOM_UTF32BE;

	if (in->flags & INPUT_STRICT) {
		warnx("%s: byte %" PRIu64 ": invalid UTF-%d", in->name, off,
		    utf32 ? 32 : 16);
		in->failed = 1;
		in->u16eof = U16_END;
		in->u16len = 0;
		return -1;
	}
	u8_put(&in->u8, 0xfffd);
	if (utf32)
		in->nbad32++;
	else
		in->nbad16++;
	return 0;
}

/*
 * Convert the whole code units of in->u16 to UTF-8 in in->u8, keeping
 * an odd byte, and at the end of the stream what is left undone.
 */
static void
utf16_convert(struct input *in)
{
	const unsigned char *p = in->u16;
	size_t i;
	uint32_t u;

	for (i = 0; i + 2 <= in->u16len; i += 2) {
		u = in->bom == BOM_UTF16LE ? (uint32_t)p[i] | p[i + 1] << 8 :
		    (uint32_t)p[i] << 8 | p[i + 1];
		if (in->u16high != 0) {
			if (u >= 0xdc00 && u <= 0xdfff) {
				u8_put(&in->u8, 0x10000 + ((in->u16high -
				    0xd800) << 10) + (u - 0xdc00));
				in->u16high = 0;
				continue;
			}
			in->u16high = 0;
			if (unit_bad(in, in->u16off + i - 2) == -1)
				return;
		}
		if (u >= 0xd800 && u <= 0xdbff)
			in->u16high = u;
		else if (u >= 0xdc00 && u <= 0xdfff) {
			if (unit_bad(in, in->u16off + i) == -1)
				return;
		} else
			u8_put(&in->u8, u);
	}
	if (i < in->u16len)
		in->u16[0] = in->u16[i];
	in->u16off += i;
	in->u16len -= i;
	if (in->u16eof && (in->u16high != 0 || in->u16len > 0)) {
		(void)unit_bad(in, in->u16off - (in->u16high != 0 ? 2 : 0));
		in->u16high = 0;
		in->u16len = 0;
	}
}

/*
 * Convert the whole code units of in->u16, read as UTF-32, to UTF-8 in
 * in->u8, keeping the bytes of a unit cut short, and at the end of the
 * stream what is left of one.
 */
static void
utf32_convert(struct input *in)
{
	const unsigned char *p = in->u16;
	size_t i;
	uint32_t u;

	for (i = 0; i + 4 <= in->u16len; i += 4) {
		u = utf32_unit(p + i, in->bom == BOM_UTF32LE);
		if (utf32_invalid(u)) {
			if (unit_bad(in, in->u16off + i) == -1)
				return;
		} else
			u8_put(&in->u8, u);
	}
	memmove(in->u16, in->u16 + i, in->u16len - i);
	in->u16off += i;
	in->u16len -= i;
	if (in->u16eof && in->u16len > 0) {
		(void)unit_bad(in, in->u16off);
		in->u16len = 0;
	}
}

/*
 * Up to n decompressed bytes, past the line buffer; 0 at end or at a
 * gap (in->gap), -1.  UTF-16 or UTF-32 cut by a gap is ended there as
 * at the end.
 */
ssize_t
input_decoded_read(struct input *in, void *p, size_t n)
{
	size_t k;
	ssize_t got;

	if (in->mode == MODE_UNKNOWN)
		detect(in);
	if (n == 0)
		return 0;
	if (in->bom == BOM_UNKNOWN) {
		if (in->flags & INPUT_BYTES)
			in->bom = BOM_NONE;
		else
			bom_detect(in);
	}
	for (;;) {
		if (in->u8pos < in->u8.len) {
			k = in->u8.len - in->u8pos;
			if (k > n)
				k = n;
			memcpy(p, in->u8.data + in->u8pos, k);
			in->u8pos += k;
			return (ssize_t)k;
		}
		in->u8pos = 0;
		buf_clear(&in->u8);
		if (in->bom == BOM_NONE)
			return bytes_read(in, p, n);
		if (in->u16eof)
			return in->u16eof == U16_GAP || !in->failed ? 0 : -1;
		got = bytes_read(in, in->u16 + in->u16len,
		    U16_SIZE - in->u16len);
		if (got > 0)
			in->u16len += (size_t)got;
		else
			in->u16eof = got == 0 && in->gap ? U16_GAP : U16_END;
		if (in->bom == BOM_UTF32LE || in->bom == BOM_UTF32BE)
			utf32_convert(in);
		else
			utf16_convert(in);
	}
}

uint64_t
input_checked(const struct input *in)
{
	return in->codec_state != NULL ? codec_checked(in->codec_state) :
	    UINT64_MAX;
}

int
input_codec(struct input *in)
{
	if (in->mode == MODE_UNKNOWN)
		detect(in);
	return in->codec;
}

/* Whether the bytes handed out were converted from UTF-16 or UTF-32. */
int
input_utf16(const struct input *in)
{
	return in->bom == BOM_UTF16LE || in->bom == BOM_UTF16BE ||
	    in->bom == BOM_UTF32LE || in->bom == BOM_UTF32BE;
}
