/*
 * newswire: what lib/ files share among themselves and the tools do not
 * call (the lowdown extern.h model).  Every lib file includes this header
 * instead of nw.h; so do the fuzz harnesses, which test lib/ from inside.
 * Tools include only nw.h: a declaration moves there when a tool needs it.
 */
#ifndef NW_PRIVATE_H
#define NW_PRIVATE_H

#include <locale.h>
#include <string.h>
#include <time.h>

#include "nw.h"

/*
 * Eight bytes at a time (SWAR).  A word holds eight bytes loaded with
 * memcpy; these tests set the high bit of the bytes they find.
 */
#define SWAR_ONES	0x0101010101010101ULL
#define SWAR_HIGHS	0x8080808080808080ULL

/* High bit set in each byte of w equal to c (exact, no false hits). */
static inline uint64_t
swar_bytes_equal(uint64_t w, unsigned char c)
{
	uint64_t t = w ^ (SWAR_ONES * c);

	return ~(((t & ~SWAR_HIGHS) + ~SWAR_HIGHS) | t) & SWAR_HIGHS;
}

/*
 * Nonzero if some byte of w is below c (c at most 0x80).  The lowest
 * flagged byte is exact, the ones above it may be false hits, which is
 * all a scan for the first such byte needs.
 */
static inline uint64_t
swar_bytes_below(uint64_t w, unsigned char c)
{
	return (w - SWAR_ONES * c) & ~w & SWAR_HIGHS;
}

/*
 * Eight bytes at p with the first in the low byte on any machine, so that
 * swar_first() finds the first flagged byte in memory (and the false hits
 * of swar_bytes_below() are above it).
 */
