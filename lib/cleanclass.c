/*
 * newswire: the classes of nw-clean's paragraphs (clean.c has the
 * design).  The classes follow jusText (Pomikalek 2011), adapted to text
 * without markup: a first pass gives each paragraph good, near-good,
 * short or bad from its own features (and block hints when nw-split read
 * it from HTML); a second settles short and then near-good paragraphs by
 * the classes of their nearest decided neighbours, the document's edges
 * counting as bad, so that a short quote inside an article stays and a
 * short item in a run of menu lines goes; a heading (short, no final
 * stop) followed closely by good text is kept.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "nw-private.h"

#define WRAP_MIN	30	/* characters of a line that may be wrapped */

/*
 * Block hints of nw-split's HTML reading (newswire(7)):
 * block=ELEMENT,CONTEXT,LINKS,DEPTH,BOX,OUTER, read into the
 * paragraph's hint fields (BOX and OUTER name its containers, for the
 * model to weigh them whole: clean_model_score()).  The article is the
 * page's main container (the element that holds most of its prose, m
 * or o) when nw-split found one, else what <article> and <main> hold;
 * and wherever it is, a block beside the article's paragraphs (s), one
 * the page's JSON-LD articleBody holds (j) or one its meta description
 * holds (d).  A <nav> or <footer> condemns a paragraph wherever it is;
 * <aside> and <header> only outside the article.
 * A <figcaption> is never article text.  A class or id naming a menu,
 * navigation, a footer, sharing, comments, cookies, a sidebar, a
 * byline, an advert, a newsletter or tags, on the paragraph's element
 * or any around it, is weaker evidence: pages put such words on the
 * <body> and on wrappers of everything ("has-nav", "menu-open"), so
 * inside the article it is ignored and outside it lowers the class by
 * one step instead of condemning.  An <h1> is the page's title, not its
 * text (--keep-title keeps it): it is lowered a step and is no heading
 * for the context pass to keep before text.  A paragraph or table cell
 * of the article with no link in it is taken for text when it is
 * short.  A hint that does not parse as newswire(7) has it, six fields
 * or the older four, is ignored whole.
 */
static const struct {
	const char	*name;
	int		 element;
} hint_elements[] = {
	{ "p", BLOCK_EL_P }, { "li", BLOCK_EL_LI }, { "td", BLOCK_EL_CELL },
	{ "th", BLOCK_EL_CELL }, { "div", BLOCK_EL_DIV },
	{ "figcaption", BLOCK_EL_FIGCAPTION },
	{ "blockquote", BLOCK_EL_BLOCKQUOTE }, { "pre", BLOCK_EL_PRE },
	{ "title", BLOCK_EL_TITLE },
};

/*
 * The number at *cp, its digits up to the next comma or the end, taken
 * as max when it is more: -1 when there is no digit.
 */
static int64_t
hint_number(const char **cp, const char *e, int64_t max)
{
	const char *c = *cp;
	int64_t n = 0;

	if (c == e || *c < '0' || *c > '9')
		return -1;
	for (; c < e && *c >= '0' && *c <= '9'; c++)
		if (n < max)
			n = n * 10 + (*c - '0');
	*cp = c;
	return n < max ? n : max;
}

