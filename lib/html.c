/*
 * newswire: the paragraphs of a web page.
 *
 * Parsing is libxml2's HTML parser, driven through SAX: it decodes
 * entities, recovers from tag soup the way a browser would (closing
 * what an end tag or a new block implies) and hands out well-nested
 * start, end and text events, so no tree is built and memory stays a
 * small multiple of the page.  (gumbo, the other Debian choice, was
 * half as fast on real pages and quadratic on deeply nested unclosed
 * tags; see the commit that brought this file in.)
 *
 * Text is gathered into the current paragraph as it comes; any element
 * that is not inline (p, li, td, div, h1 ...) ends it, so that each
 * block gives one paragraph, and inline elements add nothing, so that
 * "hel<b>lo</b>" stays one word and words separated by white space or a
 * block never run together.  Two <br> in a row split a paragraph; one
 * is a space.  Scripts, styles, templates, SVG, comments (bogus ones
 * too: htmllex.c) and elements marked hidden give no text
 * (htmlelem.c knows which elements and attributes are what), nor do
 * ruby annotations (the reading printed
 * above "<ruby>漢字<rt>かんじ</rt></ruby>": the text is the base).  A
 * script ends where a browser ends it, not always at its first
 * "</script" as libxml2 has it, and a title, an xmp and the like are
 * raw text up to their own end tag, as a browser reads them, not
 * markup: htmllex.c corrects libxml2 there, and decides where, told
 * which element is open.  Each paragraph
 * remembers the element it belongs to, what it sits in, how much of it
 * is link text, whether some is a date's (a <time>, an
 * itemprop="date...") and how deep it is: the block
 * hints of newswire(7).  Its hint is written once the page is read,
 * when the page's main container (the element holding most of its
 * prose) is known: htmlhints.c.  Where the parser keeps an element
 * open past an end tag it ignored (libxml2 will not close a <span>
 * over a <div> opened inside it), what it hides or marks ends there all
 * the same.
 *
 * What the page says of itself (its title, publication date, meta
 * description, the articleBody of its JSON-LD) is handed as met to
 * htmlmeta.c, which keeps it: <title>, the h1 and JSON-LD scripts are
 * gathered here as text into its buffers.
 *
 * libxml2 reads the page as htmlscan.c leaves it: comments and script
 * and style bodies cut out, runs of text replaced by markers, which
 * on_characters() turns back into the text (html_parser_scan(h, 0)
 * hands it the page as it is).  Text is gathered the same however it
 * comes cut into pieces: a space due is carried over, never implied by
 * where one piece ends.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "nw-private.h"
#include "htmlelem.h"
#include "htmllex.h"

struct open_element {
	const char	*name;		/* the table's, or its own */
	int		 flags;
	int		 context;	/* its own and its ancestors' */
	int		 skip;		/* inside an element giving no text */
	int		 own_context;	/* what it adds itself */
	int		 own_skip;
	int		 closed;	/* its end tag came, but was ignored */
	uint32_t	 serial;	/* its container's (its own unless inline) */
};

struct html_parser {
	htmlParserCtxtPtr	 ctxt;		/* libxml2's, while it parses */
	struct charset_page	 cp;		/* the page in UTF-8 */
	struct buf		 refs;		/* its references rewritten */
	struct html_page	*page;

	struct open_element	*stack;
	size_t			 depth, cap;
	/* an end tag that closed nothing, and the depth it looked below */
	struct buf		 closemiss;
	size_t			 closemiss_depth;
	int			 head;		/* a head element is open */
	size_t			 foreign;	/* open EL_FOREIGN elements */
	size_t			 pre;		/* open EL_PRE elements */
	int			 links;		/* open a elements */
	int			 dates;		/* open time elements and the like */

	/* the paragraph being gathered */
	struct buf		 para;
	size_t			 linkbytes, bytes;
	int			 dated;		/* it holds a date element's text */
	int			 space;		/* a space is due */
	int			 breaks;	/* <br> since the last text */
	size_t			 owner;		/* stack index of its block */
	const char		*ownername;
	int			 ownercontext, ownerflags;
	uint32_t		 ownerserial;
	uint32_t		 commas;

	struct html_container	*cont;
	size_t			 ncont, contcap;
	struct html_pending		*pend;		/* one a block of the page */
	size_t			 pendcap;

	struct html_lex		 lex;		/* libxml2's lexing corrected */
	int			 in_title, in_jsonld, in_h1;
	int			 title_space;	/* as space, in the title */
	struct html_scan	 scan;		/* what libxml2 reads */
	int			 noscan;	/* read the page as it is */
	struct html_meta	 meta;		/* what it says of itself */
};

