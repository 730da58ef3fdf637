/*
 * newswire: reading WARC files (ISO 28500, WARC/1.0 and WARC/1.1).
 *
 * A WARC file is a run of records: a version line, header lines up to
 * an empty line, Content-Length bytes of content, and CRLF CRLF.  The
 * bytes come from an input, so a file gzipped whole or one gzip member
 * per record (as Common Crawl publishes them) reads the same as a plain
 * one.  Only the header of the current record is held in memory; its
 * content is handed out as it is read, so memory does not grow with the
 * size of a record or of the file.
 *
 * Real files have records whose Content-Length is wrong (LF line ends
 * counted as CRLF, lengths from before a re-encoding).  Where the length
 * says the next record starts and none does, or a header is damaged, the
 * reader reports the record with its offset, skips to the next line that
 * starts "WARC/1." and goes on: one bad record costs that record, not the
 * rest of the file.
 *
 * A .warc.gz with a corrupt gzip member, or a .warc.zst with a corrupt
 * zstd frame, goes on at the next one (resync.c), and the decoded bytes
 * have a gap there.  What the corrupt member gave before its fault was
 * found may be wrong from some point on (a member's CRC32, a frame's
 * checksum, is only checked at its end), so those bytes are taken as
 * lost too: the record they fall in is cut where they start, reported
 * and dropped as a record cut short is, each record that starts after it
 * in them is named as lost, and reading goes on after the gap, the
 * records numbered and their offsets counted as if those had been
 * read.  A record is taken only once the member its content ends in has
 * been checked (warc_settle()), so that in a file of one member per
 * record the corrupt member's record is dropped, even when the fault is
 * only found at the member's end; in members of many records, those before
 * the one the damage is found in are taken as they were.
 */
#include <err.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nw-private.h"
#include "warc.h"

#define WARC_RESYNC_MAX	(16 * 1024 * 1024)	/* content kept to resync */

struct warc *
warc_open(struct input *in)
{
	struct warc *w;

	w = xcalloc(1, sizeof(*w));
	w->in = in;
	w->buf = xmalloc(WARC_BLOCK);
	w->cap = WARC_BLOCK;
	return w;
}

void
warc_close(struct warc *w)
{
	if (w == NULL)
		return;
	free(w->buf);
	buf_free(&w->head);
	free(w->fields);
	free(w->lost);
	free(w);
}

static void
record_fail(struct warc *w, const char *fmt, const char *what)
{
	char why[256];

	snprintf(why, sizeof(why), fmt, what);
	warnx("%s: record %" PRIu64 " at byte %" PRIu64 ": %s",
	    input_name(w->in), w->number, w->offset, why);
	w->failed = 1;
}

/*
 * The next header line into line, without its CRLF (or LF).  1, 0 if the
 * input ends first, -1 if the header grows past WARC_HEADER_MAX.
 */
