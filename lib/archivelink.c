/*
 * newswire: a tar's hard links, for the archive reader (archive.c).
 *
 * A tar's hard link holds no data: it shares that of a member before it,
 * which the caller may have passed over (a hidden one).  Every member's
 * path is kept, hashed (96 bits: two paths taken for one are not to be
 * met), with where its headers begin, so that a link can be told from
 * one to nothing and, when the archive is a file, its data read again
 * there by a second reader.  From a pipe there is only what the caller
 * said of that data from its first bytes as it passed over it
 * (archive_reader_peek(), archive_reader_mark()).  That costs about 60
 * bytes a member.
 */
#include <string.h>

#include <zlib.h>

#include "nw-private.h"
#include "archivelink.h"

/*
 * The data of a member a hard link may name: where its headers begin in
 * the (uncompressed) stream, a hash of its path to know it there again,
 * and what the caller made of it.
 */
struct member_data {
	la_int64_t	 at;
	uint64_t	 path;
	int		 mark;		/* ARCHIVE_DATA_* */
	const char	*kind;		/* ARCHIVE_DATA_BINARY: what it is */
};
#define DATA_NONE	UINT32_MAX	/* a member that is no regular file */

/* The key of a member's path: two hashes of it, and its length. */
static void
path_key(const char *p, uint64_t *k0, uint64_t *k1)
{
	size_t n = strlen(p);

	*k0 = hash_bytes(p, n);
	*k1 = (uint64_t)crc32(0, (const Bytef *)p, (uInt)n) << 32 |
	    (uint32_t)n;
}

/* From now on path stands for the data datas[i], or DATA_NONE. */
static void
path_put(struct archive_reader *ar, const char *p, uint32_t i)
{
	uint64_t k0, k1;

	if (ar->npaths == UINT32_MAX - 1)
		return;	/* the table is full: a link to it is to nothing */
	path_key(p, &k0, &k1);
	key_table_put(&ar->paths, k0, k1, (uint64_t)ar->npaths++ << 32 | i);
}

static void
latest(void *arg, uint64_t v)
{
	uint64_t *last = arg;

	if (v > *last)
		*last = v;
}

/*
 * What path stands for: an index in datas, DATA_NONE, or -1 when no
 * member before had that path.  The last member of that path counts, as
 * it is the one tar -x leaves.
 */
static int64_t
path_get(const struct archive_reader *ar, const char *p)
{
	uint64_t k0, k1, last = 0;

	path_key(p, &k0, &k1);
	if (key_table_each(&ar->paths, k0, k1, latest, &last) == 0)
		return -1;
	return (int64_t)(uint32_t)last;
}

static uint32_t
data_new(struct archive_reader *ar, la_int64_t at)
{
	uint64_t k1;

	if (ar->ndatas == ar->datas_cap) {
		ar->datas_cap = ar->datas_cap ? ar->datas_cap * 2 : 256;
		ar->datas = xreallocarray(ar->datas, ar->datas_cap,
		    sizeof(*ar->datas));
	}
	ar->datas[ar->ndatas].at = at;
	path_key(ar->member, &ar->datas[ar->ndatas].path, &k1);
	ar->datas[ar->ndatas].mark = ARCHIVE_DATA_UNSEEN;
	ar->datas[ar->ndatas].kind = NULL;
	return (uint32_t)ar->ndatas++;
}

/*
 * A tar member, its path kept for the hard links after it: 1 if it is a
 * regular file or a hard link to one or to nothing, handed out; 0 if it
 * is passed over.  A hard link has no file type from libarchive and no
 * data of its own (unless pax gives it some); one to a member that is no
 * regular file is passed over as that member is.
 */
int
archive_tar_member(struct archive_reader *ar, int named)
{
	const char *target = libarchive.archive_entry_hardlink(ar->entry);
	int type = libarchive.archive_entry_filetype(ar->entry);
	int64_t i;

	if (target != NULL && (type == 0 || type == AE_IFREG) &&
	    libarchive.archive_entry_size_is_set(ar->entry) &&
	    libarchive.archive_entry_size(ar->entry) == 0) {
		target = archive_member_path(target);
		i = path_get(ar, target);
		if (named && i != -1)
			path_put(ar, ar->member, (uint32_t)i);
		if (i == DATA_NONE)
			return 0;
		ar->data_index = i;
		ar->link = xstrdup(target);
		return 1;
	}
	if (type != AE_IFREG && !(type == 0 && target != NULL)) {
		if (named)
			path_put(ar, ar->member, DATA_NONE);
		return 0;
	}
	if (ar->ndatas < DATA_NONE) {
		ar->data_index = data_new(ar, ar->entry_at);
		if (named)
			path_put(ar, ar->member, (uint32_t)ar->data_index);
	}
	return 1;
}

/* Why a hard link's data cannot be read: "hard link to TARGET" and why. */
static void
link_fail(struct archive_reader *ar, const char *why, const char *more)
{
	buf_clear(&ar->link_reason);
	buf_adds(&ar->link_reason, "hard link to ");
	buf_adds(&ar->link_reason, ar->link);
	buf_adds(&ar->link_reason, why);
	if (more != NULL)
		buf_adds(&ar->link_reason, more);
	buf_cstr(&ar->link_reason);
	ar->link_state = -1;
	ar->failed = 1;
}

/*
 * The archive read again (ar->again) up to the member whose data a hard
 * link shares: 0, or -1 with the reason.  A plain file is read again
 * from that member, a compressed one from its start, and the reader is
 * kept for a member further on.
 */
