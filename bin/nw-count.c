/* SPDX-License-Identifier: ISC */
/* nw-count: term, n-gram and document frequencies of record streams. */
#include <sys/types.h>

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

/*
 * What a term costs beside its key: its strtab entry (24), hash slots (16
 * on average), count (8) and the key's NUL; with --df its DF and the last
 * document it was seen in.  Sorting the table for a spill takes an item
 * and its radix-sort copy, counted too so that -S bounds the peak.
 */
#define SORT_COST	(2 * sizeof(struct sort_item))
#define TERM_COST	(49 + SORT_COST)
#define DF_COST		16

/* Options. */
static int		 by_doc, df_flag, merge_flag, sort_by_term;
static int		 track_docs;		/* counting with --df */
static size_t		 ngram_max = 1;
static uint64_t		 limit = UINT64_MAX;	/* -k */
static uint64_t		 min_count = 1;		/* -m */
static uint64_t		 budget;		/* -S */

/* The table of terms and their figures, indexed by id. */
static struct strtab	*terms;
static uint64_t		*counts, *dfs, *lastdoc;
static size_t		 figures_cap;
static uint64_t		 table_bytes, term_cost;
static struct sort_runs	*table_runs;	/* the table spilled, by term */

/* Documents: numbered from 1, in input order. */
static uint64_t		 docno;
static uint64_t		 gen_doc;
static size_t		 gen_mark = SIZE_MAX;
static struct doc_group	 docs;

/* Scratch. */
static struct sort_item	*items;
static size_t		 items_cap;
static struct buf	 gram;

/* Byte classes of the text: what separates terms, and the final NUL. */
enum { TERM_BYTE, SPACE_BYTE, END_BYTE };
static const unsigned char byte_class[256] = {
	['\0'] = END_BYTE,
	['\t'] = SPACE_BYTE, ['\n'] = SPACE_BYTE, ['\v'] = SPACE_BYTE,
	['\f'] = SPACE_BYTE, ['\r'] = SPACE_BYTE, [' '] = SPACE_BYTE,
};

static void	 usage(int) __attribute__((__noreturn__));

static struct sort_item *
items_room(size_t n)
{
	if (n > items_cap) {
		items_cap = n > 2 * items_cap ? n : 2 * items_cap;
		free(items);
		items = xreallocarray(NULL, items_cap, sizeof(*items));
	}
	return items;
}

/* Output. */

static void
output_term(const char *key, size_t len, uint64_t count, uint64_t df)
{
	char num[2 * (1 + FORMAT_U64_MAX) + 1], *p = num;

	if (by_doc) {
		out_write(docs.id.data, docs.id.len);
		out_putc('\t');
	}
	out_write(key, len);
	*p++ = '\t';
	p = format_u64(p, count, 1);
	if (df_flag) {
		*p++ = '\t';
		p = format_u64(p, df, 1);
	}
	*p++ = '\n';
	out_write(num, (size_t)(p - num));
}

static void
output_entry(const struct sort_entry *e, void *arg)
{
	(void)arg;
	output_term(e->key, e->len, e->count, e->df);
}

/* The table of terms. */

/* Items of every term counted at least min times. */
static size_t
table_items(uint64_t min)
{
	size_t i, n = strtab_count(terms), m = 0, len;
	struct sort_item *it;
	const char *key;

	it = items_room(n);
	for (i = 0; i < n; i++) {
		if (counts[i] < min)
			continue;
		key = strtab_key(terms, (uint32_t)i, &len);
		sort_item_set(&it[m++], key, len, counts[i], (uint32_t)i);
	}
	return m;
}

/*
 * Write the table as a run sorted by term and empty it.  With --df the
 * entries say which documents they were first and last seen in: terms
 * interned before gen_mark were seen in gen_doc, the document under way
 * at the last spill, which the run before also counted.
 */
static void
table_spill(void)
{
	struct sort_entry e;
	size_t i, n;
	uint32_t id;

	n = table_items(0);
	sort_items(items, n, 0);
	if (table_runs == NULL)
		table_runs = sort_runs_new(df_flag ? (track_docs ?
		    SORT_DF | SORT_DOCS : SORT_DF) : 0, 0);
	sort_runs_begin(table_runs);
	memset(&e, 0, sizeof(e));
	for (i = 0; i < n; i++) {
		id = items[i].id;
		e.key = items[i].key;
		e.len = items[i].len;
		e.count = items[i].count;
		if (df_flag)
			e.df = dfs[id];
		if (track_docs) {
			e.first = id < gen_mark ? gen_doc : gen_doc + 1;
			e.last = lastdoc[id];
		}
		sort_runs_put(table_runs, &e);
	}
	sort_runs_end(table_runs);
	free(items);
	items = NULL;
	items_cap = 0;
	strtab_clear(terms);
	table_bytes = 0;
	gen_doc = docno;
	gen_mark = SIZE_MAX;
}

