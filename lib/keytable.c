/*
 * newswire: a multimap from 128-bit keys to document numbers, in memory.
 *
 * nw-dedup's index holds the documents a run adds in a write cache before
 * they go to LMDB (lib/dedupindex.c): one of these tables for exact keys,
 * one for band keys, one for paragraph keys.  A lookup must see the cache
 * as it sees LMDB, so a key may map to several documents, and a flush
 * writes the entries in key order, so that the B+tree is walked in order.
 *
 * The keys are hashes already: a slot is chosen by mixing their two
 * halves.  Entries are kept in insertion order in one array (sorting
 * them is the flush's business); slots are open-addressed indices into
 * it, at most half full, so a miss stops at an empty slot soon.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

static size_t
slot_of(const struct key_table *t, uint64_t k0, uint64_t k1)
{
	return (size_t)((k0 ^ (k1 * 0x9e3779b97f4a7c15ULL)) >> 17) & t->mask;
}

/* Rehash into nslots slots; -1 (errno set, t as it was) without memory. */
static int
rehash(struct key_table *t, size_t nslots)
{
	uint32_t *slots;
	size_t i, j;

	if ((slots = calloc(nslots, sizeof(*slots))) == NULL)
		return -1;
	free(t->slots);
	t->slots = slots;
	advise_hugepages(t->slots, nslots * sizeof(*t->slots));
	t->mask = nslots - 1;
	for (i = 0; i < t->n; i++) {
		for (j = slot_of(t, t->entries[i].k0, t->entries[i].k1);
		    t->slots[j] != 0; j = (j + 1) & t->mask)
			;
		t->slots[j] = (uint32_t)i + 1;
	}
	return 0;
}

/*
 * Room for n entries without growing: the owner knows how many its
 * budget allows, and growing rehashes every entry (the pages stay
 * untouched until used).  -1, errno set, if there is no memory for
 * them: the budget is the owner's to report.
 */
int
key_table_reserve(struct key_table *t, size_t n)
{
	struct key_entry *entries;
	size_t nslots = 2048;

	if (n > t->cap) {
		if ((entries = reallocarray(t->entries, n,
		    sizeof(*t->entries))) == NULL)
			return -1;
		t->entries = entries;
		t->cap = n;
		advise_hugepages(t->entries, t->cap * sizeof(*t->entries));
	}
	while (nslots < 2 * n)
		nslots *= 2;
	if ((t->slots == NULL || nslots > t->mask + 1) &&
	    rehash(t, nslots) == -1)
		return -1;
	return 0;
}

/* Ask for the slot a key starts probing at, ahead of its put. */
void
key_table_prefetch(const struct key_table *t, uint64_t k0, uint64_t k1)
{
	if (t->slots != NULL)
		__builtin_prefetch(&t->slots[slot_of(t, k0, k1)], 1);
}

void
key_table_put(struct key_table *t, uint64_t k0, uint64_t k1, uint64_t docnum)
{
	size_t j;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->entries = xreallocarray(t->entries, t->cap,
		    sizeof(*t->entries));
	}
	if (t->slots == NULL || (t->n + 1) * 2 > t->mask + 1)
		if (rehash(t, t->slots == NULL ? 2048 :
		    (t->mask + 1) * 2) == -1)
			err(NW_EXIT_FAIL, NULL);
	t->entries[t->n].k0 = k0;
	t->entries[t->n].k1 = k1;
	t->entries[t->n].docnum = docnum;
	for (j = slot_of(t, k0, k1); t->slots[j] != 0; j = (j + 1) & t->mask)
		;
	t->slots[j] = (uint32_t)++t->n;
}

/* Call fn for each document the key holds; return how many. */
size_t
key_table_each(const struct key_table *t, uint64_t k0, uint64_t k1,
    void (*fn)(void *, uint64_t), void *arg)
{
	const struct key_entry *e;
	size_t j, n = 0;

	/* Empty (a run that only looks up): not a page of slots touched. */
	if (t->slots == NULL || t->n == 0)
		return 0;
	for (j = slot_of(t, k0, k1); t->slots[j] != 0; j = (j + 1) & t->mask) {
		e = &t->entries[t->slots[j] - 1];
		if (e->k0 == k0 && e->k1 == k1) {
			fn(arg, e->docnum);
			n++;
		}
	}
	return n;
}

static void
lowest(void *arg, uint64_t docnum)
{
	uint64_t *first = arg;

	if (docnum < *first)
		*first = docnum;
}

/* How many documents the key holds, the first of them in *first. */
size_t
key_table_get(const struct key_table *t, uint64_t k0, uint64_t k1,
    uint64_t *first)
{
	uint64_t low = UINT64_MAX;
	size_t n;

	if ((n = key_table_each(t, k0, k1, lowest, &low)) > 0)
		*first = low;
	return n;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct key_entry *x = a, *y = b;

	if (x->k1 != y->k1)
		return x->k1 < y->k1 ? -1 : 1;
	if (x->k0 != y->k0)
		return x->k0 < y->k0 ? -1 : 1;
	return x->docnum < y->docnum ? -1 : x->docnum > y->docnum;
}

/*
 * Sort the entries by k1, k0, document; the slots are stale after it.
 * The keys are hashes, spread evenly: one counting pass on the top 16
 * bits of k1 puts each entry in its bucket (a handful a bucket), then
 * each bucket is sorted by insertion, three times faster than qsort().
 */
void
key_table_sort(struct key_table *t)
{
	struct key_entry *tmp, e;
	size_t *start, i, j, k, b;

	if (t->n < 4096) {
		if (t->n > 1)
			qsort(t->entries, t->n, sizeof(*t->entries), entry_cmp);
		return;
	}
	start = xcalloc(65536 + 1, sizeof(*start));
	tmp = xreallocarray(NULL, t->cap, sizeof(*tmp));
	for (i = 0; i < t->n; i++)
		start[(t->entries[i].k1 >> 48) + 1]++;
	for (b = 0; b < 65536; b++)
		start[b + 1] += start[b];
	for (i = 0; i < t->n; i++)
		tmp[start[t->entries[i].k1 >> 48]++] = t->entries[i];
	/* Now start[b] is the end of bucket b, and the start of b + 1. */
	for (b = 0, i = 0; b < 65536; i = start[b++])
		for (j = i + 1; j < start[b]; j++) {
			e = tmp[j];
			for (k = j; k > i && entry_cmp(&tmp[k - 1], &e) > 0; k--)
				tmp[k] = tmp[k - 1];
			tmp[k] = e;
		}
	free(t->entries);
	t->entries = tmp;
	free(start);
}

void
key_table_clear(struct key_table *t)
{
	/* Empty already: the slots (maybe never touched) are all zero. */
	if (t->slots != NULL && t->n > 0)
		memset(t->slots, 0, (t->mask + 1) * sizeof(*t->slots));
	t->n = 0;
}

void
key_table_free(struct key_table *t)
{
	free(t->entries);
	free(t->slots);
}
