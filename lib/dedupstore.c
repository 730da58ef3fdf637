/*
 * newswire: what one commit of nw-dedup's index writes beside LMDB, and
 * in which order: the key runs (lib/dedupruns.c, each with its Bloom
 * filter, lib/dedupfilter.c) and the shingle hash file
 * (lib/deduphashes.c).  The LMDB side (documents, metadata) is
 * lib/dedupindex.c, the environment, lock and format lib/dedupopen.c;
 * all share struct dedup_index (lib/nw-private.h).
 *
 * Memory: the documents a run adds are first held in a write cache of
 * at most -S bytes: their records in one buffer, their keys (exact,
 * band and paragraph keys, as 64-bit hashes) in one open-addressed
 * table.  A lookup sees the cache and the index alike.  When the cache
 * is full it is written out, the records to LMDB in number order, the
 * keys as one sorted run, and emptied.  The pages a transaction dirties
 * are held in memory too, so a transaction is committed after half the
 * cache in writes (a write dirties a page at most, but for splits).
 * Heap memory beyond the cache does not grow with the index: a document
 * costs nothing in RAM once written out (its run's fences and filter
 * are read through a mapping, pages the kernel may drop at will).
 *
 * A run may thus commit several times, yet a killed run must leave the
 * previous index as it was: "next", the runs' registry and the hash
 * file's committed length are written only by the last commit, new run
 * files and the hash file are synced before it, files a merge dropped
 * are removed after it, and a run starts by deleting every document
 * numbered "next" or above (what a killed run left).  A pending run's
 * last commit writes them to the table pending instead, and leaves the
 * files its merges dropped: the index is as if it had been killed,
 * until the open that commits it (lib/dedupopen.c).  A run's decisions
 * never depend on where its commits fell (a lookup sees the same
 * documents either way), and one run over A+B leaves the same index as
 * a run over A then one over B.  Nothing written before is rewritten by
 * a run but for merges of runs and compactions of the hash file, each
 * into a new file.
 *
 * Slots: beside LMDB's records, a lasting index keeps each document's
 * confirming data (signature, exact key, first bands, date, id) in a
 * fixed-size slot of DIR/docs.GEN, slot k for document base + k, so
 * that a lookup confirms and reports a copy with one pread() instead of
 * a walk down LMDB's tree to a leaf page (at a million documents, most
 * lookups fault such a page in: 3.5 of 11 microseconds a lookup).  The
 * slots only repeat what the records hold: LMDB stays the truth.  They
 * are appended as the records are written, the file is synced before
 * the commit that names its length, and a purged document's slot is
 * cleared (synced before the purge is committed), so a slot never shows
 * a document LMDB no longer has; a cleared or missing slot sends the
 * lookup to LMDB.  The meta entry "docs" (generation, base, length, and
 * "next" and the documents in LMDB when it was written) lets a run
 * check that no other writer (an older nw-dedup, which knows nothing of
 * slots) changed the index since: if one did, the slots start anew at
 * "next", in a new generation, and older documents are read from LMDB.
 * A temporary index has no slots: its documents are in its cache or on
 * recently written LMDB pages.
 */
#include <sys/stat.h>

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lmdb.h>

#include "nw-private.h"

/* The hash file's generation, length and live bytes, in meta. */
static void
hashes_meta_get(struct dedup_index *x)
{
	MDB_val v;

	if (dedup_db_get(x, x->meta, "hashes", 6, &v) && v.mv_size == 24) {
		x->hashgen = be64_get(v.mv_data);
		x->hashend = be64_get((unsigned char *)v.mv_data + 8);
		x->hashlive = be64_get((unsigned char *)v.mv_data + 16);
	}
}

/* In table db: meta, or pending for a pending run's last commit. */
void
dedup_store_hashes_put(struct dedup_index *x, unsigned int db)
{
	unsigned char v[24];

	be64_put(v, x->hashgen);
	be64_put(v + 8, x->hashend);
	be64_put(v + 16, x->hashlive);
	dedup_db_put(x, db, "hashes", 6, v, 24, 0);
}

