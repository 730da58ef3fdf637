/* newswire: allocation that never returns NULL. */
#include <sys/mman.h>

#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

void *
xmalloc(size_t n)
{
	void *p;

	if ((p = malloc(n ? n : 1)) == NULL)
		err(NW_EXIT_FAIL, NULL);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n ? n : 1, size ? size : 1)) == NULL)
		err(NW_EXIT_FAIL, NULL);
	return p;
}

void *
xreallocarray(void *old, size_t n, size_t size)
{
	void *p;

	if ((p = reallocarray(old, n ? n : 1, size ? size : 1)) == NULL)
		err(NW_EXIT_FAIL, NULL);
	return p;
}

/*
 * An array of n elements of size bytes starting on a cache line (64
 * bytes), for tables read at random, so that an element of 32 or 64
 * bytes never straddles two lines; freed by free().
 */
void *
xlinearray(size_t n, size_t size)
{
	void *p;
	int rc;

	if (n == 0)
		n = 1;
	if (size == 0)
		size = 1;
	if (n > SIZE_MAX / size)
		errc(NW_EXIT_FAIL, ENOMEM, NULL);
	if ((rc = posix_memalign(&p, 64, n * size)) != 0)
		errc(NW_EXIT_FAIL, rc, NULL);
	return p;
}

/*
 * Ask for the pages of a large array (2 MB or more) that is filled
 * over a run to be huge pages where the kernel gives them on request
 * (transparent huge pages in "madvise" mode): a fault then maps 2 MB,
 * not 4 KB, and the array's pages stay in the TLB.  A first touch of a
 * page is a fault, which costs several microseconds on some virtual
 * machines.  Harmless where the request is ignored.
 */
void
advise_hugepages(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
	uintptr_t start = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
	uintptr_t end = ((uintptr_t)p + bytes) & ~(uintptr_t)4095;

	if (bytes >= ((size_t)2 << 20) && end > start)
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
	(void)p;
	(void)bytes;
#endif
}

char *
xstrdup(const char *s)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		err(NW_EXIT_FAIL, NULL);
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p;

	if ((p = strndup(s, n)) == NULL)
		err(NW_EXIT_FAIL, NULL);
	return p;
}
