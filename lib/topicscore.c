/*
 * newswire: scoring a document's topics from the counts the matcher kept
 * (lib/topicmatch.c): BM25 term-frequency saturation of each node's count,
 * times the weight of each entry ending there, summed by topic; weak
 * entries count only for a topic that has strong evidence; plus each
 * topic's bias.  Only the nodes and topics the document touched are
 * visited, and forgotten as they are scored or by topic_match_reset(),
 * so a document costs what it holds, not what the lexicon holds; of the
 * others, only those whose bias alone scores are looked at, listed once
 * by topic_match_threshold().
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"
#include "topicmatch.h"

static inline int
score_cmp(const void *a, const void *b)
{
	const struct topic_score *x = a, *y = b;

	if (x->millis != y->millis)
		return x->millis > y->millis ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* BM25 term-frequency saturation of c occurrences. */
static double
saturate(const struct topic_match *m, uint64_t c)
{
	return (double)c * (TOPIC_K1 + 1) / ((double)c + m->saturation);
}

/*
 * The touched nodes' counts, saturated, times their entries' weights,
 * summed by topic, in the order the nodes were touched; each node's
 * count moves to counts[], from the cache line the scoring read.  With
 * track, the topics met are listed in topics_touched[] as they are
 * first met, and their number returned; without, the caller finds them.
 */
static inline __attribute__((always_inline)) size_t
score_nodes(struct topic_match *m, int track)
{
	const struct node_term *e, *terms;
	struct node_state *ns, *nodes;
	const uint32_t *touched;
	uint32_t *counts;
	struct topic_acc *a, *acc;
	unsigned char *has_strong;
	uint32_t *topics_touched;
	size_t i, ntt = 0;
	uint64_t c;
	uint32_t t, tw;
	double sat;

	/*
	 * The arrays in locals: has_strong is written through a char
	 * pointer, which may alias anything, and would have every field
	 * of m read again for each entry.
	 */
	nodes = m->nodes;
	terms = m->terms;
	touched = m->touched;
	acc = m->acc;
	has_strong = m->has_strong;
	topics_touched = m->topics_touched;
	counts = m->counts;
	for (i = 0; i < m->ntouched; i++) {
		__builtin_prefetch(&nodes[touched[i + SCORE_AHEAD]]);
		ns = &nodes[touched[i]];
		c = ns->count;
		counts[i] = (uint32_t)c;
		ns->count = 0;
		sat = c <= SAT_CACHE ? m->sat[c] : saturate(m, c);
		/*
		 * A touched node has entries: the first is the node's.  No
		 * branch on what an entry is: they mispredict.
		 */
		tw = ns->term;
		t = tw >> (TERM_ACC + 1);
		if (track) {
			topics_touched[ntt] = t;
			ntt += (acc[2 * t].hits | acc[2 * t + 1].hits) == 0;
		}
		a = &acc[tw >> TERM_ACC];
		a->sum += ns->weight * sat;
		a->hits += c;
		has_strong[t] |= tw & TERM_STRONG;	/* nonzero: has */
		if (!(tw & TERM_MORE))
			continue;
		e = terms + m->more[touched[i]];
		do {
			t = e->topic;
			if (track) {
				topics_touched[ntt] = t;
				ntt += (acc[2 * t].hits |
				    acc[2 * t + 1].hits) == 0;
			}
			a = &acc[2 * t + e->weak];
			a->sum += e->weight * sat;
			a->hits += c;
			has_strong[t] |= e->strong;
		} while (!(e++)->last);
	}
	return ntt;
}

/*
 * The least score topic_match_scores() returns, in thousandths: 1 (0.001)
 * or more.  The topics whose bias alone scores that much are listed, to
 * be scored in a document that meets none of their entries.
 */
void
topic_match_threshold(struct topic_match *m, long long millis)
{
	const struct topic_set *s = m->set;
	uint32_t t;

	m->floor = millis > 1 ? millis : 1;
	m->nbias_topics = 0;
	for (t = 0; t < s->ntopics; t++)
		if (s->topics[t].bias > 0 && llround(s->topics[t].bias /
		    TOPIC_SCALE * 1000) >= m->floor)
			m->bias_topics[m->nbias_topics++] = t;
}

