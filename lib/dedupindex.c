/*
 * newswire: the index of documents seen by nw-dedup(1), kept in LMDB.
 *
 * Why LMDB: the index must outgrow memory (a million documents hold
 * about 1.5 GB of signatures and band keys), survive a killed run, and
 * answer a lookup in a time that does not grow with its size.  LMDB is a
 * copy-on-write B+tree in one memory-mapped file: lookups cost a few page
 * reads (log n in pages, the upper levels always cached), memory is the
 * kernel's page cache, reclaimable at any time, and a commit is atomic.
 *
 * Tables (named LMDB databases):
 *   meta   "params" -> the parameters the signatures were made with;
 *          "next" -> the number the next document will get (8 bytes);
 *          "id" -> a random identity for the filter (8 bytes)
 *   doc    docnum (8 bytes, big-endian, so in order) -> struct doc_head,
 *          then the signature bins, the exact key, the shingle hashes
 *          (for the exact similarity of borderline candidates), the
 *          paragraph keys and the id
 *   exact  exact key (16 bytes) -> docnum
 *   band   band number (2) + band hash (8) -> docnums (sorted duplicates)
 *   para   exact key of a paragraph -> docnum
 *   day    day (4, offset so that it sorts) + docnum -> nothing, for ageing
 *
 * Memory: the documents a run adds are first held in a write cache of
 * at most -S bytes: their records in one buffer, their exact, band and
 * paragraph keys in open-addressed tables.  A lookup sees the cache and
 * LMDB alike.  When the cache is full it is written to LMDB in one
 * transaction, keys sorted so that the B+tree is walked in order (far
 * cheaper than random puts, and every page dirtied once), and emptied.
 * A run whose index is temporary and fits in the cache never writes to
 * LMDB at all.  The pages a transaction dirties are held in memory too,
 * so a transaction is committed after half the cache in writes (a write
 * dirties a page at most, but for splits).  Heap memory beyond the cache
 * does not grow with the index: a document costs nothing in RAM once
 * written out.
 *
 * A run may thus commit several times, yet a killed run must leave the
 * previous index as it was: "next" is written only by the last commit,
 * and a run starts by deleting every document numbered "next" or above
 * (what a killed run left) in its first transaction.  A run's decisions
 * never depend on where its commits fell (a lookup sees the same
 * documents either way), and one run over A+B leaves the same index as
 * a run over A then one over B.
 *
 * Most keys a lookup asks for are not in the index, and each miss would
 * still walk the B+tree: a Bloom filter of every key (lib/dedupfilter.c)
 * answers them in memory.  It is saved as DIR/filter, stamped with the
 * index's identity (a random number in meta "id") and the "next" it
 * covers, before the last commit: a run killed in between leaves a
 * filter with keys the index lacks, which costs lookups, never answers.
 * A filter that is missing, another index's or older than the index is
 * rebuilt from the index's keys when it is opened.
 *
 * Concurrent runs on one directory are serialised by flock(2) on
 * DIR/lock, held from open to close; LMDB's own lock file is not used
 * (MDB_NOLOCK) since only one process ever has the environment open.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lmdb.h>

#include "nw-private.h"

#define ENTRY_COST	(3 * sizeof(struct key_entry))	/* with slots */
#define MAP_MIN		(64ULL << 20)

struct doc_head {
	int32_t		 day;
	uint32_t	 hassig;	/* bins follow */
	uint32_t	 nhashes;	/* shingle hashes, in the hash file */
	uint32_t	 nparas;
	uint32_t	 idlen;
	uint32_t	 unused;
	uint64_t	 hashoff;	/* their offset there */
};

struct cache_doc {
	size_t		 off, len;	/* of its record in the cache buffer */
};

struct dedup_index {
	char		*dir;		/* NULL for a temporary index */
	struct dedup_params params;
	MDB_env		*env;
	MDB_txn		*txn;
	MDB_dbi		 meta, doc, exact, para, day;
	struct band_runs *runs;		/* the band keys (lib/dedupruns.c) */
	struct hash_file *hashes;	/* shingle hashes (lib/deduphashes.c) */
	uint64_t	 hashgen;	/* the hash file's generation */
	uint64_t	 hashend;	/* its length, as committed */
	uint64_t	 hashlive;	/* bytes of documents still indexed */
	int		 lockfd;
	uint64_t	 next;		/* number of the next document */
	uint64_t	 stored;	/* documents in LMDB */
	uint64_t	 cache;		/* -S */
	uint64_t	 cached;	/* bytes the cache holds */
	uint64_t	 writes;	/* in the open transaction */
	uint64_t	 maxwrites;	/* before it is committed */
	uint64_t	 cachefirst;	/* number of the first cached document */
	struct buf	 cachebuf;	/* the cached records */
	struct cache_doc *cachedocs;
	size_t		 ncachedocs, cachedoccap;
	struct key_table cexact, cband, cpara;
	uint64_t	*cands;
	size_t		 ncands, candcap;
	struct buf	 rec;		/* a doc record being built */
	struct buf	 firstid;	/* id of the last match */
	uint32_t	*query, *other;	/* shingle hashes being compared */
	size_t		 querycap, othercap;
	unsigned char	*paras;		/* paragraph keys of the document */
	size_t		 nparas, paracap;
	uint64_t	 paradoc;	/* its number */
	struct dedup_filter *filter;	/* of every key, LMDB and cache */
	int		 filtersave;	/* it differs from DIR/filter */
	uint64_t	 id;		/* the index's identity */
};

