/* SPDX-License-Identifier: ISC */
/* nw-clean: keep the paragraphs of documents that are content. */
#include <sys/stat.h>

#include <err.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "nw.h"

enum {
	OPT_EXPLAIN = 256,
	OPT_FEATURE_NAMES,
	OPT_FEATURES,
	OPT_KEEP_TITLE,
	OPT_RULES,
	OPT_STRICT,
	OPT_THRESHOLDS,
	OPT_TWO_PASS,
	OPT_VERSION,
};

static struct cleaner	*cleaner;
static struct buf	 explanation;
static struct buf	 host;		/* a source's host, lower-cased */
static int		 eflag, fflag, vflag;

/* Classify one document and write the records asked for, unchanged. */
static void
document(const struct doc *d, const char *input)
{
	const struct record *r;
	const char *src;
	size_t srclen, i;

	id_source(d->id, d->idlen, input, &host, &src, &srclen);
	cleaner_classify(cleaner, d, src, srclen);
	for (i = 0; i < d->nrecords; i++) {
		r = &d->records[i];
		if (fflag) {
			/* Every record with its vector, for training. */
			buf_clear(&explanation);
			cleaner_features(cleaner, i, &explanation);
			/* Empty for a document left to the rules. */
			record_write_meta(r, "features", explanation.len > 0 ?
			    explanation.data : "", explanation.len, r->text,
			    r->textlen);
			continue;
		}
		if (cleaner_keep(cleaner, i) == vflag)
			continue;
		if (eflag) {
			buf_clear(&explanation);
			cleaner_explain(cleaner, i, &explanation);
			record_write_meta(r, "clean", explanation.data,
			    explanation.len, r->text, r->textlen);
		} else
			record_write(r, r->text, r->textlen);
	}
}

/* The first of two passes: the repeats of every document counted. */
static void
count(const struct doc *d, const char *input)
{
	const char *src;
	size_t srclen;

	id_source(d->id, d->idlen, input, &host, &src, &srclen);
	cleaner_count(cleaner, d, src, srclen);
}

/* Every document of in to each(), in closed: 1 if reading it failed. */
static int
read_input(struct input *in, void (*each)(const struct doc *, const char *))
{
	struct doc d = { 0 };

	while (doc_next(in, &d) == 1)
		each(&d, input_name(in));
	doc_free(&d);
	return input_close(in) == -1 ? 1 : 0;
}

static int
clean(const char *path, int flags,
    void (*each)(const struct doc *, const char *))
{
	struct input *in;

	if ((in = input_open(path, flags)) == NULL)
		return 1;
	return read_input(in, each);
}

/*
 * --two-pass: every file read once to count, then again to classify
 * with the counts of the whole input.  Only a regular file can be read
 * twice; one that cannot be opened is left out of the second pass.  One
 * whose reading fails part-way (cut short, or invalid with --strict) is
 * not: the second pass writes what can be read of it, as one pass does,
 * and reports the error again.  The repairs of an input (invalid UTF-8,
 * NUL bytes, C1 controls) are reported by the first pass alone: it reads
 * every input whole before anything is written.
 */
static int
two_pass(char **paths, int n, int flags)
{
	struct input *in;
	struct stat st;
	char *ok;
	int i, rval = 0;

	ok = xcalloc((size_t)n, 1);
	for (i = 0; i < n; i++) {
		if (stat(paths[i], &st) == 0 && !S_ISREG(st.st_mode)) {
			warnx("%s: --two-pass reads its input twice: "
			    "not a regular file", paths[i]);
			rval = 1;
			continue;
		}
		if ((in = input_open(paths[i], flags)) == NULL) {
			rval = 1;
			continue;
		}
		rval |= read_input(in, count);
		ok[i] = 1;
	}
	cleaner_freeze(cleaner);
	for (i = 0; i < n; i++)
		if (ok[i])
			rval |= clean(paths[i], flags | INPUT_REREAD,
			    document);
	free(ok);
	return rval;
}

/* NAME=VALUE as -t takes it, and what it is. */
static void
list_thresholds(const struct clean_config *cfg)
{
	struct buf line = { 0 };
	int i;

	for (i = 0; i < CLEAN_NTHRESHOLDS; i++) {
		buf_clear(&line);
		clean_threshold_format(cfg, i, &line);
		out_printf("%.*s\t%s\n", (int)line.len, line.data,
		    clean_threshold_what(i));
	}
	buf_free(&line);
	nw_exit(NW_EXIT_OK);
}

static void
list_features(void)
{
	char name[CLEAN_FEATURE_NAME_MAX];
	size_t i;

	for (i = 0; i < clean_features_count(); i++) {
		clean_feature_name(i, name);
		out_printf("%zu\t%s\n", i + 1, name);
	}
	nw_exit(NW_EXIT_OK);
}

