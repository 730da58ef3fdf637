/*
 * newswire: where documents come from.
 *
 * An operand is a text file, an archive, a WARC file or a JSON Lines
 * dump, told apart by its first bytes and never by its name, so that a
 * pipe works as well as a file.  Whatever it is, the caller gets one
 * document after another: an id, metadata asked for by name, and an
 * input handing out the text line by line.  Nothing is unpacked to disk.
 *
 * The operand is read through one input, which undoes any compression;
 * its first uncompressed bytes, looked at without being taken
 * (input_peek()), say what it holds (sniff_content()), and the reader
 * that takes over starts from them, so the operand is read once.
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "nw-private.h"


/* Bytes already read, then the rest from a read function. */
struct replay {
	unsigned char	*data;
	size_t		 len, pos;
	input_read_fn	 fn;
	void		*ctx;
};

struct source {
	char			*name;
	const struct source_options *opt;
	int			 format;	/* SOURCE_TEXT, _ARCHIVE, ... */
	int			 fd, close_fd;
	int			 regular;	/* a file, which can seek */
	off_t			 base;		/* where it begins */
	int			 archive;	/* documents are members */
	int			 failed;
	int			 done;
	int			 have_mtime;
	time_t			 mtime;

	struct input		*in;		/* the operand, uncompressed */
	struct archive_reader	*ar;
	struct warc		*warc;

	struct input		*doc;		/* the current document */
	struct replay		 member;	/* an archive member's bytes */
	struct buf		 id, meta, text;
	size_t			 docpos;

	char			*lists[4];	/* names, split in place */
	char			**meta_names;	/* --meta */
	size_t			 nmeta;
	struct json_member	*members;	/* text, title, id, meta */
	size_t			 nmembers;
	size_t			 ntext, ntitle, nid;

	uint64_t		 nbinary;

	/* JSON: how it is laid out, and the file when read whole. */
	enum {
		JMODE_UNDECIDED, JMODE_LINES, JMODE_BUFFERED_LINES,
		JMODE_OBJECT, JMODE_ARRAY, JMODE_DONE
	}			 jmode;
	struct buf		 whole;
	size_t			 wholepos;
	uint64_t		 wholeline;	/* of its first byte */
	int			 wholelines;	/* JSON Lines all in whole */
	uint64_t		 ndocs, nnoid, nnotitle;
	uint64_t		*nmissing;	/* for each --meta name */
	/* web pages (html.c) */
	struct html_parser	*html;
	struct html_page	 page;
	int			 is_page;	/* the current document is one */
	struct buf		 raw;		/* its bytes */
	struct http_response	 http;
	int			 have_http;
	struct buf		 reported;	/* unknown charsets, NUL-ended */
	uint64_t		 nrepairs, nnuls, nnothtml, nstatus;
};

static ssize_t	text_read(void *, void *, size_t);

static ssize_t
replay_read(void *ctx, void *p, size_t n)
{
	struct replay *r = ctx;

	if (r->pos < r->len) {
		if (n > r->len - r->pos)
			n = r->len - r->pos;
		memcpy(p, r->data + r->pos, n);
		r->pos += n;
		return (ssize_t)n;
	}
	return r->fn(r->ctx, p, n);
}

static ssize_t
stream_read(void *ctx, void *p, size_t n)
{
	return input_read(ctx, p, n);
}

/* Fill r->data with up to want bytes from its read function. */
static int
replay_fill(struct replay *r, size_t want)
{
	ssize_t n;

	r->data = xreallocarray(r->data, want, 1);
	while (r->len < want) {
		n = r->fn(r->ctx, r->data + r->len, want - r->len);
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		r->len += (size_t)n;
	}
	return 0;
}

/* Read all that is left into r->data: 0, or -1 when it was cut short. */
static int
replay_fill_all(struct replay *r)
{
	size_t want = r->len;

	do {
		want = want < SNIFF_SIZE ? SNIFF_SIZE : want * 2;
		if (replay_fill(r, want) == -1)
			return -1;
	} while (r->len == want);
	return 0;
}

/* Append s to b as a metadata field: valid UTF-8, no TAB, LF, CR or NUL. */
static void
field_add(struct buf *b, const char *s, size_t n)
{
	size_t from = b->len, i;

	if (utf8_valid_prefix(s, n) == n)
		buf_add(b, s, n);
	else
		utf8_repair(b, s, n);
	for (i = from; i < b->len; i++)
		if (b->data[i] == '\t' || b->data[i] == '\n' ||
		    b->data[i] == '\r' || b->data[i] == '\0')
			b->data[i] = ' ';
}

