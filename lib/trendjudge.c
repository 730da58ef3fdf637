/*
 * newswire: a cell of a trend judged against the trailing window before
 * it (trend.c hands each key's shares over, as a series), and the rules'
 * defaults:
 *
 * - baseline: the median of the window, or, once the window holds at
 *   least season_min values of the cell's own slot (weekday of a day,
 *   hour of an hour), the median of those values: a seasonal profile,
 *   so that Monday is compared with Mondays once three are known;
 * - spread: 1.4826 times the median absolute deviation of the window
 *   from its baseline (each value from the baseline of its own slot),
 *   never less than the Poisson spread of the expected count, so that a
 *   window of one or two values, or of identical ones, still gives a
 *   finite robust z-score that small counts cannot push far;
 * - ratio: documents over expected documents (baseline times the
 *   period's total), the expectation taken as at least one document,
 *   as Europe Media Monitor's alert compares a count with an average.
 *
 * A spike needs all three of: documents >= min_documents, ratio >= ratio
 * and z >= z.  Medians rather than means keep an earlier burst out of
 * the baseline as long as it covers less than half of the window.
 */
#include <math.h>
#include <string.h>

#include "nw-private.h"

#define MAD_SCALE	1.4826		/* MAD to standard deviation, normal */

void
trend_params_default(struct trend_params *p, int period)
{
	memset(p, 0, sizeof(*p));
	p->period = period;
	switch (period) {
	case TREND_HOUR:
		p->window = 168;	/* a week of hours */
		p->season = 24;
		break;
	case TREND_WEEK:
		p->window = 12;
		p->season = 0;
		break;
	default:
		p->period = TREND_DAY;
		p->window = 28;		/* four weeks of days */
		p->season = 7;
		break;
	}
	p->season_min = 2;
	p->min_documents = TREND_MIN_DOCUMENTS;
	p->ratio = TREND_RATIO;
	p->z = TREND_Z;
}

/*
 * Whether v, a ratio or z-score made in floating point, is at least min.
 * One that is exactly min may come out an ulp or two off it: 64
 * documents of 107 after 40 of 107 is a ratio of 1.6, computed as
 * 1.5999999999999999.  The margin is far above those errors and far
 * below the two decimals the figures are written with.
 */
int
trend_at_least(double v, double min)
{
	return v >= min - 1e-9 * (fabs(min) > 1 ? fabs(min) : 1);
}

/* The slot of a period in its season: weekday (Monday 0) or hour. */
static int
slot_of(const struct trend_params *p, int64_t period)
{
	int64_t s;

	if (p->season <= 0)
		return 0;
	if (p->period == TREND_HOUR)
		s = period % 24;
	else
		s = (period + 3) % 7;
	return (int)(s < 0 ? s + p->season : s);
}

static inline void
swap_double(double *v, ssize_t a, ssize_t b)
{
	double x = v[a];

	v[a] = v[b];
	v[b] = x;
}

/*
 * The k-th smallest of v[0..n) (from 0), v reordered so that none
 * before k is larger and none after it smaller (Hoare's selection, a
 * median of three for pivot): linear time on average, where sorting the
 * window for each period made a long window quadratic.
 */
static double
select_nth(double *v, size_t n, size_t k)
{
	ssize_t lo = 0, hi = (ssize_t)n - 1, i, j, mid, want = (ssize_t)k;
	double pivot;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid] < v[lo])
			swap_double(v, lo, mid);
		if (v[hi] < v[lo])
			swap_double(v, lo, hi);
		if (v[hi] < v[mid])
			swap_double(v, mid, hi);
		pivot = v[mid];
		for (i = lo, j = hi; i <= j; ) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j)
				swap_double(v, i++, j--);
		}
		if (want <= j)
			hi = j;
		else if (want >= i)
			lo = i;
		else
			break;
	}
	return v[want];
}

/* The median of v[0..n), n > 0, v reordered. */
static double
median(double *v, size_t n)
{
	double upper, lower;
	size_t i;

	upper = select_nth(v, n, n / 2);
	if (n % 2)
		return upper;
	/* The largest of those below it, the lower middle. */
	for (lower = v[0], i = 1; i < n / 2; i++)
		if (v[i] > lower)
			lower = v[i];
	return (lower + upper) / 2;
}

/* Judge period index i of the key whose series is s. */
void
trend_judge(const struct trend *t, const struct series *s, size_t i,
    struct trend_point *pt)
{
	const struct trend_params *p = &t->params;
	int64_t from = t->periods[i] - p->window;
	double base, spread, expected, floor_sd, total;
	size_t j, n = 0, nslot = 0, k;
	int slot = slot_of(p, t->periods[i]), sl;

	pt->documents = s->documents[i];
	pt->total = t->totals[i];
	pt->permille = s->share[i];
	pt->history = 0;
	pt->seasonal = 0;
	pt->baseline = pt->ratio = pt->z = 0;
	pt->judged = 0;
	pt->spike = 0;
	for (j = i; j > 0 && t->periods[j - 1] >= from; j--) {
		n++;
		if (p->season > 0 && slot_of(p, t->periods[j - 1]) == slot)
			nslot++;
	}
	if (n == 0)
		return;
	pt->history = (int)n;
	pt->judged = 1;
	if (p->season > 0 && nslot >= (size_t)p->season_min) {
		/*
		 * The seasonal profile: per slot, the median of the window's
		 * values in it; residuals from each value's own slot.
		 */
		double prof[TREND_SEASON_MAX];
		size_t at[TREND_SEASON_MAX + 1];

		pt->seasonal = 1;
		/* The window's values by slot, in one pass: counted, placed. */
		memset(at, 0, sizeof(at));
		for (j = i - n; j < i; j++)
			at[slot_of(p, t->periods[j]) + 1]++;
		for (sl = 0; sl < p->season; sl++)
			at[sl + 1] += at[sl];
		for (j = i - n; j < i; j++)
			s->scratch[at[slot_of(p, t->periods[j])]++] =
			    s->share[j];
		for (sl = 0, k = 0; sl < p->season; k = at[sl], sl++)
			prof[sl] = at[sl] > k ? median(s->scratch + k,
			    at[sl] - k) : 0;
		base = prof[slot];
		for (j = i - n, k = 0; j < i; j++) {
			sl = slot_of(p, t->periods[j]);
			s->scratch2[k++] = fabs(s->share[j] - prof[sl]);
		}
		spread = MAD_SCALE * median(s->scratch2, k);
	} else {
		for (j = i - n, k = 0; j < i; j++)
			s->scratch[k++] = s->share[j];
		base = median(s->scratch, k);
		for (j = 0; j < k; j++)
			s->scratch2[j] = fabs(s->scratch[j] - base);
		spread = MAD_SCALE * median(s->scratch2, k);
	}
	total = (double)t->totals[i];
	expected = base * total / 1000;
	floor_sd = sqrt(expected > 1 ? expected : 1) * 1000 / total;
	if (spread < floor_sd)
		spread = floor_sd;
	pt->baseline = base;
	pt->expected = expected;
	/*
	 * The share over its baseline, which is the documents over the
	 * expected documents: a share equal to its baseline gives exactly
	 * 1, where going by the rounded expected count gave 1 +- an ulp.
	 */
	pt->ratio = expected > 1 ? s->share[i] / base :
	    (double)s->documents[i];
	pt->z = (s->share[i] - base) / spread;
	pt->spike = s->documents[i] >= p->min_documents &&
	    trend_at_least(pt->ratio, p->ratio) &&
	    trend_at_least(pt->z, p->z);
}
