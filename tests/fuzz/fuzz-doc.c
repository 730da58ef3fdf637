/* SPDX-License-Identifier: ISC */
/*
 * Fuzz the grouping of records into documents (doc_next), named metadata
 * (record_meta_get) and shards (shard_hash, id_source).  The input is a
 * record stream read in blocks of a size the first byte chooses; it is
 * read twice, once record by record and once document by document:
 * - the documents' records, in order, are exactly the records;
 * - every record of a document has the document's id, and two
 *   documents in a row never share one;
 * - a named field found is a field of the record's metadata;
 * - an id's source lies inside the id (or is the input's name, or a
 *   host lower-cased: no capital letter, no longer than the id), and
 *   an id's shard is the same computed from a copy (no pointer in the
 *   hash).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

struct flat {
	struct buf	 ids, metas, texts;
	size_t		 n;
};

static void
add_record(struct flat *f, const struct record *r)
{
	buf_add(&f->ids, r->id, r->idlen);
	buf_addc(&f->ids, '\n');
	if (r->meta != NULL)
		buf_add(&f->metas, r->meta, r->metalen);
	buf_addc(&f->metas, '\n');
	buf_add(&f->texts, r->text, r->textlen);
	buf_addc(&f->texts, '\n');
	f->n++;
}

static int
same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len &&
	    (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

static void
check_record(const struct record *r)
{
	static struct buf host;
	const char *v, *src;
	size_t vl, sl, i;
	char *copy;

	if (record_meta_get(r, "lang", &v, &vl)) {
		if (r->meta == NULL || v < r->meta + 5 ||
		    v + vl > r->meta + r->metalen ||
		    memcmp(v - 5, "lang=", 5) != 0 ||
		    memchr(v, '\t', vl) != NULL)
			abort();
	}
	if (!id_source(r->id, r->idlen, "fuzz", &host, &src, &sl))
		abort();
	if (src == host.data) {
		if (sl > r->idlen)
			abort();
		for (i = 0; i < sl; i++)
			if (src[i] >= 'A' && src[i] <= 'Z')
				abort();
	} else if ((src < r->id || src + sl > r->id + r->idlen) &&
	    strcmp(src, "fuzz") != 0)
		abort();
	copy = xmalloc(r->idlen + 1);
	memcpy(copy, r->id, r->idlen);
	if (shard_hash(copy, r->idlen) != shard_hash(r->id, r->idlen))
		abort();
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flat a = { 0 }, b = { 0 };
	struct mem m;
	struct input *in;
	struct record r;
	struct doc d = { 0 };
	struct buf lastid = { 0 };
	size_t i;
	int first = 1;

	if (size < 1)
		return 0;
	m.step = 1 + data[0] % 64;
	m.p = data + 1;
	m.n = size - 1;
	if ((in = input_open_reader(mem_read, &m, "fuzz", 0)) == NULL)
		abort();
	while (record_next(in, &r) == 1) {
		check_record(&r);
		add_record(&a, &r);
	}
	input_close(in);

	m.p = data + 1;
	m.n = size - 1;
	if ((in = input_open_reader(mem_read, &m, "fuzz", 0)) == NULL)
		abort();
	while (doc_next(in, &d) == 1) {
		if (d.nrecords == 0)
			abort();
		if (!first && lastid.len == d.idlen &&
		    memcmp(lastid.data, d.id, d.idlen) == 0)
			abort();
		first = 0;
		buf_clear(&lastid);
		buf_add(&lastid, d.id, d.idlen);
		for (i = 0; i < d.nrecords; i++) {
			if (d.records[i].idlen != d.idlen ||
			    memcmp(d.records[i].id, d.id, d.idlen) != 0)
				abort();
			add_record(&b, &d.records[i]);
		}
	}
	input_close(in);
	if (a.n != b.n || !same(&a.ids, &b.ids) || !same(&a.metas, &b.metas) ||
	    !same(&a.texts, &b.texts))
		abort();
	doc_free(&d);
	buf_free(&lastid);
	buf_free(&a.ids); buf_free(&a.metas); buf_free(&a.texts);
	buf_free(&b.ids); buf_free(&b.metas); buf_free(&b.texts);
	return 0;
}
