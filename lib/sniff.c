/*
 * newswire: what a stream of bytes is, told by its first bytes.
 *
 * Every tool reads whatever it is fed, so the format of an operand is
 * found by looking at it and never by its name: a pipe carries no name,
 * and dumps are often misnamed.  Two questions, asked in two layers:
 * sniff_codec() says how the bytes are compressed (input.c undoes it),
 * sniff_content() what the uncompressed bytes hold (source.c reads it).
 *
 * A format is chosen only on positive evidence: a magic number, a tar
 * header whose checksum adds up, a WARC version line.  Zeros prove
 * nothing: a file that starts with NUL padding is text with a warning,
 * not an empty tar archive; only a whole stream of zero blocks is one,
 * and zero blocks before a header are an empty archive before another.
 */
#include <string.h>

#include <zlib.h>

#include "nw-private.h"

#define STRING_(x)	#x
#define STRING(x)	STRING_(x)

/*
 * Data still compressed once the readers have undone what they undo
 * (source_layers_open(), and input_open() for the other tools): here,
 * where both find it without the rest of the other's module.
 */
const char source_too_deep[] = "compressed more than " STRING(SNIFF_LAYERS)
    " times";

#define TAR_BLOCK	512

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[1] << 8 | p[0];
}

/* A skippable frame's magic, 0x184D2A50 to 0x184D2A5F, at p. */
static int
skippable_at(const unsigned char *p)
{
	return (p[0] & 0xf0) == 0x50 && p[1] == 0x2a && p[2] == 0x4d &&
	    p[3] == 0x18;
}

/*
 * The offset past the skippable frames that p[0..n) starts with; 0 when
 * they run past n.
 */
static size_t
skippable_end(const unsigned char *p, size_t n)
{
	uint32_t size;
	size_t off = 0;

	while (n - off >= 8 && skippable_at(p + off)) {
		size = le32(p + off + 4);
		if (size > n - off - 8)
			return 0;
		off += 8 + (size_t)size;
	}
	return off;
}

/*
 * The format of zstd or lz4 data that starts with skippable frames,
 * which both formats share (pzstd writes one before each frame; a
 * .warc.zst its dictionary): the magic of the frame after them.  One
 * that ends past the n bytes seen is zstd's, the commoner, whose
 * decoder then says what it finds; so is anything but lz4 after them.
 */
static int
skippable_codec(const unsigned char *p, size_t n)
{
	static const unsigned char lz4[] = { 0x04, 0x22, 0x4d, 0x18 };
	size_t off;

	if ((off = skippable_end(p, n)) == 0 || off > n - 4)
		return SNIFF_ZSTD;
	return memcmp(p + off, lz4, 4) == 0 ? SNIFF_LZ4 : SNIFF_ZSTD;
}

/*
 * How many bytes sniff_codec() looks at to be sure: 16, or to the end
 * of the skippable frames the data starts with and four bytes more.
 */
size_t
sniff_codec_need(const void *buf, size_t n)
{
	const unsigned char *p = buf;
	uint64_t size;
	size_t off = 0;

	for (;;) {
		if (n - off < 8)
			return off + 16;
		if (!skippable_at(p + off))
			return off > 0 ? off + 4 : 16;
		size = le32(p + off + 4);
		if (size > SIZE_MAX / 2 - off)
			return SIZE_MAX;
		off += 8 + (size_t)size;
		if (off > n)
			return off + 4;
	}
}

int
sniff_codec(const void *buf, size_t n)
{
	static const unsigned char xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
	static const unsigned char zstd[] = { 0x28, 0xb5, 0x2f, 0xfd };
	static const unsigned char lz4[] = { 0x04, 0x22, 0x4d, 0x18 };
	static const unsigned char bz2block[] = { 0x31, 0x41, 0x59, 0x26,
	    0x53, 0x59 };
	static const unsigned char bz2end[] = { 0x17, 0x72, 0x45, 0x38,
	    0x50, 0x90 };
	const unsigned char *p = buf;

	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return SNIFF_GZIP;
	if (n >= 6 && memcmp(p, xz, 6) == 0)
		return SNIFF_XZ;
	if (n >= 4 && memcmp(p, zstd, 4) == 0)
		return SNIFF_ZSTD;
	if (n >= 4 && memcmp(p, lz4, 4) == 0)
		return SNIFF_LZ4;
	if (n >= 8 && skippable_at(p))
		return skippable_codec(p, n);
	if (n >= 5 && memcmp(p, "LZIP", 4) == 0 && p[4] == 1)
		return SNIFF_LZIP;
	if (n >= 3 && p[0] == 0x1f && p[1] == 0x9d)	/* compress(1) */
		return SNIFF_COMPRESS;
	if (n >= 10 && memcmp(p, "BZh", 3) == 0 && p[3] >= '1' &&
	    p[3] <= '9' && (memcmp(p + 4, bz2block, 6) == 0 ||
	    memcmp(p + 4, bz2end, 6) == 0))
		return SNIFF_BZIP2;
	return SNIFF_PLAIN;
}

