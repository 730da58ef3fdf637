/*
 * newswire: what the two files of the input reader share (lib/input.c
 * hands out lines and reads; lib/inputdecode.c the bytes under them,
 * decompressed and as UTF-8): an input's state.
 */
#ifndef NW_INPUT_H
#define NW_INPUT_H

#define RAW_SIZE	(128 * 1024)	/* in->raw */

enum {
	MODE_UNKNOWN, MODE_PLAIN, MODE_CODEC, MODE_ARCHIVE, MODE_DONE
};

enum {
	BOM_UNKNOWN, BOM_NONE, BOM_UTF16LE, BOM_UTF16BE,	/* in->bom */
	BOM_UTF32LE, BOM_UTF32BE
};

enum {
	U16_MORE, U16_END, U16_GAP	/* in->u16eof */
};

enum {
	ENDS_UNKNOWN, ENDS_LF, ENDS_CR	/* in->ends */
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

	/* inputdecode.c: raw bytes, and their decoder when compressed. */
	unsigned char	*raw;
	size_t		 rawpos, rawlen;
	int		 raweof;
	int		 mode;		/* MODE_UNKNOWN, ... */
	int		 codec;		/* SNIFF_PLAIN, SNIFF_GZIP, ... */
	struct codec	*codec_state;	/* gzip, xz, lzip, zstd, bzip2, lz4 */
	int		 gap;		/* the bytes decoded end at a gap */
	uint64_t	 gaplost;	/* how many came from the damage */
	struct archive_reader *ar;	/* compress(1) */

	/* Decompressed bytes as UTF-8: after a UTF-16 or UTF-32 mark. */
	int		 bom;		/* BOM_UNKNOWN, ... */
	unsigned char	*u16;		/* UTF-16 or -32 not yet converted */
	size_t		 u16len;
	int		 u16eof;	/* U16_END, U16_GAP */
	uint32_t	 u16high;	/* a high surrogate, waiting */
	uint64_t	 u16off;	/* the offset of u16[0] */
	struct buf	 u8;		/* converted, or bytes looked at */
	size_t		 u8pos;

	/* input.c: decompressed bytes, cut into lines. */
	char		*buf;
	size_t		 cap, start, scan, end;
	int		 eof;
	int		 unended;	/* the last line had no LF */
	int		 ends;		/* ENDS_LF, ...: what ends a line */
	int		 crlf;		/* ENDS_CR: an LF next is no line */
	size_t		 cr;		/* ENDS_UNKNOWN: 1 + the first CR's
					   offset from start; 0: none yet */
	struct buf	 fix, c1fix;
	const char	*charset;	/* of lines not UTF-8; NULL: none */
	struct input	*under;		/* what this reads, closed with it */
	struct charset_converter *conv;
	uint64_t	 lineno;
	uint64_t	 nbad, nnul, nc1, nbad16, nbad32;
	uint64_t	 nbadcs;	/* bytes invalid in charset */
};

/* inputdecode.c: the bytes under the line buffer, as UTF-8. */
ssize_t	input_decoded_read(struct input *, void *, size_t);

#endif
