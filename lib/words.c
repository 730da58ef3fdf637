/*
 * newswire: the word contract, what "nw-normalize | nw-tokenize -l -w"
 * makes of a text: NFKC, typographic apostrophes and the like made
 * ASCII, full case folding, cut into words with punctuation left out and
 * clitics split ("Libya's" is "libya 's").
 *
 * Every matcher of words (topic entries and tokens; boilerplate and
 * language lexicons later) gets its words here, from the same normalizer
 * and tokenizer the tools use, configured once: a change to either
 * reaches the matchers with it, instead of their entries silently no
 * longer meeting the pipeline's tokens.
 */
#include <stdlib.h>

#include "nw-private.h"

struct words {
	struct normalizer	*form;	/* NFKC, what nw-normalize does */
	struct normalizer	*fold;	/* NFKC and case folding */
	struct tokenizer	*cut;	/* nw-tokenize -l -w */
	struct buf		 tmp;
};

struct words *
words_new(void)
{
	struct words *w;

	w = xcalloc(1, sizeof(*w));
	w->form = normalizer_new(WORDS_FORM, 0);
	w->fold = normalizer_new(WORDS_FORM, NORM_LOWER);
	w->cut = tokenizer_new(WORDS_TOKENIZE, WORDS_CLITICS, NULL);
	return w;
}

void
words_free(struct words *w)
{
	if (w == NULL)
		return;
	normalizer_free(w->form);
	normalizer_free(w->fold);
	tokenizer_free(w->cut);
	buf_free(&w->tmp);
	free(w);
}

size_t
words_text(struct words *w, struct buf *out, const char *s, size_t n)
{
	buf_clear(&w->tmp);
	normalize_text(w->form, &w->tmp, s, n);
	return tokenize(w->cut, out, w->tmp.data != NULL ? w->tmp.data : "",
	    w->tmp.len);
}

void
words_fold(struct words *w, struct buf *out, const char *s, size_t n)
{
	normalize_text(w->fold, out, s, n);
}

size_t
words_cut(struct words *w, struct buf *out, const char *s, size_t n)
{
	return tokenize(w->cut, out, s, n);
}
