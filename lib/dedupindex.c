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
 *          "next" -> the number the next document will get (8 bytes)
 *   doc    docnum (8 bytes, big-endian, so in order) -> struct doc_head,
 *          then the signature bins, the exact key, the paragraph keys
 *          and the id
 *   exact  exact key (16 bytes) -> docnum
 *   band   band number (2) + band hash (8) -> docnums (sorted duplicates)
 *   para   exact key of a paragraph -> docnum
 *   day    day (4, offset so that it sorts) + docnum -> nothing, for ageing
 *
 * Memory: writes accumulate in an LMDB write transaction whose dirty
 * pages live in memory, so the transaction is committed whenever the
 * pages it may have dirtied could exceed the cache size (-S).  That
 * breaks the run into several commits, yet a killed run must leave the
 * previous index as it was: "next" is written only by the last commit,
 * and a run starts by deleting every document numbered "next" or above
 * (what a killed run left) in its first transaction.  A run's decisions
 * therefore never depend on where its commits fell, and one run over
 * A+B leaves the same index as a run over A then one over B.
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

#define PAGE_ESTIMATE	(3 * 4096)	/* dirty bytes one write may cost */
#define MAP_MIN		(64ULL << 20)

struct doc_head {
	int32_t		 day;
	uint32_t	 hassig;	/* bins follow */
	uint32_t	 nparas;
	uint32_t	 idlen;
};