/*
 * What a block of prose gives its containers (after Readability): a
 * point, one a comma, one for each 100 bytes up to three; blocks of
 * less than 25 bytes give nothing.
 */
#define PROSE_MIN	25

/* The paragraph gathered so far becomes a block of the page. */
static void
paragraph_flush(struct html_parser *h)
{
	struct html_page *pg = h->page;
	struct html_block *b;
	struct html_pending *q;
	size_t ld;

	h->space = 0;
	h->breaks = 0;
	if (h->para.len == 0) {
		h->dated = 0;
		return;
	}
	ld = h->bytes > 0 ? h->linkbytes * 100 / h->bytes : 0;
	if (pg->nblocks == pg->blockcap) {
		pg->blockcap = pg->blockcap ? pg->blockcap * 2 : 64;
		pg->blocks = xreallocarray(pg->blocks, pg->blockcap,
		    sizeof(*pg->blocks));
	}
	if (pg->nblocks >= h->pendcap) {
		h->pendcap = pg->blockcap;
		h->pend = xreallocarray(h->pend, h->pendcap, sizeof(*h->pend));
	}
	q = &h->pend[pg->nblocks];
	b = &pg->blocks[pg->nblocks++];
	b->text = pg->text.len;
	b->textlen = h->para.len;
	buf_add(&pg->text, h->para.data, h->para.len);
	q->name = h->ownername;
	q->serial = h->ownerserial;
	q->depth = (uint32_t)(h->owner + 1);
	q->context = h->ownercontext | (h->dated ? BLOCK_HINT_TIME : 0);
	q->links = (unsigned char)ld;
	q->prose = strcmp(q->name, "p") == 0 && h->bytes > 80 && ld < 25;
	q->points = 0;
	if ((h->ownerflags & EL_PROSE) && h->bytes >= PROSE_MIN)
		q->points = 1 + h->commas + (h->bytes >= 300 ? 3 :
		    (double)(h->bytes / 100));
	if (q->serial != HTML_NO_SERIAL) {
		h->cont[q->serial].bytes += h->bytes;
		h->cont[q->serial].linkbytes += h->linkbytes;
	}
	if (h->in_h1 && h->meta.h1.len == 0)
		buf_add(&h->meta.h1, h->para.data, h->para.len);
	buf_clear(&h->para);
	h->linkbytes = h->bytes = 0;
	h->commas = 0;
	h->dated = 0;
}

/* What collapse_into() makes of a byte. */
enum { BYTE_TEXT, BYTE_SPACE, BYTE_C2, BYTE_E };
static const unsigned char byte_class[256] = {
	['\t'] = BYTE_SPACE, ['\n'] = BYTE_SPACE, ['\f'] = BYTE_SPACE,
	['\r'] = BYTE_SPACE, [' '] = BYTE_SPACE, [0xc2] = BYTE_C2,
	[0xe1] = BYTE_E, [0xe2] = BYTE_E, [0xe3] = BYTE_E,
};

/*
 * The bytes of the white space above U+00A0 at s, or 0: the Unicode
 * space separators (U+1680, U+2000 to U+200A, U+202F, U+205F, U+3000)
 * and the line and paragraph separators (U+2028, U+2029), which
 * browsers show as space and which collapse as the ASCII ones do.
 */
static inline size_t
wide_space(const unsigned char *s, const unsigned char *end)
{
	if (end - s < 3)
		return 0;
	switch (s[0]) {
	case 0xe1:
		return s[1] == 0x9a && s[2] == 0x80 ? 3 : 0;
	case 0xe2:
		if (s[1] == 0x80)
			return s[2] <= 0x8a || s[2] == 0xa8 || s[2] == 0xa9 ||
			    s[2] == 0xaf ? 3 : 0;
		return s[1] == 0x81 && s[2] == 0x9f ? 3 : 0;
	case 0xe3:
		return s[1] == 0x80 && s[2] == 0x80 ? 3 : 0;
	default:
		return 0;
	}
}

/* Whether s[0..n) is white space alone, U+00A0 and the above included. */
static int
blank_only(const unsigned char *s, size_t n)
{
	const unsigned char *end = s + n;
	size_t k;

	while (s < end) {
		if (byte_class[*s] == BYTE_SPACE)
			s++;
		else if (*s == 0xc2 && end - s >= 2 && s[1] == 0xa0)
			s += 2;
		else if ((k = wide_space(s, end)) > 0)
			s += k;
		else
			return 0;
	}
	return 1;
}

