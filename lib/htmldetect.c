/*
 * newswire: are these bytes a web page?  html_detect() tells by content
 * alone, from the first SNIFF_SIZE bytes, for what carries no type: a
 * file under any name, an archive's member, a WARC record or HTTP body
 * with no Content-Type (source.c, sourcearchive.c, sourcewarc.c).  A
 * page that opens with markup, or one with a doctype, html, head or
 * body tag further on, is one; text that merely holds a '<' is not.
 */
#include <string.h>
#include <strings.h>

#include "nw-private.h"

/*
 * Markup starting with something else (a PHP warning printed before the
 * page, say): a doctype, html, head or body tag further on.
 */
static int
html_marker(const unsigned char *p, size_t n)
{
	static const char *const tags[] = {
		"<!doctype html", "<html", "<head>", "<head ", "<body"
	};
	size_t i, k, j;

	for (i = 0; i < n; i++) {
		if (p[i] != '<')
			continue;
		for (j = 0; j < sizeof(tags) / sizeof(tags[0]); j++) {
			k = strlen(tags[j]);
			if (n - i >= k && strncasecmp((const char *)p + i,
			    tags[j], k) == 0)
				return 1;
		}
	}
	return 0;
}

/*
 * The elements a page opens with, and a piece of one saved alone (an
 * article body, as scrapers keep it): those of the head and the body,
 * and the block and phrasing elements article text starts with.
 */
static const char *const start_tags[] = {
	"a", "article", "aside", "b", "blockquote", "body", "br", "center",
	"div", "dl", "em", "figure", "font", "footer", "form", "h1", "h2",
	"h3", "h4", "h5", "h6", "head", "header", "hr", "html", "i", "img",
	"li", "link", "main", "meta", "nav", "noscript", "ol", "p", "picture",
	"pre", "script", "section", "small", "span", "strong", "style",
	"table", "time", "title", "u", "ul"
};

static int
is_space(unsigned char c)
{
	return html_is_blank(c) || c == '\f';
}

/* Whether an end tag for the name at name[0..k) comes in p[0..end). */
static int
end_tag_follows(const unsigned char *p, const unsigned char *end,
    const unsigned char *name, size_t k)
{
	for (; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++)
		if ((size_t)(end - p) > k + 2 && p[1] == '/' &&
		    strncasecmp((const char *)p + 2, (const char *)name,
		    k) == 0 && !html_is_name(p[k + 2]))
			return 1;
	return 0;
}

/*
 * Whether p, just past a '<', starts a tag of start_tags as markup
 * writes one: the name, any case, then '>' or "/>", or white space and
 * attributes up to one with a value ('='; names without one may come
 * before it, as in <script async src=...>).  Attributes that are all
 * names alone (<table border>) are words in angle brackets as much, and
 * make a tag only when its end tag follows.  Text that merely holds a
 * '<' ("<3 news", "<joe@example.com> wrote", "<a lot to say>") is no
 * such tag.
 */
static int
start_tag(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q, *name;
	size_t i, k;
	int gap, named = 0;

	for (q = p; q < end && html_is_name(*q); q++)
		continue;
	k = (size_t)(q - p);
	for (i = 0; i < sizeof(start_tags) / sizeof(start_tags[0]); i++)
		if (strlen(start_tags[i]) == k &&
		    strncasecmp((const char *)p, start_tags[i], k) == 0)
			break;
	if (i == sizeof(start_tags) / sizeof(start_tags[0]))
		return 0;
	for (;;) {
		for (gap = 0; q < end && is_space(*q); q++)
			gap = 1;
		if (q == end)
			return 0;
		if (*q == '>' || (*q == '/' && end - q > 1 && q[1] == '>'))
			return !named || end_tag_follows(q, end, p, k);
		/* A value: what came before it was an attribute's name. */
		if (*q == '=')
			return named;
		if (!gap)
			return 0;
		/* A name as HTML reads one: @click, [hidden], *ngIf too. */
		for (name = q; q < end && !is_space(*q) && *q != '/' &&
		    *q != '>' && *q != '=' && *q != '"' && *q != '\'' &&
		    *q != '<'; q++)
			continue;
		if (q == name)
			return 0;
		named = 1;
	}
}

/*
 * Is this the start of an HTML document?  Judged by content alone: it
 * opens with markup, and that is a doctype, a comment or a tag of
 * start_tags (start_tag()), or a doctype, html, head or body tag comes
 * in what is given.  Behind a UTF-16 byte order mark the same is asked
 * of its first SNIFF_SIZE / 2 code units, one byte each (0x80 for one
 * that is not ASCII), and behind a UTF-32 one of its first SNIFF_SIZE /
 * 4.
 */
int
html_detect(const void *data, size_t n)
{
	const unsigned char *p = data, *end = p + n, *q;
	unsigned char ascii[SNIFF_SIZE / 2];
	size_t i, k;

	/* The first SNIFF_SIZE bytes, as much of a WARC record as a file. */
	if (n > SNIFF_SIZE) {
		n = SNIFF_SIZE;
		end = p + n;
	}
	if (n >= 4 && (memcmp(p, "\xff\xfe\0\0", 4) == 0 ||
	    memcmp(p, "\0\0\xfe\xff", 4) == 0)) {
		int le = p[0] == 0xff;

		for (i = 0, k = 4; k + 3 < n && i < sizeof(ascii); i++, k += 4)
			ascii[i] = (le ? p[k + 1] | p[k + 2] | p[k + 3] :
			    p[k] | p[k + 1] | p[k + 2]) == 0 &&
			    p[k + (le ? 0 : 3)] < 0x80 ? p[k + (le ? 0 : 3)] :
			    0x80;
		return html_detect(ascii, i);
	}
	if (n >= 2 && ((p[0] == 0xff && p[1] == 0xfe) ||
	    (p[0] == 0xfe && p[1] == 0xff))) {
		int le = p[0] == 0xff;

		for (i = 0, k = 2; k + 1 < n && i < sizeof(ascii); i++, k += 2)
			ascii[i] = p[k + le] == 0 && p[k + !le] < 0x80 ?
			    p[k + !le] : 0x80;
		return html_detect(ascii, i);
	}
	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		p += 3;
	for (;;) {
		while (p < end && is_space(*p))
			p++;
		if (p == end || *p != '<')
			return 0;
		p++;
		if (end - p >= 5 && memcmp(p, "?xml", 4) == 0) {
			/* An XML declaration: XHTML if html follows. */
			if ((p = memchr(p, '>', (size_t)(end - p))) == NULL)
				return 0;
			p++;
			continue;
		}
		if (end - p >= 3 && memcmp(p, "!--", 3) == 0) {
			/* A comment first: look at what follows it. */
			q = memmem(p + 3, (size_t)(end - p - 3), "-->", 3);
			if (q == NULL)
				return 0;
			p = q + 3;
			continue;
		}
		if ((size_t)(end - p) > 13 &&
		    strncasecmp((const char *)p, "!doctype html", 13) == 0 &&
		    (p[13] == '>' || is_space(p[13])))
			return 1;
		return start_tag(p, end) || html_marker(p,
		    (size_t)(end - p));
	}
}
