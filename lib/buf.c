/* newswire: growable byte buffers. */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

void
buf_reserve(struct buf *b, size_t n)
{
	size_t cap;

	if (b->cap - b->len > n)
		return;
	if (n > SIZE_MAX / 2 - b->len)
		errx(NW_EXIT_FAIL, "buffer size overflow");
	cap = b->cap ? b->cap : 64;
	while (cap - b->len <= n)
		cap *= 2;
	b->data = xreallocarray(b->data, cap, 1);
	b->cap = cap;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n > 0)		/* p may be NULL then: memcpy must not see it */
		memcpy(b->data + b->len, p, n);
	b->len += n;
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, int c)
{
	buf_reserve(b, 1);
	b->data[b->len++] = (char)c;
}

/* n in decimal, appended to b. */
void
buf_add_u64(struct buf *b, uint64_t n)
{
	char num[FORMAT_U64_MAX];

	buf_add(b, num, (size_t)(format_u64(num, n, 0) - num));
}

char *
buf_cstr(struct buf *b)
{
	buf_reserve(b, 0);
	b->data[b->len] = '\0';
	return b->data;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
