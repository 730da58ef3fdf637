/*
 * newswire: an external sort, the engine of nw-count(1).
 *
 * Entries (a key with a count and, as the layout of a run set says, a
 * document frequency and the first and last documents holding the key)
 * are sorted in memory while they fit and spilled as sorted runs to
 * temporary files that have no name otherwise; runs are merged
 * MERGE_FANIN at a time, so the files open stay few and each entry is
 * rewritten only log(runs) / log(MERGE_FANIN) times.
 *
 * In memory an entry travels as a sort_item: its count, the first eight
 * bytes of its key as a big-endian number and an id for what else the
 * caller keeps in arrays.  Sorting is an LSD radix sort on those 16
 * bytes, skipping the byte positions where every item agrees, then a
 * comparison sort among the few left equal; selecting the k best is a
 * heap that turns most items away with one comparison.
 *
 * In runs an entry is varints: key length, key bytes, count, then DF,
 * first and last when the layout has them.  The layout is a field of the
 * run set and of the sorter, never a global of the tool, so one process
 * may hold sorts of different shapes (nw-count's table runs and its
 * final sorters do).
 *
 * Memory that cannot be had is fatal, as everywhere, but the caller
 * knows what bounded it and what to tell the user: a run set or sorter
 * may be given a function (sort_runs_on_nomem(), sorter_on_nomem()) that
 * says so and exits, called with errno set by the allocation; without
 * one the message is errno's alone.
 */
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nw-private.h"

#define MERGE_FANIN	16		/* runs merged into one at a time */
#define RUN_BUFSIZE	(64 * 1024)	/* read and write buffer of a run */

/* A temporary file holding entries sorted by term or by count. */
struct run {
	int		 fd;
	int		 level;		/* merged from MERGE_FANIN^level spills */
};

struct writer {
	int		 fd;
	char		*buf;
	size_t		 len;
	int		 layout;
};

struct sort_runs {
	struct run	*v;
	size_t		 n, cap;
	int		 bycount;
	int		 layout;
	struct writer	 w;		/* of the run being written */
	sort_nomem_fn	*nomem;		/* or NULL */
	void		*nomem_arg;
};

struct reader {
	const struct sort_runs	*rs;	/* whose run it reads */
	int		 fd;
	char		*buf;
	size_t		 cap, pos, end;
	int		 eof;
	int		 layout;
};

/* One sorted input of a merge: a run, or an array of items. */
struct stream {
	struct sort_entry	 cur;
	struct reader		*reader;
	const struct sort_item	*items;
	size_t			 n, i;
	const uint64_t		*df;		/* by item id, or NULL */
	size_t			 index;
};

/* Unique keys sorted by count or by key, spilling runs as needed. */
struct sorter {
	int			 layout;
	int			 bycount;
	uint64_t		 limit;
	uint64_t		 budget;
	struct sort_item	*items;
	uint64_t		*df;
	size_t			 n, cap;
	struct arena		 arena;
	uint64_t		 keybytes;	/* held in the arena */
	struct sort_runs	*runs;
	sort_emit_fn		*emit;
	void			*arg;
};

/*
 * Keys are ordered as LC_ALL=C sort(1) orders the lines "KEY<TAB>...",
 * so that sort -m and join(1) take nw-count's output: a key ends as if
 * a TAB followed it, and "a" comes after "a\001".  nw-count's keys hold
 * no TAB; for any others a tie so made goes to the shorter key.
 */
#define KEY_END		'\t'

/* The key's first eight bytes, big-endian, KEY_END and zeros after. */
static uint64_t
key_prefix(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < 8; i++)
		v = v << 8 | (i < n ? p[i] : i == n ? KEY_END : 0);
	return v;
}

static int
key_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c;

	if ((c = memcmp(a, b, alen < blen ? alen : blen)) != 0 ||
	    alen == blen)
		return c;
	if (alen < blen)
		return (c = KEY_END - (unsigned char)b[alen]) != 0 ? c : -1;
	return (c = (unsigned char)a[blen] - KEY_END) != 0 ? c : 1;
}

