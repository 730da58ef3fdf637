/*
 * newswire: volumes of topics or terms per period, and their spikes
 * (nw-trend(1)).
 *
 * Counts arrive in any order as (key, period, documents, score sum, in
 * whole thousandths, which any order adds up alike) and are summed in
 * cells, one per key and period that has any, kept in one array with an
 * open-addressed index: sparse on purpose, since a term seen on one day
 * of a year must not cost a year of zeros.  The period totals (how much
 * news arrived) are cells of their own key.
 *
 * trend_finish() then takes the keys one at a time, spreads the key's
 * cells over the periods that had any news into one dense vector of
 * shares (per thousand of the period's documents; a period with no news
 * at all is missing, not zero) and judges each cell against the trailing
 * window before it:
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
#include <err.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

#define TOTAL_KEY	UINT32_MAX	/* the cells of the period totals */
#define MAD_SCALE	1.4826		/* MAD to standard deviation, normal */

struct trend_cell {
	uint32_t	 key;
	uint32_t	 index;		/* of the period, after finish */
	int64_t		 period;
	uint64_t	 documents;
	/* Of the scores, in thousandths; of a total, -1 when it was set. */
	__int128	 sum;
	/* Of a total: the most documents of a key, which it must reach. */
	uint64_t	 most;
	uint32_t	 mostkey;
	struct trend_point point;
	int		 computed;
};

struct trend {
	struct trend_params	 params;
	struct strtab		*keys;
	struct trend_cell	*cells;
	size_t			 ncells, cellcap;
	uint32_t		*slots;		/* cell index + 1; 0 empty */
	size_t			 mask;
	/* after trend_finish() */
	int64_t			*periods;	/* with documents, ascending */
	uint64_t		*totals;
	size_t			 nperiods;
	uint32_t		*order;		/* key ids in byte order */
	uint32_t		*rank;		/* byte-order rank of a key id */
	size_t			*bykey;		/* cell indices by key, period */
	size_t			*keystart;	/* first of a key in bykey */
	int			 finished;
};

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

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