static int
link_open(struct archive_reader *ar)
{
	struct archive_reader *again = ar->again;
	const char *target, *p;
	uint64_t k0, k1;
	la_int64_t at, from;
	int rc, type;

	if (ar->data_index < 0) {
		link_fail(ar, ", whose data is not in the archive before it",
		    NULL);
		return -1;
	}
	if (ar->again_fd == -1) {
		link_fail(ar, ", whose data came before it and cannot be "
		    "read again from a pipe", NULL);
		return -1;
	}
	at = ar->datas[ar->data_index].at;
	if (again != NULL && (ar->again_plain || again->over ||
	    again->member_failed || again->entry_at + ar->again_from >= at)) {
		archive_reader_close(again);
		again = ar->again = NULL;
	}
	if (again == NULL) {
		from = ar->again_plain ? at : 0;
		if ((again = archive_file_reader_new(ar->again_fd,
		    ar->again_base + (off_t)from, ar->name,
		    ARCHIVE_READER_TAR)) == NULL) {
			link_fail(ar, ": its data cannot be read again", NULL);
			return -1;
		}
		ar->again = again;
		ar->again_from = from;
		again->entry_at = -1;
		if (libarchive.archive_read_open1(again->a) != ARCHIVE_OK)
			goto fail;
	}
	while (again->entry_at + ar->again_from < at)
		if ((rc = archive_next_header(again)) != ARCHIVE_OK &&
		    rc != ARCHIVE_WARN && rc != ARCHIVE_RETRY)
			goto fail;
	/* The member there, the same path, with data of its own. */
	target = libarchive.archive_entry_hardlink(again->entry);
	type = libarchive.archive_entry_filetype(again->entry);
	if ((p = libarchive.archive_entry_pathname(again->entry)) == NULL)
		p = "?";
	path_key(archive_member_path(p), &k0, &k1);
	if (again->entry_at + ar->again_from != at ||
	    k0 != ar->datas[ar->data_index].path ||
	    (type != AE_IFREG && !(type == 0 && target != NULL)) ||
	    (target != NULL &&
	    libarchive.archive_entry_size_is_set(again->entry) &&
	    libarchive.archive_entry_size(again->entry) == 0)) {
		link_fail(ar, ": its data cannot be read again: not found "
		    "where it was", NULL);
		return -1;
	}
	archive_member_begin(again);
	return 0;
fail:
	link_fail(ar, ": its data cannot be read again: ",
	    archive_header_reason(again, ARCHIVE_FATAL));
	return -1;
}

/* A hard link's data, read again from the file. */
ssize_t
archive_link_read(struct archive_reader *ar, void *p, size_t n)
{
	ssize_t got;

	if (ar->link_state == 0)
		ar->link_state = link_open(ar) == 0 ? 1 : -1;
	if (ar->link_state < 0)
		return -1;
	if ((got = archive_reader_read(ar->again, p, n)) < 0)
		link_fail(ar, ": its data cannot be read again: ",
		    ar->again->reason);
	return got;
}

/*
 * The archive read from a function is also the file open on fd from
 * offset base, compressed: a hard link's data is read again there.
 */
void
archive_reader_reread(struct archive_reader *ar, int fd, off_t base)
{
	ar->again_fd = fd;
	ar->again_base = base;
	ar->again_plain = 0;
}

/*
 * The first bytes of the current member, which the caller passes over,
 * for it to say what they are (archive_reader_mark()) to a hard link to
 * it later: how many were read, or -1 when that is not needed (only a
 * tar has hard links).  A link to data that is no text, or none, is then
 * known for what it is from a pipe as from a file, where only text is
 * read again.  What cannot be read is said at the next member, as when
 * it is skipped; a failure that a skip would not meet is not one.
 */
ssize_t
archive_reader_peek(struct archive_reader *ar, void *p, size_t n)
{
	size_t len = 0;
	ssize_t got = 0;
	int failed = ar->failed;

	if (ar->kind != ARCHIVE_READER_TAR || ar->link != NULL)
		return -1;
	while (len < n && (got = archive_reader_read(ar, (char *)p + len,
	    n - len)) > 0)
		len += (size_t)got;
	if (got < 0 && ar->over)
		ar->cut_after = 1;
	else if (got < 0) {
		ar->failed = failed;
		ar->member_failed = 0;
	}
	return (ssize_t)len;
}

/*
 * What the caller made of the data of the current member (or of the
 * member a hard link shares it with), for hard links to it later:
 * ARCHIVE_DATA_READ when handed out, or what was passed over, and for
 * ARCHIVE_DATA_BINARY the name of its format (a static string), or
 * NULL.
 */
void
archive_reader_mark(struct archive_reader *ar, int mark, const char *kind)
{
	if (ar->data_index >= 0) {
		ar->datas[ar->data_index].mark = mark;
		ar->datas[ar->data_index].kind = kind;
	}
}

/*
 * -1 unless the current member is a hard link sharing the data of a
 * member before it; then what the caller marked that data (and the
 * name it gave in *kind), or ARCHIVE_DATA_UNSEEN.  Reading a link reads
 * that data again from a file, and fails, with the reason, from a pipe
 * or when no member before it has the path it names.
 */
int
archive_reader_link(const struct archive_reader *ar, const char **kind)
{
	*kind = NULL;
	if (ar->link == NULL)
		return -1;
	if (ar->data_index < 0)
		return ARCHIVE_DATA_UNSEEN;
	*kind = ar->datas[ar->data_index].kind;
	return ar->datas[ar->data_index].mark;
}
