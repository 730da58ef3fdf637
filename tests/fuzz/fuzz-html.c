/* SPDX-License-Identifier: ISC */
/*
 * Fuzz the web page reader: any bytes, under any of a few HTTP
 * charsets (none, UTF-8, Shift_JIS, one iconv does not know), must parse
 * to paragraphs that are valid UTF-8, never empty, with no TAB, CR, LF
 * or NUL, no space at either end and never two in a row; hints must
 * match the block= syntax of newswire(7); the title and date must be
 * valid UTF-8 with no line break; and parsing the same page again with
 * the same parser must give the same result.  The page handed to
 * libxml2 as it is, without htmlscan.c's cuts and markers, must give
 * exactly the same paragraphs, hints, title and date: the scan may only
 * save libxml2 work, never change what it finds.  The same bytes are
 * also read as an HTTP response, whose body must come out
 * NUL-terminated.  Rewriting the references libxml2 does not know
 * (htmlref.c) must leave the markup's '<', '>' and quotes as they are,
 * and rewriting the page so rewritten must change nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

static const char *const content_types[] = {
	NULL, "text/html; charset=utf-8", "text/html; charset=Shift_JIS",
	"text/html; charset=x-no-such-thing", "text/html",
};

static struct html_parser *parser;

static void
check_text(const char *s, size_t n, int paragraph)
{
	size_t i;

	if (utf8_valid_prefix(s, n) != n)
		abort();
	for (i = 0; i < n; i++) {
		if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
		    s[i] == '\0')
			abort();
		if (paragraph && s[i] == ' ' && (i == 0 || i + 1 == n ||
		    s[i + 1] == ' '))
			abort();
	}
}

/* ELEMENT,CONTEXT,LINKS,DEPTH,BOX,OUTER as newswire(7) has it. */
static void
check_hint(const char *h, size_t n)
{
	static const char letters[] = BLOCK_HINT_LETTERS;
	const char *end = h + n, *l = letters;
	size_t k;
	int i;

	if (h == end || *h < 'a' || *h > 'z')
		abort();
	while (h < end && ((*h >= 'a' && *h <= 'z') ||
	    (*h >= '0' && *h <= '9') || *h == '-'))
		h++;
	if (h == end || *h++ != ',')
		abort();
	if (h < end && *h == '-')
		h++;
	else {
		for (k = 0; h < end && *h != ','; h++, k++) {
			while (*l != '\0' && *l != *h)
				l++;
			if (*l == '\0')
				abort();
			l++;
		}
		if (k == 0)
			abort();
	}
	if (h == end || *h++ != ',')
		abort();
	for (k = 0; h < end && *h >= '0' && *h <= '9'; h++, k++)
		continue;
	if (k == 0 || k > 3 || h == end || *h++ != ',')
		abort();
	for (i = 0; i < 3; i++) {
		/* DEPTH, BOX, OUTER */
		for (k = 0; h < end && *h >= '0' && *h <= '9'; h++, k++)
			continue;
		if (k == 0 || (i < 2 ? h == end || *h++ != ',' : h != end))
			abort();
	}
}

static void
check_page(const struct html_page *pg)
{
	const struct html_block *b;
	size_t i;

	for (i = 0; i < pg->nblocks; i++) {
		b = &pg->blocks[i];
		if (b->textlen == 0 || b->text + b->textlen > pg->text.len ||
		    b->hint + b->hintlen > pg->hints.len)
			abort();
		check_text(pg->text.data + b->text, b->textlen, 1);
		check_hint(pg->hints.data + b->hint, b->hintlen);
	}
	check_text(pg->title.data != NULL ? pg->title.data : "",
	    pg->title.len, 1);
	check_text(pg->published.data != NULL ? pg->published.data : "",
	    pg->published.len, 0);
}

static int
same_page(const struct html_page *a, const struct html_page *b)
{
	return a->nblocks == b->nblocks && a->text.len == b->text.len &&
	    a->hints.len == b->hints.len && a->title.len == b->title.len &&
	    (a->text.len == 0 ||
	    memcmp(a->text.data, b->text.data, a->text.len) == 0) &&
	    (a->hints.len == 0 ||
	    memcmp(a->hints.data, b->hints.data, a->hints.len) == 0) &&
	    (a->title.len == 0 ||
	    memcmp(a->title.data, b->title.data, a->title.len) == 0) &&
	    a->published.len == b->published.len &&
	    (a->published.len == 0 || memcmp(a->published.data,
	    b->published.data, a->published.len) == 0);
}

static size_t
markup_bytes(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += s[i] == '<' || s[i] == '>' || s[i] == '"' || s[i] == '\'';
	return k;
}

static void
check_refs(const char *s, size_t n)
{
	static struct buf once, twice;
	size_t nonchars, again;

	if (!html_refs_rewrite(&once, s, n, &nonchars))
		return;
	/*
	 * A rewritten page reads the same again, with no reference to no
	 * character left (U+FFFD is written as one that is a character).
	 */
	if (markup_bytes(once.data, once.len) != markup_bytes(s, n) ||
	    (html_refs_rewrite(&twice, once.data, once.len, &again) &&
	    (again != 0 || twice.len != once.len || memcmp(twice.data,
	    once.data, once.len) != 0)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct html_page a = { 0 }, b = { 0 }, c = { 0 };
	struct http_response r = { 0 };
	const char *type, *reason;
	char label[64], *ctype;

	if (parser == NULL)
		parser = html_parser_new();
	type = content_types[size > 0 ? data[0] %
	    (sizeof(content_types) / sizeof(content_types[0])) : 0];
	(void)html_detect(data, size);
	(void)charset_from_meta((const char *)data, size, label, NULL);
	label[0] = '\0';
	(void)charset_from_xml((const char *)data, size, label, label);
	/* The input as a header's value, up to its first NUL. */
	ctype = xmalloc(size + 1);
	memcpy(ctype, data, size);
	ctype[size] = '\0';
	if (charset_from_content_type(ctype, label) &&
	    (strlen(label) == 0 || strlen(label) > 40))
		abort();
	free(ctype);
	if (html_parse(parser, (const char *)data, size, type, 0, &a) != 0)
		abort();
	check_page(&a);
	if (html_parse(parser, (const char *)data, size, type, 0, &b) != 0 ||
	    !same_page(&a, &b))
		abort();
	html_parser_scan(parser, 0);
	if (html_parse(parser, (const char *)data, size, type, 0, &c) != 0 ||
	    !same_page(&a, &c))
		abort();
	html_parser_scan(parser, 1);
	check_refs((const char *)data, size);
	if (http_response_parse(&r, (const char *)data, size, &reason) >= 0 &&
	    (r.body.len > 0 && r.body.data[r.body.len] != '\0'))
		abort();
	html_page_free(&a);
	html_page_free(&b);
	html_page_free(&c);
	http_response_free(&r);
	return 0;
}
