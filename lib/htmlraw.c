/*
 * newswire: the elements a browser reads as raw text (title, textarea,
 * xmp, plaintext, iframe, noembed, noframes, noscript), and where it
 * ends one: only at its own end tag, whatever markup comes before.
 *
 * html.c reads their text so, through htmllex.c, where libxml2 would
 * read markup; htmlref.c and htmlscan.c step over their bodies as a
 * browser does.  A script's end, which the WHATWG tokenizer finds by
 * states of its own, is html_script_end() in htmlscan.c; the test of
 * where a tag name ends is shared with it.
 */
#include <string.h>
#include <strings.h>

#include "nw-private.h"

/* Does a tag name end at c, to the WHATWG tokenizer? */
int
html_is_name_end(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' ||
	    c == '/' || c == '>';
}

/*
 * The elements a browser reads as raw text, but script and style:
 * libxml2 reads their body as raw text itself (script_cut() in
 * htmlscan.c and html.c see to where a script ends).  iframe, noembed,
 * noframes and noscript are raw text to a browser that has frames,
 * plugins and scripts, and show nothing; textarea is a form's, which
 * html.c leaves out.  A plaintext has no end: all of the page after its
 * start tag is its text, as it is, markup and references and all.
 */
static const struct html_raw raw_elements[] = {
	{ "iframe", 6, 0x01, HTML_RAW_HIDDEN, 0 },
	{ "noembed", 7, 0x02, HTML_RAW_HIDDEN, 0 },
	{ "noframes", 8, 0x04, HTML_RAW_HIDDEN, 0 },
	{ "noscript", 8, 0x08, HTML_RAW_HIDDEN, 0 },
	{ "plaintext", 9, 0x80, HTML_RAW_AS_IS, 1 },
	{ "textarea", 8, 0x10, HTML_RAW_HIDDEN, 0 },
	{ "title", 5, 0x20, HTML_RAW_REFS, 0 },
	{ "xmp", 3, 0x40, HTML_RAW_AS_IS, 0 },
};

const struct html_raw *
html_raw_find(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(raw_elements) / sizeof(raw_elements[0]); i++)
		if (raw_elements[i].len == n &&
		    strncasecmp(raw_elements[i].name, name, n) == 0)
			return &raw_elements[i];
	return NULL;
}

/*
 * A browser ends the body only at "</" and the element's name, in any
 * case, followed by a blank, '/' or '>'; nothing before is markup.  A
 * plaintext's it never ends.
 */
const char *
html_raw_end(const struct html_raw *r, const char *body, const char *stop)
{
	const unsigned char *p = (const unsigned char *)body;
	const unsigned char *end = (const unsigned char *)stop;

	if (r->noend)
		return stop;
	for (; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++)
		if ((size_t)(end - p) > r->len + 2 && p[1] == '/' &&
		    strncasecmp((const char *)p + 2, r->name, r->len) == 0 &&
		    html_is_name_end(p[2 + r->len]))
			return (const char *)p;
	return NULL;
}
