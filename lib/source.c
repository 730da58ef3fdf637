/*
 * newswire: where documents come from.
 *
 * An operand is a text file, an archive, a WARC file or a JSON Lines
 * dump, told apart by its first bytes and never by its name, so that a
 * pipe works as well as a file; so is each member of an archive.
 * Whatever it is, the caller gets one document after another: an id,
 * metadata asked for by name, and an input handing out the text line by
 * line.  Nothing is unpacked to disk.
 *
 * The operand is read through one input, which undoes any compression;
 * its first uncompressed bytes, looked at without being taken
 * (input_peek()), say what it holds (sniff_content()), and the reader
 * that takes over starts from them, so the operand is read once.  An
 * archive member is read through an input of its own in the same way.
 *
 * This file sniffs the operand and reads plain text and web pages, and
 * holds what every reader shares (ids, metadata fields, the page
 * reader, the layers of compression); archive members are read in
 * sourcearchive.c, JSON Lines in sourcejson.c, WARC files in
 * sourcewarc.c.
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

ssize_t
source_replay_read(void *ctx, void *p, size_t n)
{
	struct replay *r = ctx;
	ssize_t got;

	if (r->pos < r->len) {
		if (n > r->len - r->pos)
			n = r->len - r->pos;
		memcpy(p, r->data + r->pos, n);
		r->pos += n;
		return (ssize_t)n;
	}
	if ((got = r->fn(r->ctx, p, n)) < 0)
		r->failed = 1;
	return got;
}

ssize_t
source_stream_read(void *ctx, void *p, size_t n)
{
	return input_read(ctx, p, n);
}

/*
 * Compressed data compressed again (a .tar.gz served with
 * Content-Encoding: gzip and saved as it came, a member notes.txt.gz.gz)
 * is decoded again, as what it holds, up to SOURCE_LAYERS times over:
 * in, or an input reading what in decodes to, as a stream, and so on.
 * The inputs under the one returned are kept in l, for source_layers_close()
 * once that one is closed.  A file and an archive member are decoded
 * alike, through here.
 */
struct input *
source_layers_open(struct layers *l, struct input *in, const char *name, int flags)
{
	const char *p;
	size_t n;

	while (l->n < SOURCE_LAYERS && input_codec(in) != SNIFF_PLAIN) {
		p = input_peek(in, 16, &n);
		if (sniff_codec(p, n) == SNIFF_PLAIN)
			break;
		l->under[l->n++] = in;
		in = input_open_reader(source_stream_read, in, name, flags);
	}
	return in;
}

/* Close the inputs source_layers_open() kept, the last opened first. */
void
source_layers_close(struct source *s, struct layers *l)
{
	while (l->n > 0)
		if (input_close(l->under[--l->n]) == -1)
			s->failed = 1;
}

/* Fill r->data with up to want bytes from its read function. */
static int
replay_fill(struct replay *r, size_t want)
{
	ssize_t n;

	r->data = xreallocarray(r->data, want, 1);
	while (r->len < want) {
		n = r->fn(r->ctx, r->data + r->len, want - r->len);
		if (n < 0) {
			r->failed = 1;
			return -1;
		}
		if (n == 0)
			break;
		r->len += (size_t)n;
	}
	return 0;
}

/* Read all that is left into r->data: 0, or -1 when it was cut short. */
int
source_replay_fill_all(struct replay *r)
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
void
source_field_add(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = utf8_add_valid(b, s, n); i < b->len; i++)
		if (b->data[i] == '\t' || b->data[i] == '\n' ||
		    b->data[i] == '\r' || b->data[i] == '\0')
			b->data[i] = ' ';
}

void
source_number_add(struct buf *b, int sep, uint64_t n)
{
	char s[32];

	snprintf(s, sizeof(s), "%c%" PRIu64, sep, n);
	buf_adds(b, s);
}

/*
 * A time as ISO 8601, its year in four digits (strftime's %Y writes year
 * 1 as "1"); nothing for a year outside 0000 to 9999.
 */
