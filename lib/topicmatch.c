/*
 * newswire: the topic matcher behind nw-topic-score(1).
 *
 * Every entry of every topic goes into one trie whose edges are token
 * symbols: an exact word ("border"), or a word prefix ("terror*").  The
 * trie nodes that the phrases under way have reached make a state of an
 * automaton over tokens (Aho-Corasick's, with sets of nodes for states so
 * that a token may stand for a word and prefixes at once), built as the
 * text is read: each transition met is kept with the nodes where entries
 * end that it reaches, so a token costs one probe however many phrases
 * are under way, and never depends on how many entries there are.
 * Counts are kept per trie node; entries ending at a node share its count.
 *
 * Tokens are scanned eight bytes at a time, which gives each its first two
 * chunks for free: they hash it, and tell a token of up to 16 bytes from
 * every other.  A token is then one probe in a table of the topic words
 * (behind a bit filter that turns most other tokens away at once), whose
 * slot also names the node the word leads to and what that node is.
 * When that table outgrows the caches, its misses, tokens apart, are too
 * far apart for the processor to overlap: tokens are then scanned a
 * batch ahead of the matching, and each one's slot asked for (a
 * prefetch) as it is scanned, so that a batch's misses are under way
 * together.
 * Tokens that need folding, or may extend a prefix entry, are interned
 * in a cache that remembers the symbols each distinct token stands for;
 * the cache is emptied when it grows past a bound, of tokens or of their
 * bytes, so memory stays flat on an endless stream of new words, long
 * ones too.  The tables are built in
 * lib/topictables.c, and the states and transitions learnt in
 * lib/topicauto.c.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "nw-private.h"
#include "topicmatch.h"

/* Whether a state's folded filter passes the word of slot ws. */
static inline int
fold_test(uint64_t fold, const struct word_slot *ws)
{
	return fold >> (ws->fast & 63) & 1;
}

static inline int
filter_test(const struct filter *f, uint64_t hash)
{
	uint64_t i = hash >> f->shift;

	return f->bits[i / 64] >> (i % 64) & 1;
}

/* The high bit of every byte of w up to 0x20 (space and controls). */
static inline uint64_t
chunk_blanks(uint64_t w)
{
	return swar_bytes_below(w, 0x21);
}

/*
 * The occurrences held back by node_count(), counted in order, before
 * the document is scored.
 */
void
topic_match_flush(struct topic_match *m)
{
	struct node_state *ns, *nodes = m->nodes;
	const uint32_t *log = m->count_log;
	uint32_t *touched = m->touched;
	size_t i, nt = m->ntouched;

	for (i = 0; i < m->ncount_log; i++) {
		ns = &nodes[log[i]];
		touched[nt] = log[i];
		nt += ns->count == 0;
		ns->count += ns->count != UINT32_MAX;
	}
	m->ntouched = nt;
	m->ncount_log = 0;
}

/*
 * An occurrence of the entries ending at node, held back in count_log
 * until topic_match_flush(): a store, and none of the loads and stores
 * of the count that the next token's may wait for.  Node 0, the root,
 * has none, and most tokens count it: it is not logged, so counting it
 * stands for counting nothing, with no branch.  A token counts
 * COUNT_ROOM nodes at most, but for a list of ends; the loop makes room
 * for them before each.
 */
static inline void
node_count(struct topic_match *m, uint32_t node)
{
	m->count_log[m->ncount_log] = node;
	m->ncount_log += node != 0;
}

/* Room for COUNT_ROOM more in count_log. */
static inline void
counts_room(struct topic_match *m)
{
	if (__builtin_expect(m->ncount_log > COUNT_LOG - COUNT_ROOM, 0))
		topic_match_flush(m);
}

/*
 * A token of class cls, standing for syms[0..nsyms), from state st: one
 * probe for the transition, learnt the first time.  Inlined in the token
 * loop, where most tokens with a large lexicon take it: a call costs
 * more than the probe when it hits.  Returns the state reached, and its
 * bloom_fold() in *fold.
 */
