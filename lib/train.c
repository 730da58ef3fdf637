/* newswire: learning topic files from labelled documents. */
#include <err.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linear.h>

#include "nw.h"
#include "nw-private.h"
#include "tokenize.h"

/*
 * A learned topic must be one nw-topic-score already knows how to score,
 * so the model is the scorer itself: a document's evidence for a topic is
 * the sum over entries of weight * sat(c), sat being the BM25 saturation
 * of c occurrences at the document's length (lib/topic.c), plus the
 * topic's bias, over TOPIC_SCALE.  With features x = sat(c) for every
 * word and selected bigram, that is a linear model, and logistic
 * regression fits its weights and bias: the topic is in exactly when the
 * model's log-odds are positive, which nw-topic-score writes as a score
 * above zero.  Nothing is lost between training and scoring.
 *
 * Readable by construction: L1 regularisation (liblinear's L1R_LR) keeps
 * few non-zero weights, the --max-entries strongest survive, and an L2
 * refit (L2R_LR) over just those calibrates the weights and bias that
 * remain.  Candidate entries are words with a letter seen in at least
 * min_df documents, and word pairs seen in min_df documents whose
 * association passes Dunning's log-likelihood test, so phrases that are
 * phrases ("interest rates", "world cup") compete with their words;
 * neither a stopword of the list given (-s) nor a pair with one, which
 * would read as noise and take an entry's place; and of those, only
 * terms whose entry line reads back as the same entry, so that no weight
 * is fitted for an entry that could not be written.
 *
 * Memory: the vocabulary (words and pairs, interned once) and each
 * document as its distinct candidate entries with counts, eight bytes a
 * distinct entry a document; liblinear holds the problem in memory as
 * well, sixteen bytes an entry.  What is kept per document is what
 * liblinear needs: a model fitted by a library has its data at hand.
 */

#define NONE	UINT32_MAX

struct train *
train_new(const struct train_options *opt)
{
	struct train *t = xcalloc(1, sizeof(*t));

	t->opt = *opt;
	t->words = strtab_new(1 << 16);
	t->labels = strtab_new(64);
	return t;
}

static uint32_t
feature_new(struct train *t, uint32_t a, uint32_t b)
{
	if (t->nfeatures == t->featcap) {
		t->featcap = t->featcap ? t->featcap * 2 : 1 << 16;
		t->df = xreallocarray(t->df, t->featcap, sizeof(*t->df));
		t->cf = xreallocarray(t->cf, t->featcap, sizeof(*t->cf));
		t->feat_a = xreallocarray(t->feat_a, t->featcap,
		    sizeof(*t->feat_a));
		t->feat_b = xreallocarray(t->feat_b, t->featcap,
		    sizeof(*t->feat_b));
	}
	t->df[t->nfeatures] = 0;
	t->cf[t->nfeatures] = 0;
	t->feat_a[t->nfeatures] = a;
	t->feat_b[t->nfeatures] = b;
	return (uint32_t)t->nfeatures++;
}

/* A word: its id among words (*word) and its feature. */
static uint32_t
word_feature(struct train *t, const char *s, size_t n, uint32_t *word)
{
	int isnew;

	*word = strtab_intern(t->words, s, n, &isnew);
	if (*word >= t->wordcap) {
		t->wordcap = t->wordcap ? t->wordcap * 2 : 1 << 16;
		t->word_feat = xreallocarray(t->word_feat, t->wordcap,
		    sizeof(*t->word_feat));
	}
	if (isnew)
		t->word_feat[*word] = feature_new(t, *word, NONE);
	return t->word_feat[*word];
}

static size_t
pair_slot(const struct train *t, uint64_t key)
{
	size_t mask = t->paircap - 1, i;

	i = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 20) & mask;
	while (t->pair_key[i] != 0 && t->pair_key[i] != key)
		i = (i + 1) & mask;
	return i;
}

