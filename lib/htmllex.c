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
 *     give the text after its inner "</script>".
 *
 * A construct a browser never ends (a bogus comment with no '>' after
 * it, a script with no end) would hide the rest of the page: that is
 * read as libxml2 reads it, and no end is looked for again, since each
 * look would run to the end of the page.  libxml2 may only be moved on:
 * to what it would read after the construct.
 */
#include <limits.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "nw-private.h"
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
	lx->prolog = 1;
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
 * Text ch from libxml2: if it is its own '<' of a bogus "<!", the
 * comment is skipped and 1 returned.  libxml2 is at that '<' and steps
 * over one character after: it is put on the '>'.
 */
int
html_lex_bang(struct html_lex *lx, htmlParserCtxtPtr c, const xmlChar *ch)
{
	xmlParserInputPtr in;
	const xmlChar *gt;

	if (ch != lone_less_than || c == NULL || (in = c->input) == NULL ||
	    in->cur == NULL || in->end - in->cur < 2 || in->cur[0] != '<' ||
	    in->cur[1] != '!' || (gt = gt_find(lx, in->cur + 2,
	    in->end)) == NULL)
		return 0;
	in->cur = gt;
	return 1;
}

/*
 * The bogus comments "<?...>", "</...>", "</>" and the empty comments
 * "<!-->" and "<!--->" libxml2 is about to read, one after another, are
 * skipped.  Before the content (lx->prolog) the blanks between them go
 * too: there libxml2 skips blanks itself, and would then read a "</>"
 * after them as text.
 */
void
html_lex_bogus(struct html_lex *lx, htmlParserCtxtPtr c, enum html_lex_at at)
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
