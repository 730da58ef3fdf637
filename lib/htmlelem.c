/*
 * newswire: what html.c knows of HTML's elements and attributes.
 *
 * Each element is treated by a flag or two (inline or block, giving no
 * text, a link, a date ...) and may mark the context of what it holds
 * (nav, footer, aside ...: the letters of a block hint, newswire(7)).
 * Its class, id and role attributes mark context too, by words found
 * anywhere in their values ("site-nav", "mainMenu"); hidden,
 * aria-hidden="true" and an inline style of display:none hide it.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "nw-private.h"
#include "htmlelem.h"

/*
 * Context bits: BLOCK_HINT_* (nw-private.h), the letters of a hint,
 * inherited.  Where a block lies against the page's main container
 * (IN_MAIN, OUT_MAIN) is decided once the page is read (htmlhints.c).
 */
enum {
	CTX_NAV = BLOCK_HINT_NAV, CTX_HEADER = BLOCK_HINT_HEADER,
	CTX_FOOTER = BLOCK_HINT_FOOTER, CTX_ASIDE = BLOCK_HINT_ASIDE,
	CTX_MAIN = BLOCK_HINT_ARTICLE,
	CTX_CLASS_MENU = BLOCK_HINT_MENU, CTX_CLASS_NAV = BLOCK_HINT_CLASS_NAV,
	CTX_CLASS_FOOTER = BLOCK_HINT_CLASS_FOOTER,
	CTX_CLASS_SHARE = BLOCK_HINT_SHARE,
	CTX_CLASS_RELATED = BLOCK_HINT_RELATED,
	CTX_CLASS_COMMENT = BLOCK_HINT_COMMENT,
	CTX_CLASS_COOKIE = BLOCK_HINT_COOKIE,
	CTX_CLASS_SIDEBAR = BLOCK_HINT_SIDEBAR,
	CTX_CLASS_BYLINE = BLOCK_HINT_BYLINE,
	CTX_CLASS_CAPTION = BLOCK_HINT_CAPTION, CTX_CLASS_AD = BLOCK_HINT_AD,
	CTX_CLASS_SUBSCRIBE = BLOCK_HINT_SUBSCRIBE,
	CTX_CLASS_TAGS = BLOCK_HINT_TAGS, CTX_FORM = BLOCK_HINT_FORM,
	CTX_CLASS_DATE = BLOCK_HINT_DATELINE
};
/* A class or id word that says article text (htmlhints.c). */
#define CTX_CLASS_CONTENT	HTML_CLASS_CONTENT

