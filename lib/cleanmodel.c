/*
 * newswire: nw-clean's learned model (clean.c has the classifier's
 * design).
 *
 * A paragraph's probability of being content is a logistic regression
 * over a vector of its features, read from a weights file (by default
 * share/newswire/clean.model, made by tests/train-clean with liblinear
 * on the development half of the evaluation pages).  The vector holds,
 * for the paragraph and for the two before and the two after it, the
 * same block of surface features (present, length in bands, stopword
 * share, a final stop, title case, digits and symbols, URLs, lexicon
 * phrases, copyright, list item, table row, heading shape, repeats
 * across documents, and the block hints when there are any), then the
 * paragraph's place in its document (relative position, first, last,
 * distance to the longest paragraph, its length against that one's,
 * whether the document shows signs of a page around the text).  A
 * second stage sees the same vector and the first stage's
 * probabilities of the neighbours: the learned form of jusText's
 * context pass; and where the paragraph lies against the article's
 * span by the first stage (main_span()).  Records with block hints
 * have weight sets of their own.  The cost is a few hundred
 * multiplications a paragraph, whatever its length.
 *
 * A set may instead be gradient-boosted regression trees over the same
 * vector: the probability is the logistic of the sum of one leaf of
 * each tree, a tree read from its root going left where the feature is
 * at most the split's threshold.
 *
 * The model file is text: '#' lines are comments (the header says how
 * it was made), every other line is "SET NAME WEIGHT", "SET split NAME
 * THRESHOLD" or "SET leaf VALUE", SET one of plain1, plain2, hints1,
 * hints2 and NAME a feature name as clean_feature_name() spells it.  A
 * set of weights is linear, a feature the file does not name weighing
 * 0; a set of split and leaf lines is trees, each written from its root
 * in preorder (a split, its left subtree, its right subtree), one after
 * the other.  A name this build does not know is an error, as is a
 * set with both or a tree left unfinished.
 */
#include <err.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

/* The block of features of one paragraph, own or a neighbour's. */
enum {
	B_PRESENT, B_LOGCHARS, B_LEN30, B_LEN70, B_LEN150, B_LEN300,
	B_STOPS, B_STOPS_LOW, B_STOPS_HIGH, B_TERMINAL, B_TITLED, B_SYMBOLS,
	B_DIGITS, B_URL, B_PHRASE, B_PHRASE_MUCH, B_COPYRIGHT, B_ITEM,
	B_CELLS, B_HEADING, B_FEWWORDS, B_NOWORDS, B_REPEATS, B_JOINED,
	B_HINTED, B_LINKS, B_LINKS_ALL, B_ARTICLE, B_MARKUP_BAD,
	B_MARKUP_WEAK, B_HINT_HEADING, B_HINT_P,
	B_RULE_BAD, B_RULE_SHORT, B_RULE_NEARGOOD, B_RULE_GOOD, B_RULE_KEEP,
	B_IN_MAIN, B_OUT_MAIN, B_DEPTH,
	B_CONTEXT,			/* a letter of the hints' context each */
	B_ELEMENT = B_CONTEXT + sizeof(BLOCK_HINT_LETTERS) - 1, /* by kind */
	NBLOCK = B_ELEMENT + BLOCK_EL_TITLE + 1
};

static const char *const block_names[NBLOCK] = {
	"present", "logchars", "len30", "len70", "len150", "len300",
	"stops", "stops-low", "stops-high", "terminal", "titled", "symbols",
	"digits", "url", "phrase", "phrase-much", "copyright", "item",
	"cells", "heading", "fewwords", "nowords", "repeats", "joined",
	"hinted", "links", "links-all", "article", "markup-bad",
	"markup-weak", "hint-heading", "hint-p",
	"rule-bad", "rule-short", "rule-neargood", "rule-good", "rule-keep",
	"in-main", "out-main", "depth",
};

static const char *const element_names[BLOCK_EL_TITLE + 1] = {
	[BLOCK_EL_OTHER] = "other", [BLOCK_EL_P] = "p", [BLOCK_EL_H1] = "h1",
	[BLOCK_EL_HEADING] = "heading", [BLOCK_EL_LI] = "li",
	[BLOCK_EL_CELL] = "cell", [BLOCK_EL_DIV] = "div",
	[BLOCK_EL_FIGCAPTION] = "figcaption",
	[BLOCK_EL_BLOCKQUOTE] = "blockquote", [BLOCK_EL_PRE] = "pre",
	[BLOCK_EL_TITLE] = "title",
};