static void
date_add(struct buf *b, time_t t)
{
	char s[64];
	struct tm tm;

	if (gmtime_r(&t, &tm) != NULL && tm.tm_year >= -1900 &&
	    tm.tm_year <= 9999 - 1900) {
		snprintf(s, sizeof(s), "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
		buf_adds(b, s);
	}
}

/* Split a comma-separated list in place, dropping empty names. */
size_t
source_split_names(char *list, char ***names)
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

/*
 * Whether the fields strptime() filled name a time that exists: strptime
 * takes any day up to 31 and seconds up to 61, which timegm() would
 * carry into another date.  A leap second, 23:59:60, is one.
 */
static int
tm_exists(const struct tm *tm)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int y = tm->tm_year + 1900, d = days[tm->tm_mon];

	if (tm->tm_mon == 1 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		d = 29;
	return tm->tm_mday <= d && (tm->tm_sec < 60 ||
	    (tm->tm_sec == 60 && tm->tm_hour == 23 && tm->tm_min == 59));
}

/*
 * An HTTP date as ISO 8601: in any of the three forms RFC 9110 has a
 * recipient accept (IMF-fixdate, RFC 850's, asctime()'s), the names in
 * English whatever the locale (the tools run in C).  A value that is
 * none of them, or no time that exists (31 February), gives nothing: the
 * field promises a date.  A leap second is written as the second after
 * it, as ISO 8601 times from a time_t cannot hold it.
 */
static void
http_date_add(struct buf *b, const char *v)
{
	static const char *forms[] = {
		"%a, %d %b %Y %H:%M:%S GMT",
		"%A, %d-%b-%y %H:%M:%S GMT",
		"%a %b %e %H:%M:%S %Y"
	};
	struct tm tm;
	const char *end;
	size_t i;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		memset(&tm, 0, sizeof(tm));
		if ((end = strptime(v, forms[i], &tm)) != NULL &&
		    *end == '\0') {
			if (tm_exists(&tm))
				date_add(b, timegm(&tm));
			return;
		}
	}
}

/*
 * Metadata only a web page has: "title", "published" (its publication
 * date), "last-modified" (the HTTP header, in ISO 8601).
 */
void
source_page_field_add(struct source *s, const char *name)
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
		source_field_add(&s->meta, v->data, v->len);
}

/*
 * Metadata of a file or member: its modification time as "date" and as
 * "mtime", which tells a file's date from a document's (a WARC record or
 * JSON object has an "mtime" only as a header or member of its own).
 */
void
source_meta_file(struct source *s, int have_time, time_t t)
{
	size_t i;

	buf_clear(&s->meta);
	for (i = 0; i < s->nmeta; i++) {
		if (i > 0)
			buf_addc(&s->meta, '\t');
		if (have_time && (strcasecmp(s->meta_names[i], "date") == 0 ||
		    strcasecmp(s->meta_names[i], "mtime") == 0))
			date_add(&s->meta, t);
		else
			source_page_field_add(s, s->meta_names[i]);
	}
}

/* The document at hand, its text read from in. */
void
source_document_start(struct source *s, struct source_document *d, struct input *in)
{
	buf_clear(&s->where);
	d->id = buf_cstr(&s->id);
	d->meta = s->nmeta > 0 ? buf_cstr(&s->meta) : NULL;
	d->in = s->doc = in;
	d->truncated = 0;
	d->html = s->is_page ? &s->page : NULL;
}

void
source_document_open(struct source *s, struct source_document *d,
    input_read_fn fn, void *ctx)
{
	struct input *in;

	buf_cstr(&s->id);
	in = input_open_reader(fn, ctx, s->where.len > 0 ?
	    buf_cstr(&s->where) : s->id.data, s->opt->input_flags);
	/* A WARC conversion record's text, say, is read as a file's is. */
	input_set_charset(in, s->opt->charset);
	source_document_start(s, d, in);
}

/* All the bytes fn gives, into b (cleared): 0, or -1 when cut short. */
int
source_read_all(struct buf *b, input_read_fn fn, void *ctx)
{
	ssize_t got;

	buf_clear(b);
	for (;;) {
		buf_reserve(b, 65536);
		got = fn(ctx, b->data + b->len, b->cap - b->len - 1);
		if (got <= 0)
			return got < 0 ? -1 : 0;
		b->len += (size_t)got;
	}
}

