/*
 * newswire: the inputs of nw-trend(1), read into a trend.
 *
 * Each line is told by its shape (trendinput.c) and dated: by its own
 * date, else, for a count line, by --date or by a date in the file name;
 * a line with no date is reported, never guessed.  The consecutive score
 * lines of one document count once per topic, with the best score, so
 * that the per-record scores of nw-topic-score -r count documents as its
 * per-document scores do; documents are told apart by doc_group, as
 * every per-document tool does.  A --totals file of DATE<TAB>DOCUMENTS
 * lines replaces the documents counted in its periods (a day's lines
 * add up to a week's); a total below the documents of a key there
 * contradicts the input and is a bad line.  A
 * bad line is reported as "path: line N: reason" and skipped; the rest
 * is read.  Every line read here was written by a tool that ends it with
 * a LF: a last line without one is a file cut short, whose last number
 * may be cut too (a DF of 12 read as 1), and is bad, never taken whole.
 * Count lines dated by their file are all bad when one is (the file has
 * no date, or a day where hours are asked for), and reported once, with
 * their number: a vocabulary is tens of thousands of lines.
 */
#include <err.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

/* The document under way, as its score lines stream by. */
struct document {
	struct doc_group	 group;
	struct trend		*trend;
	struct trend_report	*report;
	int64_t			 period;	/* of its first line */
	int64_t			 day;		/* of it, for weeks; else -1 */
	struct strtab		*topics;
	int64_t			*best;		/* by topic, thousandths */
	struct buf		*explain;	/* of the best line, for the report */
	size_t			 cap;
};

/* Say why line lineno of path is skipped; 1, the status it makes. */
static int
line_bad(const char *path, uint64_t lineno, const char *why,
    const char *more)
{
	warnx("%s: line %llu: %s%s", path, (unsigned long long)lineno, why,
	    more);
	return 1;
}

/*
 * The bad lines of one input, by reason: the first BAD_TOLD of a
 * reason are told where they are, the others counted and told in one
 * message after the input was read (a day table read for hours would
 * otherwise give a message a line); lines of a count file that its name
 * cannot date are all told there, since every term of it is one.
 * Reasons are constant strings, told apart by their address; past
 * BAD_KINDS of them, every line is told.
 */
#define BAD_KINDS	8
#define BAD_TOLD	10
struct bad_lines {
	struct {
		const char	*why;
		uint64_t	 told;
		uint64_t	 line;		/* the first not told */
		uint64_t	 more;		/* lines not told */
	}		 kind[BAD_KINDS];
	size_t		 n;
};

/*
 * Line lineno of path is skipped for why, told now while fewer than
 * told lines were for the same reason, else when the input was read;
 * 1, the status it makes.
 */
static int
bad_line_told(struct bad_lines *b, const char *path, uint64_t lineno,
    const char *why, uint64_t told)
{
	size_t i;

	for (i = 0; i < b->n && b->kind[i].why != why; i++)
		;
	if (i == b->n && b->n < BAD_KINDS)
		b->kind[b->n++].why = why;
	if (i == BAD_KINDS || b->kind[i].told++ < told)
		return line_bad(path, lineno, why, "");
	if (b->kind[i].more++ == 0)
		b->kind[i].line = lineno;
	return 1;
}

static int
bad_line(struct bad_lines *b, const char *path, uint64_t lineno,
    const char *why)
{
	return bad_line_told(b, path, lineno, why, BAD_TOLD);
}

/* The lines bad_line() did not tell, told. */
static void
bad_lines_told(const struct bad_lines *b, const char *path)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		if (b->kind[i].more == 1)
			(void)line_bad(path, b->kind[i].line, b->kind[i].why,
			    "");
		else if (b->kind[i].more > 1)
			warnx("%s: line %llu and %llu more: %s", path,
			    (unsigned long long)b->kind[i].line,
			    (unsigned long long)(b->kind[i].more - 1),
			    b->kind[i].why);
	}
}

