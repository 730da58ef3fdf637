/*
 * newswire: nw-count's table of terms, in bounded memory.
 *
 * Counting a large vocabulary is bound by cache misses, so a term lives
 * in one place: its record (count, other figures, the key itself) in one
 * growing array, found through open-addressed slots of eight bytes (32
 * bits of hash, the record's offset).  A hit costs the slot and the
 * record, where a string table beside arrays of figures costs a slot,
 * an entry, a count and the key.  The terms of a record's text are
 * hashed a batch ahead of their lookups, their slots prefetched, and
 * the records those slots point to prefetched half a batch ahead, so
 * that the misses of several terms overlap.
 *
 * What the table holds is counted as it grows, and past the budget it
 * is written out as a run sorted by term (extsort.c) and emptied, so
 * memory stays bounded whatever the vocabulary; at the end the runs are
 * merged, equal terms added up.  Document frequencies count a term once
 * per document: with COUNT_DOCS the table counts them itself and notes
 * the first and last document of each term, so that a document cut in
 * two by a spill counts once when the runs are merged.
 */
#include <err.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

/*
 * What a term costs beside its record (header, figures, key and
 * padding): its slot (16 on average: the slots are at most half full),
 * and sorting the table for a spill takes an item and its radix-sort
 * copy, counted too so that the budget bounds the peak.
 */
#define SORT_COST	(2 * sizeof(struct sort_item))
#define TERM_COST	(16 + SORT_COST)

/* A table this large is freed rather than cleared between documents. */
#define CLEAR_MAX	(1 << 22)

/* How far ahead of its lookup a term's slot is prefetched. */
#define AHEAD		16
#define SPLIT_CHUNK	4096	/* terms split at a time */

/*
 * A term's record, in 8-byte units of t->units: then its figures (DF,
 * and the last document it was seen in, as the flags say) and its key,
 * padded to a unit.
 */
struct term {
	uint64_t	 count;
	uint32_t	 len;
	uint32_t	 hash;		/* the low half, where its slot starts */
};

struct slot {
	uint32_t	 tag;		/* the high half of the hash */
	uint32_t	 at;		/* the record's unit + 1; 0: empty */
};

struct pending {
	const char	*s;
	size_t		 n;
	uint64_t	 hash;
};

struct count_table {
	int			 flags;		/* COUNT_DF, COUNT_DOCS */
	size_t			 nfig;		/* figures after count: 0-2 */
	uint64_t		 budget, bytes;
	struct slot		*slots;
	size_t			 mask, nterms;
	uint64_t		*units;		/* the records */
	size_t			 nunits, capunits;
	struct sort_runs	*runs;		/* the table spilled, by term */

	/* Documents, numbered from 1 in input order. */
	uint64_t		 docno;
	uint64_t		 gen_doc;	/* under way at the last spill */
	size_t			 gen_mark;	/* records before the next one */

	struct sort_item	*items;
	size_t			 items_cap;
	struct buf		 gram;
	struct pending		*tok;
	size_t			 tok_cap;
};

/* Byte classes of the text: what separates terms, and the final NUL. */
enum { TERM_BYTE, SPACE_BYTE, END_BYTE };
static const unsigned char byte_class[256] = {
	['\0'] = END_BYTE,
	['\t'] = SPACE_BYTE, ['\n'] = SPACE_BYTE, ['\v'] = SPACE_BYTE,
	['\f'] = SPACE_BYTE, ['\r'] = SPACE_BYTE, [' '] = SPACE_BYTE,
};

/*
 * Memory for what the bound, -S, holds that cannot be allocated: the
 * bound is more than the process can have, and a smaller one, which
 * spills sooner, is the cure; so the message names it, in a unit
 * nw_size() reads.  errno is malloc's.
 */