const char *
sniff_codec_name(int codec)
{
	static const char *names[] = {
		[SNIFF_PLAIN] = "plain", [SNIFF_GZIP] = "gzip",
		[SNIFF_XZ] = "xz", [SNIFF_ZSTD] = "zstd",
		[SNIFF_BZIP2] = "bzip2", [SNIFF_LZ4] = "lz4",
		[SNIFF_LZIP] = "lzip", [SNIFF_COMPRESS] = "compress"
	};

	if (codec < 0 || (size_t)codec >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[codec];
}

/*
 * A tar header: its checksum field, octal, equals the sum of the
 * block's bytes with the field itself counted as spaces (as unsigned
 * bytes, or as signed ones, which some old writers used).  An all-zero
 * block has no digits there and is no header.
 */
static int
tar_header(const unsigned char *p, size_t n)
{
	unsigned long sum = 0, want = 0;
	long ssum = 0;
	size_t i;

	if (n < TAR_BLOCK)
		return 0;
	for (i = 0; i < TAR_BLOCK; i++) {
		sum += i >= 148 && i < 156 ? ' ' : p[i];
		ssum += i >= 148 && i < 156 ? ' ' : (signed char)p[i];
	}
	for (i = 148; i < 156 && p[i] == ' '; i++)
		continue;
	if (i == 156 || p[i] < '0' || p[i] > '7')
		return 0;
	for (; i < 156 && p[i] >= '0' && p[i] <= '7'; i++)
		want = want * 8 + (unsigned long)(p[i] - '0');
	if (i < 156 && p[i] != ' ' && p[i] != '\0')
		return 0;
	return sum == want || (ssum >= 0 && (unsigned long)ssum == want);
}

/*
 * A POSIX or GNU tar header: the magic at 257 ("ustar\0" and version
 * "00", or GNU's "ustar  \0") and a checksum that adds up.  Bytes that
 * start with one are a tar whatever their first two, which are those of
 * the first member's name: one that starts FF FE or FE FF is no byte
 * order mark.  UTF-16 text holds the magic at 257 only in ideographs
 * ("star" is U+7473 U+7261 little-endian, U+7374 U+6172 big-endian),
 * and is then the only text this could take for a tar: it would also
 * need octal digits at 148 that give the sum of its first 512 bytes,
 * which no text but one made to be a tar header holds.
 */
static int
tar_ustar(const unsigned char *p, size_t n)
{
	if (n < TAR_BLOCK || (memcmp(p + 257, "ustar\0" "00", 8) != 0 &&
	    memcmp(p + 257, "ustar  \0", 8) != 0))
		return 0;
	return tar_header(p, n);
}

/*
 * JSON: the first thing that is not blank is an object that opens with
 * a member name, or is empty, or an array of such objects, or, when p
 * is all there is (whole), an empty array and nothing more, as a dump
 * with nothing in it is written.  Plain text seldom starts so.
 */
static int
json_start(const unsigned char *p, size_t n, int whole)
{
	size_t i = 0;

	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n'))
		i++;
	if (i < n && p[i] == '[') {
		i++;
		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
		    p[i] == '\n'))
			i++;
		if (whole && i < n && p[i] == ']') {
			for (i++; i < n && (p[i] == ' ' || p[i] == '\t' ||
			    p[i] == '\r' || p[i] == '\n'); i++)
				;
			return i == n;
		}
	}
	if (i == n || p[i++] != '{')
		return 0;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n'))
		i++;
	return i < n && (p[i] == '"' || p[i] == '}');
}