/* All the bytes fn gives, into s->raw; 0 if none could be read. */
int
source_page_fill(struct source *s, input_read_fn fn, void *ctx)
{
	if (source_read_all(&s->raw, fn, ctx) == -1) {
		/* Cut short: what came is still a page. */
		s->failed = 1;
		return s->raw.len > 0;
	}
	return 1;
}

/*
 * Read a web page whole (memory bounded by the page) from fn, or take
 * it from s->raw when fn is NULL, and parse it into s->page; its
 * paragraphs separated by blank lines are the document's text for
 * readers of lines, made when one first reads (nw-split takes the
 * paragraphs as they are).  Metadata is made after this, as it may
 * come from the page.  content_type is the HTTP header's, or NULL;
 * is_text says the page is text already (a JSON string), not bytes
 * to decode.
 */
int
source_page_read(struct source *s, input_read_fn fn, void *ctx,
    const char *content_type, int is_text)
{
	const char *label, *id, *sep, *unknown, *name;
	int sniffed;

	if (fn != NULL && !source_page_fill(s, fn, ctx))
		return 0;
	if (s->html == NULL) {
		s->html = html_parser_new();
		html_parser_charset(s->html, s->opt->charset);
	}
	/* For messages: the page's id after its file, unless it is that. */
	id = buf_cstr(&s->id);
	sep = ": ";
	if (strcmp(id, s->file) == 0)
		id = sep = "";
	if (html_parse(s->html, s->raw.data != NULL ? s->raw.data : "",
	    s->raw.len, content_type, is_text, &s->page) == -1) {
		warnx("%s%s%s: page too large to parse", s->file, sep, id);
		s->failed = 1;
		return 0;
	}
	if (s->page.unknown_charset || s->page.ignored[0] != '\0') {
		/* Once per label and operand. */
		unknown = s->page.unknown_charset ? s->page.charset :
		    s->page.ignored;
		for (label = s->reported.data; label != NULL &&
		    label < s->reported.data + s->reported.len;
		    label += strlen(label) + 1)
			if (strcmp(label, unknown) == 0)
				break;
		if (label == NULL || label >= s->reported.data +
		    s->reported.len) {
			if (s->page.unknown_charset)
				warnx("%s%s%s: unknown charset \"%s\": read "
				    "as UTF-8, invalid bytes replaced",
				    s->file, sep, id, unknown);
			else
				warnx("%s%s%s: unknown charset \"%s\" "
				    "ignored: read as %s", s->file, sep, id,
				    unknown, s->page.charset);
			buf_adds(&s->reported, unknown);
			buf_addc(&s->reported, '\0');
		}
	}
	/*
	 * A page taken for UTF-8 by its bytes has no charset to be invalid
	 * in: its repairs are told as those of text are.
	 */
	sniffed = strcmp(s->page.charset_from, "sniff") == 0 &&
	    charset_is_utf8(s->page.charset);
	/* With --strict, as a line of text would: the input ends. */
	if ((s->opt->input_flags & INPUT_STRICT) && (s->page.repairs > 0 ||
	    s->page.nuls > 0 || s->page.nonchars > 0)) {
		/* The document named as its text's lines are. */
		name = buf_cstr(s->where.len > 0 ? &s->where : &s->id);
		if (s->page.repairs > 0 && sniffed)
			warnx("%s: %zu invalid UTF-8 sequence%s", name,
			    s->page.repairs, s->page.repairs == 1 ? "" : "s");
		else if (s->page.repairs > 0)
			warnx("%s: %zu byte%s invalid in its charset (%s)",
			    name, s->page.repairs, s->page.repairs == 1 ?
			    "" : "s", s->page.charset);
		if (s->page.nonchars > 0)
			warnx("%s: %zu character reference%s to no character "
			    "(&#0;, &#xD800;-&#xDFFF;, past &#x10FFFF;)", name,
			    s->page.nonchars, s->page.nonchars == 1 ? "" : "s");
		if (s->page.nuls > 0)
			warnx("%s: %zu NUL byte%s", name, s->page.nuls,
			    s->page.nuls == 1 ? "" : "s");
		s->failed = s->done = 1;
		return 0;
	}
	s->is_page = 1;
	/* Reported with the input's own, as one line for the operand. */
	if (sniffed && s->in != NULL)
		input_repairs_add(s->in, s->page.repairs);
	else if (sniffed)
		s->nbadutf8 += s->page.repairs;
	else
		s->nrepairs += s->page.repairs;
	s->nnonchars += s->page.nonchars;
	s->nnuls += s->page.nuls;
	s->nunclosed += s->page.unclosed_value;
	s->page_text_due = 1;
	s->docpos = 0;
	return 1;
}


