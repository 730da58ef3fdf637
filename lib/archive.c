/*
 * newswire: the members of an archive, through libarchive.
 *
 * tar (plain or compressed with gzip, bzip2, xz, lzma, lzip, zstd, lz4
 * or compress), zip and 7z are read as a stream: each regular file is
 * handed out in turn and its data read on demand, so nothing is
 * unpacked to disk and memory grows with no member's data.  A single
 * compressed file that is no archive (notes.txt.xz) comes out as one
 * member, marked raw.  Bytes come from a read function, or straight from
 * a regular file, which can then be skipped through and seeked in: zip
 * and 7z read their directory at the end.
 *
 * A tar's hard links, which share the data of a member before them, are
 * kept track of in archivelink.c; a zip's directory is held against the
 * file, and what follows a zip read, in archivezip.c.
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include "nw-private.h"
#include "archivelink.h"

#define BLOCK_SIZE	(64 * 1024)

/*
 * libarchive is loaded with the first archive (lazylib.c): it brings
 * libxml2, ICU and the C++ runtime, megabytes mapped and relocated in
 * every run of every tool otherwise, most of which never meet an archive.
 */
#ifndef NW_SONAME_ARCHIVE
#define NW_SONAME_ARCHIVE	"libarchive.so"
#endif
struct libarchive_fns libarchive;
#define LA_SYM(f)	LAZYLIB_SYM(libarchive, f)
static struct lazylib archive_lib =
    LAZYLIB_INIT(NW_SONAME_ARCHIVE, ARCHIVE_FNS(LA_SYM));

/*
 * Keep what of the n bytes at offset at, which come in order, lies in the
 * first 512-byte block at or after header_at that is not all zeros: the
 * tar's next header, past any end-of-archive blocks before it.
 */
static void
head_keep(struct archive_reader *ar, const unsigned char *p, la_int64_t at,
    size_t n)
{
	la_int64_t end = at + (la_int64_t)n, from, to;

	if (ar->header_at < 0)
		return;
	if (ar->head_at < 0) {
		if (at > ar->zeros_to || end <= ar->zeros_to)
			return;
		ar->zeros_to += (la_int64_t)sniff_zeros(p + (ar->zeros_to - at),
		    (size_t)(end - ar->zeros_to));
		if (ar->zeros_to == end)
			return;
		ar->head_at = ar->zeros_to - (ar->zeros_to - ar->header_at) %
		    (la_int64_t)sizeof(ar->head);
		ar->head_len = (size_t)(ar->zeros_to - ar->head_at);
		memset(ar->head, 0, ar->head_len);
	}
	from = ar->head_at + (la_int64_t)ar->head_len;
	to = end < ar->head_at + (la_int64_t)sizeof(ar->head) ? end :
	    ar->head_at + (la_int64_t)sizeof(ar->head);
	if (from >= at && from < to) {
		memcpy(ar->head + ar->head_len, p + (from - at),
		    (size_t)(to - from));
		ar->head_len = (size_t)(to - ar->head_at);
	}
}

/*
 * The next block from the read function.  The block libarchive had is
 * kept as the one before, which it no longer needs, for
 * archive_next_header() and archive_reader_bytes() to look back at.
 */
static ssize_t
block_next(struct archive_reader *ar)
{
	unsigned char *swap;
	ssize_t n;

	swap = ar->before;
	ar->before = ar->block;
	ar->block = swap;
	ar->before_at = ar->block_at;
	ar->before_len = ar->block_len;
	ar->block_at += (la_int64_t)ar->block_len;
	/*
	 * The function has said what went wrong; to libarchive the data
	 * ends here, and a member cut short is reported so.
	 */
	if (ar->fn_over)
		n = 0;
	else if ((n = ar->fn(ar->ctx, ar->block, BLOCK_SIZE)) <= 0) {
		n = 0;
		ar->fn_over = 1;
	}
	ar->block_len = (size_t)n;
	head_keep(ar, ar->block, ar->block_at, ar->block_len);
	if (!ar->started++)
		ar->codec = sniff_codec(ar->block, (size_t)n);
	return n;
}