size_t
sniff_zeros(const void *buf, size_t n)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = 0; i < n && p[i] == 0; i++)
		continue;
	return i;
}

/*
 * A numeric field of a tar header: octal digits, maybe after spaces,
 * ended by a NUL or a space or by the field's end; or a number in GNU's
 * base 256, whose first byte is 0x80 or 0xff.
 */
static int
tar_number(const unsigned char *p, size_t width)
{
	size_t i = 0;

	if (p[0] == 0x80 || p[0] == 0xff)
		return 1;
	while (i < width && p[i] == ' ')
		i++;
	if (i == width || p[i] < '0' || p[i] > '7')
		return 0;
	while (i < width && p[i] >= '0' && p[i] <= '7')
		i++;
	return i == width || p[i] == '\0' || p[i] == ' ';
}

/*
 * Bytes that end inside their first block and hold what a POSIX or GNU
 * tar header holds there: the magic at 257, a name padded with NUL
 * bytes and a mode of octal digits.  A tar cut short, whose header
 * fields are no text; text that happens to spell "ustar" at 257
 * ("custar caro") has no NUL in its first 100 bytes.  A name may fill
 * its 100 bytes (one of 100, or the pax header GNU tar writes before a
 * long one, "./PaxHeaders/" and the name cut to 100): then the numeric
 * fields after it, mode to checksum, must all be numbers, which text
 * is not.
 */
static int
tar_header_cut(const unsigned char *p, size_t n)
{
	static const unsigned char fields[][2] = {
		{ 100, 8 }, { 108, 8 }, { 116, 8 }, { 124, 12 }, { 136, 12 },
		{ 148, 8 }
	};
	size_t i;

	if (n >= TAR_BLOCK || n < 262 || memcmp(p + 257, "ustar", 5) != 0 ||
	    (n > 262 && p[262] != '\0' && p[262] != ' '))
		return 0;
	if (memchr(p, '\0', 100) == NULL)
		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
			if (!tar_number(p + fields[i][0], fields[i][1]))
				return 0;
	for (i = 100; i < 107; i++)
		if ((p[i] < '0' || p[i] > '7') && p[i] != ' ' && p[i] != '\0')
			return 0;
	return 1;
}

/*
 * Binary formats, told by a magic number at the start of the data.
 * Each is one no text starts with: it holds a control byte or a NUL
 * (ELF's DEL, PNG's SUB, OggS's NUL), or bytes that are no UTF-8 and
 * make no word in Latin-1 either (JPEG's FF D8 FF, a compound file's
 * D0 CF 11 E0), or, when it is ASCII, names the format as only a file
 * of it is headed ("GIF89a", "%PDF-1.", "SQLite format 3" and its NUL).
 * A PDF or PostScript file may be ASCII throughout, and is a program
 * then, its text drawing operators: not prose.  Magic numbers of two
 * or four letters that text might start with ("MZ", "BM", "RIFF",
 * "OTTO", "ID3", "fLaC", "wOFF") are taken only with the fields after
 * them that their format fixes (binary_structured()).
 */
static const struct binary_magic {
	unsigned char	 len;
	const char	*bytes;
	const char	*kind;
} binary_magics[] = {
	{ 4, "\x7f" "ELF", "ELF executable" },
	{ 4, "\xfe\xed\xfa\xce", "Mach-O executable" },
	{ 4, "\xfe\xed\xfa\xcf", "Mach-O executable" },
	{ 4, "\xce\xfa\xed\xfe", "Mach-O executable" },
	{ 4, "\xcf\xfa\xed\xfe", "Mach-O executable" },
	{ 8, "\0asm\x01\0\0\0", "WebAssembly module" },
	{ 8, "\x89PNG\r\n\x1a\n", "PNG image" },
	{ 3, "\xff\xd8\xff", "JPEG image" },
	{ 6, "GIF87a", "GIF image" },
	{ 6, "GIF89a", "GIF image" },
	{ 4, "II*\0", "TIFF image" },
	{ 4, "MM\0*", "TIFF image" },
	{ 4, "II+\0", "TIFF image" },		/* BigTIFF */
	{ 4, "MM\0+", "TIFF image" },
	{ 12, "\0\0\0\x0cjP  \r\n\x87\n", "JPEG 2000 image" },
	{ 6, "8BPS\0\x01", "Photoshop image" },
	{ 6, "8BPS\0\x02", "Photoshop image" },
	{ 4, "\x1a\x45\xdf\xa3", "Matroska or WebM video" },
	{ 5, "OggS\0", "Ogg media" },
	{ 16, "SQLite format 3\0", "SQLite database" },
	{ 8, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
	    "Microsoft compound document" },	/* .doc, .xls, .msi */
	{ 6, "Rar!\x1a\x07", "RAR archive" },
	{ 4, "\x02\x21\x4c\x18", "lz4 legacy data" },	/* lz4 -l */
	{ 4, "\xc5\xd0\xd3\xc6", "PostScript document" },	/* EPS */
	{ 4, "%!PS", "PostScript document" }
};


