/* SPDX-License-Identifier: ISC */
/* nw-topic-train: learn readable topic files from labelled documents. */
#include <sys/stat.h>

#include <dirent.h>
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nw.h"

enum {
	OPT_LABEL_FIELD = 256,
	OPT_LABELS,
	OPT_MIN_DF,
	OPT_MIN_EXAMPLES,
	OPT_MIN_LLR,
	OPT_NO_PAIRS,
	OPT_STRICT,
	OPT_VERSION
};

static const struct option longopts[] = {
	{ "cost",		required_argument,	NULL,	'C' },
	{ "help",		no_argument,		NULL,	'h' },
	{ "label-field",	required_argument,	NULL,	OPT_LABEL_FIELD },
	{ "labels",		required_argument,	NULL,	OPT_LABELS },
	{ "max-entries",	required_argument,	NULL,	'm' },
	{ "min-df",		required_argument,	NULL,	OPT_MIN_DF },
	{ "min-examples",	required_argument,	NULL,	OPT_MIN_EXAMPLES },
	{ "min-llr",		required_argument,	NULL,	OPT_MIN_LLR },
	{ "no-pairs",		no_argument,		NULL,	OPT_NO_PAIRS },
	{ "output",		required_argument,	NULL,	'o' },
	{ "stopwords",		required_argument,	NULL,	's' },
	{ "strict",		no_argument,		NULL,	OPT_STRICT },
	{ "version",		no_argument,		NULL,	OPT_VERSION },
	{ NULL,			0,			NULL,	0 }
};

struct options {
	const char	*field_name;	/* --label-field NAME: NAME=LABELS */
	long long	 field;		/* --label-field N: the Nth field */
	const char	*known;		/* --labels, or NULL */
	int		 inflags;
};

#define TOPIC_SUFFIX	".topic"	/* as nw-topic-score loads them */

/* Labels a message names; the others are counted. */
#define LABELS_TOLD	3

struct counts {
	uint64_t	 unlabelled, unknown, badname;
	struct strtab	*unknown_labels, *badname_labels; /* distinct */
};

/*
 * The labels of a document: the named field, the Nth field, or the
 * directory its id names.
 */
static int
doc_labels(const struct options *o, const struct doc *d, const char **val,
    size_t *len)
{
	const struct record *r = &d->records[0];
	const char *p, *end;
	long long i;

	if (o->field_name != NULL)
		return record_meta_get(r, o->field_name, val, len);
	if (o->field > 0) {
		if (o->field == 1 || r->meta == NULL)
			return 0;
		p = r->meta;
		end = r->meta + r->metalen;
		for (i = 2; i < o->field; i++) {
			if ((p = memchr(p, '\t', (size_t)(end - p))) == NULL)
				return 0;
			p++;
		}
		*val = p;
		*len = (size_t)((p = memchr(p, '\t', (size_t)(end - p))) ?
		    p - *val : end - *val);
		return 1;
	}
	return id_directory(d->id, d->idlen, val, len);
}

/* Whether --labels lists the label s, read as train_label_next() reads. */
static int
label_known(const struct options *o, const char *s, size_t len)
{
	const char *p = o->known, *end = o->known + strlen(o->known), *k;
	size_t n;

	while ((k = train_label_next(&p, end, &n)) != NULL)
		if (n == len && memcmp(k, s, len) == 0)
			return 1;
	return 0;
}

/* Whether a label, blanks around it left out, can name a topic file. */
static int
label_names_file(const char *s, size_t n)
{
	return *s != '.' && memchr(s, '/', n) == NULL;
}

/*
 * --labels, before any input is read: at least one label, each one that
 * can name a file.  A list with none would refuse every document, and a
 * label that cannot name a file would be refused in every document and
 * then reported as one no document has.
 */
static void
labels_check(const char *known)
{
	const char *p = known, *end = known + strlen(known), *s;
	size_t n, count = 0;

	while ((s = train_label_next(&p, end, &n)) != NULL) {
		if (!label_names_file(s, n))
			errx(NW_EXIT_USAGE, "--labels: %.*s: cannot name a file "
			    "(a '/' or a leading '.')", (int)n, s);
		count++;
	}
	if (count == 0)
		errx(NW_EXIT_USAGE, "--labels: no label in the list");
}

/*
 * A label becomes a file name: no '/', no leading '.', not empty; each
 * is checked as train_add() will take it, blanks around it left out.
 */
static int
label_ok(const struct options *o, struct counts *c, const char *val,
    size_t len)
{
	const char *p = val, *s;
	size_t n;

	while ((s = train_label_next(&p, val + len, &n)) != NULL) {
		if (!label_names_file(s, n)) {
			c->badname++;
			strtab_intern(c->badname_labels, s, n, NULL);
			return 0;
		}
		if (o->known != NULL && !label_known(o, s, n)) {
			c->unknown++;
			strtab_intern(c->unknown_labels, s, n, NULL);
			return 0;
		}
	}
	return 1;
}

