/* SPDX-License-Identifier: ISC */
/* nw-count: term, n-gram and document frequencies of record streams. */
#include <sys/types.h>

#include <err.h>
#include <errno.h>
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
#define MERGE_FANIN	16		/* runs merged into one at a time */
#define RUN_BUFSIZE	(64 * 1024)	/* read and write buffer of a run */
#define REPORT_MAX	10		/* malformed lines told per input */
#define ARENA_BLOCK	(256 * 1024)

/*
 * A term on its way through the sorts: the figures live in arrays indexed
 * by id, the item carries what the comparisons need.
 */
struct item {
	uint64_t	 count;
	uint64_t	 prefix;	/* the key's first 8 bytes, big-endian */
	const char	*key;
	uint32_t	 len;
	uint32_t	 id;
};

/*
 * A term with its figures as runs hold it.  With --df, first and last
 * are the first and last documents of the run that hold the term, so
 * that a document cut in two by a spill is counted once (see combine()).
 */
struct entry {
	const char	*key;
	size_t		 len;
	uint64_t	 count;
	uint64_t	 df;
	uint64_t	 first;
	uint64_t	 last;
};

typedef void	 emit_fn(const struct entry *, void *);

/*
 * What a term costs beside its key: its strtab entry (24), hash slots (16
 * on average), count (8) and the key's NUL; with --df its DF and the last
 * document it was seen in.  Sorting the table for a spill takes an item
 * and its radix-sort copy, counted too so that -S bounds the peak.
 */
#define SORT_COST	(2 * sizeof(struct item))
#define TERM_COST	(49 + SORT_COST)
#define DF_COST		16

/* What the entries of an in-memory table are made from. */
struct figures {
	const uint64_t	*df;		/* by id, or NULL */
	const uint64_t	*lastdoc;	/* by id, or NULL */
	uint64_t	 gen_doc;	/* document current at the last spill */
	size_t		 gen_mark;	/* ids below it occur in gen_doc */
};

/* A temporary file holding entries sorted by term or by count. */
struct run {
	int		 fd;
	int		 level;		/* merged from MERGE_FANIN^level spills */
};

struct runs {
	struct run	*v;
	size_t		 n, cap;
	int		 bycount;
};

struct writer {
	int		 fd;
	char		*buf;
	size_t		 len;
};

struct reader {
	int		 fd;
	char		*buf;
	size_t		 cap, pos, end;
	int		 eof;
};

/* One sorted input of a merge: a run, or an array of items. */
struct stream {
	struct entry		 cur;
	struct reader		*reader;
	const struct item	*items;
	size_t			 n, i;
	const struct figures	*fig;
	size_t			 index;
};

struct arena_block {
	struct arena_block	*next;
	size_t			 used, size;
	char			 data[];
};

/* Unique terms sorted by count or by term, spilling runs as needed. */
struct sorter {
	int			 bycount;
	uint64_t		 limit;
	struct item		*items;
	uint64_t		*df;
	size_t			 n, cap;
	struct arena_block	*arena;
	uint64_t		 keybytes;
	struct runs		 runs;
	emit_fn			*emit;
	void			*arg;
};

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
static struct runs	 table_runs;

/* Documents: numbered from 1, in input order. */
static uint64_t		 docno;
static uint64_t		 gen_doc;
static size_t		 gen_mark = SIZE_MAX;
static struct doc_group	 docs;

/* Scratch. */
static struct item	*items;
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

/* Sorting. */

static uint64_t
key_prefix(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < 8; i++)
		v = v << 8 | (i < n ? p[i] : 0);
	return v;
}