/*
 * A font's table directory: a count of tables, then the three numbers
 * the format derives from it (the largest power of two not above it,
 * times 16; its logarithm; the rest times 16).
 */
static int
sfnt_directory(const unsigned char *p, size_t n)
{
	unsigned tables, power = 1, exponent = 0;

	if (n < 12)
		return 0;
	tables = (unsigned)p[4] << 8 | p[5];
	if (tables == 0)
		return 0;
	while (power * 2 <= tables) {
		power *= 2;
		exponent++;
	}
	return ((unsigned)p[6] << 8 | p[7]) == power * 16 &&
	    ((unsigned)p[8] << 8 | p[9]) == exponent &&
	    ((unsigned)p[10] << 8 | p[11]) == (tables - power) * 16;
}

/* An sfnt version tag: TrueType's 00 01 00 00 or "true", or "OTTO". */
static const char *
sfnt_version(const unsigned char *p)
{
	if (memcmp(p, "\0\x01\0\0", 4) == 0 || memcmp(p, "true", 4) == 0)
		return "TrueType font";
	if (memcmp(p, "OTTO", 4) == 0)
		return "OpenType font";
	return NULL;
}

/*
 * Formats whose magic is short, or letters, told by the fields after it
 * that their format fixes; or whose kind is named by those fields.
 */
