/*
 * newswire: the lookups in nw-dedup's index: the first document a
 * signature duplicates, the first that holds an exact or paragraph key,
 * and the read-ahead that lets a lookup's disk reads overlap those of
 * the documents before it.
 *
 * A lookup reads its sources in the order of their documents: the key
 * runs (lib/dedupruns.c), oldest first, then the write cache.  In each,
 * the documents under its keys are the candidates, sorted by number,
 * and the first that holds the exact key, or whose similarity reaches
 * the threshold, is the copy.  A
 * candidate is confirmed from its slot (lib/dedupstore.c) when it has
 * one, else from its record, in LMDB (lib/dedupindex.c) or in the
 * cache; only a borderline estimate reads the shingle hashes
 * (lib/deduphashes.c).  Nothing here writes to the index: what a
 * document adds is lib/dedupadd.c.
 */
#include <sys/resource.h>

#include <stdlib.h>
#include <string.h>

#include <lmdb.h>

#include "nw-private.h"

#define AHEAD_CHECK	64	/* documents between two looks at the disk */

/* The record of document docnum, in the cache or in LMDB; 0 if none. */
static int
doc_get(struct dedup_index *x, uint64_t docnum, MDB_val *v)
{
	unsigned char num[8];
	struct doc_head h;

	if (dedup_index_gone(x, docnum))
		return 0;
	if (docnum >= x->cachefirst) {
		if (docnum - x->cachefirst >= x->ncachedocs)
			return 0;
		v->mv_data = x->cachebuf.data +
		    x->cachedocs[docnum - x->cachefirst].off;
		v->mv_size = x->cachedocs[docnum - x->cachefirst].len;
		return 1;
	}
	be64_put(num, docnum);
	if (!dedup_db_get(x, x->doc, num, 8, v))
		return 0;
	/* Aged out, in an index read as it stands (lib/dedupopen.c). */
	if (v->mv_size >= sizeof(h)) {
		memcpy(&h, v->mv_data, sizeof(h));
		if (h.day < x->cutoff)
			return 0;
	}
	return 1;
}

/*
 * The slot of document docnum (see lib/dedupstore.c), NULL if it has
 * none (cached documents, those of a temporary index or numbered below
 * the slots, purged ones): then its record says.
 */
static const struct doc_slot *
doc_slot(struct dedup_index *x, uint64_t docnum)
{
	uint64_t off;

	if (x->docs == NULL || docnum < x->docbase ||
	    docnum >= x->cachefirst || dedup_index_gone(x, docnum))
		return NULL;
	if (x->slot.docnum1 == docnum + 1)
		return x->slot.day < x->cutoff ? NULL : &x->slot;
	off = (docnum - x->docbase) * sizeof(x->slot);
	if (off + sizeof(x->slot) > hash_file_bytes(x->docs))
		return NULL;
	hash_file_read(x->docs, off, &x->slot, sizeof(x->slot));
	if (x->slot.docnum1 != docnum + 1) {
		x->slot.docnum1 = 0;
		return NULL;
	}
	/* Aged out: its record says so too. */
	if (x->slot.day < x->cutoff)
		return NULL;
	return &x->slot;
}

/* Fill in the id of document docnum; 0 if it is not there. */
int
dedup_doc_id(struct dedup_index *x, uint64_t docnum, struct dedup_match *m)
{
	const struct doc_slot *s;
	struct doc_head h;
	MDB_val v;

	if ((s = doc_slot(x, docnum)) != NULL && s->idlen <= DEDUP_SLOT_ID) {
		buf_clear(&x->firstid);
		buf_add(&x->firstid, s->id, s->idlen);
		m->id = x->firstid.data;
		m->idlen = s->idlen;
		m->first = docnum;
		return 1;
	}
	if (!doc_get(x, docnum, &v) || v.mv_size < sizeof(h))
		return 0;
	memcpy(&h, v.mv_data, sizeof(h));
	buf_clear(&x->firstid);
	buf_add(&x->firstid, (char *)v.mv_data + v.mv_size - h.idlen, h.idlen);
	m->id = x->firstid.data;
	m->idlen = h.idlen;
	m->first = docnum;
	return 1;
}

