/*
 * newswire: the block hints of a web page (newswire(7), block=).
 *
 * html.c reads the page and gathers, for each block, its element, what
 * it sits in, its share of link text and its depth, and for each element
 * that is not inline a container: what text it holds and what its
 * element, class and id say.  Only once the page is read can the page's
 * main container be chosen (Readability's scoring, main_container()),
 * and only then can each block's hint say whether it lies inside it or
 * outside: this file does both, html_hints_write() at the end of
 * html_parse().  Kept apart from the tree walk so that what a hint says
 * can grow without touching how text is gathered.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

static const char context_letters[] = BLOCK_HINT_LETTERS;

/* What says boilerplate, on a container itself. */
#define CTX_BOILERPLATE	(BLOCK_HINT_NAV | BLOCK_HINT_HEADER | \
	BLOCK_HINT_FOOTER | BLOCK_HINT_ASIDE | \
	(((1 << 20) - 1) & ~((1 << 7) - 1)))

/* The score a container starts with, by its element (Readability). */
static double
container_bonus(const struct html_container *c)
{
	static const struct {
		const char	*name;
		double		 bonus;
	} bonus[] = {
		{ "div", 5 }, { "blockquote", 3 }, { "pre", 3 }, { "td", 3 },
		{ "address", -3 }, { "dd", -3 }, { "dl", -3 }, { "dt", -3 },
		{ "form", -3 }, { "li", -3 }, { "ol", -3 }, { "ul", -3 },
		{ "th", -5 },
	};
	double v = 0;
	size_t i;

	for (i = 0; i < sizeof(bonus) / sizeof(bonus[0]); i++)
		if (strcmp(c->name, bonus[i].name) == 0) {
			v = bonus[i].bonus;
			break;
		}
	if (c->name[0] == 'h' && c->name[1] >= '1' && c->name[1] <= '6' &&
	    c->name[2] == '\0')
		v = -5;
	if (c->context & BLOCK_HINT_ARTICLE)
		v += 25;
	if (c->context & HTML_CLASS_CONTENT)
		v += 25;
	if (c->context & CTX_BOILERPLATE)
		v -= 25;
	return v;
}

/*
 * The page's main container, as Readability finds it: each block of
 * prose gives its points to its element's container and half to the
 * one above; a container's score, with what its element and class say
 * added, is scaled by the share of its text outside links.  The best,
 * and those beside it (the same parent) scoring at least a fifth of it,
 * make the main container; a page whose best scores under MAIN_MIN has
 * none.  Marks each container in it.
 */
#define MAIN_MIN	20
static int
main_container(struct html_container *cont, size_t ncont,
    const struct html_pending *pend, size_t nblocks)
{
	struct html_container *c;
	const struct html_pending *q;
	double best = 0, bar;
	size_t i, top = 0;
	uint32_t up;

	for (i = ncont; i-- > 1;)
		if ((up = cont[i].parent) != HTML_NO_SERIAL) {
			cont[up].bytes += cont[i].bytes;
			cont[up].linkbytes += cont[i].linkbytes;
		}
	for (i = 0; i < nblocks; i++) {
		q = &pend[i];
		if (q->points == 0 || q->serial == HTML_NO_SERIAL ||
		    (up = cont[q->serial].parent) == HTML_NO_SERIAL)
			continue;
		cont[up].score += q->points;
		if ((up = cont[up].parent) != HTML_NO_SERIAL)
			cont[up].score += q->points / 2;
	}
	for (i = 0; i < ncont; i++) {
		c = &cont[i];
		c->in_main = 0;
		if (c->score == 0)
			continue;
		c->score += container_bonus(c);
		if (c->bytes > 0)
			c->score *= 1 - (double)c->linkbytes / c->bytes;
		if (c->score > best) {
			best = c->score;
			top = i;
		}
	}
	if (best < MAIN_MIN)
		return 0;
	bar = best / 5 > 10 ? best / 5 : 10;
	for (i = 0; i < ncont; i++) {
		c = &cont[i];
		up = c->parent;
		c->in_main = i == top || (up != HTML_NO_SERIAL &&
		    (cont[up].in_main || (up == cont[top].parent &&
		    c->score >= bar)));
	}
	/* Long paragraphs of few links beside it belong to it as well. */
	for (i = 0; i < nblocks; i++) {
		q = &pend[i];
		if (q->prose && q->serial != HTML_NO_SERIAL &&
		    cont[q->serial].parent == cont[top].parent)
			cont[q->serial].in_main = 1;
	}
	return 1;
}

