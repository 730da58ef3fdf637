/* SPDX-License-Identifier: ISC */
/* nw-trend: topic or term volumes per period, spikes, alerts, a report. */
#include <err.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nw.h"

#define WINDOW_MAX	100000
#define LAST_MAX	1000000000

enum {
	OPT_DATE = 256,
	OPT_REPORT,
	OPT_STRICT,
	OPT_TOTALS,
	OPT_VERSION,
};

static struct trend_params params;
static const char	*statepath;

static void
put_decimal(double v, int places)
{
	if (!isfinite(v))
		out_puts("-");
	else
		out_printf("%.*f", places, v);
}

/* Thousandths as a decimal of three places, exactly: -0.005, 12.340. */
static void
put_thousandths(__int128 v)
{
	unsigned __int128 m = v < 0 ? -(unsigned __int128)v :
	    (unsigned __int128)v;
	char digits[48], *p = digits + sizeof(digits);
	int n = 0;

	*--p = '\0';
	do {
		*--p = (char)('0' + (int)(m % 10));
		m /= 10;
		if (++n == 3)
			*--p = '.';
	} while (m > 0 || n < 4);
	if (v < 0)
		*--p = '-';
	out_puts(p);
}

static void
write_row(void *arg, const char *key, size_t keylen, int64_t period,
    const struct trend_point *pt)
{
	char label[TREND_PERIOD_LEN];

	(void)arg;
	trend_period_format(params.period, period, label);
	out_printf("%s\t", label);
	out_write(key, keylen);
	out_printf("\t%llu\t%.3f\t", (unsigned long long)pt->documents,
	    pt->permille);
	put_thousandths(pt->mean_thousandths);
	out_putc('\t');
	if (pt->judged) {
		put_decimal(pt->baseline, 3);
		out_putc('\t');
		put_decimal(pt->ratio, 2);
		out_putc('\t');
		put_decimal(pt->z, 2);
	} else
		out_puts("-\t-\t-");
	out_printf("\t%d\t%s\n", pt->history, pt->spike ? "spike" : "-");
}

/* A new spike: DATE TOPIC DOCUMENTS EXPECTED RATIO. */
static void
write_alert(void *arg, const char *key, size_t keylen, int64_t period,
    const struct trend_point *pt)
{
	char label[TREND_PERIOD_LEN];

	(void)arg;
	trend_period_format(params.period, period, label);
	out_printf("%s\t", label);
	out_write(key, keylen);
	out_printf("\t%llu\t%.1f\t%.2f\n", (unsigned long long)pt->documents,
	    pt->expected, pt->ratio);
}

/* Whether the operands (none: standard input) read standard input. */
static int
reads_stdin(int argc, char *argv[])
{
	int i;

	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], "-") == 0)
			return 1;
	return argc == 0;
}

/*
 * The report and the state are replaced after the input is read: an
 * input or --totals file that is one of them, under any name, would be
 * lost, and so would a state the report is written over, or its lock:
 * runs would then lock files that renames part (trendalert.c).  Refused
 * before anything is read.
 */
static void
outputs_check(const char *reportpath, const char *totalspath, int argc,
    char *argv[])
{
	const char *outputs[2], *opts[2], *name, *lock;
	char *target, *lockpath;
	size_t n = 0, which;

	if (reportpath != NULL) {
		opts[n] = "--report";
		outputs[n++] = reportpath;
	}
	if (statepath != NULL) {
		opts[n] = "-s";
		outputs[n++] = statepath;
	}
	if (n == 0)
		return;
	if ((name = input_is_output(outputs, n, (const char *const *)argv,
	    argc, &which)) != NULL || (totalspath != NULL &&
	    (name = input_is_output(outputs, n, &totalspath, 1,
	    &which)) != NULL))
		errx(NW_EXIT_USAGE, "%s: %s: is also the input %s",
		    opts[which], outputs[which], name);
	if (n == 2 && (input_is_output(outputs, 1, &statepath, 1,
	    NULL) != NULL || atomic_same_new_file(reportpath, statepath)))
		errx(NW_EXIT_USAGE, "--report: %s: is also the state %s",
		    reportpath, statepath);
	if (n < 2 || (target = atomic_target(statepath)) == NULL)
		return;
	if (asprintf(&lockpath, "%s.lock", target) == -1)
		err(NW_EXIT_FAIL, NULL);
	lock = lockpath;
	if (input_is_output(outputs, 1, &lock, 1, NULL) != NULL ||
	    atomic_same_new_file(reportpath, lockpath))
		errx(NW_EXIT_USAGE, "--report: %s: is also the lock %s of "
		    "the state", reportpath, lockpath);
	free(lockpath);
	free(target);
}

