/* SPDX-License-Identifier: ISC */
/*
 * Fuzz the external sort (lib/extsort.c) against a sort in memory.  The
 * input is cut into entries: a key of up to 31 bytes (any bytes, NUL
 * too), a count and a DF.  First the sorter: distinct keys, by count or
 * by key, with or without a limit, under a memory budget of a few KB so
 * that it spills runs and merges them (16 at a time, and again), must
 * emit exactly what qsort() and a cut at the limit give (a limit keeps
 * the entries of highest count, so only by-count sorters get one).  Then a run set
 * merged by key: the entries are dealt into runs, each sorted by key, a
 * key at most once a run; the merge must give every key once, in byte
 * order, with its counts and DFs added up, and with SORT_DOCS one less
 * DF where a run's last document is the next run's first.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

#define ENTRIES_MAX	4096

struct want {
	const char	*key;
	size_t		 len;
	uint64_t	 count, df, first, last;
	int		 run;
};

struct got {
	struct want	*v;
	size_t		 n, cap;
	struct buf	 keys;		/* offsets into it, fixed up at the end */
};

static int bycount;

/*
 * The order of LC_ALL=C sort(1) over "KEY<TAB>" lines, written apart
 * from lib/extsort.c's: KEY and a TAB compared byte by byte, a tie to
 * the shorter key.
 */
static int
key_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i;
	int ca, cb;

	for (i = 0; i <= alen && i <= blen; i++) {
		ca = i < alen ? (unsigned char)a[i] : '\t';
		cb = i < blen ? (unsigned char)b[i] : '\t';
		if (ca != cb)
			return ca - cb;
	}
	return (alen > blen) - (alen < blen);
}

static int
want_cmp(const void *pa, const void *pb)
{
	const struct want *a = pa, *b = pb;

	if (bycount && a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return key_cmp(a->key, a->len, b->key, b->len);
}

/* In run order, then key order: how runs are dealt and written. */
static int
run_cmp(const void *pa, const void *pb)
{
	const struct want *a = pa, *b = pb;

	if (a->run != b->run)
		return a->run < b->run ? -1 : 1;
	return key_cmp(a->key, a->len, b->key, b->len);
}

static void
collect(const struct sort_entry *e, void *arg)
{
	struct got *g = arg;

	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 64;
		g->v = xreallocarray(g->v, g->cap, sizeof(*g->v));
	}
	g->v[g->n].key = (const char *)(uintptr_t)g->keys.len;
	g->v[g->n].len = e->len;
	g->v[g->n].count = e->count;
	g->v[g->n].df = e->df;
	g->n++;
	buf_add(&g->keys, e->key, e->len);
}

static void
check(struct got *g, const struct want *w, size_t n, int withdf)
{
	size_t i;

	if (g->n != n)
		abort();
	for (i = 0; i < n; i++) {
		g->v[i].key = g->keys.data + (uintptr_t)g->v[i].key;
		if (key_cmp(g->v[i].key, g->v[i].len, w[i].key, w[i].len) != 0 ||
		    g->v[i].count != w[i].count ||
		    (withdf && g->v[i].df != w[i].df))
			abort();
	}
	free(g->v);
	buf_free(&g->keys);
	memset(g, 0, sizeof(*g));
}

static uint64_t
take(const uint8_t **p, const uint8_t *end, int bytes)
{
	uint64_t v = 0;

	while (bytes-- > 0 && *p < end)
		v = v << 8 | *(*p)++;
	return v;
}

/* The sorter over distinct keys: exactly qsort() cut at the limit. */
static void
sorter_case(struct want *w, size_t n, uint64_t limit, uint64_t budget,
    int layout)
{
	struct sorter *so;
	struct sort_entry e;
	struct got g = { 0 };
	size_t i;

	so = sorter_new(layout, bycount, limit, budget, collect, &g);
	memset(&e, 0, sizeof(e));
	for (i = 0; i < n; i++) {
		e.key = w[i].key;
		e.len = w[i].len;
		e.count = w[i].count;
		e.df = w[i].df;
		sorter_add(&e, so);
	}
	sorter_finish(so);
	qsort(w, n, sizeof(*w), want_cmp);
	check(&g, w, limit < n ? (size_t)limit : n, layout & SORT_DF);
}