static const struct html_element elements[] = {	/* sorted by name, for bsearch */
	{ "a", EL_INLINE | EL_LINK, 0 },
	{ "abbr", EL_INLINE, 0 },
	{ "acronym", EL_INLINE, 0 },
	{ "applet", EL_SKIP, 0 },
	{ "article", 0, CTX_MAIN },
	{ "aside", 0, CTX_ASIDE },
	{ "audio", EL_SKIP, 0 },
	{ "b", EL_INLINE, 0 },
	{ "base", EL_HEAD, 0 },
	{ "basefont", EL_HEAD, 0 },
	{ "bdi", EL_INLINE, 0 },
	{ "bdo", EL_INLINE, 0 },
	{ "bgsound", EL_HEAD, 0 },
	{ "big", EL_INLINE, 0 },
	{ "blockquote", EL_PROSE, 0 },
	{ "br", EL_INLINE | EL_BREAK, 0 },
	{ "button", EL_INLINE, 0 },
	{ "canvas", EL_SKIP, 0 },
	{ "cite", EL_INLINE, 0 },
	{ "code", EL_INLINE, 0 },
	{ "data", EL_INLINE, 0 },
	{ "del", EL_INLINE, 0 },
	{ "dfn", EL_INLINE, 0 },
	{ "div", EL_PROSE, 0 },
	{ "em", EL_INLINE, 0 },
	{ "embed", EL_SKIP, 0 },
	{ "font", EL_INLINE, 0 },
	{ "footer", 0, CTX_FOOTER },
	{ "form", 0, CTX_FORM },
	{ "h1", EL_H1, 0 },
	{ "h2", EL_PROSE, 0 },
	{ "h3", EL_PROSE, 0 },
	{ "h4", EL_PROSE, 0 },
	{ "h5", EL_PROSE, 0 },
	{ "h6", EL_PROSE, 0 },
	{ "head", EL_SKIP | EL_HEAD, 0 },
	{ "header", 0, CTX_HEADER },
	{ "i", EL_INLINE, 0 },
	{ "iframe", EL_SKIP | EL_RCDATA, 0 },
	{ "img", EL_INLINE | EL_SPACE, 0 },
	{ "input", EL_INLINE | EL_SPACE, 0 },
	{ "ins", EL_INLINE, 0 },
	{ "kbd", EL_INLINE, 0 },
	{ "label", EL_INLINE, 0 },
	{ "link", EL_HEAD, 0 },
	{ "listing", EL_PRE, 0 },
	{ "main", 0, CTX_MAIN },
	{ "map", EL_INLINE, 0 },
	{ "mark", EL_INLINE, 0 },
	{ "math", EL_SKIP | EL_FOREIGN, 0 },
	{ "meta", EL_META | EL_HEAD, 0 },
	{ "meter", EL_INLINE, 0 },
	{ "nav", 0, CTX_NAV },
	{ "nobr", EL_INLINE, 0 },
	{ "noembed", EL_RCDATA, 0 },
	{ "noframes", EL_HEAD | EL_RCDATA, 0 },
	{ "noscript", EL_SKIP | EL_HEAD | EL_FOREIGN, 0 },
	{ "object", EL_SKIP, 0 },
	{ "output", EL_INLINE, 0 },
	{ "p", EL_PROSE, 0 },
	{ "picture", EL_INLINE, 0 },
	{ "plaintext", EL_PRE | EL_RCDATA, 0 },
	{ "pre", EL_PROSE | EL_PRE, 0 },
	{ "progress", EL_INLINE, 0 },
	{ "q", EL_INLINE, 0 },
	{ "rp", EL_INLINE | EL_SKIP, 0 },
	{ "rt", EL_INLINE | EL_SKIP, 0 },
	{ "ruby", EL_INLINE, 0 },
	{ "s", EL_INLINE, 0 },
	{ "samp", EL_INLINE, 0 },
	{ "script", EL_SKIP | EL_SCRIPT | EL_RAW | EL_HEAD, 0 },
	{ "section", EL_PROSE, 0 },
	{ "select", EL_SKIP, 0 },
	{ "slot", EL_INLINE, 0 },
	{ "small", EL_INLINE, 0 },
	{ "source", EL_INLINE, 0 },
	{ "span", EL_INLINE, 0 },
	{ "strike", EL_INLINE, 0 },
	{ "strong", EL_INLINE, 0 },
	{ "style", EL_SKIP | EL_RAW | EL_HEAD, 0 },
	{ "sub", EL_INLINE, 0 },
	{ "sup", EL_INLINE, 0 },
	{ "svg", EL_SKIP | EL_FOREIGN, 0 },
	{ "td", EL_PROSE, 0 },
	{ "template", EL_SKIP | EL_HEAD, 0 },
	{ "textarea", EL_SKIP | EL_RCDATA, 0 },
	{ "time", EL_INLINE | EL_TIME, 0 },
	{ "title", EL_SKIP | EL_TITLE | EL_HEAD | EL_RCDATA, 0 },
	{ "tt", EL_INLINE, 0 },
	{ "u", EL_INLINE, 0 },
	{ "var", EL_INLINE, 0 },
	{ "video", EL_SKIP, 0 },
	{ "wbr", EL_INLINE, 0 },
	{ "xmp", EL_PRE | EL_RCDATA, 0 },
};

/*
 * The name a hint shows for an element not in the table: its own when
 * it fits the hint's syntax (names come lower-cased from the parser and
 * live as long as it does), else "div".
 */
const char *
html_element_name(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 32 || name[0] < 'a' || name[0] > 'z' ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") != n)
		return "div";
	return name;
}

/*
 * Where the names starting with each letter begin in a table sorted by
 * name (its entries of size bytes, each starting with its name), and
 * where they end (the next letter's start): a look-up compares a name
 * with a few of the same first letter, not with half the table.
 */
static unsigned char letter_start[27];

