/* SPDX-License-Identifier: ISC */
/* nw-count: term, n-gram and document frequencies of record streams. */
#include <sys/types.h>
#include <sys/resource.h>

#include <err.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nw.h"

#define NGRAM_MAX	100		/* the longest n-grams -n takes */
#define BUDGET_MIN	(64 * 1024)	/* smaller -S sizes are raised to this */
#define REPORT_MAX	10		/* malformed lines told per input */

/* Options. */
static int		 by_doc, df_flag, merge_flag, sort_by_term;
static size_t		 ngram_max = 1;
static uint64_t		 limit = UINT64_MAX;	/* -k */
static uint64_t		 min_count = 1;		/* -m */

static struct count_table *table;
static struct doc_group	 docs;

static void	 usage(int) __attribute__((__noreturn__));

static void
output_term(const struct sort_entry *e, void *arg)
{
	char num[2 * (1 + FORMAT_U64_MAX) + 1], *p = num;

	(void)arg;
	if (by_doc) {
		out_write(docs.id.data, docs.id.len);
		out_putc('\t');
	}
	out_write(e->key, e->len);
	*p++ = '\t';
	p = format_u64(p, e->count, 1);
	if (df_flag) {
		*p++ = '\t';
		p = format_u64(p, e->df, 1);
	}
	*p++ = '\n';
	out_write(num, (size_t)(p - num));
}

/* --by-doc: the end of a document (its id in docs.id) is its table. */
static void
document_end(void *arg, const char *id, size_t idlen)
{
	(void)arg;
	(void)id;
	(void)idlen;
	count_table_emit(table, min_count, limit, sort_by_term, output_term,
	    NULL);
}

static int
count_input(struct input *in)
{
	struct record r;
	int rc;

	while ((rc = record_next(in, &r)) == 1) {
		if ((by_doc || df_flag) && doc_group_next(&docs, &r))
			count_table_document(table);
		count_table_text(table, r.text, r.textlen, ngram_max);
	}
	return rc;
}

/* --merge: add up count files. */
static int
merge_input(struct input *in)
{
	struct count_line cl;
	const char *why;
	uint64_t bad = 0;
	char *line;
	size_t len;
	int rc = 0;

	while ((line = input_line(in, &len)) != NULL) {
		/*
		 * nw-count ends every line it writes: one without its LF is
		 * a file cut short, whose last number may be cut too.
		 */
		if (input_line_unended(in))
			why = "cut short (no line feed at its end)";
		else
			why = countfile_parse(line, len, &cl);
		if (why == NULL && df_flag && !cl.hasdf)
			why = "no document frequency (--df needs one)";
		if (why == NULL) {
			if (count_table_add(table, cl.term, cl.termlen,
			    cl.count, cl.df) == -1)
				errx(NW_EXIT_FAIL, "%s: line %" PRIu64 ": count "
				    "overflows 64 bits when summed",
				    input_name(in), input_lineno(in));
			continue;
		}
		if (++bad <= REPORT_MAX)
			warnx("%s: line %" PRIu64 ": %s", input_name(in),
			    input_lineno(in), why);
		rc = -1;
	}
	if (bad > REPORT_MAX)
		warnx("%s: %" PRIu64 " malformed lines in all, skipped",
		    input_name(in), bad);
	return input_failed(in) ? -1 : rc;
}

/*
 * One eighth of physical memory, as sort(1); and as sort(1), at most half
 * the limit on the address space (ulimit -v) or on the data segment
 * (ulimit -d): the table overshoots its bound a little, and the process
 * needs room besides it.
 */
static uint64_t
default_budget(void)
{
	static const int resources[] = { RLIMIT_AS, RLIMIT_DATA };
	struct rlimit rl;
	uint64_t budget = (uint64_t)1 << 30;
	long pages, size;
	size_t i;

	pages = sysconf(_SC_PHYS_PAGES);
	size = sysconf(_SC_PAGESIZE);
	if (pages > 0 && size > 0)
		budget = (uint64_t)pages * (uint64_t)size / 8;
	for (i = 0; i < sizeof(resources) / sizeof(resources[0]); i++)
		if (getrlimit(resources[i], &rl) == 0 &&
		    rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur / 2 < budget)
			budget = rl.rlim_cur / 2;
	return budget;
}

