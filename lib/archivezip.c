/*
 * newswire: a zip's members against its directory, and what follows a
 * zip, for the archive reader (archive.c).
 *
 * libarchive reads a zip in one of two ways.  From a pipe it goes from
 * member to member by the local header in front of each, and stops where
 * the central directory starts; from a file it reads that directory,
 * which says where each member is, what kind of file it is and, for a
 * member whose sizes follow its data, how long that data is, and reads
 * the members it lists.  The two give the same members when the
 * directory lists every member in the file and nothing comes before the
 * first; a file is read through its directory only when
 * archive_zip_whole() finds it so, and otherwise as a pipe is, so that
 * what a directory leaves out (the members of a zip written before
 * another, cat a.zip b.zip, or a member it does not list) is read all
 * the same, in its place, from a file as from a pipe.  That look costs
 * a read of the directory and of each member's local header, and 24
 * bytes a member while it is made; libarchive itself keeps the whole
 * directory.
 *
 * What follows the directory is read here (archive_zip_after()): read
 * member after member, the directory is walked to its end record.
 * After that comes another zip, read on with a new reader, NUL bytes
 * to the end (padding), or bytes that start none: trailing garbage, said
 * as after a tar, and a zip after it read on.
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nw-private.h"
#include "archivelink.h"

#define EOCD_LEN	22		/* end of central directory record */
#define COMMENT_MAX	65535
#define WINDOW_SIZE	(4 * 64 * 1024)	/* a directory entry at most */
#define DIRECTORY_READ	(64 * 1024)
#define HEADER_READ	4096
#define SCAN_SIZE	(16 * 1024)

static const char local_sig[] = "PK\3\4", entry_sig[] = "PK\1\2",
    end_sig[] = "PK\5\6", end64_sig[] = "PK\6\6",
    locator_sig[] = "PK\6\7", descriptor_sig[] = "PK\7\10";

static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16;
}

static uint64_t
le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* The file from base, read a window at a time. */
struct window {
	int		 fd;
	off_t		 base;
	off_t		 size;		/* from base */
	unsigned char	*buf;
	off_t		 at;		/* of buf[0], from base */
	size_t		 len;
};

/*
 * The n bytes at offset at (n no more than WINDOW_SIZE), read with at
 * least ahead more when they are not in the window: NULL when the file
 * ends before them or they cannot be read.
 */
static const unsigned char *
window_get(struct window *w, off_t at, size_t n, size_t ahead)
{
	size_t len;
	ssize_t got;

	if (at < 0 || at > w->size || (off_t)n > w->size - at)
		return NULL;
	if (at >= w->at && at + (off_t)n <= w->at + (off_t)w->len)
		return w->buf + (at - w->at);
	len = n > ahead ? n : ahead;
	if ((off_t)len > w->size - at)
		len = (size_t)(w->size - at);
	while ((got = pread(w->fd, w->buf, len, w->base + at)) == -1 &&
	    errno == EINTR)
		continue;
	w->len = 0;
	if (got < (ssize_t)n)
		return NULL;
	w->at = at;
	w->len = (size_t)got;
	return w->buf;
}

/* A member as the directory gives it. */
struct entry {
	uint64_t	 at;		/* its local header */
	uint64_t	 size;		/* of its data, compressed */
	unsigned	 flags;
};

