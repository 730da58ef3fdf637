/* SPDX-License-Identifier: ISC */
/*
 * Fuzz the boilerplate classifier: documents read from any bytes are
 * classified by a warm cleaner (one that has seen every earlier input)
 * and by a fresh one, both without a repeat table, and by one with a
 * tiny table.  Without the table a document's verdicts must not depend
 * on what came before; every record must get a verdict and an
 * explanation "content:REASON" or "boilerplate:REASON[×N]" (the model's
 * reason "model P.PP") that agrees
 * with it and holds no TAB or LF; the records kept and the records
 * dropped must add up to the document, so that the output of nw-clean
 * and of nw-clean -v interleave to its input.  One input in four is
 * also read twice by a cleaner in two passes (--two-pass).  The fresh
 * cleaners are made once and reset (cleaner_reset()) before each input:
 * loading the lists and the model for every input left the harness a
 * few hundred executions in 15 seconds.
 */
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"
#include "fuzz.h"

static struct buf host;		/* a source's host, lower-cased */

static const char *const reasons[] = {
	"content:long-prose", "content:prose", "content:context",
	"content:heading", "content:title", "boilerplate:repeated\xc3\x97",
	"boilerplate:duplicate", "boilerplate:phrase", "boilerplate:copyright",
	"boilerplate:links", "boilerplate:symbols", "boilerplate:markup",
	"boilerplate:low-stopwords", "boilerplate:menu-run",
	"boilerplate:context", "boilerplate:empty", "content:model ",
	"boilerplate:model "
};

/* The decimals of a probability: as many as show its side (4a421c2). */
static int
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static void
check_explanation(const struct buf *b, int keep)
{
	size_t i, n;

	if (memchr(b->data, '\t', b->len) != NULL ||
	    memchr(b->data, '\n', b->len) != NULL)
		abort();
	if (keep != (strncmp(b->data, "content:", 8) == 0))
		abort();
	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		n = strlen(reasons[i]);
		if (b->len >= n && memcmp(b->data, reasons[i], n) == 0 &&
		    (b->len == n || i == 5 || (reasons[i][n - 1] == ' ' &&
		    b->len >= n + 4 && (b->data[n] == '0' || b->data[n] == '1') &&
		    b->data[n + 1] == '.' && digits(b->data + n + 2,
		    b->len - n - 2))))
			return;
	}
	abort();
}

static struct cleaner *
make(int repeats, int title)
{
	struct clean_config cfg;
	struct cleaner *cl;

	setenv("NW_SHAREDIR", "share/newswire", 0);
	clean_config_default(&cfg);
	cfg.keep_title = title;
	if (repeats) {
		cfg.table_bytes = 64;
		cfg.threshold[CLEAN_REPEATS] = 2;
	} else
		cfg.table_bytes = 0;
	if ((cl = cleaner_new(&cfg)) == NULL)
		abort();
	return cl;
}

/* The fuzz input, past its first byte, read in steps the byte sets. */
static struct input *
open_input(const uint8_t *data, size_t size, struct mem *m)
{
	m->step = 1 + (data[0] >> 1) * 31;
	m->p = data + 1;
	m->n = size - 1;
	return input_open_reader(mem_read, m, "fuzz/in", 0);
}

/*
 * --two-pass: the input counted whole, then classified with the counts
 * frozen; every verdict still comes with its explanation.
 */
static void
two_pass(const uint8_t *data, size_t size, struct buf *b)
{
	static struct cleaner *cl;
	struct doc d = { 0 };
	struct input *in;
	struct mem m;
	const char *src;
	size_t i, srclen;
	int pass;

	if (cl == NULL)
		cl = make(1, 0);
	cleaner_reset(cl);
	for (pass = 0; pass < 2; pass++) {
		in = open_input(data, size, &m);
		while (doc_next(in, &d) == 1) {
			id_source(d.id, d.idlen, "fuzz/in", &host, &src,
			    &srclen);
			if (pass == 0) {
				cleaner_count(cl, &d, src, srclen);
				continue;
			}
			cleaner_classify(cl, &d, src, srclen);
			for (i = 0; i < d.nrecords; i++) {
				buf_clear(b);
				cleaner_explain(cl, i, b);
				check_explanation(b, cleaner_keep(cl, i));
			}
		}
		input_close(in);
		cleaner_freeze(cl);
	}
	doc_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cleaner *warm[2], *fresh[2], *tabled;
	struct buf b = { 0 };
	struct doc d = { 0 };
	struct input *in;
	struct mem m;
	const char *src;
	size_t i, srclen, kept;
	unsigned char *verdict;
	int title, first = 1;

	if (size < 1)
		return 0;
	title = data[0] & 1;
	if (warm[title] == NULL)
		warm[title] = make(0, title);
	if (tabled == NULL)
		tabled = make(1, 0);
	in = open_input(data, size, &m);
	while (doc_next(in, &d) == 1) {
		id_source(d.id, d.idlen, "fuzz/in", &host, &src, &srclen);
		/*
		 * The source is part of the id, a host of it lower-cased, or
		 * the input's name.
		 */
		if (!(src >= d.id && src + srclen <= d.id + d.idlen) &&
		    !(src == host.data && srclen <= d.idlen) &&
		    !(srclen == 7 && memcmp(src, "fuzz/in", 7) == 0))
			abort();
		cleaner_classify(warm[title], &d, src, srclen);
		verdict = xmalloc(d.nrecords + 1);
		kept = 0;
		for (i = 0; i < d.nrecords; i++) {
			verdict[i] = (unsigned char)cleaner_keep(warm[title], i);
			kept += verdict[i];
			buf_clear(&b);
			cleaner_explain(warm[title], i, &b);
			check_explanation(&b, verdict[i]);
		}
		if (cleaner_keep(warm[title], d.nrecords) != 0 ||
		    kept > d.nrecords)
			abort();
		if (first) {	/* once an input: a cleaner as if new */
			if (fresh[title] == NULL)
				fresh[title] = make(0, title);
			cleaner_reset(fresh[title]);
			cleaner_classify(fresh[title], &d, src, srclen);
			for (i = 0; i < d.nrecords; i++)
				if (cleaner_keep(fresh[title], i) != verdict[i])
					abort();
			first = 0;
		}
		cleaner_classify(tabled, &d, src, srclen);
		for (i = 0; i < d.nrecords; i++) {
			buf_clear(&b);
			cleaner_explain(tabled, i, &b);
			check_explanation(&b, cleaner_keep(tabled, i));
		}
		free(verdict);
	}
	input_close(in);
	if ((data[0] & 6) == 0)	/* a fresh cleaner: one input in four */
		two_pass(data, size, &b);
	doc_free(&d);
	buf_free(&b);
	return 0;
}