static void
index_fail(const struct dedup_index *x, int rc, const char *what)
{
	errx(NW_EXIT_FAIL, "%s: %s: %s", x->dir ? x->dir : tempfile_dir(),
	    what, mdb_strerror(rc));
}

static void
put_be64(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

static uint64_t
get_be64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static void
exact_split(const unsigned char *key, uint64_t *k0, uint64_t *k1)
{
	*k1 = get_be64(key);
	*k0 = get_be64(key + 8);
}

static void
txn_begin(struct dedup_index *x, uint64_t adding)
{
	MDB_envinfo info;
	MDB_stat st;
	uint64_t used, want;
	int rc;

	/* Room for what this transaction may add, before it starts. */
	mdb_env_info(x->env, &info);
	mdb_env_stat(x->env, &st);
	used = ((uint64_t)info.me_last_pgno + 1) * st.ms_psize;
	want = 2 * used + 8 * adding;
	if (want < MAP_MIN)
		want = MAP_MIN;
	if (info.me_mapsize < used + 4 * adding &&
	    (rc = mdb_env_set_mapsize(x->env, (size_t)want)) != 0)
		index_fail(x, rc, "cannot grow the map");
	if ((rc = mdb_txn_begin(x->env, NULL, 0, &x->txn)) != 0)
		index_fail(x, rc, "cannot begin a transaction");
	x->writes = 0;
}

static void
txn_commit(struct dedup_index *x)
{
	int rc;

	if ((rc = mdb_txn_commit(x->txn)) != 0)
		index_fail(x, rc, "cannot commit");
	x->txn = NULL;
}

/*
 * A write may dirty a page, which LMDB keeps in memory until the commit:
 * past maxwrites writes (half the cache in pages), commit and go on in a
 * new transaction.  Never "next", so the run is still not taken.
 */
static void
txn_wrote(struct dedup_index *x)
{
	if (++x->writes < x->maxwrites)
		return;
	txn_commit(x);
	txn_begin(x, x->cache);
}

static void
db_put(struct dedup_index *x, MDB_dbi db, const void *k, size_t klen,
    const void *v, size_t vlen, unsigned flags)
{
	MDB_val key = { klen, (void *)(uintptr_t)k };
	MDB_val val = { vlen, (void *)(uintptr_t)v };
	int rc;

	rc = mdb_put(x->txn, db, &key, &val, flags);
	if (rc != 0 && rc != MDB_KEYEXIST)
		index_fail(x, rc, "cannot write");
	txn_wrote(x);
}

static int
db_get(struct dedup_index *x, MDB_dbi db, const void *k, size_t klen,
    MDB_val *val)
{
	MDB_val key = { klen, (void *)(uintptr_t)k };
	int rc;

	if ((rc = mdb_get(x->txn, db, &key, val)) == MDB_NOTFOUND)
		return 0;
	if (rc != 0)
		index_fail(x, rc, "cannot read");
	return 1;
}

static void
db_del(struct dedup_index *x, MDB_dbi db, const void *k, size_t klen,
    const void *v, size_t vlen)
{
	MDB_val key = { klen, (void *)(uintptr_t)k };
	MDB_val val = { vlen, (void *)(uintptr_t)v };
	int rc;

	rc = mdb_del(x->txn, db, &key, v != NULL ? &val : NULL);
	if (rc != 0 && rc != MDB_NOTFOUND)
		index_fail(x, rc, "cannot delete");
	txn_wrote(x);
}

static void
day_key(unsigned char *k, int32_t day, uint64_t docnum)
{
	uint32_t d = (uint32_t)day ^ 0x80000000u;

	k[0] = (unsigned char)(d >> 24);
	k[1] = (unsigned char)(d >> 16);
	k[2] = (unsigned char)(d >> 8);
	k[3] = (unsigned char)d;
	put_be64(k + 4, docnum);
}

/* Delete a value only if it names the document. */
static void
del_if(struct dedup_index *x, MDB_dbi db, const unsigned char *k,
    size_t klen, const unsigned char *num)
{
	MDB_val v;

	if (db_get(x, db, k, klen, &v) && v.mv_size == 8 &&
	    memcmp(v.mv_data, num, 8) == 0)
		db_del(x, db, k, klen, NULL, 0);
}

/* Remove a document and every key that leads to it. */
static void
doc_purge(struct dedup_index *x, uint64_t docnum)
{
	struct doc_head h;
	unsigned char num[8], k[12], *rec, *p;
	MDB_val v;
	uint32_t i;

	put_be64(num, docnum);
	if (!db_get(x, x->doc, num, 8, &v))
		return;
	/* A copy: the deletes below may move the page. */
	rec = xmalloc(v.mv_size);
	memcpy(rec, v.mv_data, v.mv_size);
	memcpy(&h, rec, sizeof(h));
	p = rec + sizeof(h);
	/* Its band keys stay in their run, leading nowhere, until merged. */
	if (h.hassig) {
		p += DEDUP_BINS * sizeof(uint16_t);
		del_if(x, x->exact, p, 16, num);
		p += 16;
		/* Below the committed end: counted live until now. */
		if (h.nhashes > 0 && h.hashoff < x->hashend)
			x->hashlive -= 4 * (uint64_t)h.nhashes;
	}
	for (i = 0; i < h.nparas; i++, p += 16)
		del_if(x, x->para, p, 16, num);
	day_key(k, h.day, docnum);
	db_del(x, x->day, k, 12, NULL, 0);
	db_del(x, x->doc, num, 8, NULL, 0);
	free(rec);
}

/* The key found by one cursor operation on db (1), or none (0). */
static int
cursor_key(struct dedup_index *x, MDB_dbi db, MDB_val *k, MDB_cursor_op op)
{
	MDB_cursor *c;
	MDB_val v;
	int rc;

	if ((rc = mdb_cursor_open(x->txn, db, &c)) != 0)
		index_fail(x, rc, "cannot read");
	rc = mdb_cursor_get(c, k, &v, op);
	mdb_cursor_close(c);
	if (rc != 0 && rc != MDB_NOTFOUND)
		index_fail(x, rc, "cannot read");
	return rc == 0;
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

/* The hash file's generation, length and live bytes, in meta. */
static void
hashes_meta_get(struct dedup_index *x)
{
	MDB_val v;

	if (db_get(x, x->meta, "hashes", 6, &v) && v.mv_size == 24) {
		x->hashgen = get_be64(v.mv_data);
		x->hashend = get_be64((unsigned char *)v.mv_data + 8);
		x->hashlive = get_be64((unsigned char *)v.mv_data + 16);
	}
}

static void
hashes_meta_put(struct dedup_index *x)
{
	unsigned char v[24];

	put_be64(v, x->hashgen);
	put_be64(v + 8, x->hashend);
	put_be64(v + 16, x->hashlive);
	db_put(x, x->meta, "hashes", 6, v, 24, 0);
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

	nh = hash_file_create(x->dir, x->hashgen + 1);
	if ((rc = mdb_cursor_open(x->txn, x->doc, &c)) != 0)
		index_fail(x, rc, "cannot read");
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (v.mv_size < sizeof(h))
			continue;
		memcpy(&h, v.mv_data, sizeof(h));
		if (!h.hassig || h.nhashes == 0)
			continue;
		hashes_copy(&buf, &bufcap, NULL, h.nhashes);
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
			index_fail(x, rc, "cannot write");
	}
	if (rc != MDB_NOTFOUND)
		index_fail(x, rc, "cannot read");
	mdb_cursor_close(c);
	free(rec);
	free(buf);
	hash_file_close(x->hashes);
	x->hashes = nh;
	x->hashgen++;
	x->hashend = x->hashlive = hash_file_sync(nh);
	hashes_meta_put(x);
	txn_commit(x);
	hash_file_remove_others(x->dir, x->hashgen);
	txn_begin(x, 0);
}

/* Delete the documents a killed run left, numbered next or above. */
static void
purge_unfinished(struct dedup_index *x)
{
	unsigned char num[8];
	MDB_val k;

	for (;;) {
		put_be64(num, x->next);
		k.mv_size = 8;
		k.mv_data = num;
		if (!cursor_key(x, x->doc, &k, MDB_SET_RANGE))
			return;
		doc_purge(x, get_be64(k.mv_data));
	}
}

/* Delete the documents dated before cutoff (days since 1970). */
static void
purge_old(struct dedup_index *x, int32_t cutoff)
{
	unsigned char key[12];
	MDB_val k;

	day_key(key, cutoff, 0);
	while (cursor_key(x, x->day, &k, MDB_FIRST) &&
	    memcmp(k.mv_data, key, 4) < 0)
		doc_purge(x, get_be64((unsigned char *)k.mv_data + 4));
}

/* Write a table of 16-byte keys, in key order. */
static void
cache_write_keys(struct dedup_index *x, MDB_dbi db, struct key_table *t)
{
	struct key_entry *e;
	unsigned char k[16], num[8];
	size_t i;

	key_table_sort(t);
	for (i = 0; i < t->n; i++) {
		e = &t->entries[i];
		put_be64(k, e->k1);
		put_be64(k + 8, e->k0);
		put_be64(num, e->docnum);
		db_put(x, db, k, 16, num, 8, MDB_NOOVERWRITE);
	}
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

/* The number of the first document in LMDB (next when there is none). */
static uint64_t
first_docnum(struct dedup_index *x)
{
	MDB_val k;

	if (cursor_key(x, x->doc, &k, MDB_FIRST) && k.mv_size == 8)
		return get_be64(k.mv_data);
	return x->next;
}

/* The band runs' registry (next sequence number, then pairs) in meta. */
static void
registry_put(struct dedup_index *x)
{
	uint64_t *reg, *v;
	size_t n;

	reg = band_runs_prepare(x->runs, &n);
	v = xreallocarray(NULL, 2 * n + 1, sizeof(*v));
	v[0] = band_runs_nextseq(x->runs);
	memcpy(v + 1, reg, 2 * n * sizeof(*v));
	db_put(x, x->meta, "runs", 4, v, (2 * n + 1) * sizeof(*v), 0);
	free(v);
	free(reg);
}

/*
 * Write the cache to LMDB and the band runs and empty it; with last,
 * also "next" and the runs' registry, so that the transaction commits
 * the run.
 */
static void
cache_flush(struct dedup_index *x, int last)
{
	unsigned char num[8], k[16];
	struct doc_head h;
	uint64_t first;
	size_t i;

	txn_begin(x, x->cached);
	for (i = 0; i < x->ncachedocs; i++) {
		put_be64(num, x->cachefirst + i);
		db_put(x, x->doc, num, 8, x->cachebuf.data +
		    x->cachedocs[i].off, x->cachedocs[i].len, MDB_APPEND);
		memcpy(&h, x->cachebuf.data + x->cachedocs[i].off, sizeof(h));
		day_key(k, h.day, x->cachefirst + i);
		db_put(x, x->day, k, 12, "", 0, 0);
	}
	cache_write_keys(x, x->exact, &x->cexact);
	cache_write_keys(x, x->para, &x->cpara);
	key_table_sort(&x->cband);
	first = first_docnum(x);
	band_runs_add(x->runs, x->cband.entries, x->cband.n, doc_live, &first);
	if (last) {
		put_be64(num, x->next);
		db_put(x, x->meta, "next", 4, num, 8, 0);
		registry_put(x);
		x->hashend = hash_file_sync(x->hashes);
		hashes_meta_put(x);
	}
	txn_commit(x);
	if (last)
		band_runs_committed(x->runs);
	x->stored += x->ncachedocs;
	x->cachefirst = x->next;
	x->ncachedocs = 0;
	buf_clear(&x->cachebuf);
	key_table_clear(&x->cexact);
	key_table_clear(&x->cband);
	key_table_clear(&x->cpara);
	x->cached = 0;
	txn_begin(x, 0);
}

static void
cache_check(struct dedup_index *x)
{
	if (x->cached >= x->cache) {
		mdb_txn_abort(x->txn);	/* a read-only use so far */
		x->txn = NULL;
		cache_flush(x, 0);
	}
}

/* The filter's key for a 16-byte key, and for a band's hash. */
static uint64_t
filter_key16(const unsigned char *key)
{
	return get_be64(key) ^ get_be64(key + 8);
}

static void
filter_add_hash(void *arg, uint64_t hash)
{
	dedup_filter_add(arg, hash);
}

/* Add every key of LMDB table db (16-byte keys, each once). */
static void
filter_add_table(struct dedup_index *x, struct dedup_filter *f, MDB_dbi db)
{
	MDB_cursor *c;
	MDB_val k, v;
	int rc;

	if ((rc = mdb_cursor_open(x->txn, db, &c)) != 0)
		index_fail(x, rc, "cannot read");
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT))
		if (k.mv_size == 16)
			dedup_filter_add(f, filter_key16(k.mv_data));
	mdb_cursor_close(c);
	if (rc != MDB_NOTFOUND)
		index_fail(x, rc, "cannot read");
}