/*
 * Append s to b as part of an id: valid UTF-8, control characters (TAB
 * and LF among them) shown as '?', as nw-split shows file names.
 */
static void
id_add(struct buf *b, const char *s, size_t n)
{
	size_t from = b->len, i;

	if (utf8_valid_prefix(s, n) == n)
		buf_add(b, s, n);
	else
		utf8_repair(b, s, n);
	for (i = from; i < b->len; i++)
		if ((unsigned char)b->data[i] < 0x20 || b->data[i] == 0x7f)
			b->data[i] = '?';
}

static void
number_add(struct buf *b, int sep, uint64_t n)
{
	char s[32];

	snprintf(s, sizeof(s), "%c%" PRIu64, sep, n);
	buf_adds(b, s);
}

static void
date_add(struct buf *b, time_t t)
{
	char s[64];
	struct tm tm;

	if (gmtime_r(&t, &tm) != NULL &&
	    strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm) > 0)
		buf_adds(b, s);
}

/* Split a comma-separated list in place, dropping empty names. */
static size_t
split_names(char *list, char ***names)
{
	size_t n = 0;
	char *p;

	while ((p = strsep(&list, ",")) != NULL) {
		if (*p == '\0')
			continue;
		*names = xreallocarray(*names, n + 1, sizeof(**names));
		(*names)[n++] = p;
	}
	return n;
}

/* Want the JSON members named in list (kept by s). */
static size_t
want_members(struct source *s, int which, const char *list)
{
	char **names = NULL;
	size_t i, n;

	s->lists[which] = xstrdup(list);
	n = split_names(s->lists[which], &names);
	s->members = xreallocarray(s->members, s->nmembers + n + 1,
	    sizeof(*s->members));
	for (i = 0; i < n; i++) {
		memset(&s->members[s->nmembers], 0, sizeof(*s->members));
		s->members[s->nmembers++].name = names[i];
	}
	free(names);
	return n;
}

static void
jsonl_setup(struct source *s)
{
	const struct source_options *o = s->opt;
	size_t i;

	if (o->html_fields != NULL)
		s->ntext = want_members(s, 1, o->html_fields);
	else
		s->ntext = want_members(s, 1, o->text_fields != NULL ?
		    o->text_fields : SOURCE_TEXT_FIELDS);
	s->ntitle = want_members(s, 2, o->title_fields != NULL ?
	    o->title_fields : SOURCE_TITLE_FIELDS);
	s->nid = want_members(s, 3, o->id_fields != NULL ?
	    o->id_fields : SOURCE_ID_FIELDS);
	s->members = xreallocarray(s->members, s->nmembers + s->nmeta + 1,
	    sizeof(*s->members));
	for (i = 0; i < s->nmeta; i++) {
		memset(&s->members[s->nmembers], 0, sizeof(*s->members));
		s->members[s->nmembers++].name = s->meta_names[i];
	}
	s->nmissing = xcalloc(s->nmeta + 1, sizeof(*s->nmissing));
}

/* "a or b" for the names of one of the lists. */
static void
names_join(struct buf *b, const struct json_member *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(b, i + 1 < n ? ", " : " or ");
		buf_adds(b, m[i].name);
	}
}

/* Members asked for and not found, said once per input with counts. */
static void
json_report(struct source *s)
{
	struct buf b = { 0 };
	size_t i, k = s->ntext + s->ntitle + s->nid;

	if (s->nnoid > 0) {
		names_join(&b, s->members + s->ntext + s->ntitle, s->nid);
		warnx("%s: no id (%s) in %" PRIu64 " of %" PRIu64
		    " documents: ids are FILE:LINE", s->name, buf_cstr(&b),
		    s->nnoid, s->ndocs);
	}
	if (s->nnotitle > 0) {
		buf_clear(&b);
		names_join(&b, s->members + s->ntext, s->ntitle);
		warnx("%s: no title (%s) in %" PRIu64 " of %" PRIu64
		    " documents", s->name, buf_cstr(&b), s->nnotitle,
		    s->ndocs);
	}
	for (i = 0; i < s->nmeta; i++)
		if (s->nmissing[i] > 0)
			warnx("%s: --meta %s: missing in %" PRIu64 " of %"
			    PRIu64 " documents", s->name, s->members[k + i].name,
			    s->nmissing[i], s->ndocs);
	buf_free(&b);
}

/* An HTTP date (RFC 9110) as ISO 8601, or as it is when it is none. */
static void
http_date_add(struct buf *b, const char *v)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(v, "%a, %d %b %Y %H:%M:%S GMT", &tm)) != NULL &&
	    *end == '\0')
		date_add(b, timegm(&tm));
	else
		field_add(b, v, strlen(v));
}