/*
 * The containers whose children are the article's paragraphs: each
 * block of prose (a p of some length, few links) gives its bytes to the
 * container around its element; the one given most, and any given at
 * least half as much, are marked.  A block whose element is one of them or a
 * child of one sits beside the article's paragraphs: quotes, subheads
 * and short paragraphs of the article do, datelines, captions and share
 * bars nested deeper do not.
 */
static void
text_parents(struct html_container *cont, const struct html_pending *pend,
    const struct html_page *pg, size_t ncont)
{
	const struct html_pending *q;
	uint64_t best = 0;
	size_t i;
	uint32_t up;

	for (i = 0; i < pg->nblocks; i++) {
		q = &pend[i];
		if (q->prose && q->serial != HTML_NO_SERIAL &&
		    (up = cont[q->serial].parent) != HTML_NO_SERIAL) {
			cont[up].prose += pg->blocks[i].textlen;
			if (cont[up].prose > best)
				best = cont[up].prose;
		}
	}
	for (i = 0; i < ncont; i++)
		cont[i].text_parent = best > 0 && cont[i].prose * 2 >= best;
}

static int
beside_text(const struct html_container *cont, uint32_t serial)
{
	if (serial == HTML_NO_SERIAL)
		return 0;
	if (cont[serial].text_parent)
		return 1;
	serial = cont[serial].parent;
	return serial != HTML_NO_SERIAL && cont[serial].text_parent;
}

/*
 * Which blocks a text the page states apart holds: the articleBody of its
 * JSON-LD, its meta description.  Texts are compared as pairs of words in
 * a row (a word: a run of letters and digits, ASCII case ignored, any
 * byte past ASCII a letter), hashed, so that white space, punctuation,
 * paragraphs run together ("Zurich.The") and markup in the stated text
 * (tags and entities, skipped) do not matter.
 */
struct pairs {
	uint64_t	*hash;		/* a block's, in order */
	size_t		 n, cap;
	uint64_t	*slot;		/* a stated text's, as a set (0 free) */
	size_t		 mask, distinct;
};

/* A byte of a word: an ASCII letter or digit, or any past ASCII. */
static int
word_byte(unsigned char c)
{
	return c >= 0x80 || (unsigned)((c | 0x20) - 'a') < 26 ||
	    (unsigned)(c - '0') < 10;
}

/* The hashes of the pairs of words of s[0..n) into pp->hash. */
static void
pairs_of(struct pairs *pp, const char *text, size_t n, int markup)
{
	const unsigned char *s = (const unsigned char *)text, *end = s + n;
	const unsigned char *q;
	uint64_t h, prev = 0;
	int have = 0;

	pp->n = 0;
	while (s < end) {
		if (markup && *s == '<' && s + 1 < end && (s[1] == '/' ||
		    s[1] == '!' || ((s[1] | 0x20) >= 'a' &&
		    (s[1] | 0x20) <= 'z')) &&
		    (q = memchr(s, '>', (size_t)(end - s))) != NULL) {
			s = q + 1;
			continue;
		}
		if (markup && *s == '&') {
			for (q = s + 1; q < end && q - s < 12 &&
			    (word_byte(*q) || *q == '#') && *q < 0x80; q++)
				continue;
			if (q < end && *q == ';' && q > s + 1) {
				s = q + 1;
				continue;
			}
		}
		if (!word_byte(*s)) {
			s++;
			continue;
		}
		/* FNV-1a over the word, ASCII lower-cased */
		for (h = 0xcbf29ce484222325ULL; s < end && word_byte(*s); s++)
			h = (h ^ (*s >= 'A' && *s <= 'Z' ? *s | 0x20 : *s)) *
			    0x100000001b3ULL;
		if (have) {
			if (pp->n == pp->cap) {
				pp->cap = pp->cap ? pp->cap * 2 : 256;
				pp->hash = xreallocarray(pp->hash, pp->cap,
				    sizeof(*pp->hash));
			}
			pp->hash[pp->n++] = (prev * 0x9e3779b97f4a7c15ULL ^ h) | 1;
		}
		prev = h;
		have = 1;
	}
}

/* The set of the pairs of a stated text (markup skipped). */
static void
pairs_set(struct pairs *pp, const struct buf *b)
{
	size_t i, k, size;

	pairs_of(pp, b->data, b->len, 1);
	for (size = 16; size < 2 * pp->n; size *= 2)
		continue;
	pp->slot = xcalloc(size, sizeof(*pp->slot));
	pp->mask = size - 1;
	pp->distinct = 0;
	for (i = 0; i < pp->n; i++) {
		for (k = pp->hash[i] & pp->mask; pp->slot[k] != 0 &&
		    pp->slot[k] != pp->hash[i]; k = (k + 1) & pp->mask)
			continue;
		if (pp->slot[k] == 0) {
			pp->slot[k] = pp->hash[i];
			pp->distinct++;
		}
	}
}

