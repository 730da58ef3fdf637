/*
 * newswire: reading an operand.
 *
 * Bytes come from a file descriptor or a caller's read function.  The
 * first bytes decide how the stream is compressed (sniff_codec(), never
 * the file name).  gzip (gunzip.c: ISA-L or zlib), xz, lzip, zstd,
 * bzip2 and lz4 are all driven the same way through codec.c, members or
 * streams one after the other, so a truncated file, corrupt data and
 * trailing garbage are each told apart and reported instead of being
 * dropped silently, and every format says the same things in the same
 * words; compress(1), rare now, goes through libarchive's filter.  Lines are cut from a
 * block buffer that grows as needed, so there is no limit on line length.
 *
 * A gzip file of many members goes on after a corrupt one, at the next
 * member (gunzip.c): the damage is reported, the input counts as failed,
 * and the decoded bytes have a gap there.  No line is made of bytes from
 * both sides of a gap (a line cut by one ends there, as a line the input
 * ends inside does), and a reader that must know where a gap is, as the
 * WARC reader must, to drop the record it cuts, reads with
 * input_read_part().
 *
 * Decompressed bytes that start with a UTF-16 byte order mark (what
 * Windows tools write as "Unicode" text) are UTF-16, and become UTF-8
 * before anything else sees them, so that every reader, and every sniff
 * of what a stream holds, meets UTF-8; a stream without the mark, or
 * one that starts with a tar header (its first name may start so), is
 * passed on untouched.  A lone surrogate, or an odd byte at the end,
 * becomes U+FFFD and is counted.
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#include <immintrin.h>
#endif

#include "nw-private.h"

#define RAW_SIZE	(128 * 1024)
#define LINE_SIZE	(128 * 1024)
#define DETECT_SIZE	4096	/* the bytes read to detect a codec */
#define U16_SIZE	(64 * 1024)	/* UTF-16 read at a time */
#define U16_SNIFF	SNIFF_SIZE	/* looked at for UTF-16 without a mark */

enum {
	MODE_UNKNOWN, MODE_PLAIN, MODE_CODEC, MODE_ARCHIVE, MODE_DONE
};

enum {
	BOM_UNKNOWN, BOM_NONE, BOM_UTF16LE, BOM_UTF16BE
};

enum {
	U16_MORE, U16_END, U16_GAP	/* in->u16eof */
};

struct input {
	char		*name;
	char		*id;		/* the name as a record's id */
	int		 fd;
	int		 close_fd;
	input_read_fn	 readfn;
	void		*ctx;
	int		 flags;
	int		 failed;

	/* Raw bytes, and their decoder when they are compressed. */
	unsigned char	*raw;
	size_t		 rawpos, rawlen;
	int		 raweof;
	int		 mode;
	int		 codec;		/* SNIFF_PLAIN, SNIFF_GZIP, ... */
	struct codec	*codec_state;	/* gzip, xz, lzip, zstd, bzip2, lz4 */
	int		 gap;		/* the bytes decoded end at a gap */
	uint64_t	 gaplost;	/* how many came from the damage */
	struct archive_reader *ar;	/* compress(1) */

	/* Decompressed bytes as UTF-8: after a UTF-16 byte order mark. */
	int		 bom;
	unsigned char	*u16;		/* UTF-16 not yet converted */
	size_t		 u16len;
	int		 u16eof;	/* U16_END, U16_GAP */
	uint32_t	 u16high;	/* a high surrogate, waiting */
	uint64_t	 u16off;	/* the offset of u16[0] */
	struct buf	 u8;		/* converted, or bytes looked at */
	size_t		 u8pos;

	/* Decompressed bytes, cut into lines. */
	char		*buf;
	size_t		 cap, start, scan, end;
	int		 eof;
	int		 unended;	/* the last line had no LF */
	struct buf	 fix, c1fix;
	uint64_t	 lineno;
	uint64_t	 nbad, nnul, nc1, nbad16;
};

/*
 * The buffers of the last closed input, kept for the next one: an archive
 * of a hundred thousand small members opens as many inputs, and freeing
 * and reallocating 256 KiB each time makes the allocator trim and grow
 * the heap with a system call per member.
 */
static unsigned char	*spare_raw;
static char		*spare_buf;
static size_t		 spare_cap;