static const char *const periods[] = { "hour", "day", "week", NULL };
static const char *const formats[] = { "auto", "scores", "table", "counts",
    NULL };

static void
usage(int status)
{
	const char *text = "usage: nw-trend [-ah] [-d field] [-f format] "
	    "[-m documents] [-n periods]\n"
	    "                [-p period] [-r ratio] [-s state] [-w window] "
	    "[-z score]\n"
	    "                [--date date] [--report file] [--strict] "
	    "[--totals file]\n"
	    "                [file ...]\n"
	    "  -a, --alert             write each new spike, not the table\n"
	    "  -d, --date-field N      the date is field N of a score line, "
	    "not date=\n"
	    "      --date DATE         the date of count lines that have "
	    "none\n"
	    "  -f, --format FORMAT     auto, scores, table or counts "
	    "(default auto)\n"
	    "  -h, --help              print this help and exit\n"
	    "  -m, --min-documents N   a spike has at least N documents "
	    "(default 5)\n"
	    "  -n, --last N            write only the last N periods\n"
	    "  -p, --period PERIOD     hour, day or week (default day)\n"
	    "  -r, --ratio RATIO       a spike has RATIO times the expected "
	    "(default 1.6)\n"
	    "      --report FILE       write an HTML report with charts to "
	    "FILE\n"
	    "  -s, --state FILE        remember alerted spikes in FILE "
	    "across runs\n"
	    "      --strict            invalid UTF-8 or NUL in the input "
	    "is an error\n"
	    "      --totals FILE       documents per period: DATE<TAB>"
	    "DOCUMENTS lines\n"
	    "      --version           print the version and exit\n"
	    "  -w, --window N          trailing periods (default 28 days/"
	    "168 hours/12 weeks)\n"
	    "  -z, --z-score SCORE     a spike has a robust z-score >= SCORE "
	    "(default 3.5)\n";

	nw_usage(status, text);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "alert",		no_argument,		NULL, 'a' },
		{ "date",		required_argument,	NULL, OPT_DATE },
		{ "date-field",		required_argument,	NULL, 'd' },
		{ "format",		required_argument,	NULL, 'f' },
		{ "help",		no_argument,		NULL, 'h' },
		{ "last",		required_argument,	NULL, 'n' },
		{ "min-documents",	required_argument,	NULL, 'm' },
		{ "period",		required_argument,	NULL, 'p' },
		{ "ratio",		required_argument,	NULL, 'r' },
		{ "report",		required_argument,	NULL, OPT_REPORT },
		{ "state",		required_argument,	NULL, 's' },
		{ "strict",		no_argument,		NULL, OPT_STRICT },
		{ "totals",		required_argument,	NULL, OPT_TOTALS },
		{ "version",		no_argument,		NULL, OPT_VERSION },
		{ "window",		required_argument,	NULL, 'w' },
		/* "--z", its first name, as the unique prefix. */
		{ "z-score",		required_argument,	NULL, 'z' },
		{ NULL,			0,			NULL, 0 }
	};
	const char *reportpath = NULL, *totalspath = NULL;
	long long minimum = -1, window = -1, last = 0;
	double ratio = -1, z = -1;
	struct trend_alerts *alerts = NULL;
	size_t first, n;
	struct trend_read_options ro = { .kind = TREND_INPUT_AUTO };
	struct trend_report *report = NULL;
	struct trend *trend;
	int aflag = 0, ch, period = TREND_DAY, rval = 0;

	while ((ch = nw_getopt(argc, argv, "ad:f:hm:n:p:r:s:w:z:",
	    longopts)) != -1) {
		switch (ch) {
		case 'a':
			aflag = 1;
			break;
		case 'd':
			ro.datefield = (size_t)nw_number(optarg, 2, 1000000,
			    "-d") - 1;
			break;
		case 'f':
			ro.kind = nw_keyword(optarg, formats, "-f");
			break;
		case 'h':
			usage(NW_EXIT_OK);
			break;
		case 'm':
			minimum = nw_number(optarg, 1, LLONG_MAX, "-m");
			break;
		case 'n':
			last = nw_number(optarg, 1, LAST_MAX, "-n");
			break;
		case 'p':
			period = nw_keyword(optarg, periods, "-p");
			break;
		case 'r':
			ratio = nw_decimal(optarg, 1, 1e6, 0, "-r");
			break;
		case 's':
			statepath = nw_path(optarg, "-s", "the state is a "
			    "file, read and replaced whole");
			break;
		case 'w':
			window = nw_number(optarg, 1, WINDOW_MAX, "-w");
			break;
		case 'z':
			z = nw_decimal(optarg, 0, 1e6, 0, "-z");
			break;
		case OPT_DATE:
			if (trend_date_parse(optarg, strlen(optarg), &ro.date,
			    &ro.datehastime) == -1)
				errx(NW_EXIT_USAGE, "--date: %s: expected "
				    TREND_DATE_FORMS, optarg);
			ro.hasdate = 1;
			break;
		case OPT_REPORT:
			reportpath = nw_path(optarg, "--report", "standard "
			    "output carries the lines or the alerts");
			break;
		case OPT_STRICT:
			ro.input_flags |= INPUT_STRICT;
			break;
		case OPT_TOTALS:
			totalspath = nw_path(optarg, "--totals", NULL);
			break;
		case OPT_VERSION:
			nw_version();
			break;
		default:
			usage(NW_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (statepath != NULL && !aflag)
		errx(NW_EXIT_USAGE, "-s: only with -a");
	if (ro.hasdate && !ro.datehastime && period == TREND_HOUR)
		errx(NW_EXIT_USAGE, "--date: no time of day for --period hour");
	if (totalspath != NULL && strcmp(totalspath, "-") == 0 &&
	    reads_stdin(argc, argv))
		errx(NW_EXIT_USAGE, "--totals: -: standard input is read as "
		    "the input (allowed: a file; - with the input named as "
		    "files)");
	/*
	 * A --totals file that cannot be read is a configuration error, said
	 * before any input is: counted totals in its place would judge
	 * spikes, and with -s remember them, against another baseline.
	 */
	if (totalspath != NULL && input_check_path(totalspath) == -1)
		nw_exit(NW_EXIT_USAGE);
	outputs_check(reportpath, totalspath, argc, argv);

	trend_params_default(&params, period);
	if (minimum > 0)
		params.min_documents = (uint64_t)minimum;
	if (window > 0)
		params.window = (int)window;
	if (ratio >= 0)
		params.ratio = ratio;
	if (z >= 0)
		params.z = z;
	if (aflag)
		alerts = trend_alerts_new(statepath, params.period);
	ro.period = params.period;
	trend = trend_new(&params);
	if (reportpath != NULL)
		report = trend_report_new(params.period);

	if (argc == 0)
		rval |= trend_read(trend, report, &ro, "-");
	for (; argc > 0; argc--, argv++)
		rval |= trend_read(trend, report, &ro, *argv);
	if (totalspath != NULL)
		rval |= trend_read_totals(trend, &ro, totalspath);

	/* The report charts every period; otherwise judge what is shown. */
	trend_finish(trend, report != NULL ? 0 : (size_t)last);
	n = trend_periods(trend);
	first = last > 0 && (size_t)last < n ? n - (size_t)last : 0;
	if (aflag)
		rval |= trend_alerts_find(alerts, trend, first, write_alert,
		    NULL);
	else
		trend_rows(trend, first, write_row, NULL);
	if (report != NULL && trend_report_write(report, trend,
	    reportpath) == -1)
		rval = 1;
	trend_report_free(report);
	trend_free(trend);
	trend_alerts_free(alerts);
	nw_exit(rval);
}