static int
entry_order(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

/*
 * Whether the end of central directory record at p, at offset at, is
 * one libarchive reads (read_eocd()): one disk, and a directory that
 * ends before it, its size and offset summed in 32 bits as there.
 */
static int
end_record(const unsigned char *p, off_t at)
{
	return le16(p + 4) == 0 && le16(p + 6) == 0 &&
	    le16(p + 8) == le16(p + 10) &&
	    (uint32_t)(le32(p + 12) + le32(p + 16)) <= (uint64_t)at;
}

/*
 * Where the directory starts by the zip64 end record that the locator
 * before the end record at eocd points at, when libarchive takes it
 * (read_zip64_eocd()): -1 when there is none or it is not taken.  One
 * that libarchive would take with no signature, or an offset past 63
 * bits, sets *bad: the zip is not taken for whole.
 */
static off_t
zip64_directory(struct window *w, off_t eocd, int *bad)
{
	const unsigned char *p;
	uint64_t at, size, dir;

	if (eocd < 20 || (p = window_get(w, eocd - 20, 20, 20)) == NULL ||
	    memcmp(p, locator_sig, 4) != 0 || le32(p + 4) != 0 ||
	    le32(p + 16) != 1)
		return -1;
	at = le64(p + 8);
	if (at > INT64_MAX || (p = window_get(w, (off_t)at, 56, 56)) == NULL)
		return -1;
	size = le64(p + 4);
	if (size < 44 || size > 16384 - 12 || le32(p + 16) != 0 ||
	    le32(p + 20) != 0 || le64(p + 24) != le64(p + 32))
		return -1;
	if ((p = window_get(w, (off_t)at, 12 + (size_t)size, 56)) == NULL)
		return -1;
	dir = le64(p + 48);
	if (memcmp(p, end64_sig, 4) != 0 || dir > INT64_MAX)
		*bad = 1;
	return (off_t)(dir & INT64_MAX);
}

/*
 * The value of *v from the zip64 field at x + *off, *size bytes of it
 * left, when it is all ones in 32 bits: 0, or -1 when the field has not
 * the 64 bits that libarchive takes.
 */
static int
zip64_field(const unsigned char *x, size_t *off, size_t *size,
    uint64_t *v)
{
	if (*v != UINT32_MAX)
		return 0;
	if (*size < 8 || le64(x + *off) > INT64_MAX)
		return -1;
	*v = le64(x + *off);
	*off += 8;
	*size -= 8;
	return 0;
}

/*
 * The offset and data size of the directory entry at p, with its extra
 * field (len bytes at x), into e: 0, or -1 when libarchive would refuse
 * the field (process_extra()).  Sizes and an offset that do not fit in
 * 32 bits are in the zip64 field, as many as are all ones.
 */
static int
entry_read(const unsigned char *p, const unsigned char *x, size_t len,
    struct entry *e)
{
	uint64_t usize = le32(p + 24);
	size_t off = 0, size;
	unsigned id;

	e->flags = le16(p + 8);
	e->size = le32(p + 20);
	e->at = le32(p + 42);
	if (len < 4) {
		while (len > 0)
			if (x[--len] != 0)
				return -1;
		return 0;
	}
	while (off + 4 <= len) {
		id = le16(x + off);
		size = le16(x + off + 2);
		off += 4;
		if (size > len - off)
			return -1;
		/* What libarchive refuses: a time or an AES field cut. */
		if ((id == 0x5455 && size == 0) || (id == 0x9901 && size < 6))
			return -1;
		if (id == 0x0001 &&
		    (zip64_field(x, &off, &size, &usize) == -1 ||
		    zip64_field(x, &off, &size, &e->size) == -1 ||
		    zip64_field(x, &off, &size, &e->at) == -1))
			return -1;
		off += size;
	}
	return 0;
}

/*
 * The members the directory that starts at dir and ends before the
 * zip64 records or the end record at eocd lists, into *ep: how many,
 * or -1 when the records there are not a directory libarchive reads.
 */
static ssize_t
entries_read(struct window *w, off_t dir, off_t eocd, struct entry **ep)
{
	const unsigned char *p;
	struct entry *e = NULL;
	size_t n = 0, cap = 0, name, len;
	off_t at = dir;
	int ended = 0;

	while (at < eocd) {
		if ((p = window_get(w, at, 4, DIRECTORY_READ)) == NULL)
			goto bad;
		if (!ended && memcmp(p, entry_sig, 4) == 0) {
			if ((p = window_get(w, at, 46, DIRECTORY_READ)) == NULL)
				goto bad;
			name = le16(p + 28);
			len = le16(p + 30);
			at += 46 + (off_t)(name + len) + (off_t)le16(p + 32);
			if ((p = window_get(w, at - 46 - (off_t)(name + len) -
			    (off_t)le16(p + 32), 46 + name + len,
			    DIRECTORY_READ)) == NULL)
				goto bad;
			if (n == cap) {
				cap = cap > 0 ? cap * 2 : 256;
				e = xreallocarray(e, cap, sizeof(*e));
			}
			if (entry_read(p, p + 46 + name, len, &e[n++]) == -1)
				goto bad;
		} else if (memcmp(p, end64_sig, 4) == 0) {
			if ((p = window_get(w, at, 12, 12)) == NULL ||
			    le64(p + 4) > (uint64_t)(eocd - at))
				goto bad;
			at += 12 + (off_t)le64(p + 4);
			ended = 1;
		} else if (memcmp(p, locator_sig, 4) == 0) {
			at += 20;
			ended = 1;
		} else
			goto bad;
	}
	if (at != eocd)
		goto bad;
	*ep = e;
	return (ssize_t)n;
bad:
	free(e);
	return -1;
}

/*
 * Whether the members the directory lists, in the order of their
 * offsets, each begin where the one before ends (its local header, its
 * data and any data descriptor after it), from the start of the file
 * to the directory.  A member whose local header is no such header is
 * taken to end where the next begins: libarchive reports it.
 */
static int
members_fill(struct window *w, struct entry *e, size_t n, off_t dir)
{
	const unsigned char *p;
	uint64_t at = 0, end, next, d;
	size_t i;
	int sig;

	qsort(e, n, sizeof(*e), entry_order);
	for (i = 0; i < n; i++) {
		if (e[i].at != at)
			return 0;	/* bytes between, or twice the same */
		next = i + 1 < n ? e[i + 1].at : (uint64_t)dir;
		if ((p = window_get(w, (off_t)at, 30, HEADER_READ)) == NULL ||
		    memcmp(p, local_sig, 4) != 0) {
			at = next;
			continue;
		}
		end = at + 30 + le16(p + 26) + le16(p + 28);
		if (e[i].size > (uint64_t)w->size || end + e[i].size < end)
			return 0;
		end += e[i].size;
		if (e[i].flags & 8) {
			/*
			 * Its data descriptor: CRC-32 and the sizes, 32 or
			 * 64 bits each, behind a signature or not.
			 */
			if (next < end)
				return 0;
			d = next - end;
			if (d != 12 && d != 16 && d != 20 && d != 24)
				return 0;
			p = window_get(w, (off_t)end, 4, HEADER_READ);
			sig = p != NULL && memcmp(p, descriptor_sig, 4) == 0;
			if (sig != (d == 16 || d == 24))
				return 0;
			end = next;
		}
		at = end;
	}
	return at == (uint64_t)dir;
}

/*
 * Whether the zip in the file open on fd from offset base is whole as
 * its directory says, to be read through it: its end of central
 * directory record (the last in the file whose comment fits in it, and
 * the one libarchive finds then, searching back from the comment's end)
 * gives where the directory starts, with no bytes before the zip that
 * its offsets leave out; the directory lists every member, from the
 * first byte of the file to the directory (members_fill()); the zip64
 * records, if any, and the end record follow it.  *end is then where
 * the record's comment ends: what comes after it is not this zip's.
 */
int
archive_zip_whole(int fd, off_t base, off_t *end)
{
	struct window w;
	struct stat st;
	const unsigned char *p;
	struct entry *e = NULL;
	off_t eocd, dir, q, tail;
	ssize_t n;
	size_t i;
	int whole = 0, bad = 0;

	if (fstat(fd, &st) == -1 || st.st_size - base < EOCD_LEN)
		return 0;
	w.fd = fd;
	w.base = base;
	w.size = st.st_size - base;
	w.buf = xmalloc(WINDOW_SIZE);
	w.at = 0;
	w.len = 0;
	tail = w.size < EOCD_LEN + COMMENT_MAX ? w.size :
	    EOCD_LEN + COMMENT_MAX;
	if ((p = window_get(&w, w.size - tail, (size_t)tail,
	    (size_t)tail)) == NULL)
		goto out;
	for (i = (size_t)(tail - EOCD_LEN); ; i--) {
		if (memcmp(p + i, end_sig, 4) == 0 &&
		    i + EOCD_LEN + le16(p + i + 20) <= (size_t)tail &&
		    end_record(p + i, w.size - tail + (off_t)i))
			break;
		if (i == 0)
			goto out;
	}
	eocd = w.size - tail + (off_t)i;
	*end = eocd + EOCD_LEN + (off_t)le16(p + i + 20);
	/* A record in the comment would be the one libarchive finds. */
	for (q = *end - EOCD_LEN; q > eocd; q--)
		if (memcmp(p + (q - (w.size - tail)), end_sig, 4) == 0)
			goto out;
	/*
	 * libarchive looks for the directory from where its size puts it
	 * before the end record, and takes the bytes before it for some
	 * that were put in front of the zip: those are not this zip's.
	 */
	dir = eocd - (off_t)le32(p + i + 12);
	if (dir != (off_t)le32(p + i + 16))
		dir = -1;
	if ((q = zip64_directory(&w, eocd, &bad)) >= 0)
		dir = q;
	if (bad || dir < 0 || dir > eocd ||
	    (n = entries_read(&w, dir, eocd, &e)) < 0)
		goto out;
	whole = members_fill(&w, e, (size_t)n, dir);
out:
	free(e);
	free(w.buf);
	return whole;
}

/* A message about the archive after the member read last. */
static void
said(struct archive_reader *ar, const char *what)
{
	if (ar->member != NULL)
		warnx("%s: after %s: %s", ar->name, ar->member, what);
	else
		warnx("%s: %s", ar->name, what);
	ar->failed = 1;
}

static void
unreadable(struct archive_reader *ar)
{
	char why[160];

	snprintf(why, sizeof(why), "the rest of the archive cannot be "
	    "read: %s", strerror(errno));
	said(ar, why);
}

/*
 * The first of the nsigs 4-byte signatures in sigs at offset at or
 * after, or -1 at the end (-2 after a message); *other, unless NULL,
 * set when a byte before it is not NUL.
 */
static la_int64_t
signature_find(struct archive_reader *ar, la_int64_t at, const char *sigs,
    size_t nsigs, int *other)
{
	unsigned char buf[SCAN_SIZE];
	size_t keep = 0, len, i, k;
	ssize_t got;

	for (;;) {
		if ((got = archive_reader_bytes(ar, at + (la_int64_t)keep,
		    buf + keep, sizeof(buf) - keep)) < 0) {
			unreadable(ar);
			return -2;
		}
		len = keep + (size_t)got;
		for (i = 0; i + 4 <= len; i++) {
			for (k = 0; k < nsigs; k++)
				if (memcmp(buf + i, sigs + 4 * k, 4) == 0)
					return at + (la_int64_t)i;
			if (buf[i] != 0 && other != NULL)
				*other = 1;
		}
		if (got == 0) {
			for (; i < len && other != NULL; i++)
				if (buf[i] != 0)
					*other = 1;
			return -1;
		}
		keep = len - i;
		memmove(buf, buf + i, keep);
		at += (la_int64_t)i;
	}
}

/*
 * A directory that lists more members than libarchive gave, read member
 * after member: it passes over bytes that start no local header, and so
 * over a member whose header is damaged, and what follows, up to the
 * next one, with no word.  Said: those members are lost.  (A member the
 * directory does not list, which is read, may hide one lost.)
 */
static void
directory_count(struct archive_reader *ar, uint64_t listed)
{
	char why[160];

	if (listed <= ar->zip_members)
		return;
	snprintf(why, sizeof(why), "%llu of the %llu members its directory "
	    "lists not found: lost to damaged data",
	    (unsigned long long)(listed - ar->zip_members),
	    (unsigned long long)listed);
	said(ar, why);
}

/*
 * Where the directory that libarchive stopped at, from offset at, ends
 * with its end record and comment, or -1 after a message.  libarchive
 * passes over bytes that start no record before a directory, as before
 * a member, and so does this.
 */
static la_int64_t
directory_end(struct archive_reader *ar, la_int64_t at)
{
	static const char sigs[] = "PK\1\2" "PK\5\6" "PK\6\6";
	unsigned char h[46];		/* a record's fixed part at most */
	size_t want;
	ssize_t n;
	uint64_t listed = 0, size;

	if ((at = signature_find(ar, at, sigs, 3, NULL)) == -2)
		return -1;
	for (n = 0; at >= 0; ) {
		if ((n = archive_reader_bytes(ar, at, h, 4)) < 4)
			break;
		if (memcmp(h, entry_sig, 4) == 0)
			want = 46;
		else if (memcmp(h, end64_sig, 4) == 0)
			want = 12;
		else if (memcmp(h, locator_sig, 4) == 0)
			want = 20;
		else if (memcmp(h, end_sig, 4) == 0)
			want = EOCD_LEN;
		else {
			said(ar, "invalid zip data: its directory of members "
			    "is damaged");
			return -1;
		}
		if ((n = archive_reader_bytes(ar, at, h, want)) < (ssize_t)want)
			break;
		if (want == 46) {
			at += 46 + (la_int64_t)le16(h + 28) + le16(h + 30) +
			    le16(h + 32);
			listed++;
		}
		else if (want == 12) {
			if ((size = le64(h + 4)) > INT64_MAX / 2) {
				at = -1;	/* past any end */
				break;
			}
			at += 12 + (la_int64_t)size;
		} else if (want == 20)
			at += 20;
		else {
			/* The comment must be there, its last byte read. */
			at += EOCD_LEN + (la_int64_t)le16(h + 20);
			if ((n = archive_reader_bytes(ar, at - 1, h, 1)) == 1) {
				directory_count(ar, listed);
				return at;
			}
			break;
		}
	}
	if (n < 0)
		unreadable(ar);
	else
		said(ar, "unexpected end of file (truncated zip data): its "
		    "directory of members is cut short");
	return -1;
}

/*
 * libarchive has given the last member of a zip: 1 when another zip
 * follows, ar reading it, 0 when the archive is over.  A zip read
 * through its directory ends where its end record's comment does; one
 * read member after member, where the directory libarchive stopped at
 * does.  A zip starts with a member's local header, or with its end
 * record when it has none; NUL bytes after a zip are padding, other
 * bytes before the next zip, or the end, trailing garbage.
 */
int
archive_zip_after(struct archive_reader *ar)
{
	static const char zip_sigs[] = "PK\3\4" "PK\5\6";
	la_int64_t at;
	int other = 0;

	if (ar->zip == ZIP_DIRECTORY)
		at = ar->end - ar->base;
	else if ((at = directory_end(ar, ar->start_at +
	    libarchive.archive_filter_bytes(ar->a, 0))) < 0)
		return 0;
	at = signature_find(ar, at, zip_sigs, 2, &other);
	if (at == -2)
		return 0;
	if (other)
		said(ar, "trailing garbage after zip data");
	if (at < 0)
		return 0;
	if (archive_reader_restart(ar, at) == -1) {
		said(ar, archive_header_reason(ar, ARCHIVE_FATAL));
		return 0;
	}
	return 1;
}
