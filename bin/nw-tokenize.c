/* SPDX-License-Identifier: ISC */
/* nw-tokenize: cut the text of each record into space-separated tokens. */
#include <err.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nw.h"

enum {
	OPT_CLITICS = 256,
	OPT_HYPHENS,
	OPT_STEM,
	OPT_STRICT,
	OPT_VERSION
};

static const struct option longopts[] = {
	{ "clitics",	required_argument,	NULL,	OPT_CLITICS },
	{ "help",	no_argument,		NULL,	'h' },
	{ "hyphens",	required_argument,	NULL,	OPT_HYPHENS },
	{ "lower",	no_argument,		NULL,	'l' },
	{ "stem",	optional_argument,	NULL,	OPT_STEM },
	{ "stopwords",	required_argument,	NULL,	's' },
	{ "strict",	no_argument,		NULL,	OPT_STRICT },
	{ "version",	no_argument,		NULL,	OPT_VERSION },
	{ "words",	no_argument,		NULL,	'w' },
	{ NULL,		0,			NULL,	0 }
};

static struct tokenizer	*tokenizer;
static struct tokenizer	*plain;		/* no token dropped: blanks_only() */
static struct lang_tokenizers *bylang;	/* -s auto, --stem auto */
static struct buf	 text;
static int		 inflags;

/*
 * 1 if text/n holds no token even with every option off: blanks and
 * controls only.  Asked only of a text that gave no token, which is
 * rare.
 */
static int
blanks_only(const char *s, size_t n)
{
	struct buf tokens = { 0 };
	int none;

	if (plain == NULL)
		plain = tokenizer_new(0, CLITICS_KEEP, NULL);
	tokenize_append(plain, &tokens, s, n);
	none = tokens.len == 0;
	buf_free(&tokens);
	return none;
}

static int
tokenize_input(const char *path)
{
	struct tokenizer *tk;
	struct input *in;
	struct record r;
	uint64_t dropped = 0;
	int rc, rval = 0;

	if ((in = input_open(path, inflags | INPUT_UTF8_LATER)) == NULL)
		return 1;
	while ((rc = record_next(in, &r)) == 1) {
		buf_clear(&text);
		tk = bylang != NULL ? lang_tokenizer(bylang, &r) : tokenizer;
		tokenize_append(tk, &text, r.text, r.textlen);
		/*
		 * Lines come unchecked (INPUT_UTF8_LATER): the tokenizer
		 * decodes every character anyway, so the UTF-8 is checked
		 * there, and the rare line that needs repairs is repaired
		 * and tokenized again.
		 */
		if (tokenize_unclean(tk) || !record_head_clean(&r)) {
			record_repair(in, &r);
			buf_clear(&text);
			tk = bylang != NULL ? lang_tokenizer(bylang, &r) :
			    tokenizer;
			tokenize_append(tk, &text, r.text, r.textlen);
		}
		/*
		 * A record promises text; a bare line may be blank.  Tokens
		 * that -w or -s drop are dropped as asked, and so is a record
		 * left with none; a text of blanks is counted and reported,
		 * as nw-normalize reports a text it empties.
		 */
		if (text.len == 0 && r.textlen > 0 && r.nfields > 1) {
			dropped += blanks_only(r.text, r.textlen);
			continue;
		}
		record_write(&r, text.data, text.len);
	}
	if (dropped > 0)
		warnx("%s: %" PRIu64 " record%s dropped: no token in the text",
		    input_name(in), dropped, dropped == 1 ? "" : "s");
	if (rc == -1)
		rval = 1;
	if (input_close(in) == -1)
		rval = 1;
	return rval;
}