/* The name of feature k of the block. */
static void
block_name(size_t k, char *buf, size_t size, const char *prefix)
{
	if (k < B_CONTEXT)
		snprintf(buf, size, "%s.%s", prefix, block_names[k]);
	else if (k < B_ELEMENT)
		snprintf(buf, size, "%s.ctx-%c", prefix,
		    BLOCK_HINT_LETTERS[k - B_CONTEXT]);
	else if (element_names[k - B_ELEMENT] != NULL)
		snprintf(buf, size, "%s.el-%s", prefix,
		    element_names[k - B_ELEMENT]);
	else	/* a kind added to BLOCK_EL_* and not named here */
		snprintf(buf, size, "%s.el-%zu", prefix, k - B_ELEMENT);
}

/* The paragraphs whose blocks are in the vector, by offset. */
static const int offsets[] = { 0, -2, -1, 1, 2 };
static const char *const offset_names[] = { "p0", "p-2", "p-1", "p+1",
    "p+2" };
#define NOFFSETS	5

/* Its place in the document. */
enum {
	D_BIAS, D_POS, D_FIRST, D_LAST, D_LOGN, D_DIST_LONGEST,
	D_LOGDIST_LONGEST, D_BEFORE_LONGEST, D_REL_LONGEST,
	D_GOOD_SHARE,
	NDOC
};

static const char *const doc_names[NDOC] = {
	"bias", "pos", "first", "last", "logn", "dist-longest",
	"logdist-longest", "before-longest", "rel-longest",
	"prose-share",
};

/* The second stage: the first stage's probabilities around it. */
enum {
	S_SELF, S_PREV1, S_PREV2, S_NEXT1, S_NEXT2, S_MAXWIN, S_MINWIN,
	S_DOCMEAN, S_BEFORE, S_AFTER, S_INSPAN, S_BEFORE_SPAN, S_AFTER_SPAN,
	S_SPAN_DIST, S_SPAN_CHARS,
	S_BOX_BEST, S_BOX_MASS, S_BOX_MEAN,	/* of BOX, then of OUTER */
	S_OUTER_BEST, S_OUTER_MASS, S_OUTER_MEAN,
	S_BEST_NESTED, S_BEST_DEPTH, S_BOX_PREV, S_BOX_NEXT, S_BOX_SIZE,
	NSTACK
};

static const char *const stack_names[NSTACK] = {
	"self", "prev1", "prev2", "next1", "next2", "max3", "min3",
	"docmean", "before5", "after5", "in-span", "before-span",
	"after-span", "span-dist", "span-chars",
	"box-best", "box-mass", "box-mean", "outer-best", "outer-mass",
	"outer-mean", "best-nested", "best-depth", "box-prev", "box-next",
	"box-size",
};

#define NFIRST	(NOFFSETS * NBLOCK + NDOC)
_Static_assert(NBLOCK <= 255, "a block's features counted in a byte");
#define NFEAT	(NFIRST + NSTACK)
/*
 * A vector is not kept whole for each paragraph of a document: a block
 * is made again from its paragraph when it is needed, into a window of
 * NOFFSETS slots (paragraph j's in slot j % NOFFSETS, so the window of
 * the paragraph scored holds its neighbours' and the next paragraph's
 * takes the place of the one left behind), and the place in the
 * document is worked out again; only the second stage's features,
 * made from the first stage's probabilities of the whole document, are
 * kept for each paragraph.  A document of many short paragraphs (a
 * long menu, a table) so costs NSTACK doubles a paragraph, not the
 * whole vector.
 */
#define NTAIL	(NDOC + NSTACK)		/* the features after the blocks */

enum { SET_PLAIN1, SET_PLAIN2, SET_HINTS1, SET_HINTS2, NSETS };
static const char *const set_names[NSETS] = {
	"plain1", "plain2", "hints1", "hints2"
};

#define TREE_DEPTH_MAX	32	/* of a tree in a model file */

/* Trees in preorder: a split's left child is the node after it. */
struct trees {
	int16_t		*feat;		/* a split's feature; -1: a leaf */
	double		*val;		/* a split's threshold, a leaf's value */
	uint32_t	*right;		/* a split's right child */
	size_t		 n, cap;
};

struct clean_model {
	double		w[NSETS][NFEAT];
	struct trees	t[NSETS];	/* when the set is trees */
	int		has[NSETS];	/* the file named the set */
	/* The features of nonzero weight of each set, in order. */
	unsigned short	used[NSETS][NFEAT];
	size_t		nused[NSETS];
	double	*dense;			/* a whole vector, for trees */
	size_t	 tail[NSETS];		/* the first of used[] past the blocks */
	/* The document scored last. */
	const struct clean_para *ps;
	size_t	 n;			/* its paragraphs */
	size_t	 longest;		/* its longest paragraph */
	size_t	 good;			/* its paragraphs of 200 characters up */
	double	 logn;
	/* The window of blocks: paragraph j's in slot j % NOFFSETS. */
	double	 window[NOFFSETS][NBLOCK];
	unsigned char	nz[NOFFSETS][NBLOCK]; /* the nonzero features of one */
	unsigned char	nnz[NOFFSETS];	/* how many */
	size_t	 slot_para[NOFFSETS];	/* the paragraph in a slot, + 1 */
	double	*stack;			/* second-stage features, NSTACK each */
	double	*p1;			/* first-stage probabilities */
	double	*cl;			/* their clip_logit() */
	double	*lc;			/* log1p() of each paragraph's chars */
	size_t	*order;			/* paragraphs by container */
	size_t	 cap;
};