static inline __attribute__((always_inline)) uint32_t
automaton_step(struct topic_match *m, uint32_t st, uint32_t cls,
    const uint32_t *syms, size_t nsyms, uint64_t *fold)
{
	const struct trans *t;
	const uint32_t *list;
	uint64_t key = (uint64_t)st << 32 | cls;
	size_t i;
	uint32_t n;

	for (i = trans_home(m, st, cls); ; i = (i + 1) & m->transmask) {
		t = &m->trans[i];
		if (t->key == key)
			break;
		if (t->key == UINT64_MAX) {
			m->state = st;
			t = topic_trans_add(m, cls, syms, nsyms);
			break;
		}
	}
	if (!(t->out & OUT_LIST)) {
		node_count(m, t->out);
		node_count(m, t->out2);
	} else {
		list = m->outs + (t->out & ~OUT_LIST);
		for (n = list[0], list++; n > 0; n--, list++) {
			counts_room(m);
			node_count(m, *list);
		}
	}
	*fold = t->fold;
	return t->next;
}

/*
 * The node below the root of a word slot reached when no phrase under
 * way goes on with the word: it alone may be under way next.  No branch
 * at all: a node where no entry ends counts the root instead (see
 * node_count()).
 */
static inline uint32_t
node_reached_alone(struct topic_match *m, uint32_t child)
{
	uint32_t node = child & CHILD_NODE;

	node_count(m, node & -(child >> 31));
	return node & -(child >> 30 & 1);
}

/*
 * word_find() from slot i on, where the first 16 bytes of a word over
 * 16 bytes, or of the token, matched: the rest compared in full, out
 * of the loop that most tokens take, so that the call it makes does not
 * make that loop keep its values on the stack.
 */
static __attribute__((noinline)) const struct word_slot *
word_find_long(const struct topic_match *m, const unsigned char *p,
    size_t n, uint64_t c1, uint64_t c2, size_t i)
{
	const struct word_slot *w;
	const struct word_key *wk;

	for (; ; i = (i + 1) & m->word_mask) {
		w = &m->word_slots[i];
		if (w->first == c1) {
			if (w->second != c2)
				continue;
			if (n <= 16 && !(w->sym & SLOT_LONG))
				return w;
			wk = &m->word_keys[(w->sym & SLOT_SYM) / 2];
			if (n > 16 && wk->len == n &&
			    memcmp(wk->key + 16, p + 16, n - 16) == 0)
				return w;
		} else if (w->first == 0)
			return NULL;
	}
}

/*
 * The slot of the topic word equal to the token p[0..n), or NULL: c1
 * and c2 are its first two chunks, which tell tokens of up to 16 bytes
 * apart (no NUL in tokens: equal chunks, equal words).
 */
static inline const struct word_slot *
word_find(const struct topic_match *m, const unsigned char *p, size_t n,
    uint64_t c1, uint64_t c2)
{
	const struct word_slot *w;
	uint64_t h = token_hash(c1, c2);
	size_t i;

	if (!filter_test(&m->word_filter, h))
		return NULL;
	for (i = WORD_SLOT(h) >> m->word_shift; ;
	    i = (i + 1) & m->word_mask) {
		w = &m->word_slots[i];
		if (w->first == c1 && w->second == c2) {
			if (n <= 16 && !(w->sym & SLOT_LONG))
				return w;
			return word_find_long(m, p, n, c1, c2, i);
		} else if (w->first == 0)
			return NULL;
	}
}

/*
 * What a token that is not a topic word, or may stand for more than one
 * symbol, stands for, through the cache of distinct tokens.
 */