static int
key_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c;

	if ((c = memcmp(a, b, alen < blen ? alen : blen)) != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

static inline int
item_cmp_term(const struct item *a, const struct item *b)
{
	if (a->prefix != b->prefix)
		return a->prefix < b->prefix ? -1 : 1;
	return key_cmp(a->key, a->len, b->key, b->len);
}

/* Count descending, then term in byte order. */
static inline int
item_cmp_count(const struct item *a, const struct item *b)
{
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return item_cmp_term(a, b);
}

static int
qsort_term(const void *a, const void *b)
{
	return item_cmp_term(a, b);
}

static int
qsort_count(const void *a, const void *b)
{
	return item_cmp_count(a, b);
}

/*
 * Least-significant-digit radix sort on the count (descending) and the
 * first eight bytes of the key, skipping the byte positions where every
 * item agrees; items left equal on both are then ordered by whole key.
 */
static void
items_sort(struct item *a, size_t n, int bycount)
{
	static size_t hist[16][256];
	struct item *tmp, *src, *dst, *t;
	size_t i, j, v, sum, c, *h;
	uint64_t k;
	int pass, npass = bycount ? 16 : 8, shift, trivial;

	if (n < 2)
		return;
	if (n < 512) {
		qsort(a, n, sizeof(*a), bycount ? qsort_count : qsort_term);
		return;
	}
	memset(hist, 0, sizeof(hist));
	for (i = 0; i < n; i++) {
		k = a[i].prefix;
		for (pass = 0; pass < 8; pass++)
			hist[pass][(k >> (8 * pass)) & 0xff]++;
		if (bycount) {
			k = ~a[i].count;
			for (pass = 0; pass < 8; pass++)
				hist[8 + pass][(k >> (8 * pass)) & 0xff]++;
		}
	}
	tmp = xreallocarray(NULL, n, sizeof(*tmp));
	src = a;
	dst = tmp;
	for (pass = 0; pass < npass; pass++) {
		h = hist[pass];
		for (trivial = 0, v = 0; v < 256; v++)
			if (h[v] == n)
				trivial = 1;
		if (trivial)
			continue;
		for (sum = 0, v = 0; v < 256; v++) {
			c = h[v];
			h[v] = sum;
			sum += c;
		}
		shift = 8 * (pass & 7);
		for (i = 0; i < n; i++) {
			k = pass < 8 ? src[i].prefix : ~src[i].count;
			dst[h[(k >> shift) & 0xff]++] = src[i];
		}
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof(*a));
	free(tmp);

	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && a[j].prefix == a[i].prefix &&
		    (!bycount || a[j].count == a[i].count); j++)
			;
		if (j - i > 1)
			qsort(a + i, j - i, sizeof(*a), qsort_term);
	}
}

static void
heap_sift(struct item *a, size_t n, size_t i)
{
	struct item t;
	size_t c;

	for (; (c = 2 * i + 1) < n; i = c) {
		if (c + 1 < n && item_cmp_count(&a[c + 1], &a[c]) > 0)
			c++;
		if (item_cmp_count(&a[c], &a[i]) <= 0)
			break;
		t = a[i];
		a[i] = a[c];
		a[c] = t;
	}
}

/*
 * Bring the k first items in count order to a[0..k), in no particular
 * order: a heap of the k best so far, its worst at the root, so that most
 * items are turned away by one comparison.
 */
static void
items_select(struct item *a, size_t n, size_t k)
{
	struct item t;
	size_t i;

	if (k >= n)
		return;
	if (k > n / 8) {
		items_sort(a, n, 1);
		return;
	}
	for (i = k / 2; i-- > 0; )
		heap_sift(a, k, i);
	for (i = k; i < n; i++) {
		if (item_cmp_count(&a[i], &a[0]) >= 0)
			continue;
		t = a[0];
		a[0] = a[i];
		a[i] = t;
		heap_sift(a, k, 0);
	}
}

static struct item *
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
output_entry(const struct entry *e, void *arg)
{
	(void)arg;
	output_term(e->key, e->len, e->count, e->df);
}

/* Runs: temporary files of entries. */

static void
writer_flush(struct writer *w)
{
	const char *p = w->buf;
	ssize_t n;

	while (w->len > 0) {
		if ((n = write(w->fd, p, w->len)) == -1) {
			if (errno == EINTR)
				continue;
			err(NW_EXIT_FAIL, "temporary file in %s", tempfile_dir());
		}
		p += n;
		w->len -= (size_t)n;
	}
}

