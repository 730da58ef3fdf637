/*
 * newswire: the topic matcher's tables, built once from a topic set
 * (lib/topicmatch.c reads them token by token).
 *
 * The topic words go into a table of slots found by a token's first two
 * chunks, each naming the word's symbol, the trie node it leads to from
 * the root and what that node is, and, for a word that also extends
 * prefix entries, the class of symbols it stands for.  Beside them: a bit
 * filter of the words, one of the prefixes' first bytes, one of the
 * trie's edges (pair_key()), each node's filter of the symbols its
 * phrases go on with, and the entries ending at each node packed for the
 * scorer.
 */
#include <err.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"
#include "topicmatch.h"

static inline void
bloom_set(uint64_t *b, uint32_t sym)
{
	uint64_t h = (uint64_t)sym * GOLDEN;

	b[h >> 62] |= 1ULL << (h >> 56 & 63);
}

static void
filter_init(struct filter *f, size_t nkeys)
{
	size_t bits = 1u << 16;

	/* About one bit in 32 set: few false positives, and it is small. */
	for (f->shift = 64 - 16; bits < nkeys * 32 && f->shift > 64 - 30;
	    f->shift--)
		bits *= 2;
	f->bits = xcalloc(bits / 64, sizeof(uint64_t));
}

static inline void
filter_set(struct filter *f, uint64_t hash)
{
	uint64_t i = hash >> f->shift;

	f->bits[i / 64] |= 1ULL << (i % 64);
}

static void
word_sym_add(struct topic_match *m, uint32_t sym)
{
	if (m->nword_syms == m->word_symscap) {
		m->word_symscap = m->word_symscap ? m->word_symscap * 2 : 64;
		m->word_syms = xreallocarray(m->word_syms, m->word_symscap,
		    sizeof(*m->word_syms));
	}
	m->word_syms[m->nword_syms++] = sym;
}

/*
 * The class of topic word w, key[0..len), which needs no folding, when
 * it extends prefix entries: its symbols as token_learn() lists them,
 * the word's, then the prefixes' by length.  lone[p] is the node of
 * prefix p when it starts no phrase and goes on with none, else 0.  A
 * word that extends one prefix entry, and that one such, needs no
 * class: the automaton would reach what the word alone reaches and then
 * that node, which its slot names.
 */
static void
word_class_learn(struct topic_match *m, struct word_slot *ws, uint32_t w,
    const unsigned char *key, size_t len, const uint32_t *lone)
{
	const struct topic_set *s = m->set;
	struct word_class *wc = &m->word_class[w];
	size_t k, off = m->nword_syms;
	uint32_t p;

	for (k = s->prefix_min; k > 0 && k <= len && k <= s->prefix_max; k++)
		if ((p = strtab_lookup(s->prefixes, (const char *)key, k)) !=
		    STRTAB_NONE) {
			if (m->nword_syms == off)
				word_sym_add(m, w * 2);
			word_sym_add(m, p * 2 + 1);
		}
	if (m->nword_syms == off)
		return;
	if (m->nword_syms - off == 2 &&
	    (ws->lone = lone[m->word_syms[off + 1] / 2]) != 0) {
		m->nword_syms = off;
		return;
	}
	wc->cls = CLASS_SET | CLASS_WORD | w;
	wc->off = (uint32_t)off;
	wc->n = (uint32_t)(m->nword_syms - off);
	ws->sym |= SLOT_CLASS;
}

/*
 * By prefix id: its node when it is an entry of its own and in no
 * phrase (no phrase starts or goes on with it), else 0.
 */
static uint32_t *
lone_prefixes(const struct topic_set *s)
{
	uint32_t *lone, node, sym;
	size_t i, np = strtab_count(s->prefixes);

	lone = xcalloc(np ? np : 1, sizeof(*lone));
	for (i = 0; i < np; i++) {
		sym = (uint32_t)i * 2 + 1;
		if (sym < s->rootcap && (node = s->root_child[sym]) != 0 &&
		    s->node_entry[node] != TOPIC_NONE &&
		    s->node_kids[node] == 0)
			lone[i] = node;
	}
	for (i = 0; i <= s->edgemask; i++)
		if (s->edges[i].child != 0 && (s->edges[i].key & 1) != 0)
			lone[(s->edges[i].key & 0xffffffff) / 2] = 0;
	return lone;
}

