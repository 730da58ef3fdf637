/*
 * newswire: documents out of WARC files (source.c hands over the input
 * of the operand, or of an archive member, that holds one): response
 * records holding web pages, resource records of HTML, conversion
 * records of text (WET) or HTML; other records are passed over.  The id
 * is the record's target URI; --meta names look in the WARC header
 * first, then in what the page says.
 */
#include <err.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nw-private.h"

/* Metadata of a WARC record: header WARC-NAME, else NAME. */
static void
meta_warc(struct source *s)
{
	struct buf h = { 0 };
	const char *v;
	size_t i;

	buf_clear(&s->meta);
	for (i = 0; i < s->nmeta; i++) {
		if (i > 0)
			buf_addc(&s->meta, '\t');
		buf_clear(&h);
		buf_adds(&h, "WARC-");
		buf_adds(&h, s->meta_names[i]);
		if ((v = warc_header(s->warc, buf_cstr(&h))) == NULL)
			v = warc_header(s->warc, s->meta_names[i]);
		if (v != NULL)
			source_field_add(&s->meta, v, strlen(v));
		else
			source_page_field_add(s, s->meta_names[i]);
	}
	buf_free(&h);
}

static ssize_t
warc_content(void *ctx, void *p, size_t n)
{
	return warc_read(ctx, p, n);
}

/*
 * The content of the record at hand, whole, into b: 0, or -1 when it
 * was cut short.  Content that holds the records its Content-Length,
 * too long, swallowed ends where they start: they are read next
 * (warc_resync_content() says so).  Content cut by damaged input ends
 * where the damage starts.
 */
static int
record_content(struct source *s, struct buf *b)
{
	size_t keep;
	int rc;

	rc = source_read_all(b, warc_content, s->warc);
	switch (warc_resync_content(s->warc, b->data, b->len, &keep)) {
	case 1:
		s->failed = 1;
		b->len = keep;
		return 0;
	case -1:
		s->failed = 1;
		b->len = keep;
		return -1;
	}
	if (rc == -1)
		s->failed = 1;
	return rc;
}

/* An id from a URI, without the <> that WARC/1.0 writers put around. */
static void
uri_add(struct buf *b, const char *v)
{
	size_t n = strlen(v);

	if (n >= 2 && v[0] == '<' && v[n - 1] == '>') {
		v++;
		n -= 2;
	}
	utf8_id_add(b, v, n);
}

/* Is code in a list of HTTP status codes ("200,203", "any")? */
static int
status_wanted(const char *list, int code)
{
	const char *p;
	char *end;
	long v;

	if (list == NULL)
		return code == 200;
	for (p = list; *p != '\0'; p = *end == ',' ? end + 1 : end) {
		if (strncmp(p, "any", 3) == 0 && (p[3] == ',' || p[3] == '\0'))
			return 1;
		v = strtol(p, &end, 10);
		if (end == p)
			return 0;
		if (v == code)
			return 1;
	}
	return 0;
}

/* 0 if list is a valid --http-status value. */
int
source_status_list(const char *list)
{
	const char *p = list;
	char *end;
	long v;

	if (*p == '\0')
		return -1;
	for (;;) {
		if (strncmp(p, "any", 3) == 0)
			end = (char *)(uintptr_t)p + 3;
		else {
			if (*p < '1' || *p > '9')
				return -1;
			v = strtol(p, &end, 10);
			if (end - p != 3 || v < 100 || v > 999)
				return -1;
		}
		if (*end == '\0')
			return 0;
		if (*end != ',')
			return -1;
		p = end + 1;
	}
}

/*
 * Whether content said to be a web page is one: not compressed data, an
 * image, a PDF, a program (a server's label on the wrong file, a body
 * whose coding could not be undone), which would be read as text.
 */
static int
page_bytes(const char *p, size_t n)
{
	return sniff_codec(p, n) == SNIFF_PLAIN && sniff_binary(p, n) == NULL;
}

/*
 * The record's Content-Type, NULL when it has none: an empty one says
 * no more than none, and the block is then told by its bytes, as
 * browsers tell a body whose type is empty.
 */
static const char *
record_type(const struct source *s)
{
	const char *v;

	if ((v = warc_header(s->warc, "Content-Type")) != NULL && *v == '\0')
		return NULL;
	return v;
}