static void
filter_add_cache(struct dedup_filter *f, const struct key_table *t,
    int band)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		dedup_filter_add(f, band ? t->entries[i].k1 :
		    t->entries[i].k1 ^ t->entries[i].k0);
}

/*
 * (Re)build the filter from every key, in LMDB and in the cache, made
 * for twice as many keys as there are (and for at least want).
 */
static void
filter_build(struct dedup_index *x, uint64_t want)
{
	struct dedup_filter *f;
	MDB_stat st;
	uint64_t keys = x->cexact.n + x->cband.n + x->cpara.n;
	MDB_dbi dbs[2] = { x->exact, x->para };
	int i, rc;

	keys += band_runs_entries(x->runs);
	for (i = 0; i < 2; i++) {
		if ((rc = mdb_stat(x->txn, dbs[i], &st)) != 0)
			index_fail(x, rc, "cannot read");
		keys += st.ms_entries;
	}
	f = dedup_filter_new(2 * keys > want ? 2 * keys : want);
	filter_add_table(x, f, x->exact);
	filter_add_table(x, f, x->para);
	band_runs_scan(x->runs, filter_add_hash, f);
	filter_add_cache(f, &x->cexact, 0);
	filter_add_cache(f, &x->cpara, 0);
	filter_add_cache(f, &x->cband, 1);
	dedup_filter_free(x->filter);
	x->filter = f;
	x->filtersave = 1;
}

