/*
 * newswire: the order in which nw-topic-train's fits see their
 * columns and rows.
 *
 * The same documents in any order give the same topics: liblinear's
 * solvers visit columns and rows in the order they are given, and stop
 * short of the exact optimum, so the columns are put in the order of
 * their terms' text and the documents in the order of their rows (their
 * columns and values, then their labels' names), not as they came.
 */
#include <stdlib.h>
#include <string.h>

#include <linear.h>

#include "nw-private.h"

struct term_text {
	uint32_t	 term;
	char		*s;
	size_t		 n;
};

static int
term_text_cmp(const void *a, const void *b)
{
	const struct term_text *x = a, *y = b;
	int c;

	if ((c = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n)) != 0)
		return c;
	return x->n < y->n ? -1 : x->n > y->n;
}

/* term[0..n) in the order of their text. */
void
train_terms_canonical(struct train *t, uint32_t *term, size_t n)
{
	struct term_text *tt;
	const char *s;
	size_t i;

	tt = xreallocarray(NULL, n + 1, sizeof(*tt));
	for (i = 0; i < n; i++) {
		s = train_feature_text(t, term[i], &tt[i].n);
		tt[i].s = xstrndup(s, tt[i].n);
		tt[i].term = term[i];
	}
	qsort(tt, n, sizeof(*tt), term_text_cmp);
	for (i = 0; i < n; i++) {
		term[i] = tt[i].term;
		free(tt[i].s);
	}
	free(tt);
}

struct row_key {
	const struct feature_node *x;
	const char	*labels;	/* the names, sorted, each NUL-ended */
	size_t		 labelslen;
	size_t		 doc;
};

static int
row_key_cmp(const void *a, const void *b)
{
	const struct row_key *p = a, *q = b;
	const struct feature_node *x = p->x, *y = q->x;
	size_t n;
	int c;

	for (; x->index != -1 && y->index != -1; x++, y++) {
		if (x->index != y->index)
			return x->index < y->index ? -1 : 1;
		if (x->value != y->value)
			return x->value < y->value ? -1 : 1;
	}
	if (x->index != y->index)
		return x->index == -1 ? -1 : 1;
	n = p->labelslen < q->labelslen ? p->labelslen : q->labelslen;
	if ((c = memcmp(p->labels, q->labels, n)) != 0)
		return c;
	return p->labelslen < q->labelslen ? -1 : p->labelslen > q->labelslen;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The documents and prob's rows (sorted) put in the order of row_key. */
void
train_docs_canonical(struct train *t, struct problem *prob)
{
	struct row_key *key;
	struct tdoc *docs;
	struct feature_node **rows;
	struct buf names = { 0 };
	size_t *at, i, j, n = t->ndocs;
	char **sorted;
	const char *s;
	size_t len;

	key = xreallocarray(NULL, n + 1, sizeof(*key));
	at = xreallocarray(NULL, n + 1, sizeof(*at));
	for (i = 0; i < n; i++) {
		sorted = xreallocarray(NULL, t->docs[i].nlabels + 1,
		    sizeof(*sorted));
		for (j = 0; j < t->docs[i].nlabels; j++) {
			s = strtab_key(t->labels,
			    t->doclabels[t->docs[i].labels + j], &len);
			sorted[j] = xstrndup(s, len);
		}
		qsort(sorted, t->docs[i].nlabels, sizeof(*sorted), name_cmp);
		at[i] = names.len;
		for (j = 0; j < t->docs[i].nlabels; j++) {
			buf_add(&names, sorted[j], strlen(sorted[j]) + 1);
			free(sorted[j]);
		}
		free(sorted);
		key[i].x = prob->x[i];
		key[i].labelslen = names.len - at[i];
		key[i].doc = i;
	}
	for (i = 0; i < n; i++)
		key[i].labels = names.data != NULL ? names.data + at[i] : "";
	qsort(key, n, sizeof(*key), row_key_cmp);
	docs = xreallocarray(NULL, n + 1, sizeof(*docs));
	rows = xreallocarray(NULL, n + 1, sizeof(*rows));
	for (i = 0; i < n; i++) {
		docs[i] = t->docs[key[i].doc];
		rows[i] = (struct feature_node *)key[i].x;
	}
	memcpy(t->docs, docs, n * sizeof(*docs));
	memcpy(prob->x, rows, n * sizeof(*rows));
	free(docs);
	free(rows);
	free(at);
	free(key);
	buf_free(&names);
}