static int
cand_cmp(const void *a, const void *b)
{
	uint64_t x = ((const struct dedup_cand *)a)->docnum;
	uint64_t y = ((const struct dedup_cand *)b)->docnum;

	return x < y ? -1 : x > y;
}

/* Document docnum, found under key number key of those looked up. */
static void
cand_add(void *arg, int key, uint64_t docnum)
{
	struct dedup_index *x = arg;
	int band = x->candband[key];

	if (x->ncands == x->candcap) {
		x->candcap = x->candcap ? x->candcap * 2 : 64;
		x->cands = xreallocarray(x->cands, x->candcap,
		    sizeof(*x->cands));
	}
	x->cands[x->ncands].docnum = docnum;
	memset(x->cands[x->ncands].bands, 0, sizeof(x->cands->bands));
	if (band >= 0)
		x->cands[x->ncands].bands[band / 64] = 1ULL << band % 64;
	x->ncands++;
}

/* The same, from the cache: candband points at the key's band. */
static void
cached_add(void *arg, uint64_t docnum)
{
	cand_add(arg, 0, docnum);
}

/*
 * The documents of one source (run number run, or the cache when run is
 * the number of runs) under one of the n keys, sorted, unique, each
 * with the bits of the bands (band[i] for key i, -1 for a key of no
 * band) of the keys it was found under.
 */
static void
candidates(struct dedup_index *x, size_t run, const uint64_t *hash,
    const int *band, int n)
{
	size_t i, m;
	int b, w;

	x->ncands = 0;
	x->candband = band;
	if (run < band_runs_count(x->runs))
		band_runs_find(x->runs, run, hash, n, cand_add, x);
	else
		for (b = 0; b < n; b++) {
			x->candband = band + b;
			key_table_each(&x->ckeys, 0, hash[b], cached_add, x);
		}
	if (x->ncands > 1)
		qsort(x->cands, x->ncands, sizeof(*x->cands), cand_cmp);
	for (i = m = 0; i < x->ncands; i++)
		if (m > 0 && x->cands[m - 1].docnum == x->cands[i].docnum)
			for (w = 0; w < DEDUP_BINS / 64; w++)
				x->cands[m - 1].bands[w] |=
				    x->cands[i].bands[w];
		else
			x->cands[m++] = x->cands[i];
	x->ncands = m;
}

/*
 * A candidate that is indexed: its bands' keys led to a document
 * (bandseen, for the first 32) and to one more (banddocs).
 */
static void
cand_indexed(struct dedup_index *x, const struct dedup_cand *c)
{
	uint64_t bits;
	int w;

	x->bandseen |= (uint32_t)c->bands[0];
	for (w = 0; w < DEDUP_BINS / 64; w++)
		for (bits = c->bands[w]; bits != 0; bits &= bits - 1)
			x->banddocs[w * 64 + __builtin_ctzll(bits)]++;
}

/*
 * Whether document docnum holds key: as its exact key, or with para
 * as one of its paragraphs' (those of the document being read are not
 * recorded yet).
 */
static int
holds_key(struct dedup_index *x, uint64_t docnum, const unsigned char *key,
    int para)
{
	const struct doc_slot *s;
	struct doc_head h;
	const unsigned char *p;
	MDB_val v;
	size_t i, n;

	if (para && docnum == x->paradoc) {
		p = x->paras;
		n = x->nparas;
	} else if (!para && (s = doc_slot(x, docnum)) != NULL) {
		if (!s->hassig)
			return 0;
		p = s->exact;
		n = 1;
	} else {
		if (!doc_get(x, docnum, &v) || v.mv_size < sizeof(h))
			return 0;
		memcpy(&h, v.mv_data, sizeof(h));
		p = (const unsigned char *)v.mv_data + sizeof(h);
		if (para != !h.hassig)
			return 0;
		if (!para) {
			p += DEDUP_BINS * sizeof(uint16_t);
			n = 1;
		} else
			n = h.nparas;
		if (v.mv_size < (size_t)(p - (const unsigned char *)v.mv_data) +
		    16 * n)
			return 0;
	}
	for (i = 0; i < n; i++, p += 16)
		if (memcmp(p, key, 16) == 0)
			return 1;
	return 0;
}