/*
 * The white space pending before the next text (h->space): none; blanks
 * (space, tab, CR, FF); blanks with a line feed among them, a line end
 * of the page's source; or a space nothing takes away (a no-break or
 * wide space, a br, an img).
 */
enum { SPACE_NONE, SPACE_BLANK, SPACE_LINE, SPACE_HARD };

/* The space due before text at o, if any and o is not where b starts. */
static inline unsigned char *
space_put(unsigned char *o, const unsigned char *base, int *space,
    size_t *spaces, const unsigned char *s, const unsigned char *end)
{
	if (*space != SPACE_NONE && o > base && !(*space == SPACE_LINE &&
	    cjk_meet(base, (size_t)(o - base), s, (size_t)(end - s)))) {
		*o++ = ' ';
		(*spaces)++;
	}
	*space = SPACE_NONE;
	return o;
}

/*
 * Append text to b with white space (U+00A0 and wide_space()'s
 * included) collapsed, a line end between Chinese or Japanese
 * characters to nothing (cjk_meet()) unless lines are kept (in a pre,
 * whose line ends a browser shows); returns the
 * bytes of text (not spaces) added.  A C1 control (U+0080 to U+009F),
 * which is what a reference such as &#146; gives and what a page in
 * Latin-1 has for Windows-1252 punctuation, is read as the character
 * Windows-1252 has there, as browsers read both (utf8_c1_char()); the
 * five it leaves unassigned, which browsers show as nothing, are left
 * out (a word they stand in stays one word).  Each space written stands
 * for at least one byte of s, but the first, and a C1 control of two
 * bytes becomes at most three, so n + n / 2 + 1 bytes are room enough and
 * the bytes go straight into b (words eight bytes at a time, with eight
 * more bytes of room for the last store).
 */
static size_t
collapse_into(struct buf *b, int *space, const unsigned char *s, size_t n,
    int keeplines)
{
	const unsigned char *end = s + n;
	unsigned char *o, *base;
	size_t spaces = 0, from, k;
	uint64_t w, stop;
	int32_t c;

	buf_reserve(b, n + n / 2 + 1 + 8);
	base = (unsigned char *)b->data;
	o = base + b->len;
	from = b->len;
	while (s < end) {
		switch (byte_class[*s]) {
		case BYTE_SPACE:
			if (*s == '\n' && keeplines)
				*space = SPACE_HARD;
			else if (*s == '\n' && *space != SPACE_HARD)
				*space = SPACE_LINE;
			else if (*space == SPACE_NONE)
				*space = SPACE_BLANK;
			s++;
			continue;
		case BYTE_C2:
			if (s + 1 == end || (s[1] != 0xa0 && s[1] > 0x9f))
				break;
			if (s[1] == 0xa0) {
				*space = SPACE_HARD;
				s += 2;
				continue;
			}
			if ((c = utf8_c1_char(s[1])) == 0) {
				s += 2;
				continue;
			}
			o = space_put(o, base, space, &spaces, s, end);
			o += utf8_encode(c, (char *)o);
			s += 2;
			continue;
		case BYTE_E:
			if ((k = wide_space(s, end)) > 0) {
				*space = SPACE_HARD;
				s += k;
				continue;
			}
			break;
		}
		o = space_put(o, base, space, &spaces, s, end);
		*o++ = *s++;
		while (end - s >= 8) {
			memcpy(&w, s, 8);
			memcpy(o, &w, 8);
			/* Blanks, U+0080-U+00BF, leads of U+0800-U+3FFF. */
			stop = swar_bytes_below(w, ' ' + 1) |
			    swar_bytes_equal(w, 0xc2) |
			    swar_bytes_equal(w & 0xfcfcfcfcfcfcfcfcULL, 0xe0);
			k = stop == 0 ? 8 : (size_t)__builtin_ctzll(stop) / 8;
			o += k;
			s += k;
			if (k < 8)
				break;
		}
		while (s < end && end - s < 8 && byte_class[*s] == BYTE_TEXT)
			*o++ = *s++;
	}
	b->len = (size_t)(o - base);
	return b->len - from - spaces;
}

/*
 * Text, as libxml2 hands it out.  How it was cut into pieces does not
 * matter: white space between pieces is carried over in h->space (and
 * h->title_space), not implied by the cut.
 */