/* Where a file read directly ends for the reader, or -1. */
static off_t
file_end(const struct archive_reader *ar)
{
	struct stat st;

	if (ar->end >= 0)
		return ar->end;
	return fstat(ar->fd, &st) == -1 ? -1 : st.st_size;
}

static ssize_t
block_read(struct archive *a, void *ctx, const void **out)
{
	struct archive_reader *ar = ctx;
	la_int64_t end;
	size_t len;
	ssize_t n;

	if (ar->fn != NULL) {
		/*
		 * A reader started again further on (archive_reader_restart())
		 * is given first the bytes read before it began.
		 */
		end = ar->block_at + (la_int64_t)ar->block_len;
		if (ar->handed < ar->before_at)
			ar->handed = ar->before_at;	/* not met */
		if (ar->handed < ar->block_at) {
			*out = ar->before + (ar->handed - ar->before_at);
			n = (ssize_t)(ar->block_at - ar->handed);
		} else if (ar->handed < end) {
			*out = ar->block + (ar->handed - ar->block_at);
			n = (ssize_t)(end - ar->handed);
		} else {
			n = block_next(ar);
			*out = ar->block;
		}
		if (n == 0)
			ar->ended = 1;
		ar->handed += n;
		return n;
	}
	/*
	 * pread() at the reader's own offset: the file may be read by a
	 * second reader (a hard link's data) or by input.c at the same time.
	 */
	*out = ar->block;
	len = BLOCK_SIZE;
	if (ar->end >= 0 && ar->end - ar->pos < (off_t)len)
		len = ar->end > ar->pos ? (size_t)(ar->end - ar->pos) : 0;
	while ((n = pread(ar->fd, ar->block, len, ar->pos)) == -1 &&
	    errno == EINTR)
		continue;
	if (n > 0)
		ar->pos += n;
	if (n == -1)
		libarchive.archive_set_error(a, errno, "%s", strerror(errno));
	else if (n == 0)
		ar->ended = 1;
	else if (!ar->started++)
		ar->codec = sniff_codec(ar->block, (size_t)n);
	return n;
}

/*
 * A skip stops at the end of the file, as a read would: libarchive reads
 * on from there, finds the end and says the data was cut, as it does on
 * a pipe, instead of going on at an offset past the end.
 */
static la_int64_t
block_skip(struct archive *a, void *ctx, la_int64_t n)
{
	struct archive_reader *ar = ctx;
	off_t end;

	(void)a;
	if ((end = file_end(ar)) == -1)
		return 0;	/* libarchive reads over it instead */
	if (n > end - ar->pos)
		n = end > ar->pos ? end - ar->pos : 0;
	ar->pos += (off_t)n;
	return n;
}

static la_int64_t
block_seek(struct archive *a, void *ctx, la_int64_t offset, int whence)
{
	struct archive_reader *ar = ctx;
	off_t o = (off_t)offset, end;

	if (whence == SEEK_SET)
		o += ar->base;
	else if (whence == SEEK_CUR)
		o += ar->pos;
	else if ((end = file_end(ar)) == -1) {
		libarchive.archive_set_error(a, errno, "%s", strerror(errno));
		return ARCHIVE_FATAL;
	} else
		o += end;
	if (o < ar->base) {
		libarchive.archive_set_error(a, EINVAL, "%s", strerror(EINVAL));
		return ARCHIVE_FATAL;
	}
	ar->pos = o;
	return o - ar->base;
}

/*
 * A zip is not compressed as a whole when it gets here (input.c undoes
 * that): its offsets are those of the bytes read (archivezip.c).
 */