static const char *
binary_structured(const unsigned char *p, size_t n)
{
	static const struct {
		const char	*brand, *kind;
	} brands[] = {
		{ "avif", "AVIF image" }, { "avis", "AVIF image" },
		{ "heic", "HEIF image" }, { "heix", "HEIF image" },
		{ "heim", "HEIF image" }, { "heis", "HEIF image" },
		{ "mif1", "HEIF image" }, { "msf1", "HEIF image" },
		{ "qt  ", "QuickTime video" }, { "M4A ", "MPEG-4 audio" },
		{ "M4B ", "MPEG-4 audio" }
	};
	static const struct {
		const char	*form, *kind;
	} forms[] = {
		{ "WEBP", "WebP image" }, { "WAVE", "WAV audio" },
		{ "AVI ", "AVI video" }
	};
	static const unsigned bmp_headers[] = { 12, 40, 52, 56, 64, 108, 124 };
	const char *kind;
	uint32_t at;
	size_t i;

	/* "%PDF-" and a version, "1.7" or "2.0". */
	if (n >= 6 && memcmp(p, "%PDF-", 5) == 0 && p[5] >= '0' &&
	    p[5] <= '9')
		return "PDF document";
	/* "MZ" and, where the DOS header points, "PE" and two NULs. */
	if (n >= 64 && p[0] == 'M' && p[1] == 'Z') {
		at = le32(p + 0x3c);
		if (at >= 64 && at <= n - 4 && memcmp(p + at, "PE\0\0", 4) == 0)
			return "Windows executable";
	}
	/*
	 * CA FE BA BE: a Java class, then its version, 45 or more; or a
	 * Mach-O universal binary, then its count of architectures.
	 */
	if (n >= 8 && memcmp(p, "\xca\xfe\xba\xbe", 4) == 0)
		return be32(p + 4) >= 45 ? "Java class file" :
		    "Mach-O universal binary";
	/* A box of 16 bytes or more, "ftyp", and a brand of four. */
	if (n >= 12 && memcmp(p + 4, "ftyp", 4) == 0 && p[0] == 0 &&
	    p[1] == 0 && be32(p) >= 16 && be32(p) % 4 == 0) {
		for (i = 0; i < sizeof(brands) / sizeof(brands[0]); i++)
			if (memcmp(p + 8, brands[i].brand, 4) == 0)
				return brands[i].kind;
		return "MPEG-4 media";
	}
	/* "RIFF", a length, the form. */
	if (n >= 12 && memcmp(p, "RIFF", 4) == 0)
		for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
			if (memcmp(p + 8, forms[i].form, 4) == 0)
				return forms[i].kind;
	/* "BM", a length, four NUL bytes, an offset, a header length. */
	if (n >= 18 && p[0] == 'B' && p[1] == 'M' && le32(p + 6) == 0)
		for (i = 0; i < sizeof(bmp_headers) / sizeof(bmp_headers[0]);
		    i++)
			if (le32(p + 14) == bmp_headers[i])
				return "BMP image";
	/*
	 * 00 00, 1 (an icon) or 2 (a cursor), a count of images, and the
	 * first image's entry: a NUL byte, planes and bits a pixel that an
	 * icon has, its data after the entries.
	 */
	if (n >= 22 && p[0] == 0 && p[1] == 0 && (p[2] == 1 || p[2] == 2) &&
	    p[3] == 0 && (p[4] | p[5]) != 0 && p[9] == 0 && le32(p + 14) != 0 &&
	    le32(p + 18) >= 6 + 16 * ((unsigned)p[4] | (unsigned)p[5] << 8) &&
	    (p[2] == 2 || (p[10] <= 1 && p[11] == 0 && p[13] == 0 &&
	    (p[12] == 0 || p[12] == 1 || p[12] == 4 || p[12] == 8 ||
	    p[12] == 16 || p[12] == 24 || p[12] == 32))))
		return p[2] == 1 ? "Windows icon" : "Windows cursor";
	/* "ID3", a version (2 to 4) and revision, its length in 7-bit bytes. */
	if (n >= 10 && memcmp(p, "ID3", 3) == 0 && p[3] >= 2 && p[3] <= 4 &&
	    p[4] != 0xff && (p[6] | p[7] | p[8] | p[9]) < 0x80)
		return "MP3 audio";
	/* "fLaC" and its first block, stream information, 34 bytes long. */
	if (n >= 8 && memcmp(p, "fLaC", 4) == 0 && (p[4] & 0x7f) == 0 &&
	    p[5] == 0 && p[6] == 0 && p[7] == 34)
		return "FLAC audio";
	/* Fonts: WOFF and WOFF2 wrap a font whose version they give. */
	if (n >= 8 && (memcmp(p, "wOFF", 4) == 0 ||
	    memcmp(p, "wOF2", 4) == 0) && (sfnt_version(p + 4) != NULL ||
	    memcmp(p + 4, "ttcf", 4) == 0))
		return p[3] == 'F' ? "WOFF font" : "WOFF2 font";
	if (n >= 8 && memcmp(p, "ttcf", 4) == 0 && p[4] == 0 &&
	    (p[5] == 1 || p[5] == 2) && p[6] == 0 && p[7] == 0)
		return "TrueType font collection";
	if (n >= 12 && (kind = sfnt_version(p)) != NULL &&
	    sfnt_directory(p, n))
		return kind;
	return NULL;
}

/*
 * What binary format uncompressed bytes p[0..n) start with, by its
 * magic number: its kind, "PNG image", or NULL for none of those known.
 */
const char *
sniff_binary(const void *buf, size_t n)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = 0; i < sizeof(binary_magics) / sizeof(binary_magics[0]); i++)
		if (n >= binary_magics[i].len && memcmp(p,
		    binary_magics[i].bytes, binary_magics[i].len) == 0)
			return binary_magics[i].kind;
	return binary_structured(p, n);
}

/*
 * What uncompressed bytes hold.  p[0..n) is the start of the stream,
 * SNIFF_SIZE bytes of it or all of it (whole); when it starts with a
 * zero block, SNIFF_ZEROS_MAX bytes or all of it.
 */
