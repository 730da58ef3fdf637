/*
 * newswire: what the topic matcher (lib/topicmatch.c: the automaton that
 * counts entries in a document, over the tables lib/topictables.c builds)
 * and its scorer (lib/topicscore.c: BM25 over those counts) share: the
 * matcher's state.
 */
#ifndef NW_TOPICMATCH_H
#define NW_TOPICMATCH_H

#define SEEN_MAX	(1u << 18)	/* distinct tokens cached at most */
#define SEEN_BYTES_MAX	(8u << 20)	/* and bytes of them, so long ones
					   cannot fill memory */
#define FAST_TRIAL	(1u << 16)	/* tokens token_fast() is tried on */
#define FAST_PAUSE	(1u << 20)	/* tokens before it is tried again */
#define FAST_AHEAD_SLOTS (1u << 14)	/* a table of words of more slots
					   than this (512 KB) outgrows the
					   caches: text_match_ahead() */
#define COUNT_LOG	4096		/* nodes held back by node_count() */
#define COUNT_ROOM	4		/* what one token adds to it at most,
					   but for a list of ends */

struct filter {
	uint64_t	*bits;
	unsigned	 shift;
};

/*
 * A topic word, found by the hash and the first bytes that the scan
 * computes, with what a token equal to it needs in the common case: its
 * symbol, the trie node it leads to from the root, and the node of the
 * prefix entry it extends when that is the only one and in no phrase.
 * Words longer than 16 bytes are compared in full.  A slot is half a
 * cache line, and the table starts at one.
 */
struct word_slot {
	uint64_t	 first;		/* its first 8 bytes, as a chunk; 0: empty */
	uint64_t	 second;	/* the next 8, or fewer, or none (0) */
	uint32_t	 sym;		/* | SLOT_LONG, SLOT_SLOW, SLOT_CLASS */
	uint32_t	 child;		/* its node below the root | CHILD_*; 0 */
	uint32_t	 lone;		/* that prefix entry's node; 0 */
	uint32_t	 fast;		/* its symbol's bit in a state's filter:
					   bloom_bit(); | FAST_NOT */
};
#define SLOT_LONG	0x80000000u	/* the word is over 16 bytes */
#define SLOT_SLOW	0x40000000u	/* folds */
#define SLOT_CLASS	0x20000000u	/* extends a prefix entry: word_class */
#define SLOT_SYM	0x1fffffffu
#define CHILD_ENTRIES	0x80000000u	/* entries end at the child */
#define CHILD_KIDS	0x40000000u	/* phrases go on from it */
#define CHILD_NODE	0x3fffffffu
#define FAST_NOT	0x100u		/* the word needs more than token_fast() */
#define FAST_AWAY	0x200u		/* a word whose home this slot is lies
					   past the next slot */

/*
 * What an entry ending at a node adds to its topic: a node's first
 * entry is kept with the node (struct node_state), and the others, the
 * few nodes where several end, packed by node in the order of the set's
 * list of entries there (node_entry, then next).
 */
struct node_term {
	double		 weight;
	uint32_t	 topic;
	uint16_t	 weak;		/* 1: weak, 0: not */
	uint8_t		 strong;	/* 1: not weak, positive weight */
	uint8_t		 last;		/* 1: the node's last */
};

/*
 * Evidence in a document for a topic t, by entries of a kind: of its
 * strong ones at 2 * t, of its weak ones at 2 * t + 1.
 */
struct topic_acc {
	double		 sum;
	uint64_t	 hits;
};

/*
 * A trie node in a document: its count, and its first entry, read with
 * it by the scorer from the one cache line.
 */