static void
support(struct archive *a, int format, int zip)
{
	if (format != ARCHIVE_READER_ZIP) {
		libarchive.archive_read_support_filter_bzip2(a);
		libarchive.archive_read_support_filter_compress(a);
		libarchive.archive_read_support_filter_gzip(a);
		libarchive.archive_read_support_filter_lz4(a);
		libarchive.archive_read_support_filter_lzip(a);
		libarchive.archive_read_support_filter_lzma(a);
		libarchive.archive_read_support_filter_xz(a);
		libarchive.archive_read_support_filter_zstd(a);
	}
	switch (format) {
	case ARCHIVE_READER_TAR:
		libarchive.archive_read_support_format_tar(a);
		/* As tar -i does: archives written one after the other. */
		libarchive.archive_read_set_format_option(a, "tar",
		    "read_concatenated_archives", "1");
		break;
	case ARCHIVE_READER_ZIP:
		(zip == ZIP_DIRECTORY ?
		    libarchive.archive_read_support_format_zip_seekable :
		    libarchive.archive_read_support_format_zip_streamable)(a);
		break;
	case ARCHIVE_READER_7Z:
		libarchive.archive_read_support_format_7zip(a);
		break;
	case ARCHIVE_READER_RAW:
		libarchive.archive_read_support_format_raw(a);
		break;
	default:
		libarchive.archive_read_support_format_7zip(a);
		libarchive.archive_read_support_format_cpio(a);
		libarchive.archive_read_support_format_tar(a);
		libarchive.archive_read_support_format_zip(a);
		libarchive.archive_read_support_format_empty(a);
		libarchive.archive_read_support_format_raw(a);
		break;
	}
}

/* What is damaged: the archive format, or the compression of raw data. */
static const char *
kind_name(struct archive_reader *ar)
{
	switch (ar->kind) {
	case ARCHIVE_READER_TAR:
		return "tar";
	case ARCHIVE_READER_ZIP:
		return "zip";
	case ARCHIVE_READER_7Z:
		return "7z";
	}
	return ar->codec != SNIFF_PLAIN ? sniff_codec_name(ar->codec) :
	    "archive";
}

/*
 * Whether a plain 7z file ends before the end its start header gives:
 * 32 bytes, then the next header's offset and size, which its CRC
 * vouches for (7zFormat.txt).  A 7z keeps its directory at its end, so
 * a cut anywhere costs it, and libarchive tells no cut from damage.
 */
static int
sevenz_cut(struct archive_reader *ar)
{
	unsigned char h[32];
	uint64_t off = 0, size = 0;
	struct stat st;
	int i;

	if (ar->kind != ARCHIVE_READER_7Z || ar->fn != NULL ||
	    ar->codec != SNIFF_PLAIN || fstat(ar->fd, &st) == -1 ||
	    st.st_size < ar->base)
		return 0;
	if (pread(ar->fd, h, sizeof(h), ar->base) != (ssize_t)sizeof(h) ||
	    crc32(0, h + 12, 20) != ((uint32_t)h[8] | (uint32_t)h[9] << 8 |
	    (uint32_t)h[10] << 16 | (uint32_t)h[11] << 24))
		return 0;
	for (i = 7; i >= 0; i--) {
		off = off << 8 | h[12 + i];
		size = size << 8 | h[20 + i];
	}
	if (off > UINT64_MAX / 2 || size > UINT64_MAX / 2)
		return 0;
	return (uint64_t)(st.st_size - ar->base) < sizeof(h) + off + size;
}

/*
 * libarchive's message, put in the words newswire uses for the same
 * cause in every format: data that ends early is "unexpected end of
 * file (truncated FORMAT data)", as input.c says of gzip, and bytes
 * that are not the archive --format named are "not a FORMAT archive",
 * not libarchive's "Unrecognized archive format", which names none.
 */
static const char *
reason_set(struct archive_reader *ar)
{
	const char *e = libarchive.archive_error_string(ar->a);

	ar->cut = 0;
	if (sevenz_cut(ar)) {
		snprintf(ar->reason, sizeof(ar->reason), "unexpected end of "
		    "file (truncated 7z data)");
		ar->cut = 1;
	} else if (e == NULL)
		snprintf(ar->reason, sizeof(ar->reason), "invalid %s data",
		    kind_name(ar));
	else if (strcmp(e, "Unrecognized archive format") == 0 &&
	    (ar->kind == ARCHIVE_READER_TAR || ar->kind == ARCHIVE_READER_ZIP ||
	    ar->kind == ARCHIVE_READER_7Z))
		snprintf(ar->reason, sizeof(ar->reason), "not a %s archive",
		    kind_name(ar));
	else if (strcasestr(e, "truncated") != NULL ||
	    strstr(e, "No progress is possible") != NULL ||
	    strstr(e, "Premature end") != NULL ||
	    strstr(e, "Remaining data is less") != NULL ||
	    strstr(e, "decompression failed (-5)") != NULL) {
		snprintf(ar->reason, sizeof(ar->reason), "unexpected end of "
		    "file (truncated %s data)", kind_name(ar));
		ar->cut = 1;
	}
	else
		snprintf(ar->reason, sizeof(ar->reason), "%s", e);
	return ar->reason;
}

