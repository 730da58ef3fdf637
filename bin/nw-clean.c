/* SPDX-License-Identifier: ISC */
/* nw-clean: keep the paragraphs of documents that are content. */
#include <err.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "nw.h"

enum {
	OPT_EXPLAIN = 256,
	OPT_KEEP_TITLE,
	OPT_STRICT,
	OPT_THRESHOLDS,
	OPT_VERSION,
};

static struct cleaner	*cleaner;
static struct buf	 explanation;
static int		 eflag, vflag;

/* Classify one document and write the records asked for, unchanged. */
static void
document(const struct doc *d, const char *input)
{
	const struct record *r;
	const char *src;
	size_t srclen, i;

	clean_source(d->id, d->idlen, input, &src, &srclen);
	cleaner_classify(cleaner, d, src, srclen);
	for (i = 0; i < d->nrecords; i++) {
		if (cleaner_keep(cleaner, i) == vflag)
			continue;
		r = &d->records[i];
		if (eflag) {
			buf_clear(&explanation);
			cleaner_explain(cleaner, i, &explanation);
			record_write_meta(r, "clean", explanation.data,
			    explanation.len, r->text, r->textlen);
		} else
			record_write(r, r->text, r->textlen);
	}
}

static int
clean(const char *path, int flags)
{
	struct doc d = { 0 };
	struct input *in;

	if ((in = input_open(path, flags)) == NULL)
		return 1;
	while (doc_next(in, &d) == 1)
		document(&d, input_name(in));
	doc_free(&d);
	return input_close(in) == -1 ? 1 : 0;
}

static void
list_thresholds(const struct clean_config *cfg)
{
	int i;

	for (i = 0; i < CLEAN_NTHRESHOLDS; i++)
		out_printf("%s=%g\t%s\n", clean_threshold_name(i),
		    cfg->threshold[i], clean_threshold_what(i));
	nw_exit(NW_EXIT_OK);
}

static void
usage(int status)
{
	const char *text =
	    "usage: nw-clean [-hkv] [-b lexicon] [-S size] [-s stopwords] "
	    "[-t name=value]\n"
	    "                [--explain] [--strict] [--thresholds] "
	    "[file ...]\n"
	    "  -b, --boilerplate FILE  boilerplate phrases instead of the "
	    "shipped ones\n"
	    "      --explain           add clean=CLASS:REASON to each record\n"
	    "  -h, --help              print this help and exit\n"
	    "  -k, --keep-title        keep the title paragraph\n"
	    "  -S, --table-size SIZE   the repeat table (default 4M; 0: none)\n"
	    "  -s, --stopwords FILE    one stopword list for every language\n"
	    "      --strict            invalid UTF-8 or NUL is an error\n"
	    "  -t, --threshold NAME=VALUE  set a threshold\n"
	    "      --thresholds        list the thresholds and exit\n"
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
		{ "help",	no_argument,		NULL,	'h' },
		{ "invert",	no_argument,		NULL,	'v' },
		{ "keep-title",	no_argument,		NULL,	'k' },
		{ "stopwords",	required_argument,	NULL,	's' },
		{ "strict",	no_argument,		NULL,	OPT_STRICT },
		{ "table-size",	required_argument,	NULL,	'S' },
		{ "threshold",	required_argument,	NULL,	't' },
		{ "thresholds",	no_argument,		NULL,	OPT_THRESHOLDS },
		{ "version",	no_argument,		NULL,	OPT_VERSION },
		{ NULL,		0,			NULL,	0 }
	};
	struct clean_config cfg;
	const char *why;
	int ch, flags = 0, list = 0, rval = 0;

	clean_config_default(&cfg);
	while ((ch = nw_getopt(argc, argv, "b:hkS:s:t:v", longopts)) != -1) {
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
		case 'S':
			cfg.table_bytes = nw_size(optarg, "-S");
			if (cfg.table_bytes > (uint64_t)1 << 40)
				errx(NW_EXIT_USAGE, "-S: %s: too large "
				    "(allowed: up to 1T)", optarg);
			break;
		case 's':
			cfg.stopwords = optarg;
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
		case OPT_STRICT:
			flags |= INPUT_STRICT;
			break;
		case OPT_THRESHOLDS:
			list = 1;
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
	if (list)
		list_thresholds(&cfg);

	if ((cleaner = cleaner_new(&cfg)) == NULL)
		nw_exit(NW_EXIT_USAGE);
	if (argc == 0)
		rval |= clean("-", flags);
	for (; argc > 0; argc--, argv++)
		rval |= clean(*argv, flags);
	cleaner_free(cleaner);
	buf_free(&explanation);
	nw_exit(rval);
}