/* Why the line just read is cut short, or NULL when it is whole. */
static const char *
line_cut(const struct input *in)
{
	return input_line_unended(in) ? "cut short (no line feed at its end)" :
	    NULL;
}

/* The period of a date; NULL, or why it has none. */
static const char *
period_at(const struct trend_read_options *o, int64_t seconds, int hastime,
    int64_t *period)
{
	if (!hastime && o->period == TREND_HOUR)
		return "a date without a time of day for --period hour";
	*period = trend_period_of(o->period, seconds);
	return NULL;
}

/* doc_group's end: each topic of the document counted once. */
static void
document_end(void *arg, const char *id, size_t idlen)
{
	struct document *d = arg;
	const char *key;
	size_t i, n, len;

	n = strtab_count(d->topics);
	for (i = 0; i < n; i++) {
		key = strtab_key(d->topics, (uint32_t)i, &len);
		/* A score cannot take the sum past its bound (nw-private.h). */
		trend_add(d->trend, key, len, d->period, 1, d->best[i], 0);
		if (d->report != NULL)
			trend_report_note(d->report, key, len, id, idlen,
			    d->best[i], d->explain[i].data, d->explain[i].len,
			    d->period);
	}
	strtab_clear(d->topics);
}

static void
document_init(struct document *d, struct trend *t,
    struct trend_report *report)
{
	memset(d, 0, sizeof(*d));
	doc_group_init(&d->group, document_end, d);
	d->trend = t;
	d->report = report;
	d->topics = strtab_new(16);
}

/*
 * A line of a score input, period its period; day its day, when the
 * periods are weeks (see trend_add_day()), else -1.
 */
static void
document_line(struct document *d, const struct trend_line *tl,
    int64_t period, int64_t day)
{
	uint32_t i;
	int isnew;

	if (doc_group_next(&d->group, &tl->meta)) {
		d->period = period;
		d->day = day;
		trend_add_documents(d->trend, period, 1);
		if (day != -1)
			trend_add_day(d->trend, day, 1);
		if (d->report != NULL)
			trend_report_document(d->report, tl, period);
	}
	i = strtab_intern(d->topics, tl->key, tl->keylen, &isnew);
	if (i >= d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->best = xreallocarray(d->best, d->cap, sizeof(*d->best));
		d->explain = xreallocarray(d->explain, d->cap,
		    sizeof(*d->explain));
		memset(d->explain + i, 0, (d->cap - i) * sizeof(*d->explain));
	}
	if (!isnew && d->best[i] >= tl->sum)
		return;
	d->best[i] = (int64_t)tl->sum;	/* below 10^18 */
	buf_clear(&d->explain[i]);
	if (tl->explain != NULL)
		buf_add(&d->explain[i], tl->explain, tl->explainlen);
}

/*
 * Whether tl is a line of the document under way, which its first line
 * dated: its own date, or its lack of one, does not matter.
 */
static int
document_goes_on(const struct document *d, const struct trend_line *tl)
{
	return d->group.open && d->group.id.len == tl->meta.idlen &&
	    memcmp(d->group.id.data, tl->meta.id, tl->meta.idlen) == 0;
}

static void
document_free(struct document *d)
{
	size_t i;

	doc_group_finish(&d->group);
	doc_group_free(&d->group);
	strtab_free(d->topics);
	for (i = 0; i < d->cap; i++)
		buf_free(&d->explain[i]);
	free(d->explain);
	free(d->best);
}

/* The date of a line; -1 if it has none. */
static int
line_date(const struct trend_read_options *o, const struct trend_line *tl,
    int hasname, int64_t namedate, int namehastime, int64_t *seconds,
    int *hastime)
{
	if (tl->dated) {
		*seconds = tl->seconds;
		*hastime = tl->hastime;
	} else if (o->hasdate && tl->kind == TREND_INPUT_COUNTS) {
		*seconds = o->date;
		*hastime = o->datehastime;
	} else if (hasname && tl->kind == TREND_INPUT_COUNTS) {
		*seconds = namedate;
		*hastime = namehastime;
	} else
		return -1;
	return 0;
}