/*
 * Whether the record's block, in s->raw, is a page by the record's own
 * Content-Type (*type, NULL when it has none), as a resource record's
 * is: one of HTML and bytes that are one, or none and bytes that look
 * like HTML.
 */
static int
block_page(struct source *s, const char **type)
{
	*type = record_type(s);
	if (*type != NULL)
		return http_type_page(*type) &&
		    page_bytes(s->raw.data, s->raw.len);
	return html_detect(s->raw.data, s->raw.len);
}

/*
 * A response record holding a web page: an HTTP response with a wanted
 * status and an HTML Content-Type (or none and HTML bytes), or no HTTP
 * response but a page as a resource record's is; or a resource record
 * of HTML.  0 when the record is no page (counted).
 * *cut says why the page's HTTP body was cut short, NULL if it was not.
 */
static int
warc_page(struct source *s, const struct warc_record *r, int response,
    const char **cut)
{
	const char *v, *reason, *type;
	int rc;

	s->have_http = 0;
	*cut = NULL;
	/* Cut short, what came is still a page. */
	if (record_content(s, &s->raw) == -1 && s->raw.len == 0)
		return 0;
	if (!response) {
		/* Extracted text (urn:text:), a feed, an image: no page. */
		if (!block_page(s, &type)) {
			s->nresource_nothtml++;
			return 0;
		}
		return source_page_read(s, NULL, NULL, type, 0);
	}
	s->http.pages_only = 1;
	if ((rc = http_response_parse(&s->http, s->raw.data, s->raw.len,
	    &reason)) == -1) {
		/*
		 * No status line: no HTTP response, but the page itself, as
		 * some writers record a response (Content-Type: text/html).
		 * It is read as a resource record's block is.
		 */
		if (s->http.status == 0 && block_page(s, &type))
			return source_page_read(s, NULL, NULL, type, 0);
		if (s->http.status == 0 || strcmp(reason,
		    "HTTP header not ended") == 0) {
			s->nnothtml++;
			return 0;
		}
		warnx("%s: record %" PRIu64 " at byte %" PRIu64 ": %s",
		    s->file, r->number, r->offset, reason);
		s->failed = 1;
		return 0;
	}
	s->have_http = 1;
	if (!status_wanted(s->opt->http_status, s->http.status)) {
		s->nstatus++;
		return 0;
	}
	v = s->http.content_type;
	if (v != NULL ? !http_type_page(v) ||
	    !page_bytes(s->http.body.data, s->http.body.len) :
	    !html_detect(s->http.body.data, s->http.body.len)) {
		s->nnothtml++;
		return 0;
	}
	if (rc == 1)
		*cut = reason;
	if (s->http.body.len == 0)
		return 0;
	/* The page is the body: swap it in as the bytes to parse. */
	buf_clear(&s->raw);
	buf_add(&s->raw, s->http.body.data, s->http.body.len);
	return source_page_read(s, NULL, NULL, v, 0);
}

/* The id of a WARC record: its target URI, its record id, or FILE#N. */
static void
warc_id(struct source *s, const struct warc_record *r)
{
	const char *v;

	buf_clear(&s->id);
	/* "<>" is as empty as "": an id is never. */
	if ((v = warc_header(s->warc, "WARC-Target-URI")) != NULL)
		uri_add(&s->id, v);
	if (s->id.len == 0 && (v = warc_header(s->warc, "WARC-Record-ID")) !=
	    NULL)
		uri_add(&s->id, v);
	if (s->id.len == 0) {
		utf8_id_add(&s->id, s->file, strlen(s->file));
		source_number_add(&s->id, '#', r->number);
	}
}

/*
 * A conversion record's content, read whole, checked as a loose file's
 * is: text, into s->text for source_text_read(), or a page, read as a
 * resource record's is.  0 when it is neither but an image, a PDF, a
 * program or compressed data (counted), or empty.  *cut is set when it
 * was cut short.
 */