/*
 * Hand in, which holds a WARC file or JSON (format), to the reader of
 * that format; file names it in messages and in ids made of its name.
 */
void
source_reader_open(struct source *s, struct input *in, int format, const char *file)
{
	s->format = format;
	s->from = in;
	s->file = file;
	if (format == SOURCE_WARC)
		s->warc = warc_open(in);
	else {
		if (s->nmissing == NULL)
			source_json_setup(s);
		s->jmode = JMODE_UNDECIDED;
		s->wholelines = 0;
	}
}

int
source_reader_next(struct source *s, struct source_document *d)
{
	if (s->format == SOURCE_WARC)
		return source_warc_next(s, d);
	return source_json_next(s, d);
}

/*
 * What the first bytes of in, uncompressed, hold (sniff_content()): at
 * *p, *n of them.  Whether they are all there is, is known when fewer
 * than were asked for came; zeros are looked past further, as only a
 * whole stream of zero blocks is an empty tar.
 */
int
source_content_peek(struct input *in, const char **p, size_t *n)
{
	int whole;

	/*
	 * A byte past what is looked at tells whether there is more; what
	 * is looked at is that much, however much the read buffered, so
	 * that a file and a pipe of the same bytes are judged alike.
	 */
	*p = input_peek(in, SNIFF_SIZE + 1, n);
	whole = *n <= SNIFF_SIZE;
	if (!whole)
		*n = SNIFF_SIZE;
	if (!whole && sniff_zeros(*p, *n) == *n) {
		*p = input_peek(in, SNIFF_ZEROS_MAX + 1, n);
		whole = *n <= SNIFF_ZEROS_MAX;
		if (!whole)
			*n = SNIFF_ZEROS_MAX;
	}
	return sniff_content(*p, *n, whole);
}

ssize_t
source_text_read(void *ctx, void *p, size_t n)
{
	struct source *s = ctx;
	size_t i;

	if (s->page_text_due) {
		buf_clear(&s->text);
		for (i = 0; i < s->page.nblocks; i++) {
			if (i > 0)
				buf_adds(&s->text, "\n\n");
			buf_add(&s->text, s->page.text.data +
			    s->page.blocks[i].text, s->page.blocks[i].textlen);
		}
		s->page_text_due = 0;
	}

	if (n > s->text.len - s->docpos)
		n = s->text.len - s->docpos;
	memcpy(p, s->text.data + s->docpos, n);
	s->docpos += n;
	return (ssize_t)n;
}