static struct input *
input_new(const char *name, int flags)
{
	struct input *in;

	in = xcalloc(1, sizeof(*in));
	in->name = xstrdup(name);
	in->fd = -1;
	in->flags = flags;
	if (spare_raw != NULL) {
		in->raw = spare_raw;
		in->buf = spare_buf;
		in->cap = spare_cap;
		spare_raw = NULL;
		spare_buf = NULL;
		spare_cap = 0;
	} else
		in->raw = xmalloc(RAW_SIZE);
	return in;
}

struct input *
input_open_fd(int fd, const char *name, int flags)
{
	struct input *in;

	in = input_new(name, flags);
	in->fd = fd;
	return in;
}

/*
 * A regular file that is also standard output ('nw-normalize *.rec
 * >all.rec', all.rec left from an earlier run) would be read while the
 * tool appends to it, its own output read back without end until the
 * disk is full: it is refused, as cat(1) refuses it, whatever its name
 * (by device and inode).  -1 after a message.
 */
int
input_check_output(int fd, const char *name)
{
	struct stat in, out;

	if (fstat(fd, &in) == 0 && S_ISREG(in.st_mode) &&
	    fstat(STDOUT_FILENO, &out) == 0 && S_ISREG(out.st_mode) &&
	    in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
		warnx("%s: is the output file", name);
		return -1;
	}
	return 0;
}

struct input *
input_open(const char *path, int flags)
{
	struct input *in;
	int fd;

	if (strcmp(path, "-") == 0) {
		if (input_check_output(STDIN_FILENO, "-") == -1)
			return NULL;
		return input_open_fd(STDIN_FILENO, "-", flags);
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		warn("%s", path);
		return NULL;
	}
	if (input_check_output(fd, path) == -1) {
		(void)close(fd);
		return NULL;
	}
	in = input_open_fd(fd, path, flags);
	in->close_fd = 1;
	return in;
}

struct input *
input_open_reader(input_read_fn fn, void *ctx, const char *name, int flags)
{
	struct input *in;

	in = input_new(name, flags);
	in->readfn = fn;
	in->ctx = ctx;
	return in;
}

const char *
input_name(const struct input *in)
{
	return in->name;
}

/*
 * The id of a bare text record of this input: its name, made a valid id
 * as nw-split makes one of a file name (valid UTF-8, control characters
 * as '?'), so that a name with a TAB or LF cannot break the records a
 * tool writes.  Made the first time it is asked for.
 */
const char *
input_id(struct input *in)
{
	struct buf b = { 0 };

	if (in->id == NULL) {
		utf8_id_add(&b, in->name, strlen(in->name));
		buf_addc(&b, '\0');
		in->id = b.data;
	}
	return in->id;
}

uint64_t
input_lineno(const struct input *in)
{
	return in->lineno;
}

/* Whether the last line input_line() gave ended the input with no LF. */
int
input_line_unended(const struct input *in)
{
	return in->unended;
}

/* Whether the bytes handed out were converted from UTF-16. */
int
input_utf16(const struct input *in)
{
	return in->bom == BOM_UTF16LE || in->bom == BOM_UTF16BE;
}

int
input_failed(const struct input *in)
{
	return in->failed;
}

/*
 * Add from's repairs to to's and clear them, so that they are reported
 * once, when to is closed: a document's with the file that holds it.
 */
void
input_repairs_move(struct input *to, struct input *from)
{
	to->nbad += from->nbad;
	to->nnul += from->nnul;
	to->nc1 += from->nc1;
	to->nbad16 += from->nbad16;
	from->nbad = from->nnul = from->nc1 = from->nbad16 = 0;
}

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