/*
 * Metadata only a web page has: "title", "published" (its publication
 * date), "last-modified" (the HTTP header, in ISO 8601).
 */
static void
page_field_add(struct source *s, const char *name)
{
	const struct buf *v = NULL;

	if (!s->is_page)
		return;
	if (strcasecmp(name, "title") == 0)
		v = &s->page.title;
	else if (strcasecmp(name, "published") == 0)
		v = &s->page.published;
	else if (strcasecmp(name, "last-modified") == 0 && s->have_http &&
	    s->http.last_modified != NULL)
		http_date_add(&s->meta, s->http.last_modified);
	if (v != NULL && v->len > 0)
		field_add(&s->meta, v->data, v->len);
}

/* Metadata of a file or member: the modification time as "date". */
static void
meta_file(struct source *s, int have_time, time_t t)
{
	size_t i;

	buf_clear(&s->meta);
	for (i = 0; i < s->nmeta; i++) {
		if (i > 0)
			buf_addc(&s->meta, '\t');
		if (have_time && strcasecmp(s->meta_names[i], "date") == 0)
			date_add(&s->meta, t);
		else
			page_field_add(s, s->meta_names[i]);
	}
}

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
			field_add(&s->meta, v, strlen(v));
		else
			page_field_add(s, s->meta_names[i]);
	}
	buf_free(&h);
}

static void
document(struct source *s, struct source_document *d, input_read_fn fn,
    void *ctx)
{
	buf_cstr(&s->id);
	s->doc = input_open_reader(fn, ctx, s->id.data, s->opt->input_flags);
	d->id = s->id.data;
	d->meta = s->nmeta > 0 ? buf_cstr(&s->meta) : NULL;
	d->in = s->doc;
	d->truncated = 0;
	d->html = s->is_page ? &s->page : NULL;
}

/*
 * Read a web page whole (memory bounded by the page) from fn, or take
 * it from s->raw when fn is NULL, and parse it into s->page; its
 * paragraphs separated by blank lines are the document's text for
 * readers of lines.  Metadata is made after this, as it may come from
 * the page.
 */
/* All the bytes fn gives, into s->raw; 0 if none could be read. */
static int
page_fill(struct source *s, input_read_fn fn, void *ctx)
{
	ssize_t got;

	buf_clear(&s->raw);
	for (;;) {
		buf_reserve(&s->raw, 65536);
		got = fn(ctx, s->raw.data + s->raw.len, s->raw.cap -
		    s->raw.len - 1);
		if (got < 0) {
			/* Cut short: what came is still a page. */
			s->failed = 1;
			return s->raw.len > 0;
		}
		if (got == 0)
			return 1;
		s->raw.len += (size_t)got;
	}
}

static int
page_read(struct source *s, input_read_fn fn, void *ctx,
    const char *content_type)
{
	const char *label;
	size_t i;

	if (fn != NULL && !page_fill(s, fn, ctx))
		return 0;
	if (s->html == NULL)
		s->html = html_parser_new();
	if (html_parse(s->html, s->raw.data != NULL ? s->raw.data : "",
	    s->raw.len, content_type, &s->page) == -1) {
		warnx("%s: %s: page too large to parse", s->name,
		    buf_cstr(&s->id));
		s->failed = 1;
		return 0;
	}
	s->is_page = 1;
	s->nrepairs += s->page.repairs;
	s->nnuls += s->page.nuls;
	if (s->page.unknown_charset) {
		/* Once per label and operand. */
		for (label = s->reported.data; label != NULL &&
		    label < s->reported.data + s->reported.len;
		    label += strlen(label) + 1)
			if (strcmp(label, s->page.charset) == 0)
				break;
		if (label == NULL || label >= s->reported.data +
		    s->reported.len) {
			warnx("%s: %s: unknown charset \"%s\": read as UTF-8, "
			    "invalid bytes replaced", s->name,
			    buf_cstr(&s->id), s->page.charset);
			buf_adds(&s->reported, s->page.charset);
			buf_addc(&s->reported, '\0');
		}
	}
	buf_clear(&s->text);
	for (i = 0; i < s->page.nblocks; i++) {
		if (i > 0)
			buf_adds(&s->text, "\n\n");
		buf_add(&s->text, s->page.text.data + s->page.blocks[i].text,
		    s->page.blocks[i].textlen);
	}
	s->docpos = 0;
	return 1;
}


/* Hidden: a name in the path starts with a dot, as directory walks skip. */
static int
hidden(const char *p)
{
	for (;;) {
		if (p[0] == '.' && p[1] != '/' && p[1] != '\0' &&
		    !(p[1] == '.' && (p[2] == '/' || p[2] == '\0')))
			return 1;
		if ((p = strchr(p, '/')) == NULL)
			return 0;
		p++;
	}
}

