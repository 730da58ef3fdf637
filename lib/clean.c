/*
 * newswire: the boilerplate classifier of nw-clean(1).
 *
 * Each paragraph of a document is described by cheap surface features
 * read in one pass over its bytes: length in characters and words, the
 * share of stopwords (function words are what prose is made of and what
 * menus, bylines and link lists lack), whether it ends a sentence, the
 * share of title-cased words, of digits and symbols, of characters in
 * URLs and e-mail addresses, whether it holds a phrase of the boilerplate
 * lexicon, and a hash of its normalised text.  The classes follow jusText
 * (Pomikalek 2011), adapted to text without markup: a first pass gives
 * each paragraph good, near-good, short or bad from its own features; a
 * second settles short and then near-good paragraphs by the classes of
 * their nearest decided neighbours, the document's edges counting as
 * bad, so that a short quote inside an article stays and a short item
 * in a run of menu lines goes; a heading (short, no final stop) followed
 * closely by good text is kept.
 *
 * Across documents a paragraph that recurs in many documents of one
 * source is boilerplate however long (CCNet's paragraph hashing): the
 * normalised text's hash, salted with the source, is counted in a table
 * of fixed size, four slots a bucket, evicting the entry seen in the
 * fewest documents when a bucket is full.  Memory is the table, fixed
 * when the cleaner is made, plus one document.
 *
 * The parts: cleanfeatures.c (the lists and the features),
 * cleanclass.c (the classes and the context pass), cleanrepeat.c (the
 * repeat table); this file holds the thresholds and runs them per
 * document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

#define LIST_FIT	0.15	/* stopword share of a document its list fits */

static const struct {
	const char	*name;
	double		 value, min, max;
	const char	*what;
} thresholds[CLEAN_NTHRESHOLDS] = {
	[CLEAN_LENGTH_LOW] =	{ "length-low", 70, 0, 1e9,
	    "characters below which a paragraph is short" },
	[CLEAN_LENGTH_HIGH] =	{ "length-high", 200, 0, 1e9,
	    "characters above which prose is good" },
	[CLEAN_STOPWORDS_LOW] =	{ "stopwords-low", 0.20, 0, 1,
	    "stopword share below which a paragraph is bad" },
	[CLEAN_STOPWORDS_HIGH] = { "stopwords-high", 0.22, 0, 1,
	    "stopword share from which a paragraph is prose" },
	[CLEAN_URL_MAX] =	{ "url-max", 0.2, 0, 1,
	    "share of characters in URLs and e-mail addresses" },
	[CLEAN_SYMBOLS_MAX] =	{ "symbols-max", 0.5, 0, 1,
	    "share of digits and symbols among visible characters" },
	[CLEAN_PHRASE_WORDS] =	{ "phrase-words", 25, 0, 1e9,
	    "words up to which a lexicon phrase makes boilerplate" },
	[CLEAN_HEADING_WORDS] =	{ "heading-words", 20, 0, 1e9,
	    "words up to which a line without a final stop is a heading" },
	[CLEAN_HEADING_DISTANCE] = { "heading-distance", 200, 0, 1e9,
	    "characters from a heading to the good text it keeps" },
	[CLEAN_REPEATS] =	{ "repeats", 3, 0, 1e9,
	    "documents of a source a repeated paragraph is seen in" },
	[CLEAN_LINKS_MAX] =	{ "links-max", 0.2, 0, 1,
	    "share of text in links (block hints) above which it is bad" },
	[CLEAN_LINKS_ARTICLE_MAX] = { "links-article-max", 0.5, 0, 1,
	    "the same inside <article> or <main> (block hints)" },
	[CLEAN_MODEL_MIN] =	{ "model", 0.45, 0, 1,
	    "the model's probability from which a paragraph is content" },
};

const char *
clean_threshold_name(int i)
{
	return i >= 0 && i < CLEAN_NTHRESHOLDS ? thresholds[i].name : NULL;
}

