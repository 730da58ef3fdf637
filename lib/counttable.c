/*
 * newswire: nw-count's table of terms, in bounded memory.
 *
 * Terms (or n-grams of them) are counted in a strtab with their figures
 * in plain arrays indexed by id.  What a term costs is counted as it is
 * added, and past the budget the table is written out as a run sorted
 * by term (extsort.c) and emptied, so memory stays bounded whatever the
 * vocabulary; at the end the runs are merged, equal terms added up.
 * Document frequencies count a term once per document: with COUNT_DOCS
 * the table counts them itself and notes the first and last document of
 * each term, so that a document cut in two by a spill counts once when
 * the runs are merged.
 */
#include <err.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

/*
 * What a term costs beside its key: its strtab entry (24), hash slots (16
 * on average), count (8) and the key's NUL; with document frequencies its
 * DF and the last document it was seen in.  Sorting the table for a
 * spill takes an item and its radix-sort copy, counted too so that the
 * budget bounds the peak.
 */
#define SORT_COST	(2 * sizeof(struct sort_item))
#define TERM_COST	(49 + SORT_COST)
#define DF_COST		16

/* A table this large is freed rather than cleared between documents. */
#define CLEAR_MAX	(1 << 22)

struct count_table {
	int			 flags;		/* COUNT_DF, COUNT_DOCS */
	uint64_t		 budget, bytes, term_cost;
	struct strtab		*terms;
	uint64_t		*counts, *dfs, *lastdoc;	/* by id */
	size_t			 cap;
	struct sort_runs	*runs;		/* the table spilled, by term */

	/* Documents, numbered from 1 in input order. */
	uint64_t		 docno;
	uint64_t		 gen_doc;	/* under way at the last spill */
	size_t			 gen_mark;	/* terms before the next one */

	struct sort_item	*items;
	size_t			 items_cap;
	struct buf		 gram;
	struct { const char *s; size_t n; } *tok;
	size_t			 tok_cap;
};

/* Byte classes of the text: what separates terms, and the final NUL. */
enum { TERM_BYTE, SPACE_BYTE, END_BYTE };
static const unsigned char byte_class[256] = {
	['\0'] = END_BYTE,
	['\t'] = SPACE_BYTE, ['\n'] = SPACE_BYTE, ['\v'] = SPACE_BYTE,
	['\f'] = SPACE_BYTE, ['\r'] = SPACE_BYTE, [' '] = SPACE_BYTE,
};

struct count_table *
count_table_new(int flags, uint64_t budget)
{
	struct count_table *t;

	t = xcalloc(1, sizeof(*t));
	if (flags & COUNT_DOCS)
		flags |= COUNT_DF;
	t->flags = flags;
	t->budget = budget;
	t->term_cost = TERM_COST + (flags & COUNT_DF ? DF_COST : 0);
	t->terms = strtab_new(0);
	t->gen_mark = SIZE_MAX;
	return t;
}

static struct sort_item *
items_room(struct count_table *t, size_t n)
{
	if (n > t->items_cap) {
		t->items_cap = n > 2 * t->items_cap ? n : 2 * t->items_cap;
		free(t->items);
		t->items = xreallocarray(NULL, t->items_cap,
		    sizeof(*t->items));
	}
	return t->items;
}

/* Items of every term counted at least min times. */
static size_t
table_items(struct count_table *t, uint64_t min)
{
	size_t i, n = strtab_count(t->terms), m = 0, len;
	struct sort_item *it;
	const char *key;

	it = items_room(t, n);
	for (i = 0; i < n; i++) {
		if (t->counts[i] < min)
			continue;
		key = strtab_key(t->terms, (uint32_t)i, &len);
		sort_item_set(&it[m++], key, len, t->counts[i], (uint32_t)i);
	}
	return m;
}

/*
 * Write the table as a run sorted by term and empty it.  With COUNT_DOCS
 * the entries say which documents they were first and last seen in:
 * terms interned before gen_mark were seen in gen_doc, the document
 * under way at the last spill, which the run before also counted.
 */