size_t
clean_features_count(void)
{
	return NFEAT;
}

/* The name of feature i into buf (CLEAN_FEATURE_NAME_MAX bytes). */
void
clean_feature_name(size_t i, char *buf)
{
	if (i < NOFFSETS * NBLOCK)
		block_name(i % NBLOCK, buf, CLEAN_FEATURE_NAME_MAX,
		    offset_names[i / NBLOCK]);
	else if (i < NFIRST)
		snprintf(buf, CLEAN_FEATURE_NAME_MAX, "doc.%s",
		    doc_names[i - NOFFSETS * NBLOCK]);
	else
		snprintf(buf, CLEAN_FEATURE_NAME_MAX, "s2.%s",
		    stack_names[i - NFIRST]);
}

/* The features' names, sorted, to look a name up in. */
struct name_index {
	char	(*names)[CLEAN_FEATURE_NAME_MAX];
	int16_t	*sorted;
};

static const struct name_index *sort_names;

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(sort_names->names[*(const int16_t *)a],
	    sort_names->names[*(const int16_t *)b]);
}

static void
name_index_init(struct name_index *ni)
{
	size_t i;

	ni->names = xreallocarray(NULL, NFEAT, sizeof(*ni->names));
	ni->sorted = xreallocarray(NULL, NFEAT, sizeof(*ni->sorted));
	for (i = 0; i < NFEAT; i++) {
		clean_feature_name(i, ni->names[i]);
		ni->sorted[i] = (int16_t)i;
	}
	sort_names = ni;
	qsort(ni->sorted, NFEAT, sizeof(*ni->sorted), name_cmp);
	sort_names = NULL;
}

/* The index of the feature called name (len bytes), or -1. */
static int
feature_index(const struct name_index *ni, const char *name, size_t len)
{
	size_t lo = 0, hi = NFEAT, mid;
	const char *s;
	int c;

	if (len >= CLEAN_FEATURE_NAME_MAX)
		return -1;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		s = ni->names[ni->sorted[mid]];
		if ((c = strncmp(s, name, len)) == 0)
			c = s[len] != '\0';
		if (c == 0)
			return ni->sorted[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void
trees_add(struct trees *t, int feat, double val)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->feat = xreallocarray(t->feat, t->cap, sizeof(*t->feat));
		t->val = xreallocarray(t->val, t->cap, sizeof(*t->val));
		t->right = xreallocarray(t->right, t->cap, sizeof(*t->right));
	}
	t->feat[t->n] = (int16_t)feat;
	t->val[t->n] = val;
	t->right[t->n] = 0;
	t->n++;
}

/*
 * The end of the subtree at node i (the node after its last), its
 * splits' right children set on the way; 0 when the nodes end first
 * or it is deeper than TREE_DEPTH_MAX.
 */
static size_t
subtree_end(struct trees *t, size_t i, int depth)
{
	size_t l;

	if (i >= t->n || depth > TREE_DEPTH_MAX)
		return 0;
	if (t->feat[i] < 0)
		return i + 1;
	if ((l = subtree_end(t, i + 1, depth + 1)) == 0)
		return 0;
	t->right[i] = (uint32_t)l;
	return subtree_end(t, l, depth + 1);
}

/*
 * The file's "SET ..." line, at line[0]: NULL once it is taken, else
 * what is wrong with it.  seen[] marks the weights given so far, set by
 * set, so that a weight given twice is said, not the last one kept.
 */