static void
table_grow(void)
{
	figures_cap = figures_cap ? 2 * figures_cap : 4096;
	counts = xreallocarray(counts, figures_cap, sizeof(*counts));
	if (df_flag)
		dfs = xreallocarray(dfs, figures_cap, sizeof(*dfs));
	if (track_docs)
		lastdoc = xreallocarray(lastdoc, figures_cap,
		    sizeof(*lastdoc));
}

static uint32_t
table_intern(const char *s, size_t n, int *isnew)
{
	uint32_t id;

	id = strtab_intern(terms, s, n, isnew);
	if (*isnew) {
		if (id >= figures_cap)
			table_grow();
		counts[id] = 0;
		if (df_flag)
			dfs[id] = 0;
		if (track_docs)
			lastdoc[id] = 0;
		table_bytes += n + term_cost;
	}
	return id;
}

static inline void
count_term(const char *s, size_t n)
{
	uint32_t id;
	int isnew;

	id = table_intern(s, n, &isnew);
	/* One at a time, 64 bits cannot overflow. */
	counts[id]++;
	if (track_docs && lastdoc[id] != docno) {
		lastdoc[id] = docno;
		dfs[id]++;
	}
	if (isnew && table_bytes > budget)
		table_spill();
}

/*
 * The end of the term that starts at s[i]: eight bytes at a time while
 * eight are left, finding the first byte below 0x21 (the lowest flagged
 * byte of the classic has-less-than test is exact), then byte by byte.
 * The text is the last field of its line, so a NUL ends it.
 */
static inline size_t
term_end(const unsigned char *s, size_t i, size_t len)
{
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t x, m;

	while (i + 8 <= len) {
		memcpy(&x, s + i, 8);
		m = (x - 0x2121212121212121ULL) & ~x & 0x8080808080808080ULL;
		if (m == 0) {
			i += 8;
			continue;
		}
		i += (size_t)__builtin_ctzll(m) / 8;
		if (byte_class[s[i]] != TERM_BYTE)
			return i;
		i++;	/* a control character inside the term */
	}
#else
	(void)len;
#endif
	while (byte_class[s[i]] == TERM_BYTE)
		i++;
	return i;
}

static void
count_unigrams(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, j;

	for (;;) {
		while (byte_class[s[i]] == SPACE_BYTE)
			i++;
		if (s[i] == '\0')
			return;
		j = term_end(s, i + 1, len);
		count_term(text + i, j - i);
		i = j;
	}
}

/*
 * N-grams of 1..ngram_max terms, joined by one space.  When the record
 * already has single spaces between them, an n-gram is a slice of the
 * text; otherwise it is built in a buffer.
 */
static void
count_ngrams(const char *text, size_t len)
{
	static struct { const char *s; size_t n; } *tok;
	static size_t cap;
	const unsigned char *s = (const unsigned char *)text;
	const char *a, *prev;
	size_t ntok = 0, i, j;
	int slice;

	for (i = 0;; i = j) {
		while (byte_class[s[i]] == SPACE_BYTE)
			i++;
		if (s[i] == '\0')
			break;
		j = term_end(s, i + 1, len);
		if (ntok == cap) {
			cap = cap ? 2 * cap : 256;
			tok = xreallocarray(tok, cap, sizeof(*tok));
		}
		tok[ntok].s = text + i;
		tok[ntok].n = j - i;
		ntok++;
	}
	for (i = 0; i < ntok; i++) {
		a = tok[i].s;
		count_term(a, tok[i].n);
		slice = 1;
		for (j = i + 1; j < ntok && j - i < ngram_max; j++) {
			prev = tok[j - 1].s + tok[j - 1].n;
			if (slice && tok[j].s == prev + 1 && *prev == ' ') {
				count_term(a, (size_t)(tok[j].s + tok[j].n - a));
				continue;
			}
			if (slice) {
				buf_clear(&gram);
				buf_add(&gram, a, (size_t)(prev - a));
				slice = 0;
			}
			buf_addc(&gram, ' ');
			buf_add(&gram, tok[j].s, tok[j].n);
			count_term(gram.data, gram.len);
		}
	}
}

static void
output_table(void)
{
	size_t i, n;

	n = table_items(min_count);
	if (limit < n) {
		sort_items_select(items, n, (size_t)limit);
		n = (size_t)limit;
	}
	sort_items(items, n, !sort_by_term);
	for (i = 0; i < n; i++)
		output_term(items[i].key, items[i].len, items[i].count,
		    df_flag ? dfs[items[i].id] : 0);
}