static void
writer_bytes(struct writer *w, const void *p, size_t n)
{
	size_t k;

	while (n > 0) {
		if (w->len == RUN_BUFSIZE)
			writer_flush(w);
		k = RUN_BUFSIZE - w->len;
		if (k > n)
			k = n;
		memcpy(w->buf + w->len, p, k);
		w->len += k;
		p = (const char *)p + k;
		n -= k;
	}
}

static void
writer_varint(struct writer *w, uint64_t v)
{
	unsigned char b[10];
	size_t n = 0;

	while (v >= 0x80) {
		b[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	b[n++] = (unsigned char)v;
	writer_bytes(w, b, n);
}

static void
writer_entry(const struct entry *e, void *arg)
{
	struct writer *w = arg;

	writer_varint(w, e->len);
	writer_bytes(w, e->key, e->len);
	writer_varint(w, e->count);
	if (df_flag)
		writer_varint(w, e->df);
	if (track_docs) {
		writer_varint(w, e->first);
		writer_varint(w, e->last);
	}
}

static void
writer_open(struct writer *w)
{
	if ((w->fd = tempfile_open()) == -1)
		nw_exit(NW_EXIT_FAIL);
	w->buf = xmalloc(RUN_BUFSIZE);
	w->len = 0;
}

/* Flush and return the descriptor, ready to be read from the start. */
static int
writer_close(struct writer *w)
{
	writer_flush(w);
	free(w->buf);
	if (lseek(w->fd, 0, SEEK_SET) == -1)
		err(NW_EXIT_FAIL, "temporary file in %s", tempfile_dir());
	return w->fd;
}

static void
run_corrupt(void)
{
	errx(NW_EXIT_FAIL, "temporary file in %s: unexpected data",
	    tempfile_dir());
}

/* Make want bytes readable at pos if the file has them; how many are. */
static size_t
reader_fill(struct reader *r, size_t want)
{
	ssize_t n;

	if (r->end - r->pos >= want || r->eof)
		return r->end - r->pos;
	memmove(r->buf, r->buf + r->pos, r->end - r->pos);
	r->end -= r->pos;
	r->pos = 0;
	if (want > r->cap) {
		r->cap = want > 2 * r->cap ? want : 2 * r->cap;
		r->buf = xreallocarray(r->buf, r->cap, 1);
	}
	while (r->end < want) {
		if ((n = read(r->fd, r->buf + r->end, r->cap - r->end)) == -1) {
			if (errno == EINTR)
				continue;
			err(NW_EXIT_FAIL, "temporary file in %s",
			    tempfile_dir());
		}
		if (n == 0) {
			r->eof = 1;
			break;
		}
		r->end += (size_t)n;
	}
	return r->end;
}

static int
get_varint(const char **pp, const char *end, uint64_t *vp)
{
	const unsigned char *p = (const unsigned char *)*pp;
	uint64_t v = 0;
	int shift;

	for (shift = 0; shift < 64; shift += 7) {
		if ((const char *)p == end)
			return 0;
		v |= (uint64_t)(*p & 0x7f) << shift;
		if ((*p++ & 0x80) == 0) {
			*pp = (const char *)p;
			*vp = v;
			return 1;
		}
	}
	return 0;
}

/* The next entry of a run: 1, or 0 at its end. */
static int
reader_entry(struct reader *r, struct entry *e)
{
	const char *p, *end;
	uint64_t len;
	size_t avail, head;

	if ((avail = reader_fill(r, 10)) == 0)
		return 0;
	p = r->buf + r->pos;
	if (!get_varint(&p, p + avail, &len) || len > SIZE_MAX - 64)
		run_corrupt();
	head = (size_t)(p - (r->buf + r->pos));
	avail = reader_fill(r, head + (size_t)len + 40);
	p = r->buf + r->pos + head;
	end = r->buf + r->pos + avail;
	if ((size_t)(end - p) < len)
		run_corrupt();
	e->key = p;
	e->len = (size_t)len;
	p += len;
	e->df = e->first = e->last = 0;
	if (!get_varint(&p, end, &e->count) ||
	    (df_flag && !get_varint(&p, end, &e->df)) ||
	    (track_docs && (!get_varint(&p, end, &e->first) ||
	    !get_varint(&p, end, &e->last))))
		run_corrupt();
	r->pos = (size_t)(p - r->buf);
	return 1;
}

/* Merging sorted sources. */

static int
stream_next(struct stream *s)
{
	const struct item *it;
	const struct figures *f;

	if (s->reader != NULL)
		return reader_entry(s->reader, &s->cur);
	if (s->i == s->n)
		return 0;
	it = &s->items[s->i++];
	f = s->fig;
	s->cur.key = it->key;
	s->cur.len = it->len;
	s->cur.count = it->count;
	s->cur.df = f->df != NULL ? f->df[it->id] : 0;
	if (f->lastdoc != NULL) {
		s->cur.first = it->id < f->gen_mark ? f->gen_doc :
		    f->gen_doc + 1;
		s->cur.last = f->lastdoc[it->id];
	} else
		s->cur.first = s->cur.last = 0;
	return 1;
}

static int
stream_cmp(const struct stream *a, const struct stream *b, int bycount)
{
	int c;

	if (bycount && a->cur.count != b->cur.count)
		return a->cur.count > b->cur.count ? -1 : 1;
	if ((c = key_cmp(a->cur.key, a->cur.len, b->cur.key, b->cur.len)) != 0)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

static void
stream_sift(struct stream **h, size_t n, size_t i, int bycount)
{
	struct stream *t;
	size_t c;

	for (; (c = 2 * i + 1) < n; i = c) {
		if (c + 1 < n && stream_cmp(h[c + 1], h[c], bycount) < 0)
			c++;
		if (stream_cmp(h[c], h[i], bycount) >= 0)
			break;
		t = h[i];
		h[i] = h[c];
		h[c] = t;
	}
}

/*
 * Add the figures of f, from a later run, to e.  A term in the last
 * document of one run and the first of the next one was counted in each
 * of them, for a document cut by a spill; it is counted once.
 */
static void
combine(struct entry *e, const struct entry *f)
{
	if (f->count > UINT64_MAX - e->count)
		errx(NW_EXIT_FAIL, "count overflows 64 bits when summed");
	e->count += f->count;
	e->df += f->df;
	if (track_docs && e->last == f->first)
		e->df--;
	e->last = f->last;
}

/*
 * Merge the sources, in term order (equal terms combined, in the order of
 * the sources) or in count order; emit at most max entries.
 */
static void
merge(struct stream *src, size_t n, int bycount, uint64_t max,
    emit_fn *emit, void *arg)
{
	struct stream **h, *s, *t;
	struct entry e;
	size_t nh = 0, i;

	h = xreallocarray(NULL, n, sizeof(*h));
	for (i = 0; i < n; i++) {
		src[i].index = i;
		if (stream_next(&src[i]))
			h[nh++] = &src[i];
	}
	for (i = nh / 2; i-- > 0; )
		stream_sift(h, nh, i, bycount);
	while (nh > 0 && max > 0) {
		s = h[0];
		e = s->cur;
		h[0] = h[--nh];
		stream_sift(h, nh, 0, bycount);
		while (!bycount && nh > 0 && key_cmp(h[0]->cur.key,
		    h[0]->cur.len, e.key, e.len) == 0) {
			t = h[0];
			combine(&e, &t->cur);
			if (!stream_next(t))
				h[0] = h[--nh];
			stream_sift(h, nh, 0, bycount);
		}
		emit(&e, arg);
		max--;
		if (stream_next(s)) {
			h[nh++] = s;
			for (i = nh - 1; i > 0 &&
			    stream_cmp(h[i], h[(i - 1) / 2], bycount) < 0;
			    i = (i - 1) / 2) {
				t = h[i];
				h[i] = h[(i - 1) / 2];
				h[(i - 1) / 2] = t;
			}
		}
	}
	free(h);
}

static struct reader *
reader_new(int fd)
{
	struct reader *r;

	r = xcalloc(1, sizeof(*r));
	r->fd = fd;
	r->cap = RUN_BUFSIZE;
	r->buf = xmalloc(r->cap);
	return r;
}

static void
reader_free(struct reader *r)
{
	close(r->fd);
	free(r->buf);
	free(r);
}

/*
 * Merge runs v[from..n) and, when not NULL, extra (the last source);
 * the runs are closed, which frees their files.
 */
static void
runs_merge(struct runs *rs, size_t from, struct stream *extra,
    uint64_t max, emit_fn *emit, void *arg)
{
	struct stream *src;
	size_t i, n = rs->n - from;

	src = xcalloc(n + 1, sizeof(*src));
	for (i = 0; i < n; i++)
		src[i].reader = reader_new(rs->v[from + i].fd);
	if (extra != NULL)
		src[n++] = *extra;
	merge(src, n, rs->bycount, max, emit, arg);
	for (i = 0; i < n; i++)
		if (src[i].reader != NULL)
			reader_free(src[i].reader);
	free(src);
	rs->n = from;
}

static void
runs_add(struct runs *rs, int fd, int level)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 16;
		rs->v = xreallocarray(rs->v, rs->cap, sizeof(*rs->v));
	}
	rs->v[rs->n].fd = fd;
	rs->v[rs->n].level = level;
	rs->n++;
}

/*
 * Add a run.  MERGE_FANIN runs of one level are merged into one of the
 * next, so the files open stay few and each entry is rewritten only
 * log(runs) / log(MERGE_FANIN) times.  Merged runs are consecutive, which
 * keeps equal terms in input order for combine().
 */
static void
runs_push(struct runs *rs, int fd)
{
	struct writer w;
	int level;

	runs_add(rs, fd, 0);
	while (rs->n >= MERGE_FANIN &&
	    rs->v[rs->n - MERGE_FANIN].level == rs->v[rs->n - 1].level) {
		level = rs->v[rs->n - 1].level;
		writer_open(&w);
		runs_merge(rs, rs->n - MERGE_FANIN, NULL, UINT64_MAX,
		    writer_entry, &w);
		runs_add(rs, writer_close(&w), level + 1);
	}
}

/* Write items[0..n) as a run. */
static int
run_write(const struct item *it, size_t n, const struct figures *f)
{
	struct stream s;
	struct writer w;

	memset(&s, 0, sizeof(s));
	s.items = it;
	s.n = n;
	s.fig = f;
	writer_open(&w);
	while (stream_next(&s))
		writer_entry(&s.cur, &w);
	return writer_close(&w);
}

/* The sorter: unique terms in, sorted terms out. */

static const char *
arena_copy(struct arena_block **head, const char *s, size_t n)
{
	struct arena_block *b = *head;
	size_t size;
	char *p;

	if (b == NULL || b->size - b->used < n) {
		size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		b->next = *head;
		*head = b;
	}
	p = b->data + b->used;
	memcpy(p, s, n);
	b->used += n;
	return p;
}

static void
arena_free(struct arena_block **head)
{
	struct arena_block *b, *next;

	for (b = *head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	*head = NULL;
}

static void
sorter_init(struct sorter *so, int bycount, uint64_t max, emit_fn *emit,
    void *arg)
{
	memset(so, 0, sizeof(*so));
	so->bycount = bycount;
	so->runs.bycount = bycount;
	so->limit = max;
	so->emit = emit;
	so->arg = arg;
}

/* Bytes held with room for cap items, n of them sorted by radix. */
static uint64_t
sorter_memory(const struct sorter *so, size_t cap, size_t n)
{
	return so->keybytes + cap * (sizeof(*so->items) + sizeof(*so->df)) +
	    n * sizeof(*so->items);
}

/* Sort what is held and keep the first so->limit of it. */
static size_t
sorter_sort(struct sorter *so)
{
	size_t n = so->n;

	if (so->limit < n) {
		items_select(so->items, n, (size_t)so->limit);
		n = (size_t)so->limit;
	}
	items_sort(so->items, n, so->bycount);
	return n;
}

static void
sorter_spill(struct sorter *so)
{
	struct figures f = { so->df, NULL, 0, 0 };

	runs_push(&so->runs, run_write(so->items, sorter_sort(so), &f));
	arena_free(&so->arena);
	so->n = 0;
	so->keybytes = 0;
}

static void
sorter_add(const struct entry *e, void *arg)
{
	struct sorter *so = arg;
	struct item *it;
	size_t cap;

	if (so->n == so->cap) {
		cap = so->cap ? 2 * so->cap : 1024;
		/* Rather spill than grow past the bound. */
		if (so->n > 0 && sorter_memory(so, cap, so->n + 1) > budget)
			sorter_spill(so);
		else {
			so->cap = cap;
			so->items = xreallocarray(so->items, so->cap,
			    sizeof(*so->items));
			so->df = xreallocarray(so->df, so->cap,
			    sizeof(*so->df));
		}
	}
	if (e->len > UINT32_MAX)
		errx(NW_EXIT_FAIL, "term longer than 4 GiB");
	it = &so->items[so->n];
	it->key = arena_copy(&so->arena, e->key, e->len);
	it->len = (uint32_t)e->len;
	it->count = e->count;
	it->prefix = key_prefix(e->key, e->len);
	it->id = (uint32_t)so->n;
	so->df[so->n++] = e->df;
	so->keybytes += e->len;
	if (sorter_memory(so, so->cap, so->n) > budget)
		sorter_spill(so);
}

static void
sorter_finish(struct sorter *so)
{
	struct figures f = { so->df, NULL, 0, 0 };
	struct stream s;
	size_t i, n;

	n = sorter_sort(so);
	if (so->runs.n == 0) {
		memset(&s, 0, sizeof(s));
		s.items = so->items;
		s.n = n;
		s.fig = &f;
		for (i = 0; i < n && stream_next(&s); i++)
			so->emit(&s.cur, so->arg);
	} else {
		memset(&s, 0, sizeof(s));
		s.items = so->items;
		s.n = n;
		s.fig = &f;
		runs_merge(&so->runs, 0, &s, so->limit, so->emit, so->arg);
	}
	arena_free(&so->arena);
	free(so->items);
	free(so->df);
	free(so->runs.v);
}

/* The table of terms. */

static void
table_figures(struct figures *f)
{
	f->df = dfs;
	f->lastdoc = track_docs ? lastdoc : NULL;
	f->gen_doc = gen_doc;
	f->gen_mark = gen_mark;
}

/* Items of every term counted at least min times. */
static size_t
table_items(uint64_t min)
{
	size_t i, n = strtab_count(terms), m = 0, len;
	struct item *it;
	const char *key;

	it = items_room(n);
	for (i = 0; i < n; i++) {
		if (counts[i] < min)
			continue;
		key = strtab_key(terms, (uint32_t)i, &len);
		it[m].count = counts[i];
		it[m].prefix = key_prefix(key, len);
		it[m].key = key;
		it[m].len = (uint32_t)len;
		it[m].id = (uint32_t)i;
		m++;
	}
	return m;
}

/* Write the table as a run sorted by term and empty it. */
static void
table_spill(void)
{
	struct figures f;
	size_t n;

	n = table_items(0);
	items_sort(items, n, 0);
	table_figures(&f);
	runs_push(&table_runs, run_write(items, n, &f));
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
		items_select(items, n, (size_t)limit);
		n = (size_t)limit;
	}
	items_sort(items, n, !sort_by_term);
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
merged_term(const struct entry *e, void *arg)
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
	struct sorter bycount, byterm;
	struct runs *rs = &table_runs;

	if (rs->n == 0) {
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

	sorter_init(&byterm, 0, UINT64_MAX, output_entry, NULL);
	sorter_init(&bycount, 1, limit,
	    sort_by_term ? sorter_add : output_entry, &byterm);
	if (sort_by_term && limit == UINT64_MAX) {
		runs_merge(rs, 0, NULL, UINT64_MAX, merged_term, NULL);
		return;
	}
	runs_merge(rs, 0, NULL, UINT64_MAX, merged_term, &bycount);
	sorter_finish(&bycount);
	if (sort_by_term)
		sorter_finish(&byterm);
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
	table_runs.bycount = 0;
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
