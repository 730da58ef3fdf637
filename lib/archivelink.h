/*
 * newswire: what the archive reader (lib/archive.c: libarchive's members
 * read one after the other), a tar's hard links (lib/archivelink.c: the
 * members' paths kept, a link's data read again) and a zip's layout
 * (lib/archivezip.c: its directory held against the file, what follows
 * a zip's end) share: the reader's state, the libarchive functions it
 * has loaded, and the steps of the reader that the others take too.
 * Included after nw-private.h.
 */
#ifndef NW_ARCHIVELINK_H
#define NW_ARCHIVELINK_H

#include <archive.h>
#include <archive_entry.h>

/*
 * The libarchive functions used, looked up when the first archive is
 * read (reader_new(), archive.c).
 */
#define ARCHIVE_FNS(X) \
	X(archive_entry_filetype) X(archive_entry_hardlink) \
	X(archive_entry_mtime) X(archive_entry_mtime_is_set) \
	X(archive_entry_pathname) X(archive_entry_size) \
	X(archive_entry_size_is_set) X(archive_error_string) \
	X(archive_format) X(archive_read_data_block) X(archive_read_free) \
	X(archive_filter_bytes) X(archive_read_data_skip) \
	X(archive_read_new) X(archive_read_next_header) \
	X(archive_read_open1) X(archive_read_set_callback_data) \
	X(archive_read_set_format_option) \
	X(archive_read_set_read_callback) \
	X(archive_read_set_seek_callback) \
	X(archive_read_set_skip_callback) \
	X(archive_read_support_filter_bzip2) \
	X(archive_read_support_filter_compress) \
	X(archive_read_support_filter_gzip) \
	X(archive_read_support_filter_lz4) \
	X(archive_read_support_filter_lzip) \
	X(archive_read_support_filter_lzma) \
	X(archive_read_support_filter_xz) \
	X(archive_read_support_filter_zstd) \
	X(archive_read_support_format_7zip) \
	X(archive_read_support_format_cpio) \
	X(archive_read_support_format_empty) \
	X(archive_read_support_format_raw) \
	X(archive_read_support_format_tar) \
	X(archive_read_support_format_zip) \
	X(archive_read_support_format_zip_seekable) \
	X(archive_read_support_format_zip_streamable) X(archive_set_error)
struct libarchive_fns { ARCHIVE_FNS(LAZYLIB_SLOT) };
extern struct libarchive_fns libarchive;

/* How a zip is read: member after member, or through its directory. */
enum { ZIP_STREAM, ZIP_DIRECTORY };

/* The data a hard link may name: archivelink.c. */
struct member_data;

struct archive_reader {
	struct archive		*a;
	struct archive_entry	*entry;
	char			*name;
	char			*member;	/* path of the current member */
	input_read_fn		 fn;		/* where the bytes come from */
	void			*ctx;
	int			 fd;		/* or a file read directly */
	off_t			 base;		/* where the archive begins */
	off_t			 pos;		/* the next read's, in it */
	off_t			 end;		/* where it is read to, or -1 */
	la_int64_t		 start_at;	/* where libarchive began, */
	la_int64_t		 handed;	/* and gave it bytes up to */
	int			 zip;		/* ZIP_DIRECTORY, ZIP_STREAM */
	uint64_t		 zip_members;	/* read by this reader */
	uint64_t		 zip_skip;	/* to pass over: read before */
	unsigned char		*block;
	unsigned char		*before;	/* the block before it, */
	size_t			 before_len;	/* read from fn, and where */
	la_int64_t		 before_at;	/* both are in the stream */
	la_int64_t		 block_at;
	size_t			 block_len;
	unsigned char		 head[512];	/* the block at head_at */
	size_t			 head_len;
	la_int64_t		 head_at;	/* the first not all zeros */
	la_int64_t		 zeros_to;	/* zeros from header_at to it */
	int			 kind;		/* ARCHIVE_READER_TAR, ... */
	int			 codec;		/* first block's: SNIFF_XZ */
	int			 started;
	int			 ended;		/* the bytes ran out */
	int			 fn_over;	/* fn has no more */
	const void		*data;		/* member data not handed out */
	size_t			 left;
	la_int64_t		 data_at;	/* its offset in the member */
	la_int64_t		 out_at;	/* how much of it went out */
	char			 reason[160];	/* why the member failed */
	int			 cut;		/* the reason: the data ended */
	int			 failed;
	int			 member_failed;	/* read no more of it */
	int			 skipping;	/* over damage, reported */
	int			 garbage;	/* after the end, reported */
	int			 in_data;	/* a member's data is next */
	la_int64_t		 header_at;	/* where the next header is */
	int			 over;
	int			 cut_after;	/* the member: to be said */
	int			 rest_lost;	/* after damage: to be said */
	la_int64_t		 entry_at;	/* where its headers begin */

	/* A tar's members, for its hard links. */
	struct key_table	 paths;		/* hashed path: order, data */
	uint32_t		 npaths;
	struct member_data	*datas;
	size_t			 ndatas, datas_cap;
	int64_t			 data_index;	/* the member's, or -1 */
	char			*link;		/* its link's target or NULL */
	int			 link_state;	/* 0, 1 read again, -1 failed */
	struct buf		 link_reason;
	struct archive_reader	*again;		/* the archive read again */
	la_int64_t		 again_from;	/* at this stream offset */
	int			 again_fd;	/* from this file, or -1 */
	off_t			 again_base;
	int			 again_plain;	/* not compressed: can seek */
};

/* archive.c */
const char		*archive_member_path(const char *);
int			 archive_next_header(struct archive_reader *);
void			 archive_member_begin(struct archive_reader *);
struct archive_reader	*archive_file_reader_new(int, off_t, const char *,
			    int);
const char		*archive_header_reason(struct archive_reader *, int);
ssize_t			 archive_reader_bytes(struct archive_reader *,
			    la_int64_t, void *, size_t);
int			 archive_reader_restart(struct archive_reader *,
			    la_int64_t);

/* archivezip.c */
int			 archive_zip_whole(int, off_t, off_t *);
int			 archive_zip_after(struct archive_reader *);

/* archivelink.c */
int			 archive_tar_member(struct archive_reader *, int);
ssize_t			 archive_link_read(struct archive_reader *, void *,
			    size_t);

#endif