void
clean_block_hints(struct clean_para *p, const struct record *r)
{
	static const char letters[] = BLOCK_HINT_LETTERS;
	const char *v, *e, *c, *ce, *l;
	size_t len, i;
	uint32_t ctx = 0;
	int64_t pct, depth, box[2] = { 0, 0 };
	int el = BLOCK_EL_OTHER;
	int in_article, bad, soft, named;

	if (!record_meta_get(r, "block", &v, &len))
		return;
	e = v + len;
	/* ELEMENT: [a-z][a-z0-9-]* */
	if ((c = memchr(v, ',', len)) == NULL || c == v || *v < 'a' ||
	    *v > 'z')
		return;
	for (l = v; l < c; l++)
		if ((*l < 'a' || *l > 'z') && (*l < '0' || *l > '9') &&
		    *l != '-')
			return;
	if (c - v == 2 && v[0] == 'h' && v[1] >= '1' && v[1] <= '6')
		el = v[1] == '1' ? BLOCK_EL_H1 : BLOCK_EL_HEADING;
	for (i = 0; i < sizeof(hint_elements) / sizeof(hint_elements[0]); i++)
		if ((size_t)(c - v) == strlen(hint_elements[i].name) &&
		    memcmp(v, hint_elements[i].name, (size_t)(c - v)) == 0)
			el = hint_elements[i].element;
	/* CONTEXT: - or letters */
	c++;
	if ((ce = memchr(c, ',', (size_t)(e - c))) == NULL || ce == c)
		return;
	/* Each letter at most once, in the order of BLOCK_HINT_LETTERS. */
	if (ce - c != 1 || *c != '-')
		for (l = letters; c < ce; c++, l++) {
			if (*c == '\0' || *c == '-' ||
			    (l = strchr(l, *c)) == NULL)
				return;
			ctx |= 1u << (l - letters);
		}
	/* LINKS (one to three digits),DEPTH, then ,BOX,OUTER or nothing */
	c = ce + 1;
	if ((pct = hint_number(&c, e, 1000)) < 0 || pct > 100 ||
	    c - (ce + 1) > 3 || c == e ||
	    *c++ != ',' || (depth = hint_number(&c, e, 100000)) < 0)
		return;
	if (c < e) {
		for (i = 0; i < 2; i++)
			if (c == e || *c++ != ',' ||
			    (box[i] = hint_number(&c, e, UINT32_MAX - 1)) < 0)
				return;
		if (c != e)
			return;
	}
	p->hint_box[0] = (uint32_t)box[0];
	p->hint_box[1] = (uint32_t)box[1];
	p->hinted = 1;
	p->hint_context = ctx;
	p->hint_element = el;
	p->hint_depth = (int)depth;
	p->hint_heading = el == BLOCK_EL_HEADING;
	p->hint_p = el == BLOCK_EL_P;
	if (el == BLOCK_EL_CELL)
		p->cells = 2;
	if (el == BLOCK_EL_LI)
		p->item = 1;
	p->linkpct = (int)pct;
	p->in_main = (ctx & BLOCK_HINT_IN_MAIN) != 0;
	p->out_main = (ctx & BLOCK_HINT_OUT_MAIN) != 0;
	/*
	 * The article is the page's main container when nw-split found
	 * one, else what <article> or <main> hold; what the page states as
	 * its text, or sits beside its paragraphs, is article wherever.
	 */
	in_article = ((ctx & (BLOCK_HINT_ARTICLE | BLOCK_HINT_IN_MAIN)) != 0 &&
	    !(ctx & BLOCK_HINT_OUT_MAIN)) || (ctx & (BLOCK_HINT_SIBLING |
	    BLOCK_HINT_LEAD | BLOCK_HINT_IN_BODY)) != 0;
	bad = (ctx & (BLOCK_HINT_NAV | BLOCK_HINT_FOOTER)) != 0;
	soft = (ctx & (BLOCK_HINT_HEADER | BLOCK_HINT_ASIDE |
	    BLOCK_HINT_RELATED)) != 0;
	named = (ctx & (BLOCK_HINT_MENU | BLOCK_HINT_CLASS_NAV |
	    BLOCK_HINT_CLASS_FOOTER | BLOCK_HINT_SHARE | BLOCK_HINT_COMMENT |
	    BLOCK_HINT_COOKIE | BLOCK_HINT_SIDEBAR | BLOCK_HINT_BYLINE |
	    BLOCK_HINT_AD | BLOCK_HINT_SUBSCRIBE | BLOCK_HINT_TAGS)) != 0;
	p->in_article = in_article;
	p->markup_weak = (named && !in_article) || el == BLOCK_EL_H1;
	p->markup_bad = bad || (soft && !in_article && !p->hint_heading &&
	    el != BLOCK_EL_H1) || el == BLOCK_EL_FIGCAPTION;
}

