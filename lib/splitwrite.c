/*
 * newswire: the records nw-split(1) writes.
 *
 * A document's paragraphs come in one at a time, from the line joiner
 * (paragraph.c) or from the blocks of a web page, and go out as records
 * of the unit asked for: one a paragraph, numbered from 1; one a
 * sentence, numbered P.S; or the whole document in one record, numbered
 * 0, its paragraphs joined by a space.  A record is
 * "ID<TAB>[META<TAB>]N<TAB>[block=HINT<TAB>][truncated=1<TAB>]TEXT",
 * with no hint in a document's one record; a document that has no
 * paragraph writes nothing.
 *
 * Tools downstream tell documents apart by their ids alone, so two in a
 * row with one id would be read as one: a page fetched twice in a WARC
 * file, a tar member added again, a file named twice.  The second
 * document of such a run is written as "ID#2", the third "ID#3", and so
 * on; a document that wrote nothing breaks no run.  An id that is the
 * one just written with its "#N" (a URL whose fragment is "#2") starts
 * a run of its own, as the second of it.  Only the last document
 * written is remembered.
 */
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

struct split_writer {
	int		 unit;		/* SPLIT_PARA, _SENTENCE or _DOC */
	const struct sentence_rules *rules;
	int		 block_hints;	/* write the hints given */
	struct buf	 head;		/* "ID\t[META\t]" of this document */
	size_t		 headidlen;	/* the id's bytes of head */
	/*
	 * Its id before any "#N" of a run, and its place in that run; the
	 * same of the last document that wrote a record, and the id that
	 * document was written with.
	 */
	struct buf	 docid, lastid, lastwritten;
	uint64_t	 docrun, lastrun;
	const char	*mark;		/* "truncated=1\t" or "" */
	uint64_t	 npara;		/* its paragraphs so far */
	struct span	*spans;
	size_t		 spancap;
};

struct split_writer *
split_writer_new(int unit, const struct sentence_rules *rules,
    int block_hints)
{
	struct split_writer *w;

	w = xcalloc(1, sizeof(*w));
	w->unit = unit;
	w->rules = rules;
	w->block_hints = block_hints;
	w->mark = "";
	return w;
}

void
split_writer_free(struct split_writer *w)
{
	if (w == NULL)
		return;
	free(w->spans);
	buf_free(&w->head);
	buf_free(&w->docid);
	buf_free(&w->lastid);
	buf_free(&w->lastwritten);
	free(w);
}

static int
same_id(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

/*
 * A document: its id as source.c made it (valid UTF-8, control
 * characters shown as '?'), then "#N" when number is not 0 (the N-th
 * document of a file split by a delimiter), then a run's "#N"; meta, if
 * not NULL, the metadata fields that follow it.
 */
void
split_writer_begin(struct split_writer *w, const char *id, uint64_t number,
    const char *meta, int truncated)
{
	buf_clear(&w->docid);
	buf_adds(&w->docid, id);
	if (number > 0) {
		buf_addc(&w->docid, '#');
		buf_add_u64(&w->docid, number);
	}
	if (w->lastrun > 0 && same_id(&w->lastid, &w->docid))
		w->docrun = w->lastrun + 1;
	else if (w->lastrun > 0 && same_id(&w->lastwritten, &w->docid))
		w->docrun = 2;
	else
		w->docrun = 1;
	buf_clear(&w->head);
	buf_add(&w->head, w->docid.data, w->docid.len);
	if (w->docrun > 1) {
		buf_addc(&w->head, '#');
		buf_add_u64(&w->head, w->docrun);
	}
	w->headidlen = w->head.len;
	buf_addc(&w->head, '\t');
	if (meta != NULL) {
		buf_adds(&w->head, meta);
		buf_addc(&w->head, '\t');
	}
	w->mark = truncated ? "truncated=1\t" : "";
	w->npara = 0;
}

/* "block=HINT\t" before the text, when asked for and there is one. */
static void
write_hint(const struct split_writer *w, const char *hint, size_t hintlen)
{
	if (hint == NULL || !w->block_hints)
		return;
	out_write("block=", 6);
	out_write(hint, hintlen);
	out_putc('\t');
}

/*
 * A paragraph of the document begun, with its block hint (NULL for
 * none).  The first makes the document the last one written.
 */
void
split_writer_hinted(struct split_writer *w, const char *hint,
    size_t hintlen, const char *text, size_t len)
{
	char num[2 * FORMAT_U64_MAX];
	size_t n, k, i;

	if (++w->npara == 1) {
		buf_clear(&w->lastid);
		buf_add(&w->lastid, w->docid.data, w->docid.len);
		w->lastrun = w->docrun;
		buf_clear(&w->lastwritten);
		buf_add(&w->lastwritten, w->head.data, w->headidlen);
	}
	switch (w->unit) {
	case SPLIT_DOC:
		if (w->npara == 1) {
			out_write(w->head.data, w->head.len);
			out_write("0\t", 2);
			out_puts(w->mark);
		} else
			out_putc(' ');
		out_write(text, len);
		return;
	case SPLIT_PARA:
		out_write(w->head.data, w->head.len);
		n = (size_t)(format_u64(num, w->npara, 0) - num);
		num[n++] = '\t';
		out_write(num, n);
		write_hint(w, hint, hintlen);
		out_puts(w->mark);
		out_write(text, len);
		out_putc('\n');
		return;
	}
	k = sentence_split(w->rules, text, len, &w->spans, &w->spancap);
	n = (size_t)(format_u64(num, w->npara, 0) - num);
	num[n++] = '.';
	for (i = 0; i < k; i++) {
		out_write(w->head.data, w->head.len);
		out_write(num, n);
		out_write(num + n, (size_t)(format_u64(num + n, i + 1, 0) -
		    (num + n)));
		out_putc('\t');
		write_hint(w, hint, hintlen);
		out_puts(w->mark);
		out_write(text + w->spans[i].off, w->spans[i].len);
		out_putc('\n');
	}
}

/* A paragraph with no hint: a paragraph_fn, for the line joiner. */
void
split_writer_paragraph(void *arg, const char *text, size_t len)
{
	split_writer_hinted(arg, NULL, 0, text, len);
}

/* The end of the document begun: the line feed of its one record. */
void
split_writer_end(struct split_writer *w)
{
	if (w->unit == SPLIT_DOC && w->npara > 0)
		out_putc('\n');
}