static const char *
load_line(struct clean_model *m, const struct name_index *ni, char *line,
    int *kind, unsigned char (*seen)[NFEAT])
{
	char *s = line, *name, *val, *end;
	int set, f = -1;
	double w;

	if ((name = strchr(s, ' ')) == NULL)
		return "no set name and feature";
	for (set = 0; set < NSETS; set++)
		if ((size_t)(name - s) == strlen(set_names[set]) &&
		    memcmp(s, set_names[set], (size_t)(name - s)) == 0)
			break;
	if (set == NSETS)
		return "no such set";
	name++;
	if ((val = strchr(name, ' ')) == NULL)
		return "no value";
	if ((size_t)(val - name) == 4 && memcmp(name, "leaf", 4) == 0)
		f = -1;
	else if ((size_t)(val - name) == 5 && memcmp(name, "split", 5) == 0) {
		name = val + 1;
		if ((val = strchr(name, ' ')) == NULL)
			return "no threshold";
		if ((f = feature_index(ni, name, (size_t)(val - name))) < 0)
			return "no such feature";
	} else {
		/* a weight */
		if ((f = feature_index(ni, name, (size_t)(val - name))) < 0)
			return "no such feature";
		f = -2 - f;
	}
	if ((set == SET_PLAIN1 || set == SET_HINTS1) &&
	    (f >= NFIRST || -2 - f >= NFIRST))
		return "a second-stage feature in a first-stage set";
	w = strtod(val + 1, &end);
	if (end == val + 1 || *end != '\0' || !isfinite(w))
		return "not a finite number";
	/* A set is weights (1) or trees (2), not both. */
	if (kind[set] != 0 && kind[set] != (f <= -2 ? 1 : 2))
		return "weights and trees in one set";
	kind[set] = f <= -2 ? 1 : 2;
	if (f <= -2) {
		if (seen[set][-2 - f]++)
			return "a weight given twice";
		m->w[set][-2 - f] = w;
	} else
		trees_add(&m->t[set], f, w);
	m->has[set] = 1;
	return NULL;
}

static void
trees_free(struct trees *t)
{
	free(t->feat);
	free(t->val);
	free(t->right);
}

/*
 * log1p() of a count, from a table below LOG1P_SMALL: distances and
 * sizes in paragraphs are small, and the table holds log1p()'s own
 * values, so every feature is the same to the last bit.
 */
#define LOG1P_SMALL	256
static double log1p_small[LOG1P_SMALL];

static double
log1p_count(size_t k)
{
	return k < LOG1P_SMALL ? log1p_small[k] : log1p((double)k);
}

struct clean_model *
clean_model_load(const char *path)
{
	struct clean_model *m;
	struct name_index ni;
	FILE *fp;
	char *line = NULL;
	size_t cap = 0, lineno = 0, i;
	ssize_t n;
	int set, kind[NSETS] = { 0 };
	unsigned char seen[NSETS][NFEAT];
	const char *why;

	if ((fp = fopen(path, "r")) == NULL) {
		warn("%s", path);
		return NULL;
	}
	m = xcalloc(1, sizeof(*m));
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < LOG1P_SMALL; i++)
		log1p_small[i] = log1p((double)i);
	name_index_init(&ni);
	while ((n = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (line[n - 1] != '\n') {
			/* A number cut short would be read as another. */
			warnx("%s: line %zu: cut short (no newline at its "
			    "end)", path, lineno);
			goto fail;
		}
		line[--n] = '\0';
		/* Saved with CRLF or a byte-order mark, as a list may be. */
		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (lineno == 1 && strncmp(line, "\xef\xbb\xbf", 3) == 0)
			memmove(line, line + 3, (size_t)n - 2);
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if ((why = load_line(m, &ni, line, kind, seen)) != NULL) {
			warnx("%s: line %zu: %s (SET FEATURE WEIGHT, SET split"
			    " FEATURE THRESHOLD or SET leaf VALUE of this"
			    " build)", path, lineno, why);
			goto fail;
		}
	}
	if (ferror(fp)) {
		warn("%s", path);
		goto fail;
	}
	if (!m->has[SET_PLAIN1]) {
		warnx("%s: no plain1 weights", path);
		goto fail;
	}
	for (set = 0; set < NSETS; set++) {
		for (i = 0; i < NFEAT; i++)
			if (m->w[set][i] != 0)
				m->used[set][m->nused[set]++] =
				    (unsigned short)i;
		for (i = 0; i < m->nused[set] &&
		    m->used[set][i] < NOFFSETS * NBLOCK; i++)
			continue;
		m->tail[set] = i;
	}
	m->dense = xreallocarray(NULL, NFEAT, sizeof(*m->dense));
	for (set = 0; set < NSETS; set++)
		for (i = 0; i < m->t[set].n; )
			if ((i = subtree_end(&m->t[set], i, 0)) == 0) {
				warnx("%s: %s: a tree unfinished or deeper"
				    " than %d", path, set_names[set],
				    TREE_DEPTH_MAX);
				goto fail;
			}
	free(ni.names);
	free(ni.sorted);
	free(line);
	fclose(fp);
	return m;
fail:
	free(ni.names);
	free(ni.sorted);
	free(line);
	fclose(fp);
	clean_model_free(m);
	return NULL;
}

void
clean_model_free(struct clean_model *m)
{
	int set;

	if (m == NULL)
		return;
	for (set = 0; set < NSETS; set++)
		trees_free(&m->t[set]);
	free(m->stack);
	free(m->dense);
	free(m->p1);
	free(m->cl);
	free(m->lc);
	free(m->order);
	free(m);
}

