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
 *          run_find() in lib/dedupfind.c).  Format 5 indexes made
 *          before had zero there (not known), which only forgoes the
 *          shortcut, and older nw-dedups ignore it: the format is
 *          the same.
 *   day    day (4, offset so that it sorts) + docnum -> nothing, for ageing
 *   names  the documents each run under a name added (lib/dedupnames.c)
 *   pending  what a pending run's last commit would have written to
 *          meta and names (written by lib/dedupnames.c, committed or
 *          dropped by the next open, lib/dedupopen.c)
 * The keys that lead to documents (exact, band and paragraph keys) are
 * in sorted run files with a Bloom filter each (lib/dedupruns.c), as
 * 64-bit hashes: a document found under an exact or paragraph key is
 * checked against the 16-byte key its record holds.  (Up to format 4
 * exact and paragraph keys had LMDB tables of their own, and one filter
 * of every key was rewritten by every run.)  The shingle hashes are in
 * a file of their own; the write cache, and how a commit writes them
 * all, is lib/dedupstore.c.  This file holds the transactions, the
 * tables' reads and writes and a document's purge; an index is opened
 * and closed (its lock, files, format and parameters) by
 * lib/dedupopen.c; lookups, from the cache and the runs, are
 * lib/dedupfind.c, what a document adds to the cache is lib/dedupadd.c,
 * and the runs under a name (--run, --replace, --pending) are
 * lib/dedupnames.c.
 */
#include <sys/statvfs.h>

#include <err.h>
#include <errno.h>
#include <unistd.h>

#include <lmdb.h>

#include "nw-private.h"

#define FULL_BYTES	(1ULL << 20)	/* see dedup_index_error() */

/*
 * LMDB reports a short write, which is how a full file system answers,
 * as EIO ("Input/output error"; errno is not set).  nw-batch(1) tells
 * the machine's failures from a dump's by the message, so the cause is
 * found where it can be: a file system with less free space than LMDB
 * writes at once (64 pages) after such a failure was full.
 */
int
dedup_index_error(const struct dedup_index *x, int rc)
{
	struct statvfs vfs;
	uint64_t avail;

	if (rc != EIO || statvfs(x->dir ? x->dir : tempfile_dir(), &vfs) ==
	    -1)
		return rc;
	/* root may write the blocks reserved for it. */
	avail = geteuid() == 0 ? vfs.f_bfree : vfs.f_bavail;
	return avail * vfs.f_frsize < FULL_BYTES ? ENOSPC : rc;
}

void
dedup_index_fail(const struct dedup_index *x, int rc, const char *what)
{
	errx(NW_EXIT_FAIL, "%s: %s: %s", x->dir ? x->dir : tempfile_dir(),
	    what, mdb_strerror(dedup_index_error(x, rc)));
}

void
dedup_txn_begin(struct dedup_index *x, uint64_t adding)
{
	MDB_envinfo info;
	MDB_stat st;
	uint64_t used, want;
	int rc;

	/* An index read as it stands: one read-only transaction. */
	if (x->readonly) {
		if ((rc = mdb_txn_begin(x->env, NULL, MDB_RDONLY,
		    &x->txn)) != 0)
			dedup_index_fail(x, rc, "cannot begin a transaction");
		return;
	}
	/* Room for what this transaction may add, before it starts. */
	mdb_env_info(x->env, &info);
	mdb_env_stat(x->env, &st);
	used = ((uint64_t)info.me_last_pgno + 1) * st.ms_psize;
	want = 2 * used + 8 * adding;
	if (want < DEDUP_MAP_MIN)
		want = DEDUP_MAP_MIN;
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
 * new transaction.  Never "next", so the run is still not taken; nor
 * once what takes the run is being written ("next", its name, the
 * documents it replaces, the files' lengths): that is one transaction,
 * maxwrites being set out of reach.
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

void
dedup_db_del(struct dedup_index *x, MDB_dbi db, const void *k, size_t klen,
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
void
dedup_doc_purge(struct dedup_index *x, uint64_t docnum)
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
	dedup_db_del(x, x->day, k, 12, NULL, 0);
	dedup_db_del(x, x->doc, num, 8, NULL, 0);
	dedup_store_docs_purge(x, docnum);
}

/*
 * The key found by one cursor operation (an MDB_cursor_op) on db (1), or
 * none (0).
 */
int
dedup_cursor_key(struct dedup_index *x, MDB_dbi db, MDB_val *k, int op)
{
	MDB_cursor *c;
	MDB_val v;
	int rc;

	if ((rc = mdb_cursor_open(x->txn, db, &c)) != 0)
		dedup_index_fail(x, rc, "cannot read");
	rc = mdb_cursor_get(c, k, &v, (MDB_cursor_op)op);
	mdb_cursor_close(c);
	if (rc != 0 && rc != MDB_NOTFOUND)
		dedup_index_fail(x, rc, "cannot read");
	return rc == 0;
}

/* The number of the first document in LMDB (next when there is none). */
uint64_t
dedup_index_first(struct dedup_index *x)
{
	MDB_val k;

	if (dedup_cursor_key(x, x->doc, &k, MDB_FIRST) && k.mv_size == 8)
		return be64_get(k.mv_data);
	return x->next;
}

/*
 * Documents indexed, the index's size in bytes (on disk), and the band
 * keys of this run's documents left out as leading to DEDUP_BAND_DOCS
 * documents already (lib/dedupadd.c).
 */
void
dedup_index_stats(struct dedup_index *x, uint64_t *ndocs, uint64_t *bytes,
    uint64_t *bandsleft)
{
	MDB_envinfo info;
	MDB_stat st;

	/* As the run's last commit leaves it. */
	*ndocs = x->stored + x->ncachedocs - x->nreplaced;
	mdb_env_info(x->env, &info);
	mdb_env_stat(x->env, &st);
	*bytes = ((uint64_t)info.me_last_pgno + 1) * st.ms_psize +
	    dedup_store_bytes(x);
	*bandsleft = x->bandsleft;
	/*
	 * A dry run's: the index as it stands, the run's documents being
	 * in its scratch, or, where there was no index, none.
	 */
	if (x->dry && x->readonly) {
		*ndocs = x->stored;
		*bandsleft = x->scratch->bandsleft;
	} else if (x->dry)
		*ndocs = *bytes = 0;
}