/* Add a key, growing the filter when it is full. */
static void
filter_add(struct dedup_index *x, uint64_t key)
{
	dedup_filter_add(x->filter, key);
	x->filtersave = 1;
	if (dedup_filter_full(x->filter))
		filter_build(x, 2 * dedup_filter_keys(x->filter));
}

static char *
filter_path(const struct dedup_index *x)
{
	char *path;

	if (asprintf(&path, "%s/filter", x->dir) == -1)
		err(NW_EXIT_FAIL, NULL);
	return path;
}

/* The index's identity, made when it is new. */
static void
identity(struct dedup_index *x)
{
	unsigned char id[8];
	MDB_val v;

	if (db_get(x, x->meta, "id", 2, &v) && v.mv_size == 8) {
		x->id = get_be64(v.mv_data);
		return;
	}
	x->id = (uint64_t)arc4random() << 32 | arc4random();
	put_be64(id, x->id);
	db_put(x, x->meta, "id", 2, id, 8, 0);
}

static void
params_string(const struct dedup_index *x, const char *unit, char *s,
    size_t n)
{
	snprintf(s, n, "nw-dedup %d unit=%s shingle=%d bins=%d bands=%d "
	    "rows=%d", DEDUP_FORMAT, unit, x->params.shingle, x->params.bins,
	    x->params.bands, x->params.rows);
}