static int
train_input(struct train *t, const struct options *o, struct counts *c,
    const char *path)
{
	struct input *in;
	struct doc d = { 0 };
	const char *val;
	size_t len;
	int rc;

	if ((in = input_open(path, o->inflags)) == NULL)
		return 1;
	while ((rc = doc_next(in, &d)) == 1) {
		if (!doc_labels(o, &d, &val, &len)) {
			c->unlabelled++;
			continue;
		}
		if (!label_ok(o, c, val, len))
			continue;
		if (train_add(t, val, len, &d) == -1)
			c->unlabelled++;
	}
	doc_free(&d);
	return input_close(in) == -1 || rc == -1;
}

/*
 * Say that ndocs documents were left out for a label of theirs (why),
 * naming the first labels, so that the one to fix can be found.
 */
static void
labels_report(uint64_t ndocs, const char *why, const struct strtab *labels)
{
	struct buf list = { 0 };
	const char *s;
	char more[32] = "";
	size_t i, len, n = strtab_count(labels);

	for (i = 0; i < n && i < LABELS_TOLD; i++) {
		s = strtab_key(labels, (uint32_t)i, &len);
		if (i > 0)
			buf_adds(&list, ", ");
		buf_add(&list, s, len);
	}
	if (n > LABELS_TOLD)
		snprintf(more, sizeof(more), " and %zu more", n - LABELS_TOLD);
	warnx("%llu document%s with a label %s, not learned from: %s%s",
	    (unsigned long long)ndocs, ndocs == 1 ? "" : "s", why,
	    buf_cstr(&list), more);
	buf_free(&list);
}

static int
topic_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name), sl = strlen(TOPIC_SUFFIX);

	return d->d_name[0] != '.' && n > sl &&
	    strcmp(d->d_name + n - sl, TOPIC_SUFFIX) == 0;
}

/*
 * Name the topic files in dir that this run did not write: those of a
 * label gone from the data, or with too few documents now, or written
 * by hand.  nw-topic-score -T dir loads them with the new ones, so they
 * are told, not passed over; they are the user's to remove.  One that
 * is neither a regular file nor a directory (a link to nothing, a FIFO)
 * makes nw-topic-score refuse the directory: it is said so, and is an
 * error (1; else 0).
 */
static int
others_report(const struct train *t, const char *dir)
{
	struct dirent **names;
	struct buf list = { 0 }, path = { 0 };
	struct stat st;
	const char *why;
	char more[32] = "";
	int i, n, told = 0, rval = 0;
	size_t len, sl = strlen(TOPIC_SUFFIX);

	if ((n = scandir(dir, &names, topic_file, alphasort)) == -1) {
		warn("%s", dir);
		return 1;
	}
	for (i = 0; i < n; i++) {
		len = strlen(names[i]->d_name);
		buf_clear(&path);
		buf_adds(&path, dir);
		buf_adds(&path, "/");
		buf_adds(&path, names[i]->d_name);
		if (train_written(t, names[i]->d_name, len - sl))
			;
		else if (stat(buf_cstr(&path), &st) == 0 &&
		    S_ISDIR(st.st_mode))
			;	/* passed over by nw-topic-score too */
		else if (stat(buf_cstr(&path), &st) == -1 ||
		    !S_ISREG(st.st_mode)) {
			warnx("%s: not a regular file, which nw-topic-score "
			    "-T %s refuses: remove it", buf_cstr(&path), dir);
			rval = 1;
		} else if ((why = topic_name_bad(names[i]->d_name,
		    len - sl)) != NULL) {
			warnx("%s: %s, which nw-topic-score -T %s refuses: "
			    "remove it", buf_cstr(&path), why, dir);
			rval = 1;
		} else {
			if (told < LABELS_TOLD)
				buf_adds(&list, told > 0 ? ", " : "");
			if (told < LABELS_TOLD)
				buf_adds(&list, names[i]->d_name);
			told++;
		}
		free(names[i]);
	}
	free(names);
	if (told > LABELS_TOLD)
		snprintf(more, sizeof(more), " and %d more", told - LABELS_TOLD);
	if (told > 0)
		warnx("%s: %d topic file%s not written by this run, left as "
		    "%s (nw-topic-score -T %s loads %s): %s%s", dir, told,
		    told == 1 ? "" : "s", told == 1 ? "it was" : "they were",
		    dir, told == 1 ? "it" : "them", buf_cstr(&list), more);
	buf_free(&list);
	buf_free(&path);
	return rval;
}