/* The first document holding a 16-byte key (see holds_key()). */
int
dedup_key_lookup(struct dedup_index *x, const unsigned char *key, int para,
    uint64_t *docnum)
{
	uint64_t hash = dedup_key_hash(key);
	int none = -1;
	size_t run, i;

	for (run = 0; run <= band_runs_count(x->runs); run++) {
		candidates(x, run, &hash, &none, 1);
		for (i = 0; i < x->ncands; i++)
			if (holds_key(x, x->cands[i].docnum, key, para)) {
				*docnum = x->cands[i].docnum;
				return 1;
			}
	}
	return 0;
}

/*
 * Whether the estimate of a candidate of sig is clear of the threshold
 * (confirm() keeps it).
 */
static int
settled_estimate(const struct dedup_index *x,
    const struct dedup_signature *sig, double est)
{
	double margin = dedup_margin(x->params.threshold, sig->nshingles);

	return est >= x->params.threshold + margin ||
	    est < x->params.threshold - margin;
}

/* Copy n shingle hashes into *dst, grown to hold them. */
static uint32_t *
hashes_copy(uint32_t **dst, size_t *cap, const void *src, size_t n)
{
	if (n > *cap) {
		*cap = n;
		*dst = xreallocarray(*dst, n, sizeof(**dst));
	}
	if (n > 0 && src != NULL)
		memcpy(*dst, src, n * sizeof(**dst));
	return *dst;
}

/*
 * The similarity of a candidate whose estimate is est: the estimate
 * where it is clear of the threshold, else the exact similarity of the
 * two documents' shingle hashes (copies: the comparison sorts them).
 */
static double
confirm(struct dedup_index *x, const struct dedup_signature *sig,
    double est, const struct doc_head *h)
{
	if (settled_estimate(x, sig, est))
		return est;
	/* The query's set, made once for all its candidates. */
	if (x->nquery == SIZE_MAX || x->querysig != sig) {
		hashes_copy(&x->query, &x->querycap, sig->hashes,
		    sig->nshingles);
		x->nquery = dedup_hash_set(x->query, sig->nshingles);
		x->querysig = sig;
	}
	hashes_copy(&x->other, &x->othercap, NULL, h->nhashes);
	hash_file_read(x->hashes, h->hashoff, x->other, 4 * (size_t)h->nhashes);
	return dedup_jaccard(x->query, x->nquery, x->other, h->nhashes);
}

/*
 * The bands whose keys cannot lead to a document below one that sig
 * shares them with, whose record holds bins and h: those whose rows it
 * has as sig has them and under whose key it was the first document.
 */
static uint32_t
bands_settled(const struct dedup_index *x, const struct dedup_signature *sig,
    const uint16_t *bins, const struct doc_head *h)
{
	size_t rows = (size_t)x->params.rows;
	uint32_t settled = 0;
	int b;

	for (b = 0; b < x->params.bands && b < 32; b++)
		if ((h->firstbands >> b & 1) && memcmp(bins + b * rows,
		    sig->bins + b * rows, rows * sizeof(*bins)) == 0)
			settled |= 1U << b;
	return settled;
}

/*
 * The first of the candidates numbered below below whose similarity
 * reaches the threshold, and the bands it settles.  Those that are
 * still indexed are counted under their keys (cand_indexed()).
 */