static void
text_event(struct html_parser *h, const unsigned char *ch, size_t len)
{
	const struct open_element *top;
	size_t i, n;

	top = h->depth > 0 ? &h->stack[h->depth - 1] : NULL;
	if (h->in_jsonld) {
		buf_add(&h->meta.jsonld, ch, len);
		return;
	}
	if (top != NULL && (top->flags & EL_RAW))
		return;		/* a script or style, even in a title */
	if (h->in_title) {
		collapse_into(&h->meta.title, &h->title_space, ch, len, 0);
		return;
	}
	if (top == NULL || top->skip)
		return;
	/*
	 * Only white space: a space between words, nothing more, and no
	 * text between two <br>s ("<br>&nbsp;<br>" ends a paragraph).
	 */
	if (blank_only(ch, len)) {
		(void)collapse_into(&h->para, &h->space, ch, len, h->pre > 0);
		return;
	}
	if (h->breaks >= 2)
		paragraph_flush(h);
	h->breaks = 0;
	if (h->para.len == 0) {
		size_t k = h->depth;

		/* The block it belongs to: the innermost one not inline. */
		while (k > 0 && (h->stack[k - 1].flags & EL_INLINE))
			k--;
		h->owner = k > 0 ? k - 1 : 0;
		h->ownername = k > 0 ? h->stack[k - 1].name : "html";
		h->ownercontext = k > 0 ? h->stack[k - 1].context : 0;
		h->ownerflags = k > 0 ? h->stack[k - 1].flags : 0;
		h->ownerserial = k > 0 ? h->stack[k - 1].serial : HTML_NO_SERIAL;
		h->in_h1 = k > 0 && (h->stack[k - 1].flags & EL_H1);
	}
	n = collapse_into(&h->para, &h->space, ch, len, h->pre > 0);
	h->bytes += n;
	for (i = 0; i < len; i++)
		h->commas += ch[i] == ',';
	if (h->links > 0)
		h->linkbytes += n;
	if (h->dates > 0)
		h->dated = 1;
}

/*
 * What htmllex.c is told of the open element, to decide where its
 * corrections apply: its name and flags, NULL and 0 with none open.
 */
static const char *
open_top(const struct html_parser *h, int *flags)
{
	if (h->depth == 0) {
		*flags = 0;
		return NULL;
	}
	*flags = h->stack[h->depth - 1].flags;
	return h->stack[h->depth - 1].name;
}

/* htmllex.c skips the bogus comments libxml2 is about to read, if due. */
static void
bogus_skip(struct html_parser *h, enum html_lex_at at)
{
	const char *name;
	int flags;

	name = open_top(h, &flags);
	html_lex_bogus(&h->lex, h->ctxt, name, flags, at);
}

/*
 * Text from libxml2, markers of htmlscan.c turned back into the runs.
 * A byte that starts no marker goes on with the text around it: a
 * character (U+FF9D, as U+FDD0, starts 0xEF) is not cut in two.
 */
static void
text_runs(struct html_parser *h, const xmlChar *ch, size_t len)
{
	const unsigned char *p = ch, *q = ch, *end = ch + len, *m;
	const char *run;
	size_t n;

	if (h->scan.nruns == 0) {
		text_event(h, ch, len);
		return;
	}
	while ((m = memchr(q, HTML_SCAN_MARK[0], (size_t)(end - q))) != NULL) {
		if (end - m < HTML_SCAN_MARK_LEN || memcmp(m, HTML_SCAN_MARK,
		    sizeof(HTML_SCAN_MARK) - 1) != 0 || (run = html_scan_run(
		    &h->scan, (const char *)m, &n)) == NULL) {
			q = m + 1;
			continue;
		}
		if (m > p)
			text_event(h, p, (size_t)(m - p));
		text_event(h, (const unsigned char *)run, n);
		p = q = m + HTML_SCAN_MARK_LEN;
	}
	if (p < end)
		text_event(h, p, (size_t)(end - p));
}

/* Text from libxml2, and the bogus comments it leaves for text. */
static void
on_characters(void *ctx, const xmlChar *ch, int len)
{
	struct html_parser *h = ctx;
	const char *name;
	int flags;

	if (len <= 0)
		return;
	h->lex.prolog = 0;
	name = open_top(h, &flags);
	if (html_lex_bang(&h->lex, h->ctxt, name, flags, ch))
		return;
	text_runs(h, ch, (size_t)len);
	bogus_skip(h, HTML_LEX_AT_LT);
}

/* The table's head element, known once the table is. */
static const struct html_element *head_element;

