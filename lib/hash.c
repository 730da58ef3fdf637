/*
 * newswire: byte-string hashing and an interning table.
 *
 * strtab maps byte strings to dense ids 0, 1, 2, ... in insertion order,
 * so callers keep their counts and weights in plain arrays indexed by id.
 * Keys live in large arena blocks (one allocation per block, never per
 * key) and slots are open-addressed with a 32-bit hash tag beside each
 * id, so a probe rarely touches key memory for a miss.  Entries hold the
 * first eight bytes of their key too, so a hit on a key of eight bytes
 * or fewer (most words) never touches key memory either.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

struct strtab_entry {
	const char	*key;
	uint32_t	 len;
	uint32_t	 hash;
	uint64_t	 head;		/* key_head() of the key */
};

struct strtab_slot {
	uint32_t	 tag;		/* hash of the key, for quick misses */
	uint32_t	 id1;		/* id + 1; 0 marks an empty slot */
};

struct strtab {
	struct strtab_slot	*slots;
	size_t			 mask;
	struct strtab_entry	*entries;
	size_t			 count, cap;
	struct arena		 arena;
};

static inline uint64_t
load64(const unsigned char *s)
{
	uint64_t w;

	memcpy(&w, s, 8);
	return w;
}

static inline uint64_t
load32(const unsigned char *s)
{
	uint32_t w;

	memcpy(&w, s, 4);
	return w;
}

/*
 * The first eight bytes of s (fewer, zero-padded, when it is shorter) as
 * one word, read with whole loads that may overlap, never copied a byte
 * at a time: a word assembled from byte stores stalls the load that
 * reads it back, and most keys are short words.
 */
static inline uint64_t
key_head(const unsigned char *s, size_t n)
{
	if (n >= 8)
		return load64(s);
	if (n >= 4)
		return load32(s) | load32(s + n - 4) << (8 * (n - 4));
	if (n > 0)
		return s[0] | (uint64_t)s[n / 2] << (8 * (n / 2)) |
		    (uint64_t)s[n - 1] << (8 * (n - 1));
	return 0;
}

static inline uint64_t
hash_seed(size_t n)
{
	return 0x9e3779b97f4a7c15ULL ^ (n * 0xbf58476d1ce4e5b9ULL);
}

/* A fast non-cryptographic hash: eight bytes a step, then a final mix. */
uint64_t
hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = hash_seed(n);

	if (n <= 8)
		return mix64(h ^ key_head(s, n));
	for (; n > 8; s += 8, n -= 8) {
		h = (h ^ mix64(load64(s))) * 0x9e3779b97f4a7c15ULL;
		h = (h << 27) | (h >> 37);
	}
	/* The last 1..8 bytes, read as the string's final eight. */
	h = (h ^ mix64(load64(s + n - 8))) * 0x9e3779b97f4a7c15ULL;
	return mix64(h);
}

struct strtab *
strtab_new(size_t hint)
{
	struct strtab *t;
	size_t nslots = 64;

	while (nslots < hint * 2)
		nslots *= 2;
	t = xcalloc(1, sizeof(*t));
	t->slots = xcalloc(nslots, sizeof(*t->slots));
	t->mask = nslots - 1;
	return t;
}

static void
strtab_grow(struct strtab *t)
{
	struct strtab_slot *old = t->slots;
	size_t oldn = t->mask + 1, i, j, nslots = oldn * 2;

	t->slots = xcalloc(nslots, sizeof(*t->slots));
	t->mask = nslots - 1;
	for (i = 0; i < oldn; i++) {
		if (old[i].id1 == 0)
			continue;
		for (j = old[i].tag & t->mask; t->slots[j].id1 != 0;
		    j = (j + 1) & t->mask)
			;
		t->slots[j] = old[i];
	}
	free(old);
}

/* The hash of s and its head, computed once for both. */
static inline uint32_t
strtab_hash(const char *s, size_t n, uint64_t *head)
{
	*head = key_head((const unsigned char *)s, n);
	if (n <= 8)
		return (uint32_t)mix64(hash_seed(n) ^ *head);
	return (uint32_t)hash_bytes(s, n);
}

static size_t
strtab_find(const struct strtab *t, const char *s, size_t n, uint32_t tag,
    uint64_t head)
{
	const struct strtab_entry *e;
	size_t i;

	for (i = tag & t->mask; t->slots[i].id1 != 0; i = (i + 1) & t->mask) {
		if (t->slots[i].tag != tag)
			continue;
		e = &t->entries[t->slots[i].id1 - 1];
		if (e->head == head && e->len == n && (n <= 8 ||
		    memcmp(e->key + 8, s + 8, n - 8) == 0))
			break;
	}
	return i;
}

/* The id of s, or STRTAB_NONE. */
uint32_t
strtab_lookup(const struct strtab *t, const char *s, size_t n)
{
	uint64_t head;
	uint32_t tag = strtab_hash(s, n, &head);

	return t->slots[strtab_find(t, s, n, tag, head)].id1 - 1;
}

/* The id of s, added if new (*isnew tells, when not NULL). */
uint32_t
strtab_intern(struct strtab *t, const char *s, size_t n, int *isnew)
{
	uint64_t head;
	uint32_t tag = strtab_hash(s, n, &head);
	struct strtab_entry *e;
	size_t i;

	i = strtab_find(t, s, n, tag, head);
	if (t->slots[i].id1 != 0) {
		if (isnew != NULL)
			*isnew = 0;
		return t->slots[i].id1 - 1;
	}
	if (n > UINT32_MAX || t->count >= UINT32_MAX - 1)
		errx(NW_EXIT_FAIL, "string table full");
	if (t->count == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->entries = xreallocarray(t->entries, t->cap,
		    sizeof(*t->entries));
	}
	e = &t->entries[t->count];
	e->key = arena_copy(&t->arena, s, n);
	e->len = (uint32_t)n;
	e->hash = tag;
	e->head = head;
	t->slots[i].tag = tag;
	t->slots[i].id1 = (uint32_t)++t->count;
	if (isnew != NULL)
		*isnew = 1;
	if (t->count * 10 > (t->mask + 1) * 7)
		strtab_grow(t);
	return (uint32_t)(t->count - 1);
}

const char *
strtab_key(const struct strtab *t, uint32_t id, size_t *lenp)
{
	if (lenp != NULL)
		*lenp = t->entries[id].len;
	return t->entries[id].key;
}

size_t
strtab_count(const struct strtab *t)
{
	return t->count;
}

/* Bytes held: slots, entries and key arena. */
size_t
strtab_memory(const struct strtab *t)
{
	return (t->mask + 1) * sizeof(*t->slots) +
	    t->cap * sizeof(*t->entries) + t->arena.bytes;
}

/* Forget every key but keep the slot array; ids restart at 0. */
void
strtab_clear(struct strtab *t)
{
	memset(t->slots, 0, (t->mask + 1) * sizeof(*t->slots));
	t->count = 0;
	arena_free(&t->arena);
}

void
strtab_free(struct strtab *t)
{
	if (t == NULL)
		return;
	strtab_clear(t);
	free(t->slots);
	free(t->entries);
	free(t);
}