/* The format number of a params string, "nw-dedup N ..."; 0 if none. */
static int
format_of(const void *data, size_t len)
{
	const char *s = data;
	size_t i;
	int n = 0;

	if (len < 10 || memcmp(s, "nw-dedup ", 9) != 0)
		return 0;
	for (i = 9; i < len && s[i] >= '0' && s[i] <= '9' && n < 1000; i++)
		n = n * 10 + s[i] - '0';
	return n;
}

/* A temporary index: a directory removed as soon as LMDB has it open. */
static char *
temp_dir(void)
{
	char *path;

	if (asprintf(&path, "%s/nw-dedup.XXXXXX", tempfile_dir()) == -1)
		err(NW_EXIT_FAIL, NULL);
	if (mkdtemp(path) == NULL)
		err(NW_EXIT_FAIL, "cannot create a directory in %s",
		    tempfile_dir());
	return path;
}

static void
lock_dir(struct dedup_index *x)
{
	char *path;

	if (mkdir(x->dir, 0777) == -1 && errno != EEXIST)
		err(NW_EXIT_FAIL, "%s", x->dir);
	if (asprintf(&path, "%s/lock", x->dir) == -1)
		err(NW_EXIT_FAIL, NULL);
	if ((x->lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666)) == -1)
		err(NW_EXIT_FAIL, "%s", path);
	while (flock(x->lockfd, LOCK_EX) == -1)
		if (errno != EINTR)
			err(NW_EXIT_FAIL, "%s", path);
	free(path);
}