static int
header_line(struct warc *w, struct buf *line)
{
	char *lf;
	size_t n;

	buf_clear(line);
	for (;;) {
		lf = memchr(w->buf + w->pos, '\n', w->len - w->pos);
		n = lf != NULL ? (size_t)(lf - (w->buf + w->pos)) :
		    w->len - w->pos;
		if (w->head.len + line->len + n > WARC_HEADER_MAX)
			return -1;
		buf_add(line, w->buf + w->pos, n);
		warc_take(w, n);
		if (lf != NULL) {
			warc_take(w, 1);
			break;
		}
		if (warc_fill(w) <= 0)
			return 0;	/* no line end: cut short */
	}
	if (line->len > 0 && line->data[line->len - 1] == '\r')
		line->len--;
	return 1;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* Append "Name: value" to the fields; a continuation line extends the last. */
static int
header_field(struct warc *w, const char *s, size_t n)
{
	struct warc_field *f;
	const char *colon;
	size_t i;

	if (is_blank((unsigned char)s[0])) {
		if (w->nfields == 0)
			return -1;
		while (n > 0 && is_blank((unsigned char)*s)) {
			s++;
			n--;
		}
		while (n > 0 && is_blank((unsigned char)s[n - 1]))
			n--;
		f = &w->fields[w->nfields - 1];
		if (f->value + f->valuelen != w->head.len)
			return -1;
		if (n > 0) {
			if (f->valuelen > 0) {
				buf_addc(&w->head, ' ');
				f->valuelen++;
			}
			buf_add(&w->head, s, n);
			f->valuelen += n;
		}
		return 0;
	}
	if ((colon = memchr(s, ':', n)) == NULL || colon == s)
		return -1;
	for (i = 0; s + i < colon; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return -1;
	if (w->nfields == w->fieldcap) {
		w->fieldcap = w->fieldcap ? w->fieldcap * 2 : 16;
		w->fields = xreallocarray(w->fields, w->fieldcap,
		    sizeof(*w->fields));
	}
	f = &w->fields[w->nfields++];
	f->name = w->head.len;
	f->namelen = (size_t)(colon - s);
	buf_add(&w->head, s, f->namelen);
	buf_addc(&w->head, '\0');
	s = colon + 1;
	n -= f->namelen + 1;
	while (n > 0 && is_blank((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_blank((unsigned char)s[n - 1]))
		n--;
	f->value = w->head.len;
	f->valuelen = n;
	buf_add(&w->head, s, n);
	return 0;
}

/* NUL-terminate the values once the header is complete. */
static void
header_finish(struct warc *w)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < w->nfields; i++) {
		struct warc_field *f = &w->fields[i];
		size_t name = b.len, value;

		buf_add(&b, w->head.data + f->name, f->namelen);
		buf_addc(&b, '\0');
		value = b.len;
		buf_add(&b, w->head.data + f->value, f->valuelen);
		buf_addc(&b, '\0');
		f->name = name;
		f->value = value;
	}
	buf_free(&w->head);
	w->head = b;
}

const char *
warc_header(const struct warc *w, const char *name)
{
	size_t i;

	for (i = 0; i < w->nfields; i++)
		if (strcasecmp(w->head.data + w->fields[i].name, name) == 0)
			return w->head.data + w->fields[i].value;
	return NULL;
}

static int
parse_length(const char *s, uint64_t *n)
{
	uint64_t v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*n = v;
	return 0;
}

/*
 * A Content-Length of the record at hand whose number is not first,
 * its first's: the record ends where neither can be told.  NULL when
 * all agree ("011" is 11).
 */
static const char *
length_other(const struct warc *w, uint64_t first)
{
	const char *v;
	uint64_t n;
	size_t i;

	for (i = 0; i < w->nfields; i++) {
		v = w->head.data + w->fields[i].value;
		if (strcasecmp(w->head.data + w->fields[i].name,
		    "Content-Length") == 0 && (parse_length(v, &n) == -1 ||
		    n != first))
			return v;
	}
	return NULL;
}

/*
 * Whether the last t bytes of p[0..len) start a line and are the first
 * t of "WARC/1." (t from 1 to 6); p starts a line when linestart is set.
 */
static int
line_head(const char *p, size_t len, int linestart, size_t t)
{
	size_t s = len - t;

	return (s > 0 ? p[s - 1] == '\n' : linestart) &&
	    memcmp(p + s, "WARC/1.", t) == 0;
}

static int	content_resync(struct warc *, const char *, size_t, int,
		    uint64_t, size_t *);

/*
 * At the start of a record's content: when the input has ended and
 * what is left of it, all held, is shorter than the content, the record
 * is cut short, and ends at the first line of it that starts "WARC/1."
 * (content_resync()).  Found now and the content cut there, so that a
 * run of such records does not each read on to the end and give back
 * all it read: that took time of the square of the input.
 */
static void
content_cap(struct warc *w)
{
	const char *p = w->buf + w->pos, *at;
	size_t n = w->len - w->pos, from;

	w->capped = 0;
	if (!w->eof || w->gap || n >= w->remain)
		return;
	if (n >= 7 && memcmp(p, "WARC/1.", 7) == 0)
		from = 0;
	else if ((at = memmem(p, n, "\nWARC/1.", 8)) != NULL)
		from = (size_t)(at + 1 - p);
	else
		return;
	w->capped = 1;
	w->cap_total = n;
	w->remain = from;
}

/*
 * Discard what is left of the current record's content.  From its first
 * line that starts "WARC/1." on, it is kept while it is read, so that a
 * Content-Length too long can give back the records it swallowed
 * (content_resync()); up to WARC_RESYNC_MAX bytes, so that skipping a
 * record of any size takes little memory.  Past that, what it swallowed
 * is left to resync().
 */
static int
skip_content(struct warc *w)
{
	struct buf kept = { 0 };
	char win[8 + 4096];
	const char *at;
	uint64_t total = 0;
	ssize_t n;
	size_t prev = 1, t;
	int keeping = 0, resynced, rc = 0;

	/* Content cut at once where it starts (content_cap()): said so. */
	if (w->capped && w->remain == 0)
		return content_resync(w, NULL, 0, 1, 0, NULL) == -1 ? -1 : 0;
	if (w->remain == 0)
		return 0;
	win[0] = '\n';		/* the content starts a line */
	while (w->remain > 0) {
		if ((n = warc_read(w, win + prev, 4096)) <= 0)
			break;
		total += (uint64_t)n;
		if (keeping == 1) {
			if (kept.len + (size_t)n > WARC_RESYNC_MAX) {
				buf_free(&kept);
				keeping = -1;
			} else
				buf_add(&kept, win + prev, (size_t)n);
		} else if (keeping == 0 && (at = memmem(win, prev + (size_t)n,
		    "\nWARC/1.", 8)) != NULL) {
			keeping = 1;
			buf_add(&kept, at + 1, (size_t)(win + prev + n - at - 1));
		}
		/* The last bytes, where the next line may start. */
		if (prev + (size_t)n > 7) {
			memmove(win, win + prev + n - 7, 7);
			prev = 7;
		} else
			prev += (size_t)n;
	}
	/*
	 * With no such line, the last bytes read, after the one before
	 * them (or the line end before the content), may start one.
	 */
	resynced = 0;
	if (w->capped)
		resynced = content_resync(w, NULL, 0, 1, total, NULL);
	else if (keeping == 1)
		resynced = content_resync(w, kept.data, kept.len, 1, total,
		    NULL);
	else if (keeping == 0)
		for (t = prev - 1 < 6 ? prev - 1 : 6; t > 0; t--)
			if (line_head(win, prev, 0, t)) {
				resynced = content_resync(w, win, prev, 0,
				    total, NULL);
				break;
			}
	if (resynced != 1 && w->truncated) {
		warnx("%s: %s", input_name(w->in), w->why);
		rc = w->gapcut ? 0 : -1;	/* a gap: reading goes on */
	}
	buf_free(&kept);
	return rc;
}

/* Note what is wrong with the record at hand; resync() says what follows. */
static int
damage(struct warc *w, uint64_t from, const char *why, const char *what)
{
	char reason[160];

	snprintf(reason, sizeof(reason), why, what);
	snprintf(w->why, sizeof(w->why), "record %" PRIu64 " at byte %" PRIu64
	    ": %s", w->number, w->offset, reason);
	w->damaged_from = from;
	return -2;
}

/*
 * Skip to the next line that starts "WARC/1.": 1 when there is one (the
 * next record starts there), 0 at the end of the input, -1 on error.
 */
static int
resync(struct warc *w)
{
	const char *p;
	ssize_t n;

	for (;;) {
		if (w->len - w->pos >= 7 &&
		    memcmp(w->buf + w->pos, "WARC/1.", 7) == 0)
			return 1;
		if ((p = memmem(w->buf + w->pos, w->len - w->pos,
		    "\nWARC/1.", 8)) != NULL) {
			warc_take(w, (size_t)(p + 1 - (w->buf + w->pos)));
			return 1;
		}
		if (w->len - w->pos > 7)	/* keep what may start one */
			warc_take(w, w->len - w->pos - 7);
		if ((n = warc_fill(w)) <= 0) {
			warc_take(w, w->len - w->pos);
			if (n == 0 && warc_gap_pass(w))
				continue;
			return n < 0 ? -1 : 0;
		}
	}
}

/*
 * The header of the record at hand: 1, 0 at the end of the input, -1
 * when no more can be read (reported), -2 when it is damaged (w->why).
 */
static int
record_start(struct warc *w, struct warc_record *r, uint64_t end)
{
	struct buf line = { 0 };
	const char *v, *other;
	char both[48];
	uint64_t start;
	int rc, prev = w->returned;

	w->returned = 0;
	w->truncated = 0;
	w->gapcut = 0;
	/* A byte order mark before the first record, as text editors save. */
	while (w->consumed == 0 && w->len - w->pos < 3 && warc_fill(w) > 0)
		;
	if (w->consumed == 0 && w->len - w->pos >= 3 &&
	    memcmp(w->buf + w->pos, "\xef\xbb\xbf", 3) == 0)
		warc_take(w, 3);
again:
	/* The CRLF CRLF after the content; any run of line ends is taken. */
	for (;;) {
		while (w->pos < w->len &&
		    (w->buf[w->pos] == '\r' || w->buf[w->pos] == '\n'))
			warc_take(w, 1);
		if (w->pos < w->len)
			break;
		if (warc_fill(w) <= 0) {
			/* After a gap a record starts, or damage is told. */
			if (warc_gap_pass(w)) {
				warc_lost_tell(w);
				prev = 0;
				continue;
			}
			return w->failed ? -1 : 0;
		}
	}
	w->nfields = 0;
	buf_clear(&w->head);
	start = w->consumed;
	rc = header_line(w, &line);
	if (rc == 0 && w->gap) {
		buf_free(&line);
		w->number++;
		w->offset = start;
		return damage(w, start, "%s", "header cut by damaged input");
	}
	if (rc == -1 || memcmp(buf_cstr(&line), "WARC/",
	    line.len < 5 ? line.len : 5) != 0 || (rc == 0 && line.len < 5)) {
		/*
		 * A line of a gzip member not yet found damaged is no fault
		 * of the record before, nor a record: it is let go.
		 */
		warc_settle(w, w->consumed);
		if (warc_gap_from(w, start)) {
			buf_free(&line);
			warc_gap_pass(w);
			warc_lost_tell(w);
			prev = 0;
			goto again;
		}
		buf_free(&line);
		if (prev) {
			/* Where the record before said it would end. */
			snprintf(w->why, sizeof(w->why), "record %" PRIu64
			    " at byte %" PRIu64 ": Content-Length %" PRIu64
			    " does not end the record: no WARC/1. line at "
			    "byte %" PRIu64, w->number, w->offset, w->length,
			    end);
			w->damaged_from = end;
			return -2;
		}
		w->number++;
		w->offset = start;
		return damage(w, start, "%s", "not a WARC record "
		    "(no WARC/1.0 or WARC/1.1 line)");
	}
	w->number++;
	w->offset = start;
	if (rc == 0)
		goto bad;
	if (line.len != 8 || (memcmp(line.data, "WARC/1.0", 8) != 0 &&
	    memcmp(line.data, "WARC/1.1", 8) != 0)) {
		rc = damage(w, w->offset, "unsupported version %.20s",
		    buf_cstr(&line));
		goto out;
	}
	for (;;) {
		if ((rc = header_line(w, &line)) <= 0)
			goto bad;
		if (line.len == 0)
			break;
		if (header_field(w, line.data, line.len) == -1) {
			rc = damage(w, w->offset, "%s", "invalid header line");
			goto out;
		}
	}
	header_finish(w);
	if ((v = warc_header(w, "Content-Length")) == NULL) {
		rc = damage(w, w->offset, "%s", "no Content-Length header");
		goto out;
	}
	if (parse_length(v, &w->length) == -1) {
		rc = damage(w, w->offset, "invalid Content-Length: %s", v);
		goto out;
	}
	/*
	 * Read by the first; if that is the wrong one, the record is read
	 * as one whose length is wrong.
	 */
	if ((other = length_other(w, w->length)) != NULL) {
		snprintf(both, sizeof(both), "%.20s and %.20s", v, other);
		record_fail(w, "two Content-Length fields that disagree: %s; "
		    "the first taken", both);
	}
	/*
	 * Mandatory: with none, what the record holds cannot be told.  Its
	 * length can, so it is passed over by that.
	 */
	if ((v = warc_header(w, "WARC-Type")) == NULL || *v == '\0')
		record_fail(w, "%s; the record skipped", v == NULL ?
		    "no WARC-Type header" : "empty WARC-Type header");
	w->remain = w->length;
	w->content_at = w->consumed;
	content_cap(w);
	r->number = w->number;
	r->offset = w->offset;
	r->length = w->length;
	r->type = v != NULL ? v : "";
	w->returned = 1;
	buf_free(&line);
	return 1;
bad:
	if (rc == 0 && w->gap)
		rc = damage(w, w->offset, "%s", "header cut by damaged input");
	else if (rc == -1 && !w->failed)
		rc = damage(w, w->offset, "%s", "header too long");
	else {
		record_fail(w, "%s", rc == 0 ? "truncated header" :
		    "cannot read the header");
		rc = -1;
	}
out:
	buf_free(&line);
	w->nfields = 0;
	return rc;
}

/*
 * The next record.  A damaged one (a wrong Content-Length, a bad header)
 * is reported with where it starts and how much was skipped to the next
 * line that starts "WARC/1.", where reading goes on.
 */
int
warc_next(struct warc *w, struct warc_record *r)
{
	uint64_t end;
	int rc;

	if (w->over)
		return w->failed ? -1 : 0;
	if (skip_content(w) == -1) {
		w->over = 1;
		return -1;
	}
	end = w->consumed;
	while ((rc = record_start(w, r, end)) == -2) {
		w->failed = 1;
		if ((rc = resync(w)) != 1) {
			warnx("%s: %s; no WARC/1. line after it",
			    input_name(w->in), w->why);
			break;
		}
		warnx("%s: %s; %" PRIu64 " bytes skipped to the next WARC/1. "
		    "line", input_name(w->in), w->why,
		    w->consumed - w->damaged_from);
		warc_lost_tell(w);
		end = w->consumed;
	}
	if (rc <= 0) {
		warc_lost_tell(w);
		w->over = 1;
		w->nfields = 0;
		return w->failed ? -1 : 0;
	}
	return 1;
}

/*
 * Bytes of the current record's content: 0 at its end, -1 if cut short.
 * That is not reported here, as what it means depends on the caller:
 * warc_reason() says it ("record N at byte OFFSET: truncated content
 * (N of M bytes)").  Content left unread is reported by warc_next().
 */
ssize_t
warc_read(struct warc *w, void *p, size_t n)
{
	uint64_t lost;
	ssize_t got;

	if (w->remain == 0 || n == 0)
		return 0;
	if (n > w->remain)
		n = (size_t)w->remain;
	if (w->pos < w->len) {
		if (n > w->len - w->pos)
			n = w->len - w->pos;
		memcpy(p, w->buf + w->pos, n);
		warc_take(w, n);
		got = (ssize_t)n;
	} else if (w->eof)
		got = 0;
	else if ((got = input_read_part(w->in, p, n, &lost)) > 0)
		w->consumed += (uint64_t)got;
	else if (got == -2) {
		warc_gap_hold(w, lost);
		got = 0;
	} else
		w->eof = 1;
	if (got <= 0 && w->gap) {
		warc_gap_cut(w, w->length - w->remain);
		w->remain = 0;
		return -1;
	}
	if (got <= 0) {
		snprintf(w->why, sizeof(w->why), "record %" PRIu64 " at byte "
		    "%" PRIu64 ": truncated content (%" PRIu64 " of %" PRIu64
		    " bytes)", w->number, w->offset, w->length - w->remain,
		    w->length);
		w->failed = 1;
		w->truncated = 1;
		w->remain = 0;
		return -1;
	}
	w->remain -= (uint64_t)got;
	return got;
}

/*
 * Whether what follows the content just read, past line ends, is a
 * "WARC/1." line or the end of the input, as after a record whose
 * Content-Length is right: looked at, not taken; *at says where.  1
 * also when that cannot be told (the input fails, 64 KiB of line ends):
 * record_start() has its say then.
 */
static int
record_follows(struct warc *w, uint64_t *at)
{
	size_t i;
	ssize_t n;
	int end = 0;

	for (;;) {
		/* Looked for anew after warc_fill(): it may move the bytes. */
		for (i = w->pos; i < w->len &&
		    (w->buf[i] == '\r' || w->buf[i] == '\n'); i++)
			;
		*at = w->consumed + (i - w->pos);
		if (w->len - i >= 7)
			return memcmp(w->buf + i, "WARC/1.", 7) == 0;
		if (memcmp(w->buf + i, "WARC/1.", w->len - i) != 0)
			return 0;
		if (end)
			return i == w->len;
		if (w->pos == 0 && w->len == w->cap)
			return 1;
		if ((n = warc_fill(w)) < 0)
			return 1;
		end = n == 0;
	}
}

/*
 * The content of the record at hand, all that warc_read() gave of it,
 * when its Content-Length is wrong: the input ends inside it, or what
 * follows it starts no record.  A length too long swallows the records
 * after it, which start with a "WARC/1." line inside the content; when
 * one does, the record is reported as one whose length does not end it,
 * taken to end at that line (*keep bytes of content, the line ends
 * before it left off), and the bytes from it on are read again as the
 * next records: 1.  0 when the length is right, or there is no such
 * line: a record cut short, or one too short for its content, which
 * warc_next() reports.  -1 when the record is cut by damaged input, as
 * the record cut short that it is: *keep bytes of its content came
 * before the damage.
 */
int
warc_resync_content(struct warc *w, const void *content, size_t len,
    size_t *keep)
{
	return content_resync(w, content, len, 1, len, keep);
}

/*
 * Where in p[0..len), bytes of content that end where the content does,
 * a line starts "WARC/1.": len when none does.  p starts a line when
 * linestart is set.  A length a few bytes too long ends the content
 * inside the next record's first line: the line starts in p and the
 * bytes after the content, not yet taken, complete it.
 */
static size_t
record_in(const struct warc *w, const char *p, size_t len, int linestart)
{
	const char *at;
	size_t t;

	if (linestart && len >= 7 && memcmp(p, "WARC/1.", 7) == 0)
		return 0;
	if ((at = memmem(p, len, "\nWARC/1.", 8)) != NULL)
		return (size_t)(at + 1 - p);
	for (t = len < 6 ? len : 6; t > 0; t--)
		if (line_head(p, len, linestart, t) &&
		    w->len - w->pos >= 7 - t &&
		    memcmp(w->buf + w->pos, &"WARC/1."[t], 7 - t) == 0)
			return len - t;
	return len;
}

/*
 * The same, given the last len bytes of the total bytes of content read,
 * p at the start of a line when linestart is set: *keep, unless keep is
 * NULL, counts from the start of all of it.
 */
static int
content_resync(struct warc *w, const char *p, size_t len, int linestart,
    uint64_t total, size_t *keep)
{
	char after[64];
	size_t from, n, held, i;
	uint64_t follow;
	int follows;

	if (w->capped) {
		w->capped = 0;
		snprintf(after, sizeof(after), "the input ends %" PRIu64
		    " bytes into its content", w->cap_total);
		from = len;
		goto found;
	}
	if (!w->truncated) {
		warc_settle(w, w->content_at + w->length);
		follows = record_follows(w, &follow);
		/* Bytes that start no record may be damage not found yet. */
		if (!follows && !w->gap)
			warc_settle(w, follow + 7);
		/* Damage from its header on cuts a record of no content too. */
		if (warc_gap_damages(w, w->length))
			warc_gap_cut(w, w->length);
		else if (follows || warc_gap_from(w, follow + 6))
			return 0;
	}
	if (w->gapcut) {
		if (keep != NULL)
			*keep = (size_t)w->kept;
		return -1;
	}
	if (len == 0 || (from = record_in(w, p, len, linestart)) == len)
		return 0;
	if (w->truncated)
		snprintf(after, sizeof(after), "the input ends %" PRIu64
		    " bytes into its content", total);
	else
		snprintf(after, sizeof(after), "no WARC/1. line at byte %"
		    PRIu64 " after it", w->consumed);
	/* Its bytes from the line on go before the ones held. */
	n = len - from;
	held = w->len - w->pos;
	if (n + held > w->cap) {
		w->buf = xreallocarray(w->buf, n + held, 1);
		w->cap = n + held;
	}
	memmove(w->buf + n, w->buf + w->pos, held);
	memcpy(w->buf, p + from, n);
	w->pos = 0;
	w->len = n + held;
	w->consumed -= n;
	w->truncated = 0;
found:
	w->failed = 1;
	warnx("%s: record %" PRIu64 " at byte %" PRIu64 ": Content-Length %"
	    PRIu64 " does not end the record: %s, but a WARC/1. line inside "
	    "it at byte %" PRIu64 ": the record taken to end there",
	    input_name(w->in), w->number, w->offset, w->length, after,
	    w->consumed);
	/* The CRLF CRLF that ends the record is not content. */
	for (i = 0; i < 4 && from > 0 && (p[from - 1] == '\n' ||
	    p[from - 1] == '\r'); i++)
		from--;
	if (keep != NULL)
		*keep = (size_t)(total - len) + from;
	return 1;
}

int
warc_truncated(const struct warc *w)
{
	return w->truncated;
}

const char *
warc_reason(const struct warc *w)
{
	return w->why;
}

int
warc_failed(const struct warc *w)
{
	return w->failed;
}
