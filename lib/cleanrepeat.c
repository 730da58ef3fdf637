/*
 * newswire: the paragraphs nw-clean(1) has seen before.
 *
 * Across documents a paragraph that recurs in many documents of one
 * source is boilerplate however long (CCNet's paragraph hashing): the
 * normalised text's hash, salted with the source, is counted in a table
 * of fixed size, four slots a bucket, evicting the entry seen in the
 * fewest documents (the least recent of them) when a bucket is full.
 * The table's memory is fixed when it is made.  Within a document, an
 * open-addressing set of the hashes seen so far finds the copies.
 */
#include <sys/mman.h>

#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

#define BUCKET_SLOTS	4

struct repeat_slot {
	uint64_t	key;		/* 0: empty */
	uint32_t	docs;		/* documents it was seen in */
	uint32_t	lastdoc;	/* serial of the last of them */
};

struct repeat_table {
	struct repeat_slot	*slots;
	size_t			 nbuckets;
	size_t			 mask;		/* nbuckets - 1, a power of two */
	int			 mapped;	/* slots from table_alloc()'s mmap */
};

/*
 * Every paragraph reads a bucket at random in a table far larger than
 * a cache, and mostly misses the TLB too: a table of a whole number of
 * huge pages is aligned to them and asked to be backed by them, where
 * the kernel does so on request (madvise), so that its pages stay in
 * the TLB.  Elsewhere the request is ignored.  Such a table is mapped
 * straight from the kernel, which hands it out zeroed: nothing is
 * written to it before it is used (writing 4 MB of zeros was a tenth
 * of what nw-clean did before the first record of a small input).
 */
#define HUGE_PAGE	((size_t)2 << 20)

static void *
table_alloc(size_t bytes, int *mapped)
{
	void *p;

	*mapped = 0;
#if defined(MADV_HUGEPAGE) && defined(MAP_ANONYMOUS)
	if (bytes >= HUGE_PAGE && bytes % HUGE_PAGE == 0) {
		char *map;
		size_t head;

		map = mmap(NULL, bytes + HUGE_PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (map != MAP_FAILED) {
			/* Aligned to a huge page; the rest given back. */
			head = (HUGE_PAGE - (uintptr_t)map % HUGE_PAGE) %
			    HUGE_PAGE;
			p = map + head;
			if (head > 0)
				(void)munmap(map, head);
			(void)munmap(map + head + bytes, HUGE_PAGE - head);
			(void)madvise(p, bytes, MADV_HUGEPAGE);
			*mapped = 1;
			return p;
		}
	}
#endif
	if ((p = calloc(1, bytes)) == NULL)
		err(NW_EXIT_FAIL, "a repeat table of %zu bytes (-S)", bytes);
	return p;
}

struct repeat_table *
repeat_table_new(uint64_t bytes)
{
	struct repeat_table *t;
	uint64_t entries = bytes / sizeof(struct repeat_slot);

	if (bytes == 0)
		return NULL;
	if (entries < BUCKET_SLOTS)
		entries = BUCKET_SLOTS;	/* one bucket at the least */
	t = xcalloc(1, sizeof(*t));
	t->nbuckets = (size_t)(entries / BUCKET_SLOTS);
	if ((t->nbuckets & (t->nbuckets - 1)) == 0)
		t->mask = t->nbuckets - 1;
	t->slots = table_alloc(t->nbuckets * BUCKET_SLOTS * sizeof(*t->slots),
	    &t->mapped);
	return t;
}

void
repeat_table_free(struct repeat_table *t)
{
	if (t == NULL)
		return;
	if (t->mapped)
		(void)munmap(t->slots, repeat_table_bytes(t));
	else
		free(t->slots);
	free(t);
}

/* Every count forgotten, the memory kept. */
void
repeat_table_clear(struct repeat_table *t)
{
	if (t != NULL)
		memset(t->slots, 0,
		    t->nbuckets * BUCKET_SLOTS * sizeof(*t->slots));
}

size_t
repeat_table_bytes(const struct repeat_table *t)
{
	return t == NULL ? 0 :
	    t->nbuckets * BUCKET_SLOTS * sizeof(struct repeat_slot);
}

/*
 * A key's bucket: by a mask when the buckets are a power of two (the
 * default table and every -S of a power of two), the same bucket the
 * remainder gives, without a division for every paragraph.
 */
static inline struct repeat_slot *
bucket_of(const struct repeat_table *t, uint64_t key)
{
	uint64_t k = (key | 1) >> 20;

	return &t->slots[(size_t)(t->mask != 0 ? k & t->mask :
	    k % t->nbuckets) * BUCKET_SLOTS];
}

/* The table is far larger than a cache: ask for key's bucket early. */
void
repeat_table_prefetch(const struct repeat_table *t, uint64_t key)
{
	if (t != NULL)
		__builtin_prefetch(bucket_of(t, key), 1);
}

uint32_t
repeat_table_count(struct repeat_table *t, uint64_t key, uint32_t doc)
{
	struct repeat_slot *bucket, *slot, *victim;
	size_t i;

	if (t == NULL)
		return 0;
	key |= 1;
	bucket = bucket_of(t, key);
	victim = &bucket[0];
	for (i = 0; i < BUCKET_SLOTS; i++) {
		slot = &bucket[i];
		if (slot->key == key) {
			if (slot->lastdoc != doc) {
				slot->lastdoc = doc;
				if (slot->docs < UINT32_MAX)
					slot->docs++;
			}
			return slot->docs;
		}
		if (slot->key == 0) {
			victim = slot;
			break;
		}
		if (slot->docs < victim->docs || (slot->docs == victim->docs &&
		    doc - slot->lastdoc > doc - victim->lastdoc))
			victim = slot;
	}
	victim->key = key;
	victim->docs = 1;
	victim->lastdoc = doc;
	return 1;
}

/* The documents key was counted in; 0 when the table does not hold it. */
uint32_t
repeat_table_lookup(const struct repeat_table *t, uint64_t key)
{
	const struct repeat_slot *bucket;
	size_t i;

	if (t == NULL)
		return 0;
	key |= 1;
	bucket = bucket_of(t, key);
	for (i = 0; i < BUCKET_SLOTS; i++)
		if (bucket[i].key == key)
			return bucket[i].docs;
	return 0;
}

/* Empty, with room for n hashes at half load at most. */
void
seen_set_reset(struct seen_set *s, size_t n)
{
	if (s->slots == NULL || n * 2 > s->mask) {
		for (s->mask = 63; s->mask < n * 2; s->mask = s->mask * 2 + 1)
			;
		free(s->slots);
		s->slots = xcalloc(s->mask + 1, sizeof(*s->slots));
	} else
		memset(s->slots, 0, (s->mask + 1) * sizeof(*s->slots));
}

/* Adds h (never 0); 1 if it was there already. */
int
seen_set_add(struct seen_set *s, uint64_t h)
{
	size_t i;

	for (i = h & s->mask; s->slots[i] != 0; i = (i + 1) & s->mask)
		if (s->slots[i] == h)
			return 1;
	s->slots[i] = h;
	return 0;
}

/* 1 if h was added. */
int
seen_set_has(const struct seen_set *s, uint64_t h)
{
	size_t i;

	for (i = h & s->mask; s->slots[i] != 0; i = (i + 1) & s->mask)
		if (s->slots[i] == h)
			return 1;
	return 0;
}

void
seen_set_free(struct seen_set *s)
{
	free(s->slots);
	s->slots = NULL;
	s->mask = 0;
}
