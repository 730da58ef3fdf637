/*
 * newswire: a Bloom filter of the keys in nw-dedup's index, in memory.
 *
 * Why: a lookup asks LMDB for 33 keys (the exact key and 32 band keys),
 * and nearly all of them are not there: a new document shares none, a
 * near copy a few bands.  Each miss still walks the B+tree from the
 * root, and once the index outgrows the CPU caches every level is a
 * cache and TLB miss: --state lookups went from 34 to 99 us of user CPU
 * a document between 10,000 and 1,000,000 indexed documents
 * (tests/bench/dedup-scale).  The filter answers "certainly not there"
 * from one 64-byte block in memory, so only the keys that are there (and
 * a false positive now and then) reach LMDB.
 *
 * Blocked Bloom filter: a key's hash picks one block of 512 bits by
 * multiply-shift (any number of blocks), and DEDUP_FILTER_PROBES bits
 * in it from its other bits.  DEDUP_FILTER_BITS bits a key at capacity:
 * 50 bytes a document of 33 keys, and a false positive rate of about
 * 2%.  When the keys outgrow the capacity the owner rebuilds it half as
 * large again (the keys are never stored here).
 *
 * A filter may hold keys its index no longer has (documents aged out,
 * a killed run's): that costs a lookup, never an answer.  It must never
 * lack one, which is what the owner's load and save order ensure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

#define BLOCK_WORDS	8		/* 64 bytes, one cache line */

struct dedup_filter {
	uint64_t	*words;
	uint64_t	 nblocks;
	uint64_t	 nkeys;
	uint64_t	 capacity;
};

struct dedup_filter *
dedup_filter_new(uint64_t capacity)
{
	struct dedup_filter *f;

	if (capacity < 1024)
		capacity = 1024;
	f = xcalloc(1, sizeof(*f));
	f->capacity = capacity;
	f->nblocks = (capacity * DEDUP_FILTER_BITS + 511) / 512;
	f->words = xcalloc(f->nblocks, BLOCK_WORDS * sizeof(*f->words));
	return f;
}

void
dedup_filter_free(struct dedup_filter *f)
{
	if (f == NULL)
		return;
	free(f->words);
	free(f);
}

/* The keys are hashes already; this one remix spreads the probes. */
static uint64_t *
block_of(const struct dedup_filter *f, uint64_t key, uint64_t *bits)
{
	unsigned __int128 m = (unsigned __int128)(key >> 32) * f->nblocks;

	*bits = key * 0x9e3779b97f4a7c15ULL;
	return f->words + (uint64_t)(m >> 32) * BLOCK_WORDS;
}

void
dedup_filter_add(struct dedup_filter *f, uint64_t key)
{
	uint64_t bits, *b = block_of(f, key, &bits);
	int i;

	for (i = 0; i < DEDUP_FILTER_PROBES; i++, bits >>= 9)
		b[(bits >> 6) & 7] |= 1ULL << (bits & 63);
	f->nkeys++;
}

void
dedup_filter_prefetch(const struct dedup_filter *f, uint64_t key)
{
	uint64_t bits;

	__builtin_prefetch(block_of(f, key, &bits));
}

int
dedup_filter_maybe(const struct dedup_filter *f, uint64_t key)
{
	uint64_t bits, *b = block_of(f, key, &bits);
	int i;

	for (i = 0; i < DEDUP_FILTER_PROBES; i++, bits >>= 9)
		if (!(b[(bits >> 6) & 7] & 1ULL << (bits & 63)))
			return 0;
	return 1;
}

/* Whether it holds more keys than it was made for. */
int
dedup_filter_full(const struct dedup_filter *f)
{
	return f->nkeys > f->capacity;
}

uint64_t
dedup_filter_keys(const struct dedup_filter *f)
{
	return f->nkeys;
}

/*
 * The file: a header of five 64-bit words (magic, the index's identity,
 * the number of the next document it covers, keys, capacity), then the
 * blocks, in this machine's byte order (it is a cache: a file from
 * another machine fails the magic and is rebuilt).
 */
#define FILTER_MAGIC	0x6e77646631000000ULL	/* "nwdf1" */

int
dedup_filter_save(const struct dedup_filter *f, const char *path,
    uint64_t id, uint64_t next)
{
	struct atomic_file af;
	uint64_t head[5] = { FILTER_MAGIC, id, next, f->nkeys, f->capacity };

	if (atomic_open(&af, path) == -1)
		return -1;
	/* A short write sets the stream's error, which the commit checks. */
	(void)fwrite(head, sizeof(head), 1, af.fp);
	(void)fwrite(f->words, BLOCK_WORDS * sizeof(*f->words), f->nblocks,
	    af.fp);
	return atomic_commit(&af);
}

/*
 * The filter saved for index id covering documents before next or more;
 * NULL when there is none that fits (missing, short, another index's or
 * older), and the owner builds one.
 */
struct dedup_filter *
dedup_filter_load(const char *path, uint64_t id, uint64_t next)
{
	struct dedup_filter *f;
	uint64_t head[5];
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	if (fread(head, sizeof(head), 1, fp) != 1 || head[0] != FILTER_MAGIC ||
	    head[1] != id || head[2] < next || head[4] == 0 ||
	    head[4] > (1ULL << 40)) {
		fclose(fp);
		return NULL;
	}
	f = dedup_filter_new(head[4]);
	if (f->capacity != head[4] || fread(f->words, BLOCK_WORDS *
	    sizeof(*f->words), f->nblocks, fp) != f->nblocks ||
	    getc(fp) != EOF) {
		dedup_filter_free(f);
		fclose(fp);
		return NULL;
	}
	f->nkeys = head[3];
	fclose(fp);
	return f;
}