/* Runs merged by key: each key once, its figures added up. */
static void
runs_case(struct want *w, size_t n, int layout)
{
	struct sort_runs *rs;
	struct sort_entry e;
	struct got g = { 0 };
	struct want *sum;
	size_t i, m = 0;
	int run = -1;

	qsort(w, n, sizeof(*w), run_cmp);
	rs = sort_runs_new(layout, 0);
	for (i = 0; i < n; i++) {
		if (w[i].run != run) {
			if (run != -1)
				sort_runs_end(rs);
			sort_runs_begin(rs);
			run = w[i].run;
		} else if (key_cmp(w[i].key, w[i].len, w[i - 1].key,
		    w[i - 1].len) == 0)
			continue;	/* once a run */
		e.key = w[i].key;
		e.len = w[i].len;
		e.count = w[i].count;
		e.df = w[i].df;
		e.first = w[i].first;
		e.last = w[i].last;
		sort_runs_put(rs, &e);
		w[m++] = w[i];
	}
	if (run != -1)
		sort_runs_end(rs);
	sort_runs_merge(rs, UINT64_MAX, collect, &g);
	sort_runs_free(rs);

	/* The reference: in key order, then run order, added up. */
	n = m;
	for (i = 1; i < n; i++) {
		struct want t = w[i];
		size_t j = i;

		while (j > 0 && (key_cmp(w[j - 1].key, w[j - 1].len, t.key,
		    t.len) > 0 || (key_cmp(w[j - 1].key, w[j - 1].len, t.key,
		    t.len) == 0 && w[j - 1].run > t.run))) {
			w[j] = w[j - 1];
			j--;
		}
		w[j] = t;
	}
	sum = xcalloc(n + 1, sizeof(*sum));
	for (i = 0, m = 0; i < n; i++) {
		if (m > 0 && key_cmp(sum[m - 1].key, sum[m - 1].len, w[i].key,
		    w[i].len) == 0) {
			sum[m - 1].count += w[i].count;
			sum[m - 1].df += w[i].df;
			if ((layout & SORT_DOCS) && sum[m - 1].last == w[i].first)
				sum[m - 1].df--;
			sum[m - 1].last = w[i].last;
		} else
			sum[m++] = w[i];
	}
	check(&g, sum, m, layout & SORT_DF);
	free(sum);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct want w[ENTRIES_MAX];
	const uint8_t *p = data, *end = data + size;
	struct strtab *seen;
	uint64_t limit, budget;
	size_t n = 0, len;
	int flags, isnew;

	if (size < 3)
		return 0;
	flags = *p++;
	bycount = flags & 1;
	/* A limit keeps the entries of highest count: by-count sorters. */
	limit = bycount && (flags & 2) ? (uint64_t)*p % 64 + 1 : UINT64_MAX;
	/*
	 * The item arrays take 40 KB: past that, room for 1 to 64 entries
	 * a run, so that runs are many and merged in levels.
	 */
	budget = 40 * 1024 + 64 + (uint64_t)*p++ * 4;
	seen = strtab_new(0);
	while (p < end && n < ENTRIES_MAX) {
		len = *p++ % 32;
		if (len > (size_t)(end - p))
			len = (size_t)(end - p);
		w[n].key = (const char *)p;
		w[n].len = len;
		p += len;
		w[n].count = take(&p, end, 1 + (flags >> 2 & 3)) + 1;
		w[n].df = w[n].count / 2;
		/* Up to 40 runs: more than 16 are merged in two levels. */
		w[n].run = (int)(take(&p, end, 1) % 40);
		/* Documents in run order: a run's last may be the next's first. */
		w[n].first = (uint64_t)w[n].run * 2 + (w[n].count & 1);
		w[n].last = w[n].first + 1;
		n++;
	}

	runs_case(w, n, (flags & 16) ? SORT_DF | SORT_DOCS : SORT_DF);

	/* Distinct keys for the sorter. */
	{
		size_t i, m = 0;

		for (i = 0; i < n; i++) {
			strtab_intern(seen, w[i].key, w[i].len, &isnew);
			if (isnew)
				w[m++] = w[i];
		}
		n = m;
	}
	sorter_case(w, n, limit, budget, (flags & 32) ? SORT_DF : 0);
	strtab_free(seen);
	return 0;
}