struct dedup_index *
dedup_index_open(const char *dir, const struct dedup_params *p,
    const char *unit, uint64_t cache, int maxage, int32_t today)
{
	struct dedup_index *x;
	char params[160], *tmp = NULL, *path;
	uint64_t *reg;
	MDB_stat st;
	MDB_val v;
	int rc, format, flags = MDB_NOLOCK | MDB_NOSUBDIR | MDB_NORDAHEAD;

	x = xcalloc(1, sizeof(*x));
	x->params = *p;
	x->cache = cache;
	/* Band keys are most of the cache's keys (32 of a document's 33). */
	key_table_reserve(&x->cband, cache / ENTRY_COST);
	x->maxwrites = cache / 2 / 4096;
	x->lockfd = -1;
	if (dir != NULL) {
		x->dir = xstrdup(dir);
		lock_dir(x);
		if (asprintf(&path, "%s/index.mdb", dir) == -1)
			err(NW_EXIT_FAIL, NULL);
	} else {
		tmp = temp_dir();
		if (asprintf(&path, "%s/index.mdb", tmp) == -1)
			err(NW_EXIT_FAIL, NULL);
		flags |= MDB_NOSYNC;	/* nothing to keep */
	}
	if ((rc = mdb_env_create(&x->env)) != 0 ||
	    (rc = mdb_env_set_maxdbs(x->env, 8)) != 0 ||
	    (rc = mdb_env_set_mapsize(x->env, MAP_MIN)) != 0)
		index_fail(x, rc, "cannot open the index");
	if ((rc = mdb_env_open(x->env, path, flags, 0666)) != 0)
		errx(NW_EXIT_FAIL, "%s: %s", path, mdb_strerror(rc));
	if (tmp != NULL) {
		/* The map and descriptor keep it; nothing can be left. */
		(void)unlink(path);
		(void)rmdir(tmp);
		free(tmp);
	}
	free(path);

	txn_begin(x, 0);
	if ((rc = mdb_dbi_open(x->txn, "meta", MDB_CREATE, &x->meta)) != 0 ||
	    (rc = mdb_dbi_open(x->txn, "doc", MDB_CREATE, &x->doc)) != 0 ||
	    (rc = mdb_dbi_open(x->txn, "exact", MDB_CREATE, &x->exact)) != 0 ||
	    (rc = mdb_dbi_open(x->txn, "para", MDB_CREATE, &x->para)) != 0 ||
	    (rc = mdb_dbi_open(x->txn, "day", MDB_CREATE, &x->day)) != 0)
		index_fail(x, rc, "cannot open the tables");
	params_string(x, unit, params, sizeof(params));
	if (db_get(x, x->meta, "params", 6, &v)) {
		format = format_of(v.mv_data, v.mv_size);
		if (format != DEDUP_FORMAT)
			errx(NW_EXIT_FAIL, "%s: an index of format %d; this "
			    "nw-dedup reads format %d: index again, in another "
			    "directory", dir, format, DEDUP_FORMAT);
		if (v.mv_size != strlen(params) ||
		    memcmp(v.mv_data, params, v.mv_size) != 0)
			errx(NW_EXIT_USAGE, "%s: made with other parameters "
			    "(%.*s); use the same -j and -u, or another "
			    "directory", dir, (int)v.mv_size,
			    (const char *)v.mv_data);
	} else {
		db_put(x, x->meta, "params", 6, params, strlen(params), 0);
	}
	if (db_get(x, x->meta, "next", 4, &v) && v.mv_size == 8)
		x->next = get_be64(v.mv_data);
	if (db_get(x, x->meta, "runs", 4, &v) && v.mv_size >= 8 &&
	    v.mv_size % 16 == 8) {
		reg = xmalloc(v.mv_size);
		memcpy(reg, v.mv_data, v.mv_size);
		x->runs = band_runs_open(dir, reg + 1, v.mv_size / 16, reg[0]);
		free(reg);
	} else
		x->runs = band_runs_open(dir, NULL, 0, 0);
	hashes_meta_get(x);
	x->hashes = hash_file_open(dir, x->hashgen, x->hashend);
	identity(x);
	purge_unfinished(x);
	if (maxage >= 0)
		purge_old(x, today - maxage);
	if ((rc = mdb_stat(x->txn, x->doc, &st)) != 0)
		index_fail(x, rc, "cannot read");
	x->stored = st.ms_entries;
	hashes_meta_put(x);
	/* Committed even when unchanged: it opened the tables. */
	txn_commit(x);
	txn_begin(x, 0);
	if (x->dir != NULL && x->hashend - x->hashlive > x->hashlive)
		hashes_compact(x);
	x->cachefirst = x->next;
	x->paradoc = x->next;
	if (x->dir != NULL) {
		path = filter_path(x);
		x->filter = dedup_filter_load(path, x->id, x->next);
		free(path);
	}
	if (x->filter == NULL)
		/* Room for a cache's worth of keys: no rebuild until then. */
		filter_build(x, cache / ENTRY_COST);
	return x;
}

/*
 * A lasting index takes the run in its last commit, "next" with it; a
 * temporary one is simply dropped.
 */
void
dedup_index_close(struct dedup_index *x)
{
	char *path;

	mdb_txn_abort(x->txn);
	x->txn = NULL;
	if (x->dir != NULL) {
		/*
		 * Before the commit: never a filter that lacks a key.  A run
		 * that added nothing leaves the file alone (megabytes at a
		 * million documents), which still covers "next".
		 */
		if (x->filtersave) {
			path = filter_path(x);
			(void)dedup_filter_save(x->filter, path, x->id,
			    x->next);
			free(path);
		}
		cache_flush(x, 1);
	}
	if (x->txn != NULL)
		mdb_txn_abort(x->txn);
	mdb_env_close(x->env);
	if (x->lockfd != -1)
		close(x->lockfd);	/* releases the lock */
	band_runs_close(x->runs);
	hash_file_close(x->hashes);
	key_table_free(&x->cexact);
	key_table_free(&x->cband);
	key_table_free(&x->cpara);
	free(x->cachedocs);
	buf_free(&x->cachebuf);
	buf_free(&x->rec);
	buf_free(&x->firstid);
	free(x->cands);
	free(x->query);
	free(x->other);
	free(x->paras);
	dedup_filter_free(x->filter);
	free(x->dir);
	free(x);
}