/*
 * A member that is text is read whole before its first line is handed
 * out, so that one the archive ends inside is known before any of it is
 * written: dropped, or kept and marked when the options say so, never
 * passed off as complete.  Memory grows with the largest member.
 */
static int
archive_document(struct source *s, struct source_document *d)
{
	const char *path, *why;
	time_t t;
	int rc, have, cut, html;

	for (;;) {
		if ((rc = archive_reader_next(s->ar, &path)) <= 0) {
			if (rc < 0)
				s->failed = 1;
			return 0;
		}
		if (*path == '\0' || hidden(path))
			continue;
		s->member.len = s->member.pos = 0;
		cut = replay_fill(&s->member, SNIFF_SIZE) == -1;
		html = html_detect(s->member.data, s->member.len);
		if (s->member.len > 0 && !html &&
		    !sniff_text(s->member.data, s->member.len)) {
			if (cut) {
				warnx("%s: %s: %s", s->name, path,
				    archive_reader_reason(s->ar));
				s->failed = 1;
			} else
				s->nbinary++;
			continue;
		}
		if (!cut)
			cut = replay_fill_all(&s->member) == -1;
		if (cut) {
			s->failed = 1;
			why = archive_reader_reason(s->ar);
			if (!s->opt->keep_truncated || s->member.len == 0) {
				warnx("%s: %s: %s: document dropped", s->name,
				    path, why);
				continue;
			}
			warnx("%s: %s: %s: document kept as truncated=1",
			    s->name, path, why);
		} else if (s->member.len == 0)
			continue;
		buf_clear(&s->id);
		id_add(&s->id, s->name, strlen(s->name));
		buf_addc(&s->id, ':');
		id_add(&s->id, path, strlen(path));
		if (html && !page_read(s, replay_read, &s->member, NULL))
			continue;
		have = archive_reader_mtime(s->ar, &t);
		meta_file(s, have, t);
		if (html)
			document(s, d, text_read, s);
		else
			document(s, d, replay_read, &s->member);
		d->truncated = cut;
		return 1;
	}
}

static ssize_t
warc_content(void *ctx, void *p, size_t n)
{
	return warc_read(ctx, p, n);
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
	id_add(b, v, n);
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

static int
is_html_type(const char *v)
{
	while (*v == ' ' || *v == '\t')
		v++;
	return strncasecmp(v, "text/html", 9) == 0 ||
	    strncasecmp(v, "application/xhtml+xml", 21) == 0;
}

/*
 * A response record holding a web page: an HTTP response with a wanted
 * status and an HTML Content-Type (or none and HTML bytes), or a
 * resource record of HTML.  0 when the record is no page (counted).
 */
static int
warc_page(struct source *s, const struct warc_record *r, int response)
{
	const char *v, *reason, *type;

	s->have_http = 0;
	if (!page_fill(s, warc_content, s->warc))
		return 0;
	if (!response) {
		type = warc_header(s->warc, "Content-Type");
		if (type != NULL ? !is_html_type(type) :
		    !html_detect(s->raw.data, s->raw.len))
			return 0;
		return page_read(s, NULL, NULL, type);
	}
	if (http_response_parse(&s->http, s->raw.data, s->raw.len,
	    &reason) == -1) {
		if (s->http.status == 0 || strcmp(reason,
		    "HTTP header not ended") == 0) {
			s->nnothtml++;
			return 0;
		}
		warnx("%s: record %" PRIu64 " at byte %" PRIu64 ": %s",
		    s->name, r->number, r->offset, reason);
		s->failed = 1;
		return 0;
	}
	s->have_http = 1;
	if (!status_wanted(s->opt->http_status, s->http.status)) {
		s->nstatus++;
		return 0;
	}
	v = s->http.content_type;
	if (v != NULL ? !is_html_type(v) :
	    !html_detect(s->http.body.data, s->http.body.len)) {
		s->nnothtml++;
		return 0;
	}
	/* The page is the body: swap it in as the bytes to parse. */
	buf_clear(&s->raw);
	buf_add(&s->raw, s->http.body.data, s->http.body.len);
	return page_read(s, NULL, NULL, v);
}

/* The id of a WARC record: its target URI, its record id, or FILE#N. */
static void
warc_id(struct source *s, const struct warc_record *r)
{
	const char *v;

	buf_clear(&s->id);
	if ((v = warc_header(s->warc, "WARC-Target-URI")) != NULL &&
	    *v != '\0')
		uri_add(&s->id, v);
	else if ((v = warc_header(s->warc, "WARC-Record-ID")) != NULL &&
	    *v != '\0')
		uri_add(&s->id, v);
	else {
		id_add(&s->id, s->name, strlen(s->name));
		number_add(&s->id, '#', r->number);
	}
}

static int
warc_document(struct source *s, struct source_document *d)
{
	struct warc_record r;
	int rc, response;

	while ((rc = warc_next(s->warc, &r)) == 1) {
		s->is_page = 0;
		response = strcmp(r.type, "response") == 0;
		if (response || strcmp(r.type, "resource") == 0) {
			warc_id(s, &r);
			if (!warc_page(s, &r, response))
				continue;
			meta_warc(s);
			document(s, d, text_read, s);
			return 1;
		}
		if (strcmp(r.type, "conversion") != 0)
			continue;
		warc_id(s, &r);
		meta_warc(s);
		document(s, d, warc_content, s->warc);
		return 1;
	}
	if (rc < 0)
		s->failed = 1;
	return 0;
}

static ssize_t
text_read(void *ctx, void *p, size_t n)
{
	struct source *s = ctx;

	if (n > s->text.len - s->docpos)
		n = s->text.len - s->docpos;
	memcpy(p, s->text.data + s->docpos, n);
	s->docpos += n;
	return (ssize_t)n;
}

/* The first of members[from, from + n) that is a non-empty string. */
static const struct json_member *
first_string(const struct source *s, size_t from, size_t n, int number)
{
	const struct json_member *m;

	for (m = s->members + from; m < s->members + from + n; m++)
		if ((m->type == JSON_STRING || (number &&
		    m->type == JSON_NUMBER)) && m->value.len > 0)
			return m;
	return NULL;
}

static void
text_fields_missing(const struct source *s, uint64_t lineno)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < s->ntext; i++) {
		if (i > 0)
			buf_adds(&b, i + 1 < s->ntext ? ", " : " or ");
		buf_addc(&b, '"');
		buf_adds(&b, s->members[i].name);
		buf_addc(&b, '"');
	}
	warnx("%s: line %" PRIu64 ": no text in %s", s->name, lineno,
	    buf_cstr(&b));
	buf_free(&b);
}

