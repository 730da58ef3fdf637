/*
 * newswire: what lib/warc.c (records and their headers) and
 * lib/warcbuf.c (the bytes it reads ahead, and the gaps damaged input
 * leaves in them) share: the reader's state.
 */
#ifndef NW_WARC_H
#define NW_WARC_H

#define WARC_BLOCK	(64 * 1024)

struct warc_field {
	size_t	name, namelen;		/* offsets into head */
	size_t	value, valuelen;
};

struct warc {
	struct input		*in;
	char			*buf;		/* bytes read ahead */
	size_t			 pos, len, cap;
	int			 eof;
	int			 failed;	/* something was reported */
	int			 over;		/* no more records */
	int			 returned;	/* the record at hand was whole */
	int			 truncated;	/* its content was cut short */
	int			 gapcut;	/* by damaged input */
	uint64_t		 kept;		/* of it, before the damage */
	int			 capped;	/* cut at a WARC/1. line */
	uint64_t		 cap_total;	/* input left at its start */
	int			 gap;		/* the input stopped at a gap */
	uint64_t		 damaged_at;	/* where the bytes before it are */
	uint64_t		 dropped;	/* of them, let go unread */
	uint64_t		*lost;		/* records in them start at */
	size_t			 nlost, lostcap;
	char			 why[320];	/* what is wrong with it */
	uint64_t		 damaged_from;
	uint64_t		 consumed;	/* bytes before buf + pos */

	uint64_t		 number, offset;	/* current record */
	uint64_t		 content_at;	/* where its content starts */
	uint64_t		 length, remain;
	struct buf		 head;		/* its header, unfolded */
	struct warc_field	*fields;
	size_t			 nfields, fieldcap;
};

static inline void
warc_take(struct warc *w, size_t n)
{
	w->pos += n;
	w->consumed += n;
}

/*
 * lib/warcbuf.c.  warc_fill() reads more bytes after the ones held: 0
 * at end of input or at a gap (w->gap), -1 on error, 1 without reading
 * when the buffer is full.  warc_settle() reads on until the input has
 * checked the bytes before an offset; warc_gap_hold() lets go the bytes
 * a gap damaged, and warc_gap_pass() reads on after it.
 * warc_gap_damages() and warc_gap_from() say whether the damage reaches
 * the record's content (of which so many bytes were read) or an
 * offset; warc_gap_cut() cuts the record there; warc_lost_tell() names
 * the records a gap let go.
 */
ssize_t	 warc_fill(struct warc *);
void	 warc_settle(struct warc *, uint64_t);
void	 warc_gap_hold(struct warc *, uint64_t);
int	 warc_gap_pass(struct warc *);
int	 warc_gap_damages(const struct warc *, uint64_t);
int	 warc_gap_from(const struct warc *, uint64_t);
void	 warc_gap_cut(struct warc *, uint64_t);
void	 warc_lost_tell(struct warc *);

#endif