static void
letter_index(unsigned char start[27], const void *table, size_t n,
    size_t size)
{
	const char *const *name;
	size_t i;
	int c;

	for (c = 0, i = 0; c < 27; c++) {
		for (; i < n; i++) {
			name = (const char *const *)(const void *)
			    ((const char *)table + i * size);
			if ((*name)[0] - 'a' >= c)
				break;
		}
		start[c] = (unsigned char)i;
	}
}

const struct html_element *
html_element_find(const char *name)
{
	unsigned c = (unsigned char)name[0] - 'a';
	size_t i;

	if (c >= 26)
		return NULL;
	for (i = letter_start[c]; i < letter_start[c + 1]; i++)
		if (strcmp(name + 1, elements[i].name + 1) == 0)
			return &elements[i];
	return NULL;
}

/*
 * Words of class and id values that say what a block is, ignoring case,
 * anywhere in the value ("site-nav", "mainMenu", "c-share-bar"), by
 * first letter; those of Readability that say article text too.
 */
static const struct class_word {
	const char	*word;
	unsigned char	 len;
	int		 context;
} class_words[] = {
	{ "advert", 6, CTX_CLASS_AD }, { "article", 7, CTX_CLASS_CONTENT },
	{ "author", 6, CTX_CLASS_BYLINE },
	{ "blog", 4, CTX_CLASS_CONTENT }, { "body", 4, CTX_CLASS_CONTENT },
	{ "breadcrumb", 10, CTX_CLASS_TAGS }, { "byline", 6, CTX_CLASS_BYLINE },
	{ "caption", 7, CTX_CLASS_CAPTION }, { "comment", 7, CTX_CLASS_COMMENT },
	{ "content", 7, CTX_CLASS_CONTENT }, { "cookie", 6, CTX_CLASS_COOKIE },
	{ "credit", 6, CTX_CLASS_CAPTION }, { "date", 4, CTX_CLASS_DATE },
	{ "disqus", 6, CTX_CLASS_COMMENT }, { "entry", 5, CTX_CLASS_CONTENT },
	{ "footer", 6, CTX_CLASS_FOOTER },
	{ "menu", 4, CTX_CLASS_MENU }, { "meta", 4, CTX_CLASS_DATE },
	{ "nav", 3, CTX_CLASS_NAV }, { "newsletter", 10, CTX_CLASS_SUBSCRIBE },
	{ "post", 4, CTX_CLASS_CONTENT }, { "promo", 5, CTX_CLASS_AD },
	{ "recommend", 9, CTX_CLASS_RELATED }, { "related", 7, CTX_CLASS_RELATED },
	{ "share", 5, CTX_CLASS_SHARE }, { "sidebar", 7, CTX_CLASS_SIDEBAR },
	{ "social", 6, CTX_CLASS_SHARE }, { "sponsor", 7, CTX_CLASS_AD },
	{ "story", 5, CTX_CLASS_CONTENT }, { "subscri", 7, CTX_CLASS_SUBSCRIBE },
	{ "tags", 4, CTX_CLASS_TAGS }, { "text", 4, CTX_CLASS_CONTENT },
	{ "time", 4, CTX_CLASS_DATE },
	{ "widget", 6, CTX_CLASS_SIDEBAR },
};
static unsigned char word_start[27];

/* The context a class or id value gives, in one pass over it. */
static int
class_context(const char *v)
{
	const struct class_word *w;
	const char *p;
	unsigned c;
	size_t i, k;
	int ctx = 0;

	for (p = v; *p != '\0'; p++) {
		/* ASCII letters only: | 0x20 lower-cases them. */
		c = ((unsigned char)*p | 0x20) - 'a';
		if (c >= 26 || !((*p >= 'A' && *p <= 'Z') ||
		    (*p >= 'a' && *p <= 'z')))
			continue;
		for (i = word_start[c]; i < word_start[c + 1]; i++) {
			w = &class_words[i];
			for (k = 1; k < w->len && p[k] != '\0' &&
			    ((unsigned char)p[k] | 0x20) == (unsigned char)
			    w->word[k]; k++)
				continue;
			if (k == w->len)
				ctx |= w->context;
		}
	}
	return ctx;
}

