/* SPDX-License-Identifier: ISC */
/* nw-split: raw text in, one record per paragraph, sentence or document out. */
#include <sys/stat.h>
#include <sys/types.h>

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nw.h"

enum {
	OPT_BLOCK_HINTS = 256, OPT_CHARSET, OPT_FORMAT, OPT_HTML_FIELD,
	OPT_HTML_TITLE,
	OPT_HTTP_STATUS, OPT_ID_FIELD, OPT_JSONL, OPT_META, OPT_NAME,
	OPT_STRICT, OPT_TEXT_FIELD, OPT_TITLE_FIELD, OPT_TRUNCATED, OPT_VERSION
};

static int			 unit = SPLIT_PARA;
static int			 layout = PARA_AUTO;
static int			 input_flags;
static struct source_options	 sources;	/* formats and their fields */
static const char		*stdin_name = "-";
static const char		*rules_path;
static struct delimiter		*delimiter;	/* -d, or NULL */
static struct sentence_rules	*rules;
static struct paragraph		*joiner;
static struct split_writer	*writer;
static int			 rval;
static int			 block_hints;	/* --block-hints */
static int			 html_title;	/* --html-title */

/* The end of a document split into lines. */
static void
document_end(void)
{
	paragraph_end(joiner);
	split_writer_end(writer);
}

/*
 * Split the lines of in as the document called id or, with -d, as the
 * documents starting at each matching line, called id#1, id#2, ...
 * (lines before the first match are a document when one is not blank).
 * Every source of documents comes through here: the caller opens the
 * input and closes it.
 */
static void
split_document(struct input *in, const char *id, const char *meta,
    int truncated)
{
	uint64_t ndoc = 0;
	size_t len;
	char *line;
	int open = 0;

	while ((line = input_line(in, &len)) != NULL) {
		if (delimiter != NULL) {
			if (delimiter_match(delimiter, line, len) ||
			    (!open && !whitespace_only(line, len))) {
				if (open)
					document_end();
				split_writer_begin(writer, id, ++ndoc, meta,
				    truncated);
				open = 1;
			} else if (!open)
				continue;
		} else if (!open) {
			split_writer_begin(writer, id, 0, meta, truncated);
			open = 1;
		}
		paragraph_line(joiner, line, len);
	}
	if (open)
		document_end();
}

/*
 * A web page: its blocks are its paragraphs, already found by html.c,
 * so the line joiner is not used; the title first with --html-title.
 */
static void
split_page(const struct html_page *pg, const char *id, const char *meta,
    int truncated)
{
	static const char title_hint[] = "title,-,0,0,0,0";
	size_t i;

	split_writer_begin(writer, id, 0, meta, truncated);
	if (html_title && pg->title.len > 0)
		split_writer_hinted(writer, title_hint, sizeof(title_hint) - 1,
		    pg->title.data, pg->title.len);
	for (i = 0; i < pg->nblocks; i++)
		split_writer_hinted(writer, pg->hints.data +
		    pg->blocks[i].hint, pg->blocks[i].hintlen,
		    pg->text.data + pg->blocks[i].text,
		    pg->blocks[i].textlen);
	split_writer_end(writer);
}

/*
 * "dir: 3 files skipped: not text (2 PNG image, 1 ELF executable)": the
 * files under one directory operand skipped as not text, in one line at
 * its end rather than one a file, for a dump of scraped pages may hold
 * thousands of images beside its text.
 */
static void
skipped_report(struct kind_tally *sk, const char *dir)
{
	struct buf b = { 0 };
	uint64_t files = sk->total;

	if (files == 0)
		return;
	kind_tally_say(sk, &b);
	warnx("%s: %" PRIu64 " file%s skipped: not text (%s)", dir, files,
	    files == 1 ? "" : "s", buf_cstr(&b));
	buf_free(&b);
}

/*
 * A file, or "-": text, a web page, an archive, a WARC file or JSON
 * Lines, each document in it split in turn.  One that is an image, a
 * program or the like is skipped: named, and an error, when it was
 * named as an operand (skipped is NULL), which then gave nothing;
 * counted in skipped, and no error, when it was found under a directory
 * operand, which holds such files beside the text as an archive does.
 */
static void
split_file(const char *path, const char *id, struct kind_tally *skipped)
{
	struct source_document doc;
	struct source *src;
	const char *kind;

	if ((src = source_open(path, id, &sources)) == NULL) {
		rval = 1;
		return;
	}
	if ((kind = source_not_text(src)) != NULL) {
		if (skipped != NULL)
			kind_tally_add(skipped, kind);
		else {
			warnx("%s: not text (%s): skipped", id, kind);
			rval = 1;
		}
	}
	while (source_next(src, &doc)) {
		if (doc.html != NULL)
			split_page(doc.html, doc.id, doc.meta, doc.truncated);
		else
			split_document(doc.in, doc.id, doc.meta,
			    doc.truncated);
	}
	if (source_close(src) == -1)
		rval = 1;
}