int
sniff_content(const void *buf, size_t n, int whole)
{
	static const unsigned char sevenz[] = { '7', 'z', 0xbc, 0xaf, 0x27,
	    0x1c };
	const unsigned char *p = buf;
	size_t z;

	if (n >= 4 && p[0] == 'P' && p[1] == 'K' &&
	    ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6)))
		return SNIFF_ZIP;
	if (n >= 6 && memcmp(p, sevenz, 6) == 0)
		return SNIFF_7Z;
	/*
	 * A header, or after whole zero blocks: the end-of-archive blocks
	 * of an empty archive with another written after it (cat empty.tar
	 * a.tar), which tar -i reads past.
	 */
	z = sniff_zeros(p, n) / TAR_BLOCK * TAR_BLOCK;
	if (tar_header(p + z, n - z))
		return SNIFF_TAR;
	if (whole && tar_header_cut(p + z, n - z))
		return SNIFF_TAR_CUT;
	if (n >= TAR_BLOCK && sniff_zeros(p, n) == n) {
		/* The end-of-archive blocks are all an empty tar holds. */
		if (whole)
			return n >= 2 * TAR_BLOCK && n % TAR_BLOCK == 0 ?
			    SNIFF_TAR_EMPTY : SNIFF_TEXT;
		return SNIFF_ZEROS;
	}
	/* An image, a program, a PDF: a magic number no text starts with. */
	if (sniff_binary(p, n) != NULL)
		return SNIFF_BINARY;
	/*
	 * Line ends before the first record are what a file cut from a
	 * bigger one just after a record's content starts with: the
	 * reader passes over them, as it does between records, and over
	 * a byte order mark before them, as a text editor saves one.
	 */
	z = n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	for (; z < n && (p[z] == '\r' || p[z] == '\n'); z++)
		continue;
	if (n - z >= 5 && memcmp(p + z, "WARC/", 5) == 0)
		return SNIFF_WARC;
	if (json_start(p, n, whole))
		return SNIFF_JSON;
	return SNIFF_TEXT;
}

/*
 * The first bytes a compressed stream decodes to, as many as out holds,
 * whatever its compression (sniff_codec()): 0 when it is none, or none
 * come of the bytes given (a bzip2 block cut off by their end).
 */
size_t
sniff_peek(const void *buf, size_t n, unsigned char *out, size_t cap)
{
	const unsigned char *p = buf;
	struct codec *c;
	size_t used = 0, got = 0, inlen, outlen;
	int kind, rc;

	if ((kind = sniff_codec(p, n)) == SNIFF_GZIP)
		return sniff_gzip_peek(p, n, out, cap);
	if (kind == SNIFF_PLAIN || (c = codec_new(kind, 0)) == NULL)
		return 0;
	do {
		inlen = n - used;
		outlen = cap - got;
		rc = codec_step(c, p + used, &inlen, out + got, &outlen, 0);
		used += inlen;
		got += outlen;
	} while (rc == CODEC_OK && (inlen > 0 || outlen > 0) && got < cap);
	codec_free(c);
	return got;
}

/* The first bytes a gzip stream inflates to, as many as out holds. */
size_t
sniff_gzip_peek(const void *buf, size_t n, unsigned char *out, size_t cap)
{
	const unsigned char *p = buf;
	z_stream z;
	size_t got;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return 0;
	z.next_in = (unsigned char *)p;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	(void)inflate(&z, Z_SYNC_FLUSH);
	got = cap - z.avail_out;
	inflateEnd(&z);
	return got;
}

/*
 * UTF-16 code units p[0..n) are text when at most one in ten is a
 * control character, NUL among them, or a lone surrogate (one cut off
 * by the end of the sample is not counted).
 */
static int
utf16_text(const unsigned char *p, size_t n, int le)
{
	size_t i, units = 0, bad = 0;
	uint32_t u, v;

	for (i = 0; i + 2 <= n; i += 2) {
		u = le ? (uint32_t)p[i] | p[i + 1] << 8 :
		    (uint32_t)p[i] << 8 | p[i + 1];
		units++;
		if (u >= 0xd800 && u <= 0xdbff) {
			if (i + 4 > n)
				break;
			v = le ? (uint32_t)p[i + 2] | p[i + 3] << 8 :
			    (uint32_t)p[i + 2] << 8 | p[i + 3];
			if (v >= 0xdc00 && v <= 0xdfff) {
				i += 2;
				continue;
			}
			bad++;
		} else if ((u >= 0xdc00 && u <= 0xdfff) || (u < 0x20 &&
		    u != '\t' && u != '\n' && u != '\r' && u != '\f' &&
		    u != '\v' && u != 0x1b))
			bad++;
	}
	return bad * 10 <= units;
}