static void __attribute__((__noreturn__))
budget_nomem(const struct count_table *t, const char *what)
{
	static const char suffix[] = "bKMGT";
	uint64_t n = t->budget;
	int i = 0;

	if (n == UINT64_MAX)
		err(NW_EXIT_FAIL, "cannot allocate %s", what);
	while (i < 4 && n > 0 && n % 1024 == 0) {
		n /= 1024;
		i++;
	}
	err(NW_EXIT_FAIL, "-S %" PRIu64 "%c: cannot allocate %s", n,
	    suffix[i], what);
}

/* An array of the table, or the copy it is sorted through. */
static void __attribute__((__noreturn__))
table_nomem(const struct count_table *t)
{
	budget_nomem(t, "the table of terms");
}

/*
 * The runs of spilled terms and their merge, and the sorts of the merged
 * terms: the sorts hold up to -S, the merge a buffer for each run besides
 * (longer for a longer term), which a smaller -S leaves room for.  A
 * sort_nomem_fn, arg the table.
 */
static void __attribute__((__noreturn__))
spill_nomem(void *arg)
{
	budget_nomem(arg, "the merge of the spilled terms");
}

static void *
table_reallocarray(const struct count_table *t, void *old, size_t n,
    size_t size)
{
	void *p;

	if ((p = reallocarray(old, n, size)) == NULL)
		table_nomem(t);
	return p;
}

static void
slots_alloc(struct count_table *t, size_t n)
{
	if ((t->slots = calloc(n, sizeof(*t->slots))) == NULL)
		table_nomem(t);
	advise_hugepages(t->slots, n * sizeof(*t->slots));
	t->mask = n - 1;
}

struct count_table *
count_table_new(int flags, uint64_t budget)
{
	struct count_table *t;

	t = xcalloc(1, sizeof(*t));
	if (flags & COUNT_DOCS)
		flags |= COUNT_DF;
	t->flags = flags;
	t->nfig = (flags & COUNT_DF ? 1 : 0) + (flags & COUNT_DOCS ? 1 : 0);
	t->budget = budget;
	slots_alloc(t, 64);
	t->gen_mark = SIZE_MAX;
	return t;
}

static inline struct term *
term_at(const struct count_table *t, size_t unit)
{
	return (struct term *)(void *)(t->units + unit);
}

static inline uint64_t *
term_figures(struct term *r)
{
	return (uint64_t *)(void *)(r + 1);
}

static inline const char *
term_key(const struct count_table *t, struct term *r)
{
	return (const char *)(term_figures(r) + t->nfig);
}

static inline size_t
term_units(const struct count_table *t, size_t len)
{
	return 2 + t->nfig + (len + 7) / 8;
}

static void
table_empty(struct count_table *t)
{
	memset(t->slots, 0, (t->mask + 1) * sizeof(*t->slots));
	t->nterms = 0;
	t->nunits = 0;
	t->bytes = 0;
}

static struct sort_item *
items_room(struct count_table *t, size_t n)
{
	if (n > t->items_cap) {
		t->items_cap = n > 2 * t->items_cap ? n : 2 * t->items_cap;
		free(t->items);
		t->items = table_reallocarray(t, NULL, t->items_cap,
		    sizeof(*t->items));
		advise_hugepages(t->items, t->items_cap * sizeof(*t->items));
	}
	return t->items;
}

/* Items of every term counted at least min times, id their unit. */
static size_t
table_items(struct count_table *t, uint64_t min)
{
	size_t u, m = 0;
	struct sort_item *it;
	struct term *r;

	it = items_room(t, t->nterms);
	for (u = 0; u < t->nunits; u += term_units(t, r->len)) {
		r = term_at(t, u);
		if (r->count >= min)
			sort_item_set(&it[m++], term_key(t, r), r->len,
			    r->count, (uint32_t)u);
	}
	return m;
}

/*
 * Write the table as a run sorted by term and empty it.  With COUNT_DOCS
 * the entries say which documents they were first and last seen in:
 * terms added before gen_mark were seen in gen_doc, the document under
 * way at the last spill, which the run before also counted.
 */
