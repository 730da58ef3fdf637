/*
 * newswire: where libxml2's HTML parser (2.9) reads a page's markup
 * otherwise than a browser, libxml2 is put where the browser's tokenizer
 * would be, from html.c's SAX callbacks.  Three constructs:
 *
 *   - a bogus comment: "<!" that starts neither a comment nor a doctype
 *     ("<![if !IE]>", "<![endif]>", "<![CDATA[x]]>", "<!x>"), "<?" (PHP
 *     left in a page: "<? echo $x; ?>", "<?=$x?>") and "</" before what
 *     is no letter ("</ x>", "</3>") are to a browser a comment up to
 *     the next '>', and "</>" is nothing.  libxml2 hands out the '<' of
 *     "<!" as text, and drops the "<?" or "</" of the others and reads
 *     what follows as text.  "<!-->" and "<!--->" are empty comments
 *     to a browser; libxml2 reads on to the next "-->";
 *   - a script ends where a browser ends it (html_script_end(), the
 *     WHATWG script data states), not always at its first "</script":
 *     "<!--document.write('<script></script>');-->" in a script would
 *     give the text after its inner "</script>";
 *   - title, textarea, xmp, iframe, noembed, noframes and noscript are
 *     raw text to a browser (html_raw_find()), ended only by their own
 *     end tag, where libxml2 reads markup: a "<!--" in a title would
 *     hide the page up to the next "-->", and "<title/>" libxml2 ends
 *     at once.  Their text is read here up to the browser's end
 *     (html_lex_raw()) and libxml2 never sees it.  Nor does it see
 *     the text of a plaintext, which no end tag ends: the rest of the
 *     page.
 *
 * A construct a browser never ends (a bogus comment with no '>' after
 * it, a script with no end) would hide the rest of the page: that is
 * read as libxml2 reads it, and no end is looked for again, since each
 * look would run to the end of the page.  libxml2 may only be moved on:
 * to what it would read after the construct (and a raw text element,
 * ended there, taken off its stack).
 *
 * Where each correction applies is decided here too, from what html.c
 * tells of the element open (its name and flags, not its stack): bogus
 * comments only where it holds markup (in_markup()), and not after the
 * '>' of a tag that made libxml2 imply an html, head or body element,
 * since what follows is that tag's (html_lex_implied()); scripts and
 * raw text only outside SVG, MathML and noscript (html_lex_foreign()).
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "nw-private.h"
#include "htmlelem.h"
#include "htmllex.h"

#define SCRIPT_END_NONE	ULONG_MAX

/*
 * libxml2 hands out the '<' of a bogus "<!" as a string of its own,
 * which a '<' from "&lt;" or "&#60;" is not: a page parsed once tells
 * which.
 */
static const xmlChar *lone_less_than;

static void
on_probe_characters(void *ctx, const xmlChar *ch, int len)
{
	(void)ctx;
	if (len == 1 && ch[0] == '<')
		lone_less_than = ch;
}

void
html_lex_init(void)
{
	static const char page[] = "<p><!x>";
	htmlSAXHandler sax;
	htmlParserCtxtPtr ctxt;
	xmlSAXHandlerPtr old;

	memset(&sax, 0, sizeof(sax));
	sax.characters = on_probe_characters;
	sax.initialized = 1;
	if ((ctxt = htmlCreateMemoryParserCtxt(page, sizeof(page) - 1)) == NULL)
		return;
	old = (xmlSAXHandlerPtr)ctxt->sax;
	ctxt->sax = (htmlSAXHandlerPtr)&sax;
	htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	(void)htmlParseDocument(ctxt);
	ctxt->sax = (htmlSAXHandlerPtr)old;
	if (ctxt->myDoc != NULL)
		xmlFreeDoc(ctxt->myDoc);
	htmlFreeParserCtxt(ctxt);
}

void
html_lex_reset(struct html_lex *lx)
{
	lx->nogt = 0;
	lx->script_end = SCRIPT_END_NONE;
	lx->script_endless = 0;
	lx->raw_endless = 0;
	lx->prolog = 1;
}

/*
 * Whether what the open element (name, flags: NULL, 0 with none open)
 * holds is markup to a browser, where the corrections of bogus
 * comments apply: not script or style, nor text a browser reads raw
 * (RCDATA or RAWTEXT), which libxml2 reads as markup.
 */