void
sort_item_set(struct sort_item *it, const char *key, size_t len,
    uint64_t count, uint32_t id)
{
	it->count = count;
	it->prefix = key_prefix(key, len);
	it->key = key;
	it->len = (uint32_t)len;
	it->id = id;
}

static inline int
item_cmp_term(const struct sort_item *a, const struct sort_item *b)
{
	if (a->prefix != b->prefix)
		return a->prefix < b->prefix ? -1 : 1;
	return key_cmp(a->key, a->len, b->key, b->len);
}

/* Count descending, then term in byte order. */
static inline int
item_cmp_count(const struct sort_item *a, const struct sort_item *b)
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
 * The copy it sorts through is part of the caller's memory bound, so
 * when it cannot be allocated the caller says so: -1, errno set, the
 * items unmoved.
 */
int
sort_items(struct sort_item *a, size_t n, int bycount)
{
	static size_t hist[16][256];
	struct sort_item *tmp, *src, *dst, *t;
	size_t i, j, v, sum, c, *h;
	uint64_t k;
	int pass, npass = bycount ? 16 : 8, shift, trivial;

	if (n < 2)
		return 0;
	if (n < 512) {
		qsort(a, n, sizeof(*a), bycount ? qsort_count : qsort_term);
		return 0;
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
	if ((tmp = reallocarray(NULL, n, sizeof(*tmp))) == NULL)
		return -1;
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
	return 0;
}

static void
heap_sift(struct sort_item *a, size_t n, size_t i)
{
	struct sort_item t;
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
 * items are turned away by one comparison.  -1 as sort_items().
 */
int
sort_items_select(struct sort_item *a, size_t n, size_t k)
{
	struct sort_item t;
	size_t i;

	if (k >= n)
		return 0;
	if (k > n / 8)
		return sort_items(a, n, 1);
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
	return 0;
}


/* Runs: temporary files of entries. */

/* Memory for rs that cannot be had: its caller's message, else errno's. */
static void __attribute__((__noreturn__))
runs_nomem(const struct sort_runs *rs)
{
	if (rs->nomem != NULL)
		rs->nomem(rs->nomem_arg);
	err(NW_EXIT_FAIL, NULL);
}

/* reallocarray() for the work of rs; never NULL. */
static void *
runs_alloc(const struct sort_runs *rs, void *old, size_t n, size_t size)
{
	void *p;

	if ((p = reallocarray(old, n ? n : 1, size ? size : 1)) == NULL)
		runs_nomem(rs);
	return p;
}

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
writer_entry(const struct sort_entry *e, void *arg)
{
	struct writer *w = arg;

	writer_varint(w, e->len);
	writer_bytes(w, e->key, e->len);
	writer_varint(w, e->count);
	if (w->layout & SORT_DF)
		writer_varint(w, e->df);
	if (w->layout & SORT_DOCS) {
		writer_varint(w, e->first);
		writer_varint(w, e->last);
	}
}

static void
writer_open(struct writer *w, const struct sort_runs *rs)
{
	if ((w->fd = tempfile_open()) == -1)
		nw_exit(NW_EXIT_FAIL);
	w->buf = runs_alloc(rs, NULL, RUN_BUFSIZE, 1);
	w->len = 0;
	w->layout = rs->layout;
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
		r->buf = runs_alloc(r->rs, r->buf, r->cap, 1);
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
reader_entry(struct reader *r, struct sort_entry *e)
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
	    ((r->layout & SORT_DF) && !get_varint(&p, end, &e->df)) ||
	    ((r->layout & SORT_DOCS) && (!get_varint(&p, end, &e->first) ||
	    !get_varint(&p, end, &e->last))))
		run_corrupt();
	r->pos = (size_t)(p - r->buf);
	return 1;
}

/* Merging sorted sources. */

static int
stream_next(struct stream *s)
{
	const struct sort_item *it;

	if (s->reader != NULL)
		return reader_entry(s->reader, &s->cur);
	if (s->i == s->n)
		return 0;
	it = &s->items[s->i++];
	s->cur.key = it->key;
	s->cur.len = it->len;
	s->cur.count = it->count;
	s->cur.df = s->df != NULL ? s->df[it->id] : 0;
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
 * of them, for a document cut by a spill; it is counted once.  A sum
 * that overflows names the term: the runs keep no file or line.
 */
static void
combine(struct sort_entry *e, const struct sort_entry *f, int layout)
{
	if (f->count > UINT64_MAX - e->count)
		errx(NW_EXIT_FAIL, "term %.*s: count overflows 64 bits when "
		    "summed", e->len > INT_MAX ? INT_MAX : (int)e->len,
		    e->key);
	e->count += f->count;
	e->df += f->df;
	if ((layout & SORT_DOCS) && e->last == f->first)
		e->df--;
	e->last = f->last;
}

/*
 * Merge the sources, in term order (equal terms combined, in the order of
 * the sources) or in count order; emit at most max entries.
 */
static void
merge(const struct sort_runs *rs, struct stream *src, size_t n, uint64_t max,
    sort_emit_fn *emit, void *arg)
{
	struct stream **h, *s, *t;
	struct sort_entry e;
	size_t nh = 0, i;
	int bycount = rs->bycount, layout = rs->layout;

	h = runs_alloc(rs, NULL, n, sizeof(*h));
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
			combine(&e, &t->cur, layout);
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
reader_new(const struct sort_runs *rs, int fd)
{
	struct reader *r;

	r = runs_alloc(rs, NULL, 1, sizeof(*r));
	memset(r, 0, sizeof(*r));
	r->rs = rs;
	r->fd = fd;
	r->layout = rs->layout;
	r->cap = RUN_BUFSIZE;
	r->buf = runs_alloc(rs, NULL, r->cap, 1);
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
runs_merge(struct sort_runs *rs, size_t from, struct stream *extra,
    uint64_t max, sort_emit_fn *emit, void *arg)
{
	struct stream *src;
	size_t i, n = rs->n - from;

	src = runs_alloc(rs, NULL, n + 1, sizeof(*src));
	memset(src, 0, (n + 1) * sizeof(*src));
	for (i = 0; i < n; i++)
		src[i].reader = reader_new(rs, rs->v[from + i].fd);
	if (extra != NULL)
		src[n++] = *extra;
	merge(rs, src, n, max, emit, arg);
	for (i = 0; i < n; i++)
		if (src[i].reader != NULL)
			reader_free(src[i].reader);
	free(src);
	rs->n = from;
}

static void
runs_add(struct sort_runs *rs, int fd, int level)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 16;
		rs->v = runs_alloc(rs, rs->v, rs->cap, sizeof(*rs->v));
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
runs_push(struct sort_runs *rs, int fd)
{
	struct writer w;
	int level;

	runs_add(rs, fd, 0);
	while (rs->n >= MERGE_FANIN &&
	    rs->v[rs->n - MERGE_FANIN].level == rs->v[rs->n - 1].level) {
		level = rs->v[rs->n - 1].level;
		writer_open(&w, rs);
		runs_merge(rs, rs->n - MERGE_FANIN, NULL, UINT64_MAX,
		    writer_entry, &w);
		runs_add(rs, writer_close(&w), level + 1);
	}
}

struct sort_runs *
sort_runs_new(int layout, int bycount)
{
	struct sort_runs *rs;

	rs = xcalloc(1, sizeof(*rs));
	rs->layout = layout;
	rs->bycount = bycount;
	return rs;
}

/* Who says that memory for rs cannot be had, and exits: fn(arg). */
void
sort_runs_on_nomem(struct sort_runs *rs, sort_nomem_fn *fn, void *arg)
{
	rs->nomem = fn;
	rs->nomem_arg = arg;
}

/* A run is written entry by entry, in the order of the runs. */
void
sort_runs_begin(struct sort_runs *rs)
{
	writer_open(&rs->w, rs);
}

void
sort_runs_put(struct sort_runs *rs, const struct sort_entry *e)
{
	writer_entry(e, &rs->w);
}

void
sort_runs_end(struct sort_runs *rs)
{
	runs_push(rs, writer_close(&rs->w));
}

size_t
sort_runs_count(const struct sort_runs *rs)
{
	return rs->n;
}

/* Merge every run, which closes them, emitting at most max entries. */
void
sort_runs_merge(struct sort_runs *rs, uint64_t max, sort_emit_fn *emit,
    void *arg)
{
	runs_merge(rs, 0, NULL, max, emit, arg);
}

void
sort_runs_free(struct sort_runs *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->n; i++)
		close(rs->v[i].fd);
	free(rs->v);
	free(rs);
}

/* Write items[0..n) as a run of rs. */
static void
run_write(struct sort_runs *rs, const struct sort_item *it, size_t n,
    const uint64_t *df)
{
	struct stream s;

	memset(&s, 0, sizeof(s));
	s.items = it;
	s.n = n;
	s.df = df;
	sort_runs_begin(rs);
	while (stream_next(&s))
		sort_runs_put(rs, &s.cur);
	sort_runs_end(rs);
}

/* The sorter: unique keys in, sorted entries out. */


struct sorter *
sorter_new(int layout, int bycount, uint64_t limit, uint64_t budget,
    sort_emit_fn *emit, void *arg)
{
	struct sorter *so;

	so = xcalloc(1, sizeof(*so));
	so->layout = layout;
	so->bycount = bycount;
	so->runs = sort_runs_new(layout & SORT_DF, bycount);
	so->limit = limit;
	/*
	 * A run smaller than the buffer that reads it back is no use, and
	 * a budget below the first array of items spills every entry.
	 */
	so->budget = budget < RUN_BUFSIZE ? RUN_BUFSIZE : budget;
	so->emit = emit;
	so->arg = arg;
	return so;
}

/* As sort_runs_on_nomem(), for the sorter and its runs. */
void
sorter_on_nomem(struct sorter *so, sort_nomem_fn *fn, void *arg)
{
	sort_runs_on_nomem(so->runs, fn, arg);
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
		if (sort_items_select(so->items, n, (size_t)so->limit) == -1)
			runs_nomem(so->runs);
		n = (size_t)so->limit;
	}
	if (sort_items(so->items, n, so->bycount) == -1)
		runs_nomem(so->runs);
	return n;
}

static void
sorter_spill(struct sorter *so)
{
	run_write(so->runs, so->items, sorter_sort(so), so->df);
	arena_free(&so->arena);
	so->n = 0;
	so->keybytes = 0;
}

/* Add an entry; its key is copied.  A sort_emit_fn, arg the sorter. */
void
sorter_add(const struct sort_entry *e, void *arg)
{
	struct sorter *so = arg;
	const char *key;
	size_t cap;

	if (so->n == so->cap) {
		cap = so->cap ? 2 * so->cap : 1024;
		/* Rather spill than grow past the bound. */
		if (so->n > 0 &&
		    sorter_memory(so, cap, so->n + 1) > so->budget)
			sorter_spill(so);
		else {
			so->cap = cap;
			so->items = runs_alloc(so->runs, so->items, so->cap,
			    sizeof(*so->items));
			so->df = runs_alloc(so->runs, so->df, so->cap,
			    sizeof(*so->df));
		}
	}
	if (e->len > UINT32_MAX)
		errx(NW_EXIT_FAIL, "term longer than 4 GiB");
	if ((key = arena_try_copy(&so->arena, e->key, e->len)) == NULL)
		runs_nomem(so->runs);
	sort_item_set(&so->items[so->n], key, e->len, e->count,
	    (uint32_t)so->n);
	so->df[so->n++] = e->df;
	so->keybytes += e->len + 1;
	if (sorter_memory(so, so->cap, so->n) > so->budget)
		sorter_spill(so);
}

/* Emit what was added, in order, and free the sorter. */
void
sorter_finish(struct sorter *so)
{
	struct stream s;
	size_t i, n;

	n = sorter_sort(so);
	memset(&s, 0, sizeof(s));
	s.items = so->items;
	s.n = n;
	s.df = so->df;
	if (so->runs->n == 0) {
		for (i = 0; i < n && stream_next(&s); i++)
			so->emit(&s.cur, so->arg);
	} else
		runs_merge(so->runs, 0, &s, so->limit, so->emit, so->arg);
	sorter_free(so);
}

void
sorter_free(struct sorter *so)
{
	if (so == NULL)
		return;
	arena_free(&so->arena);
	free(so->items);
	free(so->df);
	sort_runs_free(so->runs);
	free(so);
}