int64_t
trend_period_of(int kind, int64_t seconds)
{
	int64_t day = floor_div(seconds, 86400);

	switch (kind) {
	case TREND_HOUR:
		return floor_div(seconds, 3600);
	case TREND_WEEK:
		/* 1970-01-01 was a Thursday: weeks start on Mondays. */
		return floor_div(day + 3, 7);
	default:
		return day;
	}
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

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
digits(const char *s, size_t n, int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

static int
days_in_month(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

/*
 * YYYY-MM-DD, optionally followed by T (or a space) and HH:MM[:SS[.F]]
 * with an optional Z or offset +HH:MM / -HHMM / +HH, which is taken off
 * so that every time is UTC.  A date alone is its midnight, UTC.
 */
int
trend_date_parse(const char *s, size_t n, int64_t *seconds, int *hastime)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, oh, om, sign;
	size_t i;

	*hastime = 0;
	if (n < 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, &y) == -1 || digits(s + 5, 2, &mo) == -1 ||
	    digits(s + 8, 2, &d) == -1 || mo < 1 || mo > 12 || d < 1 ||
	    d > days_in_month(y, mo))
		return -1;
	i = 10;
	if (i < n && (s[i] == 'T' || s[i] == ' ')) {
		if (n - i < 6 || digits(s + i + 1, 2, &h) == -1 ||
		    s[i + 3] != ':' || digits(s + i + 4, 2, &mi) == -1 ||
		    h > 23 || mi > 59)
			return -1;
		i += 6;
		if (i < n && s[i] == ':') {
			if (n - i < 3 || digits(s + i + 1, 2, &sec) == -1 ||
			    sec > 60)
				return -1;
			i += 3;
			if (i < n && (s[i] == '.' || s[i] == ',')) {
				for (i++; i < n && s[i] >= '0' && s[i] <= '9';
				    i++)
					;
			}
		}
		*hastime = 1;
		if (i < n && s[i] == 'Z')
			i++;
		else if (i < n && (s[i] == '+' || s[i] == '-')) {
			sign = s[i] == '-' ? -1 : 1;
			if (n - i >= 6 && s[i + 3] == ':' &&
			    digits(s + i + 1, 2, &oh) == 0 &&
			    digits(s + i + 4, 2, &om) == 0)
				i += 6;
			else if (n - i >= 5 && digits(s + i + 1, 2, &oh) == 0 &&
			    digits(s + i + 3, 2, &om) == 0)
				i += 5;
			else if (n - i == 3 && digits(s + i + 1, 2, &oh) == 0) {
				om = 0;		/* +HH, hours alone */
				i += 3;
			} else
				return -1;
			if (oh > 23 || om > 59)
				return -1;
			h -= sign * oh;
			mi -= sign * om;
		}
	}
	if (i != n)
		return -1;
	/*
	 * A leap second, 23:59:60 of June 30 or December 31 UTC, is the
	 * last second of its minute, hour and day, not the first of the
	 * next: it is counted as :59.
	 */
	if (sec == 60)
		sec = 59;
	*seconds = days_from_civil(y, mo, d) * 86400 + (int64_t)h * 3600 +
	    (int64_t)mi * 60 + sec;
	/*
	 * The offset taken off may leave the years 0001 to 9999 that a
	 * period is written in; 0001-01-01 is a Monday, so a week's too.
	 */
	if (*seconds < days_from_civil(1, 1, 1) * 86400 ||
	    *seconds >= days_from_civil(10000, 1, 1) * 86400)
		return -1;
	return 0;
}

/*
 * The hour (and minutes) that t writes after a date in a name, ISO
 * 8601's way: "T14", "T14:30", "T1430", each with any seconds after it;
 * -1 when there is none.
 */
static int
hour_after(const char *t, int *h, int *mi)
{
	int v;

	*mi = 0;
	if (t[0] != 'T' || digits(t + 1, 2, h) == -1 || *h > 23)
		return -1;
	t += 3;
	if (*t == ':')
		t++;
	if (digits(t, 2, &v) == 0) {
		if (v > 59)
			return -1;
		*mi = v;
	}
	return 0;
}

/*
 * The first date in name, as nw-batch(1) finds a dump's day: 2026-11-21
 * (or with _ or . as separators), 20261121, or the 12- and 14-digit
 * timestamps 202611210300 and 20261121030000; with the time of day the
 * timestamps give, or an ISO 8601 hour after the date (2026-11-21T14,
 * 20261121T1400), in *hastime.
 */
static int
date_in(const char *name, int64_t *seconds, int *hastime)
{
	const char *p = name, *run, *after;
	size_t len;
	int y, m, d, h = 0, mi = 0;

	while (*p != '\0') {
		if (*p < '0' || *p > '9') {
			p++;
			continue;
		}
		run = p;
		while (*p >= '0' && *p <= '9')
			p++;
		len = (size_t)(p - run);
		*hastime = 0;
		if (len == 8 || len == 12 || len == 14) {
			digits(run, 4, &y);
			digits(run + 4, 2, &m);
			digits(run + 6, 2, &d);
			after = p;
			if (len > 8) {
				digits(run + 8, 2, &h);
				digits(run + 10, 2, &mi);
				*hastime = h <= 23 && mi <= 59;
			}
		} else if (len == 4 && (p[0] == '-' || p[0] == '_' ||
		    p[0] == '.') && p[3] == p[0] &&
		    digits(p + 1, 2, &m) == 0 && digits(p + 4, 2, &d) == 0 &&
		    !(p[6] >= '0' && p[6] <= '9')) {
			digits(run, 4, &y);
			after = p + 6;
		} else
			continue;
		if (len <= 8 && hour_after(after, &h, &mi) == 0)
			*hastime = 1;
		if (y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 &&
		    d <= days_in_month(y, m)) {
			*seconds = days_from_civil(y, m, d) * 86400;
			if (*hastime)
				*seconds += (int64_t)h * 3600 +
				    (int64_t)mi * 60;
			return 0;
		}
	}
	return -1;
}

/*
 * The date of a file by its path, and whether it gives the time of day:
 * the first date in the file's own name,
 * else the first in the directories that lead to it (2026-11-21/counts):
 * a date in a directory name (an archive of 2025) never overrides the
 * file's own.
 */
int
trend_date_in_name(const char *path, int64_t *seconds, int *hastime)
{
	const char *base;

	if ((base = strrchr(path, '/')) != NULL && date_in(base + 1,
	    seconds, hastime) == 0)
		return 0;
	return date_in(path, seconds, hastime);
}

/* A period as written: 2026-11-21, 2026-11-21T14:00Z, or a week's Monday. */
void
trend_period_format(int kind, int64_t period, char buf[TREND_PERIOD_LEN])
{
	int64_t day;
	int y, m, d;

	switch (kind) {
	case TREND_HOUR:
		day = floor_div(period, 24);
		break;
	case TREND_WEEK:
		day = period * 7 - 3;
		break;
	default:
		day = period;
		break;
	}
	civil_from_days(day, &y, &m, &d);
	if (y < 0 || y > 9999) {
		(void)snprintf(buf, TREND_PERIOD_LEN, "day%lld", (long long)day);
		return;
	}
	if (kind == TREND_HOUR)
		(void)snprintf(buf, TREND_PERIOD_LEN,
		    "%04d-%02d-%02dT%02d:00Z", y, m, d,
		    (int)(period - day * 24));
	else
		(void)snprintf(buf, TREND_PERIOD_LEN, "%04d-%02d-%02d", y, m,
		    d);
}

struct trend *
trend_new(const struct trend_params *p)
{
	struct trend *t;

	t = xcalloc(1, sizeof(*t));
	t->params = *p;
	t->keys = strtab_new(64);
	t->mask = 1023;
	t->slots = xcalloc(t->mask + 1, sizeof(*t->slots));
	return t;
}

void
trend_free(struct trend *t)
{
	if (t == NULL)
		return;
	strtab_free(t->keys);
	free(t->cells);
	free(t->slots);
	free(t->periods);
	free(t->totals);
	free(t->order);
	free(t->rank);
	free(t->bykey);
	free(t->keystart);
	free(t);
}

static size_t
cell_hash(uint32_t key, int64_t period)
{
	uint64_t h = ((uint64_t)key << 32) ^ (uint64_t)period;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h;
}

static void
cells_grow(struct trend *t)
{
	size_t i, j, mask = t->mask * 2 + 1;
	uint32_t *slots = xcalloc(mask + 1, sizeof(*slots));

	for (i = 0; i < t->ncells; i++) {
		j = cell_hash(t->cells[i].key, t->cells[i].period) & mask;
		while (slots[j] != 0)
			j = (j + 1) & mask;
		slots[j] = (uint32_t)(i + 1);
	}
	free(t->slots);
	t->slots = slots;
	t->mask = mask;
}

static struct trend_cell *
cell_get(struct trend *t, uint32_t key, int64_t period)
{
	struct trend_cell *c;
	size_t j;

	j = cell_hash(key, period) & t->mask;
	while (t->slots[j] != 0) {
		c = &t->cells[t->slots[j] - 1];
		if (c->key == key && c->period == period)
			return c;
		j = (j + 1) & t->mask;
	}
	if (t->ncells >= UINT32_MAX - 1)
		errx(NW_EXIT_FAIL, "more than %u key and period pairs",
		    UINT32_MAX - 2);
	if (t->ncells == t->cellcap) {
		t->cellcap = t->cellcap ? t->cellcap * 2 : 1024;
		t->cells = xreallocarray(t->cells, t->cellcap,
		    sizeof(*t->cells));
	}
	c = &t->cells[t->ncells];
	memset(c, 0, sizeof(*c));
	c->key = key;
	c->period = period;
	t->slots[j] = (uint32_t)++t->ncells;
	if (t->ncells * 2 > t->mask)
		cells_grow(t);
	return &t->cells[t->ncells - 1];
}

/*
 * Count documents of key in period (see nw-private.h).  Unless they are
 * occurrences, the period's total must reach them: the most of any key
 * is kept for trend_documents_most().  Every sum is checked before any
 * is changed.  The scores are summed as whole thousandths, so that their
 * sum, and the mean, do not depend on the order they come in.
 */
int
trend_add(struct trend *t, const char *key, size_t keylen, int64_t period,
    uint64_t documents, __int128 sum, int flags)
{
	struct trend_cell *c;
	uint64_t n;
	uint32_t id;

	id = strtab_intern(t->keys, key, keylen, NULL);
	if (flags & TREND_TOTAL) {
		c = cell_get(t, TOTAL_KEY, period);
		/* A total set by trend_set_documents() stays. */
		if (c->sum >= 0 && c->documents > UINT64_MAX - documents)
			return TREND_DOCUMENTS_OVER;
	}
	c = cell_get(t, id, period);	/* may move the cells */
	if (c->documents > UINT64_MAX - documents)
		return TREND_DOCUMENTS_OVER;
	if (sum >= 0 ? c->sum > TREND_SUM_MAX - sum :
	    c->sum < -TREND_SUM_MAX - sum)
		return TREND_SUM_OVER;
	c->documents += documents;
	c->sum += sum;
	n = c->documents;
	if (flags & TREND_TOTAL)
		(void)trend_add_documents(t, period, documents);
	if (flags & TREND_OCCURRENCES)
		return 0;
	c = cell_get(t, TOTAL_KEY, period);	/* may move the cells */
	if (n > c->most) {
		c->most = n;
		c->mostkey = id;
	}
	return 0;
}

/* Count documents in period's total; -1, counting none, past 64 bits. */
int
trend_add_documents(struct trend *t, int64_t period, uint64_t documents)
{
	struct trend_cell *c = cell_get(t, TOTAL_KEY, period);

	/* sum < 0 marks a total set by trend_set_documents(): it stays. */
	if (c->sum < 0)
		return 0;
	if (c->documents > UINT64_MAX - documents)
		return -1;
	c->documents += documents;
	return 0;
}

/* The most documents of a key in period, and that key, if any. */
uint64_t
trend_documents_most(struct trend *t, int64_t period, const char **key,
    size_t *keylen)
{
	struct trend_cell *c = cell_get(t, TOTAL_KEY, period);

	if (c->most > 0)
		*key = strtab_key(t->keys, c->mostkey, keylen);
	return c->most;
}

void
trend_set_documents(struct trend *t, int64_t period, uint64_t documents)
{
	struct trend_cell *c = cell_get(t, TOTAL_KEY, period);

	c->documents = documents;
	c->sum = -1;
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

static struct trend	*sort_trend;	/* for the qsort comparators below */

static int
key_cmp(const void *a, const void *b)
{
	size_t la, lb, n;
	const char *ka, *kb;
	int c;

	ka = strtab_key(sort_trend->keys, *(const uint32_t *)a, &la);
	kb = strtab_key(sort_trend->keys, *(const uint32_t *)b, &lb);
	n = la < lb ? la : lb;
	if ((c = memcmp(ka, kb, n)) != 0)
		return c;
	return (la > lb) - (la < lb);
}

static int
bykey_cmp(const void *a, const void *b)
{
	const struct trend_cell *x = &sort_trend->cells[*(const size_t *)a];
	const struct trend_cell *y = &sort_trend->cells[*(const size_t *)b];

	if (x->key != y->key)
		return (x->key > y->key) - (x->key < y->key);
	return (x->period > y->period) - (x->period < y->period);
}

static int
period_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The index of period p among the periods with documents, or -1. */
static ssize_t
period_index(const struct trend *t, int64_t p)
{
	size_t lo = 0, hi = t->nperiods, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (t->periods[mid] < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->nperiods && t->periods[lo] == p ? (ssize_t)lo : -1;
}

struct series {
	double		*share;		/* per period index */
	uint64_t	*documents;
	struct trend_cell **cell;	/* NULL where the key has none */
	double		*scratch, *scratch2;
};

/* Judge period index i of the key whose series is s. */
static void
judge(const struct trend *t, const struct series *s, size_t i,
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
	    pt->ratio >= p->ratio && pt->z >= p->z;
}

/*
 * The mean score of a cell's documents, in thousandths, rounded once,
 * half away from 0: 3243 thousandths over 6 documents is 541.
 */
static __int128
cell_mean(const struct trend_cell *c)
{
	unsigned __int128 m, q, r;

	m = c->sum < 0 ? (unsigned __int128)-c->sum :
	    (unsigned __int128)c->sum;
	q = m / c->documents;
	r = m % c->documents;
	if (r >= c->documents - r)
		q++;
	return c->sum < 0 ? -(__int128)q : (__int128)q;
}

void
trend_finish(struct trend *t, size_t last)
{
	struct series s;
	struct trend_cell *c;
	size_t i, j, k, nkeys, begin, end, first;
	ssize_t pi;

	if (t->finished)
		return;
	t->finished = 1;
	if (t->params.season > TREND_SEASON_MAX)
		t->params.season = TREND_SEASON_MAX;
	/* The periods with news, and their totals. */
	for (i = 0; i < t->ncells; i++)
		if (t->cells[i].key == TOTAL_KEY && t->cells[i].documents > 0)
			t->nperiods++;
	t->periods = xreallocarray(NULL, t->nperiods, sizeof(*t->periods));
	t->totals = xreallocarray(NULL, t->nperiods, sizeof(*t->totals));
	for (i = 0, j = 0; i < t->ncells; i++)
		if (t->cells[i].key == TOTAL_KEY && t->cells[i].documents > 0)
			t->periods[j++] = t->cells[i].period;
	qsort(t->periods, t->nperiods, sizeof(*t->periods), period_cmp);
	for (i = 0; i < t->ncells; i++) {
		c = &t->cells[i];
		if (c->key != TOTAL_KEY)
			continue;
		if ((pi = period_index(t, c->period)) >= 0)
			t->totals[pi] = c->documents;
	}
	first = last == 0 || last >= t->nperiods ? 0 : t->nperiods - last;

	/* Keys in byte order. */
	nkeys = strtab_count(t->keys);
	t->order = xreallocarray(NULL, nkeys, sizeof(*t->order));
	t->rank = xreallocarray(NULL, nkeys, sizeof(*t->rank));
	for (i = 0; i < nkeys; i++)
		t->order[i] = (uint32_t)i;
	sort_trend = t;
	qsort(t->order, nkeys, sizeof(*t->order), key_cmp);
	for (i = 0; i < nkeys; i++)
		t->rank[t->order[i]] = (uint32_t)i;

	/* The cells of each key in order of period. */
	t->bykey = xreallocarray(NULL, t->ncells, sizeof(*t->bykey));
	t->keystart = xcalloc(nkeys + 1, sizeof(*t->keystart));
	for (i = 0, k = 0; i < t->ncells; i++) {
		c = &t->cells[i];
		if (c->key == TOTAL_KEY)
			continue;
		pi = period_index(t, c->period);
		if (pi < 0 || c->documents == 0)
			continue;	/* a period whose total is zero */
		c->index = (uint32_t)pi;
		t->bykey[k++] = i;
	}
	qsort(t->bykey, k, sizeof(*t->bykey), bykey_cmp);
	for (i = 0; i < k; i++)
		t->keystart[t->cells[t->bykey[i]].key + 1] = i + 1;
	for (i = 1; i <= nkeys; i++)
		if (t->keystart[i] < t->keystart[i - 1])
			t->keystart[i] = t->keystart[i - 1];

	s.share = xcalloc(t->nperiods, sizeof(*s.share));
	s.documents = xcalloc(t->nperiods, sizeof(*s.documents));
	s.cell = xcalloc(t->nperiods, sizeof(*s.cell));
	s.scratch = xcalloc((size_t)t->params.window + 1, sizeof(double));
	s.scratch2 = xcalloc((size_t)t->params.window + 1, sizeof(double));
	for (i = 0; i < nkeys; i++) {
		begin = t->keystart[i];
		end = t->keystart[i + 1];
		if (begin == end)
			continue;
		for (j = begin; j < end; j++) {
			c = &t->cells[t->bykey[j]];
			s.share[c->index] = 1000.0 * (double)c->documents /
			    (double)t->totals[c->index];
			s.documents[c->index] = c->documents;
			s.cell[c->index] = c;
		}
		/*
		 * Judge the cells from first on; a spike there may have
		 * started earlier, so judge back while the run goes on.
		 */
		for (j = begin; j < end; j++) {
			c = &t->cells[t->bykey[j]];
			if (c->index < first)
				continue;
			judge(t, &s, c->index, &c->point);
			c->point.mean_thousandths = cell_mean(c);
			c->computed = 1;
		}
		for (j = end; j > begin; j--) {
			c = &t->cells[t->bykey[j - 1]];
			if (!c->computed)
				break;
			c->point.start = 0;
			if (!c->point.spike)
				continue;
			/* Walk back over the run. */
			for (k = c->index; ; k--) {
				struct trend_cell *prev;

				if (k == 0 || (prev = s.cell[k - 1]) == NULL) {
					break;
				}
				if (!prev->computed) {
					judge(t, &s, k - 1, &prev->point);
					prev->point.mean_thousandths =
					    cell_mean(prev);
					prev->computed = 1;
				}
				if (!prev->point.spike)
					break;
			}
			c->point.run_start = t->periods[k];
			c->point.start = k == c->index;
		}
		for (j = begin; j < end; j++) {
			c = &t->cells[t->bykey[j]];
			s.share[c->index] = 0;
			s.documents[c->index] = 0;
			s.cell[c->index] = NULL;
		}
	}
	free(s.share);
	free(s.documents);
	free(s.cell);
	free(s.scratch);
	free(s.scratch2);
}

size_t
trend_periods(const struct trend *t)
{
	return t->nperiods;
}

int64_t
trend_period_at(const struct trend *t, size_t i)
{
	return t->periods[i];
}

uint64_t
trend_total_at(const struct trend *t, size_t i)
{
	return t->totals[i];
}

size_t
trend_keys(const struct trend *t)
{
	return strtab_count(t->keys);
}

/* The key of byte-order rank r. */
const char *
trend_key(const struct trend *t, size_t r, size_t *len)
{
	return strtab_key(t->keys, t->order[r], len);
}

/*
 * The judged points of key rank r: points[i] for period index i, with
 * documents 0 where the key had none (or the period was not judged).
 */
void
trend_series(const struct trend *t, size_t r, struct trend_point *points)
{
	const struct trend_cell *c;
	uint32_t id = t->order[r];
	size_t j, begin = t->keystart[id];

	memset(points, 0, t->nperiods * sizeof(*points));
	for (j = begin; j < t->keystart[id + 1]; j++) {
		c = &t->cells[t->bykey[j]];
		if (c->computed)
			points[c->index] = c->point;
		else
			points[c->index].documents = c->documents;
	}
}

static int
row_cmp(const void *a, const void *b)
{
	const struct trend_cell *x = &sort_trend->cells[*(const size_t *)a];
	const struct trend_cell *y = &sort_trend->cells[*(const size_t *)b];

	if (x->index != y->index)
		return (x->index > y->index) - (x->index < y->index);
	return (sort_trend->rank[x->key] > sort_trend->rank[y->key]) -
	    (sort_trend->rank[x->key] < sort_trend->rank[y->key]);
}

/*
 * Call fn for every judged cell of period index first or later, in
 * order of period, then key in byte order.
 */
void
trend_rows(struct trend *t, size_t first, trend_row_fn fn, void *arg)
{
	size_t *rows, n = 0, i, len;
	const struct trend_cell *c;
	const char *key;

	rows = xreallocarray(NULL, t->ncells, sizeof(*rows));
	for (i = 0; i < t->ncells; i++)
		if (t->cells[i].computed && t->cells[i].index >= first)
			rows[n++] = i;
	sort_trend = t;
	qsort(rows, n, sizeof(*rows), row_cmp);
	for (i = 0; i < n; i++) {
		c = &t->cells[rows[i]];
		key = strtab_key(t->keys, c->key, &len);
		fn(arg, key, len, c->period, &c->point);
	}
	free(rows);
}