static uint32_t
token_slow(struct topic_match *m, uint32_t st, const unsigned char *p,
    size_t n, uint64_t *fold)
{
	const struct tokinfo *ti;
	uint32_t id;
	int isnew;

	m->state = st;
	if (strtab_count(m->seen) >= SEEN_MAX ||
	    m->seen_bytes >= SEEN_BYTES_MAX) {
		strtab_clear(m->seen);
		strtab_clear(m->classes);
		m->seen_bytes = 0;
		m->nsymbols = 0;
		topic_automaton_flush(m);
	}
	id = strtab_intern(m->seen, (const char *)p, n, &isnew);
	if (isnew) {
		m->seen_bytes += n;
		topic_token_learn(m, id, (const char *)p, n);
	}
	ti = &m->info[id];
	if (ti->n == 0) {
		*fold = m->node_fold[0];
		return 0;
	}
	return automaton_step(m, m->state, ti->cls, m->symbols + ti->off,
	    ti->n, fold);
}

/*
 * One token: p[0..n), c1 and c2 its first two chunks.  A token equal to
 * a topic word that needs no folding and extends no prefix entry is one
 * probe in the table of words, whose slot names the node it leads to
 * from the root, and when a phrase under way may go on with it, one
 * probe for the transition.  Any other token that holds no upper case
 * or non-ASCII and could start no prefix entry stands for nothing.  The
 * rest go through the cache.  st is the state, *fold its bloom_fold();
 * returns the state after the token, and its fold in *fold.
 */
static inline __attribute__((always_inline)) uint32_t
token_match(struct topic_match *m, uint32_t st, const unsigned char *p,
    size_t n, uint64_t c1, uint64_t c2, uint64_t *fold)
{
	const struct word_slot *ws;
	const struct word_class *wc;
	uint64_t folds;
	size_t i;
	uint32_t sym;

	if ((ws = word_find(m, p, n, c1, c2)) != NULL) {
		sym = ws->sym & SLOT_SYM;
		if (ws->sym & (SLOT_SLOW | SLOT_CLASS)) {
			if (!(ws->sym & SLOT_SLOW)) {
				wc = &m->word_class[sym / 2];
				return automaton_step(m, st, wc->cls,
				    m->word_syms + wc->off, wc->n, fold);
			}
		} else if (!fold_test(*fold, ws) || (st < m->set->nnodes &&
		    !filter_test(&m->pair_filter, pair_key(st, sym)))) {
			/* The common case: no phrase under way goes on. */
			st = node_reached_alone(m, ws->child);
			*fold = m->node_fold[st];
			node_count(m, ws->lone);
			return st;
		} else {
			st = automaton_step(m, st, sym, &sym, 1, fold);
			node_count(m, ws->lone);
			return st;
		}
	} else {
		folds = chunk_folds(c1);
		if (n > 8) {
			folds |= chunk_folds(c2);
			for (i = 16; i < n; i += 8)
				folds |= chunk_folds(chunk_load(p + i, p + n));
		}
		if (folds == 0 && (n < m->prefix_len ||
		    !filter_test(&m->prefix_filter, prefix_key(c1,
		    m->prefix_len)))) {
			*fold = m->node_fold[0];
			return 0;
		}
	}
	return token_slow(m, st, p, n, fold);
}

/*
 * The mask of the bytes of a chunk below its first blank, whose high
 * bits are given: all of them when there is none.
 */
static inline uint64_t
chunk_mask_below(uint64_t blanks)
{
	return ((blanks & -blanks) >> 7) - 1;
}

#ifndef __SSE2__
/* The number of bytes of such a mask (up to 8), with no branch. */
static inline size_t
mask_bytes(uint64_t mask)
{
	return (size_t)(((mask & SWAR_ONES) * SWAR_ONES) >> 56);
}
#endif

enum { FAST_TAKEN, FAST_STEP, FAST_OTHER };

#define FAST_BATCH	32	/* tokens text_match_ahead() cuts ahead */