/*
 * Why a tar's next header could not be read.  libarchive asks for more
 * bytes only when it needs them, so a header it gave up on after the
 * bytes ran out was cut short, whatever it says: inside the body of a
 * GNU long name or a pax extended header it says nothing (libarchive
 * 3.6), and after one, where the member's own header should be,
 * "Damaged tar archive".  Such a cut is said as any other.
 */
const char *
archive_header_reason(struct archive_reader *ar, int rc)
{
	reason_set(ar);
	if ((ar->kind == ARCHIVE_READER_TAR ||
	    ar->kind == ARCHIVE_READER_ZIP) && rc == ARCHIVE_FATAL &&
	    ar->ended && !ar->cut) {
		snprintf(ar->reason, sizeof(ar->reason), "unexpected end of "
		    "file (truncated %s data)", kind_name(ar));
		ar->cut = 1;
	}
	return ar->reason;
}

static struct archive_reader *
reader_new(const char *name, int format)
{
	struct archive_reader *ar;

	if (lazylib_load(&archive_lib) == -1) {
		warnx("%s: cannot be read: %s", name, archive_lib.why);
		return NULL;
	}
	ar = xcalloc(1, sizeof(*ar));
	ar->fd = ar->again_fd = -1;
	ar->end = -1;
	ar->data_index = -1;
	ar->name = xstrdup(name);
	ar->kind = format;
	ar->block = xmalloc(BLOCK_SIZE);
	ar->before = xmalloc(BLOCK_SIZE);
	return ar;
}

/*
 * libarchive's reader of the bytes, from a read function or a file;
 * a zip read member after member is not seeked in.
 */
static void
handle_new(struct archive_reader *ar)
{
	if ((ar->a = libarchive.archive_read_new()) == NULL)
		errx(NW_EXIT_FAIL, "%s: out of memory", ar->name);
	ar->zip_members = ar->zip_skip = 0;
	support(ar->a, ar->kind, ar->zip);
	libarchive.archive_read_set_read_callback(ar->a, block_read);
	libarchive.archive_read_set_callback_data(ar->a, ar);
	if (ar->fn != NULL)
		return;
	libarchive.archive_read_set_skip_callback(ar->a, block_skip);
	if (ar->kind != ARCHIVE_READER_ZIP || ar->zip == ZIP_DIRECTORY)
		libarchive.archive_read_set_seek_callback(ar->a, block_seek);
}

static struct archive_reader *
reader_start(struct archive_reader *ar)
{
	if (libarchive.archive_read_open1(ar->a) != ARCHIVE_OK) {
		warnx("%s: %s", ar->name, reason_set(ar));
		archive_reader_close(ar);
		return NULL;
	}
	return ar;
}

/*
 * Read an archive from a read function (a pipe, or bytes already
 * inflated).  The name is used in messages.  NULL after a message.
 */
struct archive_reader *
archive_reader_open(input_read_fn fn, void *ctx, const char *name,
    int format)
{
	struct archive_reader *ar;

	if ((ar = reader_new(name, format)) == NULL)
		return NULL;
	ar->fn = fn;
	ar->ctx = ctx;
	handle_new(ar);
	return reader_start(ar);
}

/* A reader of the file open on fd from offset base, not opened yet. */
struct archive_reader *
archive_file_reader_new(int fd, off_t base, const char *name, int format)
{
	struct archive_reader *ar;

	if ((ar = reader_new(name, format)) == NULL)
		return NULL;
	ar->fd = fd;
	ar->base = ar->pos = base;
	handle_new(ar);
	return ar;
}

/*
 * Read an archive from a regular file open on fd that begins at offset
 * base (bytes read to sniff it are read again), with seeks to skip
 * members and to find the directory of a zip or 7z.  The file's offset
 * is neither used nor moved.  A zip is read through its directory when
 * that lists every member in the file (archivezip.c), up to the end of
 * the directory; otherwise, or when libarchive finds no directory
 * there, member after member as from a pipe.
 */
