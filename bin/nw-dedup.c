/* SPDX-License-Identifier: ISC */
/* nw-dedup: drop documents (or paragraphs) that copy one seen before. */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nw.h"

#define CACHE_DEFAULT	(64ULL << 20)
#define CACHE_MIN	(1ULL << 20)
#define CACHE_MAX	(256ULL << 30)	/* keeps key_table's 32-bit slots */
#define MAXAGE_MAX	1000000
#define RUN_MAX		400	/* bytes of a --run name (an LMDB key) */

enum {
	OPT_COMMIT = 256,
	OPT_CURVE,
	OPT_KEEP_SAME_ID,
	OPT_MARK,
	OPT_MAXAGE,
	OPT_PENDING,
	OPT_REPORT,
	OPT_REPLACE,
	OPT_RUN,
	OPT_STATE,
	OPT_STATS,
	OPT_STRICT,
	OPT_VERSION,
};

static struct dedup_params params;
static struct dedup_judge judge;
static struct dedup_signature sig;
static int	 paraflag;
static struct dedup_queue *queue; /* --state: documents held back */

static int
dedup(const char *path, int flags)
{
	static struct doc d;
	struct input *in;
	int rc;

	if ((in = input_open(path, flags)) == NULL)
		return 1;
	while ((rc = doc_next(in, &d)) == 1) {
		if (paraflag)
			dedup_judge_paras(&judge, &d);
		else if (queue != NULL)
			dedup_queue_add(queue, &d);
		else {
			dedup_sign(judge.hasher, &d, &sig);
			dedup_judge_doc(&d, &sig, &judge);
		}
	}
	return input_close(in) == -1 || rc == -1 ? 1 : 0;
}

/* The parameters and their S-curve, one similarity a line. */
static void
curve(void)
{
	int j;

	out_printf("shingle\t%d\nbins\t%d\nbands\t%d\nrows\t%d\n"
	    "threshold\t%.3f\n", params.shingle, params.bins, params.bands,
	    params.rows, params.threshold);
	for (j = 10; j <= 100; j += 5)
		out_printf("%.2f\t%.4f\n", j / 100.0,
		    dedup_scurve(&params, j / 100.0));
	nw_exit(NW_EXIT_OK);
}