static int
in_markup(const char *name, int flags)
{
	return name == NULL || !(flags & (EL_RAW | EL_RCDATA));
}

/*
 * Whether the script or raw text element just opened (name, flags)
 * sits where a browser does not read it as script data or raw text: in
 * SVG or MathML (foreign content, where it is markup and its end tag
 * ends a script) or in a <noscript>, whose content a browser with
 * scripts on reads as raw text.  foreign counts the EL_FOREIGN
 * elements open, it among them.
 */
int
html_lex_foreign(const char *name, int flags, size_t foreign)
{
	return name != NULL && foreign > ((flags & EL_FOREIGN) != 0);
}

/* The first '>' from p on, NULL (and none looked for again) if none. */
static const xmlChar *
gt_find(struct html_lex *lx, const xmlChar *p, const xmlChar *end)
{
	const xmlChar *gt;

	if (lx->nogt || p >= end)
		return NULL;
	if ((gt = memchr(p, '>', (size_t)(end - p))) == NULL)
		lx->nogt = 1;
	return gt;
}

/*
 * The bogus comments "<?...>", "</...>", "</>" and the empty comments
 * "<!-->" and "<!--->" libxml2 is about to read, one after another, are
 * skipped.  Before the content (lx->prolog) the blanks between them go
 * too: there libxml2 skips blanks itself, and would then read a "</>"
 * after them as text.
 */
static void
bogus_skip(struct html_lex *lx, htmlParserCtxtPtr c, enum html_lex_at at)
{
	xmlParserInputPtr in;
	const xmlChar *p, *q, *end, *gt;

	if (c == NULL || (in = c->input) == NULL || (p = in->cur) == NULL ||
	    (end = in->end) == NULL || p >= end)
		return;
	if (at == HTML_LEX_ON_GT && *p++ != '>')
		return;
	if (at == HTML_LEX_AFTER_GT && (p == in->base || p[-1] != '>'))
		return;
	for (q = p;; q = gt + 1) {
		while (lx->prolog && q < end && html_is_blank(*q))
			q++;
		if (end - q < 3 || q[0] != '<')
			break;
		if (q[1] == '/' && q[2] == '>')
			gt = q + 2;
		else if (end - q >= 5 && memcmp(q, "<!-->", 5) == 0)
			gt = q + 4;
		else if (end - q >= 6 && memcmp(q, "<!--->", 6) == 0)
			gt = q + 5;
		else if ((q[1] == '?' || (q[1] == '/' &&
		    !html_is_letter(q[2]))) && (gt = gt_find(lx, q + 2,
		    end)) != NULL)
			;
		else
			break;
	}
	if (q == p)
		return;
	in->cur = at == HTML_LEX_ON_GT ? q - 1 : q;
}

/*
 * Skips the bogus comments libxml2 is about to read (bogus_skip()), where
 * the open element (name, flags) holds markup.
 */
void
html_lex_bogus(struct html_lex *lx, htmlParserCtxtPtr c, const char *name,
    int flags, enum html_lex_at at)
{
	if (in_markup(name, flags))
		bogus_skip(lx, c, at);
}

/*
 * Text ch from libxml2, in the open element (name, flags): if it is
 * its own '<' of a bogus "<!" where that holds markup, the comment and
 * the bogus ones after it are skipped and 1 returned.  libxml2 is at
 * that '<' and steps over one character after: it is put on the '>'.
 */
int
html_lex_bang(struct html_lex *lx, htmlParserCtxtPtr c, const char *name,
    int flags, const xmlChar *ch)
{
	xmlParserInputPtr in;
	const xmlChar *gt;

	if (!in_markup(name, flags) || ch != lone_less_than || c == NULL ||
	    (in = c->input) == NULL || in->cur == NULL ||
	    in->end - in->cur < 2 || in->cur[0] != '<' || in->cur[1] != '!' ||
	    (gt = gt_find(lx, in->cur + 2, in->end)) == NULL)
		return 0;
	in->cur = gt;
	bogus_skip(lx, c, HTML_LEX_ON_GT);
	return 1;
}

/*
 * Does an element libxml2 implies (html, head, body) start while it is
 * on the '>' of another tag, the one that implied it?  What follows that
 * '>' is the other element's: in "<xmp><!-->", a browser's text.  libxml2
 * implies them with no attributes, right after the other tag's name, so
 * it is on a '>' only when that name is right before it ("<html V=<e>"
 * is no such case: its own attribute ends in a name after a '<').
 */
