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
 *          "runs", "hashes" -> what lib/dedupstore.c keeps beside
 *   doc    docnum (8 bytes, big-endian, so in order) -> struct doc_head,
 *          then the signature bins and the exact key, or the paragraph
 *          keys; then the id.  doc_head.firstbands has bit b set when
 *          the lookup that added the document found no document under
 *          its band b's key: a later lookup that finds it a copy need
 *          not look for an earlier document under that key (see
 *          run_find()).  Format 5 indexes made before had zero there
 *          (not known), which only forgoes the shortcut, and older
 *          nw-dedups ignore it: the format is the same.
 *   day    day (4, offset so that it sorts) + docnum -> nothing, for ageing
 * The keys that lead to documents (exact, band and paragraph keys) are
 * in sorted run files with a Bloom filter each (lib/dedupruns.c), as
 * 64-bit hashes: a document found under an exact or paragraph key is
 * checked against the 16-byte key its record holds.  (Up to format 4
 * exact and paragraph keys had LMDB tables of their own, and one filter
 * of every key was rewritten by every run.)  The shingle hashes are in
 * a file of their own; the write cache, and how a commit writes them
 * all, is lib/dedupstore.c.  This file opens the environment, checks
 * the format and parameters, purges documents, and answers lookups from
 * the cache and the runs.
 *
 * Concurrent runs on one directory are serialised by flock(2) on
 * DIR/lock, held from open to close; LMDB's own lock file is not used
 * (MDB_NOLOCK) since only one process ever has the environment open.
 */
#include <sys/file.h>
#include <sys/resource.h>
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

#define MAP_MIN		(64ULL << 20)
#define AHEAD_CHECK	64	/* documents between two looks at the disk */

void
dedup_index_fail(const struct dedup_index *x, int rc, const char *what)
{
	errx(NW_EXIT_FAIL, "%s: %s: %s", x->dir ? x->dir : tempfile_dir(),
	    what, mdb_strerror(rc));
}

void
dedup_txn_begin(struct dedup_index *x, uint64_t adding)
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
		dedup_index_fail(x, rc, "cannot grow the map");
	if ((rc = mdb_txn_begin(x->env, NULL, 0, &x->txn)) != 0)
		dedup_index_fail(x, rc, "cannot begin a transaction");
	x->writes = 0;
}

void
dedup_txn_commit(struct dedup_index *x)
{
	int rc;

	if ((rc = mdb_txn_commit(x->txn)) != 0)
		dedup_index_fail(x, rc, "cannot commit");
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
	dedup_txn_commit(x);
	dedup_txn_begin(x, x->cache);
}

void
dedup_db_put(struct dedup_index *x, MDB_dbi db, const void *k, size_t klen,
    const void *v, size_t vlen, unsigned flags)
{
	MDB_val key = { klen, (void *)(uintptr_t)k };
	MDB_val val = { vlen, (void *)(uintptr_t)v };
	int rc;

	rc = mdb_put(x->txn, db, &key, &val, flags);
	if (rc != 0 && rc != MDB_KEYEXIST)
		dedup_index_fail(x, rc, "cannot write");
	txn_wrote(x);
}

int
dedup_db_get(struct dedup_index *x, MDB_dbi db, const void *k, size_t klen,
    MDB_val *val)
{
	MDB_val key = { klen, (void *)(uintptr_t)k };
	int rc;

	if ((rc = mdb_get(x->txn, db, &key, val)) == MDB_NOTFOUND)
		return 0;
	if (rc != 0)
		dedup_index_fail(x, rc, "cannot read");
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
		dedup_index_fail(x, rc, "cannot delete");
	txn_wrote(x);
}

void
dedup_day_key(unsigned char *k, int32_t day, uint64_t docnum)
{
	uint32_t d = (uint32_t)day ^ 0x80000000u;

	k[0] = (unsigned char)(d >> 24);
	k[1] = (unsigned char)(d >> 16);
	k[2] = (unsigned char)(d >> 8);
	k[3] = (unsigned char)d;
	be64_put(k + 4, docnum);
}

/*
 * Remove a document.  Its keys stay in their runs, leading nowhere (a
 * lookup finds no record), until a merge drops them.
 */