/*
 * Score the document read so far, once: the topics whose score rounds to
 * at least the threshold (0.001 unless topic_match_threshold() said
 * otherwise), best first (ties by name).  A topic none of whose entries
 * the document met has its bias alone, and HITS 0.  The array and the
 * counts behind --explain stay valid until topic_match_reset(), which
 * must come before more text: each node's count moves to counts[] as the
 * node is scored, so that the reset has no node to visit again.  A
 * document that touched at least as many nodes as there are topics has
 * the topics it met found after, by a look at each: cheaper than a test
 * of each entry's.  Their order then is not the order they were met,
 * which no output depends on: each topic has its own sums, and the
 * scores are sorted by a key that tells any two topics apart (their
 * names are unique).
 */
size_t
topic_match_scores(struct topic_match *m, struct topic_score **out)
{
	const struct topic_set *s = m->set;
	struct topic_score tmp;
	size_t i, j, n = 0, ntt = 0;
	uint32_t t;
	double raw;

	topic_match_flush(m);
	m->saturation = TOPIC_K1 * (1 - TOPIC_B + TOPIC_B *
	    (double)m->length / TOPIC_AVGDL);
	for (i = 0; i <= SAT_CACHE; i++)
		m->sat[i] = saturate(m, i);
	/* The root past the end, to be asked for with no test of where. */
	for (i = 0; i < SCORE_AHEAD; i++)
		m->touched[m->ntouched + i] = 0;
	if (m->ntouched < s->ntopics)
		ntt = score_nodes(m, 1);
	else {
		score_nodes(m, 0);
		for (t = 0; t < s->ntopics; t++)
			if ((m->acc[2 * t].hits | m->acc[2 * t + 1].hits) != 0)
				m->topics_touched[ntt++] = t;
	}
	m->ntopics_touched = ntt;
	m->counted = 1;
	for (i = 0; i < m->ntopics_touched; i++) {
		t = m->topics_touched[i];
		raw = m->acc[2 * t].sum + (m->has_strong[t] ?
		    m->acc[2 * t + 1].sum : 0) + s->topics[t].bias;
		if (raw <= 0)
			continue;
		m->scores[n].millis = llround(raw / TOPIC_SCALE * 1000);
		if (m->scores[n].millis < m->floor)
			continue;
		m->scores[n].topic = t;
		m->scores[n].name = s->topics[t].name;
		m->scores[n].hits = m->acc[2 * t].hits +
		    (m->has_strong[t] ? m->acc[2 * t + 1].hits : 0);
		n++;
	}
	for (i = 0; i < m->nbias_topics; i++) {
		t = m->bias_topics[i];
		if ((m->acc[2 * t].hits | m->acc[2 * t + 1].hits) != 0)
			continue;	/* touched: scored above */
		m->scores[n].millis = llround(s->topics[t].bias /
		    TOPIC_SCALE * 1000);
		m->scores[n].topic = t;
		m->scores[n].name = s->topics[t].name;
		m->scores[n].hits = 0;
		n++;
	}
	if (n > 32)
		qsort(m->scores, n, sizeof(*m->scores), score_cmp);
	else		/* the usual handful: no call per comparison */
		for (i = 1; i < n; i++) {
			tmp = m->scores[i];
			for (j = i; j > 0 && score_cmp(&tmp,
			    &m->scores[j - 1]) < 0; j--)
				m->scores[j] = m->scores[j - 1];
			m->scores[j] = tmp;
		}
	*out = m->scores;
	return n;
}

/*
 * The topic with the most evidence for the document scored last, even
 * when none has any (for a single-label decision): 1 with it in *out,
 * its score possibly negative, or 0 when there are no topics.  Call it
 * after topic_match_scores().  A topic of which nothing was found has
 * its bias alone.  Ties go to the name first in byte order.
 */
