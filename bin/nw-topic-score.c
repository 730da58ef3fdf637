/* SPDX-License-Identifier: ISC */
/* nw-topic-score: score documents of token records against news topics. */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "nw.h"

#define TOPIC_SUFFIX	".topic"
#define THRESHOLD_MAX	1000000

enum {
	OPT_BEST = 256,
	OPT_EXPLAIN,
	OPT_LIST,
	OPT_STRICT,
	OPT_VERSION,
};

struct topic_file {
	char	*name;
	char	*path;
};

static struct topic_file *files;
static size_t		 nfiles, filescap;
static struct topic_set	*set;
static struct topic_match *match;
static struct buf	 explanation;
static long long	 top;		/* -k; 0 for all */
static long long	 threshold = 1;	/* -t, in thousandths */
static int		 bflag, eflag, mflag, rflag;
static struct buf	 docmeta;	/* -m: its first record's fields */
static int		 hasmeta;	/* -m: which may be one, empty */

/* Add a topic file; a later file of the same name replaces an earlier. */
static void
file_add(const char *path)
{
	const char *base;
	size_t i, n, sl = strlen(TOPIC_SUFFIX);
	char *name;

	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	n = strlen(base);
	if (n >= sl && strcmp(base + n - sl, TOPIC_SUFFIX) == 0)
		n -= sl;
	if (n == 0)
		errx(NW_EXIT_USAGE, "%s: empty topic name", path);
	name = xstrndup(base, n);
	if (strpbrk(name, "\t\n") != NULL)
		errx(NW_EXIT_USAGE, "%s: TAB or newline in the topic name",
		    path);
	for (i = 0; i < nfiles; i++)
		if (strcmp(files[i].name, name) == 0) {
			free(files[i].name);
			free(files[i].path);
			break;
		}
	if (i == nfiles) {
		if (nfiles == filescap) {
			filescap = filescap ? filescap * 2 : 32;
			files = xreallocarray(files, filescap,
			    sizeof(*files));
		}
		nfiles++;
	}
	files[i].name = name;
	files[i].path = xstrdup(path);
}

/* What a -T directory gave: topic files found, and named ones bad. */
struct found {
	int	 topics, bad;
};

/*
 * A *.topic entry of a -T directory: a topic file, or one that cannot be
 * (a dangling link, a FIFO), said rather than passed over.
 */
static void
topic_found(void *ctx, const char *path, const struct stat *st, int error)
{
	struct found *f = ctx;
	size_t n = strlen(path), sl = strlen(TOPIC_SUFFIX);

	if (n <= sl || strcmp(path + n - sl, TOPIC_SUFFIX) != 0 ||
	    path[n - sl - 1] == '/')
		return;
	if (st == NULL) {
		errno = error;
		input_open_warn(path, path);
		f->bad = 1;
	} else if (!S_ISREG(st->st_mode)) {
		warnx("%s: not a regular file", path);
		f->bad = 1;
	} else {
		file_add(path);
		f->topics = 1;
	}
}

/* A topic file, or every *.topic file in a directory, in byte order. */
static void
collect(const char *path)
{
	struct stat st;
	struct found found = { 0, 0 };

	(void)nw_path(path, "-T", "standard input carries the tokens");
	if (stat(path, &st) == -1)
		err(NW_EXIT_USAGE, "%s", path);
	if (!S_ISDIR(st.st_mode)) {
		file_add(path);
		return;
	}
	if (walk(path, 1, 0, topic_found, &found) == -1 || found.bad)
		exit(NW_EXIT_USAGE);
	if (!found.topics)
		errx(NW_EXIT_USAGE, "%s: no topic files (*%s)", path,
		    TOPIC_SUFFIX);
}

static int
file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct topic_file *)a)->name,
	    ((const struct topic_file *)b)->name);
}

/* Load what was collected; any error in a topic file is exit 2. */
static void
load(void)
{
	size_t i;
	int bad = 0;

	qsort(files, nfiles, sizeof(*files), file_cmp);
	set = topic_set_new();
	for (i = 0; i < nfiles; i++) {
		if (topic_set_load(set, files[i].name, files[i].path) == -1)
			bad = 1;
		free(files[i].name);
		free(files[i].path);
	}
	free(files);
	if (bad)
		nw_exit(NW_EXIT_USAGE);
}

