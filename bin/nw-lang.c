/* SPDX-License-Identifier: ISC */
/* nw-lang: identify the language of each document. */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nw.h"

enum {
	OPT_EXPLAIN = 256,
	OPT_LIST,
	OPT_STRICT,
	OPT_VERSION
};

static const struct option longopts[] = {
	{ "explain",	no_argument,		NULL,	OPT_EXPLAIN },
	{ "field",	no_argument,		NULL,	'f' },
	{ "help",	no_argument,		NULL,	'h' },
	{ "invert",	no_argument,		NULL,	'v' },
	{ "keep",	required_argument,	NULL,	'k' },
	{ "list",	no_argument,		NULL,	OPT_LIST },
	{ "records",	no_argument,		NULL,	'r' },
	{ "strict",	no_argument,		NULL,	OPT_STRICT },
	{ "version",	no_argument,		NULL,	OPT_VERSION },
	{ NULL,		0,			NULL,	0 }
};

struct options {
	int		 records;	/* -r: each record on its own */
	int		 explain;
	int		 field;		/* -f: an existing lang= field holds */
	int		 invert;
	int		 inflags;
	struct buf	 keep;		/* -k: ",en,de,", or empty for all */
};

static struct lang_id	*langid;
static struct buf	 joined;

/* Whether s[0..len) is a code nw-lang writes: one --list prints, or und. */
static int
code_written(const char *s, size_t len)
{
	const char *code, *name;
	size_t i;

	if (len == strlen(LANG_UND) && memcmp(s, LANG_UND, len) == 0)
		return 1;
	for (i = 0; lang_supported(i, &code, &name); i++)
		if (strlen(code) == len && memcmp(s, code, len) == 0)
			return 1;
	return 0;
}

/* -k en,de: every code one nw-lang can write, or und. */
static void
keep_parse(struct buf *keep, const char *arg)
{
	const char *p = arg, *end;
	size_t len;

	for (;;) {
		end = p + strcspn(p, ",");
		len = (size_t)(end - p);
		/* -k "$LANGS" with LANGS unset, or "-k en,": no code. */
		if (*arg == '\0')
			errx(NW_EXIT_USAGE, "-k: empty list (allowed: a "
			    "comma-separated list of codes)");
		if (len == 0)
			errx(NW_EXIT_USAGE, "-k: %s: an empty code (allowed: "
			    "a comma-separated list of codes)", arg);
		if (!code_written(p, len))
			errx(NW_EXIT_USAGE, "-k: %.*s: not a language nw-lang "
			    "writes (see nw-lang --list)", (int)len, p);
		buf_adds(keep, keep->len == 0 ? "," : "");
		buf_add(keep, p, len);
		buf_addc(keep, ',');
		if (*end == '\0')
			break;
		p = end + 1;
	}
	buf_cstr(keep);
}

/* Whether the documents in language code are written. */
static int
kept(const struct options *o, const char *code)
{
	char pattern[LANG_CODE_MAX + 2];

	if (o->keep.len == 0)
		return 1;
	snprintf(pattern, sizeof(pattern), ",%s,", code);
	return (strstr(o->keep.data, pattern) != NULL) != o->invert;
}

/*
 * With -f, the language a record already has (its last lang= field), if
 * it is one nw-lang writes; the guess says so.  0 when there is none: a
 * field of another word (lang=english, lang=EN) is identified anew.
 */
static int
given_lang(const struct options *o, const struct record *r,
    struct lang_guess *g)
{
	const char *val;
	size_t len;

	if (!o->field || !record_meta_get(r, "lang", &val, &len) ||
	    len >= LANG_CODE_MAX || !code_written(val, len))
		return 0;
	memset(g, 0, sizeof(*g));
	memcpy(g->code, val, len);
	g->code[len] = '\0';
	g->how = "field";
	return 1;
}

/* The document of records rec[0..n) is written if its language is kept. */
static void
write_records(const struct options *o, const struct record *rec, size_t n,
    const struct lang_guess *g)
{
	size_t i, len = strlen(g->code);

	if (!kept(o, g->code))
		return;
	if (o->explain) {
		out_write(rec[0].id, rec[0].idlen);
		out_printf("\t%s\t%s\t%zu\t", g->code, g->how, g->letters);
		for (i = 0; i < g->ncandidates; i++)
			out_printf("%s%s:%d", i > 0 ? " " : "",
			    g->candidates[i].code, g->candidates[i].percent);
		out_putc('\n');
		return;
	}
	for (i = 0; i < n; i++) {
		/* A language taken from the field is written once. */
		if (g->how != NULL && strcmp(g->how, "field") == 0)
			record_write(&rec[i], rec[i].text, rec[i].textlen);
		else
			record_write_meta(&rec[i], "lang", g->code, len,
			    rec[i].text, rec[i].textlen);
	}
}