/* Documents indexed, and the index's size in bytes (on disk). */
void
dedup_index_stats(struct dedup_index *x, uint64_t *ndocs, uint64_t *bytes)
{
	MDB_envinfo info;
	MDB_stat st;

	*ndocs = x->stored + x->ncachedocs;
	mdb_env_info(x->env, &info);
	mdb_env_stat(x->env, &st);
	*bytes = ((uint64_t)info.me_last_pgno + 1) * st.ms_psize +
	    band_runs_bytes(x->runs) + hash_file_bytes(x->hashes);
}

/* The record of document docnum, in the cache or in LMDB; 0 if none. */
static int
doc_get(struct dedup_index *x, uint64_t docnum, MDB_val *v)
{
	unsigned char num[8];

	if (docnum >= x->cachefirst) {
		if (docnum - x->cachefirst >= x->ncachedocs)
			return 0;
		v->mv_data = x->cachebuf.data +
		    x->cachedocs[docnum - x->cachefirst].off;
		v->mv_size = x->cachedocs[docnum - x->cachefirst].len;
		return 1;
	}
	put_be64(num, docnum);
	return db_get(x, x->doc, num, 8, v);
}

/* Fill in the id of document docnum; 0 if it is not there. */
static int
doc_id(struct dedup_index *x, uint64_t docnum, struct dedup_match *m)
{
	struct doc_head h;
	MDB_val v;

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

/* The first document under a 16-byte key, cached or in LMDB. */
static int
key_lookup(struct dedup_index *x, MDB_dbi db, const struct key_table *t,
    const unsigned char *key, uint64_t *docnum)
{
	uint64_t k0, k1;
	MDB_val v;

	if (!dedup_filter_maybe(x->filter, filter_key16(key)))
		return 0;
	if (x->stored > 0 && db_get(x, db, key, 16, &v) && v.mv_size == 8) {
		*docnum = get_be64(v.mv_data);
		return 1;
	}
	exact_split(key, &k0, &k1);
	return key_table_get(t, k0, k1, docnum) > 0;
}

static int
num_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void
cand_add(void *arg, uint64_t docnum)
{
	struct dedup_index *x = arg;

	if (x->ncands == x->candcap) {
		x->candcap = x->candcap ? x->candcap * 2 : 64;
		x->cands = xreallocarray(x->cands, x->candcap,
		    sizeof(*x->cands));
	}
	x->cands[x->ncands++] = docnum;
}

/*
 * The band keys of bins that the filter lets through, in hash; their
 * number.  The filter's blocks are asked for all at once, not one cache
 * miss a band after the other.
 */
static int
band_keys(struct dedup_index *x, const uint16_t *bins, uint64_t *hash)
{
	int b, n;

	for (b = 0; b < x->params.bands; b++) {
		hash[b] = dedup_band_hash(&x->params, bins, b);
		dedup_filter_prefetch(x->filter, hash[b]);
	}
	for (b = n = 0; b < x->params.bands; b++)
		if (dedup_filter_maybe(x->filter, hash[b]))
			hash[n++] = hash[b];
	return n;
}

/*
 * The documents of one source (band run number run, or the cache when
 * run is the number of runs) sharing one of the n band keys, sorted,
 * unique.
 */
static void
candidates(struct dedup_index *x, size_t run, const uint64_t *hash, int n)
{
	size_t i, m;
	int b;

	x->ncands = 0;
	for (b = 0; b < n; b++)
		if (run < band_runs_count(x->runs))
			band_runs_each(x->runs, run, hash[b], cand_add, x);
		else
			key_table_each(&x->cband, 0, hash[b], cand_add, x);
	if (x->ncands > 1)
		qsort(x->cands, x->ncands, sizeof(*x->cands), num_cmp);
	for (i = m = 0; i < x->ncands; i++)
		if (m == 0 || x->cands[m - 1] != x->cands[i])
			x->cands[m++] = x->cands[i];
	x->ncands = m;
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
	double margin = dedup_margin(x->params.threshold);

	if (est >= x->params.threshold + margin ||
	    est < x->params.threshold - margin)
		return est;
	hashes_copy(&x->query, &x->querycap, sig->hashes, sig->nshingles);
	hashes_copy(&x->other, &x->othercap, NULL, h->nhashes);
	hash_file_read(x->hashes, h->hashoff, x->other, 4 * (size_t)h->nhashes);
	return dedup_jaccard(x->query, sig->nshingles, x->other, h->nhashes);
}

/* The first of the candidates whose similarity reaches the threshold. */
static int
confirmed(struct dedup_index *x, const struct dedup_signature *sig,
    struct dedup_match *m)
{
	struct doc_head h;
	uint16_t bins[DEDUP_BINS];
	MDB_val v;
	size_t i;
	double sim;

	for (i = 0; i < x->ncands; i++) {
		if (!doc_get(x, x->cands[i], &v) ||
		    v.mv_size < sizeof(h) + sizeof(bins))
			continue;
		memcpy(&h, v.mv_data, sizeof(h));
		if (!h.hassig)
			continue;
		memcpy(bins, (char *)v.mv_data + sizeof(h), sizeof(bins));
		sim = confirm(x, sig, dedup_similarity(sig->bins, bins), &h);
		if (sim >= x->params.threshold && doc_id(x, x->cands[i], m)) {
			m->similarity = sim;
			m->exact = 0;
			return 1;
		}
	}
	return 0;
}

/*
 * The first document that sig duplicates: one with the same exact key,
 * else the lowest-numbered (first seen) of those sharing a band whose
 * similarity is at the threshold or above: the estimate from the full
 * signatures, or the exact one where the estimate is borderline.
 */
int
dedup_index_find(struct dedup_index *x, const struct dedup_signature *sig,
    struct dedup_match *m)
{
	uint64_t docnum, hash[DEDUP_BINS];
	size_t run;
	int nkeys;

	if (key_lookup(x, x->exact, &x->cexact, sig->exact, &docnum) &&
	    doc_id(x, docnum, m)) {
		m->similarity = 1;
		m->exact = 1;
		return 1;
	}
	if (sig->nshingles == 0 || (nkeys = band_keys(x, sig->bins, hash)) == 0)
		return 0;
	/*
	 * Source by source, oldest first: each run holds a range of
	 * document numbers above the one before, and the cache the newest,
	 * so the first confirmed is the first seen, and a near copy of an
	 * old document stops at the run that holds it (most often the
	 * oldest and largest) instead of searching them all.
	 */
	for (run = 0; run <= band_runs_count(x->runs); run++) {
		candidates(x, run, hash, nkeys);
		if (confirmed(x, sig, m))
			return 1;
	}
	return 0;
}

/* Put a document's record in the cache, under the next number. */
static void
doc_record(struct dedup_index *x, const char *id, size_t idlen, int32_t day,
    const struct dedup_signature *sig)
{
	struct doc_head h;
	size_t off = x->cachebuf.len;

	memset(&h, 0, sizeof(h));
	h.day = day;
	h.hassig = sig != NULL;
	h.nhashes = sig != NULL ? (uint32_t)sig->nshingles : 0;
	/* The shingle hashes go to their file; the record has the offset. */
	if (h.nhashes > 0) {
		h.hashoff = hash_file_append(x->hashes, sig->hashes,
		    4 * (size_t)h.nhashes);
		x->hashlive += 4 * (uint64_t)h.nhashes;
	}
	h.nparas = sig != NULL ? 0 : (uint32_t)x->nparas;
	h.idlen = (uint32_t)idlen;
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
 * Cache the band keys of the next document.  Their slots and filter
 * blocks are asked for all at once: one at a time, each put waited for
 * a cache miss (14% of the CPU over 200 MB).
 */
static void
band_keys_add(struct dedup_index *x, const uint16_t *bins)
{
	uint64_t hash[DEDUP_BINS];
	int b;

	for (b = 0; b < x->params.bands; b++) {
		hash[b] = dedup_band_hash(&x->params, bins, b);
		key_table_prefetch(&x->cband, 0, hash[b]);
		dedup_filter_prefetch(x->filter, hash[b]);
	}
	for (b = 0; b < x->params.bands; b++) {
		key_table_put(&x->cband, 0, hash[b], x->next);
		filter_add(x, hash[b]);
		x->cached += ENTRY_COST;
	}
}

/* Index a document that duplicates none before it. */
void
dedup_index_add(struct dedup_index *x, const struct dedup_signature *sig,
    const char *id, size_t idlen, int32_t day)
{
	uint64_t k0, k1;

	/* Not found by dedup_index_find(), so its exact key is new. */
	doc_record(x, id, idlen, day, sig);
	exact_split(sig->exact, &k0, &k1);
	key_table_put(&x->cexact, k0, k1, x->next);
	filter_add(x, filter_key16(sig->exact));
	x->cached += ENTRY_COST;
	if (sig->nshingles > 0)
		band_keys_add(x, sig->bins);
	x->next++;
	x->paradoc = x->next;
	cache_check(x);
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
	uint64_t docnum, k0, k1;

	if (key_lookup(x, x->para, &x->cpara, exact, &docnum)) {
		if (docnum == x->paradoc)
			return 0;
		if (doc_id(x, docnum, m)) {
			m->similarity = 1;
			m->exact = 1;
			return 1;
		}
	}
	exact_split(exact, &k0, &k1);
	key_table_put(&x->cpara, k0, k1, x->paradoc);
	filter_add(x, filter_key16(exact));
	x->cached += ENTRY_COST;
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
	if (x->nparas > 0) {
		doc_record(x, id, idlen, day, NULL);
		x->next = ++x->paradoc;
		x->nparas = 0;
	}
	cache_check(x);
}