static void
block(const struct clean_para *p, double lc, double *x)
{
	double sd, c = p->chars;
	size_t k;

	memset(x, 0, NBLOCK * sizeof(*x));
	x[B_PRESENT] = 1;
	x[B_LOGCHARS] = lc / 8;
	x[B_LEN30] = c < 30;
	x[B_LEN70] = c < 70;
	x[B_LEN150] = c < 150;
	x[B_LEN300] = c >= 300;
	sd = p->words > 0 ? (double)p->stops / p->words : 0;
	x[B_STOPS] = sd;
	x[B_STOPS_LOW] = sd < 0.1;
	x[B_STOPS_HIGH] = sd >= 0.3;
	x[B_TERMINAL] = p->terminal;
	x[B_TITLED] = p->words > 0 ? (double)p->titled / p->words : 0;
	x[B_SYMBOLS] = p->visible > 0 ?
	    (double)(p->symbols + p->digits) / p->visible : 0;
	x[B_DIGITS] = p->visible > 0 ? (double)p->digits / p->visible : 0;
	x[B_URL] = p->chars > 0 ? (double)p->urlchars / p->chars : 0;
	x[B_PHRASE] = p->phrase > 0;
	x[B_PHRASE_MUCH] = p->phrase > 0 && p->phrase * 4 >= p->words;
	x[B_COPYRIGHT] = p->copyright;
	/* Markers are too rare in plain training text to weigh; <li> is not. */
	x[B_ITEM] = p->item && p->hinted;
	x[B_CELLS] = p->cells >= 2;
	x[B_HEADING] = p->heading;
	x[B_FEWWORDS] = p->words <= 2;
	x[B_NOWORDS] = p->words == 0;
	/*
	 * A paragraph met in one other document of the source than its own
	 * is no sign (a copy of the story, a page fetched twice): the
	 * output of a stream does not hang on whether a copy came before.
	 */
	x[B_REPEATS] = p->repeats > 2 ? log1p(p->repeats - 2) / 4 : 0;
	x[B_JOINED] = p->joined;
	x[B_HINTED] = p->hinted;
	x[B_LINKS] = p->linkpct / 100.0;
	x[B_LINKS_ALL] = p->hinted && p->linkpct >= 90;
	x[B_ARTICLE] = p->in_article;
	x[B_MARKUP_BAD] = p->markup_bad;
	x[B_MARKUP_WEAK] = p->markup_weak;
	x[B_HINT_HEADING] = p->hint_heading;
	x[B_HINT_P] = p->hint_p;
	x[B_RULE_BAD] = p->rule_cls == CLEAN_BAD;
	x[B_RULE_SHORT] = p->rule_cls == CLEAN_SHORT;
	x[B_RULE_NEARGOOD] = p->rule_cls == CLEAN_NEARGOOD;
	x[B_RULE_GOOD] = p->rule_cls == CLEAN_GOOD;
	x[B_RULE_KEEP] = p->rule_keep;
	if (!p->hinted)
		return;
	x[B_IN_MAIN] = p->in_main;
	x[B_OUT_MAIN] = p->out_main;
	x[B_DEPTH] = log1p(p->hint_depth) / 4;
	for (k = 0; k < sizeof(BLOCK_HINT_LETTERS) - 1; k++)
		x[B_CONTEXT + k] = (p->hint_context >> k) & 1;
	if (p->hint_element >= 0 && p->hint_element <= BLOCK_EL_TITLE)
		x[B_ELEMENT + p->hint_element] = 1;
}

static double
sigmoid(double z)
{
	return 1 / (1 + exp(-z));
}

/* The slot of the window that holds paragraph j's block, made there. */
static size_t
block_slot(struct clean_model *m, size_t j)
{
	size_t s = j % NOFFSETS, c, f;
	double *x = m->window[s];

	if (m->slot_para[s] == j + 1)
		return s;
	block(&m->ps[j], m->lc[j], x);
	for (c = 0, f = 0; f < NBLOCK; f++) {
		m->nz[s][c] = (unsigned char)f;
		c += x[f] != 0;
	}
	m->nnz[s] = (unsigned char)c;
	m->slot_para[s] = j + 1;
	return s;
}

/*
 * The features of paragraph i past the blocks: its place in the
 * document, then the second stage's (0 before stack_vectors()).
 */
