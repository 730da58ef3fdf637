/* SPDX-License-Identifier: ISC */
/*
 * Fuzz the signatures and the index of nw-dedup.  The input is cut into
 * pieces at each LF, as records are.  The folded words must be joined by
 * single spaces with none at either end; hashing those words again (as
 * one piece) must give the same exact key and the same bins, since the
 * words of folded words are themselves; a signature agrees with itself
 * completely; and looking the words up in the index after the text
 * finds what the text found, or the text itself as an exact copy when
 * it was new and added.
 */
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dedup_hasher *h;
	static struct dedup_index *x;
	static struct dedup_params p;
	static struct dedup_signature a, b;
	struct dedup_match m;
	const char *s = (const char *)data, *nl, *w;
	struct buf words = { 0 };
	size_t n = size, len;
	uint64_t first;
	double sim;
	int found, exact;

	if (h == NULL) {
		dedup_params_init(&p, DEDUP_THRESHOLD);
		h = dedup_hasher_new(p.shingle);
		x = dedup_index_open(NULL, &p, "doc", 1 << 20, -1, 0, NULL);
	}
	dedup_hasher_reset(h);
	while (n > 0) {
		nl = memchr(s, '\n', n);
		len = nl != NULL ? (size_t)(nl - s) : n;
		dedup_hasher_text(h, s, len);
		s += len + (nl != NULL);
		n -= len + (nl != NULL);
	}
	dedup_hasher_finish(h, &a);
	w = dedup_hasher_words(h, &len);
	if (len > 0 && (w[0] == ' ' || w[len - 1] == ' ' ||
	    memmem(w, len, "  ", 2) != NULL))
		abort();
	buf_add(&words, w, len);

	dedup_hasher_reset(h);
	dedup_hasher_text(h, words.data, words.len);
	dedup_hasher_finish(h, &b);
	w = dedup_hasher_words(h, &len);
	if (len != words.len || (len > 0 && memcmp(w, words.data, len) != 0))
		abort();
	if (memcmp(a.exact, b.exact, sizeof(a.exact)) != 0 ||
	    a.nwords != b.nwords || a.nshingles != b.nshingles)
		abort();
	if (a.nshingles > 0 && (memcmp(a.bins, b.bins, sizeof(a.bins)) != 0 ||
	    dedup_similarity(a.bins, b.bins) != 1))
		abort();
	/* The exact similarity of a set with itself, and with a part of it. */
	if (b.nshingles > 0) {
		uint32_t *one = xreallocarray(NULL, b.nshingles, 4);
		uint32_t *two = xreallocarray(NULL, b.nshingles, 4);
		double j;

		memcpy(one, b.hashes, b.nshingles * 4);
		memcpy(two, b.hashes, b.nshingles * 4);
		if (dedup_jaccard(one, b.nshingles, two, b.nshingles) != 1)
			abort();
		memcpy(one, b.hashes, b.nshingles * 4);
		memcpy(two, b.hashes, b.nshingles * 4);
		j = dedup_jaccard(one, b.nshingles, two, (b.nshingles + 1) / 2);
		if (j <= 0 || j > 1)
			abort();
		free(one);
		free(two);
	}

	if (!(found = dedup_index_find(x, &a, &m))) {
		dedup_index_add(x, &a, "fuzz", 4, 0);
		m.exact = 1;
		m.similarity = 1;
	}
	first = m.first;
	exact = m.exact;
	sim = m.similarity;
	if (!dedup_index_find(x, &b, &m) || m.exact != exact ||
	    m.similarity != sim || (found && m.first != first))
		abort();
	buf_free(&words);
	return 0;
}