int
topic_match_best(struct topic_match *m, struct topic_score *out)
{
	const struct topic_set *s = m->set;
	double raw, best = 0;
	size_t i;
	uint32_t t, bt = TOPIC_NONE;

	for (t = 0; t < s->ntopics; t++)
		m->scratch_raw[t] = s->topics[t].bias;
	for (i = 0; i < m->ntopics_touched; i++) {
		t = m->topics_touched[i];
		m->scratch_raw[t] += m->acc[2 * t].sum +
		    (m->has_strong[t] ? m->acc[2 * t + 1].sum : 0);
	}
	for (t = 0; t < s->ntopics; t++) {
		raw = m->scratch_raw[t];
		if (bt == TOPIC_NONE || raw > best || (raw == best &&
		    strcmp(s->topics[t].name, s->topics[bt].name) < 0)) {
			bt = t;
			best = raw;
		}
	}
	if (bt == TOPIC_NONE)
		return 0;
	out->topic = bt;
	out->name = s->topics[bt].name;
	out->millis = llround(best / TOPIC_SCALE * 1000);
	out->hits = m->acc[2 * bt].hits +
	    (m->has_strong[bt] ? m->acc[2 * bt + 1].hits : 0);
	return 1;
}

static const struct topic_set *explain_set;

static int
explain_cmp(const void *a, const void *b)
{
	const struct entry_score *x = a, *y = b;
	const struct topic_entry *ex = &explain_set->entries[x->entry];
	const struct topic_entry *ey = &explain_set->entries[y->entry];
	size_t n;
	int c;

	if (x->contribution != y->contribution)
		return x->contribution > y->contribution ? -1 : 1;
	n = ex->textlen < ey->textlen ? ex->textlen : ey->textlen;
	if ((c = memcmp(explain_set->texts.data + ex->text,
	    explain_set->texts.data + ey->text, n)) != 0)
		return c;
	return ex->textlen < ey->textlen ? -1 : ex->textlen > ey->textlen;
}

/*
 * The entries that counted for topic t after topic_match_scores(), as
 * "entry:count,..." by contribution to the score (largest first), then
 * entry text, appended to out.  A comma or backslash of an entry (a
 * number token such as "1,000") is written after a backslash, so that
 * every other comma ends an entry.
 */
void
topic_match_explain(struct topic_match *m, uint32_t t, struct buf *out)
{
	const struct topic_set *s = m->set;
	const struct topic_entry *e;
	const char *p, *text;
	size_t i, n = 0;
	uint32_t k;
	char num[FORMAT_U64_MAX];

	for (i = 0; i < m->ntouched; i++)
		for (k = s->node_entry[m->touched[i]]; k != TOPIC_NONE;
		    k = e->next) {
			e = &s->entries[k];
			if (e->topic != t || (e->weak && !m->has_strong[t]))
				continue;
			m->explain[n].entry = k;
			m->explain[n].count = m->counts[i];
			m->explain[n].contribution = e->weight *
			    saturate(m, m->explain[n].count);
			n++;
		}
	explain_set = s;
	qsort(m->explain, n, sizeof(*m->explain), explain_cmp);
	for (i = 0; i < n; i++) {
		e = &s->entries[m->explain[i].entry];
		if (i > 0)
			buf_addc(out, ',');
		text = s->texts.data + e->text;
		for (p = text; p < text + e->textlen; p++) {
			if (*p == ',' || *p == '\\')
				buf_addc(out, '\\');
			buf_addc(out, *p);
		}
		/* Evidence against: its count with a minus sign. */
		buf_add(out, e->weight < 0 ? ":-" : ":", e->weight < 0 ? 2 : 1);
		buf_add(out, num, (size_t)(format_u64(num,
		    m->explain[i].count, 1) - num));
	}
}

/* Forget the document: counts, scores, phrases under way. */
void
topic_match_reset(struct topic_match *m)
{
	size_t i;
	uint32_t t;

	m->ncount_log = 0;	/* never counted: nothing to forget */
	if (!m->counted)
		for (i = 0; i < m->ntouched; i++)
			m->nodes[m->touched[i]].count = 0;
	m->counted = 0;
	for (i = 0; i < m->ntopics_touched; i++) {
		t = m->topics_touched[i];
		memset(&m->acc[2 * t], 0, 2 * sizeof(*m->acc));
		m->has_strong[t] = 0;
	}
	m->ntouched = 0;
	m->ntopics_touched = 0;
	m->length = 0;
	m->state = 0;
}