struct node_state {
	uint32_t	 count;		/* occurrences, at most UINT32_MAX */
	uint32_t	 term;		/* its first entry: its acc[],
					   (2 * topic + weak) << TERM_ACC,
					   | TERM_STRONG, TERM_MORE */
	double		 weight;	/* its first entry's */
};
#define TERM_STRONG	2u		/* not weak, positive weight */
#define TERM_MORE	4u		/* others end there: see more[] */
#define TERM_ACC	4		/* its acc[]: term >> TERM_ACC */
/* Topics at most. */
#define TERM_TOPICS	(UINT32_MAX >> (TERM_ACC + 1))
#define SAT_CACHE	16	/* saturations kept for counts up to this */
#define CLASS_SET	0x80000000u	/* a class of several symbols */
#define CLASS_WORD	0x40000000u	/* | CLASS_SET: a word's, word_class */
#define OUT_LIST	0x80000000u	/* a transition reaches several ends */
#define TRANS_MIN	4096
#define TRANS_MAX	(1u << 16)	/* transitions kept at most */
#define OUTS_MAX	(1u << 18)	/* nodes in their lists of ends */
#define STATES_MAX	(1u << 20)	/* bytes of states kept */

/*
 * The touched nodes are spread over the lexicon's (a cache miss each
 * with a large one, and independent): the scorer asks for the node this
 * many ahead while it scores one.
 */
#define SCORE_AHEAD	16

struct tokinfo {
	uint32_t	 off;		/* first symbol in match->symbols */
	uint32_t	 n;
	uint32_t	 cls;		/* its class: see struct topic_match */
};

struct topic_match {
	const struct topic_set *set;

	/*
	 * Filters that tell most tokens apart at once, without a lookup:
	 * a bit for a quick hash of every topic word, and one for the
	 * first prefix_len bytes of every prefix entry.
	 */
	struct filter	 word_filter;
	struct filter	 prefix_filter;
	struct filter	 pair_filter;	/* edges below the root: pair_key() */
	size_t		 prefix_len;
	uint64_t	 prefix_mask;	/* its bytes of a chunk; 0: no prefixes */

	/* Whether token_fast() is tried; see topic_match_text(). */
	int		 fast;
	uint64_t	 fast_seen, fast_missed, fast_window;

	/* The topic words, for tokens that need no folding. */
	struct word_slot *word_slots;
	size_t		 word_mask;
	unsigned	 word_shift;	/* slot of a hash: hash >> word_shift */
	struct word_key {
		const char	*key;
		size_t		 len;
	}		*word_keys;	/* by word id */

	/*
	 * A topic word that extends prefix entries (but for one alone, see
	 * struct word_slot) stands for itself and them: its class
	 * (CLASS_SET | CLASS_WORD | its index) and symbols are known from
	 * the start, and kept for good, so that a token equal to it takes
	 * no lookup in the token cache.
	 */
	struct word_class {
		uint32_t	 cls;
		uint32_t	 off;	/* first symbol in word_syms */
		uint32_t	 n;
	}		*word_class;	/* by word id */
	uint32_t	*word_syms;
	size_t		 nword_syms, word_symscap;

	/*
	 * The trie nodes: their counts in the document and flags.
	 */
	struct node_state *nodes;
	uint32_t	*more;		/* by node with TERM_MORE: its second
					   entry in terms[] */
	struct node_term *terms;

	/* The token cache. */
	struct strtab	*seen;
	size_t		 seen_bytes;	/* the bytes of its tokens */
	struct tokinfo	*info;
	size_t		 infocap;
	uint32_t	*symbols;
	size_t		 nsymbols, symbolscap;
	struct buf	 fold;
	struct words	*words;		/* the contract's fold */