/* --by-doc: the end of a document (its id in docs.id) is its table. */
static void
document_end(void *arg, const char *id, size_t idlen)
{
	(void)arg;
	(void)id;
	(void)idlen;
	output_table();
	/* One huge document must not slow the rest. */
	if (strtab_memory(terms) > (1 << 22)) {
		strtab_free(terms);
		terms = strtab_new(0);
	doc_group_init(&docs, by_doc ? document_end : NULL, NULL);
	} else
		strtab_clear(terms);
	table_bytes = 0;
}

static void
new_document(void)
{
	docno++;
	if (gen_mark == SIZE_MAX)
		gen_mark = strtab_count(terms);
}

static int
count_input(struct input *in)
{
	struct record r;
	int rc;

	while ((rc = record_next(in, &r)) == 1) {
		if ((by_doc || track_docs) && doc_group_next(&docs, &r))
			new_document();
		if (ngram_max == 1)
			count_unigrams(r.text, r.textlen);
		else
			count_ngrams(r.text, r.textlen);
	}
	return rc;
}

/* --merge: add up count files. */

static void
merge_line(struct input *in, const struct count_line *cl)
{
	uint32_t id;
	int isnew;

	id = table_intern(cl->term, cl->termlen, &isnew);
	if (cl->count > UINT64_MAX - counts[id])
		errx(NW_EXIT_FAIL, "%s:%" PRIu64 ": count overflows 64 bits "
		    "when summed", input_name(in), input_lineno(in));
	counts[id] += cl->count;
	if (df_flag)
		dfs[id] += cl->df;	/* at most the count */
	if (isnew && table_bytes > budget)
		table_spill();
}

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
		why = countfile_parse(line, len, &cl);
		if (why == NULL && df_flag && !cl.hasdf)
			why = "no document frequency (--df needs one)";
		if (why == NULL) {
			merge_line(in, &cl);
			continue;
		}
		if (++bad <= REPORT_MAX)
			warnx("%s:%" PRIu64 ": %s", input_name(in),
			    input_lineno(in), why);
		rc = -1;
	}
	if (bad > REPORT_MAX)
		warnx("%s: %" PRIu64 " malformed lines in all, skipped",
		    input_name(in), bad);
	return input_failed(in) ? -1 : rc;
}

/* A term of the final merge: dropped under -m, else output or sorted. */
static void
merged_term(const struct sort_entry *e, void *arg)
{
	if (e->count < min_count)
		return;
	if (arg == NULL)
		output_entry(e, NULL);
	else
		sorter_add(e, arg);
}

/*
 * The end: with nothing spilled, sort the table in place.  Otherwise the
 * runs are merged by term; the terms then go through a sorter by count
 * (which keeps -k of them) and, for --sort term with -k, one by term.
 */
static void
finish(void)
{
	struct sorter *bycount, *byterm = NULL;
	int layout = df_flag ? SORT_DF : 0;

	if (table_runs == NULL) {
		output_table();
		return;
	}
	if (strtab_count(terms) > 0)
		table_spill();
	strtab_free(terms);
	terms = NULL;
	free(counts);
	free(dfs);
	free(lastdoc);
	counts = dfs = lastdoc = NULL;

	if (sort_by_term && limit == UINT64_MAX) {
		sort_runs_merge(table_runs, UINT64_MAX, merged_term, NULL);
		sort_runs_free(table_runs);
		return;
	}
	if (sort_by_term)
		byterm = sorter_new(layout, 0, UINT64_MAX, budget,
		    output_entry, NULL);
	bycount = sorter_new(layout, 1, limit, budget,
	    sort_by_term ? sorter_add : output_entry, byterm);
	sort_runs_merge(table_runs, UINT64_MAX, merged_term, bycount);
	sort_runs_free(table_runs);
	sorter_finish(bycount);
	if (sort_by_term)
		sorter_finish(byterm);
}

static uint64_t
default_budget(void)
{
	long pages, size;

	pages = sysconf(_SC_PHYS_PAGES);
	size = sysconf(_SC_PAGESIZE);
	if (pages <= 0 || size <= 0)
		return (uint64_t)1 << 30;
	return (uint64_t)pages * (uint64_t)size / 8;
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
	    "  -S SIZE              memory for the table (default 1/8 of RAM),"
	    " as in sort -S\n"
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
			budget = nw_size(optarg, "-S");
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
	track_docs = df_flag && !merge_flag;
	term_cost = TERM_COST + (df_flag ? DF_COST : 0);
	terms = strtab_new(0);
	doc_group_init(&docs, by_doc ? document_end : NULL, NULL);

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
		finish();
	nw_exit(rval);
}