/* Metadata of a JSON Lines document: members, else what its page has. */
static void
jsonl_meta(struct source *s)
{
	const struct json_member *m;
	size_t i, k;

	buf_clear(&s->meta);
	k = s->ntext + s->ntitle + s->nid;
	for (i = 0; i < s->nmeta; i++) {
		if (i > 0)
			buf_addc(&s->meta, '\t');
		m = &s->members[k + i];
		if (m->value.len == 0 && m->type != JSON_STRING)
			page_field_add(s, s->meta_names[i]);
		else
			field_add(&s->meta, m->value.data != NULL ?
			    m->value.data : "", m->value.len);
	}
}

/*
 * A document out of the object just parsed into s->members, found at
 * line lineno: 1, or 0 when it has no text (reported).  The id falls back
 * to FILE:LINE (or FILE for a file that is one object).
 */
static int
json_fill(struct source *s, struct source_document *d, uint64_t lineno)
{
	const struct json_member *text, *title, *id;
	size_t i, k;

	if ((text = first_string(s, 0, s->ntext, 0)) == NULL) {
		text_fields_missing(s, lineno);
		s->failed = 1;
		return 0;
	}
	title = first_string(s, s->ntext, s->ntitle, 0);
	id = first_string(s, s->ntext + s->ntitle, s->nid, 1);
	buf_clear(&s->text);
	if (title != NULL) {
		buf_add(&s->text, title->value.data, title->value.len);
		buf_adds(&s->text, SOURCE_TITLE_END);
	}
	buf_add(&s->text, text->value.data, text->value.len);
	s->docpos = 0;
	buf_clear(&s->id);
	if (id != NULL)
		id_add(&s->id, id->value.data, id->value.len);
	else {
		id_add(&s->id, s->name, strlen(s->name));
		if (s->jmode != JMODE_OBJECT)
			number_add(&s->id, ':', lineno);
	}
	s->is_page = 0;
	if (s->opt->html_fields != NULL) {
		/* The member holds a page: its title is the page's. */
		buf_clear(&s->raw);
		buf_add(&s->raw, text->value.data, text->value.len);
		if (!page_read(s, NULL, NULL, NULL))
			return 0;
	}
	/* What was asked for and is not there is counted, and said once. */
	s->ndocs++;
	s->nnoid += id == NULL;
	s->nnotitle += title == NULL && s->opt->title_fields != NULL &&
	    s->ntitle > 0;
	k = s->ntext + s->ntitle + s->nid;
	for (i = 0; i < s->nmeta && !s->is_page; i++)
		s->nmissing[i] += s->members[k + i].type == JSON_ABSENT;
	jsonl_meta(s);
	document(s, d, text_read, s);
	return 1;
}