static void __attribute__((__noreturn__))
usage(int status)
{
	const char *msg =
	    "usage: nw-topic-train [-h] [-C cost] [-m N] [-s list]\n"
	    "                      [--label-field N|name] [--labels list]\n"
	    "                      [--min-df N] [--min-examples N]\n"
	    "                      [--min-llr X] [--no-pairs] [--strict]\n"
	    "                      -o dir [file ...]\n"
	    "  -C, --cost C          inverse regularisation strength (default 1)\n"
	    "  -h, --help            print this help and exit\n"
	    "  -m, --max-entries N   entries at most per topic (default 300)\n"
	    "  -o, --output DIR      write DIR/LABEL.topic for every label\n"
	    "  -s, --stopwords LIST  no entry has a word of LIST in it\n"
	    "                        (./FILE; en: shipped); lists add up\n"
	    "      --label-field F   labels from field number F, or from the\n"
	    "                        named field F=...; default: the directory\n"
	    "                        of the id (corpus/CLASS/file,\n"
	    "                        dump.tar.gz:CLASS/file, https://host/CLASS/file)\n"
	    "      --labels LIST     the labels there may be (others are errors)\n"
	    "      --min-df N        documents an entry must be in (default 3)\n"
	    "      --min-examples N  documents a label needs (default 5)\n"
	    "      --min-llr X       log-likelihood a pair of words needs to be\n"
	    "                        a phrase entry (default 10.83, p < 0.001)\n"
	    "      --no-pairs        words only, no phrase entries\n"
	    "      --strict          invalid UTF-8 or NUL is an error\n"
	    "      --version         print the version and exit\n";

	nw_usage(status, msg);
}

int
main(int argc, char *argv[])
{
	struct train_options topt = {
		.c = 1, .max_entries = 300, .min_df = 3, .min_examples = 5,
		.min_llr = 10.83, .pairs = 1
	};
	struct options o = { 0 };
	struct counts c = {
		.unknown_labels = strtab_new(0), .badname_labels = strtab_new(0)
	};
	struct wordset *stop = NULL;
	struct train *t;
	const char *dir = NULL;
	int ch, rval = 0;

	while ((ch = nw_getopt(argc, argv, "C:hm:o:s:", longopts)) != -1) {
		switch (ch) {
		case 'C':
			topt.c = nw_decimal(optarg, 0, 1e6, 1, "-C");
			break;
		case 'h':
			usage(NW_EXIT_OK);
		case 'm':
			topt.max_entries = (size_t)nw_number(optarg, 1,
			    1000000, "-m");
			break;
		case 'o':
			dir = nw_dir_path(nw_path(optarg, "-o", "the topics "
			    "are files written into a directory"));
			break;
		case 's':
			/* Given again, the lists add up. */
			stop = wordset_load_stopwords(stop, "-s", optarg);
			break;
		case OPT_LABEL_FIELD:
			if (*optarg == '\0')
				errx(NW_EXIT_USAGE, "--label-field: empty name");
			if (optarg[0] >= '0' && optarg[0] <= '9')
				o.field = nw_number(optarg, 2, 1000000,
				    "--label-field");
			else if (record_meta_name_ok(optarg))
				o.field_name = optarg;
			else
				errx(NW_EXIT_USAGE, "--label-field: %s: invalid "
				    "(allowed: a field number from 2, or a "
				    "name: a-z, 0-9 and -, from a letter)",
				    optarg);
			break;
		case OPT_LABELS:
			/* Given again, the lists add up. */
			o.known = nw_list_more(o.known, optarg);
			break;
		case OPT_MIN_DF:
			topt.min_df = (uint32_t)nw_number(optarg, 1, 1000000,
			    "--min-df");
			break;
		case OPT_MIN_EXAMPLES:
			topt.min_examples = (size_t)nw_number(optarg, 1,
			    1000000, "--min-examples");
			break;
		case OPT_MIN_LLR:
			topt.min_llr = nw_decimal(optarg, 0, 1e6, 0,
			    "--min-llr");
			break;
		case OPT_NO_PAIRS:
			topt.pairs = 0;
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
	if (dir == NULL) {
		warnx("-o is required");
		usage(NW_EXIT_USAGE);
	}
	if (o.known != NULL)
		labels_check(o.known);
	/* Before any input is read: a wrong -o is not found after training. */
	nw_output_dir(dir);

	topt.stopwords = stop;
	t = train_new(&topt);
	if (o.known != NULL)
		train_expect(t, o.known, strlen(o.known));
	if (argc == 0)
		rval |= train_input(t, &o, &c, "-");
	for (; argc > 0; argc--, argv++)
		rval |= train_input(t, &o, &c, *argv);
	if (c.unlabelled > 0) {
		warnx("%llu document%s without a label, not learned from",
		    (unsigned long long)c.unlabelled,
		    c.unlabelled == 1 ? "" : "s");
		rval = 1;
	}
	if (c.unknown > 0) {
		labels_report(c.unknown, "not in --labels", c.unknown_labels);
		rval = 1;
	}
	if (c.badname > 0) {
		labels_report(c.badname, "that cannot name a file (a '/' or "
		    "a leading '.')", c.badname_labels);
		rval = 1;
	}
	if (train_documents(t) == 0) {
		warnx("no labelled document to learn from");
		rval = 1;
	} else if (train_write(t, dir) == -1)
		rval = 1;
	rval |= others_report(t, dir);
	train_free(t);
	wordset_free(stop);
	strtab_free(c.unknown_labels);
	strtab_free(c.badname_labels);
	nw_exit(rval);
}
