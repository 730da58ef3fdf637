/*
 * newswire: reading an operand.
 *
 * An input hands out the bytes of a file descriptor or of a caller's
 * read function, decompressed and as UTF-8 (inputdecode.c), as lines or
 * as reads.  Lines are cut from a block buffer that grows as needed, so
 * there is no limit on line length, and repaired as they are handed out
 * (NUL bytes, CRs, invalid UTF-8 and C1 controls; refused instead with
 * INPUT_STRICT), the repairs counted and reported once, when the input
 * is closed.  A line ends at LF, or at CR in old Mac OS text (ends_scan).
 *
 * A gzip file of many members goes on after a corrupt one, at the next
 * member, and the decoded bytes have a gap there (inputdecode.c).  No
 * line is made of bytes from both sides of a gap (a line cut by one ends
 * there, as a line the input ends inside does), and a reader that must
 * know where a gap is, as the WARC reader must, to drop the record it
 * cuts, reads with input_read_part().
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#include <immintrin.h>
#endif

#include "nw-private.h"
#include "input.h"

#define LINE_SIZE	(128 * 1024)

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

/*
 * Why path, named name, could not be opened, in errno: a symbolic link
 * whose target is missing is said to be one, with its target, since
 * "No such file or directory" of a name ls(1) lists is a puzzle.
 */
void
input_open_warn(const char *path, const char *name)
{
	char target[PATH_MAX];
	struct stat st;
	ssize_t n;
	int e = errno;

	if (e == ENOENT && lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
	    (n = readlink(path, target, sizeof(target) - 1)) > 0) {
		target[n] = '\0';
		warnx("%s: a symbolic link to %s, which does not exist", name,
		    target);
		return;
	}
	errno = e;
	warn("%s", name);
}

/*
 * Whether path can be opened as an input, for a file read late in a run
 * (nw-trend --totals, after the other input) checked at its start: 0, or
 * -1 after a warning ("path: Is a directory" for a directory).  A FIFO
 * is opened without waiting for a writer, and closed; "-", standard
 * input, is not checked.
 */
int
input_check_path(const char *path)
{
	struct stat st;
	int fd;

	if (strcmp(path, "-") == 0)
		return 0;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		input_open_warn(path, path);
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		warnx("%s: Is a directory", path);
		(void)close(fd);
		return -1;
	}
	(void)close(fd);
	return 0;
}

/*
 * A tool that writes files named by its options (nw-shard's shards,
 * nw-trend's report and state) would destroy an input that is one of
 * them, unread or read, whatever its name: the first of the inputs
 * names[0..n) (none: "-"; "-" is standard input) that is one of the
 * outputs, by device and inode (under another name or through a link
 * too), with in *which, if not NULL, the index of that output; NULL when
 * none is.  An output that does not exist yet, or is no regular file, is
 * no input's; an input that cannot be found is passed over, for its
 * open to say why.
 */
const char *
input_is_output(const char *const outputs[], size_t noutputs,
    const char *const names[], int n, size_t *which)
{
	struct stat *out, st;
	const char *name, *found = NULL;
	size_t nout = 0, i, *index;
	int j;

	out = xcalloc(noutputs ? noutputs : 1, sizeof(*out));
	index = xcalloc(noutputs ? noutputs : 1, sizeof(*index));
	for (i = 0; i < noutputs; i++)
		if (stat(outputs[i], &out[nout]) == 0 &&
		    S_ISREG(out[nout].st_mode))
			index[nout++] = i;
	for (j = 0; nout > 0 && found == NULL && j < (n > 0 ? n : 1); j++) {
		name = n > 0 ? names[j] : "-";
		if ((strcmp(name, "-") == 0 ? fstat(STDIN_FILENO, &st) :
		    stat(name, &st)) == -1)
			continue;
		for (i = 0; i < nout; i++)
			if (st.st_dev == out[i].st_dev &&
			    st.st_ino == out[i].st_ino) {
				found = name;
				if (which != NULL)
					*which = index[i];
				break;
			}
	}
	free(index);
	free(out);
	return found;
}

static ssize_t
under_read(void *ctx, void *p, size_t n)
{
	return input_read(ctx, p, n);
}

static ssize_t
nothing_read(void *ctx, void *p, size_t n)
{
	(void)ctx;
	(void)p;
	(void)n;
	return 0;
}