struct archive_reader *
archive_reader_open_file(int fd, off_t base, const char *name, int format)
{
	struct archive_reader *ar;
	off_t end;

	if ((ar = reader_new(name, format)) == NULL)
		return NULL;
	ar->fd = fd;
	ar->base = ar->pos = base;
	archive_reader_reread(ar, fd, base);
	ar->again_plain = 1;
	if (format == ARCHIVE_READER_ZIP && archive_zip_whole(fd, base, &end)) {
		ar->zip = ZIP_DIRECTORY;
		ar->end = base + end;
		handle_new(ar);
		if (libarchive.archive_read_open1(ar->a) == ARCHIVE_OK)
			return ar;
		libarchive.archive_read_free(ar->a);
		ar->zip = ZIP_STREAM;
		ar->end = -1;
		ar->pos = base;
	}
	handle_new(ar);
	return reader_start(ar);
}

/*
 * Read a zip on from offset at of the archive with a new reader, member
 * after member: 0, or -1 with the reason in archive_header_reason().
 */
int
archive_reader_restart(struct archive_reader *ar, la_int64_t at)
{
	libarchive.archive_read_free(ar->a);
	ar->entry = NULL;
	ar->in_data = ar->ended = 0;
	ar->zip = ZIP_STREAM;
	ar->end = -1;
	ar->start_at = ar->handed = at;
	ar->pos = ar->base + (off_t)at;
	handle_new(ar);
	return libarchive.archive_read_open1(ar->a) == ARCHIVE_OK ? 0 : -1;
}

/*
 * Up to n bytes of the archive from offset at, copied to p, when no
 * member is being read: how many (fewer at its end), or -1 with errno
 * when they cannot be read.  From a read function the bytes come in
 * order, kept from the block before the current one on (ESPIPE before).
 */
ssize_t
archive_reader_bytes(struct archive_reader *ar, la_int64_t at, void *p,
    size_t n)
{
	la_int64_t end;
	size_t got = 0, len;
	ssize_t k;

	if (ar->fn == NULL) {
		while (got < n) {
			while ((k = pread(ar->fd, (char *)p + got, n - got,
			    ar->base + (off_t)at + (off_t)got)) == -1 &&
			    errno == EINTR)
				continue;
			if (k == -1)
				return -1;
			if (k == 0)
				break;
			got += (size_t)k;
		}
		return (ssize_t)got;
	}
	if (at < ar->before_at) {
		errno = ESPIPE;
		return -1;
	}
	while (got < n) {
		end = ar->block_at + (la_int64_t)ar->block_len;
		if (at < ar->block_at) {
			len = (size_t)(ar->block_at - at);
			len = len < n - got ? len : n - got;
			memcpy((char *)p + got, ar->before +
			    (at - ar->before_at), len);
		} else if (at < end) {
			len = (size_t)(end - at);
			len = len < n - got ? len : n - got;
			memcpy((char *)p + got, ar->block + (at - ar->block_at),
			    len);
		} else if (ar->fn_over || block_next(ar) == 0)
			break;
		else
			continue;
		got += len;
		at += (la_int64_t)len;
	}
	return (ssize_t)got;
}

/* A member path as ids show it: without a leading "./" or "/". */
const char *
archive_member_path(const char *p)
{
	for (;;) {
		if (p[0] == '/')
			p++;
		else if (p[0] == '.' && p[1] == '/')
			p += 2;
		else
			return p;
	}
}

/*
 * libarchive gives a member's name in the locale's charset, and the
 * tools run in the C locale, where a name an archive says is UTF-8
 * (zip's flag) or UTF-16 (7-Zip) has no form: the header is read under
 * C.UTF-8, for this thread only, and the tools' locale put back.
 */