/* Refill the raw buffer, keeping unread bytes.  0 at end, -1 on error. */
static ssize_t
raw_fill(struct input *in)
{
	ssize_t n;

	if (in->rawpos > 0) {
		memmove(in->raw, in->raw + in->rawpos, in->rawlen - in->rawpos);
		in->rawlen -= in->rawpos;
		in->rawpos = 0;
	}
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
	 * touched, cost nothing.
	 */
	while (in->rawlen < 16 && !in->raweof) {
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

	if (codec_damage(in->codec_state, &d) == 0)
		return 0;
	if (d.found)
		warnx("%s: invalid %s data at byte %" PRIu64 " (%s): %" PRIu64
		    " bytes skipped to the next member", in->name,
		    sniff_codec_name(in->codec), d.from, d.why, d.to - d.from);
	else
		warnx("%s: invalid %s data at byte %" PRIu64 " (%s): no "
		    "member after it", in->name, sniff_codec_name(in->codec),
		    d.from, d.why);
	in->failed = 1;
	in->gap = 1;
	in->gaplost = d.lost;
	return 1;
}

/* Read on after a gap. */
static void
gap_pass(struct input *in)
{
	in->gap = 0;
	in->gaplost = 0;
	if (in->u16eof == U16_GAP)
		in->u16eof = U16_MORE;
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
			else if (raw_fill(in) < 0)	/* it needs more */
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
 * A lone surrogate, or an odd byte at the end, at offset off: U+FFFD,
 * or with INPUT_STRICT the end of the input, with an error.
 */
static int
utf16_bad(struct input *in, uint64_t off)
{
	if (in->flags & INPUT_STRICT) {
		warnx("%s: byte %" PRIu64 ": invalid UTF-16", in->name, off);
		in->failed = 1;
		in->u16eof = U16_END;
		in->u16len = 0;
		return -1;
	}
	u8_put(&in->u8, 0xfffd);
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
			if (utf16_bad(in, in->u16off + i - 2) == -1)
				return;
		}
		if (u >= 0xd800 && u <= 0xdbff)
			in->u16high = u;
		else if (u >= 0xdc00 && u <= 0xdfff) {
			if (utf16_bad(in, in->u16off + i) == -1)
				return;
		} else
			u8_put(&in->u8, u);
	}
	if (i < in->u16len)
		in->u16[0] = in->u16[i];
	in->u16off += i;
	in->u16len -= i;
	if (in->u16eof && (in->u16high != 0 || in->u16len > 0)) {
		(void)utf16_bad(in, in->u16off - (in->u16high != 0 ? 2 : 0));
		in->u16high = 0;
		in->u16len = 0;
	}
}

/*
 * Up to n decompressed bytes, past the line buffer; 0 at end or at a
 * gap (in->gap), -1.  UTF-16 cut by a gap is ended there as at the end.
 */
static ssize_t
decoded_read(struct input *in, void *p, size_t n)
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
		utf16_convert(in);
	}
}

/*
 * Up to n decompressed bytes; 0 at end of input, -1 after an error.  A
 * gap is passed: the bytes after it follow those before.
 */
ssize_t
input_read(struct input *in, void *p, size_t n)
{
	ssize_t got;
	size_t k;

	if (in->start == in->end) {
		while ((got = decoded_read(in, p, n)) == 0 && in->gap && n > 0)
			gap_pass(in);
		return got;
	}
	/* What input_peek() or input_line() buffered comes first. */
	k = in->end - in->start;
	if (k > n)
		k = n;
	memcpy(p, in->buf + in->start, k);
	in->start += k;
	if (in->scan < in->start)
		in->scan = in->start;
	return (ssize_t)k;
}

