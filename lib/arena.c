/*
 * newswire: an arena, many small copies in a few large blocks.
 *
 * Interned keys and sorter entries are short and never freed one by one,
 * so one malloc per copy would cost more than the copy and a header per
 * key more than most keys.  Blocks are large and freed together; a copy
 * larger than a block gets a block of its own.
 */
#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

#define ARENA_BLOCK	(256 * 1024)

struct arena_block {
	struct arena_block	*next;
	size_t			 used, size;
	char			 data[];
};

/* A copy of s[0..n), NUL-terminated; NULL when memory cannot be had. */
char *
arena_try_copy(struct arena *a, const void *s, size_t n)
{
	struct arena_block *b = a->head;
	size_t size;
	char *p;

	if (b == NULL || b->size - b->used < n + 1) {
		if (n > SIZE_MAX - 1 - sizeof(*b)) {
			errno = ENOMEM;
			return NULL;
		}
		size = n + 1 > ARENA_BLOCK ? n + 1 : ARENA_BLOCK;
		if ((b = malloc(sizeof(*b) + size)) == NULL)
			return NULL;
		b->size = size;
		b->used = 0;
		b->next = a->head;
		a->head = b;
		a->bytes += sizeof(*b) + size;
	}
	p = b->data + b->used;
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	b->used += n + 1;
	return p;
}

char *
arena_copy(struct arena *a, const void *s, size_t n)
{
	char *p;

	if ((p = arena_try_copy(a, s, n)) == NULL)
		err(NW_EXIT_FAIL, NULL);
	return p;
}

void
arena_free(struct arena *a)
{
	struct arena_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
	a->bytes = 0;
}