	/*
	 * The automaton, built as tokens arrive.  A state is the list of
	 * nodes under way (phrases that go on from them), in the order the
	 * phrases were reached: state 0 is none, a state below nnodes is
	 * that one node, the others are lists interned in states.  A token
	 * stands for a class: a symbol, or a list of them (CLASS_SET | the
	 * list's id in classes).  Each transition met is kept, with the
	 * nodes where entries end that it reaches, in order.
	 */
	uint32_t	 state;		/* the current one, for trans_add(); the
					   token loop keeps it in a local */
	struct strtab	*states;
	uint64_t	*state_bloom;	/* by state, BLOOM_WORDS words: a bit
					   for each symbol a phrase goes on
					   with from it */
	size_t		 statebloomcap;
	struct strtab	*classes;
	uint64_t	*node_fold;	/* by node: bloom_fold() */
	struct trans {
		uint64_t	 key;	/* state << 32 | class; ~0: empty */
		uint64_t	 fold;	/* bloom_fold() of next */
		uint32_t	 next;	/* the state reached */
		uint32_t	 out;	/* a node where entries end, 0 for none;
					   OUT_LIST | outs offset: over two */
		uint32_t	 out2;	/* a second one, 0 for none */
		uint32_t	 unused;
	}		*trans;		/* half a cache line each, aligned */
	size_t		 transmask, ntrans;
	unsigned	 transshift;	/* home slot: a hash >> transshift */
	uint32_t	*outs;		/* lists: count, then nodes */
	size_t		 nouts, outscap;

	/* Scratch: the phrases a missing transition starts from and reaches. */
	uint32_t	*active, *next, *ends;
	size_t		 nactive, nnext, nends, activecap;

	/*
	 * The nodes counted, in order, before they reach nodes[] and
	 * touched[]: see node_count().
	 */
	uint32_t	*count_log;
	size_t		 ncount_log;

	/* The document so far, counted in nodes[] where entries end. */
	uint32_t	*touched;	/* nodes with entries and a count, and
					   room for SCORE_AHEAD more */
	uint32_t	*counts;	/* by touched, once scored: their counts,
					   which the nodes then forget */
	int		 counted;	/* the nodes' counts are in counts[] */
	size_t		 ntouched;
	uint64_t	 length;	/* tokens */

	/* Scores, by topic. */
	double		 saturation;	/* k1 * (1 - b + b * length / avgdl) */
	double		 sat[SAT_CACHE + 1];	/* saturate() of 0..SAT_CACHE */
	struct topic_acc *acc;		/* by topic, two: see there */
	double		*scratch_raw;	/* topic_match_best() */
	unsigned char	*has_strong;
	uint32_t	*topics_touched;
	size_t		 ntopics_touched;
	/*
	 * The least score returned, in thousandths (at least 1), and the
	 * topics whose bias alone reaches it: they score in a document
	 * that meets none of their entries, and are the only untouched
	 * topics that can.
	 */
	long long	 floor;
	uint32_t	*bias_topics;
	size_t		 nbias_topics;
	struct topic_score *scores;
	struct entry_score {
		double		 contribution;
		uint64_t	 count;
		uint32_t	 entry;
	}		*explain;
};

void	topic_match_flush(struct topic_match *);

/*
 * lib/topicauto.c: what a token not seen before (the id-th of the cache
 * m->seen) stands for; the transition from m->state on a class of token
 * standing for the symbols given, added; every transition and state but
 * the current one forgotten.
 */
void	topic_token_learn(struct topic_match *, uint32_t, const char *,
	    size_t);
struct trans *topic_trans_add(struct topic_match *, uint32_t,
	    const uint32_t *, size_t);
void	topic_automaton_flush(struct topic_match *);

/*
 * What lib/topictables.c (the tables built from a topic set),
 * lib/topicmatch.c (the token loop over them) and lib/topicauto.c (the
 * automaton it learns) compute alike.
 */
#define GOLDEN		0x9e3779b97f4a7c15ULL
#define WORD_SLOT(h)	((h) * 0xff51afd7ed558ccdULL)	/* not the filter's */

/*
 * Each state's filter of the symbols a phrase goes on with from it: 256
 * bits, so that a state many phrases go on from (a common first word)
 * still turns most other words away without a probe of the transitions,
 * which with a large lexicon misses the caches.
 */
#define BLOOM_WORDS	4

