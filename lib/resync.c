/*
 * newswire: compressed frames one after another, and after a damaged
 * one, the next good one.
 *
 * One corrupt frame need not cost the frames after it: a .warc.gz is
 * one gzip member per record, a .warc.zst one zstd frame per record,
 * and a flipped bit in a crawl file would otherwise lose every record
 * after it.  The decoder (gunzip.c, codec.c's zstd) reads the frames
 * and says where each starts and where it ends whole; this
 * file drives it, and when a frame after a whole one is corrupt (its
 * data, its check, its header, or bytes after a frame that start none),
 * looks for the next frame: the next offset whose bytes could start one
 * (the decoder's magic number).  Those bytes may be chance ones inside
 * compressed data, so a frame found so is decoded to its end first, its
 * output thrown away, and only if it ends whole (its check matching) is
 * it read again and handed on (CODEC_RESYNC first: resync_damage() says
 * what was skipped).  The search starts just after the corrupt frame's
 * first byte, not where the decoder noticed the fault, as damaged data
 * can be read on past its frame's end, into the frames after it: so
 * from the second frame on, the compressed bytes of the frame at hand
 * are kept while it is read, if it is no larger than RESYNC_HISTORY (a
 * record); a larger one, where damage near its end is rare, is searched
 * from the bytes of the read that met the fault, so that reading it
 * costs no copy of every byte.  The first frame costs nothing more, and
 * its damage is an error as before: a file of one frame (a .tar.gz) has
 * nothing to go on to.  A frame tried is held to RESYNC_TRY_MAX
 * compressed bytes; one that decodes that far without a fault is taken
 * as found and handed on from its start, its check made at its end as
 * every frame's is.  The work is bounded too: bytes made to look like
 * frames that fail only far on are tried no more than RESYNC_TRY_WORK
 * times over the bytes searched, counting the bytes read and made (a
 * zstd block of four bytes can make 128 KiB).
 *
 * Memory is bounded: the decoder's own, the frame kept (RESYNC_HISTORY),
 * and while a damaged stretch is searched RESYNC_TRY_MAX.  Undamaged
 * input is read at the same speed: a .warc.gz keeps only the bytes of
 * the last member each read reaches into.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

#define RESYNC_HISTORY	(1024 * 1024)		/* of a frame, to search */
#define RESYNC_TRY_MAX	(16 * 1024 * 1024)	/* of a frame tried */
#define RESYNC_SCRATCH	(64 * 1024)		/* its output, thrown away */
#define RESYNC_TRY_WORK	16	/* bytes tried a byte searched, at most */

enum {
	RESYNC_READ,	/* frames handed on */
	RESYNC_SEARCH,	/* after damage: looking for a frame's start */
	RESYNC_TRY,	/* decoding the frame it found, to check it */
	RESYNC_FAILED	/* none found: r->final is the answer */
};

struct resync {
	const struct resync_ops	*ops;
	void			*ctx;		/* the decoder's */
	int			 mode;		/* RESYNC_READ, ... */

	/* Offsets in the compressed stream. */
	uint64_t		 pos;		/* of the caller's next byte */
	uint64_t		 frame_at;	/* the frame at hand starts */
	uint64_t		 frame_out;	/* bytes it has given */
	uint64_t		 whole;		/* frames read whole */
	uint64_t		 out;		/* bytes handed on */
	uint64_t		 checked;	/* of them, of whole frames */
	/*
	 * Compressed bytes held, the last of them just before pos: the
	 * frame at hand's while it is kept (RESYNC_READ), read from
	 * held[heldpos] on when a search has just found it; or those a
	 * search has yet to look through, from held[heldpos]
	 * (RESYNC_SEARCH, RESYNC_TRY).
	 */
	unsigned char		*held;
	size_t			 heldlen, heldcap, heldpos;
	uint64_t		 heldat;	/* the offset of held[0] */
	int			 keep;		/* the frame at hand is */
	size_t			 trystart;	/* the frame tried, in held */
	int			 ended;		/* it ended whole */
	uint64_t		 tried;		/* bytes read and made trying */
	unsigned char		*scratch;	/* their output */
	int			 final;		/* RESYNC_FAILED's answer */
	struct codec_damage	 damage;
	char			 damage_why[64];
};