const char *
clean_threshold_what(int i)
{
	return i >= 0 && i < CLEAN_NTHRESHOLDS ? thresholds[i].what : NULL;
}

void
clean_config_default(struct clean_config *c)
{
	int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < CLEAN_NTHRESHOLDS; i++)
		c->threshold[i] = thresholds[i].value;
	c->table_bytes = CLEAN_TABLE_DEFAULT;
}

/* "NAME=VALUE": NULL when set, else why not. */
const char *
clean_threshold_set(struct clean_config *c, const char *arg)
{
	const char *eq, *p;
	char *end;
	double v;
	size_t n;
	int i;

	if ((eq = strchr(arg, '=')) == NULL)
		return "not NAME=VALUE";
	n = (size_t)(eq - arg);
	for (i = 0; i < CLEAN_NTHRESHOLDS; i++)
		if (strlen(thresholds[i].name) == n &&
		    memcmp(thresholds[i].name, arg, n) == 0)
			break;
	if (i == CLEAN_NTHRESHOLDS)
		return "unknown threshold (nw-clean --thresholds lists "
		    "them)";
	/*
	 * Digits with an optional decimal point, nothing strtod adds; a
	 * share is from 0 to 1, a count (characters, words, documents) is
	 * whole.
	 */
	for (p = eq + 1; *p >= '0' && *p <= '9'; p++)
		;
	if (*p == '.' && thresholds[i].max == 1)
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	v = strtod(eq + 1, &end);
	if (end == eq + 1 || *end != '\0' || end != p ||
	    !(v >= thresholds[i].min) || !(v <= thresholds[i].max))
		return thresholds[i].max == 1 ? "not a number from 0 to 1" :
		    "not a whole number from 0 to 1000000000";
	/* Every paragraph is in one document: each would be "repeated". */
	if (i == CLEAN_REPEATS && v == 1)
		return "1 would drop every paragraph (0 turns the table off; "
		    "2 or more)";
	c->threshold[i] = v;
	return NULL;
}

/*
 * "NAME=VALUE" as clean_threshold_set() takes it back: a count whole, a
 * share in the fewest decimals that give its value again; never in the
 * exponent form of %g ("1.23457e+06"), which is not the value set and
 * which -t refuses.
 */
void
clean_threshold_format(const struct clean_config *c, int i, struct buf *out)
{
	char num[512];
	double v = c->threshold[i];
	int decimals = 0, len;

	do
		len = snprintf(num, sizeof(num), "%.*f", decimals, v);
	while (thresholds[i].max == 1 && strtod(num, NULL) != v &&
	    ++decimals < 400);
	buf_adds(out, thresholds[i].name);
	buf_addc(out, '=');
	buf_add(out, num, (size_t)len);
}

static const char *const reason_names[] = {
	[CLEAN_REASON_LONG_PROSE] = "long-prose",
	[CLEAN_REASON_PROSE] = "prose",
	[CLEAN_REASON_CONTEXT] = "context",
	[CLEAN_REASON_HEADING] = "heading",
	[CLEAN_REASON_TITLE] = "title",
	[CLEAN_REASON_REPEATED] = "repeated",
	[CLEAN_REASON_DUPLICATE] = "duplicate",
	[CLEAN_REASON_PHRASE] = "phrase",
	[CLEAN_REASON_COPYRIGHT] = "copyright",
	[CLEAN_REASON_LINKS] = "links",
	[CLEAN_REASON_SYMBOLS] = "symbols",
	[CLEAN_REASON_LOW_STOPWORDS] = "low-stopwords",
	[CLEAN_REASON_MENU_RUN] = "menu-run",
	[CLEAN_REASON_EMPTY] = "empty",
	[CLEAN_REASON_HINT] = "markup",
	[CLEAN_REASON_MODEL] = "model",
	[CLEAN_REASON_CAPTION] = "caption",
};