static void
usage(int status)
{
	const char *text =
	    "usage: nw-clean [-hkv] [-b lexicon] [-m model | --rules] "
	    "[-S size]\n"
	    "                [-s stopwords] [-t name=value] [--explain] "
	    "[--features]\n"
	    "                [--feature-names] [--strict] [--thresholds] "
	    "[--two-pass]\n"
	    "                [file ...]\n"
	    "  -b, --boilerplate FILE  boilerplate phrases instead of the "
	    "shipped ones\n"
	    "      --explain           add clean=CLASS:REASON to each record\n"
	    "      --features          write every record with the model's "
	    "features=\n"
	    "      --feature-names     list the model's features and exit\n"
	    "  -h, --help              print this help and exit\n"
	    "  -k, --keep-title        keep the title paragraph\n"
	    "  -m, --model FILE        weights instead of the shipped "
	    "clean.model\n"
	    "      --rules             the hand-set rules instead of the model\n"
	    "  -S, --table-size SIZE   the repeat table (default 4M; 0: none)\n"
	    "  -s, --stopwords LIST    stopwords for every language (./FILE; "
	    "en: shipped)\n"
	    "      --strict            invalid UTF-8 or NUL is an error\n"
	    "  -t, --threshold NAME=VALUE  set a threshold\n"
	    "      --thresholds        list the thresholds and exit\n"
	    "      --two-pass          count repeats over all the files first\n"
	    "  -v, --invert            write what would be dropped\n"
	    "      --version           print the version and exit\n";

	nw_usage(status, text);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "boilerplate", required_argument,	NULL,	'b' },
		{ "explain",	no_argument,		NULL,	OPT_EXPLAIN },
		{ "feature-names", no_argument,		NULL,	OPT_FEATURE_NAMES },
		{ "features",	no_argument,		NULL,	OPT_FEATURES },
		{ "help",	no_argument,		NULL,	'h' },
		{ "invert",	no_argument,		NULL,	'v' },
		{ "keep-title",	no_argument,		NULL,	'k' },
		{ "model",	required_argument,	NULL,	'm' },
		{ "rules",	no_argument,		NULL,	OPT_RULES },
		{ "stopwords",	required_argument,	NULL,	's' },
		{ "strict",	no_argument,		NULL,	OPT_STRICT },
		{ "table-size",	required_argument,	NULL,	'S' },
		{ "threshold",	required_argument,	NULL,	't' },
		{ "thresholds",	no_argument,		NULL,	OPT_THRESHOLDS },
		{ "two-pass",	no_argument,		NULL,	OPT_TWO_PASS },
		{ "version",	no_argument,		NULL,	OPT_VERSION },
		{ NULL,		0,			NULL,	0 }
	};
	struct clean_config cfg;
	char **stoplist = NULL;
	const char *why;
	size_t nstop = 0;
	int ch, flags = 0, i, list = 0, names = 0, rval = 0, twopass = 0;

	clean_config_default(&cfg);
	while ((ch = nw_getopt(argc, argv, "b:hkm:S:s:t:v", longopts)) != -1) {
		switch (ch) {
		case 'b':
			cfg.lexicon = optarg;
			break;
		case 'h':
			usage(NW_EXIT_OK);
			break;
		case 'k':
			cfg.keep_title = 1;
			break;
		case 'm':
			cfg.model = optarg;
			break;
		case 'S':
			cfg.table_bytes = nw_size(optarg, (uint64_t)1 << 40,
			    "-S");
			break;
		case 's':
			/* Given again, the lists add up. */
			stoplist = xreallocarray(stoplist, nstop + 2,
			    sizeof(*stoplist));
			stoplist[nstop++] = nw_list_path("stopwords", "-s",
			    optarg);
			stoplist[nstop] = NULL;
			cfg.stopwords = stoplist;
			break;
		case 't':
			if ((why = clean_threshold_set(&cfg, optarg)) != NULL)
				errx(NW_EXIT_USAGE, "-t: %s: %s", optarg, why);
			break;
		case 'v':
			vflag = 1;
			break;
		case OPT_EXPLAIN:
			eflag = 1;
			break;
		case OPT_FEATURE_NAMES:
			names = 1;
			break;
		case OPT_FEATURES:
			fflag = 1;
			break;
		case OPT_RULES:
			cfg.rules = 1;
			break;
		case OPT_STRICT:
			flags |= INPUT_STRICT;
			break;
		case OPT_THRESHOLDS:
			list = 1;
			break;
		case OPT_TWO_PASS:
			twopass = 1;
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
	if (cfg.rules && cfg.model != NULL)
		errx(NW_EXIT_USAGE, "-m cannot be used with --rules");
	/*
	 * It writes every record, with its vector and nothing else; the
	 * rules read no vector, so there would be none.
	 */
	if (fflag && (eflag || vflag || cfg.rules))
		errx(NW_EXIT_USAGE, "--features cannot be used with %s",
		    eflag ? "--explain" : vflag ? "-v" : "--rules");
	/* What the first pass counts, the repeat table, is there. */
	if (twopass && cfg.table_bytes == 0)
		errx(NW_EXIT_USAGE, "--two-pass cannot be used with -S 0");
	if (twopass && cfg.threshold[CLEAN_REPEATS] < 1)
		errx(NW_EXIT_USAGE, "--two-pass cannot be used with "
		    "-t repeats=0");
	if (names && list)
		errx(NW_EXIT_USAGE, "--feature-names cannot be used with "
		    "--thresholds");
	if (names) {
		if (argc > 0)
			errx(NW_EXIT_USAGE, "--feature-names: reads no file");
		list_features();
	}
	if (list) {
		if (argc > 0)
			errx(NW_EXIT_USAGE, "--thresholds: reads no file");
		list_thresholds(&cfg);
	}

	if (twopass) {
		for (i = 0; i < argc && strcmp(argv[i], "-") != 0; i++)
			;
		if (argc == 0 || i < argc)
			errx(NW_EXIT_USAGE, "--two-pass reads its input "
			    "twice: give files, not standard input");
	}

	if ((cleaner = cleaner_new(&cfg)) == NULL)
		nw_exit(NW_EXIT_USAGE);
	if (twopass)
		rval = two_pass(argv, argc, flags);
	else if (argc == 0)
		rval |= clean("-", flags, document);
	for (; !twopass && argc > 0; argc--, argv++)
		rval |= clean(*argv, flags, document);
	cleaner_free(cleaner);
	buf_free(&explanation);
	buf_free(&host);
	while (nstop > 0)
		free(stoplist[--nstop]);
	free(stoplist);
	nw_exit(rval);
}