/* The format of what s->in holds, by its first bytes. */
static int
sniff(struct source *s)
{
	const char *p;
	size_t n, z;

	switch (source_content_peek(s->in, &p, &n)) {
	case SNIFF_TAR:
		return SOURCE_TAR;
	case SNIFF_TAR_EMPTY:
		return -1;
	case SNIFF_TAR_CUT:
		warnx("%s: unexpected end of file (truncated tar data)",
		    s->name);
		s->failed = 1;
		return -1;
	case SNIFF_ZEROS:
		warnx("%s: not text: only NUL bytes in the first %d bytes",
		    s->name, SNIFF_ZEROS_MAX);
		s->failed = 1;
		return -1;
	case SNIFF_BINARY:
		s->not_text = sniff_binary(p, n);
		return -1;
	case SNIFF_ZIP:
		return SOURCE_ZIP;
	case SNIFF_7Z:
		return SOURCE_7Z;
	case SNIFF_WARC:
		return SOURCE_WARC;
	case SNIFF_JSON:
		return SOURCE_JSONL;
	}
	/* Compressed more times over than source_layers_open() undoes. */
	if (sniff_codec(p, n) != SNIFF_PLAIN) {
		s->not_text = source_too_deep;
		return -1;
	}
	if (html_detect(p, n))
		return SOURCE_HTML;
	/*
	 * Random bytes or a format of no magic number, as a member's; NUL
	 * padding before text is no sign of either.
	 */
	z = sniff_zeros(p, n);
	if (!sniff_text(p + z, n - z)) {
		s->not_text = "binary data";
		return -1;
	}
	return SOURCE_TEXT;
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
	int flags, format;

	s = xcalloc(1, sizeof(*s));
	s->opt = opt;
	s->name = xstrdup(name != NULL ? name : path);
	s->file = s->name;
	if (strcmp(path, "-") == 0)
		s->fd = STDIN_FILENO;
	else if ((s->fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		input_open_warn(path, s->name);
		goto fail;
	} else
		s->close_fd = 1;
	if (input_check_output(s->fd, s->name) == -1)
		goto fail;
	if (fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode)) {
		s->regular = (s->base = lseek(s->fd, 0, SEEK_CUR)) != -1;
		s->have_mtime = 1;
		s->mtime = st.st_mtime;
	}
	if (opt->meta != NULL) {
		s->lists[0] = xstrdup(opt->meta);
		s->nmeta = source_split_names(s->lists[0], &s->meta_names);
	}
	/* An archive named by --format is bytes, whatever its first two. */
	flags = opt->input_flags | (opt->format == SOURCE_TAR ||
	    opt->format == SOURCE_ZIP || opt->format == SOURCE_7Z ?
	    INPUT_BYTES : 0);
	/* Compressed again: read as a stream, never again from the file. */
	s->in = source_layers_open(&s->layers, input_open_fd(s->fd, s->name, flags),
	    s->name, flags);
	input_set_charset(s->in, opt->charset);
	if (s->layers.n > 0)
		s->regular = 0;

	if ((format = opt->format) == SOURCE_AUTO &&
	    (format = sniff(s)) == -1) {
		s->done = 1;
		return s;
	}
	if (format == SOURCE_TAR || format == SOURCE_ZIP ||
	    format == SOURCE_7Z) {
		if (source_archive_open(s, format) == -1)
			goto fail;
		return s;
	}
	s->format = format;
	if (format == SOURCE_WARC || format == SOURCE_JSONL)
		source_reader_open(s, s->in, format, s->name);
	return s;
fail:
	source_close(s);
	return NULL;
}

/*
 * Close the document read before: its repairs are reported with the
 * file's, once per operand; with --strict the line it stopped at ends
 * the operand.
 */
static void
document_close(struct source *s)
{
	if (s->doc != NULL && s->doc != s->in) {
		input_repairs_move(s->in, s->doc);
		if (input_close(s->doc) == -1) {
			s->failed = 1;
			if (s->opt->input_flags & INPUT_STRICT)
				s->done = 1;
		}
	}
	s->doc = NULL;
}

/* The next document: 1, or 0 when there is none left. */
int
source_next(struct source *s, struct source_document *d)
{
	int rc;

	document_close(s);
	s->is_page = 0;
	d->html = NULL;
	if (s->done)
		return 0;
	if (s->archive)
		rc = source_archive_next(s, d);
	else if (s->from != NULL)
		rc = source_reader_next(s, d);
	else if (s->format == SOURCE_HTML) {
		buf_clear(&s->id);
		utf8_id_add(&s->id, s->name, strlen(s->name));
		/* A page the input read as UTF-16 is text already. */
		rc = source_page_read(s, source_stream_read, s->in, NULL,
		    input_utf16(s->in));
		if (rc) {
			source_meta_file(s, s->have_mtime, s->mtime);
			source_document_open(s, d, source_text_read, s);
		}
		s->done = 1;
	} else {
		buf_clear(&s->id);
		utf8_id_add(&s->id, s->name, strlen(s->name));
		source_meta_file(s, s->have_mtime, s->mtime);
		source_document_start(s, d, s->in);
		rc = 1;
		s->done = 1;
	}
	if (rc == 0)
		s->done = 1;
	return rc;
}