struct cleaner {
	struct clean_config	 cfg;
	struct clean_words	*words;
	struct repeat_table	*repeats;	/* NULL: none */
	struct clean_model	*model;		/* NULL: the hand-set rules */
	int			 scored;	/* the model scored the document */
	uint32_t		 docserial;
	int			 frozen;	/* counted by cleaner_count() */
	struct clean_para	*paras;
	size_t			 parascap, nparas;
	struct seen_set		 seen;		/* in-document duplicates */
};

struct cleaner *
cleaner_new(const struct clean_config *cfg)
{
	struct cleaner *cl;
	char *path;

	cl = xcalloc(1, sizeof(*cl));
	cl->cfg = *cfg;
	if ((cl->words = clean_words_new(cfg)) == NULL) {
		cleaner_free(cl);
		return NULL;
	}
	if (!cfg->rules) {
		path = cfg->model != NULL ? xstrdup(cfg->model) :
		    nw_share_path("clean.model");
		cl->model = clean_model_load(path);
		free(path);
		if (cl->model == NULL) {
			cleaner_free(cl);
			return NULL;
		}
	}
	if (cfg->threshold[CLEAN_REPEATS] >= 1)
		cl->repeats = repeat_table_new(cfg->table_bytes);
	return cl;
}

/*
 * Every document seen forgotten: the repeat table emptied, the counts of
 * two passes unfrozen; the lists and the model, slow to load, are kept.
 */
void
cleaner_reset(struct cleaner *cl)
{
	repeat_table_clear(cl->repeats);
	cl->docserial = 0;
	cl->frozen = 0;
}

void
cleaner_free(struct cleaner *cl)
{
	if (cl == NULL)
		return;
	clean_words_free(cl->words);
	clean_model_free(cl->model);
	repeat_table_free(cl->repeats);
	seen_set_free(&cl->seen);
	free(cl->paras);
	free(cl);
}

size_t
cleaner_table_bytes(const struct cleaner *cl)
{
	return repeat_table_bytes(cl->repeats);
}

/* ------------------------------------------------------------------ */
/* A document. */

/*
 * Room for the paragraphs of d, the duplicate set emptied, the next
 * document serial: 0 for a document without records.
 */
static int
document_start(struct cleaner *cl, const struct doc *d)
{
	size_t n = d->nrecords;

	if (n > cl->parascap) {
		cl->parascap = n;
		cl->paras = xreallocarray(cl->paras, n, sizeof(*cl->paras));
	}
	cl->nparas = n;
	if (n == 0)
		return 0;
	seen_set_reset(&cl->seen, n);
	cl->docserial++;
	return 1;
}

/*
 * The first pass of two: the paragraphs of d counted in the repeat
 * table as cleaner_classify() counts them, nothing classified.
 */
void
cleaner_count(struct cleaner *cl, const struct doc *d, const char *src,
    size_t srclen)
{
	struct clean_para *p;
	uint64_t lists, salt;
	size_t i;
	int forced;

	if (cl->repeats == NULL || !document_start(cl, d))
		return;
	salt = hash_bytes(src, srclen);
	lists = clean_words_lists(cl->words, &d->records[0], &forced);
	for (i = 0; i < d->nrecords; i++) {
		p = &cl->paras[i];
		clean_features(cl->words, lists, p, d->records[i].text,
		    d->records[i].textlen);
		if (p->hash == 0 ||
		    (p->words > 0 && seen_set_add(&cl->seen, p->hash)) ||
		    p->words < 2)
			continue;
		repeat_table_count(cl->repeats, p->hash ^ salt,
		    cl->docserial);
	}
}

/* From now on the counts of the first pass are read, not added to. */
void
cleaner_freeze(struct cleaner *cl)
{
	cl->frozen = 1;
}

/*
 * The hand-set rules (--rules): a document without long prose (a short
 * news item, a paywalled page) has its best, its near-good paragraphs
 * count as good; then the context pass.
 */
