/* SPDX-License-Identifier: ISC */
/*
 * Fuzz what nw-trend reads and computes.  Each line of the input is
 * parsed as every kind; an accepted line's fields must lie inside it and
 * its date, cut to its day and written out, must read back as that day.
 * The accepted lines are then counted as nw-trend counts them, under a
 * period and window taken from the first byte, and every judged point
 * must be sane: shares within 0..1000, finite statistics, a spike only
 * with the minimum count, ratio and z-score, and a spike's run starting
 * no later than the point itself.  Counted again in the reverse order,
 * they must give the same points: the same documents, mean and spikes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Below min by more than the ulps of a value exactly min (trendjudge.c). */
static int
below(double v, double min)
{
	return v < min - 1e-9 * (fabs(min) > 1 ? fabs(min) : 1);
}

static void
check_point(const struct trend_params *p, int64_t period,
    const struct trend_point *pt)
{
	if (pt->documents > pt->total || pt->total == 0)
		abort();
	if (!(pt->permille >= 0 && pt->permille <= 1000.0000001))
		abort();
	if (!pt->judged) {
		if (pt->spike || pt->history != 0)
			abort();
		return;
	}
	if (!isfinite(pt->baseline) || !isfinite(pt->ratio) ||
	    !isfinite(pt->z) || pt->baseline < 0 || pt->ratio < 0 ||
	    pt->history < 1 || pt->history > p->window)
		abort();
	if (pt->spike && (pt->documents < p->min_documents ||
	    below(pt->ratio, p->ratio) || below(pt->z, p->z) ||
	    pt->run_start > period))
		abort();
}

/* The points of a trend, in the order trend_rows() hands them out. */
struct rows {
	const struct trend_params *params;
	struct trend_point	*points;
	int64_t			*periods;
	size_t			 n, cap;
};

static void
row(void *arg, const char *key, size_t len, int64_t period,
    const struct trend_point *pt)
{
	struct rows *r = arg;

	(void)key;
	(void)len;
	check_point(r->params, period, pt);
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->points = xreallocarray(r->points, r->cap,
		    sizeof(*r->points));
		r->periods = xreallocarray(r->periods, r->cap,
		    sizeof(*r->periods));
	}
	r->points[r->n] = *pt;
	r->periods[r->n++] = period;
}

/* An accepted line, as counted. */
struct counted {
	char		*key;
	size_t		 keylen;
	int64_t		 period;
	uint64_t	 documents, total;
	__int128	 sum;
	int		 flags;
};

/* Count lines[0..n) forwards or backwards; 0 if any was refused. */
static int
count(struct trend *t, const struct counted *lines, size_t n, int back)
{
	const struct counted *c;
	size_t i;
	int ok = 1;

	for (i = 0; i < n; i++) {
		c = &lines[back ? n - 1 - i : i];
		if (trend_add(t, c->key, c->keylen, c->period, c->documents,
		    c->sum, c->flags) != 0 ||
		    trend_add_documents(t, c->period, c->total) == -1)
			ok = 0;
	}
	return ok;
}

static void
check_date(const struct trend_line *tl)
{
	char label[TREND_PERIOD_LEN];
	int64_t day, back;
	int hastime;

	day = trend_period_of(TREND_DAY, tl->seconds);
	trend_period_format(TREND_DAY, day, label);
	if (strncmp(label, "day", 3) == 0)
		return;		/* outside years 0 to 9999 */
	if (trend_date_parse(label, strlen(label), &back, &hastime) != 0 ||
	    hastime || back != day * 86400)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s, *end, *nl;
	struct trend_params p;
	struct trend_line tl;
	struct trend *t, *back;
	struct counted *lines = NULL;
	struct rows r1 = { 0 }, r2 = { 0 };
	char *copy;
	size_t n, nlines = 0, cap = 0, i;
	int kind, ok;

	if (size < 2)
		return 0;
	trend_params_default(&p, data[0] % 3);
	p.window = 1 + data[1] % 40;
	p.min_documents = 1 + data[1] % 3;
	s = (const char *)data + 2;
	end = (const char *)data + size;
	for (; s < end; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		n = (size_t)(nl - s);
		copy = xmalloc(n + 1);
		memcpy(copy, s, n);
		copy[n] = '\0';
		for (kind = TREND_INPUT_AUTO; kind <= TREND_INPUT_COUNTS;
		    kind++) {
			if (trend_line_parse(copy, n, kind, kind == 1 ? 2 : 0,
			    &tl) != NULL)
				continue;
			if (tl.key < copy || tl.key + tl.keylen > copy + n ||
			    tl.keylen == 0 ||
			    (tl.id != NULL && (tl.id < copy ||
			    tl.id + tl.idlen > copy + n)))
				abort();
			/* Scores and means: below 10^18 thousandths each. */
			if (tl.kind != TREND_INPUT_COUNTS && (tl.sum >
			    (__int128)1000000000000000000 * tl.documents ||
			    tl.sum < -(__int128)1000000000000000000 *
			    tl.documents))
				abort();
			if (!tl.dated)
				continue;
			check_date(&tl);
			if (kind != TREND_INPUT_AUTO)
				continue;
			if (nlines == cap) {
				cap = cap ? cap * 2 : 16;
				lines = xreallocarray(lines, cap,
				    sizeof(*lines));
			}
			/* Not xstrndup(): a key may hold a NUL. */
			lines[nlines].key = xmalloc(tl.keylen);
			memcpy(lines[nlines].key, tl.key, tl.keylen);
			lines[nlines].keylen = tl.keylen;
			lines[nlines].period = trend_period_of(p.period,
			    tl.seconds);
			lines[nlines].documents = tl.documents % 1000;
			lines[nlines].total = tl.documents % 1000 +
			    data[0] % 5;
			lines[nlines].sum = tl.sum;
			lines[nlines++].flags = tl.occurrences ?
			    TREND_OCCURRENCES : 0;
		}
		free(copy);
	}
	t = trend_new(&p);
	back = trend_new(&p);
	ok = count(t, lines, nlines, 0) & count(back, lines, nlines, 1);
	trend_finish(t, data[1] & 1 ? 0 : 2);
	trend_finish(back, data[1] & 1 ? 0 : 2);
	r1.params = r2.params = &p;
	trend_rows(t, 0, row, &r1);
	trend_rows(back, 0, row, &r2);
	if (ok) {
		if (r1.n != r2.n)
			abort();
		for (i = 0; i < r1.n; i++)
			if (r1.periods[i] != r2.periods[i] ||
			    r1.points[i].documents != r2.points[i].documents ||
			    r1.points[i].mean_thousandths !=
			    r2.points[i].mean_thousandths ||
			    r1.points[i].spike != r2.points[i].spike)
				abort();
	}
	trend_free(t);
	trend_free(back);
	for (i = 0; i < nlines; i++)
		free(lines[i].key);
	free(lines);
	free(r1.points);
	free(r1.periods);
	free(r2.points);
	free(r2.periods);
	return 0;
}
