/*
 * newswire: where documents come from.
 *
 * An operand is a text file, an archive, a WARC file or a JSON Lines
 * dump, told apart by its first bytes and never by its name, so that a
 * pipe works as well as a file.  Whatever it is, the caller gets one
 * document after another: an id, metadata asked for by name, and an
 * input handing out the text line by line.  Nothing is unpacked to disk
 * and only one document's lines are held at a time.
 *
 * The first bytes read to choose the format are replayed to the reader
 * that takes over, so the operand is read exactly once.
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

#include <zlib.h>

#include "nw-private.h"

#define PEEK_SIZE	4096		/* bytes looked at to choose */
#define PEEK_MAX	(64 * 1024)	/* gzip bytes inflated to see them */
#define TAR_BLOCK	512

/* Bytes already read, then the rest from a read function. */
struct replay {
	unsigned char	*data;
	size_t		 len, pos;
	input_read_fn	 fn;
	void		*ctx;
};

struct fd_reader {
	int		 fd;
	int		 failed;
	const char	*name;
};

struct source {
	char			*name;
	const struct source_options *opt;
	int			 format;	/* SOURCE_TEXT, _ARCHIVE, ... */
	int			 fd, close_fd;
	int			 regular;	/* a file, which can seek */
	int			 archive;	/* documents are members */
	int			 failed;
	int			 done;
	int			 have_mtime;
	time_t			 mtime;

	struct fd_reader	 fdr;
	struct replay		 stream;	/* the operand's bytes */
	struct archive_reader	*ar;
	const char		*path;		/* a member not yet handed out */
	int			 pending;
	struct input		*in;		/* the operand, when not archive */
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

static ssize_t
fd_read(void *ctx, void *p, size_t n)
{
	struct fd_reader *f = ctx;
	ssize_t got;

	while ((got = read(f->fd, p, n)) == -1 && errno == EINTR)
		continue;
	if (got == -1) {
		warn("%s", f->name);
		f->failed = 1;
	}
	return got;
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

/* The first bytes a gzip stream inflates to, as many as out holds. */
static size_t
gzip_peek(const unsigned char *p, size_t n, unsigned char *out, size_t cap)
{
	z_stream z;
	size_t got;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return 0;
	z.next_in = (unsigned char *)p;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	(void)inflate(&z, Z_SYNC_FLUSH);
	got = cap - z.avail_out;
	inflateEnd(&z);
	return got;
}

static int
is_gzip(const unsigned char *p, size_t n)
{
	return n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

/* Compression that libarchive undoes and input.c does not. */
static int
is_compressed(const unsigned char *p, size_t n)
{
	static const unsigned char xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
	static const unsigned char zstd[] = { 0x28, 0xb5, 0x2f, 0xfd };
	static const unsigned char lz4[] = { 0x04, 0x22, 0x4d, 0x18 };
	static const unsigned char bz2block[] = { 0x31, 0x41, 0x59, 0x26,
	    0x53, 0x59 };
	static const unsigned char bz2end[] = { 0x17, 0x72, 0x45, 0x38,
	    0x50, 0x90 };

	if (n >= 6 && memcmp(p, xz, 6) == 0)
		return 1;
	if (n >= 4 && (memcmp(p, zstd, 4) == 0 || memcmp(p, lz4, 4) == 0 ||
	    memcmp(p, "LZIP", 4) == 0))
		return 1;
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x9d)	/* compress(1) */
		return 1;
	return n >= 10 && memcmp(p, "BZh", 3) == 0 && p[3] >= '1' &&
	    p[3] <= '9' && (memcmp(p + 4, bz2block, 6) == 0 ||
	    memcmp(p + 4, bz2end, 6) == 0);
}

static int
is_zip(const unsigned char *p, size_t n)
{
	return n >= 4 && p[0] == 'P' && p[1] == 'K' &&
	    ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6));
}

static int
is_7z(const unsigned char *p, size_t n)
{
	static const unsigned char magic[] = { '7', 'z', 0xbc, 0xaf, 0x27,
	    0x1c };

	return n >= 6 && memcmp(p, magic, 6) == 0;
}

/*
 * A tar header: "ustar" where POSIX puts it, or a v7 header's checksum;
 * or the two zero blocks that end an archive, all an empty one holds.
 */
static int
is_tar(const unsigned char *p, size_t n)
{
	unsigned long sum = 0, want = 0;
	size_t i;

	if (n < TAR_BLOCK)
		return 0;
	if (p[0] == '\0') {
		for (i = 0; i < 2 * TAR_BLOCK && i < n; i++)
			if (p[i] != '\0')
				return 0;
		return i == 2 * TAR_BLOCK;
	}
	if (memcmp(p + 257, "ustar", 5) == 0)
		return 1;
	for (i = 0; i < TAR_BLOCK; i++)
		sum += i >= 148 && i < 156 ? ' ' : p[i];
	for (i = 148; i < 156 && p[i] == ' '; i++)
		continue;
	if (i == 156 || p[i] < '0' || p[i] > '7')
		return 0;
	for (; i < 156 && p[i] >= '0' && p[i] <= '7'; i++)
		want = want * 8 + (unsigned long)(p[i] - '0');
	if (i < 156 && p[i] != ' ' && p[i] != '\0')
		return 0;
	return sum == want;
}