static void
rule_classes(struct cleaner *cl, size_t n)
{
	size_t i;

	for (i = 0; i < n && cl->paras[i].cls != CLEAN_GOOD; i++)
		;
	if (i == n)
		for (i = 0; i < n; i++)
			if (cl->paras[i].cls == CLEAN_NEARGOOD)
				cl->paras[i].cls = CLEAN_GOOD;
	clean_context(&cl->cfg, cl->paras, n);
}

/*
 * What no weight can save, p gone for reason: an empty paragraph, one
 * seen before in the document, one repeated across documents of the
 * source, and the rules' surest signs (a lexicon phrase, a copyright
 * line, a photo's caption, a line of URLs), which measured as well or better on the
 * development pages kept as rules.
 */
static int
condemned(const struct clean_config *cfg, const struct clean_para *p,
    int reason)
{
	return reason == CLEAN_REASON_EMPTY ||
	    reason == CLEAN_REASON_DUPLICATE ||
	    reason == CLEAN_REASON_REPEATED ||
	    reason == CLEAN_REASON_PHRASE ||
	    reason == CLEAN_REASON_COPYRIGHT ||
	    reason == CLEAN_REASON_CAPTION ||
	    (reason == CLEAN_REASON_LINKS &&
	    p->urlchars > cfg->threshold[CLEAN_URL_MAX] * p->chars);
}

/*
 * What the markup says is not the article's text, whatever its words: a
 * <figcaption>, and an <h1>, the page's title (--keep-title may keep it
 * as such).  The rules lower them; under the model they go, as the
 * rules' man page says of them.
 */
static int
markup_condemns(const struct clean_para *p)
{
	return p->hint_element == BLOCK_EL_FIGCAPTION ||
	    p->hint_element == BLOCK_EL_H1;
}

/*
 * The model: content from its probability up, but for condemned() and
 * markup_condemns().
 */
static void
model_classes(struct cleaner *cl, size_t n)
{
	struct clean_para *p;
	size_t i;

	for (i = 0; i < n; i++)
		cl->paras[i].rule_cls = (unsigned char)cl->paras[i].cls;
	rule_classes(cl, n);
	for (i = 0; i < n; i++)
		cl->paras[i].rule_keep = cl->paras[i].cls == CLEAN_GOOD;
	if (!clean_page_signs(cl->paras, n)) {
		cl->scored = 0;
		return;
	}
	cl->scored = 1;
	clean_model_score(cl->model, cl->paras, n);
	for (i = 0; i < n; i++) {
		p = &cl->paras[i];
		if (condemned(&cl->cfg, p, p->reason)) {
			p->cls = CLEAN_BAD;
			continue;
		}
		if (markup_condemns(p)) {
			p->cls = CLEAN_BAD;
			p->reason = CLEAN_REASON_HINT;
			continue;
		}
		/* Only punctuation and symbols (". . .", "* * *"): no text. */
		if (p->words == 0 && p->digits == 0) {
			p->cls = CLEAN_BAD;
			p->reason = CLEAN_REASON_SYMBOLS;
			continue;
		}
		/*
		 * strong stays as the rules set it: a line the markup, its
		 * links or its symbols condemn is no title (-k), whatever
		 * the model says of it.
		 */
		p->cls = p->prob >= cl->cfg.threshold[CLEAN_MODEL_MIN] ?
		    CLEAN_GOOD : CLEAN_BAD;
		p->reason = CLEAN_REASON_MODEL;
	}
}

/*
 * A paragraph seen before in the document goes as a duplicate only when
 * an earlier copy is kept.  A copy whose earlier ones all went (a
 * teaser or a menu item the page shows before its article) is judged
 * on its own: what its text condemns (condemned(): a repeat across
 * documents, a lexicon phrase, ...) goes for that reason, as its first
 * copy did; the rest by the model's probability, or by the rules when
 * the paragraph is good by its own features (long prose the markup put
 * in a menu the first time).  Its neighbours were judged with it out,
 * as before.  A line of one or two words ("News", "Read on") is not
 * brought back: on the development pages that cost more precision
 * than it gained recall.
 */