/* An entry found under a directory operand; ctx: its kind_tally. */
static void
split_entry(void *ctx, const char *path, const struct stat *st, int error)
{
	if (st == NULL) {
		errno = error;
		input_open_warn(path, path);
		rval = 1;
	} else if (S_ISREG(st->st_mode))
		split_file(path, path, ctx);
	else {
		warnx("%s: not a regular file, skipped", path);
		rval = 1;
	}
}

static void
split_operand(const char *arg)
{
	struct kind_tally skipped = { NULL, 0, 0 };
	struct stat st;

	if (strcmp(arg, "-") == 0)
		split_file(arg, stdin_name, NULL);
	else if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (walk(arg, WALK_ALL, WALK_ONCE, split_entry,
		    &skipped) == -1)
			rval = 1;
		skipped_report(&skipped, arg);
	} else
		split_file(arg, arg, NULL);
}

static void __attribute__((__noreturn__))
usage(int status)
{
	const char *text =
	    "usage: nw-split [-h] [-a file] [-d regex] [-p auto|line|blank]\n"
	    "                [-u para|sentence|doc] [--block-hints]\n"
	    "                [--charset charset] [--format format]\n"
	    "                [--html-field names]\n"
	    "                [--html-title] [--http-status codes]\n"
	    "                [--id-field names] [--jsonl] [--meta names]\n"
	    "                [--name name] [--strict] [--text-field names]\n"
	    "                [--title-field names] [--truncated drop|keep]\n"
	    "                [--version] [file | directory | -] ...\n"
	    "  -a, --abbreviations FILE  sentence rules (default abbreviations.en)\n"
	    "  -d, --delimiter RE        a line matching RE starts a document\n"
	    "  -h, --help                print this help and exit\n"
	    "  -p, --paragraphs LAYOUT   auto (default), line or blank\n"
	    "  -u, --unit UNIT           para (default), sentence or doc\n"
	    "      --block-hints         block=HINT before each web page paragraph\n"
	    "      --charset CHARSET     of text lines and pages not UTF-8 "
	    "(default: none)\n"
	    "      --format FORMAT       auto, text, tar, zip, 7z, warc, jsonl "
	    "or html\n"
	    "      --html-field NAMES    JSON members holding web pages\n"
	    "      --html-title          a web page's title as its first "
	    "paragraph\n"
	    "      --http-status CODES   WARC responses to read (default 200)\n"
	    "      --id-field NAMES      JSON members for the id (default url)\n"
	    "      --jsonl               the same as --format jsonl\n"
	    "      --meta NAMES          metadata fields to add before the unit\n"
	    "      --name NAME           the id of standard input (default -)\n"
	    "      --strict              invalid UTF-8 or NUL is an error\n"
	    "      --text-field NAMES    JSON members for the text "
	    "(default maintext,text)\n"
	    "      --title-field NAMES   JSON members for the title "
	    "(default title)\n"
	    "      --truncated WHAT      a member or record cut short: drop "
	    "(default) or keep\n"
	    "      --version             print the version and exit\n";

	nw_usage(status, text);
}

