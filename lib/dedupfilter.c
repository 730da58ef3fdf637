/*
 * newswire: a Bloom filter of the keys in one run of nw-dedup's index.
 *
 * Why: a lookup asks for 33 keys (the exact key and 32 band keys), and
 * nearly all of them are not there: a new document shares none, a near
 * copy a few bands.  Each miss would still search every run (a block of
 * a mapped file each).  A filter answers "certainly not there" from one
 * 64-byte block, so a lookup searches only the run that holds a key
 * (and, now and then, one a false positive names).
 *
 * One filter a run, in the run's file after its entries (lib/dedupruns.c):
 * written once with the run, from the run's own keys, never rewritten;
 * a merge writes the merged run's filter from the merged keys.  It is
 * read through the run's mapping, so opening an index reads nothing and
 * a run that looks up little faults in little.  (A single filter of the
 * whole index was rewritten, 90 MB at a million documents, by every run
 * that added a document, and read whole by every run.)
 *
 * Blocked Bloom filter: a key's hash picks one block of 512 bits by
 * multiply-shift (any number of blocks), and DEDUP_FILTER_PROBES bits
 * in it from its other bits.  DEDUP_FILTER_BITS bits a key: 50 bytes a
 * document of 33 keys, and a false positive rate of about 0.5% (0.45%
 * over ten million random keys absent from a filter of a million;
 * tests/bench/dedup-scale's near copies at a million documents found
 * 624 false positives among some 300,000 absent band keys).
 */
#include "nw-private.h"

#define BLOCK_WORDS	8		/* 64 bytes, one cache line */

/* Blocks for n keys (at least one). */
uint64_t
dedup_filter_blocks(uint64_t n)
{
	return n * DEDUP_FILTER_BITS / 512 + 1;
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
