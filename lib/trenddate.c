/*
 * newswire: the dates and periods of a trend.  A date as nw-trend(1)
 * reads it (trend_date_parse(), to UTC seconds) or finds it in a file's
 * name (trend_date_in_name()), the period that holds a time (an hour, a
 * day, or a week from Monday: trend_period_of()) and a period as written
 * (trend_period_format()).  Days are counted from 1970-01-01 in the
 * proleptic Gregorian calendar, by arithmetic alone.
 */
#include <stdio.h>
#include <string.h>

#include "nw-private.h"

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
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
		(void)snprintf(buf, TREND_PERIOD_LEN, "day%lld",
		    (long long)day);
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