/*
 * Rewrite the hash file without the hashes of purged documents, once
 * they are more than half of it: a new generation, every record's
 * offset updated, in one transaction (no commit may see records of one
 * generation with the file of the other), committed with the new
 * generation; the old file is removed after.
 */
static void
hashes_compact(struct dedup_index *x)
{
	struct hash_file *nh;
	struct doc_head h;
	MDB_cursor *c;
	MDB_val k, v;
	unsigned char *rec = NULL;
	uint32_t *buf = NULL;
	size_t reccap = 0, bufcap = 0;
	int rc;

	nh = hash_file_create(x->dir, "hashes", x->hashgen + 1);
	if ((rc = mdb_cursor_open(x->txn, x->doc, &c)) != 0)
		dedup_index_fail(x, rc, "cannot read");
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (v.mv_size < sizeof(h))
			continue;
		memcpy(&h, v.mv_data, sizeof(h));
		if (!h.hassig || h.nhashes == 0)
			continue;
		if (h.nhashes > bufcap) {
			bufcap = h.nhashes;
			buf = xreallocarray(buf, bufcap, sizeof(*buf));
		}
		hash_file_read(x->hashes, h.hashoff, buf, 4 * (size_t)h.nhashes);
		h.hashoff = hash_file_append(nh, buf, 4 * (size_t)h.nhashes);
		if (v.mv_size > reccap) {
			reccap = v.mv_size;
			rec = xreallocarray(rec, reccap, 1);
		}
		memcpy(rec, v.mv_data, v.mv_size);
		memcpy(rec, &h, sizeof(h));
		v.mv_data = rec;
		if ((rc = mdb_cursor_put(c, &k, &v, MDB_CURRENT)) != 0)
			dedup_index_fail(x, rc, "cannot write");
	}
	if (rc != MDB_NOTFOUND)
		dedup_index_fail(x, rc, "cannot read");
	mdb_cursor_close(c);
	free(rec);
	free(buf);
	hash_file_close(x->hashes);
	x->hashes = nh;
	x->hashgen++;
	x->hashend = x->hashlive = hash_file_sync(nh);
	dedup_store_hashes_put(x, x->meta);
	dedup_txn_commit(x);
	hash_file_remove_others(x->dir, "hashes", x->hashgen);
	dedup_txn_begin(x, 0);
}

#define SLOT_BYTES	sizeof(struct doc_slot)

/* Slots written out and buffered: the number of the next one's document. */
static uint64_t
docs_next(const struct dedup_index *x)
{
	return x->docbase + hash_file_bytes(x->docs) / SLOT_BYTES;
}

/*
 * Open the slot file the meta entry "docs" names if the index is still
 * as that entry says (entries: the documents in LMDB, those a killed run
 * left deleted); else start a new generation at "next", or, in an index
 * read as it stands, do without slots.
 */
void
dedup_store_docs_open(struct dedup_index *x, uint64_t entries)
{
	struct stat st;
	uint64_t m[5] = { 0, 0, 0, 0, 0 };
	MDB_val v;
	char *path;
	int valid = 0, have, i;

	if (x->dir == NULL)
		return;
	have = dedup_db_get(x, x->meta, "docs", 4, &v) && v.mv_size == 40;
	if (have) {
		for (i = 0; i < 5; i++)
			m[i] = be64_get((unsigned char *)v.mv_data + 8 * i);
		if (asprintf(&path, "%s/docs.%llu", x->dir,
		    (unsigned long long)m[0]) == -1)
			err(NW_EXIT_FAIL, NULL);
		valid = m[3] == x->next && m[4] == entries && m[1] <= m[3] &&
		    m[2] == (m[3] - m[1]) * SLOT_BYTES &&
		    stat(path, &st) == 0 && (uint64_t)st.st_size >= m[2];
		free(path);
	}
	if (valid) {
		x->docgen = m[0];
		x->docbase = m[1];
		x->docs = x->readonly ? hash_file_open_read(x->dir, "docs",
		    x->docgen, m[2]) : hash_file_open(x->dir, "docs",
		    x->docgen, m[2]);
	} else if (!x->readonly) {
		x->docgen = have ? m[0] + 1 : 0;
		x->docbase = x->next;
		x->docs = hash_file_create(x->dir, "docs", x->docgen);
		hash_file_remove_others(x->dir, "docs", x->docgen);
	}
	x->slot.docnum1 = 0;
}