int
archive_next_header(struct archive_reader *ar)
{
	locale_t old;
	int rc;

	/*
	 * Where a tar's next header is, for garbage_after_end(): where
	 * the data of the member before ends, skipped here as
	 * archive_read_next_header() would (it keeps no such offset once
	 * it fails).
	 */
	if (ar->kind == ARCHIVE_READER_TAR) {
		ar->header_at = -1;
		if (ar->in_data && libarchive.archive_read_data_skip(ar->a) ==
		    ARCHIVE_FATAL)
			return ARCHIVE_FATAL;
		ar->header_at = ar->zeros_to =
		    libarchive.archive_filter_bytes(ar->a, 0);
		ar->head_at = -1;
		ar->head_len = 0;
		head_keep(ar, ar->before, ar->before_at, ar->before_len);
		head_keep(ar, ar->block, ar->block_at, ar->block_len);
	}
	old = utf8_locale_enter();
	rc = libarchive.archive_read_next_header(ar->a, &ar->entry);
	utf8_locale_leave(old);
	ar->in_data = rc == ARCHIVE_OK || rc == ARCHIVE_WARN;
	if (ar->in_data)
		ar->entry_at = ar->header_at;
	return rc;
}

/* A member begins: nothing of it read, nothing wrong with it yet. */
void
archive_member_begin(struct archive_reader *ar)
{
	ar->skipping = ar->garbage = 0;
	ar->member_failed = 0;
	ar->left = 0;
	ar->data_at = ar->out_at = 0;
	ar->data_index = -1;
	free(ar->link);
	ar->link = NULL;
	ar->link_state = 0;
}

/*
 * Whether what a tar's next header failed on lies past end-of-archive
 * blocks and starts no archive: trailing garbage, not a cut.  A header
 * there, whole or cut short (as sniff_content() tells one), starts the
 * next of archives written one after the other, and zeros to the end are
 * end-of-archive blocks cut short: both are cuts.  The bytes are read
 * again from a file, or were kept as they came from a function.
 */
static int
garbage_after_end(struct archive_reader *ar)
{
	ssize_t got;
	la_int64_t at;

	if (ar->header_at < 0)
		return 0;
	if (ar->fn == NULL) {
		/* The block before is not used when reading a file. */
		ar->head_at = -1;
		ar->zeros_to = ar->header_at;
		ar->head_len = 0;
		for (at = ar->header_at; ar->head_len < sizeof(ar->head);
		    at += got) {
			while ((got = pread(ar->fd, ar->before, BLOCK_SIZE,
			    ar->base + (off_t)at)) == -1 && errno == EINTR)
				continue;
			if (got <= 0)
				break;
			head_keep(ar, ar->before, at, (size_t)got);
		}
	}
	/*
	 * Zeros to the end: the end-of-archive blocks cut short, unless
	 * both are whole, and what is short after them is the padding of
	 * the archive's last record (tar(1) reads such a file whole): that
	 * is said as garbage, as it was before a cut was told from it.
	 */
	if (ar->head_at < 0)
		return ar->zeros_to - ar->header_at >= 2 * 512;
	if (ar->head_at <= ar->header_at)
		return 0;
	switch (sniff_content(ar->head, ar->head_len,
	    ar->head_len < sizeof(ar->head))) {
	case SNIFF_TAR:
	case SNIFF_TAR_CUT:
		return 0;
	}
	return 1;
}

/*
 * A zip read through its directory whose reader has failed for good (a
 * member's local header damaged, or not the one the directory
 * describes): read again from its start member after member, as from a
 * pipe, the members given already passed over (the directory lists
 * every member in order, archive_zip_whole(), so they come first), so
 * that the members after the damage are read and what was lost is said
 * as it is from a pipe (archivezip.c).
 */
static void
zip_again(struct archive_reader *ar)
{
	uint64_t given = ar->zip_members;

	if (archive_reader_restart(ar, ar->start_at) == -1) {
		if (ar->member != NULL)
			warnx("%s: after %s: %s", ar->name, ar->member,
			    archive_header_reason(ar, ARCHIVE_FATAL));
		else
			warnx("%s: %s", ar->name,
			    archive_header_reason(ar, ARCHIVE_FATAL));
		ar->failed = 1;
		ar->over = 1;
		return;
	}
	ar->zip_skip = given;
}

/*
 * The next member that is a regular file: 1 (with its path), 0 after the
 * last, -1 after a message, when the rest of the archive cannot be read.
 */
