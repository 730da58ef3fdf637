/* SPDX-License-Identifier: ISC */
/*
 * Fuzz topic-file parsing and matching.  The input is split at NUL bytes:
 * the last part is the document text, the parts before it are topic
 * files (with no NUL, the input is both one topic file and the text, so
 * that entries and tokens meet).  Parsing must refuse or take every line
 * with a reason for a refusal; the text is matched line by line, as
 * nw-topic-score reads records.  Scores must be positive, sorted, name
 * real topics once each, with hits, or with none the topic's positive
 * bias alone; the explanation of each must list entries whose counts add
 * up to its hits; and the same text matched again after a reset must
 * score the same, by the token loop it started in and by the other.
 *
 * And the word contract (lib/words.c) must hold: the text cut by
 * words_text() scores exactly as the text put through the tools' own
 * normalizer and tokenizer, configured as "nw-normalize | nw-tokenize
 * -l -w" run them, with the same explanations.  (Not as that cut once
 * more: the tokenizer makes "s" of a clitic "'s" standing alone, which
 * is why topic entries keep clitics written apart as they are.)
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"
#include "topicmatch.h"

#define TOPICS_MAX	4

static void
match_lines(struct topic_match *m, const char *s, const char *end)
{
	const char *nl;

	for (; s < end; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		topic_match_text(m, s, (size_t)(nl - s));
	}
}

/*
 * The sum of the counts of "entry:count,entry:-count", a minus sign
 * marking evidence against, or -1 if the list does not have that shape:
 * the count follows the last ':' of an entry, and a ',' or '\' of an
 * entry is written after a '\', so that every other ',' ends one.
 */
static int64_t
explained_hits(const struct buf *b)
{
	int64_t sum = 0, v;
	size_t i = 0, j, item, colon, digits;

	while (i < b->len) {
		for (item = i, colon = SIZE_MAX; i < b->len &&
		    b->data[i] != ','; i++)
			if (b->data[i] == '\\') {
				if (++i == b->len || (b->data[i] != ',' &&
				    b->data[i] != '\\'))
					return -1;
			} else if (b->data[i] == ':')
				colon = i;
		if (colon == SIZE_MAX || colon == item)
			return -1;
		if ((j = colon + 1) < i && b->data[j] == '-')
			j++;
		for (v = 0, digits = 0; j < i && digits < 18 &&
		    b->data[j] >= '0' && b->data[j] <= '9'; j++, digits++)
			v = v * 10 + (b->data[j] - '0');
		if (digits == 0 || j != i)
			return -1;
		sum += v;
		if (i < b->len && ++i == b->len)
			return -1;	/* a comma that ends nothing */
	}
	return sum;
}

static size_t
scores(struct topic_match *m, const struct topic_set *set,
    struct topic_score **out)
{
	struct topic_score *sc;
	struct buf ex = { 0 };
	size_t n, i, j;
	int64_t sum;

	n = topic_match_scores(m, &sc);
	if (n > topic_set_count(set))
		abort();
	for (i = 0; i < n; i++) {
		if (sc[i].millis < 1 || sc[i].topic >= topic_set_count(set) ||
		    sc[i].name != topic_set_name(set, sc[i].topic))
			abort();
		if (i > 0 && (sc[i].millis > sc[i - 1].millis ||
		    (sc[i].millis == sc[i - 1].millis &&
		    strcmp(sc[i].name, sc[i - 1].name) < 0)))
			abort();
		for (j = 0; j < i; j++)
			if (sc[j].topic == sc[i].topic)
				abort();
		buf_clear(&ex);
		topic_match_explain(m, sc[i].topic, &ex);
		/* Nothing counted: the bias alone, as it rounds. */
		if (sc[i].hits == 0 && (ex.len != 0 ||
		    sc[i].millis != llround(set->topics[sc[i].topic].bias /
		    TOPIC_SCALE * 1000)))
			abort();
		if (sc[i].hits != 0 && (ex.len == 0 ||
		    utf8_valid_prefix(ex.data, ex.len) != ex.len))
			abort();
		if ((sum = explained_hits(&ex)) == -1 ||
		    (uint64_t)sum != sc[i].hits)
			abort();
	}
	buf_free(&ex);
	*out = sc;
	return n;
}