/* Sync the slots and name them in table db, with "next" and stored. */
void
dedup_store_docs_put(struct dedup_index *x, unsigned int db, uint64_t stored)
{
	unsigned char v[40];

	if (x->docs == NULL)
		return;
	be64_put(v, x->docgen);
	be64_put(v + 8, x->docbase);
	be64_put(v + 16, hash_file_sync(x->docs));
	be64_put(v + 24, x->next);
	be64_put(v + 32, stored);
	dedup_db_put(x, db, "docs", 4, v, 40, 0);
}

/* Clear the slot of a document being purged. */
void
dedup_store_docs_purge(struct dedup_index *x, uint64_t docnum)
{
	static const uint64_t none;

	if (x->docs != NULL && docnum >= x->docbase && docnum < docs_next(x))
		hash_file_write(x->docs, (docnum - x->docbase) * SLOT_BYTES,
		    &none, sizeof(none));
	x->slot.docnum1 = 0;
}

/* Append the slot of cached document i (numbered next in the file). */
static void
slot_append(struct dedup_index *x, size_t i)
{
	struct doc_slot sl;
	struct doc_head h;
	const char *rec = x->cachebuf.data + x->cachedocs[i].off;
	size_t len = x->cachedocs[i].len;

	memset(&sl, 0, sizeof(sl));
	memcpy(&h, rec, sizeof(h));
	sl.docnum1 = x->cachefirst + i + 1;
	sl.day = h.day;
	sl.hassig = h.hassig;
	sl.firstbands = h.firstbands;
	sl.idlen = h.idlen;
	if (h.hassig && len >= sizeof(h) + sizeof(sl.bins) + 16) {
		memcpy(sl.bins, rec + sizeof(h), sizeof(sl.bins));
		memcpy(sl.exact, rec + sizeof(h) + sizeof(sl.bins), 16);
	}
	if (h.idlen <= DEDUP_SLOT_ID && h.idlen <= len)
		memcpy(sl.id, rec + len - h.idlen, h.idlen);
	hash_file_append(x->docs, &sl, sizeof(sl));
}

/*
 * Whether a document may still be in the index, for merges of band
 * runs: documents are purged oldest first (by date, which mostly
 * follows the numbers), so the entries below the first document left
 * are dropped; others of purged documents stay, and lead nowhere.
 */
static int
doc_live(void *arg, uint64_t docnum)
{
	return docnum >= *(const uint64_t *)arg;
}

/* The band runs' registry (next sequence number, then pairs) in db. */
static void
registry_put(struct dedup_index *x, unsigned int db)
{
	uint64_t *reg, *v;
	size_t n;

	reg = band_runs_prepare(x->runs, &n);
	v = xreallocarray(NULL, 2 * n + 1, sizeof(*v));
	v[0] = band_runs_nextseq(x->runs);
	memcpy(v + 1, reg, 2 * n * sizeof(*v));
	dedup_db_put(x, db, "runs", 4, v, (2 * n + 1) * sizeof(*v), 0);
	free(v);
	free(reg);
}

/*
 * Write the cache to LMDB and the band runs and empty it; with last,
 * also "next" and the runs' registry, so that the transaction commits
 * the run.  A run held pending (--pending) writes them, and its name,
 * to the table pending instead (see lib/dedupopen.c), and the run
 * files its merges dropped stay, named by the registry still committed.
 */