/*
 * A document is judged on its records' texts joined by line feeds, as
 * far as lang_identify() looks (LANG_TEXT_MAX bytes).
 */
static void
identify_doc(const struct options *o, const struct doc *d)
{
	struct lang_guess g;
	size_t i, room;

	if (given_lang(o, &d->records[0], &g)) {
		write_records(o, d->records, d->nrecords, &g);
		return;
	}
	if (d->nrecords == 1) {
		lang_identify(langid, d->records[0].text,
		    d->records[0].textlen, &g);
	} else {
		buf_clear(&joined);
		for (i = 0; i < d->nrecords && joined.len < LANG_TEXT_MAX;
		    i++) {
			if (i > 0)
				buf_addc(&joined, '\n');
			room = LANG_TEXT_MAX - joined.len;
			buf_add(&joined, d->records[i].text,
			    d->records[i].textlen < room ?
			    d->records[i].textlen : room);
		}
		lang_identify(langid, joined.data, joined.len, &g);
	}
	write_records(o, d->records, d->nrecords, &g);
}

static int
lang_input(const struct options *o, const char *path)
{
	struct input *in;
	struct record r;
	struct lang_guess g;
	static struct doc d;
	int rc, rval = 0;

	if ((in = input_open(path, o->inflags)) == NULL)
		return 1;
	if (o->records) {
		while ((rc = record_next(in, &r)) == 1) {
			if (!given_lang(o, &r, &g))
				lang_identify(langid, r.text, r.textlen, &g);
			write_records(o, &r, 1, &g);
		}
	} else {
		while ((rc = doc_next(in, &d)) == 1)
			identify_doc(o, &d);
	}
	if (rc == -1)
		rval = 1;
	if (input_close(in) == -1)
		rval = 1;
	return rval;
}

static void __attribute__((__noreturn__))
list_languages(void)
{
	const char *code, *name;
	size_t i;

	for (i = 0; lang_supported(i, &code, &name); i++)
		out_printf("%s\t%s\n", code, name);
	nw_exit(NW_EXIT_OK);
}

static void __attribute__((__noreturn__))
usage(int status)
{
	nw_usage(status,
	    "usage: nw-lang [-fr] [-k lang,... [-v]] [--explain] [--strict] "
	    "[file ...]\n"
	    "       nw-lang --list\n"
	    "      --explain        per document: code, how, letters, "
	    "candidates\n"
	    "  -f, --field          keep the lang= field a record has\n"
	    "  -h, --help           print this help and exit\n"
	    "  -k, --keep LANG,...  write only documents in these languages\n"
	    "      --list           print the languages and exit\n"
	    "  -r, --records        each record on its own, not each document\n"
	    "      --strict         invalid UTF-8 or NUL is an error\n"
	    "  -v, --invert         with -k, the documents in other languages\n"
	    "      --version        print the version and exit\n");
}

int
main(int argc, char *argv[])
{
	struct options o = { 0, 0, 0, 0, 0, { NULL, 0, 0 } };
	int ch, list = 0, rval = 0;

	while ((ch = nw_getopt(argc, argv, "fhk:rv", longopts)) != -1) {
		switch (ch) {
		case 'f':
			o.field = 1;
			break;
		case 'h':
			usage(NW_EXIT_OK);
		case 'k':
			/* Given again, its languages are kept as well. */
			keep_parse(&o.keep, optarg);
			break;
		case 'r':
			o.records = 1;
			break;
		case 'v':
			o.invert = 1;
			break;
		case OPT_EXPLAIN:
			o.explain = 1;
			break;
		case OPT_LIST:
			list = 1;
			break;
		case OPT_STRICT:
			o.inflags |= INPUT_STRICT;
			break;
		case OPT_VERSION:
			nw_version();
		default:
			usage(NW_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (o.invert && o.keep.len == 0)
		errx(NW_EXIT_USAGE, "-v: only with -k");
	if (list) {
		if (argc > 0)
			errx(NW_EXIT_USAGE, "--list: reads no file");
		list_languages();
	}

	langid = lang_id_new();
	if (argc == 0)
		rval |= lang_input(&o, "-");
	for (; argc > 0; argc--, argv++)
		rval |= lang_input(&o, *argv);
	lang_id_free(langid);
	buf_free(&o.keep);
	buf_free(&joined);
	nw_exit(rval);
}