static void
tail_features(const struct clean_model *m, size_t i, double *x)
{
	const struct clean_para *ps = m->ps;
	size_t n = m->n, longest = m->longest;

	x[D_BIAS] = 1;
	x[D_POS] = n > 1 ? (double)i / (double)(n - 1) : 0;
	x[D_FIRST] = i == 0;
	x[D_LAST] = i + 1 == n;
	x[D_LOGN] = m->logn;
	x[D_DIST_LONGEST] = n > 1 ?
	    fabs((double)i - (double)longest) / (double)n : 0;
	x[D_LOGDIST_LONGEST] = log1p_count(i > longest ?
	    i - longest : longest - i) / 5;
	x[D_BEFORE_LONGEST] = i < longest;
	x[D_REL_LONGEST] = ps[longest].chars > 0 ?
	    (double)ps[i].chars / ps[longest].chars : 0;
	x[D_GOOD_SHARE] = (double)m->good / (double)n;
	memcpy(x + NDOC, m->stack + i * NSTACK, NSTACK * sizeof(*x));
}

/* Paragraph i's whole vector, its features from limit on 0. */
static void
vector(struct clean_model *m, size_t i, size_t limit, double *x)
{
	size_t k, s;
	long j;

	for (k = 0; k < NOFFSETS; k++) {
		j = (long)i + offsets[k];
		if (j < 0 || j >= (long)m->n)
			memset(x + k * NBLOCK, 0, NBLOCK * sizeof(*x));
		else {
			s = block_slot(m, (size_t)j);
			memcpy(x + k * NBLOCK, m->window[s],
			    NBLOCK * sizeof(*x));
		}
	}
	tail_features(m, i, x + NOFFSETS * NBLOCK);
	if (limit < NFEAT)
		memset(x + limit, 0, (NFEAT - limit) * sizeof(*x));
}

/*
 * The weighted sum of paragraph i's vector (of n paragraphs), below
 * limit: the blocks' terms over their nonzero features (nz), the rest
 * over the features of nonzero weight (used[], from tail[]), in the
 * order of the features.  A term whose feature or weight is 0 adds
 * nothing (a sum that is 0 is +0 either way), and the others are added
 * in the same order as over all of them, so the sum is the same to the
 * last bit at a fraction of the cost: a block holds a few dozen
 * features, most of them 0, and a model names a few hundred.
 */
static double
dot(struct clean_model *m, int set, size_t i, size_t limit)
{
	const double *w = m->w[set], *x, *wk;
	const unsigned short *used = m->used[set];
	const unsigned char *nz;
	double s = 0, tail[NTAIL];
	size_t k, c, u, b;
	long j;

	for (k = 0; k < NOFFSETS; k++) {
		j = (long)i + offsets[k];
		if (j < 0 || j >= (long)m->n)
			continue;
		b = block_slot(m, (size_t)j);
		x = m->window[b];
		nz = m->nz[b];
		wk = w + k * NBLOCK;
		for (c = 0; c < m->nnz[b]; c++)
			s += wk[nz[c]] * x[nz[c]];
	}
	tail_features(m, i, tail);
	for (u = m->tail[set]; u < m->nused[set] && used[u] < limit; u++)
		s += w[used[u]] * tail[used[u] - NOFFSETS * NBLOCK];
	return s;
}

/* The sum of the trees' leaves that x falls in. */
static double
trees_sum(const struct trees *t, const double *x)
{
	double s = 0;
	size_t i, root;

	for (root = 0; root < t->n; ) {
		for (i = root; t->feat[i] >= 0; )
			i = x[t->feat[i]] <= t->val[i] ? i + 1 : t->right[i];
		s += t->val[i];
		/* The next tree starts after the rightmost leaf. */
		for (i = root; t->feat[i] >= 0; )
			i = t->right[i];
		root = i + 1;
	}
	return s;
}

/*
 * Set s's score of paragraph i, the first limit features of which it
 * may see.
 */
static double
set_score(struct clean_model *m, int s, size_t i, size_t limit)
{
	if (m->t[s].n == 0)
		return sigmoid(dot(m, s, i, limit));
	vector(m, i, limit, m->dense);
	return sigmoid(trees_sum(&m->t[s], m->dense));
}

/* What the place of a paragraph is told from: the document's own. */
static void
document_place(struct clean_model *m, const struct clean_para *ps, size_t n)
{
	size_t i, s, longest = 0, good = 0;

	for (i = 0; i < n; i++) {
		if (ps[i].chars > ps[longest].chars)
			longest = i;
		good += ps[i].chars >= 200;
	}
	m->ps = ps;
	m->n = n;
	m->longest = longest;
	m->good = good;
	m->logn = log1p((double)n) / 5;
	for (s = 0; s < NOFFSETS; s++)
		m->slot_para[s] = 0;
	memset(m->stack, 0, n * NSTACK * sizeof(*m->stack));
}

static double
clip_logit(double p)
{
	double z;

	if (p < 1e-6)
		p = 1e-6;
	if (p > 1 - 1e-6)
		p = 1 - 1e-6;
	z = log(p / (1 - p));
	return (z < -6 ? -6 : z > 6 ? 6 : z) / 6;
}