static void	element_end(struct html_parser *);
static void	element_close_early(struct html_parser *, const char *);

/*
 * Browsers cap the depth of the tree they build (512 in Blink): an
 * element that would go deeper is put beside the one that would hold it.
 * So is it here, by closing that one first, on libxml2's stack too.
 * libxml2 looks through its whole stack for each end tag that closes
 * nothing and for some it closes, so tag soup of unclosed blocks took
 * time quadratic in its length.
 */
#define DEPTH_MAX	512

static void
depth_cap(struct html_parser *h, const xmlChar *name)
{
	htmlParserCtxtPtr c = h->ctxt;

	/* Only while the two stacks agree (libxml2 has just pushed). */
	if (c == NULL || c->nameNr != (int)h->depth + 1 ||
	    c->nameTab[c->nameNr - 1] != name)
		return;
	element_end(h);
	c->nameTab[c->nameNr - 2] = name;
	c->nameNr--;
}

static void
element_start(struct html_parser *h, const xmlChar *xname,
    const xmlChar **atts)
{
	const char *name = (const char *)xname;
	const struct html_element *el;
	struct open_element *e, *up;
	const xmlChar **p;

	if (h->depth >= DEPTH_MAX)
		depth_cap(h, xname);
	el = html_element_find(name);
	/*
	 * Only what belongs in the head keeps it open, as in browsers:
	 * libxml2 nests what follows an element it does not know there
	 * inside it, so "<met</head><body>..." (a tag cut short, which
	 * takes the end tag in as an attribute) or "<head><foo><body>"
	 * would hide the whole page.
	 */
	if (h->head && (el == NULL || !(el->flags & EL_HEAD))) {
		h->head = 0;
		element_close_early(h, "head");
	}
	if (h->depth == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->stack = xreallocarray(h->stack, h->cap, sizeof(*h->stack));
	}
	up = h->depth > 0 ? &h->stack[h->depth - 1] : NULL;
	e = &h->stack[h->depth++];
	e->name = el != NULL ? el->name : html_element_name(name);
	/*
	 * A custom element (a name with a hyphen: <fin-streamer> in a
	 * sentence) is inline, as browsers show it unstyled; another
	 * unknown one starts a block.
	 */
	e->flags = el != NULL ? el->flags : strchr(name, '-') != NULL ?
	    EL_INLINE : 0;
	e->own_context = el != NULL ? el->context : 0;
	e->own_skip = (e->flags & EL_SKIP) != 0;
	e->closed = 0;
	html_element_attrs((const char *const *)atts, &e->own_context,
	    &e->own_skip, &e->flags);
	e->context = (up != NULL ? up->context : 0) | e->own_context;
	e->skip = (up != NULL && up->skip) || e->own_skip;
	if (e->flags & EL_FOREIGN)
		h->foreign++;
	if (e->flags & EL_PRE)
		h->pre++;
	e->serial = up != NULL ? up->serial : HTML_NO_SERIAL;
	if (!(e->flags & EL_INLINE) && h->ncont < HTML_NO_SERIAL) {
		struct html_container *c;

		if (h->ncont == h->contcap) {
			h->contcap = h->contcap ? h->contcap * 2 : 64;
			h->cont = xreallocarray(h->cont, h->contcap,
			    sizeof(*h->cont));
		}
		c = &h->cont[h->ncont];
		c->name = e->name;
		c->parent = e->serial;
		c->bytes = c->linkbytes = c->prose = 0;
		c->score = 0;
		c->context = e->own_context;
		e->serial = (uint32_t)h->ncont++;
	}
	if (el != NULL && el == head_element)
		h->head = 1;
	if (e->flags & EL_META) {
		html_meta_tag(&h->meta, (const char *const *)atts);
		return;
	}
	if (e->flags & EL_TITLE) {
		/* The page's, not one inside an SVG image. */
		h->in_title = h->meta.title.len == 0 && (up == NULL ||
		    !up->skip || strcmp(up->name, "head") == 0);
		h->title_space = 0;
		return;
	}
	if (e->flags & EL_SCRIPT) {
		if (!html_lex_foreign(e->name, e->flags, h->foreign))
			html_lex_script_start(&h->lex, h->ctxt);
		for (p = atts; p != NULL && p[0] != NULL; p += 2)
			if (strcmp((const char *)p[0], "type") == 0 &&
			    p[1] != NULL && strcasecmp((const char *)p[1],
			    "application/ld+json") == 0)
				h->in_jsonld = 1;
		buf_clear(&h->meta.jsonld);
		return;
	}
	if (e->skip)
		return;
	html_meta_itemprop(&h->meta, (const char *const *)atts);
	if (e->flags & EL_H1)
		h->meta.nh1++;
	if (e->flags & EL_LINK)
		h->links++;
	if (e->flags & EL_TIME)
		h->dates++;
	if (e->flags & EL_BREAK) {
		h->breaks++;
		h->space = SPACE_HARD;
	} else if (e->flags & EL_SPACE)
		h->space = SPACE_HARD;
	else if (!(e->flags & EL_INLINE))
		paragraph_flush(h);
}