/*
 * What token_fast() reads of the matcher, copied into locals by the
 * token loops (text_match_fast(), text_match_ahead()): the compiler
 * keeps them in registers, which it could not do with the fields, since
 * the stores of the count log might change them; and the count log's
 * length, written back before each call that counts.
 */
struct fastloop {
	const struct word_slot *slots;
	size_t		 word_mask;
	const uint64_t	*bloom;		/* the states' filters */
	const uint64_t	*prefix_bits;
	uint64_t	 prefix_mask;
	size_t		 prefix_len;
	unsigned	 word_shift, prefix_shift;
	uint32_t	*log;
	size_t		 nlog;
};

static inline void
fastloop_load(struct fastloop *f, const struct topic_match *m)
{
	f->slots = m->word_slots;
	f->word_mask = m->word_mask;
	f->bloom = m->state_bloom;
	f->prefix_bits = m->prefix_filter.bits;
	f->prefix_mask = m->prefix_mask;
	f->prefix_len = m->prefix_len;
	f->word_shift = m->word_shift;
	f->prefix_shift = m->prefix_filter.shift;
	f->log = m->count_log;
	f->nlog = m->ncount_log;
}

static inline void
fastloop_count(struct fastloop *f, uint32_t node)
{
	f->log[f->nlog] = node;
	f->nlog += node != 0;
}

/* Room for COUNT_ROOM more in the count log. */
static inline void
fastloop_room(struct topic_match *m, struct fastloop *f)
{
	if (__builtin_expect(f->nlog > COUNT_LOG - COUNT_ROOM, 0)) {
		m->ncount_log = f->nlog;
		topic_match_flush(m);
		f->nlog = m->ncount_log;
	}
}

/*
 * A token of up to 15 bytes, c1 and c2 its chunks, h their hash and
 * folds nonzero if it holds upper case or non-ASCII bytes, in the
 * common case: equal to a topic word that needs no folding and
 * extends no prefix entry, when no phrase under way goes on with it, or
 * none that could stand for anything.  All that is decided without a
 * branch on what the token is, which would mispredict: the word's home
 * slot and the next, and the state's filter are all read, and one
 * branch, taken for the few tokens that need more, sends the others on.
 * A token that is neither word is no topic word unless a word of that
 * home lies further on (FAST_AWAY): the slots stand for the filter
 * that token_match() reads first, and tell more tokens apart.  Returns
 * FAST_TAKEN when it took the token; FAST_STEP for a topic word that a
 * phrase under way may go on with (*wsp its slot), for token_step();
 * FAST_OTHER for the rest, for token_match().
 */
static inline __attribute__((always_inline)) int
token_fast(struct fastloop *f, uint32_t *st, size_t n, uint64_t c1,
    uint64_t c2, uint64_t h, uint64_t folds, const struct word_slot **wsp)
{
	const struct word_slot *ws, *w0, *w1;
	uint64_t found, hit, miss, pre, cont, i, m0, m1;
	uint32_t bit, child, node;
	size_t j;

	j = WORD_SLOT(h) >> f->word_shift;
	w0 = &f->slots[j];
	w1 = &f->slots[(j + 1) & f->word_mask];
	m0 = (w0->first == c1) & (w0->second == c2);
	m1 = (w1->first == c1) & (w1->second == c2);
	ws = m0 ? w0 : w1;
	found = m0 | m1;
	bit = ws->fast;
	hit = found & !(bit & FAST_NOT);
	cont = f->bloom[(size_t)*st * BLOOM_WORDS + ((bit & 0xff) >> 6)] >>
	    (bit & 63) & 1;
	i = (c1 & f->prefix_mask) * GOLDEN >> f->prefix_shift;
	pre = (uint64_t)(n >= f->prefix_len) &
	    (f->prefix_bits[i / 64] >> (i % 64));
	miss = (found ^ 1) & !(w0->fast & FAST_AWAY) & (folds == 0) &
	    (pre ^ 1);
	if (__builtin_expect(((hit & (cont ^ 1)) | miss) == 0, 0)) {
		*wsp = ws;
		return hit ? FAST_STEP : FAST_OTHER;
	}
	/* node_reached_alone(), and the prefix entry of a word alone. */
	child = ws->child & -(uint32_t)hit;
	node = child & CHILD_NODE;
	fastloop_count(f, node & -(child >> 31));
	fastloop_count(f, ws->lone & -(uint32_t)hit);
	*st = node & -(child >> 30 & 1);
	return FAST_TAKEN;
}