static inline uint64_t
swar_load(const void *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

/*
 * Code built for AVX2 with a target attribute beside its SSE2 twin, on
 * x86 with GCC or Clang; cpu.c tells which of the two runs.
 */
#if defined(__SSE2__) && defined(__GNUC__) && \
    (defined(__x86_64__) || defined(__i386__))
#define NW_AVX2
#endif
int	 nw_avx2(const char *);

/* Index of the first byte flagged in m (nonzero) of a swar_load() word. */
static inline size_t
swar_first(uint64_t m)
{
	return (size_t)__builtin_ctzll(m) / 8;
}

/* High bit set in each byte of w from 'A' to 'Z' (w holds only ASCII). */
static inline uint64_t
swar_ascii_upper(uint64_t w)
{
	return (w + SWAR_ONES * (0x80 - 'A')) &
	    ~(w + SWAR_ONES * (0x80 - 'Z' - 1)) & SWAR_HIGHS;
}

/*
 * warn.c: err(3), warn(3) and the rest of their family, defined here
 * (in place of the C library's) so that every message shows each
 * control character and each byte of invalid UTF-8 it quotes as a
 * vis(3) escape (\n, \t, \033, \377).  msg_encode() is that encoding,
 * for a message written some other way: the n bytes at s into out,
 * which has room for 4 * n + 1; returns the length written, NUL
 * not counted.  msg_line() writes a message another library formatted
 * (the n bytes at s, a line) to standard error so encoded.
 */
size_t	 msg_encode(char *, const char *, size_t);
void	 msg_line(const char *, size_t);

/*
 * arena.c: many small copies in a few large blocks, freed together.
 * A zeroed struct arena is empty; bytes counts what its blocks hold.
 */
struct arena_block;
struct arena {
	struct arena_block	*head;
	size_t			 bytes;
};
/* A copy of s[0..n) followed by a NUL byte. */
char	*arena_copy(struct arena *, const void *, size_t);
char	*arena_try_copy(struct arena *, const void *, size_t);	/* NULL: ENOMEM */
void	 arena_free(struct arena *);

/*
 * lazylib.c: a library opened (dlopen) the first time a file needs it,
 * its functions looked up into a table typed from its header.  The
 * functions are listed once; the list makes the table and the lookups:
 *
 *	#define STEMMER_FNS(X) X(sb_stemmer_new) X(sb_stemmer_delete)
 *	static struct { STEMMER_FNS(LAZYLIB_SLOT) } sb;
 *	#define SB_SYM(f)	LAZYLIB_SYM(sb, f)
 *	static struct lazylib stemmer_lib =
 *	    LAZYLIB_INIT("libstemmer.so.0d", STEMMER_FNS(SB_SYM));
 *	...
 *	if (lazylib_load(&stemmer_lib) == -1)
 *		errx(..., "...: %s", stemmer_lib.why);
 *
 * lazylib_load() returns 0 once every function is in its slot, -1 when
 * the library or one of them cannot be found, why saying precisely what
 * (the library is not tried again).
 */
struct lazysym {
	const char	 *name;		/* "sb_stemmer_new" */
	void		**slot;		/* where its address goes */
};
struct lazylib {
	const char		*soname;	/* "libstemmer.so.0d" */
	const struct lazysym	*syms;		/* up to a NULL name */
	void			*handle;	/* once loaded */
	int			 failed;
	char			 why[256];
};
int	 lazylib_load(struct lazylib *);
#define LAZYLIB_STR(x)		#x
#define LAZYLIB_NAME(f)		LAZYLIB_STR(f)	/* after renaming macros */
#define LAZYLIB_SLOT(f)		__typeof__(f) *f;
#define LAZYLIB_SYM(table, f)	{ LAZYLIB_NAME(f), (void **)&(table).f },
#define LAZYLIB_INIT(soname, syms) \
	{ (soname), (const struct lazysym []){ syms { NULL, NULL } }, \
	    NULL, 0, "" }

/* utf8.c */
#define UTF8_REPLACEMENT	"\xef\xbf\xbd"
size_t	 utf8_decode(const unsigned char *, size_t, int32_t *);
size_t	 utf8_encode(int32_t, char *);
size_t	 utf8_invalid_span(const unsigned char *, size_t);
size_t	 utf8_valid_prefix(const char *, size_t);
size_t	 utf8_tally(const char *, size_t, size_t *, size_t *, int *);

/* The UTF-32 code unit at p (le: little-endian), and whether it is none. */
static inline uint32_t
utf32_unit(const unsigned char *p, int le)
{
	return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24 :
	    (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static inline int
utf32_invalid(uint32_t u)
{
	return u > 0x10ffff || (u >= 0xd800 && u <= 0xdfff);
}
/*
 * C.UTF-8 as the calling thread's locale, for a library that reads
 * characters by the locale (regex(3), libarchive's names) while the
 * tools run in C: returns what utf8_locale_leave() puts back; nothing
 * changes where C.UTF-8 is missing.
 */
locale_t utf8_locale_enter(void);
void	 utf8_locale_leave(locale_t);
/*
 * C1 controls read as Windows-1252 (U+0093 -> U+201C), the five it
 * leaves unassigned as the character given (0: left out); returns how
 * many.  utf8_c1_char(): one of them, 0 for the unassigned.
 */
size_t	 utf8_c1_mend(struct buf *, const char *, size_t, int32_t);
int32_t	 utf8_c1_char(unsigned int);
int	 utf8_has_c1(const char *, size_t);
int	 ascii_only(const char *, size_t);

/*
 * casefold.c: full Unicode case folding (utf8proc), appended to out;
 * invalid bytes are copied as they are.  Returns the bytes appended.
 */
size_t	 utf8_casefold(struct buf *, const char *, size_t);
/* The same with Turkish and Azeri dotted and dotless i: I to ı, İ to i. */
size_t	 utf8_casefold_turkic(struct buf *, const char *, size_t);
/* 1 if the fold of the code point is not the code point itself. */
int	 utf8_casefold_changes(int32_t);
/* The fold of a BMP code point: UTF-8 bytes, their number << 24. */
uint32_t utf8_casefold_bmp(int32_t);

/* hash.c */
uint64_t	 hash_bytes(const void *, size_t);

/* A 64-bit finaliser (MurmurHash3's): every bit of h moves every bit. */
static inline uint64_t
mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/*
 * sniff.c: the one place that tells formats apart, by content and never
 * by name, on positive evidence only (a magic number, a tar header whose
 * checksum adds up).  sniff_codec() looks at raw bytes; sniff_content()
 * at uncompressed ones: SNIFF_SIZE bytes or the whole stream (whole),
 * and SNIFF_ZEROS_MAX when they start with a zero block: zeros are an
 * empty tar only when they are all there is.  SNIFF_BINARY: a format
 * that is not text, told by its magic number; sniff_binary() names it.
 * Data compressed again is looked through (sniff_text()) and read
 * (source.c) up to SNIFF_LAYERS compressions deep.
 */
#define SNIFF_SIZE	4096
#define SNIFF_ZEROS_MAX	65536
#define SNIFF_LAYERS	5
enum {
	SNIFF_PLAIN, SNIFF_GZIP, SNIFF_XZ, SNIFF_ZSTD, SNIFF_BZIP2, SNIFF_LZ4,
	SNIFF_LZIP, SNIFF_COMPRESS
};
enum {
	SNIFF_TEXT, SNIFF_TAR, SNIFF_TAR_EMPTY, SNIFF_TAR_CUT, SNIFF_ZEROS,
	SNIFF_ZIP, SNIFF_7Z, SNIFF_WARC, SNIFF_JSON, SNIFF_BINARY
};
int		 sniff_codec(const void *, size_t);
size_t		 sniff_codec_need(const void *, size_t);
const char	*sniff_codec_name(int);
int		 sniff_content(const void *, size_t, int);
size_t		 sniff_zeros(const void *, size_t);	/* leading NULs */
const char	*sniff_binary(const void *, size_t);	/* "PNG image" */
int		 sniff_text(const void *, size_t);	/* 1: not binary */
enum { SNIFF_UTF16_NONE, SNIFF_UTF16LE, SNIFF_UTF16BE, SNIFF_UTF32LE,
    SNIFF_UTF32BE };
int		 sniff_utf16(const void *, size_t, size_t *);
size_t		 sniff_gzip_peek(const void *, size_t, unsigned char *, size_t);
size_t		 sniff_peek(const void *, size_t, unsigned char *, size_t);

/*
 * codec.c: gzip, xz, lzip, zstd, bzip2 and lz4 decoders behind one
 * interface, driven by input.c.  codec_new() is NULL for a kind it does
 * not know; codec_step() decodes what it can of in into out.
 */
enum {
	CODEC_OK, CODEC_END, CODEC_TRUNCATED, CODEC_GARBAGE, CODEC_ERROR,
	CODEC_RESYNC
};
struct codec;
struct codec	*codec_new(int, int);		/* SNIFF_GZIP, ...; GUNZIP_ZLIB */
int		 codec_step(struct codec *, const void *, size_t *, void *,
		    size_t *, int);
const char	*codec_error(const struct codec *);
void		 codec_free(struct codec *);
/*
 * A damaged stretch of the compressed bytes: where it starts (the
 * corrupt member or frame, or bytes after one that start none), where
 * the one decoding went on at starts (found), and how many decoded bytes
 * the corrupt one gave before its fault was found (lost).
 */
struct codec_damage {
	uint64_t	 from, to, lost;
	int		 found;
	const char	*why;
};
/* After CODEC_RESYNC, or CODEC_ERROR when no member was found: 1. */
int		 codec_damage(const struct codec *, struct codec_damage *);
/*
 * How many of the bytes decoded have been checked (a gzip member's
 * CRC32 and length, a zstd frame's checksum, at its end); UINT64_MAX
 * when they are not checked apart from the decoding: neither, or their
 * first member or frame.
 */
uint64_t	 codec_checked(const struct codec *);

/*
 * resync.c: frames one after another (gzip members, zstd frames), and
 * after a damaged one the next good one.  The decoder reads the frames
 * through ops, and tells it where each starts and where it ends whole.
 */
struct resync;
struct resync_ops {
	/*
	 * codec_step() on p[0..*inlen), whose first byte is at offset at;
	 * a frame tried stops at its end (resync_frame_end() says so).
	 */
	int		 (*decode)(void *, const unsigned char *, size_t *,
			    void *, size_t *, int, uint64_t);
	void		 (*restart)(void *);	/* a frame starts next */
	/* Why the last CODEC_ERROR, or CODEC_GARBAGE. */
	const char	*(*error)(const void *);
	void		 (*free)(void *);	/* NULL: the caller's */
	/* The bytes that start a frame, each under its mask (resync.c). */
	unsigned char	 magic[4], mask[4];
};
struct resync	*resync_new(const struct resync_ops *, void *);
int		 resync_step(struct resync *, const void *, size_t *, void *,
		    size_t *, int);
void		 resync_frame_start(struct resync *, uint64_t);
int		 resync_frame_end(struct resync *, size_t);
const char	*resync_error(const struct resync *);
int		 resync_damage(const struct resync *, struct codec_damage *);
uint64_t	 resync_checked(const struct resync *);
void		 resync_free(struct resync *);

/*
 * gunzip.c: gzip members through ISA-L's igzip where the build has it,
 * zlib otherwise or with GUNZIP_ZLIB (also an input flag: the fuzz
 * harness compares the two), driven by the resync returned, which
 * resync_free() frees with them.
 */
#define GUNZIP_ZLIB	0x200
struct resync	*gunzip_new(int);

/* input.c: inputs over other readers (archive members, fuzz data). */
typedef ssize_t	(*input_read_fn)(void *, void *, size_t);
struct input	*input_open_fd(int, const char *, int);
struct input	*input_open_reader(input_read_fn, void *, const char *, int);
/* -1 after "name: is the output file" when fd is standard output's file. */
int		 input_check_output(int, const char *);
void		 input_set_charset(struct input *, const char *);
void		 input_repairs_move(struct input *, struct input *);
void		 input_repairs_add(struct input *, uint64_t);
ssize_t		 input_read(struct input *, void *, size_t); /* decompressed */
/*
 * input_read(), but -2 at a gap: decoded bytes lost to damage there
 * (reported), *lost set to how many bytes before it came from the
 * damaged data; the next read goes on after it.  input_read() passes a
 * gap silently, input_line() ends a line at one.
 */
ssize_t		 input_read_part(struct input *, void *, size_t, uint64_t *);
/* codec_checked(): the decoded bytes a gap can no longer cut. */
uint64_t	 input_checked(const struct input *);
/* The first n decompressed bytes, not consumed (fewer at the end). */
const char	*input_peek(struct input *, size_t, size_t *);
int		 input_codec(struct input *);	/* SNIFF_PLAIN, _GZIP, ... */
int		 input_utf16(const struct input *);	/* read as UTF-16/32 */

/*
 * listfile.c: list files, one entry a line, '#' starting a comment at the
 * start of a line or after a blank, blanks around an entry trimmed, at
 * most LIST_MAX bytes.  list_entry() finds the entry in one line (its
 * length, 0 for none); listfile_open() names the file in its messages
 * by what it is ("topic file"); listfile_next() hands out the entries of
 * a file, NUL-terminated, valid until the next call.  Flags are
 * INPUT_STRICT and:
 */
#define LIST_QUOTES	0x100	/* no comment starts inside "..." */
#define LIST_MAX	(32 * 1024 * 1024)
struct listfile;
size_t		 list_entry(const char *, size_t, int, const char **);
struct listfile	*listfile_open(const char *, int, const char *); /* NULL: warned */
const char	*listfile_next(struct listfile *, size_t *);
const char	*listfile_name(const struct listfile *);
uint64_t	 listfile_lineno(const struct listfile *);
int		 listfile_close(struct listfile *);	/* 0, or -1 */

/* record.c: the fields before the text ("ID\t" or "ID\tMETA\t"); "" if bare. */
void	 record_write_head(const struct record *);

/* source.c: JSON Lines defaults. */
#define SOURCE_TEXT_FIELDS	"maintext,text"
#define SOURCE_TITLE_FIELDS	"title"
#define SOURCE_ID_FIELDS	"url"
#define SOURCE_TITLE_END	"\n\n"	/* after a title paragraph */

/*
 * json.c: the members of one JSON object (RFC 8259) that the caller
 * names, found in one validating pass over text[0..len) with no tree
 * built.  Strings come back decoded to UTF-8 (a lone surrogate or an
 * invalid byte as U+FFFD, the lone surrogates counted in
 * lone_surrogates; an escaped NUL as a NUL byte); numbers, true
 * and false as written; arrays and objects as their JSON text; null
 * empty.  When a name occurs twice the last one counts.  Returns 0, or
 * -1 with error set when the text is not one valid object.
 */
#define JSON_DEPTH_MAX	512	/* arrays and objects inside each other */

enum json_type {
	JSON_ABSENT, JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER,
	JSON_STRING, JSON_ARRAY, JSON_OBJECT
};
struct json_member {
	const char	*name;		/* set by the caller */
	enum json_type	 type;
	struct buf	 value;
	size_t		 lone_surrogates;	/* in a string, as U+FFFD */
};
struct json_error {
	const char	*reason;
	size_t		 offset;	/* of the byte where it went wrong */
};
int	 json_object_members(const char *, size_t, struct json_member *,
	    size_t, struct json_error *);
/* The objects of an array, or of objects one after another, one a call. */
int	 json_array_next(const char *, size_t, size_t *, size_t *, size_t *,
	    struct json_error *);
int	 json_array_skip(const char *, size_t, size_t *, size_t *, size_t *);
int	 json_sequence_next(const char *, size_t, size_t *, size_t *, size_t *,
	    struct json_error *);
/* A string from just past its opening quote: the bytes read, 0 if bad. */
size_t	 json_string_decode(const char *, size_t, struct buf *);

/*
 * warc.c: WARC records (WARC/1.0 and WARC/1.1) read from an input, so
 * plain, gzipped whole and gzipped per record all work.  warc_next()
 * moves to the next record (skipping what is left of the current one);
 * warc_read() hands out its content.  Problems are reported as
 * "nw-NAME: file: record N at byte OFFSET: reason" (OFFSET counting
 * uncompressed bytes), but content that warc_read() finds cut short,
 * which the caller reports with warc_reason(), as it knows what is lost;
 * after a damaged header or a wrong Content-Length
 * reading goes on at the next line starting "WARC/1." (and warc_next()
 * returns -1 at the end), after data cut short the file is over.  But
 * content followed by no record, or cut short, that holds a line
 * starting "WARC/1." had a Content-Length too long: given all of it,
 * warc_resync_content() reports that and goes on at that line, saying
 * how much of the content was the record's (1).  A gzip member found
 * corrupt cuts the record its bytes fall in where they start: content
 * so cut is a record cut short, and warc_resync_content() says how much
 * came before the damage (-1); a header so cut is reported, and reading
 * goes on after the damage.
 * warc_close() leaves the input open.
 */
#define WARC_HEADER_MAX	(1024 * 1024)	/* bytes in one record's header */

struct warc;
struct warc_record {
	const char	*type;		/* WARC-Type, "" when there is none */
	uint64_t	 length;	/* Content-Length */
	uint64_t	 number;	/* 1 for the first record */
	uint64_t	 offset;	/* of its version line */
};
struct warc	*warc_open(struct input *);
int		 warc_next(struct warc *, struct warc_record *); /* 1, 0, -1 */
const char	*warc_header(const struct warc *, const char *); /* or NULL */
ssize_t		 warc_read(struct warc *, void *, size_t);	/* 0 at end */
int		 warc_truncated(const struct warc *);	/* content cut short */
int		 warc_resync_content(struct warc *, const void *, size_t,
		    size_t *);
const char	*warc_reason(const struct warc *);
int		 warc_failed(const struct warc *);
void		 warc_close(struct warc *);

/*
 * archive.c: the regular-file members of a tar (plain or compressed,
 * several concatenated read as one), zip or 7z archive, through
 * libarchive, streamed: nothing is unpacked to disk.  Member paths come
 * without a leading "./" or "/".  archive_reader_read() is an
 * input_read_fn for the current member; when it fails, the caller
 * reports archive_reader_reason() ("unexpected end of file (truncated
 * tar data)", ...).  Other problems are reported as "nw-NAME: archive:
 * reason".  A tar's hard link comes too, when it shares the data of a
 * regular member before it, or names none: archive_reader_link() says
 * what the caller marked that data (archive_reader_mark()), and reading
 * the link reads it again from a file (archive_reader_open_file(), or
 * archive_reader_reread() for a compressed one) or fails, with the
 * reason.  A tar member passed over is marked from its first bytes
 * (archive_reader_peek()), so that a link to one that is not text, or
 * empty, is known for what it is from a pipe as from a file.  What
 * concerns hard links only is in archivelink.c.
 */
enum {
	ARCHIVE_READER_ANY,	/* any of these, or one compressed file */
	ARCHIVE_READER_TAR, ARCHIVE_READER_ZIP, ARCHIVE_READER_7Z,
	ARCHIVE_READER_RAW	/* only one compressed file */
};
enum {
	ARCHIVE_DATA_UNSEEN,	/* not marked: a hard link reads it */
	ARCHIVE_DATA_READ,	/* handed out under the member's name */
	ARCHIVE_DATA_TEXT,	/* passed over: would be a document */
	ARCHIVE_DATA_BINARY,	/* passed over: not text */
	ARCHIVE_DATA_EMPTY	/* passed over: no data */
};
struct archive_reader;
struct archive_reader	*archive_reader_open(input_read_fn, void *,
			    const char *, int);		/* NULL after a warning */
struct archive_reader	*archive_reader_open_file(int, off_t, const char *,
			    int);
void			 archive_reader_reread(struct archive_reader *, int,
			    off_t);
int			 archive_reader_next(struct archive_reader *,
			    const char **);		/* 1, 0, -1 */
ssize_t			 archive_reader_read(void *, void *, size_t);
ssize_t			 archive_reader_peek(struct archive_reader *, void *,
			    size_t);			/* -1: not needed */
void			 archive_reader_mark(struct archive_reader *, int,
			    const char *);
int			 archive_reader_link(const struct archive_reader *,
			    const char **);
int			 archive_reader_mtime(const struct archive_reader *,
			    time_t *);			/* 1 if known */
int			 archive_reader_raw(const struct archive_reader *);
const char		*archive_reader_member(const struct archive_reader *);
const char		*archive_reader_reason(const struct archive_reader *);
int			 archive_reader_failed(const struct archive_reader *);
void			 archive_reader_close(struct archive_reader *);

/*
 * charset.c: the encoding of a web page and its conversion to UTF-8.
 * The *_from_* functions store a lower-case label (room for 41 bytes)
 * and return 1 when they find one: in a Content-Type value, in a <meta>
 * near the start of a page (one browsers know; the first unknown label
 * skipped is stored in the last argument, unless NULL, when empty), in a
 * byte-order mark (*skip its length).
 * charset_encoding() is the iconv name of the encoding a label means
 * to browsers (WHATWG), NULL for a label they do not know; ISO-8859-1
 * and ASCII labels mean windows-1252, as there.  charset_convert()
 * appends the bytes as UTF-8, a byte it cannot convert as U+FFFD
 * (counted in *repairs); -1 when the label is unknown, the bytes then
 * repaired as UTF-8.  charset_text_encoding() is the encoding a
 * --charset label means, or NULL: none.
 */
struct charset_converter;
int	 charset_from_content_type(const char *, char *);
int	 charset_from_meta(const char *, size_t, char *, char *);
int	 charset_from_xml(const char *, size_t, char *, char *);
int	 charset_from_bom(const char *, size_t, char *, size_t *);
const char *charset_encoding(const char *);
const char *charset_text_encoding(const char *);
int	 charset_is_utf8(const char *);
struct charset_converter *charset_converter_new(void);
void	 charset_converter_free(struct charset_converter *);
int	 charset_convert(struct charset_converter *, const char *,
	    const char *, size_t, struct buf *, size_t *);

/*
 * A web page in UTF-8 (charset_page_utf8(): see charset.c): the
 * converter, the label of a page that declares none and is not UTF-8
 * (NULL: windows-1252), and the page converted when it had to be.
 */
struct charset_page {
	struct charset_converter *conv;
	const char		*fallback;
	struct buf		 utf8;
};
struct html_page;
void	 charset_page_utf8(struct charset_page *, const char *, size_t,
	    const char *, int, struct html_page *, const char **, size_t *);

/*
 * htmlscan.c: a web page (UTF-8) made lighter for libxml2: comments and
 * script and style bodies cut out, end tags that close nothing left out,
 * runs of text replaced by markers that html_scan_run() turns back into
 * the text (NULL for no marker).  The page scanned must outlive the
 * scan's use.  html_script_end(): where a browser ends a script body.
 */
#define HTML_SCAN_MARK		"\xef\xb7\x90"	/* U+FDD0 */
#define HTML_SCAN_MARK_LEN	8		/* and five letters */
/*
 * libxml2's lexical classes (HTMLparser.c of 2.9.14), which htmlscan.c
 * and htmlref.c follow: name characters (htmlParseHTMLName), blanks;
 * html_comment_end(): the end of a comment at p ("<!--"), NULL when it
 * has none.
 */
static inline int
html_is_letter(unsigned char c)
{
	return (unsigned)((c | 0x20) - 'a') < 26;
}

static inline int
html_is_name(unsigned char c)
{
	return html_is_letter(c) || (unsigned)(c - '0') < 10 || c == ':' ||
	    c == '-' || c == '_' || c == '.';
}

static inline int
html_is_name_start(unsigned char c)
{
	return html_is_letter(c) || c == '_' || c == ':' || c == '.';
}

static inline int
html_is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const unsigned char *html_comment_end(const unsigned char *,
	    const unsigned char *);

struct html_scan_run {
	size_t	off, len;
};
struct html_scan {
	struct buf		 out;		/* the page to parse */
	const unsigned char	*base;		/* the page scanned */
	struct html_scan_run	*runs;
	size_t			 nruns, runcap;
	int			 marks;		/* markers may be used */
	uint64_t		 started[256];	/* names of start tags seen,
						   a Bloom filter */
};
void		 html_scan(struct html_scan *, const char *, size_t);
const char	*html_scan_run(const struct html_scan *, const char *,
		    size_t *);
const char	*html_script_end(const char *, const char *);
void		 html_scan_free(struct html_scan *);
/*
 * htmlraw.c: the elements a browser reads as raw text (RAWTEXT, RCDATA
 * or PLAINTEXT) that html.c reads so (htmllex.c): html_raw_find() by
 * name (n bytes, any case), NULL for another; html_raw_end(): where a
 * browser ends one whose body starts at body, the "</" of its end tag,
 * NULL when it runs to stop; stop itself for one no end tag ends
 * (plaintext), whose body is the rest of the page.  html_is_name_end():
 * whether a tag name ends at c, to the WHATWG tokenizer (htmlscan.c's
 * script ends too).
 */
#define HTML_RAW_HIDDEN	0	/* its text is not shown */
#define HTML_RAW_AS_IS	1	/* shown as it is (RAWTEXT) */
#define HTML_RAW_REFS	2	/* shown, references read (RCDATA) */
struct html_raw {
	const char	*name;
	size_t		 len;
	unsigned	 bit;		/* its own, in a set of them */
	int		 text;		/* HTML_RAW_* */
	int		 noend;		/* no end tag ends it */
};
const struct html_raw *html_raw_find(const char *, size_t);
const char	*html_raw_end(const struct html_raw *, const char *,
		    const char *);
int		 html_is_name_end(unsigned char);
struct html_parser;
void		 html_parser_scan(struct html_parser *, int);	/* html.c */

/*
 * http.c: an HTTP response as a WARC response record holds it: status,
 * the headers wanted, and the body with its transfer and content
 * codings (chunked, gzip, deflate) undone.  http_response_parse()
 * returns 0; 1 when the body is cut short (the body holds what came) or
 * -1 when it cannot be read, with *reason set.  With pages_only set, a
 * body whose Content-Type says it is no web page (http_type_page()) is
 * left as it came.
 */
struct http_response {
	int		 pages_only;	/* set by the caller */
	int		 status;
	const char	*content_type;	/* NULL when absent; point into */
	const char	*last_modified;	/* the header buffer */
	struct buf	 head;		/* the header, NUL-terminated lines */
	struct buf	 body;
	char		 why[80];	/* a reason with numbers in it */
	char		 named[48];	/* a Content-Encoding of no coding */
};
int	 http_response_parse(struct http_response *, const char *, size_t,
	    const char **);
void	 http_response_free(struct http_response *);
int	 http_type_page(const char *);

/*
 * source.c, sourcejson.c, sourcewarc.c: the reader of operands behind
 * source_open() (nw.h).  source.c sniffs the operand, reads text, web
 * pages and archive members and holds what the readers share (ids,
 * metadata fields, the page reader); sourcejson.c reads JSON, and
 * sourcewarc.c WARC records, through these.
 */
/* Bytes already read, then the rest from a read function. */
struct replay {
	unsigned char	*data;
	size_t		 len, pos;
	input_read_fn	 fn;
	void		*ctx;
	int		 failed;	/* fn failed */
};

#define SOURCE_LAYERS	(SNIFF_LAYERS - 1)	/* compressions of compressed
						   data undone */

/*
 * The inputs under one that reads data compressed again, one a
 * compression undone: under[0] reads the file or member itself.
 */
struct layers {
	struct input	*under[SOURCE_LAYERS];
	size_t		 n;
};

struct source {
	char			*name;
	const struct source_options *opt;
	int			 format;	/* SOURCE_TEXT, _ARCHIVE, ... */
	int			 fd, close_fd;
	int			 regular;	/* a file, which can seek */
	off_t			 base;		/* where it begins */
	int			 archive;	/* documents are members */
	int			 failed;
	int			 done;
	const char		*not_text;	/* skipped as this binary
						   format ("PNG image") */
	int			 have_mtime;
	time_t			 mtime;

	struct input		*in;		/* the operand, uncompressed */
	struct layers		 layers;	/* under in: compressed again */
	struct archive_reader	*ar;
	/*
	 * What the WARC or JSON reader reads, and its name in messages
	 * and in the ids made of it: the operand's input and name, or an
	 * archive member's input and id (memberid).
	 */
	struct input		*from;
	const char		*file;
	struct buf		 memberid;
	struct warc		*warc;

	struct input		*doc;		/* the current document */
	struct replay		 member;	/* an archive member's bytes */
	struct layers		 member_layers;	/* under its input */
	struct buf		 id, meta, text;
	struct buf		 where;		/* the document, for messages */
	size_t			 docpos;

	char			*lists[4];	/* names, split in place */
	char			**meta_names;	/* --meta */
	size_t			 nmeta;
	struct json_member	*members;	/* text, title, id, meta */
	size_t			 nmembers;
	size_t			 ntext, ntitle, nid;

	struct kind_tally	 binary;	/* members skipped: not text */
	struct kind_tally	 records_binary;	/* WARC conversion
						   records so */

	/* JSON: how it is laid out, and the file when read whole. */
	enum {
		JMODE_UNDECIDED, JMODE_LINES, JMODE_BUFFERED_LINES,
		JMODE_OBJECT, JMODE_ARRAY, JMODE_SEQUENCE, JMODE_DONE
	}			 jmode;
	struct buf		 whole;
	size_t			 wholepos;
	uint64_t		 wholeline;	/* of its first byte */
	uint64_t		 cutline;	/* of its last byte */
	int			 wholelines;	/* JSON Lines all in whole */
	size_t			 wherepos;	/* whole_where()'s last offset, */
	size_t			 wherestart;	/* the start of its line */
	uint64_t		 whereline;	/* and the line's number */
	uint64_t		 elemline;	/* the last object's, in an array
						   or a sequence */
	uint64_t		 ndocs, nnoid, nnotitle;
	uint64_t		*nmissing;	/* for each --meta name */
	uint64_t		 nlone;		/* lone surrogates written */
	/* web pages (html.c) */
	struct html_parser	*html;
	struct html_page	 page;
	int			 is_page;	/* the document is a page */
	int			 page_text_due;	/* text to make of its blocks */
	struct buf		 raw;		/* its bytes */
	struct http_response	 http;
	int			 have_http;
	struct buf		 reported;	/* unknown charsets, each
						   NUL-ended */
	uint64_t		 nrepairs, nnuls, nnothtml, nstatus, nnonchars;
	uint64_t		 nresource_nothtml;	/* resource records
						   that are no page */
	uint64_t		 nunclosed;	/* pages ending in a value */
	uint64_t		 nbadutf8;	/* repairs in pages sniffed
						   as UTF-8 */
};
/* Append to a metadata field, made valid for a record (ids: utf8_id_add). */
void	 source_field_add(struct buf *, const char *, size_t);
void	 source_number_add(struct buf *, int, uint64_t);
size_t	 source_split_names(char *, char ***);
void	 source_page_field_add(struct source *, const char *);
int	 source_read_all(struct buf *, input_read_fn, void *);
int	 source_page_fill(struct source *, input_read_fn, void *);
int	 source_page_read(struct source *, input_read_fn, void *,
	    const char *, int);
void	 source_document_open(struct source *, struct source_document *,
	    input_read_fn, void *);
ssize_t	 source_text_read(void *, void *, size_t);
void	 source_json_setup(struct source *);
int	 source_json_next(struct source *, struct source_document *);
void	 source_json_report(struct source *);
int	 source_warc_next(struct source *, struct source_document *);
/* source.c, for the readers of sourcearchive.c, sourcejson.c, ... */
extern const char source_too_deep[];	/* what layers_open() leaves */
ssize_t	 source_replay_read(void *, void *, size_t);	/* a struct replay */
int	 source_replay_fill_all(struct replay *);
ssize_t	 source_stream_read(void *, void *, size_t);	/* a struct input */
struct input *source_layers_open(struct layers *, struct input *,
	    const char *, int);
void	 source_layers_close(struct source *, struct layers *);
int	 source_content_peek(struct input *, const char **, size_t *);
void	 source_reader_open(struct source *, struct input *, int,
	    const char *);
int	 source_reader_next(struct source *, struct source_document *);
void	 source_meta_file(struct source *, int, time_t);
void	 source_document_start(struct source *, struct source_document *,
	    struct input *);
/* sourcearchive.c: the members of an archive operand */
int	 source_archive_open(struct source *, int);
int	 source_archive_next(struct source *, struct source_document *);
int	 source_member_close(struct source *, struct input *);

/* wordset.c */
struct wordset	*wordset_new(void);
int		 wordset_add(struct wordset *, const char *, size_t); /* 1 if new */
int		 wordset_contains(const struct wordset *, const char *, size_t);
size_t		 wordset_count(const struct wordset *);

/*
 * topicset.c (the topic-file parser) and topicmatch.c (the matcher):
 * a topic set as both see it.  Every entry of every topic ends at a node
 * of one trie whose edges are token symbols: word id w is 2w, prefix id
 * p is 2p + 1; node 0 is the root.
 */
#define TOPIC_NONE	UINT32_MAX
#define TOPIC_NODES_MAX	(1u << 30)
struct topic_entry {
	double		 weight;
	uint32_t	 topic;
	uint32_t	 next;		/* next entry ending at the same node */
	int		 weak;
	uint32_t	 text;		/* entry text in set->texts */
	uint32_t	 textlen;
	uint64_t	 line;
};

struct topic {
	char		*name;
	char		*path;
	uint32_t	 nentries;
	uint32_t	 nstrong;	/* not weak, positive weight */
	uint32_t	 npositive;	/* positive weight, weak or not */
	double		 bias;		/* @bias: evidence every document has */
	uint64_t	 biasline;	/* where it was set, 0 for nowhere */
};

struct topic_edge {
	uint64_t	 key;		/* parent node << 32 | symbol */
	uint32_t	 child;		/* 0: empty slot (the root is no child) */
};

struct topic_set {
	struct topic	*topics;
	size_t		 ntopics, topicscap;
	struct topic_entry	*entries;
	size_t		 nentries, entriescap;
	struct buf	 texts;

	/* Symbols: word id w is 2w, prefix id p is 2p + 1. */
	struct strtab	*words;
	struct strtab	*prefixes;
	size_t		 prefix_min, prefix_max;	/* in bytes */

	/* The trie: node 0 is the root. */
	uint32_t	*node_entry;	/* first entry ending here, or TOPIC_NONE */
	uint32_t	*node_kids;	/* number of children */
	size_t		 nnodes, nodescap;
	uint32_t	*root_child;	/* by symbol; 0 for none */
	size_t		 rootcap;
	struct topic_edge	*edges;		/* below the root, open addressing */
	size_t		 edgemask, nedges;

	/* Scratch for parsing. */
	struct words	*contract;	/* folds and cuts entries */
	struct buf	 line;
	struct buf	 word;
	struct buf	 text;
	uint32_t	*syms;
	size_t		 symscap;
	char		 why[80];
};

static inline uint64_t
topic_edge_hash(uint64_t key)
{
	key ^= key >> 31;
	key *= 0x9e3779b97f4a7c15ULL;
	key ^= key >> 29;
	return key;
}

/* The child of node by sym, 0 for none. */
static inline uint32_t
topic_edge_get(const struct topic_set *s, uint32_t node, uint32_t sym)
{
	uint64_t key = (uint64_t)node << 32 | sym;
	size_t i;

	if (node == 0)
		return sym < s->rootcap ? s->root_child[sym] : 0;
	for (i = topic_edge_hash(key) & s->edgemask; s->edges[i].child != 0;
	    i = (i + 1) & s->edgemask)
		if (s->edges[i].key == key)
			return s->edges[i].child;
	return 0;
}

/* topicset.c and topicmatch.c: the scoring constants, the parser's parts. */
#define TOPIC_K1		1.2	/* term-frequency saturation */
#define TOPIC_B			0.75	/* length normalisation */
#define TOPIC_AVGDL		500.0	/* assumed document length, tokens */
#define TOPIC_SCALE		20.0	/* raw evidence that scores 1.0 */
#define TOPIC_WEIGHT_MAX	100.0
#define TOPIC_BIAS_MAX		1000	/* @bias, in either direction */
#define TOPIC_PREFIX_MIN	3	/* characters before a '*' */
uint32_t	 topic_set_add_topic(struct topic_set *, const char *,
		    const char *);
int		 topic_set_parse_line(struct topic_set *, uint32_t,
		    const char *, size_t, uint64_t, const char **);

/*
 * train.c and trainorder.c: the trainer's state, the documents as their
 * distinct features with counts (cells).  train.c fills it and fits;
 * trainorder.c puts the columns and rows of a fit in an order of their
 * own (liblinear's problem is declared, not included).
 */
struct tdoc {
	uint32_t	 first;		/* its entries in train.cells */
	uint32_t	 nfeat;
	uint32_t	 length;	/* tokens */
	uint32_t	 labels;	/* its labels in train.doclabels */
	uint32_t	 nlabels;
};

struct cell {
	uint32_t	 feat;
	uint32_t	 count;
};

struct train {
	struct train_options	 opt;
	/*
	 * Features are words and pairs of adjacent words, numbered densely
	 * as they are first seen.  Words are interned as strings; a pair is
	 * found by its two word ids in a table of its own, so that the many
	 * pairs seen once cost a probe, not a string.
	 */
	struct strtab		*words;
	uint32_t		*word_feat;	/* word id -> feature */
	size_t			 wordcap;
	uint64_t		*pair_key;	/* a << 32 | b + 1; 0: empty */
	uint32_t		*pair_feat;
	size_t			 npairs, paircap; /* paircap: a power of 2 */
	uint32_t		*feat_a, *feat_b; /* b UINT32_MAX: a word */
	uint32_t		*df;		/* documents, by feature */
	uint64_t		*cf;		/* occurrences, by feature */
	size_t			 nfeatures, featcap;
	struct strtab		*labels;
	uint64_t		 ntokens;
	struct tdoc		*docs;
	size_t			 ndocs, doccap;
	struct cell		*cells;
	size_t			 ncells, cellcap;
	uint32_t		*doclabels;
	size_t			 ndoclabels, doclabelcap;
	unsigned char		*written;	/* by label: train_write()'s */
	/* per document under way */
	uint32_t		*seen;		/* term ids, with repeats */
	size_t			 nseen, seencap;
	struct buf		 term;		/* a feature as text */
};
struct problem;
const char	*train_feature_text(struct train *, uint32_t, size_t *);
void		 train_terms_canonical(struct train *, uint32_t *, size_t);
void		 train_docs_canonical(struct train *, struct problem *);

/*
 * words.c: the word contract, what "nw-normalize | nw-tokenize -l -w"
 * make of a text, for every tool that matches words.  words_text()
 * appends the words of any text, separated by spaces, and returns how
 * many; words_fold() only folds (form and case, not cut: a token of the
 * stream); words_cut() cuts text already folded.
 */
#define WORDS_FORM	NORM_NFKC	/* nw-normalize's default */
#define WORDS_TOKENIZE	(TOKENIZE_LOWER | TOKENIZE_WORDS)	/* -l -w */
#define WORDS_CLITICS	CLITICS_SPLIT
struct words;
struct words	*words_new(void);
size_t		 words_text(struct words *, struct buf *, const char *,
		    size_t);
void		 words_fold(struct words *, struct buf *, const char *,
		    size_t);
size_t		 words_cut(struct words *, struct buf *, const char *, size_t);
void		 words_free(struct words *);

/* paragraph.c: runs of white space made one space, ends trimmed; dst may be src. */
size_t	 whitespace_collapse(char *, const char *, size_t);

/*
 * sentencemarks.c: the marks of sentence.c, as UTF-8 at s[i] of s[0..n):
 * where the next byte that may end a sentence is, and the length of a
 * stop (its kind in *kind), a closing or opening quote or bracket, a
 * list bullet, and a quote that closes one way and opens the other
 * (“ ‘, and the guillemets « ‹), or 0 for none.
 */
enum {
	SENTENCE_STOP_DOT = 1, SENTENCE_STOP_BANG, SENTENCE_STOP_ELLIPSIS,
	SENTENCE_STOP_FULL	/* of a script without capitals: CJK, danda */
};
size_t	 sentence_next_stop(const unsigned char *, size_t, size_t);
size_t	 sentence_stop_len(const unsigned char *, size_t, size_t, int *);
size_t	 sentence_closer_len(const unsigned char *, size_t, size_t);
size_t	 sentence_opener_len(const unsigned char *, size_t, size_t);
size_t	 sentence_bullet_len(const unsigned char *, size_t, size_t);
size_t	 sentence_turned_len(const unsigned char *, size_t, size_t);
size_t	 sentence_turned_guillemet_len(const unsigned char *, size_t,
	    size_t);

/*
 * sentencerules.c: the word lists of sentence.c, from a list file in the
 * format of abbreviations.en (sentence_rules_parse() from a buffer
 * holding one, named for messages).  sentence_rules_kind() tells what
 * the word before a period is, sentence_rules_starter() whether a word
 * starts sentences; NULL rules have empty lists.
 */
enum sentence_word_kind {
	SENTENCE_WORD,		/* an ordinary word */
	SENTENCE_PREFIX,	/* never ends a sentence */
	SENTENCE_NUMBER,	/* does not end one before a number */
	SENTENCE_ABBREV,	/* ends one only before a starter */
	SENTENCE_LIST,		/* a list item at the start (sentence.c) */
	SENTENCE_STARTER	/* not a word kind: the [starter] section */
};
struct sentence_rules *sentence_rules_parse(const char *, size_t,
	    const char *);
int	 sentence_rules_kind(const struct sentence_rules *, const char *,
	    size_t);
int	 sentence_rules_starter(const struct sentence_rules *, const char *,
	    size_t);

/* dedup.c: the folded words a hasher holds, one space between. */
const char *dedup_hasher_words(const struct dedup_hasher *, size_t *);

/*
 * dedupfilter.c: a blocked Bloom filter of the keys of one run of
 * nw-dedup's index, DEDUP_FILTER_BITS bits a key, in nblocks blocks of
 * 64 bytes at words (the run's file, mapped).
 */
#define DEDUP_FILTER_BITS	12
#define DEDUP_FILTER_PROBES	6
struct dedup_filter {
	uint64_t	*words;
	uint64_t	 nblocks;
};
uint64_t dedup_filter_blocks(uint64_t);
void	 dedup_filter_add(struct dedup_filter *, uint64_t);
int	 dedup_filter_maybe(const struct dedup_filter *, uint64_t);
void	 dedup_filter_prefetch(const struct dedup_filter *, uint64_t);

/*
 * dedupruns.c: nw-dedup's keys (hash, document) in sorted run files
 * with a Bloom filter each, merged as they grow; DIR/band.SEQ, or
 * nameless for a temporary index.  The owner commits the registry
 * band_runs_prepare() gives and then calls band_runs_committed().
 * band_runs_open() removes the run files its registry does not name
 * unless told to keep them.
 */
struct band_runs;
struct key_entry;
struct band_runs *band_runs_open(const char *, const uint64_t *, size_t,
	    uint64_t, int);
void	 band_runs_add(struct band_runs *, const struct key_entry *, size_t,
	    int (*)(void *, uint64_t), void *);
size_t	 band_runs_count(const struct band_runs *);
int	 band_runs_maybe(const struct band_runs *, size_t, const uint64_t *,
	    int, int *);
void	 band_runs_find(struct band_runs *, size_t, const uint64_t *, int,
	    void (*)(void *, int, uint64_t), void *);
void	 band_runs_willneed(const struct band_runs *, size_t, uint64_t);
uint64_t band_runs_entries(const struct band_runs *);
uint64_t band_runs_bytes(const struct band_runs *);
uint64_t *band_runs_prepare(struct band_runs *, size_t *);
void	 band_runs_committed(struct band_runs *);
uint64_t band_runs_nextseq(const struct band_runs *);
void	 band_runs_close(struct band_runs *);

/*
 * deduphashes.c: nw-dedup's shingle hashes, appended to DIR/hashes.GEN (or
 * a temporary file) through a buffer; the owner commits the length
 * hash_file_sync() gives, and the file is cut back to it when opened.
 * hash_file_open_read() opens it to read that length only, changing
 * nothing.
 */
struct hash_file;
struct hash_file *hash_file_open(const char *, const char *, uint64_t,
	    uint64_t);
struct hash_file *hash_file_open_read(const char *, const char *, uint64_t,
	    uint64_t);
struct hash_file *hash_file_create(const char *, const char *, uint64_t);
void	 hash_file_remove_others(const char *, const char *, uint64_t);
void	 hash_file_write(struct hash_file *, uint64_t, const void *, size_t);
uint64_t hash_file_append(struct hash_file *, const void *, size_t);
void	 hash_file_read(struct hash_file *, uint64_t, void *, size_t);
void	 hash_file_willneed(struct hash_file *, uint64_t, size_t);
uint64_t hash_file_sync(struct hash_file *);
uint64_t hash_file_bytes(const struct hash_file *);
void	 hash_file_close(struct hash_file *);

/*
 * keytable.c: a multimap from 128-bit keys (hashes already) to document
 * numbers, entries in insertion order, slots open-addressed: the write
 * cache of nw-dedup's index.
 */
struct key_entry {
	uint64_t	 k0, k1;
	uint64_t	 docnum;
};
struct key_table {
	struct key_entry *entries;
	size_t		 n, cap;
	uint32_t	*slots;		/* entry index + 1; 0 is empty */
	size_t		 mask;
};
int	 key_table_reserve(struct key_table *, size_t);
void	 key_table_prefetch(const struct key_table *, uint64_t, uint64_t);
void	 key_table_put(struct key_table *, uint64_t, uint64_t, uint64_t);
size_t	 key_table_each(const struct key_table *, uint64_t, uint64_t,
	    void (*)(void *, uint64_t), void *);
size_t	 key_table_get(const struct key_table *, uint64_t, uint64_t,
	    uint64_t *);
void	 key_table_sort(struct key_table *);
void	 key_table_clear(struct key_table *);
void	 key_table_free(struct key_table *);

/*
 * dedupindex.c, dedupopen.c, dedupnames.c, dedupfind.c, dedupadd.c and
 * dedupstore.c: nw-dedup's index, shared between its LMDB side
 * (dedupindex.c), its opening and closing (dedupopen.c), its runs under
 * a name (dedupnames.c), its lookups (dedupfind.c), what a document
 * adds to its write cache (dedupadd.c) and what a commit writes beside
 * LMDB (dedupstore.c).  The LMDB types are declared, not included: only
 * dedupindex.c, dedupopen.c, dedupnames.c, dedupfind.c and dedupstore.c
 * include <lmdb.h>.
 */
#define DEDUP_ENTRY_COST	(3 * sizeof(struct key_entry))	/* with slots */
#define DEDUP_BAND_DOCS		32	/* documents a band key leads to */
struct doc_head {
	int32_t		 day;
	uint32_t	 hassig;	/* bins follow */
	uint32_t	 nhashes;	/* shingle hashes, in the hash file */
	uint32_t	 nparas;
	uint32_t	 idlen;
	uint32_t	 firstbands;	/* bit b: first under band b's key */
	uint64_t	 hashoff;	/* their offset there */
};
/*
 * A document's slot in DIR/docs.GEN (lib/dedupstore.c): what a lookup
 * needs to confirm a candidate and report it, at a place its number
 * gives, so that it is read with one pread() and no LMDB page.
 */
#define DEDUP_SLOT_ID	88		/* the longest id a slot holds */
struct doc_slot {
	uint64_t	 docnum1;	/* the document's number + 1; 0: none */
	int32_t		 day;
	uint32_t	 hassig;
	uint32_t	 firstbands;
	uint32_t	 idlen;		/* id here if at most DEDUP_SLOT_ID */
	unsigned char	 exact[16];
	uint16_t	 bins[DEDUP_BINS];
	char		 id[DEDUP_SLOT_ID];
};
struct dedup_cand {
	uint64_t	 docnum;
	uint64_t	 bands[DEDUP_BINS / 64]; /* bit b: under band b's key */
};
struct cache_doc {
	size_t		 off, len;	/* of its record in the cache buffer */
};
struct MDB_env;
struct MDB_txn;
struct MDB_val;
struct dedup_index {
	char		*dir;		/* NULL for a temporary index */
	struct dedup_params params;
	struct MDB_env	*env;
	struct MDB_txn	*txn;
	unsigned int	 meta, doc, day, names, pending; /* MDB_dbi */
	int		 named;		/* the table names is there */
	struct band_runs *runs;		/* the keys (lib/dedupruns.c) */
	struct hash_file *hashes;	/* shingle hashes (lib/deduphashes.c) */
	uint64_t	 hashgen;	/* the hash file's generation */
	uint64_t	 hashend;	/* its length, as committed */
	uint64_t	 hashlive;	/* bytes of documents still indexed */
	struct hash_file *docs;		/* slots (none for a temporary index) */
	uint64_t	 docgen;	/* the slot file's generation */
	uint64_t	 docbase;	/* number of the document in its slot 0 */
	struct doc_slot	 slot;		/* the last slot read */
	int		 lockfd;
	uint64_t	 next;		/* number of the next document */
	uint64_t	 runfirst;	/* number of this run's first */
	char		*name;		/* dedup_index_name() */
	uint64_t	*own;		/* its earlier runs' ranges, in pairs */
	size_t		 nown;
	int		 replace;	/* this run replaces them (--replace) */
	int		 hold;		/* its last commit leaves it pending */
	uint64_t	 nreplaced;	/* the documents it replaces */
	uint64_t	*seen;		/* dedup_index_seen_add(), plus 1 */
	size_t		 nseen, seencap;
	uint64_t	*later;		/* dedup_index_seen_later() */
	size_t		 nlater, latercap;
	uint64_t	 stored;	/* documents in LMDB */
	uint64_t	 cache;		/* -S */
	uint64_t	 cached;	/* bytes the cache holds */
	uint64_t	 writes;	/* in the open transaction */
	uint64_t	 maxwrites;	/* before it is committed */
	uint64_t	 cachefirst;	/* number of the first cached document */
	struct buf	 cachebuf;	/* the cached records */
	struct cache_doc *cachedocs;
	size_t		 ncachedocs, cachedoccap;
	struct key_table ckeys;		/* the cached documents' keys */
	struct dedup_cand *cands;	/* of one lookup step, by number */
	size_t		 ncands, candcap;
	const int	*candband;	/* the band of each key looked up */
	uint32_t	 bandseen;	/* keys that led to a document */
	uint32_t	 banddocs[DEDUP_BINS]; /* documents each band key led to */
	uint64_t	 bandsleft;	/* band keys full (DEDUP_BAND_DOCS), not added */
	struct buf	 rec;		/* a doc record being built */
	struct buf	 firstid;	/* id of the last match */
	uint32_t	*query, *other;	/* shingle hashes being compared */
	size_t		 querycap, othercap;
	size_t		 nquery;	/* query's set; SIZE_MAX: not made */
	const struct dedup_signature *querysig;	/* whose it is */
	unsigned char	*paras;		/* paragraph keys of the document */
	size_t		 nparas, paracap;
	uint64_t	 paradoc;	/* its number */
	uint64_t	 ahead[4];	/* documents a read-ahead found */
	int		 nahead;
	int		 aheadon;	/* read ahead: the disk was read */
	uint64_t	 aheadcalls;
	uint64_t	 aheadio;	/* blocks read and major faults */
	int		 dry;		/* dedup_index_open_dry() made it */
	int		 readonly;	/* read as it stands, never written */
	int32_t		 cutoff;	/* documents dated earlier: aged out */
	struct dedup_index *scratch;	/* a dry run's own documents */
};
#define DEDUP_MAP_MIN	(64ULL << 20)	/* LMDB's map at least */
int	 dedup_index_error(const struct dedup_index *, int);
void	 dedup_index_fail(const struct dedup_index *, int, const char *)
	    __attribute__((__noreturn__));
void	 dedup_txn_begin(struct dedup_index *, uint64_t);
void	 dedup_txn_commit(struct dedup_index *);
void	 dedup_db_put(struct dedup_index *, unsigned int, const void *, size_t,
	    const void *, size_t, unsigned);
int	 dedup_db_get(struct dedup_index *, unsigned int, const void *, size_t,
	    struct MDB_val *);
void	 dedup_db_del(struct dedup_index *, unsigned int, const void *,
	    size_t, const void *, size_t);
int	 dedup_cursor_key(struct dedup_index *, unsigned int, struct MDB_val *,
	    int);
void	 dedup_doc_purge(struct dedup_index *, uint64_t);
void	 dedup_day_key(unsigned char *, int32_t, uint64_t);
uint64_t dedup_index_first(struct dedup_index *);
int	 dedup_key_lookup(struct dedup_index *, const unsigned char *, int,
	    uint64_t *);
int	 dedup_doc_id(struct dedup_index *, uint64_t, struct dedup_match *);
void	 dedup_index_name_put(struct dedup_index *);
void	 dedup_index_hold_put(struct dedup_index *);
int	 dedup_index_gone(const struct dedup_index *, uint64_t);
void	 dedup_index_seen_flush(struct dedup_index *);
void	 dedup_index_forget(struct dedup_index *);
void	 dedup_store_open(struct dedup_index *, int);
void	 dedup_store_docs_open(struct dedup_index *, uint64_t);
void	 dedup_store_docs_put(struct dedup_index *, unsigned int, uint64_t);
void	 dedup_store_docs_purge(struct dedup_index *, uint64_t);
void	 dedup_store_hashes_put(struct dedup_index *, unsigned int);
void	 dedup_store_compact(struct dedup_index *);
void	 dedup_store_check(struct dedup_index *);
void	 dedup_store_commit(struct dedup_index *);
void	 dedup_store_close(struct dedup_index *);
uint64_t dedup_store_bytes(const struct dedup_index *);

/* Big-endian 64-bit numbers, so that LMDB keys sort as numbers. */
static inline void
be64_put(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

static inline uint64_t
be64_get(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* The 64-bit hash of a 16-byte key, under which nw-dedup's runs hold it. */
static inline uint64_t
dedup_key_hash(const unsigned char *key)
{
	return be64_get(key) ^ be64_get(key + 8);
}

/* trend.c: the judged series, for the report. */
int64_t		 trend_period_at(const struct trend *, size_t);
uint64_t	 trend_total_at(const struct trend *, size_t);
size_t		 trend_keys(const struct trend *);
const char	*trend_key(const struct trend *, size_t, size_t *);
void		 trend_series(const struct trend *, size_t,
		    struct trend_point *);

/*
 * clean.c, cleanwords.c, cleanscan.c, cleanfeatures.c, cleanclass.c,
 * cleanrepeat.c: nw-clean's classifier.  cleanwords.c loads the stopword
 * lists and the boilerplate lexicon; cleanscan.c reads a paragraph's
 * words in one pass over its bytes (the two share lib/cleanwords.h);
 * cleanfeatures.c makes the paragraph's features of them;
 * cleanclass.c gives each paragraph a class from them and
 * settles the doubtful ones by their neighbours; cleanrepeat.c counts
 * the paragraphs seen before, in the document and across documents of a
 * source; cleanmodel.c scores paragraphs with the learned weights;
 * clean.c holds the thresholds and runs the passes per document.
 */
struct clean_para {
	uint32_t	chars;		/* code points */
	uint32_t	words;		/* blank-separated tokens with a letter */
	uint32_t	stops;
	uint32_t	shortlower;	/* lower-case words of 1 to 3 letters */
	uint32_t	titled;		/* words starting with a capital */
	uint32_t	visible;	/* non-blank code points */
	uint32_t	symbols;	/* visible, neither letter nor digit */
	uint32_t	digits;
	uint32_t	urlchars;
	uint32_t	cells;		/* '|' table cell separators */
	uint64_t	hash;		/* normalised text; 0 when it is empty */
	unsigned	terminal:1;	/* ends like a sentence */
	unsigned	copyright:1;
	unsigned	credit:1;	/* ends with a photo credit */
	uint32_t	phrase;		/* words in lexicon phrases */
	unsigned	heading:1;
	unsigned	item:1;		/* starts with a list marker */
	unsigned	hinted:1;	/* has block hints */
	unsigned	joined:1;	/* classed with the lines of its paragraph */
	unsigned	markup_bad:1;	/* hints put it in navigation and such */
	unsigned	hint_heading:1;	/* an h2 to h6 element */
	unsigned	in_article:1;	/* hints put it in <article> or <main> */
	unsigned	hint_p:1;	/* a <p> element */
	unsigned	markup_weak:1;	/* class names say boilerplate */
	unsigned	in_main:1;	/* in the page's main container (m) */
	unsigned	out_main:1;	/* outside it, when there is one (o) */
	int		linkpct;	/* per cent of its text in links */
	uint32_t	hint_context;	/* BLOCK_HINT_* bits of its letters */
	int		hint_element;	/* BLOCK_EL_* */
	int		hint_depth;
	uint32_t	hint_box[2];	/* BOX and OUTER of its hint, 0 none */
	unsigned	strong:1;	/* bad for a reason context cannot undo */
	unsigned	keep:1;
	int		cls;		/* CLEAN_BAD ... CLEAN_GOOD */
	int		reason;		/* CLEAN_REASON_* */
	uint32_t	repeats;	/* documents of its source, for the reason */
	float		prob;		/* the model's probability of content */
	unsigned char	rule_cls;	/* the rules' class before context */
	unsigned char	rule_keep;	/* and their verdict after it */
	unsigned char	own_cls;	/* a copy's class by its own features */
	unsigned char	own_reason;
};

enum { CLEAN_BAD, CLEAN_SHORT, CLEAN_NEARGOOD, CLEAN_GOOD };

/*
 * The CONTEXT letters of a block hint (block=, newswire(7)), in their
 * order; bit i of hint_context is letter i.  htmlhints.c writes them,
 * cleanclass.c reads them.
 */
#define BLOCK_HINT_LETTERS	"nhfacmoMNFSRCKDBPAUTjxdsqtE"
enum {
	BLOCK_HINT_NAV = 1 << 0, BLOCK_HINT_HEADER = 1 << 1,
	BLOCK_HINT_FOOTER = 1 << 2, BLOCK_HINT_ASIDE = 1 << 3,
	BLOCK_HINT_ARTICLE = 1 << 4, BLOCK_HINT_IN_MAIN = 1 << 5,
	BLOCK_HINT_OUT_MAIN = 1 << 6, BLOCK_HINT_MENU = 1 << 7,
	BLOCK_HINT_CLASS_NAV = 1 << 8, BLOCK_HINT_CLASS_FOOTER = 1 << 9,
	BLOCK_HINT_SHARE = 1 << 10, BLOCK_HINT_RELATED = 1 << 11,
	BLOCK_HINT_COMMENT = 1 << 12, BLOCK_HINT_COOKIE = 1 << 13,
	BLOCK_HINT_SIDEBAR = 1 << 14, BLOCK_HINT_BYLINE = 1 << 15,
	BLOCK_HINT_CAPTION = 1 << 16, BLOCK_HINT_AD = 1 << 17,
	BLOCK_HINT_SUBSCRIBE = 1 << 18, BLOCK_HINT_TAGS = 1 << 19,
	BLOCK_HINT_IN_BODY = 1 << 20, BLOCK_HINT_OUT_BODY = 1 << 21,
	BLOCK_HINT_LEAD = 1 << 22, BLOCK_HINT_SIBLING = 1 << 23,
	BLOCK_HINT_FORM = 1 << 24, BLOCK_HINT_TIME = 1 << 25,
	BLOCK_HINT_DATELINE = 1 << 26
};
/* The ELEMENT of a block hint, as clean_block_hints() tells them. */
enum {
	BLOCK_EL_OTHER, BLOCK_EL_P, BLOCK_EL_H1, BLOCK_EL_HEADING, BLOCK_EL_LI,
	BLOCK_EL_CELL, BLOCK_EL_DIV, BLOCK_EL_FIGCAPTION, BLOCK_EL_BLOCKQUOTE,
	BLOCK_EL_PRE, BLOCK_EL_TITLE
};

enum {
	CLEAN_REASON_LONG_PROSE, CLEAN_REASON_PROSE, CLEAN_REASON_CONTEXT,
	CLEAN_REASON_HEADING, CLEAN_REASON_TITLE, CLEAN_REASON_REPEATED,
	CLEAN_REASON_DUPLICATE, CLEAN_REASON_PHRASE, CLEAN_REASON_COPYRIGHT,
	CLEAN_REASON_LINKS, CLEAN_REASON_SYMBOLS, CLEAN_REASON_LOW_STOPWORDS,
	CLEAN_REASON_MENU_RUN, CLEAN_REASON_EMPTY, CLEAN_REASON_HINT,
	CLEAN_REASON_MODEL, CLEAN_REASON_CAPTION
};

/* cleanwords.c: the lists, loaded once (NULL: warned). */
struct clean_words;
struct clean_words	*clean_words_new(const struct clean_config *);
void			 clean_words_free(struct clean_words *);
const struct clean_config *clean_words_config(const struct clean_words *);
/*
 * The stopword lists for a document's first record, one bit a list;
 * *forced when they were not guessed.
 */
uint64_t		 clean_words_lists(const struct clean_words *,
			    const struct record *, int *);
/*
 * cleanscan.c: what clean_words_scan() counts over a paragraph's bytes:
 * blanks, bytes above ASCII and continuation bytes among them, ASCII
 * letters and digits, '|', and ":/" or '@' (a URL or an address may be
 * there).
 */
struct clean_bytes {
	size_t	blank, high, cont, alpha, digit, pipe, urlish;
	size_t	wide;		/* characters of East Asian width W */
	size_t	south;		/* U+0800 to U+1FFF: cleanbytes.c */
};
/*
 * And over its words (the counts of words, capitals, short words,
 * stopwords and symbols above ASCII go to its clean_para).
 */
struct clean_scan {
	struct clean_bytes	 bytes;
	size_t			 words;		/* blank-separated */
	uint64_t		 hash;		/* of the normalised text */
	int			 maybe_phrase;	/* a word may start a phrase */
	int			 www;		/* one may start with "www." */
};
void			 clean_words_scan(struct clean_words *, uint64_t,
			    struct clean_para *, const char *, size_t,
			    struct clean_scan *);
/* cleanbytes.c: those of s[0..len), with room after it: see there. */
void			 clean_bytes_count(const unsigned char *, size_t, int,
			    struct clean_bytes *);
/* cleanwords.c: words of a paragraph covered by phrases of the lexicon. */
size_t			 clean_words_phrases(struct clean_words *,
			    const char *, size_t);

/* cleanfeatures.c */
void			 clean_features(struct clean_words *, uint64_t,
			    struct clean_para *, const char *, size_t);

/* cleanclass.c */
void	 clean_block_hints(struct clean_para *, const struct record *);
void	 clean_initial_class(const struct clean_config *, struct clean_para *);
void	 clean_wrapped_lines(const struct clean_config *, struct clean_para *,
	    const struct doc *);
void	 clean_context(const struct clean_config *, struct clean_para *,
	    size_t);
int	 clean_page_signs(const struct clean_para *, size_t);

/*
 * cleanmodel.c: the learned model, a weights file of logistic
 * regressions over paragraph and context features (NULL: warned).
 */
struct clean_model;
struct clean_model	*clean_model_load(const char *);
void			 clean_model_free(struct clean_model *);
void			 clean_model_score(struct clean_model *,
			    struct clean_para *, size_t);
void			 clean_model_vector(struct clean_model *, size_t,
			    struct buf *);

/*
 * cleanrepeat.c: paragraph hashes counted by documents of a source in a
 * table of fixed size (NULL when too small for one bucket), and the
 * hashes of one document.
 */
struct repeat_table;
struct repeat_table	*repeat_table_new(uint64_t);
void			 repeat_table_free(struct repeat_table *);
void			 repeat_table_clear(struct repeat_table *);
size_t			 repeat_table_bytes(const struct repeat_table *);
/* Counts key once for document serial doc; returns its documents. */
uint32_t		 repeat_table_count(struct repeat_table *, uint64_t,
			    uint32_t);
void			 repeat_table_prefetch(const struct repeat_table *,
			    uint64_t);
uint32_t		 repeat_table_lookup(const struct repeat_table *,
			    uint64_t);
struct seen_set {
	uint64_t	*slots;
	size_t		 mask;
};
void	 seen_set_reset(struct seen_set *, size_t);
int	 seen_set_add(struct seen_set *, uint64_t);	/* 1: seen before */
int	 seen_set_has(const struct seen_set *, uint64_t);
void	 seen_set_free(struct seen_set *);

/* atomicfile.c */
mode_t	 nw_umask(void);

/*
 * segment.c: the words of a run of letters in a script written without
 * spaces, by ICU's word BreakIterator.  segment_script() tells the code
 * points of those scripts: Thai, Lao, Myanmar, Khmer, Hiragana,
 * Katakana and Han, with the marks Han words are written with from the
 * CJK symbols (々 repeats the kanji before it, as in 人々; 〆 〇 〻 〼).
 */
static inline int
segment_script(int32_t cp)
{
	if (cp < 0x0e00)
		return 0;
	return cp <= 0x0eff || (cp >= 0x1000 && cp <= 0x109f) ||
	    (cp >= 0x1780 && cp <= 0x17ff) || (cp >= 0x19e0 && cp <= 0x19ff) ||
	    (cp >= 0x3005 && cp <= 0x3007) || cp == 0x303b || cp == 0x303c ||
	    (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x31f0 && cp <= 0x31ff) ||
	    (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
	    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff66 && cp <= 0xff9f) ||
	    (cp >= 0x20000 && cp <= 0x3134f);
}
/*
 * paragraph.c, html.c: is cp a character of Chinese or Japanese, written
 * without spaces: Han, kana, the CJK marks and punctuation, and the
 * full-width and half-width forms (not Hangul: Korean is written with
 * spaces)?  A wrapper cuts such text between any two characters, so a
 * line end between two of them is no space, as CSS Text has it for the
 * East Asian wide ones: cjk_meet() (utf8.c) asks it of the text before
 * a line end and the text after.
 */
static inline int
cjk_unspaced(int32_t cp)
{
	return (cp >= 0x3001 && cp <= 0x30ff) ||
	    (cp >= 0x31f0 && cp <= 0x31ff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
	    (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff01 && cp <= 0xff9f) ||
	    (cp >= 0xffe0 && cp <= 0xffe6) ||
	    (cp >= 0x20000 && cp <= 0x3134f);
}
int	 cjk_meet(const unsigned char *, size_t, const unsigned char *,
	    size_t);

struct segmenter;
struct segmenter *segmenter_new(void);
size_t		 segment_words(struct segmenter *, const char *, size_t,
		    const uint32_t **);
void		 segmenter_free(struct segmenter *);

/*
 * Declarations of lib files that tools do not call, moved out of nw.h.
 */

/* utf8.c: invalid input becomes U+FFFD; returns the repairs made. */
size_t	 utf8_repair(struct buf *, const char *, size_t);
/* Append, repaired; return where the appended text starts in the buf. */
size_t	 utf8_add_valid(struct buf *, const char *, size_t);
/* Append as part of an id: valid, control characters shown as '?'. */
void	 utf8_id_add(struct buf *, const char *, size_t);

/*
 * html.c: the parser that fills a struct html_page (nw.h); html_detect()
 * (htmldetect.c) tells an HTML document by its first bytes.
 */
struct html_parser;
struct html_parser *html_parser_new(void);
/* The charset of a page that declares none and is not UTF-8 (a label). */
void	 html_parser_charset(struct html_parser *, const char *);
void	 html_parser_free(struct html_parser *);
int	 html_parse(struct html_parser *, const char *, size_t,
	    const char *, int, struct html_page *); /* 0, -1 if too large */
void	 html_page_free(struct html_page *);
int	 html_detect(const void *, size_t);

/*
 * htmlmeta.c: what a page says of itself, read as html.c meets it: meta
 * tags and itemprop="datePublished" (attributes as name, value pairs,
 * NULL-terminated, as libxml2 gives them), JSON-LD scripts (gathered
 * into jsonld), and the page's <title> and h1 (gathered as text by
 * html.c).  html_meta_finish() writes the page's title and date.
 */
struct html_meta {
	struct html_page	*page;
	struct buf		 title, ogtitle, h1;
	struct buf		 jsonld;	/* the JSON-LD script being read */
	struct buf		 body;		/* its longest articleBody */
	struct buf		 description;	/* the longest meta one */
	struct buf		 scratch;
	int			 nh1, daterank;
};
void	 html_meta_reset(struct html_meta *, struct html_page *);
void	 html_meta_tag(struct html_meta *, const char *const *);
void	 html_meta_itemprop(struct html_meta *, const char *const *);
void	 html_meta_jsonld(struct html_meta *);	/* at its end tag */
void	 html_meta_finish(struct html_meta *);
void	 html_meta_free(struct html_meta *);

/*
 * htmlref.c: the character references of a page (UTF-8) that libxml2
 * would not read as browsers do, rewritten into ones it does: 1 with
 * the page written to out, 0 when it has none.
 */
int	 html_refs_rewrite(struct buf *, const char *, size_t, size_t *);

/*
 * htmlhints.c: the hints of a page's blocks, once html.c has read it.
 * html.c gathers a container for every element that is not inline, by
 * serial (the order of their start tags; a parent's serial is less than
 * its own), and what each block is; html_hints_write() chooses the
 * page's main container, tells the blocks whose text the page's JSON-LD
 * articleBody and its meta description hold, and writes each block's
 * hint into the page.
 */
#define HTML_NO_SERIAL	UINT32_MAX
/* A class or id word that says article text: it weighs a container. */
#define HTML_CLASS_CONTENT	(1 << 30)
struct html_container {
	const char	*name;
	uint32_t	 parent;
	uint64_t	 bytes, linkbytes;	/* of the text it holds */
	double		 score;
	int		 context;	/* its own */
	int		 in_main;	/* is or lies in the main container */
	uint64_t	 prose;		/* bytes of prose of its children */
	int		 text_parent;	/* its children are the article's */
};
/* A block as gathered, its hint written once the page is read. */
struct html_pending {
	const char	*name;
	uint32_t	 serial;	/* its element's */
	uint32_t	 depth;
	int		 context;
	unsigned char	 links;		/* per cent */
	unsigned char	 prose;		/* in a p of some length, few links */
	double		 points;	/* what it gives its containers */
};
void	 html_hints_write(struct html_container *, size_t,
	    const struct html_pending *, const struct buf *,
	    const struct buf *, struct html_page *);	/* body, description */

/* tokenize.c: a tokenizer stemming with a Snowball algorithm or ISO code. */
struct tokenizer *tokenizer_new_stemmer(int, int, const struct wordset *,
		    const char *);	/* a Snowball algorithm or ISO code */

/*
 * extsort.c: the external sort of nw-count(1), in bounded memory.  An
 * entry is a key (bytes, compared as unsigned) with a count and, as the
 * layout says, more figures.  Sorting by count is count descending, then
 * key.  sort_items() and sort_items_select() sort an array in memory
 * (-1 when the copy they sort through cannot be allocated);
 * a sort_runs is a set of sorted runs on temporary files (written entry
 * by entry, then merged: in key order equal keys are added up); a sorter
 * takes distinct keys in any order and emits them sorted, spilling runs
 * past budget bytes; a sorter by count emits only the limit first.  Failures of the temporary
 * files are fatal: "nw-NAME: temporary file in DIR: reason", exit 1.
 * Memory that cannot be had is fatal too; the function given with
 * sort_runs_on_nomem() or sorter_on_nomem() says so, with errno set, and
 * must not return (without one, "nw-NAME: Cannot allocate memory").
 */
typedef void	 sort_nomem_fn(void *);
#define SORT_DF		0x01	/* entries carry a document frequency */
#define SORT_DOCS	0x02	/* and the first and last documents holding
				   them, so that a document cut in two by a
				   spill counts once when runs are merged */
struct sort_item {
	uint64_t	 count;
	uint64_t	 prefix;	/* the key's first 8 bytes, big-endian */
	const char	*key;
	uint32_t	 len;
	uint32_t	 id;		/* the caller's */
};
void	 sort_item_set(struct sort_item *, const char *, size_t, uint64_t,
	    uint32_t);
int	 sort_items(struct sort_item *, size_t, int);	/* 1: by count */
int	 sort_items_select(struct sort_item *, size_t, size_t); /* k best first */

struct sort_runs;
struct sort_runs *sort_runs_new(int, int);		/* layout, by count */
void	 sort_runs_begin(struct sort_runs *);
void	 sort_runs_put(struct sort_runs *, const struct sort_entry *);
void	 sort_runs_end(struct sort_runs *);
size_t	 sort_runs_count(const struct sort_runs *);
void	 sort_runs_merge(struct sort_runs *, uint64_t, sort_emit_fn *, void *);
void	 sort_runs_free(struct sort_runs *);
void	 sort_runs_on_nomem(struct sort_runs *, sort_nomem_fn *, void *);

struct sorter;
struct sorter *sorter_new(int, int, uint64_t, uint64_t, sort_emit_fn *,
	    void *);		/* layout, by count, limit, budget, emit, arg */
void	 sorter_add(const struct sort_entry *, void *);	/* arg: a sorter */
void	 sorter_finish(struct sorter *);	/* emit all, then free */
void	 sorter_free(struct sorter *);
void	 sorter_on_nomem(struct sorter *, sort_nomem_fn *, void *);

/*
 * tempfile.c: scratch files in $TMPDIR (default /tmp) that have no name
 * once tempfile_open() returns, so that no exit path, signal or crash can
 * leave one behind.  Returns a read-write descriptor, or -1 after a
 * warning ("DIR: cannot create a temporary file: reason").
 */
const char	*tempfile_dir(void);
int		 tempfile_open(void);

/*
 * dedup.c: what the index compares (estimate, margin of the estimate,
 * exact Jaccard) and the band keys of a sketch.
 */
double	 dedup_similarity(const uint16_t *, const uint16_t *);
double	 dedup_margin(double, size_t);
double	 dedup_jaccard(uint32_t *, size_t, uint32_t *, size_t);
size_t	 dedup_hash_set(uint32_t *, size_t);
uint64_t dedup_band_hash(const struct dedup_params *, const uint16_t *, int);

/* clean.c: the memory of a cleaner's repeat table. */
size_t		 cleaner_table_bytes(const struct cleaner *);

/*
 * trenddate.c: the period holding a time, a date in a file name; trend.c:
 * what trendread.c puts into a trend.
 */
int64_t		 trend_period_of(int, int64_t);
int		 trend_date_in_name(const char *, int64_t *, int *);
/*
 * trend_add() counts documents of a key in a period, whose scores add up
 * to a sum in thousandths; with TREND_TOTAL in the period's total too;
 * TREND_OCCURRENCES: they are occurrences (term counts without DF),
 * which the total need not reach.  0, or, nothing counted,
 * TREND_DOCUMENTS_OVER when documents would pass 64 bits, TREND_SUM_OVER
 * when the sum would pass TREND_SUM_MAX, which only counts can: scores
 * and means are below 10^15 (10^18 thousandths) each, and 2^64
 * documents of them stay below 10^38 thousandths.
 */
#define TREND_TOTAL		0x1
#define TREND_OCCURRENCES	0x2
#define TREND_SUM_MAX \
	((__int128)10000000000000000000ULL * 10000000000000000000ULL)
enum { TREND_DOCUMENTS_OVER = 1, TREND_SUM_OVER };
int		 trend_add(struct trend *, const char *, size_t, int64_t,
		    uint64_t, __int128, int);
int		 trend_add_documents(struct trend *, int64_t, uint64_t);
void		 trend_set_documents(struct trend *, int64_t, uint64_t);
uint64_t	 trend_documents_most(struct trend *, int64_t,
		    const char **, size_t *);
/*
 * Documents counted from the input by day, beside the weeks' totals: a
 * week whose --totals lines give some of its days takes the counted
 * documents of the others (trend_read_totals()).
 */
void		 trend_add_day(struct trend *, int64_t, uint64_t);
uint64_t	 trend_day(struct trend *, int64_t);

/*
 * trend.c and trendjudge.c: a trend's state, which no other file reaches
 * into, and a key's shares per period index, which trend_finish() fills
 * and trend_judge() judges one period index of, into a point.
 */
struct trend_cell;
struct trend {
	struct trend_params	 params;
	struct strtab		*keys;
	struct trend_cell	*cells;
	size_t			 ncells, cellcap;
	uint32_t		*slots;		/* cell index + 1; 0 empty */
	size_t			 mask;
	/* after trend_finish() */
	int64_t			*periods;	/* with documents, ascending */
	uint64_t		*totals;
	size_t			 nperiods;
	uint32_t		*order;		/* key ids in byte order */
	uint32_t		*rank;		/* byte-order rank, by key id */
	uint32_t		*bykey;		/* cells, by key then period */
	size_t			*keystart;	/* first of a key in bykey */
	struct trend_point	*points;	/* of the cells judged */
	size_t			 npoints, pointcap;
	int			 finished;
};
struct series {
	double		*share;		/* per period index */
	uint64_t	*documents;
	struct trend_cell **cell;	/* NULL where the key has none */
	double		*scratch, *scratch2;
};
void		 trend_judge(const struct trend *, const struct series *,
		    size_t, struct trend_point *);
/*
 * trend_at_least(): whether v, a ratio or z-score made in floating
 * point, is at least min, one that is exactly min being so.
 */
int		 trend_at_least(double, double);

/* trendinput.c: a line of nw-trend's input (see nw.h), parsed. */
struct trend_line {
	int		 kind;
	const char	*id;		/* of a score line's document */
	size_t		 idlen;
	const char	*key;		/* topic or term */
	size_t		 keylen;
	uint64_t	 documents;
	int		 occurrences;	/* documents counts occurrences: no DF */
	__int128	 sum;		/* of scores or COUNT, thousandths */
	int		 dated;		/* the line had a date: */
	int64_t		 seconds;
	int		 hastime;
	const char	*explain;	/* nw-topic-score --explain, or NULL */
	size_t		 explainlen;
	struct record	 meta;		/* a score line's metadata fields */
};
const char	*trend_line_parse(const char *, size_t, int, size_t,
		    struct trend_line *);
/* Why a line is not counted: a sum of its period would pass its bound. */
#define TREND_DOCUMENTS_OVER_WHY \
	"the period's documents add up to more than 64 bits"
#define TREND_COUNTS_OVER_WHY \
	"the period's counts add up to more than 10^35"

/* trendreport.c: what trendread.c tells the report of each line. */
void	 trend_report_document(struct trend_report *,
	    const struct trend_line *, int64_t);
void	 trend_report_note(struct trend_report *, const char *, size_t,
	    const char *, size_t, int64_t, const char *, size_t, int64_t);

#endif /* NW_PRIVATE_H */