static int
is_warc(const unsigned char *p, size_t n)
{
	return n >= 5 && memcmp(p, "WARC/", 5) == 0;
}

/*
 * JSON Lines: the first thing that is not blank is an object that opens
 * with a member name, or is empty.  Plain text seldom starts so.
 */
static int
is_jsonl(const unsigned char *p, size_t n)
{
	size_t i = 0;

	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n'))
		i++;
	if (i == n || p[i++] != '{')
		return 0;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n'))
		i++;
	return i < n && (p[i] == '"' || p[i] == '}');
}

/* What uncompressed bytes are: tar, WARC, JSON Lines or text. */
static int
content_format(const unsigned char *p, size_t n)
{
	if (is_tar(p, n))
		return SOURCE_TAR;
	if (is_warc(p, n))
		return SOURCE_WARC;
	if (is_jsonl(p, n))
		return SOURCE_JSONL;
	if (html_detect(p, n))
		return SOURCE_HTML;
	return SOURCE_TEXT;
}

/*
 * Text, not an image or a program: no NUL, and at most one byte in ten
 * a control character or outside well-formed UTF-8 (text in Latin-1 or
 * Windows-1252 passes, and is repaired later).
 */
static int
looks_like_text(const unsigned char *p, size_t n)
{
	size_t i = 0, bad = 0, k;
	int32_t cp;

	if (is_gzip(p, n)) {
		unsigned char out[PEEK_SIZE];

		n = gzip_peek(p, n, out, sizeof(out));
		return n > 0 && looks_like_text(out, n);
	}
	while (i < n) {
		if (p[i] < 0x80) {
			if (p[i] == 0)
				return 0;
			if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' &&
			    p[i] != '\r' && p[i] != '\f' && p[i] != '\v' &&
			    p[i] != 0x1b)
				bad++;
			i++;
			continue;
		}
		if ((k = utf8_decode(p + i, n - i, &cp)) == 0) {
			if (n - i < 4)	/* maybe cut short by the sample */
				break;
			k = utf8_invalid_span(p + i, n - i);
			bad += k;
		}
		i += k;
	}
	return bad * 10 <= n;
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

