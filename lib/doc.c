/* newswire: documents, the runs of consecutive records sharing an id. */
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

/*
 * Tools that decide per document (drop it, keep it, label it) must see
 * every record of a document before writing any, so the document is
 * read whole: memory is bounded by the largest document, as newswire(7)
 * promises, and never by the stream.  The records are copied line by
 * line into one buffer and the struct records point into it once the
 * document is complete, since the buffer may move while it grows.
 *
 * Grouping needs one record of look-ahead: the record that ends a
 * document is the first of the next one, and is kept until the next
 * call.  A bare record (no TAB) is its own input's document, as
 * record_next() makes it, so bare lines of one input form one document.
 */

struct doc_span {
	size_t	 idoff, idlen;
	size_t	 metaoff, metalen;	/* metalen 0 and no meta: SIZE_MAX */
	size_t	 textoff, textlen;
	int	 nfields;
};

static void
doc_append(struct doc *d, const struct record *r)
{
	struct doc_span *s;

	if (d->nrecords == d->spancap) {
		d->spancap = d->spancap ? d->spancap * 2 : 16;
		d->spans = xreallocarray(d->spans, d->spancap, sizeof(*d->spans));
	}
	s = &d->spans[d->nrecords++];
	s->nfields = r->nfields;
	s->idoff = d->data.len;
	s->idlen = r->idlen;
	buf_add(&d->data, r->id, r->idlen);
	if (r->meta != NULL) {
		s->metaoff = d->data.len;
		s->metalen = r->metalen;
		buf_add(&d->data, r->meta, r->metalen);
	} else {
		s->metaoff = SIZE_MAX;
		s->metalen = 0;
	}
	s->textoff = d->data.len;
	s->textlen = r->textlen;
	buf_add(&d->data, r->text, r->textlen);
	buf_addc(&d->data, '\0');
	d->textbytes += r->textlen;
}

/* Point the records at the buffer, now that it no longer moves. */
static void
doc_seal(struct doc *d)
{
	struct record *r;
	struct doc_span *s;
	size_t i;

	d->records = xreallocarray(d->records, d->nrecords ? d->nrecords : 1,
	    sizeof(*d->records));
	for (i = 0; i < d->nrecords; i++) {
		s = &d->spans[i];
		r = &d->records[i];
		r->id = d->data.data + s->idoff;
		r->idlen = s->idlen;
		r->meta = s->metaoff == SIZE_MAX ? NULL :
		    d->data.data + s->metaoff;
		r->metalen = s->metalen;
		r->text = d->data.data + s->textoff;
		r->textlen = s->textlen;
		r->nfields = s->nfields;
	}
	d->id = d->nrecords ? d->records[0].id : "";
	d->idlen = d->nrecords ? d->records[0].idlen : 0;
}

static void
doc_reset(struct doc *d)
{
	buf_clear(&d->data);
	d->nrecords = 0;
	d->textbytes = 0;
}

int
doc_next(struct input *in, struct doc *d)
{
	struct record r;
	int rc;

	doc_reset(d);
	if (d->pending) {
		doc_append(d, &d->ahead);
		d->pending = 0;
	}
	for (;;) {
		if ((rc = record_next(in, &r)) <= 0)
			break;
		if (d->nrecords > 0 && (r.idlen != d->spans[0].idlen ||
		    memcmp(r.id, d->data.data + d->spans[0].idoff,
		    r.idlen) != 0)) {
			/*
			 * The first record of the next document: copy it,
			 * since the input's line buffer is reused.
			 */
			buf_clear(&d->aheadbuf);
			buf_add(&d->aheadbuf, r.id, r.idlen);
			if (r.meta != NULL)
				buf_add(&d->aheadbuf, r.meta, r.metalen);
			buf_add(&d->aheadbuf, r.text, r.textlen);
			d->ahead = r;
			d->ahead.id = d->aheadbuf.data;
			if (r.meta != NULL)
				d->ahead.meta = d->aheadbuf.data + r.idlen;
			d->ahead.text = d->aheadbuf.data + r.idlen +
			    (r.meta != NULL ? r.metalen : 0);
			d->pending = 1;
			break;
		}
		doc_append(d, &r);
	}
	doc_seal(d);
	if (rc < 0 && d->nrecords == 0)
		return -1;
	return d->nrecords > 0 ? 1 : 0;
}

void
doc_write(const struct doc *d)
{
	size_t i;

	for (i = 0; i < d->nrecords; i++)
		record_write(&d->records[i], d->records[i].text,
		    d->records[i].textlen);
}

/*
 * Trade the documents a and b hold (not the record read ahead, which
 * stays with its input's struct doc): a tool that holds documents
 * back takes each one out of the struct it reads with, and gives it a
 * struct it is done with to read the next into.
 */
void
doc_swap(struct doc *a, struct doc *b)
{
	struct doc t = *a;

	a->id = b->id;
	a->idlen = b->idlen;
	a->records = b->records;
	a->nrecords = b->nrecords;
	a->textbytes = b->textbytes;
	a->data = b->data;
	a->spans = b->spans;
	a->spancap = b->spancap;
	b->id = t.id;
	b->idlen = t.idlen;
	b->records = t.records;
	b->nrecords = t.nrecords;
	b->textbytes = t.textbytes;
	b->data = t.data;
	b->spans = t.spans;
	b->spancap = t.spancap;
}

void
doc_free(struct doc *d)
{
	buf_free(&d->data);
	buf_free(&d->aheadbuf);
	free(d->spans);
	free(d->records);
	memset(d, 0, sizeof(*d));
}

/*
 * Streaming tools (nw-count, nw-topic-score) group records by document
 * without holding them, as sbase uniq.c groups lines: the id of the
 * document under way is kept, and a record with another id ends it,
 * through the callback, before the record is counted in the next one.
 * The ending document's id is passed intact, so no caller keeps a second
 * copy.
 */
void
doc_group_init(struct doc_group *g, doc_end_fn end, void *arg)
{
	memset(g, 0, sizeof(*g));
	g->end = end;
	g->arg = arg;
}

int
doc_group_next(struct doc_group *g, const struct record *r)
{
	if (g->open && g->id.len == r->idlen &&
	    memcmp(g->id.data, r->id, r->idlen) == 0)
		return 0;
	doc_group_finish(g);
	buf_add(&g->id, r->id, r->idlen);
	buf_cstr(&g->id);
	g->open = 1;
	return 1;
}

void
doc_group_finish(struct doc_group *g)
{
	if (g->open && g->end != NULL)
		g->end(g->arg, g->id.data, g->id.len);
	g->open = 0;
	buf_clear(&g->id);
}

void
doc_group_free(struct doc_group *g)
{
	buf_free(&g->id);
}