/* The line and column (from 1) of byte off of s->whole. */
static void
whole_where(const struct source *s, size_t off, uint64_t *line, size_t *col)
{
	const char *p = s->whole.data, *nl;

	*line = s->wholeline;
	while ((nl = memchr(p, '\n', off - (size_t)(p - s->whole.data))) !=
	    NULL) {
		(*line)++;
		p = nl + 1;
	}
	*col = off - (size_t)(p - s->whole.data) + 1;
}

static void
json_invalid(struct source *s, uint64_t line, size_t col, const char *why)
{
	warnx("%s: line %" PRIu64 ": invalid JSON at byte %zu: %s", s->name,
	    line, col, why);
	s->failed = 1;
}

/* The next line of JSON Lines, from the input or from s->whole. */
static char *
json_line(struct source *s, size_t *len, uint64_t *lineno)
{
	char *line, *nl;

	if (s->jmode != JMODE_BUFFERED_LINES) {
		if ((line = input_line(s->in, len)) != NULL)
			*lineno = input_lineno(s->in);
		return line;
	}
	if (s->wholepos >= s->whole.len)
		return NULL;
	line = s->whole.data + s->wholepos;
	if ((nl = memchr(line, '\n', s->whole.len - s->wholepos)) == NULL)
		nl = s->whole.data + s->whole.len;
	*len = (size_t)(nl - line);
	*nl = '\0';
	s->wholepos += *len + 1;
	*lineno = s->wholeline++;
	return line;
}

static int
blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && (p[i] == ' ' || p[i] == '\t'); i++)
		continue;
	return i == n;
}

/* 1 if some of the next few lines of s->whole hold a JSON object. */
static int
more_json_lines(struct source *s)
{
	const char *p = s->whole.data, *end = p + s->whole.len, *nl;
	struct json_error e;
	int tried = 0;

	while (tried < 8 && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		p = nl + 1;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (blank(p, (size_t)(nl - p)))
			continue;
		tried++;
		if (json_object_members(p, (size_t)(nl - p), s->members,
		    s->nmembers, &e) == 0)
			return 1;
	}
	return 0;
}

/*
 * JSON Lines, one object per file, or an array of objects, told by
 * content: a first line that is a whole object is JSON Lines, streamed.
 * Otherwise the input is read whole (memory grows with the file) and is
 * one object or an array; when it is neither, it is still JSON Lines if
 * one of the next lines is an object (a first line cut short), else it
 * is reported once.
 */
static void
json_decide(struct source *s)
{
	struct json_error e;
	uint64_t lineno, line;
	size_t len, i, col;
	char *p;

	s->jmode = JMODE_DONE;
	do {
		if ((p = input_line(s->in, &len)) == NULL)
			return;
	} while (blank(p, len));
	lineno = input_lineno(s->in);
	buf_clear(&s->whole);
	buf_add(&s->whole, p, len);
	s->wholeline = lineno;
	if (json_object_members(p, len, s->members, s->nmembers, &e) == 0) {
		s->jmode = JMODE_BUFFERED_LINES;	/* this line, then the input */
		s->wholepos = 0;
		return;
	}
	while ((p = input_line(s->in, &len)) != NULL) {
		buf_addc(&s->whole, '\n');
		buf_add(&s->whole, p, len);
	}
	buf_cstr(&s->whole);
	for (i = 0; s->whole.data[i] == ' ' || s->whole.data[i] == '\t' ||
	    s->whole.data[i] == '\n'; i++)
		continue;
	if (s->whole.data[i] == '[') {
		s->jmode = JMODE_ARRAY;
		s->wholepos = 0;
		return;
	}
	if (json_object_members(s->whole.data, s->whole.len, s->members,
	    s->nmembers, &e) == 0) {
		s->jmode = JMODE_OBJECT;
		return;
	}
	if (more_json_lines(s)) {
		s->jmode = JMODE_BUFFERED_LINES;
		s->wholepos = 0;
		s->wholelines = 1;
		return;
	}
	whole_where(s, e.offset, &line, &col);
	json_invalid(s, line, col, e.reason);
}