/* A member path as its id shows it: without a leading "./" or "/". */
static const char *
member_path(const char *p)
{
	for (;;) {
		if (p[0] == '/')
			p++;
		else if (p[0] == '.' && p[1] == '/')
			p += 2;
		else
			return p;
	}
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

static int
archive_document(struct source *s, struct source_document *d)
{
	const char *path;
	time_t t;
	int rc, have, html;

	for (;;) {
		if (s->pending) {
			s->pending = 0;
			path = s->path;
		} else if ((rc = archive_reader_next(s->ar, &path)) <= 0) {
			if (rc < 0)
				s->failed = 1;
			return 0;
		}
		path = member_path(path);
		if (*path == '\0' || hidden(path))
			continue;
		s->member.len = s->member.pos = 0;
		/* A member cut short still gives what it has. */
		if (replay_fill(&s->member, PEEK_SIZE) == -1) {
			s->failed = 1;
			if (s->member.len == 0)
				continue;
		}
		html = html_detect(s->member.data, s->member.len);
		if (!html && !looks_like_text(s->member.data, s->member.len)) {
			s->nbinary++;
			continue;
		}
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

static int
jsonl_document(struct source *s, struct source_document *d)
{
	const struct json_member *text, *title, *id;
	struct json_error e;
	uint64_t lineno;
	size_t len, i;
	char *line;

	while ((line = input_line(s->in, &len)) != NULL) {
		lineno = input_lineno(s->in);
		for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
			continue;
		if (i == len)
			continue;
		if (json_object_members(line, len, s->members, s->nmembers,
		    &e) == -1) {
			warnx("%s: line %" PRIu64 ": invalid JSON at byte "
			    "%zu: %s", s->name, lineno, e.offset + 1,
			    e.reason);
			s->failed = 1;
			continue;
		}
		if ((text = first_string(s, 0, s->ntext, 0)) == NULL) {
			text_fields_missing(s, lineno);
			s->failed = 1;
			continue;
		}
		title = first_string(s, s->ntext, s->ntitle, 0);
		id = first_string(s, s->ntext + s->ntitle, s->nid, 1);
		buf_clear(&s->id);
		if (id != NULL)
			id_add(&s->id, id->value.data, id->value.len);
		else {
			id_add(&s->id, s->name, strlen(s->name));
			number_add(&s->id, ':', lineno);
		}
		s->is_page = 0;
		if (s->opt->html_fields != NULL) {
			/* The member holds a page: its title is the page's. */
			buf_clear(&s->raw);
			buf_add(&s->raw, text->value.data, text->value.len);
			if (!page_read(s, NULL, NULL, NULL))
				continue;
			jsonl_meta(s);
			document(s, d, text_read, s);
			return 1;
		}
		buf_clear(&s->text);
		if (title != NULL) {
			buf_add(&s->text, title->value.data, title->value.len);
			buf_adds(&s->text, SOURCE_TITLE_END);
		}
		buf_add(&s->text, text->value.data, text->value.len);
		s->docpos = 0;
		jsonl_meta(s);
		document(s, d, text_read, s);
		return 1;
	}
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
	unsigned char *p, sample[PEEK_SIZE];
	size_t n, got, want;
	int format, archive, rc;

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
		s->regular = 1;
		s->have_mtime = 1;
		s->mtime = st.st_mtime;
	}
	if (opt->meta != NULL) {
		s->lists[0] = xstrdup(opt->meta);
		s->nmeta = split_names(s->lists[0], &s->meta_names);
	}
	s->fdr.fd = s->fd;
	s->fdr.name = s->name;
	s->stream.fn = fd_read;
	s->stream.ctx = &s->fdr;
	s->member.fn = archive_reader_read;
	if (replay_fill(&s->stream, PEEK_SIZE) == -1)
		goto fail;
	p = s->stream.data;
	n = s->stream.len;

	format = opt->format;
	archive = -1;		/* no archive_reader */
	switch (format) {
	case SOURCE_TAR:
		archive = ARCHIVE_READER_TAR;
		break;
	case SOURCE_ZIP:
		archive = ARCHIVE_READER_ZIP;
		break;
	case SOURCE_7Z:
		archive = ARCHIVE_READER_7Z;
		break;
	case SOURCE_AUTO:
		if (is_7z(p, n) && !s->regular) {
			warnx("%s: a 7z archive must be read from a file, "
			    "not a pipe (its directory is at the end)",
			    s->name);
			goto fail;
		}
		if (is_zip(p, n) || is_7z(p, n) || is_compressed(p, n)) {
			archive = ARCHIVE_READER_ANY;
			break;
		}
		if (is_gzip(p, n)) {
			/* Inflate enough to see a tar header, if it is one. */
			for (want = PEEK_SIZE;; want *= 2) {
				got = gzip_peek(p, n, sample, sizeof(sample));
				if (got >= TAR_BLOCK || n < want ||
				    want >= PEEK_MAX)
					break;
				if (replay_fill(&s->stream, want * 2) == -1)
					goto fail;
				p = s->stream.data;
				n = s->stream.len;
			}
			format = content_format(sample, got);
		} else
			format = content_format(p, n);
		if (format == SOURCE_TAR)
			archive = ARCHIVE_READER_TAR;
		break;
	default:
		/* Text, WARC and JSON Lines may come compressed all the same. */
		if (is_compressed(p, n))
			archive = ARCHIVE_READER_RAW;
		break;
	}
	if (archive != -1 && is_gzip(p, n)) {
		/* input.c inflates: what came before a cut is all read. */
		s->in = input_open_reader(replay_read, &s->stream, s->name,
		    opt->input_flags);
		s->ar = archive_reader_open(stream_read, s->in, s->name,
		    archive);
	} else if (archive != -1 && s->regular)
		s->ar = archive_reader_open_file(s->fd, s->stream.len, s->name,
		    archive);
	else if (archive != -1)
		s->ar = archive_reader_open(replay_read, &s->stream, s->name,
		    archive);
	if (archive != -1 && s->ar == NULL)
		goto fail;
	s->member.ctx = s->ar;
	if (archive == ARCHIVE_READER_ANY || archive == ARCHIVE_READER_RAW) {
		if ((rc = archive_reader_next(s->ar, &s->path)) <= 0) {
			s->failed = rc < 0;
			s->done = 1;
			return s;
		}
		if (!archive_reader_raw(s->ar)) {
			s->pending = s->archive = 1;
			return s;
		}
		/* One compressed file, no archive: what it holds decides. */
		if (replay_fill(&s->member, PEEK_SIZE) == -1) {
			s->failed = s->done = 1;
			return s;
		}
		if (format == SOURCE_AUTO || format == SOURCE_TAR)
			format = content_format(s->member.data, s->member.len);
		if (format == SOURCE_TAR)	/* not again: read it as text */
			format = SOURCE_TEXT;
		s->in = input_open_reader(replay_read, &s->member, s->name,
		    opt->input_flags);
	} else if (archive != -1) {
		s->archive = 1;
		return s;
	} else
		s->in = input_open_reader(replay_read, &s->stream, s->name,
		    opt->input_flags);
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
		rc = jsonl_document(s, d);
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
	if (s->fdr.failed)
		s->failed = 1;
	if (s->close_fd && close(s->fd) == -1) {
		warn("%s", s->name);
		s->failed = 1;
	}
	if (s->nbinary > 0)
		warnx("%s: %" PRIu64 " member%s skipped: not text", s->name,
		    s->nbinary, s->nbinary == 1 ? "" : "s");
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
	free(s->stream.data);
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
	free(s->meta_names);
	for (i = 0; i < sizeof(s->lists) / sizeof(s->lists[0]); i++)
		free(s->lists[i]);
	free(s);
	return failed ? -1 : 0;
}