int
html_lex_implied(htmlParserCtxtPtr c, const xmlChar *name,
    const xmlChar **atts)
{
	static const char *const implied[] = { "html", "head", "body" };
	const xmlChar *base, *p, *e;
	size_t i;

	if (atts != NULL || c == NULL || c->input == NULL ||
	    (base = c->input->base) == NULL ||
	    (e = c->input->cur) == NULL || e <= base || *e != '>')
		return 0;
	for (i = 0; i < sizeof(implied) / sizeof(implied[0]); i++)
		if (strcmp((const char *)name, implied[i]) == 0)
			break;
	if (i == sizeof(implied) / sizeof(implied[0]))
		return 0;
	for (p = e; p > base && html_is_name(p[-1]); p--)
		;
	return p > base && p[-1] == '<' && p < e &&
	    ((size_t)(e - p) != strlen((const char *)name) ||
	    strncasecmp((const char *)p, (const char *)name,
	    (size_t)(e - p)) != 0);
}


/*
 * A script has just opened (libxml2 is on its start tag's '>'): where a
 * browser ends it, counted as libxml2 counts what it has read (its
 * buffer may shift).
 */
void
html_lex_script_start(struct html_lex *lx, htmlParserCtxtPtr c)
{
	xmlParserInputPtr in;
	const char *w;

	lx->script_end = SCRIPT_END_NONE;
	if (lx->script_endless || c == NULL || (in = c->input) == NULL ||
	    in->cur == NULL || in->cur >= in->end || *in->cur != '>')
		return;
	if ((w = html_script_end((const char *)in->cur + 1,
	    (const char *)in->end)) == NULL)
		lx->script_endless = 1;
	else
		lx->script_end = in->consumed +
		    (unsigned long)(w - (const char *)in->base);
}

/*
 * The script has ended, to libxml2: where the browser's end comes after
 * its end tag, libxml2 goes on from there; what lies between is the
 * script's.
 */
void
html_lex_script_end(struct html_lex *lx, htmlParserCtxtPtr c)
{
	xmlParserInputPtr in;
	unsigned long at;

	if (lx->script_end == SCRIPT_END_NONE || c == NULL ||
	    (in = c->input) == NULL || in->cur == NULL)
		return;
	at = in->consumed + (unsigned long)(in->cur - in->base);
	if (at < lx->script_end && lx->script_end - in->consumed <=
	    (unsigned long)(in->end - in->base))
		in->cur = in->base + (lx->script_end - in->consumed);
	lx->script_end = SCRIPT_END_NONE;
}

/* Is c a character libxml2 hands out in text (XML's Char)? */
static int
is_xml_char(uint32_t c)
{
	return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 &&
	    c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 &&
	    c <= 0x10ffff);
}

/*
 * The reference at p ('&'), read as libxml2 reads one in text
 * (htmlParseReference): its length, with what it stands for in out (*n
 * bytes, none for a number that is no character); 0 when libxml2 hands
 * it out as it is, a name it does not know or without its ';'.  After
 * htmlref.c these are the references a browser reads, as it reads them.
 */
static size_t
ref_read(const xmlChar *p, const xmlChar *end, char *out, size_t *n)
{
	const htmlEntityDesc *ent;
	const xmlChar *q = p + 1;
	char name[16];
	uint32_t c = 0, d;
	size_t k;
	int hex;

	*n = 0;
	if (q < end && *q == '#') {
		hex = ++q < end && (*q | 0x20) == 'x';
		for (q += hex; q < end && *q != ';'; q++) {
			if ((unsigned)(*q - '0') < 10)
				d = (uint32_t)(*q - '0');
			else if (hex && (unsigned)((*q | 0x20) - 'a') < 6)
				d = (uint32_t)((*q | 0x20) - 'a' + 10);
			else
				break;
			if (c < 0x110000)
				c = c * (hex ? 16 : 10) + d;
		}
		if (q < end && *q == ';')
			q++;
		if (is_xml_char(c))
			*n = utf8_encode((int32_t)c, out);
		return (size_t)(q - p);
	}
	if (q == end || !(html_is_letter(*q) || *q == '_' || *q == ':'))
		return 0;
	for (k = 1; q + k < end && html_is_name(q[k]); k++)
		;
	if (q + k == end || q[k] != ';' || k >= sizeof(name))
		return 0;
	memcpy(name, q, k);
	name[k] = '\0';
	if ((ent = htmlEntityLookup((const xmlChar *)name)) == NULL ||
	    ent->value == 0)
		return 0;
	*n = utf8_encode((int32_t)ent->value, out);
	return k + 2;
}