/*
 * Data compressed again (records.gz gzipped once more) read as what it
 * holds, as nw-split reads a file, up to SOURCE_LAYERS times over: an
 * input over what in decodes to, which closes in with itself.
 */
static struct input *
input_layers(struct input *in, int flags)
{
	struct input *outer;
	const char *p;
	size_t n, k;

	for (k = 0; k < SOURCE_LAYERS && input_codec(in) != SNIFF_PLAIN;
	    k++) {
		p = input_peek(in, 16, &n);
		if (sniff_codec(p, n) == SNIFF_PLAIN)
			break;
		outer = input_open_reader(under_read, in, in->name, flags);
		outer->under = in;
		in = outer;
	}
	/*
	 * Compressed still: not read as text, which it is not, but said
	 * and skipped, as nw-split skips it; the input reads as empty,
	 * and fails when closed.
	 */
	if (k == SOURCE_LAYERS && input_codec(in) != SNIFF_PLAIN) {
		p = input_peek(in, 16, &n);
		if (sniff_codec(p, n) != SNIFF_PLAIN) {
			warnx("%s: not text (%s): skipped", in->name,
			    source_too_deep);
			outer = input_open_reader(nothing_read, NULL,
			    in->name, flags);
			outer->under = in;
			outer->failed = 1;
			in = outer;
		}
	}
	return in;
}

struct input *
input_open(const char *path, int flags)
{
	struct input *in;
	int fd;

	if (strcmp(path, "-") == 0) {
		if (input_check_output(STDIN_FILENO, "-") == -1)
			return NULL;
		return input_layers(input_open_fd(STDIN_FILENO, "-", flags),
		    flags);
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		input_open_warn(path, path);
		return NULL;
	}
	if (input_check_output(fd, path) == -1) {
		(void)close(fd);
		return NULL;
	}
	in = input_open_fd(fd, path, flags);
	in->close_fd = 1;
	return input_layers(in, flags);
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
	to->nbad32 += from->nbad32;
	to->nbadcs += from->nbadcs;
	if (to->charset == NULL)
		to->charset = from->charset;
	from->nbad = from->nnul = from->nc1 = from->nbad16 = 0;
	from->nbad32 = from->nbadcs = 0;
}

/*
 * Add n invalid UTF-8 sequences that a reader over in replaced (a web
 * page's, sniffed as UTF-8) to in's, reported with them, once.
 */