/*
 * The article's span by the first stage: the run of paragraphs where
 * the text it believes in outweighs the rest most (the largest sum of
 * (p - 1/2) weighted by length), as the largest text block of
 * boilerpipe.
 */
static void
main_span(const double *p, const double *lc, size_t n, size_t *first,
    size_t *last)
{
	double sum = 0, best = 0, v;
	size_t i, start = 0;

	*first = 0;
	*last = 0;
	for (i = 0; i < n; i++) {
		v = (p[i] - 0.5) * lc[i];
		if (sum <= 0) {
			sum = 0;
			start = i;
		}
		sum += v;
		if (sum > best) {
			best = sum;
			*first = start;
			*last = i;
		}
	}
}

/*
 * The containers by the first stage, as Readability's choice of the
 * main one but on what the model believes: the paragraphs of one
 * container (level 0: BOX of their hints; 1: OUTER) weigh together,
 * each by its length as in main_span(); a paragraph learns whether its
 * container is the heaviest of the page, its weight and the mean
 * probability of its paragraphs, and (level 0) the probabilities of its
 * neighbours in the container and how many paragraphs it holds: a
 * caption nested in a box of its own has none, whatever text is
 * around it in the document.
 */
static const struct clean_para *box_paras;
static int box_level;

static int
box_cmp(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	uint32_t x = box_paras[i].hint_box[box_level];
	uint32_t y = box_paras[j].hint_box[box_level];

	if (x != y)
		return x < y ? -1 : 1;
	return i < j ? -1 : i > j;
}

static uint32_t
box_vectors(struct clean_model *m, const struct clean_para *ps, size_t n,
    int level, int f)
{
	double mass, sum, wsum, w, best = 0, *x;
	size_t i, j, k;
	uint32_t box, top = 0;

	/* Text without hints has no containers: nothing to weigh. */
	for (i = 0; i < n && ps[i].hint_box[level] == 0; i++)
		continue;
	if (i == n)
		goto out;
	for (i = 0; i < n; i++)
		m->order[i] = i;
	box_paras = ps;
	box_level = level;
	qsort(m->order, n, sizeof(*m->order), box_cmp);
	box_paras = NULL;
	for (i = 0; i < n; i = j) {
		box = ps[m->order[i]].hint_box[level];
		mass = sum = wsum = 0;
		for (j = i; j < n && ps[m->order[j]].hint_box[level] == box;
		    j++) {
			k = m->order[j];
			w = m->lc[k];
			mass += (m->p1[k] - 0.5) * w;
			sum += m->p1[k] * w;
			wsum += w;
		}
		if (box == 0)
			continue;
		for (k = i; level == 0 && k < j; k++) {
			x = m->stack + m->order[k] * NSTACK;
			x[S_BOX_PREV] = k > i ? m->cl[m->order[k - 1]] : 0;
			x[S_BOX_NEXT] = k + 1 < j ? m->cl[m->order[k + 1]] : 0;
			x[S_BOX_SIZE] = log1p_count(j - i) / 5;
		}
		if (mass > best) {
			best = mass;
			top = box;
		}
		for (k = i; k < j; k++) {
			m->stack[m->order[k] * NSTACK + f + 1] = mass;
			m->stack[m->order[k] * NSTACK + f + 2] =
			    wsum > 0 ? sum / wsum : 0;
		}
	}
out:
	for (i = 0; i < n; i++) {
		x = m->stack + i * NSTACK + f;
		x[0] = top != 0 && ps[i].hint_box[level] == top;
		x[1] = best > 0 ? x[1] / best : 0;
		x[1] = x[1] < -1 ? -1 : x[1];
	}
	return top;
}