static void
usage(int status)
{
	const char *msg =
	    "usage: nw-count [--by-doc] [--df] [-k N] [-m N] [-n N] [-S size]\n"
	    "                [--sort count|term] [--strict] [file ...]\n"
	    "       nw-count --merge [--df] [-k N] [-m N] [-S size]\n"
	    "                [--sort count|term] [--strict] [file ...]\n"
	    "      --by-doc         count each document apart: ID TERM COUNT\n"
	    "      --df             add the document frequency column\n"
	    "  -h, --help           print this help and exit\n"
	    "  -k N                 only the N terms of highest count\n"
	    "  -m N                 only terms counted at least N times\n"
	    "      --merge          add up count files of earlier runs\n"
	    "  -n N                 n-grams of 1 to N terms (at most 100)\n"
	    "  -S SIZE              memory for the table, as in sort -S (default\n"
	    "                       1/8 of RAM, at most 1/2 of ulimit -v and -d)\n"
	    "      --sort HOW       by count (default) or by term\n"
	    "      --strict         invalid UTF-8 or NUL is an error\n"
	    "      --version        print the version and exit\n";

	nw_usage(status, msg);
}

int
main(int argc, char *argv[])
{
	enum { OPT_BY_DOC = 256, OPT_DF, OPT_MERGE, OPT_SORT, OPT_STRICT,
	    OPT_VERSION };
	static const struct option longopts[] = {
		{ "by-doc",	no_argument,		NULL, OPT_BY_DOC },
		{ "df",		no_argument,		NULL, OPT_DF },
		{ "help",	no_argument,		NULL, 'h' },
		{ "merge",	no_argument,		NULL, OPT_MERGE },
		{ "sort",	required_argument,	NULL, OPT_SORT },
		{ "strict",	no_argument,		NULL, OPT_STRICT },
		{ "version",	no_argument,		NULL, OPT_VERSION },
		{ NULL,		0,			NULL, 0 }
	};
	static const char *const sort_words[] = { "count", "term", NULL };
	struct input *in;
	uint64_t budget;
	int ch, flags = 0, nflag = 0, rc, rval = 0, i;

	budget = default_budget();
	while ((ch = nw_getopt(argc, argv, "hk:m:n:S:", longopts)) != -1) {
		switch (ch) {
		case 'h':
			usage(0);
		case 'k':
			limit = (uint64_t)nw_number(optarg, 1, LLONG_MAX, "-k");
			break;
		case 'm':
			min_count = (uint64_t)nw_number(optarg, 1, LLONG_MAX,
			    "-m");
			break;
		case 'n':
			ngram_max = (size_t)nw_number(optarg, 1, NGRAM_MAX,
			    "-n");
			nflag = 1;
			break;
		case 'S':
			budget = nw_size(optarg, UINT64_MAX, "-S");
			break;
		case OPT_BY_DOC:
			by_doc = 1;
			break;
		case OPT_DF:
			df_flag = 1;
			break;
		case OPT_MERGE:
			merge_flag = 1;
			break;
		case OPT_SORT:
			sort_by_term = nw_keyword(optarg, sort_words, "--sort");
			break;
		case OPT_STRICT:
			flags |= INPUT_STRICT;
			break;
		case OPT_VERSION:
			nw_version();
		default:
			usage(NW_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (by_doc && (df_flag || merge_flag))
		errx(NW_EXIT_USAGE, "--by-doc cannot be used with %s",
		    df_flag ? "--df" : "--merge");
	if (merge_flag && nflag)
		errx(NW_EXIT_USAGE, "-n cannot be used with --merge");
	if (budget < BUDGET_MIN)
		budget = BUDGET_MIN;
	if (by_doc)
		budget = UINT64_MAX;
	table = count_table_new(df_flag ? (merge_flag ? COUNT_DF :
	    COUNT_DOCS) : 0, budget);
	doc_group_init(&docs, by_doc ? document_end : NULL, NULL);
	/* A document's terms go out once it ends, the input still coming. */
	if (by_doc)
		flags |= INPUT_FLUSH_IDLE;

	i = 0;
	do {
		if ((in = input_open(argc > 0 ? argv[i] : "-", flags)) ==
		    NULL) {
			rval = 1;
			continue;
		}
		rc = merge_flag ? merge_input(in) : count_input(in);
		if (rc < 0)
			rval = 1;
		if (input_close(in) == -1)
			rval = 1;
	} while (++i < argc);

	if (by_doc)
		doc_group_finish(&docs);
	else
		count_table_emit(table, min_count, limit, sort_by_term,
		    output_term, NULL);
	nw_exit(rval);
}