static int
json_document(struct source *s, struct source_document *d)
{
	struct json_error e;
	uint64_t lineno, line;
	size_t len, from, elen, col;
	char *p;
	int rc;

	if (s->jmode == JMODE_UNDECIDED)
		json_decide(s);
	switch (s->jmode) {
	case JMODE_OBJECT:
		s->jmode = JMODE_DONE;
		return json_fill(s, d, s->wholeline);
	case JMODE_ARRAY:
		while ((rc = json_array_next(s->whole.data, s->whole.len,
		    &s->wholepos, &from, &elen, &e)) == 1) {
			whole_where(s, from, &line, &col);
			if (json_object_members(s->whole.data + from, elen,
			    s->members, s->nmembers, &e) == -1)
				continue;	/* checked by the array walk */
			if (json_fill(s, d, line))
				return 1;
		}
		if (rc == -1) {
			whole_where(s, e.offset, &line, &col);
			json_invalid(s, line, col, e.reason);
		}
		s->jmode = JMODE_DONE;
		return 0;
	case JMODE_BUFFERED_LINES:
	case JMODE_LINES:
		break;
	default:
		return 0;
	}
	for (;;) {
		if ((p = json_line(s, &len, &lineno)) == NULL) {
			if (s->jmode == JMODE_LINES || s->wholelines)
				return 0;
			/* The first line is done: the input goes on. */
			s->jmode = JMODE_LINES;
			continue;
		}
		if (blank(p, len))
			continue;
		if (json_object_members(p, len, s->members, s->nmembers,
		    &e) == -1) {
			json_invalid(s, lineno, e.offset + 1, e.reason);
			continue;
		}
		if (json_fill(s, d, lineno))
			return 1;
	}
}

/* The format of what s->in holds, by its first bytes. */
static int
sniff(struct source *s)
{
	const char *p;
	size_t n;
	int whole;

	p = input_peek(s->in, SNIFF_SIZE, &n);
	whole = n < SNIFF_SIZE;
	if (!whole && sniff_zeros(p, n) == n) {
		p = input_peek(s->in, SNIFF_ZEROS_MAX, &n);
		whole = n < SNIFF_ZEROS_MAX;
	}
	switch (sniff_content(p, n, whole)) {
	case SNIFF_TAR:
		return SOURCE_TAR;
	case SNIFF_TAR_EMPTY:
		return -1;
	case SNIFF_ZEROS:
		warnx("%s: not text: only NUL bytes in the first %d bytes",
		    s->name, SNIFF_ZEROS_MAX);
		s->failed = 1;
		return -1;
	case SNIFF_ZIP:
		return SOURCE_ZIP;
	case SNIFF_7Z:
		return SOURCE_7Z;
	case SNIFF_WARC:
		return SOURCE_WARC;
	case SNIFF_JSON:
		return SOURCE_JSONL;
	default:
		return html_detect(p, n) ? SOURCE_HTML : SOURCE_TEXT;
	}
}

/*
 * Archives are read from the uncompressed stream, or straight from the
 * file when it is a plain one, so that members can be seeked past and a
 * zip or 7z directory found at the end.
 */
static int
archive_open(struct source *s, int format)
{
	static const int kinds[] = {
		[SOURCE_TAR] = ARCHIVE_READER_TAR,
		[SOURCE_ZIP] = ARCHIVE_READER_ZIP,
		[SOURCE_7Z] = ARCHIVE_READER_7Z
	};
	int plain = input_codec(s->in) == SNIFF_PLAIN;

	if (plain && s->regular)
		s->ar = archive_reader_open_file(s->fd, s->base, s->name,
		    kinds[format]);
	else if (format == SOURCE_7Z) {
		warnx("%s: a 7z archive must be read from a file, not %s "
		    "(its directory is at the end)", s->name,
		    plain ? "a pipe" : "through decompression");
		return -1;
	} else
		s->ar = archive_reader_open(stream_read, s->in, s->name,
		    kinds[format]);
	if (s->ar == NULL)
		return -1;
	s->member.fn = archive_reader_read;
	s->member.ctx = s->ar;
	s->archive = 1;
	return 0;
}

/*
 * Open path ("-" for standard input), shown as name in ids and messages.
 * NULL after a message.
 */
struct source *
source_open(const char *path, const char *name,
    const struct source_options *opt)
{
	struct source *s;
	struct stat st;
	int format;

	s = xcalloc(1, sizeof(*s));
	s->opt = opt;
	s->name = xstrdup(name != NULL ? name : path);
	if (strcmp(path, "-") == 0)
		s->fd = STDIN_FILENO;
	else if ((s->fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		warn("%s", s->name);
		goto fail;
	} else
		s->close_fd = 1;
	if (fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode)) {
		s->regular = (s->base = lseek(s->fd, 0, SEEK_CUR)) != -1;
		s->have_mtime = 1;
		s->mtime = st.st_mtime;
	}
	if (opt->meta != NULL) {
		s->lists[0] = xstrdup(opt->meta);
		s->nmeta = split_names(s->lists[0], &s->meta_names);
	}
	s->in = input_open_fd(s->fd, s->name, opt->input_flags);

	if ((format = opt->format) == SOURCE_AUTO &&
	    (format = sniff(s)) == -1) {
		s->done = 1;
		return s;
	}
	if (format == SOURCE_TAR || format == SOURCE_ZIP ||
	    format == SOURCE_7Z) {
		if (archive_open(s, format) == -1)
			goto fail;
		return s;
	}
	s->format = format;
	if (format == SOURCE_WARC)
		s->warc = warc_open(s->in);
	else if (format == SOURCE_JSONL)
		jsonl_setup(s);
	return s;
fail:
	source_close(s);
	return NULL;
}