/*
 * The binary format (an image, a program, a PDF) the operand was
 * skipped as, or NULL: not text, and not damaged either, so it is left
 * to the caller to say so, and whether that is an error (one operand
 * named, or one of many files found under a directory).
 */
const char *
source_not_text(const struct source *s)
{
	return s->not_text;
}

/* 0, or -1 if anything could not be read. */
int
source_close(struct source *s)
{
	struct buf b = { 0 };
	uint64_t n;
	int failed;
	size_t i;

	if (s == NULL)
		return 0;
	document_close(s);
	warc_close(s->warc);
	if (s->from != NULL && s->from != s->in)
		(void)source_member_close(s, s->from);
	source_layers_close(s, &s->member_layers);
	if (s->ar != NULL) {
		if (archive_reader_failed(s->ar))
			s->failed = 1;
		archive_reader_close(s->ar);
	}
	if (s->in != NULL && input_close(s->in) == -1)
		s->failed = 1;
	source_layers_close(s, &s->layers);
	if (s->close_fd && close(s->fd) == -1) {
		warn("%s", s->name);
		s->failed = 1;
	}
	if ((n = s->binary.total) > 0) {
		kind_tally_say(&s->binary, &b);
		warnx("%s: %" PRIu64 " member%s skipped: not text (%s)",
		    s->name, n, n == 1 ? "" : "s", buf_cstr(&b));
		buf_free(&b);
	}
	if (s->nmissing != NULL)
		source_json_report(s);
	if (s->nnothtml > 0)
		warnx("%s: %" PRIu64 " response record%s skipped: not HTML",
		    s->name, s->nnothtml, s->nnothtml == 1 ? "" : "s");
	if (s->nstatus > 0)
		warnx("%s: %" PRIu64 " response record%s skipped: HTTP status "
		    "not %s (see --http-status)", s->name, s->nstatus,
		    s->nstatus == 1 ? "" : "s", s->opt->http_status != NULL ?
		    s->opt->http_status : "200");
	if ((n = s->nresource_nothtml) > 0)
		warnx("%s: %" PRIu64 " resource record%s skipped: not HTML",
		    s->name, n, n == 1 ? "" : "s");
	if ((n = s->records_binary.total) > 0) {
		kind_tally_say(&s->records_binary, &b);
		warnx("%s: %" PRIu64 " conversion record%s skipped: not text "
		    "(%s)", s->name, n, n == 1 ? "" : "s", buf_cstr(&b));
		buf_free(&b);
	}
	if (s->nbadutf8 > 0)
		warnx("%s: %" PRIu64 " invalid UTF-8 sequence%s replaced "
		    "with U+FFFD", s->name, s->nbadutf8,
		    s->nbadutf8 == 1 ? "" : "s");
	if (s->nrepairs > 0)
		warnx("%s: %" PRIu64 " byte%s of web pages invalid in their "
		    "charset, replaced by U+FFFD", s->name, s->nrepairs,
		    s->nrepairs == 1 ? "" : "s");
	if (s->nnonchars > 0)
		warnx("%s: %" PRIu64 " character reference%s to no character "
		    "(&#0;, &#xD800;-&#xDFFF;, past &#x10FFFF;) in web pages "
		    "replaced by U+FFFD", s->name, s->nnonchars,
		    s->nnonchars == 1 ? "" : "s");
	if (s->nnuls > 0)
		warnx("%s: %" PRIu64 " NUL byte%s in web pages read as "
		    "spaces", s->name, s->nnuls, s->nnuls == 1 ? "" : "s");
	if (s->nunclosed > 0)
		warnx("%s: %" PRIu64 " web page%s ending in a quoted attribute "
		    "value: the markup after its quote gives no text", s->name,
		    s->nunclosed, s->nunclosed == 1 ? "" : "s");
	failed = s->failed;
	free(s->name);
	free(s->member.data);
	buf_free(&s->id);
	buf_free(&s->where);
	buf_free(&s->memberid);
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