static void
text_class(const struct clean_config *cfg, struct clean_para *p)
{
	const double *t = cfg->threshold;
	double sd;

	p->strong = 1;
	p->cls = CLEAN_BAD;
	if (p->visible == 0) {
		p->reason = CLEAN_REASON_EMPTY;
		return;
	}
	if (p->chars > 0 && p->urlchars > t[CLEAN_URL_MAX] * p->chars) {
		p->reason = CLEAN_REASON_LINKS;
		return;
	}
	if (p->markup_bad) {
		p->reason = CLEAN_REASON_HINT;
		return;
	}
	if (p->hinted && p->linkpct > 100 * (p->in_article ?
	    t[CLEAN_LINKS_ARTICLE_MAX] : t[CLEAN_LINKS_MAX])) {
		p->reason = CLEAN_REASON_LINKS;
		return;
	}
	if (p->copyright && p->words <= t[CLEAN_PHRASE_WORDS]) {
		p->reason = CLEAN_REASON_COPYRIGHT;
		return;
	}
	/* A photo's caption, or its credit alone. */
	if (p->credit && p->words <= 2 * t[CLEAN_PHRASE_WORDS]) {
		p->reason = CLEAN_REASON_CAPTION;
		return;
	}
	/*
	 * A phrase condemns a line that is no sentence, or a sentence it
	 * makes a quarter of: "Sign up for our newsletter." but not "By
	 * aligning the efforts of local forces, ...".  One word of a phrase
	 * ("^share", "^related") condemns no more than two words: "Share
	 * boost for feud-hit Reliance" and "Related stocks rally" are
	 * headlines, and go by the other signs.
	 */
	if ((p->phrase > 1 || (p->phrase == 1 && p->words <= 2)) &&
	    (!p->terminal || p->phrase * 4 >= p->words)) {
		p->reason = CLEAN_REASON_PHRASE;
		return;
	}
	p->strong = 0;
	if (p->chars < t[CLEAN_LENGTH_LOW]) {
		/* "43,856." in a football report, "1 2 3 Next" on a page */
		p->cls = CLEAN_SHORT;
		p->reason = CLEAN_REASON_CONTEXT;
		return;
	}
	if (p->symbols + p->digits > t[CLEAN_SYMBOLS_MAX] * p->visible &&
	    p->cells < 2) {
		p->reason = CLEAN_REASON_SYMBOLS;
		p->strong = 1;
		return;
	}
	sd = p->words > 0 ? (double)p->stops / p->words : 0;
	if (sd >= t[CLEAN_STOPWORDS_HIGH]) {
		if (p->chars > t[CLEAN_LENGTH_HIGH]) {
			p->cls = CLEAN_GOOD;
			p->reason = CLEAN_REASON_LONG_PROSE;
		} else {
			p->cls = CLEAN_NEARGOOD;
			p->reason = CLEAN_REASON_PROSE;
		}
	} else if (sd >= t[CLEAN_STOPWORDS_LOW]) {
		p->cls = CLEAN_NEARGOOD;
		p->reason = CLEAN_REASON_PROSE;
	} else if (p->item || p->cells >= 2 || p->terminal) {
		/*
		 * List items, table rows and sentences short of function
		 * words (a line-up, a list of names) are terse whatever they
		 * hold: they go with their neighbours, in an article or in a
		 * menu.
		 */
		p->cls = CLEAN_SHORT;
		p->reason = CLEAN_REASON_CONTEXT;
	} else
		p->reason = CLEAN_REASON_LOW_STOPWORDS;
}

/*
 * The class from the text, then what the block hints add: a weak sign
 * of boilerplate lowers it a step, a short paragraph of an article with
 * no link is near-good.  In the page's main container, a <p> with no
 * link is text when it reads as prose (near-good is good: its neighbours
 * there are often captions and asides), and one short of function words
 * (a list of ingredients, a line-up) goes with its neighbours.
 */
void
clean_initial_class(const struct clean_config *cfg, struct clean_para *p)
{
	text_class(cfg, p);
	if (p->strong)
		return;
	if (p->markup_weak && p->cls > CLEAN_BAD) {
		if (--p->cls == CLEAN_BAD)
			p->reason = CLEAN_REASON_HINT;
	} else if (p->cls == CLEAN_SHORT && p->in_article && (p->hint_p ||
	    p->hint_element == BLOCK_EL_CELL) && p->linkpct == 0)
		p->cls = CLEAN_NEARGOOD;
	else if (p->in_main && p->hint_p && p->linkpct == 0) {
		if (p->cls == CLEAN_NEARGOOD)
			p->cls = CLEAN_GOOD;
		else if (p->reason == CLEAN_REASON_LOW_STOPWORDS) {
			p->cls = CLEAN_SHORT;
			p->reason = CLEAN_REASON_CONTEXT;
		}
	}
}

/* The classes of the nearest paragraphs on one side of a paragraph. */
struct neighbours {
	unsigned char	any;	/* the nearest that is not short */
	unsigned char	firm;	/* the nearest neither short nor near-good */
};