/*
 * The text [p, end) of a raw text element handed to fn as libxml2 would
 * hand it out, references read (refs) or not: without the characters it
 * leaves out of text (controls, U+FFFE, U+FFFF).
 */
static void
raw_text(const xmlChar *p, const xmlChar *end, int refs,
    html_lex_text_fn *fn, void *arg)
{
	const xmlChar *from = p;
	char out[8];
	size_t skip, n;

	while (p < end) {
		n = 0;
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			skip = 1;
		else if (*p == 0xef && end - p >= 3 && p[1] == 0xbf &&
		    (p[2] == 0xbe || p[2] == 0xbf))
			skip = 3;
		else if (*p != '&' || !refs ||
		    (skip = ref_read(p, end, out, &n)) == 0) {
			p++;
			continue;
		}
		if (p > from)
			fn(arg, from, (size_t)(p - from));
		if (n > 0)
			fn(arg, (const xmlChar *)out, n);
		from = p += skip;
	}
	if (p > from)
		fn(arg, from, (size_t)(p - from));
}

/*
 * An element a browser reads as raw text, r, has just opened (libxml2
 * is on its start tag's '>', or on the '/' of "/>"): its text up to the
 * browser's end tag goes to fn, if shown, and it ends there.  It is
 * taken off libxml2's stack, and libxml2 is put on the end tag's '>'
 * (the first, as it reads an end tag), which it steps over as it would
 * have over the start tag's.  Returns 1 then, 0 for one with no end.
 *
 * "<iframe/>" or "<title/>" is such an element opened: a browser
 * ignores the slash on an element that is not void, and reads on as
 * raw text.  libxml2 ends the element there, and looks at the '/' only
 * after this, so that, put on the end tag's '>', it steps over it as
 * after "<iframe>".
 *
 * One with no end a browser runs to the end of the page, all of which
 * it then hides (an iframe) or shows as text, markup and all (an xmp):
 * it is read as libxml2 reads it instead, and no end is looked for
 * again.  libxml2 holds "<iframe>" open to the end too, but ends
 * "<iframe/>" at once: a stray one hides none of the page's text after
 * it, where a browser would hide it all.
 *
 * A plaintext no end tag ends: the rest of the page is its text, which
 * a browser shows, and libxml2 is put at the end of the page.  It finds
 * no '>' there and ends the start tag, taking the element off its stack
 * if it is still on top: not when the element under it has its name.
 */
int
html_lex_raw(struct html_lex *lx, htmlParserCtxtPtr c,
    const struct html_raw *r, html_lex_text_fn *fn, void *arg)
{
	xmlParserInputPtr in;
	const xmlChar *body, *e, *gt = NULL;

	if ((lx->raw_endless & r->bit) || c == NULL ||
	    (in = c->input) == NULL || in->cur == NULL || in->cur >= in->end ||
	    c->nameNr < 1 || c->name == NULL ||
	    strcasecmp((const char *)c->name, r->name) != 0)
		return 0;
	if (*in->cur == '>')
		body = in->cur + 1;
	else if (*in->cur == '/' && in->end - in->cur >= 2 &&
	    in->cur[1] == '>')
		body = in->cur + 2;
	else
		return 0;
	if (r->noend) {
		if (c->nameNr >= 2 && xmlStrEqual(c->nameTab[c->nameNr - 2],
		    c->name))
			return 0;
		e = gt = in->end;
	} else if ((e = (const xmlChar *)html_raw_end(r, (const char *)body,
	    (const char *)in->end)) != NULL)
		gt = memchr(e + 2 + r->len, '>',
		    (size_t)(in->end - e - 2 - r->len));
	if (gt == NULL) {
		lx->raw_endless |= r->bit;
		return 0;
	}
	if (r->text != HTML_RAW_HIDDEN)
		raw_text(body, e, r->text == HTML_RAW_REFS, fn, arg);
	c->nameTab[--c->nameNr] = NULL;
	c->name = c->nameNr > 0 ? c->nameTab[c->nameNr - 1] : NULL;
	in->cur = gt;
	return 1;
}