static void
doc_purge(struct dedup_index *x, uint64_t docnum)
{
	struct doc_head h;
	unsigned char num[8], k[12];
	MDB_val v;

	be64_put(num, docnum);
	if (!dedup_db_get(x, x->doc, num, 8, &v) || v.mv_size < sizeof(h))
		return;
	memcpy(&h, v.mv_data, sizeof(h));
	/* Below the committed end: counted live until now. */
	if (h.hassig && h.nhashes > 0 && h.hashoff < x->hashend)
		x->hashlive -= 4 * (uint64_t)h.nhashes;
	dedup_day_key(k, h.day, docnum);
	db_del(x, x->day, k, 12, NULL, 0);
	db_del(x, x->doc, num, 8, NULL, 0);
	dedup_store_docs_purge(x, docnum);
}

/* The key found by one cursor operation on db (1), or none (0). */
static int
cursor_key(struct dedup_index *x, MDB_dbi db, MDB_val *k, MDB_cursor_op op)
{
	MDB_cursor *c;
	MDB_val v;
	int rc;

	if ((rc = mdb_cursor_open(x->txn, db, &c)) != 0)
		dedup_index_fail(x, rc, "cannot read");
	rc = mdb_cursor_get(c, k, &v, op);
	mdb_cursor_close(c);
	if (rc != 0 && rc != MDB_NOTFOUND)
		dedup_index_fail(x, rc, "cannot read");
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

/* Delete the documents a killed run left, numbered next or above. */
static void
purge_unfinished(struct dedup_index *x)
{
	unsigned char num[8];
	MDB_val k;

	for (;;) {
		be64_put(num, x->next);
		k.mv_size = 8;
		k.mv_data = num;
		if (!cursor_key(x, x->doc, &k, MDB_SET_RANGE))
			return;
		doc_purge(x, be64_get(k.mv_data));
	}
}

/* Delete the documents dated before cutoff (days since 1970). */
static void
purge_old(struct dedup_index *x, int32_t cutoff)
{
	unsigned char key[12];
	MDB_val k;

	dedup_day_key(key, cutoff, 0);
	while (cursor_key(x, x->day, &k, MDB_FIRST) &&
	    memcmp(k.mv_data, key, 4) < 0)
		doc_purge(x, be64_get((unsigned char *)k.mv_data + 4));
}

/* The number of the first document in LMDB (next when there is none). */
uint64_t
dedup_index_first(struct dedup_index *x)
{
	MDB_val k;

	if (cursor_key(x, x->doc, &k, MDB_FIRST) && k.mv_size == 8)
		return be64_get(k.mv_data);
	return x->next;
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
	MDB_stat st;
	MDB_val v;
	int rc, format, flags = MDB_NOLOCK | MDB_NOSUBDIR | MDB_NORDAHEAD;

	x = xcalloc(1, sizeof(*x));
	x->params = *p;
	x->cache = cache;
	/* Band keys are most of the cache's keys (32 of a document's 33). */
	key_table_reserve(&x->ckeys, cache / DEDUP_ENTRY_COST);
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
		dedup_index_fail(x, rc, "cannot open the index");
	if ((rc = mdb_env_open(x->env, path, flags, 0666)) != 0)
		errx(NW_EXIT_FAIL, "%s: %s", path, mdb_strerror(rc));
	if (tmp != NULL) {
		/* The map and descriptor keep it; nothing can be left. */
		(void)unlink(path);
		(void)rmdir(tmp);
		free(tmp);
	}
	free(path);

	dedup_txn_begin(x, 0);
	if ((rc = mdb_dbi_open(x->txn, "meta", MDB_CREATE, &x->meta)) != 0 ||
	    (rc = mdb_dbi_open(x->txn, "doc", MDB_CREATE, &x->doc)) != 0 ||
	    (rc = mdb_dbi_open(x->txn, "day", MDB_CREATE, &x->day)) != 0)
		dedup_index_fail(x, rc, "cannot open the tables");
	params_string(x, unit, params, sizeof(params));
	if (dedup_db_get(x, x->meta, "params", 6, &v)) {
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
		dedup_db_put(x, x->meta, "params", 6, params, strlen(params), 0);
	}
	if (dedup_db_get(x, x->meta, "next", 4, &v) && v.mv_size == 8)
		x->next = be64_get(v.mv_data);
	dedup_store_open(x);
	purge_unfinished(x);
	if ((rc = mdb_stat(x->txn, x->doc, &st)) != 0)
		dedup_index_fail(x, rc, "cannot read");
	dedup_store_docs_open(x, st.ms_entries);
	if (maxage >= 0)
		purge_old(x, today - maxage);
	if ((rc = mdb_stat(x->txn, x->doc, &st)) != 0)
		dedup_index_fail(x, rc, "cannot read");
	x->stored = st.ms_entries;
	dedup_store_hashes_put(x);
	dedup_store_docs_put(x, x->stored);
	/* Committed even when unchanged: it opened the tables. */
	dedup_txn_commit(x);
	dedup_txn_begin(x, 0);
	dedup_store_compact(x);
	x->cachefirst = x->next;
	x->paradoc = x->next;
	return x;
}

/*
 * A lasting index takes the run in its last commit, "next" with it; a
 * temporary one is simply dropped.
 */
void
dedup_index_close(struct dedup_index *x)
{
	mdb_txn_abort(x->txn);
	x->txn = NULL;
	if (x->dir != NULL)
		dedup_store_commit(x);
	if (x->txn != NULL)
		mdb_txn_abort(x->txn);
	mdb_env_close(x->env);
	if (x->lockfd != -1)
		close(x->lockfd);	/* releases the lock */
	dedup_store_close(x);
	key_table_free(&x->ckeys);
	free(x->cachedocs);
	buf_free(&x->cachebuf);
	buf_free(&x->rec);
	buf_free(&x->firstid);
	free(x->cands);
	free(x->query);
	free(x->other);
	free(x->paras);
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
	    dedup_store_bytes(x);
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
	be64_put(num, docnum);
	return dedup_db_get(x, x->doc, num, 8, v);
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

	if (x->docs == NULL || docnum < x->docbase || docnum >= x->cachefirst)
		return NULL;
	if (x->slot.docnum1 == docnum + 1)
		return &x->slot;
	off = (docnum - x->docbase) * sizeof(x->slot);
	if (off + sizeof(x->slot) > hash_file_bytes(x->docs))
		return NULL;
	hash_file_read(x->docs, off, &x->slot, sizeof(x->slot));
	if (x->slot.docnum1 != docnum + 1) {
		x->slot.docnum1 = 0;
		return NULL;
	}
	return &x->slot;
}

/* Fill in the id of document docnum; 0 if it is not there. */
static int
doc_id(struct dedup_index *x, uint64_t docnum, struct dedup_match *m)
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

	if (x->ncands == x->candcap) {
		x->candcap = x->candcap ? x->candcap * 2 : 64;
		x->cands = xreallocarray(x->cands, x->candcap,
		    sizeof(*x->cands));
	}
	x->cands[x->ncands].docnum = docnum;
	x->cands[x->ncands].bands = x->candbits[key];
	x->ncands++;
}