struct topic_match *
topic_match_new(const struct topic_set *s)
{
	struct topic_match *m;
	size_t nt = s->ntopics ? s->ntopics : 1, i, j, k, nw, np, len, cap, home;
	const unsigned char *key;
	struct word_slot *ws;
	uint64_t h, ws_first, ws_second;
	uint32_t *lone;

	m = xcalloc(1, sizeof(*m));
	m->words = words_new();
	m->set = s;
	m->seen = strtab_new(4096);
	m->touched = xreallocarray(NULL, s->nnodes + SCORE_AHEAD,
	    sizeof(*m->touched));
	m->counts = xreallocarray(NULL, s->nnodes, sizeof(*m->counts));
	if (s->ntopics > TERM_TOPICS)
		errx(NW_EXIT_FAIL, "too many topics");
	m->nodes = xcalloc(s->nnodes, sizeof(*m->nodes));
	m->more = xcalloc(s->nnodes, sizeof(*m->more));
	m->terms = xreallocarray(NULL, s->nentries ? s->nentries : 1,
	    sizeof(*m->terms));
	for (i = 0, j = 0; i < s->nnodes; i++) {
		if ((k = s->node_entry[i]) == TOPIC_NONE)
			continue;
		m->nodes[i].term = (s->entries[k].topic * 2 +
		    (s->entries[k].weak != 0)) << TERM_ACC |
		    (!s->entries[k].weak && s->entries[k].weight > 0 ?
		    TERM_STRONG : 0);
		m->nodes[i].weight = s->entries[k].weight;
		if ((k = s->entries[k].next) == TOPIC_NONE)
			continue;
		m->nodes[i].term |= TERM_MORE;
		m->more[i] = (uint32_t)j;
		for (; k != TOPIC_NONE; k = s->entries[k].next, j++) {
			m->terms[j].weight = s->entries[k].weight;
			m->terms[j].topic = s->entries[k].topic;
			m->terms[j].weak = s->entries[k].weak != 0;
			m->terms[j].strong = !s->entries[k].weak &&
			    s->entries[k].weight > 0;
			m->terms[j].last = s->entries[k].next == TOPIC_NONE;
		}
	}
	m->activecap = 16;
	m->active = xreallocarray(NULL, m->activecap, sizeof(*m->active));
	m->next = xreallocarray(NULL, m->activecap, sizeof(*m->next));
	m->ends = xreallocarray(NULL, m->activecap, sizeof(*m->ends));
	m->statebloomcap = s->nnodes + 1024;
	m->state_bloom = xcalloc(m->statebloomcap, BLOOM_WORDS *
	    sizeof(*m->state_bloom));
	for (i = 0; i <= s->edgemask; i++)
		if (s->edges[i].child != 0)
			bloom_set(bloom_of(m, (uint32_t)(s->edges[i].key >> 32)),
			    (uint32_t)(s->edges[i].key & 0xffffffff));
	filter_init(&m->pair_filter, s->nedges);
	for (i = 0; i <= s->edgemask; i++)
		if (s->edges[i].child != 0)
			filter_set(&m->pair_filter, pair_key((uint32_t)(
			    s->edges[i].key >> 32),
			    (uint32_t)(s->edges[i].key & 0xffffffff)));
	m->node_fold = xreallocarray(NULL, s->nnodes, sizeof(*m->node_fold));
	for (i = 0; i < s->nnodes; i++)
		m->node_fold[i] = bloom_fold(m, (uint32_t)i);
	m->states = strtab_new(1024);
	m->classes = strtab_new(256);
	trans_init(m, TRANS_MIN);
	m->explain = xreallocarray(NULL, s->nentries ? s->nentries : 1,
	    sizeof(*m->explain));
	m->acc = xcalloc(nt, 2 * sizeof(*m->acc));
	m->scratch_raw = xcalloc(nt, sizeof(*m->scratch_raw));
	m->has_strong = xcalloc(nt, 1);
	/* One more: topic_match_scores() writes before it counts. */
	m->topics_touched = xreallocarray(NULL, nt + 1, sizeof(uint32_t));
	m->scores = xreallocarray(NULL, nt, sizeof(*m->scores));
	m->bias_topics = xreallocarray(NULL, nt, sizeof(*m->bias_topics));
	topic_match_threshold(m, 1);

	nw = strtab_count(s->words);
	filter_init(&m->word_filter, nw);
	/*
	 * A quarter full at most: token_fast() reads a word's home slot
	 * and the next, and hands on every token whose home a word was
	 * pushed past by others (FAST_AWAY).  Half full, that was one
	 * token in 26 with 10,000 terms.
	 */
	for (cap = 16, m->word_shift = 64 - 4; cap < nw * 4; cap *= 2)
		m->word_shift--;
	m->word_slots = xlinearray(cap, sizeof(*m->word_slots));
	memset(m->word_slots, 0, cap * sizeof(*m->word_slots));
	m->word_mask = cap - 1;
	m->word_keys = xreallocarray(NULL, nw ? nw : 1, sizeof(*m->word_keys));
	m->word_class = xreallocarray(NULL, nw ? nw : 1,
	    sizeof(*m->word_class));
	lone = lone_prefixes(s);
	for (i = 0; i < nw; i++) {
		key = (const unsigned char *)strtab_key(s->words, (uint32_t)i,
		    &len);
		m->word_keys[i].key = (const char *)key;
		m->word_keys[i].len = len;
		ws_first = chunk_load(key, key + len);
		ws_second = len > 8 ? chunk_load(key + 8, key + (len < 16 ?
		    len : 16)) : 0;
		h = token_hash(ws_first, ws_second);
		filter_set(&m->word_filter, h);
		home = WORD_SLOT(h) >> m->word_shift;
		for (j = home; m->word_slots[j].first != 0;
		    j = (j + 1) & m->word_mask)
			;
		if (j != home && j != ((home + 1) & m->word_mask))
			m->word_slots[home].fast |= FAST_AWAY;
		ws = &m->word_slots[j];
		ws->first = ws_first;
		ws->second = ws_second;
		ws->sym = (uint32_t)i * 2 | (len > 16 ? SLOT_LONG : 0);
		/* A token equal to it takes the way of tokens that fold. */
		for (k = 0; k < len; k += 8)
			if (chunk_folds(chunk_load(key + k, key + len)) != 0)
				ws->sym |= SLOT_SLOW;
		if (!(ws->sym & SLOT_SLOW))
			word_class_learn(m, ws, (uint32_t)i, key, len, lone);
		if (i * 2 < s->rootcap && (ws->child = s->root_child[i * 2]) !=
		    0)
			ws->child |= (s->node_entry[ws->child] != TOPIC_NONE ?
			    CHILD_ENTRIES : 0) | (s->node_kids[ws->child] > 0 ?
			    CHILD_KIDS : 0);
		ws->fast |= bloom_bit(ws->sym & SLOT_SYM) |
		    ((ws->sym & (SLOT_LONG | SLOT_SLOW | SLOT_CLASS)) != 0 ?
		    FAST_NOT : 0);
	}
	free(lone);
	np = strtab_count(s->prefixes);
	/* No token is shorter than SIZE_MAX: no prefix test at all. */
	m->prefix_len = np == 0 ? SIZE_MAX : s->prefix_min < 8 ?
	    s->prefix_min : 8;
	m->fast = 1;
	m->fast_window = FAST_TRIAL;
	m->count_log = xreallocarray(NULL, COUNT_LOG, sizeof(*m->count_log));
	m->prefix_mask = np == 0 ? 0 : ~0ULL >> (64 - 8 * m->prefix_len);
	filter_init(&m->prefix_filter, np);
	for (i = 0; i < np; i++) {
		key = (const unsigned char *)strtab_key(s->prefixes,
		    (uint32_t)i, &len);
		filter_set(&m->prefix_filter, prefix_key(chunk_load(key,
		    key + len), m->prefix_len));
	}
	return m;
}

void
topic_match_free(struct topic_match *m)
{
	if (m == NULL)
		return;
	strtab_free(m->seen);
	free(m->word_filter.bits);
	free(m->prefix_filter.bits);
	free(m->pair_filter.bits);
	free(m->word_slots);
	free(m->word_keys);
	free(m->word_class);
	free(m->word_syms);
	free(m->nodes);
	free(m->more);
	free(m->terms);
	free(m->state_bloom);
	free(m->node_fold);
	strtab_free(m->states);
	strtab_free(m->classes);
	free(m->trans);
	free(m->outs);
	free(m->ends);
	free(m->info);
	free(m->symbols);
	buf_free(&m->fold);
	words_free(m->words);
	free(m->active);
	free(m->next);
	free(m->touched);
	free(m->count_log);
	free(m->counts);
	free(m->acc);
	free(m->scratch_raw);
	free(m->has_strong);
	free(m->topics_touched);
	free(m->scores);
	free(m->bias_topics);
	free(m->explain);
	free(m);
}