struct dedup_index {
	char		*dir;		/* NULL for a temporary index */
	struct dedup_params params;
	MDB_env		*env;
	MDB_txn		*txn;
	MDB_dbi		 meta, doc, exact, band, para, day;
	int		 lockfd;
	uint64_t	 next;		/* number of the next document */
	uint64_t	 cache;		/* -S */
	uint64_t	 dirty;		/* bytes the transaction may hold */
	uint64_t	*cands;
	size_t		 ncands, candcap;
	struct buf	 rec;		/* a doc record being built */
	struct buf	 firstid;	/* id of the last match */
	unsigned char	*paras;		/* paragraph keys of the document */
	size_t		 nparas, paracap;
	uint64_t	 paradoc;	/* its number */
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
txn_begin(struct dedup_index *x)
{
	MDB_envinfo info;
	MDB_stat st;
	uint64_t used, want;
	int rc;

	/* Room for what this transaction may add, before it starts. */
	mdb_env_info(x->env, &info);
	mdb_env_stat(x->env, &st);
	used = ((uint64_t)info.me_last_pgno + 1) * st.ms_psize;
	want = 2 * used + 4 * x->cache;
	if (want < MAP_MIN)
		want = MAP_MIN;
	if (info.me_mapsize < used + 2 * x->cache &&
	    (rc = mdb_env_set_mapsize(x->env, (size_t)want)) != 0)
		index_fail(x, rc, "cannot grow the map");
	if ((rc = mdb_txn_begin(x->env, NULL, 0, &x->txn)) != 0)
		index_fail(x, rc, "cannot begin a transaction");
	x->dirty = 0;
}

static void
txn_commit(struct dedup_index *x)
{
	int rc;

	if ((rc = mdb_txn_commit(x->txn)) != 0)
		index_fail(x, rc, "cannot commit");
	x->txn = NULL;
}

/* Commit when what is dirty may outgrow the cache (not the last commit). */
static void
txn_check(struct dedup_index *x)
{
	if (x->dirty < x->cache)
		return;
	txn_commit(x);
	txn_begin(x);
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
	x->dirty += PAGE_ESTIMATE + klen + vlen;
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
	x->dirty += PAGE_ESTIMATE;
}

static void
band_key(unsigned char *k, int band, uint64_t hash)
{
	k[0] = (unsigned char)(band >> 8);
	k[1] = (unsigned char)band;
	put_be64(k + 2, hash);
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
	uint16_t bins[DEDUP_BINS];
	MDB_val v;
	uint32_t i;
	int b;

	put_be64(num, docnum);
	if (!db_get(x, x->doc, num, 8, &v))
		return;
	/* A copy: the deletes below may move the page. */
	rec = xmalloc(v.mv_size);
	memcpy(rec, v.mv_data, v.mv_size);
	memcpy(&h, rec, sizeof(h));
	p = rec + sizeof(h);
	if (h.hassig) {
		memcpy(bins, p, sizeof(bins));
		p += sizeof(bins);
		for (b = 0; b < x->params.bands; b++) {
			band_key(k, b, dedup_band_hash(&x->params, bins, b));
			db_del(x, x->band, k, 10, num, 8);
		}
		del_if(x, x->exact, p, 16, num);
		p += 16;
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

static void
params_string(const struct dedup_index *x, const char *unit, char *s,
    size_t n)
{
	snprintf(s, n, "nw-dedup 1 unit=%s shingle=%d bins=%d bands=%d "
	    "rows=%d", unit, x->params.shingle, x->params.bins,
	    x->params.bands, x->params.rows);
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
	unsigned char num[8];
	MDB_val v;
	int rc, flags = MDB_NOLOCK | MDB_NOSUBDIR;

	x = xcalloc(1, sizeof(*x));
	x->params = *p;
	x->cache = cache;
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

	txn_begin(x);
	if ((rc = mdb_dbi_open(x->txn, "meta", MDB_CREATE, &x->meta)) != 0 ||
	    (rc = mdb_dbi_open(x->txn, "doc", MDB_CREATE, &x->doc)) != 0 ||
	    (rc = mdb_dbi_open(x->txn, "exact", MDB_CREATE, &x->exact)) != 0 ||
	    (rc = mdb_dbi_open(x->txn, "band", MDB_CREATE | MDB_DUPSORT |
	    MDB_DUPFIXED, &x->band)) != 0 ||
	    (rc = mdb_dbi_open(x->txn, "para", MDB_CREATE, &x->para)) != 0 ||
	    (rc = mdb_dbi_open(x->txn, "day", MDB_CREATE, &x->day)) != 0)
		index_fail(x, rc, "cannot open the tables");
	params_string(x, unit, params, sizeof(params));
	if (db_get(x, x->meta, "params", 6, &v)) {
		if (v.mv_size != strlen(params) ||
		    memcmp(v.mv_data, params, v.mv_size) != 0)
			errx(NW_EXIT_USAGE, "%s: made with other parameters "
			    "(%.*s); use the same -j and -u, or another "
			    "directory", dir, (int)v.mv_size,
			    (const char *)v.mv_data);
	} else
		db_put(x, x->meta, "params", 6, params, strlen(params), 0);
	if (db_get(x, x->meta, "next", 4, &v) && v.mv_size == 8)
		x->next = get_be64(v.mv_data);
	purge_unfinished(x);
	if (maxage >= 0)
		purge_old(x, today - maxage);
	if (x->dirty > 0) {
		txn_commit(x);
		txn_begin(x);
	}
	put_be64(num, x->next);
	x->paradoc = x->next;
	return x;
}

/* Commit the run: "next" is written last, in the same transaction. */
void
dedup_index_close(struct dedup_index *x)
{
	unsigned char num[8];

	put_be64(num, x->next);
	db_put(x, x->meta, "next", 4, num, 8, 0);
	txn_commit(x);
	mdb_env_close(x->env);
	if (x->lockfd != -1)
		close(x->lockfd);	/* releases the lock */
	buf_free(&x->rec);
	buf_free(&x->firstid);
	free(x->cands);
	free(x->paras);
	free(x->dir);
	free(x);
}

/* Documents indexed, and the index's size in bytes. */
void
dedup_index_stats(struct dedup_index *x, uint64_t *ndocs, uint64_t *bytes)
{
	MDB_envinfo info;
	MDB_stat st;
	int rc;

	if ((rc = mdb_stat(x->txn, x->doc, &st)) != 0)
		index_fail(x, rc, "cannot read");
	*ndocs = st.ms_entries;
	mdb_env_info(x->env, &info);
	*bytes = ((uint64_t)info.me_last_pgno + 1) * st.ms_psize;
}

/* Fill in the id of document docnum; 0 if it is not there. */
static int
doc_id(struct dedup_index *x, const unsigned char *num,
    struct dedup_match *m)
{
	struct doc_head h;
	MDB_val v;

	if (!db_get(x, x->doc, num, 8, &v) || v.mv_size < sizeof(h))
		return 0;
	memcpy(&h, v.mv_data, sizeof(h));
	buf_clear(&x->firstid);
	buf_add(&x->firstid, (char *)v.mv_data + v.mv_size - h.idlen, h.idlen);
	m->id = x->firstid.data;
	m->idlen = h.idlen;
	m->first = get_be64(num);
	return 1;
}

static int
num_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Collect the documents sharing a band with bins, sorted, unique. */
static void
candidates(struct dedup_index *x, const uint16_t *bins)
{
	MDB_cursor *c;
	MDB_val k, v;
	unsigned char key[10];
	size_t i, n;
	int b, rc;

	x->ncands = 0;
	if ((rc = mdb_cursor_open(x->txn, x->band, &c)) != 0)
		index_fail(x, rc, "cannot read");
	for (b = 0; b < x->params.bands; b++) {
		band_key(key, b, dedup_band_hash(&x->params, bins, b));
		k.mv_size = 10;
		k.mv_data = key;
		for (rc = mdb_cursor_get(c, &k, &v, MDB_SET); rc == 0;
		    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT_DUP)) {
			if (x->ncands == x->candcap) {
				x->candcap = x->candcap ? x->candcap * 2 : 64;
				x->cands = xreallocarray(x->cands,
				    x->candcap, sizeof(*x->cands));
			}
			x->cands[x->ncands++] = get_be64(v.mv_data);
		}
		if (rc != MDB_NOTFOUND)
			index_fail(x, rc, "cannot read");
	}
	mdb_cursor_close(c);
	if (x->ncands > 1)
		qsort(x->cands, x->ncands, sizeof(*x->cands), num_cmp);
	for (i = n = 0; i < x->ncands; i++)
		if (n == 0 || x->cands[n - 1] != x->cands[i])
			x->cands[n++] = x->cands[i];
	x->ncands = n;
}

/*
 * The first document that sig duplicates: one with the same exact key,
 * else the lowest-numbered (first seen) of those sharing a band whose
 * full signature estimates the similarity at the threshold or above.
 */
int
dedup_index_find(struct dedup_index *x, const struct dedup_signature *sig,
    struct dedup_match *m)
{
	struct doc_head h;
	unsigned char num[8];
	uint16_t bins[DEDUP_BINS];
	MDB_val v;
	size_t i;
	double sim;

	if (db_get(x, x->exact, sig->exact, 16, &v) && v.mv_size == 8) {
		memcpy(num, v.mv_data, 8);
		if (doc_id(x, num, m)) {
			m->similarity = 1;
			m->exact = 1;
			return 1;
		}
	}
	if (sig->nshingles == 0)
		return 0;
	candidates(x, sig->bins);
	for (i = 0; i < x->ncands; i++) {
		put_be64(num, x->cands[i]);
		if (!db_get(x, x->doc, num, 8, &v) ||
		    v.mv_size < sizeof(h) + sizeof(bins))
			continue;
		memcpy(&h, v.mv_data, sizeof(h));
		if (!h.hassig)
			continue;
		memcpy(bins, (char *)v.mv_data + sizeof(h), sizeof(bins));
		sim = dedup_similarity(sig->bins, bins);
		if (sim >= x->params.threshold && doc_id(x, num, m)) {
			m->similarity = sim;
			m->exact = 0;
			return 1;
		}
	}
	return 0;
}

static void
doc_record(struct dedup_index *x, uint64_t docnum, const char *id,
    size_t idlen, int32_t day, const struct dedup_signature *sig)
{
	struct doc_head h;
	unsigned char num[8], k[12];

	memset(&h, 0, sizeof(h));
	h.day = day;
	h.hassig = sig != NULL;
	h.nparas = sig != NULL ? 0 : (uint32_t)x->nparas;
	h.idlen = (uint32_t)idlen;
	buf_clear(&x->rec);
	buf_add(&x->rec, &h, sizeof(h));
	if (sig != NULL) {
		buf_add(&x->rec, sig->bins, sizeof(sig->bins));
		buf_add(&x->rec, sig->exact, 16);
	} else
		buf_add(&x->rec, x->paras, x->nparas * 16);
	buf_add(&x->rec, id, idlen);
	put_be64(num, docnum);
	db_put(x, x->doc, num, 8, x->rec.data, x->rec.len, 0);
	day_key(k, day, docnum);
	db_put(x, x->day, k, 12, "", 0, 0);
}

/* Index a document that duplicates none before it. */
void
dedup_index_add(struct dedup_index *x, const struct dedup_signature *sig,
    const char *id, size_t idlen, int32_t day)
{
	unsigned char num[8], k[10];
	int b;

	put_be64(num, x->next);
	doc_record(x, x->next, id, idlen, day, sig);
	db_put(x, x->exact, sig->exact, 16, num, 8, MDB_NOOVERWRITE);
	if (sig->nshingles > 0)
		for (b = 0; b < x->params.bands; b++) {
			band_key(k, b, dedup_band_hash(&x->params, sig->bins,
			    b));
			db_put(x, x->band, k, 10, num, 8, MDB_NODUPDATA);
		}
	x->next++;
	x->paradoc = x->next;
	txn_check(x);
}

/*
 * Paragraphs.  A paragraph duplicates one of an earlier document when
 * its exact key is indexed under another document's number; a repeat
 * within one document is not a duplicate.  The paragraphs a document
 * adds are indexed at once under the number it will get, and listed in
 * its record by dedup_index_para_end() so that they can be purged.
 */
int
dedup_index_para(struct dedup_index *x, const unsigned char *exact,
    struct dedup_match *m)
{
	unsigned char num[8];
	MDB_val v;

	put_be64(num, x->paradoc);
	if (db_get(x, x->para, exact, 16, &v) && v.mv_size == 8) {
		if (memcmp(v.mv_data, num, 8) == 0)
			return 0;
		memcpy(num, v.mv_data, 8);
		if (doc_id(x, num, m)) {
			m->similarity = 1;
			m->exact = 1;
			return 1;
		}
	}
	db_put(x, x->para, exact, 16, num, 8, 0);
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
		doc_record(x, x->paradoc, id, idlen, day, NULL);
		x->next = ++x->paradoc;
		x->nparas = 0;
	}
	txn_check(x);
}
