/*
 * newswire: what a web page says of itself, beside its text.
 *
 * html.c reads a page's blocks; what the page states about the article
 * comes to this file as the parser meets it: <meta> tags (og:title,
 * the descriptions, a publication date under any of its usual names),
 * an element marked itemprop="datePublished", and JSON-LD scripts, in
 * which "datePublished" and "articleBody" are found by their keys
 * without parsing the JSON whole (pages hold several objects, often
 * malformed; only two string values matter).  The page's <title> and
 * its h1 are gathered by html.c as text and chosen from here.
 *
 * A date is kept by the rank of where it was found (date_names, best
 * first), so the first meta tag of the best name wins whatever order
 * the page gives them.  The title is og:title, else the h1 when the
 * page has a single one, else <title>.  The meta description (the
 * longest of the three names) and the longest articleBody go to
 * htmlhints.c, to tell the blocks that hold the article's text.
 */
#include <string.h>
#include <strings.h>

#include "nw-private.h"

/* Where a publication date may be, best first. */
static const char *const date_names[] = {
	"article:published_time", "datepublished", "og:published_time",
	"pubdate", "publishdate", "publish-date", "dc.date.issued",
	"dcterms.issued", "dc.date", "dcterms.date", "dcterms.created",
	"parsely-pub-date", "sailthru.date", "date",
};
#define DATE_ITEMPROP	1	/* rank of itemprop="datePublished" */
#define DATE_JSONLD	1	/* rank of JSON-LD "datePublished" */
#define DATE_NONE	100

void
html_meta_reset(struct html_meta *m, struct html_page *pg)
{
	m->page = pg;
	m->nh1 = 0;
	m->daterank = DATE_NONE;
	buf_clear(&m->title);
	buf_clear(&m->ogtitle);
	buf_clear(&m->h1);
	buf_clear(&m->jsonld);
	buf_clear(&m->body);
	buf_clear(&m->description);
}

void
html_meta_free(struct html_meta *m)
{
	buf_free(&m->title);
	buf_free(&m->ogtitle);
	buf_free(&m->h1);
	buf_free(&m->jsonld);
	buf_free(&m->body);
	buf_free(&m->description);
	buf_free(&m->scratch);
}

/*
 * An attribute's value as a field: white space collapsed and C1 controls
 * read as Windows-1252, as in the page's text (html.c).
 */
static void
set_field(struct buf *b, const char *v)
{
	buf_clear(b);
	utf8_c1_mend(b, v, strlen(v), 0);
	b->len = whitespace_collapse(b->data, b->data, b->len);
}

static void
date_found(struct html_meta *m, int rank, const char *v, size_t n)
{
	struct buf *out = &m->page->published;
	size_t i;

	while (n > 0 && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')) {
		v++;
		n--;
	}
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' ||
	    v[n - 1] == '\n' || v[n - 1] == '\r'))
		n--;
	if (n == 0 || n > 64 || rank >= m->daterank)
		return;
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20)
			return;
	m->daterank = rank;
	buf_clear(out);
	buf_add(out, v, n);
	buf_cstr(out);
}

void
html_meta_tag(struct html_meta *m, const char *const *atts)
{
	const char *key = NULL, *content = NULL, *name;
	size_t i;

	for (; atts != NULL && atts[0] != NULL; atts += 2) {
		name = atts[0];
		if (atts[1] == NULL)
			continue;
		if (strcmp(name, "property") == 0 || strcmp(name, "name") == 0 ||
		    strcmp(name, "itemprop") == 0)
			key = atts[1];
		else if (strcmp(name, "content") == 0)
			content = atts[1];
	}
	if (key == NULL || content == NULL)
		return;
	if (strcasecmp(key, "og:title") == 0) {
		set_field(&m->ogtitle, content);
		return;
	}
	if ((strcasecmp(key, "description") == 0 ||
	    strcasecmp(key, "og:description") == 0 ||
	    strcasecmp(key, "twitter:description") == 0) &&
	    strlen(content) > m->description.len) {
		set_field(&m->description, content);
		return;
	}
	for (i = 0; i < sizeof(date_names) / sizeof(date_names[0]); i++)
		if (strcasecmp(key, date_names[i]) == 0) {
			date_found(m, (int)i, content, strlen(content));
			return;
		}
}