/*
 * For each paragraph, the classes of its nearest neighbours before and
 * after it, the document's edges counting as edge.  Found in one pass
 * each way: looking for them from each paragraph made a run of n short
 * paragraphs cost n squared.
 */
/*
 * Whether p's class says anything of its neighbours': not a short one,
 * which takes theirs, nor an empty one (a blank line between the
 * paragraphs of a text), which is no evidence of a page.
 */
static int
is_neighbour(const struct clean_para *p)
{
	return p->cls != CLEAN_SHORT && p->reason != CLEAN_REASON_EMPTY;
}

static void
neighbours(const struct clean_para *ps, size_t n, int edge,
    struct neighbours *before, struct neighbours *after)
{
	struct neighbours near;
	size_t i;

	near.any = near.firm = (unsigned char)edge;
	for (i = 0; i < n; i++) {
		before[i] = near;
		if (is_neighbour(&ps[i])) {
			near.any = (unsigned char)ps[i].cls;
			if (ps[i].cls != CLEAN_NEARGOOD)
				near.firm = (unsigned char)ps[i].cls;
		}
	}
	near.any = near.firm = (unsigned char)edge;
	for (i = n; i-- > 0;) {
		after[i] = near;
		if (is_neighbour(&ps[i])) {
			near.any = (unsigned char)ps[i].cls;
			if (ps[i].cls != CLEAN_NEARGOOD)
				near.firm = (unsigned char)ps[i].cls;
		}
	}
}

/* A paragraph of class min or better follows i within heading distance. */
static int
good_follows(const struct clean_config *cfg, const struct clean_para *ps,
    size_t n, size_t i, int min)
{
	double dist = 0;
	size_t j;

	for (j = i + 1; j < n; j++) {
		if (ps[j].cls >= min)
			return 1;
		dist += ps[j].chars;
		if (dist > cfg->threshold[CLEAN_HEADING_DISTANCE])
			return 0;
	}
	return 0;
}

/*
 * The document's edges count as bad (jusText) when it shows signs of a
 * page around the text: a paragraph condemned by a phrase, links, a
 * copyright, markup or a repeat (not symbols: scores and tables have
 * them).  A document with none of them is
 * taken as text alone: a paragraph by an edge goes with its neighbour on
 * the other side, and one with no decided neighbour at all stays, so the
 * first and last lines of a plain article (a title, a closing list) are
 * not lost for lack of context.
 */
int
clean_page_signs(const struct clean_para *ps, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ps[i].strong && ps[i].reason != CLEAN_REASON_EMPTY &&
		    ps[i].reason != CLEAN_REASON_DUPLICATE &&
		    ps[i].reason != CLEAN_REASON_SYMBOLS)
			return 1;
	return 0;
}