int
trend_read(struct trend *t, struct trend_report *report,
    const struct trend_read_options *o, const char *path)
{
	struct document doc;
	struct trend_line tl;
	struct bad_lines bad = { .n = 0 };
	struct input *in;
	const char *why;
	int64_t namedate, seconds, period, day;
	uint64_t lineno;
	size_t len;
	char *line;
	int kind = o->kind, hasname, namehastime = 0, hastime, rval = 0;

	if ((in = input_open(path, o->input_flags)) == NULL)
		return 1;
	document_init(&doc, t, report);
	hasname = trend_date_in_name(path, &namedate, &namehastime) == 0;
	while ((line = input_line(in, &len)) != NULL) {
		lineno = input_lineno(in);
		if (len == 0)
			continue;
		if ((why = line_cut(in)) != NULL ||
		    (why = trend_line_parse(line, len, kind, o->datefield,
		    &tl)) != NULL) {
			rval = bad_line(&bad, path, lineno, why);
			continue;
		}
		kind = tl.kind;		/* the first line tells the rest */
		if (tl.kind == TREND_INPUT_SCORES &&
		    document_goes_on(&doc, &tl)) {
			document_line(&doc, &tl, doc.period, doc.day);
			continue;
		}
		if (line_date(o, &tl, hasname, namedate, namehastime,
		    &seconds, &hastime) == -1)
			why = tl.kind == TREND_INPUT_SCORES ?
			    "no date (a date= field or -d)" :
			    "no date (a date in the file name or --date)";
		else
			why = period_at(o, seconds, hastime, &period);
		if (why != NULL && tl.kind == TREND_INPUT_COUNTS &&
		    !tl.dated) {
			/*
			 * Dated by the file, which has no date that will do
			 * for any of them: told once, not once per term.
			 */
			rval = bad_line_told(&bad, path, lineno, why, 0);
			continue;
		}
		if (why != NULL) {
			rval = bad_line(&bad, path, lineno, why);
			continue;
		}
		day = o->period == TREND_WEEK ?
		    trend_period_of(TREND_DAY, seconds) : -1;
		if (tl.kind == TREND_INPUT_SCORES) {
			document_line(&doc, &tl, period, day);
			continue;
		}
		switch (trend_add(t, tl.key, tl.keylen, period, tl.documents,
		    tl.sum, TREND_TOTAL |
		    (tl.occurrences ? TREND_OCCURRENCES : 0))) {
		case 0:
			if (day != -1)
				trend_add_day(t, day, tl.documents);
			break;
		case TREND_DOCUMENTS_OVER:
			rval = bad_line(&bad, path, lineno,
			    TREND_DOCUMENTS_OVER_WHY);
			break;
		case TREND_SUM_OVER:	/* of counts only */
			rval = bad_line(&bad, path, lineno,
			    TREND_COUNTS_OVER_WHY);
			break;
		}
	}
	document_free(&doc);
	bad_lines_told(&bad, path);
	if (input_close(in) == -1)
		rval = 1;
	return rval;
}

/* A day's total of a --totals file read for weeks, by the line that gave it. */
struct day_total {
	int64_t		 day;
	int64_t		 week;
	uint64_t	 documents;
	uint64_t	 lineno;
};

static int
day_total_cmp(const void *a, const void *b)
{
	const struct day_total *x = a, *y = b;

	if (x->week != y->week)
		return x->week < y->week ? -1 : 1;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->lineno < y->lineno ? -1 : x->lineno > y->lineno;
}

/*
 * Set a total, unless it is below the documents a key has in its period
 * (said, and 1 returned): then the period keeps the total it had.
 */