/*
 * UTF-32 code units p[0..n) are text when at most one in ten is a
 * control character, as in utf16_text(), or no character at all: a
 * surrogate or a value past U+10FFFF.
 */
static int
utf32_text(const unsigned char *p, size_t n, int le)
{
	size_t i, units = 0, bad = 0;
	uint32_t u;

	for (i = 0; i + 4 <= n; i += 4) {
		u = utf32_unit(p + i, le);
		units++;
		if (utf32_invalid(u) ||
		    (u < 0x20 && u != '\t' && u != '\n' && u != '\r' &&
		    u != '\f' && u != '\v' && u != 0x1b))
			bad++;
	}
	return bad * 10 <= units;
}

/*
 * Bytes that are UTF-8 text but for NUL bytes: well formed (a sequence
 * the sample cuts off is not counted) and no control character but
 * those utf16_text() allows.
 */
static int
utf8_text_but_nuls(const unsigned char *p, size_t n)
{
	size_t i, k;
	int32_t cp;

	for (i = 0; i < n; i += k) {
		k = 1;
		if (p[i] == 0 || (p[i] >= 0x20 && p[i] < 0x80))
			continue;
		if (p[i] < 0x20) {
			if (p[i] != '\t' && p[i] != '\n' && p[i] != '\r' &&
			    p[i] != '\f' && p[i] != '\v' && p[i] != 0x1b)
				return 0;
			continue;
		}
		if ((k = utf8_decode(p + i, n - i, &cp)) == 0)
			return n - i < 4;
	}
	return 1;
}

/*
 * Whether bytes are UTF-32 behind its byte order mark (*skip 4), which
 * is checked first: FF FE 00 00 would be UTF-16 starting with U+0000,
 * which no text does.  Or whether they are UTF-16, and in which order:
 * behind a byte order mark (*skip 2), or without one (*skip 0) when the
 * first SNIFF_SIZE bytes hold at least 8 code units, one in eight of
 * them or more with a NUL byte on one side (Latin letters, spaces,
 * digits and punctuation are U+00xx: a NUL high byte), eight times as
 * many as on the other (U+xx00 is rare), one at least among the first
 * 32 units (a WARC or other headers in ASCII before UTF-16 text are not
 * UTF-16), and they are text (utf16_text()).  UTF-8 text has no NUL
 * byte, and a binary file has them on both sides.  UTF-8 text with a
 * stray NUL byte or two is told apart by its lines: when the bytes hold
 * a newline, but no unit is one (U+000A, a NUL beside it), fewer than
 * half the units have a NUL and the bytes read as UTF-8 text
 * (utf8_text_but_nuls()), they are UTF-8.  UTF-16 text has its newlines
 * as units, and in Latin letters a NUL in nearly every unit; its bytes
 * may well read as UTF-8 (hiragana and many ideographs are two
 * printable ASCII bytes).  Bytes that start with a tar header
 * (tar_ustar()) or a binary format's magic number (sniff_binary()) are
 * none, mark or not.
 */