/* The next document: 1, or 0 when there is none left. */
int
source_next(struct source *s, struct source_document *d)
{
	int rc;

	if (s->doc != NULL && s->doc != s->in && input_close(s->doc) == -1)
		s->failed = 1;
	s->doc = NULL;
	s->is_page = 0;
	d->html = NULL;
	if (s->done)
		return 0;
	if (s->archive)
		rc = archive_document(s, d);
	else if (s->format == SOURCE_WARC)
		rc = warc_document(s, d);
	else if (s->format == SOURCE_JSONL)
		rc = json_document(s, d);
	else if (s->format == SOURCE_HTML) {
		buf_clear(&s->id);
		id_add(&s->id, s->name, strlen(s->name));
		rc = page_read(s, stream_read, s->in, NULL);
		if (rc) {
			meta_file(s, s->have_mtime, s->mtime);
			document(s, d, text_read, s);
		}
		s->done = 1;
	} else {
		buf_clear(&s->id);
		id_add(&s->id, s->name, strlen(s->name));
		meta_file(s, s->have_mtime, s->mtime);
		buf_cstr(&s->id);
		d->id = s->id.data;
		d->meta = s->nmeta > 0 ? buf_cstr(&s->meta) : NULL;
		d->in = s->doc = s->in;
		d->truncated = 0;
		rc = 1;
		s->done = 1;
	}
	if (rc == 0)
		s->done = 1;
	return rc;
}

/* 0, or -1 if anything could not be read. */
int
source_close(struct source *s)
{
	int failed;
	size_t i;

	if (s == NULL)
		return 0;
	if (s->doc != NULL && s->doc != s->in && input_close(s->doc) == -1)
		s->failed = 1;
	warc_close(s->warc);
	if (s->ar != NULL) {
		if (archive_reader_failed(s->ar))
			s->failed = 1;
		archive_reader_close(s->ar);
	}
	if (s->in != NULL && input_close(s->in) == -1)
		s->failed = 1;
	if (s->close_fd && close(s->fd) == -1) {
		warn("%s", s->name);
		s->failed = 1;
	}
	if (s->nbinary > 0)
		warnx("%s: %" PRIu64 " member%s skipped: not text", s->name,
		    s->nbinary, s->nbinary == 1 ? "" : "s");
	if (s->nmissing != NULL)
		json_report(s);
	if (s->nnothtml > 0)
		warnx("%s: %" PRIu64 " response record%s skipped: not HTML",
		    s->name, s->nnothtml, s->nnothtml == 1 ? "" : "s");
	if (s->nstatus > 0)
		warnx("%s: %" PRIu64 " response record%s skipped: HTTP status "
		    "not %s (see --http-status)", s->name, s->nstatus,
		    s->nstatus == 1 ? "" : "s", s->opt->http_status != NULL ?
		    s->opt->http_status : "200");
	if (s->nrepairs > 0)
		warnx("%s: %" PRIu64 " byte%s of web pages invalid in their "
		    "charset, replaced by U+FFFD", s->name, s->nrepairs,
		    s->nrepairs == 1 ? "" : "s");
	if (s->nnuls > 0)
		warnx("%s: %" PRIu64 " NUL byte%s in web pages read as "
		    "spaces", s->name, s->nnuls, s->nnuls == 1 ? "" : "s");
	failed = s->failed;
	free(s->name);
	free(s->member.data);
	buf_free(&s->id);
	buf_free(&s->meta);
	buf_free(&s->text);
	buf_free(&s->raw);
	buf_free(&s->reported);
	http_response_free(&s->http);
	html_page_free(&s->page);
	html_parser_free(s->html);
	for (i = 0; i < s->nmembers; i++)
		buf_free(&s->members[i].value);
	free(s->members);
	free(s->nmissing);
	buf_free(&s->whole);
	free(s->meta_names);
	for (i = 0; i < sizeof(s->lists) / sizeof(s->lists[0]); i++)
		free(s->lists[i]);
	free(s);
	return failed ? -1 : 0;
}