static void
cache_flush(struct dedup_index *x, int last)
{
	unsigned char num[8], k[16];
	struct doc_head h;
	uint64_t first;
	size_t i;
	unsigned int db = x->hold ? x->pending : x->meta;

	dedup_txn_begin(x, x->cached);
	for (i = 0; i < x->ncachedocs; i++) {
		be64_put(num, x->cachefirst + i);
		dedup_db_put(x, x->doc, num, 8, x->cachebuf.data +
		    x->cachedocs[i].off, x->cachedocs[i].len, MDB_APPEND);
		memcpy(&h, x->cachebuf.data + x->cachedocs[i].off, sizeof(h));
		dedup_day_key(k, h.day, x->cachefirst + i);
		dedup_db_put(x, x->day, k, 12, "", 0, 0);
		if (x->docs != NULL && docs_next(x) == x->cachefirst + i)
			slot_append(x, i);
	}
	key_table_sort(&x->ckeys);
	first = dedup_index_first(x);
	band_runs_add(x->runs, x->ckeys.entries, x->ckeys.n, doc_live, &first);
	if (last) {
		x->maxwrites = UINT64_MAX;	/* one transaction */
		if (x->hold)
			dedup_index_hold_put(x);
		else {
			dedup_index_forget(x);
			dedup_index_name_put(x);
		}
		be64_put(num, x->next);
		dedup_db_put(x, db, "next", 4, num, 8, 0);
		registry_put(x, db);
		x->hashend = hash_file_sync(x->hashes);
		dedup_store_hashes_put(x, db);
		dedup_store_docs_put(x, db, x->stored + x->ncachedocs);
	}
	dedup_txn_commit(x);
	if (last && !x->hold)
		band_runs_committed(x->runs);
	x->stored += x->ncachedocs;
	x->cachefirst = x->next;
	x->ncachedocs = 0;
	buf_clear(&x->cachebuf);
	key_table_clear(&x->ckeys);
	x->cached = 0;
	dedup_txn_begin(x, 0);
}

void
dedup_store_check(struct dedup_index *x)
{
	if (x->cached >= x->cache) {
		mdb_txn_abort(x->txn);	/* a read-only use so far */
		x->txn = NULL;
		cache_flush(x, 0);
	}
}

/*
 * The runs and the hash file, as the index's meta says they are; with
 * keep, the run files it does not name stay (see band_runs_open()).  An
 * index read as it stands (a dry run's) keeps every file as it is.
 */
void
dedup_store_open(struct dedup_index *x, int keep)
{
	uint64_t *reg;
	MDB_val v;

	keep |= x->readonly;
	if (dedup_db_get(x, x->meta, "runs", 4, &v) && v.mv_size >= 8 &&
	    v.mv_size % 16 == 8) {
		reg = xmalloc(v.mv_size);
		memcpy(reg, v.mv_data, v.mv_size);
		x->runs = band_runs_open(x->dir, reg + 1, v.mv_size / 16,
		    reg[0], keep);
		free(reg);
	} else
		x->runs = band_runs_open(x->dir, NULL, 0, 0, keep);
	hashes_meta_get(x);
	if (x->readonly)
		x->hashes = hash_file_open_read(x->dir, "hashes", x->hashgen,
		    x->hashend);
	else
		x->hashes = hash_file_open(x->dir, "hashes", x->hashgen,
		    x->hashend);
}

/* Compact the hash file once purged documents' hashes are most of it. */
void
dedup_store_compact(struct dedup_index *x)
{
	if (x->dir != NULL && x->hashend - x->hashlive > x->hashlive)
		hashes_compact(x);
}

/* The run's last commit, of a lasting index. */
void
dedup_store_commit(struct dedup_index *x)
{
	cache_flush(x, 1);
}

void
dedup_store_close(struct dedup_index *x)
{
	band_runs_close(x->runs);
	hash_file_close(x->hashes);
	hash_file_close(x->docs);
}

/* Bytes on disk beside LMDB. */
uint64_t
dedup_store_bytes(const struct dedup_index *x)
{
	return band_runs_bytes(x->runs) + hash_file_bytes(x->hashes) +
	    (x->docs != NULL ? hash_file_bytes(x->docs) : 0);
}