static void
table_spill(struct count_table *t)
{
	struct sort_entry e;
	struct term *r;
	size_t i, n;
	uint32_t u;

	n = table_items(t, 0);
	if (sort_items(t->items, n, 0) == -1)
		table_nomem(t);
	if (t->runs == NULL) {
		t->runs = sort_runs_new(t->flags & COUNT_DOCS ?
		    SORT_DF | SORT_DOCS : t->flags & COUNT_DF ? SORT_DF : 0, 0);
		sort_runs_on_nomem(t->runs, spill_nomem, t);
	}
	sort_runs_begin(t->runs);
	memset(&e, 0, sizeof(e));
	for (i = 0; i < n; i++) {
		u = t->items[i].id;
		r = term_at(t, u);
		e.key = t->items[i].key;
		e.len = t->items[i].len;
		e.count = t->items[i].count;
		if (t->flags & COUNT_DF)
			e.df = term_figures(r)[0];
		if (t->flags & COUNT_DOCS) {
			e.first = u < t->gen_mark ? t->gen_doc :
			    t->gen_doc + 1;
			e.last = term_figures(r)[1];
		}
		sort_runs_put(t->runs, &e);
	}
	sort_runs_end(t->runs);
	free(t->items);
	t->items = NULL;
	t->items_cap = 0;
	table_empty(t);
	t->gen_doc = t->docno;
	t->gen_mark = SIZE_MAX;
}

/* Twice the slots, each record's slot found again from its hash. */
static void
slots_grow(struct count_table *t)
{
	struct slot *old = t->slots;
	size_t oldn = t->mask + 1, i, j;

	slots_alloc(t, 2 * oldn);
	for (i = 0; i < oldn; i++) {
		if (old[i].at == 0)
			continue;
		for (j = term_at(t, old[i].at - 1)->hash & t->mask;
		    t->slots[j].at != 0; j = (j + 1) & t->mask)
			;
		t->slots[j] = old[i];
	}
	free(old);
}

/* Whether a[0..n) and b[0..n) are equal, in whole loads. */
static inline int
same_key(const char *a, const char *b, size_t n)
{
	uint64_t x, y;
	uint32_t v, w;

	if (n >= 8) {
		for (; n > 8; a += 8, b += 8, n -= 8) {
			memcpy(&x, a, 8);
			memcpy(&y, b, 8);
			if (x != y)
				return 0;
		}
		memcpy(&x, a + n - 8, 8);
		memcpy(&y, b + n - 8, 8);
		return x == y;
	}
	if (n >= 4) {
		memcpy(&v, a, 4);
		memcpy(&w, b, 4);
		if (v != w)
			return 0;
		memcpy(&v, a + n - 4, 4);
		memcpy(&w, b + n - 4, 4);
		return v == w;
	}
	return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] &&
	    a[n - 1] == b[n - 1]);
}

/* A new record for s[0..n) in slot i. */
static struct term *
term_add(struct count_table *t, const char *s, size_t n, uint64_t h,
    size_t i)
{
	size_t need = term_units(t, n);
	struct term *r;

	if (n > UINT32_MAX || t->nunits + need >= UINT32_MAX)
		errx(NW_EXIT_FAIL, "term table full");
	if (t->nunits + need > t->capunits) {
		t->capunits = t->capunits + t->capunits / 2 + need + 512;
		t->units = table_reallocarray(t, t->units, t->capunits,
		    sizeof(*t->units));
	}
	r = term_at(t, t->nunits);
	r->count = 0;
	r->len = (uint32_t)n;
	r->hash = (uint32_t)h;
	memset(term_figures(r), 0, (need - 2) * 8);
	memcpy(term_figures(r) + t->nfig, s, n);
	t->slots[i].tag = (uint32_t)(h >> 32);
	t->slots[i].at = (uint32_t)t->nunits + 1;
	t->nunits += need;
	t->bytes += need * 8 + TERM_COST;
	if (++t->nterms * 2 > t->mask + 1)
		slots_grow(t);
	return r;
}