/* The pair of words a, b: its feature, made if new. */
static uint32_t
pair_feature(struct train *t, uint32_t a, uint32_t b)
{
	uint64_t key = ((uint64_t)a << 32 | b) + 1, *oldkey;
	uint32_t *oldfeat;
	size_t i, oldcap;

	if (2 * (t->npairs + 1) > t->paircap) {
		oldkey = t->pair_key;
		oldfeat = t->pair_feat;
		oldcap = t->paircap;
		t->paircap = oldcap ? oldcap * 2 : 1 << 16;
		t->pair_key = xcalloc(t->paircap, sizeof(*t->pair_key));
		t->pair_feat = xreallocarray(NULL, t->paircap,
		    sizeof(*t->pair_feat));
		for (i = 0; i < oldcap; i++)
			if (oldkey[i] != 0) {
				size_t j = pair_slot(t, oldkey[i]);
				t->pair_key[j] = oldkey[i];
				t->pair_feat[j] = oldfeat[i];
			}
		free(oldkey);
		free(oldfeat);
	}
	i = pair_slot(t, key);
	if (t->pair_key[i] == 0) {
		t->pair_key[i] = key;
		t->pair_feat[i] = feature_new(t, a, b);
		t->npairs++;
	}
	return t->pair_feat[i];
}

/* A feature as an entry's text: "word" or "word word". */
const char *
train_feature_text(struct train *t, uint32_t f, size_t *len)
{
	const char *s;
	size_t n;

	s = strtab_key(t->words, t->feat_a[f], &n);
	if (t->feat_b[f] == NONE) {
		*len = n;
		return s;
	}
	buf_clear(&t->term);
	buf_add(&t->term, s, n);
	buf_addc(&t->term, ' ');
	s = strtab_key(t->words, t->feat_b[f], &n);
	buf_add(&t->term, s, n);
	*len = t->term.len;
	return buf_cstr(&t->term);
}