void
clean_context(const struct clean_config *cfg, struct clean_para *ps, size_t n)
{
	struct neighbours *before, *after;
	int *next;
	int prev, nxt, edge;
	size_t i, found;

	edge = clean_page_signs(ps, n) ? CLEAN_BAD : CLEAN_GOOD;

	next = xreallocarray(NULL, n ? n : 1, sizeof(*next));
	before = xreallocarray(NULL, n ? 2 * n : 2, sizeof(*before));
	after = before + (n ? n : 1);
	/*
	 * Headings before good text count as near-good, in a text alone:
	 * on a page, most lines that look like headings (the title, "Related
	 * stories", sidebar headlines) are not article text, and headings of
	 * the article between its paragraphs are kept by context anyway.
	 */
	for (i = 0; i < n; i++)
		if (ps[i].heading && !ps[i].strong &&
		    (edge == CLEAN_GOOD || ps[i].hint_heading) &&
		    (ps[i].cls == CLEAN_SHORT || ps[i].cls == CLEAN_BAD) &&
		    good_follows(cfg, ps, n, i, CLEAN_NEARGOOD)) {
			ps[i].cls = CLEAN_NEARGOOD;
			ps[i].reason = CLEAN_REASON_HEADING;
		}
	/* Short paragraphs take the class of their neighbours. */
	found = 0;
	for (i = 0; i < n; i++) {
		next[i] = ps[i].cls;
		if (ps[i].cls != CLEAN_SHORT)
			continue;
		if (!found++)
			neighbours(ps, n, edge, before, after);
		prev = before[i].firm;
		nxt = after[i].firm;
		if (prev == CLEAN_GOOD && nxt == CLEAN_GOOD)
			next[i] = CLEAN_GOOD;
		else if (prev == CLEAN_BAD && nxt == CLEAN_BAD)
			next[i] = CLEAN_BAD;
		else if ((prev == CLEAN_BAD &&
		    before[i].any == CLEAN_NEARGOOD) ||
		    (nxt == CLEAN_BAD && after[i].any == CLEAN_NEARGOOD))
			next[i] = CLEAN_GOOD;
		else
			next[i] = CLEAN_BAD;
		if (next[i] == CLEAN_GOOD)
			ps[i].reason = CLEAN_REASON_CONTEXT;
		else
			ps[i].reason = (i == 0 || ps[i - 1].cls != CLEAN_GOOD) &&
			    (i + 1 == n || ps[i + 1].cls != CLEAN_GOOD) ?
			    CLEAN_REASON_MENU_RUN : CLEAN_REASON_CONTEXT;
	}
	for (i = 0; i < n; i++)
		ps[i].cls = next[i];
	/* Near-good paragraphs go with good neighbours, else out. */
	found = 0;
	for (i = 0; i < n; i++) {
		next[i] = ps[i].cls;
		if (ps[i].cls != CLEAN_NEARGOOD)
			continue;
		if (!found++)
			neighbours(ps, n, edge, before, after);
		prev = before[i].firm;
		nxt = after[i].firm;
		if (prev == CLEAN_BAD && nxt == CLEAN_BAD) {
			next[i] = CLEAN_BAD;
			ps[i].reason = CLEAN_REASON_CONTEXT;
		} else
			next[i] = CLEAN_GOOD;
	}
	for (i = 0; i < n; i++)
		ps[i].cls = next[i];
	/* Headings shortly before good text stay. */
	for (i = 0; i < n; i++)
		if (ps[i].heading && (edge == CLEAN_GOOD || ps[i].hint_heading) &&
		    ps[i].cls == CLEAN_BAD && !ps[i].strong &&
		    good_follows(cfg, ps, n, i, CLEAN_GOOD)) {
			ps[i].cls = CLEAN_GOOD;
			ps[i].reason = CLEAN_REASON_HEADING;
		}
	free(before);
	free(next);
}

/* r's text starts with a lower-case letter, of any script. */
static int
starts_lower(const struct record *r)
{
	const unsigned char *s = (const unsigned char *)r->text;
	int32_t cp;

	if (r->textlen == 0)
		return 0;
	if (s[0] < 0x80)
		return s[0] >= 'a' && s[0] <= 'z';
	return utf8_decode(s, r->textlen, &cp) > 0 &&
	    utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/*
 * Text wrapped at a fixed width (mail, old pages, <br> at each line)
 * comes as one record a line, each too short to be prose.  A line that
 * does not end a sentence, followed by one starting with a lower-case
 * letter ("the", "été", "следующий"), goes on in it: the lines of such a
 * run are classed as one paragraph, with their features added up.
 */
void
clean_wrapped_lines(const struct clean_config *cfg, struct clean_para *ps,
    const struct doc *d)
{
	struct clean_para m;
	size_t i, j, k, n = d->nrecords;

	for (i = 0; i < n; i = j + 1) {
		for (j = i; j + 1 < n && !ps[j].terminal &&
		    ps[j].chars >= WRAP_MIN && starts_lower(&d->records[j + 1]);
		    j++)
			;
		if (j == i)
			continue;
		m = ps[i];
		for (k = i + 1; k <= j; k++) {
			m.chars += ps[k].chars + 1;
			m.words += ps[k].words;
			m.stops += ps[k].stops;
			m.shortlower += ps[k].shortlower;
			m.titled += ps[k].titled;
			m.visible += ps[k].visible;
			m.symbols += ps[k].symbols;
			m.digits += ps[k].digits;
			m.urlchars += ps[k].urlchars;
			m.phrase += ps[k].phrase;
			m.copyright |= ps[k].copyright;
		}
		m.terminal = ps[j].terminal;
		clean_initial_class(cfg, &m);
		for (k = i; k <= j; k++) {
			ps[k].cls = m.cls;
			ps[k].reason = m.reason;
			ps[k].strong = m.strong;
			ps[k].joined = 1;
		}
	}
}
