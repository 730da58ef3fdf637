/*
 * newswire: what a document adds to nw-dedup's index: its record and
 * keys, cached under the next number, and in paragraph mode (-u para)
 * its paragraphs, each looked up and cached as it is read.
 *
 * The write cache is one buffer of records (struct doc_head, then the
 * bins and exact key or the paragraph keys, then the id: the layout of
 * LMDB's doc table, lib/dedupindex.c) and one table of keys as 64-bit
 * hashes; the shingle hashes are appended to their file
 * (lib/deduphashes.c).  A lookup sees a cached document as it sees one
 * written out (lib/dedupfind.c).  lib/dedupstore.c writes the cache out
 * when it is full and, for a lasting index, at the close.
 */
#include <string.h>

#include "nw-private.h"

/* Put a document's record in the cache, under the next number. */
static void
doc_record(struct dedup_index *x, const char *id, size_t idlen, int32_t day,
    const struct dedup_signature *sig)
{
	struct doc_head h;
	size_t off = x->cachebuf.len;
	const uint32_t *hashes = sig != NULL ? sig->hashes : NULL;

	memset(&h, 0, sizeof(h));
	h.day = day;
	h.hassig = sig != NULL;
	h.nhashes = sig != NULL ? (uint32_t)sig->nshingles : 0;
	/*
	 * The set its lookup made of them, when it compared them with a
	 * candidate's: sorted, so that a later lookup that compares them
	 * need not sort them again (near copies meet many candidates).
	 */
	if (sig != NULL && x->nquery != SIZE_MAX && x->querysig == sig) {
		hashes = x->query;
		h.nhashes = (uint32_t)x->nquery;
	}
	x->nquery = SIZE_MAX;
	/* The shingle hashes go to their file; the record has the offset. */
	if (h.nhashes > 0) {
		h.hashoff = hash_file_append(x->hashes, hashes,
		    4 * (size_t)h.nhashes);
		x->hashlive += 4 * (uint64_t)h.nhashes;
	}
	h.nparas = sig != NULL ? 0 : (uint32_t)x->nparas;
	h.idlen = (uint32_t)idlen;
	/* The bands under whose keys the lookup found no document. */
	if (sig != NULL && sig->nshingles > 0)
		h.firstbands = ~x->bandseen & (x->params.bands < 32 ?
		    (1U << x->params.bands) - 1 : UINT32_MAX);
	buf_add(&x->cachebuf, &h, sizeof(h));
	if (sig != NULL) {
		buf_add(&x->cachebuf, sig->bins, sizeof(sig->bins));
		buf_add(&x->cachebuf, sig->exact, 16);
	} else
		buf_add(&x->cachebuf, x->paras, x->nparas * 16);
	buf_add(&x->cachebuf, id, idlen);
	if (x->ncachedocs == x->cachedoccap) {
		x->cachedoccap = x->cachedoccap ? x->cachedoccap * 2 : 256;
		x->cachedocs = xreallocarray(x->cachedocs, x->cachedoccap,
		    sizeof(*x->cachedocs));
	}
	x->cachedocs[x->ncachedocs].off = off;
	x->cachedocs[x->ncachedocs].len = x->cachebuf.len - off;
	x->ncachedocs++;
	x->cached += x->cachebuf.len - off + sizeof(struct cache_doc);
}

/*
 * Cache the band keys of the next document.  Their slots are asked for
 * all at once: one at a time, each put waited for a cache miss (14% of
 * the CPU over 200 MB).
 *
 * A key that leads to DEDUP_BAND_DOCS documents already (as its lookup
 * counted them, in banddocs) does not lead to this one.  Such a key is
 * a block of text that many documents share, each with words of its
 * own (a site's template, the background of a rolling story), so many
 * that none is a copy of another: were it to lead to all of them,
 * every document that has the block would be compared with every one
 * before it, and a lookup would cost more with every document indexed.
 * A copy of one of them is found under the keys of the words that are
 * its own.
 */
static void
band_keys_add(struct dedup_index *x, const uint16_t *bins)
{
	uint64_t hash[DEDUP_BINS];
	int b;

	for (b = 0; b < x->params.bands; b++) {
		hash[b] = dedup_band_hash(&x->params, bins, b);
		key_table_prefetch(&x->ckeys, 0, hash[b]);
	}
	for (b = 0; b < x->params.bands; b++)
		if (x->banddocs[b] < DEDUP_BAND_DOCS) {
			key_table_put(&x->ckeys, 0, hash[b], x->next);
			x->cached += DEDUP_ENTRY_COST;
		} else
			x->bandsleft++;
}

/*
 * Index a document that duplicates none before it: in a dry run's
 * scratch (lib/dedupopen.c), if there is one.
 */
void
dedup_index_add(struct dedup_index *x, const struct dedup_signature *sig,
    const char *id, size_t idlen, int32_t day)
{
	if (x->scratch != NULL)
		x = x->scratch;
	/* Not found by dedup_index_find(), so its exact key is new. */
	doc_record(x, id, idlen, day, sig);
	key_table_put(&x->ckeys, 0, dedup_key_hash(sig->exact), x->next);
	x->cached += DEDUP_ENTRY_COST;
	if (sig->nshingles > 0)
		band_keys_add(x, sig->bins);
	x->next++;
	x->paradoc = x->next;
	dedup_store_check(x);
}

/*
 * Paragraphs.  A paragraph duplicates one of an earlier document when
 * its exact key is indexed under another document's number; a repeat
 * within one document is not a duplicate.  The paragraphs a document
 * adds are cached at once under the number it will get, and listed in
 * its record by dedup_index_para_end() so that they can be purged.
 */
int
dedup_index_para(struct dedup_index *x, const unsigned char *exact,
    struct dedup_match *m)
{
	uint64_t docnum;

	if (dedup_key_lookup(x, exact, 1, &docnum)) {
		if (docnum == x->paradoc)
			return 0;
		if (dedup_doc_id(x, docnum, m)) {
			m->similarity = 1;
			m->exact = 1;
			return 1;
		}
	}
	/* A dry run's index holds none: its scratch is asked, and takes it. */
	if (x->scratch != NULL)
		return dedup_index_para(x->scratch, exact, m);
	key_table_put(&x->ckeys, 0, dedup_key_hash(exact), x->paradoc);
	x->cached += DEDUP_ENTRY_COST;
	if (x->nparas == x->paracap) {
		x->paracap = x->paracap ? x->paracap * 2 : 64;
		x->paras = xreallocarray(x->paras, x->paracap, 16);
	}
	memcpy(x->paras + 16 * x->nparas++, exact, 16);
	return 0;
}

/* The end of a document's paragraphs: record it if it added any. */
void
dedup_index_para_end(struct dedup_index *x, const char *id, size_t idlen,
    int32_t day)
{
	dedup_index_seen_flush(x);
	if (x->scratch != NULL)
		x = x->scratch;
	if (x->nparas > 0) {
		doc_record(x, id, idlen, day, NULL);
		x->next = ++x->paradoc;
		x->nparas = 0;
	}
	dedup_store_check(x);
}