int
archive_reader_next(struct archive_reader *ar, const char **path)
{
	const char *p;
	int rc, named;

	for (;;) {
		if (ar->over) {
			if (ar->cut_after) {
				ar->cut_after = 0;
				warnx("%s: after %s: %s", ar->name, ar->member,
				    ar->reason);
			}
			if (ar->rest_lost) {
				ar->rest_lost = 0;
				warnx("%s: after %s: the rest of the archive "
				    "cannot be read", ar->name, ar->member);
			}
			return ar->failed ? -1 : 0;
		}
		rc = archive_next_header(ar);
		if (rc == ARCHIVE_EOF) {
			/* What follows a zip: more members, or nothing. */
			if (ar->kind != ARCHIVE_READER_ZIP ||
			    !archive_zip_after(ar))
				ar->over = 1;
			continue;
		}
		if (rc == ARCHIVE_FATAL && ar->kind == ARCHIVE_READER_ZIP &&
		    ar->zip == ZIP_DIRECTORY) {
			zip_again(ar);
			continue;
		}
		if (rc == ARCHIVE_RETRY || rc < ARCHIVE_WARN) {
			/*
			 * A damaged header (RETRY) is skipped block by block
			 * until a good one: said once, not for every block.
			 * Where the header should be are the end-of-archive
			 * blocks, which tar -i reads past: what follows them
			 * and starts no archive is garbage, not a cut, and
			 * is said once, however it ends.
			 */
			if (ar->garbage)
				;	/* said */
			else if (!ar->skipping &&
			    ar->kind == ARCHIVE_READER_TAR &&
			    garbage_after_end(ar)) {
				ar->garbage = 1;
				if (ar->member != NULL)
					warnx("%s: after %s: trailing garbage "
					    "after tar data", ar->name,
					    ar->member);
				else
					warnx("%s: trailing garbage after tar "
					    "data", ar->name);
			} else if (ar->member_failed && rc == ARCHIVE_FATAL)
				warnx("%s: after %s: the rest of the archive "
				    "cannot be read: %s", ar->name, ar->member,
				    archive_header_reason(ar, rc));
			else if (!ar->skipping || rc == ARCHIVE_FATAL) {
				if (ar->member != NULL)
					warnx("%s: after %s: %s", ar->name,
					    ar->member,
					    archive_header_reason(ar, rc));
				else
					warnx("%s: %s", ar->name,
					    archive_header_reason(ar, rc));
			}
			ar->failed = 1;
			if (rc == ARCHIVE_FATAL)
				ar->over = 1;
			else
				ar->skipping = 1;
			continue;
		}
		archive_member_begin(ar);
		ar->zip_members++;	/* of any kind, as its directory's */
		/* Raw bytes where the archive names no charset (tar). */
		named = 1;
		if ((p = libarchive.archive_entry_pathname(ar->entry)) ==
		    NULL) {
			if (ar->zip_skip == 0) {	/* else said */
				warnx("%s: a member's name cannot be read: "
				    "named \"?\"", ar->name);
				ar->failed = 1;
			}
			p = "?";
			named = 0;
		}
		free(ar->member);
		ar->member = xstrdup(archive_member_path(p));
		if (ar->zip_skip > 0) {
			ar->zip_skip--;
			continue;	/* given through the directory */
		}
		if (ar->kind == ARCHIVE_READER_TAR) {
			if (!archive_tar_member(ar, named))
				continue;
		} else if (libarchive.archive_entry_filetype(ar->entry) !=
		    AE_IFREG ||
		    (libarchive.archive_entry_hardlink(ar->entry) != NULL &&
		    libarchive.archive_entry_size_is_set(ar->entry) &&
		    libarchive.archive_entry_size(ar->entry) == 0))
			continue;	/* a hard link: no data of its own */
		*path = ar->member;
		return 1;
	}
}

/*
 * Data of the current member: an input_read_fn.  -1 when it cannot be
 * read on, the reason kept for the caller to report with what it does
 * about it (archive_reader_reason()).  Taken a block at a time, as
 * libarchive hands it out: archive_read_data() fills a buffer from
 * several blocks and, when one fails, says only that, so the bytes of
 * the blocks before it in that buffer, which could be read, would be
 * lost.  A hole in a sparse member reads as zeros.
 */