/* How many of the pairs in pp->hash the set holds. */
static size_t
pairs_found(const struct pairs *set, const struct pairs *pp)
{
	size_t i, k, found = 0;

	for (i = 0; i < pp->n; i++) {
		for (k = pp->hash[i] & set->mask; set->slot[k] != 0 &&
		    set->slot[k] != pp->hash[i]; k = (k + 1) & set->mask)
			continue;
		found += set->slot[k] != 0;
	}
	return found;
}

/*
 * The letters a block's text earns against the stated texts: j when the
 * articleBody holds four in five of its pairs of words, x when the page
 * has an articleBody and the block, of two words or more, is not in it;
 * d when the description holds four in five of its pairs, or it holds
 * four in five of the description's (a lead the description cuts short,
 * or repeats whole), three pairs at least.
 */
static int
stated_letters(struct pairs *block, const struct pairs *body,
    const struct pairs *desc, const char *text, size_t len)
{
	size_t found;
	int c = 0;

	if (body->slot == NULL && desc->slot == NULL)
		return 0;
	pairs_of(block, text, len, 0);
	if (block->n == 0)
		return 0;
	if (body->slot != NULL)
		c |= pairs_found(body, block) * 5 >= block->n * 4 ?
		    BLOCK_HINT_IN_BODY : BLOCK_HINT_OUT_BODY;
	if (desc->slot != NULL && (found = pairs_found(desc, block)) >= 3 &&
	    (found * 5 >= block->n * 4 || found * 5 >= desc->distinct * 4))
		c |= BLOCK_HINT_LEAD;
	return c;
}

/*
 * The hints, ELEMENT,CONTEXT,LINKS,DEPTH,BOX,OUTER, made without printf:
 * BOX and OUTER number the elements that hold the block's element and
 * that one (1 the page's first, 0 none), so that a reader may group the
 * blocks of one container without the tree.
 */
void
html_hints_write(struct html_container *cont, size_t ncont,
    const struct html_pending *pend, const struct buf *body,
    const struct buf *description, struct html_page *pg)
{
	struct pairs bodyset = { 0 }, descset = { 0 }, block = { 0 };
	char hint[32 + 4 * FORMAT_U64_MAX], *e;
	const struct html_pending *q;
	size_t i, k, n;
	uint32_t up;
	int c, found;

	found = main_container(cont, ncont, pend, pg->nblocks);
	if (body->len > 0)
		pairs_set(&bodyset, body);
	if (description->len > 0)
		pairs_set(&descset, description);
	text_parents(cont, pend, pg, ncont);
	for (i = 0; i < pg->nblocks; i++) {
		q = &pend[i];
		c = q->context;
		if (found)
			c |= q->serial != HTML_NO_SERIAL && cont[q->serial].in_main ?
			    BLOCK_HINT_IN_MAIN : BLOCK_HINT_OUT_MAIN;
		if (beside_text(cont, q->serial))
			c |= BLOCK_HINT_SIBLING;
		c |= stated_letters(&block, &bodyset, &descset,
		    pg->text.data + pg->blocks[i].text, pg->blocks[i].textlen);
		pg->blocks[i].hint = pg->hints.len;
		buf_adds(&pg->hints, q->name);
		e = hint;
		*e++ = ',';
		for (k = n = 0; context_letters[k] != '\0'; k++)
			if (c & (1 << k))
				e[n++] = context_letters[k];
		if (n == 0)
			e[n++] = '-';
		e += n;
		*e++ = ',';
		e = format_u64(e, q->links, 0);
		*e++ = ',';
		e = format_u64(e, q->depth, 0);
		up = q->serial == HTML_NO_SERIAL ? HTML_NO_SERIAL :
		    cont[q->serial].parent;
		for (k = 0; k < 2; k++) {
			*e++ = ',';
			e = format_u64(e, up == HTML_NO_SERIAL ? 0 : up + 1, 0);
			if (up != HTML_NO_SERIAL)
				up = cont[up].parent;
		}
		buf_add(&pg->hints, hint, (size_t)(e - hint));
		pg->blocks[i].hintlen = pg->hints.len - pg->blocks[i].hint;
	}
	free(bodyset.hash);
	free(bodyset.slot);
	free(descset.hash);
	free(descset.slot);
	free(block.hash);
}