static void
lone_copies(struct cleaner *cl, size_t n)
{
	struct clean_para *p;
	size_t i;
	int keep;

	seen_set_reset(&cl->seen, n);
	for (i = 0; i < n; i++) {
		p = &cl->paras[i];
		if (p->hash == 0 || p->words == 0)
			continue;
		if (p->reason == CLEAN_REASON_DUPLICATE && p->words >= 3 &&
		    !seen_set_has(&cl->seen, p->hash)) {
			if (condemned(&cl->cfg, p, p->own_reason)) {
				p->reason = p->own_reason;
				continue;
			}
			if (cl->model != NULL && cl->scored &&
			    markup_condemns(p)) {
				p->reason = CLEAN_REASON_HINT;
				continue;
			}
			if (cl->model != NULL && cl->scored)
				keep = p->prob >=
				    cl->cfg.threshold[CLEAN_MODEL_MIN];
			else
				keep = p->own_cls == CLEAN_GOOD;
			/* Judged on its own by the model: it is the reason. */
			if (cl->model != NULL && cl->scored)
				p->reason = CLEAN_REASON_MODEL;
			if (!keep)
				continue;
			p->cls = CLEAN_GOOD;
			p->strong = 0;
			p->reason = cl->model != NULL && cl->scored ?
			    CLEAN_REASON_MODEL : p->own_reason;
		}
		if (p->cls == CLEAN_GOOD)
			seen_set_add(&cl->seen, p->hash);
	}
}

void
cleaner_classify(struct cleaner *cl, const struct doc *d, const char *src,
    size_t srclen)
{
	const struct clean_config *cfg = &cl->cfg;
	uint64_t lists;
	struct clean_para *p;
	uint64_t salt, dstops = 0, dwords = 0;
	size_t i, n = d->nrecords, title = SIZE_MAX;
	int forced;

	if (!document_start(cl, d))
		return;
	salt = hash_bytes(src, srclen);
	lists = clean_words_lists(cl->words, &d->records[0], &forced);
	for (i = 0; i < n; i++) {
		p = &cl->paras[i];
		clean_features(cl->words, lists, p, d->records[i].text,
		    d->records[i].textlen);
		/* Its slot is looked at in the next pass: fetched by then. */
		repeat_table_prefetch(cl->repeats, p->hash ^ salt);
		dstops += p->stops;
		dwords += p->words;
	}
	/*
	 * A list that does not fit the document (a language it does not
	 * cover) finds few stopwords anywhere in it; then short lower-case
	 * words stand in for them, as function words are short in most
	 * languages written with spaces.
	 */
	if (!forced && dstops < LIST_FIT * dwords)
		for (i = 0; i < n; i++)
			cl->paras[i].stops = cl->paras[i].shortlower;
	clean_wrapped_lines(cfg, cl->paras, d);
	for (i = 0; i < n; i++) {
		p = &cl->paras[i];
		clean_block_hints(p, &d->records[i]);
		if (!p->joined)
			clean_initial_class(cfg, p);
		p->heading = (!p->terminal && p->words >= 2 &&
		    p->words <= cfg->threshold[CLEAN_HEADING_WORDS] &&
		    p->digits * 4 <= p->visible) || p->hint_heading;
		if (p->hash == 0)
			continue;
		if (p->words > 0 && seen_set_add(&cl->seen, p->hash)) {
			p->own_cls = (unsigned char)p->cls;
			p->own_reason = (unsigned char)p->reason;
			/*
			 * Counted with its first copy: its count read, for
			 * when it is judged on its own (lone_copies()).
			 */
			if (p->words >= 2)
				p->repeats = repeat_table_lookup(cl->repeats,
				    p->hash ^ salt);
			if (cfg->threshold[CLEAN_REPEATS] >= 1 &&
			    p->repeats >= cfg->threshold[CLEAN_REPEATS]) {
				p->own_cls = CLEAN_BAD;
				p->own_reason = CLEAN_REASON_REPEATED;
			}
			p->cls = CLEAN_BAD;
			p->reason = CLEAN_REASON_DUPLICATE;
			p->strong = 1;
			continue;
		}
		/* A number or a one-word line recurs without being furniture. */
		if (p->words < 2)
			continue;
		p->repeats = cl->frozen ?
		    repeat_table_lookup(cl->repeats, p->hash ^ salt) :
		    repeat_table_count(cl->repeats, p->hash ^ salt,
		    cl->docserial);
		if (cfg->threshold[CLEAN_REPEATS] >= 1 &&
		    p->repeats >= cfg->threshold[CLEAN_REPEATS]) {
			p->cls = CLEAN_BAD;
			p->reason = CLEAN_REASON_REPEATED;
			p->strong = 1;
		}
	}
	if (cl->model != NULL)
		model_classes(cl, n);
	else
		rule_classes(cl, n);
	lone_copies(cl, n);
	/*
	 * The title: the first heading before the first good paragraph
	 * that no strong reason condemns.
	 */
	if (cfg->keep_title) {
		for (i = 0; i < n && cl->paras[i].cls != CLEAN_GOOD; i++)
			if (cl->paras[i].heading && !cl->paras[i].strong &&
			    cl->paras[i].words >= 3) {
				title = i;
				break;
			}
		if (title == SIZE_MAX && n > 0 && cl->paras[0].heading &&
		    !cl->paras[0].strong)
			title = 0;
		if (title != SIZE_MAX) {
			cl->paras[title].cls = CLEAN_GOOD;
			cl->paras[title].reason = CLEAN_REASON_TITLE;
		}
	}
	for (i = 0; i < n; i++)
		cl->paras[i].keep = cl->paras[i].cls == CLEAN_GOOD;
}