/* The same, from the cache: candbits points at the key's bit. */
static void
cached_add(void *arg, uint64_t docnum)
{
	cand_add(arg, 0, docnum);
}

/*
 * The documents of one source (run number run, or the cache when run is
 * the number of runs) under one of the n keys, sorted, unique, each
 * with the bits (bits[i] for key i) of the keys it was found under.
 */
static void
candidates(struct dedup_index *x, size_t run, const uint64_t *hash,
    const uint32_t *bits, int n)
{
	size_t i, m;
	int b;

	x->ncands = 0;
	x->candbits = bits;
	if (run < band_runs_count(x->runs))
		band_runs_find(x->runs, run, hash, n, cand_add, x);
	else
		for (b = 0; b < n; b++) {
			x->candbits = bits + b;
			key_table_each(&x->ckeys, 0, hash[b], cached_add, x);
		}
	if (x->ncands > 1)
		qsort(x->cands, x->ncands, sizeof(*x->cands), cand_cmp);
	for (i = m = 0; i < x->ncands; i++)
		if (m > 0 && x->cands[m - 1].docnum == x->cands[i].docnum)
			x->cands[m - 1].bands |= x->cands[i].bands;
		else
			x->cands[m++] = x->cands[i];
	x->ncands = m;
}

/* The 64-bit hash of a 16-byte key, under which the runs hold it. */
static uint64_t
key_hash(const unsigned char *key)
{
	return be64_get(key) ^ be64_get(key + 8);
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
static int
key_lookup(struct dedup_index *x, const unsigned char *key, int para,
    uint64_t *docnum)
{
	uint64_t hash = key_hash(key);
	uint32_t none = 0;
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

/* Whether an estimate is clear of the threshold (confirm() keeps it). */
static int
settled_estimate(const struct dedup_index *x, double est)
{
	double margin = dedup_margin(x->params.threshold);

	return est >= x->params.threshold + margin ||
	    est < x->params.threshold - margin;
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
	if (settled_estimate(x, est))
		return est;
	hashes_copy(&x->query, &x->querycap, sig->hashes, sig->nshingles);
	hashes_copy(&x->other, &x->othercap, NULL, h->nhashes);
	hash_file_read(x->hashes, h->hashoff, x->other, 4 * (size_t)h->nhashes);
	return dedup_jaccard(x->query, sig->nshingles, x->other, h->nhashes);
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
 * still indexed add their keys' bits to bandseen.
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
			x->bandseen |= x->cands[i].bands;
			if (!s->hassig)
				continue;
			memset(&h, 0, sizeof(h));
			h.hassig = 1;
			h.firstbands = s->firstbands;
			bins = s->bins;
			sim = dedup_similarity(sig->bins, bins);
			/* Borderline: the shingle hashes, which LMDB locates. */
			if (!settled_estimate(x, sim)) {
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
			x->bandseen |= x->cands[i].bands;
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
		    doc_id(x, x->cands[i].docnum, m)) {
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
    const uint64_t *hash, const uint32_t *bits, struct dedup_match *m)
{
	uint64_t rest[DEDUP_BINS];
	uint32_t restbits[DEDUP_BINS], settled = 0;
	int pos[DEDUP_BINS], npos, i, nrest = 0, found;

	npos = band_runs_maybe(x->runs, run, hash, x->params.bands, pos);
	if (npos == 0)
		return 0;
	candidates(x, run, &hash[pos[0]], &bits[pos[0]], 1);
	found = confirmed(x, sig, UINT64_MAX, m, &settled);
	for (i = 1; i < npos; i++)
		if (!(bits[pos[i]] & settled)) {
			rest[nrest] = hash[pos[i]];
			restbits[nrest++] = bits[pos[i]];
		}
	if (nrest == 0)
		return found;
	candidates(x, run, rest, restbits, nrest);
	if (confirmed(x, sig, found ? m->first : UINT64_MAX, m, &settled))
		found = 1;
	return found;
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
	uint32_t bits[DEDUP_BINS], settled;
	size_t run;
	int b;

	x->bandseen = 0;
	if (key_lookup(x, sig->exact, 0, &docnum) &&
	    doc_id(x, docnum, m)) {
		m->similarity = 1;
		m->exact = 1;
		return 1;
	}
	if (sig->nshingles == 0)
		return 0;
	for (b = 0; b < x->params.bands; b++) {
		hash[b] = dedup_band_hash(&x->params, sig->bins, b);
		bits[b] = b < 32 ? 1U << b : 0;
	}
	/*
	 * Source by source, oldest first: each run holds a range of
	 * document numbers above the one before, and the cache the newest,
	 * so the first confirmed is the first seen, and a near copy of an
	 * old document stops at the run that holds it (most often the
	 * oldest and largest) instead of searching them all.
	 */
	for (run = 0; run < band_runs_count(x->runs); run++)
		if (run_find(x, run, sig, hash, bits, m))
			return 1;
	candidates(x, run, hash, bits, x->params.bands);
	return confirmed(x, sig, UINT64_MAX, m, &settled);
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
	hash[n++] = key_hash(sig->exact);
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
	for (b = 0; b < x->params.bands; b++) {
		key_table_put(&x->ckeys, 0, hash[b], x->next);
		x->cached += DEDUP_ENTRY_COST;
	}
}

/* Index a document that duplicates none before it. */
void
dedup_index_add(struct dedup_index *x, const struct dedup_signature *sig,
    const char *id, size_t idlen, int32_t day)
{
	/* Not found by dedup_index_find(), so its exact key is new. */
	doc_record(x, id, idlen, day, sig);
	key_table_put(&x->ckeys, 0, key_hash(sig->exact), x->next);
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

	if (key_lookup(x, exact, 1, &docnum)) {
		if (docnum == x->paradoc)
			return 0;
		if (doc_id(x, docnum, m)) {
			m->similarity = 1;
			m->exact = 1;
			return 1;
		}
	}
	key_table_put(&x->ckeys, 0, key_hash(exact), x->paradoc);
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
	if (x->nparas > 0) {
		doc_record(x, id, idlen, day, NULL);
		x->next = ++x->paradoc;
		x->nparas = 0;
	}
	dedup_store_check(x);
}