struct resync *
resync_new(const struct resync_ops *ops, void *ctx)
{
	struct resync *r;

	r = xcalloc(1, sizeof(*r));
	r->ops = ops;
	r->ctx = ctx;
	return r;
}

/* The decoder begins a frame at offset at. */
void
resync_frame_start(struct resync *r, uint64_t at)
{
	r->frame_at = at;
	r->frame_out = 0;
}

/*
 * The decoder has read a frame whole, its last made bytes of this call
 * included: 1 when it reads on, 0 when it stops there (a frame tried).
 */
int
resync_frame_end(struct resync *r, size_t made)
{
	r->whole++;
	if (r->mode == RESYNC_TRY) {
		r->ended = 1;
		return 0;
	}
	r->checked = r->out + made;
	return 1;
}

/* Hold p[0..n) after the bytes held. */
static void
held_add(struct resync *r, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (r->heldcap - r->heldlen < n) {
		r->heldcap = r->heldlen + n < RESYNC_SCRATCH ? RESYNC_SCRATCH :
		    2 * (r->heldlen + n);
		r->held = xreallocarray(r->held, r->heldcap, 1);
	}
	memcpy(r->held + r->heldlen, p, n);
	r->heldlen += n;
}

/*
 * Where in p[0..n) four bytes could start a frame, n for none: the
 * magic number, each byte under its mask, but the first (memchr()).
 */
static size_t
candidate(const struct resync_ops *ops, const unsigned char *p, size_t n)
{
	const unsigned char *q = p;
	int i;

	while (n - (size_t)(q - p) >= 4 &&
	    (q = memchr(q, ops->magic[0], n - (size_t)(q - p) - 3)) !=
	    NULL) {
		for (i = 1; i < 4 && (q[i] & ops->mask[i]) == ops->magic[i];
		    i++)
			;
		if (i == 4)
			return (size_t)(q - p);
		q++;
	}
	return n;
}

/* Let go of the bytes held before offset at. */
static void
held_drop(struct resync *r, uint64_t at)
{
	size_t k;

	if (at <= r->heldat)
		return;
	k = at - r->heldat < r->heldlen ? (size_t)(at - r->heldat) :
	    r->heldlen;
	memmove(r->held, r->held + k, r->heldlen - k);
	r->heldlen -= k;
	r->heldpos = r->heldpos > k ? r->heldpos - k : 0;
	r->heldat += k;
}

/* Whether a step's answer is a fault: an error, garbage, data cut short. */
static int
is_fault(int rc, size_t used, size_t made, int eof)
{
	return rc == CODEC_ERROR || rc == CODEC_GARBAGE ||
	    (rc == CODEC_OK && eof && used == 0 && made == 0);
}

/* The frame tried is the next one: it is read again, from its start. */
static int
found(struct resync *r)
{
	r->damage.to = r->heldat + r->trystart;
	r->damage.found = 1;
	held_drop(r, r->damage.to);
	r->heldpos = 0;
	r->keep = 1;
	r->mode = RESYNC_READ;
	r->ops->restart(r->ctx);
	r->frame_at = r->damage.to;
	r->frame_out = 0;
	return CODEC_RESYNC;
}

/*
 * After damage: look through the bytes held, and in[0..*inlen) after
 * them (all taken), for the next frame, and try each one found.
 */
