/* SPDX-License-Identifier: ISC */
/* nw-normalize: clean the text field of newswire records. */
#include <err.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "nw.h"

enum { OPT_FORM = 256, OPT_STRICT, OPT_VERSION };

static const struct option longopts[] = {
	{ "form",	   required_argument,	NULL,	OPT_FORM },
	{ "help",	   no_argument,		NULL,	'h' },
	{ "lower",	   no_argument,		NULL,	'l' },
	{ "strict",	   no_argument,		NULL,	OPT_STRICT },
	{ "strip-accents", no_argument,		NULL,	'a' },
	{ "version",	   no_argument,		NULL,	OPT_VERSION },
	{ NULL,		   0,			NULL,	0 }
};

static struct normalizer	*norm;
static struct buf		 text;
static int			 inflags;

static int
normalize_file(const char *path)
{
	struct input *in;
	struct record r;
	uint64_t dropped = 0;
	int rc;

	if ((in = input_open(path, inflags)) == NULL)
		return 1;
	while ((rc = record_next(in, &r)) == 1) {
		buf_clear(&text);
		normalize_text(norm, &text, r.text, r.textlen);
		/* A record promises text; a bare line may be blank. */
		if (text.len == 0 && r.textlen > 0 && r.nfields > 1) {
			dropped++;
			continue;
		}
		record_write(&r, text.data, text.len);
	}
	if (dropped > 0)
		warnx("%s: %" PRIu64 " record%s dropped: no text left after "
		    "normalization", input_name(in), dropped,
		    dropped == 1 ? "" : "s");
	return input_close(in) == -1 || rc == -1;
}

static void __attribute__((__noreturn__))
usage(int status)
{
	const char *msg =
	    "usage: nw-normalize [-ahl] [--form nfc|nfkc|none] [--strict] [file ...]\n"
	    "  -a, --strip-accents  drop diacritics (Chargé -> Charge)\n"
	    "  -h, --help           print this help and exit\n"
	    "  -l, --lower          lower-case by Unicode case folding\n"
	    "      --form FORM      Unicode normalization: nfkc (default), nfc"
	    " or none\n"
	    "      --strict         invalid UTF-8 or NUL is an error\n"
	    "      --version        print the version and exit\n";

	nw_usage(status, msg);
}

int
main(int argc, char *argv[])
{
	static const char *const form_words[] = { "nfc", "nfkc", "none",
	    NULL };
	static const int forms[] = { NORM_NFC, NORM_NFKC, NORM_NONE };
	int ch, flags = 0, form = NORM_NFKC, rval = 0;

	while ((ch = nw_getopt(argc, argv, "ahl", longopts)) != -1) {
		switch (ch) {
		case 'a':
			flags |= NORM_STRIP_MARKS;
			break;
		case 'h':
			usage(NW_EXIT_OK);
		case 'l':
			flags |= NORM_LOWER;
			break;
		case OPT_FORM:
			form = forms[nw_keyword(optarg, form_words, "--form")];
			break;
		case OPT_STRICT:
			inflags |= INPUT_STRICT;
			break;
		case OPT_VERSION:
			nw_version();
		default:
			usage(NW_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;

	norm = normalizer_new(form, flags);
	if (argc == 0)
		rval |= normalize_file("-");
	for (; argc > 0; argc--, argv++)
		rval |= normalize_file(*argv);
	normalizer_free(norm);
	buf_free(&text);
	nw_exit(rval);
}