static int
warc_text(struct source *s, int *cut)
{
	struct buf swap;
	const char *kind, *type;

	*cut = record_content(s, &s->raw) == -1;
	if (s->raw.len == 0)
		return 0;
	kind = sniff_binary(s->raw.data, s->raw.len);
	if (kind == NULL && sniff_codec(s->raw.data, s->raw.len) !=
	    SNIFF_PLAIN)
		kind = "compressed data";
	if (kind != NULL) {
		kind_tally_add(&s->records_binary, kind);
		return 0;
	}
	type = record_type(s);
	if (type != NULL ? http_type_page(type) :
	    html_detect(s->raw.data, s->raw.len))
		return source_page_read(s, NULL, NULL, type, 0);
	swap = s->text;
	s->text = s->raw;
	s->raw = swap;
	s->page_text_due = 0;
	s->docpos = 0;
	return 1;
}

/*
 * A record whose content, or the HTTP body in it (http says why), was
 * cut short: reported, and with what became of the document it held
 * (doc), if any; 1 if it is kept (--truncated keep), marked as
 * truncated=1.
 */
static int
record_cut(struct source *s, const struct warc_record *r, const char *http,
    int doc)
{
	const char *why = warc_reason(s->warc);
	char because[320];

	s->failed = 1;
	if (!warc_truncated(s->warc) && http != NULL) {
		snprintf(because, sizeof(because), "record %" PRIu64 " at byte "
		    "%" PRIu64 ": %s", r->number, r->offset, http);
		why = because;
	}
	if (!doc) {
		warnx("%s: %s", s->file, why);
		return 0;
	}
	if (!s->opt->keep_truncated) {
		warnx("%s: %s: document dropped", s->file, why);
		return 0;
	}
	warnx("%s: %s: document kept as truncated=1", s->file, why);
	return 1;
}

/* "FILE: record N at byte OFFSET (ID)": the document, for messages. */
static void
where(struct source *s, const struct warc_record *r)
{
	char at[80];

	snprintf(at, sizeof(at), ": record %" PRIu64 " at byte %" PRIu64
	    " (", r->number, r->offset);
	buf_clear(&s->where);
	buf_adds(&s->where, s->file);
	buf_adds(&s->where, at);
	buf_add(&s->where, s->id.data, s->id.len);
	buf_addc(&s->where, ')');
}

/*
 * The next document: a page a response or resource record holds, or the
 * text of a conversion record.  Each is read whole before any of it is
 * handed out, so that one the file ends inside is known as such: it is
 * dropped, or kept and marked, as archive members are.  Memory grows
 * with the largest record.
 */
int
source_warc_next(struct source *s, struct source_document *d)
{
	struct warc_record r;
	const char *http, *v;
	char marked[96];
	int rc, response, doc, cut;

	while ((rc = warc_next(s->warc, &r)) == 1) {
		s->is_page = 0;
		/* ISO 28500's grammar is ABNF: its words take any case. */
		response = strcasecmp(r.type, "response") == 0;
		if (response || strcasecmp(r.type, "resource") == 0) {
			warc_id(s, &r);
			where(s, &r);
			doc = warc_page(s, &r, response, &http);
			if (s->done)	/* a page --strict refuses */
				return 0;
			cut = warc_truncated(s->warc) || http != NULL;
		} else if (strcasecmp(r.type, "conversion") == 0) {
			warc_id(s, &r);
			where(s, &r);
			http = NULL;
			doc = warc_text(s, &cut);
			if (s->done)	/* a page --strict refuses */
				return 0;
		} else
			continue;
		/*
		 * Its writer cut the content short (ISO 28500, 5.13), as
		 * crawlers do above a size limit: told before what the cut
		 * did to the HTTP body, as it says why.
		 */
		if (doc && !warc_truncated(s->warc) && (v = warc_header(s->warc,
		    "WARC-Truncated")) != NULL) {
			snprintf(marked, sizeof(marked), "cut short when "
			    "archived (WARC-Truncated: %.32s)", v);
			http = marked;
			cut = 1;
		}
		/* Its continuation records hold the rest (ISO 28500, 5.8). */
		if (!cut && warc_header(s->warc, "WARC-Segment-Number") !=
		    NULL) {
			http = "a segment: its continuation records are "
			    "not joined";
			cut = 1;
		}
		if (cut ? !record_cut(s, &r, http, doc) : !doc)
			continue;
		meta_warc(s);
		source_document_open(s, d, source_text_read, s);
		d->truncated = cut;
		return 1;
	}
	if (rc < 0)
		s->failed = 1;
	return 0;
}