void
input_repairs_add(struct input *in, uint64_t n)
{
	in->nbad += n;
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
 * Up to n decompressed bytes; 0 at end of input, -1 after an error.  A
 * gap is passed: the bytes after it follow those before.
 */
ssize_t
input_read(struct input *in, void *p, size_t n)
{
	ssize_t got;
	size_t k;

	if (in->start == in->end) {
		while ((got = input_decoded_read(in, p, n)) == 0 && in->gap &&
		    n > 0)
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
	if ((got = input_decoded_read(in, p, n)) == 0 && in->gap && n > 0) {
		*lost = in->gaplost;
		gap_pass(in);
		return -2;
	}
	return got;
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
		size_t cap = in->cap ? in->cap * 2 : LINE_SIZE;
		char *p;

		/*
		 * A line too long for the memory: say which input and line,
		 * and how long it had grown, not just "Cannot allocate
		 * memory", which leaves a long run's user to guess.
		 */
		if ((p = realloc(in->buf, cap)) == NULL)
			err(NW_EXIT_FAIL, "%s: line %" PRIu64 ": a line of "
			    "more than %zu bytes", in->name, in->lineno + 1,
			    in->end);
		in->buf = p;
		in->cap = cap;
	}
}

#ifdef NW_AVX2
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
	static int avx2 = -1;
	int bad = 0;

	if (avx2 == -1)
		avx2 = nw_avx2(NULL);
	if (avx2) {
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
	size_t len = *lenp, ok, bad;

	ok = utf8_valid_prefix(line, len);
	if (ok < len && in->charset != NULL) {
		/* The whole line, in the charset it was said to be in. */
		if (in->conv == NULL)
			in->conv = charset_converter_new();
		buf_clear(&in->fix);
		(void)charset_convert(in->conv, in->charset, line, len,
		    &in->fix, &bad);
		if (bad > 0 && (in->flags & INPUT_STRICT)) {
			warnx("%s: line %" PRIu64 ": invalid %s", in->name,
			    in->lineno, in->charset);
			return NULL;
		}
		in->nbadcs += bad;
		line = buf_cstr(&in->fix);
		len = in->fix.len;
	} else if (ok < len) {
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

/*
 * What line ends an input has: CR (old Mac OS text) when a CR comes
 * before any LF and no LF comes in the CR_WINDOW bytes after it, or up
 * to the end of an input that had no fault; else LF.  Decided as the
 * first line is read, which is held whole until its LF anyway, and only
 * on bytes known whole: an input cut short after a CR may have had its
 * LF further on, so the lines read before a fault are the lines of the
 * whole input, as input_close() promises.  A gap before the ends are
 * known ends a line and leaves them to the bytes after.
 */
#define CR_WINDOW	(1024 * 1024)

static void
ends_cr(struct input *in)
{
	in->ends = ENDS_CR;
	in->scan = in->start;
}

/*
 * Undecided, with the LF search from in->scan done: lf, or NULL when
 * none is buffered.  Note the first CR before it, and decide when the
 * LF came or CR_WINDOW bytes after the CR did not hold one, or at end.
 */
static void
ends_scan(struct input *in, const char *lf)
{
	size_t upto = lf != NULL ? (size_t)(lf - in->buf) : in->end;
	const char *cr;

	if (in->cr == 0 && in->scan < upto && (cr = memchr(in->buf +
	    in->scan, '\r', upto - in->scan)) != NULL)
		in->cr = (size_t)(cr - in->buf) - in->start + 1;
	if (in->cr > 0 && (upto - in->start - in->cr >= CR_WINDOW ||
	    (lf == NULL && in->eof && !in->failed)))
		ends_cr(in);
	else if (lf != NULL || in->eof)
		in->ends = ENDS_LF;
}

/*
 * Where the line at in->scan ends while the line ends are CR or not yet
 * known (line_cut() searches LF ends itself): its LF, or with CR ends a
 * CR or LF, the LF of a CRLF passed first; NULL when none is buffered.
 * The ends are decided here when they can be.
 */
static char *
line_end_other(struct input *in)
{
	char *lf;
	size_t i;

	for (;;) {
		if (in->crlf && in->start < in->end) {
			/* The LF of a CRLF, with CR line ends. */
			if (in->buf[in->start] == '\n')
				in->start++;
			if (in->scan < in->start)
				in->scan = in->start;
			in->crlf = 0;
		}
		lf = NULL;
		if (in->ends == ENDS_CR) {
			for (i = in->scan; i < in->end && lf == NULL; i++)
				if (in->buf[i] == '\r' || in->buf[i] == '\n')
					lf = in->buf + i;
			/*
			 * The next line's LF may be this one's CRLF; with no
			 * line here, one already ended may still have it.
			 */
			if (lf != NULL)
				in->crlf = *lf == '\r';
			return lf;
		}
		if (in->scan < in->end)
			lf = memchr(in->buf + in->scan, '\n', in->end - in->scan);
		ends_scan(in, lf);
		if (in->ends != ENDS_CR)
			return lf;
	}
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
		if (in->ends != ENDS_LF)
			lf = line_end_other(in);
		else if (in->scan < in->end)
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
		n = input_decoded_read(in, in->buf + in->end,
		    in->cap - in->end - 1);
		if (n > 0)
			in->end += (size_t)n;
		else if (!in->gap)
			in->eof = 1;
		else if (in->start == in->end)
			gap_pass(in);
		else {
			/* A gap ends the line it cuts. */
			in->cr = 0;
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
		got = input_decoded_read(in, in->buf + in->end,
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
	if (in->nbad32 > 0)
		warnx("%s: %" PRIu64 " invalid UTF-32 sequence%s replaced "
		    "with U+FFFD", in->name, in->nbad32,
		    in->nbad32 == 1 ? "" : "s");
	if (in->nbadcs > 0)
		warnx("%s: %" PRIu64 " byte%s invalid in %s replaced with "
		    "U+FFFD", in->name, in->nbadcs, in->nbadcs == 1 ? "" : "s",
		    in->charset);
}

/*
 * Read the lines that are not valid UTF-8 as text in the encoding label
 * (lower case) means, not repaired: nw-split --charset.
 */
void
input_set_charset(struct input *in, const char *label)
{
	in->charset = label;
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
	if (in->conv != NULL)
		charset_converter_free(in->conv);
	buf_free(&in->u8);
	free(in->u16);
	if (in->under != NULL && input_close(in->under) == -1)
		failed = 1;
	free(in);
	return failed ? -1 : 0;
}