static void __attribute__((__noreturn__))
usage(int status)
{
	const char *msg =
	    "usage: nw-tokenize [-lw] [-s list] [--clitics split|keep|drop]\n"
	    "                   [--hyphens keep|split] [--stem [auto]] [--strict]\n"
	    "                   [file ...]\n"
	    "      --clitics HOW    Libya's: split (default: Libya 's), keep"
	    " or drop\n"
	    "  -h, --help           print this help and exit\n"
	    "      --hyphens HOW    cross-border: keep (default) or split\n"
	    "  -l, --lower          case-fold every token\n"
	    "  -s, --stopwords LIST drop the words of LIST (./FILE; en: shipped;"
	    "\n"
	    "                       auto: the list of each record's lang=)\n"
	    "      --stem [auto]    Snowball English stems (auto: by lang=);"
	    " implies -l\n"
	    "      --strict         invalid UTF-8 or NUL is an error\n"
	    "      --version        print the version and exit\n"
	    "  -w, --words          words only: no punctuation tokens\n";

	nw_usage(status, msg);
}

int
main(int argc, char *argv[])
{
	static const char *const clitic_words[] = { "split", "keep", "drop",
	    NULL };
	static const char *const hyphen_words[] = { "keep", "split", NULL };
	static const char *const stem_words[] = { "auto", NULL };
	struct wordset *stopwords = NULL;
	const char *stoparg = NULL;
	int ch, flags = 0, clitics = CLITICS_SPLIT, rval = 0, autoflags = 0;

	/* "--stem auto" as "--stem=auto": the argument is optional. */
	for (ch = 1; ch < argc && strcmp(argv[ch], "--") != 0; ch++)
		if (strcmp(argv[ch], "--stem") == 0 && ch + 1 < argc &&
		    strcmp(argv[ch + 1], "auto") == 0) {
			argv[ch] = "--stem=auto";
			memmove(argv + ch + 1, argv + ch + 2,
			    (size_t)(argc - ch - 1) * sizeof(*argv));
			argc--;
		}

	while ((ch = nw_getopt(argc, argv, "hls:w", longopts)) != -1) {
		switch (ch) {
		case 'h':
			usage(0);
		case 'l':
			flags |= TOKENIZE_LOWER;
			break;
		case 's':
			/*
			 * Given again, the lists add up; auto is each
			 * record's own list, which takes no other.
			 */
			if (stoparg != NULL && (strcmp(stoparg, "auto") == 0 ||
			    strcmp(optarg, "auto") == 0))
				errx(NW_EXIT_USAGE, "-s %s and -s %s: auto "
				    "takes each record's list, and no other",
				    stoparg, optarg);
			stoparg = optarg;
			if (strcmp(optarg, "auto") != 0)
				stopwords = wordset_load_stopwords(stopwords,
				    "-s", optarg);
			break;
		case 'w':
			flags |= TOKENIZE_WORDS;
			break;
		case OPT_CLITICS:
			clitics = nw_keyword(optarg, clitic_words, "--clitics");
			break;
		case OPT_HYPHENS:
			if (nw_keyword(optarg, hyphen_words, "--hyphens") == 1)
				flags |= TOKENIZE_SPLIT_HYPHENS;
			else
				flags &= ~TOKENIZE_SPLIT_HYPHENS;
			break;
		case OPT_STEM:
			flags |= TOKENIZE_STEM;
			/* The last --stem counts: plain is English again. */
			if (optarg != NULL) {
				nw_keyword(optarg, stem_words, "--stem");
				autoflags |= LANG_AUTO_STEM;
			} else
				autoflags &= ~LANG_AUTO_STEM;
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

	if (stoparg != NULL && strcmp(stoparg, "auto") == 0)
		autoflags |= LANG_AUTO_STOP;
	if (autoflags != 0)
		bylang = lang_tokenizers_new(flags, clitics, autoflags,
		    stopwords);
	else
		tokenizer = tokenizer_new(flags, clitics, stopwords);
	if (argc == 0)
		rval |= tokenize_input("-");
	for (; argc > 0; argc--, argv++)
		rval |= tokenize_input(*argv);
	tokenizer_free(tokenizer);
	tokenizer_free(plain);
	lang_tokenizers_free(bylang);
	wordset_free(stopwords);
	buf_free(&text);
	nw_exit(rval);
}
