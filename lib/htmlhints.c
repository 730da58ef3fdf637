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

/* The hints, ELEMENT,CONTEXT,LINKS,DEPTH, made without printf. */
void
html_hints_write(struct html_container *cont, size_t ncont,
    const struct html_pending *pend, struct html_page *pg)
{
	char hint[32 + 2 * FORMAT_U64_MAX], *e;
	const struct html_pending *q;
	size_t i, k, n;
	int c, found;

	found = main_container(cont, ncont, pend, pg->nblocks);
	for (i = 0; i < pg->nblocks; i++) {
		q = &pend[i];
		c = q->context;
		if (found)
			c |= q->serial != HTML_NO_SERIAL && cont[q->serial].in_main ?
			    BLOCK_HINT_IN_MAIN : BLOCK_HINT_OUT_MAIN;
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
		buf_add(&pg->hints, hint, (size_t)(e - hint));
		pg->blocks[i].hintlen = pg->hints.len - pg->blocks[i].hint;
	}
}