static void
table_spill(struct count_table *t)
{
	struct sort_entry e;
	size_t i, n;
	uint32_t id;

	n = table_items(t, 0);
	sort_items(t->items, n, 0);
	if (t->runs == NULL)
		t->runs = sort_runs_new(t->flags & COUNT_DOCS ?
		    SORT_DF | SORT_DOCS : t->flags & COUNT_DF ? SORT_DF : 0, 0);
	sort_runs_begin(t->runs);
	memset(&e, 0, sizeof(e));
	for (i = 0; i < n; i++) {
		id = t->items[i].id;
		e.key = t->items[i].key;
		e.len = t->items[i].len;
		e.count = t->items[i].count;
		if (t->flags & COUNT_DF)
			e.df = t->dfs[id];
		if (t->flags & COUNT_DOCS) {
			e.first = id < t->gen_mark ? t->gen_doc :
			    t->gen_doc + 1;
			e.last = t->lastdoc[id];
		}
		sort_runs_put(t->runs, &e);
	}
	sort_runs_end(t->runs);
	free(t->items);
	t->items = NULL;
	t->items_cap = 0;
	strtab_clear(t->terms);
	t->bytes = 0;
	t->gen_doc = t->docno;
	t->gen_mark = SIZE_MAX;
}

static void
table_grow(struct count_table *t)
{
	t->cap = t->cap ? 2 * t->cap : 4096;
	t->counts = xreallocarray(t->counts, t->cap, sizeof(*t->counts));
	if (t->flags & COUNT_DF)
		t->dfs = xreallocarray(t->dfs, t->cap, sizeof(*t->dfs));
	if (t->flags & COUNT_DOCS)
		t->lastdoc = xreallocarray(t->lastdoc, t->cap,
		    sizeof(*t->lastdoc));
}

static uint32_t
table_intern(struct count_table *t, const char *s, size_t n, int *isnew)
{
	uint32_t id;

	id = strtab_intern(t->terms, s, n, isnew);
	if (*isnew) {
		if (id >= t->cap)
			table_grow(t);
		t->counts[id] = 0;
		if (t->flags & COUNT_DF)
			t->dfs[id] = 0;
		if (t->flags & COUNT_DOCS)
			t->lastdoc[id] = 0;
		t->bytes += n + t->term_cost;
	}
	return id;
}

static inline void
count_term(struct count_table *t, const char *s, size_t n)
{
	uint32_t id;
	int isnew;

	id = table_intern(t, s, n, &isnew);
	/* One at a time, 64 bits cannot overflow. */
	t->counts[id]++;
	if (t->flags & COUNT_DOCS && t->lastdoc[id] != t->docno) {
		t->lastdoc[id] = t->docno;
		t->dfs[id]++;
	}
	if (isnew && t->bytes > t->budget)
		table_spill(t);
}

/*
 * Add count (and df) to the term s[0..n); -1 when the sum would
 * overflow 64 bits.
 */
int
count_table_add(struct count_table *t, const char *s, size_t n,
    uint64_t count, uint64_t df)
{
	uint32_t id;
	int isnew;

	id = table_intern(t, s, n, &isnew);
	if (count > UINT64_MAX - t->counts[id])
		return -1;
	t->counts[id] += count;
	if (t->flags & COUNT_DF)
		t->dfs[id] += df;	/* at most the count */
	if (isnew && t->bytes > t->budget)
		table_spill(t);
	return 0;
}

/* A document begins: its terms count once each in their DF. */
void
count_table_document(struct count_table *t)
{
	t->docno++;
	if (t->gen_mark == SIZE_MAX)
		t->gen_mark = strtab_count(t->terms);
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
		m = swar_bytes_below(x, 0x21);
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
count_unigrams(struct count_table *t, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, j;

	for (;;) {
		while (byte_class[s[i]] == SPACE_BYTE)
			i++;
		if (s[i] == '\0')
			return;
		j = term_end(s, i + 1, len);
		count_term(t, text + i, j - i);
		i = j;
	}
}

/*
 * N-grams of 1..max terms, joined by one space.  When the record
 * already has single spaces between them, an n-gram is a slice of the
 * text; otherwise it is built in a buffer.
 */
static void
count_ngrams(struct count_table *t, const char *text, size_t len, size_t max)
{
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
		if (ntok == t->tok_cap) {
			t->tok_cap = t->tok_cap ? 2 * t->tok_cap : 256;
			t->tok = xreallocarray(t->tok, t->tok_cap,
			    sizeof(*t->tok));
		}
		t->tok[ntok].s = text + i;
		t->tok[ntok].n = j - i;
		ntok++;
	}
	for (i = 0; i < ntok; i++) {
		a = t->tok[i].s;
		count_term(t, a, t->tok[i].n);
		slice = 1;
		for (j = i + 1; j < ntok && j - i < max; j++) {
			prev = t->tok[j - 1].s + t->tok[j - 1].n;
			if (slice && t->tok[j].s == prev + 1 && *prev == ' ') {
				count_term(t, a,
				    (size_t)(t->tok[j].s + t->tok[j].n - a));
				continue;
			}
			if (slice) {
				buf_clear(&t->gram);
				buf_add(&t->gram, a, (size_t)(prev - a));
				slice = 0;
			}
			buf_addc(&t->gram, ' ');
			buf_add(&t->gram, t->tok[j].s, t->tok[j].n);
			count_term(t, t->gram.data, t->gram.len);
		}
	}
}

