/*
 * newswire: the bytes of a WARC file that lib/warc.c reads ahead of its
 * parsing, and the gaps that damaged compressed input leaves in them.
 *
 * The bytes come from an input (lib/input.c), which says when it stopped
 * at a gap: a gzip member or zstd frame found corrupt, the decoder gone
 * on at the next.  What that member gave before the fault was found is
 * as good as lost: the bytes held from where it starts are let go, the
 * records that start in them are noted and named once the record at
 * hand has been reported, and offsets after the gap count the bytes
 * decoded, as if they had been read.
 */
#include <err.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"
#include "warc.h"

/*
 * The records that start in the bytes held from buf[from] on, which a
 * gap lets go: where each starts, for warc_lost_tell().  They are found
 * as lib/warc.c's resync() finds a record, by a line that starts
 * "WARC/1." (or as much of it as there is at the end).
 */
static void
lost_find(struct warc *w, size_t from)
{
	const char *p = w->buf + from, *end = w->buf + w->len, *lf;
	size_t n;

	if (from > 0 && w->buf[from - 1] != '\n') {
		if ((lf = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return;
		p = lf + 1;
	}
	for (; p < end; p = lf + 1) {
		n = (size_t)(end - p) < 7 ? (size_t)(end - p) : 7;
		if (memcmp(p, "WARC/1.", n) == 0) {
			if (w->nlost == w->lostcap) {
				w->lostcap = w->lostcap ? 2 * w->lostcap : 8;
				w->lost = xreallocarray(w->lost, w->lostcap,
				    sizeof(*w->lost));
			}
			w->lost[w->nlost++] = w->consumed +
			    (uint64_t)(p - (w->buf + w->pos));
		}
		if ((lf = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
	}
}

/*
 * The records a gap let go, each named, numbered after the record at
 * hand: told once that one's damage is, so that they come in order.
 */
void
warc_lost_tell(struct warc *w)
{
	size_t i;

	for (i = 0; i < w->nlost; i++)
		warnx("%s: record %" PRIu64 " at byte %" PRIu64 ": lost to "
		    "damaged input", input_name(w->in), ++w->number,
		    w->lost[i]);
	if (w->nlost > 0)
		w->failed = 1;
	w->nlost = 0;
}

/*
 * The input stopped at a gap: the last lost bytes before it came from a
 * damaged gzip member or zstd frame.  They are as good as lost: those
 * held and not taken are let go, and the records that start in them
 * noted (lost_find()).  The gap is the end of the input until
 * warc_gap_pass().
 */
void
warc_gap_hold(struct warc *w, uint64_t lost)
{
	uint64_t end = w->consumed + (w->len - w->pos);
	size_t keep;

	w->gap = 1;
	w->eof = 1;
	w->damaged_at = lost < end ? end - lost : 0;
	if (w->damaged_at < end) {
		keep = w->pos + (w->damaged_at > w->consumed ?
		    (size_t)(w->damaged_at - w->consumed) : 0);
		lost_find(w, keep);
		w->dropped = w->len - keep;
		w->len = keep;
	}
}

/*
 * Read on after a gap held, if there is one: 1.  The bytes it let go
 * are counted, so that offsets after it are those of the bytes decoded.
 */
int
warc_gap_pass(struct warc *w)
{
	if (!w->gap)
		return 0;
	warc_take(w, w->len - w->pos);
	w->consumed += w->dropped;
	w->dropped = 0;
	w->gap = 0;
	w->eof = 0;
	return 1;
}

/*
 * Whether the damaged bytes before a gap held reach into the content of
 * the record at hand, of which done bytes were read.
 */
int
warc_gap_damages(const struct warc *w, uint64_t done)
{
	return w->gap && w->damaged_at < w->content_at + done;
}

/* The record at hand, cut where damaged bytes start (done bytes read). */
void
warc_gap_cut(struct warc *w, uint64_t done)
{
	if (w->damaged_at < w->content_at + done)
		done = w->damaged_at > w->content_at ?
		    w->damaged_at - w->content_at : 0;
	snprintf(w->why, sizeof(w->why), "record %" PRIu64 " at byte %"
	    PRIu64 ": content cut by damaged input (%" PRIu64 " of %" PRIu64
	    " bytes)", w->number, w->offset, done, w->length);
	w->kept = done;
	w->gapcut = 1;
	w->truncated = 1;
	w->failed = 1;
}

/* Read into the room after the bytes held: as warc_fill(). */
static ssize_t
more(struct warc *w)
{
	uint64_t lost;
	ssize_t n;

	n = input_read_part(w->in, w->buf + w->len, w->cap - w->len, &lost);
	if (n == -2) {
		warc_gap_hold(w, lost);
		return 0;
	}
	if (n <= 0) {
		w->eof = 1;
		if (n < 0)
			w->failed = 1;
		return n;
	}
	w->len += (size_t)n;
	return n;
}

/*
 * Read more bytes after the ones held.  0 at end of input or at a gap
 * (w->gap), -1 on error.
 */
ssize_t
warc_fill(struct warc *w)
{
	if (w->eof)
		return 0;
	if (w->pos > 0) {
		memmove(w->buf, w->buf + w->pos, w->len - w->pos);
		w->len -= w->pos;
		w->pos = 0;
	}
	if (w->len == w->cap)
		return 1;	/* full: the caller takes bytes first */
	return more(w);
}

/*
 * A gzip member (a zstd frame) is checked at its end, so that bytes read
 * can turn out damaged later, even after the bytes that follow them (a
 * member's damaged data need not be the length it was).  Read on, into
 * the room the buffer has, until the input has checked the bytes before
 * offset end (input_checked()) or stops at a gap, where w->damaged_at
 * says which were damaged.  Bytes in a member much longer than the
 * buffer's room are taken as they are.
 */
void
warc_settle(struct warc *w, uint64_t end)
{
	while (!w->eof && w->len < w->cap && input_checked(w->in) < end)
		if (more(w) <= 0)
			break;
}

/* Whether a gap held shows the bytes from offset at on were damaged. */
int
warc_gap_from(const struct warc *w, uint64_t at)
{
	return w->gap && w->damaged_at <= at;
}
