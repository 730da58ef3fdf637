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
 * window before it (trendjudge.c), and trend_rows() and trend_series()
 * hand the judged cells out.  Dates and periods are trenddate.c's.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

#define TOTAL_KEY	UINT32_MAX	/* the cells of the period totals */
#define DAY_KEY		(UINT32_MAX - 1)	/* of days, for weeks: their
						   period is a day's */

/*
 * A cell is all the memory a key and period cost until trend_finish()
 * (48 bytes): what a cell of a key and one of a period's total keep
 * share their place, and its judged point is kept apart, made only for
 * the cells that are written (nw-trend -n 1 judges the last period's).
 */
struct trend_cell {
	union {
		/* Of a key: the scores, in whole thousandths. */
		__int128	 sum;
		/*
		 * Of a total: the most documents of a key, which it
		 * must reach, and that key.
		 */
		struct {
			uint64_t	 most;
			uint32_t	 mostkey;
		} total;
	} u;
	int64_t		 period;
	uint64_t	 documents;
	uint32_t	 key;
	uint32_t	 index;		/* of the period, after finish */
	uint32_t	 point;		/* its judged point in points, + 1 */
	uint32_t	 set;		/* a total trend_set_documents() set */
};

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
	free(t->points);
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
		if (!c->set && c->documents > UINT64_MAX - documents)
			return TREND_DOCUMENTS_OVER;
	}
	c = cell_get(t, id, period);	/* may move the cells */
	if (c->documents > UINT64_MAX - documents)
		return TREND_DOCUMENTS_OVER;
	if (sum >= 0 ? c->u.sum > TREND_SUM_MAX - sum :
	    c->u.sum < -TREND_SUM_MAX - sum)
		return TREND_SUM_OVER;
	c->documents += documents;
	c->u.sum += sum;
	n = c->documents;
	if (flags & TREND_TOTAL)
		(void)trend_add_documents(t, period, documents);
	if (flags & TREND_OCCURRENCES)
		return 0;
	c = cell_get(t, TOTAL_KEY, period);	/* may move the cells */
	if (n > c->u.total.most) {
		c->u.total.most = n;
		c->u.total.mostkey = id;
	}
	return 0;
}

/* Count documents in period's total; -1, counting none, past 64 bits. */
int
trend_add_documents(struct trend *t, int64_t period, uint64_t documents)
{
	struct trend_cell *c = cell_get(t, TOTAL_KEY, period);

	/* A total set by trend_set_documents() stays. */
	if (c->set)
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

	if (c->u.total.most > 0)
		*key = strtab_key(t->keys, c->u.total.mostkey, keylen);
	return c->u.total.most;
}

void
trend_add_day(struct trend *t, int64_t day, uint64_t documents)
{
	struct trend_cell *c = cell_get(t, DAY_KEY, day);

	c->documents = c->documents > UINT64_MAX - documents ? UINT64_MAX :
	    c->documents + documents;
}

uint64_t
trend_day(struct trend *t, int64_t day)
{
	return cell_get(t, DAY_KEY, day)->documents;
}

void
trend_set_documents(struct trend *t, int64_t period, uint64_t documents)
{
	struct trend_cell *c = cell_get(t, TOTAL_KEY, period);

	c->documents = documents;
	c->set = 1;
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
	const struct trend_cell *x = &sort_trend->cells[*(const uint32_t *)a];
	const struct trend_cell *y = &sort_trend->cells[*(const uint32_t *)b];

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

/*
 * The mean score of a cell's documents, in thousandths, rounded once,
 * half away from 0: 3243 thousandths over 6 documents is 541.
 */
static __int128
cell_mean(const struct trend_cell *c)
{
	unsigned __int128 m, q, r;

	m = c->u.sum < 0 ? (unsigned __int128)-c->u.sum :
	    (unsigned __int128)c->u.sum;
	q = m / c->documents;
	r = m % c->documents;
	if (r >= c->documents - r)
		q++;
	return c->u.sum < 0 ? -(__int128)q : (__int128)q;
}

/* Cell c judged: its point, made now unless it was. */
static struct trend_point *
cell_judge(struct trend *t, const struct series *s, struct trend_cell *c)
{
	struct trend_point *pt;

	if (c->point != 0)
		return &t->points[c->point - 1];
	if (t->npoints == t->pointcap) {
		t->pointcap = t->pointcap ? t->pointcap * 2 : 64;
		t->points = xreallocarray(t->points, t->pointcap,
		    sizeof(*t->points));
	}
	pt = &t->points[t->npoints];
	c->point = (uint32_t)++t->npoints;
	trend_judge(t, s, c->index, pt);
	pt->mean_thousandths = cell_mean(c);
	return pt;
}

void
trend_finish(struct trend *t, size_t last)
{
	struct series s;
	struct trend_cell *c;
	struct trend_point *pt;
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
		if (c->key == TOTAL_KEY || c->key == DAY_KEY)
			continue;
		pi = period_index(t, c->period);
		if (pi < 0 || c->documents == 0)
			continue;	/* a period whose total is zero */
		c->index = (uint32_t)pi;
		t->bykey[k++] = (uint32_t)i;
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
			if (c->index >= first)
				(void)cell_judge(t, &s, c);
		}
		for (j = end; j > begin; j--) {
			c = &t->cells[t->bykey[j - 1]];
			if (c->point == 0)
				break;
			pt = &t->points[c->point - 1];
			pt->start = 0;
			if (!pt->spike)
				continue;
			/* Walk back over the run. */
			for (k = c->index; k > 0 && s.cell[k - 1] != NULL;
			    k--) {
				/* May move the points: pt is found again. */
				if (!cell_judge(t, &s, s.cell[k - 1])->spike)
					break;
			}
			pt = &t->points[c->point - 1];
			pt->run_start = t->periods[k];
			pt->start = k == c->index;
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
		if (c->point != 0)
			points[c->index] = t->points[c->point - 1];
		else
			points[c->index].documents = c->documents;
	}
}

static int
row_cmp(const void *a, const void *b)
{
	const struct trend_cell *x = &sort_trend->cells[*(const uint32_t *)a];
	const struct trend_cell *y = &sort_trend->cells[*(const uint32_t *)b];

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
	uint32_t *rows;
	size_t n = 0, i, len;
	const struct trend_cell *c;
	const char *key;

	rows = xreallocarray(NULL, t->npoints, sizeof(*rows));
	for (i = 0; i < t->ncells; i++)
		if (t->cells[i].point != 0 && t->cells[i].index >= first)
			rows[n++] = (uint32_t)i;
	sort_trend = t;
	qsort(rows, n, sizeof(*rows), row_cmp);
	for (i = 0; i < n; i++) {
		c = &t->cells[rows[i]];
		key = strtab_key(t->keys, c->key, &len);
		fn(arg, key, len, c->period, &t->points[c->point - 1]);
	}
	free(rows);
}