static int
search(struct resync *r, const void *in, size_t *inlen, int eof)
{
	size_t used, made, at;
	int rc;

	held_add(r, in, *inlen);
	r->pos += *inlen;
	for (;;) {
		if (r->mode == RESYNC_SEARCH) {
			at = r->heldpos + candidate(r->ops, r->held +
			    r->heldpos, r->heldlen - r->heldpos);
			/*
			 * Crafted bytes can make every offset a frame that
			 * fails only far on: past RESYNC_TRY_WORK bytes tried
			 * for each byte searched, candidates are passed over.
			 */
			if (at < r->heldlen && r->tried > RESYNC_TRY_MAX +
			    RESYNC_TRY_WORK * (r->heldat + at -
			    r->damage.from)) {
				r->heldpos = at + 1;
				continue;
			}
			if (at < r->heldlen) {
				r->trystart = r->heldpos = at;
				r->mode = RESYNC_TRY;
				r->ended = 0;
				r->ops->restart(r->ctx);
				continue;
			}
			/* The last three bytes may start one. */
			if (r->heldlen - r->heldpos > 3)
				r->heldpos = r->heldlen - 3;
			held_drop(r, r->heldat + r->heldpos);
			if (!eof)
				return CODEC_OK;
			/* There is none: the fault is the answer. */
			r->mode = RESYNC_FAILED;
			r->heldlen = r->heldpos = 0;
			return r->final;
		}
		if (r->heldpos - r->trystart > RESYNC_TRY_MAX)
			return found(r);
		if (r->scratch == NULL)
			r->scratch = xmalloc(RESYNC_SCRATCH);
		used = r->heldlen - r->heldpos;
		made = RESYNC_SCRATCH;
		rc = r->ops->decode(r->ctx, r->held + r->heldpos, &used,
		    r->scratch, &made, eof, r->heldat + r->heldpos);
		r->heldpos += used;
		r->tried += used + made;
		if (rc == CODEC_OK && r->ended)
			return found(r);
		if (rc == CODEC_OK && (used > 0 || made > 0))
			continue;
		if (rc == CODEC_OK && !eof)
			return CODEC_OK;	/* it needs more */
		/* Not a frame: look on from the byte after its start. */
		r->mode = RESYNC_SEARCH;
		r->heldpos = r->trystart + 1;
	}
}

/*
 * A fault (rc) in the frame at hand, or bytes after a frame that start
 * none at offset at: search for the next frame from just after the
 * corrupt frame's first byte, in the bytes held and in[0..n), the rest
 * of the caller's (taken).
 */
static int
damaged(struct resync *r, int rc, uint64_t at, const void *in, size_t n,
    int eof)
{
	uint64_t from;

	if (rc == CODEC_GARBAGE) {
		r->damage.from = from = at;
		r->damage.lost = 0;
	} else {
		r->damage.from = r->frame_at;
		from = r->frame_at + 1;
		r->damage.lost = r->frame_out;
	}
	snprintf(r->damage_why, sizeof(r->damage_why), "%s",
	    rc == CODEC_OK ? "unexpected end of file" :
	    r->ops->error(r->ctx));
	r->damage.found = 0;
	r->damage.why = r->damage_why;
	r->tried = 0;
	r->final = rc == CODEC_OK ? CODEC_TRUNCATED : rc;
	r->mode = RESYNC_SEARCH;
	if (r->heldat + r->heldlen != r->pos) {	/* nothing kept */
		r->heldat = r->pos;
		r->heldlen = 0;
	}
	r->heldpos = from > r->heldat ? (size_t)(from - r->heldat) : 0;
	if (r->heldpos > r->heldlen)
		r->heldpos = r->heldlen;
	held_drop(r, r->heldat + r->heldpos);
	return search(r, in, &n, eof);
}

/*
 * The caller's bytes, as they come.  From the second frame on, the
 * frame at hand's are kept as they are read, for damaged(), while
 * there are no more than RESYNC_HISTORY of them; the search after a
 * fault in a larger one starts at the bytes of the read that met it.
 */