/*
 * A topic word of token_fast()'s that a phrase under way may go on
 * with: what token_match() does with it, out of the loop.  From a state
 * of one node, the pair filter turns away most words that no phrase
 * goes on with before the probe of the transitions, which misses the
 * caches, and keeps such pairs from filling the table.
 */
static __attribute__((noinline)) uint32_t
token_step(struct topic_match *m, uint32_t st, const struct word_slot *ws)
{
	uint64_t fold;
	uint32_t sym = ws->sym & SLOT_SYM;

	if (st < m->set->nnodes &&
	    !filter_test(&m->pair_filter, pair_key(st, sym)))
		st = node_reached_alone(m, ws->child);
	else
		st = automaton_step(m, st, sym, &sym, 1, &fold);
	node_count(m, ws->lone);
	return st;
}

/* token_match() for text_match_fast(), once, out of its loop. */
static __attribute__((noinline)) uint32_t
token_match_outside(struct topic_match *m, uint32_t st,
    const unsigned char *p, size_t n, uint64_t c1, uint64_t c2)
{
	uint64_t fold = bloom_fold(m, st);

	return token_match(m, st, p, n, c1, c2, &fold);
}

/*
 * The end of the token that starts at p, found by a branch on where its
 * first blank is, and its first two chunks cut there (*c2p 0 when it
 * ends within the first: most tokens do).
 */
static inline __attribute__((always_inline)) const unsigned char *
token_end(const unsigned char *p, const unsigned char *end, uint64_t *c1p,
    uint64_t *c2p)
{
	const unsigned char *q;
	uint64_t c1, c2, w, blanks;

	c1 = chunk_load(p, end);
	if ((blanks = chunk_blanks(c1)) != 0) {
		*c1p = c1 & chunk_mask_below(blanks);
		*c2p = 0;
		return p + __builtin_ctzll(blanks) / 8;
	}
	*c1p = c1;
	c2 = chunk_load(p + 8, end);
	if ((blanks = chunk_blanks(c2)) != 0) {
		*c2p = c2 & chunk_mask_below(blanks);
		return p + 8 + __builtin_ctzll(blanks) / 8;
	}
	*c2p = c2;
	for (q = p + 16; ; q += 8) {
		w = chunk_load(q, end);
		if ((blanks = chunk_blanks(w)) != 0)
			break;
	}
	return q + __builtin_ctzll(blanks) / 8;
}

#ifdef __SSE2__
/*
 * The bytes of a token's first two chunks, by its length below 16: its
 * first chunk's, then its second's.
 */
static const uint64_t cut_masks[16][2] = {
	{ 0, 0 },
	{ 0xff, 0 },
	{ 0xffff, 0 },
	{ 0xffffff, 0 },
	{ 0xffffffff, 0 },
	{ 0xffffffffff, 0 },
	{ 0xffffffffffff, 0 },
	{ 0xffffffffffffff, 0 },
	{ ~0ULL, 0 },
	{ ~0ULL, 0xff },
	{ ~0ULL, 0xffff },
	{ ~0ULL, 0xffffff },
	{ ~0ULL, 0xffffffff },
	{ ~0ULL, 0xffffffffff },
	{ ~0ULL, 0xffffffffffff },
	{ ~0ULL, 0xffffffffffffff },
};
#endif

