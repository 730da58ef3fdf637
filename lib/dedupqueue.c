/*
 * newswire: the documents nw-dedup(1) holds back so that the index can
 * read their lookups ahead.
 *
 * A lookup in a large index waits on pages of its file; read ahead
 * (dedup_index_ahead()), they arrive while the documents before it are
 * looked up.  Documents read but not yet looked up wait here, oldest
 * first, in a ring: each one's lookup is read ahead in step 0 as it
 * comes in and in step 1 halfway through.  Each slot has its own hasher,
 * which keeps the shingle hashes its signature points to.  At most
 * QUEUE_DOCS documents and QUEUE_BYTES of text are held (a larger
 * document alone), and a large document's buffer and hasher are freed
 * once it is done with, so that memory stays bounded by a few documents.
 */
#include <stdlib.h>

#include "nw.h"

#define QUEUE_DOCS	16
#define QUEUE_BYTES	(4 << 20)	/* of text, at most (but one) */

struct held {
	struct doc	 doc;
	struct dedup_hasher *hasher;
	struct dedup_signature sig;
};

struct dedup_queue {
	struct dedup_index *index;
	int		 shingle;
	dedup_queue_fn	*fn;
	void		*arg;
	struct held	 held[QUEUE_DOCS];
	size_t		 first;
	size_t		 n;
	size_t		 bytes;
};

struct dedup_queue *
dedup_queue_new(struct dedup_index *index, int shingle, dedup_queue_fn *fn,
    void *arg)
{
	struct dedup_queue *q;

	q = xcalloc(1, sizeof(*q));
	q->index = index;
	q->shingle = shingle;
	q->fn = fn;
	q->arg = arg;
	return q;
}

/* Hand the oldest document held to the function. */
static void
queue_next(struct dedup_queue *q)
{
	struct held *h = &q->held[q->first];

	q->fn(&h->doc, &h->sig, q->arg);
	q->bytes -= h->doc.textbytes;
	if (h->doc.textbytes > QUEUE_BYTES / QUEUE_DOCS) {
		doc_free(&h->doc);
		dedup_hasher_free(h->hasher);
		h->hasher = NULL;
	}
	q->first = (q->first + 1) % QUEUE_DOCS;
	q->n--;
}

/*
 * Hold document d, taken from it (d is left with an empty document of
 * its buffers), handing the oldest on while the queue is full.
 */
void
dedup_queue_add(struct dedup_queue *q, struct doc *d)
{
	struct held *h;

	while (q->n == QUEUE_DOCS || (q->n > 0 &&
	    q->bytes + d->textbytes > QUEUE_BYTES))
		queue_next(q);
	h = &q->held[(q->first + q->n) % QUEUE_DOCS];
	if (h->hasher == NULL)
		h->hasher = dedup_hasher_new(q->shingle);
	doc_swap(&h->doc, d);
	q->bytes += h->doc.textbytes;
	dedup_sign(h->hasher, &h->doc, &h->sig);
	dedup_index_ahead(q->index, &h->sig, 0);
	q->n++;
	if (q->n > QUEUE_DOCS / 2)
		dedup_index_ahead(q->index, &q->held[(q->first + q->n - 1 -
		    QUEUE_DOCS / 2) % QUEUE_DOCS].sig, 1);
}

/* Hand every document held on, in order. */
void
dedup_queue_drain(struct dedup_queue *q)
{
	while (q->n > 0)
		queue_next(q);
}

void
dedup_queue_free(struct dedup_queue *q)
{
	size_t i;

	if (q == NULL)
		return;
	for (i = 0; i < QUEUE_DOCS; i++) {
		doc_free(&q->held[i].doc);
		if (q->held[i].hasher != NULL)
			dedup_hasher_free(q->held[i].hasher);
	}
	free(q);
}