static void
seen_add(struct train *t, uint32_t id)
{
	if (t->nseen == t->seencap) {
		t->seencap = t->seencap ? t->seencap * 2 : 1024;
		t->seen = xreallocarray(t->seen, t->seencap, sizeof(*t->seen));
	}
	t->seen[t->nseen++] = id;
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The words of one record's text, and the pairs of neighbours. */
static uint32_t
train_text(struct train *t, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *q;
	uint32_t n = 0, word, prev = NONE;

	while (p < end) {
		if ((unsigned char)*p <= ' ') {
			p++;
			continue;
		}
		for (q = p; q < end && (unsigned char)*q > ' '; q++)
			;
		seen_add(t, word_feature(t, p, (size_t)(q - p), &word));
		if (prev != NONE)
			seen_add(t, pair_feature(t, prev, word));
		prev = word;
		n++;
		p = q;
	}
	return n;
}

static void
add_label(struct train *t, const char *s, size_t n)
{
	uint32_t id, i;

	id = strtab_intern(t->labels, s, n, NULL);
	for (i = 0; i < t->docs[t->ndocs].nlabels; i++)
		if (t->doclabels[t->docs[t->ndocs].labels + i] == id)
			return;		/* "a,a" is one label */
	if (t->ndoclabels == t->doclabelcap) {
		t->doclabelcap = t->doclabelcap ? t->doclabelcap * 2 : 1024;
		t->doclabels = xreallocarray(t->doclabels, t->doclabelcap,
		    sizeof(*t->doclabels));
	}
	t->doclabels[t->ndoclabels++] = id;
	t->docs[t->ndocs].nlabels++;
}

/*
 * The next label of a comma-separated list at *p, blanks (spaces and
 * TABs) around it left out, empty ones skipped: its start and *len, *p
 * moved past it; NULL at end.  The one reading of a list of labels, for
 * --labels and a document's alike, so that "a, b" names "b" in both.
 */
const char *
train_label_next(const char **p, const char *end, size_t *len)
{
	const char *s, *e, *comma;

	while (*p < end) {
		if ((comma = memchr(*p, ',', (size_t)(end - *p))) == NULL)
			comma = end;
		for (s = *p; s < comma && (*s == ' ' || *s == '\t'); s++)
			;
		for (e = comma; e > s && (e[-1] == ' ' || e[-1] == '\t'); e--)
			;
		*p = comma < end ? comma + 1 : end;
		if (e > s) {
			*len = (size_t)(e - s);
			return s;
		}
	}
	return NULL;
}

/*
 * The labels there may be (--labels), comma-separated: each one gives a
 * topic file or is reported by train_write(), documents or none.
 */
void
train_expect(struct train *t, const char *labels, size_t labelslen)
{
	const char *p = labels, *s;
	size_t n;

	while ((s = train_label_next(&p, labels + labelslen, &n)) != NULL)
		(void)strtab_intern(t->labels, s, n, NULL);
}

/*
 * One labelled document: labels is a comma-separated list.  Returns 0,
 * or -1 when the document has no label (the caller says so).
 */
int
train_add(struct train *t, const char *labels, size_t labelslen,
    const struct doc *d)
{
	struct tdoc *td;
	const char *p, *s;
	uint32_t length = 0, prev;
	size_t i, n;

	if (t->ndocs == t->doccap) {
		t->doccap = t->doccap ? t->doccap * 2 : 1024;
		t->docs = xreallocarray(t->docs, t->doccap, sizeof(*t->docs));
	}
	td = &t->docs[t->ndocs];
	td->labels = (uint32_t)t->ndoclabels;
	td->nlabels = 0;
	p = labels;
	while ((s = train_label_next(&p, labels + labelslen, &n)) != NULL)
		add_label(t, s, n);
	if (td->nlabels == 0) {
		t->ndoclabels = td->labels;
		return -1;
	}

	t->nseen = 0;
	for (i = 0; i < d->nrecords; i++)
		length += train_text(t, d->records[i].text,
		    d->records[i].textlen);
	t->ntokens += length;
	if (t->nseen > 1)
		qsort(t->seen, t->nseen, sizeof(*t->seen), u32_cmp);
	td->first = (uint32_t)t->ncells;
	td->nfeat = 0;
	td->length = length;
	for (i = 0; i < t->nseen; i++) {
		prev = t->seen[i];
		t->cf[prev]++;
		if (i > 0 && t->seen[i - 1] == prev) {
			t->cells[t->ncells - 1].count++;
			continue;
		}
		t->df[prev]++;
		if (t->ncells == t->cellcap) {
			t->cellcap = t->cellcap ? t->cellcap * 2 : 1 << 16;
			t->cells = xreallocarray(t->cells, t->cellcap,
			    sizeof(*t->cells));
		}
		t->cells[t->ncells].feat = prev;
		t->cells[t->ncells].count = 1;
		t->ncells++;
		td->nfeat++;
	}
	t->ndocs++;
	return 0;
}

size_t
train_documents(const struct train *t)
{
	return t->ndocs;
}

/* Whether train_write() wrote the topic file of the label s[0..len). */
int
train_written(const struct train *t, const char *s, size_t len)
{
	uint32_t id;

	if (t->written == NULL ||
	    (id = strtab_lookup(t->labels, s, len)) == STRTAB_NONE)
		return 0;
	return t->written[id];
}

/*
 * Whether the word has a letter (Unicode's L categories): "£100" and
 * Arabic-Indic "٣٤" are numbers, "£9m" and "café" are words.
 */
static int
has_letter(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, len;
	int32_t cp;

	for (i = 0; i < n; i += len) {
		if (p[i] < 0x80) {
			len = 1;
			if ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z')
				return 1;
			continue;
		}
		if ((len = utf8_decode(p + i, n - i, &cp)) == 0) {
			len = 1;	/* not UTF-8: no letter */
			continue;
		}
		if (token_cp_kind(cp) == K_LETTER)
			return 1;
	}
	return 0;
}

static double
xlogx(double x)
{
	return x > 0 ? x * log(x) : 0;
}

/* Dunning's G^2 for a 2x2 table of counts. */
static double
llr(double k11, double k12, double k21, double k22)
{
	double n = k11 + k12 + k21 + k22;

	return 2 * (xlogx(k11) + xlogx(k12) + xlogx(k21) + xlogx(k22) -
	    xlogx(k11 + k12) - xlogx(k21 + k22) - xlogx(k11 + k21) -
	    xlogx(k12 + k22) + xlogx(n));
}

/*
 * The words that are stopwords (-s), by word id: 1 for one.  A word is
 * folded as the list was loaded (wordset_load_stopwords()), so that "The"
 * of input that was not case-folded is "the" of the list.
 */
static unsigned char *
stop_words(const struct train *t)
{
	struct buf fold = { 0 };
	unsigned char *stop;
	const char *s;
	size_t i, n, nwords = strtab_count(t->words);

	stop = xcalloc(nwords + 1, 1);
	for (i = 0; t->opt.stopwords != NULL && i < nwords; i++) {
		s = strtab_key(t->words, (uint32_t)i, &n);
		buf_clear(&fold);
		utf8_casefold(&fold, s, n);
		stop[i] = (unsigned char)wordset_contains(t->opt.stopwords,
		    buf_cstr(&fold), fold.len);
	}
	buf_free(&fold);
	return stop;
}

/*
 * Is feature f a candidate entry?  Words with a letter; associated pairs.
 * A stopword is none, and nor is a pair that begins or ends with one
 * ("of england", "said the"): a pair is two words, so neither may be
 * one.  Stopwords are still tokens: they count in a document's length
 * and in the pairs' test, and no pair is made across one, since
 * nw-topic-score finds a phrase only as adjacent words.
 */
static int
candidate(const struct train *t, const unsigned char *stop, uint32_t f)
{
	const char *s;
	size_t n;
	uint32_t a = t->feat_a[f], b = t->feat_b[f];
	double k11, ka, kb, g;

	if (t->df[f] < t->opt.min_df || stop[a])
		return 0;
	s = strtab_key(t->words, a, &n);
	if (!has_letter(s, n))
		return 0;
	if (b == NONE)
		return 1;
	s = strtab_key(t->words, b, &n);
	if (!t->opt.pairs || stop[b] || !has_letter(s, n))
		return 0;
	k11 = (double)t->cf[f];
	ka = (double)t->cf[t->word_feat[a]];
	kb = (double)t->cf[t->word_feat[b]];
	/* Only pairs seen more often than chance: G^2 is two-sided. */
	if (k11 * (double)t->ntokens <= ka * kb)
		return 0;
	g = llr(k11, ka - k11, kb - k11, (double)t->ntokens - ka - kb + k11);
	return g >= t->opt.min_llr;
}

struct fitted {
	int		*feat;		/* term ids of the non-zero weights */
	double		*w;
	int		 n;
	double		 bias;
	int		 l1_for;	/* the L1 fit's positive weights */
	int		 kept_for;	/* of those, among the -m kept */
};

static double
saturation(uint32_t length)
{
	return TOPIC_K1 * (1 - TOPIC_B + TOPIC_B * (double)length /
	    TOPIC_AVGDL);
}

/*
 * The liblinear problem over the features marked in column[] (term id
 * -> 1-based column, 0 for none), x = sat(c), and a bias column.
 */
static void
build_problem(const struct train *t, const int *column, int ncolumns,
    struct problem *prob, struct feature_node **pool)
{
	const struct tdoc *d;
	struct feature_node *x;
	size_t i, j, total = 0;
	double k;

	for (i = 0; i < t->ndocs; i++)
		for (j = 0; j < t->docs[i].nfeat; j++)
			if (column[t->cells[t->docs[i].first + j].feat] != 0)
				total++;
	*pool = x = xreallocarray(NULL, total + 2 * t->ndocs, sizeof(*x));
	prob->l = (int)t->ndocs;
	prob->n = ncolumns + 1;
	prob->bias = 1;
	prob->x = xreallocarray(NULL, t->ndocs, sizeof(*prob->x));
	prob->y = xreallocarray(NULL, t->ndocs, sizeof(*prob->y));
	for (i = 0; i < t->ndocs; i++) {
		d = &t->docs[i];
		k = saturation(d->length);
		prob->x[i] = x;
		/* liblinear wants columns ascending (see sort_rows). */
		for (j = 0; j < d->nfeat; j++) {
			const struct cell *c = &t->cells[d->first + j];
			if (column[c->feat] == 0)
				continue;
			x->index = column[c->feat];
			x->value = c->count * (TOPIC_K1 + 1) / (c->count + k);
			x++;
		}
		x->index = ncolumns + 1;	/* the bias */
		x->value = 1;
		x++;
		x->index = -1;
		x++;
	}
}

static int
node_cmp(const void *a, const void *b)
{
	const struct feature_node *x = a, *y = b;

	return x->index - y->index;
}

static void
sort_rows(struct problem *prob)
{
	struct feature_node *x;
	int i, n;

	for (i = 0; i < prob->l; i++) {
		for (x = prob->x[i], n = 0; x[n].index != -1; n++)
			;
		qsort(prob->x[i], (size_t)n, sizeof(*x), node_cmp);
	}
}

static void
quiet(const char *s)
{
	(void)s;
}

static void
set_labels(const struct train *t, uint32_t label, struct problem *prob)
{
	size_t i, j;

	for (i = 0; i < t->ndocs; i++) {
		prob->y[i] = -1;
		for (j = 0; j < t->docs[i].nlabels; j++)
			if (t->doclabels[t->docs[i].labels + j] == label)
				prob->y[i] = +1;
	}
}

struct weight_rank {
	int	 column;
	double	 w;
};

static int
rank_cmp(const void *a, const void *b)
{
	const struct weight_rank *x = a, *y = b;

	if (fabs(x->w) != fabs(y->w))
		return fabs(x->w) > fabs(y->w) ? -1 : 1;
	return x->column - y->column;
}

/*
 * Fit one label: L1 logistic regression over every candidate to choose
 * entries, then L2 over the max_entries strongest to weigh them.
 */
static void
fit_label(const struct train *t, uint32_t label, const uint32_t *column_term,
    int ncolumns, struct problem *all, struct fitted *out)
{
	struct parameter param;
	struct model *m;
	struct weight_rank *rank;
	struct problem sub;
	struct feature_node *pool;
	int *subcolumn, i, n = 0, keep;

	/*
	 * liblinear's solvers visit coordinates in an order drawn with
	 * rand(): seeding it for every fit makes a label's topic depend on
	 * the data alone, not on the labels fitted before it.
	 */
	srand(1);
	memset(&param, 0, sizeof(param));
	param.solver_type = L1R_LR;
	param.C = t->opt.c;
	param.eps = 0.01;
	set_labels(t, label, all);
	m = train(all, &param);
	rank = xreallocarray(NULL, (size_t)ncolumns + 1, sizeof(*rank));
	for (i = 0; i < ncolumns; i++)
		if (m->w[i] != 0) {
			rank[n].column = i + 1;
			rank[n].w = m->w[i];
			n++;
		}
	free_and_destroy_model(&m);
	qsort(rank, (size_t)n, sizeof(*rank), rank_cmp);
	keep = n < (int)t->opt.max_entries ? n : (int)t->opt.max_entries;
	out->l1_for = out->kept_for = 0;
	for (i = 0; i < n; i++) {
		out->l1_for += rank[i].w > 0;
		out->kept_for += rank[i].w > 0 && i < keep;
	}

	/* The refit, over the kept columns renumbered 1..keep. */
	subcolumn = xcalloc(t->nfeatures, sizeof(*subcolumn));
	for (i = 0; i < keep; i++)
		subcolumn[column_term[rank[i].column]] = i + 1;
	build_problem(t, subcolumn, keep, &sub, &pool);
	sort_rows(&sub);	/* columns by weight, not by term id */
	set_labels(t, label, &sub);
	srand(1);
	param.solver_type = L2R_LR;
	param.C = t->opt.c;
	param.eps = 0.001;
	m = train(&sub, &param);
	out->n = keep;
	out->feat = xreallocarray(NULL, (size_t)keep + 1, sizeof(*out->feat));
	out->w = xreallocarray(NULL, (size_t)keep + 1, sizeof(*out->w));
	for (i = 0; i < keep; i++) {
		out->feat[i] = (int)column_term[rank[i].column];
		out->w[i] = m->w[i];
	}
	out->bias = m->w[keep];
	free_and_destroy_model(&m);
	free(sub.x);
	free(sub.y);
	free(pool);
	free(subcolumn);
	free(rank);
}

struct entry_out {
	int	 feat;
	double	 w;
	int	 rank;		/* in the fit's order: equal weights keep it */
};

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry_out *x = a, *y = b;

	if (x->w != y->w)
		return x->w > y->w ? -1 : 1;
	return x->rank - y->rank;
}