/*
 * A record's text, token by token: each token's end found by
 * token_end(), or where 16 bytes can be read from its start, by a
 * vector compare of them, and matched by token_match().
 */
static uint64_t
text_match(struct topic_match *m, const unsigned char *p,
    const unsigned char *end)
{
	const unsigned char *q;
	uint64_t c1, c2, fold, ntokens = 0;
	uint32_t st = 0;
#ifdef __SSE2__
	const __m128i blank = _mm_set1_epi8(' ');
	unsigned bl;
	size_t n;
#endif

	fold = m->node_fold[0];
	while (p < end) {
		if (*p <= ' ') {
			p++;
			continue;
		}
#ifdef __SSE2__
		if (end - p >= 16 && (bl = (unsigned)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(_mm_max_epu8(_mm_loadu_si128(
		    (const __m128i *)(const void *)p), blank), blank))) != 0) {
			n = (size_t)__builtin_ctz(bl);
			memcpy(&c1, p, 8);
			memcpy(&c2, p + 8, 8);
			c1 &= cut_masks[n][0];
			c2 &= cut_masks[n][1];
			q = p + n;
		} else
#endif
			q = token_end(p, end, &c1, &c2);
		counts_room(m);
		st = token_match(m, st, p, (size_t)(q - p), c1, c2, &fold);
		ntokens++;
		p = q;
		if (p < end)
			p++;	/* the blank that ended the token */
	}
	return ntokens;
}

/*
 * The token that starts at p, where 16 bytes can be read: its length,
 * chunks and whether it folds (*foldsp nonzero: upper case or not
 * ASCII), found with no branch on its length (one vector of the 16
 * bytes, or two chunks).  0 for a token of 16 bytes or more.
 */
static inline __attribute__((always_inline)) size_t
fast_cut(const unsigned char *p, uint64_t *c1p, uint64_t *c2p,
    uint64_t *foldsp)
{
	uint64_t c1, c2;
#ifdef __SSE2__
	const __m128i blank = _mm_set1_epi8(' ');
	const __m128i upper_base = _mm_set1_epi8((char)(0x80 - 'A'));
	const __m128i upper_top = _mm_set1_epi8((char)(0x80 + 26));
	__m128i v;
	unsigned bl;
	size_t n;

	v = _mm_loadu_si128((const __m128i *)(const void *)p);
	bl = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
	    _mm_max_epu8(v, blank), blank));
	if (bl == 0)
		return 0;
	n = (size_t)__builtin_ctz(bl);
	memcpy(&c1, p, 8);
	memcpy(&c2, p + 8, 8);
	*c1p = c1 & cut_masks[n][0];
	*c2p = c2 & cut_masks[n][1];
	/*
	 * Upper case or not ASCII: A-Z moved to the bottom of the signed
	 * bytes.  No blank is either, so the bits below the first blank are
	 * the token's.
	 */
	*foldsp = (unsigned)_mm_movemask_epi8(_mm_or_si128(v,
	    _mm_cmplt_epi8(_mm_add_epi8(v, upper_base), upper_top))) &
	    (bl - 1);
	return n;
#else
	uint64_t b1, b2, m1, m2;

	memcpy(&c1, p, 8);
	memcpy(&c2, p + 8, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	c1 = __builtin_bswap64(c1);
	c2 = __builtin_bswap64(c2);
#endif
	b1 = chunk_blanks(c1);
	b2 = chunk_blanks(c2);
	if ((b1 | b2) == 0)
		return 0;
	m1 = chunk_mask_below(b1);
	m2 = chunk_mask_below(b2) & -(uint64_t)(b1 == 0);
	*c1p = c1 & m1;
	*c2p = c2 & m2;
	*foldsp = chunk_folds(c1 & m1) | chunk_folds(c2 & m2);
	return mask_bytes(m1) + mask_bytes(m2);
#endif
}

/*
 * A token token_fast() did not take (r), p[0..n): token_step() or
 * token_match(), which count into the matcher's log, and may flush it
 * or learn states.  Returns the state after it.
 */