/* The record of s[0..n) (hash h), added if new (*isnew says). */
static inline struct term *
term_find(struct count_table *t, const char *s, size_t n, uint64_t h,
    int *isnew)
{
	uint32_t tag = (uint32_t)(h >> 32), at;
	struct term *r;
	size_t i;

	for (i = h & t->mask; (at = t->slots[i].at) != 0;
	    i = (i + 1) & t->mask) {
		if (t->slots[i].tag != tag)
			continue;
		r = term_at(t, at - 1);
		if (r->len == n && same_key(term_key(t, r), s, n)) {
			*isnew = 0;
			return r;
		}
	}
	*isnew = 1;
	return term_add(t, s, n, h, i);
}

/* One occurrence of s[0..n). */
static inline void
count_term(struct count_table *t, const char *s, size_t n, uint64_t h)
{
	struct term *r;
	uint64_t *fig;
	int isnew;

	r = term_find(t, s, n, h, &isnew);
	/* One at a time, 64 bits cannot overflow. */
	r->count++;
	if (t->flags & COUNT_DOCS) {
		fig = term_figures(r);
		if (fig[1] != t->docno) {
			fig[1] = t->docno;
			fig[0]++;
		}
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
	struct term *r;
	int isnew;

	r = term_find(t, s, n, hash_bytes(s, n), &isnew);
	if (count > UINT64_MAX - r->count)
		return -1;
	r->count += count;
	if (t->flags & COUNT_DF)
		term_figures(r)[0] += df;	/* at most the count */
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
		t->gen_mark = t->nunits;
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

/*
 * Up to SPLIT_CHUNK more terms of text, split at blanks from *at, into
 * t->tok from index from; returns how many, *at moved past them.  A
 * record is split a chunk at a time, so that one of millions of terms
 * does not cost an array of them all.
 */
static size_t
split_terms(struct count_table *t, const char *text, size_t len, size_t *at,
    size_t from)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t ntok = from, i, j;

	if (t->tok_cap < from + SPLIT_CHUNK) {
		t->tok_cap = from + SPLIT_CHUNK;
		t->tok = xreallocarray(t->tok, t->tok_cap, sizeof(*t->tok));
	}
	for (i = *at; ntok < from + SPLIT_CHUNK; i = j) {
		while (byte_class[s[i]] == SPACE_BYTE)
			i++;
		if (s[i] == '\0')
			break;
		j = term_end(s, i + 1, len);
		t->tok[ntok].s = text + i;
		t->tok[ntok].n = j - i;
		ntok++;
	}
	*at = i;
	return ntok - from;
}

/*
 * The terms of a record: a chunk at a time, all hashed first, then
 * counted in order, the slot of the term AHEAD places on and the record
 * of the term AHEAD / 2 places on prefetched, so that their misses
 * overlap.
 */
static void
count_unigrams(struct count_table *t, const char *text, size_t len)
{
	struct pending *p;
	size_t at = 0, ntok, i, k;
	uint32_t at_unit;

	while ((ntok = split_terms(t, text, len, &at, 0)) > 0) {
		p = t->tok;
		for (i = 0; i < ntok; i++) {
			p[i].hash = hash_bytes(p[i].s, p[i].n);
			if (i < AHEAD)
				__builtin_prefetch(
				    &t->slots[p[i].hash & t->mask]);
		}
		for (i = 0; i < ntok; i++) {
			if (i + AHEAD < ntok)
				__builtin_prefetch(&t->slots[p[i + AHEAD].hash &
				    t->mask]);
			if (i + AHEAD / 2 < ntok) {
				k = p[i + AHEAD / 2].hash & t->mask;
				if ((at_unit = t->slots[k].at) != 0)
					__builtin_prefetch(t->units +
					    at_unit - 1);
			}
			count_term(t, p[i].s, p[i].n, p[i].hash);
		}
		if (ntok < SPLIT_CHUNK)
			break;
	}
}

/*
 * N-grams of 1..max terms, joined by one space.  When the record
 * already has single spaces between them, an n-gram is a slice of the
 * text; otherwise it is built in a buffer.  The terms are split a chunk
 * at a time; the last max - 1 of a chunk, whose n-grams run into the
 * next, are kept for it.
 */
static void
count_ngrams(struct count_table *t, const char *text, size_t len, size_t max)
{
	const char *a, *prev;
	size_t at = 0, ntok = 0, got, i, j, n;
	int slice, last;

	do {
		got = split_terms(t, text, len, &at, ntok);
		ntok += got;
		last = got < SPLIT_CHUNK;
		for (i = 0; i < ntok && (last || i + max <= ntok); i++) {
			a = t->tok[i].s;
			count_term(t, a, t->tok[i].n,
			    hash_bytes(a, t->tok[i].n));
			slice = 1;
			for (j = i + 1; j < ntok && j - i < max; j++) {
				prev = t->tok[j - 1].s + t->tok[j - 1].n;
				if (slice && t->tok[j].s == prev + 1 &&
				    *prev == ' ') {
					n = (size_t)(t->tok[j].s +
					    t->tok[j].n - a);
					count_term(t, a, n, hash_bytes(a, n));
					continue;
				}
				if (slice) {
					buf_clear(&t->gram);
					buf_add(&t->gram, a, (size_t)(prev - a));
					slice = 0;
				}
				buf_addc(&t->gram, ' ');
				buf_add(&t->gram, t->tok[j].s, t->tok[j].n);
				count_term(t, t->gram.data, t->gram.len,
				    hash_bytes(t->gram.data, t->gram.len));
			}
		}
		memmove(t->tok, t->tok + i, (ntok - i) * sizeof(*t->tok));
		ntok -= i;
	} while (!last);
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
		if (sort_items_select(t->items, n, (size_t)limit) == -1)
			table_nomem(t);
		n = (size_t)limit;
	}
	if (sort_items(t->items, n, !by_term) == -1)
		table_nomem(t);
	memset(&e, 0, sizeof(e));
	for (i = 0; i < n; i++) {
		e.key = t->items[i].key;
		e.len = t->items[i].len;
		e.count = t->items[i].count;
		e.df = t->flags & COUNT_DF ?
		    term_figures(term_at(t, t->items[i].id))[0] : 0;
		emit(&e, arg);
	}
	/* One huge document must not slow the rest. */
	if ((t->mask + 1) * sizeof(*t->slots) > CLEAR_MAX) {
		free(t->slots);
		slots_alloc(t, 64);
	}
	table_empty(t);
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
	uint64_t budget = t->budget;

	if (t->runs == NULL) {
		emit_table(t, min, limit, by_term, emit, arg);
		return;
	}
	if (t->nterms > 0)
		table_spill(t);
	/* The merge's sorters have the budget to themselves. */
	free(t->slots);
	slots_alloc(t, 64);
	free(t->units);
	t->units = NULL;
	t->capunits = 0;
	if (by_term && limit == UINT64_MAX) {
		sort_runs_merge(t->runs, UINT64_MAX, merged_term, &m);
	} else {
		/*
		 * The sorter by term fills as the one by count, which still
		 * holds its terms, emits them: the two share the budget.
		 */
		if (by_term) {
			budget /= 2;
			byterm = sorter_new(layout, 0, UINT64_MAX, budget,
			    emit, arg);
			sorter_on_nomem(byterm, spill_nomem, t);
		}
		bycount = sorter_new(layout, 1, limit, budget,
		    by_term ? sorter_add : emit, by_term ? byterm : arg);
		sorter_on_nomem(bycount, spill_nomem, t);
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
	free(t->slots);
	free(t->units);
	sort_runs_free(t->runs);
	free(t->items);
	buf_free(&t->gram);
	free(t->tok);
	free(t);
}
