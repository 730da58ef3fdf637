/*
 * newswire: the runs of nw-dedup(1) under a name (--run, --replace), and
 * the documents a run has seen, in the index of lib/dedupindex.c.
 */
#include <stdlib.h>
#include <string.h>

#include <lmdb.h>

#include "nw-private.h"

/*
 * Names (--run): the table "names" holds, for each run made under a
 * name, the key NAME, a NUL and the number of its first document, and
 * the number after its last as the value.  It is written in the run's
 * last commit, with "next", so it names exactly the documents the index
 * has from that run.  A killed run adds no entry, and the documents it
 * stored are deleted on the next open (dedup_index_open), so no entry
 * names a document the index lacks.  Older indexes have no such table;
 * opening creates it empty.
 *
 * A run that replaces the earlier runs under its name (--replace) sees
 * none of their documents (dedup_index_gone()), and its last commit
 * deletes them and their entries (dedup_index_forget()): a run that is
 * killed, or whose output fails, leaves them as they were.  Their keys
 * stay in the runs, leading nowhere, as a purged document's do.  A
 * pending run's commit does both later (pending_take()).
 */

/* The documents the index holds in the ranges of x->own. */
static uint64_t
replaced_count(struct dedup_index *x)
{
	unsigned char num[8];
	MDB_cursor *c;
	MDB_val k, v;
	uint64_t n = 0;
	size_t i;
	int rc = 0;

	if ((rc = mdb_cursor_open(x->txn, x->doc, &c)) != 0)
		dedup_index_fail(x, rc, "cannot read");
	for (i = 0; i < x->nown; i++) {
		be64_put(num, x->own[2 * i]);
		k.mv_size = 8;
		k.mv_data = num;
		for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE); rc == 0;
		    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
			if (k.mv_size != 8 ||
			    be64_get(k.mv_data) >= x->own[2 * i + 1])
				break;
			n++;
		}
		if (rc != 0 && rc != MDB_NOTFOUND)
			break;
	}
	mdb_cursor_close(c);
	if (rc != 0 && rc != MDB_NOTFOUND)
		dedup_index_fail(x, rc, "cannot read");
	return n;
}

/*
 * This run's name: the ranges of the earlier runs under it, read; with
 * replace, this run replaces them.
 */
void
dedup_index_name(struct dedup_index *x, const char *name, int replace)
{
	MDB_cursor *c;
	MDB_val k, v;
	size_t len = strlen(name), cap = 0;
	int rc;

	free(x->name);
	x->name = xstrdup(name);
	x->nown = 0;
	x->replace = replace;
	x->nreplaced = 0;
	/* An index read as it stands may predate the table: no runs. */
	if (!x->named)
		return;
	if ((rc = mdb_cursor_open(x->txn, x->names, &c)) != 0)
		dedup_index_fail(x, rc, "cannot read");
	k.mv_size = len + 1;
	k.mv_data = x->name;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (k.mv_size != len + 1 + 8 ||
		    memcmp(k.mv_data, name, len + 1) != 0)
			break;
		if (v.mv_size != 8)
			continue;
		if (x->nown == cap) {
			cap = cap ? cap * 2 : 8;
			x->own = xreallocarray(x->own, cap, 2 *
			    sizeof(*x->own));
		}
		x->own[2 * x->nown] = be64_get((unsigned char *)k.mv_data +
		    len + 1);
		x->own[2 * x->nown + 1] = be64_get(v.mv_data);
		x->nown++;
	}
	mdb_cursor_close(c);
	if (rc != 0 && rc != MDB_NOTFOUND)
		dedup_index_fail(x, rc, "cannot read");
	x->nreplaced = replace ? replaced_count(x) : 0;
}

/* Whether document docnum came from an earlier run under this name. */
int
dedup_index_own(const struct dedup_index *x, uint64_t docnum)
{
	size_t i;

	for (i = 0; i < x->nown; i++)
		if (docnum >= x->own[2 * i] && docnum < x->own[2 * i + 1])
			return 1;
	return 0;
}

/* Whether document docnum is one this run replaces: no document to it. */
int
dedup_index_gone(const struct dedup_index *x, uint64_t docnum)
{
	return x->replace && docnum < x->runfirst &&
	    dedup_index_own(x, docnum);
}