static void
usage(int status)
{
	const char *text = "usage: nw-dedup [-hn] [-j THRESHOLD] [-S SIZE] "
	    "[-u doc | para] [--curve]\n"
	    "                [--mark | --report] [--keep-same-id] "
	    "[--max-age DAYS]\n"
	    "                [--run NAME [--replace] [--pending | --commit]] "
	    "[--state DIR]\n"
	    "                [--stats] [--strict] [file ...]\n"
	    "  -h, --help            print this help and exit\n"
	    "  -j, --threshold J     near copies: estimated Jaccard "
	    "similarity from J (0.8)\n"
	    "  -n, --dry-run         with --state: read the index, change "
	    "nothing\n"
	    "  -S, --buffer-size SIZE  the write cache of the index (64M)\n"
	    "  -u, --unit UNIT       doc: whole documents; para: each "
	    "record\n"
	    "      --commit          with --run: commit the pending run "
	    "under NAME and exit\n"
	    "      --curve           print the parameters and S-curve "
	    "and exit\n"
	    "      --keep-same-id    keep a copy whose first copy has its id "
	    "(a rerun)\n"
	    "      --mark            keep duplicates, adding "
	    "dup=FIRST_ID:SIMILARITY\n"
	    "      --max-age DAYS    with --state: forget documents dated "
	    "earlier\n"
	    "      --pending         with --run: leave the run pending, "
	    "for --commit\n"
	    "      --replace         with --run: forget what earlier runs "
	    "under NAME added\n"
	    "      --report          print ID<TAB>FIRST_ID<TAB>SIMILARITY "
	    "for each duplicate\n"
	    "                        (-u para: ID<TAB>N<TAB>..., N the "
	    "record's number in ID)\n"
	    "      --run NAME        with --state: keep a copy whose first "
	    "copy has its id\n"
	    "                        and came from a run under NAME (a "
	    "rerun)\n"
	    "      --state DIR       the index across runs, in DIR\n"
	    "      --stats           print the counts on standard error\n"
	    "      --strict          stop reading a file at invalid UTF-8 "
	    "or NUL\n"
	    "      --version         print the version and exit\n";

	nw_usage(status, text);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "buffer-size", required_argument,	NULL,	'S' },
		{ "commit",	no_argument,		NULL,	OPT_COMMIT },
		{ "curve",	no_argument,		NULL,	OPT_CURVE },
		{ "dry-run",	no_argument,		NULL,	'n' },
		{ "help",	no_argument,		NULL,	'h' },
		{ "keep-same-id", no_argument,		NULL,	OPT_KEEP_SAME_ID },
		{ "mark",	no_argument,		NULL,	OPT_MARK },
		{ "max-age",	required_argument,	NULL,	OPT_MAXAGE },
		{ "pending",	no_argument,		NULL,	OPT_PENDING },
		{ "report",	no_argument,		NULL,	OPT_REPORT },
		{ "replace",	no_argument,		NULL,	OPT_REPLACE },
		{ "run",	required_argument,	NULL,	OPT_RUN },
		{ "state",	required_argument,	NULL,	OPT_STATE },
		{ "stats",	no_argument,		NULL,	OPT_STATS },
		{ "strict",	no_argument,		NULL,	OPT_STRICT },
		{ "threshold",	required_argument,	NULL,	'j' },
		{ "unit",	required_argument,	NULL,	'u' },
		{ "version",	no_argument,		NULL,	OPT_VERSION },
		{ NULL,		0,			NULL,	0 }
	};
	static const char *const units[] = { "doc", "para", NULL };
	const char *state = NULL, *cachearg = "64M", *unit, *runname = NULL;
	uint64_t cache = CACHE_DEFAULT, ndocs, bytes, bandsleft, dups;
	char stats[256];
	size_t k;
	double threshold = DEDUP_THRESHOLD;
	int ch, flags = 0, maxage = -1, cflag = 0, sflag = 0, rval = 0;
	int replace = 0, pending = 0, commit = 0, dryrun = 0;

	while ((ch = nw_getopt(argc, argv, "hj:nS:u:", longopts)) != -1) {
		switch (ch) {
		case 'h':
			usage(NW_EXIT_OK);
			break;
		case 'j':
			threshold = nw_decimal(optarg, 0.1, 1, 0, "-j");
			break;
		case 'n':
			dryrun = 1;
			break;
		case 'S':
			cache = nw_size(optarg, CACHE_MAX, "-S");
			cachearg = optarg;
			if (cache < CACHE_MIN)
				errx(NW_EXIT_USAGE, "-S: %s: too small "
				    "(at least 1M)", optarg);
			break;
		case 'u':
			paraflag = nw_keyword(optarg, units, "-u");
			break;
		case OPT_COMMIT:
			commit = 1;
			break;
		case OPT_CURVE:
			cflag = 1;
			break;
		case OPT_KEEP_SAME_ID:
			judge.keepsame = 1;
			break;
		case OPT_MARK:
		case OPT_REPORT: {
			enum dedup_mode m = ch == OPT_MARK ? DEDUP_MARK :
			    DEDUP_REPORT;

			if (judge.mode != DEDUP_DROP && judge.mode != m)
				errx(NW_EXIT_USAGE, "--mark cannot be used "
				    "with --report");
			judge.mode = m;
			break;
		}
		case OPT_MAXAGE:
			maxage = (int)nw_number(optarg, 0, MAXAGE_MAX,
			    "--max-age");
			break;
		case OPT_PENDING:
			pending = 1;
			break;
		case OPT_REPLACE:
			replace = 1;
			break;
		case OPT_RUN:
			if (*optarg == '\0')
				errx(NW_EXIT_USAGE, "--run: empty name");
			if (strlen(optarg) > RUN_MAX)
				errx(NW_EXIT_USAGE, "--run: a name of more "
				    "than %d bytes", RUN_MAX);
			runname = optarg;
			break;
		case OPT_STATE:
			state = nw_dir_path(nw_path(optarg, "--state",
			    "the state is a directory of files"));
			break;
		case OPT_STATS:
			sflag = 1;
			break;
		case OPT_STRICT:
			flags |= INPUT_STRICT;
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
	if (maxage >= 0 && state == NULL)
		errx(NW_EXIT_USAGE, "--max-age: needs --state");
	if (runname != NULL && state == NULL)
		errx(NW_EXIT_USAGE, "--run: needs --state");
	if (replace && runname == NULL)
		errx(NW_EXIT_USAGE, "--replace: needs --run");
	if (pending && runname == NULL)
		errx(NW_EXIT_USAGE, "--pending: needs --run");
	if (commit && runname == NULL)
		errx(NW_EXIT_USAGE, "--commit: needs --run");
	if (commit && (pending || replace))
		errx(NW_EXIT_USAGE, "--commit cannot be used with --pending "
		    "or --replace");
	if (commit && argc > 0)
		errx(NW_EXIT_USAGE, "--commit: reads no file");
	/* A commit is nothing but a write: a dry one would claim one. */
	if (commit && dryrun)
		errx(NW_EXIT_USAGE, "--commit cannot be used with --dry-run");
	if (cflag && argc > 0)
		errx(NW_EXIT_USAGE, "--curve: reads no file");

	dedup_params_init(&params, threshold);
	if (cflag)
		curve();
	judge.today = (int32_t)(time(NULL) / 86400);
	judge.named = runname != NULL;
	judge.hasher = dedup_hasher_new(params.shingle);
	unit = paraflag ? "para" : "doc";
	if (dryrun)
		judge.index = dedup_index_open_dry(state, &params, unit,
		    cache, maxage, judge.today);
	else
		judge.index = dedup_index_open(state, &params, unit, cache,
		    maxage, judge.today, commit ? runname : NULL);
	if (judge.index == NULL)
		err(NW_EXIT_FAIL, "-S %s: cannot allocate the write cache",
		    cachearg);
	/* The open committed the pending run, if there was one. */
	if (commit) {
		dedup_index_close(judge.index);
		dedup_hasher_free(judge.hasher);
		nw_exit(NW_EXIT_OK);
	}
	if (runname != NULL)
		dedup_index_name(judge.index, runname, replace);
	if (pending)
		dedup_index_hold(judge.index);
	/* The index of a run without --state is its own: no read-ahead. */
	if (state != NULL && !paraflag)
		queue = dedup_queue_new(judge.index, params.shingle,
		    dedup_judge_doc, &judge);
	if (argc == 0)
		rval |= dedup("-", flags);
	for (; argc > 0; argc--, argv++)
		rval |= dedup(*argv, flags);
	if (queue != NULL)
		dedup_queue_drain(queue);

	/* The index takes the run only once all of its output is out. */
	out_flush();
	/*
	 * The line of -s is made now and said once the index has taken the
	 * run: a commit that fails (a full disk) exits first, and no line
	 * claims documents the index does not hold.
	 */
	if (sflag) {
		dedup_index_stats(judge.index, &ndocs, &bytes, &bandsleft);
		dups = judge.exact + judge.near;
		/* The index holds documents, whatever the unit. */
		k = (size_t)snprintf(stats, sizeof(stats), "nw-dedup: %llu "
		    "%s%s, %llu duplicate%s (%llu exact, %llu near), %llu "
		    "%sin the index",
		    (unsigned long long)judge.units,
		    paraflag ? "paragraph" : "document",
		    judge.units == 1 ? "" : "s",
		    (unsigned long long)dups, dups == 1 ? "" : "s",
		    (unsigned long long)judge.exact,
		    (unsigned long long)judge.near,
		    (unsigned long long)ndocs, !paraflag ? "" :
		    ndocs == 1 ? "document " : "documents ");
		/* Only when the bound on a band key's documents acted. */
		if (bandsleft > 0)
			snprintf(stats + k, sizeof(stats) - k,
			    ", %llu band key%s left out",
			    (unsigned long long)bandsleft,
			    bandsleft == 1 ? "" : "s");
	}
	dedup_index_close(judge.index);
	if (sflag)
		fprintf(stderr, "%s\n", stats);
	dedup_hasher_free(judge.hasher);
	dedup_queue_free(queue);
	dedup_judge_free(&judge);
	nw_exit(rval);
}