static int
confirmed(struct dedup_index *x, const struct dedup_signature *sig,
    uint64_t below, struct dedup_match *m, uint32_t *settled)
{
	const struct doc_slot *s;
	struct doc_head h;
	uint16_t recbins[DEDUP_BINS];
	const uint16_t *bins;
	MDB_val v;
	size_t i;
	double sim;

	for (i = 0; i < x->ncands && x->cands[i].docnum < below; i++) {
		if ((s = doc_slot(x, x->cands[i].docnum)) != NULL) {
			cand_indexed(x, &x->cands[i]);
			if (!s->hassig)
				continue;
			memset(&h, 0, sizeof(h));
			h.hassig = 1;
			h.firstbands = s->firstbands;
			bins = s->bins;
			sim = dedup_similarity(sig->bins, bins);
			/* Borderline: the shingle hashes, which LMDB locates. */
			if (!settled_estimate(x, sig, sim)) {
				if (!doc_get(x, x->cands[i].docnum, &v) ||
				    v.mv_size < sizeof(h))
					continue;
				memcpy(&h, v.mv_data, sizeof(h));
				sim = confirm(x, sig, sim, &h);
			}
		} else {
			if (!doc_get(x, x->cands[i].docnum, &v) ||
			    v.mv_size < sizeof(h))
				continue;
			cand_indexed(x, &x->cands[i]);
			memcpy(&h, v.mv_data, sizeof(h));
			if (!h.hassig || v.mv_size < sizeof(h) + sizeof(recbins))
				continue;
			memcpy(recbins, (char *)v.mv_data + sizeof(h),
			    sizeof(recbins));
			bins = recbins;
			sim = confirm(x, sig, dedup_similarity(sig->bins, bins),
			    &h);
		}
		if (sim >= x->params.threshold &&
		    dedup_doc_id(x, x->cands[i].docnum, m)) {
			m->similarity = sim;
			m->exact = 0;
			*settled = bands_settled(x, sig, bins, &h);
			return 1;
		}
	}
	return 0;
}

/*
 * The first document of band run run that sig duplicates.  The keys
 * the run's filter lets through are looked up in two steps: the first
 * key alone, then the others but those its copy, if it has one,
 * settles.  A near copy shares many bands with its first copy, each
 * key a page of entries somewhere in a run of the whole index; most
 * of them lead to that copy and to nothing before it, which its record
 * says (doc_head.firstbands), so a copy found costs a page of entries
 * or two instead of one a band it shares.
 */
static int
run_find(struct dedup_index *x, size_t run, const struct dedup_signature *sig,
    const uint64_t *hash, struct dedup_match *m)
{
	uint64_t rest[DEDUP_BINS];
	uint32_t settled = 0;
	int pos[DEDUP_BINS], restband[DEDUP_BINS], npos, i, nrest = 0, found;

	/* hash[b] is band b's key: pos[] are bands. */
	npos = band_runs_maybe(x->runs, run, hash, x->params.bands, pos);
	if (npos == 0)
		return 0;
	candidates(x, run, &hash[pos[0]], &pos[0], 1);
	found = confirmed(x, sig, UINT64_MAX, m, &settled);
	for (i = 1; i < npos; i++)
		if (pos[i] >= 32 || !(settled >> pos[i] & 1)) {
			rest[nrest] = hash[pos[i]];
			restband[nrest++] = pos[i];
		}
	if (nrest == 0)
		return found;
	candidates(x, run, rest, restband, nrest);
	if (confirmed(x, sig, found ? m->first : UINT64_MAX, m, &settled))
		found = 1;
	return found;
}

/* A lookup starts: nothing counted, no set of the query's hashes. */
static void
find_start(struct dedup_index *x)
{
	x->bandseen = 0;
	x->nquery = SIZE_MAX;
	memset(x->banddocs, 0, sizeof(x->banddocs));
}

/* The first document with sig's exact key. */
static int
exact_find(struct dedup_index *x, const struct dedup_signature *sig,
    struct dedup_match *m)
{
	uint64_t docnum;

	if (dedup_key_lookup(x, sig->exact, 0, &docnum) &&
	    dedup_doc_id(x, docnum, m)) {
		m->similarity = 1;
		m->exact = 1;
		return 1;
	}
	return 0;
}

/* The lowest-numbered (first seen) near copy: see dedup_index_find(). */
static int
near_find(struct dedup_index *x, const struct dedup_signature *sig,
    struct dedup_match *m)
{
	uint64_t hash[DEDUP_BINS];
	uint32_t settled;
	size_t run;
	int band[DEDUP_BINS], b;

	for (b = 0; b < x->params.bands; b++) {
		hash[b] = dedup_band_hash(&x->params, sig->bins, b);
		band[b] = b;
	}
	/*
	 * Source by source, oldest first: each run holds a range of
	 * document numbers above the one before, and the cache the newest,
	 * so the first confirmed is the first seen, and a near copy of an
	 * old document stops at the run that holds it (most often the
	 * oldest and largest) instead of searching them all.
	 */
	for (run = 0; run < band_runs_count(x->runs); run++)
		if (run_find(x, run, sig, hash, m))
			return 1;
	candidates(x, run, hash, band, x->params.bands);
	return confirmed(x, sig, UINT64_MAX, m, &settled);
}

