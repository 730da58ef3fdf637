/*
 * newswire: the automaton of lib/topicmatch.c, learnt as the text is
 * read: what a token not seen before stands for (its exact word and
 * the prefix entries it extends), the states (sets of trie nodes under
 * way) and the transitions between them, each added the first time a
 * state meets a class of token.  The token loop (lib/topicmatch.c)
 * comes here only for what it has not met before, and for the flush
 * that keeps the automaton's memory bounded.
 */
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"
#include "topicmatch.h"

static inline int
bloom_test(const uint64_t *b, uint32_t sym)
{
	uint32_t bit = bloom_bit(sym);

	return b[bit >> 6] >> (bit & 63) & 1;
}

static void
symbol_add(struct topic_match *m, uint32_t sym)
{
	if (m->nsymbols == m->symbolscap) {
		m->symbolscap = m->symbolscap ? m->symbolscap * 2 : 4096;
		m->symbols = xreallocarray(m->symbols, m->symbolscap,
		    sizeof(*m->symbols));
	}
	m->symbols[m->nsymbols++] = sym;
}

/* What a token not seen before stands for: its exact word and prefixes. */
void
topic_token_learn(struct topic_match *m, uint32_t id, const char *tok, size_t n)
{
	const struct topic_set *s = m->set;
	const char *f = tok;
	size_t flen = n, l;
	uint32_t w;

	if (id >= m->infocap) {
		m->infocap = m->infocap ? m->infocap * 2 : 4096;
		m->info = xreallocarray(m->info, m->infocap,
		    sizeof(*m->info));
	}
	if (utf8_valid_prefix(tok, n) == n) {
		buf_clear(&m->fold);
		words_fold(m->words, &m->fold, tok, n);
		f = m->fold.data != NULL ? m->fold.data : "";
		flen = m->fold.len;
	}
	m->info[id].off = (uint32_t)m->nsymbols;
	if ((w = strtab_lookup(s->words, f, flen)) != STRTAB_NONE)
		symbol_add(m, w * 2);
	if (s->prefix_min > 0)
		for (l = s->prefix_min; l <= flen && l <= s->prefix_max; l++)
			if ((w = strtab_lookup(s->prefixes, f, l)) !=
			    STRTAB_NONE)
				symbol_add(m, w * 2 + 1);
	m->info[id].n = (uint32_t)(m->nsymbols - m->info[id].off);
	if (m->info[id].n == 1)
		m->info[id].cls = m->symbols[m->info[id].off];
	else if (m->info[id].n > 1)
		m->info[id].cls = CLASS_SET | strtab_intern(m->classes,
		    (const char *)(m->symbols + m->info[id].off),
		    m->info[id].n * sizeof(*m->symbols), NULL);
}

/* Room for n nodes in each scratch list. */
static void
scratch_reserve(struct topic_match *m, size_t n)
{
	if (n <= m->activecap)
		return;
	while (m->activecap < n)
		m->activecap *= 2;
	m->active = xreallocarray(m->active, m->activecap, sizeof(*m->active));
	m->next = xreallocarray(m->next, m->activecap, sizeof(*m->next));
	m->ends = xreallocarray(m->ends, m->activecap, sizeof(*m->ends));
}

/* The nodes of state st, into m->active. */
static void
state_load(struct topic_match *m, uint32_t st)
{
	const struct topic_set *s = m->set;
	const char *key;
	size_t len;

	if (st == 0)
		m->nactive = 0;
	else if (st < s->nnodes) {
		m->active[0] = st;
		m->nactive = 1;
	} else {
		key = strtab_key(m->states, (uint32_t)(st - s->nnodes), &len);
		scratch_reserve(m, len / sizeof(uint32_t));
		memcpy(m->active, key, len);
		m->nactive = len / sizeof(uint32_t);
	}
}

/* The state whose nodes under way are list[0..n). */
static uint32_t
state_intern(struct topic_match *m, const uint32_t *list, size_t n)
{
	const struct topic_set *s = m->set;
	uint64_t *bloom;
	uint32_t id;
	size_t i, k;
	int isnew;

	if (n == 0)
		return 0;
	if (n == 1)
		return list[0];
	id = strtab_intern(m->states, (const char *)list, n * sizeof(*list),
	    &isnew);
	if (isnew) {
		if (s->nnodes + id >= m->statebloomcap) {
			m->statebloomcap *= 2;
			m->state_bloom = xreallocarray(m->state_bloom,
			    m->statebloomcap, BLOOM_WORDS *
			    sizeof(*m->state_bloom));
		}
		bloom = bloom_of(m, (uint32_t)(s->nnodes + id));
		memset(bloom, 0, BLOOM_WORDS * sizeof(*bloom));
		for (i = 0; i < n; i++)
			for (k = 0; k < BLOOM_WORDS; k++)
				bloom[k] |= bloom_of(m, list[i])[k];
	}
	return (uint32_t)(s->nnodes + id);
}