/* The second stage's features from the first stage's probabilities. */
static void
stack_vectors(struct clean_model *m, const struct clean_para *ps, size_t n)
{
	double *x, *p = m->p1, *cl = m->cl, mean = 0, mx, mn, between, d;
	size_t i, c, first, last;
	uint32_t top;
	int depth;
	long j;

	for (i = 0; i < n; i++) {
		mean += p[i];
		cl[i] = clip_logit(p[i]);
	}
	mean /= (double)n;
	main_span(p, m->lc, n, &first, &last);
	for (i = 0; i < n; i++) {
		x = m->stack + i * NSTACK;
		x[S_SELF] = cl[i];
		x[S_PREV1] = i >= 1 ? cl[i - 1] : 0;
		x[S_PREV2] = i >= 2 ? cl[i - 2] : 0;
		x[S_NEXT1] = i + 1 < n ? cl[i + 1] : 0;
		x[S_NEXT2] = i + 2 < n ? cl[i + 2] : 0;
		mx = 0;
		mn = 1;
		for (j = (long)i - 3; j <= (long)i + 3; j++) {
			if (j < 0 || j >= (long)n || j == (long)i)
				continue;
			if (p[j] > mx)
				mx = p[j];
			if (p[j] < mn)
				mn = p[j];
		}
		x[S_MAXWIN] = mx;
		x[S_MINWIN] = mn;
		x[S_DOCMEAN] = mean;
		x[S_BEFORE] = 0;
		for (c = 1; c <= 5 && c <= i; c++)
			x[S_BEFORE] += p[i - c] >= 0.5;
		x[S_BEFORE] /= 5;
		x[S_AFTER] = 0;
		for (c = 1; c <= 5 && i + c < n; c++)
			x[S_AFTER] += p[i + c] >= 0.5;
		x[S_AFTER] /= 5;
		x[S_INSPAN] = i >= first && i <= last;
		x[S_BEFORE_SPAN] = i < first;
		x[S_AFTER_SPAN] = i > last;
		if (i < first)
			x[S_SPAN_DIST] = log1p_count(first - i) / 5;
		else if (i > last)
			x[S_SPAN_DIST] = log1p_count(i - last) / 5;
		else
			x[S_SPAN_DIST] = 0;
	}
	/* The text between a paragraph and the span. */
	for (between = 0, i = first; i-- > 0; between += ps[i].chars)
		m->stack[i * NSTACK + S_SPAN_CHARS] = log1p(between) / 8;
	for (between = 0, i = last + 1; i < n; between += ps[i++].chars)
		m->stack[i * NSTACK + S_SPAN_CHARS] = log1p(between) / 8;
	/*
	 * Where a paragraph lies against the heaviest container's own
	 * paragraphs: nested a level in it (a caption, a byline box, a
	 * related-links box inside the article's body), and how much
	 * deeper or shallower.
	 */
	if ((top = box_vectors(m, ps, n, 0, S_BOX_BEST)) != 0) {
		for (i = 0; i < n && ps[i].hint_box[0] != top; i++)
			continue;
		depth = ps[i].hint_depth;
		for (i = 0; i < n; i++) {
			x = m->stack + i * NSTACK;
			x[S_BEST_NESTED] = ps[i].hint_box[1] == top;
			d = (ps[i].hint_depth - depth) / 4.0;
			x[S_BEST_DEPTH] = d < -1 ? -1 : d > 1 ? 1 : d;
		}
	}
	box_vectors(m, ps, n, 1, S_OUTER_BEST);
}

/*
 * Every paragraph's probability of being content, into ps[i].prob.
 * Its features must be read (clean_features(), clean_block_hints(),
 * the heading shape and the repeats, the rules' classes).
 */
void
clean_model_score(struct clean_model *m, struct clean_para *ps, size_t n)
{
	size_t i;
	int hinted = 0, s1, s2;

	if (n == 0)
		return;
	if (n > m->cap) {
		/* Room to grow into; what was there is not kept. */
		m->cap = n > 2 * m->cap ? n : 2 * m->cap;
		free(m->stack);
		m->stack = xreallocarray(NULL, m->cap,
		    NSTACK * sizeof(*m->stack));
		m->p1 = xreallocarray(m->p1, m->cap, sizeof(*m->p1));
		m->cl = xreallocarray(m->cl, m->cap, sizeof(*m->cl));
		m->lc = xreallocarray(m->lc, m->cap, sizeof(*m->lc));
		m->order = xreallocarray(m->order, m->cap, sizeof(*m->order));
	}
	for (i = 0; i < n && !hinted; i++)
		hinted = ps[i].hinted;
	s1 = hinted && m->has[SET_HINTS1] ? SET_HINTS1 : SET_PLAIN1;
	s2 = s1 + 1;
	for (i = 0; i < n; i++)
		m->lc[i] = log1p(ps[i].chars);
	document_place(m, ps, n);
	for (i = 0; i < n; i++)
		m->p1[i] = set_score(m, s1, i, NFIRST);
	stack_vectors(m, ps, n);
	for (i = 0; i < n; i++)
		ps[i].prob = m->has[s2] ?
		    set_score(m, s2, i, NFEAT) : m->p1[i];
}

/*
 * The vector of paragraph i of the last document scored, as text; its
 * paragraphs must be as they were scored.
 */
void
clean_model_vector(struct clean_model *m, size_t i, struct buf *out)
{
	char num[64];
	double v;
	size_t f;
	int len;

	vector(m, i, NFEAT, m->dense);
	for (f = 0; f < NFEAT; f++) {
		if ((v = m->dense[f]) == 0)
			continue;
		len = snprintf(num, sizeof(num), "%s%zu:%.6g",
		    out->len > 0 ? " " : "", f + 1, v);
		buf_add(out, num, (size_t)len);
	}
}