ssize_t
input_read_part(struct input *in, void *p, size_t n, uint64_t *lost)
{
	ssize_t got;

	if (in->start < in->end)
		return input_read(in, p, n);
	if ((got = decoded_read(in, p, n)) == 0 && in->gap && n > 0) {
		*lost = in->gaplost;
		gap_pass(in);
		return -2;
	}
	return got;
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

/* Make sure the line buffer has room to read more; keep [start, end). */
static void
line_room(struct input *in)
{
	if (in->start > 0) {
		memmove(in->buf, in->buf + in->start, in->end - in->start);
		in->scan -= in->start;
		in->end -= in->start;
		in->start = 0;
	}
	if (in->cap - in->end < LINE_SIZE / 2) {
		in->cap = in->cap ? in->cap * 2 : LINE_SIZE;
		in->buf = xreallocarray(in->buf, in->cap, 1);
	}
}

#if defined(__SSE2__) && defined(__GNUC__) && \
    (defined(__x86_64__) || defined(__i386__))
#define LINE_PLAIN_AVX2
/* The first of line_plain()'s passes, 32 bytes a step; where it stopped. */
__attribute__((target("avx2")))
static size_t
line_plain_avx2(const unsigned char *p, size_t len, int *bad)
{
	const __m256i zero = _mm256_setzero_si256(),
	    cr = _mm256_set1_epi8('\r');
	__m256i v;
	size_t i = 0;

	for (; len - i >= 32; i += 32) {
		v = _mm256_loadu_si256((const __m256i *)(const void *)(p + i));
		v = _mm256_or_si256(v, _mm256_or_si256(_mm256_cmpeq_epi8(v,
		    zero), _mm256_cmpeq_epi8(v, cr)));
		if (_mm256_movemask_epi8(v) != 0) {
			*bad = 1;
			break;
		}
	}
	return i;
}
#endif

/*
 * 1 if line[0..len) is ASCII with no NUL or CR: nothing in it for
 * line_repair() to mend (a byte order mark is not ASCII), which holds
 * for most lines of most text and is found in one pass instead of one
 * for each repair.  32 bytes a step where the processor has AVX2,
 * then 16, then 8.
 */
static int
line_plain(const char *line, size_t len)
{
	const unsigned char *p = (const unsigned char *)line;
	size_t i = 0;
	uint64_t w;

#ifdef LINE_PLAIN_AVX2
	int bad = 0;

	if (__builtin_cpu_supports("avx2")) {
		i = line_plain_avx2(p, len, &bad);
		if (bad)
			return 0;
	}
#endif
#ifdef __SSE2__
	const __m128i zero = _mm_setzero_si128(), cr = _mm_set1_epi8('\r');
	__m128i v;

	for (; len - i >= 16; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		v = _mm_or_si128(v, _mm_or_si128(_mm_cmpeq_epi8(v, zero),
		    _mm_cmpeq_epi8(v, cr)));
		if (_mm_movemask_epi8(v) != 0)
			return 0;
	}
#endif
	for (; len - i >= 8; i += 8) {
		memcpy(&w, p + i, 8);
		if (((w & SWAR_HIGHS) | swar_bytes_equal(w, '\0') |
		    swar_bytes_equal(w, '\r')) != 0)
			return 0;
	}
	for (; i < len; i++)
		if (p[i] >= 0x80 || p[i] == '\0' || p[i] == '\r')
			return 0;
	return 1;
}

static char *
line_repair(struct input *in, char *line, size_t *lenp)
{
	size_t len = *lenp;
	char *p;

	if (line_plain(line, len))
		return line;

	if (in->lineno == 1 && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
		line += 3;
		len -= 3;
	}
	for (p = line; (p = memchr(p, '\0', len - (size_t)(p - line))) != NULL;
	    p++) {
		if (in->flags & INPUT_STRICT) {
			warnx("%s: line %" PRIu64 ": NUL byte", in->name,
			    in->lineno);
			return NULL;
		}
		*p = ' ';
		in->nnul++;
	}
	for (p = line; (p = memchr(p, '\r', len - (size_t)(p - line))) != NULL;
	    p++)
		*p = ' ';
	*lenp = len;
	if ((in->flags & (INPUT_UTF8_LATER | INPUT_STRICT)) == INPUT_UTF8_LATER)
		return line;
	return input_line_repair(in, line, lenp);
}

/*
 * The UTF-8 of a line made valid and its C1 controls mended: part of
 * every line's repairs, done by the caller with INPUT_UTF8_LATER.
 */
char *
input_line_repair(struct input *in, char *line, size_t *lenp)
{
	size_t len = *lenp, ok;

	ok = utf8_valid_prefix(line, len);
	if (ok < len) {
		if (in->flags & INPUT_STRICT) {
			warnx("%s: line %" PRIu64 ": invalid UTF-8", in->name,
			    in->lineno);
			return NULL;
		}
		buf_clear(&in->fix);
		buf_add(&in->fix, line, ok);
		in->nbad += utf8_repair(&in->fix, line + ok, len - ok);
		line = buf_cstr(&in->fix);
		len = in->fix.len;
	}
	if (utf8_has_c1(line, len)) {
		buf_clear(&in->c1fix);
		in->nc1 += utf8_c1_mend(&in->c1fix, line, len, ' ');
		line = buf_cstr(&in->c1fix);
		len = in->c1fix.len;
	}
	*lenp = len;
	return line;
}

/* The next line, cut and its CR taken off, not repaired; NULL at end. */
static inline char *
line_cut(struct input *in, size_t *lenp)
{
	char *line, *lf;
	size_t len;
	ssize_t n;

	for (;;) {
		lf = NULL;
		if (in->scan < in->end)
			lf = memchr(in->buf + in->scan, '\n', in->end - in->scan);
		if (lf != NULL) {
			line = in->buf + in->start;
			len = (size_t)(lf - line);
			in->start = in->scan = (size_t)(lf - in->buf) + 1;
			in->unended = 0;
			break;
		}
		in->scan = in->end;
		if (in->eof) {
			if (in->start == in->end)
				return NULL;
			line = in->buf + in->start;
			len = in->end - in->start;
			in->start = in->scan = in->end;
			in->unended = 1;
			break;
		}
		line_room(in);
		n = decoded_read(in, in->buf + in->end, in->cap - in->end - 1);
		if (n > 0)
			in->end += (size_t)n;
		else if (!in->gap)
			in->eof = 1;
		else if (in->start == in->end)
			gap_pass(in);
		else {
			/* A gap ends the line it cuts. */
			line = in->buf + in->start;
			len = in->end - in->start;
			in->start = in->scan = in->end;
			in->unended = 1;
			gap_pass(in);
			break;
		}
	}
	in->lineno++;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	line[len] = '\0';
	*lenp = len;
	return line;
}

char *
input_line(struct input *in, size_t *lenp)
{
	char *line, *fixed;
	size_t len;

	while ((line = line_cut(in, &len)) != NULL) {
		if ((fixed = line_repair(in, line, &len)) != NULL) {
			*lenp = len;
			return fixed;
		}
		/* A line --strict refuses: the input ends, or just the line. */
		in->failed = 1;
		if (!(in->flags & INPUT_EACH_LINE)) {
			in->eof = 1;
			in->start = in->scan = in->end;
			return NULL;
		}
	}
	return NULL;
}

/*
 * Look at the first n decompressed bytes without taking them: they stay
 * in the line buffer for input_line() and input_read().  Fewer at the
 * end, or at a gap.
 */
const char *
input_peek(struct input *in, size_t n, size_t *lenp)
{
	ssize_t got;

	while (in->end - in->start < n && !in->eof && !in->gap) {
		line_room(in);
		got = decoded_read(in, in->buf + in->end,
		    in->cap - in->end - 1);
		if (got > 0)
			in->end += (size_t)got;
		else if (!in->gap)
			in->eof = 1;
	}
	*lenp = in->end - in->start;
	return in->buf != NULL ? in->buf + in->start : "";
}

/* The repairs made to the input, one line each kind. */
static void
repairs_report(const struct input *in)
{
	if (in->nbad > 0)
		warnx("%s: %" PRIu64 " invalid UTF-8 sequence%s replaced "
		    "with U+FFFD", in->name, in->nbad, in->nbad == 1 ? "" : "s");
	if (in->nnul > 0)
		warnx("%s: %" PRIu64 " NUL byte%s replaced with space%s",
		    in->name, in->nnul, in->nnul == 1 ? "" : "s",
		    in->nnul == 1 ? "" : "s");
	if (in->nc1 > 0)
		warnx("%s: %" PRIu64 " C1 control character%s read as "
		    "Windows-1252", in->name, in->nc1, in->nc1 == 1 ? "" : "s");
	if (in->nbad16 > 0)
		warnx("%s: %" PRIu64 " invalid UTF-16 sequence%s replaced "
		    "with U+FFFD", in->name, in->nbad16,
		    in->nbad16 == 1 ? "" : "s");
}

int
input_close(struct input *in)
{
	int failed;

	if (!(in->flags & INPUT_REREAD))
		repairs_report(in);
	if (in->close_fd && close(in->fd) == -1) {
		warn("%s", in->name);
		in->failed = 1;
	}
	archive_reader_close(in->ar);
	codec_free(in->codec_state);
	failed = in->failed;
	free(in->name);
	free(in->id);
	if (spare_raw == NULL && in->cap <= 4 * LINE_SIZE) {
		spare_raw = in->raw;
		spare_buf = in->buf;
		spare_cap = in->cap;
	} else {
		free(in->raw);
		free(in->buf);
	}
	buf_free(&in->fix);
	buf_free(&in->c1fix);
	buf_free(&in->u8);
	free(in->u16);
	free(in);
	return failed ? -1 : 0;
}