/*
 * The terms of a record's text text[0..len) (NUL-terminated), split at
 * blanks, and with ngrams above 1 the n-grams of up to that many.
 */
void
count_table_text(struct count_table *t, const char *text, size_t len,
    size_t ngrams)
{
	if (ngrams <= 1)
		count_unigrams(t, text, len);
	else
		count_ngrams(t, text, len, ngrams);
}

/* Nothing spilled: the table sorted in place, then emptied. */
static void
emit_table(struct count_table *t, uint64_t min, uint64_t limit, int by_term,
    sort_emit_fn *emit, void *arg)
{
	struct sort_entry e;
	size_t i, n;

	n = table_items(t, min);
	if (limit < n) {
		sort_items_select(t->items, n, (size_t)limit);
		n = (size_t)limit;
	}
	sort_items(t->items, n, !by_term);
	memset(&e, 0, sizeof(e));
	for (i = 0; i < n; i++) {
		e.key = t->items[i].key;
		e.len = t->items[i].len;
		e.count = t->items[i].count;
		e.df = t->flags & COUNT_DF ? t->dfs[t->items[i].id] : 0;
		emit(&e, arg);
	}
	/* One huge document must not slow the rest. */
	if (strtab_memory(t->terms) > CLEAR_MAX) {
		strtab_free(t->terms);
		t->terms = strtab_new(0);
	} else
		strtab_clear(t->terms);
	t->bytes = 0;
}

struct merged {
	uint64_t	 min;
	sort_emit_fn	*emit;
	void		*arg;
};

/* A term of the final merge: dropped under min, else passed on. */
static void
merged_term(const struct sort_entry *e, void *arg)
{
	struct merged *m = arg;

	if (e->count >= m->min)
		m->emit(e, m->arg);
}

/*
 * Every term counted at least min times, the limit first by count, to
 * emit: by count (count descending, then term) or by term.  The table
 * is empty afterwards.  With runs spilled, they are merged by term; the
 * terms then go through a sorter by count (which keeps the limit) and,
 * by term with a limit, one by term.
 */
void
count_table_emit(struct count_table *t, uint64_t min, uint64_t limit,
    int by_term, sort_emit_fn *emit, void *arg)
{
	struct sorter *bycount, *byterm = NULL;
	struct merged m = { min, emit, arg };
	int layout = t->flags & COUNT_DF ? SORT_DF : 0;

	if (t->runs == NULL) {
		emit_table(t, min, limit, by_term, emit, arg);
		return;
	}
	if (strtab_count(t->terms) > 0)
		table_spill(t);
	/* The merge's sorters have the budget to themselves. */
	strtab_free(t->terms);
	t->terms = strtab_new(0);
	free(t->counts);
	free(t->dfs);
	free(t->lastdoc);
	t->counts = t->dfs = t->lastdoc = NULL;
	t->cap = 0;
	if (by_term && limit == UINT64_MAX) {
		sort_runs_merge(t->runs, UINT64_MAX, merged_term, &m);
	} else {
		if (by_term)
			byterm = sorter_new(layout, 0, UINT64_MAX, t->budget,
			    emit, arg);
		bycount = sorter_new(layout, 1, limit, t->budget,
		    by_term ? sorter_add : emit, by_term ? byterm : arg);
		m.emit = sorter_add;
		m.arg = bycount;
		sort_runs_merge(t->runs, UINT64_MAX, merged_term, &m);
		sorter_finish(bycount);
		if (by_term)
			sorter_finish(byterm);
	}
	sort_runs_free(t->runs);
	t->runs = NULL;
}

void
count_table_free(struct count_table *t)
{
	if (t == NULL)
		return;
	strtab_free(t->terms);
	free(t->counts);
	free(t->dfs);
	free(t->lastdoc);
	sort_runs_free(t->runs);
	free(t->items);
	buf_free(&t->gram);
	free(t->tok);
	free(t);
}
