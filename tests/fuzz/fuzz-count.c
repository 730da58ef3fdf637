/* SPDX-License-Identifier: ISC */
/*
 * Fuzz nw-count's table (lib/counttable.c) against a count made the
 * slow way.  The input's first bytes choose the options (document
 * frequencies, n-grams of up to three terms, a minimum count, a limit,
 * order by term); the rest is cut into records at LF, a record starting
 * a new document when it is the first or its first byte is odd.  The table counts them
 * twice, in memory and under a budget of a few KB (so that it
 * spills sorted runs and merges them), and both must emit exactly what
 * sorting every occurrence gives: each term or n-gram once, its count,
 * the documents holding it, the limit highest by count (then by term).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

struct term {
	const char	*s;
	size_t		 n;
	uint64_t	 doc, count, df;
};

static struct term	*occ;
static size_t		 nocc, capocc;
static struct buf	 grams;		/* n-grams built with single spaces */

static int
blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	    c == '\r';
}

/*
 * The order nw-count emits, that of LC_ALL=C sort(1) on its lines: a
 * term and the TAB after it compared byte by byte, a tie to the shorter.
 */
static int
key_cmp(const struct term *a, const struct term *b)
{
	size_t i;
	int ca, cb;

	for (i = 0; i <= a->n && i <= b->n; i++) {
		ca = i < a->n ? (unsigned char)a->s[i] : '\t';
		cb = i < b->n ? (unsigned char)b->s[i] : '\t';
		if (ca != cb)
			return ca - cb;
	}
	return (a->n > b->n) - (a->n < b->n);
}

static int
by_key_doc(const void *pa, const void *pb)
{
	const struct term *a = pa, *b = pb;
	int c;

	if ((c = key_cmp(a, b)) != 0)
		return c;
	return (a->doc > b->doc) - (a->doc < b->doc);
}

static int
by_count(const void *pa, const void *pb)
{
	const struct term *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return key_cmp(a, b);
}

static int
by_key(const void *pa, const void *pb)
{
	return key_cmp(pa, pb);
}

/* Terms of one record, as offsets into grams (fixed up at the end). */
static void
reference_record(const char *text, size_t ngrams, uint64_t doc)
{
	static size_t *start, *len, cap;
	size_t ntok = 0, at = 0, i, j, k;

	for (;;) {
		while (blank((unsigned char)text[at]))
			at++;
		if (text[at] == '\0')
			break;
		if (ntok == cap) {
			cap = cap ? 2 * cap : 256;
			start = xreallocarray(start, cap, sizeof(*start));
			len = xreallocarray(len, cap, sizeof(*len));
		}
		start[ntok] = at;
		while (text[at] != '\0' && !blank((unsigned char)text[at]))
			at++;
		len[ntok] = at - start[ntok];
		ntok++;
	}
	for (i = 0; i < ntok; i++) {
		for (j = i; j < ntok && j - i < ngrams; j++) {
			if (nocc == capocc) {
				capocc = capocc ? 2 * capocc : 1024;
				occ = xreallocarray(occ, capocc, sizeof(*occ));
			}
			occ[nocc].s = (const char *)(uintptr_t)grams.len;
			for (k = i; k <= j; k++) {
				if (k > i)
					buf_addc(&grams, ' ');
				buf_add(&grams, text + start[k], len[k]);
			}
			occ[nocc].n = grams.len - (size_t)(uintptr_t)occ[nocc].s;
			occ[nocc].doc = doc;
			nocc++;
		}
	}
}

static int
equal(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (a->len == 0 ||
	    memcmp(a->data, b->data, a->len) == 0);
}

/* The emitted entries, as lines. */
static void
emitted(const struct sort_entry *e, void *arg)
{
	struct buf *out = arg;
	char num[FORMAT_U64_MAX + 1];

	buf_add(out, e->key, e->len);
	buf_addc(out, '\t');
	buf_add(out, num, (size_t)(format_u64(num, e->count, 0) - num));
	buf_addc(out, '\t');
	buf_add(out, num, (size_t)(format_u64(num, e->df, 0) - num));
	buf_addc(out, '\n');
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct count_table *mem, *spill;
	struct buf want = { 0 }, a = { 0 }, b = { 0 }, line = { 0 };
	struct sort_entry e;
	const uint8_t *p, *end, *nl;
	size_t ngrams, i, j, m;
	uint64_t doc = 0, min, limit, df;
	int flags, by_term, track;

	if (size < 4)
		return 0;
	track = data[0] & 1;
	flags = track ? COUNT_DOCS : 0;
	ngrams = 1 + data[0] / 2 % 3;
	by_term = (data[0] & 0x40) != 0;
	min = 1 + data[1] % 3;
	limit = data[2] < 200 ? UINT64_MAX : (uint64_t)data[2] - 199;
	mem = count_table_new(flags, UINT64_MAX);
	spill = count_table_new(flags, 1024 + data[3] * 64u);
	nocc = 0;
	buf_clear(&grams);
	for (p = data + 4, end = data + size; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (p == data + 4 || (nl > p && *p & 1)) {
			doc++;
			count_table_document(mem);
			count_table_document(spill);
		}
		buf_clear(&line);
		buf_add(&line, p, (size_t)(nl - p));
		buf_cstr(&line);
		count_table_text(mem, line.data, line.len, ngrams);
		count_table_text(spill, line.data, line.len, ngrams);
		reference_record(line.data, ngrams, doc);
	}
	for (i = 0; i < nocc; i++)
		occ[i].s = grams.data + (size_t)(uintptr_t)occ[i].s;

	/* The reference: occurrences sorted, added up, cut, sorted again. */
	qsort(occ, nocc, sizeof(*occ), by_key_doc);
	for (i = m = 0; i < nocc; i = j) {
		df = 0;
		for (j = i; j < nocc && key_cmp(&occ[i], &occ[j]) == 0; j++)
			if (j == i || occ[j].doc != occ[j - 1].doc)
				df++;
		if (j - i < min)
			continue;
		occ[m] = occ[i];
		occ[m].count = j - i;
		occ[m++].df = track ? df : 0;
	}
	qsort(occ, m, sizeof(*occ), by_count);
	if (limit < m)
		m = (size_t)limit;
	if (by_term)
		qsort(occ, m, sizeof(*occ), by_key);
	memset(&e, 0, sizeof(e));
	for (i = 0; i < m; i++) {
		e.key = occ[i].s;
		e.len = occ[i].n;
		e.count = occ[i].count;
		e.df = occ[i].df;
		emitted(&e, &want);
	}

	count_table_emit(mem, min, limit, by_term, emitted, &a);
	count_table_emit(spill, min, limit, by_term, emitted, &b);
	if (!equal(&a, &want) || !equal(&b, &want))
		abort();
	count_table_free(mem);
	count_table_free(spill);
	buf_free(&want);
	buf_free(&a);
	buf_free(&b);
	buf_free(&line);
	return 0;
}