int
main(int argc, char *argv[])
{
	static const char *const formats[] = {
		[SOURCE_AUTO] = "auto", [SOURCE_TEXT] = "text",
		[SOURCE_TAR] = "tar", [SOURCE_ZIP] = "zip", [SOURCE_7Z] = "7z",
		[SOURCE_WARC] = "warc", [SOURCE_JSONL] = "jsonl",
		[SOURCE_HTML] = "html", NULL
	};
	static const char *const layouts[] = {
		[PARA_AUTO] = "auto", [PARA_LINE] = "line",
		[PARA_BLANK] = "blank", NULL
	};
	static const char *const units[] = {
		[SPLIT_PARA] = "para", [SPLIT_SENTENCE] = "sentence",
		[SPLIT_DOC] = "doc", NULL
	};
	static const char *const truncated[] = { "drop", "keep", NULL };
	static const struct option longopts[] = {
		{ "abbreviations",	required_argument,	NULL, 'a' },
		{ "block-hints",	no_argument,		NULL, OPT_BLOCK_HINTS },
		{ "charset",		required_argument,	NULL, OPT_CHARSET },
		{ "delimiter",		required_argument,	NULL, 'd' },
		{ "format",		required_argument,	NULL, OPT_FORMAT },
		{ "help",		no_argument,		NULL, 'h' },
		{ "html-field",		required_argument,	NULL, OPT_HTML_FIELD },
		{ "html-title",		no_argument,		NULL, OPT_HTML_TITLE },
		{ "http-status",	required_argument,	NULL, OPT_HTTP_STATUS },
		{ "id-field",		required_argument,	NULL, OPT_ID_FIELD },
		{ "jsonl",		no_argument,		NULL, OPT_JSONL },
		{ "meta",		required_argument,	NULL, OPT_META },
		{ "name",		required_argument,	NULL, OPT_NAME },
		{ "paragraphs",		required_argument,	NULL, 'p' },
		{ "strict",		no_argument,		NULL, OPT_STRICT },
		{ "text-field",		required_argument,	NULL, OPT_TEXT_FIELD },
		{ "title-field",	required_argument,	NULL, OPT_TITLE_FIELD },
		{ "truncated",		required_argument,	NULL, OPT_TRUNCATED },
		{ "unit",		required_argument,	NULL, 'u' },
		{ "version",		no_argument,		NULL, OPT_VERSION },
		{ NULL,			0,			NULL, 0 }
	};
	char *path;
	int ch, i;

	while ((ch = nw_getopt(argc, argv, "a:d:hp:u:", longopts)) != -1) {
		switch (ch) {
		case 'a':
			rules_path = optarg;
			break;
		case 'd':
			delimiter_free(delimiter);
			delimiter = delimiter_new(optarg, "-d");
			break;
		case 'h':
			usage(NW_EXIT_OK);
		case 'p':
			layout = nw_keyword(optarg, layouts, "-p");
			break;
		case 'u':
			unit = nw_keyword(optarg, units, "-u");
			break;
		case OPT_FORMAT:
			sources.format = (enum source_format)nw_keyword(optarg,
			    formats, "--format");
			break;
		case OPT_BLOCK_HINTS:
			block_hints = 1;
			break;
		case OPT_CHARSET:
			sources.charset = charset_text_label(optarg,
			    "--charset");
			break;
		case OPT_HTML_FIELD:
			sources.html_fields = nw_member_names(nw_list_more(
			    sources.html_fields, optarg), "--html-field");
			break;
		case OPT_HTML_TITLE:
			html_title = 1;
			break;
		case OPT_HTTP_STATUS:
			if (source_status_list(optarg) != 0)
				errx(NW_EXIT_USAGE, "--http-status: %s: not a "
				    "list of status codes or any", optarg);
			sources.http_status = optarg;
			break;
		case OPT_ID_FIELD:
			sources.id_fields = nw_member_names(nw_list_more(
			    sources.id_fields, optarg), "--id-field");
			break;
		case OPT_JSONL:
			sources.format = SOURCE_JSONL;
			break;
		case OPT_META:
			sources.meta = nw_meta_names(nw_list_more(sources.meta,
			    optarg), "--meta");
			break;
		case OPT_NAME:
			/* Every record's id would be empty. */
			if (*optarg == '\0')
				errx(NW_EXIT_USAGE, "--name: an empty name");
			stdin_name = optarg;
			break;
		case OPT_STRICT:
			input_flags |= INPUT_STRICT;
			break;
		case OPT_TEXT_FIELD:
			sources.text_fields = nw_member_names(nw_list_more(
			    sources.text_fields, optarg), "--text-field");
			break;
		case OPT_TITLE_FIELD:
			/* Empty names are none: "" alone is no title. */
			sources.title_fields = nw_list_more(
			    sources.title_fields, optarg);
			break;
		case OPT_TRUNCATED:
			sources.keep_truncated = nw_keyword(optarg, truncated,
			    "--truncated");
			break;
		case OPT_VERSION:
			nw_version();
		default:
			usage(NW_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	sources.input_flags = input_flags;

	/* A list named is read even when unused: a bad one is an error. */
	if (unit == SPLIT_SENTENCE || rules_path != NULL) {
		path = rules_path != NULL ? xstrdup(rules_path) :
		    nw_share_path("abbreviations.en");
		if ((rules = sentence_rules_load(path)) == NULL)
			exit(NW_EXIT_USAGE);
		free(path);
	}
	writer = split_writer_new(unit, rules, block_hints);
	joiner = paragraph_new(layout, split_writer_paragraph, writer);

	if (argc == 0)
		split_operand("-");
	for (i = 0; i < argc; i++)
		split_operand(argv[i]);

	paragraph_free(joiner);
	split_writer_free(writer);
	sentence_rules_free(rules);
	delimiter_free(delimiter);
	nw_exit(rval);
}
