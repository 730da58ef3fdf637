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

	uint64_t		 nbinary, nresponse;

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
};

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
	int rc, have, cut;

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
		if (s->member.len > 0 &&
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
		have = archive_reader_mtime(s->ar, &t);
		meta_file(s, have, t);
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

static int
warc_document(struct source *s, struct source_document *d)
{
	struct warc_record r;
	const char *v;
	int rc;

	while ((rc = warc_next(s->warc, &r)) == 1) {
		if (strcmp(r.type, "response") == 0)
			s->nresponse++;
		if (strcmp(r.type, "conversion") != 0)
			continue;
		buf_clear(&s->id);
		if ((v = warc_header(s->warc, "WARC-Target-URI")) != NULL &&
		    *v != '\0')
			uri_add(&s->id, v);
		else if ((v = warc_header(s->warc, "WARC-Record-ID")) != NULL &&
		    *v != '\0')
			uri_add(&s->id, v);
		else {
			id_add(&s->id, s->name, strlen(s->name));
			number_add(&s->id, '#', r.number);
		}
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

/*
 * A document out of the object just parsed into s->members, found at
 * line lineno: 1, or 0 when it has no text (reported).  The id falls back
 * to FILE:LINE (or FILE for a file that is one object).
 */
static int
json_fill(struct source *s, struct source_document *d, uint64_t lineno)
{
	const struct json_member *text, *title, *id, *m;
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
	/* What was asked for and is not there is counted, and said once. */
	s->ndocs++;
	s->nnoid += id == NULL;
	s->nnotitle += title == NULL && s->opt->title_fields != NULL &&
	    s->ntitle > 0;
	buf_clear(&s->meta);
	k = s->ntext + s->ntitle + s->nid;
	for (i = 0; i < s->nmeta; i++) {
		if (i > 0)
			buf_addc(&s->meta, '\t');
		m = &s->members[k + i];
		s->nmissing[i] += m->type == JSON_ABSENT;
		field_add(&s->meta, m->value.data != NULL ?
		    m->value.data : "", m->value.len);
	}
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
		return SOURCE_TEXT;
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
	if (s->done)
		return 0;
	if (s->archive)
		rc = archive_document(s, d);
	else if (s->format == SOURCE_WARC)
		rc = warc_document(s, d);
	else if (s->format == SOURCE_JSONL)
		rc = json_document(s, d);
	else {
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
	if (s->nresponse > 0)
		warnx("%s: %" PRIu64 " response record%s skipped: only "
		    "conversion records (WET) hold text", s->name,
		    s->nresponse, s->nresponse == 1 ? "" : "s");
	failed = s->failed;
	free(s->name);
	free(s->member.data);
	buf_free(&s->id);
	buf_free(&s->meta);
	buf_free(&s->text);
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