/*
 * Forget every transition and every state of more than one node, all
 * but the current one: memory stays bounded whatever the input.
 */
void
topic_automaton_flush(struct topic_match *m)
{
	state_load(m, m->state);
	free(m->trans);
	trans_init(m, TRANS_MIN);
	strtab_clear(m->states);
	m->nouts = 0;
	m->state = state_intern(m, m->active, m->nactive);
}

static inline void
reached(struct topic_match *m, uint32_t node)
{
	if (m->set->node_entry[node] != TOPIC_NONE)
		m->ends[m->nends++] = node;
	if (m->set->node_kids[node] > 0)
		m->next[m->nnext++] = node;
}

/*
 * The transition from the current state on class cls, standing for
 * syms[0..nsyms), not met before: the phrases under way that go on with
 * a symbol advance, and a symbol's node below the root starts a new one,
 * symbol by symbol, so that each symbol sees the same phrases under way.
 * Each parent and symbol leads to a different node, so no node is
 * reached twice.
 */
struct trans *
topic_trans_add(struct topic_match *m, uint32_t cls, const uint32_t *syms,
    size_t nsyms)
{
	const struct topic_set *s = m->set;
	struct trans *t, *old;
	uint64_t key;
	size_t i, j, k, oldn;
	uint32_t child, node, sym;

	if (m->ntrans >= TRANS_MAX || m->nouts >= OUTS_MAX ||
	    strtab_memory(m->states) >= STATES_MAX)
		topic_automaton_flush(m);
	if ((m->ntrans + 1) * 4 > (m->transmask + 1) * 3) {
		old = m->trans;
		oldn = m->transmask + 1;
		trans_init(m, oldn * 2);
		for (i = 0; i < oldn; i++) {
			if (old[i].key == UINT64_MAX)
				continue;
			for (j = trans_home(m, (uint32_t)(old[i].key >> 32),
			    (uint32_t)old[i].key);
			    m->trans[j].key != UINT64_MAX;
			    j = (j + 1) & m->transmask)
				;
			m->trans[j] = old[i];
			m->ntrans++;
		}
		free(old);
	}
	state_load(m, m->state);
	scratch_reserve(m, (m->nactive + 1) * nsyms);
	m->nnext = m->nends = 0;
	for (j = 0; j < nsyms; j++) {
		sym = syms[j];
		for (i = 0; i < m->nactive; i++) {
			node = m->active[i];
			if (bloom_test(bloom_of(m, node), sym) &&
			    (child = topic_edge_get(s, node, sym)) != 0)
				reached(m, child);
		}
		if (sym < s->rootcap && (child = s->root_child[sym]) != 0)
			reached(m, child);
	}

	key = (uint64_t)m->state << 32 | cls;
	for (i = trans_home(m, m->state, cls); m->trans[i].key != UINT64_MAX;
	    i = (i + 1) & m->transmask)
		;
	t = &m->trans[i];
	t->key = key;
	t->next = state_intern(m, m->next, m->nnext);
	t->fold = bloom_fold(m, t->next);
	t->out = m->nends > 0 ? m->ends[0] : 0;
	t->out2 = m->nends > 1 ? m->ends[1] : 0;
	if (m->nends > 2) {
		if (m->nouts + m->nends + 1 > m->outscap) {
			while (m->nouts + m->nends + 1 > m->outscap)
				m->outscap = m->outscap ? m->outscap * 2 : 1024;
			m->outs = xreallocarray(m->outs, m->outscap,
			    sizeof(*m->outs));
		}
		t->out = OUT_LIST | (uint32_t)m->nouts;
		m->outs[m->nouts++] = (uint32_t)m->nends;
		for (k = 0; k < m->nends; k++)
			m->outs[m->nouts++] = m->ends[k];
	}
	m->ntrans++;
	return t;
}