/* The text line by line through words: 0 the contract, 1 the tools. */
static void
words_lines(struct topic_match *m, const char *s, const char *end, int how)
{
	static struct words *w;
	static struct normalizer *norm;
	static struct tokenizer *tok;
	struct buf a = { 0 }, b = { 0 };
	const char *nl;

	if (w == NULL) {
		w = words_new();
		norm = normalizer_new(NORM_NFKC, 0);
		tok = tokenizer_new(TOKENIZE_LOWER | TOKENIZE_WORDS,
		    CLITICS_SPLIT, NULL);
	}
	for (; s < end; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		buf_clear(&a);
		buf_clear(&b);
		if (how == 1) {
			normalize_text(norm, &a, s, (size_t)(nl - s));
			tokenize(tok, &b, a.data != NULL ? a.data : "", a.len);
		} else {
			words_text(w, &b, s, (size_t)(nl - s));
		}
		topic_match_text(m, b.data != NULL ? b.data : "", b.len);
	}
	buf_free(&a);
	buf_free(&b);
}

/* Scores and explanations of the text through words, as text. */
static void
words_scores(struct topic_match *m, const struct topic_set *set,
    const char *s, const char *end, int how, struct buf *out)
{
	struct topic_score *sc;
	size_t n, i;

	topic_match_reset(m);
	words_lines(m, s, end, how);
	n = topic_match_scores(m, &sc);
	buf_clear(out);
	for (i = 0; i < n; i++) {
		buf_adds(out, topic_set_name(set, sc[i].topic));
		buf_addc(out, ' ');
		buf_add(out, &sc[i].millis, sizeof(sc[i].millis));
		buf_add(out, &sc[i].hits, sizeof(sc[i].hits));
		topic_match_explain(m, sc[i].topic, out);
		buf_addc(out, '\n');
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *names[TOPICS_MAX] = { "a", "b", "c", "d" };
	struct topic_set *set;
	struct topic_match *m;
	struct topic_score *sc, *first;
	const char *s = (const char *)data, *end = s + size, *part, *nl, *why;
	const char *text;
	size_t n, n2, ntopics = 0, accepted, i;
	uint64_t lineno;
	uint32_t t;
	int rc, way;

	set = topic_set_new();
	text = s;
	for (part = s; ntopics < TOPICS_MAX; part = nl + 1) {
		if ((nl = memchr(part, '\0', (size_t)(end - part))) == NULL) {
			if (ntopics == 0)
				nl = end;	/* the whole input, both roles */
			else
				break;
		}
		t = topic_set_add_topic(set, names[ntopics], "fuzz");
		if (t != ntopics++)
			abort();
		accepted = 0;
		for (lineno = 1; part < nl; part = s + 1, lineno++) {
			if ((s = memchr(part, '\n', (size_t)(nl - part))) ==
			    NULL)
				s = nl;
			why = NULL;
			rc = topic_set_parse_line(set, t, part,
			    (size_t)(s - part), lineno, &why);
			if (rc == -1 && (why == NULL || *why == '\0'))
				abort();
			if (rc != 0 && rc != -1)
				abort();
			accepted += rc == 0;
		}
		if (topic_set_entries(set, t) > accepted)
			abort();
		if (nl == end) {
			text = (const char *)data;
			break;
		}
		text = nl + 1;
	}
	if (topic_set_count(set) != ntopics)
		abort();

	m = topic_match_new(set);
	match_lines(m, text, end);
	n = scores(m, set, &sc);
	first = xreallocarray(NULL, n + 1, sizeof(*first));
	memcpy(first, sc, n * sizeof(*sc));
	topic_match_reset(m);

	/*
	 * Again, and again the other way, held to it (a text this short
	 * never leaves the way it starts in): the same scores.
	 */
	for (way = 0; way < 2; way++) {
		if (way == 1) {
			topic_match_reset(m);
			m->fast = 0;
			m->fast_window = UINT64_MAX;
		}
		match_lines(m, text, end);
		n2 = scores(m, set, &sc);
		if (n2 != n)
			abort();
		for (i = 0; i < n; i++)
			if (sc[i].topic != first[i].topic ||
			    sc[i].millis != first[i].millis ||
			    sc[i].hits != first[i].hits)
				abort();
	}
	free(first);

	/* The contract and the tools: one result. */
	{
		struct buf r0 = { 0 }, r1 = { 0 };

		words_scores(m, set, text, end, 0, &r0);
		words_scores(m, set, text, end, 1, &r1);
		if (r0.len != r1.len ||
		    (r0.len > 0 && memcmp(r0.data, r1.data, r0.len) != 0))
			abort();
		buf_free(&r0);
		buf_free(&r1);
	}
	topic_match_free(m);
	topic_set_free(set);
	return 0;
}