/*
 * Digits, with a decimal point or not ("0.25", ".5", "3"): no hex, no
 * exponent, no inf or nan, which strtod() alone would take.  Scores are
 * compared as written, in thousandths: the threshold is the least of
 * them that is at least the number, taken from its digits, not rounded
 * (0.3364 is 0.337: 0.336 is below it; 0.0004 is 0.001).
 */
static long long
threshold_value(const char *arg)
{
	size_t n, digits;
	const char *p;
	char *end;
	double v = -1;
	long long millis = 0, scale;

	n = digits = strspn(arg, "0123456789");
	if (arg[n] == '.') {
		digits += strspn(arg + n + 1, "0123456789");
		n += 1 + strspn(arg + n + 1, "0123456789");
	}
	if (digits > 0 && arg[n] == '\0')
		v = strtod(arg, &end);
	if (v < 0 || v > THRESHOLD_MAX)
		errx(NW_EXIT_USAGE, "-t: %s: %s (allowed: 0 to %d)", arg,
		    v < 0 ? "invalid" : "too large", THRESHOLD_MAX);
	for (p = arg; *p >= '0' && *p <= '9'; p++)
		millis = millis * 10 + (*p - '0');
	millis *= 1000;
	if (*p == '.')
		for (p++, scale = 100; *p != '\0'; p++, scale /= 10) {
			if (scale > 0)
				millis += (*p - '0') * scale;
			else if (*p != '0') {
				millis++;	/* more than thousandths */
				break;
			}
		}
	return millis;
}

/*
 * One line: ID [META] TOPIC SCORE HITS [EXPLANATION].  The numbers and
 * what separates them are formatted together and written with one call:
 * a lexicon of common words scores every topic of every document, and a
 * call for each field was a third of what a line cost.
 */
static void
report_line(const char *id, size_t idlen, const char *meta, size_t metalen,
    const struct topic_score *sc)
{
	long long millis = sc->millis;
	char num[3 * FORMAT_U64_MAX + 8], *p = num;
	unsigned frac;

	out_write(id, idlen);
	out_putc('\t');
	if (meta != NULL) {
		out_write(meta, metalen);
		out_putc('\t');
	}
	out_puts(sc->name);
	*p++ = '\t';
	if (millis < 0) {
		*p++ = '-';
		millis = -millis;
	}
	p = format_u64(p, (uint64_t)millis / 1000, 1);
	frac = (unsigned)((uint64_t)millis % 1000);
	*p++ = '.';
	*p++ = (char)('0' + frac / 100);
	*p++ = (char)('0' + frac / 10 % 10);
	*p++ = (char)('0' + frac % 10);
	*p++ = '\t';
	p = format_u64(p, sc->hits, 1);
	if (!eflag)
		*p++ = '\n';
	out_write(num, (size_t)(p - num));
	if (eflag) {
		buf_clear(&explanation);
		topic_match_explain(match, sc->topic, &explanation);
		out_putc('\t');
		out_write(explanation.data, explanation.len);
		out_putc('\n');
	}
}

/* Print the scores of what was matched since the last report. */
static void
report(const char *id, size_t idlen, const char *meta, size_t metalen)
{
	struct topic_score *sc, best;
	size_t i, n;

	n = topic_match_scores(match, &sc);
	for (i = 0; i < n; i++) {
		if ((top > 0 && i >= (size_t)top) || sc[i].millis < threshold)
			break;
		report_line(id, idlen, meta, metalen, &sc[i]);
	}
	if (i == 0 && bflag && topic_match_best(match, &best))
		report_line(id, idlen, meta, metalen, &best);
	topic_match_reset(match);
}

/* The end of a document: report its scores. */
static void
document_end(void *arg, const char *id, size_t idlen)
{
	(void)arg;
	report(id, idlen, mflag && hasmeta ? buf_cstr(&docmeta) : NULL,
	    docmeta.len);
}

static int
score(const char *path, int flags)
{
	struct doc_group docs;
	struct input *in;
	struct record r;

	if ((in = input_open(path, flags)) == NULL)
		return 1;
	doc_group_init(&docs, document_end, NULL);
	while (record_next(in, &r) == 1) {
		if (rflag) {
			topic_match_text(match, r.text, r.textlen);
			report(r.id, r.idlen, r.meta, r.metalen);
			continue;
		}
		if (doc_group_next(&docs, &r) && mflag) {
			buf_clear(&docmeta);
			buf_add(&docmeta, r.meta, r.meta != NULL ? r.metalen : 0);
			hasmeta = r.meta != NULL;
		}
		topic_match_text(match, r.text, r.textlen);
	}
	doc_group_finish(&docs);
	doc_group_free(&docs);
	return input_close(in) == -1 ? 1 : 0;
}