/* The text of a raw text element (htmllex.c). */
static void
raw_text(void *ctx, const xmlChar *ch, size_t len)
{
	text_runs(ctx, ch, len);
}

static void
on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	struct html_parser *h = ctx;
	const struct html_raw *r;
	const htmlElemDesc *d;
	const char *open;
	int flags;

	h->lex.prolog = 0;
	element_start(h, name, atts);
	open = open_top(h, &flags);
	/* Raw text read to its end, libxml2 is on its end tag's '>'. */
	if ((r = html_raw_find((const char *)name,
	    strlen((const char *)name))) != NULL &&
	    !html_lex_foreign(open, flags, h->foreign) &&
	    html_lex_raw(&h->lex, h->ctxt, r, raw_text, h))
		element_end(h);
	/*
	 * A void element ends at once, on_end() corrects in its parent's
	 * place: after "<title><br>" there is still no markup.
	 */
	if (!html_lex_implied(h->ctxt, name, atts) &&
	    ((d = htmlTagLookup(name)) == NULL || !d->empty))
		bogus_skip(h, HTML_LEX_ON_GT);
}

static void
element_end(struct html_parser *h)
{
	struct open_element *e;

	if (h->depth == 0)
		return;
	e = &h->stack[--h->depth];
	if (h->closemiss_depth > h->depth)
		h->closemiss_depth = h->depth;
	if (e->flags & EL_FOREIGN)
		h->foreign--;
	if (e->flags & EL_PRE)
		h->pre--;
	if (e->name == head_element->name)
		h->head = 0;
	if (e->flags & EL_TITLE)
		h->in_title = 0;
	if (e->flags & EL_SCRIPT)
		html_lex_script_end(&h->lex, h->ctxt);
	if ((e->flags & EL_SCRIPT) && h->in_jsonld) {
		html_meta_jsonld(&h->meta);
		h->in_jsonld = 0;
		return;
	}
	if (e->skip)
		return;
	if ((e->flags & EL_LINK) && !e->closed && h->links > 0)
		h->links--;
	if ((e->flags & EL_TIME) && !e->closed && h->dates > 0)
		h->dates--;
	if (!(e->flags & EL_INLINE))
		paragraph_flush(h);
}

static void
on_end(void *ctx, const xmlChar *name)
{
	struct html_parser *h = ctx;

	(void)name;
	element_end(h);
	bogus_skip(h, HTML_LEX_AFTER_GT);
}

/*
 * An end tag the parser ignored: libxml2 will not close an element
 * over one that outranks it, so "<span hidden><div>...</span>" or
 * "<nav><div>...</nav>" keep it open to the end of the page,
 * and all that follows would be hidden with it.  A browser closes it;
 * so do we, for what it means here: the element no longer hides text,
 * marks context or makes links.  libxml2 still holds it open, so it
 * stays on the stack until its end comes.
 */
static void
element_close_early(struct html_parser *h, const char *name)
{
	struct open_element *e;
	size_t i, j, low = 0;

	/*
	 * A run of such end tags ("</span>" after thousands of "<div>")
	 * would look through the whole stack each; below the depth the
	 * last one for the same name looked through, nothing has changed
	 * unless the stack was popped.
	 */
	if (h->closemiss.len > 0 && strcmp(buf_cstr(&h->closemiss), name) == 0)
		low = h->closemiss_depth;
	for (i = h->depth; i > low; i--)
		if (!h->stack[i - 1].closed &&
		    strcmp(h->stack[i - 1].name, name) == 0)
			break;
	if (i == low) {
		buf_clear(&h->closemiss);
		buf_add(&h->closemiss, name, strlen(name));
		h->closemiss_depth = h->depth;
		return;
	}
	e = &h->stack[--i];
	if (!e->skip && (e->flags & EL_LINK) && h->links > 0)
		h->links--;
	if (!e->skip && (e->flags & EL_TIME) && h->dates > 0)
		h->dates--;
	if (!e->skip && !(e->flags & EL_INLINE))
		paragraph_flush(h);
	e->closed = 1;
	for (j = i; j < h->depth; j++) {
		const struct open_element *up = j > 0 ? &h->stack[j - 1] : NULL;

		e = &h->stack[j];
		e->context = (up != NULL ? up->context : 0) |
		    (e->closed ? 0 : e->own_context);
		e->skip = (up != NULL && up->skip) ||
		    (!e->closed && e->own_skip);
	}
}