static int
role_context(const char *v)
{
	if (strcasecmp(v, "navigation") == 0 || strcasecmp(v, "menu") == 0 ||
	    strcasecmp(v, "menubar") == 0)
		return CTX_NAV;
	if (strcasecmp(v, "banner") == 0)
		return CTX_HEADER;
	if (strcasecmp(v, "contentinfo") == 0)
		return CTX_FOOTER;
	if (strcasecmp(v, "complementary") == 0)
		return CTX_ASIDE;
	if (strcasecmp(v, "main") == 0 || strcasecmp(v, "article") == 0)
		return CTX_MAIN;
	return 0;
}

/* Whether [s, e), blanks around it left out, is word, in any case. */
static int
span_is(const char *s, const char *e, const char *word)
{
	size_t n = strlen(word);

	while (s < e && (*s == ' ' || *s == '\t' || *s == '\n' ||
	    *s == '\r' || *s == '\f'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r' || e[-1] == '\f'))
		e--;
	return (size_t)(e - s) == n && strncasecmp(s, word, n) == 0;
}

/*
 * One declaration of an inline style, [s, e): what it says of display
 * (*display) or visibility (*visibility): 1 hidden, 2 shown.  The name
 * is matched whole ("backface-visibility" is another property), and so
 * is the value, but for an "!important" after it.
 */
static void
style_declaration(const char *s, const char *e, int *display,
    int *visibility)
{
	const char *colon, *ve, *bang;

	if ((colon = memchr(s, ':', (size_t)(e - s))) == NULL)
		return;
	ve = e;
	if ((bang = memchr(colon, '!', (size_t)(e - colon))) != NULL &&
	    span_is(bang + 1, e, "important"))
		ve = bang;
	if (span_is(s, colon, "display"))
		*display = span_is(colon + 1, ve, "none") ? 1 : 2;
	else if (span_is(s, colon, "visibility"))
		*visibility = span_is(colon + 1, ve, "hidden") ||
		    span_is(colon + 1, ve, "collapse") ? 1 : 2;
}

/*
 * Whether an inline style hides its element: its last display is none,
 * or its last visibility hidden or collapse, as the last declaration of
 * a property is the one browsers apply.  A ';' inside quotes ends no
 * declaration.
 */
static int
style_hides(const char *v)
{
	const char *p = v, *s;
	int display = 0, visibility = 0, quote;

	while (*p != '\0') {
		for (s = p, quote = 0; *p != '\0' && (quote || *p != ';');
		    p++)
			if (quote != 0 ? *p == quote : *p == '"' || *p == '\'')
				quote = quote != 0 ? 0 : *p;
		style_declaration(s, p, &display, &visibility);
		if (*p == ';')
			p++;
	}
	return display == 1 || visibility == 1;
}

/*
 * What an element's attributes (name, value pairs) say of it: the
 * context bits they add to *context, whether they hide it (*skip set),
 * and EL_TIME added to *flags for an itemprop="date...".
 */
void
html_element_attrs(const char *const *atts, int *context, int *skip,
    int *flags)
{
	const char *const *p;
	const char *a, *v;

	for (p = atts; p != NULL && p[0] != NULL; p += 2) {
		a = p[0];
		v = p[1] != NULL ? p[1] : "";
		switch (a[0]) {	/* most attributes are none of these */
		case 'a':
			if (strcmp(a, "aria-hidden") == 0 &&
			    strcasecmp(v, "true") == 0)
				*skip = 1;
			break;
		case 'c':
		case 'i':
			if (strcmp(a, "class") == 0 || strcmp(a, "id") == 0)
				*context |= class_context(v);
			else if (strcmp(a, "itemprop") == 0 &&
			    strcasecmp(v, "articleBody") == 0)
				*context |= CTX_MAIN;
			else if (strcmp(a, "itemprop") == 0 &&
			    strncasecmp(v, "date", 4) == 0)
				*flags |= EL_TIME;
			break;
		case 'h':
			if (strcmp(a, "hidden") == 0)
				*skip = 1;
			break;
		case 'r':
			if (strcmp(a, "role") == 0)
				*context |= role_context(v);
			break;
		case 's':
			if (strcmp(a, "style") == 0 && style_hides(v))
				*skip = 1;
			break;
		}
	}
}

void
html_element_init(void)
{
	letter_index(letter_start, elements, sizeof(elements) /
	    sizeof(elements[0]), sizeof(elements[0]));
	letter_index(word_start, class_words, sizeof(class_words) /
	    sizeof(class_words[0]), sizeof(class_words[0]));
}