static inline __attribute__((always_inline)) uint32_t
fast_not_taken(struct topic_match *m, struct fastloop *f, int r, uint32_t st,
    const struct word_slot *ws, const unsigned char *p, size_t n,
    uint64_t c1, uint64_t c2)
{
	m->ncount_log = f->nlog;
	if (r == FAST_STEP)
		st = token_step(m, st, ws);
	else
		st = token_match_outside(m, st, p, n, c1, c2);
	f->nlog = m->ncount_log;
	f->bloom = m->state_bloom;
	return st;
}

/*
 * The same, where 16 bytes can be read from a token's start, with
 * fast_cut() and token_fast() first; the tokens that need token_match()
 * are counted.
 */
static uint64_t
text_match_fast(struct topic_match *m, const unsigned char *p,
    const unsigned char *end)
{
	struct fastloop f;
	const struct word_slot *ws;
	const unsigned char *tok;
	uint64_t c1, c2, folds, ntokens = 0, missed = 0;
	size_t n;
	uint32_t st = 0;
	int r;

	fastloop_load(&f, m);
	while (p < end) {
		if (*p <= ' ') {
			p++;
			continue;
		}
		ntokens++;
		fastloop_room(m, &f);
		tok = p;
		if (end - p >= 16 && (n = fast_cut(p, &c1, &c2, &folds)) > 0) {
			r = token_fast(&f, &st, n, c1, c2, token_hash(c1, c2),
			    folds, &ws);
			p += n + 1;	/* and the blank that ended it */
			if (__builtin_expect(r == FAST_TAKEN, 1))
				continue;
		} else {
			r = FAST_OTHER;
			ws = NULL;
			p = token_end(p, end, &c1, &c2);
			n = (size_t)(p - tok);
			if (p < end)
				p++;	/* the blank that ended the token */
		}
		missed += r == FAST_OTHER;
		st = fast_not_taken(m, &f, r, st, ws, tok, n, c1, c2);
	}
	m->ncount_log = f.nlog;
	m->fast_missed += missed;
	return ntokens;
}

/*
 * The tokens of a record's text that text_match_ahead() has yet to
 * match, read a batch at a time.  The text's last bytes, from the first
 * token that starts fewer than 16 bytes from its end, are copied to
 * tail with NULs after them, so that every token can be cut by
 * fast_cut().
 */
struct fastscan {
	const unsigned char *p, *end;
	const unsigned char *readable;	/* where reading must stop */
	unsigned char	 tail[32];
};

/* A token, as token_fast() takes it. */
struct fasttok {
	const unsigned char *p;
	uint64_t	 c1, c2, h;	/* its chunks and their hash */
	uint32_t	 n;
	uint32_t	 folds;		/* 1: upper case or not ASCII */
};

/*
 * Up to FAST_BATCH tokens from sc->p on into batch[], each token's home
 * slot asked for (a prefetch) as it is cut, so that the batch's loads,
 * which miss the caches, are under way together before the first token
 * is matched.  Returns the number of tokens; *longp is 1 when the scan
 * stopped at a token of 16 bytes or more, which sc->p is left at.
 */
static inline __attribute__((always_inline)) size_t
fast_scan(struct fastscan *sc, const struct fastloop *f,
    struct fasttok *batch, int *longp)
{
	struct fasttok *t;
	const unsigned char *p = sc->p;
	uint64_t c1, c2, folds;
	size_t n, nb = 0;