void
html_meta_itemprop(struct html_meta *m, const char *const *atts)
{
	const char *const *p, *const *q;

	for (p = atts; p != NULL && p[0] != NULL; p += 2)
		if (strcmp(p[0], "itemprop") == 0 && p[1] != NULL &&
		    strcasecmp(p[1], "datePublished") == 0) {
			for (q = atts; q[0] != NULL; q += 2)
				if (q[1] != NULL && (strcmp(q[0],
				    "datetime") == 0 || strcmp(q[0],
				    "content") == 0))
					date_found(m, DATE_ITEMPROP, q[1],
					    strlen(q[1]));
		}
}

/*
 * From *vp, just past a key in JSON-LD: blanks, ':', blanks and the '"'
 * of a string.  1 with *vp at the string's first byte, else 0 with *vp
 * where the match failed.
 */
static int
jsonld_string_starts(const char **vp, const char *end)
{
	const char *v = *vp;
	int i;

	for (i = 0; i < 2; i++) {
		while (v < end && (*v == ' ' || *v == '\t' || *v == '\n' ||
		    *v == '\r'))
			v++;
		if (v == end || *v++ != (i == 0 ? ':' : '"'))
			break;
	}
	*vp = v;
	return i == 2;
}

/* "datePublished": "VALUE" in JSON-LD, found without parsing it all. */
static void
jsonld_date(struct html_meta *m)
{
	const char *p, *end, *v;

	buf_cstr(&m->jsonld);
	end = m->jsonld.data + m->jsonld.len;
	for (p = m->jsonld.data; (p = strstr(p, "\"datePublished\"")) != NULL;
	    p += 15) {
		v = p + 15;
		if (!jsonld_string_starts(&v, end))
			continue;
		if ((p = memchr(v, '"', (size_t)(end - v))) == NULL)
			return;
		date_found(m, DATE_JSONLD, v, (size_t)(p - v));
		return;
	}
}

/*
 * "articleBody": "VALUE" in JSON-LD, the article's text as the page
 * states it, found without parsing it all: the longest on the page is
 * kept in m->body (a page may list other articles with theirs).
 */
static void
jsonld_body(struct html_meta *m)
{
	const char *p, *end, *v;
	size_t n;

	buf_cstr(&m->jsonld);
	end = m->jsonld.data + m->jsonld.len;
	for (p = m->jsonld.data; (p = strstr(p, "\"articleBody\"")) != NULL;
	    p = v) {
		v = p + 13;
		if (!jsonld_string_starts(&v, end))
			continue;
		buf_clear(&m->scratch);
		n = json_string_decode(v, (size_t)(end - v), &m->scratch);
		if (m->scratch.len > m->body.len) {
			buf_clear(&m->body);
			buf_add(&m->body, m->scratch.data, m->scratch.len);
		}
		if (n == 0)
			return;
		v += n;
	}
}

void
html_meta_jsonld(struct html_meta *m)
{
	jsonld_date(m);
	jsonld_body(m);
}

/*
 * Attribute values (og:title) come from the parser as they were in the
 * page, invalid UTF-8 included: the title is repaired whatever its
 * source.
 */
void
html_meta_finish(struct html_meta *m)
{
	struct html_page *pg = m->page;

	if (m->ogtitle.len > 0)
		utf8_repair(&pg->title, m->ogtitle.data, m->ogtitle.len);
	else if (m->nh1 == 1 && m->h1.len > 0)
		utf8_repair(&pg->title, m->h1.data, m->h1.len);
	else
		utf8_repair(&pg->title, m->title.data, m->title.len);
	buf_cstr(&pg->title);
	buf_cstr(&pg->published);
}