/* Weights as the topic format takes them: -100 to 100, never 0. */
static double
clamp_weight(double w)
{
	if (w > 100)
		return 100;
	if (w < -100)
		return -100;
	return w;
}

/*
 * One entry line, "WEIGHT TERM\n", as write_topic() writes it.  The term
 * is quoted when it would be read as more than a term: a first word
 * "weak" (the marker), '@' (a directive), '#' (a comment), '*' (a prefix).
 */
static void
entry_line(struct buf *b, struct train *t, const struct entry_out *e)
{
	const char *s;
	size_t n;
	int quote;

	s = train_feature_text(t, (uint32_t)e->feat, &n);
	quote = (n >= 4 && memcmp(s, "weak", 4) == 0 &&
	    (n == 4 || s[4] == ' ')) || s[0] == '@' ||
	    memchr(s, '#', n) != NULL || memchr(s, '*', n) != NULL;
	buf_clear(b);
	buf_reserve(b, n + 32);
	b->len = (size_t)snprintf(b->data, b->cap, "%.4f ", e->w);
	if (quote)
		buf_addc(b, '"');
	buf_add(b, s, n);
	if (quote)
		buf_addc(b, '"');
	buf_addc(b, '\n');
	buf_cstr(b);
}

/*
 * Does the line just parsed into check read back as entry e: one entry,
 * not weak, of e's weight as written, whose term is e's term folded as
 * the parser folds it (input that was not case-folded still reads back)?
 */