	*longp = 0;
	while (nb < FAST_BATCH && p < sc->end) {
		if (*p <= ' ') {
			p++;
			continue;
		}
		if (__builtin_expect(sc->readable - p < 16, 0)) {
			n = (size_t)(sc->end - p);
			memset(sc->tail, 0, sizeof(sc->tail));
			memcpy(sc->tail, p, n);
			p = sc->tail;
			sc->end = sc->tail + n;
			sc->readable = sc->tail + sizeof(sc->tail);
		}
		if ((n = fast_cut(p, &c1, &c2, &folds)) == 0) {
			*longp = 1;
			break;
		}
		t = &batch[nb++];
		t->p = p;
		t->c1 = c1;
		t->c2 = c2;
		t->h = token_hash(c1, c2);
		t->n = (uint32_t)n;
		t->folds = folds != 0;
		__builtin_prefetch(&f->slots[WORD_SLOT(t->h) >> f->word_shift]);
		p += n + 1;	/* and the blank that ended it */
	}
	sc->p = p;
	return nb;
}

/*
 * text_match_fast() for a table of words that outgrows the caches: a
 * batch of tokens at a time (fast_scan()).
 */
static uint64_t
text_match_ahead(struct topic_match *m, const unsigned char *p,
    const unsigned char *end)
{
	struct fastscan sc;
	struct fastloop f;
	struct fasttok batch[FAST_BATCH], *t;
	const struct word_slot *ws;
	const unsigned char *q;
	uint64_t c1, c2, ntokens = 0, missed = 0;
	size_t i, nb;
	uint32_t st = 0;
	int isl, r;

	fastloop_load(&f, m);
	sc.p = p;
	sc.end = sc.readable = end;
	while (sc.p < sc.end) {
		nb = fast_scan(&sc, &f, batch, &isl);
		ntokens += nb;
		for (i = 0; i < nb; i++) {
			t = &batch[i];
			fastloop_room(m, &f);
			r = token_fast(&f, &st, t->n, t->c1, t->c2, t->h,
			    t->folds, &ws);
			if (__builtin_expect(r == FAST_TAKEN, 1))
				continue;
			missed += r == FAST_OTHER;
			st = fast_not_taken(m, &f, r, st, ws, t->p, t->n,
			    t->c1, t->c2);
		}
		if (!isl)
			continue;
		/* A token of 16 bytes or more, in the text itself. */
		p = sc.p;
		q = token_end(p, sc.end, &c1, &c2);
		sc.p = q < sc.end ? q + 1 : q;	/* and the blank after it */
		ntokens++;
		missed++;
		fastloop_room(m, &f);
		st = fast_not_taken(m, &f, FAST_OTHER, st, NULL, p,
		    (size_t)(q - p), c1, c2);
	}
	m->ncount_log = f.nlog;
	m->fast_missed += missed;
	return ntokens;
}

/*
 * One record's text: tokens separated by blanks.  Phrases match within a
 * record, never across two.  token_fast() pays when it takes most
 * tokens (a small lexicon, or text that is mostly other words) and
 * costs when many need token_match() (a lexicon of prefixes, text to
 * fold): it is tried on a window of tokens, and kept while at least
 * seven in eight of them need no more than it and token_step(), else
 * left for a longer run before it is tried again; with a table of words
 * of over FAST_AHEAD_SLOTS, it is tried on batches of tokens cut ahead
 * (text_match_ahead()).  All ways match the same, and hold their counts
 * back until the document is scored (topic_match_flush()).
 */
void
topic_match_text(struct topic_match *m, const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	uint64_t n;

	if (!m->fast)
		n = text_match(m, p, p + len);
	else if (m->word_mask + 1 > FAST_AHEAD_SLOTS)
		n = text_match_ahead(m, p, p + len);
	else
		n = text_match_fast(m, p, p + len);
	m->state = 0;
	m->length += n;
	m->fast_seen += n;
	if (m->fast_seen < m->fast_window)
		return;
	if (m->fast && m->fast_missed * 8 > m->fast_seen) {
		m->fast = 0;
		m->fast_window = FAST_PAUSE;
	} else {
		m->fast = 1;
		m->fast_window = FAST_TRIAL;
	}
	m->fast_seen = m->fast_missed = 0;
}