static void
list(void)
{
	size_t i;

	for (i = 0; i < topic_set_count(set); i++)
		out_printf("%s\t%zu\t%s\n", topic_set_name(set, (uint32_t)i),
		    topic_set_entries(set, (uint32_t)i),
		    topic_set_path(set, (uint32_t)i));
	nw_exit(NW_EXIT_OK);
}

static void
usage(int status)
{
	const char *text = "usage: nw-topic-score [-hmr] [-k N] [-t MIN] "
	    "[-T [+]PATH] [--best] [--explain]\n"
	    "                      [--list] [--strict] [file ...]\n"
	    "      --best           a document with no topic written gets its"
	    " best one\n"
	    "                       (a single-label decision), score as it is"
	    "\n"
	    "      --explain        add the entries that counted, with their"
	    " counts\n"
	    "  -h, --help           print this help and exit\n"
	    "  -k, --top N          at most the N best topics of a document\n"
	    "      --list           list the topics loaded and exit\n"
	    "  -m, --meta           a document's lines begin with the metadata\n"
	    "                       of its first record, as -r lines do\n"
	    "  -r, --records        score each record, not each document\n"
	    "      --strict         invalid UTF-8 or NUL is an error\n"
	    "  -T, --topics [+]PATH topic file or directory (+: with the shipped)"
	    "\n"
	    "  -t, --threshold MIN  only topics scoring at least MIN (0 to"
	    " 1000000)\n"
	    "      --version        print the version and exit\n";

	nw_usage(status, text);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "best",	no_argument,		NULL,	OPT_BEST },
		{ "explain",	no_argument,		NULL,	OPT_EXPLAIN },
		{ "help",	no_argument,		NULL,	'h' },
		{ "list",	no_argument,		NULL,	OPT_LIST },
		{ "meta",	no_argument,		NULL,	'm' },
		{ "records",	no_argument,		NULL,	'r' },
		{ "strict",	no_argument,		NULL,	OPT_STRICT },
		{ "threshold",	required_argument,	NULL,	't' },
		{ "top",	required_argument,	NULL,	'k' },
		{ "topics",	required_argument,	NULL,	'T' },
		{ "version",	no_argument,		NULL,	OPT_VERSION },
		{ NULL,		0,			NULL,	0 }
	};
	char **paths;
	char *shipped;
	size_t npaths = 0, i;
	int ch, flags = 0, lflag = 0, replace = 0, rval = 0;

	paths = xreallocarray(NULL, (size_t)argc, sizeof(*paths));
	while ((ch = nw_getopt(argc, argv, "hk:mrT:t:", longopts)) != -1) {
		switch (ch) {
		case 'h':
			usage(NW_EXIT_OK);
			break;
		case 'k':
			top = nw_number(optarg, 1, 1000000, "-k");
			break;
		case 'm':
			mflag = 1;
			break;
		case 'r':
			rflag = 1;
			break;
		case 'T':
			if (*optarg == '+')
				optarg++;
			else
				replace = 1;
			paths[npaths++] = optarg;
			break;
		case 't':
			threshold = threshold_value(optarg);
			if (threshold < 1)
				threshold = 1;
			break;
		case OPT_BEST:
			bflag = 1;
			break;
		case OPT_EXPLAIN:
			eflag = 1;
			break;
		case OPT_LIST:
			lflag = 1;
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
	if (lflag && argc > 0)
		errx(NW_EXIT_USAGE, "--list: reads no file");
	/* A record's line has all of its fields already. */
	if (mflag && rflag)
		errx(NW_EXIT_USAGE, "-m and -r: a line of -r has its record's "
		    "fields");

	if (!replace) {
		shipped = nw_share_path("topics");
		collect(shipped);
		free(shipped);
	}
	for (i = 0; i < npaths; i++)
		collect(paths[i]);
	free(paths);
	load();
	if (lflag)
		list();

	match = topic_match_new(set);
	topic_match_threshold(match, threshold);
	if (argc == 0)
		rval |= score("-", flags);
	for (; argc > 0; argc--, argv++)
		rval |= score(*argv, flags);
	topic_match_free(match);
	topic_set_free(set);
	buf_free(&explanation);
	buf_free(&docmeta);
	nw_exit(rval);
}