ssize_t
archive_reader_read(void *ctx, void *p, size_t n)
{
	struct archive_reader *ar = ctx;
	size_t len;
	int rc;

	if (ar->link != NULL)
		return archive_link_read(ar, p, n);
	if (ar->member_failed)
		return -1;
	if (ar->cut_after)
		return 0;
	while (ar->left == 0 && ar->out_at == ar->data_at) {
		rc = libarchive.archive_read_data_block(ar->a, &ar->data,
		    &ar->left, &ar->data_at);
		if (rc == ARCHIVE_EOF) {
			ar->left = 0;
			return 0;
		}
		if (rc == ARCHIVE_RETRY)
			continue;
		if (rc < ARCHIVE_OK) {
			ar->left = 0;
			reason_set(ar);
			ar->failed = 1;
			/*
			 * A tar member whose data was all handed out is whole:
			 * what the archive ends inside is its padding to a
			 * 512-byte block, and that cut is said after it.
			 */
			if (ar->kind == ARCHIVE_READER_TAR && ar->cut &&
			    libarchive.archive_entry_size_is_set(ar->entry) &&
			    ar->out_at ==
			    libarchive.archive_entry_size(ar->entry)) {
				ar->over = ar->cut_after = 1;
				return 0;
			}
			ar->member_failed = 1;
			/*
			 * Each member of a zip is compressed on its own, and
			 * the next one found from the directory, or from the
			 * sizes in the headers: data that does not inflate
			 * costs its member, unless the archive ended there.
			 */
			if (rc == ARCHIVE_FATAL &&
			    (ar->kind != ARCHIVE_READER_ZIP || ar->cut)) {
				ar->over = 1;
				/*
				 * Damage, not the end of the input, that
				 * libarchive reads no further past (a solid
				 * 7z block): the members after it are lost,
				 * and said to be.
				 */
				ar->rest_lost = !ar->cut;
			}
			return -1;
		}
		if (ar->data_at < ar->out_at) {
			ar->left = 0;
			ar->member_failed = ar->failed = 1;
			snprintf(ar->reason, sizeof(ar->reason), "invalid %s "
			    "data (blocks out of order)", kind_name(ar));
			return -1;
		}
	}
	if (ar->out_at < ar->data_at) {
		/* A hole. */
		len = ar->data_at - ar->out_at < (la_int64_t)n ?
		    (size_t)(ar->data_at - ar->out_at) : n;
		memset(p, 0, len);
	} else {
		len = ar->left < n ? ar->left : n;
		/* A block of none (a sparse tar's) may have no pointer. */
		if (len > 0) {
			memcpy(p, ar->data, len);
			ar->data = (const char *)ar->data + len;
			ar->left -= len;
		}
		ar->data_at += (la_int64_t)len;
	}
	ar->out_at += (la_int64_t)len;
	return (ssize_t)len;
}

/* The current member's modification time: 1, or 0 when it has none. */
int
archive_reader_mtime(const struct archive_reader *ar, time_t *t)
{
	if (ar->entry == NULL ||
	    !libarchive.archive_entry_mtime_is_set(ar->entry))
		return 0;
	*t = libarchive.archive_entry_mtime(ar->entry);
	return 1;
}

/* 1 if the stream is one compressed file, not an archive. */
int
archive_reader_raw(const struct archive_reader *ar)
{
	return libarchive.archive_format(ar->a) == ARCHIVE_FORMAT_RAW;
}

/* Why the current member could not be read to its end, or NULL. */
const char *
archive_reader_reason(const struct archive_reader *ar)
{
	if (ar->link_state < 0)
		return ar->link_reason.data;
	return ar->member_failed ? ar->reason : NULL;
}

/* The current member's path, without a leading "./" or "/". */
const char *
archive_reader_member(const struct archive_reader *ar)
{
	return ar->member != NULL ? ar->member : "";
}

int
archive_reader_failed(const struct archive_reader *ar)
{
	return ar->failed;
}

void
archive_reader_close(struct archive_reader *ar)
{
	if (ar == NULL)
		return;
	libarchive.archive_read_free(ar->a);
	archive_reader_close(ar->again);
	key_table_free(&ar->paths);
	free(ar->datas);
	free(ar->link);
	buf_free(&ar->link_reason);
	free(ar->name);
	free(ar->member);
	free(ar->block);
	free(ar->before);
	free(ar);
}