static int
reads_back(struct train *t, struct topic_set *check, size_t before,
    const struct entry_out *e, struct buf *folded)
{
	const struct topic_entry *te;
	const char *s;
	size_t n;

	if (check->nentries != before + 1)
		return 0;
	te = &check->entries[before];
	if (te->weak || fabs(te->weight - e->w) >= 0.00005 + 1e-9)
		return 0;
	s = train_feature_text(t, (uint32_t)e->feat, &n);
	buf_clear(folded);
	words_fold(check->contract, folded, s, n);
	return te->textlen == folded->len &&
	    memcmp(check->texts.data + te->text, folded->data, folded->len) == 0;
}

struct by_df {
	uint32_t	 df;
	uint32_t	 at;		/* its place among the candidates */
};

static int
by_df_cmp(const void *a, const void *b)
{
	const struct by_df *x = a, *y = b;

	if (x->df != y->df)
		return x->df > y->df ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/*
 * Leave out of the candidates term[0..n) those that could not be written,
 * before anything is fitted, so that every entry a fit weighs is in the
 * file it writes.  Each is put through the topic-file parser as the line
 * write_topic() would write for it and must read back as that entry: a
 * token that is no term (a lone quote), that the parser cuts otherwise
 * (input not tokenized with -l -w), or that folds to a candidate in more
 * documents (input that was not case-folded; in as many, the first seen)
 * is no candidate.  The weight is a number of its own field, which reads
 * back whatever the term.  Returns how many are left, in their order.
 */
static size_t
writable_terms(struct train *t, uint32_t *term, size_t n)
{
	struct topic_set *check;
	struct buf line = { 0 }, folded = { 0 };
	struct entry_out e;
	struct by_df *order;
	const char *why;
	unsigned char *ok;
	size_t i, kept = 0, before;
	uint32_t topic;

	order = xreallocarray(NULL, n + 1, sizeof(*order));
	for (i = 0; i < n; i++) {
		order[i].df = t->df[term[i]];
		order[i].at = (uint32_t)i;
	}
	qsort(order, n, sizeof(*order), by_df_cmp);
	ok = xcalloc(n + 1, 1);
	check = topic_set_new();
	topic = topic_set_add_topic(check, "check", "check");
	e.w = 1;
	for (i = 0; i < n; i++) {
		e.feat = (int)term[order[i].at];
		entry_line(&line, t, &e);
		before = check->nentries;
		if (topic_set_parse_line(check, topic, line.data, line.len - 1,
		    i + 1, &why) == 0 &&
		    reads_back(t, check, before, &e, &folded))
			ok[order[i].at] = 1;
		else if (check->nentries > before)
			/* Not a candidate: no duplicate of a later one. */
			check->entries[before].topic = TOPIC_NONE;
	}
	for (i = 0; i < n; i++)
		if (ok[i])
			term[kept++] = term[i];
	topic_set_free(check);
	buf_free(&line);
	buf_free(&folded);
	free(ok);
	free(order);
	return kept;
}

/*
 * The entries worth writing, strongest evidence for first; every term
 * reads back (writable_terms()).
 */
static size_t
entries_to_write(const struct fitted *f, struct entry_out *e)
{
	size_t ne = 0, i;

	for (i = 0; i < (size_t)f->n; i++) {
		/* Four decimals are written; what prints as 0 is no weight. */
		if (fabs(f->w[i]) < 0.00005)
			continue;
		e[ne].feat = f->feat[i];
		e[ne].w = clamp_weight(f->w[i]);
		e[ne].rank = (int)i;
		ne++;
	}
	qsort(e, ne, sizeof(*e), entry_cmp);
	return ne;
}

/*
 * Write DIR/LABEL.topic: 0, -1 when it could not be written (said, with
 * its path), 1 when the fit left no entry for the label (said).
 */
static int
write_topic(struct train *t, const char *dir, const char *label,
    const struct fitted *f, size_t positives)
{
	struct atomic_file af;
	struct entry_out *e;
	struct buf line = { 0 };
	char *path;
	FILE *fp;
	size_t i, ne;
	int block = 0, rval;

	e = xreallocarray(NULL, (size_t)f->n + 1, sizeof(*e));
	ne = entries_to_write(f, e);
	/*
	 * A topic needs evidence for it: nw-topic-score loads no other.
	 * There were candidates (train_write()), so the fit is what left
	 * none: L1 keeps fewer the smaller C is, none on a few documents.
	 */
	if (ne == 0 || e[0].w <= 0) {
		if (f->l1_for > 0 && f->kept_for == 0 &&
		    t->opt.max_entries == 1)
			warnx("label %s: the fit's strongest entry (-m 1) is "
			    "evidence against it: no topic written (a larger "
			    "-m keeps more)", label);
		else if (f->l1_for > 0 && f->kept_for == 0)
			warnx("label %s: the fit's %zu strongest entries (-m "
			    "%zu) are all evidence against it: no topic "
			    "written (a larger -m keeps more)", label,
			    t->opt.max_entries, t->opt.max_entries);
		else
			warnx("label %s: the fit at -C %g kept no entry for "
			    "it (a larger -C keeps more): no topic written",
			    label, t->opt.c);
		free(e);
		return 1;
	}
	if (asprintf(&path, "%s/%s.topic", dir, label) == -1)
		err(NW_EXIT_FAIL, NULL);
	if (atomic_open(&af, path) == -1) {
		free(path);
		free(e);
		return -1;
	}
	fp = af.fp;
	fprintf(fp, "# %s: learned by nw-topic-train from %zu documents, "
	    "%zu of them labelled %s.\n", label, t->ndocs, positives, label);
	fprintf(fp, "# Logistic regression over BM25-saturated counts "
	    "(C=%g, at most %zu entries):\n", t->opt.c, t->opt.max_entries);
	fprintf(fp, "# a document is about %s when its score is above 0.\n",
	    label);
	/*
	 * As the entries, to four decimals; one that rounds to nothing is
	 * 0.0000, not the "-0.0000" printf makes of a tiny negative.
	 */
	fprintf(fp, "@bias %.4f\n", fabs(f->bias) < 0.00005 ? 0.0 : f->bias);
	for (i = 0; i < ne; i++) {
		if (block == 0 && e[i].w > 0) {
			fprintf(fp, "\n# Evidence for %s, strongest first.\n",
			    label);
			block = 1;
		} else if (block < 2 && e[i].w < 0) {
			fprintf(fp, "\n# Evidence against %s, strongest "
			    "last.\n", label);
			block = 2;
		}
		entry_line(&line, t, &e[i]);
		fputs(line.data, fp);
	}
	buf_free(&line);
	rval = atomic_commit(&af);
	free(path);
	free(e);
	return rval;
}

/*
 * Fit every label and write DIR/LABEL.topic.  Labels with fewer than
 * min_examples documents are reported and written not.  Returns 0, or
 * -1 when something was reported.
 */
int
train_write(struct train *t, const char *dir)
{
	struct problem prob;
	struct feature_node *pool;
	struct fitted f;
	uint32_t *column_term, label, nlabels, i;
	size_t *positives, j, nterms = t->nfeatures;
	const char *name;
	size_t namelen;
	char *cname;
	unsigned char *stop;
	int *column, ncolumns = 0, ncandidates, r, rval = 0;

	set_print_string_function(quiet);
	column = xcalloc(nterms, sizeof(*column));
	column_term = xreallocarray(NULL, nterms + 1, sizeof(*column_term));
	stop = stop_words(t);
	for (i = 0; i < nterms; i++)
		if (candidate(t, stop, i))
			column_term[++ncolumns] = i;
	free(stop);
	ncandidates = ncolumns;
	train_terms_canonical(t, column_term + 1, (size_t)ncolumns);
	ncolumns = (int)writable_terms(t, column_term + 1, (size_t)ncolumns);
	for (i = 1; i <= (uint32_t)ncolumns; i++)
		column[column_term[i]] = (int)i;
	build_problem(t, column, ncolumns, &prob, &pool);
	sort_rows(&prob);
	train_docs_canonical(t, &prob);

	nlabels = (uint32_t)strtab_count(t->labels);
	positives = xcalloc(nlabels, sizeof(*positives));
	free(t->written);
	t->written = xcalloc(nlabels + 1, 1);
	for (j = 0; j < t->ndoclabels; j++)
		positives[t->doclabels[j]]++;
	for (label = 0; label < nlabels; label++) {
		name = strtab_key(t->labels, label, &namelen);
		cname = xstrndup(name, namelen);
		if (positives[label] < t->opt.min_examples) {
			warnx("label %s: %zu document%s, fewer than %zu: "
			    "no topic written", cname, positives[label],
			    positives[label] == 1 ? "" : "s",
			    t->opt.min_examples);
			rval = -1;
		} else if (positives[label] == t->ndocs) {
			warnx("label %s: every document has it: no topic "
			    "written", cname);
			rval = -1;
		} else if (ncandidates == 0) {
			warnx("label %s: no candidate entry: no word with a "
			    "letter%s is in %u or more documents (--min-df): "
			    "no topic written", cname,
			    t->opt.stopwords == NULL ? "" :
			    ", not a stopword (-s),", (unsigned)t->opt.min_df);
			rval = -1;
		} else if (ncolumns == 0) {
			warnx("label %s: no candidate entry reads back as a "
			    "term (tokens not from nw-tokenize -l -w?): no "
			    "topic written", cname);
			rval = -1;
		} else {
			fit_label(t, label, column_term, ncolumns, &prob, &f);
			/* Written, or its file named in an error: not 1. */
			if ((r = write_topic(t, dir, cname, &f,
			    positives[label])) != 0)
				rval = -1;
			if (r != 1)
				t->written[label] = 1;
			free(f.feat);
			free(f.w);
		}
		free(cname);
	}
	free(positives);
	free(prob.x);
	free(prob.y);
	free(pool);
	free(column);
	free(column_term);
	return rval;
}

void
train_free(struct train *t)
{
	strtab_free(t->words);
	free(t->word_feat);
	free(t->pair_key);
	free(t->pair_feat);
	free(t->feat_a);
	free(t->feat_b);
	strtab_free(t->labels);
	free(t->df);
	free(t->cf);
	free(t->docs);
	free(t->cells);
	free(t->doclabels);
	free(t->written);
	free(t->seen);
	buf_free(&t->term);
	free(t);
}