static inline uint64_t *
bloom_of(const struct topic_match *m, uint32_t st)
{
	return m->state_bloom + (size_t)st * BLOOM_WORDS;
}

/*
 * A symbol's bit in a state's filter: the word (the top two bits) and
 * the bit in it (the low six).
 */
static inline uint32_t
bloom_bit(uint32_t sym)
{
	return (uint32_t)((uint64_t)sym * GOLDEN >> 56);
}

/*
 * A state's filter folded to one word, the OR of its four: a looser test
 * of the same bits (no symbol that passes the full filter fails it),
 * which the token loop carries with the state, taken from where the
 * state itself was read (the word's slot, or the transition), so that
 * whether a phrase may go on is known with no load that waits for the
 * state.  A symbol that passes it when no phrase goes on takes the
 * probe of the transitions, which learns where it leads like any other.
 */
static inline uint64_t
bloom_fold(const struct topic_match *m, uint32_t st)
{
	const uint64_t *b = bloom_of(m, st);

	return b[0] | b[1] | b[2] | b[3];
}

/*
 * The key of the pair filter for a phrase under way at node, which may
 * go on with symbol sym: its bits are those of every edge below the
 * root, so that a word that goes on with no phrase from a state of one
 * node is told so without a probe of the transitions.  With a large
 * lexicon of phrases that start with common words, those words' states
 * pass their folded filters for most words, and each word that does not
 * go on would otherwise learn a transition of its own, filling the
 * table with pairs of words that lead nowhere and keeping it out of the
 * caches.
 */
static inline uint64_t
pair_key(uint32_t node, uint32_t sym)
{
	return ((uint64_t)node << 32 | sym) * GOLDEN;
}

/*
 * Tokens are scanned eight bytes at a time.  A chunk holds the bytes in
 * memory order from the lowest byte up, whatever the machine; bytes past
 * the end of the text read as NUL, which ends a token like a space.
 */
static inline uint64_t
chunk_load(const unsigned char *p, const unsigned char *end)
{
	uint64_t w = 0;
	size_t i, n = (size_t)(end - p);

	if (n >= 8) {
		memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		w = __builtin_bswap64(w);
#endif
		return w;
	}
	for (i = 0; i < n; i++)
		w |= (uint64_t)p[i] << (8 * i);
	return w;
}

/* The high bit of every byte of w that is A-Z or not ASCII. */
static inline uint64_t
chunk_folds(uint64_t w)
{
	return swar_ascii_upper(w & ~SWAR_HIGHS) | (w & SWAR_HIGHS);
}

/*
 * The hash of a token that topic_match_text() computes as it scans: of
 * its first two chunks (a word over 16 bytes shares it with the others
 * that start the same way).
 */
static inline uint64_t
token_hash(uint64_t c1, uint64_t c2)
{
	return (c1 ^ (c2 * 0xc2b2ae3d27d4eb4fULL)) * GOLDEN;
}

/* The first len bytes of a token, as a key of the prefix filter. */
static inline uint64_t
prefix_key(uint64_t first, size_t len)
{
	return (first & (~0ULL >> (64 - 8 * len))) * GOLDEN;
}

/*
 * The home slot of the transition from state st on class cls: a
 * multiply and a shift of the state, which a phrase's next token waits
 * for, with the class's part computed apart.
 */
static inline size_t
trans_home(const struct topic_match *m, uint32_t st, uint32_t cls)
{
	return (size_t)(((uint64_t)st * 0xd6e8feb86659fd93ULL +
	    (uint64_t)cls * GOLDEN) >> m->transshift);
}

/* An empty table of cap transitions, a power of two. */
static inline void
trans_init(struct topic_match *m, size_t cap)
{
	m->trans = xlinearray(cap, sizeof(*m->trans));
	memset(m->trans, 0xff, cap * sizeof(*m->trans));
	m->transmask = cap - 1;
	for (m->transshift = 64; cap > 1; cap /= 2)
		m->transshift--;
	m->ntrans = 0;
}

#endif
