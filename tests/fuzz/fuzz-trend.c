/* SPDX-License-Identifier: ISC */
/*
 * Fuzz what nw-trend reads and computes.  Each line of the input is
 * parsed as every kind; an accepted line's fields must lie inside it and
 * its date, cut to its day and written out, must read back as that day.
 * The accepted lines are then counted as nw-trend counts them, under a
 * period and window taken from the first byte, and every judged point
 * must be sane: shares within 0..1000, finite statistics, a spike only
 * with the minimum count, ratio and z-score, and a spike's run starting
 * no later than the point itself.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_point(const struct trend_params *p, int64_t period,
    const struct trend_point *pt)
{
	if (pt->documents > pt->total || pt->total == 0)
		abort();
	if (!(pt->permille >= 0 && pt->permille <= 1000.0000001))
		abort();
	if (!isfinite(pt->mean))
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
	    pt->ratio < p->ratio || pt->z < p->z || pt->run_start > period))
		abort();
}

static void
row(void *arg, const char *key, size_t len, int64_t period,
    const struct trend_point *pt)
{
	(void)key;
	(void)len;
	check_point(arg, period, pt);
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
	struct trend *t;
	char *copy;
	size_t n;
	int kind;

	if (size < 2)
		return 0;
	trend_params_default(&p, data[0] % 3);
	p.window = 1 + data[1] % 40;
	p.min_documents = 1 + data[1] % 3;
	t = trend_new(&p);
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
			/* A --best score may be below 0 (5c13d55). */
			if (!isfinite(tl.sum))
				abort();
			if (!tl.dated)
				continue;
			check_date(&tl);
			if (kind != TREND_INPUT_AUTO)
				continue;
			trend_add(t, tl.key, tl.keylen,
			    trend_period_of(p.period, tl.seconds),
			    tl.documents % 1000, tl.sum, tl.occurrences);
			trend_add_documents(t,
			    trend_period_of(p.period, tl.seconds),
			    tl.documents % 1000 + data[0] % 5);
		}
		free(copy);
	}
	trend_finish(t, data[1] & 1 ? 0 : 2);
	trend_rows(t, 0, row, &p);
	trend_free(t);
	return 0;
}