/* In the last commit: the documents this run replaces, deleted. */
void
dedup_index_forget(struct dedup_index *x)
{
	unsigned char num[8];
	struct buf k = { 0 };
	MDB_val key;
	uint64_t d;
	size_t i;

	if (!x->replace)
		return;
	for (i = 0; i < x->nown; i++) {
		for (;;) {
			be64_put(num, x->own[2 * i]);
			key.mv_size = 8;
			key.mv_data = num;
			if (!dedup_cursor_key(x, x->doc, &key, MDB_SET_RANGE) ||
			    key.mv_size != 8 ||
			    (d = be64_get(key.mv_data)) >= x->own[2 * i + 1])
				break;
			dedup_doc_purge(x, d);
			x->stored--;
		}
		buf_clear(&k);
		buf_add(&k, x->name, strlen(x->name) + 1);
		be64_put(num, x->own[2 * i]);
		buf_add(&k, (const char *)num, 8);
		dedup_db_del(x, x->names, k.data, k.len, NULL, 0);
	}
	buf_free(&k);
}

/*
 * Whether document docnum was added by this run, or seen again in it
 * already (dedup_index_seen_add()): a document with its id is then a
 * copy like any other, as it was in the run that added it.  The
 * documents seen again are a hash set of their numbers plus one (0 an
 * empty slot), at most half full, growing with the run.
 */
int
dedup_index_seen(const struct dedup_index *x, uint64_t docnum)
{
	size_t i;

	if (docnum >= x->runfirst)
		return 1;
	if (x->seencap == 0)
		return 0;
	for (i = mix64(docnum) & (x->seencap - 1); x->seen[i] != 0;
	    i = (i + 1) & (x->seencap - 1))
		if (x->seen[i] == docnum + 1)
			return 1;
	return 0;
}

/* Document docnum, of an earlier run, is seen again in this one. */
void
dedup_index_seen_add(struct dedup_index *x, uint64_t docnum)
{
	uint64_t *old = x->seen;
	size_t i, j, oldcap = x->seencap;

	if (dedup_index_seen(x, docnum))
		return;
	if (2 * (x->nseen + 1) > x->seencap) {
		x->seencap = oldcap ? 2 * oldcap : 64;
		x->seen = xcalloc(x->seencap, sizeof(*x->seen));
		x->nseen = 0;
		for (j = 0; j < oldcap; j++)
			if (old[j] != 0)
				dedup_index_seen_add(x, old[j] - 1);
		free(old);
	}
	for (i = mix64(docnum) & (x->seencap - 1); x->seen[i] != 0;
	    i = (i + 1) & (x->seencap - 1))
		;
	x->seen[i] = docnum + 1;
	x->nseen++;
}

/*
 * Document docnum is seen again in the document under way (-u para):
 * at its end (dedup_index_para_end()), so that every paragraph of it
 * that one holds is kept, as in the run that added it.
 */
void
dedup_index_seen_later(struct dedup_index *x, uint64_t docnum)
{
	if (x->nlater == x->latercap) {
		x->latercap = x->latercap ? 2 * x->latercap : 16;
		x->later = xreallocarray(x->later, x->latercap,
		    sizeof(*x->later));
	}
	x->later[x->nlater++] = docnum;
}

void
dedup_index_seen_flush(struct dedup_index *x)
{
	size_t i;

	for (i = 0; i < x->nlater; i++)
		dedup_index_seen_add(x, x->later[i]);
	x->nlater = 0;
}

/* This run's last commit leaves it pending (--pending). */
void
dedup_index_hold(struct dedup_index *x)
{
	x->hold = 1;
}

/*
 * In a pending run's last commit: "run", its first document, whether it
 * replaces and its name, in the table pending (see pending_take()).
 */
void
dedup_index_hold_put(struct dedup_index *x)
{
	unsigned char num[8];
	struct buf v = { 0 };

	be64_put(num, x->runfirst);
	buf_add(&v, (const char *)num, 8);
	buf_add(&v, x->replace ? "\1" : "\0", 1);
	buf_adds(&v, x->name);
	dedup_db_put(x, x->pending, "run", 3, v.data, v.len, 0);
	buf_free(&v);
}

/* In the last commit: this run's range under its name, if it added any. */
void
dedup_index_name_put(struct dedup_index *x)
{
	unsigned char num[8];
	struct buf k = { 0 };

	if (x->name == NULL || x->next == x->runfirst)
		return;
	buf_add(&k, x->name, strlen(x->name) + 1);
	be64_put(num, x->runfirst);
	buf_add(&k, (const char *)num, 8);
	be64_put(num, x->next);
	dedup_db_put(x, x->names, k.data, k.len, num, 8, 0);
	buf_free(&k);
}