int
sniff_utf16(const void *buf, size_t n, size_t *skip)
{
	const unsigned char *p = buf;
	size_t i, zeven = 0, zodd = 0, units, heven = 0, hodd = 0;
	int nl8, nl16 = 0;

	*skip = 0;
	if (tar_ustar(p, n) || sniff_binary(p, n) != NULL)
		return SNIFF_UTF16_NONE;
	if (n >= 4 && memcmp(p, "\xff\xfe\0\0", 4) == 0) {
		*skip = 4;
		return SNIFF_UTF32LE;
	}
	if (n >= 4 && memcmp(p, "\0\0\xfe\xff", 4) == 0) {
		*skip = 4;
		return SNIFF_UTF32BE;
	}
	if (n >= 2 && p[0] == 0xff && p[1] == 0xfe) {
		*skip = 2;
		return SNIFF_UTF16LE;
	}
	if (n >= 2 && p[0] == 0xfe && p[1] == 0xff) {
		*skip = 2;
		return SNIFF_UTF16BE;
	}
	if (n > SNIFF_SIZE)
		n = SNIFF_SIZE;
	units = n / 2;
	/* Without a NUL byte no unit is U+00xx: the common case, quickly. */
	if (units < 8 || memchr(p, 0, n) == NULL)
		return SNIFF_UTF16_NONE;
	for (i = 0; i + 2 <= n; i += 2) {
		zeven += p[i] == 0;
		zodd += p[i + 1] == 0;
		nl16 |= (p[i] == '\n' && p[i + 1] == 0) ||
		    (p[i] == 0 && p[i + 1] == '\n');
		if (i == 62) {
			heven = zeven;
			hodd = zodd;
		}
	}
	if (units < 32) {
		heven = zeven;
		hodd = zodd;
	}
	nl8 = memchr(p, '\n', n) != NULL;
	if (nl8 && !nl16 && zodd * 2 < units && zeven * 2 < units &&
	    utf8_text_but_nuls(p, n))
		return SNIFF_UTF16_NONE;
	if (hodd > 0 && zodd * 8 >= units && zeven * 8 <= zodd &&
	    utf16_text(p, n, 1))
		return SNIFF_UTF16LE;
	if (heven > 0 && zeven * 8 >= units && zodd * 8 <= zeven &&
	    utf16_text(p, n, 0))
		return SNIFF_UTF16BE;
	return SNIFF_UTF16_NONE;
}

/*
 * Text, not an image or a program: no binary format's magic number
 * (sniff_binary()), at most one byte in ten a control character other
 * than NUL, not NULs alone, and, in 64 bytes or more, NULs in no more
 * than two runs, or one run in 512 bytes; or UTF-16 or UTF-32
 * (sniff_utf16()) that is text.  Bytes outside well-formed UTF-8 do
 * not count: a headline in Latin-1 or Windows-1252 may have more than
 * one in ten ("Grüße aus München."), and is repaired later.
 * An image or a program has NULs or control bytes within its first few
 * hundred bytes, numbers stored as binary a run of NULs in every few
 * bytes, random bytes one NUL in 256, scattered; an article with a
 * stray NUL, or a stretch of NUL padding (a file preallocated, or torn
 * by a crash), has one or two runs, and the reader reports and replaces
 * them.  A short run of random bytes may hold none and pass for text.
 * Compression is looked through, compressed again or not, up to layers
 * compressions deep.
 */
static int
text_through(const unsigned char *p, size_t n, int layers)
{
	size_t i = 0, bad = 0, runs = 0, nul = 0, k, skip;
	int32_t cp;
	int order;

	if (sniff_codec(p, n) != SNIFF_PLAIN) {
		unsigned char out[SNIFF_SIZE];

		n = sniff_peek(p, n, out, sizeof(out));
		return layers > 0 && n > 0 && text_through(out, n, layers - 1);
	}
	if (sniff_binary(p, n) != NULL)
		return 0;
	switch (order = sniff_utf16(p, n, &skip)) {
	case SNIFF_UTF16LE:
	case SNIFF_UTF16BE:
		return utf16_text(p + skip, n - skip, order == SNIFF_UTF16LE);
	case SNIFF_UTF32LE:
	case SNIFF_UTF32BE:
		return utf32_text(p + skip, n - skip, order == SNIFF_UTF32LE);
	}
	while (i < n) {
		if (p[i] < 0x80) {
			nul += p[i] == 0;
			runs += p[i] == 0 && (i == 0 || p[i - 1] != 0);
			if (p[i] < 0x20 && p[i] != 0 && p[i] != '\t' &&
			    p[i] != '\n' && p[i] != '\r' && p[i] != '\f' &&
			    p[i] != '\v' && p[i] != 0x1b)
				bad++;
			i++;
			continue;
		}
		if ((k = utf8_decode(p + i, n - i, &cp)) == 0)
			k = utf8_invalid_span(p + i, n - i);
		i += k;
	}
	return bad * 10 <= n && (n == 0 || nul < n) &&
	    (n < 64 || runs <= 2 || runs <= n / 512);
}

int
sniff_text(const void *buf, size_t n)
{
	return text_through(buf, n, SNIFF_LAYERS);
}