static int
total_set(struct trend *t, const char *path, uint64_t lineno,
    int64_t period, uint64_t docs, const char *what)
{
	const char *key;
	size_t keylen;
	uint64_t most;

	if ((most = trend_documents_most(t, period, &key, &keylen)) > docs) {
		warnx("%s: line %llu: %llu documents%s, fewer than the %llu "
		    "of %.*s", path, (unsigned long long)lineno,
		    (unsigned long long)docs, what, (unsigned long long)most,
		    (int)keylen, key);
		return 1;
	}
	trend_set_documents(t, period, docs);
	return 0;
}

/*
 * The totals of a --totals file.  A line totals its day (its hour for
 * --period hour), and a later line for the same replaces an earlier; for
 * weeks, the last total of each day is added up, with the documents
 * counted from the input on the week's days that no line gives, as a day
 * no line gives keeps them for --period day.
 */
int
trend_read_totals(struct trend *t, const struct trend_read_options *o,
    const char *path)
{
	struct bad_lines bad = { .n = 0 };
	struct input *in;
	struct day_total *days = NULL;
	const char *tab, *errstr, *why;
	int64_t seconds, period, day;
	uint64_t lineno, sum, last, n;
	long long docs;
	size_t len, ndays = 0, cap = 0, i, j;
	char *line;
	int hastime, rval = 0;

	if ((in = input_open(path, o->input_flags)) == NULL)
		return 1;
	while ((line = input_line(in, &len)) != NULL) {
		lineno = input_lineno(in);
		if (len == 0)
			continue;
		if ((why = line_cut(in)) != NULL) {
			rval = bad_line(&bad, path, lineno, why);
			continue;
		}
		if ((tab = memchr(line, '\t', len)) == NULL ||
		    trend_date_parse(line, (size_t)(tab - line), &seconds,
		    &hastime) == -1) {
			rval = bad_line(&bad, path, lineno,
			    "expected DATE<TAB>DOCUMENTS");
			continue;
		}
		/* Digits only: strtonum() would take blanks before them. */
		docs = strtonum(tab + 1, 0, LLONG_MAX, &errstr);
		if (errstr == NULL && (tab[1] < '0' || tab[1] > '9'))
			errstr = "invalid";
		if (errstr != NULL) {
			rval = bad_line(&bad, path, lineno,
			    strcmp(errstr, "too large") == 0 ?
			    "documents too large" : "documents not a whole "
			    "number (DATE<TAB>DOCUMENTS)");
			continue;
		}
		if ((why = period_at(o, seconds, hastime, &period)) != NULL) {
			rval = bad_line(&bad, path, lineno, why);
			continue;
		}
		if (o->period != TREND_WEEK) {
			rval |= total_set(t, path, lineno, period,
			    (uint64_t)docs, "");
			continue;
		}
		if (ndays == cap) {
			cap = cap ? cap * 2 : 64;
			days = xreallocarray(days, cap, sizeof(*days));
		}
		days[ndays].day = trend_period_of(TREND_DAY, seconds);
		days[ndays].week = period;
		days[ndays].documents = (uint64_t)docs;
		days[ndays++].lineno = lineno;
	}
	bad_lines_told(&bad, path);
	/* By week, day and line: a day's last line is its total. */
	if (ndays > 1)
		qsort(days, ndays, sizeof(*days), day_total_cmp);
	for (i = 0, j = 0; i < ndays; i = j) {
		sum = 0;
		last = 0;
		/*
		 * The week's days from its Monday (a week is floor((day +
		 * 3) / 7)): the last line of a day given, or the documents
		 * counted on it.
		 */
		for (day = days[i].week * 7 - 3; day < days[i].week * 7 + 4;
		    day++) {
			docs = -1;
			for (; j < ndays && days[j].day == day; j++) {
				if (days[j].lineno > last)
					last = days[j].lineno;
				docs = (long long)days[j].documents;
			}
			n = docs >= 0 ? (uint64_t)docs : trend_day(t, day);
			sum = n > UINT64_MAX - sum ? UINT64_MAX : sum + n;
		}
		rval |= total_set(t, path, last, days[i].week, sum,
		    " in its week");
	}
	free(days);
	if (input_close(in) == -1)
		rval = 1;
	return rval;
}