int
cleaner_keep(const struct cleaner *cl, size_t i)
{
	return i < cl->nparas && cl->paras[i].keep;
}

/*
 * The model's probability of p in two decimals, or in more when two
 * round it to the other side of the threshold from its verdict: 0.6996
 * under -t model=0.7 is "boilerplate:model 0.699", not "0.70".
 */
static int
format_prob(const struct cleaner *cl, const struct clean_para *p, char *num,
    size_t size)
{
	double thr = cl->cfg.threshold[CLEAN_MODEL_MIN], shown;
	int decimals = 2, len;

	for (;;) {
		len = snprintf(num, size, " %.*f", decimals, p->prob);
		shown = strtod(num, NULL);
		if ((p->keep ? shown >= thr : shown < thr) || decimals == 30)
			return len;
		decimals++;
	}
}

/* "content:long-prose", "boilerplate:repeated×41", ... */
void
cleaner_explain(const struct cleaner *cl, size_t i, struct buf *out)
{
	const struct clean_para *p = &cl->paras[i];
	char num[64];
	int len;

	buf_adds(out, p->keep ? "content:" : "boilerplate:");
	buf_adds(out, reason_names[p->reason]);
	if (p->reason == CLEAN_REASON_REPEATED) {
		buf_adds(out, "\xc3\x97");	/* × */
		buf_add(out, num, (size_t)(format_u64(num, p->repeats, 1) -
		    num));
	} else if (p->reason == CLEAN_REASON_MODEL) {
		len = format_prob(cl, p, num, sizeof(num));
		buf_add(out, num, (size_t)len);
	}
}

void
cleaner_features(const struct cleaner *cl, size_t i, struct buf *out)
{
	if (cl->model != NULL && cl->scored && i < cl->nparas)
		clean_model_vector(cl->model, i, out);
}