static void
on_error(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/*
 * A quoted attribute value left open runs to the end of the page, in
 * libxml2 as in browsers: what follows its quote is no text.  When that
 * holds markup (a page cut short, a quote typed once), the page is
 * marked, for the reader to be told.
 */
static void
value_unclosed(struct html_parser *h, const char *message)
{
	const xmlChar *base, *end, *q;

	if (h->ctxt == NULL || h->ctxt->input == NULL ||
	    (base = h->ctxt->input->base) == NULL ||
	    (end = h->ctxt->input->end) == NULL || end <= base)
		return;
	q = memrchr(base, strchr(message, '"') != NULL ? '"' : '\'',
	    (size_t)(end - base));
	if (q != NULL && memchr(q, '<', (size_t)(end - q)) != NULL)
		h->page->unclosed_value = 1;
}

/*
 * An end tag that closes nothing, which libxml2 drops.  Two of them a
 * browser reads as elements, as HTML has it: "</br>" as a <br>, and a
 * "</p>" with no p open as an empty p, which ends the paragraph before
 * it.  Dropped, they joined the words on either side.
 */
static void
end_tag_stray(struct html_parser *h, const char *name)
{
	if (h->depth == 0 || h->stack[h->depth - 1].skip)
		return;
	if (strcmp(name, "br") == 0) {
		h->breaks++;
		h->space = SPACE_HARD;
	} else if (strcmp(name, "p") == 0)
		paragraph_flush(h);
}

/*
 * Errors are not reported (tag soup is the norm), but three are acted
 * on: an end tag the parser ignored (see element_close_early()), one
 * that closes nothing (end_tag_stray()), and a quoted attribute value
 * the page ends in (value_unclosed()).
 */
static void
on_structured_error(void *ctx, xmlErrorPtr e)
{
	static const char mismatch[] = "Opening and ending tag mismatch";
	static const char unexpected[] = "Unexpected end tag";

	if (ctx == NULL || e == NULL || e->domain != XML_FROM_HTML ||
	    e->message == NULL)
		return;
	if (e->code == XML_ERR_ATTRIBUTE_NOT_FINISHED) {
		value_unclosed(ctx, e->message);
		return;
	}
	/* A stray end tag or a doctype out of place: the content began. */
	if (e->code == XML_ERR_TAG_NAME_MISMATCH ||
	    e->code == XML_HTML_STRUCURE_ERROR)
		((struct html_parser *)ctx)->lex.prolog = 0;
	if (e->code != XML_ERR_TAG_NAME_MISMATCH || e->str1 == NULL)
		return;
	if (strncmp(e->message, mismatch, sizeof(mismatch) - 1) == 0)
		element_close_early(ctx, e->str1);
	else if (strncmp(e->message, unexpected, sizeof(unexpected) - 1) == 0)
		end_tag_stray(ctx, e->str1);
	else
		return;
	bogus_skip(ctx, HTML_LEX_AFTER_GT);
}

/* Markup that gives no text, after which a bogus comment may come. */
static void
on_document(void *ctx)
{
	bogus_skip(ctx, HTML_LEX_AT_LT);
}

static void
on_doctype(void *ctx, const xmlChar *name, const xmlChar *id,
    const xmlChar *uri)
{
	(void)name;
	(void)id;
	(void)uri;
	bogus_skip(ctx, HTML_LEX_AFTER_GT);
}

static void
on_comment(void *ctx, const xmlChar *text)
{
	(void)text;
	bogus_skip(ctx, HTML_LEX_AFTER_GT);
}

static void
on_instruction(void *ctx, const xmlChar *target, const xmlChar *data)
{
	(void)target;
	(void)data;
	bogus_skip(ctx, HTML_LEX_AFTER_GT);
}

/* Hand libxml2 the page as it is (on = 0), for fuzz-html to compare. */
void
html_parser_scan(struct html_parser *h, int on)
{
	h->noscan = !on;
}

struct html_parser *
html_parser_new(void)
{
	struct html_parser *h;
	static int ready;

	if (!ready) {
		xmlInitParser();
		html_element_init();
		head_element = html_element_find("head");
		xmlSetGenericErrorFunc(NULL, on_error);
		xmlSetStructuredErrorFunc(NULL, on_structured_error);
		html_lex_init();
		ready = 1;
	}
	h = xcalloc(1, sizeof(*h));
	h->cp.conv = charset_converter_new();
	return h;
}

void
html_parser_charset(struct html_parser *h, const char *label)
{
	h->cp.fallback = label;
}

void
html_parser_free(struct html_parser *h)
{
	if (h == NULL)
		return;
	charset_converter_free(h->cp.conv);
	buf_free(&h->cp.utf8);
	buf_free(&h->refs);
	buf_free(&h->closemiss);
	buf_free(&h->para);
	html_meta_free(&h->meta);
	free(h->cont);
	free(h->pend);
	html_scan_free(&h->scan);
	free(h->stack);
	free(h);
}

void
html_page_free(struct html_page *pg)
{
	buf_free(&pg->text);
	buf_free(&pg->hints);
	buf_free(&pg->title);
	buf_free(&pg->published);
	free(pg->blocks);
	memset(pg, 0, sizeof(*pg));
}

int
html_parse(struct html_parser *h, const char *p, size_t n,
    const char *content_type, int is_text, struct html_page *pg)
{
	htmlSAXHandler sax;
	htmlParserCtxtPtr ctxt;
	xmlSAXHandlerPtr old;
	const char *text;
	size_t len;

	buf_clear(&pg->text);
	buf_clear(&pg->hints);
	buf_clear(&pg->title);
	buf_clear(&pg->published);
	pg->nblocks = 0;
	pg->unclosed_value = 0;
	charset_page_utf8(&h->cp, p, n, content_type, is_text, pg, &text,
	    &len);
	/* References libxml2 would read otherwise than browsers: htmlref.c. */
	if (html_refs_rewrite(&h->refs, text, len, &pg->nonchars)) {
		text = h->refs.data;
		len = h->refs.len;
	}
	if (len > INT_MAX)
		return -1;
	h->scan.nruns = 0;
	if (!h->noscan) {
		html_scan(&h->scan, text, len);
		text = h->scan.out.data;
		len = h->scan.out.len;
	}

	h->page = pg;
	h->depth = 0;
	buf_clear(&h->closemiss);
	h->closemiss_depth = 0;
	h->head = h->links = h->dates = 0;
	h->foreign = h->pre = 0;
	h->dated = 0;
	h->space = h->breaks = 0;
	h->in_title = h->in_jsonld = h->in_h1 = 0;
	html_lex_reset(&h->lex);
	h->linkbytes = h->bytes = 0;
	h->commas = 0;
	h->ncont = 0;
	buf_clear(&h->para);
	html_meta_reset(&h->meta, pg);

	memset(&sax, 0, sizeof(sax));
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_characters;
	sax.ignorableWhitespace = on_characters;
	sax.cdataBlock = on_characters;
	sax.startDocument = on_document;
	sax.internalSubset = on_doctype;
	sax.comment = on_comment;
	sax.processingInstruction = on_instruction;
	sax.error = on_error;
	sax.warning = on_error;
	sax.serror = on_structured_error;
	sax.initialized = 1;

	if ((ctxt = htmlCreateMemoryParserCtxt(len > 0 ? text : " ",
	    len > 0 ? (int)len : 1)) ==
	    NULL)
		return -1;
	old = (xmlSAXHandlerPtr)ctxt->sax;
	ctxt->sax = (htmlSAXHandlerPtr)&sax;
	ctxt->userData = h;
	h->ctxt = ctxt;
	htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC |
	    XML_PARSE_HUGE);
	xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
	xmlSetStructuredErrorFunc(h, on_structured_error);
	(void)htmlParseDocument(ctxt);
	h->ctxt = NULL;
	xmlSetStructuredErrorFunc(NULL, on_structured_error);
	paragraph_flush(h);
	/* while the names they point to live */
	html_hints_write(h->cont, h->ncont, h->pend, &h->meta.body,
	    &h->meta.description, pg);
	ctxt->sax = (htmlSAXHandlerPtr)old;
	if (ctxt->myDoc != NULL)
		xmlFreeDoc(ctxt->myDoc);
	htmlFreeParserCtxt(ctxt);

	html_meta_finish(&h->meta);
	return 0;
}
