/* SPDX-License-Identifier: ISC */
/*
 * Fuzz count-file line parsing (nw-count --merge).  Each line of the
 * input is parsed and judged again by a plain reference reading of the
 * format: both must accept and refuse the same lines and read the same
 * values.  An accepted line printed back in canonical form must parse to
 * the same values, and a refused line must be refused again for the same
 * reason.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

/* Unsigned decimal in 64 bits: -1 if the field is anything else. */
static int
reference_number(const char *s, size_t n, uint64_t *v)
{
	unsigned __int128 x = 0;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (unsigned)(s[i] - '0');
		if (x > UINT64_MAX)
			return -1;
	}
	*v = (uint64_t)x;
	return 0;
}

/* TERM<TAB>COUNT[<TAB>DF]: 0 if the line has that shape, else -1. */
static int
reference_parse(const char *s, size_t n, struct count_line *cl)
{
	const char *f[4];
	size_t len[4], nf = 0, i, start = 0;

	for (i = 0; i <= n; i++)
		if (i == n || s[i] == '\t') {
			if (nf == 4)
				return -1;
			f[nf] = s + start;
			len[nf++] = i - start;
			start = i + 1;
		}
	if (nf < 2 || nf > 3 || len[0] == 0)
		return -1;
	memset(cl, 0, sizeof(*cl));
	cl->term = f[0];
	cl->termlen = len[0];
	if (reference_number(f[1], len[1], &cl->count) == -1)
		return -1;
	if (nf == 3) {
		if (reference_number(f[2], len[2], &cl->df) == -1 ||
		    cl->df > cl->count)
			return -1;
		cl->hasdf = 1;
	}
	return 0;
}

static int
same(const struct count_line *a, const struct count_line *b)
{
	return a->termlen == b->termlen &&
	    memcmp(a->term, b->term, a->termlen) == 0 &&
	    a->count == b->count && a->hasdf == b->hasdf &&
	    (!a->hasdf || a->df == b->df);
}

static void
check_line(const char *s, size_t n)
{
	struct count_line cl, ref, again;
	struct buf b = { 0 };
	const char *why, *why2;
	char num[64];
	int len;

	why = countfile_parse(s, n, &cl);
	if ((why == NULL) != (reference_parse(s, n, &ref) == 0))
		abort();
	if (why != NULL) {
		if (*why == '\0')
			abort();
		if ((why2 = countfile_parse(s, n, &again)) == NULL ||
		    strcmp(why, why2) != 0)
			abort();
		return;
	}
	if (!same(&cl, &ref) || cl.term != s)
		abort();

	/* Printed back as nw-count writes it, and read again. */
	buf_add(&b, cl.term, cl.termlen);
	len = snprintf(num, sizeof(num), "\t%" PRIu64, cl.count);
	buf_add(&b, num, (size_t)len);
	if (cl.hasdf) {
		len = snprintf(num, sizeof(num), "\t%" PRIu64, cl.df);
		buf_add(&b, num, (size_t)len);
	}
	if (countfile_parse(b.data, b.len, &again) != NULL ||
	    !same(&cl, &again))
		abort();
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size, *nl;
	char *copy;
	size_t n;

	/* Each line in a buffer of its own, so reading past it is caught. */
	for (; s < end; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		n = (size_t)(nl - s);
		copy = xmalloc(n > 0 ? n : 1);
		memcpy(copy, s, n);
		check_line(copy, n);
		free(copy);
	}
	return 0;
}