/*
 * The first document that sig duplicates: one with the same exact key,
 * else the lowest-numbered (first seen) of those sharing a band whose
 * similarity is at the threshold or above: the estimate from the full
 * signatures, or the exact one where the estimate is borderline.
 *
 * A dry run's index is asked first, then its scratch, whose documents
 * are numbered after the index's (lib/dedupopen.c): for an exact copy,
 * then for a near one, as one index would be.  A document found in
 * neither is added to the scratch with what the lookup counted in both,
 * the bands under whose keys it found a document and how many.
 */
int
dedup_index_find(struct dedup_index *x, const struct dedup_signature *sig,
    struct dedup_match *m)
{
	struct dedup_index *s = x->scratch;
	int b;

	find_start(x);
	if (s != NULL)
		find_start(s);
	if (exact_find(x, sig, m) || (s != NULL && exact_find(s, sig, m)))
		return 1;
	if (sig->nshingles == 0)
		return 0;
	if (near_find(x, sig, m))
		return 1;
	if (s == NULL)
		return 0;
	if (near_find(s, sig, m))
		return 1;
	s->bandseen |= x->bandseen;
	for (b = 0; b < DEDUP_BINS; b++)
		s->banddocs[b] += x->banddocs[b];
	return 0;
}

/* A document a read-ahead found: its slot is asked for below. */
static void
ahead_add(void *arg, int key, uint64_t docnum)
{
	struct dedup_index *x = arg;

	(void)key;
	if (x->nahead < (int)(sizeof(x->ahead) / sizeof(x->ahead[0])))
		x->ahead[x->nahead++] = docnum;
}

/*
 * Read ahead for the lookup of a document to come, so that the pages
 * it will read come from the disk while the documents before it are
 * looked up, not one after the other: step 0 asks for the entries
 * under its exact key and under its first band key that each run's
 * filter lets through (what dedup_index_find() reads first in each run,
 * and most often all it reads); step 1, some documents later, reads
 * them (in memory by then) and asks for the slots of the documents
 * they lead to.  Only hints: what a lookup finds does not depend on
 * them, and the cache (the newest documents) is not read.  And only
 * while the process reads from the disk (blocks read or page faults
 * that read, every AHEAD_CHECK documents): on an index in the page
 * cache a hint costs a system call and saves nothing.
 */
void
dedup_index_ahead(struct dedup_index *x, const struct dedup_signature *sig,
    int step)
{
	struct rusage ru;
	uint64_t hash[DEDUP_BINS + 1], io;
	size_t run;
	int pos[DEDUP_BINS + 1], n = 0, npos, b, i;

	if (x->docs == NULL)
		return;
	if (step == 0 && x->aheadcalls++ % AHEAD_CHECK == 0 &&
	    getrusage(RUSAGE_SELF, &ru) == 0) {
		io = (uint64_t)ru.ru_inblock + (uint64_t)ru.ru_majflt;
		x->aheadon = io != x->aheadio;
		x->aheadio = io;
	}
	if (!x->aheadon)
		return;
	hash[n++] = dedup_key_hash(sig->exact);
	if (sig->nshingles > 0)
		for (b = 0; b < x->params.bands; b++)
			hash[n++] = dedup_band_hash(&x->params, sig->bins, b);
	for (run = 0; run < band_runs_count(x->runs); run++) {
		npos = band_runs_maybe(x->runs, run, hash, n, pos);
		/* The exact key if it may be there, and the first band. */
		for (i = 0; i < npos && i < 2 && (i == 0 || pos[0] == 0); i++) {
			if (step == 0) {
				band_runs_willneed(x->runs, run, hash[pos[i]]);
				continue;
			}
			x->nahead = 0;
			band_runs_find(x->runs, run, &hash[pos[i]], 1,
			    ahead_add, x);
			for (b = 0; b < x->nahead; b++)
				if (x->ahead[b] >= x->docbase &&
				    x->ahead[b] < x->cachefirst)
					hash_file_willneed(x->docs,
					    (x->ahead[b] - x->docbase) *
					    sizeof(x->slot), sizeof(x->slot));
		}
	}
}