static int
direct(struct resync *r, const void *in, size_t *inlen, void *out,
    size_t *outlen, int eof)
{
	const unsigned char *p = in;
	size_t n = *inlen, used = n, skip;
	uint64_t start = r->pos;
	int rc;

	rc = r->ops->decode(r->ctx, p, &used, out, outlen, eof, start);
	r->frame_out += *outlen;
	r->out += *outlen;
	r->pos += used;
	*inlen = used;
	/* The first frame cut short is said so, as codec_step() says it. */
	if (r->whole == 0)
		return rc == CODEC_OK && is_fault(rc, used, *outlen, eof) ?
		    CODEC_TRUNCATED : rc;
	if (r->frame_at >= start) {	/* a frame starts in this read */
		r->heldat = r->frame_at;
		r->heldlen = 0;
		r->keep = 1;
	} else if (r->heldat + r->heldlen != start)
		r->keep = 0;
	if (r->keep) {
		held_drop(r, r->frame_at);
		skip = (size_t)(r->heldat + r->heldlen - start);
		if (r->heldlen + used - skip > RESYNC_HISTORY)
			r->keep = 0;
		else
			held_add(r, p + skip, used - skip);
	}
	if (!r->keep) {
		r->heldlen = 0;
		if (r->heldcap > 2 * RESYNC_HISTORY) {
			free(r->held);
			r->held = NULL;
			r->heldcap = 0;
		}
	}
	r->heldpos = r->heldlen;
	if (!is_fault(rc, used, *outlen, eof))
		return rc;
	if (!r->keep) {
		r->heldat = start;
		r->heldlen = 0;
		held_add(r, p, used);
	}
	*inlen = n;
	return damaged(r, rc, r->pos, p + used, n - used, eof);
}

/*
 * The bytes a search found a frame at, then the caller's: the frame is
 * read again from its start, and what follows it in the bytes held.
 */
static int
replay(struct resync *r, const void *in, size_t *inlen, void *out,
    size_t *outlen, int eof)
{
	size_t used, made, n = *inlen;
	int rc, end = eof && n == 0;

	while (r->heldpos < r->heldlen) {
		used = r->heldlen - r->heldpos;
		made = *outlen;
		rc = r->ops->decode(r->ctx, r->held + r->heldpos, &used, out,
		    &made, end, r->heldat + r->heldpos);
		r->heldpos += used;
		r->frame_out += made;
		r->out += made;
		if (is_fault(rc, used, made, end)) {
			*outlen = made;
			return damaged(r, rc, r->heldat + r->heldpos, in, n,
			    eof);
		}
		if (rc != CODEC_OK || made > 0) {
			*inlen = 0;
			*outlen = made;
			return rc;
		}
		if (used == 0)
			break;
	}
	if (r->heldpos < r->heldlen) {
		/* A header, or the bytes after a frame, cut where held ends. */
		held_add(r, in, n);
		r->pos += n;
		*outlen = 0;
		return CODEC_OK;
	}
	return direct(r, in, inlen, out, outlen, eof);
}

/*
 * codec_step() for frames: decode from in[0..*inlen) into
 * out[0..*outlen), both set to what was used and made; the same
 * answers, and after damage CODEC_RESYNC.  A call that can make
 * progress makes some, so that no progress at the end of the input
 * means it was cut short.
 */
int
resync_step(struct resync *r, const void *in, size_t *inlen, void *out,
    size_t *outlen, int eof)
{
	switch (r->mode) {
	case RESYNC_FAILED:
		*inlen = *outlen = 0;
		return r->final;
	case RESYNC_SEARCH:
	case RESYNC_TRY:
		*outlen = 0;
		return search(r, in, inlen, eof);
	}
	if (r->heldpos < r->heldlen)
		return replay(r, in, inlen, out, outlen, eof);
	return direct(r, in, inlen, out, outlen, eof);
}

/* Why decoding failed: after a search in vain, the fault it started at. */
const char *
resync_error(const struct resync *r)
{
	return r->mode == RESYNC_FAILED ? r->damage_why :
	    r->ops->error(r->ctx);
}

/* The output of whole frames; all of it while it is the first's. */
uint64_t
resync_checked(const struct resync *r)
{
	return r->whole > 0 ? r->checked : UINT64_MAX;
}

/* The damaged stretch a search went past, or looked through in vain. */
int
resync_damage(const struct resync *r, struct codec_damage *d)
{
	if (r->damage.why == NULL)
		return 0;
	*d = r->damage;
	return 1;
}

void
resync_free(struct resync *r)
{
	if (r == NULL)
		return;
	if (r->ops->free != NULL)
		r->ops->free(r->ctx);
	free(r->held);
	free(r->scratch);
	free(r);
}
